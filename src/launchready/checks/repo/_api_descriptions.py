"""OpenAPI/Swagger documents: the values in them describe an API (response examples, defaults), they configure
nothing.

A document is recognised by what it says, not by its name: a ``.json``/``.yaml``/``.yml`` file whose head declares
the specification version (``"openapi": "3.0.3"``, ``swagger: "2.0"``). A generic high-entropy value there (GitHub's
published spec shows a ``temp_clone_token`` in a repository example) is documentation. A provider-format key inside
an ``example``/``examples`` block of one (the Slack Web API's published spec shows
``"access_token": "xoxb-17653672481-…"`` in a response example) is most likely the publisher's sample: a warning
that says so and asks to confirm, never a blocking failure.
"""

from __future__ import annotations

import re
from dataclasses import replace

from launchready.model import Evidence, Status
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


# The keys that open an example block (OpenAPI ``example``/``examples``, ``x-example``, Swagger 2 ``x-examples``).
_EXAMPLE_KEY = re.compile(r"""^\s*["']?(?:x-)?examples?["']?\s*:""")
_KEY_LINE = re.compile(r"""^\s*(?:-\s*)?["']?[\w$@./-]+["']?\s*:""")


def in_example(text: str, line: int) -> bool:
    """Is ``line`` (1-based) of an API description ``text`` inside an ``example``/``examples`` block? Walks up the
    enclosing keys by indentation to the document's top level."""
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return False
    indent = len(lines[line - 1]) - len(lines[line - 1].lstrip())
    for above in range(line - 2, -1, -1):
        here = lines[above]
        if not here.strip():
            continue
        depth = len(here) - len(here.lstrip())
        if depth < indent and _KEY_LINE.match(here):
            if _EXAMPLE_KEY.match(here):
                return True
            indent = depth
            if depth == 0:
                return False
    return False


def example_warning(e: Evidence, described: str, counts: dict[str, int]) -> Evidence:
    """A failure found inside an example block of the API description ``described`` (why the file is one), as the
    warning it is; ``counts`` moved from fail to warn."""
    counts["fail"] -= 1
    counts["warn"] += 1
    return replace(e, status=Status.WARN, message=f"{e.message} — in an example of an API description "
                   f"({described}): most likely the publisher's documentation sample; confirm it was never a live key")
