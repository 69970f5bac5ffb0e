"""Find the line of a key in a TOML document.

``tomllib`` parses but keeps no positions, and the round-trip parsers (tomlkit) expose none
either; an error that says ``launchready.toml:12`` needs one. This walks the lines, tracking the
current table (``[a.b]``, ``[[a]]`` with its index) and dotted / quoted keys, and answers the
line of the deepest match for a pydantic-style location such as ``("suppress", 0, "reason")``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_HEADER = re.compile(r"^\s*(\[\[?)\s*(?P<name>[^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_BARE_OR_QUOTED = r"""(?:"[^"]*"|'[^']*'|[A-Za-z0-9_\-]+)"""
_KEY = re.compile(rf"^\s*(?P<key>{_BARE_OR_QUOTED}(?:\s*\.\s*{_BARE_OR_QUOTED})*)\s*=")
_PART = re.compile(r"""\s*("[^"]*"|'[^']*'|[A-Za-z0-9_\-]+)\s*(?:\.|$)""")


def _split(dotted: str) -> tuple[str, ...]:
    parts = []
    for m in _PART.finditer(dotted):
        p = m.group(1)
        parts.append(p[1:-1] if p[:1] in "\"'" else p)
    return tuple(parts)


def locate(text: str, loc: Sequence[str | int]) -> int | None:
    """1-based line of the deepest key or table matching ``loc``; ``None`` if nothing matches."""
    want = tuple(loc)
    table: tuple[str | int, ...] = ()
    aot_counts: dict[tuple[str | int, ...], int] = {}
    best_line: int | None = None
    best_depth = 0
    in_multiline = False
    for number, line in enumerate(text.splitlines(), start=1):
        if in_multiline:
            if line.count('"""') % 2 == 1 or line.count("'''") % 2 == 1:
                in_multiline = False
            continue
        header = _HEADER.match(line)
        if header:
            names: tuple[str | int, ...] = _split(header.group("name"))
            if header.group(1) == "[[":
                index = aot_counts.get(names, 0)
                aot_counts[names] = index + 1
                names = (*names, index)
            else:
                # A sub-table of an array of tables belongs to its latest element.
                fixed: list[str | int] = []
                for part in names:
                    fixed.append(part)
                    key = tuple(fixed)
                    if key in aot_counts:
                        fixed.append(aot_counts[key] - 1)
                names = tuple(fixed)
            table = names
            depth = _common(table, want)
            if depth > best_depth:
                best_line, best_depth = number, depth
            continue
        assignment = _KEY.match(line)
        if assignment:
            full = (*table, *_split(assignment.group("key")))
            depth = _common(full, want)
            if depth > best_depth or (depth == best_depth and depth == len(full) and best_line is None):
                best_line, best_depth = number, depth
            rest = line[assignment.end():]
            if rest.count('"""') % 2 == 1 or rest.count("'''") % 2 == 1:
                in_multiline = True
    return best_line


def _common(have: tuple[str | int, ...], want: tuple[str | int, ...]) -> int:
    """How deep ``have`` matches ``want``: its length when it is a prefix of ``want``, else 0."""
    have = have[: len(want)]
    return len(have) if want[: len(have)] == have else 0
