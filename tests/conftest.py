"""Suite-wide fixtures and the loopback guard.

The guard wraps ``socket.connect``/``connect_ex``/``sendto`` and ``getaddrinfo`` for the whole run:
any attempt to reach an address outside 127.0.0.0/8 or ::1 raises *and* is recorded, and the test
that made it fails at teardown even if the code under test swallowed the exception. (Subprocesses
we start — uvicorn, git — are our own loopback servers and tools; they are not wrapped.)
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from typing import Any

import pytest

_violations: list[str] = []
_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_sendto = socket.socket.sendto
_real_getaddrinfo = socket.getaddrinfo
_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


class NonLoopbackConnection(ConnectionError):
    """A test tried to reach something other than loopback."""


def _is_loopback(host: Any) -> bool:
    if isinstance(host, bytes):
        host = host.decode()
    if not isinstance(host, str):
        return False
    if host in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def _check(sock: socket.socket, address: Any) -> None:
    if sock.family not in (socket.AF_INET, socket.AF_INET6):
        return
    host = address[0] if isinstance(address, tuple) else address
    if not _is_loopback(host):
        _violations.append(f"connection to {address!r}")
        raise NonLoopbackConnection(f"tests may only reach loopback, not {address!r}")


def _guarded_connect(self: socket.socket, address: Any) -> None:
    _check(self, address)
    _real_connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: Any) -> int:
    _check(self, address)
    return _real_connect_ex(self, address)


def _guarded_sendto(self: socket.socket, data: Any, *args: Any) -> int:
    address = args[-1]
    _check(self, address)
    return _real_sendto(self, data, *args)


def _guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
    if host is not None and not _is_loopback(host):
        _violations.append(f"name lookup of {host!r}")
        raise NonLoopbackConnection(f"tests may not resolve {host!r}: only loopback addresses")
    return _real_getaddrinfo(host, *args, **kwargs)


def pytest_configure(config: pytest.Config) -> None:
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign,assignment]
    socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign,assignment]
    socket.socket.sendto = _guarded_sendto  # type: ignore[assignment]
    socket.getaddrinfo = _guarded_getaddrinfo


@pytest.fixture(autouse=True)
def loopback_only() -> Iterator[None]:
    """Fail the test if it tried to reach anything but loopback (even if the error was caught)."""
    _violations.clear()
    yield
    if _violations:
        found = list(_violations)
        _violations.clear()
        pytest.fail("non-loopback network access: " + "; ".join(found))


@pytest.fixture
def network_violations() -> list[str]:
    """The live list of recorded violations (for the guard's own test)."""
    return _violations
