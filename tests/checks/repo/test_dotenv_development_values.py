"""repo.dotenv-committed: a committed ``.env`` whose only credential is a generic high-entropy value the author's
comment declares a development one (``# A dev Auth Secret.  Can be exposed if we never use this publicly.``) is a
warning asking to confirm production sets its own, not a blocking leak. A provider key's shape is never excused by
a comment, and the same value without the comment still fails."""

from __future__ import annotations

import random
from pathlib import Path

from launchready.engines.secrets.samples import expand
from launchready.lab.gitrepo import Commit
from launchready.model import Status
from tests.checks.repo.helpers import run_check

ID = "repo.dotenv-committed"
_SECRET = expand("{A:32}", random.Random("dev-auth-secret")) + "="
_ENV = ("DATABASE_URL=postgres://postgres:postgres@localhost:5433/web\nFASTAPI_URL=http://localhost:8080\n\n"
        "{comment}NEXTAUTH_SECRET={value}\n\nEMAIL_SERVER_HOST=localhost\n")


def _status(tmp_path: Path, comment: str, value: str = _SECRET) -> tuple[Status, str]:
    result, _ = run_check(tmp_path, ID, [Commit("add", {"website/.env": _ENV.format(comment=comment, value=value),
                                                       "website/package.json": "{}"})])
    [finding] = [e for e in result.evidence if e.location.endswith("website/.env")]
    return finding.status, finding.message


def test_a_value_the_comment_declares_a_development_one_warns(tmp_path: Path) -> None:
    status, message = _status(tmp_path / "dev", "# A dev Auth Secret.  Can be exposed if we never use this publicly.\n")
    assert status is Status.WARN, message
    assert "declares a development value" in message and "line 5" in message, message


def test_the_same_value_without_the_comment_fails(tmp_path: Path) -> None:
    status, message = _status(tmp_path / "bare", "")
    assert status is Status.FAIL, message


def test_a_provider_key_is_not_excused_by_a_comment(tmp_path: Path) -> None:
    key = "sk-proj-" + expand("{A:48}", random.Random("dev-openai"))
    status, message = _status(tmp_path / "openai", "# dev key, never used in production\n", key)
    assert status is Status.FAIL, message
