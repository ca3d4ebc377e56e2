"""The publishing calendar: what went public, and what is scheduled to, month
by month, across every kind in the registry, in UK time."""

import calendar
import datetime
from itertools import groupby

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from . import registry
from .models import PendingChange
from .publishing import Status

MONTH = "%Y-%m"


def _month_asked(request, today: datetime.date) -> datetime.date:
    asked = request.GET.get("month", "")
    if not asked:
        return today.replace(day=1)
    try:
        month = datetime.datetime.strptime(asked[:7], MONTH).date()  # noqa: DTZ007 (a month)
    except ValueError:
        month = None
    if month is None or len(asked) != 7 or not 1900 < month.year < 3000:
        messages.warning(request, f"“{asked[:20]}” is not a month (for example 2026-12).")
        return today.replace(day=1)
    return month


def _shift(month: datetime.date, by: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + by
    return datetime.date(index // 12, index % 12 + 1, 1)


def publishing_calendar(request):
    """Staff only (wrapped by the admin site)."""
    now = timezone.localtime()
    month = _month_asked(request, now.date())
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(month, datetime.time(), zone)
    end = datetime.datetime.combine(_shift(month, 1), datetime.time(), zone)

    entries = []
    for kind in registry.all_kinds():
        model = kind.model
        if not admin.site.is_registered(model):
            continue
        if not request.user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}"):
            continue
        items = kind.with_list_rows(
            model.objects.filter(
                status=Status.PUBLISHED, published_at__gte=start, published_at__lt=end
            )
        )
        for item in items:
            entries.append(
                {
                    "when": timezone.localtime(item.published_at),
                    "kind": kind.label,
                    "title": item.heading,
                    "scheduled": item.published_at > now,
                    "url": reverse(
                        f"admin:{model._meta.app_label}_{model._meta.model_name}_change",
                        args=[item.pk],
                    ),
                }
            )
    # Changes to published items, approved to go public at a later time.
    changes = PendingChange.objects.filter(
        state=PendingChange.State.SCHEDULED, publish_at__gte=start, publish_at__lt=end
    ).select_related("content_type")
    for change in changes:
        model = change.content_type.model_class()
        kind = registry.for_model(model)
        item = change.item
        if kind is None or item is None:
            continue
        if not request.user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}"):
            continue
        entries.append(
            {
                "when": timezone.localtime(change.publish_at),
                "kind": kind.label,
                "title": f"Changes to {item.heading}",
                "scheduled": True,
                "url": reverse(
                    f"admin:{model._meta.app_label}_{model._meta.model_name}_publishing",
                    args=[item.pk],
                ),
            }
        )
    entries.sort(key=lambda entry: entry["when"])
    days = [
        (day, list(day_entries))
        for day, day_entries in groupby(entries, key=lambda entry: entry["when"].date())
    ]
    context = {
        **admin.site.each_context(request),
        "title": f"Publishing calendar: {calendar.month_name[month.month]} {month.year}",
        "days": days,
        "month": month,
        "previous": _shift(month, -1),
        "next": _shift(month, 1),
        "this_month": now.date().replace(day=1),
        "count": len(entries),
    }
    return TemplateResponse(request, "admin/cyscp/publishing_calendar.html", context)
