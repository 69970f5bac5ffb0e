"""repo.debug-mode: no debug mode, debugger or stack-trace handler switched on for production."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from launchready.checks.repo._dev_deploy import DEV_NAME, DevSpan, dev_image, dev_spans, shell_dev_spans
from launchready.checks.repo._unread import covering_unread
from launchready.context import CheckContext
from launchready.engines.pysource import (
    PyModule,
    covering_unparsed,
    dotted_name,
    is_dev_path,
    is_true,
    keyword,
    python_module,
)
from launchready.model import Check, CheckMeta, Effort, Evidence, Outcome, Severity, Status, Surface

META = CheckMeta(
    id="repo.debug-mode",
    title="No debug mode in production config",
    surface=Surface.REPO,
    severity=Severity.HIGH,
    criteria="No debug mode / debug toolbar / stack-trace handler enabled in production config.",
    why=(
        "Debug modes print stack traces, settings and local variables to whoever triggers an error; the "
        "Werkzeug debugger even runs arbitrary Python from the browser. A reviewer finds this in minutes."
    ),
    breaks=(
        "An attacker reads file paths, SQL, environment values and library versions from error pages — or "
        "executes code on the server through an interactive debugger."
    ),
    fix=(
        "Drive debug from the environment with a safe default (`DEBUG = os.getenv('DEBUG') == '1'`), never "
        "pass `debug=True` in code that production runs, return generic error bodies from exception "
        "handlers and log the traceback instead, and keep debug toolbars in dev-only settings."
    ),
    references=("CWE-489", "CWE-209", "OWASP API8:2023", "OWASP ASVS 5.0 V13.4.2"),
    checklist=("Debug mode off in production", "Errors return generic bodies; tracebacks go to logs only"),
    effort=Effort.MINUTES,
)

_APP_CONSTRUCTORS = {"FastAPI", "Starlette", "Quart", "Sanic", "Litestar"}
_TRACEBACK_CALLS = {"traceback.format_exc", "traceback.format_exception", "traceback.format_tb",
                    "format_exc", "format_exception", "traceback.format_stack"}
_ERROR_HANDLER_DECORATORS = ("exception_handler", "errorhandler", "app_errorhandler", "register_error_handler")

# Deployment and JS files, read line by line: (pattern, status, message)
_DEPLOY_FILES = re.compile(
    r"(?:^|/)(?:Dockerfile[^/]*|[^/]*\.Dockerfile|Procfile|docker-compose[^/]*\.ya?ml|compose\.ya?ml|fly\.toml|render\.ya?ml|"
    r"app\.ya?ml|vercel\.json|netlify\.toml|\.env\.production|\.env\.prod|railway\.(?:json|toml)|"
    r"[^/]*\.service|supervisord?\.conf|gunicorn[^/]*\.py|start\.sh|entrypoint\.sh|run\.sh)$"
)
_DEPLOY_RULES: tuple[tuple[re.Pattern[str], Status, str], ...] = (
    (re.compile(r"\bFLASK_DEBUG\s*[=:]\s*[\"']?(?:1|true|on|yes)\b", re.I), Status.FAIL,
     "FLASK_DEBUG is on in deployment config: the Werkzeug debugger runs code for any visitor"),
    (re.compile(r"\bFLASK_ENV\s*[=:]\s*[\"']?development\b", re.I), Status.FAIL,
     "FLASK_ENV=development in deployment config turns the debugger on"),
    (re.compile(r"\b(?:DJANGO_)?DEBUG\s*[=:]\s*[\"']?(?:1|true|on|yes)\b", re.I), Status.FAIL,
     "DEBUG is on in deployment config"),
    (re.compile(r"\bNODE_ENV\s*[=: ]\s*[\"']?development\b", re.I), Status.FAIL,
     "NODE_ENV=development in deployment config: Express and Next serve stack traces"),
    (re.compile(r"\bflask\b[^\n]*\brun\b[^\n]*--(?:debug|debugger)\b"), Status.FAIL,
     "`flask run --debug` in deployment config starts the interactive debugger"),
    (re.compile(r"\b(?:uvicorn|hypercorn|gunicorn)\b[^\n]*--reload\b"), Status.WARN,
     "the production server is started with --reload (a development option)"),
)
# What any deployment rule needs on a line: files without it are not parsed for their development parts.
_DEPLOY_RULE_WORDS = re.compile(r"(?i)FLASK_DEBUG|FLASK_ENV|DEBUG|NODE_ENV|--debug|--reload")
_JS_SUFFIXES = (".js", ".mjs", ".cjs", ".ts", ".mts")
_JS_RULES: tuple[tuple[re.Pattern[str], Status, str], ...] = (
    (re.compile(r"\.use\(\s*errorhandler\s*\("), Status.FAIL,
     "Express `errorhandler()` middleware sends stack traces to clients (development only)"),
    (re.compile(r"""\.set\(\s*['"]env['"]\s*,\s*['"]development['"]"""), Status.FAIL,
     "Express app forced into the development environment (stack traces in responses)"),
    (re.compile(r"\bshowStack\s*:\s*true\b"), Status.FAIL, "error handler configured with showStack: true"),
    (re.compile(r"\bproductionBrowserSourceMaps\s*:\s*true\b"), Status.WARN,
     "Next.js publishes source maps in production (your source is readable by anyone)"),
    # Only where the stack goes into an answer (res.json, res.send, Response.json, json(…)); a stack written to
    # the console or a logger stays on the server.
    (re.compile(r"""^(?!\s*(?://|\*|console\.|log(?:ger)?\.))[^\n]*\b(?:(?:res|reply|response|ctx)\s*(?:\.\s*status\([^)]*\)\s*)?"""
                r"""\.\s*(?:send|json|end|write|body)\b|(?:Response|NextResponse)\.json\b|\bjson\s*\(|\bnew\s+Response\s*\("""
                r""")[^\n]*\berr(?:or)?\.stack\b"""), Status.WARN,
     "an error's stack is written into a response"),
)


