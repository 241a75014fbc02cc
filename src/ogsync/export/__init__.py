"""`ogsync export`: write the live account as a config tree that plans to zero changes."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ogsync.backend.api import Api
from ogsync.engine.live import LiveState
from ogsync.engine.model import Obj
from ogsync.errors import OgsyncError
from ogsync.export.documents import DocumentBuilder
from ogsync.export.files import check_target, dump, file_stems, write_file
from ogsync.kinds import HANDLERS, TOP_LEVEL, children_of
from ogsync.kinds.base import ReadRequest
from ogsync.kinds.registry import KINDS

# From this many top-level objects on, export reports its progress.
LARGE_ACCOUNT = 100
PROGRESS_EVERY = 100
SETTINGS_FILE = "ogsync.yaml"

Progress = Callable[[str], None]


@dataclass
class ExportResult:
    """What an export wrote: files (relative, `/`-separated), objects per kind, warnings."""

    directory: Path
    files: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def export(
    client: Api,
    directory: str | os.PathLike[str],
    *,
    kinds: Sequence[str] | None = None,
    include: Sequence[str] = (),
    include_defaults: bool = False,
    force: bool = False,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """Read the account and write one file per user, team, schedule and escalation.

    `kinds` narrows to some top-level kinds; `include` to objects whose address (or, for a
    pattern without `/`, whose name) matches a shell-style pattern. Opsgenie's own objects
    are written only with `include_defaults`, or when an exported object names them.
    """
    root = Path(directory)
    wanted = check_kinds(kinds)
    check_target(root, force=force)
    live = read_account(client, wanted, progress)
    when = now or datetime.now(UTC)
    chosen = select(live, wanted, include, include_defaults=include_defaults, now=when)
    builder = DocumentBuilder(live, include_defaults=include_defaults, now=when)
    result = ExportResult(root)
    files = _plan_files(chosen)
    large = len(files) >= LARGE_ACCOUNT
    for i, (rel, obj) in enumerate(files, 1):
        write_file(root, rel, dump(builder.document(obj)), force=force)
        result.files.append(rel)
        result.counts[obj.kind] = result.counts.get(obj.kind, 0) + 1
        if progress and large and (i % PROGRESS_EVERY == 0 or i == len(files)):
            progress(f"wrote {i} of {len(files)} files")
    _write_settings(root, wanted, result, force=force)
    result.warnings.extend(builder.warnings)
    if builder.secrets_dropped:
        result.warnings.append(
            f"left out {builder.secrets_dropped} field(s) named like secrets (keys, tokens)"
        )
    if force:
        result.warnings.extend(_stale_files(root, wanted, result.files))
    return result


def check_kinds(kinds: Sequence[str] | None) -> tuple[str, ...]:
    """The top-level kinds to export, in DESIGN's order; an unknown kind is a user error."""
    if not kinds:
        return TOP_LEVEL
    unknown = [k for k in kinds if k not in TOP_LEVEL]
    if unknown:
        nested = [k for k in unknown if k in HANDLERS and HANDLERS[k].parent_kind]
        hint = "".join(
            f"; {k} objects are written inside their {HANDLERS[k].parent_kind}'s file"
            for k in nested
        )
        raise OgsyncError(
            f"cannot export {', '.join(unknown)}: the kinds are {', '.join(TOP_LEVEL)}{hint}"
        )
    return tuple(k for k in TOP_LEVEL if k in kinds)


def read_account(client: Api, kinds: Iterable[str], progress: Progress | None) -> LiveState:
    """Every object of the kinds, with every child, read one kind after the other."""
    state = LiveState(kinds_read=tuple(kinds))
    total = 0
    for kind in state.kinds_read:
        objs = HANDLERS[kind].read(client, ReadRequest(everything=True))
        for obj in objs:
            state.objects[obj.address] = obj
        count = sum(1 for o in objs if o.parent is None)
        total += count
        if progress and total >= LARGE_ACCOUNT:
            progress(f"read {count} {KINDS[kind].plural if count != 1 else KINDS[kind].label}")
    state.changed()
    return state


