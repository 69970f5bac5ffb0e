"""Every unique blob reachable from any ref, scanned once; findings mapped to the commit that added them.

``git rev-list --objects --all --filter=object:type=blob`` (bitmap-accelerated when the pack has a
bitmap) lists each reachable blob once — merges, merge resolutions and deleted files included by
construction; dangling objects no ref reaches are not history and are not read. Their contents stream
through ``git cat-file --batch`` and are prefiltered in multi-megabyte runs of whole blobs:

* hyperscan scans the raw ``cat-file`` output in place (no per-blob copy); two ``cat-file`` readers
  run in two threads (reading a pipe and hyperscan both release the GIL);
* the pure-Python prefilter runs only on *lines never seen before* (:class:`_LineDedup`; history
  repeats almost every line in many blob versions), in two worker processes, one per half.

Only blobs with prefilter hits run the full rules. Blob → (first commit, path) comes from one
``git log --all --reverse --raw`` pass, run only when there is something to map; a blob first seen
in a merge resolution falls back to ``--find-object``.
"""

from __future__ import annotations

import bisect
import io
import itertools
import os
import pickle
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO, cast

from launchready.engines.secrets.findings import Finding, FindingSet, Occurrence
from launchready.engines.secrets.matcher import Prefilter, make_prefilter
from launchready.engines.secrets.rules import Level, Rule, load_rules
from launchready.engines.secrets.scanner import scan_buffer
from launchready.engines.secrets.stream import BINARY_PROBE
from launchready.errors import TargetError
from launchready.targets.repo import RepoSnapshot
from launchready.targets.safe_git import SafeGit

MAX_BLOB_BYTES = 32 * 1024 * 1024
CHUNK_BYTES = 8 * 1024 * 1024
PARALLEL_MIN_BLOBS = 4096


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
    """Blobs with findings that no commit could be found for (not reported). Dangling objects no ref
    reaches are not read at all (only ``rev-list --all`` blobs are), so this is normally 0."""
    missing: tuple[str, ...] = ()
    """Objects history names that the object store lacks: their content was not read."""
    walk_error: str = ""
    """Why walking every ref failed (then every blob of the object store was read instead)."""
    head_problem: str = ""
    """HEAD does not resolve while other refs do (every ref that resolves was read)."""
    shallow: tuple[str, ...] = ()
    """A shallow clone's boundary commits: history before them was never fetched, so not read."""
    oversized: tuple[tuple[str, str], ...] = ()
    """Blobs over :data:`MAX_BLOB_BYTES`, not read: (what, where — ``commit:path`` when known)."""


@dataclass(frozen=True)
class BlobList:
    shas: list[bytes]
    missing: tuple[str, ...] = ()
    """Objects history names that the object store does not hold (a damaged or partial clone)."""
    walk_error: str = ""
    """Why the walk over every ref failed ("" when it did not); the object store was listed instead."""


def _blob_list(repo: RepoSnapshot) -> BlobList:
    """Every blob reachable from any ref (``rev-list --objects --all``, bitmap-accelerated when the
    pack has one), in the order git lists them (close to pack order, which is what makes reading
    fast). Dangling objects no ref reaches are not history (SPEC) and are not read. Objects history
    names but the store lacks are listed as missing (``--missing=print``) — what they held was not
    read. If the walk fails anyway, every blob in the object store is listed instead, and why is kept."""
    proc = repo.safe_git.run("rev-list", "--objects", "--all", "--no-object-names", "--missing=print",
                             "--filter=object:type=blob", "--use-bitmap-index", timeout=None)
    if proc.returncode == 0:
        words = proc.stdout.split()  # commits are listed too; the reader skips what is not a blob
        missing = tuple(w[1:].decode() for w in words if w.startswith(b"?"))
        return BlobList([w for w in words if not w.startswith(b"?")], missing)
    reason = proc.stderr.decode("utf-8", "replace").strip().splitlines()
    out = repo.git("cat-file", "--batch-all-objects", "--unordered", "--batch-check=%(objecttype) %(objectname)")
    return BlobList([line[5:] for line in out.splitlines() if line.startswith(b"blob ")],
                    walk_error=reason[0] if reason else f"git rev-list exit {proc.returncode}")


def _feed(stdin: IO[bytes], shas: Sequence[bytes]) -> None:
    try:
        for i in range(0, len(shas), 4096):
            stdin.write(b"\n".join(shas[i:i + 4096]) + b"\n")
        stdin.close()
    except (BrokenPipeError, OSError):
        return


_LINE_LOCAL = re.compile(r"(?:\[[A-Za-z0-9_+/\-]*\]|[A-Za-z0-9_\-])(?:\{\d+\})?")


