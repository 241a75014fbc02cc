"""Applies a plan: dependents wait, independent changes run at once, a failure skips dependents."""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field

from ogsync.engine.diff import field_changes
from ogsync.engine.model import Change, Obj
from ogsync.errors import ApiError, ConflictError, LostCreateError
from ogsync.kinds import HANDLERS
from ogsync.kinds.base import ApplyContext

log = logging.getLogger("ogsync.apply")
# A create whose answer is lost is looked up by name, then sent again at most this often.
CREATE_ATTEMPTS = 3


@dataclass
class Outcome:
    """What became of one change."""

    change: Change
    status: str  # applied | failed | skipped
    message: str = ""


@dataclass
class ApplyReport:
    """Every outcome, in the order they happened."""

    outcomes: list[Outcome] = field(default_factory=list)
    internal_error: bool = False

    def of(self, status: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == status]

    @property
    def ok(self) -> bool:
        return not self.of("failed") and not self.of("skipped")


def _create(ctx: ApplyContext, change: Change) -> None:
    """Create; a lost answer or a taken name is looked up by name before anything is re-sent."""
    handler = HANDLERS[change.kind]
    parent_id = ctx.id_of(change.parent) if change.parent else None
    for attempt in range(1, CREATE_ATTEMPTS + 1):
        try:
            ident = handler.create(ctx, change)
            break
        except (LostCreateError, ConflictError) as exc:
            found = handler.lookup(ctx.api, change.name, parent_id)
            if found is not None:
                log.info("%s: found by name after %s; adopting it", change.address, exc)
                ident = found.id
                _adopt(ctx, change, found)
                break
            if isinstance(exc, ConflictError) or attempt == CREATE_ATTEMPTS:
                raise
            log.info("%s: create answer lost, nothing found by name; sending it again", change)
    if ident:
        ctx.remember(change.address, ident)


def _adopt(ctx: ApplyContext, change: Change, found: Obj) -> None:
    """Bring an object found by name (made by a lost create, or by Opsgenie) in line."""
    assert change.after is not None
    before = {k: v for k, v in found.fields.items() if k in change.after}
    fields = field_changes(before, change.after)
    if fields:
        adopted = Change(
            "update",
            change.kind,
            change.name,
            change.parent,
            before,
            change.after,
            fields,
            live_id=found.id,
            meta=dict(change.meta),
        )
        HANDLERS[change.kind].update(ctx, adopted)


def _run_one(ctx: ApplyContext, change: Change) -> None:
    handler = HANDLERS[change.kind]
    if change.action == "create":
        _create(ctx, change)
    elif change.action == "update":
        handler.update(ctx, change)
    else:
        handler.delete(ctx, change)


def execute(
    changes: list[Change],
    ctx: ApplyContext,
    *,
    workers: int = 8,
    progress: Callable[[Outcome], None] | None = None,
) -> ApplyReport:
    """Run every change once its dependencies succeeded; report applied, failed, skipped."""
    report = ApplyReport()
    by_key = {c.key: c for c in changes}
    waiting = {c.key: {d for d in c.depends_on if d in by_key} for c in changes}
    dependents: dict[str, list[str]] = {}
    for key, deps in waiting.items():
        for dep in deps:
            dependents.setdefault(dep, []).append(key)

    def finish(key: str, status: str, message: str = "") -> list[str]:
        """Record an outcome; return the changes it made ready (skipping those it blocks)."""
        outcome = Outcome(by_key[key], status, message)
        report.outcomes.append(outcome)
        if progress is not None:
            progress(outcome)
        ready: list[str] = []
        for nxt in dependents.get(key, []):
            if nxt not in waiting:
                continue
            if status != "applied":
                del waiting[nxt]
                ready.extend(finish(nxt, "skipped", f"depends on {by_key[key].address}"))
                continue
            waiting[nxt].discard(key)
            if not waiting[nxt]:
                del waiting[nxt]
                ready.append(nxt)
        return ready

    ready = deque(c.key for c in changes if not waiting[c.key])
    for key in ready:
        del waiting[key]
    running: dict[Future[None], str] = {}
    workers = max(1, workers)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        while ready or running:
            # No more in flight than there are workers: waiting on a few futures is cheap,
            # waiting on thousands at every completion is not.
            while ready and len(running) < workers:
                key = ready.popleft()
                running[pool.submit(_run_one, ctx, by_key[key])] = key
            finished, _ = wait(list(running), return_when=FIRST_COMPLETED)
            for fut in finished:
                key = running.pop(fut)
                exc = fut.exception()
                if exc is None:
                    ready.extend(finish(key, "applied"))
                elif isinstance(exc, ApiError):
                    ready.extend(finish(key, "failed", str(exc)))
                else:
                    log.debug("internal error", exc_info=exc)
                    report.internal_error = True
                    ready.extend(
                        finish(key, "failed", f"internal error: {type(exc).__name__}: {exc}")
                    )
    return report
