"""Failing (vulnerable example) and passing (hardened example) fixtures of the ai checks for the
catalogue contract."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from launchready.config import Config
from launchready.lab.examples import running_example, scan_credentials
from tests.fixtures import Fixture

AI_CHECKS = ("ai.system-prompt-leak", "ai.injection-tool-misuse", "ai.cross-tenant-context",
             "ai.indirect-injection", "ai.output-handling", "ai.cost-exposure")


def example_fixture(name: str, check_id: str) -> Fixture:
    @contextmanager
    def make(tmp: Path) -> Iterator[Config]:
        with running_example(name, tmp / name) as example, scan_credentials():
            yield example.config(only=(check_id,))

    return make


FIXTURES: dict[str, tuple[Fixture, Fixture]] = {
    check_id: (
        example_fixture("vulnerable", check_id),
        example_fixture("hardened", check_id),
    )
    for check_id in AI_CHECKS
}