# An `if` on an environment switch: the environment read itself, or a project helper named for debug/dev mode.
_SWITCH_TEST = re.compile(r"(?i)getenv|environ|debug|\bis_?dev|\bdev_?mode|development|\bin_dev")


def _switched(mod: PyModule) -> dict[int, str]:
    """Every node under a branch of an ``if`` whose test reads an environment switch → that test's source."""
    found: dict[int, str] = {}
    for node in ast.walk(mod.tree):
        if isinstance(node, ast.If) and _SWITCH_TEST.search(test := ast.unparse(node.test)):
            for stmt in (*node.body, *node.orelse):
                for inner in ast.walk(stmt):
                    found.setdefault(id(inner), test)
    return found


# A development mode chosen on the command line: `elif args.mode == "dev":` in a CLI whose `args` come from argparse
# (gpt4free's `g4f dev` turns debug and reload on). Someone starts that mode by hand to develop; the other modes —
# what a deployment runs — leave debug off.
_DEV_MODES = frozenset({"dev", "development", "develop", "debug", "local"})
_PARSE_ARGS = ("parse_args", "parse_known_args", "parse_intermixed_args")


def _parsed_names(mod: PyModule) -> set[str]:
    """Names assigned an argparse result (``args = parser.parse_args()``, ``args, rest = p.parse_known_args()``)."""
    out: set[str] = set()
    for node in ast.walk(mod.tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) \
                and dotted_name(node.value.func).endswith(_PARSE_ARGS):
            for target in node.targets:
                first = target.elts[0] if isinstance(target, ast.Tuple) and target.elts else target
                if isinstance(first, ast.Name):
                    out.add(first.id)
    return out


def _cli_dev_branches(mod: PyModule) -> dict[int, tuple[str, str]]:
    """Every node in the body of an ``if``/``elif`` comparing a parsed command-line argument with a development
    mode's name → (the test's source, the mode)."""
    parsed = _parsed_names(mod)
    found: dict[int, tuple[str, str]] = {}
    if not parsed:
        return found
    for node in ast.walk(mod.tree):
        if not isinstance(node, ast.If):
            continue
        test = node.test
        if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq)):
            continue
        side, mode = test.left, test.comparators[0]
        if isinstance(side, ast.Constant):
            side, mode = mode, side
        root = side
        while isinstance(root, ast.Attribute):
            root = root.value
        if not (isinstance(side, ast.Attribute) and isinstance(root, ast.Name) and root.id in parsed
                and isinstance(mode, ast.Constant) and str(mode.value).lower() in _DEV_MODES):
            continue
        for stmt in node.body:
            for inner in ast.walk(stmt):
                found.setdefault(id(inner), (ast.unparse(test), str(mode.value)))
    return found


