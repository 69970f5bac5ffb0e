"""api.webhook-signatures: each declared webhook endpoint rejects deliveries that are unsigned,
signed with a secret nobody holds, stale (correctly signed an hour ago) or tampered (a valid
signature of another body) — and, when the secret is given, accepts a correct fresh one, so that
"everything rejected" (a wrong path, a broken handler) is never mistaken for a pass.

A replay of the accepted delivery that is accepted again is a warning (idempotency is the app's
call), except for Standard Webhooks/Svix, whose signed ``webhook-id`` exists so receivers
de-duplicate: there it fails. Every payload is a harmless test event (``type: launchready.test``).
"""

from __future__ import annotations

import os
import secrets
import time

from launchready.config import Webhook
from launchready.context import CheckContext
from launchready.engines import webhooks as schemes
from launchready.engines.live import show
from launchready.errors import TargetError
from launchready.model import Check, CheckMeta, Effort, Evidence, Outcome, Severity, Status, Surface
from launchready.targets.http import ApiTarget, BudgetExhausted, Exchange, Probe

META = CheckMeta(
    id="api.webhook-signatures",
    title="Webhooks verify signatures",
    surface=Surface.API,
    severity=Severity.HIGH,
    criteria=(
        "Each declared webhook endpoint rejects unsigned, wrongly signed and replayed (stale timestamp) deliveries "
        "for its scheme (Stripe, GitHub, Slack, Svix/standard-webhooks, generic HMAC), and — where the secret is "
        "given — accepts a correctly signed one, so \"everything rejected\" is not mistaken for a pass."
    ),
    why=(
        "A webhook endpoint is public by nature; the signature is the only thing that proves a delivery came "
        "from the provider and not from anyone who guessed the URL."
    ),
    breaks=(
        "Anyone can forge 'invoice.paid' or 'subscription.updated' events: free upgrades, refunds, fake payments, "
        "or replays of old events that undo state."
    ),
    fix=(
        "Verify the raw body with the provider's library (Stripe `construct_event`, `svix`/`standardwebhooks` "
        "`Webhook.verify`, GitHub/Slack HMAC with `hmac.compare_digest`) before doing anything, reject timestamps "
        "older than 5 minutes, and de-duplicate event/message ids."
    ),
    references=("CWE-345", "CWE-294", "OWASP API10:2023", "OWASP ASVS 5.0 V10.5"),
    checklist=("webhooks verify the provider's signature before acting",),
    effort=Effort.HOURS,
)

_NOT_REJECTED = {
    "unsigned": "accepted an unsigned delivery",
    "random-secret": "accepted a delivery signed with a random secret",
    "stale": "accepted a correctly signed delivery with a timestamp an hour old (replay window unbounded)",
    "tampered": "accepted a delivery whose signature belongs to another body",
}


def _rejected(status: int) -> bool:
    return 400 <= status < 500


