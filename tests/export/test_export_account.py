"""Export an account made outside ogsync, through the sandbox's HTTP API, with every field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from export_helpers import Account, yaml_files

from support import invoke

NOW = "2026-03-02T12:00:00Z"
WEEKEND = {
    "type": "weekday-and-time-of-day",
    "restrictions": [
        {
            "startDay": "friday",
            "startHour": 18,
            "startMin": 0,
            "endDay": "monday",
            "endHour": 9,
            "endMin": 30,
        }
    ],
}
NIGHTS = {
    "type": "time-of-day",
    "restriction": {"startHour": 22, "startMin": 0, "endHour": 6, "endMin": 30},
}
# Team names that need care: a slash, punctuation and case that share a slug, unicode, a
# path-traversal attempt, nothing alphanumeric at all, and a name Windows reserves.
TRICKY_TEAMS = [
    "Ops / Night",
    "ops-night",
    "OPS Night",
    "Équipe d'été ☀",
    "../../etc",
    "!!!",
    "CON",
]


def _user(account: Account, username: str, **fields: Any) -> str:
    body = {"username": username, "fullName": username.split("@")[0], **fields}
    body.setdefault("role", {"name": "User"})
    return str(account.post("/v2/users", body)["id"])


def build_account(account: Account) -> dict[str, str]:
    """Every field each kind supports; returns live ids by name."""
    ids: dict[str, str] = {}
    ids["ann"] = _user(
        account,
        "Ann@Example.com",
        fullName="Ann Example",
        role={"name": "Admin"},
        timeZone="Europe/Berlin",
        locale="de_DE",
        tags=["oncall", "berlin"],
        details={"floor": ["3"], "desk": ["a", "b"]},
        userAddress={"country": "DE", "city": "Berlin", "line": "Str. 1", "zipCode": "10115"},
        skypeUsername="ann.skype",
    )
    ids["ben"] = _user(account, "ben@example.com")
    ids["owner"] = _user(account, "owner@example.com", role={"name": "Owner"})
    account.post(f"/v2/users/{ids['ann']}/contacts", {"method": "sms", "to": "49-15110000001"})
    account.post(f"/v2/users/{ids['ann']}/contacts", {"method": "voice", "to": "49-15110000002"})
    core = account.post(
        "/v2/teams",
        {
            "name": "Core",
            "description": "Core services",
            "members": [
                {"user": {"id": ids["ann"]}, "role": "admin"},
                {"user": {"username": "ben@example.com"}, "role": "user"},
            ],
        },
    )
    ids["Core"] = core["id"]
    for name in TRICKY_TEAMS:
        ids[name] = account.post("/v2/teams", {"name": name, "description": f"team {name}"})["id"]
    schedule = account.post(
        "/v2/schedules",
        {
            "name": "Core / On-Call",
            "description": "Who answers",
            "timezone": "Asia/Tokyo",
            "enabled": False,
            "ownerTeam": {"id": ids["Core"]},
            "rotations": [
                {
                    "name": "Weekdays",
                    "type": "daily",
                    "length": 2,
                    "startDate": "2026-01-05T08:00:00Z",
                    "endDate": "2027-01-01T00:00:00Z",
                    "participants": [
                        {"type": "user", "id": ids["ann"]},
                        {"type": "none"},
                        {"type": "user", "username": "ben@example.com"},
                    ],
                    "timeRestriction": WEEKEND,
                },
                {
                    "name": "Nights",
                    "type": "hourly",
                    "startDate": "2026-01-05T22:00:00Z",
                    "participants": [{"type": "team", "id": ids["Core"]}],
                    "timeRestriction": NIGHTS,
                },
            ],
        },
    )
    ids["Core / On-Call"] = schedule["id"]
    overrides = f"/v2/schedules/{ids['Core / On-Call']}/overrides"
    for alias, start, end in (
        ("swap in 2030", "2030-03-11T08:00:00Z", "2030-03-12T08:00:00Z"),
        ("old swap", "2020-01-13T08:00:00Z", "2020-01-14T08:00:00Z"),
    ):
        account.post(
            overrides,
            {
                "alias": alias,
                "user": {"type": "user", "username": "ben@example.com"},
                "startDate": start,
                "endDate": end,
                "rotations": [{"name": "Weekdays"}],
            },
        )
    account.post(
        f"/v2/users/{ids['ann']}/notification-rules",
        {
            "name": "Night pages",
            "actionType": "create-alert",
            "criteria": {
                "type": "match-any-condition",
                "conditions": [{"field": "priority", "operation": "equals", "expectedValue": "P1"}],
            },
            "timeRestriction": NIGHTS,
            "steps": [
                {
                    "contact": {"method": "sms", "to": "49-15110000001"},
                    "sendAfter": {"timeAmount": 0},
                    "enabled": True,
                },
                {
                    "contact": {"method": "voice", "to": "49-15110000002"},
                    "sendAfter": {"timeAmount": 5},
                    "enabled": False,
                },
            ],
            "repeat": {"loopAfter": 10, "enabled": True},
            "order": 0,
            "enabled": True,
        },
    )
    account.post(
        f"/v2/users/{ids['ann']}/notification-rules",
        {
            "name": "Shift start",
            "actionType": "schedule-start",
            "notificationTime": ["just-before", "15-minutes-ago"],
            "schedules": [{"type": "schedule", "id": ids["Core / On-Call"]}],
            "steps": [{"contact": {"method": "sms", "to": "49-15110000001"}, "enabled": True}],
            "enabled": False,
        },
    )
    escalation = account.post(
        "/v2/escalations",
        {
            "name": "Core Escalation",
            "description": "Wake people up",
            "ownerTeam": {"id": ids["Core"]},
            "rules": [
                {
                    "condition": "if-not-closed",
                    "notifyType": "default",
                    "delay": {"timeAmount": 5, "timeUnit": "minutes"},
                    "recipient": {"type": "schedule", "id": ids["Core / On-Call"]},
                },
                {
                    "condition": "if-not-acked",
                    "notifyType": "default",
                    "delay": {"timeAmount": 15},
                    "recipient": {"type": "user", "id": ids["ben"]},
                },
                {
                    "condition": "if-not-acked",
                    "notifyType": "admins",
                    "delay": {"timeAmount": 30},
                    "recipient": {"type": "team", "id": ids["Ops / Night"]},
                },
            ],
            "repeat": {
                "waitInterval": 10,
                "count": 2,
                "resetRecipientStates": True,
                "closeAlertAfterAll": True,
            },
        },
    )
    ids["Core Escalation"] = escalation["id"]
    rules = f"/v2/teams/{ids['Core']}/routing-rules"
    account.post(
        rules,
        {
            "name": "Critical",
            "criteria": {
                "type": "match-all-conditions",
                "conditions": [
                    {
                        "field": "extra-properties",
                        "key": "env",
                        "not": True,
                        "operation": "equals",
                        "expectedValue": "staging",
                    },
                    {"field": "priority", "operation": "equals", "expectedValue": "P1"},
                ],
            },
            "timeRestriction": WEEKEND,
            "timezone": "Europe/Berlin",
            "notify": {"type": "escalation", "id": ids["Core Escalation"]},
        },
    )
    account.post(
        rules,
        {
            "name": "Nights",
            "timeRestriction": NIGHTS,
            "notify": {"type": "schedule", "id": ids["Core / On-Call"]},
        },
    )
    account.post(rules, {"name": "Quiet", "notify": {"type": "none"}, "order": 0})
    # A custom rule of another team sends to that team's default escalation.
    account.post(
        f"/v2/teams/{ids['ops-night']}/routing-rules",
        {"name": "All", "notify": {"type": "escalation", "name": "ops-night_escalation"}},
    )
    return ids


@pytest.fixture
def exported(account: Account, tmp_path: Path) -> tuple[Path, dict[str, str], dict[str, str]]:
    ids = build_account(account)
    target = tmp_path / "exported"
    result = account.ogsync("export", str(target))
    assert result.code == 0, result.err
    return target, yaml_files(target), ids


def test_round_trip_of_an_account_made_outside_ogsync(
    account: Account, exported: tuple[Path, dict[str, str], dict[str, str]]
) -> None:
    target, _, _ = exported
    valid = invoke("--now", NOW, "validate", str(target))
    assert valid.code == 0, valid.out + valid.err
    assert valid.out.strip().splitlines()[-1].startswith("ok:")
    warnings = [line for line in (valid.out + valid.err).splitlines() if ": warning:" in line]
    # The only remark is about the account itself: Opsgenie's default schedule has no rotation.
    assert all("ops-night_schedule" in line for line in warnings), warnings
    plan = account.ogsync("plan", str(target), "--detailed-exitcode")
    assert plan.code == 0, plan.out + plan.err


def test_every_field_is_written_by_name(
    exported: tuple[Path, dict[str, str], dict[str, str]],
) -> None:
    _, files, ids = exported
    for text in files.values():
        assert not any(ident in text for ident in ids.values()), text
    ann = yaml.safe_load(files["users/ann-example-com.yaml"])
    assert ann["username"] == "ann@example.com"
    assert ann["role"] == {"name": "Admin"}
    assert ann["tags"] == ["berlin", "oncall"]
    assert ann["details"] == {"desk": ["a", "b"], "floor": ["3"]}
    assert ann["userAddress"]["city"] == "Berlin"
    assert ann["skypeUsername"] == "ann.skype"
    assert [c["to"] for c in ann["contacts"]] == ["49-15110000001", "49-15110000002"]
    rules = {r["name"]: r for r in ann["notificationRules"]}
    assert set(rules) == {"Night pages", "Shift start"}  # Opsgenie's own rules left out
    assert rules["Night pages"]["steps"][1]["enabled"] is False
    assert rules["Shift start"]["schedules"] == [{"name": "Core / On-Call"}]
    core = yaml.safe_load(files["teams/core.yaml"])
    assert [r["name"] for r in core["routingRules"]] == ["Quiet", "Critical", "Nights"]
    assert core["routingRules"][1]["notify"] == {"type": "escalation", "name": "Core Escalation"}
    assert core["routingRules"][1]["criteria"]["conditions"][0]["not"] is True
    schedule = yaml.safe_load(files["schedules/core-on-call.yaml"])
    assert schedule["ownerTeam"] == {"name": "Core"}
    assert schedule["enabled"] is False
    weekdays = schedule["rotations"][1]
    assert weekdays["name"] == "Weekdays"
    assert weekdays["participants"][1] == {"type": "none"}
    assert weekdays["length"] == 2
    # Only the override still to come; the one wholly in the past is left out.
    assert [o["alias"] for o in schedule["overrides"]] == ["swap in 2030"]
    assert schedule["overrides"][0]["rotations"] == [{"name": "Weekdays"}]
    escalation = yaml.safe_load(files["escalations/core-escalation.yaml"])
    assert escalation["repeat"]["closeAlertAfterAll"] is True
    assert escalation["rules"][2]["recipient"] == {"type": "team", "name": "Ops / Night"}
    assert escalation["rules"][2]["notifyType"] == "admins"
    assert "notifyType" not in escalation["rules"][0]  # at its default


def test_file_names_are_safe_and_distinct_for_any_name(
    exported: tuple[Path, dict[str, str], dict[str, str]],
) -> None:
    target, files, _ = exported
    teams = {yaml.safe_load(text)["name"]: path for path, text in files.items() if "teams/" in path}
    assert set(teams) == {"Core", *TRICKY_TEAMS}
    assert len(set(teams.values())) == len(teams)
    for path in files:
        assert (target / path).resolve().is_relative_to(target.resolve())
        assert path.count("/") <= 1
    assert teams["Core"] == "teams/core.yaml"
    assert teams["Équipe d'été ☀"] == "teams/équipe-d-été.yaml"
    assert teams["../../etc"] == "teams/etc.yaml"
    # Three names share the slug ops-night; the empty and the reserved slug get a suffix too.
    for name in ("Ops / Night", "ops-night", "OPS Night"):
        assert teams[name].startswith("teams/ops-night-")
    assert teams["!!!"].startswith("teams/unnamed-")
    assert teams["CON"].startswith("teams/con-")


def test_defaults_named_by_exported_objects_come_along(
    exported: tuple[Path, dict[str, str], dict[str, str]],
) -> None:
    _, files, _ = exported
    names = {yaml.safe_load(text).get("name") for text in files.values()}
    # ops-night's custom rule sends to its default escalation, which names its schedule.
    assert {"ops-night_escalation", "ops-night_schedule"} <= names
    assert "Core_escalation" not in names and "Core_schedule" not in names


def test_no_secret_lands_in_a_file(
    account: Account, exported: tuple[Path, dict[str, str], dict[str, str]]
) -> None:
    _, files, _ = exported
    for text in files.values():
        assert "test-key" not in text and "GenieKey" not in text
        assert "apiKey" not in text