def matches(obj: Obj, patterns: Sequence[str]) -> bool:
    """No pattern: everything. A pattern with `/` matches addresses, one without matches names."""
    if not patterns:
        return True
    return any(fnmatch.fnmatchcase(obj.address if "/" in p else obj.name, p) for p in patterns)


def select(
    live: LiveState,
    kinds: Sequence[str],
    include: Sequence[str],
    *,
    include_defaults: bool,
    now: datetime,
) -> list[Obj]:
    """The top-level objects to write, plus Opsgenie's own objects that those name.

    A custom routing rule may notify a team's default escalation: writing that escalation
    too keeps the exported tree free of references to objects it does not define.
    """
    tops = [
        o
        for o in live.objects.values()
        if o.parent is None and o.kind in kinds and not HANDLERS[o.kind].settled(o.fields, now)
    ]
    chosen = {
        o.address: o
        for o in tops
        if matches(o, include) and (include_defaults or not _is_default(o))
    }
    index = {(o.kind, HANDLERS[o.kind].match_key(o.name)): o for o in tops}
    queue = list(chosen.values())
    while queue:
        for kind, name in _references(queue.pop(), live, include_defaults):
            target = index.get((kind, HANDLERS[kind].match_key(name))) if kind in HANDLERS else None
            if target is not None and target.address not in chosen and _is_default(target):
                chosen[target.address] = target
                queue.append(target)
    order = {k: i for i, k in enumerate(TOP_LEVEL)}
    return sorted(chosen.values(), key=lambda o: (order[o.kind], o.name))


def _is_default(obj: Obj) -> bool:
    return HANDLERS[obj.kind].is_opsgenie_default(obj, None)


def _references(obj: Obj, live: LiveState, include_defaults: bool) -> set[tuple[str, str]]:
    """(kind, name) the object and its exported children name."""
    refs = HANDLERS[obj.kind].references(obj.fields)
    for child in children_of(obj.kind):
        for c in live.children(obj.address, child.kind):
            if include_defaults or not child.is_opsgenie_default(c, obj):
                refs |= child.references(c.fields)
    return refs


def _plan_files(objs: list[Obj]) -> list[tuple[str, Obj]]:
    """(relative path, object): `<folder>/<slug>.yaml`, names made unique per folder."""
    out: list[tuple[str, Obj]] = []
    for kind in TOP_LEVEL:
        of_kind = [o for o in objs if o.kind == kind]
        stems = file_stems([o.name for o in of_kind])
        out.extend((f"{KINDS[kind].folder}/{stems[o.name]}.yaml", o) for o in of_kind)
    return out


def _write_settings(
    root: Path, kinds: tuple[str, ...], result: ExportResult, *, force: bool
) -> None:
    """A minimal ogsync.yaml naming the kinds exported; an existing one is left as it is."""
    if (root / SETTINGS_FILE).exists():
        return
    text = (
        "# Written by `ogsync export`: the kinds this tree manages.\n"
        f"version: 1\nkinds: [{', '.join(kinds)}]\n"
    )
    write_file(root, SETTINGS_FILE, text, force=force)
    result.files.append(SETTINGS_FILE)


def _stale_files(root: Path, kinds: tuple[str, ...], written: list[str]) -> list[str]:
    """YAML files in the exported folders that this export did not write (with --force)."""
    done = set(written)
    stale: list[str] = []
    for kind in kinds:
        folder = root / KINDS[kind].folder
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            rel = f"{KINDS[kind].folder}/{path.name}"
            if path.suffix in (".yaml", ".yml") and rel not in done:
                stale.append(
                    f"{rel} was already there and is not from this export: "
                    "remove it if it describes an object the account no longer has"
                )
    return stale
