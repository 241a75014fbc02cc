"""Escalations (recipients, defaults, references), heartbeats and the account endpoint."""

from __future__ import annotations

import httpx
from sandbox_helpers import data_of, make_team, make_user


def _escalation(name: str, *recipients: dict[str, str], **extra: object) -> dict[str, object]:
    rules = [
        {
            "condition": "if-not-acked",
            "notifyType": "default",
            "delay": {"timeAmount": 5 * i, "timeUnit": "minutes"},
            "recipient": recipient,
        }
        for i, recipient in enumerate(recipients)
    ]
    return {"name": name, "rules": rules, **extra}


def test_escalation_with_recipients_by_name_comes_back_with_ids(api: httpx.Client) -> None:
    user = make_user(api, "amy@example.com")
    team = make_team(api, "Net")
    payload = _escalation(
        "Net Escalation",
        {"type": "schedule", "name": "Net_schedule"},
        {"type": "user", "username": "amy@example.com"},
        {"type": "team", "name": "Net"},
    )
    created = data_of(
        api.post("/v2/escalations", json={**payload, "ownerTeam": {"name": "Net"}}), 201
    )
    got = data_of(api.get(f"/v2/escalations/{created['id']}"))
    assert [r["recipient"] for r in got["rules"]][1:] == [
        {"type": "user", "id": user["id"], "username": "amy@example.com"},
        {"type": "team", "id": team["id"], "name": "Net"},
    ]
    assert got["repeat"] == {
        "waitInterval": 0,
        "count": 0,
        "resetRecipientStates": False,
        "closeAlertAfterAll": False,
    }
    assert got["ownerTeam"] == {"id": team["id"], "name": "Net"}


def test_escalation_validation(api: httpx.Client) -> None:
    make_user(api, "amy@example.com")
    user = {"type": "user", "username": "amy@example.com"}
    cases = [
        _escalation("No rules"),
        _escalation("Ghost", {"type": "user", "username": "ghost@example.com"}),
        _escalation("Next user", user)
        | {
            "rules": [
                {
                    "condition": "if-not-acked",
                    "notifyType": "next",
                    "delay": {"timeAmount": 0},
                    "recipient": user,
                }
            ]
        },
        _escalation("Hours", user)
        | {
            "rules": [
                {
                    "condition": "if-not-acked",
                    "notifyType": "default",
                    "delay": {"timeAmount": 1, "timeUnit": "hours"},
                    "recipient": user,
                }
            ]
        },
        _escalation("Seed repeat", user, repeat={"closeAlertAfter": 0}),
        _escalation("Bad owner", user, ownerTeam={"name": "Nobody"}),
    ]
    for payload in cases:
        assert api.post("/v2/escalations", json=payload).status_code == 422, payload
    assert api.post("/v2/escalations", json=_escalation("Fine", user)).status_code == 201
    assert api.post("/v2/escalations", json=_escalation("FINE", user)).status_code == 409


def test_escalation_patch_and_references_block_deletes(api: httpx.Client) -> None:
    make_user(api, "amy@example.com")
    api.post("/v2/schedules", json={"name": "Sched"})
    created = data_of(
        api.post("/v2/escalations", json=_escalation("Esc", {"type": "schedule", "name": "Sched"})),
        201,
    )
    refused = api.delete("/v2/schedules/Sched", params={"identifierType": "name"})
    assert refused.status_code == 428
    assert "escalation [Esc]" in refused.json()["message"]
    patched = api.patch(
        f"/v2/escalations/{created['id']}",
        json={
            "rules": [
                {
                    "condition": "if-not-closed",
                    "notifyType": "default",
                    "delay": {"timeAmount": 0},
                    "recipient": {"type": "user", "username": "amy@example.com"},
                }
            ],
            "repeat": {"waitInterval": 10, "count": 2},
        },
    )
    assert patched.status_code == 200
    got = data_of(api.get("/v2/escalations/Esc", params={"identifierType": "name"}))
    assert got["repeat"]["waitInterval"] == 10 and got["repeat"]["closeAlertAfterAll"] is False
    assert api.delete("/v2/schedules/Sched", params={"identifierType": "name"}).status_code == 200
    assert api.delete("/v2/users/amy@example.com").status_code == 428
    assert api.delete(f"/v2/escalations/{created['id']}").status_code == 200
    assert api.delete("/v2/users/amy@example.com").status_code == 200


def test_heartbeat_lifecycle(api: httpx.Client) -> None:
    payload = {"name": "nightly-backup", "interval": 1, "intervalUnit": "days", "enabled": True}
    created = data_of(api.post("/v2/heartbeats", json=payload), 201)
    assert created["alertPriority"] == "P3" and created["expired"] is False
    assert api.post("/v2/heartbeats", json=payload).status_code == 409
    assert (
        api.post(
            "/v2/heartbeats", json={**payload, "name": "x", "intervalUnit": "weeks"}
        ).status_code
        == 422
    )
    ping = api.get("/v2/heartbeats/nightly-backup/ping")
    assert ping.status_code == 202
    assert data_of(api.get("/v2/heartbeats/nightly-backup"))["lastPingTime"].endswith("Z")
    assert data_of(api.post("/v2/heartbeats/nightly-backup/disable"))["enabled"] is False
    assert (
        data_of(api.patch("/v2/heartbeats/nightly-backup", json={"interval": 2}))["name"]
        == "nightly-backup"
    )
    listed = data_of(api.get("/v2/heartbeats"))["heartbeats"]
    assert [(b["name"], b["interval"], b["enabled"]) for b in listed] == [
        ("nightly-backup", 2, False)
    ]
    assert api.delete("/v2/heartbeats/nightly-backup").status_code == 200
    assert api.get("/v2/heartbeats/nightly-backup/ping").status_code == 404


def test_account_reports_name_plan_and_user_count(api: httpx.Client) -> None:
    make_user(api, "amy@example.com")
    account = data_of(api.get("/v2/account"))
    assert account["name"] == "sandbox"
    assert account["userCount"] == 1
    assert account["plan"]["name"]
