"""Sandbox routes for teams, members and routing rules, with Opsgenie's default objects."""

from __future__ import annotations

import uuid
from typing import Any

from ogsync.sandbox.core import (
    ACCOUNT_TIMEZONE,
    ApiFault,
    Ctx,
    Json,
    Reply,
    not_found,
    route,
    unprocessable,
)
from ogsync.sandbox.refs import (
    RECIPIENT,
    USER_META,
    ensure_unique_name,
    ensure_unused,
    name_clash,
    render_recipient,
    render_user_meta,
    require,
    require_in_path,
    require_user,
    resolve_recipient,
    resolve_user_meta,
)
from ogsync.sandbox.store import Body, Tx
from ogsync.sandbox.validation import (
    FILTER,
    TIME_RESTRICTION,
    array,
    criteria,
    integer,
    obj,
    render_time_restriction,
    require_order,
    string,
    time_restriction,
    validate,
)

DEFAULT_RULE_NAME = "Default Routing Rule"
MEMBER_ROLES = ("user", "admin")
TEAM_MEMBER = obj({"user": USER_META, "role": string()}, "user")
TEAM_FIELDS: dict[str, Any] = {
    "name": string(nonEmpty=True, maxLength=100),
    "description": string(maxLength=10000),
    "members": array(TEAM_MEMBER),
}
CREATE_TEAM = obj(TEAM_FIELDS, "name")
UPDATE_TEAM = obj(TEAM_FIELDS)
ADD_MEMBER = obj({"user": USER_META, "role": string()}, "user")


def render_team(tx: Tx, team: Body, *, members: bool) -> Json:
    out: Json = {"id": team["id"], "name": team["name"], "description": team["description"]}
    if members:
        out["members"] = [
            {"user": render_user_meta(tx, m["user"]), "role": m["role"]} for m in team["members"]
        ]
    return out


def _members(tx: Tx, payload: list[Json]) -> list[Json]:
    members: list[Json] = []
    for index, item in enumerate(payload):
        user_id = resolve_user_meta(tx, item["user"], f"members[{index}].user")
        role = item.get("role") or "user"
        if role not in MEMBER_ROLES:
            raise unprocessable(
                f"Team role [{role}] does not exist",
                {f"members[{index}].role": "must be user or admin"},
            )
        if any(m["user"] == user_id for m in members):
            raise unprocessable(
                "A user is listed twice in members", {f"members[{index}].user": "is listed twice"}
            )
        members.append({"user": user_id, "role": role})
    return members


@route("POST", "/v2/teams")
def create_team(ctx: Ctx) -> Reply:
    payload = ctx.body()
    validate(payload, CREATE_TEAM)
    name = payload["name"]
    ensure_unique_name(ctx.tx, "team", name)
    for kind, default_name in (
        ("schedule", f"{name}_schedule"),
        ("escalation", f"{name}_escalation"),
    ):
        if name_clash(ctx.tx, kind, default_name) is not None:
            raise ApiFault(
                409, f"Cannot create team: its default {kind} [{default_name}] already exists"
            )
    team = {
        "id": str(uuid.uuid4()),
        "name": name,
        "description": payload.get("description", ""),
        "members": _members(ctx.tx, payload.get("members") or []),
    }
    ctx.tx.put("team", team)
    _create_team_defaults(ctx.tx, team)
    return Reply(201, {"result": "Created", "data": {"id": team["id"], "name": team["name"]}})


def _create_team_defaults(tx: Tx, team: Body) -> None:
    """Opsgenie's own objects for a new team: a schedule, an escalation, a default routing rule."""
    schedule = {
        "id": str(uuid.uuid4()),
        "name": f"{team['name']}_schedule",
        "description": "",
        "timezone": ACCOUNT_TIMEZONE,
        "enabled": True,
        "ownerTeam": team["id"],
        "rotations": [],
    }
    tx.put("schedule", schedule)
    escalation = {
        "id": str(uuid.uuid4()),
        "name": f"{team['name']}_escalation",
        "description": "",
        "ownerTeam": team["id"],
        "rules": [
            {
                "condition": "if-not-acked",
                "notifyType": "default",
                "delay": {"timeAmount": 0, "timeUnit": "minutes"},
                "recipient": {"type": "schedule", "id": schedule["id"]},
            }
        ],
        "repeat": {
            "waitInterval": 0,
            "count": 0,
            "resetRecipientStates": False,
            "closeAlertAfterAll": False,
        },
    }
    tx.put("escalation", escalation)
    rule = {
        "id": str(uuid.uuid4()),
        "name": DEFAULT_RULE_NAME,
        "isDefault": True,
        "order": 0,
        "criteria": {"type": "match-all"},
        "notify": {"type": "escalation", "id": escalation["id"]},
        "_team": team["id"],
    }
    tx.put("rrule", rule, team["id"])


