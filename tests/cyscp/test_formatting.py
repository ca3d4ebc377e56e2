from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from cyscp.formatting import uk_time, when

LONDON = ZoneInfo("Europe/London")
UTC = ZoneInfo("UTC")


def test_the_partnerships_house_style():
    start = datetime(2021, 11, 30, 12, 30, tzinfo=LONDON)
    end = datetime(2021, 11, 30, 13, 30, tzinfo=LONDON)
    assert when(start, end) == "Tuesday 30 November 2021, 12:30pm to 1:30pm"


@pytest.mark.parametrize(
    ("hour", "minute", "expected"),
    [(9, 0, "9am"), (12, 0, "midday"), (0, 0, "midnight"), (13, 5, "1:05pm"), (0, 30, "12:30am")],
)
def test_times(hour, minute, expected):
    assert uk_time(datetime(2025, 1, 6, hour, minute, tzinfo=LONDON)) == expected


def test_times_are_uk_time_on_either_side_of_the_clock_change():
    # 30 March 2025: clocks go forward at 1am GMT. The same UTC hour reads an
    # hour later in UK time after the change.
    before = datetime(2025, 3, 29, 9, 30, tzinfo=UTC)
    after = datetime(2025, 3, 31, 9, 30, tzinfo=UTC)
    assert (
        when(before, before.replace(hour=11, minute=0)) == "Saturday 29 March 2025, 9:30am to 11am"
    )
    assert (
        when(after, after.replace(hour=11, minute=0)) == "Monday 31 March 2025, 10:30am to midday"
    )
    # 26 October 2025: clocks go back; a 10am start in UK time is 10am UTC again.
    autumn = datetime(2025, 10, 27, 10, 0, tzinfo=UTC)
    assert when(autumn, autumn.replace(hour=12)) == "Monday 27 October 2025, 10am to midday"


def test_an_event_over_the_night_the_clocks_change():
    start = datetime(2025, 10, 25, 22, 0, tzinfo=LONDON)
    end = datetime(2025, 10, 26, 2, 0, tzinfo=LONDON)
    assert when(start, end) == "Saturday 25 October 2025, 10pm to Sunday 26 October 2025, 2am"


def test_date_only_events():
    start = datetime(2021, 6, 17, 0, 0, tzinfo=LONDON)
    end = datetime(2021, 6, 17, 23, 59, tzinfo=LONDON)
    assert when(start, end, date_only=True) == "Thursday 17 June 2021"


def test_plain_text_keeps_a_space_where_paragraphs_and_list_items_end():
    from cyscp.text import plain

    markup = (
        "<p>The mother was doubted.</p><p>This is invented.</p><ul><li>One</li><li>Two</li></ul>"
    )
    assert plain(markup) == "The mother was doubted. This is invented. One Two"
