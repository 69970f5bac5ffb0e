"""Concrete values an env template ships: ``JWT_SECRET=ksw9…`` in ``.env.example``.

A template is copied to ``.env`` and run. A credential-named variable it gives a concrete random value (not empty,
not a placeholder, not a spelled-out default such as ``postgres-password``) is the value every copy-and-run install
holds unless someone changes it — a default everyone who reads the repository knows. It matters only where the code
reads that variable to authenticate (:mod:`launchready.checks.repo._default_credentials` decides that).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from launchready.checks.repo._lookalikes import FIXTURE_PARTS
from launchready.checks.repo._settings_files import DefaultSetting
from launchready.checks.repo.dotenv_committed import TEMPLATE_SUFFIXES
from launchready.engines.secrets.default_passwords import spelled_default
from launchready.engines.secrets.dotenv import name_words, named_placeholder
from launchready.engines.secrets.validators import looks_random
from launchready.targets.repo import RepoSnapshot

_MAX_BYTES = 64 * 1024
_ASSIGN = re.compile(r"^\s*(?:export\s+)?(?P<key>[A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?P<value>[^\s#]*)\s*(?:#.*)?$")


def is_env_template(path: str) -> bool:
    """``.env.example``, ``.env.sample``, ``example.env``, ``.env.template`` outside test/docs/example directories."""
    parts = path.split("/")
    base = parts[-1].lower()
    if set(parts[:-1]) & FIXTURE_PARTS or not (base.startswith(".env.") or base.endswith(".env")):
        return False
    words = re.split(r"[._-]+", base)
    return any(w in TEMPLATE_SUFFIXES for w in words)


def env_template_defaults(repo: RepoSnapshot, credential: re.Pattern[str]) -> Iterator[DefaultSetting]:
    """Every credential-named variable an env template gives a concrete random value, at its line."""
    for path in repo.tracked_files:
        if not is_env_template(path):
            continue
        text = repo.read_text(path, max_bytes=_MAX_BYTES)
        if text is None:
            continue
        names = name_words(text)
        for n, raw in enumerate(text.splitlines(), 1):
            m = _ASSIGN.match(raw)
            if m is None:
                continue
            key, value = m.group("key"), m.group("value").strip("'\"")
            if not credential.search(key) or len(value) < 16 or not looks_random(value) \
                    or named_placeholder(key, value, names) or spelled_default(value, key, *names):
                continue
            yield DefaultSetting(key, value, path, n, env=True)
