"""The three secrets checks end to end on real git repositories built by the lab."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from launchready.api import scan
from launchready.catalog import Catalog
from launchready.checks.repo import secrets_client, secrets_history, secrets_tree
from launchready.config import Config
from launchready.engines.secrets.matcher import hyperscan_available
from launchready.engines.secrets.samples import expand
from launchready.lab.gitrepo import Commit, build_repo
from launchready.model import Result, Status
from tests.checks.repo.fixtures_secrets import FIXTURES

CATALOG = Catalog((secrets_tree.CHECK, secrets_history.CHECK, secrets_client.CHECK))
ENGINES = ["python", pytest.param(
    "hyperscan", marks=pytest.mark.skipif(not hyperscan_available(), reason="hyperscan not installed"))]
RNG = random.Random("checks")


def run(tmp: Path, check_id: str, commits: Sequence[Commit], engine: str = "auto", *,
        worktree: Mapping[str, str] | None = None) -> tuple[Result, list[str]]:
    root = tmp / "repo"
    ids = build_repo(root, commits, worktree=worktree)
    config = Config(path=root, only=(check_id,), checks={check_id: {"engine": engine}})
    return scan(config, catalog=CATALOG).result(check_id), ids


def by_status(result: Result, status: Status) -> list[str]:
    return [e.location for e in result.evidence if e.status is status]


@pytest.mark.parametrize("check_id", sorted(FIXTURES))
def test_fixtures_fail_then_pass(check_id: str, tmp_path: Path) -> None:
    failing, passing = FIXTURES[check_id]
    for fixture, expected, sub in ((failing, Status.FAIL, "f"), (passing, Status.PASS, "p")):
        with fixture(tmp_path / sub) as config:
            assert scan(config, catalog=CATALOG).result(check_id).status is expected


@pytest.mark.parametrize("engine", ENGINES)
def test_tree_reports_path_and_line_and_dedups_occurrences(engine: str, tmp_path: Path) -> None:
    key = expand("sk_live_{A:32}", RNG)
    files = {f"svc{i}/settings.py": f"# settings\n\nSTRIPE = '{key}'\n" for i in range(3)}
    files["web/pk.js"] = expand("const pk = 'pk_live_{A:40}';\n", RNG)
    result, _ = run(tmp_path, "repo.secrets-tree", [Commit("init", files)], engine)
    assert result.status is Status.FAIL
    failing = [e for e in result.evidence if e.status is Status.FAIL]
    assert [e.location for e in failing] == ["svc0/settings.py:3"]
    assert "3 occurrences" in failing[0].detail and "svc2/settings.py:3" in failing[0].detail
    assert failing[0].fingerprint.startswith("stripe-secret-key:")
    info = [e for e in result.evidence if e.message.startswith("info:")]
    assert [e.location for e in info] == ["web/pk.js:1"] and info[0].status is Status.PASS


@pytest.mark.parametrize("engine", ENGINES)
def test_history_maps_first_commit_and_flags_history_only(engine: str, tmp_path: Path) -> None:
    old = expand("sk-ant-api03-{b:93}AA", RNG)
    live = expand("sk_live_{A:32}", RNG)
    commits = [
        Commit("init", {"README.md": "hello\n"}, date="2025-01-02T10:00:00+00:00"),
        Commit("add key", {"cfg/keys.py": f"x = 1\nANTHROPIC = '{old}'\n"}, date="2025-02-03T10:00:00+00:00"),
        Commit("remove", {"cfg/keys.py": None}, date="2025-03-04T10:00:00+00:00"),
        Commit("stripe", {"pay.py": f"KEY = '{live}'\n"}, date="2025-04-05T10:00:00+00:00"),
    ]
    result, ids = run(tmp_path, "repo.secrets-history", commits, engine)
    assert result.status is Status.FAIL
    ev = {e.location: e for e in result.evidence if e.status is Status.FAIL}
    assert set(ev) == {f"{ids[1][:12]}:cfg/keys.py", f"{ids[3][:12]}:pay.py"}
    old_ev = ev[f"{ids[1][:12]}:cfg/keys.py"]
    assert "line 2" in old_ev.detail and "2025-02-03" in old_ev.detail
    assert "history only — rotate: it is in every clone forever" in old_ev.detail
    assert "still in HEAD" in ev[f"{ids[3][:12]}:pay.py"].detail
    assert result.metrics["history_only"] == 1


def test_history_dedups_one_token_across_three_commits(tmp_path: Path) -> None:
    key = expand("ghp_{A:30}", RNG)
    from launchready.engines.secrets.validators import github_checksum
    key = key + github_checksum(key[4:])
    commits = [Commit(f"c{i}", {f"f{i}.txt": f"v{i}\ntoken: {key}\n"}) for i in range(3)]
    result, ids = run(tmp_path, "repo.secrets-history", commits)
    failing = [e for e in result.evidence if e.status is Status.FAIL]
    assert len(failing) == 1 and failing[0].location == f"{ids[0][:12]}:f0.txt"
    assert "3 occurrences" in failing[0].detail


def test_history_finds_secret_added_on_a_side_branch_and_merged(tmp_path: Path) -> None:
    key = expand("xoxb-{d:12}-{d:13}-{A:24}", RNG)
    commits = [
        Commit("init", {"a.txt": "a\n"}),
        Commit("side", {"slack.py": f"T = '{key}'\n"}, branch="feature"),
        Commit("main moves", {"b.txt": "b\n"}, branch="main"),
    ]
    result, ids = run(tmp_path, "repo.secrets-history", commits)
    assert by_status(result, Status.FAIL) == [f"{ids[1][:12]}:slack.py"]


@pytest.mark.parametrize("engine", ENGINES)
def test_client_finds_gitignored_minified_bundle_with_column(engine: str, tmp_path: Path) -> None:
    key = expand("sk-proj-{A:58}T3BlbkFJ{A:58}", RNG)
    bundle = "var a=1;" * 5000 + f'const c=new OpenAI({{apiKey:"{key}",dangerouslyAllowBrowser:!0}});' + "x();" * 100
    result, _ = run(tmp_path, "repo.secrets-client", [Commit("init", {".gitignore": "dist/\n.next/\n"})], engine,
                    worktree={"dist/assets/index-3f2a.js": bundle,
                              ".next/static/chunks/app.js.map": '{"sourcesContent":["fetch(\\"https://api.openai.com/v1/chat\\")"]}',
                              "node_modules/pkg/dist/index.js": f'k="{key}"',
                              ".env.local": expand("NEXT_PUBLIC_OPENAI_API_KEY={A:40}\n", RNG)})
    assert result.status is Status.FAIL
    locs = by_status(result, Status.FAIL)
    assert "dist/assets/index-3f2a.js:1:40029" in locs
    assert any(loc.startswith(".next/static/chunks/app.js.map:1:") for loc in locs)
    assert any(loc.startswith(".env.local:1:") for loc in locs)
    assert not any("node_modules" in loc for loc in locs)
    for e in result.evidence:
        assert len(e.detail) < 1000  # a short excerpt, never the whole minified line
        assert "dangerouslyAllowBrowser" in " ".join(x.message for x in result.evidence)


def test_ignores_inline_baseline_foreign_and_unused(tmp_path: Path) -> None:
    a, b, c = (expand("sk_live_{A:32}", RNG) for _ in range(3))
    d = expand("whsec_{A:32}", RNG)
    from launchready.engines.secrets.scanner import fingerprint
    baseline = (f"# accepted\n{fingerprint('stripe-secret-key', c)}  demo account key, revoked 2025-01\n"
                "stripe-secret-key:0000000000000000  a key that is gone\n")
    files = {
        "a.py": f"K = '{a}'  # launchready: ignore[repo.secrets-tree] fixture for the payment tests\n",
        "b.py": f"K = '{b}'  # gitleaks:allow\n",
        "c.py": f"K = '{c}'\n",
        "d.py": f"# pragma: allowlist nextline secret\nW = '{d}'\n",
        ".launchready-secrets-baseline": baseline,
    }
    result, _ = run(tmp_path, "repo.secrets-tree", [Commit("init", files)])
    assert result.status is Status.WARN  # only the unused baseline entry remains
    ignored = {e.location: e.detail for e in result.evidence if e.message.startswith("ignored:")}
    assert set(ignored) == {"a.py:1", "b.py:1", "c.py:1", "d.py:2"}
    assert "fixture for the payment tests" in ignored["a.py:1"]
    assert "gitleaks" in ignored["b.py:1"] and "demo account key" in ignored["c.py:1"]
    assert by_status(result, Status.WARN) == [".launchready-secrets-baseline:3"]


def test_planted_secrets_never_appear_in_any_output(tmp_path: Path) -> None:
    planted = [expand(t, RNG) for t in (
        "sk-proj-{A:58}T3BlbkFJ{A:58}", "sk_live_{A:40}", "whsec_{A:32}", "sk-ant-api03-{b:93}AA",
        "{jwt:service_role}", "SG.{b:22}.{b:43}", "xai-{A:80}", "hf_{l:34}", "gsk_{A:52}")]
    db_pw = expand("{A:24}", RNG)
    aws = expand("{B:40}", RNG)
    lines = [f"K{i} = '{p}'" for i, p in enumerate(planted)]
    lines += [f"DB = 'postgres://app:{db_pw}@db.internal:5432/app'",
              f"aws_access_key_id = {expand('AKIA{u:16}', RNG)}\naws_secret_access_key = {aws}",
              f"API_SECRET_TOKEN = '{expand('{A:40}', RNG)}'"]
    text = "\n".join(lines) + "\n"
    root = tmp_path / "repo"
    build_repo(root, [Commit("init", {"cfg.py": text, "gone.py": text}), Commit("rm", {"gone.py": None})],
               worktree={"dist/app.js": text.replace("\n", ";")})
    card = scan(Config(path=root, only=("repo.secrets-tree", "repo.secrets-history", "repo.secrets-client")),
                catalog=CATALOG)
    dump = repr([dataclasses.asdict(r) for r in card.results])
    assert all(r.status is Status.FAIL for r in card.results)
    for secret in [*planted, db_pw, aws]:
        for part in (secret, secret[8:-4]):
            assert part not in dump, dump[max(0, dump.find(part) - 300):dump.find(part) + 60]


@pytest.mark.parametrize("check_id", ["repo.secrets-tree", "repo.secrets-client"])
def test_a_file_over_the_size_cap_is_named_as_only_partly_read(check_id: str, tmp_path: Path) -> None:
    big = "var a=1;\n" * (65 * 1024 * 1024 // 9)  # just over the 64 MiB per-file cap
    commits = [Commit("init", {"README.md": "x\n", ".gitignore": "dist/\n"} if check_id == "repo.secrets-client"
                      else {"README.md": "x\n", "data/big.js": big})]
    result, _ = run(tmp_path, check_id, commits,
                    worktree={"dist/big.js": big} if check_id == "repo.secrets-client" else None)
    where = "dist/big.js" if check_id == "repo.secrets-client" else "data/big.js"
    assert f"1 file(s) only partly read ({where}: only the first 64 MiB scanned" in result.summary, result.summary
    assert result.status is Status.WARN  # what was not read could hold the key: never a pass
    assert [(e.status, e.location) for e in result.evidence] == [(Status.WARN, where)]


def test_a_file_over_the_tree_cap_is_a_warning_naming_it_not_a_pass(tmp_path: Path) -> None:
    from launchready.engines.secrets.stream import MAX_FILE_BYTES

    dump = b"insert into t values (1);\n" * (MAX_FILE_BYTES // 26 + 65536)
    result, _ = run(tmp_path, "repo.secrets-tree", [Commit("init", {"data/dump.sql": dump})])
    assert result.status is Status.WARN
    assert [(e.status, e.location, e.message) for e in result.evidence] == [
        (Status.WARN, "data/dump.sql", "only partly read: only the first 64 MiB scanned of 0.1 GB")]
    assert result.summary.startswith("no secrets in the 1 tracked files read; 1 file(s) only partly read")


def test_a_gitignored_local_env_is_not_client_exposure_but_its_prefixed_variables_are(tmp_path: Path) -> None:
    server_key = expand("sk-proj-{A:58}T3BlbkFJ{A:58}", RNG)
    public_key = expand("sk-proj-{A:58}T3BlbkFJ{A:58}", RNG)
    result, _ = run(tmp_path, "repo.secrets-client",
                    [Commit("init", {".gitignore": ".env\n.env.local\n", "src/api.js": "fetch('/api/chat')\n"})],
                    worktree={".env": f"# local only\nOPENAI_API_KEY={server_key}\n",
                              ".env.local": f"DEBUG=1\nNEXT_PUBLIC_OPENAI_API_KEY={public_key}\n",
                              "public/.env": f"OPENAI_API_KEY={server_key}\n"})
    failing = {e.location: e for e in result.evidence if e.status is Status.FAIL}
    assert set(failing) == {".env.local:2:1", "public/.env:1:16"}, result.evidence
    assert "NEXT_PUBLIC_OPENAI_API_KEY holds a secret in a client-prefixed variable (OpenAI project API key)" in (
        failing[".env.local:2:1"].message)
    assert failing["public/.env:1:16"].fingerprint.startswith("openai-project-key:")
    assert not any(e.location.startswith(".env:") for e in result.evidence)


def test_a_generic_value_in_test_code_warns_while_the_same_in_app_code_fails(tmp_path: Path) -> None:
    app_value, test_value = expand("{A:40}", RNG), expand("{A:40}", RNG)
    result, _ = run(tmp_path, "repo.secrets-tree", [Commit("init", {
        "app/settings.py": f"JWT_SECRET = '{app_value}'\n",
        "tests/test_auth.py": f"import jwt\nJWT_SECRET = '{test_value}'\n"})])
    assert by_status(result, Status.FAIL) == ["app/settings.py:1"]
    [warned] = [e for e in result.evidence if e.status is Status.WARN]
    assert warned.location == "tests/test_auth.py:2" and "in test/docs/example code" in warned.message
    assert result.metrics["fail"] == 1 and result.metrics["warn"] == 1


def test_a_provider_url_shown_as_a_placeholder_is_not_a_browser_call(tmp_path: Path) -> None:
    form = ('export function Options() {\n  return <input type="url" name="BasePath"\n'
            '    placeholder="https://api.openai.com/v1" defaultValue={settings.basePath} />\n}\n')
    call = "export async function ask(key) {\n  return fetch('https://api.openai.com/v1/chat/completions', {})\n}\n"
    chat = "'use client'\nimport { ask } from '../lib/ask'\nexport const Chat = () => ask(process.env.KEY)\n"
    result, _ = run(tmp_path, "repo.secrets-client", [Commit("init", {"src/components/Options.jsx": form,
                                                                     "src/components/Chat.jsx": chat,
                                                                     "src/lib/ask.js": call})])
    assert [(e.status, e.location) for e in result.evidence] == [(Status.FAIL, "src/lib/ask.js:2:17")]


def test_generic_look_alikes_in_tests_are_counted_not_listed(tmp_path: Path) -> None:
    result, _ = run(tmp_path, "repo.secrets-tree", [Commit("init", {
        "tests/e2e/env.sh": 'export JWT_SECRET_KEY="tS9fQ2xR7-vLm3KpW8zYb"\n',
        "app/settings.py": f"JWT_SECRET = '{expand('{A:40}', RNG)}'\n"})])
    assert [(e.status, e.location) for e in result.evidence] == [(Status.FAIL, "app/settings.py:1")]
    assert "1 look-alike(s) in test/docs/example/template files not listed" in result.summary


# Shapes the precision corpus (bench/precision) showed as false warnings, each beside a true one that must
# stay: code that names a secret is no secret; a value that says it is a fixture is none; an ARN names a
# Secrets Manager entry; a QA data set and a minified bundle are no assignments; a local database URL in a
# template or a test, and a test's HS256 token, are made up.
LOOKALIKES = {
    "application/storage/s3.py": "access_key = settings.S3_ACCESS_KEY_ID\nsecret_key = settings.S3_SECRET_ACCESS_KEY\n",
    "server/utils/bot.js": "const opts = {\n  botToken: this.#config.bot_token,\n}\n",
    "application/tools/mcp.py": "credentials = base64.b64encode(\n    f'{user}:{pw}'.encode())\n",
    "scripts/e2e/env.sh": 'export JWT_SECRET_KEY="e2e-fixed-secret-never-use-in-prod"\n',
    "terraform/variables.tf": 'variable "k" {\n  default = "arn:aws:secretsmanager:us-east-1:908027381725:secret:'
                              'webUIpipelinesOpenAIApiKey-uUPw5T"\n}\n',
    "evals/qa.csv": "q,urls\n1,https://www.example.org/name/?opfInternalRedirectSessionToken=D3Izn0qoW%2BXaR12FlVlW\n",
    "public/embed/widget.min.js": 'var e={auth_key:"Qm9vdHN0cmFwLXRoLTE3ZmE5Yw"};\n',
    "static/assets/index-8a2d939c.js": 'i&&(this.locBeforeToken="Qm9vdHN0cmFwLXRoLTE3ZmE5Yw")\n',
    "docker/.env.example": "DATABASE_URL=postgresql://llm:Rk8sPq2vXz@localhost:5432/anythingllm\n",
    "tests/test_redaction.py": 'TOKEN = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTQ4MjEifQ.'
                               'dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"\n',
}


def test_code_references_fixture_values_arns_data_and_templates_are_not_listed(tmp_path: Path) -> None:
    real = f"JWT_SECRET = '{expand('{A:40}', RNG)}'\n"
    result, _ = run(tmp_path, "repo.secrets-tree", [Commit("init", {**LOOKALIKES, "app/settings.py": real})])
    assert [(e.status, e.location) for e in result.evidence if e.status in (Status.FAIL, Status.WARN)] == [
        (Status.FAIL, "app/settings.py:1")]
    assert "2 look-alike(s) in test/docs/example/template files not listed" in result.summary


def test_a_generic_value_outside_a_data_file_and_a_local_database_url_in_code_are_still_warned(
        tmp_path: Path) -> None:
    result, _ = run(tmp_path, "repo.secrets-tree", [Commit("init", {
        "app/db.py": "DATABASE_URL = 'postgresql://llm:Rk8sPq2vXz@localhost:5432/app'\n",
        "app/config.js": 'const cfg = { auth_key: "Qm9vdHN0cmFwLXRoLTE3ZmE5Yw" }\n',
        "src/v2-handlers.js": 'const cfg = { auth_key: "Wk8yTm5xUnBhLWd2LTkzcWM4Ng" }\n'})])
    assert [(e.status, e.location) for e in result.evidence if e.status is Status.WARN] == [
        (Status.WARN, "app/config.js:1"), (Status.WARN, "app/db.py:1"), (Status.WARN, "src/v2-handlers.js:1")]


def test_history_counts_the_same_look_alikes_the_tree_does(tmp_path: Path) -> None:
    result, _ = run(tmp_path, "repo.secrets-history", [
        Commit("add", {"docker/.env.example": LOOKALIKES["docker/.env.example"],
                       "tests/test_redaction.py": LOOKALIKES["tests/test_redaction.py"],
                       "app/db.py": "DATABASE_URL = 'postgresql://llm:Wq4nTz7yLb@localhost:5432/app'\n"})])
    listed = [e.location.split(":", 1)[-1] for e in result.evidence if e.status is Status.WARN]
    assert listed == ["app/db.py"]
    assert "2 look-alike(s) in test/docs/example/template files not listed" in result.summary


def test_a_key_pasted_into_a_commit_message_is_a_history_finding_never_in_head(tmp_path: Path) -> None:
    """Commit messages are history too: "rotated; the old key was sk-proj-…" stays in every clone."""
    from tests.checks.repo.fixtures_secrets import OPENAI_KEY
    result, _ = run(tmp_path, "repo.secrets-history", [
        Commit("init", {"app.py": "import os\nKEY = os.environ['OPENAI_API_KEY']\n"}),
        Commit(f"rotate the OpenAI key\n\nthe old one was {OPENAI_KEY}, revoked\n", {"README.md": "rotated\n"})])
    [failed] = [e for e in result.evidence if e.status is Status.FAIL]
    assert failed.location.endswith(":(commit message)")
    assert "line 3" in failed.detail and "history only" in failed.detail
    assert OPENAI_KEY not in repr(result)


def test_public_client_identifiers_are_info_beside_the_same_values_under_other_configs(tmp_path: Path) -> None:
    """A DocSearch `apiKey` next to `appId` and `indexName` is Algolia's search-only key and a Chatwoot
    `websiteToken` identifies an inbox to the public widget: info, counted in the summary. The same hex under
    `apiKey` in any other config, and a token under another name, stay warnings."""
    search_key, other_key = expand("{h:32}", RNG), expand("{h:32}", RNG)
    token, other_token = expand("{A:24}", RNG), expand("{A:24}", RNG)
    files = {
        "site/docusaurus.config.js": ("module.exports = {\n  themeConfig: {\n    algolia: {\n      appId: 'NBR0FXJNGW',\n"
                                      f"      apiKey: '{search_key}',\n      indexName: 'docs',\n    }},\n  }},\n}}\n"),
        "web/Chatwoot.tsx": ("window.chatwootSDK.run({\n"
                             f"  websiteToken: '{token}',\n  baseUrl: 'https://app.chatwoot.com',\n}})\n"),
        "web/payments.js": f"const client = new Payments({{\n  apiKey: '{other_key}',\n}})\n",
        "web/widget.js": f"sdk.run({{\n  sessionToken: '{other_token}',\n}})\n",
    }
    result, _ = run(tmp_path, "repo.secrets-tree", [Commit("init", files)])
    assert [(e.status, e.location) for e in result.evidence if e.status is Status.WARN] == [
        (Status.WARN, "web/payments.js:2"), (Status.WARN, "web/widget.js:2")]
    infos = [e for e in result.evidence if e.status is Status.PASS and e.message.startswith("info: ")]
    assert sorted(e.location for e in infos) == ["site/docusaurus.config.js:5", "web/Chatwoot.tsx:2"]
    assert "2 public-by-design key(s) listed as info" in result.summary


# Round 3 (AgentGPT): a Node CLI under cli/src/ is no browser code, and a settings page that checks the key the
# user typed in sends the user's own key — beside the same calls where they do ship a key of the product's.
_CLI_CALL = ("import fetch from 'node-fetch'\nexport async function validate(apikey) {\n"
             "  const r = await fetch('https://api.openai.com/v1/models', {\n"
             "    headers: { Authorization: `Bearer ${apikey}` },\n  })\n  return r.ok\n}\n")


def test_a_cli_package_is_not_browser_code_but_the_same_call_in_a_browser_package_is(tmp_path: Path) -> None:
    cli = '{"name": "x-cli", "bin": {"x": "src/index.js"}, "dependencies": {"inquirer": "^9", "node-fetch": "^3"}}'
    web = '{"name": "x-web", "dependencies": {"react": "^18", "vite": "^5"}}'
    files = {"cli/package.json": cli, "cli/src/questions.js": _CLI_CALL,
             "web/package.json": web, "web/src/questions.js": _CLI_CALL.replace("${apikey}", "${API_KEY}")}
    result, _ = run(tmp_path, "repo.secrets-client", [Commit("init", files)])
    assert [(e.status, e.location) for e in result.evidence] == [(Status.FAIL, "web/src/questions.js:3:26")]
    assert result.evidence[0].message.startswith("browser code calls api.openai.com directly: the key it sends is "
                                                 "visible to every visitor")


@pytest.mark.parametrize(("key", "status", "words"), [
    ("settings.customApiKey", Status.PASS,
     "info: browser code calls api.openai.com with the user's own key (settings.customApiKey): bring-your-own-key"),
    ("import.meta.env.VITE_KEY", Status.FAIL,
     "browser code calls api.openai.com directly: the key it sends is visible to every visitor"),
    ("session.key", Status.WARN,
     "browser code calls api.openai.com directly with the key in session.key: undetermined — if it is the user's "
     "own key (bring-your-own-key) nothing of yours ships; if your server hands it out, every visitor can read it"),
])
def test_a_browser_call_is_judged_by_the_key_it_sends(tmp_path: Path, key: str, status: Status, words: str) -> None:
    page = ("export default function Settings({ settings, session }) {\n  const check = async () => {\n"
            "    await axios.get('https://api.openai.com/v1/engines', {\n"
            f"      headers: {{ Authorization: `Bearer ${{{key}}}` }},\n    }})\n  }}\n  return null\n}}\n")
    files = {"package.json": '{"dependencies": {"next": "14"}}', "src/pages/settings.tsx": page}
    result, _ = run(tmp_path, "repo.secrets-client", [Commit("init", files)])
    assert [(e.status, e.location) for e in result.evidence] == [(status, "src/pages/settings.tsx:3:22")]
    assert result.evidence[0].message.startswith(words)
    assert result.status is status


def test_a_keyword_inside_another_word_and_a_model_id_are_no_secret_beside_real_ones(tmp_path: Path) -> None:
    """Quivr's LLM config: `tokenizer_hub="Quivr/gpt-3.5-turbo"` ("token" runs on into "tokenizer"; the value is a
    Hugging Face repo id). A random value under a secret-named word, and a slash-bearing random value under a
    tokenizer name, are still reported."""
    warned, failed = expand("{A:20}", RNG), expand("{A:40}", RNG)
    config = ('LLMConfig(max_context_tokens=16385, tokenizer_hub="Quivr/gpt-3.5-turbo")\n'
              'HF_TOKENIZER = "meta-llama/Llama-2-7b-chat-hf"\n'
              f'NGROK_AUTHTOKEN = "{warned}"\n'
              f'hub_token = "Quivr/{failed}"\n')
    result, _ = run(tmp_path, "repo.secrets-tree", [Commit("init", {"core/rag/config.py": config})])
    reported = {e.location: e.status for e in result.evidence if e.status in (Status.FAIL, Status.WARN)}
    assert reported == {"core/rag/config.py:3": Status.WARN, "core/rag/config.py:4": Status.WARN}


_DEFAULTS = 'API_KEY = "meow"\nJWT_SECRET = "meow_jwt"\nOPENAI_API_KEY = "none"\n'
_AUTH = ("import jwt\nfrom app import config\n\n"
         "def check(key, token):\n"
         "    if key == config.API_KEY:\n        return 'admin'\n"
         "    return jwt.decode(token, config.JWT_SECRET, algorithms=['HS256'])\n")
_LLM = "from app import config\nclient = OpenAI(api_key=config.OPENAI_API_KEY)\n"


def test_a_known_default_credential_the_code_authenticates_with_warns_unless_startup_refuses_it(
        tmp_path: Path) -> None:
    """Cheshire Cat's `API_KEY = "meow"` / `JWT_SECRET = "meow_jwt"`: shipped defaults, compared with the caller's key
    and used as the JWT key, and nothing refuses to start with them. A provider key default sent outward is not
    one; a startup refusal of the default (or a `BaseSettings` field never used to authenticate) passes."""
    files = {"app/config/defaults.py": _DEFAULTS, "app/auth.py": _AUTH, "app/llm.py": _LLM}
    result, _ = run(tmp_path, "repo.secrets-tree", [Commit("init", files)])
    warned = {e.location: e.message for e in result.evidence if e.status is Status.WARN}
    assert set(warned) == {"app/config/defaults.py:1", "app/config/defaults.py:2"}
    assert warned["app/config/defaults.py:1"].startswith("API_KEY ships a built-in default (4 characters) that the "
                                                         "code uses to authenticate (app/auth.py:5)")
    assert "(app/auth.py:7)" in warned["app/config/defaults.py:2"] and "meow" not in repr(result)
    refusal = ("from app import config\n\nif config.API_KEY == 'meow' or config.JWT_SECRET == 'meow_jwt':\n"
               "    raise SystemExit('set API_KEY and JWT_SECRET')\n")
    settings = ("from pydantic_settings import BaseSettings\n\nclass Settings(BaseSettings):\n"
                "    admin_password: str = 'admin'\n    support_email_password: str = 'hunter22'\n")
    login = "def login(pw, settings):\n    return pw == settings.admin_password\n"
    result, _ = run(tmp_path / "b", "repo.secrets-tree", [Commit("init", {
        **files, "app/startup.py": refusal, "app/settings_model.py": settings, "app/login.py": login})])
    assert [(e.status, e.location) for e in result.evidence if e.status is Status.WARN] == [
        (Status.WARN, "app/settings_model.py:4")]


def test_an_environment_reads_fallback_is_the_default_credential(tmp_path: Path) -> None:
    """rag-web-ui: `SECRET_KEY: str = os.getenv("SECRET_KEY", "your-secret-key-here")`, the key of every login
    token (`jwt.encode(…, settings.SECRET_KEY, …)`): a deployment that sets nothing signs with a value the source
    shows. A read without a fallback, or with an empty one, ships nothing."""
    config = ("import os\nfrom pydantic_settings import BaseSettings\n\nclass Settings(BaseSettings):\n"
              "    SECRET_KEY: str = os.getenv('SECRET_KEY', 'your-secret-key-here')\n"
              "    ADMIN_PASSWORD: str = os.getenv('ADMIN_PASSWORD')\n    API_KEY: str = os.environ.get('API_KEY', '')\n\n"
              "settings = Settings()\n")
    security = ("import jwt\nfrom app.core.config import settings\n\ndef token_for(user):\n"
                "    return jwt.encode({'sub': user}, settings.SECRET_KEY, algorithm='HS256')\n\n"
                "def admin(pw, key):\n    return pw == settings.ADMIN_PASSWORD or key == settings.API_KEY\n")
    result, _ = run(tmp_path, "repo.secrets-tree", [Commit("init", {"backend/app/core/config.py": config,
                                                                   "backend/app/core/security.py": security})])
    warned = {e.location: e.message for e in result.evidence if e.status is Status.WARN}
    assert list(warned) == ["backend/app/core/config.py:5"]
    assert warned["backend/app/core/config.py:5"].startswith("SECRET_KEY ships a built-in default")
    assert "(backend/app/core/security.py:5)" in warned["backend/app/core/config.py:5"]
    assert "your-secret-key-here" not in repr(result)


def test_a_vendored_or_built_bundle_skips_the_generic_tier_but_not_the_provider_rules(tmp_path: Path) -> None:
    """Monaco under public/vs, a `/*!`-bannered or one-long-line bundle, a committed venv: third-party or
    machine-written code, where "token = <random>" is a tokenizer, not a credential. The same line in the
    product's own hand-written code still warns, and a provider key in a bundle is still found."""
    from tests.checks.repo.fixtures_secrets import OPENAI_KEY
    def line() -> str:  # a new value each time: one value in several files would be one finding
        return f'const cfg = {{ auth_key: "{expand("{A:28}", RNG)}" }};\n'
    result, _ = run(tmp_path, "repo.secrets-tree", [Commit("init", {
        "public/vs/editor/editor.main.js": line(),
        "static/swagger-ui-bundle.js": line(),
        "static/vendor/grammar.js": "/*! licence banner kept by the minifier */\n" + line(),
        "static/vendor/long.js": "var a=" + "1," * 700 + "2;" + line(),
        "venv/lib/python3.12/site-packages/pkg/conf.py": f"api_key = '{expand('{A:28}', RNG)}'\n",
        "static/vendor/provider.js": f"/*! banner */\nconst k = '{OPENAI_KEY}';\n",
        "src/own.js": line(),
        "src/own_long.py": "BANNER = '" + "=" * 1200 + "'\napi_key = 'Wk8yTm5xUnBhLWd2LTkzcWM4Ng'\n"})])
    assert sorted((e.location, e.status) for e in result.evidence if e.status in (Status.FAIL, Status.WARN)) == [
        ("src/own.js:1", Status.WARN), ("src/own_long.py:2", Status.WARN), ("static/vendor/provider.js:2", Status.FAIL)]


