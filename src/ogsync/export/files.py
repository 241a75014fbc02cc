"""File names for exported objects (slugs, safe for any name) and writing them as YAML."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

from ogsync.address import slug
from ogsync.errors import OgsyncError

HEADER = "# Exported by `ogsync export`. Edit it, then run `ogsync plan` to see the changes.\n"
MAX_STEM = 80
# Names Windows refuses as file names, whatever the extension.
RESERVED = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"com{i}" for i in range(1, 10)}
    | {f"lpt{i}" for i in range(1, 10)}
)


def _digest(name: str, length: int) -> str:
    return hashlib.sha256(name.encode("utf-8")).hexdigest()[:length]


def _base(name: str) -> str:
    return slug(name)[:MAX_STEM].strip("-")


def file_stems(names: list[str]) -> dict[str, str]:
    """A file name (without `.yaml`) for each name: its slug when that is unique and usable.

    Names whose slugs are empty, reserved or shared get a suffix from a hash of the exact
    name, so the same name always gets the same file whatever else the account holds.
    """
    groups: dict[str, list[str]] = defaultdict(list)
    for name in names:
        groups[_base(name)].append(name)
    stems: dict[str, str] = {}
    for base, group in groups.items():
        for name in group:
            plain = len(group) == 1 and base and base not in RESERVED
            stems[name] = base if plain else f"{base or 'unnamed'}-{_digest(name, 6)}"
    return _unique(stems)


def _unique(stems: dict[str, str]) -> dict[str, str]:
    """A suffixed stem may equal another name's plain slug: lengthen the hash until unique."""
    for length in (12, 64):
        counts: dict[str, int] = defaultdict(int)
        for stem in stems.values():
            counts[stem] += 1
        clashing = [n for n, s in stems.items() if counts[s] > 1]
        if not clashing:
            return stems
        for name in clashing:
            stems[name] = f"{_base(name) or 'unnamed'}-{_digest(name, length)}"
    return stems


def check_target(root: Path, *, force: bool) -> None:
    """Refuse a file, or a folder that already holds something (unless force)."""
    if root.exists() and not root.is_dir():
        raise OgsyncError(f"{root} is not a folder")
    if root.is_dir() and any(root.iterdir()) and not force:
        raise OgsyncError(
            f"{root} is not empty: export writes a new config tree into an empty folder "
            "(use --force to write into it anyway)"
        )


def inside(root: Path, path: Path) -> Path:
    """The path, after making sure it stays inside root whatever the names were."""
    if not path.resolve().is_relative_to(root.resolve()):
        raise OgsyncError(f"refusing to write outside {root}: {path}")
    return path


def dump(data: dict[str, Any]) -> str:
    """YAML in the order of the keys given, unicode as it is, with the export header."""
    body = yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100
    )
    return HEADER + body


def write_file(root: Path, rel: str, text: str, *, force: bool) -> None:
    path = inside(root, root / rel)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w" if force else "x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
