"""Hand-computed timelines, one or more per rule of ONCALL.md."""

from __future__ import annotations

import pytest
from oncall_builders import (
    NONE,
    gaps,
    hours_of,
    rotation,
    schedule,
    shifts,
    time_of_day,
    user,
    utc,
    weekly_span,
)

from ogsync.oncall import ReportOptions, ScheduleInputError, compute_timeline

A, B, C, D = user("a"), user("b"), user("c"), user("d")


def timeline(sched: dict[str, object], start: str, end: str):  # type: ignore[no-untyped-def]
    return compute_timeline(sched, utc(start), utc(end))


# Rule 1: turns


def test_hourly_rotation_of_length_two_deals_two_hour_turns_in_order() -> None:
    sched = schedule(rotation("H", "hourly", "2024-01-01T00:00:00Z", [A, B, C], length=2))
    assert shifts(timeline(sched, "2024-01-01T00:00", "2024-01-01T12:00")) == [
        ("2024-01-01T00:00", "2024-01-01T02:00", "H", "a"),
        ("2024-01-01T02:00", "2024-01-01T04:00", "H", "b"),
        ("2024-01-01T04:00", "2024-01-01T06:00", "H", "c"),
        ("2024-01-01T06:00", "2024-01-01T08:00", "H", "a"),
        ("2024-01-01T08:00", "2024-01-01T10:00", "H", "b"),
        ("2024-01-01T10:00", "2024-01-01T12:00", "H", "c"),
    ]


def test_daily_rotation_of_length_two_hands_over_every_second_day_at_start_time() -> None:
    sched = schedule(rotation("D", "daily", "2024-01-01T09:00:00Z", [A, B], length=2))
    assert shifts(timeline(sched, "2024-01-01T09:00", "2024-01-09T09:00")) == [
        ("2024-01-01T09:00", "2024-01-03T09:00", "D", "a"),
        ("2024-01-03T09:00", "2024-01-05T09:00", "D", "b"),
        ("2024-01-05T09:00", "2024-01-07T09:00", "D", "a"),
        ("2024-01-07T09:00", "2024-01-09T09:00", "D", "b"),
    ]


def test_weekly_rotation_of_length_two_hands_over_every_fortnight() -> None:
    sched = schedule(rotation("W", "weekly", "2024-01-01T00:00:00Z", [A, B], length=2))
    assert shifts(timeline(sched, "2024-01-01T00:00", "2024-02-12T00:00")) == [
        ("2024-01-01T00:00", "2024-01-15T00:00", "W", "a"),
        ("2024-01-15T00:00", "2024-01-29T00:00", "W", "b"),
        ("2024-01-29T00:00", "2024-02-12T00:00", "W", "a"),
    ]


def test_window_inside_a_long_running_rotation_finds_the_right_turn() -> None:
    # Day 400 after startDate: 400 mod 3 = 1, so b; it is cut at the window's start and end.
    sched = schedule(rotation("D", "daily", "2023-01-01T06:00:00Z", [A, B, C]))
    assert shifts(timeline(sched, "2024-02-05T12:00", "2024-02-06T12:00")) == [
        ("2024-02-05T12:00", "2024-02-06T06:00", "D", "b"),
        ("2024-02-06T06:00", "2024-02-06T12:00", "D", "c"),
    ]


def test_nothing_before_start_date_and_last_turn_cut_at_end_date() -> None:
    sched = schedule(
        rotation("D", "daily", "2024-01-03T00:00:00Z", [A, B], end="2024-01-05T12:00:00Z")
    )
    tl = timeline(sched, "2024-01-01T00:00", "2024-01-07T00:00")
    assert shifts(tl) == [
        ("2024-01-03T00:00", "2024-01-04T00:00", "D", "a"),
        ("2024-01-04T00:00", "2024-01-05T00:00", "D", "b"),
        ("2024-01-05T00:00", "2024-01-05T12:00", "D", "a"),
    ]
    assert gaps(tl) == [
        ("2024-01-01T00:00", "2024-01-03T00:00"),
        ("2024-01-05T12:00", "2024-01-07T00:00"),
    ]


def test_open_ended_rotation_without_end_date_runs_on() -> None:
    sched = schedule(rotation("D", "daily", "2020-01-01T00:00:00Z", [A]))
    tl = timeline(sched, "2030-06-01T00:00", "2030-06-03T00:00")
    assert shifts(tl) == [("2030-06-01T00:00", "2030-06-03T00:00", "D", "a")]
    assert gaps(tl) == []


