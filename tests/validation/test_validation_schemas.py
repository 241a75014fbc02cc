"""The JSON Schemas: shape, `ogsync schema KIND`, and the errors a user sees for bad documents."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from ogsync.config.schema import load_schema, schema_names
from ogsync.kinds.registry import KINDS

NAMES = [*KINDS, "ogsync"]


def _objects(node: Any, path: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every sub-schema that declares properties, with a JSON pointer to it."""
    if isinstance(node, dict):
        if "properties" in node:
            yield path, node
        for key, value in node.items():
            if key != "if":  # an `if` only tests a value; it does not describe one
                yield from _objects(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _objects(value, f"{path}/{i}")


def test_one_schema_per_kind_and_one_for_settings() -> None:
    assert sorted(schema_names()) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_schema_is_draft_2020_12_with_id_title_and_closed_objects(name: str) -> None:
    schema = load_schema(name)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"urn:ogsync:schema:{name}"
    assert schema["title"] and schema["description"]
    for pointer, obj in _objects(schema):
        assert obj.get("additionalProperties") is False, pointer
        for key, prop in obj["properties"].items():
            assert "description" in prop or "$ref" in prop, f"{pointer}/properties/{key}"


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_has_ogsyncs_own_keys(kind: str) -> None:
    props = load_schema(kind)["properties"]
    assert props["kind"]["const"] == kind
    assert props["state"]["enum"] == ["present", "absent"]
    assert props["previousNames"]["type"] == "array"
    assert props["ignoreChanges"]["type"] == "array"


def test_schema_command_prints_the_schema(ogsync) -> None:
    result = ogsync("schema", "team")
    assert result.code == 0, result.err
    printed = json.loads(result.out)
    assert printed == load_schema("team")
    assert "routingRules" in printed["properties"]


def test_schema_command_for_settings(ogsync) -> None:
    result = ogsync("schema", "ogsync")
    assert result.code == 0
    assert json.loads(result.out)["properties"]["version"]["const"] == 1


def test_schema_command_unknown_kind_lists_the_names(ogsync) -> None:
    result = ogsync("schema", "teams")
    assert result.code == 1
    assert "unknown schema 'teams': did you mean 'team'?" in result.err
    assert "escalation, notification-rule, ogsync, schedule, team, user" in result.err
    assert result.out == ""


def test_schema_command_without_kind_lists_the_names(ogsync) -> None:
    result = ogsync("schema")
    assert result.code == 0
    assert result.out.split() == sorted(NAMES)


def test_unknown_key_gets_a_did_you_mean(ogsync, tree) -> None:
    root = tree({"teams/a.yaml": "name: A\nmemebrs: []\n"})
    result = ogsync("validate", str(root))
    assert result.code == 1
    assert "teams/a.yaml:2:1: team/A: unknown key 'memebrs' (did you mean 'members'?)" in result.err


def test_order_on_a_routing_rule_is_rejected_with_a_hint(ogsync, tree) -> None:
    root = tree(
        {
            "teams/a.yaml": """
            name: A
            routingRules:
              - name: R
                order: 2
                notify: {type: none}
            """
        }
    )
    result = ogsync("validate", str(root))
    assert result.code == 1
    assert (
        "teams/a.yaml:4:5: team/A: routingRules[0].order: `order` is not accepted here: "
        "the position in the list gives the order"
    ) in result.err


def test_order_on_a_personal_rule_is_rejected_with_a_hint(ogsync, tree) -> None:
    root = tree(
        {
            "users/a.yaml": """
            username: a@example.com
            notificationRules:
              - name: N
                order: 0
            """
        }
    )
    result = ogsync("validate", str(root))
    assert result.code == 1
    assert (
        "users/a.yaml:4:5: user/a@example.com: notificationRules[0].order: `order` is not "
        "accepted here: the position in the list gives the order"
    ) in result.err


def test_routing_rule_notifies_schedule_escalation_or_none_only(ogsync, tree) -> None:
    root = tree(
        {
            "teams/a.yaml": """
            name: A
            routingRules:
              - name: R
                notify: {type: user, username: a@example.com}
            """
        }
    )
    result = ogsync("validate", str(root))
    assert result.code == 1
    assert (
        "teams/a.yaml:4:20: team/A: routingRules[0].notify.type: a routing rule can only "
        "notify a schedule, an escalation or none"
    ) in result.err


def test_notify_as_a_one_item_list_is_accepted_two_items_are_not(ogsync, tree) -> None:
    ok = tree(
        {
            "teams/a.yaml": """
            name: A
            routingRules:
              - name: R
                notify: [{type: schedule, name: S}]
            """,
            "schedules/s.yaml": "name: S\n",
        }
    )
    assert ogsync("validate", str(ok)).code == 0
    (ok / "teams/a.yaml").write_text(
        "name: A\nroutingRules:\n  - name: R\n    notify: [{type: none}, {type: none}]\n"
    )
    result = ogsync("validate", str(ok))
    assert result.code == 1
    assert "teams/a.yaml:4:13: team/A: routingRules[0].notify: needs at most 1 item" in result.err


def test_a_reference_needs_id_name_or_username(ogsync, tree) -> None:
    root = tree(
        {
            "escalations/e.yaml": """
            name: E
            rules:
              - delay: {timeAmount: 0}
                recipient: {type: team}
            """
        }
    )
    result = ogsync("validate", str(root))
    assert result.code == 1
    assert (
        "escalations/e.yaml:4:16: escalation/E: rules[0].recipient: a reference needs one of "
        "the keys `id`, `name`, `username`"
    ) in result.err


def test_enum_values_get_a_did_you_mean(ogsync, tree) -> None:
    root = tree({"schedules/s.yaml": "name: S\nrotations:\n  - name: R\n    type: dayly\n"})
    result = ogsync("validate", str(root))
    assert result.code == 1
    assert (
        "schedules/s.yaml:4:11: schedule/S: rotations[0].type: 'dayly' is not one of: "
        "hourly, daily, weekly (did you mean 'daily'?)"
    ) in result.err


def test_required_keys_of_a_rotation(ogsync, tree) -> None:
    root = tree({"schedules/s.yaml": "name: S\nrotations:\n  - type: daily\n"})
    result = ogsync("validate", str(root))
    assert result.code == 1
    assert "schedules/s.yaml:3:5: schedule/S: rotations[0]: missing required key 'name'" in (
        result.err
    )


def test_restriction_hours_and_minutes_are_bounded(ogsync, tree) -> None:
    root = tree(
        {
            "schedules/s.yaml": """
            name: S
            rotations:
              - name: R
                type: daily
                startDate: "2030-01-01T00:00:00Z"
                participants: [{type: none}]
                timeRestriction:
                  type: time-of-day
                  restriction: {startHour: 25, startMin: 0, endHour: 3, endMin: 60}
            """
        }
    )
    result = ogsync("validate", str(root))
    assert result.code == 1
    assert (
        "schedules/s.yaml:9:32: schedule/S: rotations[0].timeRestriction.restriction.startHour: "
        "25 is above the maximum 24"
    ) in result.err
    assert "restriction.endMin: 60 is above the maximum 59" in result.err


def test_appliesto_takes_strings_or_reference_objects(ogsync, tree) -> None:
    root = tree(
        {
            "notification-rules/n.yaml": """
            name: N
            appliesTo:
              users: [a@example.com, {username: b@example.com}]
              teams: [{nme: T}]
            """
        }
    )
    result = ogsync("validate", str(root))
    assert result.code == 1
    assert (
        "notification-rules/n.yaml:4:12: notification-rule/N: unknown key 'nme' in "
        "appliesTo.teams[0] (did you mean 'name'?)"
    ) in result.err
    assert "appliesTo.users" not in result.err


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("version: 2\n", "ogsync.yaml:1:10: version: must be 1, not 2"),
        (
            "kinds: [teem]\n",
            "ogsync.yaml:1:9: kinds[0]: 'teem' is not one of: user, team, schedule, escalation, "
            "notification-rule (did you mean 'team'?)",
        ),
        ("account: {region: de}\n", "ogsync.yaml:1:19: account.region: 'de' is not one of: us, eu"),
        ("maxRps: 0\n", "ogsync.yaml:1:9: maxRps: 0 is not above 0"),
        (
            "safety: {maxDeleteShare: 1.5}\n",
            "ogsync.yaml:1:26: safety.maxDeleteShare: 1.5 is above the maximum 1",
        ),
        ("teamDefaults: remove\n", "ogsync.yaml:1:15: teamDefaults: 'remove' is not one of"),
        (
            "ignoreChanges: {team: ['members.']}\n",
            "ogsync.yaml:1:24: ignoreChanges.team[0]: not a dotted field path",
        ),
        (
            "oncall: {weekendDays: [saturday, sundy]}\n",
            "oncall.weekendDays[1]: 'sundy' is not one of",
        ),
        ("prune: yes please\n", 'ogsync.yaml:1:8: prune: expected true or false, got "yes please"'),
    ],
)
def test_settings_schema_errors(ogsync, tree, text: str, expected: str) -> None:
    result = ogsync("validate", str(tree({"ogsync.yaml": text})))
    assert result.code == 1
    assert expected in result.err


