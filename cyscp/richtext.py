"""Rich text that staff write, cleaned with nh3 before it is stored.

Cleaning on save (not on display) means the database never holds markup that
could run script in a visitor's browser, whoever or whatever wrote the row:
the admin, the content loader or a data migration.
"""

import re

import nh3
from django.db import models
from django.utils.html import conditional_escape, linebreaks

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "ul", "ol", "li", "a", "strong", "em", "b", "i",
    "blockquote", "abbr", "table", "thead", "tbody", "tr", "th", "td", "caption",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "abbr": {"title"}, "th": {"scope"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}

# Text with none of these is plain text (perhaps with a link or bold word in
# it): its blank lines are paragraphs and its line breaks are kept.
BLOCK_TAG = re.compile(r"<\s*(p|br|h[2-4]|ul|ol|li|blockquote|table)\b", re.IGNORECASE)

HELP_TEXT = (
    "Leave a blank line between paragraphs. For lists, headings and links, "
    'you can write simple HTML: <p>, <ul><li>, <h2>, <a href="...">, <strong>.'
)


def clean_html(html: str) -> str:
    html = (html or "").strip()
    if html and not BLOCK_TAG.search(html):
        # Staff typing into the admin write paragraphs, not markup; without this
        # their lines would run together on the page. nh3 escapes what follows.
        html = linebreaks(html, autoescape=False)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    ).strip()


class RichTextField(models.TextField):
    """A TextField whose HTML is sanitised every time the model is saved."""

    def pre_save(self, model_instance, add):
        value = clean_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        # Said on the form rather than in the field's help_text, so the
        # guidance can change without a migration.
        # The admin prints help text as HTML: the tags named in the guidance
        # must be shown as text, or they would become markup in the form.
        field = super().formfield(**kwargs)
        field.help_text = " ".join(
            filter(None, [conditional_escape(field.help_text), conditional_escape(HELP_TEXT)])
        )
        return field
