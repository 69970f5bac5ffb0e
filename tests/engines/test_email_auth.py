"""The e-mail authentication engine: the RFC 7208 suite (static part) and SPF/DMARC/DKIM unit cases."""

from __future__ import annotations

import base64
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

from launchready.engines.email_auth import (
    Level,
    discover_dmarc,
    evaluate_spf,
    judge_dkim,
    judge_dmarc,
    judge_spf,
    parse_spf,
    tree_walk_names,
)
from launchready.targets.domain import DnsAnswer, LookupState

SUITE = Path(__file__).parent.parent / "data" / "rfc7208" / "rfc7208-tests.yml"

OUT_OF_SCOPE = {
    "include-at-limit": (
        "the 11th DNS-querying term ('mx') comes after 'ip4:1.2.3.4', which matches this test's client; a "
        "static audit walks every term and reports the permerror every other sender would get"
    ),
}
"""Cases where the suite's answer depends on the connecting client; documented in tests/data/rfc7208/README.md."""


def _entries(raw: list[Any]) -> list[tuple[str, str]]:
    """The suite's zone entries; SPF-type records stand in for TXT where a name has no TXT (suite convention)."""
    out: list[tuple[str, str]] = []
    spf: list[str] = []
    has_txt = False
    for item in raw:
        if item == "TIMEOUT":
            out.append(("TIMEOUT", ""))
            continue
        for rtype, given in item.items():
            value = given
            if rtype in ("TXT", "SPF"):
                value = "".join(value) if isinstance(value, list) else value
            elif rtype == "MX":
                value = f"{value[0]} {value[1]}"
            if rtype == "TXT":
                has_txt = True
            if rtype == "SPF":
                spf.append(str(value))
            elif value != "NONE":
                out.append((rtype, str(value)))
    if not has_txt:
        out += [("TXT", v) for v in spf]
    return out


def suite_lookup(zonedata: Mapping[str, list[Any]]) -> Callable[[str, str], DnsAnswer]:
    zone = {k.lower().rstrip("."): _entries(v) for k, v in zonedata.items()}

    def lookup(name: str, rtype: str, level: int = 0) -> DnsAnswer:
        labels = [label for label in name.lower().rstrip(".").split(".") if label]
        if any(len(label) > 63 for label in labels):
            return DnsAnswer(name, rtype, LookupState.ABSENT, error="label too long")
        key = ".".join(labels)
        if key not in zone:
            if key.startswith("error."):
                return DnsAnswer(name, rtype, LookupState.ERROR, error="timeout")
            return DnsAnswer(name, rtype, LookupState.ABSENT, nxdomain=True)
        records: list[str] = []
        for kind, value in zone[key]:
            if kind == "TIMEOUT":
                if not records:
                    return DnsAnswer(name, rtype, LookupState.ERROR, error="timeout")
                break
            if kind == rtype:
                if value == "TIMEOUT":
                    return DnsAnswer(name, rtype, LookupState.ERROR, error="timeout")
                records.append(value)
            elif kind == "CNAME" and level == 0:
                chased = lookup(value, rtype, 1)
                if chased.failed:
                    return chased
                records.extend(chased.records)
        if not records:
            return DnsAnswer(name, rtype, LookupState.ABSENT)
        return DnsAnswer(name, rtype, LookupState.FOUND, tuple(records))

    def first_level(name: str, rtype: str) -> DnsAnswer:
        return lookup(name, rtype)

    return first_level


def _suite_cases() -> list[Any]:
    cases = []
    for scenario in yaml.safe_load_all(SUITE.read_text(encoding="utf-8")):
        for name, case in scenario["tests"].items():
            cases.append(pytest.param(scenario["zonedata"], case, id=name))
    return cases


STATIC_RESULTS = {"permerror", "temperror", "none"}


@pytest.mark.parametrize(("zonedata", "case"), _suite_cases())
def test_rfc7208_suite_case_agrees_with_the_static_checker(
    zonedata: Mapping[str, list[Any]], case: Mapping[str, Any], request: pytest.FixtureRequest
) -> None:
    """A static checker decides permerror / temperror / none; pass, fail, softfail and neutral need the client's
    IP, so for those it must only agree that the policy is *not* an error."""
    name = request.node.callspec.id
    if name in OUT_OF_SCOPE:
        pytest.skip(OUT_OF_SCOPE[name])
    mailfrom: str = case["mailfrom"]
    domain = mailfrom.rsplit("@", 1)[1] if "@" in mailfrom else (mailfrom or case["helo"])
    expected = set(case["result"] if isinstance(case["result"], list) else [case["result"]])
    got = evaluate_spf(suite_lookup(zonedata), domain)
    if got.result in STATIC_RESULTS:
        assert got.result in expected, got.reason
    else:
        assert expected - STATIC_RESULTS, f"expected {expected}, the static checker found no error"


