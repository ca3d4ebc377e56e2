"""The publishing workflow: changes to published items held back, approval,
and changes approved for a later time.

An item that is published (public now, or scheduled) is never changed by a
save in the admin. The save runs as usual inside a savepoint, so the form's
checks, child rows, history and redirects all behave as for any save; the
version it makes is copied out, the savepoint is rolled back, and the copy
is kept as the item's held changes (a PendingChange pointing at that
version). The public keeps seeing the published text. Staff see the held
changes in the form, in a preview at the public address and in the history,
each by putting the held version into the database inside a transaction
that is rolled back. Publishing the changes puts the version in for good.

Only publishers publish (cyscp.staff). Every step, by whom and when, is a
PublishingEvent in the item's history. Each step that depends on what a
publisher saw names it (the state and the time the content waiting was last
saved), and claims the record with one conditional UPDATE, so of two
publishers acting at once the second is told what the first did, and the
item is never left half-published.
"""

import contextlib
import datetime
import logging
from contextlib import contextmanager

from django.conf import settings
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, IntegrityError, connections, router, transaction
from django.db.models import SET_DEFAULT, SET_NULL, F, Max
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from reversion.errors import RevertError
from reversion.models import Revision, Version

from . import history, page_cache, registry
from .errors import unavailable
from .formatting import uk_date_time
from .models import PendingChange, PublishingEvent
from .publishing import Status
from .staff import can_publish

logger = logging.getLogger(__name__)

State = PendingChange.State
Action = PublishingEvent.Action
HELD_COMMENT = "Changes held back until a publisher publishes them."


class WorkflowError(Exception):
    """A step that cannot be taken, with a sentence saying why."""


def is_live(item) -> bool:
    """Published, now or at a scheduled time: changing it needs a publisher."""
    return getattr(item, "status", None) == Status.PUBLISHED


def _reference(item) -> dict:
    return {
        "content_type": ContentType.objects.get_for_model(type(item)),
        "object_id": item.pk,
    }


def pending_for(item) -> PendingChange | None:
    if item is None or item.pk is None:
        return None
    return (
        PendingChange.objects.filter(**_reference(item))
        .select_related("saved_by", "submitted_by", "reviewed_by")
        .first()
    )


def held_version(pending) -> Version | None:
    """The version of the item among its held changes (None for a draft)."""
    if pending is None or pending.revision_id is None:
        return None
    return (
        Version.objects.filter(
            revision_id=pending.revision_id,
            content_type_id=pending.content_type_id,
            object_id=str(pending.object_id),
        )
        .select_related("revision__user")
        .first()
    )


def events_for(item):
    return PublishingEvent.objects.filter(**_reference(item)).select_related("user")


def _log(item, action, user=None, note="", publish_at=None) -> PublishingEvent:
    return PublishingEvent.objects.create(
        **_reference(item),
        action=action,
        user=user if user is not None and user.is_authenticated else None,
        note=note,
        publish_at=publish_at,
    )


def _apply(pending, item) -> list[str]:
    """Puts the held changes into the database in place of the published
    item, child rows and all. Status and publication time stay as they are:
    they are the publisher's to change, not part of the held edit."""
    return _apply_to(pending, type(item), item.pk)


class HeldChangesBroken(WorkflowError):
    """The held changes can no longer be put in: something saved since
    clashes with them (another item took the address they give this one)."""


def _apply_to(pending, model, pk) -> list[str]:
    version = held_version(pending)
    if version is None:
        return []
    rows = model._default_manager.filter(pk=pk)
    publishing = rows.values("status", "published_at").first()
    try:
        # A savepoint: a failed attempt leaves the database as it was.
        with transaction.atomic(using=router.db_for_write(model)):
            notes = history.restore(pending.revision, version, delete=True)
    except (RevertError, IntegrityError) as error:
        raise HeldChangesBroken(
            "The changes waiting to be published can no longer be put in, because of "
            f"something saved since ({error}). Discard them, or restore them from the "
            "history and put the clash right."
        ) from error
    if publishing is not None:
        rows.update(**publishing)
    page_cache.content_changed()
    return notes


