"""Finding objects by id or name, resolving references in payloads, who uses what (for deletes)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ogsync.sandbox.core import ApiFault, Ctx, Json, not_found, unprocessable
from ogsync.sandbox.store import Body, Tx
from ogsync.sandbox.validation import identifier_type, obj, string

LABELS = {"user": "User", "team": "Team", "schedule": "Schedule", "escalation": "Escalation"}

RECIPIENT = obj(
    {
        "type": {
            "type": "string",
            "enum": ["all", "none", "user", "escalation", "schedule", "team", "group"],
        },
        "id": string(),
        "name": string(),
        "username": string(),
    },
    "type",
)
TEAM_META = obj({"id": string(), "name": string()}, nullable=True)
USER_META = obj({"id": string(), "username": string()})


def find_user(tx: Tx, ident: str) -> Body | None:
    """A user by id or by username (usernames are case-insensitive)."""
    found = tx.get("user", ident)
    if found is not None:
        return found
    return next(iter(tx.named("user", ident)), None)


def find_by_name(tx: Tx, kind: str, name: str) -> Body | None:
    """Lookups by name are exact (uniqueness is case-insensitive, see the docs)."""
    return next((o for o in tx.named(kind, name) if o["name"] == name), None)


def require_user(tx: Tx, ident: str) -> Body:
    found = find_user(tx, ident)
    if found is None:
        raise not_found(f"User [{ident}]")
    return found


def require(tx: Tx, kind: str, ident: str, ident_type: str) -> Body:
    """A team, schedule or escalation by the path identifier and its identifierType."""
    found = tx.get(kind, ident) if ident_type == "id" else find_by_name(tx, kind, ident)
    if found is None:
        raise not_found(f"{LABELS[kind]} with {ident_type} [{ident}]")
    return found


def require_in_path(ctx: Ctx, kind: str, type_param: str = "identifierType") -> Body:
    """The team, schedule or escalation named by the path's `identifier` and TYPE_PARAM."""
    ident_type = identifier_type(ctx.arg(type_param), type_param)
    return require(ctx.tx, kind, ctx.params["identifier"], ident_type)


def name_clash(tx: Tx, kind: str, name: str, except_id: str | None = None) -> Body | None:
    return next((o for o in tx.named(kind, name) if o["id"] != except_id), None)


def ensure_unique_name(tx: Tx, kind: str, name: str, except_id: str | None = None) -> None:
    if name_clash(tx, kind, name, except_id) is not None:
        raise ApiFault(409, f"{LABELS[kind]} with name [{name}] already exists")


# ---- references inside payloads ------------------------------------------------------------


def resolve_recipient(tx: Tx, value: Json, allowed: tuple[str, ...], field: str) -> Json:
    """A Recipient given by id or by name/username -> the stored form {type, id} (or {type})."""
    kind = value["type"]
    if kind not in allowed:
        raise unprocessable(
            f"{field}.type must be one of {', '.join(allowed)}",
            {f"{field}.type": "must be one of " + ", ".join(allowed)},
        )
    if kind in ("none", "all"):
        return {"type": kind}
    key = "username" if kind == "user" else "name"
    target = _resolve(tx, kind, value.get("id"), value.get(key), field, key)
    return {"type": kind, "id": target["id"]}


def resolve_team_meta(tx: Tx, value: Json, field: str) -> str:
    return str(_resolve(tx, "team", value.get("id"), value.get("name"), field, "name")["id"])


def resolve_user_meta(tx: Tx, value: Json, field: str) -> str:
    return str(
        _resolve(tx, "user", value.get("id"), value.get("username"), field, "username")["id"]
    )


def _resolve(tx: Tx, kind: str, ident: Any, name: Any, field: str, key: str) -> Body:
    if ident is None and name is None:
        raise unprocessable(f"{field} needs an id or a {key}", {field: f"needs an id or a {key}"})
    if ident is not None:
        target = tx.get(kind, str(ident))
        where = f"id [{ident}]"
    elif kind == "user":
        target = find_user(tx, str(name))
        where = f"username [{name}]"
    else:
        target = find_by_name(tx, kind, str(name))
        where = f"name [{name}]"
    if target is None:
        raise unprocessable(
            f"{LABELS[kind]} with {where} does not exist ({field})", {field: "does not exist"}
        )
    if ident is not None and name is not None and _label(target).lower() != str(name).lower():
        raise unprocessable(
            f"{field}: id [{ident}] and {key} [{name}] name different {kind}s",
            {field: f"id and {key} do not match"},
        )
    return target


