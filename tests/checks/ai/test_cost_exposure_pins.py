"""ai.cost-exposure judges the worse of the two rates, each way: a cheap account behind an unlimited IP
fails, and so does an account whose window allows more than one sequential client measured.

Each request costs 50 tokens × $1,000 per Mtok = $0.05 here. The check extrapolates an hourly rate only
from a burst of at least a second, so the app answers the burst slowly enough (see ``apps_cost_pins``):
per account 5 requests an hour, per IP ≈ 12,000 an hour (5 in ≥ 1.5 s) on ``/chat-per-account``.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from launchready import scan
from launchready.config import Config
from launchready.lab.examples import checkout_root
from launchready.lab.server import serve_app
from launchready.model import Status

CHECK = "ai.cost-exposure"
ENV = {"LR_COST_A": "cost-token-a", "LR_COST_B": "cost-token-b"}


@pytest.fixture(scope="module")
def cost_bot() -> Iterator[str]:
    with pytest.MonkeyPatch.context() as mp:
        for key, value in ENV.items():
            mp.setenv(key, value)
        with serve_app("tests.checks.ai.apps_cost_pins:app", cwd=checkout_root()) as base_url:
            yield base_url


def cost_config(base_url: str, endpoint: str, budget: float) -> Config:
    httpx.post(f"{base_url}/reset", trust_env=False).raise_for_status()
    return Config.model_validate({
        "url": base_url, "only": [CHECK],
        "api": {"tenants": [{"name": "tenant-a", "token-env": "LR_COST_A"},
                            {"name": "tenant-b", "token-env": "LR_COST_B"}]},
        "ai": {"chat": {"endpoint": endpoint}, "model": "test-model", "price-input-per-mtok": 1000,
               "price-output-per-mtok": 1000, "budget-per-hour": budget},
    })


def test_a_per_account_limit_without_a_per_ip_limit_fails_on_the_ip_rate(cost_bot: str) -> None:
    result = scan(cost_config(cost_bot, "POST /chat-per-account", budget=10)).result(CHECK)
    assert result.status is Status.FAIL, (result.summary, result.evidence)
    [evidence] = result.evidence
    assert evidence.status is Status.FAIL and evidence.fingerprint == "ai.cost-exposure:over-budget"
    assert evidence.location == "POST /chat-per-account"
    # 5 accepted per 3600 s window: 5 requests/hour × $0.05 for the account, under the $10 budget ...
    assert result.metrics["requests_per_hour_account"] == 5 and result.metrics["usd_per_hour_account"] == 0.25
    # ... but the other tenant was still accepted: the IP runs at the measured, unthrottled rate — 5 burst
    # answers + the 429 at 0.25 s each take ≥ 1.5 s, so ≤ 12,000 requests/hour, ≤ $600/hour, well over $10.
    assert float(result.metrics["burst_seconds"]) >= 1.5
    assert 10 < float(result.metrics["usd_per_hour_ip"]) <= 600
    assert float(result.metrics["usd_per_hour_cheapest_model"]) == result.metrics["usd_per_hour_ip"]
    assert result.summary == f"one account can spend ≈ ${float(result.metrics['usd_per_hour_ip']):,.2f}/hour on the model"
    assert evidence.message.startswith("worst case ≈ $0.25/hour per account and $")
    assert evidence.message.endswith("/hour per IP, above the $10.00/hour budget (no per-IP chat limit)")
    assert "HTTP 429 after 5 accepted requests (retry-after: 3600) → ≈5 requests/hour per account" in evidence.detail
    assert "the other tenant was still accepted: the limit is per account only" in evidence.detail
    assert "refused at 8000 chars: HTTP 413" in evidence.detail
    assert "20 input + 30 output tokens at $1000.0/$1000.0 per Mtok ([ai] price-* from the config) = $0.0500" \
        in evidence.detail
    assert result.metrics["max_input_tokens"] == 20 and result.metrics["max_output_tokens"] == 30
    assert result.metrics["burst_by"] == CHECK and result.metrics["model"] == "test-model"


def test_an_account_window_wider_than_the_measured_rate_fails_on_the_account_rate(cost_bot: str) -> None:
    result = scan(cost_config(cost_bot, "POST /chat-short-window", budget=500)).result(CHECK)
    assert result.status is Status.FAIL, (result.summary, result.evidence)
    [evidence] = result.evidence
    assert evidence.status is Status.FAIL and evidence.fingerprint == "ai.cost-exposure:over-budget"
    assert evidence.location == "POST /chat-short-window"
    # 5 per 1 s window: 18,000 requests/hour × $0.05 = $900 for one account, over the $500 budget ...
    assert result.metrics["requests_per_hour_account"] == 18000 and result.metrics["usd_per_hour_account"] == 900
    # ... while one sequential client, at 0.5 s an answer, measured 5 in ≥ 3 s (5 + the 429): ≤ $300/hour.
    assert float(result.metrics["burst_seconds"]) >= 3.0
    assert float(result.metrics["usd_per_hour_ip"]) <= 300
    assert result.metrics["usd_per_hour_cheapest_model"] == 900
    assert result.summary == "one account can spend ≈ $900.00/hour on the model"
    assert evidence.message.startswith("worst case ≈ $900.00/hour per account and $")
    assert evidence.message.endswith("/hour per IP, above the $500.00/hour budget (no per-IP chat limit)")
    assert "HTTP 429 after 5 accepted requests (retry-after: 1) → ≈18,000 requests/hour per account" in evidence.detail


def test_a_budget_above_both_rates_passes(cost_bot: str) -> None:
    result = scan(cost_config(cost_bot, "POST /chat-short-window", budget=900.5)).result(CHECK)
    assert result.status is Status.PASS, (result.summary, result.evidence)
    [evidence] = result.evidence
    assert evidence.status is Status.PASS and evidence.fingerprint == "ai.cost-exposure:measured"
    assert evidence.location == "POST /chat-short-window" and evidence.message == "measured cost exposure"
    assert result.metrics["usd_per_hour_account"] == 900 and float(result.metrics["usd_per_hour_ip"]) <= 300
    assert result.summary.startswith("worst case ≈ $900.00/hour per account, $")
    assert result.summary.endswith("/hour per IP (budget $900.50)")


def test_a_model_without_a_known_price_is_undetermined_with_a_warning_item(cost_bot: str) -> None:
    config = cost_config(cost_bot, "POST /chat-per-account", budget=10)
    config = config.model_copy(update={"ai": config.ai.model_copy(update={
        "model": "in-house-llm", "price_input_per_mtok": None, "price_output_per_mtok": None})})
    result = scan(config).result(CHECK)
    assert result.status is Status.WARN, (result.summary, result.evidence)
    assert result.summary == ("cost exposure: no price known for model 'in-house-llm' — declare [ai] "
                              "price-input-per-mtok / price-output-per-mtok")
    [evidence] = result.evidence
    assert evidence.status is Status.WARN and evidence.fingerprint == "ai.cost-exposure:no-price"
    assert evidence.location == "POST /chat-per-account"
    assert evidence.message == "measured, but no price to turn tokens into dollars"
    assert "HTTP 429 after 5 accepted requests (retry-after: 3600)" in evidence.detail
    # With no priced candidate the source is where the model name came from; no dollars are claimed.
    assert result.metrics["price_source"] == "declared in [ai] model"
    assert "per request worst case" not in evidence.detail
    assert result.metrics["model"] == "in-house-llm" and result.metrics["usd_per_hour_account"] == 0


def test_a_price_for_input_only_is_still_the_configs_price(cost_bot: str) -> None:
    config = cost_config(cost_bot, "POST /chat-per-account", budget=10)
    config = config.model_copy(update={"ai": config.ai.model_copy(update={"price_output_per_mtok": None})})
    result = scan(config).result(CHECK)
    assert result.status is Status.FAIL, (result.summary, result.evidence)  # the IP rate: ≈ 12,000/hour × $0.02
    [evidence] = result.evidence
    assert evidence.status is Status.FAIL and evidence.fingerprint == "ai.cost-exposure:over-budget"
    assert evidence.location == "POST /chat-per-account"
    assert result.metrics["price_source"] == "[ai] price-* from the config"
    assert result.metrics["usd_per_hour_account"] == 0.1  # 5/hour × 20 input tokens × $1,000 per Mtok
    assert 10 < float(result.metrics["usd_per_hour_ip"]) <= 240  # ≤ 12,000/hour × $0.02
    assert evidence.message.startswith("worst case ≈ $0.10/hour per account and $")
    assert "20 input + 30 output tokens at $1000.0/$0.0 per Mtok ([ai] price-* from the config) = $0.0200" \
        in evidence.detail


@pytest.mark.parametrize(("base", "blowup", "capped"), [
    (30, 2000, False),   # 2,000 tokens, 66× the baseline: not capped
    (30, 1999, True),    # under 2,000 tokens: not called uncapped
    (500, 2000, True),   # 2,000 tokens but only 4× the baseline (< 5×): a long answer, not a runaway one
    (400, 2000, False),  # exactly 5× the baseline
])
def test_output_is_called_uncapped_at_2000_tokens_and_5_times_the_baseline(cost_bot: str, base: int, blowup: int,
                                                                           capped: bool) -> None:
    endpoint = f"POST /chat-output/{base}/{blowup}"
    result = scan(cost_config(cost_bot, endpoint, budget=0.01)).result(CHECK)
    [evidence] = result.evidence
    assert evidence.status is Status.FAIL, (result.summary, result.evidence)  # over the tiny budget either way
    assert evidence.fingerprint == "ai.cost-exposure:over-budget" and evidence.location == endpoint
    assert result.metrics["blowup_output_tokens"] == blowup and result.metrics["baseline_output_tokens"] == base
    assert result.metrics["max_output_tokens"] == max(base, blowup)
    # 5/hour × (20 input + the largest output) × $1,000 per Mtok for the account.
    assert result.metrics["usd_per_hour_account"] == round(5 * (20 + max(base, blowup)) * 1000 / 1e6, 2)
    assert f"output: baseline {base} tokens, \"repeat 5000 times\" {blowup} tokens (usage reported)" in evidence.detail
    uncapped = f"output not capped ({blowup:,} tokens for one request)"
    assert (uncapped in evidence.message) is (not capped)
    assert evidence.message.endswith("(no per-IP chat limit)" if capped else f"(no per-IP chat limit; {uncapped})")
