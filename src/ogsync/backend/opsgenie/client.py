"""A thread-safe Opsgenie REST client: envelopes, typed errors, retries, pacing, paging."""

from __future__ import annotations

import json as jsonlib
import logging
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from types import TracebackType
from typing import Any, TypeVar

import httpx

from ogsync import __version__
from ogsync.backend.opsgenie.ratelimit import RateLimiter, backoff_delay, server_delay
from ogsync.errors import (
    ApiError,
    ApiTimeoutError,
    AuthError,
    ConflictError,
    LostCreateError,
    NotFoundError,
    PreconditionRequiredError,
    RateLimitedError,
    ServerError,
    UnprocessableError,
    UnreachableError,
)

DEFAULT_MAX_RPS = 10.0
DEFAULT_BACKOFF_BASE = 0.5
DEFAULT_BACKOFF_CAP = 30.0
REDACTED = "***"

log = logging.getLogger("ogsync.http")

T = TypeVar("T")
R = TypeVar("R")
Params = Mapping[str, Any]

_ERROR_CLASSES: dict[int, type[ApiError]] = {
    401: AuthError,
    403: AuthError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableError,
    428: PreconditionRequiredError,
    429: RateLimitedError,
}
_AUTH_HINTS = {
    401: "check the API key (OPSGENIE_API_KEY or --api-key-file)",
    403: "the API key lacks the rights for this request (it needs configuration access)",
}


def quote(name: str) -> str:
    """Escape one identifier for use as a path segment (`/`, spaces and unicode included)."""
    return urllib.parse.quote(name, safe="")


