"""A user's contacts (`/v2/users/{id}/contacts`): identity is method + address."""

from __future__ import annotations

from typing import Any

from ogsync import address
from ogsync.backend.api import Api
from ogsync.engine.model import Change, Obj
from ogsync.kinds.base import ApplyContext, Kind
from ogsync.kinds.common import canon_user_name, seg

METHODS = ("email", "sms", "voice", "mobile")


def canon_method(method: Any) -> str:
    """`mobile_app` (the seed's word) is `mobile`."""
    text = str(method or "")
    return "mobile" if text == "mobile_app" else text


def canon_to(method: str, to: Any) -> str:
    """E-mail addresses compare without case (as Opsgenie does); numbers and devices exactly."""
    text = str(to or "")
    return text.lower() if method == "email" else text


def contact_name(method: Any, to: Any) -> str:
    """The identity of a contact: `METHOD:TO`, e.g. `sms:49-15110000001`."""
    m = canon_method(method)
    return f"{m}:{canon_to(m, to)}"


def contact_address(parent: str, method: Any, to: Any) -> str:
    return address.make("contact", contact_name(method, to), parent)


def owner_username(obj: Obj, parent: Obj | None) -> str:
    """The username of the user a child object belongs to."""
    if parent is not None:
        return canon_user_name(parent.name)
    if obj.parent:
        return canon_user_name(address.split(obj.parent)[-1][1])
    return ""


class Contact(Kind):
    kind = "contact"
    parent_kind = "user"
    list_key = "contacts"

    def name_of(self, item: dict[str, Any]) -> str:
        return contact_name(item.get("method"), item.get("to"))

    def canonical(self, item: dict[str, Any]) -> dict[str, Any]:
        method = canon_method(item.get("method") or item.get("contactMethod"))
        enabled = item.get("enabled")
        if enabled is None and isinstance(item.get("status"), dict):
            enabled = item["status"].get("enabled")
        return {
            "method": method,
            "to": canon_to(method, item.get("to")),
            "enabled": enabled is not False,
        }

    def live(self, contact: dict[str, Any], parent: str) -> Obj:
        fields = self.canonical(contact)
        name = contact_name(fields["method"], fields["to"])
        return Obj(self.kind, name, fields, parent=parent, id=contact.get("id"))

    def is_opsgenie_default(self, obj: Obj, parent: Obj | None) -> bool:
        """The e-mail contact Opsgenie makes for the username (it cannot be deleted)."""
        fields = obj.fields
        return fields.get("method") == "email" and fields.get("to") == owner_username(obj, parent)

    def made_with_parent(self, fields: dict[str, Any], parent: Obj) -> bool:
        """Opsgenie makes the username's e-mail contact, enabled, with the user."""
        wanted = {"method": "email", "to": canon_user_name(parent.name), "enabled": True}
        return fields == wanted

    def lookup(self, api: Api, name: str, parent_id: str | None) -> Obj | None:
        for contact in api.get(f"/v2/users/{seg(str(parent_id))}/contacts") or []:
            if contact_name(contact.get("method"), contact.get("to")) == name:
                return self.live(contact, "")
        return None

    def _base(self, ctx: ApplyContext, change: Change) -> str:
        return f"/v2/users/{seg(self.parent_id(ctx, change))}/contacts"

    def _set_enabled(self, ctx: ApplyContext, change: Change, ident: str, enabled: bool) -> None:
        verb = "enable" if enabled else "disable"
        ctx.api.post(f"{self._base(ctx, change)}/{seg(ident)}/{verb}", idempotent=True)

    def create(self, ctx: ApplyContext, change: Change) -> str | None:
        assert change.after is not None
        body = {"method": change.after["method"], "to": change.after["to"]}
        data = ctx.api.post(self._base(ctx, change), body)
        ident = str(data["id"])
        if not change.after.get("enabled", True):
            self._set_enabled(ctx, change, ident, False)
        return ident

    def update(self, ctx: ApplyContext, change: Change) -> None:
        """Only `enabled` can differ: a new method or address is another contact."""
        assert change.after is not None
        before = change.before or {}
        ident = str(change.live_id or ctx.id_of(change.address))
        if before.get("enabled") != change.after.get("enabled"):
            self._set_enabled(ctx, change, ident, bool(change.after.get("enabled")))

    def delete(self, ctx: ApplyContext, change: Change) -> None:
        ctx.api.delete(f"{self._base(ctx, change)}/{seg(str(change.live_id))}")
