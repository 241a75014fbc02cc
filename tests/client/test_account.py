"""Account resolution: which URL, which key, how fast; through the shared click options."""

from __future__ import annotations

import math
import socket
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click
import pytest
import yaml
from click.testing import CliRunner

from ogsync.backend.opsgenie import (
    DEFAULT_MAX_RPS,
    EU_API_URL,
    SANDBOX_API_URL,
    US_API_URL,
    AccountOptions,
    resolve_account,
)
from ogsync.cli.account import account_options, make_client
from ogsync.cli.main import run
from ogsync.errors import AccountError

from .conftest import SECRET_KEY

KEY_ENV = {"OPSGENIE_API_KEY": SECRET_KEY}


@click.group()
def tool() -> None:
    """A minimal command group, built like ogsync's, that only connects to an account."""


@tool.command(name="whoami")
@click.option("--settings", "settings_file", type=click.Path(path_type=Path))
@click.option("--probe", is_flag=True, help="Also list the teams.")
@account_options
def whoami(settings_file: Path | None, probe: bool, account: AccountOptions) -> None:
    settings = yaml.safe_load(settings_file.read_text()) if settings_file else {}
    with make_client(account, settings or {}, max_attempts=2, backoff_base=0.01) as client:
        click.echo(f"url={client.base_url} rps={client.max_rps}")
        if probe:
            click.echo(f"teams={len(client.get('/v2/teams'))}")


def ogsync_like(*args: str, env: Mapping[str, str | None] | None = None) -> tuple[int, str, str]:
    """Run the test group through ogsync's own error mapping, as a user would see it."""
    clean: dict[str, str | None] = {"OPSGENIE_API_KEY": None, "OPSGENIE_API_URL": None}
    runner = CliRunner()
    with runner.isolation(env={**clean, **(env or {})}) as (out, err, *_):
        code = run(tool, list(args))
        return code, out.getvalue().decode(), err.getvalue().decode()


def resolve(
    settings: dict[str, Any] | None = None, env: dict[str, str] | None = None, **flags: Any
) -> tuple[str, str, float]:
    account = resolve_account(AccountOptions(**flags), settings or {}, env or KEY_ENV)
    return account.base_url, account.api_key, account.max_rps


def test_default_is_the_us_api() -> None:
    assert resolve() == (US_API_URL, SECRET_KEY, DEFAULT_MAX_RPS)


def test_region_flag_picks_the_eu_api() -> None:
    code, out, _ = ogsync_like("whoami", "--region", "EU", env=KEY_ENV)
    assert code == 0
    assert f"url={EU_API_URL} " in out


def test_api_url_flag_wins_over_environment_and_settings() -> None:
    env = {**KEY_ENV, "OPSGENIE_API_URL": "https://env.example.com"}
    settings = {"account": {"region": "eu"}}

    url, _, _ = resolve(settings, env, api_url="https://flag.example.com/")

    assert url == "https://flag.example.com"


def test_region_flag_wins_over_environment() -> None:
    env = {**KEY_ENV, "OPSGENIE_API_URL": "https://env.example.com"}
    assert resolve({}, env, region="eu")[0] == EU_API_URL


def test_environment_wins_over_settings_and_may_name_any_host() -> None:
    env = {**KEY_ENV, "OPSGENIE_API_URL": "http://127.0.0.1:8080"}
    url, _, _ = resolve({"account": {"apiUrl": "api.eu.opsgenie.com"}}, env)
    assert url == "http://127.0.0.1:8080"


@pytest.mark.parametrize(
    ("account", "expected"),
    [
        ({"region": "eu"}, EU_API_URL),
        ({"region": "us"}, US_API_URL),
        ({"apiUrl": "api.eu.opsgenie.com"}, EU_API_URL),
        ({"apiUrl": "https://api.opsgenie.com/"}, US_API_URL),
        ({"apiUrl": "opsgenie.com"}, "https://opsgenie.com"),
        ({}, US_API_URL),
    ],
)
def test_settings_name_the_account(account: dict[str, str], expected: str) -> None:
    assert resolve({"account": account})[0] == expected


@pytest.mark.parametrize(
    "api_url",
    [
        "https://evil.example.com",
        "evilopsgenie.com",
        "api.opsgenie.com.evil.example",
        "https://api.opsgenie.com@evil.example",
        "http://api.opsgenie.com",
    ],
)
def test_settings_may_only_point_at_opsgenie(api_url: str) -> None:
    with pytest.raises(AccountError) as caught:
        resolve({"account": {"apiUrl": api_url}})
    assert "account.apiUrl" in str(caught.value)


