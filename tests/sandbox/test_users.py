"""Users, contacts, personal notification rules and their steps, as Opsgenie answers them."""

from __future__ import annotations

import httpx
from sandbox_helpers import data_of, make_user

from ogsync.sandbox import ACCOUNT_LOCALE, ACCOUNT_TIMEZONE


def test_create_user_answers_201_with_id_and_fills_account_defaults(api: httpx.Client) -> None:
    response = api.post(
        "/v2/users",
        json={"username": "alice@example.com", "fullName": "Alice", "role": {"name": "admin"}},
    )
    assert response.status_code == 201
    created = response.json()
    assert created["result"] == "Created"
    assert isinstance(created["took"], float)
    user = data_of(api.get(f"/v2/users/{created['data']['id']}"))
    assert user["username"] == "alice@example.com"
    assert user["role"] == {"id": "admin", "name": "admin"}
    assert user["timeZone"] == ACCOUNT_TIMEZONE != "UTC"
    assert user["locale"] == ACCOUNT_LOCALE == "en_US"
    assert user["createdAt"].endswith("Z")


def test_new_user_gets_email_contact_and_default_notification_rules(api: httpx.Client) -> None:
    make_user(api, "bob@example.com")
    got = api.get("/v2/users/bob@example.com", params={"expand": "contact"}).json()
    assert [(c["contactMethod"], c["to"], c["enabled"]) for c in got["data"]["userContacts"]] == [
        ("email", "bob@example.com", True)
    ]
    rules = data_of(api.get("/v2/users/bob@example.com/notification-rules"))
    assert {(r["name"], r["actionType"], r["order"]) for r in rules} == {
        ("New Alert", "create-alert", 0),
        ("Renotified Alert", "renotified-alert", 0),
        ("Schedule Start", "schedule-start", 0),
    }


def test_rule_list_is_metadata_only_and_single_get_is_full(api: httpx.Client) -> None:
    make_user(api, "carol@example.com")
    listed = data_of(api.get("/v2/users/carol@example.com/notification-rules"))
    assert all(set(r) == {"id", "name", "actionType", "order", "enabled"} for r in listed)
    first = next(r for r in listed if r["actionType"] == "create-alert")
    full = data_of(api.get(f"/v2/users/carol@example.com/notification-rules/{first['id']}"))
    assert full["criteria"] == {"type": "match-all"}
    assert full["steps"][0]["contact"] == {"method": "email", "to": "carol@example.com"}
    assert full["steps"][0]["sendAfter"] == {"timeAmount": 0, "timeUnit": "minutes"}


def test_usernames_are_unique_case_insensitively(api: httpx.Client) -> None:
    make_user(api, "dave@example.com")
    response = api.post(
        "/v2/users",
        json={"username": "DAVE@example.com", "fullName": "Dave", "role": {"name": "user"}},
    )
    assert response.status_code == 409
    assert "already exists" in response.json()["message"]
    assert data_of(api.get("/v2/users/DAVE@EXAMPLE.COM"))["username"] == "dave@example.com"


def test_invalid_user_payloads_are_422_with_field_errors(api: httpx.Client) -> None:
    cases = [
        ({"username": "not-an-email", "fullName": "X", "role": {"name": "user"}}, "username"),
        ({"username": "x@example.com", "role": {"name": "user"}}, "fullName"),
        ({"username": "x@example.com", "fullName": "X", "role": {"name": "wizard"}}, "role"),
        (
            {
                "username": "x@example.com",
                "fullName": "X",
                "role": {"name": "user"},
                "timeZone": "Mars/Olympus",
            },
            "timeZone",
        ),
        (
            {"username": "x@example.com", "fullName": "X", "role": {"name": "user"}, "shoe": 1},
            "shoe",
        ),
        ({"username": "x@example.com", "fullName": 7, "role": {"name": "user"}}, "fullName"),
    ]
    for payload, field in cases:
        response = api.post("/v2/users", json=payload)
        assert response.status_code == 422, payload
        assert field in response.json()["errors"], response.json()
    assert api.get("/v2/users").json()["totalCount"] == 0


