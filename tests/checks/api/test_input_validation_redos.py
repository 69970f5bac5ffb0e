"""api.input-validation's ReDoS probe: an e-mail pattern that backtracks makes the answer time multiply with
a few more characters of ``aaaa…!`` while the same-length control stays fast; a linear pattern does not."""

from __future__ import annotations

import pytest

from launchready import scan
from launchready.engines.redos import Curve
from launchready.lab.examples import checkout_root, scan_credentials
from launchready.lab.server import serve_app
from launchready.model import Status
from tests.checks.api.fixtures_tenancy import edge_config

CHECK = "api.input-validation"


def _redos(app: str) -> dict[str, object]:
    with scan_credentials(), serve_app(f"tests.checks.api.apps_pins:{app}", cwd=checkout_root()) as url:
        config = edge_config(url, CHECK)
        config = config.model_copy(update={"allow_destructive": True})
        result = scan(config).result(CHECK)
    return {e.location: e for e in result.evidence if ":redos:" in e.fingerprint}


def test_a_backtracking_email_pattern_fails_at_each_route_that_uses_it() -> None:
    found = _redos("redos_email")
    assert sorted(found) == ["POST /subscribe", "PUT /users/{username}/email"]
    for evidence in found.values():
        assert evidence.status is Status.FAIL  # type: ignore[attr-defined]
        assert "field 'email'" in evidence.message and "(ReDoS)" in evidence.message  # type: ignore[attr-defined]
        assert "the same length with the bad character first" in evidence.message  # type: ignore[attr-defined]


def test_a_linear_email_pattern_on_the_same_routes_raises_nothing() -> None:
    assert _redos("linear_email") == {}


@pytest.mark.parametrize(("curve", "expected"), [
    (Curve({14: 4, 18: 60, 22: 800}, control_ms=5, repeat_ms=790), True),
    (Curve({14: 4, 18: 60, 22: 800}, control_ms=5, repeat_ms=20), False),  # a one-off stall, not the pattern
    (Curve({14: 300, 18: 320, 22: 340}, control_ms=310), False),  # a slow server: flat, control as slow
    (Curve({14: 4, 18: 300, 22: 700}, control_ms=5, repeat_ms=700), False),  # grows, but not 3x in the last step
    (Curve({14: 4, 18: 60, 22: 800}, control_ms=200, repeat_ms=800), False),  # the control is slow too
    (Curve({14: 4, 18: 20, 22: 90}, control_ms=3, repeat_ms=90), False),  # under 100 ms: not shown
    (Curve({14: 4, 18: 25, 22: 208}, control_ms=2, repeat_ms=190), True),  # the lab's pattern on a fast machine
])
def test_only_a_multiplying_curve_above_its_control_and_confirmed_is_a_finding(curve: Curve, expected: bool) -> None:
    assert curve.exponential() is expected
