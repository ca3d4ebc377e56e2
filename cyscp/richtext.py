"""Rich text that staff write, cleaned with nh3 before it is stored.

Cleaning on save (not on display) means the database never holds markup that
could run script in a visitor's browser, whoever or whatever wrote the row:
the admin, the content loader or a data migration.
"""

import re

import nh3
from django.db import models
from django.utils.html import conditional_escape, linebreaks
from django_prose_editor.fields import ProseEditorFormField
from django_prose_editor.widgets import (
    AdminProseEditorWidget,
    prose_editor_admin_media,
    prose_editor_js,
)
from js_asset import Media, Script

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "ul", "ol", "li", "a", "strong", "em", "b", "i",
    "blockquote", "abbr", "table", "thead", "tbody", "tr", "th", "td", "caption",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "th": {"scope"},
    # The editor's numbered-list settings: where the count starts, and 1/a/i.
    "ol": {"start", "type"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}

# Text with none of these is plain text (perhaps with a link or bold word in
# it): its blank lines are paragraphs and its line breaks are kept.
BLOCK_TAG = re.compile(r"<\s*(p|br|h[2-4]|ul|ol|li|blockquote|table)\b", re.IGNORECASE)

# What staff can make in the editor: a subset of ALLOWED_TAGS, so nothing the
# editor produces is lost on save. The sanitiser also keeps older markup
# (tables, quotes, abbreviations) that existing content may hold.
EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    # The page's own title is the h1, so sections start at h2.
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    # Shift+Enter line breaks, and the <br> that older content holds.
    "HardBreak": True,
    # Internal pages are linked by their address (/learning/...); renamed
    # items answer 301 from the old address, so the link keeps working.
    "Link": {"enableTarget": False, "protocols": sorted(ALLOWED_URL_SCHEMES)},
    "History": True,
}

HELP_TEXT = (
    "Use the toolbar for headings, bold, italic, lists and links. "
    "To link to a page or file on this site, type words from its title in the link's URL "
    "box and choose it from the list, or paste its address."
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


class RichTextEditorWidget(AdminProseEditorWidget):
    """The editor with this site's start-up script and stylesheet.

    Every file is static and the import map carries the CSP nonce the admin
    gives its form media, so the editor runs with no 'unsafe-inline'.
    """

    @property
    def media(self):
        return prose_editor_admin_media + Media(
            css={"all": ["cyscp/rich-text-editor.css"]},
            js=[prose_editor_js, Script("cyscp/rich-text-editor.js", type="module")],
        )


class RichTextFormField(ProseEditorFormField):
    def __init__(self, *args, **kwargs):
        # The admin asks for its plain textarea; every rich-text field gets the
        # editor instead, started by rich-text-editor.js.
        kwargs["widget"] = RichTextEditorWidget
        kwargs["preset"] = "cyscp"
        super().__init__(*args, **kwargs)


class RichTextField(models.TextField):
    """A TextField whose HTML is sanitised every time the model is saved."""

    def pre_save(self, model_instance, add):
        value = clean_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        # One place gives every rich-text field in the admin the same editor.
        # The form cleans with clean_html too, so a form shown again after an
        # error holds what will be stored.
        field = super().formfield(
            **{
                "form_class": RichTextFormField,
                "config": {"extensions": EDITOR_EXTENSIONS},
                "sanitize": clean_html,
                **kwargs,
            }
        )
        # Said on the form rather than in the field's help_text, so the
        # guidance can change without a migration. The admin prints help text
        # as HTML, so both parts are escaped.
        field.help_text = " ".join(
            filter(None, [conditional_escape(field.help_text), conditional_escape(HELP_TEXT)])
        )
        return field
