"""A compiled yes/no check for the subset of JSON Schema that ogsync's schemas use.

jsonschema walks a schema with a new validator object per keyword and node, which costs about
a millisecond per document: a thousand teams' worth of files spent seconds there. Valid
documents (nearly all of them) only need a yes; jsonschema still explains every no. A schema
that uses a keyword this module does not know compiles to None, and jsonschema does it all.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sized
from typing import Any, cast

Check = Callable[[Any], bool]

# Keywords that say nothing about validity.
_ANNOTATIONS = frozenset(
    {"$schema", "$id", "$comment", "title", "description", "default", "examples", "errorMessage"}
)
_TYPES: dict[str, Check] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "integer": lambda v: (
        (isinstance(v, int) and not isinstance(v, bool))
        or (isinstance(v, float) and v.is_integer())
    ),
}


class Unsupported(Exception):
    """The schema uses something this compiler does not handle."""


def compile_schema(root: dict[str, Any]) -> Check | None:
    """A function that says whether a document is valid, or None if the schema is out of reach."""
    compiled: dict[str, Check] = {}

    def ref(target: str) -> Check:
        if not target.startswith("#/$defs/"):
            raise Unsupported(target)
        name = target.removeprefix("#/$defs/")
        if name not in root.get("$defs", {}):
            raise Unsupported(target)

        def check(value: Any) -> bool:
            if name not in compiled:
                compiled[name] = build(root["$defs"][name])
            return compiled[name](value)

        return check

    def build(schema: Any) -> Check:
        if schema is True:
            return lambda _v: True
        if schema is False:
            return lambda _v: False
        if not isinstance(schema, dict):
            raise Unsupported(repr(schema))
        checks = [_keyword(key, arg, schema, build, ref) for key, arg in schema.items()]
        return _all([c for c in checks if c is not None])

    try:
        return build(root)
    except Unsupported:
        return None


def _keyword(
    key: str,
    arg: Any,
    schema: dict[str, Any],
    build: Callable[[Any], Check],
    ref: Callable[[str], Check],
) -> Check | None:
    if key in _ANNOTATIONS or key in ("$defs", "then", "else"):
        return None
    maker = _MAKERS.get(key)
    if maker is None:
        raise Unsupported(key)
    return maker(arg, schema, build, ref)


def _type(arg: Any, *_: Any) -> Check:
    names = [arg] if isinstance(arg, str) else list(arg)
    tests = [_TYPES[n] for n in names]
    return lambda v: any(t(v) for t in tests)


def _properties(arg: dict[str, Any], _s: Any, build: Callable[[Any], Check], _r: Any) -> Check:
    props = {name: build(sub) for name, sub in arg.items()}
    return lambda v: not isinstance(v, dict) or all(props[k](x) for k, x in v.items() if k in props)


def _additional(arg: Any, schema: dict[str, Any], build: Callable[[Any], Check], _r: Any) -> Check:
    if schema.get("patternProperties"):
        raise Unsupported("patternProperties")
    known = set(schema.get("properties", {}))
    extra = build(arg)
    return lambda v: (
        not isinstance(v, dict) or all(extra(x) for k, x in v.items() if k not in known)
    )


def _items(arg: Any, _s: Any, build: Callable[[Any], Check], _r: Any) -> Check:
    each = build(arg)
    return lambda v: not isinstance(v, list) or all(each(x) for x in v)


def _if(arg: Any, schema: dict[str, Any], build: Callable[[Any], Check], _r: Any) -> Check:
    cond = build(arg)
    then = build(schema.get("then", True))
    other = build(schema.get("else", True))
    return lambda v: then(v) if cond(v) else other(v)


def _unique(arg: Any, *_: Any) -> Check | None:
    if not arg:
        return None
    return lambda v: (
        not isinstance(v, list) or len({json.dumps(x, sort_keys=True) for x in v}) == len(v)
    )


def _pattern(arg: str, *_: Any) -> Check:
    regex = re.compile(arg)
    return lambda v: not isinstance(v, str) or regex.search(v) is not None


def _number(test: Callable[[float, float], bool]) -> Callable[..., Check]:
    def make(arg: float, *_: Any) -> Check:
        return lambda v: not _TYPES["number"](v) or test(v, arg)

    return make


def _size(kind: type, test: Callable[[int, int], bool]) -> Callable[..., Check]:
    def make(arg: int, *_: Any) -> Check:
        return lambda v: not isinstance(v, kind) or test(len(cast(Sized, v)), arg)

    return make


def _equal(a: Any, b: Any) -> bool:
    """JSON equality: 1 equals 1.0, but True is not 1."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    return type(a) is type(b) and bool(a == b)


_MAKERS: dict[str, Callable[..., Check | None]] = {
    "type": _type,
    "properties": _properties,
    "additionalProperties": _additional,
    "items": _items,
    "if": _if,
    "uniqueItems": _unique,
    "pattern": _pattern,
    "$ref": lambda arg, _s, _b, ref: ref(arg),
    "required": lambda arg, *_: lambda v: not isinstance(v, dict) or all(k in v for k in arg),
    "enum": lambda arg, *_: lambda v: any(_equal(v, x) for x in arg),
    "const": lambda arg, *_: lambda v: _equal(v, arg),
    "allOf": lambda arg, _s, build, _r: _all([build(x) for x in arg]),
    "anyOf": lambda arg, _s, build, _r: _any([build(x) for x in arg]),
    "oneOf": lambda arg, _s, build, _r: _one([build(x) for x in arg]),
    "not": lambda arg, _s, build, _r: _not(build(arg)),
    "minimum": _number(lambda v, a: v >= a),
    "maximum": _number(lambda v, a: v <= a),
    "exclusiveMinimum": _number(lambda v, a: v > a),
    "exclusiveMaximum": _number(lambda v, a: v < a),
    "minLength": _size(str, lambda n, a: n >= a),
    "maxLength": _size(str, lambda n, a: n <= a),
    "minItems": _size(list, lambda n, a: n >= a),
    "maxItems": _size(list, lambda n, a: n <= a),
    "minProperties": _size(dict, lambda n, a: n >= a),
    "maxProperties": _size(dict, lambda n, a: n <= a),
}


def _all(checks: list[Check]) -> Check:
    if not checks:
        return lambda _v: True
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        first, second = checks
        return lambda v: first(v) and second(v)
    return lambda v: all(c(v) for c in checks)


def _any(checks: list[Check]) -> Check:
    return lambda v: any(c(v) for c in checks)


def _one(checks: list[Check]) -> Check:
    return lambda v: sum(1 for c in checks if c(v)) == 1


def _not(check: Check) -> Check:
    return lambda v: not check(v)
