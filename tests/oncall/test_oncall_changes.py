"""Which future shifts a schedule change moves, and when a change re-deals every turn."""

from __future__ import annotations

from oncall_builders import NONE, iso, rotation, schedule, time_of_day, user, utc

from ogsync.oncall import redealt_rotations, shift_changes
from ogsync.oncall.changes import ShiftChange

A, B, C = user("a"), user("b"), user("c")
START = "2024-01-01T00:00:00Z"


def readable(changes: list[ShiftChange]) -> list[tuple[str, str, str, str, str]]:
    def who(p: object) -> str:
        return "nobody" if p is None else p.label  # type: ignore[attr-defined]

    return [(iso(c.start), iso(c.end), c.rotation, who(c.before), who(c.after)) for c in changes]


def test_adding_a_participant_moves_every_later_turn() -> None:
    before = schedule(rotation("D", "daily", START, [A, B]))
    after = schedule(rotation("D", "daily", START, [A, B, C]))
    # before: a b a b a b; after: a b c a b c
    assert readable(
        shift_changes(before, after, utc("2024-01-01T00:00"), utc("2024-01-07T00:00"))
    ) == [
        ("2024-01-03T00:00", "2024-01-04T00:00", "D", "a", "c"),
        ("2024-01-04T00:00", "2024-01-05T00:00", "D", "b", "a"),
        ("2024-01-05T00:00", "2024-01-06T00:00", "D", "a", "b"),
        ("2024-01-06T00:00", "2024-01-07T00:00", "D", "b", "c"),
    ]
    [redeal] = redealt_rotations(before, after)
    assert (redeal.rotation, redeal.before_count, redeal.after_count) == ("D", 2, 3)
    assert redeal.added == ("c",) and redeal.removed == ()
    assert "none" in redeal.hint and "startDate" in redeal.hint


def test_a_none_placeholder_moves_only_the_removed_persons_turns() -> None:
    before = schedule(rotation("D", "daily", START, [A, B, C]))
    after = schedule(rotation("D", "daily", START, [A, NONE, C]))
    assert readable(
        shift_changes(before, after, utc("2024-01-01T00:00"), utc("2024-01-07T00:00"))
    ) == [
        ("2024-01-02T00:00", "2024-01-03T00:00", "D", "b", "nobody"),
        ("2024-01-05T00:00", "2024-01-06T00:00", "D", "b", "nobody"),
    ]
    assert redealt_rotations(before, after) == []


def test_a_new_start_date_is_not_reported_as_a_redeal() -> None:
    before = schedule(rotation("D", "daily", START, [A, B]))
    after = schedule(rotation("D", "daily", "2024-01-05T00:00:00Z", [A, B, C]))
    assert redealt_rotations(before, after) == []


def test_consecutive_changed_stretches_merge_into_one_run() -> None:
    before = schedule(rotation("H", "hourly", START, [A]))
    after = schedule(rotation("H", "hourly", START, [B]))
    assert readable(
        shift_changes(before, after, utc("2024-01-01T00:00"), utc("2024-01-02T00:00"))
    ) == [("2024-01-01T00:00", "2024-01-02T00:00", "H", "a", "b")]


def test_a_narrower_restriction_shows_the_hours_nobody_covers_any_more() -> None:
    before = schedule(rotation("D", "daily", START, [A], restriction=time_of_day(8, 0, 18, 0)))
    after = schedule(rotation("D", "daily", START, [A], restriction=time_of_day(9, 0, 17, 0)))
    assert readable(
        shift_changes(before, after, utc("2024-01-01T00:00"), utc("2024-01-02T00:00"))
    ) == [
        ("2024-01-01T08:00", "2024-01-01T09:00", "D", "a", "nobody"),
        ("2024-01-01T17:00", "2024-01-01T18:00", "D", "a", "nobody"),
    ]


def test_an_unchanged_schedule_moves_nothing() -> None:
    sched = schedule(rotation("D", "daily", START, [A, B, C]))
    assert shift_changes(sched, sched, utc("2024-01-01T00:00"), utc("2024-03-01T00:00")) == []
