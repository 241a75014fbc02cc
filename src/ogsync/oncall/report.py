"""Views of on-call timelines: text for a terminal and JSON for other tools."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from ogsync.oncall.model import Participant
from ogsync.oncall.timeline import Period, Timeline

JSON_FORMAT_VERSION = "1.0"
NOBODY = "(nobody)"


def hours(seconds: float) -> float:
    """Seconds as hours, rounded to the hundredth."""
    return round(seconds / 3600, 2)


def participant_json(who: Participant | None) -> dict[str, str] | None:
    return None if who is None else who.to_json()


def timeline_json(timeline: Timeline) -> dict[str, Any]:
    """One schedule's timeline as plain data; instants in the schedule's local time with offset."""
    zone = ZoneInfo(timeline.timezone)

    def at(moment: datetime) -> str:
        return moment.astimezone(zone).isoformat()

    return {
        "schedule": timeline.schedule,
        "timezone": timeline.timezone,
        "enabled": timeline.enabled,
        "window": {"start": at(timeline.start), "end": at(timeline.end)},
        "shifts": [
            {
                "start": at(p.start),
                "end": at(p.end),
                "rotation": p.rotation,
                "participant": participant_json(p.participant),
                "override": p.override,
                "hours": hours((p.end - p.start).total_seconds()),
            }
            for p in timeline.periods
        ],
        "gaps": [
            {
                "start": at(g.start),
                "end": at(g.end),
                "hours": hours((g.end - g.start).total_seconds()),
            }
            for g in timeline.gaps
        ],
        "hours": [
            {
                "participant": h.participant.to_json(),
                "total": hours(h.total),
                "nights": hours(h.nights),
                "weekends": hours(h.weekends),
            }
            for h in timeline.hours
        ],
        "covered_hours": hours(timeline.covered_seconds),
        "gap_hours": hours(timeline.gap_seconds),
    }


def report_json(timelines: list[Timeline]) -> dict[str, Any]:
    """The `ogsync oncall --format json` document."""
    return {
        "format_version": JSON_FORMAT_VERSION,
        "schedules": [timeline_json(t) for t in timelines],
    }


def report_text(timelines: list[Timeline]) -> str:
    """Every schedule's shifts, gaps and hours, in its local time, for a terminal."""
    return "\n\n".join(timeline_text(t) for t in timelines) + "\n"


def timeline_text(timeline: Timeline) -> str:
    zone = ZoneInfo(timeline.timezone)
    # Wall-clock days: a week across a DST change is still 7 days.
    local = [
        moment.astimezone(zone).replace(tzinfo=None) for moment in (timeline.start, timeline.end)
    ]
    days = round((local[1] - local[0]).total_seconds() / 86400, 2)
    lines = [
        f"{timeline.schedule} ({timeline.timezone})",
        f"  window: {_range(timeline.start, timeline.end, zone)} "
        f"({days:g} day{'s' if days != 1 else ''})",
    ]
    if not timeline.enabled:
        lines.append("  schedule is disabled: nobody is on call")
    elif timeline.covered_seconds == 0:
        lines.append("  no coverage: nobody is on call at any time in this window")
    lines += ["", "  Shifts"]
    lines += _table(
        [[_range(p.start, p.end, zone), p.rotation, _who(p)] for p in timeline.periods]
    ) or ["    (none)"]
    total_gap = hours(timeline.gap_seconds)
    lines += ["", f"  Gaps: {len(timeline.gaps)}, {total_gap:g} h uncovered"]
    lines += _table(
        [
            [_range(g.start, g.end, zone), f"{hours((g.end - g.start).total_seconds()):g} h"]
            for g in timeline.gaps
        ]
    )
    lines += ["", "  Hours"]
    rows = [
        [
            h.participant.label,
            f"{hours(h.total):.1f}",
            f"{hours(h.nights):.1f}",
            f"{hours(h.weekends):.1f}",
        ]
        for h in timeline.hours
    ]
    lines += (
        _table([["participant", "total", "nights", "weekends"], *rows], right=(1, 2, 3))
        if rows
        else ["    (nobody)"]
    )
    return "\n".join(lines)


def _who(period: Period) -> str:
    name = NOBODY if period.participant is None else period.participant.label
    return f"{name} [override {period.override}]" if period.override else name


def _range(start: datetime, end: datetime, zone: ZoneInfo) -> str:
    """`Mon 2024-03-04 09:00 - 17:00`, or with the end's date when it falls on another day."""
    lo, hi = start.astimezone(zone), end.astimezone(zone)
    head = lo.strftime("%a %Y-%m-%d %H:%M")
    tail = hi.strftime("%H:%M") if hi.date() == lo.date() else hi.strftime("%a %Y-%m-%d %H:%M")
    return f"{head} - {tail}"


def _table(rows: list[list[str]], right: tuple[int, ...] = ()) -> list[str]:
    if not rows:
        return []
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    out = []
    for row in rows:
        cells = [
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        out.append(("    " + "  ".join(cells)).rstrip())
    return out
