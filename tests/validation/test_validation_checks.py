"""Semantic checks beyond the schemas: each one on a small broken tree, as a user sees it."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

NOW = "2026-01-15T00:00:00Z"

ROTATION = """
name: S
timezone: UTC
rotations:
  - name: R
    type: daily
    startDate: "{start}"
    endDate: "{end}"
    participants: [{{type: none}}]
"""


def _validate(ogsync, root):
    return ogsync("--now", NOW, "validate", str(root))


def _rotation_restriction(restriction: str) -> str:
    return (
        "name: S\n"
        "rotations:\n"
        "  - name: R\n"
        "    type: daily\n"
        '    startDate: "2025-01-06T00:00:00Z"\n'
        "    participants: [{type: none}]\n"
        "    timeRestriction:\n" + restriction
    )


# ------------------------------------------------------------------ time zones


def test_unknown_schedule_time_zone_with_hint(ogsync, tree) -> None:
    result = _validate(ogsync, tree({"schedules/s.yaml": "name: S\ntimezone: Europe/Berln\n"}))
    assert result.code == 1
    assert (
        "schedules/s.yaml:2:11: schedule/S: unknown time zone 'Europe/Berln' "
        "(did you mean 'Europe/Berlin'?)"
    ) in result.err


def test_user_time_zone_in_the_wrong_case_gets_the_right_name(ogsync, tree) -> None:
    root = tree({"users/u.yaml": "username: u@example.com\ntimeZone: america/new_york\n"})
    result = _validate(ogsync, root)
    assert result.code == 1
    assert (
        "users/u.yaml:2:11: user/u@example.com: unknown time zone 'america/new_york' "
        "(did you mean 'America/New_York'?)"
    ) in result.err


def test_routing_rule_time_zone_is_checked(ogsync, tree) -> None:
    root = tree(
        {
            "teams/t.yaml": """
            name: T
            routingRules:
              - name: Night
                timezone: Mars/Olympus
                notify: {type: none}
            """
        }
    )
    result = _validate(ogsync, root)
    assert result.code == 1
    assert (
        "teams/t.yaml:4:15: team/T/routing-rule/Night: unknown time zone 'Mars/Olympus'"
    ) in result.err


def test_valid_time_zones_pass(ogsync, tree) -> None:
    root = tree(
        {
            "schedules/s.yaml": "name: S\ntimezone: Asia/Tokyo\n",
            "users/u.yaml": "username: u@example.com\ntimeZone: Europe/Berlin\n",
        }
    )
    assert _validate(ogsync, root).code == 0


# ------------------------------------------------------------------ restrictions


def test_minute_opsgenie_rounds_is_a_warning_saying_what_it_becomes(ogsync, tree) -> None:
    root = tree(
        {
            "schedules/s.yaml": _rotation_restriction(
                "      type: time-of-day\n"
                "      restriction: {startHour: 9, startMin: 15, endHour: 17, endMin: 45}\n"
            )
        }
    )
    result = _validate(ogsync, root)
    assert result.code == 0, result.err
    assert (
        "schedules/s.yaml:9:45: schedule/S/rotation/R: warning: Opsgenie rounds startMin 15 "
        "to the nearest 0 or 30: 09:15 becomes 09:30"
    ) in result.out
    assert (
        "schedules/s.yaml:9:70: schedule/S/rotation/R: warning: Opsgenie rounds endMin 45 "
        "to the nearest 0 or 30: 17:45 becomes 18:00"
    ) in result.out


def test_end_of_day_2359_is_not_a_rounding_warning(ogsync, tree) -> None:
    root = tree(
        {
            "schedules/s.yaml": _rotation_restriction(
                "      type: weekday-and-time-of-day\n"
                "      restrictions:\n"
                "        - {startDay: saturday, startHour: 0, startMin: 0,"
                " endDay: sunday, endHour: 23, endMin: 59}\n"
            )
        }
    )
    result = _validate(ogsync, root)
    assert result.code == 0
    assert "rounds" not in result.out


def test_start_hour_24_is_an_error(ogsync, tree) -> None:
    root = tree(
        {
            "schedules/s.yaml": _rotation_restriction(
                "      type: time-of-day\n"
                "      restriction: {startHour: 24, startMin: 0, endHour: 8, endMin: 0}\n"
            )
        }
    )
    result = _validate(ogsync, root)
    assert result.code == 1
    assert (
        "schedules/s.yaml:9:32: schedule/S/rotation/R: startHour 24 is not a start: use 0 "
        "(24 is only an end)"
    ) in result.err


def test_end_hour_24_only_with_minute_0(ogsync, tree) -> None:
    root = tree(
        {
            "schedules/s.yaml": _rotation_restriction(
                "      type: time-of-day\n"
                "      restriction: {startHour: 8, startMin: 0, endHour: 24, endMin: 30}\n"
            )
        }
    )
    result = _validate(ogsync, root)
    assert result.code == 1
    assert (
        "schedules/s.yaml:9:69: schedule/S/rotation/R: 24:30 is not a time: 24 only as 24:00"
    ) in result.err


def test_day_under_time_of_day_is_an_error(ogsync, tree) -> None:
    root = tree(
        {
            "schedules/s.yaml": _rotation_restriction(
                "      type: time-of-day\n"
                "      restriction:\n"
                "        startDay: monday\n"
                "        startHour: 8\n"
                "        startMin: 0\n"
                "        endHour: 9\n"
                "        endMin: 0\n"
            )
        }
    )
    result = _validate(ogsync, root)
    assert result.code == 1
    assert (
        "schedules/s.yaml:10:9: schedule/S/rotation/R: `startDay` belongs to "
        "weekday-and-time-of-day restrictions, not to a time-of-day one"
    ) in result.err


def test_weekday_restriction_needs_days(ogsync, tree) -> None:
    root = tree(
        {
            "schedules/s.yaml": _rotation_restriction(
                "      type: weekday-and-time-of-day\n"
                "      restrictions:\n"
                "        - {startHour: 8, startMin: 0, endDay: friday, endHour: 9, endMin: 0}\n"
            )
        }
    )
    result = _validate(ogsync, root)
    assert result.code == 1
    assert (
        "schedules/s.yaml:10:11: schedule/S/rotation/R: a weekday-and-time-of-day restriction "
        "needs `startDay`"
    ) in result.err


def test_weekday_type_with_one_restriction_is_an_error(ogsync, tree) -> None:
    root = tree(
        {
            "schedules/s.yaml": _rotation_restriction(
                "      type: weekday-and-time-of-day\n"
                "      restriction: {startHour: 8, startMin: 0, endHour: 9, endMin: 0}\n"
            )
        }
    )
    result = _validate(ogsync, root)
    assert result.code == 1
    assert (
        "schedules/s.yaml:9:7: schedule/S/rotation/R: a weekday-and-time-of-day restriction "
        "takes a list of `restrictions`, not one `restriction`"
    ) in result.err


def test_time_of_day_with_two_windows_is_an_error(ogsync, tree) -> None:
    root = tree(
        {
            "schedules/s.yaml": _rotation_restriction(
                "      type: time-of-day\n"
                "      restrictions:\n"
                "        - {startHour: 8, startMin: 0, endHour: 9, endMin: 0}\n"
                "        - {startHour: 18, startMin: 0, endHour: 19, endMin: 0}\n"
            )
        }
    )
    result = _validate(ogsync, root)
    assert result.code == 1
    assert (
        "schedules/s.yaml:10:9: schedule/S/rotation/R: a time-of-day restriction takes one "
        "window, not 2; use type weekday-and-time-of-day for several"
    ) in result.err


def test_time_of_day_without_a_window_is_an_error(ogsync, tree) -> None:
    root = tree({"schedules/s.yaml": _rotation_restriction("      type: time-of-day\n")})
    result = _validate(ogsync, root)
    assert result.code == 1
    assert (
        "schedules/s.yaml:8:7: schedule/S/rotation/R: a time-of-day restriction needs a "
        "`restriction`"
    ) in result.err


def test_restriction_missing_a_time_is_an_error(ogsync, tree) -> None:
    root = tree(
        {
            "schedules/s.yaml": _rotation_restriction(
                "      type: time-of-day\n"
                "      restriction: {startHour: 8, startMin: 0, endHour: 9}\n"
            )
        }
    )
    result = _validate(ogsync, root)
    assert result.code == 1
    assert "schedules/s.yaml:9:20: schedule/S/rotation/R: the restriction needs `endMin`" in (
        result.err
    )


def test_global_rule_restrictions_mixing_days_is_an_error(ogsync, tree) -> None:
    root = tree(
        {
            "notification-rules/n.yaml": """
            name: N
            restrictions:
              - {startHour: 0, startMin: 0, endHour: 8, endMin: 0}
              - {startDay: monday, startHour: 0, startMin: 0, endDay: monday, endHour: 8, endMin: 0}
            """
        }
    )
    result = _validate(ogsync, root)
    assert result.code == 1
    assert (
        "notification-rules/n.yaml:3:3: notification-rule/N: `restrictions` mixes windows with "
        "days and without"
    ) in result.err


def test_personal_rule_restrictions_without_days_are_one_window(ogsync, tree) -> None:
    root = tree(
        {
            "users/u.yaml": """
            username: u@example.com
            notificationRules:
              - name: Day
                restrictions:
                  - {startHour: 8, startMin: 0, endHour: 12, endMin: 0}
                  - {startHour: 13, startMin: 0, endHour: 18, endMin: 10}
            """
        }
    )
    result = _validate(ogsync, root)
    assert result.code == 1
    assert (
        "users/u.yaml:5:7: user/u@example.com/notification-rule/Day: `restrictions` without "
        "days is one daily window, not 2"
    ) in result.err


def test_rule_with_restrictions_and_time_restriction_is_an_error(ogsync, tree) -> None:
    root = tree(
        {
            "notification-rules/n.yaml": """
            name: N
            timeRestriction:
              type: time-of-day
              restriction: {startHour: 8, startMin: 0, endHour: 9, endMin: 0}
            restrictions:
              - {startHour: 0, startMin: 0, endHour: 8, endMin: 0}
            """
        }
    )
    result = _validate(ogsync, root)
    assert result.code == 1
    assert (
        "notification-rules/n.yaml:5:1: notification-rule/N: give either `restrictions` or "
        "`timeRestriction`, not both"
    ) in result.err


def test_routing_rule_restriction_rounding_warning(ogsync, tree) -> None:
    root = tree(
        {
            "teams/t.yaml": """
            name: T
            routingRules:
              - name: Day
                notify: {type: none}
                timeRestriction:
                  type: time-of-day
                  restrictions:
                    - {startHour: 8, startMin: 0, endHour: 17, endMin: 50}
            """
        }
    )
    result = _validate(ogsync, root)
    assert result.code == 0
    assert (
        "teams/t.yaml:8:60: team/T/routing-rule/Day: warning: Opsgenie rounds endMin 50 to the "
        "nearest 0 or 30: 17:50 becomes 18:00"
    ) in result.out


# ------------------------------------------------------------------ dates


def test_rotation_end_before_start_is_an_error(ogsync, tree) -> None:
    text = ROTATION.format(start="2025-02-01T00:00:00Z", end="2025-01-01T00:00:00Z")
    result = _validate(ogsync, tree({"schedules/s.yaml": text}))
    assert result.code == 1
    assert (
        "schedules/s.yaml:7:14: schedule/S/rotation/R: endDate 2025-01-01T00:00:00Z is not "
        "after startDate 2025-02-01T00:00:00Z"
    ) in result.err


def test_date_that_does_not_parse_is_an_error(ogsync, tree) -> None:
    text = ROTATION.format(start="next monday", end="2030-01-01T00:00:00+01:00")
    result = _validate(ogsync, tree({"schedules/s.yaml": text}))
    assert result.code == 1
    assert (
        "schedules/s.yaml:6:16: schedule/S/rotation/R: startDate 'next monday' is not an "
        "ISO-8601 date-time"
    ) in result.err


def test_date_without_offset_is_an_error(ogsync, tree) -> None:
    text = ROTATION.format(start="2025-01-06T09:00:00", end="2030-01-01T00:00:00Z")
    result = _validate(ogsync, tree({"schedules/s.yaml": text}))
    assert result.code == 1
    assert (
        "schedules/s.yaml:6:16: schedule/S/rotation/R: startDate '2025-01-06T09:00:00' needs a "
        "UTC offset"
    ) in result.err


def test_ended_schedule_and_odd_minutes_are_warnings(ogsync, tree) -> None:
    text = ROTATION.format(start="2024-01-06T00:00:00Z", end="2024-12-31T23:59:59Z")
    result = _validate(ogsync, tree({"schedules/s.yaml": text}))
    assert result.code == 0
    assert "schedule/S: warning: every rotation has ended" in result.out
    assert (
        "schedules/s.yaml:7:14: schedule/S/rotation/R: warning: endDate 2024-12-31T23:59:59Z is "
        "not on a :00 or :30 minute"
    ) in result.out


def test_override_end_before_start_and_past_override(ogsync, tree) -> None:
    root = tree(
        {
            "schedules/s.yaml": """
            name: S
            overrides:
              - alias: swap
                user: {type: none}
                startDate: "2030-01-02T00:00:00Z"
                endDate: "2030-01-01T00:00:00Z"
              - alias: old
                user: {type: none}
                startDate: "2020-01-01T00:00:00Z"
                endDate: "2020-01-02T00:00:00Z"
            """
        }
    )
    result = _validate(ogsync, root)
    assert result.code == 1
    assert (
        "schedules/s.yaml:6:14: schedule/S/override/swap: endDate 2030-01-01T00:00:00Z is not "
        "after startDate 2030-01-02T00:00:00Z"
    ) in result.err
    assert (
        "schedules/s.yaml:10:14: schedule/S/override/old: warning: the override is wholly in the "
        "past: ogsync never touches it"
    ) in result.out


# ------------------------------------------------------------------ escalations


def test_escalation_needs_a_rule(ogsync, tree) -> None:
    result = _validate(ogsync, tree({"escalations/e.yaml": "name: E\nrules: []\n"}))
    assert result.code == 1
    assert "escalations/e.yaml:2:1: escalation/E: an escalation needs at least one rule" in (
        result.err
    )


def test_escalation_without_rules_key(ogsync, tree) -> None:
    result = _validate(ogsync, tree({"escalations/e.yaml": "name: E\n"}))
    assert result.code == 1
    assert "escalations/e.yaml:1:7: escalation/E: an escalation needs at least one rule" in (
        result.err
    )


def test_absent_escalation_needs_no_rule(ogsync, tree) -> None:
    result = _validate(ogsync, tree({"escalations/e.yaml": "name: E\nstate: absent\n"}))
    assert result.code == 0, result.err


def test_close_alert_after_other_than_zero_is_an_error(ogsync, tree) -> None:
    root = tree(
        {
            "escalations/e.yaml": """
            name: E
            rules:
              - delay: {timeAmount: 0}
                recipient: {type: user, username: a@example.com}
            repeat: {count: 1, closeAlertAfter: 2}
            """
        }
    )
    result = _validate(ogsync, root)
    assert result.code == 1
    assert (
        "escalations/e.yaml:5:37: escalation/E: closeAlertAfter 2 has no Opsgenie equivalent: "
        "only 0 is accepted (read as closeAlertAfterAll: false)"
    ) in result.err


def test_close_alert_after_with_close_alert_after_all_is_an_error(ogsync, tree) -> None:
    root = tree(
        {
            "escalations/e.yaml": """
            name: E
            rules:
              - delay: {timeAmount: 0}
                recipient: {type: user, username: a@example.com}
            repeat: {closeAlertAfter: 0, closeAlertAfterAll: true}
            """
        }
    )
    result = _validate(ogsync, root)
    assert result.code == 1
    assert (
        "escalations/e.yaml:5:10: escalation/E: give either closeAlertAfter (seed form) or "
        "closeAlertAfterAll, not both"
    ) in result.err


# ------------------------------------------------------------------ duplicates


def test_duplicate_team_name_names_the_first(ogsync, tree) -> None:
    root = tree({"teams/a.yaml": "name: A\n", "teams/b.yaml": "description: x\nname: A\n"})
    result = _validate(ogsync, root)
    assert result.code == 1
    assert "teams/b.yaml:2:7: team/A: duplicate team name 'A' (first at teams/a.yaml:1:7)" in (
        result.err
    )


def test_duplicate_username_is_case_insensitive(ogsync, tree) -> None:
    root = tree(
        {
            "users/a.yaml": "username: Alice@example.com\n",
            "users/b.yaml": "username: alice@example.com\n",
        }
    )
    result = _validate(ogsync, root)
    assert result.code == 1
    assert (
        "users/b.yaml:1:11: user/alice@example.com: duplicate username 'alice@example.com' "
        "(first at users/a.yaml:1:11, as 'Alice@example.com': case does not count)"
    ) in result.err


def test_duplicate_in_one_file_across_documents(ogsync, tree) -> None:
    root = tree({"schedules/s.yaml": "name: S\n---\nname: S\n"})
    result = _validate(ogsync, root)
    assert result.code == 1
    assert (
        "schedules/s.yaml:3:7: schedule/S: duplicate schedule name 'S' (first at "
        "schedules/s.yaml:1:7)"
    ) in result.err


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {
                "teams/t.yaml": """
                name: T
                routingRules:
                  - {name: R, notify: {type: none}}
                  - {name: R, notify: {type: none}}
                """
            },
            "teams/t.yaml:4:12: team/T/routing-rule/R: duplicate routing rule 'R' "
            "(first at teams/t.yaml:3:12)",
        ),
        (
            {
                "schedules/s.yaml": """
                name: S
                rotations:
                  - name: R
                    type: daily
                    startDate: "2030-01-01T00:00:00Z"
                    participants: [{type: none}]
                  - name: R
                    type: daily
                    startDate: "2030-01-01T00:00:00Z"
                    participants: [{type: none}]
                """
            },
            "schedules/s.yaml:7:11: schedule/S/rotation/R: duplicate rotation 'R' "
            "(first at schedules/s.yaml:3:11)",
        ),
        (
            {
                "schedules/s.yaml": """
                name: S
                overrides:
                  - {alias: A, user: {type: none}, startDate: "2030-01-01Z", endDate: "2030-01-02Z"}
                  - {alias: A, user: {type: none}, startDate: "2030-01-03Z", endDate: "2030-01-04Z"}
                """
            },
            "schedules/s.yaml:4:13: schedule/S/override/A: duplicate override alias 'A' "
            "(first at schedules/s.yaml:3:13)",
        ),
        (
            {
                "users/u.yaml": """
                username: u@example.com
                contacts:
                  - {method: mobile, to: phone}
                  - {method: mobile_app, to: phone}
                """
            },
            "users/u.yaml:4:30: user/u@example.com/contact/mobile:phone: duplicate contact "
            "'mobile:phone' (first at users/u.yaml:3:26)",
        ),
        (
            {
                "users/u.yaml": """
                username: u@example.com
                notificationRules:
                  - {name: N}
                  - {name: N}
                """
            },
            "users/u.yaml:4:12: user/u@example.com/notification-rule/N: duplicate notification "
            "rule 'N' (first at users/u.yaml:3:12)",
        ),
    ],
    ids=["routing-rule", "rotation", "override", "contact", "personal-rule"],
)
def test_duplicate_nested_names(ogsync, tree, files: dict[str, str], expected: str) -> None:
    result = _validate(ogsync, tree(files))
    assert result.code == 1
    assert expected in result.err


# ------------------------------------------------------------------ ogsync.yaml


def test_ignore_pattern_matching_a_config_object_is_an_error(ogsync, tree) -> None:
    root = tree(
        {
            "ogsync.yaml": 'ignore:\n  - "team/Legacy *"\n  - "team/Ops/routing-rule/*"\n',
            "teams/legacy.yaml": "name: Legacy Billing\n",
            "teams/ops.yaml": "name: Ops\nroutingRules:\n  - {name: Night, notify: {type: none}}\n",
        }
    )
    result = _validate(ogsync, root)
    assert result.code == 1
    assert (
        "ogsync.yaml:2:5: team/Legacy Billing: ignore pattern 'team/Legacy *' matches "
        "team/Legacy Billing, which the config defines at teams/legacy.yaml:1:7: an ignored "
        "object cannot be managed"
    ) in result.err
    assert (
        "ogsync.yaml:3:5: team/Ops/routing-rule/Night: ignore pattern 'team/Ops/routing-rule/*' "
        "matches team/Ops/routing-rule/Night"
    ) in result.err


def test_ignore_patterns_are_case_sensitive(ogsync, tree) -> None:
    root = tree({"ogsync.yaml": "ignore: ['team/legacy *']\n", "teams/a.yaml": "name: Legacy X\n"})
    assert _validate(ogsync, root).code == 0


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example.com",
        "api.opsgenie.com.evil.io",
        "https://api.opsgenie.com@evil.io/",
        "notopsgenie.com",
    ],
)
def test_api_url_must_be_under_opsgenie_com(ogsync, tree, url: str) -> None:
    root = tree({"ogsync.yaml": f'account:\n  apiUrl: "{url}"\n'})
    result = _validate(ogsync, root)
    assert result.code == 1
    assert f"ogsync.yaml:2:11: account.apiUrl: '{url}' is not on a host under opsgenie.com" in (
        result.err
    )


def test_api_url_must_use_https(ogsync, tree) -> None:
    root = tree({"ogsync.yaml": "account:\n  apiUrl: http://api.opsgenie.com\n"})
    result = _validate(ogsync, root)
    assert result.code == 1
    assert "ogsync.yaml:2:11: account.apiUrl: 'http://api.opsgenie.com' must use https" in (
        result.err
    )


@pytest.mark.parametrize(
    "url", ["api.eu.opsgenie.com", "https://api.opsgenie.com", "https://api.eu.opsgenie.com/"]
)
def test_api_url_under_opsgenie_com_passes(ogsync, tree, url: str) -> None:
    assert _validate(ogsync, tree({"ogsync.yaml": f"account: {{apiUrl: '{url}'}}\n"})).code == 0


def test_unknown_kind_in_settings_points_at_the_setting(ogsync, tree) -> None:
    result = _validate(ogsync, tree({"ogsync.yaml": "kinds:\n  - team\n  - schedules\n"}))
    assert result.code == 1
    assert (
        "ogsync.yaml:3:5: kinds[1]: 'schedules' is not one of: user, team, schedule, escalation, "
        "notification-rule (did you mean 'schedule'?)"
    ) in result.err


def test_checks_skip_documents_that_failed_their_schema(ogsync, tree) -> None:
    root = tree({"schedules/s.yaml": "name: S\ntimezone: 5\nrotations: nope\n"})
    result = _validate(ogsync, root)
    assert result.code == 1
    assert "schedules/s.yaml:2:11: schedule/S: timezone: expected a string, got 5" in result.err
    assert "Traceback" not in result.err
    assert "internal error" not in result.err


# ------------------------------------------------------------------ robustness

_FIELDS = [
    "name",
    "username",
    "timezone",
    "timeZone",
    "rotations",
    "overrides",
    "routingRules",
    "rules",
    "repeat",
    "contacts",
    "notificationRules",
    "restrictions",
    "timeRestriction",
    "type",
    "restriction",
    "startDate",
    "endDate",
    "startHour",
    "endHour",
    "endMin",
    "startDay",
    "closeAlertAfter",
    "closeAlertAfterAll",
    "notify",
    "alias",
    "method",
    "to",
    "state",
    "participants",
    "account",
    "apiUrl",
    "ignore",
    "kinds",
]
_VALUES = st.sampled_from(
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
        "Europe/Berlin",
        "2025-01-06T09:15:00Z",
        "bad date",
        "none",
        "absent",
        "team/*",
        "https://evil.io",
    ]
)
_DOCS = st.recursive(
    _VALUES,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(_FIELDS), inner, max_size=5)
    ),
    max_leaves=20,
)


# the `ogsync` fixture is a stateless function, safe to share between examples
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.sampled_from(["users", "teams", "schedules", "escalations", "notification-rules"]),
    st.dictionaries(st.sampled_from(_FIELDS), _DOCS, max_size=6),
    st.dictionaries(st.sampled_from(_FIELDS), _DOCS, max_size=3),
)
def test_no_document_makes_validate_fail_internally(
    ogsync, folder: str, doc: dict[str, object], settings_doc: dict[str, object]
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / folder).mkdir()
        (root / folder / "a.yaml").write_text(yaml.safe_dump({"name": "A", **doc}))
        (root / "ogsync.yaml").write_text(yaml.safe_dump(settings_doc or {"version": 1}))
        result = ogsync("--now", NOW, "validate", str(root))
    assert result.code in (0, 1), result.err
    assert "internal error" not in result.err


def test_paging_reference_cycle_is_an_error(ogsync, tree) -> None:
    root = tree(
        {
            "escalations/e.yaml": """
            name: Loop
            rules:
              - delay: {timeAmount: 0}
                recipient: {type: schedule, name: Rota}
            """,
            "schedules/s.yaml": """
            name: Rota
            timezone: UTC
            rotations:
              - name: R
                type: weekly
                startDate: "2026-01-05T09:00:00Z"
                participants:
                  - {type: escalation, name: loop}
            """,
        }
    )
    result = ogsync("validate", str(root))
    assert result.code == 1
    assert (
        "escalations/e.yaml:4:16: escalation/Loop: reference cycle: escalation/Loop -> "
        "schedule/Rota -> escalation/Loop"
    ) in result.err
    assert result.err.count("reference cycle") == 1


def test_escalation_delay_unit_and_notify_type_are_checked(ogsync, tree) -> None:
    root = tree(
        {
            "escalations/e.yaml": """
            name: E
            rules:
              - delay: {timeAmount: 2, timeUnit: hours}
                recipient: {type: user, username: a@example.com}
              - notifyType: admins
                delay: {timeAmount: 0}
                recipient: {type: schedule, name: S}
            """,
        }
    )
    result = ogsync("validate", str(root))
    assert result.code == 1
    assert (
        "escalations/e.yaml:3:38: escalation/E: an escalation delay is in minutes, not hours"
    ) in result.err
    assert (
        "escalations/e.yaml:5:17: escalation/E: notifyType 'admins' does not apply to a schedule "
        "recipient (one of default, next, previous)"
    ) in result.err


def test_override_date_off_the_half_hour_is_a_warning(ogsync, tree) -> None:
    root = tree(
        {
            "schedules/s.yaml": """
            name: S
            timezone: UTC
            overrides:
              - alias: swap
                user: {type: none}
                startDate: "2030-01-02T10:15:00-05:00"
                endDate: "2030-01-03T00:00:00Z"
            """,
        }
    )
    result = ogsync("validate", str(root))
    assert result.code == 0, result.err
    assert (
        "schedules/s.yaml:6:16: schedule/S/override/swap: warning: startDate "
        "2030-01-02T10:15:00-05:00 is not on a :00 or :30 minute: Opsgenie rounds it to the "
        "nearest half hour, 2030-01-02T15:30:00Z"
    ) in result.out


def test_an_end_that_rounds_onto_the_start_is_an_error(ogsync, tree) -> None:
    root = tree(
        {
            "schedules/s.yaml": """
            name: S
            timezone: UTC
            overrides:
              - alias: short
                user: {type: none}
                startDate: "2030-01-02T00:00:00Z"
                endDate: "2030-01-02T00:10:00Z"
            """,
        }
    )
    result = ogsync("validate", str(root))
    assert result.code == 1
    assert (
        "schedule/S/override/short: endDate rounds to 2030-01-02T00:00:00Z, not after "
        "startDate (2030-01-02T00:00:00Z)"
    ) in result.err