class _Secret:
    """Holds the API key so that no repr, log or traceback local shows it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return REDACTED


# Transport failures that happen before any byte of the request reaches the server.
_UNSENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


class OpsgenieClient:
    """Talks to one Opsgenie account (or the sandbox); safe to share between threads.

    Every method returns the unwrapped `data` of Opsgenie's envelope and raises a typed
    `ApiError` on failure. 429, 5xx and connection failures are retried with backoff, except
    that a non-idempotent POST whose outcome is unknown raises `LostCreateError` instead.
    `max_rps=math.inf` turns the client-side rate limit off.
    """

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        transport: httpx.BaseTransport | None = None,
        max_rps: float = DEFAULT_MAX_RPS,
        max_concurrency: int = 8,
        timeout: float = 30.0,
        max_attempts: int = 5,
        backoff_base: float = DEFAULT_BACKOFF_BASE,
        backoff_cap: float = DEFAULT_BACKOFF_CAP,
    ) -> None:
        if max_concurrency < 1:
            raise ValueError("max_concurrency must be at least 1")
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        self.base_url = base_url.rstrip("/")
        self.max_rps = max_rps
        self.max_concurrency = max_concurrency
        self.timeout = timeout
        self.max_attempts = max_attempts
        self._backoff_base = backoff_base
        self._backoff_cap = backoff_cap
        self._key = _Secret(api_key)
        self._host = httpx.URL(self.base_url).host or self.base_url
        self._limiter = RateLimiter(max_rps)
        self._slots = threading.BoundedSemaphore(max_concurrency)
        self._count_lock = threading.Lock()
        self._requests_sent = 0
        self._http = httpx.Client(
            base_url=self.base_url,
            transport=transport,
            timeout=httpx.Timeout(timeout),
            limits=httpx.Limits(
                max_connections=max_concurrency, max_keepalive_connections=max_concurrency
            ),
            headers={
                "Authorization": f"GenieKey {api_key}",
                "User-Agent": f"ogsync/{__version__}",
                "Accept": "application/json",
            },
            follow_redirects=False,
        )

    def __repr__(self) -> str:
        return (
            f"OpsgenieClient(base_url={self.base_url!r}, api_key={REDACTED!r}, "
            f"max_rps={self.max_rps!r}, max_concurrency={self.max_concurrency})"
        )

    # -- lifecycle ------------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection pool (and the transport, e.g. the sandbox's store)."""
        self._http.close()

    def __enter__(self) -> OpsgenieClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def requests_sent(self) -> int:
        """How many HTTP requests went out, retries included."""
        with self._count_lock:
            return self._requests_sent

    # -- verbs ----------------------------------------------------------------------------

    def get(self, path: str, params: Params | None = None) -> Any:
        """GET and return the envelope's `data`."""
        return _data(self.get_body(path, params))

    def get_body(self, path: str, params: Params | None = None) -> Any:
        """GET and return the whole response body (for paging fields such as `totalCount`)."""
        return self._call("GET", path, params=params, idempotent=True)

    def list_all(
        self, path: str, params: Params | None = None, *, page_size: int = 100
    ) -> list[Any]:
        """GET every page of a list (Opsgenie's `offset`/`limit`) and return all items."""
        items: list[Any] = []
        while True:
            query = {**(params or {}), "offset": len(items), "limit": page_size}
            body = self.get_body(path, query)
            page = _data(body)
            if not isinstance(page, list):
                raise self._unexpected("GET", path, "a list response without a `data` list")
            items.extend(page)
            if not _has_more(body, page, page_size, len(items)):
                return items

    def post(
        self,
        path: str,
        json: Any = None,
        params: Params | None = None,
        *,
        idempotent: bool = False,
    ) -> Any:
        """POST; a create (`idempotent=False`) is never re-sent when its outcome is unknown."""
        return _data(self._call("POST", path, params=params, json=json, idempotent=idempotent))

    def patch(self, path: str, json: Any = None, params: Params | None = None) -> Any:
        """PATCH and return the envelope's `data`."""
        return _data(self._call("PATCH", path, params=params, json=json, idempotent=True))

    def put(self, path: str, json: Any = None, params: Params | None = None) -> Any:
        """PUT and return the envelope's `data`."""
        return _data(self._call("PUT", path, params=params, json=json, idempotent=True))

    def delete(self, path: str, params: Params | None = None) -> Any:
        """DELETE and return the envelope's `data` (None when there is none)."""
        return _data(self._call("DELETE", path, params=params, idempotent=True))

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> list[R]:
        """Run `fn` over `items` on up to `max_concurrency` threads; results in input order.

        Every call runs to completion; then the error of the earliest failing item (in
        input order) is raised.
        """
        work = list(items)
        if not work:
            return []
        workers = min(self.max_concurrency, len(work))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ogsync-http") as pool:
            futures = [pool.submit(fn, item) for item in work]
        for future in futures:
            error = future.exception()
            if error is not None:
                raise error
        return [future.result() for future in futures]

    # -- the retry loop -------------------------------------------------------------------

    def _call(
        self,
        method: str,
        path: str,
        *,
        params: Params | None = None,
        json: Any = None,
        idempotent: bool,
    ) -> Any:
        query = _clean_params(params)
        outcome_unknown = False  # an earlier attempt may have been carried out
        for attempt in range(1, self.max_attempts + 1):
            last = attempt == self.max_attempts
            try:
                response = self._send(method, path, query, json, attempt)
            except httpx.TransportError as exc:
                unsent = isinstance(exc, _UNSENT)
                if not (unsent or idempotent):
                    raise self._lost_create(method, path, _describe(exc, self.timeout)) from exc
                outcome_unknown = outcome_unknown or not unsent
                if last:
                    raise self._unreachable(method, path, exc, attempt) from exc
                self._sleep(backoff_delay(attempt, self._backoff_base, self._backoff_cap))
                continue
            status = response.status_code
            if status < 400:
                self._limiter.succeeded()
                return self._body(method, path, response)
            if status >= 500 and not idempotent:
                raise self._lost_create(method, path, f"HTTP {status} from {self._host}")
            if status == 404 and method == "DELETE" and outcome_unknown:
                return None  # an earlier attempt whose answer was lost did the delete
            if last or not (status == 429 or status >= 500):
                raise self._error(method, path, response, attempt)
            outcome_unknown = outcome_unknown or status >= 500
            self._wait_before_retry(attempt, response)
        raise AssertionError("unreachable: the loop returns or raises on its last attempt")

    def _send(
        self, method: str, path: str, query: dict[str, str], json: Any, attempt: int
    ) -> httpx.Response:
        """One attempt: wait for a concurrency slot and the pace, send, log."""
        shown = path + ("?" + urllib.parse.urlencode(query) if query else "")
        with self._slots:
            self._limiter.acquire()
            with self._count_lock:
                self._requests_sent += 1
            started = time.monotonic()
            try:
                response = self._http.request(method, path, params=query or None, json=json)
            except httpx.UnsupportedProtocol as exc:
                raise ApiError(
                    f"cannot talk to {self.base_url}: the URL must start with https:// or http://",
                    method=method,
                    path=path,
                ) from exc
            except httpx.TransportError as exc:
                self._log(method, shown, type(exc).__name__, started, attempt)
                raise
        self._log(method, shown, str(response.status_code), started, attempt)
        return response

    def _log(self, method: str, shown: str, outcome: str, started: float, attempt: int) -> None:
        elapsed_ms = (time.monotonic() - started) * 1000
        log.debug("%s %s -> %s %.0f ms (attempt %d)", method, shown, outcome, elapsed_ms, attempt)

    def _wait_before_retry(self, attempt: int, response: httpx.Response) -> None:
        """Back off; a 429 pauses every thread (and slows the pace), a 5xx only this one."""
        jittered = backoff_delay(attempt, self._backoff_base, self._backoff_cap)
        asked = server_delay(response.headers)
        wait = jittered if asked is None else max(asked, jittered)
        if response.status_code == 429:
            self._limiter.throttled(wait)  # the next acquire() waits it out
        else:
            self._sleep(wait)

    def _sleep(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)

    # -- responses and errors -------------------------------------------------------------

    def _body(self, method: str, path: str, response: httpx.Response) -> Any:
        if not response.content.strip():
            return None
        try:
            return response.json()
        except (ValueError, UnicodeDecodeError):
            raise self._unexpected(method, path, "a response that is not JSON") from None

    def _redact(self, text: str) -> str:
        key = self._key.reveal()
        if key:
            text = text.replace(key, REDACTED)
        return " ".join(text.split())

    def _error(self, method: str, path: str, response: httpx.Response, attempts: int) -> ApiError:
        status = response.status_code
        body = _json_or_none(response)
        fields = body if isinstance(body, dict) else {}
        message = fields.get("message")
        if not isinstance(message, str) or not message.strip():
            message = response.reason_phrase or "error"
        hint = _AUTH_HINTS.get(status)
        if hint:
            message = f"{message}; {hint}"
        if status == 429 or status >= 500:
            message = f"{message} (gave up after {attempts} attempts)"
        request_id = fields.get("requestId") or response.headers.get("x-request-id")
        cls = _ERROR_CLASSES.get(status, ServerError if status >= 500 else ApiError)
        return cls(
            self._redact(message),
            status=status,
            request_id=str(request_id) if request_id else None,
            errors=self._field_errors(fields.get("errors")),
            method=method,
            path=path,
        )

    def _field_errors(self, raw: Any) -> dict[str, str]:
        if not isinstance(raw, dict):
            return {}
        return {self._redact(str(k)): self._redact(_as_text(v)) for k, v in raw.items()}

    def _unreachable(
        self, method: str, path: str, exc: httpx.TransportError, attempts: int
    ) -> UnreachableError:
        cls = ApiTimeoutError if isinstance(exc, httpx.TimeoutException) else UnreachableError
        reason = _describe(exc, self.timeout)
        tries = "1 attempt" if attempts == 1 else f"{attempts} attempts"
        what = "cannot reach" if isinstance(exc, _UNSENT) else "no answer from"
        return cls(
            self._redact(f"{what} {self._host}: {reason} (gave up after {tries})"),
            method=method,
            path=path,
        )

    def _lost_create(self, method: str, path: str, reason: str) -> LostCreateError:
        return LostCreateError(
            self._redact(
                f"the outcome of this create is unknown ({reason}); it was not re-sent, "
                "look the object up by name before creating it again"
            ),
            method=method,
            path=path,
        )

    def _unexpected(self, method: str, path: str, what: str) -> ApiError:
        return ApiError(f"{self._host} sent {what}", method=method, path=path)


