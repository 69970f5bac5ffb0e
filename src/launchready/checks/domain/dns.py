"""domain.dns: the domain and declared subdomains resolve; no dangling CNAME; no open AXFR; CAA present."""

from __future__ import annotations

from launchready.checks.domain._support import dns_error, domain_target
from launchready.context import CheckContext
from launchready.model import Check, CheckMeta, Effort, Evidence, Outcome, Severity, Status, Surface
from launchready.targets.domain import DomainTarget

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


def _subdomain(target: DomainTarget, host: str, wildcard: bool) -> list[Evidence]:
    cname = target.lookup(host, "CNAME")
    if cname.failed:
        return [dns_error(cname)]
    if cname.found:
        dest = cname.records[0].rstrip(".")
        out: list[Evidence] = []
        for rtype in ("A", "AAAA"):
            answer = target.lookup(dest, rtype)
            if answer.failed:
                return [dns_error(answer)]
            if answer.found:
                return [Evidence(Status.PASS, f"{host} → {dest} resolves", f"{host} CNAME")]
            if answer.nxdomain:
                out = [
                    Evidence(
                        Status.FAIL,
                        f"dangling CNAME: {host} → {dest}, which does not exist (takeover risk)",
                        f"{host} CNAME",
                        f"{dest} {rtype}: NXDOMAIN",
                    )
                ]
                break
        return out or [Evidence(Status.FAIL, f"{host} → {dest} has no address", f"{host} CNAME")]
    for rtype in ("A", "AAAA"):
        answer = target.lookup(host, rtype)
        if answer.failed:
            return [dns_error(answer)]
        if answer.found:
            note = " (the zone has a wildcard: this may be it)" if wildcard else ""
            return [Evidence(Status.PASS, f"{host} resolves to {', '.join(answer.records)}{note}", f"{host} {rtype}")]
    return [Evidence(Status.FAIL, f"{host} does not resolve", f"{host} A")]


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
    for host in target.subdomains:
        out.extend(_subdomain(target, host, wildcard))
    for ns_name in (r.rstrip(".") for r in ns.records):
        addrs = target.lookup(ns_name, "A")
        if addrs.failed:
            out.append(dns_error(addrs))
            continue
        for address in addrs.records:
            xfr = target.zone_transfer(ns_name, address)
            if xfr.allowed:
                out.append(
                    Evidence(
                        Status.FAIL,
                        f"{ns_name} ({address}) allows a zone transfer (AXFR) of {domain}",
                        f"{domain} AXFR @{ns_name}",
                        f"{len(xfr.names)} names: {', '.join(xfr.names[:8])}",
                    )
                )
            elif not xfr.answered:
                out.append(
                    Evidence(
                        Status.WARN,
                        f"zone transfer undetermined: {ns_name} ({address}) gave no usable answer to AXFR",
                        f"{domain} AXFR @{ns_name}",
                        xfr.error,
                    )
                )
            else:
                out.append(Evidence(Status.PASS, f"{ns_name} refuses AXFR: {xfr.error}", f"{domain} AXFR @{ns_name}"))
    caa = target.lookup(domain, "CAA")
    if caa.failed:
        out.append(dns_error(caa))
    elif caa.found:
        out.append(Evidence(Status.PASS, f"CAA: {'; '.join(caa.records)}", f"{domain} CAA"))
    else:
        out.append(
            Evidence(Status.WARN, "no CAA record: any certificate authority may issue for this domain", f"{domain} CAA")
        )
    return Outcome.from_evidence(
        out,
        passed=f"{domain} and its declared subdomains are live and tidy",
        failed=f"DNS for {domain} needs attention",
    )


CHECK = Check(META, run)
