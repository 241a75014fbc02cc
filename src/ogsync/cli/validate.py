"""`ogsync validate`: schema, semantic and reference checks, offline."""

from __future__ import annotations

import json
from collections import Counter

import click

from ogsync.api import validate
from ogsync.cli.context import AppContext
from ogsync.config.model import Config
from ogsync.kinds.registry import KINDS


def summary(config: Config) -> str:
    """`ok: 10 resources (6 users, 1 team, ...), 2 warnings` or `3 errors, 1 warning`."""
    counts = Counter(r.kind for r in config.resources)
    parts = []
    for kind, info in KINDS.items():
        n = counts.get(kind, 0)
        if n:
            parts.append(f"{n} {info.label if n == 1 else info.plural}")
    total = sum(counts.values())
    detail = f" ({', '.join(parts)})" if parts else ""
    head = f"{total} resource{'s' if total != 1 else ''}{detail}"
    nerr, nwarn = len(config.errors), len(config.warnings)
    warn = f", {nwarn} warning{'s' if nwarn != 1 else ''}" if nwarn else ""
    if nerr:
        return f"invalid: {nerr} error{'s' if nerr != 1 else ''}{warn}; {head}"
    return f"ok: {head}{warn}"


@click.command(name="validate")
@click.argument("directory", default=".", type=click.Path(file_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_obj
def command(app: AppContext, directory: str, fmt: str) -> None:
    """Check the config tree in DIRECTORY offline; every problem at once."""
    config = validate(directory, now=app.now)
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "valid": not config.errors,
                    "summary": summary(config),
                    "diagnostics": [d.to_json() for d in config.diagnostics],
                },
                indent=2,
            )
        )
    else:
        for diag in config.diagnostics:
            click.echo(diag.render(), err=diag.severity == "error")
        click.echo(summary(config))
    if config.errors:
        raise click.exceptions.Exit(1)
