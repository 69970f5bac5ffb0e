"""Mutants that survive because they cannot change behaviour, each with the reason.

Keys are ``Mutant.key``: module, enclosing function, the source line, the node's text, the edit — no
line numbers, so an entry survives edits elsewhere in the module.
"""

from __future__ import annotations

EQUIVALENT: dict[str, str] = {
    'src/launchready/verdict.py::decide::not_run = tuple(i for i in deselected if i.split(".", 1)[0] in '
    '{s.value for s in covered})::1::`1` → `2`':
        "the first field of a split is the same for any maxsplit ≥ 1",
}
