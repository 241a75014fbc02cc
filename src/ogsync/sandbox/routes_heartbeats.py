"""Sandbox routes for heartbeats and the account."""

from __future__ import annotations

import uuid
from typing import Any

from ogsync.sandbox.core import ACCOUNT_NAME, ApiFault, Ctx, Json, Reply, not_found, route
from ogsync.sandbox.refs import TEAM_META, render_team_meta, resolve_team_meta
from ogsync.sandbox.store import Body
from ogsync.sandbox.validation import array, boolean, enum, integer, iso, obj, string, validate

INTERVAL_FIELDS: dict[str, Any] = {
    "description": string(maxLength=10000),
    "interval": integer(minimum=1),
    "intervalUnit": enum("minutes", "hours", "days"),
    "enabled": boolean(),
}
CREATE_HEARTBEAT = obj(
    {
        **INTERVAL_FIELDS,
        "name": string(nonEmpty=True, maxLength=200),
        "ownerTeam": TEAM_META,
        "alertMessage": string(maxLength=130),
        "alertTags": array(string(maxLength=50), maxItems=20),
        "alertPriority": enum("P1", "P2", "P3", "P4", "P5"),
    },
    "name",
    "interval",
    "intervalUnit",
    "enabled",
)
UPDATE_HEARTBEAT = obj(INTERVAL_FIELDS)


def render_heartbeat(ctx: Ctx, beat: Body) -> Json:
    out = {k: v for k, v in beat.items() if k not in ("id", "ownerTeam") and v is not None}
    if beat.get("ownerTeam"):
        out["ownerTeam"] = render_team_meta(ctx.tx, beat["ownerTeam"])
    return out


def heartbeat_meta(beat: Body) -> Json:
    return {"name": beat["name"], "enabled": beat["enabled"], "expired": beat["expired"]}


def _find(ctx: Ctx, name: str) -> Body | None:
    return next((b for b in ctx.tx.all("heartbeat") if b["name"] == name), None)


def _heartbeat(ctx: Ctx) -> Body:
    beat = _find(ctx, ctx.params["name"])
    if beat is None:
        raise not_found(f"Heartbeat with name [{ctx.params['name']}]")
    return beat


@route("POST", "/v2/heartbeats")
def create_heartbeat(ctx: Ctx) -> Reply:
    payload = ctx.body()
    validate(payload, CREATE_HEARTBEAT)
    name = payload["name"]
    if _find(ctx, name) is not None:
        raise ApiFault(409, f"Heartbeat with name [{name}] already exists")
    owner = payload.get("ownerTeam")
    beat: Body = {
        "id": str(uuid.uuid4()),
        "name": name,
        "description": payload.get("description", ""),
        "interval": payload["interval"],
        "intervalUnit": payload["intervalUnit"],
        "enabled": payload["enabled"],
        "expired": False,
        "ownerTeam": None if owner is None else resolve_team_meta(ctx.tx, owner, "ownerTeam"),
        "alertMessage": payload.get("alertMessage") or f"{name} is expired",
        "alertTags": payload.get("alertTags", []),
        "alertPriority": payload.get("alertPriority", "P3"),
    }
    ctx.tx.put("heartbeat", beat)
    return Reply(201, {"data": render_heartbeat(ctx, beat)})


@route("GET", "/v2/heartbeats")
def list_heartbeats(ctx: Ctx) -> Reply:
    beats = [render_heartbeat(ctx, b) for b in ctx.tx.all("heartbeat")]
    return Reply(200, {"data": {"heartbeats": beats}})


@route("GET", "/v2/heartbeats/{name}")
def get_heartbeat(ctx: Ctx) -> Reply:
    return Reply(200, {"data": render_heartbeat(ctx, _heartbeat(ctx))})


@route("PATCH", "/v2/heartbeats/{name}")
def update_heartbeat(ctx: Ctx) -> Reply:
    beat = _heartbeat(ctx)
    payload = ctx.body()
    validate(payload, UPDATE_HEARTBEAT)
    beat.update(payload)
    ctx.tx.put("heartbeat", beat)
    return Reply(200, {"data": heartbeat_meta(beat)})


@route("DELETE", "/v2/heartbeats/{name}")
def delete_heartbeat(ctx: Ctx) -> Reply:
    ctx.tx.delete("heartbeat", _heartbeat(ctx)["id"])
    return Reply(200, {"result": "Deleted"})


@route("POST", "/v2/heartbeats/{name}/enable")
def enable_heartbeat(ctx: Ctx) -> Reply:
    return _set_enabled(ctx, True)


@route("POST", "/v2/heartbeats/{name}/disable")
def disable_heartbeat(ctx: Ctx) -> Reply:
    return _set_enabled(ctx, False)


def _set_enabled(ctx: Ctx, enabled: bool) -> Reply:
    beat = _heartbeat(ctx)
    beat["enabled"] = enabled
    ctx.tx.put("heartbeat", beat)
    return Reply(200, {"data": heartbeat_meta(beat)})


@route("GET", "/v2/heartbeats/{name}/ping", write=True)
def ping_heartbeat(ctx: Ctx) -> Reply:
    beat = _heartbeat(ctx)
    beat["lastPingTime"] = iso(ctx.now)
    beat["expired"] = False
    ctx.tx.put("heartbeat", beat)
    return Reply(202, {"result": "PING - Heartbeat received"})


@route("GET", "/v2/account")
def get_account(ctx: Ctx) -> Reply:
    plan = {"maxUserCount": 100000, "name": "Enterprise", "isYearly": True}
    return Reply(
        200, {"data": {"name": ACCOUNT_NAME, "userCount": ctx.tx.count("user"), "plan": plan}}
    )
