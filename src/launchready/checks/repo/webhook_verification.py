"""repo.webhook-verification: every webhook route verifies the sender's signature before acting.

Webhook routes come from the shared inventory (path contains ``webhook``, or the handler is named like
``stripe_webhook`` / ``stripe_event``). The handler — and the functions it calls in the same file — must
verify: Stripe ``stripe.Webhook.construct_event`` / ``stripe.webhooks.constructEvent``, HMAC compared
with ``hmac.compare_digest`` / ``crypto.timingSafeEqual``, Svix / standard-webhooks
``Webhook(secret).verify(...)``, or GitHub ``X-Hub-Signature-256`` checked the same way. A signature
compared with ``==`` is a warning (timing side channel).
"""

from __future__ import annotations

import ast
import re

from launchready.context import CheckContext
from launchready.engines.pysource import PyModule, covering_unparsed, dotted_name, python_module
from launchready.engines.routes import Route, route_inventory
from launchready.model import Check, CheckMeta, Effort, Evidence, Outcome, Severity, Status, Surface

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


def is_webhook(route: Route) -> bool:
    return "webhook" in route.path.lower() or bool(_WEBHOOK_NAME.search(route.handler or ""))


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
    handler = next((f for f in funcs.values() if f.name == route.handler and mod.line(f) >= route.line), None)
    if handler is None:
        return None
    reach = _reachable(mod, handler, funcs)
    verify_line = 0
    for func in reach:
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
            if _VERIFY_CALL.search(name) or svix:
                verify_line = mod.line(node) if func is handler else _call_site(mod, handler, func.name)
                break
        if verify_line:
            break
    where = route.location
    if not verify_line:
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


def _call_site(mod: PyModule, handler: ast.AST, callee: str) -> int:
    for node in ast.walk(handler):
        if isinstance(node, ast.Call) and dotted_name(node.func).rsplit(".", 1)[-1] == callee:
            return mod.line(node)
    return mod.line(handler)


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


def _js_judgement(text: str, route: Route) -> Evidence | None:
    lines = text.splitlines()
    body = "\n".join(lines[route.line - 1 : route.end_line or len(lines)])
    helpers = set(route.body_calls)
    helper_text = ""
    for name in helpers:
        m = re.search(rf"(?:function\s+{re.escape(name)}\s*\(|const\s+{re.escape(name)}\s*=)", text)
        if m:
            helper_text += text[m.start() : m.start() + 3000]
    if _JS_VERIFY.search(body) or _JS_VERIFY.search(helper_text):
        return None
    weak = _JS_EQ_COMPARE.search(body + helper_text)
    if weak:
        return Evidence(Status.WARN, f"{route.label} compares its signature with `===` instead of "
                        "crypto.timingSafeEqual (timing attack)", route.location, weak.group(0)[:160])
    return Evidence(Status.FAIL, f"{route.label} acts on the payload without verifying a signature", route.location,
                    route.excerpt)


def run(ctx: CheckContext) -> Outcome:
    return covering_unparsed(ctx.repo, _decide(ctx))


def _decide(ctx: CheckContext) -> Outcome:
    hooks = [r for r in route_inventory(ctx.repo) if is_webhook(r)]
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
        else:
            found = _js_judgement(text, route)
        if found is not None:
            evidence.append(found)
    labels = ", ".join(r.label for r in hooks)
    return Outcome.from_evidence(
        evidence,
        passed=f"{len(hooks)} webhook route(s) verify their signature: {labels}",
        failed=f"{sum(e.status is Status.FAIL for e in evidence)} webhook route(s) act without verification"
        if any(e.status is Status.FAIL for e in evidence) else "webhook signatures compared unsafely",
    )


CHECK = Check(META, run, options={})
