"""Coverage checks for validate: schedules whose rotations ended, or that leave gaps soon."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from ogsync.config.model import Config, Resource
from ogsync.diagnostics import Diagnostic, Severity
from ogsync.oncall.model import Schedule, ScheduleInputError, parse_schedule
from ogsync.oncall.settings import settings_or_defaults
from ogsync.oncall.timeline import coverage_gaps

COVERAGE_KEY = "coverage"
COVERAGE_REQUIRED = "required"


def coverage_diagnostics(config: Config, now: datetime) -> list[Diagnostic]:
    """A warning (an error with `coverage: required`) per schedule that leaves time uncovered
    in the next `oncall.windowDays` days from now, or whose rotations have all ended."""
    days = settings_or_defaults(config.settings.get("oncall")).window_days
    found: list[Diagnostic] = []
    for res in config.of_kind("schedule"):
        if not res.spec or res.absent:
            continue
        try:
            schedule = parse_schedule(res.spec)
        except ScheduleInputError:
            continue  # the schema and semantic checks report unreadable schedules
        required = _required(res)
        if not schedule.enabled and not required:
            continue  # switched off on purpose
        message = _coverage_problem(schedule, now, days)
        if message is not None:
            severity: Severity = "error" if required else "warning"
            found.append(Diagnostic(severity, message, res.pos(("rotations",)), res.address))
    return found


def _required(res: Resource) -> bool:
    return COVERAGE_REQUIRED in (res.raw.get(COVERAGE_KEY), res.spec.get(COVERAGE_KEY))


def _coverage_problem(schedule: Schedule, now: datetime, days: int) -> str | None:
    if not schedule.enabled:
        return "schedule is disabled: nobody is on call"
    if not schedule.rotations:
        return "schedule has no rotations: nobody is on call"
    ends = [r.end for r in schedule.rotations]
    if all(end is not None and end <= now.timestamp() for end in ends):
        last = datetime.fromtimestamp(
            max(e for e in ends if e is not None), ZoneInfo(schedule.timezone)
        )
        return f"every rotation has ended (the last on {last:%Y-%m-%d %H:%M %Z}): nobody is on call"
    gaps = coverage_gaps(schedule, now, now + timedelta(days=days))
    if not gaps:
        return None
    first = gaps[0]
    zone = ZoneInfo(schedule.timezone)
    count = len(gaps)
    uncovered = round(sum((g.end - g.start).total_seconds() for g in gaps) / 3600, 2)
    lo, hi = first.start.astimezone(zone), first.end.astimezone(zone)
    span = f"{lo:%Y-%m-%d %H:%M} to {hi:%Y-%m-%d %H:%M}"
    return (
        f"nobody is on call for {uncovered:g} h in the next {days} days "
        f"({count} gap{'s' if count != 1 else ''}, the first {span} {schedule.timezone})"
    )