@contextmanager
def showing_held_changes(item):
    """Inside the block, the database holds the item as its held changes
    would make it; everything is rolled back after, so nothing changes for
    anyone else. Yields the pending change, or None if nothing is held."""
    pending = pending_for(item)
    if pending is None or pending.revision_id is None:
        yield None
        return
    with transaction.atomic(using=router.db_for_write(type(item))):
        try:
            try:
                _apply(pending, item)
            except HeldChangesBroken:
                # Staff see the published version; the Publishing page says why.
                pending = None
            yield pending
        finally:
            transaction.set_rollback(True)


def put_held_changes_in(item):
    """For a preview, inside a transaction the caller rolls back: the item
    with its held changes in the database, fetched again."""
    pending = pending_for(item)
    if pending is None or pending.revision_id is None:
        return item
    try:
        _apply(pending, item)
    except HeldChangesBroken:
        return item
    return type(item)._default_manager.get(pk=item.pk)


@contextmanager
def showing_held_changes_of_kind(model):
    """showing_held_changes() for every item of one kind at once (the hub's
    sections, on one page). Yields the ids of the items shown changed."""
    held = list(
        PendingChange.objects.filter(
            content_type=ContentType.objects.get_for_model(model), revision__isnull=False
        )
    )
    if not held:
        yield set()
        return
    with transaction.atomic(using=router.db_for_write(model)):
        try:
            shown = set()
            for pending in held:
                with contextlib.suppress(HeldChangesBroken):
                    _apply_to(pending, model, pending.object_id)
                    shown.add(pending.object_id)
            yield shown
        finally:
            transaction.set_rollback(True)


# Holding a save back


def _copy(revision) -> dict:
    return {
        "date_created": revision.date_created,
        "user_id": revision.user_id,
        "comment": revision.comment,
        "versions": [
            {
                "content_type_id": version.content_type_id,
                "object_id": version.object_id,
                "db": version.db,
                "format": version.format,
                "serialized_data": version.serialized_data,
                "object_repr": version.object_repr,
            }
            for version in revision.version_set.all()
        ],
    }


def _recreate(copied, using) -> Revision:
    comment = " ".join(part for part in [HELD_COMMENT, copied["comment"]] if part)
    revision = Revision.objects.using(using).create(
        date_created=copied["date_created"], user_id=copied["user_id"], comment=comment
    )
    Version.objects.using(using).bulk_create(
        Version(revision=revision, **version) for version in copied["versions"]
    )
    return revision


