"""The sandbox against the Opsgenie API description: the checker itself, and a schemathesis run."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
import sandbox_contract
from sandbox_contract import SPEC_PATH, Contract, require_spec
from sandbox_helpers import Served

# Every operation the sandbox implements, by the spec's operationId.
IMPLEMENTED = [
    "createUser",
    "listUsers",
    "getUser",
    "updateUser",
    "deleteUser",
    "listUserTeams",
    "createContact",
    "listContacts",
    "getContact",
    "updateContact",
    "deleteContact",
    "enableContact",
    "disableContact",
    "listNotificationRules",
    "createNotificationRule",
    "getNotificationRule",
    "updateNotificationRule",
    "deleteNotificationRule",
    "enableNotificationRule",
    "disableNotificationRule",
    "changeNotificationRuleOrder",
    "listNotificationRuleSteps",
    "createNotificationRuleStep",
    "getNotificationRuleStep",
    "updateNotificationRuleStep",
    "deleteNotificationRuleStep",
    "enableNotificationRuleStep",
    "disableNotificationRuleStep",
    "createTeam",
    "listTeams",
    "getTeam",
    "updateTeam",
    "deleteTeam",
    "addTeamMember",
    "deleteTeamMember",
    "createTeamRoutingRule",
    "listTeamRoutingRules",
    "getTeamRoutingRule",
    "updateTeamRoutingRule",
    "deleteTeamRoutingRule",
    "changeTeamRoutingRuleOrder",
    "listSchedules",
    "createSchedule",
    "getSchedule",
    "updateSchedule",
    "deleteSchedule",
    "createScheduleRotation",
    "listScheduleRotations",
    "getScheduleRotation",
    "updateScheduleRotation",
    "deleteScheduleRotation",
    "createScheduleOverride",
    "listScheduleOverride",
    "getScheduleOverride",
    "updateScheduleOverride",
    "deleteScheduleOverride",
    "listEscalations",
    "createEscalation",
    "getEscalation",
    "updateEscalation",
    "deleteEscalation",
    "listHeartBeats",
    "createHeartbeat",
    "getHeartbeat",
    "updateHeartbeat",
    "deleteHeartbeat",
    "enableHeartbeat",
    "disableHeartbeat",
    "ping",
    "getInfo",
]

# Checks run by schemathesis. Left out: negative_data_rejection and positive_data_acceptance (the
# sandbox is deliberately stricter than the spec: unknown fields, enum-like strings such as roles,
# phone formats and references are refused with 422, which the spec documents for each operation);
# missing_required_header and ignored_auth (auth is a header the run sets once for every request);
# use_after_free, ensure_resource_availability and object_level_authorization (stateful checks
# that need links the spec does not declare). Phase: fuzzing only; the coverage phase's body
# generator for createSchedule fails inside schemathesis under CPU load (flaky generation, before
# any request), and what it adds (unlisted methods such as TRACE -> 405) test_serve.py covers.
CHECKS = (
    "not_a_server_error,status_code_conformance,content_type_conformance,"
    "response_headers_conformance,response_schema_conformance"
)


def test_every_implemented_operation_is_in_the_spec() -> None:
    spec = require_spec()
    operation_ids = {
        op["operationId"]
        for path in spec["paths"].values()
        for method, op in path.items()
        if method != "parameters"
    }
    assert set(IMPLEMENTED) <= operation_ids


def test_the_checker_rejects_a_body_that_breaks_the_spec() -> None:
    contract = Contract(require_spec())
    request = httpx.Request("GET", "http://sandbox.ogsync.invalid/v2/teams")
    wrong = httpx.Response(
        200, json={"data": [{"id": 5}], "took": "slow", "requestId": "r"}, request=request
    )
    with pytest.raises(AssertionError, match="listTeams"):
        contract.check(wrong)
    right = httpx.Response(
        200,
        json={"data": [{"id": "5", "name": "T"}], "expandable": [], "took": 0.1, "requestId": "r"},
        request=request,
    )
    contract.check(right)
    assert contract.checked == [("listTeams", 200)]


def _problems(output: str) -> str:
    """The FAILURES and ERRORS sections of a schemathesis report, then its summary."""
    sections = [
        output[start : output.find("WARNINGS", start) if "WARNINGS" in output[start:] else None]
        for start in (output.find(" FAILURES "), output.find(" ERRORS "))
        if start >= 0
    ]
    return "\n".join(part[:6000] for part in sections) + output[-1500:]


def _schemathesis() -> str:
    found = shutil.which("schemathesis") or str(Path(sys.executable).with_name("schemathesis"))
    if not Path(found).exists():
        pytest.fail("schemathesis is a test dependency but its command is not installed")
    return found


def test_schemathesis_finds_no_server_error_and_no_spec_violation(
    serve: Callable[..., Served], tmp_path: Path
) -> None:
    require_spec()
    served = serve()
    command = [
        _schemathesis(),
        "run",
        str(SPEC_PATH),
        "--url",
        served.url,
        "--header",
        "Authorization: GenieKey schemathesis",
        "--checks",
        CHECKS,
        "--phases",
        "fuzzing",
        "--max-examples",
        "8",
        "--max-time",
        "20",
        "--seed",
        "1",
        "--workers",
        "2",
        "--generation-database",
        "none",
        "--no-color",
        "--report-dir",
        str(tmp_path / "report"),
    ]
    for operation_id in IMPLEMENTED:
        command += ["--include-operation-id", operation_id]
    run = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, _problems(run.stdout) + run.stderr[-2000:]
    assert "passed" in run.stdout
    assert served.stop() == 0


def test_an_absent_spec_skips_but_fails_under_ci(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sandbox_contract, "SPEC_PATH", tmp_path / "missing.json")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="shared folder is absent"):
        sandbox_contract.require_spec()
    assert sandbox_contract.load_contract() is None
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        sandbox_contract.require_spec()
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        sandbox_contract.load_contract()