def test_user_list_pages_sorts_and_searches(api: httpx.Client) -> None:
    for name in ("erin", "frank", "grace", "heidi", "ivan"):
        make_user(api, f"{name}@example.com")
    page = api.get("/v2/users", params={"limit": 2, "offset": 2}).json()
    assert [u["username"] for u in page["data"]] == ["grace@example.com", "heidi@example.com"]
    assert page["totalCount"] == 5
    assert "offset=4" in page["paging"]["next"]
    assert "offset=0" in page["paging"]["prev"]
    desc = data_of(api.get("/v2/users", params={"order": "desc", "sort": "username"}))
    assert desc[0]["username"] == "ivan@example.com"
    found = data_of(api.get("/v2/users", params={"query": "username:fra"}))
    assert [u["username"] for u in found] == ["frank@example.com"]
    assert api.get("/v2/users", params={"limit": 0}).status_code == 422


def test_patch_user_renames_and_primary_contact_follows(api: httpx.Client) -> None:
    user = make_user(api, "judy@example.com")
    response = api.patch(f"/v2/users/{user['id']}", json={"username": "judith@example.com"})
    assert response.status_code == 200
    assert response.json()["result"] == "Updated"
    contacts = data_of(api.get("/v2/users/judith@example.com/contacts"))
    assert [c["to"] for c in contacts] == ["judith@example.com"]
    assert api.get("/v2/users/judy@example.com").status_code == 404


def test_delete_user_then_404(api: httpx.Client) -> None:
    make_user(api, "ken@example.com")
    response = api.delete("/v2/users/ken@example.com")
    assert response.status_code == 200
    assert response.json()["result"] == "Deleted"
    missing = api.get("/v2/users/ken@example.com")
    assert missing.status_code == 404
    assert "does not exist" in missing.json()["message"]


def test_contacts_create_validate_duplicate_enable_disable(api: httpx.Client) -> None:
    make_user(api, "leo@example.com")
    base = "/v2/users/leo@example.com/contacts"
    created = data_of(api.post(base, json={"method": "sms", "to": "1-5551234567"}), 201)
    assert api.post(base, json={"method": "sms", "to": "1-5551234567"}).status_code == 409
    assert api.post(base, json={"method": "sms", "to": "+15551234567"}).status_code == 422
    assert api.post(base, json={"method": "fax", "to": "1-5551234567"}).status_code == 422
    assert api.post(f"{base}/{created['id']}/disable").status_code == 200
    contact = data_of(api.get(f"{base}/{created['id']}"))
    assert contact == {
        "id": created["id"],
        "method": "sms",
        "to": "1-5551234567",
        "status": {"enabled": False},
    }
    assert api.post(f"{base}/{created['id']}/enable").status_code == 200
    listed = data_of(api.get(base))
    assert [(c["method"], c["applyOrder"]) for c in listed] == [("email", 0), ("sms", 0)]


def test_primary_email_contact_cannot_be_deleted(api: httpx.Client) -> None:
    make_user(api, "mia@example.com")
    base = "/v2/users/mia@example.com/contacts"
    primary = data_of(api.get(base))[0]
    response = api.delete(f"{base}/{primary['id']}")
    assert response.status_code == 422
    assert len(data_of(api.get(base))) == 1


def test_contact_used_by_a_step_cannot_be_deleted(api: httpx.Client) -> None:
    make_user(api, "ned@example.com")
    base = "/v2/users/ned@example.com"
    contact = data_of(
        api.post(f"{base}/contacts", json={"method": "voice", "to": "44-7700900123"}), 201
    )
    rule = {
        "name": "Calls",
        "actionType": "create-alert",
        "enabled": True,
        "steps": [{"contact": {"method": "voice", "to": "44-7700900123"}, "enabled": True}],
    }
    assert api.post(f"{base}/notification-rules", json=rule).status_code == 201
    response = api.delete(f"{base}/contacts/{contact['id']}")
    assert response.status_code == 428
    assert "Calls" in response.json()["message"]


