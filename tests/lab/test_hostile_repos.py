"""Scanning an untrusted repository: it never runs the repository's commands, and never passes over
what it could not read. Every case is a real repository from the hostile-repo lab and a real scan."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from launchready import scan
from launchready.config import Config
from launchready.engines.secrets import history
from launchready.lab import hostile_repos as lab
from launchready.lab.gitrepo import Commit, build_repo, git
from launchready.model import Result, Scorecard, Status
from launchready.targets.repo import RepoSnapshot
from tests.cli import launchready

BUDGET_S = 60.0
SECRETS = ("repo.secrets-tree", "repo.secrets-history")


def scan_repo(root: Path, only: Sequence[str] = ()) -> Scorecard:
    card = scan(Config.model_validate({"path": root, "only": tuple(only)}))
    assert card.duration_s < BUDGET_S
    return card


def evidence(result: Result, status: Status) -> list[tuple[str, str]]:
    return [(e.location, e.message) for e in result.evidence if e.status is status]


def plain_git(root: Path, *args: str) -> None:
    """git as a user would run it (no protection): the control showing the lab is really hostile."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")} | {"GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "-C", str(root), *args], capture_output=True, env=env, check=False, timeout=60,
                   stdin=subprocess.DEVNULL)


def test_the_lab_is_hostile_plain_git_runs_the_planted_commands(tmp_path: Path) -> None:
    repo = lab.command_configs(tmp_path / "repo", tmp_path / "markers")
    assert repo.markers_written() == []  # building it ran nothing
    plain_git(repo.root, "ls-files")
    plain_git(repo.root, "log", "-1")
    plain_git(repo.root, "cat-file", "-p", repo.notes["missing"])  # a partial clone fetches what is missing
    assert {"core.fsmonitor", "gpg.program", "core.sshCommand"} <= set(repo.markers_written())


def test_scanning_a_repository_whose_config_runs_commands_leaves_no_marker(tmp_path: Path) -> None:
    repo = lab.command_configs(tmp_path / "repo", tmp_path / "markers")
    card = scan_repo(repo.root)  # every repo and ops check
    assert repo.markers_written() == []
    assert not list(repo.markers.iterdir())
    hist = card.result("repo.secrets-history")
    assert hist.status is Status.ERROR
    [(where, message)] = evidence(hist, Status.ERROR)
    assert where == repo.root.name and "missing from the object store" in message
    assert repo.notes["missing"][:12] in next(e.detail for e in hist.evidence if e.status is Status.ERROR)


def test_an_included_config_cannot_turn_fsmonitor_back_on(tmp_path: Path) -> None:
    control = lab.included_fsmonitor(tmp_path / "control", tmp_path / "control-markers")
    plain_git(control.root, "ls-files")
    assert control.markers_written() == ["core.fsmonitor"]
    repo = lab.included_fsmonitor(tmp_path / "repo", tmp_path / "markers")
    card = scan_repo(repo.root, ("repo.secrets-tree", "repo.dotenv-committed", "repo.debug-mode"))
    assert repo.markers_written() == []
    assert card.result("repo.secrets-tree").status is Status.PASS


def test_filters_and_diff_drivers_stay_off_even_for_commands_that_apply_them(tmp_path: Path) -> None:
    control = lab.filter_and_diff_drivers(tmp_path / "control", tmp_path / "control-markers")
    plain_git(control.root, "cat-file", "--filters", "HEAD:notes.txt")
    plain_git(control.root, "cat-file", "--filters", "HEAD:odd.txt")
    # (the process filter, failing its handshake, would stop a diff before any diff driver ran)
    plain_git(control.root, "-c", "filter.evil.process=", "diff", "HEAD~1", "HEAD")
    plain_git(control.root, "-c", "filter.evil.process=", "log", "-p")
    assert control.markers_written() == ["diff.command", "diff.textconv", "filter.process", "odd-filter.process"]
    repo = lab.filter_and_diff_drivers(tmp_path / "repo", tmp_path / "markers")
    snapshot = RepoSnapshot(repo.root)
    snapshot.git("cat-file", "--filters", "HEAD:notes.txt", check=False)
    snapshot.git("cat-file", "--filters", "HEAD:odd.txt", check=False)
    snapshot.git("diff", "HEAD~1", "HEAD", check=False)
    snapshot.git("log", "-p", "--textconv", check=False)
    assert repo.markers_written() == []
    hist = scan_repo(repo.root, SECRETS).result("repo.secrets-history")
    assert hist.status is Status.PASS and repo.markers_written() == []


def test_a_worktree_configured_outside_the_repository_is_refused(tmp_path: Path) -> None:
    repo = lab.foreign_worktree(tmp_path / "repo", tmp_path / "elsewhere")
    run = launchready("scan", str(repo.root), "--only", "repo.secrets-tree")
    assert run.code == 2
    assert f"puts its working tree elsewhere ({tmp_path / 'elsewhere'})" in run.err
    assert "app.py" not in run.out


