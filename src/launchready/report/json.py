"""JSON report: the scorecard as data, in a versioned shape described by ``scorecard.schema.json``.

Version rules: a new optional field is a minor bump; a renamed, removed or retyped field is a
major bump. Consumers should check ``schema_version``'s major number.
"""

from __future__ import annotations

import json
from typing import Any

from launchready.model import Evidence, Scorecard, finding_id
from launchready.printable import json_escaped

SCHEMA_VERSION = "1.2"


def _evidence(check_id: str, e: Evidence) -> dict[str, Any]:
    return {"status": e.status.value, "message": e.message, "location": e.location, "detail": e.detail,
            "fingerprint": finding_id(check_id, e)}


def to_data(card: Scorecard) -> dict[str, Any]:
    v = card.verdict
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "launchready", "version": card.tool_version},
        "target": card.target,
        "profile": card.profile.value,
        "started_at": card.started_at,
        "duration_s": card.duration_s,
        "requests_total": card.requests_total,
        "requests_by_surface": card.requests_by_surface(),
        "verdict": {
            "ready": v.ready,
            "label": v.label,
            "score": v.score,
            "risk": v.risk,
            "covered": [s.value for s in v.covered],
            "not_scanned": {s.value: reason for s, reason in v.not_scanned.items()},
            "not_run": list(v.not_run),
            "blocking_failures": list(v.blocking_failures),
        },
        "plan": [
            {"window": p.window, "check_id": p.check_id, "title": p.title, "action": p.action,
             "severity": p.severity.value, "blocking": p.blocking, "finding": p.finding,
             "fingerprint": p.fingerprint}
            for p in v.plan
        ],
        "results": [
            {
                "id": r.check_id,
                "title": card.metas[r.check_id].title,
                "surface": card.metas[r.check_id].surface.value,
                "severity": card.metas[r.check_id].severity.value,
                "blocking": card.is_blocking(r.check_id),
                "status": r.status.value,
                "summary": r.summary,
                "criteria": card.metas[r.check_id].criteria,
                "fix": card.metas[r.check_id].fix,
                "references": list(card.metas[r.check_id].references),
                "duration_s": round(r.duration_s, 3),
                "requests": r.requests,
                "metrics": dict(r.metrics),
                "evidence": [_evidence(r.check_id, e) for e in r.evidence],
                "suppressed": [{**_evidence(r.check_id, s.evidence), "reason": s.reason, "source": s.source}
                               for s in r.suppressed],
            }
            for r in card.results
        ],
    }


def render(card: Scorecard) -> str:
    return json_escaped(json.dumps(to_data(card), indent=2, ensure_ascii=False)) + "\n"
