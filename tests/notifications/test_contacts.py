"""Contacts in a user's file: the complete list when present, identity method + to."""

from __future__ import annotations

from typing import Any

ANN = "ann@example.com"
PHONE = "49-15110000001"


def ann(**extra: Any) -> dict[str, Any]:
    return {"username": ANN, "fullName": "Ann", "role": {"name": "user"}, **extra}


def contacts(*items: dict[str, Any]) -> dict[str, Any]:
    return {"users/ann.yaml": ann(contacts=list(items))}


def test_contacts_are_created_and_converge(ws, users) -> None:
    ws.put(contacts({"method": "sms", "to": PHONE}, {"method": "voice", "to": PHONE}))
    ws.applied()
    assert users.contacts(ANN) == {
        f"email:{ANN}": True,
        f"sms:{PHONE}": True,
        f"voice:{PHONE}": True,
    }
    assert ws.converged()


def test_disabled_contact_is_created_disabled_and_re_enabled_in_place(ws, users) -> None:
    ws.put(contacts({"method": "sms", "to": PHONE, "enabled": False}))
    ws.applied()
    assert users.contacts(ANN)[f"sms:{PHONE}"] is False
    ws.put(contacts({"method": "sms", "to": PHONE, "enabled": True}))
    assert ws.actions() == {("update", f"user/{ANN}/contact/sms:{PHONE}")}
    ws.applied()
    assert users.contacts(ANN)[f"sms:{PHONE}"] is True
    assert ws.converged()


def test_changed_address_is_a_delete_and_a_create(ws, users) -> None:
    ws.put(contacts({"method": "sms", "to": PHONE}))
    ws.applied()
    ws.put(contacts({"method": "sms", "to": "49-15110000009"}))
    assert ws.actions() == {
        ("delete", f"user/{ANN}/contact/sms:{PHONE}"),
        ("create", f"user/{ANN}/contact/sms:49-15110000009"),
    }
    ws.applied()
    assert f"sms:{PHONE}" not in users.contacts(ANN)
    assert ws.converged()


def test_changed_method_is_a_delete_and_a_create(ws) -> None:
    ws.put(contacts({"method": "sms", "to": PHONE}))
    ws.applied()
    ws.put(contacts({"method": "voice", "to": PHONE}))
    assert ws.actions() == {
        ("delete", f"user/{ANN}/contact/sms:{PHONE}"),
        ("create", f"user/{ANN}/contact/voice:{PHONE}"),
    }
    ws.applied()
    assert ws.converged()


def test_mobile_app_is_read_as_mobile(ws, users) -> None:
    ws.put(contacts({"method": "mobile_app", "to": "ann-phone"}))
    ws.applied()
    assert "mobile:ann-phone" in users.contacts(ANN)
    assert ws.converged()


def test_the_list_is_complete_but_the_username_email_stays(ws, users) -> None:
    ws.put(contacts({"method": "sms", "to": PHONE}))
    ws.applied()
    users.add_contact(ANN, "voice", PHONE)
    ws.put(contacts())
    assert ws.actions() == {
        ("delete", f"user/{ANN}/contact/sms:{PHONE}"),
        ("delete", f"user/{ANN}/contact/voice:{PHONE}"),
    }
    ws.applied()
    assert users.contacts(ANN) == {f"email:{ANN}": True}


def test_without_the_key_contacts_are_not_managed(ws, users) -> None:
    ws.put({"users/ann.yaml": ann()})
    ws.applied()
    users.add_contact(ANN, "sms", PHONE)
    assert ws.converged()


def test_the_username_email_is_adopted_when_listed(ws, users) -> None:
    ws.put({"users/ann.yaml": ann()})
    ws.applied()
    ws.put(contacts({"method": "email", "to": ANN.upper(), "enabled": False}))
    assert ws.actions() == {("update", f"user/{ANN}/contact/email:{ANN}")}
    ws.applied()
    assert users.contacts(ANN) == {f"email:{ANN}": False}
    assert ws.converged()


def test_a_new_user_listing_its_username_email_converges(ws, users) -> None:
    ws.put(contacts({"method": "email", "to": ANN}, {"method": "sms", "to": PHONE}))
    assert ("create", f"user/{ANN}/contact/email:{ANN}") not in ws.actions()  # Opsgenie makes it
    ws.applied()
    assert users.contacts(ANN) == {f"email:{ANN}": True, f"sms:{PHONE}": True}
    assert ws.converged()


def test_a_new_user_can_have_its_username_email_disabled(ws, users) -> None:
    ws.put(contacts({"method": "email", "to": ANN, "enabled": False}))
    assert ("create", f"user/{ANN}/contact/email:{ANN}") in ws.actions()
    ws.applied()
    assert users.contacts(ANN) == {f"email:{ANN}": False}
    assert ws.converged()


def test_a_contact_in_use_is_deleted_after_the_rule_stops_using_it(ws, users) -> None:
    rule = {
        "name": "Pager",
        "steps": [{"contact": {"method": "sms", "to": PHONE}}],
    }
    ws.put(
        {"users/ann.yaml": ann(contacts=[{"method": "sms", "to": PHONE}], notificationRules=[rule])}
    )
    ws.applied()
    rule["steps"] = [{"contact": {"method": "voice", "to": PHONE}}]
    ws.put(
        {
            "users/ann.yaml": ann(
                contacts=[{"method": "voice", "to": PHONE}], notificationRules=[rule]
            )
        }
    )
    plan = [rc["address"] for rc in ws.plan_json()["resource_changes"]]
    rule_addr = f"user/{ANN}/notification-rule/Pager"
    assert plan.index(f"user/{ANN}/contact/voice:{PHONE}") < plan.index(rule_addr)
    assert plan.index(rule_addr) < plan.index(f"user/{ANN}/contact/sms:{PHONE}")
    ws.applied()
    assert set(users.contacts(ANN)) == {f"email:{ANN}", f"voice:{PHONE}"}
    assert ws.converged()


def test_a_step_to_an_unlisted_contact_is_a_validation_error(ws) -> None:
    rule = {"name": "Pager", "steps": [{"contact": {"method": "voice", "to": PHONE}}]}
    ws.put(
        {"users/ann.yaml": ann(contacts=[{"method": "sms", "to": PHONE}], notificationRules=[rule])}
    )
    result = ws.run("validate", str(ws.root))
    assert result.code == 1
    assert f"the step notifies voice:{PHONE}, which is not in the user's contacts" in result.err
