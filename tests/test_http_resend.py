"""The shared client on a server that closes keep-alive connections under it: an idempotent request (or
the login) that meets the reset on a reused connection is resent once on a new one, counted and said;
a POST is not; a connection that brought a 5xx is not reused; a route that always resets is an error
naming it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from launchready.config import Config
from launchready.engines.probing import show
from launchready.errors import TargetError
from launchready.targets.http import ApiTarget
from tests.lab.fragile_server import Fragility, fragile_server


@pytest.fixture
def fragility() -> Fragility:
    return Fragility()


@pytest.fixture
def api(fragility: Fragility) -> Iterator[ApiTarget]:
    with fragile_server(fragility) as url:
        target = ApiTarget(Config.model_validate({"url": url, "api": {"login": {"path": "/token"}}}))
        try:
            yield target
        finally:
            target.close()


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
def test_an_idempotent_request_dropped_on_a_reused_connection_is_resent_once_on_a_new_one(
        api: ApiTarget, fragility: Fragility, method: str) -> None:
    api.send("GET", "/warm-up")
    fragility.drop_reused = True
    answer = api.send(method, "/item/7", json_body={"name": "x"} if method == "PUT" else None)
    assert answer.status == 200 and answer.json() == {"path": "/item/7", "connection": 1}
    assert fragility.dropped(method, "/item/7") == [(0, 1)]  # the first attempt: 2nd request on connection 0
    assert fragility.answered(method, "/item/7") == [(1, 0)]  # the resend: 1st request on a new connection
    assert "resent once on a new connection" in answer.resent and "reused keep-alive connection" in answer.resent
    assert answer.summary() == f"{method} /item/7 → 200 (resent once)"
    assert api.requests_sent == 3  # the warm-up, the dropped attempt, the resend
    # and a finding showing this exchange says so under its replay command
    assert show(answer).splitlines()[-1] == f"  ({answer.resent})"


def test_the_login_is_resent_like_an_idempotent_request(api: ApiTarget, fragility: Fragility) -> None:
    api.send("GET", "/warm-up")
    fragility.drop_reused = True
    answer = api.send("POST", "/token", data={"username": "a", "password": "b"})
    assert answer.status == 200 and answer.resent
    assert fragility.dropped("POST", "/token") == [(0, 1)] and fragility.answered("POST", "/token") == [(1, 0)]


def test_a_post_dropped_on_a_reused_connection_is_not_resent(api: ApiTarget, fragility: Fragility) -> None:
    api.send("GET", "/warm-up")
    fragility.drop_reused = True
    with pytest.raises(TargetError, match=r"^POST /orders: (ReadError|RemoteProtocolError)"):
        api.send("POST", "/orders", json_body={"item": 1})
    assert fragility.dropped("POST", "/orders") == [(0, 1)] and fragility.answered("POST", "/orders") == []
    assert api.requests_sent == 2


def test_a_request_dropped_on_a_connection_of_its_own_is_not_resent(api: ApiTarget, fragility: Fragility) -> None:
    fragility.drop_always = frozenset({"GET /flaky"})
    with pytest.raises(TargetError, match=r"^GET /flaky: "):
        api.send("GET", "/flaky")
    assert fragility.dropped("GET", "/flaky") == [(0, 0)] and api.requests_sent == 1


def test_a_route_that_always_resets_is_an_error_naming_it_after_one_resend(
        api: ApiTarget, fragility: Fragility) -> None:
    fragility.drop_always = frozenset({"GET /flaky"})
    api.send("GET", "/warm-up")
    with pytest.raises(TargetError, match=r"^GET /flaky: (ReadError|RemoteProtocolError).*"
                                          r"\(also when resent once on a new connection; the first attempt met "):
        api.send("GET", "/flaky")
    assert fragility.dropped("GET", "/flaky") == [(0, 1), (1, 0)]  # once reused, once on a new connection
    assert api.requests_sent == 3


def test_the_connection_a_5xx_came_on_is_not_reused(api: ApiTarget, fragility: Fragility) -> None:
    fragility.crash = frozenset({"GET /crash"})
    assert api.send("GET", "/crash").status == 500
    answer = api.send("POST", "/orders", json_body={"item": 1})  # not resendable: must not meet the reset
    assert answer.status == 200 and not answer.resent
    assert fragility.answered("POST", "/orders") == [(1, 0)]
    assert [w for *_, w in fragility.seen] == ["500", "200"]


def test_a_probe_counts_the_resend_against_its_budget(api: ApiTarget, fragility: Fragility) -> None:
    import time

    with api.probe(budget=10, deadline=time.monotonic() + 30) as probe:
        probe.get("/warm-up")
        fragility.drop_reused = True
        assert probe.get("/item/1").resent
    assert probe.count == 3 and api.requests_sent == 3


def test_a_post_after_a_crash_on_real_uvicorn_goes_out_on_a_new_connection() -> None:
    """The cause seen on DVRA, on a real server: after the 500 uvicorn closes the connection; a POST (never
    resent) sent right after must not be put on it."""
    from launchready.lab.examples import checkout_root
    from launchready.lab.server import serve_app

    with serve_app("tests.lab.crashing_app:app", cwd=checkout_root()) as url:
        target = ApiTarget(Config(url=url))
        try:
            for n in range(1, 6):
                assert target.send("GET", "/crash").status == 500
                answer = target.send("POST", "/orders", json_body={"item": n})
                assert answer.status == 201 and answer.json() == {"count": n} and not answer.resent
        finally:
            target.close()
