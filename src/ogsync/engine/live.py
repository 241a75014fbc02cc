"""Reading the live account: only the kinds needed, details only for objects the config names."""

from __future__ import annotations

import fnmatch
from collections.abc import Callable
from dataclasses import dataclass, field

from ogsync.backend.api import Api
from ogsync.config.model import Config
from ogsync.config.references import ref_sites
from ogsync.engine.model import Obj
from ogsync.kinds import HANDLERS, TOP_LEVEL, children_of
from ogsync.kinds.base import ReadRequest


@dataclass
class LiveState:
    """Every live object read, by address, with top-level objects indexed by match key."""

    objects: dict[str, Obj] = field(default_factory=dict)
    kinds_read: tuple[str, ...] = ()
    _top: dict[str, dict[str, Obj]] | None = None
    _children: dict[tuple[str, str], list[Obj]] | None = None

    def _index(self) -> None:
        self._top, self._children = {}, {}
        for obj in self.objects.values():
            if obj.parent is None:
                key = HANDLERS[obj.kind].match_key(obj.name)
                self._top.setdefault(obj.kind, {})[key] = obj
            else:
                self._children.setdefault((obj.parent, obj.kind), []).append(obj)

    def changed(self) -> None:
        """Drop the indexes after objects were added or removed."""
        self._top = self._children = None

    def top(self, kind: str) -> dict[str, Obj]:
        if self._top is None:
            self._index()
        assert self._top is not None
        return self._top.get(kind, {})

    def children(self, parent: str, kind: str) -> list[Obj]:
        if self._children is None:
            self._index()
        assert self._children is not None
        return self._children.get((parent, kind), [])


@dataclass
class DependentRead(ReadRequest):
    """A ReadRequest whose full scope shows only once the first pass is read (e.g. the users a
    global notification rule selects through live team members).

    `follow_up` runs after the first pass; it reads what else is needed into the state and
    records it in the requests (so that a saved plan re-reads the same).
    """

    follow_up: Callable[[Api, LiveState], None] | None = None


def managed_kinds(config: Config) -> tuple[str, ...]:
    """`kinds:` from ogsync.yaml, else the kinds present in the tree (that ogsync can manage)."""
    listed = config.settings.get("kinds")
    kinds = list(listed) if isinstance(listed, list) else config.kinds_present()
    return tuple(k for k in TOP_LEVEL if k in kinds)


def read_requests(config: Config, managed: tuple[str, ...]) -> dict[str, ReadRequest]:
    """Per kind to read: the objects whose details and nested lists the plan compares."""
    requests: dict[str, ReadRequest] = {k: ReadRequest() for k in managed}
    for res in config.resources:
        if res.kind not in HANDLERS or not res.valid:
            continue
        for site in ref_sites(res):
            requests.setdefault(site.kind, ReadRequest())
        if res.kind not in requests:
            continue
        handler = HANDLERS[res.kind]
        wanted = {c.kind for c in children_of(res.kind) if c.list_key in res.spec}
        names = [res.name, *[str(n) for n in res.raw.get("previousNames") or []]]
        for name in names:
            requests[res.kind].detailed[handler.match_key(name)] = wanted
    # Imported here: the expansion hooks build on this module.
    from ogsync.kinds.global_rule import add_expansion_reads

    add_expansion_reads(config, requests)
    return requests


def read_live(api: Api, requests: dict[str, ReadRequest]) -> LiveState:
    kinds = [k for k in TOP_LEVEL if k in requests]
    batches = api.map(lambda k: HANDLERS[k].read(api, requests[k]), kinds)
    state = LiveState(kinds_read=tuple(kinds))
    for batch in batches:
        for obj in batch:
            state.objects[obj.address] = obj
    for kind in kinds:
        request = requests[kind]
        if isinstance(request, DependentRead) and request.follow_up is not None:
            request.follow_up(api, state)
            state.changed()
    return state


def hide_ignored(state: LiveState, patterns: list[str]) -> None:
    """Take live objects matching `ignore:` patterns (and their children) out of view."""
    if not patterns:
        return
    hidden = {
        addr
        for addr, obj in state.objects.items()
        if obj.parent is None and any(fnmatch.fnmatchcase(addr, p) for p in patterns)
    }
    for addr in list(state.objects):
        obj = state.objects[addr]
        if addr in hidden or (obj.parent is not None and obj.parent in hidden):
            del state.objects[addr]
    state.changed()
