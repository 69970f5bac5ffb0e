"""A sign-in the deployment puts in front of the application: an API gateway authorizer, a required API key at
the gateway, the platform's own sign-in (App Service authentication, Cloud Run without unauthenticated access).

When the infrastructure code declares one, a route the application itself leaves open is not *surely* open: the
gateway may turn an anonymous caller away before the code runs (bedrock-chat serves its whole FastAPI app behind
an ``HttpUserPoolAuthorizer`` on ``/{proxy+}``). Whether it covers the route is a fact of the deployment the
route check cannot see, so such a route is *undetermined*, naming the declaration.
"""

from __future__ import annotations

import re

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
    for path, text in infra:
        found = _traefik_auth(text)
        if found is not None:
            what, at = found
            return what, f"{path}:{text.count(chr(10), 0, at) + 1}", False
    return None


# Traefik (compose labels or a dynamic-configuration file): a router that applies an authenticating middleware — forward
# auth, Basic/Digest auth, or a plugin named for OpenID/OIDC/Keycloak/OAuth/auth — to the application's paths. The
# router of Traefik's own dashboard (`service=api@internal`) protects no application route.
_TRAEFIK_ROUTER_MIDDLEWARES = re.compile(
    r"traefik\.http\.routers\.(?P<router>[\w-]+)\.middlewares\s*[=:]\s*['\"]?(?P<names>[\w@,. -]+)")
_TRAEFIK_AUTH_KIND = (r"(?:forwardauth|basicauth|digestauth"
                      r"|plugin\.\w*(?:openid|oidc|keycloak|oauth|auth|jwt)\w*)")


def _traefik_auth(text: str) -> tuple[str, int] | None:
    """``(what, offset)`` of a Traefik router that puts an authenticating middleware in front of the app."""
    for m in _TRAEFIK_ROUTER_MIDDLEWARES.finditer(text):
        router = re.escape(m.group("router"))
        if re.search(rf"traefik\.http\.routers\.{router}\.service\s*[=:]\s*['\"]?api@internal", text):
            continue
        for name in (n.strip().split("@", 1)[0] for n in m.group("names").split(",")):
            declared = rf"^[^#\n]*traefik\.http\.middlewares\.{re.escape(name)}\.(?P<kind>{_TRAEFIK_AUTH_KIND})\b"
            kind = re.search(declared, text, re.MULTILINE | re.IGNORECASE) if name else None
            if kind is not None:
                plugin = kind.group("kind").split(".", 1)[-1] if kind.group("kind").lower().startswith("plugin.") \
                    else kind.group("kind")
                return (f"a Traefik router ({m.group('router')}) with the {name} middleware ({plugin})",
                        m.start())
    return None


_BICEP_RESOURCE = re.compile(r"^\s*resource\s+\w+\s+'[^']*'\s*=\s*(?P<cond>if\s*\()?", re.MULTILINE)


def _deployed_if(text: str, at: int) -> bool:
    """Whether the declaration at ``at`` is deployed only under a condition: a Bicep resource ``= if (…)``
    (sample-app-aoai-chatGPT turns App Service authentication on only when ``authClientId`` is given)."""
    last = None
    for m in _BICEP_RESOURCE.finditer(text, 0, at):
        last = m
    return last is not None and bool(last.group("cond"))
