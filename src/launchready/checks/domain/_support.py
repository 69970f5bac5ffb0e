"""What the domain checks share: the target accessor and findings → evidence."""

from __future__ import annotations

from collections.abc import Iterable

from launchready.context import CheckContext
from launchready.engines.email_auth import Finding, Level
from launchready.model import Evidence, Status, Surface
from launchready.targets.domain import DnsAnswer, DomainTarget

LEVEL_STATUS = {Level.OK: Status.PASS, Level.WARN: Status.WARN, Level.FAIL: Status.FAIL, Level.ERROR: Status.ERROR}


def domain_target(ctx: CheckContext) -> DomainTarget:
    target = ctx.target(Surface.DOMAIN)
    assert isinstance(target, DomainTarget)
    return target


def evidence(findings: Iterable[Finding]) -> tuple[Evidence, ...]:
    return tuple(Evidence(LEVEL_STATUS[f.level], f.message, f.location, f.detail) for f in findings)


def dns_error(answer: DnsAnswer) -> Evidence:
    """A DNS error is its own evidence: never "missing", never a pass."""
    return Evidence(Status.ERROR, answer.hint, answer.location)
