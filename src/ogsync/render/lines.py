"""The lines shared by the text and markdown views: one block per change, names never ids."""

from __future__ import annotations

import json
from typing import Any

from ogsync.engine.model import Change

SYMBOL = {"create": "+", "update": "~", "delete": "-"}
SENSITIVE_KEYS = frozenset({"apiKey", "api_key", "password", "token"})


def value(v: Any) -> str:
    """A compact, unambiguous rendering of a canonical value."""
    return json.dumps(redact(v), ensure_ascii=False, sort_keys=False)


def redact(v: Any) -> Any:
    if isinstance(v, dict):
        return {k: "(sensitive)" if k in SENSITIVE_KEYS else redact(x) for k, x in v.items()}
    if isinstance(v, list):
        return [redact(x) for x in v]
    return v


def heading(change: Change) -> str:
    text = f"{SYMBOL[change.action]} {change.address}"
    if change.previous_address:
        text += f" (renamed from {change.previous_address})"
    return text


def body(change: Change) -> list[str]:
    """The indented lines under a change's heading."""
    out: list[str] = []
    if change.action == "create" and change.after is not None:
        out.extend(
            f"    {k}: {value(v)}" for k, v in change.after.items() if v not in (None, "", [])
        )
    elif change.action == "update":
        for f in change.fields:
            out.append(f"    ~ {f.path}: {value(f.before)} -> {value(f.after)}")
    out.extend(f"    # {note}" for note in change.notes)
    return out