def test_rfc7208_suite_size_is_what_the_readme_says() -> None:
    assert len(_suite_cases()) == 203


# ---- unit cases on our own records --------------------------------------------------------------


def zone(records: Mapping[str, list[tuple[str, str]]], errors: tuple[str, ...] = ()) -> Callable[[str, str], DnsAnswer]:
    def lookup(name: str, rtype: str) -> DnsAnswer:
        name = name.lower().rstrip(".")
        if name in errors:
            return DnsAnswer(name, rtype, LookupState.ERROR, error="nameserver answered SERVFAIL")
        if name not in records:
            return DnsAnswer(name, rtype, LookupState.ABSENT, nxdomain=True)
        found = tuple(v for t, v in records[name] if t == rtype)
        return DnsAnswer(name, rtype, LookupState.FOUND if found else LookupState.ABSENT, found)

    return lookup


def test_the_term_that_crosses_ten_lookups_is_named_through_includes() -> None:
    records = {f"i{n}.test": [("TXT", "v=spf1 a mx -all")] for n in range(6)}
    records["a.test"] = [("TXT", "v=spf1 " + " ".join(f"include:i{n}.test" for n in range(6)) + " -all")]
    for n in range(6):
        records[f"i{n}.test"].append(("A", "192.0.2.1"))
        records[f"i{n}.test"].append(("MX", "10 i.test"))
    ev = evaluate_spf(zone(records), "a.test")
    assert ev.result == "permerror"
    assert ev.crossing_term == "a in i3.test"


def test_three_void_lookups_are_a_permerror_naming_the_third() -> None:
    lookup = zone({"a.test": [("TXT", "v=spf1 a:x1.test a:x2.test mx:x3.test -all")]})
    ev = evaluate_spf(lookup, "a.test")
    assert ev.result == "permerror" and "'mx:x3.test'" in ev.reason


def test_version_is_case_insensitive_and_two_records_fail() -> None:
    assert evaluate_spf(zone({"a.test": [("TXT", "V=SPF1 -all")]}), "a.test").result == "ok"
    ev = evaluate_spf(zone({"a.test": [("TXT", "v=spf1 -all"), ("TXT", "v=spf1 ~all")]}), "a.test")
    assert ev.result == "permerror" and "2 SPF records" in ev.reason


def test_include_of_a_domain_without_spf_is_a_permerror() -> None:
    ev = evaluate_spf(
        zone({"a.test": [("TXT", "v=spf1 include:b.test -all")], "b.test": [("A", "192.0.2.1")]}), "a.test"
    )
    assert ev.result == "permerror" and "b.test publishes no SPF record" in ev.reason


@pytest.mark.parametrize(
    ("a_record", "reason", "location"),
    [
        ("v=spf1 include:c.test -all", "include loop: a.test → c.test → a.test", "c.test TXT"),
        ("v=spf1 redirect=b.test", "redirect loop: a.test → b.test → a.test", "b.test TXT"),
        ("v=spf1 redirect=c.test", "'redirect=c.test' at a.test: c.test publishes no SPF record", "c.test TXT"),
    ],
)
def test_include_and_redirect_loops_and_dead_ends_are_permerrors_naming_the_chain(
    a_record: str, reason: str, location: str
) -> None:
    lookup = zone(
        {
            "a.test": [("TXT", a_record)],
            "b.test": [("TXT", "v=spf1 redirect=a.test")],
            "c.test": [("TXT", "v=spf1 include:a.test -all")] if "include" in a_record else [("A", "192.0.2.1")],
        }
    )
    ev = evaluate_spf(lookup, "a.test")
    assert (ev.result, ev.reason, ev.location) == ("permerror", reason, location)


@pytest.mark.parametrize(
    ("record", "level"),
    [
        ("v=spf1 +all", Level.FAIL),
        ("v=spf1 all", Level.FAIL),
        ("v=spf1 ?all", Level.WARN),
        ("v=spf1 ip4:192.0.2.1", Level.WARN),
        ("v=spf1 ptr -all", Level.WARN),
        ("v=spf1 ip4:192.0.2.1 ~all", Level.OK),
        ("v=spf1 -all ip4:192.0.2.9", Level.WARN),
    ],
)
def test_all_qualifiers_and_ptr_are_judged(record: str, level: Level) -> None:
    findings = judge_spf(evaluate_spf(zone({"a.test": [("TXT", record)], "a.test.": []}), "a.test"))
    assert max((f.level for f in findings), key=[Level.OK, Level.WARN, Level.FAIL, Level.ERROR].index) is level


