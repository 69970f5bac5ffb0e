from __future__ import annotations

import json
from pathlib import Path

import pytest

from launchready import scan
from launchready.config import Config
from launchready.handover import render_runbook, write_handover
from launchready.lab.gitrepo import Commit, build_repo
from launchready.model import Profile, Status
from tests.checks.ops.fixtures import APP, DEPLOY, GOOD_RUNBOOK, MONITORS
from tests.checks.repo.fixtures_secrets import OPENAI_KEY
from tests.checks.repo.helpers import locations, run_check
from tests.cli import launchready


def test_complete_runbook_passes_and_names_the_owner(tmp_path: Path) -> None:
    result, _ = run_check(tmp_path, "ops.runbook", [Commit("init", {"app.py": APP, "docs/RUNBOOK.md": GOOD_RUNBOOK})])
    assert result.status is Status.PASS, result.evidence
    assert "owner Dana Smith (dana@acme.test)" in result.summary and "OpenAI, Stripe" in result.summary


def test_missing_runbook_fails_and_points_at_handover(tmp_path: Path) -> None:
    result, _ = run_check(tmp_path, "ops.runbook", [Commit("init", {"app.py": APP})])
    assert result.status is Status.FAIL
    assert "launchready handover" in result.evidence[0].detail


def test_runbook_without_rotation_for_a_provider_in_use_names_it(tmp_path: Path) -> None:
    text = GOOD_RUNBOOK.replace("### Stripe\nRoll the key in the dashboard, deploy.\n", "")
    result, _ = run_check(tmp_path, "ops.runbook", [Commit("init", {"app.py": APP, "RUNBOOK.md": text})])
    assert result.status is Status.FAIL
    [missing] = [e for e in result.evidence if e.status is Status.FAIL]
    assert missing.message == "no rotation steps for Stripe (used in app.py)"
    assert missing.location == "RUNBOOK.md:15"  # the "## Key rotation" heading


def test_a_generic_llm_provider_row_covers_openai_and_anthropic_but_not_stripe(tmp_path: Path) -> None:
    """A rotation table row "LLM provider API keys" is a rotation step for each AI provider in use; it says
    nothing of Stripe, which is still named when its row is gone."""
    text = GOOD_RUNBOOK.replace("### OpenAI\nCreate a new key, deploy, revoke the old one.\n### Stripe\n"
                                "Roll the key in the dashboard, deploy.\n",
                                "| Secret | Action |\n|---|---|\n| LLM provider API keys | Rotate in the provider "
                                "console; update deploy secrets |\n| `JWT_SECRET_KEY` | Rotate and redeploy |\n")
    app = "import openai\nimport anthropic\nimport stripe\nimport jwt\n"
    result, _ = run_check(tmp_path, "ops.runbook", [Commit("init", {"app.py": app, "RUNBOOK.md": text})])
    fails = [e.message for e in result.evidence if e.status is Status.FAIL]
    assert fails == ["no rotation steps for Stripe (used in app.py)"]


def test_contacts_in_a_security_policy_the_runbook_links_to_count_and_an_unlinked_one_does_not(
        tmp_path: Path) -> None:
    text = GOOD_RUNBOOK.split("## On-call contacts")[0] + "Vulnerability reporting: [SECURITY.md](../SECURITY.md)\n"
    policy = "# Security Policy\n\n## Reporting\nEmail us at: security@acme.test\n"
    linked, _ = run_check(tmp_path / "a", "ops.runbook", [Commit("init", {
        "app.py": APP, "docs/RUNBOOK.md": text, "SECURITY.md": policy})])
    assert linked.status is Status.PASS, [e.message for e in linked.evidence]
    assert [e.location for e in linked.evidence if e.message.startswith("contact:")] == ["SECURITY.md"]
    unlinked, _ = run_check(tmp_path / "b", "ops.runbook", [Commit("init", {
        "app.py": APP, "docs/RUNBOOK.md": text.replace("[SECURITY.md](../SECURITY.md)", "SECURITY.md"),
        "SECURITY.md": policy})])
    assert "no on-call contacts (an e-mail, @handle or phone number)" in [
        e.message for e in unlinked.evidence if e.status is Status.FAIL]