# Rule 2: time zone and DST


def test_daily_handoff_keeps_local_time_across_spring_forward_in_berlin() -> None:
    # 2024-03-31 is the last Sunday of March: 09:00 is 08:00Z before, 07:00Z after.
    sched = schedule(rotation("D", "daily", "2024-03-29T08:00:00Z", [A, B]), tz="Europe/Berlin")
    assert shifts(timeline(sched, "2024-03-29T08:00", "2024-04-01T07:00")) == [
        ("2024-03-29T08:00", "2024-03-30T08:00", "D", "a"),
        ("2024-03-30T08:00", "2024-03-31T07:00", "D", "b"),  # a 23-hour day
        ("2024-03-31T07:00", "2024-04-01T07:00", "D", "a"),
    ]


def test_daily_handoff_keeps_local_time_across_fall_back_in_berlin() -> None:
    # 2024-10-27 is the last Sunday of October: 09:00 is 07:00Z before, 08:00Z after.
    sched = schedule(rotation("D", "daily", "2024-10-25T07:00:00Z", [A, B]), tz="Europe/Berlin")
    assert shifts(timeline(sched, "2024-10-25T07:00", "2024-10-28T08:00")) == [
        ("2024-10-25T07:00", "2024-10-26T07:00", "D", "a"),
        ("2024-10-26T07:00", "2024-10-27T08:00", "D", "b"),  # a 25-hour day
        ("2024-10-27T08:00", "2024-10-28T08:00", "D", "a"),
    ]


def test_daily_handoff_keeps_local_time_across_spring_forward_in_new_york() -> None:
    # 2024-03-10 is the second Sunday of March: 09:00 is 14:00Z before, 13:00Z after.
    sched = schedule(rotation("D", "daily", "2024-03-08T14:00:00Z", [A, B]), tz="America/New_York")
    assert shifts(timeline(sched, "2024-03-08T14:00", "2024-03-11T13:00")) == [
        ("2024-03-08T14:00", "2024-03-09T14:00", "D", "a"),
        ("2024-03-09T14:00", "2024-03-10T13:00", "D", "b"),
        ("2024-03-10T13:00", "2024-03-11T13:00", "D", "a"),
    ]


def test_daily_handoff_keeps_local_time_across_fall_back_in_new_york() -> None:
    # 2024-11-03 is the first Sunday of November: 09:00 is 13:00Z before, 14:00Z after.
    sched = schedule(rotation("D", "daily", "2024-11-01T13:00:00Z", [A, B]), tz="America/New_York")
    assert shifts(timeline(sched, "2024-11-01T13:00", "2024-11-04T14:00")) == [
        ("2024-11-01T13:00", "2024-11-02T13:00", "D", "a"),
        ("2024-11-02T13:00", "2024-11-03T14:00", "D", "b"),
        ("2024-11-03T14:00", "2024-11-04T14:00", "D", "a"),
    ]


def test_weekly_handoff_keeps_local_time_across_dst() -> None:
    # Monday 09:00 in New York: 14:00Z in winter, 13:00Z from 2024-03-10 on.
    sched = schedule(rotation("W", "weekly", "2024-03-04T14:00:00Z", [A, B]), tz="America/New_York")
    assert shifts(timeline(sched, "2024-03-04T14:00", "2024-03-18T13:00")) == [
        ("2024-03-04T14:00", "2024-03-11T13:00", "W", "a"),
        ("2024-03-11T13:00", "2024-03-18T13:00", "W", "b"),
    ]


def test_hourly_rotation_counts_absolute_hours_across_dst() -> None:
    # Berlin springs forward at 01:00Z; hourly turns stay one real hour long.
    sched = schedule(rotation("H", "hourly", "2024-03-31T00:00:00Z", [A, B]), tz="Europe/Berlin")
    assert shifts(timeline(sched, "2024-03-31T00:00", "2024-03-31T03:00")) == [
        ("2024-03-31T00:00", "2024-03-31T01:00", "H", "a"),
        ("2024-03-31T01:00", "2024-03-31T02:00", "H", "b"),
        ("2024-03-31T02:00", "2024-03-31T03:00", "H", "a"),
    ]


