"""Sandbox routes for schedules, their rotations and their overrides."""

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
    TEAM_META,
    ensure_unique_name,
    ensure_unused,
    render_recipient,
    render_team_meta,
    require_in_path,
    resolve_recipient,
    resolve_team_meta,
)
from ogsync.sandbox.store import Body, Tx
from ogsync.sandbox.validation import (
    TIME_RESTRICTION,
    array,
    boolean,
    enum,
    integer,
    obj,
    parse_instant,
    render_time_restriction,
    rounded_date,
    string,
    time_restriction,
    validate,
)

PARTICIPANT_TYPES = ("user", "team", "escalation", "none")
ROTATION_FIELDS: dict[str, Any] = {
    "name": string(),
    "startDate": string(),
    "endDate": {**string(), "nullable": True},
    "type": enum("daily", "weekly", "hourly"),
    "length": integer(minimum=1),
    "participants": array(RECIPIENT, minItems=1),
    "timeRestriction": {**TIME_RESTRICTION, "nullable": True},
}
CREATE_ROTATION = obj(ROTATION_FIELDS, "startDate", "type", "participants")
UPDATE_ROTATION = obj(ROTATION_FIELDS)
SCHEDULE_FIELDS: dict[str, Any] = {
    "name": string(nonEmpty=True, maxLength=100),
    "description": string(),
    "timezone": string(format="timezone"),
    "enabled": boolean(nullable=True),
    "ownerTeam": TEAM_META,
}
CREATE_SCHEDULE = obj({**SCHEDULE_FIELDS, "rotations": array(CREATE_ROTATION, minItems=1)}, "name")
UPDATE_SCHEDULE = obj({**SCHEDULE_FIELDS, "rotations": array(CREATE_ROTATION)})


def schedule_meta(schedule: Body) -> Json:
    return {"id": schedule["id"], "name": schedule["name"], "enabled": schedule["enabled"]}


def render_rotation(ctx: Ctx, rotation: Body) -> Json:
    out = dict(rotation)
    out["participants"] = [render_recipient(ctx.tx, p) for p in rotation["participants"]]
    if "timeRestriction" in rotation:
        out["timeRestriction"] = render_time_restriction(rotation["timeRestriction"], ctx.read_seq)
    return out


def render_schedule(ctx: Ctx, schedule: Body, *, rotations: bool) -> Json:
    out: Json = {k: schedule[k] for k in ("id", "name", "timezone", "enabled")}
    if schedule.get("description") is not None:
        out["description"] = schedule["description"]
    if schedule.get("ownerTeam"):
        out["ownerTeam"] = render_team_meta(ctx.tx, schedule["ownerTeam"])
    if rotations:
        out["rotations"] = [render_rotation(ctx, r) for r in schedule["rotations"]]
    return out


def _rotation_fields(ctx: Ctx, rotation: Body, payload: Json, field: str) -> Body:
    for key in ("name", "type", "length"):
        if key in payload:
            rotation[key] = payload[key]
    if "startDate" in payload:
        rotation["startDate"] = rounded_date(payload["startDate"], f"{field}startDate")
    if "endDate" in payload:
        if payload["endDate"] is None:
            rotation.pop("endDate", None)
        else:
            rotation["endDate"] = rounded_date(payload["endDate"], f"{field}endDate")
    if "participants" in payload:
        rotation["participants"] = [
            resolve_recipient(ctx.tx, p, PARTICIPANT_TYPES, f"{field}participants[{i}]")
            for i, p in enumerate(payload["participants"])
        ]
    if "timeRestriction" in payload:
        if payload["timeRestriction"] is None:
            rotation.pop("timeRestriction", None)
        else:
            rotation["timeRestriction"] = time_restriction(
                payload["timeRestriction"], f"{field}timeRestriction"
            )
    _ensure_ordered_dates(rotation, field)
    return rotation


def _ensure_ordered_dates(item: Body, field: str) -> None:
    end = item.get("endDate")
    if end is not None and parse_instant(end, "endDate") <= parse_instant(item["startDate"], ""):
        raise unprocessable(
            f"{field}endDate must be after startDate",
            {f"{field}endDate": "must be after startDate"},
        )


def _new_rotation(ctx: Ctx, payload: Json, field: str) -> Body:
    rotation: Body = {"id": str(uuid.uuid4()), "length": 1}
    return _rotation_fields(ctx, rotation, payload, field)