def test_dns_error_in_an_include_is_an_error_not_missing() -> None:
    lookup = zone({"a.test": [("TXT", "v=spf1 include:b.test -all")]}, errors=("b.test",))
    findings = judge_spf(evaluate_spf(lookup, "a.test"))
    assert [f.level for f in findings] == [Level.ERROR] and "SERVFAIL" in findings[0].message


def test_syntax_error_after_all_is_still_a_permerror() -> None:
    assert parse_spf("a.test", "v=spf1 -all ip4:300.1.1.1").errors


@pytest.mark.parametrize(
    ("record", "p_none", "level", "needle"),
    [
        ("v=DMARC1; p=none; rua=mailto:d@a.test", "warn", Level.WARN, "p=none"),
        ("v=DMARC1; p=none; rua=mailto:d@a.test", "fail", Level.FAIL, "p=none"),
        ("v=DMARC1; p=reject; rua=mailto:d@a.test", "warn", Level.OK, "p=reject"),
        ("p=reject; v=DMARC1", "warn", Level.FAIL, "no DMARC record"),
        ("v=DMARC1; p=reject; pct=50; rua=mailto:d@a.test", "warn", Level.WARN, "pct=50"),
        ("v=DMARC1; p=reject; t=y; np=reject; psd=n; rua=mailto:d@a.test", "warn", Level.WARN, "t=y"),
        ("v=DMARC1; p=reject; rua=mailto:d@reports.example", "warn", Level.WARN, "does not authorise"),
        ("v=DMARC1; p=reject; rua=mailto:d@ok.example", "warn", Level.OK, "authorises reports"),
    ],
)
def test_dmarc_is_judged_under_both_rfcs(record: str, p_none: str, level: Level, needle: str) -> None:
    lookup = zone({"_dmarc.a.test": [("TXT", record)], "a.test._report._dmarc.ok.example": [("TXT", "v=DMARC1")]})
    findings = judge_dmarc(lookup, "a.test", p_none=p_none)
    worst = max((f.level for f in findings), key=[Level.OK, Level.WARN, Level.FAIL, Level.ERROR].index)
    assert worst is level
    assert any(needle in f.message for f in findings), findings


def _dkim(bits: int | None) -> str:
    if bits is None:
        raw = (
            ed25519.Ed25519PrivateKey.generate()
            .public_key()
            .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        )
        return "v=DKIM1; k=ed25519; p=" + base64.b64encode(raw).decode()
    if bits < 1024:  # cryptography will not generate one; a public key only needs a modulus of that size
        key = rsa.RSAPublicNumbers(65537, (1 << (bits - 1)) | 0xFFFF_FFFF_FFFF_FFFF).public_key()
    else:
        key = rsa.generate_private_key(public_exponent=65537, key_size=bits).public_key()
    der = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return "v=DKIM1; k=rsa; p=" + base64.b64encode(der).decode()


@pytest.mark.parametrize(
    ("record", "level", "needle"),
    [
        (_dkim(2048), Level.OK, "RSA 2048-bit"),
        (_dkim(1024), Level.WARN, "RSA 1024-bit"),
        (_dkim(512), Level.FAIL, "RSA 512-bit"),
        (_dkim(None), Level.OK, "ed25519"),
        ("v=DKIM1; p=", Level.FAIL, "revoked"),
        (_dkim(2048).replace("v=DKIM1;", "v=DKIM1; t=y;"), Level.WARN, "t=y"),
        ("v=DKIM1; p=bm90IGEga2V5", Level.FAIL, "does not parse"),
    ],
    # fixed ids: the keys are generated afresh, and parallel test workers must collect the same names
    ids=["rsa-2048", "rsa-1024", "rsa-512", "ed25519", "revoked", "testing-flag", "not-a-key"],
)
def test_dkim_keys_are_parsed_and_sized(record: str, level: Level, needle: str) -> None:
    findings = judge_dkim(zone({"s1._domainkey.a.test": [("TXT", record)]}), "a.test", ["s1"])
    worst = max((f.level for f in findings), key=[Level.OK, Level.WARN, Level.FAIL, Level.ERROR].index)
    assert worst is level and any(needle in f.message for f in findings), findings
    assert findings[0].location == "s1._domainkey.a.test TXT"


