"""domain.tls: a certificate that verifies to a trusted root, is in date, names the host, with a strong key."""

from __future__ import annotations

import datetime as dt
import ssl
import warnings

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa

from launchready.checks.domain._support import domain_target
from launchready.checks.domain._web import web_hosts
from launchready.context import CheckContext
from launchready.engines.tls_probe import LOCAL_OPENSSL_CANNOT, Handshake, handshake, probe_version
from launchready.model import Check, CheckMeta, Effort, Evidence, Outcome, Severity, Status, Surface
from launchready.targets.domain import DomainTarget

META = CheckMeta(
    id="domain.tls",
    title="TLS certificate and protocols",
    surface=Surface.DOMAIN,
    severity=Severity.HIGH,
    criteria=(
        "Certificate chain valid to a trusted root (no missing intermediate), not expired, not yet valid, hostname "
        "matches, RSA ≥ 2048 / EC; expiry judged by the fraction of lifetime left (short-lived certificates are "
        "fine); TLS 1.0/1.1 warn, SSLv3/2 fail; TLS 1.3-only passes."
    ),
    why="Every browser and API client refuses a certificate that does not verify; users see a full-page warning.",
    breaks=(
        "An expired certificate or a missing intermediate takes the product offline for every client (mobile and "
        "server-to-server first, since they do not fetch missing intermediates); weak keys and old protocols "
        "fail security reviews."
    ),
    fix=(
        "Serve the full chain (leaf + intermediates), automate renewal (ACME) well before expiry, use RSA 2048+ "
        "or ECDSA keys, and disable TLS 1.0/1.1 on the server or CDN."
    ),
    references=("RFC 5280", "RFC 6125", "RFC 8996", "OWASP ASVS 9.1.1", "OWASP ASVS 9.1.2"),
    checklist=("Valid TLS certificate with full chain", "Renewal automated", "TLS 1.2+ only"),
    effort=Effort.HOURS,
)


def expiry_status(not_before: dt.datetime, not_after: dt.datetime, now: dt.datetime) -> tuple[Status, str]:
    """Judged by the fraction of lifetime left, so a 7-day certificate renewed daily is not an alarm."""
    lifetime = not_after - not_before
    left = not_after - now
    if now < not_before:
        return Status.FAIL, f"not valid until {not_before:%Y-%m-%d %H:%M} UTC"
    if left <= dt.timedelta(0):
        return Status.FAIL, f"expired {not_after:%Y-%m-%d %H:%M} UTC"
    days = left.total_seconds() / 86400
    if lifetime <= dt.timedelta(days=10):
        status = Status.PASS if left >= dt.timedelta(days=1) else Status.FAIL
        return status, f"short-lived certificate, {days:.1f} days left"
    fraction = left / lifetime
    if fraction < 0.10 and left < dt.timedelta(days=7):
        return Status.FAIL, f"{days:.1f} days left ({fraction:.0%} of its lifetime)"
    if fraction < 1 / 3:
        return Status.WARN, f"{days:.1f} days left ({fraction:.0%} of its lifetime): renew"
    return Status.PASS, f"{days:.0f} days left ({fraction:.0%} of its lifetime)"


def _names(cert: x509.Certificate) -> list[str]:
    try:
        return cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value.get_values_for_type(
            x509.DNSName
        )
    except x509.ExtensionNotFound:
        return []


def matches(host: str, pattern: str) -> bool:
    """RFC 6125 §6.4.3: a wildcard stands for exactly one whole left-most label."""
    host, pattern = host.lower().rstrip("."), pattern.lower().rstrip(".")
    if pattern.startswith("*."):
        head, _, rest = host.partition(".")
        return bool(head) and rest == pattern[2:]
    return host == pattern


def _judge_cert(hs: Handshake) -> list[Evidence]:
    where = f"https://{hs.host}:{hs.port}/ certificate"
    out: list[Evidence] = []
    cert = x509.load_der_x509_certificate(hs.der)
    if hs.verified:
        out.append(Evidence(Status.PASS, f"chain verifies to a trusted root ({hs.version})", f"{where} chain"))
    else:
        out.append(
            Evidence(
                Status.FAIL,
                f"chain does not verify: {hs.verify_message} (OpenSSL verify code {hs.verify_code})"
                if hs.verify_code >= 0
                else f"strict TLS client refused the connection: {hs.verify_message}",
                f"{where} chain",
                f"issuer: {cert.issuer.rfc4514_string()}",
            )
        )
    status, message = expiry_status(cert.not_valid_before_utc, cert.not_valid_after_utc, dt.datetime.now(dt.UTC))
    field = "notBefore" if "not valid until" in message else "notAfter"
    out.append(
        Evidence(status, message, f"{where} {field}", f"{cert.not_valid_before_utc} – {cert.not_valid_after_utc}")
    )
    names = _names(cert)
    if any(matches(hs.host, n) for n in names):
        out.append(Evidence(Status.PASS, f"names {hs.host}", f"{where} subjectAltName"))
    else:
        out.append(Evidence(Status.FAIL, f"does not name {hs.host}", f"{where} subjectAltName", ", ".join(names)))
    key = cert.public_key()
    if isinstance(key, rsa.RSAPublicKey):
        status = Status.PASS if key.key_size >= 2048 else Status.FAIL
        out.append(Evidence(status, f"RSA {key.key_size}-bit key", f"{where} subjectPublicKeyInfo"))
    elif isinstance(key, ec.EllipticCurvePublicKey | ed25519.Ed25519PublicKey | ed448.Ed448PublicKey):
        out.append(
            Evidence(
                Status.PASS, f"{type(key).__name__.removesuffix('PublicKey')} key", f"{where} subjectPublicKeyInfo"
            )
        )
    else:
        out.append(Evidence(Status.WARN, f"unusual key type {type(key).__name__}", f"{where} subjectPublicKeyInfo"))
    return out


def _protocols(target: DomainTarget, host: str, port: int) -> list[Evidence]:
    out: list[Evidence] = []
    where = f"https://{host}:{port}/ protocol"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        old = (("TLS 1.0", ssl.TLSVersion.TLSv1), ("TLS 1.1", ssl.TLSVersion.TLSv1_1))
    for name, version in old:
        offered, why = probe_version(target, host, version, port)
        if offered is None and why == LOCAL_OPENSSL_CANNOT:
            out.append(Evidence(Status.SKIP, f"{name} not testable: {why}", where))
        elif offered is None:  # the server could not be asked: undetermined, never "not offered"
            out.append(Evidence(Status.WARN, f"{name} undetermined: {why}", where))
        elif offered:
            out.append(Evidence(Status.WARN, f"{name} is accepted (deprecated by RFC 8996)", where))
    if not getattr(ssl, "HAS_SSLv3", False):
        out.append(Evidence(Status.SKIP, "SSLv3 not testable: the local OpenSSL has no SSLv3", where))
    return out


def run(ctx: CheckContext) -> Outcome:
    target = domain_target(ctx)
    hosts, out = web_hosts(target)
    if not hosts and not out:
        return Outcome(Status.SKIP, f"no web host among {', '.join(target.hosts)} (no address record)")
    for host in hosts:
        hs = handshake(target, host, 443, timeout=min(10.0, max(1.0, ctx.time_left())))
        if hs.error and not hs.der:
            out.append(Evidence(Status.ERROR, hs.error, f"https://{host}/"))
            continue
        out.extend(_judge_cert(hs))
        out.extend(_protocols(target, host, 443))
    return Outcome.from_evidence(out, passed="TLS is valid on every web host", failed="TLS needs attention")


CHECK = Check(META, run)
