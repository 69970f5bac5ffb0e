"""domain.hsts: a strictly valid Strict-Transport-Security header of at least six months."""

from __future__ import annotations

from launchready.checks.domain._support import domain_target
from launchready.checks.domain._web import web_hosts
from launchready.context import CheckContext
from launchready.engines.hsts import ONE_YEAR, parse_hsts
from launchready.engines.tls_probe import fetch
from launchready.model import Check, CheckMeta, Effort, Evidence, Outcome, Severity, Status, Surface

META = CheckMeta(
    id="domain.hsts",
    title="HSTS enabled",
    surface=Surface.DOMAIN,
    severity=Severity.MEDIUM,
    criteria=(
        "Strictly parsed (RFC 6797) HSTS on the https response, max-age ≥ 6 months (1 year recommended), ignored "
        "when sent over http."
    ),
    why="HSTS makes browsers use https for your domain without ever trying http first, closing the downgrade window.",
    breaks="Without it, the first request of every visit can be stripped to http by anyone on the network path.",
    fix="Send `Strict-Transport-Security: max-age=31536000; includeSubDomains` on every https response.",
    references=("RFC 6797", "OWASP ASVS 9.1.1", "OWASP Secure Headers Project"),
    checklist=("HSTS with max-age ≥ 6 months",),
    effort=Effort.MINUTES,
)

SIX_MONTHS_FLOOR = 15_552_000
"""180 days: the shortest reading of "six months" (six 30-day months; Mozilla Observatory's minimum, a
common framework default). Anything shorter is under six months by every count, so it fails; a value
between this and 182.5 days is six months by some counts, and failing it would be a false blocker."""


def run(ctx: CheckContext) -> Outcome:
    target = domain_target(ctx)
    hosts, out = web_hosts(target)
    if not hosts and not out:
        return Outcome(Status.SKIP, f"no web host among {', '.join(target.hosts)} (no address record)")
    for host in hosts:
        url = f"https://{host}/"
        resp = fetch(target, url)
        untrusted = ""
        if resp.error and "CERTIFICATE_VERIFY_FAILED" in resp.error:
            # RFC 6797 §8.1: a browser ignores HSTS on a connection with certificate errors; read it anyway.
            untrusted = resp.error
            resp = fetch(target, url, verify=False)
        if resp.error:
            out.append(Evidence(Status.ERROR, resp.error, url))
            continue
        values = resp.header_values("Strict-Transport-Security")
        if not values:
            out.append(Evidence(Status.FAIL, "no Strict-Transport-Security header", f"{url} Strict-Transport-Security"))
            continue
        if untrusted:
            out.append(
                Evidence(
                    Status.FAIL,
                    "browsers ignore this header: the certificate does not verify (RFC 6797 §8.1)",
                    f"{url} Strict-Transport-Security",
                    f"{values[0]} — {untrusted}",
                )
            )
            continue
        policy = parse_hsts(values[0])  # RFC 6797 §8.1: only the first header counts
        where = f"{url} Strict-Transport-Security"
        if policy.error or policy.max_age is None:
            out.append(Evidence(Status.FAIL, f"invalid header, browsers ignore it: {policy.error}", where, values[0]))
        elif policy.max_age < SIX_MONTHS_FLOOR:
            out.append(
                Evidence(
                    Status.FAIL,
                    f"max-age={policy.max_age} is under six months ({SIX_MONTHS_FLOOR} s, 180 days)",
                    where,
                    values[0],
                )
            )
        elif policy.max_age < ONE_YEAR:
            out.append(Evidence(Status.PASS, f"max-age={policy.max_age} (one year recommended)", where, values[0]))
        else:
            out.append(Evidence(Status.PASS, f"max-age={policy.max_age}", where, values[0]))
    return Outcome.from_evidence(out, passed="HSTS is set on every web host", failed="HSTS needs attention")


CHECK = Check(META, run)
