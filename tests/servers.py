"""Real services for the tests, started on loopback by the tests themselves
and stopped after: CI has nothing running but PostgreSQL."""

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process=None, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server on port {port} stopped: exit {process.returncode}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing answered on port {port} in {seconds} s")


@contextmanager
def redis_server():
    """A Redis that keeps nothing on disk; yields its URL."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("redis-server is not installed (Debian: apt-get install redis-server)")
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 (our own arguments)
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, process)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextmanager
def s3_server():
    """moto's S3-compatible server, in this process, on loopback; yields its
    address. Other processes (app instances in the tests) reach it too."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        wait_for_port(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


def s3_storages(endpoint: str, bucket: str) -> dict:
    """STORAGES with the documents in `bucket` at `endpoint`, made if new."""
    import boto3

    from cyscp.services import S3_STORAGE, s3_options

    credentials = {"access_key": "testing", "secret_key": "testing", "region_name": "eu-west-2"}
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="eu-west-2",
    )
    existing = {found["Name"] for found in client.list_buckets().get("Buckets", [])}
    if bucket not in existing:
        client.create_bucket(
            Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"}
        )
    return {
        "default": {
            "BACKEND": S3_STORAGE,
            "OPTIONS": s3_options(
                bucket_name=bucket, endpoint_url=endpoint, timeout=3, **credentials
            ),
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


class TcpProxy:
    """A TCP proxy on loopback in front of a server (the database), for
    faults a test can cause: `drop()` cuts every connection, as a restart or
    failover does; `stop()` refuses new ones too, as a database that is down;
    `start()` lets them through again."""

    def __init__(self, target_port: int, target_host: str = "127.0.0.1"):
        self.target = (target_host, target_port)
        self.port = free_port()
        self.listener = None
        self.connections: list[socket.socket] = []
        self.lock = threading.Lock()

    def start(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()
        return self

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # stopped
            try:
                server = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self.lock:
                if listener is not self.listener:  # stopped meanwhile
                    client.close()
                    server.close()
                    continue
                self.connections += [client, server]
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)
                end.close()

    def drop(self):
        with self.lock:
            connections, self.connections = self.connections, []
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
            connection.close()

    def stop(self):
        with self.lock:
            listener, self.listener = self.listener, None
        if listener is not None:
            listener.close()
        self.drop()


ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def app_instance(checkout=ROOT, *, workers=1, threads=4, **environment):
    """The site under gunicorn, as production runs it (DEBUG off, the pool
    on), in its own process; yields its base address. `environment` adds to
    and overrides the settings from the environment; `checkout` is the code
    it runs (another release's, for a benchmark), with this one's virtualenv.
    `threads=1` gives gunicorn's sync workers."""
    port = free_port()
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", ""),
        "ENV_FILE": "/dev/null",
        "DJANGO_SETTINGS_MODULE": "cyscp.settings",
        "DEBUG": "false",
        "SECRET_KEY": "instance-tests-" + "k" * 60,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        # Pages name static files; these instances serve none.
        "STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "SCHEDULED_CHANGES_CHECK_SECONDS": "0",
        **environment,
    }
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed when the instance stops)
    process = subprocess.Popen(  # noqa: S603 (our own arguments)
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "cyscp.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--timeout",
            "30",
        ],
        cwd=checkout,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_port(port, process, seconds=30)
        yield f"http://127.0.0.1:{port}"
    except BaseException:
        # What the instance said, in the failed test's output.
        log.seek(0)
        print(log.read().decode(errors="replace")[-8000:])
        raise
    finally:
        log.close()
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@contextmanager
def sentry_collector():
    """An HTTP server that takes what a Sentry SDK sends (envelopes) and
    keeps the payloads; yields (DSN, list of payload bytes)."""
    import gzip
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    received: list[bytes] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if self.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            received.append(body)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://publickey@127.0.0.1:{server.server_port}/1", received
    finally:
        server.shutdown()
        server.server_close()