def _entry_modules(ctx: CheckContext) -> list[str]:
    """The modules the package's console entry points start (``gptcode = gpt_code_ui.main:main`` in setup.py's
    ``console_scripts``, ``[project.scripts]``/``[tool.poetry.scripts]`` in pyproject.toml), as paths."""
    out: list[str] = []
    for name in ("setup.py", "pyproject.toml", "setup.cfg"):
        text = ctx.repo.read_text(name) or ""
        if re.search(r"console_scripts|\[project\.scripts\]|\[tool\.poetry\.scripts\]|entry_points", text):
            out += [m.group(1).replace(".", "/") + ".py" for m in re.finditer(
                r"""['"]?[\w.-]+['"]?\s*=\s*['"]?([\w.]+):\w+""", text)]
    return out


def _as_script_only(ctx: CheckContext, mod: PyModule, found: list[Evidence]) -> list[Evidence]:
    """A debugger switched on under ``if __name__ == "__main__":`` in a module the package's entry point does not
    start (gpt-code-ui: ``gptcode`` runs ``gpt_code_ui/main.py``, which imports the app and runs it without debug):
    it runs only when someone starts the file by hand — a warning saying so, not a fail."""
    fails = [e for e in found if e.status is Status.FAIL]
    if not fails:
        return found
    entries = _entry_modules(ctx)
    if not entries or any(mod.path.endswith(e) for e in entries):
        return found
    lines = {mod.line(n) for node in mod.tree.body if isinstance(node, ast.If) and _is_main_guard(node.test)
             for stmt in node.body for n in ast.walk(stmt)}
    out = []
    for e in found:
        script = e.status is Status.FAIL and int(e.location.rsplit(":", 1)[1]) in lines
        out.append(Evidence(Status.WARN, f"{e.message} — only when this file is started as a script (`if __name__ == "
                            f"\"__main__\"`); the package's entry point starts {', '.join(entries[:2])}: confirm no "
                            "deployment runs this file directly", e.location, e.detail) if script else e)
    return out


def _is_main_guard(test: ast.expr) -> bool:
    return isinstance(test, ast.Compare) and "__name__" in ast.unparse(test) and "__main__" in ast.unparse(test)


