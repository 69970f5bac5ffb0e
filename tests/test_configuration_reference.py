"""docs/configuration.md is generated from the configuration model: every key, its type, default and an
example that the strict loader accepts; the test fails when the file is stale."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from pydantic import TypeAdapter

from launchready.config import Config
from launchready.reference import keys, render_reference

ROOT = Path(__file__).resolve().parents[1]


def test_configuration_reference_is_current() -> None:
    committed = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    assert committed == render_reference(), "docs/configuration.md is stale: run `python -m launchready.docs`"


def test_reference_lists_every_key_with_type_default_and_flag() -> None:
    text = render_reference()
    for key in keys():
        assert f"| `{key.name}` |" in text, key.name
    assert "| `url` | `--url` | string | `unset` |" in text
    assert "| `profile` | `--profile` | \"handover\" \\| \"security-review\" | `\"handover\"` |" in text
    assert "| `api.request-budget` | — | integer | `2000` |" in text
    assert "| `api.tenants.name` | — | string | `required` |" in text


def test_the_readme_links_the_reference() -> None:
    assert "(docs/configuration.md)" in (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", [k.name for k in keys()])
def test_every_example_is_accepted(name: str) -> None:
    key = next(k for k in keys() if k.name == name)
    example = key.doc.example
    if example.startswith("[") and ("\n" in example or example.startswith("[[")):  # a table snippet
        Config.model_validate(tomllib.loads(example))
        return
    value = tomllib.loads(f"v = {example}")["v"]
    if "." not in name:
        Config.model_validate({name: value})
    else:
        assert key.field.annotation is not None
        TypeAdapter(key.field.annotation).validate_python(value)
