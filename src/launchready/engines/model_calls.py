"""Which route handlers call a language model, directly or through the project's own functions.

A chat route is found by what its handler does, not only by its path: Quart's ``POST /conversation`` that reaches
Azure OpenAI through ``conversation_internal → send_chat_request``, Verba's ``/ws/generate_stream`` streaming the
configured generator. A model call is a *client* call of a model provider or framework — an SDK constructor or
completion call (OpenAI, Azure OpenAI, Anthropic, the AI SDK's ``streamText``, LangChain chat models and
``.invoke``, LlamaIndex engines, Ollama, Gemini, Cohere, Bedrock…) or a request to a completion endpoint
(``…/chat/completions``, ``/v1/messages``) sent to a model — not a path on the project's own API client, nor a URL
only looked up, compared or logged (:mod:`launchready.engines.model_endpoints`). Minting a Realtime session or
ephemeral key (``/v1/realtime/sessions``, ``client_secrets``) is one too: the browser then talks to the model on the
operator's key and quota. A provider's host alone is not: ``api.openai.com/dashboard/billing`` is an account query,
and an SDK client built only to list models (``client.models.list()``) asks for no completion.
Words alone (``model``, ``generate``) are not, so a route that only
stores a preference or lists models is no chat route.

A function the handler calls that only registers an event listener (``bot.on("message", …)``, connecting a
Telegram bot) makes no model call itself: the listener's body is left out below the handler's own function.

The project's functions are found by name (Python ``def``, JavaScript ``function``/arrow/class method) and
followed up to :data:`DEPTH` calls deep, through names that say what they do (or that the handler's module
imports or defines). A name with more than two definitions — a dispatch over generator classes — counts as a
model call when a third of them (two at least) make one, and is not followed further: which one runs is not known.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from launchready.engines.model_endpoints import endpoint_request
from launchready.engines.routes import balanced

DEPTH = 3

MODEL_CLIENT = re.compile(
    r"\b(?:Async)?(?:Azure)?OpenAI\s*\(|\bopenai\.(?:ChatCompletion|Completion|chat|completions|responses)\b"
    r"|\.completions\.(?:with_(?:raw|streaming)_response\.)?create\b|\.responses\.(?:create|stream|parse)\b"
    r"|\.bind_tools\s*\(|\.runs\.(?:stream|create|wait)\s*\(|\bcreate(?:Chat|Completion)Message\s*\("
    r"|\b(?:Async)?Anthropic(?:Bedrock|Vertex)?\s*\(|\.messages\.(?:create|stream)\s*\("
    r"|\b(?:streamText|generateText|streamObject|generateObject|streamUI)\s*\("
    r"|\b\w*Chat(?:OpenAI|Anthropic|Ollama|VertexAI|GoogleGenerativeAI|Mistral(?:AI)?|Groq|Cohere|Bedrock\w*"
    r"|Fireworks|Together|DeepSeek|XAI)\b"
    r"|\b(?:llm|chat_model|chain|agent_executor|rag_chain|qa_chain)\s*\.\s*(?:a?invoke|a?stream|astream_events"
    r"|a?batch|a?predict|a?run|a?call)\s*\("
    r"|\b(?:self\.)?_?(?:\w+_)?(?:llm|model)(?:_\w+)?\s*\.\s*(?:a?predict|a?complete|a?chat|a?stream_(?:chat|complete)|a?invoke|generate)\s*\("
    r"|\b(?:chat_engine|query_engine)\s*\.\s*a?(?:s?chat|query|stream_chat)\s*\(|\.as_(?:chat|query)_engine\s*\("
    r"|\bollama\.(?:chat|generate|AsyncClient|Client)\b|\bgenai\.(?:GenerativeModel|Client)\b"
    r"|\bGoogleGenerativeAI\s*\(|\bcohere\.(?:Client|AsyncClient|ClientV2)\s*\(|\bbedrock-runtime\b"
    r"|\binvoke_model(?:_with_response_stream)?\s*\(|\bconverse(?:_stream)?\s*\(|\.generate_content(?:_async)?\s*\("
    r"|/chat/completions\b(?!/[\w${])|/v1/completions\b(?!/[\w${])|/v1/messages\b(?!/(?!batches\b)[\w${])"
    r"|:generateContent\b|:streamGenerateContent\b"
    r"|/v1/realtime/(?:sessions|client_secrets|transcription_sessions)\b"
    r"|\.realtime\.(?:sessions|client_secrets|transcription_sessions)\.create\s*\(")

# A client built only to list or describe models or account resources (``client.models.list()``, ``GET …/v1/models``,
# ``openai.beta.assistants.list()``, a LlamaIndex LLM's ``.metadata``) asks for no completion: the constructor alone
# is then no model call.
_CONSTRUCTOR = re.compile(r"(?:Async)?(?:Azure)?OpenAI\s*\(|(?:Async)?Anthropic\w*\s*\(|cohere\.\w+\s*\("
                          r"|GoogleGenerativeAI\s*\(|genai\.(?:GenerativeModel|Client)|ollama\.(?:AsyncClient|Client)")
_LISTS_MODELS = re.compile(r"\.(?:models|assistants|files|vector_stores|batches|jobs)\s*\.\s*(?:list|retrieve)\s*\("
                           r"|/v1/models\b|\blist_?[Mm]odels\s*\("
                           # a LlamaIndex LLM built to read what it is (``OpenAI(model=m).metadata.context_window``)
                           r"|\.metadata\s*\.\s*(?:is_function_calling_model|is_chat_model|context_window|num_output"
                           r"|model_name)\b")


Finder = Callable[[str], "re.Match[str] | None"]  # what a walk looks for in a function's text


def client_call(text: str) -> re.Match[str] | None:
    """The first model call in ``text``, skipping SDK constructors in a text that uses its client only to list
    models, and endpoint paths sent to no model (:func:`~launchready.engines.model_endpoints.endpoint_request`)."""
    found = [m for m in MODEL_CLIENT.finditer(text) if m.group(0)[0] not in "/:" or endpoint_request(text, m.start())]
    if not found:
        return None
    if _LISTS_MODELS.search(text) and all(_CONSTRUCTOR.fullmatch(m.group(0)) for m in found):
        return None
    return found[0]


_PY_DEF = re.compile(r"^(?P<indent>[ \t]*)(?:async\s+)?def\s+(?P<name>\w+)\s*\(", re.M)
_JS_DEF = re.compile(
    r"(?:^|[\s;])(?:export\s+)?(?:default\s+)?(?:async\s+)?function\s*\*?\s*(?P<a>[A-Za-z_$][\w$]*)\s*\("
    r"|(?:const|let|var)\s+(?P<b>[A-Za-z_$][\w$]*)\s*=\s*(?:async\s*)?(?:\([^)]*\)|[A-Za-z_$][\w$]*)\s*=>"
    r"|^[ \t]+(?:(?:public|private|protected|static|async|override)\s+)*\*?(?P<c>[A-Za-z_$][\w$]*)\s*\([^)\n]*\)"
    r"\s*(?::\s*[^{\n]+)?\{", re.M)
_CALLED = re.compile(r"(?<![\w$])(?P<owner>(?:[A-Za-z_$][\w$]*\s*\.\s*)*)(?P<name>[A-Za-z_$][\w$]*)\s*\(")
# ``chat_flow = ChatFlow(...)``, ``const engine = new ChatEngine(...)``: a local name bound to a project class.
_INSTANCE = re.compile(r"(?<![\w$.])(?:self\.|this\.)?(?P<var>[A-Za-z_$][\w$]*)[ \t]*(?::[ \t]*[\w\[\]., ]+)?=[ \t]*"
                       r"(?:await[ \t]+)?(?:new[ \t]+)?(?P<cls>[A-Z][\w$]*)[ \t]*\(")
_NOT_FUNCTIONS = frozenset({"if", "for", "while", "switch", "catch", "return", "function", "await", "async", "print",
                            "len", "str", "int", "dict", "list", "set", "isinstance", "super", "range", "get",
                            "json", "append", "format", "join", "split", "items", "keys", "values", "log", "info",
                            "warn", "warning", "error", "debug", "send", "then", "map", "filter", "push"})
# What a walk reads as a call and which names it never follows, for checks that ask what a walk left unfollowed.
CALLED, NOT_FUNCTIONS = _CALLED, _NOT_FUNCTIONS


@dataclass(frozen=True)
class ModelCall:
    chain: tuple[str, ...]  # the project functions through which it is reached, handler first ((), direct)
    evidence: str  # the client call or endpoint seen

    def describe(self) -> str:
        via = " → ".join(self.chain)
        return f"{via} → {self.evidence}" if via else self.evidence


_PY_CLASS = re.compile(r"^(?P<indent>[ \t]*)class\s+(?P<name>\w+)\b", re.M)
_JS_CLASS = re.compile(r"(?:^|[\s;])(?:export\s+)?(?:default\s+)?(?:abstract\s+)?class\s+(?P<name>[A-Za-z_$][\w$]*)"
                       r"[^{;]*\{")


_PY_PROSE = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|^[ \t]*#[^\n]*', re.M)


def _without_prose(body: str) -> str:
    """A Python function's text without its docstrings and whole-line comments (their newlines kept): letta's
    docstring "- Anthropic (claude 3.7 / 4): toggle honored" is no client constructor."""
    return _PY_PROSE.sub(lambda m: "\n" * m.group(0).count("\n"), body)


def _python_bodies(text: str) -> Iterable[tuple[str, str]]:
    """Each ``def``'s name and text; a method also as ``Class.method`` (its class's own name)."""
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    classes = [(text.count("\n", 0, m.start()), len(m.group("indent").expandtabs()), m.group("name"))
               for m in _PY_CLASS.finditer(text)]
    for m in _PY_DEF.finditer(text):
        indent = len(m.group("indent").expandtabs())
        first = text.count("\n", 0, m.start())
        end = len(lines)
        for i in range(first + 1, len(lines)):
            stripped = lines[i].strip()
            if stripped and not stripped.startswith("#") and len(lines[i]) - len(lines[i].lstrip()) <= indent \
                    and not stripped.startswith((")", "]", "}")):
                end = i
                break
        body = _without_prose(text[m.start():starts[end]])
        yield m.group("name"), body
        owner = _python_owner(lines, classes, first, indent)
        if owner:
            yield f"{owner}.{m.group('name')}", body


def _python_owner(lines: list[str], classes: list[tuple[int, int, str]], first: int, indent: int) -> str:
    """The class a ``def`` at line index ``first`` is a method of: the nearest class above it, one level out,
    with no other statement at that class's level or shallower in between."""
    for line_no, class_indent, name in reversed(classes):
        if line_no >= first:
            continue
        if class_indent >= indent:
            return ""
        between = lines[line_no + 1:first]
        if any(ln.strip() and not ln.strip().startswith("#") and len(ln) - len(ln.lstrip()) <= class_indent
               and not ln.strip().startswith((")", "]", "}", "@")) for ln in between):
            return ""
        return name
    return ""


