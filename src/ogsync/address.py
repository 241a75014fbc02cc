"""Resource addresses such as `team/Platform%2FOps/routing-rule/Night`."""

from __future__ import annotations

import re


def escape(name: str) -> str:
    """Write `%` and `/` inside a name as `%25` and `%2F`, so an address splits on `/`."""
    return name.replace("%", "%25").replace("/", "%2F")


def unescape(part: str) -> str:
    """Undo escape()."""
    return part.replace("%2F", "/").replace("%2f", "/").replace("%25", "%")


def make(kind: str, name: str, parent: str | None = None) -> str:
    """The address of a top-level object (no parent) or of a child under its parent address."""
    own = f"{kind}/{escape(name)}"
    return f"{parent}/{own}" if parent else own


def split(address: str) -> list[tuple[str, str]]:
    """`team/A/routing-rule/B` -> [("team", "A"), ("routing-rule", "B")]."""
    parts = address.split("/")
    if len(parts) % 2:
        raise ValueError(f"not an address: {address!r}")
    return [(parts[i], unescape(parts[i + 1])) for i in range(0, len(parts), 2)]


def slug(name: str) -> str:
    """Lower case, runs of non-alphanumerics as `-`: "Primary On-Call" -> "primary-on-call"."""
    return "-".join(re.findall(r"[^\W_]+", name.lower()))


def compact_slug(name: str) -> str:
    """Words split on white space only, punctuation inside a word dropped: "primary-oncall".

    The seed refers to "Primary On-Call" as `primary-oncall`, so references match both forms.
    """
    words = ("".join(re.findall(r"[^\W_]+", word)) for word in name.lower().split())
    return "-".join(w for w in words if w)


def slugs(name: str) -> set[str]:
    """Every slug form a reference may use for name."""
    return {slug(name), compact_slug(name)} - {""}
