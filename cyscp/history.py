"""History for every kind of content: versions, compare, revert and the recycle bin.

Each save in the admin stores a version of the item with its child rows
(a briefing's points, a masterclass's speakers and presentations, a hub
section's resources) and its themes and files, with who saved it and when.
Which models are kept, and which child rows go with them, comes from the
registry of content kinds, so a new kind has a history without a line here.

Two rules the library leaves to us:
- an item restored from the recycle bin comes back as a draft, so nothing
  reappears to the public by surprise;
- a version may name a theme, a partnership or a document deleted since:
  the restore keeps everything else and says what it left out, instead of
  failing when the database refuses the missing record.
"""

import difflib
import html
import re

import reversion
from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models.deletion import Collector
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import escape, format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from reversion.admin import VersionAdmin
from reversion.errors import RevertError
from reversion.models import Version, _safe_revert
from reversion.revisions import _follow_relations_recursive, _get_options

from . import redirects, registry
from .publishing import Status
from .richtext import RichTextField

# Model -> the accessors of its child rows, filled by register_content_kinds().
_children: dict[type, tuple[str, ...]] = {}


def child_relations(model) -> list[models.ManyToOneRel]:
    """The rows that belong to an item and are edited with it: every foreign
    key to it from a model that is not itself a kind of content (a briefing
    points at a case review, but is not part of it)."""
    kinds = {kind.model for kind in registry.all_kinds()}
    return [
        relation
        for relation in model._meta.get_fields()
        if relation.one_to_many
        and relation.auto_created
        and relation.related_model not in kinds
        and relation.related_model._meta.app_label in registry.app_labels()
    ]


def _register(model, follow=()):
    # The admin registers the models it shows (and their inlines) when it is
    # loaded, before the registry is filled; the registry's word is final.
    if reversion.is_registered(model):
        reversion.unregister(model)
    reversion.register(model, follow=follow)


def register_content_kinds():
    """Keep versions of every kind of content and of its child rows."""
    from .models import HubPage

    for kind in registry.all_kinds():
        relations = child_relations(kind.model)
        for relation in relations:
            _register(relation.related_model)
        follow = tuple(relation.get_accessor_name() for relation in relations)
        _register(kind.model, follow=follow)
        _children[kind.model] = follow
    _register(HubPage)


# Restoring what still can be


def _missing_reference_notes(versions, *, recovering) -> tuple[list[Version], list[str]]:
    """Prepares each version's saved object for restoring: references to
    records deleted since are dropped. Returns the versions that can be
    restored and a sentence for each thing left out."""
    in_revision = {(version._model, str(version.object_id)) for version in versions}
    restorable, notes = [], []
    for version in versions:
        saved = version._object_version
        obj = saved.object
        model = type(obj)
        noun = model._meta.verbose_name
        left_out = False
        cleared = []
        for field in model._meta.concrete_fields:
            if not field.many_to_one and not field.one_to_one:
                continue
            value = getattr(obj, field.attname)
            target = field.related_model
            if value is None or (target, str(value)) in in_revision:
                continue
            if target._default_manager.filter(pk=value).exists():
                continue
            if field.null:
                setattr(obj, field.attname, None)
                cleared.append(str(field.verbose_name))
            else:
                left_out = True
                notes.append(
                    f"The {noun} “{version.object_repr}” was left out: its "
                    f"{field.verbose_name} has been deleted since."
                )
        for name, ids in (saved.m2m_data or {}).items():
            field = model._meta.get_field(name)
            existing = set(
                field.related_model._default_manager.filter(pk__in=ids).values_list("pk", flat=True)
            )
            kept = [pk for pk in ids if pk in existing]
            if len(kept) < len(ids):
                saved.m2m_data[name] = kept
                gone = len(ids) - len(kept)
                notes.append(
                    f"{gone} of the {field.verbose_name} in this version "
                    f"{'has' if gone == 1 else 'have'} been deleted since and "
                    f"{'is' if gone == 1 else 'are'} left out."
                )
        if cleared:
            notes.append(
                f"The {noun}'s {' and '.join(cleared)} in this version "
                f"{'has' if len(cleared) == 1 else 'have'} been deleted since and "
                f"{'is' if len(cleared) == 1 else 'are'} left empty: choose another."
            )
        if getattr(obj, "status", None) == Status.PUBLISHED and (cleared or recovering):
            # A published item must be complete (a briefing needs its
            # partnership), and a recovered one must not reappear by surprise.
            obj.status = Status.DRAFT
        if not left_out:
            restorable.append(version)
    return restorable, notes


