"""HTTPS plumbing of the emulator: TLS servers on loopback, routing, recording, latency and faults."""
from __future__ import annotations

import base64
import json
import re
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Optional
from urllib.parse import parse_qs, urlsplit

REDACTED_HEADERS = {"authorization", "cookie"}


@dataclass
class Request:
    """One request as a route handler sees it."""

    host: str
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        """The body parsed as JSON (None when empty)."""
        return json.loads(self.body.decode("utf-8")) if self.body else None


@dataclass
class Response:
    """What a handler answers."""

    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)

    def encoded(self) -> tuple[bytes, str]:
        """The body as bytes and its content type."""
        if isinstance(self.body, bytes):
            return self.body, self.headers.get("Content-Type", "application/octet-stream")
        if isinstance(self.body, str):
            return self.body.encode("utf-8"), self.headers.get("Content-Type", "text/plain; charset=utf-8")
        if self.body is None:
            return b"", "application/json"
        return json.dumps(self.body).encode("utf-8"), "application/json; charset=utf-8"


Handler = Callable[[Request, "re.Match[str]"], Response]


@dataclass
class Fault:
    """An injected fault: matching requests get this instead of the real answer."""

    pattern: str                  # regex searched in "METHOD host/path"
    status: int = 500
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    count: Optional[int] = None   # how many times; None = forever
    delay_ms: int = 0             # wait before answering
    action: str = "respond"       # respond | reset | hang | garbage (non-HTTP bytes, then close)
    #                               | lost-answer (the request is carried out, then the connection is reset)

    def matches(self, key: str) -> bool:
        """True when this fault applies to the request key."""
        return (self.count is None or self.count > 0) and re.search(self.pattern, key, re.I) is not None


class Switchboard:
    """Shared routing table, request log, latency and faults for all hosts."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.routes: list[tuple[str, str, "re.Pattern[str]", Handler]] = []  # (host_kind, method, regex, handler)
        self.host_kinds: dict[str, str] = {}   # "127.0.1.5:4433" -> "site:<id>"
        self.records: list[dict[str, Any]] = []
        self.faults: list[Fault] = []
        self.latency_ms = 0
        self.route_latency: list[tuple[str, int]] = []
        self.reset_at = 0.0

    def route(self, host_kind: str, method: str, pattern: str, handler: Handler) -> None:
        """Register a handler for a host kind ("arm", "kudu", "site"), method and path regex."""
        self.routes.append((host_kind, method, re.compile(pattern, re.I), handler))

    def reset_runtime(self) -> None:
        """Forget records, faults and latency."""
        with self.lock:
            self.records.clear()
            self.reset_at = time.time()  # a request that arrived before (a probe still hanging) is not recorded after
            self.faults.clear()
            self.latency_ms = 0
            self.route_latency.clear()

    def take_fault(self, key: str) -> Optional[Fault]:
        """The first fault matching key, its count decremented."""
        with self.lock:
            for fault in self.faults:
                if fault.matches(key):
                    if fault.count is not None:
                        fault.count -= 1
                    return fault
        return None

    def delay_for(self, key: str) -> float:
        """Seconds to wait before answering key."""
        with self.lock:
            extra = [ms for pattern, ms in self.route_latency if re.search(pattern, key, re.I)]
            return (self.latency_ms + sum(extra)) / 1000.0

    def dispatch(self, request: Request) -> Response:
        """Find the route for a request and run it."""
        kind = self.host_kinds.get(request.host, "arm").split(":")[0]
        allowed = []
        for host_kind, method, regex, handler in self.routes:
            if host_kind != kind:
                continue
            match = regex.fullmatch(request.path)
            if match:
                if method == request.method:
                    return handler(request, match)
                allowed.append(method)
        if allowed:
            return arm_error(405, "MethodNotAllowed", f"The requested method {request.method} is not allowed.")
        return arm_error(404, "NotFound", f"No route for {request.method} {request.path} on this emulated host.")

    def record(self, request: Request, status: int, started: float) -> None:
        """Keep a redacted copy of a request for the tests."""
        try:
            body = request.json()
        except (ValueError, UnicodeDecodeError):
            body = request.body.decode("latin-1")
        entry = {
            "host": request.host, "kind": self.host_kinds.get(request.host, "arm").split(":")[0],
            "method": request.method, "path": request.path, "query": request.query,
            "headers": {k: v for k, v in request.headers.items() if k.lower() not in REDACTED_HEADERS},
            "auth": auth_summary(request.headers),  # scheme and token claims only, never the credential
            "body": body, "status": status, "started": started, "time": time.time(),
        }
        with self.lock:
            if started >= self.reset_at:
                self.records.append(entry)


def auth_summary(headers: dict[str, str]) -> Optional[dict[str, Any]]:
    """What the Authorization header was, without the credential: its scheme, and a bearer token's aud and appid."""
    value = next((v for k, v in headers.items() if k.lower() == "authorization"), None)
    if not value:
        return None
    scheme, _, credential = value.partition(" ")
    summary: dict[str, Any] = {"scheme": scheme}
    if scheme.lower() == "bearer":
        try:
            payload = credential.split(".")[1]
            claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
            summary.update(aud=claims.get("aud"), appid=claims.get("appid"))
        except (IndexError, ValueError):
            summary["malformed"] = True
    return summary


