"""Builds a Plan: matches desired and live objects, diffs canonical forms, orders the changes."""

from __future__ import annotations

import hashlib
import heapq
import json
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from ogsync import address
from ogsync.config.model import Config, Resource
from ogsync.engine.diff import field_changes
from ogsync.engine.live import LiveState
from ogsync.engine.model import Change, FieldChange, Obj, Plan
from ogsync.errors import OgsyncError
from ogsync.kinds import HANDLERS, children_of
from ogsync.kinds.base import Kind
from ogsync.kinds.global_rule import Expansion, Extra, expand
from ogsync.kinds.registry import ORDER


def _uses(handler: Kind, fields: dict[str, Any] | None, parent: str | None) -> set[str]:
    if fields is None or parent is None:
        return set()
    return handler.uses(fields, parent)


@dataclass
class PlanOptions:
    """What shapes a plan beyond the config: pruning and targeting."""

    prune: bool = False
    targets: tuple[str, ...] = ()
    now: datetime | None = None


@dataclass
class Desired:
    """A config object in canonical form, with what ownership rules need."""

    obj: Obj
    res: Resource
    ignore: list[str] = field(default_factory=list)
    children_managed: set[str] = field(default_factory=set)
    write_only: dict[str, Any] = field(default_factory=dict)


def fingerprint(obj: Obj | None) -> str:
    """A stable hash of a live object's identity and canonical form."""
    if obj is None:
        return "absent"
    blob = json.dumps([obj.id, obj.fields], sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def _ignore_paths(res: Resource, config: Config) -> list[str]:
    own = [str(p) for p in res.raw.get("ignoreChanges") or []]
    per_kind = (config.settings.get("ignoreChanges") or {}).get(res.kind) or []
    return own + [str(p) for p in per_kind]


def _drop_paths(fields: dict[str, Any], paths: list[str]) -> dict[str, Any]:
    if not paths:
        return fields
    out = json.loads(json.dumps(fields))
    for path in paths:
        node: Any = out
        steps = path.split(".")
        for step in steps[:-1]:
            node = node.get(step) if isinstance(node, dict) else None
        if isinstance(node, dict):
            node.pop(steps[-1], None)
    return dict(out)


def _project(handler: Kind, desired: dict[str, Any], live: dict[str, Any]) -> dict[str, Any]:
    """The live fields the config manages: unmanaged-when-omitted fields it left out are dropped."""
    return {
        k: v
        for k, v in live.items()
        if not (k in handler.unmanaged_when_omitted and k not in desired)
    }


class Planner:
    """Compares desired objects (config) with live ones and lists the changes."""

    def __init__(self, config: Config, live: LiveState, options: PlanOptions) -> None:
        self.config = config
        self.live = live
        self.options = options
        self.plan = Plan(config_dir=str(config.root.resolve()))
        self.prune = options.prune or config.settings.get("prune") is True
        self.team_defaults = config.settings.get("teamDefaults") or "keep"
        self.expansion = Expansion()
        self._by_lower: dict[str, dict[str, Obj]] = {}
        # Parents handled with their config object: address by (kind, match key).
        self.parents: dict[tuple[str, str], str] = {}

    # -- desired -----------------------------------------------------------------------
    def desired(self, res: Resource) -> Desired:
        handler = HANDLERS[res.kind]
        fields = handler.canonical(res.spec)
        write_only = {k: res.spec[k] for k in handler.write_only if k in res.spec}
        ignore = _ignore_paths(res, self.config)
        children = {c.kind for c in children_of(res.kind) if c.list_key in res.spec}
        return Desired(Obj(res.kind, res.name, fields), res, ignore, children, write_only)

    # -- the plan ----------------------------------------------------------------------
    def build(self, managed: tuple[str, ...]) -> Plan:
        seen: set[str] = set()
        self.expansion = expand(self.config, self.live)
        self.plan.warnings.extend(self.expansion.warnings)
        for res in self.config.resources:
            if res.kind not in managed or res.kind not in HANDLERS or not res.valid:
                continue
            handler = HANDLERS[res.kind]
            key = handler.match_key(res.name)
            seen.add(f"{res.kind}:{key}")
            self.parents[(res.kind, key)] = address.make(res.kind, res.name)
            live = self.live.top(res.kind).get(key)
            if res.absent:
                if live is not None:
                    self._delete(live, note="state: absent")
                continue
            want = self.desired(res)
            previous = None
            if live is None:
                live, previous = self._renamed_from(res, handler)
                if live is not None:
                    seen.add(f"{res.kind}:{handler.match_key(live.name)}")
            self._compare_top(want, live, previous)
        self._expanded_elsewhere()
        self._unmanaged(managed, seen)
        self._refuse_deletes_still_named()
        self._order()
        self._fingerprints()
        if self.options.targets:
            self._target()
        return self.plan

    def _renamed_from(self, res: Resource, handler: Kind) -> tuple[Obj | None, str | None]:
        """The live object this one replaces: a previous name, or the same name in other case
        (Opsgenie keeps names unique without regard to case, so it cannot be another)."""
        top = self.live.top(res.kind)
        for old in res.raw.get("previousNames") or []:
            live = top.get(handler.match_key(str(old)))
            if live is not None:
                return live, live.address
        if res.kind not in self._by_lower:
            self._by_lower[res.kind] = {o.name.lower(): o for o in top.values()}
        live = self._by_lower[res.kind].get(res.name.lower())
        if live is not None:
            return live, live.address
        return None, None

    def _compare_top(self, want: Desired, live: Obj | None, previous: str | None) -> None:
        handler = HANDLERS[want.obj.kind]
        if live is None:
            change = Change("create", want.obj.kind, want.obj.name, None, None, want.obj.fields)
            change.meta["write_only"] = want.write_only
            if want.obj.kind == "team" and self.team_defaults == "delete":
                change.meta["teamDefaults"] = "delete"
                change.notes.append(
                    "teamDefaults: delete: Opsgenie's default schedule and escalation are "
                    "deleted and the default routing rule notifies no one"
                )
            self._add(change)
        else:
            self._update_if_changed(handler, want.obj, live, want.ignore, previous)
        for child in children_of(want.obj.kind):
            if child.kind in want.children_managed:
                self._compare_children(child, want, live)
            else:
                self._compare_extras(child, want.obj, live)

    def _update_if_changed(
        self,
        handler: Kind,
        want: Obj,
        live: Obj,
        ignore: list[str],
        previous: str | None,
        meta: dict[str, Any] | None = None,
    ) -> Change | None:
        after = _drop_paths(want.fields, ignore)
        before = _drop_paths(_project(handler, want.fields, live.fields), ignore)
        fields = field_changes(before, after)
        if not fields and previous is None and not meta:
            return None
        change = Change(
            "update",
            want.kind,
            want.name,
            want.parent,
            before,
            after,
            fields,
            previous_address=previous,
            live_id=live.id,
            meta=dict(meta or {}),
        )
        change.meta.setdefault("isDefault", bool(live.meta.get("isDefault")))
        return self._add(change)

    # -- nested lists ------------------------------------------------------------------
    def _compare_children(self, child: Kind, want: Desired, live_parent: Obj | None) -> None:
        parent_addr = want.obj.address
        items = [i for i in want.res.spec.get(child.list_key or "", []) if isinstance(i, dict)]
        prefix = f"{child.list_key}."
        ignore = [p[len(prefix) :] for p in want.ignore if p.startswith(prefix)]
        live_children = self.live.children(live_parent.address, child.kind) if live_parent else []
        live_children = _same_name_in_other_case(live_children, [child.name_of(i) for i in items])
        by_name = {c.name: c for c in live_children if not c.meta.get("isDefault")}
        default = next((c for c in live_children if c.meta.get("isDefault")), None)
        desired: list[Obj] = []
        default_item: dict[str, Any] | None = None
        for i, item in enumerate(items):
            if child.ordered and item.get("isDefault") and i == len(items) - 1:
                default_item = item
                continue
            fields = child.canonical(item)
            if self._settled(child, fields, by_name.get(child.name_of(item))):
                continue
            if live_parent is None and child.made_with_parent(fields, want.obj):
                continue
            desired.append(Obj(child.kind, child.name_of(item), fields, parent=parent_addr))
        extras = [
            e for e in self._extras_for(child, want.obj) if e.name not in {d.name for d in desired}
        ]
        wanted_names = {d.name for d in desired} | {e.name for e in extras}
        deleted: set[str] = set()
        if not child.declared_only:
            for name, obj in by_name.items():
                if name not in wanted_names and not child.is_opsgenie_default(obj, live_parent):
                    self._delete(obj, parent=parent_addr)
                    deleted.add(name)
        if child.ordered:
            self._ordered_children(child, desired, by_name, live_children, ignore, deleted)
        else:
            for obj in desired:
                self._child(child, obj, by_name.get(obj.name), ignore, None)
        for extra in extras:
            self._extra_child(child, extra, parent_addr, by_name.get(extra.name))
        if default_item is not None and default is not None:
            fields = child.canonical({**default_item, "name": default.name})
            fields.pop("timezone", None)
            want_default = Obj(child.kind, default.name, fields, parent=parent_addr)
            self._update_if_changed(child, want_default, default, ignore, None)
        elif default_item is not None and live_parent is None:
            self._default_of_new_parent(child, default_item, parent_addr)

    def _default_of_new_parent(self, child: Kind, item: dict[str, Any], parent: str) -> None:
        """Opsgenie makes the default child with the parent (a team's default routing rule):
        the plan updates it right after the create, finding it when the parent exists."""
        name = child.name_of(item) or "default"
        fields = child.canonical({**item, "name": name})
        fields.pop("timezone", None)
        after = {k: v for k, v in fields.items() if k != "name"}
        changes = [FieldChange(k, None, v) for k, v in after.items() if v is not None]
        self._add(
            Change(
                "update",
                child.kind,
                name,
                parent,
                None,
                after,
                changes,
                meta={"isDefault": True, "made_by_parent": True},
                notes=["Opsgenie makes this default rule with the team; it is updated after"],
            )
        )

    def _settled(self, child: Kind, fields: dict[str, Any], live: Obj | None) -> bool:
        """An object wholly in the past on either side (an old override) is never touched."""
        now = self.options.now
        if now is None:
            return False
        return child.settled(fields, now) or (live is not None and child.settled(live.fields, now))

    # -- children that expansions (global notification rules) add ----------------------
    def _extras_for(self, child: Kind, parent: Obj) -> list[Extra]:
        key = HANDLERS[parent.kind].match_key(parent.name)
        return self.expansion.for_parent(parent.kind, key, child.kind)

    def _extra_child(self, child: Kind, extra: Extra, parent: str, live: Obj | None) -> None:
        """A child an expansion wants: created or updated, its position not managed."""
        obj = Obj(child.kind, extra.name, extra.fields, parent=parent)
        change = self._child(child, obj, live, [], None)
        if change is not None:
            change.notes.append(extra.note)

    def _compare_extras(self, child: Kind, parent: Obj, live_parent: Obj | None) -> None:
        """Expansion children of a parent whose own list of that kind is not managed."""
        extras = self._extras_for(child, parent)
        if not extras:
            return
        live_children = self.live.children(live_parent.address, child.kind) if live_parent else []
        by_name = {c.name: c for c in live_children}
        for extra in extras:
            self._extra_child(child, extra, parent.address, by_name.get(extra.name))

    def _expanded_elsewhere(self) -> None:
        """Expansion children of live parents the config does not describe, and the live
        children an expansion takes away."""
        for child in HANDLERS.values():
            if child.parent_kind is None:
                continue
            for key in self.expansion.parents(child.parent_kind, child.kind):
                if (child.parent_kind, key) in self.parents:
                    continue
                live_parent = self.live.top(child.parent_kind).get(key)
                if live_parent is not None:
                    self._compare_extras(child, live_parent, live_parent)
        planned = {c.key for c in self.plan.changes}
        for obj, note in self.expansion.deletes:
            parent = self._parent_address(obj)
            if f"delete:{parent}" in planned:
                continue
            if f"delete:{address.make(obj.kind, obj.name, parent)}" not in planned:
                self._delete(obj, note=note, parent=parent)

    def _parent_address(self, obj: Obj) -> str | None:
        """The address the plan uses for a live child's parent (the config's spelling)."""
        if obj.parent is None:
            return None
        kind, name = address.split(obj.parent)[-1]
        handler = HANDLERS.get(kind)
        key = handler.match_key(name) if handler else name
        return self.parents.get((kind, key), obj.parent)

    def _child(
        self,
        child: Kind,
        obj: Obj,
        live: Obj | None,
        ignore: list[str],
        meta: dict[str, Any] | None,
    ) -> Change | None:
        if live is None:
            change = Change("create", child.kind, obj.name, obj.parent, None, obj.fields)
            change.meta.update(meta or {})
            return self._add(change)
        return self._update_if_changed(child, obj, live, ignore, None, meta)

    def _ordered_children(
        self,
        child: Kind,
        desired: list[Obj],
        by_name: dict[str, Obj],
        live_children: list[Obj],
        ignore: list[str],
        deleted: set[str],
    ) -> None:
        """Creates at their place and change-order moves, simulated so the final order matches.

        Order counts within a group (all siblings, or e.g. rules of one action type). Live
        siblings that stay but are not listed (Opsgenie's defaults, rules of a global rule)
        keep their places, and the listed ones are placed around them.
        """
        group = child.order_group
        own = {d.name for d in desired}
        by_order = sorted(live_children, key=lambda c: c.meta.get("order") or 0)
        previous: Change | None = None
        for name in dict.fromkeys(group(d.fields) for d in desired):
            members = [d for d in desired if group(d.fields) == name]
            wanted = {d.name for d in members}
            current = [
                c.name
                for c in by_order
                if not c.meta.get("isDefault")
                and c.name not in deleted
                and group(c.fields) == name
                and (c.name in wanted or c.name not in own)
            ]
            for index, obj in enumerate(members):
                meta = _placement(current, members, index, wanted)
                live = by_name.get(obj.name)
                change = self._child(child, obj, live, ignore, meta)
                if change is not None and meta.get("order_before") is not None:
                    change.fields.append(_order_field(meta["order_before"], meta["order"]))
                if change is not None:
                    if previous is not None:
                        change.depends_on.add(previous.key)
                    previous = change

    # -- deletes, unmanaged ------------------------------------------------------------
    def _delete(self, live: Obj, *, note: str = "", parent: str | None = None) -> None:
        change = Change(
            "delete",
            live.kind,
            live.name,
            parent or live.parent,
            live.fields,
            None,
            [],
            live_id=live.id,
        )
        if note:
            change.notes.append(note)
        self._add(change)

    def _unmanaged(self, managed: tuple[str, ...], seen: set[str]) -> None:
        for kind in managed:
            handler = HANDLERS[kind]
            for key, obj in sorted(self.live.top(kind).items()):
                if f"{kind}:{key}" in seen or handler.is_opsgenie_default(obj, None):
                    continue
                if self.prune:
                    self._delete(obj, note="not in the config (prune)")
                else:
                    self.plan.unmanaged.append(obj.address)

    def _add(self, change: Change) -> Change:
        self.plan.changes.append(change)
        return change

    # -- ordering ----------------------------------------------------------------------
    def _refuse_deletes_still_named(self) -> None:
        """A top-level object is deleted only once nothing live still names it after this plan
        (Opsgenie would answer 428 half-way through an apply)."""
        doomed = {
            (c.kind, c.name): c.address
            for c in self.plan.changes
            if c.action == "delete" and c.parent is None
        }
        if not doomed:
            return
        changes = {c.previous_address or c.address: c for c in self.plan.changes}
        gone = {addr for addr in doomed.values()}
        blocked: dict[str, set[str]] = {}
        for obj in self.live.objects.values():
            change = changes.get(obj.address)
            if obj.parent in gone or (change is not None and change.action == "delete"):
                continue
            if obj.parent is None and HANDLERS[obj.kind].is_opsgenie_default(obj, None):
                continue  # a team's own schedule and escalation go with the team
            after = {**obj.fields, **(change.after or {})} if change is not None else obj.fields
            for ref in HANDLERS[obj.kind].references(after):
                if ref in doomed and obj.address != doomed[ref]:
                    blocked.setdefault(doomed[ref], set()).add(obj.address)
        if blocked:
            reasons = "; ".join(
                f"{addr} is still named by {', '.join(sorted(users))}"
                for addr, users in sorted(blocked.items())
            )
            raise OgsyncError(
                f"cannot delete what the account still uses: {reasons}; "
                "remove those references in the config (or in the account) first"
            )

    def _order(self) -> None:
        """Dependencies from references, then a stable topological order."""
        changes = self.plan.changes
        by_target: dict[tuple[str, str], list[Change]] = {}
        for c in changes:
            if c.parent is None and c.action in ("create", "update"):
                by_target.setdefault((c.kind, c.name), []).append(c)
        creates = {c.address: c for c in changes if c.action == "create"}
        for c in changes:
            handler = HANDLERS[c.kind]
            if c.after is not None:
                for ref in handler.references(c.after):
                    for dep in by_target.get(ref, []):
                        if dep.action == "create" or dep.previous_address:
                            c.depends_on.add(dep.key)
            if c.parent is not None and c.parent in creates:
                c.depends_on.add(creates[c.parent].key)
            for used in _uses(handler, c.after, c.parent):
                if used in creates:
                    c.depends_on.add(creates[used].key)
        self._siblings_first(changes)
        pointing: dict[tuple[str, str], list[Change]] = {}
        for other in changes:
            if other.action != "create" and other.before is not None:
                for ref in HANDLERS[other.kind].references(other.before):
                    pointing.setdefault(ref, []).append(other)
        for c in changes:
            if c.action != "delete":
                continue
            for other in pointing.get((c.kind, c.name), []) if c.parent is None else []:
                if other is not c:
                    c.depends_on.add(other.key)
            recreate = creates.get(c.address)  # a delete and re-create of the same address
            if recreate is not None:
                recreate.depends_on.add(c.key)
        self.plan.changes = _toposort(changes)

    @staticmethod
    def _siblings_first(changes: list[Change]) -> None:
        """Nested deletes wait for the sibling changes that stop using the deleted object, and
        placed (ordered) changes wait for their siblings' deletes, so that positions hold."""
        users_of: dict[str, list[Change]] = {}
        deletes: dict[tuple[str, str], list[str]] = {}
        for c in changes:
            if c.action != "create":
                for used in _uses(HANDLERS[c.kind], c.before, c.parent):
                    users_of.setdefault(used, []).append(c)
            if c.action == "delete" and c.parent is not None:
                deletes.setdefault((c.parent, c.kind), []).append(c.key)
        for c in changes:
            if c.action == "delete":
                c.depends_on.update(o.key for o in users_of.get(c.address, []) if o is not c)
            elif c.parent is not None and c.meta.get("order") is not None:
                c.depends_on.update(k for k in deletes.get((c.parent, c.kind), []) if k != c.key)

    def _fingerprints(self) -> None:
        for c in self.plan.changes:
            live = self.live.objects.get(c.previous_address or c.address)
            self.plan.fingerprints[c.previous_address or c.address] = fingerprint(live)
            if c.after is not None:
                for kind, name in HANDLERS[c.kind].references(c.after):
                    addr = address.make(kind, name)
                    self.plan.fingerprints.setdefault(
                        addr, fingerprint(self.live.objects.get(addr))
                    )

    def _target(self) -> None:
        """Keep the targeted changes and everything they depend on."""
        keep: set[str] = set()
        by_key = {c.key: c for c in self.plan.changes}
        stack = [
            c.key
            for c in self.plan.changes
            if any(c.address == t or c.address.startswith(t + "/") for t in self.options.targets)
        ]
        while stack:
            key = stack.pop()
            if key in keep:
                continue
            keep.add(key)
            stack.extend(by_key[key].depends_on & by_key.keys())
        self.plan.changes = [c for c in self.plan.changes if c.key in keep]
        for target in self.options.targets:
            if not any(
                c.address == target or c.address.startswith(target + "/") for c in self.plan.changes
            ):
                self.plan.warnings.append(f"--target {target} matches no change in this plan")
        self.plan.warnings.append(
            "targeting is in effect: only "
            + ", ".join(self.options.targets)
            + " and what they need are planned; the rest of the account may still differ"
        )


def _placement(
    current: list[str], members: list[Obj], index: int, wanted: set[str]
) -> dict[str, Any]:
    """Move members[index] (in the simulated list `current`) to follow members[index - 1];
    the meta of its change: `{}` when already in place, else the new `order` (and the old)."""
    name = members[index].name
    rank = [n for n in current if n in wanted]
    if name in current and rank.index(name) == index:
        return {}
    before = current.index(name) if name in current else None
    if before is not None:
        current.remove(name)
    if index == 0:
        firsts = [i for i, n in enumerate(current) if n in wanted]
        target = firsts[0] if firsts else 0
    else:
        target = current.index(members[index - 1].name) + 1
    current.insert(target, name)
    return {"order": target, "order_before": before}


def _order_field(before: int, after: int) -> Any:
    from ogsync.engine.model import FieldChange

    return FieldChange("order", before, after)


def _rank(c: Change) -> tuple[int, int, str]:
    kind = c.kind if c.parent is None else HANDLERS[c.kind].parent_kind or c.kind
    base = ORDER.index(kind) if kind in ORDER else len(ORDER)
    nested = 0 if c.parent is None else 1
    if c.action == "delete":
        return (2, -base, c.address)
    return (nested, base, c.address)


def _same_name_in_other_case(live: list[Obj], names: list[str]) -> list[Obj]:
    """Live children seen under the listed name they match without regard to case (Opsgenie
    keeps names unique that way): "New Alert" live and "new alert" listed is a rename of that
    one, not a second rule that Opsgenie would refuse."""
    exact = {c.name for c in live}
    wanted = {n.lower(): n for n in names if n and n not in exact}
    out: list[Obj] = []
    for obj in live:
        name = wanted.get(obj.name.lower())
        if name is not None and obj.name not in names and not obj.meta.get("isDefault"):
            obj = replace(obj, name=name)
        out.append(obj)
    return out


def _toposort(changes: list[Change]) -> list[Change]:
    """Kahn's algorithm; among the changes ready at once, DESIGN's kind order decides."""
    by_key = {c.key: c for c in changes}
    waiting = {c.key: len({d for d in c.depends_on if d in by_key}) for c in changes}
    dependents: dict[str, list[str]] = {}
    for c in changes:
        for d in {d for d in c.depends_on if d in by_key}:
            dependents.setdefault(d, []).append(c.key)
    ready = [(_rank(c), c.key) for c in changes if waiting[c.key] == 0]
    heapq.heapify(ready)
    ordered: list[Change] = []
    while ready:
        _, key = heapq.heappop(ready)
        ordered.append(by_key[key])
        for nxt in dependents.get(key, []):
            waiting[nxt] -= 1
            if waiting[nxt] == 0:
                heapq.heappush(ready, (_rank(by_key[nxt]), nxt))
    if len(ordered) != len(changes):
        cycle = ", ".join(sorted(k for k, n in waiting.items() if n))
        raise OgsyncError(f"the changes depend on each other in a cycle: {cycle}")
    return ordered
