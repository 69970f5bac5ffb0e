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
    return None


_BICEP_RESOURCE = re.compile(r"^\s*resource\s+\w+\s+'[^']*'\s*=\s*(?P<cond>if\s*\()?", re.MULTILINE)


def _deployed_if(text: str, at: int) -> bool:
    """Whether the declaration at ``at`` is deployed only under a condition: a Bicep resource ``= if (…)``
    (sample-app-aoai-chatGPT turns App Service authentication on only when ``authClientId`` is given)."""
    last = None
    for m in _BICEP_RESOURCE.finditer(text, 0, at):
        last = m
    return last is not None and bool(last.group("cond"))
