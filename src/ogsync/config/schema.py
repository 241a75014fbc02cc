"""Checks documents against the JSON Schemas shipped in the package, with positions and hints."""

from __future__ import annotations

import difflib
import json
from functools import cache
from importlib import resources
from typing import Any

import jsonschema
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from ogsync.config.fastcheck import Check, compile_schema
from ogsync.config.model import Config, Resource, Settings
from ogsync.config.yamlsafe import JsonPath
from ogsync.diagnostics import Diagnostic

SETTINGS_SCHEMA = "ogsync"


def schema_names() -> list[str]:
    """Every schema shipped: one per kind, plus `ogsync` for ogsync.yaml."""
    folder = resources.files("ogsync") / "schemas"
    return sorted(
        p.name.removesuffix(".json") for p in folder.iterdir() if p.name.endswith(".json")
    )


@cache
def load_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of a kind (or `ogsync` for ogsync.yaml)."""
    text = (resources.files("ogsync") / "schemas" / f"{name}.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def _validator(name: str) -> Draft202012Validator:
    schema = load_schema(name)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def check_config(config: Config) -> list[Diagnostic]:
    """Schema problems of ogsync.yaml and of every resource; marks which resources passed."""
    found = check_settings(config.settings)
    for res in config.resources:
        found.extend(check_resource(res))
    return found


def check_resource(res: Resource) -> list[Diagnostic]:
    problems = _problems(res.kind, res.raw)
    return [
        Diagnostic("error", msg, res.pos(path, key=key), res.address if res.name else "")
        for path, key, msg in problems
    ]


def check_settings(settings: Settings) -> list[Diagnostic]:
    if settings.doc is None:
        return []
    return [
        Diagnostic("error", msg, settings.pos(path, key=key))
        for path, key, msg in _problems(SETTINGS_SCHEMA, settings.raw)
    ]


@cache
def _fast(name: str) -> Check | None:
    return compile_schema(load_schema(name))


def _problems(name: str, data: Any) -> list[tuple[JsonPath, bool, str]]:
    fast = _fast(name)
    if fast is not None and fast(data):
        return []
    validator = _validator(name)
    out: list[tuple[JsonPath, bool, str]] = []
    for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        out.extend(_describe(error))
    return out


def _leaf_errors(error: ValidationError) -> list[ValidationError]:
    """For oneOf/anyOf, the errors of the branch the value was meant for, not a summary.

    A branch whose type does not even match the value is set aside; of the rest, the one
    whose errors reach deepest wins, when it goes deeper than the oneOf/anyOf itself.
    """
    if error.validator not in ("oneOf", "anyOf") or not error.context:
        return [error]
    if isinstance(error.schema, dict) and "errorMessage" in error.schema:
        return [error]
    depth = len(error.absolute_path)
    branches: dict[object, list[ValidationError]] = {}
    for sub in error.context:
        head = sub.relative_schema_path[0] if sub.relative_schema_path else None
        branches.setdefault(head, []).append(sub)

    def mismatched(errs: list[ValidationError]) -> bool:
        return any(e.validator == "type" and len(e.absolute_path) == depth for e in errs)

    viable = [errs for errs in branches.values() if not mismatched(errs)]
    if len(viable) == 1:
        return [leaf for sub in viable[0] for leaf in _leaf_errors(sub)]
    candidates = viable or list(branches.values())
    best = max(candidates, key=lambda errs: max(len(e.absolute_path) for e in errs))
    deepest = max(len(e.absolute_path) for e in best)
    if deepest > depth:
        return [
            leaf for sub in best if len(sub.absolute_path) == deepest for leaf in _leaf_errors(sub)
        ]
    return [error]


def _describe(error: ValidationError) -> list[tuple[JsonPath, bool, str]]:
    out: list[tuple[JsonPath, bool, str]] = []
    for leaf in _leaf_errors(error):
        path: JsonPath = tuple(leaf.absolute_path)
        if leaf.validator == "additionalProperties" and isinstance(leaf.instance, dict):
            sub_schema = leaf.schema if isinstance(leaf.schema, dict) else {}
            known = list(sub_schema.get("properties", {}))
            extra = [k for k in leaf.instance if k not in known]
            for key in extra:
                hint = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
                where = _field(path)
                msg = f"unknown key {key!r}{where}"
                if hint:
                    msg += f" (did you mean {hint[0]!r}?)"
                out.append(((*path, key), True, msg))
            continue
        custom = _custom_message(leaf)
        if custom is not None:
            # `not` marks a key that must not be there: point at the key itself
            out.append((path, leaf.validator == "not", f"{_field(path, lead='')}{custom}"))
            continue
        out.append((path, False, f"{_field(path, lead='')}{_message(leaf)}"))
    return out


def _field(path: JsonPath, lead: str = " in ") -> str:
    if not path:
        return ""
    text = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
    return f"{lead}{text}" if lead else f"{text}: "


def _custom_message(error: ValidationError) -> str | None:
    """The schema's own `errorMessage` for this error, when it has one (never for types)."""
    if error.validator == "type" or not isinstance(error.schema, dict):
        return None
    custom = error.schema.get("errorMessage")
    return custom if isinstance(custom, str) else None


