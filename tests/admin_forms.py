"""Read an admin form the way a browser would send it."""

from html.parser import HTMLParser


class _FormValues(HTMLParser):
    """What the browser would send for the admin's change form, as it stands."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data, self.in_form, self.select, self.textarea = {}, False, None, None

    def add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("id") or "").endswith("_form"):
            self.in_form = True
        if not self.in_form or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "file", "button"):
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.add(name, attrs.get("value", "on"))
                return
            self.add(name, attrs.get("value", ""))
        elif tag == "select":
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.add(self.select, attrs.get("value", ""))
        elif tag == "textarea":
            self.textarea = name
            self.add(name, "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea][-1] += data.removeprefix("\n")


def form_values(response) -> dict:
    assert response.status_code == 200
    parser = _FormValues()
    parser.feed(response.content.decode())
    return parser.data
