"""Renderers are pure: one fixed scorecard, each format checked for shape, escaping and schema."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema

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

META = CheckMeta("repo.cors-config", "CORS | limited", Surface.REPO, Severity.HIGH, "no `*` | reflected",
                 "why", "breaks", "list <origins>", ("CWE-942",), ("item",), Effort.MINUTES)
META2 = CheckMeta("repo.debug-mode", "Debug off", Surface.REPO, Severity.HIGH, "criteria", "why", "breaks",
                  "fix it", ("CWE-489",), ("item",), Effort.MINUTES)
RESULTS = (
    Result("repo.cors-config", Status.FAIL, "any origin",
           (Evidence(Status.FAIL, "origin <script>alert(1)</script> | echoed", "app.py:3", "line\nbreak"),)),
    Result("repo.debug-mode", Status.PASS, "fine", (),
           (Suppressed(Evidence(Status.FAIL, "debug on", "dev.py:1"), "dev only", "launchready.toml:4"),)),
)
METAS = {"repo.cors-config": META, "repo.debug-mode": META2}
BLOCKING = frozenset({"repo.cors-config"})
CARD = Scorecard("0.1.0", "/r", Profile.HANDOVER, "2026-11-23T10:00:00+00:00", 1.5, RESULTS, METAS,
                 decide(RESULTS, METAS, BLOCKING, Profile.HANDOVER, {}), BLOCKING)


def test_json_validates_against_the_published_schema() -> None:
    schema = json.loads(resources.files("launchready.report").joinpath("scorecard.schema.json").read_text())
    data = json.loads(render_text(CARD, "json"))
    jsonschema.validate(data, schema)
    assert data["results"][0]["evidence"][0]["location"] == "app.py:3"
    assert data["results"][1]["suppressed"][0]["source"] == "launchready.toml:4"


def test_markdown_is_in_the_checklist_shape_and_escapes_cells() -> None:
    md = render_text(CARD, "markdown")
    assert "| check | pass criteria | status | evidence | fix path |" in md
    row = next(line for line in md.splitlines() if "`repo.cors-config` **(blocking)**" in line)
    assert row.count(" | ") == 4  # five cells: no pipe from the data split the row
    assert "&lt;script&gt;" in row and "<script>" not in md and "line<br>break" not in row
    assert "CORS \\| limited" in row and "list &lt;origins&gt;" in row
    assert "## Accepted findings (suppressed)" in md and "dev only" in md
    assert "## Blocking failures" in md and "**hour 1:** CORS" in md


def test_terminal_puts_the_verdict_first_and_lists_evidence_and_fixes() -> None:
    text = render_text(CARD, "terminal", width=140)
    lines = [line for line in text.splitlines() if line.strip()]
    assert "prototype with production risk" in "\n".join(lines[:3])
    assert "app.py:3" in text and "fix first" in text and "hour 1: CORS | limited" in text
    assert "1 accepted finding(s) suppressed" in text and "dev only" in text
