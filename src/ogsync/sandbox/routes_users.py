"""Sandbox routes for users, their contacts, personal notification rules and rule steps."""

from __future__ import annotations

import re
import uuid
from typing import Any
from urllib.parse import urlencode

from ogsync.sandbox.core import (
    ACCOUNT_LOCALE,
    ACCOUNT_TIMEZONE,
    ApiFault,
    Ctx,
    Json,
    Reply,
    not_found,
    route,
    toggled,
    unprocessable,
)
from ogsync.sandbox.refs import (
    RECIPIENT,
    ensure_unused,
    find_user,
    render_recipient,
    require_user,
    resolve_recipient,
)
from ogsync.sandbox.store import Body, Tx
from ogsync.sandbox.validation import (
    DURATION,
    EMAIL,
    FILTER,
    TIME_RESTRICTION,
    array,
    boolean,
    criteria,
    duration,
    enum,
    integer,
    iso,
    obj,
    render_time_restriction,
    require_order,
    string,
    time_restriction,
    validate,
)

ROLES = ("owner", "admin", "user", "observer", "stakeholder")
ADDRESS = obj({k: string() for k in ("country", "state", "city", "line", "zipCode")})
USER_FIELDS: dict[str, Any] = {
    "username": string(format="email", maxLength=100),
    "fullName": string(maxLength=512, nonEmpty=True),
    "role": obj({"id": string(), "name": string()}),
    "skypeUsername": string(),
    "timeZone": string(format="timezone"),
    "locale": string(),
    "userAddress": ADDRESS,
    "tags": array(string()),
    "details": {"type": "object", "values": array(string())},
    "invitationDisabled": boolean(),
}
CREATE_USER = obj(USER_FIELDS, "username", "fullName", "role")
UPDATE_USER = obj(USER_FIELDS)
_LOCALE = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?$")
SORT_FIELDS = {"username": "username", "fullName": "fullName", "insertedAt": "_seq"}


# ---- users ----------------------------------------------------------------------------------


def render_user(tx: Tx, user: Body, *, contacts: bool = False) -> Json:
    out = {k: v for k, v in user.items() if not k.startswith("_") and k != "role"}
    out["role"] = {"id": user["role"], "name": user["role"]}
    if contacts:
        out["userContacts"] = [
            {"to": c["to"], "id": c["id"], "contactMethod": c["method"], "enabled": c["enabled"]}
            for c in tx.all("contact", user["id"])
        ]
    return out


def _role(value: Json) -> str:
    name = str(value.get("name") or value.get("id") or "").lower()
    if name not in ROLES:
        raise unprocessable(
            f"Role [{name}] does not exist", {"role": "must be one of " + ", ".join(ROLES)}
        )
    return name


def _apply_user_fields(user: Body, payload: Json) -> None:
    for key in ("username", "fullName", "skypeUsername", "timeZone", "tags", "details"):
        if key in payload:
            user[key] = payload[key]
    if "role" in payload:
        user["role"] = _role(payload["role"])
    if "locale" in payload:
        if not _LOCALE.match(payload["locale"]):
            raise unprocessable("locale is not valid", {"locale": "must look like en_US"})
        user["locale"] = payload["locale"]
    if "userAddress" in payload:
        user["userAddress"] = {
            k: payload["userAddress"].get(k, "")
            for k in ("country", "state", "city", "line", "zipCode")
        }


def _ensure_free_username(tx: Tx, username: str, except_id: str | None = None) -> None:
    other = find_user(tx, username)
    if other is not None and other["id"] != except_id:
        raise ApiFault(409, f"User with username [{username}] already exists")


@route("POST", "/v2/users")
def create_user(ctx: Ctx) -> Reply:
    payload = ctx.body()
    validate(payload, CREATE_USER)
    _ensure_free_username(ctx.tx, payload["username"])
    seq = ctx.tx.max_of("user", "_seq") + 1
    user: Body = {
        "id": str(uuid.uuid4()),
        "timeZone": ACCOUNT_TIMEZONE,
        "locale": ACCOUNT_LOCALE,
        "tags": [],
        "details": {},
        "blocked": False,
        "verified": False,
        "createdAt": iso(ctx.now),
        "_seq": seq,
    }
    _apply_user_fields(user, payload)
    ctx.tx.put("user", user)
    _create_user_defaults(ctx.tx, user)
    return Reply(
        201, {"result": "Created", "data": {"id": user["id"], "username": user["username"]}}
    )