def line_local(rules: Sequence[Rule]) -> bool:
    """True when no prefilter pattern (literal + anchor) can match across a newline, so prefilter
    hits can be computed once per distinct line. Checked on the anchors' source, conservatively."""
    return all("\n" not in lit for r in rules for lit in r.literals) and all(
        all(_LINE_LOCAL.fullmatch(tok.group()) for tok in _LINE_LOCAL.finditer(r.anchor))
        and "".join(t.group() for t in _LINE_LOCAL.finditer(r.anchor)) == r.anchor
        for r in rules)


class _LineDedup:
    """Prefilter hits by distinct line: history repeats almost every line in many blob versions
    (pytest: 200 MB of blobs hold 6 MB of distinct lines), so the prefilter — slow in pure Python —
    runs only on lines never seen before, and a line that had hits is located again (``bytes.find``)
    wherever it recurs. Exact: a hit never spans a newline (:func:`line_local`)."""

    MAX_SEEN_BYTES = 32 * 1024 * 1024

    def __init__(self, prefilter: Prefilter) -> None:
        self._prefilter = prefilter
        self._seen: set[bytes] = set()
        self._seen_bytes = 0
        self._hit_lines: dict[bytes, list[tuple[int, int]]] = {}

    def hits(self, region: bytes) -> list[tuple[int, int]]:
        """Prefilter hits in ``region`` (whole lines: it ends with a newline; a hit on its first line,
        which has no newline before it, is not located again — callers start it with a header)."""
        lines = set(region.split(b"\n"))
        new = lines - self._seen
        if new:
            if self._seen_bytes > self.MAX_SEEN_BYTES:  # bound memory; only costs re-prefiltering
                self._seen.clear()
                self._seen_bytes = 0
            self._seen |= new
            fresh = list(new)
            self._seen_bytes += sum(map(len, fresh)) + 64 * len(fresh)
            joined = b"\n".join(fresh)
            raw = self._prefilter.hits(joined)
            if raw:
                starts = list(itertools.accumulate((len(x) + 1 for x in fresh), initial=0))
                for ri, at in raw:
                    k = bisect.bisect_right(starts, at) - 1
                    self._hit_lines.setdefault(fresh[k], []).append((ri, at - starts[k]))
        out: list[tuple[int, int]] = []
        for line in lines & self._hit_lines.keys():
            needle = b"\n" + line + b"\n"
            inline = self._hit_lines[line]
            pos = region.find(needle)
            while pos >= 0:
                out.extend((ri, pos + 1 + off) for ri, off in inline)
                pos = region.find(needle, pos + len(needle) - 1)
        return out


