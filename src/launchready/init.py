"""``launchready init``: the on-ramp from a repository to a live scan — a ``launchready.toml`` written
from what the repository shows, with the live surfaces filled in where they can be found.

Detection reads only tracked files of the git repository (the same snapshot ``scan`` reads, so a
directory ``scan`` would refuse is refused here too), never runs the product's code: dependency
manifests for the framework, an OpenAPI document (JSON or YAML), the route inventory the repo checks
use (login, chat, upload, webhook, admin and health routes) and the hosts named in the code and
deployment files (domain hints). What only the owner can say — the URL of a running instance, the
test identities, the secrets — is written as commented stubs that name environment variables,
never values. The file it writes loads with the strict loader, or ``init`` fails.

An OpenAPI YAML document is read with a small line scanner for the block style that generators write
(``paths:`` → ``  /route:`` → ``    post:``): PyYAML is a test-only dependency, and a route list is all
``init`` needs from it.
"""

from __future__ import annotations

import json
import re
import tempfile
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from launchready.config import CONFIG_FILE, load_config
from launchready.engines.routes import Route, route_inventory
from launchready.errors import ConfigError
from launchready.report import write_atomic
from launchready.targets.repo import RepoSnapshot

BUILD_DIRS = ("dist", "build", ".next/static", "out", "public", "web/dist", "frontend/dist", "client/dist")
_PY_FRAMEWORKS = (("fastapi", "FastAPI"), ("starlette", "Starlette"), ("flask", "Flask"), ("django", "Django"))
_JS_FRAMEWORKS = (("next", "Next.js"), ("express", "Express"), ("fastify", "Fastify"), ("hono", "Hono"))
_DEFAULT_PORT = {"FastAPI": 8000, "Starlette": 8000, "Django": 8000, "Flask": 5000, "Next.js": 3000,
                 "Express": 3000, "Fastify": 3000, "Hono": 3000}
_SPEC_NAME = re.compile(r"(?:^|/)(?:openapi|swagger)[\w.-]*\.(?:json|ya?ml)$", re.IGNORECASE)
_YAML_OPENAPI = re.compile(r"(?m)^(?:openapi|swagger)\s*:\s*[\"']?[23]")
_YAML_PATH = re.compile(r"(?m)^  (/[^\s:]*)\s*:\s*$")
_YAML_METHOD = re.compile(r"(?m)^    (get|post|put|patch|delete)\s*:\s*$")

_PY_IMPORT = re.compile(r"(?m)^\s*(?:from|import)\s+(fastapi|starlette|flask|django)\b")
_LOGIN = re.compile(r"/(?:auth/)?(?:login|signin|sign-in|token|sessions?)/?$", re.IGNORECASE)
_CHAT = re.compile(r"/(?:chat|messages|completions|ask|conversation)/?$", re.IGNORECASE)
_UPLOAD = re.compile(r"/(?:upload|uploads|files|documents)/?$", re.IGNORECASE)
_RESET = re.compile(r"/(?:password[-_/]?reset|reset[-_/]?password|forgot[-_/]?password)/?$", re.IGNORECASE)
_HEALTH = re.compile(r"/(?:health|healthz|livez|readyz|status)/?$", re.IGNORECASE)
_ADMIN = re.compile(r"/(?:admin|internal|billing)(?:/|$)", re.IGNORECASE)
_WEBHOOK = re.compile(r"webhooks?|/hooks/", re.IGNORECASE)

_HOST = re.compile(r"https?://((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24})(?=[/:\"'\s,)\]]|$)",
                   re.IGNORECASE)
_HINT_FILES = ("CNAME", "fly.toml", "netlify.toml", "vercel.json", "render.yaml", "app.yaml", "Caddyfile",
               ".env.example", "package.json", "settings.py", "config.py", "main.py", "app.py")
_NOT_THE_PRODUCT = re.compile(
    r"(?:^|\.)(?:example\.(?:com|org|net)|localhost|github\.com|githubusercontent\.com|gitlab\.com|pypi\.org|"
    r"npmjs\.(?:com|org)|python\.org|openai\.com|anthropic\.com|stripe\.com|googleapis\.com|google\.com|"
    r"amazonaws\.com|cloudflare\.com|vercel\.app|netlify\.app|fly\.dev|herokuapp\.com|w3\.org|schema\.org|"
    r"readthedocs\.io|mozilla\.org|shields\.io|sentry\.io|slack\.com|twilio\.com|sendgrid\.(?:com|net)|"
    r"supabase\.co|fastapi\.tiangolo\.com|mit-license\.org|apache\.org|opensource\.org|test|invalid|local)$",
    re.IGNORECASE)


