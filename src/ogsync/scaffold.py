"""`ogsync new team`: the files a new team needs to be on call from its first day."""

from __future__ import annotations

import json
import os
import string
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo, available_timezones

import yaml

from ogsync.api import validate
from ogsync.config.model import Config
from ogsync.errors import OgsyncError
from ogsync.export.files import file_stems, inside
from ogsync.kinds.common import canon_date
from ogsync.kinds.registry import KINDS

TEMPLATE_FOLDER = "templates"
# (kind, template file); the kind's folder receives the rendered file.
TEMPLATES = (
    ("team", "team.yaml"),
    ("schedule", "schedule.yaml"),
    ("escalation", "escalation.yaml"),
)
HANDOVER_HOUR = 9  # weekly handover: Monday 09:00 in the team's time zone


@dataclass
class NewTeam:
    """What `ogsync new team` is asked for."""

    name: str
    members: list[str]
    admins: list[str] = field(default_factory=list)
    timezone: str = "UTC"

    @property
    def schedule(self) -> str:
        return f"{self.name} On-Call"

    @property
    def escalation(self) -> str:
        return f"{self.name} Escalation"


@dataclass
class ScaffoldResult:
    """The files written (relative to the tree), the tree as validated, undefined members."""

    files: list[str]
    config: Config
    undefined_members: list[str]


def new_team(directory: str | os.PathLike[str], team: NewTeam, *, now: datetime) -> ScaffoldResult:
    """Write a team, its schedule and its escalation into the tree, then validate the tree."""
    root = Path(directory)
    team = _checked(team)
    before = validate(root, now=now) if root.is_dir() else None
    if before is not None:
        _refuse_taken_names(before, team)
    rendered = [
        (kind, _render(_template(root, file), file, _values(team, now))) for kind, file in TEMPLATES
    ]
    written: list[str] = []
    for kind, text in rendered:
        name = _name_in(text)
        stem = file_stems([name])[name]
        written.append(_write_new(root, KINDS[kind].folder, stem, text))
    config = validate(root, now=now)
    defined = {r.name.lower() for r in config.resources if r.kind == "user"}
    undefined = [m for m in _all_members(team) if m.lower() not in defined]
    return ScaffoldResult(written, config, undefined)


def _checked(team: NewTeam) -> NewTeam:
    name = team.name.strip()
    if not name:
        raise OgsyncError("the team needs a name")
    members = _unique([m.strip() for m in team.members if m.strip()])
    admins = _unique([a.strip() for a in team.admins if a.strip()])
    if not members and not admins:
        raise OgsyncError("the team needs at least one member (--members a@example.com,...)")
    bad = [u for u in [*members, *admins] if "@" not in u]
    if bad:
        raise OgsyncError(f"members are usernames (e-mail addresses), not {', '.join(bad)}")
    if team.timezone not in available_timezones():
        raise OgsyncError(
            f"unknown time zone {team.timezone!r} (an IANA name such as Europe/Berlin)"
        )
    # Without --admin the first member administers the team, so the escalation reaches someone.
    return NewTeam(name, members, admins or members[:1], team.timezone)


def _unique(items: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for item in items:
        seen.setdefault(item.lower(), item)
    return list(seen.values())


def _all_members(team: NewTeam) -> list[str]:
    return _unique([*team.members, *team.admins])


def _refuse_taken_names(config: Config, team: NewTeam) -> None:
    wanted = {("team", team.name), ("schedule", team.schedule), ("escalation", team.escalation)}
    taken = [
        f"{res.kind} {res.name!r} ({res.pos()})"
        for res in config.resources
        if (res.kind, res.name) in wanted
    ]
    if taken:
        raise OgsyncError("the config already has " + "; ".join(taken))


def start_of_rotation(now: datetime, zone: str) -> str:
    """The last Monday handover at or before now, so that someone is on call from day one."""
    local = now.astimezone(ZoneInfo(zone))
    monday = (local - timedelta(days=local.weekday())).replace(
        hour=HANDOVER_HOUR, minute=0, second=0, microsecond=0
    )
    if monday > local:
        monday -= timedelta(days=7)
    offset = monday.utcoffset() or timedelta()
    if offset.total_seconds() % 1800 == 0:
        return monday.isoformat()
    # Opsgenie keeps rotation dates on :00 or :30 UTC: zones such as +05:45 get the UTC form.
    return str(canon_date(monday.isoformat()))


def _values(team: NewTeam, now: datetime) -> dict[str, str]:
    """Placeholder values, each already a YAML value (JSON is YAML), safe for any name."""
    admins = {a.lower() for a in team.admins}
    members = [
        f"{{user: {{username: {_quoted(u)}}}, role: {'admin' if u.lower() in admins else 'user'}}}"
        for u in _all_members(team)
    ]
    participants = [f"{{type: user, username: {_quoted(u)}}}" for u in _all_members(team)]
    return {
        "name": _quoted(team.name),
        "schedule": _quoted(team.schedule),
        "escalation": _quoted(team.escalation),
        "timezone": _quoted(team.timezone),
        "start_date": _quoted(start_of_rotation(now, team.timezone)),
        "members": _flow_list(members),
        "participants": _flow_list(participants),
    }


def _quoted(value: str) -> str:
    """A double-quoted YAML scalar (JSON's string syntax is YAML's), safe for any text."""
    return json.dumps(value, ensure_ascii=False)


def _flow_list(items: list[str]) -> str:
    """A YAML flow list, one item a line; _render indents the lines under the placeholder."""
    return "[\n" + ",\n".join(f"  {item}" for item in items) + "\n]"


def _template(root: Path, file: str) -> str:
    """The tree's own `templates/FILE` when there is one, else the built-in template."""
    own = root / TEMPLATE_FOLDER / file
    if own.is_file():
        return own.read_text(encoding="utf-8")
    return (resources.files("ogsync") / "templates" / file).read_text(encoding="utf-8")


def _render(template: str, file: str, values: dict[str, str]) -> str:
    try:
        text = "".join(_substitute(line, values) for line in template.splitlines(keepends=True))
    except KeyError as exc:
        known = ", ".join(f"${{{k}}}" for k in values)
        raise OgsyncError(
            f"templates/{file}: unknown placeholder ${{{exc.args[0]}}} (known: {known})"
        ) from None
    except ValueError as exc:
        raise OgsyncError(f"templates/{file}: {exc} (write $$ for a literal $)") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise OgsyncError(f"templates/{file} does not give valid YAML: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("name"), str):
        raise OgsyncError(f"templates/{file} must give a mapping with a `name`")
    return text


def _substitute(line: str, values: dict[str, str]) -> str:
    """One template line; a value of several lines is indented deeper than the line."""
    pad = " " * (len(line) - len(line.lstrip(" ")) + 2)
    indented = {k: v.replace("\n", "\n" + pad) for k, v in values.items()}
    return string.Template(line).substitute(indented)


def _name_in(text: str) -> str:
    data = yaml.safe_load(text)
    return str(data["name"])


def _write_new(root: Path, folder: str, stem: str, text: str) -> str:
    """Write `folder/stem.yaml`, or `stem-2.yaml`... when taken; never overwrite."""
    for n in range(1, 1000):
        rel = f"{folder}/{stem}.yaml" if n == 1 else f"{folder}/{stem}-{n}.yaml"
        path = inside(root, root / rel)
        if path.exists() or path.with_suffix(".yml").exists():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with path.open("x", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        except FileExistsError:
            continue
        return rel
    raise OgsyncError(f"no free file name for {stem} in {root / folder}")
