"""The one route inventory of a scan: every route the live checks may probe, with what each one takes.

Merged from four sources, each route saying where it came from so that a check's evidence can say
which route it used and why:

* the API description (OpenAPI 3.x or Swagger 2, JSON or YAML, from the configured file or served at
  the usual paths): ``servers``/``basePath`` prefix, path/query/header/body parameters with their types,
  ``security`` (→ needs auth), request body media type;
* the routes the config declares (``[api]`` public, admin, chat, upload, reset, tools, webhooks, health,
  the login route);
* the repository's own route table (:func:`launchready.engines.routes.route_inventory`) when the
  scan reads the repository too;
* nothing else: the debug/inventory probe list stays in the check that owns it, so no check can
  mistake a guessed path for a route the product has.

Written here rather than with an OpenAPI library (openapi-core, prance…): those validate and resolve
whole documents and refuse the half-broken specs real products serve; the checks need only a tolerant
walk that keeps what it can read and names what it could not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from launchready.engines.spec_document import spec_document
from launchready.errors import TargetError
from launchready.model import Surface
from launchready.targets.http import ApiTarget, split_route

if TYPE_CHECKING:
    from launchready.context import CheckContext
    from launchready.targets.repo import RepoSnapshot

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
_PATH_PARAM = re.compile(r"\{([^}/]+)\}")
_FLASK_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")
_EXPRESS_PARAM = re.compile(r"(?<=/):(\w+)\??")
_ADMIN_WORDS = re.compile(r"(?:^|/)(?:admin|administration|internal|staff|superuser|backoffice)(?:/|$|[-_])",
                          re.IGNORECASE)
_ADMIN_PROSE = re.compile(r"\b(?:only\s+admins?|admins?\s+only|administrators?\s+only|requires?\s+(?:an?\s+)?admin"
                          r"|admin(?:istrator)?\s+(?:role|privileges?|rights))\b", re.IGNORECASE)
_MAX_REF_DEPTH = 12
_BODY_MEDIA = ("application/json", "application/x-www-form-urlencoded", "multipart/form-data")


@dataclass(frozen=True)
class Parameter:
    """One input a route takes: where it goes (path, query, header, cookie, body) and its declared type."""

    name: str
    location: str
    type: str = ""  # integer, number, string, boolean, array, object — or "" when undeclared
    required: bool = False
    format: str = ""  # uuid, email, date-time, uri… as declared
    enum: tuple[str, ...] = ()


@dataclass(frozen=True)
class ApiRoute:
    """A route of the product: method, templated path (``/books/v1/{book}``) and what it takes."""

    method: str
    path: str
    parameters: tuple[Parameter, ...] = ()
    needs_auth: bool | None = None
    """True when the spec or config says it needs credentials, False when declared public, None when unknown."""
    auth_reason: str = ""
    role: str = ""
    """``public``, ``user`` or ``admin`` (or a role the config names); ``""`` when nothing says."""
    role_reason: str = ""
    body_media: str = ""
    body_schema: Mapping[str, Any] | None = None
    sources: tuple[str, ...] = ()
    """Where the route was found: ``openapi:/openapi3.yml``, ``config:api.admin``, ``repo:app.py:12``."""
    summary: str = ""

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"

    def params_in(self, location: str) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == location)

    @property
    def path_params(self) -> tuple[Parameter, ...]:
        return self.params_in("path")

    @property
    def query_params(self) -> tuple[Parameter, ...]:
        return self.params_in("query")

    @property
    def body_params(self) -> tuple[Parameter, ...]:
        return self.params_in("body")

    def why(self) -> str:
        """One line for evidence: where the route comes from and what it is said to need."""
        parts = [", ".join(self.sources) or "no source"]
        if self.auth_reason:
            parts.append(self.auth_reason)
        if self.role_reason:
            parts.append(self.role_reason)
        return "; ".join(parts)


@dataclass(frozen=True)
class RouteInventory:
    """Every route known for this scan, plus what could not be read (named, never silently dropped)."""

    routes: tuple[ApiRoute, ...] = ()
    spec_source: str = ""
    """Where the API description was read (a path on the server or a file), ``""`` when none was found."""
    unread: tuple[str, ...] = field(default_factory=tuple)

    def find(self, method: str, path: str) -> ApiRoute | None:
        method = method.upper()
        return next((r for r in self.routes if r.method == method and r.path == path), None)

    def has_path(self, path: str) -> bool:
        return any(r.path == path for r in self.routes)

    def select(self, *, method: str | None = None, needs_auth: bool | None = None, role: str | None = None,
               with_path_params: bool | None = None) -> tuple[ApiRoute, ...]:
        """The routes matching every given criterion, in inventory order."""
        out = []
        for r in self.routes:
            if method is not None and r.method != method.upper():
                continue
            if needs_auth is not None and r.needs_auth is not needs_auth:
                continue
            if role is not None and r.role != role:
                continue
            if with_path_params is not None and bool(r.path_params) is not with_path_params:
                continue
            out.append(r)
        return tuple(out)


# --- the per-scan accessor ------------------------------------------------------------------------

def scan_inventory(ctx: CheckContext) -> RouteInventory:
    """What a live check calls: the scan's API target, with the repository's route table when the scan
    reads the repository too."""
    return route_inventory_of(ctx.target(Surface.API), ctx.targets.repo)


def route_inventory_of(api: ApiTarget, repo: RepoSnapshot | None = None) -> RouteInventory:
    """The scan's inventory, built once on ``api`` (every check of a scan passes the same ``repo``)."""
    return api.memo("route-inventory", lambda: build_inventory(api, repo))