# ---- DMARC policy discovery: the RFC 9989 DNS tree walk ------------------------------------------


def recording(lookup: Callable[[str, str], DnsAnswer], asked: list[str]) -> Callable[[str, str], DnsAnswer]:
    def wrapped(name: str, rtype: str) -> DnsAnswer:
        asked.append(name)
        return lookup(name, rtype)

    return wrapped


ORG = {"example.test": [("A", "192.0.2.1")], "app.example.test": [("A", "192.0.2.2")]}


def _org(record: str, **more: list[tuple[str, str]]) -> Callable[[str, str], DnsAnswer]:
    return zone({**ORG, "_dmarc.example.test": [("TXT", record)], **more})


def test_tree_walk_names_cut_a_deep_name_to_seven_labels_after_the_first_query() -> None:
    deep = "a.b.c.d.e.f.g.h.i.j.mail.example.test"
    assert tree_walk_names(deep) == [
        deep,
        "g.h.i.j.mail.example.test",
        "h.i.j.mail.example.test",
        "i.j.mail.example.test",
        "j.mail.example.test",
        "mail.example.test",
        "example.test",
        "test",
    ]
    assert tree_walk_names("app.example.test") == ["app.example.test", "example.test", "test"]
    assert tree_walk_names("h.g.f.e.d.c.b.a") == ["h.g.f.e.d.c.b.a", *tree_walk_names("g.f.e.d.c.b.a")]


def test_a_deep_subdomain_inherits_through_the_tree_walk_in_eight_queries() -> None:
    asked: list[str] = []
    deep = "a.b.c.d.e.f.g.h.i.j.mail.example.test"
    lookup = recording(_org("v=DMARC1; p=reject; rua=mailto:d@example.test"), asked)
    found = discover_dmarc(lookup, deep)
    assert found.policy is not None and found.policy.domain == "example.test" and found.inherited
    assert asked == [f"_dmarc.{n}" for n in tree_walk_names(deep)] and len(asked) == 8
    findings = judge_dmarc(lookup, deep, p_none="warn")
    assert [f.level for f in findings] == [Level.OK, Level.OK]
    assert (
        findings[0].location == "_dmarc.example.test TXT"
        and "inherited from _dmarc.example.test" in findings[0].message
    )


@pytest.mark.parametrize(
    ("record", "p_none", "level", "needle"),
    [
        ("v=DMARC1; p=quarantine; rua=mailto:d@example.test", "warn", Level.OK, "where p=quarantine applies"),
        ("v=DMARC1; p=none; rua=mailto:d@example.test", "warn", Level.WARN, "p=none inherited by app.example.test"),
        ("v=DMARC1; p=none; rua=mailto:d@example.test", "fail", Level.FAIL, "p=none inherited by app.example.test"),
        ("v=DMARC1; p=reject; sp=none; rua=mailto:d@example.test", "warn", Level.WARN, "sp=none (overrides p=reject)"),
        ("v=DMARC1; p=none; sp=reject; rua=mailto:d@example.test", "fail", Level.OK, "sp=reject (overrides p=none)"),
    ],
)
def test_a_subdomain_without_a_record_gets_the_organisational_policy(
    record: str, p_none: str, level: Level, needle: str
) -> None:
    findings = judge_dmarc(_org(record), "app.example.test", p_none=p_none)
    worst = max(findings, key=lambda f: list(Level).index(f.level))
    assert worst.level is level and any(needle in f.message for f in findings), findings
    inherited = findings[0]
    assert inherited.location == "_dmarc.example.test TXT" and "inherited from _dmarc.example.test" in inherited.message
    assert (
        record in inherited.detail
        and "_dmarc.app.example.test: NXDOMAIN → _dmarc.example.test: record" in inherited.detail
    )


def test_a_dns_error_up_the_walk_is_undetermined_not_missing() -> None:
    lookup = zone(ORG, errors=("_dmarc.example.test",))
    findings = judge_dmarc(lookup, "app.example.test", p_none="warn")
    assert [(f.level, f.location) for f in findings] == [(Level.ERROR, "_dmarc.example.test TXT")]
    assert "DMARC policy for app.example.test undetermined" in findings[0].message
    assert findings[0].detail == "_dmarc.app.example.test: NXDOMAIN → _dmarc.example.test: error"


