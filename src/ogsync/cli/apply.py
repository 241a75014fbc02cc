"""`ogsync apply`: carry out a plan (made now from DIR, or saved by `plan --out`)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ogsync import api
from ogsync.backend.api import Api
from ogsync.cli.account import AccountOptions, account_options, make_client
from ogsync.cli.context import AppContext
from ogsync.config.tree import read_settings
from ogsync.engine import saved
from ogsync.engine.executor import ApplyReport, Outcome
from ogsync.engine.live import LiveState, read_live
from ogsync.engine.model import Plan
from ogsync.errors import ApplyFailedError, NoTerminalError
from ogsync.render import text
from ogsync.render.lines import SYMBOL

STATUS = {"applied": "done", "failed": "FAILED", "skipped": "skipped"}


def _progress(outcome: Outcome) -> None:
    change = outcome.change
    line = f"  {SYMBOL[change.action]} {change.address}: {STATUS[outcome.status]}"
    if outcome.message:
        line += f" ({outcome.message})"
    click.echo(line, err=outcome.status != "applied")


def _confirm(auto_approve: bool) -> None:
    if auto_approve:
        return
    if not sys.stdin.isatty():
        raise NoTerminalError(
            "apply asks for confirmation and there is no terminal: pass --auto-approve"
        )
    if not click.confirm("Apply these changes?", default=False):
        click.echo("Apply cancelled: nothing was changed.", err=True)
        raise click.exceptions.Exit(1)


def _report(report: ApplyReport) -> None:
    applied, failed, skipped = (len(report.of(s)) for s in ("applied", "failed", "skipped"))
    click.echo(f"Apply: {applied} applied, {failed} failed, {skipped} skipped.")
    if report.internal_error:
        click.echo(
            "internal error during apply: this is a bug in ogsync; please report it", err=True
        )
        raise click.exceptions.Exit(3)
    if failed or skipped:
        raise ApplyFailedError(
            f"{failed} change{'s' if failed != 1 else ''} failed and {skipped} "
            "were skipped; fix the cause and run apply again to finish"
        )


def _from_file(path: Path, client: Api) -> tuple[Plan, LiveState]:
    plan = saved.load(path)
    live = read_live(client, saved.read_requests(plan))
    saved.check_fresh(plan, live)
    return plan, live


@click.command(name="apply")
@click.argument("target_path", metavar="[DIR | PLANFILE]", default=".", type=click.Path())
@click.option("--auto-approve", is_flag=True, help="Do not ask for confirmation.")
@click.option("--force", is_flag=True, help="Apply even past the safety limits.")
@click.option("--no-verify", is_flag=True, help="Do not plan again after applying.")
@click.option("--target", multiple=True, metavar="ADDRESS", help="Apply only this (repeatable).")
@click.option("--prune", is_flag=True, help="Delete live objects the config does not mention.")
@account_options
@click.pass_obj
def command(
    app: AppContext,
    target_path: str,
    auto_approve: bool,
    force: bool,
    no_verify: bool,
    target: tuple[str, ...],
    prune: bool,
    account: AccountOptions,
) -> None:
    """Apply the config in DIR (default .), or a plan saved with `plan --out`."""
    path = Path(target_path)
    from_file = path.is_file()
    directory = Path(saved.load(path).config_dir) if from_file else path
    settings = read_settings(directory)
    with make_client(account, settings) as client:
        if from_file:
            plan, live = _from_file(path, client)
        else:
            result = api.plan(directory, client, now=app.now, prune=prune, targets=target)
            plan, live = result.plan, result.live
        click.echo(text.render(plan, color=app.color))
        if plan.empty:
            return
        _confirm(auto_approve)
        report = api.apply(
            plan,
            client,
            live,
            settings=settings,
            force=force,
            progress=_progress,
            workers=getattr(client, "max_concurrency", 8),
        )
        _report(report)
        if no_verify:
            return
        if not directory.is_dir():
            click.echo(
                f"Not verified: the plan's config folder {directory} is not here; "
                "run ogsync plan on it to check the account.",
                err=True,
            )
            return
        again = api.plan(directory, client, now=app.now, prune=prune, targets=target).plan
        if again.empty and target:
            click.echo(
                "Verified: the targeted objects now match the config "
                "(targeting was in effect: the rest of the account may still differ)."
            )
        elif again.empty:
            click.echo("Verified: the account now matches the config.")
        else:
            click.echo(text.render(again, color=app.color))
            raise ApplyFailedError(
                f"the account still differs from the config after apply "
                f"({again.summary.line()}); run apply again, or report a perpetual diff"
            )
