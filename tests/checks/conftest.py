"""Fixtures the live-check tests share: both example products running on loopback (one instance each per
test module, so one module's rate-limit windows never leak into another's) and the tenants' credentials in the
environment, as a user's CI would provide them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from launchready.lab.examples import RunningExample, running_example, scan_credentials


@pytest.fixture(scope="module")
def vulnerable(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningExample]:
    with running_example("vulnerable", tmp_path_factory.mktemp("vulnerable")) as example, scan_credentials():
        yield example


@pytest.fixture(scope="module")
def hardened(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningExample]:
    with running_example("hardened", tmp_path_factory.mktemp("hardened")) as example, scan_credentials():
        yield example
