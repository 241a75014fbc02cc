"""The account options shared by every command that talks to Opsgenie, and the client they make."""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import click

from ogsync.backend.opsgenie import AccountOptions, OpsgenieClient, open_client, resolve_account

__all__ = ["AccountOptions", "account_options", "make_client"]

F = TypeVar("F", bound=Callable[..., Any])

_OPTION_NAMES = ("api_url", "region", "api_key_file", "sandbox", "max_rps")

_OPTIONS = [
    click.option(
        "--api-url",
        metavar="URL",
        help="Opsgenie API base URL or bare host (overrides OPSGENIE_API_URL and ogsync.yaml).",
    ),
    click.option(
        "--region",
        type=click.Choice(["us", "eu"], case_sensitive=False),
        help="Opsgenie region: us (api.opsgenie.com) or eu (api.eu.opsgenie.com).",
    ),
    click.option(
        "--api-key-file",
        type=click.Path(dir_okay=False, path_type=Path),
        metavar="FILE",
        help="Read the API key from FILE instead of OPSGENIE_API_KEY.",
    ),
    click.option(
        "--sandbox",
        type=click.Path(dir_okay=False, path_type=Path),
        metavar="PATH",
        help="Use the embedded Opsgenie emulator, its state kept in PATH (no key needed).",
    ),
    click.option(
        "--max-rps",
        type=click.FloatRange(min=0, min_open=True),
        metavar="N",
        help="Requests per second at most (overrides maxRps in ogsync.yaml).",
    ),
]


def account_options(command: F) -> F:
    """Add the account flags to a click command; it receives them as `account=AccountOptions`."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        values = {name: kwargs.pop(name, None) for name in _OPTION_NAMES}
        if values["region"] is not None:
            values["region"] = str(values["region"]).lower()
        return command(*args, account=AccountOptions(**values), **kwargs)

    decorated: Any = wrapper
    for option in reversed(_OPTIONS):
        decorated = option(decorated)
    return decorated  # type: ignore[no-any-return]


def make_client(
    account: AccountOptions, settings: Mapping[str, Any], **client_options: Any
) -> OpsgenieClient:
    """Resolve the account (flags, environment, ogsync.yaml) and open a client for it.

    `client_options` go to `OpsgenieClient` (e.g. `max_attempts`, `timeout`).
    """
    resolved = resolve_account(account, settings or {}, os.environ)
    logging.getLogger("ogsync.http").debug(
        "account: %s (from %s), at most %s requests/s",
        resolved.base_url,
        resolved.url_source,
        resolved.max_rps,
    )
    return open_client(resolved, **client_options)
