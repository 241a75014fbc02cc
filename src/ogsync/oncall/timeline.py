"""Who is on call when: a pure function from a schedule and a window to periods, gaps and hours."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from ogsync.oncall import rules
from ogsync.oncall.intervals import Span, clip, intersect, subtract, total, union
from ogsync.oncall.model import (
    Override,
    Participant,
    Rotation,
    Schedule,
    ScheduleInputError,
    TimeOfDay,
    parse_schedule,
)
from ogsync.oncall.restrictions import rotation_mask, time_of_day_mask, weekday_mask

T = TypeVar("T")
# A piece of one rotation's on-call time: start, end, who, and the override alias if any.
Piece = tuple[int, int, Participant | None, str | None]


@dataclass(frozen=True)
class ReportOptions:
    """What counts as nights and weekends, in the schedule's local time (rule 8)."""

    night_start: time = rules.DEFAULT_NIGHT_START
    night_end: time = rules.DEFAULT_NIGHT_END
    weekend_days: frozenset[int] = rules.DEFAULT_WEEKEND_DAYS


@dataclass(frozen=True)
class Period:
    """One stretch of [start, end) (UTC) during which a rotation has one participant.

    participant is None for a `none` slot or an override to `none`; override is the alias of
    the override that put the participant there.
    """

    start: datetime
    end: datetime
    rotation: str
    participant: Participant | None
    override: str | None = None


@dataclass(frozen=True)
class Gap:
    """A stretch [start, end) (UTC) during which nobody is on call."""

    start: datetime
    end: datetime


@dataclass(frozen=True)
class Hours:
    """A participant's on-call time in the window, in seconds (overlapping rotations count once)."""

    participant: Participant
    total: int
    nights: int
    weekends: int


@dataclass
class Timeline:
    """Everything computed for one schedule over [start, end)."""

    schedule: str
    timezone: str
    enabled: bool
    start: datetime
    end: datetime
    periods: list[Period] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    hours: list[Hours] = field(default_factory=list)

    @property
    def gap_seconds(self) -> int:
        return sum(int((g.end - g.start).total_seconds()) for g in self.gaps)

    @property
    def covered_seconds(self) -> int:
        return int((self.end - self.start).total_seconds()) - self.gap_seconds


def compute_timeline(
    schedule: Schedule | Mapping[str, Any],
    start: datetime,
    end: datetime,
    options: ReportOptions | None = None,
) -> Timeline:
    """Periods, gaps and hours per participant of a schedule over the window [start, end)."""
    sched, a, b = _window(schedule, start, end)
    opts = options or ReportOptions()
    pieces_by_rotation = rotation_pieces(sched, a, b)
    periods = [
        Period(_utc(s), _utc(e), rotation, who, alias)
        for rotation, pieces in pieces_by_rotation
        for s, e, who, alias in pieces
    ]
    order = {name: i for i, (name, _) in enumerate(pieces_by_rotation)}
    periods.sort(key=lambda p: (p.start, order[p.rotation], p.end))
    by_person = _spans_by_participant(pieces_by_rotation)
    return Timeline(
        schedule=sched.name,
        timezone=sched.timezone,
        enabled=sched.enabled,
        start=_utc(a),
        end=_utc(b),
        periods=periods,
        gaps=_gaps(by_person, a, b),
        hours=_hours(by_person, a, b, sched.zone, opts),
    )


def coverage_gaps(
    schedule: Schedule | Mapping[str, Any], start: datetime, end: datetime
) -> list[Gap]:
    """Only the gaps of compute_timeline: what validate and plan need, without the hours."""
    sched, a, b = _window(schedule, start, end)
    return _gaps(_spans_by_participant(rotation_pieces(sched, a, b)), a, b)


def _window(
    schedule: Schedule | Mapping[str, Any], start: datetime, end: datetime
) -> tuple[Schedule, int, int]:
    sched = schedule if isinstance(schedule, Schedule) else parse_schedule(schedule)
    a, b = _second(start, sched.zone), _second(end, sched.zone)
    if b <= a:
        raise ScheduleInputError("the window's end must be after its start")
    return sched, a, b


def _gaps(by_person: dict[Any, list[tuple[int, int]]], a: int, b: int) -> list[Gap]:
    covered = union(span for spans in by_person.values() for span in spans)
    return [Gap(_utc(s), _utc(e)) for s, e in subtract([(a, b)], covered)]


def rotation_pieces(sched: Schedule, a: int, b: int) -> list[tuple[str, list[Piece]]]:
    """Each rotation's merged on-call pieces in [a, b), overrides applied, in config order."""
    if not sched.enabled and rules.DISABLED_SCHEDULE_HAS_NOBODY:
        return []
    out: list[tuple[str, list[Piece]]] = []
    for rotation in sched.rotations:
        pieces = _rotation_pieces(rotation, a, b, sched.zone)
        layer = _override_layer([o for o in sched.overrides if o.applies_to(rotation)], a, b)
        out.append((rotation.name, _merge(_apply_overrides(pieces, layer))))
    if rules.OVERRIDE_COVERS_MASKED_TIME:
        out.append((rules.OVERRIDE_ONLY_ROTATION, _overrides_outside_rotations(sched, out, a, b)))
    return out


def _overrides_outside_rotations(
    sched: Schedule, done: list[tuple[str, list[Piece]]], a: int, b: int
) -> list[Piece]:
    """Schedule-wide overrides during the time no rotation is on call (rule 6, if chosen)."""
    busy = union((s, e) for _, pieces in done for s, e, _, _ in pieces)
    wide = _override_layer([o for o in sched.overrides if not o.rotations], a, b)
    free = subtract([(a, b)], busy)
    return [
        (s, e, override.participant, override.alias)
        for lo, hi, override in wide
        for s, e in intersect([(lo, hi)], free)
    ]