def test_an_sk_key_without_openais_marker_is_an_unknown_issuers_warn_naming_a_loopback_gateway(
        tmp_path: Path) -> None:
    """Langchain-Chatchat's history: one-api relay tokens (`sk-` + 48, no `T3BlbkFJ`) beside
    `api_base_url: http://127.0.0.1:3000/v1`. Every OpenAI legacy key carries the marker; without it the issuer is
    unknown: a warn, not "OpenAI API key". A marked key in the same history still fails as OpenAI's."""
    relay, remote = expand("sk-{A:48}", RNG), expand("sk-{A:48}", RNG)
    openai = expand("sk-{A:20}T3BlbkFJ{A:20}", RNG)
    result, (first, _) = run(tmp_path, "repo.secrets-history", [
        Commit("add", {"configs/model_config.py": (
            f'MODELS = {{"local": {{"api_base_url": "http://127.0.0.1:3000/v1", "api_key": "{relay}"}}}}\n'
            + "# another platform, its own entry\n" * 12 + 'OTHER = {"api_base_url": "http://127.0.0.1:9997/v1"}\n'),
            "configs/remote.py": f'API_KEY = "{remote}"\n' + "# the next platform's entry\n" * 12
            + 'XINFERENCE = {"api_base_url": "http://127.0.0.1:9997/v1"}\n', "configs/openai.py": f'KEY = "{openai}"\n'}),
        Commit("clean", {"configs/model_config.py": "MODELS = {}\n", "configs/remote.py": None,
                         "configs/openai.py": None})])
    by_file = {e.location.split(":", 1)[1]: e for e in result.evidence if e.status in (Status.FAIL, Status.WARN)}
    local, far, marked = by_file["configs/model_config.py"], by_file["configs/remote.py"], by_file["configs/openai.py"]
    assert (local.status, far.status, marked.status) == (Status.WARN, Status.WARN, Status.FAIL)
    assert "issuer unknown" in local.message and "OpenAI API key" not in local.message
    assert "loopback base URL is beside it (http://127.0.0.1:3000/v1)" in local.message
    assert "loopback" not in far.message, "another entry's base URL 12 lines below is not this key's" and "OpenAI API key (legacy format)" in marked.message
    assert local.location.startswith(first[:12]) or local.location.startswith(first[:10])
    assert relay not in repr(result) and openai not in repr(result)


