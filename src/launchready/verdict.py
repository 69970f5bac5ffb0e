"""From results to a decision: the verdict, the 0–100 score, the risk level and the fix plan.

Rules (SPEC §1): **launch-ready** only when no blocking check fails or errors; a verdict names
what it covered, and a surface that was not scanned makes it partial ("launch-ready for: repo;
not scanned: api, ai, domain"). The score starts at 100 and loses, per check, the weight of its
severity (critical 25, high 15, medium 8, low 3) for a fail or an error, a third of it for a
warn; a verdict that is not ready caps it at 59 so the number never contradicts the verdict.

The plan puts critical exposures first (a leaked key, an auth bypass, a forged token is an incident
waiting to happen whatever the profile blocks on), then the other blocking failures, then the rest;
reports show the first ``PLAN_SHOWN`` steps and say how many more there are.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from launchready.model import CheckMeta, PlanStep, Profile, Result, Severity, Status, Surface, Verdict

READY = "launch-ready"
NOT_READY = "prototype with production risk"

WEIGHT = {Severity.CRITICAL: 25, Severity.HIGH: 15, Severity.MEDIUM: 8, Severity.LOW: 3, Severity.INFO: 0}
NOT_READY_CAP = 59
PLAN_SHOWN = 10
"""Steps a report shows; the rest are counted ("and 32 more"), and listed in the JSON report."""


def decide(
    results: Sequence[Result],
    metas: Mapping[str, CheckMeta],
    blocking: frozenset[str],
    profile: Profile,
    not_scanned_reasons: Mapping[Surface, str],
    deselected: Sequence[str] = (),
) -> Verdict:
    """``deselected``: blocking checks of the profile that exist but were left out (``--skip``/``--only``);
    a verdict that did not run them cannot be the full "launch-ready"."""
    blocking_failures = tuple(
        r.check_id for r in results if r.check_id in blocking and r.status in {Status.FAIL, Status.ERROR}
    )
    ran = {metas[r.check_id].surface for r in results if r.status is not Status.SKIP}
    covered = tuple(s for s in Surface if s in ran)
    not_scanned: dict[Surface, str] = {}
    for surface in Surface:
        if surface in ran:
            continue
        skipped = [r for r in results if metas[r.check_id].surface is surface]
        if surface in not_scanned_reasons:
            not_scanned[surface] = not_scanned_reasons[surface]
        elif skipped:
            not_scanned[surface] = skipped[0].summary
        else:
            not_scanned[surface] = "no check of this surface was run"
    # Blocking checks left out on a surface that was scanned (an unscanned surface already says so).
    not_run = tuple(i for i in deselected if i.split(".", 1)[0] in {s.value for s in covered})
    ready = not blocking_failures
    if not ready:
        label = NOT_READY
    elif not not_scanned and not not_run:
        label = READY
    else:
        label = f"{READY} for: {', '.join(s.value for s in covered) or 'nothing'}"
        if not_scanned:
            label += f"; not scanned: {', '.join(s.value for s in not_scanned)}"
        if not_run:
            label += f"; blocking checks not run: {', '.join(not_run)}"
    score = _score(results, metas, ready)
    return Verdict(
        ready=ready,
        label=label,
        profile=profile,
        covered=covered,
        not_scanned=not_scanned,
        not_run=not_run,
        blocking_failures=blocking_failures,
        score=score,
        risk=_risk(results, metas, blocking),
        plan=plan(results, metas, blocking),
    )


def _score(results: Sequence[Result], metas: Mapping[str, CheckMeta], ready: bool) -> int:
    lost = 0.0
    for r in results:
        weight = WEIGHT[metas[r.check_id].severity]
        if r.status in {Status.FAIL, Status.ERROR}:
            lost += weight
        elif r.status is Status.WARN:
            lost += weight / 3
    score = max(0, round(100 - lost))
    return score if ready else min(score, NOT_READY_CAP)


def _risk(results: Sequence[Result], metas: Mapping[str, CheckMeta], blocking: frozenset[str]) -> str:
    bad = [r for r in results if r.status in {Status.FAIL, Status.ERROR}]
    if any(r.check_id in blocking and metas[r.check_id].severity is Severity.CRITICAL for r in bad):
        return "critical"
    if any(r.check_id in blocking for r in bad):
        return "high"
    if bad or any(r.status is Status.WARN for r in results):
        return "medium"
    return "low"


def plan(results: Sequence[Result], metas: Mapping[str, CheckMeta], blocking: frozenset[str]) -> tuple[PlanStep, ...]:
    """What to fix, in order of risk: critical exposures (failing critical checks) first whatever the profile
    blocks on, then blocking failures and errors, then other failures, errors and warnings — each by severity,
    then the quickest fixes first."""
    todo = [r for r in results if r.status in {Status.FAIL, Status.ERROR, Status.WARN}]
    todo.sort(key=lambda r: (_risk_rank(r, metas[r.check_id], r.check_id in blocking), metas[r.check_id].severity.rank,
                             _exposure(r.check_id), int(metas[r.check_id].effort), r.check_id))
    steps: list[PlanStep] = []
    hours = 0
    for r in todo:
        meta = metas[r.check_id]
        start, hours = hours + 1, hours + int(meta.effort)
        window = f"hour {start}" if start == hours else f"hours {start}–{hours}"
        action = meta.fix if r.status is not Status.ERROR else f"make it decidable, then re-scan: {r.summary}"
        evidence = next((e for e in r.evidence if e.status is r.status), r.evidence[0] if r.evidence else None)
        steps.append(PlanStep(window, r.check_id, meta.title, action, meta.severity, r.check_id in blocking,
                              finding=evidence.location if evidence else "",
                              fingerprint=evidence.fingerprint if evidence else ""))
    return tuple(steps)


LEAKED_CREDENTIAL = "CWE-798"
"""A check whose references name CWE-798 finds usable credentials: anyone holding a clone can use them now."""
MOST_EXPOSED_FIRST = ("repo.secrets-client", "repo.secrets-tree", "repo.secrets-history", "repo.dotenv-committed")
"""Among leaked credentials: in what every visitor's browser downloads, then in the current tree, then in
the history, then a committed .env (often the same keys, found again)."""


def _risk_rank(result: Result, meta: CheckMeta, blocks: bool) -> int:
    if result.status is Status.FAIL and meta.severity is Severity.CRITICAL:
        # A leaked live key first, then auth bypasses and accepted forged tokens: incidents waiting to happen.
        return 0 if LEAKED_CREDENTIAL in meta.references else 1
    if blocks and result.status is Status.FAIL:
        return 2
    if blocks:
        return 3  # a blocking error: undecided, so the verdict cannot be trusted until it is decided
    if result.status is Status.FAIL:
        return 4
    return 5 if result.status is Status.ERROR else 6


def _exposure(check_id: str) -> int:
    return MOST_EXPOSED_FIRST.index(check_id) if check_id in MOST_EXPOSED_FIRST else len(MOST_EXPOSED_FIRST)


def shown_plan(steps: Sequence[PlanStep]) -> tuple[tuple[PlanStep, ...], int]:
    """The steps a report shows, and how many it leaves out."""
    return tuple(steps[:PLAN_SHOWN]), max(0, len(steps) - PLAN_SHOWN)


def exit_code(verdict: Verdict, results: Sequence[Result], fail_on: str | None) -> int:
    """0 ready; 1 not ready, or ``--fail-on`` hit (any fail/error, or also any warn)."""
    if not verdict.ready:
        return 1
    statuses = {r.status for r in results}
    if fail_on == "fail" and statuses & {Status.FAIL, Status.ERROR}:
        return 1
    if fail_on == "warn" and statuses & {Status.FAIL, Status.ERROR, Status.WARN}:
        return 1
    return 0
