"""The registry of content kinds, and the checks that keep it complete.

Each check is broken the way a developer adding a kind could break it, and
`manage.py check` must then fail with a message that says what to do.
"""

import dataclasses

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from cyscp import registry
from reviews.models import CaseReview

# Django's own model checks ask the database what it supports.
pytestmark = pytest.mark.django_db


def _replace_kind(monkeypatch, model, **changes):
    kinds = [
        dataclasses.replace(kind, **changes) if kind.model is model else kind
        for kind in registry.all_kinds()
    ]
    monkeypatch.setattr(registry, "_kinds", kinds)


def _check_fails_with(code):
    with pytest.raises(SystemCheckError) as failure:
        call_command("check")
    assert code in str(failure.value)
    return str(failure.value)


def test_check_passes_as_the_kinds_are_declared():
    call_command("check")


def test_an_undeclared_publishable_model_fails_the_check(monkeypatch):
    kinds = [kind for kind in registry.all_kinds() if kind.model is not CaseReview]
    monkeypatch.setattr(registry, "_kinds", kinds)
    message = _check_fails_with("cyscp.E001")
    assert "reviews.CaseReview is publishable content but no kind declares it" in message


def test_search_weights_that_differ_from_the_migration_fail_the_check(monkeypatch):
    _replace_kind(
        monkeypatch, CaseReview, search_fields={"A": ("title",), "B": ("incident_summary",)}
    )
    message = _check_fails_with("cyscp.E002")
    assert "case-reviews" in message and "child_pseudonym" in message


def test_a_kind_that_searches_without_a_search_column_fails_the_check(monkeypatch):
    from briefings.models import Inspectorate

    kind = dataclasses.replace(
        registry.get("briefings"),
        key="inspectorates",
        model=Inspectorate,
        search_fields={"A": ("name",)},
        file_fields=(),
        has_themes=False,
    )
    monkeypatch.setattr(registry, "_kinds", [*registry.all_kinds(), kind])
    message = _check_fails_with("cyscp.E002")
    assert "column from nothing" in message  # no migration builds one for it


def test_a_file_field_left_out_of_the_declaration_fails_the_check(monkeypatch):
    _replace_kind(monkeypatch, CaseReview, file_fields=())
    message = _check_fails_with("cyscp.E003")
    assert "reviews.CaseReview.report hold documents" in message


def test_a_file_field_that_does_not_exist_fails_the_check(monkeypatch):
    _replace_kind(monkeypatch, CaseReview, file_fields=("report", "slides"))
    _check_fails_with("cyscp.E004")


def test_a_route_that_does_not_exist_fails_the_check(monkeypatch):
    _replace_kind(monkeypatch, CaseReview, detail_url_name="reviews:no-such-page")
    _check_fails_with("cyscp.E005")


def test_every_kind_is_declared_once_and_in_the_site_order():
    keys = [kind.key for kind in registry.all_kinds()]
    assert keys == ["hub", "case-reviews", "national-panel", "briefings", "jtai-guides",
                    "masterclasses"]  # fmt: skip
    assert len({kind.model for kind in registry.all_kinds()}) == len(keys)


def test_registering_a_key_twice_is_refused():
    with pytest.raises(ValueError, match="already registered"):
        registry.register(registry.get("briefings"))


def test_a_kind_left_unsearched_while_its_migration_builds_a_search_column_fails(monkeypatch):
    _replace_kind(monkeypatch, CaseReview, search_fields={})
    message = _check_fails_with("cyscp.E002")
    assert "searches nothing" in message


def test_themes_declared_wrongly_either_way_fail_the_check(monkeypatch):
    from cyscp.models import HubSection

    _replace_kind(monkeypatch, CaseReview, has_themes=False)
    assert "has_themes=False" in _check_fails_with("cyscp.E006")
    monkeypatch.undo()
    _replace_kind(monkeypatch, HubSection, has_themes=True)
    assert "has no themes field" in _check_fails_with("cyscp.E006")


def test_a_hub_listing_key_offered_twice_is_refused():
    briefings = registry.get("briefings")
    twin = dataclasses.replace(briefings, key="briefings-again")
    with pytest.raises(ValueError, match="hub listing is already registered"):
        registry.register(twin)
    assert registry.get("briefings-again") is None
