"""Secrets shapes first met in held-out round 13, each with the case that must still fail."""

from __future__ import annotations

import random
from pathlib import Path

from launchready.engines.secrets.samples import expand
from launchready.lab.gitrepo import Commit
from launchready.model import Result, Status
from tests.checks.repo.test_secrets_checks import run

RNG = random.Random("round-13-shapes")


def listed(result: Result) -> list[tuple[str, Status]]:
    return sorted((e.location, e.status) for e in result.evidence if e.status in (Status.FAIL, Status.WARN))


def _workflow(url: str) -> str:
    return ("name: test\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n"
            f"      - run: docker run -e POSTGRES_URL=\"{url}\" app pytest\n")


def test_a_ci_jobs_own_database_url_is_info_and_a_remote_one_fails(tmp_path: Path) -> None:
    """TaskingAI's workflows pass `postgres://postgres:TaskingAI321@db:5432/taskingai` to the tests: the job's own
    database container. A URL to a remote host in a workflow still fails, in the tree and in history."""
    real = expand("{A:20}", RNG)
    for check in ("repo.secrets-tree", "repo.secrets-history"):
        result, (first,) = run(tmp_path / check, check, [Commit("init", {
            ".github/workflows/test-backend.yml": _workflow("postgres://postgres:TaskingAI321@db:5432/taskingai"),
            ".github/workflows/deploy.yml": _workflow(f"postgres://app:{real}@db.acme-prod.io:5432/app")})])
        where = "" if check == "repo.secrets-tree" else f"{first[:12]}:"
        line = ":7" if check == "repo.secrets-tree" else ""
        assert listed(result) == [(f"{where}.github/workflows/deploy.yml{line}", Status.FAIL)]
        info = {e.location: e.message for e in result.evidence if e.message.startswith("info: ")}
        assert "in a CI workflow, for the job's own database service (db): a throwaway container" in info[
            f"{where}.github/workflows/test-backend.yml{line}"]
