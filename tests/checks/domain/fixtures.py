"""Failing and passing lab fixtures for every domain check (the lead's contract test runs scan() on them).

Each fixture is a context manager: it starts the loopback DNS lab with a zone made for the case and
yields the :class:`Config` that points the scan at it (``--nameserver 127.0.0.1:<port>``).
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import ssl
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from launchready.config import Config
from launchready.lab.dns import DnsLab, RecordData
from launchready.lab.server import free_loopback_port
from launchready.lab.tls import Issued, Pki, Reply, WebServer

Fixture = Callable[[Path], contextlib.AbstractContextManager[Config]]
DOMAIN = "example.test"


def dkim_record(bits: int) -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits).public_key()
    der = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return "v=DKIM1; k=rsa; p=" + base64.b64encode(der).decode()


def good_zone() -> dict[str, list[RecordData]]:
    """A well-kept mail and web domain."""
    return {
        DOMAIN: [
            ("NS", f"ns1.{DOMAIN}"),
            ("A", "127.0.0.1"),
            ("MX", f"10 mail.{DOMAIN}"),
            ("TXT", "v=spf1 mx include:_spf.mailer.test -all"),
            ("CAA", '0 issue "letsencrypt.org"'),
        ],
        f"ns1.{DOMAIN}": [("A", "127.0.0.1")],
        f"mail.{DOMAIN}": [("A", "127.0.0.1")],
        f"www.{DOMAIN}": [("CNAME", DOMAIN)],
        f"app.{DOMAIN}": [("A", "127.0.0.1")],
        f"_dmarc.{DOMAIN}": [("TXT", f"v=DMARC1; p=reject; rua=mailto:dmarc@{DOMAIN}")],
        f"s1._domainkey.{DOMAIN}": [("TXT", dkim_record(2048))],
        "_spf.mailer.test": [("TXT", "v=spf1 ip4:192.0.2.0/24 -all")],
    }


def bad_zone() -> dict[str, list[RecordData]]:
    """The same domain with one flaw per check."""
    zone = good_zone()
    zone[DOMAIN] = [
        ("NS", f"ns1.{DOMAIN}"),
        ("A", "127.0.0.1"),
        ("MX", f"10 mail.{DOMAIN}"),
        ("TXT", "v=spf1 mx include:_spf.mailer.test +all"),
    ]
    zone[f"app.{DOMAIN}"] = [("CNAME", "gone.cloudapp.test")]
    zone[f"_dmarc.{DOMAIN}"] = [("TXT", f"v=DMARC1; p=none; rua=mailto:dmarc@{DOMAIN}")]
    zone[f"s1._domainkey.{DOMAIN}"] = [("TXT", "v=DKIM1; k=rsa; p=")]
    zone["cloudapp.test"] = [("NS", "ns.cloudapp.test")]
    return zone


def lab_config(lab: DnsLab, path: Path, check_id: str, **extra: Any) -> Config:
    values: dict[str, Any] = {
        "path": path,
        "domain": DOMAIN,
        "nameserver": lab.nameserver,
        "subdomain": ("www", "app"),
        "dkim_selector": ("s1",),
        "dns_timeout": 2.0,  # a loopback answer is instant; the margin is for a loaded CI machine
        "only": (check_id,),
    }
    values.update(extra)
    return Config(**values)


def dns_fixture(
    check_id: str, zone: Callable[[], Mapping[str, Sequence[RecordData]]], *, axfr: bool = False, **extra: Any
) -> Fixture:
    @contextlib.contextmanager
    def fixture(path: Path) -> Iterator[Config]:
        with DnsLab(zone(), zones=(DOMAIN, "mailer.test", "cloudapp.test"), axfr=axfr) as lab:
            yield lab_config(lab, path, check_id, **extra)

    return fixture


FIXTURES: dict[str, tuple[Fixture, Fixture]] = {
    "domain.spf": (dns_fixture("domain.spf", bad_zone), dns_fixture("domain.spf", good_zone)),
    "domain.dmarc": (
        dns_fixture("domain.dmarc", bad_zone, profile="security-review"),
        dns_fixture("domain.dmarc", good_zone, profile="security-review"),
    ),
    "domain.dkim": (dns_fixture("domain.dkim", bad_zone), dns_fixture("domain.dkim", good_zone)),
    "domain.dns": (dns_fixture("domain.dns", bad_zone, axfr=True), dns_fixture("domain.dns", good_zone)),
}


# ---- web: TLS, redirects, HSTS --------------------------------------------------------------------

APP = f"app.{DOMAIN}"
HSTS_GOOD = ("Strict-Transport-Security", "max-age=31536000; includeSubDomains")


@contextlib.contextmanager
def web_lab(
    path: Path,
    check_id: str,
    *,
    leaf: Callable[[Pki], Issued] | None = None,
    https_headers: Sequence[tuple[str, str]] = (HSTS_GOOD,),
    https_routes: Mapping[str, Reply] | None = None,
    http_reply: Reply | None = None,
    http_server: bool = True,
    tls_min: ssl.TLSVersion | None = None,
    also_serve: Sequence[str] = (),
    servfail: Sequence[str] = (),
    **extra: Any,
) -> Iterator[Config]:
    """``app.example.test`` served over HTTPS (and HTTP) on loopback, reached with --resolve and --ca-file.

    ``also_serve`` names more hosts answered by the same HTTPS server (a redirect target elsewhere);
    ``servfail`` names the DNS lab answers SERVFAIL for."""
    pki = Pki()
    issued = leaf(pki) if leaf else pki.leaf([APP])
    cert, key = issued.write(path, "app")
    root = pki.write_root(path)
    redirect = http_reply or Reply(301, (("Location", f"https://{APP}/"),))
    with contextlib.ExitStack() as stack:
        zone: dict[str, list[RecordData]] = {DOMAIN: [("NS", f"ns1.{DOMAIN}")], f"ns1.{DOMAIN}": [("A", "127.0.0.1")]}
        dns = stack.enter_context(DnsLab(zone, servfail=servfail))
        https = stack.enter_context(
            WebServer(
                routes=dict(https_routes or {}), default=Reply(200, tuple(https_headers)), tls=(cert, key),
                tls_min=tls_min,
            )
        )
        resolve = [f"{host}:443:127.0.0.1:{https.port}" for host in (APP, *also_serve)]
        if http_server:
            plain = stack.enter_context(WebServer(default=redirect))
            resolve.append(f"{APP}:80:127.0.0.1:{plain.port}")
        else:
            resolve.append(f"{APP}:80:127.0.0.1:{free_loopback_port()}")
        values: dict[str, Any] = {"subdomain": ("app",), "resolve": tuple(resolve), "ca_file": root}
        values.update(extra)
        yield lab_config(dns, path, check_id, **values)


def web_fixture(check_id: str, **kwargs: Any) -> Fixture:
    def fixture(path: Path) -> contextlib.AbstractContextManager[Config]:
        return web_lab(path, check_id, **kwargs)

    return fixture


def expired(pki: Pki) -> Issued:
    return pki.leaf([APP], not_before=dt.timedelta(days=-90), not_after=dt.timedelta(days=-1))


FIXTURES.update(
    {
        "domain.tls": (web_fixture("domain.tls", leaf=expired), web_fixture("domain.tls")),
        "domain.https-redirect": (
            web_fixture("domain.https-redirect", http_reply=Reply(200)),
            web_fixture("domain.https-redirect"),
        ),
        "domain.hsts": (web_fixture("domain.hsts", https_headers=()), web_fixture("domain.hsts")),
    }
)


# ---- CDN ----------------------------------------------------------------------------------------

WWW = f"www.{DOMAIN}"
CF_HEADERS = (("Server", "cloudflare"), ("CF-RAY", "8f1e2d3c4b5a6978-FRA"), HSTS_GOOD)


def cdn_zone(**extra: Sequence[RecordData]) -> dict[str, list[RecordData]]:
    """Apex on 127.0.0.2 (a "CDN address" only when a test declares it in extra-ranges), www → apex."""
    zone: dict[str, list[RecordData]] = {
        DOMAIN: [("NS", f"ns1.{DOMAIN}"), ("A", "127.0.0.2")],
        f"ns1.{DOMAIN}": [("A", "127.0.0.1")],
        WWW: [("CNAME", DOMAIN)],
    }
    for name, records in extra.items():
        zone[name] = list(records)
    return zone


@contextlib.contextmanager
def cdn_lab(
    path: Path,
    *,
    headers: Sequence[tuple[str, str]] = CF_HEADERS,
    zone: Mapping[str, Sequence[RecordData]] | None = None,
    extra_ranges: Sequence[str] = (),
    servfail: Sequence[str] = (),
    **extra: Any,
) -> Iterator[Config]:
    """The apex and www served over HTTPS on loopback with ``headers``; the zone from :func:`cdn_zone`."""
    pki = Pki()
    cert, key = pki.leaf([DOMAIN, WWW]).write(path, "cdn")
    root = pki.write_root(path)
    with (
        DnsLab(zone if zone is not None else cdn_zone(), zones=(DOMAIN,), servfail=servfail) as dns,
        WebServer(default=Reply(200, tuple(headers)), tls=(cert, key)) as https,
    ):
        closed = free_loopback_port()
        resolve = tuple(
            f"{host}:{port}:127.0.0.1:{https.port if port == 443 else closed}"
            for host in (DOMAIN, WWW)
            for port in (443, 80)
        )
        values: dict[str, Any] = {"subdomain": ("www",), "resolve": resolve, "ca_file": root}
        if extra_ranges:
            values["checks"] = {"domain.cdn": {"extra-ranges": list(extra_ranges)}}
        values.update(extra)
        yield lab_config(dns, path, "domain.cdn", **values)


def cdn_fixture(**kwargs: Any) -> Fixture:
    def fixture(path: Path) -> contextlib.AbstractContextManager[Config]:
        return cdn_lab(path, **kwargs)

    return fixture


FIXTURES["domain.cdn"] = (
    cdn_fixture(zone=cdn_zone(**{f"origin.{DOMAIN}": [("A", "127.0.0.9")]})),
    cdn_fixture(),
)
