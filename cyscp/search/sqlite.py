"""The search on SQLite, which has no full-text search of its own here: the
same web-search syntax, matched as whole words and phrases in the title or
the summary, ranked in Python. Simpler, but it finds the same obvious things."""

import re
from html import unescape

from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .base import Engine, KindSearch, Result

SNIPPET_WORDS = 35


class SqliteKindSearch(KindSearch):
    def queryset(self):
        items = self.published()
        if not self.parsed.clauses:
            return items.none()
        fields = [self.kind.search_fields["A"][0], *self.kind.search_fields.get("B", ())]

        def anywhere(term):
            # Whole words, in order, with only spaces or punctuation between.
            pattern = r"\b" + r"\W+".join(map(re.escape, term)) + r"\b"
            match = Q()
            for name in fields:
                match |= Q(**{f"{name}__iregex": pattern})
            return match

        for clause in self.parsed.clauses:
            either = Q()
            for term in clause:
                either |= anywhere(term)
            items = items.filter(either)
        for term in self.parsed.excluded:
            items = items.exclude(anywhere(term))
        return items.order_by("-published_at")

    def fetch_count(self) -> int:
        return self.queryset().count()

    def fetch_top(self, n: int) -> list[Result]:
        # Rank in Python: a word in the title counts more than one in the summary.
        words = [w.lower() for w in self.parsed.words]
        title = self.kind.search_fields["A"][0]
        results = []
        for item in self.queryset():
            title_words = set(re.findall(r"\w+", (getattr(item, title) or "").lower()))
            rank = sum(1.0 if w in title_words else 0.1 for w in words)
            results.append(Result(self.kind, item, rank, self._snippet(item)))
        results.sort(key=lambda r: r.rank, reverse=True)
        return results[:n]

    def _snippet(self, item) -> str:
        """The start of the summary, with the words marked."""
        summary = self.kind.search_fields.get("B") or self.kind.search_fields.get("C") or ()
        text = " ".join(re.sub(r"<[^>]+>", " ", getattr(item, name) or "") for name in summary[:1])
        text = re.sub(r"\s+", " ", unescape(text)).strip()
        words = text.split(" ")
        text = " ".join(words[:SNIPPET_WORDS]) + (" …" if len(words) > SNIPPET_WORDS else "")
        wanted = sorted(set(self.parsed.words), key=len, reverse=True)
        if not wanted:
            return escape(text)
        # Mark the words in the plain text, escaping each piece, so a word
        # can never land inside an escaped character such as &amp;.
        found = re.compile(r"\b(" + "|".join(map(re.escape, wanted)) + r")\b", re.IGNORECASE)
        pieces, last = [], 0
        for match in found.finditer(text):
            pieces += [escape(text[last : match.start()]), f"<mark>{escape(match[0])}</mark>"]
            last = match.end()
        pieces.append(escape(text[last:]))
        return mark_safe("".join(pieces))  # noqa: S308  (every piece escaped)


class SqliteEngine(Engine):
    """No dictionary of common words and no trigrams on SQLite: the base
    engine's answers (nothing to say) stand."""

    kind_search = SqliteKindSearch
