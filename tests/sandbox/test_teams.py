"""Teams, their members, routing rules and Opsgenie's own objects for a new team."""

from __future__ import annotations

import httpx
from sandbox_helpers import data_of, make_team, make_user

from ogsync.sandbox import ACCOUNT_TIMEZONE


def test_creating_a_team_makes_schedule_escalation_and_default_rule(api: httpx.Client) -> None:
    team = make_team(api, "Platform")
    schedule = data_of(
        api.get("/v2/schedules/Platform_schedule", params={"identifierType": "name"})
    )
    assert schedule["ownerTeam"] == {"id": team["id"], "name": "Platform"}
    assert schedule["rotations"] == []
    assert schedule["timezone"] == ACCOUNT_TIMEZONE
    escalation = data_of(
        api.get("/v2/escalations/Platform_escalation", params={"identifierType": "name"})
    )
    assert escalation["ownerTeam"] == {"id": team["id"], "name": "Platform"}
    assert escalation["rules"] == [
        {
            "condition": "if-not-acked",
            "notifyType": "default",
            "delay": {"timeAmount": 0, "timeUnit": "minutes"},
            "recipient": {"type": "schedule", "id": schedule["id"], "name": "Platform_schedule"},
        }
    ]
    (rule,) = data_of(api.get(f"/v2/teams/{team['id']}/routing-rules"))
    assert rule["isDefault"] is True
    assert rule["name"] == "Default Routing Rule"
    assert rule["criteria"] == {"type": "match-all"}
    assert rule["notify"] == {
        "type": "escalation",
        "id": escalation["id"],
        "name": "Platform_escalation",
    }
    assert "timeRestriction" not in rule


def test_team_list_has_no_members_and_single_get_has_them(api: httpx.Client) -> None:
    alice = make_user(api, "alice@example.com")
    team = make_team(api, "Ops", "alice@example.com")
    listed = data_of(api.get("/v2/teams"))
    assert listed == [{"id": team["id"], "name": "Ops", "description": ""}]
    got = data_of(api.get("/v2/teams/Ops", params={"identifierType": "name"}))
    assert got["members"] == [
        {"user": {"id": alice["id"], "username": "alice@example.com"}, "role": "user"}
    ]
    assert api.get("/v2/teams/Ops").status_code == 404  # identifierType defaults to id
    assert api.get("/v2/teams/Ops", params={"identifierType": "slug"}).status_code == 422


def test_team_names_are_unique_and_members_must_exist(api: httpx.Client) -> None:
    make_team(api, "Web")
    clash = api.post("/v2/teams", json={"name": "WEB"})
    assert clash.status_code == 409
    missing = api.post(
        "/v2/teams",
        json={"name": "Mobile", "members": [{"user": {"username": "ghost@example.com"}}]},
    )
    assert missing.status_code == 422
    assert "does not exist" in missing.json()["message"]
    assert [t["name"] for t in data_of(api.get("/v2/teams"))] == ["Web"]
    assert (
        api.get("/v2/schedules/Mobile_schedule", params={"identifierType": "name"}).status_code
        == 404
    )


def test_renaming_a_team_keeps_its_default_object_names(api: httpx.Client) -> None:
    team = make_team(api, "Data")
    assert api.patch(f"/v2/teams/{team['id']}", json={"name": "Data Eng"}).status_code == 200
    names = {s["name"] for s in data_of(api.get("/v2/schedules"))}
    assert names == {"Data_schedule"}
    owner = data_of(api.get("/v2/schedules/Data_schedule", params={"identifierType": "name"}))
    assert owner["ownerTeam"]["name"] == "Data Eng"


def test_add_and_remove_members(api: httpx.Client) -> None:
    make_user(api, "bob@example.com")
    team = make_team(api, "Infra")
    members = f"/v2/teams/{team['id']}/members"
    added = api.post(members, json={"user": {"username": "bob@example.com"}, "role": "admin"})
    assert added.status_code == 200
    again = api.post(members, json={"user": {"username": "bob@example.com"}})
    assert again.status_code == 409
    bad_role = api.post(members, json={"user": {"username": "bob@example.com"}, "role": "boss"})
    assert bad_role.status_code == 422
    got = data_of(api.get(f"/v2/teams/{team['id']}"))
    assert [(m["user"]["username"], m["role"]) for m in got["members"]] == [
        ("bob@example.com", "admin")
    ]
    assert api.delete(f"{members}/bob@example.com").status_code == 200
    assert api.delete(f"{members}/bob@example.com").status_code == 404
    assert data_of(api.get(f"/v2/teams/{team['id']}"))["members"] == []


def _rule(name: str, **extra: object) -> dict[str, object]:
    return {"name": name, "notify": {"type": "none"}, **extra}


