"""Each kind of change planned and applied against the sandbox: exact addresses and actions."""

from __future__ import annotations

TEAM = "team/Platform Engineering"
RULE = f"{TEAM}/routing-rule/Production Alerts Routing"
SCHED = "schedule/Primary On-Call"
ESC = "escalation/Production Escalation"


def _applied(ws) -> None:
    result = ws.apply()
    assert result.code == 0, result.out + result.err
    assert ws.converged()


def test_a_field_of_every_kind(seed) -> None:
    _applied(seed)
    seed.edit("teams/platform-engineering.yaml", "Platform and infrastructure team", "Platform")
    seed.edit("schedules/primary-on-call.yaml", "enabled: true", "enabled: false")
    seed.edit("escalations/production-escalation.yaml", "timeAmount: 15", "timeAmount: 10")
    seed.edit("users/bob.yaml", "fullName: Bob", "fullName: Robert")
    seed.edit("teams/platform-engineering.yaml", "expectedValue: production", "expectedValue: prod")
    seed.edit("schedules/primary-on-call.yaml", "length: 1", "length: 2")
    assert seed.actions() == {
        ("update", TEAM),
        ("update", SCHED),
        ("update", ESC),
        ("update", "user/bob@company.com"),
        ("update", RULE),
        ("update", f"{SCHED}/rotation/Daily Rotation"),
    }
    doc = seed.plan_json()
    esc = next(rc for rc in doc["resource_changes"] if rc["address"] == ESC)
    assert esc["change"]["fields"] == [
        {"path": "rules[1].delay.timeAmount", "before": 15, "after": 10}
    ]
    _applied(seed)


def test_team_member_added(seed, account) -> None:
    _applied(seed)
    seed.edit(
        "teams/platform-engineering.yaml",
        "    role: user\n",
        "    role: user\n  - user:\n      username: charlie@company.com\n    role: user\n",
    )
    assert seed.actions() == {("update", TEAM)}
    _applied(seed)
    team = account.get("/v2/teams/Platform Engineering", identifierType="name")
    assert sorted(m["user"]["username"] for m in team["members"]) == [
        "alice@company.com",
        "bob@company.com",
        "charlie@company.com",
    ]


NIGHT_RULE = """\
  - name: Nights
    notify:
      type: escalation
      name: Production Escalation
"""


def test_routing_rule_order(seed, account) -> None:
    seed.edit("teams/platform-engineering.yaml", "routingRules:\n", "routingRules:\n" + NIGHT_RULE)
    _applied(seed)
    rules = account.get("/v2/teams/Platform Engineering/routing-rules", teamIdentifierType="name")
    assert [r["name"] for r in rules if not r["isDefault"]] == [
        "Nights",
        "Production Alerts Routing",
    ]
    text = (seed.root / "teams/platform-engineering.yaml").read_text()
    seed.write("teams/platform-engineering.yaml", text.replace(NIGHT_RULE, "") + NIGHT_RULE)
    doc = seed.plan_json()
    moves = [(rc["address"], rc["change"]["fields"]) for rc in doc["resource_changes"]]
    assert moves == [
        (
            f"{TEAM}/routing-rule/Production Alerts Routing",
            [{"path": "order", "before": 1, "after": 0}],
        )
    ]
    _applied(seed)
    rules = account.get("/v2/teams/Platform Engineering/routing-rules", teamIdentifierType="name")
    assert [r["name"] for r in rules if not r["isDefault"]] == [
        "Production Alerts Routing",
        "Nights",
    ]
    assert rules[-1]["isDefault"] is True


def test_rename_is_an_update_in_place(seed, account) -> None:
    _applied(seed)
    before = account.get("/v2/escalations/Production Escalation", identifierType="name")
    seed.edit(
        "escalations/production-escalation.yaml",
        "name: Production Escalation",
        "name: Prod Escalation\npreviousNames: [Production Escalation]",
    )
    doc = seed.plan_json()
    [change] = doc["resource_changes"]
    assert change["address"] == "escalation/Prod Escalation"
    assert change["previous_address"] == ESC
    assert change["change"]["actions"] == ["update"]
    _applied(seed)
    after = account.get("/v2/escalations/Prod Escalation", identifierType="name")
    assert after["id"] == before["id"]


def test_rotation_participant(seed) -> None:
    _applied(seed)
    seed.edit(
        "schedules/primary-on-call.yaml",
        "username: charlie@company.com",
        "username: manager@company.com",
    )
    doc = seed.plan_json()
    [change] = doc["resource_changes"]
    assert change["address"] == f"{SCHED}/rotation/Daily Rotation"
    assert change["change"]["fields"] == [
        {
            "path": "participants[2].username",
            "before": "charlie@company.com",
            "after": "manager@company.com",
        }
    ]
    _applied(seed)


