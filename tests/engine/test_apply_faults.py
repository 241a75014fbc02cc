"""Apply under injected faults: retries, lost answers, rate limits, a killed process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest


def _counts(account) -> Counter[str]:
    """How many objects of each kind (and nested kind) the account holds, by name."""
    seen: Counter[str] = Counter()
    for user in account.get("/v2/users"):
        seen[f"user/{user['username']}"] += 1
    for team in account.get("/v2/teams"):
        seen[f"team/{team['name']}"] += 1
        for rule in account.get(f"/v2/teams/{team['id']}/routing-rules"):
            seen[f"team/{team['name']}/routing-rule/{rule['name']}"] += 1
    for sched in account.get("/v2/schedules", expand="rotation"):
        seen[f"schedule/{sched['name']}"] += 1
        for rot in sched.get("rotations") or []:
            seen[f"schedule/{sched['name']}/rotation/{rot['name']}"] += 1
    for esc in account.get("/v2/escalations"):
        seen[f"escalation/{esc['name']}"] += 1
    return seen


@pytest.mark.parametrize("seed_value", [1, 2])
def test_apply_converges_under_failures_and_rate_limit(multi, account, seed_value: int) -> None:
    env = {"OGSYNC_SANDBOX_FAULTS": f"fail_rate=0.2,rate_limit=60,seed={seed_value}"}
    first = multi.run(
        "apply",
        str(multi.root),
        "--sandbox",
        str(multi.state),
        "--auto-approve",
        "--max-rps",
        "30",
        env=env,
    )
    if first.code != 0:
        second = multi.run(
            "apply",
            str(multi.root),
            "--sandbox",
            str(multi.state),
            "--auto-approve",
            "--max-rps",
            "30",
            env=env,
        )
        assert second.code == 0, second.out + second.err
    assert multi.converged()
    duplicated = {name: n for name, n in _counts(account).items() if n > 1}
    assert duplicated == {}


def test_killed_apply_is_finished_by_the_next_run(multi, account) -> None:
    env = {**os.environ, "OGSYNC_SANDBOX_FAULTS": "latency_ms=40", "PYTHONUNBUFFERED": "1"}
    cmd = [
        sys.executable,
        "-m",
        "ogsync",
        "apply",
        str(multi.root),
        "--sandbox",
        str(multi.state),
        "--auto-approve",
        "--max-rps",
        "1000",
    ]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 20
    # Kill it once some, but not all, changes went through.
    while time.monotonic() < deadline:
        line = proc.stdout.readline().decode() if proc.stdout else ""
        if ": done" in line and "team/" in line:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert multi.plan("--detailed-exitcode").code == 2  # something was left to do
    result = multi.apply()
    assert result.code == 0, result.out + result.err
    assert multi.converged()
    assert {name: n for name, n in _counts(account).items() if n > 1} == {}