def _python_findings(mod: PyModule, resolve: Callable[[str], PyModule | None] = lambda _: None) -> Iterator[Evidence]:
    switched = _switched(mod)
    cli_dev = _cli_dev_branches(mod)

    def ev(node: ast.AST, status: Status, message: str) -> Evidence:
        if status is not Status.PASS and id(node) in cli_dev:
            test, mode = cli_dev[id(node)]
            return Evidence(Status.PASS, f"{message.replace(' in production settings', '')} only in the `{mode}` "
                            f"command-line mode (`{test}`), which a developer starts by hand; the other modes leave "
                            "it off", f"{mod.path}:{mod.line(node)}", mod.excerpt(node))
        if status is Status.FAIL and id(node) in switched:
            return Evidence(Status.WARN, f"{message} — only when `{switched[id(node)]}` holds (an environment "
                            "switch): confirm production leaves it off", f"{mod.path}:{mod.line(node)}",
                            mod.excerpt(node))
        return Evidence(status, message, f"{mod.path}:{mod.line(node)}", mod.excerpt(node))

    for node in ast.walk(mod.tree):
        if isinstance(node, ast.Call):
            name = dotted_name(node.func)
            short = name.rsplit(".", 1)[-1]
            if short in _APP_CONSTRUCTORS and is_true(keyword(node, "debug")):
                yield ev(node, Status.FAIL, f"{short}(debug=True): tracebacks are served to every client")
            elif short == "run" and is_true(keyword(node, "debug")) and not name.startswith("uvicorn"):
                yield ev(node, Status.FAIL, f"{name}(debug=True) starts the interactive debugger")
            elif short == "run" and name.startswith("uvicorn") and is_true(keyword(node, "reload")):
                yield ev(node, Status.WARN, "uvicorn.run(reload=True) is a development option")
            elif is_true(keyword(node, "use_debugger")) or (
                short == "DebuggedApplication" and not _is_false(keyword(node, "evalex"))
            ):
                yield ev(node, Status.FAIL, "the Werkzeug debugger is enabled: it executes code for any visitor")
            elif name.endswith("config.update") and is_true(keyword(node, "DEBUG")):
                yield ev(node, Status.FAIL, "app.config.update(DEBUG=True)")
            elif name in _TRACEBACK_CALLS and _inside_handler(mod, node):
                formatter = _own_formatter(mod, name, resolve)
                ran = _runs_given_code(mod, node)
                if formatter:
                    yield Evidence(Status.PASS, f"an exception handler answers with {name}(), the project's own "
                                   f"formatter ({formatter}), which calls no traceback function: the response holds "
                                   "the exception's class and message, not a traceback",
                                   f"{mod.path}:{mod.line(node)}", mod.excerpt(node))
                elif ran:
                    yield Evidence(Status.PASS, f"the traceback returned is that of the code the caller handed in "
                                   f"({ran}): a code-execution result reporting the caller's own error, not a server "
                                   "error page", f"{mod.path}:{mod.line(node)}", mod.excerpt(node))
                else:
                    yield ev(node, Status.FAIL, "an exception handler puts the traceback into the response")
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                label = _debug_target(target)
                if label and is_true(node.value):
                    yield ev(node, Status.FAIL, f"{label} = True in production settings")
                elif label and _defaults_to_on(node.value):
                    yield ev(node, Status.WARN, f"{label} defaults to on when its environment variable is unset")
                elif isinstance(target, ast.Name) and target.id == "INSTALLED_APPS":
                    apps = mod.value(node.value)
                    if isinstance(apps, list | tuple) and "debug_toolbar" in apps:
                        yield ev(node, Status.WARN, "django-debug-toolbar is installed in production settings")
                elif (isinstance(target, ast.Name) and target.id == "DEBUG_PROPAGATE_EXCEPTIONS"
                      and is_true(node.value)):
                    yield ev(node, Status.WARN, "DEBUG_PROPAGATE_EXCEPTIONS = True")


def _is_false(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is False


def _debug_target(target: ast.expr) -> str:
    """``DEBUG``, ``app.debug``, ``app.config["DEBUG"]`` → their label; anything else → ``""``."""
    if isinstance(target, ast.Name) and target.id == "DEBUG":
        return "DEBUG"
    if isinstance(target, ast.Attribute) and target.attr == "debug":
        return f"{dotted_name(target)}"
    if isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Constant) and target.slice.value == "DEBUG":
        return f'{dotted_name(target.value)}["DEBUG"]'
    return ""


def _defaults_to_on(value: ast.expr | None) -> bool:
    """``os.getenv("DEBUG", "True")``, ``environ.get("DEBUG", True)``, ``config("DEBUG", default=True)``."""
    for node in ast.walk(value) if value is not None else ():
        reader = dotted_name(node.func).rsplit(".", 1)[-1] if isinstance(node, ast.Call) else ""
        if isinstance(node, ast.Call) and reader in {"getenv", "get", "config", "env", "bool"}:
            default = node.args[1] if len(node.args) > 1 else keyword(node, "default")
            if isinstance(default, ast.Constant) and str(default.value).lower() in {"true", "1", "yes", "on"}:
                return True
    return False


# What builds a traceback in a formatter's body: the traceback module, an exception's frames, exc_info.
_TRACEBACK_SIGNS = re.compile(r"\btraceback\b|__traceback__|\bexc_info\b|\b(?:format|extract|print)_(?:tb|stack|exc)\b|"
                              r"\bprint_exception\b|\bformat_exception\b")


