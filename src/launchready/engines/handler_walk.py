"""What a route's handler reaches: its own code and the project's functions it calls, walked the way
:func:`launchready.engines.model_calls.model_call` walks them, looking for whatever a finder matches — a model call
(rate limits), a limiter called in a helper, code evaluated from a value (route auth).

A handler's own code is its lines without its path, its route decorator and its own name (``async def chat`` would
otherwise find ``chat(`` everywhere), the name removed only where it stands as a name (``.as_chat_engine().chat(`` is
kept).
"""

from __future__ import annotations

import re

from launchready.context import CheckContext
from launchready.engines.model_calls import Finder, ModelCall, client_call, file_names, function_bodies, model_call
from launchready.engines.routes import Route, source_files


def handler_body(route: Route, text: str | None) -> str:
    """The handler's own code, without its path, name and route decorator (``""`` when not read whole)."""
    if not text or not route.line or not route.end_line:
        return ""
    body = "\n".join(text.splitlines()[route.line - 1: route.end_line])
    if route.path:
        body = body.replace(route.path, "")
    if route.handler:  # its own name as a name, not inside another (`async def chat` keeps `.as_chat_engine().chat(`)
        body = re.sub(rf"(?<![\w$.]){re.escape(route.handler)}(?![\w$])", "", body)
    return re.sub(r"@\w+(?:\.\w+)*\.(?:get|post|put|patch|delete|route|api_route)\s*\([^\n]*", "", body)


def project_functions(ctx: CheckContext) -> dict[str, list[str]]:
    """The project's functions by name, read once per scan."""
    return ctx.repo.memo("model-call-functions", lambda: function_bodies(list(source_files(ctx.repo))))


def reach(ctx: CheckContext, route: Route, text: str | None, find: Finder = client_call) -> ModelCall | None:
    """What ``find`` matches in a route's handler, directly or through project functions and classes (a model call
    by default), with the chain of functions that reaches it."""
    body = handler_body(route, text)
    if not body:
        return None
    index = project_functions(ctx)
    written = "\n".join((text or "").splitlines()[route.line - 1: route.end_line])
    # the inventory's calls of a handler read past its end (see rate-limit's `clipped`) are the next handler's
    calls = [c for c in route.body_calls if not c.startswith("guard:") and c.rsplit(".", 1)[-1] in written]
    own = route.handler
    if own and own in index and not re.search(rf"(?:function\s*\*?\s*|def\s+|(?:const|let|var)\s+){re.escape(own)}\b",
                                              written):
        calls, own = [own, *calls], ""  # registered by name (Fastify `fastify.post("/:id", opts, chatHandler)`)
    return model_call(body, calls, index, own=own, local=file_names(text or ""), source=written, find=find)


# Code evaluated from a value: Python's builtins `exec`/`eval`/`compile(…, "exec")`, JavaScript's `eval`,
# `new Function(…)` and `vm.runIn…Context`. Not a method of that name (`cursor.execute`, `regex.exec`, `db.eval`), and
# not a literal (`eval("1+1")`).
CODE_EVAL = re.compile(r"(?<![\w.$])(?:exec|eval)\s*\(\s*(?![\"'`)])|\bnew\s+Function\s*\(\s*(?![\"'`)])"
                       r"|\bvm\.runIn\w*Context\s*\(|(?<![\w.$])compile\s*\([^()\n]*,\s*['\"]exec['\"]")


def evaluates_code(ctx: CheckContext, route: Route, text: str | None) -> ModelCall | None:
    """Where a route's handler, itself or through project functions, evaluates code (``exec(code, namespace)``)."""
    return reach(ctx, route, text, find=CODE_EVAL.search)
