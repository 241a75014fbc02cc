"""Live objects back into config documents: references by name, defaults left out, no secrets."""

from __future__ import annotations

import copy
import re
from collections import Counter
from collections.abc import Callable, Iterator, Set
from datetime import datetime
from typing import Any

from ogsync.config.schema import load_schema
from ogsync.engine.live import LiveState
from ogsync.engine.model import Obj
from ogsync.kinds import HANDLERS, children_of
from ogsync.kinds.base import Kind, RefPattern

# A field whose name looks like one of these is never written, whatever its value.
SECRET_NAME = re.compile(r"api_?key|secret|password|passw?d|token|credential|private_?key", re.I)
EMPTY: tuple[Any, ...] = ([], {}, "")

Schema = dict[str, Any]


class DocumentBuilder:
    """Turns the live objects of one account into config documents, one per top-level object."""

    def __init__(self, live: LiveState, *, include_defaults: bool, now: datetime) -> None:
        self.live = live
        self.include_defaults = include_defaults
        self.now = now
        self.warnings: list[str] = []
        self.secrets_dropped = 0

    def document(self, obj: Obj) -> dict[str, Any]:
        """The config document of a top-level object, with its exported children nested."""
        handler = HANDLERS[obj.kind]
        doc = _without_empty(handler.to_config(copy.deepcopy(obj.fields)), handler)
        lists: dict[str, list[dict[str, Any]]] = {}
        for child in children_of(obj.kind):
            items = self.child_items(child, obj)
            if items is not None and child.list_key:
                doc[child.list_key] = items
                lists[child.list_key] = items
        _rewrite_references(doc, handler.ref_patterns)
        for child in children_of(obj.kind):
            for item in lists.get(child.list_key or "", []):
                _rewrite_references(item, child.ref_patterns)
        self.secrets_dropped += _drop_secrets(doc)
        root = load_schema(obj.kind)
        _minimise_top(doc, handler, root)
        for child in children_of(obj.kind):
            key = child.list_key or ""
            item_schema = _item_schema(root, _property_schema(root, root, key))
            for item in lists.get(key, []):
                _minimise_item(item, child, root, item_schema)
        return doc

    def child_items(self, child: Kind, parent: Obj) -> list[dict[str, Any]] | None:
        """The parent's list of children, or None when the list is better left unmanaged.

        None when every live child is one of Opsgenie's own (left out without
        --include-defaults), when a list managed by declaration (overrides) would be empty,
        or when a child has no name or shares it (a config list needs unique names; writing
        it anyway would plan deletes).
        """
        live = [c for c in self.live.children(parent.address, child.kind)]
        live = [c for c in live if not child.settled(c.fields, self.now)]
        defaults = [c for c in live if child.is_opsgenie_default(c, parent)]
        own = [c for c in live if not child.is_opsgenie_default(c, parent)]
        if live and not own and not self.include_defaults:
            return None
        if child.declared_only and not own:
            return None  # an empty list of a kind managed by declaration says nothing
        listed = own + [
            c for c in defaults if self.include_defaults and not c.meta.get("isDefault")
        ]
        problem = _name_problem(listed)
        if problem:
            self.warnings.append(
                f"{parent.address}: {child.list_key} left out (not managed by the exported "
                f"config): {problem}; name them in Opsgenie and export again to manage them"
            )
            return None
        # The planner matches a child marked isDefault by an `isDefault: true` last item;
        # Opsgenie's other children (with --include-defaults) are plain items in their place.
        marked = [c for c in defaults if self.include_defaults and c.meta.get("isDefault")]
        items = [self._item(child, c) for c in _in_list_order(child, listed)]
        items.extend({**self._item(child, c), "isDefault": True} for c in marked)
        return items

    @staticmethod
    def _item(child: Kind, obj: Obj) -> dict[str, Any]:
        return _without_empty(child.to_config(copy.deepcopy(obj.fields)), child)


def _in_list_order(child: Kind, objs: list[Obj]) -> list[Obj]:
    if child.ordered:
        return sorted(objs, key=lambda c: (c.meta.get("order") is None, c.meta.get("order") or 0))
    return sorted(objs, key=lambda c: c.name)


def _name_problem(objs: list[Obj]) -> str | None:
    unnamed = sum(1 for c in objs if not c.name)
    if unnamed:
        return f"{unnamed} without a name"
    shared = sorted(n for n, count in Counter(c.name for c in objs).items() if count > 1)
    if shared:
        return "several named " + ", ".join(repr(n) for n in shared)
    return None


def _without_empty(fields: dict[str, Any], handler: Kind) -> dict[str, Any]:
    """Drop None values (absent in a config) and empty values of fields the account decides."""
    return {
        k: v
        for k, v in fields.items()
        if v is not None and not (k in handler.unmanaged_when_omitted and _is_empty(v))
    }


def _is_empty(value: Any) -> bool:
    return any(type(value) is type(e) and value == e for e in EMPTY)


# -- references ---------------------------------------------------------------------------


def _rewrite_references(doc: dict[str, Any], patterns: tuple[RefPattern, ...]) -> None:
    """Untyped references (canonical strings) become `{name: ...}` or `{username: ...}`."""
    for pattern, kind in patterns:
        if kind is None:
            continue  # typed references are already `{type, name|username}`
        key = HANDLERS[kind].name_key if kind in HANDLERS else "name"
        for container, slot in _sites(doc, pattern):
            value = container[slot]
            if isinstance(value, str):
                container[slot] = {key: value}