def _own_versions(revision, chosen) -> list[Version]:
    """The chosen item's version and its child rows' versions: a revision
    saved from a list (positions of many sections at once) holds other
    items too, and restoring one item must leave the others as they are."""
    model, object_id = chosen._model, str(chosen.object_id)
    children = {relation.related_model: relation.field for relation in child_relations(model)}
    own = []
    for version in revision.version_set.all():
        if version._model is model and str(version.object_id) == object_id:
            own.append(version)
        elif version._model in children:
            parent = getattr(version._object_version.object, children[version._model].attname)
            if str(parent) == object_id:
                own.append(version)
    return own


def restore_revision(request, revision, chosen, *, delete=False, recovering=False):
    """restore(), saying what it left out."""
    for note in restore(revision, chosen, delete=delete, recovering=recovering):
        messages.warning(request, note)


def restore(revision, chosen, *, delete=False, recovering=False) -> list[str]:
    """reversion's Revision.revert for the chosen item only, restoring what it
    can: child rows added since the version are deleted, so the version comes
    back exactly. A changed slug keeps the current address working. Returns
    a sentence for each thing it left out."""
    versions = _own_versions(revision, chosen)
    model = chosen._model
    slug_before = (
        model._default_manager.filter(pk=chosen.object_id).values_list("slug", flat=True).first()
        if registry.for_model(model) and registry.for_model(model).is_learning
        else None
    )
    db = versions[0].db if versions else "default"
    if delete:
        current = set()
        for version in versions:
            version_model = version._model
            id_field = _get_options(version_model).object_id_field
            found = version_model._default_manager.using(db).filter(**{id_field: version.object_id})
            current.update(found)
        added_since = [
            item
            for obj in current
            for item in _follow_relations_recursive(obj)
            if item not in current
        ]
        if added_since:
            collector = Collector(using=db)
            collector.collect(added_since)
            collector.delete()
    restorable, notes = _missing_reference_notes(versions, recovering=recovering)
    if not restorable:
        raise RevertError("Nothing in this version can be restored: what it used was deleted.")
    _safe_revert(restorable)
    if slug_before is not None:
        # The library saves "raw", which the rename signal leaves alone.
        item = model._default_manager.filter(pk=chosen.object_id).first()
        if item is not None and item.slug != slug_before:
            redirects.record_addresses(item, old_slug=slug_before)
    return notes


# Comparing two versions


def _as_text(field, value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(field, models.ManyToManyField):
        related = field.related_model._default_manager.in_bulk(value)
        return ", ".join(
            str(related[pk])
            if pk in related
            else f"(deleted {field.related_model._meta.verbose_name})"
            for pk in value
        )
    if field.many_to_one or field.one_to_one:
        found = field.related_model._default_manager.filter(pk=value).first()
        return str(found) if found else f"(deleted {field.related_model._meta.verbose_name})"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, RichTextField):
        # Rich text is compared as the words a reader sees, not its markup.
        text = re.sub(r"</(p|li|h\d)>", "\n", str(value))
        return html.unescape(strip_tags(text)).strip()
    return str(value)


