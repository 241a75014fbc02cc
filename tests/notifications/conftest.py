"""Fixtures for contacts and notification rules: a workspace and the raw sandbox account."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from notifications.helpers import Notifications, Users


@pytest.fixture
def state(tmp_path: Path) -> Path:
    return tmp_path / "sandbox.sqlite"


@pytest.fixture
def ws(tmp_path: Path, state: Path) -> Notifications:
    root = tmp_path / "config"
    root.mkdir()
    return Notifications(root, state)


@pytest.fixture
def users(state: Path) -> Iterator[Users]:
    acc = Users(state)
    yield acc
    acc.http.close()
