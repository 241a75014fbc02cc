"""Users and their own fields (`/v2/users`); contacts and personal rules are nested kinds."""

from __future__ import annotations

from typing import Any

from ogsync.backend.api import Api
from ogsync.engine.model import Change, Obj
from ogsync.errors import NotFoundError
from ogsync.kinds.base import ApplyContext, Kind, ReadRequest
from ogsync.kinds.common import canon_user_name, seg

BUILTIN_ROLES = {"owner": "Owner", "admin": "Admin", "user": "User"}


def canon_role(role: Any) -> str:
    name = role.get("name") if isinstance(role, dict) else role
    text = str(name or "User")
    return BUILTIN_ROLES.get(text.lower(), text)


class User(Kind):
    kind = "user"
    name_key = "username"
    unmanaged_when_omitted = frozenset(
        {"fullName", "timeZone", "locale", "tags", "details", "userAddress", "skypeUsername"}
    )
    write_only = frozenset({"invitationDisabled"})

    def match_key(self, name: str) -> str:
        return canon_user_name(name)

    def canonical(self, item: dict[str, Any]) -> dict[str, Any]:
        fields: dict[str, Any] = {
            "username": canon_user_name(str(item.get("username") or "")),
            "role": canon_role(item.get("role")),
        }
        for key in ("fullName", "timeZone", "locale", "skypeUsername"):
            if item.get(key) not in (None, ""):
                fields[key] = item[key]
        if item.get("tags") is not None:
            fields["tags"] = sorted(item["tags"])
        if item.get("details") is not None:
            fields["details"] = {k: list(v) for k, v in sorted(item["details"].items())}
        address = item.get("userAddress")
        if isinstance(address, dict) and any(address.values()):
            fields["userAddress"] = {k: v for k, v in sorted(address.items()) if v}
        return fields

    def read(self, api: Api, request: ReadRequest) -> list[Obj]:
        return [self._live(u) for u in api.list_all("/v2/users")]

    def _live(self, user: dict[str, Any]) -> Obj:
        return Obj("user", canon_user_name(user["username"]), self.canonical(user), id=user["id"])

    def lookup(self, api: Api, name: str, parent_id: str | None) -> Obj | None:
        try:
            return self._live(api.get(f"/v2/users/{seg(name)}"))
        except NotFoundError:
            return None

    @staticmethod
    def payload(fields: dict[str, Any]) -> dict[str, Any]:
        body = dict(fields)
        body["role"] = {"name": fields.get("role", "User")}
        return body

    def create(self, ctx: ApplyContext, change: Change) -> str | None:
        assert change.after is not None
        body = self.payload(change.after)
        body.setdefault("fullName", change.after["username"])
        body.update(change.meta.get("write_only", {}))
        data = ctx.api.post("/v2/users", body)
        return str(data["id"])

    def update(self, ctx: ApplyContext, change: Change) -> None:
        assert change.after is not None
        ident = change.live_id or ctx.id_of(change.address)
        ctx.api.patch(f"/v2/users/{seg(str(ident))}", self.payload(change.after))

    def delete(self, ctx: ApplyContext, change: Change) -> None:
        ctx.api.delete(f"/v2/users/{seg(str(change.live_id))}")
