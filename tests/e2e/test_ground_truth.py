"""The vulnerable example's README holds the ground truth: each planted flaw, where it is, and the
check that must catch it. A row whose check exists must be caught by it — with evidence pointing at
the row's place; a row whose check is not built yet is reported as pending, never as passing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from launchready import scan
from launchready.checks import BUILTIN_CHECKS
from launchready.config import Config
from launchready.demo import ai_settings, build_example_repo
from launchready.lab import examples
from launchready.model import Scorecard, Status

README = examples.checkout_root() / "examples" / "chatbot_vulnerable" / "README.md"
BUILT = {c.meta.id for c in BUILTIN_CHECKS}


@dataclass(frozen=True)
class Row:
    flaw: str
    where: str
    check: str

    def places(self) -> list[str]:
        """What evidence must mention: backticked parts of `where`, else its words that look like places."""
        quoted = re.findall(r"`([^`]+)`", self.where)
        parts = quoted or re.split(r"[,;]| and ", self.where)
        return [p.strip() for p in parts if p.strip()]


def ground_truth() -> list[Row]:
    rows: list[Row] = []
    lines = README.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(r"^\|\s*flaw\s*\|\s*where\s*\|\s*check\s*\|", line))
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3:
            rows.append(Row(cells[0], cells[1], cells[2].strip("` ")))
    return rows


ROWS = ground_truth()


def test_table_is_well_formed() -> None:
    assert len(ROWS) >= 20
    ids = re.compile(r"^(repo|api|ai|domain|ops)\.[a-z-]+$")
    assert all(ids.match(r.check) for r in ROWS), [r.check for r in ROWS if not ids.match(r.check)]


@pytest.fixture(scope="module")
def card(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scorecard]:
    work = tmp_path_factory.mktemp("ground-truth")
    repo = work / "acme-assist-vulnerable"
    build_example_repo("vulnerable", repo)
    with examples.scan_credentials(), examples.running_example("vulnerable", work / "runtime") as app:
        settings = {**examples.scan_settings(app.base_url, app.log_path), "ai": ai_settings()}
        yield scan(Config.model_validate({**settings, "path": repo}))


def _normalise(text: str) -> str:
    """Lower case, and every path parameter — `{id}`, `42`, a 32-hex or uuid id — as `{}`."""
    text = re.sub(r"\{[\w-]*\}", "{}", text.lower())  # `{conversation_id}`, never a JSON excerpt
    return re.sub(r"(?<=/)(?:\d+|[0-9a-f]{32}|[0-9a-f-]{36})(?=[/?\s:'\"]|$)", "{}", text)


_FILE = re.compile(r"^[\w./-]+\.\w{1,5}$")
_IDENTIFIER = re.compile(r"^[A-Za-z_][\w.]*(?:\(\))?$")  # decode_token, JWT_SECRET, AccessLog
_HEADER = re.compile(r"^([A-Za-z][\w-]+):\s")


def _candidates(place: str, *, live: bool) -> list[str]:
    """A place as the evidence may name it: a file (repo checks), a route's path, a header's name.

    A live check sees the running product, not its source: a file named in the row is context for
    the reader, and only the routes and headers in it are held against the evidence."""
    if _FILE.match(place):
        return [] if live else [place, Path(place).name]
    if _IDENTIFIER.match(place):
        return [] if live else [place]
    header = _HEADER.match(place)
    if header:
        return [header.group(1)]
    return [place, *re.findall(r"(/[\w/{}.-]+)", place)]


@pytest.mark.parametrize("row", ROWS, ids=[f"{r.check}:{r.flaw[:40]}" for r in ROWS])
def test_planted_flaw_is_caught_with_evidence(row: Row, card: Scorecard) -> None:
    if row.check not in BUILT:
        pytest.skip(f"pending: {row.check} is not built yet ({row.flaw})")
    result = card.result(row.check)
    assert result.status in {Status.FAIL, Status.WARN}, f"{row.check} did not catch '{row.flaw}': {result.summary}"
    haystack = _normalise(" ".join(f"{e.location} {e.message} {e.detail}" for e in result.evidence))
    live = not row.check.startswith(("repo.", "ops."))
    wanted = [c for p in row.places() if not p.startswith(("history", "$")) for c in _candidates(p, live=live)]
    assert not wanted or any(_normalise(c) in haystack for c in wanted), (
        f"{row.check} caught something, but no evidence points at {wanted}: "
        f"{[e.location for e in result.evidence]}")