def _read_blobs(git: SafeGit, shas: Sequence[bytes], prefilter: Prefilter, rules: Sequence[Rule], *,
                check_id: str, deadline: float, dedup: bool
                ) -> tuple[dict[bytes, list[BlobHit]], int, int, list[str], str]:
    """Stream ``shas`` through one ``git cat-file --batch`` into one reused buffer; prefilter
    multi-megabyte runs of whole blobs at once, then run the full rules per blob with hits.
    Returns (found, blobs, bytes, skipped, incomplete)."""
    # A smaller delta-base cache than git's 96 MiB default: same speed here, half the memory.
    proc = git.popen("-c", "core.deltaBaseCacheLimit=24m", "cat-file", "--batch", stdin=subprocess.PIPE, bufsize=0)
    assert proc.stdin is not None and proc.stdout is not None
    _grow_pipe(proc.stdout.fileno())
    feeder = threading.Thread(target=_feed, args=(proc.stdin, shas), daemon=True)
    feeder.start()
    found: dict[bytes, list[BlobHit]] = {}
    skipped: list[str] = []
    nblobs = total = 0
    incomplete = ""
    lines = _LineDedup(prefilter) if dedup else None
    out = cast(io.FileIO, proc.stdout)  # unbuffered (bufsize=0): reads straight into our buffer
    # The line dedup allocates a line object per line of a run: smaller runs keep that bounded.
    chunk = CHUNK_BYTES // 4 if dedup else CHUNK_BYTES
    buf = bytearray(chunk)
    filled = 0
    eof = False

    def fill() -> None:
        nonlocal filled, eof
        view = memoryview(buf)
        while filled < len(buf):
            got = out.readinto(view[filled:])
            if not got:
                eof = True
                break
            filled += got
        view.release()

    def confirm(data: bytes, sha: bytes, hits: list[tuple[int, int]]) -> None:
        pos, line = 0, 1
        for h in scan_buffer(data, None, rules, generic=False, check_id=check_id, raw=hits):
            line += data.count(b"\n", pos, h.start)
            pos = h.start
            column = h.start - data.rfind(b"\n", 0, h.start)
            found.setdefault(sha, []).append(BlobHit(
                h.rule, h.level, h.fingerprint, h.redacted, h.note, line, column, h.excerpt, h.marker))

    try:
        while not eof:
            fill()
            blobs: list[tuple[bytes, int, int]] = []  # (sha, start, end) of each whole text blob
            binary = False
            pos = 0
            while True:
                nl = buf.find(b"\n", pos, filled)
                if nl < 0:
                    break
                header = bytes(buf[pos:nl]).split()
                if len(header) < 3:
                    pos = nl + 1  # "<sha> missing": an incomplete clone; nothing to read
                    continue
                size = int(header[2])
                end = nl + 1 + size
                if header[1] == b"blob" and size > MAX_BLOB_BYTES:
                    skipped.append(f"{header[0].decode()} ({size / 1e6:.0f} MB)")
                    nblobs += 1
                    if end + 1 > filled:  # discard the rest of it without keeping it
                        left = end + 1 - filled
                        while left > 0:
                            got = out.read(min(left, 1 << 20))
                            if not got:
                                break
                            left -= len(got)
                        pos = filled
                        break
                    pos = end + 1
                    continue
                if end + 1 > filled:
                    if eof:
                        pos = filled
                    elif pos == 0 and end + 1 > len(buf):  # one blob larger than the buffer
                        buf.extend(bytes(end + 1 - len(buf)))
                    break
                if header[1] == b"blob":
                    nblobs += 1
                    total += size
                    if buf.find(b"\0", nl + 1, min(nl + 1 + BINARY_PROBE, end)) < 0:
                        blobs.append((header[0], nl + 1, end))
                    else:
                        binary = True
                pos = end + 1
            if blobs:
                _prefilter_run(buf, pos, blobs, binary, prefilter, lines, confirm)
            buf[:filled - pos] = buf[pos:filled]  # keep the partial blob at the front
            filled -= pos
            if len(buf) > chunk and filled < chunk:
                del buf[chunk:]  # back to the usual size after one big blob
            if time.monotonic() > deadline:
                incomplete = f"history scan stopped at the time limit after {total / 1e6:.0f} MB"
                break
    finally:
        if incomplete or not eof:
            proc.kill()
        out.close()
        proc.wait()
        feeder.join(timeout=5)
    return found, nblobs, total, skipped, incomplete


def _prefilter_run(buf: bytearray, stop: int, blobs: list[tuple[bytes, int, int]], binary: bool,
                   prefilter: Prefilter, lines: _LineDedup | None,
                   confirm: Callable[[bytes, bytes, list[tuple[int, int]]], None]) -> None:
    """Prefilter hits over the whole blobs in ``buf[:stop]`` (raw ``cat-file --batch`` output: each
    blob between a "<sha> blob <size>" header line and a newline), then the full rules per blob."""
    data: bytes | bytearray = buf
    if lines is None:
        # Hyperscan scans the raw stream in place (no copy); a hit is attributed to the blob its
        # start lies in (one running past the blob's end only fails the full rule, which sees that
        # blob alone).
        with memoryview(buf)[:stop] as view:
            raw = prefilter.hits(view)
    elif not binary:
        with memoryview(buf)[:stop] as view:
            data = bytes(view)
        raw = lines.hits(data)
    else:  # keep binary blobs' "lines" out of the dedup set
        data = b"\n" + b"\n".join(buf[s:e] for _, s, e in blobs) + b"\n"
        raw = lines.hits(data)
        moved, at = [], 1
        for sha, s, e in blobs:
            moved.append((sha, at, at + e - s))
            at += e - s + 1
        blobs = moved
    if not raw:
        return
    starts = [s for _, s, _ in blobs]
    per: dict[int, list[tuple[int, int]]] = {}
    for ri, start in raw:
        k = bisect.bisect_right(starts, start) - 1
        if k >= 0 and start < blobs[k][2]:
            per.setdefault(k, []).append((ri, start - blobs[k][1]))
    for k, hits in per.items():
        sha, s, e = blobs[k]
        confirm(bytes(data[s:e]), sha, hits)


def _grow_pipe(fd: int) -> None:
    try:
        import fcntl
        fcntl.fcntl(fd, 1031, 1 << 20)  # F_SETPIPE_SZ: fewer, larger reads (Linux; ignored elsewhere)
    except (ImportError, OSError):
        pass