def test_handoff_at_a_local_time_that_does_not_exist_moves_forward() -> None:
    # Handoff at 02:30 Berlin; on 2024-03-31 02:30 does not exist and becomes 03:30 CEST.
    sched = schedule(rotation("D", "daily", "2024-03-30T01:30:00Z", [A, B]), tz="Europe/Berlin")
    assert shifts(timeline(sched, "2024-03-30T01:30", "2024-04-01T00:30")) == [
        ("2024-03-30T01:30", "2024-03-31T01:30", "D", "a"),
        ("2024-03-31T01:30", "2024-04-01T00:30", "D", "b"),
    ]


def test_handoff_at_an_ambiguous_local_time_takes_the_earlier_offset() -> None:
    # Handoff at 02:30 Berlin; on 2024-10-27 02:30 happens twice: the first (CEST, 00:30Z).
    sched = schedule(rotation("D", "daily", "2024-10-26T00:30:00Z", [A, B]), tz="Europe/Berlin")
    assert shifts(timeline(sched, "2024-10-26T00:30", "2024-10-28T01:30")) == [
        ("2024-10-26T00:30", "2024-10-27T00:30", "D", "a"),
        ("2024-10-27T00:30", "2024-10-28T01:30", "D", "b"),
    ]


def test_restriction_follows_local_time_across_dst() -> None:
    sched = schedule(
        rotation("D", "daily", "2024-03-01T00:00:00Z", [A], restriction=time_of_day(9, 0, 17, 0)),
        tz="Europe/Berlin",
    )
    assert shifts(timeline(sched, "2024-03-30T00:00", "2024-04-01T00:00")) == [
        ("2024-03-30T08:00", "2024-03-30T16:00", "D", "a"),
        ("2024-03-31T07:00", "2024-03-31T15:00", "D", "a"),
    ]


# Rule 3: restrictions


def test_restriction_masks_turns_without_shifting_them() -> None:
    # Handoff at 12:00; the 09:00-17:00 window shows a in the morning and b in the afternoon.
    sched = schedule(
        rotation("D", "daily", "2024-01-01T12:00:00Z", [A, B], restriction=time_of_day(9, 0, 17, 0))
    )
    assert shifts(timeline(sched, "2024-01-02T00:00", "2024-01-03T00:00")) == [
        ("2024-01-02T09:00", "2024-01-02T12:00", "D", "a"),
        ("2024-01-02T12:00", "2024-01-02T17:00", "D", "b"),
    ]


def test_time_of_day_window_wrapping_midnight_covers_sixteen_hours_a_day() -> None:
    sched = schedule(
        rotation("N", "weekly", "2024-01-01T00:00:00Z", [A], restriction=time_of_day(19, 0, 11, 0))
    )
    tl = timeline(sched, "2024-01-01T00:00", "2024-01-03T00:00")
    assert shifts(tl) == [
        ("2024-01-01T00:00", "2024-01-01T11:00", "N", "a"),
        ("2024-01-01T19:00", "2024-01-02T11:00", "N", "a"),
        ("2024-01-02T19:00", "2024-01-03T00:00", "N", "a"),
    ]
    assert hours_of(tl)["a"][0] == 32.0


def test_time_of_day_with_equal_start_and_end_is_all_day() -> None:
    sched = schedule(
        rotation("D", "daily", "2024-01-01T00:00:00Z", [A, B], restriction=time_of_day(8, 0, 8, 0))
    )
    tl = timeline(sched, "2024-01-01T00:00", "2024-01-03T00:00")
    assert gaps(tl) == []
    assert shifts(tl) == [
        ("2024-01-01T00:00", "2024-01-02T00:00", "D", "a"),
        ("2024-01-02T00:00", "2024-01-03T00:00", "D", "b"),
    ]


def test_time_of_day_end_hour_24_is_midnight() -> None:
    sched = schedule(
        rotation("E", "weekly", "2024-01-01T00:00:00Z", [A], restriction=time_of_day(18, 0, 24, 0))
    )
    assert shifts(timeline(sched, "2024-01-01T00:00", "2024-01-03T00:00")) == [
        ("2024-01-01T18:00", "2024-01-02T00:00", "E", "a"),
        ("2024-01-02T18:00", "2024-01-03T00:00", "E", "a"),
    ]


