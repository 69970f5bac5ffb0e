"""Small helpers the live api checks share: declared routes, path filling, the first tenant, listing
answers, response headers and evidence text — and :func:`judged`, the one rule that keeps a check
from deciding on answers that are not the route's own (redirects, 404s, 5xx, a catch-all, silence).
The tenancy helpers (``engines/probing.py``) and the auth route helpers (``engines/auth_routes.py``)
build on these rather than redefining them."""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from launchready.config import Config
from launchready.context import CheckContext
from launchready.model import Check, Evidence, Outcome, Status, Surface
from launchready.targets.http import Answer, ApiTarget, Exchange, Identity, Ledger
from launchready.targets.replay import body_share, once

_PARAM = re.compile(r"\{[^}]+\}")
# Keys under which a listing answer usually nests its objects ({"items": [...]}, {"data": [...]}, …).
_LIST_KEYS = ("items", "data", "results", "conversations", "files", "objects", "records")


def first_tenant(api: ApiTarget, config: Config) -> Identity | None:
    """The first declared test tenant, logged in (a failed login raises ``TargetError``); ``None`` if none."""
    tenants = config.api.tenants
    return api.identity(tenants[0]) if tenants else None


def list_route(api: ApiTarget, exclude: tuple[str, ...] = ()) -> str | None:
    """A secured GET collection route without path parameters (``/conversations``), from OpenAPI.

    Prefers routes that look like the product's collections over profile routes; ``None`` if the
    inventory has none.
    """
    candidates = [
        op.path for op in api.operations
        if op.method == "GET" and not _PARAM.search(op.path) and not api.is_public("GET", op.path)
        and op.path not in exclude and op.path != "/" and not op.path.startswith(("/admin", "/debug", "/billing"))
        and op.secured is not False
    ]
    plural = [p for p in candidates if p.rstrip("/").rsplit("/", 1)[-1].endswith("s")]
    chosen = plural or candidates
    return chosen[0] if chosen else None


def param_route(api: ApiTarget) -> str | None:
    """A GET route with exactly one path parameter (``/conversations/{id}``), from OpenAPI."""
    for op in api.operations:
        if op.method == "GET" and len(_PARAM.findall(op.path)) == 1 and op.path.endswith("}"):
            return op.path
    return None


def fill(path: str, value: str, *, count: int = 0) -> str:
    """The route template with its path parameter(s) replaced by ``value`` (only the first ``count``
    when it is given: the owner's id in ``/conversations/{id}/messages/{mid}``)."""
    return _PARAM.sub(value, path, count=count)


def items_of(answer: Any) -> list[dict[str, Any]]:
    """The objects of a listing answer: a JSON list, or the first list under a usual key."""
    if isinstance(answer, dict):
        for key in _LIST_KEYS:
            if isinstance(answer.get(key), list):
                answer = answer[key]
                break
    if isinstance(answer, list):
        return [item for item in answer if isinstance(item, dict)]
    return []


def show(*exchanges: Exchange, width: int = 200) -> str:
    """Evidence detail: the whole replay command of each request, its status and a body excerpt."""
    share = body_share(len(exchanges))
    return once("\n".join(f"{ex.curl(share)}\n→ {ex.status} {ex.excerpt(width)}" for ex in exchanges))


def clip(text: str, width: int = 200) -> str:
    """Server-chosen text (a header value, a Location) cut to ``width`` before it becomes evidence:
    evidence is redacted when created, and a server may send 100 kB where 50 bytes are expected."""
    return text if len(text) <= width else text[: width - 1] + "…"


def header(ex: Exchange, name: str) -> str | None:
    """A response header, case-insensitively; ``None`` when absent."""
    lowered = name.lower()
    return next((v for k, v in ex.headers.items() if k.lower() == lowered), None)


def unjudged(answer: Answer, stranger: Exchange | None, *, own_status: bool = False) -> str | None:
    """Why ``answer`` says nothing about the route that was asked, or ``None`` when it can be judged.

    A redirect, a 404 or a 5xx is not the route's own answer; neither is a 2xx identical to what a
    route that cannot exist gets (``stranger``: a catch-all, a parked page, a proxy's default).
    ``own_status``: the check judges the status itself (is the health route up?), so a 3xx/404/5xx
    is the route's own unless a route that cannot exist gets that very status too.
    """
    if own_status and (300 <= answer.status < 400 or answer.status == 404 or answer.status >= 500) and (
            stranger is None or stranger.status != answer.status):
        return None
    if 300 <= answer.status < 400:
        return f"{answer.status} → {answer.location[:120] or '(no Location)'}"
    if answer.status == 404:
        return "404"
    if answer.status >= 500:
        return str(answer.status)
    if answer.cut:
        return f"{answer.status} with a body cut short ({answer.cut})"
    if (stranger is not None and 200 <= stranger.status < 300 and answer.status == stranger.status
            and answer.digest == stranger.digest):
        return f"{answer.status} with the very answer a route that does not exist gets"
    return None


