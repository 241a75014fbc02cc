"""Global notification rules (`notification-rules/`) expanded into per-user personal rules.

A global rule owns its name across the account: every user it selects gets a personal rule
of that name (unless the user's own file has one), and every other user loses one.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from ogsync import address
from ogsync.backend.api import Api
from ogsync.config.model import Config, Resource
from ogsync.config.references import Resolver
from ogsync.engine.live import DependentRead, LiveState
from ogsync.engine.model import Obj
from ogsync.kinds.base import ReadRequest
from ogsync.kinds.common import canon_user_name, seg
from ogsync.kinds.contact import canon_method, canon_to
from ogsync.kinds.notification_rule import NotificationRule
from ogsync.kinds.team import Team
from ogsync.kinds.user import CONTACTS, EVERY_USER, RULE_LIST, RULE_NAMED, RULES, read_children

GLOBAL_KIND = "notification-rule"
RULE_KIND = "notification-rule"
CONTACT_KIND = "contact"
# The keys of a global rule that a personal rule carries.
PERSONAL_KEYS = (
    "name",
    "actionType",
    "criteria",
    "notificationTime",
    "timeRestriction",
    "schedules",
    "steps",
    "repeat",
    "enabled",
)
TO_ALL = "all"


@dataclass
class Extra:
    """A personal rule a global rule gives one user, in canonical form."""

    name: str
    fields: dict[str, Any]
    note: str


@dataclass
class Expansion:
    """What the global rules add to the plan: desired personal rules by user (match key), live
    rules they delete, and warnings."""

    extras: dict[str, list[Extra]] = field(default_factory=dict)
    deletes: list[tuple[Obj, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def for_parent(self, parent_kind: str, key: str, child_kind: str) -> list[Extra]:
        if parent_kind != "user" or child_kind != RULE_KIND:
            return []
        return self.extras.get(key, [])

    def parents(self, parent_kind: str, child_kind: str) -> list[str]:
        """The match keys of every parent that gets extra children of child_kind."""
        if parent_kind != "user" or child_kind != RULE_KIND:
            return []
        return sorted(self.extras)


def global_rules(config: Config) -> list[Resource]:
    """The valid global rules, when the kind is managed (`kinds:` lists it or is absent)."""
    listed = config.settings.get("kinds")
    if isinstance(listed, list) and GLOBAL_KIND not in listed:
        return []
    return [r for r in config.of_kind(GLOBAL_KIND) if r.valid and r.name]


# -- reading --------------------------------------------------------------------------------


def add_expansion_reads(config: Config, requests: dict[str, ReadRequest]) -> None:
    """Personal rules read in full only where the plan compares them; with global rules,
    every user's rule list (to find the rules a global rule owns), then, once teams and
    schedules are read, the contacts and rules of the users it selects."""
    _narrow_rule_reads(config, requests.get("user"))
    rules = global_rules(config)
    if not rules:
        return
    base = requests.get("user") or ReadRequest()
    user_request = DependentRead(detailed=base.detailed, everything=base.everything)
    user_request.follow_up = partial(_read_selected, config, rules, requests)
    user_request.detailed.setdefault(EVERY_USER, set()).add(RULE_LIST)
    requests["user"] = user_request
    requests.setdefault("team", ReadRequest())
    requests.setdefault("schedule", ReadRequest())


def _narrow_rule_reads(config: Config, request: ReadRequest | None) -> None:
    """A user's rules not in its list are only deleted or left in place: listed is enough."""
    if request is None:
        return
    for res in config.of_kind("user"):
        rules = res.spec.get("notificationRules") if res.valid else None
        if not isinstance(rules, list):
            continue
        names = {str(r["name"]) for r in rules if isinstance(r, dict) and r.get("name")}
        for name in [res.name, *[str(n) for n in res.raw.get("previousNames") or []]]:
            markers = request.detailed.get(canon_user_name(name))
            if markers is not None and RULES in markers:
                markers.discard(RULES)
                markers.add(RULE_LIST)
                markers.update(RULE_NAMED + n for n in names)