def test_caller_git_environment_cannot_redirect_the_scan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = lab.dangling_head(tmp_path / "repo")
    other = lab.included_fsmonitor(tmp_path / "other", tmp_path / "markers")
    monkeypatch.setenv("GIT_DIR", str(other.root / ".git"))
    monkeypatch.setenv("GIT_CONFIG_PARAMETERS", "'core.fsmonitor'='true'")
    hist = scan_repo(repo.root, ("repo.secrets-history",)).result("repo.secrets-history")
    assert other.markers_written() == []
    assert evidence(hist, Status.FAIL)[0][0] == f"{repo.commits[1][:12]}:billing/stripe_conf.py"


def test_dangling_head_reads_every_ref_and_is_never_a_pass(tmp_path: Path) -> None:
    repo = lab.dangling_head(tmp_path / "repo")
    card = scan_repo(repo.root, SECRETS)
    hist = card.result("repo.secrets-history")
    assert hist.status is Status.FAIL
    assert evidence(hist, Status.FAIL) == [(f"{repo.commits[1][:12]}:billing/stripe_conf.py",
                                            f"Stripe live secret key sk_live_…{repo.key[-4:]}")]
    [(where, message)] = evidence(hist, Status.ERROR)
    assert where == "HEAD" and "refs/heads/missing" in message and "refs/heads/main" in message
    assert not card.verdict.ready


