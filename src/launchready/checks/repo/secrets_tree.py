"""repo.secrets-tree: no live-looking credential in the tracked files."""

from __future__ import annotations

from dataclasses import replace

from launchready.checks.repo._api_descriptions import api_description, example_warning, in_example
from launchready.checks.repo._ci_databases import ci_database, line_at
from launchready.checks.repo._code_samples import code_sample_at
from launchready.checks.repo._compose_profiles import is_compose_file, non_production_profile
from launchready.checks.repo._default_credentials import default_credentials
from launchready.checks.repo._lookalikes import fold_fixture_lookalikes, lookalike_note
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
from launchready.targets.repo import RepoSnapshot

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


def _ci_tree(repo: RepoSnapshot, e: Evidence, counts: dict[str, int]) -> Evidence:
    """A database URL in a CI workflow, for the job's own database service: info (see
    :mod:`launchready.checks.repo._ci_databases`)."""
    path, _, line = e.location.rpartition(":")
    if not line.isdigit():
        return e
    return ci_database(e, path, lambda: line_at(repo.read_text(path), int(line)), counts)


def _compose_profile(repo: RepoSnapshot, e: Evidence, counts: dict[str, int]) -> Evidence:
    """A generic secret-named value in a compose service that only runs under a CI, test or development profile:
    that stack's own setting — a warning asking that production set its own (see
    :mod:`launchready.checks.repo._compose_profiles`). A provider key's shape is never excused."""
    path, _, line = e.location.rpartition(":")
    if e.status is not Status.FAIL or not e.fingerprint.startswith("generic-") or not line.isdigit() \
            or not is_compose_file(path):
        return e
    scope = non_production_profile(repo.read_text(path) or "", int(line))
    if not scope:
        return e
    counts["fail"] -= 1
    counts["warn"] += 1
    return replace(e, status=Status.WARN, message=f"{e.message} — but {scope}: the CI or development stack's own "
                   "value; confirm production sets its own")


def _example_line(repo: RepoSnapshot, location: str) -> bool:
    path, _, line = location.rpartition(":")
    text = repo.read_text(path) if line.isdigit() else None
    return text is not None and in_example(text, int(line))


def _decide(repo: RepoSnapshot, evidence: list[Evidence], counts: dict[str, int]) -> list[Evidence]:
    """Look-alikes in test/docs/example/template files (see :mod:`launchready.checks.repo._lookalikes`), in
    OpenAPI/Swagger documents (:mod:`launchready.checks.repo._api_descriptions`) and in HTML pages every visitor
    receives: counted, not listed."""
    kept = []
    samples: dict[str, list[tuple[int, int]]] = {}
    for e in [_compose_profile(repo, _ci_tree(repo, e, counts), counts) for e in evidence]:
        if e.status in (Status.FAIL, Status.WARN) and e.fingerprint.startswith(("generic-", "jwt:")) \
                and api_description(repo, e.location.rsplit(":", 1)[0]):
            counts[e.status.value] -= 1
            counts["api_description_examples"] = counts.get("api_description_examples", 0) + 1
            continue
        described = api_description(repo, e.location.rsplit(":", 1)[0]) if e.status is Status.FAIL else ""
        if described and _example_line(repo, e.location):
            kept.append(example_warning(e, described, counts))
            continue
        if e.status is Status.WARN and e.fingerprint.startswith("generic-") \
                and e.location.rsplit(":", 1)[0].lower().endswith((".html", ".htm")):
            # an embed page's widget token (`initAiCoPilot({token: "9Mq2…"})`, Chatwoot's websiteToken): every
            # visitor receives the page, so a value no provider format vouches for is the page's public id
            counts["warn"] -= 1
            counts["page_values"] = counts.get("page_values", 0) + 1
            continue
        if e.status in (Status.FAIL, Status.WARN) and e.fingerprint.startswith("generic-") \
                and code_sample_at(repo, e.location, samples):
            counts[e.status.value] -= 1
            counts["code_sample_examples"] = counts.get("code_sample_examples", 0) + 1
            continue
        kept.append(e)
    return fold_fixture_lookalikes(kept, counts, lambda e: e.location.rsplit(":", 1)[0])


def run(ctx: CheckContext) -> Outcome:
    repo = ctx.repo
    engine = engine_option(ctx.options)
    scan = tree_scan(repo, engine)
    baseline, problems = load_baseline(repo)
    evidence, counts = evidence_for(scan.findings, baseline, _describe)
    evidence = _decide(repo, evidence, counts)
    evidence += default_credentials(repo)
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
    summary += lookalike_note(counts)
    if counts.get("api_description_examples"):
        summary += (f"; {counts['api_description_examples']} example value(s) in OpenAPI/Swagger documents not "
                    "listed (API documentation, no provider format)")
    if counts.get("page_values"):
        summary += (f"; {counts['page_values']} value(s) in HTML pages every visitor receives not listed (embed and "
                    "site tokens, no provider format)")
    if counts.get("code_sample_examples"):
        summary += (f"; {counts['code_sample_examples']} example value(s) in code samples held as Python strings "
                    "(docstrings, x-codeSamples) not listed (documentation, no provider format)")
    summary += partly_read(scan.notes)
    if scan.unread:
        summary += f"; {len(scan.unread)} file(s) could not be read ({scan.unread[0][0]}: {scan.unread[0][1]})"
    return Outcome(outcome.status, summary,
                   outcome.evidence, metrics=metrics)


CHECK = Check(META, run, options={"engine": "auto"})
