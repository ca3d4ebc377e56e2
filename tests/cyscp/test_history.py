"""History in the admin: versions with who and when, compare, revert, and the
recycle bin, which brings a deleted item back whole but as a draft."""

import pytest
from django.contrib.auth.models import Permission
from reversion.models import Version

from briefings.models import Briefing
from cyscp.publishing import Status
from events.models import Masterclass
from tests.admin_forms import form_values
from tests.briefings.factories import POINT_TEXT, BriefingFactory
from tests.events.factories import MasterclassFactory
from tests.factories import DocumentFactory, PartnershipFactory, StaffUserFactory, ThemeFactory

pytestmark = pytest.mark.django_db

BRIEFINGS = "/admin/briefings/briefing/"
MASTERCLASSES = "/admin/events/masterclass/"


def save(client, url, changes=None):
    """Opens an admin form and, as a publisher, saves it with `changes` typed
    in. A published item's changes are published at once ("Save and publish
    now"): these tests are about versions, not about holding changes back."""
    data = form_values(client.get(url))
    data.update(changes or {})
    data["_publish"] = "1"
    response = client.post(url, data)
    assert response.status_code == 302, [
        response.context["adminform"].form.errors,
        [formset.formset.errors for formset in response.context["inline_admin_formsets"]],
        response.context["errors"],
    ]
    return response


def versions_of(item):
    return list(Version.objects.get_for_object(item).order_by("pk"))


def point_bodies(briefing):
    return [point.body for point in Briefing.objects.get(pk=briefing.pk).points.all()]


def messages_on(response):
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def briefing():
    return BriefingFactory(title="Learning from Poppy", themes=[ThemeFactory(name="Neglect")])


def test_each_save_of_a_briefing_point_is_a_version_with_who_and_when(admin_client, briefing):
    change = f"{BRIEFINGS}{briefing.pk}/change/"
    save(admin_client, change)
    save(admin_client, change, {"points-2-body": "<p>Nobody asked who lived in the home.</p>"})

    versions = versions_of(briefing)
    assert len(versions) == 2
    assert versions[-1].revision.user.username == "admin"
    history = admin_client.get(f"{BRIEFINGS}{briefing.pk}/history/").content.decode()
    assert history.count("from this version") == 2
    assert "admin" in history


def test_compare_marks_the_changed_point_s_old_and_new_words(admin_client, briefing):
    change = f"{BRIEFINGS}{briefing.pk}/change/"
    save(admin_client, change)
    save(admin_client, change, {"points-2-body": "<p>Nobody asked who lived in the home.</p>"})
    older, newer = versions_of(briefing)

    response = admin_client.get(
        f"{BRIEFINGS}{briefing.pk}/history/compare/", {"from": newer.pk, "to": older.pk}
    )
    page = response.content.decode()
    assert "3. Key information" in page  # the point that changed, by number and heading
    assert "<del>[removed: Several agencies each held part of]</del>" in page
    assert "<ins>[added: Nobody asked who lived in]</ins>" in page
    assert "<del>[removed: picture, and nobody put it together.]</del>" in page
    assert "<p>" not in page.split("Changed parts")[1].split("</table>")[0]
    # Points that did not change are not listed.
    assert "1. " not in page.split("Changed parts")[1]


def test_compare_with_versions_of_another_item_says_so(admin_client, briefing):
    save(admin_client, f"{BRIEFINGS}{briefing.pk}/change/")
    other = BriefingFactory()
    save(admin_client, f"{BRIEFINGS}{other.pk}/change/")
    response = admin_client.get(
        f"{BRIEFINGS}{briefing.pk}/history/compare/",
        {"from": versions_of(briefing)[0].pk, "to": versions_of(other)[0].pk},
        follow=True,
    )
    assert "Choose two different versions" in response.content.decode()
    response = admin_client.get(f"{BRIEFINGS}{briefing.pk}/history/compare/", {"from": "x"})
    assert response.status_code == 302


def test_revert_brings_back_the_seven_points(admin_client, briefing):
    change = f"{BRIEFINGS}{briefing.pk}/change/"
    save(admin_client, change)
    save(
        admin_client,
        change,
        {f"points-{n}-body": f"<p>Rewritten point {n + 1}.</p>" for n in range(7)},
    )
    assert point_bodies(briefing) == [f"<p>Rewritten point {n}.</p>" for n in range(1, 8)]

    first = versions_of(briefing)[0]
    save(admin_client, f"{BRIEFINGS}{briefing.pk}/history/{first.pk}/")

    assert point_bodies(briefing) == [f"<p>{text}</p>" for text in POINT_TEXT]
    assert len(versions_of(briefing)) == 3  # the revert is itself a version


