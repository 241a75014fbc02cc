"""Walks a config tree: kind folders, `kind:`, several documents per file, `ogsync.yaml`."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from ogsync.config.model import Config, Resource, Settings
from ogsync.config.yamlsafe import Document, YamlProblem, load_documents
from ogsync.diagnostics import Collector, Position
from ogsync.kinds.registry import FOLDERS, KINDS

SETTINGS_FILE = "ogsync.yaml"
IGNORED_FOLDERS = {"templates"}
YAML_SUFFIXES = (".yaml", ".yml")


def load_tree(root: Path) -> Config:
    """Read every resource of the tree at root; problems become diagnostics, never exceptions."""
    out = Collector()
    settings = _load_settings(root, out)
    config = Config(root=root, settings=settings)
    if not root.is_dir():
        out.error(f"config directory {str(root)!r} does not exist", Position(str(root)))
        config.diagnostics = out.items
        return config
    for path in sorted(p for p in root.iterdir() if p.is_file()):
        if path.name != SETTINGS_FILE and path.suffix in YAML_SUFFIXES:
            config.resources.extend(_load_file(root, path, None, out))
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        _load_folder(root, folder, out, config)
    config.diagnostics = out.items
    return config


def _load_folder(root: Path, folder: Path, out: Collector, config: Config) -> None:
    name = folder.name
    if name.startswith(".") or name in IGNORED_FOLDERS or (folder / SETTINGS_FILE).exists():
        return
    kind = FOLDERS.get(name)
    if kind is None:
        if any(_yaml_files(folder)):
            hint = difflib.get_close_matches(name, list(FOLDERS), n=1)
            suffix = f" (did you mean {hint[0]}/?)" if hint else ""
            out.warning(
                f"folder {name}/ is not a kind folder and is not loaded{suffix}",
                Position(_rel(root, folder) + "/"),
            )
        return
    for path in _yaml_files(folder):
        config.resources.extend(_load_file(root, path, kind, out))


def _yaml_files(folder: Path) -> list[Path]:
    """YAML files in folder and its subfolders, minus hidden ones and nested config trees."""
    found: list[Path] = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        if path.is_dir():
            if not (path / SETTINGS_FILE).exists():
                found.extend(_yaml_files(path))
        elif path.suffix in YAML_SUFFIXES:
            found.append(path)
    return found


def _rel(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _read_docs(path: Path, rel: str, out: Collector) -> list[Document]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        out.error(f"cannot read file: {exc}", Position(rel))
        return []
    try:
        return load_documents(text)
    except YamlProblem as exc:
        out.error(exc.message, Position(rel, exc.line, exc.col))
        return []


def _load_file(root: Path, path: Path, folder_kind: str | None, out: Collector) -> list[Resource]:
    rel = _rel(root, path)
    resources: list[Resource] = []
    for doc in _read_docs(path, rel, out):
        if not isinstance(doc.data, dict):
            out.error(
                f"a document must be a mapping, not {_type_name(doc.data)}",
                Position(rel, doc.line, 1),
            )
            continue
        kind = _document_kind(doc, folder_kind, rel, out)
        if kind is not None:
            resources.append(Resource(kind=kind, raw=doc.data, file=rel, doc=doc))
    return resources


def _document_kind(doc: Document, folder_kind: str | None, rel: str, out: Collector) -> str | None:
    declared = doc.data.get("kind")
    line, col = doc.where(("kind",))
    if declared is None:
        if folder_kind is None:
            out.error(
                f"a file outside the kind folders needs `kind:` (one of {', '.join(KINDS)})",
                Position(rel, doc.line, 1),
            )
        return folder_kind
    if declared not in KINDS:
        hint = difflib.get_close_matches(str(declared), list(KINDS), n=1)
        suffix = f" (did you mean {hint[0]}?)" if hint else f" (one of {', '.join(KINDS)})"
        out.error(f"unknown kind {declared!r}{suffix}", Position(rel, line, col))
        return None
    if folder_kind is not None and declared != folder_kind:
        out.error(
            f"kind {declared!r} does not agree with its folder "
            f"{KINDS[folder_kind].folder}/ (kind {folder_kind!r})",
            Position(rel, line, col),
        )
        return None
    return str(declared)


def read_settings(root: Path) -> dict[str, Any]:
    """The raw mapping of root/ogsync.yaml (empty when absent or unreadable)."""
    return _load_settings(root, Collector()).raw


def _load_settings(root: Path, out: Collector) -> Settings:
    path = root / SETTINGS_FILE
    if not path.is_file():
        return Settings()
    docs = _read_docs(path, SETTINGS_FILE, out)
    if not docs:
        return Settings()
    if len(docs) > 1:
        out.error("ogsync.yaml must hold one document", Position(SETTINGS_FILE, docs[1].line, 1))
    doc = docs[0]
    if not isinstance(doc.data, dict):
        out.error(
            f"ogsync.yaml must be a mapping, not {_type_name(doc.data)}",
            Position(SETTINGS_FILE, doc.line, 1),
        )
        return Settings()
    return Settings(raw=doc.data, doc=doc)


def _type_name(value: Any) -> str:
    return {
        list: "a list",
        str: "a string",
        int: "a number",
        float: "a number",
        bool: "a boolean",
    }.get(type(value), type(value).__name__)
