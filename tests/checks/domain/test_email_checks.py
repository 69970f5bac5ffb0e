"""domain.spf, domain.dmarc, domain.dkim against the loopback DNS lab."""

from __future__ import annotations

from pathlib import Path

import pytest

from launchready.checks.domain import dkim, dmarc, spf
from launchready.lab.dns import DnsLab
from launchready.model import Profile, Status
from tests.checks.domain.fixtures import DOMAIN, FIXTURES, bad_zone, good_zone, lab_config
from tests.checks.domain.helpers import run_check


@pytest.mark.parametrize("check_id", ["domain.spf", "domain.dmarc", "domain.dkim", "domain.dns"])
def test_fixtures_fail_then_pass(check_id: str, tmp_path: Path) -> None:
    from launchready.checks.domain import CHECKS

    check = next(c for c in CHECKS if c.meta.id == check_id)
    failing, passing = FIXTURES[check_id]
    with failing(tmp_path) as cfg:
        assert run_check(check, cfg).status is Status.FAIL
    with passing(tmp_path) as cfg:
        assert run_check(check, cfg).status is Status.PASS


def test_spf_plus_all_fails_naming_the_record(tmp_path: Path) -> None:
    with DnsLab(bad_zone(), zones=(DOMAIN, "mailer.test", "cloudapp.test")) as lab:
        out = run_check(spf.CHECK, lab_config(lab, tmp_path, "domain.spf"))
    assert out.status is Status.FAIL
    bad = [e for e in out.evidence if e.status is Status.FAIL]
    assert bad[0].location == f"{DOMAIN} TXT" and "'+all'" in bad[0].message


def test_spf_names_the_term_that_crosses_ten_lookups(tmp_path: Path) -> None:
    zone = good_zone()
    zone[DOMAIN] = [
        ("NS", f"ns1.{DOMAIN}"),
        ("TXT", "v=spf1 " + " ".join(["mx"] * 8) + " include:_spf.mailer.test a a -all"),
    ]
    zone[DOMAIN].append(("MX", f"10 mail.{DOMAIN}"))
    zone[DOMAIN].append(("A", "127.0.0.1"))
    with DnsLab(zone, zones=(DOMAIN, "mailer.test")) as lab:
        out = run_check(spf.CHECK, lab_config(lab, tmp_path, "domain.spf"))
    assert out.status is Status.FAIL
    assert out.evidence[0].detail == f"crossing term: a in {DOMAIN}"


def test_spf_servfail_is_an_error_with_a_hint_not_missing(tmp_path: Path) -> None:
    with DnsLab(good_zone(), zones=(DOMAIN, "mailer.test"), servfail=["_spf.mailer.test"]) as lab:
        out = run_check(spf.CHECK, lab_config(lab, tmp_path, "domain.spf"))
    assert out.status is Status.ERROR
    assert out.evidence[0].location == "_spf.mailer.test TXT" and "SERVFAIL" in out.evidence[0].message


def test_dropped_query_is_an_error_after_one_retry(tmp_path: Path) -> None:
    with DnsLab(good_zone(), zones=(DOMAIN, "mailer.test"), drop=[f"_dmarc.{DOMAIN}"]) as lab:
        out = run_check(dmarc.CHECK, lab_config(lab, tmp_path, "domain.dmarc", dns_timeout=0.2))
        asked = [q for q in lab.queries if q[0] == f"_dmarc.{DOMAIN}"]
    assert out.status is Status.ERROR and "timeout" in out.evidence[0].message
    assert len(asked) == 2


@pytest.mark.parametrize(
    ("profile", "status"), [(Profile.HANDOVER, Status.WARN), (Profile.SECURITY_REVIEW, Status.FAIL)]
)
def test_dmarc_p_none_follows_the_profile(profile: Profile, status: Status, tmp_path: Path) -> None:
    with DnsLab(bad_zone(), zones=(DOMAIN, "mailer.test", "cloudapp.test")) as lab:
        out = run_check(dmarc.CHECK, lab_config(lab, tmp_path, "domain.dmarc", profile=profile))
    assert out.status is status
    assert any(e.location == f"_dmarc.{DOMAIN} TXT" and "p=none" in e.message for e in out.evidence)


def test_dmarc_external_rua_must_be_authorised(tmp_path: Path) -> None:
    zone = good_zone()
    zone[f"_dmarc.{DOMAIN}"] = [("TXT", "v=DMARC1; p=reject; rua=mailto:r@reports.test")]
    zone["reports.test"] = [("NS", "ns.reports.test")]
    with DnsLab(zone, zones=(DOMAIN, "mailer.test", "reports.test")) as lab:
        out = run_check(dmarc.CHECK, lab_config(lab, tmp_path, "domain.dmarc"))
    assert out.status is Status.WARN
    assert any(e.location == f"{DOMAIN}._report._dmarc.reports.test TXT" for e in out.evidence)


def test_dkim_revoked_key_fails_and_no_selector_warns(tmp_path: Path) -> None:
    with DnsLab(bad_zone(), zones=(DOMAIN, "mailer.test", "cloudapp.test")) as lab:
        out = run_check(dkim.CHECK, lab_config(lab, tmp_path, "domain.dkim"))
        assert out.status is Status.FAIL
        assert out.evidence[0].location == f"s1._domainkey.{DOMAIN} TXT" and "revoked" in out.evidence[0].message
        unknown = run_check(dkim.CHECK, lab_config(lab, tmp_path, "domain.dkim", dkim_selector=()))
    assert unknown.status is Status.WARN and "declare the selector" in unknown.summary


def test_parked_domain_passes_all_three(tmp_path: Path) -> None:
    zone = {
        DOMAIN: [("NS", f"ns1.{DOMAIN}"), ("MX", "0 ."), ("TXT", "v=spf1 -all")],
        f"_dmarc.{DOMAIN}": [("TXT", "v=DMARC1; p=reject;")],
    }
    with DnsLab(zone) as lab:
        results = {
            c.META.id: run_check(c.CHECK, lab_config(lab, tmp_path, c.META.id, dkim_selector=()))
            for c in (spf, dmarc, dkim)
        }
    assert {k: v.status for k, v in results.items()} == {k: Status.PASS for k in results}
    assert "parked" in results["domain.spf"].evidence[-1].message
