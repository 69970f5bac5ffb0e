"""api.latency: p95 of normal requests under a bounded concurrent load, model time excluded.

Measured: the declared chat route (tenant-a, body from the ``chat-body`` option) and the
non-model routes — the ``routes`` option, else chosen from the route inventory (the tenant's
authenticated GETs that return data, else a public GET; the evidence says which and why) — each
``requests`` times (≥ 50) with ``concurrency`` in flight and a hard ``max-seconds`` cap for the whole
check. Nothing to time is a warn naming ``[api] chat`` / the ``routes`` option, and so is a route
that answers but never with 2xx/3xx (a 404 is not a latency sample): never a blocking error.

Judged against ``latency-p95-ms`` from the profile:
- the chat p95 *excluding model time* when every chat answer reports it in ``Server-Timing``
  (``model``/``llm`` metric); without it the chat p95 "includes model" is only reported, and
- the p95 of every non-model route (measured and judged always: a slow profile route is slow).

Rate limits: 429s are not latency samples, and the chat run stops at the first one (bursts
stop at the first 429). If a limit leaves fewer than ``min-samples`` chat samples the check says
"rate limit allowed only N samples" and warns rather than fails — it measured what the product
allowed. ``pace-ms`` spaces requests to stay under a known limit when a full measurement is
wanted (e.g. 3100 for 20/minute; the check then takes minutes, so raise ``max-seconds`` too).
"""

from __future__ import annotations

from typing import Any

from launchready.context import CheckContext
from launchready.engines.chat_observer import checking
from launchready.engines.inventory import scan_inventory
from launchready.engines.live import first_tenant
from launchready.engines.load import LoadRun, run_load
from launchready.engines.route_choice import data_routes, given, nothing_fits, public_routes
from launchready.model import Check, CheckMeta, Effort, Evidence, Outcome, Severity, Status, Surface
from launchready.targets.http import ApiTarget, Exchange, Identity, Probe, split_route

META = CheckMeta(
    id="api.latency",
    title="Fast enough under load (p95, model time excluded)",
    surface=Surface.API,
    severity=Severity.MEDIUM,
    criteria=(
        "p95 of normal chat requests, excluding model time, < 500 ms under a bounded concurrent load; model time is "
        "excluded by reading `Server-Timing` (a `model`/`llm` metric) or by measuring a declared non-model path; "
        "reports p50/p95/p99, throughput and error rate."
    ),
    why=(
        "The model's time is the provider's; everything around it — auth, database, retrieval, logging — is "
        "yours, and under a few concurrent users it is what makes the product feel broken."
    ),
    breaks=(
        "Slow pages and timeouts as soon as a handful of users arrive; retries pile up, and the first real "
        "customer demo stalls."
    ),
    fix=(
        "Report model time in `Server-Timing: model;dur=…`, then profile the rest: N+1 queries, synchronous I/O "
        "in async handlers, per-request client construction, missing indexes, blocking logging."
    ),
    references=("RFC 8673", "W3C Server Timing", "OWASP API4:2023"),
    checklist=("p95 < 500 ms for normal chat requests excluding model time",),
    effort=Effort.DAY,
)


def _measure(probe: Probe, method: str, path: str, identity: Identity | None, body: Any, *, total: int,
             concurrency: int, max_seconds: float, pace_s: float, timeout: float) -> LoadRun:
    def send() -> Exchange:
        with checking(META.id):  # sent from the load's worker threads: the answer observers name this check
            return probe.request(method, path, identity=identity, json_body=body, timeout=timeout)

    return run_load(send, total=total, concurrency=concurrency, max_seconds=max_seconds, pace_s=pace_s)


def _metrics(prefix: str, run: LoadRun, *, exclude_model: bool) -> dict[str, float | int | str]:
    stats = run.stats(exclude_model=exclude_model)
    out: dict[str, float | int | str] = {f"{prefix}.{k}_ms" if k != "throughput" else f"{prefix}.throughput_rps":
                                         round(v, 1) for k, v in stats.items()}
    out[f"{prefix}.samples"] = len(run.ok)
    out[f"{prefix}.error_rate"] = round(run.error_rate, 3)
    out[f"{prefix}.rate_limited"] = run.rate_limited
    return out


def _describe(route: str, run: LoadRun, *, exclude_model: bool, chat: bool = True) -> str:
    s = run.stats(exclude_model=exclude_model)
    label = "no model call" if not chat else "excluding model" if exclude_model else "includes model"
    return (f"{route}: p50 {s['p50']:.0f} ms, p95 {s['p95']:.0f} ms, p99 {s['p99']:.0f} ms ({label}); "
            f"{s['throughput']:.1f} req/s, {len(run.ok)} samples, error rate {run.error_rate:.0%}")


