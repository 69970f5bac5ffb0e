"""Failing and passing fixtures for the repo checks of the core (used by the catalogue contract)."""

from __future__ import annotations

from launchready.lab.gitrepo import Commit
from tests.checks.repo.fixtures_secrets import OPENAI_KEY
from tests.checks.repo.helpers import SIGNED_IN
from tests.fixtures import GITIGNORE, Fixture, repo_fixture

FASTAPI_HARDENED = '''from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
import os

app = FastAPI(debug=os.getenv("DEBUG") == "1")
app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"], allow_credentials=True)
'''
FASTAPI_WIDE_OPEN = '''from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI(debug=True)
app.add_middleware(CORSMiddleware, allow_origin_regex=".*", allow_credentials=True)
'''

FIXTURES: dict[str, tuple[Fixture, Fixture]] = {
    "repo.dotenv-committed": (
        repo_fixture("repo.dotenv-committed", [
            Commit("init", {"app.py": "print('hi')\n", ".env": f"OPENAI_API_KEY={OPENAI_KEY}\n"}),
            Commit("drop env", {".env": None, ".gitignore": GITIGNORE}),
        ]),
        repo_fixture("repo.dotenv-committed", [
            Commit("init", {"app.py": "print('hi')\n", ".env.example": "OPENAI_API_KEY=\n", ".gitignore": GITIGNORE}),
        ]),
    ),
    "repo.cors-config": (
        # the failing app signs users in with a session cookie: any origin with credentials then rides it
        repo_fixture("repo.cors-config", [Commit("init", {"app.py": FASTAPI_WIDE_OPEN, **SIGNED_IN})]),
        repo_fixture("repo.cors-config", [Commit("init", {"app.py": FASTAPI_HARDENED})]),
    ),
    "repo.debug-mode": (
        repo_fixture("repo.debug-mode", [Commit("init", {"app.py": FASTAPI_WIDE_OPEN})]),
        repo_fixture("repo.debug-mode", [Commit("init", {"app.py": FASTAPI_HARDENED})]),
    ),
}
