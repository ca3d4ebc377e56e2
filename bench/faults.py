"""What visitors see when a service fails, with two instances under load.

Runs two gunicorn instances of a checkout (this one by default) on one
PostgreSQL (through a TCP proxy the script controls), one Redis and one
S3-compatible server (moto), all on loopback, under a steady load of public
pages, document downloads and a signed-in member of staff. Then, one at a
time, it causes each fault and counts the answers:

- database restart: every database connection is cut at once;
- database down for 30 s: connections refused, then back;
- Redis down for 10 s;
- object storage down for 10 s (documents only; pages should stay up).

For each it prints how many requests got a 500, how many a 503, and how long
after the fault ended until every answer was right again ("recovery").

    .venv/bin/python bench/faults.py                      # this checkout
    .venv/bin/python bench/faults.py --checkout /tmp/old  # another release's code

It makes (and drops) a database `cyscp_faults` on BENCH_DATABASE_URL's
server (default postgres://postgres@127.0.0.1:5432/postgres).
"""

import argparse
import collections
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.servers import (  # noqa: E402
    TcpProxy,
    app_instance,
    free_port,
    s3_storages,
    wait_for_port,
)

PYTHON = str(ROOT / ".venv" / "bin" / "python")
PASSWORD = "bench-password-long-enough"


class Redis:
    """A Redis on a fixed port that can be stopped and started again."""

    def __init__(self):
        self.port = free_port()
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""],
            stdout=subprocess.DEVNULL,
        )
        wait_for_port(self.port, self.process)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


class S3:
    """moto's server on a fixed port; its data outlives a stop (it is kept
    in this process)."""

    def __init__(self):
        self.port = free_port()
        self.server = None

    def start(self):
        from moto.server import ThreadedMotoServer

        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)
        self.server.start()
        wait_for_port(self.port)

    def stop(self):
        self.server.stop()


def manage(checkout, environment, *args):
    subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=checkout,
        env={**os.environ, **environment},
        check=True,
        stdout=subprocess.DEVNULL,
    )


def prepare_database(base_url, checkout, environment):
    parts = urlsplit(base_url)
    admin = f"{parts.scheme}://{parts.netloc}/postgres"
    subprocess.run(["psql", admin, "-qc", "DROP DATABASE IF EXISTS cyscp_faults"], check=True)
    subprocess.run(["psql", admin, "-qc", "CREATE DATABASE cyscp_faults"], check=True)
    manage(checkout, environment, "migrate", "--no-input")
    manage(checkout, environment, "generate_demo_content", "--case-reviews", "30")
    manage(
        checkout,
        environment,
        "shell",
        "-c",
        "from django.contrib.auth import get_user_model; "
        f"get_user_model().objects.create_superuser('bench', 'b@example.test', '{PASSWORD}')",
    )


