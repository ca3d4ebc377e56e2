import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from reviews.models import CaseReview
from tests.factories import PartnershipFactory, ThemeFactory
from tests.reviews.factories import CaseReviewFactory

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("generate_demo_content", *args, stdout=out)
    return out.getvalue()


def test_demo_reviews_are_made_apart_from_real_content_and_removed_with_delete():
    ThemeFactory.create_batch(3)
    real = CaseReviewFactory(partnership=PartnershipFactory(slug="york"))

    assert "Made 12 invented case reviews" in run("--case-reviews", "12")
    run("--case-reviews", "3")  # a second run adds, without clashing addresses

    demo = CaseReview.objects.exclude(pk=real.pk)
    assert demo.count() == 15
    assert {r.partnership.name for r in demo} == {
        "Demo Safeguarding Children Partnership (invented content)"
    }
    assert all("(invented)" in r.title for r in demo)
    assert all(r.themes.exists() for r in demo)

    assert "Deleted 15 demo case reviews." in run("--delete")
    assert list(CaseReview.objects.all()) == [real]


def test_demo_reviews_can_be_added_after_some_were_deleted():
    run("--case-reviews", "5")
    CaseReview.objects.filter(slug="demo-2").delete()
    assert "Made 2 invented case reviews" in run("--case-reviews", "2")
    assert CaseReview.objects.count() == 6


def test_a_demo_reviews_summary_agrees_with_its_age_band():
    for review in CaseReviewFactory.create_batch(40):
        summary = review.incident_summary
        if review.age_band == "under-1":
            assert "-month-old baby" in summary
        elif review.age_band != "unborn":
            age = int(re.search(r"(\d+)-year-old", summary)[1])
            low, high = (int(n) for n in review.age_band.split("-"))
            assert low <= age <= high, (review.age_band, summary)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "Say how many"),
        (["--case-reviews", "many"], "needs a whole number"),
        (["--case-reviews", "0"], "must be between 1 and"),
        (["--case-reviews", "999999999"], "must be between 1 and"),
    ],
)
def test_bad_arguments_get_a_clear_message(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
    assert not CaseReview.objects.exists()
