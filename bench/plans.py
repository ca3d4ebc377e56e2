"""Query plans of the public lists and finders, at a given size of library.

    .venv/bin/python bench/plans.py --database-url postgres://postgres@127.0.0.1:5432/cyscp_plans
    .venv/bin/python bench/plans.py --database-url sqlite:////tmp/plans.sqlite3

The database must already hold the content (`migrate`, `load_learning_content`
and `generate_demo_content --case-reviews N`). Each page below is requested
through Django's test client, as a visitor who is not signed in, with the
page cache off; every query the page makes is captured and explained:
`EXPLAIN (ANALYZE, BUFFERS)` on PostgreSQL, `EXPLAIN QUERY PLAN` on SQLite.
The plans go to `bench/plans/<database>-<reviews>.txt`, with, on
PostgreSQL, the database's own execution time of each query and of each
page. What to look for: an index walked in the list's order with a LIMIT
(no sort of every row, no DISTINCT, no scan of the text columns), counts
from an index, and the same number of queries at every size.
"""

import argparse
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cyscp.settings")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "bench-plans-" + "x" * 50)
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
# The pages' queries are the subject, not the static files' manifest.
os.environ.setdefault(
    "STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage"
)
os.environ["PAGE_CACHE_SECONDS"] = "0"


def pages(theme: str, review: str, middle: int) -> dict[str, str]:
    return {
        "case review list": "/learning/case-reviews/",
        "case review list, middle page": f"/learning/case-reviews/?page={middle}",
        "case review list, one theme": f"/learning/case-reviews/?theme={theme}",
        "case review list, review type": "/learning/case-reviews/?type=scr",
        "case review list, year": "/learning/case-reviews/?year=2024",
        "case review": f"/learning/case-reviews/{review}/",
        "theme page": f"/learning/themes/{theme}/",
        "hub": "/learning/",
        "site feed": "/learning/feed/",
        "theme feed": f"/learning/themes/{theme}/feed/",
        "sitemap index": "/sitemap.xml",
        "sitemap, case reviews, page 1": "/sitemap-case-reviews.xml",
        "sitemap, case reviews, last page": "/sitemap-case-reviews.xml?p=LAST",
        "search": "/search/?q=neglect",
    }


def explain(connection, sql: str) -> tuple[str, float | None]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            lines = [row[0] for row in cursor.fetchall()]
            took = next(
                (
                    float(m[1])
                    for line in lines
                    if (m := re.search(r"Execution Time: ([\d.]+)", line))
                ),
                None,
            )
            return "\n".join(lines), took
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return "\n".join(f"{row[0]}|{row[1]}| {row[3]}" for row in cursor.fetchall()), None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url

    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from cyscp import sitemaps
    from cyscp.models import Theme
    from reviews.models import CaseReview

    reviews = CaseReview.objects.published().count()
    theme = Theme.objects.filter(slug="neglect").first() or Theme.objects.first()
    review = (
        CaseReview.objects.published().order_by("pk").values_list("slug", flat=True)[reviews // 2]
    )
    middle = max(1, reviews // 20 // 2)
    last = max(1, -(-reviews // sitemaps.SECTION_LIMIT))
    client = Client()
    out = ROOT / "bench" / "plans" / f"{connection.vendor}-{reviews}.txt"
    out.parent.mkdir(exist_ok=True)
    summary = []
    with out.open("w") as report:
        report.write(
            f"Query plans on {connection.vendor}, {reviews} published case reviews.\n"
            f"Command: .venv/bin/python bench/plans.py --database-url <{connection.vendor}>\n\n"
        )
        for name, address in pages(theme.slug, review, middle).items():
            address = address.replace("LAST", str(last))
            # The first visitor after a change: nothing remembered.
            cache.clear()
            with CaptureQueriesContext(connection) as first:
                client.get(address)
            first_ms = sum(explain(connection, q["sql"])[1] or 0 for q in first)
            # Every visitor after: counts and choices remembered for the
            # content version (the page itself is not kept: the page cache
            # is off here, as for signed-in staff).
            with CaptureQueriesContext(connection) as captured:
                response = client.get(address)
            if response.status_code != 200:
                raise SystemExit(f"{address} answered {response.status_code}")
            total = 0.0
            report.write(f"{'=' * 78}\n{name}: {address} ({len(captured)} queries)\n{'=' * 78}\n")
            for number, query in enumerate(captured, 1):
                plan, took = explain(connection, query["sql"])
                total += took or 0
                report.write(f"\n-- query {number}\n{query['sql'][:2000]}\n\n{plan}\n")
            summary.append((name, address, len(first), first_ms, len(captured), total))
            report.write("\n")
        report.write(f"{'=' * 78}\nSummary\n")
        report.write(
            f"  {'page':36} {'first visitor after a change':>30}   {'every visitor after':>24}\n"
        )
        for name, _address, first_count, first_ms, count, total in summary:
            if connection.vendor == "postgresql":
                report.write(
                    f"  {name:36} {first_count:8} queries {first_ms:9.2f} ms"
                    f"   {count:6} queries {total:9.2f} ms\n"
                )
            else:
                report.write(f"  {name:36} {first_count:8} queries   {count:6} queries\n")
    print(out.read_text().split("Summary\n")[1])
    print(f"Plans written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