def _js_bodies(text: str) -> Iterable[tuple[str, str]]:
    """Each function's name and text; a class method also as ``Class.method``."""
    classes = []
    for c in _JS_CLASS.finditer(text):
        brace = c.end() - 1
        classes.append((brace, brace + len(balanced(text, brace, limit=200000)), c.group("name")))
    for m in _JS_DEF.finditer(text):
        name = m.group("a") or m.group("b") or m.group("c")
        if not name or name in _NOT_FUNCTIONS:
            continue
        after = m.end() - 1
        if m.group("a"):  # past the parameters: `function chatSync({ workspace, message })` opens no body there
            after += len(balanced(text, after, limit=4000))
        brace = text.find("{", after)
        if brace == -1 or brace - after > 400:
            continue
        body = text[m.start():brace] + balanced(text, brace, limit=20000)
        yield name, body
        if m.group("c"):
            owner = next((n for start, end, n in reversed(classes) if start < m.start() < end), "")
            if owner:
                yield f"{owner}.{name}", body


def function_bodies(files: Sequence[tuple[str, str]]) -> dict[str, list[str]]:
    """The project's functions by name (methods by their own name, and again as ``Class.method``): Python and
    JavaScript/TypeScript."""
    index: dict[str, list[str]] = {}
    for path, text in files:
        bodies = _python_bodies(text) if path.endswith(".py") else _js_bodies(text)
        for name, body in bodies:
            index.setdefault(name, []).append(body)
    return index


