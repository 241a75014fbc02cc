"""Schedules, rotations and overrides: dates on the half hour, restrictions, references."""

from __future__ import annotations

import httpx
from sandbox_helpers import data_of, make_team, make_user

WEEKEND = {
    "type": "weekday-and-time-of-day",
    "restrictions": [
        {"startDay": d, "startHour": 8, "startMin": 15, "endDay": d, "endHour": 18, "endMin": 59}
        for d in ("saturday", "sunday", "monday")
    ],
}


def _rotation(**extra: object) -> dict[str, object]:
    return {
        "name": "Primary",
        "type": "weekly",
        "startDate": "2024-01-01T09:17:42Z",
        "participants": [{"type": "user", "username": "ann@example.com"}],
        **extra,
    }


def test_create_schedule_with_rotation_rounds_dates_to_the_half_hour(api: httpx.Client) -> None:
    ann = make_user(api, "ann@example.com")
    created = api.post(
        "/v2/schedules",
        json={
            "name": "Primary On-Call",
            "timezone": "Europe/Berlin",
            "rotations": [_rotation(endDate="2024-06-01T10:59:59+02:00")],
        },
    )
    assert created.status_code == 201
    meta = created.json()["data"]
    assert meta["name"] == "Primary On-Call" and meta["enabled"] is True
    schedule = data_of(api.get(f"/v2/schedules/{meta['id']}"))
    (rotation,) = schedule["rotations"]
    assert rotation["startDate"] == "2024-01-01T09:30:00Z"  # 09:15 rounds to the nearest
    assert rotation["endDate"] == "2024-06-01T09:00:00Z"  # 08:59:59Z
    assert rotation["length"] == 1
    assert rotation["participants"] == [
        {"type": "user", "id": ann["id"], "username": "ann@example.com"}
    ]
    assert "ownerTeam" not in schedule


def test_schedule_list_expands_rotations_only_when_asked(api: httpx.Client) -> None:
    make_user(api, "ann@example.com")
    api.post("/v2/schedules", json={"name": "S1", "rotations": [_rotation()]})
    plain = api.get("/v2/schedules").json()
    assert "rotations" not in plain["data"][0]
    assert plain["expandable"] == ["rotation"]
    expanded = data_of(api.get("/v2/schedules", params={"expand": "rotation"}))
    assert len(expanded[0]["rotations"]) == 1


def test_schedule_validation(api: httpx.Client) -> None:
    make_user(api, "ann@example.com")
    cases = [
        {"name": "A", "timezone": "Moon/Base"},
        {"name": "B", "rotations": []},
        {"name": "C", "rotations": [_rotation(type="monthly")]},
        {
            "name": "D",
            "rotations": [_rotation(participants=[{"type": "user", "username": "no@x.io"}])],
        },
        {"name": "E", "rotations": [_rotation(startDate="2024-01-01T09:00:00")]},
        {"name": "F", "rotations": [_rotation(endDate="2023-01-01T09:00:00Z")]},
        {"name": "G", "ownerTeam": {"name": "Nobody"}},
        {"name": "H", "rotations": [_rotation(participants=[{"type": "schedule", "name": "S"}])]},
    ]
    for payload in cases:
        assert api.post("/v2/schedules", json=payload).status_code == 422, payload
    assert data_of(api.get("/v2/schedules")) == []
    assert api.post("/v2/schedules", json={"name": "Ok"}).status_code == 201
    assert api.post("/v2/schedules", json={"name": "OK"}).status_code == 409


def test_time_restriction_minutes_round_and_range_checks(api: httpx.Client) -> None:
    make_user(api, "ann@example.com")
    schedule = data_of(api.post("/v2/schedules", json={"name": "TR"}), 201)
    base = f"/v2/schedules/{schedule['id']}/rotations"
    day = {
        "type": "time-of-day",
        "restriction": {"startHour": 9, "startMin": 29, "endHour": 17, "endMin": 31},
    }
    created = data_of(api.post(base, json=_rotation(timeRestriction=day)), 201)
    got = data_of(api.get(f"{base}/{created['id']}"))
    assert got["timeRestriction"]["restriction"] == {
        "startHour": 9,
        "startMin": 30,
        "endHour": 17,
        "endMin": 30,
    }
    assert got["_parent"]["id"] == schedule["id"]
    for bad in (
        {"startHour": 9, "startMin": 60, "endHour": 17, "endMin": 0},
        {"startHour": -1, "startMin": 0, "endHour": 17, "endMin": 0},
        {"startHour": 9, "startMin": 0, "endHour": 17},
    ):
        restriction = {"type": "time-of-day", "restriction": bad}
        assert api.post(base, json=_rotation(timeRestriction=restriction)).status_code == 422
    seed_form = {"type": "time-of-day", "restrictions": [day["restriction"]]}
    assert api.post(base, json=_rotation(timeRestriction=seed_form)).status_code == 422


