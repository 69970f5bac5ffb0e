"""Pins for repo.secrets-tree: a key that is public by design (a Stripe publishable key) is an info item, and
the summary of an otherwise clean tree says how many there are; baseline-file problems are warnings of their own;
the time reported is the scan's own, in milliseconds."""

from __future__ import annotations

import random
from pathlib import Path

from launchready.checks.repo import secrets_tree
from launchready.config import Config
from launchready.context import CheckContext, Targets
from launchready.engines.secrets.samples import expand
from launchready.engines.secrets.shared import tree_scan
from launchready.lab.gitrepo import Commit, build_repo
from launchready.model import Status
from launchready.profiles import load_profile
from launchready.targets.repo import RepoSnapshot
from tests.checks.repo.test_secrets_checks import run


def test_a_publishable_key_is_counted_as_info_in_the_summary(tmp_path: Path) -> None:
    key = expand("pk_live_{A:99}", random.Random(3))
    result, _ = run(tmp_path, "repo.secrets-tree", [Commit("init", {"web/config.js": f"export const KEY = '{key}'\n"})],
                    "python")
    assert result.status is Status.PASS
    assert result.metrics["info"] == 1
    assert result.summary == "no secrets in 1 tracked files; 1 public-by-design key(s) listed as info"


def test_a_baseline_entry_without_a_fingerprint_or_a_reason_is_its_own_warning(tmp_path: Path) -> None:
    """Problems in `.launchready-secrets-baseline` are shown by the tree check, one warning per line, in a
    tree that is otherwise clean (so nothing else could make it warn)."""
    baseline = "# accepted keys\nnot-a-fingerprint demo key\nstripe-secret-key:00aa11bb22cc33dd\n"
    files = {"app.py": "print('hello')\n", ".launchready-secrets-baseline": baseline}
    result, _ = run(tmp_path, "repo.secrets-tree", [Commit("init", files)], "python")
    assert [(e.status, e.message, e.location) for e in result.evidence] == [
        (Status.WARN, "baseline entry is not a fingerprint: not-a-fingerprint", ".launchready-secrets-baseline:2"),
        (Status.WARN, "baseline entry stripe-secret-key:00aa…33dd has no reason; not honoured",  # redacted
         ".launchready-secrets-baseline:3"),
    ]
    assert result.status is Status.WARN


def test_the_seconds_reported_are_the_tree_scans_own_rounded_to_the_millisecond(tmp_path: Path) -> None:
    build_repo(tmp_path / "r", [Commit("init", {f"m{i}.py": f"x = {i}\n" * 50 for i in range(40)})])
    repo = RepoSnapshot(tmp_path / "r")
    config = Config(path=tmp_path / "r", only=("repo.secrets-tree",))
    ctx = CheckContext(config=config, targets=Targets(repo=repo), options=secrets_tree.CHECK.options,
                       profile=load_profile(config.profile))
    outcome = secrets_tree.CHECK.run(ctx)
    seconds = tree_scan(repo, "auto").seconds  # the same scan: it is kept on the snapshot
    assert seconds > 0
    assert outcome.metrics["seconds"] == round(seconds, 3)
    assert outcome.metrics["files"] == 40


def test_a_posthog_project_key_under_a_secret_name_is_info_and_a_personal_key_fails(tmp_path: Path) -> None:
    """mem0's CLI telemetry: `POSTHOG_API_KEY = "phc_…"` is a secret-named, high-entropy assignment, but a
    PostHog project key only sends events and ships to browsers by design; a `phx_` personal key reads the
    whole project."""
    project = expand("phc_{A:43}", random.Random(5))
    personal = expand("phx_{A:43}", random.Random(6))
    files = {"cli/src/telemetry.ts": f'const POSTHOG_API_KEY = "{project}";\n'}
    result, _ = run(tmp_path / "project", "repo.secrets-tree", [Commit("init", files)], "python")
    assert result.status is Status.PASS, result.evidence
    info = [e for e in result.evidence if e.location == "cli/src/telemetry.ts:1"]
    assert len(info) == 1 and "PostHog project API key" in info[0].message and "public by design" in info[0].message
    files = {"cli/src/telemetry.ts": f'const POSTHOG_API_KEY = "{project}";\nconst admin = "{personal}";\n'}
    result, _ = run(tmp_path / "personal", "repo.secrets-tree", [Commit("init", files)], "python")
    assert result.status is Status.FAIL
    assert [e.location for e in result.evidence if e.status is Status.FAIL] == ["cli/src/telemetry.ts:2"]
