"""Teams, their members, and their ordered routing rules (`/v2/teams`)."""

from __future__ import annotations

from typing import Any, ClassVar

from ogsync import address
from ogsync.backend.api import Api
from ogsync.engine.model import Change, Obj
from ogsync.errors import NotFoundError
from ogsync.kinds.base import ApplyContext, Kind, ReadRequest, RefPattern, RestCollection
from ogsync.kinds.common import (
    canon_criteria,
    canon_recipient,
    canon_ref,
    canon_time_restriction,
    seg,
)

DEFAULT_RULE = "default"


class Team(RestCollection):
    kind = "team"
    path = "/v2/teams"
    child_kinds = ("routing-rule",)
    ref_patterns: ClassVar[tuple[RefPattern, ...]] = (
        (("members", "*", "user"), "user"),
        (("routingRules", "*", "notify"), None),
    )
    unmanaged_when_omitted = frozenset({"members"})

    def canonical(self, item: dict[str, Any]) -> dict[str, Any]:
        fields: dict[str, Any] = {
            "name": item.get("name"),
            "description": item.get("description") or "",
        }
        if "members" in item:  # left out, the members are not managed
            members = [
                {"user": canon_ref(m.get("user"), user=True), "role": m.get("role") or "user"}
                for m in item.get("members") or []
            ]
            fields["members"] = sorted(members, key=lambda m: (str(m["user"]), str(m["role"])))
        return fields

    def references(self, fields: dict[str, Any]) -> set[tuple[str, str]]:
        return {("user", m["user"]) for m in fields.get("members", []) if m.get("user")}

    def read(self, api: Api, request: ReadRequest) -> list[Obj]:
        teams = api.get("/v2/teams") or []
        wanted = [t for t in teams if request.wants(t["name"])]
        details = api.map(lambda t: self._read_one(api, t, request), wanted)
        out: list[Obj] = []
        detailed = {t["id"]: d for t, d in zip(wanted, details, strict=True)}
        for team in teams:
            if team["id"] in detailed:
                out.extend(detailed[team["id"]])
            else:
                out.append(Obj("team", team["name"], self.canonical(team), id=team["id"]))
        return out

    def _read_one(self, api: Api, team: dict[str, Any], request: ReadRequest) -> list[Obj]:
        full = api.get(f"/v2/teams/{seg(team['id'])}")
        obj = Obj("team", full["name"], self.canonical(full), id=full["id"])
        out = [obj]
        if request.wants_child(team["name"], "routing-rule"):
            rules = api.get(f"/v2/teams/{seg(team['id'])}/routing-rules") or []
            out.extend(RoutingRule().live(rule, obj.address) for rule in rules)
        return out

    def lookup(self, api: Api, name: str, parent_id: str | None) -> Obj | None:
        for team in api.get("/v2/teams") or []:
            if team["name"].lower() == name.lower():  # Opsgenie names ignore case
                return Obj("team", name, self.canonical(team), id=team["id"])
        return None

    def payload(self, fields: dict[str, Any]) -> dict[str, Any]:
        body: dict[str, Any] = {k: v for k, v in fields.items() if k in ("name", "description")}
        if "members" in fields:
            body["members"] = [
                {"user": {"username": m["user"]}, "role": m["role"]} for m in fields["members"]
            ]
        return body

    def create(self, ctx: ApplyContext, change: Change) -> str | None:
        assert change.after is not None
        ident = str(super().create(ctx, change))
        if change.meta.get("teamDefaults") == "delete":
            self._delete_defaults(ctx.api, ident, change.name)
        return ident

    @staticmethod
    def _delete_defaults(api: Api, team_id: str, team: str) -> None:
        """Re-point the default rule to none, then drop the default escalation and schedule.

        Used for `teamDefaults: delete` after a create, and before deleting a team, since
        Opsgenie refuses to delete a team that still owns them.
        """
        for rule in api.get(f"/v2/teams/{seg(team_id)}/routing-rules") or []:
            if rule.get("isDefault") and (rule.get("notify") or {}).get("type") != "none":
                api.patch(
                    f"/v2/teams/{seg(team_id)}/routing-rules/{seg(rule['id'])}",
                    {"notify": {"type": "none"}},
                )
        for path, name in (
            ("escalations", f"{team}_escalation"),
            ("schedules", f"{team}_schedule"),
        ):
            try:
                owned = api.get(f"/v2/{path}/{seg(name)}", {"identifierType": "name"})
            except NotFoundError:
                continue
            if (owned.get("ownerTeam") or {}).get("id") == team_id:
                api.delete(f"/v2/{path}/{seg(owned['id'])}")

    def update(self, ctx: ApplyContext, change: Change) -> None:
        super().update(ctx, change)
        if change.previous_address:
            old = address.split(change.previous_address)[0][1]
            self._rename_defaults(ctx.api, str(change.live_id), old, change.name)

    @staticmethod
    def _rename_defaults(api: Api, team_id: str, old: str, new: str) -> None:
        """Opsgenie's `<team>_schedule` and `<team>_escalation` follow a renamed team, so they
        stay recognisable as the team's own (and are deleted with it)."""
        for path, suffix in (("schedules", "_schedule"), ("escalations", "_escalation")):
            try:
                owned = api.get(f"/v2/{path}/{seg(old + suffix)}", {"identifierType": "name"})
            except NotFoundError:
                continue
            if (owned.get("ownerTeam") or {}).get("id") == team_id:
                api.patch(f"/v2/{path}/{seg(owned['id'])}", {"name": new + suffix})

    def delete(self, ctx: ApplyContext, change: Change) -> None:
        self._delete_defaults(ctx.api, str(change.live_id), change.name)
        super().delete(ctx, change)


