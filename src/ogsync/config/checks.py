"""Semantic checks beyond the JSON Schemas (time zones, restrictions, dates, duplicates)."""

from __future__ import annotations

import difflib
import fnmatch
import zoneinfo
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from ogsync import address
from ogsync.config.model import Config, Resource, Settings
from ogsync.config.normalise import TIME_OF_DAY, WEEKDAY_AND_TIME
from ogsync.config.yamlsafe import JsonPath
from ogsync.diagnostics import Collector, Diagnostic, Position
from ogsync.kinds.common import canon_date, round_half_hour
from ogsync.kinds.registry import KINDS

ALLOWED_API_DOMAIN = "opsgenie.com"
DAY_KEYS = ("startDay", "endDay")
SCHEDULE_ACTIONS = ("schedule-start", "schedule-end")
TO_ALL = "all"  # in a global rule's step: every contact of that method each user has
TIME_KEYS = ("startHour", "startMin", "endHour", "endMin")


@dataclass
class Ctx:
    """One resource being checked, and where its problems go."""

    res: Resource
    out: Collector
    now: datetime

    def error(self, path: JsonPath, message: str, addr: str = "", *, key: bool = False) -> None:
        self.out.error(message, self.res.pos(path, key=key), addr or self.res.address)

    def warning(self, path: JsonPath, message: str, addr: str = "", *, key: bool = False) -> None:
        self.out.warning(message, self.res.pos(path, key=key), addr or self.res.address)


def check_config(config: Config, now: datetime) -> list[Diagnostic]:
    """Every semantic problem of the resources that passed their schema, and of ogsync.yaml."""
    out = Collector()
    when = now if now.tzinfo is not None else now.replace(tzinfo=UTC)
    checked = [r for r in config.resources if r.valid and r.name]
    _check_duplicate_names(checked, out)
    for res in checked:
        CHECKS[res.kind](Ctx(res, out, when))
    _check_settings(config.settings, checked, out)
    return out.items


# ---------------------------------------------------------------- generic helpers


def _dicts(value: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    """(index, item) for the mappings of a list; nothing when value is not a list."""
    if isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, dict):
                yield i, item


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _where(pos: Position) -> str:
    return str(pos)


def _check_duplicates(
    ctx: Ctx,
    list_key: str,
    identity: Callable[[dict[str, Any]], str | None],
    name_key: str,
    what: str,
    child_kind: str,
) -> None:
    """An error on each item of res[list_key] whose identity an earlier item already has."""
    seen: dict[str, JsonPath] = {}
    for i, item in _dicts(ctx.res.raw.get(list_key)):
        ident = identity(item)
        if ident is None:
            continue
        path: JsonPath = (list_key, i, name_key)
        if ident in seen:
            first = ctx.res.pos(seen[ident])
            shown = item.get(name_key) if child_kind != "contact" else ident
            ctx.error(
                path,
                f"duplicate {what} {shown!r} (first at {_where(first)})",
                address.make(child_kind, str(shown), ctx.res.address),
            )
        else:
            seen[ident] = path


def _name_of(item: dict[str, Any], key: str = "name") -> str | None:
    value = item.get(key)
    return value if isinstance(value, str) else None


# ---------------------------------------------------------------- duplicates of top-level names


def _identity(res: Resource) -> str:
    """Opsgenie keeps names (usernames too) unique without regard to case."""
    return res.name.lower()


def _check_duplicate_names(resources: list[Resource], out: Collector) -> None:
    first: dict[tuple[str, str], Resource] = {}
    for res in resources:
        key = (res.kind, _identity(res))
        name_key = KINDS[res.kind].name_key
        if key in first:
            earlier = first[key]
            what = "username" if res.kind == "user" else f"{KINDS[res.kind].label} name"
            case = "" if earlier.name == res.name else f", as {earlier.name!r}: case does not count"
            out.error(
                f"duplicate {what} {res.name!r} (first at {_where(earlier.pos((name_key,)))}"
                f"{case})",
                res.pos((name_key,)),
                res.address,
            )
        else:
            first[key] = res


# ---------------------------------------------------------------- time zones


