"""repo.webhook-verification: every webhook route verifies the sender's signature before acting.

Webhook routes come from the shared inventory (path contains ``webhook``, or the handler is named like
``stripe_webhook`` / ``stripe_event``); a route among them that only manages webhook settings (changes webhook
records and reads nothing only an inbound delivery carries: headers, the raw body, the event type, the whole
request) is no receiver and passes quietly. The handler — the functions it calls in the same file, and for
JavaScript the project functions it imports, three calls deep — must verify: Stripe
``stripe.Webhook.construct_event`` / ``stripe.webhooks.constructEvent``, HMAC compared with
``hmac.compare_digest`` / ``crypto.timingSafeEqual``, Svix / standard-webhooks ``Webhook(secret).verify(...)``,
or GitHub ``X-Hub-Signature-256`` checked the same way. A signature
compared with ``==`` is a warning (timing side channel). A provider that signs nothing (Telegram) offers a secret
URL instead: a route whose path carries a token (``/telegram/:token/webhook``) that the code compares with the
configured token(s) and refuses otherwise is verified (see :func:`._webhook_reach.js_path_token_checked`).

A ``GET``/``HEAD``/``OPTIONS`` route carries no payload (a subscription handshake, a signed download): it is
judged only when its handler visibly acts. A handler that hands the whole request to code in another file
(``channelService.handle(ref, req, res)``) without acting itself cannot be judged here: a warn names the
callee and the ``[[api.webhooks]]`` entry that lets the live check decide.
"""

from __future__ import annotations

import ast
import re
from dataclasses import replace

from launchready.checks.repo._webhook_reach import (
    js_followed,
    js_path_token_checked,
    js_receives,
    manages_webhooks,
    path_token,
    py_receives,
)
from launchready.context import CheckContext
from launchready.engines.pysource import PyModule, covering_unparsed, dotted_name, python_module
from launchready.engines.routes import JS_SUFFIXES, Route, handler_function, route_inventory, source_files
from launchready.model import Check, CheckMeta, Effort, Evidence, Outcome, Severity, Status, Surface
from launchready.targets.repo import RepoSnapshot

META = CheckMeta(
    id="repo.webhook-verification",
    title="Webhook signatures verified",
    surface=Surface.REPO,
    severity=Severity.HIGH,
    criteria=(
        "Every webhook route verifies a signature (Stripe `construct_event`, HMAC with `compare_digest`, "
        "Svix/standard-webhooks) before acting."
    ),
    why=(
        "A webhook URL is public; without a signature check anyone can post a forged `invoice.paid` or "
        "`subscription.updated` event and your code believes it."
    ),
    breaks=(
        "Forged payment events unlock paid plans for free, fake deliveries trigger refunds, e-mails or data "
        "changes, and replayed events repeat side effects."
    ),
    fix=(
        "Verify before parsing: `stripe.Webhook.construct_event(body, sig_header, secret)` (Stripe), "
        "`Webhook(secret).verify(body, headers)` (Svix / standard-webhooks), or compute the HMAC of the raw "
        "body and compare with `hmac.compare_digest` / `crypto.timingSafeEqual`; reject stale timestamps."
    ),
    references=("OWASP API2:2023", "OWASP API8:2023", "CWE-345", "CWE-347", "CWE-208"),
    checklist=("Webhook signatures verified before any side effect",),
    effort=Effort.HOURS,
)

_WEBHOOK_NAME = re.compile(r"(?i)webhook|stripe_?event|hook_?handler|_hook$")
_VERIFY_CALL = re.compile(
    r"(?:^|\.)(?:construct_event|constructEvent|constructEventAsync|compare_digest|timingSafeEqual|"
    r"verify_signature|verifySignature|verify_webhook|verifyWebhook|verify_stripe_signature|"
    r"validate_signature|check_signature|verify_github_signature|verifyRequestSignature)$")