def _rotation_pieces(rotation: Rotation, a: int, b: int, zone: ZoneInfo) -> list[Piece]:
    """Turns of a rotation (rule 1, 2) masked by its restriction (rule 3)."""
    start = max(a, rotation.start)
    stop = b if rotation.end is None else min(b, rotation.end)
    if stop <= start or not rotation.participants:
        return []
    count = len(rotation.participants)
    turns = [
        (s, e, rotation.participants[k % count]) for s, e, k in _turns(rotation, start, stop, zone)
    ]
    if rotation.restricted:
        turns = _labelled_intersect(turns, rotation_mask(rotation, start, stop, zone))
    return [(s, e, who, None) for s, e, who in turns]


def _turns(rotation: Rotation, a: int, b: int, zone: ZoneInfo) -> Iterator[tuple[int, int, int]]:
    """(start, end, k) of every turn k that meets [a, b), cut to it."""
    hours = rules.ROTATION_PERIOD_HOURS[rotation.type] * rotation.length
    local_start = rules.local_naive(rotation.start, zone)

    def boundary(k: int) -> int:
        if k == 0:
            return rotation.start
        if rotation.type in rules.WALL_CLOCK_ROTATION_TYPES:
            return rules.resolve_local(local_start + timedelta(hours=k * hours), zone)
        return rotation.start + k * hours * 3600

    k = max(0, (a - rotation.start) // (hours * 3600))
    while k > 0 and boundary(k) > a:
        k -= 1
    while boundary(k + 1) <= a:
        k += 1
    turn_start = boundary(k)
    while turn_start < b:
        turn_end = boundary(k + 1)
        if turn_end > a:
            yield max(turn_start, a), min(turn_end, b), k
        k += 1
        turn_start = turn_end


def _labelled_intersect(
    labelled: list[tuple[int, int, T]], mask: list[Span]
) -> list[tuple[int, int, T]]:
    """The parts of sorted, disjoint labelled spans inside a sorted, disjoint mask."""
    out: list[tuple[int, int, T]] = []
    i = j = 0
    while i < len(labelled) and j < len(mask):
        s, e, label = labelled[i]
        lo, hi = max(s, mask[j][0]), min(e, mask[j][1])
        if hi > lo:
            out.append((lo, hi, label))
        if e < mask[j][1]:
            i += 1
        else:
            j += 1
    return out


def _override_layer(overrides: list[Override], a: int, b: int) -> list[tuple[int, int, Override]]:
    """Sorted, disjoint spans saying which override governs when (later in the list wins)."""
    layer: list[tuple[int, int, Override]] = []
    ordered = overrides if rules.LATER_OVERRIDE_WINS else list(reversed(overrides))
    for override in ordered:
        span = clip([(override.start, override.end)], a, b)
        if not span:
            continue
        kept: list[tuple[int, int, Override]] = []
        for s, e, other in layer:
            kept.extend((ks, ke, other) for ks, ke in subtract([(s, e)], span))
        layer = sorted([*kept, (span[0][0], span[0][1], override)], key=lambda x: x[0])
    return layer


def _apply_overrides(pieces: list[Piece], layer: list[tuple[int, int, Override]]) -> list[Piece]:
    """Pieces with the override's participant wherever an override governs (rule 6)."""
    if not layer:
        return pieces
    out: list[Piece] = []
    j = 0
    for s, e, who, _ in pieces:
        while j < len(layer) and layer[j][1] <= s:
            j += 1
        cursor, k = s, j
        while k < len(layer) and layer[k][0] < e:
            lo, hi, override = layer[k]
            if lo > cursor:
                out.append((cursor, lo, who, None))
            lo = max(lo, cursor)
            out.append((lo, min(hi, e), override.participant, override.alias))
            cursor = min(hi, e)
            k += 1
        if cursor < e:
            out.append((cursor, e, who, None))
    return out


def _merge(pieces: list[Piece]) -> list[Piece]:
    """Joins touching pieces with the same participant and override."""
    out: list[Piece] = []
    for piece in pieces:
        if out and out[-1][1] == piece[0] and out[-1][2:] == piece[2:]:
            out[-1] = (out[-1][0], piece[1], piece[2], piece[3])
        else:
            out.append(piece)
    return out


def _spans_by_participant(
    pieces_by_rotation: list[tuple[str, list[Piece]]],
) -> dict[Participant, list[Span]]:
    spans: dict[Participant, list[Span]] = {}
    for _, pieces in pieces_by_rotation:
        for s, e, who, _alias in pieces:
            if who is not None:
                spans.setdefault(who, []).append((s, e))
    return {who: union(found) for who, found in spans.items()}


def _hours(
    by_person: dict[Participant, list[Span]], a: int, b: int, zone: ZoneInfo, opts: ReportOptions
) -> list[Hours]:
    nights = time_of_day_mask(
        [TimeOfDay(_minutes(opts.night_start), _minutes(opts.night_end) or rules.MINUTES_PER_DAY)],
        a,
        b,
        zone,
    )
    weekends = weekday_mask(opts.weekend_days, a, b, zone)
    rows = [
        Hours(who, total(spans), total(intersect(spans, nights)), total(intersect(spans, weekends)))
        for who, spans in by_person.items()
    ]
    return sorted(rows, key=lambda h: (-h.total, h.participant.label))


def _minutes(moment: time) -> int:
    return moment.hour * 60 + moment.minute


def _second(moment: datetime, zone: ZoneInfo) -> int:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return math.floor(moment.timestamp())


def _utc(second: int) -> datetime:
    return datetime.fromtimestamp(second, UTC)
