"""Users and their own fields (`/v2/users`); contacts and personal rules are nested kinds."""

from __future__ import annotations

from typing import Any, ClassVar

from ogsync.backend.api import Api
from ogsync.engine.model import Change, Obj
from ogsync.kinds.base import ApplyContext, ReadRequest, RefPattern, RestCollection
from ogsync.kinds.common import canon_user_name, seg
from ogsync.kinds.contact import Contact
from ogsync.kinds.notification_rule import NotificationRule

BUILTIN_ROLES = {"owner": "Owner", "admin": "Admin", "user": "User"}
# What a ReadRequest may ask of a user's children (its `detailed` sets hold these markers).
CONTACTS = "contact"  # the contacts (one request: the user with expand=contact)
RULES = "notification-rule"  # every rule in full (a list, then one request per rule)
RULE_LIST = "notification-rule#list"  # the rules' names, action types and order only
RULE_NAMED = "notification-rule="  # prefix: this rule in full, the others listed only
EVERY_USER = "*"  # a `detailed` key whose markers apply to every user


def child_markers(request: ReadRequest, key: str) -> set[str]:
    """What to read of one user's children."""
    if request.everything:
        return {CONTACTS, RULES}
    return request.detailed.get(key, set()) | request.detailed.get(EVERY_USER, set())


def read_children(api: Api, user: Obj, markers: set[str]) -> list[Obj]:
    """A user's contacts and personal rules, as far as the markers ask."""
    out: list[Obj] = []
    ident = str(user.id)
    if CONTACTS in markers:
        data = api.get(f"/v2/users/{seg(ident)}", {"expand": "contact"}) or {}
        out.extend(Contact().live(c, user.address) for c in data.get("userContacts") or [])
    named = {m[len(RULE_NAMED) :] for m in markers if m.startswith(RULE_NAMED)}
    if RULES in markers:
        out.extend(NotificationRule().read_for_user(api, ident, user.address, None))
    elif named or RULE_LIST in markers:
        out.extend(NotificationRule().read_for_user(api, ident, user.address, named))
    return out


def canon_role(role: Any) -> str:
    name = role.get("name") if isinstance(role, dict) else role
    text = str(name or "User")
    return BUILTIN_ROLES.get(text.lower(), text)


class User(RestCollection):
    kind = "user"
    path = "/v2/users"
    name_key = "username"
    child_kinds = ("contact", "notification-rule")
    ref_patterns: ClassVar[tuple[RefPattern, ...]] = (
        (("notificationRules", "*", "schedules", "*"), "schedule"),
    )
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

    def to_config(self, fields: dict[str, Any]) -> dict[str, Any]:
        """The config gives the role as `{name: ...}`; canonical fields hold its name."""
        out = dict(fields)
        if "role" in out:
            out["role"] = {"name": out["role"]}
        return out

    def read(self, api: Api, request: ReadRequest) -> list[Obj]:
        users = [self._live(u) for u in api.list_all("/v2/users")]
        work = [(u, child_markers(request, self.match_key(u.name))) for u in users]
        work = [(u, markers) for u, markers in work if markers]
        batches = api.map(lambda w: read_children(api, w[0], w[1]), work)
        return users + [obj for batch in batches for obj in batch]

    def _live(self, user: dict[str, Any]) -> Obj:
        return Obj("user", canon_user_name(user["username"]), self.canonical(user), id=user["id"])

    def lookup(self, api: Api, name: str, parent_id: str | None) -> Obj | None:
        from ogsync.errors import NotFoundError

        try:
            return self._live(api.get(f"/v2/users/{seg(name)}"))
        except NotFoundError:
            return None

    def payload(self, fields: dict[str, Any]) -> dict[str, Any]:
        body = dict(fields)
        body["role"] = {"name": fields.get("role", "User")}
        return body

    def create(self, ctx: ApplyContext, change: Change) -> str | None:
        assert change.after is not None
        body = self.payload(change.after)
        body.setdefault("fullName", change.after["username"])
        body.update(change.meta.get("write_only", {}))
        data = ctx.api.post(self.path, body)
        return str(data["id"])
