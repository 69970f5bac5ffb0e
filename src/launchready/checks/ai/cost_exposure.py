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

import time
from dataclasses import dataclass

from launchready.context import CheckContext
from launchready.engines.ai_probes import ProbeRun, chat_target, load_prices, load_probes, probe_budget
from launchready.engines.chat import ChatTurn
from launchready.model import Check, CheckMeta, Effort, Evidence, Outcome, Severity, Status, Surface
from launchready.targets.http import route_of

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


def price_for(ctx: CheckContext) -> Price:
    ai = ctx.config.ai
    table = load_prices()
    models = table.get("models", {})
    name = ai.model or str(ctx.options["assumed-model"])
    key = name if name in models else next(
        (k for k in sorted(models, key=len, reverse=True) if k in name or name.startswith(k)
         or (k.startswith("claude-") and k.split("-", 1)[1] in name)), "")
    base = models.get(key, {"input": 0.0, "output": 0.0})
    source = f"{key} list price as of {table.get('as-of', '?')}" if key else f"no price known for {name}"
    if not ai.model:
        source += " (assumed model: declare [ai] model)"
    inp = ai.price_input_per_mtok if ai.price_input_per_mtok is not None else float(base["input"])
    out = ai.price_output_per_mtok if ai.price_output_per_mtok is not None else float(base["output"])
    if ai.price_input_per_mtok is not None or ai.price_output_per_mtok is not None:
        source = "[ai] price-* from the config"
    return Price(name, inp, out, source)


def _tokens_in(turn: ChatTurn) -> int:
    used = turn.answer.usage.prompt_tokens
    return used if used is not None else (len(turn.message) + 3) // 4


def _tokens_out(turn: ChatTurn) -> int:
    used = turn.answer.usage.completion_tokens
    return used if used is not None else (len(turn.reply) + 3) // 4


def _header(turn: ChatTurn, *names: str) -> str | None:
    lowered = {k.lower(): v for k, v in turn.exchange.headers.items()}
    return next((lowered[n] for n in names if n in lowered), None)


def _window_s(turn: ChatTurn, default: float) -> tuple[float, str]:
    for name in ("retry-after", "x-ratelimit-reset", "ratelimit-reset"):
        value = _header(turn, name)
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


