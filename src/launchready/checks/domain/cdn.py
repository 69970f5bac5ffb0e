"""domain.cdn: public hosts sit behind a CDN/DDoS proxy, and no subdomain hands out the origin's address.

Signals, per host: CDN response headers (``cf-ray``, ``x-amz-cf-id``…), an address in the bundled,
dated CDN ranges (plus the ``extra-ranges`` option), a CNAME into a CDN's namespace. The apex's NS
names are reported too, but only as a zone-level hint: nameservers at Cloudflare or Route 53 do not
make a record proxied (Cloudflare's "DNS only" records are the classic origin leak).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from launchready.checks.domain._cdn import CdnData, header_signals, load_cdn_data
from launchready.checks.domain._support import dns_error, domain_target
from launchready.checks.domain._web import web_hosts
from launchready.context import CheckContext
from launchready.engines.tls_probe import fetch
from launchready.model import Check, CheckMeta, Effort, Evidence, Outcome, Severity, Status, Surface
from launchready.targets.domain import DomainTarget

META = CheckMeta(
    id="domain.cdn",
    title="Behind a CDN / DDoS proxy, origin not exposed",
    surface=Surface.DOMAIN,
    severity=Severity.MEDIUM,
    criteria=(
        "Public hosts are behind a CDN/DDoS proxy (evidence: response headers, NS names, bundled dated IP ranges); "
        "origin not exposed on an unproxied subdomain."
    ),
    why=(
        "A proxy in front of the product absorbs floods and bot traffic before they reach the (small, expensive, "
        "LLM-calling) origin. The protection only holds while the origin's own address stays unknown."
    ),
    breaks=(
        "A subdomain such as `origin.` or `api.` that resolves straight to the server lets anyone bypass the CDN: "
        "its rate limits, WAF rules and DDoS absorption no longer apply, and a flood lands on the origin."
    ),
    fix=(
        "Put every public host behind the CDN (proxied records, not DNS-only); remove or proxy records that point "
        "at the origin, then change the origin's address and firewall it to accept only the CDN's ranges. A small "
        "product without a CDN can be fine: then rely on the host's own rate limits and say so."
    ),
    references=("OWASP API4:2023", "OWASP ASVS 1.14.6", "CWE-400"),
    checklist=("Public hosts behind a CDN / DDoS proxy", "Origin address not exposed"),
    effort=Effort.HOURS,
)

OPTIONS: dict[str, tuple[str, ...]] = {
    # CIDRs that count as a CDN's: your own proxy's, or (in a lab) a loopback address made to look proxied.
    "extra-ranges": (),
    # Names probed for an exposed origin even when not declared (their address only, never fetched).
    "origin-names": ("origin", "direct", "api"),
}


NO_RESPONSE = "no response to read headers from"


@dataclass
class HostView:
    host: str
    addresses: list[str] = field(default_factory=list)
    signals: list[tuple[str, str]] = field(default_factory=list)
    """(provider, what was seen) — headers, address ranges, CNAME targets."""
    where: str = ""
    note: str = ""

    @property
    def proxied(self) -> bool:
        return bool(self.signals)


def _addresses(target: DomainTarget, host: str) -> tuple[list[str], list[Evidence], str]:
    """The public (DNS) addresses of ``host``, else its --resolve override; and its CNAME target."""
    errors: list[Evidence] = []
    cname = target.lookup(host, "CNAME")
    if cname.failed:
        errors.append(dns_error(cname))
    addrs: list[str] = []
    for rtype in ("A", "AAAA"):
        answer = target.lookup(host, rtype)
        if answer.failed:
            errors.append(dns_error(answer))
        addrs.extend(answer.records)
    if not addrs and not errors:
        addrs = sorted({a for (h, _), (a, _) in target.overrides.items() if h == host})
    return addrs, errors, cname.records[0].rstrip(".") if cname.found else ""


def _address_signals(view: HostView, data: CdnData, cname: str) -> None:
    for address in view.addresses:
        provider = data.provider_of_address(address)
        if provider is not None:
            view.signals.append((provider, f"{address} is in {provider}'s ranges (snapshot {data.as_of})"))
    if cname:
        provider = data.provider_of_cname(cname)
        if provider is not None:
            view.signals.append((provider, f"CNAME {cname}"))


def _web_view(target: DomainTarget, host: str, data: CdnData) -> tuple[HostView, list[Evidence]]:
    addrs, errors, cname = _addresses(target, host)
    view = HostView(host, addrs, where=f"https://{host}/ response headers")
    _address_signals(view, data, cname)
    resp = fetch(target, f"https://{host}/", verify=False)
    if resp.error:
        plain = fetch(target, f"http://{host}/")
        if not plain.error:
            resp, view.where = plain, f"http://{host}/ response headers"
        else:
            view.note = f"{NO_RESPONSE}: {resp.error}"
    if not resp.error:
        view.signals.extend(header_signals(resp.headers))
    return view, errors


def _provider_text(view: HostView) -> str:
    providers = sorted({p for p, _ in view.signals})
    return ", ".join(providers)


def run(ctx: CheckContext) -> Outcome:
    target = domain_target(ctx)
    try:
        data = load_cdn_data(tuple(ctx.options.get("extra-ranges", ())))
    except ValueError as exc:
        return Outcome(Status.ERROR, str(exc), (Evidence(Status.ERROR, str(exc), 'checks."domain.cdn".extra-ranges'),))
    hosts, out = web_hosts(target)
    ns = target.lookup(target.domain, "NS")
    ns_providers: list[tuple[str, str]] = []
    if ns.failed:
        out.append(dns_error(ns))
    else:
        for name in ns.records:
            provider = data.provider_of_ns(name)
            if provider is not None:
                ns_providers.append((provider, name.rstrip(".")))
    if not hosts and not out:
        return Outcome(Status.SKIP, f"no web host among {', '.join(target.hosts)} (no address record)")

    views: list[HostView] = []
    for host in hosts:
        view, errors = _web_view(target, host, data)
        out.extend(errors)
        views.append(view)
    # Common origin names nobody declared: only their address can betray them (no fetch to a guess).
    declared = set(hosts) | set(target.hosts)
    for label in ctx.options.get("origin-names", ()):
        host = f"{str(label).strip('.').lower()}.{target.domain}"
        if host in declared:
            continue
        addrs, errors, cname = _addresses(target, host)
        out.extend(errors)
        if addrs:
            view = HostView(host, addrs, where=f"{host} A", note="not declared; found by its common origin name")
            _address_signals(view, data, cname)
            views.append(view)

    proxied = [v for v in views if v.proxied]
    proxied_addresses = {a for v in proxied for a in v.addresses}
    for name_provider, name in ns_providers:
        out.append(
            Evidence(
                Status.PASS if proxied else Status.WARN,
                f"nameserver {name} is {name_provider}'s"
                + ("" if proxied else ", yet no host shows a CDN header or address: records may be DNS-only"),
                f"{target.domain} NS",
            )
        )
    if not proxied:
        for view in views:
            out.append(
                Evidence(
                    Status.WARN,
                    f"no CDN/DDoS proxy in front of {view.host}: no CDN header, address or CNAME "
                    "(a small product may be fine without one if its own rate limits hold; say so in the review)",
                    view.where,
                    "; ".join(x for x in (f"addresses: {', '.join(view.addresses)}", view.note) if x),
                )
            )
        return Outcome.from_evidence(
            out, passed="no CDN signal", failed=f"no CDN/DDoS proxy seen in front of {target.domain}"
        )
    for view in views:
        if view.proxied:
            seen = "; ".join(s for _, s in view.signals[:4])
            out.append(Evidence(Status.PASS, f"{view.host} is behind {_provider_text(view)}", view.where, seen))
        elif view.addresses and set(view.addresses) <= proxied_addresses:
            out.append(Evidence(Status.PASS, f"{view.host} shares the proxied hosts' address", f"{view.host} A"))
        elif view.note.startswith(NO_RESPONSE):
            # A declared host is judged by its headers too; unread, "no CDN header" cannot be said.
            out.append(
                Evidence(
                    Status.WARN,
                    f"CDN undetermined for {view.host}: {', '.join(view.addresses) or 'its address'} is in no CDN "
                    "range, and its response headers could not be read",
                    view.where,
                    view.note,
                )
            )
        else:
            front = ", ".join(v.host for v in proxied[:3])
            out.append(
                Evidence(
                    Status.FAIL,
                    f"origin exposed on {view.host}: {', '.join(view.addresses) or 'its address'} is in no CDN range "
                    f"and sends no CDN header, while {front} is proxied",
                    f"{view.host} A",
                    "; ".join(x for x in (view.note, f"CDN ranges snapshot {data.as_of}") if x),
                )
            )
    return Outcome.from_evidence(
        out,
        passed=f"every public host of {target.domain} is behind a CDN and no origin address is exposed",
        failed=f"the CDN in front of {target.domain} can be bypassed",
    )


CHECK = Check(META, run, options=OPTIONS)
