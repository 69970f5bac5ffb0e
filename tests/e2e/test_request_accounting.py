"""The request count in the scorecard is what the product really received — counted server-side,
from the example app's own access log — and the whole api surface stays within its budget."""

from __future__ import annotations

import json
import time
from pathlib import Path

from launchready import scan
from launchready.lab.examples import running_example, scan_credentials


def served(log: Path) -> int:
    """Requests the app logged (one `request` line each)."""
    count = 0
    for line in log.read_text(encoding="utf-8").splitlines():
        try:
            if json.loads(line).get("message", json.loads(line).get("msg")) == "request":
                count += 1
        except ValueError:
            continue
    return count


def settled(log: Path, quiet_s: float = 0.3, limit_s: float = 10.0) -> int:
    """``served(log)`` once the count has not moved for ``quiet_s``: the app writes a request's line after it
    has sent the answer, so the line of the last answer the client saw may land a moment later (under load,
    after the count was read — the readiness probe's last /health then looked like one of the scan's)."""
    ends = time.monotonic() + limit_s
    count, since = served(log), time.monotonic()
    while time.monotonic() < ends:
        time.sleep(0.05)
        now = served(log)
        if now != count:
            count, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet_s:
            break
    return count


def test_scorecard_request_count_matches_what_the_server_logged(tmp_path: Path) -> None:
    # The hardened app's access log records every request, errors included (the vulnerable one's
    # misses the requests it crashes on, by design), so it can count exactly what the scan sent.
    with scan_credentials(), running_example("hardened", tmp_path / "hardened") as app:
        before = settled(app.log_path)  # the readiness probe's /health calls
        card = scan(app.config(only=("api",)))
        after = settled(app.log_path)
    assert card.requests_total == after - before
    assert 0 < card.requests_total <= 2000
    assert f"{card.requests_total} requests (api " in card.footer()
