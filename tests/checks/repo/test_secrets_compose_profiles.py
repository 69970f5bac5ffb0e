"""secrets-tree: a generic secret-named value in a compose service that only runs under a CI, test or development
profile (``profiles: ["ci"]``) is that stack's own setting — a warning asking that production set its own, not a
blocking leak. The same service without the profile, or a provider key's shape, still fails."""

from __future__ import annotations

import random
from pathlib import Path

from launchready.checks.repo import secrets_tree
from launchready.engines.secrets.samples import expand
from launchready.model import Status
from tests.checks.repo.static_helpers import run_static

_SECRET = expand("{A:43}", random.Random("compose-profile")) + "="
_COMPOSE = (
    "services:\n  db:\n    image: postgres\n    environment:\n      - POSTGRES_PASSWORD=postgres\n\n"
    "  web:\n    image: oasst-web\n    environment:\n      - DATABASE_URL=postgres://postgres:postgres@db/web\n"
    "      - NEXTAUTH_SECRET={value}\n    ports:\n      - \"3000:3000\"\n{profiles}\n"
    "  backend:\n    image: oasst-backend\n")


def _row(tmp_path: Path, profiles: str, value: str = _SECRET) -> tuple[Status, str]:
    result = run_static(tmp_path, secrets_tree.CHECK, {
        "docker-compose.yaml": _COMPOSE.format(value=value, profiles=profiles)})
    [row] = [e for e in result.evidence if e.location == "docker-compose.yaml:11"]
    return row.status, row.message


def test_a_value_of_a_service_only_the_ci_profile_runs_warns(tmp_path: Path) -> None:
    status, message = _row(tmp_path / "ci", '    profiles: ["ci"]')
    assert status is Status.WARN and "the compose service web runs only under the profile ci" in message, message
    listed = _row(tmp_path / "listed", "    profiles:\n      - ci\n      - dev")
    assert listed[0] is Status.WARN, listed


def test_the_same_value_in_a_service_every_up_runs_or_a_production_profile_fails(tmp_path: Path) -> None:
    assert _row(tmp_path / "none", "")[0] is Status.FAIL
    assert _row(tmp_path / "prod", '    profiles: ["ci", "prod"]')[0] is Status.FAIL


def test_a_provider_key_in_a_ci_service_still_fails(tmp_path: Path) -> None:
    key = "sk-proj-" + expand("{A:48}", random.Random("compose-openai"))
    status, message = _row(tmp_path / "openai", '    profiles: ["ci"]', key)
    assert status is Status.FAIL, message