def _own_formatter(mod: PyModule, name: str, resolve: Callable[[str], PyModule | None]) -> str:
    """``path:line`` of the project's own function the bare name ``name`` calls (``format_exception`` defined in
    the module, or imported from a project module) when its body builds no traceback; ``""`` when the name is the
    traceback module's, or its definition is not found or builds one."""
    if "." in name:
        return ""
    home: PyModule | None = mod
    for node in mod.tree.body:
        if isinstance(node, ast.ImportFrom) and any((a.asname or a.name) == name for a in node.names):
            if node.module == "traceback" or node.level:
                return ""  # the traceback module's own, or a relative import not followed here
            home = resolve(node.module or "")
    if home is None:
        return ""
    # names the formatter's module takes from the traceback module (`from traceback import format_tb as tb`)
    taken = {a.asname or a.name for n in ast.walk(home.tree)
             if isinstance(n, ast.ImportFrom) and n.module == "traceback" for a in n.names}
    for func in ast.walk(home.tree):
        if isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef) and func.name == name:
            body = "\n".join(home.lines[func.body[0].lineno - 1:(func.end_lineno or func.lineno)])
            called = {dotted_name(c.func) for c in ast.walk(func) if isinstance(c, ast.Call)}
            return "" if _TRACEBACK_SIGNS.search(body) or called & taken else f"{home.path}:{func.lineno}"
    return ""


_RUNS_CODE = frozenset({"compile", "exec", "eval"})


def _runs_given_code(mod: PyModule, call: ast.Call) -> str:
    """``compile(...) at path:line`` when ``call`` sits in the ``except`` of a ``try`` whose body compiles or runs
    code (a code-execution tool): the traceback is that code's error, returned to whoever sent it."""
    for node in ast.walk(mod.tree):
        if not isinstance(node, ast.Try) or not any(call is n for h in node.handlers for n in ast.walk(h)):
            continue
        for stmt in node.body:
            for inner in ast.walk(stmt):
                if isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name) and inner.func.id in _RUNS_CODE:
                    return f"{inner.func.id}() at {mod.path}:{mod.line(inner)}"
    return ""


def _inside_handler(mod: PyModule, call: ast.Call) -> bool:
    """Is ``call`` inside a function registered as an exception handler, or returned directly?"""
    for func in ast.walk(mod.tree):
        if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if not any(call is n for n in ast.walk(func)):
            continue
        if any(dotted_name(d).endswith(_ERROR_HANDLER_DECORATORS) for d in func.decorator_list):
            return True
        for stmt in ast.walk(func):
            if isinstance(stmt, ast.Return) and stmt.value is not None and any(call is n for n in ast.walk(stmt.value)):
                return True
    return False


def _line_findings(path: str, text: str, rules: tuple[tuple[re.Pattern[str], Status, str], ...]) -> Iterator[Evidence]:
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith(("#", "//")) or len(line) > 2000:
            continue
        for pattern, status, message in rules:
            if pattern.search(line):
                yield Evidence(status, message, f"{path}:{number}", stripped[:160])
                break


_FLASK_DEBUG_MESSAGES = {_DEPLOY_RULES[0][2], _DEPLOY_RULES[1][2]}
_PRODUCTION_SERVER = re.compile(r"\b(?:gunicorn|uvicorn|hypercorn|waitress-serve|daphne|granian|uwsgi)\b")
_DEV_SERVER = re.compile(r"\bflask\b[^\n]*\brun\b|\bwerkzeug\b")


def _setting(message: str) -> str:
    """The setting a deployment-line finding names (`NODE_ENV=development`, `--reload`), without its verdict."""
    if message == _DEPLOY_RULES[-1][2]:
        return "the server's --reload"
    return message.split(" in deployment config", maxsplit=1)[0].split(":", maxsplit=1)[0]


def _in_development(evidence: Iterator[Evidence], spans: list[DevSpan]) -> Iterator[Evidence]:
    """Findings inside the development parts of a compose file pass, each saying which part and why."""
    for e in evidence:
        number = int(e.location.rsplit(":", 1)[1])
        span = next((s for s in spans if s.first <= number <= s.last), None)
        if span is None or e.status is Status.PASS:
            yield e
        else:
            yield Evidence(Status.PASS, f"{_setting(e.message)} only in development: {span.why}", e.location,
                           e.detail)


