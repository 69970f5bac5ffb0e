"""ai.cost-exposure prices the model the product uses (declared, reported in its answers, or named in
its source) or says it assumed one and gives the range over the price table; never extrapolates an
hour from a burst shorter than a second; and reads the chat burst api.rate-limits already sent instead
of spending — and waiting out — the rate-limit window again."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from launchready import scan
from launchready.config import Config
from launchready.lab.examples import checkout_root
from launchready.lab.gitrepo import Commit, build_repo
from launchready.lab.server import serve_app
from launchready.model import Result, Status

CHECK = "ai.cost-exposure"
ENV = {"LR_COST_A": "token-a", "LR_COST_B": "token-b", "LR_COST_SCANNER": "lr-scanner"}


@pytest.fixture(scope="module")
def bot() -> Iterator[str]:
    with pytest.MonkeyPatch.context() as mp:
        for key, value in ENV.items():
            mp.setenv(key, value)
        with serve_app("tests.checks.ai.apps_cost:app", cwd=checkout_root()) as base_url:
            yield base_url


def _config(base_url: str, endpoint: str, *, only: tuple[str, ...] = (CHECK,), **top: Any) -> Config:
    return Config.model_validate({
        "url": base_url,
        "api": {"tenants": [{"name": "tenant-a", "token-env": "LR_COST_A"},
                            {"name": "tenant-b", "token-env": "LR_COST_B"}],
                "chat": endpoint, "scanner-token-env": "LR_COST_SCANNER", "scanner-header": "X-Scanner-Token"},
        "ai": {"chat": {"preset": "openai", "endpoint": endpoint}, "budget-per-hour": 1e9},
        "only": list(only),
        **top,
    })


def _detail(result: Result) -> str:
    return "\n".join(e.detail for e in result.evidence)


def test_the_model_named_in_the_answers_is_the_one_priced(bot: str) -> None:
    r = scan(_config(bot, "POST /v1/chat/completions")).result(CHECK)
    assert r.status is Status.PASS, (r.summary, r.evidence)
    assert r.metrics["model"] == "gpt-4o-mini-2024-07-18"
    assert "model reported by the API (model in its answers): per request worst case" in _detail(r)
    assert "gpt-4o-mini list price as of" in _detail(r) and "assumed" not in _detail(r)


def test_an_assumed_model_is_said_and_priced_as_the_range_of_the_table(bot: str) -> None:
    r = scan(_config(bot, "POST /chat-unnamed")).result(CHECK)
    assert r.status is Status.PASS, (r.summary, r.evidence)
    assert r.metrics["model"] == "assumed (price-table range)"
    detail = _detail(r)
    assert "model assumed: no model declared, reported in the answers or found in the source — declare [ai] " \
           "model" in detail
    assert "(gpt-4o-mini) to $" in detail and "(claude-opus)" in detail
    assert "with the cheapest model of the table to $" in r.summary
    assert float(r.metrics["usd_per_hour_cheapest_model"]) < float(r.metrics["usd_per_hour_account"])


def test_over_budget_only_with_dearer_models_is_a_warning_naming_the_key(bot: str) -> None:
    config = _config(bot, "POST /chat-unnamed")
    first = scan(config).result(CHECK)
    budget = (float(first.metrics["usd_per_hour_cheapest_model"]) + float(first.metrics["usd_per_hour_account"])) / 2
    r = scan(config.model_copy(update={"ai": config.ai.model_copy(update={"budget_per_hour": budget})})).result(CHECK)
    assert r.status is Status.WARN, (r.summary, r.evidence)
    assert "depending on the model (declare [ai] model)" in r.summary
    assert r.evidence[0].fingerprint == "ai.cost-exposure:model-dependent"


def test_a_model_literal_in_the_source_is_priced_when_the_repo_is_scanned(bot: str, tmp_path: Path) -> None:
    build_repo(tmp_path / "repo", [Commit("bot", {"app/bot.py": (
        "from openai import OpenAI\n\nclient = OpenAI()\n\n\ndef answer(text):\n"
        "    return client.chat.completions.create(model=\"claude-haiku-4-5\", messages=[])\n")})])
    config = _config(bot, "POST /chat-unnamed", only=(CHECK, "repo.debug-mode"), path=str(tmp_path / "repo"))
    r = scan(config).result(CHECK)
    assert r.status is Status.PASS, (r.summary, r.evidence)
    assert r.metrics["model"] == "claude-haiku-4-5"
    assert "model found in the source: claude-haiku-4-5 at app/bot.py:7" in _detail(r)
    assert "claude-haiku list price as of" in _detail(r)


def test_a_fast_product_is_measured_over_a_paced_burst_of_at_least_a_second(bot: str) -> None:
    r = scan(_config(bot, "POST /chat-fast")).result(CHECK)
    assert r.status is Status.PASS, (r.summary, r.evidence)
    assert float(r.metrics["burst_seconds"]) >= 1.0
    assert "no 429 in 24 requests over 1.2 s" in _detail(r)


def test_a_burst_cut_short_under_a_second_is_not_extrapolated(bot: str) -> None:
    httpx.post(f"{bot}/chat-tiring/reset", trust_env=False).raise_for_status()
    r = scan(_config(bot, "POST /chat-tiring")).result(CHECK)
    assert r.status is Status.WARN, (r.summary, r.evidence)
    assert r.summary.startswith("cost exposure: undetermined — the burst took 0.")
    assert "too short to extrapolate an hourly rate" in r.summary and "1× HTTP 503" in r.summary
    assert r.evidence[0].fingerprint == "ai.cost-exposure:short-window"
    assert "no 429 in 3 requests over 0." in r.evidence[0].detail
    assert float(r.metrics["burst_seconds"]) < 1.0


def test_cost_exposure_reads_the_chat_burst_rate_limits_sent_instead_of_waiting_for_the_window(bot: str) -> None:
    card = scan(_config(bot, "POST /chat-limited", only=("api.rate-limits", CHECK)))
    limits, cost = card.result("api.rate-limits"), card.result(CHECK)
    chat = next(e for e in limits.evidence if e.fingerprint == "api.rate-limits:chat:limited")
    assert chat.message.startswith("chat: 429 after 12 accepted requests")
    assert cost.status is Status.PASS, (cost.summary, cost.evidence)
    assert cost.metrics["burst_by"] == "api.rate-limits"
    assert "HTTP 429 after 12 accepted requests (retry-after: 60) (the chat burst api.rate-limits sent, shared)" \
        in _detail(cost)
    assert "the other tenant was refused too: the limit holds per IP" in _detail(cost)
    assert cost.duration_s < 20  # no 60 s window waited out (the caps are measured with the scanner token)


def test_a_window_spent_before_any_burst_is_undetermined_never_a_zero_rate(bot: str) -> None:
    with httpx.Client(base_url=bot, trust_env=False) as client:  # spend this minute's allowance first
        for _ in range(13):
            if client.post("/chat-limited", json={"messages": [{"role": "user", "content": "hi"}]}).status_code == 429:
                break
    config = _config(bot, "POST /chat-limited", only=("api.rate-limits", CHECK),
                     checks={CHECK: {"max-wait-s": 0}})
    card = scan(config)
    chat = next(e for e in card.result("api.rate-limits").evidence if e.fingerprint == "api.rate-limits:chat:limited")
    assert "already limited on the first request" in chat.message
    cost = card.result(CHECK)
    assert cost.status is Status.WARN, (cost.summary, cost.evidence)
    assert "the burst met HTTP 429 on its first request (the window was spent before it)" in cost.summary
    assert cost.evidence[0].fingerprint == "ai.cost-exposure:rate-limited-at-start"
    assert cost.evidence[0].location == "POST /chat-limited"
