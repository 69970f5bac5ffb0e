"""Every registered check honours the contract: complete metadata, a unique id, and a failing and a
passing fixture that really give FAIL and PASS when scanned through the public ``scan()``."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import tests.checks
from launchready import scan
from launchready.catalog import load_catalog
from launchready.checks import BUILTIN_CHECKS
from launchready.model import Profile, Status
from launchready.profiles import load_profile
from tests.fixtures import Fixture

ID = re.compile(r"^(repo|api|ai|domain|ops)\.[a-z0-9]+(?:-[a-z0-9]+)*$")


def _all_fixtures() -> dict[str, tuple[Fixture, Fixture]]:
    found: dict[str, tuple[Fixture, Fixture]] = {}
    for info in pkgutil.walk_packages(tests.checks.__path__, "tests.checks."):
        if info.name.rsplit(".", 1)[-1].startswith("fixtures"):
            module = importlib.import_module(info.name)
            for check_id, pair in getattr(module, "FIXTURES", {}).items():
                assert check_id not in found, f"two fixture sets for {check_id}"
                found[check_id] = pair
    return found


FIXTURES = _all_fixtures()
CHECK_IDS = [c.meta.id for c in BUILTIN_CHECKS]


@pytest.mark.parametrize("check", BUILTIN_CHECKS, ids=CHECK_IDS)
def test_metadata_is_complete(check: object) -> None:
    meta = check.meta  # type: ignore[attr-defined]
    assert ID.match(meta.id), meta.id
    assert meta.id.split(".")[0] == meta.surface.value
    for field in ("title", "criteria", "why", "breaks", "fix"):
        text = getattr(meta, field)
        assert isinstance(text, str) and len(text.strip()) >= 10, f"{meta.id}.{field} is too thin: {text!r}"
    assert meta.references, f"{meta.id} has no references"
    assert meta.checklist, f"{meta.id} has no checklist items"
    module = check.run.__module__  # type: ignore[attr-defined]
    assert module.rsplit(".", 1)[-1] == meta.id.split(".", 1)[1].replace("-", "_"), "module name == id suffix"


def test_ids_are_unique_and_catalogue_loads() -> None:
    assert len(set(CHECK_IDS)) == len(CHECK_IDS)
    assert load_catalog().ids[: len(CHECK_IDS)] == tuple(CHECK_IDS)


def test_profiles_name_only_catalogue_ids() -> None:
    # A blocking id that names no check would block nothing, silently: every one must be registered.
    for profile in Profile:
        unknown = sorted(load_profile(profile).blocking - set(CHECK_IDS))
        assert unknown == [], f"{profile}: blocking ids that name no check: {unknown}"
    assert load_profile(Profile.HANDOVER).blocking < load_profile(Profile.SECURITY_REVIEW).blocking


@pytest.mark.parametrize("check_id", CHECK_IDS)
def test_every_check_has_fixtures(check_id: str) -> None:
    assert check_id in FIXTURES, f"{check_id} has no failing/passing fixture in tests/checks/*/fixtures*.py"


# A check judging measured time passes only on a machine not loaded by the parallel run: `make test` runs
# the `timing` tests alone after it.
TIMED_CHECKS = frozenset({"api.latency"})


@pytest.mark.parametrize(("check_id", "which", "expected"),
                         [pytest.param(i, w, s, marks=[pytest.mark.timing] if i in TIMED_CHECKS else [],
                                       id=f"{i}-{'failing' if w == 0 else 'passing'}")
                          for i in CHECK_IDS for w, s in ((0, Status.FAIL), (1, Status.PASS))])
def test_fixture_gives_expected_status(check_id: str, which: int, expected: Status, tmp_path: Path) -> None:
    if check_id not in FIXTURES:
        pytest.fail(f"{check_id} has no fixtures")
    with FIXTURES[check_id][which](tmp_path) as config:
        card = scan(config.model_copy(update={"only": (check_id,)}))
    result = card.result(check_id)
    if expected is Status.FAIL and card.metas[check_id].warn_only:
        expected = Status.WARN  # a heuristic check can only warn; its failing fixture must warn
    assert result.status is expected, f"{check_id}: {result.status} — {result.summary} {result.evidence}"
    if expected is not Status.PASS:
        assert result.evidence and all(e.location for e in result.evidence if e.status is expected)


def test_readme_check_table_is_generated_from_metadata() -> None:
    from launchready.docs import render_readme

    readme = Path(__file__).resolve().parents[1] / "README.md"
    text = readme.read_text()
    assert render_readme(text) == text, "README.md is stale: run `python -m launchready.docs`"
