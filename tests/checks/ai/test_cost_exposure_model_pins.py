"""ai.cost-exposure's price for the model: the one the answers report (an OpenAI dated name, an Anthropic
family word), one named in a source file (with its line), or, with none known, the whole price table as a
range — a budget inside that range is undetermined, never a pass. Same bots as ``test_cost_exposure_pins``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from launchready import scan
from launchready.config import Config
from launchready.lab.gitrepo import Commit, build_repo
from launchready.model import Status
from tests.checks.ai.apps_cost_pins import BURST
from tests.checks.ai.test_cost_exposure_pins import CHECK, cost_bot, cost_config

__all__ = ["cost_bot"]  # the module-scoped fixture, shared


def unpriced(config: Config, **update: Any) -> Config:
    """No [ai] model and no price: the check finds the model itself (answers, source) or assumes the table."""
    return config.model_copy(update={"ai": config.ai.model_copy(update={
        "model": None, "price_input_per_mtok": None, "price_output_per_mtok": None}), **update})


@pytest.mark.parametrize(("reported", "key", "per_request"), [
    ("gpt-4o-mini-2024-07-18", "gpt-4o-mini", "$0.15/$0.6"),
    ("claude-3-5-haiku-20241022", "claude-haiku", "$0.8/$4.0"),  # Anthropic's dated names: the family word
])
def test_a_model_the_answers_report_is_priced_from_the_table(cost_bot: str, reported: str, key: str,
                                                             per_request: str) -> None:
    endpoint = f"POST /chat-model/{reported}"
    result = scan(unpriced(cost_config(cost_bot, endpoint, budget=10))).result(CHECK)
    [evidence] = result.evidence
    assert evidence.location == endpoint and evidence.fingerprint.startswith(f"{CHECK}:")
    assert result.metrics["model"] == reported
    assert result.metrics["price_source"] == f"{key} list price as of 2025-06-01"
    assert (f"model reported by the API (model in its answers): per request worst case 20 input + 30 output tokens "
            f"at {per_request} per Mtok ({key} list price as of 2025-06-01)") in evidence.detail


def test_a_model_named_in_the_source_is_priced_with_its_file_and_line(cost_bot: str, tmp_path: Path) -> None:
    build_repo(tmp_path / "repo", [Commit("init", {
        "README.md": 'model = "gpt-4o"\n',  # not a source file: not read
        "web/llm.ts": '// the chat route\nconst reply = await openai.chat.completions.create({ model: "gpt-4.1-mini",'
                      ' messages });\n'})])
    config = unpriced(cost_config(cost_bot, "POST /chat-per-account", budget=10), path=tmp_path / "repo")
    result = scan(config).result(CHECK)
    [evidence] = result.evidence
    assert result.metrics["model"] == "gpt-4.1-mini", (result.summary, evidence)
    assert result.metrics["price_source"] == "gpt-4.1-mini list price as of 2025-06-01"
    assert "model found in the source: gpt-4.1-mini at web/llm.ts:2: per request worst case" in evidence.detail


def test_with_no_model_known_the_whole_table_is_a_range_and_a_budget_inside_it_is_undetermined(cost_bot: str) -> None:
    result = scan(unpriced(cost_config(cost_bot, "POST /chat-per-account", budget=1))).result(CHECK)
    assert result.status is Status.WARN, (result.summary, result.evidence)
    [evidence] = result.evidence
    assert evidence.status is Status.WARN and evidence.fingerprint == f"{CHECK}:model-dependent"
    assert result.metrics["model"] == "assumed (price-table range)"
    assert str(result.metrics["price_source"]).startswith("assumed: no model declared, reported in the answers or "
                                                          "found in the source — declare [ai] model")
    # per request: 20 × $0.15 + 30 × $0.60 per Mtok (gpt-4o-mini) to 20 × $15 + 30 × $75 per Mtok (claude-opus)
    assert ("per request worst case 20 input + 30 output tokens = $0.0000 (gpt-4o-mini) to $0.0025 (claude-opus), "
            "prices as of the table") in evidence.detail
    least, worst = float(result.metrics["usd_per_hour_cheapest_model"]), float(result.metrics["usd_per_hour_ip"])
    assert least < 1 < worst  # ≈ 12,000 requests/hour × $0.000021 … × $0.00255
    assert result.summary == f"cost exposure: undetermined — up to ≈ ${worst:,.2f}/hour depending on the model " \
                             "(declare [ai] model)"
    assert evidence.message.startswith(f"over the $1.00/hour budget only with some of the candidate models "
                                       f"(${least:,.2f} with the cheapest model of the table to ${worst:,.2f} with "
                                       "the dearest): the model is assumed")


def test_the_largest_input_the_product_reports_is_the_one_priced(cost_bot: str) -> None:
    result = scan(cost_config(cost_bot, "POST /chat-sized", budget=10)).result(CHECK)
    [evidence] = result.evidence
    # 2,000 characters accepted (8,000 refused with 413): 20 + 2000 // 4 = 520 prompt tokens, the most of any
    assert result.metrics["max_input_tokens"] == 520 and result.metrics["largest_accepted_input_chars"] == 2000
    assert "per request worst case 520 input + 30 output tokens" in evidence.detail


def test_a_window_spent_before_the_burst_is_undetermined_with_the_default_wait(cost_bot: str) -> None:
    config = cost_config(cost_bot, "POST /chat-per-account", budget=10)
    for _ in range(5):  # tenant A's hourly allowance, spent before the scan
        httpx.post(f"{cost_bot}/chat-per-account", json={"message": f"{BURST} (spent)"},
                   headers={"Authorization": "Bearer cost-token-a"}, trust_env=False).raise_for_status()
    result = scan(config).result(CHECK)
    assert result.status is Status.WARN, (result.summary, result.evidence)
    assert result.summary.startswith("cost exposure: undetermined — the burst met HTTP 429 on its first request "
                                     "(the window was spent before it)")
    [evidence] = result.evidence  # a one-hour window is over the default max-wait-s (65 s): not waited out
    assert evidence.status is Status.WARN and evidence.fingerprint == f"{CHECK}:rate-limited-at-start"
    assert result.duration_s < 60


def spend_allowance(base_url: str, endpoint: str) -> None:
    """Tenant A's allowance on ``endpoint``, spent before the scan (these bots never refill it)."""
    for _ in range(5):
        httpx.post(f"{base_url}{endpoint}", json={"message": f"{BURST} (spent)"},
                   headers={"Authorization": "Bearer cost-token-a"}, trust_env=False).raise_for_status()


