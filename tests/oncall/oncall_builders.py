"""Builders of schedule dicts in the API shape, and a compact view of timelines to compare."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ogsync.oncall.timeline import Timeline


def user(name: str) -> dict[str, str]:
    return {"type": "user", "username": name}


NONE: dict[str, str] = {"type": "none"}


def rotation(
    name: str,
    kind: str,
    start: str,
    people: list[dict[str, str]],
    *,
    length: int = 1,
    end: str | None = None,
    restriction: dict[str, Any] | None = None,
) -> dict[str, Any]:
    rot: dict[str, Any] = {
        "name": name,
        "type": kind,
        "length": length,
        "startDate": start,
        "participants": people,
    }
    if end is not None:
        rot["endDate"] = end
    if restriction is not None:
        rot["timeRestriction"] = restriction
    return rot


def schedule(
    *rotations: dict[str, Any],
    tz: str = "UTC",
    overrides: list[dict[str, Any]] | None = None,
    enabled: bool = True,
) -> dict[str, Any]:
    return {
        "name": "S",
        "timezone": tz,
        "enabled": enabled,
        "rotations": list(rotations),
        "overrides": overrides or [],
    }


def time_of_day(sh: int, sm: int, eh: int, em: int) -> dict[str, Any]:
    return {
        "type": "time-of-day",
        "restriction": {"startHour": sh, "startMin": sm, "endHour": eh, "endMin": em},
    }


def weekly_span(*spans: tuple[str, int, int, str, int, int]) -> dict[str, Any]:
    return {
        "type": "weekday-and-time-of-day",
        "restrictions": [
            {
                "startDay": sd,
                "startHour": sh,
                "startMin": sm,
                "endDay": ed,
                "endHour": eh,
                "endMin": em,
            }
            for sd, sh, sm, ed, eh, em in spans
        ],
    }


def utc(text: str) -> datetime:
    """`2024-01-01T09:00` (UTC) as an aware datetime."""
    return datetime.fromisoformat(text + "+00:00")


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


def shifts(timeline: Timeline) -> list[tuple[str, str, str, str | None]]:
    """(start, end, rotation, who) in UTC, `who` None for nobody."""
    return [
        (
            iso(p.start),
            iso(p.end),
            p.rotation,
            None if p.participant is None else p.participant.label,
        )
        for p in timeline.periods
    ]


def gaps(timeline: Timeline) -> list[tuple[str, str]]:
    return [(iso(g.start), iso(g.end)) for g in timeline.gaps]


def hours_of(timeline: Timeline) -> dict[str, tuple[float, float, float]]:
    """{who: (total, nights, weekends)} in hours."""
    return {
        h.participant.label: (h.total / 3600, h.nights / 3600, h.weekends / 3600)
        for h in timeline.hours
    }