def test_removed_object_is_unmanaged_unless_pruned(seed, account) -> None:
    _applied(seed)
    seed.remove("users/manager.yaml")
    seed.edit(
        "escalations/production-escalation.yaml", "id: manager@company.com", "id: bob@company.com"
    )
    doc = seed.plan_json()
    assert doc["unmanaged"] == ["user/manager@company.com"]
    assert {(rc["change"]["actions"][0], rc["address"]) for rc in doc["resource_changes"]} == {
        ("update", ESC)
    }
    _applied(seed)
    assert "manager@company.com" in account.names("/v2/users")
    assert seed.actions("--prune") == {("delete", "user/manager@company.com")}
    result = seed.apply("--prune")
    assert result.code == 0, result.err
    assert "manager@company.com" not in account.names("/v2/users")


def test_nested_list_is_authoritative(seed, account) -> None:
    seed.edit(
        "teams/platform-engineering.yaml",
        "routingRules:",
        "routingRules:\n  - name: Spare\n    notify: {type: none}",
    )
    _applied(seed)
    text = (seed.root / "teams/platform-engineering.yaml").read_text()
    seed.write(
        "teams/platform-engineering.yaml",
        text.replace("  - name: Spare\n    notify: {type: none}\n", ""),
    )
    assert seed.actions() == {("delete", f"{TEAM}/routing-rule/Spare")}
    _applied(seed)
    rules = account.get("/v2/teams/Platform Engineering/routing-rules", teamIdentifierType="name")
    assert [r["name"] for r in rules if not r["isDefault"]] == ["Production Alerts Routing"]


def test_state_absent_deletes(seed, account) -> None:
    _applied(seed)
    seed.edit(
        "escalations/production-escalation.yaml",
        "name: Production Escalation",
        "name: Production Escalation\nstate: absent",
    )
    assert seed.actions() == {("delete", ESC)}
    _applied(seed)
    assert "Production Escalation" not in account.names("/v2/escalations")


def test_user_deleted_while_still_a_member_is_refused(seed) -> None:
    _applied(seed)
    seed.edit(
        "users/bob.yaml", "username: bob@company.com", "username: bob@company.com\nstate: absent"
    )
    result = seed.plan()
    assert result.code == 1
    assert "teams/platform-engineering.yaml:" in result.err
    assert (
        "user 'bob@company.com' is deleted by this config (state: absent), yet named" in result.err
    )


def test_user_deleted_after_leaving_team_and_rotation(seed, account) -> None:
    _applied(seed)
    seed.edit(
        "users/bob.yaml", "username: bob@company.com", "username: bob@company.com\nstate: absent"
    )
    seed.edit(
        "teams/platform-engineering.yaml",
        "  - user:\n      username: bob@company.com\n    role: user\n",
        "",
    )
    seed.edit(
        "schedules/primary-on-call.yaml",
        "      - type: user\n        username: bob@company.com\n",
        "",
    )
    doc = seed.plan_json()
    order = [(rc["change"]["actions"][0], rc["address"]) for rc in doc["resource_changes"]]
    assert set(order) == {
        ("update", TEAM),
        ("update", f"{SCHED}/rotation/Daily Rotation"),
        ("delete", "user/bob@company.com"),
    }
    assert order[-1] == ("delete", "user/bob@company.com")
    _applied(seed)
    assert "bob@company.com" not in account.names("/v2/users")


def test_drift_made_in_the_ui_is_planned_back(seed, account) -> None:
    _applied(seed)
    esc = account.get("/v2/escalations/Production Escalation", identifierType="name")
    response = account.send(
        "PATCH", f"/v2/escalations/{esc['id']}", {"description": "changed by hand"}
    )
    assert response.status_code < 300, response.text
    doc = seed.plan_json()
    [change] = doc["resource_changes"]
    assert change["change"]["fields"] == [
        {
            "path": "description",
            "before": "changed by hand",
            "after": "Escalation policy for production alerts",
        }
    ]
    _applied(seed)


def test_members_left_out_are_not_managed(workspace, account) -> None:
    workspace.write("users/a.yaml", "username: a@example.com\nfullName: A\n")
    workspace.write("teams/t.yaml", "name: T\n")
    _applied(workspace)
    team = account.get("/v2/teams/T", identifierType="name")
    added = account.send(
        "POST", f"/v2/teams/{team['id']}/members", {"user": {"username": "a@example.com"}}
    )
    assert added.status_code < 300, added.text
    assert workspace.actions() == set()


