"""Baselines: accept today's findings once, so later scans (and CI) report only what is new.

A baseline file lists finding ids (see :func:`launchready.model.finding_id`) with the check, the
place and a reason — never a secret: it is written from a redacted report. A finding in the
baseline is not dropped: it moves to the result's accepted findings, with the baseline as its
source, and every report lists it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from launchready.errors import ConfigError, LaunchreadyError
from launchready.model import Evidence, Suppressed, finding_id

FORMAT = "launchready-baseline/1"


@dataclass(frozen=True)
class BaselineEntry:
    check: str
    id: str
    location: str
    reason: str


@dataclass(frozen=True)
class Baseline:
    path: Path
    entries: dict[str, BaselineEntry]

    def match(self, check_id: str, evidence: Evidence) -> Suppressed | None:
        entry = self.entries.get(finding_id(check_id, evidence))
        if entry is None or entry.check != check_id:
            return None
        return Suppressed(evidence, entry.reason, f"baseline {self.path.name}")


def load_baseline(path: Path) -> Baseline:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"baseline file not found: {path}", hint="write one with `launchready baseline`") from exc
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read baseline {path}: {exc}") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("findings"), list):
        raise ConfigError(f"{path} is not a launchready baseline ({FORMAT})")
    entries: dict[str, BaselineEntry] = {}
    for index, item in enumerate(data["findings"]):
        try:
            entry = BaselineEntry(str(item["check"]), str(item["id"]), str(item.get("location", "")),
                                  str(item["reason"]))
        except (KeyError, TypeError) as exc:
            raise ConfigError(f"{path}: finding {index} needs check, id and reason") from exc
        if len(entry.reason.strip()) < 3:
            raise ConfigError(f"{path}: finding {index} ({entry.check} at {entry.location}) has no reason")
        entries[entry.id] = entry
    return Baseline(path, entries)


def baseline_from_report(report: dict[str, Any], reason: str) -> dict[str, Any]:
    """A baseline accepting every failing or warning finding of a JSON report."""
    if not str(report.get("schema_version", "")).startswith("1."):
        raise LaunchreadyError("not a launchready JSON report (schema 1.x)")
    findings = [
        {"check": r["id"], "id": e["fingerprint"], "location": e["location"], "message": e["message"],
         "reason": reason}
        for r in report.get("results", []) for e in r.get("evidence", []) if e["status"] in {"fail", "warn"}
    ]
    return {"format": FORMAT, "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "from_scan": report.get("started_at", ""), "findings": findings}