def build_inventory(api: ApiTarget, repo: RepoSnapshot | None = None) -> RouteInventory:
    unread: list[str] = []
    try:
        doc = api.openapi
    except TargetError as exc:
        doc = None
        unread.append(f"API description: {exc.message}")
    spec_source = api.settings.openapi or ""
    if doc is None and not spec_source and not unread:
        doc, spec_source = _spec_from_doc_pages(api)
    routes: list[ApiRoute] = []
    if doc is not None:
        if not spec_source:
            spec_source = "served at a usual path"
        routes += spec_routes(doc, f"openapi:{spec_source}")
    routes += declared_routes(api)
    if repo is not None:
        try:
            routes += repo_routes(repo)
        except (OSError, ValueError) as exc:
            unread.append(f"repository route table: {exc}")
    merged = _with_roles(_merge(routes), api)
    return RouteInventory(tuple(merged), spec_source if doc is not None else "", tuple(unread))


# --- a spec served at a path of its own, named by the documentation page -------------------------

DOC_PAGES = ("/docs", "/ui/", "/swagger-ui/", "/swagger-ui.html", "/api/docs", "/redoc", "/api-docs/")
"""Documentation pages (part of the debug/inventory probe list) whose HTML names the spec's URL."""
_SPEC_URL = re.compile(r"""(?:\burl|spec-url|specUrl|openapi_url|configUrl)["']?\s*[:=]\s*["']([^"'<>\s]+)["']""")


def _spec_from_doc_pages(api: ApiTarget) -> tuple[dict[str, Any] | None, str]:
    """The spec a Swagger UI / ReDoc page points at (``url: "/specs/v2/api.yaml"``), on the same host;
    ``(None, "")`` when no page names one that parses."""
    for page in DOC_PAGES:
        try:
            answer = api.send("GET", page)
        except TargetError:
            return None, ""  # nothing answers: the usual paths already said so
        if answer.status != 200 or "html" not in answer.headers.get("content-type", ""):
            continue
        for raw in dict.fromkeys(_SPEC_URL.findall(answer.text)):
            url = urljoin(api.base_url + page, raw)
            if urlsplit(url).netloc != urlsplit(api.base_url).netloc:
                continue  # a spec on another host is not this product's (and not on the allow-list)
            path = urlsplit(url).path or "/"
            try:
                spec = api.send("GET", path)
            except TargetError:
                continue
            doc = spec_document(spec.text) if spec.status == 200 else None
            if doc is not None:
                return doc, f"{path} (named by {page})"
    return None, ""


# --- OpenAPI 3.x / Swagger 2 ---------------------------------------------------------------------

