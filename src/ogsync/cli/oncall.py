"""`ogsync oncall`: who is on call when, the gaps and each person's hours, from the config alone."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ogsync.api import load
from ogsync.cli.context import AppContext
from ogsync.errors import OgsyncError
from ogsync.oncall.api import oncall_timelines
from ogsync.oncall.ics import to_ics
from ogsync.oncall.report import report_json, report_text

MAX_DAYS = 3660


@click.command(name="oncall")
@click.argument("directory", default=".", type=click.Path(file_okay=False))
@click.option(
    "--schedule", "names", multiple=True, metavar="NAME", help="Only this schedule (repeatable)."
)
@click.option(
    "--from",
    "start",
    metavar="DATE",
    help="Window start: a date (local midnight of each schedule) or an ISO-8601 instant. "
    "Default: now.",
)
@click.option(
    "--days",
    type=click.IntRange(1, MAX_DAYS),
    help="Window length in days (default: oncall.windowDays of ogsync.yaml, or 14).",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "ics"]), default="text")
@click.option("--out", type=click.Path(dir_okay=False), help="Write to FILE instead of stdout.")
@click.pass_obj
def command(
    app: AppContext,
    directory: str,
    names: tuple[str, ...],
    start: str | None,
    days: int | None,
    fmt: str,
    out: str | None,
) -> None:
    """Show who is on call when, the coverage gaps and each person's hours, from DIRECTORY."""
    config = load(directory, now=app.now)
    if config.errors:
        for diag in config.diagnostics:
            click.echo(diag.render(), err=True)
        count = len(config.errors)
        click.echo(f"invalid: {count} error{'s' if count != 1 else ''}", err=True)
        raise click.exceptions.Exit(1)
    timelines = oncall_timelines(config, now=app.now, names=names, start=start, days=days)
    if fmt == "json":
        text = json.dumps(report_json(timelines), indent=2) + "\n"
    elif fmt == "ics":
        text = to_ics(timelines, stamp=app.now)
    else:
        text = report_text(timelines) if timelines else f"no schedules in {directory}\n"
    if out is None:
        click.echo(text, nl=False)
        return
    try:
        Path(out).write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        raise OgsyncError(f"cannot write {out}: {exc.strerror or exc}") from None
    click.echo(f"wrote {out}", err=True)
