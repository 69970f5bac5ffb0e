"""Offline structure checks that turn a regex match into a finding, or drop it.

Nothing here contacts a provider. Placeholder judgement looks at the *secret value* — never at whole
lines — so ``sk-proj-xxxx…``, ``your-key-here``, ``${OPENAI_API_KEY}`` and ``AKIAIOSFODNN7EXAMPLE`` are not
findings; a database URL is also judged by its host: one on a documentation domain (``db.example.com``,
``cluster0.example.mongodb.net``, ``*.test``) points at no server (see :mod:`.documentation_values`).
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from launchready.engines.secrets.default_passwords import service_host, spelled_default
from launchready.engines.secrets.documentation_values import (
    action_type,
    documentation_host,
    made_of_words,
    marker_constant,
    masked,
    public_example_jwt,
)
from launchready.engines.secrets.public_clients import anonymous_client, dify_passport, firebase_use
from launchready.engines.secrets.rules import Level, Rule

WINDOW = 600
"""Bytes either side of a hit searched for its partner (AWS secret, Twilio token)."""

_PLACEHOLDER_WORDS = (
    "example", "your", "placeholder", "changeme", "change_me", "change-me", "dummy", "fake",
    "redacted", "replace", "insert", "sample", "xxxx", "****", "...", "…", "<", ">", "${", "{{",
    "%s", "notreal", "not-a-real", "not_a_real", "-here", "_here", "fake-", "fake_", "todo-", "todo_",
    "never-use", "never_use", "do-not-use", "do_not_use", "not-for-prod", "not_for_prod", "for-testing-only",
)
_DEFAULT_PASSWORDS = frozenset({
    "password", "passwd", "pass", "pw", "pwd", "secret", "changeme", "postgres", "root", "admin",
    "mysql", "redis", "guest", "user", "username", "test", "testing", "dev", "development", "local",
    "example", "sample", "default", "mypassword", "yourpassword", "letmein", "1234", "12345",
    "123456", "12345678", "qwerty", "docker", "app", "db", "database",
})
_SEQUENCES = ("0123456789", "abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def entropy(value: str) -> float:
    """Shannon entropy in bits per character."""
    if not value:
        return 0.0
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in Counter(value).values())


def is_placeholder(value: str) -> bool:
    """Is this secret value (or its random part) a placeholder, template or reference?"""
    v = value.strip().strip("'\"`")
    low = v.lower()
    if not v or v[0] in "$%{<[(" or low.startswith(("process.env", "os.environ", "import.meta.env", "env.")):
        return True
    if any(word in low for word in _PLACEHOLDER_WORDS):
        return True
    core = re.sub(r"[^A-Za-z0-9]", "", v)
    if len(core) >= 8:
        if len(set(core)) <= 4 or re.search(r"(.)\1{7,}", core):
            return True
        if any(seq[i:i + 8] in core for seq in _SEQUENCES for i in range(len(seq) - 7)):
            return True
    return False


@dataclass(frozen=True)
class Verdict:
    """A match confirmed: its level, the secret to fingerprint, a note, extra bytes it claims."""

    level: Level
    secret: str
    note: str = ""
    claimed: tuple[tuple[int, int], ...] = field(default=())


@dataclass(frozen=True)
class Candidate:
    rule: Rule
    match: re.Match[bytes]
    data: bytes
    secret: str
    code: bool = False
    """The buffer is a program's source (not a config or env file): an unquoted name there is a reference."""

    def window(self, radius: int = WINDOW) -> tuple[int, bytes]:
        lo = max(0, self.match.start() - radius)
        return lo, self.data[lo:self.match.end() + radius]


Check = Callable[[Candidate], "Verdict | None"]


def _plain(c: Candidate) -> Verdict | None:
    return Verdict(c.rule.level, c.secret)


