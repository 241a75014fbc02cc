"""Diagnostics: one problem found in the config, pointing at file, line and column."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Position:
    """Where a value stands in a file (1-based line and column)."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.path
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Diagnostic:
    """A problem (error or warning) in the config tree."""

    severity: Severity
    message: str
    position: Position | None = None
    address: str = ""
    hint: str = field(default="", compare=False)

    def render(self, *, label: bool = True) -> str:
        parts = []
        if self.position is not None:
            parts.append(str(self.position))
        if self.address:
            parts.append(self.address)
        text = self.message if not self.hint else f"{self.message} ({self.hint})"
        if self.severity == "warning" and label:
            text = f"warning: {text}"
        parts.append(text)
        return ": ".join(parts)

    def to_json(self) -> dict[str, object]:
        pos = self.position
        return {
            "severity": self.severity,
            "file": pos.path if pos else None,
            "line": pos.line if pos else None,
            "column": pos.col if pos else None,
            "address": self.address or None,
            "message": self.message if not self.hint else f"{self.message} ({self.hint})",
        }


def sort_key(d: Diagnostic) -> tuple[int, str, int, int, str]:
    """Errors before warnings, then by file and position."""
    pos = d.position or Position("")
    return (0 if d.severity == "error" else 1, pos.path, pos.line, pos.col, d.message)


class Collector:
    """Accumulates diagnostics so that every problem is reported at once."""

    def __init__(self) -> None:
        self.items: list[Diagnostic] = []

    def error(self, message: str, position: Position | None = None, address: str = "") -> None:
        self.items.append(Diagnostic("error", message, position, address))

    def warning(self, message: str, position: Position | None = None, address: str = "") -> None:
        self.items.append(Diagnostic("warning", message, position, address))

    def extend(self, other: list[Diagnostic]) -> None:
        self.items.extend(other)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items, key=sort_key)
