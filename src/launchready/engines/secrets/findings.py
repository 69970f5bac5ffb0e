"""Findings de-duplicated by (rule, hash of the secret), with every occurrence listed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from launchready.engines.secrets.documentation_values import DISOWNED
from launchready.engines.secrets.rules import Level, Rule

MAX_OCCURRENCES = 50
_ORDER = {Level.FAIL: 0, Level.WARN: 1, Level.INFO: 2}


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
    fails: dict[str, str] = field(default_factory=dict)
    """Path → note of the occurrences that fail there."""
    disowned: dict[str, str] = field(default_factory=dict)
    """Path → note where the author marks this value invalid (:data:`.documentation_values.DISOWNED`)."""

    def judged(self) -> tuple[Level, str]:
        """As severe as the worst occurrence — except a failing one in a file where the author marks the same value
        invalid (another line, another version of that file: gpt_academic's config.py held the key bare in
        one commit and ``（此key无效）`` beside it in the next): the note is about the value, so it warns there."""
        if not self.fails:
            return self.level, self.note
        unexcused = [note for path, note in self.fails.items() if path not in self.disowned]
        if unexcused:
            return Level.FAIL, unexcused[0]
        path, note = next(iter(self.disowned.items()))
        return Level.WARN, f"{note}; written without the note too, elsewhere in {path}"


class FindingSet:
    """Accumulates occurrences; one :class:`Finding` per fingerprint."""

    def __init__(self) -> None:
        self._groups: dict[str, _Group] = {}

    def add(self, rule: Rule, level: Level, fingerprint: str, redacted: str, note: str,
            occurrence: Occurrence, *, in_head: bool = False) -> None:
        g = self._groups.get(fingerprint)
        if g is None:
            g = self._groups[fingerprint] = _Group(rule, level, redacted, note)
        elif _ORDER[level] < _ORDER[g.level] and not occurrence.marker:
            # one value, judged apart at each place: the finding is as severe as its worst occurrence (of those no
            # inline marker ignores)
            g.level, g.note = level, note
        if level is Level.FAIL and not occurrence.marker:
            g.fails.setdefault(occurrence.path, note)
        elif DISOWNED in note:
            g.disowned.setdefault(occurrence.path, note)
        g.total += 1
        g.in_head = g.in_head or in_head
        if len(g.occurrences) < MAX_OCCURRENCES and occurrence not in g.occurrences:
            g.occurrences.append(occurrence)

    def findings(self) -> tuple[Finding, ...]:
        out = []
        for fp, g in self._groups.items():
            level, note = g.judged()
            out.append(Finding(g.rule, level, fp, g.redacted, note, tuple(g.occurrences), g.total, g.in_head))
        out.sort(key=lambda f: (_ORDER[f.level], f.occurrences[0].location if f.occurrences else ""))
        return tuple(out)


def merge(sets: Iterable[tuple[Finding, ...]]) -> frozenset[str]:
    return frozenset(f.fingerprint for fs in sets for f in fs)
