"""Pins for repo.secrets-history: the summary names the first gap and counts the others, and the time it
reports is the scan's own, in milliseconds."""

from __future__ import annotations

from pathlib import Path

from launchready import scan
from launchready.checks.repo import secrets_history
from launchready.config import Config
from launchready.context import CheckContext, Targets
from launchready.engines.secrets.shared import history_scan
from launchready.lab import hostile_repos as lab
from launchready.lab.gitrepo import Commit, build_repo, git
from launchready.model import Status
from launchready.profiles import load_profile
from launchready.targets.repo import RepoSnapshot

CHECK_ID = "repo.secrets-history"


def test_a_shallow_clone_with_a_dangling_head_names_the_first_gap_and_counts_the_other(tmp_path: Path) -> None:
    repo = lab.shallow_clone(tmp_path / "repo")
    git(repo.root, "symbolic-ref", "HEAD", "refs/heads/gone")
    result = scan(Config.model_validate({"path": repo.root, "only": (CHECK_ID,)})).result(CHECK_ID)
    head = ("HEAD points at refs/heads/gone, which does not resolve; read every ref that does instead: "
            "refs/heads/main, refs/remotes/origin/HEAD, refs/remotes/origin/main")
    assert [(e.status, e.message, e.location) for e in result.evidence] == [
        (Status.ERROR, head, "HEAD"),
        (Status.WARN, f"shallow clone: history before {repo.commits[2][:12]} was never fetched and was not read",
         "repo"),
    ]
    assert result.status is Status.ERROR
    assert result.summary == ("0 secret(s) and 0 warning(s) in history (0 history-only); history not fully read: "
                              f"{head} (+1 more gap(s))")


def test_the_seconds_reported_are_the_scans_own_rounded_to_the_millisecond(tmp_path: Path) -> None:
    build_repo(tmp_path / "r", [Commit("init", {f"m{i}.py": f"x = {i}\n" * 50 for i in range(40)})])
    repo = RepoSnapshot(tmp_path / "r")
    config = Config(path=tmp_path / "r", only=(CHECK_ID,))
    ctx = CheckContext(config=config, targets=Targets(repo=repo), options=secrets_history.CHECK.options,
                       profile=load_profile(config.profile))
    outcome = secrets_history.CHECK.run(ctx)
    seconds = history_scan(repo, "auto").seconds  # the same scan: it is kept on the snapshot
    assert seconds > 0
    assert outcome.metrics["seconds"] == round(seconds, 3)


def test_a_single_gap_is_named_without_counting_others(tmp_path: Path) -> None:
    repo = lab.shallow_clone(tmp_path / "repo")
    result = scan(Config.model_validate({"path": repo.root, "only": (CHECK_ID,)})).result(CHECK_ID)
    gap = f"shallow clone: history before {repo.commits[2][:12]} was never fetched and was not read"
    assert [(e.status, e.message) for e in result.evidence] == [(Status.WARN, gap)]
    assert result.summary == ("0 secret(s) and 0 warning(s) in history (0 history-only); history not fully read: "
                              f"{gap}")
