"""The domain surface: one resolver with three-state answers, connect-to overrides, a CA file.

Every DNS lookup a domain check makes goes through :class:`DomainResolver`, which answers *found*,
*absent* (NXDOMAIN or NODATA) or *error* (timeout, SERVFAIL, REFUSED — retried once). The checks
turn *error* into ``Status.ERROR`` with a hint; it is never read as "missing", never as a pass.

With ``--nameserver`` no system resolver is ever consulted: the dnspython resolver is built with
``configure=False``. TLS and HTTP probes reach a host through ``--resolve HOST:PORT:ADDR`` (like
curl; ``ADDR`` may carry a port, ``127.0.0.1:8443`` or ``[::1]:8443``, so a lab on unprivileged
ports can stand in for 443/80) or else through an A/AAAA lookup on the same resolver — never
``getaddrinfo`` on a public name.
"""

from __future__ import annotations

import enum
import ipaddress
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import dns.exception
import dns.name
import dns.query
import dns.rdatatype
import dns.resolver
import dns.xfr
import dns.zone

from launchready.config import Config
from launchready.errors import ConfigError


class LookupState(enum.StrEnum):
    FOUND = "found"
    ABSENT = "absent"
    ERROR = "error"


@dataclass(frozen=True)
class DnsAnswer:
    """One lookup's three-state answer. ``records`` are presentation strings (TXT strings joined)."""

    name: str
    rtype: str
    state: LookupState
    records: tuple[str, ...] = ()
    nxdomain: bool = False
    error: str = ""

    @property
    def found(self) -> bool:
        return self.state is LookupState.FOUND

    @property
    def absent(self) -> bool:
        return self.state is LookupState.ABSENT

    @property
    def failed(self) -> bool:
        return self.state is LookupState.ERROR

    @property
    def location(self) -> str:
        return f"{self.name} {self.rtype}"

    @property
    def hint(self) -> str:
        return (
            f"DNS error for {self.name} {self.rtype}: {self.error} — the answer could not be read, so nothing "
            "is concluded; check the nameserver (--nameserver) and retry"
        )


Lookup = Callable[[str, str], DnsAnswer]
"""What the e-mail engines take: ``lookup(name, rtype) -> DnsAnswer``."""


def _rdata_text(rdata: object, rtype: str) -> str:
    if rtype in ("TXT", "SPF"):
        strings: tuple[bytes, ...] = rdata.strings  # type: ignore[attr-defined]
        return b"".join(strings).decode("utf-8", errors="replace")
    text: str = rdata.to_text()  # type: ignore[attr-defined]
    return text


def parse_nameserver(value: str) -> tuple[str, int]:
    """``IP``, ``IP:PORT``, ``[IPv6]:PORT`` → (ip, port); a name is refused (it would need a resolver)."""
    host, port = value, 53
    if value.startswith("["):
        host, _, rest = value[1:].partition("]")
        if rest:
            if not rest.startswith(":"):
                raise ConfigError(f"bad --nameserver {value!r}", hint="use IP, IP:PORT or [IPv6]:PORT")
            port = _port(rest[1:], value, "--nameserver")
    elif value.count(":") == 1:
        host, _, p = value.partition(":")
        port = _port(p, value, "--nameserver")
    try:
        ipaddress.ip_address(host)
    except ValueError:
        raise ConfigError(
            f"--nameserver takes an IP address, not {value!r}", hint="e.g. --nameserver 127.0.0.1:5353"
        ) from None
    return host, port


