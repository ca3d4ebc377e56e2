// Django's autocomplete widgets (Select2) draw a combobox, and for several
// choices a search box, that are not tied to the field's label, so screen
// readers announce them without a name (WCAG 4.1.2). Tie each to its label,
// again whenever Select2 redraws them (it replaces the search box as choices
// change, and inline rows add new widgets).
(function () {
  "use strict";

  function labelFor(select) {
    var label = document.querySelector('label[for="' + select.id + '"]');
    if (!label) return null;
    if (!label.id) label.id = select.id + "-label";
    return label.id;
  }

  function nameWidgets() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var container = select.nextElementSibling;
      var labelId = select.id && labelFor(select);
      if (!labelId || !container || !container.classList.contains("select2")) return;
      container
        .querySelectorAll('[role="combobox"], [role="textbox"], .select2-search__field')
        .forEach(function (element) {
          if (element.getAttribute("aria-labelledby") !== labelId) {
            element.setAttribute("aria-labelledby", labelId);
          }
        });
    });
  }

  function start() {
    nameWidgets();
    new MutationObserver(nameWidgets).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
