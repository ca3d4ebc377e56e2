"""How fast the public pages are served, beside a static file from the same processes.

A static file served by whitenoise is the most a Python worker can do for a
request: no database, no template. Each page is measured against it, on the
same instance in the same run, so the answer is a ratio that says how much
of a worker's time the page itself takes, and that changes far less from
machine to machine than requests per second do.

It makes a throwaway database (`cyscp_web_bench`) on BENCH_DATABASE_URL's
server (default postgres://postgres@127.0.0.1:5432/postgres), loads the
learning content and invented case reviews into it (10,000 by default),
collects the static files as a deploy does and starts the site under
gunicorn as production runs it: 2 sync workers, DEBUG off, the database pool
on, Redis as the cache. wrk then asks each address in turn, a few seconds
each, over several rounds, so that whatever drifts during the run (the
machine, the database's own caches) hits every address alike. All of that is
done twice: with the page cache on (the default), then on a new instance
with it off (PAGE_CACHE_SECONDS=0), so that every page is built.

    make bench-web                              # 10,000 reviews
    make bench-web BENCH_ARGS=--quick           # a smoke run: 200 reviews, 1 s each
    make bench-web BENCH_ARGS=--write-readme    # and put the figures in bench/README.md

It needs wrk (Debian: apt-get install wrk) and redis-server.
"""

import argparse
import collections
import datetime
import http.client
import json
import os
import re
import secrets
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.servers import app_instance, redis_server  # noqa: E402

PYTHON = str(ROOT / ".venv" / "bin" / "python")
README = ROOT / "bench" / "README.md"
DATABASE = "cyscp_web_bench"
HEADING = "## Web: pages beside a static file"
MANIFEST_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"
# Slow uncached pages queue behind each other on two sync workers; only a
# page that takes this long is counted as failed.
TIMEOUT_SECONDS = 10
# wrk shares the two cores with the site: one thread of it outpaces two
# Python workers many times over, and a second would only take CPU from them.
WRK_THREADS = 1
MARKER = "BENCH-RESULT "

# wrk's summary gives percentiles for one run only, and Debian's wrk cannot
# hand its histogram to a script. So this prints each run's latency at many
# percentiles (in basis points: 5000 is the median), finest in the tail, and
# the rounds are added up as a mixture of those: exact at the grid's points
# for one round, within a grid step for several.
WRK_SCRIPT = r"""
done = function(summary, latency, requests)
  local points = {}
  local function at(basis_points)
    points[#points + 1] = string.format(
      "[%d,%d]", basis_points, latency:percentile(basis_points / 100))
  end
  for bp = 100, 9800, 100 do at(bp) end
  for bp = 9810, 9990, 10 do at(bp) end
  for bp = 9991, 10000 do at(bp) end
  local e = summary.errors
  io.write(string.format(
    '%s{"requests":%d,"duration_us":%d,"errors":{"connect":%d,"read":%d,' ..
    '"write":%d,"status":%d,"timeout":%d},"latency_us":[%s]}\n',
    "BENCH-RESULT ", summary.requests, summary.duration, e.connect, e.read,
    e.write, e.status, e.timeout, table.concat(points, ",")))
end
"""

TARGETS = (
    "Targets: with the page cache on, every page at least **0.7 times** the static\n"
    "file's requests per second; with it off, the case review list at least\n"
    "**0.15 times** and a case review at least **0.3 times**."
)


def say(message):
    print(message, file=sys.stderr, flush=True)


class Failure(Exception):
    """Something the run cannot go on without; said plainly, without a traceback."""