def _probe_webhook(probe: Probe, hook: Webhook, secret: str | None, now: int) -> list[Evidence]:
    scheme, path = hook.scheme, hook.path
    where = f"POST {path}"
    nonce = secrets.token_hex(6)
    body = schemes.harmless_event(scheme, nonce)
    other = schemes.harmless_event(scheme, nonce + "x")
    deliveries: list[tuple[str, schemes.Delivery]] = [
        ("unsigned", schemes.unsigned(scheme, body, timestamp=now)),
        ("random-secret", schemes.sign(scheme, schemes.random_secret(scheme), body, timestamp=now)),
    ]
    notes: list[str] = []
    if secret is not None:
        if schemes.has_timestamp(scheme):
            deliveries.append(("stale", schemes.sign(scheme, secret, body, timestamp=now - 3600)))
        else:
            notes.append(f"the {scheme} scheme signs no timestamp, so a stale delivery cannot be told apart")
        deliveries.append(("tampered", schemes.sign(scheme, secret, body, timestamp=now, signed_body=other)))

    evidence: list[Evidence] = []
    answers: list[tuple[str, Exchange]] = []
    for kind, delivery in deliveries:
        try:
            ex = probe.post(path, headers=delivery.headers, content=delivery.body)
        except TargetError as exc:
            evidence.append(Evidence(Status.ERROR, f"{where}: the {kind} delivery got no answer: {exc}",
                                     location=where, fingerprint=f"api.webhook-signatures:{where}:{kind}:no-answer"))
            continue
        answers.append((kind, ex))
        if 200 <= ex.status < 300:
            evidence.append(Evidence(Status.FAIL, f"{where} {_NOT_REJECTED[kind]} ({ex.status})", location=where,
                                     detail=show(ex), fingerprint=f"api.webhook-signatures:{where}:{kind}"))
        elif not _rejected(ex.status):
            evidence.append(Evidence(
                Status.WARN, f"{where} answered the {kind} delivery {ex.status} instead of a 4xx rejection "
                             "(the handler may act before it verifies)",
                location=where, detail=show(ex), fingerprint=f"api.webhook-signatures:{where}:{kind}:not-4xx"))

    if answers and all(ex.status in {404, 405} for _, ex in answers):
        evidence.append(Evidence(Status.ERROR, f"{where} answered {answers[0][1].status} to every delivery: "
                                               "no webhook handler at the declared path", location=where,
                                 detail=show(answers[0][1]), fingerprint=f"api.webhook-signatures:{where}:absent"))
        return evidence

    if secret is None:
        evidence.append(Evidence(
            Status.WARN, f"{where}: no secret given (secret-env), so no correctly signed delivery was sent — a "
                         "handler that rejects everything cannot be told from one that verifies", location=where,
            fingerprint=f"api.webhook-signatures:{where}:no-secret"))
        return evidence

    valid = schemes.sign(scheme, secret, schemes.harmless_event(scheme, nonce + "v"), timestamp=int(time.time()))
    try:
        first = probe.post(path, headers=valid.headers, content=valid.body)
    except TargetError as exc:
        evidence.append(Evidence(Status.ERROR, f"{where}: the correctly signed delivery got no answer: {exc}",
                                 location=where, fingerprint=f"api.webhook-signatures:{where}:valid:no-answer"))
        return evidence
    if not 200 <= first.status < 300:
        evidence.append(Evidence(
            Status.ERROR, f"{where} answered a correctly signed, fresh {scheme} delivery {first.status}: the probe "
                          "never reached the handler (wrong secret-env, path or scheme?), so its rejections prove "
                          "nothing", location=where, detail=show(first),
            fingerprint=f"api.webhook-signatures:{where}:valid-rejected"))
        return evidence
    evidence.append(Evidence(Status.PASS, f"{where} accepted a correctly signed, fresh delivery ({first.status})",
                             location=where, fingerprint=f"api.webhook-signatures:{where}:valid"))
    try:
        again = probe.post(path, headers=valid.headers, content=valid.body)
    except TargetError as exc:
        evidence.append(Evidence(Status.WARN, f"{where}: the replayed delivery got no answer, so replay handling "
                                              f"was not judged: {exc}", location=where,
                                 fingerprint=f"api.webhook-signatures:{where}:replay:no-answer"))
    else:
        if 200 <= again.status < 300:
            if schemes.carries_id(scheme):
                evidence.append(Evidence(
                    Status.FAIL, f"{where} accepted the same delivery twice (webhook-id "
                                 f"{valid.message_id}): Standard Webhooks receivers must de-duplicate message ids",
                    location=where, detail=show(first, again), fingerprint=f"api.webhook-signatures:{where}:replay"))
            else:
                evidence.append(Evidence(
                    Status.WARN, f"{where} accepted the same signed delivery twice ({again.status}); make handling "
                                 "idempotent (de-duplicate event ids)", location=where, detail=show(first, again),
                    fingerprint=f"api.webhook-signatures:{where}:replay"))
    if notes:
        evidence.append(Evidence(Status.PASS, f"{where}: " + "; ".join(notes), location=where,
                                 fingerprint=f"api.webhook-signatures:{where}:notes"))
    return evidence


def run(ctx: CheckContext) -> Outcome:
    hooks = ctx.config.api.webhooks
    if not hooks:
        return Outcome(Status.SKIP, "no webhook endpoints declared ([[api.webhooks]] path, scheme, secret-env)")
    api: ApiTarget = ctx.target(Surface.API)
    evidence: list[Evidence] = []
    note = ""
    with api.probe(budget=int(ctx.options["budget"]), deadline=ctx.deadline) as probe:
        try:
            for hook in hooks:
                secret: str | None = None
                if hook.secret_env:
                    secret = os.environ.get(hook.secret_env) or None
                    if secret is None:
                        evidence.append(Evidence(
                            Status.ERROR, f"POST {hook.path}: environment variable {hook.secret_env} (secret-env) "
                                          "is not set", location=f"POST {hook.path}",
                            fingerprint=f"api.webhook-signatures:POST {hook.path}:secret-unset"))
                        continue
                evidence += _probe_webhook(probe, hook, secret, int(time.time()))
        except BudgetExhausted as exc:
            note = f" (stopped early: {exc})"
            evidence.append(Evidence(Status.ERROR, f"not every webhook was probed: {exc}",
                                     fingerprint="api.webhook-signatures:budget"))
        count = probe.count
    names = ", ".join(f"POST {h.path} ({h.scheme})" for h in hooks)
    return Outcome.from_evidence(
        evidence,
        passed=f"{names}: forged, stale and tampered deliveries rejected, a signed one accepted{note}",
        failed=f"{names}: webhook signature problems{note}",
        requests=count,
    )


CHECK = Check(META, run, options={"budget": 40})