def test_placeholder_owner_is_not_a_named_owner(tmp_path: Path) -> None:
    text = GOOD_RUNBOOK.replace("Owner: Dana Smith (dana@acme.test)", "Owner: <name>")
    result, _ = run_check(tmp_path, "ops.runbook", [Commit("init", {"app.py": APP, "RUNBOOK.md": text})])
    messages = [e.message for e in result.evidence]
    assert "no named incident owner (a line such as 'Owner: Dana Smith')" in messages
    assert "placeholder left in 'Owners': <name>" in messages


def test_monitoring_not_observable_is_a_warning_not_a_failure(tmp_path: Path) -> None:
    result, _ = run_check(tmp_path, "ops.monitoring", [Commit("init", {"app.py": "import sentry_sdk\nsentry_sdk.init()\n"})])
    assert result.status is Status.WARN
    assert result.evidence[0].detail == "error tracking only (app.py)"


def test_alert_window_is_judged_only_where_the_profile_asks(tmp_path: Path) -> None:
    root = tmp_path / "r"
    build_repo(root, [Commit("init", {"monitoring/alerts.rules.yml": MONITORS.replace("for: 2m", "for: 30m")})])
    handover = scan(Config(path=root, only=("ops.monitoring",))).result("ops.monitoring")
    review = scan(Config(path=root, only=("ops.monitoring",), profile=Profile.SECURITY_REVIEW)).result("ops.monitoring")
    assert handover.status is Status.PASS
    assert review.status is Status.FAIL
    assert locations(review, "fail") == ["monitoring/alerts.rules.yml:6"]  # the `for: 30m` line
    assert "alert waits 30 min" in review.evidence[-1].message
    routed = [e for e in handover.evidence if e.message.startswith("alerts routed via")]
    assert [(e.location, e.message) for e in routed] == [("monitoring/alerts.rules.yml:7", "alerts routed via receivers:")]
    assert "waits 30 min" in review.evidence[-1].message


def test_deploy_safety_wants_automation_and_a_rehearsed_rollback(tmp_path: Path) -> None:
    untested = GOOD_RUNBOOK.replace("Rollback tested: 2026-10-02 by Dana.", "")
    result, _ = run_check(tmp_path, "ops.deploy-safety", [Commit("init", {
        ".github/workflows/deploy.yml": DEPLOY, "RUNBOOK.md": untested})])
    assert result.status is Status.WARN
    assert [e.message for e in result.evidence if e.status is Status.WARN] == [
        "the rollback is documented but not recorded as tested"]


def test_handover_writes_a_runbook_from_the_report_that_names_the_leaks(tmp_path: Path) -> None:
    root = tmp_path / "r"
    build_repo(root, [
        Commit("init", {"app.py": APP, ".env": f"OPENAI_API_KEY={OPENAI_KEY}\n"}),
        Commit("rm", {".env": None}),
    ])
    out = tmp_path / "reports"
    assert launchready("scan", str(root), "--format", "json", "--output", str(out)).code == 1
    run = launchready("handover", str(root), "--report", str(out / "launchready.json"),
                      "--output", str(tmp_path / "RUNBOOK.md"))
    assert run.code == 0, run.err
    text = (tmp_path / "RUNBOOK.md").read_text()
    assert "**Rotate now**" in text and ":.env`" in text and OPENAI_KEY[8:-4] not in text
    assert "### OpenAI" in text and "### Stripe" in text
    # Generated, not filled in: the runbook check still wants a named owner.
    build_repo(tmp_path / "r2", [Commit("init", {"app.py": APP, "RUNBOOK.md": text})])
    result = scan(Config(path=tmp_path / "r2", only=("ops.runbook",))).result("ops.runbook")
    assert result.status is Status.FAIL
    assert "no named incident owner (a line such as 'Owner: Dana Smith')" in [e.message for e in result.evidence]
    again = launchready("handover", str(root), "--report", str(out / "launchready.json"),
                        "--output", str(tmp_path / "RUNBOOK.md"))
    assert again.code == 2 and "not overwriting" in again.err


def test_handover_refuses_what_is_not_a_report(tmp_path: Path) -> None:
    bogus = tmp_path / "x.json"
    bogus.write_text(json.dumps({"hello": 1}))
    with pytest.raises(Exception, match="not a launchready JSON report"):
        write_handover(tmp_path, bogus, tmp_path / "out.md", force=False)
    assert "Owner: <name" in render_runbook({"schema_version": "1.0"}, {})


