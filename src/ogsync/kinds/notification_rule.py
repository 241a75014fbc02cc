"""Personal notification rules and their steps (`/v2/users/{id}/notification-rules`)."""

from __future__ import annotations

from typing import Any, ClassVar

from ogsync.backend.api import Api
from ogsync.engine.model import Change, Obj
from ogsync.kinds.base import ApplyContext, Kind, RefPattern
from ogsync.kinds.common import (
    canon_criteria,
    canon_ref,
    canon_time_restriction,
    duration,
    seg,
)
from ogsync.kinds.contact import canon_method, canon_to, contact_address

DEFAULT_ACTION = "create-alert"
SCHEDULE_ACTIONS = ("schedule-start", "schedule-end")
# The rules Opsgenie makes for a new user: (name, actionType).
OPSGENIE_DEFAULTS = frozenset(
    {
        ("New Alert", "create-alert"),
        ("Renotified Alert", "renotified-alert"),
        ("Schedule Start", "schedule-start"),
    }
)
# Fields a PATCH of the rule itself carries (steps, enabled and order have their own endpoints).
PATCHED = ("criteria", "timeRestriction", "repeat", "notificationTime", "schedules")


def canon_step(step: dict[str, Any]) -> dict[str, Any]:
    raw = step.get("contact")
    contact: dict[str, Any] = raw if isinstance(raw, dict) else {}
    method = canon_method(contact.get("method"))
    return {
        "contact": {"method": method, "to": canon_to(method, contact.get("to"))},
        "sendAfter": duration(step.get("sendAfter")),
        "enabled": step.get("enabled", True) is not False,
    }


def canon_repeat(repeat: Any) -> dict[str, Any]:
    """No `repeat` is the same as a repeat that is off (so that clearing it converges)."""
    if not isinstance(repeat, dict):
        return {"loopAfter": 0, "enabled": False}
    return {
        "loopAfter": int(repeat.get("loopAfter") or 0),
        "enabled": repeat.get("enabled", True) is not False,
    }


def step_key(step: dict[str, Any]) -> tuple[str, str]:
    contact = step.get("contact") or {}
    method = canon_method(contact.get("method"))
    return method, canon_to(method, contact.get("to"))


