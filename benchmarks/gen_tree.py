"""Writes a config tree of N teams (3 members, 3 routing rules, a schedule of 2 rotations, an
escalation each; optionally contacts and a personal rule per user) for the benchmarks."""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml


def user_doc(i: int, k: int, username: str, notifications: bool) -> dict[str, object]:
    """A user; with notifications, two contacts and a personal rule that pages by SMS."""
    doc: dict[str, object] = {"username": username, "fullName": f"User {i} {k}"}
    if notifications:
        phone = f"1-555{i:04d}{k:03d}"
        doc["contacts"] = [
            {"method": "email", "to": username},
            {"method": "sms", "to": phone},
        ]
        doc["notificationRules"] = [
            {
                "name": "Page me",
                "actionType": "create-alert",
                "criteria": {
                    "type": "match-all-conditions",
                    "conditions": [
                        {"field": "priority", "operation": "equals", "expectedValue": "P1"}
                    ],
                },
                "steps": [
                    {"contact": {"method": "sms", "to": phone}, "sendAfter": {"timeAmount": 0}},
                    {
                        "contact": {"method": "email", "to": username},
                        "sendAfter": {"timeAmount": 5},
                    },
                ],
            }
        ]
    return doc


def team_files(i: int, notifications: bool = False) -> dict[str, dict[str, object]]:
    team = f"Team {i:04d}"
    users = [f"user{i:04d}-{k}@bench.example" for k in range(3)]
    return {
        **{
            f"users/u{i:04d}-{k}.yaml": user_doc(i, k, u, notifications)
            for k, u in enumerate(users)
        },
        f"teams/t{i:04d}.yaml": {
            "name": team,
            "description": f"Benchmark team {i}",
            "members": [
                {"user": {"username": u}, "role": "admin" if k == 0 else "user"}
                for k, u in enumerate(users)
            ],
            "routingRules": [
                {
                    "name": f"Rule {r}",
                    "criteria": {
                        "type": "match-all-conditions",
                        "conditions": [
                            {
                                "field": "priority",
                                "operation": "equals",
                                "expectedValue": f"P{r + 1}",
                            }
                        ],
                    },
                    "notify": {"type": "escalation", "name": f"{team} Escalation"},
                }
                for r in range(3)
            ],
        },
        f"schedules/s{i:04d}.yaml": {
            "name": f"{team} On-Call",
            "timezone": "Europe/Berlin",
            "ownerTeam": {"name": team},
            "rotations": [
                {
                    "name": "Weekdays",
                    "type": "weekly",
                    "startDate": "2026-01-05T08:00:00Z",
                    "participants": [{"type": "user", "username": u} for u in users],
                },
                {
                    "name": "Nights",
                    "type": "daily",
                    "startDate": "2026-01-05T18:00:00Z",
                    "participants": [{"type": "user", "username": u} for u in reversed(users)],
                    "timeRestriction": {
                        "type": "time-of-day",
                        "restriction": {"startHour": 18, "startMin": 0, "endHour": 8, "endMin": 0},
                    },
                },
            ],
        },
        f"escalations/e{i:04d}.yaml": {
            "name": f"{team} Escalation",
            "ownerTeam": {"name": team},
            "rules": [
                {
                    "condition": "if-not-acked",
                    "notifyType": "default",
                    "delay": {"timeAmount": 0},
                    "recipient": {"type": "schedule", "name": f"{team} On-Call"},
                },
                {
                    "condition": "if-not-acked",
                    "notifyType": "default",
                    "delay": {"timeAmount": 15},
                    "recipient": {"type": "team", "name": team},
                },
            ],
            "repeat": {"waitInterval": 10, "count": 2},
        },
    }


def write_tree(root: Path, teams: int, notifications: bool = False) -> None:
    for i in range(teams):
        for rel, doc in team_files(i, notifications).items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("--teams", type=int, default=10)
    parser.add_argument("--notifications", action="store_true", help="contacts and rules too")
    args = parser.parse_args()
    write_tree(args.root, args.teams, args.notifications)
