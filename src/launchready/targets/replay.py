"""The curl command that replays one recorded request, as evidence a reader can paste into a shell.

Two promises. **Who**: a credential the scan sent is written as a shell variable named after the
identity that held it (``"authorization: Bearer $LR_TENANT_B_TOKEN"``), found by value in the headers
actually sent — never by what the calling check believes — with a comment line saying how to set it;
the secret itself is never printed. **Whole**: a command is never cut; a body up to
:data:`INLINE_BODY` characters is quoted whole, a longer (or binary, or partly kept) one is read from
a file (``--data-binary @request-body.bin``) and a comment says it was left out, its size and digest.
A cut can only fall in a comment, never inside a quoted string.

Written here rather than taken from a library: the converters that exist (curlify, httpx-curl) print
every header as it was — the secret included — and know nothing of identities.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from launchready.redaction import MAX_TEXT, redact_text

INLINE_BODY = 16 * 1024
"""The longest request body (characters) quoted whole in a curl line; a longer one goes in a file."""
BODY_FILE = "request-body.bin"
_SKIP_HEADERS = frozenset({"host", "content-length", "accept-encoding", "connection", "user-agent", "accept"})
# Characters a double-quoted shell word treats specially: a header around a variable that holds any
# of them is written in two quotings ('…'"$VAR"'…') instead.
_DOUBLE_QUOTE_SPECIAL = re.compile(r'["\\$`!]')
# Bytes a shell argument cannot carry as typed (NUL) or that a report shows as an escape instead.
_UNTYPABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


@dataclass(frozen=True)
class Credential:
    """A secret the scan sends in a header, with the shell variable a replay reads it from."""

    holder: str
    """Who it identifies: a tenant's name, or "the scanner"."""
    variable: str
    """The environment variable a replay reads it from, e.g. ``LR_TENANT_B_TOKEN``."""
    how: str
    """One line: how a reader sets :attr:`variable` (never the value)."""
    value: str = field(repr=False)


def token_variable(holder: str) -> str:
    """``tenant-b`` → ``LR_TENANT_B_TOKEN``: a variable name a shell accepts, named after the identity."""
    stem = re.sub(r"[^A-Z0-9]+", "_", holder.upper()).strip("_") or "TEST_USER"
    return f"LR_{stem}_TOKEN"


@dataclass(frozen=True)
class RecordedRequest:
    """What :func:`curl_command` needs of a request: as sent, with the credentials found in it."""

    method: str
    url: str
    headers: Mapping[str, str]
    body: str
    body_whole: bool = True
    """False when ``body`` is not the exact text sent (binary, or only its start was kept)."""
    body_size: int = -1
    body_digest: str = ""
    credentials: Sequence[Credential] = ()


def _reference(variable: str, following: str) -> str:
    return "${" + variable + "}" if following[:1].isalnum() or following[:1] == "_" else "$" + variable


def _header_word(name: str, value: str, carried: Sequence[Credential]) -> tuple[str, list[Credential]]:
    """One ``-H`` argument, shell-quoted, each carried secret replaced by its variable."""
    pieces: list[tuple[str, bool]] = [(f"{name}: {value}", False)]  # (text, is a variable reference)
    used: list[Credential] = []
    for cred in sorted(carried, key=lambda c: -len(c.value)):  # a longer value containing a shorter one wins
        if not cred.value:
            continue
        split: list[tuple[str, bool]] = []
        for text, is_ref in pieces:
            if is_ref or cred.value not in text:
                split.append((text, is_ref))
                continue
            parts = text.split(cred.value)
            for i, part in enumerate(parts):
                if i:
                    split.append((cred.variable, True))
                if part:
                    split.append((part, False))
            if cred not in used:
                used.append(cred)
        pieces = split
    if not used:
        return shlex.quote(pieces[0][0]), used
    literal = "".join(t for t, is_ref in pieces if not is_ref)
    if not _DOUBLE_QUOTE_SPECIAL.search(literal):
        word = "".join(_reference(t, pieces[i + 1][0] if i + 1 < len(pieces) and not pieces[i + 1][1] else "")
                       if is_ref else t for i, (t, is_ref) in enumerate(pieces))
        return f'"{word}"', used
    return "".join(f'"${{{t}}}"' if is_ref else shlex.quote(t) for t, is_ref in pieces), used


