"""LLM tool definitions found in a repo, each with what its implementation does with the model's arguments.

Frameworks read, named as their users know them: LangChain (``@tool``, ``Tool(name=…, func=…)``,
``StructuredTool.from_function``), LlamaIndex ``FunctionTool.from_defaults``, the OpenAI Agents SDK
``@function_tool``, MCP servers (Python ``@<server>.tool()`` in a module importing ``mcp`` /
``fastmcp``; TS ``server.tool(…)`` / ``registerTool``), Vercel AI SDK ``tool({…})``, LangChain JS
``DynamicStructuredTool`` / ``tool(fn, {…})``, and OpenAI / Anthropic tool objects (Python dicts,
JSON, TS/JS object literals).

Why our own instead of bandit / semgrep: their rules see ``shell=True`` anywhere; what matters here is
whether a value the *model* chose reaches it. Python is read with ``ast``: the tool's parameters are
followed through assignments (a small forward taint, two passes) into the function and, one hop away,
into helpers it calls that are defined in the repo (``db.get_user_transactions(user_id)``). TS/JS is
read with bounded regexes over the tool's own block. Strings and comments never match a sink.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any

from launchready.engines.pysource import UNRESOLVED, PyModule, dotted_name, is_dev_path, python_module
from launchready.engines.routes import balanced
from launchready.targets.repo import RepoSnapshot

JS_SUFFIXES = (".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".jsx", ".tsx")
# SQL, not prose: a column list (`*`, names, `count(*)`, placeholders) between SELECT and FROM, so that
# "Using LLM to select {n} tools from {m}" is not read as a query.
SQL_TEXT = re.compile(
    r"\b(?:select\s+(?:distinct\s+)?(?:\*|[\w.\"`*()]+(?:\s+as\s+\w+)?(?:\s*,\s*[\w.\"`*()]+(?:\s+as\s+\w+)?)*|\{[^}]*\})"
    r"\s+from\s+[\w.\"`{]|insert\s+into|update\s+[\w.\"`{]+\s+set\b|delete\s+from|drop\s+table)",
    re.I | re.S)
CONFIRM_WORD = re.compile(r"confirm|approv|human[_-]?in[_-]?the[_-]?loop|interrupt", re.I)
HIDDEN_TAG = re.compile(r"</?\s*(?:IMPORTANT|HIDDEN|SYSTEM|SECRET|INSTRUCTIONS?|ADMIN|NOTE_TO_AI|AI_ONLY|"
                        r"important|hidden|system|secret|instructions?)\s*>")
HIDDEN_PHRASE = re.compile(
    r"do(?: not|n'?t) (?:tell|mention|inform|reveal|show|notify|let) (?:the |this to the )?(?:user|human)|"
    r"do(?: not|n'?t) (?:explicitly )?mention that|without (?:telling|informing|notifying) the user|"
    r"ignore (?:all |any )?(?:previous|prior|above) instructions|keep this (?:hidden|secret) from|"
    r"before using this tool,? (?:you must )?(?:first )?read|the user (?:must not|should not) (?:know|see)",
    re.I)
ZERO_WIDTH = re.compile("[\u200b\u2060-\u2064\U000e0000-\U000e007f]|(?!^)\ufeff|[\u200c\u200d]{2,}")
"""Invisible characters that hide text. A single joiner (U+200C/D) is left alone: emoji sequences and Persian or
Indic scripts need it."""
_SHELL_CALLS = {"os.system", "os.popen", "subprocess.getoutput", "subprocess.getstatusoutput", "commands.getoutput",
                "os.execl", "os.execlp", "os.execv", "os.execvp", "os.spawnl", "pty.spawn"}
_PROCESS_CALLS = {"subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output",
                  "subprocess.Popen", "asyncio.create_subprocess_shell", "asyncio.create_subprocess_exec"}
_FETCH_CALLS = re.compile(r"^(?:requests|httpx|aiohttp|urllib\.request|urllib3)\.(?:get|post|put|patch|delete|"
                          r"head|request|urlopen|stream)$|^(?:urlopen|urlretrieve)$")
_FILE_CALLS = {"open", "io.open", "os.remove", "os.unlink", "shutil.rmtree", "shutil.copy", "shutil.move",
               "send_file", "FileResponse", "os.listdir", "Path.read_text", "Path.write_text"}
_SQL_METHODS = {"execute", "executemany", "executescript", "raw", "text", "read_sql", "read_sql_query", "query"}
_PATH_GUARD = re.compile(r"basename\(|secure_filename\(|is_relative_to\(|commonpath\(|realpath\(|\.resolve\(\)")
_URL_GUARD = re.compile(r"allow|whitelist|hostname\s+(?:not\s+)?in\b|netloc\s+(?:not\s+)?in\b", re.I)
# A URL literal that fixes scheme and host before any interpolated value: the model's value can only land in
# the path or the query of that host (``https://api.open-meteo.com/v1/forecast?latitude=${lat}``), no SSRF.
# The host must end at "/", "?" or "#": ``https://api.example.com${x}`` would let ``@evil.example`` in.
_FIXED_HOST = re.compile(r"^https?://[A-Za-z0-9.-]+(?::\d+)?[/?#]", re.I)


def fixed_host(literal_prefix: str) -> bool:
    """Does the literal start of a URL (everything before the first interpolated value) fix its host?"""
    return bool(_FIXED_HOST.match(literal_prefix))


def _py_url_prefix(node: ast.expr) -> str:
    """The literal start of a URL built in Python: an f-string, ``"…" + x`` or ``"…".format(x)``."""
    if isinstance(node, ast.JoinedStr):
        head = ""
        for value in node.values:
            if not (isinstance(value, ast.Constant) and isinstance(value.value, str)):
                break
            head += value.value
        return head
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _py_url_prefix(node.left)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format"
            and isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str)):
        return node.func.value.value.split("{", 1)[0]
    return ""


def _js_url_prefix(arg: str) -> str:
    """The literal start of a JS URL argument: a template literal up to its first ``${``, or a quoted string."""
    arg = arg.lstrip()
    if not arg or arg[0] not in "`'\"":
        return ""
    body = arg[1:]
    end = body.find(arg[0])
    literal = body if end < 0 else body[:end]
    return literal.split("${", 1)[0] if arg[0] == "`" else literal


def js_first_arg(args: str) -> str:
    """The first argument of a JS call, from the text after its ``(``: up to the first comma or ``)`` outside
    brackets and string literals (``fetch("/api/x", { headers })`` → ``"/api/x"``)."""
    depth, quote, i = 0, "", 0
    while i < len(args):
        c = args[i]
        if quote:
            if c == "\\":
                i += 1
            elif c == quote:
                quote = ""
        elif c in "'\"`":
            quote = c
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            if depth == 0:
                break
            depth -= 1
        elif c == "," and depth == 0:
            break
        i += 1
    return args[:i].strip()


def js_literal_url(first_arg: str) -> bool:
    """A URL the model cannot choose: a string literal with nothing interpolated, or a same-origin path
    (``"/api/responses"``, `` `/api/${id}` ``) — the browser keeps the page's own host."""
    if re.fullmatch(r"'[^'\\]*'|\"[^\"\\]*\"|`[^`$\\]*`", first_arg):
        return True
    prefix = _js_url_prefix(first_arg)
    return prefix.startswith("/") and not prefix.startswith("//")


_GENERIC_CALLEES = {"get", "set", "run", "read", "write", "execute", "query", "open", "format", "join", "append",
                    "update", "send", "post", "put", "delete", "load", "loads", "dump", "dumps", "close", "call",
                    "invoke", "parse", "split", "strip", "lower", "upper", "encode", "decode", "items", "keys",
                    "values", "main", "handle", "process", "search", "find", "list", "create"}
"""Method names too common to resolve by name to a helper of the repo (``cache.get(x)`` is not ``def get``)."""
_SKIP_PARAMS = {"self", "cls", "ctx", "context", "config", "run_manager", "callbacks"}


@dataclass(frozen=True)
class Flaw:
    """What a tool's implementation does with a model-chosen argument."""

    kind: str
    """shell, eval, sql, fetch, path, identity-query, process"""
    param: str
    location: str
    excerpt: str
    sure: bool = True
    """False when the value's origin in a model argument is not shown (a warn, not a fail)."""


@dataclass
class ToolDef:
    path: str
    line: int
    name: str
    framework: str
    params: dict[str, Any]
    """Parameter name → its JSON-schema-ish description (``{"type": "string", "enum": …}``)."""
    description: str = ""
    confirmed: bool = False
    flaws: list[Flaw] = field(default_factory=list)
    implemented: bool = False
    """Its implementation was read (a decorated function, ``func=``, a JS ``execute``): what the code does with an
    argument decides, not the argument's name."""
    extra_descriptions: list[tuple[str, str]] = field(default_factory=list)
    """(location, text) of descriptions the code sets later (``fn.__doc__ = …``: a rug pull)."""
    unsure: str = ""
    """Why it is not certain a model calls this definition (a ``{name, inputSchema}`` object handed to a project
    class): its findings are warnings that say so, never fails."""
    sandboxed: dict[str, str] = field(default_factory=dict)
    """Parameter → ``"<sandbox> at path:line"`` where its value is handed to a remote sandbox to run (an E2B
    ``Sandbox.run_code``): the code runs on the sandbox's machine, never on the server's."""
    url_checked: dict[str, tuple[bool, str]] = field(default_factory=dict)
    """URL parameter → (redirects re-checked too, what was seen): where the value is handed to a function that
    refuses non-public addresses before fetching (see :func:`url_guard`)."""

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


# -- schema-only tool objects (OpenAI / Anthropic / JSON) -----------------------------------------------

def _schema_props(schema: Any) -> dict[str, Any]:
    if not isinstance(schema, Mapping):
        return {}
    props = schema.get("properties")
    return {str(k): v for k, v in props.items()} if isinstance(props, Mapping) else {}


def _marks_confirmation(obj: Mapping[str, Any]) -> bool:
    return any(isinstance(k, str) and CONFIRM_WORD.search(k) and v not in (False, None, 0, "") for k, v in obj.items())


def tool_from_mapping(obj: Any, path: str, line: int) -> ToolDef | None:
    """An OpenAI / Anthropic / legacy-functions tool object, or None."""
    if not isinstance(obj, Mapping):
        return None
    fn = obj.get("function") if obj.get("type") == "function" else None
    if isinstance(fn, Mapping) and isinstance(fn.get("name"), str):
        return ToolDef(path, line, fn["name"], "OpenAI tool", _schema_props(fn.get("parameters")),
                       str(fn.get("description", "")), _marks_confirmation(obj) or _marks_confirmation(fn))
    schema = obj.get("input_schema") or obj.get("inputSchema")
    if isinstance(obj.get("name"), str) and isinstance(schema, Mapping):
        return ToolDef(path, line, obj["name"], "Anthropic/MCP tool", _schema_props(schema),
                       str(obj.get("description", "")), _marks_confirmation(obj))
    params = obj.get("parameters")
    if isinstance(obj.get("name"), str) and isinstance(params, Mapping) and params.get("type") == "object":
        return ToolDef(path, line, obj["name"], "function tool", _schema_props(params),
                       str(obj.get("description", "")), _marks_confirmation(obj))
    return None


def json_tools(path: str, text: str) -> Iterator[ToolDef]:
    try:
        doc = json.loads(text)
    except ValueError:
        return
    stack: list[Any] = [doc]
    while stack:
        node = stack.pop()
        if isinstance(node, Mapping):
            tool = tool_from_mapping(node, path, 1)
            if tool is not None:
                at = text.find(f'"{tool.name}"')
                tool.line = text.count("\n", 0, at) + 1 if at >= 0 else 1
                yield tool
                continue
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


# -- Python ------------------------------------------------------------------------------------------

def _annotation_schema(node: ast.expr | None, default: ast.expr | None) -> dict[str, Any]:
    schema: dict[str, Any] = {}
    if node is not None:
        text = ast.unparse(node)
        if "Literal[" in text:
            schema["enum"] = text
        elif re.search(r"\b(?:int|float|bool)\b", text) and "str" not in text:
            schema["type"] = "number"
        else:
            schema["type"] = "string"
        if re.search(r"Enum\b|HttpUrl.*allow|constr\(.*pattern|Pattern", text):
            schema["pattern"] = text
    if isinstance(default, ast.Call):
        for kw in default.keywords:
            if kw.arg in {"pattern", "regex", "enum"}:
                schema["pattern"] = ast.unparse(kw.value)
    return schema


def _signature(node: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, Any]:
    args = node.args
    positional = [*args.posonlyargs, *args.args]
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    params = {a.arg: _annotation_schema(a.annotation, d) for a, d in zip(positional, defaults, strict=True)}
    params.update({a.arg: _annotation_schema(a.annotation, d) for a, d in zip(args.kwonlyargs, args.kw_defaults,
                                                                             strict=True)})
    return {k: v for k, v in params.items() if k not in _SKIP_PARAMS}


def _imports_mcp(mod: PyModule) -> bool:
    for node in mod.tree.body:
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in {"mcp", "fastmcp"}:
            return True
        if isinstance(node, ast.Import) and any(a.name.split(".")[0] in {"mcp", "fastmcp"} for a in node.names):
            return True
    return False


_PY_TOOL_SOURCES = (("langchain", "LangChain @tool"), ("crewai", "CrewAI @tool"), ("smolagents", "smolagents @tool"),
                    ("strands", "Strands Agents @tool"), ("agents", "OpenAI Agents SDK @function_tool"),
                    ("llama_index", "LlamaIndex @tool"), ("semantic_kernel", "Semantic Kernel function"))


def _imported_from(mod: PyModule, name: str) -> str:
    """The module a bare name was imported from ("" when not imported)."""
    for node in mod.tree.body:
        if isinstance(node, ast.ImportFrom) and node.module and any((a.asname or a.name) == name for a in node.names):
            return node.module
    return ""


def _decorator_framework(mod: PyModule, decorator: ast.expr) -> str | None:
    """The framework a tool decorator belongs to, by what the module imported (``@tool`` is not always LangChain)."""
    name = dotted_name(decorator)
    if name in {"tool", "function_tool"}:
        source = _imported_from(mod, name)
        label = next((label for prefix, label in _PY_TOOL_SOURCES if source.split(".")[0].startswith(prefix)), "")
        if label:
            return label
        return "OpenAI Agents SDK @function_tool" if name == "function_tool" else "@tool (LangChain-style)"
    if name in {"langchain.tools.tool", "langchain_core.tools.tool"}:
        return "LangChain @tool"
    if name in {"agents.function_tool"}:
        return "OpenAI Agents SDK @function_tool"
    if name.endswith(".tool") or name.endswith(".tool_plain"):
        if _imports_mcp(mod) or re.search(r"mcp|server", name.rsplit(".", 1)[0], re.I):
            return "MCP tool (Python)"
        if _imported_from(mod, "Agent").startswith("pydantic_ai"):
            return "Pydantic AI tool"
        return f"@{name}() tool" if isinstance(decorator, ast.Call) else f"@{name} tool"
    return None


class _PythonIndex:
    """Functions defined in the repo's Python, by simple name (for ``func=`` and one hop into helpers)."""

    def __init__(self, modules: list[PyModule]) -> None:
        self.functions: dict[str, list[tuple[PyModule, ast.FunctionDef | ast.AsyncFunctionDef]]] = {}
        for mod in modules:
            for node in ast.walk(mod.tree):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    self.functions.setdefault(node.name, []).append((mod, node))

    def find(self, mod: PyModule, name: str) -> tuple[PyModule, ast.FunctionDef | ast.AsyncFunctionDef] | None:
        found = self.functions.get(name, [])
        return next((f for f in found if f[0].path == mod.path), found[0] if found else None)


def _names(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


CONTENT = "~"
"""Marks a taint origin as "holds the argument" (a file written with it), not "is the argument"."""


def _value_names(node: ast.AST) -> set[str]:
    """Names whose *value* flows into ``node``: ``TABLE[key]`` carries ``TABLE``'s value, not ``key``'s, and a
    membership test or comparison carries no value at all."""
    if isinstance(node, ast.Subscript):
        return _value_names(node.value)
    if isinstance(node, ast.Compare):
        return set()
    if isinstance(node, ast.Name):
        return {node.id}
    out: set[str] = set()
    for child in ast.iter_child_nodes(node):
        out |= _value_names(child)
    return out


def _tainted(func: ast.FunctionDef | ast.AsyncFunctionDef, params: Mapping[str, Any],
             validated: AbstractSet[str] = frozenset()) -> dict[str, str]:
    """Every local derived from a parameter, mapped to the parameter it comes from (two forward passes).
    ``f.write(code)`` taints ``f``; a lookup in a constant table by a parameter does not taint the result; a name
    ``validated`` (reassigned from an allow-list check of itself) holds no model-chosen text."""
    tainted = {p: p for p in params if p not in validated}
    textual = [p for p, schema in params.items()
               if not (isinstance(schema, Mapping) and schema.get("type") == "number")]
    kinds = (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.For, ast.withitem, ast.NamedExpr, ast.Expr)
    steps = sorted((n for n in ast.walk(func) if isinstance(n, kinds)), key=lambda n: getattr(n, "lineno", 0))
    for _ in range(2):
        for node in steps:
            value: ast.AST | None
            targets: list[ast.AST]
            if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign | ast.NamedExpr):
                value = node.value
                targets = list(node.targets) if isinstance(node, ast.Assign) else [node.target]
            elif isinstance(node, ast.For):
                value, targets = node.iter, [node.target]
            elif isinstance(node, ast.withitem):
                value = node.context_expr
                targets = [node.optional_vars] if node.optional_vars is not None else []
            else:
                call = node.value
                if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                        and call.func.attr in {"write", "writelines", "append", "extend", "update"}):
                    continue
                value, targets = ast.Tuple(elts=list(call.args), ctx=ast.Load()), [call.func.value]
            sources = sorted(_value_names(value) & tainted.keys()) if value is not None else []
            if not sources or any(name in validated for target in targets for name in _names(target)):
                continue
            origins = [tainted[n] for n in sources]
            origin = next((o for o in origins if o.lstrip(CONTENT) in textual), origins[0])
            if isinstance(node, ast.Expr):  # the file now *holds* the value; its name and path are still ours
                origin = CONTENT + origin.lstrip(CONTENT)
            for target in targets:
                for name in _names(target):
                    tainted.setdefault(name, origin)
    return tainted


