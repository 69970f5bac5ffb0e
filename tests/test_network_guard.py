"""The loopback guard itself: it must stop a non-loopback connection before a packet leaves."""

from __future__ import annotations

import socket

import pytest

from tests.conftest import NonLoopbackConnection


def test_connection_outside_loopback_is_refused_and_recorded(network_violations: list[str]) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s, pytest.raises(NonLoopbackConnection):
        s.connect(("192.0.2.1", 9))  # TEST-NET-1: never routable, and never attempted
    assert network_violations == ["connection to ('192.0.2.1', 9)"]
    network_violations.clear()  # this test provoked it on purpose


def test_udp_datagram_outside_loopback_is_refused(network_violations: list[str]) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s, pytest.raises(NonLoopbackConnection):
        s.sendto(b"x", ("198.51.100.7", 53))
    assert network_violations == ["connection to ('198.51.100.7', 53)"]
    network_violations.clear()


def test_name_lookup_of_a_public_name_is_refused(network_violations: list[str]) -> None:
    with pytest.raises(NonLoopbackConnection):
        socket.getaddrinfo("example.com", 443)
    assert network_violations == ["name lookup of 'example.com'"]
    network_violations.clear()


def test_loopback_stays_open() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname(), timeout=2):
            pass