_B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def base62(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = _B62[r] + out
    return out or "0"


def github_checksum(body: str) -> str:
    """The six base62 characters GitHub appends to a token: CRC32 of the 30 random characters."""
    return base62(binascii.crc32(body.encode())).rjust(6, "0")


def _github(c: Candidate) -> Verdict | None:
    body = c.secret[4:]
    if github_checksum(body[:30]) != body[30:]:
        # GitHub checks the CRC32 before anything else: such a token cannot work. Said, not dropped,
        # because a hand-edited real token also lands here.
        return Verdict(Level.WARN, c.secret, "checksum invalid — placeholder? (GitHub rejects it as is)")
    return Verdict(c.rule.level, c.secret, "CRC32 checksum valid")


_CLASSES = ("[a-z]", "[A-Z]", "[0-9]")


def _random_part(c: Candidate) -> str:
    lit = next((x for x in c.rule.literals if c.secret.startswith(x)), "")
    return c.secret[len(lit):]


def looks_random(value: str, *, min_entropy: float = 3.0) -> bool:
    """Random key material mixes at least two of lower case, upper case and digits (hex does too),
    with many distinct characters; words (``fw_version_upgrade``) and fills (``0000``) do not."""
    core = re.sub(r"[^A-Za-z0-9]", "", value)
    kinds = sum(bool(re.search(p, core)) for p in _CLASSES)
    return kinds >= 2 and len(set(core)) >= 10 and entropy(core) >= min_entropy and not is_placeholder(value)


def _random(c: Candidate) -> Verdict | None:
    """Prefixed and keyword-context keys: the part after the prefix must look random."""
    return Verdict(c.rule.level, c.secret) if looks_random(_random_part(c)) else None


_LOOPBACK_URL = re.compile(rb"https?://(?:localhost|127(?:\.\d{1,3}){3}|0\.0\.0\.0|\[::1\])(?::\d{1,5})?[^\s'\"`,)]*")


_BASE_URL_SPAN = 300
"""Bytes either side of a key searched for its base URL: the same entry of a config, not the next one."""


def _sk_style(c: Candidate) -> Verdict | None:
    """``sk-`` + 48 without OpenAI's marker: a relay's (one-api) or another provider's key. Random, or dropped; a
    loopback base URL near it (a local gateway) is named in the note."""
    if not looks_random(_random_part(c)):
        return None
    start, end = c.match.span()
    lo, hi = max(0, start - _BASE_URL_SPAN), min(len(c.data), end + _BASE_URL_SPAN)
    # The closest one: a config list holds several platforms, each with its own base URL and key.
    near = min(_LOOPBACK_URL.finditer(c.data, lo, hi), default=None,
               key=lambda u: start - u.end() if u.end() <= start else u.start() - end)
    note = "no OpenAI marker: an OpenAI-compatible relay's or another provider's key"
    if near:
        url = near.group().decode("ascii", "replace")
        note += f"; a loopback base URL is beside it ({url}): a local gateway's token?"
    return Verdict(c.rule.level, c.secret, note)


def _basic_auth_b64(c: Candidate) -> Verdict | None:
    """Docker/registry ``"auth"``: base64 of ``user:password``; a real one has a real password."""
    try:
        text = base64.b64decode(c.secret, validate=True).decode("utf-8")
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None
    user, sep, password = text.partition(":")
    if not sep or not text.isprintable() or len(password) < 6 or password.lower() in _DEFAULT_PASSWORDS \
            or is_placeholder(password):
        return None
    return Verdict(c.rule.level, c.secret, f"base64 of {user[:24]}:<password>")


def _b64json(segment: str) -> dict[str, object] | None:
    try:
        raw = base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
        obj = json.loads(raw)
    except (ValueError, binascii.Error):
        return None
    return obj if isinstance(obj, dict) else None


# base64url lengths of real signatures: HMAC-SHA256/384/512, ECDSA P-256/384/521 and Ed25519, RSA 1024-4096.
_SIGNATURE_LENGTHS = frozenset({43, 64, 86, 128, 176, 171, 342, 512, 683})


def _signed(signature: str) -> bool:
    """A signature of a real algorithm's length with many distinct characters: random bytes, in which a word such as
    ``xxxx`` or ``your`` turns up by chance, so no placeholder judgement is made on its text."""
    return len(signature) in _SIGNATURE_LENGTHS and len(set(signature)) >= 10


def _jwt(c: Candidate) -> Verdict | None:
    parts = c.secret.split(".")
    if len(parts) != 3 or (not _signed(parts[2]) and is_placeholder(c.secret)):
        return None
    header, payload = _b64json(parts[0]), _b64json(parts[1])
    if header is None or payload is None or "alg" not in header:
        return None
    role = str(payload.get("role", ""))
    iss = str(payload.get("iss", ""))[:60]
    exp = payload.get("exp")
    bits = [f"alg={header.get('alg')}"]
    if role:
        bits.append(f"role={role}")
    if iss:
        bits.append(f"iss={iss}")
    expired = False
    if isinstance(exp, int | float):
        bits.append("exp=" + time.strftime("%Y-%m-%d", time.gmtime(exp)))
        expired = exp < time.time()
    note = ", ".join(bits)
    sample = public_example_jwt(c.secret)
    if sample:
        return Verdict(Level.INFO, c.secret, f"{sample} ({note})")
    if iss == "supabase-demo":
        return Verdict(Level.INFO, c.secret,
                       f"the public Supabase local-development demo key, the same in every install ({note})")
    if role == "service_role":
        return Verdict(Level.FAIL, c.secret, f"Supabase service_role key: bypasses row-level security ({note})")
    if role == "anon":
        return Verdict(Level.INFO, c.secret, f"Supabase anon key: public by design ({note})")
    passport = dify_passport(payload)
    if passport:
        return Verdict(Level.INFO, c.secret, f"{passport} ({note})")
    if expired:
        return Verdict(Level.INFO, c.secret, f"expired token ({note})")
    return Verdict(Level.WARN, c.secret, f"bearer token ({note})")


_AWS_SECRET = re.compile(rb"(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{40}(?![A-Za-z0-9+/=])")


def _aws_secret(c: Candidate) -> tuple[str, tuple[int, int]] | None:
    lo, win = c.window()
    for m in _AWS_SECRET.finditer(win):
        value = m.group().decode()
        kinds = sum(bool(re.search(p, value)) for p in ("[a-z]", "[A-Z]", "[0-9]"))
        if kinds >= 2 and not is_placeholder(value) and entropy(value) > 4.0:
            return value, (lo + m.start(), lo + m.end())
    return None


def _aws_pair(c: Candidate) -> Verdict | None:
    found = _aws_secret(c)
    if found is None:
        return None
    secret, span = found
    return Verdict(c.rule.level, secret, f"access key id {c.secret[:4]}…{c.secret[-4:]} with its secret", (span,))


def _aws_alone(c: Candidate) -> Verdict | None:
    if _aws_secret(c) is not None:
        return None
    if c.secret.startswith("ASIA"):
        return None  # a temporary (STS) key id without its secret: expired within hours, useless alone
    return Verdict(c.rule.level, c.secret, "no secret access key nearby")


def _gcp_service_account(c: Candidate) -> Verdict | None:
    _, win = c.window(4096)
    return Verdict(c.rule.level, c.secret, "service-account JSON") if b"service_account" in win else None


_HEX32 = re.compile(rb"(?<![0-9A-Za-z])[0-9a-f]{32}(?![0-9A-Za-z])")
_ALNUM32 = re.compile(rb"(?<![0-9A-Za-z])[A-Za-z0-9]{32}(?![0-9A-Za-z])")


def _partner(c: Candidate, pattern: re.Pattern[bytes], what: str) -> Verdict | None:
    lo, win = c.window()
    for m in pattern.finditer(win):
        start = lo + m.start()
        if c.match.start() <= start < c.match.end():
            continue
        value = m.group().decode()
        if is_placeholder(value) or entropy(value) < 3.0:
            continue
        return Verdict(c.rule.level, value, f"SID {c.secret[:2]}…{c.secret[-4:]} with its {what}",
                       ((start, lo + m.end()),))
    return None


def _google_api_key(c: Candidate) -> Verdict | None:
    """An ``AIza`` key used with Firebase Auth nearby (see :mod:`.public_clients`): the Firebase web key every page
    ships, information; any other use keeps the rule's level (a Gemini or Maps key is billed to its owner)."""
    used = firebase_use(c.data, *c.match.span())
    if used:
        return Verdict(Level.INFO, c.secret, f"Firebase web API key (used with {used}): it ships in every visitor's "
                                             "page, public by design — its API restrictions decide what else it "
                                             "reaches")
    return Verdict(c.rule.level, c.secret)


def _twilio_pair(c: Candidate) -> Verdict | None:
    return _partner(c, _HEX32, "auth token")


def _twilio_key_pair(c: Candidate) -> Verdict | None:
    return _partner(c, _ALNUM32, "API secret")


def _private_key(c: Candidate) -> Verdict | None:
    body = re.sub(r"\s|\\[nr]", "", c.secret)
    if len(body) < 64 or entropy(body) < 4.5:
        return None
    label = c.match.group("label").decode()
    headers = c.match.group("headers").decode()
    if "ENCRYPTED" in label or "ENCRYPTED" in headers:
        return Verdict(Level.WARN, body, "encrypted private key (its passphrase protects it)")
    return Verdict(c.rule.level, body, f"{label.strip() or 'PKCS#8'} private key".strip())


# Loopback, and the host as seen from a container: Docker's `host.docker.internal` and the default bridge gateway
# `172.17.0.1` (the address a container reaches the host's database at on Linux). Other private addresses may be a
# production network's (`10.0.0.5`): not local.
_LOCAL_HOSTS = ("localhost", "127.0.0.1", "0.0.0.0", "[::1]", "host.docker.internal", "172.17.0.1")


def _database_url(c: Candidate) -> Verdict | None:
    password = c.secret
    user = c.match.group("user").decode()
    host = c.match.group("host").decode().rsplit(":", 1)[0].lower()
    if password.lower() in _DEFAULT_PASSWORDS or password == user or is_placeholder(password) or masked(password):
        return None
    if documentation_host(host):
        return None  # cluster0.example.mongodb.net, db.example.com: a documentation URL, no server
    # `mysql://用户名:密码@主机地址/数据库名称` ("user:password@host/dbname"): a raw non-ASCII password (a real one in a
    # URL is percent-encoded), or a host that is a non-ASCII word with no dot (no hostname): a template in words.
    if not password.isascii() or (not host.isascii() and "." not in host):
        return None
    scheme = c.match.group().split(b"://", 1)[0].decode()
    default = spelled_default(password, user, host)
    if default and service_host(host):
        return Verdict(Level.INFO, password, f"{scheme} URL with a default password for the compose service or local "
                                             f"host {host}: {default}, the same in every copy")
    if host in _LOCAL_HOSTS:
        return Verdict(Level.WARN, password, f"{scheme} URL with a password for a local host")
    return Verdict(c.rule.level, password, f"{scheme} URL with a password")


_HEX = re.compile(r"[0-9a-fA-F]+")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*(?:\.[A-Za-z_$][A-Za-z0-9_$]*)*(?:\(.*)?")
_WORDS = re.compile(r"[A-Za-z]{1,20}(?:[-_./][A-Za-z]{1,20})+")
_STRONG_NAME = re.compile(
    r"secret|passw|private|api[_\-]?key|auth[_\-]?token|access[_\-]?token|oauth|credential|bearer|"
    r"(?:^|[_\-.])auth$|refresh[_\-]?token|bot[_\-]?token|service[_\-]?key", re.IGNORECASE)
_REFERENCE_NAME = re.compile(
    r"(?:name|names|id|ids|ref|path|file|url|uri|header|type|field|env|var|prefix|length|len|count|expiry|"
    r"expires|ttl|label|hint|placeholder|mask|pattern|regex|format|hash|digest|fingerprint|mode|version|"
    r"provider|policy|location|store|enabled|required|key_?size|algorithm|alg|izer|tokens)$", re.IGNORECASE)
_WEAK_VALUE = re.compile(r"django-insecure-|insecure|^dev[-_]|^test[-_]|^local[-_]", re.IGNORECASE)
# The generic rule's keywords, and what turns one into another word when it runs on inside the same word part:
# `tokenizer`, `tokenized`, `secretary`, `passwordless` name no secret (`tokens`, `apitoken`, `secretkey` still do).
_KEYWORD = re.compile(r"secret|passw(?:or)?d|token|api[_\-]?key|access[_\-]?key|private[_\-]?key|credential|"
                      r"auth[_\-]?key", re.IGNORECASE)
_OTHER_WORD = re.compile(r"i[sz](?:e|er|ers|ed|es|ing|ation|ations)|ar(?:y|ies|iat)|less", re.IGNORECASE)
# `Quivr/gpt-3.5-turbo`, `meta-llama/Llama-2-7b-chat-hf`: an `owner/name` repository or model id, every piece a
# word, a number or a short version tag — no run of random characters a credential would hold.
_REPO_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,38}/[A-Za-z0-9][A-Za-z0-9_.\-]{0,95}")
_ID_PIECE = re.compile(r"[A-Za-z]{1,20}|[0-9]{1,8}|[A-Za-z0-9]{1,4}")


def names_a_secret(name: str) -> bool:
    """Does a keyword name a secret *as a word* in ``name``? A keyword counts unless the letters it runs on into,
    in its own case (snake, kebab and camel parts end where the case changes), make another word: ``tokenizer_hub``
    names no secret, ``NGROK_AUTHTOKEN``, ``secretkey``, ``api_tokens`` and ``tokenSecret`` do."""
    for m in _KEYWORD.finditer(name):
        rest = name[m.end():]
        run = re.match(r"[a-z]*" if name[m.end() - 1].islower() else r"[A-Z]*", rest)
        if not (run and _OTHER_WORD.match(run.group())):
            return True
    return False


def repo_id(value: str) -> bool:
    """An ``owner/name`` repository or model id made of words and version numbers, not a credential."""
    if not _REPO_ID.fullmatch(value) or not re.search(r"[\-.]", value.split("/", 1)[1]):
        return False
    return all(_ID_PIECE.fullmatch(piece) for piece in re.split(r"[/\-._]+", value) if piece)


# `support.constant.color.w3c-standard-color-name.css` (a TextMate scope in an editor colour theme's `token:`),
# `auth.password.reset.title` (an i18n key), `com.acme.token-service` (a package name): three or more lowercase
# dot-joined segments of words and short numbers — a name, not a value. A credential is neither all lower case nor
# made of words.
_DOTTED_NAME = re.compile(r"[a-z][a-z0-9\-]*(?:\.[a-z][a-z0-9\-]*){2,}")


def dotted_name(value: str) -> bool:
    """A lowercase dotted name of words (a scope, message key or package name), not a credential."""
    if not _DOTTED_NAME.fullmatch(value):
        return False
    pieces = [p for p in re.split(r"[.\-]+", value) if p]
    words = sum(p.isalpha() and len(p) >= 3 for p in pieces)
    return all(_ID_PIECE.fullmatch(p) for p in pieces) and 2 * words >= len(pieces)


_DOTTED_REFERENCE = re.compile(r"[A-Za-z_$#][\w$#]*(?:\.[A-Za-z_$#][\w$#]*)+")
_ARN_BEFORE = re.compile(rb"\barn:[\w-]+:[\w-]+:[\w-]*:\d*:\S*$")


def _line_before(c: Candidate) -> bytes:
    """The text of the match's line before the match."""
    lo, win = c.window(200)
    return win[: c.match.start() - lo].rsplit(b"\n", 1)[-1]


_NAME = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*(?:\.[A-Za-z_$][A-Za-z0-9_$]*)*")


def _code_reference(c: Candidate, value: str) -> bool:
    """In a program's source, an unquoted name (``auth0ClientSecret``, ``this.s3Key``) refers to a variable."""
    start = c.match.start("secret")
    if start > 0 and c.data[start - 1:start] in (b"'", b'"', b"`"):
        return False
    return bool(_NAME.fullmatch(value))


def _unquoted_expression(c: Candidate, value: str) -> bool:
    """An unquoted dotted name (``settings.S3_KEY``) or a call (``base64.b64encode(``): code, not a literal."""
    start = c.match.start("secret")
    if start > 0 and c.data[start - 1:start] in (b"'", b'"', b"`"):
        return False
    end = c.match.end("secret")
    return bool(_DOTTED_REFERENCE.fullmatch(value)) or c.data[end:end + 1] == b"("


# A value is a string literal or an env/config file's value: not a type, an expression, an identifier, a CSS
# selector, a path or a format string. Unquoted, it must be the rest of its line (`KEY=value`, `key: value`, an
# optional trailing comment) — `credentials: DT2ICredentialsAny)` and `x = normalized_tokens**penalty` are code.
_REST_OF_LINE = re.compile(rb"[ \t]*(?:(?:#|//)[^\n]*)?\r?(?:\n|$)")
_SELECTOR = re.compile(r"[#.][A-Za-z][A-Za-z0-9_-]*")
_WORD_PART = re.compile(r"[A-Z]?[a-z]{1,20}|[A-Z]{1,8}|[0-9]{1,3}")
_PATH = re.compile(r"(?:~|\.{1,2})?/?(?:[A-Za-z0-9_.-]+/)+[A-Za-z0-9_.-]+")
_EXPRESSION_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*|[0-9]+(?:\.[0-9]+)?")
_LITERAL_GOES_ON = re.compile(rb"[\s{}]")  # a sentence or a template goes on; a key does not


def _words_only(text: str) -> bool:
    """``onboardingPassword``, ``privateGpt-password``: camel, snake or kebab words and short numbers only."""
    parts = [p for p in re.split(r"[-_.]+", text) if p]
    return bool(parts) and all(_WORD_PART.fullmatch(w) for p in parts for w in re.findall(r"[A-Z]*[a-z0-9]*", p)
                               if w)


def not_a_value(c: Candidate, value: str) -> str:
    """Why the matched text is no secret value ("" when it may be one): code, a selector, a path, a format."""
    start, end = c.match.start("secret"), c.match.end("secret")
    quote = c.data[start - 1:start] if start > 0 else b""
    if quote not in (b"'", b'"', b"`"):
        if not _REST_OF_LINE.match(c.data, end):
            return "code, not a literal (a type, an expression or a name)"
        names = re.split(r"\*\*|[-+*/%]", value)
        if len(names) > 1 and all(_EXPRESSION_NAME.fullmatch(n) and _words_only(n) for n in names):
            return "an expression of named values"  # x = normalized_tokens**token_exponent_penalty
        return ""
    if _LITERAL_GOES_ON.match(c.data, end):
        return "a longer string (a sentence, a template or a format string), not a token"
    if _SELECTOR.fullmatch(value) and _words_only(value[1:]):
        return "a CSS selector"
    if "/" in value and _PATH.fullmatch(value) and all(
            _ID_PIECE.fullmatch(piece) for piece in re.split(r"[/\-._~]+", value) if piece):
        return "a file path"
    return ""


# Client identifiers that are public by design, named by the variable and the configuration around it: an
# Algolia search-only key sits in a search client's config next to its app id and index name (DocSearch), a
# Chatwoot `websiteToken` identifies a website inbox to the widget every visitor loads.
_PUBLIC_CLIENT_KEYS: tuple[tuple[re.Pattern[str], tuple[re.Pattern[bytes], ...], str], ...] = (
    (re.compile(r"^(?:apiKey|api_key|searchApiKey|search_api_key|searchKey)$"),
     (re.compile(rb"\b(?:appId|app_id|applicationId|application_id)\b"), re.compile(rb"\b(?:indexName|index_name)\b")),
     "Algolia search-only API key (beside appId and indexName): public by design"),
    (re.compile(r"^websiteToken$"), (re.compile(rb"(?i)chatwoot"),),
     "Chatwoot website token (identifies the inbox to the public widget): public by design"),
)


def _public_client_key(c: Candidate, name: str) -> str:
    """The note for a known public-by-design client identifier, or ``""``."""
    bare = name.strip("'\"` ").rsplit(".", 1)[-1]
    _, around = c.window(400)
    for named, contexts, note in _PUBLIC_CLIENT_KEYS:
        if named.match(bare) and all(ctx.search(around) for ctx in contexts):
            return note
    return ""


def _generic(c: Candidate) -> Verdict | None:
    """A keyword-named assignment with a random-looking value. Blocks (fail) only when a reviewer
    would accept it on sight: a credential-named variable (``*_SECRET``, ``*_API_KEY``, ``password``)
    holding 24+ characters that mix three character classes at high entropy. Hex and UUID values
    count only under credential names (hashes, SHAs and ids live under "token"-ish names), and stay
    warnings; so does everything weaker, saying what would confirm it."""
    value = c.secret.rstrip(".")
    name = c.match.group("name").decode()
    start = c.match.start("name")
    if start > 0 and c.data[start - 1:start] in (b"?", b"&"):
        value = value.split("&", 1)[0]  # `…?MJ_API_SECRET=sk-xxx&UPLOADER_URL=`: a query parameter ends at `&`
    if is_placeholder(value) or len(value) < 16 or value.startswith(("!", "&", "*", "=")):
        return None  # negations and references: !!process.env.KEY, &anchor, *alias
    if _IDENTIFIER.fullmatch(value) and not re.search(r"\d", value):
        return None  # a variable, attribute or call: settings.api_key, getToken()
    if _unquoted_expression(c, value):
        return None  # settings.S3_SECRET_ACCESS_KEY, this.#config.bot_token, base64.b64encode(…)
    if not_a_value(c, value):
        return None  # credentials: DT2ICredentialsAny; passwordSelector: "#loginPassword"; "secrets/{name}.json"
    if _ARN_BEFORE.search(_line_before(c)):
        return None  # "…:secret:name-AbC123" in an AWS ARN names a Secrets Manager entry, it is no value
    if _WORDS.fullmatch(value) or made_of_words(value) or action_type(value):
        return None  # words: huggingchat-operator-secrets, sk-my-openai-1st-key, @canvas/SET_COMPONENT_CREDENTIALS
    if c.code and _code_reference(c, value):
        return None  # clientSecret: auth0ClientSecret — a name in a program, not a value
    if marker_constant(name, value) or public_example_jwt(value):
        return None  # REDACTED_CREDENTIAL_VALUE = '_FLOWISE_BLANK_<uuid>'; the jwt.io sample token
    if not names_a_secret(name):
        return None  # the keyword runs on into another word: tokenizer_hub, secretary_email
    if repo_id(value):
        return None  # Quivr/gpt-3.5-turbo, meta-llama/Llama-2-7b-chat-hf: a repository or model id
    if dotted_name(value):
        return None  # support.constant.color.w3c-standard-color-name.css: a theme scope, message key, package name
    if _REFERENCE_NAME.search(name.rstrip("_-.")):
        return None  # the variable names or describes a secret: secretName, tokenUrl, password_hash
    if value.startswith(("http://", "https://", "/", "./")):
        return None
    public = _public_client_key(c, name)
    if public:
        return Verdict(Level.INFO, value, public)
    anonymous = anonymous_client(c.data, c.match.start("secret"), c.match.end("secret"), name)
    strong = bool(_STRONG_NAME.search(name))
    hexlike = bool(_HEX.fullmatch(value) or _UUID.fullmatch(value))
    if hexlike:
        if not strong or len(value) < 32 or entropy(value) < 3.0:
            return None  # hashes, git SHAs and ids under a "token"-ish name
        return Verdict(Level.WARN, value, f"hex/UUID value assigned to {name[:60]} — a credential by its name; "
                                          "confirm it is not an id or a hash")
    kinds = sum(bool(re.search(p, value)) for p in ("[a-z]", "[A-Z]", "[0-9]", r"[^A-Za-z0-9]"))
    if kinds < 2 or entropy(value) < 3.3:
        return None
    alnum = sum(bool(re.search(p, value)) for p in _CLASSES)
    if strong and len(value) >= 24 and alnum == 3 and entropy(value) >= 4.2 and not _WEAK_VALUE.search(value) \
            and not anonymous:
        return Verdict(Level.FAIL, value, f"a {len(value)}-character value written into the file (mixed case and "
                                          f"digits, {entropy(value):.1f} bits per character) assigned to {name[:60]}")
    if anonymous:
        return Verdict(Level.WARN, value, f"high-entropy value assigned to {name[:60]} — {anonymous}")
    return Verdict(Level.WARN, value, f"high-entropy value assigned to {name[:60]} — confirm it is a live "
                                      "credential (rotate it) or mark it with launchready: ignore[<id>] <reason>")


CHECKS: dict[str, Check] = {
    "": _plain,
    "github-crc32": _github,
    "jwt": _jwt,
    "aws-pair": _aws_pair,
    "aws-alone": _aws_alone,
    "gcp-service-account": _gcp_service_account,
    "twilio-pair": _twilio_pair,
    "twilio-key-pair": _twilio_key_pair,
    "private-key": _private_key,
    "database-url": _database_url,
    "sk-style": _sk_style,
    "generic": _generic,
    "random": _random,
    "basic-auth-b64": _basic_auth_b64,
    "google-api-key": _google_api_key,
}
