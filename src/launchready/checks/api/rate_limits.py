"""api.rate-limits: bounded bursts per route class must meet a 429 before the burst budget is spent.

Route classes: login per IP (a fresh non-existent account per request) and per account (one
throwaway account, wrong password — never a real user's, so nobody is locked out), password reset
(a throwaway address), chat and upload (tenant A, a tiny message / file) and each declared tool
route. A burst sends at most ``burst`` requests and stops at the first 429 (or 503 with
``Retry-After``). After a 429, one more request with a fresh ``X-Forwarded-For`` (a header value only)
shows whether the limit is keyed on a spoofable header. Limit headers that reach ``remaining: 0``
while requests keep succeeding are "advertised but not enforced". The thresholds found go in
``metrics`` (``chat.limit``, ``chat.rps``…); the chat burst is recorded on the chat target so that
``ai.cost-exposure`` reads it instead of spending (and waiting out) the window again. Identities are
logged in before the bursts (the scan caches them) and checked afterwards.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from launchready.context import CheckContext
from launchready.engines.chat import ChatTarget
from launchready.engines.probing import RetryingProbe, show, tenant_named
from launchready.engines.uploads import leftovers
from launchready.errors import TargetError
from launchready.model import Check, CheckMeta, Effort, Evidence, Outcome, Severity, Status, Surface
from launchready.targets.http import ApiTarget, BudgetExhausted, Exchange, Identity, split_route
from launchready.targets.sink import CanarySink

META = CheckMeta(
    id="api.rate-limits",
    title="Login, reset, chat, upload and tool routes are rate-limited",
    surface=Surface.API,
    severity=Severity.HIGH,
    criteria=(
        "A bounded burst (never more than the declared budget) at login (per IP and per account), password reset, "
        "chat, upload and tool endpoints is answered with 429 (or 503 + `Retry-After`) before the budget is spent; "
        "reports the threshold found and the cost exposure (see `ai.cost-exposure`)."
    ),
    why=(
        "Without limits, passwords are guessed at full speed, reset mails are sprayed, and every chat message is a "
        "paid model call anyone can repeat thousands of times a minute."
    ),
    breaks=(
        "Credential stuffing succeeds, your mail domain is blocklisted, and one script runs up the model bill "
        "(denial of wallet) or takes the service down."
    ),
    fix=(
        "Add a limiter keyed on the authenticated user (and the real client IP, not a client-supplied header) for "
        "login, reset, chat, upload and tool routes (slowapi, flask-limiter, express-rate-limit or the gateway), "
        "answer 429 with `Retry-After`, and lock out per account after repeated failed logins."
    ),
    references=("OWASP API4:2023", "OWASP API6:2023", "OWASP LLM10:2025", "CWE-770", "CWE-307",
                "OWASP ASVS 5.0 V6.3.1"),
    checklist=("Rate limits on login, chat, upload and tool endpoints",),
    effort=Effort.HOURS,
)

BurstRecorder = Callable[[tuple[str, str], str, int, float, Exchange | None], None]

REMAINING = ("x-ratelimit-remaining", "ratelimit-remaining", "x-rate-limit-remaining")
LIMIT_HEADERS = ("retry-after", "ratelimit", "ratelimit-policy", "ratelimit-limit", "ratelimit-remaining",
                 "ratelimit-reset", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset")


@dataclass(frozen=True)
class RouteClass:
    name: str
    method: str
    path: str
    send: Callable[[RetryingProbe, int, dict[str, str]], Exchange]
    note: str = ""


def _limited(ex: Exchange) -> bool:
    return ex.status == 429 or (ex.status == 503 and "retry-after" in {k.lower() for k in ex.headers})


def _remaining(ex: Exchange) -> int | None:
    headers = {k.lower(): v for k, v in ex.headers.items()}
    for name in REMAINING:
        if name in headers and headers[name].strip().lstrip("-").isdigit():
            return int(headers[name].strip())
    match = re.search(r"(?:^|[,;\s])r=(\d+)|remaining=(\d+)", headers.get("ratelimit", ""))
    if match:
        return int(match.group(1) or match.group(2))
    return None


def _limit_headers(ex: Exchange) -> str:
    return ", ".join(f"{k}: {v}" for k, v in ex.headers.items() if k.lower() in LIMIT_HEADERS)


def _classes(ctx: CheckContext, api: ApiTarget, who: Identity | None, nonce: str,
             uploads: list[tuple[str, Exchange]]) -> tuple[list[RouteClass], list[str]]:
    """The route classes to burst; the upload class appends each file it sends to ``uploads``."""
    settings = ctx.config.api
    login = settings.login
    classes: list[RouteClass] = []
    untested: list[str] = []

    def login_send(user: Callable[[int], str]) -> Callable[[RetryingProbe, int, dict[str, str]], Exchange]:
        def send(probe: RetryingProbe, i: int, headers: dict[str, str]) -> Exchange:
            fields = {login.username_field: user(i), login.password_field: f"lr-wrong-{nonce}-{i}"}
            if login.form:
                return probe.request(login.method, login.path, data=fields, headers=headers)
            return probe.request(login.method, login.path, json_body=fields, headers=headers)
        return send

    account_env = ctx.options.get("login-account-env")
    account = os.environ.get(str(account_env), "") if account_env else ""
    note = f"real account from ${account_env}" if account else "throwaway account (no real user locked out)"
    throwaway = account or f"lr-probe-{nonce}@example.invalid"
    classes.append(RouteClass("login_account", login.method, login.path, login_send(lambda i: throwaway), note))
    classes.append(RouteClass("login_ip", login.method, login.path,
                              login_send(lambda i: f"lr-probe-{nonce}-{i}@example.invalid"),
                              "a different non-existent account per request"))
    if reset := split_route(settings.reset):
        def reset_send(probe: RetryingProbe, i: int, headers: dict[str, str]) -> Exchange:
            return probe.request(reset[0], reset[1], headers=headers,
                                 json_body={login.username_field: f"lr-probe-{nonce}@example.invalid"})
        classes.append(RouteClass("reset", *reset, reset_send, "throwaway address"))
    else:
        untested.append("reset (no [api] reset route declared)")
    if chat := split_route(settings.chat):
        adapter = ctx.config.ai.chat
        template: dict[str, Any] = dict(adapter.body) if adapter else {"message": "{message}"}

        def chat_send(probe: RetryingProbe, i: int, headers: dict[str, str]) -> Exchange:
            body = {k: (f"hi {i}" if v == "{message}" else v) for k, v in template.items()}
            return probe.request(chat[0], chat[1], identity=who, headers=headers, json_body=body)
        classes.append(RouteClass("chat", *chat, chat_send, "tiny message"))
    else:
        untested.append("chat (no [api] chat route declared)")
    if upload := split_route(settings.upload):
        field = str(ctx.options["upload-field"])

        def upload_send(probe: RetryingProbe, i: int, headers: dict[str, str]) -> Exchange:
            name = f"lr-burst-{nonce}-{i}.txt"
            answer = probe.request(upload[0], upload[1], identity=who, headers=headers,
                                   files={field: (name, b"lr burst\n", "text/plain")})
            uploads.append((name, answer))  # deleted again after the bursts (see run)
            return answer
        classes.append(RouteClass("upload", *upload, upload_send, "tiny text file"))
    else:
        untested.append("upload (no [api] upload route declared)")
    for route in settings.tools:
        parsed = split_route(route)
        if parsed is None:
            continue

        def tool_send(probe: RetryingProbe, i: int, headers: dict[str, str], r: tuple[str, str] = parsed) -> Exchange:
            return probe.request(r[0], r[1], identity=who, headers=headers, json_body={})
        classes.append(RouteClass(f"tool:{parsed[1]}", *parsed, tool_send))
    if not settings.tools:
        untested.append("tools (no [api] tools declared)")
    return classes, untested


# The config key that names each route class.
_KEYS = {"login_account": "[api.login] path", "login_ip": "[api.login] path", "reset": "[api] reset",
         "chat": "[api] chat", "upload": "[api] upload", "tool": "[api] tools"}


def _stranger(probe: RetryingProbe) -> Exchange | None:
    return probe.probe.target.stranger_answer(probe.probe.deadline)


def _unanswered(ex: Exchange, stranger: Exchange | None) -> bool:
    """An answer that says the burst met no handler: a redirect, a server error, or a 404/405 that is the
    very answer a made-up path gets. A login's own 404 ("no account with that email") is an answer."""
    if 300 <= ex.status < 400 or ex.status >= 500:
        return True
    if ex.status in (404, 405, 410):
        return stranger is None or (stranger.status in (404, 405, 410) and stranger.body == ex.body)
    return False


