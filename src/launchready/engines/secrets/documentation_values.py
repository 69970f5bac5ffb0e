"""Values that stand for a credential without being one: documentation hosts, masks, sentinels, words, samples.

Each test reads only the value (or the name it is assigned to), so it holds in any product:

* a database URL on a host of a documentation domain (RFC 2606 / RFC 6761: ``example.com``, ``*.example``,
  ``*.test``, ``*.invalid``, or an ``example`` sub-domain such as ``cluster0.example.mongodb.net``) points
  at no real server;
* a password made only of mask characters (``***``, ``xxx``, ``••••``) or an angle-bracket slot (``<password>``)
  is a form to fill in;
* a constant named as a marker (``REDACTED_CREDENTIAL_VALUE``, ``MASK_TOKEN``, ``BLANK_SECRET``) or whose text says
  so (``_FLOWISE_BLANK_<uuid>``) is what the code writes *instead of* a secret;
* a key-shaped value made of words and ordinals (``sk-my-openai-1st-key``) is a placeholder;
* a Redux/Flux action type (``@canvas/SET_COMPONENT_CREDENTIALS``) is an event name;
* the jwt.io documentation token (its well-known header, payload or signature) and a JWT with no signature are
  public or unusable;
* a key-shaped run inside a file digest (pip's RECORD ``path,sha256=<base64>,size``, npm's ``sha512-<base64>``
  integrity) is part of a hash, not a key.

And one that may be a credential but is not *sure* to be a live one: a key its author marks, beside it, as invalid,
fake, revoked or expired (``# API_KEY = "sk-…" （此key无效）``, "this key is invalid") — a warning, never a pass: only
the provider knows whether it was revoked.
"""

from __future__ import annotations

import base64
import binascii
import json
import re

_DOC_TLDS = ("example", "test", "invalid")
_DOC_DOMAINS = ("example.com", "example.net", "example.org")


def documentation_host(host: str) -> bool:
    """A host of a documentation domain: RFC 2606 names, or a host with an ``example`` sub-domain label."""
    h = host.rsplit("@", 1)[-1].split(",", 1)[0].rsplit(":", 1)[0].strip("[]").lower().rstrip(".")
    labels = h.split(".")
    if len(labels) < 2:
        return False
    # `example` as a sub-domain label (cluster0.example.mongodb.net); `example.cn` itself is someone's domain.
    return labels[-1] in _DOC_TLDS or h.endswith(_DOC_DOMAINS) or "example" in labels[:-2]


_MASK = re.compile(r"[*xX•·●#?._\-]+|<[^<>]{1,40}>|\[[^\[\]]{1,40}\]")


def masked(password: str) -> bool:
    """A password written as a mask (``***``, ``xxx``, ``••••``) or as a slot (``<password>``, ``[PASSWORD]``)."""
    return bool(_MASK.fullmatch(password))


_MARKER_WORD = re.compile(r"(?:^|[^a-z])(?:redacted|blank|placeholder|masked?|sentinel|dummy|fake|obfuscated)"
                          r"(?:[^a-z]|$)", re.IGNORECASE)


