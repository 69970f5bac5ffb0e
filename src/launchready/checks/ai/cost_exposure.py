"""ai.cost-exposure: the worst-case model spend one account and one IP can cause per hour.

Measured numbers only, from this check's own small bounded traffic (checks never read each other's
results): the largest accepted input (8k, 64k, 512k characters — a limit should answer 413/400
before the model runs), the output of "repeat the word 'lr' 5000 times" against a baseline
(``usage.completion_tokens``, or reply length / 4 when the API reports no usage), and the accepted
request rate from a burst of at most ``burst`` small messages that stops at the first 429 (the
window is read from ``Retry-After`` / ``RateLimit`` headers). One request as the other tenant after
a 429 tells a per-IP limit from a per-account one. Tokens × the dated price table
(``data/model_prices.toml``, or ``[ai] model`` / ``price-*``) → dollars per hour, compared with
``[ai] budget-per-hour``.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from launchready.context import CheckContext
from launchready.engines.ai_probes import ProbeRun, chat_target, load_prices, load_probes, probe_budget
from launchready.engines.chat import ChatTurn
from launchready.model import Check, CheckMeta, Effort, Evidence, Outcome, Severity, Status, Surface
from launchready.targets.http import Exchange, Probe, route_of

META = CheckMeta(
    id="ai.cost-exposure",
    title="Model spend per account and per IP is bounded",
    surface=Surface.AI,
    severity=Severity.HIGH,
    criteria=(
        "The worst-case spend one account and one IP can cause per hour (measured accepted request rate × "
        "largest accepted input and output tokens × the model's price) stays under the declared budget "
        "([ai] budget-per-hour, 5 USD by default); oversized prompts and \"repeat … 5000 times\" requests are capped."
    ),
    why=(
        "Every chat message is paid per token. Without a rate limit, an input cap and an output cap, one "
        "script can turn the model bill into thousands of dollars a day (denial of wallet)."
    ),
    breaks=(
        "A single abusive account or bot runs up the provider bill, exhausts the API quota and takes the "
        "chatbot down for every customer."
    ),
    fix=(
        "Rate-limit chat per account and per IP, cap the message size (answer 413/422 before the model runs), "
        "set max_tokens on every model call, and add a per-tenant daily token budget with alerts."
    ),
    references=("OWASP LLM10:2025", "OWASP API4:2023", "CWE-770"),
    checklist=("Rate limits on chat; input and output caps; a spend budget",),
    effort=Effort.HOURS,
)


@dataclass(frozen=True)
class Price:
    model: str
    input_per_mtok: float
    output_per_mtok: float
    source: str


MIN_WINDOW_S = 1.0
"""A rate measured over less than this is no rate: ten requests in 0.05 s say nothing about an hour."""
BURST_SPAN_S = 1.2
"""This check's own burst is spread over at least this long (see :func:`own_burst`)."""
_MODEL_LITERAL = re.compile(r"""\bmodel(?:_name|Name|_id|Id)?["']?\s*[=:]\s*["']([A-Za-z0-9][\w.:/-]{1,60})["']""")
_SOURCE_SUFFIXES = (".py", ".js", ".mjs", ".cjs", ".ts", ".tsx", ".jsx")


def price_key(name: str, models: dict[str, Any]) -> str:
    """The price-table entry for a model name (``gpt-4o-mini-2024-07-18`` → ``gpt-4o-mini``), or ""."""
    if name in models:
        return name
    return next((k for k in sorted(models, key=len, reverse=True) if k in name or name.startswith(k)
                 or (k.startswith("claude-") and k.split("-", 1)[1] in name)), "")


def models_in_source(ctx: CheckContext, models: dict[str, Any]) -> list[tuple[str, str]]:
    """``(model, path:line)`` for each ``model=`` / ``model:`` literal naming a priced model in the repo
    (when the scan reads one)."""
    if ctx.targets.repo is None:
        return []
    found: list[tuple[str, str]] = []
    for file in ctx.targets.repo.text_files(suffixes=_SOURCE_SUFFIXES):
        for number, line in enumerate(file.lines(), 1):
            found += [(m.group(1), f"{file.path}:{number}") for m in _MODEL_LITERAL.finditer(line)
                      if price_key(m.group(1), models)]
    return found


