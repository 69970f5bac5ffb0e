"""Default credentials a product starts with: a settings default for a secret-named setting (``API_KEY = "meow"``,
``JWT_SECRET = "meow_jwt"``, a ``BaseSettings`` field ``admin_password: str = "admin"``) that the code uses to
authenticate — compared with what a caller sends, or the key of a JWT encode/decode — while nothing in the code
refuses to start (or even compares) while it still holds that value. Everyone who can read the source knows it, so
every deployment that does not override it is open. Random-looking values are the generic secrets rule's; this one
is about values that work *because* they are known. Python settings are read, and shipped YAML settings files
(``server.auth.secret: "Basic c2VjcmV0OmtleQ=="``) whose setting the Python code reads by the same path
(``settings().server.auth.secret``) where it authenticates."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from launchready.checks.repo._env_templates import env_template_defaults
from launchready.checks.repo._settings_files import DefaultSetting, settings_file_defaults
from launchready.engines.pysource import PyModule, dotted_name, is_dev_path, python_tree
from launchready.engines.routes import shared_dirs
from launchready.model import Evidence, Status

if TYPE_CHECKING:
    from launchready.targets.repo import RepoSnapshot

# Settings that authenticate by their value: a key callers present, a signing secret, a password.
_CREDENTIAL_SETTING = re.compile(
    r"(?:^|_)(?:api_?key|master_?key|admin_?key|secret|secret_?key|jwt_?secret|signing_?key|password|passwd|"
    r"auth_?token|access_?token)$", re.IGNORECASE)
_SETTINGS_FILE = re.compile(r"(?:^|/)(?:defaults?|settings|config|conf|constants)\.py$|(?:^|/)(?:config|settings)/")
_JWT_CALL = re.compile(r"(?:^|\.)(?:encode|decode)$")
_KEYED_USE = re.compile(r"(?i)^(?:secret|secret_key|signing_key|jwt_secret|reset_password_token_secret|"
                        r"verification_token_secret|password)$")


def _settings(mod: PyModule) -> Iterator[DefaultSetting]:
    """Module-level ``NAME = "literal"`` in a settings file, and ``BaseSettings`` fields with a literal default."""
    if _SETTINGS_FILE.search(mod.path):
        for stmt in mod.tree.body:
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                yield from _setting(mod, stmt.targets[0].id, stmt.value, stmt)
    for node in ast.walk(mod.tree):
        # a BaseSettings class, or any class of a settings module (chatgpt-web-share's `class AuthSetting(BaseModel)`
        # sections of the YAML config, each field's default what the product starts with)
        if isinstance(node, ast.ClassDef) and (any(dotted_name(b).endswith("BaseSettings") for b in node.bases)
                                               or _SETTINGS_FILE.search(mod.path)):
            for stmt in node.body:
                if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value is not None:
                    yield from _setting(mod, stmt.target.id, stmt.value, stmt)


# Reads of the environment with a fallback: `os.getenv("SECRET_KEY", "your-secret-key-here")`,
# `os.environ.get(…, …)`, python-decouple's `config("X", default=…)`, environs' `env.str("X", "…")`.
_ENV_READ = re.compile(r"(?:^|\.)(?:getenv|environ\.get|config|env|env\.str)$")


def _default_of(value: ast.expr) -> ast.expr:
    """The literal a setting holds when the deployment sets nothing: itself, or an environment read's fallback."""
    if isinstance(value, ast.Call) and _ENV_READ.search(dotted_name(value.func)):
        fallback = value.args[1] if len(value.args) > 1 else next(
            (k.value for k in value.keywords if k.arg == "default"), None)
        if fallback is not None:
            return fallback
    return value


def _setting(mod: PyModule, name: str, value: ast.expr, stmt: ast.stmt) -> Iterator[DefaultSetting]:
    if not _CREDENTIAL_SETTING.search(name):
        return
    value = _default_of(value)
    if isinstance(value, ast.Constant) and isinstance(value.value, str) and value.value.strip() \
            and value.value.strip()[0] not in "${<%":
        yield DefaultSetting(name, value.value, mod.path, mod.line(stmt))


