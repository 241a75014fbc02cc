"""`ogsync sandbox serve` over real HTTP, and the `reset` and `dump` subcommands."""

from __future__ import annotations

import json
import re
import signal
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from sandbox_helpers import Served, data_of, make_team, make_user


def test_serve_prints_its_url_serves_http_and_stops_on_sigterm(
    serve: Callable[..., Served], http_client: Callable[..., httpx.Client]
) -> None:
    served = serve()
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", served.url)
    client = http_client(served.url)
    make_user(client, "ann@example.com")
    team = make_team(client, "Web", "ann@example.com")
    got = data_of(client.get(f"/v2/teams/{team['id']}"))
    assert got["members"][0]["user"]["username"] == "ann@example.com"
    assert client.get("/v2/users", headers={"Authorization": ""}).status_code == 401
    assert client.request("TRACE", "/v2/users").status_code == 405
    assert served.stop() == 0


def test_serve_stops_cleanly_on_sigint(serve: Callable[..., Served]) -> None:
    served = serve()
    served.process.send_signal(signal.SIGINT)
    assert served.process.wait(timeout=10) == 0


def test_serve_with_api_key_and_faults(
    serve: Callable[..., Served], http_client: Callable[..., httpx.Client], tmp_path: Path
) -> None:
    log = tmp_path / "log.jsonl"
    served = serve("--api-key", "k1", "--rate-limit", "3", "--request-log", str(log))
    assert (
        http_client(served.url, {"Authorization": "GenieKey nope"}).get("/v2/teams").status_code
        == 401
    )
    client = http_client(served.url, {"Authorization": "GenieKey k1"})
    statuses = [client.get("/v2/teams").status_code for _ in range(8)]
    assert 429 in statuses
    lines = [json.loads(x) for x in log.read_text().splitlines()]
    assert [x["status"] for x in lines][1:] == statuses
    assert served.stop() == 0


def test_serve_cuts_connections_under_fail_rate(
    serve: Callable[..., Served], http_client: Callable[..., httpx.Client]
) -> None:
    served = serve("--fail-rate", "1", "--seed", "5")
    client = http_client(served.url)
    outcomes = set()
    for i in range(12):
        try:
            outcomes.add(client.post("/v2/teams", json={"name": f"T{i}"}).status_code)
        except httpx.RemoteProtocolError:
            outcomes.add(0)
    assert outcomes == {0, 500}


def test_serve_refuses_a_bad_fault_variable(ogsync: Callable[..., object], tmp_path: Path) -> None:
    result = ogsync(
        "sandbox",
        "serve",
        "--state",
        str(tmp_path / "s.sqlite"),
        env={"OGSYNC_SANDBOX_FAULTS": "fail_rate=lots"},
    )
    assert result.code == 1  # type: ignore[attr-defined]
    assert "fail_rate" in result.err  # type: ignore[attr-defined]


def test_reset_and_dump(
    ogsync: Callable[..., object], make_client: Callable[..., httpx.Client], state: Path
) -> None:
    client = make_client()
    make_user(client, "ann@example.com")
    make_team(client, "Ops", "ann@example.com")
    dumped = ogsync("sandbox", "dump", "--state", str(state))
    assert dumped.code == 0, dumped.err  # type: ignore[attr-defined]
    snapshot = json.loads(dumped.out)  # type: ignore[attr-defined]
    assert [t["name"] for t in snapshot["teams"]] == ["Ops"]
    assert snapshot["teams"][0]["routingRules"][0]["isDefault"] is True
    assert {s["name"] for s in snapshot["schedules"]} == {"Ops_schedule"}
    assert snapshot["users"][0]["notificationRules"][0]["name"] == "New Alert"
    reset = ogsync("sandbox", "reset", "--state", str(state))
    assert reset.code == 0  # type: ignore[attr-defined]
    assert data_of(client.get("/v2/teams")) == []
    assert ogsync("sandbox", "dump", "--state", str(state.with_name("none.sqlite"))).code == 1  # type: ignore[attr-defined]


@pytest.mark.parametrize("port", ["70000"])
def test_serve_rejects_a_bad_port(ogsync: Callable[..., object], port: str, tmp_path: Path) -> None:
    result = ogsync("sandbox", "serve", "--port", port, "--state", str(tmp_path / "s.sqlite"))
    assert result.code == 1  # type: ignore[attr-defined]
