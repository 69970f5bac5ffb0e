"""domain.cdn against the loopback DNS and HTTPS lab: headers, declared ranges, NS names, exposed origins."""

from __future__ import annotations

from pathlib import Path

import pytest

from launchready.checks.domain import cdn
from launchready.checks.domain._cdn import header_signals, load_cdn_data
from launchready.model import Outcome, Status
from tests.checks.domain.fixtures import DOMAIN, FIXTURES, HSTS_GOOD, WWW, cdn_lab, cdn_zone
from tests.checks.domain.helpers import run_check


def _at(out: Outcome, location: str) -> list[Status]:
    return [e.status for e in out.evidence if e.location == location]


def test_fixtures_fail_then_pass(tmp_path: Path) -> None:
    failing, passing = FIXTURES["domain.cdn"]
    with failing(tmp_path) as cfg:
        assert run_check(cdn.CHECK, cfg).status is Status.FAIL
    with passing(tmp_path) as cfg:
        out = run_check(cdn.CHECK, cfg)
        assert out.status is Status.PASS, out.evidence


def test_cloudflare_headers_make_the_public_hosts_proxied(tmp_path: Path) -> None:
    with cdn_lab(tmp_path) as cfg:
        out = run_check(cdn.CHECK, cfg)
    assert out.status is Status.PASS
    for host in (DOMAIN, WWW):
        hit = next(e for e in out.evidence if e.location == f"https://{host}/ response headers")
        assert (
            hit.status is Status.PASS and "Cloudflare" in hit.message and "cf-ray: 8f1e2d3c4b5a6978-FRA" in hit.detail
        )


def test_an_undeclared_origin_name_outside_every_range_is_an_exposed_origin(tmp_path: Path) -> None:
    zone = cdn_zone(**{f"origin.{DOMAIN}": [("A", "127.0.0.9")]})
    with cdn_lab(tmp_path, zone=zone) as cfg:
        out = run_check(cdn.CHECK, cfg)
    bad = next(e for e in out.evidence if e.status is Status.FAIL)
    assert out.status is Status.FAIL and bad.location == f"origin.{DOMAIN} A"
    assert bad.message.startswith(f"origin exposed on origin.{DOMAIN}: 127.0.0.9") and "not declared" in bad.detail


def test_declared_range_proxies_without_headers_and_catches_an_api_host_outside_it(tmp_path: Path) -> None:
    with cdn_lab(tmp_path, headers=(HSTS_GOOD,), extra_ranges=("127.0.0.2/32",)) as cfg:
        ok = run_check(cdn.CHECK, cfg)
    assert ok.status is Status.PASS
    assert any("127.0.0.2 is in declared range" in e.detail for e in ok.evidence)
    zone = cdn_zone(**{f"api.{DOMAIN}": [("A", "127.0.0.9")]})
    with cdn_lab(tmp_path, headers=(HSTS_GOOD,), zone=zone, extra_ranges=("127.0.0.2/32",)) as cfg:
        out = run_check(cdn.CHECK, cfg)
    assert out.status is Status.FAIL and _at(out, f"api.{DOMAIN} A") == [Status.FAIL]


def test_a_name_sharing_the_proxied_address_is_not_an_origin(tmp_path: Path) -> None:
    zone = cdn_zone(**{f"direct.{DOMAIN}": [("A", "127.0.0.2")]})
    with cdn_lab(tmp_path, headers=(HSTS_GOOD,), zone=zone, extra_ranges=("127.0.0.2/32",)) as cfg:
        out = run_check(cdn.CHECK, cfg)
    assert out.status is Status.PASS and _at(out, f"direct.{DOMAIN} A") == [Status.PASS]


def test_no_cdn_signal_warns_and_says_a_small_product_may_be_fine(tmp_path: Path) -> None:
    with cdn_lab(tmp_path, headers=(HSTS_GOOD,)) as cfg:
        out = run_check(cdn.CHECK, cfg)
    assert out.status is Status.WARN
    warn = [e for e in out.evidence if e.status is Status.WARN]
    assert {e.location for e in warn} == {f"https://{DOMAIN}/ response headers", f"https://{WWW}/ response headers"}
    assert "may be fine without one" in warn[0].message


