"""Escalation policies: ordered rules with delays and recipients, and repeat (`/v2/escalations`)."""

from __future__ import annotations

from typing import Any, ClassVar

from ogsync.backend.api import Api
from ogsync.engine.model import Obj
from ogsync.kinds.base import ReadRequest, RefPattern, RestCollection
from ogsync.kinds.common import canon_recipient, canon_ref, duration
from ogsync.kinds.schedule import owner_payload, typed_references

REPEAT_DEFAULTS: dict[str, Any] = {
    "waitInterval": 0,
    "count": 0,
    "resetRecipientStates": False,
    "closeAlertAfterAll": False,
}


class Escalation(RestCollection):
    kind = "escalation"
    path = "/v2/escalations"
    ref_patterns: ClassVar[tuple[RefPattern, ...]] = (
        (("ownerTeam",), "team"),
        (("rules", "*", "recipient"), None),
    )
    unmanaged_when_omitted = frozenset({"ownerTeam"})

    def canonical(self, item: dict[str, Any]) -> dict[str, Any]:
        rules = [
            {
                "condition": r.get("condition") or "if-not-acked",
                "notifyType": r.get("notifyType") or "default",
                "delay": duration(r.get("delay")),
                "recipient": canon_recipient(r.get("recipient")),
            }
            for r in item.get("rules") or []
        ]
        repeat = item.get("repeat") or {}
        fields: dict[str, Any] = {
            "name": item.get("name"),
            "description": item.get("description") or "",
            "rules": rules,
            "repeat": {k: repeat.get(k) or d for k, d in REPEAT_DEFAULTS.items()},
        }
        owner = canon_ref(item.get("ownerTeam"))
        if owner:
            fields["ownerTeam"] = owner
        return fields

    def references(self, fields: dict[str, Any]) -> set[tuple[str, str]]:
        refs = typed_references([r["recipient"] for r in fields.get("rules") or []])
        if fields.get("ownerTeam"):
            refs.add(("team", fields["ownerTeam"]))
        return refs

    def is_opsgenie_default(self, obj: Obj, parent: Obj | None) -> bool:
        owner = obj.fields.get("ownerTeam")
        return bool(owner) and obj.name == f"{owner}_escalation"

    def read(self, api: Api, request: ReadRequest) -> list[Obj]:
        return [
            Obj("escalation", e["name"], self.canonical(e), id=e["id"])
            for e in api.get("/v2/escalations") or []
        ]

    def lookup(self, api: Api, name: str, parent_id: str | None) -> Obj | None:
        for obj in self.read(api, ReadRequest()):
            if obj.name.lower() == name.lower():  # Opsgenie names ignore case
                return obj
        return None

    def payload(self, fields: dict[str, Any]) -> dict[str, Any]:
        return owner_payload(fields)