_SVIX_VERIFY = re.compile(r"(?:^|\.)verify$")
_ACTING = re.compile(r"(?:^|\.)(?:execute|executemany|commit|save|create|update|insert|delete|send|send_mail|"
                     r"add|put|post|upsert|update_one|insert_one)$")
_JS_VERIFY = re.compile(
    r"\b(?:constructEvent(?:Async)?|timingSafeEqual|verifySignature|verifyWebhook|validateSignature)\s*\("
    r"|new\s+Webhook\s*\([^)]*\)[\s\S]{0,400}?\.verify\s*\(|\bwh\w*\.verify\s*\(|\bwebhooks?\.verify\s*\(")
_JS_EQ_COMPARE = re.compile(r"(?:digest\([^)]*\)|signature|expected|hmac)\w*\s*[!=]==?\s*\w*(?:signature|sig|digest)",
                            re.IGNORECASE)


_NO_PAYLOAD = frozenset({"GET", "HEAD", "OPTIONS"})
_REQUEST_NAMES = frozenset({"req", "request", "ctx"})
_JS_ACTS = re.compile(
    r"(?<![\w$.])(?!(?:res|reply|response|console|logger|this\.logger)\.)(?:[A-Za-z_$][\w$]*\.)+"
    r"(?:create|insert|update|upsert|save|delete|destroy|remove|execute|exec|query|emit|publish|enqueue|charge|"
    r"refund|transfer|sendMail|sendEmail|sendMessage)\w*\s*\(")
_JS_CALL_ARGS = re.compile(r"((?:[A-Za-z_$][\w$]*\.)*[A-Za-z_$][\w$]*)\s*\(([^()]*)\)")
_JS_KEYWORDS = frozenset({"if", "for", "while", "switch", "catch", "return", "function", "await", "typeof"})


def _handoff_note(route: Route, callees: list[str]) -> Evidence:
    return Evidence(
        Status.WARN,
        f"{route.label} hands the request to {callees[0]} (defined outside {route.file}, not read): whether a "
        "signature is verified before acting is undetermined — declare it in [[api.webhooks]] (path, scheme) so "
        "api.webhook-signatures tests it live",
        route.location, route.excerpt)


def _manages(route: Route, call: str) -> Evidence:
    return Evidence(Status.PASS, f"{route.label} manages webhook settings ({call}) and reads no header, raw body "
                    "or event type: it takes no third party's payload, so there is no signature to verify",
                    route.location, route.excerpt)


def _no_payload(route: Route) -> Evidence:
    return Evidence(Status.PASS, f"{route.label} carries no payload to verify (a handshake or a fetch) and its "
                    "handler acts on nothing", route.location, route.excerpt)


def _js_handoffs(code: str, defined: str) -> list[str]:
    """Callees handed the request object whole (``svc.handle(ref, req, res)``) that this file does not define."""
    out: list[str] = []
    for m in _JS_CALL_ARGS.finditer(code):
        callee, args = m.group(1), {a.strip() for a in m.group(2).split(",")}
        last = callee.rsplit(".", 1)[-1]
        if last in _JS_KEYWORDS or not args & _REQUEST_NAMES or _js_defines(defined, last):
            continue
        out.append(callee.removeprefix("this."))
    return list(dict.fromkeys(out))


def _js_defines(text: str, name: str) -> re.Match[str] | None:
    """Where ``text`` defines ``name``: a function, a const, or a class method."""
    return re.search(rf"(?:function\s+{re.escape(name)}\s*\(|(?:const|let|var)\s+{re.escape(name)}\s*=|"
                     rf"^\s*(?:(?:public|private|protected|static|async)\s+)*{re.escape(name)}\s*\([^)]*\)\s*"
                     rf"(?::[^{{;]*)?\{{)", text, re.MULTILINE)


# ``create_hook``/``update_hook``/``activate_hook``: a handler named for managing the project's own (outgoing) hooks,
# not for receiving someone's callback — named so only by the ``_hook`` ending, it is no receiver
_MANAGES_HOOK = re.compile(r"(?i)^(?:create|add|register|update|edit|patch|delete|remove|get|list|activate|"
                           r"deactivate|enable|disable|validate|test|rename)_\w*hook$")


