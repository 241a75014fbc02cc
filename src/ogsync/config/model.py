"""The loaded config tree: resources with their source positions, settings and diagnostics."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ogsync import address
from ogsync.config.yamlsafe import Document, JsonPath
from ogsync.diagnostics import Diagnostic, Position


@dataclass
class Resource:
    """One top-level object of the config (a user, team, schedule, escalation or global rule).

    `raw` is the document as written; `spec` is the normalised form in the API's own shape,
    filled in once the document has passed its schema.
    """

    kind: str
    raw: dict[str, Any]
    file: str
    doc: Document
    spec: dict[str, Any] = field(default_factory=dict)
    valid: bool = True

    @property
    def name(self) -> str:
        key = "username" if self.kind == "user" else "name"
        value = self.raw.get(key)
        return value if isinstance(value, str) else ""

    @property
    def address(self) -> str:
        return address.make(self.kind, self.name)

    @property
    def absent(self) -> bool:
        return self.raw.get("state") == "absent"

    def pos(self, path: JsonPath = (), *, key: bool = False) -> Position:
        """The source position of a value (or of its key) inside this resource."""
        line, col = self.doc.where(path, key=key)
        return Position(self.file, line, col)


@dataclass
class Settings:
    """The keys of `ogsync.yaml`, with their defaults."""

    raw: dict[str, Any] = field(default_factory=dict)
    doc: Document | None = None
    file: str = "ogsync.yaml"

    def get(self, key: str, default: Any = None) -> Any:
        return self.raw.get(key, default)

    def pos(self, path: JsonPath = (), *, key: bool = False) -> Position:
        if self.doc is None:
            return Position(self.file)
        line, col = self.doc.where(path, key=key)
        return Position(self.file, line, col)


@dataclass
class Config:
    """A config tree as loaded: what it defines and every problem found on the way."""

    root: Path
    settings: Settings
    resources: list[Resource] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]

    def of_kind(self, kind: str) -> list[Resource]:
        return [r for r in self.resources if r.kind == kind]

    def kinds_present(self) -> list[str]:
        seen: list[str] = []
        for r in self.resources:
            if r.kind not in seen:
                seen.append(r.kind)
        return seen