def candidate_prices(ctx: CheckContext, reported: list[str]) -> tuple[list[Price], str, bool]:
    """The prices of the model(s) the product may use, where that came from, and whether it is assumed.

    Declared (``[ai] model`` / ``price-*``) beats reported (``model`` in the answers) beats the source;
    with none of them every model of the price table is a candidate, so the result is a range."""
    ai = ctx.config.ai
    table = load_prices()
    models: dict[str, Any] = table.get("models", {})
    as_of = table.get("as-of", "?")
    assumed = False
    if ai.model:
        names, how = [ai.model], "declared in [ai] model"
    elif reported:
        names, how = sorted(set(reported)), "reported by the API (model in its answers)"
    elif found := models_in_source(ctx, models):
        names = sorted({n for n, _ in found})
        how = "found in the source: " + ", ".join(sorted({f"{n} at {where}" for n, where in found})[:4])
    else:
        names, how, assumed = sorted(models), ("assumed: no model declared, reported in the answers or found in "
                                               "the source — declare [ai] model"), True
    prices: list[Price] = []
    for name in names:
        key = price_key(name, models)
        base = models.get(key, {"input": 0.0, "output": 0.0})
        inp = ai.price_input_per_mtok if ai.price_input_per_mtok is not None else float(base["input"])
        out = ai.price_output_per_mtok if ai.price_output_per_mtok is not None else float(base["output"])
        if ai.price_input_per_mtok is not None or ai.price_output_per_mtok is not None:
            source = "[ai] price-* from the config"
        else:
            source = f"{key} list price as of {as_of}" if key else f"no price known for {name}"
        prices.append(Price(name, inp, out, source))
    return prices, how, assumed


def _tokens_in(turn: ChatTurn) -> int:
    used = turn.answer.usage.prompt_tokens
    return used if used is not None else (len(turn.message) + 3) // 4


def _tokens_out(turn: ChatTurn) -> int:
    used = turn.answer.usage.completion_tokens
    return used if used is not None else (len(turn.reply) + 3) // 4


def _header(exchange: Exchange, *names: str) -> str | None:
    lowered = {k.lower(): v for k, v in exchange.headers.items()}
    return next((lowered[n] for n in names if n in lowered), None)


def _window_s(exchange: Exchange, default: float) -> tuple[float, str]:
    for name in ("retry-after", "x-ratelimit-reset", "ratelimit-reset"):
        value = _header(exchange, name)
        if value is not None:
            try:
                seconds = float(value)
            except ValueError:
                continue
            if seconds > 1e9:  # an epoch timestamp
                seconds -= time.time()
            if 0 < seconds <= 86400:
                return seconds, f"{name}: {value}"
    return default, f"no Retry-After: assumed a {default:.0f} s window"


@dataclass(frozen=True)
class Burst:
    """The accepted-rate measurement: this check's own burst, or the one ``api.rate-limits`` made."""

    accepted: int
    elapsed_s: float
    limited: Exchange | None
    by: str
    ended_at: float


CAP_PROBES = 6
"""baseline, "repeat 5000 times" and the input sizes: sent with the scanner token (when the product
exempts it) because they measure caps, not the rate — the rate comes from the burst alone."""


