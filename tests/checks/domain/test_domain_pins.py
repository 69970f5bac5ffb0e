"""Pins for the domain checks: values on both sides of every threshold of the certificate's expiry and of
the wildcard match, and each evidence item's status where one flaw would otherwise hide another."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from launchready.checks.domain import dkim, dns, https_redirect, tls
from launchready.checks.domain.tls import expiry_status, matches
from launchready.lab.dns import DnsLab, RecordData
from launchready.lab.tls import Reply
from launchready.model import Status
from tests.checks.domain.fixtures import APP, DOMAIN, good_zone, lab_config, web_lab
from tests.checks.domain.helpers import run_check

T0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)
SECOND = dt.timedelta(seconds=1)
DNS_ZONES = (DOMAIN, "mailer.test", "cloudapp.test")


def _expiry(lifetime: dt.timedelta, left: dt.timedelta) -> tuple[Status, str]:
    return expiry_status(T0, T0 + lifetime, T0 + lifetime - left)


@pytest.mark.parametrize(("lifetime", "left", "status", "message"), [
    # not yet valid: the first second of validity is fine
    (90 * DAY, 90 * DAY + SECOND, Status.FAIL, "not valid until 2026-01-01 00:00 UTC"),
    (90 * DAY, 90 * DAY, Status.PASS, "90 days left (100% of its lifetime)"),
    # expired at notAfter itself, not one second later
    (90 * DAY, dt.timedelta(0), Status.FAIL, "expired 2026-04-01 00:00 UTC"),
    # short-lived (≤ 10 days): a pass while a day is left
    (10 * DAY, DAY, Status.PASS, "short-lived certificate, 1.0 days left"),
    (10 * DAY, DAY - SECOND, Status.FAIL, "short-lived certificate, 1.0 days left"),
    (7 * DAY, 2 * DAY, Status.PASS, "short-lived certificate, 2.0 days left"),
    (7 * DAY, dt.timedelta(seconds=90720), Status.PASS, "short-lived certificate, 1.1 days left"),  # 1.05 days
    # just over 10 days is judged by the fraction left, not by the day left
    (10 * DAY + SECOND, 5 * DAY, Status.PASS, "5 days left (50% of its lifetime)"),
    (10 * DAY + SECOND, 3 * DAY, Status.WARN, "3.0 days left (30% of its lifetime): renew"),
    # under 10 % and under 7 days: a blocker; either alone only a warning
    (30 * DAY, 3 * DAY - SECOND, Status.FAIL, "3.0 days left (10% of its lifetime)"),
    (30 * DAY, 3 * DAY, Status.WARN, "3.0 days left (10% of its lifetime): renew"),
    (90 * DAY, 7 * DAY - SECOND, Status.FAIL, "7.0 days left (8% of its lifetime)"),
    (90 * DAY, 7 * DAY, Status.WARN, "7.0 days left (8% of its lifetime): renew"),
    (365 * DAY, 30 * DAY, Status.WARN, "30.0 days left (8% of its lifetime): renew"),
    # a third of the lifetime left is the renewal warning's edge
    (90 * DAY, 30 * DAY, Status.PASS, "30 days left (33% of its lifetime)"),
    (90 * DAY, 30 * DAY - SECOND, Status.WARN, "30.0 days left (33% of its lifetime): renew"),
])
def test_certificate_expiry_on_both_sides_of_each_threshold(lifetime: dt.timedelta, left: dt.timedelta,
                                                             status: Status, message: str) -> None:
    assert _expiry(lifetime, left) == (status, message)


@pytest.mark.parametrize(("host", "pattern", "expected"), [
    ("www.example.test", "*.example.test", True),
    ("WWW.Example.Test.", "*.example.test", True),
    ("example.test", "*.example.test", False),  # a wildcard needs a label to stand for
    (".example.test", "*.example.test", False),  # an empty label is not one
    ("a.b.example.test", "*.example.test", False),  # exactly one label
    ("www.example.test", "www.example.test", True),
    ("www.example.test", "app.example.test", False),
    ("*.example.test", "*.example.test", True),
    ("wwwexample.test", "*.example.test", False),
])
def test_a_wildcard_name_stands_for_exactly_one_whole_label(host: str, pattern: str, expected: bool) -> None:
    assert matches(host, pattern) is expected


REDIRECTS = (301, 302, 303, 307, 308)


@pytest.mark.parametrize("code", REDIRECTS)
def test_each_redirect_status_is_followed_to_https(code: int, tmp_path: Path) -> None:
    with web_lab(tmp_path, "domain.https-redirect", http_reply=Reply(code, (("Location", f"https://{APP}/"),))) as cfg:
        out = run_check(https_redirect.CHECK, cfg)
    assert [(e.status, e.message, e.detail) for e in out.evidence] == [
        (Status.PASS, f"redirects to https://{APP}/", f"http://{APP}/ → https://{APP}/")]


@pytest.mark.parametrize("code", REDIRECTS)
def test_each_redirect_status_still_answered_after_ten_hops_is_a_loop(code: int, tmp_path: Path) -> None:
    loop = Reply(code, (("Location", f"https://{APP}/loop"),))
    with web_lab(tmp_path, "domain.https-redirect", http_reply=loop, https_routes={"/loop": loop}) as cfg:
        out = run_check(https_redirect.CHECK, cfg)
    assert [(e.status, e.message) for e in out.evidence] == [
        (Status.FAIL, f"more than 10 redirects (a loop?): https://{APP}/loop answers {code} again")]


def test_a_redirect_from_https_back_to_http_is_a_downgrade_failure_naming_the_hops(tmp_path: Path) -> None:
    down = Reply(302, (("Location", f"http://{APP}/plain"),))
    with web_lab(tmp_path, "domain.https-redirect", http_reply=Reply(301, (("Location", f"https://{APP}/down"),)),
                 https_routes={"/down": down}) as cfg:
        out = run_check(https_redirect.CHECK, cfg)
    assert [(e.status, e.message, e.location, e.detail) for e in out.evidence] == [
        (Status.FAIL, f"redirect downgrades https → http: https://{APP}/down → http://{APP}/plain", f"https://{APP}/down",
         f"http://{APP}/ → https://{APP}/down")]
    assert out.status is Status.FAIL


@pytest.mark.parametrize("reply", [Reply(200, ()), Reply(301, ())], ids=["200", "301-without-location"])
def test_plain_http_that_does_not_redirect_fails(reply: Reply, tmp_path: Path) -> None:
    with web_lab(tmp_path, "domain.https-redirect", http_reply=reply) as cfg:
        out = run_check(https_redirect.CHECK, cfg)
    assert [(e.status, e.message, e.location) for e in out.evidence] == [
        (Status.FAIL, f"no redirect: http answers {reply.status} in plain text", f"http://{APP}/")]


# ---- domain.dns ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("label", ["www", "app", "api"])
def test_a_scanned_www_app_or_api_name_is_a_web_origin_even_with_subdomains_declared(
        label: str, tmp_path: Path) -> None:
    scanned = f"{label}.{DOMAIN}"
    zone = good_zone()
    zone[scanned] = [("TXT", "site-verification=abc")]  # exists, no address
    zone[f"chat.{scanned}"] = [("A", "127.0.0.1")]
    with DnsLab(zone, zones=DNS_ZONES) as lab:
        out = run_check(dns.CHECK, lab_config(lab, tmp_path, "domain.dns", domain=scanned, subdomain=("chat",)))
    status = {e.location: e.status for e in out.evidence if e.location.endswith(" A")}
    assert status == {f"{scanned} A": Status.FAIL, f"chat.{scanned} A": Status.PASS}


def test_an_address_found_under_a_wildcard_says_it_may_be_the_wildcard(tmp_path: Path) -> None:
    zone = good_zone()
    zone[f"*.{DOMAIN}"] = [("A", "127.0.0.9")]
    with DnsLab(zone, zones=DNS_ZONES) as lab:
        out = run_check(dns.CHECK, lab_config(lab, tmp_path, "domain.dns", subdomain=("app",)))
    app = next(e for e in out.evidence if e.location == f"app.{DOMAIN} A")
    assert (app.status, app.message) == (Status.PASS, f"app.{DOMAIN} resolves to 127.0.0.1 (the zone has a wildcard: "
                                                       "this may be it)")
    without = good_zone()
    with DnsLab(without, zones=DNS_ZONES) as lab:
        out = run_check(dns.CHECK, lab_config(lab, tmp_path, "domain.dns", subdomain=("app",)))
    app = next(e for e in out.evidence if e.location == f"app.{DOMAIN} A")
    assert (app.status, app.message) == (Status.PASS, f"app.{DOMAIN} resolves to 127.0.0.1")


def test_plain_http_answered_by_a_tls_server_is_an_error_not_a_refusal(tmp_path: Path) -> None:
    with web_lab(tmp_path, "domain.https-redirect", http_server=False) as cfg:
        https = next(r for r in cfg.resolve if r.startswith(f"{APP}:443:"))
        port80 = https.replace(f"{APP}:443:", f"{APP}:80:")
        wired = cfg.model_copy(update={"resolve": tuple(r if not r.startswith(f"{APP}:80:") else port80
                                                      for r in cfg.resolve)})
        out = run_check(https_redirect.CHECK, wired)
    assert [(e.status, e.location) for e in out.evidence] == [(Status.ERROR, f"http://{APP}/")]
    assert out.status is Status.ERROR


def test_no_web_host_is_a_skip_that_names_the_hosts(tmp_path: Path) -> None:
    zone = good_zone()
    zone[DOMAIN] = [r for r in zone[DOMAIN] if r[0] != "A"]
    with DnsLab(zone, zones=DNS_ZONES) as lab:
        out = run_check(https_redirect.CHECK, lab_config(lab, tmp_path, "domain.https-redirect", subdomain=("mx",)))
    assert (out.status, out.evidence) == (Status.SKIP, ())
    assert out.summary == f"no web host among {DOMAIN}, mx.{DOMAIN} (no address record)"


def test_an_undeclared_dkim_selector_is_a_warning_item_naming_where_keys_live(tmp_path: Path) -> None:
    with DnsLab(good_zone(), zones=DNS_ZONES) as lab:
        out = run_check(dkim.CHECK, lab_config(lab, tmp_path, "domain.dkim", dkim_selector=()))
    assert [(e.status, e.message, e.location) for e in out.evidence] == [
        (Status.WARN, "no DKIM selector declared", f"<selector>._domainkey.{DOMAIN} TXT")]
    assert out.status is Status.WARN


def test_a_cname_to_a_name_without_an_address_fails_naming_nodata(tmp_path: Path) -> None:
    zone = good_zone()
    zone[f"app.{DOMAIN}"] = [("CNAME", "edge.mailer.test")]
    zone["edge.mailer.test"] = [("TXT", "edge")]
    with DnsLab(zone, zones=DNS_ZONES) as lab:
        out = run_check(dns.CHECK, lab_config(lab, tmp_path, "domain.dns", subdomain=("app",)))
    [app] = [e for e in out.evidence if e.location == f"app.{DOMAIN} CNAME"]
    assert (app.status, app.message) == (Status.FAIL, f"app.{DOMAIN} → edge.mailer.test has no address")
    assert app.detail == "edge.mailer.test A/AAAA: NOERROR/NODATA (the name exists, with no A or AAAA record)"


def test_no_zone_with_nameservers_leaves_the_zone_transfer_undetermined(tmp_path: Path) -> None:
    zone: dict[str, list[RecordData]] = {"other.test": [("A", "127.0.0.1")], "www.other.test": [("A", "127.0.0.1")]}
    with DnsLab(zone, zones=("other.test",)) as lab:
        out = run_check(dns.CHECK, lab_config(lab, tmp_path, "domain.dns", domain="www.other.test", subdomain=()))
    [axfr] = [e for e in out.evidence if e.location == "www.other.test NS"]
    assert axfr.status is Status.WARN
    assert axfr.message == "zone transfer undetermined: no zone with NS records found for www.other.test below its TLD"


def test_an_rsa_2048_certificate_key_is_strong_enough(tmp_path: Path) -> None:
    with web_lab(tmp_path, "domain.tls", leaf=lambda p: p.leaf([APP], rsa_bits=2048)) as cfg:
        out = run_check(tls.CHECK, cfg)
    [key] = [e for e in out.evidence if e.location.endswith("subjectPublicKeyInfo")]
    assert (key.status, key.message) == (Status.PASS, "RSA 2048-bit key")


def test_a_first_hop_that_stays_on_http_is_its_own_warning_beside_the_failure(tmp_path: Path) -> None:
    plain = Reply(301, (("Location", f"http://{APP}/x"),))
    with web_lab(tmp_path, "domain.https-redirect", http_reply=plain) as cfg:
        out = run_check(https_redirect.CHECK, cfg)
    assert [(e.status, e.message.split(":")[0]) for e in out.evidence] == [
        (Status.WARN, "first hop stays on http"), (Status.FAIL, "redirects end on http")]
