"""A database URL in a CI workflow that points at the job's own database service: a throwaway container.

TaskingAI's test and deploy workflows start Postgres as a service container (host ``db`` on the job's network)
and pass ``postgres://postgres:TaskingAI321@db:5432/taskingai`` to the tests. The container lives as long as the
job; the password opens nothing anyone else can reach. A URL to a remote host in the same file is still a leak.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from launchready.engines.secrets.default_passwords import service_host
from launchready.model import Evidence, Status

_CI_FILE = re.compile(r"(?:^|/)\.github/workflows/[^/]+\.ya?ml$|(?:^|/)\.gitlab-ci\.ya?ml$|(?:^|/)\.circleci/"
                      r"|(?:^|/)azure-pipelines\.ya?ml$|(?:^|/)bitbucket-pipelines\.ya?ml$|(?:^|/)\.drone\.ya?ml$")
_URL_HOST = re.compile(r"://[^:@/\s\"']+:[^@\s\"']+@(?P<host>[^:/\s\"'?]+)")


def ci_database(e: Evidence, path: str, line_text: Callable[[], str], counts: dict[str, int]) -> Evidence:
    """``e`` as info when it is a failing database URL in a CI workflow whose host (on the line ``line_text`` reads,
    only then) is a service or local name; ``e`` unchanged otherwise."""
    if e.status is not Status.FAIL or not e.fingerprint.startswith("database-url:") or not _CI_FILE.search(path):
        return e
    hosts = [m.group("host") for m in _URL_HOST.finditer(line_text())]
    if not hosts or not all(service_host(h) for h in hosts):
        return e
    counts["fail"] -= 1
    counts["info"] = counts.get("info", 0) + 1
    return replace(e, status=Status.PASS, message=f"info: {e.message} — in a CI workflow, for the job's own database "
                   f"service ({hosts[0]}): a throwaway container, not a deployed database")


def line_at(text: str | None, number: int) -> str:
    """Line ``number`` (1-based) of ``text``, ``""`` when there is none."""
    lines = (text or "").splitlines()
    return lines[number - 1] if 0 < number <= len(lines) else ""
