"""api.auth-required's judging, pinned answer by answer: what one answer to an unauthenticated (or
wrongly authenticated) request means, on both sides of every status boundary; how the evidence items
make the check's status and summary; and the normalisation of the password-reset comparison."""

from __future__ import annotations

import pytest

from launchready.checks.api.auth_required import Findings, _normalise, _outcome, judge
from launchready.model import Status
from tests.checks.api.exchanges import answer


@pytest.mark.parametrize("status", [401, 403, 404, 405, 410])
def test_a_refusal_or_a_hidden_route_passes(status: int) -> None:
    assert judge(answer(status, "nope")) == (Status.PASS, f"answered {status}")


@pytest.mark.parametrize("status", [402, 406, 409, 411, 418, 500, 502, 503, 199])
def test_any_other_answer_is_not_a_clean_refusal(status: int) -> None:
    assert judge(answer(status, "x")) == (Status.WARN, f"answered {status}, not a clean 401/403")


@pytest.mark.parametrize("status", [200, 201, 204, 299])
def test_a_success_without_credentials_fails_and_says_whether_data_came_back(status: int) -> None:
    assert judge(answer(status, '{"id": 1}')) == (Status.FAIL, f"answered {status} with data")
    assert judge(answer(status, " \n ")) == (Status.FAIL, f"answered {status} (empty body)")


@pytest.mark.parametrize("location", ["/login", "/signin?next=/x", "/sign-in", "/auth/start", "/sso", "/LOGIN",
                                      "https://idp.example/oauth/authorize"])
@pytest.mark.parametrize("status", [300, 302, 307, 399])
def test_a_redirect_to_a_login_page_passes(status: int, location: str) -> None:
    assert judge(answer(status, headers={"location": location})) == (Status.PASS, f"redirected to login ({status})")


@pytest.mark.parametrize("status", [300, 302, 399])
def test_a_redirect_elsewhere_is_inconclusive_and_names_where_it_went(status: int) -> None:
    assert judge(answer(status, headers={"location": "/home"})) == (
        Status.WARN, f"answered {status} → /home: not a clean 401/403")
    assert judge(answer(status)) == (Status.WARN, f"answered {status} → (no Location): not a clean 401/403")
    long = "/x" * 200
    status_, why = judge(answer(status, headers={"location": long}))
    assert status_ is Status.WARN and why == f"answered {status} → {long[:159]}…: not a clean 401/403"


@pytest.mark.parametrize("status", [400, 422])
def test_a_validation_error_is_inconclusive(status: int) -> None:
    assert judge(answer(status, "bad body")) == (
        Status.WARN, f"inconclusive: answered {status} (input validated before authentication?)")


def test_a_429_is_inconclusive() -> None:
    assert judge(answer(429, "slow down")) == (Status.WARN, "inconclusive: rate-limited (429)")


def _found(*items: tuple[Status, str], routes: int = 2, variants: int = 6, notes: tuple[str, ...] = ()) -> Findings:
    found = Findings(routes=routes, variants=variants, notes=list(notes))
    for status, location in items:
        found.add(status, f"{location} said so", location, (answer(200, "a"),), "tag")
    return found


def test_an_evidence_item_names_its_route_and_carries_the_replay_and_the_answer() -> None:
    found = _found((Status.FAIL, "GET /conversations"))
    item = found.evidence[0]
    assert item.status is Status.FAIL and item.location == "GET /conversations"
    assert item.fingerprint == "api.auth-required:GET /conversations:tag"
    assert item.detail.startswith("curl ") and item.detail.endswith("\n→ 200 a")


def test_one_failing_item_fails_the_check_whatever_else_was_seen() -> None:
    outcome = _outcome(_found((Status.PASS, "GET /a"), (Status.ERROR, "GET /b"), (Status.WARN, "GET /c"),
                              (Status.FAIL, "GET /d"), (Status.FAIL, "GET /e"), notes=("one", "two")), requests=9)
    assert outcome.status is Status.FAIL
    assert outcome.summary == "2 unauthenticated or unauthorised access(es) found. one; two."
    assert outcome.requests == 9 and outcome.metrics == {"routes": 2, "variants": 6}
    assert [e.location for e in outcome.evidence] == ["GET /a", "GET /b", "GET /c", "GET /d", "GET /e"]


def test_a_route_without_an_answer_is_an_error_not_a_pass() -> None:
    outcome = _outcome(_found((Status.PASS, "GET /a"), (Status.ERROR, "GET /b"), (Status.WARN, "GET /c")), 4)
    assert outcome.status is Status.ERROR
    assert outcome.summary == "could not decide every route (no answer)."


def test_nothing_to_probe_is_an_error_that_names_the_config_keys() -> None:
    outcome = _outcome(_found(routes=0, notes=("n",)), 3)
    assert outcome.status is Status.ERROR
    assert outcome.summary == ("no protected routes to test: no OpenAPI document and no declared routes (set [api] "
                               "openapi, chat, upload or admin). n.")
    assert outcome.requests == 3


def test_an_inconclusive_answer_is_a_warning() -> None:
    outcome = _outcome(_found((Status.PASS, "GET /a"), (Status.WARN, "GET /c"), routes=1), 5)
    assert outcome.status is Status.WARN
    assert outcome.summary == "no bypass found, but some answers were inconclusive."


def test_every_route_refusing_every_variant_passes_with_the_counts() -> None:
    outcome = _outcome(_found((Status.PASS, "GET /a"), routes=3, variants=9), 12)
    assert outcome.status is Status.PASS
    assert outcome.summary == "3 protected route(s) refused 9 credential variant(s) with 401/403."
    assert _outcome(_found(routes=1, variants=2, notes=("x",)), 1).summary == (
        "1 protected route(s) refused 2 credential variant(s) with 401/403. x.")


def test_the_reset_comparison_ignores_the_address_and_volatile_ids_but_nothing_else() -> None:
    assert _normalise("No account for Bob@Example.test (ref 12345, trace deadbeef00)", "bob@example.test") == \
        "No account for <user> (ref #, trace #)"
    assert _normalise("trace cafe1234", "") == "trace #"  # eight hex digits; an empty value replaces nothing
    assert _normalise("ref 7 of abcdefab9", "") == "ref # of #"
    assert _normalise("code abc", "") == "code abc"  # three hex letters are a word, not an id
