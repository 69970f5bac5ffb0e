"""Fingerprints of the prompts a product actually sends to its model, read from its source.

A leak check that matches "prompt-like" strings picks the wrong text: a front-end view that
*contains* the words "ignore previous instructions" is not the system prompt, and a check keyed on it
passes a bot that dumps its real prompt. So prompts are found where they are **passed to a model
call** (a ``{"role": "system", "content": X}`` message, ``system=`` / ``instructions=`` /
``system_prompt=`` arguments, ``SystemMessage(X)``, ``("system", X)`` tuples, ``Message("system",
X)``), and ``X`` is followed back to the literal that defines it (a module constant, an imported
name, ``X.format(...)``, ``dedent(X)``); Python through ``ast``, JS/TS through bounded regexes over
``role: "system"`` / ``system:`` / ``instructions:`` properties and the ``const`` they name. Prompt
files (``prompts/*.txt``, ``*.prompt``, ``system_prompt.md`` …) count as definitions too. Only when
none of that is found do constants *named* as system prompts in back-end code serve, and the
fingerprint says so. Our own code because no library reads "which literal reaches the model".
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass

from launchready.engines.chat import normalise
from launchready.engines.pysource import PyModule, dotted_name, is_dev_path, python_module
from launchready.engines.routes import balanced, split_args
from launchready.targets.repo import RepoSnapshot

PASSED = "passed to a model call"
PROMPT_FILE = "a prompt file"
NAMED = "named as a system prompt; not seen passed to a model call"

_PROMPT_NAME = re.compile(r"system|prompt|instruction|persona|preamble", re.IGNORECASE)
_SINK_KEYWORDS = {"system", "system_prompt", "system_message", "systemmessage", "instructions", "instruction",
                  "preamble", "system_instruction", "system_instructions", "system_template"}
_MODEL_CALL_KEYWORDS = {"prompt", "template"}
"""Sinks only in a call that looks like a model or prompt call (``click.option(prompt=…)`` is not one)."""
_MODEL_CALL = re.compile(r"prompt|agent|llm|chat|complet|generat|invoke|model|chain|messages", re.IGNORECASE)
_SINK_CALLS = {"SystemMessage", "SystemMessagePromptTemplate.from_template", "PromptTemplate.from_template",
               "ChatPromptTemplate.from_template", "PromptTemplate"}
_PLACEHOLDER = re.compile(r"\$?\{[^{}]*\}|%\(?\w*\)?s|\{\{[^{}]*\}\}")
_ATTACK_CORPUS = re.compile(r"inject|attack|adversarial|exploit|jailbreak|payload|poison|malicious|extraction|"
                            r"red[-_]?team", re.IGNORECASE)
_PROMPT_FILE_STEM = re.compile(r"prompt|instruction|persona|preamble", re.IGNORECASE)
_PROMPT_DIRS = {"prompts", "prompt", "system_prompts", "system-prompts", "instructions", "personas"}
_JS_SUFFIXES = (".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts")
_PROMPT_FILE_SUFFIXES = (".txt", ".md", ".prompt", ".j2", ".jinja", ".jinja2", ".tmpl", ".mustache", ".hbs")
_FRONT_END = re.compile(r"(?:^|/)(?:web|frontend|client|public|static|components|views|ui|www)(?:/|$)"
                        r"|\.(?:tsx|jsx|vue|svelte|html?)$", re.IGNORECASE)
_JS_STRING = r"(`(?:[^`\\]|\\.){20,4000}`|'(?:[^'\\\n]|\\.){20,4000}'|\"(?:[^\"\\\n]|\\.){20,4000}\")"
_JS_SINK = re.compile(
    r"(?:role\s*:\s*['\"]system['\"]\s*,\s*content|\b(?:system|systemPrompt|instructions|system_prompt|"
    r"systemInstruction)\b)\s*:\s*(?:" + _JS_STRING + r"|([A-Za-z_$][\w$]*)\b)")
_JS_SYSTEM_MESSAGE = re.compile(r"new\s+SystemMessage\(\s*(?:" + _JS_STRING + r"|([A-Za-z_$][\w$]*)\s*\))")
_JS_FUNCTION = re.compile(r"\bfunction\s*\*?\s*([A-Za-z_$][\w$]*)\s*\(([^()]*)\)"
                          r"|\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:async\s*)?(?:function\s*)?\(([^()]*)\)")
_JS_PROPERTY_STRING = re.compile(r"[\w$'\"]+\s*:\s*" + _JS_STRING)
_JS_NAMED = re.compile(r"\b(?:const|let|var)\s+(\w*(?:system|prompt|instruction)\w*)\s*(?::\s*\w+\s*)?=\s*"
                       + _JS_STRING, re.IGNORECASE)


@dataclass(frozen=True)
class Fingerprint:
    """A distinctive six-word window of one prompt, where that prompt is defined and how it was found."""

    location: str
    phrase: str
    origin: str
    via: str = ""
    """Where the prompt is passed to the model (``main.py:352``) when that differs from ``location``."""


@dataclass(frozen=True)
class PromptSource:
    location: str
    text: str
    origin: str
    via: str = ""


def is_prompt_file(path: str) -> bool:
    """A file that defines a prompt: its own name says so (``system_prompt.md``, ``support.prompt``) or it sits in
    a ``prompts/`` folder — not any file under a folder that merely mentions prompts (``prompt-injection-demo/``),
    and never an attack corpus (injection, jailbreak, adversarial, extraction … prompts are what attackers
    send, not what the product sends)."""
    parts = path.lower().split("/")
    name = parts[-1]
    if name.startswith(("readme", "license", "changelog")) or any(_ATTACK_CORPUS.search(p) for p in parts):
        return False
    return (name.endswith(".prompt") or bool(_PROMPT_FILE_STEM.search(name.rsplit(".", 1)[0]))
            or any(p in _PROMPT_DIRS for p in parts[:-1]))


def is_front_end(path: str) -> bool:
    return bool(_FRONT_END.search(path))


# -- Python ------------------------------------------------------------------------------------

def literal_text(node: ast.expr) -> str | None:
    """A string literal's text; f-string and ``+`` parts that are not literal become ``{}``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) and isinstance(v.value, str) else "{}"
                       for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
        left = literal_text(node.left)
        right = literal_text(node.right) if isinstance(node.op, ast.Add) else None
        if left is not None or right is not None:
            return (left or "{}") + (right or "{}")
    return None