def test_full_settings_file_is_valid(ogsync, tree) -> None:
    root = tree(
        {
            "ogsync.yaml": """
            version: 1
            account: {region: eu, apiUrl: api.eu.opsgenie.com}
            kinds: [user, team]
            prune: true
            ignore: ["team/Legacy *"]
            ignoreChanges: {team: [members], schedule: [rotations.participants]}
            safety: {maxDeleteShare: 0.25, maxUpdateShare: 0.5, minCount: 5}
            teamDefaults: delete
            oncall: {windowDays: 14, nightStartHour: 22, nightEndHour: 7, weekendDays: [friday]}
            maxRps: 2.5
            """
        }
    )
    result = ogsync("validate", str(root))
    assert result.code == 0, result.err


def test_a_plain_name_where_a_mapping_is_wanted_gets_a_hint(ogsync, tree) -> None:
    root = tree({"users/a.yaml": "username: a@example.com\nfullName: A\nrole: admin\n"})
    result = ogsync("validate", str(root))
    assert result.code == 1
    assert (
        'users/a.yaml:3:7: user/a@example.com: role: expected a mapping, got "admin" '
        "(write {name: admin})"
    ) in result.err


def test_a_rotation_length_past_the_limit_is_an_error_not_a_crash(ogsync, tree) -> None:
    root = tree(
        {
            "schedules/x.yaml": (
                "name: S\nrotations: [{name: r, type: weekly, length: 1000000, "
                'startDate: "2026-01-01T00:00:00Z", participants: [{type: none}]}]\n'
            )
        }
    )
    result = ogsync("validate", str(root))
    assert result.code == 1
    assert "rotations[0].length: 1000000 is above the maximum 1000" in result.err
