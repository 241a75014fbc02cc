"""`ogsync plan`: read the account and show the changes that bring it in line with the config."""

from __future__ import annotations

from pathlib import Path

import click

from ogsync import api
from ogsync.cli.account import AccountOptions, account_options, make_client
from ogsync.cli.context import AppContext
from ogsync.config.tree import read_settings
from ogsync.engine import saved
from ogsync.engine.model import Plan
from ogsync.render import json as json_view
from ogsync.render import markdown, text


def show(plan: Plan, fmt: str, color: bool) -> str:
    if fmt == "json":
        return json_view.render(plan)
    if fmt == "markdown":
        return markdown.render(plan)
    return text.render(plan, color=color)


@click.command(name="plan")
@click.argument("directory", default=".", type=click.Path(file_okay=False))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Save the plan.")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text")
@click.option(
    "--detailed-exitcode", is_flag=True, help="Exit 2 when there are changes, 0 when none."
)
@click.option("--target", multiple=True, metavar="ADDRESS", help="Plan only this (repeatable).")
@click.option("--prune", is_flag=True, help="Delete live objects the config does not mention.")
@account_options
@click.pass_obj
def command(
    app: AppContext,
    directory: str,
    out: Path | None,
    fmt: str,
    detailed_exitcode: bool,
    target: tuple[str, ...],
    prune: bool,
    account: AccountOptions,
) -> None:
    """Show what apply would change in the account (DIRECTORY defaults to .)."""
    with make_client(account, read_settings(Path(directory))) as client:
        result = api.plan(directory, client, now=app.now, prune=prune, targets=target)
    click.echo(show(result.plan, fmt, app.color))
    if out is not None:
        out.write_text(saved.dump(result.plan), encoding="utf-8")
        click.echo(
            f"Saved the plan to {out}; apply it with: ogsync apply {out} "
            "(and the same account options)",
            err=True,
        )
    if detailed_exitcode and not result.plan.empty:
        raise click.exceptions.Exit(2)