def addresses(checkout, environment):
    """A few public pages and a published document, read from the database."""
    out = subprocess.run(
        [
            PYTHON,
            "manage.py",
            "shell",
            "-c",
            "from reviews.models import CaseReview; from cyscp.models import Document\n"
            "from cyscp import registry\n"
            "print(CaseReview.objects.published().first().get_absolute_url())\n"
            "print(next(d for d in Document.objects.all() if d.is_public()).get_absolute_url())",
        ],
        cwd=checkout,
        env={**os.environ, **environment},
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    review, document = out[-2], out[-1]
    return {
        "pages": ["/learning/", "/learning/case-reviews/", review, "/learning/briefings/"],
        "document": document,
    }


def sign_in(base):
    session = requests.Session()
    page = session.get(f"{base}/admin/login/", timeout=10)
    token = page.text.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    session.post(
        f"{base}/admin/login/?next=/admin/",
        data={"username": "bench", "password": PASSWORD, "csrfmiddlewaretoken": token},
        timeout=10,
    )
    return session


class Load:
    """Requests in a loop from a few threads, to both instances; each answer
    is kept as (time, what was asked, status)."""

    def __init__(self, instances, targets, staff, threads=4):
        self.instances, self.targets, self.staff = instances, targets, staff
        self.answers = []
        self.running = True
        self.threads = [
            threading.Thread(target=self.run, args=(n,), daemon=True) for n in range(threads)
        ]

    def run(self, number):
        session = requests.Session()
        asks = [*((page, "page") for page in self.targets["pages"])]
        asks += [(self.targets["document"], "document"), ("/admin/", "staff")]
        turn = number
        while self.running:
            base = self.instances[turn % len(self.instances)]
            path, what = asks[turn % len(asks)]
            turn += 1
            client = self.staff if what == "staff" else session
            try:
                status = client.get(f"{base}{path}", timeout=15, allow_redirects=False).status_code
            except requests.RequestException:
                status = "no answer"
            self.answers.append((time.monotonic(), what, status))
            time.sleep(0.02)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.running = False
        for thread in self.threads:
            thread.join(timeout=20)


def scenario(load, name, fault, heal, down_for):
    time.sleep(3)
    start = len(load.answers)
    began = time.monotonic()
    fault()
    time.sleep(down_for)
    heal()
    healed = time.monotonic()
    time.sleep(10)
    answers = load.answers[start:]
    counts = collections.Counter(status for _, _, status in answers)
    # Recovery: from the fault's end until the last wrong answer.
    wrong = [t for t, what, status in answers if status != 200]
    recovery = max(0.0, max(wrong) - healed) if wrong else 0.0
    return {
        "scenario": name,
        "requests": len(answers),
        "500": counts.get(500, 0),
        "503": counts.get(503, 0),
        "no answer": counts.get("no answer", 0),
        "pages 200 while down": sum(
            1 for t, what, s in answers if began <= t <= healed and what == "page" and s == 200
        ),
        "recovery s": round(recovery, 1),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--checkout", type=Path, default=ROOT)
    parser.add_argument("--database-down", type=float, default=30)
    parser.add_argument(
        "--storage",
        choices=["s3", "disk"],
        default="s3",
        help="disk for a release that cannot use object storage (each instance its own)",
    )
    args = parser.parse_args()
    base_url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    parts = urlsplit(base_url)
    proxy = TcpProxy(parts.port or 5432, parts.hostname or "127.0.0.1").start()
    redis, s3 = Redis(), S3()
    redis.start()
    s3.start()
    storage = s3_storages(f"http://127.0.0.1:{s3.port}", "bench-documents")["default"]["OPTIONS"]
    environment = {
        "DEBUG": "false",
        "SECRET_KEY": "bench-" + "k" * 60,
        "ALLOWED_HOSTS": "127.0.0.1",
        "ENV_FILE": "/dev/null",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "DATABASE_URL": f"{parts.scheme}://{parts.netloc.rsplit(':', 1)[0]}"
        f":{proxy.port}/cyscp_faults",
        "CACHE_URL": f"redis://127.0.0.1:{redis.port}/0",
        "MEDIA_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": storage["bucket_name"],
        "AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{s3.port}",
        "AWS_S3_REGION_NAME": "eu-west-2",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "MEDIA_ROOT": "/tmp/cyscp-faults-media",
    }
    if args.storage == "disk":
        environment["MEDIA_STORAGE"] = "django.core.files.storage.FileSystemStorage"
    prepare_database(base_url, args.checkout, environment)
    targets = addresses(args.checkout, environment)
    results = []
    try:
        with (
            app_instance(args.checkout, **environment) as one,
            app_instance(args.checkout, **environment) as two,
        ):
            staff = sign_in(one)
            with Load([one, two], targets, staff) as load:
                results.append(scenario(load, "database restart", proxy.drop, lambda: None, 0))
                results.append(
                    scenario(
                        load,
                        f"database down {args.database_down:.0f} s",
                        proxy.stop,
                        proxy.start,
                        args.database_down,
                    )
                )
                results.append(scenario(load, "Redis down 10 s", redis.stop, redis.start, 10))
                if args.storage == "s3":
                    results.append(
                        scenario(load, "object storage down 10 s", s3.stop, s3.start, 10)
                    )
    finally:
        proxy.stop()
        redis.stop()
    columns = [
        "scenario",
        "requests",
        "500",
        "503",
        "no answer",
        "pages 200 while down",
        "recovery s",
    ]
    print("| " + " | ".join(columns) + " |")
    print("| " + " | ".join("---" for _ in columns) + " |")
    for row in results:
        print("| " + " | ".join(str(row[column]) for column in columns) + " |")


if __name__ == "__main__":
    main()