def spec_routes(doc: Mapping[str, Any], source: str = "openapi") -> list[ApiRoute]:
    """The operations of an OpenAPI 3.x or Swagger 2 document, with ``$ref``s inside it resolved."""
    swagger2 = str(doc.get("swagger", "")).startswith("2")
    prefix = _base_path(doc, swagger2)
    global_security = doc.get("security")
    schemes_declared = bool(_get(doc, "components", "securitySchemes") or doc.get("securityDefinitions"))
    any_op_secured = False
    raw: list[tuple[str, str, dict[str, Any], list[Any]]] = []
    paths = doc.get("paths")
    # The document comes from the server under test: a node of the wrong type is skipped, never a crash
    # (ApiTarget.read_operations names them in inventory_notes).
    for path, raw_item in (paths if isinstance(paths, dict) else {}).items():
        item = _resolve(doc, raw_item)
        if not isinstance(path, str) or not isinstance(item, dict):
            continue
        shared: list[Any] = item["parameters"] if isinstance(item.get("parameters"), list) else []
        for method, op in item.items():
            if not isinstance(method, str) or method.upper() not in METHODS or not isinstance(op, dict):
                continue
            if op.get("security"):
                any_op_secured = True
            raw.append((method.upper(), path, op, shared))
    out: list[ApiRoute] = []
    for method, path, op, shared in raw:
        params = _parameters(doc, shared, _list(op.get("parameters")))
        media, schema, body_params = _body(doc, op, params, swagger2, doc.get("consumes"))
        params = [p for p in params if p.location not in ("body", "formData")] + body_params
        needs, why = _security(op, global_security, schemes_declared, any_op_secured)
        text = " ".join(str(op.get(k) or "") for k in ("summary", "description")).strip()
        out.append(ApiRoute(method, _join(prefix, path), tuple(params), needs, why, body_media=media,
                            body_schema=schema, sources=(source,), summary=" ".join(text.split())[:160]))
    return out


def _list(node: Any) -> list[Any]:
    return node if isinstance(node, list) else []


def _get(doc: Mapping[str, Any], *keys: str) -> Any:
    node: Any = doc
    for key in keys:
        node = node.get(key) if isinstance(node, dict) else None
    return node


def _base_path(doc: Mapping[str, Any], swagger2: bool) -> str:
    if swagger2:
        base = doc.get("basePath")
        return str(base) if isinstance(base, str) else ""
    servers = doc.get("servers")
    if isinstance(servers, list) and servers and isinstance(servers[0], dict):
        url = str(servers[0].get("url") or "")
        # Server variables ({version}) take their default; an absolute URL contributes only its path.
        variables: dict[str, Any] = servers[0]["variables"] if isinstance(servers[0].get("variables"), dict) else {}
        url = _PATH_PARAM.sub(lambda m: str(_get(variables, m.group(1), "default") or ""), url)
        return urlsplit(url).path if "://" in url else url
    return ""


def _join(prefix: str, path: str) -> str:
    prefix = prefix.rstrip("/")
    path = "/" + path.lstrip("/")
    return (prefix + path) if prefix else path


def _resolve(doc: Mapping[str, Any], node: Any, depth: int = 0) -> Any:
    """Follows a local ``{"$ref": "#/…"}`` (several hops, bounded); anything unresolvable stays as it is."""
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and depth < _MAX_REF_DEPTH:
        ref: str = node["$ref"]
        if not ref.startswith("#/"):
            return node
        target: Any = doc
        for raw in ref[2:].split("/"):
            part = raw.replace("~1", "/").replace("~0", "~")
            target = target.get(part) if isinstance(target, dict) else None
        if target is None:
            return node
        node, depth = target, depth + 1
    return node


def _schema_type(doc: Mapping[str, Any], schema: Any) -> tuple[str, str, tuple[str, ...]]:
    schema = _resolve(doc, schema)
    if not isinstance(schema, dict):
        return "", "", ()
    kind = schema.get("type")
    if isinstance(kind, list):  # OpenAPI 3.1: ["string", "null"]
        kind = next((k for k in kind if k != "null"), "")
    enum = tuple(str(v) for v in schema.get("enum") or () if isinstance(schema.get("enum"), list))
    return str(kind or ""), str(schema.get("format") or ""), enum


def _parameters(doc: Mapping[str, Any], shared: list[Any], own: list[Any]) -> list[Parameter]:
    by_key: dict[tuple[str, str], Parameter] = {}
    for raw in [*shared, *own]:  # operation-level parameters override path-level ones
        p = _resolve(doc, raw)
        if not isinstance(p, dict) or not isinstance(p.get("name"), str) or not isinstance(p.get("in"), str):
            continue
        location = p["in"]
        if location == "body":  # Swagger 2: the body's schema is read by _body
            by_key[(p["name"], "body")] = Parameter(p["name"], "body", "object", bool(p.get("required")))
            continue
        kind, fmt, enum = _schema_type(doc, p.get("schema", p))
        by_key[(p["name"], location)] = Parameter(p["name"], location, kind,
                                                  bool(p.get("required")) or location == "path", fmt, enum)
    return list(by_key.values())


