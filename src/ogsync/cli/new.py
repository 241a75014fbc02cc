"""`ogsync new team`: scaffold the files of a new team from templates."""

from __future__ import annotations

from pathlib import Path

import click

from ogsync.cli.context import AppContext
from ogsync.cli.validate import summary
from ogsync.scaffold import NewTeam, new_team


def _split(values: tuple[str, ...]) -> list[str]:
    return [item.strip() for v in values for item in v.split(",") if item.strip()]


@click.group(name="new")
def command() -> None:
    """Scaffold new objects from templates (the tree's templates/ or the built-in ones)."""


@command.command(name="team")
@click.argument("name")
@click.option(
    "--members",
    multiple=True,
    required=True,
    metavar="USER[,USER...]",
    help="Usernames (e-mail addresses) of the members, in rotation order.",
)
@click.option(
    "--admin",
    multiple=True,
    metavar="USER",
    help="A team admin (repeatable); default: the first member.",
)
@click.option("--timezone", default="UTC", show_default=True, help="IANA time zone.")
@click.option(
    "--dir",
    "directory",
    default=".",
    type=click.Path(file_okay=False, path_type=Path),
    help="The config tree to write into (default: .).",
)
@click.pass_obj
def team(
    app: AppContext,
    name: str,
    members: tuple[str, ...],
    admin: tuple[str, ...],
    timezone: str,
    directory: Path,
) -> None:
    """Scaffold the files of a new team NAME.

    Writes the team with its members, a schedule with a weekly rotation of them, an
    escalation (the schedule, then the team's admins, then repeat) and a routing rule that
    sends everything to it; then validates the tree.
    """
    spec = NewTeam(name, _split(members), _split(admin), timezone)
    result = new_team(directory, spec, now=app.now)
    for rel in result.files:
        click.echo(f"created {directory / rel}")
    for diag in result.config.diagnostics:
        click.echo(diag.render(), err=True)
    if result.undefined_members:
        click.echo(
            "warning: not defined in the config, so they must exist in the account: "
            + ", ".join(result.undefined_members),
            err=True,
        )
    click.echo(summary(result.config))
    if result.config.errors:
        raise click.exceptions.Exit(1)
    click.echo(f"Next: ogsync plan {directory}")
