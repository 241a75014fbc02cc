"""`ogsync oncall` through the CLI: text, json and ics on a small tree, the seed, bad input."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import icalendar

Tree = Callable[[dict[str, str]], Path]
HERE = Path(__file__).parent

TEAM = """
name: Team
timezone: Europe/Berlin
rotations:
  - name: Days
    type: daily
    startDate: "2024-03-04T08:00:00Z"
    participants:
      - {type: user, username: alice@x}
      - {type: user, username: bob@x}
    timeRestriction:
      type: time-of-day
      restriction: {startHour: 9, startMin: 0, endHour: 17, endMin: 0}
  - name: Weekend
    type: weekly
    startDate: "2024-03-01T00:00:00Z"
    participants:
      - {type: team, name: Ops}
    timeRestriction:
      type: weekday-and-time-of-day
      restrictions:
        - {startDay: friday, startHour: 18, startMin: 0, endDay: monday, endHour: 9, endMin: 0}
overrides:
  - alias: dentist
    user: {type: user, username: carol@x}
    startDate: "2024-03-06T12:00:00+01:00"
    endDate: "2024-03-06T14:00:00+01:00"
    rotations: [{name: Days}]
"""

NIGHTS = """
name: Nights
timezone: UTC
rotations:
  - name: Only
    type: weekly
    startDate: "2024-01-01T00:00:00Z"
    participants: [{type: user, username: owl@x}]
"""

# Hand-computed: Ops covers Friday 18:00 to Monday 09:00 (Berlin), alice and bob alternate
# daily 09:00-17:00 from Monday, carol takes alice's Wednesday 12:00-14:00.
TEAM_TEXT = """\
Team (Europe/Berlin)
  window: Mon 2024-03-04 00:00 - Mon 2024-03-11 00:00 (7 days)

  Shifts
    Mon 2024-03-04 00:00 - 09:00                 Weekend  Ops (team)
    Mon 2024-03-04 09:00 - 17:00                 Days     alice@x
    Tue 2024-03-05 09:00 - 17:00                 Days     bob@x
    Wed 2024-03-06 09:00 - 12:00                 Days     alice@x
    Wed 2024-03-06 12:00 - 14:00                 Days     carol@x [override dentist]
    Wed 2024-03-06 14:00 - 17:00                 Days     alice@x
    Thu 2024-03-07 09:00 - 17:00                 Days     bob@x
    Fri 2024-03-08 09:00 - 17:00                 Days     alice@x
    Fri 2024-03-08 18:00 - Mon 2024-03-11 00:00  Weekend  Ops (team)
    Sat 2024-03-09 09:00 - 17:00                 Days     bob@x
    Sun 2024-03-10 09:00 - 17:00                 Days     alice@x

  Gaps: 5, 65 h uncovered
    Mon 2024-03-04 17:00 - Tue 2024-03-05 09:00  16 h
    Tue 2024-03-05 17:00 - Wed 2024-03-06 09:00  16 h
    Wed 2024-03-06 17:00 - Thu 2024-03-07 09:00  16 h
    Thu 2024-03-07 17:00 - Fri 2024-03-08 09:00  16 h
    Fri 2024-03-08 17:00 - 18:00                 1 h

  Hours
    participant  total  nights  weekends
    Ops (team)    63.0    27.0      48.0
    alice@x       30.0     0.0       8.0
    bob@x         24.0     0.0       8.0
    carol@x        2.0     0.0       0.0
