"""Login enumeration's decision rules on their own: volatile parts removed, timing judged against noise."""

from __future__ import annotations

from launchready.engines.enumeration import compare_timing, normalise
from launchready.model import Status


def test_request_ids_times_nonces_and_the_echoed_username_are_not_differences() -> None:
    a = '{"status":"fail","user":"nobody-1f2e","id":"3b1f0c52-9a8e-4c1d-b2a7-0e6f5d4c3b2a",' \
        '"at":"2026-12-06T18:16:33.120Z","nonce":"q8Zr2LmX0pT4vW9yB3nK7"}'
    b = '{"status":"fail","user":"name1","id":"c0ffee00-1234-4abc-8def-001122334455",' \
        '"at":"2026-12-06T18:16:34.981Z","nonce":"Hh5Jk2Lq9Wz3Xc7Vb1Nm4"}'
    assert normalise(a, "nobody-1f2e") == normalise(b, "name1")
    assert normalise('{"message":"Username does not exist"}') != normalise('{"message":"Password is not correct"}')


def test_hashing_only_for_known_accounts_is_a_leak_even_when_load_makes_hashing_jitter() -> None:
    # Measured on a loaded machine against a login that runs bcrypt only for existing accounts.
    result = compare_timing([13.3, 9.9, 11.5], [872.1, 788.1, 2131.4])
    assert result.status is Status.FAIL and result.signal == "timing"
    assert result.reason.startswith("timing differs: a known account is always slower")


def test_jitter_without_a_consistent_gap_is_noise() -> None:
    assert compare_timing([4.0, 61.0, 5.0], [6.0, 5.0, 7.0]).status is Status.PASS  # one spike, not a pattern
    assert compare_timing([4.0, 5.0, 6.0], [40.0, 45.0, 50.0]).status is Status.PASS  # below the 50 ms floor
    assert compare_timing([100.0, 300.0, 200.0], [350.0, 420.0, 330.0]).status is Status.PASS  # gap < spread, < 4x
    assert compare_timing([5.0], [900.0]).status is Status.WARN  # one sample of a gap proves nothing yet
    single = compare_timing([5.0], [21.0])  # no gap at all: decided without more wrong passwords
    assert single.status is Status.PASS and single.reason.endswith("under the 50 ms floor)")
