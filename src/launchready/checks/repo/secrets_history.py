"""repo.secrets-history: no credential in any commit reachable from any ref."""

from __future__ import annotations

from launchready.context import CheckContext
from launchready.engines.secrets.findings import Finding, Occurrence
from launchready.engines.secrets.shared import engine_option, evidence_for, history_scan, load_baseline
from launchready.model import Check, CheckMeta, Effort, Evidence, Outcome, Severity, Status, Surface

META = CheckMeta(
    id="repo.secrets-history",
    title="No secrets in git history",
    surface=Surface.REPO,
    severity=Severity.CRITICAL,
    criteria=(
        "No credential in any commit reachable from any ref, including files deleted since; each finding "
        "says commit, path, author date, and whether it is still in HEAD (\"rotate: it is in every clone "
        "forever\")."
    ),
    why=(
        "Deleting a file does not delete it from history: every clone, fork and CI cache keeps every blob "
        "ever committed, and secret scrapers read history, not just HEAD."
    ),
    breaks=(
        "A key 'removed' months ago still works for anyone who clones the repository, until it is rotated."
    ),
    fix=(
        "Rotate every key listed (this is the fix; rewriting history is optional and does not reach existing "
        "clones). Then keep secrets out with a pre-commit scan."
    ),
    references=("OWASP ASVS 2.10.4", "CWE-798", "CWE-540", "OWASP LLM Top 10 2025 LLM02"),
    checklist=(
        "Rotate every key found in history, including history-only ones",
        "Optionally purge history (git filter-repo) and force every clone to re-clone",
        "Add a pre-commit secret scan",
    ),
    effort=Effort.HOURS,
)


def _describe(f: Finding, o: Occurrence) -> tuple[str, str]:
    where = ("still in HEAD" if f.in_head
             else "history only — rotate: it is in every clone forever")
    return o.location, f"line {o.line}, authored {o.date}, {where}"


def run(ctx: CheckContext) -> Outcome:
    repo = ctx.repo
    scan = history_scan(repo, engine_option(ctx.options), ctx.deadline)
    baseline, _ = load_baseline(repo)
    evidence, counts = evidence_for(scan.findings, baseline, _describe)
    metrics: dict[str, float | int | str] = {
        "blobs": scan.blobs, "bytes": scan.bytes, "seconds": round(scan.seconds, 3), "engine": scan.engine,
        "history_only": sum(1 for f in scan.findings if not f.in_head and f.level.value == "fail"),
        "unreachable_objects_with_findings": scan.unreachable, **counts,
    }
    if scan.incomplete:
        evidence.append(Evidence(Status.ERROR, scan.incomplete, str(repo.root.name)))
        worst = Status.FAIL if counts["fail"] else Status.ERROR
        return Outcome(worst, f"{scan.incomplete}; {counts['fail']} secret(s) found so far", tuple(evidence),
                       metrics=metrics)
    outcome = Outcome.from_evidence(
        evidence,
        passed=f"no secrets in {scan.blobs} unique blobs of history",
        failed=f"{counts['fail']} secret(s) and {counts['warn']} warning(s) in history "
               f"({metrics['history_only']} history-only)",
    )
    summary = outcome.summary
    if scan.skipped:
        summary += f"; {len(scan.skipped)} blob(s) over the size cap not read"
    return Outcome(outcome.status, summary, outcome.evidence, metrics=metrics)


CHECK = Check(META, run, options={"engine": "auto"})