def test_cloudflare_nameservers_alone_are_a_hint_not_a_proxy(tmp_path: Path) -> None:
    zone = cdn_zone()
    zone[DOMAIN] = [("NS", "kim.ns.cloudflare.com"), ("A", "127.0.0.2")]
    with cdn_lab(tmp_path, headers=(HSTS_GOOD,), zone=zone) as cfg:
        out = run_check(cdn.CHECK, cfg)
    ns = next(e for e in out.evidence if e.location == f"{DOMAIN} NS")
    assert out.status is Status.WARN and ns.status is Status.WARN and "DNS-only" in ns.message


@pytest.mark.parametrize("broken", [f"origin.{DOMAIN}", WWW])
def test_servfail_is_an_error_with_a_hint_not_an_absent_origin(broken: str, tmp_path: Path) -> None:
    with cdn_lab(tmp_path, servfail=[broken]) as cfg:
        out = run_check(cdn.CHECK, cfg)
    err = [e for e in out.evidence if e.status is Status.ERROR]
    assert out.status is Status.ERROR and err and all(e.location.startswith(broken) for e in err)
    assert "SERVFAIL" in err[0].message and "--nameserver" in err[0].message


def test_a_malformed_extra_range_is_an_error_naming_it(tmp_path: Path) -> None:
    with cdn_lab(tmp_path, extra_ranges=("not-a-net",)) as cfg:
        out = run_check(cdn.CHECK, cfg)
    assert out.status is Status.ERROR and "'not-a-net' is not an IP network" in out.summary
    assert out.evidence[0].location == 'checks."domain.cdn".extra-ranges'


@pytest.mark.parametrize(
    ("headers", "provider"),
    [
        ([("X-Amz-Cf-Id", "abc==")], "Amazon CloudFront"),
        ([("Via", "1.1 0a1b.cloudfront.net (CloudFront)")], "Amazon CloudFront"),
        ([("X-Served-By", "cache-fra-eddf8230088-FRA")], "Fastly"),
        ([("X-Akamai-Transformed", "9 - 0 pmb=mRUM,1")], "Akamai"),
        ([("x-vercel-id", "fra1::abc")], "Vercel"),
        ([("X-NF-Request-ID", "01H")], "Netlify"),
        ([("X-Azure-Ref", "0abc")], "Azure Front Door"),
        ([("Via", "1.1 google")], "Google Cloud CDN"),
        ([("CDN-PullZone", "12345")], "Bunny CDN"),
        ([("X-Sucuri-ID", "18015")], "Sucuri"),
    ],
)
def test_header_fingerprints_name_the_provider(headers: list[tuple[str, str]], provider: str) -> None:
    assert [p for p, _ in header_signals(headers)] == [provider]


def test_plain_headers_are_not_a_cdn_and_the_snapshot_is_dated() -> None:
    assert header_signals([("Server", "nginx"), ("Via", "1.1 varnish"), ("X-Served-By", "app-3")]) == []
    data = load_cdn_data()
    assert data.as_of == "2026-11-01"
    assert data.provider_of_address("104.16.1.1") == "Cloudflare"
    assert data.provider_of_address("2606:4700::1") == "Cloudflare"
    assert data.provider_of_address("127.0.0.2") is None
    assert data.provider_of_ns("KIM.NS.CLOUDFLARE.COM.") == "Cloudflare"
    with pytest.raises(ValueError, match="not-a-net"):
        load_cdn_data(["not-a-net"])


def test_a_declared_host_whose_headers_cannot_be_read_is_undetermined_not_an_exposed_origin(tmp_path: Path) -> None:
    # api is declared but has no --resolve override: its DNS address 127.0.0.9 has nothing listening.
    zone = cdn_zone(**{f"api.{DOMAIN}": [("A", "127.0.0.9")]})
    with cdn_lab(tmp_path, zone=zone, subdomain=("www", "api")) as cfg:
        out = run_check(cdn.CHECK, cfg)
    api = [e for e in out.evidence if e.location == f"https://api.{DOMAIN}/ response headers"]
    assert [e.status for e in api] == [Status.WARN], out.evidence
    assert "CDN undetermined for api" in api[0].message and "no response to read headers from" in api[0].detail
    assert out.status is Status.WARN and not [e for e in out.evidence if e.status is Status.FAIL]
