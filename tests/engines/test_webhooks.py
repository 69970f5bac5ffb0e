"""The webhook schemes sign exactly as the providers document (published vectors) and verify strictly."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from launchready.engines import webhooks as w


def test_standard_webhooks_published_vector() -> None:
    d = w.sign("standard-webhooks", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", b'{"test": 2432232314}',
               timestamp=1614265330, message_id="msg_p5jXN8AQM9LWM0D4loKWxJek")
    assert d.headers["webhook-signature"] == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def test_github_published_vector() -> None:
    d = w.sign("github", "It's a Secret to Everybody", b"Hello, World!", timestamp=0)
    assert d.headers["X-Hub-Signature-256"] == (
        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")


def test_stripe_and_slack_sign_the_documented_strings() -> None:
    body = b'{"id":"evt_1"}'
    stripe = w.sign("stripe", "whsec_abc", body, timestamp=1700000000).headers["Stripe-Signature"]
    expected = hmac.new(b"whsec_abc", b"1700000000." + body, hashlib.sha256).hexdigest()
    assert stripe == f"t=1700000000,v1={expected}"
    slack = w.sign("slack", "s3cr3t", body, timestamp=1531420618).headers
    assert slack["X-Slack-Signature"] == "v0=" + hmac.new(b"s3cr3t", b"v0:1531420618:" + body,
                                                           hashlib.sha256).hexdigest()


@pytest.mark.parametrize("scheme", w.SCHEMES)
def test_each_scheme_verifies_its_own_delivery_and_rejects_forgeries(scheme: str) -> None:
    secret = "whsec_" + "QUJDREVGR0hJSktMTU5PUA==" if scheme == "standard-webhooks" else "topsecret-0123456789"
    body, now = w.harmless_event(scheme, "n1"), 1_700_000_000
    good = w.sign(scheme, secret, body, timestamp=now)
    assert w.verify(scheme, secret, good.headers, body, now=now)
    assert not w.verify(scheme, secret, w.unsigned(scheme, body, timestamp=now).headers, body, now=now)
    assert not w.verify(scheme, secret, w.sign(scheme, w.random_secret(scheme), body, timestamp=now).headers,
                        body, now=now)
    tampered = w.sign(scheme, secret, body, timestamp=now, signed_body=b"{}")
    assert not w.verify(scheme, secret, tampered.headers, body, now=now)
    stale = w.sign(scheme, secret, body, timestamp=now - 3600)
    assert w.verify(scheme, secret, stale.headers, body, now=now) is not w.has_timestamp(scheme)


def test_harmless_events_are_test_events() -> None:
    assert b"launchready.test" in w.harmless_event("stripe", "x")
    with pytest.raises(ValueError):
        w.sign("paypal", "s", b"", timestamp=0)
