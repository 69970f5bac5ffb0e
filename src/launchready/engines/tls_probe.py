"""TLS handshakes and single HTTP requests that reach a host through the domain target's overrides.

Why stdlib ``ssl``/``http.client`` rather than httpx: the checks need what a client library hides —
the OpenSSL verify code of a failed chain, the certificate even when it does not verify, one hop at
a time without following redirects, and every ``Strict-Transport-Security`` header as sent
(duplicates included) — while connecting to a lab address with the real SNI and Host header.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import warnings
from dataclasses import dataclass
from urllib.parse import urlsplit

from launchready.targets.domain import DomainTarget


@dataclass(frozen=True)
class Handshake:
    host: str
    port: int
    address: str = ""
    der: bytes = b""
    version: str = ""
    verified: bool = False
    verify_code: int = 0
    verify_message: str = ""
    error: str = ""


def _context(target: DomainTarget, *, verify: bool) -> ssl.SSLContext:
    ctx = ssl.create_default_context(cafile=str(target.ca_file) if target.ca_file else None)
    ctx.check_hostname = False  # the hostname is judged separately, so a chain error and a name error both show
    if not verify:
        ctx.verify_mode = ssl.CERT_NONE
        ctx.set_ciphers("DEFAULT:@SECLEVEL=0")  # to read the certificate that a strict handshake refused
    return ctx


def _connect(address: tuple[str, int], timeout: float) -> socket.socket:
    return socket.create_connection(address, timeout=timeout)


def handshake(target: DomainTarget, host: str, port: int = 443, timeout: float = 5.0) -> Handshake:
    addrs, failed = target.addresses(host, port)
    if failed is not None:
        return Handshake(host, port, error=failed.hint)
    if not addrs:
        return Handshake(host, port, error=f"{host} has no address")
    address = addrs[0]
    try:
        with (
            _connect(address, timeout) as raw,
            _context(target, verify=True).wrap_socket(raw, server_hostname=host) as tls,
        ):
            return Handshake(
                host, port, address[0], tls.getpeercert(binary_form=True) or b"", tls.version() or "", True
            )
    except ssl.SSLCertVerificationError as exc:
        code, message = exc.verify_code, exc.verify_message
    except ssl.SSLError as exc:
        code, message = -1, f"handshake refused: {exc.reason or exc}"
    except OSError as exc:
        return Handshake(host, port, address[0], error=f"TLS handshake failed: {exc}")
    try:
        with (
            _connect(address, timeout) as raw,
            _context(target, verify=False).wrap_socket(raw, server_hostname=host) as tls,
        ):
            der = tls.getpeercert(binary_form=True) or b""
            return Handshake(host, port, address[0], der, tls.version() or "", False, code, message)
    except (OSError, ssl.SSLError) as exc:
        return Handshake(host, port, address[0], verify_code=code, verify_message=message, error=str(exc))


LOCAL_OPENSSL_CANNOT = "the local OpenSSL cannot offer it"


def offers_version(target: DomainTarget, host: str, version: ssl.TLSVersion, port: int = 443) -> bool | None:
    """Whether the server completes a handshake at exactly ``version``; ``None`` = not testable here."""
    return probe_version(target, host, version, port)[0]


def probe_version(
    target: DomainTarget, host: str, version: ssl.TLSVersion, port: int = 443, timeout: float = 5.0
) -> tuple[bool | None, str]:
    """:func:`offers_version` with the reason when the answer is ``None`` (not testable, or no connection).

    Only a refusal *during the handshake* means "not offered"; a connection that cannot be opened or a
    handshake that times out proves nothing about the protocol, so it is ``None``, never ``False``.
    """
    addrs, failed = target.addresses(host, port)
    if failed is not None:
        return None, failed.hint
    if not addrs:
        return None, f"{host} has no address"
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    cannot_offer = LOCAL_OPENSSL_CANNOT
    try:
        ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
        with warnings.catch_warnings():  # probing for the deprecated versions is the point
            warnings.simplefilter("ignore", DeprecationWarning)
            ctx.minimum_version = version
            ctx.maximum_version = version
    except (ValueError, ssl.SSLError):
        return None, cannot_offer
    try:
        raw = _connect(addrs[0], timeout)
    except OSError as exc:
        return None, f"cannot connect to {addrs[0][0]}:{addrs[0][1]}: {exc}"
    try:
        with raw, ctx.wrap_socket(raw, server_hostname=host):
            return True, ""
    except ssl.SSLError as exc:
        if "NO_PROTOCOLS_AVAILABLE" in str(exc) or "no protocols available" in str(exc):
            return None, cannot_offer  # our own OpenSSL refuses to offer it: we cannot tell
        # A refusal only means "not offered" if this OpenSSL could have spoken the version at all.
        return (False, "") if local_handshake_possible(version) else (None, cannot_offer)
    except TimeoutError:
        return None, f"the handshake timed out after {timeout:g} s"
    except OSError:
        return False, ""  # reset or closed mid-handshake: how many servers refuse an old version


def local_handshake_possible(version: ssl.TLSVersion) -> bool:
    """Whether this Python's OpenSSL completes a handshake at exactly ``version`` with itself (in memory).

    Some builds (crypto-policies, FIPS) refuse TLS 1.0/1.1 even at SECLEVEL=0 without saying so on the
    client side; then a server's refusal proves nothing and the protocol is "not testable".
    """
    import datetime as dt
    import tempfile
    from pathlib import Path

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "self-test.invalid")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    try:
        with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            pem = Path(tmp) / "self.pem"
            pem.write_bytes(
                cert.public_bytes(serialization.Encoding.PEM)
                + key.private_bytes(
                    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
                )
            )
            contexts = (ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER), ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT))
            server_ctx, client_ctx = contexts
            server_ctx.load_cert_chain(str(pem))
            client_ctx.check_hostname = False
            client_ctx.verify_mode = ssl.CERT_NONE
            for ctx in contexts:
                ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
                ctx.minimum_version = ctx.maximum_version = version
        return _memory_handshake(server_ctx, client_ctx)
    except (ValueError, ssl.SSLError, OSError):
        return False


def _memory_handshake(server_ctx: ssl.SSLContext, client_ctx: ssl.SSLContext) -> bool:
    to_server, to_client = ssl.MemoryBIO(), ssl.MemoryBIO()
    server_out, client_out = ssl.MemoryBIO(), ssl.MemoryBIO()
    server = server_ctx.wrap_bio(to_server, server_out, server_side=True)
    client = client_ctx.wrap_bio(to_client, client_out)
    done = {"client": False, "server": False}
    for _ in range(20):  # a handful of flights; a stuck exchange is a "no"
        for side, end, out, peer in (
            ("client", client, client_out, to_server),
            ("server", server, server_out, to_client),
        ):
            if not done[side]:
                try:
                    end.do_handshake()
                    done[side] = True
                except ssl.SSLWantReadError:
                    pass
            data = out.read()
            if data:
                peer.write(data)
        if all(done.values()):
            return True
    return False


@dataclass(frozen=True)
class HttpResponse:
    url: str
    status: int = 0
    headers: tuple[tuple[str, str], ...] = ()
    error: str = ""
    refused: bool = False

    def header_values(self, name: str) -> list[str]:
        return [v for k, v in self.headers if k.lower() == name.lower()]


def fetch(target: DomainTarget, url: str, timeout: float = 5.0, *, verify: bool = True) -> HttpResponse:
    """One GET, no redirect following, through the target's connect-to overrides and CA file.

    ``verify=False`` reads the response behind a certificate that does not verify (domain.cdn wants the
    headers, and domain.tls already judges the certificate)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    https = parts.scheme == "https"
    port = parts.port or (443 if https else 80)
    addrs, failed = target.addresses(host, port)
    if failed is not None:
        return HttpResponse(url, error=failed.hint)
    if not addrs:
        return HttpResponse(url, error=f"{host} has no address")
    address = addrs[0]
    try:
        raw = _connect(address, timeout)
    except ConnectionRefusedError:
        return HttpResponse(url, error=f"connection refused by {address[0]}:{address[1]}", refused=True)
    except OSError as exc:
        return HttpResponse(url, error=f"cannot connect: {exc}")
    conn: http.client.HTTPConnection
    try:
        if https:
            ctx = (
                _context(target, verify=False)
                if not verify
                else ssl.create_default_context(cafile=str(target.ca_file) if target.ca_file else None)
            )
            sock: socket.socket = ctx.wrap_socket(raw, server_hostname=host)
            conn = http.client.HTTPSConnection(host, port, timeout=timeout, context=ctx)
        else:
            sock = raw
            conn = http.client.HTTPConnection(host, port, timeout=timeout)
        conn.sock = sock
        conn.request("GET", parts.path or "/", headers={"User-Agent": "launchready"})
        resp = conn.getresponse()
        headers = tuple((k, v) for k, v in resp.getheaders())
        resp.read(65536)
        return HttpResponse(url, resp.status, headers)
    except (OSError, ssl.SSLError, http.client.HTTPException) as exc:
        return HttpResponse(url, error=f"{type(exc).__name__}: {exc}")
    finally:
        raw.close()