def marked_changes(old: str, new: str) -> str:
    """HTML of the new text with removed words in <del> and added words in
    <ins>, each also said in words, so the change is not shown by colour alone."""
    # Words keep their following space, so a run of changed words is marked once.
    old_words, new_words = re.findall(r"\S+\s*", old), re.findall(r"\S+\s*", new)
    parts = []
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape("".join(old_words[i1:i2])))
            continue
        removed, added = "".join(old_words[i1:i2]), "".join(new_words[j1:j2])
        if removed:
            parts.append(format_html("<del>[removed: {}]</del>", removed.strip()))
        if removed and added:
            parts.append(" ")
        if added:
            parts.append(format_html("<ins>[added: {}]</ins>", added.strip()))
        if (added or removed)[-1:].isspace():
            parts.append(" ")
    return mark_safe("".join(parts).replace("\n", "<br>"))  # noqa: S308 (escaped above)


def _compared_fields(model):
    return [
        field
        for field in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if field.editable
        and not field.primary_key
        and field.name in _get_options(model).fields
        and not (field.many_to_many and not field.remote_field.through._meta.auto_created)
    ]


def _changed_fields(model, old: dict, new: dict, skip=()) -> list[dict]:
    rows = []
    for field in _compared_fields(model):
        if field.name in skip:
            continue
        before = _as_text(field, old.get(field.attname))
        after = _as_text(field, new.get(field.attname))
        if before != after:
            rows.append(
                {
                    "label": capfirst(field.verbose_name),
                    "changes": marked_changes(before, after),
                }
            )
    return rows


def _child_versions(version, versions, child_model, parent_field) -> dict[str, Version]:
    """The item's child rows of one kind among `versions`, by id."""
    return {
        child.object_id: child
        for child in versions
        if child._model is child_model
        and str(child.field_dict.get(parent_field.attname)) == str(version.object_id)
    }


def live_versions(obj) -> tuple[Version, list[Version]]:
    """The item as it is in the database now, with its child rows, as unsaved
    versions: what is published can be compared with changes held back."""
    using = obj._state.db or "default"
    found = []
    for item in [obj, *_follow_relations_recursive(obj)]:
        if item in found or item.pk is None or not reversion.is_registered(type(item)):
            continue
        options = _get_options(type(item))
        found.append(
            Version(
                content_type=ContentType.objects.db_manager(using).get_for_model(type(item)),
                object_id=str(getattr(item, options.object_id_field)),
                db=using,
                format=options.format,
                serialized_data=serializers.serialize(
                    options.format, (item,), fields=options.fields
                ),
                object_repr=str(item),
            )
        )
    return found[0], found


def compare(older: Version, newer: Version, older_set=None, newer_set=None) -> dict:
    """The fields and child rows that differ between two versions of an item.
    Each set is the versions saved with it (its revision's, by default)."""
    model = older._model
    if older_set is None:
        older_set = list(older.revision.version_set.all())
    if newer_set is None:
        newer_set = list(newer.revision.version_set.all())
    fields = _changed_fields(model, older.field_dict, newer.field_dict)
    children = []
    for accessor in _children.get(model, ()):
        relation = next(r for r in child_relations(model) if r.get_accessor_name() == accessor)
        child_model = relation.related_model
        parent_field = relation.field

        before = _child_versions(older, older_set, child_model, parent_field)
        after = _child_versions(newer, newer_set, child_model, parent_field)
        for object_id in sorted({*before, *after}, key=lambda pk: (len(pk), pk)):
            old, new = before.get(object_id), after.get(object_id)
            label = (new or old).object_repr
            if old is None:
                state, rows = "added", []
            elif new is None:
                state, rows = "removed", []
            else:
                state = "changed"
                rows = _changed_fields(
                    child_model, old.field_dict, new.field_dict, skip=(parent_field.name,)
                )
                if not rows:
                    continue
            children.append(
                {
                    "kind": capfirst(child_model._meta.verbose_name),
                    "label": label,
                    "state": state,
                    "fields": rows,
                }
            )
    return {"fields": fields, "children": children}


