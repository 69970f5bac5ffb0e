from __future__ import annotations

from pathlib import Path

from launchready.checks.repo.dotenv_committed import is_dotenv
from launchready.lab.gitrepo import Commit
from launchready.model import Status
from tests.checks.repo.helpers import locations, run_check
from tests.fixtures import GITIGNORE

ID = "repo.dotenv-committed"


def test_deleted_env_names_the_commit_that_added_it_and_the_one_that_removed_it(tmp_path: Path) -> None:
    result, (added, removed) = run_check(tmp_path, ID, [
        Commit("add", {".env": "STRIPE_SECRET_KEY=sk_live_x\n", "app.py": "x = 1\n"}, date="2026-02-01T00:00:00+00:00"),
        Commit("remove", {".env": None, ".gitignore": GITIGNORE}, date="2026-02-08T00:00:00+00:00"),
    ])
    assert result.status is Status.FAIL
    [finding] = result.evidence
    assert finding.location == f"{added[:10]}:.env"
    assert added[:10] in finding.message and removed[:10] in finding.message
    assert "history only" in finding.message and "2026-02-01" in finding.message
    assert removed in finding.detail


def test_env_tracked_now_in_a_subdirectory_fails(tmp_path: Path) -> None:
    result, (first,) = run_check(tmp_path, ID, [
        Commit("add", {"backend/.env.production": "DATABASE_URL=postgres://u:p@h/db\n", ".gitignore": GITIGNORE}),
    ])
    assert result.status is Status.FAIL
    assert locations(result, "fail") == [f"{first[:10]}:backend/.env.production"]
    assert "tracked in the current tree" in result.evidence[0].message


def test_template_files_pass_and_gitignore_is_checked(tmp_path: Path) -> None:
    result, _ = run_check(tmp_path, ID, [Commit("add", {".env.example": "KEY=\n", "README.md": "hi\n"})])
    assert result.status is Status.WARN
    assert locations(result) == [".gitignore"]


def test_clean_repository_passes(tmp_path: Path) -> None:
    result, _ = run_check(tmp_path, ID, [Commit("add", {".env.example": "KEY=\n", ".gitignore": GITIGNORE})])
    assert result.status is Status.PASS, result.evidence


def test_env_committed_on_another_branch_is_found(tmp_path: Path) -> None:
    result, ids = run_check(tmp_path, ID, [
        Commit("main", {"app.py": "x = 1\n", ".gitignore": GITIGNORE}),
        Commit("feature", {"config/.env": "A=1\n"}, branch="feature"),
        Commit("back", {"b.py": "y = 2\n"}, branch="main"),
    ])
    assert f"{ids[1][:10]}:config/.env" in locations(result, "fail")


def test_excluded_paths_are_not_read(tmp_path: Path) -> None:
    result, _ = run_check(
        tmp_path, ID,
        [Commit("add", {"examples/demo/.env": "A=1\n", ".gitignore": GITIGNORE})],
        exclude=[{"paths": ["examples/**"], "reason": "example products scanned by their own tests"}],
    )
    assert result.status is Status.PASS


def test_names_that_are_and_are_not_dotenv_files() -> None:
    assert all(is_dotenv(p) for p in (".env", "a/.env.local", "prod.env", ".envrc", ".env.production"))
    assert not any(is_dotenv(p) for p in (".env.example", ".env.sample", "env.py", ".environment", "docs/.env.template"))
