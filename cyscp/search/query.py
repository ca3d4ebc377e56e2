"""What a reader typed in the search box: cleaned, checked and read once.

The syntax is the web-search syntax PostgreSQL's websearch_to_tsquery reads
("quoted phrases", -exclusions, or); both engines, and the "Did you mean"
suggestions, work from the one ParsedQuery this module makes.
"""

import re
from dataclasses import dataclass

MAX_QUERY_LENGTH = 200

TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')


class QueryError(ValueError):
    """A search a reader typed that cannot be run; the message says why."""


@dataclass(frozen=True)
class ParsedQuery:
    """A search read the way websearch_to_tsquery reads it. Each term is a
    tuple of words (a phrase, or a single word); every clause must match, and
    a clause matches when any of its terms does ("or" joins terms into one
    clause)."""

    text: str  # the cleaned search, as PostgreSQL's full-text search reads it
    clauses: tuple[tuple[tuple[str, ...], ...], ...]
    excluded: tuple[tuple[str, ...], ...]

    @property
    def words(self) -> list[str]:
        """The words the reader is looking for, without the ones left out."""
        return [word for clause in self.clauses for term in clause for word in term]


def without_control_characters(raw: str | None) -> str:
    # Control characters (a NUL breaks PostgreSQL) are never meaningful here.
    return re.sub(r"[\x00-\x1f\x7f]", " ", raw or "")


def shown_in_the_box(raw: str | None) -> str:
    """What the reader typed, to show again in the search box: long enough to
    correct a search that was too long, never a page of text."""
    return without_control_characters(raw)[: MAX_QUERY_LENGTH * 2]


def read_query(raw: str | None) -> ParsedQuery:
    """The reader's search, cleaned and parsed; QueryError says what is wrong."""
    text = re.sub(r"\s+", " ", without_control_characters(raw)).strip()
    if not text:
        raise QueryError("Enter a word or phrase to search for.")
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(
            f"Your search is {len(text)} characters long. Use fewer words: "
            f"searches can be up to {MAX_QUERY_LENGTH} characters."
        )
    parsed = parse_query(text)
    if not parsed.words:
        raise QueryError(
            "Enter a word or phrase to search for. A minus sign only leaves words out."
        )
    return parsed


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
    return ParsedQuery(text, tuple(map(tuple, clauses)), tuple(excluded))
