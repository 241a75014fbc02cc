"""Schedule overrides as code (`/v2/schedules/{id}/overrides`): managed only by declared alias."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ogsync import address
from ogsync.backend.api import Api
from ogsync.engine.model import Change, Obj
from ogsync.errors import NotFoundError
from ogsync.kinds.base import ApplyContext, Kind
from ogsync.kinds.common import canon_date, canon_recipient, parse_instant, seg


class Override(Kind):
    """People add swaps in the UI at 3 a.m.: only the aliases the config declares are managed,
    and an override wholly in the past is never touched."""

    kind = "override"
    parent_kind = "schedule"
    list_key = "overrides"
    declared_only = True
    name_key = "alias"

    def canonical(self, item: dict[str, Any]) -> dict[str, Any]:
        rotations = sorted(
            str(r.get("name") or r.get("id")) if isinstance(r, dict) else str(r)
            for r in item.get("rotations") or []
        )
        return {
            "alias": item.get("alias") or "",
            "user": canon_recipient(item.get("user")),
            "startDate": canon_date(item.get("startDate")),
            "endDate": canon_date(item.get("endDate")),
            "rotations": rotations,
        }

    def references(self, fields: dict[str, Any]) -> set[tuple[str, str]]:
        user = fields.get("user") or {}
        return {("user", user["username"])} if user.get("username") else set()

    def to_config(self, fields: dict[str, Any]) -> dict[str, Any]:
        """The config names the rotations as `{name: ...}`; canonical fields hold the names."""
        out = dict(fields)
        if out.get("rotations"):
            out["rotations"] = [{"name": name} for name in out["rotations"]]
        return out

    def uses(self, fields: dict[str, Any], parent: str) -> set[str]:
        """The rotations it names, under the same schedule, are created before it."""
        return {address.make("rotation", name, parent) for name in fields.get("rotations") or []}

    def settled(self, fields: dict[str, Any], now: datetime) -> bool:
        end = fields.get("endDate")
        return bool(end) and parse_instant(str(end)) <= now.astimezone(UTC)

    def live(self, item: dict[str, Any], parent: str) -> Obj:
        return Obj(
            self.kind, item.get("alias") or "", self.canonical(item), parent, item.get("alias")
        )

    def read_for(self, api: Api, schedule_id: str, parent: str) -> list[Obj]:
        items = api.get(f"/v2/schedules/{seg(schedule_id)}/overrides") or []
        return [self.live(item, parent) for item in items]

    def lookup(self, api: Api, name: str, parent_id: str | None) -> Obj | None:
        try:
            item = api.get(f"/v2/schedules/{seg(str(parent_id))}/overrides/{seg(name)}")
        except NotFoundError:
            return None
        return self.live(item, "")

    @staticmethod
    def payload(fields: dict[str, Any]) -> dict[str, Any]:
        body = {k: fields[k] for k in ("user", "startDate", "endDate")}
        if fields.get("rotations"):
            body["rotations"] = [{"name": name} for name in fields["rotations"]]
        return body

    def _base(self, ctx: ApplyContext, change: Change) -> str:
        return f"/v2/schedules/{seg(self.parent_id(ctx, change))}/overrides"

    def create(self, ctx: ApplyContext, change: Change) -> str | None:
        assert change.after is not None
        body = {"alias": change.name, **self.payload(change.after)}
        ctx.api.post(self._base(ctx, change), body)
        return change.name

    def update(self, ctx: ApplyContext, change: Change) -> None:
        assert change.after is not None
        ctx.api.put(f"{self._base(ctx, change)}/{seg(change.name)}", self.payload(change.after))

    def delete(self, ctx: ApplyContext, change: Change) -> None:
        ctx.api.delete(f"{self._base(ctx, change)}/{seg(change.name)}")
