"""Findings de-duplicated by (rule, hash of the secret), with every occurrence listed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from launchready.engines.secrets.rules import Level, Rule

MAX_OCCURRENCES = 50


@dataclass(frozen=True)
class Occurrence:
    location: str
    """``path:line`` (tree, client) or ``commit:path`` (history)."""
    path: str
    line: int
    column: int
    excerpt: str
    marker: str = ""
    """Why an inline marker ignores this occurrence ("" when none)."""
    commit: str = ""
    date: str = ""


@dataclass(frozen=True)
class Finding:
    rule: Rule
    level: Level
    fingerprint: str
    redacted: str
    note: str
    occurrences: tuple[Occurrence, ...]
    total: int
    in_head: bool = False

    @property
    def active(self) -> tuple[Occurrence, ...]:
        return tuple(o for o in self.occurrences if not o.marker)


@dataclass
class _Group:
    rule: Rule
    level: Level
    redacted: str
    note: str
    occurrences: list[Occurrence] = field(default_factory=list)
    total: int = 0
    in_head: bool = False


class FindingSet:
    """Accumulates occurrences; one :class:`Finding` per fingerprint."""

    def __init__(self) -> None:
        self._groups: dict[str, _Group] = {}

    def add(self, rule: Rule, level: Level, fingerprint: str, redacted: str, note: str,
            occurrence: Occurrence, *, in_head: bool = False) -> None:
        g = self._groups.get(fingerprint)
        if g is None:
            g = self._groups[fingerprint] = _Group(rule, level, redacted, note)
        g.total += 1
        g.in_head = g.in_head or in_head
        if len(g.occurrences) < MAX_OCCURRENCES and occurrence not in g.occurrences:
            g.occurrences.append(occurrence)

    def findings(self) -> tuple[Finding, ...]:
        out = [Finding(g.rule, g.level, fp, g.redacted, g.note, tuple(g.occurrences), g.total, g.in_head)
               for fp, g in self._groups.items()]
        order = {Level.FAIL: 0, Level.WARN: 1, Level.INFO: 2}
        out.sort(key=lambda f: (order[f.level], f.occurrences[0].location if f.occurrences else ""))
        return tuple(out)


def merge(sets: Iterable[tuple[Finding, ...]]) -> frozenset[str]:
    return frozenset(f.fingerprint for fs in sets for f in fs)
