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


def _judged(script: dict[str, list[float]]) -> list[tuple[Status, str]]:
    """``_judge_redos`` against a scripted server: each value answers the next of its own listed times."""
    from launchready.checks.api.input_validation import _judge_redos, _Tally
    from launchready.targets.http import Operation

    sent: list[str] = []

    def send(value: str) -> tuple[None, float]:
        sent.append(value)
        return None, script[value].pop(0)

    tally = _Tally()
    _judge_redos(tally, Operation("PUT", "/users/{username}/email", True), "email", send)
    return [(e.status, e.message) for e in tally.evidence]


def _a(n: int) -> str:
    return "a" * n + "!"


def test_a_load_spike_on_one_step_neither_hides_a_backtracking_pattern_nor_ends_the_ramp_early() -> None:
    # 18 characters met a spike (400 ms, then 30 ms measured again): the ramp goes on, and the real curve
    # (26 characters ~900 ms against 58 ms at 22) is judged; the control is fast.
    script = {_a(14): [20.0, 21.0], _a(18): [400.0, 30.0], _a(22): [60.0, 58.0], _a(26): [900.0, 850.0, 870.0],
              "!" + "a" * 26: [6.0]}
    [(status, message)] = _judged(script)
    assert status is Status.FAIL
    assert "23 chars 58 ms, 27 chars 850 ms (again: 870 ms)" in message


def test_a_spike_on_a_linear_pattern_is_measured_again_and_the_field_passes_naming_its_curve() -> None:
    script = {_a(14): [20.0, 19.0], _a(18): [400.0, 22.0], _a(22): [25.0], _a(26): [27.0], _a(30): [28.0],
              "!" + "a" * 30: [21.0, 20.0]}
    [(status, message)] = _judged(script)
    assert status is Status.PASS
    assert message == ("field 'email': no backtracking seen in the answer times of aaaaaa…! values: "
                       "15 chars 19 ms, 19 chars 22 ms, 23 chars 25 ms, 27 chars 27 ms, 31 chars 28 ms; "
                       "the same length with the bad character first: 20 ms")


def test_a_control_slowed_once_by_load_is_measured_again() -> None:
    script = {_a(14): [5.0], _a(18): [60.0], _a(22): [800.0, 790.0], "!" + "a" * 22: [300.0, 4.0]}
    script[_a(18)].append(61.0)
    script[_a(22)].append(780.0)
    [(status, message)] = _judged(script)
    assert status is Status.FAIL and message.endswith("the same length with the bad character first: 4 ms")


def test_a_first_value_already_slow_is_no_curve_and_the_ramp_goes_on() -> None:
    # the server was still busy with an earlier route's probe: 14 characters took 400 ms twice; the ramp goes
    # on and judges the curve it then sees (a flat one here: a pass naming it, never silence)
    script = {_a(14): [400.0, 390.0], _a(18): [30.0], _a(22): [31.0], _a(26): [29.0], _a(30): [30.0],
              "!" + "a" * 30: [25.0, 24.0]}
    [(status, message)] = _judged(script)
    assert status is Status.PASS
    assert "15 chars 390 ms, 19 chars 30 ms" in message


def test_a_step_slower_than_any_load_spike_ends_the_ramp_without_measuring_it_again() -> None:
    # 2.3 s at 27 characters is the pattern, not load: no second 2.3 s, no 31-character value that would keep
    # the server spinning past the control
    script = {_a(14): [2.0], _a(18): [18.0], _a(22): [145.0], _a(26): [2278.0, 2207.0], "!" + "a" * 26: [2.0]}
    [(status, message)] = _judged(script)
    assert status is Status.FAIL
    assert message.endswith("23 chars 145 ms, 27 chars 2278 ms (again: 2207 ms); the same length with the bad "
                            "character first: 2 ms")
