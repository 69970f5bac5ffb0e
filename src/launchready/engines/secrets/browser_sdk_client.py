"""What a provider SDK client built in browser code (``dangerouslyAllowBrowser: true``) sends, and to whom.

The option only lets the SDK run in a browser; a key ships to visitors when the client's ``apiKey`` is a real
secret the bundle holds and its requests go to the provider. This module reads the object literal that holds the
option — its ``apiKey`` and ``baseURL`` properties — and decides:

- a literal key that cannot be a provider key (empty, a placeholder word, shorter than any provider key): no key of
  the product is in this code (information, naming where requests go);
- a ``baseURL`` on the page's own origin (a relative path, ``window.location``, or a function of this file that
  reads it): requests go to the product's own server, which holds the provider key;
- otherwise the key expression is judged as for a direct provider call (a build-time inlined or literal key fails,
  the user's own key is information, anything else is undetermined).

The SDKs' own guard message (``new OpenAI({ apiKey, dangerouslyAllowBrowser: true })`` in their error text) is
bundled with every copy of the SDK and is no client construction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from launchready.engines.secrets.validators import is_placeholder

_PROVIDER_BASE = "https://api.openai.com/v1 (the SDK's default)"
# The SDKs' error text explaining the option ("… set the `dangerouslyAllowBrowser` option to `true`, e.g.,\n\nnew
# OpenAI({ apiKey, dangerouslyAllowBrowser: true })"), bundled wherever the SDK is.
_SDK_GUARD_TEXT = re.compile(rb"set the \\?`dangerouslyAllowBrowser\\?` option")
_NO_KEY_WORDS = frozenset({"none", "null", "empty", "unused", "not-needed", "not_needed", "notneeded", "nokey",
                           "no-key", "sk-no-key-required", "anything", "any", "x", "-", "ollama", "lm-studio"})
_SHORTEST_PROVIDER_KEY = 20  # OpenAI, Anthropic, Groq, Mistral… keys are all longer than this
_OWN_ORIGIN = re.compile(r"window\.location|location\.(?:origin|host|protocol)|self\.location|document\.baseURI")
_CALLED_FUNCTION = re.compile(r"^`?\$\{\s*(?P<fn>[A-Za-z_$][\w$]*)\(\s*\)\s*\}")


@dataclass(frozen=True)
class SdkClient:
    """The properties of one SDK constructor's options object: the key expression and where requests go."""

    api_key: str | None  # the expression, as written; None when the object has no apiKey
    base_url: str | None  # the expression, as written; None when the SDK's default applies
    own_origin: bool  # base_url is the page's own origin (relative, window.location, or a function reading it)

    @property
    def destination(self) -> str:
        return self.base_url if self.base_url is not None else _PROVIDER_BASE


def in_sdk_guard_text(data: bytes, at: int) -> bool:
    """Is the option at ``at`` part of the SDK's own error message (bundled with the SDK), not a construction?"""
    return bool(_SDK_GUARD_TEXT.search(data, max(0, at - 120), at))


def read_client(data: bytes, at: int) -> SdkClient | None:
    """The options object around the ``dangerouslyAllowBrowser`` written at ``at``; None when none is found."""
    body = _enclosing_object(data, at)
    if body is None:
        return None
    key = _property(body, "apiKey")
    base = _property(body, "baseURL")
    return SdkClient(key, base, base is not None and _on_own_origin(base, data))


def placeholder_key(expr: str) -> bool:
    """A literal key no provider issues: empty, a placeholder word, or shorter than any provider key."""
    if not expr or expr[0] not in "\"'`" or "${" in expr:
        return False
    text = expr.strip("\"'`").strip()
    if not text or text.lower() in _NO_KEY_WORDS or is_placeholder(text):
        return True
    return len(text) < _SHORTEST_PROVIDER_KEY


def _enclosing_object(data: bytes, at: int) -> str | None:
    depth, start = 0, -1
    for i in range(at - 1, max(-1, at - 2000), -1):
        ch = data[i]
        if ch == ord("}"):
            depth += 1
        elif ch == ord("{"):
            if depth == 0:
                start = i
                break
            depth -= 1
    if start < 0:
        return None
    depth = 0
    for j in range(start, min(len(data), start + 4000)):
        ch = data[j]
        if ch == ord("{"):
            depth += 1
        elif ch == ord("}"):
            depth -= 1
            if depth == 0:
                return data[start + 1 : j].decode("utf-8", "replace")
    return None


def _property(body: str, name: str) -> str | None:
    """The expression of top-level property ``name`` (``name: expr`` or shorthand ``name``) in an object body."""
    for part in _top_level_parts(body):
        key, sep, value = part.partition(":")
        key = key.strip().strip("\"'")
        if key == name:
            return value.strip() if sep else name
    return None


def _top_level_parts(body: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    depth, quote = 0, ""
    for ch in body:
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'`":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        current.append(ch)
    parts.append("".join(current))
    return [p for p in parts if p.strip()]


def _on_own_origin(base: str, data: bytes) -> bool:
    text = base.strip("\"'`")
    if text.startswith("/") and not text.startswith("//"):
        return True
    if _OWN_ORIGIN.search(base):
        return True
    m = _CALLED_FUNCTION.match(base)
    if m is None:
        return False
    fn = re.escape(m.group("fn")).encode()
    definition = re.search(rb"function\s+" + fn + rb"\s*\(|(?:const|let|var)\s+" + fn + rb"\s*=", data)
    return definition is not None and bool(
        _OWN_ORIGIN.search(data[definition.end() : definition.end() + 400].decode("utf-8", "replace")))