def test_weekday_restrictions_come_back_in_varying_order(api: httpx.Client) -> None:
    make_user(api, "ann@example.com")
    created = data_of(
        api.post(
            "/v2/schedules", json={"name": "W", "rotations": [_rotation(timeRestriction=WEEKEND)]}
        ),
        201,
    )
    orders = []
    for _ in range(4):
        (rotation,) = data_of(api.get(f"/v2/schedules/{created['id']}"))["rotations"]
        restrictions = rotation["timeRestriction"]["restrictions"]
        assert {r["startDay"] for r in restrictions} == {"saturday", "sunday", "monday"}
        assert all((r["startMin"], r["endHour"], r["endMin"]) == (30, 19, 0) for r in restrictions)
        orders.append(tuple(r["startDay"] for r in restrictions))
    assert len(set(orders)) > 1


def test_rotation_crud_and_schedule_identifier_types(api: httpx.Client) -> None:
    make_user(api, "ann@example.com")
    make_user(api, "ben@example.com")
    api.post("/v2/schedules", json={"name": "Rot"})
    base = "/v2/schedules/Rot/rotations"
    params = {"scheduleIdentifierType": "name"}
    created = data_of(api.post(base, params=params, json=_rotation()), 201)
    assert api.post(base, json=_rotation()).status_code == 404
    updated = api.patch(
        f"{base}/{created['id']}",
        params=params,
        json={
            "participants": [{"type": "user", "username": "ben@example.com"}, {"type": "none"}],
            "length": 2,
        },
    )
    assert updated.status_code == 200
    (rotation,) = data_of(api.get(base, params=params))
    assert [p["type"] for p in rotation["participants"]] == ["user", "none"]
    assert rotation["length"] == 2
    assert api.delete(f"{base}/{created['id']}", params=params).status_code == 200
    assert data_of(api.get(base, params=params)) == []


def test_overrides_by_alias(api: httpx.Client) -> None:
    ann = make_user(api, "ann@example.com")
    schedule = data_of(
        api.post("/v2/schedules", json={"name": "Ov", "rotations": [_rotation()]}), 201
    )
    base = f"/v2/schedules/{schedule['id']}/overrides"
    payload = {
        "alias": "swap-1",
        "user": {"type": "user", "username": "ann@example.com"},
        "startDate": "2024-03-01T10:10:00Z",
        "endDate": "2024-03-02T10:45:00Z",
        "rotations": [{"name": "Primary"}],
    }
    assert data_of(api.post(base, json=payload), 201) == {"alias": "swap-1"}
    assert api.post(base, json=payload).status_code == 409
    got = data_of(api.get(f"{base}/swap-1"))
    assert got["startDate"] == "2024-03-01T10:00:00Z"
    assert got["endDate"] == "2024-03-02T11:00:00Z"  # 10:45 rounds to the nearest half hour
    assert got["user"] == {"type": "user", "id": ann["id"], "username": "ann@example.com"}
    assert got["rotations"][0]["name"] == "Primary"
    update = {k: v for k, v in payload.items() if k != "alias"}
    assert api.put(f"{base}/swap-1", json=payload).status_code == 422  # alias is not updatable
    replaced = api.put(f"{base}/swap-1", json={**update, "user": {"type": "none"}, "rotations": []})
    assert data_of(replaced) == {"alias": "swap-1"}
    assert data_of(api.get(base))[0]["user"] == {"type": "none"}
    missing_user = {**payload, "alias": "swap-2", "user": {"type": "user", "username": "z@x.io"}}
    assert api.post(base, json=missing_user).status_code == 422
    assert api.delete(f"{base}/swap-1").status_code == 200
    assert api.get(f"{base}/swap-1").status_code == 404


def test_override_user_and_rotation_participant_block_user_delete(api: httpx.Client) -> None:
    make_user(api, "ann@example.com")
    api.post("/v2/schedules", json={"name": "Busy", "rotations": [_rotation()]})
    response = api.delete("/v2/users/ann@example.com")
    assert response.status_code == 428
    assert "rotation [Primary] of schedule [Busy]" in response.json()["message"]


def test_schedule_owner_team_patch_and_delete(api: httpx.Client) -> None:
    team = make_team(api, "Owners")
    schedule = data_of(
        api.post("/v2/schedules", json={"name": "Owned", "ownerTeam": {"id": team["id"]}}), 201
    )
    got = data_of(api.get(f"/v2/schedules/{schedule['id']}"))
    assert got["ownerTeam"] == {"id": team["id"], "name": "Owners"}
    patched = api.patch(
        f"/v2/schedules/{schedule['id']}", json={"enabled": False, "description": "d"}
    )
    assert data_of(patched)["enabled"] is False
    assert api.delete("/v2/schedules/Owned", params={"identifierType": "name"}).status_code == 200
    assert api.get(f"/v2/schedules/{schedule['id']}").status_code == 404