def _multipart_words(body: str) -> list[str]:
    words = []
    for item in body[len("multipart: "):].split(", "):
        words += ["-F", shlex.quote(item.replace("=", "=@", 1))]
    return words


def body_share(commands: int) -> int:
    """The longest body each of ``commands`` replays in one evidence text may quote: together they stay
    well inside the :data:`~launchready.redaction.MAX_TEXT` a text is cut at, so that cut never falls
    inside one of them."""
    return min(INLINE_BODY, MAX_TEXT // 2 // max(commands, 1))


def curl_command(request: RecordedRequest, inline: int = INLINE_BODY) -> str:
    """The replay: comment lines (how to set each variable; a body left out), then one curl line.

    A body longer than ``inline`` characters is left out (read from a file). Redacted like any
    evidence; the credentials it carried appear only as variable references.
    """
    words = ["curl", "-sS", "-X", shlex.quote(request.method)]
    notes: list[str] = []
    used: list[Credential] = []
    for name, value in request.headers.items():
        low = name.lower()
        if low in _SKIP_HEADERS or (low == "content-type" and value.startswith("multipart/")):
            continue
        word, carried = _header_word(name, value, request.credentials)
        words += ["-H", word]
        used += [c for c in carried if c not in used]
    body = request.body
    if body.startswith("multipart: "):
        words += _multipart_words(body)
        notes.append("# the -F files are the uploaded samples: put files of those names in this directory")
    elif body:
        if request.body_whole and len(body) <= inline and not _UNTYPABLE.search(body):
            words += ["--data-raw", _quoted_body(body)]
        else:
            size = request.body_size if request.body_size >= 0 else len(body.encode())
            why = f"over {inline} characters" if size > inline else "bytes a shell line cannot carry"
            digest = f", sha256 {request.body_digest}" if request.body_digest else ""
            notes.append(f"# the {size}-byte request body ({why}{digest}) is not shown: write the body this "
                         f"evidence describes to {BODY_FILE} before running this")
            words += ["--data-binary", "@" + BODY_FILE]
    words.append(shlex.quote(request.url))
    notes = [f"# set {cred.variable} to {cred.how}" for cred in used] + notes
    # Comments first: a reader pasting the block runs the command last, and the command is one line.
    return redact_text("\n".join([*(_one_line(n) for n in notes), " ".join(words)]))


def _quoted_body(body: str) -> str:
    """``body`` as one shell word on one line: single-quoted, or — when it holds a line break or a tab —
    in bash's ``$'…'`` quoting, so that the command stays a single line of the evidence."""
    if "\n" not in body and "\t" not in body:
        return shlex.quote(body)
    escaped = body.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n").replace("\t", "\\t")
    return f"$'{escaped}'"


def once(detail: str) -> str:
    """``detail`` with each "# set VARIABLE …" line kept only where it first appears: evidence that
    replays five requests as tenant-b says how to set ``$LR_TENANT_B_TOKEN`` once."""
    seen: set[str] = set()
    kept = []
    for line in detail.split("\n"):
        if line.startswith("# set "):
            if line in seen:
                continue
            seen.add(line)
        kept.append(line)
    return "\n".join(kept)


def _one_line(note: str) -> str:
    return " ".join(note.split())


def login_hint(holder: str, method: str, url: str, pointer: str, username_env: str | None) -> str:
    """How to set a tenant's token variable when the scan logged in for it (the value is never shown)."""
    path = urlsplit(url).path or url
    who = f" as ${username_env}" if username_env else ""
    return f"{holder}'s token, the {pointer} of the answer to {method} {path}{who}"
