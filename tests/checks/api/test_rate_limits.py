"""Rate-limit bursts trip the hardened app's limits for a minute: it gets its own instance here."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from launchready import scan
from launchready.lab.examples import RunningExample, checkout_root, running_example, scan_credentials
from launchready.lab.server import serve_app
from launchready.model import Status
from tests.checks.api.fixtures_tenancy import NO_TRUSTED_PROXY, edge_config

CHECK = "api.rate-limits"


@pytest.fixture(scope="module")
def hardened_behind_proxy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningExample]:
    workdir: Path = tmp_path_factory.mktemp("hardened-rl")
    with running_example("hardened", workdir, extra_env=NO_TRUSTED_PROXY) as example, scan_credentials():
        yield example


def test_vulnerable_has_no_limit_anywhere(vulnerable: RunningExample) -> None:
    result = scan(vulnerable.config(only=(CHECK,))).result(CHECK)
    assert result.status is Status.FAIL
    by_fp = {e.fingerprint: e for e in result.evidence}
    chat = by_fp["api.rate-limits:chat:unlimited"]
    assert chat.location == "POST /chat" and "30 requests" in chat.message and "none answered 429" in chat.message
    assert by_fp["api.rate-limits:login_account:unlimited"].location == "POST /auth/login"
    assert "throwaway account" in by_fp["api.rate-limits:login_account:unlimited"].message
    assert "api.rate-limits:upload:unlimited" in by_fp and "api.rate-limits:reset:unlimited" in by_fp
    assert "chat.limit" not in result.metrics and result.metrics["chat.sent"] == 30
    assert "tenant-a can still log in" in result.summary
    assert result.requests <= 220


def test_hardened_limits_every_class_and_reports_thresholds(hardened_behind_proxy: RunningExample) -> None:
    result = scan(hardened_behind_proxy.config(only=(CHECK,))).result(CHECK)
    assert result.status is Status.PASS, result.summary + repr(result.evidence)
    assert result.metrics["chat.limit"] == 20 and result.metrics["upload.limit"] == 10
    assert result.metrics["reset.limit"] == 3
    assert float(result.metrics["chat.rps"]) > 0
    assert "tenant-a's session still works" in result.summary
    assert "not tested: tools" in result.summary


def test_limit_headers_without_enforcement_are_flagged() -> None:
    with scan_credentials(), serve_app("tests.checks.api.apps_tenancy:advertised", cwd=checkout_root()) as url:
        result = scan(edge_config(url, CHECK, chat="POST /chat")).result(CHECK)
    assert result.status is Status.FAIL
    flagged = next(e for e in result.evidence if e.fingerprint == "api.rate-limits:chat:advertised")
    assert "advertised but not enforced" in flagged.message and flagged.location == "POST /chat"


def test_limit_keyed_on_x_forwarded_for_is_bypassed() -> None:
    with scan_credentials(), serve_app("tests.checks.api.apps_tenancy:xff", cwd=checkout_root()) as url:
        result = scan(edge_config(url, CHECK, chat="POST /chat")).result(CHECK)
    assert result.status is Status.FAIL
    assert result.metrics["chat.limit"] == 3
    bypass = next(e for e in result.evidence if e.fingerprint == "api.rate-limits:chat:xff-bypass")
    assert "limit keyed on a spoofable header" in bypass.message and "X-Forwarded-For: 203.0.113." in bypass.message
