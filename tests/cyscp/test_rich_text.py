"""Rich text: what staff paste is cleaned on save, and the admin offers the editor."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from reviews.models import CaseReview
from tests.briefings.factories import BriefingFactory
from tests.reviews.factories import CaseReviewFactory

pytestmark = pytest.mark.django_db

PASTED_FROM_A_WEB_PAGE = (
    "<style>p { color: red }</style>"
    '<p onclick="alert(\'x\')" style="font-size: 40px">Speak with the '
    '<font color="red">child</font> <span class="big">on their own</span>.</p>'
    "<script>alert('stolen')</script>"
)


def test_pasted_scripts_styles_and_unknown_tags_are_stripped_on_save():
    review = CaseReviewFactory(learning=PASTED_FROM_A_WEB_PAGE)
    review.refresh_from_db()

    assert review.learning == "<p>Speak with the child on their own.</p>"


def test_the_formatting_the_editor_makes_survives_saving():
    html = (
        "<h2>What we learned</h2><h3>For health visitors</h3><h4>Home visits</h4>"
        "<p><strong>Always</strong> see the baby <em>awake</em>.<br>Every time.</p>"
        "<ul><li>Ask who lives in the home</li></ul>"
        '<ol start="3"><li>Record it</li></ol>'
        '<p><a href="/learning/case-reviews/child-q/">the review</a> and '
        '<a href="https://www.gov.uk/">GOV.UK</a></p>'
    )
    review = CaseReviewFactory(learning=html)
    review.refresh_from_db()

    # Links only gain rel="noopener noreferrer"; everything else is as typed.
    assert review.learning == html.replace('/">', '/" rel="noopener noreferrer">')


def test_a_link_that_would_run_script_loses_its_address():
    review = CaseReviewFactory(learning='<p><a href="javascript:alert(1)">Read more</a></p>')
    review.refresh_from_db()

    assert "javascript" not in review.learning
    assert "Read more" in review.learning


@pytest.mark.parametrize(
    ("url", "fields"),
    [
        ("admin:reviews_casereview_change", ["incident_summary", "learning"]),
        ("admin:briefings_briefing_change", ["reflection_questions", "points-0-body"]),
    ],
)
def test_the_change_form_offers_the_editor(admin_client, url, fields):
    item = CaseReviewFactory() if "casereview" in url else BriefingFactory()
    html = admin_client.get(reverse(url, args=[item.pk])).text

    for name in fields:
        assert f'name="{name}"' in html
        textarea = html[html.index(f'name="{name}"') - 200 : html.index(f'name="{name}"') + 2000]
        assert "data-django-prose-editor-cyscp=" in textarea
        assert "&quot;BulletList&quot;:true" in textarea
        assert "&quot;Heading&quot;:{&quot;levels&quot;:[2,3,4]}" in textarea
        assert "Table" not in textarea
        assert "Blockquote" not in textarea
    assert '<script type="importmap" nonce="' in html
    assert '<script src="/static/cyscp/rich-text-editor.js" nonce="' in html
    assert '<link href="/static/cyscp/rich-text-editor.css"' in html
    assert '<script src="/static/django_prose_editor/editor.js" nonce="' in html


def test_the_migration_turns_plain_text_into_paragraphs():
    review = CaseReviewFactory()
    plain = "The school saw the bruises.\nNobody asked.\n\nThe GP was not told."
    CaseReview.objects.filter(pk=review.pk).update(background=plain)
    untouched = CaseReview.objects.get(pk=review.pk).learning

    migration = importlib.import_module("cyscp.migrations.0006_rich_text_paragraphs")
    migration.clean_rich_text(apps, None)

    review.refresh_from_db()
    assert review.background == (
        "<p>The school saw the bruises.<br>Nobody asked.</p>\n\n<p>The GP was not told.</p>"
    )
    assert review.learning == untouched
