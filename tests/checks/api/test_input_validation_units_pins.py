"""api.input-validation's small pure parts, each on its own (seconds, no server): which routes count as account
routes (never sent hostile bodies), the hostile values a query parameter gets by its type, the path an identity's
own-name route is probed at, who sends after a refusal, and the check's defaults."""

from __future__ import annotations

import pytest

from launchready.checks.api.input_validation import (
    ACCOUNT_ROUTE,
    CHECK,
    NOT_REACHED,
    PATH_PROBE,
    QUERY_NUMBERS,
    QUERY_TEXT,
    _Caller,
    _own_path,
    _query_values,
)
from launchready.engines.inventory import Parameter
from launchready.targets.http import Identity


@pytest.mark.parametrize("path", [
    "/auth/login", "/logout", "/signin", "/SignUp", "/register", "/password/change", "/reset", "/users/email",
    "/account/delete", "/me", "/api/me", "/token/refresh"])
def test_account_login_and_token_routes_are_account_routes(path: str) -> None:
    assert ACCOUNT_ROUTE.search(path)


@pytest.mark.parametrize("path", ["/menu", "/messages", "/notes", "/orders/{order_id}", "/chat"])
def test_other_routes_are_not(path: str) -> None:
    assert not ACCOUNT_ROUTE.search(path)


@pytest.mark.parametrize(("param", "values"), [
    (Parameter("limit", "query", "integer"), ("-99999999", "99999999999999999999999", "lr-probe'\"")),
    (Parameter("ratio", "query", "number"), ("-99999999", "99999999999999999999999", "lr-probe'\"")),
    (Parameter("q", "query", "string"), ("lr-probe'\"",)),
    (Parameter("q", "query", ""), ("lr-probe'\"",)),
    (Parameter("archived", "query", "boolean"), ("lr-probe'",)),
    (Parameter("sort", "query", "integer", enum=("1", "2")), ("lr-probe'",)),  # an enum: one wrong value
])
def test_a_query_parameter_gets_hostile_values_by_its_type(param: Parameter, values: tuple[str, ...]) -> None:
    assert _query_values(param) == values
    assert QUERY_NUMBERS == ("-99999999", "99999999999999999999999", "lr-probe'\"") and QUERY_TEXT == ("lr-probe'\"",)


@pytest.mark.parametrize("template", ["{username}", "{user_name}", "{UserName}", "{user}", "{login}", "{handle}",
                                      "{name}"])
def test_an_own_name_parameter_is_filled_with_the_identitys_login_escaped(template: str) -> None:
    assert _own_path(f"/users/{template}/email", "ann+1@acme.test") == "/users/ann%2B1%40acme.test/email"


@pytest.mark.parametrize(("path", "username", "expected"), [
    ("/subscribe", "ann", "/subscribe"),                      # no parameter: the path as it is
    ("/users/{user_id}/email", "ann", None),                  # an object the probe does not own
    ("/users/{username}/email", "", None),                    # no login name known
    ("/orgs/{org}/users/{username}", "ann", None),            # any other parameter rules it out
    ("/users/{usernames}/email", "ann", None),                # the whole parameter, not a prefix
])
def test_any_other_parameter_or_no_login_name_is_not_probed(path: str, username: str, expected: str | None) -> None:
    assert _own_path(path, username) == expected


def test_a_refused_probe_goes_to_the_next_candidate_and_the_last_stays() -> None:
    alice, erin = Identity("alice", {}), Identity("erin", {})
    caller = _Caller([erin, alice])
    assert (caller.current, caller.name) == (erin, "erin")
    assert caller.advance() is True and caller.name == "alice"
    assert caller.advance() is False and caller.current is alice
    anonymous = _Caller([None])
    assert anonymous.name == "anonymous" and anonymous.advance() is False


def test_what_counts_as_not_reached_and_the_path_probe() -> None:
    assert frozenset({401, 403, 429}) == NOT_REACHED
    assert PATH_PROBE == "lr-probe'\"<>%00"


def test_the_checks_defaults() -> None:
    assert dict(CHECK.options) == {"budget": 200, "examples-per-operation": 12, "chat-examples": 6,
                                   "max-body-bytes": 1024 * 1024, "slow-ms": 2000, "timeout-s": 5.0,
                                   "redos-timeout-s": 10.0, "tenant": "tenant-a"}
