"""Fixtures for end-to-end plan/apply tests against the in-process sandbox."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from ogsync.sandbox import SandboxTransport
from support import REPO, Result, invoke

BASE = "http://sandbox.ogsync.invalid"


class Account:
    """The sandbox seen from outside ogsync: the raw API, as a person with curl would see it."""

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

    def send(self, method: str, path: str, body: Any = None, **params: Any) -> httpx.Response:
        return self.http.request(method, path, json=body, params=params)

    def names(self, path: str) -> list[str]:
        return sorted(item.get("name") or item.get("username") for item in self.get(path))


class Workspace:
    """A config tree in a temporary folder, and the ogsync commands run on it."""

    def __init__(self, root: Path, state: Path) -> None:
        self.root = root
        self.state = state

    def write(self, rel: str, text: str) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def remove(self, rel: str) -> None:
        (self.root / rel).unlink()

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def run(self, *args: str, env: dict[str, str] | None = None) -> Result:
        return invoke(*args, env=env)

    # The in-process sandbox answers at once; an account's maxRps would only slow the tests.
    fast = ("--max-rps", "1000")

    # The global `--now INSTANT` for every command, when a test pins the clock.
    now: str | None = None

    def _global(self) -> tuple[str, ...]:
        return ("--now", self.now) if self.now else ()

    def apply(self, *extra: str) -> Result:
        args = ("apply", str(self.root), "--sandbox", str(self.state), "--auto-approve")
        return invoke(*self._global(), *args, *self.fast, *extra)

    def plan(self, *extra: str) -> Result:
        args = ("plan", str(self.root), "--sandbox", str(self.state))
        return invoke(*self._global(), *args, *self.fast, *extra)

    def plan_json(self, *extra: str) -> dict[str, Any]:
        result = self.plan("--format", "json", *extra)
        assert result.code == 0, result.err
        data: dict[str, Any] = json.loads(result.out)
        return data

    def actions(self, *extra: str) -> set[tuple[str, str]]:
        """{(action, address)} of the current plan."""
        doc = self.plan_json(*extra)
        return {(rc["change"]["actions"][0], rc["address"]) for rc in doc["resource_changes"]}

    def converged(self) -> bool:
        return self.plan("--detailed-exitcode").code == 0


@pytest.fixture
def state(tmp_path: Path) -> Path:
    return tmp_path / "sandbox.sqlite"


@pytest.fixture
def account(state: Path) -> Iterator[Account]:
    acc = Account(state)
    yield acc
    acc.http.close()


@pytest.fixture
def workspace(tmp_path: Path, state: Path) -> Workspace:
    root = tmp_path / "config"
    root.mkdir()
    return Workspace(root, state)


@pytest.fixture
def seed(tmp_path: Path, state: Path) -> Workspace:
    """A copy of examples/ (the seed's config tree)."""
    root = tmp_path / "seed"
    shutil.copytree(REPO / "examples", root, ignore=shutil.ignore_patterns("multi-team"))
    return Workspace(root, state)


@pytest.fixture
def multi(tmp_path: Path, state: Path) -> Workspace:
    root = tmp_path / "multi"
    shutil.copytree(REPO / "examples" / "multi-team", root)
    return Workspace(root, state)
