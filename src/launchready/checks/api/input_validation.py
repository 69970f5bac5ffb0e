"""api.input-validation: hostile bodies get a clean 4xx, in bounded time, and never make the server fetch.

The generator is our own (:mod:`launchready.engines.payloads`), not Schemathesis: probes must be
deterministic (same target, same requests, same verdict), spend an explicit number of requests per
operation, and judge only what matters for launch (crashes, leaked internals, reflected script,
hangs, unvalidated input, SSRF) rather than spec conformance; Hypothesis-driven generation is
random, re-sends while shrinking and would be a heavy dependency for a dozen fixed probes.

Sent with tenant A's identity to every POST operation that takes a JSON body (PUT/PATCH only with
``allow-destructive``: they overwrite existing objects), except DELETE, the login/reset/account
routes (lockouts, mails) and the upload route (``api.upload-validation``'s). Path parameters of GET
routes get one wrong-typed value each; query parameters of GET routes (from the route inventory) get a
negative, a huge and a wrong-typed value each. URL-typed fields get a loopback canary-sink URL.

A route that only some roles may use (``[api] roles``, ``[api] admin``) is probed as an identity that
has the role (:func:`launchready.engines.roles.with_role`): a probe refused with 401/403 is sent again as
the next such identity, so an employee-only URL field is not judged on a customer's 403. Database
error text in an answer (:mod:`launchready.engines.sql_errors`) is a failure whatever the status: the
value reached an SQL query.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from launchready.config import Tenant
from launchready.context import CheckContext
from launchready.engines.inventory import Parameter, RouteInventory, scan_inventory
from launchready.engines.live import fill
from launchready.engines.payloads import Payload, body_payloads, example_value, properties, resolve, schema_type
from launchready.engines.probing import leaks, show, tenant_named
from launchready.engines.redos import CONTROL_FACTOR, ENOUGH_MS, LENGTHS, Curve, candidate_field, control, pathological
from launchready.engines.roles import Holder, holders, is_privileged, with_role
from launchready.engines.sql_errors import sql_error
from launchready.errors import TargetError
from launchready.model import Check, CheckMeta, Effort, Evidence, Outcome, Severity, Status, Surface
from launchready.redaction import excerpt
from launchready.targets.http import ApiTarget, BudgetExhausted, Exchange, Identity, Operation, Probe, split_route

META = CheckMeta(
    id="api.input-validation",
    title="Every input is validated, size-limited and cannot trigger server-side fetches",
    surface=Surface.API,
    severity=Severity.HIGH,
    criteria=(
        "Malformed JSON, wrong types, missing fields, oversized bodies (beyond the declared limit), very long "
        "strings, deep nesting, control characters and odd unicode, HTML/script payloads all get a clean 4xx "
        "(400/413/415/422) in bounded time; never 5xx. URL-taking parameters never make the server fetch a "
        "loopback canary sink the scan controls (SSRF)."
    ),
    why=(
        "Inputs that reach handlers unchecked crash them (5xx with stack traces that map your internals), fill "
        "the database with megabyte strings, exhaust parsers with nesting, and URL fields that the server fetches "
        "let anyone make requests from inside your network (cloud metadata, admin panels)."
    ),
    breaks=(
        "A buyer's scanner finds 500s and tracebacks in minutes; one large or deeply nested body ties up a "
        "worker; an SSRF reaches internal services or cloud credentials."
    ),
    fix=(
        "Declare a schema for every body (Pydantic models with `max_length`, `extra='forbid'`), cap the request "
        "body size in middleware or the proxy (413), return 4xx from one exception handler without internals, "
        "and fetch user-supplied URLs only through an allow-list (scheme, host, no private addresses)."
    ),
    references=("OWASP API4:2023", "OWASP API7:2023", "OWASP API8:2023", "CWE-20", "CWE-918", "CWE-209",
                "OWASP ASVS 5.0 V2.2"),
    checklist=("Every public input schema-validated and size-limited", "No SSRF through URL fields"),
    effort=Effort.DAY,
)

CLEAN_4XX = frozenset({400, 404, 405, 409, 411, 413, 415, 422})
NOT_REACHED = frozenset({401, 403, 429})
ACCOUNT_ROUTE = re.compile(r"login|logout|signin|signup|register|password|reset|email|account|/me\b|token",
                           re.IGNORECASE)
PATH_PROBE = "lr-probe'\"<>%00"


@dataclass
class _Caller:
    """Who sends an operation's probes: the candidates in order, and the one in use."""

    candidates: list[Identity | None]
    index: int = 0

    @property
    def current(self) -> Identity | None:
        return self.candidates[self.index]

    @property
    def name(self) -> str:
        return self.current.name if self.current else "anonymous"

    def advance(self) -> bool:
        """Move to the next candidate after a refusal; False when there is none."""
        if self.index + 1 >= len(self.candidates):
            return False
        self.index += 1
        return True


