"""Injected faults: latency, rate limit, seeded failures (some after the write), request log."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from sandbox_helpers import MakeClient, data_of

from ogsync.sandbox import ENV_VAR, Faults, FaultSpecError


def test_fault_spec_parses_from_the_environment() -> None:
    faults = Faults.from_env(
        {ENV_VAR: "latency_ms=20, rate_limit=50,fail_rate=0.2,seed=1,request_log=/tmp/x.jsonl"}
    )
    assert faults == Faults(
        latency_ms=20, rate_limit=50, fail_rate=0.2, seed=1, request_log="/tmp/x.jsonl"
    )
    assert Faults.from_env({}) == Faults()
    for bad in ("latency=5", "fail_rate=2", "rate_limit=abc", "seed"):
        with pytest.raises(FaultSpecError):
            Faults.parse(bad)


def test_from_env_reads_the_real_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, "fail_rate=0.5,seed=7")
    assert Faults.from_env() == Faults(fail_rate=0.5, seed=7)


def _log(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_request_log_has_one_line_per_request(make_client: MakeClient, tmp_path: Path) -> None:
    log = tmp_path / "requests.jsonl"
    client = make_client(faults=Faults(latency_ms=25, request_log=str(log)))
    client.get("/v2/users", params={"limit": "5"})
    client.post("/v2/teams", json={"name": "Logged"})
    lines = _log(log)
    assert [(x["method"], x["path"], x["query"], x["status"]) for x in lines] == [
        ("GET", "/v2/users", {"limit": "5"}, 200),
        ("POST", "/v2/teams", {}, 201),
    ]
    assert all(float(str(x["ms"])) >= 25 for x in lines)  # the latency is in every answer


def test_rate_limit_answers_429_with_opsgenie_headers(make_client: MakeClient) -> None:
    client = make_client(faults=Faults(rate_limit=5))
    responses = [client.get("/v2/teams") for _ in range(12)]
    assert [r.status_code for r in responses[:5]] == [200] * 5
    throttled = [r for r in responses if r.status_code == 429]
    assert throttled
    assert throttled[0].headers["X-RateLimit-State"] == "THROTTLED"
    assert throttled[0].headers["X-RateLimit-Period-In-Sec"] == "1"


def _outcomes(client: httpx.Client, count: int) -> list[str]:
    outcomes = []
    for i in range(count):
        try:
            outcomes.append(str(client.post("/v2/teams", json={"name": f"T{i}"}).status_code))
        except httpx.RemoteProtocolError:
            outcomes.append("cut")
    return outcomes


def test_fail_rate_is_reproducible_with_a_seed(tmp_path: Path) -> None:
    runs = []
    for attempt in ("a", "b"):
        transport_faults = Faults(fail_rate=0.5, seed=42)
        from ogsync.sandbox import SandboxTransport

        with httpx.Client(
            transport=SandboxTransport(tmp_path / f"{attempt}.sqlite", faults=transport_faults),
            base_url="http://sandbox.ogsync.invalid",
            headers={"Authorization": "GenieKey k"},
        ) as client:
            runs.append(_outcomes(client, 30))
    assert runs[0] == runs[1]
    assert {"201", "500", "cut"} <= set(runs[0])


def test_some_failures_happen_after_the_write(make_client: MakeClient) -> None:
    faulty = make_client(faults=Faults(fail_rate=0.6, seed=3))
    outcomes = _outcomes(faulty, 30)
    created = {t["name"] for t in data_of(make_client().get("/v2/teams"))}
    failed_but_written = [
        f"T{i}" for i, o in enumerate(outcomes) if o != "201" and f"T{i}" in created
    ]
    failed_and_not_written = [
        f"T{i}" for i, o in enumerate(outcomes) if o != "201" and f"T{i}" not in created
    ]
    assert failed_but_written and failed_and_not_written
    assert all(f"T{i}" in created for i, o in enumerate(outcomes) if o == "201")


def test_a_500_fault_has_an_opsgenie_error_body(make_client: MakeClient) -> None:
    client = make_client(faults=Faults(fail_rate=1.0, seed=0))
    for _ in range(10):
        try:
            response = client.get("/v2/teams")
        except httpx.RemoteProtocolError:
            continue
        assert response.status_code == 500
        assert set(response.json()) == {"message", "took", "requestId"}
        return
    raise AssertionError("ten requests at fail_rate=1 gave no 500")
