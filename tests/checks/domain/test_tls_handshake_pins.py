"""Pins for domain.tls: every evidence item of a good certificate, and the handshake's time limit
(``min(10 s, max(1 s, time left))``) on both sides, against a loopback TLS server that is slow to answer."""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from launchready.checks.domain import tls
from launchready.config import Config
from launchready.context import CheckContext, Targets
from launchready.lab.dns import DnsLab
from launchready.lab.tls import Pki
from launchready.model import Outcome, Status, Surface
from launchready.profiles import load_profile
from launchready.targets.domain import build_domain_target
from tests.checks.domain.fixtures import APP, DOMAIN, lab_config, web_lab

WHERE = f"https://{APP}:443/"


def _run(config: Config, seconds_left: float = 300.0) -> Outcome:
    """The check the way the runner calls it, with ``seconds_left`` before the check's deadline."""
    target = build_domain_target(config)
    assert target is not None
    ctx = CheckContext(config=config, targets=Targets(extra={Surface.DOMAIN: target}), options=tls.CHECK.options,
                       profile=load_profile(config.profile), deadline=time.monotonic() + seconds_left)
    return tls.CHECK.run(ctx)


@contextlib.contextmanager
def slow_tls_server(tmp_path: Path, first_delay: float | None) -> Iterator[Config]:
    """``app.example.test:443`` on a loopback server that waits ``first_delay`` seconds before the TLS
    handshake of its first connection (``None``: never answers it); later connections answer at once."""
    pki = Pki()
    cert, key = pki.leaf([APP]).write(tmp_path, "app")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.1)  # accept() wakes up to see `stop`
    port = listener.getsockname()[1]
    stop = threading.Event()
    accepted: list[socket.socket] = []

    def answer(conn: socket.socket, delay: float | None) -> None:
        if delay is None:
            stop.wait()
            return
        if stop.wait(delay):
            return
        with contextlib.suppress(OSError), context.wrap_socket(conn, server_side=True) as tls_conn:
            tls_conn.settimeout(5)
            tls_conn.recv(1)  # until the client closes

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.settimeout(None)
            accepted.append(conn)
            delay = first_delay if len(accepted) == 1 else 0.0
            threading.Thread(target=answer, args=(conn, delay), daemon=True).start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    zone = {DOMAIN: [("NS", f"ns1.{DOMAIN}")], f"ns1.{DOMAIN}": [("A", "127.0.0.1")]}
    try:
        with DnsLab(zone) as dns:
            yield lab_config(dns, tmp_path, "domain.tls", subdomain=("app",), ca_file=pki.write_root(tmp_path),
                             resolve=(f"{APP}:443:127.0.0.1:{port}",))
    finally:
        stop.set()
        listener.close()
        for conn in accepted:
            conn.close()
        thread.join(5)


def test_a_good_certificate_shows_each_item_passed_and_says_sslv3_is_not_testable_here(tmp_path: Path) -> None:
    with web_lab(tmp_path, "domain.tls") as cfg:
        out = _run(cfg)
    items = [(e.status, e.message, e.location) for e in out.evidence]
    assert items[0] == (Status.PASS, "chain verifies to a trusted root (TLSv1.3)", f"{WHERE} certificate chain")
    assert items[1][0] is Status.PASS and items[1][1].endswith("days left (67% of its lifetime)")
    assert items[1][2] == f"{WHERE} certificate notAfter"
    assert items[2:] == [
        (Status.PASS, f"names {APP}", f"{WHERE} certificate subjectAltName"),
        (Status.PASS, "EC key", f"{WHERE} certificate subjectPublicKeyInfo"),
        (Status.SKIP, "SSLv3 not testable: the local OpenSSL has no SSLv3", f"{WHERE} protocol"),
    ]
    assert out.status is Status.PASS


def test_a_handshake_that_never_comes_is_an_error_within_the_checks_time_left(tmp_path: Path) -> None:
    with slow_tls_server(tmp_path, None) as cfg:
        started = time.monotonic()
        out = _run(cfg, seconds_left=2.0)
        elapsed = time.monotonic() - started
    [item] = out.evidence
    assert (item.status, item.location) == (Status.ERROR, f"https://{APP}/")
    assert item.message.startswith("TLS handshake failed: ") and item.message.endswith("timed out")
    assert out.status is Status.ERROR
    assert 1.5 < elapsed < 6.0  # the 2 s left, not the 10 s cap


def test_a_handshake_slower_than_one_second_is_awaited_while_the_check_has_time(tmp_path: Path) -> None:
    with slow_tls_server(tmp_path, 1.6) as cfg:
        out = _run(cfg, seconds_left=3.5)
    assert out.evidence[0].status is Status.PASS
    assert out.evidence[0].message.startswith("chain verifies to a trusted root")


def test_a_handshake_that_takes_six_seconds_is_awaited_up_to_the_ten_second_cap(tmp_path: Path) -> None:
    with slow_tls_server(tmp_path, 6.0) as cfg:
        out = _run(cfg)
    assert out.evidence[0].status is Status.PASS
    assert out.evidence[0].message.startswith("chain verifies to a trusted root")


def test_with_under_a_second_left_the_handshake_still_gets_one_second(tmp_path: Path) -> None:
    with slow_tls_server(tmp_path, 0.75) as cfg:
        out = _run(cfg, seconds_left=0.1)
    assert out.evidence[0].status is Status.PASS
    assert out.evidence[0].message.startswith("chain verifies to a trusted root")


def test_a_handshake_that_never_comes_is_given_up_at_the_ten_second_cap(tmp_path: Path) -> None:
    """With a minute left the cap decides: an error after about 10 s, not after the time left (nor 20 s)."""
    with slow_tls_server(tmp_path, None) as cfg:
        started = time.monotonic()
        out = _run(cfg, seconds_left=60.0)
        elapsed = time.monotonic() - started
    [item] = out.evidence
    assert (item.status, item.location) == (Status.ERROR, f"https://{APP}/")
    assert item.message.startswith("TLS handshake failed: ") and item.message.endswith("timed out")
    assert 9.5 < elapsed < 16.0