def is_webhook(route: Route) -> bool:
    if "webhook" in route.path.lower():
        return True
    handler = route.handler or ""
    return bool(_WEBHOOK_NAME.search(handler)) and not (
        _MANAGES_HOOK.match(handler) and "webhook" not in handler.lower())


# Twilio calls an SMS/voice webhook with form fields named in its own capitalised words (`From`, `Body`,
# `MessageSid`…); a handler in a file that uses the Twilio SDK and reads them is Twilio's callback, whatever its path.
_TWILIO_SDK = re.compile(r"""from\s+['"]twilio['"]|require\(\s*['"]twilio['"]\s*\)|^\s*(?:from|import)\s+twilio\b""",
                         re.M)
_TWILIO_FIELD = re.compile(r"""['"](?:From|Body|MessageSid|SmsSid|CallSid|AccountSid|NumMedia)['"]""")
# Twilio's own request validation: the SDK's `validateRequest`/`webhook()` middleware, Python's RequestValidator.
_TWILIO_VERIFY = re.compile(r"\bvalidate(?:Express)?Request(?:WithBody)?\s*\(|\btwilio\.webhook\s*\(|"
                            r"\bRequestValidator\b|X-Twilio-Signature", re.IGNORECASE)


def provider_callback(route: Route, text: str) -> str:
    """``"Twilio"`` when the route's handler reads Twilio's callback fields in a file that uses the Twilio SDK (the
    route Twilio posts an incoming SMS or call to); ``""`` otherwise."""
    if route.method in _NO_PAYLOAD or not _TWILIO_SDK.search(text):
        return ""
    lines = text.splitlines()
    body = "\n".join(lines[route.line - 1 : route.end_line or len(lines)])
    return "Twilio" if len(set(_TWILIO_FIELD.findall(body))) >= 2 else ""


def _functions(mod: PyModule) -> dict[str, ast.FunctionDef | ast.AsyncFunctionDef]:
    return {n.name: n for n in ast.walk(mod.tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}


_Func = ast.FunctionDef | ast.AsyncFunctionDef


def _reachable(mod: PyModule, start: _Func, funcs: dict[str, _Func]) -> list[_Func]:
    seen = [start]
    frontier = [start]
    for _ in range(3):
        nxt = []
        for func in frontier:
            for node in ast.walk(func):
                if isinstance(node, ast.Call):
                    callee = funcs.get(dotted_name(node.func).rsplit(".", 1)[-1])
                    if callee is not None and all(callee is not s for s in seen):
                        seen.append(callee)
                        nxt.append(callee)
        frontier = nxt
    return seen


# What a handler may call and still act on nothing: read the request, log, answer, (de)serialise. Everything
# else — any project function, a queue, a database — may act.
_INERT_CALLS = {
    "reads the request": re.compile(r"^(?:request|req)\.(?:json|body|form|stream|headers\.get|query_params\.get)$"),
    "logs": re.compile(r"^(?:(?:\w+\.)*(?:logger|logging|log|get_logger|getLogger)\.(?:debug|info|warning|warn|error|"
                       r"exception|critical)|get_logger|getLogger|print)$"),
    "answers": re.compile(r"^(?:\w+\.)*(?:JSONResponse|RedirectResponse|Response|PlainTextResponse|HTMLResponse|"
                          r"jsonify|redirect|make_response|HTTPException)$"),
    "serialises": re.compile(r"^(?:json\.(?:dumps|loads)|str|dict|len|jsonable_encoder)$"),
}


def _inert(reach: list[_Func]) -> str | None:
    """What the handler does when every call it makes only reads the request, logs or answers (bitbucket's
    ``/uninstalled`` logs the body; a ``POST /`` answers a redirect), ``None`` when any call may act."""
    done: list[str] = []
    for node in (n for func in reach for stmt in func.body for n in ast.walk(stmt)):  # not the decorators
        if isinstance(node, ast.Global | ast.Nonlocal) or (
                isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign)
                and any(isinstance(t, ast.Attribute | ast.Subscript)
                        for t in (node.targets if isinstance(node, ast.Assign) else [node.target]))):
            return None  # `STATE["paid"] = True`: a change of state without a call
        if isinstance(node, ast.Call):
            name = dotted_name(node.func) or ast.unparse(node.func)
            what = next((w for w, pattern in _INERT_CALLS.items() if pattern.match(name)), None)
            if what is None:
                return None
            if what not in done:
                done.append(what)
    return " and ".join(done) if done else "answers"


