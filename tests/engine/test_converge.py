"""Apply the example trees to an empty sandbox, converge, and re-apply idempotently."""

from __future__ import annotations

import json


def test_seed_applies_and_converges(seed, account) -> None:
    first = seed.apply()
    assert first.code == 0, first.err
    assert "Plan: 12 to add, 0 to change, 0 to destroy." in first.out
    assert "Verified: the account now matches the config." in first.out
    assert seed.converged()
    assert account.names("/v2/teams") == ["Platform Engineering"]
    routing = account.get("/v2/teams/Platform Engineering/routing-rules", teamIdentifierType="name")
    assert [r["name"] for r in routing if not r.get("isDefault")] == ["Production Alerts Routing"]
    assert routing[-1]["isDefault"] is True


def test_multi_team_applies_and_converges(multi) -> None:
    result = multi.apply()
    assert result.code == 0, result.err
    assert "Verified: the account now matches the config." in result.out
    assert multi.converged()


def test_second_apply_changes_nothing(seed) -> None:
    assert seed.apply().code == 0
    again = seed.apply()
    assert again.code == 0
    assert "No changes: the account matches the config." in again.out


def test_detailed_exitcode_is_2_with_changes_and_0_without(seed) -> None:
    assert seed.plan("--detailed-exitcode").code == 2
    assert seed.plan().code == 0
    seed.apply()
    assert seed.plan("--detailed-exitcode").code == 0


def test_opsgenie_team_defaults_are_not_drift(seed, account) -> None:
    seed.apply()
    schedules = account.names("/v2/schedules")
    assert "Platform Engineering_schedule" in schedules
    doc = seed.plan_json()
    assert doc["unmanaged"] == []
    assert doc["resource_changes"] == []


def test_json_plan_shape(seed) -> None:
    doc = seed.plan_json()
    assert doc["format_version"] == "1.0"
    assert doc["summary"] == {"add": 12, "change": 0, "destroy": 0}
    team = next(
        rc for rc in doc["resource_changes"] if rc["address"] == "team/Platform Engineering"
    )
    assert team["kind"] == "team" and team["name"] == "Platform Engineering"
    assert team["parent"] is None and team["previous_address"] is None
    assert team["change"]["actions"] == ["create"]
    assert team["change"]["before"] is None
    assert team["change"]["after"]["members"][0] == {"user": "alice@company.com", "role": "admin"}
    rule = next(rc for rc in doc["resource_changes"] if rc["kind"] == "routing-rule")
    assert rule["parent"] == "team/Platform Engineering"
    assert rule["address"] == "team/Platform Engineering/routing-rule/Production Alerts Routing"
    json.dumps(doc)


def test_creates_run_in_dependency_order(seed) -> None:
    order = [rc["address"] for rc in seed.plan_json()["resource_changes"]]
    assert order.index("user/alice@company.com") < order.index("team/Platform Engineering")
    assert order.index("team/Platform Engineering") < order.index("schedule/Primary On-Call")
    assert order.index("schedule/Primary On-Call") < order.index("escalation/Production Escalation")
    rule = "team/Platform Engineering/routing-rule/Production Alerts Routing"
    assert order.index("schedule/Primary On-Call") < order.index(rule)
