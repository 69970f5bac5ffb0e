"""A baseline accepts today's findings; the next scan reports only what is new — and still lists the rest."""

from __future__ import annotations

import json
from pathlib import Path

from launchready.lab.gitrepo import Commit, build_repo
from tests.cli import launchready


def test_baseline_hides_known_findings_and_catches_new_ones(tmp_path: Path) -> None:
    root = tmp_path / "r"
    build_repo(root, [Commit("init", {"main.py": "app = FastAPI(debug=True)\n", ".gitignore": ".env\n"})])
    first = launchready("scan", str(root), "--profile", "security-review", "--only", "repo.debug-mode", "--format", "json",
                        "--output", str(tmp_path / "r1"))
    assert first.code == 1
    made = launchready("baseline", "--report", str(tmp_path / "r1" / "launchready.json"),
                       "--output", str(tmp_path / "baseline.json"), "--reason", "accepted at launch review SEC-12")
    assert made.code == 0, made.err
    data = json.loads((tmp_path / "baseline.json").read_text())
    assert [(f["check"], f["location"]) for f in data["findings"]] == [("repo.debug-mode", "main.py:1")]

    again = launchready("scan", str(root), "--profile", "security-review", "--only", "repo.debug-mode", "--format", "json",
                        "--baseline", str(tmp_path / "baseline.json"))
    assert again.code == 0, again.out
    result = next(r for r in json.loads(again.out)["results"] if r["id"] == "repo.debug-mode")
    assert result["status"] == "pass" and result["evidence"] == []
    assert result["suppressed"][0]["reason"] == "accepted at launch review SEC-12"
    assert result["suppressed"][0]["source"] == "baseline baseline.json"

    build_repo(root, [Commit("more", {"admin.py": "admin = Flask(__name__)\nadmin.run(debug=True)\n"})])
    new = launchready("scan", str(root), "--profile", "security-review", "--only", "repo.debug-mode", "--format", "json",
                      "--baseline", str(tmp_path / "baseline.json"))
    assert new.code == 1
    result = next(r for r in json.loads(new.out)["results"] if r["id"] == "repo.debug-mode")
    assert [e["location"] for e in result["evidence"]] == ["admin.py:2"]


def test_baseline_needs_a_reason_and_a_real_file(tmp_path: Path) -> None:
    run = launchready("baseline", "--report", str(tmp_path / "nope.json"), "--output", str(tmp_path / "b.json"))
    assert run.code == 2 and "needs a reason" in run.err
    (tmp_path / "bad.json").write_text('{"format": "something-else"}')
    root = tmp_path / "r"
    build_repo(root, [Commit("init", {"a.py": "x = 1\n"})])
    scan = launchready("scan", str(root), "--baseline", str(tmp_path / "bad.json"))
    assert scan.code == 2 and "is not a launchready baseline" in scan.err


def test_runbook_masks_a_secret_left_unmasked_in_an_older_report() -> None:
    from launchready.handover import render_runbook

    key = "sk-proj-" + "R" * 40
    report = {"schema_version": "1.0", "verdict": {"label": "x"}, "plan": [], "results": [
        {"id": "repo.secrets-history", "evidence": [
            {"status": "fail", "location": f"abc123:.env OPENAI_API_KEY={key}", "message": f"key {key}"}]}]}
    text = render_runbook(report, {})
    assert key not in text and "Rotate now" in text
