"""repo.tool-safety: LLM tool definitions have narrow schemas, and dangerous tools need confirmation.

Tool definitions are found where the frameworks put them: OpenAI / Anthropic tool objects (Python
dicts, JSON, TS/JS object literals: ``{"type": "function", "function": {"name", "parameters"}}``,
``{"name", "input_schema"}``), LangChain ``@tool`` functions and MCP server tools
(``@mcp.tool()``, ``server.tool("name", …)``). Each is judged on its own schema: a free-form URL,
SQL, shell or path parameter (no ``enum`` / ``const`` / ``pattern`` / ``Literal`` / allow-list),
a destructive or outbound verb (delete, refund, export, send, email, transfer, drop, execute…)
without a confirmation step (a ``confirm`` parameter, an ``x-requires-confirmation`` /
human-approval marker, or the tool's name in a ``CONFIRM…`` collection), user or tenant ids taken
from model-filled arguments, and SQL built with f-strings inside a tool function. Python is read
with ``ast`` (strings and comments never match); TS/JS with bounded regexes over object literals.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from launchready.context import CheckContext
from launchready.engines.pysource import (
    UNRESOLVED,
    PyModule,
    covering_unparsed,
    dotted_name,
    is_dev_path,
    python_module,
)
from launchready.model import Check, CheckMeta, Effort, Evidence, Outcome, Severity, Status, Surface

META = CheckMeta(
    id="repo.tool-safety",
    title="LLM tools have narrow schemas and confirmation",
    surface=Surface.REPO,
    severity=Severity.HIGH,
    criteria=(
        "LLM tool definitions (OpenAI/Anthropic tool JSON, LangChain `@tool`, MCP tools) have narrow schemas: no "
        "free-form URL, SQL, shell or path parameter without an allow-list (enum, pattern); destructive or "
        "outbound tools (delete, refund, export, send email) require confirmation; user and tenant ids are not "
        "model-filled arguments; no SQL built with f-strings inside a tool."
    ),
    why=(
        "The model fills tool arguments from whatever text it read, including injected instructions; the schema "
        "and a confirmation step are the only limits on what an injected prompt can make the tool do."
    ),
    breaks=(
        "A free-form URL becomes SSRF, a free-form table or query becomes a data dump, a send/delete tool without "
        "confirmation acts on any injected instruction, and a model-filled tenant id crosses tenants."
    ),
    fix=(
        "Constrain every argument (`enum`, `pattern`, `format` + an allow-list checked in code), take user and "
        "tenant from the session, never from arguments, require a human confirmation for outbound and destructive "
        "tools, and use parameterised SQL."
    ),
    references=("OWASP LLM06:2025", "OWASP LLM01:2025", "CWE-918", "CWE-89", "CWE-862"),
    checklist=("Tools that send, export or delete need a human confirmation",),
    effort=Effort.HOURS,
)

RISKY_PARAMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("URL", re.compile(r"(?:^|_)(?:url|uri|link|href|endpoint|webhook|website|site)s?(?:$|_)", re.I)),
    ("SQL", re.compile(r"(?:^|_)(?:sql|query|where|statement|table|tables|column|columns)(?:$|_)", re.I)),
    ("shell", re.compile(r"(?:^|_)(?:cmd|command|commands|shell|script|exec|bash|args)(?:$|_)", re.I)),
    ("path", re.compile(r"(?:^|_)(?:path|paths|file|filename|filepath|dir|directory|folder)(?:$|_)", re.I)),
)
DANGEROUS_VERB = re.compile(
    r"(?:^|_|-|\b)(delete|remove|destroy|purge|drop|truncate|refund|export|send|email|mail|transfer|wire|pay|"
    r"charge|execute|exec|run_sql|post|publish|invite|grant|revoke|cancel)(?:$|_|-|\b|[A-Z])",
    re.I,
)
IDENTITY_PARAM = re.compile(r"^(?:user|tenant|account|org|organization|workspace|owner|customer)_?id$", re.I)
CONFIRM_WORD = re.compile(r"confirm|approv|human[_-]?in[_-]?the[_-]?loop|interrupt", re.I)
SQL_TEXT = re.compile(r"\b(?:select\s.+\sfrom|insert\s+into|update\s+\w+\s+set|delete\s+from|drop\s+table)\b",
                      re.I | re.S)
TOOL_DECORATORS = {"tool", "mcp.tool", "server.tool", "app.tool", "langchain.tools.tool", "function_tool"}
_JS_SUFFIXES = (".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".jsx", ".tsx")


@dataclass
class ToolDef:
    path: str
    line: int
    name: str
    params: dict[str, Any]
    """Parameter name → its JSON-schema-ish description (``{"type": "string", "enum": …}``)."""
    confirmed: bool = False
    framework: str = ""
    source_nodes: list[ast.AST] = field(default_factory=list)


# -- finding tool definitions ------------------------------------------------------------------

def _schema_props(schema: Any) -> dict[str, Any]:
    if not isinstance(schema, Mapping):
        return {}
    props = schema.get("properties")
    return {str(k): v for k, v in props.items()} if isinstance(props, Mapping) else {}


def _marks_confirmation(obj: Mapping[str, Any]) -> bool:
    for key, value in obj.items():
        if isinstance(key, str) and CONFIRM_WORD.search(key) and value not in (False, None, 0, ""):
            return True
    return False


def tool_from_mapping(obj: Any, path: str, line: int) -> ToolDef | None:
    """An OpenAI / Anthropic / legacy-functions tool object, or None."""
    if not isinstance(obj, Mapping):
        return None
    fn = obj.get("function") if obj.get("type") == "function" else None
    if isinstance(fn, Mapping) and isinstance(fn.get("name"), str):
        schema = fn.get("parameters")
        tool = ToolDef(path, line, fn["name"], _schema_props(schema), framework="OpenAI tool")
        tool.confirmed = _marks_confirmation(obj) or _marks_confirmation(fn)
        return tool
    if isinstance(obj.get("name"), str) and isinstance(obj.get("input_schema") or obj.get("inputSchema"), Mapping):
        schema = obj.get("input_schema") or obj.get("inputSchema")
        tool = ToolDef(path, line, obj["name"], _schema_props(schema), framework="Anthropic/MCP tool")
        tool.confirmed = _marks_confirmation(obj)
        return tool
    if isinstance(obj.get("name"), str) and isinstance(obj.get("parameters"), Mapping) and \
            obj["parameters"].get("type") == "object":
        tool = ToolDef(path, line, obj["name"], _schema_props(obj["parameters"]), framework="function tool")
        tool.confirmed = _marks_confirmation(obj)
        return tool
    return None


def _confirm_collections(mod: PyModule) -> set[str]:
    """Tool names listed in a collection whose name speaks of confirmation (``CONFIRM = {"send_email"}``)."""
    names: set[str] = set()
    for node in ast.walk(mod.tree):
        if isinstance(node, ast.Assign):
            targets = [dotted_name(t) for t in node.targets]
            if any(CONFIRM_WORD.search(t) for t in targets):
                value = mod.value(node.value)
                if isinstance(value, list | tuple | set | frozenset | dict):
                    names.update(str(v) for v in value)
    return names


def _annotation_schema(mod: PyModule, node: ast.expr | None, default: ast.expr | None) -> dict[str, Any]:
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
    if default is not None and isinstance(default, ast.Call):
        for kw in default.keywords:
            if kw.arg in {"pattern", "regex", "enum", "max_length"} and kw.arg != "max_length":
                schema["pattern"] = ast.unparse(kw.value)
    return schema


def _python_tools(mod: PyModule) -> Iterator[ToolDef]:
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
                yield tool
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            decorators = [dotted_name(d) for d in node.decorator_list]
            hit = next((d for d in decorators if d in TOOL_DECORATORS or d.endswith(".tool")), None)
            if hit is None:
                continue
            args = node.args
            defaults: list[ast.expr | None] = [None] * (len(args.args) - len(args.defaults)) + list(args.defaults)
            params = {a.arg: _annotation_schema(mod, a.annotation, d) for a, d in zip(args.args, defaults, strict=True)
                      if a.arg not in {"self", "cls", "ctx", "context", "config", "run_manager"}}
            deco_nodes = [d for d in node.decorator_list if dotted_name(d) == hit]
            deco_text = " ".join(ast.unparse(d) for d in deco_nodes)
            body_text = ast.unparse(node)
            confirmed = (node.name in confirm_names or bool(CONFIRM_WORD.search(deco_text))
                         or any(CONFIRM_WORD.search(p) for p in params)
                         or bool(re.search(r"\b(?:interrupt|ask_human|request_approval|require_approval)\s*\(",
                                           body_text)))
            framework = "MCP tool" if hit.startswith(("mcp.", "server.", "app.")) else "LangChain @tool"
            yield ToolDef(mod.path, node.lineno, node.name, params, confirmed, framework, [node])


_JS_OPENAI = re.compile(r"""["']?type["']?\s*:\s*["']function["']\s*,\s*["']?function["']?\s*:\s*\{""")
_JS_NAME = re.compile(r"""["']?name["']?\s*:\s*["']([\w.-]+)["']""")
_JS_SCHEMA = re.compile(r"""["']?(?:input_schema|inputSchema|parameters)["']?\s*:""")
_JS_MCP = re.compile(r"""\.(?:tool|registerTool)\(\s*["']([\w.-]+)["']""")
_JS_PROP = re.compile(r"""["']?(\w+)["']?\s*:\s*(\{[^{}]*\}|z\.[\w.]+\([^()]*\)(?:\.[\w]+\([^()]*\))*)""")


def _js_block(text: str, start: int, limit: int = 3000) -> str:
    depth, begun = 0, False
    for i in range(start, min(len(text), start + limit)):
        ch = text[i]
        if ch in "{(":
            depth += 1
            begun = True
        elif ch in "})":
            depth -= 1
            if begun and depth <= 0:
                return text[start:i + 1]
    return text[start:start + limit]


def _js_params(block: str) -> dict[str, Any]:
    params: dict[str, Any] = {}
    schema_at = _JS_SCHEMA.search(block)
    region = block[schema_at.end():] if schema_at else block
    for m in _JS_PROP.finditer(region):
        name, spec = m.group(1), m.group(2)
        if name in {"type", "properties", "required", "description", "items", "additionalProperties"}:
            continue
        schema: dict[str, Any] = {"type": "string" if re.search(r"string", spec) else "other"}
        if re.search(r"\benum\b|z\.enum|z\.literal|\bconst\b|\bpattern\b|\.regex\(", spec):
            schema["pattern"] = spec
        params[name] = schema
    return params


def _js_tools(path: str, text: str) -> Iterator[ToolDef]:
    seen: set[int] = set()
    for m in _JS_OPENAI.finditer(text):
        block = _js_block(text, m.end() - 1)
        name = _JS_NAME.search(block)
        if name:
            seen.add(m.start())
            line = text.count("\n", 0, m.start()) + 1
            outer = text[max(0, m.start() - 200):m.start() + len(block)]
            yield ToolDef(path, line, name.group(1), _js_params(block), bool(CONFIRM_WORD.search(outer)),
                          "OpenAI tool")
    for m in re.finditer(r"""["']?(?:input_schema|inputSchema)["']?\s*:""", text):
        before = text[max(0, m.start() - 400):m.start()]
        names = list(_JS_NAME.finditer(before))
        if not names:
            continue
        block = _js_block(text, m.end())
        line = text.count("\n", 0, m.start() - len(before) + names[-1].start()) + 1
        yield ToolDef(path, line, names[-1].group(1), _js_params(block), bool(CONFIRM_WORD.search(before + block)),
                      "Anthropic tool")
    for m in _JS_MCP.finditer(text):
        block = _js_block(text, m.end())
        line = text.count("\n", 0, m.start()) + 1
        yield ToolDef(path, line, m.group(1), _js_params(block), bool(CONFIRM_WORD.search(block)), "MCP tool")


def _json_tools(path: str, text: str) -> Iterator[ToolDef]:
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
                name_at = text.find(f'"{tool.name}"')
                tool.line = text.count("\n", 0, name_at) + 1 if name_at >= 0 else 1
                yield tool
                continue
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


# -- judging -------------------------------------------------------------------------------------

def _constrained(schema: Any) -> bool:
    if not isinstance(schema, Mapping):
        return False
    if any(k in schema for k in ("enum", "const", "pattern", "x-allowlist", "x-allow-list")):
        return True
    if schema.get("type") in {"integer", "number", "boolean", "other"}:
        return True
    return bool(schema.get("format") in {"uuid", "date", "date-time"})


def judge(tool: ToolDef) -> list[Evidence]:
    where = f"{tool.path}:{tool.line}"
    out: list[Evidence] = []
    for param, schema in tool.params.items():
        for kind, pattern in RISKY_PARAMS:
            if pattern.search(param) and not _constrained(schema):
                out.append(Evidence(
                    Status.FAIL,
                    f"{tool.framework} '{tool.name}': free-form {kind} parameter '{param}' (no enum, pattern or "
                    "allow-list) — the model fills it from whatever it read",
                    where, json.dumps(schema, default=str)[:200], f"{META.id}:{tool.name}:{param}:{kind}",
                ))
                break
        if IDENTITY_PARAM.match(param):
            out.append(Evidence(
                Status.WARN,
                f"{tool.framework} '{tool.name}': '{param}' is a model-filled argument — take the user and tenant "
                "from the session instead", where, json.dumps(schema, default=str)[:200],
                f"{META.id}:{tool.name}:{param}:identity",
            ))
    verb = DANGEROUS_VERB.search(tool.name)
    if verb and not tool.confirmed:
        out.append(Evidence(
            Status.FAIL,
            f"{tool.framework} '{tool.name}' ({verb.group(1).lower()}) runs without a confirmation step (no confirm "
            "parameter, approval marker or confirmation list)",
            where, ", ".join(tool.params) or "(no parameters)", f"{META.id}:{tool.name}:no-confirmation",
        ))
    return out


def _sql_fstrings(mod: PyModule) -> Iterator[Evidence]:
    for node in ast.walk(mod.tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        decorated = any(dotted_name(d) in TOOL_DECORATORS or dotted_name(d).endswith(".tool")
                        for d in node.decorator_list)
        if not (decorated or re.search(r"tool", node.name, re.I)):
            continue
        for inner in ast.walk(node):
            if isinstance(inner, ast.JoinedStr) and any(isinstance(v, ast.FormattedValue) for v in inner.values):
                literal = "".join(v.value for v in inner.values if isinstance(v, ast.Constant) and
                                  isinstance(v.value, str))
                if SQL_TEXT.search(literal + " x"):
                    yield Evidence(
                        Status.FAIL,
                        f"SQL built with an f-string inside the tool function '{node.name}' — model-filled "
                        "arguments reach the query (SQL injection by prompt)",
                        f"{mod.path}:{inner.lineno}", mod.excerpt(inner), f"{META.id}:{node.name}:sql-fstring",
                    )


def run(ctx: CheckContext) -> Outcome:
    return covering_unparsed(ctx.repo, _decide(ctx))


def _decide(ctx: CheckContext) -> Outcome:
    tools: list[ToolDef] = []
    evidence: list[Evidence] = []
    for file in ctx.repo.text_files(suffixes=(".py", ".json", *_JS_SUFFIXES)):
        if is_dev_path(file.path) or "node_modules/" in file.path or "/dist/" in f"/{file.path}" \
                or file.path.endswith((".map", "package.json", "package-lock.json", "tsconfig.json")):
            continue
        if file.path.endswith(".py"):
            mod = python_module(ctx.repo, file.path, file.text)
            if mod is None:
                continue
            tools.extend(_python_tools(mod))
            if tools or "tool" in file.text:
                evidence.extend(_sql_fstrings(mod))
        elif file.path.endswith(".json"):
            if '"parameters"' in file.text or "input_schema" in file.text or "inputSchema" in file.text:
                tools.extend(_json_tools(file.path, file.text))
        elif re.search(r"input_schema|inputSchema|parameters|\.tool\(|registerTool", file.text):
            tools.extend(_js_tools(file.path, file.text))
    unique: dict[tuple[str, str], ToolDef] = {}
    for tool in tools:  # the outer OpenAI object comes first; its inner `function` dict is the same tool
        unique.setdefault((tool.path, tool.name), tool)
    for found in unique.values():
        evidence.extend(judge(found))
    if not unique and not evidence:
        return Outcome(Status.SKIP, "no LLM tool definitions found (OpenAI/Anthropic tool objects, @tool, MCP tools)")
    names = ", ".join(sorted({t.name for t in unique.values()}))[:200]
    return Outcome.from_evidence(
        evidence,
        passed=f"{len(unique)} tool definition(s) with narrow schemas and confirmation where needed ({names})",
        failed="LLM tools accept free-form dangerous arguments or act without confirmation",
    )


CHECK = Check(META, run)
