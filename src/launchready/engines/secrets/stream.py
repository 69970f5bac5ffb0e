"""Stream one file through the scanner with caps: size, time, binary detection, chunk overlap.

Memory stays at one chunk plus an overlap whatever the file; a 2 GB file is read up to
:data:`MAX_FILE_BYTES` and then reported as truncated; a file of one 50 MB line is scanned in
chunks, its findings located by line and column.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from launchready.engines.secrets.decoding import MAX_FILE_VIEW_BYTES, file_views
from launchready.engines.secrets.matcher import Prefilter
from launchready.engines.secrets.rules import Rule
from launchready.engines.secrets.scanner import LINE_WINDOW, MATCH_SPAN, Hit, scan_buffer

CHUNK = 4 * 1024 * 1024
OVERLAP = MATCH_SPAN + 4 * LINE_WINDOW + 2048
MAX_FILE_BYTES = 64 * 1024 * 1024
FILE_TIME_BUDGET_S = 5.0
BINARY_PROBE = 8192


@dataclass(frozen=True)
class Located:
    hit: Hit
    line: int
    column: int


@dataclass(frozen=True)
class FileScan:
    located: tuple[Located, ...]
    scanned: int
    note: str = ""
    """Why the file was skipped or cut short ("" when read whole)."""


def looks_binary(head: bytes) -> bool:
    return b"\0" in head[:BINARY_PROBE]


def scan_stream(read: Callable[[int], bytes], prefilter: Prefilter, rules: Sequence[Rule], *,
                generic: bool = True, check_id: str = "", size: int | None = None,
                max_bytes: int = MAX_FILE_BYTES, time_budget: float = FILE_TIME_BUDGET_S,
                code: bool = False) -> FileScan:
    t0 = time.monotonic()
    buf = b""
    base_line = 1
    last_nl = -1  # absolute offset of the last newline before ``buf``
    base = 0
    total = 0
    located: list[Located] = []
    note = ""
    while True:
        want = min(CHUNK, max_bytes - total)
        chunk = read(want) if want > 0 else b""
        if total == 0 and looks_binary(chunk):
            return FileScan((), 0, "binary")
        total += len(chunk)
        eof = len(chunk) < want or want <= 0
        buf += chunk
        limit = len(buf) if eof else len(buf) - OVERLAP
        line, pos = base_line, 0
        for h in scan_buffer(buf, prefilter, rules, generic=generic, check_id=check_id, code=code):
            if h.start >= limit:
                continue
            line += buf.count(b"\n", pos, h.start)
            pos = h.start
            nl = buf.rfind(b"\n", 0, h.start)
            column = h.start - nl if nl >= 0 else base + h.start - last_nl
            located.append(Located(h, line, column))
        if eof:
            if total >= max_bytes and (size is None or size > total):
                note = f"only the first {max_bytes // (1024 * 1024)} MiB scanned" + (
                    f" of {size / 1e9:.1f} GB" if size else "")
            break
        if time.monotonic() - t0 > time_budget:
            note = f"stopped by the per-file time guard after {total // (1024 * 1024)} MiB"
            break
        nl = buf.rfind(b"\n", 0, limit)
        if nl >= 0:
            last_nl = base + nl
        base_line += buf.count(b"\n", 0, limit)
        base += limit
        buf = buf[limit:]
    return FileScan(tuple(located), total, note)


def scan_path(path: Path, prefilter: Prefilter, rules: Sequence[Rule], *, generic: bool = True,
              check_id: str = "", max_bytes: int = MAX_FILE_BYTES, code: bool = False) -> FileScan:
    try:
        if path.is_symlink() or not path.is_file():
            return FileScan((), 0, "not a regular file")
        size = path.stat().st_size
        with path.open("rb") as fh:
            return scan_stream(fh.read, prefilter, rules, generic=generic, check_id=check_id,
                               size=size, max_bytes=max_bytes, code=code)
    except OSError as exc:
        return FileScan((), 0, f"unreadable: {exc.strerror or exc}")


def scan_views(path: Path, prefilter: Prefilter, rules: Sequence[Rule], *, generic: bool = True,
               check_id: str = "") -> list[tuple[str, str, Located]]:
    """A file the text scan skipped as binary, decoded (UTF-16, gzip, tar.gz, zip members):
    ``(member, how, located)`` for each finding ("" member: the file itself)."""
    try:
        if path.is_symlink() or not path.is_file():
            return []
        with path.open("rb") as fh:
            data = fh.read(MAX_FILE_VIEW_BYTES)
    except OSError:
        return []
    out: list[tuple[str, str, Located]] = []
    for view in file_views(data):
        reader = io.BytesIO(view.text)
        scan = scan_stream(reader.read, prefilter, rules, generic=generic, check_id=check_id, size=len(view.text))
        out.extend((view.member, view.how, loc) for loc in scan.located)
    return out