def delete(client, url):
    response = client.post(url.replace("/change/", "/delete/"), {"post": "yes"})
    assert response.status_code == 302


def test_a_deleted_briefing_comes_back_whole_as_a_draft(admin_client, client):
    document = DocumentFactory(title="Poppy: the briefing as a PDF")
    briefing = BriefingFactory(title="Learning from Poppy", documents=[document])
    change = f"{BRIEFINGS}{briefing.pk}/change/"
    save(admin_client, change)
    assert client.get(f"/learning/briefings/{briefing.slug}/").status_code == 200
    delete(admin_client, change)

    bin_page = admin_client.get(f"{BRIEFINGS}recover/").content.decode()
    assert "Learning from Poppy" in bin_page
    deleted = Version.objects.get_deleted(Briefing).get()
    recover = f"{BRIEFINGS}recover/{deleted.pk}/"
    assert "comes back as a draft" in admin_client.get(recover).content.decode()
    response = save(admin_client, recover)

    restored = Briefing.objects.get(slug=briefing.slug)
    assert restored.status == Status.DRAFT
    assert [p.body for p in restored.points.all()] == [f"<p>{text}</p>" for text in POINT_TEXT]
    assert list(restored.documents.all()) == [document]
    assert client.get(f"/learning/briefings/{briefing.slug}/").status_code == 404
    followed = admin_client.get(response.url)
    assert any("restored as a draft" in m for m in messages_on(followed))
    assert "Learning from Poppy" not in admin_client.get(f"{BRIEFINGS}recover/").content.decode()


def test_a_deleted_published_masterclass_comes_back_as_a_draft_with_its_slides(admin_client):
    slides = [DocumentFactory(title="Opening slides"), DocumentFactory(title="Closing slides")]
    masterclass = MasterclassFactory(title="Neglect masterclass", presentations=slides)
    change = f"{MASTERCLASSES}{masterclass.pk}/change/"
    save(admin_client, change)
    delete(admin_client, change)

    deleted = Version.objects.get_deleted(Masterclass).get()
    save(admin_client, f"{MASTERCLASSES}recover/{deleted.pk}/")

    restored = Masterclass.objects.get(slug=masterclass.slug)
    assert restored.status == Status.DRAFT
    assert not Masterclass.objects.published().filter(pk=restored.pk).exists()
    assert [str(doc) for doc in restored.presentations.order_by("presentation")] == [
        "Opening slides",
        "Closing slides",
    ]


def test_a_version_naming_a_deleted_theme_restores_the_rest_and_says_so(admin_client, briefing):
    change = f"{BRIEFINGS}{briefing.pk}/change/"
    save(admin_client, change)
    save(admin_client, change, {"points-0-body": "<p>Changed later.</p>"})
    briefing.themes.get().delete()

    first = versions_of(briefing)[0]
    revert = f"{BRIEFINGS}{briefing.pk}/history/{first.pk}/"
    opened = admin_client.get(revert)
    assert any("themes in this version has been deleted" in m for m in messages_on(opened))
    save(admin_client, revert)
    assert point_bodies(briefing)[0] == f"<p>{POINT_TEXT[0]}</p>"
    assert not Briefing.objects.get(pk=briefing.pk).themes.exists()


def test_a_version_naming_a_deleted_partnership_restores_as_a_draft_without_it(
    admin_client, briefing
):
    change = f"{BRIEFINGS}{briefing.pk}/change/"
    old_partnership = briefing.partnership
    save(admin_client, change)
    save(admin_client, change, {"partnership": str(PartnershipFactory(name="Hull SCP").pk)})
    old_partnership.delete()

    first = versions_of(briefing)[0]
    revert = f"{BRIEFINGS}{briefing.pk}/history/{first.pk}/"
    opened = admin_client.get(revert)
    assert any("partnership in this version has been deleted" in m for m in messages_on(opened))
    save(admin_client, revert)
    restored = Briefing.objects.get(pk=briefing.pk)
    assert restored.partnership is None
    assert restored.status == Status.DRAFT


