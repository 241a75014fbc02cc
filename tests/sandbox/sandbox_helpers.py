"""Small builders shared by the sandbox tests."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from typing import Any

import httpx

MakeClient = Callable[..., httpx.Client]


class Served:
    """A running `ogsync sandbox serve` subprocess."""

    def __init__(self, process: subprocess.Popen[str], url: str) -> None:
        self.process = process
        self.url = url

    def stop(self) -> int:
        self.process.terminate()
        return self.process.wait(timeout=10)


def make_user(api: httpx.Client, username: str, **extra: Any) -> dict[str, Any]:
    payload = {
        "username": username,
        "fullName": username.split("@")[0].title(),
        "role": {"name": "user"},
    }
    response = api.post("/v2/users", json={**payload, **extra})
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


def make_team(api: httpx.Client, name: str, *members: str) -> dict[str, Any]:
    payload: dict[str, Any] = {"name": name}
    if members:
        payload["members"] = [{"user": {"username": m}, "role": "user"} for m in members]
    response = api.post("/v2/teams", json=payload)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


def data_of(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()["data"]
