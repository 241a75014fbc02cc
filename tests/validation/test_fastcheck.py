"""The compiled schema check agrees with jsonschema on every document, valid or not."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from ogsync.config.fastcheck import compile_schema
from ogsync.config.schema import load_schema, schema_names

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _documents() -> dict[str, list[dict[str, Any]]]:
    """Every example document by kind (the folder says which)."""
    folders = {
        "users": "user",
        "teams": "team",
        "schedules": "schedule",
        "escalations": "escalation",
        "notification-rules": "notification-rule",
    }
    found: dict[str, list[dict[str, Any]]] = {k: [] for k in folders.values()}
    for path in sorted(EXAMPLES.rglob("*.yaml")):
        kind = folders.get(path.parent.name)
        if kind is not None:
            found[kind].extend(d for d in yaml.safe_load_all(path.read_text()) if d)
    found["ogsync"] = [yaml.safe_load((EXAMPLES / "multi-team" / "ogsync.yaml").read_text())]
    return found


DOCS = _documents()
JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 70)
    | st.floats(-1, 30, allow_nan=False)
    | st.sampled_from(["", "x", "user", "time-of-day", "monday", "schedule", "P1", "a@b.c"]),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(["name", "type", "id", "x", "startHour"]), inner, max_size=3
        )
    ),
    max_leaves=6,
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*prefix, i))
    return out


def _mutate(doc: dict[str, Any], path: tuple[Any, ...], value: Any, delete: bool) -> Any:
    out = copy.deepcopy(doc)
    if not path:
        return value
    node = out
    for step in path[:-1]:
        node = node[step]
    if delete:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return out


@pytest.mark.parametrize("name", schema_names())
def test_every_schema_compiles(name: str) -> None:
    assert compile_schema(load_schema(name)) is not None


@pytest.mark.parametrize("name", schema_names())
def test_examples_are_valid_both_ways(name: str) -> None:
    fast = compile_schema(load_schema(name))
    slow = Draft202012Validator(load_schema(name))
    assert fast is not None and DOCS[name]
    for doc in DOCS[name]:
        assert fast(doc) is slow.is_valid(doc) is True


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_mutated_documents_get_the_same_answer(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from([n for n in schema_names() if DOCS.get(n)]))
    doc = data.draw(st.sampled_from(DOCS[name]))
    path = data.draw(st.sampled_from(_paths(doc)))
    delete = bool(path) and data.draw(st.booleans())
    mutated = _mutate(doc, path, data.draw(JSON), delete)
    fast = compile_schema(load_schema(name))
    assert fast is not None
    assert fast(mutated) == Draft202012Validator(load_schema(name)).is_valid(mutated)


REPLACEMENTS = [None, -1, 0, 1000, 1.5, "", "x", [], {}, True]


@pytest.mark.parametrize("name", schema_names())
def test_every_field_of_the_richest_example_replaced_by_odd_values(name: str) -> None:
    fast = compile_schema(load_schema(name))
    slow = Draft202012Validator(load_schema(name))
    assert fast is not None
    doc = max(DOCS[name], key=lambda d: len(_paths(d)))
    checked = 0
    for path in _paths(doc)[1:]:
        for value in REPLACEMENTS:
            mutated = _mutate(doc, path, value, delete=False)
            assert fast(mutated) == slow.is_valid(mutated), (path, value)
            checked += 1
        removed = _mutate(doc, path, None, delete=True)
        assert fast(removed) == slow.is_valid(removed), (path, "deleted")
    assert checked > 0