def _hmac_names(func: ast.AST) -> set[str]:
    """Names assigned from ``hmac.new(...)`` / ``.hexdigest()`` / ``.digest()``."""
    names: set[str] = set()
    for node in ast.walk(func):
        if (isinstance(node, ast.Assign) and "hmac" in ast.unparse(node.value)) or (
                isinstance(node, ast.Assign) and re.search(r"\.(?:hex)?digest\(\)", ast.unparse(node.value))):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def _python_judgement(mod: PyModule, route: Route) -> Evidence | None:
    funcs = _functions(mod)
    handler = handler_function(mod, route)  # not `funcs[name]`: that table keeps only the last of a name
    if handler is None:
        return None
    reach = _reachable(mod, handler, funcs)
    reach_calls = [dotted_name(n.func) for f in reach for n in ast.walk(f) if isinstance(n, ast.Call)]
    managed = manages_webhooks([*reach_calls, route.handler])
    if managed and not any(py_receives(ast.unparse(f)) for f in reach) and not _hands_request(reach):
        return _manages(route, managed.removeprefix("self."))
    inert = _inert(reach)
    if inert is not None:
        return Evidence(Status.PASS, f"{route.label} acts on nothing: its handler only {inert}, so there is no "
                        "action a forged payload could cause", route.location, route.excerpt)
    verify_line = 0
    # a dependency or decorator of the route (`@app.post("/", dependencies=[Depends(validate_signature)])`) runs
    # before the handler: a verification there comes first — one that reads the body or a signature (a Basic-auth
    # password compared with compare_digest is a sign-in, judged below)
    in_front = [f for g in route.guards if g.kind in {"dependency", "decorator"}
                for f in [funcs.get(g.name.rsplit(".", 1)[-1])] if f is not None and f is not handler
                and re.search(r"(?i)signature|hmac|\.body\(\)|x-hub", ast.unparse(f))]
    for func in [*in_front, *reach]:
        svix_objects = {t.id for n in ast.walk(func) if isinstance(n, ast.Assign)
                        and isinstance(n.value, ast.Call) and dotted_name(n.value.func).endswith("Webhook")
                        for t in n.targets if isinstance(t, ast.Name)}
        for node in ast.walk(func):
            if not isinstance(node, ast.Call):
                continue
            name = dotted_name(node.func)
            svix = _SVIX_VERIFY.search(name) and (name.split(".")[0] in svix_objects or "Webhook" in name
                                                  or (isinstance(node.func, ast.Attribute)
                                                  and isinstance(node.func.value, ast.Call)
                                                  and dotted_name(node.func.value.func).endswith("Webhook")))
            if _VERIFY_CALL.search(name) or svix or _jwt_verified(node):
                verify_line = route.line if func in in_front else \
                    mod.line(node) if func is handler else _call_site(mod, handler, func.name)
                skipped = _verified_only_when(func, node)
                if skipped is not None:
                    return _optional_verification(mod, route, func, skipped)
                break
        if verify_line:
            break
    where = route.location
    calls = [n for f in reach for stmt in f.body for n in ast.walk(stmt) if isinstance(n, ast.Call)]  # no decorators
    acts = any(_ACTING.search(dotted_name(n.func)) for n in calls)
    if not verify_line and not acts:
        if route.method in _NO_PAYLOAD:
            return _no_payload(route)
        handed = [dotted_name(n.func) for n in calls if dotted_name(n.func).rsplit(".", 1)[-1] not in funcs
                  and any(isinstance(a, ast.Name) and a.id in _REQUEST_NAMES for a in n.args)]
        if handed:
            return _handoff_note(route, [h.removeprefix("self.") for h in handed])
    if not verify_line:
        token = _token_compare(reach)
        if token is not None:
            return Evidence(Status.WARN, f"{route.label} checks the sender by a shared token header compared with "
                            "`==` (GitLab's X-Gitlab-Token scheme, no signature): compare it with "
                            "hmac.compare_digest (timing attack)", f"{mod.path}:{mod.line(token)}", mod.excerpt(token))
        gated = [g for g in route.guards if g.condition and g.unread]
        if gated:  # a sign-in the deployment's default settings switch off: open until configured
            return Evidence(Status.FAIL, f"{route.label} acts on the payload without verifying a signature, and the "
                            f"sign-in in front of it, {gated[0].unread}", where,
                            f"handler {route.handler}: no construct_event / compare_digest / Webhook.verify")
        guards = [g.name for g in route.auth_guards()]
        if guards:
            return Evidence(Status.WARN, f"{route.label} verifies no signature, but the sender must sign in "
                            f"({guards[0]}): enough where the provider offers no signing (Azure DevOps service "
                            "hooks send Basic auth) — use the signature where one is offered", where, route.excerpt)
        weak = _eq_compare(mod, reach)
        if weak is not None:
            return Evidence(Status.WARN, f"{route.label} compares its HMAC signature with `==` instead of "
                            "hmac.compare_digest (timing attack)", f"{mod.path}:{mod.line(weak)}", mod.excerpt(weak))
        return Evidence(Status.FAIL, f"{route.label} acts on the payload without verifying a signature", where,
                        f"handler {route.handler}: no construct_event / compare_digest / Webhook.verify")
    acting = [mod.line(n) for stmt in handler.body for n in ast.walk(stmt) if isinstance(n, ast.Call)
              and _ACTING.search(dotted_name(n.func)) and mod.line(n) < verify_line]
    if acting:
        return Evidence(Status.FAIL, f"{route.label} acts (line {acting[0]}) before verifying the signature "
                        f"(line {verify_line})", f"{mod.path}:{acting[0]}", route.excerpt)
    return None