def _image_command(text: str) -> str:
    """The final ``CMD`` and ``ENTRYPOINT`` of a Dockerfile (continuation lines joined), or ``""``."""
    joined = re.sub(r"\\\s*\n", " ", text)
    last: dict[str, str] = {}
    for m in re.finditer(r"(?im)^\s*(CMD|ENTRYPOINT)\s+(.+)$", joined):
        last[m.group(1).upper()] = m.group(2)
    return " ".join(last.values())


_FROM = re.compile(r"^\s*FROM\s+(?:--\S+\s+)*(?P<image>\S+)(?:\s+AS\s+(?P<name>\S+))?", re.I)
_TARGET = re.compile(r"""(?:\btarget\s*:\s*|--target[= ]\s*)["']?([\w.-]+)""")


@dataclass(frozen=True)
class BuildStage:
    """One ``FROM`` stage of a Dockerfile: its name, what it builds on, and its lines (first..last)."""

    name: str
    base: str
    first: int
    last: int


def build_stages(text: str) -> list[BuildStage]:
    lines = text.splitlines()
    starts = [(n, m) for n, line in enumerate(lines, start=1) if (m := _FROM.match(line))]
    return [BuildStage((m.group("name") or "").lower(), m.group("image").lower(), n,
                       starts[i + 1][0] - 1 if i + 1 < len(starts) else len(lines))
            for i, (n, m) in enumerate(starts)]


def shipped_stages(stages: list[BuildStage], targets: set[str]) -> tuple[list[BuildStage], str]:
    """The stages the deployed image is made of — the one a compose/CI file outside development builds
    (``target: production``), else the last — with every stage it builds ``FROM``; and why that one."""
    chosen = [s for s in stages if s.name and s.name in targets]
    why = "the stage a compose/CI file builds" if chosen else "the last stage"
    keep: list[BuildStage] = []
    for stage in chosen or stages[-1:]:
        current: BuildStage | None = stage
        while current is not None and current not in keep:
            keep.append(current)
            base = current.base
            current = next((s for s in stages if s.name == base and s.first < current.first), None)
    return keep, why


def deploy_targets(ctx: CheckContext) -> set[str]:
    """Build stages named as a target by compose files and CI workflows that are not development ones."""
    found: set[str] = set()
    for file in ctx.repo.text_files(suffixes=(".yml", ".yaml")):
        name = file.path.rsplit("/", 1)[-1]
        if is_dev_path(file.path) or DEV_NAME.search(name.rsplit(".", 1)[0]):
            continue
        if "compose" in name or file.path.startswith(".github/workflows/"):
            found.update(t.lower() for t in _TARGET.findall(file.text))
    return found


def _dockerfile_findings(path: str, text: str, targets: frozenset[str] | set[str] = frozenset()) -> Iterator[Evidence]:
    """FLASK_DEBUG only starts the Werkzeug debugger under the Flask dev server: an image whose command runs
    gunicorn or uvicorn (and not `flask run`) gets a warning, not a failure. In a multi-stage Dockerfile only
    the stages the shipped image is made of are deployment config; a development stage is not."""
    stages = build_stages(text)
    keep, why = shipped_stages(stages, set(targets)) if len(stages) > 1 else (stages, "")
    lines = text.splitlines()
    shipped_text = "\n".join("\n".join(lines[s.first - 1:s.last]) for s in sorted(keep, key=lambda s: s.first))
    command = _image_command(shipped_text if keep else text)
    production = bool(_PRODUCTION_SERVER.search(command)) and not _DEV_SERVER.search(command)
    for e in _line_findings(path, text, _DEPLOY_RULES):
        number = int(e.location.rsplit(":", 1)[1])
        stage = next((s for s in stages if s.first <= number <= s.last), None)
        if len(stages) > 1 and stage is not None and stage not in keep:
            ship = keep[0]
            yield Evidence(Status.PASS, f"{_setting(e.message)} only in build "
                           f"stage `{stage.name or stage.base}`, which the shipped image does not include (it is "
                           f"stage `{ship.name or ship.base}`, {why})", e.location, e.detail)
            continue
        if production and e.message in _FLASK_DEBUG_MESSAGES:
            server = _PRODUCTION_SERVER.search(command)
            setting = "FLASK_DEBUG" if "FLASK_DEBUG" in e.message else "FLASK_ENV=development"
            yield Evidence(Status.WARN, f"{setting} is set in the image, whose command runs "
                           f"{server.group(0) if server else 'a production server'}: no Werkzeug debugger, but "
                           "app.debug follows it (exceptions propagate) — remove it from the image",
                           e.location, e.detail)
        else:
            yield e