_IMPORTED = re.compile(r"^\s*import\s*\{(?P<a>[^}]*)\}|^\s*(?:const|let|var)\s*\{(?P<b>[^}]*)\}\s*=\s*require\b"
                       r"|^\s*from\s+[\w.]+\s+import\s+\(?(?P<c>[^)\n]*)|^\s*import\s+(?P<d>[A-Za-z_$][\w$]*)\s+from\b"
                       r"|^\s*(?:export\s+)?(?:async\s+)?(?:def|function)\s+(?P<e>\w+)", re.M)


def file_names(text: str) -> frozenset[str]:
    """Names a module imports or defines itself: a handler's bare call to one of them is the project's function."""
    names: set[str] = set()
    for m in _IMPORTED.finditer(text):
        group = next(g for g in m.groups() if g is not None)
        names.update(part.split(" as ")[-1].split(":")[-1].strip() for part in group.split(","))
    return frozenset(n for n in names if n)


def model_call(body: str, calls: Sequence[str], index: dict[str, list[str]], own: str = "",
               local: frozenset[str] = frozenset(), source: str = "", find: Finder = client_call) -> ModelCall | None:
    """The model call a handler makes (its own ``body`` and called names ``calls``), directly or through the
    project's functions, or ``None`` when none is seen. ``local``: the names the handler's module imports or
    defines — a one-word name (``answer``) is followed only from there. A method called on an instance of a
    project class (``chat_flow = ChatFlow(...)`` then ``chat_flow.chat()``) is followed into that class's
    method, and from there ``self.x()`` / ``this.x()`` into the same class; ``source``: the handler's text as
    written, where those instances are bound (``body`` by default). ``find``: what is looked for, a model call by
    default; the rate-limit check walks the same way to a limiter called in a helper (``check_token_rate_limits``)."""
    direct = find(body)
    if direct:
        return ModelCall((), direct.group(0).strip())
    seen = {own} if own else set()
    written = source or body
    frontier: list[tuple[tuple[str, ...], str, str]] = [((), _qualified(name, written, "", index), written)
                                                        for name in calls]
    for _ in range(DEPTH):
        following: list[tuple[tuple[str, ...], str, str]] = []
        for chain, called, caller in frontier:
            method = called if "." in called and called in index else ""
            name = method or called.rsplit(".", 1)[-1]
            known = bool(method) or distinctive(name) or (not chain and "." not in called and name in local)
            if name in seen or name in _NOT_FUNCTIONS or name not in index or not known:
                continue
            defs = index[name]
            if never_run(name.rsplit(".", 1)[-1], defs, caller):
                continue
            seen.add(name)
            if len(defs) > 2:
                # a dispatch over implementations (each generator's `generate_stream`, each provider's
                # `getChatCompletion`): a model call only when a third of them (two at least) make one, themselves
                # or one dispatch further down — which one runs is not known, so no single chain is followed
                found_in = _dispatch(name, index, {}, 2, find)
                if found_in:
                    return ModelCall((*chain, name), found_in)
                continue
            cls = method.split(".", 1)[0] if method else ""
            # below the handler's own function, a listener's body runs when its event fires
            for text in (outside_listeners(d) for d in defs) if chain else defs:
                found = find(text)
                if found:
                    return ModelCall((*chain, name), found.group(0).strip())
                following += [((*chain, name), _qualified(c.group("owner") + c.group("name"), text, cls, index), text)
                              for c in _CALLED.finditer(text) if c.group("name") != name.rsplit(".", 1)[-1]]
        frontier = following
    return None