def _refuses(stmts: list[ast.stmt]) -> bool:
    """The branch ends the request: it raises, or returns an error answer."""
    for node in (n for s in stmts for n in ast.walk(s)):
        if isinstance(node, ast.Raise):
            return True
        if isinstance(node, ast.Return) and node.value is not None and re.search(
                r"(?i)status(?:_code)?\s*=\s*(?:4\d\d|status\.HTTP_4)|\b(?:abort|HTTPException|Unauthorized|Forbidden)\b|"
                r",\s*4\d\d\s*\)?$", ast.unparse(node.value)):
            return True
    return False


_SECRET_SETTING = re.compile(r"(?i)secret|signing|signature|sig\b|_?key\b|token|verify|validate")


def _verified_only_when(func: _Func, call: ast.Call) -> ast.If | None:
    """The ``if`` that runs the verification only when a setting or a header is present (``if webhook_secret:
    verify(...)``) and lets the request through otherwise (no ``else`` that refuses, no earlier ``if not
    webhook_secret: raise``), ``None`` when the check is unconditional."""
    parents = {child: node for node in ast.walk(func) for child in ast.iter_child_nodes(node)}
    node: ast.AST = call
    while node in parents and node is not func:
        parent = parents[node]
        if isinstance(parent, ast.If) and node in parent.body and not isinstance(parent.test, ast.UnaryOp) \
                and not _refuses(parent.orelse):
            test = parent.test.left if isinstance(parent.test, ast.Compare) else parent.test
            text = ast.unparse(test)
            if _SECRET_SETTING.search(text) and len(text) <= 80 and not _refused_before(func, parent, text):
                return parent
        node = parent
    return None


