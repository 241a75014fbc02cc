"""Sandbox routes for escalation policies."""

from __future__ import annotations

import uuid
from typing import Any

from ogsync.sandbox.core import Ctx, Json, Reply, route, unprocessable
from ogsync.sandbox.refs import (
    RECIPIENT,
    TEAM_META,
    ensure_unique_name,
    ensure_unused,
    render_recipient,
    render_team_meta,
    require_in_path,
    resolve_recipient,
    resolve_team_meta,
)
from ogsync.sandbox.store import Body
from ogsync.sandbox.validation import (
    DURATION,
    array,
    boolean,
    enum,
    integer,
    obj,
    string,
    validate,
)

NOTIFY_TYPES_BY_RECIPIENT = {
    "user": ("default",),
    "schedule": ("default", "next", "previous"),
    "team": ("default", "users", "admins", "all"),
}
ESCALATION_RULE = obj(
    {
        "condition": enum("if-not-acked", "if-not-closed"),
        "notifyType": enum("default", "next", "previous", "users", "admins", "all"),
        "delay": DURATION,
        "recipient": RECIPIENT,
    },
    "condition",
    "notifyType",
    "delay",
    "recipient",
)
REPEAT = obj(
    {
        "waitInterval": integer(minimum=0, nullable=True),
        "count": integer(minimum=0, maximum=20, nullable=True),
        "resetRecipientStates": boolean(nullable=True),
        "closeAlertAfterAll": boolean(nullable=True),
    }
)
ESCALATION_FIELDS: dict[str, Any] = {
    "name": string(nonEmpty=True, maxLength=100),
    "description": string(),
    "rules": array(ESCALATION_RULE, minItems=1),
    "ownerTeam": TEAM_META,
    "repeat": {**REPEAT, "nullable": True},
}
CREATE_ESCALATION = obj(ESCALATION_FIELDS, "name", "rules")
UPDATE_ESCALATION = obj(ESCALATION_FIELDS)
REPEAT_DEFAULTS: Json = {
    "waitInterval": 0,
    "count": 0,
    "resetRecipientStates": False,
    "closeAlertAfterAll": False,
}


def render_escalation(ctx: Ctx, escalation: Body) -> Json:
    out: Json = {"id": escalation["id"], "name": escalation["name"]}
    if escalation.get("description") is not None:
        out["description"] = escalation["description"]
    if escalation.get("ownerTeam"):
        out["ownerTeam"] = render_team_meta(ctx.tx, escalation["ownerTeam"])
    out["rules"] = [
        {**rule, "recipient": render_recipient(ctx.tx, rule["recipient"])}
        for rule in escalation["rules"]
    ]
    out["repeat"] = escalation["repeat"]
    return out


def _rule(ctx: Ctx, payload: Json, index: int) -> Json:
    field = f"rules[{index}]"
    recipient = resolve_recipient(
        ctx.tx, payload["recipient"], tuple(NOTIFY_TYPES_BY_RECIPIENT), f"{field}.recipient"
    )
    allowed = NOTIFY_TYPES_BY_RECIPIENT[recipient["type"]]
    if payload["notifyType"] not in allowed:
        raise unprocessable(
            f"{field}.notifyType [{payload['notifyType']}] does not apply to a "
            f"{recipient['type']} recipient",
            {f"{field}.notifyType": "must be one of " + ", ".join(allowed)},
        )
    delay = payload["delay"]
    if delay.get("timeUnit", "minutes") != "minutes":
        raise unprocessable(
            "Escalation delays are in minutes", {f"{field}.delay.timeUnit": "must be minutes"}
        )
    return {
        "condition": payload["condition"],
        "notifyType": payload["notifyType"],
        "delay": {"timeAmount": delay["timeAmount"], "timeUnit": "minutes"},
        "recipient": recipient,
    }


def _apply_fields(ctx: Ctx, escalation: Body, payload: Json) -> None:
    if "name" in payload:
        ensure_unique_name(ctx.tx, "escalation", payload["name"], escalation["id"])
        escalation["name"] = payload["name"]
    if "description" in payload:
        escalation["description"] = payload["description"]
    if "rules" in payload:
        escalation["rules"] = [_rule(ctx, r, i) for i, r in enumerate(payload["rules"])]
    if "ownerTeam" in payload:
        owner = payload["ownerTeam"]
        escalation["ownerTeam"] = (
            None if owner is None else resolve_team_meta(ctx.tx, owner, "ownerTeam")
        )
    if "repeat" in payload:
        given = payload["repeat"] or {}
        escalation["repeat"] = {
            k: given[k] if given.get(k) is not None else default
            for k, default in REPEAT_DEFAULTS.items()
        }


@route("POST", "/v2/escalations")
def create_escalation(ctx: Ctx) -> Reply:
    payload = ctx.body()
    validate(payload, CREATE_ESCALATION)
    escalation: Body = {
        "id": str(uuid.uuid4()),
        "name": "",
        "ownerTeam": None,
        "rules": [],
        "repeat": dict(REPEAT_DEFAULTS),
    }
    _apply_fields(ctx, escalation, payload)
    ctx.tx.put("escalation", escalation)
    data = {"id": escalation["id"], "name": escalation["name"]}
    return Reply(201, {"result": "Created", "data": data})


@route("GET", "/v2/escalations")
def list_escalations(ctx: Ctx) -> Reply:
    return Reply(200, {"data": [render_escalation(ctx, e) for e in ctx.tx.all("escalation")]})


@route("GET", "/v2/escalations/{identifier}")
def get_escalation(ctx: Ctx) -> Reply:
    return Reply(200, {"data": render_escalation(ctx, require_in_path(ctx, "escalation"))})


@route("PATCH", "/v2/escalations/{identifier}")
def update_escalation(ctx: Ctx) -> Reply:
    escalation = require_in_path(ctx, "escalation")
    payload = ctx.body()
    validate(payload, UPDATE_ESCALATION)
    _apply_fields(ctx, escalation, payload)
    ctx.tx.put("escalation", escalation)
    data = {"id": escalation["id"], "name": escalation["name"]}
    return Reply(200, {"result": "Updated", "data": data})


@route("DELETE", "/v2/escalations/{identifier}")
def delete_escalation(ctx: Ctx) -> Reply:
    escalation = require_in_path(ctx, "escalation")
    ensure_unused(ctx.tx, "escalation", escalation)
    ctx.tx.delete("escalation", escalation["id"])
    return Reply(200, {"result": "Deleted"})
