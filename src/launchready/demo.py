"""``launchready demo``: build a product with planted flaws on this machine and scan it end to end.

Everything happens in a temporary directory and on loopback; nothing is sent anywhere.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from launchready.api import scan
from launchready.config import Config
from launchready.lab.gitrepo import Commit, build_repo
from launchready.report import write_reports
from launchready.report.terminal import render
from launchready.verdict import exit_code

# Fake keys in real formats, so the scan finds them as it would find real ones. Never real keys.
_FAKE_ENV = (
    "OPENAI_API_KEY=sk-proj-DEMOdemoDEMOdemo0000111122223333444455556666777788889999\n"
    "STRIPE_SECRET_KEY=sk_live_51DEMOdemoDEMOdemo000011112222333344445555\n"
    "DATABASE_URL=postgres://chatbot:demo-password-123@db.internal:5432/chatbot\n"
)
_APP = '''"""A small chatbot API, as a prototype often looks."""
import os

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI(title="chatbot", debug=True)
app.add_middleware(
    CORSMiddleware,
    allow_origins=["*"],
    allow_credentials=True,
    allow_methods=["*"],
    allow_headers=["*"],
)


@app.post("/chat")
def chat(message: str) -> dict[str, str]:
    return {"reply": f"echo: {message}", "model": os.getenv("MODEL", "gpt-4o-mini")}
'''


def build_demo_repo(root: Path) -> list[str]:
    """A prototype's history: .env committed with the first version, deleted a week later."""
    return build_repo(root, [
        Commit("First version of the chatbot API", {"app.py": _APP, ".env": _FAKE_ENV,
                                                     "requirements.txt": "fastapi\nuvicorn\n"},
               date="2026-03-02T10:00:00+00:00"),
        Commit("Remove .env from the repo", {".env": None, ".gitignore": "__pycache__/\n"},
               date="2026-03-09T10:00:00+00:00"),
    ])


def run_demo(output: Path, console: Console) -> int:
    with tempfile.TemporaryDirectory(prefix="launchready-demo-") as tmp:
        repo = Path(tmp) / "chatbot-prototype"
        build_demo_repo(repo)
        console.print(f"[dim]demo product built in {escape(str(repo))} (temporary)[/dim]")
        card = scan(Config(path=repo, format=("terminal", "json", "markdown"), output=output))
        console.print(render(card))
        for path in write_reports(card, ("json", "markdown", "terminal"), output):
            console.print(f"[dim]wrote {escape(str(path))}[/dim]")
        return exit_code(card.verdict, card.results, None)
