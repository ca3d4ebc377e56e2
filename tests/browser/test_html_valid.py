"""Every kind of public page is valid HTML, as the Nu HTML Checker (vnu) sees it.

Browsers forgive invalid markup in different ways, and assistive technology
less than browsers, so a page that only looks right in Chromium is not enough.
The pages are fetched first and checked together: one Java start for all.
"""

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from cyscp import registry
from tests.briefings.factories import BriefingFactory, JtaiGuideFactory
from tests.events.factories import MasterclassFactory
from tests.factories import DocumentFactory, HubSectionFactory, StaffUserFactory, ThemeFactory
from tests.reviews.factories import CaseReviewFactory, PanelPublicationFactory

from .conftest import ROOT, _unavailable

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.fixture
def vnu_command():
    java = shutil.which("java")
    if java is None:
        _unavailable("java is missing: apt-get install -y default-jre-headless (or `make java`)")
    if not VNU_JAR.exists():
        _unavailable(f"{VNU_JAR.relative_to(ROOT)} is missing: run `npm ci` first")
    return [java, "-jar", str(VNU_JAR), "--format", "json", "--stdout", "--errors-only"]


@pytest.fixture
def one_of_each_kind():
    theme = ThemeFactory(slug="neglect", name="Neglect")
    # A section for each listing the kinds offer, so every listing partial is checked.
    for number, key in enumerate(registry.hub_listings()):
        HubSectionFactory(title=f"Section {number}", anchor=f"section-{number}", listing=key)
    # More than a page of one theme's reviews: pagination and a chosen filter.
    CaseReviewFactory.create_batch(21, themes=[theme])
    items = {
        "case review": CaseReviewFactory(title="Neglect of a baby", themes=[theme]),
        "Panel publication": PanelPublicationFactory(title="Neglect paper", themes=[theme]),
        "briefing": BriefingFactory(
            title="Neglect briefing", themes=[theme], documents=[DocumentFactory()]
        ),
        "JTAI guide": JtaiGuideFactory(title="Neglect inspection guide", themes=[theme]),
        "masterclass": MasterclassFactory(title="Neglect masterclass", themes=[theme]),
    }
    return theme, items


def test_public_pages_are_valid_html(client, tmp_path, vnu_command, one_of_each_kind):
    theme, items = one_of_each_kind
    # Every kind's list and one item's page, from the registry: a new kind is checked too.
    assert {type(item) for item in items.values()} == {
        kind.model for kind in registry.learning_kinds()
    }
    pages = {kind.list_url(): 200 for kind in registry.all_kinds()}
    pages.update(
        {
            "/learning/themes/": 200,
            f"/learning/case-reviews/?theme={theme.slug}&page=2": 200,
            f"/learning/themes/{theme.slug}/": 200,
            "/search/?q=neglect": 200,
            # A filter value that means nothing gives the list with an error message.
            "/learning/case-reviews/?year=soon": 200,
            "/learning/no-such-page/": 404,
        }
    )
    pages.update({item.get_absolute_url(): 200 for item in items.values()})
    # Last, a draft as staff preview it, with its banner.
    draft = CaseReviewFactory(title="Draft review", draft=True)
    pages[draft.get_absolute_url()] = 200

    files = {}
    for number, (path, status) in enumerate(pages.items()):
        if path == draft.get_absolute_url():
            client.force_login(StaffUserFactory())
        response = client.get(path)
        assert response.status_code == status, path
        file = tmp_path / f"page-{number}.html"
        file.write_bytes(response.content)
        files[file.resolve()] = path

    result = subprocess.run(
        [*vnu_command, *map(str, files)], capture_output=True, text=True, timeout=300
    )
    try:
        messages = json.loads(result.stdout)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"vnu gave no report (exit {result.returncode}): {result.stderr[-2000:]}")

    errors = [
        f"{files.get(Path(unquote(urlparse(m.get('url', '')).path)).resolve(), m.get('url'))}"
        f" line {m.get('lastLine', '?')}: {m['message']}"
        for m in messages
        if m.get("type") in ("error", "non-document-error")
    ]
    assert errors == [], "vnu found invalid HTML:\n" + "\n".join(errors)
