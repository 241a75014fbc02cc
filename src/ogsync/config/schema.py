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


def _problems(name: str, data: Any) -> list[tuple[JsonPath, bool, str]]:
    validator = _validator(name)
    out: list[tuple[JsonPath, bool, str]] = []
    for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        out.extend(_describe(error))
    return out


def _leaf_errors(error: ValidationError) -> list[ValidationError]:
    """For oneOf/anyOf, the errors of the branch that came closest, rather than a summary."""
    if error.validator in ("oneOf", "anyOf") and error.context:
        best = max(error.context, key=lambda e: len(e.absolute_path))
        depth = len(best.absolute_path)
        if depth > len(error.absolute_path):
            deepest = [e for e in error.context if len(e.absolute_path) == depth]
            return [leaf for e in deepest[:1] for leaf in _leaf_errors(e)]
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
        out.append((path, False, f"{_field(path, lead='')}{_message(leaf)}"))
    return out


def _field(path: JsonPath, lead: str = " in ") -> str:
    if not path:
        return ""
    text = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
    return f"{lead}{text}" if lead else f"{text}: "


def _message(error: ValidationError) -> str:
    if error.validator == "required":
        required = error.validator_value if isinstance(error.validator_value, list) else []
        instance = error.instance if isinstance(error.instance, dict) else {}
        missing = [k for k in required if k not in instance]
        return f"missing required key {missing[0]!r}" if missing else error.message
    if error.validator == "enum":
        values = error.validator_value if isinstance(error.validator_value, list) else []
        allowed = ", ".join(map(str, values))
        return f"{error.instance!r} is not one of: {allowed}"
    if error.validator == "type":
        return f"expected {error.validator_value}, got {json.dumps(error.instance)[:60]}"
    return str(error.message)