def test_ui_components_named_alert_or_monitor_are_not_monitor_definitions(tmp_path: Path) -> None:
    files = {"components/ui/alert-dialog.tsx": "export function AlertDialog() { return null }\n",
             "src/lib/monitor.py": "def monitor(fn):\n    return fn\n"}
    result, _ = run_check(tmp_path / "ui", "ops.monitoring", [Commit("init", files)])
    assert result.status is Status.WARN
    assert [e.message for e in result.evidence] == ["no monitor definitions or alert routing in the repository"]
    result, _ = run_check(tmp_path / "code", "ops.monitoring", [Commit("init", {**files, "monitoring/uptime.yml": MONITORS})])
    assert [e.location for e in result.evidence if e.message == "monitor definition"] == ["monitoring/uptime.yml"]


def test_a_runbook_inside_benchmark_data_is_not_the_products_runbook(tmp_path: Path) -> None:
    files = {"deep_agents/benchmark_data/internal_docs/engineering/oncall_rotation.md": "# On-call\nOwner: Dana\n",
             "tests/fixtures/RUNBOOK.md": "# Incident\n"}
    result, _ = run_check(tmp_path, "ops.runbook", [Commit("init", files)])
    assert result.status is Status.FAIL and result.summary == "no runbook in the repository"


_ROTATION_WITHOUT_AWS = GOOD_RUNBOOK.replace("### Stripe\nRoll the key in the dashboard, deploy.\n", "")
_USER_SUPPLIED_S3 = (
    "import boto3\n\n\ndef load(request):\n    creds = request.json\n"
    "    return boto3.client('s3', aws_access_key_id=creds['aws_access_key_id'],\n"
    "                        aws_secret_access_key=creds['aws_secret_access_key'])\n"
)


def test_aws_sdk_fed_per_request_is_a_warning_to_confirm_and_a_key_in_settings_fails(tmp_path: Path) -> None:
    """boto3 with credentials handed in by the caller (a user's own bucket) holds no key of the product's: the
    missing AWS rotation row is a warning asking to confirm. A key the product reads from its settings is one
    to rotate: a failure naming the setting and the file that reads it; a test's fake key is not."""
    files = {"app.py": "import openai\n", "ingest/s3_loader.py": _USER_SUPPLIED_S3, "RUNBOOK.md": _ROTATION_WITHOUT_AWS,
             "tests/test_s3.py": "os.environ['AWS_SECRET_ACCESS_KEY'] = 'x'\n"}
    supplied, _ = run_check(tmp_path / "a", "ops.runbook", [Commit("init", files)])
    assert supplied.status is Status.WARN, [e.message for e in supplied.evidence]
    [warn] = [e for e in supplied.evidence if e.status is Status.WARN]
    assert warn.message.startswith("no rotation steps for AWS — its SDK is used (ingest/s3_loader.py)")
    assert warn.location == "RUNBOOK.md:15"
    settings = "class Settings:\n    S3_ACCESS_KEY_ID: str | None = None\n    S3_SECRET_ACCESS_KEY: str | None = None\n"
    held, _ = run_check(tmp_path / "b", "ops.runbook", [Commit("init", {**files, "core/settings.py": settings})])
    assert held.status is Status.FAIL
    assert [e.message for e in held.evidence if e.status is Status.FAIL] == [
        "no rotation steps for AWS (key S3_ACCESS_KEY_ID read in core/settings.py)"]
    covered, _ = run_check(tmp_path / "c", "ops.runbook", [Commit("init", {
        **files, "core/settings.py": settings,
        "RUNBOOK.md": _ROTATION_WITHOUT_AWS.replace("## On-call", "### AWS\nRotate the IAM key.\n\n## On-call")})])
    assert covered.status is Status.PASS, [e.message for e in covered.evidence]


_RELEASE_IMAGE = ("on:\n  release:\n    types: [published]\njobs:\n  image:\n    steps:\n"
                  "      - uses: docker/build-push-action@v6\n        with:\n          push: true\n")
_PYPI = ("on:\n  release:\n    types: [published]\njobs:\n  publish:\n    steps:\n      - run: uv build\n"
         "      - uses: pypa/gh-action-pypi-publish@release/v1\n")
# buildx pushing by digest (`outputs: type=image,push=true`), then a manifest list put together from the digests
_PUSH_BY_DIGEST = ("on:\n  push:\n    tags: ['v2.*']\njobs:\n  build:\n    steps:\n"
                   "      - uses: docker/build-push-action@v7\n        with:\n"
                   "          outputs: type=image,push-by-digest=true,name-canonical=true,push=true\n"
                   "  merge:\n    steps:\n      - run: docker buildx imagetools create -t ghcr.io/x/y:latest $DIGESTS\n")
