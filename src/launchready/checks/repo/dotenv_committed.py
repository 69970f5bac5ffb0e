"""repo.dotenv-committed: no real ``.env`` file is tracked now or was ever committed.

Each committed ``.env`` is read (the tracked copy, the version that added it, the last version before
its removal) and judged by :mod:`launchready.engines.secrets.dotenv`: credentials fail, other values
warn, templates and public config pass with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from launchready.checks.repo._encrypted_env import encryption
from launchready.checks.repo._env_scope import test_scope, test_scope_of_removed
from launchready.context import CheckContext
from launchready.engines.secrets.dotenv import EnvKind, EnvVerdict, classify_env, env_values
from launchready.model import Check, CheckMeta, Effort, Evidence, Outcome, Severity, Status, Surface
from launchready.targets.repo import PathEvent, RepoSnapshot

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

# "example" in other languages too: French `exemple`, Spanish `ejemplo`, Portuguese `exemplo`, German `beispiel`
# and `vorlage`, Italian `esempio`, Dutch `voorbeeld`; `.tpl`/`.tmpl`/`.dist` are template suffixes.
TEMPLATE_SUFFIXES = ("example", "examples", "sample", "samples", "template", "tmpl", "tpl", "dist", "defaults",
                     "default", "schema", "exemple", "ejemplo", "exemplo", "beispiel", "vorlage", "esempio",
                     "voorbeeld", "plantilla", "modele")
_ENV_NAME = re.compile(r"^(?:\.env(?:\..+)?|\.envrc|.+\.env)$")


def is_dotenv(path: str) -> bool:
    """``.env``, ``.env.production``, ``prod.env``, ``.envrc`` — but not ``.env.example``."""
    base = path.rsplit("/", 1)[-1]
    if not _ENV_NAME.match(base):
        return False
    last = base.rsplit(".", 1)[-1].lower()
    first = base.split(".", 1)[0].lower()  # example.env, sample.env
    return last not in TEMPLATE_SUFFIXES and first not in TEMPLATE_SUFFIXES \
        and not any(base.lower().endswith(f".{word}.env") for word in TEMPLATE_SUFFIXES)


_STATUS = {EnvKind.SECRETS: Status.FAIL, EnvKind.VALUES: Status.WARN, EnvKind.TEMPLATE: Status.PASS}


def _judge(texts: list[str | None]) -> EnvVerdict | None:
    """The worst verdict over the versions read (None when none could be read)."""
    worst = _worst_version(texts)
    return None if worst is None else worst[1]


def _worst_version(texts: list[str | None]) -> tuple[int, EnvVerdict] | None:
    """The worst verdict over the versions read and the index of the version it was read in (the earliest on a
    tie); None when none could be read."""
    verdicts = [(i, classify_env(t)) for i, t in enumerate(texts) if t is not None]
    order = (EnvKind.SECRETS, EnvKind.VALUES, EnvKind.TEMPLATE)
    return min(verdicts, key=lambda iv: (order.index(iv[1].kind), not iv[1].confirmed, iv[0]), default=None)


def _last_version(repo: RepoSnapshot, removal: PathEvent, path: str) -> tuple[str, str]:
    """The commit (full id, ISO date) that wrote the version of ``path`` the removal deleted."""
    out = repo.git("log", "-1", "--format=%H%x1f%aI", f"{removal.commit}^", "--", path,
                   check=False).decode("utf-8", "replace").strip()
    commit, _, date = out.partition("\x1f")
    return (commit, date) if commit else (f"{removal.commit}^", "")


_NOTHING_TO_ROTATE = ("Nothing in it is recognised as a credential: keep it out of git anyway (`git rm --cached` it, "
                      "ignore `.env`) and commit a `.env.example` instead.")


def _test_stack(verdict: EnvVerdict | None, scope: str) -> EnvVerdict | None:
    """A test stack's env file holds a credential only when a value proves it (a provider key, a password for a
    remote host); a credential-named variable with a value there is the test stack's own setting: a warning."""
    if verdict is None or not scope or verdict.kind is not EnvKind.SECRETS or verdict.confirmed:
        return verdict
    return EnvVerdict(EnvKind.VALUES, f"a test stack's env file ({scope}): {verdict.reason}, no provider key or "
                                      "password for a remote host", verdict.line)


def _evidence(path: str, verdict: EnvVerdict | None, what: str, location: str, fix: str, rotate: str = "") -> Evidence:
    """``rotate`` is appended to ``what`` only when the file may hold a credential (secrets, or unreadable)."""
    if verdict is None or verdict.kind is EnvKind.SECRETS:
        what += rotate
    else:  # nothing to rotate: the tracked file's "Rotate every value" advice goes; history keeps its commit ids
        fix = _NOTHING_TO_ROTATE if fix.startswith("Rotate") else f"{fix}. {_NOTHING_TO_ROTATE}"
    if verdict is None:
        return Evidence(Status.WARN, f"{what}; its content could not be read (binary, too large or missing) — "
                        "open it to confirm it holds no credential", location, detail=fix)
    status = _STATUS[verdict.kind]
    line = f" (line {verdict.line})" if verdict.line else ""
    if verdict.kind is EnvKind.TEMPLATE:
        return Evidence(status, f"{what}; template, not a leak: {verdict.reason}", location)
    if verdict.kind is EnvKind.VALUES:
        return Evidence(status, f"{what}; {verdict.reason}{line} — confirm none is a credential, or rename it "
                        "to .env.example with empty values", location, detail=fix)
    return Evidence(status, f"{what}; {verdict.reason}{line}", location, detail=fix)


