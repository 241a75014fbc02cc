"""`ogsync new`: not built yet."""

from __future__ import annotations

import click

from ogsync.errors import OgsyncError


@click.command(name="new", context_settings={"ignore_unknown_options": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def command(args: tuple[str, ...]) -> None:
    """(not built yet)"""
    raise OgsyncError("ogsync new is not built yet")