class NotificationRule(Kind):
    kind = "notification-rule"
    parent_kind = "user"
    list_key = "notificationRules"
    ordered = True
    # Global rules (notification-rules/) are read by reference resolution with these patterns.
    ref_patterns: ClassVar[tuple[RefPattern, ...]] = (
        (("schedules", "*"), "schedule"),
        (("appliesTo", "users", "*"), "user"),
        (("appliesTo", "teams", "*"), "team"),
        (("appliesTo", "schedules", "*"), "schedule"),
    )

    def canonical(self, item: dict[str, Any]) -> dict[str, Any]:
        action = str(item.get("actionType") or DEFAULT_ACTION)
        fields: dict[str, Any] = {
            "name": item.get("name") or "",
            "actionType": action,
            "criteria": canon_criteria(item.get("criteria")),
            "timeRestriction": canon_time_restriction(item.get("timeRestriction")),
            "steps": [canon_step(s) for s in item.get("steps") or [] if isinstance(s, dict)],
            "repeat": canon_repeat(item.get("repeat")),
            "enabled": item.get("enabled", True) is not False,
        }
        if action in SCHEDULE_ACTIONS:
            fields["notificationTime"] = sorted(str(t) for t in item.get("notificationTime") or [])
            names = (canon_ref(s) for s in item.get("schedules") or [])
            fields["schedules"] = sorted(n for n in names if n)
        return fields

    def references(self, fields: dict[str, Any]) -> set[tuple[str, str]]:
        return {("schedule", name) for name in fields.get("schedules") or []}

    def uses(self, fields: dict[str, Any], parent: str) -> set[str]:
        """The contacts (addresses under the same user) the rule's steps notify."""
        return {contact_address(parent, m, t) for m, t in map(step_key, fields.get("steps") or [])}

    def order_group(self, fields: dict[str, Any]) -> str:
        """Order counts among the rules of one action type."""
        return str(fields.get("actionType") or DEFAULT_ACTION)

    def is_opsgenie_default(self, obj: Obj, parent: Obj | None) -> bool:
        return (obj.name, obj.fields.get("actionType")) in OPSGENIE_DEFAULTS

    def to_config(self, fields: dict[str, Any]) -> dict[str, Any]:
        out = dict(fields)
        if "schedules" in out:
            out["schedules"] = [{"name": n} for n in out["schedules"]]
        if out.get("repeat") == canon_repeat(None):
            out.pop("repeat")
        return out

    # -- reading -----------------------------------------------------------------------
    def live(self, rule: dict[str, Any], parent: str) -> Obj:
        """A rule read in full (GET of one rule)."""
        return Obj(
            self.kind,
            str(rule.get("name") or ""),
            self.canonical(rule),
            parent=parent,
            id=rule.get("id"),
            meta={"order": rule.get("order")},
        )

    def summary(self, meta: dict[str, Any], parent: str) -> Obj:
        """A rule known only from the list (name, action type, order): enough to delete or
        order it, never diffed."""
        fields: dict[str, Any] = {
            "name": str(meta.get("name") or ""),
            "actionType": str(meta.get("actionType") or DEFAULT_ACTION),
            "enabled": meta.get("enabled") is not False,
        }
        return Obj(
            self.kind,
            fields["name"],
            fields,
            parent=parent,
            id=meta.get("id"),
            meta={"order": meta.get("order"), "summary": True},
        )

    def read_for_user(
        self, api: Api, user_id: str, parent: str, full: set[str] | None
    ) -> list[Obj]:
        """The user's rules: in full when full is None or names them, otherwise summaries."""
        base = f"/v2/users/{seg(user_id)}/notification-rules"
        metas = api.get(base) or []
        lowered = None if full is None else {n.lower() for n in full}  # names ignore case
        wanted = [m for m in metas if lowered is None or str(m.get("name")).lower() in lowered]
        details = api.map(lambda m: api.get(f"{base}/{seg(str(m['id']))}"), wanted)
        detailed = {str(d.get("id")): d for d in details}
        out: list[Obj] = []
        for meta in metas:
            rule = detailed.get(str(meta.get("id")))
            out.append(self.live(rule, parent) if rule else self.summary(meta, parent))
        return out

    def lookup(self, api: Api, name: str, parent_id: str | None) -> Obj | None:
        base = f"/v2/users/{seg(str(parent_id))}/notification-rules"
        for meta in api.get(base) or []:
            if str(meta.get("name") or "").lower() == name.lower():
                return self.live(api.get(f"{base}/{seg(str(meta['id']))}"), "")
        return None

    # -- writing -----------------------------------------------------------------------
    @staticmethod
    def payload(fields: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
        body: dict[str, Any] = {}
        for key in keys:
            if key not in fields:
                continue
            value = fields[key]
            if key == "schedules":
                value = [{"type": "schedule", "name": n} for n in value]
            body[key] = value
        return body

    def _base(self, ctx: ApplyContext, change: Change) -> str:
        return f"/v2/users/{seg(self.parent_id(ctx, change))}/notification-rules"

    def create(self, ctx: ApplyContext, change: Change) -> str | None:
        assert change.after is not None
        keys = ("name", "actionType", *PATCHED, "steps", "enabled")
        body = self.payload(change.after, keys)
        if body.get("timeRestriction") is None:
            body.pop("timeRestriction", None)  # on update, null clears a restriction
        return self.post_placed(ctx, self._base(ctx, change), body, change)

    def update(self, ctx: ApplyContext, change: Change) -> None:
        assert change.after is not None
        before = change.before or {}
        after = change.after
        ident = str(change.live_id or ctx.id_of(change.address))
        if before.get("actionType", after["actionType"]) != after["actionType"]:
            # Opsgenie cannot change a rule's action type: replace the rule.
            self.delete(ctx, change)
            ctx.remember(change.address, str(self.create(ctx, change)))
            return
        url = f"{self._base(ctx, change)}/{seg(ident)}"
        # `name` changes only in case (a different name is a different rule)
        keys = ("name", *PATCHED)
        patch = {k: after[k] for k in keys if k in after and before.get(k) != after[k]}
        if patch:
            ctx.api.patch(url, self.payload(patch, tuple(patch)))
        if before.get("steps") != after.get("steps"):
            self._reconcile_steps(ctx.api, url, after.get("steps") or [])
        if before.get("enabled") != after.get("enabled"):
            verb = "enable" if after.get("enabled") else "disable"
            ctx.api.post(f"{url}/{verb}", idempotent=True)
        if change.meta.get("order") is not None:
            ctx.api.post(f"{url}/change-order", {"order": change.meta["order"]}, idempotent=True)

    @staticmethod
    def _reconcile_steps(api: Api, url: str, wanted: list[dict[str, Any]]) -> None:
        """Steps through their own endpoints: keep the longest prefix already in order (updated
        in place), append the rest, then delete the live steps no longer kept.

        Steps can only be appended, so a step out of order is replaced.
        """
        live = api.get(f"{url}/steps") or []
        wanted_keys = {step_key(s) for s in wanted}
        candidates = [s for s in live if step_key(s) in wanted_keys]
        kept = 0
        while kept < min(len(candidates), len(wanted)) and step_key(candidates[kept]) == step_key(
            wanted[kept]
        ):
            kept += 1
        for have, want in zip(candidates[:kept], wanted[:kept], strict=True):
            step_url = f"{url}/steps/{seg(str(have['id']))}"
            if duration(have.get("sendAfter")) != want["sendAfter"]:
                api.patch(step_url, {"sendAfter": want["sendAfter"]})
            if (have.get("enabled") is not False) != want["enabled"]:
                verb = "enable" if want["enabled"] else "disable"
                api.post(f"{step_url}/{verb}", idempotent=True)
        for want in wanted[kept:]:
            api.post(f"{url}/steps", want)
        keep_ids = {str(s["id"]) for s in candidates[:kept]}
        for step in live:
            if str(step["id"]) not in keep_ids:
                api.delete(f"{url}/steps/{seg(str(step['id']))}")

    def delete(self, ctx: ApplyContext, change: Change) -> None:
        ctx.api.delete(f"{self._base(ctx, change)}/{seg(str(change.live_id))}")
