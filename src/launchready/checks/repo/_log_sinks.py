"""Where a log-shaped call really writes: a project class's method named like a log level that never reaches a
logger (a "ConversationLogger" storing chats in a search index), the forwarding line of a logger wrapper class
(whose call sites are the log calls), and the payload a client sent to a socket event handler."""

from __future__ import annotations

import ast
import re

from launchready.engines.pysource import PyModule, dotted_name

_Func = ast.FunctionDef | ast.AsyncFunctionDef
_LOG_LEVELS = {"debug", "info", "warning", "warn", "error", "exception", "critical", "log", "msg", "fatal"}


def _writes_a_log(call: ast.Call) -> bool:
    """``print(…)``, ``logging.info(…)``, ``self.logger.error(…)``: a call that writes to a log or the console."""
    name = dotted_name(call.func)
    owner, _, level = name.rpartition(".")
    return name == "print" or (level in _LOG_LEVELS and "log" in owner.rsplit(".", 1)[-1].lower())


class ProjectSinks:
    """The project's own classes, read for one question: does ``owner.level(…)`` reach a logger at all?"""

    def __init__(self, modules: list[PyModule]) -> None:
        self.classes: dict[str, list[ast.ClassDef]] = {}
        # (module path, variable or attribute name) -> the project classes the module gives it
        self.instances: dict[tuple[str, str], set[str]] = {}
        for mod in modules:
            for node in ast.walk(mod.tree):
                if isinstance(node, ast.ClassDef):
                    self.classes.setdefault(node.name, []).append(node)
        for mod in modules:
            for node in ast.walk(mod.tree):
                if isinstance(node, ast.Assign | ast.AnnAssign) and isinstance(node.value, ast.Call):
                    made = dotted_name(node.value.func).rsplit(".", 1)[-1]
                    if made not in self.classes:
                        continue
                    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                    for target in targets:
                        name = dotted_name(target).rsplit(".", 1)[-1]
                        if name:
                            self.instances.setdefault((mod.path, name), set()).add(made)

    def not_a_log(self, mod: PyModule, call: ast.Call) -> str:
        """``ConversationLogger`` when ``call`` is ``x.log(…)`` on an instance the same module makes of one project
        class (``self.conversation_logger = ConversationLogger()``) whose method of that name writes to no logger
        and prints nothing, through its own ``self.`` methods too; ``""`` when the call may reach a log, or which
        class it is cannot be told (an instance handed in, ``self.logger = logger``)."""
        owner, _, level = dotted_name(call.func).rpartition(".")
        made = self.instances.get((mod.path, owner.rsplit(".", 1)[-1]), set())
        if len(made) != 1:
            return ""
        (name,) = made
        if len(self.classes[name]) != 1:
            return ""
        methods = {m.name: m for m in self.classes[name][0].body
                   if isinstance(m, ast.FunctionDef | ast.AsyncFunctionDef)}
        if level not in methods:
            return ""
        seen: set[str] = set()
        todo = [level]
        while todo:
            method = methods.get(todo.pop())
            if method is None or method.name in seen:
                continue
            seen.add(method.name)
            for inner in ast.walk(method):
                if not isinstance(inner, ast.Call):
                    continue
                if _writes_a_log(inner):
                    return ""
                callee = dotted_name(inner.func)
                if callee.startswith("self.") and callee.count(".") == 1:
                    todo.append(callee.removeprefix("self."))
        return name


def forwarding_wrapper(func: _Func | None, call: ast.Call) -> bool:
    """``def info(self, message): self.logger.info(message)``: a logger wrapper's method, named like a log level,
    handing its own parameters to a logger. Its call sites are log calls themselves and are judged there."""
    if func is None or func.name not in _LOG_LEVELS or not func.args.args:
        return False
    # a method (`self`/`cls` first) or a `@staticmethod` one (chat2api's `Logger.warning(message)`)
    static = any(dotted_name(d) == "staticmethod" for d in func.decorator_list)
    if func.args.args[0].arg not in {"self", "cls"} and not static:
        return False
    first = 0 if static else 1
    params = {a.arg for a in [*func.args.args[first:], *func.args.kwonlyargs]}
    if func.args.vararg:
        params.add(func.args.vararg.arg)
    used = {n.id for arg in [*call.args, *(k.value for k in call.keywords)] for n in ast.walk(arg)
            if isinstance(n, ast.Name)}
    return bool(used & params)


_SOCKET_OWNER = re.compile(r"(?i)socket|sio\b|^sio|^io$|^ws$")


def socket_payloads(func: _Func | None) -> tuple[str, frozenset[str]]:
    """``("user-message", {"data"})`` for a handler registered with ``@socketio.on("user-message")`` (or
    ``@sio.event``): the parameters that receive what a client sent — all but ``self`` and python-socketio's
    ``sid``; ``("", ∅)`` for any other function."""
    if func is None:
        return "", frozenset()
    for decorator in func.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        owner, _, verb = dotted_name(target).rpartition(".")
        if verb not in {"on", "event"} or not _SOCKET_OWNER.search(owner.rsplit(".", 1)[-1]):
            continue
        event = func.name
        if isinstance(decorator, ast.Call) and decorator.args and isinstance(decorator.args[0], ast.Constant):
            event = str(decorator.args[0].value)
        params = [a.arg for a in [*func.args.args, *func.args.kwonlyargs] if a.arg not in {"self", "sid", "cls"}]
        return event, frozenset(params)
    return "", frozenset()