def _refused_before(func: _Func, gate: ast.If, what: str) -> bool:
    """An earlier ``if not <what>: raise …`` (or ``if <what> is None: return 401``) makes ``gate`` redundant."""
    for node in ast.walk(func):
        if isinstance(node, ast.If) and node is not gate and node.lineno < gate.lineno and _refuses(node.body):
            test = ast.unparse(node.test)
            if what in test and (test.startswith("not ") or " is None" in test or "==" in test):
                return True
    return False


def _optional_verification(mod: PyModule, route: Route, func: _Func, gate: ast.If) -> Evidence:
    test = gate.test.left if isinstance(gate.test, ast.Compare) else gate.test
    what = ast.unparse(test)
    where = f"{mod.path}:{mod.line(gate)}"
    source = _assigned_from(func, gate, what)
    if re.search(r"(?i)\b(?:request|req)\.headers|headers\.get|\bheaders\[", source + " " + what):
        return Evidence(Status.FAIL, f"{route.label} verifies the signature only when the request carries it "
                        f"(`if {what}:`, read from the request's headers), and acts otherwise: a forger leaves the "
                        "header out", where, mod.excerpt(gate))
    return Evidence(Status.WARN, f"{route.label} verifies the signature only when `{what}` is set (`if {what}:` "
                    "with no refusal otherwise): where it is left unset anyone can post a forged event — make the "
                    "secret required (refuse to start, or answer 401 without it); confirm production sets it",
                    where, mod.excerpt(gate))


def _assigned_from(func: _Func, gate: ast.If, name: str) -> str:
    """The source of the nearest assignment to ``name`` above ``gate`` in its function (``""`` when none)."""
    best: tuple[int, str] = (0, "")
    for node in ast.walk(func):
        if isinstance(node, ast.Assign) and best[0] < node.lineno < gate.lineno and any(
                ast.unparse(t) == name for t in node.targets):
            best = (node.lineno, ast.unparse(node.value))
    return best[1]


def _jwt_verified(call: ast.Call) -> bool:
    """``jwt.decode(input_jwt, shared_secret, algorithms=["HS256"])``: a token signed with the secret the provider
    shares (Atlassian Connect's JWT on a Bitbucket app's webhook) verified with its key — unless told not to."""
    if not dotted_name(call.func).endswith("jwt.decode") or len(call.args) + len(call.keywords) < 2:
        return False
    options = next((k.value for k in call.keywords if k.arg == "options"), None)
    return not (options is not None and re.search(r"""['"]verify_signature['"]\s*:\s*False""", ast.unparse(options))) \
        and not any(k.arg == "verify" and isinstance(k.value, ast.Constant) and k.value.value is False
                    for k in call.keywords)


def _hands_request(funcs: list[_Func]) -> bool:
    """Some call is given the request object itself (``adapter.handle(request=quart.request)``)."""
    for func in funcs:
        for node in ast.walk(func):
            if isinstance(node, ast.Call):
                args = [*node.args, *(k.value for k in node.keywords)]
                if any(dotted_name(a).rsplit(".", 1)[-1] in _REQUEST_NAMES for a in args):
                    return True
    return False


def _call_site(mod: PyModule, handler: ast.AST, callee: str) -> int:
    for node in ast.walk(handler):
        if isinstance(node, ast.Call) and dotted_name(node.func).rsplit(".", 1)[-1] == callee:
            return mod.line(node)
    return mod.line(handler)


# A shared secret sent as a header (GitLab's `X-Gitlab-Token`, `X-Webhook-Secret`): read from the request's headers.
_TOKEN_HEADER = re.compile(r"(?i)\bheaders\s*(?:\.get\(|\[)\s*['\"]x-[\w-]*(?:token|secret|key)['\"]")