class RoutingRule(Kind):
    kind = "routing-rule"
    parent_kind = "team"
    list_key = "routingRules"
    ordered = True
    unmanaged_when_omitted = frozenset({"timezone"})

    def canonical(self, item: dict[str, Any]) -> dict[str, Any]:
        fields: dict[str, Any] = {
            "name": item.get("name") or "",
            "criteria": canon_criteria(item.get("criteria")),
            "timeRestriction": canon_time_restriction(item.get("timeRestriction")),
            "notify": canon_recipient(item.get("notify")),
        }
        if item.get("timezone"):
            fields["timezone"] = item["timezone"]
        return fields

    def references(self, fields: dict[str, Any]) -> set[tuple[str, str]]:
        notify = fields.get("notify") or {}
        if notify.get("type") in ("schedule", "escalation") and notify.get("name"):
            return {(notify["type"], notify["name"])}
        return set()

    def live(self, rule: dict[str, Any], parent: str) -> Obj:
        is_default = bool(rule.get("isDefault"))
        name = rule.get("name") or ("" if not is_default else DEFAULT_RULE)
        fields = self.canonical({**rule, "name": name})
        if is_default:
            fields.pop("timezone", None)
        return Obj(
            self.kind,
            name,
            fields,
            parent=parent,
            id=rule.get("id"),
            meta={"isDefault": is_default, "order": rule.get("order")},
        )

    def is_opsgenie_default(self, obj: Obj, parent: Obj | None) -> bool:
        return bool(obj.meta.get("isDefault"))

    def lookup(self, api: Api, name: str, parent_id: str | None) -> Obj | None:
        for rule in api.get(f"/v2/teams/{seg(str(parent_id))}/routing-rules") or []:
            if rule.get("name") == name and not rule.get("isDefault"):
                return self.live(rule, "")
        return None

    @staticmethod
    def payload(fields: dict[str, Any], *, is_default: bool = False) -> dict[str, Any]:
        body = {k: v for k, v in fields.items() if v is not None}
        if is_default:
            body.pop("timezone", None)
            body.pop("name", None)
        return body

    def _base(self, ctx: ApplyContext, change: Change) -> str:
        return f"/v2/teams/{seg(self.parent_id(ctx, change))}/routing-rules"

    def create(self, ctx: ApplyContext, change: Change) -> str | None:
        assert change.after is not None
        return self.post_placed(ctx, self._base(ctx, change), self.payload(change.after), change)

    def update(self, ctx: ApplyContext, change: Change) -> None:
        assert change.after is not None
        ident = change.live_id or self._default_rule_id(ctx, change)
        base = f"{self._base(ctx, change)}/{seg(str(ident))}"
        changed = {f.path.split(".")[0].split("[")[0] for f in change.fields}
        if changed - {"order"}:
            body = self.payload(change.after, is_default=bool(change.meta.get("isDefault")))
            ctx.api.patch(base, body)
        if "order" in changed:
            ctx.api.post(f"{base}/change-order", {"order": change.meta["order"]}, idempotent=True)

    def _default_rule_id(self, ctx: ApplyContext, change: Change) -> str:
        """The id of the default rule Opsgenie made with a team created in this apply."""
        for rule in ctx.api.get(self._base(ctx, change)) or []:
            if rule.get("isDefault"):
                return str(rule["id"])
        raise LookupError(f"{change.parent} has no default routing rule")

    def delete(self, ctx: ApplyContext, change: Change) -> None:
        ctx.api.delete(f"{self._base(ctx, change)}/{seg(str(change.live_id))}")
