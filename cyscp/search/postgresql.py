"""Full-text search on PostgreSQL, over each table's generated
`search_vector` column (see cyscp.search_migrations): English stemming, the
web-search syntax, ranked by weight (title above summary above body), with
highlighted snippets and trigram "Did you mean" suggestions."""

from html import unescape

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
    TrigramWordSimilarity,
)
from django.db import connection, transaction
from django.db.models import F, Func, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Concat
from django.utils.html import escape
from django.utils.safestring import mark_safe

from cyscp.search_migrations import COLUMN

from .base import Engine, KindSearch, Result

SNIPPET_START, SNIPPET_STOP = "\x02", "\x03"  # never in text; become <mark> after escaping
SUGGESTION_THRESHOLD = 0.5


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


def highlight_markers(text: str) -> str:
    # The text is stored HTML with its tags removed: decode its entities
    # (&amp;, &lt;) once, then escape it all for the page.
    html = escape(unescape(text)).replace(SNIPPET_START, "<mark>").replace(SNIPPET_STOP, "</mark>")
    return mark_safe(html)  # noqa: S308  (escaped first; only <mark> added)


class PostgresqlKindSearch(KindSearch):
    def __init__(self, kind, parsed):
        super().__init__(kind, parsed)
        self.snippet_fields = [*kind.search_fields.get("B", ()), *kind.search_fields.get("C", ())]
        self.query = SearchQuery(parsed.text, search_type="websearch", config="english")

    def queryset(self):
        table = self.kind.model._meta.db_table
        # Names from our own models and migration, never from the reader.
        vector = RawSQL(f'"{table}"."{COLUMN}"', (), output_field=SearchVectorField())  # noqa: S611
        return (
            self.published()
            .annotate(search=vector)
            .filter(search=self.query)
            .annotate(rank=SearchRank(vector, self.query))
            .order_by("-rank", "-published_at")
        )

    def fetch_count(self) -> int:
        return self.queryset().count()

    def fetch_top(self, n: int) -> list[Result]:
        # Rank the matches by id alone first: sorting narrow rows is far cheaper
        # than sorting whole records, and only the best n need their text.
        ranked = self._ranked(n)
        if not ranked:
            return []
        # With the related rows that the kind's cards need.
        items = self.kind.published().filter(pk__in=[pk for pk, _ in ranked])
        if self.snippet_fields:
            items = items.annotate(snippet=self._headline())
        by_pk = {item.pk: item for item in items}
        return [
            Result(self.kind, by_pk[pk], float(rank or 0), self._snippet(by_pk[pk]))
            for pk, rank in ranked
            if pk in by_pk
        ]

    def _snippet(self, item) -> str:
        return highlight_markers(item.snippet or "") if self.snippet_fields else ""

    def _ranked(self, n: int) -> list[tuple[int, float]]:
        """The ids and ranks of the best n matches, counting all of them on the way.

        One pass over the matches serves both the count and the ranking: a
        broad search ("domestic abuse") matches half the reviews, and reading
        them twice, once to count and once to rank, doubled its time.
        """
        matches = self.queryset().order_by().values_list("pk", "rank", "published_at")
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


class PostgresqlEngine(Engine):
    kind_search = PostgresqlKindSearch

    def only_common_words(self, parsed) -> bool:
        """True when PostgreSQL's English dictionary drops every word ("the",
        "of the"): nothing can match, and no suggestion would help."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT numnode(websearch_to_tsquery('english', %s))", [parsed.text])
            return cursor.fetchone()[0] == 0

    def suggestions(self, parsed, searched, limit: int = 3) -> list[str]:
        """Titles close to what was typed, for "Did you mean".

        Only the words the reader wants count: a word they left out (-infants)
        must not bring back titles that have it. The `<%` operator (word
        similarity above pg_trgm.word_similarity_threshold, set for this query
        only) can use the trigram index on each title; a comparison with the
        similarity itself would read every title.
        """
        wanted = " ".join(parsed.words)
        if not wanted:
            return []
        found = []
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)",
                [str(SUGGESTION_THRESHOLD)],
            )
            for kind in searched:
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
