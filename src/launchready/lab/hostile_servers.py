"""Servers that attack the scanner: each mode is a way a live target can waste its time or memory.

A raw asyncio server, not an ASGI app, because most modes are things a well-behaved HTTP stack
refuses to do (answer nothing at all, drip bytes, send non-HTTP, send megabytes of headers).
Each mode answers *every* route the same way:

- ``silent``: accepts the connection, reads the request, never answers.
- ``drip``: a valid answer sent one byte a second.
- ``garbage``: random bytes, not HTTP, then the connection is closed.
- ``endless``: ``200`` with a chunked body that never ends.
- ``gzip-bomb``: ``200``, ``Content-Encoding: gzip``, 256 MB of zeros in 256 kB of gzip (built at
  start, in about a second): one 64 kB read inflates to 64 MB if the client does not bound it.
- ``huge-headers``: ``200`` with about 1 MB of headers.
- ``redirect-loop``: ``302`` to ``/login``, and ``/login`` to itself.
- ``errors``: ``500 Internal Server Error`` (no internals in it).
- ``flood``: ``200`` with 100 kB of ``A``.
- ``long-banner``: ``200 {}`` with a ``Server`` version banner padded to 50 kB (a true finding
  whose evidence must still be bounded); not in :data:`MODES`, which no check may pass or fail.

``serve_hostile(mode)`` runs one on a free 127.0.0.1 port in a background thread and yields its
base URL; leaving the block stops it and closes every connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
import zlib
from collections.abc import Awaitable, Callable, Iterator

MODES = ("silent", "drip", "garbage", "endless", "gzip-bomb", "huge-headers", "redirect-loop", "errors", "flood")
FINDING_MODES = ("long-banner",)
BOMB_BYTES = 256 * 1024 * 1024
FLOOD_BYTES = 100 * 1024
_MAX_REQUEST_HEAD = 64 * 1024

Handler = Callable[[str, asyncio.StreamWriter], Awaitable[None]]


def _head(status: str, headers: list[tuple[str, str]]) -> bytes:
    lines = [f"HTTP/1.1 {status}", *(f"{k}: {v}" for k, v in headers), "Connection: close", "", ""]
    return "\r\n".join(lines).encode("latin-1")


def _answer(status: str, body: bytes, content_type: str, extra: list[tuple[str, str]] | None = None) -> bytes:
    headers = [("Content-Type", content_type), ("Content-Length", str(len(body))), *(extra or [])]
    return _head(status, headers) + body


async def _read_request(reader: asyncio.StreamReader) -> str | None:
    """The request's path (its head read, its body drained); ``None`` if the client went away."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
        return None
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ")
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length" and value.strip().isdigit():
            length = int(value.strip())
    with contextlib.suppress(asyncio.IncompleteReadError, ConnectionError):
        while length > 0:
            chunk = await reader.read(min(length, 65536))
            if not chunk:
                break
            length -= len(chunk)
    return parts[1] if len(parts) > 1 else "/"


def _gzip_of_zeros(size: int) -> bytes:
    """``size`` zero bytes gzipped, compressed a megabyte at a time (never ``size`` bytes in memory)."""
    packer = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1024 * 1024)
    parts = [packer.compress(block) for _ in range(size // len(block))]
    return b"".join([*parts, packer.flush()])


class _Modes:
    """The answer of each mode (the gzip bomb is compressed once, when the server starts)."""

    def __init__(self, mode: str) -> None:
        if mode not in MODES + FINDING_MODES:
            raise ValueError(f"unknown hostile mode {mode!r}; one of {', '.join(MODES + FINDING_MODES)}")
        self.mode = mode
        self.bomb = _gzip_of_zeros(BOMB_BYTES) if mode == "gzip-bomb" else b""

    async def answer(self, path: str, writer: asyncio.StreamWriter) -> None:
        mode = self.mode
        if mode == "silent":
            await asyncio.sleep(3600)
        elif mode == "drip":
            for byte in _answer("200 OK", b'{"status": "ok"}', "application/json"):
                writer.write(bytes([byte]))
                await writer.drain()
                await asyncio.sleep(1.0)
        elif mode == "garbage":
            noise = os.urandom(4096)
            writer.write(b"\x00\x16" + noise)  # never starts like "HTTP/"
        elif mode == "endless":
            writer.write(_head("200 OK", [("Content-Type", "application/json"), ("Transfer-Encoding", "chunked")]))
            chunk = b"[" + b'"lr-endless",' * 5000
            frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
            while True:
                writer.write(frame)
                await writer.drain()
        elif mode == "gzip-bomb":
            writer.write(_answer("200 OK", self.bomb, "application/json", [("Content-Encoding", "gzip")]))
        elif mode == "huge-headers":
            pad = [(f"X-Lr-Pad-{i:05d}", "p" * 500) for i in range(2000)]
            writer.write(_answer("200 OK", b"{}", "application/json", pad))
        elif mode == "redirect-loop":
            writer.write(_answer("302 Found", b"", "text/plain", [("Location", "/login")]))
        elif mode == "errors":
            writer.write(_answer("500 Internal Server Error", b"Internal Server Error", "text/plain"))
        elif mode == "flood":
            writer.write(_answer("200 OK", b"A" * FLOOD_BYTES, "text/plain"))
        elif mode == "long-banner":
            writer.write(_answer("200 OK", b"{}", "application/json", [("Server", "lr-httpd/1.0 " + "x" * 50_000)]))
        await writer.drain()


@contextlib.contextmanager
def serve_hostile(mode: str) -> Iterator[str]:
    """Serve ``mode`` on 127.0.0.1 (a free port) in a background thread; yields ``http://127.0.0.1:<port>``."""
    modes = _Modes(mode)
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    started: dict[str, object] = {}
    connections: set[asyncio.Task[None]] = set()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        connections.add(task)
        try:
            path = await _read_request(reader)
            if path is not None:
                await modes.answer(path, writer)
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            connections.discard(task)
            writer.close()

    async def start() -> None:
        server = await asyncio.start_server(handle, "127.0.0.1", 0, limit=_MAX_REQUEST_HEAD)
        started["server"] = server
        started["port"] = server.sockets[0].getsockname()[1]

    def run() -> None:
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(start())
        except OSError as exc:
            started["error"] = exc
            ready.set()
            return
        ready.set()
        loop.run_forever()

    thread = threading.Thread(target=run, name=f"hostile-server:{mode}", daemon=True)
    thread.start()
    ready.wait(10)
    if "port" not in started:
        raise RuntimeError(f"hostile server {mode} did not start: {started.get('error')}")
    try:
        yield f"http://127.0.0.1:{started['port']}"
    finally:

        async def stop() -> None:
            server = started["server"]
            assert isinstance(server, asyncio.Server)
            server.close()
            for task in list(connections):
                task.cancel()
            await asyncio.sleep(0)

        with contextlib.suppress(RuntimeError, TimeoutError):
            asyncio.run_coroutine_threadsafe(stop(), loop).result(5)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)
        if not thread.is_alive():
            loop.close()