def _data(body: Any) -> Any:
    return body.get("data") if isinstance(body, dict) else None


def _has_more(body: Any, page: list[Any], page_size: int, seen: int) -> bool:
    """Whether another page follows, by every signal Opsgenie gives."""
    if len(page) < page_size or not page:
        return False
    total = body.get("totalCount")
    if isinstance(total, int) and seen >= total:
        return False
    paging = body.get("paging")
    return not (isinstance(paging, dict) and not paging.get("next"))


def _clean_params(params: Params | None) -> dict[str, str]:
    if not params:
        return {}
    return {key: _param_text(value) for key, value in params.items() if value is not None}


def _param_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _json_or_none(response: httpx.Response) -> Any:
    try:
        return response.json()
    except (ValueError, UnicodeDecodeError):
        return None


def _as_text(value: Any) -> str:
    return value if isinstance(value, str) else jsonlib.dumps(value, ensure_ascii=False)


def _describe(exc: httpx.TransportError, timeout: float) -> str:
    """A short, key-free description of what went wrong on the wire."""
    if isinstance(exc, httpx.TimeoutException):
        return f"no answer within {timeout:g}s ({_timeout_phase(exc)})"
    if isinstance(exc, httpx.ConnectError):
        return f"connection failed ({_first_line(exc) or 'refused'})"
    if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError | httpx.WriteError):
        return f"the connection dropped ({_first_line(exc) or type(exc).__name__})"
    return _first_line(exc) or type(exc).__name__


def _timeout_phase(exc: httpx.TimeoutException) -> str:
    phases: list[tuple[type[httpx.TimeoutException], str]] = [
        (httpx.ConnectTimeout, "connecting"),
        (httpx.ReadTimeout, "waiting for the response"),
        (httpx.WriteTimeout, "sending the request"),
        (httpx.PoolTimeout, "waiting for a free connection"),
    ]
    return next((name for cls, name in phases if isinstance(exc, cls)), "timeout")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else ""


__all__ = ["DEFAULT_MAX_RPS", "OpsgenieClient", "quote"]
