"""Search benchmark: indexed full-text search against an unindexed icontains
search, over the same 100,000 invented case reviews on PostgreSQL.

    make bench                      # or: .venv/bin/python bench/search.py --help

It makes a throwaway database (cyscp_bench by default) beside the one in
DATABASE_URL, migrates it, fills it, times both searches for the same
realistic queries, prints the figures and drops the database again. The
indexed search is timed through the search page's own query code
(cyscp.search.postgresql.PostgresqlKindSearch): the number of results plus the first page of 20,
ranked, with snippets. The baseline asks the same of icontains over the
same fields. Target: the indexed search at least 20 times faster at the
95th percentile.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cyscp.settings")
os.environ.setdefault("DEBUG", "true")

TARGET = 20.0
PAGE = 20

# What reviews are about. Each review takes two to four themes, the common
# ones (domestic abuse, neglect, parental mental health) far more often than
# the rare ones, as in published reviews; each theme brings its sentences.
THEMES = {
    "bruising": (
        8,
        [
            "The baby had bruising to the face that was not explained.",
            "Bruising in a non-mobile infant should always be treated as a safeguarding concern.",
            "A skeletal survey later found an older fracture.",
        ],
    ),
    "domestic abuse": (
        30,
        [
            "Domestic abuse by the mother's partner was known to the police.",
            "The police had attended several domestic abuse incidents at the home.",
            "The risk assessment after the last incident was graded as standard.",
        ],
    ),
    "neglect": (
        25,
        [
            "The family lived with neglect over several years.",
            "Home conditions were poor and the children were often hungry at school.",
            "Missed health appointments were recorded but not followed up.",
        ],
    ),
    "exploitation": (
        6,
        [
            "The young person was criminally exploited and carried drugs across county lines.",
            "He was repeatedly missing from home and found in another town.",
        ],
    ),
    "sexual exploitation": (
        4,
        [
            "Child sexual exploitation was suspected after she was seen with older men.",
            "Return home interviews were not completed after she went missing.",
        ],
    ),
    "home education": (
        3,
        [
            "The child was electively home educated and not seen by any professional for months.",
        ],
    ),
    "mental health": (
        22,
        [
            "Parental mental health difficulties affected the care the children received.",
            "The mother's depression was known to her GP but not shared.",
        ],
    ),
    "substance misuse": (
        15,
        [
            "Substance misuse by both parents meant the toddler was left unsupervised.",
            "The father's alcohol use increased after he lost his job.",
        ],
    ),
    "sudden infant death": (
        5,
        [
            "The baby died while co-sleeping with a parent who had been drinking.",
            "Safer sleep advice had not been repeated after the family moved.",
        ],
    ),
    "fabricated illness": (
        1,
        [
            "Fabricated or induced illness was considered only late, after many admissions.",
        ],
    ),
    "suicide": (
        5,
        [
            "The teenager died by suspected suicide after a period of self-harm.",
            "The school knew about the self-harm but the referral was not accepted.",
        ],
    ),
    "youth violence": (
        4,
        [
            "The boy was stabbed after months of concerns about his safety in the community.",
        ],
    ),
    "disability": (
        5,
        [
            "The child had a disability and complex health needs.",
            "Her voice was not heard in assessments because she did not use speech.",
        ],
    ),
    "private fostering": (
        1,
        [
            "A private fostering arrangement was never notified to children's services.",
        ],
    ),
    "online abuse": (
        3,
        [
            "Online sexual abuse began through a gaming platform.",
        ],
    ),
    "fgm": (1, ["Female genital mutilation was a risk that the midwife identified."]),
    "young carer": (2, ["The young carer's own needs were overlooked."]),
    "radicalisation": (1, ["Radicalisation concerns were referred through Prevent."]),
}
# Practice language found in every kind of review.
GENERIC = [
    "Practitioners from several agencies were involved with the family.",
    "Information sharing between agencies was weak and nobody held the whole picture.",
    "Professional curiosity was lacking: explanations were accepted without checking them.",
    "The child protection plan ended before change had lasted.",
    "Records did not follow the family when they moved between local authorities.",
    "Escalation procedures were not used when agencies disagreed about the level of risk.",
    "No one asked who else lived in the home, and the father was invisible to services.",
    "The health visitor saw the family regularly and noticed the changes.",
    "Assessments focused on the parents and the child's daily life was not understood.",
    "Supervision gave practitioners little time to reflect on the case.",
    "The strategy discussion did not include health or education.",
    "Agencies worked hard with the family and there was good practice too.",
    "The review spoke with practitioners, managers and the family.",
    "Thresholds were applied differently by different teams.",
    "The early help assessment was not updated when circumstances changed.",
]
RECOMMENDATIONS = [
    "The partnership should test how well agencies share information at the front door.",
    "Training should help practitioners ask about every adult in the household.",
    "Agencies should check that escalation procedures are known and used.",
    "Supervision should include time to reflect on the child's lived experience.",
]
QUERIES = [
    "bruising", "non-mobile infant", '"non-mobile infant"', "domestic abuse", "neglect",
    "exploitation", "county lines", "missing from home", "home educated", "co-sleeping",
    "safer sleep", "fabricated illness", "suicide", "self-harm", "stabbed", "disability",
    "private fostering", "substance misuse", "online abuse", "gaming platform", "fracture",
    "genital mutilation", "young carer", "radicalisation", "prevent", "depression",
    "neglect -school", "bruising or fracture", "mental health alcohol", "hungry", "drugs",
    "sexual exploitation", "police domestic abuse", "skeletal survey", "midwife", "alcohol",
]  # fmt: skip
WORDS = ["Learning", "Review", "Case", "Lessons", "Practice", "Serious", "Incident", "Family"]


def create_database(url, name):
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(url, name):
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def paragraph(rng, sentences):
    return "<p>" + " ".join(sentences) + "</p>"


def fill(rows, rng):
    from django.utils import timezone

    from cyscp.models import Partnership
    from reviews.models import AgeBand, CaseReview, ReviewType

    york, _ = Partnership.objects.get_or_create(slug="bench", defaults={"name": "Bench SCP"})
    published = timezone.now() - timezone.timedelta(days=1)
    names = list(THEMES)
    weights = [THEMES[name][0] for name in names]
    batch = []
    for n in range(rows):
        themes = set(rng.choices(names, weights=weights, k=rng.randint(2, 4)))
        theme_text = [line for name in themes for line in THEMES[name][1]]
        rng.shuffle(theme_text)
        batch.append(
            CaseReview(
                title=f"{rng.choice(WORDS)} {rng.choice(WORDS)} {n}: {theme_text[0][:60]}",
                slug=f"bench-{n}",
                child_pseudonym=f"Child {n}",
                review_type=rng.choice(ReviewType.values),
                partnership=york,
                publication_date=published.date(),
                age_band=rng.choice(AgeBand.values),
                incident_summary=paragraph(rng, theme_text[:2] + rng.sample(GENERIC, 2)),
                background="".join(paragraph(rng, rng.sample(GENERIC, 4)) for _ in range(3)),
                learning="".join(
                    paragraph(rng, theme_text[2:] + rng.sample(GENERIC, 4)) for _ in range(3)
                ),
                recommendations=paragraph(rng, RECOMMENDATIONS),
                review_method="Systems review",
                report_url="https://reports.example.org/bench.pdf",
                status="published",
                published_at=published,
            )
        )
        if len(batch) == 5000:
            CaseReview.objects.bulk_create(batch)
            batch = []
    CaseReview.objects.bulk_create(batch)


def icontains_search(text):
    """The same question asked the slow way: every word somewhere in the fields."""
    from django.db.models import Q

    from reviews.models import CaseReview

    fields = ["title", "child_pseudonym", "incident_summary", "background", "learning",
              "recommendations", "review_method"]  # fmt: skip
    queryset = CaseReview.objects.published().select_related("partnership")
    phrase = text.strip('"') if text.startswith('"') else None
    terms = [phrase] if phrase else [w for w in text.split() if w != "or"]
    anywhere = Q()
    for term in terms:
        exclude = term.startswith("-")
        term = term.lstrip("-")
        match = Q()
        for name in fields:
            match |= Q(**{f"{name}__icontains": term})
        if exclude:
            queryset = queryset.exclude(match)
        elif " or " in text:
            anywhere |= match
        else:
            queryset = queryset.filter(match)
    if " or " in text:
        queryset = queryset.filter(anywhere)
    queryset = queryset.order_by("-published_at")
    return queryset.count(), list(queryset[:PAGE])


def indexed_search(kind, text):
    from cyscp.search.postgresql import PostgresqlKindSearch
    from cyscp.search.query import read_query

    # As the search page does: the first page's fetch brings the count with it.
    search = PostgresqlKindSearch(kind, read_query(text))
    results = search.top(PAGE)
    return search.count(), results


def timed(fn, *args):
    start = time.perf_counter()
    fn(*args)
    return (time.perf_counter() - start) * 1000


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--database", default="cyscp_bench", help="throwaway database name")
    parser.add_argument(
        "--server",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
        help="a PostgreSQL database on the server to make the throwaway one from",
    )
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    if args.rows < 1 or args.queries < 1:
        parser.error("--rows and --queries must be at least 1")

    base, _, _ = args.server.rpartition("/")
    os.environ["DATABASE_URL"] = f"{base}/{args.database}"
    try:
        create_database(args.server, args.database)
    except Exception as exc:  # noqa: BLE001  (report any connection problem plainly)
        sys.exit(f"Cannot make the benchmark database on {args.server}: {exc}")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from cyscp import registry

    try:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        rng = random.Random(2026)  # noqa: S311  (repeatable invented data)
        fill(args.rows, rng)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        print(f"Filled {args.rows:,} case reviews in {time.perf_counter() - started:.0f} s.")

        kind = registry.get("case-reviews")
        queries = [rng.choice(QUERIES) for _ in range(args.queries)]
        for text in QUERIES:  # warm both paths once, outside the timings
            indexed_search(kind, text)
            icontains_search(text)
        indexed = [timed(indexed_search, kind, q) for q in queries]
        baseline = [timed(icontains_search, q) for q in queries]
    finally:
        connection.close()
        if not args.keep:
            drop_database(args.server, args.database)

    rows = [
        ("indexed full-text", statistics.median(indexed), percentile(indexed, 0.95)),
        ("icontains, no index", statistics.median(baseline), percentile(baseline, 0.95)),
    ]
    print(f"{args.queries} queries over {args.rows:,} case reviews (count + first {PAGE}):")
    print(f"  {'search':<22}{'median ms':>12}{'p95 ms':>12}")
    for name, median, p95 in rows:
        print(f"  {name:<22}{median:>12.1f}{p95:>12.1f}")
    speedup = rows[1][2] / rows[0][2]
    print(f"Indexed search is {speedup:.1f} times faster at the 95th percentile "
          f"(target {TARGET:.0f}).")  # fmt: skip
    return 0 if speedup >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