class HistoryAdmin(VersionAdmin):
    """The admin of every kind of content: history, compare, revert and the
    recycle bin ("Recover deleted")."""

    history_latest_first = True
    object_history_template = "admin/history/object_history.html"
    revision_form_template = "admin/history/revision_form.html"
    recover_form_template = "admin/history/recover_form.html"

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name=f"{opts.app_label}_{opts.model_name}_compare",
            ),
            *super().get_urls(),
        ]

    def history_view(self, request, object_id, extra_context=None):
        opts = self.model._meta
        name = f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}"
        obj = self.get_object(request, unquote(object_id))
        versions = Version.objects.get_for_object(obj) if obj else Version.objects.none()
        # The library's list, with each version's id for choosing two to compare.
        action_list = [
            {
                "version_id": version.pk,
                "revision": version.revision,
                "url": reverse(f"{name}_revision", args=[quote(version.object_id), version.pk]),
            }
            for version in self._reversion_order_version_queryset(
                request, versions.select_related("revision__user")
            )
        ]
        context = {
            "action_list": action_list,
            "compare_url": reverse(f"{name}_compare", args=[object_id]),
            **(extra_context or {}),
        }
        return super().history_view(request, object_id, context)

    def compare_view(self, request, object_id):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        # get_object answers None, not an error, for an id that is not one.
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("No such item.")
        opts = self.model._meta
        history = reverse(
            f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_history", args=[obj.pk]
        )
        versions = Version.objects.get_for_object(obj).select_related("revision__user")
        try:
            chosen = {int(request.GET["from"]), int(request.GET["to"])}
        except (KeyError, ValueError):
            chosen = set()
        # Ids past what the database can hold are not versions (and would
        # overflow the query).
        chosen = {pk for pk in chosen if 0 < pk < 2**31}
        found = sorted(versions.filter(pk__in=chosen), key=lambda version: version.pk)
        if len(found) != 2:
            messages.error(request, "Choose two different versions of this item to compare.")
            return redirect(history)
        older, newer = found
        return TemplateResponse(
            request,
            "admin/history/compare.html",
            {
                **self.admin_site.each_context(request),
                "opts": opts,
                "original": obj,
                "title": f"Compare versions of “{obj}”",
                "older": older,
                "newer": newer,
                "history_url": history,
                **compare(older, newer),
            },
        )

    def _reversion_revisionform_view(self, request, version, template_name, extra_context=None):
        recovering = bool((extra_context or {}).get("recover"))
        revision = version.revision
        # The library reverts the whole revision before showing the form; this
        # restores what still exists and says what it could not.
        revision.revert = lambda delete=False: restore_revision(
            request, revision, version, delete=delete, recovering=recovering
        )
        request.recovering_as_draft = recovering
        return super()._reversion_revisionform_view(request, version, template_name, extra_context)

    def _version_of_this_model(self, version_id):
        """The version, if it is one of this admin's model: a version of
        another kind must not be restored through this admin's permissions."""
        try:
            version = Version.objects.get_for_model(self.model).get(pk=int(version_id))
        except (Version.DoesNotExist, ValueError, OverflowError):
            raise Http404("No such version of this item.") from None
        return version

    def revision_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        version = self._version_of_this_model(version_id)
        if str(version.object_id) != str(unquote(object_id)):
            raise Http404("No such version of this item.")
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        version = self._version_of_this_model(version_id)
        if self.model._default_manager.filter(pk=version.object_id).exists():
            raise Http404("This item has not been deleted; open its history to restore a version.")
        return super().recover_view(request, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        if getattr(request, "recovering_as_draft", False) and hasattr(obj, "status"):
            obj.status = Status.DRAFT
            messages.info(
                request,
                f"“{obj}” is restored as a draft: it is not public until you publish it again.",
            )
        super().save_model(request, obj, form, change)
