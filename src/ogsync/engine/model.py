"""The Plan model: canonical objects, field changes, changes and the plan that holds them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from ogsync import address

Action = Literal["create", "update", "delete"]


@dataclass
class Obj:
    """One object (top-level or nested) in canonical form, desired or live.

    `fields` is what the diff compares: references by name, defaults filled, unordered lists
    sorted. `id` and `meta` carry what the backend needs and are never diffed.
    """

    kind: str
    name: str
    fields: dict[str, Any]
    parent: str | None = None
    id: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def address(self) -> str:
        return address.make(self.kind, self.name, self.parent)


@dataclass
class FieldChange:
    """One changed field path with its value before and after."""

    path: str
    before: Any
    after: Any

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "before": self.before, "after": self.after}


@dataclass
class Change:
    """A create, update or delete of one object, with what the apply needs to carry it out."""

    action: Action
    kind: str
    name: str
    parent: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    fields: list[FieldChange] = field(default_factory=list)
    previous_address: str | None = None
    live_id: str | None = None
    depends_on: set[str] = field(default_factory=set)
    meta: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def address(self) -> str:
        return address.make(self.kind, self.name, self.parent)

    @property
    def key(self) -> str:
        """Unique within a plan: an object can be both deleted and re-created (method change)."""
        return f"{self.action}:{self.address}"

    def to_json(self) -> dict[str, Any]:
        return {
            "address": self.address,
            "kind": self.kind,
            "name": self.name,
            "parent": self.parent,
            "previous_address": self.previous_address,
            "change": {
                "actions": [self.action],
                "before": self.before,
                "after": self.after,
                "fields": [f.to_json() for f in self.fields],
            },
            "notes": list(self.notes),
        }


@dataclass
class Summary:
    add: int = 0
    change: int = 0
    destroy: int = 0

    @property
    def total(self) -> int:
        return self.add + self.change + self.destroy

    def line(self) -> str:
        return f"Plan: {self.add} to add, {self.change} to change, {self.destroy} to destroy."


@dataclass
class Plan:
    """Everything a plan found: the changes in apply order, unmanaged objects, warnings."""

    changes: list[Change] = field(default_factory=list)
    unmanaged: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    fingerprints: dict[str, str] = field(default_factory=dict)
    config_dir: str = ""
    reads: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    @property
    def summary(self) -> Summary:
        s = Summary()
        for c in self.changes:
            if c.action == "create":
                s.add += 1
            elif c.action == "update":
                s.change += 1
            else:
                s.destroy += 1
        return s

    @property
    def empty(self) -> bool:
        return not self.changes