_PY_DEF_LINE = re.compile(r"^[ \t]*(?P<is_async>async\s+)?def\s", re.M)
# What runs a coroutine: awaited, or handed to the event loop.
_RUNS_COROUTINE = re.compile(r"\bawait\b|\basyncio\.|\bcreate_task\b|\bensure_future\b|\bgather\b"
                             r"|\brun_until_complete\b|\brun_coroutine_threadsafe\b|\basync_to_sync\b|\banyio\.")


def never_run(name: str, defs: Sequence[str], caller: str) -> bool:
    """Is ``name`` a Python coroutine function (every definition ``async def``) that a plain ``def`` calls without
    awaiting it or handing it to the event loop? Its body never runs then (OpenCopilot's sync ``POST /powerup``
    calls ``async def get_regex_for_dynamic_params`` bare): nothing in it is reached."""
    first = _PY_DEF_LINE.search(caller)
    if first is None or first.group("is_async"):
        return False
    if not defs or not all(d.lstrip().startswith("async def") for d in defs):
        return False
    lines = [line for line in caller.splitlines() if re.search(rf"(?<![\w.]){re.escape(name)}\s*\(", line)
             or re.search(rf"\.{re.escape(name)}\s*\(", line)]
    return bool(lines) and not any(_RUNS_COROUTINE.search(line) for line in lines)