def run(ctx: CheckContext) -> Outcome:
    chat = chat_target(ctx)
    library = load_probes()["cost"]
    route = " ".join(route_of(chat.adapter.endpoint))
    state = ProbeRun(META.id, exhaustive=True)
    limit_usd = ctx.config.ai.budget_per_hour
    budget_usd = float(limit_usd if limit_usd is not None else ctx.options["budget-per-hour"])
    price = price_for(ctx)
    burst_max = max(1, min(int(ctx.options["burst"]), 20))
    facts: list[str] = []
    findings: list[str] = []
    accepted: list[ChatTurn] = []
    # Never exempt: the limiter must see these requests as it sees anyone's (like api.rate-limits).
    with chat.api.probe(budget=probe_budget(ctx, chat), deadline=ctx.deadline, exempt=False) as probe:
        started = time.monotonic()

        def send(message: str) -> ChatTurn | None:
            turn = state.send(chat.session(probe), message)
            if turn is not None:
                accepted.append(turn)
            return turn

        baseline = send(library["baseline"])
        first_refusal = state.rate_limited
        if baseline is None and first_refusal is not None:
            # Another check (api.rate-limits runs just before) may have spent this window: wait it out once.
            wait, _ = _window_s(first_refusal, float(ctx.options["window-s"]))
            if wait <= float(ctx.options["max-wait-s"]) and wait + 15 < ctx.time_left():
                time.sleep(wait + 0.5)
                state.rate_limited = None
                started = time.monotonic()
                baseline = send(library["baseline"])
        blowup = send(library["blowup"])
        largest_ok, rejected_at = 0, ""
        for size in ctx.options["sizes"]:
            if state.stopped:
                break
            text = (library["filler"] * (int(size) // len(library["filler"]) + 1))[: int(size)]
            rejected_before = dict(state.rejected)
            errors_before = len(state.errors)
            if send(text) is not None:
                largest_ok = int(size)
                continue
            if len(state.errors) > errors_before:
                rejected_at = f"{size} chars: no answer ({state.errors[-1][:80]})"
            else:
                status = next((s for s, n in state.rejected.items() if n != rejected_before.get(s, 0)), None)
                rejected_at = f"{size} chars: HTTP {status}" if status else ""
            break
        for _ in range(burst_max):
            if send(library["burst"]) is None:
                break
        elapsed = max(time.monotonic() - started, 1e-3)
        limited = state.rate_limited
        other_limited: bool | None = None
        if limited is not None and chat.tenant(own=False) is not None:
            state.rate_limited = None  # one more request, as the other tenant, to tell IP from account limits
            state.send(chat.session(probe, own=False), library["burst"])
            other_limited = state.rate_limited is not None
            state.rate_limited = None
        requests = probe.count
    if not accepted:
        if limited is not None:
            return Outcome(Status.WARN, "cost exposure: undetermined — the chat endpoint was already rate-limiting "
                           f"this client (HTTP {limited.status} on the first request); run ai.cost-exposure on its "
                           "own, or let it wait for the window: [checks.\"ai.cost-exposure\"] max-wait-s = 65",
                           (Evidence(
                               Status.WARN, "no request accepted: nothing to measure", route,
                               f"{limited.exchange.curl()}\n→ {limited.status} {limited.exchange.excerpt(160)}",
                               f"{META.id}:rate-limited-at-start"),), requests)
        return state.outcome(requests=requests, passed="", failed="", what="cost exposure")
    own = accepted
    max_in = max(_tokens_in(t) for t in accepted)
    max_out = max(_tokens_out(t) for t in accepted)
    per_request = max_in * price.input_per_mtok / 1e6 + max_out * price.output_per_mtok / 1e6
    throughput_h = len(own) / elapsed * 3600
    if limited is not None:
        window, window_note = _window_s(limited, float(ctx.options["window-s"]))
        account_rate_h = len(own) * 3600 / window
        facts.append(f"HTTP {limited.status} after {len(own)} accepted requests ({window_note}) → "
                     f"≈{account_rate_h:,.0f} requests/hour per account")
        if other_limited:
            ip_rate_h = account_rate_h
            facts.append("the other tenant was refused too: the limit holds per IP")
        else:
            ip_rate_h = throughput_h
            facts.append("the other tenant was still accepted: the limit is per account only, so one IP with many "
                         f"accounts reaches the unthrottled rate (≈{throughput_h:,.0f}/hour measured)")
            findings.append("no per-IP chat limit")
    else:
        account_rate_h = ip_rate_h = throughput_h
        facts.append(f"no 429 in {len(own)} requests over {elapsed:.1f} s → ≈{throughput_h:,.0f} requests/hour "
                     "accepted (sequential; concurrency would add more)")
        findings.append("no chat rate limit within the burst")
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
    per_account_h = account_rate_h * per_request
    per_ip_h = ip_rate_h * per_request
    facts.append(f"per request worst case: {max_in:,} input + {max_out:,} output tokens at "
                 f"${price.input_per_mtok}/${price.output_per_mtok} per Mtok ({price.source}) = ${per_request:.4f}")
    metrics: dict[str, float | int | str] = {
        "usd_per_hour_account": round(per_account_h, 2), "usd_per_hour_ip": round(per_ip_h, 2),
        "budget_usd_per_hour": budget_usd, "requests_per_hour_account": round(account_rate_h),
        "requests_per_hour_ip": round(ip_rate_h), "max_input_tokens": max_in, "max_output_tokens": max_out,
        "largest_accepted_input_chars": largest_ok, "blowup_output_tokens": blow_out,
        "baseline_output_tokens": base_out, "model": price.model, "price_source": price.source,
        "chat_requests": requests,
    }
    detail = "\n".join(facts)
    worst = max(per_account_h, per_ip_h)
    if price.input_per_mtok == 0 and price.output_per_mtok == 0:
        return Outcome(Status.WARN, f"cost exposure: no price known for model '{price.model}' — declare [ai] "
                       "price-input-per-mtok / price-output-per-mtok", (
                           Evidence(Status.WARN, "measured, but no price to turn tokens into dollars", route, detail,
                                    f"{META.id}:no-price"),), requests, metrics)
    if worst > budget_usd:
        message = (f"worst case ≈ ${per_account_h:,.2f}/hour per account and ${per_ip_h:,.2f}/hour per IP, above the "
                   f"${budget_usd:,.2f}/hour budget" + (f" ({'; '.join(findings)})" if findings else ""))
        return Outcome(Status.FAIL, f"one account can spend ≈ ${worst:,.2f}/hour on the model",
                       (Evidence(Status.FAIL, message, route, detail, f"{META.id}:over-budget"),), requests, metrics)
    broken = state.errors + [f"{n}× HTTP {s}" for s, n in sorted(state.rejected.items()) if s >= 500]
    if broken:
        # A timeout or a server error is no cap: the product may have paid for the tokens and then failed.
        return Outcome(Status.WARN, f"cost exposure: undetermined — {len(broken)} kind(s) of request got no usable "
                       f"answer ({'; '.join(b[:80] for b in broken[:2])}); the measured ≈ ${worst:,.2f}/hour may "
                       "understate it", (Evidence(Status.WARN, "measured, but part of the measurement failed: "
                                                  + "; ".join(b[:120] for b in broken[:3]), route, detail,
                                                  f"{META.id}:unanswered"),), requests, metrics)
    return Outcome(Status.PASS, f"worst case ≈ ${per_account_h:,.2f}/hour per account, ${per_ip_h:,.2f}/hour per IP "
                   f"(budget ${budget_usd:,.2f})",
                   (Evidence(Status.PASS, "measured cost exposure", route, detail, f"{META.id}:measured"),),
                   requests, metrics)


CHECK = Check(META, run, options={
    "budget": 33, "burst": 20, "sizes": [2000, 8000, 64000, 512000], "budget-per-hour": 5.0,
    "assumed-model": "gpt-4o", "window-s": 60, "max-wait-s": 65,
}, exclusive=True)
