"""Limiters switched by a setting: a limiter that runs only when an environment variable or setting is on.

``Limiter(enabled=RATE_LIMIT_ENABLED and REDIS_URL is not None)`` (slowapi), ``if (process.env.KV_URL)
app.use(limiter)``, ``const ratelimit = process.env.UPSTASH_URL ? new Ratelimit(...) : null`` or a handler's
``if (process.env.KV_URL) { await ratelimit.limit(ip) }`` limit nothing unless the deployment sets the switch.
What a switch defaults to is read from the code (``os.getenv("X", False)``, ``process.env.X ?? "1"``) and the
deploy files (``X=${X:-False}`` in a compose file, ``X=`` in an ``.env.example``); a switch with no default
found, or an off default, leaves the limiter undetermined.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable

from launchready.engines.pysource import PyModule, dotted_name
from launchready.engines.routes import balanced

_ENV_CALL = re.compile(r"(?:^|\.)(?:getenv|environ\.get|env)$")
_JS_ENV = re.compile(r"process\.env\.(\w+)|process\.env\[\s*['\"](\w+)['\"]\s*\]|import\.meta\.env\.(\w+)")
_OFF_WORDS = {"false", "0", "", "no", "off", "none", "null", "undefined"}


def _py_env_names(node: ast.AST) -> list[str]:
    """Environment variables and settings an expression reads (``os.getenv("X")``, ``settings.X``)."""
    names: list[str] = []
    for inner in ast.walk(node):
        if isinstance(inner, ast.Call) and _ENV_CALL.search(dotted_name(inner.func)) and inner.args:
            arg = inner.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                names.append(arg.value)
        elif isinstance(inner, ast.Subscript) and dotted_name(inner.value).endswith("environ"):
            if isinstance(inner.slice, ast.Constant) and isinstance(inner.slice.value, str):
                names.append(inner.slice.value)
        elif isinstance(inner, ast.Attribute) and re.search(r"(?i)(?:^|\.)(?:settings|config|env)$",
                                                            dotted_name(inner.value)):
            names.append(inner.attr)
    return list(dict.fromkeys(names))


def _enclosing_function(mod: PyModule, node: ast.AST) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    line = mod.line(node)
    best: ast.FunctionDef | ast.AsyncFunctionDef | None = None
    for fn in ast.walk(mod.tree):
        if (isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef) and fn.lineno <= line <= (fn.end_lineno or 0)
                and (best is None or fn.lineno > best.lineno)):
            best = fn
    return best


def py_switch_names(mod: PyModule, expr: ast.expr) -> list[str]:
    """The settings an ``enabled=`` expression depends on, following a parameter of the enclosing function to
    the arguments its callers in the same module pass (``configure(app, os.getenv("RATE_LIMIT_ENABLED"))``)."""
    names = _py_env_names(expr)
    fn = _enclosing_function(mod, expr)
    if fn is None:
        return names
    params = [a.arg for a in (*fn.args.posonlyargs, *fn.args.args)]
    used = {n.id for n in ast.walk(expr) if isinstance(n, ast.Name)}
    for call in mod.calls():
        if dotted_name(call.func).rsplit(".", 1)[-1] != fn.name:
            continue
        for index, param in enumerate(params):
            if param not in used:
                continue
            given = [k.value for k in call.keywords if k.arg == param]
            if not given and index < len(call.args):
                given = [call.args[index]]
            for value in given:
                names += _py_env_names(value)
    return list(dict.fromkeys(names))


def py_if_switch(mod: PyModule, node: ast.AST) -> ast.expr | None:
    """The test of an ``if`` reading a setting whose body holds ``node`` (``if settings.RATE_LIMIT: ...``)."""
    for stmt in ast.walk(mod.tree):
        if isinstance(stmt, ast.If) and _py_env_names(stmt.test):
            for inner in stmt.body:
                if any(n is node for n in ast.walk(inner)):
                    return stmt.test
    return None


# Set by the platform in every deployment (``NODE_ENV=production``): no switch an operator must remember.
_PLATFORM = frozenset({"NODE_ENV", "VERCEL_ENV", "NEXT_RUNTIME"})


def _js_env_in(text: str, expression: str) -> list[str]:
    """Environment variables a JS expression reads, directly or through a constant of the same file (the
    platform's own ``NODE_ENV`` left out)."""
    names = [next(g for g in m.groups() if g) for m in _JS_ENV.finditer(expression)]
    for word in dict.fromkeys(re.findall(r"\b[A-Za-z_$][\w$]*\b", expression)):
        m = re.search(rf"(?:const|let|var)\s+{re.escape(word)}\s*=\s*([^;\n]*)", text)
        if m:
            names += [next(g for g in e.groups() if g) for e in _JS_ENV.finditer(m.group(1))]
    return [n for n in dict.fromkeys(names) if n not in _PLATFORM]


def js_switch_at(text: str, pos: int) -> tuple[str, list[str]]:
    """The condition reading an environment variable under which ``text[pos]`` runs: an enclosing ``if (...)``
    (braced block or single statement) or a ternary ``process.env.X ? <pos> : ...`` on the same statement.
    Returns the condition's text and the variables it reads (``("", [])`` when none)."""
    for m in re.finditer(r"\bif\s*\(", text[:pos]):
        cond = balanced(text, m.end() - 1)
        after = m.end() - 1 + len(cond)
        rest = text[after:pos]
        stripped = text[after:].lstrip()
        if stripped.startswith("{"):
            start = after + (len(text[after:]) - len(stripped))
            inside = start + len(balanced(text, start)) > pos
        else:
            inside = ";" not in rest and rest.count("\n") <= 1
        names = _js_env_in(text, cond) if inside else []
        if names:
            return " ".join(cond[1:-1].split()), names
    line_start = text.rfind("\n", 0, pos) + 1
    statement = text[max(text.rfind(";", 0, pos), line_start - 200, 0):pos]
    ternary = re.search(r"([^=;?]+)\?\s*(?:new\s+)?[\w$.]*\s*$", statement)
    if ternary:
        names = _js_env_in(text, ternary.group(1))
        if names:
            return " ".join(ternary.group(1).split()), names
    return "", []


_COMPOSE_DEFAULT = r"\$\{{{name}:?-([^}}]*)\}}"


def setting_defaults(names: Iterable[str], files: Iterable[tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """Each setting's default and where it was read (``("False", "docker-compose.yaml:12")``): a compose-style
    ``${X:-False}``, an ``os.getenv("X", default)`` / ``process.env.X ?? default``, a settings class's
    ``X: bool = False``, a ``X=value`` line of an env example file. A setting with no default found is absent
    from the answer."""
    out: dict[str, tuple[str, str]] = {}
    texts = list(files)
    for name in names:
        patterns = [re.compile(_COMPOSE_DEFAULT.format(name=re.escape(name))),
                    re.compile(rf"getenv\(\s*['\"]{re.escape(name)}['\"]\s*,\s*([^),]+)\)"),
                    re.compile(rf"environ\.get\(\s*['\"]{re.escape(name)}['\"]\s*,\s*([^),]+)\)"),
                    re.compile(rf"process\.env\.{re.escape(name)}\s*(?:\?\?|\|\|)\s*([^\s;,)]+)"),
                    re.compile(rf"^[ \t]*{re.escape(name)}[ \t]*(?::[^=\n]+)?=[ \t]*([^\n#]+?)[ \t]*(?:#.*)?$",
                               re.MULTILINE),
                    re.compile(rf"^[ \t]*{re.escape(name)}[ \t]*[=:][ \t]*([^\s#]*)[ \t]*(?:#.*)?$", re.MULTILINE)]
        for pattern in patterns:
            for path, text in texts:
                if pattern is patterns[-2] and not path.endswith(".py"):
                    continue  # a settings class or module: `RATE_LIMIT_ENABLED: bool = False`
                if pattern is patterns[-1] and not re.search(r"(?:^|/)\.env[\w.-]*$|\.env\.\w+$", path):
                    continue
                m = pattern.search(text)
                if m:
                    out[name] = (m.group(1).strip().strip("'\""), f"{path}:{text.count(chr(10), 0, m.start()) + 1}")
                    break
            if name in out:
                break
    return out


def is_off(value: str) -> bool:
    return value.strip().strip("'\"").lower() in _OFF_WORDS


def describe_switch(condition: str, where: str, names: list[str],
                    defaults: dict[str, tuple[str, str]]) -> str:
    """Why a switched limiter may limit nothing, or ``""`` when every setting it needs is on by default."""
    said = []
    off = False
    for name in names:
        if name in defaults:
            value, at = defaults[name]
            said.append(f"{name} defaults to {value or 'empty'} ({at})")
            off = off or is_off(value)
        else:
            said.append(f"{name} has no default in the repository")
            off = True
    if names and not off:
        return ""
    return (f"which runs only when {condition} ({where}) — " + "; ".join(said)
            + (f": undetermined, confirm the deployment sets {'it' if len(names) == 1 else 'them'}" if names else ""))
