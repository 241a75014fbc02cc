"""A schedule in the API's shape, read into typed objects the timeline computation can trust."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ogsync.errors import OgsyncError
from ogsync.oncall import rules

REFERENCE_KEYS = ("username", "name", "id")
PARTICIPANT_TYPES = ("user", "team", "escalation", "none")


class ScheduleInputError(OgsyncError):
    """A schedule cannot be read for on-call computation (bad date, zone, restriction...)."""


@dataclass(frozen=True, order=True)
class Participant:
    """Someone who can be on call: a user, a team or an escalation, by the key the config used."""

    type: str
    key: str
    value: str

    @property
    def label(self) -> str:
        """What a person reads: the username, name or id; teams and escalations say so."""
        return self.value if self.type == "user" else f"{self.value} ({self.type})"

    def to_json(self) -> dict[str, str]:
        return {"type": self.type, self.key: self.value}


@dataclass(frozen=True)
class TimeOfDay:
    """A daily window in minutes since midnight (end may be 1440; end < start wraps)."""

    start: int
    end: int


@dataclass(frozen=True)
class WeekSpan:
    """A span of the week in minutes since Monday 00:00, from start forward to end."""

    start: int
    end: int


@dataclass(frozen=True)
class Rotation:
    name: str
    type: str
    length: int
    start: int
    end: int | None
    participants: tuple[Participant | None, ...]
    time_of_day: tuple[TimeOfDay, ...] = ()
    week_spans: tuple[WeekSpan, ...] = ()
    id: str | None = None

    @property
    def restricted(self) -> bool:
        return bool(self.time_of_day or self.week_spans)


@dataclass(frozen=True)
class Override:
    alias: str
    participant: Participant | None
    start: int
    end: int
    rotations: tuple[str, ...]  # names or ids; empty means every rotation

    def applies_to(self, rotation: Rotation) -> bool:
        if not self.rotations:
            return True
        return rotation.name in self.rotations or (
            rotation.id is not None and rotation.id in self.rotations
        )


@dataclass(frozen=True)
class Schedule:
    name: str
    timezone: str
    zone: ZoneInfo
    enabled: bool
    rotations: tuple[Rotation, ...] = ()
    overrides: tuple[Override, ...] = field(default=())


def parse_schedule(spec: Mapping[str, Any]) -> Schedule:
    """Read a schedule dict (the API's shape) into a Schedule; ScheduleInputError if unusable."""
    if not isinstance(spec, Mapping):
        raise ScheduleInputError("a schedule must be a mapping")
    name = _text(spec.get("name"), "schedule name", default="")
    tz_name = _text(spec.get("timezone"), "timezone", default=rules.DEFAULT_TIMEZONE)
    zone = _zone(tz_name, name)
    enabled = spec.get("enabled", rules.DEFAULT_ENABLED)
    rotations = tuple(
        _rotation(r, i, zone, name) for i, r in enumerate(_list(spec.get("rotations"), name))
    )
    overrides = tuple(
        _override(o, i, zone, name) for i, o in enumerate(_list(spec.get("overrides"), name))
    )
    return Schedule(name, tz_name, zone, enabled is not False, rotations, overrides)


def parse_instant(value: Any, zone: ZoneInfo, what: str) -> datetime:
    """An ISO-8601 date with an offset or Z; without an offset it is read in `zone`."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.strip().replace("z", "Z"))
        except ValueError:
            raise ScheduleInputError(f"{what}: {value!r} is not an ISO-8601 date") from None
    else:
        raise ScheduleInputError(f"{what}: expected an ISO-8601 date, got {value!r}")
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=zone if rules.NAIVE_DATES_ARE_LOCAL else UTC)
    return parsed.astimezone(UTC)


def participant_of(ref: Any, what: str) -> Participant | None:
    """A participant or override user; None for the reserved `none` slot."""
    if not isinstance(ref, Mapping):
        raise ScheduleInputError(f"{what}: expected a mapping with a type, got {ref!r}")
    kind = ref.get("type", "user")
    if kind == "none":
        return None
    if kind not in PARTICIPANT_TYPES:
        raise ScheduleInputError(f"{what}: unknown participant type {kind!r}")
    for key in REFERENCE_KEYS:
        value = ref.get(key)
        if isinstance(value, str) and value:
            return Participant(str(kind), key, value)
    raise ScheduleInputError(f"{what}: a {kind} needs a username, name or id")


def _rotation(raw: Any, index: int, zone: ZoneInfo, schedule: str) -> Rotation:
    if not isinstance(raw, Mapping):
        raise ScheduleInputError(f"schedule {schedule!r}: rotation {index + 1} must be a mapping")
    name = _text(raw.get("name"), "rotation name", default=f"rotation {index + 1}")
    what = f"rotation {name!r}"
    kind = raw.get("type")
    if kind not in rules.ROTATION_PERIOD_HOURS:
        raise ScheduleInputError(f"{what}: type must be hourly, daily or weekly, not {kind!r}")
    length = raw.get("length", rules.DEFAULT_LENGTH)
    if not isinstance(length, int) or isinstance(length, bool) or length < 1:
        raise ScheduleInputError(f"{what}: length must be a positive whole number")
    start = _rotation_date(raw.get("startDate"), zone, f"{what} startDate")
    end_raw = raw.get("endDate")
    end = None if end_raw is None else _rotation_date(end_raw, zone, f"{what} endDate")
    participants = tuple(
        participant_of(p, f"{what} participant {i + 1}")
        for i, p in enumerate(_list(raw.get("participants"), what))
    )
    time_of_day, week_spans = _restriction(raw.get("timeRestriction"), what)
    ident = raw.get("id")
    return Rotation(
        name=name,
        type=str(kind),
        length=length,
        start=start,
        end=end,
        participants=participants,
        time_of_day=time_of_day,
        week_spans=week_spans,
        id=ident if isinstance(ident, str) else None,
    )


def _rotation_date(value: Any, zone: ZoneInfo, what: str) -> int:
    moment = parse_instant(value, zone, what)
    if rules.ROUND_ROTATION_DATES:
        moment = rules.round_instant(moment)
    return int(moment.timestamp())


def _override(raw: Any, index: int, zone: ZoneInfo, schedule: str) -> Override:
    if not isinstance(raw, Mapping):
        raise ScheduleInputError(f"schedule {schedule!r}: override {index + 1} must be a mapping")
    alias = _text(raw.get("alias"), "override alias", default=f"override {index + 1}")
    what = f"override {alias!r}"
    start = parse_instant(raw.get("startDate"), zone, f"{what} startDate")
    end = parse_instant(raw.get("endDate"), zone, f"{what} endDate")
    if rules.ROUND_OVERRIDE_DATES:
        start, end = rules.round_instant(start), rules.round_instant(end)
    names: list[str] = []
    for ref in _list(raw.get("rotations"), what):
        key = next(
            (ref[k] for k in ("name", "id") if isinstance(ref, Mapping) and ref.get(k)), None
        )
        if not isinstance(key, str):
            raise ScheduleInputError(f"{what}: a rotation reference needs a name or id")
        names.append(key)
    return Override(
        alias=alias,
        participant=participant_of(raw.get("user"), f"{what} user"),
        start=int(start.timestamp()),
        end=int(end.timestamp()),
        rotations=tuple(names),
    )


def _restriction(raw: Any, what: str) -> tuple[tuple[TimeOfDay, ...], tuple[WeekSpan, ...]]:
    if raw is None:
        return (), ()
    if not isinstance(raw, Mapping):
        raise ScheduleInputError(f"{what}: timeRestriction must be a mapping")
    kind = raw.get("type")
    if kind == "time-of-day":
        # The API takes one `restriction`; the seed's `restrictions: [one]` is accepted too.
        items = (
            [raw["restriction"]] if "restriction" in raw else _list(raw.get("restrictions"), what)
        )
        return tuple(_time_of_day(r, what) for r in items), ()
    if kind == "weekday-and-time-of-day":
        return (), tuple(_week_span(r, what) for r in _list(raw.get("restrictions"), what))
    raise ScheduleInputError(
        f"{what}: timeRestriction type must be time-of-day or weekday-and-time-of-day"
    )


def _time_of_day(raw: Any, what: str) -> TimeOfDay:
    start = _clock(raw, "start", what) % rules.MINUTES_PER_DAY
    return TimeOfDay(start, _clock(raw, "end", what))


def _week_span(raw: Any, what: str) -> WeekSpan:
    start = _weekday(raw, "startDay", what) * rules.MINUTES_PER_DAY + _clock(raw, "start", what)
    end = _weekday(raw, "endDay", what) * rules.MINUTES_PER_DAY + _clock(raw, "end", what)
    return WeekSpan(start % rules.MINUTES_PER_WEEK, end % rules.MINUTES_PER_WEEK)


def _clock(raw: Any, prefix: str, what: str) -> int:
    if not isinstance(raw, Mapping):
        raise ScheduleInputError(f"{what}: a restriction must be a mapping")
    hour, minute = raw.get(f"{prefix}Hour", 0), raw.get(f"{prefix}Min", 0)
    for label, value, top in ((f"{prefix}Hour", hour, 24), (f"{prefix}Min", minute, 59)):
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= top:
            raise ScheduleInputError(f"{what}: restriction {label} must be 0-{top}, not {value!r}")
    return rules.minute_of_day(hour, minute)


def _weekday(raw: Mapping[str, Any], key: str, what: str) -> int:
    day = raw.get(key)
    if day not in rules.WEEKDAYS:
        raise ScheduleInputError(f"{what}: restriction {key} must be a weekday, not {day!r}")
    return rules.WEEKDAYS.index(str(day))


def _zone(name: str, schedule: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ScheduleInputError(f"schedule {schedule!r}: unknown time zone {name!r}") from None


def _text(value: Any, what: str, *, default: str) -> str:
    if value is None:
        return default
    if not isinstance(value, str):
        raise ScheduleInputError(f"{what} must be text, not {value!r}")
    return value


def _list(value: Any, what: str) -> Sequence[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ScheduleInputError(f"{what}: expected a list, got {value!r}")
    return value
