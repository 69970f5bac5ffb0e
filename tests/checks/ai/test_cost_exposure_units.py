"""ai.cost-exposure's small pure parts pinned on their own: the rate-limit window read from an answer's headers
(which header, epoch timestamps, the bounds of a day), the price-table key of a model name, and the token
estimate when an answer reports no usage."""

from __future__ import annotations

import time
from typing import Any

import pytest

from launchready.checks.ai.cost_exposure import _tokens_in, _tokens_out, _window_s, price_key
from launchready.engines.chat import Answer, ChatTurn, Usage
from launchready.targets.http import Exchange


def answer(headers: dict[str, str] | None = None, status: int = 429) -> Exchange:
    return Exchange("POST", "http://127.0.0.1:9/chat", {}, "{}", status, headers or {}, b"", 1.0)


@pytest.mark.parametrize(("headers", "window"), [
    ({"Retry-After": "30"}, (30.0, "retry-after: 30")),
    ({"X-RateLimit-Reset": "120"}, (120.0, "x-ratelimit-reset: 120")),
    ({"RateLimit-Reset": "7.5"}, (7.5, "ratelimit-reset: 7.5")),
    ({"Retry-After": "86400"}, (86400.0, "retry-after: 86400")),                 # a day is still a window
    ({"Retry-After": "soon", "RateLimit-Reset": "45"}, (45.0, "ratelimit-reset: 45")),  # unreadable: the next one
    ({"Retry-After": "30", "X-RateLimit-Reset": "90"}, (30.0, "retry-after: 30")),  # Retry-After first
])
def test_the_window_is_read_from_the_first_usable_header(headers: dict[str, str], window: tuple[float, str]) -> None:
    assert _window_s(answer(headers), 60.0) == window


@pytest.mark.parametrize("value", ["86401", "0", "-5", "nan-ish"])
def test_a_window_outside_a_day_or_unreadable_falls_back_to_the_default(value: str) -> None:
    assert _window_s(answer({"Retry-After": value}), 60.0) == (60.0, "no Retry-After: assumed a 60 s window")
    assert _window_s(answer(), 45.0) == (45.0, "no Retry-After: assumed a 45 s window")


def test_an_epoch_timestamp_is_read_as_the_seconds_until_it() -> None:
    seconds, source = _window_s(answer({"X-RateLimit-Reset": str(int(time.time()) + 300)}), 60.0)
    assert 290 < seconds <= 300 and source.startswith("x-ratelimit-reset: ")


MODELS: dict[str, Any] = {"gpt-4o": {}, "gpt-4o-mini": {}, "claude-haiku": {}, "claude-opus": {}}


@pytest.mark.parametrize(("name", "key"), [
    ("gpt-4o", "gpt-4o"), ("gpt-4o-mini-2024-07-18", "gpt-4o-mini"),  # the longest key that matches
    ("gpt-4o-2024-08-06", "gpt-4o"), ("claude-3-5-haiku-20241022", "claude-haiku"),
    ("claude-opus-4", "claude-opus"), ("mistral-large", ""),
])
def test_a_model_name_maps_to_its_price_table_key(name: str, key: str) -> None:
    assert price_key(name, MODELS) == key


def test_tokens_are_estimated_at_four_characters_each_rounded_up_when_no_usage_is_reported() -> None:
    turn = ChatTurn("x" * 9, answer(status=200), Answer("y" * 8))
    assert (_tokens_in(turn), _tokens_out(turn)) == (3, 2)
    reported = ChatTurn("x" * 9, answer(status=200), Answer("y" * 8, usage=Usage(prompt_tokens=0, completion_tokens=50)))
    assert (_tokens_in(reported), _tokens_out(reported)) == (0, 50)  # a reported 0 is a count, not a gap
