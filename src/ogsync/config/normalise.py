"""Seed-form normalisation: turns a document as written into the Opsgenie API's own shape."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
TIME_OF_DAY = "time-of-day"
WEEKDAY_AND_TIME = "weekday-and-time-of-day"
# Keys of `appliesTo` and the key a plain-string reference becomes.
APPLIES_TO_KEYS = {"users": "username", "teams": "name", "schedules": "name"}


def normalise(kind: str, raw: dict[str, Any]) -> dict[str, Any]:
    """A deep copy of raw in the API's shape, without `kind`; ogsync's own keys are kept.

    Never raises: values of an unexpected type are left as they are (the schema reports them).
    """
    spec = copy.deepcopy(raw) if isinstance(raw, dict) else {}
    spec.pop("kind", None)
    if kind == "team":
        _each(spec.get("routingRules"), _routing_rule)
    elif kind == "schedule":
        for rotation in _dicts(spec.get("rotations")):
            _time_restriction(rotation.get("timeRestriction"))
    elif kind == "escalation":
        _escalation_repeat(spec.get("repeat"))
    elif kind == "user":
        for contact in _dicts(spec.get("contacts")):
            _contact_method(contact)
        _each(spec.get("notificationRules"), _notification_rule)
    elif kind == "notification-rule":
        _notification_rule(spec)
        _applies_to(spec.get("appliesTo"))
    return spec


def _dicts(value: Any) -> list[dict[str, Any]]:
    """The mappings in a list (nothing when value is not a list)."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _each(value: Any, fix: Callable[[dict[str, Any]], None]) -> None:
    for item in _dicts(value):
        fix(item)


def _routing_rule(rule: dict[str, Any]) -> None:
    notify = rule.get("notify")
    if isinstance(notify, list) and len(notify) == 1:
        rule["notify"] = notify[0]
    _time_restriction(rule.get("timeRestriction"))


def _notification_rule(rule: dict[str, Any]) -> None:
    restrictions = rule.get("restrictions")
    if "timeRestriction" not in rule and isinstance(restrictions, list):
        converted = _restrictions_to_time_restriction(restrictions)
        if converted is not None:
            rule.pop("restrictions")
            rule["timeRestriction"] = converted
    _time_restriction(rule.get("timeRestriction"))
    for step in _dicts(rule.get("steps")):
        step.setdefault("enabled", True)
        _contact_method(step.get("contact"))


def _restrictions_to_time_restriction(entries: list[Any]) -> dict[str, Any] | None:
    """The seed's top-level `restrictions`: one daily window, or weekday spans.

    Returns None for a mix the checks reject (entries with and without days, several daily
    windows), so that the document stays as written.
    """
    items = _dicts(entries)
    if len(items) != len(entries) or not items:
        return None
    with_days = [("startDay" in r or "endDay" in r) for r in items]
    if all(with_days):
        return {"type": WEEKDAY_AND_TIME, "restrictions": items}
    if not any(with_days) and len(items) == 1:
        return {"type": TIME_OF_DAY, "restriction": items[0]}
    return None


def _time_restriction(value: Any) -> None:
    if not isinstance(value, dict):
        return
    kind = value.get("type")
    listed = value.get("restrictions")
    if (
        kind == TIME_OF_DAY
        and "restriction" not in value
        and isinstance(listed, list)
        and len(listed) == 1
    ):
        value["restriction"] = value.pop("restrictions")[0]
    if kind == TIME_OF_DAY and isinstance(value.get("restriction"), dict):
        _end_of_day(value["restriction"], weekday=False)
    elif kind == WEEKDAY_AND_TIME:
        for entry in _dicts(value.get("restrictions")):
            _end_of_day(entry, weekday=True)


def _end_of_day(entry: dict[str, Any], *, weekday: bool) -> None:
    """23:59 and 24:00 as an end both mean midnight: 0:00 (of the next day for weekday spans)."""
    end = (entry.get("endHour"), entry.get("endMin"))
    if not (_is_int(end[0]) and _is_int(end[1])) or end not in ((23, 59), (24, 0)):
        return
    entry["endHour"] = 0
    entry["endMin"] = 0
    day = entry.get("endDay")
    if weekday and isinstance(day, str) and day in WEEKDAYS:
        entry["endDay"] = WEEKDAYS[(WEEKDAYS.index(day) + 1) % 7]


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _contact_method(contact: Any) -> None:
    if isinstance(contact, dict) and contact.get("method") == "mobile_app":
        contact["method"] = "mobile"


def _escalation_repeat(repeat: Any) -> None:
    """`closeAlertAfter: 0` is `closeAlertAfterAll: false`; other values are errors in checks."""
    if not isinstance(repeat, dict):
        return
    value = repeat.get("closeAlertAfter")
    if _is_int(value) and value == 0:
        repeat.pop("closeAlertAfter")
        repeat.setdefault("closeAlertAfterAll", False)


def _applies_to(value: Any) -> None:
    """Plain-string targets become reference objects: `{username: ...}` or `{name: ...}`."""
    if not isinstance(value, dict):
        return
    for group, key in APPLIES_TO_KEYS.items():
        targets = value.get(group)
        if isinstance(targets, list):
            value[group] = [{key: t} if isinstance(t, str) else t for t in targets]
