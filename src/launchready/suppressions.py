"""Accepted findings: config suppressions and inline ``launchready: ignore[<id>] <reason>`` markers.

A suppressed finding is moved out of the result's evidence into ``suppressed`` — never dropped —
and every report lists it with its reason. The status is then decided again from what is left.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import replace

from launchready.baseline import Baseline
from launchready.config import Config
from launchready.model import Evidence, Result, Status, Suppressed, finding_id
from launchready.targets.repo import RepoSnapshot

_INLINE = re.compile(r"launchready:\s*ignore\[(?P<ids>[^\]]+)\](?P<reason>[^\n]*)")
_PATH_LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+)$")


def _inline_reason(check_id: str, evidence: Evidence, repo: RepoSnapshot | None) -> str | None:
    if repo is None:
        return None
    m = _PATH_LINE.match(evidence.location)
    if not m:
        return None
    text = repo.read_text(m.group("path"))
    if text is None:
        return None
    lines = text.splitlines()
    number = int(m.group("line"))
    for candidate in (number, number - 1):  # the line itself, or a marker on the line above
        if 1 <= candidate <= len(lines):
            marker = _INLINE.search(lines[candidate - 1])
            if marker:
                ids = {i.strip() for i in marker.group("ids").split(",")}
                reason = marker.group("reason").strip(" -:#*/")
                if (check_id in ids or "*" in ids) and len(reason) >= 3:
                    return reason
    return None


def apply_suppressions(
    result: Result, config: Config, repo: RepoSnapshot | None, baseline: Baseline | None = None
) -> Result:
    if not result.evidence or result.status in {Status.SKIP, Status.ERROR}:
        return result
    rules = [s for s in config.suppress if s.check == result.check_id]
    kept: list[Evidence] = []
    hidden: list[Suppressed] = list(result.suppressed)
    for ev in result.evidence:
        # An error is not a finding one can accept: it says nothing was decided there.
        if ev.status in {Status.PASS, Status.SKIP, Status.ERROR}:
            kept.append(ev)
            continue
        rule = next(
            (
                s
                for s in rules
                if (s.fingerprint and s.fingerprint == finding_id(result.check_id, ev))
                or (not s.fingerprint and fnmatch.fnmatch(ev.location, s.location))
            ),
            None,
        )
        if rule is not None:
            where = config.source_line(("suppress", config.suppress.index(rule))) or "config"
            hidden.append(Suppressed(ev, rule.reason, where))
            continue
        accepted = baseline.match(result.check_id, ev) if baseline is not None else None
        if accepted is not None:
            hidden.append(accepted)
            continue
        inline = _inline_reason(result.check_id, ev, repo)
        if inline is not None:
            hidden.append(Suppressed(ev, inline, f"inline marker at {ev.location}"))
            continue
        kept.append(ev)
    if len(hidden) == len(result.suppressed):
        return result
    worst = max((e.status for e in kept), key=lambda s: s.rank, default=Status.PASS)
    status = worst if worst.rank > Status.PASS.rank else Status.PASS
    # A status the evidence did not explain (a fail decided on a metric, say) is not the
    # evidence's to clear: setting findings aside never makes a result better than that.
    explained = max((e.status for e in result.evidence), key=lambda s: s.rank)
    if result.status.rank > explained.rank:
        status = max(status, result.status, key=lambda s: s.rank)
    summary = result.summary if status is not Status.PASS else "passes once accepted findings are set aside"
    summary += f" ({len(hidden)} accepted finding{'s' if len(hidden) != 1 else ''} suppressed)"
    return replace(result, status=status, summary=summary, evidence=tuple(kept), suppressed=tuple(hidden))
