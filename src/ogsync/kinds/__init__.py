"""One module per resource kind: schema, endpoints, canonical form, dependencies."""

from __future__ import annotations

from ogsync.kinds.base import Kind
from ogsync.kinds.contact import Contact
from ogsync.kinds.escalation import Escalation
from ogsync.kinds.notification_rule import NotificationRule
from ogsync.kinds.override import Override
from ogsync.kinds.schedule import Rotation, Schedule
from ogsync.kinds.team import RoutingRule, Team
from ogsync.kinds.user import User

HANDLERS: dict[str, Kind] = {
    h.kind: h
    for h in (
        User(),
        Contact(),
        NotificationRule(),
        Team(),
        RoutingRule(),
        Schedule(),
        Rotation(),
        Override(),
        Escalation(),
    )
}
TOP_LEVEL: tuple[str, ...] = tuple(k for k, h in HANDLERS.items() if h.parent_kind is None)


def children_of(kind: str) -> list[Kind]:
    return [h for h in HANDLERS.values() if h.parent_kind == kind]


__all__ = ["HANDLERS", "TOP_LEVEL", "Kind", "children_of"]
