"""repo.secrets-tree: no live-looking credential in the tracked files."""

from __future__ import annotations

from launchready.context import CheckContext
from launchready.engines.secrets.findings import Finding, Occurrence
from launchready.engines.secrets.shared import (
    engine_option,
    evidence_for,
    load_baseline,
    partly_read,
    tree_scan,
    unread_file_evidence,
    unused_baseline,
)
from launchready.model import Check, CheckMeta, Effort, Evidence, Outcome, Severity, Status, Surface

META = CheckMeta(
    id="repo.secrets-tree",
    title="No secrets in the working tree",
    surface=Surface.REPO,
    severity=Severity.CRITICAL,
    criteria=(
        "No live-looking credential in tracked files (OpenAI, Anthropic, Stripe sk_live_/rk_live_/whsec_, "
        "AWS key + secret, GCP service-account JSON, Slack, GitHub, SendGrid, Twilio, Supabase service_role "
        "JWT, private keys, DB URLs with passwords, generic high-entropy *_KEY=/*_SECRET= values). Known "
        "example keys and placeholders are recognised, not flagged. Inline `launchready: ignore[<id>] "
        "<reason>` and the `.launchready-secrets-baseline` file are honoured and listed."
    ),
    why=(
        "A key in the repository is readable by everyone who can clone it: every collaborator, CI runner, "
        "contractor and, the day the repo goes public, everyone. Bots scrape public pushes within minutes."
    ),
    breaks=(
        "Leaked LLM keys get drained (thousands in spend overnight), Stripe keys move money, database URLs "
        "give direct access to every user's conversations."
    ),
    fix=(
        "Rotate the key at the provider first (removing it from the file does not un-leak it), then load it "
        "from the environment or a secret manager, and add the file pattern to .gitignore."
    ),
    references=("OWASP ASVS 2.10.4", "OWASP ASVS 14.3.3", "CWE-798", "CWE-540", "OWASP LLM Top 10 2025 LLM02"),
    checklist=(
        "Rotate every key listed as failing, at its provider",
        "Move secrets to environment variables or a secret manager",
        "Record accepted test fixtures in .launchready-secrets-baseline with a reason",
    ),
    effort=Effort.HOURS,
)


def _describe(f: Finding, o: Occurrence) -> tuple[str, str]:
    return o.location, f"column {o.column}"


_FIXTURE_PARTS = frozenset({"test", "tests", "__tests__", "spec", "specs", "fixtures", "testdata", "docs", "doc",
                            "examples", "example", "samples", "mocks", "__mocks__"})


def _generic_in_fixture(e: Evidence) -> bool:
    """A generic (keyword + entropy) finding in test, docs or example code: no provider format
    vouches for it, and such paths are full of made-up values — a warning, not a blocker."""
    parts = set(e.location.rsplit(":", 1)[0].split("/")[:-1])
    return e.status is Status.FAIL and e.fingerprint.startswith("generic-secret-assignment:") \
        and bool(parts & _FIXTURE_PARTS)


def _generic_warning_in_fixture(e: Evidence) -> bool:
    parts = set(e.location.rsplit(":", 1)[0].split("/")[:-1])
    return e.status is Status.WARN and e.fingerprint.startswith("generic-") and bool(parts & _FIXTURE_PARTS)


def _decide(evidence: list[Evidence], counts: dict[str, int]) -> list[Evidence]:
    """Generic fails in fixtures become warnings; generic *warnings* there (a value that only looks random
    under a secret-ish name, in a test) are counted, not listed: on real repositories they were made-up
    values every time, and a list of them buries the findings that matter."""
    out = []
    for e in evidence:
        if _generic_warning_in_fixture(e):
            counts["warn"] -= 1
            counts["fixture_lookalikes"] = counts.get("fixture_lookalikes", 0) + 1
            continue
        if not _generic_in_fixture(e):
            out.append(e)
            continue
        counts["fail"] -= 1
        counts["warn"] += 1
        out.append(Evidence(Status.WARN, e.message + " — in test/docs/example code: confirm it is not a live value",
                            e.location, e.detail, e.fingerprint))
    return out


def run(ctx: CheckContext) -> Outcome:
    repo = ctx.repo
    engine = engine_option(ctx.options)
    scan = tree_scan(repo, engine)
    baseline, problems = load_baseline(repo)
    evidence, counts = evidence_for(scan.findings, baseline, _describe)
    evidence = _decide(evidence, counts)
    evidence += problems
    evidence += unused_baseline(repo, engine, ctx.deadline)
    evidence += unread_file_evidence(scan)
    evidence += [Evidence(Status.PASS, note, "(repository)") for note in repo.ownership_notes]
    outcome = Outcome.from_evidence(
        evidence,
        passed=f"no secrets in {scan.files} tracked files",
        failed=f"{counts['fail']} secret(s) and {counts['warn']} warning(s) in tracked files",
    )
    metrics: dict[str, float | int | str] = {
        "files": scan.files, "bytes": scan.bytes, "seconds": round(scan.seconds, 3), "engine": scan.engine,
        **counts,
    }
    summary = outcome.summary
    if not counts["fail"] and not counts["warn"] and (scan.unread or scan.notes):
        summary = f"no secrets in the {scan.files} tracked files read"
    summary += f"; {counts['info']} public-by-design key(s) listed as info" if counts["info"] else ""
    if counts.get("fixture_lookalikes"):
        summary += (f"; {counts['fixture_lookalikes']} generic look-alike(s) in test/docs/example code not listed "
                    "(no provider format)")
    summary += partly_read(scan.notes)
    if scan.unread:
        summary += f"; {len(scan.unread)} file(s) could not be read ({scan.unread[0][0]}: {scan.unread[0][1]})"
    return Outcome(outcome.status, summary,
                   outcome.evidence, metrics=metrics)


CHECK = Check(META, run, options={"engine": "auto"})
