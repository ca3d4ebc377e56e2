"""Two publishers acting on one submission at the same moment: one step is
taken, the other is refused with a message, and the item is never left
between the two."""

import threading
import time

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client

from cyscp import workflow
from cyscp.models import PendingChange, PublishingEvent
from tests.briefings.factories import BriefingFactory
from tests.cyscp.test_workflow import edit, publishing_url, seen

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent steps are tested with real transactions on PostgreSQL")


def _publishers():
    clients = []
    for name in ("one", "two"):
        get_user_model().objects.create_superuser(name, f"{name}@example.test", "pw-long-enough-1")
        client = Client()
        client.force_login(get_user_model().objects.get(username=name))
        clients.append(client)
    return clients


@pytest.mark.parametrize("second_step", ["approve", "reject"])
def test_approve_at_the_same_moment_as_another_step(monkeypatch, editor_client, second_step):
    briefing = BriefingFactory(title="Learning from Poppy")
    edit(editor_client, briefing, {"title": "Learning from Poppy, revised"}, _submit="1")
    one, two = _publishers()
    opened = seen(one, briefing)  # both publishers opened the page before either acted

    # Widen the gap between reading the submission and acting on it, as a
    # slow request would: without the claim, both steps would go through.
    pending_for = workflow.pending_for

    def slow_pending_for(item):
        found = pending_for(item)
        time.sleep(0.4)
        return found

    monkeypatch.setattr(workflow, "pending_for", slow_pending_for)
    posts = {
        "first": (one, {"step": "approve", "approve-when": "now"}),
        "second": (two, {"step": second_step, "approve-when": "now", "reject-comment": "No."}),
    }
    start = threading.Barrier(2)
    answers = {}

    def act(name):
        client, data = posts[name]
        try:
            start.wait()
            answers[name] = client.post(publishing_url(briefing), {**data, **opened})
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=(name,)) for name in posts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert [answers[name].status_code for name in posts] == [302, 302]
    # Each publisher's message, read afterwards one at a time (the test
    # client's record of a page's context is not safe across threads).
    said = {
        name: " ".join(str(m) for m in client.get(publishing_url(briefing)).context["messages"])
        for name, (client, _) in posts.items()
    }
    refused = [name for name in posts if "Nothing else has been done" in said[name]]
    assert len(refused) == 1, said
    taken = PublishingEvent.objects.filter(action__in=["approved", "rejected"])
    assert taken.count() == 1
    briefing.refresh_from_db()
    if taken.get().action == "approved":
        assert briefing.title == "Learning from Poppy, revised"
        assert not PendingChange.objects.exists()
        assert PublishingEvent.objects.filter(action="published").count() == 1
    else:
        assert briefing.title == "Learning from Poppy"
        assert PendingChange.objects.get().state == PendingChange.State.REJECTED
