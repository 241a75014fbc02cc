"""Schedules and their rotations (`/v2/schedules`, read with `expand=rotation`)."""

from __future__ import annotations

from typing import Any, ClassVar

from ogsync.backend.api import Api
from ogsync.engine.model import Change, Obj
from ogsync.kinds.base import ApplyContext, Kind, ReadRequest, RefPattern, RestCollection
from ogsync.kinds.common import (
    canon_date,
    canon_recipient,
    canon_ref,
    canon_time_restriction,
    seg,
)
from ogsync.kinds.override import Override


def owner_payload(fields: dict[str, Any]) -> dict[str, Any]:
    """Top-level fields as the API takes them: `ownerTeam` by name."""
    body = {k: v for k, v in fields.items() if v is not None}
    if fields.get("ownerTeam"):
        body["ownerTeam"] = {"name": fields["ownerTeam"]}
    return body


def typed_references(recipients: list[Any]) -> set[tuple[str, str]]:
    """(kind, name) of recipients that name an object (not `none` or `all`)."""
    out: set[tuple[str, str]] = set()
    for r in recipients:
        if isinstance(r, dict) and r.get("type") in ("user", "team", "schedule", "escalation"):
            name = r.get("username") or r.get("name")
            if name:
                out.add((r["type"], name))
    return out


class Schedule(RestCollection):
    kind = "schedule"
    path = "/v2/schedules"
    child_kinds = ("rotation", "override")
    ref_patterns: ClassVar[tuple[RefPattern, ...]] = (
        (("ownerTeam",), "team"),
        (("rotations", "*", "participants", "*"), None),
        (("overrides", "*", "user"), None),
    )
    unmanaged_when_omitted = frozenset({"timezone", "ownerTeam"})

    def canonical(self, item: dict[str, Any]) -> dict[str, Any]:
        fields: dict[str, Any] = {
            "name": item.get("name"),
            "description": item.get("description") or "",
            "enabled": item.get("enabled", True) is not False,
        }
        if item.get("timezone"):
            fields["timezone"] = item["timezone"]
        owner = canon_ref(item.get("ownerTeam"))
        if owner:
            fields["ownerTeam"] = owner
        return fields

    def references(self, fields: dict[str, Any]) -> set[tuple[str, str]]:
        return {("team", fields["ownerTeam"])} if fields.get("ownerTeam") else set()

    def is_opsgenie_default(self, obj: Obj, parent: Obj | None) -> bool:
        owner = obj.fields.get("ownerTeam")
        return bool(owner) and obj.name == f"{owner}_schedule"

    def read(self, api: Api, request: ReadRequest) -> list[Obj]:
        out: list[Obj] = []
        with_overrides: list[Obj] = []
        for sched in api.get("/v2/schedules", {"expand": "rotation"}) or []:
            obj = Obj("schedule", sched["name"], self.canonical(sched), id=sched["id"])
            out.append(obj)
            for rot in sched.get("rotations") or []:
                out.append(Rotation().live(rot, obj.address))
            if request.wants_child(obj.name, "override"):
                with_overrides.append(obj)
        for batch in api.map(
            lambda s: Override().read_for(api, str(s.id), s.address), with_overrides
        ):
            out.extend(batch)
        return out

    def lookup(self, api: Api, name: str, parent_id: str | None) -> Obj | None:
        for sched in api.get("/v2/schedules") or []:
            if sched["name"].lower() == name.lower():  # Opsgenie names ignore case
                return Obj("schedule", name, self.canonical(sched), id=sched["id"])
        return None

    def payload(self, fields: dict[str, Any]) -> dict[str, Any]:
        return owner_payload(fields)


class Rotation(Kind):
    kind = "rotation"
    parent_kind = "schedule"
    list_key = "rotations"

    def canonical(self, item: dict[str, Any]) -> dict[str, Any]:
        return {
            "name": item.get("name") or "",
            "type": item.get("type"),
            "length": int(item.get("length") or 1),
            "startDate": canon_date(item.get("startDate")),
            "endDate": canon_date(item.get("endDate")),
            "participants": [canon_recipient(p) for p in item.get("participants") or []],
            "timeRestriction": canon_time_restriction(item.get("timeRestriction")),
        }

    def references(self, fields: dict[str, Any]) -> set[tuple[str, str]]:
        return typed_references(fields.get("participants") or [])

    def live(self, rot: dict[str, Any], parent: str) -> Obj:
        return Obj(self.kind, rot.get("name") or "", self.canonical(rot), parent, rot.get("id"))

    def lookup(self, api: Api, name: str, parent_id: str | None) -> Obj | None:
        for rot in api.get(f"/v2/schedules/{seg(str(parent_id))}/rotations") or []:
            if rot.get("name") == name:
                return self.live(rot, "")
        return None

    def _base(self, ctx: ApplyContext, change: Change) -> str:
        return f"/v2/schedules/{seg(self.parent_id(ctx, change))}/rotations"

    def create(self, ctx: ApplyContext, change: Change) -> str | None:
        assert change.after is not None
        body = {k: v for k, v in change.after.items() if v is not None}
        data = ctx.api.post(self._base(ctx, change), body)
        return str(data["id"]) if isinstance(data, dict) and data.get("id") else None

    def update(self, ctx: ApplyContext, change: Change) -> None:
        """PATCH in place; a field the config removed (an end date, a restriction) is sent as
        null to clear it. The rotation keeps its id, so overrides that name it keep it too."""
        assert change.after is not None and change.before is not None
        before = change.before
        body = {k: v for k, v in change.after.items() if v is not None or before.get(k)}
        ctx.api.patch(f"{self._base(ctx, change)}/{seg(str(change.live_id))}", body)

    def delete(self, ctx: ApplyContext, change: Change) -> None:
        ctx.api.delete(f"{self._base(ctx, change)}/{seg(str(change.live_id))}")
