"""The history reader's fast paths find exactly what a plain, one-blob-at-a-time scan finds.

Paths: hyperscan over the raw ``cat-file`` stream (one reader, or two reader threads); the
pure-Python prefilter with per-line dedup (in process, or in two worker processes); blobs larger
than a read chunk; blobs over the size cap; binary blobs; dangling blobs (not history).
"""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

import pytest

from launchready.engines.secrets import history
from launchready.engines.secrets.history import _LineDedup, line_local, scan_blobs
from launchready.engines.secrets.matcher import hyperscan_available, make_prefilter
from launchready.engines.secrets.rules import Tier, load_rules
from launchready.engines.secrets.samples import expand
from launchready.engines.secrets.scanner import scan_buffer
from launchready.lab.gitrepo import Commit, build_repo, git
from launchready.targets.repo import RepoSnapshot

RULES = tuple(r for r in load_rules() if r.tier is Tier.PROVIDER)
ENGINES = ["python", pytest.param(
    "hyperscan", marks=pytest.mark.skipif(not hyperscan_available(), reason="hyperscan not installed"))]


def _planted_repo(root: Path) -> tuple[Path, set[str]]:
    """Every provider rule's positives, spread over versions of a few files, with lots of repeated
    lines (what makes the dedup worthwhile) and one blob bigger than a read chunk."""
    rng = random.Random(7)
    filler = "".join(f"def f{i}(x):\n    return x + {i}\n\n" for i in range(300))
    commits: list[Commit] = []
    want: set[str] = set()
    body = filler
    for rule in RULES:
        for j, template in enumerate(rule.positives):
            body = body + expand(template, rng) + "\n" + filler[: 200 * (j + 1)]
            want.add(rule.id)
        commits.append(Commit(f"add {rule.id}", {"app/settings.py": body, f"old/{rule.id}.env":
                                                 "X=1\n" + expand(rule.positives[0], rng) + "\n"}))
        body = filler  # the next version drops it again: history-only
    big = "y = 1\n" * 40_000 + expand("sk_live_{A:32}", rng) + "\n"
    commits.append(Commit("big", {"data/big.txt": big, "img.bin": "\0PNG" + expand("sk_live_{A:32}", rng)}))
    build_repo(root, commits)
    return root, want


def _plain(repo: RepoSnapshot, engine: str) -> dict[bytes, list[tuple[str, int, int]]]:
    """The reference: each reachable blob read alone and scanned whole."""
    pf = make_prefilter(RULES, engine)
    out: dict[bytes, list[tuple[str, int, int]]] = {}
    for sha in history._blob_list(repo).shas:
        if repo.git("cat-file", "-t", sha.decode()).strip() != b"blob":
            continue
        data = repo.git("cat-file", "blob", sha.decode())
        if b"\0" in data[:8192]:
            continue
        for h in scan_buffer(data, pf, RULES, generic=False):
            line = data.count(b"\n", 0, h.start) + 1
            out.setdefault(sha, []).append((h.rule.id, line, h.start - data.rfind(b"\n", 0, h.start)))
    return out


def _fast(repo: RepoSnapshot, engine: str) -> dict[bytes, list[tuple[str, int, int]]]:
    found, *_ = scan_blobs(repo, make_prefilter(RULES, engine), RULES, check_id="t", deadline=1e18)
    return {sha: [(h.rule.id, h.line, h.column) for h in hits] for sha, hits in found.items()}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("parallel", [False, True])
def test_fast_paths_match_a_plain_scan(engine: str, parallel: bool, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    root, want = _planted_repo(tmp_path / "repo")
    repo = RepoSnapshot(root)
    reference = _plain(repo, engine)
    assert {rid for hits in reference.values() for rid, _, _ in hits} >= want
    monkeypatch.setattr(history, "CHUNK_BYTES", 64 * 1024)  # many chunks, and a blob bigger than one
    monkeypatch.setattr(history, "PARALLEL_MIN_BLOBS", 1 if parallel else 10**9)
    got = _fast(repo, engine)
    assert {k: sorted(v) for k, v in got.items()} == {k: sorted(v) for k, v in reference.items()}


def test_both_engines_agree(tmp_path: Path) -> None:
    if not hyperscan_available():
        pytest.skip("hyperscan not installed")
    root, _ = _planted_repo(tmp_path / "repo")
    repo = RepoSnapshot(root)
    assert _fast(repo, "python") == _fast(repo, "hyperscan")


@pytest.mark.parametrize("engine", ENGINES)
def test_oversized_blobs_are_listed_not_read_and_dangling_blobs_are_not_history(
        engine: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(3)
    root = tmp_path / "repo"
    build_repo(root, [Commit("init", {"a.txt": "x\n" * 5000, "b.txt": expand("k = 'sk_live_{A:32}'\n", rng)})])
    dangling = expand("sk_live_{A:32}\n", rng)
    subprocess.run(["git", "-C", str(root), "hash-object", "-w", "--stdin"], input=dangling.encode(),
                   check=True, capture_output=True)
    monkeypatch.setattr(history, "MAX_BLOB_BYTES", 1000)
    found, nblobs, _total, skipped, incomplete = scan_blobs(
        RepoSnapshot(root), make_prefilter(RULES, engine), RULES, check_id="t", deadline=1e18)
    assert nblobs == 2 and len(skipped) == 1 and "(0 MB)" in skipped[0] and incomplete == ""
    assert [h.rule.id for hits in found.values() for h in hits] == ["stripe-secret-key"]
    assert git(root, "rev-parse", "HEAD:b.txt").strip().encode() in found


def test_the_rules_are_line_local_and_the_line_dedup_is_exact() -> None:
    assert line_local(load_rules())
    rng = random.Random(11)
    pf = make_prefilter(RULES, "python")
    lines = [expand(t, rng) for r in RULES for t in r.positives] + [f"plain line {i}" for i in range(50)]
    dedup = _LineDedup(pf)
    for _ in range(5):
        region = ("header\n" + "\n".join(rng.choice(lines) for _ in range(400)) + "\n").encode()
        assert sorted(dedup.hits(region)) == sorted(
            h for h in pf.hits(region) if h[1] > region.index(b"\n"))


def test_a_failing_worker_is_an_error_not_a_silent_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "repo"
    build_repo(root, [Commit("init", {"a.txt": "a\n", "b.txt": "b\n"})])
    monkeypatch.setattr(history, "PARALLEL_MIN_BLOBS", 1)
    monkeypatch.setattr(history, "_BOOT", "import sys; sys.stdin.buffer.read(); sys.exit(3)")
    with pytest.raises(OSError, match="worker failed"):
        scan_blobs(RepoSnapshot(root), make_prefilter(RULES, "python"), RULES, check_id="t", deadline=1e18)
