"""Masterclasses as iCalendar, built with the icalendar library."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from icalendar import Calendar, Event

LONDON = ZoneInfo("Europe/London")
PRODUCT = "-//City of York Safeguarding Children Partnership//CYSCP Learning//EN"


def calendar_for(masterclasses, request, *, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/London")
    for masterclass in masterclasses:
        calendar.add_component(event_for(masterclass, request))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def event_for(masterclass, request) -> Event:
    event = Event()
    # The UID never changes, so a calendar that already has the event updates
    # it (helped by SEQUENCE) rather than adding a second copy.
    event.add("uid", f"{masterclass.uid}@cyscp-learning")
    event.add("sequence", masterclass.sequence)
    event.add("dtstamp", timezone.now())
    event.add("last-modified", masterclass.last_changed)
    event.add("summary", masterclass.title)
    start = masterclass.start.astimezone(LONDON)
    end = masterclass.end.astimezone(LONDON)
    if masterclass.date_only:
        event.add("dtstart", start.date())
        event.add("dtend", end.date() + timedelta(days=1))
    else:
        event.add("dtstart", start)
        event.add("dtend", end)
    url = request.build_absolute_uri(masterclass.get_absolute_url())
    event.add("url", url)
    location = masterclass.venue or masterclass.get_format_display()
    if location:
        event.add("location", location)
    description = [f"Details and booking: {url}"]
    if masterclass.cancelled:
        description.insert(0, f"Cancelled: {masterclass.cancellation_reason}")
    event.add("description", "\n\n".join(description))
    event.add("status", "CANCELLED" if masterclass.cancelled else "CONFIRMED")
    return event
