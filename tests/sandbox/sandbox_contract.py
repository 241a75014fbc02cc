"""The Opsgenie API description as a contract: find an answer's operation, check its body."""

from __future__ import annotations

import json
import os
import re
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
SPEC_PATH = SHARED / "opsgenie-oas" / "config-api.bundled.json"


def require_spec() -> dict[str, Any]:
    """The bundled API description; its absence skips, or fails when CI=true."""
    if not SPEC_PATH.is_file():
        reason = f"the Opsgenie API description is not at {SPEC_PATH} (the shared folder is absent)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason + "; with CI=true this is a failure, not a skip")
        pytest.skip(reason)
    return _load_spec()


@cache
def _load_spec() -> dict[str, Any]:
    spec: dict[str, Any] = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
    return spec


# ---- Swagger 2.0 -> JSON Schema -------------------------------------------------------------


def to_json_schema(node: Any) -> Any:
    """Swagger 2.0 schema -> JSON Schema (draft 4).

    Relaxed on purpose: `discriminator` is dropped (the subtype is not selected by `type`; the base
    schema and `allOf` still apply, and Swagger objects allow extra properties anyway), and
    `nullable: true` (an OpenAPI 3 keyword used in this Swagger 2 file) becomes "or null".
    """
    if isinstance(node, list):
        return [to_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {
        key: to_json_schema(value)
        for key, value in node.items()
        if not key.startswith("x-") and key not in ("discriminator", "nullable", "example")
    }
    if node.get("nullable") is True and "type" in out:
        out["type"] = [out["type"], "null"]
    return out


class Contract:
    """Finds the operation of a request and checks the response body against its schema."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.definitions = to_json_schema(spec["definitions"])
        self.operations: list[tuple[re.Pattern[str], str, dict[str, Any]]] = []
        templates = sorted(spec["paths"], key=lambda p: (p.count("{"), -len(p)))
        for template in templates:
            pattern = re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$")
            for method, operation in spec["paths"][template].items():
                if method != "parameters":
                    self.operations.append((pattern, method.upper(), operation))
        self.checked: list[tuple[str, int]] = []

    def operation(self, method: str, path: str) -> dict[str, Any] | None:
        for pattern, op_method, operation in self.operations:
            if op_method == method and pattern.match(path):
                return operation
        return None

    def response_schema(self, method: str, path: str, status: int) -> tuple[str, Any]:
        operation = self.operation(method, path)
        if operation is None:  # not an operation of the spec (404/405 answers): an error body
            return "(no operation)", {"$ref": "#/definitions/ErrorResponse"}
        responses = operation["responses"]
        response = responses.get(str(status)) or responses["default"]
        if "$ref" in response:
            response = self.spec["responses"][response["$ref"].rsplit("/", 1)[1]]
        return operation["operationId"], response.get("schema")

    def check(self, response: httpx.Response) -> None:
        request = response.request
        path = request.url.path
        op_id, schema = self.response_schema(request.method, path, response.status_code)
        if schema is None:
            return
        body = response.json()
        validator = jsonschema.Draft4Validator(
            {**to_json_schema(schema), "definitions": self.definitions}
        )
        errors = sorted(validator.iter_errors(body), key=lambda e: list(e.path))
        assert not errors, (
            f"{request.method} {path} -> {response.status_code} ({op_id}) breaks the spec: "
            + "; ".join(f"{list(e.path)}: {e.message}" for e in errors[:5])
        )
        self.checked.append((op_id, response.status_code))


def load_contract() -> Contract | None:
    """The checker for every answer in the tests; None without the spec (unless CI=true)."""
    if not SPEC_PATH.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{SPEC_PATH} is absent; with CI=true this is a failure, not a skip")
        return None
    return Contract(_load_spec())
