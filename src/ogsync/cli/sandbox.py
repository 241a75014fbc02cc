"""`ogsync sandbox`: serve the local Opsgenie emulator over HTTP, reset or dump its state."""

from __future__ import annotations

import json
import signal
import sqlite3
import sys
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

import click
import httpx

from ogsync.errors import OgsyncError
from ogsync.sandbox import Faults, FaultSpecError, Sandbox, SandboxServer, SandboxTransport

DEFAULT_STATE = "ogsync-sandbox.sqlite"
LOOPBACK = ("127.0.0.1", "localhost", "::1")

state_option = click.option(
    "--state",
    "state",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_STATE,
    show_default=True,
    help="SQLite file that holds the sandbox's objects (created if missing).",
)


@click.group(name="sandbox")
def command() -> None:
    """The local Opsgenie emulator (no account needed)."""


@command.command(name="serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=0,
    show_default=True,
    help="Port to listen on; 0 picks a free one.",
)
@state_option
@click.option(
    "--api-key", default=None, help="Accept only this GenieKey (default: any non-empty key)."
)
@click.option(
    "--latency-ms",
    type=click.FloatRange(min=0),
    default=None,
    help="Delay every answer by this many milliseconds.",
)
@click.option(
    "--rate-limit",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    help="Requests per second before answering 429 (token bucket).",
)
@click.option(
    "--fail-rate",
    type=click.FloatRange(0, 1),
    default=None,
    help="Share of requests answered 500 or cut off (some after the change was made).",
)
@click.option("--seed", type=int, default=None, help="Seed that makes --fail-rate reproducible.")
@click.option(
    "--request-log",
    type=click.Path(dir_okay=False),
    default=None,
    help="Append one JSON line per request (method, path, query, status, ms).",
)
def serve(
    host: str,
    port: int,
    state: Path,
    api_key: str | None,
    latency_ms: float | None,
    rate_limit: float | None,
    fail_rate: float | None,
    seed: int | None,
    request_log: str | None,
) -> None:
    """Serve the sandbox over HTTP until SIGINT or SIGTERM; print the base URL first."""
    faults = _faults(
        latency_ms=latency_ms,
        rate_limit=rate_limit,
        fail_rate=fail_rate,
        seed=seed,
        request_log=request_log,
    )
    if host not in LOOPBACK:
        click.echo(f"warning: the sandbox listens on {host}, beyond this machine", err=True)
    try:
        server = SandboxServer(host, port, state, api_key=api_key, faults=faults)
    except (OSError, sqlite3.Error) as exc:
        raise OgsyncError(
            f"cannot start the sandbox on {host}:{port} with {state}: {exc}"
        ) from None
    stop = _stop_on_signals()
    click.echo(server.base_url)
    sys.stdout.flush()
    _serve_until(server, stop)


def _faults(**options: Any) -> Faults:
    """Faults from OGSYNC_SANDBOX_FAULTS, each given option taking precedence."""
    try:
        base = Faults.from_env()
        return replace(base, **{k: v for k, v in options.items() if v is not None})
    except FaultSpecError as exc:
        raise OgsyncError(str(exc)) from None


def _stop_on_signals() -> threading.Event:
    """An event set by SIGINT or SIGTERM (installed before the URL is printed)."""
    stop = threading.Event()
    try:
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
    except ValueError:  # not the main thread: only an interrupt can stop us
        pass
    return stop


def _serve_until(server: SandboxServer, stop: threading.Event) -> None:
    worker = threading.Thread(target=server.serve_forever, name="sandbox-http", daemon=True)
    worker.start()
    try:
        while not stop.wait(0.2):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()


@command.command(name="reset")
@state_option
def reset(state: Path) -> None:
    """Delete every object in the sandbox's state file."""
    try:
        sandbox = Sandbox(state)
        sandbox.reset()
        sandbox.close()
    except sqlite3.Error as exc:
        raise OgsyncError(f"cannot reset {state}: {exc}") from None
    click.echo(f"sandbox {state} is empty")


@command.command(name="dump")
@state_option
def dump(state: Path) -> None:
    """Print the sandbox's objects as JSON, as the API returns them."""
    if not state.exists():
        raise OgsyncError(f"{state} does not exist")
    try:
        with httpx.Client(
            transport=SandboxTransport(state),
            base_url="http://sandbox.ogsync.invalid",
            headers={"Authorization": "GenieKey sandbox"},
        ) as client:
            click.echo(json.dumps(_snapshot(client), indent=2, sort_keys=True))
    except sqlite3.Error as exc:
        raise OgsyncError(f"cannot read {state}: {exc}") from None


def _all_users(client: httpx.Client) -> list[dict[str, Any]]:
    users: list[dict[str, Any]] = []
    while True:
        params: dict[str, str | int] = {"limit": 500, "offset": len(users), "sort": "insertedAt"}
        page = client.get("/v2/users", params=params).json()
        users += page["data"]
        if not page["data"] or len(users) >= page["totalCount"]:
            return users


def _snapshot(client: httpx.Client) -> dict[str, Any]:
    def data(path: str) -> Any:
        return client.get(path).json()["data"]

    users = []
    for user in _all_users(client):
        base = f"/v2/users/{user['id']}"
        full = data(f"{base}?expand=contact")
        full["notificationRules"] = [
            data(f"{base}/notification-rules/{rule['id']}")
            for rule in data(f"{base}/notification-rules")
        ]
        users.append(full)
    teams = []
    for team in data("/v2/teams"):
        full = data(f"/v2/teams/{team['id']}")
        full["routingRules"] = data(f"/v2/teams/{team['id']}/routing-rules")
        teams.append(full)
    schedules = []
    for schedule in data("/v2/schedules?expand=rotation"):
        schedule["overrides"] = data(f"/v2/schedules/{schedule['id']}/overrides")
        schedules.append(schedule)
    return {
        "users": users,
        "teams": teams,
        "schedules": schedules,
        "escalations": data("/v2/escalations"),
        "heartbeats": data("/v2/heartbeats")["heartbeats"],
    }
