"""Which account to talk to: base URL, API key and pace from flags, environment and ogsync.yaml."""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from ogsync.backend.opsgenie.client import DEFAULT_MAX_RPS, OpsgenieClient
from ogsync.errors import AccountError

US_API_URL = "https://api.opsgenie.com"
EU_API_URL = "https://api.eu.opsgenie.com"
REGION_URLS = {"us": US_API_URL, "eu": EU_API_URL}
SANDBOX_API_URL = "http://sandbox.ogsync.invalid"
SANDBOX_API_KEY = "sandbox"
ALLOWED_SETTINGS_DOMAIN = "opsgenie.com"

ENV_API_URL = "OPSGENIE_API_URL"
ENV_API_KEY = "OPSGENIE_API_KEY"

MISSING_KEY_MESSAGE = (
    f"no Opsgenie API key: set {ENV_API_KEY}, or pass --api-key-file FILE, "
    "or use --sandbox PATH to work against the local emulator"
)


@dataclass(frozen=True)
class AccountOptions:
    """The account flags of a command, as given (None when not given)."""

    api_url: str | None = None
    region: str | None = None
    api_key_file: Path | None = None
    sandbox: Path | None = None
    max_rps: float | None = None


@dataclass(frozen=True)
class Account:
    """A resolved account: where to send requests, with which key, how fast."""

    base_url: str
    api_key: str = field(repr=False)
    max_rps: float
    url_source: str
    sandbox: Path | None = None


def resolve_account(
    options: AccountOptions, settings: Mapping[str, Any], environ: Mapping[str, str]
) -> Account:
    """Apply the precedence rules (flags, then environment, then ogsync.yaml, then default)."""
    max_rps = _max_rps(options, settings)
    if options.sandbox is not None:
        if options.api_url is not None or options.region is not None:
            raise AccountError("--sandbox cannot be combined with --api-url or --region")
        return Account(
            base_url=SANDBOX_API_URL,
            api_key=SANDBOX_API_KEY,
            max_rps=math.inf if max_rps is None else max_rps,
            url_source="--sandbox",
            sandbox=options.sandbox,
        )
    base_url, source = _base_url(options, settings, environ)
    return Account(
        base_url=base_url,
        api_key=_api_key(options, environ),
        max_rps=DEFAULT_MAX_RPS if max_rps is None else max_rps,
        url_source=source,
    )


def open_client(account: Account, **client_options: Any) -> OpsgenieClient:
    """An `OpsgenieClient` for a resolved account (the in-process sandbox for `--sandbox`)."""
    transport: httpx.BaseTransport | None = None
    if account.sandbox is not None:
        from ogsync.sandbox import Faults, SandboxTransport

        if not account.sandbox.parent.is_dir():
            raise AccountError(
                f"--sandbox {account.sandbox}: the folder {account.sandbox.parent} does not exist"
            )
        try:
            transport = SandboxTransport(account.sandbox, faults=Faults.from_env())
        except ValueError as exc:  # a malformed OGSYNC_SANDBOX_FAULTS
            raise AccountError(str(exc)) from None
        except (OSError, sqlite3.Error) as exc:
            raise AccountError(
                f"--sandbox {account.sandbox}: cannot keep the sandbox's state there ({exc})"
            ) from None
    return OpsgenieClient(
        account.base_url,
        account.api_key,
        transport=transport,
        max_rps=account.max_rps,
        **client_options,
    )


def normalise_api_url(value: str, setting: str) -> str:
    """A full base URL from a bare host or a URL; `setting` names the source in errors."""
    text = value.strip()
    if not text:
        raise AccountError(f"{setting}: the API URL is empty")
    if "://" not in text:
        text = f"https://{text}"
    try:
        url = httpx.URL(text)
    except httpx.InvalidURL as exc:
        raise AccountError(f"{setting}: {value!r} is not a valid URL ({exc})") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise AccountError(f"{setting}: {value!r} is not an http(s) URL with a host")
    if url.query or url.fragment or url.userinfo:
        raise AccountError(f"{setting}: {value!r} must be a plain URL (no user, query or fragment)")
    return str(url).rstrip("/")