def _burst(probe: RetryingProbe, cls: RouteClass, size: int, xff: str, evidence: list[Evidence],
           metrics: dict[str, float | int | str], record: BurstRecorder | None = None) -> bool:
    """One burst; True when the class met a limit. ``record`` keeps the measurement for other checks."""
    where = f"{cls.method} {cls.path}"
    fp = f"api.rate-limits:{cls.name}"
    sent: list[Exchange] = []
    started = time.perf_counter()
    zero_seen: Exchange | None = None
    limited: Exchange | None = None
    for i in range(size):
        ex = cls.send(probe, i, {})
        sent.append(ex)
        if _limited(ex):
            limited = ex
            break
        if zero_seen is not None and not any(e.fingerprint == fp + ":advertised" for e in evidence):
            evidence.append(Evidence(Status.FAIL, f"{cls.name}: limit headers said 0 remaining, yet the next request "
                                     f"was answered {ex.status}: advertised but not enforced", where,
                                     show(zero_seen, ex), fp + ":advertised"))
        if _remaining(ex) == 0:
            zero_seen = ex
    elapsed = max(time.perf_counter() - started, 1e-6)
    accepted = len(sent) - (1 if limited else 0)
    if record is not None:
        record((cls.method, cls.path), META.id, accepted, elapsed, limited)
    metrics[f"{cls.name}.sent"] = len(sent)
    metrics[f"{cls.name}.rps"] = round(accepted / elapsed, 1)
    statuses = sorted({ex.status for ex in sent if not _limited(ex)})
    if limited is None and statuses and all(_unanswered(ex, _stranger(probe)) for ex in sent):
        # Every answer said "no such route", "go elsewhere" or "broken": nothing was measured, so no verdict.
        evidence.append(Evidence(Status.WARN, f"undetermined: {cls.name}: {where} answered "
                                 f"{', '.join(map(str, statuses))} to all {len(sent)} requests — not a route that "
                                 f"answers here; declare it ({_KEYS.get(cls.name.split(':')[0], '[api]')})",
                                 where, show(sent[0]), fp + ":undetermined"))
        return False
    if limited is None and sent and not cls.name.startswith(("login", "reset")) and \
            all(ex.status in (401, 403) for ex in sent):
        # Login and reset answer strangers by design; chat, uploads and tools refusing every request met an
        # auth wall before the handler whose limit is asked about: nothing was measured.
        evidence.append(Evidence(Status.WARN, f"undetermined: {cls.name}: {where} refused all {len(sent)} requests "
                                 f"with {', '.join(map(str, statuses))} before its handler — declare an "
                                 "[[api.tenants]] identity it accepts", where, show(sent[0]), fp + ":undetermined"))
        return False
    if limited is None:
        first = sent[0] if sent else None
        evidence.append(Evidence(Status.FAIL, f"{cls.name}: {len(sent)} requests in {elapsed:.1f}s, none answered "
                                 f"429 (answers: {', '.join(map(str, statuses))}){'; ' + cls.note if cls.note else ''}",
                                 where, show(*(e for e in (first, sent[-1]) if e is not None)) +
                                 (f"\nlimit headers: {_limit_headers(sent[-1])}" if sent and _limit_headers(sent[-1])
                                  else ""), fp + ":unlimited"))
        return False
    metrics[f"{cls.name}.limit"] = accepted
    headers = _limit_headers(limited) or "no Retry-After / RateLimit headers"
    shared = " (already limited on the first request: the window is shared with earlier requests)" if not accepted \
        else ""
    evidence.append(Evidence(Status.PASS, f"{cls.name}: {limited.status} after {accepted} accepted requests{shared} "
                             f"({headers}){'; ' + cls.note if cls.note else ''}", where, show(limited),
                             fp + ":limited"))
    spoofed = cls.send(probe, len(sent), {"X-Forwarded-For": xff})
    if not _limited(spoofed):
        evidence.append(Evidence(Status.FAIL, f"{cls.name}: after the 429, one request with X-Forwarded-For: {xff} "
                                 f"was answered {spoofed.status}: limit keyed on a spoofable header", where,
                                 show(limited, spoofed), fp + ":xff-bypass"))
    return True


