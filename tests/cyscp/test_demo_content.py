import ast
import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from briefings.models import Briefing, BriefingPoint, JtaiGuide
from cyscp.models import Document, Partnership, Theme
from events.models import Masterclass, Presentation, Speaker
from reviews.models import CaseReview, PanelPublication
from tests.factories import PartnershipFactory, ThemeFactory
from tests.reviews.factories import CaseReviewFactory

pytestmark = pytest.mark.django_db

DEMO_PARTNERSHIP = "Demo Safeguarding Children Partnership (invented content)"
OTHER_KINDS = [PanelPublication, Briefing, JtaiGuide, Masterclass]


def run(*args):
    out = StringIO()
    call_command("generate_demo_content", *args, stdout=out)
    return out.getvalue()


def page_text(client, url):
    response = client.get(url)
    assert response.status_code == 200
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(text.split())


def demo_reviews():
    return CaseReview.objects.filter(partnership__name=DEMO_PARTNERSHIP)


def test_it_makes_every_kind_published_and_marked_as_invented_on_an_empty_database(client):
    output = run()

    assert "Made 50 case reviews, 5 Panel publications, 5 briefings" in output
    assert demo_reviews().published().count() == 50
    for model in OTHER_KINDS:
        assert model.objects.published().count() == 5, model
    # The partnership's own themes were made, so the demo has something to sit on.
    assert Theme.objects.filter(slug="non-mobile-infants-and-bruising").exists()
    for model in [CaseReview, *OTHER_KINDS]:
        for item in model.objects.all():
            assert item.title.endswith("(invented)"), item.title
            assert "invented" in item.summary, item.summary
            assert item.themes.exists(), item

    assert "50 case reviews" in page_text(client, "/learning/case-reviews/")
    for url, model in [
        ("/learning/national-panel/", PanelPublication),
        ("/learning/briefings/", Briefing),
        ("/learning/jtai/", JtaiGuide),
        ("/learning/masterclasses/", Masterclass),
    ]:
        text = page_text(client, url)
        for item in model.objects.all():
            assert item.title in text, (url, item.title)


def test_each_briefing_has_seven_points_and_a_pdf_that_downloads(client):
    run("--case-reviews", "5")

    for briefing in Briefing.objects.all():
        points = list(briefing.points.all())
        assert [p.number for p in points] == [1, 2, 3, 4, 5, 6, 7]
        assert all(p.heading and p.body for p in points)
        assert briefing.points_text == "\n".join(f"{p.heading}\n{p.body}" for p in points)
        assert briefing.partnership.name == DEMO_PARTNERSHIP

        [pdf] = briefing.documents.all()
        response = client.get(pdf.get_absolute_url())
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        content = b"".join(response.streaming_content)
        assert content.startswith(b"%PDF-") and b"/Count 1" in content
        assert pdf.get_absolute_url() in client.get(briefing.get_absolute_url()).content.decode()


def test_masterclasses_are_upcoming_and_past_with_slides_on_the_past_ones(client):
    run("--case-reviews", "1")

    upcoming, past = Masterclass.objects.upcoming(), Masterclass.objects.past()
    assert upcoming.exists() and past.exists()
    assert upcoming.count() + past.count() == 5
    for masterclass in Masterclass.objects.all():
        assert masterclass.end > masterclass.start
        assert masterclass.speakers.count() == 2
    for masterclass in past:
        slides = list(masterclass.presentations.all())
        assert slides, masterclass
        assert client.get(slides[0].get_absolute_url()).status_code == 200
    assert not Presentation.objects.filter(masterclass__in=upcoming).exists()
    text = page_text(client, "/learning/masterclasses/")
    assert text.index("Upcoming") < text.index(upcoming.first().title)


def ages_in(summary):
    """The child's age as the summary says it, in years (months as a fraction)."""
    months = re.search(r"(\d+)-month-old baby", summary)
    if months:
        return int(months[1]) / 12
    years = re.search(r"(\d+)-year-old", summary)
    return int(years[1]) if years else None


def test_themes_fit_what_each_review_says_about_the_child():
    run("--case-reviews", "300")

    bands = {"under-1": (0, 1), "1-4": (1, 4), "5-9": (5, 9), "10-14": (10, 14), "15-17": (15, 17)}
    for review in demo_reviews().prefetch_related("themes"):
        themes = {theme.slug for theme in review.themes.all()}
        age = ages_in(review.incident_summary)
        if review.age_band == "unborn":
            assert age is None and "unborn" in review.incident_summary
        else:
            low, high = bands[review.age_band]
            assert low <= age <= high, (review.age_band, review.incident_summary)
        if "non-mobile-infants-and-bruising" in themes:
            assert review.age_band in {"unborn", "under-1"}, review.incident_summary
            assert "baby" in review.incident_summary
        if themes & {"exploitation", "serious-youth-violence"}:
            assert age is not None and age >= 13, review.incident_summary
        if review.age_band in {"unborn", "under-1"}:
            assert review.child_pseudonym.startswith("Baby")
    themes_used = Theme.objects.filter(case_reviews__in=demo_reviews()).distinct().count()
    assert themes_used >= 8  # variety: not every review on the same theme


def test_a_number_of_case_reviews_still_makes_the_other_kinds():
    assert "Made 3 case reviews," in run("--case-reviews", "3")
    assert demo_reviews().count() == 3
    for model in OTHER_KINDS:
        assert model.objects.count() == 5


