"""Pins for domain.tls: a certificate with no subjectAltName names no host (browsers ignore the common name),
so it fails the name item instead of crashing the check; old protocols that could not be asked are undetermined."""

from __future__ import annotations

import contextlib
import datetime as dt
import socket
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID

from launchready.checks.domain import tls
from launchready.config import Config
from launchready.engines.tls_probe import Handshake
from launchready.lab.dns import DnsLab
from launchready.lab.tls import Pki
from launchready.model import Status
from tests.checks.domain.fixtures import DOMAIN, lab_config
from tests.checks.domain.test_tls_handshake_pins import _run

APP = "app.example.test"


def _without_san() -> bytes:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, APP)])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=30))
            .not_valid_after(now + dt.timedelta(days=60)).sign(key, hashes.SHA256()))
    return cert.public_bytes(Encoding.DER)


def test_a_certificate_without_subject_alt_names_does_not_name_the_host_even_in_its_common_name() -> None:
    der = _without_san()
    assert tls._names(x509.load_der_x509_certificate(der)) == []
    items = tls._judge_cert(Handshake(APP, 443, "127.0.0.1", der, "TLSv1.3", verified=True))
    where = f"https://{APP}:443/ certificate"
    assert [(e.status, e.message, e.location) for e in items if e.location.endswith("subjectAltName")] == [
        (Status.FAIL, f"does not name {APP}", f"{where} subjectAltName")]
    assert [e.status for e in items] == [Status.PASS, Status.PASS, Status.FAIL, Status.PASS]


@contextlib.contextmanager
def one_connection_server(tmp_path: Path) -> Iterator[Config]:
    """``app.example.test:443`` on a loopback TLS server that answers its first connection, then stops
    listening: every later connection (the old-protocol probes) is refused."""
    pki = Pki()
    cert, key = pki.leaf([APP]).write(tmp_path, "app")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def serve() -> None:
        conn, _ = listener.accept()
        listener.close()
        with contextlib.suppress(OSError), context.wrap_socket(conn, server_side=True) as tls_conn:
            tls_conn.settimeout(5)
            tls_conn.recv(1)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    zone = {DOMAIN: [("NS", f"ns1.{DOMAIN}")], f"ns1.{DOMAIN}": [("A", "127.0.0.1")]}
    try:
        with DnsLab(zone) as dns:
            yield lab_config(dns, tmp_path, "domain.tls", subdomain=("app",), ca_file=pki.write_root(tmp_path),
                             resolve=(f"{APP}:443:127.0.0.1:{port}",))
    finally:
        with contextlib.suppress(OSError):
            listener.close()
        thread.join(5)


def test_old_protocols_that_could_not_be_asked_are_undetermined_warnings_never_not_offered(tmp_path: Path) -> None:
    with one_connection_server(tmp_path) as cfg:
        out = _run(cfg)
    protocol = [(e.status, e.message.split(": cannot connect")[0]) for e in out.evidence
                if e.location == f"https://{APP}:443/ protocol"]
    assert protocol[:2] == [(Status.WARN, "TLS 1.0 undetermined"), (Status.WARN, "TLS 1.1 undetermined")]
    assert all("cannot connect to 127.0.0.1:" in e.message for e in out.evidence if "undetermined" in e.message)
    assert out.evidence[0].status is Status.PASS and out.status is Status.WARN
