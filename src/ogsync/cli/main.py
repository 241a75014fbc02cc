"""The `ogsync` command group, global options, and the one place errors become exit codes."""

from __future__ import annotations

import importlib
import logging
import os
import sys
import traceback
from datetime import UTC, datetime
from typing import NoReturn

import click

from ogsync import __version__
from ogsync.cli.context import AppContext
from ogsync.diagnostics import Diagnostic
from ogsync.errors import EXIT_BUG, EXIT_USER, ConfigError, OgsyncError

COMMAND_MODULES = ("validate", "plan", "apply", "export", "new", "oncall", "sandbox", "schema")


def _parse_now(_ctx: click.Context, _param: click.Parameter, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an ISO-8601 instant") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="ogsync")
@click.option(
    "--debug", is_flag=True, help="Log requests and timings (secrets redacted); show tracebacks."
)
@click.option(
    "--now",
    callback=_parse_now,
    metavar="INSTANT",
    help="Pretend the current time is INSTANT (ISO-8601), for coverage and on-call.",
)
@click.pass_context
def cli(ctx: click.Context, debug: bool, now: datetime | None) -> None:
    """Keep an Opsgenie account in line with a folder of YAML files."""
    color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    ctx.obj = AppContext(debug=debug, now=now or datetime.now(UTC), color=color)
    if debug:
        logging.basicConfig(
            level=logging.DEBUG, format="debug: %(message)s", stream=sys.stderr, force=True
        )
        for noisy in ("httpcore", "httpx", "hpack"):
            logging.getLogger(noisy).setLevel(logging.WARNING)


for _name in COMMAND_MODULES:
    _module = importlib.import_module(f"ogsync.cli.{_name}")
    cli.add_command(_module.command)


def _fail(message: str, code: int) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(code)


def run(main: click.Group, argv: list[str] | None = None) -> int:
    """Run the click group and map every outcome to ogsync's exit codes."""
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        result = main.main(args=argv, prog_name="ogsync", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        return EXIT_USER
    except click.ClickException as exc:
        exc.show()
        return EXIT_USER
    except ConfigError as exc:
        for diag in exc.diagnostics:
            if isinstance(diag, Diagnostic):
                click.echo(diag.render(), err=True)
        click.echo(f"error: {exc}", err=True)
        return exc.exit_code
    except OgsyncError as exc:
        click.echo(f"error: {exc}", err=True)
        return exc.exit_code
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        return 130
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_USER
    except BrokenPipeError:
        return EXIT_USER
    except Exception as exc:  # the one place a bug becomes exit 3
        if debug:
            traceback.print_exc()
        click.echo(
            f"internal error: {type(exc).__name__}: {exc}. This is a bug in ogsync; please "
            "report it with the output of the same command run with --debug.",
            err=True,
        )
        return EXIT_BUG
    return result if isinstance(result, int) else 0


def entrypoint() -> NoReturn:
    """The console script."""
    sys.exit(run(cli))