def _read_selected(
    config: Config,
    rules: list[Resource],
    requests: dict[str, ReadRequest],
    api: Api,
    live: LiveState,
) -> None:
    """Read what the expansion needs that the first pass did not: team members, and the
    selected users' contacts and rules of the global rules' names."""
    _read_team_members(api, config, rules, requests, live)
    selector = Selector(config, live)
    user_request = requests["user"]
    work: list[tuple[Obj, set[str]]] = []
    wanted: dict[str, set[str]] = {}
    for rule in rules:
        if rule.absent:
            continue
        needs_contacts = any(_to_all(s) for s in _steps(rule.spec))
        for key in selector.select(rule):
            markers = wanted.setdefault(key, set())
            markers.add(RULE_NAMED + rule.name)
            if needs_contacts and not selector.contacts_in_config(key):
                markers.add(CONTACTS)
    for key, markers in sorted(wanted.items()):
        user = selector.live_user(key)
        if user is None:
            continue
        live_key = canon_user_name(user.name)
        had = user_request.detailed.get(live_key, set())
        new = {m for m in markers if m not in had and not (RULES in had and m != CONTACTS)}
        if new:
            user_request.detailed[live_key] = had | new
            work.append((user, new))
    batches = api.map(lambda w: _read_user(api, live, w[0], w[1]), work)
    for batch in batches:
        for obj in batch:
            live.objects[obj.address] = obj


def _read_user(api: Api, live: LiveState, user: Obj, markers: set[str]) -> list[Obj]:
    """Contacts, and the named rules in full (their ids come from the list already read)."""
    out = read_children(api, user, {m for m in markers if m == CONTACTS})
    handler = NotificationRule()
    for marker in sorted(m for m in markers if m.startswith(RULE_NAMED)):
        name = marker[len(RULE_NAMED) :]
        known = live.objects.get(address.make(RULE_KIND, name, user.address))
        if known is not None and known.meta.get("summary") and known.id:
            path = f"/v2/users/{seg(str(user.id))}/notification-rules/{seg(known.id)}"
            out.append(handler.live(api.get(path), user.address))
    return out


def _read_team_members(
    api: Api,
    config: Config,
    rules: list[Resource],
    requests: dict[str, ReadRequest],
    live: LiveState,
) -> None:
    """Members of the live teams a rule names (or a schedule puts on call) that the config does
    not describe and the first pass read only from the list."""
    selector = Selector(config, live)
    names = {t for rule in rules if not rule.absent for t in selector.teams_involved(rule)}
    team_request = requests.setdefault("team", ReadRequest())
    todo = [
        live.top("team")[n]
        for n in sorted(names)
        if n in live.top("team") and not team_request.wants(n) and n not in selector.config_teams
    ]
    details = api.map(lambda t: api.get(f"/v2/teams/{seg(str(t.id))}"), todo)
    for team, full in zip(todo, details, strict=True):
        team_request.detailed[team.name] = set()
        live.objects[team.address] = Obj("team", team.name, Team().canonical(full), id=team.id)
    live.changed()


# -- selecting ------------------------------------------------------------------------------