def test_weekday_span_friday_evening_to_monday_morning() -> None:
    weekend = weekly_span(("friday", 18, 0, "monday", 10, 0))
    sched = schedule(rotation("W", "weekly", "2024-01-01T00:00:00Z", [A, B], restriction=weekend))
    tl = timeline(sched, "2024-01-01T00:00", "2024-01-15T00:00")
    # The span of the week before reaches into Monday morning; turns hand over on Monday
    # 00:00, inside the span, so b takes the second Monday morning.
    assert shifts(tl) == [
        ("2024-01-01T00:00", "2024-01-01T10:00", "W", "a"),
        ("2024-01-05T18:00", "2024-01-08T00:00", "W", "a"),
        ("2024-01-08T00:00", "2024-01-08T10:00", "W", "b"),
        ("2024-01-12T18:00", "2024-01-15T00:00", "W", "b"),
    ]
    assert gaps(tl)[0] == ("2024-01-01T10:00", "2024-01-05T18:00")
    assert hours_of(tl)["a"][0] == 10 + 54


def test_weekday_spans_are_united_and_a_span_ending_where_it_starts_is_the_whole_week() -> None:
    two = weekly_span(("monday", 9, 0, "monday", 12, 0), ("monday", 11, 0, "tuesday", 1, 0))
    sched = schedule(rotation("W", "weekly", "2024-01-01T00:00:00Z", [A], restriction=two))
    assert shifts(timeline(sched, "2024-01-01T00:00", "2024-01-08T00:00")) == [
        ("2024-01-01T09:00", "2024-01-02T01:00", "W", "a")
    ]
    whole = weekly_span(("wednesday", 7, 0, "wednesday", 7, 0))
    sched = schedule(rotation("W", "weekly", "2024-01-01T00:00:00Z", [A], restriction=whole))
    assert gaps(timeline(sched, "2024-01-01T00:00", "2024-01-15T00:00")) == []


def test_intervals_are_half_open() -> None:
    # Restriction 09:00-17:00: 17:00 itself is uncovered and 09:00 covered.
    sched = schedule(
        rotation("D", "daily", "2024-01-01T00:00:00Z", [A], restriction=time_of_day(9, 0, 17, 0))
    )
    tl = timeline(sched, "2024-01-01T00:00", "2024-01-02T00:00")
    assert gaps(tl) == [
        ("2024-01-01T00:00", "2024-01-01T09:00"),
        ("2024-01-01T17:00", "2024-01-02T00:00"),
    ]


# Rule 4: several rotations add up; a disabled schedule has nobody


def test_several_rotations_add_up_and_a_person_in_two_counts_once() -> None:
    sched = schedule(
        rotation("Day", "daily", "2024-01-01T00:00:00Z", [A], restriction=time_of_day(8, 0, 20, 0)),
        rotation("All", "daily", "2024-01-01T00:00:00Z", [A, B]),
    )
    tl = timeline(sched, "2024-01-01T00:00", "2024-01-03T00:00")
    assert shifts(tl) == [
        ("2024-01-01T00:00", "2024-01-02T00:00", "All", "a"),
        ("2024-01-01T08:00", "2024-01-01T20:00", "Day", "a"),
        ("2024-01-02T00:00", "2024-01-03T00:00", "All", "b"),
        ("2024-01-02T08:00", "2024-01-02T20:00", "Day", "a"),
    ]
    assert hours_of(tl)["a"][0] == 36.0  # 24 h on day one (once), 12 h on day two
    assert hours_of(tl)["b"][0] == 24.0


def test_disabled_schedule_has_nobody_on_call() -> None:
    sched = schedule(rotation("D", "daily", "2024-01-01T00:00:00Z", [A]), enabled=False)
    tl = timeline(sched, "2024-01-01T00:00", "2024-01-02T00:00")
    assert shifts(tl) == []
    assert gaps(tl) == [("2024-01-01T00:00", "2024-01-02T00:00")]


# Rule 5: participants


def test_none_slot_takes_its_turn_and_leaves_a_gap() -> None:
    sched = schedule(rotation("D", "daily", "2024-01-01T00:00:00Z", [A, NONE, B]))
    tl = timeline(sched, "2024-01-01T00:00", "2024-01-04T00:00")
    assert shifts(tl) == [
        ("2024-01-01T00:00", "2024-01-02T00:00", "D", "a"),
        ("2024-01-02T00:00", "2024-01-03T00:00", "D", None),
        ("2024-01-03T00:00", "2024-01-04T00:00", "D", "b"),
    ]
    assert gaps(tl) == [("2024-01-02T00:00", "2024-01-03T00:00")]
    assert set(hours_of(tl)) == {"a", "b"}