def run(ctx: CheckContext) -> Outcome:
    api: ApiTarget = ctx.target(Surface.API)
    opts = ctx.options
    burst = int(opts["burst"])
    nonce = CanarySink.nonce("lr-rl")
    evidence: list[Evidence] = []
    metrics: dict[str, float | int | str] = {}
    notes: list[str] = []
    with api.probe(budget=int(opts["budget"]), deadline=ctx.deadline, exempt=False) as raw:
        probe = RetryingProbe(raw)
        identities = []
        try:
            # Log everyone in before any login burst: the scan caches identities, so a per-IP login limit
            # the burst trips cannot lock the other checks out.
            identities = [api.identity(t) for t in ctx.config.api.tenants]
            who = api.identity(tenant_named(ctx.config, str(opts["tenant"]))) if identities else None
        except TargetError as exc:
            return Outcome(Status.ERROR, f"could not log the test tenants in before the bursts: {exc.message}")
        uploads: list[tuple[str, Exchange]] = []
        classes, untested = _classes(ctx, api, who, nonce, uploads)
        chat = ctx.targets.extra.get(Surface.AI)
        tested = 0
        for index, cls in enumerate(classes):
            size = min(burst, probe.remaining() - 2 * len(identities) - 2)
            if size < 2:
                evidence.append(Evidence(Status.WARN, f"{cls.name} not tested: request budget spent before its burst",
                                         f"{cls.method} {cls.path}", "", f"api.rate-limits:{cls.name}:unbudgeted"))
                continue
            # The chat burst is the one ai.cost-exposure needs too: shared, so the window is spent once.
            record = chat.record_burst if isinstance(chat, ChatTarget) and cls.name == "chat" else None
            try:
                _burst(probe, cls, size, f"203.0.113.{10 + index}", evidence, metrics, record)
                tested += 1
            except TargetError as exc:
                evidence.append(Evidence(Status.ERROR, f"{cls.name}: the burst stopped, no answer ({exc.message})",
                                         f"{cls.method} {cls.path}", exc.message, f"api.rate-limits:{cls.name}:error"))
            except BudgetExhausted as exc:
                # A burst cut short before any 429 decides nothing about this class's limit.
                seen = any(e.fingerprint == f"api.rate-limits:{cls.name}:limited" for e in evidence)
                what = "the X-Forwarded-For bypass was not checked" if seen else "cut short before a verdict"
                evidence.append(Evidence(Status.WARN, f"{cls.name}: {what}: {exc}",
                                         f"{cls.method} {cls.path}", str(exc), f"api.rate-limits:{cls.name}:cut-short"))
        after = _after_check(ctx, api, probe, identities, evidence)
        sent = probe.count
    upload_route = split_route(ctx.config.api.upload)
    if uploads and upload_route is not None:
        # The burst's files are the scan's own: delete them through the product's API; name what stays.
        left = leftovers(api, upload_route[1], uploads, who, exempt=False)
        stored = sum(200 <= a.status < 300 for _, a in uploads)
        metrics["upload_files_left"] = len(left)
        if left:
            evidence.append(Evidence(
                Status.PASS, f"upload: {len(left)} of the {stored} files this burst stored could not be deleted "
                f"(no DELETE {upload_route[1].rstrip('/')}/<id> accepted, or no id came back): remove them by hand",
                f"{upload_route[0]} {upload_route[1]}", "\n".join(left[:40]), "api.rate-limits:upload:left-in-place"))
            notes.append(f"{len(left)} burst file(s) left in the product (named in the evidence)")
    if tested == 0:
        # Nothing declared is a skip; declared classes that could not be burst (no answer, budget) are an error.
        return Outcome(Status.ERROR if classes else Status.SKIP,
                       "no rate-limited route class could be tested: " + "; ".join(
                           untested + notes + [e.message for e in evidence if e.status is not Status.PASS]),
                       tuple(evidence), sent, metrics)
    tail = "; ".join(filter(None, [after, *(f"not tested: {u}" for u in untested), *notes]))
    failing = [e for e in evidence if e.status is Status.FAIL]
    outcome = Outcome.from_evidence(
        evidence,
        passed=f"all {tested} route classes answered 429 within a burst of {burst}" + (f"; {tail}" if tail else ""),
        failed=(f"{len(failing)} rate-limit problems in {tested} route classes" if failing
                else "no rate-limit problem shown, but not every route class could be judged")
        + (f"; {tail}" if tail else ""),
        requests=sent)
    return Outcome(outcome.status, outcome.summary, outcome.evidence, sent, metrics)


