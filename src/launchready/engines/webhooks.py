"""Webhook signature schemes: sign a delivery the way each provider does, and verify one.

Written here instead of importing ``stripe``, ``svix``/``standardwebhooks`` or ``slack_sdk``: each is
a few lines of HMAC, the probe needs to produce deliberately *wrong* deliveries (stale timestamps,
signatures of another body, random secrets) that the SDKs have no API for, and pulling four vendor
SDKs into a scanner for five HMAC formulas is not worth their weight. The formulas follow each
provider's documentation and are pinned by the published test vectors in the tests.

- ``stripe``: ``Stripe-Signature: t=<unix>,v1=<hex hmac_sha256(secret, "<t>.<body>")>``
- ``github``: ``X-Hub-Signature-256: sha256=<hex hmac_sha256(secret, body)>`` (no timestamp)
- ``slack``: ``X-Slack-Request-Timestamp: <unix>``, ``X-Slack-Signature: v0=<hex hmac("v0:<t>:<body>")>``
- ``standard-webhooks`` (Svix): ``webhook-id``, ``webhook-timestamp``,
  ``webhook-signature: v1,<base64 hmac_sha256(key, "<id>.<t>.<body>")>``; the secret is
  ``whsec_<base64 key>``
- ``hmac-sha256``: ``X-Signature: sha256=<hex hmac_sha256(secret, body)>`` (no timestamp)
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

SCHEMES = ("stripe", "github", "slack", "standard-webhooks", "hmac-sha256")
DEFAULT_TOLERANCE_S = 300


@dataclass(frozen=True)
class Delivery:
    """One webhook request: the headers and the exact body bytes to send."""

    headers: dict[str, str]
    body: bytes
    message_id: str = ""


def _check(scheme: str) -> None:
    if scheme not in SCHEMES:
        raise ValueError(f"unknown webhook scheme {scheme!r} (known: {', '.join(SCHEMES)})")


def has_timestamp(scheme: str) -> bool:
    """Whether the scheme signs a timestamp (so a stale delivery can be told from a fresh one)."""
    _check(scheme)
    return scheme in {"stripe", "slack", "standard-webhooks"}


def carries_id(scheme: str) -> bool:
    """Whether each delivery carries a signed message id a receiver is expected to de-duplicate."""
    _check(scheme)
    return scheme == "standard-webhooks"


def _hmac_hex(key: bytes, message: bytes) -> str:
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def _svix_key(secret: str) -> bytes:
    raw = secret.removeprefix("whsec_")
    try:
        return base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError):
        # Not base64: some receivers take the secret's bytes as they are; so do we.
        return raw.encode()


def harmless_event(scheme: str, nonce: str) -> bytes:
    """A harmless test event in the scheme's usual shape: no handler should act on it."""
    _check(scheme)
    event: dict[str, object]
    if scheme == "stripe":
        event = {"id": f"evt_lr_{nonce}", "object": "event", "type": "launchready.test", "data": {"object": {}}}
    elif scheme == "github":
        event = {"zen": "launchready test delivery", "hook_id": 0, "launchready": nonce}
    elif scheme == "slack":
        event = {"type": "event_callback", "event_id": f"Ev_lr_{nonce}", "event": {"type": "launchready_test"}}
    elif scheme == "standard-webhooks":
        event = {"type": "launchready.test", "timestamp": "1970-01-01T00:00:00Z", "data": {"nonce": nonce}}
    else:
        event = {"id": f"lr_{nonce}", "type": "launchready.test", "data": {}}
    return json.dumps(event, separators=(",", ":")).encode()


def random_secret(scheme: str) -> str:
    """A secret of the same shape as a real one, that nobody holds."""
    _check(scheme)
    if scheme == "standard-webhooks":
        return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()
    if scheme == "stripe":
        return "whsec_" + secrets.token_hex(16)
    return secrets.token_hex(16)


