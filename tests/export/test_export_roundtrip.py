"""The round trip: export an account, and the exported tree validates and plans to no changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from export_helpers import Account, yaml_files

from support import REPO, invoke

# Dates in the examples: their rotations run in 2024 (seed) and from 2025 (multi-team).
SEED_NOW = "2024-06-03T12:00:00Z"
MULTI_NOW = "2025-02-03T12:00:00Z"


def _apply(account: Account, source: Path) -> None:
    result = account.ogsync("apply", str(source), "--auto-approve")
    assert result.code == 0, result.out + result.err


def _export(account: Account, target: Path, *extra: str) -> None:
    result = account.ogsync("export", str(target), *extra)
    assert result.code == 0, result.err
    assert "Exported" in result.out


def assert_round_trip(account: Account, target: Path, now: str) -> None:
    """validate is clean and plan shows no changes."""
    valid = invoke("--now", now, "validate", str(target))
    assert valid.code == 0, valid.out + valid.err
    assert valid.out.splitlines()[-1].startswith("ok:")
    assert "error" not in valid.err
    plan = account.ogsync("plan", str(target), "--detailed-exitcode")
    assert plan.code == 0, plan.out + plan.err
    assert "No changes" in plan.out


def test_seed_examples_round_trip(account: Account, tmp_path: Path) -> None:
    source = tmp_path / "seed"
    shutil.copytree(REPO / "examples", source, ignore=shutil.ignore_patterns("multi-team"))
    _apply(account, source)
    target = tmp_path / "exported"
    _export(account, target)
    files = yaml_files(target)
    assert set(files) == {
        "ogsync.yaml",
        "escalations/production-escalation.yaml",
        "schedules/primary-on-call.yaml",
        "teams/platform-engineering.yaml",
        *(
            f"users/{u}-company-com.yaml"
            for u in ("alice", "bob", "charlie", "manager", "weekend1", "weekend2")
        ),
    }
    assert_round_trip(account, target, SEED_NOW)
    team = yaml.safe_load(files["teams/platform-engineering.yaml"])
    # Keys in the canonical order; members by username; routing rules nested, by name.
    assert list(team) == ["name", "description", "members", "routingRules"]
    assert team["members"][0] == {"user": {"username": "alice@company.com"}, "role": "admin"}
    assert [r["name"] for r in team["routingRules"]] == ["Production Alerts Routing"]
    escalation = yaml.safe_load(files["escalations/production-escalation.yaml"])
    # The recipients by name, the defaults (condition, notifyType, repeat) left out.
    assert escalation["rules"][1] == {
        "delay": {"timeAmount": 15},
        "recipient": {"type": "team", "name": "Platform Engineering"},
    }
    assert "repeat" not in escalation
    schedule = yaml.safe_load(files["schedules/primary-on-call.yaml"])
    assert [r["name"] for r in schedule["rotations"]] == ["Daily Rotation", "Weekend Rotation"]
    assert "overrides" not in schedule  # none live, and an empty list would say nothing
    assert files["teams/platform-engineering.yaml"].startswith("# Exported by `ogsync export`")


def test_multi_team_example_round_trip(account: Account, tmp_path: Path) -> None:
    source = tmp_path / "multi"
    shutil.copytree(REPO / "examples" / "multi-team", source)
    _apply(account, source)
    target = tmp_path / "exported"
    _export(account, target)
    files = yaml_files(target)
    assert sorted(p for p in files if p.startswith("teams/")) == [
        "teams/checkout.yaml",
        "teams/data-platform.yaml",
        "teams/payments.yaml",
        "teams/sre.yaml",
    ]
    # Opsgenie's own schedules and escalations stay out without --include-defaults.
    assert not any("_schedule" in text or "_escalation" in text for text in files.values())
    assert_round_trip(account, target, MULTI_NOW)


def test_include_defaults_round_trip(account: Account, tmp_path: Path) -> None:
    source = tmp_path / "multi"
    shutil.copytree(REPO / "examples" / "multi-team", source)
    _apply(account, source)
    target = tmp_path / "exported"
    _export(account, target, "--include-defaults")
    files = yaml_files(target)
    assert "schedules/sre-schedule.yaml" in files
    team = yaml.safe_load(files["teams/sre.yaml"])
    last = team["routingRules"][-1]
    assert last["isDefault"] is True
    assert last["notify"] == {"type": "escalation", "name": "SRE_escalation"}
    # "SRE Escalation" and "SRE_escalation" share a slug: both files get a suffix.
    names = {
        yaml.safe_load(text)["name"]: path
        for path, text in files.items()
        if path.startswith("escalations/sre-escalation-")
    }
    assert set(names) == {"SRE Escalation", "SRE_escalation"}
    # Opsgenie's own e-mail contact and notification rules are in the user files too.
    user = yaml.safe_load(files["users/sofia-rossi-example-com.yaml"])
    assert {"method": "email", "to": "sofia.rossi@example.com"} in user["contacts"]
    assert "New Alert" in {r["name"] for r in user["notificationRules"]}
    assert_round_trip(account, target, MULTI_NOW)


def test_all_day_time_restriction_round_trips(tmp_path, ogsync) -> None:
    tree = tmp_path / "src"
    (tree / "teams").mkdir(parents=True)
    (tree / "teams" / "rr.yaml").write_text(
        "name: RR\nroutingRules:\n  - name: Always\n    notify: {type: none}\n"
        "    timeRestriction:\n      type: time-of-day\n"
        "      restriction: {startHour: 0, startMin: 0, endHour: 23, endMin: 59}\n"
    )
    state = str(tmp_path / "s.sqlite")
    assert ogsync("apply", str(tree), "--sandbox", state, "--auto-approve").code == 0
    out = tmp_path / "out"
    result = ogsync("export", str(out), "--sandbox", state)
    assert result.code == 0, result.err
    assert ogsync("validate", str(out)).code == 0
    assert ogsync("plan", str(out), "--sandbox", state, "--detailed-exitcode").code == 0
