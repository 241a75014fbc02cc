"""Sandbox test fixtures: clients in-process and over HTTP, each answer checked against the spec."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sandbox_contract import Contract, load_contract
from sandbox_helpers import MakeClient, Served

from ogsync.sandbox import Faults, SandboxTransport

BASE_URL = "http://sandbox.ogsync.invalid"
KEY = {"Authorization": "GenieKey test-key"}
SERVE = [sys.executable, "-c", "from ogsync.cli.main import entrypoint; entrypoint()"]


@pytest.fixture(scope="session")
def contract() -> Contract | None:
    return load_contract()


def _hooks(contract: Contract | None) -> dict[str, list[Callable[[httpx.Response], None]]]:
    def check(response: httpx.Response) -> None:
        response.read()
        if contract is not None:
            contract.check(response)

    return {"response": [check]}


# ---- clients --------------------------------------------------------------------------------


@pytest.fixture
def state(tmp_path: Path) -> Path:
    return tmp_path / "sandbox.sqlite"


@pytest.fixture
def make_client(state: Path, contract: Contract | None) -> Iterator[MakeClient]:
    """Build in-process clients on the test's state file; each answer is checked by the spec."""
    clients: list[httpx.Client] = []

    def make(
        *, api_key: str | None = None, faults: Faults | None = None, headers: Any = None
    ) -> httpx.Client:
        client = httpx.Client(
            transport=SandboxTransport(state, api_key=api_key, faults=faults),
            base_url=BASE_URL,
            headers=KEY if headers is None else headers,
            event_hooks=_hooks(contract),
        )
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def api(make_client: MakeClient) -> httpx.Client:
    return make_client()


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., Served]]:
    """Start `ogsync sandbox serve --port 0 ARGS...`; read the base URL from its first line."""
    started: list[Served] = []

    def start(*args: str) -> Served:
        state = tmp_path / "served.sqlite"
        process = subprocess.Popen(
            [*SERVE, "sandbox", "serve", "--port", "0", "--state", str(state), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        if not url:
            process.kill()
            raise AssertionError(f"sandbox serve printed no URL: {process.stderr.read()}")  # type: ignore[union-attr]
        served = Served(process, url)
        started.append(served)
        return served

    yield start
    for served in started:
        if served.process.poll() is None:
            served.process.kill()
            served.process.wait()


@pytest.fixture
def http_client(contract: Contract | None) -> Iterator[Callable[..., httpx.Client]]:
    clients: list[httpx.Client] = []

    def make(url: str, headers: Any = None) -> httpx.Client:
        client = httpx.Client(
            base_url=url, headers=KEY if headers is None else headers, event_hooks=_hooks(contract)
        )
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()
