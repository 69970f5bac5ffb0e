"""What the browser receives: built bundles (gitignored ones included), source maps, client code.

Walks the real directories — ``dist/``, ``build/``, ``.next/static/``, ``out/``, ``public/``,
``*.map`` — skipping ``node_modules`` and ``.git``; flags provider secrets there, client-prefixed
variables (``NEXT_PUBLIC_`` …) that hold or name a secret, and browser code calling paid APIs
directly. One-line minified bundles are located by line and column with a short redacted excerpt.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from launchready.engines.secrets.browser_code import BrowserGraph, Shipping, Verdict, browser_graph
from launchready.engines.secrets.browser_sdk_client import in_sdk_guard_text, placeholder_key, read_client
from launchready.engines.secrets.findings import Finding, FindingSet, Occurrence
from launchready.engines.secrets.matcher import Prefilter
from launchready.engines.secrets.provider_calls import is_called
from launchready.engines.secrets.rules import Level, Rule, Tier
from launchready.engines.secrets.scanner import _excerpt, _marker, fingerprint, scan_buffer
from launchready.engines.secrets.served_keys import ServedKey, find_served_key
from launchready.engines.secrets.stream import CHUNK, MAX_FILE_BYTES, looks_binary, scan_path
from launchready.engines.secrets.validators import entropy, is_placeholder
from launchready.targets.repo import RepoSnapshot

SKIP_DIRS = frozenset({".git", "node_modules", ".venv", "venv", "__pycache__", ".mypy_cache", ".pytest_cache",
                       ".ruff_cache", ".tox", ".turbo", ".cache"})
BUNDLE_DIRS = frozenset({"dist", "build", "out", "public", "static"})
WEB_SUFFIXES = (".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx", ".vue", ".svelte", ".html", ".htm", ".map", ".json")
_SERVER_PARTS = frozenset({"api", "server", "backend", "functions", "lambda", "scripts", "migrations", "tests",
                           "test", "__tests__"})
_CLIENT_PARTS = frozenset({"components", "pages", "app", "src", "frontend", "client", "web", "views", "hooks"})

_PREFIXED = re.compile(
    rb"(?<![A-Za-z0-9_])(?P<name>(?:NEXT_PUBLIC|VITE|REACT_APP|EXPO_PUBLIC)_[A-Z0-9_]+)"
    rb"(?:\s*[:=]\s*[\"'`]?(?P<value>[^\s\"'`,;}]{8,}))?")
_SECRET_NAME = re.compile(
    rb"SECRET|PRIVATE|SERVICE_ROLE|PASSWORD|OPENAI_(?:API_)?KEY|ANTHROPIC_(?:API_)?KEY|GROQ_API_KEY|XAI_API_KEY|"
    rb"STRIPE_SECRET|STRIPE_SK|DATABASE_URL|AWS_SECRET")
_PUBLIC_NAME = re.compile(rb"PUBLISHABLE|ANON|PUBLIC_KEY|_URL$|_ID$")
_DIRECT = (
    (re.compile(rb"dangerouslyAllowBrowser\s*:\s*(?:true|!0)"), "openai-browser-client",
     "OpenAI/Anthropic SDK created with dangerouslyAllowBrowser: the API key ships to every visitor"),
    (re.compile(rb"anthropic-dangerous-direct-browser-access"), "anthropic-browser-call",
     "browser code calls the Anthropic API directly (anthropic-dangerous-direct-browser-access)"),
    (re.compile(rb"https://api\.openai\.com/v1"), "openai-browser-call",
     "browser code calls api.openai.com directly: the key it sends is visible to every visitor"),
    (re.compile(rb"https://api\.anthropic\.com/v1"), "anthropic-browser-call",
     "browser code calls api.anthropic.com directly: the key it sends is visible to every visitor"),
    (re.compile(rb"https://api\.stripe\.com/v1/(?:charges|customers|refunds|payment_intents|subscriptions|"
                rb"transfers|payouts|invoices)"), "stripe-browser-call",
     "browser code calls Stripe's secret API directly (needs a secret key)"),
)


@dataclass(frozen=True)
class ClientScan:
    findings: tuple[Finding, ...]
    files: int
    bytes: int
    notes: tuple[str, ...]


def _pseudo_rule(rule_id: str, title: str) -> Rule:
    """Structural client findings (no regex rule behind them) still carry a rule id and title."""
    return Rule(rule_id, title, "client", Level.FAIL, Tier.PROVIDER, (rule_id,), "", 0, re.compile(b""), 0, "",
                False, False, (), ())


# A package whose package.json names one of these builds code for a browser (or an app shipped to users); one
# that names none (a CLI, a Node service) runs on a machine of its own, whatever its folders are called.
_BROWSER_PACKAGES = frozenset({
    "react", "react-dom", "next", "vue", "nuxt", "svelte", "@sveltejs/kit", "solid-js", "preact", "@angular/core",
    "astro", "@remix-run/react", "@builder.io/qwik", "lit", "jquery", "alpinejs", "vite", "webpack", "parcel",
    "esbuild", "rollup", "react-scripts", "expo", "react-native", "electron", "@vitejs/plugin-react", "htmx.org"})


def _package_is_browser(root: str, rel_dir: str, cache: dict[str, bool | None]) -> bool | None:
    """What the nearest ``package.json`` above ``rel_dir`` says: True (a browser framework or bundler among its
    dependencies), False (none), None (no package.json, or unreadable: not known)."""
    if rel_dir in cache:
        return cache[rel_dir]
    answer: bool | None = None
    path = os.path.join(root, rel_dir, "package.json")
    if os.path.isfile(path):
        try:
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
            deps: set[str] = set()
            for key in ("dependencies", "devDependencies", "peerDependencies"):
                section = data.get(key) if isinstance(data, dict) else None
                if isinstance(section, dict):
                    deps.update(section)
            answer = bool(deps & _BROWSER_PACKAGES)
        except (OSError, ValueError):
            answer = None
    elif rel_dir:
        answer = _package_is_browser(root, rel_dir.rpartition("/")[0], cache)
    cache[rel_dir] = answer
    return answer


def client_files(repo: RepoSnapshot, graph: BrowserGraph | None = None) -> Iterator[tuple[str, bool]]:
    """``(relative path, is_bundle)`` for every file that may be client-visible, tracked or not; ``.env*``
    files too, of which only the client-prefixed variables are read (unless they sit in a served directory).
    Source outside a bundle is a candidate in a client-looking folder of a package that builds for a browser (its
    package.json names a UI framework or bundler) or where no package.json says otherwise, or wherever
    ``graph`` finds a client entry importing it; the graph then decides what a candidate is (see
    :mod:`browser_code`)."""
    root = str(repo.root)
    packages: dict[str, bool | None] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = os.path.relpath(dirpath, root)
        rel_dir = "" if rel_dir == "." else rel_dir.replace(os.sep, "/")
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS
                             and not repo.is_excluded(f"{rel_dir}/{d}".lstrip("/")))
        parts = set(rel_dir.split("/")) if rel_dir else set()
        in_bundle = bool(parts & BUNDLE_DIRS) or "/.next/static" in f"/{rel_dir}"
        for name in sorted(filenames):
            rel = f"{rel_dir}/{name}".lstrip("/")
            if repo.is_excluded(rel):
                continue
            if name.startswith(".env"):
                yield rel, in_bundle  # public/.env is served as it is; a local .env only feeds the build
            elif name.endswith(WEB_SUFFIXES) and (in_bundle or name.endswith(".map")):
                yield rel, True
            elif name.endswith(WEB_SUFFIXES[:-2]) and (
                    (parts & _CLIENT_PARTS and not parts & _SERVER_PARTS
                     and not name.startswith(("route.", "middleware.")) and ".server." not in name
                     and _package_is_browser(root, rel_dir, packages) is not False)
                    or (graph is not None and graph.verdict(rel).shipping is Shipping.BROWSER)):
                yield rel, False


# A Cloudflare Worker module: its default export is an object whose `fetch(request, env[, ctx])` handler the Workers
# runtime calls — `export default { async fetch(request, env) {…} }`, or `const Workers = { async fetch(…) {…} };`
# then `export { Workers as default }`. A browser bundle exports no request handler; this one runs on Cloudflare.
_WORKER_HANDLER = rb"(?:async\s+)?fetch\s*\(\s*[\w$]+\s*,\s*[\w$]+\s*(?:,\s*[\w$]+\s*)?\)\s*\{"
_WORKER_INLINE = re.compile(rb"\bexport\s+default\s*\{\s*" + _WORKER_HANDLER)
_DEFAULT_NAME = re.compile(rb"\bexport\s*\{[^}]*?\b([\w$]+)\s+as\s+default\b|\bexport\s+default\s+([\w$]+)\s*;")


def worker_module(path: Path) -> str:
    """Why a built JS file is a Cloudflare Worker module (server code, not a browser bundle), or ``""``."""
    if path.suffix not in (".js", ".mjs"):
        return ""
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_FILE_BYTES)
    except OSError:
        return ""
    m = _WORKER_INLINE.search(data)
    if m is not None:
        line = data.count(b"\n", 0, m.start()) + 1
        return f"its default export has a fetch(request, env) handler (line {line})"
    for named in _DEFAULT_NAME.finditer(data):
        name = re.escape(named.group(1) or named.group(2))
        d = re.search(rb"\b(?:const|let|var)\s+" + name + rb"\s*=\s*\{\s*" + _WORKER_HANDLER, data)
        if d is not None:
            line = data.count(b"\n", 0, d.start()) + 1
            return (f"its default export {named.group(1 if named.group(1) else 2).decode()} (line {line}) has a "
                    "fetch(request, env) handler")
    return ""


def _line_col(data: bytes, pos: int) -> tuple[int, int]:
    return data.count(b"\n", 0, pos) + 1, pos - data.rfind(b"\n", 0, pos)


def scan_client(repo: RepoSnapshot, prefilter: Prefilter, rules: Sequence[Rule], *, check_id: str) -> ClientScan:
    fs = FindingSet()
    by_id = {r.id: r for r in rules}
    files = total = 0
    notes: list[str] = []
    graph = browser_graph(repo)
    for rel, bundle in client_files(repo, graph):
        path = repo.root / rel
        env_file = is_env_file(rel) and not bundle
        if bundle and worker_module(path):
            continue  # a Cloudflare Worker bundle (wrangler deploys it): it runs on Cloudflare, no visitor loads it
        verdict = None if bundle or env_file else graph.verdict(rel)
        if verdict is not None and verdict.shipping is Shipping.SERVER:
            continue  # server code: what it holds is repo.secrets-tree's, what it calls runs on a server
        # A .env file is read by the server; only its client-prefixed variables reach the browser
        # (inlined at build time). Its other keys are repo.secrets-tree's (if tracked), not exposure.
        if not env_file:
            scan = scan_path(path, prefilter, rules, generic=False, check_id=check_id)
            if scan.note == "binary" or scan.note.startswith("not a regular"):
                continue
            total += scan.scanned
            if scan.note:
                notes.append(f"{rel}: {scan.note}")
            for loc in scan.located:
                h = loc.hit
                occ = Occurrence(f"{rel}:{loc.line}:{loc.column}", rel, loc.line, loc.column, h.excerpt, h.marker)
                level, note = h.level, h.note
                if level is Level.FAIL and verdict is not None and verdict.shipping is Shipping.UNDETERMINED:
                    level, note = Level.WARN, _undetermined(verdict, "every visitor can read this key")
                fs.add(h.rule, level, h.fingerprint, h.redacted, note, occ)
        files += 1
        # Structural client checks run on the first chunk-sized window of the file (bounded).
        try:
            with path.open("rb") as fh:
                data = fh.read(min(MAX_FILE_BYTES, 4 * CHUNK))
        except OSError:
            continue
        if looks_binary(data):
            continue
        _prefixed(data, rel, prefilter, rules, by_id, fs, check_id, env_file=env_file)
        if not env_file:
            for rx, rid, title in _DIRECT:
                for m in rx.finditer(data):
                    if rid.endswith("-call") and (_shown_not_called(data, m.start()) or not is_called(data, m.start())):
                        continue
                    if rid == "openai-browser-client" and in_sdk_guard_text(data, m.start()):
                        continue  # the SDK's own error text, bundled with it
                    line, col = _line_col(data, m.start())
                    level, note = Level.FAIL, title
                    source = _key_source(data, m.end()) if not bundle and rid.endswith("-call") else None
                    served = find_served_key(repo, data, source, m.start()) if source is not None else None
                    if rid == "openai-browser-client":
                        level, note = _judge_sdk_client(data, m.start())
                    elif served is not None:
                        level, note = _judge_served_key(served, m.group().decode())
                    elif source is not None:
                        level, note = _judge_key_source(source, m.group().decode())
                    if level is Level.FAIL and verdict is not None and verdict.shipping is Shipping.UNDETERMINED:
                        host = m.group().decode().split("//", 1)[-1].split("/", 1)[0]
                        what = ("an OpenAI/Anthropic SDK client is allowed in the browser here"
                                if rid == "openai-browser-client" else f"{host} is called directly here")
                        level, note = Level.WARN, (
                            f"{what} — " + _undetermined(
                                verdict, "the key it sends is visible to every visitor"))
                    rule = _pseudo_rule(rid, title if level is Level.FAIL else note)
                    occ = Occurrence(f"{rel}:{line}:{col}", rel, line, col,
                                     _excerpt(data, m.start(), m.end(), ""),
                                     _marker(data, m.start(), m.end(), check_id, rid))
                    fs.add(rule, level, fingerprint(rid, rel), m.group().decode(),
                           title if level is Level.FAIL else "", occ)
                    break
    return ClientScan(fs.findings(), files, total, tuple(notes))


# The URL written where a person reads it — a form field's placeholder or default, a label, a comment — is text
# on a settings page, not a call from the browser.
_SHOWN = re.compile(rb"(?i)(?:placeholder|defaultValue|default|label|title|description|hint|example|helperText)"
                    rb"\s*[:=]\s*\{?\s*[\"'`]?$|//[^\n]*$|^\s*\*")


def _undetermined(verdict: Verdict, consequence: str) -> str:
    """A finding in source the module graph could not place: a warning saying what would make it an exposure."""
    return (f"undetermined whether this file ships to browsers: {verdict.why}; if a client entry imports it, "
            f"{consequence}")


def _shown_not_called(data: bytes, at: int) -> bool:
    line_start = data.rfind(b"\n", 0, at) + 1
    return bool(_SHOWN.search(data[max(line_start, at - 200) : at]))


# The key a direct call sends: `Authorization: `Bearer ${x}``, `"Bearer " + x`, `"x-api-key": x`, `apiKey: x`.
_KEY_SENT = re.compile(
    rb"""(?:["']?authorization["']?\s*:\s*(?:`Bearer\s*\$\{(?P<tpl>[^}]{1,120})\}`|["']Bearer\s*["']\s*\+\s*"""
    rb"""(?P<plus>[\w$.\[\]'"?]{1,120}))|["']?(?:x-api-key|api-key|apiKey|api_key)["']?\s*:\s*"""
    rb"""(?P<plain>[\w$.\[\]'"?`{}]{1,120}))""", re.IGNORECASE)
# Where a browser gets a key at build time or from the source itself: that key ships to every visitor.
# A bundler inlines only client-prefixed `process.env` names (and Vite's `import.meta.env`): another `process.env.X` is
# undefined in a browser unless the build config defines it — undetermined, not shipped by the name alone.
_SHIPPED_KEY = re.compile(r"process\.env\.(?:NEXT_PUBLIC_|REACT_APP_|VITE_|EXPO_PUBLIC_|NUXT_PUBLIC_)|"
                          r"import\.meta\.env|^[\"'`]|^[A-Z][A-Z0-9_]{2,}$")
_SERVER_ENV = re.compile(r"process\.env\.(?P<name>[A-Za-z_][A-Za-z0-9_]*)")
# A runtime value the user gives: a settings form, local storage, component state or props.
_USERS_KEY = re.compile(r"(?i)settings|custom|user|localStorage|sessionStorage|props|state|input|form|prefs|"
                        r"preferences|byok|ownKey|personal")


def _key_source(data: bytes, after: int) -> str | None:
    """The expression a direct provider call sends as its key, read in the call that follows the URL."""
    m = _KEY_SENT.search(data, after, min(len(data), after + 600))
    if m is None:
        return None
    raw = m.group("tpl") or m.group("plus") or m.group("plain") or b""
    return raw.decode("utf-8", "replace").strip().strip(",")


def _judge_served_key(served: ServedKey, url: str) -> tuple[Level, str]:
    """A key the browser fetched from the project's own route: no key of the bundle. Information when it is a
    provider session secret (read as ``client_secret``/ephemeral, or the route's handler mints one); otherwise
    undetermined, and the route's response would tell."""
    host = url.split("//", 1)[-1].split("/", 1)[0]
    chain = " ← ".join(served.chain)
    where = f" (declared at {served.handler})" if served.handler else " (no handler declaring it was found)"
    if served.short_lived:
        return Level.INFO, (f"browser code calls {host} with a session key it fetched from the project's own route "
                            f"{served.route}{where}: {chain}; the provider key stays on the server — who may call "
                            f"{served.route} decides who can mint sessions")
    return Level.WARN, (f"browser code calls {host} with a key it fetched from the project's own route "
                        f"{served.route}{where}: {chain}; undetermined — if {served.route} returns your provider "
                        "key, every visitor can read it; if it mints a short-lived session key, nothing of yours ships")


def _judge_key_source(source: str, url: str) -> tuple[Level, str]:
    """A key inlined at build time or written in the source fails; the user's own key (bring-your-own-key) is
    information; any other runtime value is undetermined."""
    host = url.split("//", 1)[-1].split("/", 1)[0]
    if _SHIPPED_KEY.search(source):
        return Level.FAIL, ""
    env = _SERVER_ENV.search(source)
    if env is not None:
        return Level.WARN, (f"browser code calls {host} directly with the key in {source}: undetermined — a browser "
                            f"build leaves process.env.{env.group('name')} undefined unless the build config defines "
                            "it (next.config env, webpack DefinePlugin, vite define): that config "
                            "would confirm it ships")
    if _USERS_KEY.search(source):
        return Level.INFO, (f"browser code calls {host} with the user's own key ({source}): bring-your-own-key, no "
                            "key of yours ships to visitors")
    return Level.WARN, (f"browser code calls {host} directly with the key in {source}: undetermined — if it is the "
                        "user's own key (bring-your-own-key) nothing of yours ships; if your server hands it out, "
                        "every visitor can read it")


def _judge_sdk_client(data: bytes, at: int) -> tuple[Level, str]:
    """An SDK client allowed in the browser: what its apiKey is and where its requests go decide (see
    browser_sdk_client)."""
    client = read_client(data, at)
    if client is None:
        return Level.WARN, ("OpenAI/Anthropic SDK created with dangerouslyAllowBrowser, its options object was not "
                            "read: undetermined — its apiKey and baseURL decide whether a key of yours ships")
    where = client.destination + (" — the page's own origin" if client.own_origin else "")
    if client.api_key is None:
        return Level.WARN, (f"OpenAI/Anthropic SDK created with dangerouslyAllowBrowser and no apiKey (requests go "
                            f"to {where}): the SDK then reads process.env.OPENAI_API_KEY, which a browser build "
                            "leaves undefined unless the build config defines it — that config would confirm it ships")
    if placeholder_key(client.api_key):
        return Level.INFO, (f"OpenAI/Anthropic SDK created with dangerouslyAllowBrowser sends the placeholder key "
                            f"{client.api_key} to {where}: no provider key is in this code — the server at that "
                            "address answers these requests, and its auth decides who may call it")
    if client.own_origin and not _SHIPPED_KEY.search(client.api_key):
        return Level.INFO, (f"OpenAI/Anthropic SDK created with dangerouslyAllowBrowser sends {client.api_key} to "
                            f"{where}: requests go to the product's own server, not to the provider — that "
                            "server's auth decides who may call it")
    if client.own_origin:
        return Level.WARN, (f"OpenAI/Anthropic SDK created with dangerouslyAllowBrowser sends {client.api_key} to "
                            f"{where}: that value is written into the bundle; undetermined whether it is a "
                            "provider key — the value set where the app is built would confirm it")
    level, note = _judge_key_source(client.api_key, where)
    return level, note or _DIRECT[0][2]


def is_env_file(rel: str) -> bool:
    return rel.rsplit("/", 1)[-1].startswith(".env")


# A variable only compared with a boolean word is a switch (`NEXT_PUBLIC_ALLOW_SELF_OPENAI_KEY == "true"`): a key is
# never compared with "true".
_FLAG_WORD = rb"""["'`](?:true|false|1|0|yes|no|on|off|enabled|disabled)["'`]"""
_FLAG_COMPARE = re.compile(rb"\s*[!=]==?\s*" + _FLAG_WORD, re.IGNORECASE)
_FLAG_COMPARED = re.compile(_FLAG_WORD + rb"\s*[!=]==?\s*(?:process\.env\.|import\.meta\.env\.)?$", re.IGNORECASE)


def _prefixed(data: bytes, rel: str, prefilter: Prefilter, rules: Sequence[Rule], by_id: dict[str, Rule],
              fs: FindingSet, check_id: str, *, env_file: bool = False) -> None:
    for m in _PREFIXED.finditer(data):
        name = m.group("name")
        value = m.group("value")
        if _PUBLIC_NAME.search(name):
            continue
        line, col = _line_col(data, m.start())
        label = name.decode()
        if value is not None:
            inner = [h for h in scan_buffer(value, prefilter, rules, generic=False) if h.level is Level.FAIL]
            text = value.decode("utf-8", "replace")
            if inner and not env_file:
                continue  # the provider rule already reports the value itself, with this location
            if not inner and (not _SECRET_NAME.search(name) or is_placeholder(text) or entropy(text) < 3.0
                              or text.startswith(("process.", "import."))):
                continue
            rid, title = "client-prefixed-secret", f"{label} holds a secret in a client-prefixed variable"
            if inner:
                title = f"{label} holds a secret in a client-prefixed variable ({inner[0].rule.title})"
            secret = inner[0].secret if inner else text
        else:
            if not _SECRET_NAME.search(name) or _FLAG_COMPARE.match(data, m.end()) \
                    or _FLAG_COMPARED.search(data, max(0, m.start() - 40), m.start()):
                continue  # `process.env.NEXT_PUBLIC_ALLOW_SELF_OPENAI_KEY == "true"`: a switch, whatever its name
            # Only the name says "secret": the value is set where the app is built, and only it would confirm.
            prefix = next(p for p in ("NEXT_PUBLIC_", "VITE_", "REACT_APP_", "EXPO_PUBLIC_") if label.startswith(p))
            rid, title = "client-prefixed-secret-name", (
                f"client code reads {label}: a {prefix} variable is inlined into the browser bundle — undetermined "
                f"whether it holds a secret (only its name says so): the value set for {label} where the app is "
                "built would confirm it")
            secret = label
        rule = _pseudo_rule(rid, title)
        occ = Occurrence(f"{rel}:{line}:{col}", rel, line, col, _excerpt(data, m.start(), m.end(), secret),
                         _marker(data, m.start(), m.end(), check_id, rid))
        redacted = label if value is None else f"{label}=…"
        level = Level.WARN if value is None else Level.FAIL
        fs.add(rule, level, fingerprint(rid, secret), redacted, title if level is Level.FAIL else "", occ)
