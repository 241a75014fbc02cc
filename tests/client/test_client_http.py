"""The client against `ogsync sandbox serve` over real HTTP: faults, rate limits, timeouts."""

from __future__ import annotations

import socket
from collections.abc import Callable

import pytest

from ogsync.backend.opsgenie import OpsgenieClient, quote
from ogsync.errors import ApiTimeoutError, LostCreateError, UnreachableError

from .conftest import SECRET_KEY, Served, assert_no_secret, ensure_team

Serve = Callable[..., Served]


def test_every_call_succeeds_under_failures_and_no_create_is_duplicated(serve: Serve) -> None:
    served = serve("--fail-rate", "0.3", "--seed", "7")
    names = [f"team-{i:02d}" for i in range(30)]

    with served.client(max_rps=1000, max_attempts=10) as client:
        outcomes = client.map(lambda name: ensure_team(client, name), names)
        teams = client.list_all("/v2/teams")

    ours = sorted(team["name"] for team in teams if team["name"].startswith("team-"))
    assert ours == names  # each exactly once
    log = served.requests()
    assert any(entry["status"] == 500 or entry.get("fault") for entry in log)
    # some creates were lost after the sandbox made the team: they were found, not re-sent
    assert "found" in outcomes


def test_no_429_when_the_client_stays_under_half_the_sandbox_limit(serve: Serve) -> None:
    served = serve("--rate-limit", "10")

    with served.client(max_rps=5) as client:
        client.map(lambda _: client.get("/v2/teams"), range(14))

    statuses = [entry["status"] for entry in served.requests()]
    assert statuses == [200] * 14


def test_recovers_when_the_client_is_faster_than_the_sandbox_allows(serve: Serve) -> None:
    served = serve("--rate-limit", "20")

    with served.client(max_rps=500, max_attempts=6) as client:
        teams = client.map(lambda _: client.get("/v2/teams"), range(30))

    assert teams == [[]] * 30
    statuses = [entry["status"] for entry in served.requests()]
    assert 429 in statuses  # the limit was hit ...
    assert statuses.count(200) == 30  # ... and every call still succeeded


def test_a_slow_api_times_out_and_a_slow_create_is_lost_not_resent(serve: Serve) -> None:
    served = serve("--latency-ms", "400")

    with served.client(timeout=0.1, max_attempts=2) as client:
        with pytest.raises(ApiTimeoutError) as timed_out:
            client.get("/v2/teams")
        with pytest.raises(LostCreateError) as lost:
            client.post("/v2/teams", json={"name": "Slow"})
        sent = client.requests_sent

    assert sent == 3  # the GET twice, the create once
    assert "no answer within 0.1s" in str(timed_out.value)
    assert "\n" not in str(timed_out.value)
    assert_no_secret(timed_out.value, timed_out.value.args, lost.value, lost.value.args)
    with served.client(timeout=5) as patient:
        # the create did happen: that is why the engine must look before re-sending
        team = patient.get(f"/v2/teams/{quote('Slow')}", {"identifierType": "name"})
    assert team["name"] == "Slow"
    posts = [e for e in served.requests() if e["method"] == "POST"]
    assert len(posts) == 1


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_an_unreachable_host_is_one_clear_line_without_the_key() -> None:
    port = closed_port()
    client = OpsgenieClient(
        f"http://127.0.0.1:{port}", SECRET_KEY, max_attempts=2, backoff_base=0.01
    )

    with client, pytest.raises(UnreachableError) as caught:
        client.get("/v2/teams")

    text = str(caught.value)
    assert text.startswith("GET /v2/teams: cannot reach 127.0.0.1: connection failed")
    assert "gave up after 2 attempts" in text
    assert "\n" not in text
    assert client.requests_sent == 2
    assert_no_secret(caught.value, caught.value.args, client)


def test_a_create_to_an_unreachable_host_is_retried_because_nothing_was_sent() -> None:
    client = OpsgenieClient(
        f"http://127.0.0.1:{closed_port()}", SECRET_KEY, max_attempts=3, backoff_base=0.01
    )

    with client, pytest.raises(UnreachableError) as caught:
        client.post("/v2/teams", json={"name": "Platform"})

    assert not isinstance(caught.value, LostCreateError)
    assert client.requests_sent == 3
    assert_no_secret(caught.value, caught.value.args)
