"""A lab server's URL is its own: when the free port it picked is taken by another server before it
binds (parallel test workers pick ports the same way), it tries another port rather than handing out
the other server's URL — which answered the health probe while ours was failing to bind."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from launchready.lab import server
from launchready.lab.examples import checkout_root
from launchready.lab.server import serve_app


def test_a_port_taken_by_another_server_before_ours_binds_is_not_handed_out(
        monkeypatch: pytest.MonkeyPatch) -> None:
    root = checkout_root()
    with serve_app("tests.checks.ai.apps_ai_pins:app", cwd=root) as squatter:
        taken = int(squatter.rsplit(":", 1)[-1])
        real_picker = server.free_loopback_port

        def picker() -> Iterator[int]:
            yield taken  # the race lost: the squatter holds the port the picker just called free
            while True:
                yield real_picker()

        ports = picker()
        monkeypatch.setattr(server, "free_loopback_port", lambda: next(ports))
        with serve_app("tests.checks.ai.apps_ai:app", cwd=root) as ours:
            assert ours != squatter
            # the echo bot's own route answers at the URL handed out; the squatter has no such route
            reset = httpx.post(f"{ours}/flaky-outbox/reset", trust_env=False)
            assert reset.status_code == 200, reset.text
            assert httpx.post(f"{squatter}/flaky-outbox/reset", trust_env=False).status_code == 404
