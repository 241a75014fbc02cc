"""The one place errors become exit codes: user errors 1, bugs 3 with one line, no traceback."""

from __future__ import annotations

import pytest

import ogsync.cli.validate as validate_command


def _explode(*_args: object, **_kwargs: object) -> None:
    raise RuntimeError("boom")


def test_a_bug_exits_3_with_one_line_and_no_traceback(ogsync, tree, monkeypatch) -> None:
    monkeypatch.setattr(ogsync_validate(), "validate", _explode)
    result = ogsync("validate", str(tree({"teams/a.yaml": "name: A\n"})))
    assert result.code == 3
    assert result.err.count("\n") == 1
    assert "internal error: RuntimeError: boom" in result.err
    assert "please report it" in result.err
    assert "Traceback" not in result.err


def test_debug_shows_the_traceback_of_a_bug(ogsync, tree, monkeypatch) -> None:
    monkeypatch.setattr(ogsync_validate(), "validate", _explode)
    result = ogsync("--debug", "validate", str(tree({"teams/a.yaml": "name: A\n"})))
    assert result.code == 3
    assert "Traceback" in result.err
    assert "RuntimeError: boom" in result.err


def ogsync_validate():  # the module whose `validate` the command calls
    return validate_command


def test_version(ogsync) -> None:
    result = ogsync("--version")
    assert result.code == 0
    assert result.out.startswith("ogsync, version ")


@pytest.mark.parametrize("args", [["nonsense"], ["plan", "--format", "xml"]])
def test_usage_errors_exit_1(ogsync, args: list[str]) -> None:
    result = ogsync(*args)
    assert result.code == 1
    assert "Traceback" not in result.err


def test_bad_now_is_a_usage_error(ogsync) -> None:
    result = ogsync("--now", "yesterday", "validate", ".")
    assert result.code == 1
    assert "is not an ISO-8601 instant" in result.err


def test_no_colour_without_a_terminal(ogsync, tree) -> None:
    root = tree({"teams/a.yaml": "name: A\n"})
    result = ogsync("plan", str(root), "--sandbox", str(root / "s.sqlite"))
    assert result.code == 0, result.err
    assert "+ team/A" in result.out
    assert "\x1b[" not in result.out


def test_sandbox_state_that_is_not_a_database(ogsync, tree, tmp_path) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_text("not sqlite")
    result = ogsync("plan", str(tree({"teams/a.yaml": "name: A\n"})), "--sandbox", str(bad))
    assert result.code == 1
    assert f"error: --sandbox {bad}: cannot keep the sandbox's state there" in result.err
    assert "Traceback" not in result.err


def test_malformed_fault_variable(ogsync, tree, tmp_path) -> None:
    root = tree({"teams/a.yaml": "name: A\n"})
    result = ogsync(
        "plan",
        str(root),
        "--sandbox",
        str(tmp_path / "s.sqlite"),
        env={"OGSYNC_SANDBOX_FAULTS": "fail_rate"},
    )
    assert result.code == 1
    assert "OGSYNC_SANDBOX_FAULTS: 'fail_rate' is not KEY=VALUE" in result.err


def test_debug_logs_each_request_and_never_the_key(ogsync, tree, tmp_path) -> None:
    root = tree({"teams/a.yaml": "name: A\n"})
    state = str(tmp_path / "s.sqlite")
    result = ogsync("--debug", "apply", str(root), "--sandbox", state, "--auto-approve")
    assert result.code == 0, result.err
    assert "debug: account: http://sandbox.ogsync.invalid (from --sandbox)" in result.err
    assert "debug: GET /v2/teams -> 200" in result.err
    assert "debug: POST /v2/teams -> 201" in result.err
    assert "GenieKey" not in result.err + result.out


def test_unknown_fault_key_is_named(ogsync, tree, tmp_path) -> None:
    root = tree({"teams/a.yaml": "name: A\n"})
    result = ogsync(
        "plan",
        str(root),
        "--sandbox",
        str(tmp_path / "s.sqlite"),
        env={"OGSYNC_SANDBOX_FAULTS": "bogus=1"},
    )
    assert result.code == 1
    assert "OGSYNC_SANDBOX_FAULTS: unknown key 'bogus' in 'bogus=1'" in result.err


@pytest.mark.parametrize("key", ["some-secret-v\u00e4lue", "some-secret-value\r\nX: y"])
def test_a_key_that_cannot_be_sent_is_refused_without_showing_it(ogsync, tree, key) -> None:
    root = tree({"teams/a.yaml": "name: A\n"})
    result = ogsync(
        "plan", str(root), "--api-url", "http://127.0.0.1:9", env={"OPSGENIE_API_KEY": key}
    )
    assert result.code == 1
    assert "OPSGENIE_API_KEY: the API key holds a character that cannot be sent" in result.err
    assert "secret" not in result.err + result.out
