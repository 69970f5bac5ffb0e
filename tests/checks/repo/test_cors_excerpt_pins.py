"""Pins for repo.cors-config: each JavaScript finding quotes its own line, cut at 160 characters (an Express
`cors()` call, a wildcard header, an echoed Origin), and names that line."""

from __future__ import annotations

from pathlib import Path

from launchready.checks.repo.cors_config import CHECK
from launchready.model import Status
from tests.checks.repo.helpers import SIGNED_IN
from tests.checks.repo.static_helpers import run_static

TAIL = " // " + "x" * 200  # every line below is longer than the excerpt
CORS = "app.use(cors({ origin: '*' }));" + TAIL
STAR = "res.setHeader('Access-Control-Allow-Origin', '*');" + TAIL
ECHO = "res.setHeader('Access-Control-Allow-Origin', req.headers.origin);" + TAIL


def test_each_javascript_finding_quotes_the_first_160_characters_of_its_line(tmp_path: Path) -> None:
    files = {"a.js": "const app = require('express')()\n" + CORS + "\n", "b.js": STAR + "\n", "c.js": ECHO + "\n"}
    result = run_static(tmp_path, CHECK, files)
    assert [(e.status, e.message, e.location, e.detail) for e in result.evidence] == [
        (Status.WARN, "Express cors(): cors({origin: '*'}) (no credentials) — list your own origins", "a.js:2",
         CORS[:160]),
        (Status.WARN, "Access-Control-Allow-Origin header: Access-Control-Allow-Origin: * (no credentials) — list "
         "your own origins", "b.js:1", STAR[:160]),
        (Status.WARN, "Access-Control-Allow-Origin header: the request's Origin is echoed back (no credentials) — "
         "list your own origins", "c.js:1", ECHO[:160]),
    ]
    assert (result.status, result.summary) == (Status.WARN, "CORS admits any origin")


def test_an_express_cors_call_is_read_to_its_own_closing_parenthesis(tmp_path: Path) -> None:
    """Nested parentheses inside the call are balanced; a `credentials: true` after the call is not the call's."""
    reflect = "app.use(cors({ origin: (origin, cb) => cb(null, true), credentials: true }))"
    star = "const corsMiddleware = cors({ origin: true })"  # no enclosing call to close a miscounted depth
    files = {"a.js": f"const app = require('express')()\n{reflect}\n",
             "b.js": f"const app = require('express')()\n{star}\nconst session = {{ credentials: true }}\n", **SIGNED_IN}
    result = run_static(tmp_path, CHECK, files)
    assert [(e.status, e.message, e.location) for e in result.evidence] == [
        (Status.FAIL, "Express cors(): cors({origin: (origin, cb) => cb(null, true)}) with credentials allowed — any "
         "site can read your API as the signed-in user", "a.js:2"),
        (Status.WARN, "Express cors(): cors({origin: true}) (no credentials) — list your own origins", "b.js:2"),
    ]
