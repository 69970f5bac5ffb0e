"""Deployment files and compose services that only development runs, each with the reason the file says so.

A compose file holds the production service beside a development one (bolt.diy's `app-dev` under
`profiles: [development]`), or is the development stack as a whole (mem0's `name: mem0-dev`, built from
`dev.Dockerfile`); a `Dockerfile.dev` is the image `docker-compose.dev.yml` builds. A debug setting there is
what development wants, not a production flaw. The reasons are read from the file (the compose project's
name, a service's name, its profiles, the Dockerfile or build target it uses), never assumed from a
directory; a development-named Dockerfile that a non-development compose service or CI workflow builds is
deployment config after all.

Read with PyYAML's node composer (``yaml.compose`` with the safe loader) rather than ``safe_load``: the
nodes carry the line numbers a finding is placed at, which the loaded data does not.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

import yaml

from launchready.targets.repo import RepoSnapshot

DEV_NAME = re.compile(r"(?i)(?:^|[._-])(?:dev|development|local|override|test|debug)(?:[._-]|$)")
_MAX_CHARS = 200_000


@dataclass(frozen=True)
class DevSpan:
    """Lines ``first``..``last`` (1-based) of a compose file that only development runs, and why."""

    first: int
    last: int
    why: str


def _scalar(node: yaml.Node | None) -> str:
    return str(node.value) if isinstance(node, yaml.ScalarNode) else ""


def _get(node: yaml.Node, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if _scalar(k) == key and isinstance(v, yaml.Node):
                return v
    return None


def _service_reason(name: str, service: yaml.Node) -> str:
    if DEV_NAME.search(name):
        return f"service `{name}` is a development one by its name"
    profiles = _get(service, "profiles")
    names = [_scalar(p) for p in profiles.value] if isinstance(profiles, yaml.SequenceNode) else []
    if names and all(DEV_NAME.search(p) for p in names):
        return f"service `{name}` runs only under profile `{names[0]}`"
    build = _get(service, "build")
    dockerfile = _scalar(_get(build, "dockerfile")) if build is not None else ""
    if dockerfile and DEV_NAME.search(posixpath.basename(dockerfile)):
        return f"service `{name}` builds `{dockerfile}`"
    target = _scalar(_get(build, "target")) if build is not None else ""
    if target and DEV_NAME.search(target):
        return f"service `{name}` builds stage `{target}`"
    return ""


def _compose_root(text: str) -> yaml.Node | None:
    if len(text) > _MAX_CHARS:
        return None
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except (yaml.YAMLError, RecursionError):  # malformed, or nested deeper than the composer recurses
        return None


def dev_spans(text: str) -> list[DevSpan]:
    """The parts of a compose file only development runs: the whole file when the compose project is named
    for development, else each development service's lines."""
    root = _compose_root(text)
    if root is None:
        return []
    project = _scalar(_get(root, "name"))
    if project and DEV_NAME.search(project):
        return [DevSpan(1, text.count("\n") + 1, f"the compose project is named `{project}`")]
    services = _get(root, "services")
    spans = []
    if isinstance(services, yaml.MappingNode):
        for key, service in services.value:
            why = _service_reason(_scalar(key), service)
            if why:
                spans.append(DevSpan(key.start_mark.line + 1, service.end_mark.line + 1, why))
    return spans


def built_by_deployment(repo: RepoSnapshot, dockerfile: str) -> str:
    """Where a compose service outside development, or a CI workflow, builds ``dockerfile`` (``path``), or
    ``""``."""
    base = posixpath.basename(dockerfile)
    mention = re.compile(rf"(?<![\w.-]){re.escape(base)}(?![\w.-])")
    for file in repo.text_files(suffixes=(".yml", ".yaml")):
        name = posixpath.basename(file.path)
        if not ("compose" in name or file.path.startswith(".github/workflows/")) or DEV_NAME.search(name):
            continue
        spans = dev_spans(file.text) if "compose" in name else []
        for m in mention.finditer(file.text):
            line = file.text.count("\n", 0, m.start()) + 1
            if not any(s.first <= line <= s.last for s in spans):
                return file.path
    return ""


def dev_image(repo: RepoSnapshot, path: str) -> str:
    """Why the Dockerfile at ``path`` is a development image (its name, and no deployment builds it), or
    ``""``."""
    base = posixpath.basename(path)
    if not DEV_NAME.search(base) or built_by_deployment(repo, path):
        return ""
    return (f"`{base}` is a development image by its name, and no compose service or CI workflow outside "
            "development builds it")


_SHELL_TEST = re.compile(r"^\s*(?:if|elif)\s+(?P<test>.+?)\s*;?\s*(?:then)?\s*$")
_DEV_WORD = r"['\"]?(?:dev|development|local|debug)['\"]?"
_PROD_WORD = r"['\"]?(?:prod|production)['\"]?"
_EQ = r"(?:^|[^!=<>])==?\s*"  # `=` or `==`, not the `=` of `!=`
_NE = r"\s*!=\s*"


def _branch_is_dev(test: str) -> tuple[bool, bool]:
    """(the ``then`` branch runs only in development, the ``else`` branch does) for a shell ``if`` test."""
    eq_dev = re.search(rf"{_EQ}{_DEV_WORD}(?:\s|\]|$)", test) is not None
    ne_dev = re.search(rf"{_NE}{_DEV_WORD}(?:\s|\]|$)", test) is not None
    eq_prod = re.search(rf"{_EQ}{_PROD_WORD}(?:\s|\]|$)", test) is not None
    return eq_dev, ne_dev or eq_prod


@dataclass
class _Branch:
    """An open shell ``if``: its test, which of its branches run only in development, where the current branch
    began, and whether it is the ``else``."""

    test: str
    then_dev: bool
    else_dev: bool
    first: int
    in_else: bool = False

    def span(self, last: int) -> DevSpan | None:
        """The current branch, ending at ``last``, when it runs only in development."""
        if self.in_else and self.else_dev:
            return DevSpan(self.first, last, f"the line runs only when not `{self.test}`")
        if not self.in_else and self.then_dev:
            return DevSpan(self.first, last, f"the line runs only when `{self.test}`")
        return None


def shell_dev_spans(text: str) -> list[DevSpan]:
    """The lines of a shell script that run only in development: the branch of an ``if [ "$ENVIRONMENT" =
    "development" ]`` (rag-web-ui's entrypoint starts uvicorn with --reload there and without it otherwise), and a
    line guarded by such a test with ``&&``."""
    spans: list[DevSpan | None] = []
    stack: list[_Branch] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split(" #", 1)[0].strip()
        m = _SHELL_TEST.match(line)
        if m:
            if line.startswith("elif") and stack:
                spans.append(stack.pop().span(number - 1))  # an elif ends the branch before it
            then_dev, else_dev = _branch_is_dev(m.group("test"))
            stack.append(_Branch(m.group("test"), then_dev, else_dev, number + 1))
        elif re.match(r"^else\b", line) and stack:
            spans.append(stack[-1].span(number - 1))
            stack[-1].first, stack[-1].in_else = number + 1, True
        elif re.match(r"^fi\b", line) and stack:
            spans.append(stack.pop().span(number - 1))
        else:
            guard = re.match(r"^(\[\[?[^\]]+\]\]?)\s*&&", line)
            if guard and _branch_is_dev(guard.group(1))[0]:
                spans.append(DevSpan(number, number, f"the line runs only when `{guard.group(1)}`"))
    return [s for s in spans if s is not None]
