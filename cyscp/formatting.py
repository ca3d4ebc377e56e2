"""Dates and times in the style UK public services use (GOV.UK style), for
masterclasses and publication times:
“Tuesday 30 November 2021, 12:30pm to 1:30pm”, always in UK time."""

from datetime import datetime

from django.utils import dateformat, timezone


def uk_time(moment: datetime) -> str:
    """“9am”, “12:30pm”, “midday”, “midnight”."""
    local = timezone.localtime(moment)
    if (local.hour, local.minute) == (12, 0):
        return "midday"
    if (local.hour, local.minute) == (0, 0):
        return "midnight"
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    return f"{hour}{suffix}" if local.minute == 0 else f"{hour}:{local.minute:02d}{suffix}"


def uk_date(moment: datetime) -> str:
    """“Tuesday 30 November 2021”."""
    return dateformat.format(timezone.localtime(moment), "l j F Y")


def uk_date_time(moment: datetime | None) -> str:
    """“Tuesday 4 March 2031, 9:30am”."""
    return f"{uk_date(moment)}, {uk_time(moment)}" if moment else ""


def when(start: datetime, end: datetime, *, date_only: bool = False) -> str:
    same_day = timezone.localtime(start).date() == timezone.localtime(end).date()
    if date_only:
        return uk_date(start) if same_day else f"{uk_date(start)} to {uk_date(end)}"
    if same_day:
        return f"{uk_date(start)}, {uk_time(start)} to {uk_time(end)}"
    return f"{uk_date(start)}, {uk_time(start)} to {uk_date(end)}, {uk_time(end)}"