@route("GET", "/v2/teams")
def list_teams(ctx: Ctx) -> Reply:
    teams = [render_team(ctx.tx, t, members=False) for t in ctx.tx.all("team")]
    return Reply(200, {"data": teams, "expandable": []})


@route("GET", "/v2/teams/{identifier}")
def get_team(ctx: Ctx) -> Reply:
    return Reply(200, {"data": render_team(ctx.tx, require_in_path(ctx, "team"), members=True)})


@route("PATCH", "/v2/teams/{identifier}")
def update_team(ctx: Ctx) -> Reply:
    team = require(ctx.tx, "team", ctx.params["identifier"], "id")
    payload = ctx.body()
    validate(payload, UPDATE_TEAM)
    if "name" in payload:
        ensure_unique_name(ctx.tx, "team", payload["name"], team["id"])
        team["name"] = payload["name"]
    if "description" in payload:
        team["description"] = payload["description"]
    if "members" in payload:
        team["members"] = _members(ctx.tx, payload["members"])
    ctx.tx.put("team", team)
    return Reply(200, {"result": "Updated", "data": {"id": team["id"], "name": team["name"]}})


@route("DELETE", "/v2/teams/{identifier}")
def delete_team(ctx: Ctx) -> Reply:
    team = require_in_path(ctx, "team")
    ensure_unused(ctx.tx, "team", team)
    ctx.tx.delete_children("rrule", team["id"])
    ctx.tx.delete("team", team["id"])
    return Reply(200, {"result": "Deleted"})


# ---- members --------------------------------------------------------------------------------


@route("POST", "/v2/teams/{identifier}/members")
def add_member(ctx: Ctx) -> Reply:
    team = require_in_path(ctx, "team", "teamIdentifierType")
    payload = ctx.body()
    validate(payload, ADD_MEMBER)
    (member,) = _members(ctx.tx, [payload])
    if any(m["user"] == member["user"] for m in team["members"]):
        raise ApiFault(409, "User is already a member of the team")
    team["members"].append(member)
    ctx.tx.put("team", team)
    return Reply(200, {"result": "Added", "data": {"id": team["id"], "name": team["name"]}})


@route("DELETE", "/v2/teams/{identifier}/members/{memberIdentifier}")
def remove_member(ctx: Ctx) -> Reply:
    team = require_in_path(ctx, "team", "teamIdentifierType")
    user = require_user(ctx.tx, ctx.params["memberIdentifier"])
    if not any(m["user"] == user["id"] for m in team["members"]):
        raise not_found(f"User [{user['username']}] is not a member of team [{team['name']}]")
    team["members"] = [m for m in team["members"] if m["user"] != user["id"]]
    ctx.tx.put("team", team)
    return Reply(200, {"result": "Removed", "data": {"id": team["id"], "name": team["name"]}})


# ---- routing rules --------------------------------------------------------------------------

NOTIFY_TYPES = ("none", "escalation", "schedule")
RULE_FIELDS: dict[str, Any] = {
    "name": string(),
    "criteria": FILTER,
    "timeRestriction": {**TIME_RESTRICTION, "nullable": True},
    "notify": RECIPIENT,
    "timezone": string(format="timezone"),
}
CREATE_RULE = obj({**RULE_FIELDS, "order": integer()}, "notify")
UPDATE_RULE = obj(RULE_FIELDS)
CHANGE_ORDER = obj({"order": integer()}, "order")


def render_rule(ctx: Ctx, rule: Body) -> Json:
    out = {k: v for k, v in rule.items() if not k.startswith("_")}
    out["notify"] = render_recipient(ctx.tx, rule["notify"])
    if "timeRestriction" in rule:
        out["timeRestriction"] = render_time_restriction(rule["timeRestriction"], ctx.read_seq)
    return out


def _rules(tx: Tx, team_id: str) -> list[Body]:
    """The team's rules in order; the default rule is always last."""
    return sorted(tx.all("rrule", team_id), key=lambda r: (r["isDefault"], r["order"]))


def _rule(ctx: Ctx) -> tuple[Body, Body]:
    team = require_in_path(ctx, "team", "teamIdentifierType")
    rule = ctx.tx.get("rrule", ctx.params["id"])
    if rule is None or rule["_team"] != team["id"]:
        raise not_found(f"Routing rule [{ctx.params['id']}]")
    return team, rule


