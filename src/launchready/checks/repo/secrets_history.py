"""repo.secrets-history: no credential in any commit reachable from any ref."""

from __future__ import annotations

import re

from launchready.checks.repo._api_descriptions import api_description, example_warning, in_example
from launchready.checks.repo._ci_databases import ci_database, line_at
from launchready.checks.repo._lookalikes import fold_fixture_lookalikes, lookalike_note
from launchready.context import CheckContext
from launchready.engines.secrets.findings import Finding, Occurrence
from launchready.engines.secrets.history import HistoryScan
from launchready.engines.secrets.shared import engine_option, evidence_for, history_scan, load_baseline
from launchready.model import Check, CheckMeta, Effort, Evidence, Outcome, Severity, Status, Surface
from launchready.targets.repo import RepoSnapshot

META = CheckMeta(
    id="repo.secrets-history",
    title="No secrets in git history",
    surface=Surface.REPO,
    severity=Severity.CRITICAL,
    criteria=(
        "No credential in any commit reachable from any ref (files, including those deleted since, and commit "
        "messages); each finding "
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


def unread_evidence(scan: HistoryScan, where: str) -> list[Evidence]:
    """What history the scan could not read, each named: an error where the unread part could hold
    a key the check must report (missing objects, a broken walk, HEAD not resolving), a warning
    where the gap is known and bounded (a shallow clone's cut, a blob over the size cap)."""
    out: list[Evidence] = []
    if scan.incomplete:
        out.append(Evidence(Status.ERROR, scan.incomplete, where))
    if scan.missing:
        shown = ", ".join(m[:12] for m in scan.missing[:10]) + (" …" if len(scan.missing) > 10 else "")
        out.append(Evidence(Status.ERROR, f"{len(scan.missing)} object(s) that history names are missing from the "
                            "object store; what they held was not read", where,
                            detail=f"missing: {shown}; run `git fsck`, or scan a complete clone"))
    if scan.walk_error:
        out.append(Evidence(Status.ERROR, "history could not be walked from every ref; every blob in the object "
                            "store was read instead, without knowing which commits hold them", where,
                            detail=f"git: {scan.walk_error}; run `git fsck`, or scan a complete clone"))
    if scan.head_problem:
        out.append(Evidence(Status.ERROR, scan.head_problem, "HEAD",
                            detail="fix HEAD (`git symbolic-ref HEAD refs/heads/<branch>`) or scan a fresh clone"))
    if scan.shallow:
        cut = ", ".join(c[:12] for c in scan.shallow[:5])
        out.append(Evidence(Status.WARN, f"shallow clone: history before {cut} was never fetched and was not read",
                            where, detail="run `git fetch --unshallow` (or clone with full history) and scan again"))
    for what, at in scan.oversized:
        out.append(Evidence(Status.WARN, what, at, detail="a key inside it would not be reported; "
                            "check it by hand, or remove it from history"))
    return out


def _described_example(repo: RepoSnapshot, e: Evidence, counts: dict[str, int]) -> Evidence:
    """A failure inside an example block of an API description, as that version of the file held it: a warning
    (see :mod:`launchready.checks.repo._api_descriptions`)."""
    commit, _, path = e.location.partition(":")
    line = re.match(r"line (\d+)", e.detail)
    if e.status is not Status.FAIL or not path or line is None:
        return e
    described = api_description(repo, path)
    text = repo.show(commit, path) if described else None
    if text is None or not in_example(text, int(line.group(1))):
        return e
    return example_warning(e, described, counts)


def _ci_history(repo: RepoSnapshot, e: Evidence, counts: dict[str, int]) -> Evidence:
    """A database URL in a CI workflow's version, for the job's own database service: info (see
    :mod:`launchready.checks.repo._ci_databases`)."""
    commit, _, path = e.location.partition(":")
    line = re.match(r"line (\d+)", e.detail)
    if not path or line is None:
        return e
    return ci_database(e, path, lambda: line_at(repo.show(commit, path), int(line.group(1))), counts)


def run(ctx: CheckContext) -> Outcome:
    repo = ctx.repo
    scan = history_scan(repo, engine_option(ctx.options), ctx.deadline)
    baseline, _ = load_baseline(repo)
    evidence, counts = evidence_for(scan.findings, baseline, _describe)
    # Location is "<commit>:<path>"; the same made-up values the tree check counts are counted here.
    evidence = fold_fixture_lookalikes(evidence, counts, lambda e: e.location.split(":", 1)[-1])
    evidence = [_ci_history(repo, _described_example(repo, e, counts), counts) for e in evidence]
    metrics: dict[str, float | int | str] = {
        "blobs": scan.blobs, "bytes": scan.bytes, "seconds": round(scan.seconds, 3), "engine": scan.engine,
        # Of the failures listed: a sample folded above (a package's README key) is no history-only secret.
        "history_only": sum(1 for f in scan.findings if not f.in_head and f.fingerprint in {
            e.fingerprint for e in evidence if e.status is Status.FAIL}),
        "unreachable_objects_with_findings": scan.unreachable, **counts,
    }
    unread = unread_evidence(scan, str(repo.root.name))
    notes = [Evidence(Status.PASS, note, "(repository)") for note in repo.ownership_notes]
    outcome = Outcome.from_evidence(
        [*evidence, *unread, *notes],
        passed=f"no secrets in {scan.blobs} unique blobs of history",
        failed=f"{counts['fail']} secret(s) and {counts['warn']} warning(s) in history "
               f"({metrics['history_only']} history-only)",
    )
    status, summary = outcome.status, outcome.summary + lookalike_note(counts)
    if unread:
        if counts["fail"]:
            status = Status.FAIL  # what was read already proves a leak; the gap is listed beside it
        summary = (f"{summary}; history not fully read: {unread[0].message}"
                   + (f" (+{len(unread) - 1} more gap(s))" if len(unread) > 1 else ""))
    return Outcome(status, summary, outcome.evidence, metrics=metrics)


CHECK = Check(META, run, options={"engine": "auto"})
