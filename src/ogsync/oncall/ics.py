"""iCalendar (RFC 5545) output of on-call shifts, with UIDs stable across runs."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from ogsync.oncall.timeline import Period, Timeline

PRODID = "-//ogsync//on-call//EN"
UID_DOMAIN = "ogsync"
MAX_LINE_OCTETS = 75
CRLF = "\r\n"


def to_ics(timelines: list[Timeline], *, stamp: datetime) -> str:
    """A VCALENDAR with one VEVENT per shift that has someone on call (`none` slots left out).

    stamp is the DTSTAMP of every event (the time the calendar was made).
    """
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text('On call: ' + ', '.join(t.schedule for t in timelines))}",
    ]
    for timeline in timelines:
        for period in timeline.periods:
            if period.participant is not None:
                lines += _event(timeline.schedule, period, stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)


def event_uid(schedule: str, period: Period) -> str:
    """Derived from schedule, rotation, participant and shift start: a re-import updates."""
    who = period.participant
    parts = [
        schedule,
        period.rotation,
        "" if who is None else f"{who.type}:{who.key}:{who.value}",
        ics_time(period.start),
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]
    return f"{digest}@{UID_DOMAIN}"


def _event(schedule: str, period: Period, stamp: datetime) -> list[str]:
    who = period.participant
    label = "" if who is None else who.label
    details = [f"Schedule: {schedule}", f"Rotation: {period.rotation}", f"On call: {label}"]
    if period.override:
        details.append(f"Override: {period.override}")
    return [
        "BEGIN:VEVENT",
        f"UID:{event_uid(schedule, period)}",
        f"DTSTAMP:{ics_time(stamp)}",
        f"DTSTART:{ics_time(period.start)}",
        f"DTEND:{ics_time(period.end)}",
        f"SUMMARY:{escape_text(f'On call: {label} ({schedule} / {period.rotation})')}",
        f"DESCRIPTION:{escape_text(chr(10).join(details))}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def ics_time(moment: datetime) -> str:
    """A UTC DATE-TIME: 20240301T090000Z."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def escape_text(value: str) -> str:
    """TEXT escaping of RFC 5545 3.3.11: backslash, semicolon, comma and newlines."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Folds a content line at 75 octets (RFC 5545 3.1), never inside a UTF-8 character."""
    data = line.encode("utf-8")
    if len(data) <= MAX_LINE_OCTETS:
        return line
    chunks: list[bytes] = []
    limit = MAX_LINE_OCTETS
    while len(data) > limit:
        cut = limit
        while cut > 0 and data[cut] & 0xC0 == 0x80:  # continuation byte: back off
            cut -= 1
        chunks.append(data[:cut])
        data = data[cut:]
        limit = MAX_LINE_OCTETS - 1  # continuation lines start with one space
    chunks.append(data)
    return (CRLF + " ").join(chunk.decode("utf-8") for chunk in chunks)
