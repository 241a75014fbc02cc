"""The sandbox as an in-process httpx transport (thread-safe, state in one SQLite file)."""

from __future__ import annotations

from pathlib import Path

import httpx

from ogsync.sandbox.core import Request, Sandbox
from ogsync.sandbox.faults import Faults


class SandboxTransport(httpx.BaseTransport):
    """Answers httpx requests from the sandbox kept in STATE_PATH; thread-safe; ignores the host."""

    def __init__(
        self, state_path: str | Path, *, api_key: str | None = None, faults: Faults | None = None
    ) -> None:
        self.sandbox = Sandbox(state_path, api_key=api_key, faults=faults)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        query: dict[str, list[str]] = {}
        for key, value in request.url.params.multi_items():
            query.setdefault(key, []).append(value)
        base = f"{request.url.scheme}://{request.url.netloc.decode('ascii')}"
        answer = self.sandbox.handle(
            Request(
                method=request.method,
                path=request.url.raw_path.decode("ascii").split("?", 1)[0],
                query=query,
                headers=dict(request.headers.items()),
                body=body,
                base_url=base,
            )
        )
        if answer.cut:
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response.", request=request
            )
        return httpx.Response(
            answer.status, headers=answer.headers, content=answer.body, request=request
        )

    def close(self) -> None:
        self.sandbox.close()