def _properties(doc: Mapping[str, Any], schema: Any, depth: int = 0) -> tuple[dict[str, Any], set[str]]:
    """Top-level properties of an object schema (``allOf`` merged) and the required names."""
    schema = _resolve(doc, schema)
    props: dict[str, Any] = {}
    required: set[str] = set()
    if not isinstance(schema, dict) or depth > _MAX_REF_DEPTH:
        return props, required
    for part in schema.get("allOf") or []:
        sub_props, sub_req = _properties(doc, part, depth + 1)
        props.update(sub_props)
        required |= sub_req
    if isinstance(schema.get("properties"), dict):
        props.update(schema["properties"])
    if isinstance(schema.get("required"), list):
        required |= {str(r) for r in schema["required"]}
    return props, required


def _body(
    doc: Mapping[str, Any], op: Mapping[str, Any], params: list[Parameter], swagger2: bool, consumes: Any,
) -> tuple[str, Mapping[str, Any] | None, list[Parameter]]:
    """The request body's media type, schema and top-level fields (as ``body`` parameters)."""
    schema: Any = None
    media = ""
    if swagger2:
        for raw in _list(op.get("parameters")):
            p = _resolve(doc, raw)
            if isinstance(p, dict) and p.get("in") == "body":
                schema, media = p.get("schema"), "application/json"
        form = [p for p in params if p.location == "formData"]
        if form:
            kinds = op.get("consumes") or consumes or []
            media = "multipart/form-data" if "multipart/form-data" in kinds or any(
                p.type == "file" for p in form) else "application/x-www-form-urlencoded"
            return media, None, [replace(p, location="body") for p in form]
    else:
        body = _resolve(doc, op.get("requestBody"))
        content = body.get("content") if isinstance(body, dict) else None
        if isinstance(content, dict) and content:
            media = next((m for m in _BODY_MEDIA if m in content), next(iter(content)))
            entry = content.get(media)
            schema = entry.get("schema") if isinstance(entry, dict) else None
    schema = _resolve(doc, schema)
    props, required = _properties(doc, schema)
    fields = []
    for name, prop in props.items():
        kind, fmt, enum = _schema_type(doc, prop)
        fields.append(Parameter(str(name), "body", kind, str(name) in required, fmt, enum))
    return media, schema if isinstance(schema, dict) else None, fields


def _security(op: Mapping[str, Any], global_security: Any, schemes_declared: bool,
              any_op_secured: bool) -> tuple[bool | None, str]:
    if "security" in op:
        if op["security"]:
            return True, "spec: security required"
        return False, "spec: security: [] (public)"
    if global_security:
        return True, "spec: global security required"
    if schemes_declared and any_op_secured:
        return False, "spec: no security on this operation while others require it"
    return None, ""


# --- declared routes (the config) ----------------------------------------------------------------

def declared_routes(api: ApiTarget) -> list[ApiRoute]:
    """Routes the user's config names. Defaults the user never wrote (``public``'s ``GET /docs``,
    ``health = "/health"``) are policies, not evidence that the route exists, and are left out."""
    settings = api.settings
    written = settings.model_fields_set
    out: list[ApiRoute] = []

    def add(route: str | None, default: str, key: str, **kw: Any) -> None:
        parts = split_route(route, default)
        if parts is None or any(c in parts[1] for c in "*?["):
            return  # a glob ("GET /static/*") declares a policy, not a route to probe
        method, path = parts
        params = tuple(Parameter(n, "path", "", True) for n in _PATH_PARAM.findall(path))
        out.append(ApiRoute(method.upper(), path, params, sources=(f"config:api.{key}",), **kw))

    for route in settings.public if "public" in written else ():
        add(route, "GET", "public", needs_auth=False, auth_reason="declared public (api.public)", role="public",
            role_reason="declared public (api.public)")
    for route in settings.admin:
        add(route, "GET", "admin", needs_auth=True, auth_reason="declared admin (api.admin)", role="admin",
            role_reason="declared admin (api.admin)")
    add(settings.chat, "POST", "chat", body_media="application/json")
    add(settings.upload, "POST", "upload", body_media="multipart/form-data")
    add(settings.reset, "POST", "reset", body_media="application/json")
    for route in settings.tools:
        add(route, "POST", "tools")
    for hook in settings.webhooks:
        add(hook.path, "POST", "webhooks", needs_auth=False, auth_reason="webhook (signed, not authenticated)")
    if "health" in written:
        add(settings.health, "GET", "health")
    login = settings.login
    if "login" in written or any(t.username_env for t in settings.tenants):
        add(f"{login.method} {login.path}", "POST", "login", needs_auth=False, auth_reason="the login route",
            body_media="application/x-www-form-urlencoded" if login.form else "application/json")
    return out


