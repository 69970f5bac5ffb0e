"""api.rate-limits' reading of one answer, pinned header by header and on both sides of each status boundary:
what counts as "limited", how many requests a server says remain, which headers are quoted as the limit's
headers, and which answers say the burst met no handler at all."""

from __future__ import annotations

import pytest

from launchready.checks.api.rate_limits import _limit_headers, _limited, _remaining, _unanswered
from tests.checks.api.exchanges import answer


@pytest.mark.parametrize(("status", "headers", "limited"), [
    (429, {}, True),
    (503, {"Retry-After": "30"}, True),
    (503, {"retry-after": "30"}, True),
    (503, {}, False),
    (502, {"retry-after": "30"}, False),
    (200, {"retry-after": "30"}, False),
    (428, {}, False),
    (430, {}, False),
])
def test_a_429_or_a_503_with_retry_after_is_a_limit(status: int, headers: dict[str, str], limited: bool) -> None:
    assert _limited(answer(status, "x", headers)) is limited


@pytest.mark.parametrize("name", ["x-ratelimit-remaining", "ratelimit-remaining", "x-rate-limit-remaining",
                                  "X-RateLimit-Remaining"])
def test_each_remaining_header_is_read(name: str) -> None:
    assert _remaining(answer(200, "", {name: " 7 "})) == 7
    assert _remaining(answer(200, "", {name: "0"})) == 0
    assert _remaining(answer(200, "", {name: "-1"})) == -1


@pytest.mark.parametrize(("value", "remaining"), [
    ("limit=3, remaining=0, reset=60", 0),
    ("limit=3, remaining=12, reset=60", 12),
    ('"default";r=5;t=30', 5),
    ("r=4;t=1", 4),
    ("default; r=9", 9),
    ("limit=3, reset=60", None),
    ("tr=4", None),
])
def test_the_ietf_ratelimit_header_is_read_in_both_drafts(value: str, remaining: int | None) -> None:
    assert _remaining(answer(200, "", {"RateLimit": value})) == remaining


def test_a_remaining_header_that_is_not_a_number_falls_back_to_the_ietf_header() -> None:
    assert _remaining(answer(200, "", {"x-ratelimit-remaining": "lots", "ratelimit": "r=2"})) == 2
    assert _remaining(answer(200, "", {"x-ratelimit-remaining": "3", "ratelimit": "r=2"})) == 3
    assert _remaining(answer(200, "", {"x-ratelimit-remaining": "lots"})) is None
    assert _remaining(answer(200, "", {})) is None


def test_exactly_the_limit_headers_are_quoted_as_sent() -> None:
    limit_headers = {"Retry-After": "1", "RateLimit": "r=0", "RateLimit-Policy": "3;w=60", "RateLimit-Limit": "3",
                     "RateLimit-Remaining": "0", "RateLimit-Reset": "60", "X-RateLimit-Limit": "3",
                     "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "60"}
    ex = answer(429, "", {"content-type": "application/json", **limit_headers, "x-rate-limit-remaining": "0"})
    assert _limit_headers(ex) == ", ".join(f"{k}: {v}" for k, v in limit_headers.items())
    assert _limit_headers(answer(429, "", {"content-type": "text/plain"})) == ""


@pytest.mark.parametrize(("status", "unanswered"), [
    (200, False), (299, False), (300, True), (302, True), (399, True), (400, False), (401, False), (422, False),
    (499, False), (500, True), (503, True)])
def test_redirects_and_server_errors_mean_no_handler_answered(status: int, unanswered: bool) -> None:
    assert _unanswered(answer(status, "x"), answer(404, "x")) is unanswered
    assert _unanswered(answer(status, "x"), None) is unanswered


@pytest.mark.parametrize("status", [404, 405, 410])
def test_a_404_405_or_410_is_no_handler_only_when_a_made_up_path_gets_the_same(status: int) -> None:
    own = answer(status, '{"detail":"Not Found"}')
    assert _unanswered(own, None) is True  # nothing to compare with: not an answer of the route
    for stranger_status in (404, 405, 410):
        assert _unanswered(own, answer(stranger_status, '{"detail":"Not Found"}')) is True
        assert _unanswered(own, answer(stranger_status, '{"detail":"no account with that email"}')) is False
    assert _unanswered(own, answer(200, '{"detail":"Not Found"}')) is False  # a catch-all: the 404 is the route's
    assert _unanswered(own, answer(401, '{"detail":"Not Found"}')) is False
