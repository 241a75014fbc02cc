"""References by id, name or slug: resolved against the config first, then the live account."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ogsync import address
from ogsync.config.model import Config, Resource
from ogsync.config.yamlsafe import JsonPath
from ogsync.diagnostics import Diagnostic
from ogsync.kinds import HANDLERS
from ogsync.kinds.base import RefPattern

NAMED_KINDS = ("user", "team", "schedule", "escalation")


@dataclass(frozen=True)
class Candidate:
    """Something a reference may name: a config object or a live one."""

    kind: str
    name: str
    id: str | None
    where: str


class _Index:
    """Candidates of one kind from one source, by id, exact name, lower-case name and slug."""

    def __init__(self) -> None:
        self.by_id: dict[str, Candidate] = {}
        self.tiers: tuple[dict[str, list[Candidate]], ...] = ({}, {}, {})

    def add(self, cand: Candidate, aliases: tuple[str, ...] = ()) -> None:
        """Index a candidate by its name, and by aliases that also lead to it."""
        if cand.id is not None:
            self.by_id[cand.id] = cand
        exact, lower, slug = self.tiers
        for name in (cand.name, *aliases):
            exact.setdefault(name, []).append(cand)
            lower.setdefault(name.lower(), []).append(cand)
            for form in address.slugs(name):
                slug.setdefault(form, []).append(cand)

    def find(self, value: str) -> list[list[Candidate]]:
        exact, lower, slug = self.tiers
        return [exact.get(value, []), lower.get(value.lower(), []), slug.get(value.lower(), [])]


@dataclass
class Resolver:
    """Resolution in DESIGN's order: id, exact name, case-insensitive name, slug."""

    config: dict[str, _Index] = field(default_factory=dict)
    live: dict[str, _Index] = field(default_factory=dict)
    absent: set[tuple[str, str]] = field(default_factory=set)

    @classmethod
    def from_config(cls, config: Config) -> Resolver:
        resolver = cls()
        for res in config.resources:
            if res.kind in NAMED_KINDS and res.name:
                cand = Candidate(res.kind, res.name, None, str(res.pos()))
                # A reference by a previous name follows the rename.
                old = tuple(str(n) for n in res.raw.get("previousNames") or [] if n)
                resolver.config.setdefault(res.kind, _Index()).add(cand, old)
                if res.absent:
                    resolver.absent.add((res.kind, res.name))
        return resolver

    def add_live(self, kind: str, name: str, ident: str | None) -> None:
        cand = Candidate(kind, name, ident, "the live account")
        self.live.setdefault(kind, _Index()).add(cand)

    def resolve(self, kind: str, value: str) -> tuple[str | None, str | None]:
        """(name, None) when found, (None, error) when ambiguous, (None, None) when unknown."""
        live = self.live.get(kind)
        if live is not None and value in live.by_id:
            return live.by_id[value].name, None
        for source in (self.config.get(kind), live):
            if source is None:
                continue
            for found in source.find(value):
                unique = _unique_by_name(found)
                if len(unique) == 1:
                    return unique[0].name, None
                if len(unique) > 1:
                    listed = " and ".join(f"{c.name!r} ({c.where})" for c in unique)
                    return None, f"{kind} reference {value!r} is ambiguous: it matches {listed}"
        return None, None


def _unique_by_name(cands: list[Candidate]) -> list[Candidate]:
    seen: dict[str, Candidate] = {}
    for c in cands:
        seen.setdefault(c.name if c.kind != "user" else c.name.lower(), c)
    return list(seen.values())


@dataclass
class RefSite:
    """One reference inside a resource's spec."""

    path: JsonPath
    kind: str
    value: str
    ref: dict[str, Any] | str
    typed: bool


def ref_sites(res: Resource) -> Iterator[RefSite]:
    handler = HANDLERS.get(res.kind)
    patterns: tuple[RefPattern, ...] = handler.ref_patterns if handler else ()
    for pattern, kind in patterns:
        for path, ref in _walk(res.spec, pattern, ()):
            site = _site(path, ref, kind)
            if site is not None:
                yield site


def _walk(node: Any, pattern: tuple[str, ...], path: JsonPath) -> Iterator[tuple[JsonPath, Any]]:
    if not pattern:
        yield path, node
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        if isinstance(node, list):
            for i, item in enumerate(node):
                yield from _walk(item, rest, (*path, i))
    elif isinstance(node, dict) and head in node:
        yield from _walk(node[head], rest, (*path, head))


