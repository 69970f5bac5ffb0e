"""`launchready demo` (what `make demo` runs), as a user runs it: both products, verdicts, reports,
progress on the terminal, exit 0 when it showed what it promises, and no process left behind — also
after Ctrl-C."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from launchready.report import FILE_NAMES
from tests.browser import installed_chromium, measure_first_screen, on_first_screen
from tests.cli import launchready
from tests.e2e.pty_run import launchready_on_a_tty


def example_servers(marker: str) -> list[int]:
    """PIDs of processes whose environment mentions ``marker`` (the demo's private temp dir)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            environ = (proc / "environ").read_bytes()
            cmdline = (proc / "cmdline").read_bytes()
        except OSError:
            continue
        if marker.encode() in environ and b"uvicorn" in cmdline:
            found.append(int(proc.name))
    return found


@pytest.mark.timeout(600)
def test_demo_scans_both_products_writes_reports_and_leaves_nothing_running(tmp_path: Path) -> None:
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    # stderr on a terminal (where the progress goes), stdout piped (where the scorecards go).
    run = launchready_on_a_tty("demo", "--output", str(tmp_path / "out"), env={"TMPDIR": str(private_tmp)},
                               timeout=560)
    assert run.code == 0, run.tty
    out = run.out
    assert "prototype with production risk" in out
    # The progress was on the terminal: per surface, with requests, and never on the piped stdout.
    assert "api     " in run.tty and "requests" in run.tty and "reading the repository" in run.tty
    assert "\x1b[?25l" not in out and "reading the repository" not in out
    # Its last lines are the two verdicts side by side, and it says the promise was kept.
    lines = [line for line in out.splitlines() if line.strip()]
    title = max(i for i, line in enumerate(lines) if "launchready demo: the same product, twice" in line)
    table = lines[title + 1:]
    assert "chatbot_vulnerable" in table[1] and "chatbot_hardened" in table[1]
    [verdicts] = [line for line in table if line.strip("│ ").startswith("verdict")]
    assert verdicts.index("prototype with production risk") < verdicts.index("launch-ready")
    assert "as promised: the vulnerable product is not ready, the hardened one is" in lines[-1]
    assert not [line for line in table if "Error" in line]
    added, removed = re.search(r"\.env was committed in ([0-9a-f]{10}) .*?removed in ([0-9a-f]{10})", out, re.S).groups()  # type: ignore[union-attr]
    vulnerable = json.loads((tmp_path / "out" / "vulnerable" / "launchready.json").read_text())
    hardened = json.loads((tmp_path / "out" / "hardened" / "launchready.json").read_text())
    [env_finding] = [e for r in vulnerable["results"] if r["id"] == "repo.dotenv-committed"
                     for e in r["evidence"] if e["status"] == "fail" and e["location"].endswith(":.env")]
    assert env_finding["location"] == f"{added}:.env" and removed in env_finding["detail"]
    assert vulnerable["verdict"]["label"] == "prototype with production risk"
    if installed_chromium():  # else tests/test_html_report.py says it skipped the browser, with the reason
        (tmp_path / "browser").mkdir()
        first_screen_holds_verdict_counts_and_plan(tmp_path / "out" / "vulnerable" / "launchready.html", vulnerable,
                                                   tmp_path / "browser")
    assert hardened["verdict"]["ready"] is True, hardened["verdict"]
    assert hardened["verdict"]["blocking_failures"] == []
    assert not [r for r in hardened["results"] if r["status"] in {"fail", "error"}], "hardened must pass every check"
    for name in ("vulnerable", "hardened"):
        assert {p.name for p in (tmp_path / "out" / name).iterdir()} == set(FILE_NAMES.values())
    assert hardened["verdict"]["label"] == "launch-ready"  # every surface scanned, nothing blocking
    assert "launchready demo: the same product, twice" in out
    assert example_servers(str(private_tmp)) == []
    assert list(private_tmp.iterdir()) == [], "temporary repositories are removed"


def first_screen_holds_verdict_counts_and_plan(page: Path, report: dict[str, Any], scratch: Path) -> None:
    """The vulnerable product's HTML report, in a 1300×900 Chromium window: verdict, counts, plan on screen."""
    seen = measure_first_screen(page.read_text(encoding="utf-8"), scratch)
    assert seen["window"] == [1300, 900] and seen["violations"] == []
    assert seen["verdict"]["text"] == "prototype with production risk" and on_first_screen(seen["verdict"], seen)
    statuses = [r["status"] for r in report["results"]]
    assert [c["text"] for c in seen["counts"]] == [f"{statuses.count(s)}{s}" for s in
                                                   ("pass", "fail", "warn", "skip", "error")]
    assert all(on_first_screen(c, seen) for c in seen["counts"]), seen["counts"]
    first = report["plan"][0]
    assert first["check_id"] in seen["plan_steps"][0]["text"] and on_first_screen(seen["plan_steps"][0], seen)
    assert all(on_first_screen(step, seen) for step in seen["plan_steps"][:3]), seen["plan_steps"][:3]


def test_ctrl_c_stops_the_demo_and_its_servers(tmp_path: Path) -> None:
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "launchready.cli", "demo", "--output", str(tmp_path / "out")],
                            env={**os.environ, "TMPDIR": str(private_tmp)}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while len(example_servers(str(private_tmp))) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(example_servers(str(private_tmp))) == 2, "both example servers should be up"
        proc.send_signal(signal.SIGINT)
        code = proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert code == 130, proc.stderr.read() if proc.stderr else ""
    time.sleep(0.2)
    assert example_servers(str(private_tmp)) == []


def test_demo_help_is_plain() -> None:
    assert launchready("demo", "--help").code == 0
