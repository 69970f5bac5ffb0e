"""ops.deploy-safety: deploys are automated, and a rollback path exists and is known to work."""

from __future__ import annotations

import re
from collections.abc import Callable

from launchready.context import CheckContext
from launchready.engines.runbook import find_runbooks, sections
from launchready.model import Check, CheckMeta, Effort, Evidence, Outcome, Severity, Status, Surface

META = CheckMeta(
    id="ops.deploy-safety",
    title="Automated deploys with a tested rollback",
    surface=Surface.OPS,
    severity=Severity.MEDIUM,
    criteria="Deploys are automated (CI workflow), and a rollback path exists and is documented as tested.",
    why="A deploy done by hand from a laptop cannot be repeated, reviewed or undone under pressure.",
    breaks="A bad release stays live while someone reconstructs the deploy steps; the rollback fails the first "
           "time it is tried, during the incident.",
    fix="Deploy from CI on merge to main; write the rollback steps in the runbook and record the date they were "
        "last rehearsed ('Rollback tested: 2026-10-02').",
    references=("SOC 2 CC8.1", "OWASP SAMM Implementation: Secure Deployment"),
    checklist=("Deploys run from CI", "Rollback documented and rehearsed"),
    effort=Effort.DAY,
)

_CI_FILES = re.compile(
    r"^(?:\.github/workflows/[^/]+\.ya?ml|\.gitlab-ci\.yml|\.circleci/config\.yml|bitbucket-pipelines\.yml|"
    r"azure-pipelines\.yml|Jenkinsfile|\.buildkite/.+\.ya?ml)$"
)
_PLATFORM_FILES = re.compile(r"^(?:vercel\.json|netlify\.toml|render\.ya?ml|railway\.(?:json|toml)|app\.json)$")
# Platform configs a person deploys with one command (`azd up`, `fly deploy`, `gcloud app deploy`, `git push heroku`,
# `firebase deploy`, `wrangler deploy`, `serverless deploy`, `langgraph deploy`…): the deploy is scripted and
# repeatable, but nothing in the repository runs it on merge. Each is recognised by its name and by content of that
# platform, at the root or one or two folders down (a monorepo's `apps/api/fly.toml`), never in examples, tests or
# templates.
_HAND_PLATFORMS: tuple[tuple[re.Pattern[str], re.Pattern[str], str], ...] = (
    (re.compile(r"azure\.ya?ml"), re.compile(r"^services\s*:", re.M), "Azure Developer CLI, `azd up`"),
    (re.compile(r"fly\.toml"), re.compile(r"^\s*app\s*=|^\[(?:http_service|build|deploy)\]", re.M),
     "Fly.io, `fly deploy`"),
    (re.compile(r"app\.ya?ml"), re.compile(r"^runtime\s*:", re.M), "Google App Engine, `gcloud app deploy`"),
    (re.compile(r"Procfile"), re.compile(r"^(?:web|worker|release)\s*:", re.M), "Procfile (Heroku-style), `git push`"),
    (re.compile(r"serverless\.(?:ya?ml|ts|js)"), re.compile(r"\bprovider\s*:"),
     "Serverless Framework, `serverless deploy`"),
    (re.compile(r"amplify\.ya?ml"), re.compile(r"\b(?:frontend|backend)\s*:"), "AWS Amplify"),
    (re.compile(r"firebase\.json"), re.compile(r"\"(?:hosting|functions)\"\s*:"), "Firebase, `firebase deploy`"),
    (re.compile(r"wrangler\.(?:toml|jsonc?)"),
     re.compile(r"^\s*\"?(?:main|name|pages_build_output_dir)\"?\s*[=:]", re.M),
     "Cloudflare Workers/Pages, `wrangler`"),
    (re.compile(r"Pulumi\.ya?ml"), re.compile(r"^runtime\s*:", re.M), "Pulumi, `pulumi up`"),
    (re.compile(r"samconfig\.toml|cdk\.json"), re.compile(r"\S"), "AWS SAM/CDK, `sam deploy`/`cdk deploy`"),
    # LangGraph Platform deploys the graphs a `langgraph.json` names (`langgraph deploy`, or LangGraph Cloud from git)
    (re.compile(r"langgraph\.json"), re.compile(r"\"graphs\"\s*:\s*\{"), "LangGraph Platform, `langgraph deploy`"),
)
_HAND_PLACE = re.compile(r"^(?:[^/]+/){0,2}[^/]+$")
_NOT_THE_PRODUCT = re.compile(r"(?:^|/)(?:examples?|samples?|tests?|__tests__|fixtures?|templates?|docs?|"
                              r"node_modules|vendor)/", re.I)


