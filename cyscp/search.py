"""Searching everything the site publishes.

On PostgreSQL: full-text search over each table's generated `search_vector`
column (see cyscp.search_migrations), English stemming, web-search syntax
("quoted phrases", -exclusions, or), ranked by weight (title above summary
above body), with highlighted snippets and trigram "Did you mean"
suggestions. On SQLite: the same syntax, matched as whole words and phrases
in the title or the summary; simpler, but it finds the same obvious things.

Each kind is searched on its own and the results are merged by rank, so a
page of mixed results needs only the top few of each kind.
"""

import re
from dataclasses import dataclass
from html import unescape

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
    TrigramWordSimilarity,
)
from django.db import connection, transaction
from django.db.models import F, Func, Q, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Concat
from django.utils.html import escape
from django.utils.safestring import mark_safe

from . import registry
from .search_migrations import COLUMN

MAX_QUERY_LENGTH = 200
SNIPPET_START, SNIPPET_STOP = "\x02", "\x03"  # never in text; become <mark> after escaping
SUGGESTION_THRESHOLD = 0.5


class QueryError(ValueError):
    """A search a reader typed that cannot be run; the message says why."""


def without_control_characters(raw: str | None) -> str:
    # Control characters (a NUL breaks PostgreSQL) are never meaningful here.
    return re.sub(r"[\x00-\x1f\x7f]", " ", raw or "")


def clean_query(raw: str | None) -> str:
    text = re.sub(r"\s+", " ", without_control_characters(raw)).strip()
    if not text:
        raise QueryError("Enter a word or phrase to search for.")
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(
            f"Your search is {len(text)} characters long. Use fewer words: "
            f"searches can be up to {MAX_QUERY_LENGTH} characters."
        )
    if not parse_query(text).words:
        raise QueryError(
            "Enter a word or phrase to search for. A minus sign only leaves words out."
        )
    return text


@dataclass
class ParsedQuery:
    """Web-search syntax read the way PostgreSQL's websearch_to_tsquery reads
    it, for the SQLite fallback and for suggestions. Each term is a tuple of
    words (a phrase, or a single word); every clause must match, and a clause
    matches when any of its terms does ("or" joins terms into one clause)."""

    clauses: list[list[tuple[str, ...]]]
    excluded: list[tuple[str, ...]]

    @property
    def words(self) -> list[str]:
        """The words the reader is looking for, without the ones left out."""
        return [word for clause in self.clauses for term in clause for word in term]


TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')


def parse_query(text: str) -> ParsedQuery:
    clauses, excluded, join_next = [], [], False
    for match in TOKEN.finditer(text):
        minus, content = (match[1], match[2]) if match[2] is not None else (match[3], match[4])
        if not minus and match[2] is None and content.lower() == "or":
            join_next = bool(clauses)
            continue
        term = tuple(re.findall(r"\w+", content))
        if not term:
            continue
        if minus:
            excluded.append(term)
        elif join_next:
            clauses[-1].append(term)
        else:
            clauses.append([term])
        join_next = False
    return ParsedQuery(clauses, excluded)


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


def searchable_kinds() -> list[registry.ContentKind]:
    found = [k for k in registry.all_kinds() if k.search_fields]
    # Learning first; hub sections (the site's own prose) last.
    return sorted(found, key=lambda k: not k.is_learning)


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _plain(field_names):
    """The fields' text without HTML tags, for snippets."""
    parts = []
    for name in field_names:
        untagged = Func(
            Coalesce(F(name), Value(""), output_field=TextField()),
            Value("<[^>]+>"),
            Value(" "),
            Value("g"),
            function="regexp_replace",
            output_field=TextField(),
        )
        parts += [untagged, Value(" ")]
    return Concat(*parts, output_field=TextField())