@pytest.mark.parametrize(("timeout", "requests"), [(None, 4 + 2), (14, 4 + 1)])
def test_a_spent_one_second_window_is_waited_out_once_if_the_check_has_15_s_to_spare(
        cost_bot: str, timeout: float | None, requests: int) -> None:
    config = cost_config(cost_bot, "POST /chat-short-window", budget=10)
    update: dict[str, Any] = {"api": config.api.model_copy(update={"tenants": config.api.tenants[:1]})}
    if timeout is not None:
        update["check_timeout"] = timeout
    config = config.model_copy(update=update)
    spend_allowance(cost_bot, "/chat-short-window")
    result = scan(config).result(CHECK)
    assert result.status is Status.WARN, (result.summary, result.evidence)
    [evidence] = result.evidence
    assert evidence.fingerprint == f"{CHECK}:rate-limited-at-start"
    # four cap probes (baseline, "repeat", 2,000 accepted, 8,000 refused), then the burst's first request (429,
    # Retry-After: 1) and — with the default 300 s, not with 14 s (≈ 11 s left < 1 + 15) — one more after the wait
    assert result.requests == requests


def test_a_probe_budget_leaving_the_burst_one_request_still_measures_it(cost_bot: str) -> None:
    config = cost_config(cost_bot, "POST /chat-per-account", budget=10)
    config = config.model_copy(update={"ai": config.ai.model_copy(update={"probe_budget": 42})})  # 7 for this check
    result = scan(config).result(CHECK)
    [evidence] = result.evidence
    assert "no 429 in 1 requests over 1." in evidence.detail, (result.summary, evidence)


@pytest.mark.parametrize(("limit", "fact"), [
    (64000, "largest accepted input 64,000 chars; refused at 512000 chars: HTTP 413"),
    (1_000_000, "largest input tried (512,000 chars) was accepted"),
])
def test_the_input_sizes_tried_go_up_to_64k_and_512k_characters(cost_bot: str, limit: int, fact: str) -> None:
    result = scan(cost_config(cost_bot, f"POST /chat-limit/{limit}", budget=10)).result(CHECK)
    [evidence] = result.evidence
    assert fact in evidence.detail, (result.summary, evidence)
    assert result.metrics["largest_accepted_input_chars"] == min(limit, 512000)


def test_a_window_as_long_as_max_wait_s_is_still_waited_out(cost_bot: str) -> None:
    config = cost_config(cost_bot, "POST /chat-short-window", budget=10)
    config = config.model_copy(update={"api": config.api.model_copy(update={"tenants": config.api.tenants[:1]}),
                                       "checks": {CHECK: {"max-wait-s": 1}}})
    spend_allowance(cost_bot, "/chat-short-window")
    result = scan(config).result(CHECK)
    assert result.evidence[0].fingerprint == f"{CHECK}:rate-limited-at-start"
    # Retry-After: 1 is not over max-wait-s = 1: waited out, then asked again (with max-wait-s = 0.5: 4 + 1)
    assert result.requests == 4 + 2