@cache
def _zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


@cache
def _zones_by_lower() -> dict[str, str]:
    return {z.lower(): z for z in _zones()}


def _check_zone(ctx: Ctx, path: JsonPath, addr: str = "") -> None:
    value = _get(ctx.res.raw, path)
    if not isinstance(value, str) or value in _zones():
        return
    same = _zones_by_lower().get(value.lower())
    close = [same] if same else difflib.get_close_matches(value, sorted(_zones()), n=1, cutoff=0.7)
    hint = f" (did you mean {close[0]!r}?)" if close else " (an IANA name such as 'Europe/Berlin')"
    ctx.error(path, f"unknown time zone {value!r}{hint}", addr)


def _get(data: Any, path: JsonPath) -> Any:
    for part in path:
        if isinstance(part, int) and isinstance(data, list) and 0 <= part < len(data):
            data = data[part]
        elif isinstance(part, str) and isinstance(data, dict):
            data = data.get(part)
        else:
            return None
    return data


# ---------------------------------------------------------------- time restrictions


def _check_time_restriction(ctx: Ctx, path: JsonPath, addr: str) -> None:
    """A `timeRestriction` value: its shape for its type, then each window."""
    value = _get(ctx.res.raw, path)
    if not isinstance(value, dict):
        return
    kind = value.get("type")
    one, many = value.get("restriction"), value.get("restrictions")
    if kind == TIME_OF_DAY:
        if "restriction" in value and "restrictions" in value:
            ctx.error(
                (*path, "restrictions"),
                "a time-of-day restriction takes one `restriction`, not also `restrictions`",
                addr,
                key=True,
            )
        elif "restrictions" in value:
            if isinstance(many, list) and len(many) != 1:
                ctx.error(
                    (*path, "restrictions"),
                    f"a time-of-day restriction takes one window, not {len(many)}; "
                    "use type weekday-and-time-of-day for several",
                    addr,
                )
                return
            _check_window(ctx, (*path, "restrictions", 0), weekday=False, addr=addr)
        elif isinstance(one, dict):
            _check_window(ctx, (*path, "restriction"), weekday=False, addr=addr)
        else:
            ctx.error(path, "a time-of-day restriction needs a `restriction`", addr)
    elif kind == WEEKDAY_AND_TIME:
        if "restriction" in value:
            ctx.error(
                (*path, "restriction"),
                "a weekday-and-time-of-day restriction takes a list of `restrictions`, "
                "not one `restriction`",
                addr,
                key=True,
            )
        if "restrictions" not in value:
            if "restriction" not in value:
                ctx.error(path, "a weekday-and-time-of-day restriction needs `restrictions`", addr)
            return
        for i, _ in _dicts(many):
            _check_window(ctx, (*path, "restrictions", i), weekday=True, addr=addr)


def _check_seed_restrictions(ctx: Ctx, path: JsonPath, addr: str) -> None:
    """A notification rule's top-level `restrictions` (the seed's form of timeRestriction)."""
    rule = _get(ctx.res.raw, path)
    if not isinstance(rule, dict) or "restrictions" not in rule:
        return
    where: JsonPath = (*path, "restrictions")
    if "timeRestriction" in rule:
        ctx.error(
            where, "give either `restrictions` or `timeRestriction`, not both", addr, key=True
        )
        return
    entries = list(_dicts(rule["restrictions"]))
    with_days = [any(k in e for k in DAY_KEYS) for _, e in entries]
    if any(with_days) and not all(with_days):
        ctx.error(
            where,
            "`restrictions` mixes windows with days and without: give every window "
            "startDay and endDay (weekday-and-time-of-day), or one window without days "
            "(time-of-day)",
            addr,
        )
        return
    if not any(with_days) and len(entries) > 1:
        ctx.error(
            where,
            f"`restrictions` without days is one daily window, not {len(entries)}; "
            "give startDay and endDay for weekly spans",
            addr,
        )
        return
    for i, _ in entries:
        _check_window(ctx, (*where, i), weekday=all(with_days), addr=addr)