def _apply_schedule_fields(ctx: Ctx, schedule: Body, payload: Json) -> None:
    if "name" in payload:
        ensure_unique_name(ctx.tx, "schedule", payload["name"], schedule["id"])
        schedule["name"] = payload["name"]
    for key in ("description", "timezone"):
        if key in payload:
            schedule[key] = payload[key]
    if payload.get("enabled") is not None:
        schedule["enabled"] = payload["enabled"]
    if "ownerTeam" in payload:
        owner = payload["ownerTeam"]
        schedule["ownerTeam"] = (
            None if owner is None else resolve_team_meta(ctx.tx, owner, "ownerTeam")
        )
    if "rotations" in payload:
        schedule["rotations"] = [
            _new_rotation(ctx, r, f"rotations[{i}].") for i, r in enumerate(payload["rotations"])
        ]


@route("POST", "/v2/schedules")
def create_schedule(ctx: Ctx) -> Reply:
    payload = ctx.body()
    validate(payload, CREATE_SCHEDULE)
    schedule: Body = {
        "id": str(uuid.uuid4()),
        "name": "",
        "timezone": ACCOUNT_TIMEZONE,
        "enabled": True,
        "ownerTeam": None,
        "rotations": [],
    }
    _apply_schedule_fields(ctx, schedule, payload)
    ctx.tx.put("schedule", schedule)
    return Reply(201, {"data": schedule_meta(schedule)})


@route("GET", "/v2/schedules")
def list_schedules(ctx: Ctx) -> Reply:
    data = [
        render_schedule(ctx, s, rotations="rotation" in ctx.expand())
        for s in ctx.tx.all("schedule")
    ]
    return Reply(200, {"data": data, "expandable": ["rotation"]})


@route("GET", "/v2/schedules/{identifier}")
def get_schedule(ctx: Ctx) -> Reply:
    return Reply(
        200, {"data": render_schedule(ctx, require_in_path(ctx, "schedule"), rotations=True)}
    )


@route("PATCH", "/v2/schedules/{identifier}")
def update_schedule(ctx: Ctx) -> Reply:
    schedule = require_in_path(ctx, "schedule")
    payload = ctx.body()
    validate(payload, UPDATE_SCHEDULE)
    _apply_schedule_fields(ctx, schedule, payload)
    ctx.tx.put("schedule", schedule)
    return Reply(200, {"data": schedule_meta(schedule)})


@route("DELETE", "/v2/schedules/{identifier}")
def delete_schedule(ctx: Ctx) -> Reply:
    schedule = require_in_path(ctx, "schedule")
    ensure_unused(ctx.tx, "schedule", schedule)
    ctx.tx.delete_children("override", schedule["id"])
    ctx.tx.delete("schedule", schedule["id"])
    return Reply(200, {"result": "Deleted"})


# ---- rotations ------------------------------------------------------------------------------


def _rotation(ctx: Ctx) -> tuple[Body, Body]:
    schedule = require_in_path(ctx, "schedule", "scheduleIdentifierType")
    rotation = next((r for r in schedule["rotations"] if r["id"] == ctx.params["id"]), None)
    if rotation is None:
        raise not_found(f"Rotation [{ctx.params['id']}]")
    return schedule, rotation


@route("POST", "/v2/schedules/{identifier}/rotations")
def create_rotation(ctx: Ctx) -> Reply:
    schedule = require_in_path(ctx, "schedule", "scheduleIdentifierType")
    payload = ctx.body()
    validate(payload, CREATE_ROTATION)
    rotation = _new_rotation(ctx, payload, "")
    schedule["rotations"].append(rotation)
    ctx.tx.put("schedule", schedule)
    data = {"id": rotation["id"], "name": rotation.get("name", "")}
    return Reply(201, {"result": "Created", "data": data})


@route("GET", "/v2/schedules/{identifier}/rotations")
def list_rotations(ctx: Ctx) -> Reply:
    schedule = require_in_path(ctx, "schedule", "scheduleIdentifierType")
    return Reply(200, {"data": [render_rotation(ctx, r) for r in schedule["rotations"]]})


@route("GET", "/v2/schedules/{identifier}/rotations/{id}")
def get_rotation(ctx: Ctx) -> Reply:
    schedule, rotation = _rotation(ctx)
    return Reply(
        200, {"data": {**render_rotation(ctx, rotation), "_parent": schedule_meta(schedule)}}
    )


@route("PATCH", "/v2/schedules/{identifier}/rotations/{id}")
def update_rotation(ctx: Ctx) -> Reply:
    schedule, rotation = _rotation(ctx)
    payload = ctx.body()
    validate(payload, UPDATE_ROTATION)
    _rotation_fields(ctx, rotation, payload, "")
    ctx.tx.put("schedule", schedule)
    data = {"id": rotation["id"], "name": rotation.get("name", "")}
    return Reply(200, {"result": "Updated", "data": data})


@route("DELETE", "/v2/schedules/{identifier}/rotations/{id}")
def delete_rotation(ctx: Ctx) -> Reply:
    schedule, rotation = _rotation(ctx)
    schedule["rotations"] = [r for r in schedule["rotations"] if r["id"] != rotation["id"]]
    ctx.tx.put("schedule", schedule)
    return Reply(200, {"result": "Deleted"})