@dataclass
class _Tally:
    evidence: list[Evidence] = field(default_factory=list)
    answered: int = 0
    reached: int = 0
    silent: int = 0
    slow: int = 0
    operations: int = 0
    query_probes: int = 0
    last_status: int = 0


def _json_request_body(api: ApiTarget, op: Operation) -> tuple[bool, Any]:
    """(takes a JSON body, its schema): multipart/form operations are not JSON operations."""
    node: Any = api.openapi or {}
    for key in ("paths", op.path, op.method.lower(), "requestBody", "content"):
        node = node.get(key) if isinstance(node, dict) else None  # the document is the server's: any shape
    content = node if isinstance(node, dict) else None
    if not content:
        return True, op.body_schema
    json_types = [t for t in content if "json" in t]
    return bool(json_types), op.body_schema


def _skip_reason(ctx: CheckContext, op: Operation) -> str:
    login = ctx.config.api.login
    declared = {split_route(ctx.config.api.upload), split_route(ctx.config.api.reset)}
    if op.method == "DELETE":
        return "destructive"
    if (op.method, op.path) in declared or op.path == login.path or ACCOUNT_ROUTE.search(op.path):
        return "account/upload route"
    if op.method in {"PUT", "PATCH"} and not ctx.config.allow_destructive:
        return "overwrites an existing object (--allow-destructive off)"
    return ""


def _judge(tally: _Tally, op_key: str, payload: Payload | None, ex: Exchange, what: str, slow_ms: float,
           kind: str = "") -> None:
    tally.answered += 1
    tally.last_status = ex.status
    if ex.status not in NOT_REACHED:
        tally.reached += 1
    where = f"{ex.method} {op_key.split(' ', 1)[1]}"
    kind = kind or (payload.kind if payload else "path-param")
    fp = f"api.input-validation:{op_key}:{kind}"
    found = leaks(ex.text)
    sql = sql_error(ex.text)
    if sql is not None:
        database, text = sql
        tally.evidence.append(Evidence(Status.FAIL, f"{what} → {ex.status} with {database} error text in the answer "
                                       f"({excerpt(text, 100)!r}): the value reached an SQL query (SQL injection)",
                                       where, show(ex), fp + ":sql"))
        return
    if ex.status >= 500:
        tally.evidence.append(Evidence(Status.FAIL, f"{what} → {ex.status} (server error)"
                                       + (f" with {', '.join(found)} in the body" if found else ""),
                                       where, show(ex), fp))
        return
    if found:
        tally.evidence.append(Evidence(Status.FAIL, f"{what} → {ex.status} with {', '.join(found)} in the body",
                                       where, show(ex), fp + ":leak"))
    content_type = ex.headers.get("content-type", "")
    if payload and payload.script and "html" in content_type and payload.script in ex.text:
        tally.evidence.append(Evidence(Status.FAIL, f"{what}: the script is reflected unescaped in an HTML answer",
                                       where, show(ex), fp + ":reflected"))
    if payload and payload.must_reject and 200 <= ex.status < 300:
        tally.evidence.append(Evidence(Status.FAIL, f"{what} was accepted ({ex.status}): not validated",
                                       where, show(ex), fp + ":accepted"))
    if ex.elapsed_ms > slow_ms:
        tally.slow += 1
        tally.evidence.append(Evidence(Status.WARN, f"{what} took {ex.elapsed_ms:.0f} ms (limit {slow_ms:.0f} ms)",
                                       where, show(ex), fp + ":slow"))


