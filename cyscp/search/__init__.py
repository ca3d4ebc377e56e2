"""Searching everything the site publishes: one call, `run()`, for the
search page.

The reader's search is cleaned and parsed once (cyscp.search.query), then
given to the engine for the database in use: full-text search on PostgreSQL
(cyscp.search.postgresql), whole-word matching on SQLite
(cyscp.search.sqlite). Each kind is searched on its own and the results are
merged by rank, so a page of mixed results needs only the top few of each kind.
"""

from dataclasses import dataclass, field

from django.core.paginator import InvalidPage, Page, Paginator
from django.db import connection
from django.http import Http404

from cyscp import registry

from .base import Engine, MergedResults
from .postgresql import PostgresqlEngine
from .query import MAX_QUERY_LENGTH, QueryError, read_query, shown_in_the_box
from .sqlite import SqliteEngine

__all__ = ["MAX_QUERY_LENGTH", "SearchOutcome", "engine", "run", "searchable_kinds"]


@dataclass
class SearchOutcome:
    """Everything the search page shows for one request."""

    query: str = ""  # what the reader typed, to show again in the search box
    text: str = ""  # the search that ran, cleaned; empty when none ran
    problem: str = ""  # why the search could not run (empty, too long, only -words)
    page: Page | None = None
    total: int = 0  # matches of every kind
    shown: int = 0  # matches of the chosen kind, or of every kind
    kind_counts: list[tuple[registry.ContentKind, int]] = field(default_factory=list)
    chosen_kind: registry.ContentKind | None = None
    kind_error: str = ""
    suggestions: list[str] = field(default_factory=list)
    common_words: bool = False

    def as_context(self) -> dict:
        """The outcome under the names the search template uses."""
        return {
            "query": self.query,
            "text": self.text,
            "error": self.problem,
            "page_obj": self.page,
            "results": self.page.object_list if self.page else [],
            "total": self.total,
            "shown": self.shown,
            "kind_counts": self.kind_counts,
            "chosen_kind": self.chosen_kind,
            "kind_error": self.kind_error,
            "suggestions": self.suggestions,
            "common_words": self.common_words,
        }


def searchable_kinds() -> list[registry.ContentKind]:
    found = [k for k in registry.all_kinds() if k.search_fields]
    # Learning first; hub sections (the site's own prose) last.
    return sorted(found, key=lambda k: not k.is_learning)


def engine() -> Engine:
    return PostgresqlEngine() if connection.vendor == "postgresql" else SqliteEngine()


def run(
    query_text: str | None,
    kind_key: str | None = None,
    page_number: str | int | None = None,
    *,
    per_page: int = 20,
) -> SearchOutcome:
    """Search for what the reader typed, narrowed to one kind if they chose
    one, and return one page of results. No search (None) is the empty search
    page; a search that cannot run comes back with the problem to show. A page
    number that is not a number, or past the last page, raises Http404."""
    outcome = SearchOutcome(query=shown_in_the_box(query_text))
    if query_text is None:
        return outcome  # the empty search page: no message yet
    try:
        parsed = read_query(query_text)
    except QueryError as exc:
        outcome.problem = str(exc)
        return outcome
    outcome.text = parsed.text

    searching = engine()
    searches = [searching.kind_search(kind, parsed) for kind in searchable_kinds()]
    chosen = next((s for s in searches if kind_key and s.kind.key == kind_key), None)
    if kind_key and chosen is None:
        outcome.kind_error = f"There is no kind of learning called “{kind_key[:50]}”."
    selected = [chosen] if chosen else searches

    try:
        number = 1 if page_number in (None, "") else int(page_number)
    except ValueError:
        raise Http404("No such page of results.") from None
    if number == 1:
        # The first page's fetch also counts each kind it searches.
        for kind_search in selected:
            kind_search.top(per_page)
    counts = {s.kind.key: s.count() for s in searches}

    paginator = Paginator(MergedResults(selected, counts, fetch=number * per_page), per_page)
    try:
        outcome.page = paginator.page(number)
    except InvalidPage:
        raise Http404("No such page of results.") from None

    outcome.total = sum(counts.values())
    outcome.shown = paginator.count
    outcome.chosen_kind = chosen.kind if chosen else None
    outcome.kind_counts = [(s.kind, counts[s.kind.key]) for s in searches if counts[s.kind.key]]
    if outcome.total == 0:
        if searching.only_common_words(parsed):
            outcome.common_words = True
        else:
            outcome.suggestions = searching.suggestions(parsed, [s.kind for s in searches])
    return outcome