def _after_check(ctx: CheckContext, api: ApiTarget, probe: RetryingProbe, identities: list[Identity],
                 evidence: list[Evidence]) -> str:
    """After the bursts: do the (cached) test identities still work, and can they still log in?"""
    secured = next((op.path for op in api.operations if op.method == "GET" and "{" not in op.path
                    and not api.is_public("GET", op.path)), None)
    said: list[str] = []
    for identity, tenant in zip(identities, ctx.config.api.tenants, strict=False):
        try:
            if secured:
                check = probe.get(secured, identity=identity)
                if check.status in (401, 403, 423):
                    evidence.append(Evidence(Status.WARN, f"after the bursts, {identity.name}'s session is refused",
                                             f"GET {secured}", show(check),
                                             f"api.rate-limits:lockout:{identity.name}"))
                    continue
            if tenant.token_env:
                said.append(f"{identity.name} session still valid")
                continue
            login = ctx.config.api.login
            fields = {login.username_field: os.environ.get(tenant.username_env or "", ""),
                      login.password_field: os.environ.get(tenant.password_env or "", "")}
            fresh = probe.request(login.method, login.path, data=fields) if login.form else \
                probe.request(login.method, login.path, json_body=fields)
        except (TargetError, BudgetExhausted) as exc:
            said.append(f"{identity.name} not re-checked ({exc})")
            continue
        if 200 <= fresh.status < 300:
            said.append(f"{identity.name} can still log in")
        elif _limited(fresh):
            retry = fresh.headers.get("retry-after", "?")[:40]  # the server's text: bounded before evidence
            said.append(f"{identity.name}'s session still works; a fresh login from this IP waits for the per-IP "
                        f"window (Retry-After {retry}s) — the account itself was never burst")
        else:
            evidence.append(Evidence(Status.WARN, f"after the bursts, {identity.name} can no longer log in "
                                     f"({fresh.status})", f"{fresh.method} {ctx.config.api.login.path}",
                                     f"→ {fresh.status} {fresh.excerpt(160)}",
                                     f"api.rate-limits:lockout:{identity.name}"))
    return "; ".join(said)


CHECK = Check(META, run, options={
    "budget": 220,
    "burst": 30,
    "tenant": "tenant-a",
    "upload-field": "file",
    "login-account-env": "",
}, exclusive=True)