# Vercel's Git integration turned off for the production branch (``"git": {"deploymentEnabled": {"main": false}}``
# or ``"deploymentEnabled": false``): pushes no longer deploy production, a person does.
_VERCEL_MAIN_OFF = re.compile(r'"deploymentEnabled"\s*:\s*(?:false\b|\{[^{}]*"(?:main|master)"\s*:\s*false\b)')


def _platform_config(path: str) -> bool:
    """A platform's own config (``vercel.json``, ``netlify.toml``, ``render.yaml``…) at the root or one or two
    folders down (a monorepo's ``frontend/vercel.json``), never in examples, tests or templates: the platform's Git
    integration deploys the product on push."""
    if _PLATFORM_FILES.match(path):
        return True
    name = path.rsplit("/", 1)[-1]  # a nested app.json is as often Expo's or an editor's as Heroku's: root only
    return bool(name != "app.json" and _PLATFORM_FILES.match(name) and _HAND_PLACE.match(path)
                and not _NOT_THE_PRODUCT.search(path))


def _vercel_typed_config(path: str, text_of: Callable[[str], str | None]) -> bool:
    """``vercel.ts`` typed with ``@vercel/config`` — Vercel's project config written in TypeScript, read like a
    ``vercel.json`` (the Git integration deploys on push)."""
    name = path.rsplit("/", 1)[-1]
    if name not in {"vercel.ts", "vercel.mts"} or not (path == name or _HAND_PLACE.match(path)) \
            or _NOT_THE_PRODUCT.search(path):
        return False
    text = text_of(path)
    return text is not None and "@vercel/config" in text


def _hand_platform(path: str, text_of: Callable[[str], str | None]) -> str:
    """What a platform config deploys with, when ``path`` is one (``""`` otherwise)."""
    if not _HAND_PLACE.match(path) or _NOT_THE_PRODUCT.search(path):
        return ""
    name = path.rsplit("/", 1)[-1]
    if name == "vercel.json":
        text = text_of(path)
        return ("Vercel, with its automatic deploys of the main branch turned off (git.deploymentEnabled)"
                if text is not None and _VERCEL_MAIN_OFF.search(text) else "")
    for file_name, content, what in _HAND_PLATFORMS:
        if file_name.fullmatch(name):
            text = text_of(path)
            return what if text is not None and content.search(text) else ""
    return ""


_DEPLOY = re.compile(
    r"\bdeploy\b|flyctl|fly deploy|vercel\b|railway up|kubectl apply|helm upgrade|gcloud run deploy|"
    r"aws ecs|serverless deploy|docker push|cf push|heroku", re.IGNORECASE)
