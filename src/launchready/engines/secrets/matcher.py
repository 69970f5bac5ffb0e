"""The prefilter: find every rule literal (plus its fixed-width anchor) in a buffer, fast.

Two interchangeable engines. :class:`HyperscanPrefilter` compiles every ``literal + anchor`` into
one hyperscan database (optional extra ``launchready[fast]``). :class:`PythonPrefilter` makes one
CPython ``re`` pass per distinct first byte of the literals (a pattern that *begins with a fixed
byte* is searched fast by ``re``), then checks each literal occurrence against its rules' anchors;
caseless (generic keyword) rules run over one lowered copy of the buffer instead of ``(?i)``, which
would be ~10× slower.
Both return ``(rule_index, start)`` pairs; the full rules run only at those offsets.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol

from launchready.engines.secrets.rules import Rule, load_rules

_hyperscan: Any
try:  # the optional fast path
    import hyperscan as _hyperscan
except ImportError:  # pragma: no cover - depends on the environment
    _hyperscan = None

ENGINES = ("auto", "hyperscan", "python")


class Prefilter(Protocol):
    name: str

    def hits(self, data: bytes | memoryview) -> list[tuple[int, int]]:
        """``(rule_index, start)`` for every literal occurrence, in no particular order (a
        ``memoryview`` is scanned in place by hyperscan)."""
        ...


def hyperscan_available() -> bool:
    return _hyperscan is not None


def _trie_regex(words: Sequence[bytes]) -> bytes:
    """One regex matching exactly ``words``, factored by common prefixes (each alternation branches
    on a distinct next byte) and preferring the longest word at a position."""
    if not words:
        return b""
    heads: dict[int, list[bytes]] = {}
    ends = False
    for w in words:
        if w:
            heads.setdefault(w[0], []).append(w[1:])
        else:
            ends = True
    alts = [re.escape(bytes([h])) + _trie_regex(rest) for h, rest in sorted(heads.items())]
    if ends:
        alts.append(b"")
    if len(alts) == 1:
        return alts[0]
    return b"(?:" + b"|".join(alts) + b")"


@dataclass(frozen=True)
class _Group:
    """All literals beginning with one byte (caseless ones: on the lowered buffer)."""

    regex: re.Pattern[bytes]
    caseless: bool
    by_match: dict[bytes, tuple[tuple[int, int, re.Pattern[bytes] | None], ...]]
    """The literal matched → every (rule, literal length, anchor) whose literal is a prefix of it."""


class PythonPrefilter:
    """Pure-Python prefilter: one ``re`` pass per distinct *first byte* of the rules' literals (a
    pattern that starts with a fixed byte is searched fast by ``re``; an alternation at the front is
    ~10x slower), the rest of the literals factored into a trie; each occurrence of a literal is then
    checked against its rules' anchors. Overlapping occurrences are all found, as hyperscan does."""

    name = "python"

    def __init__(self, rules: Sequence[Rule]) -> None:
        members: dict[tuple[bool, int], dict[bytes, list[tuple[int, re.Pattern[bytes] | None]]]] = {}
        for i, rule in enumerate(rules):
            anchor = re.compile(rule.anchor.encode()) if rule.anchor else None
            for lit in rule.literals:
                word = (lit.lower() if rule.caseless else lit).encode()
                members.setdefault((rule.caseless, word[0]), {}).setdefault(word, []).append((i, anchor))
        self._groups: list[_Group] = []
        for (caseless, _), words in sorted(members.items()):
            by_match = {
                w: tuple((ri, len(v), anc) for v, ms in words.items() if w.startswith(v) for ri, anc in ms)
                for w in words}
            self._groups.append(_Group(re.compile(_trie_regex(sorted(words))), caseless, by_match))
        self._any_caseless = any(g.caseless for g in self._groups)

    def hits(self, data: bytes | memoryview) -> list[tuple[int, int]]:
        if isinstance(data, memoryview):
            data = data.tobytes()
        out: list[tuple[int, int]] = []
        lowered = data.lower() if self._any_caseless else data
        for g in self._groups:
            buf = lowered if g.caseless else data
            search, by_match = g.regex.search, g.by_match
            m = search(buf)
            while m is not None:
                at = m.start()
                for ri, n, anchor in by_match[m.group()]:
                    if anchor is None or anchor.match(buf, at + n):
                        out.append((ri, at))
                m = search(buf, at + 1)
        return out


@cache
def _hyperscan_database(rule_ids: tuple[str, ...]) -> tuple[Any, tuple[tuple[int, int], ...]]:
    """Compile once per process: (database, id → (rule_index, width)). Immutable once built."""
    assert _hyperscan is not None
    by_id = {r.id: r for r in load_rules()}
    rules = [by_id[i] for i in rule_ids]
    expressions: list[bytes] = []
    flags: list[int] = []
    table: list[tuple[int, int]] = []
    for ri, rule in enumerate(rules):
        for lit in rule.literals:
            expressions.append(re.escape(lit).encode() + rule.anchor.encode())
            flags.append(_hyperscan.HS_FLAG_CASELESS if rule.caseless else 0)
            table.append((ri, len(lit.encode()) + rule.anchor_width))
    db = _hyperscan.Database(mode=_hyperscan.HS_MODE_BLOCK)
    db.compile(expressions=expressions, ids=list(range(len(expressions))), flags=flags)
    return db, tuple(table)


class HyperscanPrefilter:
    name = "hyperscan"

    def __init__(self, rules: Sequence[Rule]) -> None:
        if _hyperscan is None:
            raise RuntimeError("hyperscan is not installed (pip install 'launchready[fast]')")
        known = {r.id for r in load_rules()}
        if any(r.id not in known for r in rules):
            raise ValueError("HyperscanPrefilter compiles only the shipped rules")
        self._db, self._table = _hyperscan_database(tuple(r.id for r in rules))
        self._local = threading.local()

    def _scratch(self) -> Any:
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            assert _hyperscan is not None
            scratch = _hyperscan.Scratch(self._db)
            self._local.scratch = scratch
        return scratch

    def hits(self, data: bytes | memoryview) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        table = self._table

        def on_match(pid: int, _from: int, to: int, _flags: int, _ctx: object) -> None:
            ri, width = table[pid]
            out.append((ri, to - width))

        if data:
            self._db.scan(data, match_event_handler=on_match, scratch=self._scratch())
        return out


def make_prefilter(rules: Sequence[Rule], engine: str = "auto") -> Prefilter:
    if engine not in ENGINES:
        raise ValueError(f"unknown secrets engine {engine!r}; expected one of {', '.join(ENGINES)}")
    if engine == "hyperscan" or (engine == "auto" and _hyperscan is not None):
        return HyperscanPrefilter(rules)
    return PythonPrefilter(rules)
