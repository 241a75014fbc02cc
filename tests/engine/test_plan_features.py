"""Saved plans, staleness, safety limits, targeting, outputs, prompts, team defaults, ignore."""

from __future__ import annotations

import json
from pathlib import Path

ESC = "escalation/Production Escalation"


def test_saved_plan_applies(seed, tmp_path: Path) -> None:
    planfile = tmp_path / "plan.json"
    result = seed.plan("--out", str(planfile))
    assert result.code == 0, result.err
    saved = json.loads(planfile.read_text())
    assert saved["summary"] == {"add": 12, "change": 0, "destroy": 0}
    applied = seed.run(
        "apply", str(planfile), "--sandbox", str(seed.state), "--auto-approve", *seed.fast
    )
    assert applied.code == 0, applied.out + applied.err
    assert "Verified: the account now matches the config." in applied.out
    assert seed.converged()


def test_stale_plan_is_refused(seed, account, tmp_path: Path) -> None:
    assert seed.apply().code == 0
    seed.edit("escalations/production-escalation.yaml", "timeAmount: 15", "timeAmount: 20")
    planfile = tmp_path / "plan.json"
    assert seed.plan("--out", str(planfile)).code == 0
    esc = account.get("/v2/escalations/Production Escalation", identifierType="name")
    account.send("PATCH", f"/v2/escalations/{esc['id']}", {"description": "edited meanwhile"})
    result = seed.run(
        "apply", str(planfile), "--sandbox", str(seed.state), "--auto-approve", *seed.fast
    )
    assert result.code == 1
    assert "plan is stale" in result.err
    assert ESC in result.err
    esc = account.get("/v2/escalations/Production Escalation", identifierType="name")
    assert esc["rules"][1]["delay"]["timeAmount"] == 15


def test_a_file_that_is_not_a_plan_is_a_clear_error(seed, tmp_path: Path) -> None:
    bogus = tmp_path / "plan.json"
    bogus.write_text("{not json")
    result = seed.run("apply", str(bogus), "--sandbox", str(seed.state), "--auto-approve")
    assert result.code == 1
    assert "not a saved ogsync plan" in result.err
    assert "Traceback" not in result.err


def test_safety_limit_refuses_mass_delete_unless_forced(seed, account) -> None:
    for i in range(8):
        seed.write(f"users/extra{i}.yaml", f"username: extra{i}@company.com\nfullName: Extra {i}\n")
    assert seed.apply().code == 0
    for i in range(8):
        seed.remove(f"users/extra{i}.yaml")
    result = seed.apply("--prune")
    assert result.code == 1
    assert "refused by the safety limits: 8 of 14 users would be deleted" in result.err
    assert len(account.get("/v2/users")) == 14
    forced = seed.apply("--prune", "--force")
    assert forced.code == 0, forced.err
    assert len(account.get("/v2/users")) == 6


def test_target_plans_only_the_target_and_what_it_needs(seed) -> None:
    doc = seed.plan_json("--target", ESC)
    addresses = {rc["address"] for rc in doc["resource_changes"]}
    assert ESC in addresses
    assert "schedule/Primary On-Call" in addresses  # a recipient it needs
    assert "team/Platform Engineering/routing-rule/Production Alerts Routing" not in addresses
    assert "schedule/Primary On-Call/rotation/Daily Rotation" not in addresses
    assert any("targeting is in effect" in w for w in doc["warnings"])


def test_markdown_summary_outside_folds(seed) -> None:
    result = seed.plan("--format", "markdown")
    assert result.code == 0
    first = result.out.splitlines()[0]
    assert first == "**Plan: 12 to add, 0 to change, 0 to destroy.**"
    assert "<details><summary>teams (2)</summary>" in result.out
    assert "+ team/Platform Engineering" in result.out


def test_markdown_escapes_backticks_and_stays_under_the_limit(workspace) -> None:
    long = "`" * 5 + "x" * 300
    for i in range(300):
        workspace.write(f"teams/t{i}.yaml", f"name: Team {i}\ndescription: '{long}'\n")
    result = workspace.plan("--format", "markdown")
    assert result.code == 0, result.err
    assert len(result.out) < 65_000
    assert result.out.startswith("**Plan: 300 to add, 0 to change, 0 to destroy.**")
    assert "too long for a comment" in result.out
    assert "``````diff" in result.out  # a fence longer than the values' backticks


def test_apply_without_terminal_needs_auto_approve(seed) -> None:
    result = seed.run("apply", str(seed.root), "--sandbox", str(seed.state), *seed.fast)
    assert result.code == 1
    assert "no terminal: pass --auto-approve" in result.err


