"""The publishing workflow in the admin (see cyscp.workflow for the rules).

- An editor's forms have no status or publication time; an editor cannot
  delete a published item, or change one except as held-back changes.
- Saving a published item holds the changes back. A publisher can also
  "Save and publish now".
- Each item has a Publishing page: what is waiting, compared with what is
  live, and the steps the member of staff may take (submit, withdraw,
  approve or publish now or at a time, reject with a comment, discard,
  unpublish).
- "Waiting for approval" lists every submission, oldest first.
"""

import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from . import history, registry, workflow
from .models import PendingChange
from .publishing import Status
from .staff import can_publish

State = PendingChange.State
PUBLISHING_FIELDS = ("status", "published_at")


class _DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class SubmitForm(forms.Form):
    note = forms.CharField(
        label="Note for the publisher (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    publish_at = forms.DateTimeField(
        label="Publish at (optional, UK time)",
        required=False,
        widget=_DateTimeInput(),
        help_text="Leave empty to ask for it to be published when approved.",
    )

    def clean_publish_at(self):
        when = self.cleaned_data["publish_at"]
        if when is not None and when <= timezone.now():
            raise forms.ValidationError("Choose a time in the future, or leave it empty.")
        return when


class ApproveForm(forms.Form):
    when = forms.ChoiceField(
        label="When",
        choices=[("now", "Publish now"), ("later", "Publish at the time below")],
        widget=forms.RadioSelect,
        initial="now",
    )
    publish_at = forms.DateTimeField(
        label="Publication time (UK time)", required=False, widget=_DateTimeInput()
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("when") == "later":
            when = cleaned.get("publish_at")
            if when is None:
                self.add_error("publish_at", "Give the time it should become public.")
            elif when <= timezone.now():
                self.add_error("publish_at", "Choose a time in the future, or publish now.")
        return cleaned


class RejectForm(forms.Form):
    comment = forms.CharField(
        label="What needs to change (the editor sees this)",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what needs to change, so the editor can put it right."},
    )


def _seen(pending) -> dict:
    """What the page showed, sent back with each step (see workflow)."""
    if pending is None:
        return {"seen_state": "", "seen_saved_at": ""}
    return {"seen_state": pending.state, "seen_saved_at": pending.saved_at.isoformat()}


def _parse_seen(post) -> tuple[str, datetime.datetime | None]:
    try:
        saved_at = datetime.datetime.fromisoformat(post.get("seen_saved_at", ""))
    except ValueError:
        saved_at = None
    if saved_at is not None and timezone.is_naive(saved_at):
        saved_at = None
    return post.get("seen_state", "")[:20], saved_at


class WorkflowAdmin:
    """Mixed into the admin of every kind of content with drafts."""

    # Who may do what

    def has_delete_permission(self, request, obj=None):
        # Deleting a draft would still change published items that link to
        # it (a briefing's case review is emptied).
        if (
            obj is not None
            and not can_publish(request.user)
            and (workflow.is_live(obj) or workflow.live_items_linking_to(obj))
        ):
            return False
        return super().has_delete_permission(request, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and "_saveasnew" in request.POST:
            # There is no "Save as new" here; posted anyway, it would save a
            # copy past the checks on this item (a restored version's status).
            request.POST = request.POST.copy()
            del request.POST["_saveasnew"]
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_changelist_form(self, request, **kwargs):
        base = super().get_changelist_form(request, **kwargs)

        class ChangelistForm(base):
            def clean(self):
                cleaned = super().clean()
                # A published item's waiting changes hold all of it: changed here
                # as well, publishing them would undo this.
                if (
                    self.instance.pk
                    and workflow.pending_for(self.instance)
                    and (workflow.is_live(self.instance))
                ):
                    raise forms.ValidationError(
                        f"“{self.instance}” has changes waiting to be published: change it "
                        "in its form, or publish or discard those changes first."
                    )
                return cleaned

        return ChangelistForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if can_publish(request.user) and not (obj is not None and workflow.is_live(obj)):
            return fieldsets
        # Editors never set status or time; a published item's are changed
        # by the steps on its Publishing page, never by a save.
        return [
            (
                name,
                {**options, "fields": [f for f in options["fields"] if f not in PUBLISHING_FIELDS]},
            )
            for name, options in fieldsets
        ]

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        if not can_publish(request.user):
            # Editing in the list (a hub section's position) saves straight to
            # the public page.
            changelist.list_editable = ()
        return changelist

    def save_model(self, request, obj, form, change):
        stored = None
        if change:
            stored = getattr(request, "publishing_before_revert", None) or (
                type(obj)._default_manager.filter(pk=obj.pk).values(*PUBLISHING_FIELDS).first()
            )
        if not can_publish(request.user):
            # Whatever was posted, or restored from an old version.
            if stored is None:
                obj.status = Status.DRAFT
            else:
                obj.status, obj.published_at = stored["status"], stored["published_at"]
        super().save_model(request, obj, form, change)
        if not workflow.is_live(obj) or stored is None or stored["status"] != obj.status:
            request.workflow_saved = (obj, stored["status"] if stored else Status.DRAFT)

    def _after_save(self, request):
        """Once the save is in (outside any held-back savepoint): publishing
        events for a publisher's own status change, and a submission."""
        saved = getattr(request, "workflow_saved", None)
        if saved is not None and not getattr(request, "holding_changes", False):
            obj, was_status = saved
            workflow.published_directly(obj, request.user, was_status)
        obj = getattr(request, "workflow_submit", None)
        if obj is None:
            return
        form = SubmitForm(
            {
                "note": request.POST.get("approval_note", ""),
                "publish_at": request.POST.get("approval_publish_at", ""),
            }
        )
        if not form.is_valid():
            messages.warning(
                request,
                "Saved, but not submitted: "
                + " ".join(message for errors in form.errors.values() for message in errors),
            )
            return
        try:
            workflow.submit(obj, request.user, **form.cleaned_data)
        except (workflow.WorkflowError, IntegrityError) as error:
            messages.warning(request, f"Saved, but not submitted: {error}")
        else:
            messages.success(request, f"“{obj}” is submitted: a publisher will look at it.")

    # Saving

    def add_view(self, request, form_url="", extra_context=None):
        response = super().add_view(request, form_url, extra_context)
        self._after_save(request)
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not workflow.is_live(obj) or not self.has_change_permission(request, obj):
            response = super().change_view(request, object_id, form_url, extra_context)
            self._after_save(request)
            return response
        response = self._save_of_published(
            request,
            obj,
            lambda: super(WorkflowAdmin, self).change_view(
                request, object_id, form_url, extra_context
            ),
        )
        self._after_save(request)
        return response

    def _save_of_published(self, request, obj, run, **options):
        """Runs a view that saves a published item: its changes are held
        back or, when a publisher pressed "Save and publish now", public at
        once."""
        publish = request.method == "POST" and "_publish" in request.POST
        if publish and not can_publish(request.user):
            raise PermissionDenied
        request.holding_changes = not publish
        request.publishing_now = publish
        response, _ = workflow.hold_changes(request, obj, run, publish=publish, **options)
        request.holding_changes = False
        return response

    def _reversion_revisionform_view(self, request, version, template_name, extra_context=None):
        obj = self.model._default_manager.filter(pk=version.object_id).first()
        if obj is not None:
            # An old version may have been published: restoring it must not
            # publish it for an editor, nor change a published item at once.
            request.publishing_before_revert = (
                type(obj)._default_manager.filter(pk=obj.pk).values(*PUBLISHING_FIELDS).first()
            )
        if request.method != "POST" or obj is None or not workflow.is_live(obj):
            return super()._reversion_revisionform_view(
                request, version, template_name, extra_context
            )
        return self._save_of_published(
            request,
            obj,
            lambda: super(WorkflowAdmin, self)._reversion_revisionform_view(
                request, version, template_name, extra_context
            ),
            apply_pending=False,
        )

    def start_preview(self, obj):
        # A preview of a published item's form starts from its held changes,
        # as the form does.
        obj = super().start_preview(obj)
        if obj is not None and workflow.is_live(obj):
            return workflow.put_held_changes_in(obj)
        return obj

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        if getattr(request, "holding_changes", False) and level == messages.SUCCESS:
            message = (
                "Your changes are saved but not public yet: the public sees the published "
                "version until a publisher publishes them. They are listed on the item's "
                "Publishing page."
            )
        super().message_user(request, message, level, *args, **kwargs)

    def response_add(self, request, obj, post_url_continue=None):
        if "_submit" in request.POST:
            request.workflow_submit = obj
            return redirect(self._url("change", obj))
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if "_submit" in request.POST:
            request.workflow_submit = obj
            self.message_user(request, f"“{obj}” is saved.", messages.SUCCESS)
            return redirect(self._url("change", obj))
        if getattr(request, "publishing_now", False):
            self.message_user(request, f"Your changes to “{obj}” are published.", messages.SUCCESS)
            return redirect(self._url("change", obj))
        return super().response_change(request, obj)

    def _url(self, view, obj=None):
        opts = self.model._meta
        name = f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_{view}"
        return reverse(name, args=[quote(obj.pk)] if obj is not None else [])

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        existing = obj is not None and obj.pk is not None
        publisher = can_publish(request.user)
        may_change = (
            self.has_change_permission(request, obj)
            if existing
            else self.has_add_permission(request)
        )
        pending = workflow.pending_for(obj) if existing else None
        live = existing and workflow.is_live(obj)
        context.update(
            {
                "workflow": {
                    "pending": pending,
                    "live": live,
                    "publisher": publisher,
                    "publishing_url": self._url("publishing", obj) if existing else "",
                    # Editors ask; publishers of a draft set its status themselves.
                    "offer_submit": may_change
                    and not publisher
                    and not (pending and pending.state == State.SCHEDULED),
                    "offer_publish": may_change and publisher and live,
                }
            }
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None:
            pending = workflow.pending_for(obj)
            extra_context = {
                "held_revision_id": pending.revision_id if pending else None,
                "events": workflow.events_for(obj)[:50],
                "publishing_url": self._url("publishing", obj),
                **(extra_context or {}),
            }
        return super().history_view(request, object_id, extra_context)

    # The Publishing page

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/publishing/",
                self.admin_site.admin_view(self.publishing_view),
                name=f"{opts.app_label}_{opts.model_name}_publishing",
            ),
            *super().get_urls(),
        ]

    def publishing_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("No such item.")
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        if request.method == "POST":
            return self._take_step(request, obj)
        return self._publishing_page(request, obj)

    def _publishing_page(self, request, obj, forms_with_errors=None):
        pending = workflow.pending_for(obj)
        publisher = can_publish(request.user)
        may_change = self.has_change_permission(request, obj)
        live = workflow.is_live(obj)
        held = workflow.held_version(pending)
        changes = None
        if held is not None:
            live_version, live_set = history.live_versions(obj)
            changes = history.compare(live_version, held, older_set=live_set)
        state = pending.state if pending else ""
        steps = forms_with_errors or {}
        approve_initial = {}
        if pending is not None and pending.publish_at:
            approve_initial = {
                "when": "later",
                "publish_at": timezone.localtime(pending.publish_at),
            }
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": obj,
            "title": f"Publishing “{obj}”",
            "pending": pending,
            "held": held,
            "changes": changes,
            "live": live,
            "kind": registry.for_model(type(obj)),
            "events": workflow.events_for(obj)[:50],
            "seen": _seen(pending),
            "change_url": self._url("change", obj),
            "history_url": self._url("history", obj),
            "page_url": obj.get_absolute_url(),
            "publisher": publisher,
            # Which steps this member of staff may take now.
            "can_submit": may_change
            and state in ("", State.SAVED, State.REJECTED)
            and (held is not None or not live),
            # A publisher approves or rejects instead.
            "can_withdraw": may_change and not publisher and state == State.SUBMITTED,
            "can_approve": publisher and (held is not None or not live or obj.is_scheduled),
            "can_reject": publisher and state in (State.SUBMITTED, State.SCHEDULED),
            "can_discard": may_change and held is not None,
            "can_unpublish": publisher and live,
            "submit_form": steps.get("submit") or SubmitForm(prefix="submit"),
            "approve_form": steps.get("approve")
            or ApproveForm(prefix="approve", initial=approve_initial),
            "reject_form": steps.get("reject") or RejectForm(prefix="reject"),
        }
        return TemplateResponse(request, "admin/cyscp/publishing.html", context)

    def _take_step(self, request, obj):
        step = request.POST.get("step", "")
        seen_state, seen_saved_at = _parse_seen(request.POST)
        seen = {"seen_state": seen_state, "seen_saved_at": seen_saved_at}
        publisher_steps = {"approve", "reject", "unpublish"}
        if step in publisher_steps and not can_publish(request.user):
            raise PermissionDenied
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        form_classes = {
            "submit": SubmitForm,
            "approve": ApproveForm,
            "reject": RejectForm,
        }
        form = None
        if step in form_classes:
            form = form_classes[step](request.POST, prefix=step)
            if not form.is_valid():
                messages.error(request, "Please correct the errors below.")
                return self._publishing_page(request, obj, {step: form})
        try:
            if step == "submit":
                workflow.submit(obj, request.user, **form.cleaned_data)
                done = f"“{obj}” is submitted: a publisher will look at it."
            elif step == "withdraw":
                workflow.withdraw(obj, request.user, **seen)
                done = f"“{obj}” is no longer waiting for approval."
            elif step == "approve":
                later = form.cleaned_data["when"] == "later"
                done = workflow.approve(
                    obj,
                    request.user,
                    **seen,
                    publish_at=form.cleaned_data["publish_at"] if later else None,
                )
            elif step == "reject":
                workflow.reject(obj, request.user, **seen, comment=form.cleaned_data["comment"])
                done = f"“{obj}” is sent back to the editor with your comment."
            elif step == "discard":
                workflow.discard(obj, request.user, **seen)
                done = f"The changes to “{obj}” are discarded; the published version stays."
            elif step == "unpublish":
                done = workflow.unpublish(obj, request.user)
            else:
                messages.error(request, "Choose one of the steps on this page.")
                return redirect(self._url("publishing", obj))
        except (workflow.WorkflowError, IntegrityError) as error:
            messages.error(request, str(error))
        else:
            messages.success(request, done)
        return redirect(self._url("publishing", obj))


def waiting_for_approval(request):
    """Every submission, oldest first (staff only: wrapped by the admin site)."""
    rows = []
    pending = (
        PendingChange.objects.filter(state=State.SUBMITTED)
        .select_related("content_type", "submitted_by")
        .order_by("submitted_at", "pk")
    )
    for change in pending:
        model = change.content_type.model_class()
        kind = registry.for_model(model)
        if kind is None or not request.user.has_perm(
            f"{model._meta.app_label}.view_{model._meta.model_name}"
        ):
            continue
        item = change.item
        if item is None:
            continue
        rows.append(
            {
                "change": change,
                "item": item,
                "kind": kind,
                "is_new": change.revision_id is None,
                "url": reverse(
                    f"admin:{model._meta.app_label}_{model._meta.model_name}_publishing",
                    args=[item.pk],
                ),
            }
        )
    context = {
        **admin.site.each_context(request),
        "title": "Waiting for approval",
        "rows": rows,
        "publisher": can_publish(request.user),
    }
    return TemplateResponse(request, "admin/cyscp/waiting_for_approval.html", context)