def _formatted_sql(node: ast.expr, tainted: Mapping[str, str]) -> bool:
    """An f-string / ``%`` / ``.format`` / ``+`` holding SQL text with a tainted value in it."""
    if isinstance(node, ast.JoinedStr):
        literal = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
        holes = [v for v in node.values if isinstance(v, ast.FormattedValue)]
        return bool(SQL_TEXT.search(literal + " x")) and any(_names(h) & tainted.keys() for h in holes)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
        text = " ".join(n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str))
        return bool(SQL_TEXT.search(text + " x")) and bool(_names(node) & tainted.keys())
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        base = node.func.value
        text = base.value if isinstance(base, ast.Constant) and isinstance(base.value, str) else ""
        args = [*node.args, *(k.value for k in node.keywords)]
        return bool(SQL_TEXT.search(text + " x")) and any(_names(a) & tainted.keys() for a in args)
    return False


def _first_arg(call: ast.Call, *keywords: str) -> ast.expr | None:
    if call.args:
        return call.args[0]
    return next((k.value for k in call.keywords if k.arg in keywords), None)


def _param_of(node: ast.AST, tainted: Mapping[str, str], params: dict[str, Any]) -> str:
    """The tool parameter a value comes from."""
    names = _value_names(node) or _names(node)
    direct = [p for p in params if p in names]
    return direct[0] if direct else next((tainted[n].lstrip(CONTENT) for n in sorted(names & tainted.keys())), "")