def test_settings_host_rule_through_the_cli(tmp_path: Path) -> None:
    settings = tmp_path / "ogsync.yaml"
    settings.write_text("account:\n  apiUrl: https://collector.example.net\n")

    code, out, err = ogsync_like("whoami", "--settings", str(settings), env=KEY_ENV)

    assert code == 1
    assert out == ""
    assert err.startswith("error: ogsync.yaml: account.apiUrl: 'collector.example.net' is not")
    assert err.count("\n") == 1


def test_bare_host_flag_means_https() -> None:
    assert resolve(api_url="api.eu.opsgenie.com")[0] == EU_API_URL


def test_api_url_and_region_together_are_refused() -> None:
    code, _, err = ogsync_like(
        "whoami", "--api-url", "https://a.example", "--region", "us", env=KEY_ENV
    )
    assert code == 1
    assert "either --api-url or --region" in err


def test_settings_with_region_and_api_url_are_refused() -> None:
    with pytest.raises(AccountError, match="either region or apiUrl"):
        resolve({"account": {"region": "eu", "apiUrl": "api.eu.opsgenie.com"}})


def test_unknown_region_in_settings_names_the_setting() -> None:
    with pytest.raises(AccountError, match=r"account\.region: unknown region 'ap'"):
        resolve({"account": {"region": "ap"}})


def test_key_file_is_stripped_and_wins_over_the_environment(tmp_path: Path) -> None:
    key_file = tmp_path / "key"
    key_file.write_text(f"  {SECRET_KEY}\n")

    _, key, _ = resolve({}, {"OPSGENIE_API_KEY": "from-env"}, api_key_file=key_file)

    assert key == SECRET_KEY


def test_empty_or_missing_key_file_is_a_clear_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.write_text("\n")
    with pytest.raises(AccountError, match="is empty"):
        resolve({}, {}, api_key_file=empty)
    with pytest.raises(AccountError, match="cannot read"):
        resolve({}, {}, api_key_file=tmp_path / "absent")


def test_missing_key_says_how_to_set_one() -> None:
    code, out, err = ogsync_like("whoami")

    assert code == 1
    assert out == ""
    assert err == (
        "error: no Opsgenie API key: set OPSGENIE_API_KEY, or pass --api-key-file FILE, "
        "or use --sandbox PATH to work against the local emulator\n"
    )


def test_max_rps_from_settings_and_the_flag_wins() -> None:
    assert resolve({"maxRps": 3})[2] == 3.0
    assert resolve({"maxRps": 3}, max_rps=7.5)[2] == 7.5


def test_max_rps_flag_through_the_cli() -> None:
    code, out, _ = ogsync_like("whoami", "--max-rps", "2.5", env=KEY_ENV)
    assert code == 0
    assert "rps=2.5" in out


def test_bad_max_rps_in_settings_is_refused() -> None:
    with pytest.raises(AccountError, match="maxRps"):
        resolve({"maxRps": 0})


def test_sandbox_needs_no_key_and_ignores_the_environment(tmp_path: Path) -> None:
    env = {"OPSGENIE_API_URL": "https://env.example.com"}
    code, out, err = ogsync_like("whoami", "--probe", "--sandbox", str(tmp_path / "sb.db"), env=env)

    assert code == 0, err
    assert out == f"url={SANDBOX_API_URL} rps=inf\nteams=0\n"
    assert resolve({}, {}, sandbox=tmp_path / "sb.db")[2] == math.inf


def test_sandbox_with_an_api_url_is_refused(tmp_path: Path) -> None:
    with pytest.raises(AccountError, match="--sandbox cannot be combined"):
        resolve({}, {}, sandbox=tmp_path / "sb.db", api_url="https://x.example")


def test_an_unreachable_api_is_one_line_and_exit_1() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]

    code, out, err = ogsync_like(
        "whoami", "--probe", "--api-url", f"http://127.0.0.1:{port}", env=KEY_ENV
    )

    assert code == 1
    assert err.startswith("error: GET /v2/teams: cannot reach 127.0.0.1: connection failed")
    assert err.count("\n") == 1
    assert "Traceback" not in err
    assert SECRET_KEY not in out + err


def test_resolved_account_repr_hides_the_key() -> None:
    account = resolve_account(AccountOptions(), {}, KEY_ENV)
    assert SECRET_KEY not in repr(account)