def _names(node: ast.AST, name: str, chain: str = "", env: bool = False) -> bool:
    """Does ``node`` read the setting ``name`` (``config.API_KEY``, ``settings.jwt_secret``, ``API_KEY``) — or, for
    a settings file's ``chain``, an attribute path ending in its last two parts (``settings().server.auth.secret``)?"""
    if env:  # os.getenv("JWT_SECRET"), config("JWT_SECRET"), os.environ["JWT_SECRET"]
        return any(isinstance(n, ast.Call | ast.Subscript) and any(
            isinstance(c, ast.Constant) and c.value == name for c in ast.walk(n)) for n in ast.walk(node))
    if chain:
        tail = "." + ".".join(chain.split(".")[-2:])
        return any(isinstance(n, ast.Attribute) and f".{dotted_name(n)}".endswith(tail) for n in ast.walk(node))
    return any((isinstance(n, ast.Attribute) and n.attr == name) or (isinstance(n, ast.Name) and n.id == name)
               for n in ast.walk(node))


def _uses(mod: PyModule, setting: DefaultSetting) -> tuple[str, bool]:
    """(``path:line`` where the setting authenticates, or ""; does code compare it with its own default?)"""
    used, refused = "", False
    for node in ast.walk(mod.tree):
        if isinstance(node, ast.Compare) and _names(node, setting.name, setting.chain, setting.env):
            sides = [node.left, *node.comparators]
            if any(isinstance(s, ast.Constant) and s.value == setting.value for n in sides for s in ast.walk(n)):
                refused = True  # `if config.API_KEY == "meow": raise …` — a refusal or a warning at startup
            elif any(isinstance(op, ast.Eq | ast.NotEq) for op in node.ops):
                used = used or f"{mod.path}:{mod.line(node)}"
        elif isinstance(node, ast.Call):
            name = dotted_name(node.func)
            authenticates = name.endswith("compare_digest") or (
                _JWT_CALL.search(name) is not None and "jwt" in name.lower())
            handed = [*node.args, *(k.value for k in node.keywords)] if authenticates else []
            # handed on as a signing secret or an account's password: `JWTStrategy(secret=config.auth.jwt_secret)`,
            # `SessionMiddleware(secret_key=…)`, `UserCreate(username="admin", password=…initial_admin_password)`
            handed += [k.value for k in node.keywords if k.arg and _KEYED_USE.match(k.arg)]
            if any(_names(a, setting.name, setting.chain, setting.env) for a in handed):
                used = used or f"{mod.path}:{mod.line(node)}"
    return used, refused


def _nearest_template(setting: DefaultSetting, used: str, settings: list[DefaultSetting]) -> bool:
    """Of the env templates that give the same variable a value, is ``setting``'s the one nearest the code that reads
    it (most shared directories, then the shallowest)? Another stack's template (``ui/supabase/.env.example``) is
    not what this code is started with."""
    rivals = [s for s in settings if s.env and s.name == setting.name]
    best = max(rivals, key=lambda s: (shared_dirs(s.path, used), -s.path.count("/"), s.path == setting.path))
    return best.path == setting.path


def default_credentials(repo: RepoSnapshot) -> list[Evidence]:
    """A warn per secret-named settings default that authenticates and that nothing refuses."""
    modules = [m for m in python_tree(repo).modules.values() if not is_dev_path(m.path)]
    settings = [s for mod in modules for s in _settings(mod)]
    settings += settings_file_defaults(repo, _CREDENTIAL_SETTING)
    settings += env_template_defaults(repo, _CREDENTIAL_SETTING)
    found: list[Evidence] = []
    for setting in settings:
        uses = [_uses(other, setting) for other in modules]
        used = next((u for u, _ in uses if u), "")
        if not used or any(refused for _, refused in uses):
            continue
        if setting.env and not _nearest_template(setting, used, settings):
            continue
        if setting.env:
            found.append(Evidence(
                Status.WARN,
                f"{setting.name} is given a concrete {len(setting.value)}-character value in the template "
                f"{setting.path}, and the code reads it from the environment to authenticate ({used}): every install "
                "copied from the template holds that value unless someone changes it, and anyone who reads the "
                "repository knows it — ship it empty and refuse to start without it",
                f"{setting.path}:{setting.line}"))
            continue
        found.append(Evidence(
            Status.WARN,
            f"{setting.chain or setting.name} ships a built-in default ({len(setting.value)} characters) that the "
            f"code uses to authenticate ({used}) and nothing refuses to start with — anyone who reads the source "
            "knows it, so every deployment that does not override it is open; require it from the environment or "
            "refuse to start while it holds the default",
            f"{setting.path}:{setting.line}"))
    return found
