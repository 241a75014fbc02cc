"""What a schedule change does to future shifts: who loses or gains which hours, for the plan."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ogsync.oncall.model import Participant, ScheduleInputError, parse_schedule
from ogsync.oncall.timeline import Piece, rotation_pieces

NONE_PLACEHOLDER_HINT = (
    "adding or removing a participant re-deals every future turn from startDate; "
    "to keep everyone else's turns, put a `type: none` placeholder in a removed person's slot, "
    "or give the rotation a new startDate at its next handoff"
)


@dataclass(frozen=True)
class ShiftChange:
    """During [start, end) (UTC) a rotation's participant goes from `before` to `after`.

    None means nobody (a `none` slot, an override to none, or the rotation not on call then).
    """

    start: datetime
    end: datetime
    rotation: str
    before: Participant | None
    after: Participant | None


@dataclass(frozen=True)
class Redeal:
    """A rotation whose participant count changes while its startDate stays: turns re-deal."""

    rotation: str
    before_count: int
    after_count: int
    added: tuple[str, ...]
    removed: tuple[str, ...]
    hint: str = NONE_PLACEHOLDER_HINT


def shift_changes(
    before: Mapping[str, Any], after: Mapping[str, Any], start: datetime, end: datetime
) -> list[ShiftChange]:
    """Stretches of [start, end) whose participant differs between two versions of a schedule,
    per rotation (matched by name), merged into runs with the same before and after."""
    old, new = parse_schedule(before), parse_schedule(after)
    a, b = int(start.timestamp()), int(end.timestamp())
    if b <= a:
        raise ScheduleInputError("the window's end must be after its start")
    old_pieces = dict(rotation_pieces(old, a, b))
    new_pieces = dict(rotation_pieces(new, a, b))
    names = list(old_pieces) + [n for n in new_pieces if n not in old_pieces]
    changes: list[ShiftChange] = []
    for name in names:
        changes += _rotation_changes(name, old_pieces.get(name, []), new_pieces.get(name, []))
    return sorted(changes, key=lambda c: (c.start, names.index(c.rotation)))


def redealt_rotations(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[Redeal]:
    """Rotations (by name) whose participants were added or removed with the same startDate,
    so that every future turn moves (Terraform provider issue #185)."""
    old = {r.name: r for r in parse_schedule(before).rotations}
    found: list[Redeal] = []
    for rotation in parse_schedule(after).rotations:
        previous = old.get(rotation.name)
        if previous is None or previous.start != rotation.start:
            continue
        if len(previous.participants) == len(rotation.participants):
            continue
        was, now = (
            Counter(map(_label, previous.participants)),
            Counter(map(_label, rotation.participants)),
        )
        found.append(
            Redeal(
                rotation=rotation.name,
                before_count=len(previous.participants),
                after_count=len(rotation.participants),
                added=tuple(sorted((now - was).elements())),
                removed=tuple(sorted((was - now).elements())),
            )
        )
    return found


def _rotation_changes(name: str, old: list[Piece], new: list[Piece]) -> list[ShiftChange]:
    cuts = sorted({t for s, e, _, _ in (*old, *new) for t in (s, e)})
    old_who, new_who = _who_between(old, cuts), _who_between(new, cuts)
    runs: list[tuple[int, int, Participant | None, Participant | None]] = []
    for i in range(len(cuts) - 1):
        lo, hi, was, now = cuts[i], cuts[i + 1], old_who[i], new_who[i]
        if was == now:
            continue
        if runs and runs[-1][1] == lo and runs[-1][2:] == (was, now):
            runs[-1] = (runs[-1][0], hi, was, now)
        else:
            runs.append((lo, hi, was, now))
    return [
        ShiftChange(datetime.fromtimestamp(s, UTC), datetime.fromtimestamp(e, UTC), name, w, n)
        for s, e, w, n in runs
    ]


def _who_between(pieces: list[Piece], cuts: list[int]) -> list[Participant | None]:
    """The participant of sorted, disjoint pieces in each interval between successive cuts."""
    out: list[Participant | None] = []
    j = 0
    for i in range(len(cuts) - 1):
        lo = cuts[i]
        while j < len(pieces) and pieces[j][1] <= lo:
            j += 1
        inside = j < len(pieces) and pieces[j][0] <= lo
        out.append(pieces[j][2] if inside else None)
    return out


def _label(who: Participant | None) -> str:
    return "none" if who is None else who.label