def _check_window(ctx: Ctx, path: JsonPath, *, weekday: bool, addr: str) -> None:
    """One window: the fields its type needs, 24:00 only as an end, minutes Opsgenie rounds."""
    entry = _get(ctx.res.raw, path)
    if not isinstance(entry, dict):
        return
    if weekday:
        for key in DAY_KEYS:
            if key not in entry:
                ctx.error(path, f"a weekday-and-time-of-day restriction needs `{key}`", addr)
    else:
        for key in DAY_KEYS:
            if key in entry:
                ctx.error(
                    (*path, key),
                    f"`{key}` belongs to weekday-and-time-of-day restrictions, "
                    "not to a time-of-day one",
                    addr,
                    key=True,
                )
    missing = [k for k in TIME_KEYS if k not in entry]
    for key in missing:
        ctx.error(path, f"the restriction needs `{key}`", addr)
    if missing:
        return
    start_h, start_m, end_h, end_m = (entry[k] for k in TIME_KEYS)
    if not all(_is_int(v) for v in (start_h, start_m, end_h, end_m)):
        return
    if start_h == 24:
        ctx.error(
            (*path, "startHour"), "startHour 24 is not a start: use 0 (24 is only an end)", addr
        )
    if end_h == 24 and end_m != 0:
        ctx.error((*path, "endMin"), f"24:{end_m:02d} is not a time: 24 only as 24:00", addr)
    if start_h != 24:
        _warn_rounded(ctx, path, "startMin", start_h, start_m, addr)
    if end_h != 24 and (end_h, end_m) != (23, 59):
        _warn_rounded(ctx, path, "endMin", end_h, end_m, addr)


def _warn_rounded(ctx: Ctx, path: JsonPath, key: str, hour: int, minute: int, addr: str) -> None:
    if minute in (0, 30) or not 0 <= minute <= 59:
        return
    stored = round_half_hour(hour * 60 + minute) % (24 * 60)
    ctx.warning(
        (*path, key),
        f"Opsgenie rounds {key} {minute} to the nearest 0 or 30: "
        f"{hour:02d}:{minute:02d} becomes {stored // 60:02d}:{stored % 60:02d}",
        addr,
    )


# ---------------------------------------------------------------- dates


def _parse_date(ctx: Ctx, path: JsonPath, addr: str) -> datetime | None:
    """The date at path, or None (with an error when it is there but does not parse)."""
    value = _get(ctx.res.raw, path)
    if value is None:
        return None
    field = str(path[-1])
    text = value if isinstance(value, str) else str(value)
    try:
        parsed = datetime.fromisoformat(text[:-1] + "+00:00" if text[-1:] in "Zz" else text)
    except ValueError:
        ctx.error(
            path,
            f"{field} {text!r} is not an ISO-8601 date-time (e.g. 2025-01-06T09:00:00Z)",
            addr,
        )
        return None
    if parsed.tzinfo is None:
        ctx.error(path, f"{field} {text!r} needs a UTC offset (Z or e.g. +01:00)", addr)
        return None
    return parsed


def _check_period(ctx: Ctx, path: JsonPath, addr: str) -> tuple[datetime | None, datetime | None]:
    start = _parse_date(ctx, (*path, "startDate"), addr)
    end = _parse_date(ctx, (*path, "endDate"), addr)
    if start is not None and end is not None and end <= start:
        ctx.error(
            (*path, "endDate"),
            f"endDate {_get(ctx.res.raw, (*path, 'endDate'))} is not after "
            f"startDate {_get(ctx.res.raw, (*path, 'startDate'))}",
            addr,
        )
    return start, end


# ---------------------------------------------------------------- per kind


def _check_user(ctx: Ctx) -> None:
    raw = ctx.res.raw
    _check_zone(ctx, ("timeZone",))
    _check_duplicates(ctx, "contacts", _contact_identity, "to", "contact", "contact")
    _check_duplicates(
        ctx,
        "notificationRules",
        _rule_identity,
        "name",
        "notification rule",
        "notification-rule",
    )
    for i, rule in _dicts(raw.get("notificationRules")):
        addr = address.make("notification-rule", _name_of(rule) or str(i), ctx.res.address)
        _check_rule(ctx, ("notificationRules", i), addr)
        _check_personal_steps(ctx, ("notificationRules", i), addr)


