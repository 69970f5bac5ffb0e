"""A sign-in the deployment puts in front of the application: an API gateway authorizer, a required API key at
the gateway, the platform's own sign-in (App Service authentication, Cloud Run without unauthenticated access).

When the infrastructure code declares one, a route the application itself leaves open is not *surely* open: the
gateway may turn an anonymous caller away before the code runs (bedrock-chat serves its whole FastAPI app behind
an ``HttpUserPoolAuthorizer`` on ``/{proxy+}``). Whether it covers the route is a fact of the deployment the
route check cannot see, so such a route is *undetermined*, naming the declaration.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

import yaml

from launchready.targets.repo import RepoSnapshot

_INFRA = re.compile(r"(?i)(?:^|/)(?:cdk|infra|infrastructure|deploy|deployment|iac|terraform|bicep|template|"
                    r"serverless|sam|cloudformation|pulumi)[^/]*(?:/|$)|\.(?:bicep|tf)$|(?:^|/)serverless\.ya?ml$|"
                    r"(?:^|/)template\.ya?ml$|(?:^|/)samconfig|\.cfn\.(?:ya?ml|json)$")
_SUFFIXES = (".ts", ".js", ".py", ".yml", ".yaml", ".json", ".bicep", ".tf", ".sh")
_DECLARATIONS = (
    # AWS CDK (TypeScript / Python): API Gateway v1 and v2 authorizers
    (re.compile(r"\b(?:HttpUserPoolAuthorizer|HttpJwtAuthorizer|HttpLambdaAuthorizer|HttpIamAuthorizer|"
                r"CognitoUserPoolsAuthorizer|TokenAuthorizer|RequestAuthorizer)\s*\("),
     "an API Gateway authorizer"),
    (re.compile(r"\bapi_?[Kk]ey_?[Rr]equired\s*[:=]\s*(?:true|True)\b"), "an API key required at the API gateway"),
    # CloudFormation / SAM / serverless
    (re.compile(r"AWS::ApiGatewayV?2?::Authorizer|^\s*DefaultAuthorizer\s*:", re.MULTILINE),
     "an API Gateway authorizer"),
    (re.compile(r"^\s+authorizer\s*:\s*\S", re.MULTILINE), "an API Gateway authorizer (serverless)"),
    # Azure App Service authentication (Easy Auth) that refuses or redirects anonymous callers
    (re.compile(r"(?i)unauthenticatedClientAction\s*[:=]\s*['\"]?(?:RedirectToLoginPage|Return401|Return403)"),
     "App Service authentication (anonymous callers are refused)"),
    # Google Cloud Run deployed without public access, or behind Identity-Aware Proxy
    (re.compile(r"--no-allow-unauthenticated\b"), "Cloud Run without unauthenticated access"),
    (re.compile(r"\biap\.googleapis\.com\b|\bgoogle_iap_\w+"), "Identity-Aware Proxy"),
)


# The declaration covers every path of the app: an authorizer on the catch-all proxy route (``/{proxy+}``), a
# default authorizer (SAM), or a whole-service sign-in (App Service, Cloud Run, IAP).
_CATCH_ALL = re.compile(r"\{proxy\+\}")
_WHOLE_SERVICE = ("App Service authentication", "Cloud Run", "Identity-Aware Proxy")


def platform_authentication(repo: RepoSnapshot) -> tuple[str, str, bool] | None:
    """``(what, where, covers_all)`` for the sign-in the infrastructure code declares in front of the app (an
    authorizer before a gateway API key, in the order above), or ``None``. ``covers_all``: it is declared for every
    path (an authorizer on ``/{proxy+}`` in the same file, a SAM default authorizer, a whole-service sign-in)."""
    infra = [(path, repo.read_text(path) or "") for path in repo.tracked_files
             if "node_modules/" not in path and path.endswith(_SUFFIXES) and _INFRA.search(path)]
    for pattern, what in _DECLARATIONS:
        for path, text in infra:
            m = pattern.search(text)
            if m:
                covers = (what.startswith(_WHOLE_SERVICE) or "DefaultAuthorizer" in m.group(0)
                          or (what.startswith("an API Gateway authorizer") and bool(_CATCH_ALL.search(text))))
                covers = covers and not _deployed_if(text, m.start())
                return what, f"{path}:{text.count(chr(10), 0, m.start()) + 1}", covers
    return None


_BICEP_RESOURCE = re.compile(r"^\s*resource\s+\w+\s+'[^']*'\s*=\s*(?P<cond>if\s*\()?", re.MULTILINE)


def _deployed_if(text: str, at: int) -> bool:
    """Whether the declaration at ``at`` is deployed only under a condition: a Bicep resource ``= if (…)``
    (sample-app-aoai-chatGPT turns App Service authentication on only when ``authClientId`` is given)."""
    last = None
    for m in _BICEP_RESOURCE.finditer(text, 0, at):
        last = m
    return last is not None and bool(last.group("cond"))


# Traefik in a compose file: a router on a service's labels that applies an authenticating middleware — forward auth,
# Basic/Digest auth, or a plugin named for OpenID/OIDC/Keycloak/OAuth/auth/JWT. It stands in front of *that service's*
# code only: the service's build context, or the one directory named like its image or the service itself
# (`image: ragapp/manager` → `src/manager/`). Traefik's own dashboard router (`service=api@internal`) guards nothing
# of the application's.
_TRAEFIK_AUTH_KIND = re.compile(
    r"(?i)^(?:forwardauth|basicauth|digestauth|plugin\.\w*(?:openid|oidc|keycloak|oauth|auth|jwt)\w*)$")
_LABEL = re.compile(r"^traefik\.http\.(?P<kind>routers|middlewares)\.(?P<name>[\w-]+)\.(?P<key>[\w.\[\]-]+)$")
_ENV_DEFAULT = re.compile(r"\$\{\w+:?-([^}]*)\}")


@dataclass(frozen=True)
class TraefikGate:
    """A Traefik router with an authenticating middleware in front of one compose service's code."""

    what: str  # "a Traefik router (admin-manager) with the sso middleware (keycloakopenid)"
    where: str  # compose file:line of the router's middlewares label
    code: str  # the directory of the service's code ("" never: a gate with no code found is not returned)
    sure: bool  # every router of the service authenticates and the service publishes no port


