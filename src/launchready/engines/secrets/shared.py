"""What the three secrets checks share: scans cached on the snapshot, the baseline, evidence.

The expensive walks are cached *on the RepoSnapshot instance* (its ``__dict__``), one lock per
key, so checks running concurrently on one snapshot scan the history once, and nothing lives in a
module global.

Baseline file ``.launchready-secrets-baseline`` at the repository root, one entry a line::

    # fingerprint                          reason
    stripe-test-key:3f1c9a0e5b7d2468  test-mode key of the demo account, no live access

The fingerprint is the rule id and a hash of the secret (shown in every finding), so entries
never rot when lines move; an entry with no reason is not honoured, and an entry matching nothing
is reported.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from launchready.engines.secrets.client import ClientScan, scan_client
from launchready.engines.secrets.findings import Finding, FindingSet, Occurrence
from launchready.engines.secrets.history import HistoryScan, scan_history
from launchready.engines.secrets.matcher import make_prefilter
from launchready.engines.secrets.rules import Level, Tier, load_rules
from launchready.engines.secrets.stream import scan_path, scan_views
from launchready.model import Evidence, Status
from launchready.targets.repo import RepoSnapshot

BASELINE_FILE = ".launchready-secrets-baseline"
T = TypeVar("T")


def shared(repo: RepoSnapshot, key: str, build: Callable[[], T]) -> T:
    """``build()`` once per snapshot and key, even when several checks ask at the same time."""
    return repo.memo(f"secrets:{key}", build)


def engine_option(options: Mapping[str, Any]) -> str:
    return str(options.get("engine", "auto"))


@dataclass(frozen=True)
class TreeScan:
    findings: tuple[Finding, ...]
    files: int
    bytes: int
    seconds: float
    engine: str
    notes: tuple[str, ...]
    """Files only partly read (size cap, time guard): ``"path: why"``."""
    unread: tuple[tuple[str, str], ...] = ()
    """Tracked files that could not be read at all: (path, why)."""


# Files where "a secret-named key = a random value" means nothing: minified or content-hashed bundles (one line of
# identifiers and hashes; repo.secrets-client reads bundles with the provider rules), and data files (a QA
# set's URLs with session tokens in their query strings). Provider-format rules still run on them.
_NO_GENERIC = re.compile(r"\.min\.(?:js|mjs|css)$|\.(?:csv|tsv|jsonl|ndjson|parquet)$|(?:^|/)[^/]*\.map$"
                         # a bundle named by its content hash: Vite's index-8a2d939c.js, webpack's main.3f9c1e2a.js
                         r"|[.-](?=[A-Za-z0-9_]*\d)[A-Za-z0-9_]{8,}\.(?:js|mjs|cjs|css)$",
                         re.IGNORECASE)


# Third-party code committed by accident or on purpose: an installed virtualenv or package tree, a vendored
# Monaco editor (``public/vs/``), a bundle named as one (``swagger-ui-bundle.js``). Not the product's own values.
_THIRD_PARTY = re.compile(r"(?:^|/)(?:node_modules|site-packages|dist-packages|\.?venv|virtualenv|bower_components)/"
                          r"|(?:^|/)public/vs/|[.-]bundle\.(?:js|mjs|cjs)$", re.IGNORECASE)
_BUILT_SUFFIX = re.compile(r"\.(?:js|mjs|cjs|css)$", re.IGNORECASE)
BUILT_LINE = 1000
"""A JS/CSS line longer than this is machine-written (minified); hand-written code wraps far earlier."""
_HEAD = 65536


# Programs' sources, where an unquoted name is a variable: not config, env or shell files (``KEY=value`` literals).
_PROGRAM = re.compile(r"\.(?:[cm]?[jt]sx?|vue|svelte|py|go|java|kt|kts|scala|rb|php|cs|swift|rs|dart)$", re.IGNORECASE)


def is_program(path: str) -> bool:
    """Is ``path`` a program's source (JS/TS/JSX, Python, Go, Java…), where ``x: name`` refers to a variable?"""
    return bool(_PROGRAM.search(path))


def generic_applies(path: str) -> bool:
    """Does the generic (keyword + entropy) tier read ``path``?"""
    return not _NO_GENERIC.search(path) and not _THIRD_PARTY.search(path)


def looks_built(path: str, head: bytes) -> bool:
    """Is a JS/CSS file a built or vendored bundle, by its first bytes ``head``: a ``/*!`` licence banner (what
    minifiers keep) or a line longer than :data:`BUILT_LINE` characters?"""
    if not _BUILT_SUFFIX.search(path):
        return False
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"/*!"):
        return True
    return any(len(line) > BUILT_LINE for line in head.split(b"\n"))


