"""The command line as a user meets it: exit codes, one-line errors, and the reports it prints."""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from launchready.lab.gitrepo import Commit, build_repo
from tests.checks.ops.fixtures import APP, DEPLOY, GOOD_RUNBOOK, MONITORS
from tests.checks.repo.fixtures_secrets import OPENAI_KEY
from tests.cli import launchready
from tests.fixtures import GITIGNORE

SCHEMA = json.loads(resources.files("launchready.report").joinpath("scorecard.schema.json").read_text())


def clean_repo(root: Path) -> Path:
    """A small product that passes every repo and ops check: code, a runbook, monitors, a deploy workflow."""
    build_repo(root, [Commit("init", {
        "app.py": APP, ".gitignore": GITIGNORE, "RUNBOOK.md": GOOD_RUNBOOK,
        "monitoring/alerts.rules.yml": MONITORS, ".github/workflows/deploy.yml": DEPLOY,
    })])
    return root


def assert_one_clear_line(stderr: str, *words: str) -> None:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("launchready: error: "), stderr
    assert "Traceback" not in stderr
    for word in words:
        assert word in lines[0], lines[0]


def test_clean_repository_json_exits_0_and_validates(tmp_path: Path) -> None:
    repo = clean_repo(tmp_path / "clean")
    run = launchready("scan", str(repo), "--format", "json")
    assert run.code == 0, run.err
    data = json.loads(run.out)
    jsonschema.validate(data, SCHEMA)
    assert data["verdict"]["label"] == "launch-ready for: repo, ops; not scanned: api, ai, domain"
    statuses = {r["id"]: r["status"] for r in data["results"]}
    assert statuses["repo.dotenv-committed"] == "pass" and statuses["ops.runbook"] == "pass"
    assert {s for i, s in statuses.items() if i.startswith(("repo.", "ops."))} <= {"pass", "skip"}


def test_misspelt_config_key_exits_2_with_file_line_and_suggestion(tmp_path: Path) -> None:
    repo = clean_repo(tmp_path / "r")
    (repo / "launchready.toml").write_text('profile = "handover"\nfromat = ["json"]\n')
    run = launchready("scan", str(repo))
    assert run.code == 2
    assert_one_clear_line(run.err, "launchready.toml:2", "unknown key 'fromat'", "did you mean 'format'?")


def test_missing_path_exits_2_with_one_line(tmp_path: Path) -> None:
    run = launchready("scan", str(tmp_path / "nowhere"))
    assert run.code == 2
    assert_one_clear_line(run.err, "path does not exist")


def test_directory_that_is_not_a_git_repository_exits_2(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "app.py").write_text("x = 1\n")
    run = launchready("scan", str(plain))
    assert run.code == 2
    assert_one_clear_line(run.err, "not a git repository")


@pytest.mark.parametrize("damage", ["head", "objects"])
def test_corrupt_git_directory_exits_2(tmp_path: Path, damage: str) -> None:
    repo = clean_repo(tmp_path / "r")
    if damage == "head":
        (repo / ".git" / "HEAD").write_text("garbage\n")
    else:
        shutil.rmtree(repo / ".git" / "objects")
        (repo / ".git" / "objects").mkdir()
    run = launchready("scan", str(repo))
    assert run.code == 2
    assert_one_clear_line(run.err)
    assert "corrupt git repository" in run.err or "not a git repository" in run.err


def test_unknown_check_id_exits_2_with_suggestion(tmp_path: Path) -> None:
    run = launchready("scan", str(clean_repo(tmp_path / "r")), "--only", "repo.dotenv-comitted")
    assert run.code == 2
    assert_one_clear_line(run.err, "no check with id 'repo.dotenv-comitted'", "did you mean 'repo.dotenv-committed'?")


def test_a_secret_pasted_as_a_flag_value_is_not_echoed_in_the_error(tmp_path: Path) -> None:
    key = "sk_" + "live_" + "51Hx9QeLkTn2vB7rWcYp8ZaD"
    run = launchready("scan", str(clean_repo(tmp_path / "r")), "--only", key)
    assert run.code == 2
    assert_one_clear_line(run.err, "no check with id 'sk_live_", "ZaD'")
    assert key not in run.err and key not in run.out


def test_unknown_option_exits_2_with_one_line_and_a_suggestion(tmp_path: Path) -> None:
    run = launchready("scan", "--no-such-flag")
    assert run.code == 2
    assert_one_clear_line(run.err, "no such option: --no-such-flag", "launchready scan -h")
    near = launchready("scan", "--profil", "handover")
    assert near.code == 2
    assert_one_clear_line(near.err, "no such option: --profil", "did you mean --profile?")
    assert "internal error" not in run.err + near.err


