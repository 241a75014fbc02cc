"""Helpers for export and scaffold tests: a sandbox account reached over its raw HTTP API."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from ogsync.sandbox import SandboxTransport
from support import Result, invoke

BASE = "http://sandbox.ogsync.invalid"
FAST = ("--max-rps", "1000")  # the in-process sandbox answers at once


class Account:
    """The sandbox as a person with curl sees it, for objects made outside ogsync."""

    def __init__(self, state: Path) -> None:
        self.state = state
        self.http = httpx.Client(
            base_url=BASE,
            transport=SandboxTransport(state),
            headers={"Authorization": "GenieKey test-key"},
        )

    def get(self, path: str, **params: Any) -> Any:
        response = self.http.get(path, params=params)
        response.raise_for_status()
        return response.json()["data"]

    def post(self, path: str, body: Any) -> Any:
        response = self.http.post(path, json=body)
        assert response.status_code < 300, f"POST {path}: {response.text}"
        return response.json().get("data")

    def ogsync(self, command: str, *args: str) -> Result:
        """`ogsync COMMAND ARGS --sandbox STATE`."""
        return invoke(command, *args, "--sandbox", str(self.state), *FAST)


def yaml_files(root: Path) -> dict[str, str]:
    """{relative path: text} of every file under root."""
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }
