"""Safe YAML reading: every value keeps its source position; duplicate keys and tags refused."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

PathItem = str | int
JsonPath = tuple[PathItem, ...]

_STR_TAG = "tag:yaml.org,2002:str"
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}
# Dates stay strings: Opsgenie takes ISO-8601 text, and a datetime would lose the offset as typed.
_TEXT_TAGS = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:binary"}
_MAX_NODES = 200_000
# LibYAML's parser when PyYAML was built with it (several times faster); the same events,
# marks and safe resolution either way.
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlProblem(Exception):
    """A YAML document cannot be read; carries the 1-based line and column."""

    def __init__(self, message: str, line: int, col: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col


@dataclass
class Document:
    """One YAML document as plain data, with the position of every value and mapping key."""

    data: Any
    line: int
    positions: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: JsonPath, *, key: bool = False) -> tuple[int, int]:
        """The position of the value at path, or of its nearest ancestor that has one."""
        probe = tuple(path)
        while True:
            if key and probe in self.key_positions:
                return self.key_positions[probe]
            if probe in self.positions:
                return self.positions[probe]
            if not probe:
                return (self.line, 1)
            probe = probe[:-1]


def _mark(node: yaml.Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


class _Builder:
    def __init__(self, loader: yaml.SafeLoader, doc: Document) -> None:
        self.loader = loader
        self.doc = doc
        self.count = 0
        self.active: set[int] = set()

    def build(self, node: yaml.Node, path: JsonPath) -> Any:
        self.count += 1
        if self.count > _MAX_NODES:
            raise YamlProblem("document too large (aliases expand past the limit)", *_mark(node))
        if id(node) in self.active:
            raise YamlProblem("recursive alias", *_mark(node))
        self.doc.positions.setdefault(path, _mark(node))
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, path)
            if isinstance(node, yaml.SequenceNode):
                self._check_tag(node, "tag:yaml.org,2002:seq")
                return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
            return self._scalar(node)
        finally:
            self.active.discard(id(node))

    def _check_tag(self, node: yaml.Node, expected: str) -> None:
        if node.tag != expected:
            raise YamlProblem(f"YAML tag {node.tag!r} is not allowed", *_mark(node))

    def _mapping(self, node: yaml.MappingNode, path: JsonPath) -> dict[str, Any]:
        self._check_tag(node, "tag:yaml.org,2002:map")
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlProblem("YAML merge keys (<<) are not supported", *_mark(key_node))
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem("mapping keys must be plain strings", *_mark(key_node))
            key = self._scalar(key_node)
            if not isinstance(key, str):
                key = str(key_node.value)
            if key in out:
                first = self.doc.key_positions[(*path, key)]
                raise YamlProblem(
                    f"duplicate key {key!r} (first at line {first[0]})", *_mark(key_node)
                )
            self.doc.key_positions[(*path, key)] = _mark(key_node)
            out[key] = self.build(value_node, (*path, key))
        return out

    def _scalar(self, node: yaml.Node) -> Any:
        if node.tag == _STR_TAG or node.tag in _TEXT_TAGS:
            return str(node.value)
        if node.tag not in _PLAIN_TAGS:
            raise YamlProblem(f"YAML tag {node.tag!r} is not allowed", *_mark(node))
        return self.loader.construct_object(node, deep=True)


def load_documents(text: str) -> list[Document]:
    """Parse every document of a YAML stream; empty documents are dropped.

    Nothing is ever constructed from a tag outside the plain JSON-like types, so no YAML
    content can run code.
    """
    loader = _Loader(text)
    docs: list[Document] = []
    try:
        while loader.check_node():
            node = loader.get_node()
            if node is None:
                continue
            doc = Document(data=None, line=node.start_mark.line + 1)
            doc.data = _Builder(loader, doc).build(node, ())
            if doc.data is not None:
                docs.append(doc)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise YamlProblem(f"invalid YAML: {exc.problem or exc.context}", line, col) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"invalid YAML: {exc}", 1, 1) from None
    finally:
        loader.dispose()
    return docs
