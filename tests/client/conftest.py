"""Fixtures for the client tests: the sandbox in-process and over real HTTP, and clients on it."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from ogsync.backend.opsgenie import SANDBOX_API_URL, OpsgenieClient, quote
from ogsync.errors import LostCreateError, NotFoundError

if TYPE_CHECKING:
    from ogsync.sandbox import Faults

# A key that must never show up anywhere a user or a log could see it.
SECRET_KEY = "sk-0123456789abcdef-TOPSECRET"
FAST_BACKOFF = {"backoff_base": 0.01, "backoff_cap": 0.05}


@pytest.fixture
def local(tmp_path: Path) -> Iterator[Callable[..., OpsgenieClient]]:
    """Make clients on an in-process sandbox (one state file per test)."""
    clients: list[OpsgenieClient] = []

    def make(
        faults: Faults | None = None, sandbox_key: str | None = None, **options: Any
    ) -> OpsgenieClient:
        from ogsync.sandbox import SandboxTransport

        transport = SandboxTransport(tmp_path / "state.db", api_key=sandbox_key, faults=faults)
        key = options.pop("api_key", SECRET_KEY)
        settings: dict[str, Any] = {"max_rps": float("inf"), **FAST_BACKOFF, **options}
        client = OpsgenieClient(SANDBOX_API_URL, key, transport=transport, **settings)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@dataclass
class Served:
    """A running `ogsync sandbox serve`: its base URL and request log."""

    url: str
    log: Path
    process: subprocess.Popen[str]

    def requests(self) -> list[dict[str, Any]]:
        if not self.log.exists():
            return []
        lines = self.log.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]

    def client(self, **options: Any) -> OpsgenieClient:
        settings: dict[str, Any] = {**FAST_BACKOFF, **options}
        return OpsgenieClient(self.url, settings.pop("api_key", SECRET_KEY), **settings)


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., Served]]:
    """Start `ogsync sandbox serve --port 0 ARGS...` and stop it at the end of the test."""
    started: list[Served] = []

    def start(*args: str) -> Served:
        index = len(started)
        log = tmp_path / f"requests-{index}.jsonl"
        command = [
            sys.executable,
            "-c",
            "from ogsync.cli.main import entrypoint; entrypoint()",
            "sandbox",
            "serve",
            "--port",
            "0",
            "--state",
            str(tmp_path / f"served-{index}.db"),
            "--request-log",
            str(log),
            *args,
        ]
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        if not url.startswith("http"):
            process.kill()
            _, err = process.communicate()
            raise AssertionError(f"sandbox serve did not start: {url!r} {err}")
        served = Served(url=url, log=log, process=process)
        started.append(served)
        return served

    yield start
    for served in started:
        served.process.kill()
        served.process.communicate()


def ensure_team(client: OpsgenieClient, name: str) -> str:
    """Create a team the way the engine must: after a lost create, look it up before re-sending.

    Returns how the team came to exist: "created", or "found" when a lost create had made it.
    """
    while True:
        try:
            client.post("/v2/teams", json={"name": name})
            return "created"
        except LostCreateError:
            try:
                client.get(f"/v2/teams/{quote(name)}", {"identifierType": "name"})
                return "found"
            except NotFoundError:
                continue


def assert_no_secret(*texts: object) -> None:
    """The API key appears in none of the given texts (str and repr both checked)."""
    for text in texts:
        assert SECRET_KEY not in str(text)
        assert SECRET_KEY not in repr(text)
