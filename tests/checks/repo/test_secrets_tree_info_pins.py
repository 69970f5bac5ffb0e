"""Pin for repo.secrets-tree: a key that is public by design (a Stripe publishable key) is an info item, and
the summary of an otherwise clean tree says how many there are."""

from __future__ import annotations

import random
from pathlib import Path

from launchready.engines.secrets.samples import expand
from launchready.lab.gitrepo import Commit
from launchready.model import Status
from tests.checks.repo.test_secrets_checks import run


def test_a_publishable_key_is_counted_as_info_in_the_summary(tmp_path: Path) -> None:
    key = expand("pk_live_{A:99}", random.Random(3))
    result, _ = run(tmp_path, "repo.secrets-tree", [Commit("init", {"web/config.js": f"export const KEY = '{key}'\n"})],
                    "python")
    assert result.status is Status.PASS
    assert result.metrics["info"] == 1
    assert result.summary == "no secrets in 1 tracked files; 1 public-by-design key(s) listed as info"
