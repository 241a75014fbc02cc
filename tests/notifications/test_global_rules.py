"""Global notification rules: who they select, `to: all`, and the name they own."""

from __future__ import annotations

import copy
from typing import Any

import pytest

ANN, BEN, CAT, DAN = (f"{n}@example.com" for n in ("ann", "ben", "cat", "dan"))
RULE = "Critical By Phone"
STEPS = [
    {"contact": {"method": "sms", "to": "all"}, "sendAfter": {"timeAmount": 0}},
    {"contact": {"method": "voice", "to": "all"}, "sendAfter": {"timeAmount": 2}},
]


def user(name: str, *contacts: tuple[str, str], **extra: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {"username": name, "fullName": name, "role": {"name": "user"}}
    if contacts:
        doc["contacts"] = [{"method": m, "to": t} for m, t in contacts]
    return {**doc, **extra}


BASE: dict[str, Any] = {
    "users/ann.yaml": user(ANN, ("sms", "49-1511001"), ("voice", "49-1511001")),
    "users/ben.yaml": user(BEN, ("sms", "49-1511002")),
    "users/cat.yaml": user(CAT),
    "teams/core.yaml": {
        "name": "Core",
        "members": [{"user": {"username": ANN}, "role": "admin"}, {"user": {"username": BEN}}],
    },
    "schedules/core.yaml": {
        "name": "Core On-Call",
        "timezone": "Europe/Berlin",
        "rotations": [
            {
                "name": "Weekly",
                "type": "weekly",
                "startDate": "2026-01-05T08:00:00Z",
                "participants": [
                    {"type": "user", "username": ANN},
                    {"type": "user", "username": CAT},
                ],
            }
        ],
    },
}


def rule(**extra: Any) -> dict[str, dict[str, Any]]:
    doc = {
        "name": RULE,
        "criteria": {
            "type": "match-all-conditions",
            "conditions": [{"field": "priority", "operation": "equals", "expectedValue": "P1"}],
        },
        "steps": copy.deepcopy(STEPS),
        **extra,
    }
    return {"notification-rules/critical.yaml": doc}


def addr(username: str, name: str = RULE) -> str:
    return f"user/{username}/notification-rule/{name}"


def steps_of(users, username: str, name: str = RULE) -> list[tuple[str, str]]:
    found = users.rules(username)[name]["steps"]
    return [(s["contact"]["method"], s["contact"]["to"]) for s in found]


@pytest.fixture
def base(ws):
    ws.put(BASE)
    ws.applied()
    return ws


def test_team_members_get_one_personal_rule_each(base, users) -> None:
    base.put(rule(appliesTo={"teams": ["Core"]}))
    assert base.actions() == {("create", addr(ANN)), ("create", addr(BEN))}
    base.applied()
    assert steps_of(users, ANN) == [("sms", "49-1511001"), ("voice", "49-1511001")]
    assert steps_of(users, BEN) == [("sms", "49-1511002")]
    assert RULE not in users.rules(CAT)
    assert base.converged()


def test_each_change_names_its_global_rule(base) -> None:
    base.put(rule(appliesTo={"users": [ANN]}))
    notes = base.changes()[f"create:{addr(ANN)}"]["notes"]
    assert notes == [f"from global rule {RULE!r} (notification-rules/critical.yaml)"]


def test_to_all_warns_for_a_user_without_that_method(base) -> None:
    base.put(rule(appliesTo={"users": [BEN]}))
    warnings = base.plan_json()["warnings"]
    assert any(BEN in w and "has no voice contact" in w for w in warnings), warnings


def test_to_all_gives_one_step_per_contact_of_the_method(base, users) -> None:
    doc = copy.deepcopy(BASE["users/ann.yaml"])
    doc["contacts"].append({"method": "sms", "to": "49-1511009"})
    base.put({"users/ann.yaml": doc, **rule(appliesTo={"users": [ANN]})})
    base.applied()
    assert steps_of(users, ANN) == [
        ("sms", "49-1511001"),
        ("sms", "49-1511009"),
        ("voice", "49-1511001"),
    ]
    assert base.converged()


def test_a_user_none_of_whose_contacts_fit_gets_no_rule(base, users) -> None:
    base.put(rule(appliesTo={"users": [CAT, ANN]}))
    doc = base.plan_json()
    assert {rc["address"] for rc in doc["resource_changes"]} == {addr(ANN)}
    assert any(CAT in w and "notify nobody" in w for w in doc["warnings"])


def test_schedule_participants_are_selected(base) -> None:
    base.put(rule(appliesTo={"schedules": ["core-on-call"]}))
    assert base.actions() == {("create", addr(ANN))}  # cat has no phone: warned, no rule


def test_seed_form_schedules_select_and_are_not_sent(base, users) -> None:
    base.put(
        rule(
            schedules=[{"name": "Core On-Call"}],
            steps=[{"contact": {"method": "email", "to": "all"}}],
        )
    )
    assert base.actions() == {("create", addr(ANN)), ("create", addr(CAT))}
    base.applied()
    assert "schedules" not in users.rules(CAT)[RULE]
    assert steps_of(users, CAT) == [("email", CAT)]
    assert base.converged()


def test_without_a_selection_every_config_user_gets_it(base) -> None:
    base.put(rule(steps=[{"contact": {"method": "email", "to": "all"}}]))
    assert base.actions() == {("create", addr(u)) for u in (ANN, BEN, CAT)}


def test_a_schedule_start_rule_sends_its_schedules(base, users) -> None:
    base.put(
        rule(
            actionType="schedule-start",
            criteria={"type": "match-all"},
            notificationTime=["1-hour-ago"],
            schedules=[{"name": "Core On-Call"}],
            appliesTo={"users": [BEN]},
            steps=[{"contact": {"method": "email", "to": "all"}}],
        )
    )
    base.applied()
    sent = users.rules(BEN)[RULE]
    assert [s["name"] for s in sent["schedules"]] == ["Core On-Call"]
    assert sent["notificationTime"] == ["1-hour-ago"]
    assert base.converged()


def test_a_personal_rule_of_the_same_name_wins(base, users) -> None:
    own = {"name": RULE, "steps": [{"contact": {"method": "voice", "to": "49-1511001"}}]}
    doc = {**copy.deepcopy(BASE["users/ann.yaml"]), "notificationRules": [own]}
    base.put({"users/ann.yaml": doc, **rule(appliesTo={"teams": ["Core"]})})
    changes = base.changes()
    assert changes[f"create:{addr(ANN)}"]["notes"] == []
    assert f"create:{addr(BEN)}" in changes
    base.applied()
    assert steps_of(users, ANN) == [("voice", "49-1511001")]
    assert base.converged()


def test_a_user_outside_the_selection_loses_the_rule(base, users) -> None:
    base.put(rule(appliesTo={"teams": ["Core"]}))
    base.applied()
    base.put(rule(appliesTo={"users": [ANN]}))
    changes = base.changes()
    assert set(changes) == {f"delete:{addr(BEN)}"}
    assert changes[f"delete:{addr(BEN)}"]["notes"] == [
        f"global rule {RULE!r} does not select this user"
    ]
    base.applied()
    assert RULE not in users.rules(BEN)
    assert base.converged()


def test_state_absent_removes_it_from_everyone(base, users) -> None:
    users.add_user(DAN)
    users.add_contact(DAN, "sms", "1-5550100")
    base.put(rule(appliesTo={"teams": ["Core"], "users": [DAN]}))
    base.applied()
    assert RULE in users.rules(DAN)
    base.put(rule(state="absent"))
    assert base.actions() == {("delete", addr(u)) for u in (ANN, BEN, DAN)}
    base.applied()
    assert all(RULE not in users.rules(u) for u in (ANN, BEN, DAN))
    assert base.converged()


def test_a_live_user_outside_the_config_can_be_selected(base, users) -> None:
    users.add_user(DAN)
    users.add_contact(DAN, "voice", "1-5550100")
    base.put(rule(appliesTo={"users": [DAN]}))
    assert base.actions() == {("create", addr(DAN))}
    base.applied()
    assert steps_of(users, DAN) == [("voice", "1-5550100")]
    assert base.converged()


def test_team_members_come_from_the_account_when_the_config_leaves_them_out(base, users) -> None:
    base.put({"teams/core.yaml": {"name": "Core"}, **rule(appliesTo={"teams": ["Core"]})})
    creates = {a for a in base.actions() if a[1].endswith(f"/notification-rule/{RULE}")}
    assert creates == {("create", addr(ANN)), ("create", addr(BEN))}
    team = {"name": "Ops", "members": [{"user": {"username": BEN}, "role": "user"}]}
    assert users.send("POST", "/v2/teams", team).status_code == 201
    base.put({**BASE, **rule(appliesTo={"teams": ["Ops"]})})
    assert base.actions() == {("create", addr(BEN))}


def test_new_users_get_the_rule_in_the_same_apply(ws, users) -> None:
    ws.put({**BASE, **rule(appliesTo={"teams": ["Core"]})})
    ws.applied()
    assert steps_of(users, BEN) == [("sms", "49-1511002")]
    assert ws.converged()


def test_a_global_rule_step_must_say_to_all(ws) -> None:
    ws.put({**BASE, **rule(steps=[{"contact": {"method": "sms", "to": "49-1511001"}}])})
    result = ws.run("validate", str(ws.root))
    assert result.code == 1
    assert "a global rule's step takes `to: all`" in result.err


def test_a_renamed_selected_user_keeps_the_rule(base, users) -> None:
    base.put(rule(appliesTo={"users": [ANN]}))
    base.applied()
    base.remove("teams/core.yaml")  # they name ann by her old username
    base.remove("schedules/core.yaml")
    renamed = {**BASE["users/ann.yaml"], "username": "anna@example.com", "previousNames": [ANN]}
    base.put({"users/ann.yaml": renamed, **rule(appliesTo={"users": ["anna@example.com"]})})
    assert base.actions() == {("update", "user/anna@example.com")}
    base.applied()
    assert RULE in users.rules("anna@example.com")
    assert base.converged()
