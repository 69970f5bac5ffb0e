"""Mutants that survive because they cannot change behaviour, each with the reason.

Keys are ``Mutant.key``: module, enclosing function, original source text, edit — no line numbers.
"""

from __future__ import annotations

EQUIVALENT: dict[str, str] = {
}
