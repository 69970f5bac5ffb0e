"""Pins for ops.monitoring: the 512 KiB read cap on both sides (a monitor file of exactly 512 KiB is read,
one byte more is not), each item's status and location."""

from __future__ import annotations

from pathlib import Path

import pytest

from launchready.lab.gitrepo import Commit
from launchready.model import Status
from tests.checks.ops.fixtures import APP, MONITORS
from tests.checks.repo.helpers import run_check

CAP = 512 * 1024
PATH = "monitoring/alerts.rules.yml"


def _padded(size: int) -> str:
    """MONITORS, then comment lines up to exactly ``size`` bytes."""
    pad = size - len(MONITORS)
    text = MONITORS + ("#" * 99 + "\n") * (pad // 100)
    return text + "#" * (size - len(text) - 1) + "\n"


@pytest.mark.parametrize("size", [CAP, CAP + 1])
def test_a_monitor_file_is_read_up_to_512_kib_and_not_one_byte_more(size: int, tmp_path: Path) -> None:
    text = _padded(size)
    assert len(text.encode()) == size
    result, _ = run_check(tmp_path, "ops.monitoring", [Commit("init", {"app.py": APP, PATH: text})])
    items = [(e.status, e.message, e.location, e.detail) for e in result.evidence]
    if size == CAP:
        assert items == [(Status.PASS, "monitor definition", PATH, ""),
                         (Status.PASS, "alerts routed via receivers:", f"{PATH}:7", "")]
        assert result.summary == "1 monitor definition(s), alerts routed via receivers:"
    else:
        assert items == [(Status.WARN, "no monitor definitions or alert routing in the repository", "(repository)",
                          "nothing found")]