# Remote code sandboxes: the module a sandbox class is imported from, and the methods that run code in it.
_SANDBOX_MODULES = re.compile(r"^(?:e2b|e2b_code_interpreter|e2b_desktop|modal|daytona|daytona_sdk)(?:\.|$)")
_SANDBOX_RUN = {"run_code", "exec_cell", "run_python", "code_run"}
_SANDBOX_JS_MODULES = re.compile(r"""from\s+["'](?:@e2b/[\w-]+|e2b|@daytonaio/sdk|modal)["']""")
_SANDBOX_JS_RUN = re.compile(r"\.(?:runCode|execCell|codeRun)\s*\(([^;]{0,200})")


def _sandbox_name(mod: PyModule) -> str:
    """The remote sandbox library ``mod`` imports (``"E2B"``), or ``""``."""
    for node in ast.walk(mod.tree):
        names = [node.module or ""] if isinstance(node, ast.ImportFrom) else \
            [a.name for a in node.names] if isinstance(node, ast.Import) else []
        for name in names:
            if _SANDBOX_MODULES.match(name):
                return {"e2b": "E2B", "modal": "Modal"}.get(name.split(".")[0].split("_")[0], "Daytona")
    return ""


def sandbox_runs(mod: PyModule, func: ast.FunctionDef | ast.AsyncFunctionDef,
                 params: Mapping[str, Any]) -> dict[str, str]:
    """Tool parameters ``func`` hands to a remote sandbox's code runner (``self.sandbox.run_code(code)`` in a
    module importing E2B): parameter → ``"E2B sandbox (run_code) at path:line"``."""
    sandbox = _sandbox_name(mod)
    if not sandbox:
        return {}
    tainted = _tainted(func, params)
    out: dict[str, str] = {}
    for node in ast.walk(func):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _SANDBOX_RUN:
            arg = _first_arg(node, "code", "source")
            if arg is not None and _value_names(arg) & tainted.keys():
                param = _param_of(arg, tainted, dict(params))
                out.setdefault(param, f"{sandbox} sandbox ({node.func.attr}) at {mod.path}:{node.lineno}")
    return out


