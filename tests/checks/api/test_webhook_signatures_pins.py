"""api.webhook-signatures pinned delivery by delivery: a receiver answers the n-th delivery with a chosen
status (``apps_probe_pins:scripted_hook``), so each delivery's own evidence — status, message, fingerprint —
and both sides of every status boundary (2xx accepted, 4xx rejected, anything else a warn) are asserted."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from launchready import scan
from launchready.lab.examples import checkout_root
from launchready.lab.server import serve_app
from launchready.model import Result, Status
from tests.checks.api.fixtures_surface import edge_config

ID = "api.webhook-signatures"
SECRET = "whsec_QUJDREVGR0hJSktMTU5PUFFSU1RVVldY"
SECRET_ENV = "LR_PIN_HOOK_SECRET"


@pytest.fixture(autouse=True)
def _secret(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv(SECRET_ENV, SECRET)
    monkeypatch.delenv("LR_PIN_HOOK_UNSET", raising=False)
    yield


def _scan(app: str, env: Mapping[str, str], hooks: list[dict[str, Any]], **options: Any) -> Result:
    with serve_app(f"tests.checks.api.apps_probe_pins:{app}", cwd=checkout_root(), env=dict(env)) as url:
        config = edge_config(url, tenants=[], request_timeout=1.0, webhooks=hooks,
                             checks={ID: options} if options else None)
        return scan(config.model_copy(update={"only": (ID,)})).result(ID)


def _scripted(scheme: str, answers: str, *, secret_env: str = SECRET_ENV, **options: Any) -> Result:
    hook = {"path": f"/webhooks/{scheme}", "scheme": scheme, "secret-env": secret_env}
    return _scan("scripted_hook", {"HOOK_ANSWERS": answers}, [hook], **options)


def _items(result: Result) -> dict[str, tuple[Status, str]]:
    """fingerprint (less the check id and route) → (status, message less the route)"""
    out = {}
    for e in result.evidence:
        assert e.fingerprint.startswith(f"{ID}:{e.location}:") and e.message.startswith(e.location), e
        out[e.fingerprint.removeprefix(f"{ID}:{e.location}:")] = (e.status, e.message.removeprefix(e.location).lstrip())
    return out


NOT_4XX = "(the handler may act before it verifies)"


def test_rejections_at_the_edges_of_4xx_and_the_odd_answers_that_are_warnings() -> None:
    # unsigned 400, random secret 499 (both 4xx: rejected), stale 500 and tampered 399 (neither), signed 200,
    # its replay 409
    result = _scripted("stripe", "400,499,500,399,200,409")
    assert _items(result) == {
        "stale:not-4xx": (Status.WARN, f"answered the stale delivery 500 instead of a 4xx rejection {NOT_4XX}"),
        "tampered:not-4xx": (Status.WARN, f"answered the tampered delivery 399 instead of a 4xx rejection {NOT_4XX}"),
        "valid": (Status.PASS, "accepted a correctly signed, fresh delivery (200)"),
    }
    assert result.status is Status.WARN and result.requests == 6
    assert result.summary == "POST /webhooks/stripe (stripe): webhook signature problems"


def test_every_forgery_accepted_is_its_own_failure_and_a_replay_of_a_standard_webhook_fails() -> None:
    started = time.time()
    result = _scripted("standard-webhooks", "200,201,299,202,299,299")
    ended = time.time()
    items = _items(result)
    replay = items.pop("replay")
    assert items == {
        "unsigned": (Status.FAIL, "accepted an unsigned delivery (200)"),
        "random-secret": (Status.FAIL, "accepted a delivery signed with a random secret (201)"),
        "stale": (Status.FAIL, "accepted a correctly signed delivery with a timestamp an hour old (replay window "
                               "unbounded) (299)"),
        "tampered": (Status.FAIL, "accepted a delivery whose signature belongs to another body (202)"),
        "valid": (Status.PASS, "accepted a correctly signed, fresh delivery (299)"),
    }
    assert replay[0] is Status.FAIL
    assert replay[1].startswith("accepted the same delivery twice (webhook-id msg_lr_")
    assert replay[1].endswith("): Standard Webhooks receivers must de-duplicate message ids")
    assert result.status is Status.FAIL and result.requests == 6
    # the stale delivery is signed an hour before the scan's clock, and every delivery carries the scan's nonce
    stale = next(e for e in result.evidence if e.fingerprint.endswith(":stale"))
    [stamp] = re.findall(r"webhook-timestamp: (\d+)", stale.detail)
    assert started - 3600 - 1 <= int(stamp) <= ended - 3600, (started, stamp)
    assert re.search(r'"data":\{"nonce":"[0-9a-f]{12}"\}', stale.detail), stale.detail


def test_a_replay_of_a_stripe_delivery_is_a_warning_and_300_is_no_acceptance() -> None:
    result = _scripted("stripe", "300,400,400,400,200,299")
    assert _items(result) == {
        "unsigned:not-4xx": (Status.WARN, f"answered the unsigned delivery 300 instead of a 4xx rejection {NOT_4XX}"),
        "valid": (Status.PASS, "accepted a correctly signed, fresh delivery (200)"),
        "replay": (Status.WARN, "accepted the same signed delivery twice (299); make handling idempotent "
                                "(de-duplicate event ids)"),
    }
    assert result.status is Status.WARN


def test_a_replay_answered_300_is_not_an_acceptance() -> None:
    result = _scripted("standard-webhooks", "400,400,400,400,200,300")
    assert _items(result) == {"valid": (Status.PASS, "accepted a correctly signed, fresh delivery (200)")}
    assert result.status is Status.PASS
    assert result.summary == ("POST /webhooks/standard-webhooks (standard-webhooks): forged, stale and tampered "
                              "deliveries rejected, a signed one accepted")


def test_a_scheme_without_timestamps_sends_no_stale_delivery_and_says_so() -> None:
    result = _scripted("github", "400,400,400,200,400")  # unsigned, random secret, tampered, signed, replay
    assert _items(result) == {
        "valid": (Status.PASS, "accepted a correctly signed, fresh delivery (200)"),
        "notes": (Status.PASS, ": the github scheme signs no timestamp, so a stale delivery cannot be told apart"),
    }
    assert result.status is Status.PASS and result.requests == 5


@pytest.mark.parametrize(("answer", "accepted"), [("200", True), ("299", True), ("300", False), ("400", False)])
def test_the_signed_delivery_counts_as_accepted_only_with_a_2xx(answer: str, accepted: bool) -> None:
    result = _scripted("github", f"400,400,400,{answer},400")
    items = _items(result)
    if accepted:
        assert items["valid"] == (Status.PASS, f"accepted a correctly signed, fresh delivery ({answer})")
        assert result.status is Status.PASS and result.requests == 5
    else:
        assert items == {"valid-rejected": (
            Status.ERROR, f"answered a correctly signed, fresh github delivery {answer}: the probe never reached "
                          "the handler (wrong secret-env, path or scheme?), so its rejections prove nothing")}
        assert result.status is Status.ERROR and result.requests == 4


def test_a_path_answering_only_404_and_405_has_no_handler() -> None:
    result = _scripted("stripe", "404,405,404,405")
    assert _items(result) == {"absent": (Status.ERROR, "answered 404 to every delivery: no webhook handler at the "
                                                       "declared path")}
    assert result.status is Status.ERROR and result.requests == 4


def test_one_404_among_rejections_is_not_an_absent_handler() -> None:
    result = _scripted("stripe", "404,400,400,400,200,400")
    assert _items(result) == {"valid": (Status.PASS, "accepted a correctly signed, fresh delivery (200)")}
    assert result.status is Status.PASS


def test_without_a_secret_only_the_forgeries_are_sent_and_the_result_is_a_warning() -> None:
    hook = {"path": "/webhooks/stripe", "scheme": "stripe"}
    result = _scan("scripted_hook", {"HOOK_ANSWERS": "400,400"}, [hook])
    assert _items(result) == {"no-secret": (
        Status.WARN, ": no secret given (secret-env), so no correctly signed delivery was sent — a handler that "
                     "rejects everything cannot be told from one that verifies")}
    assert result.status is Status.WARN and result.requests == 2


def test_a_secret_env_that_is_not_set_is_an_error_and_nothing_is_sent() -> None:
    result = _scripted("stripe", "200", secret_env="LR_PIN_HOOK_UNSET")
    assert _items(result) == {"secret-unset": (
        Status.ERROR, ": environment variable LR_PIN_HOOK_UNSET (secret-env) is not set")}
    assert result.status is Status.ERROR and result.requests == 0


def test_a_delivery_without_an_answer_is_an_error_naming_it() -> None:
    result = _scripted("github", "400,hang,400,200,400")
    items = _items(result)
    status, message = items.pop("random-secret:no-answer")
    assert status is Status.ERROR and message.startswith(": the random-secret delivery got no answer: ")
    assert items == {"valid": (Status.PASS, "accepted a correctly signed, fresh delivery (200)"),
                     "notes": (Status.PASS, ": the github scheme signs no timestamp, so a stale delivery cannot be "
                                            "told apart")}
    assert result.status is Status.ERROR


def test_a_signed_delivery_without_an_answer_is_an_error() -> None:
    result = _scripted("github", "400,400,400,hang")
    [(key, (status, message))] = _items(result).items()
    assert key == "valid:no-answer" and status is Status.ERROR
    assert message.startswith(": the correctly signed delivery got no answer: ")


def test_a_replay_without_an_answer_leaves_replays_unjudged() -> None:
    result = _scripted("github", "400,400,400,200,hang")
    items = _items(result)
    status, message = items.pop("replay:no-answer")
    assert status is Status.WARN
    assert message.startswith(": the replayed delivery got no answer, so replay handling was not judged: ")
    assert items["valid"][0] is Status.PASS and result.status is Status.WARN


def test_a_stale_delivery_is_an_hour_old() -> None:
    """A receiver that accepts timestamps up to 45 minutes old rejects the stale delivery (it is an hour old)."""
    env = {"HOOK_SCHEME": "stripe", "HOOK_SECRET": SECRET, "HOOK_WINDOW_S": "2700"}
    hook = {"path": "/webhooks/stripe", "scheme": "stripe", "secret-env": SECRET_ENV}
    result = _scan("windowed_hook", env, [hook])
    assert set(_items(result)) == {"valid", "replay"}, result.evidence
    assert result.status is Status.WARN  # the replay is accepted again: idempotency, a warning for Stripe


def test_a_spent_budget_is_an_error_and_the_second_hook_is_named_unprobed() -> None:
    hooks = [{"path": f"/webhooks/{name}", "scheme": "github", "secret-env": SECRET_ENV} for name in ("a", "b")]
    result = _scan("scripted_hook", {"HOOK_ANSWERS": "400,400,400,200,400"}, hooks, budget=7)
    budget = next(e for e in result.evidence if e.fingerprint == f"{ID}:budget")
    assert budget.status is Status.ERROR and budget.message == "not every webhook was probed: request budget of 7 spent"
    assert result.status is Status.ERROR and result.requests == 7
    assert result.summary == ("POST /webhooks/a (github), POST /webhooks/b (github): webhook signature problems "
                              "(stopped early: request budget of 7 spent)")


def test_the_default_budget_is_forty_requests() -> None:
    # 4 requests per hook (three forgeries refused, then the signed one refused too): 11 hooks need 44
    hooks = [{"path": f"/webhooks/h{i}", "scheme": "github", "secret-env": SECRET_ENV} for i in range(11)]
    result = _scan("scripted_hook", {"HOOK_ANSWERS": "400"}, hooks)
    assert result.requests == 40
    assert next(e for e in result.evidence if e.fingerprint == f"{ID}:budget").message.endswith(
        "request budget of 40 spent")