def _describe(reasons: list[str], failures: list[str]) -> str:
    if not reasons:
        return f"no request got an answer ({len(failures)} sent; {failures[0][:160]})"
    counts = Counter(reasons)
    if failures:
        counts[f"no answer ({failures[0][:160]})"] += len(failures)
    if len(counts) == 1:
        (reason, n), = counts.items()
        return f"{'the only answer' if n == 1 else f'every answer ({n})'} was {reason}"
    return "no answer could be judged: " + ", ".join(f"{n} × {r}" for r, n in counts.most_common(4))


Sure = Callable[[Evidence], bool]
"""Which fail evidence stands on any answer, whatever route gave it (a stack trace, a canary-sink hit)."""


def _never(evidence: Evidence) -> bool:
    return False


def settle(outcome: Outcome, ledger: Ledger, api: ApiTarget, ctx: CheckContext, *, check_id: str, hint: str,
           keep_fail: Sure = _never, own_status: bool = False) -> Outcome:
    """``outcome`` unless every answer the check got was one it cannot judge; then "undetermined" (warn).

    A pass or a fail resting only on redirects, 404s, 5xx, a catch-all's answer or no answer at all
    is not a decision. A fail with evidence ``keep_fail`` accepts stands (a stack trace in a 500 is a
    leak wherever it came from); ``own_status``: see :func:`unjudged`.
    """
    if outcome.status not in (Status.PASS, Status.FAIL):
        return outcome
    if outcome.status is Status.FAIL and any(e.status is Status.FAIL and keep_fail(e) for e in outcome.evidence):
        return outcome
    if not ledger.answers and not ledger.failures:
        return outcome  # decided without asking the server (nothing declared to probe)
    outcome = _partial_inventory(outcome, api, check_id)
    stranger = (api.stranger_answer(ctx.deadline)
                if any(200 <= a.status < 300 or own_status for a in ledger.answers) else None)
    reasons = [unjudged(a, stranger, own_status=own_status) for a in ledger.answers]
    if any(r is None for r in reasons):
        return outcome
    summary = f"undetermined: {_describe([r for r in reasons if r], ledger.failures)}; {hint}"
    first = ledger.answers[0] if ledger.answers else None
    evidence = Evidence(
        Status.WARN, summary, location=f"{first.method} {first.path}" if first else "",
        detail=show(*ledger.samples), fingerprint=f"{check_id}:undetermined",
    )
    downgraded = tuple(replace(e, status=Status.WARN) if e.status is Status.FAIL else e for e in outcome.evidence)
    return replace(outcome, status=Status.WARN, summary=summary, evidence=(evidence, *downgraded))


def _partial_inventory(outcome: Outcome, api: ApiTarget, check_id: str) -> Outcome:
    """A pass over an OpenAPI document read in part (nodes of the wrong type skipped) is a warn naming them."""
    notes = list(api.inventory_notes)
    if outcome.status is not Status.PASS or not notes:
        return outcome
    message = (f"the OpenAPI document was read in part ({len(notes)} node(s) of the wrong type skipped): "
               "what they declare was not probed")
    evidence = Evidence(Status.WARN, message, detail="\n".join(n[:200] for n in notes[:10]),
                        fingerprint=f"{check_id}:openapi-shape")
    return replace(outcome, status=Status.WARN, summary=f"{outcome.summary}; {message}",
                   evidence=(*outcome.evidence, evidence))


def judged(check: Check, hint: str, *, keep_fail: Sure = _never, own_status: bool = False) -> Check:
    """``check`` with :func:`settle` applied to what it returns (see there)."""
    inner = check.run

    @functools.wraps(inner)  # the check stays its own module's function (catalogue, tracebacks)
    def run(ctx: CheckContext) -> Outcome:
        api: ApiTarget = ctx.target(Surface.API)
        with api.recording() as ledger:
            outcome = inner(ctx)
        return settle(outcome, ledger, api, ctx, check_id=check.meta.id, hint=hint, keep_fail=keep_fail,
                      own_status=own_status)

    return replace(check, run=run)
