import os
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from cyscp.models import HubPage, HubSection, Partnership, Resource, Theme

pytestmark = pytest.mark.django_db

SEED_PAGE = Path(__file__).resolve().parents[3] / "shared/content/learning-and-development-page.txt"


def load(*args):
    out = StringIO()
    call_command("load_learning_content", *args, stdout=out)
    return out.getvalue()


def snapshot():
    return {
        model.__name__: sorted(
            (obj.pk, getattr(obj, "updated_at", None), str(obj)) for obj in model.objects.all()
        )
        for model in (HubPage, HubSection, Partnership, Resource, Theme)
    }


def test_hub_holds_every_paragraph_and_list_item_of_the_partnerships_page(client):
    if not SEED_PAGE.exists() and not os.environ.get("CI"):
        pytest.skip(f"the partnership's page is not beside the checkout ({SEED_PAGE})")
    load()
    html = client.get("/learning/").text
    # Inline tags join words; block tags separate them.
    text = re.sub(r"</?(a|strong|em|abbr)\b[^>]*>", "", html)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text))
    text = text.replace("&#x27;", "'").replace("&amp;", "&")

    lines = [line.strip(" •\t") for line in SEED_PAGE.read_text().splitlines()]
    # The photograph's description lives with the hub page, not in its text.
    pieces = [line for line in lines if line and line != HubPage.load().image_alt]
    missing = [piece for piece in pieces if re.sub(r"\s+", " ", piece) not in text]
    assert missing == []
    assert text.count("Top of page") >= 7


def test_load_fills_the_hub_with_published_sections_in_the_pages_order():
    load()
    sections = list(HubSection.objects.published())
    assert sections[0].title == "Child Safeguarding Practice Reviews"
    assert sections[-1].title == "Joint Targeted Area Inspections"
    assert len(sections) == 12
    assert HubPage.load().image_alt == "A boy's hand thrust forward towards the camera"
    regional = Partnership.objects.filter(is_regional=True)
    assert regional.count() == 14
    assert "Hull Safeguarding Children Partnership" in {p.name for p in regional}


def test_a_second_run_changes_nothing():
    first = load()
    before = snapshot()
    second = load()
    assert re.match(r"Created [1-9]\d*, updated 0, unchanged 0, skipped 0\.", first)
    assert re.match(r"Created 0, updated 0, unchanged [1-9]\d*, skipped 0\.", second)
    assert snapshot() == before


def test_staff_edits_are_kept_and_reported(tmp_path):
    load()
    section = HubSection.objects.get(anchor="learning-masterclasses")
    section.title = "Masterclasses and events"
    section.save()

    out = load()

    section.refresh_from_db()
    assert section.title == "Masterclasses and events"
    assert "skipped hub section “learning-masterclasses” (edited by staff" in out


def test_a_changed_data_file_updates_records_staff_have_not_touched(tmp_path):
    original = (Path(__file__).resolve().parents[2] / "cyscp/content/learning.toml").read_text()
    changed = tmp_path / "learning.toml"
    changed.write_text(
        original.replace('title = "Learning Masterclasses"', 'title = "Masterclasses"')
    )
    load()
    section = HubSection.objects.get(anchor="learning-masterclasses")
    section.title = "Edited by staff"
    section.save()
    untouched = HubSection.objects.get(anchor="safeguarding-practice-reviews")

    out = load("--file", str(changed))
    assert "updated 0" in out  # only the edited section changed in the file

    changed.write_text(
        original.replace(
            'title = "Child Safeguarding Practice Reviews"', 'title = "Practice reviews"'
        )
    )
    out = load("--file", str(changed))

    untouched.refresh_from_db()
    assert untouched.title == "Practice reviews"
    assert "updated 1" in out
    assert HubSection.objects.get(anchor="learning-masterclasses").title == "Edited by staff"


def test_a_record_staff_deleted_is_not_brought_back():
    load()
    HubSection.objects.get(anchor="learning-from-practice").delete()
    out = load()
    assert not HubSection.objects.filter(anchor="learning-from-practice").exists()
    assert "deleted by staff; not recreated" in out


def test_a_record_staff_made_first_is_left_alone():
    HubSection.objects.create(anchor="regional-learning", title="Our region", status="published")
    out = load()
    assert HubSection.objects.get(anchor="regional-learning").title == "Our region"
    assert "already exists, made by staff" in out


def test_dry_run_saves_nothing():
    out = load("--dry-run")
    assert out.startswith("Would have created")
    assert HubSection.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("sections = [", "is not valid TOML"),
        ("title = 'no tables'", "none of the content tables"),
        ("[[sections]]\ntitle = 'No anchor'", "sections entry 1: “anchor” is required"),
        ("[[sections]]\nanchor = 'x'", "title: This field cannot be blank"),
        ("[[sections]]\nanchor = 'x'\ntitle = 'X'\ncolour = 'red'", "unknown field(s) colour"),
        (
            "[[resources]]\ntitle = 'R'\nurl = 'https://r.example/'\nsection = 'nowhere'",
            "resources entry 1 (https://r.example/): no hub section with anchor “nowhere”",
        ),
        ("[[sections]]\nanchor = 'x'\ntitle = 'X'\nstatus = 'maybe'", "status"),
    ],
)
def test_bad_data_gives_a_clear_message_and_saves_nothing(tmp_path, content, message):
    bad = tmp_path / "bad.toml"
    bad.write_text(
        "[[themes]]\nname = 'Neglect'\nslug = 'neglect'\n" + content
        if content.startswith("[[")
        else content
    )
    with pytest.raises(CommandError, match=re.escape(message)):
        load("--file", str(bad))
    assert Theme.objects.count() == 0


def test_missing_file_gives_a_clear_message(tmp_path):
    with pytest.raises(CommandError, match="No content file at"):
        load("--file", str(tmp_path / "absent.toml"))


def test_an_edit_to_a_field_the_file_does_not_set_still_counts_as_an_edit(tmp_path):
    load()
    section = HubSection.objects.get(anchor="learning-from-practice")
    section.listing = "regional_partnerships"  # the file sets no listing here
    section.save()
    original = (Path(__file__).resolve().parents[2] / "cyscp/content/learning.toml").read_text()
    changed = tmp_path / "learning.toml"
    changed.write_text(original.replace('title = "Learning from practice"', 'title = "Practice"'))

    out = load("--file", str(changed))

    section.refresh_from_db()
    assert section.title == "Learning from practice"
    assert "skipped hub section “learning-from-practice” (edited by staff" in out