def _create_user_defaults(tx: Tx, user: Body) -> None:
    """Opsgenie's own objects for a new user: the username's email contact and default rules."""
    contact = {
        "id": str(uuid.uuid4()),
        "method": "email",
        "to": user["username"],
        "enabled": True,
        "_user": user["id"],
        "_primary": True,
    }
    tx.put("contact", contact, user["id"])
    email_step = {
        "contact": {"method": "email", "to": user["username"]},
        "enabled": True,
        "sendAfter": {"timeAmount": 0, "timeUnit": "minutes"},
    }
    defaults: list[tuple[str, str, Json]] = [
        ("New Alert", "create-alert", {}),
        ("Renotified Alert", "renotified-alert", {}),
        ("Schedule Start", "schedule-start", {"notificationTime": ["just-before"]}),
    ]
    for name, action, extra in defaults:
        rule = {
            "id": str(uuid.uuid4()),
            "name": name,
            "actionType": action,
            "criteria": {"type": "match-all"},
            "order": 0,
            "enabled": True,
            "steps": [{"id": str(uuid.uuid4()), **email_step}],
            "_user": user["id"],
            **extra,
        }
        tx.put("nrule", rule, user["id"])


@route("GET", "/v2/users")
def list_users(ctx: Ctx) -> Reply:
    offset = _int_arg(ctx, "offset", 0, 0, None)
    limit = _int_arg(ctx, "limit", 100, 1, 500)
    sort = ctx.arg("sort") or ctx.arg("sortField") or "username"
    if sort not in SORT_FIELDS:
        raise unprocessable(
            "sort must be one of username, fullName, insertedAt",
            {"sort": "must be one of " + ", ".join(SORT_FIELDS)},
        )
    order = (ctx.arg("order") or "asc").lower()
    if order not in ("asc", "desc"):
        raise unprocessable("order must be asc or desc", {"order": "must be asc or desc"})
    users = [u for u in ctx.tx.all("user") if _matches_query(u, ctx.arg("query") or "")]
    key = SORT_FIELDS[sort]
    users.sort(
        key=lambda u: str(u[key]).lower() if key != "_seq" else u[key], reverse=order == "desc"
    )
    page = users[offset : offset + limit]
    body: Json = {
        "data": [render_user(ctx.tx, u) for u in page],
        "totalCount": len(users),
        "paging": _paging(ctx, offset, limit, len(users), sort, order),
    }
    return Reply(200, body)


