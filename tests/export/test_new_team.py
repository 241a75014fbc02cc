"""`ogsync new team`: a scaffolded team validates, applies to the sandbox and converges."""

from __future__ import annotations

from pathlib import Path

import yaml
from export_helpers import Account, yaml_files

from support import invoke

NOW = "2026-03-04T15:00:00Z"  # a Wednesday


def _users(root: Path, *names: str) -> None:
    (root / "users").mkdir(parents=True, exist_ok=True)
    for name in names:
        text = f"username: {name}@example.com\nfullName: {name}\nrole:\n  name: User\n"
        (root / "users" / f"{name}.yaml").write_text(text, encoding="utf-8")


def new_team(root: Path, *args: str) -> tuple[int, str, str]:
    result = invoke("--now", NOW, "new", "team", *args, "--dir", str(root))
    return result.code, result.out, result.err


def test_scaffolded_team_validates_applies_and_converges(account: Account, tmp_path: Path) -> None:
    root = tmp_path / "tree"
    _users(root, "ann", "ben", "cy")
    code, out, err = new_team(
        root,
        "Payments",
        "--members",
        "ann@example.com,ben@example.com",
        "--members",
        "cy@example.com",
        "--admin",
        "ben@example.com",
        "--timezone",
        "Europe/Berlin",
    )
    assert code == 0, out + err
    assert "warning" not in out + err  # nobody undefined, no coverage gap
    files = yaml_files(root)
    team = yaml.safe_load(files["teams/payments.yaml"])
    assert team["members"] == [
        {"user": {"username": "ann@example.com"}, "role": "user"},
        {"user": {"username": "ben@example.com"}, "role": "admin"},
        {"user": {"username": "cy@example.com"}, "role": "user"},
    ]
    assert team["routingRules"] == [
        {"name": "All alerts", "notify": {"type": "escalation", "name": "Payments Escalation"}}
    ]
    schedule = yaml.safe_load(files["schedules/payments-on-call.yaml"])
    rotation = schedule["rotations"][0]
    assert rotation["type"] == "weekly"
    # On call from the first day: the last Monday 09:00 in Berlin before now.
    assert rotation["startDate"] == "2026-03-02T09:00:00+01:00"
    assert [p["username"] for p in rotation["participants"]] == [
        "ann@example.com",
        "ben@example.com",
        "cy@example.com",
    ]
    escalation = yaml.safe_load(files["escalations/payments-escalation.yaml"])
    recipients = [r["recipient"] for r in escalation["rules"]]
    assert recipients == [
        {"type": "schedule", "name": "Payments On-Call"},
        {"type": "team", "name": "Payments"},
    ]
    assert escalation["rules"][1]["notifyType"] == "admins"
    assert escalation["repeat"]["count"] > 0
    applied = account.ogsync("apply", str(root), "--auto-approve")
    assert applied.code == 0, applied.out + applied.err
    plan = account.ogsync("plan", str(root), "--detailed-exitcode")
    assert plan.code == 0, plan.out + plan.err


def test_warns_about_members_the_config_does_not_define(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    _users(root, "ann")
    code, out, err = new_team(root, "Edge", "--members", "ann@example.com,zoe@example.com")
    assert code == 0, out + err
    assert "must exist in the account: zoe@example.com" in err
    assert "ann@example.com" not in err.split("must exist in the account:")[-1]
    # Without --admin the first member administers the team.
    team = yaml.safe_load(yaml_files(root)["teams/edge.yaml"])
    assert team["members"][0] == {"user": {"username": "ann@example.com"}, "role": "admin"}


def test_never_overwrites_and_refuses_a_name_in_use(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    _users(root, "ann")
    (root / "teams").mkdir()
    other = "name: Core Team\n"
    (root / "teams" / "core.yaml").write_text(other, encoding="utf-8")
    code, out, err = new_team(root, "Core", "--members", "ann@example.com")
    assert code == 0, out + err
    assert (root / "teams" / "core.yaml").read_text(encoding="utf-8") == other
    assert yaml.safe_load((root / "teams" / "core-2.yaml").read_text(encoding="utf-8"))["name"] == (
        "Core"
    )
    before = yaml_files(root)
    code, out, err = new_team(root, "Core", "--members", "ann@example.com")
    assert code == 1
    assert "the config already has" in err and "team 'Core' (teams/core-2.yaml" in err
    assert yaml_files(root) == before


def test_never_writes_outside_the_tree(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    _users(root, "ann")
    code, out, err = new_team(root, "../../Evil/..", "--members", "ann@example.com")
    assert code == 0, out + err
    written = {p for p in yaml_files(tmp_path) if not p.startswith("tree/users/")}
    assert written == {
        "tree/teams/evil.yaml",
        "tree/schedules/evil-on-call.yaml",
        "tree/escalations/evil-escalation.yaml",
    }


def test_templates_in_the_tree_take_precedence(account: Account, tmp_path: Path) -> None:
    root = tmp_path / "tree"
    _users(root, "ann", "ben")
    (root / "templates").mkdir()
    custom = (
        "name: ${escalation}\n"
        "rules:\n"
        "  - delay: {timeAmount: 0}\n"
        "    recipient: {type: schedule, name: ${schedule}}\n"
        "repeat: {waitInterval: 5, count: 4}\n"
    )
    (root / "templates" / "escalation.yaml").write_text(custom, encoding="utf-8")
    code, out, err = new_team(root, "Data", "--members", "ann@example.com,ben@example.com")
    assert code == 0, out + err
    escalation = yaml.safe_load(yaml_files(root)["escalations/data-escalation.yaml"])
    assert escalation == {
        "name": "Data Escalation",
        "rules": [
            {"delay": {"timeAmount": 0}, "recipient": {"type": "schedule", "name": "Data On-Call"}}
        ],
        "repeat": {"waitInterval": 5, "count": 4},
    }
    # The built-in templates still give the team and the schedule.
    assert {"teams/data.yaml", "schedules/data-on-call.yaml"} <= set(yaml_files(root))
    assert account.ogsync("apply", str(root), "--auto-approve").code == 0
    assert account.ogsync("plan", str(root), "--detailed-exitcode").code == 0


def test_a_broken_template_writes_nothing(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    _users(root, "ann")
    (root / "templates").mkdir()
    (root / "templates" / "team.yaml").write_text("name: ${team_name}\n", encoding="utf-8")
    before = yaml_files(root)
    code, _, err = new_team(root, "Data", "--members", "ann@example.com")
    assert code == 1
    assert "templates/team.yaml: unknown placeholder ${team_name}" in err
    assert yaml_files(root) == before


def test_an_invalid_result_exits_1_with_the_diagnostics(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    _users(root, "ann")
    (root / "templates").mkdir()
    (root / "templates" / "schedule.yaml").write_text(
        "name: ${schedule}\nenabled: maybe\n", encoding="utf-8"
    )
    code, out, err = new_team(root, "Data", "--members", "ann@example.com")
    assert code == 1
    assert "schedules/data-on-call.yaml:2:" in err
    assert out.splitlines()[-1].startswith("invalid:")


def test_bad_input_is_refused_without_a_traceback(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    code, _, err = new_team(
        root, "Data", "--members", "ann@example.com", "--timezone", "Mars/Olympus"
    )
    assert code == 1 and "unknown time zone 'Mars/Olympus'" in err
    code, _, err = new_team(root, "Data", "--members", "ann")
    assert code == 1 and "e-mail addresses" in err
    assert not root.exists()