class _PythonDefinitions:
    """Every ``name = <expr>`` of the back-end Python, by simple name (module constants, locals, attributes)."""

    def __init__(self, modules: list[PyModule]) -> None:
        self.by_name: dict[str, list[tuple[PyModule, ast.expr, int]]] = {}
        for mod in modules:
            for node in ast.walk(mod.tree):
                if isinstance(node, ast.Assign):
                    targets, value = list(node.targets), node.value
                elif isinstance(node, ast.AnnAssign) and node.value is not None:
                    targets, value = [node.target], node.value
                else:
                    continue
                for target in targets:
                    name = target.id if isinstance(target, ast.Name) else \
                        target.attr if isinstance(target, ast.Attribute) else ""
                    if name:
                        self.by_name.setdefault(name, []).append((mod, value, node.lineno))

    def resolve(self, mod: PyModule, node: ast.expr, depth: int = 0) -> Iterator[tuple[str, str]]:
        """``(location, literal)`` for each literal ``node`` may stand for (a few hops at most)."""
        if depth > 4:
            return
        text = literal_text(node)
        if text is not None:
            yield f"{mod.path}:{node.lineno}", text
            return
        if isinstance(node, ast.Call):
            func = dotted_name(node.func)
            if isinstance(node.func, ast.Attribute) and node.func.attr in {"format", "format_map", "strip",
                                                                            "replace", "safe_substitute",
                                                                            "substitute"}:
                yield from self.resolve(mod, node.func.value, depth + 1)
            elif func.rsplit(".", 1)[-1] in {"dedent", "cleandoc", "Template", "str"} and node.args:
                yield from self.resolve(mod, node.args[0], depth + 1)
            return
        name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""
        if not name:
            return
        entries = self.by_name.get(name, [])
        local = [e for e in entries if e[0].path == mod.path]
        source = _import_source(mod, name)
        imported = [e for e in entries if source and e[0].path.endswith(source)]
        for owner, value, line in (local or imported or entries)[:4]:
            text = literal_text(value)
            if text is not None:
                yield f"{owner.path}:{line}", text
            else:
                yield from self.resolve(owner, value, depth + 1)