def test_notification_rule_order_is_an_index_per_action_type(api: httpx.Client) -> None:
    make_user(api, "olga@example.com")
    base = "/v2/users/olga@example.com/notification-rules"
    step = {"contact": {"method": "email", "to": "olga@example.com"}, "enabled": True}

    def create(name: str, **extra: object) -> str:
        payload = {"name": name, "actionType": "create-alert", "enabled": True, "steps": [step]}
        return str(data_of(api.post(base, json={**payload, **extra}), 201)["id"])

    create("Last")
    first = create("First", order=0)
    create("Middle", order=1)

    def names() -> list[str]:
        rules = [r for r in data_of(api.get(base)) if r["actionType"] == "create-alert"]
        return [r["name"] for r in sorted(rules, key=lambda r: r["order"])]

    assert names() == ["First", "Middle", "New Alert", "Last"]
    assert api.post(f"{base}/{first}/change-order", json={"order": 3}).status_code == 200
    assert names() == ["Middle", "New Alert", "Last", "First"]
    assert api.post(f"{base}/{first}/change-order", json={"order": 9}).status_code == 422
    renotify = [r for r in data_of(api.get(base)) if r["actionType"] == "renotified-alert"]
    assert [r["order"] for r in renotify] == [0]


def test_notification_rule_validation_and_references(api: httpx.Client) -> None:
    make_user(api, "pam@example.com")
    base = "/v2/users/pam@example.com/notification-rules"
    step = {"contact": {"method": "sms", "to": "1-5550000000"}, "enabled": True}
    unknown_contact = {"name": "R", "actionType": "create-alert", "enabled": True, "steps": [step]}
    assert api.post(base, json=unknown_contact).status_code == 422
    bad_schedule = {
        "name": "S",
        "actionType": "schedule-end",
        "enabled": True,
        "schedules": [{"type": "schedule", "name": "nope"}],
    }
    response = api.post(base, json=bad_schedule)
    assert response.status_code == 422
    assert "does not exist" in response.json()["message"]
    bad_hour = {
        "name": "T",
        "actionType": "create-alert",
        "enabled": True,
        "timeRestriction": {
            "type": "time-of-day",
            "restriction": {"startHour": 24, "startMin": 0, "endHour": 5, "endMin": 0},
        },
    }
    assert "timeRestriction.restriction.startHour" in api.post(base, json=bad_hour).json()["errors"]
    dup = {"name": "new alert", "actionType": "create-alert", "enabled": True}
    assert api.post(base, json=dup).status_code == 409


def test_notification_rule_steps_crud(api: httpx.Client) -> None:
    make_user(api, "quinn@example.com")
    base = "/v2/users/quinn@example.com/notification-rules"
    rule = next(r for r in data_of(api.get(base)) if r["name"] == "New Alert")
    steps = f"{base}/{rule['id']}/steps"
    created = data_of(
        api.post(
            steps,
            json={
                "contact": {"method": "email", "to": "quinn@example.com"},
                "sendAfter": {"timeAmount": 5},
                "enabled": False,
            },
        ),
        201,
    )
    got = data_of(api.get(f"{steps}/{created['id']}"))
    assert got["sendAfter"] == {"timeAmount": 5, "timeUnit": "minutes"}
    assert got["_parent"] == {"id": rule["id"], "name": "New Alert"}
    assert api.post(f"{steps}/{created['id']}/enable").status_code == 200
    assert data_of(api.get(f"{steps}/{created['id']}"))["enabled"] is True
    assert (
        api.patch(f"{steps}/{created['id']}", json={"sendAfter": {"timeAmount": 10}}).status_code
        == 200
    )
    assert api.delete(f"{steps}/{created['id']}").status_code == 200
    assert len(data_of(api.get(steps))) == 1
    assert api.get(f"{steps}/{created['id']}").status_code == 404


def test_rule_enable_disable_update_and_delete(api: httpx.Client) -> None:
    make_user(api, "rex@example.com")
    base = "/v2/users/rex@example.com/notification-rules"
    rule = next(r for r in data_of(api.get(base)) if r["name"] == "Schedule Start")
    assert api.post(f"{base}/{rule['id']}/disable").status_code == 200
    updated = api.patch(f"{base}/{rule['id']}", json={"notificationTime": ["1-hour-ago"]})
    assert data_of(updated)["enabled"] is False
    assert data_of(api.get(f"{base}/{rule['id']}"))["notificationTime"] == ["1-hour-ago"]
    wrong = api.patch(f"{base}/{rule['id']}", json={"actionType": "create-alert"})
    assert wrong.status_code == 422
    assert api.delete(f"{base}/{rule['id']}").status_code == 200
    assert api.get(f"{base}/{rule['id']}").status_code == 404