def run(ctx: CheckContext) -> Outcome:
    return covering_unread(ctx.repo, covering_unparsed(ctx.repo, _decide(ctx)), _read_by_this_check)


def _read_by_this_check(path: str) -> bool:
    if is_dev_path(path):
        return False
    # Python files are covered by covering_unparsed (every check reading Python names them).
    return bool(_DEPLOY_FILES.search(path)) or (path.endswith(_JS_SUFFIXES) and "/node_modules/" not in f"/{path}")


_ENV_NAME = re.compile(r"""["']([A-Z][A-Z0-9_]{2,})["']""")


def _switch_variable(ctx: CheckContext, test: str) -> str:
    """The environment variable behind a switch: named in the test itself, or in the project helper it calls
    (``in_debug_mode()`` → ``is_env_var_true("KHOJ_DEBUG")``)."""
    m = _ENV_NAME.search(test)
    if m:
        return m.group(1)
    for helper in re.findall(r"(\w+)\s*\(", test):
        for file in ctx.repo.text_files(suffixes=(".py",)):
            d = re.search(rf"^[ \t]*def\s+{re.escape(helper)}\s*\(", file.text, re.M)
            if d:
                m = _ENV_NAME.search("\n".join(file.text[d.start():].splitlines()[:12]))
                if m:
                    return m.group(1)
    return ""


def _turned_off(ctx: CheckContext, variable: str) -> str:
    """Where a deployment config sets ``variable`` off (``KHOJ_DEBUG=False``), as ``path:line``."""
    off = re.compile(rf"\b{re.escape(variable)}\s*[=:]\s*[\"']?(?:false|0|off|no)\b", re.I)
    for file in ctx.repo.text_files():
        if _DEPLOY_FILES.search(file.path) and not is_dev_path(file.path):
            m = off.search(file.text)
            if m:
                return f"{file.path}:{file.text.count(chr(10), 0, m.start()) + 1}"
    return ""


def _named_switches(ctx: CheckContext, evidence: list[Evidence]) -> list[Evidence]:
    """Name the environment variable of each switched debug flag; one a deployment config sets off passes."""
    out: list[Evidence] = []
    for e in evidence:
        m = re.search(r"only when `(.+)` holds \(an environment switch\)", e.message)
        variable = _switch_variable(ctx, m.group(1)) if m else ""
        if not m or not variable:
            out.append(e)
            continue
        where = _turned_off(ctx, variable)
        if where:
            out.append(Evidence(Status.PASS, f"{e.message.split(' — ')[0]} — only when `{m.group(1)}` holds, and the "
                                f"deployment config sets {variable} off ({where})", e.location, e.detail))
        else:
            out.append(Evidence(Status.WARN, e.message.replace("(an environment switch)", f"(environment {variable})"),
                                e.location, e.detail))
    return out


_RELOAD = _DEPLOY_RULES[-1][2]
_ASGI_TARGET = re.compile(r"\b(?:uvicorn|hypercorn|gunicorn)\b[^\n]*?\s['\"]?([\w.]+:[\w]+)\b")
_START_FILES = re.compile(r"(?:^|/)(?:[^/]*\.(?:ya?ml|toml|json|sh|py)|Dockerfile[^/]*|[^/]*\.Dockerfile|Procfile)$")


def _started_without_reload(ctx: CheckContext, target: str, besides: str) -> str:
    """``path:line`` of another tracked file (a platform manifest, a deploy script, a Dockerfile) that starts the
    ASGI app ``target`` (``backend.server.app:app``) without --reload, or ``""``."""
    pattern = re.compile(rf"\b(?:uvicorn|hypercorn|gunicorn)\b[^\n]*{re.escape(target)}")
    for file in ctx.repo.text_files():
        if file.path == besides or is_dev_path(file.path) or not _START_FILES.search(file.path):
            continue
        for m in pattern.finditer(file.text):
            end = file.text.find("\n", m.end())
            line = file.text[file.text.rfind("\n", 0, m.start()) + 1:end if end >= 0 else len(file.text)]
            if "--reload" not in line and "reload=True" not in line:
                return f"{file.path}:{file.text.count(chr(10), 0, m.start()) + 1}"
    return ""