@dataclass
class Detected:
    frameworks: list[str] = field(default_factory=list)
    openapi: str = ""
    """A path on the API (``/openapi.json``) or a spec file in the repository."""
    build_dirs: list[str] = field(default_factory=list)
    routes: list[tuple[str, str, str]] = field(default_factory=list)
    """``(method, path, where)`` from the OpenAPI file and the source."""
    form_login: bool = False
    hosts: Counter[str] = field(default_factory=Counter)
    host_seen_at: dict[str, str] = field(default_factory=dict)

    def first(self, pattern: re.Pattern[str], methods: tuple[str, ...] = ("POST",)) -> tuple[str, str, str] | None:
        for method, path, where in self.routes:
            if method in methods and "{" not in path and "<" not in path and ":" not in path and pattern.search(path):
                return method, path, where
        return None

    def all(self, pattern: re.Pattern[str]) -> list[tuple[str, str, str]]:
        return [r for r in self.routes if pattern.search(r[1])]

    @property
    def webhook_routes(self) -> list[str]:
        return sorted({path for method, path, _ in self.all(_WEBHOOK) if method in ("POST", "ANY")})

    @property
    def domain(self) -> str:
        """The registrable-looking domain most hosts in the code share (``acme-assist.com``)."""
        apexes: Counter[str] = Counter()
        for host, n in self.hosts.items():
            apexes[".".join(host.split(".")[-2:])] += n
        return apexes.most_common(1)[0][0] if apexes else ""

    @property
    def subdomains(self) -> list[str]:
        apex = self.domain
        return sorted({h.removesuffix("." + apex) for h in self.hosts if h.endswith("." + apex)})

    @property
    def port(self) -> int:
        return next((_DEFAULT_PORT[f] for f in self.frameworks if f in _DEFAULT_PORT), 8000)


def _python_deps(repo: RepoSnapshot) -> str:
    text = ""
    for name in ("requirements.txt", "requirements.in", "Pipfile", "setup.cfg", "setup.py"):
        text += (repo.read_text(name) or "").lower() + "\n"
    pyproject = repo.read_text("pyproject.toml")
    if pyproject:
        try:
            data = tomllib.loads(pyproject)
            deps = data.get("project", {}).get("dependencies", [])
            deps += list(data.get("tool", {}).get("poetry", {}).get("dependencies", {}))
            text += "\n".join(str(d).lower() for d in deps)
        except (tomllib.TOMLDecodeError, AttributeError, TypeError):
            pass  # a broken pyproject names no framework we could trust
    return text


def _spec_routes(path: str, text: str) -> list[tuple[str, str, str]] | None:
    """Operations of an OpenAPI/Swagger document (JSON, or the usual block-style YAML); None if it is not one."""
    if path.lower().endswith(".json"):
        try:
            data = json.loads(text)
        except ValueError:
            return None
        if not isinstance(data, dict) or not ("openapi" in data or "swagger" in data):
            return None
        paths = data.get("paths")
        return [(m.upper(), p, path) for p, ops in (paths.items() if isinstance(paths, dict) else [])
                if isinstance(ops, dict) for m in ops if m in ("get", "post", "put", "patch", "delete")]
    if not _YAML_OPENAPI.search(text):
        return None
    found: list[tuple[str, str, str]] = []
    current = ""
    for line in text.splitlines():
        if m := _YAML_PATH.match(line):
            current = m.group(1)
        elif (m := _YAML_METHOD.match(line)) and current:
            found.append((m.group(1).upper(), current, path))
    return found


