"""Seed forms are accepted and normalised into the Opsgenie API's own shape."""

from __future__ import annotations

import copy

from hypothesis import given
from hypothesis import strategies as st

from ogsync.api import load
from ogsync.config.normalise import normalise


def _rule(restriction: dict[str, object]) -> dict[str, object]:
    return {"name": "R", "notify": {"type": "none"}, "timeRestriction": restriction}


def test_kind_is_dropped_and_ogsync_keys_are_kept() -> None:
    raw = {"kind": "team", "name": "A", "previousNames": ["Old"], "state": "present"}
    assert normalise("team", raw) == {"name": "A", "previousNames": ["Old"], "state": "present"}


def test_input_is_not_modified() -> None:
    raw = {"name": "A", "routingRules": [{"name": "R", "notify": [{"type": "none"}]}]}
    before = copy.deepcopy(raw)
    normalise("team", raw)
    assert raw == before


def test_notify_as_one_item_list_becomes_the_item() -> None:
    raw = {
        "name": "A",
        "routingRules": [{"name": "R", "notify": [{"type": "schedule", "id": "s"}]}],
    }
    assert normalise("team", raw)["routingRules"][0]["notify"] == {"type": "schedule", "id": "s"}


def test_time_of_day_restrictions_list_becomes_restriction() -> None:
    window = {"startHour": 9, "startMin": 0, "endHour": 17, "endMin": 0}
    raw = {"name": "A", "routingRules": [_rule({"type": "time-of-day", "restrictions": [window]})]}
    got = normalise("team", raw)["routingRules"][0]["timeRestriction"]
    assert got == {"type": "time-of-day", "restriction": window}


def test_time_of_day_end_2359_is_midnight_so_all_day_is_0000_to_0000() -> None:
    window = {"startHour": 0, "startMin": 0, "endHour": 23, "endMin": 59}
    raw = {
        "name": "S",
        "rotations": [{"timeRestriction": {"type": "time-of-day", "restriction": window}}],
    }
    got = normalise("schedule", raw)["rotations"][0]["timeRestriction"]["restriction"]
    assert got == {"startHour": 0, "startMin": 0, "endHour": 0, "endMin": 0}


def test_time_of_day_end_2400_is_midnight() -> None:
    window = {"startHour": 16, "startMin": 0, "endHour": 24, "endMin": 0}
    raw = {
        "name": "S",
        "rotations": [{"timeRestriction": {"type": "time-of-day", "restriction": window}}],
    }
    got = normalise("schedule", raw)["rotations"][0]["timeRestriction"]["restriction"]
    assert got == {"startHour": 16, "startMin": 0, "endHour": 0, "endMin": 0}


def test_weekday_end_2359_moves_to_next_day_midnight() -> None:
    span = {
        "startDay": "saturday",
        "startHour": 0,
        "startMin": 0,
        "endDay": "sunday",
        "endHour": 23,
        "endMin": 59,
    }
    tr = {"type": "weekday-and-time-of-day", "restrictions": [span]}
    got = normalise("schedule", {"name": "S", "rotations": [{"timeRestriction": tr}]})
    assert got["rotations"][0]["timeRestriction"]["restrictions"] == [
        {
            "startDay": "saturday",
            "startHour": 0,
            "startMin": 0,
            "endDay": "monday",
            "endHour": 0,
            "endMin": 0,
        }
    ]


def test_weekday_end_2400_moves_to_next_day() -> None:
    span = {
        "startDay": "friday",
        "startHour": 18,
        "startMin": 0,
        "endDay": "friday",
        "endHour": 24,
        "endMin": 0,
    }
    tr = {"type": "weekday-and-time-of-day", "restrictions": [span]}
    got = normalise("team", {"name": "T", "routingRules": [_rule(tr)]})
    out = got["routingRules"][0]["timeRestriction"]["restrictions"][0]
    assert (out["endDay"], out["endHour"], out["endMin"]) == ("saturday", 0, 0)


def test_other_minutes_are_not_rounded_here() -> None:
    window = {"startHour": 9, "startMin": 15, "endHour": 17, "endMin": 45}
    raw = {
        "name": "S",
        "rotations": [{"timeRestriction": {"type": "time-of-day", "restriction": window}}],
    }
    got = normalise("schedule", raw)["rotations"][0]["timeRestriction"]["restriction"]
    assert got == window


def test_global_rule_restrictions_without_days_become_time_of_day() -> None:
    raw = {
        "name": "N",
        "restrictions": [{"startHour": 0, "startMin": 0, "endHour": 23, "endMin": 59}],
    }
    got = normalise("notification-rule", raw)
    assert "restrictions" not in got
    assert got["timeRestriction"] == {
        "type": "time-of-day",
        "restriction": {"startHour": 0, "startMin": 0, "endHour": 0, "endMin": 0},
    }