def _built_file(rel: str, full: Path) -> bool:
    if not _BUILT_SUFFIX.search(rel):
        return False  # read nothing for the files it cannot be
    try:
        with full.open("rb") as fh:
            return looks_built(rel, fh.read(_HEAD))
    except OSError:
        return False


def tree_scan(repo: RepoSnapshot, engine: str = "auto") -> TreeScan:
    def build() -> TreeScan:
        t0 = time.monotonic()
        rules = load_rules()
        prefilter = make_prefilter(rules, engine)
        fs = FindingSet()
        files = total = 0
        notes: list[str] = []
        for rel in repo.tracked_files:
            full = repo.working_file(rel)
            if full is None:
                continue
            generic = generic_applies(rel) and not _built_file(rel, full)
            scan = scan_path(full, prefilter, rules, generic=generic, check_id="repo.secrets-tree",
                             code=is_program(rel))
            if scan.note.startswith("unreadable: "):
                repo.record_unread(rel, scan.note.removeprefix("unreadable: "))
                continue
            if scan.note == "binary":  # UTF-16 text, gzip / zip archives: read decoded
                for member, how, loc in scan_views(full, prefilter, rules, check_id="repo.secrets-tree"):
                    h, where = loc.hit, f"{rel}!{member}" if member else rel
                    fs.add(h.rule, h.level, h.fingerprint, h.redacted, f"{h.note}; {how}" if h.note else how,
                           Occurrence(f"{where}:{loc.line}", where, loc.line, loc.column, h.excerpt, h.marker))
            if scan.note == "binary" or scan.note.startswith("not a regular"):
                continue
            files += 1
            total += scan.scanned
            if scan.note:
                notes.append(f"{rel}: {scan.note}")
            for loc in scan.located:
                h = loc.hit
                fs.add(h.rule, h.level, h.fingerprint, h.redacted, h.note,
                       Occurrence(f"{rel}:{loc.line}", rel, loc.line, loc.column, h.excerpt, h.marker))
        unread = tuple(sorted(repo.unread(repo.tracked_files).items()))
        return TreeScan(fs.findings(), files, total, time.monotonic() - t0, prefilter.name, tuple(notes), unread)

    return shared(repo, f"tree:{engine}", build)


def history_scan(repo: RepoSnapshot, engine: str = "auto", deadline: float | None = None) -> HistoryScan:
    def build() -> HistoryScan:
        # History reports provider rules only (generic keyword hits are tree-only): leaving the
        # generic literals out of the prefilter spares a callback at every "token" in history.
        rules = tuple(r for r in load_rules() if r.tier is Tier.PROVIDER)
        return scan_history(repo, make_prefilter(rules, engine), rules, check_id="repo.secrets-history",
                            deadline=deadline if deadline is not None else time.monotonic() + 600)

    return shared(repo, f"history:{engine}", build)


def unread_file_evidence(scan: TreeScan, *, limit: int = 20) -> list[Evidence]:
    """A warning for each tracked file the tree scan could not read whole: a key there would not be
    reported, so the check cannot pass over it."""
    out = [Evidence(Status.WARN, f"not read: {why}", path,
                    detail="a key in this file would not be reported; make it readable to the scan "
                           "(its committed version is read by repo.secrets-history)")
           for path, why in scan.unread[:limit]]
    out += partly_read_evidence(scan.notes, limit=limit)
    hidden = max(0, len(scan.unread) - limit) + max(0, len(scan.notes) - limit)
    if hidden:
        out.append(Evidence(Status.WARN, f"{hidden} more file(s) not read whole", "(repository)"))
    return out


def partly_read_evidence(notes: tuple[str, ...], *, limit: int = 20) -> list[Evidence]:
    """A warning for each file scanned only in part (size cap, time guard): incomplete is never a pass."""
    out = []
    for note in notes[:limit]:
        path, _, why = note.rpartition(": ")
        out.append(Evidence(Status.WARN, f"only partly read: {why}", path,
                            detail="a key past that point would not be reported"))
    return out


def partly_read(notes: tuple[str, ...]) -> str:
    """The summary's note on files only partly scanned (size cap, time guard), naming the first one."""
    if not notes:
        return ""
    more = f" and {len(notes) - 1} more" if len(notes) > 1 else ""
    return f"; {len(notes)} file(s) only partly read ({notes[0]}{more})"


def client_scan(repo: RepoSnapshot, engine: str = "auto") -> ClientScan:
    def build() -> ClientScan:
        rules = load_rules()
        return scan_client(repo, make_prefilter(rules, engine), rules, check_id="repo.secrets-client")

    return shared(repo, f"client:{engine}", build)


