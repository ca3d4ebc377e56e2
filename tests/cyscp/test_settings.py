"""The settings as an operator meets them: each case starts a fresh Python
process with only the environment given, as gunicorn or manage.py would."""

import json
import os
import re
import subprocess
import sys

from django.conf import settings

PRINT_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
db = settings.DATABASES["default"]
pool = db.get("OPTIONS", {}).get("pool") or {}
print(json.dumps({
    "debug": settings.DEBUG,
    "engine": db["ENGINE"],
    "name": str(db["NAME"]),
    "host": db.get("HOST"),
    "port": db.get("PORT"),
    "user": db.get("USER"),
    "pool_timeout": pool.get("timeout"),
    "pool_check": getattr(pool.get("check"), "__module__", None),
    "health_checks": db.get("CONN_HEALTH_CHECKS"),
    "connect_timeout": db.get("OPTIONS", {}).get("connect_timeout"),
    "hosts": settings.ALLOWED_HOSTS,
    "time_zone": settings.TIME_ZONE,
    "language": settings.LANGUAGE_CODE,
    "cache": settings.CACHES["default"]["BACKEND"],
}))
"""

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "production-test-key-" + "0123456789" * 4,
    "ALLOWED_HOSTS": "learning.example.org",
}


def run_settings(**environment):
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "cyscp.settings",
        "ENV_FILE": os.devnull,  # a developer's own .env must not change the outcome
        **environment,
    }
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def loaded(**environment):
    result = run_settings(**environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_development_defaults_use_sqlite_in_the_project():
    values = loaded(DEBUG="true")
    assert values["debug"] is True
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["name"] == str(settings.BASE_DIR / "db.sqlite3")
    assert values["time_zone"] == "Europe/London"
    assert values["language"] == "en-gb"
    assert "localhost" in values["hosts"]


def test_database_url_selects_postgresql_with_its_pool_in_production():
    values = loaded(DATABASE_URL="postgres://cyscp:secret@db.internal:6543/learning", **PRODUCTION)
    assert values["engine"] == "django.db.backends.postgresql"
    assert (values["host"], values["port"], values["user"], values["name"]) == (
        "db.internal",
        6543,
        "cyscp",
        "learning",
    )
    # An unreachable database is given up on in seconds, so pages and
    # /healthz answer 503 before a load balancer's own timeout; each pooled
    # connection is checked before use, with our check.
    assert values["pool_timeout"] == 3
    assert values["pool_check"] == "cyscp.database"
    assert values["health_checks"] is True
    assert values["connect_timeout"] == 3
    assert values["hosts"] == ["learning.example.org"]


def test_cache_url_selects_redis():
    values = loaded(CACHE_URL="redis://127.0.0.1:6379/1", DEBUG="true")
    # Django's Redis cache, carrying on without Redis when it does not answer.
    assert values["cache"] == "cyscp.cache.ResilientRedisCache"


def test_debug_is_off_unless_asked_for():
    result = run_settings()
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = run_settings(DEBUG="false", ALLOWED_HOSTS="learning.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = run_settings(DEBUG="false", SECRET_KEY="short", ALLOWED_HOSTS="x.example.org")
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_a_key_of_one_repeated_character():
    result = run_settings(DEBUG="false", SECRET_KEY="k" * 64, ALLOWED_HOSTS="x.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_copy_of_env_example_works_as_it_is():
    values = loaded(ENV_FILE=str(settings.BASE_DIR / ".env.example"))
    assert values["debug"] is True
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["name"] == str(settings.BASE_DIR / "db.sqlite3")
    assert values["hosts"] == ["localhost", "127.0.0.1"]


def test_every_setting_read_from_the_environment_is_in_env_example():
    source = (settings.BASE_DIR / "cyscp" / "settings.py").read_text()
    example = (settings.BASE_DIR / ".env.example").read_text()
    read = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', source)) - {"ENV_FILE"}
    assert read
    missing = sorted(name for name in read if f"{name}=" not in example)
    assert not missing, f"not in .env.example: {missing}"


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_settings(DEBUG="false", SECRET_KEY=PRODUCTION["SECRET_KEY"])
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must name" in result.stderr
