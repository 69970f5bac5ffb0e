"""OpenAPI/Swagger documents: the values in them describe an API (response examples, defaults), they configure
nothing.

A document is recognised by what it says, not by its name: a ``.json``/``.yaml``/``.yml`` file whose head declares
the specification version (``"openapi": "3.0.3"``, ``swagger: "2.0"``). A generic high-entropy value there (GitHub's
published spec shows a ``temp_clone_token`` in a repository example) is documentation; a provider-format key is
still listed wherever it is.
"""

from __future__ import annotations

import re

from launchready.targets.repo import RepoSnapshot

_SUFFIXES = (".json", ".yaml", ".yml")
_HEAD_BYTES = 4096
# YAML: a top-level key at column 0; JSON: a key of the first object, before any nested one opens.
_YAML_VERSION = re.compile(r"""^(?P<spec>openapi|swagger)\s*:\s*["']?(?P<version>\d+\.\d+(?:\.\d+)?)["']?\s*$""",
                           re.MULTILINE)
_JSON_VERSION = re.compile(r"""^\s*\{[^{\[]*?"(?P<spec>openapi|swagger)"\s*:\s*"(?P<version>\d+\.\d+(?:\.\d+)?)\"""")


def api_description(repo: RepoSnapshot, path: str) -> str:
    """Why ``path`` is an OpenAPI/Swagger document ("" when it is not one)."""
    if not path.lower().endswith(_SUFFIXES):
        return ""
    full = repo.working_file(path)
    if full is None:
        return ""
    try:
        with full.open("rb") as fh:
            text = fh.read(_HEAD_BYTES).decode("utf-8", "replace")
    except OSError:
        return ""
    m = (_JSON_VERSION if path.lower().endswith(".json") else _YAML_VERSION).search(text[:_HEAD_BYTES])
    if m is None:
        return ""
    name = "OpenAPI" if m.group("spec") == "openapi" else "Swagger"
    return f"{path} is an {name} {m.group('version')} document"
