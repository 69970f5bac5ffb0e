"""Reading an API description document (OpenAPI 3.x / Swagger 2) that may be JSON or YAML.

Products publish ``openapi.json`` as often as ``openapi3.yml`` or ``swagger.yaml``; connexion and many
Flask/Go projects keep only YAML. YAML is read with ``yaml.safe_load`` (never the full loader: a
hostile server's document must not build Python objects). Kept free of target imports so that
:mod:`launchready.targets.http` can use it without an import cycle.
"""

from __future__ import annotations

import json
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

