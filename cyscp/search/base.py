"""What every search engine gives the search page, and the merging of its
kinds' results into one ranked list."""

from dataclasses import dataclass

from cyscp import registry

from .query import ParsedQuery


@dataclass
class Result:
    kind: registry.ContentKind
    item: object
    rank: float
    snippet: str

    @property
    def url(self):
        return self.item.get_absolute_url()

    @property
    def title(self):
        return self.item.heading


class KindSearch:
    """One kind's matches for one query, ranked best first. Each engine says
    how to count and fetch them; the answers are kept, because the page asks
    for the same count and the same top results more than once."""

    def __init__(self, kind: registry.ContentKind, parsed: ParsedQuery):
        self.kind = kind
        self.parsed = parsed
        self._total: int | None = None
        self._top: dict[int, list[Result]] = {}

    def published(self):
        return self.kind.published()

    def count(self) -> int:
        if self._total is None:
            self._total = self.fetch_count()
        return self._total

    def top(self, n: int) -> list[Result]:
        """The best n, best first (an engine may learn the count on the way)."""
        if n not in self._top:
            self._top[n] = self.fetch_top(n)
        return self._top[n]

    def fetch_count(self) -> int:
        raise NotImplementedError

    def fetch_top(self, n: int) -> list[Result]:
        raise NotImplementedError


class Engine:
    """A way of searching: one KindSearch per kind, and the help a reader
    gets when nothing matches. An engine that cannot help says so."""

    kind_search = KindSearch

    def only_common_words(self, parsed: ParsedQuery) -> bool:
        """True when every word is too common to search for."""
        return False

    def suggestions(
        self, parsed: ParsedQuery, searched: list[registry.ContentKind], limit: int = 3
    ) -> list[str]:
        """Titles close to what was typed, for "Did you mean"."""
        return []


class MergedResults:
    """Every kind's results as one ranked sequence, for Django's Paginator.

    Fetching page p needs only the top p × page-size of each kind: anything
    lower in its own kind cannot be in the top p × page-size overall.
    """

    def __init__(self, searches: list[KindSearch], counts: dict[str, int], *, fetch: int):
        self.searches = [s for s in searches if counts.get(s.kind.key)]
        self.total = sum(counts.get(s.kind.key, 0) for s in self.searches)
        # How many of each kind to fetch: the page's end, so every slice the
        # paginator takes for this page is served by the same (cached) fetch.
        self.fetch = fetch

    def __len__(self):
        return self.total

    def count(self):
        return self.total

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        stop = index.stop if index.stop is not None else self.total
        merged = [r for s in self.searches for r in s.top(max(stop, self.fetch))]
        merged.sort(key=lambda r: r.rank, reverse=True)
        return merged[index]
