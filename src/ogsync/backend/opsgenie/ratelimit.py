"""Client-side pacing and backoff: a shared token schedule, 429 pauses, jittered retry delays."""

from __future__ import annotations

import math
import random
import threading
import time
from collections.abc import Mapping
from email.utils import parsedate_to_datetime

# The slowest the limiter falls to after repeated 429s, in requests per second.
MIN_ADAPTIVE_RPS = 0.5
# Never wait longer than this for one retry, whatever the server asks for.
MAX_SERVER_DELAY = 300.0


class RateLimiter:
    """Keeps every thread of a client together under `max_rps`, spacing requests evenly.

    A 429 pauses all threads for the delay the server asked for and halves the pace;
    each success then raises it back a little at a time towards `max_rps`.
    `math.inf` means no client-side limit (429 pauses still apply).
    """

    def __init__(self, max_rps: float) -> None:
        if not max_rps > 0:
            raise ValueError("max_rps must be positive")
        self._max_rps = max_rps
        self._rps = max_rps
        self._next_slot = 0.0
        self._paused_until = 0.0
        self._lock = threading.Lock()

    @property
    def current_rps(self) -> float:
        """The pace in use now (below `max_rps` after recent 429s)."""
        return self._rps

    def acquire(self) -> None:
        """Block until this thread may send its next request."""
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next_slot, self._paused_until)
            if math.isfinite(self._rps):
                self._next_slot = start + 1.0 / self._rps
        wait = start - now
        if wait > 0:
            time.sleep(wait)

    def throttled(self, delay: float) -> None:
        """The server answered 429: pause everyone for `delay` seconds and slow down."""
        with self._lock:
            self._paused_until = max(self._paused_until, time.monotonic() + delay)
            if math.isfinite(self._rps):
                self._rps = min(self._max_rps, max(MIN_ADAPTIVE_RPS, self._rps / 2))

    def succeeded(self) -> None:
        """A request went through: creep back towards the configured pace."""
        with self._lock:
            if self._rps < self._max_rps:
                self._rps = min(self._max_rps, self._rps * 1.05 + 0.05)


def backoff_delay(attempt: int, base: float, cap: float) -> float:
    """Exponential backoff with jitter for the retry after failed attempt number `attempt`."""
    ceiling = min(cap, base * 2.0 ** (attempt - 1))
    return ceiling / 2 + random.uniform(0, ceiling / 2)


def server_delay(headers: Mapping[str, str]) -> float | None:
    """The wait a response asks for, from `Retry-After` or `X-RateLimit-Period-In-Sec`."""
    delays: list[float] = [
        parsed
        for parsed in (
            _seconds_or_date(headers.get("retry-after")),
            _seconds_or_date(headers.get("x-ratelimit-period-in-sec")),
        )
        if parsed is not None
    ]
    return min(max(delays), MAX_SERVER_DELAY) if delays else None


def _seconds_or_date(value: str | None) -> float | None:
    if value is None or not value.strip():
        return None
    try:
        seconds = float(value)
    except ValueError:
        return _seconds_until(value)
    return max(0.0, seconds) if math.isfinite(seconds) else None


def _seconds_until(http_date: str) -> float | None:
    try:
        moment = parsedate_to_datetime(http_date)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        return None
    return max(0.0, moment.timestamp() - time.time())
