"""The `oncall:` keys of ogsync.yaml: window length, night hours and weekend days."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time
from typing import Any

from ogsync.oncall import rules
from ogsync.oncall.model import ScheduleInputError
from ogsync.oncall.timeline import ReportOptions


@dataclass(frozen=True)
class OncallSettings:
    """`oncall: {windowDays, nightStartHour, nightEndHour, weekendDays}` with their defaults."""

    window_days: int = rules.DEFAULT_WINDOW_DAYS
    report: ReportOptions = field(default_factory=ReportOptions)


def read_settings(raw: Any) -> OncallSettings:
    """The `oncall` mapping of ogsync.yaml; ScheduleInputError names a bad value."""
    if raw is None:
        return OncallSettings()
    if not isinstance(raw, dict):
        raise ScheduleInputError("ogsync.yaml: `oncall` must be a mapping")
    days = raw.get("windowDays", rules.DEFAULT_WINDOW_DAYS)
    if not isinstance(days, int) or isinstance(days, bool) or days < 1:
        raise ScheduleInputError(
            f"ogsync.yaml: oncall.windowDays must be a positive whole number, not {days!r}"
        )
    report = ReportOptions(
        night_start=_hour(raw, "nightStartHour", rules.DEFAULT_NIGHT_START),
        night_end=_hour(raw, "nightEndHour", rules.DEFAULT_NIGHT_END),
        weekend_days=_weekdays(raw.get("weekendDays")),
    )
    return OncallSettings(days, report)


def settings_or_defaults(raw: Any) -> OncallSettings:
    """Like read_settings, but bad values fall back to the defaults (the schema reports them)."""
    try:
        return read_settings(raw)
    except ScheduleInputError:
        return OncallSettings()


def _hour(raw: dict[str, Any], key: str, default: time) -> time:
    value = raw.get(key)
    if value is None:
        return default
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 23:
        raise ScheduleInputError(f"ogsync.yaml: oncall.{key} must be an hour 0-23, not {value!r}")
    return time(value)


def _weekdays(value: Any) -> frozenset[int]:
    if value is None:
        return rules.DEFAULT_WEEKEND_DAYS
    if not isinstance(value, list) or any(d not in rules.WEEKDAYS for d in value):
        raise ScheduleInputError(
            f"ogsync.yaml: oncall.weekendDays must be a list of weekday names, not {value!r}"
        )
    return frozenset(rules.WEEKDAYS.index(d) for d in value)