def _site(path: JsonPath, ref: Any, kind: str | None) -> RefSite | None:
    typed = kind is None
    if isinstance(ref, dict):
        target = ref.get("type") if typed else kind
        if target not in NAMED_KINDS:
            return None
        value = ref.get("id") or ref.get("username") or ref.get("name")
    else:
        target, value = kind, ref
    if not isinstance(value, str) or not value or target is None:
        return None
    return RefSite(path, str(target), value, ref, typed)


def _rewrite(res: Resource, site: RefSite, name: str) -> None:
    key = "username" if site.kind == "user" else "name"
    new: dict[str, Any] = {"type": site.kind, key: name} if site.typed else {key: name}
    parent: Any = res.spec
    for step in site.path[:-1]:
        parent = parent[step]
    parent[site.path[-1]] = new


def resolve_references(config: Config, resolver: Resolver, *, offline: bool) -> list[Diagnostic]:
    """Rewrite every reference in every spec to the name it resolves to.

    Unknown references are warnings offline (they may exist live) and errors otherwise.
    """
    found: list[Diagnostic] = []
    for res in config.resources:
        if res.absent:
            continue
        for site in ref_sites(res):
            name, problem = resolver.resolve(site.kind, site.value)
            where = res.pos(site.path)
            if problem:
                found.append(Diagnostic("error", problem, where, res.address))
            elif name is None:
                if offline:
                    msg = (
                        f"{site.kind} {site.value!r} is not defined in the config; "
                        "it must exist in the account"
                    )
                    found.append(Diagnostic("warning", msg, where, res.address))
                else:
                    msg = (
                        f"{site.kind} {site.value!r} exists neither in the config "
                        "nor in the account"
                    )
                    found.append(Diagnostic("error", msg, where, res.address))
            elif (site.kind, name) in resolver.absent:
                msg = f"{site.kind} {name!r} is deleted by this config (state: absent), yet named"
                found.append(Diagnostic("error", msg, where, res.address))
            else:
                _rewrite(res, site, name)
    return found


# References that page: an escalation notifies a schedule, a schedule's rotation puts an
# escalation on call. A cycle among them pages in a loop, and neither side can be created
# first with the reference in place, so it is an error.
PAGING: dict[str, tuple[str, ...]] = {
    "escalation": ("rules", "*", "recipient"),
    "schedule": ("rotations", "*", "participants", "*"),
}


def reference_cycles(config: Config) -> list[Diagnostic]:
    """Every cycle of paging references (escalation -> schedule -> escalation ...)."""
    edges: dict[tuple[str, str], list[tuple[tuple[str, str], Resource, JsonPath]]] = {}
    for res in config.resources:
        pattern = PAGING.get(res.kind)
        if pattern is None or res.absent or not res.valid:
            continue
        for path, ref in _walk(res.spec, pattern, ()):
            site = _site(path, ref, None)
            if site is not None and site.kind in PAGING:
                target = (site.kind, str(ref.get("name") or site.value))
                edges.setdefault((res.kind, res.name), []).append((target, res, path))
    found: list[Diagnostic] = []
    reported: set[frozenset[tuple[str, str]]] = set()
    for start in sorted(edges):
        for cycle, (res, path) in _cycles_from(start, edges):
            key = frozenset(cycle)
            if key in reported:
                continue
            reported.add(key)
            loop = " -> ".join(address.make(k, n) for k, n in [*cycle, cycle[0]])
            found.append(
                Diagnostic("error", f"reference cycle: {loop}", res.pos(path), res.address)
            )
    return found


def _cycles_from(
    start: tuple[str, str],
    edges: dict[tuple[str, str], list[tuple[tuple[str, str], Resource, JsonPath]]],
) -> Iterator[tuple[list[tuple[str, str]], tuple[Resource, JsonPath]]]:
    """Cycles through start, each with the place of its first reference."""
    Step = tuple[tuple[str, str], list[tuple[str, str]], tuple[Resource, JsonPath] | None]
    stack: list[Step] = [(start, [start], None)]
    while stack:
        node, trail, first = stack.pop()
        for target, res, path in edges.get(node, []):
            where = first or (res, path)
            if target == start:
                yield trail, where
            elif target not in trail:
                stack.append((target, [*trail, target], where))
