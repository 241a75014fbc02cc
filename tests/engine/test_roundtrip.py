"""Every field the config can set, on every kind: set it, apply, and the next plan is empty."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from support import NIGHTS, WEEKDAYS

USERS = {
    "users/ann.yaml": {
        "username": "ann@example.com",
        "fullName": "Ann Example",
        "role": {"name": "Admin"},
    },
    "users/ben.yaml": {"username": "ben@example.com", "fullName": "Ben Example"},
}
TEAM = {
    "name": "Core",
    "description": "Core services",
    "members": [{"user": {"username": "ann@example.com"}, "role": "admin"}],
    "routingRules": [
        {
            "name": "Critical",
            "criteria": {
                "type": "match-any-condition",
                "conditions": [
                    {"field": "priority", "operation": "equals", "expectedValue": "P1"},
                ],
            },
            "notify": {"type": "escalation", "name": "Core Escalation"},
        }
    ],
}
SCHEDULE = {
    "name": "Core On-Call",
    "timezone": "Europe/Berlin",
    "ownerTeam": {"name": "Core"},
    "rotations": [
        {
            "name": "Weekly",
            "type": "weekly",
            "startDate": "2026-01-05T08:00:00Z",
            "participants": [
                {"type": "user", "username": "ann@example.com"},
                {"type": "user", "username": "ben@example.com"},
            ],
        }
    ],
}
ESCALATION = {
    "name": "Core Escalation",
    "ownerTeam": {"name": "Core"},
    "rules": [
        {
            "condition": "if-not-acked",
            "notifyType": "default",
            "delay": {"timeAmount": 0},
            "recipient": {"type": "schedule", "name": "Core On-Call"},
        }
    ],
}
BASE = {
    **USERS,
    "teams/core.yaml": TEAM,
    "schedules/core.yaml": SCHEDULE,
    "escalations/core.yaml": ESCALATION,
}


# (file, path to set, value, address that changes)
CASES: list[tuple[str, tuple[Any, ...], Any, str]] = [
    ("users/ann.yaml", ("fullName",), "Ann B. Example", "user/ann@example.com"),
    ("users/ann.yaml", ("role",), {"name": "User"}, "user/ann@example.com"),
    ("users/ann.yaml", ("timeZone",), "Asia/Tokyo", "user/ann@example.com"),
    ("users/ann.yaml", ("locale",), "de_DE", "user/ann@example.com"),
    ("users/ann.yaml", ("tags",), ["oncall", "berlin"], "user/ann@example.com"),
    ("users/ann.yaml", ("details",), {"floor": ["3"], "desk": ["a", "b"]}, "user/ann@example.com"),
    (
        "users/ann.yaml",
        ("userAddress",),
        {"country": "DE", "city": "Berlin", "line": "Str. 1", "zipCode": "10115", "state": "BE"},
        "user/ann@example.com",
    ),
    ("users/ann.yaml", ("skypeUsername",), "ann.skype", "user/ann@example.com"),
    ("teams/core.yaml", ("description",), "Core and edge", "team/Core"),
    (
        "teams/core.yaml",
        ("members",),
        [
            {"user": {"username": "ben@example.com"}, "role": "user"},
            {"user": {"username": "ann@example.com"}, "role": "user"},
        ],
        "team/Core",
    ),
    (
        "teams/core.yaml",
        ("routingRules", 0, "timezone"),
        "Asia/Tokyo",
        "team/Core/routing-rule/Critical",
    ),
    (
        "teams/core.yaml",
        ("routingRules", 0, "timeRestriction"),
        WEEKDAYS,
        "team/Core/routing-rule/Critical",
    ),
    (
        "teams/core.yaml",
        ("routingRules", 0, "timeRestriction"),
        NIGHTS,
        "team/Core/routing-rule/Critical",
    ),
    (
        "teams/core.yaml",
        ("routingRules", 0, "criteria"),
        {
            "type": "match-all-conditions",
            "conditions": [
                {
                    "field": "extra-properties",
                    "key": "env",
                    "not": True,
                    "operation": "equals",
                    "expectedValue": "staging",
                },
                {"field": "tags", "operation": "contains", "expectedValue": "db"},
            ],
        },
        "team/Core/routing-rule/Critical",
    ),
    (
        "teams/core.yaml",
        ("routingRules", 0, "criteria"),
        {"type": "match-all"},
        "team/Core/routing-rule/Critical",
    ),
    (
        "teams/core.yaml",
        ("routingRules", 0, "notify"),
        {"type": "schedule", "name": "Core On-Call"},
        "team/Core/routing-rule/Critical",
    ),
    (
        "teams/core.yaml",
        ("routingRules", 0, "notify"),
        {"type": "none"},
        "team/Core/routing-rule/Critical",
    ),
    ("schedules/core.yaml", ("description",), "Who answers", "schedule/Core On-Call"),
    ("schedules/core.yaml", ("timezone",), "America/New_York", "schedule/Core On-Call"),
    ("schedules/core.yaml", ("enabled",), False, "schedule/Core On-Call"),
    (
        "schedules/core.yaml",
        ("rotations", 0, "type"),
        "daily",
        "schedule/Core On-Call/rotation/Weekly",
    ),
    ("schedules/core.yaml", ("rotations", 0, "length"), 2, "schedule/Core On-Call/rotation/Weekly"),
    (
        "schedules/core.yaml",
        ("rotations", 0, "startDate"),
        "2026-02-02T09:30:00+01:00",
        "schedule/Core On-Call/rotation/Weekly",
    ),
    (
        "schedules/core.yaml",
        ("rotations", 0, "endDate"),
        "2027-01-01T00:00:00Z",
        "schedule/Core On-Call/rotation/Weekly",
    ),
    (
        "schedules/core.yaml",
        ("rotations", 0, "participants"),
        [
            {"type": "user", "username": "ben@example.com"},
            {"type": "none"},
            {"type": "team", "name": "Core"},
        ],
        "schedule/Core On-Call/rotation/Weekly",
    ),
    (
        "schedules/core.yaml",
        ("rotations", 0, "timeRestriction"),
        WEEKDAYS,
        "schedule/Core On-Call/rotation/Weekly",
    ),
    (
        "schedules/core.yaml",
        ("rotations", 0, "timeRestriction"),
        NIGHTS,
        "schedule/Core On-Call/rotation/Weekly",
    ),
    ("escalations/core.yaml", ("description",), "Page the rota", "escalation/Core Escalation"),
    (
        "escalations/core.yaml",
        ("rules", 0, "condition"),
        "if-not-closed",
        "escalation/Core Escalation",
    ),
    ("escalations/core.yaml", ("rules", 0, "notifyType"), "next", "escalation/Core Escalation"),
    (
        "escalations/core.yaml",
        ("rules", 0, "delay"),
        {"timeAmount": 30, "timeUnit": "minutes"},
        "escalation/Core Escalation",
    ),
    (
        "escalations/core.yaml",
        ("rules", 0, "recipient"),
        {"type": "user", "username": "ben@example.com"},
        "escalation/Core Escalation",
    ),
    (
        "escalations/core.yaml",
        ("rules", 0),
        {
            "condition": "if-not-acked",
            "notifyType": "admins",
            "delay": {"timeAmount": 5},
            "recipient": {"type": "team", "name": "Core"},
        },
        "escalation/Core Escalation",
    ),
    (
        "escalations/core.yaml",
        ("repeat",),
        {"waitInterval": 10, "count": 3, "resetRecipientStates": True, "closeAlertAfterAll": True},
        "escalation/Core Escalation",
    ),
]


def _write(ws, files: dict[str, Any]) -> None:
    for rel, doc in files.items():
        ws.write(rel, yaml.safe_dump(doc, sort_keys=False))


def _set(doc: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    out = copy.deepcopy(doc)
    node: Any = out
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return out


@pytest.fixture
def base(workspace):
    _write(workspace, BASE)
    result = workspace.apply()
    assert result.code == 0, result.out + result.err
    return workspace


@pytest.mark.parametrize(
    ("rel", "path", "value", "address"),
    CASES,
    ids=[
        f"{rel.split('/')[0]}:{'.'.join(map(str, path))}:{i}"
        for i, (rel, path, _, _) in enumerate(CASES)
    ],
)
def test_field_round_trips(base, rel: str, path: tuple[Any, ...], value: Any, address: str) -> None:
    _write(base, {rel: _set(BASE[rel], path, value)})
    assert base.actions() == {("update", address)}
    result = base.apply()
    assert result.code == 0, result.out + result.err
    assert "Verified: the account now matches the config." in result.out
    assert base.converged()