# --- the repository's route table -----------------------------------------------------------------

def repo_routes(repo: RepoSnapshot) -> list[ApiRoute]:
    """Routes read from the source, with Flask ``<int:id>`` and Express ``:id`` written as ``{id}``."""
    from launchready.engines.routes import route_inventory

    out: list[ApiRoute] = []
    for route in route_inventory(repo):
        params: list[Parameter] = []

        def flask(m: re.Match[str], params: list[Parameter] = params) -> str:
            converter, name = m.group(1) or "", m.group(2)
            kind = {"int": "integer", "float": "number", "uuid": "string"}.get(converter, "string")
            params.append(Parameter(name, "path", kind, True, "uuid" if converter == "uuid" else ""))
            return "{" + name + "}"

        path = _FLASK_PARAM.sub(flask, route.path)
        path = _EXPRESS_PARAM.sub(lambda m: "{" + m.group(1) + "}", path)
        known = {p.name for p in params}
        params += [Parameter(n, "path", "", True) for n in _PATH_PARAM.findall(path) if n not in known]
        guards = [g.name for g in route.auth_guards()] or list(route.hand_auth())
        needs, why = (True, "source: guarded by " + ", ".join(guards)) if guards else (None, "")
        for method in (METHODS if route.method == "ANY" else (route.method,)):
            if method not in METHODS or (route.method == "ANY" and method != "GET"):
                continue
            out.append(ApiRoute(method, path if path.startswith("/") else "/" + path, tuple(params), needs, why,
                                sources=(f"repo:{route.location}",)))
    return out


# --- merging and roles ----------------------------------------------------------------------------

def _shape(path: str) -> str:
    """A path with its parameter names erased: ``/books/{title}`` and ``/books/{book}`` are one route."""
    return _PATH_PARAM.sub("{}", path.rstrip("/") or "/")


def _merge(routes: Iterable[ApiRoute]) -> list[ApiRoute]:
    """One route per method and path shape; the first source (the spec) keeps its parameters, later
    sources add theirs and their evidence; an explicit auth/role from the config wins."""
    merged: dict[tuple[str, str], ApiRoute] = {}
    for r in routes:
        key = (r.method, _shape(r.path))
        old = merged.get(key)
        if old is None:
            merged[key] = r
            continue
        names = {(p.name, p.location) for p in old.parameters}
        params = old.parameters + tuple(p for p in r.parameters
                                        if (p.name, p.location) not in names and p.location != "path")
        config_first = r.sources[0].startswith("config:") and r.needs_auth is not None
        needs, why = (r.needs_auth, r.auth_reason) if config_first or old.needs_auth is None else \
            (old.needs_auth, old.auth_reason)
        role, role_why = (r.role, r.role_reason) if r.role and (config_first or not old.role) else \
            (old.role, old.role_reason)
        merged[key] = replace(old, parameters=params, needs_auth=needs, auth_reason=why, role=role,
                              role_reason=role_why, body_media=old.body_media or r.body_media,
                              sources=old.sources + tuple(s for s in r.sources if s not in old.sources))
    return list(merged.values())


def _with_roles(routes: list[ApiRoute], api: ApiTarget) -> list[ApiRoute]:
    """A role for every route that has none yet: the config's public list, then what the route itself
    says (an admin path segment, "only admins" in its description), then ``user`` when it needs auth."""
    return [r if r.role else _role(r, api) for r in routes]


def _role(r: ApiRoute, api: ApiTarget) -> ApiRoute:
    if api.is_public(r.method, r.path):
        return replace(r, role="public", role_reason="declared public (api.public)")
    if r.needs_auth is False:
        return replace(r, role="public", role_reason=r.auth_reason)
    if _ADMIN_WORDS.search(r.path):
        return replace(r, role="admin", role_reason="admin path segment (declare it in api.admin to confirm)")
    if _ADMIN_PROSE.search(r.summary):
        return replace(r, role="admin", role_reason=f'spec description: "{r.summary[:80]}"')
    if r.needs_auth:
        return replace(r, role="user", role_reason="needs auth, no role named")
    return r
