"""Coverage diagnostics for validate: ended rotations, gaps soon, `coverage: required`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from ogsync.api import load
from ogsync.config.model import Config
from ogsync.oncall.checks import coverage_diagnostics

HERE = Path(__file__).parent
NOW = datetime(2025, 6, 2, 12, 0, tzinfo=UTC)  # a Monday

ALWAYS = """
name: Always
timezone: Europe/Berlin
rotations:
  - name: Weekly
    type: weekly
    startDate: "2025-01-06T08:00:00Z"
    participants: [{type: user, username: a@x}, {type: user, username: b@x}]
"""

OFFICE = """
name: Office
timezone: Europe/Berlin
{extra}
rotations:
  - name: Daily
    type: daily
    startDate: "2025-01-01T08:00:00Z"
    participants: [{type: user, username: a@x}]
    timeRestriction:
      type: time-of-day
      restriction: {startHour: 9, startMin: 0, endHour: 17, endMin: 0}
"""


def office(extra: str) -> str:
    return OFFICE.replace("{extra}", extra)


ENDING = """
name: Ending
timezone: UTC
rotations:
  - name: Weekly
    type: weekly
    startDate: "2025-01-06T00:00:00Z"
    endDate: "2025-06-12T12:00:00Z"
    participants: [{type: user, username: a@x}]
"""


def loaded(root: Path) -> Config:
    """The config as validate sees it, each schedule's spec normalised by the loader."""
    config = load(root, now=NOW)
    # validate reports coverage itself; any other error means the test tree is broken
    others = [d for d in config.errors if d not in coverage_diagnostics(config, NOW)]
    assert not others, [d.render() for d in others]
    assert all(res.spec for res in config.resources)
    return config


def rendered(config: Config) -> list[str]:
    return [d.render() for d in coverage_diagnostics(config, NOW)]


def test_schedule_whose_rotations_all_ended_is_a_warning(
    tree: Callable[[dict[str, str]], Path],
) -> None:
    root = tree({"schedules/primary.yaml": (HERE / "seed_schedule.yaml").read_text()})
    [diag] = coverage_diagnostics(loaded(root), NOW)
    assert diag.severity == "warning"
    assert diag.address == "schedule/Primary On-Call"
    assert diag.position is not None and diag.position.path == "schedules/primary.yaml"
    assert diag.position.line == 9  # the first line of `rotations`
    assert "every rotation has ended (the last on 2024-12-31 19:00 EST)" in diag.message


def test_gaps_in_the_coming_days_are_a_warning_with_the_first_gap(
    tree: Callable[[dict[str, str]], Path],
) -> None:
    root = tree({"schedules/office.yaml": office("")})
    # From Monday 14:00 Berlin for 14 days: covered 3 h today, 8 h on each of the 13 next days
    # and 5 h on the last morning (112 h of 336), leaving the 14 nights in between.
    assert rendered(loaded(root)) == [
        "schedules/office.yaml:5:3: schedule/Office: warning: nobody is on call for 224 h in the "
        "next 14 days (14 gaps, the first 2025-06-02 17:00 to 2025-06-03 09:00 Europe/Berlin)"
    ]


def test_coverage_required_turns_gaps_into_errors(
    tree: Callable[[dict[str, str]], Path],
) -> None:
    root = tree({"schedules/office.yaml": office("coverage: required")})
    [diag] = coverage_diagnostics(loaded(root), NOW)
    assert diag.severity == "error"
    assert diag.message.startswith("nobody is on call for 224 h")


def test_a_fully_covered_schedule_gives_nothing(tree: Callable[[dict[str, str]], Path]) -> None:
    assert rendered(loaded(tree({"schedules/always.yaml": ALWAYS}))) == []


def test_window_days_come_from_ogsync_yaml(tree: Callable[[dict[str, str]], Path]) -> None:
    root = tree({"schedules/ending.yaml": ENDING})
    assert len(rendered(loaded(root))) == 1  # ends 10 days from now: inside 14 days
    (root / "ogsync.yaml").write_text("version: 1\noncall:\n  windowDays: 7\n")
    assert rendered(loaded(root)) == []


def test_disabled_schedule_is_skipped_unless_coverage_is_required(
    tree: Callable[[dict[str, str]], Path],
) -> None:
    root = tree({"schedules/office.yaml": office("enabled: false")})
    assert rendered(loaded(root)) == []
    root = tree({"schedules/office.yaml": office("enabled: false\ncoverage: required")})
    [diag] = coverage_diagnostics(loaded(root), NOW)
    assert (diag.severity, diag.message) == ("error", "schedule is disabled: nobody is on call")


def test_schedules_without_a_spec_are_skipped(tree: Callable[[dict[str, str]], Path]) -> None:
    config = load(tree({"schedules/office.yaml": office("")}), now=NOW)
    for res in config.resources:
        res.spec = {}
    assert coverage_diagnostics(config, NOW) == []
