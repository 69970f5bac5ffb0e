"""domain.https-redirect: http:// answers with a redirect to https:// on the same host, never downgrading."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from launchready.checks.domain._support import domain_target
from launchready.checks.domain._web import web_hosts
from launchready.context import CheckContext
from launchready.engines.tls_probe import fetch
from launchready.model import Check, CheckMeta, Effort, Evidence, Outcome, Severity, Status, Surface
from launchready.targets.domain import DomainTarget

META = CheckMeta(
    id="domain.https-redirect",
    title="HTTP redirects to HTTPS",
    surface=Surface.DOMAIN,
    severity=Severity.MEDIUM,
    criteria=(
        "Every web origin redirects http→https on the first hop, same host, never downgrades; an API host may "
        "instead refuse plain HTTP."
    ),
    why="Users type the bare name; the first request goes over plain HTTP and can be read or rewritten on the way.",
    breaks=(
        "Without a redirect, visitors stay on an unencrypted page where session cookies and login forms can be "
        "intercepted; a redirect via another host or back to http undoes HSTS."
    ),
    fix="Answer every http:// request with 301/308 to the same host over https://, then add HSTS.",
    references=("RFC 9110 §15.4", "RFC 6797 §7.2", "OWASP ASVS 9.1.1"),
    checklist=("http:// redirects to https:// on the same host",),
    effort=Effort.MINUTES,
)

MAX_HOPS = 10


def _follow(target: DomainTarget, host: str) -> list[Evidence]:
    url = f"http://{host}/"
    first = fetch(target, url)
    if first.refused:
        return [Evidence(Status.PASS, "plain HTTP is refused (acceptable for an API host)", url, first.error)]
    if first.error:
        return [Evidence(Status.ERROR, first.error, url)]
    hops: list[str] = [url]
    resp = first
    out: list[Evidence] = []
    for hop in range(MAX_HOPS):
        location = resp.header_values("Location")
        if resp.status not in (301, 302, 303, 307, 308) or not location:
            break
        nxt = urljoin(resp.url, location[0])
        prev, new = urlsplit(resp.url), urlsplit(nxt)
        if prev.scheme == "https" and new.scheme == "http":
            return [
                Evidence(
                    Status.FAIL, f"redirect downgrades https → http: {resp.url} → {nxt}", resp.url, " → ".join(hops)
                )
            ]
        if hop == 0:
            if new.hostname != host:
                out.append(Evidence(Status.WARN, f"first hop leaves the host: {url} → {nxt}", url))
            if new.scheme == "http":
                out.append(Evidence(Status.WARN, f"first hop stays on http: {url} → {nxt}", url))
        hops.append(nxt)
        resp = fetch(target, nxt)
        if resp.error:
            return [Evidence(Status.ERROR, resp.error, nxt, " → ".join(hops))]
    chain = " → ".join(hops)
    if len(hops) == 1:
        return [Evidence(Status.FAIL, f"no redirect: http answers {resp.status} in plain text", url)]
    if urlsplit(hops[-1]).scheme != "https":
        return [*out, Evidence(Status.FAIL, f"redirects end on http: {hops[-1]}", url, chain)]
    if resp.status in (301, 302, 303, 307, 308) and resp.header_values("Location"):
        # Still redirecting after MAX_HOPS: a loop or an endless chain, which no browser finishes.
        return [*out, Evidence(Status.FAIL, f"more than {MAX_HOPS} redirects (a loop?): {resp.url} answers "
                               f"{resp.status} again", url, chain)]
    return [*out, Evidence(Status.PASS, f"redirects to {hops[-1]}", url, chain)]


def run(ctx: CheckContext) -> Outcome:
    target = domain_target(ctx)
    hosts, out = web_hosts(target)
    if not hosts and not out:
        return Outcome(Status.SKIP, f"no web host among {', '.join(target.hosts)} (no address record)")
    for host in hosts:
        out.extend(_follow(target, host))
    return Outcome.from_evidence(
        out, passed="every web host redirects to https", failed="HTTP redirects need attention"
    )


CHECK = Check(META, run)
