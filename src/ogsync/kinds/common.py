"""Canonical forms shared by several kinds: dates, time restrictions, criteria, recipients."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def seg(identifier: str) -> str:
    """A path segment: names may hold `/`, spaces or unicode."""
    return quote(identifier, safe="")


def round_half_hour(total_minutes: int) -> int:
    """Opsgenie keeps minutes at 0 or 30, "converted to nearest 0 or 30" (the API description);
    a quarter past rounds up, so 09:15 -> 09:30 and 09:45 -> 10:00."""
    return (total_minutes + 15) // 30 * 30


def parse_instant(text: str) -> datetime:
    """An ISO-8601 instant (a `Z` or an offset; none means UTC)."""
    parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def canon_date(value: Any) -> str | None:
    """UTC, floored to the half hour, as Opsgenie stores rotation and override dates."""
    if value in (None, ""):
        return None
    moment = parse_instant(str(value)).astimezone(UTC).replace(second=0, microsecond=0)
    shift = round_half_hour(moment.minute) - moment.minute
    return (moment + timedelta(minutes=shift)).strftime("%Y-%m-%dT%H:%M:%SZ")


def _canon_time(r: dict[str, Any], prefix: str) -> tuple[int, int, int]:
    """(days carried, hour, minute): 23:45 rounds to 00:00 of the next day."""
    total = round_half_hour(int(r.get(f"{prefix}Hour", 0)) * 60 + int(r.get(f"{prefix}Min", 0)))
    return total // 1440, total % 1440 // 60, total % 60


def _next_day(day: Any, carried: int) -> Any:
    if not carried or day not in WEEKDAYS:
        return day
    return WEEKDAYS[(WEEKDAYS.index(day) + carried) % 7]


def canon_time_restriction(tr: Any) -> dict[str, Any] | None:
    """Minutes floored, weekday spans sorted (Opsgenie returns them in any order)."""
    if not isinstance(tr, dict) or not tr.get("type"):
        return None
    if tr["type"] == "time-of-day":
        r = tr.get("restriction") or {}
        _, sh, sm = _canon_time(r, "start")
        _, eh, em = _canon_time(r, "end")
        return {
            "type": "time-of-day",
            "restriction": {"startHour": sh, "startMin": sm, "endHour": eh, "endMin": em},
        }
    spans = []
    for r in tr.get("restrictions") or []:
        sc, sh, sm = _canon_time(r, "start")
        ec, eh, em = _canon_time(r, "end")
        spans.append(
            {
                "startDay": _next_day(r.get("startDay"), sc),
                "startHour": sh,
                "startMin": sm,
                "endDay": _next_day(r.get("endDay"), ec),
                "endHour": eh,
                "endMin": em,
            }
        )
    spans.sort(key=_span_key)
    return {"type": "weekday-and-time-of-day", "restrictions": spans}


def _span_key(span: dict[str, Any]) -> tuple[int, int, int, int, int, int]:
    def day(name: Any) -> int:
        return WEEKDAYS.index(name) if name in WEEKDAYS else 7

    return (
        day(span["startDay"]),
        span["startHour"],
        span["startMin"],
        day(span["endDay"]),
        span["endHour"],
        span["endMin"],
    )


def canon_criteria(criteria: Any) -> dict[str, Any]:
    """A filter with the API's defaults filled in; conditions keep their order."""
    if not isinstance(criteria, dict) or not criteria.get("type"):
        return {"type": "match-all"}
    if criteria["type"] == "match-all":
        return {"type": "match-all"}
    conditions = []
    for cond in criteria.get("conditions") or []:
        item = {
            "field": cond.get("field"),
            "not": bool(cond.get("not", False)),
            "operation": cond.get("operation"),
            "expectedValue": str(cond.get("expectedValue", "")),
        }
        if cond.get("key"):
            item["key"] = cond["key"]
        conditions.append(item)
    return {"type": criteria["type"], "conditions": conditions}


def ref_name(ref: Any) -> str | None:
    """The name a resolved (or live) reference carries: username for users, else name."""
    if isinstance(ref, str):
        return ref
    if not isinstance(ref, dict):
        return None
    value = ref.get("username") or ref.get("name")
    return str(value) if value else None


def canon_user_name(name: str) -> str:
    """Usernames are e-mail addresses, compared without case."""
    return name.lower()


def canon_recipient(ref: Any) -> dict[str, Any] | None:
    """`{type, name}` (or `{type: user, username}`), `{type: none}` for an empty slot."""
    if not isinstance(ref, dict):
        return None
    kind = ref.get("type")
    if kind in ("none", "all"):
        return {"type": kind}
    name = ref_name(ref)
    if kind == "user":
        return {"type": "user", "username": canon_user_name(name or "")}
    return {"type": kind, "name": name}


def canon_ref(ref: Any, *, user: bool = False) -> str | None:
    """An untyped reference (ownerTeam, a member's user) as its name."""
    name = ref_name(ref)
    if name is None:
        return None
    return canon_user_name(name) if user else name


def duration(value: Any, default_unit: str = "minutes") -> dict[str, Any]:
    value = value if isinstance(value, dict) else {}
    return {
        "timeAmount": int(value.get("timeAmount", 0)),
        "timeUnit": value.get("timeUnit") or default_unit,
    }