def test_team_and_escalation_participants_are_reported_as_themselves() -> None:
    team = {"type": "team", "name": "Ops"}
    esc = {"type": "escalation", "id": "e-1"}
    sched = schedule(rotation("D", "daily", "2024-01-01T00:00:00Z", [team, esc]))
    tl = timeline(sched, "2024-01-01T00:00", "2024-01-03T00:00")
    assert [p.participant.to_json() for p in tl.periods if p.participant] == [team, esc]
    assert [who for *_, who in shifts(tl)] == ["Ops (team)", "e-1 (escalation)"]


def test_a_reference_shows_username_then_name_then_id() -> None:
    both = {"type": "user", "id": "u-1", "name": "Alice", "username": "alice@x"}
    named = {"type": "user", "id": "u-2", "name": "Bob"}
    sched = schedule(rotation("D", "daily", "2024-01-01T00:00:00Z", [both, named]))
    tl = timeline(sched, "2024-01-01T00:00", "2024-01-03T00:00")
    assert [who for *_, who in shifts(tl)] == ["alice@x", "Bob"]


# Rule 6: overrides


def test_override_on_one_rotation_leaves_the_others_alone() -> None:
    override = {
        "alias": "swap",
        "user": user("c"),
        "startDate": "2024-01-01T10:00:00Z",
        "endDate": "2024-01-01T14:00:00Z",
        "rotations": [{"name": "R1"}],
    }
    sched = schedule(
        rotation("R1", "daily", "2024-01-01T00:00:00Z", [A]),
        rotation("R2", "daily", "2024-01-01T00:00:00Z", [B]),
        overrides=[override],
    )
    tl = timeline(sched, "2024-01-01T00:00", "2024-01-02T00:00")
    assert shifts(tl) == [
        ("2024-01-01T00:00", "2024-01-01T10:00", "R1", "a"),
        ("2024-01-01T00:00", "2024-01-02T00:00", "R2", "b"),
        ("2024-01-01T10:00", "2024-01-01T14:00", "R1", "c"),
        ("2024-01-01T14:00", "2024-01-02T00:00", "R1", "a"),
    ]
    assert [p.override for p in tl.periods] == [None, None, "swap", None]


def test_override_without_rotations_replaces_everyone_but_only_in_on_call_time() -> None:
    override = {
        "alias": "xmas",
        "user": user("c"),
        "startDate": "2024-01-01T00:00:00Z",
        "endDate": "2024-01-02T00:00:00Z",
    }
    sched = schedule(
        rotation("R1", "daily", "2024-01-01T00:00:00Z", [A], restriction=time_of_day(9, 0, 17, 0)),
        rotation("R2", "daily", "2024-01-01T00:00:00Z", [B], restriction=time_of_day(20, 0, 22, 0)),
        overrides=[override],
    )
    tl = timeline(sched, "2024-01-01T00:00", "2024-01-02T00:00")
    assert shifts(tl) == [
        ("2024-01-01T09:00", "2024-01-01T17:00", "R1", "c"),
        ("2024-01-01T20:00", "2024-01-01T22:00", "R2", "c"),
    ]
    assert len(gaps(tl)) == 3
    assert hours_of(tl) == {"c": (10.0, 0.0, 0.0)}


def test_override_to_none_leaves_nobody_on_call() -> None:
    override = {
        "alias": "off",
        "user": NONE,
        "startDate": "2024-01-01T06:00:00Z",
        "endDate": "2024-01-01T08:00:00Z",
    }
    sched = schedule(rotation("R", "daily", "2024-01-01T00:00:00Z", [A]), overrides=[override])
    tl = timeline(sched, "2024-01-01T00:00", "2024-01-01T12:00")
    assert shifts(tl)[1] == ("2024-01-01T06:00", "2024-01-01T08:00", "R", None)
    assert gaps(tl) == [("2024-01-01T06:00", "2024-01-01T08:00")]


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        (
            ["first", "second"],
            [("10:00", "12:00", "c"), ("12:00", "16:00", "d")],
        ),
        (
            ["second", "first"],
            [("10:00", "14:00", "c"), ("14:00", "16:00", "d")],
        ),
    ],
)
def test_of_two_overlapping_overrides_the_later_in_the_list_wins(
    order: list[str], expected: list[tuple[str, str, str]]
) -> None:
    overrides = {
        "first": {
            "alias": "first",
            "user": user("c"),
            "startDate": "2024-01-01T10:00:00Z",
            "endDate": "2024-01-01T14:00:00Z",
        },
        "second": {
            "alias": "second",
            "user": user("d"),
            "startDate": "2024-01-01T12:00:00Z",
            "endDate": "2024-01-01T16:00:00Z",
        },
    }
    sched = schedule(
        rotation("R", "daily", "2024-01-01T00:00:00Z", [A]),
        overrides=[overrides[name] for name in order],
    )
    tl = timeline(sched, "2024-01-01T00:00", "2024-01-02T00:00")
    middle = [(s[11:], e[11:], who) for s, e, _, who in shifts(tl)[1:-1]]
    assert middle == expected