def _token_compare(funcs: list[ast.FunctionDef | ast.AsyncFunctionDef]) -> ast.Compare | None:
    """``request.headers.get("X-Gitlab-Token") == secret`` (or a name assigned from that read, compared): the
    sender proves it holds the shared token."""
    for func in funcs:
        held = {t.id for n in ast.walk(func) if isinstance(n, ast.Assign) and _TOKEN_HEADER.search(ast.unparse(n.value))
                for t in n.targets if isinstance(t, ast.Name)}
        for node in ast.walk(func):
            if isinstance(node, ast.Compare) and any(isinstance(o, ast.Eq | ast.NotEq) for o in node.ops):
                sides = [node.left, *node.comparators]
                if any(_TOKEN_HEADER.search(ast.unparse(side)) or (isinstance(side, ast.Name) and side.id in held)
                       for side in sides):
                    return node
    return None


def _eq_compare(mod: PyModule, funcs: list[ast.FunctionDef | ast.AsyncFunctionDef]) -> ast.Compare | None:
    for func in funcs:
        names = _hmac_names(func)
        for node in ast.walk(func):
            if isinstance(node, ast.Compare) and any(isinstance(o, ast.Eq | ast.NotEq) for o in node.ops):
                sides = [node.left, *node.comparators]
                text = ast.unparse(node)
                if any(isinstance(s, ast.Name) and s.id in names for s in sides) or (
                        "hmac" in text or re.search(r"\.(?:hex)?digest\(\)", text)):
                    return node
    return None


_JS_IF_OPEN = re.compile(r"\bif\s*\(\s*([\w$.]+)\s*(?:!==?\s*(?:undefined|null|['\"]{2}))?\s*\)\s*\{\s*$")


def _js_verified_only_when(before: str) -> str | None:
    """The setting named by the innermost open ``if (secret) {`` block the verification sits in (``None`` when the
    verification sits in no such block)."""
    depth = 0
    for i in range(len(before) - 1, -1, -1):
        ch = before[i]
        if ch == "}":
            depth += 1
        elif ch == "{":
            if depth == 0:
                m = _JS_IF_OPEN.search(before[: i + 1])
                if m and _SECRET_SETTING.search(m.group(1)):
                    return m.group(1)
            else:
                depth -= 1
    return None


def _strip_js_comments(code: str) -> str:
    return re.sub(r"/\*.*?\*/|(?<![:\\])//[^\n]*", "", code, flags=re.DOTALL)


def _js_judgement(repo: RepoSnapshot, text: str, route: Route) -> Evidence | None:
    lines = text.splitlines()
    body = "\n".join(lines[route.line - 1 : route.end_line or len(lines)])
    helpers = {c.rsplit(".", 1)[-1] for c in route.body_calls if c.startswith("this.") or "." not in c}
    helper_text = ""
    for name in sorted(helpers - {route.handler}):
        m = _js_defines(text, name)
        if m and not (route.line <= text.count("\n", 0, m.start()) + 1 <= (route.end_line or route.line)):
            helper_text += text[m.start() : m.start() + 3000]
    followed, _read = js_followed(repo, route.file, body + "\n" + helper_text, route.handler)
    for text_part in (body, helper_text, followed):
        verify = next((m for p in (_JS_VERIFY, _TWILIO_VERIFY) for m in [p.search(text_part)] if m), None)
        if verify is not None:
            gate = _js_verified_only_when(_strip_js_comments(text_part[: verify.start()]))
            if gate is None:
                return None
            return Evidence(Status.WARN, f"{route.label} verifies the signature only when `{gate}` is set "
                            f"(`if ({gate})` with no refusal otherwise): where it is left unset anyone can post a "
                            "forged event — make the secret required; confirm production sets it",
                            route.location, route.excerpt)
    token = path_token(route.path)
    if token and route.method not in _NO_PAYLOAD:
        files = list(source_files(repo, JS_SUFFIXES))
        named = _js_defines(text, route.handler) if route.handler else None  # `router.post(path, telegramWebhook)`
        handler_text = text[named.start():named.start() + 3000] if named else ""
        checked = js_path_token_checked(repo, files, route.file,
                                        _strip_js_comments(body + "\n" + helper_text + "\n" + handler_text), token)
        if checked:
            return Evidence(Status.PASS, f"{route.label} carries a secret in its path: the :{token} segment is "
                            f"compared with the configured token(s) and refused otherwise ({checked}) — the secret-URL "
                            "scheme Telegram offers (it signs nothing; its other option is the "
                            "X-Telegram-Bot-Api-Secret-Token header)", route.location, route.excerpt)
    code = _strip_js_comments(body + "\n" + helper_text)
    managed = manages_webhooks([route.handler, *route.body_calls, *(m.group(1) for m in _JS_CALL_ARGS.finditer(code))])
    if managed and not js_receives(code + "\n" + _strip_js_comments(followed)):
        return _manages(route, managed)
    if not _JS_ACTS.search(code):
        if route.method in _NO_PAYLOAD:
            return _no_payload(route)
        handed = _js_handoffs(code, text)
        if handed:
            return _handoff_note(route, handed)
    weak = _JS_EQ_COMPARE.search(body + helper_text)
    if weak:
        return Evidence(Status.WARN, f"{route.label} compares its signature with `===` instead of "
                        "crypto.timingSafeEqual (timing attack)", route.location, weak.group(0)[:160])
    return Evidence(Status.FAIL, f"{route.label} acts on the payload without verifying a signature", route.location,
                    route.excerpt)


