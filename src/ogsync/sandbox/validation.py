"""Payload checks for the sandbox: a small schema checker, dates, time restrictions and filters."""

from __future__ import annotations

import re
import zoneinfo
from datetime import UTC, datetime, timedelta
from typing import Any

from ogsync.sandbox.core import ApiFault, Json, unprocessable

Schema = dict[str, Any]

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "object": (dict,),
    "array": (list,),
}


def obj(props: dict[str, Schema], *required: str, **extra: Any) -> Schema:
    """An object schema; properties not listed are refused (strictest plausible)."""
    return {"type": "object", "properties": props, "required": list(required), **extra}


def string(**extra: Any) -> Schema:
    return {"type": "string", **extra}


def integer(**extra: Any) -> Schema:
    return {"type": "integer", **extra}


def boolean(**extra: Any) -> Schema:
    return {"type": "boolean", **extra}


def array(items: Schema, **extra: Any) -> Schema:
    return {"type": "array", "items": items, **extra}


def enum(*values: str) -> Schema:
    return {"type": "string", "enum": list(values)}


ANY: Schema = {}


def errors_of(value: Any, schema: Schema, path: str = "") -> dict[str, str]:
    """Every problem of VALUE against SCHEMA, keyed by dotted field path."""
    found: dict[str, str] = {}
    _check(value, schema, path, found)
    return found


def validate(value: Any, schema: Schema) -> None:
    found = errors_of(value, schema)
    if found:
        raise unprocessable("Request body is not valid: " + _summary(found), found)


def _summary(found: dict[str, str]) -> str:
    return "; ".join(f"{key or 'body'}: {msg}" for key, msg in sorted(found.items()))


def _check(value: Any, schema: Schema, path: str, found: dict[str, str]) -> None:
    kind = schema.get("type")
    if value is None:
        if not schema.get("nullable") and kind is not None:
            found[path] = "must not be null"
        return
    if kind is not None and not _is_type(value, kind):
        found[path] = f"must be of type {kind}"
        return
    if "enum" in schema and value not in schema["enum"]:
        found[path] = "must be one of " + ", ".join(schema["enum"])
    if kind == "string":
        _check_string(value, schema, path, found)
    elif kind in ("integer", "number"):
        _check_number(value, schema, path, found)
    elif kind == "array":
        _check_array(value, schema, path, found)
    elif kind == "object":
        _check_object(value, schema, path, found)


def _is_type(value: Any, kind: str) -> bool:
    if isinstance(value, bool) and kind in ("integer", "number"):
        return False
    return isinstance(value, _TYPES[kind])


def _check_string(value: str, schema: Schema, path: str, found: dict[str, str]) -> None:
    if "maxLength" in schema and len(value) > schema["maxLength"]:
        found[path] = f"must be at most {schema['maxLength']} characters"
    if schema.get("nonEmpty") and not value.strip():
        found[path] = "must not be empty"
    if schema.get("format") == "email" and not EMAIL.match(value):
        found[path] = "must be a well-formed email address"
    if schema.get("format") == "timezone" and not is_timezone(value):
        found[path] = f"{value!r} is not a known time zone"


def _check_number(value: float, schema: Schema, path: str, found: dict[str, str]) -> None:
    if "minimum" in schema and value < schema["minimum"]:
        found[path] = f"must be at least {schema['minimum']}"
    if "maximum" in schema and value > schema["maximum"]:
        found[path] = f"must be at most {schema['maximum']}"


def _check_array(value: list[Any], schema: Schema, path: str, found: dict[str, str]) -> None:
    if "minItems" in schema and len(value) < schema["minItems"]:
        found[path] = f"must have at least {schema['minItems']} item(s)"
    if "maxItems" in schema and len(value) > schema["maxItems"]:
        found[path] = f"must have at most {schema['maxItems']} items"
    for index, item in enumerate(value):
        _check(item, schema.get("items", ANY), f"{path}[{index}]", found)