@dataclass(frozen=True)
class BaselineEntry:
    fingerprint: str
    reason: str
    line: int


def load_baseline(repo: RepoSnapshot) -> tuple[dict[str, BaselineEntry], list[Evidence]]:
    def build() -> tuple[dict[str, BaselineEntry], list[Evidence]]:
        entries: dict[str, BaselineEntry] = {}
        problems: list[Evidence] = []
        path = repo.root / BASELINE_FILE
        try:
            text = path.read_text("utf-8", "replace") if path.is_file() else ""
        except OSError:
            text = ""
        for n, raw in enumerate(text.splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            fp, _, reason = line.partition(" ")
            reason = reason.strip()
            if ":" not in fp:
                problems.append(Evidence(Status.WARN, f"baseline entry is not a fingerprint: {fp[:40]}",
                                         f"{BASELINE_FILE}:{n}"))
            elif not reason:
                problems.append(Evidence(Status.WARN, f"baseline entry {fp} has no reason; not honoured",
                                         f"{BASELINE_FILE}:{n}", fingerprint=fp))
            else:
                entries[fp] = BaselineEntry(fp, reason, n)
        return entries, problems

    return shared(repo, "baseline", build)


_STATUS = {Level.FAIL: Status.FAIL, Level.WARN: Status.WARN, Level.INFO: Status.PASS}


def _also(f: Finding, occs: tuple[Occurrence, ...]) -> str:
    rest = [o.location if not o.commit else f"{o.location} (line {o.line}, {o.date[:10]})" for o in occs[1:6]]
    more = f.total - 1 - len(rest)
    if not rest:
        return ""
    return f"; {f.total} occurrences, also at: " + ", ".join(rest) + (f" (+{more} more)" if more > 0 else "")


def _same_value_elsewhere(occs: tuple[Occurrence, ...]) -> str:
    """`` — the same value also at nacl.py:18``: every place a copy of the secret works from is named in the message,
    not only in the detail (history occurrences, one per commit, are left to the detail)."""
    others = list(dict.fromkeys(o.location for o in occs[1:] if not o.commit and o.location != occs[0].location))
    if not others:
        return ""
    more = f" and {len(others) - 1} more place(s)" if len(others) > 1 else ""
    return f" — the same value also at {others[0]}{more}"


def evidence_for(findings: tuple[Finding, ...], baseline: Mapping[str, BaselineEntry],
                 describe: Callable[[Finding, Occurrence], tuple[str, str]]) -> tuple[list[Evidence], dict[str, int]]:
    """Evidence for each finding: failing/warning, info (public keys), or ignored (with why).

    ``describe`` gives the location and the detail's lead for a finding's first occurrence.
    """
    out: list[Evidence] = []
    counts = {"fail": 0, "warn": 0, "info": 0, "ignored": 0}
    for f in findings:
        if not f.occurrences:
            continue
        entry = baseline.get(f.fingerprint)
        active = f.active
        first = active[0] if active else f.occurrences[0]
        location, lead = describe(f, first)
        what = f"{f.rule.title} {f.redacted}" + (f" — {f.note}" if f.note else "") + _same_value_elsewhere(active)
        if entry is not None or not active:
            reason = f"baseline: {entry.reason}" if entry is not None else first.marker
            counts["ignored"] += 1
            out.append(Evidence(Status.PASS, f"ignored: {what}", location,
                                detail=f"{reason}; {lead}", fingerprint=f.fingerprint))
            continue
        counts[f.level.value] += 1
        prefix = "info: " if f.level is Level.INFO else ""
        out.append(Evidence(_STATUS[f.level], prefix + what, location,
                            detail=f"{lead}; excerpt: {first.excerpt}{_also(f, active)}",
                            fingerprint=f.fingerprint))
    return out, counts


def unused_baseline(repo: RepoSnapshot, engine: str, deadline: float) -> list[Evidence]:
    entries, _ = load_baseline(repo)
    if not entries:
        return []
    used = {f.fingerprint for f in tree_scan(repo, engine).findings}
    if set(entries) - used:
        used |= {f.fingerprint for f in client_scan(repo, engine).findings}
    if set(entries) - used:
        used |= {f.fingerprint for f in history_scan(repo, engine, deadline).findings}
    return [Evidence(Status.WARN, f"unused baseline entry {e.fingerprint}: it matches no finding; remove it",
                     f"{BASELINE_FILE}:{e.line}", detail=e.reason, fingerprint=e.fingerprint)
            for e in entries.values() if e.fingerprint not in used]