# An event listener registered by a function (``bot.on("message", async (ctx) => …)``, grammY's ``bot.hears``,
# ``emitter.addEventListener``): its body runs when the event fires later, not when the function is called.
_LISTENER = re.compile(r"\.(?:on|once|hears|command|addEventListener|addListener|subscribe)\s*\(")


def outside_listeners(text: str) -> str:
    """``text`` with the arguments of each listener registration left out (``bot.on()``)."""
    out, at = [], 0
    for m in _LISTENER.finditer(text):
        if m.start() < at:
            continue
        args = balanced(text, m.end() - 1)
        out.append(text[at:m.end() - 1] + "()")
        at = m.end() - 1 + len(args)
    return "".join(out) + text[at:]


def _dispatch(name: str, index: dict[str, list[str]], memo: dict[tuple[str, int], str], depth: int,
              find: Finder) -> str:
    """The model call a many-times-defined ``name`` makes: a third of its definitions (two at least) make one
    directly, or through a distinctive name they call that is itself such a dispatch or single function,
    ``depth`` levels down; ``""`` when not."""
    key = (name, depth)
    if key in memo:
        return memo[key]
    memo[key] = ""
    defs = index.get(name, [])
    hits = [h for h in (_reaches(text, name, index, memo, depth, find) for text in defs) if h]
    enough = len(hits) >= 2 and len(hits) * 3 >= len(defs) if len(defs) > 2 else bool(hits)
    memo[key] = hits[0] if enough else ""
    return memo[key]


def _reaches(text: str, own: str, index: dict[str, list[str]], memo: dict[tuple[str, int], str], depth: int,
             find: Finder) -> str:
    direct = find(text)
    if direct:
        return direct.group(0).strip()
    if depth <= 0:
        return ""
    for c in _CALLED.finditer(text):
        name = c.group("name")
        if name != own and name in index and name not in _NOT_FUNCTIONS and distinctive(name):
            found = _dispatch(name, index, memo, depth - 1, find)
            if found:
                return found
    return ""


def _qualified(called: str, text: str, cls: str, index: dict[str, list[str]]) -> str:
    """``Class.method`` for a call on ``self``/``this`` inside ``cls``'s method, or on a name ``text`` binds to a
    project class; the call as written otherwise."""
    called = re.sub(r"\s+", "", called)
    owner, _, method = called.rpartition(".")
    if not owner:
        return called
    if owner in {"self", "this"} and cls and f"{cls}.{method}" in index:
        return f"{cls}.{method}"
    var = owner.removeprefix("self.").removeprefix("this.")
    for m in _INSTANCE.finditer(text):
        if m.group("var") == var and f"{m.group('cls')}.{method}" in index:
            return f"{m.group('cls')}.{method}"
    return called


def distinctive(name: str) -> bool:
    """A name that says what the function does (``conversation_internal``, ``getChatCompletion``): one generic
    word (``create``, ``resolve``, ``stream``, ``start``) is shared with library calls (``path.resolve``,
    a promise's ``resolve``) and many unrelated methods, so it is not followed."""
    return "_" in name.strip("_") or bool(re.search(r"[a-z0-9][A-Z]", name))
