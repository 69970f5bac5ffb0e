"""A small, fragile HTTP/1.1 server on loopback that drops keep-alive connections the way real ones do.

Real servers close a keep-alive connection between two requests — uvicorn right after answering 500 to
a request whose handler crashed (without ``Connection: close``), any server once a connection sat idle —
and the client's next request on it meets a reset before any answer. This lab makes that deterministic:

- ``drop_reused``: of the requests that arrive on a connection that already served one, every
  ``drop_every``-th is answered by a reset (RST, nothing read back) — the server "had closed" it;
- ``drop_always``: requests to these ``"METHOD /path"`` routes are always reset, on any connection;
- ``crash``: these routes answer 500, keep the connection open, and reset the next request on it
  (uvicorn's behaviour after a crash, without the race).

Every other request is answered ``200 {"path": …, "connection": n}``, or relayed to ``upstream`` (a real
uvicorn app) when one is given. ``seen`` records (connection number, request index on it, method, path,
what happened) for the tests to assert on.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Fragility:
    drop_reused: bool = False
    drop_every: int = 1
    drop_always: frozenset[str] = frozenset()
    crash: frozenset[str] = frozenset()
    upstream: tuple[str, int] | None = None
    seen: list[tuple[int, int, str, str, str]] = field(default_factory=list)
    _reused: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def log(self, conn: int, index: int, method: str, path: str, what: str) -> None:
        with self._lock:
            self.seen.append((conn, index, method, path, what))

    def dropped(self, method: str, path: str) -> list[tuple[int, int]]:
        return [(c, i) for c, i, m, p, w in self.seen if (m, p) == (method, path) and w == "reset"]

    def answered(self, method: str, path: str) -> list[tuple[int, int]]:
        return [(c, i) for c, i, m, p, w in self.seen if (m, p) == (method, path) and w != "reset"]

    def drop_this_reuse(self) -> bool:
        with self._lock:
            self._reused += 1
            return self.drop_reused and self._reused % self.drop_every == 0


def _read_request(stream: socket.socket, buffered: bytes) -> tuple[str, str, dict[str, str], bytes, bytes] | None:
    data = buffered
    while b"\r\n\r\n" not in data:
        chunk = stream.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    method, target, _ = lines[0].split(" ", 2)
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    size = int(headers.get("content-length", "0"))
    while len(rest) < size:
        chunk = stream.recv(65536)
        if not chunk:
            return None
        rest += chunk
    return method, target, headers, rest[:size], rest[size:]


def _reset(stream: socket.socket) -> None:
    stream.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    stream.close()


def _answer(stream: socket.socket, status: int, body: bytes, content_type: str = "application/json") -> None:
    reason = {200: "OK", 500: "Internal Server Error"}.get(status, "Answer")
    stream.sendall(f"HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\n"
                   f"Content-Length: {len(body)}\r\n\r\n".encode() + body)


def _relay(upstream: tuple[str, int], method: str, target: str, headers: dict[str, str],
           body: bytes) -> tuple[int, bytes, str]:
    conn = http.client.HTTPConnection(*upstream, timeout=10)
    try:
        sent = {k: v for k, v in headers.items() if k not in ("connection", "keep-alive", "accept-encoding")}
        conn.request(method, target, body=body or None, headers=sent)
        answer = conn.getresponse()
        return answer.status, answer.read(), answer.getheader("content-type", "application/json")
    finally:
        conn.close()


def _serve_connection(stream: socket.socket, number: int, fragility: Fragility) -> None:
    buffered = b""
    index = 0
    crashed = False
    try:
        while True:
            request = _read_request(stream, buffered)
            if request is None:
                stream.close()
                return
            method, target, headers, body, buffered = request
            path = target.split("?", 1)[0]
            route = f"{method} {path}"
            if crashed or route in fragility.drop_always or (index > 0 and fragility.drop_this_reuse()):
                fragility.log(number, index, method, path, "reset")
                _reset(stream)
                return
            if route in fragility.crash:
                fragility.log(number, index, method, path, "500")
                _answer(stream, 500, b"Internal Server Error", "text/plain")
                crashed = True
            elif fragility.upstream is not None:
                status, answer, kind = _relay(fragility.upstream, method, target, headers, body)
                fragility.log(number, index, method, path, str(status))
                _answer(stream, status, answer, kind)
            else:
                fragility.log(number, index, method, path, "200")
                _answer(stream, 200, json.dumps({"path": path, "connection": number}).encode())
            index += 1
    except OSError:
        stream.close()


@contextmanager
def fragile_server(fragility: Fragility) -> Iterator[str]:
    """Serves on a free loopback port until the block ends; yields its base URL."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    stop = threading.Event()

    def accept() -> None:
        number = 0
        while not stop.is_set():
            try:
                stream, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=_serve_connection, args=(stream, number, fragility), daemon=True).start()
            number += 1

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        with contextlib.suppress(OSError):
            listener.shutdown(socket.SHUT_RDWR)  # wakes the accept() above
        listener.close()
