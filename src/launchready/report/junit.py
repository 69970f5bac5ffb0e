"""JUnit XML: one test suite per surface, one test case per check, for CI test dashboards.

fail → ``<failure>``, error → ``<error>``, skip → ``<skipped>`` with the reason; a warning passes
but carries its evidence in ``<system-out>`` (JUnit has no warning state). Built with ElementTree,
which escapes every value.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from launchready.model import Result, Scorecard, Status, Surface
from launchready.printable import printable


def _evidence_text(r: Result) -> str:
    return "\n".join(f"{e.status.value}: {e.location} — {e.message}" + (f"\n    {e.detail}" if e.detail else "")
                     for e in r.evidence)


def render(card: Scorecard) -> str:
    root = ET.Element("testsuites", name="launchready", tests=str(len(card.results)),
                      time=f"{card.duration_s:.3f}")
    for surface in Surface:
        results = [r for r in card.results if card.metas[r.check_id].surface is surface]
        if not results:
            continue
        suite = ET.SubElement(root, "testsuite", name=f"launchready.{surface.value}", tests=str(len(results)),
                              failures=str(sum(r.status is Status.FAIL for r in results)),
                              errors=str(sum(r.status is Status.ERROR for r in results)),
                              skipped=str(sum(r.status is Status.SKIP for r in results)),
                              time=f"{sum(r.duration_s for r in results):.3f}")
        for r in results:
            meta = card.metas[r.check_id]
            case = ET.SubElement(suite, "testcase", classname=f"launchready.{surface.value}", name=r.check_id,
                                 time=f"{r.duration_s:.3f}")
            if r.status is Status.FAIL:
                failure = ET.SubElement(case, "failure", message=r.summary, type=meta.severity.value)
                failure.text = f"{_evidence_text(r)}\n\nFix: {meta.fix}"
            elif r.status is Status.ERROR:
                ET.SubElement(case, "error", message=r.summary, type="undecided")
            elif r.status is Status.SKIP:
                ET.SubElement(case, "skipped", message=r.summary)
            elif r.status is Status.WARN:
                ET.SubElement(case, "system-out").text = f"WARN: {r.summary}\n{_evidence_text(r)}"
    ET.indent(root)
    # ElementTree writes control characters as they are, which no XML parser accepts: escape them visibly.
    return printable('<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n")
