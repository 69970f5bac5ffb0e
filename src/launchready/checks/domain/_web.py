"""The web hosts among the declared names: those with an override or an address record."""

from __future__ import annotations

from launchready.checks.domain._support import dns_error
from launchready.model import Evidence
from launchready.targets.domain import DomainTarget


def web_hosts(target: DomainTarget) -> tuple[list[str], list[Evidence]]:
    hosts: list[str] = []
    errors: list[Evidence] = []
    for host in target.hosts:
        web, failed = target.is_web_host(host)
        if failed is not None:
            errors.append(dns_error(failed))
        elif web:
            hosts.append(host)
    return hosts, errors
