"""repo.tool-safety: LLM tools have narrow schemas, safe implementations, honest descriptions, and
dangerous tools need confirmation.

Tool definitions and what their code does with the model's arguments come from
:mod:`launchready.engines.tool_discovery` (LangChain, LlamaIndex, OpenAI Agents SDK, MCP in Python and
TS, Vercel AI SDK, OpenAI / Anthropic tool objects). Each tool is judged on: its schema (a free-form URL,
SQL, shell, code or path parameter: no ``enum`` / ``const`` / ``pattern`` / ``Literal`` / allow-list);
its implementation (a model-chosen value reaching a shell, ``eval``/``exec``, SQL built by string
formatting, a URL fetch or a file path — a fail, with the parameter and the sink's line); a
model-chosen identity parameter (``user_id``: cross-account access — a fail when it reaches a query,
else a warn); a destructive or outbound verb without confirmation (read-only tools — ``get_``,
``check_``, ``list_``, ``search_``… — need none); and hidden instructions in its description (tags such
as ``<IMPORTANT>``, zero-width characters, "do not tell the user"), also when the code rewrites the
description later (a rug pull). Every finding names the framework, the tool, the flaw and the parameter.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any

from launchready.checks.repo._dev_scripts import dev_scripts
from launchready.context import CheckContext
from launchready.engines.pysource import PyModule, covering_unparsed, dotted_name
from launchready.engines.routes import source_files
from launchready.engines.tool_discovery import (
    HIDDEN_PHRASE,
    HIDDEN_TAG,
    SQL_TEXT,
    ZERO_WIDTH,
    Flaw,
    ToolDef,
    discover_tools,
    tool_modules,
)
from launchready.model import Check, CheckMeta, Effort, Evidence, Outcome, Severity, Status, Surface
from launchready.targets.repo import RepoSnapshot

META = CheckMeta(
    id="repo.tool-safety",
    title="LLM tools have narrow schemas and confirmation",
    surface=Surface.REPO,
    severity=Severity.HIGH,
    criteria=(
        "LLM tool definitions (OpenAI/Anthropic tool JSON, LangChain `@tool` / `Tool(...)` / `StructuredTool`, "
        "LlamaIndex `FunctionTool`, MCP tools, Vercel AI SDK `tool({...})`) have narrow schemas: no free-form URL, "
        "SQL, shell, code or path parameter without an allow-list (enum, pattern); no model-chosen value reaches a "
        "shell, `eval`/`exec`, SQL built by string formatting, a URL fetch or a file path; destructive or outbound "
        "tools (delete, refund, export, send email) require confirmation (read-only tools need none); user and "
        "tenant ids are not model-filled arguments; tool descriptions carry no hidden instructions."
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
    references=("OWASP LLM06:2025", "OWASP LLM01:2025", "CWE-918", "CWE-89", "CWE-78", "CWE-94", "CWE-95",
                "CWE-22",
                "CWE-862"),
    checklist=("Tools that send, export or delete need a human confirmation",),
    effort=Effort.HOURS,
)

RISKY_PARAMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("URL", re.compile(r"(?:^|_)(?:url|uri|link|href|endpoint|webhook|website|site)s?(?:$|_)|[a-z](?:Url|Uri)$",
                       re.I)),
    ("SQL", re.compile(r"(?:^|_)(?:sql|where|statement|table|tables|column|columns)(?:$|_)", re.I)),
    ("shell", re.compile(r"(?:^|_)(?:cmd|command|commands|shell|bash)(?:$|_)", re.I)),
    # `code` alone or a language's code (`source_code`, `python_code`); `postal_code`, `country_code`, `status_code`
    # are not code to run.
    ("code", re.compile(r"(?:^|_)(?:python|script|javascript|js)(?:$|_)|^code(?:$|_)|"
                        r"(?:^|_)(?:source|python|py|js|javascript|typescript|ts|shell|bash|sql|program|script|raw)"
                        r"_code(?:$|_)", re.I)),
    ("path", re.compile(r"(?:^|_)(?:path|paths|filename|filepath|dir|directory|folder)(?:$|_)|[a-z](?:Path)$",
                        re.I)),
)
DANGEROUS_VERB = re.compile(
    r"(?:^|_|-|\b)(delete|remove|destroy|purge|drop|truncate|refund|export|send|email|mail|transfer|wire|pay|"
    r"charge|execute|exec|run_sql|post|publish|invite|grant|revoke|cancel)(?:$|_|-|\b|(?-i:[A-Z]))",
    re.I,  # the camelCase boundary stays upper-case only: `postgres_get_schema` holds no `post`
)
READ_ONLY = re.compile(
    r"^(?:get|read|check|list|search|find|lookup|look_up|view|show|fetch|query|count|describe|analy[sz]e|calculate|"
    r"validate|verify|preview|summari[sz]e|explain|inspect|browse|retrieve|load|is|has)(?:_|-|[A-Z0-9]|$)", re.I)
# Whom a send tool sends to: without such a parameter it answers in the conversation it was called from.
RECIPIENT_PARAM = re.compile(
    r"(?:^|_)(?:to|cc|bcc|recipients?|emails?|address(?:es)?|phone|phones|number|channel|chat|user|users|customer|"
    r"contact|contacts|target|destination|dest|webhook|url|account|username|handle|member|group|room|thread|"
    r"subscriber)(?:_?ids?)?$|[a-z](?:To|Recipients?|Email|Phone|Channel|ChatId|UserId|Address|Url)$", re.I)
IDENTITY_PARAM = re.compile(r"^(?:user|tenant|account|org|organization|workspace|owner|customer)_?id$", re.I)
_FLAW_TEXT = {
    "shell": ("runs a shell command built from the model-chosen argument", "CWE-78"),
    "process": ("runs a program with a model-chosen argument", "CWE-78"),
    "run-file": ("runs a file the model-chosen argument was written to (arbitrary code execution)", "CWE-94"),
    "eval": ("evaluates the model-chosen argument as code (eval/exec)", "CWE-95"),
    "sql": ("builds SQL by string formatting from the model-chosen argument (SQL injection by prompt)", "CWE-89"),
    "sql-raw": ("runs SQL the model wrote", "CWE-89"),
    "fetch": ("fetches a model-chosen URL with no allow-list (SSRF)", "CWE-918"),
    "path": ("opens a model-chosen file path with no allow-list (path traversal)", "CWE-22"),
}


def _constrained(schema: Any) -> bool:
    if not isinstance(schema, Mapping):
        return False
    if any(k in schema for k in ("enum", "const", "pattern", "x-allowlist", "x-allow-list")):
        return True
    if schema.get("type") in {"integer", "number", "boolean", "other"}:
        return True
    return bool(schema.get("format") in {"uuid", "date", "date-time"})


def _not_text(schema: Any) -> bool:
    """A parameter no string can be given to (an integer, an object, an array of ``{x, y}`` points): it cannot
    be a file path or a URL, whatever it is called. An untyped parameter may be text."""
    if not isinstance(schema, Mapping):
        return False
    kind = schema.get("type")
    if kind in {"integer", "number", "boolean", "object", "null"}:
        return True
    return kind == "array" and _not_text(schema.get("items"))


def _flaw_evidence(tool: ToolDef, flaw: Flaw) -> Evidence:
    text, cwe = _FLAW_TEXT[flaw.kind]
    param = f" '{flaw.param}'" if flaw.param else ""
    if not flaw.sure:
        text = {"shell": "runs a shell command (shell=True / os.system)",
                "eval": "calls eval/exec"}.get(flaw.kind, text) + " — the value's origin in a model argument is not " \
            "shown; confirm it cannot come from the model"
    where = f" at {flaw.location}" if flaw.location != tool.where else ""
    return Evidence(
        Status.FAIL if flaw.sure else Status.WARN,
        f"{tool.framework} '{tool.name}': {text}{' — parameter' + param if param else ''}{where} [{cwe}]",
        tool.where, flaw.excerpt, f"{META.id}:{tool.name}:{flaw.kind}:{flaw.param}",
    )


def _hidden_instructions(tool: ToolDef) -> Iterator[Evidence]:
    texts = [(tool.where, tool.description, "description"), *((loc, text, "description set later in the code")
                                                            for loc, text in tool.extra_descriptions)]
    for location, text, what in texts:
        if not text:
            continue
        found = [m.group(0) for m in (HIDDEN_TAG.search(text), HIDDEN_PHRASE.search(text)) if m]
        if ZERO_WIDTH.search(text):
            found.append("zero-width characters")
        if found:
            excerpt = ZERO_WIDTH.sub("␣", " ".join(text.split()))[:200]
            yield Evidence(
                Status.FAIL,
                f"{tool.framework} '{tool.name}': hidden instructions in the tool's {what} "
                f"({', '.join(repr(f) if f != 'zero-width characters' else f for f in found)}) — the model obeys "
                "them and the user never sees them (tool poisoning)",
                location, excerpt, f"{META.id}:{tool.name}:hidden-instructions:{location}",
            )


_APPROVAL_GATE = re.compile(r"\b(?:require[sd]?_approval|needs_approval|needsApproval|approval_required|"
                            r"requireApproval|human_in_the_loop|interrupt_before|requires_confirmation)\b")


def approval_gate(repo: RepoSnapshot) -> str:
    """``path:line`` of a project-wide approval switch the tool dispatcher consults, or ``""``."""
    for path, text in source_files(repo):
        m = _APPROVAL_GATE.search(text)
        if m and re.search(r"(?i)tool", path + text[max(0, m.start() - 400) : m.end() + 400]):
            return f"{path}:{text.count(chr(10), 0, m.start()) + 1}"
    return ""


def judge(tool: ToolDef, gate: str = "") -> list[Evidence]:
    where = tool.where
    out: list[Evidence] = []
    flawed_params = {f.param for f in tool.flaws if f.sure}
    for flaw in tool.flaws:
        out.append(_flaw_evidence(tool, flaw))
    for param, schema in tool.params.items():
        if param in flawed_params:
            continue
        for kind, pattern in RISKY_PARAMS:
            if tool.implemented and kind in {"URL", "path"}:
                continue  # its code was read: a fetch or a file open of the argument is a flaw above; a name is not
            if kind in {"URL", "path"} and _not_text(schema):
                continue
            if pattern.search(param) and not _constrained(schema) and param in tool.sandboxed \
                    and kind in {"code", "shell"}:
                out.append(Evidence(
                    Status.PASS,
                    f"{tool.framework} '{tool.name}': free-form {kind} parameter '{param}' runs in a remote "
                    f"{tool.sandboxed[param]} — on the sandbox's machine, not the server's",
                    where, json.dumps(schema, default=str)[:200], f"{META.id}:{tool.name}:{param}:sandboxed",
                ))
                break
            if kind == "URL" and pattern.search(param) and not _constrained(schema) and param in tool.url_checked:
                redirects, chain = tool.url_checked[param]
                out.append(Evidence(
                    Status.PASS if redirects else Status.WARN,
                    f"{tool.framework} '{tool.name}': free-form URL parameter '{param}' is checked before it is "
                    f"fetched ({chain}: refuses non-public addresses by ipaddress)"
                    + ("; redirects are turned off and each hop is checked again" if redirects else
                       " — but redirects are not shown re-checked: a public URL that redirects to an internal one "
                       "may pass; confirm each hop is validated"),
                    where, json.dumps(schema, default=str)[:200], f"{META.id}:{tool.name}:{param}:url-checked",
                ))
                break
            if pattern.search(param) and not _constrained(schema):
                # A name alone is not proof of a dangerous use (a "path" may be a database key): a warning
                # that says what would settle it; a flaw traced through the tool's code fails above.
                out.append(Evidence(
                    Status.WARN,
                    f"{tool.framework} '{tool.name}': free-form {kind} parameter '{param}' (no enum, pattern or "
                    "allow-list) — the model fills it from whatever it read"
                    + ("; no dangerous use of it was seen in its code — confirm where it goes"
                       if tool.implemented else "; its code was not traced — confirm where it goes"),
                    where, json.dumps(schema, default=str)[:200], f"{META.id}:{tool.name}:{param}:{kind}",
                ))
                break
    for param, schema in tool.params.items():
        if IDENTITY_PARAM.match(param):
            reaches = any(f.param == param and f.kind in {"sql", "sql-raw", "path", "fetch"} for f in tool.flaws)
            out.append(Evidence(
                Status.FAIL if reaches else Status.WARN,
                f"{tool.framework} '{tool.name}': model-chosen identity parameter '{param}' "
                + ("reaches a query — any user's data is one prompt away (cross-account access)" if reaches
                   else "— take the user and tenant from the session instead (cross-account access)"),
                where, json.dumps(schema, default=str)[:200], f"{META.id}:{tool.name}:{param}:identity",
            ))
    verb = DANGEROUS_VERB.search(tool.name)
    if verb and verb.group(1).lower() == "send" and tool.params and not any(map(RECIPIENT_PARAM.search, tool.params)):
        out.append(Evidence(
            Status.PASS,
            f"{tool.framework} '{tool.name}' (send) takes no recipient ({', '.join(tool.params)}): it answers in the "
            "conversation it was called from, which needs no confirmation",
            where, ", ".join(tool.params), f"{META.id}:{tool.name}:reply-only",
        ))
    elif verb and not tool.confirmed and not READ_ONLY.search(tool.name):
        out.append(Evidence(
            Status.WARN if gate else Status.FAIL,
            f"{tool.framework} '{tool.name}' ({verb.group(1).lower()}) runs without a confirmation step (no confirm "
            "parameter, approval marker or confirmation list)"
            + (f" — the project has an approval switch ({gate}): confirm it is on for this tool" if gate else ""),
            where, ", ".join(tool.params) or "(no parameters)", f"{META.id}:{tool.name}:no-confirmation",
        ))
    out.extend(_hidden_instructions(tool))
    if tool.unsure:  # not sure a model calls it: nothing it shows is a confident fail, and a guess from a
        # parameter's name alone (a warn) on top of that guess is dropped
        out = [replace(e, status=Status.WARN, message=f"{e.message} — {tool.unsure}") if e.status is Status.FAIL
               else e for e in out if e.status is not Status.WARN]
    return out


def _sql_fstrings(mod: PyModule, defined: set[tuple[str, int]]) -> Iterator[Evidence]:
    """SQL built with an f-string in a tool *dispatcher* (``def run_tool(name, args)``), which no definition
    names as a tool but which receives every model-filled argument."""
    for node in ast.walk(mod.tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) or (mod.path, node.lineno) in defined:
            continue
        if not re.search(r"tool", node.name, re.I) or any(dotted_name(d).endswith("tool") for d in node.decorator_list):
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
    found = discover_tools(ctx.repo)
    scripts = dev_scripts(ctx.repo, {t.path for t in found})
    tools = [t for t in found if t.path not in scripts]  # a developer's probe script: no model of the product
    aside = (f"; not judged: {len(found) - len(tools)} tool(s) in developer scripts no product file imports "
             f"({', '.join(sorted(scripts))[:160]})") if scripts else ""
    gate = approval_gate(ctx.repo) if tools else ""
    evidence: list[Evidence] = []
    for tool in tools:
        evidence.extend(judge(tool, gate))
    defined = {(t.path, t.line) for t in tools}
    for mod in tool_modules(ctx.repo):
        if "tool" in "\n".join(mod.lines):
            evidence.extend(_sql_fstrings(mod, defined))
    if not tools and not evidence:
        return Outcome(Status.SKIP, "no LLM tool definitions found (OpenAI/Anthropic tool objects, LangChain, "
                       "LlamaIndex, MCP, Vercel AI SDK tools)" + aside)
    names = ", ".join(sorted({t.name for t in tools}))[:200]
    return Outcome.from_evidence(
        evidence,
        passed=f"{len(tools)} tool definition(s) with narrow schemas, safe implementations and confirmation where "
               f"needed ({names})" + aside,
        failed="LLM tools let the model reach dangerous operations or carry hidden instructions",
    )


CHECK = Check(META, run)
