"""The demo's lab domains: "good" passes every domain check, "weak" fails or warns on each, for stated reasons."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest

from launchready import scan
from launchready.checks.domain import CHECKS
from launchready.config import Config
from launchready.lab.dns import DnsLab
from launchready.lab.domains import lab_domain
from launchready.model import Scorecard, Status
from launchready.targets.domain import DomainResolver

GOOD = "acme-assist-hardened.test"
WEAK = "acme-assist-vulnerable.test"


def _scan(settings: dict[str, object], path: Path) -> Scorecard:
    return scan(Config.model_validate({**settings, "only": ["domain"], "path": str(path)}))


def _servers() -> set[int]:
    return {t.ident or 0 for t in threading.enumerate() if "serve_forever" in t.name}


def test_good_lab_domain_passes_every_domain_check(tmp_path: Path) -> None:
    with lab_domain("good", tmp_path / "lab") as lab:
        settings = lab.settings()
        card = _scan(settings, tmp_path)
    assert settings["domain"] == GOOD and settings["dkim-selector"] == ["s1"]
    assert settings["checks"] == {"domain.cdn": {"extra-ranges": ["127.0.0.2/32"]}}
    assert {r.check_id: r.status for r in card.results} == {c.meta.id: Status.PASS for c in CHECKS}
    cdn = card.result("domain.cdn")
    assert any(e.location == f"https://{GOOD}/ response headers" and "Cloudflare" in e.message for e in cdn.evidence)
    chain = [e for e in card.result("domain.tls").evidence if e.location.endswith("certificate chain")]
    assert len(chain) == 3 and all("verifies to a trusted root" in e.message for e in chain)


WEAK_EXPECTED: dict[str, tuple[Status, str, str]] = {
    "domain.dns": (Status.FAIL, f"app.{WEAK} CNAME", "dangling CNAME"),
    "domain.tls": (Status.FAIL, f"https://{WEAK}:443/ certificate notAfter", "expired"),
    "domain.https-redirect": (Status.FAIL, f"http://{WEAK}/", "no redirect"),
    "domain.hsts": (Status.FAIL, f"https://{WEAK}/ Strict-Transport-Security", "no Strict-Transport-Security"),
    "domain.spf": (Status.FAIL, f"{WEAK} TXT", "'+all'"),
    "domain.dkim": (Status.WARN, f"s1._domainkey.{WEAK} TXT", "RSA 1024-bit"),
    "domain.dmarc": (Status.WARN, f"_dmarc.{WEAK} TXT", "p=none"),
    "domain.cdn": (Status.WARN, f"https://{WEAK}/ response headers", "no CDN/DDoS proxy"),
}


@pytest.fixture(scope="module")
def weak_card(tmp_path_factory: pytest.TempPathFactory) -> Scorecard:
    work = tmp_path_factory.mktemp("weak")
    with lab_domain("weak", work / "lab") as lab:
        return _scan(lab.settings(), work)


@pytest.mark.parametrize("check_id", sorted(WEAK_EXPECTED))
def test_weak_lab_domain_fails_or_warns_with_evidence(check_id: str, weak_card: Scorecard) -> None:
    status, location, needle = WEAK_EXPECTED[check_id]
    result = weak_card.result(check_id)
    assert result.status is status, (result.summary, result.evidence)
    assert any(e.status is status and e.location == location and needle in e.message for e in result.evidence)


def test_every_domain_check_is_covered_by_the_weak_expectations() -> None:
    assert set(WEAK_EXPECTED) == {c.meta.id for c in CHECKS}


def test_nothing_is_left_running_after_the_block(tmp_path: Path) -> None:
    before = _servers()
    with lab_domain("weak", tmp_path) as lab:
        ports = lab.ports
        assert len(_servers() - before) == 4  # DNS over UDP and TCP, HTTPS, HTTP
    assert _servers() == before
    for port in ports:
        with socket.socket() as s:
            assert s.connect_ex(("127.0.0.1", port)) != 0, f"port {port} still accepts connections"


def test_an_unknown_kind_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="'weak' or 'good'"), lab_domain("meh", tmp_path):  # type: ignore[arg-type]
        pass


def test_the_dns_lab_answers_for_its_tld_like_a_resolver_and_refuses_elsewhere() -> None:
    with DnsLab({"example.test": [("A", "127.0.0.1")]}) as lab:
        resolver = DomainResolver(lab.nameserver, 0.5)
        tld = resolver.lookup("test", "CAA")
        sibling = resolver.lookup("_dmarc.test", "TXT")
        elsewhere = resolver.lookup("example.invalid", "CAA")
    assert tld.absent and not tld.nxdomain
    assert sibling.absent and sibling.nxdomain
    assert elsewhere.failed and "REFUSED" in elsewhere.error
