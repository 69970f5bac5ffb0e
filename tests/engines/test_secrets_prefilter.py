"""The pure-Python prefilter reports exactly the (rule, start) pairs hyperscan reports, overlaps included."""

from __future__ import annotations

import random

import pytest

from launchready.engines.secrets.matcher import PythonPrefilter, _trie_regex, hyperscan_available, make_prefilter
from launchready.engines.secrets.rules import load_rules
from launchready.engines.secrets.samples import expand

RULES = load_rules()


def _buffer(seed: int) -> bytes:
    rng = random.Random(seed)
    samples = [expand(t, rng) for r in RULES for t in r.positives + r.negatives]
    noise = "AKIASIAsk-_proj xyzTOKENtoken:/+\n"
    parts = [rng.choice(samples) if rng.random() < 0.5 else "".join(rng.choice(noise) for _ in range(30))
             for _ in range(2000)]
    parts.append("AKIASIA" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ")  # overlapping occurrences of two literals
    return "\n".join(parts).encode()


@pytest.mark.skipif(not hyperscan_available(), reason="hyperscan not installed")
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_python_prefilter_equals_hyperscan(seed: int) -> None:
    data = _buffer(seed)
    py = sorted(set(PythonPrefilter(RULES).hits(data)))
    hs = sorted(set(make_prefilter(RULES, "hyperscan").hits(data)))
    assert py == hs and py


def test_overlapping_literals_are_all_reported() -> None:
    data = b"x AKIASIA" + b"ABCDEFGHIJKLMNOPQRSTUVWXYZ" + b"\n"
    starts = {start for _, start in PythonPrefilter(RULES).hits(data)}
    assert {2, 5} <= starts


def test_trie_regex_prefers_the_longest_literal() -> None:
    import re

    rx = re.compile(_trie_regex(sorted([b"sk-", b"sk-proj-", b"sk_live_", b"sb_"])))
    assert [m.group() for m in rx.finditer(b"sk-proj-1 sk-2 sk_live_3 sb_4")] == [b"sk-proj-", b"sk-", b"sk_live_", b"sb_"]
