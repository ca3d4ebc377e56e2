"""Two members of staff saving the same item: one save wins, nothing is lost,
and the other sees what their colleague saved beside their own version."""

import re
import threading
import time

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client

from reviews.admin import CaseReviewAdmin
from tests.reviews.factories import CaseReviewFactory
from tests.reviews.test_admin import review_form

EDITED_FROM = re.compile(r'name="edited_from" value="([^"]+)"')


def _opened_at(client, address):
    return EDITED_FROM.search(client.get(address).text)[1]


@pytest.mark.django_db
def test_a_refused_save_shows_their_version_beside_mine_and_can_go_on_top(admin_client):
    review = CaseReviewFactory(slug="learning-from-poppy", child_pseudonym="Poppy")
    address = f"/admin/reviews/casereview/{review.pk}/change/"
    opened_at = _opened_at(admin_client, address)

    review.child_pseudonym = "Poppy (colleague's edit)"
    review.save()

    # A publisher saving and publishing at once ("Save and publish now").
    mine = review_form(child_pseudonym="Poppy (my edit)", edited_from=opened_at, _publish="1")
    response = admin_client.post(address, mine)
    assert response.status_code == 200
    html = response.text
    assert "A colleague saved this first" in html
    row = re.search(r"<th scope=\"row\">Child&#x27;s pseudonym</th>(.*?)</tr>", html, re.S)[1]
    assert "Poppy (colleague&#x27;s edit)" in row and "Poppy (my edit)" in row
    assert "Keep their version" in html
    review.refresh_from_db()
    assert review.child_pseudonym == "Poppy (colleague's edit)"

    # The form now carries their save's time: saving again puts mine on top.
    again = admin_client.post(address, {**mine, "edited_from": EDITED_FROM.search(html)[1]})
    assert again.status_code == 302
    review.refresh_from_db()
    assert review.child_pseudonym == "Poppy (my edit)"


@pytest.mark.django_db
def test_a_form_with_errors_does_not_lock_its_author_out(admin_client):
    review = CaseReviewFactory(slug="learning-from-poppy")
    address = f"/admin/reviews/casereview/{review.pk}/change/"
    opened_at = _opened_at(admin_client, address)

    bad = admin_client.post(address, review_form(title="", edited_from=opened_at, _publish="1"))
    assert bad.status_code == 200
    assert "This field is required." in bad.text
    good = admin_client.post(
        address, review_form(title="Fixed", edited_from=opened_at, _publish="1")
    )
    assert good.status_code == 302
    review.refresh_from_db()
    assert review.title == "Fixed"


@pytest.mark.django_db(transaction=True)
def test_two_saves_at_the_same_moment_only_one_is_accepted(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent saves are tested with real transactions on PostgreSQL")
    get_user_model().objects.create_superuser("one", "one@example.test", "pw-one-long-enough")
    get_user_model().objects.create_superuser("two", "two@example.test", "pw-two-long-enough")
    review = CaseReviewFactory(slug="learning-from-poppy", child_pseudonym="Poppy")
    address = f"/admin/reviews/casereview/{review.pk}/change/"

    # Widen the gap between the check and the save, as a slow request would:
    # without a lock taken by the check, both saves would pass it.
    save_model = CaseReviewAdmin.save_model

    def slow_save_model(self, request, obj, form, change):
        time.sleep(0.4)
        save_model(self, request, obj, form, change)

    monkeypatch.setattr(CaseReviewAdmin, "save_model", slow_save_model)

    clients = {}
    for name in ("one", "two"):
        clients[name] = Client()
        clients[name].force_login(get_user_model().objects.get(username=name))
    # Both opened the review before either saved.
    form = review_form(edited_from=_opened_at(clients["one"], address), _publish="1")
    start = threading.Barrier(2)
    answers = {}

    def save(name):
        try:
            start.wait()
            answers[name] = clients[name].post(
                address, {**form, "child_pseudonym": f"Poppy ({name})"}
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(name,)) for name in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    codes = sorted(answers[name].status_code for name in clients)
    assert codes == [200, 302], codes
    loser = next(name for name in clients if answers[name].status_code == 200)
    winner = next(name for name in clients if answers[name].status_code == 302)
    assert "A colleague saved this first" in answers[loser].text
    review.refresh_from_db()
    assert review.child_pseudonym == f"Poppy ({winner})"
