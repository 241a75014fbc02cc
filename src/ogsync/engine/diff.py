"""Field-by-field differences between two canonical forms, computed with deepdiff."""

from __future__ import annotations

import re
from typing import Any

from deepdiff import DeepDiff

from ogsync.engine.model import FieldChange

_ROOT = re.compile(r"^root")
_STEP = re.compile(r"\['((?:[^'\\]|\\.)*)'\]|\[(\d+)\]")


def _path(deep_path: str) -> str:
    """`root['rules'][0]['delay']` -> `rules[0].delay`."""
    out = ""
    for key, index in _STEP.findall(_ROOT.sub("", deep_path)):
        out += f"[{index}]" if index else (f".{key}" if out else key)
    return out


def _lookup(data: Any, deep_path: str) -> Any:
    node = data
    for key, index in _STEP.findall(_ROOT.sub("", deep_path)):
        try:
            node = node[int(index)] if index else node[key]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def field_changes(before: dict[str, Any], after: dict[str, Any]) -> list[FieldChange]:
    """Every changed path with its value before and after; order inside lists matters."""
    if before == after:
        return []
    diff = DeepDiff(before, after, verbose_level=2, ignore_order=False)
    paths: set[str] = set()
    for bucket in (
        "values_changed",
        "type_changes",
        "dictionary_item_added",
        "dictionary_item_removed",
        "iterable_item_added",
        "iterable_item_removed",
    ):
        paths.update(diff.get(bucket, {}))
    changes = [FieldChange(_path(p), _lookup(before, p), _lookup(after, p)) for p in paths]
    return sorted(changes, key=lambda c: c.path)
