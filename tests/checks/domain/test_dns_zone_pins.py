"""Pins for domain.dns: every evidence item of a tidy zone, and the zone-transfer items one flaw at a time
(a nameserver with no address, a SERVFAIL on the enclosing zone's NS lookup), each with its own status."""

from __future__ import annotations

from pathlib import Path

import pytest

from launchready.checks.domain import dns
from launchready.lab.dns import DnsLab, RecordData
from launchready.model import Evidence, Status
from tests.checks.domain.fixtures import DOMAIN, good_zone, lab_config
from tests.checks.domain.helpers import run_check

ZONES = (DOMAIN, "mailer.test", "cloudapp.test")
CAA = 'CAA: 0 issue "letsencrypt.org"'
SERVFAIL = "nameserver answered SERVFAIL — the answer could not be read, so nothing is concluded; check the " \
           "nameserver (--nameserver) and retry"


def _items(evidence: tuple[Evidence, ...]) -> list[tuple[Status, str, str, str]]:
    return [(e.status, e.message, e.location, e.detail) for e in evidence]


def test_a_tidy_zone_shows_each_host_the_axfr_refusal_and_each_caa_as_passed(tmp_path: Path) -> None:
    with DnsLab(good_zone(), zones=ZONES) as lab:
        out = run_check(dns.CHECK, lab_config(lab, tmp_path, "domain.dns"))
    assert _items(out.evidence) == [
        (Status.PASS, f"{DOMAIN} resolves to 127.0.0.1", f"{DOMAIN} A", ""),
        (Status.PASS, f"www.{DOMAIN} → {DOMAIN} resolves", f"www.{DOMAIN} CNAME", ""),
        (Status.PASS, f"app.{DOMAIN} resolves to 127.0.0.1", f"app.{DOMAIN} A", ""),
        (Status.PASS, f"ns1.{DOMAIN} refuses AXFR: refused (REFUSED)", f"{DOMAIN} AXFR @ns1.{DOMAIN}", ""),
        (Status.PASS, CAA, f"{DOMAIN} CAA", f"{DOMAIN}: found"),
        (Status.PASS, CAA, f"www.{DOMAIN} CAA", f"www.{DOMAIN}: found"),
        (Status.PASS, f"{CAA} (inherited from {DOMAIN}, RFC 8659 §3)", f"app.{DOMAIN} CAA",
         f"app.{DOMAIN}: NODATA → {DOMAIN}: found"),
    ]
    assert (out.status, out.summary) == (Status.PASS, f"{DOMAIN} and its declared subdomains are live and tidy")


@pytest.mark.parametrize(("nameserver", "records", "said"), [
    (f"ns1.{DOMAIN}", [("TXT", "no address here")], "NOERROR/NODATA (the name exists, with no A or AAAA record)"),
    (f"gone.{DOMAIN}", None, "NXDOMAIN (the name does not exist)"),
])
def test_a_nameserver_with_no_address_leaves_the_zone_transfer_undetermined_not_refused(
        nameserver: str, records: list[RecordData] | None, said: str, tmp_path: Path) -> None:
    zone = good_zone()
    zone[DOMAIN] = [r for r in zone[DOMAIN] if r[0] != "NS"] + [("NS", nameserver)]
    if records is not None:
        zone[nameserver] = records
    with DnsLab(zone, zones=ZONES) as lab:
        out = run_check(dns.CHECK, lab_config(lab, tmp_path, "domain.dns"))
    axfr = [e for e in out.evidence if "AXFR" in e.location]
    assert _items(tuple(axfr)) == [
        (Status.WARN, f"zone transfer undetermined: {nameserver} has no address to ask for AXFR",
         f"{DOMAIN} AXFR @{nameserver}", f"{nameserver} A/AAAA: {said}")]
    assert out.status is Status.WARN


def test_a_servfail_on_the_enclosing_zones_nameservers_is_an_error_item_of_its_own(tmp_path: Path) -> None:
    app = f"app.{DOMAIN}"
    with DnsLab(good_zone(), zones=ZONES, servfail=(DOMAIN,)) as lab:
        out = run_check(dns.CHECK, lab_config(lab, tmp_path, "domain.dns", domain=app, subdomain=()))
    assert _items(out.evidence) == [
        (Status.PASS, f"{app} resolves to 127.0.0.1", f"{app} A", ""),
        (Status.ERROR, f"DNS error for {DOMAIN} NS: {SERVFAIL}", f"{DOMAIN} NS", ""),
        (Status.ERROR, f"CAA for {app} undetermined: DNS error for {DOMAIN} CAA: {SERVFAIL}", f"{DOMAIN} CAA",
         f"{app}: NODATA → {DOMAIN}: error"),
    ]
    assert out.status is Status.ERROR