"""


def small_tree(tree: Tree) -> Path:
    return tree({"schedules/team.yaml": TEAM, "schedules/nights.yaml": NIGHTS})


def test_text_shows_shifts_gaps_and_hours_in_local_time(ogsync, tree: Tree) -> None:  # type: ignore[no-untyped-def]
    root = small_tree(tree)
    result = ogsync(
        "oncall", str(root), "--schedule", "Team", "--from", "2024-03-04", "--days", "7"
    )
    assert (result.code, result.err) == (0, "")
    assert result.out == TEAM_TEXT


def test_json_gives_the_same_data_for_tools(ogsync, tree: Tree) -> None:  # type: ignore[no-untyped-def]
    root = small_tree(tree)
    result = ogsync("oncall", str(root), "--from", "2024-03-04", "--days", "7", "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["format_version"] == "1.0"
    assert [s["schedule"] for s in data["schedules"]] == ["Nights", "Team"]
    team = data["schedules"][1]
    assert team["window"] == {
        "start": "2024-03-04T00:00:00+01:00",
        "end": "2024-03-11T00:00:00+01:00",
    }
    assert team["shifts"][4] == {
        "start": "2024-03-06T12:00:00+01:00",
        "end": "2024-03-06T14:00:00+01:00",
        "rotation": "Days",
        "participant": {"type": "user", "username": "carol@x"},
        "override": "dentist",
        "hours": 2.0,
    }
    assert team["gaps"][-1] == {
        "start": "2024-03-08T17:00:00+01:00",
        "end": "2024-03-08T18:00:00+01:00",
        "hours": 1.0,
    }
    assert team["hours"][0] == {
        "participant": {"type": "team", "name": "Ops"},
        "total": 63.0,
        "nights": 27.0,
        "weekends": 48.0,
    }
    assert (team["covered_hours"], team["gap_hours"]) == (103.0, 65.0)
    nights = data["schedules"][0]
    assert nights["gaps"] == [] and nights["window"]["start"] == "2024-03-04T00:00:00+00:00"


def test_ics_has_one_event_per_shift_and_the_same_file_on_every_run(ogsync, tree: Tree) -> None:  # type: ignore[no-untyped-def]
    root = small_tree(tree)
    args = ("--now", "2024-03-01T10:00:00Z", "oncall", str(root), "--schedule", "team")
    first = ogsync(*args, "--from", "2024-03-04", "--days", "7", "--format", "ics")
    again = ogsync(*args, "--from", "2024-03-04", "--days", "7", "--format", "ics")
    assert first.code == 0, first.err
    assert first.out == again.out
    events = list(icalendar.Calendar.from_ical(first.out).walk("VEVENT"))
    assert len(events) == 11
    assert events[4].decoded("DTSTART") == datetime(2024, 3, 6, 11, 0, tzinfo=UTC)
    assert str(events[4]["SUMMARY"]) == "On call: carol@x (Team / Days)"
    assert events[0].decoded("DTSTAMP") == datetime(2024, 3, 1, 10, 0, tzinfo=UTC)


def test_out_writes_the_file_with_crlf_kept(ogsync, tree: Tree, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = small_tree(tree)
    target = tmp_path / "oncall.ics"
    result = ogsync(
        "oncall", str(root), "--from", "2024-03-04", "--format", "ics", "--out", str(target)
    )
    assert (result.code, result.out) == (0, "")
    assert f"wrote {target}" in result.err
    raw = target.read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and b"\r\r\n" not in raw


def test_window_defaults_to_now_and_window_days_of_ogsync_yaml(ogsync, tree: Tree) -> None:  # type: ignore[no-untyped-def]
    root = small_tree(tree)
    (root / "ogsync.yaml").write_text("version: 1\noncall:\n  windowDays: 3\n")
    result = ogsync(
        "--now",
        "2024-05-01T06:30:00Z",
        "oncall",
        str(root),
        "--schedule",
        "Nights",
        "--format",
        "json",
    )
    assert result.code == 0, result.err
    window = json.loads(result.out)["schedules"][0]["window"]
    assert window == {"start": "2024-05-01T06:30:00+00:00", "end": "2024-05-04T06:30:00+00:00"}


def test_seed_schedule_is_reported_as_having_no_coverage(ogsync, tree: Tree) -> None:  # type: ignore[no-untyped-def]
    root = tree({"schedules/primary.yaml": (HERE / "seed_schedule.yaml").read_text()})
    result = ogsync("--now", "2025-06-02T12:00:00Z", "oncall", str(root))
    assert result.code == 0, result.err
    assert "no coverage: nobody is on call at any time in this window" in result.out
    assert "Gaps: 1, 336 h uncovered" in result.out
    assert "    (none)" in result.out
    seen = ogsync("--now", "2024-06-03T12:00:00Z", "oncall", str(root), "--format", "json")
    primary = json.loads(seen.out)["schedules"][0]
    assert primary["covered_hours"] > 0  # in 2024 the same schedule did cover time


def test_unknown_schedule_is_an_error_listing_the_names(ogsync, tree: Tree) -> None:  # type: ignore[no-untyped-def]
    result = ogsync("oncall", str(small_tree(tree)), "--schedule", "Primary")
    assert result.code == 1
    assert result.err == "error: unknown schedule 'Primary'; the config has: Nights, Team\n"


def test_config_errors_are_printed_and_exit_1(ogsync, tree: Tree) -> None:  # type: ignore[no-untyped-def]
    root = tree({"schedules/team.yaml": TEAM, "stray.yaml": "name: x\n"})
    result = ogsync("oncall", str(root))
    assert result.code == 1
    assert "stray.yaml:1:1: a file outside the kind folders needs `kind:`" in result.err
    assert result.err.rstrip().endswith("invalid: 1 error")
    assert result.out == ""


def test_unusable_schedule_is_an_error_without_traceback(ogsync, tree: Tree) -> None:  # type: ignore[no-untyped-def]
    root = tree({"schedules/nights.yaml": NIGHTS.replace("timezone: UTC", "timezone: Mars/Base")})
    result = ogsync("oncall", str(root))
    assert result.code == 1
    assert "unknown time zone 'Mars/Base'" in result.err
    assert "Traceback" not in result.err and result.out == ""


def test_bad_from_is_an_error(ogsync, tree: Tree) -> None:  # type: ignore[no-untyped-def]
    result = ogsync("oncall", str(small_tree(tree)), "--from", "next tuesday")
    assert result.code == 1
    assert "--from: 'next tuesday' is not an ISO-8601 date" in result.err


def test_bad_window_days_in_ogsync_yaml_is_an_error(ogsync, tree: Tree) -> None:  # type: ignore[no-untyped-def]
    root = small_tree(tree)
    (root / "ogsync.yaml").write_text("version: 1\noncall:\n  windowDays: -2\n")
    result = ogsync("oncall", str(root))
    assert result.code == 1
    assert "ogsync.yaml:3:15: oncall.windowDays" in result.err


def test_night_hours_and_weekend_days_come_from_ogsync_yaml(ogsync, tree: Tree) -> None:  # type: ignore[no-untyped-def]
    root = small_tree(tree)
    (root / "ogsync.yaml").write_text(
        "version: 1\noncall:\n  nightStartHour: 0\n  nightEndHour: 6\n  weekendDays: [friday]\n"
    )
    result = ogsync(
        "oncall", str(root), "--schedule", "Nights", "--from", "2024-03-04", "--format", "json"
    )
    assert result.code == 0, result.err
    [row] = json.loads(result.out)["schedules"][0]["hours"]
    assert (row["total"], row["nights"], row["weekends"]) == (336.0, 84.0, 48.0)