def run(ctx: CheckContext) -> Outcome:
    api: ApiTarget = ctx.target(Surface.API)
    threshold = float(ctx.profile.thresholds.get("latency-p95-ms", 500))
    total = int(ctx.options["requests"])
    min_samples = int(ctx.options["min-samples"])
    concurrency = int(ctx.options["concurrency"])
    pace_s = float(ctx.options["pace-ms"]) / 1000
    cap = min(float(ctx.options["max-seconds"]), max(0.0, ctx.time_left() - 2))
    timeout = min(api.settings.request_timeout, max(1.0, cap))
    identity = first_tenant(api, ctx.config)

    plan: list[tuple[str, str, str, Any]] = []  # (kind, method, path, body)
    chat = split_route(ctx.config.api.chat)
    if chat:
        plan.append(("chat", chat[0], chat[1], dict(ctx.options["chat-body"])))
    routes = given(ctx, META.id, "routes")
    if not routes:
        inv = scan_inventory(ctx)
        routes = data_routes(inv, limit=2 if ctx.options["list-route"] else 1) if identity is not None else []
        routes = routes or public_routes(inv, limit=1)
    for route in routes:
        plan.append(("route", route.method, route.path, None))
    why = {r.label: r.why for r in routes}
    if chat:
        why[f"{chat[0]} {chat[1]}"] = "the declared chat route ([api] chat)"
    if not plan:
        return nothing_fits(scan_inventory(ctx), META.id, "GET route without path parameters to time (and no chat "
                            "route is declared)", f'[api] chat or [checks."{META.id}"] routes')

    evidence: list[Evidence] = []
    metrics: dict[str, float | int | str] = {"threshold_ms": threshold, "concurrency": concurrency}
    measured = 0
    with api.probe(budget=int(ctx.options["budget"]), deadline=ctx.deadline) as probe:
        for index, (kind, method, path, body) in enumerate(plan):
            where = f"{method} {path}"
            share = cap / (len(plan) - index) if index < len(plan) else cap
            result = _measure(probe, method, path, identity, body, total=total, concurrency=concurrency,
                              max_seconds=max(1.0, share), pace_s=pace_s if kind == "chat" else 0.0, timeout=timeout)
            cap = max(0.0, cap - result.wall_s)
            prefix = "chat" if kind == "chat" else where
            if not result.ok:
                reason = result.failures[0] if result.failures else (
                    f"every answer was {result.samples[0].status}" if result.samples
                    else result.stopped or "no request")
                if result.rate_limited and kind == "chat":
                    evidence.append(Evidence(Status.WARN, f"{where}: rate limit allowed only 0 samples (429 at once); "
                                                          "chat latency not measured", location=where,
                                             fingerprint=f"api.latency:{where}:rate-limited"))
                    continue
                if result.samples:  # it answered, but not with 2xx/3xx: not a route to time (404, 401…)
                    evidence.append(Evidence(
                        Status.WARN, f"{where}: undetermined, no latency sample ({reason}); name a route that "
                                     f'answers 2xx in [checks."{META.id}"] routes', location=where,
                        detail=f"route chosen: {why.get(where, '')}", fingerprint=f"api.latency:{where}:unmeasured"))
                else:
                    evidence.append(Evidence(Status.ERROR, f"{where}: no latency sample ({reason})", location=where,
                                             fingerprint=f"api.latency:{where}:unmeasured"))
                continue
            measured += 1
            exclude = kind == "chat" and result.has_model_time
            metrics.update(_metrics(prefix, result, exclude_model=exclude))
            if kind == "chat" and not exclude:
                metrics["chat.model_time"] = "included (no Server-Timing model/llm metric)"
                evidence.append(Evidence(Status.PASS, _describe(where, result, exclude_model=False)
                                         + " — not judged: no Server-Timing model metric, the non-model routes are",
                                         location=where, fingerprint=f"api.latency:{where}:includes-model"))
            else:
                p95 = result.stats(exclude_model=exclude)["p95"]
                status = Status.FAIL if p95 >= threshold else Status.PASS
                verb = "over" if status is Status.FAIL else "under"
                described = _describe(where, result, exclude_model=exclude, chat=kind == "chat")
                evidence.append(Evidence(status, f"{described}: p95 {verb} "
                                                 f"{threshold:.0f} ms", location=where,
                                         detail=f"route chosen: {why.get(where, '')}",
                                         fingerprint=f"api.latency:{where}:p95"))
            short = len(result.ok) < min_samples
            if short and result.rate_limited:
                evidence.append(Evidence(
                    Status.WARN, f"{where}: rate limit allowed only {len(result.ok)} samples (429 after "
                                 f"{result.attempted - result.rate_limited} requests); raise the limit for the scan's "
                                 "test tenant or set pace-ms", location=where,
                    detail=f"{result.first_rate_limited.summary()}" if result.first_rate_limited else "",
                    fingerprint=f"api.latency:{where}:rate-limited"))
            elif short:
                evidence.append(Evidence(
                    Status.WARN, f"{where}: only {len(result.ok)} samples of {total} "
                                 f"({result.stopped or 'errors'}); the percentiles are rough", location=where,
                    fingerprint=f"api.latency:{where}:few-samples"))
            if result.errors:
                evidence.append(Evidence(
                    Status.WARN, f"{where}: {result.errors} of {result.attempted - result.rate_limited} requests "
                                 f"failed ({result.error_rate:.0%})"
                                 + (f": {result.failures[0]}" if result.failures else ""), location=where,
                    fingerprint=f"api.latency:{where}:errors"))
        count = probe.count
    if measured == 0 and not any(e.status is Status.WARN for e in evidence):
        return Outcome(Status.ERROR, "nothing could be measured: " + "; ".join(e.message for e in evidence),
                       evidence=tuple(evidence), requests=count, metrics=metrics)
    outcome = Outcome.from_evidence(
        evidence,
        passed=f"p95 under {threshold:.0f} ms on every measured route ({measured} measured, concurrency "
               f"{concurrency})",
        failed="; ".join(e.message for e in evidence if e.status is not Status.PASS)[:400],
        requests=count,
    )
    return Outcome(outcome.status, outcome.summary, outcome.evidence, outcome.requests, metrics)


CHECK = Check(META, run, options={
    "requests": 60, "min-samples": 50, "concurrency": 4, "max-seconds": 30.0, "pace-ms": 0,
    "chat-body": {"message": "hello"}, "routes": [], "list-route": True, "budget": 300,
}, exclusive=True)
"""``routes``: the non-model routes to time (default: chosen from the route inventory — the tenant's
authenticated GETs that return data, else a public GET); ``list-route = false`` times only one."""

