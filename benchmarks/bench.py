"""Benchmark of a no-change plan and an apply from empty, against `ogsync sandbox serve`.

For each size N it writes a config tree of N teams (3 members, 3 routing rules, a schedule
with 2 rotations and an escalation each), serves an empty sandbox in its own process at a set
latency and rate limit, and measures `ogsync apply` (from empty) and then `ogsync plan` (no
change): requests sent (from the sandbox's request log), wall time, the ogsync process's CPU
time and peak memory, beside the floor (requests / rate limit) and beside what a
per-resource refresh would send (one GET per team, routing rule, schedule, rotation,
escalation and user, the way the Terraform provider reads).

    python benchmarks/bench.py --sizes 10 100 1000 --rate-limit 100 --latency-ms 20
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen_tree import write_tree


@dataclass
class Run:
    """One measured ogsync command."""

    requests: int
    wall: float
    cpu: float
    peak_mb: float
    code: int


def per_resource_refresh(teams: int, notifications: bool) -> int:
    """GETs of a read that asks for each object on its own (teams, rules, schedules, ...);
    with notifications, also each user's contacts and each personal rule."""
    per_team = 1 + 3 + 1 + 2 + 1 + 3
    if notifications:
        per_team += 3 * (2 + 1)
    return teams * per_team


def log_lines(log: Path) -> int:
    if not log.exists():
        return 0
    with log.open("rb") as f:
        return sum(1 for _ in f)


def measure(cmd: list[str], env: dict[str, str], log: Path) -> Run:
    before = log_lines(log)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 2) and proc.stderr is not None:
        sys.stderr.write(proc.stderr.read().decode()[-2000:])
    return Run(
        requests=log_lines(log) - before,
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        peak_mb=usage.ru_maxrss / 1024,
        code=code,
    )


def serve(
    state: Path, log: Path, rate: float, latency: float
) -> tuple[subprocess.Popen[bytes], str]:
    cmd = [
        sys.executable,
        "-m",
        "ogsync",
        "sandbox",
        "serve",
        "--port",
        "0",
        "--state",
        str(state),
        "--request-log",
        str(log),
        "--rate-limit",
        str(rate),
        "--latency-ms",
        str(latency),
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdout is not None
    url = proc.stdout.readline().decode().strip()
    if not url.startswith("http"):
        proc.kill()
        raise SystemExit(f"sandbox did not start: {url!r}")
    return proc, url


def bench(
    teams: int, rate: float, latency: float, workdir: Path, notifications: bool
) -> dict[str, object]:
    tree = workdir / f"tree-{teams}"
    write_tree(tree, teams, notifications)
    state, log = workdir / f"state-{teams}.sqlite", workdir / f"requests-{teams}.jsonl"
    server, url = serve(state, log, rate, latency)
    env = {**os.environ, "OPSGENIE_API_KEY": "bench-key"}
    base = [sys.executable, "-m", "ogsync"]
    account = ["--api-url", url, "--max-rps", str(rate)]
    try:
        applied = measure(
            [*base, "apply", str(tree), *account, "--auto-approve", "--no-verify"], env, log
        )
        planned = measure([*base, "plan", str(tree), *account, "--detailed-exitcode"], env, log)
    finally:
        server.terminate()
        server.wait(timeout=10)
    refresh = per_resource_refresh(teams, notifications)
    return {
        "teams": teams,
        "rate_limit": rate,
        "latency_ms": latency,
        "plan": {**planned.__dict__, "floor_s": planned.requests / rate},
        "apply": {**applied.__dict__, "floor_s": applied.requests / rate},
        "per_resource_refresh_requests": refresh,
        "per_resource_refresh_floor_s": refresh / rate,
    }


def table(results: list[dict[str, object]]) -> str:
    rows = [
        "| teams | command | requests | floor (s) | wall (s) | wall / floor | CPU (s) | peak MB |"
        " per-resource refresh (requests) |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        for name in ("plan", "apply"):
            m = r[name]
            assert isinstance(m, dict)
            refresh = r["per_resource_refresh_requests"] if name == "plan" else ""
            rows.append(
                f"| {r['teams']} | {name} | {m['requests']} | {m['floor_s']:.1f} | "
                f"{m['wall']:.1f} | {m['wall'] / max(m['floor_s'], 1e-9):.2f} | "
                f"{m['cpu']:.2f} | {m['peak_mb']:.0f} | {refresh} |"
            )
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--rate-limit", type=float, default=100.0)
    parser.add_argument("--latency-ms", type=float, default=20.0)
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument(
        "--notifications",
        action="store_true",
        help="users with two contacts and a personal notification rule each",
    )
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            result = bench(size, args.rate_limit, args.latency_ms, Path(tmp), args.notifications)
            print(json.dumps(result), file=sys.stderr, flush=True)
            results.append(result)
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