def _rule_identity(rule: dict[str, Any]) -> str | None:
    """Opsgenie keeps a user's rule names unique without regard to case."""
    name = _name_of(rule)
    return name.lower() if name is not None else None


def _check_personal_steps(ctx: Ctx, path: JsonPath, addr: str) -> None:
    """A personal rule's steps name one of the user's own contacts, never `to: all`."""
    raw = ctx.res.raw
    listed = {_contact_identity(c) for _, c in _dicts(raw.get("contacts"))}
    listed.add(f"email:{ctx.res.name.lower()}")  # the contact Opsgenie makes for the username
    for j, step in _dicts(_get(raw, (*path, "steps"))):
        contact = step.get("contact")
        if not isinstance(contact, dict):
            continue
        where: JsonPath = (*path, "steps", j, "contact", "to")
        if contact.get("to") == TO_ALL:
            ctx.error(
                where,
                "`to: all` belongs to global rules (notification-rules/); a personal rule's "
                "step names one contact of the user, e.g. `to: '49-15110000001'`",
                addr,
            )
        elif "contacts" in raw and _contact_identity(contact) not in listed:
            ctx.error(
                where,
                f"the step notifies {_contact_identity(contact)}, which is not in the user's "
                "contacts: add it to `contacts` or notify a listed one",
                addr,
            )


def _contact_identity(contact: dict[str, Any]) -> str | None:
    method, to = contact.get("method"), contact.get("to")
    if not isinstance(method, str) or not isinstance(to, str):
        return None
    method = "mobile" if method == "mobile_app" else method
    return f"{method}:{to.lower() if method == 'email' else to}"


def _check_rule(ctx: Ctx, path: JsonPath, addr: str) -> None:
    """A notification rule (personal, or a global rule at path ())."""
    _check_time_restriction(ctx, (*path, "timeRestriction"), addr)
    _check_seed_restrictions(ctx, path, addr)
    rule = _get(ctx.res.raw, path)
    if not isinstance(rule, dict):
        return
    action = rule.get("actionType") or "create-alert"
    if action in SCHEDULE_ACTIONS:
        return
    selects = path == () and "appliesTo" not in rule  # a global rule's schedules select users
    for key in ("notificationTime", "schedules"):
        if key in rule and not (key == "schedules" and selects):
            ctx.warning(
                (*path, key),
                f"`{key}` only counts for schedule-start and schedule-end rules: "
                f"ignored for {action}",
                addr,
                key=True,
            )


def _check_team(ctx: Ctx) -> None:
    _check_duplicates(ctx, "routingRules", _name_of, "name", "routing rule", "routing-rule")
    for i, rule in _dicts(ctx.res.raw.get("routingRules")):
        addr = address.make("routing-rule", _name_of(rule) or str(i), ctx.res.address)
        _check_zone(ctx, ("routingRules", i, "timezone"), addr)
        _check_time_restriction(ctx, ("routingRules", i, "timeRestriction"), addr)
        _check_notify(ctx, ("routingRules", i, "notify"), addr)


def _check_notify(ctx: Ctx, path: JsonPath, addr: str) -> None:
    """Guards the schema's rule for callers that skip it: schedule, escalation or none."""
    value = _get(ctx.res.raw, path)
    items = value if isinstance(value, list) else [value]
    for i, item in enumerate(items):
        kind = item.get("type") if isinstance(item, dict) else None
        if kind is not None and kind not in ("schedule", "escalation", "none"):
            where = (*path, i, "type") if isinstance(value, list) else (*path, "type")
            ctx.error(
                where, "a routing rule can only notify a schedule, an escalation or none", addr
            )


