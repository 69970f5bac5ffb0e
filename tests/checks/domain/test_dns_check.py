"""domain.dns against the loopback DNS lab."""

from __future__ import annotations

from pathlib import Path

from launchready.checks.domain import dns
from launchready.lab.dns import DnsLab
from launchready.model import Status
from tests.checks.domain.fixtures import DOMAIN, bad_zone, good_zone, lab_config
from tests.checks.domain.helpers import run_check

ZONES = (DOMAIN, "mailer.test", "cloudapp.test")


def test_dangling_cname_is_named_with_its_target(tmp_path: Path) -> None:
    with DnsLab(bad_zone(), zones=ZONES) as lab:
        out = run_check(dns.CHECK, lab_config(lab, tmp_path, "domain.dns"))
    dangling = [e for e in out.evidence if e.location == f"app.{DOMAIN} CNAME"]
    assert out.status is Status.FAIL and dangling[0].status is Status.FAIL
    assert "gone.cloudapp.test" in dangling[0].message and "NXDOMAIN" in dangling[0].detail


def test_open_zone_transfer_fails_with_the_names_it_gave(tmp_path: Path) -> None:
    with DnsLab(good_zone(), zones=ZONES, axfr=True) as lab:
        out = run_check(dns.CHECK, lab_config(lab, tmp_path, "domain.dns"))
    axfr = [e for e in out.evidence if e.location == f"{DOMAIN} AXFR @ns1.{DOMAIN}"]
    assert axfr[0].status is Status.FAIL and "app" in axfr[0].detail


def test_live_domain_with_caa_passes_and_refuses_axfr(tmp_path: Path) -> None:
    with DnsLab(good_zone(), zones=ZONES) as lab:
        out = run_check(dns.CHECK, lab_config(lab, tmp_path, "domain.dns"))
    assert out.status is Status.PASS
    assert {e.location for e in out.evidence} >= {f"www.{DOMAIN} CNAME", f"app.{DOMAIN} A", f"{DOMAIN} CAA"}


def test_servfail_on_a_subdomain_is_an_error_not_missing(tmp_path: Path) -> None:
    with DnsLab(good_zone(), zones=ZONES, servfail=[f"app.{DOMAIN}"]) as lab:
        out = run_check(dns.CHECK, lab_config(lab, tmp_path, "domain.dns"))
    assert out.status is Status.ERROR
    err = [e for e in out.evidence if e.status is Status.ERROR]
    assert err[0].location == f"app.{DOMAIN} CNAME" and "SERVFAIL" in err[0].message


def test_missing_caa_and_wildcard_warn(tmp_path: Path) -> None:
    zone = good_zone()
    zone[DOMAIN] = [r for r in zone[DOMAIN] if r[0] != "CAA"]
    zone[f"*.{DOMAIN}"] = [("A", "127.0.0.9")]
    with DnsLab(zone, zones=ZONES) as lab:
        out = run_check(dns.CHECK, lab_config(lab, tmp_path, "domain.dns"))
    assert out.status is Status.WARN
    assert {e.location for e in out.evidence if e.status is Status.WARN} == {f"{DOMAIN} CAA", f"*.{DOMAIN} A"}


def test_a_zone_transfer_that_times_out_is_undetermined_not_refused() -> None:
    import socket

    from launchready.targets.domain import DomainResolver, DomainTarget

    with socket.socket() as silent:  # accepts the TCP connection, never answers the AXFR
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        resolver = DomainResolver(f"127.0.0.1:{silent.getsockname()[1]}", 0.3)
        xfr = DomainTarget(domain=DOMAIN, resolver=resolver).zone_transfer(f"ns1.{DOMAIN}", "127.0.0.1")
    assert not xfr.allowed and not xfr.answered and "Timeout" in xfr.error


def test_a_refused_zone_transfer_is_answered_and_says_so(tmp_path: Path) -> None:
    with DnsLab(good_zone(), zones=ZONES) as lab:
        out = run_check(dns.CHECK, lab_config(lab, tmp_path, "domain.dns"))
    axfr = next(e for e in out.evidence if e.location == f"{DOMAIN} AXFR @ns1.{DOMAIN}")
    assert axfr.status is Status.PASS and axfr.message.startswith(f"ns1.{DOMAIN} refuses AXFR: refused")
