"""Client values a provider publishes to every install or every visitor: what the file around a match shows.

A key is a secret only when its holder keeps it. Some values are, by the provider's own design, handed to every
copy of a client:

* a Firebase / Google browser API key (``AIza…``) used with Firebase Auth (``identitytoolkit``/``securetoken``
  endpoints, or a Firebase web config with ``authDomain``/``*.firebaseapp.com``): Firebase documents it as an
  identifier that ships in every web page — public by design, listed as information that names its use;
* a Google OAuth client secret (``GOCSPX-…``) beside its ``*.apps.googleusercontent.com`` client id: public when the
  client is an installed (desktop/CLI) app — Google's documentation says such a secret "is obviously not treated as
  a secret" — but a web-application client's secret is confidential, and only the client's type in the Google
  Cloud console tells them apart. A downloaded ``client_secret.json`` says it (``"installed": {…}``: information;
  ``"web": {…}``: kept); anywhere else a warning that names what would confirm it;
* an OAuth ``client_secret`` sent in a ``client_credentials`` request for an *anonymous* scope (``scope:
  anonymous_account``): the app's embedded client that any install uses to open an anonymous session — a warning
  asking to confirm the client grants nothing more;
* a Dify web-app passport (a JWT with ``sub: "Web API Passport"``): the anonymous end-user token Dify's public web
  app hands every visitor — information.

Written here (no library reads these shapes); each judgement looks only at the text near the match, and a provider
key whose use is not shown keeps its level.
"""

from __future__ import annotations

import re

# Firebase Auth's REST endpoints, and a Firebase web config (`authDomain: "x.firebaseapp.com"`).
_FIREBASE_USE = re.compile(rb"identitytoolkit\.googleapis\.com|googleapis\.com/identitytoolkit\b|"
                           rb"securetoken\.googleapis\.com|\.firebaseapp\.com|\bauthDomain\b")
_FIREBASE_REACH = 400
"""Bytes either side of the key searched for its Firebase use: the same config object or request, not the file."""


def firebase_use(data: bytes, start: int, end: int) -> str:
    """What near ``data[start:end]`` (an ``AIza…`` key) shows it is a Firebase web key, or ``""``."""
    lo, hi = max(0, start - _FIREBASE_REACH), min(len(data), end + _FIREBASE_REACH)
    m = _FIREBASE_USE.search(data, lo, hi)
    return m.group().decode("ascii", "replace").lstrip(".") if m else ""


_GOOGLE_CLIENT_ID = re.compile(rb"\.apps\.googleusercontent\.com\b")
_INSTALLED_JSON = re.compile(rb"""^\s*\{\s*["']installed["']\s*:\s*\{""")
_WEB_JSON = re.compile(rb"""^\s*\{\s*["']web["']\s*:\s*\{""")


def google_client_secret(data: bytes, secret: str) -> tuple[bool, str] | None:
    """For a ``GOCSPX-`` value with its client id in the same file: (sure installed-app client, note); else None."""
    if not secret.startswith("GOCSPX-") or _WEB_JSON.match(data):
        return None  # a web-application client's file (`{"web": {…}}`): its secret is confidential
    m = _GOOGLE_CLIENT_ID.search(data)
    if m is None:
        return None
    line = data.count(b"\n", 0, m.start()) + 1
    if _INSTALLED_JSON.match(data):
        return True, (f"Google OAuth client secret of an installed (desktop) app — the client file says "
                      f"\"installed\", its client id *.apps.googleusercontent.com at line {line}: Google does not "
                      "treat an installed app's secret as confidential; public by design")
    return False, (f"Google OAuth client secret beside its client id *.apps.googleusercontent.com (line {line}): "
                   "public client value when the client is an installed (desktop/CLI) app, whose secret Google does "
                   "not treat as confidential; a web-application client's secret is confidential — confirm the "
                   "client's type (Google Cloud console → Credentials) and rotate it if it is a web client")


_ANONYMOUS_SCOPE = re.compile(rb"""["']?scope["']?\s*[:=]\s*["'][^"'\n]*\banonymous\w*""", re.IGNORECASE)
_CLIENT_CREDENTIALS = re.compile(rb"client_credentials")
_REQUEST_REACH = 300


def anonymous_client(data: bytes, start: int, end: int, name: str) -> str:
    """A ``client_secret`` sent with ``grant_type=client_credentials`` for an anonymous scope: the note, or ``""``."""
    if "client" not in name.lower() or "secret" not in name.lower():
        return ""
    lo, hi = max(0, start - _REQUEST_REACH), min(len(data), end + _REQUEST_REACH)
    scope = _ANONYMOUS_SCOPE.search(data, lo, hi)
    if scope is None or _CLIENT_CREDENTIALS.search(data, lo, hi) is None:
        return ""
    line = data.count(b"\n", 0, scope.start()) + 1
    said = scope.group().decode("utf-8", "replace").split(":", 1)[-1].split("=", 1)[-1].strip(" '\"")
    return (f"an app's embedded OAuth client: its client_credentials request asks only for an anonymous scope "
            f"({said}, line {line}) — a value every install of that app carries; confirm the client grants "
            "nothing beyond anonymous access")


def dify_passport(payload: dict[str, object]) -> str:
    """The note for a Dify web-app passport (anonymous end-user token), or ``""``."""
    if payload.get("sub") != "Web API Passport" or "end_user_id" not in payload:
        return ""
    return ("a Dify web-app passport (sub \"Web API Passport\", an end_user_id): the anonymous end-user token the "
            "public web app hands every visitor — no owner credential")