def test_pruning_a_user_the_config_still_names_is_refused(seed, account) -> None:
    _applied(seed)
    seed.remove("users/bob.yaml")
    result = seed.plan("--prune")
    assert result.code == 1
    assert (
        "cannot delete what the account still uses: user/bob@company.com is still named by "
        "schedule/Primary On-Call/rotation/Daily Rotation, team/Platform Engineering"
    ) in result.err
    assert "bob@company.com" in account.names("/v2/users")


def test_pruning_a_team_takes_its_own_schedule_and_escalation_along(workspace, account) -> None:
    workspace.write("teams/a.yaml", "name: Alpha\n")
    workspace.write("teams/b.yaml", "name: Beta\n")
    _applied(workspace)
    workspace.remove("teams/b.yaml")
    assert workspace.actions("--prune") == {("delete", "team/Beta")}
    assert workspace.apply("--prune").code == 0
    assert account.names("/v2/teams") == ["Alpha"]
    assert "Beta_schedule" not in account.names("/v2/schedules")
    assert "Beta_escalation" not in account.names("/v2/escalations")


def test_a_name_in_other_case_is_renamed_in_place(workspace, account) -> None:
    created = account.send("POST", "/v2/teams", {"name": "platform ops"})
    assert created.status_code < 300, created.text
    workspace.write("teams/t.yaml", "name: Platform Ops\n")
    doc = workspace.plan_json()
    [change] = doc["resource_changes"]
    assert (change["change"]["actions"], change["address"]) == (["update"], "team/Platform Ops")
    assert change["previous_address"] == "team/platform ops"
    assert doc["unmanaged"] == []
    _applied(workspace)
    assert account.names("/v2/teams") == ["Platform Ops"]


def test_names_differing_only_in_case_are_duplicates(ogsync, tree) -> None:
    root = tree({"teams/a.yaml": "name: Team A\n", "teams/b.yaml": "name: team a\n"})
    result = ogsync("validate", str(root))
    assert result.code == 1
    assert (
        "teams/b.yaml:1:7: team/team a: duplicate team name 'team a' (first at "
        "teams/a.yaml:1:7, as 'Team A': case does not count)"
    ) in result.err


def test_references_by_a_previous_name_follow_the_rename(seed, account) -> None:
    _applied(seed)
    seed.edit(
        "teams/platform-engineering.yaml",
        "name: Platform Engineering",
        "name: Platform Eng\npreviousNames: [Platform Engineering]",
    )
    result = seed.plan()
    assert result.code == 0, result.err
    assert "~ team/Platform Eng (renamed from team/Platform Engineering)" in result.out
    _applied(seed)
    schedule = account.get("/v2/schedules/Primary On-Call", identifierType="name")
    assert schedule["ownerTeam"]["name"] == "Platform Eng"


def test_renamed_team_keeps_its_own_schedule_and_escalation(workspace, account) -> None:
    workspace.write("ogsync.yaml", "version: 1\nkinds: [team, schedule, escalation]\nprune: true\n")
    workspace.write("teams/t.yaml", "name: Ops\n")
    _applied(workspace)
    workspace.write("teams/t.yaml", "name: Platform\npreviousNames: [Ops]\n")
    _applied(workspace)
    assert "Platform_schedule" in account.names("/v2/schedules")
    assert "Platform_escalation" in account.names("/v2/escalations")
    workspace.write("teams/t.yaml", "name: Platform\nstate: absent\n")
    _applied(workspace)
    assert account.names("/v2/teams") == []
    assert account.names("/v2/schedules") == []
    assert account.names("/v2/escalations") == []


def test_new_team_with_its_default_rule_described_converges_in_one_apply(workspace, account):
    workspace.write(
        "teams/t.yaml",
        "name: Ops\nroutingRules:\n  - name: default\n    isDefault: true\n"
        "    notify: {type: none}\n",
    )
    doc = workspace.plan_json()
    assert {(rc["change"]["actions"][0], rc["address"]) for rc in doc["resource_changes"]} == {
        ("create", "team/Ops"),
        ("update", "team/Ops/routing-rule/default"),
    }
    _applied(workspace)
    [rule] = account.get("/v2/teams/Ops/routing-rules", teamIdentifierType="name")
    assert rule["isDefault"] and rule["notify"]["type"] == "none"


def test_a_listed_rule_named_like_a_default_in_other_case_converges(workspace, account) -> None:
    workspace.write(
        "users/f.yaml",
        "username: frank@example.com\nfullName: Frank\nnotificationRules:\n"
        "  - name: new alert\n    steps:\n"
        "      - contact: {method: email, to: frank@example.com}\n",
    )
    _applied(workspace)
    user = account.get("/v2/users/frank@example.com")
    rules = account.get(f"/v2/users/{user['id']}/notification-rules")
    names = sorted(r["name"] for r in rules)
    assert "new alert" in names and "New Alert" not in names