def _validating(func: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """A function that refuses a value outside an allow-list: it raises, it tests the value against an anchored
    pattern (``re.match(r"^[a-zA-Z0-9_.-]+$", name)``) or for an absolute path / ``..``, and every return hands
    back one of its parameters (or a constant)."""
    params = {a.arg for a in [*func.args.posonlyargs, *func.args.args]} - {"self", "cls"}
    if not params or not any(isinstance(n, ast.Raise) for n in ast.walk(func)):
        return False
    tests = False
    for node in ast.walk(func):
        if isinstance(node, ast.Call):
            name = dotted_name(node.func)
            pattern = node.args[0] if node.args else None
            if name in {"re.match", "re.fullmatch"} or (name == "re.search" and isinstance(pattern, ast.Constant)
                                                        and str(pattern.value).startswith("^")
                                                        and str(pattern.value).endswith("$")):
                tests = tests or (isinstance(pattern, ast.Constant) and "/" not in str(pattern.value))
            elif name.endswith(("isabs", "is_absolute")):
                tests = True
        elif isinstance(node, ast.Compare) and any(isinstance(c, ast.Constant) and c.value == ".." for c in
                                                   [node.left, *node.comparators]):
            tests = True
    returns = [n.value for n in ast.walk(func) if isinstance(n, ast.Return) and n.value is not None]
    return tests and bool(returns) and all(isinstance(r, ast.Constant) or (isinstance(r, ast.Name) and r.id in params)
                                           for r in returns)


def _validated(mod: PyModule, func: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    """Names ``func`` passes through one of its module's validating functions and keeps only the result of
    (``file_name = self._validate_file_name(file_name)``): from then on they hold an allowed value."""
    validators = {n.name for n in ast.walk(mod.tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
                  and _validating(n)}
    out: set[str] = set()
    if not validators:
        return out
    for node in ast.walk(func):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and len(node.targets) == 1 \
                and isinstance(node.targets[0], ast.Name):
            callee = dotted_name(node.value.func).rsplit(".", 1)[-1]
            if callee in validators and any(isinstance(a, ast.Name) and a.id == node.targets[0].id
                                            for a in node.value.args):
                out.add(node.targets[0].id)
    return out


def _body_flaws(mod: PyModule, func: ast.FunctionDef | ast.AsyncFunctionDef, params: dict[str, Any],
                origin: dict[str, str] | None = None) -> Iterator[Flaw]:
    """What ``func`` does with values derived from ``params`` (``origin`` maps a helper's parameter back to the
    tool's parameter that reached it)."""
    tainted = _tainted(func, params, _validated(mod, func))
    body = ast.unparse(func)
    path_guarded = bool(_PATH_GUARD.search(body))
    url_guarded = bool(_URL_GUARD.search(body))

    def tool_param(name: str) -> str:
        return (origin or {}).get(name, name)

    def flaw(kind: str, node: ast.AST, param: str, sure: bool = True) -> Flaw:
        return Flaw(kind, tool_param(param), f"{mod.path}:{getattr(node, 'lineno', func.lineno)}", mod.excerpt(node),
                    sure)

    for node in ast.walk(func):
        if isinstance(node, ast.Assign | ast.Expr | ast.Return) and isinstance(node.value, ast.expr):
            value = node.value
            if not isinstance(value, ast.Call) and _formatted_sql(value, tainted):
                yield flaw("sql", node, _param_of(value, tainted, params))
        if not isinstance(node, ast.Call):
            continue
        name = dotted_name(node.func)
        arg = _first_arg(node, "args", "cmd", "command", "url", "file", "path", "sql", "statement", "source")
        reached = _value_names(arg) & tainted.keys() if arg is not None else set()
        holds_only = bool(reached) and all(tainted[n].startswith(CONTENT) for n in reached)
        hit = bool(reached) and not holds_only
        shell_kw = any(k.arg == "shell" and isinstance(k.value, ast.Constant) and k.value.value is True
                       for k in node.keywords)
        if name in _SHELL_CALLS or (name in _PROCESS_CALLS and (shell_kw or name.endswith("_shell"))):
            if arg is not None:
                yield flaw("shell", node, _param_of(arg, tainted, params) if hit else "", sure=hit)
        elif name in _PROCESS_CALLS and reached and arg is not None:
            yield flaw("run-file" if holds_only else "process", node, _param_of(arg, tainted, params))
        elif name in {"eval", "exec", "builtins.eval", "builtins.exec"} and arg is not None:
            yield flaw("eval", node, _param_of(arg, tainted, params) if hit else "", sure=hit)
        elif (_FETCH_CALLS.match(name) and hit and arg is not None and not url_guarded
              and not fixed_host(_py_url_prefix(arg))):
            yield flaw("fetch", node, _param_of(arg, tainted, params))
        elif (name in _FILE_CALLS or name.endswith((".read_text", ".write_text", ".unlink"))) and hit \
                and arg is not None and not path_guarded:
            yield flaw("path", node, _param_of(arg, tainted, params))
        elif isinstance(node.func, ast.Attribute) and node.func.attr in _SQL_METHODS and arg is not None:
            if _formatted_sql(arg, tainted):
                yield flaw("sql", node, _param_of(arg, tainted, params))
            elif isinstance(arg, ast.Name) and arg.id in params:
                yield flaw("sql-raw", node, arg.id)


def _helper_flaws(index: _PythonIndex, mod: PyModule, func: ast.FunctionDef | ast.AsyncFunctionDef,
                  params: dict[str, Any]) -> Iterator[Flaw]:
    """Flaws one call away: a helper defined in the repo that receives a tainted argument."""
    tainted = _tainted(func, params, _validated(mod, func))
    seen: set[str] = set()
    for node in ast.walk(func):
        if not isinstance(node, ast.Call):
            continue
        callee = node.func.attr if isinstance(node.func, ast.Attribute) else \
            node.func.id if isinstance(node.func, ast.Name) else ""
        if not callee or callee in seen or callee == func.name or callee in _GENERIC_CALLEES or len(callee) < 4:
            continue
        passed = [(i, a) for i, a in enumerate(node.args) if _names(a) & tainted.keys()]
        if not passed:
            continue
        found = index.find(mod, callee)
        if found is None:
            continue
        seen.add(callee)
        helper_mod, helper = found
        helper_params = [a.arg for a in [*helper.args.posonlyargs, *helper.args.args] if a.arg not in {"self", "cls"}]
        origin = {helper_params[i]: _param_of(a, tainted, params) for i, a in passed if i < len(helper_params)}
        if origin:
            yield from _body_flaws(helper_mod, helper, {key: {} for key in origin}, origin)


# An SSRF guard: the address a URL resolves to is tested with `ipaddress` (`ip.is_global`, `is_private`, `is_loopback`,
# `is_link_local`, `is_reserved`) and the function raises — text-generation-webui's `_validate_url`.
_IP_TEST = re.compile(r"\.is_(?:global|private|loopback|link_local|reserved)\b")
_NO_REDIRECTS = re.compile(r"\b(?:allow_redirects|follow_redirects)\s*=\s*False\b")
_URL_HOPS = 3


def _ip_guard(func: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    body = ast.unparse(func)
    return bool(_IP_TEST.search(body)) and "ipaddress" in body and any(isinstance(n, ast.Raise) for n in ast.walk(func))


def url_guard(index: _PythonIndex, mod: PyModule, func: ast.FunctionDef | ast.AsyncFunctionDef,
              names: AbstractSet[str]) -> tuple[bool, str] | None:
    """Follow ``names`` (locals holding the model's URL) from ``func`` through the project functions they are passed
    to, a few calls deep, to a validator that refuses non-public addresses (:func:`_ip_guard`). ``(redirects
    re-checked, "a → b → validator at path:line")``; redirects count as re-checked when the fetching function turns
    them off (``allow_redirects=False``) and calls the validator again. ``None`` when no guard is reached."""
    frontier = [(mod, func, set(names), [func.name])]
    seen: set[str] = set()
    for _ in range(_URL_HOPS + 1):
        nxt = []
        for m, f, held, chain in frontier:
            calls = [n for n in ast.walk(f) if isinstance(n, ast.Call)]
            for call in calls:
                callee = dotted_name(call.func).rsplit(".", 1)[-1]
                passed = [i for i, a in enumerate(call.args) if _names(a) & held]
                if not callee or not passed or callee in _GENERIC_CALLEES or callee in seen:
                    continue
                found = index.find(m, callee)
                if found is None:
                    continue
                seen.add(callee)
                helper_mod, helper = found
                where = f"{helper_mod.path}:{helper.lineno}"
                if _ip_guard(helper):
                    fetches = [c.lineno for c in calls if _FETCH_CALLS.match(dotted_name(c.func))]
                    if fetches and min(fetches) < call.lineno:
                        continue  # fetched before it is checked
                    again = sum(dotted_name(c.func).rsplit(".", 1)[-1] == callee for c in calls) >= 2
                    redirects = bool(_NO_REDIRECTS.search(ast.unparse(f))) and again
                    return redirects, " → ".join([*chain, f"{callee} at {where}"])
                params = [a.arg for a in [*helper.args.posonlyargs, *helper.args.args] if a.arg not in {"self", "cls"}]
                got = {params[i] for i in passed if i < len(params)}
                if got:
                    nxt.append((helper_mod, helper, set(_tainted(helper, {p: {} for p in got})), [*chain, callee]))
        frontier = nxt
    return None


def _url_checks(index: _PythonIndex, mod: PyModule, tool: ToolDef) -> dict[str, tuple[bool, str]]:
    """For a schema-only tool whose implementation was not found by name: the module's functions that read a URL
    parameter by its key (``arguments.get("url")``, ``args["url"]``) and hand it to a guarded fetch."""
    out: dict[str, tuple[bool, str]] = {}
    for param in tool.params:
        for func in (n for n in ast.walk(mod.tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)):
            held: set[str] = set()
            for node in ast.walk(func):
                if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                    value = node.value
                    key = value.args[0] if isinstance(value, ast.Call) and dotted_name(value.func).endswith(".get") \
                        and value.args else value.slice if isinstance(value, ast.Subscript) else None
                    if isinstance(key, ast.Constant) and key.value == param:
                        held.add(node.targets[0].id)
            if held:
                found = url_guard(index, mod, func, held)
                if found is not None:
                    out[param] = found
                    break
    return out


def _description_sets(mod: PyModule, func: ast.FunctionDef | ast.AsyncFunctionDef) -> list[tuple[str, str]]:
    """Descriptions the code assigns later: ``fn.__doc__ = "…"`` / ``x.description = "…"``."""
    out: list[tuple[str, str]] = []
    for node in ast.walk(mod.tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            for target in node.targets:
                if isinstance(target, ast.Attribute) and target.attr in {"__doc__", "description"} and \
                        dotted_name(target.value) == func.name:
                    out.append((f"{mod.path}:{node.lineno}", node.value.value))
    return out


def _python_function_tool(index: _PythonIndex, mod: PyModule, func: ast.FunctionDef | ast.AsyncFunctionDef,
                          name: str, framework: str, line: int, description: str, confirm_names: set[str],
                          decorator_text: str = "") -> ToolDef:
    params = _signature(func)
    body = ast.unparse(func)
    confirmed = (name in confirm_names or func.name in confirm_names or bool(CONFIRM_WORD.search(decorator_text))
                 or any(CONFIRM_WORD.search(p) for p in params)
                 or bool(re.search(r"\b(?:interrupt|ask_human|request_approval|require_approval|confirm\w*)\s*\(",
                                   body)))
    tool = ToolDef(mod.path, line, name, framework, params, description or ast.get_docstring(func) or "", confirmed)
    tool.flaws = [*_body_flaws(mod, func, params), *_helper_flaws(index, mod, func, params)]
    tool.sandboxed = sandbox_runs(mod, func, params)
    tool.implemented = True
    tool.extra_descriptions = _description_sets(mod, func)
    return tool


def _confirm_collections(mod: PyModule) -> set[str]:
    """Tool names listed in a collection whose name speaks of confirmation (``CONFIRM = {"send_email"}``)."""
    names: set[str] = set()
    for node in ast.walk(mod.tree):
        if isinstance(node, ast.Assign) and any(CONFIRM_WORD.search(dotted_name(t)) for t in node.targets):
            value = mod.value(node.value)
            if isinstance(value, list | tuple | set | frozenset | dict):
                names.update(str(v) for v in value)
    return names


def _kw_str(call: ast.Call, *names: str) -> str | None:
    for kw in call.keywords:
        if kw.arg in names and isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str):
            return kw.value.value
    return None


_CONSTRUCTORS = {
    "Tool": "LangChain Tool(...)", "langchain.agents.Tool": "LangChain Tool(...)",
    "StructuredTool.from_function": "LangChain StructuredTool", "StructuredTool": "LangChain StructuredTool",
    "FunctionTool.from_defaults": "LlamaIndex FunctionTool", "FunctionTool": "LlamaIndex FunctionTool",
}


def python_tools(index: _PythonIndex, mod: PyModule) -> Iterator[ToolDef]:
    confirm_names = _confirm_collections(mod)
    for node in ast.walk(mod.tree):
        if isinstance(node, ast.Dict):
            try:
                value = ast.literal_eval(node)
            except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                value = UNRESOLVED
            if value is UNRESOLVED:
                continue
            tool = tool_from_mapping(value, mod.path, node.lineno)
            if tool is not None:
                tool.confirmed = tool.confirmed or tool.name in confirm_names
                found = index.find(mod, tool.name)
                if found is not None:  # the function that implements it, by the tool's name
                    impl_mod, impl = found
                    tool.flaws = [*_body_flaws(impl_mod, impl, _signature(impl) or {key: {} for key in tool.params}),
                                  *_helper_flaws(index, impl_mod, impl, _signature(impl))]
                else:
                    tool.url_checked = _url_checks(index, mod, tool)
                yield tool
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for decorator in node.decorator_list:
                framework = _decorator_framework(mod, decorator)
                if framework is None:
                    continue
                call = decorator if isinstance(decorator, ast.Call) else None
                name = (call and (_kw_str(call, "name") or (call.args and isinstance(call.args[0], ast.Constant)
                                                           and str(call.args[0].value)))) or node.name
                description = (call and _kw_str(call, "description")) or ""
                yield _python_function_tool(index, mod, node, str(name), framework, node.lineno, description,
                                            confirm_names, ast.unparse(decorator))
                break
        elif isinstance(node, ast.Call):
            framework = _CONSTRUCTORS.get(dotted_name(node.func))
            if framework is None:
                continue
            target = next((k.value for k in node.keywords if k.arg in {"func", "fn", "coroutine", "async_fn"}), None)
            if target is None and node.args and framework == "LangChain Tool(...)" and len(node.args) >= 2:
                target = node.args[1]
            if target is None and node.args and framework != "LangChain Tool(...)":
                target = node.args[0]
            func_name = dotted_name(target) if target is not None else ""
            found = index.find(mod, func_name.rsplit(".", 1)[-1]) if func_name else None
            name = _kw_str(node, "name") or (node.args and isinstance(node.args[0], ast.Constant)
                                             and str(node.args[0].value)) or func_name or "(unnamed)"
            description = _kw_str(node, "description") or ""
            if found is None:
                yield ToolDef(mod.path, node.lineno, str(name), framework, {}, description,
                              name in confirm_names)
                continue
            impl_mod, impl = found
            tool = _python_function_tool(index, impl_mod, impl, str(name), framework, node.lineno, description,
                                         confirm_names)
            tool.path = mod.path
            yield tool


# -- TS / JS -------------------------------------------------------------------------------------------

_JS_OPENAI = re.compile(r"""["']?type["']?\s*:\s*["']function["']\s*,\s*["']?function["']?\s*:\s*\{""")
_JS_NAME = re.compile(r"""["']?name["']?\s*:\s*["'`]([\w.-]+)["'`]""")
_JS_DESCRIPTION = re.compile(r"""["']?description["']?\s*:\s*(`(?:[^`\\]|\\.)*`|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")""")
_JS_SCHEMA = re.compile(r"""["']?(?:input_schema|inputSchema|parameters|schema)["']?\s*:""")
_JS_MCP = re.compile(r"""\.(?:tool|registerTool)\(\s*["'`]([\w.-]+)["'`]""")
_JS_VERCEL = re.compile(r"""(?:["']?([\w$]+)["']?\s*[:=]\s*)?\btool\(\s*\{""")
_JS_LC_CLASS = re.compile(r"""new\s+(DynamicStructuredTool|DynamicTool)\(\s*\{""")
_JS_LC_FN = re.compile(r"""\btool\(\s*(?:async\s*)?(?:\([^()]*\)|\w+)\s*=>""")
_JS_CALL = r"\((?:[^()]|\([^()]*\))*\)"
_JS_PROP = re.compile(r"""["']?(\w+)["']?\s*:\s*(\{[^{}]*\}|z\.[\w.]+""" + _JS_CALL + r"(?:\.\w+" + _JS_CALL + r")*)")
_JS_SKIP_KEYS = {"type", "properties", "required", "description", "items", "additionalProperties", "name",
                 "parameters", "inputSchema", "input_schema", "schema", "execute", "func", "function"}


_OPENING = re.compile(r"[{(]")


def _js_block(text: str, start: int, limit: int = 6000) -> str:
    """From ``start`` through the bracketed block that opens first after it (quotes respected)."""
    end = min(len(text), start + limit)
    opening = _OPENING.search(text, start, end)
    if opening is None:
        return text[start:end]
    return text[start:opening.start()] + balanced(text, opening.start(), end - opening.start())


def _js_params(block: str) -> dict[str, Any]:
    params: dict[str, Any] = {}
    schema_at = _JS_SCHEMA.search(block)
    region = block[schema_at.end():] if schema_at else block
    for m in _JS_PROP.finditer(region):
        name, spec = m.group(1), m.group(2)
        if name in _JS_SKIP_KEYS:
            continue
        schema: dict[str, Any] = {"type": "string" if re.search(r"string", spec) else "other"}
        if re.search(r"\benum\b|z\.enum|z\.literal|\bconst\b|\bpattern\b|\.regex\(|z\.nativeEnum|\.url\(\)\.refine",
                     spec):
            schema["pattern"] = spec
        params[name] = schema
    return params


def _js_named_schema(text: str, value: str) -> dict[str, Any]:
    """The parameters of a schema given by name (``inputSchema: textMessageInputSchema``), read from where the
    same file defines it (``const textMessageInputSchema = z.object({…})``)."""
    ident = re.match(r"\s*([A-Za-z_$][\w$]*)\s*(?:[,}\n]|$)", value)
    if ident is None:
        return {}
    m = re.search(rf"(?:const|let|var)\s+{re.escape(ident.group(1))}\s*(?::[^=]*)?=\s*", text)
    # chained zod calls split over lines (`z\n  .string()\n  .min(1)`) read as one chain
    return _js_params(re.sub(r"\s+\.(?=\w)", ".", _js_block(text, m.end()))) if m else {}


def _js_description(block: str) -> str:
    m = _JS_DESCRIPTION.search(block)
    return m.group(1)[1:-1] if m else ""


def _js_flaws(path: str, text: str, start: int, block: str, params: dict[str, Any]) -> Iterator[Flaw]:
    names = [p for p in params if len(p) >= 2]
    if not names:
        return
    word = re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b")
    sinks = (
        ("shell", re.compile(r"\b(?:exec|execSync|spawnSync|spawn|execa|execaCommand)\s*\(([^;]{0,300})")),
        ("eval", re.compile(r"\b(?:eval|new\s+Function|vm\.runIn\w*Context)\s*\(([^;]{0,300})")),
        ("sql", re.compile(r"(`[^`]{0,400}\$\{[^`]{0,400}`)")),
        ("fetch", re.compile(r"\b(?:fetch|axios(?:\.get|\.post)?|got|ky)\s*\(([^;]{0,200})")),
        ("path", re.compile(r"\b(?:readFile|readFileSync|writeFile|writeFileSync|createReadStream|unlink|rm)\s*"
                            r"\(([^;]{0,200})")),
    )
    for kind, pattern in sinks:
        for m in pattern.finditer(block):
            arg = m.group(1)
            if kind == "sql" and not SQL_TEXT.search(arg):
                continue
            if kind == "fetch":
                # Only the URL — fetch's first argument — is the SSRF sink; the options object's keys and values
                # (`{ method, headers, body }`) choose no host.
                arg = js_first_arg(arg)
                if js_literal_url(arg) or fixed_host(_js_url_prefix(arg)):
                    continue  # the host is fixed: the model's value is at most a path or query of it
            hit = word.search(arg)
            if hit is None:
                continue
            line = text.count("\n", 0, start + m.start()) + 1
            excerpt = " ".join(m.group(0).split())[:160]
            yield Flaw(kind, hit.group(0), f"{path}:{line}", excerpt)


def _js_sandbox_runs(path: str, text: str, start: int, block: str, params: dict[str, Any]) -> dict[str, str]:
    """Parameters a JS tool hands to a remote sandbox's code runner (``sandbox.runCode(code)`` in a file importing
    ``@e2b/code-interpreter``)."""
    names = [p for p in params if len(p) >= 2]
    library = _SANDBOX_JS_MODULES.search(text)
    if not names or library is None:
        return {}
    sandbox = "E2B" if "e2b" in library.group(0) else "Daytona" if "daytona" in library.group(0) else "Modal"
    word = re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b")
    out: dict[str, str] = {}
    for m in _SANDBOX_JS_RUN.finditer(block):
        hit = word.search(m.group(1))
        if hit:
            line = text.count("\n", 0, start + m.start()) + 1
            out.setdefault(hit.group(0), f"{sandbox} sandbox ({m.group(0).split('(')[0].lstrip('.')}) at {path}:{line}")
    return out


def _js_import_source(text: str, name: str) -> str:
    """The module ``name`` is imported from in a JS/TS file ("" when not seen)."""
    m = re.search(r"import\s*\{[^}]*\b" + re.escape(name) + r"\b[^}]*\}\s*from\s*['\"]([^'\"]+)['\"]", text)
    return m.group(1) if m else ""


def js_tools(path: str, text: str) -> Iterator[ToolDef]:
    def line_of(at: int) -> int:
        return text.count("\n", 0, at) + 1

    def build(at: int, block_start: int, name: str, framework: str, confirm_region: str = "") -> ToolDef:
        block = _js_block(text, block_start)
        params = _js_params(block)
        tool = ToolDef(path, line_of(at), name, framework, params, _js_description(block),
                       bool(CONFIRM_WORD.search(confirm_region or block)))
        tool.flaws = list(_js_flaws(path, text, block_start, block, params))
        tool.sandboxed = _js_sandbox_runs(path, text, block_start, block, params)
        tool.implemented = framework.startswith(("Vercel", "LangChain.js", "MCP"))
        return tool

    for m in _JS_OPENAI.finditer(text):
        block = _js_block(text, m.end() - 1)
        name = _JS_NAME.search(block)
        if name:
            yield build(m.start(), m.end() - 1, name.group(1), "OpenAI tool",
                        text[max(0, m.start() - 200):m.start() + len(block)])
    for m in re.finditer(r"""["']?(?:input_schema|inputSchema)["']?\s*:""", text):
        before = text[max(0, m.start() - 400):m.start()]
        names = list(_JS_NAME.finditer(before))
        if not names or re.search(r"registerTool\(", before):
            continue
        start = m.start() - len(before) + names[-1].start()
        camel = "inputSchema" in m.group(0)
        # Anthropic's tool objects say `input_schema`; `{name, inputSchema}` is an MCP tool listing, an AI SDK tool,
        # or a project's own action class — handed to `super(…)`/`new X(…)` it is the project's, not a model's.
        owner = re.search(r"(?:\bsuper|\bnew\s+[A-Z]\w*|\b[a-z]\w*Action|\bcreate[A-Z]\w*)\s*(?:<[^()]*>)?\s*\(\s*\{"
                          r"[^{}]*$", text[max(0, start - 400):start + 1])
        framework = "Anthropic tool" if not camel else "tool object (name + inputSchema)"
        tool = build(start, m.end(), names[-1].group(1), framework, before + _js_block(text, m.end()))
        if camel and not tool.params:
            tool.params = _js_named_schema(text, _js_block(text, m.end()))
        if camel and owner is not None:
            tool.framework = f"tool-like definition handed to {owner.group(0).split('(')[0].strip()}(…)"
            tool.unsure = ("a project's own class, not a tool SDK: confirm a model can call it (a tool binding, "
                           "an agent's tool list)")
        yield tool
    for m in _JS_MCP.finditer(text):
        tool = build(m.start(), text.index("(", m.start()), m.group(1), "MCP tool (TypeScript)")
        block = _js_block(text, m.end())
        strings = re.findall(r"""^\s*,\s*(`(?:[^`\\]|\\.)*`|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")""", block)
        tool.description = tool.description or (strings[0][1:-1] if strings else "")
        yield tool
    source = _js_import_source(text, "tool")
    vercel = "Vercel AI SDK tool()" if source in {"ai", ""} else \
        "OpenAI Agents SDK tool()" if source.startswith("@openai/agents") else \
        "Mastra createTool()" if "mastra" in source else f"tool() from '{source}'"
    for m in _JS_VERCEL.finditer(text):
        at = m.start() + m.group(0).rindex("tool(")
        if text[at - 1:at] == ".":
            continue
        block = _js_block(text, m.end() - 1)
        inner = _JS_NAME.search(block)
        # Vercel tools are named by their key in the tools object; the Agents SDK's and Mastra's by `name`/`id`.
        own_name = inner.group(1) if inner and source not in {"ai", ""} else ""
        tool_name = own_name or m.group(1) or (inner.group(1) if inner else "(anonymous)")
        yield build(m.start(), m.end() - 1, tool_name, vercel)
    for m in _JS_LC_CLASS.finditer(text):
        block = _js_block(text, m.end() - 1)
        name = _JS_NAME.search(block)
        yield build(m.start(), m.end() - 1, name.group(1) if name else "(unnamed)", f"LangChain.js {m.group(1)}")
    for m in _JS_LC_FN.finditer(text):
        call = _js_block(text, m.start() + len("tool"))
        name = _JS_NAME.search(call)
        yield build(m.start(), m.start() + len("tool"), name.group(1) if name else "(unnamed)", "LangChain.js tool()")


# -- the whole repo -----------------------------------------------------------------------------------

# A unit-test directory by its name (`etc/unittest/`, `unit_tests/`): mock tool schemas a test hands a fake provider.
_UNIT_TESTS = re.compile(r"(?:^|/)unit_?tests?/", re.IGNORECASE)


def _skipped(path: str) -> bool:
    return (is_dev_path(path) or bool(_UNIT_TESTS.search(path)) or "node_modules/" in path or "/dist/" in f"/{path}"
            or ".min." in path or path.endswith((".map", "package.json", "package-lock.json", "tsconfig.json")))


def discover_tools(repo: RepoSnapshot) -> list[ToolDef]:
    """Every tool definition in the repo's production code, once per (file, name)."""
    modules: list[PyModule] = []
    tools: list[ToolDef] = []
    for file in repo.text_files(suffixes=(".py", ".json", *JS_SUFFIXES)):
        if _skipped(file.path):
            continue
        if file.path.endswith(".py"):
            mod = python_module(repo, file.path, file.text)
            if mod is not None:
                modules.append(mod)
        elif file.path.endswith(".json"):
            if '"parameters"' in file.text or "input_schema" in file.text or "inputSchema" in file.text:
                tools.extend(json_tools(file.path, file.text))
        elif len(file.text) < 1_000_000 and re.search(
                r"input_schema|inputSchema|parameters|\.tool\(|registerTool|\btool\(|DynamicStructuredTool|DynamicTool",
                file.text):
            tools.extend(js_tools(file.path, file.text))
    index = _PythonIndex(modules)
    for mod in modules:
        tools.extend(python_tools(index, mod))
    unique: dict[tuple[str, str, int], ToolDef] = {}
    for tool in tools:  # the outer OpenAI object comes first; its inner `function` dict is the same tool
        unique.setdefault((tool.path, tool.name, tool.line if tool.implemented else 0), tool)
    return list(unique.values())


def tool_modules(repo: RepoSnapshot) -> list[PyModule]:
    """The production Python modules (for checks that look at tool code outside a definition)."""
    out: list[PyModule] = []
    for file in repo.text_files(suffixes=(".py",)):
        if not _skipped(file.path):
            mod = python_module(repo, file.path, file.text)
            if mod is not None:
                out.append(mod)
    return out