def _send(probe: Probe, tally: _Tally, op: Operation, path: str, payload: Payload | None, caller: _Caller,
          timeout: float, slow_ms: float, *, params: dict[str, str] | None = None, what: str = "",
          kind: str = "") -> bool:
    """Send one probe and judge it; False once the server has stopped answering (two silences in a row).
    A 401/403 is sent again as the caller's next candidate (an identity with the route's role)."""
    what = what or (payload.description if payload else f"path parameter set to {PATH_PROBE!r}")
    tally.last_status = 0
    kw: dict[str, Any] = {"timeout": timeout, "params": params}
    if payload is not None and payload.content is not None:
        kw |= {"content": payload.content, "headers": payload.headers()}
    elif payload is not None:
        kw["json_body"] = payload.json_body
    error: TargetError | None = None
    # A connection the server dropped after an earlier crash is retried once; a timeout is not.
    attempt = 0
    while attempt < 2:
        try:
            ex = probe.request(op.method, path, identity=caller.current, **kw)
        except TargetError as exc:
            error = exc
            attempt += 1
            if "timeout" in exc.message:
                break
            continue
        if ex.status in (401, 403) and caller.advance():
            continue  # refused for want of a role: the next identity that has it
        tally.silent = 0
        _judge(tally, op.key, payload, ex, what, slow_ms, kind)
        return True
    assert error is not None
    tally.silent += 1
    tally.evidence.append(Evidence(Status.FAIL, f"{what}: no answer ({error.message})", f"{op.method} {path}",
                                   f"{op.method} {path} — {error.message}",
                                   f"api.input-validation:{op.key}:{payload.kind if payload else 'path'}:hang"))
    return tally.silent < 2 or tally.answered > 0


def _not_reached(tally: _Tally, inventory: RouteInventory, op: Operation, caller: _Caller, what: str) -> None:
    """Probes of ``op`` were refused (401/403/429) by every identity tried: ``what`` was not judged."""
    route = inventory.find(op.method, op.path)
    role = route.role if route is not None and route.role not in ("", "user") else ""
    hint = (f"declare an [[api.tenants]] identity with role = \"{role}\"" if role else
            "declare its role in [api] roles and an [[api.tenants]] identity that has it")
    tried = ", ".join(i.name if i else "anonymous" for i in caller.candidates)
    key = "ssrf-not-reached" if "SSRF" in what else "not-reached"
    tally.evidence.append(Evidence(Status.WARN, f"{what} (tried as {tried}): {hint}", op.key, "",
                                   f"api.input-validation:{op.key}:{key}"))


def _caller(api: ApiTarget, inventory: RouteInventory, method: str, path: str, identity: Identity | None,
            role_holders: list[Holder]) -> _Caller:
    """Who probes a route: nobody on a public route; on a route only some roles may use, the identities
    that have the role first; else the check's tenant (then any other identity, should it be refused)."""
    if api.is_public(method, path):
        return _Caller([None])
    route = inventory.find(method, path)
    role = route.role if route is not None else ""
    ordered: list[Identity | None] = []
    if role and is_privileged(role):
        ordered += [h.identity for h in with_role(role_holders, role)]
    if identity is not None:
        ordered.append(identity)
    ordered += [h.identity for h in role_holders]
    unique = list({id(i): i for i in ordered}.values())
    return _Caller(unique or [None])


QUERY_NUMBERS = ("-99999999", "99999999999999999999999", "lr-probe'\"")
QUERY_TEXT = ("lr-probe'\"",)


def _query_values(param: Parameter) -> tuple[str, ...]:
    """A negative, a huge and a wrong-typed value for a number; a quote (SQL) for text; a wrong type else."""
    if param.enum or param.type == "boolean":
        return ("lr-probe'",)
    if param.type in ("integer", "number"):
        return QUERY_NUMBERS
    return QUERY_TEXT


def _query_probes(api: ApiTarget, probe: Probe, inventory: RouteInventory, tally: _Tally,
                  identity: Identity | None, role_holders: list[Holder], timeout: float, slow_ms: float) -> str:
    """Each query parameter of each GET route, one hostile value at a time (the others left out);
    returns why it stopped early, or ``""``."""
    for route in inventory.select(method="GET"):
        params = route.query_params
        if not params or "{" in route.path or ACCOUNT_ROUTE.search(route.path):
            continue
        tally.operations += 1
        op = Operation("GET", route.path, route.needs_auth)
        caller = _caller(api, inventory, "GET", route.path, identity, role_holders)
        for param in params:
            for value in _query_values(param):
                what = f"query parameter {param.name}={value!r}"
                tally.query_probes += 1
                if not _send(probe, tally, op, route.path, None, caller, timeout, slow_ms, params={param.name: value},
                             what=what, kind=f"query:{param.name}:{value}"):
                    return "the server stopped answering"
    return ""