# Publishing a release artefact from CI is how self-hosted products and libraries ship: the image or package is
# what users (and the project's own hosts) deploy.
_PUBLISH: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bdocker\s+(?:manifest\s+|image\s+)?push\b|\bbuildx\s+build\b[^\n]*--push\b|"
                r"^\s*push:\s*(?:true|\$\{\{)|^\s*outputs:[^\n]*\bpush=true\b|\bbuildx\s+imagetools\s+create\b", re.M),
     "a Docker image is pushed"),
    (re.compile(r"\bhelm\s+push\b|\bchart-releaser-action\b"), "a Helm chart is published"),
    (re.compile(r"pypa/gh-action-pypi-publish|\btwine\s+upload\b|\b(?:uv|poetry|flit|hatch|rye|pdm)\s+publish\b"),
     "a Python package is published"),
    (re.compile(r"\b(?:npm|pnpm|yarn)\s+publish\b|\bcargo\s+publish\b|\bgem\s+push\b"), "a package is published"),
    # Built programs attached to a GitHub release (a portable build, installers): what users download and run.
    (re.compile(r"\buses:\s*['\"]?(?:svenstaro/upload-release-action|softprops/action-gh-release|ncipollo/release-action|"
                r"actions/upload-release-asset|goreleaser/goreleaser-action)@|\bgh\s+release\s+(?:create|upload)\b|"
                r"\bgoreleaser\s+release\b"),
     "release artefacts are uploaded to a GitHub release"),
)
# A workflow's job ids, step names and comments say nothing about what it does (AgentGPT's sponsors-README job is
# called `deploy:`): only its commands and actions are read for a deploy.
_LABEL_LINE = re.compile(r"^\s*(?:-\s*)?(?:name:.*|[\w-]+:\s*|#.*)$")


def _what_it_runs(path: str, text: str) -> str:
    if not _CI_FILES.match(path) or not path.endswith((".yml", ".yaml")):
        return text
    return "\n".join(line for line in text.splitlines() if not _LABEL_LINE.match(line))


_TESTED = re.compile(r"(?:rehears|tested|drill|exercised)[^\n]{0,40}?(\d{4}-\d{2}-\d{2})", re.IGNORECASE)


def run(ctx: CheckContext) -> Outcome:
    evidence: list[Evidence] = []
    automation = ""
    published: dict[int, tuple[str, str]] = {}  # rank in _PUBLISH → (path:line, what): an image beats a package
    by_hand: tuple[str, str] | None = None  # (path, platform) of a platform config deployed by hand
    for path in ctx.repo.tracked_files:
        if by_hand is None:
            what = _hand_platform(path, ctx.repo.read_text)
            by_hand = (path, what) if what else None
        platform = (_platform_config(path) or _vercel_typed_config(path, ctx.repo.read_text)) and not (
            path.endswith("vercel.json") and _hand_platform(path, ctx.repo.read_text))
        if _CI_FILES.match(path) or platform:
            text = ctx.repo.read_text(path) or ""
            if platform or _DEPLOY.search(_what_it_runs(path, text)):
                automation = path
                break
            for rank, (pattern, what) in enumerate(_PUBLISH):
                m = pattern.search(text) if rank not in published and _CI_FILES.match(path) else None
                if m:
                    published[rank] = (f"{path}:{text.count(chr(10), 0, m.start()) + 1}", what)
    if automation:
        evidence.append(Evidence(Status.PASS, "deploys are automated", automation))
    elif published:
        where, what = published[min(published)]
        evidence.append(Evidence(Status.PASS, f"releases are built and published from CI ({what}): "
                                              "what is deployed is a released artefact", where))
    elif by_hand is not None:
        evidence.append(Evidence(Status.WARN, f"a platform config deploys the product ({by_hand[1]}), run by hand: "
                                              "no CI workflow runs it on merge", by_hand[0]))
    else:
        evidence.append(Evidence(Status.FAIL, "no CI workflow or platform config deploys the product",
                                 "(repository)", "e.g. .github/workflows/deploy.yml"))
    rollback = [s for path, text in find_runbooks(ctx.repo) for s in sections(path, text)
                if s.mentions("rollback", "roll back", "revert")]
    if not rollback:
        evidence.append(Evidence(Status.FAIL, "no rollback path is documented", "(repository)"))
    else:
        tested = next(((s, m.group(1)) for s in rollback for m in [_TESTED.search(s.body)] if m), None)
        if tested is None:
            evidence.append(Evidence(Status.WARN, "the rollback is documented but not recorded as tested",
                                     f"{rollback[0].path}:{rollback[0].line}"))
        else:
            evidence.append(Evidence(Status.PASS, f"rollback rehearsed on {tested[1]}",
                                     f"{tested[0].path}:{tested[0].line}"))
    return Outcome.from_evidence(evidence, passed="automated deploys and a rehearsed rollback",
                                 failed="deploys or rollback are not safe yet")


CHECK = Check(META, run)