def _arrange(tx: Tx, team_id: str, rule: Body | None, index: int | None) -> None:
    """Renumber the non-default rules (RULE placed at INDEX, or last); the default rule follows."""
    moved = rule["id"] if rule is not None else None
    others = [r for r in _rules(tx, team_id) if not r["isDefault"] and r["id"] != moved]
    if rule is not None:
        at = len(others) if index is None else require_order(index, len(others))
        others.insert(at, rule)
    defaults = [r for r in _rules(tx, team_id) if r["isDefault"]]
    for position, item in enumerate([*others, *defaults]):
        if item is rule or item["order"] != position:
            item["order"] = position
            tx.put("rrule", item, team_id)


def _apply_rule_fields(ctx: Ctx, rule: Body, payload: Json) -> None:
    if "name" in payload:
        rule["name"] = payload["name"]
    if "criteria" in payload:
        rule["criteria"] = criteria(payload["criteria"], "criteria")
    if "timeRestriction" in payload:
        if payload["timeRestriction"] is None:
            rule.pop("timeRestriction", None)
        else:
            rule["timeRestriction"] = time_restriction(
                payload["timeRestriction"], "timeRestriction"
            )
    if "notify" in payload:
        rule["notify"] = resolve_recipient(ctx.tx, payload["notify"], NOTIFY_TYPES, "notify")
    if "timezone" in payload:
        rule["timezone"] = payload["timezone"]


def _refuse_default_changes(rule: Body, payload: Json) -> None:
    """The default rule only routes: it takes a new `notify`, nothing else."""
    refused: dict[str, str] = {}
    if "timezone" in payload:
        refused["timezone"] = "the default routing rule takes no timezone"
    if payload.get("timeRestriction") is not None:
        refused["timeRestriction"] = "the default routing rule takes no time restriction"
    if "criteria" in payload and payload["criteria"].get("type") != "match-all":
        refused["criteria"] = "the default routing rule always matches all alerts"
    if "name" in payload and payload["name"] != rule["name"]:
        refused["name"] = "the default routing rule cannot be renamed"
    if refused:
        raise unprocessable("The default routing rule cannot be changed this way", refused)


@route("POST", "/v2/teams/{identifier}/routing-rules")
def create_rule(ctx: Ctx) -> Reply:
    team = require_in_path(ctx, "team", "teamIdentifierType")
    payload = ctx.body()
    validate(payload, CREATE_RULE)
    rule: Body = {
        "id": str(uuid.uuid4()),
        "isDefault": False,
        "order": 0,
        "criteria": {"type": "match-all"},
        "timezone": ACCOUNT_TIMEZONE,
        "_team": team["id"],
    }
    _apply_rule_fields(ctx, rule, payload)
    _arrange(ctx.tx, team["id"], rule, payload.get("order"))
    return Reply(
        201, {"result": "Created", "data": {"id": rule["id"], "name": rule.get("name", "")}}
    )


@route("GET", "/v2/teams/{identifier}/routing-rules")
def list_rules(ctx: Ctx) -> Reply:
    team = require_in_path(ctx, "team", "teamIdentifierType")
    return Reply(200, {"data": [render_rule(ctx, r) for r in _rules(ctx.tx, team["id"])]})


@route("GET", "/v2/teams/{identifier}/routing-rules/{id}")
def get_rule(ctx: Ctx) -> Reply:
    return Reply(200, {"data": render_rule(ctx, _rule(ctx)[1])})


@route("PATCH", "/v2/teams/{identifier}/routing-rules/{id}")
def update_rule(ctx: Ctx) -> Reply:
    team, rule = _rule(ctx)
    payload = ctx.body()
    validate(payload, UPDATE_RULE)
    if rule["isDefault"]:
        _refuse_default_changes(rule, payload)
    _apply_rule_fields(ctx, rule, payload)
    ctx.tx.put("rrule", rule, team["id"])
    return Reply(
        200, {"result": "Updated", "data": {"id": rule["id"], "name": rule.get("name", "")}}
    )


@route("DELETE", "/v2/teams/{identifier}/routing-rules/{id}")
def delete_rule(ctx: Ctx) -> Reply:
    team, rule = _rule(ctx)
    if rule["isDefault"]:
        raise unprocessable("The default routing rule cannot be deleted")
    ctx.tx.delete("rrule", rule["id"])
    _arrange(ctx.tx, team["id"], None, None)
    return Reply(200, {"result": "Deleted"})


@route("POST", "/v2/teams/{identifier}/routing-rules/{id}/change-order")
def change_rule_order(ctx: Ctx) -> Reply:
    team, rule = _rule(ctx)
    payload = ctx.body()
    validate(payload, CHANGE_ORDER)
    if rule["isDefault"]:
        raise unprocessable("The default routing rule is always last; its order cannot change")
    _arrange(ctx.tx, team["id"], rule, payload["order"])
    return Reply(200, {"result": "Changed"})
