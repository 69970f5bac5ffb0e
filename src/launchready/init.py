"""``launchready init``: a commented ``launchready.toml`` written from what the repository shows.

Detection reads only files in the working tree (dependency manifests, well-known directories).
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from launchready.config import CONFIG_FILE, load_config
from launchready.errors import ConfigError, TargetError
from launchready.report import write_atomic

BUILD_DIRS = ("dist", "build", ".next/static", "out", "public", "web/dist", "frontend/dist", "client/dist")
_PY_FRAMEWORKS = (("fastapi", "FastAPI"), ("starlette", "Starlette"), ("flask", "Flask"), ("django", "Django"))
_JS_FRAMEWORKS = (("next", "Next.js"), ("express", "Express"), ("fastify", "Fastify"), ("hono", "Hono"))


@dataclass
class Detected:
    frameworks: list[str] = field(default_factory=list)
    openapi: str = ""
    build_dirs: list[str] = field(default_factory=list)
    webhook_routes: list[str] = field(default_factory=list)


def _python_deps(root: Path) -> str:
    text = ""
    for name in ("requirements.txt", "requirements.in", "Pipfile", "setup.cfg", "setup.py"):
        p = root / name
        if p.is_file():
            text += p.read_text("utf-8", "replace").lower() + "\n"
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        try:
            data = tomllib.loads(pyproject.read_text("utf-8"))
            deps = data.get("project", {}).get("dependencies", [])
            deps += list(data.get("tool", {}).get("poetry", {}).get("dependencies", {}))
            text += "\n".join(str(d).lower() for d in deps)
        except (tomllib.TOMLDecodeError, UnicodeDecodeError):
            pass
    return text


def detect(root: Path) -> Detected:
    found = Detected()
    deps = _python_deps(root)
    for key, name in _PY_FRAMEWORKS:
        if re.search(rf"(?m)^[\s\"']*{key}\b", deps):
            found.frameworks.append(name)
    package = root / "package.json"
    if package.is_file():
        try:
            data = json.loads(package.read_text("utf-8"))
            names = {**data.get("dependencies", {}), **data.get("devDependencies", {})}
            found.frameworks += [name for key, name in _JS_FRAMEWORKS if key in names]
        except (json.JSONDecodeError, UnicodeDecodeError, AttributeError):
            pass
    if any(f in found.frameworks for f in ("FastAPI", "Starlette")):
        found.openapi = "/openapi.json"
    for candidate in ("openapi.json", "openapi.yaml", "openapi.yml", "docs/openapi.json", "docs/openapi.yaml"):
        if (root / candidate).is_file():
            found.openapi = candidate
    found.build_dirs = [d for d in BUILD_DIRS if (root / d).is_dir()]
    pattern = re.compile(r"""["'](/[\w/\-{}]*webhooks?[\w/\-{}]*)["']""")
    for src in list(root.rglob("*.py"))[:2000] + list(root.rglob("*.ts"))[:2000]:
        if "node_modules" in src.parts or ".venv" in src.parts:
            continue
        try:
            found.webhook_routes += pattern.findall(src.read_text("utf-8", "replace"))
        except OSError:
            continue
    found.webhook_routes = sorted(set(found.webhook_routes))
    return found


def render(found: Detected) -> str:
    fw = ", ".join(found.frameworks) or "none detected"
    lines = [
        "# launchready configuration — written by `launchready init`; every key is optional.",
        f"# Detected: framework(s): {fw}; OpenAPI: {found.openapi or 'not found'};",
        f"#           client build dirs: {', '.join(found.build_dirs) or 'none'};"
        f" webhook routes: {', '.join(found.webhook_routes) or 'none'}.",
        "# Keys are the long CLI flags; CLI flags override this file. Unknown keys are errors.",
        "# Credentials are never written here: name the environment variable that holds them.",
        "",
        '# handover: "ready for real users"; security-review: "a B2B buyer finds nothing obvious".',
        'profile = "handover"',
        "",
        "# Report formats (terminal, json, markdown) and where report files go.",
        'format = ["terminal"]',
        '# output = "launchready-report"',
        "",
        "# Exit 1 also on any failing (\"fail\") or warning (\"warn\") check, not only on a not-ready verdict.",
        '# fail-on = "fail"',
        "",
        "# The mail / apex domain, its web subdomains and DKIM selectors (domain checks).",
        '# domain = "example.com"',
        '# subdomain = ["www", "app", "api"]',
        '# dkim-selector = ["google", "s1"]',
        "",
        "# Paths the repo checks do not read, with the reason (listed in every report).",
        "# [[exclude]]",
        '# paths = ["vendor/**"]',
        '# reason = "third-party code we do not ship"',
        "",
        "# An accepted finding: which check, which evidence (location glob or fingerprint), and why.",
        "# [[suppress]]",
        '# check = "repo.debug-mode"',
        '# location = "scripts/dev_server.py:*"',
        '# reason = "local development entry point, never deployed"',
    ]
    if found.build_dirs:
        lines += ["", f"# Client bundles found: {', '.join(found.build_dirs)} — repo.secrets-client reads them."]
    return "\n".join(lines) + "\n"


def write_config(root: Path, *, force: bool) -> Path:
    if not root.is_dir():
        raise TargetError(f"not a directory: {root}")
    target = root / CONFIG_FILE
    if target.exists() and not force:
        raise ConfigError(f"{target} exists; not overwriting it", hint="pass --force to replace it")
    text = render(detect(root))
    write_atomic(target, text)
    load_config(root, config_file=target)  # what we write must load
    return target
