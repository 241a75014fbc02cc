"""The sandbox over real HTTP: a ThreadingHTTPServer around the same request-handling core."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ogsync.sandbox.core import Request, Sandbox
from ogsync.sandbox.faults import Faults


class SandboxServer(ThreadingHTTPServer):
    """An HTTP server whose every request is answered by one `Sandbox`."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(
        self,
        host: str,
        port: int,
        state_path: str | Path,
        *,
        api_key: str | None = None,
        faults: Faults | None = None,
    ) -> None:
        self.sandbox = Sandbox(state_path, api_key=api_key, faults=faults)
        super().__init__((host, port), _Handler)

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        text = host.decode() if isinstance(host, bytes) else str(host)
        shown = f"[{text}]" if ":" in text else text
        return f"http://{shown}:{port}"

    def server_close(self) -> None:
        super().server_close()
        self.sandbox.close()


class _Handler(BaseHTTPRequestHandler):
    server: SandboxServer
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; with Nagle's algorithm on, a keep-alive
    # client then waits for the delayed ACK (about 40 ms) on every request.
    disable_nagle_algorithm = True

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        parts = urlsplit(self.path)
        host = self.headers.get("Host") or self.server.base_url.removeprefix("http://")
        answer = self.server.sandbox.handle(
            Request(
                method=self.command,
                path=parts.path,
                query=parse_qs(parts.query, keep_blank_values=True),
                headers=dict(self.headers.items()),
                body=body,
                base_url=f"http://{host}",
            )
        )
        if answer.cut:
            self.close_connection = True
            return
        self.send_response(answer.status)
        for key, value in answer.headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(answer.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(answer.body)

    def __getattr__(self, name: str) -> Any:
        """Every method reaches the core, which answers 405 (or 404) for those it does not serve."""
        if name.startswith("do_"):
            return self._serve
        raise AttributeError(name)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the request log is the `--request-log` option."""