def run(ctx: CheckContext) -> Outcome:
    chat = chat_target(ctx)
    library = load_probes()["cost"]
    endpoint = route_of(chat.adapter.endpoint)
    route = " ".join(endpoint)
    state = ProbeRun(META.id, exhaustive=True)
    limit_usd = ctx.config.ai.budget_per_hour
    budget_usd = float(limit_usd if limit_usd is not None else ctx.options["budget-per-hour"])
    budget = probe_budget(ctx, chat)
    burst_max = max(1, min(int(ctx.options["burst"]), 30, budget - CAP_PROBES - 1))
    facts: list[str] = []
    findings: list[str] = []
    accepted: list[ChatTurn] = []
    shared = chat.burst_for(endpoint)
    with chat.api.probe(budget=CAP_PROBES + 1, deadline=ctx.deadline) as caps, \
            chat.api.probe(budget=max(1, budget - CAP_PROBES - 1), deadline=ctx.deadline, exempt=False) as bursts:

        def send(probe: Probe, message: str, *, own: bool = True) -> ChatTurn | None:
            turn = state.send(chat.session(probe, own=own), message)
            if turn is not None:
                accepted.append(turn)
            return turn

        baseline = send(caps, library["baseline"])
        first_refusal = state.rate_limited
        if baseline is None and first_refusal is not None:
            # No scanner exemption and the window already spent by another check: wait it out once.
            wait, _ = _window_s(first_refusal.exchange, float(ctx.options["window-s"]))
            if wait <= float(ctx.options["max-wait-s"]) and wait + 15 < ctx.time_left():
                time.sleep(wait + 0.5)
                state.rate_limited = None
                baseline = send(caps, library["baseline"])
        blowup = send(caps, library["blowup"])
        largest_ok, rejected_at = 0, ""
        for size in ctx.options["sizes"]:
            if state.stopped:
                break
            text = (library["filler"] * (int(size) // len(library["filler"]) + 1))[: int(size)]
            rejected_before = dict(state.rejected)
            errors_before = len(state.errors)
            if send(caps, text) is not None:
                largest_ok = int(size)
                continue
            if len(state.errors) > errors_before:
                rejected_at = f"{size} chars: no answer ({state.errors[-1][:80]})"
            else:
                status = next((s for s, n in state.rejected.items() if n != rejected_before.get(s, 0)), None)
                rejected_at = f"{size} chars: HTTP {status}" if status else ""
            break
        cap_limited = state.rate_limited
        # Another check's burst serves only if it decided something: a 429 (the window is then read from it)
        # or at least a second of accepted requests; else this check paces its own.
        if shared is not None and shared.accepted > 0 and (shared.limited is not None
                                                           or shared.elapsed_s >= MIN_WINDOW_S):
            burst = Burst(shared.accepted, shared.elapsed_s, shared.limited, shared.by, shared.ended_at)
        else:  # none shared, or one that met a window spent before it: nothing to read a rate from
            burst = own_burst(ctx, state, lambda: send(bursts, library["burst"]) is not None, burst_max)
            if burst.limited is None and cap_limited is not None and burst.accepted == 0:
                burst = Burst(0, 0.0, cap_limited.exchange, META.id, time.monotonic())
        window = _window_s(burst.limited, float(ctx.options["window-s"])) if burst.limited is not None else None
        other_limited: bool | None = None
        if burst.limited is not None and window is not None and chat.tenant(own=False) is not None and \
                time.monotonic() < burst.ended_at + window[0]:
            state.rate_limited = None  # one more request, as the other tenant, to tell IP from account limits
            state.send(chat.session(bursts, own=False), library["burst"])
            other_limited = state.rate_limited is not None
        state.rate_limited = None
        requests = caps.count + bursts.count
    return decide(ctx, state, accepted, burst, window, other_limited, route, budget_usd, largest_ok, rejected_at,
                  baseline, blowup, requests, facts, findings)


def own_burst(ctx: CheckContext, state: ProbeRun, send_one: Callable[[], bool], size: int) -> Burst:
    """Small messages until the first 429 (at most ``size``), paced to span at least ``BURST_SPAN_S``: a
    product that answers in milliseconds still yields a rate over a real window, and pacing only ever
    lowers the rate claimed. A 429 on the very first one means another check spent the window: wait it
    out once (``max-wait-s``) and burst again, or report it as met."""
    for attempt in range(2):
        state.rate_limited = None
        started = time.monotonic()
        sent_ok = 0
        while sent_ok < size and send_one():
            sent_ok += 1
            pause = started + BURST_SPAN_S * sent_ok / size - time.monotonic()
            if pause > 0:
                time.sleep(pause)
        limited = state.rate_limited
        ended = time.monotonic()
        if limited is None or sent_ok or attempt:
            break
        wait, _ = _window_s(limited.exchange, float(ctx.options["window-s"]))
        if wait > float(ctx.options["max-wait-s"]) or wait + 15 >= ctx.time_left():
            break
        time.sleep(wait + 0.5)
    return Burst(sent_ok, ended - started, limited.exchange if limited is not None else None, META.id, ended)


def decide(ctx: CheckContext, state: ProbeRun, accepted: list[ChatTurn], burst: Burst,
           window: tuple[float, str] | None, other_limited: bool | None, route: str, budget_usd: float,
           largest_ok: int, rejected_at: str, baseline: ChatTurn | None, blowup: ChatTurn | None, requests: int,
           facts: list[str], findings: list[str]) -> Outcome:
    """Tokens × rate × price → dollars per hour, judged against the budget (or undetermined, saying why)."""
    if not accepted:
        limited = burst.limited
        if limited is not None:
            return Outcome(Status.WARN, "cost exposure: undetermined — the chat endpoint was already rate-limiting "
                           f"this client (HTTP {limited.status} on the first request); run ai.cost-exposure on its "
                           "own, or let it wait for the window: [checks.\"ai.cost-exposure\"] max-wait-s = 65",
                           (Evidence(
                               Status.WARN, "no request accepted: nothing to measure", route,
                               f"{limited.curl()}\n→ {limited.status} {limited.excerpt(160)}",
                               f"{META.id}:rate-limited-at-start"),), requests)
        return state.outcome(requests=requests, passed="", failed="", what="cost exposure")
    if burst.limited is not None and burst.accepted == 0:
        return Outcome(Status.WARN, f"cost exposure: undetermined — the burst met HTTP {burst.limited.status} on its "
                       "first request (the window was spent before it); run ai.cost-exposure on its own, or let it "
                       "wait: [checks.\"ai.cost-exposure\"] max-wait-s = 65", (Evidence(
                           Status.WARN, "no burst request accepted: no rate to measure", route,
                           f"{burst.limited.curl()}\n→ {burst.limited.status} {burst.limited.excerpt(160)}",
                           f"{META.id}:rate-limited-at-start"),), requests)
    by = "" if burst.by == META.id else f" (the chat burst {burst.by} sent, shared)"
    rate_unknown = ""
    if burst.limited is not None and window is not None:
        account_rate_h = burst.accepted * 3600 / window[0]
        facts.append(f"HTTP {burst.limited.status} after {burst.accepted} accepted requests ({window[1]}){by} → "
                     f"≈{account_rate_h:,.0f} requests/hour per account")
        if window[0] < MIN_WINDOW_S:
            rate_unknown = f"the rate-limit window is {window[0]:.1f} s"
        throughput_h = burst.accepted / max(burst.elapsed_s, 1e-3) * 3600
        if other_limited:
            ip_rate_h = account_rate_h
            facts.append("the other tenant was refused too: the limit holds per IP")
        elif other_limited is None:
            ip_rate_h = account_rate_h
            facts.append("per IP or per account not told apart (no other tenant, or the window had passed)")
        else:
            ip_rate_h = throughput_h
            facts.append("the other tenant was still accepted: the limit is per account only, so one IP with many "
                         f"accounts reaches the unthrottled rate (≈{throughput_h:,.0f}/hour measured)")
            findings.append("no per-IP chat limit")
            if burst.elapsed_s < MIN_WINDOW_S:
                rate_unknown = f"the burst took {burst.elapsed_s:.1f} s"
    else:
        account_rate_h = ip_rate_h = burst.accepted / max(burst.elapsed_s, 1e-3) * 3600
        facts.append(f"no 429 in {burst.accepted} requests over {burst.elapsed_s:.1f} s{by} → "
                     f"≈{account_rate_h:,.0f} requests/hour accepted (sequential; concurrency would add more)")
        findings.append("no chat rate limit within the burst")
        if burst.elapsed_s < MIN_WINDOW_S:
            rate_unknown = f"the burst took {burst.elapsed_s:.1f} s"
    max_in = max(_tokens_in(t) for t in accepted)
    max_out = max(_tokens_out(t) for t in accepted)
    if largest_ok and not rejected_at:
        facts.append(f"largest input tried ({largest_ok:,} chars) was accepted")
        findings.append(f"{largest_ok:,}-character messages accepted")
    else:
        facts.append(f"largest accepted input {largest_ok:,} chars; refused at {rejected_at or 'the first size'}")
    base_out = _tokens_out(baseline) if baseline is not None else 0
    blow_out = _tokens_out(blowup) if blowup is not None else 0
    usage_note = "usage reported" if any(t.answer.usage.completion_tokens is not None for t in accepted) \
        else "estimated from text length / 4"
    facts.append(f"output: baseline {base_out} tokens, \"repeat 5000 times\" {blow_out} tokens ({usage_note})")
    if blow_out >= 2000 and blow_out >= 5 * max(base_out, 1):
        findings.append(f"output not capped ({blow_out:,} tokens for one request)")
    prices, how, assumed = candidate_prices(ctx, [t.answer.model for t in accepted if t.answer.model])
    priced = [p for p in prices if p.input_per_mtok or p.output_per_mtok]
    costs = sorted(((max_in * p.input_per_mtok / 1e6 + max_out * p.output_per_mtok / 1e6, p) for p in priced),
                   key=lambda c: (c[0], c[1].model))
    low, high = (costs[0], costs[-1]) if costs else ((0.0, None), (0.0, None))
    if high[1] is not None and low[1] is not None and low[1] is not high[1]:
        facts.append(f"model {how}: per request worst case {max_in:,} input + {max_out:,} output tokens = "
                     f"${low[0]:.4f} ({low[1].model}) to ${high[0]:.4f} ({high[1].model}), prices as of the table")
    elif high[1] is not None:
        p = high[1]
        facts.append(f"model {how}: per request worst case {max_in:,} input + {max_out:,} output tokens at "
                     f"${p.input_per_mtok}/${p.output_per_mtok} per Mtok ({p.source}) = ${high[0]:.4f}")
    per_account_h, per_ip_h = account_rate_h * high[0], ip_rate_h * high[0]
    least = max(account_rate_h, ip_rate_h) * low[0]
    metrics: dict[str, float | int | str] = {
        "usd_per_hour_account": round(per_account_h, 2), "usd_per_hour_ip": round(per_ip_h, 2),
        "usd_per_hour_cheapest_model": round(least, 2),
        "budget_usd_per_hour": budget_usd, "requests_per_hour_account": round(account_rate_h),
        "requests_per_hour_ip": round(ip_rate_h), "max_input_tokens": max_in, "max_output_tokens": max_out,
        "largest_accepted_input_chars": largest_ok, "blowup_output_tokens": blow_out,
        "baseline_output_tokens": base_out, "burst_seconds": round(burst.elapsed_s, 3), "burst_by": burst.by,
        "model": ", ".join(p.model for p in prices) if not assumed else "assumed (price-table range)",
        "price_source": high[1].source if high[1] is not None and not assumed else how,
        "chat_requests": requests,
    }
    detail = "\n".join(facts)
    worst = max(per_account_h, per_ip_h)
    if not priced:
        name = ", ".join(p.model for p in prices)
        return Outcome(Status.WARN, f"cost exposure: no price known for model '{name}' — declare [ai] "
                       "price-input-per-mtok / price-output-per-mtok", (
                           Evidence(Status.WARN, "measured, but no price to turn tokens into dollars", route, detail,
                                    f"{META.id}:no-price"),), requests, metrics)
    broken = state.errors + [f"{n}× HTTP {s}" for s, n in sorted(state.rejected.items()) if s >= 500]
    if rate_unknown:
        also = f"; {len(broken)} kind(s) of request got no usable answer ({'; '.join(b[:80] for b in broken[:2])})" \
            if broken else ""
        return Outcome(Status.WARN, f"cost exposure: undetermined — {rate_unknown}, too short to extrapolate an "
                       "hourly rate from" + (f" ({'; '.join(findings)})" if findings else "") + also, (
                           Evidence(Status.WARN, f"undetermined: {rate_unknown}; a rate needs a window of at least "
                                    f"{MIN_WINDOW_S:.0f} s (raise [checks.\"ai.cost-exposure\"] burst)", route, detail,
                                    f"{META.id}:short-window"),), requests, metrics)
    spread = f" (${least:,.2f} with the cheapest model of the table to ${worst:,.2f} with the dearest)" \
        if low[1] is not high[1] else ""
    if least > budget_usd:
        message = (f"worst case ≈ ${per_account_h:,.2f}/hour per account and ${per_ip_h:,.2f}/hour per IP, above the "
                   f"${budget_usd:,.2f}/hour budget{spread}" + (f" ({'; '.join(findings)})" if findings else ""))
        return Outcome(Status.FAIL, f"one account can spend ≈ ${worst:,.2f}/hour on the model",
                       (Evidence(Status.FAIL, message, route, detail, f"{META.id}:over-budget"),), requests, metrics)
    if worst > budget_usd:
        message = (f"over the ${budget_usd:,.2f}/hour budget only with some of the candidate models{spread}: "
                   f"the model is {how}" + (f" ({'; '.join(findings)})" if findings else ""))
        return Outcome(Status.WARN, f"cost exposure: undetermined — up to ≈ ${worst:,.2f}/hour depending on the model "
                       "(declare [ai] model)", (Evidence(Status.WARN, message, route, detail,
                                                         f"{META.id}:model-dependent"),), requests, metrics)
    if broken:
        # A timeout or a server error is no cap: the product may have paid for the tokens and then failed.
        return Outcome(Status.WARN, f"cost exposure: undetermined — {len(broken)} kind(s) of request got no usable "
                       f"answer ({'; '.join(b[:80] for b in broken[:2])}); the measured ≈ ${worst:,.2f}/hour may "
                       "understate it", (Evidence(Status.WARN, "measured, but part of the measurement failed: "
                                                  + "; ".join(b[:120] for b in broken[:3]), route, detail,
                                                  f"{META.id}:unanswered"),), requests, metrics)
    return Outcome(Status.PASS, f"worst case ≈ ${per_account_h:,.2f}/hour per account, ${per_ip_h:,.2f}/hour per IP "
                   f"(budget ${budget_usd:,.2f}){spread}",
                   (Evidence(Status.PASS, "measured cost exposure", route, detail, f"{META.id}:measured"),),
                   requests, metrics)


CHECK = Check(META, run, options={
    "budget": 33, "burst": 24, "sizes": [2000, 8000, 64000, 512000], "budget-per-hour": 5.0,
    "window-s": 60, "max-wait-s": 65,
}, exclusive=True)
