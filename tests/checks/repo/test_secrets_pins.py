"""Pins for the three secrets checks: each evidence item's status, one flaw per fixture, and the figures
a report shows (metrics) — so a slip that turns a blocker into a warning, or hides a file, is noticed."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from launchready.checks.repo.secrets_history import unread_evidence
from launchready.engines.secrets.history import HistoryScan
from launchready.engines.secrets.samples import expand
from launchready.lab.gitrepo import Commit
from launchready.model import Status
from tests.checks.repo.test_secrets_checks import run

RNG = random.Random("secrets-pins")
FIXTURE_DIRS = ("test", "tests", "__tests__", "spec", "specs", "fixtures", "testdata", "docs", "doc", "examples",
                "example", "samples", "mocks", "__mocks__")


def test_a_generic_value_under_each_test_docs_or_example_directory_warns(tmp_path: Path) -> None:
    files = {f"{d}/conf.py": f"JWT_SECRET = '{expand('{A:40}', RNG)}'\n" for d in FIXTURE_DIRS}
    files["lib/conf.py"] = f"JWT_SECRET = '{expand('{A:40}', RNG)}'\n"  # the same, in app code: a blocker
    result, _ = run(tmp_path, "repo.secrets-tree", [Commit("init", files)])
    status = {e.location: e.status for e in result.evidence}
    assert status == {**{f"{d}/conf.py:1": Status.WARN for d in FIXTURE_DIRS}, "lib/conf.py:1": Status.FAIL}
    assert all("in test/docs/example code" in e.message for e in result.evidence if e.status is Status.WARN)
    assert result.status is Status.FAIL
    assert (result.metrics["fail"], result.metrics["warn"]) == (1, len(FIXTURE_DIRS))
    assert result.summary.startswith(f"1 secret(s) and {len(FIXTURE_DIRS)} warning(s) in tracked files")


def test_the_tree_scan_reports_what_it_read(tmp_path: Path) -> None:
    files = {"README.md": "hello\n", "app/main.py": "print('hi')\n"}
    result, _ = run(tmp_path, "repo.secrets-tree", [Commit("init", files)], "python")
    assert result.status is Status.PASS
    assert result.summary == "no secrets in 2 tracked files"
    m = result.metrics
    assert (m["files"], m["bytes"], m["engine"]) == (2, len("hello\n") + len("print('hi')\n"), "python")
    assert isinstance(m["seconds"], float) and m["seconds"] >= 0 and m["seconds"] == round(m["seconds"], 3)


def test_look_alikes_in_tests_are_taken_out_of_the_warning_count(tmp_path: Path) -> None:
    result, _ = run(tmp_path, "repo.secrets-tree", [Commit("init", {
        "tests/e2e/env.sh": 'export JWT_SECRET_KEY="tS9fQ2xR7-vLm3KpW8zYb"\n',
        "tests/e2e/other.sh": 'export API_SECRET_KEY="another-fixed-secret-for-e2e-only"\n',
        "app/settings.py": f"JWT_SECRET = '{expand('{A:40}', RNG)}'\n"})])
    assert [(e.status, e.location) for e in result.evidence] == [(Status.FAIL, "app/settings.py:1")]
    m = result.metrics
    assert (m["fail"], m["warn"], m["fixture_lookalikes"]) == (1, 0, 2)
    assert result.summary == ("1 secret(s) and 0 warning(s) in tracked files; 2 look-alike(s) in "
                              "test/docs/example/template files not listed (no provider format)")


# ---- repo.secrets-history: each gap in what was read, with its own status ------------------------------

def _history(**gaps: object) -> HistoryScan:
    return HistoryScan(findings=(), blobs=3, bytes=10, seconds=0.1, engine="python", **gaps)  # type: ignore[arg-type]


def test_each_gap_in_the_history_read_is_named_with_its_own_status() -> None:
    scan = _history(incomplete="history walk stopped at the deadline", missing=("a" * 40,),
                    walk_error="fatal: bad object", head_problem="HEAD names refs/heads/gone, which does not exist",
                    shallow=("b" * 40,), oversized=(("1 blob over the size cap not read", "c0ffee:big.bin"),))
    out = unread_evidence(scan, "repo")
    assert [(e.status, e.location) for e in out] == [
        (Status.ERROR, "repo"), (Status.ERROR, "repo"), (Status.ERROR, "repo"), (Status.ERROR, "HEAD"),
        (Status.WARN, "repo"), (Status.WARN, "c0ffee:big.bin")]
    assert out[0].message == "history walk stopped at the deadline"
    assert out[1].message.startswith("1 object(s) that history names are missing")
    assert out[1].detail.startswith(f"missing: {'a' * 12};")
    assert out[2].detail.startswith("git: fatal: bad object;")
    assert out[4].message == f"shallow clone: history before {'b' * 12} was never fetched and was not read"
    assert out[5].message == "1 blob over the size cap not read"
    assert unread_evidence(_history(), "repo") == []


@pytest.mark.parametrize(("count", "shown", "more"), [(10, 10, False), (11, 10, True)])
def test_at_most_ten_missing_objects_are_named(count: int, shown: int, more: bool) -> None:
    missing = tuple(f"{i:040x}" for i in range(count))
    [ev] = unread_evidence(_history(missing=missing), "repo")
    listed = ev.detail.removeprefix("missing: ").split(";")[0]
    assert listed.removesuffix(" …").split(", ") == [m[:12] for m in missing[:shown]]
    assert listed.endswith(" …") is more
    assert ev.message.startswith(f"{count} object(s)")


@pytest.mark.parametrize(("count", "shown"), [(5, 5), (6, 5)])
def test_at_most_five_shallow_boundaries_are_named(count: int, shown: int) -> None:
    shallow = tuple(f"{i:040x}" for i in range(count))
    [ev] = unread_evidence(_history(shallow=shallow), "repo")
    assert ev.message == f"shallow clone: history before {', '.join(s[:12] for s in shallow[:shown])} was never " \
                         "fetched and was not read"


def test_history_reports_its_figures_and_every_gap_in_the_summary(tmp_path: Path) -> None:
    old = expand("sk-ant-api03-{b:93}AA", RNG)
    result, _ = run(tmp_path, "repo.secrets-history", [
        Commit("add", {"keys.py": f"K = '{old}'\n"}), Commit("rm", {"keys.py": None})], "python")
    m = result.metrics
    assert (m["engine"], m["history_only"], m["unreachable_objects_with_findings"], m["fail"]) == ("python", 1, 0, 1)
    assert int(m["blobs"]) >= 1 and int(m["bytes"]) > 0
    assert isinstance(m["seconds"], float) and m["seconds"] == round(m["seconds"], 3)  # milliseconds, as shown
    assert result.summary == "1 secret(s) and 0 warning(s) in history (1 history-only)"


def test_the_client_scan_reports_what_it_read(tmp_path: Path) -> None:
    files = {"public/app.js": "fetch('/api/chat')\n", "src/components/Chat.jsx": "export const Chat = () => null\n",
             "server/main.py": "KEY = 'x'\n"}
    result, _ = run(tmp_path, "repo.secrets-client", [Commit("init", files)], "python")
    assert (result.status, result.evidence) == (Status.PASS, ())
    m = result.metrics
    assert (m["files"], m["bytes"], m["fail"], m["warn"]) == (
        2, len(files["public/app.js"]) + len(files["src/components/Chat.jsx"]), 0, 0)
    assert result.summary == "no secrets in 2 client-visible files"