def test_personal_rule_restrictions_with_days_become_weekday_and_time_of_day() -> None:
    spans = [
        {
            "startDay": "monday",
            "startHour": 9,
            "startMin": 0,
            "endDay": "monday",
            "endHour": 17,
            "endMin": 0,
        },
        {
            "startDay": "tuesday",
            "startHour": 9,
            "startMin": 0,
            "endDay": "tuesday",
            "endHour": 17,
            "endMin": 0,
        },
    ]
    raw = {"username": "u@example.com", "notificationRules": [{"name": "N", "restrictions": spans}]}
    rule = normalise("user", raw)["notificationRules"][0]
    assert rule["timeRestriction"] == {"type": "weekday-and-time-of-day", "restrictions": spans}
    assert "restrictions" not in rule


def test_close_alert_after_zero_becomes_close_alert_after_all_false() -> None:
    raw = {"name": "E", "repeat": {"waitInterval": 0, "count": 0, "closeAlertAfter": 0}}
    assert normalise("escalation", raw)["repeat"] == {
        "waitInterval": 0,
        "count": 0,
        "closeAlertAfterAll": False,
    }


def test_mobile_app_becomes_mobile_in_contacts_and_steps_and_steps_get_enabled() -> None:
    raw = {
        "username": "u@example.com",
        "contacts": [{"method": "mobile_app", "to": "phone"}],
        "notificationRules": [
            {"name": "N", "steps": [{"contact": {"method": "mobile_app", "to": "phone"}}]},
            {
                "name": "M",
                "steps": [{"contact": {"method": "sms", "to": "1-5551234"}, "enabled": False}],
            },
        ],
    }
    got = normalise("user", raw)
    assert got["contacts"] == [{"method": "mobile", "to": "phone"}]
    assert got["notificationRules"][0]["steps"] == [
        {"contact": {"method": "mobile", "to": "phone"}, "enabled": True}
    ]
    assert got["notificationRules"][1]["steps"][0]["enabled"] is False


def test_applies_to_strings_become_reference_objects() -> None:
    raw = {
        "name": "N",
        "appliesTo": {
            "users": ["a@example.com"],
            "teams": ["SRE", {"id": "x"}],
            "schedules": ["s"],
        },
    }
    assert normalise("notification-rule", raw)["appliesTo"] == {
        "users": [{"username": "a@example.com"}],
        "teams": [{"name": "SRE"}, {"id": "x"}],
        "schedules": [{"name": "s"}],
    }


def test_seed_global_rule_through_load_has_the_api_shape(tree) -> None:
    root = tree(
        {
            "notification-rules/n.yaml": """
            name: Critical Alert Notification
            enabled: true
            restrictions:
              - {startHour: 0, startMin: 0, endHour: 23, endMin: 59}
            steps:
              - contact: {to: all, method: mobile_app}
                sendAfter: {timeAmount: 0, timeUnit: minutes}
            """
        }
    )
    config = load(root)
    assert not config.errors
    (res,) = config.resources
    assert res.spec == {
        "name": "Critical Alert Notification",
        "enabled": True,
        "timeRestriction": {
            "type": "time-of-day",
            "restriction": {"startHour": 0, "startMin": 0, "endHour": 0, "endMin": 0},
        },
        "steps": [
            {
                "contact": {"to": "all", "method": "mobile"},
                "sendAfter": {"timeAmount": 0, "timeUnit": "minutes"},
                "enabled": True,
            }
        ],
    }


_KEYS = [
    "routingRules",
    "rotations",
    "repeat",
    "contacts",
    "notificationRules",
    "restrictions",
    "timeRestriction",
    "steps",
    "appliesTo",
    "notify",
    "type",
    "restriction",
    "endHour",
    "endMin",
    "endDay",
    "closeAlertAfter",
    "contact",
    "method",
    "users",
]
_LEAVES = st.sampled_from(
    [
        None,
        True,
        0,
        23,
        24,
        59,
        -1,
        "time-of-day",
        "weekday-and-time-of-day",
        "mobile_app",
        "sunday",
        "x",
    ]
)
_json = st.recursive(
    _LEAVES,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(_KEYS), inner, max_size=4)
    ),
    max_leaves=15,
)


@given(
    st.sampled_from(["user", "team", "schedule", "escalation", "notification-rule"]),
    st.dictionaries(st.sampled_from(_KEYS), _json, max_size=5),
)
def test_normalise_never_raises_on_any_input(kind: str, raw: dict[str, object]) -> None:
    assert isinstance(normalise(kind, raw), dict)