_TESTS_ONLY = "on:\n  push:\n    branches: [main]\njobs:\n  test:\n    steps:\n      - run: pytest\n"


@pytest.mark.parametrize(("workflow", "location", "what"), [
    (_RELEASE_IMAGE, ".github/workflows/release.yml:9", "a Docker image is pushed"),
    (_PYPI, ".github/workflows/release.yml:8", "a Python package is published"),
    (_PUSH_BY_DIGEST, ".github/workflows/release.yml:9", "a Docker image is pushed"),
    # quivr: release-please then `rye publish --token …` in the core folder
    (_PYPI.replace("      - uses: pypa/gh-action-pypi-publish@release/v1\n", "      - run: rye publish --yes\n"),
     ".github/workflows/release.yml:8", "a Python package is published"),
    # text-generation-webui: a portable build zipped and attached to the GitHub release
    ("on:\n  workflow_dispatch:\njobs:\n  build:\n    steps:\n      - run: zip -r tgw.zip .\n"
     "      - name: Upload files to a GitHub release\n        uses: svenstaro/upload-release-action@2.7.0\n",
     ".github/workflows/release.yml:8", "release artefacts are uploaded to a GitHub release"),
    ("on:\n  push:\n    tags: ['v*']\njobs:\n  build:\n    steps:\n      - run: make dist\n"
     "      - uses: softprops/action-gh-release@v2\n", ".github/workflows/release.yml:8",
     "release artefacts are uploaded to a GitHub release"),
    ("on:\n  push:\n    tags: ['v*']\njobs:\n  build:\n    steps:\n      - run: gh release create $TAG dist/*\n",
     ".github/workflows/release.yml:7", "release artefacts are uploaded to a GitHub release"),
])
def test_a_release_image_or_package_published_from_ci_is_automated_delivery(
        tmp_path: Path, workflow: str, location: str, what: str) -> None:
    result, _ = run_check(tmp_path, "ops.deploy-safety", [Commit("init", {
        ".github/workflows/ci.yml": _TESTS_ONLY, ".github/workflows/release.yml": workflow, "RUNBOOK.md": GOOD_RUNBOOK})])
    assert result.status is Status.PASS, [e.message for e in result.evidence]
    [published] = [e for e in result.evidence if e.message.startswith("releases are built and published")]
    assert (published.location, what in published.message) == (location, True)


def test_the_products_own_release_is_named_before_a_side_librarys_package(tmp_path: Path) -> None:
    """A repo that publishes its npm client libraries and its Python product: the product's PyPI release is the
    evidence shown, whichever workflow file comes first."""
    libs = "on:\n  release:\njobs:\n  libs:\n    steps:\n      - run: pnpm publish --recursive\n"
    result, _ = run_check(tmp_path, "ops.deploy-safety", [Commit("init", {
        ".github/workflows/publish-libs.yaml": libs, ".github/workflows/publish.yaml": _PYPI,
        "RUNBOOK.md": GOOD_RUNBOOK})])
    assert [(e.location, e.message.split(":")[0]) for e in result.evidence if e.message.startswith("releases")] == [
        (".github/workflows/publish.yaml:8", "releases are built and published from CI (a Python package is published)")]


def test_a_ci_that_only_tests_or_builds_without_pushing_deploys_nothing(tmp_path: Path) -> None:
    # an uploaded build artefact of the workflow run (actions/upload-artifact) is kept for the run, not released
    build_only = _RELEASE_IMAGE.replace("push: true", "push: false") + "      - uses: actions/upload-artifact@v4\n"
    result, _ = run_check(tmp_path, "ops.deploy-safety", [Commit("init", {
        ".github/workflows/ci.yml": _TESTS_ONLY, ".github/workflows/release.yml": build_only, "RUNBOOK.md": GOOD_RUNBOOK})])
    assert result.status is Status.FAIL
    assert [(e.location, e.message) for e in result.evidence if e.status is Status.FAIL] == [
        ("(repository)", "no CI workflow or platform config deploys the product")]


_SPONSORS_JOB = ("name: Generate Sponsors README\non:\n  schedule:\n    - cron: 0 0 * * *\njobs:\n  deploy:\n"
                 "    runs-on: ubuntu-latest\n    steps:\n      - name: Deploy sponsors list\n"
                 "        uses: JamesIves/github-sponsors-readme-action@v1.2.2\n"
                 "      # deploy the README change as a pull request\n"
                 "      - uses: peter-evans/create-pull-request@v5.0.1\n")


