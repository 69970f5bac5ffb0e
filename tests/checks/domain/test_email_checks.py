"""domain.spf, domain.dmarc, domain.dkim against the loopback DNS lab."""

from __future__ import annotations

from pathlib import Path

import pytest

from launchready.checks.domain import dkim, dmarc, spf
from launchready.lab.dns import DnsLab, RecordData
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


# ---- DMARC for a subdomain: the RFC 9989 tree walk in the lab -------------------------------------

APP = f"app.{DOMAIN}"


def _org_dmarc(record: str) -> dict[str, list[RecordData]]:
    zone = good_zone()
    zone[f"_dmarc.{DOMAIN}"] = [("TXT", record)]
    return zone


@pytest.mark.parametrize(
    ("record", "profile", "status", "needle"),
    [
        (f"v=DMARC1; p=quarantine; rua=mailto:d@{DOMAIN}", Profile.HANDOVER, Status.PASS, "where p=quarantine applies"),
        (f"v=DMARC1; p=none; rua=mailto:d@{DOMAIN}", Profile.HANDOVER, Status.WARN, f"p=none inherited by {APP}"),
        (f"v=DMARC1; p=none; rua=mailto:d@{DOMAIN}", Profile.SECURITY_REVIEW, Status.FAIL, "p=none inherited"),
        (
            f"v=DMARC1; p=reject; sp=none; rua=mailto:d@{DOMAIN}",
            Profile.HANDOVER,
            Status.WARN,
            f"sp=none (overrides p=reject) inherited by {APP}",
        ),
    ],
    ids=["inherits-quarantine", "inherits-none-handover", "inherits-none-security-review", "sp-none-overrides"],
)
def test_a_subdomain_without_a_record_inherits_the_organisational_policy(
    record: str, profile: Profile, status: Status, needle: str, tmp_path: Path
) -> None:
    with DnsLab(_org_dmarc(record), zones=(DOMAIN, "mailer.test")) as lab:
        out = run_check(dmarc.CHECK, lab_config(lab, tmp_path, "domain.dmarc", domain=APP, profile=profile))
    assert out.status is status, out.evidence
    inherited = out.evidence[0]
    assert inherited.status is Status.PASS and inherited.location == f"_dmarc.{DOMAIN} TXT"
    assert f"no record at _dmarc.{APP}: inherited from _dmarc.{DOMAIN}" in inherited.message
    assert record in inherited.detail
    judged = [e for e in out.evidence if needle in e.message]
    assert judged and judged[0].status is status and judged[0].location == f"_dmarc.{DOMAIN} TXT"


def test_servfail_up_the_dmarc_walk_is_an_error_not_no_record(tmp_path: Path) -> None:
    with DnsLab(good_zone(), zones=(DOMAIN, "mailer.test"), servfail=[f"_dmarc.{DOMAIN}"]) as lab:
        out = run_check(dmarc.CHECK, lab_config(lab, tmp_path, "domain.dmarc", domain=APP))
    assert out.status is Status.ERROR
    assert [(e.status, e.location) for e in out.evidence] == [(Status.ERROR, f"_dmarc.{DOMAIN} TXT")]
    assert f"DMARC policy for {APP} undetermined" in out.evidence[0].message


def test_the_dmarc_walk_over_a_deep_name_asks_eight_names(tmp_path: Path) -> None:
    deep = f"a.b.c.d.e.f.g.h.i.j.mail.{DOMAIN}"
    zone = good_zone()
    zone[deep] = [("A", "127.0.0.1")]
    with DnsLab(zone, zones=(DOMAIN, "mailer.test")) as lab:
        out = run_check(dmarc.CHECK, lab_config(lab, tmp_path, "domain.dmarc", domain=deep))
        asked = [name for name, rtype in lab.queries if name.startswith("_dmarc.") and rtype == "TXT"]
    assert out.status is Status.PASS
    assert asked == [
        f"_dmarc.{deep}",
        f"_dmarc.g.h.i.j.mail.{DOMAIN}",
        f"_dmarc.h.i.j.mail.{DOMAIN}",
        f"_dmarc.i.j.mail.{DOMAIN}",
        f"_dmarc.j.mail.{DOMAIN}",
        f"_dmarc.mail.{DOMAIN}",
        f"_dmarc.{DOMAIN}",
        "_dmarc.test",
    ]
    assert out.evidence[0].location == f"_dmarc.{DOMAIN} TXT" and "where p=reject applies" in out.evidence[0].message