def test_a_database_url_written_in_words_of_another_language_is_a_template(tmp_path: Path) -> None:
    """Langchain-Chatchat's docs: `mysql+pymysql://用户名:密码@主机地址/数据库名称` ("user:password@host/db") is a
    template in Chinese, not a credential. A real password for a real host beside a non-ASCII user name still fails,
    and so does a real password for a compose-style host with no dot."""
    real, compose = expand("{A:20}", RNG), expand("{A:18}", RNG)
    result, _ = run(tmp_path, "repo.secrets-tree", [Commit("init", {
        "docs/install/README_text2sql.md": "SQLALCHEMY_DATABASE_URI = mysql+pymysql://用户名:密码@主机地址/数据库名称\n",
        "docs/zh.md": "URI = mysql+pymysql://用户:口令@db.example.cn/数据库\n",
        "app/db.py": f"URI = 'mysql+pymysql://应用:{real}@db.example.cn:3306/app'\n",
        "deploy/settings.py": f"URI = 'postgresql://app:{compose}@pgvector/app'\n"})])
    assert sorted((e.location, e.status) for e in result.evidence if e.status in (Status.FAIL, Status.WARN)) == [
        ("app/db.py:1", Status.FAIL), ("deploy/settings.py:1", Status.FAIL)]


def test_a_sample_token_inside_a_committed_virtualenv_is_counted_not_listed_but_a_provider_key_there_is(
        tmp_path: Path) -> None:
    """openai-chat-app-quickstart committed its venv: PyJWT's METADATA holds the README's example HS256 token. A
    bare JWT in third-party package code is a look-alike (counted); the same JWT in the product's code is listed, a
    provider-format key in a package's code is listed as a warning naming the package (not sure to be the project's:
    open-interpreter's venv), and one exported in the venv's own `bin/activate` — the developer's — still fails."""
    from tests.checks.repo.fixtures_secrets import OPENAI_KEY
    token, own = expand("{jwt:user}", RNG), expand("{jwt:user}", RNG)
    exported = expand("sk-proj-{A:58}T3BlbkFJ{A:58}", RNG)
    result, _ = run(tmp_path, "repo.secrets-history", [
        Commit("add", {"venv/lib/python3.12/site-packages/PyJWT-2.9.0.dist-info/METADATA": f"    {token}\n",
                       "venv/lib/python3.12/site-packages/pkg/conf.py": f"KEY = '{OPENAI_KEY}'\n",
                       "venv/bin/activate": f"export OPENAI_API_KEY={exported}\n",
                       "app/auth.py": f"SAMPLE = '{own}'\n"}),
        Commit("drop venv", {"venv/lib/python3.12/site-packages/PyJWT-2.9.0.dist-info/METADATA": None,
                             "venv/lib/python3.12/site-packages/pkg/conf.py": None, "venv/bin/activate": None,
                             "app/auth.py": None})])
    listed = sorted((e.location.split(":", 1)[-1], e.status) for e in result.evidence
                    if e.status in (Status.FAIL, Status.WARN))
    assert listed == [("app/auth.py", Status.WARN), ("venv/bin/activate", Status.FAIL),
                      ("venv/lib/python3.12/site-packages/pkg/conf.py", Status.WARN)]
    vendored = next(e for e in result.evidence if e.location.endswith("pkg/conf.py"))
    assert "in the files of the third-party package site-packages/pkg committed with the project" in vendored.message
    assert "line 1" in vendored.detail
    # METADATA holds PyJWT's README: its token is the package's documentation sample, counted as such
    assert "1 sample key(s) in third-party packages' documentation or tests" in result.summary
