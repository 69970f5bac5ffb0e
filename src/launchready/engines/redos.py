"""Catastrophic backtracking (ReDoS) seen from outside: the answer time of a validated text field as the
input grows.

A pathological value for the usual hand-written e-mail, URL and name patterns is a long run of word
characters followed by one character the pattern cannot end on (``aaaa…!``): a backtracking engine
tries every way to split the run before it gives up, so each extra character multiplies the time. The
control is the same length with the bad character first (``!aaaa…``), which every such pattern rejects
at once. A field is judged only on its own timings: lengths 14, 18, 22… until one answer takes
``ENOUGH_MS`` (bounded: the ramp adapts to the machine's speed and stops before seconds), and it blocks
only on a clear curve confirmed twice — a noisy or loaded server gives a flat or jagged one, never a
multiplying one whose same-length control stays fast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LENGTHS = (14, 18, 22, 26, 30)
ENOUGH_MS = 150.0
"""Once a value takes this long the ramp stops: the curve can be judged, and a backtracking pattern
multiplies its time by ~20 every 4 characters, so the next value could take seconds."""
MIN_SLOW_MS = 100.0
GROWTH = 3.0  # the last 4 characters at least triple the time
CONTROL_FACTOR = 8.0  # and the longest pathological value is far slower than its same-length control

# Formats hand-written patterns usually check. Not names (username, slug): their patterns are simple, and a
# value there names an account or an object (a profile route may look it up, or rename the caller).
_FIELD = re.compile(r"(?i)e-?mail|url|uri|link|website|homepage|phone|domain|host")
_FORMATS = frozenset({"email", "idn-email", "uri", "url", "hostname", "idn-hostname", "iri"})


def candidate_field(name: str, fmt: str = "") -> bool:
    """A text field that is usually checked with a hand-written regular expression."""
    return fmt in _FORMATS or bool(_FIELD.search(name))


def pathological(length: int) -> str:
    return "a" * length + "!"


def control(length: int) -> str:
    return "!" + "a" * length


@dataclass(frozen=True)
class Curve:
    """Answer times (ms) of the pathological values by length, the control at the longest, and a repeat."""

    times: dict[int, float]
    control_ms: float
    repeat_ms: float | None = None

    def exponential(self) -> bool:
        ordered = [self.times[n] for n in sorted(self.times)]
        if len(ordered) < 2:
            return False
        longest = ordered[-1]
        slow = longest >= MIN_SLOW_MS and (self.repeat_ms is None or self.repeat_ms >= MIN_SLOW_MS)
        # The last step only: the shortest value's time is mostly the round trip, not the pattern.
        growing = longest >= GROWTH * max(ordered[-2], 1.0)
        above_control = longest >= CONTROL_FACTOR * max(self.control_ms, 1.0)
        return slow and growing and above_control

    def describe(self) -> str:
        steps = ", ".join(f"{n + 1} chars {ms:.0f} ms" for n, ms in sorted(self.times.items()))
        repeat = f" (again: {self.repeat_ms:.0f} ms)" if self.repeat_ms is not None else ""
        return f"{steps}{repeat}; the same length with the bad character first: {self.control_ms:.0f} ms"
