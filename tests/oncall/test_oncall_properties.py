"""Properties of the timeline that hold for any schedule (hypothesis, bounded examples)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ogsync.oncall import Period, compute_timeline

ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"]
DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
PEOPLE = [
    {"type": "user", "username": "a"},
    {"type": "user", "username": "b"},
    {"type": "team", "name": "ops"},
    {"type": "none"},
]
BASE = datetime(2024, 1, 1, tzinfo=UTC)
FAST = settings(max_examples=60, deadline=None)


def instants(days: int) -> st.SearchStrategy[datetime]:
    """Instants within `days` of 2024-01-01, on any minute."""
    return st.integers(-days * 1440, days * 1440).map(lambda m: BASE + timedelta(minutes=m))


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


hours_st = st.integers(0, 23)
half_hours = st.sampled_from([0, 30])
time_of_day_st = st.builds(
    lambda sh, sm, eh, em: {
        "type": "time-of-day",
        "restriction": {"startHour": sh, "startMin": sm, "endHour": eh, "endMin": em},
    },
    hours_st,
    half_hours,
    st.integers(0, 24),
    half_hours,
).filter(lambda r: r["restriction"]["endHour"] < 24 or r["restriction"]["endMin"] == 0)
weekday_entry = st.fixed_dictionaries(
    {
        "startDay": st.sampled_from(DAYS),
        "startHour": hours_st,
        "startMin": half_hours,
        "endDay": st.sampled_from(DAYS),
        "endHour": hours_st,
        "endMin": half_hours,
    }
)
weekday_st = st.builds(
    lambda entries: {"type": "weekday-and-time-of-day", "restrictions": entries},
    st.lists(weekday_entry, min_size=1, max_size=3),
)


@st.composite
def rotations(
    draw: st.DrawFn, *, restricted: bool = True, with_none: bool = True
) -> dict[str, Any]:
    start = draw(instants(60))
    rot: dict[str, Any] = {
        "name": draw(st.sampled_from(["R1", "R2", "R3"])),
        "type": draw(st.sampled_from(["hourly", "daily", "weekly"])),
        "length": draw(st.integers(1, 3)),
        "startDate": iso(start),
        "participants": draw(
            st.lists(st.sampled_from(PEOPLE if with_none else PEOPLE[:3]), min_size=1, max_size=4)
        ),
    }
    if restricted and draw(st.booleans()):
        rot["timeRestriction"] = draw(st.one_of(time_of_day_st, weekday_st))
    if restricted and draw(st.booleans()):
        rot["endDate"] = iso(start + timedelta(hours=draw(st.integers(1, 2000))))
    return rot


@st.composite
def overrides(draw: st.DrawFn) -> dict[str, Any]:
    start = draw(instants(30))
    return {
        "alias": draw(st.sampled_from(["o1", "o2"])),
        "user": draw(st.sampled_from(PEOPLE)),
        "startDate": iso(start),
        "endDate": iso(start + timedelta(minutes=draw(st.integers(1, 5000)))),
        "rotations": draw(st.sampled_from([[], [{"name": "R1"}]])),
    }


@st.composite
def schedules(draw: st.DrawFn) -> dict[str, Any]:
    rots = draw(st.lists(rotations(), min_size=1, max_size=3, unique_by=lambda r: r["name"]))
    return {
        "name": "S",
        "timezone": draw(st.sampled_from(ZONES)),
        "rotations": rots,
        "overrides": draw(st.lists(overrides(), max_size=3)),
    }


@st.composite
def windows(draw: st.DrawFn) -> tuple[datetime, datetime]:
    start = draw(instants(30))
    return start, start + timedelta(minutes=draw(st.integers(1, 20 * 1440)))


def merged(periods: list[Period]) -> list[tuple[datetime, datetime, str, Any, Any]]:
    """Periods with touching equal neighbours (same rotation, person, override) joined."""
    rows = sorted((p.rotation, p.start, p.end, p.participant, p.override) for p in periods)
    out: list[tuple[str, datetime, datetime, Any, Any]] = []
    for row in rows:
        last = out[-1] if out else None
        if last and last[0] == row[0] and last[2] == row[1] and last[3:] == row[3:]:
            out[-1] = (last[0], last[1], row[2], row[3], row[4])
        else:
            out.append(row)
    return [(s, e, r, who, alias) for r, s, e, who, alias in out]


@FAST
@given(schedules(), windows())
def test_covered_time_plus_gap_time_is_the_window(
    sched: dict[str, Any], window: tuple[datetime, datetime]
) -> None:
    tl = compute_timeline(sched, *window)
    covered: list[tuple[datetime, datetime]] = []
    for s, e in sorted((p.start, p.end) for p in tl.periods if p.participant is not None):
        if covered and s <= covered[-1][1]:
            covered[-1] = (covered[-1][0], max(e, covered[-1][1]))
        else:
            covered.append((s, e))
    covered_seconds = sum((e - s).total_seconds() for s, e in covered)
    gap_seconds = sum((g.end - g.start).total_seconds() for g in tl.gaps)
    assert covered_seconds + gap_seconds == (window[1] - window[0]).total_seconds()
    for gap in tl.gaps:
        assert all(e <= gap.start or s >= gap.end for s, e in covered)


@FAST
@given(rotations(restricted=False, with_none=False), windows(), st.sampled_from(ZONES))
def test_one_unrestricted_rotation_started_before_the_window_leaves_no_gap(
    rot: dict[str, Any], window: tuple[datetime, datetime], zone: str
) -> None:
    rot["startDate"] = iso(window[0] - timedelta(days=1))
    tl = compute_timeline({"name": "S", "timezone": zone, "rotations": [rot]}, *window)
    assert tl.gaps == []
    assert tl.periods[0].start == window[0]
    assert tl.periods[-1].end == window[1]


@FAST
@given(schedules(), windows())
def test_shifts_of_one_rotation_never_overlap(
    sched: dict[str, Any], window: tuple[datetime, datetime]
) -> None:
    tl = compute_timeline(sched, *window)
    for name in {p.rotation for p in tl.periods}:
        own = sorted((p.start, p.end) for p in tl.periods if p.rotation == name)
        assert all(s < e for s, e in own)
        assert all(own[i][1] <= own[i + 1][0] for i in range(len(own) - 1))


@FAST
@given(schedules(), windows(), st.floats(0.01, 0.99))
def test_splitting_a_window_in_two_gives_the_same_timeline(
    sched: dict[str, Any], window: tuple[datetime, datetime], share: float
) -> None:
    start, end = window
    cut = start + timedelta(minutes=int((end - start).total_seconds() / 60 * share))
    if not start < cut < end:
        cut = start + (end - start) / 2
    whole = compute_timeline(sched, start, end)
    first, second = compute_timeline(sched, start, cut), compute_timeline(sched, cut, end)
    assert merged(first.periods + second.periods) == merged(whole.periods)
    assert first.gap_seconds + second.gap_seconds == whole.gap_seconds
    hours = {h.participant: (h.total, h.nights, h.weekends) for h in whole.hours}
    for h in first.hours + second.hours:
        total, nights, weekends = hours[h.participant]
        hours[h.participant] = (total - h.total, nights - h.nights, weekends - h.weekends)
    assert set(hours.values()) <= {(0, 0, 0)}
