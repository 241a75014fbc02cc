"""Export's options and refusals: --kinds, --include, --force, progress, unnamed children."""

from __future__ import annotations

from pathlib import Path

import yaml
from export_helpers import Account, yaml_files


def _small_account(account: Account) -> None:
    for name in ("ann", "ben"):
        account.post(
            "/v2/users",
            {"username": f"{name}@example.com", "fullName": name, "role": {"name": "User"}},
        )
    for team in ("Core", "Edge", "Core Ops"):
        account.post("/v2/teams", {"name": team})


def test_refuses_a_folder_that_is_not_empty(account: Account, tmp_path: Path) -> None:
    _small_account(account)
    target = tmp_path / "tree"
    target.mkdir()
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    refused = account.ogsync("export", str(target))
    assert refused.code == 1
    assert "is not empty" in refused.err and "--force" in refused.err
    assert sorted(p.name for p in target.iterdir()) == ["notes.txt"]


def test_force_writes_and_names_files_it_did_not_write(account: Account, tmp_path: Path) -> None:
    _small_account(account)
    target = tmp_path / "tree"
    (target / "teams").mkdir(parents=True)
    (target / "teams" / "gone.yaml").write_text("name: Gone\n", encoding="utf-8")
    result = account.ogsync("export", str(target), "--force")
    assert result.code == 0, result.err
    assert "teams/core.yaml" in yaml_files(target)
    assert "warning: teams/gone.yaml was already there" in result.err


def test_kinds_narrow_the_export(account: Account, tmp_path: Path) -> None:
    _small_account(account)
    target = tmp_path / "tree"
    result = account.ogsync("export", str(target), "--kinds", "team")
    assert result.code == 0, result.err
    files = yaml_files(target)
    assert {p.split("/")[0] for p in files} == {"teams", "ogsync.yaml"}
    assert yaml.safe_load(files["ogsync.yaml"]) == {"version": 1, "kinds": ["team"]}
    plan = account.ogsync("plan", str(target), "--detailed-exitcode")
    assert plan.code == 0, plan.out + plan.err


def test_unknown_or_nested_kinds_are_refused(account: Account, tmp_path: Path) -> None:
    unknown = account.ogsync("export", str(tmp_path / "a"), "--kinds", "team,widget")
    assert unknown.code == 1 and "cannot export widget" in unknown.err
    nested = account.ogsync("export", str(tmp_path / "b"), "--kinds", "notification-rule")
    assert nested.code == 1 and "inside their user's file" in nested.err
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_include_matches_addresses_or_names(account: Account, tmp_path: Path) -> None:
    _small_account(account)
    by_address = tmp_path / "by-address"
    assert account.ogsync("export", str(by_address), "--include", "team/Core*").code == 0
    assert sorted(p for p in yaml_files(by_address) if p != "ogsync.yaml") == [
        "teams/core-ops.yaml",
        "teams/core.yaml",
    ]
    by_name = tmp_path / "by-name"
    result = account.ogsync("export", str(by_name), "--include", "Edge", "--include", "ann@*")
    assert result.code == 0, result.err
    assert sorted(p for p in yaml_files(by_name) if p != "ogsync.yaml") == [
        "teams/edge.yaml",
        "users/ann-example-com.yaml",
    ]
    # What is left out is reported as unmanaged, never as a change.
    plan = account.ogsync("plan", str(by_name), "--detailed-exitcode")
    assert plan.code == 0, plan.out + plan.err


def test_progress_only_for_large_accounts(account: Account, tmp_path: Path) -> None:
    _small_account(account)
    small = account.ogsync("export", str(tmp_path / "small"))
    assert small.code == 0 and "export:" not in small.err
    for i in range(110):
        account.post(
            "/v2/users",
            {"username": f"u{i:03}@example.com", "fullName": f"U {i}", "role": {"name": "User"}},
        )
    large = account.ogsync("export", str(tmp_path / "large"))
    assert large.code == 0, large.err
    lines = large.err.splitlines()
    assert "export: read 112 users" in lines
    assert "export: wrote 100 of 115 files" in lines
    assert "export: wrote 115 of 115 files" in lines


def test_unnamed_routing_rule_leaves_the_list_unmanaged(account: Account, tmp_path: Path) -> None:
    team = account.post("/v2/teams", {"name": "Core"})
    account.post(f"/v2/teams/{team['id']}/routing-rules", {"notify": {"type": "none"}})
    target = tmp_path / "tree"
    result = account.ogsync("export", str(target))
    assert result.code == 0, result.err
    assert "team/Core: routingRules left out" in result.err
    assert "1 without a name" in result.err
    assert "routingRules" not in yaml.safe_load(yaml_files(target)["teams/core.yaml"])
    plan = account.ogsync("plan", str(target), "--detailed-exitcode")
    assert plan.code == 0, plan.out + plan.err