MAX_REDOS_FIELDS = 4
_OWN_NAME_PARAM = re.compile(r"(?i)^\{(?:user_?name|username|user|login|handle|name)\}$")


def _own_path(path: str, username: str) -> str | None:
    """``path`` with a username-like parameter filled with the identity's own login name; None when the
    route takes any other parameter (an object the probe does not own)."""
    parts = path.split("/")
    for i, part in enumerate(parts):
        if "{" not in part:
            continue
        if not username or not _OWN_NAME_PARAM.match(part):
            return None
        parts[i] = quote(username, safe="")
    return "/".join(parts)


def _redos_probes(ctx: CheckContext, api: ApiTarget, probe: Probe, tally: _Tally, tenant: Tenant | None,
                  identity: Identity | None, timeout: float) -> None:
    """Text fields usually checked by a hand-written pattern (e-mail, URL, phone, host), each sent a growing
    pathological value and a same-length control (:mod:`launchready.engines.redos`). Own-account routes
    are included (the values are invalid, so nothing is changed); PUT/PATCH only with allow-destructive."""
    username = os.environ.get(tenant.username_env or "", "") if tenant is not None else ""
    fields = 0
    for op in api.operations:
        if fields >= MAX_REDOS_FIELDS or op.method not in ("POST", "PUT", "PATCH"):
            continue
        if op.method != "POST" and not ctx.config.allow_destructive:
            continue
        path = _own_path(op.path, username)
        takes_json, schema = _json_request_body(api, op)
        if path is None or not takes_json or op.path == ctx.config.api.login.path:
            continue
        resolved = resolve(schema, api.openapi)
        base = example_value(resolved, api.openapi)
        base = base if isinstance(base, dict) else {}
        for name, prop in properties(resolved, api.openapi).items():
            if fields >= MAX_REDOS_FIELDS or schema_type(prop) != "string" or prop.get("enum") \
                    or not candidate_field(name, str(prop.get("format", ""))):
                continue
            fields += 1

            def send(value: str, name: str = name, op: Operation = op, path: str = path,
                     base: dict[str, Any] = base) -> tuple[Exchange | None, float]:
                """The answer and its time; a request still unanswered at ``timeout`` counts as that long."""
                who = None if api.is_public(op.method, op.path) else identity
                for attempt in (1, 2):  # a connection the server dropped after an earlier crash: once more
                    try:
                        ex = probe.request(op.method, path, identity=who, json_body={**base, name: value},
                                           timeout=timeout)
                        break
                    except TargetError as exc:
                        if "timeout" in exc.message.lower():
                            return None, timeout * 1000
                        if attempt == 2:
                            raise _Unjudged(exc.message) from exc
                tally.answered += 1
                tally.reached += ex.status not in NOT_REACHED
                return ex, ex.elapsed_ms

            try:
                _judge_redos(tally, op, name, send)
            except _Unjudged as exc:
                tally.evidence.append(Evidence(Status.WARN, f"field '{name}': the ReDoS probe was not judged "
                                               f"(no answer: {exc})", f"{op.method} {op.path}", "",
                                               f"api.input-validation:{op.key}:redos-unjudged:{name}"))


class _Unjudged(Exception):
    """A ReDoS probe whose request got no answer twice (not a timeout): nothing to judge."""


_SPIKE_MS = 2000.0
"""A slow step below this is measured again (a load spike lasts that long); one above it is the pattern."""


