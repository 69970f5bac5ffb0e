"""domain.dns: the domain and declared subdomains resolve; no dangling CNAME; no open AXFR; CAA present.

Which names must have an address: every declared subdomain, and the scanned name itself when it is a
web origin — no subdomain declared, a first label of www/app/api, or named by --resolve. An apex that
exists (NOERROR) without an address while declared subdomains serve the product is a mail or zone
apex, not a web origin: that is said in its evidence, never failed. CAA is judged per host by the
RFC 8659 §3 climb (see ``_caa``).
"""

from __future__ import annotations

from launchready.checks.domain._caa import relevant_caa
from launchready.checks.domain._support import dns_error, domain_target
from launchready.context import CheckContext
from launchready.model import Check, CheckMeta, Effort, Evidence, Outcome, Severity, Status, Surface
from launchready.targets.domain import DnsAnswer, DomainTarget

META = CheckMeta(
    id="domain.dns",
    title="DNS live, no dangling records, no open zone transfer",
    surface=Surface.DOMAIN,
    severity=Severity.HIGH,
    criteria=(
        "Apex and declared subdomains (`www`, `app`, `api`, …) resolve; no dangling CNAME (takeover risk); no "
        "open zone transfer; CAA present (warn). Every lookup is three-state — found / absent / error — and a "
        'DNS error is an `error`, never "missing".'
    ),
    why=(
        "Users reach the product by name. A CNAME that points at a deprovisioned cloud resource can be claimed by "
        "anyone (subdomain takeover); an open zone transfer hands out every internal host name."
    ),
    breaks=(
        "A dangling `app.` CNAME lets an attacker serve a phishing copy of your product on your own domain, with "
        "a valid certificate, and read cookies scoped to the parent domain."
    ),
    fix=(
        "Remove CNAMEs whose target no longer exists (or re-create the resource); refuse AXFR on every "
        "authoritative server except to your secondaries; add a CAA record naming your certificate authority."
    ),
    references=("RFC 1034", "RFC 5936", "RFC 8659", "OWASP WSTG-CONF-10"),
    checklist=("Domain and subdomains resolve", "No dangling CNAMEs", "Zone transfer refused", "CAA record"),
    effort=Effort.HOURS,
)

WILDCARD_PROBE = "launchready-wildcard-probe-7f3a"
WEB_LABELS = ("www", "app", "api")
"""A scanned name whose first label is one of these is a web origin even when subdomains are declared."""

APEX_RULE = (
    "rule: the apex is a web origin when no subdomain is declared, when its first label is www, app or api, "
    "or when --resolve names it; declared subdomains always are"
)


def _apex_is_web_origin(target: DomainTarget) -> bool:
    apex = target.domain
    return (
        not [s for s in target.subdomains if s != apex]
        or apex.split(".")[0] in WEB_LABELS
        or any(h == apex for h, _ in target.overrides)
    )


def _no_address(answers: list[DnsAnswer]) -> str:
    """What DNS said about a name with no A/AAAA: the name is missing, or it exists with no address."""
    if any(a.nxdomain for a in answers):
        return "NXDOMAIN (the name does not exist)"
    return "NOERROR/NODATA (the name exists, with no A or AAAA record)"


def _host(target: DomainTarget, host: str, wildcard: bool, *, web_origin: bool) -> list[Evidence]:
    """Does ``host`` reach an address? A declared web host that does not is a fail; a DNS error is an error."""
    cname = target.lookup(host, "CNAME")
    if cname.failed:
        return [dns_error(cname)]
    if cname.found:
        dest = cname.records[0].rstrip(".")
        seen: list[DnsAnswer] = []
        for rtype in ("A", "AAAA"):
            answer = target.lookup(dest, rtype)
            if answer.failed:
                return [dns_error(answer)]
            if answer.found:
                return [Evidence(Status.PASS, f"{host} → {dest} resolves", f"{host} CNAME")]
            seen.append(answer)
        if any(a.nxdomain for a in seen):
            return [
                Evidence(
                    Status.FAIL,
                    f"dangling CNAME: {host} → {dest}, which does not exist (takeover risk)",
                    f"{host} CNAME",
                    f"{dest} A: NXDOMAIN",
                )
            ]
        return [
            Evidence(
                Status.FAIL, f"{host} → {dest} has no address", f"{host} CNAME", f"{dest} A/AAAA: {_no_address(seen)}"
            )
        ]
    answers: list[DnsAnswer] = []
    for rtype in ("A", "AAAA"):
        answer = target.lookup(host, rtype)
        if answer.failed:
            return [dns_error(answer)]
        if answer.found:
            note = " (the zone has a wildcard: this may be it)" if wildcard else ""
            return [Evidence(Status.PASS, f"{host} resolves to {', '.join(answer.records)}{note}", f"{host} {rtype}")]
        answers.append(answer)
    said = _no_address(answers)
    if not web_origin and not any(a.nxdomain for a in answers):
        subs = ", ".join(s for s in target.subdomains if s != host)
        return [
            Evidence(
                Status.PASS,
                f"{host} has no address and is not a web origin: the product is served from {subs} ({APEX_RULE})",
                f"{host} A",
                f"{host} A/AAAA: {said}",
            )
        ]
    return [
        Evidence(
            Status.FAIL, f"{host} does not resolve: a web host with no address", f"{host} A", f"{host} A/AAAA: {said}"
        )
    ]