def test_recovering_a_masterclass_whose_slides_were_deleted_keeps_the_rest(admin_client):
    kept, gone = DocumentFactory(title="Kept slides"), DocumentFactory(title="Deleted slides")
    masterclass = MasterclassFactory(presentations=[kept, gone])
    change = f"{MASTERCLASSES}{masterclass.pk}/change/"
    save(admin_client, change)
    delete(admin_client, change)
    gone.delete()

    recover = f"{MASTERCLASSES}recover/{Version.objects.get_deleted(Masterclass).get().pk}/"
    opened = admin_client.get(recover)
    assert opened.status_code == 200
    assert any("Deleted slides" in m and "left out" in m for m in messages_on(opened))
    save(admin_client, recover)
    assert list(Masterclass.objects.get(slug=masterclass.slug).presentations.all()) == [kept]


def staff_who_can(*codenames):
    user = StaffUserFactory()
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


def test_revert_and_recover_need_change_permission(client, admin_client, briefing):
    change = f"{BRIEFINGS}{briefing.pk}/change/"
    save(admin_client, change)
    save(admin_client, change, {"points-0-body": "<p>Changed later.</p>"})
    first = versions_of(briefing)[0]
    revert = f"{BRIEFINGS}{briefing.pk}/history/{first.pk}/"
    data = form_values(admin_client.get(revert))

    client.force_login(staff_who_can("view_briefing", "add_briefing"))
    assert client.post(revert, data).status_code == 403
    assert point_bodies(briefing)[0] == "<p>Changed later.</p>"

    delete(admin_client, change)
    recover = f"{BRIEFINGS}recover/{Version.objects.get_deleted(Briefing).get().pk}/"
    assert client.post(recover, data).status_code == 403
    assert not Briefing.objects.filter(slug=briefing.slug).exists()


def test_restoring_one_item_leaves_others_saved_in_the_same_batch_alone(admin_client):
    import reversion

    from tests.factories import HubSectionFactory, ResourceFactory

    first = HubSectionFactory(title="First section", anchor="first")
    second = HubSectionFactory(title="Second section", anchor="second")
    with reversion.create_revision():  # as when positions are saved from the list
        first.save()
        second.save()
    second.title = "Second section, renamed"
    second.save()
    ResourceFactory(section=second, title="A resource added since")

    batch = versions_of(first)[0]
    save(admin_client, f"/admin/cyscp/hubsection/{first.pk}/history/{batch.pk}/")

    second.refresh_from_db()
    assert second.title == "Second section, renamed"
    assert [r.title for r in second.resources.all()] == ["A resource added since"]


def test_a_version_of_another_kind_cannot_be_restored_through_this_admin(admin_client, briefing):
    from tests.reviews.factories import CaseReviewFactory

    save(admin_client, f"{BRIEFINGS}{briefing.pk}/change/")
    review = CaseReviewFactory()
    briefing_version = versions_of(briefing)[0]
    reviews = "/admin/reviews/casereview/"
    assert admin_client.get(f"{reviews}{review.pk}/history/{briefing_version.pk}/").status_code == (
        404
    )
    assert admin_client.post(f"{reviews}recover/{briefing_version.pk}/").status_code == 404
    # A briefing that still exists is not in the recycle bin either.
    assert admin_client.post(f"{BRIEFINGS}recover/{briefing_version.pk}/").status_code == 404
    review.refresh_from_db()
    assert review.status == Status.PUBLISHED


def test_a_revert_that_changes_the_address_keeps_the_current_one_working(admin_client, client):
    masterclass = MasterclassFactory(slug="mc-b")
    change = f"{MASTERCLASSES}{masterclass.pk}/change/"
    save(admin_client, change)
    first = versions_of(masterclass)[0]
    save(admin_client, change, {"slug": "mc-c"})

    save(admin_client, f"{MASTERCLASSES}{masterclass.pk}/history/{first.pk}/")

    masterclass.refresh_from_db()
    assert masterclass.slug == "mc-b"
    assert client.get("/learning/masterclasses/mc-b/").status_code == 200
    moved = client.get("/learning/masterclasses/mc-c/")
    assert moved.status_code == 301 and moved["Location"] == "/learning/masterclasses/mc-b/"
    assert client.get("/learning/masterclasses/mc-c.ics")["Location"] == (
        "/learning/masterclasses/mc-b.ics"
    )


def test_comparing_with_an_id_too_large_for_the_database_says_so(admin_client, briefing):
    response = admin_client.get(
        f"{BRIEFINGS}{briefing.pk}/history/compare/?from=1&to=99999999999999999999"
    )
    assert response.status_code == 302
