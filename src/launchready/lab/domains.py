"""Two product domains on loopback for the demo: one that gets the domain surface wrong, one done right.

``lab_domain("weak" | "good", workdir)`` starts an authoritative DNS lab, a private PKI and HTTPS/HTTP
servers on 127.0.0.1 and yields a :class:`LabDomain` whose :meth:`LabDomain.settings` are the config
keys (long-flag spelling) that point a scan at it — nothing here touches a real name or network::

    with lab_domain("good", tmp) as lab:
        scan(Config.model_validate({**lab.settings(), "only": ["domain"]}))

``weak`` (acme-assist-vulnerable.test): SPF ``+all``, DKIM RSA-1024, DMARC ``p=none``, an expired
certificate, plain HTTP answered without a redirect, no HSTS, ``app.`` a dangling CNAME to a
deleted cloud app, no CAA, no CDN.
``good`` (acme-assist-hardened.test): SPF ``-all`` with two lookups, DKIM RSA-2048 on selector ``s1``,
DMARC ``p=reject`` reporting to its own domain, a chain through an intermediate, a same-host
http→https redirect, HSTS for a year, CDN headers on every host (and the apex's address declared
as a CDN range through ``extra-ranges``), CAA, ``www`` and ``app`` live.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from launchready.lab.dns import DnsLab, RecordData
from launchready.lab.tls import Pki, Reply, WebServer

Kind = Literal["weak", "good"]

DOMAINS: dict[str, str] = {"weak": "acme-assist-vulnerable.test", "good": "acme-assist-hardened.test"}
SELECTOR = "s1"
CLOUD_ZONE = "azurewebsites.test"
"""Where the weak domain's dangling CNAME points: a zone that exists, a name in it that does not."""
CDN_HEADERS = (("Server", "cloudflare"), ("CF-RAY", "8f1e2d3c4b5a6978-FRA"), ("CF-Cache-Status", "DYNAMIC"))
HSTS = ("Strict-Transport-Security", "max-age=31536000; includeSubDomains")


@dataclass(frozen=True)
class LabDomain:
    """A running lab domain. Valid only inside the ``with`` block that made it."""

    kind: Kind
    domain: str
    nameserver: str
    resolve: tuple[str, ...]
    ca_file: Path
    subdomains: tuple[str, ...]
    dkim_selectors: tuple[str, ...]
    check_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    ports: tuple[int, ...] = ()
    """Every loopback port the lab listens on (DNS first), for "nothing left running" assertions."""

    def settings(self) -> dict[str, Any]:
        """Config keys for a scan of this domain, as ``launchready.toml`` spells them."""
        out: dict[str, Any] = {
            "domain": self.domain,
            "subdomain": list(self.subdomains),
            "dkim-selector": list(self.dkim_selectors),
            "nameserver": self.nameserver,
            "resolve": list(self.resolve),
            "ca-file": str(self.ca_file),
        }
        if self.check_options:
            out["checks"] = {k: dict(v) for k, v in self.check_options.items()}
        return out

    def cli_args(self) -> list[str]:
        """The same settings as ``launchready scan`` flags (``checks`` options need a config file)."""
        args = ["--domain", self.domain, "--nameserver", self.nameserver, "--ca-file", str(self.ca_file)]
        for sub in self.subdomains:
            args += ["--subdomain", sub]
        for sel in self.dkim_selectors:
            args += ["--dkim-selector", sel]
        for item in self.resolve:
            args += ["--resolve", item]
        return args


def _dkim_txt(bits: int) -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits).public_key()
    der = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return "v=DKIM1; k=rsa; p=" + base64.b64encode(der).decode()


def _zone(kind: Kind, d: str) -> dict[str, list[RecordData]]:
    if kind == "good":
        return {
            d: [
                ("NS", f"ns1.{d}"),
                ("A", "127.0.0.2"),
                ("MX", f"10 mail.{d}"),
                ("TXT", f"v=spf1 mx include:_spf.{d} -all"),
                ("CAA", '0 issue "letsencrypt.org"'),
            ],
            f"ns1.{d}": [("A", "127.0.0.1")],
            f"mail.{d}": [("A", "127.0.0.2")],
            f"www.{d}": [("CNAME", d)],
            f"app.{d}": [("A", "127.0.0.2")],
            f"_spf.{d}": [("TXT", "v=spf1 ip4:192.0.2.0/24 -all")],
            f"_dmarc.{d}": [("TXT", f"v=DMARC1; p=reject; rua=mailto:dmarc@{d}")],
            f"{SELECTOR}._domainkey.{d}": [("TXT", _dkim_txt(2048))],
        }
    return {
        d: [
            ("NS", f"ns1.{d}"),
            ("A", "127.0.0.3"),
            ("MX", f"10 mail.{d}"),
            ("TXT", "v=spf1 a mx +all"),
        ],
        f"ns1.{d}": [("A", "127.0.0.1")],
        f"mail.{d}": [("A", "127.0.0.3")],
        f"www.{d}": [("A", "127.0.0.3")],
        f"app.{d}": [("CNAME", f"acme-assist-old.{CLOUD_ZONE}")],
        f"_dmarc.{d}": [("TXT", f"v=DMARC1; p=none; rua=mailto:dmarc@{d}")],
        f"{SELECTOR}._domainkey.{d}": [("TXT", _dkim_txt(1024))],
        CLOUD_ZONE: [("NS", f"ns.{CLOUD_ZONE}")],
    }


@contextlib.contextmanager
def lab_domain(kind: Kind, workdir: Path) -> Iterator[LabDomain]:
    """Start the ``kind`` lab domain on loopback; everything stops when the block exits."""
    if kind not in DOMAINS:
        raise ValueError(f"lab_domain kind is 'weak' or 'good', not {kind!r}")
    d = DOMAINS[kind]
    workdir.mkdir(parents=True, exist_ok=True)
    web_hosts: Sequence[str] = (d, f"www.{d}", f"app.{d}") if kind == "good" else (d, f"www.{d}")
    pki = Pki()
    if kind == "good":
        issued = pki.leaf(list(web_hosts))
        https_reply = Reply(200, (HSTS, *CDN_HEADERS), b"<!doctype html><title>Acme Assist</title>\n")
        http = WebServer(redirect_to_https=True)
    else:
        issued = pki.leaf(list(web_hosts), not_before=dt.timedelta(days=-120), not_after=dt.timedelta(days=-3))
        https_reply = Reply(200, (("Server", "uvicorn"),), b"<!doctype html><title>Acme Assist</title>\n")
        http = WebServer(default=Reply(200, (("Server", "uvicorn"),), b"<!doctype html><title>Acme Assist</title>\n"))
    cert, key = issued.write(workdir, f"{kind}-leaf")
    ca_file = pki.write_root(workdir)
    with (
        DnsLab(_zone(kind, d), zones=(d, CLOUD_ZONE)) as dns,
        WebServer(default=https_reply, tls=(cert, key)) as https,
        http,
    ):
        resolve = tuple(
            f"{host}:{port}:127.0.0.1:{server.port}"
            for host in web_hosts
            for port, server in ((443, https), (80, http))
        )
        yield LabDomain(
            kind=kind,
            domain=d,
            nameserver=dns.nameserver,
            resolve=resolve,
            ca_file=ca_file,
            subdomains=("www", "app"),
            dkim_selectors=(SELECTOR,),
            check_options={"domain.cdn": {"extra-ranges": ["127.0.0.2/32"]}} if kind == "good" else {},
            ports=(dns.port, https.port, http.port),
        )