def _keep_ids_taken(copied, using):
    """Rows the held changes add (a new speaker, say) got their ids inside
    the rolled-back savepoint. PostgreSQL never hands out a sequence's value
    twice, but SQLite rolls its counter back too, and would give the same id
    to the next new row anywhere in the table: publishing the changes would
    then overwrite that row. Moving SQLite's counter past them keeps the ids
    for the held rows."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    tops: dict[str, int] = {}
    for version in copied["versions"]:
        model = ContentType.objects.get_for_id(version["content_type_id"]).model_class()
        if model is None or not str(version["object_id"]).isdigit():
            continue
        table = model._meta.db_table
        tops[table] = max(tops.get(table, 0), int(version["object_id"]))
    with connection.cursor() as cursor:
        for table, top in tops.items():
            cursor.execute(
                "UPDATE sqlite_sequence SET seq = MAX(seq, %s) WHERE name = %s", [top, table]
            )
            if cursor.rowcount == 0:
                cursor.execute(
                    "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, top]
                )


def hold_changes(request, item, run, *, publish=False, apply_pending=True):
    """Runs `run`, an admin view that may save the published `item`, so that
    what it saves is held back as the item's changes waiting to be published
    (or, with `publish`, published at once by a publisher). With
    `apply_pending`, the view starts from the changes already held, so a
    second save continues the first. Returns (response, saved)."""
    model = type(item)
    using = router.db_for_write(model)
    with transaction.atomic(using=using):
        # The item's write lock, until this transaction ends: two saves of
        # one item's held changes take turns, and the second sees the first.
        model._default_manager.filter(pk=item.pk).update(updated_at=F("updated_at"))
        pending = pending_for(item)
        versions = Version.objects.get_for_object(item)
        newest_before = versions.aggregate(newest=Max("pk"))["newest"] or 0
        copied = None
        with transaction.atomic(using=using):
            if apply_pending and pending is not None:
                try:
                    _apply(pending, item)
                except HeldChangesBroken as error:
                    # The form opens on the published version, so the clash can
                    # be put right; saving replaces the changes waiting.
                    messages.warning(
                        request,
                        f"{error} This form shows the published version: saving it "
                        "replaces the changes that were waiting.",
                    )
            response = run()
            if hasattr(response, "render") and not response.is_rendered:
                # Now, while the held changes are in the database.
                response.render()
            saved_version = (
                versions.filter(pk__gt=newest_before).select_related("revision").first()
                if request.method == "POST" and response.status_code == 302
                else None
            )
            if saved_version is not None:
                copied = _copy(saved_version.revision)
            if not (copied and publish):
                transaction.set_rollback(True)
        if copied is None:
            return response, False
        now = timezone.now()
        if publish:
            model._default_manager.filter(pk=item.pk).update(updated_at=now)
            if pending is not None:
                pending.delete()
            _log(item, Action.PUBLISHED, request.user, note="Saved and published at once.")
            return response, True
        revision = _recreate(copied, using)
        _keep_ids_taken(copied, using)
        if pending is None:
            pending = PendingChange(**_reference(item))
        elif pending.state == State.SCHEDULED:
            # What a publisher approved has changed: it needs approving again.
            pending.state = State.SUBMITTED
            pending.publish_at = None
        pending.revision = revision
        pending.saved_by = request.user
        pending.saved_at = now
        pending.save()
    return response, True


def _draft_saved(sender, instance, **kwargs):
    """A submitted draft was saved, by any path (its form, a restored
    version): what waits for approval is now this, so an approval of what a
    publisher saw before is refused."""
    PendingChange.objects.filter(
        content_type=ContentType.objects.get_for_model(sender),
        object_id=instance.pk,
        revision__isnull=True,
    ).update(saved_at=instance.updated_at)


# The steps


def _claim(pending_id, seen_state, seen_saved_at, user, **changes) -> int:
    """Takes the pending change for this step if it is still as the user saw
    it; 0 if someone else has acted on it since."""
    return PendingChange.objects.filter(
        pk=pending_id, state=seen_state, saved_at=seen_saved_at
    ).update(reviewed_by=user, reviewed_at=timezone.now(), **changes)


def _what_happened(item, pending_id, seen_saved_at=None) -> str:
    """Why a step could not be taken: what a colleague did first."""
    still = PendingChange.objects.filter(pk=pending_id).first() if pending_id else None
    if still is not None and seen_saved_at is not None and still.saved_at != seen_saved_at:
        return (
            f"The changes were saved again at {uk_date_time(still.saved_at)}, after you "
            "opened this page. Nothing has been done: look at them again first."
        )
    event = events_for(item).first()
    if event is not None:
        who = event.user.get_username() if event.user else "the schedule"
        return (
            f"This has changed since you opened the page: “{event.get_action_display()}” by "
            f"{who} at {uk_date_time(event.at)}. Nothing else has been done: look at it again."
        )
    return "This has changed since you opened the page. Nothing has been done: look at it again."


def submit(item, user, *, note="", publish_at=None) -> PendingChange:
    """An editor asks a publisher to publish a draft, or held changes."""
    with transaction.atomic():
        pending = pending_for(item)
        if pending is None:
            if is_live(item):
                raise WorkflowError(
                    "There are no changes to submit: the public already sees this version."
                )
            pending = PendingChange(**_reference(item), saved_at=item.updated_at, saved_by=user)
        elif pending.state == State.SCHEDULED:
            raise WorkflowError("These changes are already approved; nothing to submit.")
        pending.state = State.SUBMITTED
        pending.submitted_by = user
        pending.submitted_at = timezone.now()
        pending.note = note
        pending.publish_at = publish_at
        pending.comment = ""
        pending.save()
        _log(item, Action.SUBMITTED, user, note=note, publish_at=publish_at)
    return pending


def withdraw(item, user, *, seen_state, seen_saved_at):
    with transaction.atomic():
        pending = pending_for(item)
        if (
            pending is None
            or seen_state != State.SUBMITTED
            or not _claim(pending.pk, seen_state, seen_saved_at, None, state=State.SAVED)
        ):
            raise WorkflowError(_what_happened(item, pending and pending.pk, seen_saved_at))
        if pending.revision_id is None:
            pending.delete()
        _log(item, Action.WITHDRAWN, user)


def approve(item, user, *, seen_state, seen_saved_at, publish_at=None) -> str:
    """A publisher publishes what is waiting, now or at `publish_at`. Returns
    what happened, in a sentence."""
    if not can_publish(user):
        raise WorkflowError("Only a publisher can publish.")
    now = timezone.now()
    later = publish_at is not None and publish_at > now
    with transaction.atomic():
        pending = pending_for(item)
        if pending is None:
            if (is_live(item) and not item.is_scheduled) or seen_state != "":
                raise WorkflowError(_what_happened(item, None))
            # A draft nobody submitted, or a scheduled item: a publisher may
            # publish it straight away, or set its time.
        elif not _claim(pending.pk, seen_state, seen_saved_at, user):
            raise WorkflowError(_what_happened(item, pending.pk, seen_saved_at))
        if pending is not None and pending.state == State.SUBMITTED:
            _log(item, Action.APPROVED, user, publish_at=publish_at if later else None)
        if pending is None or pending.revision_id is None:
            # A draft: it becomes published, at once or at its time.
            item.status = Status.PUBLISHED
            item.published_at = publish_at if later else now
            item.save(update_fields=["status", "published_at", "updated_at"])
            if pending is not None:
                pending.delete()
            if later:
                _log(item, Action.SCHEDULED, user, publish_at=publish_at)
                return f"“{item}” is scheduled: it becomes public at {uk_date_time(publish_at)}."
            _log(item, Action.PUBLISHED, user)
            return f"“{item}” is published."
        if later:
            PendingChange.objects.filter(pk=pending.pk).update(
                state=State.SCHEDULED, publish_at=publish_at
            )
            _log(item, Action.SCHEDULED, user, note="The changes waiting", publish_at=publish_at)
            return (
                f"The changes to “{item}” are approved: they become public at "
                f"{uk_date_time(publish_at)}. Until then the public sees the published version."
            )
        notes = _publish_held(pending, item, user)
        return " ".join([f"The changes to “{item}” are published.", *notes])


def _publish_held(pending, item, user, note="") -> list[str]:
    notes = _apply(pending, item)
    type(item)._default_manager.filter(pk=item.pk).update(updated_at=timezone.now())
    page_cache.content_changed()
    pending.delete()
    _log(item, Action.PUBLISHED, user, note=note or "The changes that were waiting.")
    return notes


def reject(item, user, *, seen_state, seen_saved_at, comment) -> None:
    if not can_publish(user):
        raise WorkflowError("Only a publisher can reject.")
    comment = comment.strip()
    if not comment:
        raise WorkflowError("Say what needs to change, so the editor can put it right.")
    with transaction.atomic():
        pending = pending_for(item)
        if (
            pending is None
            or seen_state not in (State.SUBMITTED, State.SCHEDULED)
            or not _claim(
                pending.pk,
                seen_state,
                seen_saved_at,
                user,
                state=State.REJECTED,
                comment=comment,
                publish_at=None,
            )
        ):
            raise WorkflowError(_what_happened(item, pending and pending.pk, seen_saved_at))
        _log(item, Action.REJECTED, user, note=comment)


def discard(item, user, *, seen_state, seen_saved_at) -> None:
    """Drops the held changes of a published item: the published version
    stays. The held version stays in the history, to restore if wanted."""
    with transaction.atomic():
        pending = pending_for(item)
        if pending is None or pending.revision_id is None:
            raise WorkflowError(_what_happened(item, pending and pending.pk, seen_saved_at))
        if seen_state == State.SCHEDULED and not can_publish(user):
            raise WorkflowError(
                "A publisher approved these changes: only a publisher can drop them."
            )
        if not _claim(pending.pk, seen_state, seen_saved_at, user):
            raise WorkflowError(_what_happened(item, pending.pk, seen_saved_at))
        pending.delete()
        _log(item, Action.DISCARDED, user)


def unpublish(item, user) -> str:
    """Takes a published item back to a draft. Changes that were held back
    become the draft's content, as nothing of a draft is public."""
    if not can_publish(user):
        raise WorkflowError("Only a publisher can unpublish.")
    with transaction.atomic():
        rows = type(item)._default_manager.filter(pk=item.pk, status=Status.PUBLISHED)
        if not rows.update(status=Status.DRAFT, updated_at=timezone.now()):
            raise WorkflowError(_what_happened(item, None))
        page_cache.content_changed()
        pending = pending_for(item)
        if pending is not None:
            _apply(pending, item)
            pending.delete()
        _log(item, Action.UNPUBLISHED, user)
    return f"“{item}” is unpublished: it is a draft, and the public no longer sees it."


