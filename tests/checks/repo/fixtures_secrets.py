"""Failing and passing fixtures for the three secrets checks (used by the catalogue contract).

Credentials are generated at import time from templates (fixed seed), so nothing key-shaped is
committed to this repository.
"""

from __future__ import annotations

import random

from launchready.engines.secrets.samples import expand
from launchready.lab.gitrepo import Commit
from tests.fixtures import Fixture, repo_fixture

_RNG = random.Random("launchready-secrets-fixtures")
STRIPE_LIVE = expand("sk_live_{A:32}", _RNG)
OPENAI_KEY = expand("sk-proj-{A:58}T3BlbkFJ{A:58}", _RNG)

SAFE_APP = "import os\n\nOPENAI_API_KEY = os.environ['OPENAI_API_KEY']\n"
SAFE_CLIENT = "export async function ask(q) {\n  return fetch('/api/chat', {method: 'POST', body: q});\n}\n"

FIXTURES: dict[str, tuple[Fixture, Fixture]] = {
    "repo.secrets-tree": (
        repo_fixture("repo.secrets-tree", [Commit("init", {"app/settings.py": f"STRIPE_KEY = '{STRIPE_LIVE}'\n"})]),
        repo_fixture("repo.secrets-tree", [Commit("init", {"app/settings.py": SAFE_APP})]),
    ),
    "repo.secrets-history": (
        repo_fixture("repo.secrets-history", [
            Commit("add key", {"config.py": f"OPENAI_API_KEY = '{OPENAI_KEY}'\n"}),
            Commit("move to env", {"config.py": SAFE_APP}),
        ]),
        repo_fixture("repo.secrets-history", [Commit("init", {"config.py": SAFE_APP})]),
    ),
    "repo.secrets-client": (
        repo_fixture("repo.secrets-client", [Commit("init", {"src/api.js": SAFE_CLIENT, ".gitignore": "dist/\n"})],
                     worktree={"dist/assets/index.js": f"const k=\"{OPENAI_KEY}\";fetch(u,{{headers:{{a:k}}}})"}),
        repo_fixture("repo.secrets-client", [Commit("init", {"src/api.js": SAFE_CLIENT, ".gitignore": "dist/\n"})],
                     worktree={"dist/assets/index.js": "fetch('/api/chat')"}),
    ),
}
