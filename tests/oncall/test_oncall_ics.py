"""The iCalendar output parses with `icalendar`, matches the shifts and keeps its UIDs."""

from __future__ import annotations

from datetime import UTC, datetime

import icalendar
from oncall_builders import NONE, rotation, schedule, time_of_day, user, utc

from ogsync.oncall import compute_timeline
from ogsync.oncall.ics import to_ics

LONG_NAME = "Zoë Ünïcødé-Ñame, the; on-call \\ lead with a name far longer than one line"
STAMP = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


def sample_timeline():  # type: ignore[no-untyped-def]
    sched = schedule(
        rotation(
            "Business hours",
            "daily",
            "2024-03-01T00:00:00Z",
            [user("alice@x"), NONE, user(LONG_NAME)],
            restriction=time_of_day(9, 0, 17, 0),
        ),
        tz="Europe/Berlin",
    )
    sched["name"] = "Primary, EU"
    return compute_timeline(sched, utc("2024-03-04T00:00"), utc("2024-03-10T00:00"))


def test_ics_parses_and_has_one_event_per_shift_with_someone_on_call() -> None:
    timeline = sample_timeline()
    text = to_ics([timeline], stamp=STAMP)
    calendar = icalendar.Calendar.from_ical(text)
    events = list(calendar.walk("VEVENT"))
    on_call = [p for p in timeline.periods if p.participant is not None]
    assert len(on_call) == 4  # six days, every third one a `none` slot
    assert [(e.decoded("DTSTART"), e.decoded("DTEND")) for e in events] == [
        (p.start, p.end) for p in on_call
    ]
    assert [str(e.get("SUMMARY")) for e in events][:2] == [
        "On call: alice@x (Primary, EU / Business hours)",
        f"On call: {LONG_NAME} (Primary, EU / Business hours)",
    ]
    assert all(e.decoded("DTSTAMP") == STAMP for e in events)
    assert events[0].decoded("DTSTART") == datetime(2024, 3, 4, 8, 0, tzinfo=UTC)


def test_ics_is_crlf_folded_at_75_octets_and_uses_utc_times() -> None:
    raw = to_ics([sample_timeline()], stamp=STAMP).encode("utf-8")
    assert raw.endswith(b"END:VCALENDAR\r\n")
    lines = raw.split(b"\r\n")[:-1]
    assert b"\n" not in b"".join(lines)
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # the long name was folded
    for line in lines:
        line.decode("utf-8")  # no fold split a character
    starts = [line for line in lines if line.startswith((b"DTSTART", b"DTEND", b"DTSTAMP"))]
    assert starts and all(line.endswith(b"Z") for line in starts)


def test_uids_are_unique_and_stable_across_runs() -> None:
    first = icalendar.Calendar.from_ical(to_ics([sample_timeline()], stamp=STAMP))
    later = icalendar.Calendar.from_ical(
        to_ics([sample_timeline()], stamp=datetime(2025, 1, 1, tzinfo=UTC))
    )
    uids = [str(e["UID"]) for e in first.walk("VEVENT")]
    assert len(set(uids)) == len(uids)
    assert uids == [str(e["UID"]) for e in later.walk("VEVENT")]


def test_uid_changes_when_the_shift_goes_to_someone_else() -> None:
    timeline = sample_timeline()
    swapped = schedule(
        rotation(
            "Business hours",
            "daily",
            "2024-03-01T00:00:00Z",
            [user("bob@x"), NONE, user(LONG_NAME)],
            restriction=time_of_day(9, 0, 17, 0),
        ),
        tz="Europe/Berlin",
    )
    swapped["name"] = "Primary, EU"
    other = compute_timeline(swapped, utc("2024-03-04T00:00"), utc("2024-03-10T00:00"))
    before = [
        str(e["UID"])
        for e in icalendar.Calendar.from_ical(to_ics([timeline], stamp=STAMP)).walk("VEVENT")
    ]
    after = [
        str(e["UID"])
        for e in icalendar.Calendar.from_ical(to_ics([other], stamp=STAMP)).walk("VEVENT")
    ]
    assert before[0] != after[0]  # alice's shift became bob's
    assert before[1] == after[1]  # the long-named person's shift did not move