@dataclass(frozen=True)
class _EarlierCopy:
    short: str
    date: str
    path_copy: str
    """The tracked ``.env`` file that holds every value the history-only file held."""


def _earlier_copies(repo: RepoSnapshot, tracked: list[str], current: dict[str, str | None],
                    added: dict[str, PathEvent], removed: dict[str, PathEvent]) -> dict[str, _EarlierCopy]:
    """History-only ``.env`` files (a rename, an older copy) every value of which a tracked ``.env`` file still
    holds: history adds nothing to rotate beyond the tracked file's finding, which names them instead."""
    now = {path: env_values(text) for path, text in current.items() if text is not None}
    out: dict[str, _EarlierCopy] = {}
    for path, first in added.items():
        if path in tracked:
            continue
        gone = removed.get(path)
        texts = [repo.show(first.commit, path)] + ([repo.show(f"{gone.commit}^", path)] if gone else [])
        if any(t is None for t in texts):
            continue  # a version could not be read: it stays its own finding
        held = frozenset().union(*(env_values(t) for t in texts if t is not None))
        if not held:
            continue
        home = next((p for p, values in sorted(now.items()) if held <= values), None)
        if home is not None:
            out[path] = _EarlierCopy(first.short, first.date, home)
    return out


_ENV_TEMPLATE = re.compile(r"(?:^|/)(?:\.env\.(?:example|sample|template|dist|defaults?|develop(?:ment)?"
                           r"|local\.example)|(?:example|sample|template)\.env)$", re.IGNORECASE)


def _env_folders(repo: RepoSnapshot) -> list[str]:
    """Where the project's ``.env`` files are made: each folder holding an env template (``backend/.env.example``),
    the repository root when none does. sec-insights keeps its templates in ``backend/`` and ``frontend/``, each
    with its own ``.gitignore``; a root ``.env`` nothing reads is no risk to warn about."""
    folders = sorted({p.rpartition("/")[0] for p in repo.tracked_files if _ENV_TEMPLATE.search(p)
                      and "node_modules/" not in p})
    return folders or [""]


def _template_in(repo: RepoSnapshot, folder: str) -> str:
    return next(p for p in repo.tracked_files if p.rpartition("/")[0] == folder and _ENV_TEMPLATE.search(p))


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
    current = {path: repo.read_text(path) for path in tracked}
    earlier = _earlier_copies(repo, tracked, current, added, removed)
    for path in tracked:
        first = added.get(path)
        since = f"; added in {first.short} ({first.date[:10]}, {first.author})" if first else ""
        versions = [current[path]] + ([repo.show(first.commit, path)] if first else [])
        verdict = _test_stack(_judge(versions), test_scope(repo, path))
        olds = [f"{old} ({e.short}, {e.date[:10]})" for old, e in earlier.items() if e.path_copy == path]
        copies = (f"; the same values were committed before as {' and '.join(olds)} — one finding, here"
                  if olds else "")
        evidence.append(_evidence(
            path, verdict, f"{path} is tracked in the current tree{since}{copies}",
            f"{first.short}:{path}" if first else path,
            "Rotate every value in it, then `git rm --cached` it and ignore it."))
    for path, first in added.items():
        if path in tracked or path in earlier:
            continue
        gone = removed.get(path)
        removal = f", removed in {gone.short} ({gone.date[:10]})" if gone else ""
        versions = [repo.show(first.commit, path)] + ([repo.show(f"{gone.commit}^", path)] if gone else [])
        worst = _worst_version(versions)
        verdict = None if worst is None else worst[1]
        # The finding cites the version whose content it reports: the last one when that is where the value is.
        cited, held = first.short, ""
        if worst is not None and worst[0] == 1 and gone is not None:
            commit, date = _last_version(repo, gone, path)
            cited = commit[:10]
            if cited != first.short:
                held = f"; the version read is {cited} ({date[:10]})"
        encrypted = encryption(repo, first.commit, path) if verdict is None else ""
        if encrypted:
            evidence.append(Evidence(
                Status.PASS, f"{path} was committed in {first.short} ({first.date[:10]}, {first.author}){removal}; "
                f"history only; {encrypted} — no plain value is in the commit", f"{first.short}:{path}"))
            continue
        evidence.append(_evidence(
            path, _test_stack(verdict, test_scope_of_removed(path)),
            f"{path} was committed in {first.short} ({first.date[:10]}, {first.author}){removal}; history only"
            + held,
            f"{cited}:{path}",
            f"added {first.commit}" + (f", removed {gone.commit}" if gone else ""),
            " — rotate: it is in every clone forever"))
    for folder in _env_folders(repo):
        env = f"{folder}/.env" if folder else ".env"
        if repo.is_ignored(env):
            continue
        evidence.append(Evidence(
            Status.WARN,
            ".gitignore does not cover .env: a .env file made here (with whatever keys it holds) is committed by "
            "the next `git add .`" if not folder else
            f".gitignore does not cover {env}, beside the template {_template_in(repo, folder)}: a .env "
            "file made there (with whatever keys it holds) is committed by the next `git add .`",
            location=".gitignore" if not folder else env,
            detail="Add the lines `.env` and `.env.*` and `!.env.example`.",
        ))
    fails = sum(e.status is Status.FAIL for e in evidence)
    templates = sum(e.status is Status.PASS for e in evidence)
    return Outcome.from_evidence(
        evidence,
        passed="no .env file with values tracked or in history, and .gitignore covers .env"
        + (f"; {templates} committed template(s) recognised" if templates else ""),
        failed=f"{fails} .env file(s) with credentials committed" if fails
        else "a committed .env file or .gitignore needs a look (see warnings)",
    )


CHECK = Check(META, run)
