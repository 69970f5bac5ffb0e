"""Every unique blob of the repository, scanned once; findings mapped to the commit that added them.

``git cat-file --batch-all-objects`` lists each blob once (merges and deleted files included by
construction); their contents stream through one ``git cat-file --batch`` in pack order and are
prefiltered in multi-megabyte batches. Only blobs with prefilter hits run the full rules. Blob →
(first commit, path) comes from one ``git log --all --reverse --raw`` pass, run only when there is
something to map; a blob first seen in a merge resolution falls back to ``--find-object``.
"""

from __future__ import annotations

import bisect
import os
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import IO

from launchready.engines.secrets.findings import Finding, FindingSet, Occurrence
from launchready.engines.secrets.matcher import Prefilter
from launchready.engines.secrets.rules import Level, Rule
from launchready.engines.secrets.scanner import scan_buffer
from launchready.engines.secrets.stream import looks_binary
from launchready.errors import TargetError
from launchready.targets.repo import RepoSnapshot

MAX_BLOB_BYTES = 32 * 1024 * 1024
BATCH_BYTES = 4 * 1024 * 1024
_SEP = b"\n\0\n"


@dataclass(frozen=True)
class BlobHit:
    rule: Rule
    level: Level
    fingerprint: str
    redacted: str
    note: str
    line: int
    column: int
    excerpt: str
    marker: str


@dataclass(frozen=True)
class HistoryScan:
    findings: tuple[Finding, ...]
    blobs: int
    bytes: int
    seconds: float
    engine: str
    skipped: tuple[str, ...] = ()
    incomplete: str = ""
    unreachable: int = 0
    """Findings only in objects no ref reaches (dangling blobs): not reported."""


def _git_env() -> dict[str, str]:
    return {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}


def _blob_list(repo: RepoSnapshot) -> list[tuple[bytes, int]]:
    out = repo.git("cat-file", "--batch-all-objects", "--unordered",
                   "--batch-check=%(objecttype) %(objectname) %(objectsize)")
    blobs: list[tuple[bytes, int]] = []
    for line in out.splitlines():
        kind, sha, size = line.split(b" ")
        if kind == b"blob":
            blobs.append((sha, int(size)))
    return blobs


def _feed(stdin: IO[bytes], shas: Sequence[bytes]) -> None:
    try:
        for i in range(0, len(shas), 4096):
            stdin.write(b"\n".join(shas[i:i + 4096]) + b"\n")
        stdin.close()
    except (BrokenPipeError, OSError):
        return


@dataclass
class _Batch:
    parts: list[bytes] = field(default_factory=list)
    shas: list[bytes] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    size: int = 0

    def add(self, sha: bytes, data: bytes) -> None:
        self.starts.append(self.size)
        self.shas.append(sha)
        self.parts.append(data)
        self.size += len(data) + len(_SEP)


