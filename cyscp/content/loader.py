"""Loading the partnership's content from a data file, safely and repeatably.

Each table of the data file (themes, hub sections, case reviews, briefings...)
is described by a `Table`: its name in the file, the model it fills, its
natural key, and how a row becomes field values. The loader remembers, per record, a
fingerprint of the record as it left the loader and of the data row it came
from. On the next run:

- no record yet: create it;
- the record no longer matches what was loaded: staff have edited it, so
  leave it alone and say so;
- the data row is unchanged: nothing to do;
- otherwise the data file changed and the record is untouched: update it.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from cyscp.models import LoadedRecord


class LoadError(Exception):
    """Bad data in the content file; the message names the entry."""


@dataclass
class Table:
    name: str  # in the data file
    model: type[models.Model]
    # The field that names a record in the data file (its natural key).
    key: str
    # Turns a data row into model field values (foreign keys resolved).
    values: Callable[[dict], dict] = dict
    # Many-to-many fields: name -> function returning the related objects.
    many: dict[str, Callable[[dict], list]] = field(default_factory=dict)
    defaults: dict = field(default_factory=dict)
    # For a table with one record only (the hub page), its fixed key.
    single: str | None = None
    # Run after a record is first created, e.g. to give a briefing its points.
    after_create: Callable[[models.Model], None] | None = None

    def key_of(self, row: dict) -> str:
        return self.single or str(row.get(self.key, "")).strip()

    def existing(self, key: str) -> models.QuerySet:
        manager = self.model._default_manager
        return manager.all() if self.single else manager.filter(**{self.key: key})


@dataclass
class Report:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _digest(data) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def record_fingerprint(obj: models.Model, fields: list[str]) -> str:
    """The record's values, as stored, for the fields the loader sets.

    Only those fields count: a field added to the model later, or one the
    data file never sets, must not make a record look edited by staff.
    """
    obj = type(obj)._default_manager.get(pk=obj.pk)
    data = {}
    for name in fields:
        model_field = obj._meta.get_field(name)
        if model_field.many_to_many:
            data[name] = sorted(getattr(obj, name).values_list("pk", flat=True))
        else:
            data[name] = model_field.value_from_object(obj)
    return _digest(data)


def _edited_since_loading(obj: models.Model, loaded: LoadedRecord) -> bool:
    # A save after loading counts as an edit even when it touched only fields
    # the file does not set (yet); the fingerprint covers models that keep no
    # updated_at.
    saved_at = getattr(obj, "updated_at", None)
    if saved_at is not None and saved_at > loaded.loaded_at:
        return True
    return record_fingerprint(obj, loaded.fields) != loaded.fingerprint


class Loader:
    def __init__(self, tables: list[Table]):
        self.tables = tables

    def load(self, content: dict, *, dry_run: bool = False) -> Report:
        report = Report()
        with transaction.atomic():
            for table in self.tables:
                rows = content.get(table.name, [])
                if isinstance(rows, dict):  # a single record, such as the hub page
                    rows = [rows]
                if not isinstance(rows, list):
                    raise LoadError(f"“{table.name}” must be a list of entries.")
                for index, row in enumerate(rows, start=1):
                    self._load_row(table, row, index, report)
            if dry_run:
                transaction.set_rollback(True)
        return report

    def _load_row(self, table: Table, row: dict, index: int, report: Report) -> None:
        where = f"{table.name} entry {index}"
        if not isinstance(row, dict):
            raise LoadError(f"{where}: expected a table of fields.")
        key = table.key_of(row)
        if not key:
            raise LoadError(f"{where}: “{table.key}” is required.")
        label = f"{table.model._meta.verbose_name} “{key}”"
        content_type = ContentType.objects.get_for_model(table.model)
        source = _digest(row)
        loaded = LoadedRecord.objects.filter(content_type=content_type, key=key).first()

        obj = None
        if loaded is not None:
            obj = table.model._default_manager.filter(pk=loaded.object_id).first()
            if obj is None:
                report.skipped.append(f"{label} (deleted by staff; not recreated)")
                return
            if _edited_since_loading(obj, loaded):
                report.skipped.append(f"{label} (edited by staff since it was loaded)")
                return
            if loaded.source_fingerprint == source:
                report.unchanged.append(label)
                return
        elif table.existing(key).exists():
            # Made by staff before the loader ever saw it: theirs to keep.
            report.skipped.append(f"{label} (already exists, made by staff)")
            return

        try:
            values = {**table.defaults, **table.values(row)}
            related = {name: resolve(row) for name, resolve in table.many.items()}
        except (LoadError, KeyError, LookupError, ValueError) as exc:
            raise LoadError(f"{where} ({key}): {exc}") from exc
        for name, value in values.items():
            # A time in the data file is UK time, as staff would read it.
            if isinstance(value, datetime) and timezone.is_naive(value):
                values[name] = timezone.make_aware(value)
        field_names = {f.name for f in table.model._meta.concrete_fields}
        unknown = sorted(set(values) - field_names)
        if unknown:
            raise LoadError(f"{where} ({key}): unknown field(s) {', '.join(unknown)}")
        is_new = obj is None
        obj = obj or table.model()
        for name, value in values.items():
            setattr(obj, name, value)
        try:
            obj.full_clean()
        except ValidationError as exc:
            problems = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
            raise LoadError(f"{where} ({key}): {problems}") from exc
        obj.save()
        for name, objects in related.items():
            getattr(obj, name).set(objects)
        if is_new and table.after_create:
            table.after_create(obj)
        loaded_fields = sorted([*values, *related])
        LoadedRecord.objects.update_or_create(
            content_type=content_type,
            key=key,
            defaults={
                "object_id": obj.pk,
                "fields": loaded_fields,
                "fingerprint": record_fingerprint(obj, loaded_fields),
                "source_fingerprint": source,
            },
        )
        (report.created if is_new else report.updated).append(label)
