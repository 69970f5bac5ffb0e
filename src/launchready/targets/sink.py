"""CanarySink: a loopback HTTP server the scan starts; a request that reaches it is proof.

A probe hands the target a URL on this sink holding a fresh nonce (``/c/<nonce>``). If the server
under test — or a chatbot tool it runs — ever requests that URL, the hit is recorded with its
method, path and headers: server-side request forgery or an outbound tool call, proven without
trusting anything the target says about itself. stdlib ``http.server`` is enough for this; it
answers 200 with a short body and never follows anything.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class SinkHit:
    method: str
    path: str
    headers: dict[str, str]
    at: float


class CanarySink:
    def __init__(self, server: ThreadingHTTPServer, hits: list[SinkHit], lock: threading.Lock) -> None:
        self._server = server
        self._hits = hits
        self._lock = lock
        self.port = int(server.server_address[1])

    @classmethod
    def start(cls) -> CanarySink:
        hits: list[SinkHit] = []
        lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            def _record(self) -> None:
                with lock:
                    hits.append(SinkHit(self.command, self.path, dict(self.headers.items()), time.time()))
                body = b"launchready canary sink\n"
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            do_GET = do_POST = do_PUT = do_HEAD = do_DELETE = do_PATCH = _record

            def log_message(self, format: str, *args: object) -> None:
                return

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True, name="canary-sink").start()
        return cls(server, hits, lock)

    @staticmethod
    def nonce(prefix: str = "lr") -> str:
        return f"{prefix}-{secrets.token_hex(8)}"

    def url(self, nonce: str, suffix: str = "") -> str:
        return f"http://127.0.0.1:{self.port}/c/{nonce}{suffix}"

    def hits(self, nonce: str) -> list[SinkHit]:
        with self._lock:
            return [h for h in self._hits if f"/c/{nonce}" in h.path]

    def wait_for(self, nonce: str, timeout: float = 1.0) -> list[SinkHit]:
        """Hits for ``nonce``, waiting up to ``timeout`` for an asynchronous fetch to land."""
        end = time.monotonic() + timeout
        while True:
            found = self.hits(nonce)
            if found or time.monotonic() >= end:
                return found
            time.sleep(0.02)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
