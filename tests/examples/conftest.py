"""The two example chatbots, each running as a real uvicorn process on loopback (module scope)."""

from __future__ import annotations

import http.server
import itertools
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from launchready.lab.server import serve_app

REPO = Path(__file__).resolve().parents[2]
SEED_PASSWORD = "launchready-tests-" + secrets.token_hex(4)
CANARY = "LR-CANARY-" + secrets.token_hex(4)
JWT_SECRET = secrets.token_urlsafe(40)
WEBHOOK_SECRET = "whsec_" + secrets.token_hex(24)
USERS = {"alice": "alice@acme.test", "carol": "carol@acme.test", "bob": "bob@globex.test"}
_source_ips = itertools.cycle(f"127.0.{a}.{b}" for a in range(1, 250) for b in range(2, 250))


@dataclass
class RunningApp:
    """A running example: its URL, its log file, and a signed-in token per seeded user."""

    name: str
    base_url: str
    log_path: Path
    tokens: dict[str, str] = field(default_factory=dict)

    def client(self, source_ip: str | None = None) -> httpx.Client:
        """A client from its own loopback source address, so per-IP rate limits never leak between tests."""
        transport = httpx.HTTPTransport(local_address=source_ip or next(_source_ips))
        return httpx.Client(base_url=self.base_url, transport=transport, trust_env=False, timeout=15)

    def auth(self, user: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[user]}"}

    def log_text(self) -> str:
        return self.log_path.read_text(encoding="utf-8") if self.log_path.exists() else ""


@contextmanager
def run_example(name: str, workdir: Path) -> Iterator[RunningApp]:
    env = {
        "CHATBOT_DB": str(workdir / f"{name}.db"),
        "CHATBOT_LOG": str(workdir / f"{name}.jsonl"),
        "CHATBOT_SEED_PASSWORD": SEED_PASSWORD,
        "CHATBOT_SYSTEM_CANARY": CANARY,
        "CHATBOT_JWT_SECRET": JWT_SECRET,
        "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    with serve_app(f"examples.{name}.app:app", env=env, cwd=REPO) as url:
        app = RunningApp(name, url, workdir / f"{name}.jsonl")
        with app.client() as client:
            for user, email in USERS.items():
                response = client.post("/auth/login", json={"email": email, "password": SEED_PASSWORD})
                assert response.status_code == 200, response.text
                app.tokens[user] = response.json()["access_token"]
        yield app


@pytest.fixture(scope="module")
def vulnerable(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    with run_example("chatbot_vulnerable", tmp_path_factory.mktemp("vulnerable")) as app:
        yield app


@pytest.fixture(scope="module")
def hardened(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    with run_example("chatbot_hardened", tmp_path_factory.mktemp("hardened")) as app:
        yield app


class CanarySink:
    """A tiny HTTP server on 127.0.0.1 that records every path it is asked for."""

    def __init__(self) -> None:
        hits: list[str] = []
        self.hits = hits

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hits.append(self.path)
                body = b"sink-response"
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                return

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> CanarySink:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def sink() -> Iterator[CanarySink]:
    with CanarySink() as running:
        yield running