def run(command, environment=None, capture=False):
    result = subprocess.run(  # noqa: S603 (our own arguments)
        command,
        cwd=ROOT,
        env={**os.environ, **(environment or {})},
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise Failure(
            f"{shlex.join(command)} failed (exit {result.returncode}):\n"
            f"{(result.stdout + result.stderr)[-4000:]}"
        )
    return result.stdout if capture else None


def manage(environment, *args, capture=False):
    return run([PYTHON, "manage.py", *args], environment, capture=capture)


def tool(name, install):
    path = shutil.which(name)
    if path is None:
        raise Failure(f"{name} is not installed. {install}")
    return path


def prepare_database(psql, admin_url, environment, case_reviews):
    run([psql, admin_url, "-qc", f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)"])
    run([psql, admin_url, "-qc", f"CREATE DATABASE {DATABASE}"])
    for step in (
        ["migrate", "--no-input"],
        ["load_learning_content"],
        ["generate_demo_content", "--case-reviews", str(case_reviews)],
    ):
        started = time.monotonic()
        manage(environment, *step)
        say(f"  manage.py {shlex.join(step)}: {time.monotonic() - started:.0f} s")
    # What autovacuum does to a live site's tables within minutes: without
    # it, freshly loaded rows have no visibility map and no statistics, and
    # PostgreSQL sorts every review for a list page instead of reading the
    # list's index (18 ms against 1.6 ms for page 250 of 10,000).
    run([psql, environment["DATABASE_URL"], "-qc", "VACUUM ANALYZE"])


def collect_static(environment):
    """The stylesheet's name as pages link to it, from the manifest: a deploy
    runs collectstatic, and production serves the hashed, compressed files."""
    if not (ROOT / "static" / "build" / "main.css").exists():
        raise Failure("static/build/main.css is missing: run `make css` first.")
    manage(environment, "collectstatic", "--no-input")
    manifest = json.loads((Path(environment["STATIC_ROOT"]) / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"]["build/main.css"]


def addresses(environment, static_path):
    """The pages to ask for, with real slugs and a middle page from the database."""
    code = """
import json, math
from django.db.models import Count, Q
from cyscp.models import Theme
from reviews.models import CaseReview
published = CaseReview.objects.published()
total = published.count()
theme = (
    Theme.objects.annotate(n=Count("case_reviews", filter=Q(case_reviews__in=published)))
    .order_by("-n", "slug")
    .first()
)
middle = published.order_by("pk")[total // 2]
print(json.dumps({
    "reviews": total,
    "middle_page": max(1, math.ceil(total / 20) // 2),
    "theme": theme.slug,
    "theme_reviews": theme.n,
    "review": middle.get_absolute_url(),
}))
"""
    found = json.loads(manage(environment, "shell", "-c", code, capture=True).splitlines()[-1])
    if found["reviews"] < 2 or not found["theme_reviews"]:
        raise Failure(f"too little content to measure: {found}")
    say(
        f"  {found['reviews']} published case reviews; theme {found['theme']!r} "
        f"has {found['theme_reviews']}"
    )
    return found, [
        ("static file", static_path),
        ("hub", "/learning/"),
        ("case review list, middle page", f"/learning/case-reviews/?page={found['middle_page']}"),
        ("case review list, one theme", f"/learning/case-reviews/?theme={found['theme']}"),
        ("case review", found["review"]),
        ("theme", f"/learning/themes/{found['theme']}/"),
        ("search", "/search/?q=neglect"),
        ("feed", "/learning/feed/"),
    ]


def check_answers(base, targets):
    """Every address must answer 200 itself (not by a redirect) before it is
    measured: wrk counts a 3xx as a success, and a 404 is quick to serve."""
    parts = urlsplit(base)
    wrong = []
    for name, path in targets:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            body = response.read()
        finally:
            connection.close()
        if response.status != 200 or not body:
            wrong.append(f"{name} {path}: {response.status} {response.reason}")
        elif name == "hub" and targets[0][1].encode() not in body:
            # Otherwise the static file measured is not the one pages use.
            wrong.append(f"hub {path} does not link to {targets[0][1]}")
    if wrong:
        raise Failure("these addresses do not answer as they should:\n  " + "\n  ".join(wrong))


def wrk(binary, script, url, seconds, connections):
    # wrk keeps connections alive as a browser does; gunicorn's sync workers
    # close each one after its answer, so reconnecting is part of every figure.
    command = [
        binary,
        f"--threads={WRK_THREADS}",
        f"--connections={connections}",
        f"--duration={seconds}s",
        f"--timeout={TIMEOUT_SECONDS}s",
        "--header=Accept-Encoding: gzip, deflate, br",
        f"--script={script}",
        url,
    ]
    output = run(command, capture=True)
    line = next((line for line in output.splitlines() if line.startswith(MARKER)), None)
    if line is None:
        raise Failure(f"wrk printed no result for {url}:\n{output}")
    result = json.loads(line.removeprefix(MARKER))
    # When wrk stops, the requests it had sent are still queued in the
    # workers and would be served during the next address's run: a slow
    # page's backlog once took the static file's p99 from 4 ms to 70 ms. No
    # request waited longer than the slowest answer, so neither does the rest.
    time.sleep(result["latency_us"][-1][1] / 1e6 + 0.05)
    return result


class Measured:
    """One address in one mode, added up over the rounds."""

    def __init__(self):
        self.requests = 0
        self.seconds = 0.0
        # (latency µs, weight): each round's share of requests between two of
        # its grid points, placed at the upper one.
        self.latency = []
        self.errors = collections.Counter()

    def add(self, result):
        self.requests += result["requests"]
        self.seconds += result["duration_us"] / 1e6
        below = 0
        for basis_points, value in result["latency_us"]:
            self.latency.append((value, result["requests"] * (basis_points - below)))
            below = basis_points
        self.errors.update({k: v for k, v in result["errors"].items() if v})

    @property
    def rps(self):
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile_ms(self, percent):
        total = sum(weight for _, weight in self.latency)
        if not total:
            return float("nan")
        wanted = total * percent * 100  # in basis points, as the weights are
        seen = 0
        for value, weight in sorted(self.latency):
            seen += weight
            if seen * 10000 >= wanted:
                return value / 1000
        return max(value for value, _ in self.latency) / 1000


def measure(binary, script, base, targets, args):
    results = {name: Measured() for name, _ in targets}
    # Unrecorded: fills the page cache and the pool, and warms the database.
    for _, path in targets:
        wrk(binary, script, base + path, 1, args.connections)
    for round_number in range(args.rounds):
        # Each round starts one address further on, so that no address always
        # follows the same one (a slow page can leave work behind it).
        start = round_number % len(targets)
        for name, path in targets[start:] + targets[:start]:
            results[name].add(wrk(binary, script, base + path, args.seconds, args.connections))
        say(f"  round {round_number + 1} of {args.rounds}")
    return results


def figure(value):
    return f"{value:.2f}" if value < 10 else f"{value:.0f}" if value >= 100 else f"{value:.1f}"


def table(targets, modes):
    columns = ["address"]
    for mode in modes:
        columns += [f"{mode}: req/s", "p50 ms", "p99 ms", "× static"]
    lines = [
        "| " + " | ".join(columns) + " |",
        "| --- |" + " ---: |" * (len(columns) - 1),
    ]
    for name, path in targets:
        cells = [f"{name} `{path}`"]
        for results in modes.values():
            measured, static = results[name], results[targets[0][0]]
            ratio = measured.rps / static.rps if static.rps else float("nan")
            cells += [
                f"{measured.rps:,.0f}",
                figure(measured.percentile_ms(50)),
                figure(measured.percentile_ms(99)),
                f"{ratio:.2f}",
            ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def verdicts(targets, modes):
    warm, cold = modes["cache warm"], modes["cache cold"]
    static = targets[0][0]

    def ratio(results, name):
        return results[name].rps / results[static].rps

    pages = [name for name, _ in targets[1:]]
    slowest = min(pages, key=lambda name: ratio(warm, name))
    checks = [
        (f"cached pages ≥ 0.7× (lowest: {slowest})", ratio(warm, slowest), 0.7),
        (
            "uncached case review list ≥ 0.15×",
            ratio(cold, "case review list, middle page"),
            0.15,
        ),
        ("uncached case review ≥ 0.3×", ratio(cold, "case review"), 0.3),
    ]
    return [
        f"- {text}: {value:.2f}, {'met' if value >= goal else '**not met**'}"
        for text, value, goal in checks
    ]


def machine():
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.MULTILINE)
    memory = re.search(r"^MemTotal:\s*(\d+) kB", Path("/proc/meminfo").read_text(), re.MULTILINE)
    return {
        "cores": len(os.sched_getaffinity(0)),
        "cpu": model.group(1).strip() if model else "unknown CPU",
        "memory": f"{int(memory.group(1)) / 1024**2:.0f} GiB" if memory else "unknown memory",
    }


def section(body):
    return f"""{HEADING}

```sh
make bench-web                               # 10,000 reviews
make bench-web BENCH_ARGS=--quick            # a smoke run: 200 reviews, 1 s, 1 round
make bench-web BENCH_ARGS=--write-readme     # and put the figures here
```

`bench/web.py` makes a throwaway database (`{DATABASE}`) on BENCH_DATABASE_URL's
server, loads the learning content and invented case reviews into it
(`generate_demo_content`, 10,000 by default), collects the static files as a
deploy does and starts the site under gunicorn as production runs it: 2 sync
workers, DEBUG off, the database pool on, Redis as the cache. wrk (Debian:
`apt-get install wrk`) asks each address with 8 connections for a few seconds
at a time, in turn, over several rounds, so that whatever drifts during the
run hits every address alike. All of that is done twice: with the page cache
on (**cache warm**, the default `PAGE_CACHE_SECONDS=600`), and on a new
instance with it off (**cache cold**, `PAGE_CACHE_SECONDS=0`, Redis still
the cache), so that every page is built.

The static file is the compiled stylesheet, served by whitenoise from the
same workers: the most a Python worker can do for a request. Each page is
given as a fraction of it ("× static", in the same mode), which depends far
less on the machine than requests per second do. wrk runs on the same cores
as the site; the sync workers close every connection after its answer, so
each request includes a new connection, for the static file as for the pages.

{TARGETS}

### Figures

{body}
"""


def figures(info, command, targets, modes, found):
    return (
        f"{info['cores']} cores ({info['cpu']}), {info['memory']}, {info['postgres']} on the\n"
        f"same machine, {info['date']}; {found['reviews']:,} published case reviews\n"
        f"(middle page {found['middle_page']}, theme `{found['theme']}` with\n"
        f"{found['theme_reviews']:,} of them):\n\n"
        f"```sh\n{command}\n```\n\n"
        f"{table(targets, modes)}\n\n" + "\n".join(verdicts(targets, modes))
    )


def write_readme(text):
    readme = README.read_text()
    start = readme.find(HEADING + "\n")
    if start == -1:
        readme = readme.rstrip("\n") + "\n\n" + text
    else:
        following = readme.find("\n## ", start + len(HEADING))
        rest = readme[following + 1 :] if following != -1 else ""
        readme = readme[:start] + text + ("\n" + rest if rest else "")
    README.write_text(readme)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--case-reviews", type=int, help="invented case reviews (10000)")
    parser.add_argument("--seconds", type=int, help="per address per round (5)")
    parser.add_argument("--rounds", type=int, help="rounds over every address (4)")
    parser.add_argument("--connections", type=int, default=8, help="open at once (8)")
    parser.add_argument("--keep-database", action="store_true", help=f"do not drop {DATABASE}")
    parser.add_argument(
        "--quick", action="store_true", help="a smoke run: 200 reviews, 1 s, 1 round"
    )
    parser.add_argument(
        "--write-readme", action="store_true", help=f'replace "{HEADING[3:]}" in bench/README.md'
    )
    args = parser.parse_args()
    defaults = (200, 1, 1) if args.quick else (10000, 5, 4)
    for name, default in zip(("case_reviews", "seconds", "rounds"), defaults, strict=True):
        if getattr(args, name) is None:
            setattr(args, name, default)
    if args.quick and args.write_readme:
        parser.error("--quick figures are not for the README; leave out --write-readme")
    if min(args.case_reviews, args.seconds, args.rounds, args.connections) < 1:
        parser.error("--case-reviews, --seconds, --rounds and --connections must be at least 1")

    wrk_binary = tool("wrk", "Debian: apt-get install wrk (package wrk, 4.1.0).")
    psql = tool("psql", "Debian: apt-get install postgresql-client.")
    tool("redis-server", "Debian: apt-get install redis-server.")
    base_url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    parts = urlsplit(base_url)
    admin_url = f"{parts.scheme}://{parts.netloc}/postgres"
    load = os.getloadavg()[0]
    if load > 0.5:
        # Two cores leave no room: a test run beside this one halves the figures.
        say(f"Warning: load average {load:.1f} before starting; something else is running.")
    info = machine()
    info["postgres"] = (
        "PostgreSQL "
        + run([psql, admin_url, "-Atc", "SHOW server_version"], capture=True).split()[0]
    )
    info["date"] = f"{datetime.date.today():%-d %B %Y}"
    command = shlex.join([".venv/bin/python", "bench/web.py", *sys.argv[1:]])

    with tempfile.TemporaryDirectory(prefix="cyscp-web-bench-") as work:
        script = Path(work) / "result.lua"
        script.write_text(WRK_SCRIPT)
        environment = {
            "ENV_FILE": "/dev/null",
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "DATABASE_URL": f"{parts.scheme}://{parts.netloc}/{DATABASE}",
            "STATIC_ROOT": str(Path(work) / "static"),
            # What a deploy serves; app_instance's default serves no static files.
            "STATICFILES_STORAGE": MANIFEST_STORAGE,
        }
        modes = {}
        try:
            say(f"Preparing {DATABASE} with {args.case_reviews} case reviews")
            prepare_database(psql, admin_url, environment, args.case_reviews)
            static_path = collect_static(environment)
            found, targets = addresses(environment, static_path)
            with redis_server() as redis_url:
                for mode, page_cache in (("cache warm", "600"), ("cache cold", "0")):
                    say(
                        f"Measuring {mode}: {args.rounds} round(s) of {args.seconds} s "
                        f"per address, {args.connections} connections"
                    )
                    with app_instance(
                        ROOT,
                        workers=2,
                        threads=1,
                        CACHE_URL=redis_url,
                        PAGE_CACHE_SECONDS=page_cache,
                        **environment,
                    ) as base:
                        check_answers(base, targets)
                        modes[mode] = measure(wrk_binary, script, base, targets, args)
        except Failure as failure:
            say(f"\nbench/web.py: {failure}")
            sys.exit(1)
        finally:
            if args.keep_database:
                say(f"Kept the database {DATABASE}.")
            else:
                run([psql, admin_url, "-qc", f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)"])

    text = figures(info, command, targets, modes, found)
    print()
    print(text)
    errors = [
        f"{mode}, {name}: "
        + ", ".join(f"{count} {kind}" for kind, count in sorted(results[name].errors.items()))
        for mode, results in modes.items()
        for name, _ in targets
        if results[name].errors
    ]
    if errors:
        # A non-2xx answer or a timeout makes that address's figures meaningless.
        print("\nErrors during the measurement (status: an answer other than 2xx/3xx):")
        print("\n".join(f"- {line}" for line in errors))
        sys.exit(1)
    if args.write_readme:
        write_readme(section(text))
        say(f"Wrote the figures to {README.relative_to(ROOT)}.")


if __name__ == "__main__":
    main()