def _worker_main() -> None:
    """Entry point of a child process scanning one half of the blobs (the pure-Python prefilter holds
    the GIL, so the second core needs a second process). Arguments and result are pickled over the
    child's stdin/stdout; it is our own child, started with our own interpreter."""
    git, shas, rule_ids, engine, check_id, seconds = pickle.load(sys.stdin.buffer)
    by_id = {r.id: r for r in load_rules()}
    rules = [by_id[i] for i in rule_ids]
    found, n, total, skipped, incomplete = _read_blobs(
        git, shas, make_prefilter(rules, engine), rules, check_id=check_id,
        deadline=time.monotonic() + seconds, dedup=True)
    plain = {sha: [(h.rule.id, h.level, h.fingerprint, h.redacted, h.note, h.line, h.column, h.excerpt, h.marker)
                   for h in hits] for sha, hits in found.items()}
    pickle.dump((plain, n, total, skipped, incomplete), sys.stdout.buffer)
    sys.stdout.flush()


# The worker imports only the secrets engine: a bare ``launchready`` package object stands in for the
# package's ``__init__`` (which imports every check, ~0.5 s) so the children start in ~0.1 s.
_BOOT = ("import sys, types; p = types.ModuleType('launchready'); p.__path__ = [sys.argv[1]]; "
         "sys.modules['launchready'] = p; "
         "from launchready.engines.secrets.history import _worker_main; _worker_main()")