def _check_schedule(ctx: Ctx) -> None:
    raw = ctx.res.raw
    _check_zone(ctx, ("timezone",))
    _check_duplicates(ctx, "rotations", _name_of, "name", "rotation", "rotation")
    _check_duplicates(
        ctx, "overrides", lambda o: _name_of(o, "alias"), "alias", "override alias", "override"
    )
    for i, rot in _dicts(raw.get("rotations")):
        addr = address.make("rotation", _name_of(rot) or str(i), ctx.res.address)
        start, end = _check_period(ctx, ("rotations", i), addr)
        _warn_rounded_dates(ctx, ("rotations", i), (start, end), addr)
        _check_time_restriction(ctx, ("rotations", i, "timeRestriction"), addr)
    for i, override in _dicts(raw.get("overrides")):
        addr = address.make("override", _name_of(override, "alias") or str(i), ctx.res.address)
        start, end = _check_period(ctx, ("overrides", i), addr)
        _warn_rounded_dates(ctx, ("overrides", i), (start, end), addr)
        if end is not None and end <= ctx.now and (start is None or start < end):
            ctx.warning(
                ("overrides", i, "endDate"),
                "the override is wholly in the past: ogsync never touches it",
                addr,
            )


def _warn_rounded_dates(
    ctx: Ctx, path: JsonPath, dates: tuple[datetime | None, datetime | None], addr: str
) -> None:
    """A start or end date off :00 or :30 says what Opsgenie will store instead; an end that
    rounds onto (or before) the start is an error, as Opsgenie would refuse it."""
    start, end = dates
    if start is not None and end is not None and start < end:
        stored = [canon_date(_get(ctx.res.raw, (*path, f))) for f in ("startDate", "endDate")]
        if stored[1] is not None and stored[0] is not None and stored[1] <= stored[0]:
            ctx.error(
                (*path, "endDate"),
                f"endDate rounds to {stored[1]}, not after startDate ({stored[0]}): "
                "Opsgenie keeps only :00 and :30",
                addr,
            )
    for field, when in zip(("startDate", "endDate"), dates, strict=True):
        if when is not None and (when.minute not in (0, 30) or when.second or when.microsecond):
            written = _get(ctx.res.raw, (*path, field))
            ctx.warning(
                (*path, field),
                f"{field} {written} is not on a :00 or :30 minute: Opsgenie rounds it to the "
                f"nearest half hour, {canon_date(written)}",
                addr,
            )


def _check_escalation(ctx: Ctx) -> None:
    raw = ctx.res.raw
    rules = raw.get("rules")
    if not ctx.res.absent and not (isinstance(rules, list) and rules):
        path: JsonPath = ("rules",) if "rules" in raw else ("name",)
        ctx.error(path, "an escalation needs at least one rule", key="rules" in raw)
    for i, rule in _dicts(rules):
        _check_escalation_rule(ctx, i, rule)
    repeat = raw.get("repeat")
    if isinstance(repeat, dict) and "closeAlertAfter" in repeat:
        value = repeat["closeAlertAfter"]
        where: JsonPath = ("repeat", "closeAlertAfter")
        if "closeAlertAfterAll" in repeat:
            ctx.error(
                where,
                "give either closeAlertAfter (seed form) or closeAlertAfterAll, not both",
                key=True,
            )
        elif value != 0:
            ctx.error(
                where,
                f"closeAlertAfter {value} has no Opsgenie equivalent: only 0 is accepted "
                "(read as closeAlertAfterAll: false); write closeAlertAfterAll: true to close "
                "the alert after the last repeat",
            )


# Opsgenie's documented notifyType values per recipient type (schedules pick who of the
# rotation; teams pick which members; a user is just notified).
NOTIFY_TYPES: dict[str, tuple[str, ...]] = {
    "schedule": ("default", "next", "previous"),
    "team": ("default", "users", "admins", "all"),
    "user": ("default",),
}


def _check_escalation_rule(ctx: Ctx, i: int, rule: dict[str, Any]) -> None:
    """A delay is in minutes (Opsgenie takes no other unit there), a notifyType fits its
    recipient."""
    delay = rule.get("delay")
    unit = delay.get("timeUnit", "minutes") if isinstance(delay, dict) else "minutes"
    if unit != "minutes":
        ctx.error(
            ("rules", i, "delay", "timeUnit"),
            f"an escalation delay is in minutes, not {unit}: write the delay in minutes",
        )
    recipient = rule.get("recipient")
    kind = recipient.get("type") if isinstance(recipient, dict) else None
    allowed = NOTIFY_TYPES.get(str(kind))
    notify = rule.get("notifyType", "default")
    if allowed is not None and notify not in allowed:
        ctx.error(
            ("rules", i, "notifyType"),
            f"notifyType {notify!r} does not apply to a {kind} recipient "
            f"(one of {', '.join(allowed)})",
        )


