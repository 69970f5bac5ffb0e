"""Pins for the Markdown, JUnit and SARIF renderers: one scorecard with every status on two surfaces,
more evidence than a cell shows, a suppressed finding and a not-scanned surface; each output compared
whole (Markdown) or node by node (JUnit, SARIF), so a dropped line, attribute or key is noticed."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from launchready.model import (
    CheckMeta,
    Effort,
    Evidence,
    Profile,
    Result,
    Scorecard,
    Severity,
    Status,
    Suppressed,
    Surface,
)
from launchready.report import render_text
from launchready.verdict import decide

EXPECTED = Path(__file__).parent / "data" / "report_pins"


def _meta(check_id: str, surface: Surface, severity: Severity = Severity.HIGH) -> CheckMeta:
    name = check_id.split(".", 1)[1]
    return CheckMeta(check_id, f"{name} title", surface, severity, f"{name} criteria", "why", "breaks",
                     f"fix {name}", ("CWE-1",), ("item",), Effort.MINUTES)


METAS = {
    "repo.secrets-tree": _meta("repo.secrets-tree", Surface.REPO, Severity.CRITICAL),
    "repo.route-auth": _meta("repo.route-auth", Surface.REPO),
    "repo.debug-mode": _meta("repo.debug-mode", Surface.REPO),
    "domain.spf": _meta("domain.spf", Surface.DOMAIN),
    "domain.tls": _meta("domain.tls", Surface.DOMAIN),
    "domain.dns": _meta("domain.dns", Surface.DOMAIN, Severity.MEDIUM),
    "ops.runbook": _meta("ops.runbook", Surface.OPS),
}
RESULTS = (
    Result("repo.secrets-tree", Status.FAIL, "6 secret(s)",
           tuple(Evidence(Status.FAIL, f"key {i}", f"app/k{i}.py:{i + 1}", f"detail {i}", f"fp{i}") for i in range(6)),
           duration_s=0.25),
    Result("repo.route-auth", Status.WARN, "1 read", (Evidence(Status.WARN, "GET /pricing open", "main.py:8"),
                                                      Evidence(Status.PASS, "central auth", ""),
                                                      Evidence(Status.WARN, "old route", "0123abcd4567:cfg/old.py")),
           duration_s=0.5),
    Result("repo.debug-mode", Status.PASS, "fine", (),
           (Suppressed(Evidence(Status.FAIL, "debug on", "dev.py:1"), "dev only", "launchready.toml:4"),)),
    Result("domain.spf", Status.ERROR, "DNS timeout", (Evidence(Status.ERROR, "timeout", "example.test TXT"),),
           duration_s=1.0),
    # a skip shows its reason, never its evidence
    Result("domain.tls", Status.SKIP, "no web host", (Evidence(Status.SKIP, "no address", "app.example.test A"),)),
    # A warning on a surface with no failure: counted as a failure, it would show in <testsuite failures>.
    Result("domain.dns", Status.WARN, "no CAA", (Evidence(Status.WARN, "no CAA record → any CA may issue", "example.test CAA"),)),
)
BLOCKING = frozenset({"repo.secrets-tree", "repo.route-auth", "domain.spf", "ops.runbook"})
VERDICT = decide(RESULTS, METAS, BLOCKING, Profile.HANDOVER, {Surface.OPS: "not selected"})
CARD = Scorecard("0.1.0", "/r", Profile.HANDOVER, "2026-11-23T10:00:00+00:00", 2.0, RESULTS, METAS, VERDICT,
                 BLOCKING)


def _expected(name: str) -> str:
    return (EXPECTED / name).read_text(encoding="utf-8")


def test_markdown_scorecard_is_exactly_the_pinned_document() -> None:
    assert render_text(CARD, "markdown") == _expected("scorecard.md")


def test_junit_is_exactly_the_pinned_document_and_parses() -> None:
    xml = render_text(CARD, "junit")
    assert xml == _expected("scorecard.junit.xml")
    suites = ET.fromstring(xml.split("\n", 1)[1])
    assert [(s.get("name"), s.get("failures"), s.get("errors"), s.get("skipped")) for s in suites] == [
        ("launchready.repo", "1", "0", "0"), ("launchready.domain", "0", "1", "1")]
    assert suites.get("tests") == "6"


def test_sarif_is_exactly_the_pinned_document() -> None:
    assert json.loads(render_text(CARD, "sarif")) == json.loads(_expected("scorecard.sarif.json"))
    assert render_text(CARD, "sarif") == _expected("scorecard.sarif.json")