def scan_blobs(repo: RepoSnapshot, prefilter: Prefilter, rules: Sequence[Rule], *, check_id: str,
               deadline: float) -> tuple[dict[bytes, list[BlobHit]], int, int, list[str], str]:
    blobs = _blob_list(repo)
    skipped = [f"{sha.decode()[:12]} ({size / 1e6:.0f} MB)" for sha, size in blobs if size > MAX_BLOB_BYTES]
    proc = subprocess.Popen(
        ["git", "-C", str(repo.root), "cat-file", "--batch"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=_git_env(),
        bufsize=1 << 20,
    )
    assert proc.stdin is not None and proc.stdout is not None
    feeder = threading.Thread(target=_feed, args=(proc.stdin, [sha for sha, _ in blobs]), daemon=True)
    feeder.start()
    found: dict[bytes, list[BlobHit]] = {}
    total = 0
    incomplete = ""
    batch = _Batch()

    def flush(b: _Batch) -> None:
        if not b.parts:
            return
        joined = _SEP.join(b.parts)
        raw = prefilter.hits(joined)
        if not raw:
            return
        per: dict[int, list[tuple[int, int]]] = {}
        for ri, start in raw:
            k = bisect.bisect_right(b.starts, start) - 1
            off = start - b.starts[k]
            if off < len(b.parts[k]):
                per.setdefault(k, []).append((ri, off))
        for k, hits in per.items():
            data = b.parts[k]
            pos, line = 0, 1
            for h in scan_buffer(data, None, rules, generic=False, check_id=check_id, raw=hits):
                line += data.count(b"\n", pos, h.start)
                pos = h.start
                column = h.start - data.rfind(b"\n", 0, h.start)
                found.setdefault(b.shas[k], []).append(BlobHit(
                    h.rule, h.level, h.fingerprint, h.redacted, h.note, line, column, h.excerpt, h.marker))

    out = proc.stdout
    try:
        while True:
            header = out.readline()
            if not header:
                break
            parts = header.split()
            if len(parts) < 3 or parts[1] != b"blob":
                continue  # "<sha> missing": an incomplete clone; nothing to read
            size = int(parts[2])
            if size > MAX_BLOB_BYTES:
                left = size + 1
                while left:
                    left -= len(out.read(min(left, 1 << 20)) or b"\0" * left)
                continue
            data = out.read(size)
            out.read(1)
            total += size
            if looks_binary(data):
                continue
            batch.add(parts[0], data)
            if batch.size >= BATCH_BYTES:
                flush(batch)
                batch = _Batch()
                if time.monotonic() > deadline:
                    incomplete = f"history scan stopped at the time limit after {total / 1e6:.0f} MB"
                    break
        flush(batch)
    finally:
        if incomplete:
            proc.kill()
        proc.stdout.close()
        proc.wait()
        feeder.join(timeout=5)
    return found, len(blobs), total, skipped, incomplete


@dataclass(frozen=True)
class _Intro:
    commit: str
    date: str
    path: str


def _introductions(repo: RepoSnapshot, wanted: set[bytes]) -> dict[bytes, list[_Intro]]:
    found: dict[bytes, list[_Intro]] = {}
    proc = subprocess.Popen(
        ["git", "-C", str(repo.root), "-c", "core.quotepath=off", "log", "--all", "--reverse", "--raw",
         "--no-abbrev", "--no-renames", "--format=%x01%H%x1f%aI"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=_git_env(), bufsize=1 << 20,
    )
    assert proc.stdout is not None
    commit = date = ""
    for line in proc.stdout:
        if line.startswith(b"\x01"):
            c, d = line[1:].rstrip(b"\n").split(b"\x1f", 1)
            commit, date = c.decode(), d.decode()
        elif line.startswith(b":"):
            meta, _, path = line.rstrip(b"\n").partition(b"\t")
            fields = meta.split()
            if len(fields) >= 4 and fields[3] in wanted:
                intros = found.setdefault(fields[3], [])
                p = path.decode("utf-8", "surrogateescape")
                if len(intros) < 20 and all(i.path != p for i in intros):
                    intros.append(_Intro(commit, date, p))
    proc.wait()
    for sha in wanted - found.keys():  # first seen in a merge resolution, or dangling
        out = repo.git("log", "--all", "--reverse", "-m", "--raw", "--no-abbrev", "--no-renames",
                       f"--find-object={sha.decode()}", "--format=%x01%H%x1f%aI", check=False)
        commit = date = ""
        for raw in out.splitlines():
            if raw.startswith(b"\x01"):
                c, d = raw[1:].split(b"\x1f", 1)
                commit, date = c.decode(), d.decode()
            elif raw.startswith(b":") and sha in raw:
                where = raw.partition(b"\t")[2].decode("utf-8", "surrogateescape")
                found.setdefault(sha, []).append(_Intro(commit, date, where))
                break
    return found


def _head_blobs(repo: RepoSnapshot) -> set[bytes]:
    if not repo.has_commits:
        return set()
    out = repo.git("ls-tree", "-r", "-z", "HEAD")
    return {entry.split(b"\t", 1)[0].split()[2] for entry in out.split(b"\0") if entry}


def scan_history(repo: RepoSnapshot, prefilter: Prefilter, rules: Sequence[Rule], *, check_id: str,
                 deadline: float) -> HistoryScan:
    t0 = time.monotonic()
    if not repo.has_commits:
        return HistoryScan((), 0, 0, 0.0, prefilter.name)
    try:
        found, nblobs, total, skipped, incomplete = scan_blobs(
            repo, prefilter, rules, check_id=check_id, deadline=deadline)
    except OSError as exc:
        raise TargetError(f"cannot read the history of {repo.root}: {exc}") from exc
    intros = _introductions(repo, set(found)) if found else {}
    head = _head_blobs(repo) if found else set()
    fs = FindingSet()
    unreachable = 0
    for sha, hits in found.items():
        places = [i for i in intros.get(sha, []) if not repo.is_excluded(i.path)]
        if not places:
            unreachable += 0 if sha in intros else 1
            continue
        for h in hits:
            for p in places:
                occ = Occurrence(f"{p.commit[:12]}:{p.path}", p.path, h.line, h.column, h.excerpt, h.marker,
                                 p.commit, p.date)
                fs.add(h.rule, h.level, h.fingerprint, h.redacted, h.note, occ, in_head=sha in head)
    findings = tuple(
        Finding(f.rule, f.level, f.fingerprint, f.redacted, f.note,
                tuple(sorted(f.occurrences, key=lambda o: o.date)), f.total, f.in_head)
        for f in fs.findings())
    return HistoryScan(findings, nblobs, total, time.monotonic() - t0, prefilter.name, tuple(skipped),
                       incomplete, unreachable)
