"""Is a line of a compose file inside a service that only runs under a test or development profile?

``profiles: ["ci"]`` keeps a compose service out of ``docker compose up`` unless that profile is asked for: a
credential-named value in its ``environment`` is the CI or development stack's own setting (Open-Assistant's web
service in the ``ci`` profile sets ``NEXTAUTH_SECRET``), not the deployment's. Read line by line — the finding gives a
line, which a YAML parser does not keep — and only for the plain block layout compose files use; anything else is
not judged (``""``)."""

from __future__ import annotations

import re

_NON_PRODUCTION = frozenset({"ci", "test", "tests", "testing", "e2e", "dev", "development", "debug", "local"})
_KEY = re.compile(r"^(?P<indent> *)(?P<key>[A-Za-z0-9_.-]+)\s*:\s*(?P<rest>.*)$")


def is_compose_file(path: str) -> bool:
    base = path.rsplit("/", 1)[-1].lower()
    return bool(re.fullmatch(r"(?:docker-)?compose(?:[._-][\w.-]+)?\.ya?ml", base))


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def non_production_profile(text: str, line: int) -> str:
    """``"the service web runs only under the profile ci"`` when ``line`` (1-based) sits in such a service."""
    lines = text.splitlines()
    top = next((i for i, raw in enumerate(lines) if re.match(r"^services\s*:\s*$", raw)), None)
    if top is None or not 0 < line <= len(lines) or line - 1 <= top:
        return ""
    body = [i for i in range(top + 1, len(lines)) if lines[i].strip() and not lines[i].lstrip().startswith("#")]
    if not body:
        return ""
    step = _indent(lines[body[0]])
    if step == 0:
        return ""
    start = next((i for i in range(line - 1, top, -1) if lines[i].strip() and _indent(lines[i]) == step
                  and _KEY.match(lines[i])), None)
    if start is None:
        return ""
    end = next((i for i in range(start + 1, len(lines)) if lines[i].strip()
                and not lines[i].lstrip().startswith("#") and _indent(lines[i]) <= step), len(lines))
    if end < top or line - 1 >= end:
        return ""
    name = _KEY.match(lines[start])
    profiles: list[str] = []
    for i in range(start + 1, end):
        m = _KEY.match(lines[i])
        if m is None or m.group("key") != "profiles" or _indent(lines[i]) <= step:
            continue
        rest = m.group("rest").strip()
        if rest.startswith("["):
            profiles = [p.strip().strip("'\"") for p in rest.strip("[]").split(",") if p.strip()]
        else:
            for j in range(i + 1, end):
                item = re.match(r"^\s*-\s*['\"]?([\w.-]+)['\"]?\s*$", lines[j])
                if item is None:
                    break
                profiles.append(item.group(1))
        break
    if profiles and all(p.lower() in _NON_PRODUCTION for p in profiles):
        return (f"the compose service {name.group('key') if name else '?'} runs only under the profile "
                f"{', '.join(profiles)}")
    return ""