def published_directly(item, user, was_status):
    """A publisher changed a draft's status in its form."""
    if was_status == item.status:
        return
    PendingChange.objects.filter(**_reference(item)).delete()
    if item.status == Status.PUBLISHED:
        if item.published_at > timezone.now():
            _log(item, Action.SCHEDULED, user, publish_at=item.published_at)
        else:
            _log(item, Action.PUBLISHED, user)


def live_items_linking_to(item) -> list:
    """Published items (public or scheduled) that deleting `item` would
    change: those whose link to it would be emptied, not deleted with it."""
    kinds = {kind.model for kind in registry.all_kinds()}
    found = []
    for relation in type(item)._meta.related_objects:
        if relation.related_model not in kinds:
            continue
        emptied = relation.many_to_many or relation.on_delete in (SET_NULL, SET_DEFAULT)
        if not emptied:
            continue
        field = relation.field.name
        found += relation.related_model._default_manager.filter(
            **{field: item}, status=Status.PUBLISHED
        )
    return found


# Changes approved for later


def publish_due_changes(now=None) -> int:
    """Publishes the held changes whose approved time has come. Returns how
    many. Safe to run in several processes at once: each is claimed first."""
    now = now or timezone.now()
    due = PendingChange.objects.filter(state=State.SCHEDULED, publish_at__lte=now)
    published = 0
    for pending_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            claimed = PendingChange.objects.filter(
                pk=pending_id, state=State.SCHEDULED, publish_at__lte=now
            ).update(state=State.SUBMITTED)
            if not claimed:
                continue
            pending = PendingChange.objects.select_related("content_type").get(pk=pending_id)
            item = pending.item
            try:
                with transaction.atomic():
                    _publish_held(pending, item, None, note="At the time a publisher approved.")
            except HeldChangesBroken as error:
                # Left for a publisher to see, rather than tried again forever.
                PendingChange.objects.filter(pk=pending_id).update(
                    state=State.REJECTED,
                    comment=f"These changes could not be published at their time. {error}",
                )
                logger.warning("Scheduled changes to %s could not be published: %s", item, error)
                continue
            published += 1
    return published


