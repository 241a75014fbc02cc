"""What a plan says about on-call: gaps of each schedule it touches, shifts that move, re-deals."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from ogsync.config.model import Config
from ogsync.engine.live import LiveState
from ogsync.engine.model import Change, Plan
from ogsync.errors import OgsyncError
from ogsync.oncall.changes import ShiftChange, redealt_rotations, shift_changes
from ogsync.oncall.settings import settings_or_defaults
from ogsync.oncall.timeline import coverage_gaps

SHOWN = 5  # shift moves listed per schedule; the rest are counted


def _live_schedule(live: LiveState, addr: str) -> dict[str, Any] | None:
    obj = live.objects.get(addr)
    if obj is None:
        return None
    return {
        **obj.fields,
        "rotations": [r.fields for r in live.children(addr, "rotation")],
        # canonical overrides name their rotations; the on-call model takes references
        "overrides": [
            {**o.fields, "rotations": [{"name": n} for n in o.fields.get("rotations") or []]}
            for o in live.children(addr, "override")
        ],
    }


def _touched(plan: Plan) -> dict[str, list[Change]]:
    """Changes by the address of the schedule they belong to (creates and updates only)."""
    out: dict[str, list[Change]] = {}
    for change in plan.changes:
        top = change.parent or change.address
        if top.startswith("schedule/") and change.action != "delete":
            out.setdefault(top, []).append(change)
    return out


def _when(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def _gap_note(spec: dict[str, Any], now: datetime, days: int, zone: ZoneInfo) -> str | None:
    gaps = coverage_gaps(spec, now, now + timedelta(days=days))
    if not gaps:
        return None
    hours = sum((g.end - g.start).total_seconds() for g in gaps) / 3600
    first = gaps[0]
    return (
        f"on call: nobody for {hours:g} h in the next {days} days "
        f"({len(gaps)} gap{'s' if len(gaps) != 1 else ''}, the first {_when(first.start, zone)} to "
        f"{_when(first.end, zone)} {zone.key})"
    )


def _move_notes(moves: list[ShiftChange], zone: ZoneInfo) -> list[str]:
    def who(p: Any) -> str:
        return "nobody" if p is None else str(p.label)

    notes = [f"on call: {len(moves)} future shift(s) move to someone else (times in {zone.key})"]
    for move in moves[:SHOWN]:
        notes.append(
            f"  {_when(move.start, zone)} to {_when(move.end, zone)} ({move.rotation}): "
            f"{who(move.before)} -> {who(move.after)}"
        )
    if len(moves) > SHOWN:
        notes.append(f"  ... and {len(moves) - SHOWN} more; `ogsync oncall` shows the new timeline")
    return notes


def annotate(plan: Plan, config: Config, live: LiveState, now: datetime) -> None:
    """Add on-call notes to the first change of each schedule the plan creates or changes."""
    days = settings_or_defaults(config.settings.get("oncall")).window_days
    specs = {r.address: r.spec for r in config.of_kind("schedule") if r.valid and not r.absent}
    for addr, changes in _touched(plan).items():
        after = specs.get(addr)
        if after is None:
            continue
        zone = ZoneInfo(str(after.get("timezone") or "UTC"))
        before = _live_schedule(live, changes[0].previous_address or addr)
        notes: list[str] = []
        try:
            gap = _gap_note(after, now, days, zone)
            if gap:
                notes.append(gap)
            if before is not None:
                moves = shift_changes(before, after, now, now + timedelta(days=days))
                if moves:
                    notes.extend(_move_notes(moves, zone))
                notes.extend(
                    f"on call: {r.rotation}: {r.hint}" for r in redealt_rotations(before, after)
                )
        except OgsyncError as exc:
            notes.append(f"on call: not computed ({exc})")
        changes[0].notes.extend(notes)