def _mapping_hint(error: ValidationError) -> str:
    """A plain name where Opsgenie wants `{name: ...}` (a role, an owner team) says so."""
    schema = error.schema if isinstance(error.schema, dict) else {}
    props = schema.get("properties")
    if not isinstance(error.instance, str) or not isinstance(props, dict):
        return ""
    key = next((k for k in ("name", "username") if k in props), None)
    return f" (write {{{key}: {error.instance}}})" if key else ""


def _message(error: ValidationError) -> str:
    if error.validator == "required":
        required = error.validator_value if isinstance(error.validator_value, list) else []
        instance = error.instance if isinstance(error.instance, dict) else {}
        missing = [k for k in required if k not in instance]
        return f"missing required key {missing[0]!r}" if missing else error.message
    if error.validator == "enum":
        values = error.validator_value if isinstance(error.validator_value, list) else []
        allowed = ", ".join(map(str, values))
        hint = ""
        if isinstance(error.instance, str):
            close = difflib.get_close_matches(error.instance, [str(v) for v in values], n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
        return f"{error.instance!r} is not one of: {allowed}{hint}"
    if error.validator == "const":
        return f"must be {json.dumps(error.validator_value)}, not {json.dumps(error.instance)}"
    if error.validator == "type":
        return (
            f"expected {_type_words(error.validator_value)}, got {json.dumps(error.instance)[:60]}"
            f"{_mapping_hint(error)}"
        )
    if error.validator in _BOUNDS:
        return f"{json.dumps(error.instance)} is {_BOUNDS[error.validator]} {error.validator_value}"
    if error.validator in ("minItems", "maxItems"):
        word = "at least" if error.validator == "minItems" else "at most"
        n = error.validator_value
        return f"needs {word} {n} item{'s' if n != 1 else ''}"
    if error.validator == "minLength" and error.validator_value == 1:
        return "must not be empty"
    if error.validator == "uniqueItems":
        return "has the same item twice"
    if error.validator == "pattern":
        return f"{json.dumps(error.instance)[:60]} does not match {error.validator_value}"
    return str(error.message)


_BOUNDS = {
    "minimum": "below the minimum",
    "maximum": "above the maximum",
    "exclusiveMinimum": "not above",
    "exclusiveMaximum": "not below",
}


def _type_words(expected: object) -> str:
    words = {
        "object": "a mapping",
        "array": "a list",
        "string": "a string",
        "integer": "an integer",
        "number": "a number",
        "boolean": "true or false",
        "null": "null",
    }
    names = expected if isinstance(expected, list) else [expected]
    return " or ".join(words.get(str(n), str(n)) for n in names)
