"""repo.dotenv-committed: no real ``.env`` file is tracked now or was ever committed."""

from __future__ import annotations

import re

from launchready.context import CheckContext
from launchready.model import Check, CheckMeta, Effort, Evidence, Outcome, Severity, Status, Surface
from launchready.targets.repo import PathEvent

META = CheckMeta(
    id="repo.dotenv-committed",
    title="No .env file committed",
    surface=Surface.REPO,
    severity=Severity.CRITICAL,
    criteria="No non-template `.env*` file is tracked now or was ever committed; `.gitignore` covers `.env`.",
    why=(
        "A `.env` file holds the product's live credentials by convention — model provider keys, the "
        "database URL, the Stripe secret. Once committed it is in every clone and every fork forever, even "
        "after a later commit deletes it."
    ),
    breaks=(
        "Anyone with read access to the repository (a contractor, a leaked CI token, a public mirror) "
        "holds the production keys: model spend on your card, customer data through the database URL, "
        "refunds through Stripe."
    ),
    fix=(
        "Rotate every value the file ever held (deleting the file does not un-leak it), add `.env` and "
        "`.env.*` to `.gitignore` with `!.env.example`, keep a template with empty values, and rewrite "
        "history only after rotating (git filter-repo) if the repository is shared widely."
    ),
    references=("CWE-538", "CWE-798", "OWASP ASVS 5.0 V13.3.1", "OWASP API8:2023"),
    checklist=("No .env committed, now or in history", ".gitignore covers .env"),
    effort=Effort.HOURS,
)

TEMPLATE_SUFFIXES = ("example", "sample", "template", "tmpl", "dist", "defaults", "schema")
_ENV_NAME = re.compile(r"^(?:\.env(?:\..+)?|\.envrc|.+\.env)$")


def is_dotenv(path: str) -> bool:
    """``.env``, ``.env.production``, ``prod.env``, ``.envrc`` — but not ``.env.example``."""
    base = path.rsplit("/", 1)[-1]
    if not _ENV_NAME.match(base):
        return False
    last = base.rsplit(".", 1)[-1].lower()
    return last not in TEMPLATE_SUFFIXES and not base.lower().endswith((".example.env", ".sample.env"))


def run(ctx: CheckContext) -> Outcome:
    repo = ctx.repo
    tracked = [p for p in repo.tracked_files if is_dotenv(p)]
    added: dict[str, PathEvent] = {}
    removed: dict[str, PathEvent] = {}
    for event in repo.path_events:
        if not is_dotenv(event.path):
            continue
        if event.action == "A":
            added.setdefault(event.path, event)
        elif event.action == "D":
            removed[event.path] = event
    evidence: list[Evidence] = []
    for path in tracked:
        first = added.get(path)
        since = f"; added in {first.short} ({first.date[:10]}, {first.author})" if first else ""
        evidence.append(Evidence(
            Status.FAIL,
            f"{path} is tracked in the current tree{since}",
            location=f"{first.short}:{path}" if first else path,
            detail="Rotate every value in it, then `git rm --cached` it and ignore it.",
        ))
    for path, first in added.items():
        if path in tracked:
            continue
        gone = removed.get(path)
        removal = f", removed in {gone.short} ({gone.date[:10]})" if gone else ""
        evidence.append(Evidence(
            Status.FAIL,
            f"{path} was committed in {first.short} ({first.date[:10]}, {first.author}){removal}; "
            "history only — rotate: it is in every clone forever",
            location=f"{first.short}:{path}",
            detail=f"added {first.commit}" + (f", removed {gone.commit}" if gone else ""),
        ))
    if not repo.is_ignored(".env"):
        evidence.append(Evidence(
            Status.WARN,
            ".gitignore does not cover .env: the next `git add .` commits the keys",
            location=".gitignore",
            detail="Add the lines `.env` and `.env.*` and `!.env.example`.",
        ))
    return Outcome.from_evidence(
        evidence,
        passed="no .env file tracked or in history, and .gitignore covers .env",
        failed=f"{sum(e.status is Status.FAIL for e in evidence)} .env file(s) committed"
        if any(e.status is Status.FAIL for e in evidence) else ".gitignore does not cover .env",
    )


CHECK = Check(META, run)