def _port(text: str, whole: str, flag: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise ConfigError(f"bad port in {flag} {whole!r}", hint="a port is a number from 1 to 65535")
    return int(text)


def parse_resolve(value: str) -> tuple[tuple[str, int], tuple[str, int | None]]:
    """``HOST:PORT:ADDR[:CONNECT_PORT]`` → ((host, port), (addr, connect_port or None))."""
    host, sep1, rest = value.partition(":")
    port_text, sep2, addr_text = rest.partition(":")
    if not (sep1 and sep2 and host and addr_text):
        raise ConfigError(f"bad --resolve {value!r}", hint="use HOST:PORT:ADDR, e.g. www.example.com:443:127.0.0.1")
    port = _port(port_text, value, "--resolve")
    connect_port: int | None = None
    if addr_text.startswith("["):
        addr, _, tail = addr_text[1:].partition("]")
        if tail:
            connect_port = _port(tail.lstrip(":"), value, "--resolve")
    elif addr_text.count(":") == 1:
        addr, _, p = addr_text.partition(":")
        connect_port = _port(p, value, "--resolve")
    else:
        addr = addr_text
    try:
        ipaddress.ip_address(addr)
    except ValueError:
        raise ConfigError(f"--resolve needs an IP address as ADDR, not {addr!r}", hint=f"in {value!r}") from None
    return (host.rstrip(".").lower(), port), (addr, connect_port)


class DomainResolver:
    """dnspython behind a cache, three-state answers, one retry on error. Thread-safe."""

    def __init__(self, nameserver: str | None, timeout: float) -> None:
        if nameserver is not None:
            ip, port = parse_nameserver(nameserver)
            self._resolver = dns.resolver.Resolver(configure=False)
            self._resolver.nameservers = [ip]
            self._resolver.port = port
            self.nameserver_ip: str | None = ip
            self.nameserver_port = port
        else:  # no --nameserver: the user asked for the real world, so the system's resolver it is
            self._resolver = dns.resolver.Resolver(configure=True)
            self.nameserver_ip = None
            self.nameserver_port = 53
        self._resolver.timeout = timeout
        self._resolver.lifetime = timeout
        self._resolver.retry_servfail = False
        self.timeout = timeout
        self._cache: dict[tuple[str, str], DnsAnswer] = {}
        self._lock = threading.Lock()

    def lookup(self, name: str, rtype: str) -> DnsAnswer:
        key = (name.rstrip(".").lower(), rtype.upper())
        with self._lock:
            cached = self._cache.get(key)
        if cached is not None:
            return cached
        answer = self._query(*key)
        if answer.failed:
            answer = self._query(*key)  # once: a lost UDP packet is not a verdict
        with self._lock:
            self._cache[key] = answer
        return answer

    def _query(self, name: str, rtype: str) -> DnsAnswer:
        try:
            result = self._resolver.resolve(name, rtype, search=False)
        except dns.resolver.NXDOMAIN:
            return DnsAnswer(name, rtype, LookupState.ABSENT, nxdomain=True)
        except dns.resolver.NoAnswer:
            return DnsAnswer(name, rtype, LookupState.ABSENT)
        except dns.resolver.NoNameservers as exc:
            return DnsAnswer(name, rtype, LookupState.ERROR, error=_servfail_text(exc))
        except dns.exception.Timeout:
            return DnsAnswer(name, rtype, LookupState.ERROR, error=f"timeout after {self.timeout:g} s")
        except (dns.name.LabelTooLong, dns.name.EmptyLabel, dns.name.NameTooLong) as exc:
            return DnsAnswer(name, rtype, LookupState.ABSENT, error=f"not a valid DNS name: {exc}")
        except dns.exception.DNSException as exc:
            return DnsAnswer(name, rtype, LookupState.ERROR, error=f"{type(exc).__name__}: {exc}")
        records = tuple(_rdata_text(r, rtype) for r in result)
        return DnsAnswer(name, rtype, LookupState.FOUND, records)


def _servfail_text(exc: dns.resolver.NoNameservers) -> str:
    text = str(exc)
    for code in ("SERVFAIL", "REFUSED", "NOTIMP", "FORMERR"):
        if code in text:
            return f"nameserver answered {code}"
    return "no nameserver gave a usable answer"


@dataclass(frozen=True)
class ZoneTransfer:
    nameserver: str
    address: str
    allowed: bool
    names: tuple[str, ...] = ()
    error: str = ""
    answered: bool = True
    """False when the server neither gave the zone nor refused it (timeout, garbage): undetermined."""


class DomainTarget:
    """What the domain checks share: declared names, the resolver, connect-to overrides, the CA file."""

    def __init__(
        self,
        *,
        domain: str,
        subdomains: tuple[str, ...] = (),
        dkim_selectors: tuple[str, ...] = (),
        resolver: DomainResolver,
        overrides: dict[tuple[str, int], tuple[str, int | None]] | None = None,
        ca_file: Path | None = None,
    ) -> None:
        self.domain = domain.rstrip(".").lower()
        self.subdomains = tuple(self._fqdn(s) for s in subdomains)
        self.dkim_selectors = dkim_selectors
        self.resolver = resolver
        self.overrides = dict(overrides or {})
        self.ca_file = ca_file
        self._lock = threading.Lock()
        self._memo: dict[tuple[str, ...], object] = {}

    def _fqdn(self, sub: str) -> str:
        sub = sub.rstrip(".").lower()
        return sub if sub == self.domain or sub.endswith("." + self.domain) else f"{sub}.{self.domain}"

    def lookup(self, name: str, rtype: str) -> DnsAnswer:
        return self.resolver.lookup(name, rtype)

    @property
    def hosts(self) -> tuple[str, ...]:
        """The apex and the declared subdomains, in that order."""
        return (self.domain, *[s for s in self.subdomains if s != self.domain])

    def is_null_mx(self) -> bool:
        """RFC 7505: a single MX of preference 0 and target "." — the domain sends/receives no mail."""
        mx = self.lookup(self.domain, "MX")
        return mx.found and len(mx.records) == 1 and mx.records[0].split()[-1] == "."

    def addresses(self, host: str, port: int) -> tuple[list[tuple[str, int]], DnsAnswer | None]:
        """Where to connect for ``host:port``: the override, else A/AAAA from our resolver.

        Returns the (addr, port) list and, when DNS was asked and failed, the failing answer.
        """
        override = self.overrides.get((host.lower(), port))
        if override is not None:
            addr, connect_port = override
            return [(addr, connect_port or port)], None
        out: list[tuple[str, int]] = []
        for rtype in ("A", "AAAA"):
            answer = self.lookup(host, rtype)
            if answer.failed:
                return [], answer
            out.extend((r, port) for r in answer.records)
        return out, None

    def is_web_host(self, host: str) -> tuple[bool, DnsAnswer | None]:
        """A host is probed over HTTP/TLS when it has an override or an address record."""
        if any(h == host for h, _ in self.overrides):
            return True, None
        addrs, failed = self.addresses(host, 443)
        return bool(addrs), failed

    def zone_transfer(self, ns_name: str, address: str, zone: str | None = None) -> ZoneTransfer:
        """Ask ``address`` (the NS's address; in a lab, on the lab's port) for AXFR of ``zone`` (the apex)."""
        origin = zone or self.domain
        key = ("axfr", ns_name, address, origin)
        with self._lock:
            if key in self._memo:
                return self._memo[key]  # type: ignore[return-value]
        port = self.resolver.nameserver_port if self.resolver.nameserver_ip else 53
        try:
            transferred = dns.zone.from_xfr(
                dns.query.xfr(
                    address, origin, port=port, timeout=self.resolver.timeout, lifetime=self.resolver.timeout * 2
                )
            )
            names = tuple(sorted(str(n) for n in transferred.nodes))
            result = ZoneTransfer(ns_name, address, True, names)
        except dns.xfr.TransferError as exc:
            result = ZoneTransfer(
                ns_name, address, False, error=f"refused ({exc.rcode.name})" if hasattr(exc, "rcode") else str(exc)
            )
        except (ConnectionRefusedError, ConnectionResetError, EOFError) as exc:
            # The TCP port is closed, or the server hung up on the request: that is a refusal.
            result = ZoneTransfer(ns_name, address, False, error=f"refused ({type(exc).__name__})")
        except (dns.exception.DNSException, OSError) as exc:
            # A timeout or an unreadable answer says nothing about whether AXFR is open.
            result = ZoneTransfer(ns_name, address, False, error=f"{type(exc).__name__}: {exc}", answered=False)
        with self._lock:
            self._memo[key] = result
        return result

    def memo(self, key: tuple[str, ...], make: Callable[[], object]) -> object:
        """Cache one probe's result on the target (several checks read the same handshake)."""
        with self._lock:
            if key in self._memo:
                return self._memo[key]
        value = make()
        with self._lock:
            self._memo.setdefault(key, value)
            return self._memo[key]

    def close(self) -> None:
        with self._lock:
            self._memo.clear()


def build_domain_target(config: Config) -> DomainTarget | None:
    """The domain target for a scan, or ``None`` when no domain is declared."""
    if config.domain is None:
        return None
    domain = config.domain.strip().rstrip(".").lower()
    if not domain or " " in domain or "/" in domain:
        raise ConfigError(f"--domain takes a DNS name, not {config.domain!r}", hint="e.g. --domain example.com")
    overrides: dict[tuple[str, int], tuple[str, int | None]] = {}
    for item in config.resolve:
        key, where = parse_resolve(item)
        overrides[key] = where
    if config.ca_file is not None and not config.ca_file.is_file():
        raise ConfigError(f"--ca-file not found: {config.ca_file}", hint="give a PEM file of trusted roots")
    resolver = DomainResolver(config.nameserver, config.dns_timeout)
    return DomainTarget(
        domain=domain,
        subdomains=config.subdomain,
        dkim_selectors=config.dkim_selector,
        resolver=resolver,
        overrides=overrides,
        ca_file=config.ca_file,
    )
