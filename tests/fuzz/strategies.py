"""Hypothesis strategies shared by the fuzz suite: hostile text, TOML documents, JSON trees.

The fuzz suite runs in CI with a fixed seed (``derandomize``) and a bounded number of examples, so a
failure is reproducible and the suite's time is bounded; locally ``LAUNCHREADY_FUZZ_EXAMPLES=500``
digs deeper.
"""

from __future__ import annotations

import json
import os
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("LAUNCHREADY_FUZZ_EXAMPLES", "40"))
LIVE_EXAMPLES = int(os.environ.get("LAUNCHREADY_FUZZ_EXAMPLES", "10"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# What a target or a file name can smuggle into a report: C0/C1 controls, escape sequences (SGR colours,
# an OSC 8 hyperlink, a CSI via the 8-bit 0x9b), bidi overrides, lone surrogates (invalid UTF-8 read
# with surrogateescape), markup and long runs that stress the matchers.
HOSTILE_PIECES = (
    "\x00", "\x1b[31m", "\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\", "\x9b2J", "\x07", "\x7f",
    "\r", "\u202e", "\udcff", "\udc80", "<script>alert(1)</script>", "]]>", "&#0;", "|", "`", "*",
    "\n", "\t", "A" * 5000, "key=" + "a1" * 2000, "\x0b\x0c", "\u2028",
)
hostile_text = st.lists(
    st.one_of(st.sampled_from(HOSTILE_PIECES), st.text(max_size=40),
              st.text(st.characters(codec=None, min_codepoint=0, max_codepoint=0x10FFFF), max_size=20)),
    max_size=8,
).map("".join)

json_scalars = st.one_of(st.none(), st.booleans(), st.integers(-(2**40), 2**40),
                         st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=30))


SHORT_KEYS = st.text(max_size=12)


def json_trees(keys: st.SearchStrategy[str] = SHORT_KEYS, max_leaves: int = 30) -> st.SearchStrategy[Any]:
    return st.recursive(
        json_scalars,
        lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=5)),
        max_leaves=max_leaves,
    )


def toml_value(value: Any, depth: int = 0) -> str:
    """A TOML literal for ``value`` (inline tables and arrays; keys quoted)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=True)  # a JSON string escape is a valid TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v, depth + 1) for v in value if v is not None) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {toml_value(v, depth + 1)}"
                               for k, v in value.items() if v is not None) + "}"
    return '""'  # None: TOML has no null


def toml_document(table: dict[str, Any]) -> str:
    return "".join(f"{json.dumps(k)} = {toml_value(v)}\n" for k, v in table.items() if v is not None)