# Rule 7: minutes


def test_rotation_dates_and_restriction_minutes_round_to_the_nearest_0_or_30() -> None:
    sched = schedule(
        rotation(
            "D",
            "daily",
            "2024-01-01T09:45:10Z",
            [A, B],
            end="2024-01-03T23:59:59Z",
            restriction=time_of_day(8, 45, 18, 59),
        )
    )
    assert shifts(timeline(sched, "2024-01-01T00:00", "2024-01-05T00:00")) == [
        ("2024-01-01T10:00", "2024-01-01T19:00", "D", "a"),
        ("2024-01-02T09:00", "2024-01-02T10:00", "D", "a"),
        ("2024-01-02T10:00", "2024-01-02T19:00", "D", "b"),
        ("2024-01-03T09:00", "2024-01-03T10:00", "D", "b"),
        ("2024-01-03T10:00", "2024-01-03T19:00", "D", "a"),
    ]


def test_override_dates_round_like_rotation_dates() -> None:
    override = {
        "alias": "o",
        "user": user("c"),
        "startDate": "2024-01-01T10:15:00Z",
        "endDate": "2024-01-01T10:50:00Z",
    }
    sched = schedule(rotation("R", "daily", "2024-01-01T00:00:00Z", [A]), overrides=[override])
    assert shifts(timeline(sched, "2024-01-01T10:00", "2024-01-01T11:00")) == [
        ("2024-01-01T10:00", "2024-01-01T10:30", "R", "a"),
        ("2024-01-01T10:30", "2024-01-01T11:00", "R", "c"),
    ]


# Rule 8: nights and weekends


def test_hours_count_nights_and_weekends_in_local_time() -> None:
    sched = schedule(rotation("W", "weekly", "2024-01-01T00:00:00Z", [A]), tz="Europe/Berlin")
    # Monday 2024-01-08 00:00 to the next Monday, Berlin time (UTC+1).
    tl = timeline(sched, "2024-01-07T23:00", "2024-01-14T23:00")
    assert hours_of(tl) == {"a": (168.0, 63.0, 48.0)}


def test_night_and_weekend_definitions_are_options() -> None:
    sched = schedule(rotation("W", "weekly", "2024-01-01T00:00:00Z", [A]))
    options = ReportOptions(
        night_start=utc("2024-01-01T00:00").time(),
        night_end=utc("2024-01-01T06:00").time(),
        weekend_days=frozenset({4}),
    )
    tl = compute_timeline(sched, utc("2024-01-01T00:00"), utc("2024-01-08T00:00"), options)
    assert tl.hours[0].nights == 42 * 3600
    assert tl.hours[0].weekends == 24 * 3600


# Bad input


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"timezone": "Mars/Olympus"}, "unknown time zone 'Mars/Olympus'"),
        ({"rotations": [rotation("D", "monthly", "2024-01-01T00:00:00Z", [A])]}, "type must be"),
        ({"rotations": [rotation("D", "daily", "yesterday", [A])]}, "not an ISO-8601 date"),
        (
            {
                "rotations": [
                    rotation("D", "daily", "2024-01-01", [A], restriction=time_of_day(25, 0, 1, 0))
                ]
            },
            "startHour must be 0-24",
        ),
        ({"rotations": [rotation("D", "daily", "2024-01-01", [{"type": "robot"}])]}, "robot"),
    ],
)
def test_unusable_schedule_is_a_user_error_naming_the_problem(
    change: dict[str, object], message: str
) -> None:
    sched = {**schedule(rotation("D", "daily", "2024-01-01T00:00:00Z", [A])), **change}
    with pytest.raises(ScheduleInputError, match=message.replace("(", r"\(")):
        timeline(sched, "2024-01-01T00:00", "2024-01-02T00:00")