def _judge_redos(tally: _Tally, op: Operation, name: str,
                 send: Callable[[str], tuple[Exchange | None, float]]) -> None:
    """Ramp the pathological value until an answer is slow, then the control and a repeat; fail on a curve
    :class:`Curve` calls exponential. Load on the scanning machine or the server only ever adds time, so a
    slow step, the step before it and a control that looks too slow are each measured twice and the faster
    answer kept: one late answer neither hides a multiplying curve nor makes one."""
    times: dict[int, float] = {}
    shown: list[Exchange] = []
    refused = False

    def faster(value: str, ms: float) -> float:
        return min(ms, send(value)[1])

    for length in LENGTHS:
        ex, ms = send(pathological(length))
        if ex is not None and ex.status in NOT_REACHED:
            refused = True
            break
        times[length] = ms
        shown = [ex] if ex is not None else shown
        if ms < ENOUGH_MS:
            continue
        before = [n for n in times if n < length]
        if ms < _SPIKE_MS:  # slow, but not so slow that only the pattern explains it: measure again
            times[length] = faster(pathological(length), ms)
            if before:
                times[before[-1]] = faster(pathological(before[-1]), times[before[-1]])
        if times[length] >= ENOUGH_MS and before:
            break  # slow enough to judge: longer values would only make the server suffer
        # the first value already slow (the server still busy with an earlier probe): one point is no curve
    if refused or len(times) < 2:
        return
    longest = max(times)
    control_ex, control_ms = send(control(longest))
    if times[longest] < CONTROL_FACTOR * max(control_ms, 1.0):
        control_ms = faster(control(longest), control_ms)
    curve = Curve(times, control_ms)
    if curve.exponential():
        curve = Curve(times, control_ms, send(pathological(longest))[1])
    where = f"{op.method} {op.path}"
    if curve.exponential():
        tally.evidence.append(Evidence(
            Status.FAIL, f"field '{name}': answer time multiplies with each few characters of "
            f"{pathological(longest)[:6]}…! — a regular expression that backtracks (ReDoS): "
            f"{curve.describe()}", where,
            show(*shown, *([control_ex] if control_ex is not None else [])),
            f"api.input-validation:{op.key}:redos:{name}"))
    else:
        tally.evidence.append(Evidence(
            Status.PASS, f"field '{name}': no backtracking seen in the answer times of {pathological(longest)[:6]}…! "
            f"values: {curve.describe()}", where, "", f"api.input-validation:{op.key}:redos-ok:{name}"))