def test_team_defaults_delete(workspace, account) -> None:
    workspace.write("ogsync.yaml", "version: 1\nteamDefaults: delete\n")
    workspace.write("teams/a.yaml", "name: Alpha\n")
    result = workspace.apply()
    assert result.code == 0, result.out + result.err
    assert "Alpha_schedule" not in account.names("/v2/schedules")
    assert "Alpha_escalation" not in account.names("/v2/escalations")
    rules = account.get("/v2/teams/Alpha/routing-rules", teamIdentifierType="name")
    assert rules[-1]["isDefault"] and rules[-1]["notify"]["type"] == "none"
    assert workspace.converged()


def test_ignored_objects_are_out_of_view_but_referable(workspace, account) -> None:
    account.send("POST", "/v2/teams", {"name": "Legacy Ops"})
    account.send("POST", "/v2/teams", {"name": "Stray"})
    workspace.write("ogsync.yaml", "version: 1\nignore: ['team/Legacy *']\n")
    workspace.write("schedules/s.yaml", "name: S\ntimezone: UTC\nownerTeam: {name: legacy-ops}\n")
    doc = workspace.plan_json()
    assert doc["unmanaged"] == []  # only schedules are managed here
    workspace.write("teams/t.yaml", "name: Mine\n")
    doc = workspace.plan_json()
    assert doc["unmanaged"] == ["team/Stray"]
    s = next(rc for rc in doc["resource_changes"] if rc["address"] == "schedule/S")
    assert s["change"]["after"]["ownerTeam"] == "Legacy Ops"


def test_unknown_reference_is_an_error_with_position(workspace) -> None:
    workspace.write("teams/t.yaml", "name: T\nmembers:\n  - user: {username: ghost@x.com}\n")
    result = workspace.plan()
    assert result.code == 1
    assert (
        "teams/t.yaml:3:11: team/T: user 'ghost@x.com' exists neither in the config "
        "nor in the account"
    ) in result.err


def test_reference_by_slug_and_id(seed, account) -> None:
    assert seed.apply().code == 0
    sched = account.get("/v2/schedules/Primary On-Call", identifierType="name")
    seed.edit("escalations/production-escalation.yaml", "id: primary-oncall", f"id: {sched['id']}")
    seed.edit(
        "escalations/production-escalation.yaml",
        "id: platform-engineering",
        "name: PLATFORM ENGINEERING",
    )
    assert seed.converged()


def test_an_edited_plan_file_is_refused(seed, tmp_path: Path) -> None:
    planfile = tmp_path / "plan.json"
    assert seed.plan("--out", str(planfile)).code == 0
    doc = json.loads(planfile.read_text())
    doc["resource_changes"][0]["change"]["after"]["fullName"] = "Mallory"
    planfile.write_text(json.dumps(doc))
    result = seed.run("apply", str(planfile), "--sandbox", str(seed.state), "--auto-approve")
    assert result.code == 1
    assert "the plan file was changed after ogsync wrote it" in result.err


def test_a_plan_file_of_the_wrong_shape_is_a_clear_error(seed, tmp_path: Path) -> None:
    planfile = tmp_path / "plan.json"
    planfile.write_text(json.dumps({"resource_changes": [], "ogsync_plan": "nope"}))
    result = seed.run("apply", str(planfile), "--sandbox", str(seed.state), "--auto-approve")
    assert result.code == 1
    assert "not a saved ogsync plan" in result.err


def test_saved_plan_applied_from_another_folder_is_still_verified(seed, tmp_path, monkeypatch):
    planfile = tmp_path / "plan.json"
    monkeypatch.chdir(seed.root.parent)
    made = seed.run(
        "plan", seed.root.name, "--sandbox", str(seed.state), "--out", str(planfile), *seed.fast
    )
    assert made.code == 0, made.err
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = seed.run(
        "apply", str(planfile), "--sandbox", str(seed.state), "--auto-approve", *seed.fast
    )
    assert result.code == 0, result.err
    assert "Verified: the account now matches the config." in result.out


def test_target_that_matches_nothing_says_so(seed) -> None:
    doc = seed.plan_json("--target", "user/nobody@x")
    assert "--target user/nobody@x matches no change in this plan" in doc["warnings"]


def test_verification_after_a_targeted_apply_says_so(seed) -> None:
    result = seed.apply("--target", "user/alice@company.com")
    assert result.code == 0, result.err
    assert "Verified: the targeted objects now match the config" in result.out
    assert "Verified: the account now matches the config." not in result.out


def test_sandbox_in_a_missing_folder_is_refused(seed, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "s.sqlite"
    result = seed.run("plan", str(seed.root), "--sandbox", str(missing))
    assert result.code == 1
    assert f"the folder {missing.parent} does not exist" in result.err
    assert not missing.parent.exists()