class Selector:
    """Who a global rule selects, and each user's contacts: from the config where it manages
    them, else from the account."""

    def __init__(self, config: Config, live: LiveState) -> None:
        self.live = live
        self.resolver = Resolver.from_config(config)
        for obj in live.objects.values():
            if obj.parent is None:
                self.resolver.add_live(obj.kind, obj.name, obj.id)
        present = [r for r in config.resources if r.valid and r.name and not r.absent]
        self.config_users = {canon_user_name(r.name): r for r in present if r.kind == "user"}
        self.absent_users = {
            canon_user_name(r.name) for r in config.of_kind("user") if r.absent and r.name
        }
        self.config_teams = {r.name: r for r in present if r.kind == "team" and "members" in r.spec}
        # A config user's former usernames (previousNames), to find it live before a rename.
        self.former = {
            key: [canon_user_name(str(n)) for n in res.raw.get("previousNames") or []]
            for key, res in self.config_users.items()
        }
        self.config_schedules = {
            r.name: r for r in present if r.kind == "schedule" and "rotations" in r.spec
        }

    def _resolve(self, kind: str, ref: Any) -> str | None:
        if isinstance(ref, str):
            value: Any = ref
        elif isinstance(ref, dict):
            value = ref.get("id") or ref.get("username") or ref.get("name")
        else:
            return None
        if not isinstance(value, str) or not value:
            return None
        name, _ = self.resolver.resolve(kind, value)
        return name

    def exists(self, key: str) -> bool:
        if key in self.absent_users:
            return False
        return key in self.config_users or key in self.live.top("user")

    def live_user(self, key: str) -> Obj | None:
        """The live user of a match key, also under a former username."""
        users = self.live.top("user")
        for name in [key, *self.former.get(key, [])]:
            if name in users:
                return users[name]
        return None

    def kept_live_keys(self, keep: set[str]) -> set[str]:
        """The live match keys of kept users, renamed ones under their live username."""
        found = set(keep)
        for key in keep:
            user = self.live_user(key)
            if user is not None:
                found.add(canon_user_name(user.name))
        return found

    def select(self, rule: Resource) -> set[str]:
        """The match keys (lower-case usernames) of the users a global rule applies to."""
        spec = rule.spec
        applies = spec.get("appliesTo")
        found: set[str] = set()
        if isinstance(applies, dict):
            for ref in applies.get("users") or []:
                name = self._resolve("user", ref)
                if name:
                    found.add(canon_user_name(name))
            for ref in applies.get("teams") or []:
                found |= self.members(self._resolve("team", ref))
            for ref in applies.get("schedules") or []:
                found |= self.participants(self._resolve("schedule", ref))
        elif spec.get("schedules"):
            for ref in spec["schedules"]:
                found |= self.participants(self._resolve("schedule", ref))
        else:
            found = set(self.config_users)
        return {key for key in found if self.exists(key)}

    def teams_involved(self, rule: Resource) -> set[str]:
        """Teams whose members decide the selection (named, or participants of a schedule)."""
        spec = rule.spec
        raw = spec.get("appliesTo")
        applies: dict[str, Any] = raw if isinstance(raw, dict) else {}
        names = {self._resolve("team", ref) for ref in applies.get("teams") or []}
        schedules = applies.get("schedules") or ([] if applies else spec.get("schedules") or [])
        for ref in schedules:
            for participant in self._participant_refs(self._resolve("schedule", ref)):
                if participant.get("type") == "team":
                    names.add(self._resolve("team", participant))
        return {n for n in names if n}

    def members(self, team: str | None) -> set[str]:
        if team is None:
            return set()
        res = self.config_teams.get(team)
        if res is not None:
            names = (self._resolve("user", m.get("user")) for m in res.spec.get("members") or [])
            return {canon_user_name(n) for n in names if n}
        live = self.live.top("team").get(team)
        members = live.fields.get("members") or [] if live is not None else []
        return {canon_user_name(str(m["user"])) for m in members if m.get("user")}

    def _participant_refs(self, schedule: str | None) -> list[dict[str, Any]]:
        if schedule is None:
            return []
        res = self.config_schedules.get(schedule)
        if res is not None:
            rotations = [r for r in res.spec.get("rotations") or [] if isinstance(r, dict)]
            refs = [p for r in rotations for p in r.get("participants") or []]
        else:
            live = self.live.top("schedule").get(schedule)
            children = self.live.children(live.address, "rotation") if live is not None else []
            refs = [p for c in children for p in c.fields.get("participants") or []]
        return [p for p in refs if isinstance(p, dict)]

    def participants(self, schedule: str | None) -> set[str]:
        """Users on the schedule's rotations; a team participant stands for its members."""
        found: set[str] = set()
        for ref in self._participant_refs(schedule):
            if ref.get("type") == "user":
                name = self._resolve("user", ref)
                if name:
                    found.add(canon_user_name(name))
            elif ref.get("type") == "team":
                found |= self.members(self._resolve("team", ref))
        return found

    def contacts_in_config(self, key: str) -> bool:
        res = self.config_users.get(key)
        return res is not None and "contacts" in res.spec

    def contacts(self, key: str) -> list[tuple[str, str]]:
        """(method, to) of the user's contacts after the apply, sorted; always the e-mail
        contact Opsgenie makes for the username."""
        found = {("email", key)}
        res = self.config_users.get(key)
        if res is not None and "contacts" in res.spec:
            for c in res.spec["contacts"]:
                method = canon_method(c.get("method"))
                found.add((method, canon_to(method, c.get("to"))))
        else:
            user = self.live_user(key)
            for obj in self.live.children(user.address, CONTACT_KIND) if user else []:
                found.add((obj.fields["method"], obj.fields["to"]))
        return sorted(found)

    def own_rule_names(self, key: str) -> set[str]:
        res = self.config_users.get(key)
        if res is None:
            return set()
        rules = res.spec.get("notificationRules") or []
        return {str(r.get("name")) for r in rules if isinstance(r, dict) and r.get("name")}