def run(ctx: CheckContext) -> Outcome:
    api: ApiTarget = ctx.target(Surface.API)
    opts = ctx.options
    per_op = int(opts["examples-per-operation"])
    slow_ms = float(opts["slow-ms"])
    timeout = float(opts["timeout-s"])
    max_body = int(opts["max-body-bytes"])
    if not api.operations:
        return Outcome(Status.SKIP, "no OpenAPI inventory found: no operations to probe")
    chat = split_route(ctx.config.api.chat)
    chat_body: dict[str, Any] | None = None
    if ctx.config.ai.chat is not None:
        chat_body = {k: ("lr-probe" if v == "{message}" else v) for k, v in ctx.config.ai.chat.body.items()}
    elif chat:
        chat_body = {"message": "lr-probe"}
    tally = _Tally()
    skipped: list[str] = []
    sink_nonces: dict[str, tuple[str, str, _Caller]] = {}
    identity: Identity | None = None
    tenant: Tenant | None = None
    stopped = ""
    inventory = scan_inventory(ctx)
    with api.probe(budget=int(opts["budget"]), deadline=ctx.deadline) as probe:
        try:
            role_holders: list[Holder] = []
            if ctx.config.api.tenants:
                tenant = tenant_named(ctx.config, str(opts["tenant"]))
                identity = api.identity(tenant)
                role_holders, _failed = holders(api, ctx.config.api.tenants)
            # First, while the server is fresh: a later 100,000-character probe can leave a backtracking
            # pattern spinning in the server long after the client gave up, and every timing after it is noise.
            _redos_probes(ctx, api, probe, tally, tenant, identity, float(opts["redos-timeout-s"]))
            for op in api.operations:
                if op.method == "GET" and "{" not in op.path:
                    continue
                reason = _skip_reason(ctx, op)
                if reason:
                    skipped.append(f"{op.key} ({reason})")
                    continue
                caller = _caller(api, inventory, op.method, op.path, identity, role_holders)
                if op.method == "GET":
                    if "{" in op.path:
                        tally.operations += 1
                        if not _send(probe, tally, op, fill(op.path, PATH_PROBE), None, caller, timeout, slow_ms):
                            stopped = "the server stopped answering"
                            break
                    continue
                takes_json, schema = _json_request_body(api, op)
                if not takes_json or "{" in op.path:
                    skipped.append(f"{op.key} ({'not a JSON body' if not takes_json else 'needs an object id'})")
                    continue
                tally.operations += 1
                is_chat = chat is not None and (op.method, op.path) == chat

                def sink_url(name: str, op: Operation = op) -> tuple[str, str]:
                    nonce = api.sink.nonce("lr-ssrf")
                    return nonce, api.sink.url(nonce)

                payloads = body_payloads(schema, api.openapi, max_body_bytes=max_body, sink_url=sink_url,
                                         known_body=chat_body if is_chat else None)
                limit = min(per_op, int(opts["chat-examples"])) if is_chat else per_op
                alive = True
                reached, answered = tally.reached, tally.answered
                for payload in payloads[:limit]:
                    alive = _send(probe, tally, op, op.path, payload, caller, timeout, slow_ms)
                    if payload.sink_nonce:
                        if tally.last_status in NOT_REACHED:
                            _not_reached(tally, inventory, op, caller, f"{payload.description}: refused "
                                         f"({tally.last_status}), so SSRF was not judged")
                        else:
                            sink_nonces[payload.sink_nonce] = (op.key, payload.description, caller)
                    if not alive:
                        break
                if tally.reached == reached and tally.answered > answered:
                    _not_reached(tally, inventory, op, caller, "every probe was refused before the handler, so its "
                                 "inputs were not judged")
                if not alive:
                    stopped = "the server stopped answering"
                    break
            if not stopped:
                stopped = _query_probes(api, probe, inventory, tally, identity, role_holders, timeout, slow_ms)

        except BudgetExhausted as exc:
            stopped = str(exc)
        sent = probe.count
    for nonce, (op_key, description, sender) in sink_nonces.items():
        hits = api.sink.wait_for(nonce, timeout=1.0)
        if hits:
            hit = hits[0]
            tally.evidence.append(Evidence(
                Status.FAIL, f"{description} (sent as {sender.name}): the server fetched the canary URL (SSRF)", op_key,
                f"canary sink hit: {hit.method} {hit.path} (User-Agent: {hit.headers.get('User-Agent', '?')[:120]})",
                f"api.input-validation:{op_key}:ssrf"))
    metrics: dict[str, float | int | str] = {"operations": tally.operations, "answered": tally.answered,
                                             "slow": tally.slow, "ssrf_probes": len(sink_nonces),
                                             "query_probes": tally.query_probes}
    note = f"; skipped: {', '.join(skipped)}" if skipped else ""
    note += f"; stopped early: {stopped}" if stopped else ""
    if tally.operations == 0:
        return Outcome(Status.SKIP, "no operation with a JSON body or path parameter to probe" + note,
                       requests=sent, metrics=metrics)
    if tally.answered == 0:
        return Outcome(Status.ERROR, "the server answered none of the probes: input validation cannot be judged"
                       + note, tuple(tally.evidence), sent, metrics)
    failing = [e for e in tally.evidence if e.status is Status.FAIL]
    if not failing and tally.reached == 0:
        return Outcome(Status.ERROR, "every probe was refused before a handler (401/403/429): check tenant "
                       "credentials and rate limits" + note, tuple(tally.evidence), sent, metrics)
    if not failing and stopped:
        return Outcome(Status.ERROR, f"{tally.answered} probes answered cleanly, but the run was cut short" + note,
                       tuple(tally.evidence), sent, metrics)
    outcome = Outcome.from_evidence(
        tally.evidence,
        passed=f"{tally.answered} hostile inputs to {tally.operations} operations ({tally.query_probes} in query "
               f"parameters) all got a clean 4xx in bounded time, none with SQL error text; {len(sink_nonces)} URL "
               "fields did not fetch the canary" + note,
        failed=f"{len(failing)} of {tally.answered} hostile inputs were not cleanly rejected" + note,
        requests=sent)
    return Outcome(outcome.status, outcome.summary, outcome.evidence, sent, metrics)


CHECK = Check(META, run, options={
    "budget": 200,
    "examples-per-operation": 12,
    "chat-examples": 6,
    "max-body-bytes": 1024 * 1024,
    "slow-ms": 2000,
    "timeout-s": 5.0,
    "redos-timeout-s": 10.0,
    "tenant": "tenant-a",
})