def _reload_in_dev_stack(ctx: CheckContext, path: str, evidence: Iterator[Evidence],
                         spans: list[DevSpan]) -> Iterator[Evidence]:
    """``--reload`` on a service of a compose file whose other services are development ones (a front end built
    from ``Dockerfile.dev`` running ``yarn dev``): the file is the developers' stack more likely than a deployment —
    a warning naming why, and where the same app is started without --reload, never a fail."""
    for e in evidence:
        if e.message != _RELOAD or e.status is not Status.WARN or not spans:
            yield e
            continue
        target = _ASGI_TARGET.search(e.detail)
        elsewhere = _started_without_reload(ctx, target.group(1), path) if target else ""
        yield Evidence(Status.WARN, "the server is started with --reload (a development option) in a compose file "
                       f"whose stack is a development one ({spans[0].why})"
                       + (f"; {target.group(1) if target else 'the app'} is started without --reload in {elsewhere}"
                          if elsewhere else "")
                       + " — confirm no deployment runs this compose file, or drop --reload", e.location, e.detail)


def _project_module(ctx: CheckContext, dotted: str) -> PyModule | None:
    """The project's module ``dotted`` names (``g4f.api`` → ``g4f/api.py`` or ``g4f/api/__init__.py``, also under
    ``src/``), parsed; ``None`` when it is not in the repository."""
    base = dotted.replace(".", "/")
    for path in (f"{base}.py", f"{base}/__init__.py", f"src/{base}.py", f"src/{base}/__init__.py"):
        text = ctx.repo.read_text(path) if base else None
        if text is not None:
            return python_module(ctx.repo, path, text)
    return None


def _decide(ctx: CheckContext) -> Outcome:
    evidence: list[Evidence] = []
    targets: set[str] | None = None
    for file in ctx.repo.text_files():
        if is_dev_path(file.path):
            continue
        if file.path.endswith(".py"):
            mod = python_module(ctx.repo, file.path, file.text)
            if mod is not None:
                found_py = list(_python_findings(mod, lambda dotted: _project_module(ctx, dotted)))
                evidence.extend(_as_script_only(ctx, mod, found_py))
        if re.search(r"(?:^|/)(?:Dockerfile[^/]*|[^/]*\.Dockerfile)$", file.path):
            if targets is None:
                targets = deploy_targets(ctx)
            found = _dockerfile_findings(file.path, file.text, targets)
            why = dev_image(ctx.repo, file.path) if _DEPLOY_RULE_WORDS.search(file.text) else ""
            evidence.extend(_in_development(found, [DevSpan(1, file.text.count("\n") + 1, why)] if why else []))
        elif _DEPLOY_FILES.search(file.path):
            found = _line_findings(file.path, file.text, _DEPLOY_RULES)
            name = file.path.rsplit("/", 1)[-1]
            spans = [] if not _DEPLOY_RULE_WORDS.search(file.text) else dev_spans(file.text) if "compose" in name \
                else shell_dev_spans(file.text) if name.endswith(".sh") else []
            judged = _in_development(found, spans)
            evidence.extend(_reload_in_dev_stack(ctx, file.path, judged, spans) if "compose" in name else judged)
        elif file.path.endswith(_JS_SUFFIXES) and "/node_modules/" not in f"/{file.path}":
            evidence.extend(_line_findings(file.path, file.text, _JS_RULES))
    evidence = _named_switches(ctx, evidence)
    fails = sum(e.status is Status.FAIL for e in evidence)
    return Outcome.from_evidence(
        evidence,
        passed="no debug mode, debugger or traceback handler in production code and config",
        failed=f"debug features on in production: {fails} place(s)" if fails else "debug-adjacent settings to review",
    )


CHECK = Check(META, run)
