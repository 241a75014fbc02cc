"""Shared fixtures: run the CLI in-process and write small config trees."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from ogsync.cli.main import cli, run

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@dataclass
class Result:
    """What a user sees from one ogsync command."""

    code: int
    out: str
    err: str


def invoke(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> Result:
    """Run `ogsync ARGS` in-process through the same entry point as the console script."""
    runner = CliRunner()
    holder: dict[str, int] = {}

    def target() -> None:
        holder["code"] = run(cli, list(args))

    with runner.isolation(input=input, env=env) as (out, err, *_):
        target()
        return Result(holder["code"], out.getvalue().decode(), err.getvalue().decode())


@pytest.fixture
def ogsync() -> Callable[..., Result]:
    return invoke


@pytest.fixture
def tree(tmp_path: Path) -> Callable[[dict[str, str]], Path]:
    """Write {relative path: YAML text} under a fresh folder and return the folder."""

    def write(files: dict[str, str]) -> Path:
        for rel, text in files.items():
            path = tmp_path / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return tmp_path

    return write
