"""Pin for domain.tls: a certificate with no subjectAltName names no host (browsers ignore the common name),
so it fails the name item instead of crashing the check."""

from __future__ import annotations

import datetime as dt

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID

from launchready.checks.domain import tls
from launchready.engines.tls_probe import Handshake
from launchready.model import Status

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
