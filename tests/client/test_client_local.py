"""The client against the in-process sandbox: envelopes, paging, escaping, errors, lost creates."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ogsync.backend.opsgenie import OpsgenieClient, quote
from ogsync.errors import (
    ApiError,
    AuthError,
    ConflictError,
    LostCreateError,
    NotFoundError,
    ServerError,
    UnprocessableError,
    UnreachableError,
)
from ogsync.sandbox import Faults

from .conftest import SECRET_KEY, assert_no_secret

Local = Callable[..., OpsgenieClient]


def new_user(index: int) -> dict[str, Any]:
    return {
        "username": f"user{index:03d}@example.com",
        "fullName": f"User {index}",
        "role": {"name": "User"},
    }


def test_list_all_follows_paging_over_many_users(local: Local) -> None:
    client = local()
    client.map(lambda i: client.post("/v2/users", json=new_user(i)), range(230))
    before = client.requests_sent

    users = client.list_all("/v2/users", page_size=100)

    usernames = [user["username"] for user in users]
    assert sorted(usernames) == [f"user{i:03d}@example.com" for i in range(230)]
    assert client.requests_sent - before == 3  # 100 + 100 + 30


def test_get_unwraps_the_envelope_and_get_body_keeps_it(local: Local) -> None:
    client = local()
    created = client.post("/v2/teams", json={"name": "Platform"})
    assert isinstance(created, dict)

    team = client.get(f"/v2/teams/{quote('Platform')}", {"identifierType": "name"})
    body = client.get_body(f"/v2/teams/{quote('Platform')}", {"identifierType": "name"})

    assert team["name"] == "Platform"
    assert body["data"] == team
    assert body["requestId"]


@pytest.mark.parametrize("name", ["Ops / On-Call", "Café Über team", "100% uptime?#"])
def test_names_with_slashes_spaces_and_unicode_round_trip(local: Local, name: str) -> None:
    client = local()
    client.post("/v2/teams", json={"name": name})

    path = f"/v2/teams/{quote(name)}"
    found = client.get(path, {"identifierType": "name"})
    client.patch(f"/v2/teams/{quote(found['id'])}", json={"description": "escaped"})
    team = client.get(path, {"identifierType": "name"})

    assert team["name"] == name
    assert team["description"] == "escaped"


def test_not_found_carries_status_message_request_id_and_reads_as_one_line(
    local: Local,
) -> None:
    client = local()

    with pytest.raises(NotFoundError) as caught:
        client.get("/v2/teams/Nobody", {"identifierType": "name"})

    error = caught.value
    assert error.status == 404
    assert error.method == "GET"
    assert error.path == "/v2/teams/Nobody"
    assert error.request_id
    text = str(error)
    assert text.startswith("GET /v2/teams/Nobody: HTTP 404: ")
    assert error.request_id in text
    assert "\n" not in text
    assert_no_secret(error, error.args, client)


def test_duplicate_create_is_a_conflict(local: Local) -> None:
    client = local()
    client.post("/v2/teams", json={"name": "Platform"})

    with pytest.raises(ConflictError) as caught:
        client.post("/v2/teams", json={"name": "Platform"})

    assert caught.value.status == 409
    assert_no_secret(caught.value, caught.value.args)


def test_unprocessable_carries_the_field_errors(local: Local) -> None:
    client = local()

    with pytest.raises(UnprocessableError) as caught:
        client.post("/v2/users", json={"username": "not-an-email", "fullName": "X"})

    error = caught.value
    assert error.status == 422
    assert error.errors  # field -> reason
    text = str(error)
    for field in error.errors:
        assert field in text
    assert "\n" not in text
    assert_no_secret(error, error.args)


def test_a_rejected_key_is_an_auth_error_that_never_shows_the_key(local: Local) -> None:
    client = local(sandbox_key="the-right-key")

    with pytest.raises(AuthError) as caught:
        client.get("/v2/teams")

    error = caught.value
    assert error.status == 401
    assert "OPSGENIE_API_KEY" in str(error)  # says what to check
    assert_no_secret(error, error.args, client)


def test_the_key_is_sent_as_a_genie_key(local: Local) -> None:
    client = local(sandbox_key=SECRET_KEY)

    assert client.get("/v2/teams") == []


def test_a_lost_create_is_not_resent(local: Local) -> None:
    client = local(faults=Faults(fail_rate=1.0, seed=3))

    with pytest.raises(LostCreateError) as caught:
        client.post("/v2/teams", json={"name": "Platform"})

    assert client.requests_sent == 1
    assert "look the object up by name" in str(caught.value)
    assert_no_secret(caught.value, caught.value.args)


def test_idempotent_requests_give_up_after_max_attempts(local: Local) -> None:
    client = local(faults=Faults(fail_rate=1.0, seed=5), max_attempts=3)
    seen: set[type[ApiError]] = set()

    for _ in range(30):
        with pytest.raises((ServerError, UnreachableError)) as caught:
            client.get("/v2/teams")
        seen.add(type(caught.value))
        assert "gave up after 3 attempts" in str(caught.value)
        assert_no_secret(caught.value, caught.value.args)

    assert client.requests_sent == 90
    assert seen == {ServerError, UnreachableError}  # both a 5xx and a cut connection


def test_idempotent_post_is_retried(local: Local) -> None:
    flaky = local(faults=Faults(fail_rate=0.5, seed=11), max_attempts=10)
    steady = local()
    steady.post("/v2/users", json=new_user(1))
    rules = steady.get(f"/v2/users/{quote('user001@example.com')}/notification-rules")
    assert rules

    for rule in rules:
        path = f"/v2/users/{quote('user001@example.com')}/notification-rules/{rule['id']}"
        flaky.post(f"{path}/disable", idempotent=True)

    after = steady.get(f"/v2/users/{quote('user001@example.com')}/notification-rules")
    assert all(rule["enabled"] is False for rule in after)


def test_map_keeps_order_and_raises_the_first_error_after_all_finish(local: Local) -> None:
    client = local(max_concurrency=4)
    names = [f"team-{i}" for i in range(12)]
    client.map(lambda name: client.post("/v2/teams", json={"name": name}), names)

    found = client.map(
        lambda name: client.get(f"/v2/teams/{quote(name)}", {"identifierType": "name"}), names
    )
    assert [team["name"] for team in found] == names

    batch = ["new-1", "team-0", "new-2", "team-1"]  # team-0 and team-1 exist already
    with pytest.raises(ConflictError) as caught:
        client.map(lambda name: client.post("/v2/teams", json={"name": name}), batch)
    assert '"team-0"' in caught.value.message or "team-0" in str(caught.value)
    remaining = {team["name"] for team in client.get("/v2/teams")}
    assert {"new-1", "new-2"} <= remaining  # the rest still ran


def test_debug_log_shows_each_attempt_without_the_key(
    local: Local, caplog: pytest.LogCaptureFixture
) -> None:
    client = local(faults=Faults(fail_rate=0.5, seed=2), max_attempts=10)
    caplog.set_level(logging.DEBUG, logger="ogsync.http")

    client.get("/v2/teams")
    with pytest.raises(NotFoundError):
        client.get("/v2/teams/ghost", {"identifierType": "name"})

    lines = [r.getMessage() for r in caplog.records if r.name == "ogsync.http"]
    assert any(line.startswith("GET /v2/teams -> 200 ") for line in lines)
    assert any(line.startswith("GET /v2/teams/ghost?identifierType=name -> 404 ") for line in lines)
    assert all(" ms (attempt " in line for line in lines)
    assert len(lines) == client.requests_sent
    assert_no_secret(*lines)


def test_repr_and_errors_hide_the_key(local: Local) -> None:
    client = local()

    assert SECRET_KEY not in repr(client)
    assert "***" in repr(client)


def test_a_retried_delete_that_finds_the_object_gone_counts_as_done(
    local: Local, tmp_path: Path
) -> None:
    steady = local()
    steady.map(lambda i: steady.post("/v2/users", json=new_user(i)), range(20))
    log = tmp_path / "requests.jsonl"
    flaky = local(faults=Faults(fail_rate=0.5, seed=4, request_log=str(log)), max_attempts=10)

    for i in range(20):
        flaky.delete(f"/v2/users/{quote(f'user{i:03d}@example.com')}")

    assert steady.list_all("/v2/users") == []
    entries = [json.loads(line) for line in log.read_text().splitlines()]
    assert any(e["method"] == "DELETE" and e["status"] == 404 for e in entries)
