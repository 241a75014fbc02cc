"""The library API behind the CLI: load, validate, plan, apply, export, oncall."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ogsync.backend.api import Api
from ogsync.config import checks, schema
from ogsync.config.model import Config
from ogsync.config.normalise import normalise
from ogsync.config.references import Resolver, reference_cycles, resolve_references
from ogsync.config.tree import load_tree
from ogsync.diagnostics import sort_key
from ogsync.engine.executor import ApplyReport, Outcome, execute
from ogsync.engine.live import LiveState, hide_ignored, managed_kinds, read_live, read_requests
from ogsync.engine.model import Change, Plan
from ogsync.engine.planner import Planner, PlanOptions
from ogsync.errors import ConfigError, SafetyLimitError
from ogsync.export import ExportResult, export
from ogsync.kinds import TOP_LEVEL
from ogsync.kinds.base import ApplyContext
from ogsync.oncall.api import oncall_timelines
from ogsync.oncall.checks import coverage_diagnostics
from ogsync.oncall.plan_notes import annotate

__all__ = [
    "ExportResult",
    "PlanResult",
    "apply",
    "export",
    "load",
    "oncall_timelines",
    "plan",
    "validate",
]

SAFETY_DEFAULTS: dict[str, Any] = {"maxDeleteShare": 0.25, "maxUpdateShare": 0.5, "minCount": 5}


def prepare_specs(config: Config) -> None:
    """Fill each schema-valid resource's `spec` with its normalised (API-shaped) form."""
    for res in config.resources:
        res.spec = normalise(res.kind, res.raw) if res.valid else {}


def load(
    directory: str | os.PathLike[str] = ".",
    *,
    now: datetime | None = None,
    resolve: bool = True,
) -> Config:
    """Read and check a config tree offline; every problem found is in `config.diagnostics`.

    With `resolve=False` references are left for `plan` to resolve against the account too.
    """
    with _no_cycle_collection():
        return _load(Path(directory), now, resolve)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Reading a tree makes millions of small objects and no reference cycles: the cyclic
    garbage collector would walk them again and again for nothing (a third of the time of
    loading a thousand teams). Reference counting still frees everything."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load(directory: Path, now: datetime | None, resolve: bool) -> Config:
    config = load_tree(directory)
    config.diagnostics.extend(schema.check_settings(config.settings))
    for res in config.resources:
        found = schema.check_resource(res)
        res.valid = not found
        config.diagnostics.extend(found)
    prepare_specs(config)
    moment = now or datetime.now(UTC)
    config.diagnostics.extend(checks.check_config(config, moment))
    config.diagnostics.extend(coverage_diagnostics(config, moment))
    if resolve:
        resolver = Resolver.from_config(config)
        config.diagnostics.extend(resolve_references(config, resolver, offline=True))
        config.diagnostics.extend(reference_cycles(config))
    config.diagnostics.sort(key=sort_key)
    return config


def validate(directory: str | os.PathLike[str] = ".", *, now: datetime | None = None) -> Config:
    """Same as load(): offline checks only; the caller decides what the diagnostics mean."""
    return load(directory, now=now)


@dataclass
class PlanResult:
    """A plan with the config and live state it was made from."""

    config: Config
    live: LiveState
    plan: Plan


def _require_valid(config: Config) -> None:
    if config.errors:
        count = len(config.errors)
        raise ConfigError(
            f"the config has {count} error{'s' if count != 1 else ''}",
            list(config.diagnostics),
        )


def plan(
    directory: str | os.PathLike[str],
    client: Api,
    *,
    now: datetime | None = None,
    prune: bool = False,
    targets: tuple[str, ...] = (),
) -> PlanResult:
    """Read the account and list the changes that bring it in line with the config."""
    config = load(directory, now=now, resolve=False)
    _require_valid(config)
    managed = managed_kinds(config)
    requests = read_requests(config, managed)
    live = read_live(client, requests)
    resolver = Resolver.from_config(config)
    for obj in live.objects.values():
        if obj.parent is None:
            resolver.add_live(obj.kind, obj.name, obj.id)
    config.diagnostics.extend(resolve_references(config, resolver, offline=False))
    config.diagnostics.extend(reference_cycles(config))
    config.diagnostics.sort(key=sort_key)
    _require_valid(config)
    hide_ignored(live, [str(p) for p in config.settings.get("ignore") or []])
    options = PlanOptions(prune=prune, targets=targets, now=now or datetime.now(UTC))
    result = Planner(config, live, options).build(managed)
    result.reads = {
        kind: {name: sorted(children) for name, children in req.detailed.items()}
        for kind, req in requests.items()
    }
    result.warnings[:0] = [d.render(label=False) for d in config.warnings]
    annotate(result, config, live, options.now or datetime.now(UTC))
    return PlanResult(config, live, result)


def live_ids(live: LiveState, changes: list[Change]) -> dict[str, str]:
    """Live ids by address, with renamed objects (and their children) under the new address."""
    ids = {addr: obj.id for addr, obj in live.objects.items() if obj.id}
    for change in changes:
        old = change.previous_address
        if not old:
            continue
        for addr, ident in list(ids.items()):
            if addr == old or addr.startswith(old + "/"):
                ids[change.address + addr[len(old) :]] = ident
    return ids


def check_safety(plan_: Plan, live: LiveState, settings: dict[str, Any]) -> None:
    """Refuse an apply that deletes or updates more of a kind than the safety limits allow."""
    limits = {**SAFETY_DEFAULTS, **(settings.get("safety") or {})}
    problems = []
    for kind in TOP_LEVEL:
        count = len(live.top(kind))
        for action, share_key in (("delete", "maxDeleteShare"), ("update", "maxUpdateShare")):
            n = sum(1 for c in plan_.changes if c.kind == kind and c.action == action)
            if n > limits["minCount"] and count and n / count > limits[share_key]:
                problems.append(
                    f"{n} of {count} {kind}s would be {action}d "
                    f"(over {limits[share_key]:.0%}, safety.{share_key})"
                )
    if problems:
        raise SafetyLimitError(
            "refused by the safety limits: " + "; ".join(problems) + "; use --force to apply anyway"
        )


def apply(
    plan_: Plan,
    client: Api,
    live: LiveState,
    *,
    settings: dict[str, Any] | None = None,
    workers: int = 8,
    force: bool = False,
    progress: Callable[[Outcome], None] | None = None,
) -> ApplyReport:
    """Carry out a plan against the account it was made from."""
    settings = settings or {}
    if not force:
        check_safety(plan_, live, settings)
    ctx = ApplyContext(client, live_ids(live, plan_.changes), settings)
    return execute(plan_.changes, ctx, workers=workers, progress=progress)