def test_failing_repo_exits_1_and_fail_on_warn_turns_a_warning_into_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    build_repo(bad, [Commit("init", {".env": f"OPENAI_API_KEY={OPENAI_KEY}\n"})])
    assert launchready("scan", str(bad), "-q").code == 1
    warn_only = clean_repo(tmp_path / "warn")
    build_repo(warn_only, [Commit("drop the ignore", {".gitignore": "__pycache__/\n"})])  # .env not ignored: a warning
    assert launchready("scan", str(warn_only)).code == 0
    assert launchready("scan", str(warn_only), "--fail-on", "warn").code == 1


def test_reports_written_to_output_dir(tmp_path: Path) -> None:
    repo = clean_repo(tmp_path / "r")
    run = launchready("scan", str(repo), "--format", "json,markdown", "--output", str(tmp_path / "out"))
    assert run.code == 0, run.err
    jsonschema.validate(json.loads((tmp_path / "out" / "launchready.json").read_text()), SCHEMA)
    md = (tmp_path / "out" / "launchready.md").read_text()
    assert "| check | pass criteria | status | evidence | fix path |" in md
    assert "two formats" not in run.err


def test_several_machine_formats_without_output_is_a_usage_error(tmp_path: Path) -> None:
    run = launchready("scan", str(clean_repo(tmp_path / "r")), "--format", "json,markdown")
    assert run.code == 2
    assert_one_clear_line(run.err, "need --output")


def test_explain_prints_why_breaks_fix_and_references() -> None:
    run = launchready("explain", "repo.dotenv-committed")
    assert run.code == 0
    for heading in ("Pass criteria", "Why it matters", "What breaks if it fails", "Fix", "References"):
        assert heading in run.out
    assert "CWE-538" in run.out and "blocks in: handover, security-review" in run.out


def test_explain_unknown_id_exits_2() -> None:
    run = launchready("explain", "repo.nope")
    assert run.code == 2
    assert_one_clear_line(run.err, "no check with id 'repo.nope'")


def test_checks_json_lists_the_catalogue_with_blocking_profiles() -> None:
    run = launchready("checks", "--format", "json")
    rows = {r["id"]: r for r in json.loads(run.out)}
    assert rows["repo.cors-config"]["blocking_in"] == ["handover", "security-review"]
    assert rows["repo.debug-mode"]["blocking_in"] == ["security-review"]


def test_init_detects_the_product_and_never_overwrites(tmp_path: Path) -> None:
    build_repo(tmp_path, [Commit("init", {
        "requirements.txt": "fastapi>=0.110\nuvicorn\n", "web/dist/app.js": "console.log(1)\n",
        "api.py": 'from fastapi import FastAPI\napp = FastAPI()\n@app.post("/webhooks/stripe")\ndef hook(): ...\n',
    })])
    run = launchready("init", str(tmp_path))
    assert run.code == 0, run.err
    text = (tmp_path / "launchready.toml").read_text()
    assert "framework(s): FastAPI" in text and "OpenAPI: /openapi.json" in text
    assert "web/dist" in text and "/webhooks/stripe" in text
    again = launchready("init", str(tmp_path))
    assert again.code == 2
    assert_one_clear_line(again.err, "not overwriting", "--force")
    assert launchready("init", str(tmp_path), "--force").code == 0


def test_target_outside_loopback_is_refused_before_any_packet(tmp_path: Path) -> None:
    from launchready import scan
    from launchready.config import Config
    from launchready.errors import TargetError
    from launchready.model import Surface

    repo = clean_repo(tmp_path / "r")
    for url in ("https://api.example.com", "http://10.0.0.8:8000", "http://192.168.1.20"):
        with pytest.raises(TargetError, match="only loopback and declared staging hosts"):
            scan(Config(path=repo, url=url, only=(Surface.API.value,)))
    # The guard in conftest would have failed this test had a single packet been attempted.
    run = launchready("scan", str(repo), "--config", str(_write(tmp_path, 'url = "https://api.example.com"\n')))
    assert run.code == 2
    assert_one_clear_line(run.err, "refusing to probe api.example.com")


def _write(tmp: Path, text: str) -> Path:
    path = tmp / "lr.toml"
    path.write_text(text)
    return path
