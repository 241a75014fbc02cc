"""The shipped examples: the seed's config tree and a multi-team organisation, both valid."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from ogsync.api import load

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
SEED = REPO.parent / "shared" / "seed" / "opsgenie-overview.md"

NOW = "2026-01-15T00:00:00Z"
MULTI = EXAMPLES / "multi-team"


def _seed_blocks() -> dict[str, Any]:
    """The JSON blocks of the seed document, by the heading above each."""
    if not SEED.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"the seed document {SEED} is missing in CI")
        pytest.skip(f"the seed document {SEED} is not here (it lives beside the repository)")
    text = SEED.read_text(encoding="utf-8")
    blocks: dict[str, Any] = {}
    for match in re.finditer(r"^### ([^\n]+)\n```json\n(.*?)\n```", text, flags=re.S | re.M):
        blocks[match.group(1).strip()] = json.loads(match.group(2))
    return blocks


def _yaml(rel: str) -> Any:
    return yaml.safe_load((EXAMPLES / rel).read_text(encoding="utf-8"))


def test_examples_validate(ogsync) -> None:
    result = ogsync("--now", NOW, "validate", str(EXAMPLES))
    assert result.code == 0, result.err
    summary = result.out.strip().splitlines()[-1]
    assert summary.startswith(
        "ok: 10 resources (6 users, 1 team, 1 schedule, 1 escalation, 1 notification rule)"
    )
    assert "error" not in result.err


def test_examples_validate_as_json(ogsync) -> None:
    result = ogsync("--now", NOW, "validate", "--format", "json", str(EXAMPLES))
    assert result.code == 0
    report = json.loads(result.out)
    assert report["valid"] is True
    assert report["summary"].startswith("ok: 10 resources")
    ended = [d for d in report["diagnostics"] if "every rotation has ended" in d["message"]]
    assert ended == [
        {
            "severity": "warning",
            "file": "schedules/primary-on-call.yaml",
            "line": 9,
            "column": 3,
            "address": "schedule/Primary On-Call",
            "message": "every rotation has ended (the last on 2024-12-31 19:00 EST): "
            "nobody is on call",
        }
    ]


def test_multi_team_example_validates_with_no_warning(ogsync) -> None:
    result = ogsync("--now", NOW, "validate", str(MULTI))
    assert result.code == 0, result.err
    assert result.out.strip() == (
        "ok: 24 resources (11 users, 4 teams, 4 schedules, 4 escalations, 1 notification rule)"
    )
    assert result.err == ""


def test_multi_team_example_as_json(ogsync) -> None:
    result = ogsync("--now", NOW, "validate", "--format", "json", str(MULTI))
    assert result.code == 0
    report = json.loads(result.out)
    assert report == {"valid": True, "summary": report["summary"], "diagnostics": []}


def test_multi_team_example_covers_what_it_promises() -> None:
    config = load(MULTI)
    zones = {r.raw.get("timezone") for r in config.of_kind("schedule")}
    assert {"Europe/Berlin", "America/New_York", "Asia/Tokyo"} <= zones
    participants = [
        p
        for s in config.of_kind("schedule")
        for rot in s.raw.get("rotations", [])
        for p in rot["participants"]
    ]
    assert {"type": "none"} in participants
    criteria = [
        rule["criteria"]["type"]
        for t in config.of_kind("team")
        for rule in t.raw.get("routingRules", [])
    ]
    assert "match-any-condition" in criteria
    assert any("repeat" in e.raw for e in config.of_kind("escalation"))
    (global_rule,) = config.of_kind("notification-rule")
    assert global_rule.spec["appliesTo"] == {
        "teams": [{"name": "SRE"}],
        "users": [{"username": "olivia.brown@example.com"}],
    }
    assert any("notificationRules" in u.raw for u in config.of_kind("user"))


def test_multi_team_references_name_objects_of_the_tree() -> None:
    """Every user, team and schedule a document names by username or name is defined."""
    config = load(MULTI)
    users = {u.name for u in config.of_kind("user")}
    names = {r.name for r in config.resources if r.kind != "user"}
    found: list[tuple[str, str]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "username" in node and isinstance(node["username"], str):
                found.append(("user", node["username"]))
            if node.get("type") in ("schedule", "team", "escalation") and "name" in node:
                found.append(("named", node["name"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for res in config.resources:
        walk({k: v for k, v in res.raw.items() if k != "username"})
    assert found
    for kind, value in found:
        assert value in (users if kind == "user" else names), value


def test_multi_team_times_converge() -> None:
    """Restriction minutes and rotation dates stay on :00 or :30 (nothing Opsgenie rounds)."""
    for path in MULTI.rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        for minute in re.findall(r"(?:startMin|endMin): (\d+)", text):
            assert int(minute) in (0, 30), path
        for minute in re.findall(r'Date: "\d{4}-\d\d-\d\dT\d\d:(\d\d):00', text):
            assert minute in ("00", "30"), path


def test_seed_team_with_its_route() -> None:
    blocks = _seed_blocks()
    team = _yaml("teams/platform-engineering.yaml")
    routes = team.pop("routingRules")
    assert team == blocks["Team Configuration"]
    assert routes == [blocks["Route Configuration"]]


@pytest.mark.parametrize(
    ("heading", "rel"),
    [
        ("Escalation Policy", "escalations/production-escalation.yaml"),
        ("On-Call Schedule", "schedules/primary-on-call.yaml"),
        ("Global Notification Rules", "notification-rules/critical-alert-notification.yaml"),
    ],
)
def test_seed_documents_are_the_seeds_values(heading: str, rel: str) -> None:
    assert _yaml(rel) == _seed_blocks()[heading]


def test_every_person_the_seed_names_has_a_user_file() -> None:
    text = json.dumps(_seed_blocks())
    named = set(re.findall(r"[\w.]+@company\.com", text))
    assert named == {
        "alice@company.com",
        "bob@company.com",
        "charlie@company.com",
        "weekend1@company.com",
        "weekend2@company.com",
        "manager@company.com",
    }
    defined = {_yaml(f"users/{p.name}")["username"] for p in (EXAMPLES / "users").glob("*.yaml")}
    assert defined == named


def test_seed_forms_are_normalised_on_load() -> None:
    config = load(EXAMPLES)
    by_name = {(r.kind, r.name): r for r in config.resources}
    team = by_name[("team", "Platform Engineering")].spec
    route = team["routingRules"][0]
    assert route["notify"] == {"type": "schedule", "name": "Primary On-Call"}
    assert route["timeRestriction"] == {
        "type": "time-of-day",
        "restriction": {"startHour": 9, "startMin": 0, "endHour": 17, "endMin": 0},
    }
    escalation = by_name[("escalation", "Production Escalation")].spec
    assert escalation["repeat"] == {
        "waitInterval": 0,
        "count": 0,
        "resetRecipientStates": False,
        "closeAlertAfterAll": False,
    }
    weekend = by_name[("schedule", "Primary On-Call")].spec["rotations"][1]
    assert weekend["timeRestriction"]["restrictions"] == [
        {
            "startDay": "saturday",
            "startHour": 0,
            "startMin": 0,
            "endDay": "monday",
            "endHour": 0,
            "endMin": 0,
        }
    ]
    rule = by_name[("notification-rule", "Critical Alert Notification")].spec
    assert [s["contact"]["method"] for s in rule["steps"]] == ["mobile", "sms", "voice"]
    assert all(s["enabled"] is True for s in rule["steps"])
    assert rule["timeRestriction"]["type"] == "time-of-day"


def test_examples_folder_layout() -> None:
    expected = {
        "teams/platform-engineering.yaml",
        "escalations/production-escalation.yaml",
        "schedules/primary-on-call.yaml",
        "notification-rules/critical-alert-notification.yaml",
        "multi-team/ogsync.yaml",
    }
    present = {p.relative_to(EXAMPLES).as_posix() for p in EXAMPLES.rglob("*.yaml")}
    assert expected <= present
