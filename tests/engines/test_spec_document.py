"""API description documents in JSON or YAML: parsed safely, and found in a source tree by name and content."""

from __future__ import annotations

from pathlib import Path

import pytest

from launchready.engines.spec_document import SpecDocumentError, find_spec_files, parse_spec_text, spec_document
from launchready.init import detect

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


def test_init_finds_a_yaml_spec_in_a_subdirectory_and_ignores_look_alikes(tmp_path: Path) -> None:
    (tmp_path / "openapi_specs").mkdir()
    (tmp_path / "openapi_specs" / "openapi3.yml").write_text(YAML_SPEC, encoding="utf-8")
    (tmp_path / "openapi_specs" / "VAmPI.postman_collection.json").write_text('{"info": {}}', encoding="utf-8")
    (tmp_path / "swagger-ui.json").write_text('{"theme": "dark"}', encoding="utf-8")  # named like one, is not
    (tmp_path / "node_modules" / "lib").mkdir(parents=True)
    (tmp_path / "node_modules" / "lib" / "openapi.json").write_text('{"openapi": "3.0.0", "paths": {}}', "utf-8")
    assert find_spec_files(tmp_path) == ["openapi_specs/openapi3.yml"]
    assert detect(tmp_path).openapi == "openapi_specs/openapi3.yml"