class KindSearch:
    """One kind's matches for one query, ranked best first."""

    def __init__(self, kind: registry.ContentKind, text: str):
        self.kind = kind
        self.text = text
        self.snippet_fields = [*kind.search_fields.get("B", ()), *kind.search_fields.get("C", ())]
        self.query = SearchQuery(text, search_type="websearch", config="english")
        # Read once: the SQLite fallback, its ranking and every snippet use it.
        self.parsed = parse_query(text)
        self._total: int | None = None
        self._top: dict[int, list[Result]] = {}

    def queryset(self):
        base = self.kind.model.objects.published()
        if self.kind.select_related:
            base = base.select_related(*self.kind.select_related)
        if is_postgresql():
            query = self.query
            table = self.kind.model._meta.db_table
            # Names from our own models and migration, never from the reader.
            vector = RawSQL(f'"{table}"."{COLUMN}"', (), output_field=SearchVectorField())  # noqa: S611
            return (
                base.annotate(search=vector)
                .filter(search=query)
                .annotate(rank=SearchRank(vector, query))
                .order_by("-rank", "-published_at")
            )
        return self._sqlite_queryset(base)

    def _sqlite_queryset(self, base):
        parsed = self.parsed
        if not parsed.clauses:
            return base.none()
        fields = [self.kind.search_fields["A"][0], *self.kind.search_fields.get("B", ())]

        def anywhere(term):
            # Whole words, in order, with only spaces or punctuation between.
            pattern = r"\b" + r"\W+".join(map(re.escape, term)) + r"\b"
            match = Q()
            for name in fields:
                match |= Q(**{f"{name}__iregex": pattern})
            return match

        for clause in parsed.clauses:
            either = Q()
            for term in clause:
                either |= anywhere(term)
            base = base.filter(either)
        for term in parsed.excluded:
            base = base.exclude(anywhere(term))
        return base.order_by("-published_at")

    def count(self) -> int:
        if self._total is None:
            self._total = self.queryset().count()
        return self._total

    def top(self, n: int) -> list[Result]:
        """The best n, best first; on PostgreSQL the total comes with them."""
        if n not in self._top:
            queryset = self.queryset()
            if is_postgresql():
                self._top[n] = self._postgresql_top(queryset, n)
            else:
                self._top[n] = self._sqlite_top(queryset, n)
        return self._top[n]

    def _ranked(self, queryset, n: int) -> list[tuple[int, float]]:
        """The ids and ranks of the best n matches, counting all of them on the way.

        One pass over the matches serves both the count and the ranking: a
        broad search ("domestic abuse") matches half the reviews, and reading
        them twice, once to count and once to rank, doubled its time.
        """
        matches = queryset.order_by().values_list("pk", "rank", "published_at")
        inner, params = matches.query.sql_with_params()
        # The inner query is Django's own SQL, with the reader's words as
        # parameters; its columns are named after the values_list() fields.
        sql = (
            f"WITH matches AS MATERIALIZED ({inner}) "  # noqa: S608
            "SELECT (SELECT count(*) FROM matches), matches.pk, matches.rank FROM matches "
            "ORDER BY matches.rank DESC, matches.published_at DESC LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, n])
            rows = cursor.fetchall()
        if rows:
            self._total = rows[0][0]
        elif n > 0:
            self._total = 0
        return [(pk, rank) for _, pk, rank in rows]

    def _postgresql_top(self, queryset, n: int) -> list[Result]:
        # Rank the matches by id alone first: sorting narrow rows is far cheaper
        # than sorting whole records, and only the best n need their text.
        ranked = self._ranked(queryset, n)
        if not ranked:
            return []
        items = self.kind.model.objects.filter(pk__in=[pk for pk, _ in ranked])
        if self.kind.select_related:
            items = items.select_related(*self.kind.select_related)
        if self.snippet_fields:
            items = items.annotate(snippet=self._headline())
        by_pk = {item.pk: item for item in items}
        return [
            Result(self.kind, by_pk[pk], float(rank or 0), self._snippet(by_pk[pk]))
            for pk, rank in ranked
            if pk in by_pk
        ]

    def _headline(self):
        return SearchHeadline(
            _plain(self.snippet_fields),
            self.query,
            config="english",
            start_sel=SNIPPET_START,
            stop_sel=SNIPPET_STOP,
            max_words=35,
            min_words=15,
            max_fragments=2,
            fragment_delimiter=" … ",
        )

    def _sqlite_top(self, queryset, n):
        # Rank in Python: a word in the title counts more than one in the summary.
        words = [w.lower() for w in self.parsed.words]
        title = self.kind.search_fields["A"][0]
        results = []
        for item in queryset:
            title_words = set(re.findall(r"\w+", (getattr(item, title) or "").lower()))
            rank = sum(1.0 if w in title_words else 0.1 for w in words)
            results.append(Result(self.kind, item, rank, self._snippet(item)))
        results.sort(key=lambda r: r.rank, reverse=True)
        return results[:n]

    def _snippet(self, item) -> str:
        if hasattr(item, "snippet"):
            return highlight_markers(item.snippet or "")
        # SQLite: the start of the summary, with the words marked.
        text = " ".join(
            re.sub(r"<[^>]+>", " ", getattr(item, name) or "") for name in self.snippet_fields[:1]
        )
        text = re.sub(r"\s+", " ", unescape(text)).strip()
        words = text.split(" ")
        text = " ".join(words[:35]) + (" …" if len(words) > 35 else "")
        words = sorted(set(self.parsed.words), key=len, reverse=True)
        if not words:
            return escape(text)
        # Mark the words in the plain text, escaping each piece, so a word
        # can never land inside an escaped character such as &amp;.
        found = re.compile(r"\b(" + "|".join(map(re.escape, words)) + r")\b", re.IGNORECASE)
        pieces, last = [], 0
        for match in found.finditer(text):
            pieces += [escape(text[last : match.start()]), f"<mark>{escape(match[0])}</mark>"]
            last = match.end()
        pieces.append(escape(text[last:]))
        return mark_safe("".join(pieces))  # noqa: S308  (every piece escaped)


def highlight_markers(text: str) -> str:
    # The text is stored HTML with its tags removed: decode its entities
    # (&amp;, &lt;) once, then escape it all for the page.
    html = escape(unescape(text)).replace(SNIPPET_START, "<mark>").replace(SNIPPET_STOP, "</mark>")
    return mark_safe(html)  # noqa: S308  (escaped first; only <mark> added)


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


def only_common_words(text: str) -> bool:
    """True when PostgreSQL's English dictionary drops every word ("the", "of
    the"): nothing can match, and no suggestion would help."""
    if not is_postgresql():
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT numnode(websearch_to_tsquery('english', %s))", [text])
        return cursor.fetchone()[0] == 0


def suggestions(text: str, limit: int = 3) -> list[str]:
    """Titles close to what was typed, for "Did you mean" (PostgreSQL only).

    Only the words the reader wants count: a word they left out (-infants)
    must not bring back titles that have it. The `<%` operator (word
    similarity above pg_trgm.word_similarity_threshold, set for this query
    only) can use the trigram index on each title; a comparison with the
    similarity itself would read every title.
    """
    wanted = " ".join(parse_query(text).words)
    if not is_postgresql() or not wanted:
        return []
    found = []
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)",
            [str(SUGGESTION_THRESHOLD)],
        )
        for kind in searchable_kinds():
            title = kind.search_fields["A"][0]
            rows = (
                kind.model.objects.published()
                .filter(**{f"{title}__trigram_word_similar": wanted})
                .annotate(similarity=TrigramWordSimilarity(wanted, title))
                .order_by("-similarity")
                .values_list(title, "similarity")[:limit]
            )
            found += list(rows)
    found.sort(key=lambda row: row[1], reverse=True)
    titles = []
    for title, _ in found:
        if title not in titles:
            titles.append(title)
    return titles[:limit]