def detect(root: Path) -> Detected:
    """What the repository shows; raises ``TargetError`` for what ``scan`` would refuse (no git repository)."""
    repo = RepoSnapshot(root)
    found = Detected()
    deps = _python_deps(repo)
    for key, name in _PY_FRAMEWORKS:
        if re.search(rf"(?m)^[\s\"']*{key}\b", deps):
            found.frameworks.append(name)
    package = repo.read_text("package.json")
    if package:
        try:
            data = json.loads(package)
            names = {**data.get("dependencies", {}), **data.get("devDependencies", {})}
            found.frameworks += [name for key, name in _JS_FRAMEWORKS if key in names]
        except (ValueError, AttributeError, TypeError):
            pass  # not a package.json we can read: no JS framework detected
    if any(f in found.frameworks for f in ("FastAPI", "Starlette")):
        found.openapi = "/openapi.json"
    for path in repo.tracked_files:
        if _SPEC_NAME.search(path) and "node_modules/" not in path:
            routes = _spec_routes(path, repo.read_text(path) or "")
            if routes is not None:
                found.openapi = path
                found.routes += routes
                break
    found.build_dirs = [d for d in BUILD_DIRS if any(p.startswith(d + "/") for p in repo.tracked_files)]
    inventory: list[Route] = route_inventory(repo)
    found.routes += [(r.method, r.path, r.location) for r in inventory]
    # The framework the code imports or routes with, when no manifest named it.
    imported = {m.group(1) for file in repo.text_files(suffixes=(".py",))
                for m in _PY_IMPORT.finditer(file.text)} if not found.frameworks else set()
    named = [name for key, name in _PY_FRAMEWORKS if key in imported]
    named += [{"express": "Express", "next": "Next.js"}[r.framework] for r in inventory
              if r.framework in ("express", "next")]
    found.frameworks += [n for n in dict.fromkeys(named) if n not in found.frameworks]
    if not found.openapi and any(f in found.frameworks for f in ("FastAPI", "Starlette")):
        found.openapi = "/openapi.json"
    for file in repo.text_files(suffixes=(".py", ".ts", ".js")):
        if "OAuth2PasswordRequestForm" in file.text:
            found.form_login = True
            break
    for path in repo.tracked_files:
        base = path.rsplit("/", 1)[-1]
        if base not in _HINT_FILES or "/test" in f"/{path}" or path.startswith(("examples/", "docs/")):
            continue
        text = repo.read_text(path) or ""
        if base == "CNAME" and text.strip():
            text = "https://" + text.strip().splitlines()[0]
        for number, line in enumerate(text.splitlines(), 1):
            for named in _HOST.findall(line):
                host = named.lower()
                if not _NOT_THE_PRODUCT.search(host):
                    found.hosts[host] += 1
                    found.host_seen_at.setdefault(host, f"{path}:{number}")
    return found


