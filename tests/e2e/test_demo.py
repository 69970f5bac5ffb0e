"""`launchready demo` (what `make demo` runs) on a fresh machine: scorecard, verdict, exit 1."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.cli import launchready


def test_demo_prints_not_ready_names_the_env_commits_and_exits_1(tmp_path: Path) -> None:
    run = launchready("demo", "--output", str(tmp_path / "out"), cwd=tmp_path)
    assert run.code == 1, run.err
    assert "prototype with production risk" in run.out
    added, removed = re.search(r"\.env was committed in ([0-9a-f]{10}) .*?removed in ([0-9a-f]{10})", run.out, re.S).groups()  # type: ignore[union-attr]
    data = json.loads((tmp_path / "out" / "launchready.json").read_text())
    [env] = [e for r in data["results"] if r["id"] == "repo.dotenv-committed" for e in r["evidence"]
             if e["status"] == "fail"]
    assert env["location"] == f"{added}:.env" and removed in env["detail"]
    assert data["verdict"]["label"] == "prototype with production risk"
    assert {"repo.dotenv-committed", "repo.cors-config"} <= set(data["verdict"]["blocking_failures"])
    assert (tmp_path / "out" / "launchready.md").read_text().startswith("# launchready scorecard — prototype")
