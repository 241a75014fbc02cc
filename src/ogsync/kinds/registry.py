"""The table of kinds: their `kind:` value, folder and the key that names them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KindInfo:
    """Static facts about a kind that loading and addressing need."""

    kind: str
    folder: str
    name_key: str
    label: str
    plural: str


KINDS: dict[str, KindInfo] = {
    info.kind: info
    for info in (
        KindInfo("user", "users", "username", "user", "users"),
        KindInfo("team", "teams", "name", "team", "teams"),
        KindInfo("schedule", "schedules", "name", "schedule", "schedules"),
        KindInfo("escalation", "escalations", "name", "escalation", "escalations"),
        KindInfo(
            "notification-rule",
            "notification-rules",
            "name",
            "notification rule",
            "notification rules",
        ),
    )
}
FOLDERS: dict[str, str] = {info.folder: info.kind for info in KINDS.values()}
# The order in which kinds are created (deletes run in reverse).
ORDER: tuple[str, ...] = ("user", "team", "schedule", "escalation", "notification-rule")
