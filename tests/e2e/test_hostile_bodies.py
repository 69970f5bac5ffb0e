"""A scan stays within its budgets whatever text the server answers: redaction is linear and bounded."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from launchready.lab.examples import checkout_root
from launchready.lab.server import serve_app
from tests.cli import launchready


@pytest.mark.parametrize(("unit", "size"), [("A", 100_000), ("a1", 1_000_000), ("key", 300_000)])
def test_a_health_body_of_one_long_run_is_scanned_within_the_check_timeout(tmp_path: Path, unit: str,
                                                                           size: int) -> None:
    env = {"HOSTILE_BODY": unit, "HOSTILE_BODY_BYTES": str(size)}
    with serve_app("tests.e2e.apps_hostile_body:app", env=env, cwd=checkout_root(), health_path="/ready") as url:
        (tmp_path / "launchready.toml").write_text(f'url = "{url}"\ncheck-timeout = 5\n')
        started = time.monotonic()
        # In a subprocess with a hard timeout: the old regexes held the GIL, so nothing in-process could stop them.
        run = launchready("scan", str(tmp_path), "--only", "api.health", "--format", "json", timeout=60)
        elapsed = time.monotonic() - started
    assert run.code in (0, 1), run.err
    (result,) = json.loads(run.out)["results"]
    # 200 fast, a body of plain letters: nothing credential-shaped, nothing cut that counts as a secret.
    assert result["status"] == "pass", result
    assert elapsed < 30