def _label(target: Body) -> str:
    return str(target.get("username") or target.get("name"))


def render_recipient(tx: Tx, ref: Json) -> Json:
    """The stored {type, id} with the current name (username for users) added."""
    kind = ref["type"]
    if kind in ("none", "all") or "id" not in ref:
        return {"type": kind}
    target = tx.get(kind, ref["id"])
    key = "username" if kind == "user" else "name"
    return {"type": kind, "id": ref["id"], key: _label(target) if target else ""}


def render_team_meta(tx: Tx, team_id: str) -> Json:
    team = tx.get("team", team_id)
    return {"id": team_id, "name": team["name"] if team else ""}


def render_user_meta(tx: Tx, user_id: str) -> Json:
    user = tx.get("user", user_id)
    return {"id": user_id, "username": user["username"] if user else ""}


# ---- who uses what (428 on delete) ---------------------------------------------------------


def _name(tx: Tx, kind: str, obj_id: str) -> str:
    found = tx.get(kind, obj_id)
    return _label(found) if found is not None else ""


def _holders(tx: Tx) -> Iterator[tuple[str, str, str, str]]:
    """(target kind, target id, description of the holder, id of the holder's top object)."""
    for team in tx.all("team"):
        for member in team.get("members", []):
            yield "user", member["user"], f"team [{team['name']}] (member)", team["id"]
    for rule in tx.all("rrule"):
        label = (
            f"routing rule [{rule.get('name', '')}] of team [{_name(tx, 'team', rule['_team'])}]"
        )
        notify = rule["notify"]
        if "id" in notify:
            yield notify["type"], notify["id"], label, rule["_team"]
    for schedule in tx.all("schedule"):
        if schedule.get("ownerTeam"):
            yield "team", schedule["ownerTeam"], f"schedule [{schedule['name']}]", schedule["id"]
        for rotation in schedule.get("rotations", []):
            label = f"rotation [{rotation.get('name', '')}] of schedule [{schedule['name']}]"
            for part in rotation["participants"]:
                if "id" in part:
                    yield part["type"], part["id"], label, schedule["id"]
    for override in tx.all("override"):
        where = _name(tx, "schedule", override["_schedule"])
        label = f"override [{override['alias']}] of schedule [{where}]"
        if "id" in override["user"]:
            yield "user", override["user"]["id"], label, override["_schedule"]
    for escalation in tx.all("escalation"):
        label = f"escalation [{escalation['name']}]"
        if escalation.get("ownerTeam"):
            yield "team", escalation["ownerTeam"], label, escalation["id"]
        for rule in escalation["rules"]:
            if "id" in rule["recipient"]:
                yield rule["recipient"]["type"], rule["recipient"]["id"], label, escalation["id"]
    for nrule in tx.all("nrule"):
        label = f"notification rule [{nrule['name']}] of user [{_name(tx, 'user', nrule['_user'])}]"
        for schedule_id in nrule.get("schedules", []):
            yield "schedule", schedule_id, label, nrule["_user"]
    for beat in tx.all("heartbeat"):
        if beat.get("ownerTeam"):
            yield "team", beat["ownerTeam"], f"heartbeat [{beat['name']}]", beat["id"]


def ensure_unused(tx: Tx, kind: str, target: Body) -> None:
    """428 when anything outside the object itself still names it."""
    users = sorted(
        {
            label
            for k, i, label, owner in _holders(tx)
            if k == kind and i == target["id"] and owner != target["id"]
        }
    )
    if users:
        raise ApiFault(
            428,
            f"Entity is used by another entity: {LABELS[kind]} [{_label(target)}] is used by "
            + ", ".join(users),
        )