def test_a_job_named_deploy_that_runs_no_deploy_is_no_automated_delivery(tmp_path: Path) -> None:
    """Round 3 (AgentGPT): a sponsors-README job whose id is `deploy:` passed as "deploys are automated"."""
    result, _ = run_check(tmp_path, "ops.deploy-safety", [Commit("init", {
        ".github/workflows/sponsors.yml": _SPONSORS_JOB, "RUNBOOK.md": GOOD_RUNBOOK})])
    assert [(e.location, e.message) for e in result.evidence if e.status is Status.FAIL] == [
        ("(repository)", "no CI workflow or platform config deploys the product")]
    # the same job id with a deploy command is a deploy
    deploys = _SPONSORS_JOB + "      - run: flyctl deploy --remote-only\n"
    passed, _ = run_check(tmp_path / "fly", "ops.deploy-safety", [Commit("init", {
        ".github/workflows/sponsors.yml": deploys, "RUNBOOK.md": GOOD_RUNBOOK})])
    assert next((e.location, e.message) for e in passed.evidence if e.status is Status.PASS) == (
        ".github/workflows/sponsors.yml", "deploys are automated")


_SVG_AS_JSON = json.dumps({"icon": {"type": "element", "isRootNode": True, "name": "svg",
                                    "attributes": {"width": "16", "viewBox": "0 0 16 17", "fill": "none"},
                                    "children": [{"type": "element", "name": "path", "attributes": {"d": "M8 5"}}]},
                           "name": "AlertCircle"}, indent=2)


def test_an_icon_or_asset_named_for_alerts_is_not_a_monitor_definition(tmp_path: Path) -> None:
    icons = {"app/components/base/icons/line/alert-circle/AlertCircle.json": _SVG_AS_JSON,
             "web/public/alert-banner.json": _SVG_AS_JSON, "alerts/AlertBadge.json": _SVG_AS_JSON}
    result, _ = run_check(tmp_path / "ui", "ops.monitoring", [Commit("init", icons)])
    assert result.status is Status.WARN, result.evidence
    assert [(e.status, e.message) for e in result.evidence] == [
        (Status.WARN, "no monitor definitions or alert routing in the repository")]
    # A monitor file with monitor content but no destination still fails — the content, not the name, decides.
    unrouted = MONITORS.split("receivers:", maxsplit=1)[0]
    result, _ = run_check(tmp_path / "mon", "ops.monitoring",
                          [Commit("init", {**icons, "monitoring/alerts.rules.yml": unrouted})])
    assert [(e.status, e.location) for e in result.evidence if e.status is not Status.PASS] == [
        (Status.FAIL, "monitoring/alerts.rules.yml")]
    assert [e.location for e in result.evidence if e.message == "monitor definition"] == ["monitoring/alerts.rules.yml"]


_AZD = "name: chat-quickstart\nservices:\n  aca:\n    project: ./src\n    language: py\n    host: containerapp\n"


@pytest.mark.parametrize(("files", "location", "platform"), [
    ({"azure.yaml": _AZD, "infra/main.bicep": "targetScope = 'subscription'\n"}, "azure.yaml", "Azure Developer CLI"),
    ({"fly.toml": "app = 'chat'\n[http_service]\n  internal_port = 8080\n"}, "fly.toml", "Fly.io"),
    ({"backend/app.yaml": "runtime: python312\nentrypoint: gunicorn app:app\n"}, "backend/app.yaml", "App Engine"),
    ({"Procfile": "web: gunicorn app:app\n"}, "Procfile", "Procfile"),
    ({"firebase.json": '{"hosting": {"public": "dist"}}'}, "firebase.json", "Firebase"),
    ({"worker/wrangler.toml": 'name = "chat"\nmain = "src/index.ts"\n'}, "worker/wrangler.toml", "Cloudflare"),
    ({"langgraph.json": '{"dependencies": ["."], "graphs": {"agent": "./src/agent.ts:graph"}, "env": ".env"}'},
     "langgraph.json", "LangGraph Platform"),
])
def test_a_platform_config_deployed_by_hand_is_a_warn_not_a_missing_deploy(
        tmp_path: Path, files: dict[str, str], location: str, platform: str) -> None:
    result, _ = run_check(tmp_path, "ops.deploy-safety", [Commit("init", {"app.py": APP, **files,
                                                                          "RUNBOOK.md": GOOD_RUNBOOK})])
    [deploy] = [e for e in result.evidence if "deploys the product" in e.message]
    assert (deploy.status, deploy.location) == (Status.WARN, location), deploy
    assert platform in deploy.message and "run by hand" in deploy.message


