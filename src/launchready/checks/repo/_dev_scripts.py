"""Developer scripts the product never runs: a file in a developer's directory that no product file imports.

A probe script under ``tools/develop/`` or ``scripts/`` that defines a tool and calls a provider's API by hand
is run by a developer from a terminal; the product's model is never given its tools. The path alone says
only where the file sits: the file counts as the product's when any file outside such directories imports
it (by its module name), as a plugin under ``src/…/tutorial/`` loaded by the product does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from launchready.engines.routes import source_files
from launchready.targets.repo import RepoSnapshot

_DEV_DIR = re.compile(r"(?:^|/)(?:develop|development|dev|devtools|dev-tools|scripts|playground|sandbox|"
                      r"experiments?|probes?|benchmarks?|bench|notebooks?)/", re.IGNORECASE)


def in_dev_dir(path: str) -> bool:
    """Does ``path`` sit in a developer's directory (``tools/develop/``, ``scripts/``, ``playground/``)?"""
    return bool(_DEV_DIR.search(path))


def _module_names(path: str) -> set[str]:
    """The names an import of ``path`` would use: its stem, and its dotted Python module path."""
    stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    names = {stem}
    if path.endswith(".py"):
        names.add(path.removesuffix(".py").replace("/", "."))
    return names


def _imports(text: str, name: str) -> bool:
    """Does ``text`` import a module called ``name`` (``from './lib.mjs'``, ``require('../x/lib')``,
    ``from pkg.lib import``, ``import pkg.lib``)?"""
    n = re.escape(name)
    return bool(re.search(rf"""(?:from|require\s*\(|import\s*\(?)\s*['"][^'"\n]*(?:^|/){n}(?:\.[cm]?[jt]sx?)?['"]"""
                          rf"|^\s*(?:from\s+[\w.]*\b{n}\s+import|import\s+[\w.]*\b{n}\b)", text, re.MULTILINE))


def dev_scripts(repo: RepoSnapshot, paths: Iterable[str]) -> dict[str, str]:
    """Of ``paths``, those in a developer's directory that no product file (outside such directories) imports,
    each with the reason said in a report."""
    candidates = {p for p in paths if in_dev_dir(p)}
    if not candidates:
        return {}
    product = [(path, text) for path, text in source_files(repo) if not in_dev_dir(path)]
    found: dict[str, str] = {}
    for path in sorted(candidates):
        names = _module_names(path)
        if not any(_imports(text, name) for _, text in product for name in names):
            found[path] = f"{path} sits in a developer's directory and no product file imports it"
    return found