def test_a_record_at_the_author_domain_needs_no_walk_so_an_error_above_it_does_not_matter() -> None:
    asked: list[str] = []
    records = {**ORG, "_dmarc.app.example.test": [("TXT", "v=DMARC1; p=reject; rua=mailto:d@app.example.test")]}
    lookup = recording(zone(records, errors=("_dmarc.example.test",)), asked)
    findings = judge_dmarc(lookup, "app.example.test", p_none="warn")
    assert [f.level for f in findings] == [Level.OK, Level.OK] and findings[0].message == "p=reject"
    assert "_dmarc.example.test" not in asked


def test_reports_to_the_parent_when_a_dns_error_hides_the_organisational_domain_warn_naming_it() -> None:
    records = {**ORG, "_dmarc.app.example.test": [("TXT", "v=DMARC1; p=reject; rua=mailto:d@example.test")]}
    findings = judge_dmarc(zone(records, errors=("_dmarc.example.test",)), "app.example.test", p_none="warn")
    rua = findings[-1]
    assert (rua.level, rua.location) == (Level.WARN, "app.example.test._report._dmarc.example.test TXT")
    assert "a DNS error hid whether it shares your organisational domain" in rua.message


@pytest.mark.parametrize(
    ("dest", "level", "needle"),
    [
        ("d@example.test", Level.OK, "within the organisational domain example.test"),
        ("d@reports.co.test", Level.WARN, "does not authorise reports for shop.co.test"),
    ],
)
def test_report_destinations_are_judged_by_the_tree_walk_not_the_last_two_labels(
    dest: str, level: Level, needle: str
) -> None:
    records = {
        "_dmarc.app.example.test": [("TXT", "v=DMARC1; p=reject; rua=mailto:d@example.test")],
        "_dmarc.example.test": [("TXT", "v=DMARC1; p=reject")],
        "_dmarc.shop.co.test": [("TXT", f"v=DMARC1; p=reject; rua=mailto:{dest}")],
        "_dmarc.co.test": [("TXT", "v=DMARC1; p=reject; psd=y")],
    }
    domain = "app.example.test" if dest.endswith("@example.test") else "shop.co.test"
    rua = judge_dmarc(zone(records), domain, p_none="warn")[-1]
    assert rua.level is level and needle in rua.message, rua


def test_no_record_anywhere_on_the_walk_fails_naming_the_walk() -> None:
    findings = judge_dmarc(zone(ORG), "app.example.test", p_none="warn")
    assert [f.level for f in findings] == [Level.FAIL]
    assert "or any parent" in findings[0].message and findings[0].location == "_dmarc.app.example.test TXT"
    assert findings[0].detail.endswith("_dmarc.test: NXDOMAIN")


def test_psd_n_stops_the_walk_and_names_the_organisational_domain() -> None:
    asked: list[str] = []
    lookup = recording(_org("v=DMARC1; p=reject; psd=n; rua=mailto:d@example.test"), asked)
    found = discover_dmarc(lookup, "app.example.test")
    assert found.organisational_domain == "example.test" and "_dmarc.test" not in asked


def test_under_a_public_suffix_policy_the_organisational_domain_is_one_label_below() -> None:
    lookup = zone({**ORG, "_dmarc.test": [("TXT", "v=DMARC1; p=reject; psd=y")]})
    found = discover_dmarc(lookup, "app.example.test")
    assert found.organisational_domain == "example.test"
    assert found.policy is not None and found.policy.domain == "test"


def test_np_applies_to_a_subdomain_that_does_not_exist() -> None:
    record = "v=DMARC1; p=reject; sp=none; np=reject; rua=mailto:d@example.test"
    gone = judge_dmarc(_org(record), "gone.example.test", p_none="warn")
    assert [f.level for f in gone] == [Level.OK, Level.OK] and "np=reject applies" in gone[0].message
    live = judge_dmarc(_org(record), "app.example.test", p_none="warn")
    assert live[1].level is Level.WARN and "sp=none (overrides p=reject) inherited" in live[1].message


def test_duplicate_records_at_the_subdomain_are_discarded_and_the_parent_policy_applies() -> None:
    records = {"_dmarc.app.example.test": [("TXT", "v=DMARC1; p=none"), ("TXT", "v=DMARC1; p=reject")]}
    findings = judge_dmarc(
        _org("v=DMARC1; p=reject; rua=mailto:d@example.test", **records), "app.example.test", p_none="warn"
    )
    assert (findings[0].level, findings[0].location) == (Level.WARN, "_dmarc.app.example.test TXT")
    assert "2 DMARC records" in findings[0].message
    assert findings[1].location == "_dmarc.example.test TXT" and "where p=reject applies" in findings[1].message