def _snake(name: str) -> str:
    """``redactedCredentialValue`` -> ``redacted_Credential_Value``: camel parts become delimited words."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name)


def marker_constant(name: str, value: str) -> str:
    """Why the assignment is a marker the code writes instead of a secret ("" when it is not)."""
    if _MARKER_WORD.search(_snake(name.strip("'\"` "))):
        return f"a marker constant ({name[:60]}): what the code writes instead of a secret"
    if _MARKER_WORD.search(_snake(value)):
        return "a marker value (its text says it is blank, redacted or a placeholder)"
    return ""


_WORD_PIECE = re.compile(r"[A-Za-z]{1,20}|[0-9]{1,4}|[0-9]{1,3}(?:st|nd|rd|th)", re.IGNORECASE)


def made_of_words(value: str) -> bool:
    """A value whose every ``-``/``_``/``.`` piece is a word, an ordinal or a short number, with at least three
    pieces and two words: ``sk-my-openai-1st-key``, ``my-app-key-2`` — a key spelled out, no random run."""
    pieces = [p for p in re.split(r"[-_.]+", value) if p]
    words = sum(p.isalpha() for p in pieces)
    return len(pieces) >= 3 and words >= 2 and all(_WORD_PIECE.fullmatch(p) for p in pieces)


_ACTION_TYPE = re.compile(r"@{1,2}[A-Za-z][A-Za-z0-9]*(?:[-_/.:][A-Za-z][A-Za-z0-9]*)+")


def action_type(value: str) -> bool:
    """A Redux/Flux action type or a scoped event name: ``@canvas/SET_COMPONENT_CREDENTIALS``, ``@@redux/INIT``."""
    return bool(_ACTION_TYPE.fullmatch(value)) and not re.search(r"[0-9]{3}", value)


# jwt.io's sample token: header {"alg":"HS256","typ":"JWT"}, payload {"sub":"1234567890","name":"John Doe",
# "iat":1516239022}, signed with "your-256-bit-secret". Printed in countless READMEs and tests.
_JWT_IO_SIGNATURE = "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"


def _claims(segment: str) -> dict[str, object] | None:
    try:
        obj = json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
    except (ValueError, binascii.Error):
        return None
    return obj if isinstance(obj, dict) else None


def public_example_jwt(value: str) -> str:
    """Why a JWT-shaped value is no usable token ("" when it may be one): the jwt.io sample, or no signature."""
    parts = value.split(".")
    if len(parts) not in (2, 3) or not value.startswith("eyJ"):
        return ""
    header, payload = _claims(parts[0]), _claims(parts[1])
    if header is None or payload is None:
        return ""
    if (len(parts) == 3 and parts[2] == _JWT_IO_SIGNATURE) or str(payload.get("sub")) == "1234567890" or (
            payload.get("iat") == 1516239022):
        return "the jwt.io documentation sample token (sub 1234567890): public, authenticates nowhere"
    if len(parts) == 2 or not parts[2]:
        return "a JWT header and payload with no signature: no server accepts it"
    return ""


# A digest by its algorithm's name and exactly the length that digest has in hex or base64 (padded or not): a random
# key never carries ``sha256=`` in front of it at the digest's own length.
_DIGEST = re.compile(rb"(?<![A-Za-z0-9])sha(1|224|256|384|512)[=:-]([A-Za-z0-9+/_-]+={0,2})", re.IGNORECASE)
_DIGEST_BYTES = {b"1": 20, b"224": 28, b"256": 32, b"384": 48, b"512": 64}
_DIGEST_REACH = 160


def _digest_lengths(n: int) -> tuple[int, int, int]:
    return 2 * n, 4 * ((n + 2) // 3), (4 * n + 2) // 3  # hex, base64 padded, base64 unpadded


def inside_digest(data: bytes, start: int, end: int) -> bool:
    """Does ``data[start:end]`` lie inside a file digest on its line: ``sha256=<base64>`` in pip's RECORD
    (``platformdirs/version.py,sha256=qaN-fw_…,160``: a ``fw_`` run inside the hash is no Fireworks key), npm's
    ``"integrity": "sha512-<base64>"``, a ``sha1:<hex>``? The digest must have its algorithm's exact length."""
    # no digest is longer than 128 characters: read that far either side, on the line (a minified bundle's one line
    # is megabytes long)
    lo = max(start - _DIGEST_REACH, data.rfind(b"\n", max(0, start - _DIGEST_REACH), start) + 1, 0)
    nl = data.find(b"\n", end, end + _DIGEST_REACH)
    hi = min(len(data), end + _DIGEST_REACH) if nl < 0 else nl
    for m in _DIGEST.finditer(data, lo, hi):
        s, e = m.span(2)
        if s <= start and end <= e and len(m.group(2)) in _digest_lengths(_DIGEST_BYTES[m.group(1)]):
            return True
    return False


# What an author writes beside a key to say it does not work: English words and the Chinese ones (无效 "invalid",
# 示例 "example", 假的 "fake", 过期 "expired", 失效 "no longer valid", 作废 "void"). "example" and "sample" only as a
# label on the key (``# example``, ``(sample key)``), not any mention of an example.
_DISOWNED = re.compile(
    r"(?<![A-Za-z])(?:invalid|revoked|expired|deactivated|fake|dummy|bogus|not\s+(?:a\s+)?(?:real|valid|live|working)"
    r"|(?:example|sample)(?=\s*(?:$|[)\]）】]|(?:key|token|only|value)\b)))(?![A-Za-z])"
    r"|无效|示例|假的|过期|失效|作废", re.IGNORECASE)
_NEGATED = re.compile(r"(?:\bnot|n't|\bnever|\bno longer|未|没有?|不)\s*$", re.IGNORECASE)
# Where an author's note sits: a comment, or a bracketed note after the value (``（此key无效）``, ``[revoked]``).
_NOTE_OPEN = re.compile(r"^[\s'\"`,;)\]}]*(?:#|//|/\*|--|<!--|[(（\[【])")
_COMMENT_LINE = re.compile(r"^\s*(?:#|//|/\*|\*|--|<!--|;)")


DISOWNED = "marked invalid by its author"
"""What a finding's note says when the author marks the key invalid (:func:`author_disowned`)."""


def author_disowned(before: str, after: str) -> str:
    """The words by which the author marks the key between ``before`` and ``after`` (its line, split around it) as
    not working — in a comment or bracketed note after it, or on a comment line that holds it — or ""."""
    notes = [after] if _NOTE_OPEN.match(after) else []
    if _COMMENT_LINE.match(before):
        notes += [before, after]
    for note in notes:
        for m in _DISOWNED.finditer(note):
            if not _NEGATED.search(note[:m.start()]):
                return m.group(0)
    return ""