def _caa(target: DomainTarget, host: str) -> Evidence:
    """RFC 8659 §3: the relevant CAA RRset is the first found climbing from ``host`` towards the root."""
    search = relevant_caa(target.lookup, host)
    where = f"{host} CAA"
    failed = search.failed
    if failed is not None:
        return Evidence(
            Status.ERROR,
            f"CAA for {host} undetermined: {failed.hint}",
            failed.location,
            search.trail,
        )
    found = search.found
    if found is not None:
        inherited = "" if found.name == host else f" (inherited from {found.name}, RFC 8659 §3)"
        return Evidence(Status.PASS, f"CAA: {'; '.join(found.records)}{inherited}", where, search.trail)
    return Evidence(
        Status.WARN,
        f"no CAA record at {host} or any parent: any certificate authority may issue for it",
        where,
        search.trail,
    )


def _enclosing_zone(target: DomainTarget, ns: DnsAnswer) -> tuple[str, DnsAnswer]:
    """The zone that serves the scanned name: itself when it has NS records, else the nearest parent
    that has them (a scan of ``app.example.com`` asks ``example.com``'s servers) — never a TLD."""
    labels = target.domain.split(".")
    zone, answer = target.domain, ns
    for i in range(1, len(labels) - 1):
        if not answer.absent:
            break
        zone = ".".join(labels[i:])
        answer = target.lookup(zone, "NS")
    return zone, answer


def _zone_transfers(target: DomainTarget, apex_ns: DnsAnswer) -> list[Evidence]:
    """AXFR asked of every nameserver of the enclosing zone; a server that was not asked is not a refusal."""
    zone, ns = _enclosing_zone(target, apex_ns)
    if ns.failed:
        return [dns_error(ns)]
    if not ns.found:
        return [
            Evidence(
                Status.WARN,
                f"zone transfer undetermined: no zone with NS records found for {target.domain} below its TLD",
                f"{target.domain} NS",
                f"{ns.name} NS: {'NXDOMAIN' if ns.nxdomain else 'NOERROR/NODATA'}",
            )
        ]
    out: list[Evidence] = []
    for ns_name in (r.rstrip(".") for r in ns.records):
        addrs = target.lookup(ns_name, "A")
        if addrs.absent:  # an IPv6-only nameserver is asked over IPv6
            addrs = target.lookup(ns_name, "AAAA")
        if addrs.failed:
            out.append(dns_error(addrs))
            continue
        if not addrs.records:  # not asked is not refused
            out.append(
                Evidence(
                    Status.WARN,
                    f"zone transfer undetermined: {ns_name} has no address to ask for AXFR",
                    f"{zone} AXFR @{ns_name}",
                    f"{ns_name} A/AAAA: {_no_address([addrs])}",
                )
            )
        for address in addrs.records:
            xfr = target.zone_transfer(ns_name, address, zone)
            if xfr.allowed:
                out.append(
                    Evidence(
                        Status.FAIL,
                        f"{ns_name} ({address}) allows a zone transfer (AXFR) of {zone}",
                        f"{zone} AXFR @{ns_name}",
                        f"{len(xfr.names)} names: {', '.join(xfr.names[:8])}",
                    )
                )
            elif not xfr.answered:
                out.append(
                    Evidence(
                        Status.WARN,
                        f"zone transfer undetermined: {ns_name} ({address}) gave no usable answer to AXFR",
                        f"{zone} AXFR @{ns_name}",
                        xfr.error,
                    )
                )
            else:
                out.append(Evidence(Status.PASS, f"{ns_name} refuses AXFR: {xfr.error}", f"{zone} AXFR @{ns_name}"))
    return out


def run(ctx: CheckContext) -> Outcome:
    target = domain_target(ctx)
    domain = target.domain
    out: list[Evidence] = []
    ns = target.lookup(domain, "NS")
    if ns.failed:
        return Outcome(Status.ERROR, ns.hint, (dns_error(ns),))
    if ns.absent and ns.nxdomain:
        return Outcome(Status.FAIL, f"{domain} does not exist", (Evidence(Status.FAIL, "NXDOMAIN", f"{domain} NS"),))
    wild = target.lookup(f"{WILDCARD_PROBE}.{domain}", "A")
    wildcard = wild.found
    if wild.failed:
        out.append(dns_error(wild))
    elif wildcard:
        out.append(
            Evidence(
                Status.WARN,
                "wildcard record: every name resolves, typos and takeovers included",
                f"*.{domain} A",
                f"{wild.name} → {', '.join(wild.records)}",
            )
        )
    for host in target.hosts:
        web_origin = host != domain or _apex_is_web_origin(target)
        out.extend(_host(target, host, wildcard, web_origin=web_origin))
    out.extend(_zone_transfers(target, ns))
    out.extend(_caa(target, host) for host in target.hosts)
    return Outcome.from_evidence(
        out,
        passed=f"{domain} and its declared subdomains are live and tidy",
        failed=f"DNS for {domain} needs attention",
    )


CHECK = Check(META, run)