# -- expanding ------------------------------------------------------------------------------


def _steps(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for s in spec.get("steps") or [] if isinstance(s, dict)]


def _to_all(step: dict[str, Any]) -> bool:
    contact = step.get("contact")
    return isinstance(contact, dict) and contact.get("to") == TO_ALL


def personal_item(
    spec: dict[str, Any], contacts: list[tuple[str, str]]
) -> tuple[dict[str, Any] | None, list[str]]:
    """The personal rule a global rule gives a user with these contacts, and the methods
    `to: all` found no contact for. None when every step came to nothing."""
    item = {k: copy.deepcopy(spec[k]) for k in PERSONAL_KEYS if k in spec}
    steps: list[dict[str, Any]] = []
    missing: list[str] = []
    for step in _steps(spec):
        if not _to_all(step):
            steps.append(copy.deepcopy(step))
            continue
        method = canon_method(step["contact"].get("method"))
        addresses = [to for m, to in contacts if m == method]
        if not addresses:
            missing.append(method)
        steps.extend(
            {**copy.deepcopy(step), "contact": {"method": method, "to": to}} for to in addresses
        )
    item["steps"] = steps
    if _steps(spec) and not steps:
        return None, missing
    return item, missing


def expand(config: Config, live: LiveState) -> Expansion:
    """The personal rules every global rule gives, and the live rules it takes away."""
    out = Expansion()
    rules = global_rules(config)
    if not rules:
        return out
    selector = Selector(config, live)
    handler = NotificationRule()
    for rule in rules:
        keep = {key for key in selector.config_users if rule.name in selector.own_rule_names(key)}
        if rule.absent:
            note = f"global rule {rule.name!r} is state: absent"
        else:
            note = f"global rule {rule.name!r} does not select this user"
            for key in sorted(selector.select(rule) - keep):
                item, missing = personal_item(rule.spec, selector.contacts(key))
                label = f"global rule {rule.name!r} ({rule.file})"
                if missing:
                    out.warnings.append(_missing_warning(label, key, missing, item is None))
                if item is None:
                    continue
                fields = handler.canonical(item)
                out.extras.setdefault(key, []).append(Extra(rule.name, fields, f"from {label}"))
                keep.add(key)
        old = [str(n) for n in rule.raw.get("previousNames") or []]
        _claim(out, live, rule.name, selector.kept_live_keys(keep), note)
        for name in old:
            _claim(out, live, name, set(), f"global rule renamed to {rule.name!r}")
    return out


def _missing_warning(label: str, user: str, methods: list[str], dropped: bool) -> str:
    listed = ", ".join(sorted(set(methods)))
    if dropped:
        return (
            f"{label}: {user} has no {listed} contact, so the rule would notify nobody; "
            "the user gets no rule of this name"
        )
    return f"{label}: {user} has no {listed} contact: `to: all` adds no step for it"


def _claim(out: Expansion, live: LiveState, name: str, keep: set[str], note: str) -> None:
    """Delete every live rule of this name whose user is not kept."""
    for key, user in sorted(live.top("user").items()):
        if key in keep:
            continue
        found = live.objects.get(address.make(RULE_KIND, name, user.address))
        if found is not None:
            out.deletes.append((found, note))
