"""Personal notification rules: every field round-trips, order by position, Opsgenie's defaults."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from support import NIGHTS, WEEKDAYS

ANN = "ann@example.com"
PHONE = "49-15110000001"
SMS = {"method": "sms", "to": PHONE}
VOICE = {"method": "voice", "to": PHONE}
EMAIL = {"method": "email", "to": ANN}
PAGER = {
    "name": "Pager",
    "actionType": "create-alert",
    "criteria": {"type": "match-all"},
    "steps": [{"contact": SMS, "sendAfter": {"timeAmount": 0, "timeUnit": "minutes"}}],
    "enabled": True,
}
SHIFT = {
    "name": "Shift",
    "actionType": "schedule-start",
    "notificationTime": ["just-before"],
    "schedules": [{"name": "Core On-Call"}],
    "steps": [{"contact": EMAIL}],
}
USER = {
    "username": ANN,
    "fullName": "Ann",
    "role": {"name": "user"},
    "contacts": [EMAIL, SMS, VOICE],
    "notificationRules": [PAGER, SHIFT],
}
SCHEDULES = {
    "schedules/core.yaml": {"name": "Core On-Call", "timezone": "Europe/Berlin"},
    "schedules/edge.yaml": {"name": "Edge On-Call", "timezone": "Europe/Berlin"},
}
P1 = {
    "type": "match-any-condition",
    "conditions": [
        {"field": "priority", "operation": "equals", "expectedValue": "P1"},
        {"field": "tags", "not": True, "operation": "contains", "expectedValue": "test"},
    ],
}
PAGER_ADDR = f"user/{ANN}/notification-rule/Pager"
SHIFT_ADDR = f"user/{ANN}/notification-rule/Shift"

# (rule index, field, value, address that changes)
CASES: list[tuple[int, str, Any, str]] = [
    (0, "actionType", "acknowledged-alert", PAGER_ADDR),
    (0, "criteria", P1, PAGER_ADDR),
    (0, "timeRestriction", WEEKDAYS, PAGER_ADDR),
    (0, "timeRestriction", NIGHTS, PAGER_ADDR),
    (0, "restrictions", [{"startHour": 8, "startMin": 0, "endHour": 23, "endMin": 59}], PAGER_ADDR),
    (0, "repeat", {"loopAfter": 10, "enabled": True}, PAGER_ADDR),
    (0, "enabled", False, PAGER_ADDR),
    (
        0,
        "steps",
        [{"contact": SMS, "sendAfter": {"timeAmount": 5, "timeUnit": "minutes"}}],
        PAGER_ADDR,
    ),
    (0, "steps", [{"contact": SMS, "enabled": False}], PAGER_ADDR),
    (
        0,
        "steps",
        [{"contact": SMS}, {"contact": VOICE, "sendAfter": {"timeAmount": 2}}],
        PAGER_ADDR,
    ),
    (0, "steps", [{"contact": VOICE}], PAGER_ADDR),
    (0, "steps", [{"contact": VOICE}, {"contact": SMS}], PAGER_ADDR),
    (0, "steps", [{"contact": {"method": "sms", "to": PHONE}}, {"contact": SMS}], PAGER_ADDR),
    (0, "steps", [], PAGER_ADDR),
    (1, "notificationTime", ["1-hour-ago", "15-minutes-ago"], SHIFT_ADDR),
    (1, "schedules", [{"name": "Core On-Call"}, {"name": "edge-on-call"}], SHIFT_ADDR),
    (1, "actionType", "schedule-end", SHIFT_ADDR),
]


def _files(rules: list[dict[str, Any]] | None = None, **user: Any) -> dict[str, Any]:
    doc = {**copy.deepcopy(USER), **user}
    if rules is not None:
        doc["notificationRules"] = rules
    return {**SCHEDULES, "users/ann.yaml": doc}


@pytest.fixture
def base(ws):
    ws.put(_files())
    ws.applied()
    return ws


@pytest.mark.parametrize(
    ("index", "key", "value", "address"),
    CASES,
    ids=[f"{i}:{key}:{n}" for n, (i, key, _, _) in enumerate(CASES)],
)
def test_field_round_trips(base, users, index: int, key: str, value: Any, address: str) -> None:
    rules = copy.deepcopy(USER["notificationRules"])
    rules[index][key] = value
    base.put(_files(rules))
    assert base.actions() == {("update", address)}
    base.applied()
    assert base.converged()
    assert set(users.rules(ANN)) >= {"Pager", "Shift"}


def test_schedule_fields_reach_the_account(base, users) -> None:
    shift = users.rules(ANN)["Shift"]
    assert shift["notificationTime"] == ["just-before"]
    assert [s["name"] for s in shift["schedules"]] == ["Core On-Call"]


def test_steps_are_sent_in_order_with_their_delays(base, users) -> None:
    rules = copy.deepcopy(USER["notificationRules"])
    rules[0]["steps"] = [
        {"contact": VOICE, "sendAfter": {"timeAmount": 1}},
        {"contact": SMS, "sendAfter": {"timeAmount": 3}, "enabled": False},
    ]
    base.put(_files(rules))
    base.applied()
    steps = users.rules(ANN)["Pager"]["steps"]
    assert [
        (s["contact"]["method"], s["sendAfter"]["timeAmount"], s["enabled"]) for s in steps
    ] == [
        ("voice", 1, True),
        ("sms", 3, False),
    ]


def test_position_gives_the_order_within_each_action_type(ws, users) -> None:
    first = {**PAGER, "name": "First"}
    second = {**PAGER, "name": "Second"}
    ws.put(_files([first, SHIFT, second]))
    ws.applied()
    order = users.order(ANN)
    assert order.index("First") < order.index("Second")
    assert ws.converged()
    ws.put(_files([second, SHIFT, first]))
    changes = ws.changes()
    moved = changes[f"update:user/{ANN}/notification-rule/Second"]
    assert any(f["path"] == "order" for f in moved["change"]["fields"])
    assert f"update:{SHIFT_ADDR}" not in changes
    ws.applied()
    order = users.order(ANN)
    assert order.index("Second") < order.index("First")
    assert ws.converged()


def test_listed_rules_come_before_opsgenie_defaults(ws, users) -> None:
    ws.put(_files([PAGER]))
    ws.applied()
    assert users.order(ANN)[:2] == ["Pager", "New Alert"]


def test_an_explicit_order_is_rejected_with_a_hint(ws) -> None:
    ws.put(_files([{**PAGER, "order": 0}]))
    result = ws.run("validate", str(ws.root))
    assert result.code == 1
    assert "the position in the list gives the order" in result.err


def test_opsgenie_defaults_are_left_alone_when_not_described(base, users) -> None:
    assert {"New Alert", "Renotified Alert", "Schedule Start"} <= set(users.rules(ANN))
    assert base.plan_json()["resource_changes"] == []


def test_an_opsgenie_default_is_adopted_when_described(base, users) -> None:
    new_alert = {"name": "New Alert", "steps": [{"contact": SMS}]}
    base.put(_files([PAGER, SHIFT, new_alert]))
    assert base.actions() == {("update", f"user/{ANN}/notification-rule/New Alert")}
    base.applied()
    steps = users.rules(ANN)["New Alert"]["steps"]
    assert [s["contact"]["method"] for s in steps] == ["sms"]
    assert base.converged()


def test_a_rule_missing_from_the_list_is_deleted(base, users) -> None:
    base.put(_files([PAGER]))
    assert base.actions() == {("delete", SHIFT_ADDR)}
    base.applied()
    assert "Shift" not in users.rules(ANN)


def test_without_the_key_rules_are_not_managed(base, users) -> None:
    doc = _files()
    del doc["users/ann.yaml"]["notificationRules"]
    base.put(doc)
    assert base.plan_json()["resource_changes"] == []


def test_a_personal_rule_cannot_say_to_all(ws) -> None:
    ws.put(_files([{**PAGER, "steps": [{"contact": {"method": "sms", "to": "all"}}]}]))
    result = ws.run("validate", str(ws.root))
    assert result.code == 1
    assert "`to: all` belongs to global rules" in result.err


def test_rule_names_differing_only_in_case_are_duplicates(ws) -> None:
    ws.put(_files([PAGER, {**PAGER, "name": "pager"}]))
    result = ws.run("validate", str(ws.root))
    assert result.code == 1
    assert "duplicate notification rule 'pager'" in result.err
