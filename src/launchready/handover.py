"""``launchready handover``: a runbook pre-filled from the last scan's JSON report.

It names the keys to rotate (from the secrets findings, masked), the open failures in fix order,
and the providers the code uses, with rotation steps for each. What only a person can know —
the owner, the contacts, when the rollback was last rehearsed — is left as ``<placeholders>``,
and ``ops.runbook`` keeps failing until they are filled in.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from launchready.engines.runbook import providers_used
from launchready.errors import LaunchreadyError
from launchready.printable import printable
from launchready.redaction import redact_text
from launchready.report import write_atomic
from launchready.targets.repo import RepoSnapshot

ROTATION_STEPS = {
    "OpenAI": "Create a new key (platform.openai.com → API keys, same project), put it in the secret store, "
              "deploy, then revoke the old key and confirm calls still succeed.",
    "Anthropic": "Create a new key (console.anthropic.com → API keys), update the secret store, deploy, then "
                 "disable the old key.",
    "Stripe": "Roll the secret key (dashboard → Developers → API keys → Roll key, with an expiry for the old one), "
              "update the secret store, deploy; roll the webhook signing secret per endpoint the same way.",
    "AWS": "Create a second access key for the IAM user (or move to a role), deploy it, deactivate then delete "
           "the old key; check CloudTrail for use of the old key.",
    "SendGrid": "Create a new API key with the same scopes, deploy it, delete the old one.",
    "Twilio": "Create a new API key / rotate the auth token (console → Account → API keys), deploy, revoke the old.",
    "Supabase": "Rotate the service_role / secret keys (project settings → API), deploy, confirm the old ones fail.",
    "Database": "Create a new database password (or user), update DATABASE_URL in the secret store, deploy, then "
                "revoke the old credentials.",
    "JWT signing key": "Deploy a new signing key alongside the old (accept both), switch signing to the new one, "
                       "retire the old after the longest token lifetime.",
}


def load_report(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise LaunchreadyError(f"no scan report at {path}",
                               hint="run `launchready scan` first: it always writes the report") from exc
    except (OSError, ValueError) as exc:
        raise LaunchreadyError(f"cannot read the scan report {path}: {exc}") from exc
    if not isinstance(data, dict) or not str(data.get("schema_version", "")).startswith("1."):
        raise LaunchreadyError(f"{path} is not a launchready JSON report (schema 1.x)")
    return data


def render_runbook(report: dict[str, Any], providers: dict[str, str]) -> str:
    verdict = report.get("verdict", {})
    leaked = [(r["id"], e) for r in report.get("results", []) if r["id"].startswith("repo.secrets")
              or r["id"] == "repo.dotenv-committed" for e in r.get("evidence", []) if e["status"] == "fail"]
    lines = [
        "# Runbook",
        "",
        f"Pre-filled by launchready {report.get('tool', {}).get('version', '')} from the scan of "
        f"{report.get('started_at', '?')} (profile `{report.get('profile')}`, verdict: {verdict.get('label')}).",
        "Replace every `<…>`, delete what does not apply, and commit this file. `ops.runbook` checks it.",
        "",
        "## Owners",
        "",
        "- Owner: <name — who is paged and decides during an incident>",
        "- Deputy: <name>",
        "",
        "## Incident response",
        "",
        "Response time: acknowledge within 15 minutes, status update every 30 minutes until resolved.",
        "",
        "1. Acknowledge the alert in <paging tool> and open an incident channel.",
        "2. Check the health endpoint and the error rate; decide: roll back, disable a feature, or fix forward.",
        "3. If a credential may have leaked, rotate it first (below), then investigate.",
        "4. Tell affected customers through <status page / e-mail> within <N> hours.",
        "5. Write the post-incident review within 5 working days.",
        "",
        "## Failed deploy / rollback",
        "",
        "1. Stop the rollout (<platform command>).",
        "2. Redeploy the previous release: <platform rollback command, or `git revert <sha>` and let CI deploy>.",
        "3. Run database down-migrations only if the release ran up-migrations that the old code cannot read.",
        "4. Confirm the health endpoint and a chat request work; post in the incident channel.",
        "",
        "Rollback tested: <YYYY-MM-DD, who>",
        "",
        "## Key rotation",
        "",
    ]
    if leaked:
        lines += ["**Rotate now** — the last scan found these credentials in the repository or its history "
                  "(deleting them from git does not un-leak them):", ""]
        # The report is read back from disk (any version, perhaps edited): redact every field taken from it.
        lines += [f"- `{redact_text(e['location'])}` — {redact_text(e['message'])} ({check})" for check, e in leaked]
        lines.append("")
    for provider in providers or {"Database": ""}:
        lines += [f"### {provider}", "", ROTATION_STEPS.get(provider, "<steps>"),
                  *( [f"(used in `{providers[provider]}`)"] if providers.get(provider) else []), ""]
    plan = report.get("verdict", {}) and report.get("plan", [])
    if plan:
        lines += ["## Open findings from the last scan, in fix order", ""]
        lines += [f"- **{p['window']}** — {p['title']} (`{p['check_id']}`): {redact_text(p['action'])}" for p in plan]
        lines.append("")
    lines += [
        "## On-call contacts",
        "",
        "- Primary: <name> — <e-mail> — <phone>",
        "- Secondary: <name> — <e-mail> — <phone>",
        "- Vendors: OpenAI / Anthropic / Stripe support links, hosting provider status page",
        "",
    ]
    return printable("\n".join(lines))  # the report's texts came from the target: shown, never obeyed


def write_handover(repo_path: Path, report_path: Path, output: Path, *, force: bool) -> Path:
    if output.exists() and not force:
        raise LaunchreadyError(f"{output} exists; not overwriting it", hint="pass --force to replace it")
    report = load_report(report_path)
    providers = providers_used(RepoSnapshot(repo_path))
    write_atomic(output, render_runbook(report, providers))
    return output
