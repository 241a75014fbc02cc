"""The contract every kind module fulfils: canonical form, references, reading and writing."""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from ogsync.backend.api import Api
from ogsync.engine.model import Change, Obj
from ogsync.kinds.common import seg

# A reference site in a spec: a path pattern ("*" for every list item) and the kind it names,
# or None when the kind comes from the reference's own `type` (recipients, participants).
RefPattern = tuple[tuple[str, ...], str | None]


@dataclass
class ReadRequest:
    """What the plan needs read: the objects (by match key) whose details and children matter."""

    detailed: dict[str, set[str]] = field(default_factory=dict)
    everything: bool = False

    def wants(self, key: str) -> bool:
        return self.everything or key in self.detailed

    def wants_child(self, key: str, child_kind: str) -> bool:
        return self.everything or child_kind in self.detailed.get(key, set())


class ApplyContext:
    """Shared by the changes of one apply: live ids by address (thread-safe), settings."""

    def __init__(self, api: Api, ids: dict[str, str], settings: dict[str, Any]) -> None:
        self.api = api
        self._ids = dict(ids)
        self._lock = threading.Lock()
        self.settings = settings

    def id_of(self, address: str) -> str | None:
        with self._lock:
            return self._ids.get(address)

    def remember(self, address: str, ident: str) -> None:
        with self._lock:
            self._ids[address] = ident


class Kind(ABC):
    """One kind of object: top-level (user, team, ...) or nested (routing rule, rotation, ...)."""

    kind: ClassVar[str]
    parent_kind: ClassVar[str | None] = None
    list_key: ClassVar[str | None] = None
    ordered: ClassVar[bool] = False
    # Nested lists are authoritative when present; overrides manage only what they declare.
    declared_only: ClassVar[bool] = False
    child_kinds: ClassVar[tuple[str, ...]] = ()
    ref_patterns: ClassVar[tuple[RefPattern, ...]] = ()
    # Fields that mean "not managed" when the config leaves them out (the account decides).
    unmanaged_when_omitted: ClassVar[frozenset[str]] = frozenset()
    # Fields sent on create and never diffed.
    write_only: ClassVar[frozenset[str]] = frozenset()
    name_key: ClassVar[str] = "name"

    def name_of(self, item: dict[str, Any]) -> str:
        value = item.get(self.name_key)
        return str(value) if value is not None else ""

    def match_key(self, name: str) -> str:
        """Identity comparison: exact for names, case-insensitive for usernames."""
        return name

    @abstractmethod
    def canonical(self, item: dict[str, Any]) -> dict[str, Any]:
        """The diffable form of a resolved config item or of a live API object."""

    def references(self, fields: dict[str, Any]) -> set[tuple[str, str]]:
        """(kind, name) of every object the canonical fields name."""
        return set()

    def uses(self, fields: dict[str, Any], parent: str) -> set[str]:
        """Addresses of siblings under the same parent this object needs (a rule's steps use
        the user's contacts; an override its rotations): created first, deleted last."""
        return set()

    def order_group(self, fields: dict[str, Any]) -> str:
        """For an ordered nested kind, the group its order counts within (rules per action
        type); one group by default."""
        return ""

    def made_with_parent(self, fields: dict[str, Any], parent: Obj) -> bool:
        """Opsgenie makes this child itself when it makes the parent (a new user's e-mail
        contact): the plan does not create it again."""
        return False

    def settled(self, fields: dict[str, Any], now: datetime) -> bool:
        """Wholly in the past, and so never touched again (overrides)."""
        return False

    def is_opsgenie_default(self, obj: Obj, parent: Obj | None) -> bool:
        """An object Opsgenie made by itself (left alone unless the config describes it)."""
        return False

    # Exporting (`ogsync export` turns live objects back into config files).
    def to_config(self, fields: dict[str, Any]) -> dict[str, Any]:
        """Canonical fields in the form a config file writes them.

        The exporter rewrites references itself (from `ref_patterns`) and leaves out fields at
        their default; a kind overrides this only where its canonical form differs from the
        config form in another way. Default: the fields unchanged.
        """
        return dict(fields)

    # Reading (top-level kinds read their children too).
    def read(self, api: Api, request: ReadRequest) -> list[Obj]:
        raise NotImplementedError(f"{self.kind} is read by its parent")

    def lookup(self, api: Api, name: str, parent_id: str | None) -> Obj | None:
        """Find one live object by name (after a create whose answer was lost)."""
        return None

    # Writing.
    @abstractmethod
    def create(self, ctx: ApplyContext, change: Change) -> str | None: ...

    @abstractmethod
    def update(self, ctx: ApplyContext, change: Change) -> None: ...

    @abstractmethod
    def delete(self, ctx: ApplyContext, change: Change) -> None: ...

    @staticmethod
    def post_placed(
        ctx: ApplyContext, path: str, body: dict[str, Any], change: Change
    ) -> str | None:
        """Create a nested object, at the place in its ordered list the plan chose (if any);
        the new id, when the answer carries one."""
        if change.meta.get("order") is not None:
            body = {**body, "order": change.meta["order"]}
        data = ctx.api.post(path, body)
        return str(data["id"]) if isinstance(data, dict) and data.get("id") else None

    def parent_id(self, ctx: ApplyContext, change: Change) -> str:
        if change.parent is None:
            raise ValueError(f"{change.address} has no parent")
        ident = ctx.id_of(change.parent)
        if ident is None:
            raise LookupError(f"no live id for {change.parent}")
        return ident


class RestCollection(Kind):
    """A top-level kind kept at one REST collection: POST to create, PATCH and DELETE by id."""

    path: ClassVar[str]

    def payload(self, fields: dict[str, Any]) -> dict[str, Any]:
        """The API body of canonical fields."""
        return dict(fields)

    def create(self, ctx: ApplyContext, change: Change) -> str | None:
        assert change.after is not None
        data = ctx.api.post(self.path, self.payload(change.after))
        return str(data["id"])

    def update(self, ctx: ApplyContext, change: Change) -> None:
        assert change.after is not None
        ident = change.live_id or ctx.id_of(change.address)
        ctx.api.patch(f"{self.path}/{seg(str(ident))}", self.payload(change.after))

    def delete(self, ctx: ApplyContext, change: Change) -> None:
        ctx.api.delete(f"{self.path}/{seg(str(change.live_id))}")