@pytest.mark.parametrize("files", [
    {"config/app.yaml": "title: Chat\nport: 8080\n"},  # an app's own settings file, not App Engine
    {"azure.yaml": "# notes\nregion: westeurope\n"},  # no azd services
    {"examples/fly/fly.toml": "app = 'demo'\n"},  # an example, not the product
    {"langgraph.json": '{"dependencies": ["."]}'},  # names no graph to deploy
])
def test_a_file_named_like_a_platform_config_without_its_content_deploys_nothing(
        tmp_path: Path, files: dict[str, str]) -> None:
    result, _ = run_check(tmp_path, "ops.deploy-safety", [Commit("init", {"app.py": APP, **files})])
    [deploy] = [e for e in result.evidence if "deploys the product" in e.message]
    assert (deploy.status, deploy.message) == (Status.FAIL, "no CI workflow or platform config deploys the product")


_VERCEL_MAIN_OFF = '{\n  "git": {\n    "deploymentEnabled": {\n      "main": false\n    }\n  }\n}\n'


def test_a_platform_config_one_folder_down_counts_and_vercel_with_main_deploys_off_is_a_deploy_by_hand(
        tmp_path: Path) -> None:
    """chat-langchainjs: `frontend/vercel.json` is the product's Vercel config (DEPLOYMENT.md imports the repo into
    Vercel). It turns off automatic deploys of main, so production is deployed by hand: a warn naming the file, never
    'no platform config deploys the product'. The same file letting Vercel deploy main is automated delivery."""
    result, _ = run_check(tmp_path / "off", "ops.deploy-safety", [Commit("init", {
        "frontend/app/page.tsx": "export default () => null\n", "frontend/vercel.json": _VERCEL_MAIN_OFF})])
    [deploy] = [e for e in result.evidence if "deploy" in e.message and "rollback" not in e.message]
    assert (deploy.status, deploy.location, deploy.message) == (
        Status.WARN, "frontend/vercel.json", "a platform config deploys the product (Vercel, with its automatic "
        "deploys of the main branch turned off (git.deploymentEnabled)), run by hand: no CI workflow runs it on merge")
    result, _ = run_check(tmp_path / "on", "ops.deploy-safety", [Commit("init", {
        "frontend/app/page.tsx": "export default () => null\n", "frontend/vercel.json": '{"cleanUrls": true}\n'})])
    assert [(e.status, e.message, e.location) for e in result.evidence if "rollback" not in e.message] == [
        (Status.PASS, "deploys are automated", "frontend/vercel.json")]
    result, _ = run_check(tmp_path / "expo", "ops.deploy-safety", [Commit("init", {
        "mobile/app.json": '{"expo": {"name": "chat"}}\n', "examples/web/vercel.json": "{}\n"})])
    assert [e.message for e in result.evidence if "rollback" not in e.message] == [
        "no CI workflow or platform config deploys the product"]


def test_a_vercel_config_written_in_typescript_deploys_like_vercel_json(tmp_path: Path) -> None:
    """scira: `vercel.ts` typed with `@vercel/config` is the project's Vercel config; a `vercel.ts` that is
    something else (a helper module of that name) configures no platform."""
    typed = ("import { type VercelConfig } from '@vercel/config/v1';\n\n"
             "export const config: VercelConfig = { framework: 'nextjs' };\n")
    result, _ = run_check(tmp_path / "typed", "ops.deploy-safety", [Commit("init", {
        "app/page.tsx": "export default () => null\n", "vercel.ts": typed})])
    assert [(e.status, e.message, e.location) for e in result.evidence if "rollback" not in e.message] == [
        (Status.PASS, "deploys are automated", "vercel.ts")]
    result, _ = run_check(tmp_path / "helper", "ops.deploy-safety", [Commit("init", {
        "app/page.tsx": "export default () => null\n", "lib/vercel.ts": "export const region = 'iad1';\n"})])
    assert [e.message for e in result.evidence if "rollback" not in e.message] == [
        "no CI workflow or platform config deploys the product"]
