"""domain.dns against the loopback DNS lab."""

from __future__ import annotations

from pathlib import Path

import pytest

from launchready.checks.domain import dns
from launchready.lab.dns import DnsLab, RecordData
from launchready.model import Evidence, Outcome, Status
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
    warned = {e.location for e in out.evidence if e.status is Status.WARN}
    assert warned == {f"{DOMAIN} CAA", f"www.{DOMAIN} CAA", f"app.{DOMAIN} CAA", f"*.{DOMAIN} A"}


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


# ---- CAA: RFC 8659 §3 tree climbing ---------------------------------------------------------------


def _evidence(out: Outcome, location: str) -> Evidence:
    found = [e for e in out.evidence if e.location == location]
    assert len(found) == 1, (location, out.evidence)
    return found[0]


def test_caa_at_the_apex_covers_a_subdomain_by_climbing(tmp_path: Path) -> None:
    with DnsLab(good_zone(), zones=ZONES) as lab:
        out = run_check(dns.CHECK, lab_config(lab, tmp_path, "domain.dns", domain=f"app.{DOMAIN}", subdomain=()))
    caa = _evidence(out, f"app.{DOMAIN} CAA")
    assert caa.status is Status.PASS and "letsencrypt.org" in caa.message
    assert f"inherited from {DOMAIN}" in caa.message
    assert caa.detail == f"app.{DOMAIN}: NODATA → {DOMAIN}: found"
    assert out.status is Status.PASS


def test_caa_lookup_follows_a_cname_before_climbing(tmp_path: Path) -> None:
    zone = good_zone()
    zone[f"www.{DOMAIN}"] = [("CNAME", "edge.mailer.test")]
    zone["edge.mailer.test"] = [("A", "127.0.0.4"), ("CAA", '0 issue "digicert.com"')]
    with DnsLab(zone, zones=ZONES) as lab:
        out = run_check(dns.CHECK, lab_config(lab, tmp_path, "domain.dns"))
    www = _evidence(out, f"www.{DOMAIN} CAA")
    assert www.status is Status.PASS and "digicert.com" in www.message and "letsencrypt" not in www.message
    assert www.detail == f"www.{DOMAIN}: found"


def test_caa_nowhere_up_to_the_tld_warns_with_the_climb(tmp_path: Path) -> None:
    zone = good_zone()
    zone[DOMAIN] = [r for r in zone[DOMAIN] if r[0] != "CAA"]
    with DnsLab(zone, zones=ZONES) as lab:
        out = run_check(dns.CHECK, lab_config(lab, tmp_path, "domain.dns", domain=f"app.{DOMAIN}", subdomain=()))
    caa = _evidence(out, f"app.{DOMAIN} CAA")
    assert caa.status is Status.WARN and "or any parent" in caa.message
    assert caa.detail == f"app.{DOMAIN}: NODATA → {DOMAIN}: NODATA → test: NODATA"
    assert out.status is Status.WARN


def test_servfail_on_a_parent_during_the_caa_climb_is_undetermined(tmp_path: Path) -> None:
    zone = good_zone()
    zone[f"x.app.{DOMAIN}"] = [("A", "127.0.0.1")]
    with DnsLab(zone, zones=ZONES, servfail=[f"app.{DOMAIN}"]) as lab:
        out = run_check(dns.CHECK, lab_config(lab, tmp_path, "domain.dns", subdomain=("x.app",)))
    caa = _evidence(out, f"app.{DOMAIN} CAA")
    assert caa.status is Status.ERROR and f"CAA for x.app.{DOMAIN} undetermined" in caa.message
    assert "SERVFAIL" in caa.message and caa.detail == f"x.app.{DOMAIN}: NODATA → app.{DOMAIN}: error"
    assert not [e for e in out.evidence if e.location == f"x.app.{DOMAIN} CAA"], "an error is not also 'no CAA'"
    assert _evidence(out, f"{DOMAIN} CAA").status is Status.PASS
    assert out.status is Status.ERROR


# ---- web hosts that exist without an address ------------------------------------------------------


def test_a_scanned_product_host_with_no_address_fails_naming_nodata(tmp_path: Path) -> None:
    zone = good_zone()
    zone[f"app.{DOMAIN}"] = [("TXT", "google-site-verification=abc")]
    with DnsLab(zone, zones=ZONES) as lab:
        out = run_check(dns.CHECK, lab_config(lab, tmp_path, "domain.dns", domain=f"app.{DOMAIN}", subdomain=()))
    host = _evidence(out, f"app.{DOMAIN} A")
    assert host.status is Status.FAIL and "no address" in host.message
    assert host.detail == f"app.{DOMAIN} A/AAAA: NOERROR/NODATA (the name exists, with no A or AAAA record)"
    assert out.status is Status.FAIL


