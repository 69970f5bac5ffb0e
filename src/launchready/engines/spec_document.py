"""Reading an API description document (OpenAPI 3.x / Swagger 2) that may be JSON or YAML.

Products publish ``openapi.json`` as often as ``openapi3.yml`` or ``swagger.yaml``; connexion and many
Flask/Go projects keep only YAML. YAML is read with ``yaml.safe_load`` (never the full loader: a
hostile server's document must not build Python objects). Kept free of target imports so that
:mod:`launchready.targets.http` can use it without an import cycle.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml


class SpecDocumentError(ValueError):
    """The text is neither JSON nor YAML (the message says what the parsers said)."""


def parse_spec_text(text: str) -> Any:
    """The parsed document: JSON first (fast, exact), then YAML. Raises :class:`SpecDocumentError`."""
    try:
        return json.loads(text)
    except ValueError as json_error:
        try:
            return yaml.safe_load(text)
        except yaml.YAMLError as yaml_error:
            where = getattr(yaml_error, "problem_mark", None)
            at = f" at line {where.line + 1}" if where is not None else ""
            raise SpecDocumentError(f"neither JSON ({json_error}) nor YAML{at}") from yaml_error


def spec_document(text: str) -> dict[str, Any] | None:
    """The document if ``text`` is an OpenAPI 3.x or Swagger 2 description; ``None`` for anything else
    (an HTML page, a JSON error body, unparsable text)."""
    try:
        doc = parse_spec_text(text)
    except SpecDocumentError:
        return None
    if isinstance(doc, dict) and ("openapi" in doc or "swagger" in doc) and isinstance(doc.get("paths", {}), dict):
        return doc
    return None


_SPEC_NAME = ("openapi", "swagger", "api-docs", "api_docs", "apispec")
_SPEC_SUFFIXES = (".json", ".yaml", ".yml")
_SKIP_DIRS = frozenset({".git", "node_modules", ".venv", "venv", "site-packages", "dist", "build", ".next",
                        "__pycache__", ".tox", "vendor"})
_MAX_SPEC_BYTES = 4 * 1024 * 1024


def find_spec_files(root: Path, *, limit: int = 20_000) -> list[str]:
    """Paths (relative to ``root``, shallowest first) of the OpenAPI / Swagger documents in a source tree:
    named like one (``openapi3.yml``, ``swagger.json``, ``api-docs.yaml``) and confirmed by their content.
    At most ``limit`` directory entries are looked at, so a huge tree cannot stall ``init``."""
    found: list[str] = []
    seen = 0
    stack = [root]
    while stack and seen < limit:
        directory = stack.pop()
        try:
            entries = sorted(directory.iterdir())
        except OSError:
            continue
        for entry in entries:
            seen += 1
            if entry.is_symlink():
                continue
            if entry.is_dir():
                if entry.name not in _SKIP_DIRS and not entry.name.startswith("."):
                    stack.append(entry)
            elif entry.suffix.lower() in _SPEC_SUFFIXES and any(n in entry.name.lower() for n in _SPEC_NAME):
                try:
                    if entry.stat().st_size > _MAX_SPEC_BYTES:
                        continue
                    text = entry.read_text(encoding="utf-8", errors="replace")
                except OSError:
                    continue
                if spec_document(text) is not None:
                    found.append(entry.relative_to(root).as_posix())
    return sorted(found, key=lambda p: (p.count("/"), p))