def _import_source(mod: PyModule, name: str) -> str:
    """The path suffix of the module ``name`` is imported from (``app/settings.py`` for ``from .settings import
    X`` in ``app/main.py``), or ""."""
    for node in ast.walk(mod.tree):
        if isinstance(node, ast.ImportFrom) and any((a.asname or a.name) == name for a in node.names):
            module = (node.module or "").replace(".", "/")
            if node.level:
                base = mod.path.rsplit("/", 1)[0] if "/" in mod.path else ""
                for _ in range(node.level - 1):
                    base = base.rsplit("/", 1)[0] if "/" in base else ""
                return "/".join(p for p in (base, module) if p) + ".py"
            return module + ".py"
    return ""


def _python_sinks(mod: PyModule) -> Iterator[tuple[ast.expr, int]]:
    """Expressions the code hands to a model as its system prompt / instructions."""
    for node in ast.walk(mod.tree):
        if isinstance(node, ast.Dict):
            pairs = {k.value: v for k, v in zip(node.keys, node.values, strict=False)
                     if isinstance(k, ast.Constant) and isinstance(k.value, str)}
            role = pairs.get("role")
            if isinstance(role, ast.Constant) and role.value in {"system", "developer"} and "content" in pairs:
                yield pairs["content"], node.lineno
        elif isinstance(node, ast.Tuple | ast.List) and len(node.elts) == 2:
            first = node.elts[0]
            if isinstance(first, ast.Constant) and first.value in {"system", "developer"}:
                yield node.elts[1], node.lineno
        elif isinstance(node, ast.Call):
            func = dotted_name(node.func)
            if func in _SINK_CALLS or func.rsplit(".", 1)[-1] in {"SystemMessage"}:
                if node.args:
                    yield node.args[0], node.lineno
                for kw in node.keywords:
                    if kw.arg in {"content", "template"}:
                        yield kw.value, node.lineno
                continue
            if len(node.args) >= 2 and isinstance(node.args[0], ast.Constant) and \
                    node.args[0].value in {"system", "developer"}:
                yield node.args[1], node.lineno
            for kw in node.keywords:
                arg = (kw.arg or "").lower()
                if arg in _SINK_KEYWORDS or (arg in _MODEL_CALL_KEYWORDS and _MODEL_CALL.search(func)):
                    yield kw.value, node.lineno


def _python_named(mod: PyModule) -> Iterator[tuple[str, str]]:
    for node in ast.walk(mod.tree):
        if isinstance(node, ast.Assign):
            targets, value = list(node.targets), node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        names = [t.id if isinstance(t, ast.Name) else t.attr if isinstance(t, ast.Attribute) else "" for t in targets]
        text = literal_text(value)
        if text is not None and any(_PROMPT_NAME.search(n) for n in names):
            yield f"{mod.path}:{node.lineno}", text


# -- JS / TS -----------------------------------------------------------------------------------

def _unquote(literal: str) -> str:
    return literal[1:-1].replace("\\n", "\n").replace("\\'", "'").replace('\\"', '"')


def _js_const(files: dict[str, str], path: str, name: str) -> Iterator[tuple[str, str]]:
    pattern = re.compile(r"\b(?:const|let|var)\s+" + re.escape(name) + r"\s*(?::\s*\w+\s*)?=\s*" + _JS_STRING)
    ordered = [path, *(p for p in files if p != path)]
    for candidate in ordered:
        m = pattern.search(files[candidate])
        if m:
            yield f"{candidate}:{files[candidate].count(chr(10), 0, m.start()) + 1}", _unquote(m.group(1))
            return