# ---- overrides ------------------------------------------------------------------------------

OVERRIDE_TYPES = ("user", "none")
OVERRIDE_FIELDS: dict[str, Any] = {
    "user": RECIPIENT,
    "startDate": string(),
    "endDate": string(),
    "rotations": array(obj({"id": string(), "name": string()})),
}
CREATE_OVERRIDE = obj(
    {**OVERRIDE_FIELDS, "alias": string(nonEmpty=True, maxLength=100)},
    "user",
    "startDate",
    "endDate",
)
UPDATE_OVERRIDE = obj(OVERRIDE_FIELDS, "user", "startDate", "endDate")


def render_override(ctx: Ctx, schedule: Body, override: Body) -> Json:
    names = {r["id"]: r.get("name", "") for r in schedule["rotations"]}
    return {
        "_parent": schedule_meta(schedule),
        "alias": override["alias"],
        "user": render_recipient(ctx.tx, override["user"]),
        "startDate": override["startDate"],
        "endDate": override["endDate"],
        "rotations": [{"id": r, "name": names[r]} for r in override["rotations"] if r in names],
    }


def _override_fields(ctx: Ctx, schedule: Body, override: Body, payload: Json) -> None:
    override["user"] = resolve_recipient(ctx.tx, payload["user"], OVERRIDE_TYPES, "user")
    override["startDate"] = rounded_date(payload["startDate"], "startDate")
    override["endDate"] = rounded_date(payload["endDate"], "endDate")
    _ensure_ordered_dates(override, "")
    override["rotations"] = [
        _schedule_rotation(schedule, r, f"rotations[{i}]")
        for i, r in enumerate(payload.get("rotations") or [])
    ]


def _schedule_rotation(schedule: Body, ref: Json, field: str) -> str:
    for rotation in schedule["rotations"]:
        if ref.get("id") == rotation["id"] or (
            ref.get("id") is None
            and ref.get("name") is not None
            and ref.get("name") == rotation.get("name")
        ):
            return str(rotation["id"])
    raise unprocessable(
        f"{field} is not a rotation of schedule [{schedule['name']}]", {field: "does not exist"}
    )


def _override(ctx: Ctx) -> tuple[Body, Body]:
    schedule = require_in_path(ctx, "schedule", "scheduleIdentifierType")
    override = _find_override(ctx.tx, schedule["id"], ctx.params["alias"])
    if override is None:
        raise not_found(f"Override with alias [{ctx.params['alias']}]")
    return schedule, override


def _find_override(tx: Tx, schedule_id: str, alias: str) -> Body | None:
    return next((o for o in tx.all("override", schedule_id) if o["alias"] == alias), None)


@route("POST", "/v2/schedules/{identifier}/overrides")
def create_override(ctx: Ctx) -> Reply:
    schedule = require_in_path(ctx, "schedule", "scheduleIdentifierType")
    payload = ctx.body()
    validate(payload, CREATE_OVERRIDE)
    alias = payload.get("alias") or str(uuid.uuid4())
    if _find_override(ctx.tx, schedule["id"], alias) is not None:
        raise ApiFault(409, f"Override with alias [{alias}] already exists")
    override: Body = {"id": str(uuid.uuid4()), "alias": alias, "_schedule": schedule["id"]}
    _override_fields(ctx, schedule, override, payload)
    ctx.tx.put("override", override, schedule["id"])
    return Reply(201, {"data": {"alias": alias}})


@route("GET", "/v2/schedules/{identifier}/overrides")
def list_overrides(ctx: Ctx) -> Reply:
    schedule = require_in_path(ctx, "schedule", "scheduleIdentifierType")
    data = [render_override(ctx, schedule, o) for o in ctx.tx.all("override", schedule["id"])]
    return Reply(200, {"data": data})


@route("GET", "/v2/schedules/{identifier}/overrides/{alias}")
def get_override(ctx: Ctx) -> Reply:
    schedule, override = _override(ctx)
    return Reply(200, {"data": render_override(ctx, schedule, override)})


@route("PUT", "/v2/schedules/{identifier}/overrides/{alias}")
def update_override(ctx: Ctx) -> Reply:
    schedule, override = _override(ctx)
    payload = ctx.body()
    validate(payload, UPDATE_OVERRIDE)
    _override_fields(ctx, schedule, override, payload)
    ctx.tx.put("override", override, schedule["id"])
    return Reply(200, {"data": {"alias": override["alias"]}})


@route("DELETE", "/v2/schedules/{identifier}/overrides/{alias}")
def delete_override(ctx: Ctx) -> Reply:
    _, override = _override(ctx)
    ctx.tx.delete("override", override["id"])
    return Reply(200, {"result": "Deleted"})
