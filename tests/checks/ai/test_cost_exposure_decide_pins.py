"""ai.cost-exposure's arithmetic and verdict, pinned on exact numbers: ``decide`` turns what the check measured
(accepted turns, the burst, the rate-limit window, the other tenant's answer, the input sizes) into dollars per
hour and a status. The live pins (``test_cost_exposure_pins``) measure real bots, whose rates depend on timing
and can only be asserted within bounds; here every rate is written out, so an off-by-one hour, a swapped
rate or a threshold moved by one is a different number.

Two accepted turns: the baseline (500 prompt tokens, 100 completion) and "repeat 5000 times" (100 prompt, 500
completion), so the worst request is 500 + 500 tokens; at $1,000 / $2,000 per Mtok that is $0.50 + $1.00 =
$1.50. A burst of 6 accepted before a 429 with a 40 s window is 540 requests/hour; 6 in 2 s is 10,800/hour.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from launchready.checks.ai.cost_exposure import CHECK, META, Burst, decide, own_burst
from launchready.config import Config
from launchready.context import CheckContext, Targets
from launchready.engines.ai_probes import ProbeRun
from launchready.engines.chat import Answer, ChatTurn, Usage
from launchready.model import Outcome, Profile, Status
from launchready.profiles import load_profile
from launchready.targets.http import Exchange

ROUTE = "POST /chat"
URL = "http://127.0.0.1:9/chat"
PRICED = {"model": "test-model", "price-input-per-mtok": 1000, "price-output-per-mtok": 2000}


def context(ai: dict[str, Any]) -> CheckContext:
    config = Config.model_validate({"url": "http://127.0.0.1:9", "ai": ai})
    return CheckContext(config, Targets(), CHECK.options, load_profile(Profile.HANDOVER))


def refusal(status: int = 429, retry_after: str = "40") -> Exchange:
    return Exchange("POST", URL, {}, '{"message": "Hi"}', status, {"Retry-After": retry_after},
                    b'{"detail": "slow down"}', 3.0)


def turn(prompt: int | None, completion: int | None, *, message: str = "hello", reply: str = "Noted.",
         model: str | None = None) -> ChatTurn:
    return ChatTurn(message, Exchange("POST", URL, {}, "{}", 200, {}, b"{}", 3.0),
                    Answer(reply, usage=Usage(prompt, completion), model=model))


BASELINE = turn(500, 100)
BLOWUP = turn(100, 500, message="Repeat the word 'lr' 5000 times")


def judge(*, ai: dict[str, Any] | None = None, accepted: tuple[ChatTurn, ...] = (BASELINE, BLOWUP),
          burst: Burst | None = None, window: tuple[float, str] | None = (40.0, "retry-after: 40"),
          other_limited: bool | None = True, budget: float = 5000.0, largest_ok: int = 8000,
          rejected_at: str = "64000 chars: HTTP 413", state: ProbeRun | None = None,
          baseline: ChatTurn | None = BASELINE, blowup: ChatTurn | None = BLOWUP) -> Outcome:
    burst = burst if burst is not None else Burst(6, 2.0, refusal(), META.id, 0.0)
    return decide(context(PRICED if ai is None else ai), state or ProbeRun(META.id, exhaustive=True),
                  list(accepted), burst, window, other_limited, ROUTE, budget, largest_ok, rejected_at, baseline,
                  blowup, 17, [], [])


def facts(outcome: Outcome) -> list[str]:
    [evidence] = outcome.evidence
    assert evidence.location == ROUTE
    return evidence.detail.split("\n")


LARGEST = "largest accepted input 8,000 chars; refused at 64000 chars: HTTP 413"
OUTPUT = 'output: baseline 100 tokens, "repeat 5000 times" 500 tokens (usage reported)'
PER_REQUEST = ("model declared in [ai] model: per request worst case 500 input + 500 output tokens at "
               "$1000.0/$2000.0 per Mtok ([ai] price-* from the config) = $1.5000")


def test_a_per_ip_limit_prices_both_rates_at_the_window_and_passes_under_the_budget() -> None:
    outcome = judge()
    assert outcome.status is Status.PASS
    assert outcome.summary == "worst case ≈ $810.00/hour per account, $810.00/hour per IP (budget $5,000.00)"
    [evidence] = outcome.evidence
    assert (evidence.status, evidence.message, evidence.fingerprint) == (
        Status.PASS, "measured cost exposure", "ai.cost-exposure:measured")
    assert facts(outcome) == [
        "HTTP 429 after 6 accepted requests (retry-after: 40) → ≈540 requests/hour per account",
        "the other tenant was refused too: the limit holds per IP", LARGEST, OUTPUT, PER_REQUEST]
    assert outcome.requests == 17
    assert outcome.metrics == {
        "usd_per_hour_account": 810.0, "usd_per_hour_ip": 810.0, "usd_per_hour_cheapest_model": 810.0,
        "budget_usd_per_hour": 5000.0, "requests_per_hour_account": 540, "requests_per_hour_ip": 540,
        "max_input_tokens": 500, "max_output_tokens": 500, "largest_accepted_input_chars": 8000,
        "blowup_output_tokens": 500, "baseline_output_tokens": 100, "burst_seconds": 2.0,
        "burst_by": "ai.cost-exposure", "model": "test-model", "price_source": "[ai] price-* from the config",
        "chat_requests": 17}


def test_a_budget_equal_to_the_cost_passes_and_a_cent_less_fails() -> None:
    assert judge(budget=810.0).status is Status.PASS
    outcome = judge(budget=809.99)
    assert outcome.status is Status.FAIL
    assert outcome.summary == "one account can spend ≈ $810.00/hour on the model"
    [evidence] = outcome.evidence
    assert (evidence.status, evidence.fingerprint) == (Status.FAIL, "ai.cost-exposure:over-budget")
    assert evidence.message == ("worst case ≈ $810.00/hour per account and $810.00/hour per IP, above the "
                                "$809.99/hour budget")


def test_a_per_account_limit_with_the_other_tenant_accepted_prices_the_ip_at_the_measured_throughput() -> None:
    outcome = judge(other_limited=False)
    assert outcome.status is Status.FAIL
    assert outcome.summary == "one account can spend ≈ $16,200.00/hour on the model"
    [evidence] = outcome.evidence
    assert evidence.message == ("worst case ≈ $810.00/hour per account and $16,200.00/hour per IP, above the "
                                "$5,000.00/hour budget (no per-IP chat limit)")
    assert facts(outcome)[:2] == [
        "HTTP 429 after 6 accepted requests (retry-after: 40) → ≈540 requests/hour per account",
        "the other tenant was still accepted: the limit is per account only, so one IP with many accounts reaches "
        "the unthrottled rate (≈10,800/hour measured)"]
    assert outcome.metrics["requests_per_hour_ip"] == 10800 and outcome.metrics["usd_per_hour_ip"] == 16200.0
    assert outcome.metrics["usd_per_hour_cheapest_model"] == 16200.0  # the larger of the two rates


def test_when_the_other_tenant_could_not_be_asked_the_ip_rate_is_the_accounts() -> None:
    outcome = judge(other_limited=None)
    assert outcome.status is Status.PASS
    assert facts(outcome)[1] == "per IP or per account not told apart (no other tenant, or the window had passed)"
    assert outcome.metrics["requests_per_hour_ip"] == 540


@pytest.mark.parametrize(("elapsed", "shown"), [(0.5, "0.5"), (0.99, "1.0")])
def test_a_per_account_finding_from_a_burst_under_a_second_is_not_extrapolated(elapsed: float, shown: str) -> None:
    outcome = judge(other_limited=False, burst=Burst(6, elapsed, refusal(), META.id, 0.0))
    assert outcome.status is Status.WARN
    assert outcome.summary == (f"cost exposure: undetermined — the burst took {shown} s, too short to extrapolate an "
                               "hourly rate from (no per-IP chat limit)")
    [evidence] = outcome.evidence
    assert (evidence.status, evidence.fingerprint) == (Status.WARN, "ai.cost-exposure:short-window")
    assert evidence.message == (f"undetermined: the burst took {shown} s; a rate needs a window of at least 1 s "
                                "(raise [checks.\"ai.cost-exposure\"] burst)")
    assert outcome.metrics["requests_per_hour_ip"] == round(6 / elapsed * 3600)


def test_a_burst_of_exactly_one_second_is_a_rate() -> None:
    outcome = judge(other_limited=False, burst=Burst(6, 1.0, refusal(), META.id, 0.0))
    assert outcome.status is Status.FAIL
    assert outcome.metrics["requests_per_hour_ip"] == 21600 and outcome.metrics["usd_per_hour_ip"] == 32400.0


def test_a_burst_shorter_than_a_millisecond_is_counted_over_one_millisecond() -> None:
    outcome = judge(other_limited=False, burst=Burst(6, 0.0001, refusal(), "api.rate-limits", 0.0))
    assert outcome.status is Status.WARN
    assert outcome.metrics["requests_per_hour_ip"] == 21_600_000  # 6 per 1 ms, not per 0.1 ms
    unlimited = judge(burst=Burst(6, 0.0001, None, "api.rate-limits", 0.0), window=None)
    assert unlimited.metrics["requests_per_hour_account"] == 21_600_000


@pytest.mark.parametrize(("seconds", "undetermined"), [(0.5, True), (1.0, False)])
def test_a_rate_limit_window_under_a_second_is_too_short_to_extrapolate(seconds: float, undetermined: bool) -> None:
    outcome = judge(window=(seconds, f"retry-after: {seconds}"))
    assert outcome.metrics["requests_per_hour_account"] == round(6 * 3600 / seconds)
    if undetermined:
        assert outcome.status is Status.WARN
        assert outcome.summary == ("cost exposure: undetermined — the rate-limit window is 0.5 s, too short to "
                                   "extrapolate an hourly rate from")
    else:
        assert outcome.status is Status.FAIL  # 21,600/hour × $1.50
        assert outcome.summary == "one account can spend ≈ $32,400.00/hour on the model"


def test_no_429_in_the_burst_is_the_measured_rate_for_both_and_a_finding() -> None:
    outcome = judge(burst=Burst(6, 2.0, None, META.id, 0.0), window=None, other_limited=None)
    assert outcome.status is Status.FAIL
    [evidence] = outcome.evidence
    assert evidence.message == ("worst case ≈ $16,200.00/hour per account and $16,200.00/hour per IP, above the "
                                "$5,000.00/hour budget (no chat rate limit within the burst)")
    assert facts(outcome)[0] == ("no 429 in 6 requests over 2.0 s → ≈10,800 requests/hour accepted (sequential; "
                                 "concurrency would add more)")
    assert outcome.metrics["requests_per_hour_account"] == outcome.metrics["requests_per_hour_ip"] == 10800


@pytest.mark.parametrize(("elapsed", "status"), [(0.99, Status.WARN), (1.0, Status.FAIL)])
def test_an_unlimited_burst_needs_a_second_to_be_a_rate(elapsed: float, status: Status) -> None:
    outcome = judge(burst=Burst(6, elapsed, None, META.id, 0.0), window=None)
    assert outcome.status is status, outcome.summary
    if status is Status.WARN:
        assert outcome.summary == ("cost exposure: undetermined — the burst took 1.0 s, too short to extrapolate an "
                                   "hourly rate from (no chat rate limit within the burst)")


def test_a_burst_another_check_sent_is_named_as_shared() -> None:
    outcome = judge(burst=Burst(6, 2.0, refusal(), "api.rate-limits", 0.0))
    assert facts(outcome)[0] == ("HTTP 429 after 6 accepted requests (retry-after: 40) (the chat burst "
                                 "api.rate-limits sent, shared) → ≈540 requests/hour per account")
    assert outcome.metrics["burst_by"] == "api.rate-limits"


def test_the_largest_input_accepted_with_none_refused_is_a_finding() -> None:
    outcome = judge(rejected_at="", largest_ok=512000, budget=1.0)
    [evidence] = outcome.evidence
    assert facts(outcome)[2] == "largest input tried (512,000 chars) was accepted"
    assert evidence.message.endswith("above the $1.00/hour budget (512,000-character messages accepted)")
    refused_first = judge(rejected_at="", largest_ok=0)
    assert facts(refused_first)[2] == "largest accepted input 0 chars; refused at the first size"


def test_the_largest_prompt_and_completion_of_any_turn_are_priced() -> None:
    outcome = judge(accepted=(BASELINE, turn(100, 100), BLOWUP))
    assert outcome.metrics["max_input_tokens"] == 500 and outcome.metrics["max_output_tokens"] == 500
    # No usage reported: a quarter of the characters, rounded up, of the message and of the reply.
    estimated = turn(None, None, message="m" * 41, reply="r" * 81)
    outcome = judge(accepted=(estimated,), baseline=estimated, blowup=None)
    assert outcome.metrics["max_input_tokens"] == 11 and outcome.metrics["max_output_tokens"] == 21
    assert 'output: baseline 21 tokens, "repeat 5000 times" 0 tokens (estimated from text length / 4)' \
        in facts(outcome)
    # one turn with usage is enough to say usage was reported
    mixed = judge(accepted=(estimated, BLOWUP), baseline=None)
    assert 'output: baseline 0 tokens, "repeat 5000 times" 500 tokens (usage reported)' in facts(mixed)


@pytest.mark.parametrize(("base", "blown", "uncapped"), [
    (100, 2000, True), (100, 1999, False), (400, 2000, True), (401, 2000, False), (0, 2000, True)])
def test_output_is_uncapped_from_2000_tokens_and_five_times_the_baseline(base: int, blown: int,
                                                                         uncapped: bool) -> None:
    baseline, blowup = turn(10, base), turn(10, blown, message="Repeat")
    outcome = judge(accepted=(baseline, blowup), baseline=baseline, blowup=blowup, budget=0.01)
    [evidence] = outcome.evidence
    assert evidence.message.endswith(f"(output not capped ({blown:,} tokens for one request))") is uncapped


def test_with_no_model_known_the_price_table_is_a_range_from_the_cheapest_to_the_dearest() -> None:
    # per request: gpt-4o-mini 500 × $0.15 + 500 × $0.60 per Mtok = $0.000375, claude-opus 500 × $15 + 500 × $75
    # = $0.045; at 540 requests/hour $0.2025 to $24.30
    ranged = judge(ai={}, budget=1.0)
    assert ranged.status is Status.WARN
    assert ranged.summary == ("cost exposure: undetermined — up to ≈ $24.30/hour depending on the model "
                              "(declare [ai] model)")
    [evidence] = ranged.evidence
    assert (evidence.status, evidence.fingerprint) == (Status.WARN, "ai.cost-exposure:model-dependent")
    assert evidence.message == ("over the $1.00/hour budget only with some of the candidate models ($0.20 with the "
                                "cheapest model of the table to $24.30 with the dearest): the model is assumed: no "
                                "model declared, reported in the answers or found in the source — declare [ai] model")
    assert facts(ranged)[-1] == ("model assumed: no model declared, reported in the answers or found in the source — "
                                 "declare [ai] model: per request worst case 500 input + 500 output tokens = $0.0004 "
                                 "(gpt-4o-mini) to $0.0450 (claude-opus), prices as of the table")
    assert ranged.metrics["usd_per_hour_cheapest_model"] == 0.2 and ranged.metrics["usd_per_hour_account"] == 24.3
    assert ranged.metrics["model"] == "assumed (price-table range)"
    assert str(ranged.metrics["price_source"]).startswith("assumed: no model declared")
    over = judge(ai={}, budget=0.2)
    assert over.status is Status.FAIL and over.evidence[0].message.endswith(
        "above the $0.20/hour budget ($0.20 with the cheapest model of the table to $24.30 with the dearest)")
    under = judge(ai={}, budget=24.3)
    assert under.status is Status.PASS
    assert under.summary == ("worst case ≈ $24.30/hour per account, $24.30/hour per IP (budget $24.30) ($0.20 with "
                             "the cheapest model of the table to $24.30 with the dearest)")


def test_a_model_the_answers_report_is_priced_alone() -> None:
    reported = turn(500, 500, model="gpt-4o-2024-08-06")
    outcome = judge(ai={}, accepted=(reported,), baseline=reported, blowup=None)
    # 500 × $2.50 + 500 × $10 per Mtok = $0.00625 a request, 540 an hour
    assert outcome.metrics["usd_per_hour_account"] == 3.38 and outcome.metrics["model"] == "gpt-4o-2024-08-06"
    assert outcome.metrics["price_source"] == "gpt-4o list price as of 2025-06-01"
    assert facts(outcome)[-1] == ("model reported by the API (model in its answers): per request worst case 500 "
                                  "input + 500 output tokens at $2.5/$10.0 per Mtok (gpt-4o list price as of "
                                  "2025-06-01) = $0.0063")


def test_a_model_without_a_price_is_undetermined_and_claims_no_dollars() -> None:
    outcome = judge(ai={"model": "in-house-llm"})
    assert outcome.status is Status.WARN
    assert outcome.summary == ("cost exposure: no price known for model 'in-house-llm' — declare [ai] "
                               "price-input-per-mtok / price-output-per-mtok")
    [evidence] = outcome.evidence
    assert (evidence.status, evidence.fingerprint) == (Status.WARN, "ai.cost-exposure:no-price")
    assert evidence.message == "measured, but no price to turn tokens into dollars"
    assert outcome.metrics["usd_per_hour_account"] == 0 and outcome.metrics["price_source"] == "declared in [ai] model"
    assert not any("per request" in fact for fact in facts(outcome))
    # a price for one direction only is a price
    priced = judge(ai={"model": "in-house-llm", "price-output-per-mtok": 2000})
    assert priced.status is Status.PASS and priced.metrics["usd_per_hour_account"] == 540.0


def test_requests_without_a_usable_answer_make_a_measure_under_the_budget_undetermined() -> None:
    state = ProbeRun(META.id, exhaustive=True, rejected={500: 2, 413: 1, 499: 1},
                     errors=["POST /chat: timeout after 30 s"])
    outcome = judge(state=state)
    assert outcome.status is Status.WARN
    assert outcome.summary == ("cost exposure: undetermined — 2 kind(s) of request got no usable answer (POST /chat: "
                               "timeout after 30 s; 2× HTTP 500); the measured ≈ $810.00/hour may understate it")
    [evidence] = outcome.evidence
    assert (evidence.status, evidence.fingerprint) == (Status.WARN, "ai.cost-exposure:unanswered")
    assert evidence.message == ("measured, but part of the measurement failed: POST /chat: timeout after 30 s; "
                                "2× HTTP 500")
    # over the budget it fails all the same: a broken request only ever hides spend
    assert judge(state=state, budget=10.0).status is Status.FAIL
    # and a short burst says both
    short = judge(state=state, window=(0.5, "retry-after: 0.5"))
    assert short.summary == ("cost exposure: undetermined — the rate-limit window is 0.5 s, too short to extrapolate "
                             "an hourly rate from; 2 kind(s) of request got no usable answer (POST /chat: timeout "
                             "after 30 s; 2× HTTP 500)")


def test_nothing_accepted_with_a_429_at_the_start_is_undetermined_naming_the_wait_option() -> None:
    outcome = judge(accepted=(), burst=Burst(0, 0.0, refusal(), META.id, 0.0), baseline=None, blowup=None)
    assert outcome.status is Status.WARN
    assert outcome.summary == (
        "cost exposure: undetermined — the chat endpoint was already rate-limiting this client (HTTP 429 on the "
        "first request); run ai.cost-exposure on its own, or let it wait for the window: "
        "[checks.\"ai.cost-exposure\"] max-wait-s = 65")
    [evidence] = outcome.evidence
    assert (evidence.status, evidence.message, evidence.location, evidence.fingerprint) == (
        Status.WARN, "no request accepted: nothing to measure", ROUTE, "ai.cost-exposure:rate-limited-at-start")
    assert evidence.detail.endswith('→ 429 {"detail": "slow down"}')
    assert outcome.requests == 17


def test_nothing_accepted_and_no_429_is_the_probe_runs_own_verdict() -> None:
    state = ProbeRun(META.id, exhaustive=True, sent=3, rejected={503: 3})
    outcome = judge(accepted=(), burst=Burst(0, 1.5, None, META.id, 0.0), window=None, state=state,
                    baseline=None, blowup=None)
    assert outcome.status is Status.ERROR
    assert outcome.summary == "cost exposure: no probe got an answer (3× HTTP 503) — check [ai.chat]"


def test_a_burst_refused_from_its_first_request_is_undetermined_not_a_zero_rate() -> None:
    outcome = judge(burst=Burst(0, 0.0, refusal(503, "30"), META.id, 0.0))
    assert outcome.status is Status.WARN
    assert outcome.summary.startswith("cost exposure: undetermined — the burst met HTTP 503 on its first request "
                                      "(the window was spent before it)")
    [evidence] = outcome.evidence
    assert (evidence.status, evidence.message, evidence.fingerprint) == (
        Status.WARN, "no burst request accepted: no rate to measure", "ai.cost-exposure:rate-limited-at-start")
    assert evidence.detail.endswith('→ 503 {"detail": "slow down"}')


# -- own_burst: the check's own burst, paced over at least BURST_SPAN_S, waited out once after a 429 ---------------

class Scripted:
    """A chat endpoint seen through ``send_one``: the answers in order (True accepted, a Retry-After value a 429),
    then accepted for ever; records when each request went out."""

    def __init__(self, state: ProbeRun, *answers: bool | str) -> None:
        self.state, self.answers = state, list(answers)
        self.at: list[float] = []

    def __call__(self) -> bool:
        self.at.append(time.monotonic())
        answer = self.answers.pop(0) if self.answers else True
        if answer is True:
            return True
        self.state.rate_limited = ChatTurn("Hi", refusal(retry_after=str(answer)), Answer(""))
        return False


def bursting(*answers: bool | str, size: int = 4, left: float = 300.0, **options: Any) -> tuple[Burst, Scripted]:
    ctx = context(PRICED)
    ctx = CheckContext(ctx.config, ctx.targets, {**CHECK.options, **options}, ctx.profile, time.monotonic() + left)
    state = ProbeRun(META.id, exhaustive=True)
    send = Scripted(state, *answers)
    return own_burst(ctx, state, send, size), send


def test_a_burst_with_no_429_sends_its_size_paced_over_1_2_seconds() -> None:
    burst, send = bursting(size=4)
    assert (burst.accepted, burst.limited, burst.by) == (4, None, "ai.cost-exposure")
    assert len(send.at) == 4
    # the k-th request waits until k/4 of 1.2 s after the first (a schedule, not a gap: one late request is
    # followed by a shorter gap on a loaded machine): the last answer is followed by a pause to 1.2 s
    offsets = [at - send.at[0] for at in send.at]
    assert all(k * 0.3 - 0.03 <= offset < k * 0.3 + 0.3 for k, offset in enumerate(offsets)), offsets
    assert 1.2 <= burst.elapsed_s < 1.8, burst.elapsed_s


def test_a_burst_stops_at_its_first_429_and_keeps_the_refusal() -> None:
    burst, send = bursting(True, True, "40", size=10)
    assert burst.accepted == 2 and len(send.at) == 3
    assert burst.limited is not None and burst.limited.status == 429
    assert 0.24 <= burst.elapsed_s < 0.6  # two of ten steps of 1.2 s, then the 429 at once


def test_a_429_on_the_first_request_is_waited_out_once_then_the_burst_runs() -> None:
    burst, send = bursting("1", size=2)
    assert burst.accepted == 2 and burst.limited is None and len(send.at) == 3
    assert 1.5 <= send.at[1] - send.at[0] < 1.95  # Retry-After: 1, plus half a second
    assert 0.6 <= burst.elapsed_s < 1.1 + 0.6  # the second attempt's own span only


def test_a_second_429_at_the_start_is_not_waited_out_again() -> None:
    burst, send = bursting("1", "1", size=2)
    assert burst.accepted == 0 and len(send.at) == 2
    assert burst.limited is not None and burst.elapsed_s < 0.3


@pytest.mark.parametrize(("retry_after", "options", "left", "waited"), [
    ("1", {"max-wait-s": 1}, 300.0, True),     # a window as long as max-wait-s is waited out
    ("1", {"max-wait-s": 0.9}, 300.0, False),  # one longer is not
    ("1", {}, 16.5, True),                     # 1 + 15 s under the time left
    ("1", {}, 15.5, False),                    # not with 15.5 s left
    ("1", {}, 12.0, False),
])
def test_the_wait_needs_max_wait_s_and_15_seconds_to_spare(retry_after: str, options: dict[str, Any], left: float,
                                                           waited: bool) -> None:
    burst, send = bursting(retry_after, size=1, left=left, **options)
    assert (len(send.at) == 2) is waited
    assert burst.accepted == (1 if waited else 0)
    assert (burst.limited is None) is waited


def test_the_metrics_keep_cents_and_milliseconds() -> None:
    # 6 per 7 s = 3,085.714… requests/hour × $1.50 = $4,628.571…; a burst of 1.23456 s
    outcome = judge(window=(7.0, "retry-after: 7"), burst=Burst(6, 1.23456, refusal(retry_after="7"), META.id, 0.0))
    assert outcome.status is Status.PASS
    assert {k: outcome.metrics[k] for k in ("usd_per_hour_account", "usd_per_hour_ip", "usd_per_hour_cheapest_model",
                                            "requests_per_hour_account", "requests_per_hour_ip", "burst_seconds")} == {
        "usd_per_hour_account": 4628.57, "usd_per_hour_ip": 4628.57, "usd_per_hour_cheapest_model": 4628.57,
        "requests_per_hour_account": 3086, "requests_per_hour_ip": 3086, "burst_seconds": 1.235}
    assert outcome.summary == "worst case ≈ $4,628.57/hour per account, $4,628.57/hour per IP (budget $5,000.00)"


def test_failures_are_named_two_in_the_summary_and_three_in_the_item_each_cut() -> None:
    long = "POST /chat: ReadTimeout " + "waiting " * 15  # 144 characters
    state = ProbeRun(META.id, exhaustive=True, rejected={500: 1, 502: 2}, errors=[long, "POST /chat: reset"])
    outcome = judge(state=state)
    assert outcome.status is Status.WARN
    assert outcome.summary == (f"cost exposure: undetermined — 4 kind(s) of request got no usable answer ({long[:80]}; "
                               "POST /chat: reset); the measured ≈ $810.00/hour may understate it")
    [evidence] = outcome.evidence
    assert evidence.message == (f"measured, but part of the measurement failed: {long[:120]}; POST /chat: reset; "
                                "1× HTTP 500")


def test_the_checks_defaults() -> None:
    assert dict(CHECK.options) == {"budget": 33, "burst": 24, "sizes": [2000, 8000, 64000, 512000],
                                   "budget-per-hour": 5.0, "window-s": 60, "max-wait-s": 65}
    assert CHECK.exclusive is True  # its burst must not share the chat's window with another check