def _check_global_rule(ctx: Ctx) -> None:
    _check_rule(ctx, (), ctx.res.address)
    for j, step in _dicts(ctx.res.raw.get("steps")):
        contact = step.get("contact")
        to = contact.get("to") if isinstance(contact, dict) else None
        if isinstance(to, str) and to != TO_ALL:
            ctx.error(
                ("steps", j, "contact", "to"),
                "a global rule's step takes `to: all` (each selected user's own contacts of "
                f"that method), not one address such as {to!r}",
            )


CHECKS: dict[str, Callable[[Ctx], None]] = {
    "user": _check_user,
    "team": _check_team,
    "schedule": _check_schedule,
    "escalation": _check_escalation,
    "notification-rule": _check_global_rule,
}


# ---------------------------------------------------------------- ogsync.yaml


def _check_settings(settings: Settings, resources: list[Resource], out: Collector) -> None:
    raw = settings.raw if isinstance(settings.raw, dict) else {}
    account = raw.get("account")
    if isinstance(account, dict) and isinstance(account.get("apiUrl"), str):
        problem = _api_url_problem(account["apiUrl"])
        if problem:
            out.error(f"account.apiUrl: {problem}", settings.pos(("account", "apiUrl")))
    patterns = raw.get("ignore")
    if isinstance(patterns, list):
        addresses = [(a, pos) for res in resources for a, pos in _addresses(res)]
        for i, pattern in enumerate(patterns):
            if not isinstance(pattern, str):
                continue
            for addr, pos in addresses:
                if fnmatch.fnmatchcase(addr, pattern):
                    out.error(
                        f"ignore pattern {pattern!r} matches {addr}, which the config defines "
                        f"at {_where(pos)}: an ignored object cannot be managed",
                        settings.pos(("ignore", i)),
                        addr,
                    )


def _api_url_problem(value: str) -> str | None:
    """Why value may not be used as the API endpoint, or None when it may."""
    text = value.strip()
    if "://" in text:
        parts = urlsplit(text)
        if parts.scheme.lower() != "https":
            return f"{value!r} must use https"
        try:
            host = (parts.hostname or "").lower()
        except ValueError:
            host = ""
    else:
        host = text.split("/", 1)[0].rsplit(":", 1)[0].lower()
        if "@" in host:
            host = ""
    if host == ALLOWED_API_DOMAIN or host.endswith("." + ALLOWED_API_DOMAIN):
        return None
    return (
        f"{value!r} is not on a host under {ALLOWED_API_DOMAIN} (ogsync.yaml may only name "
        "Opsgenie; use --api-url or OPSGENIE_API_URL for anything else)"
    )


def _addresses(res: Resource) -> Iterator[tuple[str, Position]]:
    """The addresses a resource defines (itself and its nested objects), with positions."""
    if res.kind == "notification-rule":
        return  # a global rule has no address of its own
    name_key = KINDS[res.kind].name_key
    yield res.address, res.pos((name_key,))
    nested = {
        "team": [("routingRules", "routing-rule", "name")],
        "schedule": [("rotations", "rotation", "name"), ("overrides", "override", "alias")],
        "user": [("notificationRules", "notification-rule", "name")],
    }.get(res.kind, [])
    for list_key, child_kind, key in nested:
        for i, item in _dicts(res.raw.get(list_key)):
            name = _name_of(item, key)
            if name:
                yield address.make(child_kind, name, res.address), res.pos((list_key, i, key))
    if res.kind == "user":
        for i, contact in _dicts(res.raw.get("contacts")):
            ident = _contact_identity(contact)
            if ident:
                yield address.make("contact", ident, res.address), res.pos(("contacts", i))