def test_a_wildcard_is_its_own_warning_naming_the_probe_and_its_answer(tmp_path: Path) -> None:
    zone = good_zone()
    zone[f"*.{DOMAIN}"] = [("A", "127.0.0.9")]
    with DnsLab(zone, zones=ZONES) as lab:
        out = run_check(dns.CHECK, lab_config(lab, tmp_path, "domain.dns"))
    assert _items(out.evidence)[0] == (
        Status.WARN, "wildcard record: every name resolves, typos and takeovers included", f"*.{DOMAIN} A",
        f"{dns.WILDCARD_PROBE}.{DOMAIN} → 127.0.0.9")
    assert [e.status for e in out.evidence[1:]] == [Status.PASS] * 7
    assert out.status is Status.WARN


def test_a_servfail_on_a_nameservers_address_is_an_error_item_not_a_refusal(tmp_path: Path) -> None:
    ns1 = f"ns1.{DOMAIN}"
    with DnsLab(good_zone(), zones=ZONES, servfail=(ns1,)) as lab:
        out = run_check(dns.CHECK, lab_config(lab, tmp_path, "domain.dns"))
    axfr = [e for e in out.evidence if ns1 in e.location or e.location.endswith(" AXFR")]
    assert _items(tuple(axfr)) == [(Status.ERROR, f"DNS error for {ns1} A: {SERVFAIL}", f"{ns1} A", "")]
    assert out.status is Status.ERROR


def test_a_servfail_on_a_cname_targets_address_is_an_error_item_not_a_dangling_cname(tmp_path: Path) -> None:
    zone = good_zone()
    zone[f"app.{DOMAIN}"] = [("CNAME", "edge.mailer.test")]
    zone["edge.mailer.test"] = [("A", "127.0.0.1")]
    with DnsLab(zone, zones=ZONES, servfail=("edge.mailer.test",)) as lab:
        out = run_check(dns.CHECK, lab_config(lab, tmp_path, "domain.dns"))
    [app] = [e for e in out.evidence if "edge.mailer.test" in e.location or (e.location.startswith(f"app.{DOMAIN} ")
             and not e.location.endswith("CAA"))]
    assert (app.status, app.message, app.location) == (
        Status.ERROR, f"DNS error for edge.mailer.test A: {SERVFAIL}", "edge.mailer.test A")
    assert out.status is Status.ERROR


def test_a_servfail_on_a_hosts_own_address_lookup_is_an_error_item(tmp_path: Path) -> None:
    """The host's CNAME lookup answers (no CNAME); its A lookup fails: undetermined, never a missing host."""
    app = f"app.{DOMAIN}"
    with DnsLab(good_zone(), zones=ZONES, servfail=(f"{app} A",)) as lab:
        out = run_check(dns.CHECK, lab_config(lab, tmp_path, "domain.dns"))
    [item] = [e for e in out.evidence if e.location.startswith(f"{app} ") and not e.location.endswith("CAA")]
    assert (item.status, item.message, item.location) == (Status.ERROR, f"DNS error for {app} A: {SERVFAIL}", f"{app} A")
    assert out.status is Status.ERROR


def test_an_apex_without_an_address_names_the_subdomains_that_serve_the_product(tmp_path: Path) -> None:
    zone = good_zone()
    zone[DOMAIN] = [r for r in zone[DOMAIN] if r[0] != "A"]
    with DnsLab(zone, zones=ZONES) as lab:
        out = run_check(dns.CHECK, lab_config(lab, tmp_path, "domain.dns", subdomain=("app",)))
    assert _items(out.evidence)[0] == (
        Status.PASS, f"{DOMAIN} has no address and is not a web origin: the product is served from app.{DOMAIN} "
        f"({dns.APEX_RULE})", f"{DOMAIN} A", f"{DOMAIN} A/AAAA: NOERROR/NODATA (the name exists, with no A or AAAA "
        "record)")


def test_a_servfail_on_the_domains_own_nameservers_stops_the_check_with_an_error(tmp_path: Path) -> None:
    """Nothing can be judged without the zone's NS: the check itself is an error (not a warning), one item."""
    with DnsLab(good_zone(), zones=ZONES, servfail=(f"{DOMAIN} NS",)) as lab:
        out = run_check(dns.CHECK, lab_config(lab, tmp_path, "domain.dns"))
    assert _items(out.evidence) == [(Status.ERROR, f"DNS error for {DOMAIN} NS: {SERVFAIL}", f"{DOMAIN} NS", "")]
    assert out.status is Status.ERROR
