"""Page metadata: the description, Open Graph tags and schema.org JSON-LD."""

import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from cyscp import page_cache
from cyscp.formatting import uk_date_time
from cyscp.models import PendingChange
from cyscp.text import plain

register = template.Library()

# Characters that could end the script element or start markup, escaped the
# way Django's json_script does.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter(name="uk_date_time")
def uk_date_time_filter(moment):
    """{{ item.published_at|uk_date_time }}: “Tuesday 4 March 2031, 9:30am”."""
    return uk_date_time(moment)


@register.filter
def plain_text(markup, words=40):
    """{{ summary|plain_text:40 }}: rich text as a short plain summary."""
    return plain(str(markup or ""), words=int(words))


@register.inclusion_tag("includes/page_meta.html", takes_context=True)
def page_meta(context, title, description="", type="website"):
    return {
        "title": title,
        "description": plain(str(description), words=40),
        "type": type,
        "canonical_url": context.get("canonical_url", ""),
    }


@register.simple_tag(takes_context=True)
def structured_data(context, item):
    """JSON-LD for an item whose model describes itself (structured_data())."""
    request = context.get("request")
    if request is None or not hasattr(item, "structured_data"):
        return ""
    data = json.dumps(item.structured_data(request), ensure_ascii=False).translate(_JSON_ESCAPES)
    # A data block, which the CSP does not govern: no nonce, so the page can
    # be cached whole.
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(data),  # noqa: S308  (escaped for a script element above)
    )


@register.simple_tag
def waiting_for_approval():
    """{% waiting_for_approval as count %}: submissions waiting for a publisher."""
    return PendingChange.objects.filter(state=PendingChange.State.SUBMITTED).count()


@register.simple_tag
def page_numbers(page_obj) -> list[int | None]:
    """GOV.UK's pagination: the first and last pages, the current page and
    its neighbours, and None for each gap (an ellipsis). Never a loop over
    every page, so page 5,000 of a large library costs what page 1 does."""
    last = page_obj.paginator.num_pages
    current = page_obj.number
    shown = sorted({1, last, *range(max(1, current - 1), min(last, current + 1) + 1)})
    numbers: list[int | None] = []
    for number in shown:
        if numbers and number - numbers[-1] == 2:
            numbers.append(number - 1)  # a gap of one page shows the page
        elif numbers and number - numbers[-1] > 2:
            numbers.append(None)
        numbers.append(number)
    return numbers


class FragmentNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist, self.name = nodelist, name

    def render(self, context):
        # A node's output goes into the page as it is (it is not escaped again).
        return page_cache.fragment(
            context.get("request"),
            self.name.resolve(context),
            lambda: str(self.nodelist.render(context)),
        )


@register.tag
def fragment(parser, token):
    """{% fragment "theme-page" %}...{% endfragment %}: what is inside is kept
    for each content version and address, for visitors who are not signed in
    (cyscp.page_cache.fragment). Only for what depends on nothing but the
    content and the address: no form with a CSRF token, nothing per visitor."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% fragment %} takes one name")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, parser.compile_filter(bits[1]))