def run(ctx: CheckContext) -> Outcome:
    return covering_unparsed(ctx.repo, _decide(ctx))


def _decide(ctx: CheckContext) -> Outcome:
    routes = route_inventory(ctx.repo)
    callers = {r.location: provider_callback(r, ctx.repo.read_text(r.file) or "") for r in routes
               if not is_webhook(r)}
    hooks = [r for r in routes if is_webhook(r) or callers.get(r.location)]
    if not hooks:
        return Outcome(Status.PASS, "no webhook routes found")
    evidence: list[Evidence] = []
    modules: dict[str, PyModule | None] = {}
    for route in hooks:
        text = ctx.repo.read_text(route.file) or ""
        if route.file.endswith(".py"):
            if route.file not in modules:
                modules[route.file] = python_module(ctx.repo, route.file, text)
            mod = modules[route.file]
            found = _python_judgement(mod, route) if mod is not None else None
            if callers.get(route.location) and _TWILIO_VERIFY.search(text):
                found = None  # RequestValidator(...).validate(url, form, signature) in the file
        else:
            found = _js_judgement(ctx.repo, text, route)
        if found is not None and found.status is Status.FAIL and callers.get(route.location):
            found = replace(found, message=f"{route.label} is {callers[route.location]}'s webhook (it reads "
                            "Twilio's callback fields From/Body) and acts on the payload without verifying the "
                            "X-Twilio-Signature: anyone can post a forged message as any phone number")
        if found is not None:
            evidence.append(found)
    quiet = {e.location for e in evidence
             if e.status is Status.PASS and " carries a secret in its path" not in e.message}
    labels = ", ".join(r.label for r in hooks if r.location not in quiet)
    checked = len(hooks) - len(quiet)
    passed = f"{checked} webhook route(s) verify their signature: {labels}" if checked \
        else "no webhook route takes a payload"
    if checked and quiet:
        passed += f"; {len(quiet)} take no third party's payload (a GET that acts on nothing, or webhook settings)"
    fails = sum(e.status is Status.FAIL for e in evidence)
    handed = sum(e.status is Status.WARN and " hands the request to " in e.message for e in evidence)
    unsafe = sum(e.status is Status.WARN for e in evidence) - handed
    failed = "; ".join(part for part in (
        f"{fails} webhook route(s) act without verification" if fails else "",
        "webhook signatures compared unsafely" if unsafe else "",
        f"{handed} webhook route(s) hand the request to code not read (undetermined)" if handed else "") if part)
    return Outcome.from_evidence(evidence, passed=passed, failed=failed)


CHECK = Check(META, run, options={})
