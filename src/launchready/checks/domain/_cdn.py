"""CDN fingerprints for domain.cdn: response headers (code), NS/CNAME names and IP ranges (bundled data).

The ranges are a dated snapshot in ``launchready/data/cdn_ranges.json``, read from the package and
never fetched: nothing leaves the machine but the probes to the declared hosts.
"""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class HeaderPrint:
    provider: str
    header: str
    """Lower-case name; a trailing ``*`` matches a prefix (``x-akamai-*``)."""
    value: re.Pattern[str] | None = None
    """``None``: the header's presence is the signal."""

    def matches(self, name: str, value: str) -> bool:
        name = name.lower()
        named = name.startswith(self.header[:-1]) if self.header.endswith("*") else name == self.header
        return named and (self.value is None or bool(self.value.search(value)))


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


HEADER_PRINTS: tuple[HeaderPrint, ...] = (
    HeaderPrint("Cloudflare", "cf-ray"),
    HeaderPrint("Cloudflare", "server", _re(r"^cloudflare")),
    HeaderPrint("Amazon CloudFront", "x-amz-cf-id"),
    HeaderPrint("Amazon CloudFront", "x-amz-cf-pop"),
    HeaderPrint("Amazon CloudFront", "via", _re(r"cloudfront")),
    HeaderPrint("Fastly", "x-fastly-request-id"),
    HeaderPrint("Fastly", "x-served-by", _re(r"\bcache-[a-z0-9]+-[a-z]+")),
    HeaderPrint("Akamai", "akamai-grn"),
    HeaderPrint("Akamai", "x-akamai-*"),
    HeaderPrint("Akamai", "server", _re(r"^AkamaiGHost")),
    HeaderPrint("Vercel", "x-vercel-id"),
    HeaderPrint("Netlify", "x-nf-request-id"),
    HeaderPrint("Azure Front Door", "x-azure-ref"),
    HeaderPrint("Google Cloud CDN", "via", _re(r"^1\.1 google\b")),
    HeaderPrint("Bunny CDN", "cdn-pullzone"),
    HeaderPrint("Bunny CDN", "cdn-requestid"),
    HeaderPrint("Bunny CDN", "server", _re(r"^BunnyCDN")),
    HeaderPrint("Sucuri", "x-sucuri-id"),
    HeaderPrint("Sucuri", "server", _re(r"^Sucuri")),
    HeaderPrint("Imperva", "x-iinfo"),
    HeaderPrint("Imperva", "x-cdn", _re(r"incapsula|imperva")),
)


def header_signals(headers: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """(provider, "header: value") for every fingerprint the response carries."""
    out: list[tuple[str, str]] = []
    for name, value in headers:
        for p in HEADER_PRINTS:
            if p.matches(name, value):
                out.append((p.provider, f"{name.lower()}: {value[:80]}"))
                break
    return out


@dataclass(frozen=True)
class CdnData:
    as_of: str
    ranges: tuple[tuple[str, Network], ...]
    ns: tuple[tuple[str, str], ...]
    cname: tuple[tuple[str, str], ...]

    def provider_of_address(self, address: str) -> str | None:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return None
        for provider, net in self.ranges:
            if ip.version == net.version and ip in net:
                return provider
        return None

    def provider_of_ns(self, name: str) -> str | None:
        name = name.lower().rstrip(".")
        return next((p for p, needle in self.ns if needle in name + "."), None)

    def provider_of_cname(self, name: str) -> str | None:
        name = name.lower().rstrip(".")
        return next((p for p, suffix in self.cname if name.endswith(suffix) or name == suffix[1:]), None)


def load_cdn_data(extra_ranges: Sequence[str] = ()) -> CdnData:
    """The bundled snapshot plus ``extra-ranges`` (the user's own proxy, or a lab's loopback addresses).

    Raises ``ValueError`` naming a malformed extra range.
    """
    raw = json.loads(resources.files("launchready.data").joinpath("cdn_ranges.json").read_text(encoding="utf-8"))
    ranges: list[tuple[str, Network]] = []
    ns: list[tuple[str, str]] = []
    cname: list[tuple[str, str]] = []
    for provider, spec in raw["providers"].items():
        ranges.extend((provider, ipaddress.ip_network(r)) for r in spec["ranges"])
        ns.extend((provider, n) for n in spec["ns"])
        cname.extend((provider, c) for c in spec["cname"])
    for item in extra_ranges:
        try:
            ranges.append(("declared range (extra-ranges)", ipaddress.ip_network(str(item), strict=False)))
        except ValueError:
            raise ValueError(f"extra-ranges: {item!r} is not an IP network (e.g. 203.0.113.0/24)") from None
    return CdnData(str(raw["as_of"]), tuple(ranges), tuple(ns), tuple(cname))