def _check_object(value: Json, schema: Schema, path: str, found: dict[str, str]) -> None:
    props: dict[str, Schema] | None = schema.get("properties")
    if props is None:
        values_schema = schema.get("values")
        for key, item in value.items():
            if values_schema is not None:
                _check(item, values_schema, _join(path, key), found)
        return
    for key in schema.get("required", []):
        if value.get(key) is None:
            found[_join(path, key)] = "is required"
    for key, item in value.items():
        if key not in props:
            found[_join(path, key)] = "is not a known field"
        else:
            _check(item, props[key], _join(path, key), found)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def is_timezone(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


# ---- dates -------------------------------------------------------------------------------


def nearest_half_hour(minutes: int) -> int:
    """Opsgenie keeps minutes at 0 or 30, "converted to nearest 0 or 30" (the API description
    of rotation dates); a quarter past rounds up."""
    return (minutes + 15) // 30 * 30


def round_to_half_hour(moment: datetime) -> datetime:
    moment = moment.replace(second=0, microsecond=0)
    return moment + timedelta(minutes=nearest_half_hour(moment.minute) - moment.minute)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_instant(value: Any, field: str) -> datetime:
    """An ISO-8601 instant with an offset, in UTC; no offset or no date is a 422."""
    if not isinstance(value, str):
        raise unprocessable(f"{field} must be a date-time", {field: "must be a date-time"})
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise unprocessable(
            f"{field} is not an ISO-8601 date-time", {field: "must be an ISO-8601 date-time"}
        ) from None
    if moment.tzinfo is None:
        raise unprocessable(
            f"{field} needs a time zone offset or Z", {field: "needs a time zone offset or Z"}
        )
    return moment.astimezone(UTC)


def rounded_date(value: Any, field: str) -> str:
    """Seconds dropped, minutes to the nearest 0 or 30, UTC with Z."""
    return iso(round_to_half_hour(parse_instant(value, field)))


# ---- time restrictions -------------------------------------------------------------------

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
HOUR = integer(minimum=0, maximum=23)
MINUTE = integer(minimum=0, maximum=59)
TIME_OF_DAY = obj(
    {"startHour": HOUR, "startMin": MINUTE, "endHour": HOUR, "endMin": MINUTE},
    "startHour",
    "startMin",
    "endHour",
    "endMin",
)
WEEKDAY_TIME = obj(
    {
        "startDay": enum(*DAYS),
        "startHour": HOUR,
        "startMin": MINUTE,
        "endDay": enum(*DAYS),
        "endHour": HOUR,
        "endMin": MINUTE,
    },
    "startDay",
    "startHour",
    "startMin",
    "endDay",
    "endHour",
    "endMin",
)
TIME_RESTRICTION = obj(
    {
        "type": enum("time-of-day", "weekday-and-time-of-day"),
        "restriction": TIME_OF_DAY,
        "restrictions": array(WEEKDAY_TIME, minItems=1, maxItems=15),
    },
    "type",
)


def time_restriction(value: Json, field: str) -> Json:
    """Check a time restriction (already schema-valid); its minutes go to the nearest 0 or 30."""
    if value["type"] == "time-of-day":
        if "restrictions" in value or "restriction" not in value:
            raise unprocessable(
                "A time-of-day restriction takes one 'restriction' object",
                {f"{field}.restriction": "is required for type time-of-day"},
            )
        return {"type": "time-of-day", "restriction": _round_minutes(value["restriction"])}
    if "restriction" in value or "restrictions" not in value:
        raise unprocessable(
            "A weekday-and-time-of-day restriction takes a 'restrictions' list",
            {f"{field}.restrictions": "is required for type weekday-and-time-of-day"},
        )
    return {
        "type": "weekday-and-time-of-day",
        "restrictions": [_round_minutes(item) for item in value["restrictions"]],
    }


def _round_minutes(item: Json) -> Json:
    """23:45 becomes 00:00, and a weekday span's day moves on with it."""
    rounded = dict(item)
    for side in ("start", "end"):
        total = nearest_half_hour(item[f"{side}Hour"] * 60 + item[f"{side}Min"])
        rounded[f"{side}Hour"], rounded[f"{side}Min"] = total % 1440 // 60, total % 60
        day = item.get(f"{side}Day")
        if total >= 1440 and day in DAYS:
            rounded[f"{side}Day"] = DAYS[(DAYS.index(day) + 1) % 7]
    return rounded


def render_time_restriction(value: Json, read_seq: int) -> Json:
    """Weekday restrictions come back in an order that varies from read to read, as in Opsgenie."""
    if value["type"] != "weekday-and-time-of-day":
        return value
    return {**value, "restrictions": vary_order(value["restrictions"], read_seq)}


def vary_order(items: list[Any], read_seq: int) -> list[Any]:
    """A deterministic permutation that changes with every read: rotate, reverse every other lap."""
    count = len(items)
    if count < 2:
        return list(items)
    shift = read_seq % count
    rotated = items[shift:] + items[:shift]
    return rotated[::-1] if (read_seq // count) % 2 else rotated


# ---- filters -----------------------------------------------------------------------------

CONDITION = obj(
    {
        "field": enum(
            "message",
            "alias",
            "description",
            "source",
            "entity",
            "tags",
            "actions",
            "extra-properties",
            "recipients",
            "teams",
            "priority",
            "details",
            "responders",
        ),
        "key": string(),
        "not": boolean(),
        "operation": enum(
            "matches",
            "contains",
            "starts-with",
            "ends-with",
            "equals",
            "contains-key",
            "contains-value",
            "greater-than",
            "less-than",
            "is-empty",
            "equals-ignore-whitespace",
        ),
        "expectedValue": string(),
        "order": integer(minimum=0),
    },
    "field",
    "operation",
)
FILTER = obj(
    {
        "type": enum("match-all", "match-any-condition", "match-all-conditions"),
        "conditions": array(CONDITION),
    },
    "type",
)


def criteria(value: Json | None, field: str) -> Json:
    """A filter with defaults filled in; match-all takes no conditions, the others need one."""
    if value is None:
        return {"type": "match-all"}
    conditions = value.get("conditions") or []
    if value["type"] == "match-all":
        if conditions:
            raise unprocessable(
                "A match-all filter takes no conditions",
                {f"{field}.conditions": "must be empty for match-all"},
            )
        return {"type": "match-all"}
    if not conditions:
        raise unprocessable(
            f"A {value['type']} filter needs at least one condition",
            {f"{field}.conditions": "must have at least 1 item(s)"},
        )
    return {"type": value["type"], "conditions": [_condition(c) for c in conditions]}


def _condition(value: Json) -> Json:
    filled = {
        "field": value["field"],
        "not": value.get("not", False),
        "operation": value["operation"],
        "expectedValue": value.get("expectedValue", ""),
    }
    if value.get("key") is not None:
        filled["key"] = value["key"]
    if value.get("order") is not None:
        filled["order"] = value["order"]
    return filled


DURATION = obj(
    {
        "timeAmount": integer(minimum=0),
        "timeUnit": enum("days", "hours", "minutes", "seconds", "miliseconds", "micros", "nanos"),
    },
    "timeAmount",
)


def duration(value: Json | None) -> Json:
    if value is None:
        return {"timeAmount": 0, "timeUnit": "minutes"}
    return {"timeAmount": value["timeAmount"], "timeUnit": value.get("timeUnit") or "minutes"}


def require_order(value: Any, limit: int, field: str = "order") -> int:
    """An insertion index between 0 and LIMIT (inclusive)."""
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= limit:
        raise unprocessable(
            f"{field} must be an integer between 0 and {limit}",
            {field: f"must be between 0 and {limit}"},
        )
    return value


def identifier_type(raw: str | None, name: str = "identifierType") -> str:
    value = raw or "id"
    if value not in ("id", "name"):
        raise ApiFault(422, f"{name} must be 'id' or 'name'", {name: "must be one of id, name"})
    return value