def _start_worker(args: tuple[object, ...]) -> subprocess.Popen[bytes]:
    package = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (str(package.parent),
                                                                      os.environ.get("PYTHONPATH"))))}
    proc = subprocess.Popen([sys.executable, "-c", _BOOT, str(package)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
    assert proc.stdin is not None
    pickle.dump(args, proc.stdin)
    proc.stdin.close()
    return proc


def _threaded(git: SafeGit, shas: Sequence[bytes], prefilter: Prefilter, rules: Sequence[Rule], *,
              check_id: str, deadline: float) -> tuple[dict[bytes, list[BlobHit]], int, int, list[str], str]:
    """Two ``cat-file`` readers, one thread each: reading a pipe and hyperscan both release the GIL,
    and moving 1 GB through one pipe is itself the bottleneck on a busy machine."""
    half = (len(shas) + 1) // 2
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(
            lambda part: _read_blobs(git, part, prefilter, rules, check_id=check_id, deadline=deadline,
                                     dedup=False),
            [shas[i:i + half] for i in range(0, len(shas), half)]))
    found: dict[bytes, list[BlobHit]] = {}
    nblobs = total = 0
    skipped: list[str] = []
    incomplete = ""
    for f, n, b, sk, inc in results:
        for sha, hits in f.items():
            found.setdefault(sha, []).extend(hits)
        nblobs, total = nblobs + n, total + b
        skipped += sk
        incomplete = incomplete or inc
    return found, nblobs, total, skipped, incomplete


def scan_blobs(repo: RepoSnapshot, prefilter: Prefilter, rules: Sequence[Rule], *, check_id: str,
               deadline: float, listing: BlobList | None = None
               ) -> tuple[dict[bytes, list[BlobHit]], int, int, list[str], str]:
    shas = (listing or _blob_list(repo)).shas
    dedup = prefilter.name == "python" and line_local(rules)
    workers = min(2, os.cpu_count() or 1) if len(shas) >= PARALLEL_MIN_BLOBS else 1
    if dedup and not sys.executable:  # embedded interpreter: no way to start a worker
        workers = 1
    if workers == 1:
        return _read_blobs(repo.safe_git, shas, prefilter, rules, check_id=check_id, deadline=deadline,
                           dedup=dedup)
    if not dedup:
        return _threaded(repo.safe_git, shas, prefilter, rules, check_id=check_id, deadline=deadline)
    # Two contiguous halves (keeping pack locality for git and line locality for the dedup).
    half = (len(shas) + 1) // 2
    ids = tuple(r.id for r in rules)
    seconds = deadline - time.monotonic()
    by_id = {r.id: r for r in rules}
    found: dict[bytes, list[BlobHit]] = {}
    nblobs = total = 0
    skipped: list[str] = []
    incomplete = ""
    procs = [_start_worker((repo.safe_git, shas[i:i + half], ids, prefilter.name, check_id, seconds))
             for i in range(0, len(shas), half)]
    done = False
    try:
        for proc in procs:
            assert proc.stdout is not None
            try:
                f, n, t, sk, inc = pickle.load(proc.stdout)
            except (EOFError, pickle.UnpicklingError) as exc:
                raise OSError(f"a history scan worker failed (exit {proc.wait()})") from exc
            for sha, hits in f.items():
                found.setdefault(sha, []).extend(BlobHit(by_id[h[0]], *h[1:]) for h in hits)
            nblobs, total = nblobs + n, total + t
            skipped += sk
            incomplete = incomplete or inc
        done = True
    finally:
        for proc in procs:  # after a failure, stop the other worker too
            if not done and proc.poll() is None:
                proc.kill()
            if proc.stdout is not None:
                proc.stdout.close()
            proc.wait()
    return found, nblobs, total, skipped, incomplete


@dataclass(frozen=True)
class _Intro:
    commit: str
    date: str
    path: str


def _introductions(repo: RepoSnapshot, wanted: set[bytes]) -> dict[bytes, list[_Intro]]:
    found: dict[bytes, list[_Intro]] = {}
    proc = repo.safe_git.popen("log", "--all", "--reverse", "--raw", "--no-abbrev", "--no-renames",
                               "--format=%x01%H%x1f%aI", bufsize=1 << 20)
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


MESSAGE_PATH = "(commit message)"


def _message_hits(repo: RepoSnapshot, prefilter: Prefilter, rules: Sequence[Rule], *,
                  check_id: str) -> list[tuple[_Intro, BlobHit]]:
    """Credentials in commit messages ("rotated the key, old one was sk-…"): every commit reachable from any
    ref, prefiltered as one text, then the provider rules on each message with a hit. A message is history
    forever: a finding here is never "in HEAD"."""
    data = repo.git("log", "--all", "--format=%x01%H%x1f%aI%x1f%B", check=False)
    if not data or not prefilter.hits(data):
        return []
    out: list[tuple[_Intro, BlobHit]] = []
    for record in data.split(b"\x01")[1:]:
        fields = record.split(b"\x1f", 2)
        if len(fields) < 3 or not prefilter.hits(fields[2]):
            continue
        intro = _Intro(fields[0].decode(), fields[1].decode().strip(), MESSAGE_PATH)
        message = fields[2]
        for h in scan_buffer(message, prefilter, rules, generic=False, check_id=check_id, decode=False):
            line = message.count(b"\n", 0, h.start) + 1
            column = h.start - message.rfind(b"\n", 0, h.start)
            out.append((intro, BlobHit(h.rule, h.level, h.fingerprint, h.redacted, h.note, line, column,
                                       h.excerpt, h.marker)))
    return out


def _head_blobs(repo: RepoSnapshot) -> set[bytes]:
    if not repo.head_resolves:
        return set()
    out = repo.git("ls-tree", "-r", "-z", "HEAD")
    return {entry.split(b"\t", 1)[0].split()[2] for entry in out.split(b"\0") if entry}


def scan_history(repo: RepoSnapshot, prefilter: Prefilter, rules: Sequence[Rule], *, check_id: str,
                 deadline: float) -> HistoryScan:
    """Every reachable blob scanned; and, named, every part of history that could not be read."""
    t0 = time.monotonic()
    if not repo.has_commits:
        return HistoryScan((), 0, 0, 0.0, prefilter.name)
    try:
        listing = _blob_list(repo)
        found, nblobs, total, skipped, incomplete = scan_blobs(
            repo, prefilter, rules, check_id=check_id, deadline=deadline, listing=listing)
    except OSError as exc:
        raise TargetError(f"cannot read the history of {repo.root}: {exc}") from exc
    big = {entry.split(" ", 1)[0].encode(): entry.split(" ", 1)[1] for entry in skipped}
    intros = _introductions(repo, set(found) | set(big)) if found or big else {}
    oversized = tuple(
        (f"blob {sha.decode()[:12]} {size} is over the {MAX_BLOB_BYTES // (1024 * 1024)} MiB cap and was not read",
         ", ".join(f"{i.commit[:12]}:{i.path}" for i in intros.get(sha, [])[:3]) or sha.decode()[:12])
        for sha, size in big.items())
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
    for p, h in _message_hits(repo, prefilter, rules, check_id=check_id):
        occ = Occurrence(f"{p.commit[:12]}:{p.path}", p.path, h.line, h.column, h.excerpt, h.marker, p.commit, p.date)
        fs.add(h.rule, h.level, h.fingerprint, h.redacted, h.note, occ, in_head=False)
    findings = tuple(
        Finding(f.rule, f.level, f.fingerprint, f.redacted, f.note,
                tuple(sorted(f.occurrences, key=lambda o: o.date)), f.total, f.in_head)
        for f in fs.findings())
    return HistoryScan(findings, nblobs, total, time.monotonic() - t0, prefilter.name, tuple(skipped),
                       incomplete, unreachable, listing.missing, listing.walk_error, repo.head_problem,
                       repo.shallow_boundary, oversized)
