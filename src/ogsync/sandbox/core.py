"""The request-handling core of the sandbox: routing, auth, envelopes, faults, request log."""

from __future__ import annotations

import itertools
import json
import re
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from ogsync.sandbox.faults import Faults, FaultState
from ogsync.sandbox.store import Store, Tx

ACCOUNT_NAME = "sandbox"
ACCOUNT_TIMEZONE = "America/New_York"
ACCOUNT_LOCALE = "en_US"

Json = dict[str, Any]


class ApiFault(Exception):
    """An Opsgenie-style error answer: status, message and, for 422, per-field errors."""

    def __init__(self, status: int, message: str, errors: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.errors = errors or {}


def not_found(what: str) -> ApiFault:
    return ApiFault(404, f"{what} does not exist")


def unprocessable(message: str, errors: dict[str, str] | None = None) -> ApiFault:
    return ApiFault(422, message, errors)


@dataclass
class Reply:
    """A handler's answer: status and the body without `took` and `requestId`."""

    status: int
    body: Json


def toggled(enabled: bool) -> Reply:
    """The answer of an enable or disable endpoint."""
    return Reply(200, {"result": "Enabled" if enabled else "Disabled"})


@dataclass
class Request:
    """One HTTP request as the core sees it: method, decoded path segments, query, headers, body."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    base_url: str = "http://sandbox.ogsync.invalid"

    @property
    def segments(self) -> list[str]:
        return [unquote(part) for part in self.path.strip("/").split("/")] if self.path else []


@dataclass
class Response:
    """What the transport or server sends back; `cut` means: drop the connection, send nothing."""

    status: int
    headers: dict[str, str]
    body: bytes
    cut: bool = False


@dataclass
class Ctx:
    """Everything a route handler needs for one request."""

    tx: Tx
    params: dict[str, str]
    query: dict[str, list[str]]
    raw_body: bytes
    request_id: str
    now: datetime
    base_url: str
    read_seq: int
    _json: Any = field(default=None, init=False)
    _parsed: bool = field(default=False, init=False)

    def arg(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[-1] if values else None

    def expand(self) -> set[str]:
        """The comma-separated values of every `expand` query parameter."""
        return {part.strip() for value in self.query.get("expand", []) for part in value.split(",")}

    def body(self) -> Json:
        """The JSON body as an object; an empty body is `{}`."""
        if not self._parsed:
            self._json = parse_json_body(self.raw_body)
            self._parsed = True
        if not isinstance(self._json, dict):
            raise unprocessable("Request body must be a JSON object")
        return self._json


def parse_json_body(raw: bytes) -> Any:
    if not raw.strip():
        return {}
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApiFault(400, f"Invalid JSON body: {exc}") from None


Handler = Callable[[Ctx], Reply]


@dataclass
class Route:
    method: str
    parts: list[str]
    handler: Handler
    write: bool


ROUTES: list[Route] = []


def route(method: str, template: str, *, write: bool | None = None) -> Callable[[Handler], Handler]:
    """Register a handler for METHOD on a path template like `/v2/users/{identifier}`."""

    def register(handler: Handler) -> Handler:
        parts = template.strip("/").split("/")
        writes = method != "GET" if write is None else write
        ROUTES.append(Route(method, parts, handler, write=writes))
        return handler

    return register


def _match(parts: list[str], segments: list[str]) -> dict[str, str] | None:
    if len(parts) != len(segments):
        return None
    params: dict[str, str] = {}
    for part, seg in zip(parts, segments, strict=True):
        if part.startswith("{"):
            if not seg:
                return None
            params[part[1:-1]] = seg
        elif part != seg:
            return None
    return params


def find_route(method: str, segments: list[str]) -> tuple[Route, dict[str, str]]:
    allowed: list[str] = []
    for candidate in ROUTES:
        params = _match(candidate.parts, segments)
        if params is None:
            continue
        if candidate.method == method:
            return candidate, params
        allowed.append(candidate.method)
    if allowed:
        raise MethodNotAllowed(sorted(set(allowed)))
    raise ApiFault(404, "No such endpoint: /" + "/".join(segments))


class MethodNotAllowed(ApiFault):
    def __init__(self, allowed: list[str]) -> None:
        super().__init__(405, "Request method is not supported for this endpoint")
        self.allowed = allowed


_GENIE_KEY = re.compile(r"^GenieKey\s+(\S.*)$", re.IGNORECASE)


class Sandbox:
    """The emulator: state file, optional API key, faults; `handle` answers one request."""

    def __init__(
        self, state_path: str | Path, *, api_key: str | None = None, faults: Faults | None = None
    ) -> None:
        _load_routes()
        self.store = Store(state_path)
        self.api_key = api_key
        self.faults = FaultState(faults or Faults())
        self._reads = itertools.count()
        self._lock = threading.Lock()

    def handle(self, request: Request) -> Response:
        started = time.monotonic()
        request_id = str(uuid.uuid4())
        self.faults.delay()
        response = self._answer(request, request_id, started)
        self.faults.log(request, response, (time.monotonic() - started) * 1000)
        return response

    def _answer(self, request: Request, request_id: str, started: float) -> Response:
        if self.faults.throttled():
            return _error_response(
                ApiFault(
                    429,
                    "You are making too many requests! To avoid errors, we recommend you "
                    "limit requests.",
                ),
                request_id,
                started,
                extra={
                    "X-RateLimit-State": "THROTTLED",
                    "X-RateLimit-Reason": "ACCOUNT",
                    "X-RateLimit-Period-In-Sec": "1",
                },
            )
        fault = self.faults.draw()
        if fault == "cut-before":
            return Response(0, {}, b"", cut=True)
        if fault == "500-before":
            return _error_response(ApiFault(500, "Internal Server Error"), request_id, started)
        try:
            self._authenticate(request.headers)
            found, params = find_route(request.method, request.segments)
            reply = self._run(found, params, request, request_id)
        except ApiFault as exc:
            extra = {"Allow": ", ".join(exc.allowed)} if isinstance(exc, MethodNotAllowed) else {}
            return _error_response(exc, request_id, started, extra=extra)
        if fault == "cut-after":
            return Response(0, {}, b"", cut=True)
        if fault == "500-after":
            return _error_response(ApiFault(500, "Internal Server Error"), request_id, started)
        return _json_response(reply.status, reply.body, request_id, started)

    def _authenticate(self, headers: dict[str, str]) -> None:
        value = next((v for k, v in headers.items() if k.lower() == "authorization"), "")
        matched = _GENIE_KEY.match(value.strip())
        if matched is None or (self.api_key is not None and matched.group(1) != self.api_key):
            raise ApiFault(401, "Could not authenticate")

    def _run(self, found: Route, params: dict[str, str], request: Request, rid: str) -> Reply:
        with self._lock:
            read_seq = next(self._reads)
        with self.store.transaction(write=found.write) as tx:
            ctx = Ctx(
                tx=tx,
                params=params,
                query=request.query,
                raw_body=request.body,
                request_id=rid,
                now=datetime.now(UTC),
                base_url=request.base_url.rstrip("/"),
                read_seq=read_seq,
            )
            return found.handler(ctx)

    def reset(self) -> None:
        """Forget every object (the `sandbox reset` command)."""
        with self.store.transaction(write=True) as tx:
            tx.clear()

    def close(self) -> None:
        self.store.close()


def _envelope(body: Json, request_id: str, started: float) -> bytes:
    took = round(time.monotonic() - started, 3)
    return json.dumps({**body, "took": took, "requestId": request_id}).encode()


def _headers(
    request_id: str, started: float, extra: dict[str, str] | None = None
) -> dict[str, str]:
    headers = {
        "Content-Type": "application/json",
        "X-Request-ID": request_id,
        "X-Response-Time": f"{time.monotonic() - started:.3f}",
    }
    headers.update(extra or {})
    return headers


def _json_response(status: int, body: Json, request_id: str, started: float) -> Response:
    extra = {"X-RateLimit-State": "OK"}
    return Response(
        status, _headers(request_id, started, extra), _envelope(body, request_id, started)
    )


def _error_response(
    exc: ApiFault, request_id: str, started: float, extra: dict[str, str] | None = None
) -> Response:
    body: Json = {"message": exc.message}
    if exc.errors:
        body["errors"] = exc.errors
    return Response(
        exc.status, _headers(request_id, started, extra), _envelope(body, request_id, started)
    )


_ROUTES_LOADED = False


def _load_routes() -> None:
    """Import the route modules once; each registers its handlers with `route`."""
    global _ROUTES_LOADED
    if _ROUTES_LOADED:
        return
    from ogsync.sandbox import (  # noqa: F401
        routes_escalations,
        routes_heartbeats,
        routes_schedules,
        routes_teams,
        routes_users,
    )

    _ROUTES_LOADED = True
