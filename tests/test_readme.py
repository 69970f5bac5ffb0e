"""The README's examples are real: every TOML block loads as a launchready config."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from launchready.config import Config

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```toml\n(.*?)```", README, re.S)


def test_readme_has_config_examples() -> None:
    assert len(BLOCKS) >= 2


@pytest.mark.parametrize("block", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_every_toml_block_is_a_valid_config(block: str) -> None:
    Config.model_validate(tomllib.loads(block))


def test_quickstart_is_exactly_the_two_commands() -> None:
    quick = README.split("## Quickstart", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    commands = [line.split("#", 1)[0].strip() for line in quick.splitlines() if line.strip()]
    assert commands == ["make demo", "make test"]
