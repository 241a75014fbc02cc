"""The example trees with contacts and rules, and what a plan reads to compare them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from notifications.helpers import Notifications, request_log
from support import REPO, Result

SRE = ["sofia.rossi", "anna.schmidt", "maria.garcia", "haruto.sato", "david.kim"]
RULE = "Critical Alerts By Phone"
USER_PATH = re.compile(r"^/v2/users/[^/]+(/|$)")


def copy_tree(tmp_path: Path, state: Path, source: Path) -> Notifications:
    root = tmp_path / source.name
    shutil.copytree(source, root, ignore=shutil.ignore_patterns("multi-team"))
    return Notifications(root, state)


def test_multi_team_rules_reach_sre_members_and_olivia(tmp_path, state, users) -> None:
    ws = copy_tree(tmp_path, state, REPO / "examples" / "multi-team")
    ws.applied()
    for name in [*SRE, "olivia.brown"]:
        steps = users.rules(f"{name}@example.com")[RULE]["steps"]
        assert [s["contact"]["method"] for s in steps] == ["sms", "voice"], name
    assert RULE not in users.rules("jonas.weber@example.com")
    jonas = users.order("jonas.weber@example.com")
    assert jonas.index("Night calls") < jonas.index("Daytime alerts")
    assert users.contacts("yui.tanaka@example.com")["sms:81-9010000002"] is True
    assert ws.converged()


def test_seed_rule_warns_about_users_without_phones_and_follows_a_new_contact(
    tmp_path, state, users
) -> None:
    ws = copy_tree(tmp_path, state, REPO / "examples")
    warnings = ws.plan_json()["warnings"]
    assert any("alice@company.com has no mobile, sms, voice contact" in w for w in warnings)
    ws.applied()
    assert "Critical Alert Notification" not in users.rules("alice@company.com")
    ws.edit(
        "users/alice.yaml", "role:", "contacts:\n  - {method: mobile_app, to: alice-phone}\nrole:"
    )
    rule = "user/alice@company.com/notification-rule/Critical Alert Notification"
    assert ("create", rule) in ws.actions()
    ws.applied()
    created = users.rules("alice@company.com")["Critical Alert Notification"]
    assert [s["contact"] for s in created["steps"]] == [{"method": "mobile", "to": "alice-phone"}]
    assert created["timeRestriction"]["type"] == "time-of-day"
    assert ws.converged()


def _logged_plan(ws: Notifications, log: Path) -> Result:
    args = ("plan", str(ws.root), "--sandbox", str(ws.state), *ws.fast)
    return ws.run(*args, env={"OGSYNC_SANDBOX_FAULTS": f"request_log={log}"})


def _user_requests(log: Path) -> list[str]:
    return [r["path"] for r in request_log(log) if USER_PATH.match(r["path"])]


def test_a_plan_reads_only_the_users_in_scope(ws, users, tmp_path) -> None:
    for i in range(4):
        users.add_user(f"other{i}@example.com")
    ws.put(
        {
            "users/ann.yaml": {
                "username": "ann@example.com",
                "fullName": "Ann",
                "role": {"name": "user"},
                "contacts": [{"method": "sms", "to": "49-1511001"}],
            }
        }
    )
    ws.applied()
    log = tmp_path / "requests.jsonl"
    assert _logged_plan(ws, log).code == 0
    paths = _user_requests(log)
    assert paths and all("/other" not in p and p.startswith("/v2/users/") for p in paths)
    ids = {p.split("/")[3] for p in paths}
    assert len(ids) == 1  # ann only: her contacts, nothing of her rules (not managed)
    assert not any("notification-rules" in p for p in paths)


def test_a_global_rule_lists_every_users_rules_but_reads_only_the_selected(
    ws, users, tmp_path
) -> None:
    for i in range(3):
        users.add_user(f"other{i}@example.com")
    ws.put(
        {
            "users/ann.yaml": {"username": "ann@example.com", "fullName": "Ann"},
            "notification-rules/r.yaml": {
                "name": "R",
                "appliesTo": {"users": ["ann@example.com"]},
                "steps": [{"contact": {"method": "email", "to": "all"}}],
            },
        }
    )
    ws.applied()
    log = tmp_path / "requests.jsonl"
    assert _logged_plan(ws, log).code == 0
    paths = _user_requests(log)
    lists = [p for p in paths if p.endswith("/notification-rules")]
    assert len(lists) == 4  # every user: the rule's name is owned across the account
    details = [p for p in paths if re.search(r"/notification-rules/[^/]+$", p)]
    assert len(details) == 1  # only ann's rule R is read in full