def sign(scheme: str, secret: str, body: bytes, *, timestamp: int, message_id: str = "",
         signed_body: bytes | None = None) -> Delivery:
    """A delivery of ``body`` signed with ``secret`` at ``timestamp``.

    ``signed_body`` (default: ``body``) is what the signature covers; passing another body gives
    a tampered delivery whose signature is valid for something else.
    """
    _check(scheme)
    covered = body if signed_body is None else signed_body
    key = secret.encode()
    headers = {"Content-Type": "application/json"}
    if scheme == "stripe":
        signature = _hmac_hex(key, f"{timestamp}.".encode() + covered)
        headers["Stripe-Signature"] = f"t={timestamp},v1={signature}"
    elif scheme == "github":
        headers["X-Hub-Signature-256"] = "sha256=" + _hmac_hex(key, covered)
        headers["X-GitHub-Event"] = "ping"
        headers["X-GitHub-Delivery"] = message_id or secrets.token_hex(8)
    elif scheme == "slack":
        headers["X-Slack-Request-Timestamp"] = str(timestamp)
        headers["X-Slack-Signature"] = "v0=" + _hmac_hex(key, f"v0:{timestamp}:".encode() + covered)
    elif scheme == "standard-webhooks":
        message_id = message_id or f"msg_lr_{secrets.token_hex(8)}"
        digest = hmac.new(_svix_key(secret), f"{message_id}.{timestamp}.".encode() + covered, hashlib.sha256)
        headers["webhook-id"] = message_id
        headers["webhook-timestamp"] = str(timestamp)
        headers["webhook-signature"] = "v1," + base64.b64encode(digest.digest()).decode()
    else:
        headers["X-Signature"] = "sha256=" + _hmac_hex(key, covered)
    return Delivery(headers, body, message_id)


def unsigned(scheme: str, body: bytes, *, timestamp: int) -> Delivery:
    """The body with the scheme's timestamp/id headers but no signature at all."""
    _check(scheme)
    headers = {"Content-Type": "application/json"}
    if scheme == "slack":
        headers["X-Slack-Request-Timestamp"] = str(timestamp)
    elif scheme == "standard-webhooks":
        headers["webhook-id"] = f"msg_lr_{secrets.token_hex(8)}"
        headers["webhook-timestamp"] = str(timestamp)
    return Delivery(headers, body, headers.get("webhook-id", ""))


def verify(scheme: str, secret: str, headers: Mapping[str, str], body: bytes, *, now: float,
           tolerance_s: int = DEFAULT_TOLERANCE_S) -> bool:
    """A correct receiver: the signature matches (constant-time) and, where signed, the timestamp is fresh."""
    _check(scheme)
    h = {k.lower(): v for k, v in headers.items()}
    key = secret.encode()

    def fresh(raw: str) -> bool:
        return raw.strip().isdigit() and abs(now - int(raw)) <= tolerance_s

    if scheme == "stripe":
        parts = [p.split("=", 1) for p in h.get("stripe-signature", "").split(",") if "=" in p]
        stamps = [v for k, v in parts if k.strip() == "t"]
        if len(stamps) != 1 or not fresh(stamps[0]):
            return False
        expected = _hmac_hex(key, f"{int(stamps[0])}.".encode() + body)
        return any(hmac.compare_digest(expected, v.strip()) for k, v in parts if k.strip() == "v1")
    if scheme == "github":
        return hmac.compare_digest("sha256=" + _hmac_hex(key, body), h.get("x-hub-signature-256", ""))
    if scheme == "slack":
        stamp = h.get("x-slack-request-timestamp", "")
        if not fresh(stamp):
            return False
        expected = "v0=" + _hmac_hex(key, f"v0:{int(stamp)}:".encode() + body)
        return hmac.compare_digest(expected, h.get("x-slack-signature", ""))
    if scheme == "standard-webhooks":
        msg_id, stamp = h.get("webhook-id", ""), h.get("webhook-timestamp", "")
        if not msg_id or not fresh(stamp):
            return False
        digest = hmac.new(_svix_key(secret), f"{msg_id}.{int(stamp)}.".encode() + body, hashlib.sha256).digest()
        expected = base64.b64encode(digest).decode()
        offered = [s.split(",", 1)[1] for s in h.get("webhook-signature", "").split() if s.startswith("v1,")]
        return any(hmac.compare_digest(expected, s) for s in offered)
    return hmac.compare_digest("sha256=" + _hmac_hex(key, body), h.get("x-signature", ""))
