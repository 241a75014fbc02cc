"""The wire protocol: keys, envelopes, bad input, unknown paths, shared state, concurrency."""

from __future__ import annotations

import subprocess
import sys
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from sandbox_helpers import MakeClient, data_of, make_user


def test_a_missing_or_malformed_key_is_401(make_client: MakeClient) -> None:
    for headers in ({}, {"Authorization": "Basic abc"}, {"Authorization": "GenieKey "}):
        response = make_client(headers=headers).get("/v2/users")
        assert response.status_code == 401, headers
        assert response.json()["message"] == "Could not authenticate"


def test_with_an_api_key_only_that_key_is_accepted(make_client: MakeClient) -> None:
    wrong = make_client(api_key="s3cret", headers={"Authorization": "GenieKey other"})
    assert wrong.get("/v2/users").status_code == 401
    right = make_client(api_key="s3cret", headers={"Authorization": "GenieKey s3cret"})
    assert right.get("/v2/users").status_code == 200


def test_success_and_error_envelopes(api: httpx.Client) -> None:
    response = api.get("/v2/teams")
    body = response.json()
    assert isinstance(body["took"], float)
    assert str(uuid.UUID(body["requestId"])) == body["requestId"]
    assert response.headers["X-Request-ID"] == body["requestId"]
    error = api.get("/v2/teams/nope")
    assert error.status_code == 404
    assert set(error.json()) == {"message", "took", "requestId"}


def test_malformed_json_is_400_and_a_non_object_body_is_422(api: httpx.Client) -> None:
    broken = api.post(
        "/v2/teams", content=b'{"name": ', headers={"Content-Type": "application/json"}
    )
    assert broken.status_code == 400
    assert "Invalid JSON" in broken.json()["message"]
    assert api.post("/v2/teams", json=["name"]).status_code == 422
    assert data_of(api.get("/v2/teams")) == []


def test_unknown_path_is_404_and_wrong_method_is_405(api: httpx.Client) -> None:
    assert api.get("/v2/nothing-here").status_code == 404
    wrong = api.put("/v2/users", json={})
    assert wrong.status_code == 405
    assert wrong.headers["Allow"] == "GET, POST"


def test_names_with_slashes_work_percent_encoded(api: httpx.Client) -> None:
    assert api.post("/v2/schedules", json={"name": "EU/US nights"}).status_code == 201
    got = api.get("/v2/schedules/EU%2FUS%20nights", params={"identifierType": "name"})
    assert data_of(got)["name"] == "EU/US nights"


def test_state_is_shared_by_transports_on_the_same_file(make_client: MakeClient) -> None:
    make_user(make_client(), "ann@example.com")
    other = make_client()
    assert data_of(other.get("/v2/users/ann@example.com"))["username"] == "ann@example.com"


def test_concurrent_requests_from_threads_are_isolated(make_client: MakeClient) -> None:
    first, second = make_client(), make_client()
    payload = {"fullName": "Same", "role": {"name": "user"}}

    def create(i: int) -> int:
        client = first if i % 2 else second
        return client.post(
            "/v2/users", json={**payload, "username": "same@example.com"}
        ).status_code

    def create_many(i: int) -> int:
        return first.post(
            "/v2/users", json={**payload, "username": f"u{i}@example.com"}
        ).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        duplicates = list(pool.map(create, range(12)))
        distinct = list(pool.map(create_many, range(24)))
    assert sorted(duplicates) == [201] + [409] * 11
    assert distinct == [201] * 24
    assert first.get("/v2/users").json()["totalCount"] == 25


CREATOR = """
import sys, httpx
from ogsync.sandbox import SandboxTransport
client = httpx.Client(transport=SandboxTransport(sys.argv[1]), base_url="http://x",
                      headers={"Authorization": "GenieKey k"})
for i in range(15):
    r = client.post("/v2/teams", json={"name": f"{sys.argv[2]}-{i}"})
    assert r.status_code == 201, r.text
"""


def test_concurrent_processes_share_one_state_file(state: Path, api: httpx.Client) -> None:
    runs = [
        subprocess.Popen([sys.executable, "-c", CREATOR, str(state), tag]) for tag in ("a", "b")
    ]
    assert [run.wait(timeout=60) for run in runs] == [0, 0]
    assert len(data_of(api.get("/v2/teams"))) == 30
    assert len(data_of(api.get("/v2/escalations"))) == 30
