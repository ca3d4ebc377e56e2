"""Browser tests: Debian's Chromium driven by Playwright's sync API.

Playwright cannot download browsers here, so these tests use the system
Chromium. Without it they skip on a developer's machine, but fail in CI
(where the CI environment variable is set), so a broken CI image is noticed.
"""

import json
import os
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio event loop in this thread; Django
# refuses ORM calls from a thread with a running loop unless told otherwise.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BUILT_CSS = ROOT / "static" / "build" / "main.css"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _unavailable(reason):
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (the CI environment variable is set, so this is an error)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing: apt-get install -y chromium")
    for needed, how in [(AXE_JS, "npm ci"), (BUILT_CSS, "npm run build")]:
        if not needed.exists():
            _unavailable(f"{needed.relative_to(ROOT)} is missing: run `{how}` first")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    # bypass_csp lets axe be injected; the pages' own CSP is tested elsewhere.
    context = browser.new_context(bypass_csp=True, viewport={"width": 1024, "height": 768})
    page = context.new_page()
    yield page
    context.close()


def run_axe(page, include=None):
    """Run axe-core's WCAG 2.2 A and AA rules on the page, or only on the parts
    that `include` selects; return the violations."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}}
    context = {"include": [[selector] for selector in include]} if include else None
    return page.evaluate(
        "async ([context, options]) => (await axe.run(context || document, options)).violations",
        [context, options],
    )


def describe_violations(violations):
    """A readable failure message: rule, impact, help and the offending nodes."""
    return json.dumps(
        [
            {
                "rule": v["id"],
                "impact": v.get("impact"),
                "help": v["help"],
                "nodes": [n["target"] for n in v["nodes"]][:5],
            }
            for v in violations
        ],
        indent=2,
    )