def _s(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(value, ensure_ascii=False)


def render(found: Detected) -> str:
    fw = ", ".join(found.frameworks) or "none detected"
    login = found.first(_LOGIN)
    chat = found.first(_CHAT)
    upload = found.first(_UPLOAD)
    reset = found.first(_RESET)
    health = found.first(_HEALTH, ("GET", "ANY"))
    admin = sorted({f"{m} {p}" for m, p, _ in found.all(_ADMIN) if m in ("GET", "POST")})[:6]
    hooks = found.webhook_routes
    lines = [
        "# launchready configuration — written by `launchready init`; every key is optional.",
        f"# Detected: framework(s): {fw}; OpenAPI: {found.openapi or 'not found'};",
        f"#           client build dirs: {', '.join(found.build_dirs) or 'none'};"
        f" webhook routes: {', '.join(hooks) or 'none'}.",
        "# Keys are the long `launchready scan` flags; flags override this file. Unknown keys are errors.",
        "# Every key, its type, default and an example: docs/configuration.md in the launchready repository.",
        "# Credentials are never written here: name the environment variable that holds them.",
        "",
        '# handover: "ready for real users"; security-review: "a B2B buyer finds nothing obvious".',
        'profile = "handover"',
        "",
        "# Report formats (terminal, json, markdown, sarif, junit, html); launchready.json is always written.",
        'format = ["terminal"]',
        '# output = "launchready-report"',
        "",
        "# Exit 1 also on any failing (\"fail\") or warning (\"warn\") check, not only on a not-ready verdict.",
        '# fail-on = "fail"',
        "",
        "# --- the live API and the chatbot -------------------------------------------------------------",
        "# Start the product on this machine (or name a staging host), then uncomment `url`: the api and ai",
        "# checks run against it. Anything but loopback must be listed in staging-hosts, or it is refused.",
        f'# url = "http://127.0.0.1:{found.port}"',
        '# staging-hosts = ["staging.example.com"]',
        "# allow-destructive = false   # true lets the scan PUT/DELETE other tenants' objects (staging only)",
        "",
        "# --- the domain ---------------------------------------------------------------------------------",
    ]
    if found.domain:
        seen = ", ".join(f"{h} ({found.host_seen_at[h]})" for h in sorted(found.hosts)[:4])
        lines += [
            f"# Hosts named in the repository: {seen}. Uncomment to check DNS, TLS, redirects, HSTS and mail.",
            f"# domain = {_s(found.domain)}",
            f"# subdomain = [{', '.join(_s(s) for s in found.subdomains) or _s('www')}]",
        ]
    else:
        lines += ["# No host found in the repository. The mail / apex domain and its web subdomains:",
                  '# domain = "example.com"', '# subdomain = ["www", "app", "api"]']
    lines += [
        '# dkim-selector = ["google", "s1"]   # the DKIM selectors your mail provider uses',
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
        "",
        "[api]",
    ]
    if found.openapi:
        lines.append(f"openapi = {_s(found.openapi)}")
    else:
        lines.append('# openapi = "/openapi.json"   # a path on the API, or a spec file in the repository')
    public = [f"{r[0]} {r[1]}" for r in (login, health, reset) if r is not None]
    public += [f"POST {p}" for p in hooks]
    lines.append(f"public = [{', '.join(_s(p) for p in dict.fromkeys(public))}]   # routes that need no login")
    for key, route in (("chat", chat), ("upload", upload), ("reset", reset)):
        if route:
            lines.append(f"{key} = {_s(f'{route[0]} {route[1]}')}   # {route[2]}")
        else:
            lines.append(f'# {key} = "POST /{key}"   # not found in the source')
    if admin:
        lines.append(f"admin = [{', '.join(_s(a) for a in admin)}]   # an ordinary user must be refused here")
    if health:
        lines.append(f"health = {_s(health[1])}")
    lines += ["# request-budget = 2000   # the whole scan never sends more", ""]
    lines += ["[api.login]" + (f"   # {login[2]}" if login else "   # not found in the source: adjust")]
    lines.append(f"path = {_s(login[1] if login else '/auth/login')}")
    if login and login[0] not in ("POST", "ANY"):
        lines.append(f"method = {_s(login[0])}")
    if found.form_login:
        lines += ["form = true   # OAuth2PasswordRequestForm: a form, not JSON", 'username-field = "username"']
    lines += [
        'token-pointer = "/access_token"   # JSON pointer to the token in the login answer',
        "",
        "# Two test users in two different tenants, by environment-variable NAME (never the values):",
        "# [[api.tenants]]",
        '# name = "tenant-a"',
        '# username-env = "LR_TENANT_A_USER"',
        '# password-env = "LR_TENANT_A_PASSWORD"',
        "#",
        "# [[api.tenants]]",
        '# name = "tenant-b"',
        '# token-env = "LR_TENANT_B_TOKEN"   # or a ready-made token instead of a login',
    ]
    for path in hooks:
        scheme = next((s for s in ("stripe", "github", "slack") if s in path.lower()), "hmac-sha256")
        lines += ["", "[[api.webhooks]]", f"path = {_s(path)}", f"scheme = {_s(scheme)}",
                  f'# secret-env = "LR_{scheme.upper().replace("-", "_")}_WEBHOOK_SECRET"   # the test-mode secret']
    lines += [
        "",
        "[ai]",
        '# system-prompt-canary = "LR-CANARY-3f9a0c"   # plant "Internal reference: LR-CANARY-3f9a0c" in the prompt',
        '# model = "gpt-4o-mini"                       # for the cost estimate',
        "",
    ]
    if chat and chat[1].rstrip("/").endswith("/chat/completions"):
        lines += ["[ai.chat]", 'preset = "openai"', f"endpoint = {_s(f'{chat[0]} {chat[1]}')}"]
    elif chat:
        lines += [
            f"[ai.chat]   # {chat[2]}: adjust the body and the pointers to what the route takes and answers",
            f"endpoint = {_s(f'{chat[0]} {chat[1]}')}",
            'body = { message = "{message}" }',
            'reply-pointer = "/reply"',
            '# tool-calls-pointer = "/tool_calls"   # where the answer lists the tools the bot called',
        ]
    else:
        lines += ["# No chat route found. How to talk to the chatbot:", "# [ai.chat]",
                  '# endpoint = "POST /chat"', '# body = { message = "{message}" }', '# reply-pointer = "/reply"']
    if found.build_dirs:
        lines += ["", f"# Client bundles found: {', '.join(found.build_dirs)} — repo.secrets-client reads them."]
    return "\n".join(lines) + "\n"


def write_config(root: Path, *, force: bool) -> Path:
    found = detect(root)  # refuses what `scan` refuses, before anything is written
    target = root / CONFIG_FILE
    if target.exists() and not force:
        raise ConfigError(f"{target} exists; not overwriting it", hint="pass --force to replace it")
    text = render(found)
    _must_load(root, text)
    write_atomic(target, text)
    return target


def _must_load(root: Path, text: str) -> None:
    """What we write must load with the strict loader; checked before it replaces anything."""
    with tempfile.TemporaryDirectory(prefix="launchready-init-") as tmp:
        path = Path(tmp) / CONFIG_FILE
        path.write_text(text, encoding="utf-8")
        load_config(root, config_file=path)