def _line(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def _top_level_args(text: str, open_paren: int, limit: int = 4000) -> list[str]:
    """The comma-separated arguments of the call whose ``(`` is at ``open_paren`` (brackets and quotes respected);
    ``[]`` when the call does not close within ``limit`` characters."""
    call = balanced(text, open_paren, limit)
    if len(call) < 2 or not call.endswith(")"):
        return []
    return [a for a in split_args(call[1:-1]) if a]


def _js_object_values(files: dict[str, str], path: str, name: str) -> Iterator[tuple[str, str]]:
    """The string values of ``const name = { key: "…", … }`` (a map of prompts looked up by key)."""
    pattern = re.compile(r"\b(?:const|let|var)\s+" + re.escape(name) + r"\s*(?::[^=]+)?=\s*\{")
    for candidate in [path, *(p for p in files if p != path)]:
        text = files[candidate]
        m = pattern.search(text)
        if not m:
            continue
        body_start = m.end() - 1
        body = balanced(text, body_start)
        for value in _JS_PROPERTY_STRING.finditer(body):
            yield f"{candidate}:{_line(text, body_start + value.start(1))}", _unquote(value.group(1))
        return


def _js_function_param(text: str, before: int, name: str) -> tuple[str, int] | None:
    """``(function name, parameter index)`` when ``name`` is a parameter of the function around ``before``."""
    found: tuple[str, int] | None = None
    for m in _JS_FUNCTION.finditer(text, 0, before):
        listed = (m.group(2) if m.group(1) else m.group(4)) or ""
        params = [re.split(r"[=:\s]", p.strip().lstrip("."), maxsplit=1)[0] for p in listed.split(",")]
        if name in params:
            found = (m.group(1) or m.group(3), params.index(name))
    return found


def _js_values(files: dict[str, str], path: str, expr: str, at: int, depth: int) -> Iterator[tuple[str, str]]:
    """``(location, literal)`` for what a JS expression handed to a model may hold: a literal, a constant, a
    prompt map looked up by key (``PROMPTS[agent.id]``), or — a few hops at most — a function parameter,
    followed to the arguments its callers pass."""
    text = files[path]
    if depth > 3:
        return
    literal = re.fullmatch(_JS_STRING, expr, re.DOTALL)
    if literal:
        yield f"{path}:{_line(text, at)}", _unquote(literal.group(1))
        return
    member = re.fullmatch(r"([A-Za-z_$][\w$]*)\s*(?:\[[^\]]+\]|\.[A-Za-z_$][\w$]*)", expr)
    if member:
        yield from _js_object_values(files, path, member.group(1))
        return
    if not re.fullmatch(r"[A-Za-z_$][\w$]*", expr):
        return
    # The nearest assignment before the use, in the same file (a local), else a constant anywhere (an import).
    aliases = list(re.finditer(r"\b(?:const|let|var)\s+" + re.escape(expr) + r"\s*=\s*([^;\n]+)", text[:at]))
    if aliases:
        alias = aliases[-1]
        yield from _js_values(files, path, alias.group(1).strip().rstrip(";"), alias.start(1), depth + 1)
        return
    constant = list(_js_const(files, path, expr))
    if constant:
        yield from constant
        return
    param = _js_function_param(text, at, expr)
    if param is None:
        return
    function, index = param
    call = re.compile(r"(?<![\w$.])" + re.escape(function) + r"\s*\(")
    for caller, caller_text in files.items():
        for m in call.finditer(caller_text):
            if re.search(r"function\s*$|(?:const|let|var)\s+$", caller_text[max(0, m.start() - 20):m.start()]):
                continue  # the definition, not a call
            args = _top_level_args(caller_text, m.end() - 1)
            if len(args) > index:
                yield from _js_values(files, caller, args[index], m.start(), depth + 1)


def _js_sources(files: dict[str, str]) -> Iterator[PromptSource]:
    for path, text in files.items():
        for pattern in (_JS_SINK, _JS_SYSTEM_MESSAGE):
            for m in pattern.finditer(text):
                via = f"{path}:{_line(text, m.start())}"
                if m.group(1):
                    yield PromptSource(via, _unquote(m.group(1)), PASSED)
                elif m.group(2):
                    for location, literal in _js_values(files, path, m.group(2), m.start(), 0):
                        yield PromptSource(location, literal, PASSED, via if via != location else "")


# -- the whole repo ----------------------------------------------------------------------------

def prompt_sources(repo: RepoSnapshot) -> list[PromptSource]:
    """The prompts the product sends to its model, strongest origin first (tests and dev files excluded)."""
    modules: list[PyModule] = []
    js: dict[str, str] = {}
    files: list[tuple[str, str]] = []
    for file in repo.text_files(suffixes=(".py", *_JS_SUFFIXES, *_PROMPT_FILE_SUFFIXES)):
        if (is_dev_path(file.path) and not file.path.startswith("examples/")) or "node_modules/" in file.path:
            continue
        if file.path.endswith(".py"):
            mod = python_module(repo, file.path, file.text)
            if mod is not None:
                modules.append(mod)
        elif file.path.endswith(_JS_SUFFIXES):
            if ".min." not in file.path and len(file.text) < 500_000:
                js[file.path] = file.text
        else:
            files.append((file.path, file.text))
    passed: list[PromptSource] = []
    definitions = _PythonDefinitions(modules)
    for mod in modules:
        for expr, line in _python_sinks(mod):
            via = f"{mod.path}:{line}"
            for location, text in definitions.resolve(mod, expr):
                passed.append(PromptSource(location, text, PASSED, via if via != location else ""))
    passed.extend(_js_sources(js))
    for path, text in files:
        if is_prompt_file(path):
            passed.append(PromptSource(f"{path}:1", text[:20_000], PROMPT_FILE))
    if any(len(s.text) >= 40 for s in passed):
        return _unique(passed)
    named: list[PromptSource] = []
    for mod in modules:
        if not is_front_end(mod.path):
            named.extend(PromptSource(loc, text, NAMED) for loc, text in _python_named(mod))
    for path, text in js.items():
        if not is_front_end(path):
            named.extend(PromptSource(f"{path}:{text.count(chr(10), 0, m.start()) + 1}", _unquote(m.group(2)), NAMED)
                         for m in _JS_NAMED.finditer(text))
    return _unique(named)


def _unique(sources: list[PromptSource]) -> list[PromptSource]:
    seen: dict[tuple[str, str], PromptSource] = {}
    for source in sources:
        seen.setdefault((source.location, source.text), source)
    return list(seen.values())


def windows(text: str, per_prompt: int = 4) -> list[str]:
    """Distinctive six-word windows of a prompt (placeholders split it into segments)."""
    out: list[str] = []
    for segment in _PLACEHOLDER.split(text):
        words = normalise(segment).split()
        if len(words) < 6:
            continue
        starts = sorted({0, max(0, len(words) // 2 - 3), max(0, len(words) - 6), 1 if len(words) > 7 else 0})
        for start in starts:
            window = " ".join(words[start:start + 6])
            long_words = [w for w in window.split() if len(w) >= 4]
            if len(window) >= 28 and len(long_words) >= 3 and window not in out:
                out.append(window)
    out.sort(key=len, reverse=True)
    return out[:per_prompt]


def prompt_fingerprints(repo: RepoSnapshot, limit: int = 12) -> list[Fingerprint]:
    """Distinctive fragments of the prompts the product sends to its model."""
    found: list[Fingerprint] = []
    for source in prompt_sources(repo):
        if len(source.text) < 40:
            continue
        for phrase in windows(source.text):
            if all(f.phrase != phrase for f in found):
                found.append(Fingerprint(source.location, phrase, source.origin, source.via))
            if len(found) >= limit:
                return found
    return found