def test_routing_rule_order_inserts_before_the_default_rule(api: httpx.Client) -> None:
    team = make_team(api, "Core")
    base = f"/v2/teams/{team['id']}/routing-rules"
    for payload in (_rule("B"), _rule("A", order=0), _rule("C"), _rule("AB", order=1)):
        assert api.post(base, json=payload).status_code == 201
    rules = data_of(api.get(base))
    assert [(r["name"], r["order"]) for r in rules] == [
        ("A", 0),
        ("AB", 1),
        ("B", 2),
        ("C", 3),
        ("Default Routing Rule", 4),
    ]
    assert api.post(base, json=_rule("Z", order=5)).status_code == 422
    c_rule = rules[3]
    assert api.post(f"{base}/{c_rule['id']}/change-order", json={"order": 0}).status_code == 200
    assert [r["name"] for r in data_of(api.get(base))] == [
        "C",
        "A",
        "AB",
        "B",
        "Default Routing Rule",
    ]
    assert api.delete(f"{base}/{rules[0]['id']}").status_code == 200
    assert [(r["name"], r["order"]) for r in data_of(api.get(base))][-1] == (
        "Default Routing Rule",
        3,
    )


def test_routing_rule_defaults_and_references(api: httpx.Client) -> None:
    team = make_team(api, "Edge")
    base = "/v2/teams/Edge/routing-rules"
    params = {"teamIdentifierType": "name"}
    created = data_of(
        api.post(
            base,
            params=params,
            json={
                "name": "Nights",
                "notify": {"type": "schedule", "name": "Edge_schedule"},
                "criteria": {
                    "type": "match-any-condition",
                    "conditions": [
                        {"field": "priority", "operation": "equals", "expectedValue": "P1"}
                    ],
                },
                "timeRestriction": {
                    "type": "time-of-day",
                    "restriction": {"startHour": 22, "startMin": 45, "endHour": 6, "endMin": 10},
                },
            },
        ),
        201,
    )
    rule = data_of(api.get(f"{base}/{created['id']}", params=params))
    assert rule["timezone"] == ACCOUNT_TIMEZONE
    assert rule["timeRestriction"]["restriction"] == {  # nearest 0 or 30: 22:45 -> 23:00
        "startHour": 23,
        "startMin": 0,
        "endHour": 6,
        "endMin": 0,
    }
    assert rule["criteria"]["conditions"][0]["not"] is False
    assert rule["notify"]["name"] == "Edge_schedule"
    missing = api.post(
        f"/v2/teams/{team['id']}/routing-rules",
        json=_rule("X", notify={"type": "escalation", "name": "nope"}),
    )
    assert missing.status_code == 422
    to_user = api.post(
        f"/v2/teams/{team['id']}/routing-rules",
        json=_rule("Y", notify={"type": "user", "username": "a@example.com"}),
    )
    assert to_user.status_code == 422
    bad_tz = api.post(
        f"/v2/teams/{team['id']}/routing-rules", json=_rule("Z", timezone="Nowhere/X")
    )
    assert bad_tz.status_code == 422


def test_default_rule_refuses_timezone_change_order_and_delete(api: httpx.Client) -> None:
    team = make_team(api, "Sec")
    base = f"/v2/teams/{team['id']}/routing-rules"
    (default,) = data_of(api.get(base))
    url = f"{base}/{default['id']}"
    assert api.patch(url, json={"timezone": "Europe/Berlin"}).status_code == 422
    assert api.post(f"{url}/change-order", json={"order": 0}).status_code == 422
    assert api.delete(url).status_code == 422
    assert api.patch(url, json={"notify": {"type": "none"}}).status_code == 200
    assert data_of(api.get(url))["notify"] == {"type": "none"}


def test_deleting_a_team_needs_its_defaults_gone_first(api: httpx.Client) -> None:
    team = make_team(api, "Temp")
    refused = api.delete(f"/v2/teams/{team['id']}")
    assert refused.status_code == 428
    message = refused.json()["message"]
    assert "Temp_schedule" in message and "Temp_escalation" in message
    escalation = "/v2/escalations/Temp_escalation?identifierType=name"
    used = api.delete(escalation)
    assert used.status_code == 428
    assert "Default Routing Rule" in used.json()["message"]
    (default,) = data_of(api.get(f"/v2/teams/{team['id']}/routing-rules"))
    api.patch(
        f"/v2/teams/{team['id']}/routing-rules/{default['id']}", json={"notify": {"type": "none"}}
    )
    assert api.delete(escalation).status_code == 200
    assert api.delete("/v2/schedules/Temp_schedule?identifierType=name").status_code == 200
    assert api.delete(f"/v2/teams/{team['id']}").status_code == 200
    assert api.get(f"/v2/teams/{team['id']}/routing-rules").status_code == 404


def test_user_in_a_team_cannot_be_deleted(api: httpx.Client) -> None:
    make_user(api, "carl@example.com")
    make_team(api, "Db", "carl@example.com")
    response = api.delete("/v2/users/carl@example.com")
    assert response.status_code == 428
    assert "Entity is used by another entity" in response.json()["message"]
    assert "team [Db]" in response.json()["message"]


def test_a_team_whose_default_names_are_taken_is_refused(api: httpx.Client) -> None:
    assert api.post("/v2/schedules", json={"name": "Taken_schedule"}).status_code == 201
    response = api.post("/v2/teams", json={"name": "Taken"})
    assert response.status_code == 409
    assert data_of(api.get("/v2/teams")) == []
