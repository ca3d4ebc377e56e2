from django.urls import NoReverseMatch, reverse

from . import registry


def navigation():
    """The site's sections, in header order: each kind's list, then themes.
    A section appears once its route exists, so the header never links to a
    page that does not."""
    sections = [(kind.navigation, kind.list_url_name) for kind in registry.all_kinds()]
    return [(title, name) for title, name in sections if title] + [("Themes", "theme_list")]


class NavigationItem:
    def __init__(self, title, url, active):
        self.title, self.url, self.active = title, url, active


def _url_or_none(name):
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def site(request):
    links = [(title, url) for title, name in navigation() if (url := _url_or_none(name))]
    # The most specific address that starts the current path is the active one,
    # so /learning/ is not active on /learning/case-reviews/.
    path = getattr(request, "path", "")
    matches = [url for _, url in links if path.startswith(url)]
    current = max(matches, key=len, default=None)
    return {
        "site_navigation": [NavigationItem(t, u, u == current) for t, u in links],
        "search_url": _url_or_none("search"),
        "canonical_url": canonical_url(request),
        "feed_url": _url_or_none("feed"),
        # “case reviews, …, JTAI guides and Learning Masterclasses”, for the
        # pages that say what the site holds.
        "learning_in_text": registry.described(),
    }


def canonical_url(request):
    """The page's own address on the host the request came in on: filters
    and tracking parameters dropped, the page number kept."""
    if not hasattr(request, "build_absolute_uri"):
        return ""
    url = request.build_absolute_uri(request.path)
    page = request.GET.get("page", "")
    if page.isdigit() and page != "1":
        url += f"?page={page}"
    return url