def test_dangling_head_with_nothing_found_is_an_error_not_a_pass(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    build_repo(root, [Commit("init", {"README.md": "# product\n"})])
    git(root, "symbolic-ref", "HEAD", "refs/heads/gone")
    hist = scan_repo(root, SECRETS).result("repo.secrets-history")
    assert hist.status is Status.ERROR
    assert [w for w, _ in evidence(hist, Status.ERROR)] == ["HEAD"]


def test_a_missing_object_makes_history_an_error_naming_it(tmp_path: Path) -> None:
    repo = lab.missing_object(tmp_path / "repo")
    hist = scan_repo(repo.root, SECRETS).result("repo.secrets-history")
    assert hist.status is Status.ERROR
    errors = [e for e in hist.evidence if e.status is Status.ERROR]
    assert len(errors) == 1 and repo.notes["missing"][:12] in errors[0].detail
    assert "history not fully read" in hist.summary


def test_a_shallow_clone_warns_naming_where_history_was_cut(tmp_path: Path) -> None:
    repo = lab.shallow_clone(tmp_path / "repo")
    hist = scan_repo(repo.root, SECRETS).result("repo.secrets-history")
    assert hist.status is Status.WARN
    [(_, message)] = evidence(hist, Status.WARN)
    assert message == f"shallow clone: history before {repo.commits[2][:12]} was never fetched and was not read"


def test_a_blob_over_the_size_cap_is_named_not_passed(tmp_path: Path) -> None:
    repo = lab.oversized_blob(tmp_path / "repo", history.MAX_BLOB_BYTES + 1024)
    hist = scan_repo(repo.root, SECRETS).result("repo.secrets-history")
    assert hist.status is Status.WARN
    [(where, message)] = evidence(hist, Status.WARN)
    assert where == f"{repo.commits[1][:12]}:fixtures/dump.sql"
    assert message.startswith(f"blob {repo.notes['blob'][:12]} (34 MB) is over the 32 MiB cap")


@pytest.fixture
def unreadable(tmp_path: Path) -> Iterator[lab.HostileRepo]:
    repo = lab.unreadable_files(tmp_path / "repo")
    yield repo
    lab.restore_modes(repo)


def test_files_unreadable_even_to_root_are_named_by_the_tree_and_debug_checks(unreadable: lab.HostileRepo) -> None:
    # Root ignores mode bits, so here the unreadable files are a FIFO and a directory standing where
    # git tracks a file: the same "could not read" path as mode 000 for any other user (next test).
    card = scan_repo(unreadable.root, ("repo.secrets-tree", "repo.debug-mode"))
    tree, debug = card.result("repo.secrets-tree"), card.result("repo.debug-mode")
    unread = [("debug.py", "not read: a directory in the working tree, where git tracks a file"),
              ("settings.py", "not read: not a regular file in the working tree, where git tracks a file")]
    assert evidence(tree, Status.WARN) == unread
    assert evidence(debug, Status.WARN) == unread


def _scan_as(uid: int, root: Path, only: Sequence[str], home: Path) -> dict[str, tuple[str, list[tuple[str, str, str]]]]:
    """Scan in a forked child that has dropped root for ``uid``: mode 000 then means unreadable."""
    # Everything the scan imports is imported now, as root: the child may not read the install.
    scan(Config.model_validate({"path": root, "only": tuple(only)}))
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 0
        try:
            os.close(read_fd)
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
            os.environ["HOME"] = str(home)
            card = scan(Config.model_validate({"path": root, "only": tuple(only)}))
            out = {r.check_id: (r.status.value, [(e.status.value, e.location, e.message) for e in r.evidence])
                   for r in card.results}
            with os.fdopen(write_fd, "wb") as fh:
                pickle.dump(out, fh)
        except BaseException as exc:  # noqa: BLE001 - reported to the parent through the pipe
            with os.fdopen(write_fd, "wb") as fh:
                pickle.dump({"error": (repr(exc), [])}, fh)
            code = 1
        finally:
            os._exit(code)
    os.close(write_fd)
    with os.fdopen(read_fd, "rb") as fh:
        data = fh.read()
    os.waitpid(pid, 0)
    result: dict[str, tuple[str, list[tuple[str, str, str]]]] = pickle.loads(data)
    assert "error" not in result, result
    return result


@pytest.mark.skipif(not hasattr(os, "fork") or os.geteuid() != 0, reason="needs root to drop to another user")
def test_mode_000_files_are_named_when_scanning_as_another_user() -> None:
    # CI runs as root, where mode 000 reads fine: the scan itself runs in a child that drops to
    # "nobody". The repository is then owned by another user too, which git refuses by default.
    base = Path(tempfile.mkdtemp(prefix="launchready-unreadable-"))
    try:
        base.chmod(0o755)
        repo = lab.unreadable_files(base / "repo")
        for path in (base, *[p for p in base.rglob("*") if p.is_dir() and p.name != "conf"]):
            path.chmod(0o755)
        home = base / "home"
        home.mkdir(mode=0o777)
        got = _scan_as(65534, repo.root, ("repo.secrets-tree", "repo.debug-mode", "repo.secrets-history"), home)
        status, items = got["repo.secrets-tree"]
        assert status == "warn"
        assert ("warn", "secret.py", "not read: Permission denied") in items
        assert ("warn", "conf/settings.py", "not read: Permission denied") in items
        status, items = got["repo.debug-mode"]
        assert status == "warn" and ("warn", "conf/settings.py", "not read: Permission denied") in items
        status, items = got["repo.secrets-history"]
        assert status == "fail"  # git reads the committed secret.py; the scan worked despite the owner
        assert any(s == "pass" and "owned by another user (uid 0)" in m and "scanned anyway" in m
                   for s, _, m in items)
    finally:
        lab.restore_modes(lab.HostileRepo(base / "repo", base))
        shutil.rmtree(base, ignore_errors=True)


def test_a_repository_owned_by_another_user_is_scanned_and_says_so(tmp_path: Path) -> None:
    repo = lab.dangling_head(tmp_path / "repo")
    for path in (repo.root, *repo.root.rglob("*")):
        os.lchown(path, 4242, 4242)
    card = scan_repo(repo.root, SECRETS)
    hist = card.result("repo.secrets-history")
    assert evidence(hist, Status.FAIL)[0][0] == f"{repo.commits[1][:12]}:billing/stripe_conf.py"
    notes = evidence(card.result("repo.secrets-tree"), Status.PASS)
    assert notes == [("(repository)", f"{repo.root} is owned by another user (uid 4242); git refuses it by default "
                      "(safe.directory) — scanned anyway, with every command the repository's git "
                      "configuration could run disabled")]


def test_strange_file_names_are_reported_escaped_and_break_no_report(tmp_path: Path) -> None:
    repo = lab.strange_names(tmp_path / "repo")
    card = scan_repo(repo.root, SECRETS)
    tree = card.result("repo.secrets-tree")
    assert tree.status is Status.FAIL
    assert sorted(w for w, _ in evidence(tree, Status.FAIL)) == [
        "\\x1b[31mred\\x1b[0m.py:1",
        "\\x1b]8;;https:evil.example\\x07click\\x1b]8;;\\x07.py:1",
        "caf\\xe9.py:1",
    ]
    hist_locations = [w for w, _ in evidence(card.result("repo.secrets-history"), Status.FAIL)]
    assert f"{repo.commits[0][:12]}:caf\\xe9.py" in hist_locations
    out = tmp_path / "out"
    run = launchready("scan", str(repo.root), "--only", ",".join(SECRETS), "--format", "terminal,json,sarif,html",
                      "--output", str(out))
    assert run.code == 1 and "internal error" not in run.err
    assert "caf\\xe9.py:1" in run.out
    reports = [run.out] + [f.read_text("utf-8") for f in sorted(out.iterdir())]
    assert len(reports) == 4
    for text in reports:
        assert "\x1b" not in text and "\x07" not in text
    data = json.loads((out / "launchready.json").read_text("utf-8"))
    locations = {e["location"] for r in data["results"] for e in r["evidence"]}
    assert "\\x1b[31mred\\x1b[0m.py:1" in locations