class ScheduledChangesMiddleware:
    """Publishes due changes from the next request after their time, so a
    site without cron still publishes them; at most once per
    SCHEDULED_CHANGES_CHECK_SECONDS in each process, at the cost of one
    indexed query. A failure is logged and never reaches the visitor."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.next_check = None

    def __call__(self, request):
        interval = settings.SCHEDULED_CHANGES_CHECK_SECONDS
        # Not for the load balancer's health check: it must answer at once.
        if interval > 0 and request.path != "/healthz":
            now = timezone.now()
            if self.next_check is None or now >= self.next_check:
                self.next_check = now + datetime.timedelta(seconds=interval)
                try:
                    publish_due_changes(now)
                except DatabaseError:
                    logger.exception("Publishing scheduled changes failed; trying again later.")
                    # The page would wait for the database again, and fail.
                    self.next_check = now
                    return unavailable(request)
        return self.get_response(request)


def _forget_deleted(sender, instance, **kwargs):
    PendingChange.objects.filter(
        content_type=ContentType.objects.get_for_model(sender), object_id=instance.pk
    ).delete()


def connect_signals():
    """A deleted item has nothing waiting to be published; a saved draft's
    submission is of what it holds now."""
    for kind in registry.all_kinds():
        post_delete.connect(_forget_deleted, sender=kind.model, weak=False)
        post_save.connect(_draft_saved, sender=kind.model, weak=False)
