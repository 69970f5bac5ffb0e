"""Code samples held as text: a Python string literal over several lines that is itself program text — a docstring's
usage example, an OpenAPI ``x-codeSamples`` entry (``textwrap.dedent(\"\"\"client.users.create(password=...)\"\"\")``).
An assignment inside such a string is an example a reader copies, not a value the program uses; a generic
high-entropy value there is documentation. A provider-format key is listed wherever it is."""

from __future__ import annotations

import ast
import re

from launchready.engines.pysource import python_tree
from launchready.targets.repo import RepoSnapshot

# Program text: a call (`client.users.create(`) or an import on a line of its own. (A bare `key = value` is no sign:
# a config file's text held in a string reads the same.)
_PROGRAM_TEXT = re.compile(r"\b[A-Za-z_][\w.]*\.[A-Za-z_]\w*\(|^\s*(?:from\s+\S+\s+)?import\s+\w|"
                           r"^\s*(?:const|let|var)\s+\w", re.MULTILINE)


def _sample_spans(repo: RepoSnapshot, path: str) -> list[tuple[int, int]]:
    mod = python_tree(repo).modules.get(path)
    if mod is None:
        return []
    spans = []
    for node in ast.walk(mod.tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and "\n" in node.value.strip():
            end = int(getattr(node, "end_lineno", node.lineno) or node.lineno)
            if end > node.lineno and _PROGRAM_TEXT.search(node.value):
                spans.append((node.lineno, end))
    return spans


def code_sample_at(repo: RepoSnapshot, location: str, memo: dict[str, list[tuple[int, int]]]) -> str:
    """Why ``path:line`` sits in a code sample held as a string ("" when it does not)."""
    path, _, line = location.rpartition(":")
    if not path.endswith(".py") or not line.isdigit():
        return ""
    if path not in memo:
        memo[path] = _sample_spans(repo, path)
    n = int(line)
    span = next(((a, b) for a, b in memo[path] if a <= n <= b), None)
    return f"in a string literal of program text ({path}:{span[0]}-{span[1]}): a code sample" if span else ""