def _base_url(
    options: AccountOptions, settings: Mapping[str, Any], environ: Mapping[str, str]
) -> tuple[str, str]:
    if options.api_url is not None and options.region is not None:
        raise AccountError("give either --api-url or --region, not both")
    if options.api_url is not None:
        return normalise_api_url(options.api_url, "--api-url"), "--api-url"
    if options.region is not None:
        return _region_url(options.region, "--region"), "--region"
    env_url = environ.get(ENV_API_URL, "").strip()
    if env_url:
        return normalise_api_url(env_url, ENV_API_URL), ENV_API_URL
    from_settings = _settings_url(settings)
    if from_settings is not None:
        return from_settings
    return US_API_URL, "default"


def _settings_url(settings: Mapping[str, Any]) -> tuple[str, str] | None:
    account = settings.get("account")
    if account is None:
        return None
    if not isinstance(account, Mapping):
        raise AccountError("ogsync.yaml: account: must be a mapping with region or apiUrl")
    region, api_url = account.get("region"), account.get("apiUrl")
    if region is not None and api_url is not None:
        raise AccountError("ogsync.yaml: account: give either region or apiUrl, not both")
    if region is not None:
        return _region_url(region, "ogsync.yaml: account.region"), "ogsync.yaml account.region"
    if api_url is not None:
        setting = "ogsync.yaml: account.apiUrl"
        if not isinstance(api_url, str):
            raise AccountError(f"{setting}: must be a string")
        return _opsgenie_only(normalise_api_url(api_url, setting), setting), setting
    return None


def _opsgenie_only(url: str, setting: str) -> str:
    """ogsync.yaml travels in pull requests: it may not send the key anywhere but Opsgenie."""
    parsed = httpx.URL(url)
    host = parsed.host.lower()
    under_opsgenie = host == ALLOWED_SETTINGS_DOMAIN or host.endswith("." + ALLOWED_SETTINGS_DOMAIN)
    if not under_opsgenie:
        raise AccountError(
            f"{setting}: {host!r} is not a host under {ALLOWED_SETTINGS_DOMAIN}; ogsync.yaml "
            f"may only point at Opsgenie (use --api-url or {ENV_API_URL} for other hosts)"
        )
    if parsed.scheme != "https":
        raise AccountError(f"{setting}: {url!r} must use https")
    return url


def _region_url(region: object, setting: str) -> str:
    key = region.strip().lower() if isinstance(region, str) else None
    if key not in REGION_URLS:
        choices = " or ".join(REGION_URLS)
        raise AccountError(f"{setting}: unknown region {region!r} (use {choices})")
    return REGION_URLS[key]


def _api_key(options: AccountOptions, environ: Mapping[str, str]) -> str:
    if options.api_key_file is not None:
        return _checked_key(_read_key_file(options.api_key_file), "--api-key-file")
    key = environ.get(ENV_API_KEY, "").strip()
    if not key:
        raise AccountError(MISSING_KEY_MESSAGE)
    return _checked_key(key, ENV_API_KEY)


def _checked_key(key: str, source: str) -> str:
    """An Opsgenie key is printable ASCII; anything else could not be sent in a header, and
    the error would show the key. The key itself is never part of the message."""
    if not all(33 <= ord(ch) <= 126 for ch in key):
        raise AccountError(
            f"{source}: the API key holds a character that cannot be sent (a space, a control "
            "character or a non-ASCII letter); check how it was copied"
        )
    return key


def _read_key_file(path: Path) -> str:
    try:
        key = path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise AccountError(f"--api-key-file: cannot read {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise AccountError(f"--api-key-file: {path} is not a text file") from None
    if not key:
        raise AccountError(f"--api-key-file: {path} is empty")
    if any(ch.isspace() for ch in key):
        raise AccountError(f"--api-key-file: {path} must hold only the key, on one line")
    return key


def _max_rps(options: AccountOptions, settings: Mapping[str, Any]) -> float | None:
    if options.max_rps is not None:
        if not options.max_rps > 0:
            raise AccountError("--max-rps: must be a positive number")
        return options.max_rps
    value = settings.get("maxRps")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise AccountError(f"ogsync.yaml: maxRps: must be a positive number, not {value!r}")
    return float(value)
