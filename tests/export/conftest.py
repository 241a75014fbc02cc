"""Fixtures for export and scaffold tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from export_helpers import Account


@pytest.fixture
def account(tmp_path: Path) -> Iterator[Account]:
    acc = Account(tmp_path / "sandbox.sqlite")
    yield acc
    acc.http.close()
