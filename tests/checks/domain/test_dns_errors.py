"""Every domain check turns an injected DNS failure into ERROR with a hint — never "missing", never a pass."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from launchready import scan
from launchready.checks.domain import CHECKS
from launchready.config import Config
from launchready.lab.dns import DnsLab
from launchready.model import Status
from tests.checks.domain.fixtures import DOMAIN, cdn_lab, good_zone, lab_config, web_lab

WWW = f"www.{DOMAIN}"
ZONES = (DOMAIN, "mailer.test")


def _zone_case(check_id: str, broken: str) -> Callable[[Path], contextlib.AbstractContextManager[Config]]:
    @contextlib.contextmanager
    def case(path: Path) -> Iterator[Config]:
        with DnsLab(good_zone(), zones=ZONES, servfail=[broken]) as lab:
            yield lab_config(lab, path, check_id)

    return case


def _web_case(check_id: str) -> Callable[[Path], contextlib.AbstractContextManager[Config]]:
    # www has no --resolve override, so its address must come from DNS, and DNS fails.
    return lambda path: web_lab(path, check_id, subdomain=("app", "www"), servfail=[WWW])


CASES: dict[str, tuple[Callable[[Path], contextlib.AbstractContextManager[Config]], str]] = {
    "domain.dns": (_zone_case("domain.dns", f"app.{DOMAIN}"), f"app.{DOMAIN}"),
    "domain.spf": (_zone_case("domain.spf", "_spf.mailer.test"), "_spf.mailer.test"),
    "domain.dkim": (_zone_case("domain.dkim", f"s1._domainkey.{DOMAIN}"), f"s1._domainkey.{DOMAIN}"),
    "domain.dmarc": (_zone_case("domain.dmarc", f"_dmarc.{DOMAIN}"), f"_dmarc.{DOMAIN}"),
    "domain.tls": (_web_case("domain.tls"), WWW),
    "domain.https-redirect": (_web_case("domain.https-redirect"), WWW),
    "domain.hsts": (_web_case("domain.hsts"), WWW),
    "domain.cdn": (lambda path: cdn_lab(path, servfail=[f"origin.{DOMAIN}"]), f"origin.{DOMAIN}"),
}


def test_every_domain_check_has_a_dns_error_case() -> None:
    assert set(CASES) == {c.meta.id for c in CHECKS}


@pytest.mark.parametrize("check_id", sorted(CASES))
def test_servfail_is_an_error_with_a_hint(check_id: str, tmp_path: Path) -> None:
    make, broken = CASES[check_id]
    with make(tmp_path) as cfg:
        result = scan(cfg.model_copy(update={"only": (check_id,)})).result(check_id)
    assert result.status is Status.ERROR, (result.summary, result.evidence)
    errors = [e for e in result.evidence if e.status is Status.ERROR]
    assert errors and errors[0].location.startswith(broken + " ")
    assert "SERVFAIL" in errors[0].message and "check the nameserver (--nameserver)" in errors[0].message
    about = [e for e in result.evidence if e.location.startswith(broken + " ")]
    assert all(e.status is Status.ERROR for e in about), "a DNS error must not also read as missing"
