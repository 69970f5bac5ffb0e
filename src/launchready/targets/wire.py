"""The socket layer under the shared HTTP client: where packets may go, and when a request must end.

We write this small layer ourselves because httpx has neither piece:

- httpx's timeouts are per operation: the read timeout restarts with every chunk, so a server that
  drips a byte a second (headers or body) holds a request forever. Here every socket operation of a
  request gets at most what is left of that request's *total* deadline (set by
  :func:`request_deadline` around the whole exchange, body included).
- httpx resolves any host name it is given. Here a connection is opened only to a literal loopback
  address, to the exact name ``localhost`` — mapped to ``127.0.0.1`` / ``::1`` here, never looked
  up, since a resolver may send ``localhost.*`` names off the machine — or to a host the config
  declares as staging (the one case where a DNS query is allowed).

It also counts the connections each thread opens (:func:`connections_opened`), so the client can tell a
request that failed on a reused keep-alive connection from one that failed on a connection of its own.
"""

from __future__ import annotations

import ipaddress
import ssl
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import httpcore
import httpx

_local = threading.local()
LOCALHOST_ADDRESSES = ("127.0.0.1", "::1")


@contextmanager
def request_deadline(at: float) -> Iterator[None]:
    """Every socket operation in this thread, until the block ends, must finish by ``at`` (monotonic)."""
    previous = getattr(_local, "at", None)
    _local.at = at
    try:
        yield
    finally:
        _local.at = previous


def connections_opened() -> int:
    """How many connections this thread has opened so far: unchanged across a failed request means the
    request went out on a pooled connection opened earlier (one the server may have closed since)."""
    opened: int = getattr(_local, "opened", 0)
    return opened


def _left(timeout: float | None, expired: type[Exception]) -> float | None:
    at: float | None = getattr(_local, "at", None)
    if at is None:
        return timeout
    left = at - time.monotonic()
    if left <= 0:
        raise expired("the request's total deadline passed")
    return left if timeout is None else min(timeout, left)


def is_loopback_literal(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]").split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def addresses_for(host: str, staging_hosts: Iterable[str]) -> tuple[str, ...]:
    """Where a connection to ``host`` may go: ``()`` when it may not be opened at all.

    A declared staging host is returned as its name (the system resolver looks it up: declaring it
    is the user's consent to that query); nothing else is ever looked up.
    """
    name = host.strip("[]").lower()
    if is_loopback_literal(name):
        return (name,)
    if name == "localhost":
        return LOCALHOST_ADDRESSES
    if name in {h.lower() for h in staging_hosts}:
        return (name,)
    return ()


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        inner = self._inner.start_tls(ssl_context, server_hostname, _left(timeout, httpcore.ConnectTimeout))
        return _DeadlineStream(inner)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class GuardedBackend(httpcore.NetworkBackend):
    """Opens connections only where :func:`addresses_for` allows, each bounded by the total deadline."""

    def __init__(self, staging_hosts: Iterable[str]) -> None:
        self._staging = tuple(staging_hosts)
        self._inner = httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        addresses = addresses_for(host, self._staging)
        if not addresses:
            raise httpcore.ConnectError(f"refusing to connect to {host}: not loopback or a declared staging host")
        last: Exception | None = None
        for address in addresses:
            try:
                stream = self._inner.connect_tcp(address, port, _left(timeout, httpcore.ConnectTimeout),
                                                 local_address, socket_options)
            except httpcore.ConnectError as exc:  # localhost: 127.0.0.1 refused, maybe ::1 listens
                last = exc
                continue
            _local.opened = connections_opened() + 1
            return _DeadlineStream(stream)
        assert last is not None
        raise last

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are not a scan target")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport over :class:`GuardedBackend` (no proxy: ``trust_env`` is off for scans)."""

    def __init__(self, *, verify: ssl.SSLContext | bool, limits: httpx.Limits, staging_hosts: Iterable[str]) -> None:
        super().__init__(verify=verify, limits=limits, trust_env=False)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(verify=verify, trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=GuardedBackend(staging_hosts),
        )
