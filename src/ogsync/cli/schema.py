"""`ogsync schema KIND`: prints the JSON Schema of a kind (or of ogsync.yaml) for editors."""

from __future__ import annotations

import difflib
import json

import click

from ogsync.config.schema import load_schema, schema_names
from ogsync.errors import OgsyncError


@click.command(name="schema")
@click.argument("kind", required=False)
def command(kind: str | None) -> None:
    """Print the JSON Schema of KIND (a kind such as team, or `ogsync` for ogsync.yaml).

    Without KIND, list the names. Point an editor at a saved copy, e.g.
    `ogsync schema team > .schemas/team.json` and, in a team file,
    `# yaml-language-server: $schema=../.schemas/team.json`.
    """
    names = schema_names()
    if kind is None:
        for name in names:
            click.echo(name)
        return
    if kind not in names:
        close = difflib.get_close_matches(kind, names, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise OgsyncError(f"unknown schema {kind!r}: {hint}one of {', '.join(names)}")
    click.echo(json.dumps(load_schema(kind), indent=2))