def test_running_twice_adds_without_clashing_addresses():
    run("--case-reviews", "4")
    CaseReview.objects.filter(slug="demo-2").delete()  # as staff might, by hand
    run("--case-reviews", "4")

    assert demo_reviews().count() == 7
    assert sorted(demo_reviews().values_list("slug", flat=True)) == sorted(
        f"demo-{n}" for n in [1, 3, 4, 5, 6, 7, 8]
    )
    for model in OTHER_KINDS:
        assert model.objects.count() == 10
    assert Partnership.objects.filter(name=DEMO_PARTNERSHIP).count() == 1


def test_delete_removes_all_demo_content_and_leaves_real_content(
    client, django_capture_on_commit_callbacks
):
    ThemeFactory(slug="neglect", name="Neglect")
    real = CaseReviewFactory(partnership=PartnershipFactory(slug="york"), title="A real review")
    themes_before = set(Theme.objects.values_list("slug", flat=True))
    run()
    run("--case-reviews", "2")
    stored = [document.file.name for document in Document.objects.all()]
    storage = Document._meta.get_field("file").storage
    assert stored and all(storage.exists(name) for name in stored)
    slide = Presentation.objects.first().document

    with django_capture_on_commit_callbacks(execute=True):  # the files go once it is committed
        output = run("--delete")

    assert (
        "Deleted the demo content: 52 case reviews, 10 Panel publications, 10 briefings, "
        "10 JTAI guides, 10 masterclasses, 24 documents." in output
    )
    assert list(CaseReview.objects.all()) == [real]
    for model in [*OTHER_KINDS, BriefingPoint, Speaker, Presentation, Document]:
        assert not model.objects.exists(), model
    assert not Partnership.objects.filter(name=DEMO_PARTNERSHIP).exists()
    assert not any(storage.exists(name) for name in stored)
    assert client.get(slide.get_absolute_url()).status_code == 404
    # Themes stay, the ones the demo had to make too, and so does real content.
    assert themes_before <= set(Theme.objects.values_list("slug", flat=True))
    assert Theme.objects.filter(slug="non-mobile-infants-and-bruising").exists()
    assert client.get(real.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--case-reviews", "many"], "needs a whole number"),
        (["--case-reviews", "2.5"], "needs a whole number"),
        (["--case-reviews", "0"], "must be between 1 and 100,000"),
        (["--case-reviews", "-4"], "must be between 1 and 100,000"),
        (["--case-reviews", "100001"], "must be between 1 and 100,000"),
        (["--case-reviews", "3", "--delete"], "on its own"),
    ],
)
def test_bad_arguments_get_a_clear_message_and_change_nothing(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
    assert not CaseReview.objects.exists()
    assert not Document.objects.exists()


def test_a_bad_argument_on_the_command_line_is_a_message_not_a_traceback():
    result = subprocess.run(
        [sys.executable, "manage.py", "generate_demo_content", "--case-reviews", "lots"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "cyscp.test_settings"},
        timeout=120,
    )
    assert result.returncode == 1
    assert "--case-reviews needs a whole number, not “lots”." in result.stderr
    assert "Traceback" not in result.stderr


DEMO_CODE = [
    Path(settings.BASE_DIR) / "cyscp" / "management" / "commands" / "generate_demo_content.py",
    *sorted((Path(settings.BASE_DIR) / "cyscp" / "demo").glob("*.py")),
]
DEVELOPMENT_ONLY = {"tests", "factory", "faker"}


def test_the_demo_code_imports_nothing_from_the_tests_or_development_dependencies():
    for path in DEMO_CODE:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""] if node.level == 0 else []
            else:
                continue
            assert not {name.split(".")[0] for name in names} & DEVELOPMENT_ONLY, (path, names)


def test_the_command_runs_without_loading_test_or_development_modules(tmp_path):
    # A fresh process with its own database: only what the command itself loads.
    script = (
        "import sys, django; django.setup();"
        "from django.core.management import call_command;"
        "call_command('migrate', verbosity=0);"
        "call_command('generate_demo_content', '--case-reviews', '2');"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {DEVELOPMENT_ONLY!r}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cyscp.settings",
            "DEBUG": "true",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
            "MEDIA_ROOT": str(tmp_path / "media"),
        },
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "Made 2 case reviews" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_demo_content_is_dated_in_the_past_except_upcoming_masterclasses():
    run("--case-reviews", "20")
    today = timezone.localdate()
    for model in [CaseReview, PanelPublication, Briefing]:
        assert not model.objects.filter(publication_date__gte=today).exists(), model


def test_every_kind_in_the_registry_gets_demo_content_and_loses_it_on_delete():
    from cyscp import registry

    run()
    for kind in registry.learning_kinds():
        assert kind.model.objects.published().exists(), f"no demo {kind.nouns}"
    run("--delete")
    for kind in registry.learning_kinds():
        assert not kind.model.objects.exists(), f"demo {kind.nouns} left behind"


def test_themes_the_demo_loads_stay_the_partnerships_to_update():
    run()
    out = StringIO()
    call_command("load_learning_content", stdout=out)
    assert "theme" not in " ".join(
        line for line in out.getvalue().splitlines() if "skipped" in line
    )
