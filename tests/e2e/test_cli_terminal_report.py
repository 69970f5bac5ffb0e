"""What a repo-only scan prints on the terminal: skipped surfaces folded to one line each (unless
--show-skipped), a verdict box that says what it covered, and a `checks` catalogue whose ids are whole."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from launchready.catalog import load_catalog
from tests.cli import launchready
from tests.e2e.test_cli import clean_repo

API_CHECKS = sorted(c.meta.id for c in load_catalog(plugins=False).checks if c.meta.surface.value == "api")


def verdict_box(out: str) -> str:
    """The lines of the first panel (the verdict box), joined, without the border characters."""
    lines = out.splitlines()
    end = next(i for i, line in enumerate(lines) if line.startswith("╰"))
    return " ".join(line.strip("│ ") for line in lines[1:end])


def test_repo_only_scan_folds_each_unscanned_surface_into_one_line(tmp_path: Path) -> None:
    run = launchready("scan", str(clean_repo(tmp_path / "r")))
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert f"api: {len(API_CHECKS)} checks skipped — no API base URL declared (--url)" in lines
    assert any(line.startswith("ai: ") and line.endswith("checks skipped — no chatbot endpoint declared ([ai.chat])")
               for line in lines), run.out
    assert any(line.startswith("domain: ") and "checks skipped — no domain declared (--domain)" in line
               for line in lines), run.out
    for check_id in API_CHECKS:
        assert check_id not in run.out, f"{check_id} has a row of its own"
    assert "--show-skipped" in run.out


def test_show_skipped_lists_every_skipped_check_as_a_row(tmp_path: Path) -> None:
    run = launchready("scan", str(clean_repo(tmp_path / "r")), "--show-skipped")
    assert run.code == 0, run.err
    rows = [line for line in run.out.splitlines() if line.startswith("│ skip")]
    for check_id in API_CHECKS:
        assert any(f" {check_id} " in row and "no API base URL declared (--url)" in row for row in rows), check_id
    assert "checks skipped —" not in run.out


def test_show_skipped_is_also_a_config_key(tmp_path: Path) -> None:
    repo = clean_repo(tmp_path / "r")
    (repo / "launchready.toml").write_text("show-skipped = true\n")
    run = launchready("scan", str(repo))
    assert run.code == 0, run.err
    assert any(" api.cors " in line for line in run.out.splitlines() if line.startswith("│ skip")), run.out
    again = launchready("scan", str(repo), "--no-show-skipped")  # the flag overrides the file
    assert "checks skipped — no API base URL declared" in again.out


def test_a_verdict_that_is_not_ready_says_what_it_covered(tmp_path: Path) -> None:
    repo = tmp_path / "r"
    from launchready.lab.gitrepo import Commit, build_repo

    build_repo(repo, [Commit("init", {"app.py": "print('hi')\n"})])  # no .gitignore, no runbook: not ready
    run = launchready("scan", str(repo), columns=200)
    assert run.code == 1, run.err
    box = verdict_box(run.out)
    assert box.startswith("prototype with production risk"), box
    assert "scanned: repo, ops · not scanned: api — no API base URL declared (--url); ai — no chatbot endpoint " \
           "declared ([ai.chat]); domain — no domain declared (--domain)" in box


def test_a_declared_domain_is_never_reported_as_not_declared(tmp_path: Path) -> None:
    repo = clean_repo(tmp_path / "r")
    (repo / "launchready.toml").write_text('domain = "shop.example"\n')
    run = launchready("scan", str(repo), "--only", "repo", "--format", "terminal,json", "--output",
                      str(tmp_path / "out"), columns=200)
    assert run.code == 0, run.err
    assert "no domain declared" not in run.out, run.out
    assert "domain — no domain check selected (--only/--skip)" in verdict_box(run.out)


@pytest.mark.parametrize("columns", [60, 100])
def test_the_scan_prints_every_id_whole_and_no_row_wider_than_the_terminal(tmp_path: Path, columns: int) -> None:
    run = launchready("scan", str(clean_repo(tmp_path / "r")), "--show-skipped", columns=columns)
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert max(len(line) for line in lines) <= columns
    for check_id in load_catalog(plugins=False).checks:
        assert any(re.search(rf"(^|│ )(pass|skip|warn|fail|error) +(│ )?{re.escape(check_id.meta.id)}( |$)", line)
                   for line in lines), check_id.meta.id
    if columns >= 80:  # a table, each row whole: it ends with its border
        assert all(line.endswith("│") for line in lines if line.startswith("│ "))


@pytest.mark.parametrize("columns", [60, 30])
def test_checks_prints_every_id_whole_on_a_narrow_terminal(columns: int) -> None:
    run = launchready("checks", columns=columns)
    assert run.code == 0, run.err
    lines = {line.strip() for line in run.out.splitlines()}
    for check in load_catalog(plugins=False).checks:
        assert check.meta.id in lines, f"{check.meta.id} is cut at {columns} columns"
    assert "…" not in run.out


def test_checks_prints_a_table_with_whole_ids_when_there_is_room() -> None:
    run = launchready("checks", columns=120)
    ids = [c.meta.id for c in load_catalog(plugins=False).checks]
    rows = [line for line in run.out.splitlines() if line.startswith("│ ")]
    for check_id in ids:
        assert any(line.startswith(f"│ {check_id} ") for line in rows), check_id
    assert "…" not in "".join(line.split("│")[1] for line in rows)
