"""The library entry point of `ogsync oncall`: timelines of a loaded config's schedules."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from ogsync.config.model import Config, Resource
from ogsync.errors import OgsyncError
from ogsync.oncall.model import Schedule, parse_instant, parse_schedule
from ogsync.oncall.settings import read_settings
from ogsync.oncall.timeline import Timeline, compute_timeline


class UnknownScheduleError(OgsyncError):
    """A schedule asked for by name is not in the config."""


def schedule_resources(config: Config) -> list[Resource]:
    """The schedules the config defines (not those marked `state: absent`)."""
    return [r for r in config.of_kind("schedule") if not r.absent]


def schedule_spec(res: Resource) -> dict[str, Any]:
    """The normalised spec when the loader made one, else the document as written."""
    return res.spec or res.raw


def select_schedules(config: Config, names: Sequence[str]) -> list[Resource]:
    """The schedules named (exactly, else ignoring case), or all of them when none is named."""
    found = schedule_resources(config)
    if not names:
        return found
    chosen: list[Resource] = []
    for name in names:
        match = [r for r in found if r.name == name] or [
            r for r in found if r.name.casefold() == name.casefold()
        ]
        if not match:
            known = ", ".join(sorted(r.name for r in found)) or "(none)"
            raise UnknownScheduleError(f"unknown schedule {name!r}; the config has: {known}")
        chosen.extend(m for m in match if m not in chosen)
    return chosen


def window_start(value: str | None, now: datetime, zone: ZoneInfo) -> datetime:
    """Where a window starts: now; a bare date is local midnight; a bare time is local."""
    if value is None:
        return now
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return parse_instant(value, zone, "--from")
    return datetime(day.year, day.month, day.day, tzinfo=zone)


def oncall_timelines(
    config: Config,
    *,
    now: datetime,
    names: Sequence[str] = (),
    start: str | None = None,
    days: int | None = None,
) -> list[Timeline]:
    """Timelines of the chosen schedules over [start, start + days); defaults from ogsync.yaml."""
    settings = read_settings(config.settings.get("oncall"))
    length = timedelta(days=days if days is not None else settings.window_days)
    timelines = []
    for res in select_schedules(config, names):
        schedule: Schedule = parse_schedule(schedule_spec(res))
        begin = window_start(start, now, schedule.zone)
        timelines.append(compute_timeline(schedule, begin, begin + length, settings.report))
    return timelines