def traefik_gates(repo: RepoSnapshot) -> list[TraefikGate]:
    """The Traefik routers with an authenticating middleware declared in the repository's compose files, each with
    the code it stands in front of."""
    dirs: dict[str, list[str]] | None = None  # the repository's code directories, read once a router is found
    gates: list[TraefikGate] = []
    for path in repo.tracked_files:
        name = path.rsplit("/", 1)[-1]
        if "node_modules/" in path or not re.fullmatch(r"(?:docker-)?compose[\w.-]*\.ya?ml", name):
            continue
        text = repo.read_text(path) or ""
        if "traefik.http.routers" not in text:
            continue
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError:
            continue
        services = data.get("services") if isinstance(data, dict) else None
        if not isinstance(services, dict):
            continue
        middlewares: dict[str, str] = {}  # middleware name → its kind, across the file's services
        for service in services.values():
            for key, _ in _labels(service):
                m = _LABEL.match(key)
                if m and m.group("kind") == "middlewares":
                    kind = m.group("key").split(".")[0]
                    kind = f"plugin.{m.group('key').split('.')[1]}" if kind == "plugin" and "." in m.group("key") \
                        else kind
                    middlewares.setdefault(m.group("name"), kind)
        for service_name, service in services.items():
            routers: dict[str, tuple[str, str]] = {}  # router → (auth middleware, its kind), "" when none
            internal: set[str] = set()
            for key, value in _labels(service):
                m = _LABEL.match(key)
                if not m or m.group("kind") != "routers":
                    continue
                router = m.group("name")
                if m.group("key") == "service" and value.strip() == "api@internal":
                    internal.add(router)
                if m.group("key") == "middlewares":
                    names = [n.strip().split("@", 1)[0] for n in value.split(",")]
                    auth = next((n for n in names if _TRAEFIK_AUTH_KIND.match(middlewares.get(n, ""))), "")
                    routers[router] = (auth, middlewares.get(auth, ""))
                else:
                    routers.setdefault(router, ("", ""))
            guarded = {r: v for r, v in routers.items() if v[0] and r not in internal}
            if not guarded:
                continue
            if dirs is None:
                dirs = _code_dirs(repo)
            code = _service_code(path, str(service_name), service, dirs)
            if not code:
                continue
            router, (auth, kind) = next(iter(guarded.items()))
            at = text.find(f"traefik.http.routers.{router}.middlewares")
            sure = len(guarded) == len([r for r in routers if r not in internal]) and not (
                isinstance(service, dict) and service.get("ports"))
            gates.append(TraefikGate(
                f"a Traefik router ({router}) with the {auth} middleware ({kind.split('.', 1)[-1]})",
                f"{path}:{text.count(chr(10), 0, max(at, 0)) + 1}", code, sure))
    return gates


def _labels(service: object) -> list[tuple[str, str]]:
    labels = service.get("labels") if isinstance(service, dict) else None
    if isinstance(labels, dict):
        return [(str(k), str(v)) for k, v in labels.items()]
    if isinstance(labels, list):
        return [(str(item).split("=", 1)[0].strip(), str(item).split("=", 1)[1].strip() if "=" in str(item) else "")
                for item in labels]
    return []


def _code_dirs(repo: RepoSnapshot) -> dict[str, list[str]]:
    """Directory name → the directories of that name holding source code."""
    out: dict[str, list[str]] = {}
    for path in repo.tracked_files:
        if "node_modules/" in path or not path.endswith((".py", ".ts", ".js")):
            continue
        parts = path.split("/")[:-1]
        for i in range(len(parts)):
            d = "/".join(parts[: i + 1])
            out.setdefault(parts[i], [])
            if d not in out[parts[i]]:
                out[parts[i]].append(d)
    return out


def _service_code(compose: str, name: str, service: object, dirs: dict[str, list[str]]) -> str:
    """The directory of a compose service's code: its build context, else the one directory named like its image
    (``ragapp/manager:latest`` → ``manager``) or like the service."""
    if not isinstance(service, dict):
        return ""
    build = service.get("build")
    context = build.get("context") if isinstance(build, dict) else build if isinstance(build, str) else None
    if isinstance(context, str):
        base = compose.rsplit("/", 1)[0] if "/" in compose else ""
        joined = posixpath.normpath(posixpath.join(base, context)) if base else posixpath.normpath(context)
        return "" if joined in {".", ""} else joined
    image = _ENV_DEFAULT.sub(r"\1", str(service.get("image") or ""))
    for candidate in (image.rsplit("/", 1)[-1].split(":", 1)[0], name):
        found = dirs.get(candidate, []) if candidate else []
        if len(found) == 1:
            return found[0]
    return ""
