"""Injected faults for the sandbox: latency, a token-bucket rate limit, failures, a request log."""

from __future__ import annotations

import json
import os
import random
import threading
import time
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from ogsync.sandbox.core import Request, Response

ENV_VAR = "OGSYNC_SANDBOX_FAULTS"

Fault = Literal["500-before", "cut-before", "500-after", "cut-after"]
_FAULT_KINDS: tuple[Fault, ...] = ("500-before", "cut-before", "500-after", "cut-after")


class FaultSpecError(ValueError):
    """The fault specification (option or environment variable) is malformed."""


@dataclass(frozen=True)
class Faults:
    """What to inject: all off by default."""

    latency_ms: float = 0.0
    rate_limit: float | None = None
    fail_rate: float = 0.0
    seed: int | None = None
    request_log: str | None = None

    def __post_init__(self) -> None:
        if self.latency_ms < 0:
            raise FaultSpecError("latency_ms must be >= 0")
        if self.rate_limit is not None and self.rate_limit <= 0:
            raise FaultSpecError("rate_limit must be > 0 requests per second")
        if not 0.0 <= self.fail_rate <= 1.0:
            raise FaultSpecError("fail_rate must be between 0 and 1")

    @classmethod
    def parse(cls, text: str) -> Faults:
        """Read `latency_ms=20,rate_limit=50,fail_rate=0.2,seed=1,request_log=/tmp/log.jsonl`."""
        values: dict[str, object] = {}
        names = {f.name for f in fields(cls)}
        for item in filter(None, (part.strip() for part in text.split(","))):
            key, sep, raw = item.partition("=")
            key = key.strip().replace("-", "_")
            if not sep:
                raise FaultSpecError(f"{ENV_VAR}: {item!r} is not KEY=VALUE")
            if key not in names:
                raise FaultSpecError(
                    f"{ENV_VAR}: unknown key {key!r} in {item!r}; "
                    f"keys are {', '.join(sorted(names))}"
                )
            values[key] = _convert(key, raw.strip())
        return cls(**values)  # type: ignore[arg-type]

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Faults:
        """The faults named by the environment variable OGSYNC_SANDBOX_FAULTS (none if unset)."""
        env = os.environ if environ is None else environ
        return cls.parse(env.get(ENV_VAR, ""))


def _convert(key: str, raw: str) -> object:
    try:
        if key == "seed":
            return int(raw)
        if key == "request_log":
            return raw or None
        return float(raw)
    except ValueError:
        raise FaultSpecError(f"{ENV_VAR}: {key}={raw!r} is not a number") from None


class FaultState:
    """The running side of `Faults`: the bucket, the seeded random source, the log file."""

    def __init__(self, faults: Faults) -> None:
        self.faults = faults
        self._lock = threading.Lock()
        self._random = random.Random(faults.seed)
        self._tokens = faults.rate_limit or 0.0
        self._refilled = time.monotonic()

    def delay(self) -> None:
        if self.faults.latency_ms > 0:
            time.sleep(self.faults.latency_ms / 1000)

    def throttled(self) -> bool:
        """Take a token from the bucket (capacity: one second's worth); True when it is empty."""
        rate = self.faults.rate_limit
        if rate is None:
            return False
        with self._lock:
            now = time.monotonic()
            self._tokens = min(max(rate, 1.0), self._tokens + (now - self._refilled) * rate)
            self._refilled = now
            if self._tokens < 1.0:
                return True
            self._tokens -= 1.0
            return False

    def draw(self) -> Fault | None:
        """Decide, from the seeded sequence, whether this request fails and how."""
        if self.faults.fail_rate <= 0:
            return None
        with self._lock:
            hit = self._random.random() < self.faults.fail_rate
            kind = self._random.choice(_FAULT_KINDS)
        return kind if hit else None

    def log(self, request: Request, response: Response, ms: float) -> None:
        path = self.faults.request_log
        if path is None:
            return
        line = {
            "method": request.method,
            "path": request.path,
            "query": {k: v if len(v) > 1 else v[0] for k, v in request.query.items()},
            "status": None if response.cut else response.status,
            "ms": round(ms, 3),
        }
        if response.cut:
            line["fault"] = "connection cut"
        with self._lock, open(path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(line) + "\n")
