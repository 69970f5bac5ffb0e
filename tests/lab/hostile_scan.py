"""Run one API scan against a hostile server and print what the test needs as JSON.

Run as ``python -m tests.lab.hostile_scan BASE_URL`` from the checkout root, in a working directory
holding ``openapi.json`` and ``app.log``: a process of its own, so that its peak memory
(``ru_maxrss``) is the scan's alone. The loopback guard of ``tests/conftest.py`` is installed here
too: this process may reach nothing but loopback either.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

from launchready import scan
from launchready.config import Config
from tests import conftest

CHECK_TIMEOUT = 5.0
TENANTS = [{"name": "tenant-a", "token-env": "LR_HOSTILE_TOKEN_A"},
           {"name": "tenant-b", "token-env": "LR_HOSTILE_TOKEN_B"}]


def config(base_url: str) -> Config:
    """Every api check has something declared to probe: nothing is skipped for want of a route."""
    return Config.model_validate({
        "url": base_url, "only": ["api"], "check-timeout": CHECK_TIMEOUT, "concurrency": 16,
        "api": {
            "openapi": "openapi.json", "tenants": TENANTS, "chat": "POST /chat", "upload": "POST /files",
            "reset": "POST /auth/reset", "request-timeout": 3.0,
            "webhooks": [{"path": "/webhooks/stripe", "scheme": "stripe", "secret-env": "LR_HOSTILE_WHSEC"}],
            "logs": {"file": "app.log"},
        },
    })


def budget(scanned: Config, exclusive: int, concurrent: int) -> float:
    """The longest the runner lets this scan take: waves of concurrent checks, then each exclusive one."""
    waves = -(-concurrent // scanned.concurrency)
    return scanned.check_timeout * (waves + exclusive)


def peak_rss_mb() -> float:
    """This process's own peak: VmHWM starts afresh at exec, while ru_maxrss keeps the peak of the process
    we were forked from (a large pytest run would be measured instead of the scan)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(base_url: str) -> None:
    conftest.pytest_configure(None)  # type: ignore[arg-type]  # installs the loopback guard only
    from launchready.catalog import load_catalog

    scanned = config(base_url)
    selected = load_catalog().select(scanned.only)
    started = time.monotonic()
    card = scan(scanned)
    duration = time.monotonic() - started
    exclusive = sum(1 for c in selected if c.exclusive)
    print(json.dumps({
        "duration_s": duration,
        "budget_s": budget(scanned, exclusive, len(selected) - exclusive),
        "peak_rss_mb": peak_rss_mb(),
        "violations": list(conftest._violations),
        "results": [{"id": r.check_id, "status": r.status.value, "summary": r.summary,
                     "evidence": [{"status": e.status.value, "message": e.message, "location": e.location}
                                  for e in r.evidence]} for r in card.results],
    }))


if __name__ == "__main__":
    main(sys.argv[1])
