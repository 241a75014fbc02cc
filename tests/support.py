"""Helpers shared by the tests: run the CLI in-process exactly as the console script does."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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


# Time restrictions the round-trip tests set on rotations, routing rules and personal rules.
WEEKDAYS = {
    "type": "weekday-and-time-of-day",
    "restrictions": [
        {
            "startDay": "friday",
            "startHour": 18,
            "startMin": 0,
            "endDay": "monday",
            "endHour": 9,
            "endMin": 30,
        },
        {
            "startDay": "tuesday",
            "startHour": 20,
            "startMin": 0,
            "endDay": "wednesday",
            "endHour": 8,
            "endMin": 0,
        },
    ],
}
NIGHTS = {
    "type": "time-of-day",
    "restriction": {"startHour": 22, "startMin": 0, "endHour": 6, "endMin": 30},
}