def _sites(node: Any, pattern: tuple[str, ...]) -> Iterator[tuple[Any, Any]]:
    """(container, key or index) of every value the pattern reaches."""
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        slots: list[Any] = list(range(len(node))) if isinstance(node, list) else []
    else:
        slots = [head] if isinstance(node, dict) and head in node else []
    for slot in slots:
        if rest:
            yield from _sites(node[slot], rest)
        else:
            yield node, slot


def _drop_secrets(node: Any) -> int:
    """Remove every field named like a secret, at any depth; returns how many."""
    dropped = 0
    if isinstance(node, dict):
        for key in [k for k in node if isinstance(k, str) and SECRET_NAME.search(k)]:
            del node[key]
            dropped += 1
        for value in node.values():
            dropped += _drop_secrets(value)
    elif isinstance(node, list):
        for value in node:
            dropped += _drop_secrets(value)
    return dropped


# -- defaults left out --------------------------------------------------------------------


def _minimise_top(doc: dict[str, Any], handler: Kind, root: Schema) -> None:
    """Leave out every field whose absence the kind's canonical form reads the same way."""
    list_keys = {c.list_key for c in children_of(handler.kind) if c.list_key}
    baseline = handler.canonical(doc)
    keep = {handler.name_key} | list_keys

    def same() -> bool:
        return _canonical_or_none(handler, doc) == baseline

    _minimise(doc, root, root, same, keep=keep, skip=list_keys, top=True)


def _minimise_item(item: dict[str, Any], child: Kind, root: Schema, schema: Schema | None) -> None:
    baseline = child.canonical(item)

    def same() -> bool:
        return _canonical_or_none(child, item) == baseline

    _minimise(item, schema, root, same, keep={child.name_key, "isDefault"}, top=True)


def _canonical_or_none(handler: Kind, item: dict[str, Any]) -> dict[str, Any] | None:
    try:
        return handler.canonical(item)
    except (TypeError, ValueError, KeyError, AttributeError):
        return None  # a form the kind cannot read is never "the same"


# Keys the schema leaves optional but `validate` requires: a time restriction's window(s),
# even an all-day one (00:00-00:00) that equals the canonical default.
REQUIRED_BY_CHECKS = frozenset({"restriction", "restrictions"})


def _minimise(
    node: dict[str, Any],
    schema: Schema | None,
    root: Schema,
    same: Callable[[], bool],
    *,
    keep: Set[str] = frozenset(),
    skip: Set[str] = frozenset(),
    top: bool = False,
) -> None:
    """Top down: drop a key when the canonical form stays the same, else look inside it.

    Keys the schema requires stay, so that the document remains valid. A mapping of plain
    values (a time window, a delay, a condition) is one value: inside it only a flag or a
    value the schema declares as the default may go, since the checks want a window's
    hours and minutes together.
    """
    required = _required(root, schema) | keep | REQUIRED_BY_CHECKS
    plain = not top and _plain(node)
    for key in list(node):
        if key in skip:
            continue
        sub = _property_schema(root, schema, key)
        candidate = not plain or _flag_or_default(node[key], _resolve(root, sub))
        if key not in required and candidate and _removed(node, key, same):
            continue
        value = node[key]
        if isinstance(value, dict):
            _minimise(value, sub, root, same)
        elif isinstance(value, list):
            item_schema = _item_schema(root, sub)
            for item in value:
                if isinstance(item, dict):
                    _minimise(item, item_schema, root, same)


def _plain(mapping: dict[str, Any]) -> bool:
    return not any(isinstance(v, dict | list) for v in mapping.values())


def _flag_or_default(value: Any, schema: Schema | None) -> bool:
    if isinstance(value, bool):
        return True
    return schema is not None and "default" in schema and schema["default"] == value


def _removed(node: dict[str, Any], key: str, same: Callable[[], bool]) -> bool:
    saved = list(node.items())
    del node[key]
    if same():
        return True
    node.clear()
    node.update(saved)  # back in the same key order
    return False


# -- just enough JSON Schema navigation to know which keys are required ------------------


def _resolve(root: Schema, node: Schema | None, want: str = "object") -> Schema | None:
    """Follow `$ref`s; in an `anyOf`/`oneOf` without properties, the branch of type `want`."""
    seen = 0
    while isinstance(node, dict) and seen < 20:
        seen += 1
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/"):
            target: Any = root
            for part in ref[2:].split("/"):
                target = target.get(part) if isinstance(target, dict) else None
            node = target
            continue
        if "properties" not in node and "items" not in node:
            for group in ("anyOf", "oneOf"):
                for branch in node.get(group) or []:
                    resolved = _resolve(root, branch, want)
                    if resolved is not None and resolved.get("type", want) == want:
                        return resolved
        return node
    return None


def _required(root: Schema, node: Schema | None) -> set[str]:
    resolved = _resolve(root, node)
    listed = resolved.get("required") if resolved else None
    return {str(k) for k in listed} if isinstance(listed, list) else set()


def _property_schema(root: Schema, node: Schema | None, key: str) -> Schema | None:
    resolved = _resolve(root, node)
    props = resolved.get("properties") if resolved else None
    sub = props.get(key) if isinstance(props, dict) else None
    return sub if isinstance(sub, dict) else None


def _item_schema(root: Schema, node: Schema | None) -> Schema | None:
    resolved = _resolve(root, node, "array")
    items = resolved.get("items") if resolved else None
    return items if isinstance(items, dict) else None
