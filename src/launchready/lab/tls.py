"""A private PKI and HTTPS/HTTP servers on 127.0.0.1, for the TLS, redirect and HSTS checks.

The PKI is made with ``cryptography``: root → intermediate → leaf, plus the broken variants a scan
must catch (expired, not yet valid, wrong host, self-signed, missing intermediate, RSA-1024,
short-lived). Servers are stdlib ``http.server`` in threads, each on a free loopback port, serving a
configurable status, ``Location`` and headers per path.
"""

from __future__ import annotations

import datetime as dt
import ssl
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


@dataclass
class Issued:
    """A leaf and what a server presents: ``chain`` is the PEM the server sends (leaf first)."""

    cert: x509.Certificate
    key: PrivateKey
    chain: bytes

    def write(self, directory: Path, stem: str) -> tuple[Path, Path]:
        cert_path, key_path = directory / f"{stem}.pem", directory / f"{stem}.key"
        cert_path.write_bytes(self.chain)
        key_path.write_bytes(
            self.key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        return cert_path, key_path


class Pki:
    """A root and an intermediate CA; :meth:`leaf` issues server certificates with chosen flaws."""

    def __init__(self) -> None:
        self.root_key = ec.generate_private_key(ec.SECP256R1())
        self.root = self._ca("launchready lab root", self.root_key, None, None)
        self.inter_key = ec.generate_private_key(ec.SECP256R1())
        self.inter = self._ca("launchready lab intermediate", self.inter_key, self.root, self.root_key)

    @staticmethod
    def _ca(
        cn: str, key: PrivateKey, issuer: x509.Certificate | None, issuer_key: PrivateKey | None
    ) -> x509.Certificate:
        builder = (
            x509.CertificateBuilder()
            .subject_name(_name(cn))
            .issuer_name(issuer.subject if issuer else _name(cn))
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(_now() - dt.timedelta(days=365))
            .not_valid_after(_now() + dt.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None if issuer is None else 0), critical=True)
            .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
        )
        return builder.sign(issuer_key or key, hashes.SHA256())

    def write_root(self, directory: Path) -> Path:
        """The CA file a scan trusts (``--ca-file``)."""
        path = directory / "lab-root.pem"
        path.write_bytes(_pem(self.root))
        return path

    def leaf(
        self,
        hosts: Sequence[str],
        *,
        not_before: dt.timedelta = dt.timedelta(days=-30),
        not_after: dt.timedelta = dt.timedelta(days=60),
        rsa_bits: int | None = None,
        self_signed: bool = False,
        include_intermediate: bool = True,
    ) -> Issued:
        """A server certificate valid from ``now+not_before`` to ``now+not_after`` for ``hosts``."""
        key: PrivateKey = (
            rsa.generate_private_key(public_exponent=65537, key_size=rsa_bits)
            if rsa_bits
            else ec.generate_private_key(ec.SECP256R1())
        )
        issuer_name = _name(hosts[0]) if self_signed else self.inter.subject
        cert = (
            x509.CertificateBuilder()
            .subject_name(_name(hosts[0]))
            .issuer_name(issuer_name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(_now() + not_before)
            .not_valid_after(_now() + not_after)
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(h) for h in hosts]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .sign(key if self_signed else self.inter_key, hashes.SHA256())
        )
        chain = _pem(cert) + (_pem(self.inter) if include_intermediate and not self_signed else b"")
        return Issued(cert, key, chain)


@dataclass(frozen=True)
class Reply:
    """What a lab server answers on a path: status, headers (duplicates allowed, in order)."""

    status: int = 200
    headers: Sequence[tuple[str, str]] = ()
    body: bytes = b"ok\n"


@dataclass
class WebServer:
    """An HTTP or HTTPS server on a free 127.0.0.1 port; ``routes`` maps a path to its :class:`Reply`.

    ``tls`` is (cert chain PEM path, key path) or ``None`` for plain HTTP; ``tls_min`` lowers the
    minimum protocol version (TLS 1.0 for the old-protocol cases, where the local OpenSSL allows it).
    """

    routes: Mapping[str, Reply] = field(default_factory=dict)
    default: Reply = field(default_factory=Reply)
    tls: tuple[Path, Path] | None = None
    tls_min: ssl.TLSVersion | None = None
    tls_max: ssl.TLSVersion | None = None
    redirect_to_https: bool = False
    """Answer every request with 301 to ``https://<the Host asked for><path>`` (one server, many hosts)."""
    port: int = 0
    _server: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None

    def start(self) -> WebServer:
        routes, default, redirect = self.routes, self.default, self.redirect_to_https

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                reply = routes.get(self.path.split("?", 1)[0], default)
                if redirect:
                    host = (self.headers.get("Host") or "localhost").rsplit(":", 1)[0]
                    reply = Reply(301, (("Location", f"https://{host}{self.path}"),), b"")
                self.send_response(reply.status)
                for name, value in reply.headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)

            do_HEAD = do_GET

            def log_message(self, format: str, *args: object) -> None:
                return

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        if self.tls is not None:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.set_ciphers("DEFAULT:@SECLEVEL=0")  # the lab must be able to serve weak keys and old protocols
            if self.tls_min is not None:
                ctx.minimum_version = self.tls_min
            if self.tls_max is not None:
                ctx.maximum_version = self.tls_max
            ctx.load_cert_chain(str(self.tls[0]), str(self.tls[1]))
            server.socket = ctx.wrap_socket(server.socket, server_side=True)
        self.port = server.server_address[1]
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=2)
        self._server = self._thread = None

    def __enter__(self) -> WebServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
