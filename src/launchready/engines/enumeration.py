"""Account enumeration: does an endpoint answer "no such account" differently from "wrong password"?

Decided on three signals together, because each alone misleads: the status (a fixed login may answer
200 to both failures), the body once its volatile parts are removed (timestamps, request ids, nonces,
the username echoed back), and the time taken (a login that hashes only for existing accounts answers
alike yet leaks by timing). A 2xx is a login only when it carries a credential (the token at the
recipe's pointer, or a session cookie); ``{"status": "fail"}`` with 200 is a refusal.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from launchready.model import Status
from launchready.targets.http import Exchange, resolve_pointer

# Volatile parts of an answer, replaced before comparing: order matters (a UUID before its hex runs).
_VOLATILE = (
    re.compile(r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b"),
    re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?"),
    re.compile(r"\b(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{20,}\b"),  # nonces, request ids
    re.compile(r"[0-9a-fA-F]{8,}|\d+"),
)
TIMING_FLOOR_MS = 50.0
"""A timing gap below this is never called a leak, however steady: network and scheduling noise."""


def normalise(text: str, *echoed: str) -> str:
    """The body with what may legitimately differ between two requests removed."""
    for value in echoed:
        if value:
            text = re.sub(re.escape(value), "<user>", text, flags=re.IGNORECASE)
    for pattern in _VOLATILE:
        text = pattern.sub("#", text)
    return " ".join(text.split())


def logged_in(ex: Exchange, token_pointer: str) -> bool:
    """A 2xx that hands out a credential: a token at ``token_pointer`` or a session cookie."""
    if not 200 <= ex.status < 300:
        return False
    token = resolve_pointer(ex.json(), token_pointer)
    if isinstance(token, str) and token.strip():
        return True
    return any(k.lower() == "set-cookie" and "=" in v and not v.split("=", 1)[1].startswith(";")
               for k, v in ex.headers.items())


@dataclass(frozen=True)
class Comparison:
    """How two kinds of failed attempts compare; ``status`` is PASS, FAIL or WARN, ``reason`` says why."""

    status: Status
    reason: str
    signal: str  # "status", "body", "timing" or "" when alike


def compare_bodies(unknown: Exchange, known: Exchange, unknown_user: str, known_user: str) -> Comparison:
    """Status and normalised body of one answer to an unknown account and one to a known account."""
    if unknown.status != known.status:
        return Comparison(Status.FAIL, f"status differs: {unknown.status} for an unknown account, "
                          f"{known.status} for a known one", "status")
    if normalise(unknown.text, unknown_user) != normalise(known.text, known_user):
        return Comparison(Status.FAIL, f"body differs: {unknown.excerpt(80)!r} for an unknown account, "
                          f"{known.excerpt(80)!r} for a known one", "body")
    return Comparison(Status.PASS, f"same status ({known.status}) and same body once volatile parts are removed", "")


TIMING_RATIO = 4.0
"""…or the slowest fast answer times this still below the fastest slow one: a loaded server makes the slow
kind (password hashing) vary by more than the gap, yet never brings it near the fast kind."""


def compare_timing(unknown_ms: Sequence[float], known_ms: Sequence[float]) -> Comparison:
    """Whether one kind of attempt is consistently slower: every sample of one kind beyond every sample of
    the other by more than :data:`TIMING_FLOOR_MS`, and by more than the larger in-kind spread or by a
    factor of :data:`TIMING_RATIO`. Anything less is noise."""
    if len(unknown_ms) == 1 == len(known_ms) and abs(unknown_ms[0] - known_ms[0]) <= TIMING_FLOOR_MS:
        return Comparison(Status.PASS, f"timing within noise ({unknown_ms[0]:.0f} ms for an unknown account, "
                          f"{known_ms[0]:.0f} ms for a known one: under the {TIMING_FLOOR_MS:.0f} ms floor)", "")
    if len(unknown_ms) < 2 or len(known_ms) < 2:
        return Comparison(Status.WARN, "timing not compared: fewer than two answers of each kind", "")
    spread = max(max(unknown_ms) - min(unknown_ms), max(known_ms) - min(known_ms))
    known_slower = min(known_ms) > max(unknown_ms)
    fast, slow = (unknown_ms, known_ms) if known_slower else (known_ms, unknown_ms)
    gap = min(slow) - max(fast)
    medians = f"median {statistics.median(unknown_ms):.0f} ms for an unknown account, " \
              f"{statistics.median(known_ms):.0f} ms for a known one"
    if gap > TIMING_FLOOR_MS and (gap > spread or min(slow) >= TIMING_RATIO * max(*fast, 1.0)):
        slower = "a known" if known_slower else "an unknown"
        return Comparison(Status.FAIL, f"timing differs: {slower} account is always slower ({medians}; "
                          f"{len(unknown_ms)} samples each, slowest fast {max(fast):.0f} ms, fastest slow "
                          f"{min(slow):.0f} ms)", "timing")
    return Comparison(Status.PASS, f"timing within noise ({medians})", "")
