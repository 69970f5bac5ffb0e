"""The example products and the purpose-built echo bots, on loopback, one instance per test module.

The hardened example limits chat to 20 requests a minute per IP; the scan's probes carry the
staging-only scanner token (``[api] scanner-token-env``) that its limiter exempts, while
ai.cost-exposure never sends it and meets the real limit.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from launchready.lab.examples import checkout_root
from launchready.lab.server import serve_app

ECHO_ENV = {"LR_ECHO_A": "token-a", "LR_ECHO_B": "token-b"}




@pytest.fixture(scope="module")
def echo_bot() -> Iterator[str]:
    with pytest.MonkeyPatch.context() as mp:
        for key, value in ECHO_ENV.items():
            mp.setenv(key, value)
        with serve_app("tests.checks.ai.apps_ai:app", cwd=checkout_root()) as base_url:
            yield base_url


PIN_ENV = {"LR_PIN_A": "pin-token-a", "LR_PIN_B": "pin-token-b"}


@pytest.fixture(scope="module")
def pin_bot() -> Iterator[str]:
    """The scripted one-flaw bots of ``apps_ai_pins`` (tenant tokens in ``LR_PIN_A`` / ``LR_PIN_B``)."""
    with pytest.MonkeyPatch.context() as mp:
        for key, value in PIN_ENV.items():
            mp.setenv(key, value)
        with serve_app("tests.checks.ai.apps_ai_pins:app", cwd=checkout_root()) as base_url:
            yield base_url
