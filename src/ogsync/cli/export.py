"""`ogsync export`: write the live account as a config tree that plans to zero changes."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import click

from ogsync.cli.account import AccountOptions, account_options, make_client
from ogsync.cli.context import AppContext
from ogsync.config.tree import read_settings
from ogsync.export import ExportResult, export
from ogsync.kinds.registry import KINDS


def _split_kinds(values: tuple[str, ...]) -> list[str]:
    return [k.strip() for v in values for k in v.split(",") if k.strip()]


def summary(result: ExportResult) -> str:
    """`Exported 9 objects (6 users, 1 team, ...) into DIR.` and the next steps."""
    counts = Counter(result.counts)
    parts = [
        f"{counts[k]} {KINDS[k].label if counts[k] == 1 else KINDS[k].plural}"
        for k in KINDS
        if counts.get(k)
    ]
    total = sum(counts.values())
    detail = f" ({', '.join(parts)})" if parts else ""
    where = result.directory
    return (
        f"Exported {total} object{'s' if total != 1 else ''}{detail} into {where}.\n"
        f"Next: ogsync validate {where} && ogsync plan {where}"
    )


@click.command(name="export")
@click.argument("directory", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--kinds",
    multiple=True,
    metavar="KIND[,KIND...]",
    help="Export only these kinds: user, team, schedule, escalation (repeatable).",
)
@click.option(
    "--include",
    multiple=True,
    metavar="PATTERN",
    help="Export only objects whose address (e.g. 'team/Platform*') or, without a '/', "
    "whose name matches (repeatable).",
)
@click.option(
    "--include-defaults",
    is_flag=True,
    help="Also export the objects Opsgenie creates by itself (team and user defaults).",
)
@click.option("--force", is_flag=True, help="Write into a folder that is not empty.")
@account_options
@click.pass_obj
def command(
    app: AppContext,
    directory: Path,
    kinds: tuple[str, ...],
    include: tuple[str, ...],
    include_defaults: bool,
    force: bool,
    account: AccountOptions,
) -> None:
    """Write the account as a config tree in DIRECTORY (defaults to .)."""
    settings = read_settings(directory) if directory.is_dir() else {}
    with make_client(account, settings) as client:
        result = export(
            client,
            directory,
            kinds=_split_kinds(kinds) or None,
            include=include,
            include_defaults=include_defaults,
            force=force,
            now=app.now,
            progress=lambda line: click.echo(f"export: {line}", err=True),
        )
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(summary(result))
