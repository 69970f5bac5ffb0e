"""API description documents in JSON or YAML, parsed safely."""

from __future__ import annotations

import pytest

from launchready.engines.spec_document import SpecDocumentError, parse_spec_text, spec_document

YAML_SPEC = "openapi: 3.0.1\ninfo: {title: VAmPI, version: '0.1'}\npaths:\n  /books/v1:\n    get: {}\n"


def test_yaml_and_json_documents_are_read_and_anything_else_is_not_a_spec() -> None:
    assert spec_document(YAML_SPEC) == {"openapi": "3.0.1", "info": {"title": "VAmPI", "version": "0.1"},
                                        "paths": {"/books/v1": {"get": {}}}}
    assert spec_document('{"swagger": "2.0", "paths": {}}') == {"swagger": "2.0", "paths": {}}
    assert spec_document("<html><body>Swagger UI</body></html>") is None
    assert spec_document('{"detail": "Not Found"}') is None


def test_yaml_that_would_build_python_objects_is_refused() -> None:
    with pytest.raises(SpecDocumentError):
        parse_spec_text("openapi: !!python/object/apply:os.system ['true']\n")