def arm_error(status: int, code: str, message: str, headers: Optional[dict[str, str]] = None) -> Response:
    """An ARM-shaped error response."""
    return Response(status, {"error": {"code": code, "message": message}}, headers or {})


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Nagle off: Kestrel (KuduLite is ASP.NET Core) defaults ListenOptions.NoDelay to true (ASP.NET Core's Kestrel
    # options documentation); for ARM's front door nothing public says, and the same is assumed. With it on, a body
    # written after its headers on a reused connection waited for the client's delayed ACK (40 ms on Linux).
    disable_nagle_algorithm = True
    server: "TlsServer"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - signature of the base class
        """Stay quiet."""

    def _handle(self) -> None:
        board = self.server.board
        split = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        host = f"{self.server.server_address[0]}:{self.server.server_address[1]}"
        query = {k: v[-1] for k, v in parse_qs(split.query, keep_blank_values=True).items()}
        request = Request(host, self.command, split.path, query, dict(self.headers.items()), body)
        key = f"{self.command} {host}{split.path}"
        started = time.time()
        time.sleep(board.delay_for(key))
        fault = board.take_fault(key)
        if fault is not None and fault.action == "lost-answer":
            board.record(request, board.dispatch(request).status, started)
            fault = Fault(fault.pattern, action="reset")
        elif fault is not None:
            board.record(request, fault.status if fault.action == "respond" else 0, started)
        if fault is not None:
            self._answer_fault(fault)
            return
        try:
            response = board.dispatch(request)
        except Exception as exc:  # a bug in the emulator: answer 500, visibly
            response = arm_error(500, "EmulatorBug", repr(exc))
        board.record(request, response.status, started)
        self._send(response)

    def _answer_fault(self, fault: Fault) -> None:
        time.sleep(fault.delay_ms / 1000.0)
        if fault.action == "hang":
            time.sleep(3600)
        if fault.action == "garbage":
            self.wfile.write(fault.body if isinstance(fault.body, bytes) else b"\x00\x17\x03 this is not HTTP\r\n\r\n")
            self.wfile.flush()
            self.close_connection = True
            return
        if fault.action == "reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            self.close_connection = True
            self.connection.close()
            return
        body = fault.body if fault.body is not None else {"error": {"code": "InjectedFault", "message": "Injected fault."}}
        self._send(Response(fault.status, body, dict(fault.headers)))

    def _send(self, response: Response) -> None:
        payload, content_type = response.encoded()
        self.send_response(response.status)
        headers = {"Content-Type": content_type, **response.headers}
        headers["Content-Length"] = str(len(payload))
        headers.setdefault("x-ms-request-id", f"emulator-{time.monotonic_ns()}")
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _handle


class TlsServer(ThreadingHTTPServer):
    """A threaded HTTPS server; the TLS handshake happens in the request's own thread."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], board: Switchboard, ssl_context: ssl.SSLContext) -> None:
        super().__init__(address, _Handler)
        self.board = board
        self.ssl_context = ssl_context

    def finish_request(self, request: Any, client_address: Any) -> None:
        """Wrap the accepted socket in TLS, then serve it."""
        try:
            tls = self.ssl_context.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError):
            return
        super().finish_request(tls, client_address)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Client disconnects are normal here."""


def start_server(host: str, board: Switchboard, ssl_context: ssl.SSLContext, port: int = 0) -> TlsServer:
    """Bind host:port (0 = any free port) and serve in a daemon thread."""
    server = TlsServer((host, port), board, ssl_context)
    threading.Thread(target=server.serve_forever, name=f"emulator-{host}", daemon=True).start()
    return server
