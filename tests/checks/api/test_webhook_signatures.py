"""api.webhook-signatures: the examples, every scheme against a correct receiver, and planted receiver flaws."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from launchready import scan
from launchready.config import Config
from launchready.engines.webhooks import SCHEMES
from launchready.lab.examples import RunningExample
from launchready.model import Result, Status
from tests.checks.api.fixtures_surface import edge_app, edge_config

ID = "api.webhook-signatures"
SECRET = "whsec_QUJDREVGR0hJSktMTU5PUFFSU1RVVldY"  # base64 for the Standard Webhooks scheme, plain for the others


@contextmanager
def _secret_env() -> Iterator[None]:
    os.environ["LR_EDGE_WEBHOOK_SECRET"] = SECRET
    try:
        yield
    finally:
        os.environ.pop("LR_EDGE_WEBHOOK_SECRET", None)


def _scan_receiver(scheme: str, flaw: str = "", app: str = "webhooks") -> Result:
    env = {"EDGE_WEBHOOK_SCHEME": scheme, "EDGE_WEBHOOK_SECRET": SECRET, "EDGE_WEBHOOK_FLAW": flaw}
    with _secret_env(), edge_app(app, env) as url:
        config = edge_config(url, tenants=[], webhooks=[
            {"path": f"/webhooks/{scheme}", "scheme": scheme, "secret-env": "LR_EDGE_WEBHOOK_SECRET"}])
        return scan(config.model_copy(update={"only": (ID,)})).result(ID)


def test_unverified_stripe_webhook_fails(vulnerable: RunningExample) -> None:
    r = scan(vulnerable.config(only=(ID,))).result(ID)
    assert r.status is Status.FAIL
    fails = [e for e in r.evidence if e.status is Status.FAIL]
    assert all(e.location == "POST /webhooks/stripe" for e in fails)
    assert any("unsigned" in e.message for e in fails) and any("an hour old" in e.message for e in fails)


def test_hardened_rejects_forgeries_and_accepts_a_signed_delivery(hardened: RunningExample) -> None:
    r = scan(hardened.config(only=(ID,))).result(ID)
    assert r.status is Status.PASS, r.evidence
    assert any("accepted a correctly signed, fresh delivery" in e.message for e in r.evidence)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_a_correct_receiver_passes_for_every_scheme(scheme: str) -> None:
    r = _scan_receiver(scheme)
    assert r.status is Status.PASS, (r.summary, r.evidence)


def test_a_receiver_that_ignores_timestamps_fails_on_the_stale_delivery() -> None:
    r = _scan_receiver("slack", "no-timestamp")
    assert r.status is Status.FAIL
    assert [e.message for e in r.evidence if e.status is Status.FAIL] == [
        "POST /webhooks/slack accepted a correctly signed delivery with a timestamp an hour old "
        "(replay window unbounded) (200)"]


def test_replay_is_a_warning_for_stripe_and_a_failure_for_standard_webhooks() -> None:
    assert _scan_receiver("stripe", "no-dedupe").status is Status.WARN
    svix = _scan_receiver("standard-webhooks", "no-dedupe")
    assert svix.status is Status.FAIL and any("webhook-id" in e.message for e in svix.evidence)


def test_everything_rejected_is_an_error_not_a_pass() -> None:
    r = _scan_receiver("stripe", app="reject_webhooks")
    assert r.status is Status.ERROR
    assert any("never reached the handler" in e.message for e in r.evidence)


def test_no_webhooks_declared_is_a_skip() -> None:
    config = Config.model_validate({"url": "http://127.0.0.1:9", "only": [ID]})
    r = scan(config).result(ID)
    assert r.status is Status.SKIP and r.summary.startswith("no webhook endpoints declared")
