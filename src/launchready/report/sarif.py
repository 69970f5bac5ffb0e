"""SARIF 2.1.0: findings for code-scanning dashboards (GitHub, GitLab, Azure DevOps).

One rule per check (its metadata), one result per failing or warning piece of evidence. Evidence
at ``path:line`` becomes a physical location; ``commit:path`` keeps the commit as a property; a
route, DNS name or certificate field becomes a logical location. Accepted findings are results
with an external suppression carrying the reason. Checks that errored are tool execution
notifications, so a dashboard never mistakes them for clean.
"""

from __future__ import annotations

import json
import re
from typing import Any

from launchready.model import Evidence, Scorecard, Severity, Status, finding_id
from launchready.printable import json_escaped, printable_data

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_LEVEL = {Status.FAIL: "error", Status.WARN: "warning", Status.ERROR: "error", Status.PASS: "none", Status.SKIP: "none"}
_SECURITY_SEVERITY = {Severity.CRITICAL: "9.5", Severity.HIGH: "8.0", Severity.MEDIUM: "5.5", Severity.LOW: "3.0",
                      Severity.INFO: "0.0"}
_PATH_LINE = re.compile(r"^(?P<path>[^\s:]+):(?P<line>\d+)$")
_COMMIT_PATH = re.compile(r"^(?P<commit>[0-9a-f]{7,40}):(?P<path>\S+)$")


def _location(e: Evidence) -> dict[str, Any]:
    if m := _PATH_LINE.match(e.location):
        return {"physicalLocation": {"artifactLocation": {"uri": m.group("path"), "uriBaseId": "%SRCROOT%"},
                                     "region": {"startLine": int(m.group("line"))}}}
    if m := _COMMIT_PATH.match(e.location):
        return {"physicalLocation": {"artifactLocation": {"uri": m.group("path"), "uriBaseId": "%SRCROOT%"}},
                "properties": {"commit": m.group("commit")}}
    return {"logicalLocations": [{"name": e.location or "(target)", "kind": "resource"}]}


def _result(check_id: str, rule_index: int, e: Evidence, suppression: dict[str, str] | None = None) -> dict[str, Any]:
    text = e.message + (f"\n{e.detail}" if e.detail else "")
    result: dict[str, Any] = {
        "ruleId": check_id,
        "ruleIndex": rule_index,
        "level": _LEVEL[e.status] if e.status in {Status.FAIL, Status.WARN} else "note",
        "message": {"text": text},
        "locations": [_location(e)],
        "partialFingerprints": {"launchready/v1": finding_id(check_id, e)},
    }
    if suppression is not None:
        result["suppressions"] = [suppression]
    return result


def to_data(card: Scorecard) -> dict[str, Any]:
    ids = list(card.metas)
    rules = []
    for check_id in ids:
        m = card.metas[check_id]
        rules.append({
            "id": m.id,
            "name": "".join(part.title() for part in re.split(r"[.\-]", m.id)),
            "shortDescription": {"text": m.title},
            "fullDescription": {"text": m.criteria},
            "help": {"text": f"Why: {m.why}\nFix: {m.fix}",
                     "markdown": f"**Why it matters.** {m.why}\n\n**What breaks.** {m.breaks}\n\n**Fix.** {m.fix}"},
            "defaultConfiguration": {"level": "error" if card.is_blocking(m.id) else "warning"},
            "properties": {"tags": ["security", m.surface.value, *m.references],
                           "security-severity": _SECURITY_SEVERITY[m.severity], "precision": "high"},
        })
    results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for r in card.results:
        index = ids.index(r.check_id)
        if r.status is Status.ERROR:
            notifications.append({"level": "error", "message": {"text": f"{r.check_id} could not decide: {r.summary}"},
                                  "descriptor": {"id": r.check_id, "index": index}})
            # Code-scanning dashboards show results, not notifications: an undecided check must be visible.
            results.append(_result(r.check_id, index, Evidence(
                Status.FAIL, f"could not decide (error): {r.summary}", "(scan)", "", f"{r.check_id}:error")))
        for e in r.evidence:
            if e.status in {Status.FAIL, Status.WARN}:
                results.append(_result(r.check_id, index, e))
        for s in r.suppressed:
            results.append(_result(r.check_id, index, s.evidence,
                                   {"kind": "external", "justification": f"{s.reason} ({s.source})"}))
    v = card.verdict
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "launchready", "version": card.tool_version,
                                "informationUri": "https://launchready.invalid", "rules": rules}},
            "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications,
                             "properties": {"verdict": v.label, "ready": v.ready, "score": v.score,
                                            "profile": card.profile.value}}],
            "results": results,
            "properties": {"target": card.target},
        }],
    }


def render(card: Scorecard) -> str:
    # Dashboards show message texts decoded: a JSON-escaped ESC would still reach the reader raw.
    return json_escaped(json.dumps(printable_data(to_data(card)), indent=2, ensure_ascii=False)) + "\n"