def test_a_declared_subdomain_with_no_address_fails_naming_nodata(tmp_path: Path) -> None:
    zone = good_zone()
    zone[f"api.{DOMAIN}"] = [("TXT", "v=spf1 -all")]
    with DnsLab(zone, zones=ZONES) as lab:
        out = run_check(dns.CHECK, lab_config(lab, tmp_path, "domain.dns", subdomain=("www", "api")))
    api = _evidence(out, f"api.{DOMAIN} A")
    assert api.status is Status.FAIL and "NOERROR/NODATA" in api.detail
    assert _evidence(out, f"www.{DOMAIN} CNAME").status is Status.PASS


def test_a_scanned_host_that_does_not_exist_fails_naming_nxdomain(tmp_path: Path) -> None:
    with DnsLab(good_zone(), zones=ZONES) as lab:
        out = run_check(dns.CHECK, lab_config(lab, tmp_path, "domain.dns", domain=f"api.{DOMAIN}", subdomain=()))
    assert out.status is Status.FAIL
    assert _evidence(out, f"api.{DOMAIN} NS").status is Status.FAIL
    assert _evidence(out, f"api.{DOMAIN} NS").message == "NXDOMAIN"


def test_a_declared_subdomain_that_does_not_exist_fails_naming_nxdomain(tmp_path: Path) -> None:
    with DnsLab(good_zone(), zones=ZONES) as lab:
        out = run_check(dns.CHECK, lab_config(lab, tmp_path, "domain.dns", subdomain=("www", "api")))
    api = _evidence(out, f"api.{DOMAIN} A")
    assert api.status is Status.FAIL and api.detail.endswith("NXDOMAIN (the name does not exist)")


def _mail_only_apex() -> dict[str, list[RecordData]]:
    zone = good_zone()
    zone[DOMAIN] = [r for r in zone[DOMAIN] if r[0] != "A"]
    zone[f"www.{DOMAIN}"] = [("A", "127.0.0.1")]
    return zone


def test_a_mail_only_apex_is_not_a_web_origin_when_subdomains_serve_the_product(tmp_path: Path) -> None:
    with DnsLab(_mail_only_apex(), zones=ZONES) as lab:
        out = run_check(dns.CHECK, lab_config(lab, tmp_path, "domain.dns"))
    apex = _evidence(out, f"{DOMAIN} A")
    assert apex.status is Status.PASS and "not a web origin" in apex.message and "rule:" in apex.message
    assert "NOERROR/NODATA" in apex.detail
    assert out.status is Status.PASS


@pytest.mark.parametrize(
    ("subdomain", "resolve"),
    [((), ()), (("app",), (f"{DOMAIN}:443:127.0.0.1",))],
    ids=["no-subdomain-declared", "apex-named-by-resolve"],
)
def test_an_apex_that_is_a_web_origin_fails_without_an_address(
    subdomain: tuple[str, ...], resolve: tuple[str, ...], tmp_path: Path
) -> None:
    with DnsLab(_mail_only_apex(), zones=ZONES) as lab:
        cfg = lab_config(lab, tmp_path, "domain.dns", subdomain=subdomain, resolve=resolve)
        out = run_check(dns.CHECK, cfg)
    apex = _evidence(out, f"{DOMAIN} A")
    assert apex.status is Status.FAIL and "NOERROR/NODATA" in apex.detail
    assert out.status is Status.FAIL


def test_a_nameserver_without_an_address_leaves_the_zone_transfer_undetermined(tmp_path: Path) -> None:
    zone = good_zone()
    zone[DOMAIN] = [*zone[DOMAIN], ("NS", f"ns2.{DOMAIN}")]
    with DnsLab(zone, zones=ZONES) as lab:
        out = run_check(dns.CHECK, lab_config(lab, tmp_path, "domain.dns"))
    ns2 = _evidence(out, f"{DOMAIN} AXFR @ns2.{DOMAIN}")
    assert ns2.status is Status.WARN and "zone transfer undetermined" in ns2.message
    assert ns2.detail == f"ns2.{DOMAIN} A/AAAA: NXDOMAIN (the name does not exist)"
    assert _evidence(out, f"{DOMAIN} AXFR @ns1.{DOMAIN}").status is Status.PASS
    assert out.status is Status.WARN


def test_a_scanned_subdomain_has_its_enclosing_zone_tested_for_axfr(tmp_path: Path) -> None:
    with DnsLab(good_zone(), zones=ZONES, axfr=True) as lab:
        out = run_check(dns.CHECK, lab_config(lab, tmp_path, "domain.dns", domain=f"app.{DOMAIN}", subdomain=()))
    axfr = _evidence(out, f"{DOMAIN} AXFR @ns1.{DOMAIN}")
    assert axfr.status is Status.FAIL and f"allows a zone transfer (AXFR) of {DOMAIN}" in axfr.message
    assert out.status is Status.FAIL
