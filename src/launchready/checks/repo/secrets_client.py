"""repo.secrets-client: no secret in client-visible code or built bundles."""

from __future__ import annotations

from launchready.checks.repo._key_relay import key_relays
from launchready.context import CheckContext
from launchready.engines.secrets.findings import Finding, Occurrence
from launchready.engines.secrets.shared import (
    client_scan,
    engine_option,
    evidence_for,
    load_baseline,
    partly_read,
    partly_read_evidence,
)
from launchready.model import Check, CheckMeta, Effort, Outcome, Severity, Surface

META = CheckMeta(
    id="repo.secrets-client",
    title="No secrets in client bundles",
    surface=Surface.REPO,
    severity=Severity.CRITICAL,
    criteria=(
        "No secret in client-visible code: built bundles (dist/, build/, .next/static/, out/, public/, source "
        "maps), variables with client prefixes (NEXT_PUBLIC_, VITE_, REACT_APP_, EXPO_PUBLIC_) holding "
        "secrets, browser code calling paid APIs (OpenAI, Anthropic, Stripe) directly; no server route sending the "
        "server's key to an endpoint the caller names."
    ),
    why=(
        "Everything in a bundle is downloaded by every visitor: a key there is public, whatever .gitignore "
        "says. Client-prefixed variables are inlined into the bundle at build time by design."
    ),
    breaks=(
        "Anyone opening the browser's dev tools can call the model API on your bill, or Stripe with your "
        "secret key."
    ),
    fix=(
        "Rotate the exposed key, move the paid API call behind your own server route (which holds the key and "
        "enforces auth and rate limits), and keep only publishable keys in client-prefixed variables."
    ),
    references=("OWASP ASVS 14.3.3", "CWE-798", "CWE-200", "OWASP LLM Top 10 2025 LLM10"),
    checklist=(
        "Rotate any key found in a bundle",
        "Proxy OpenAI/Anthropic/Stripe calls through a server route",
        "Rename client-prefixed variables that hold secrets and rebuild",
    ),
    effort=Effort.HOURS,
)


def _describe(f: Finding, o: Occurrence) -> tuple[str, str]:
    return o.location, f"line {o.line}, column {o.column}"


def run(ctx: CheckContext) -> Outcome:
    repo = ctx.repo
    scan = client_scan(repo, engine_option(ctx.options))
    baseline, _ = load_baseline(repo)
    evidence, counts = evidence_for(scan.findings, baseline, _describe)
    evidence += partly_read_evidence(scan.notes)  # a bundle read in part cannot pass
    relays = list(key_relays(repo))  # the server's key handed to whoever names the endpoint
    evidence += relays
    counts["fail"] += len(relays)
    outcome = Outcome.from_evidence(
        evidence,
        passed=f"no secrets in {scan.files} client-visible files",
        failed=f"{counts['fail']} exposure(s) and {counts['warn']} warning(s) in client-visible code",
    )
    metrics: dict[str, float | int | str] = {"files": scan.files, "bytes": scan.bytes, **counts}
    return Outcome(outcome.status, outcome.summary + partly_read(scan.notes), outcome.evidence, metrics=metrics)


CHECK = Check(META, run, options={"engine": "auto"})
