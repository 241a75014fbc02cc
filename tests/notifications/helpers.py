"""Helpers for the notification tests: YAML-writing workspace, the account's contacts and rules."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from engine.conftest import Account, Workspace


class Notifications(Workspace):
    """A Workspace with helpers to write YAML documents and read the plan's notes."""

    def put(self, files: dict[str, Any]) -> None:
        for rel, doc in files.items():
            self.write(rel, yaml.safe_dump(doc, sort_keys=False))

    def changes(self) -> dict[str, dict[str, Any]]:
        """The plan's resource changes by address (a delete and a create may share one)."""
        doc = self.plan_json()
        return {
            f"{rc['change']['actions'][0]}:{rc['address']}": rc for rc in doc["resource_changes"]
        }

    def applied(self) -> None:
        result = self.apply()
        assert result.code == 0, result.out + result.err
        assert "Verified: the account now matches the config." in result.out, result.out


class Users(Account):
    """The sandbox account, with a user's contacts and rules as the API returns them."""

    def contacts(self, username: str) -> dict[str, bool]:
        """{"method:to": enabled} of the user's contacts."""
        data = self.get(f"/v2/users/{username}/contacts")
        return {f"{c['method']}:{c['to']}": c["status"]["enabled"] for c in data}

    def rules(self, username: str) -> dict[str, dict[str, Any]]:
        """The user's rules in full, by name."""
        metas = self.get(f"/v2/users/{username}/notification-rules")
        return {
            m["name"]: self.get(f"/v2/users/{username}/notification-rules/{m['id']}") for m in metas
        }

    def order(self, username: str, action: str = "create-alert") -> list[str]:
        """Names of the user's rules of one action type, in their order."""
        metas = self.get(f"/v2/users/{username}/notification-rules")
        return [
            m["name"] for m in sorted(metas, key=lambda m: m["order"]) if m["actionType"] == action
        ]

    def add_user(self, username: str) -> None:
        body = {"username": username, "fullName": username, "role": {"name": "user"}}
        assert self.send("POST", "/v2/users", body).status_code == 201

    def add_contact(self, username: str, method: str, to: str) -> None:
        body = {"method": method, "to": to}
        assert self.send("POST", f"/v2/users/{username}/contacts", body).status_code == 201


def request_log(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
