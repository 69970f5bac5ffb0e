"""Is a committed env file the configuration of a test stack rather than of the product?

An env file is *test-scoped* when it sits in a test directory (``e2e/``, ``tests/``, ``fixtures/``, ``ci/`` …) and
nothing outside the tests loads it, or when the only files that load it (a compose ``env_file:``, an
``--env-file``, a ``dotenv``/``load_dotenv`` path) are themselves test files: compose files and scripts in a test
directory or named for tests (``docker-compose.test.yml``, ``compose.e2e.yaml``). A file the product's own
compose, Dockerfile or code loads is not, wherever it sits.
"""

from __future__ import annotations

import posixpath
import re

from launchready.targets.repo import RepoSnapshot

TEST_PARTS = frozenset({"test", "tests", "__tests__", "e2e", "e2e-tests", "integration-tests", "fixtures",
                        "testdata", "spec", "specs", "ci", "cypress", "playwright"})
_TEST_NAME = re.compile(r"(?:^|[._-])(?:test|tests|e2e|ci|testing|integration)(?:[._-]|$)", re.IGNORECASE)
_LOADER_SUFFIXES = (".yml", ".yaml", ".sh", ".js", ".mjs", ".cjs", ".ts", ".py", ".json", ".toml", ".mk")
_LOADER_NAMES = ("Makefile", "Dockerfile", "Procfile", "justfile")
_MAX_LOADER_BYTES = 256 * 1024


def _test_file(path: str) -> bool:
    parts = path.split("/")
    return bool(set(parts[:-1]) & TEST_PARTS) or bool(_TEST_NAME.search(parts[-1]))


def _mentions(text: str, path: str, loader: str) -> bool:
    """Does ``loader`` name ``path``: relative to the loader's directory, or from the repository root?"""
    relative = posixpath.relpath(path, posixpath.dirname(loader) or ".")
    return any(re.search(r"(?<![\w./-])(?:\./)?" + re.escape(name) + r"(?![\w.-])", text) for name in {relative, path})


def test_scope(repo: RepoSnapshot, path: str) -> str:
    """Why ``path`` is a test stack's env file ("" when it is not, or when that cannot be told)."""
    loaders: list[str] = []
    for loader in repo.tracked_files:
        base = loader.rsplit("/", 1)[-1]
        if loader == path or not (base.endswith(_LOADER_SUFFIXES) or base in _LOADER_NAMES):
            continue
        text = repo.read_text(loader, max_bytes=_MAX_LOADER_BYTES)
        if text is not None and _mentions(text, path, loader):
            loaders.append(loader)
    product = [f for f in loaders if not _test_file(f)]
    if product:
        return ""
    in_test_dir = sorted(set(path.split("/")[:-1]) & TEST_PARTS)
    if loaders:
        return f"only test files load it ({', '.join(loaders[:3])}{' …' if len(loaders) > 3 else ''})"
    if in_test_dir:
        return f"it sits in {in_test_dir[0]}/ and nothing outside the tests loads it"
    return ""


def test_scope_of_removed(path: str) -> str:
    """For a file only history holds (nothing loads it now): its directory alone."""
    in_test_dir = sorted(set(path.split("/")[:-1]) & TEST_PARTS)
    return f"it sat in {in_test_dir[0]}/ (a test directory)" if in_test_dir else ""
