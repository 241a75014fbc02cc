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


@dataclass
class Resolver:
    """Resolution in DESIGN's order: id, exact name, case-insensitive name, slug."""

    config: dict[str, list[Candidate]] = field(default_factory=dict)
    live: dict[str, list[Candidate]] = field(default_factory=dict)
    absent: set[tuple[str, str]] = field(default_factory=set)

    @classmethod
    def from_config(cls, config: Config) -> Resolver:
        resolver = cls()
        for res in config.resources:
            if res.kind in NAMED_KINDS and res.name:
                where = str(res.pos())
                resolver.config.setdefault(res.kind, []).append(
                    Candidate(res.kind, res.name, None, where)
                )
                if res.absent:
                    resolver.absent.add((res.kind, res.name))
        return resolver

    def add_live(self, kind: str, name: str, ident: str | None) -> None:
        self.live.setdefault(kind, []).append(Candidate(kind, name, ident, "the live account"))

    def resolve(self, kind: str, value: str) -> tuple[str | None, str | None]:
        """(name, None) when found, (None, error) when ambiguous, (None, None) when unknown."""
        for cand in self.live.get(kind, []):
            if cand.id is not None and cand.id == value:
                return cand.name, None
        tiers = (
            lambda c: c.name == value,
            lambda c: c.name.lower() == value.lower(),
            lambda c: value.lower() in address.slugs(c.name),
        )
        for source in (self.config.get(kind, []), self.live.get(kind, [])):
            for test in tiers:
                found = _unique_by_name([c for c in source if test(c)])
                if len(found) == 1:
                    return found[0].name, None
                if len(found) > 1:
                    listed = " and ".join(f"{c.name!r} ({c.where})" for c in found)
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
