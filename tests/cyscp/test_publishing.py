"""The shared publishing rules, exercised through a detail view built the way
every content app builds its own (the mixin over a generic DetailView)."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.urls import path
from django.utils import timezone
from django.views.generic import DetailView

from cyscp.models import HubSection
from cyscp.pages import PublishedDetailMixin
from tests.factories import HubSectionFactory, StaffUserFactory


class SectionDetail(PublishedDetailMixin, DetailView):
    model = HubSection
    slug_field = "anchor"
    template_name = "learning_detail.html"


urlpatterns = [path("sections/<slug:slug>/", SectionDetail.as_view())]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def test_published_queryset_is_published_and_due_only():
    live = HubSectionFactory()
    HubSectionFactory(draft=True)
    HubSectionFactory(scheduled=True)
    HubSectionFactory(draft=True, scheduled=True)

    assert list(HubSection.objects.published()) == [live]
    # Chainable: it narrows any other query.
    assert list(HubSection.objects.filter(title=live.title).published()) == [live]


def test_public_gets_404_for_a_draft_and_for_a_scheduled_item(client):
    draft = HubSectionFactory(draft=True)
    scheduled = HubSectionFactory(scheduled=True)
    assert client.get(f"/sections/{draft.anchor}/").status_code == 404
    assert client.get(f"/sections/{scheduled.anchor}/").status_code == 404


def test_public_sees_a_published_item_without_a_banner(client):
    live = HubSectionFactory()
    response = client.get(f"/sections/{live.anchor}/")
    assert response.status_code == 200
    assert "Draft: not public" not in response.text


def test_staff_open_a_draft_at_its_public_address_with_a_banner(client):
    draft = HubSectionFactory(draft=True)
    client.force_login(StaffUserFactory())
    response = client.get(f"/sections/{draft.anchor}/")
    assert response.status_code == 200
    assert "Draft: not public" in response.text
    assert "no-store" in response["Cache-Control"]


def test_staff_see_when_a_scheduled_item_becomes_public(client):
    item = HubSectionFactory(published_at=timezone.make_aware(datetime(2031, 3, 4, 9, 30)))
    client.force_login(StaffUserFactory())
    html = client.get(f"/sections/{item.anchor}/").text
    assert "Scheduled: not public yet" in html
    assert "until Tuesday 4 March 2031, 9:30am (UK time)" in html
    assert "Draft: not public" not in html


def test_signed_in_non_staff_users_get_404_for_a_draft(client, django_user_model):
    draft = HubSectionFactory(draft=True)
    client.force_login(django_user_model.objects.create_user("reader"))
    assert client.get(f"/sections/{draft.anchor}/").status_code == 404


def test_scheduled_item_becomes_public_by_itself(client):
    when = timezone.now() + timedelta(days=3)
    item = HubSectionFactory(published_at=when)
    assert client.get(f"/sections/{item.anchor}/").status_code == 404
    with time_machine.travel(when + timedelta(minutes=1)):
        assert client.get(f"/sections/{item.anchor}/").status_code == 200
        assert item in HubSection.objects.published()