def _int_arg(ctx: Ctx, name: str, default: int, low: int, high: int | None) -> int:
    raw = ctx.arg(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise unprocessable(f"{name} must be an integer", {name: "must be an integer"}) from None
    if value < low or (high is not None and value > high):
        bound = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise unprocessable(f"{name} must be {bound}", {name: f"must be {bound}"})
    return value


def _matches_query(user: Body, query: str) -> bool:
    """`field:value` terms match that field, bare terms the username or full name (substrings)."""
    for term in query.split():
        field, sep, value = term.partition(":")
        if sep:
            actual = user.get(field) if field != "role" else user["role"]
            if actual is None or value.lower() not in str(actual).lower():
                return False
        elif term.lower() not in (user["username"] + " " + user["fullName"]).lower():
            return False
    return True


def _paging(ctx: Ctx, offset: int, limit: int, total: int, sort: str, order: str) -> Json:
    def link(at: int) -> str:
        query: dict[str, str | int] = {"limit": limit, "offset": at, "sort": sort, "order": order}
        if ctx.arg("query"):
            query["query"] = ctx.arg("query") or ""
        return f"{ctx.base_url}/v2/users?{urlencode(query)}"

    last = max(0, ((total - 1) // limit) * limit) if total else 0
    paging = {"first": link(0), "last": link(last)}
    if offset + limit < total:
        paging["next"] = link(offset + limit)
    if offset > 0:
        paging["prev"] = link(max(0, offset - limit))
    return paging


@route("GET", "/v2/users/{identifier}")
def get_user(ctx: Ctx) -> Reply:
    user = require_user(ctx.tx, ctx.params["identifier"])
    expanded = "contact" in ctx.expand()
    body = render_user(ctx.tx, user, contacts=expanded)
    return Reply(200, {"data": body, "expandable": [] if expanded else ["contact"]})


@route("PATCH", "/v2/users/{identifier}")
def update_user(ctx: Ctx) -> Reply:
    user = require_user(ctx.tx, ctx.params["identifier"])
    payload = ctx.body()
    validate(payload, UPDATE_USER)
    old_username = user["username"]
    if "username" in payload:
        _ensure_free_username(ctx.tx, payload["username"], user["id"])
    _apply_user_fields(user, payload)
    ctx.tx.put("user", user)
    if user["username"] != old_username:
        _follow_username(ctx.tx, user)
    return Reply(
        200, {"result": "Updated", "data": {"id": user["id"], "username": user["username"]}}
    )


def _follow_username(tx: Tx, user: Body) -> None:
    """The primary email contact (and steps that use it) follows a new username."""
    for contact in tx.all("contact", user["id"]):
        if contact.get("_primary"):
            _retarget_contact(tx, user["id"], contact, user["username"])


@route("DELETE", "/v2/users/{identifier}")
def delete_user(ctx: Ctx) -> Reply:
    user = require_user(ctx.tx, ctx.params["identifier"])
    ensure_unused(ctx.tx, "user", user)
    ctx.tx.delete_children("contact", user["id"])
    ctx.tx.delete_children("nrule", user["id"])
    ctx.tx.delete("user", user["id"])
    return Reply(200, {"result": "Deleted"})


@route("GET", "/v2/users/{identifier}/teams")
def list_user_teams(ctx: Ctx) -> Reply:
    user = require_user(ctx.tx, ctx.params["identifier"])
    teams = [
        {"id": t["id"], "name": t["name"]}
        for t in ctx.tx.all("team")
        if any(m["user"] == user["id"] for m in t.get("members", []))
    ]
    return Reply(200, {"data": teams})


# ---- contacts -------------------------------------------------------------------------------

CONTACT_METHOD = enum("email", "sms", "voice", "mobile")
CREATE_CONTACT = obj({"method": CONTACT_METHOD, "to": string(nonEmpty=True)}, "method", "to")
UPDATE_CONTACT = obj({"to": string(nonEmpty=True)}, "to")
_PHONE = re.compile(r"^\d{1,4}-\d{4,15}$")


def _check_contact_address(method: str, to: str) -> None:
    if method == "email" and not EMAIL.match(to):
        raise unprocessable("to must be an email address", {"to": "must be an email address"})
    if method in ("sms", "voice") and not _PHONE.match(to):
        raise unprocessable(
            "to must be a phone number as countryCode-number (e.g. 1-5551234567)",
            {"to": "must look like 1-5551234567"},
        )


def _same_address(method: str, a: str, b: str) -> bool:
    return a.lower() == b.lower() if method == "email" else a == b


def render_contact(contact: Body) -> Json:
    status: Json = {"enabled": contact["enabled"]}
    if contact.get("disabledReason"):
        status["disabledReason"] = contact["disabledReason"]
    return {"id": contact["id"], "method": contact["method"], "to": contact["to"], "status": status}


def _contact(ctx: Ctx) -> tuple[Body, Body]:
    user = require_user(ctx.tx, ctx.params["identifier"])
    contact = ctx.tx.get("contact", ctx.params["contactId"])
    if contact is None or contact["_user"] != user["id"]:
        raise not_found(f"Contact [{ctx.params['contactId']}]")
    return user, contact


def _ensure_new_contact(tx: Tx, user_id: str, method: str, to: str, except_id: str = "") -> None:
    for other in tx.all("contact", user_id):
        if (
            other["id"] != except_id
            and other["method"] == method
            and _same_address(method, other["to"], to)
        ):
            raise ApiFault(409, f"Contact [{method}: {to}] already exists for this user")


@route("POST", "/v2/users/{identifier}/contacts")
def create_contact(ctx: Ctx) -> Reply:
    user = require_user(ctx.tx, ctx.params["identifier"])
    payload = ctx.body()
    validate(payload, CREATE_CONTACT)
    _check_contact_address(payload["method"], payload["to"])
    _ensure_new_contact(ctx.tx, user["id"], payload["method"], payload["to"])
    contact = {
        "id": str(uuid.uuid4()),
        "method": payload["method"],
        "to": payload["to"],
        "enabled": True,
        "_user": user["id"],
    }
    ctx.tx.put("contact", contact, user["id"])
    return Reply(201, {"result": "Created", "data": {"id": contact["id"]}})


@route("GET", "/v2/users/{identifier}/contacts")
def list_contacts(ctx: Ctx) -> Reply:
    user = require_user(ctx.tx, ctx.params["identifier"])
    contacts = ctx.tx.all("contact", user["id"])
    data = []
    for contact in contacts:
        rank = [c["id"] for c in contacts if c["method"] == contact["method"]].index(contact["id"])
        data.append({**render_contact(contact), "applyOrder": rank})
    return Reply(200, {"data": data})


@route("GET", "/v2/users/{identifier}/contacts/{contactId}")
def get_contact(ctx: Ctx) -> Reply:
    return Reply(200, {"data": render_contact(_contact(ctx)[1])})


@route("PATCH", "/v2/users/{identifier}/contacts/{contactId}")
def update_contact(ctx: Ctx) -> Reply:
    user, contact = _contact(ctx)
    payload = ctx.body()
    validate(payload, UPDATE_CONTACT)
    if contact.get("_primary") and payload["to"] != contact["to"]:
        raise unprocessable("The email contact of the username cannot be changed")
    _check_contact_address(contact["method"], payload["to"])
    _ensure_new_contact(ctx.tx, user["id"], contact["method"], payload["to"], contact["id"])
    _retarget_contact(ctx.tx, user["id"], contact, payload["to"])
    return Reply(200, {"result": "Updated", "data": {"id": contact["id"]}})


def _retarget_contact(tx: Tx, user_id: str, contact: Body, new_to: str) -> None:
    """Change a contact's address; the notification steps that use it follow."""
    old = {"method": contact["method"], "to": contact["to"]}
    contact["to"] = new_to
    tx.put("contact", contact, user_id)
    for rule in tx.all("nrule", user_id):
        changed = False
        for step in rule["steps"]:
            if step["contact"] == old:
                step["contact"] = {"method": contact["method"], "to": new_to}
                changed = True
        if changed:
            tx.put("nrule", rule, user_id)


@route("DELETE", "/v2/users/{identifier}/contacts/{contactId}")
def delete_contact(ctx: Ctx) -> Reply:
    user, contact = _contact(ctx)
    if contact.get("_primary"):
        raise unprocessable("The email contact of the username cannot be deleted")
    used_by = [
        rule["name"]
        for rule in ctx.tx.all("nrule", user["id"])
        if any(
            s["contact"] == {"method": contact["method"], "to": contact["to"]}
            for s in rule["steps"]
        )
    ]
    if used_by:
        raise ApiFault(
            428,
            f"Entity is used by another entity: contact [{contact['method']}: {contact['to']}] is "
            "used by notification rule(s) " + ", ".join(f"[{n}]" for n in used_by),
        )
    ctx.tx.delete("contact", contact["id"])
    return Reply(200, {"result": "Deleted"})


@route("POST", "/v2/users/{identifier}/contacts/{contactId}/enable")
def enable_contact(ctx: Ctx) -> Reply:
    return _set_contact_enabled(ctx, True)


@route("POST", "/v2/users/{identifier}/contacts/{contactId}/disable")
def disable_contact(ctx: Ctx) -> Reply:
    return _set_contact_enabled(ctx, False)


def _set_contact_enabled(ctx: Ctx, enabled: bool) -> Reply:
    user, contact = _contact(ctx)
    contact["enabled"] = enabled
    ctx.tx.put("contact", contact, user["id"])
    return toggled(enabled)


# ---- notification rules ---------------------------------------------------------------------

ACTION_TYPES = (
    "create-alert",
    "acknowledged-alert",
    "closed-alert",
    "renotified-alert",
    "assigned-alert",
    "add-note",
    "schedule-start",
    "schedule-end",
    "incoming-call-routing",
)
SCHEDULE_ACTIONS = ("schedule-start", "schedule-end")
STEP_FIELDS: dict[str, Any] = {
    "contact": obj({"method": CONTACT_METHOD, "to": string()}, "method", "to"),
    "sendAfter": DURATION,
    "enabled": boolean(),
}
CREATE_STEP = obj(STEP_FIELDS, "contact", "enabled")
UPDATE_STEP = obj(STEP_FIELDS)
RULE_FIELDS: dict[str, Any] = {
    "name": string(nonEmpty=True),
    "criteria": FILTER,
    "notificationTime": array(enum("just-before", "15-minutes-ago", "1-hour-ago", "1-day-ago")),
    "timeRestriction": {**TIME_RESTRICTION, "nullable": True},
    "schedules": array(RECIPIENT),
    "order": integer(minimum=0),
    "steps": array(CREATE_STEP),
    "repeat": obj({"loopAfter": integer(minimum=0), "enabled": boolean()}),
    "enabled": boolean(),
}
CREATE_RULE = obj(
    {**RULE_FIELDS, "actionType": enum(*ACTION_TYPES)}, "name", "actionType", "enabled"
)
UPDATE_RULE = obj(RULE_FIELDS)
CHANGE_ORDER = obj({"order": integer(minimum=0)}, "order")


def rule_meta(rule: Body) -> Json:
    return {k: rule[k] for k in ("id", "name", "actionType", "order", "enabled")}


def render_rule(ctx: Ctx, rule: Body) -> Json:
    out = {k: v for k, v in rule.items() if not k.startswith("_") and k != "schedules"}
    out["steps"] = [dict(step) for step in rule["steps"]]
    if "schedules" in rule:
        out["schedules"] = [
            render_recipient(ctx.tx, {"type": "schedule", "id": s}) for s in rule["schedules"]
        ]
    if "timeRestriction" in rule:
        out["timeRestriction"] = render_time_restriction(rule["timeRestriction"], ctx.read_seq)
    return out


def _rule(ctx: Ctx) -> tuple[Body, Body]:
    user = require_user(ctx.tx, ctx.params["identifier"])
    rule = ctx.tx.get("nrule", ctx.params["ruleId"])
    if rule is None or rule["_user"] != user["id"]:
        raise not_found(f"Notification rule [{ctx.params['ruleId']}]")
    return user, rule


def _siblings(tx: Tx, user_id: str, action: str, except_id: str = "") -> list[Body]:
    rules = [r for r in tx.all("nrule", user_id) if r["actionType"] == action]
    return sorted((r for r in rules if r["id"] != except_id), key=lambda r: r["order"])


def _place(tx: Tx, user_id: str, rule: Body, index: int | None) -> None:
    """Put RULE at INDEX among the rules of its action type (end if None) and renumber them."""
    others = _siblings(tx, user_id, rule["actionType"], rule["id"])
    at = len(others) if index is None else require_order(index, len(others))
    ordered = [*others[:at], rule, *others[at:]]
    for position, item in enumerate(ordered):
        if item is rule or item["order"] != position:
            item["order"] = position
            tx.put("nrule", item, user_id)


def _renumber(tx: Tx, user_id: str, action: str) -> None:
    for position, item in enumerate(_siblings(tx, user_id, action)):
        if item["order"] != position:
            item["order"] = position
            tx.put("nrule", item, user_id)


def _apply_rule_fields(ctx: Ctx, user: Body, rule: Body, payload: Json) -> None:
    if "name" in payload:
        _ensure_free_rule_name(ctx.tx, user["id"], payload["name"], rule["id"])
        rule["name"] = payload["name"]
    for key in ("enabled", "repeat"):
        if key in payload:
            rule[key] = payload[key]
    if "criteria" in payload:
        rule["criteria"] = criteria(payload["criteria"], "criteria")
    if "timeRestriction" in payload:
        if payload["timeRestriction"] is None:
            rule.pop("timeRestriction", None)
        else:
            rule["timeRestriction"] = time_restriction(
                payload["timeRestriction"], "timeRestriction"
            )
    scheduled = rule["actionType"] in SCHEDULE_ACTIONS
    for key in ("notificationTime", "schedules"):
        if key in payload and not scheduled:
            raise unprocessable(
                f"{key} is only valid for schedule-start and schedule-end rules",
                {key: "only valid for schedule-start and schedule-end"},
            )
    if "notificationTime" in payload:
        rule["notificationTime"] = payload["notificationTime"]
    if "schedules" in payload:
        rule["schedules"] = [
            resolve_recipient(ctx.tx, s, ("schedule",), f"schedules[{i}]")["id"]
            for i, s in enumerate(payload["schedules"])
        ]
    if "steps" in payload:
        rule["steps"] = [
            _new_step(ctx.tx, user, s, f"steps[{i}]") for i, s in enumerate(payload["steps"])
        ]


def _ensure_free_rule_name(tx: Tx, user_id: str, name: str, except_id: str) -> None:
    if any(
        r["name"].lower() == name.lower() and r["id"] != except_id for r in tx.all("nrule", user_id)
    ):
        raise ApiFault(409, f"Notification rule with name [{name}] already exists for this user")


def _new_step(tx: Tx, user: Body, payload: Json, field: str) -> Json:
    contact = _existing_contact(tx, user, payload["contact"], f"{field}.contact")
    return {
        "id": str(uuid.uuid4()),
        "contact": contact,
        "sendAfter": duration(payload.get("sendAfter")),
        "enabled": payload["enabled"],
    }


def _existing_contact(tx: Tx, user: Body, wanted: Json, field: str) -> Json:
    for contact in tx.all("contact", user["id"]):
        if contact["method"] == wanted["method"] and _same_address(
            contact["method"], contact["to"], wanted["to"]
        ):
            return {"method": contact["method"], "to": contact["to"]}
    raise unprocessable(
        f"User has no {wanted['method']} contact [{wanted['to']}] ({field})",
        {field: "is not a contact of the user"},
    )


@route("POST", "/v2/users/{identifier}/notification-rules")
def create_rule(ctx: Ctx) -> Reply:
    user = require_user(ctx.tx, ctx.params["identifier"])
    payload = ctx.body()
    validate(payload, CREATE_RULE)
    rule: Body = {
        "id": str(uuid.uuid4()),
        "name": "",
        "actionType": payload["actionType"],
        "criteria": {"type": "match-all"},
        "order": 0,
        "steps": [],
        "enabled": payload["enabled"],
        "_user": user["id"],
    }
    _apply_rule_fields(ctx, user, rule, payload)
    _place(ctx.tx, user["id"], rule, payload.get("order"))
    return Reply(201, {"data": rule_meta(rule)})


@route("GET", "/v2/users/{identifier}/notification-rules")
def list_rules(ctx: Ctx) -> Reply:
    user = require_user(ctx.tx, ctx.params["identifier"])
    rules = ctx.tx.all("nrule", user["id"])
    return Reply(200, {"data": [rule_meta(r) for r in rules]})


@route("GET", "/v2/users/{identifier}/notification-rules/{ruleId}")
def get_rule(ctx: Ctx) -> Reply:
    return Reply(200, {"data": render_rule(ctx, _rule(ctx)[1])})


@route("PATCH", "/v2/users/{identifier}/notification-rules/{ruleId}")
def update_rule(ctx: Ctx) -> Reply:
    user, rule = _rule(ctx)
    payload = ctx.body()
    validate(payload, UPDATE_RULE)
    _apply_rule_fields(ctx, user, rule, payload)
    if "order" in payload:
        _place(ctx.tx, user["id"], rule, payload["order"])
    else:
        ctx.tx.put("nrule", rule, user["id"])
    return Reply(200, {"data": rule_meta(rule)})


@route("DELETE", "/v2/users/{identifier}/notification-rules/{ruleId}")
def delete_rule(ctx: Ctx) -> Reply:
    user, rule = _rule(ctx)
    ctx.tx.delete("nrule", rule["id"])
    _renumber(ctx.tx, user["id"], rule["actionType"])
    return Reply(200, {"result": "Deleted"})


@route("POST", "/v2/users/{identifier}/notification-rules/{ruleId}/enable")
def enable_rule(ctx: Ctx) -> Reply:
    return _set_rule_enabled(ctx, True)


@route("POST", "/v2/users/{identifier}/notification-rules/{ruleId}/disable")
def disable_rule(ctx: Ctx) -> Reply:
    return _set_rule_enabled(ctx, False)


def _set_rule_enabled(ctx: Ctx, enabled: bool) -> Reply:
    user, rule = _rule(ctx)
    rule["enabled"] = enabled
    ctx.tx.put("nrule", rule, user["id"])
    return toggled(enabled)


@route("POST", "/v2/users/{identifier}/notification-rules/{ruleId}/change-order")
def change_rule_order(ctx: Ctx) -> Reply:
    user, rule = _rule(ctx)
    payload = ctx.body()
    validate(payload, CHANGE_ORDER)
    _place(ctx.tx, user["id"], rule, payload["order"])
    return Reply(200, {"result": "Changed"})


# ---- notification rule steps ----------------------------------------------------------------


def _step(ctx: Ctx) -> tuple[Body, Body, Json]:
    user, rule = _rule(ctx)
    step = next((s for s in rule["steps"] if s["id"] == ctx.params["id"]), None)
    if step is None:
        raise not_found(f"Notification rule step [{ctx.params['id']}]")
    return user, rule, step


def _render_step(rule: Body, step: Json) -> Json:
    return {"_parent": {"id": rule["id"], "name": rule["name"]}, **step}


@route("GET", "/v2/users/{identifier}/notification-rules/{ruleId}/steps")
def list_steps(ctx: Ctx) -> Reply:
    rule = _rule(ctx)[1]
    return Reply(200, {"data": [_render_step(rule, s) for s in rule["steps"]]})


@route("POST", "/v2/users/{identifier}/notification-rules/{ruleId}/steps")
def create_step(ctx: Ctx) -> Reply:
    user, rule = _rule(ctx)
    payload = ctx.body()
    validate(payload, CREATE_STEP)
    step = _new_step(ctx.tx, user, payload, "")
    rule["steps"].append(step)
    ctx.tx.put("nrule", rule, user["id"])
    return Reply(201, {"result": "Created", "data": {"id": step["id"]}})


@route("GET", "/v2/users/{identifier}/notification-rules/{ruleId}/steps/{id}")
def get_step(ctx: Ctx) -> Reply:
    _, rule, step = _step(ctx)
    return Reply(200, {"data": _render_step(rule, step)})


@route("PATCH", "/v2/users/{identifier}/notification-rules/{ruleId}/steps/{id}")
def update_step(ctx: Ctx) -> Reply:
    user, rule, step = _step(ctx)
    payload = ctx.body()
    validate(payload, UPDATE_STEP)
    if "contact" in payload:
        step["contact"] = _existing_contact(ctx.tx, user, payload["contact"], "contact")
    if "sendAfter" in payload:
        step["sendAfter"] = duration(payload["sendAfter"])
    if "enabled" in payload:
        step["enabled"] = payload["enabled"]
    ctx.tx.put("nrule", rule, user["id"])
    return Reply(200, {"result": "Updated", "data": {"id": step["id"]}})


@route("DELETE", "/v2/users/{identifier}/notification-rules/{ruleId}/steps/{id}")
def delete_step(ctx: Ctx) -> Reply:
    user, rule, step = _step(ctx)
    rule["steps"] = [s for s in rule["steps"] if s["id"] != step["id"]]
    ctx.tx.put("nrule", rule, user["id"])
    return Reply(200, {"result": "Deleted"})


@route("POST", "/v2/users/{identifier}/notification-rules/{ruleId}/steps/{id}/enable")
def enable_step(ctx: Ctx) -> Reply:
    return _set_step_enabled(ctx, True)


@route("POST", "/v2/users/{identifier}/notification-rules/{ruleId}/steps/{id}/disable")
def disable_step(ctx: Ctx) -> Reply:
    return _set_step_enabled(ctx, False)


def _set_step_enabled(ctx: Ctx, enabled: bool) -> Reply:
    user, rule, step = _step(ctx)
    step["enabled"] = enabled
    ctx.tx.put("nrule", rule, user["id"])
    return toggled(enabled)
