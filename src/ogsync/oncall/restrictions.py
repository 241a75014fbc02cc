"""Time restrictions, nights and weekends as masks: the spans of [start, end) they let through."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from ogsync.oncall import rules
from ogsync.oncall.intervals import Span, clip, union
from ogsync.oncall.model import Rotation, TimeOfDay, WeekSpan


def rotation_mask(rotation: Rotation, start: int, end: int, zone: ZoneInfo) -> list[Span]:
    """The time in [start, end) that a rotation's restriction leaves open (all of it if none)."""
    if rotation.time_of_day:
        return time_of_day_mask(rotation.time_of_day, start, end, zone)
    if rotation.week_spans:
        return week_mask(rotation.week_spans, start, end, zone)
    return [(start, end)] if end > start else []


def time_of_day_mask(
    windows: Iterable[TimeOfDay], start: int, end: int, zone: ZoneInfo
) -> list[Span]:
    """Daily windows in local time: start < end that window, end < start wraps past midnight,
    start == end (or 00:00-24:00) the whole day."""
    spans: list[Span] = []
    for window in windows:
        if window.start == window.end or (window.start, window.end) == (0, rules.MINUTES_PER_DAY):
            return [(start, end)] if end > start else []
        length = (window.end - window.start) % rules.MINUTES_PER_DAY or rules.MINUTES_PER_DAY
        for day in _local_days(start, end, zone):
            spans.append(_local_span(day, window.start, window.start + length, zone))
    return clip(union(spans), start, end)


def week_mask(
    spans_of_week: Iterable[WeekSpan], start: int, end: int, zone: ZoneInfo
) -> list[Span]:
    """Weekly spans in local time, each from (startDay, start) forward to (endDay, end);
    a span whose end equals its start is the whole week."""
    spans: list[Span] = []
    for week_span in spans_of_week:
        if week_span.start == week_span.end:
            return [(start, end)] if end > start else []
        length = (week_span.end - week_span.start) % rules.MINUTES_PER_WEEK
        for monday in _local_mondays(start, end, zone):
            spans.append(_local_span(monday, week_span.start, week_span.start + length, zone))
    return clip(union(spans), start, end)


def weekday_mask(weekdays: frozenset[int], start: int, end: int, zone: ZoneInfo) -> list[Span]:
    """Whole local days whose weekday (Monday 0) is in weekdays, e.g. the weekend."""
    spans = [
        _local_span(day, 0, rules.MINUTES_PER_DAY, zone)
        for day in _local_days(start, end, zone)
        if day.weekday() in weekdays
    ]
    return clip(union(spans), start, end)


def _local_span(day: date, from_minute: int, to_minute: int, zone: ZoneInfo) -> Span:
    midnight = datetime(day.year, day.month, day.day)
    return (
        rules.resolve_local(midnight + timedelta(minutes=from_minute), zone),
        rules.resolve_local(midnight + timedelta(minutes=to_minute), zone),
    )


def _local_days(start: int, end: int, zone: ZoneInfo) -> Iterator[date]:
    """Every local date whose windows may reach into [start, end), starting the day before."""
    day = rules.local_naive(start, zone).date() - timedelta(days=1)
    last = rules.local_naive(max(start, end - 1), zone).date()
    while day <= last:
        yield day
        day += timedelta(days=1)


def _local_mondays(start: int, end: int, zone: ZoneInfo) -> Iterator[date]:
    first = rules.local_naive(start, zone).date()
    monday = first - timedelta(days=first.weekday() + 7)
    last = rules.local_naive(max(start, end - 1), zone).date()
    while monday <= last:
        yield monday
        monday += timedelta(days=7)
