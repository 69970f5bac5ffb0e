"""Hostile-but-bounded request bodies derived from an OpenAPI body schema.

Why our own generator instead of Schemathesis/Hypothesis: a readiness scan must be deterministic
(the same target gives the same requests and so the same verdict), must spend an explicit number
of requests per operation, and must not report spec-conformance noise (a response field missing
from the schema is not a launch blocker). Hypothesis-driven generation is random, shrinks by
re-sending, and would add a heavy dependency for the handful of probes that matter here. This
module produces a fixed, ordered list of probes per operation — the most telling first, so a
small budget keeps the best ones — and nothing in it talks to the network.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

SCRIPT_MARK = "lr-xss"
URL_NAME = re.compile(r"(?:^|_)(url|uri|link|href|webhook|callback|image|avatar|endpoint|redirect)(?:_|$)|url$",
                      re.IGNORECASE)
ID_LIKE_NAME = re.compile(r"(?:^|_)id$|_ids?$", re.IGNORECASE)


@dataclass(frozen=True)
class Payload:
    """One request body to send and the reason it is hostile."""

    kind: str
    description: str
    json_body: Any = None
    content: bytes | None = None
    content_type: str = "application/json"
    script: str = ""
    """The script text planted in the body, looked for in an HTML answer (reflection)."""
    sink_nonce: str = ""
    """The canary-sink nonce planted in a URL field; a sink hit proves the server fetched it."""
    must_reject: bool = True
    """A 2xx answer is itself a finding (the input was not validated); else only crashes/leaks count."""

    def headers(self) -> dict[str, str]:
        return {"Content-Type": self.content_type}


def resolve(schema: Any, doc: Mapping[str, Any] | None, depth: int = 0) -> dict[str, Any]:
    """The schema with local ``$ref``s and a single-branch ``allOf``/``anyOf`` resolved (bounded)."""
    if not isinstance(schema, dict) or depth > 8:
        return {}
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/") and doc is not None:
        node: Any = doc
        for part in ref[2:].split("/"):
            node = node.get(part) if isinstance(node, dict) else None
        return resolve(node, doc, depth + 1)
    for key in ("allOf", "anyOf", "oneOf"):
        branches = schema.get(key)
        if isinstance(branches, list):
            non_null = [b for b in branches if not (isinstance(b, dict) and b.get("type") == "null")]
            if non_null:
                merged = {k: v for k, v in schema.items() if k != key}
                return {**resolve(non_null[0], doc, depth + 1), **merged}
    return schema


def _mapping(node: Any) -> dict[str, Any]:
    """A schema node that must be an object; anything else (the document is the server's) reads as empty."""
    return node if isinstance(node, dict) else {}


def _names(node: Any) -> list[str]:
    """A schema's ``required`` list; a wrongly typed one reads as empty."""
    return [k for k in node if isinstance(k, str)] if isinstance(node, list) else []


def schema_type(schema: Mapping[str, Any]) -> str:
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "string")
    if not isinstance(kind, str):
        kind = "object" if "properties" in schema else "string"
    return kind


def example_value(schema: Any, doc: Mapping[str, Any] | None, name: str = "", depth: int = 0) -> Any:
    """A plausible valid value for ``schema`` (enough to get past validation to the handler)."""
    resolved = resolve(schema, doc)
    if "example" in resolved:
        return resolved["example"]
    if isinstance(resolved.get("enum"), list) and resolved["enum"]:
        return resolved["enum"][0]
    kind = schema_type(resolved)
    if kind == "object":
        if depth > 4:
            return {}
        props = _mapping(resolved.get("properties"))
        required = _names(resolved.get("required")) or list(props)
        return {k: example_value(props[k], doc, k, depth + 1) for k in required if k in props}
    if kind == "array":
        return [example_value(resolved.get("items"), doc, name, depth + 1)] if depth <= 4 else []
    if kind == "integer":
        minimum = resolved.get("minimum")
        return int(minimum) if isinstance(minimum, int | float) and abs(minimum) < 2**53 else 1
    if kind == "number":
        minimum = resolved.get("minimum")
        return float(minimum) if isinstance(minimum, int | float) and abs(minimum) < 2**53 else 1.0
    if kind == "boolean":
        return False
    fmt = str(resolved.get("format", ""))
    if fmt == "email" or "email" in name.lower():
        return "lr-probe@example.invalid"
    if fmt in {"uri", "url"} or URL_NAME.search(name):
        return "https://example.invalid/"
    return "lr-probe"


def is_url_field(name: str, schema: Mapping[str, Any]) -> bool:
    return schema.get("format") in {"uri", "url", "iri"} or bool(URL_NAME.search(name))


def properties(schema: Mapping[str, Any], doc: Mapping[str, Any] | None) -> dict[str, dict[str, Any]]:
    props = schema.get("properties") or {}
    return {k: resolve(v, doc) for k, v in props.items() if isinstance(v, dict)} if isinstance(props, dict) else {}


def _wrong_value(kind: str) -> Any:
    """A value of a different JSON type than ``kind``."""
    return {"string": 12345, "integer": "not-a-number", "number": "not-a-number", "boolean": "maybe",
            "array": "not-a-list", "object": "not-an-object"}.get(kind, ["unexpected"])


def _nested(depth: int) -> Any:
    node: Any = "lr-deep"
    for _ in range(depth):
        node = {"a": node}
    return node


def _string_fields(base: Mapping[str, Any], props: Mapping[str, Mapping[str, Any]]) -> list[str]:
    names = [k for k, s in props.items() if schema_type(s) == "string" and not s.get("enum")]
    return names or [k for k, v in base.items() if isinstance(v, str)]


def body_payloads(
    schema: Any,
    doc: Mapping[str, Any] | None,
    *,
    max_body_bytes: int,
    sink_url: Callable[[str], tuple[str, str]] | None = None,
    known_body: Mapping[str, Any] | None = None,
) -> list[Payload]:
    """The ordered hostile bodies for one JSON operation (most telling first).

    ``sink_url(field)`` returns ``(nonce, url)`` for a URL-typed field; when given, each such field
    gets its own canary URL so a hit names the field. ``known_body`` is a valid body known from the
    config (the chat adapter's template) for operations whose schema declares no fields.
    """
    resolved = resolve(schema, doc)
    props = properties(resolved, doc)
    base = example_value(resolved, doc)
    if not isinstance(base, dict):
        base = {}
    if not props and known_body:
        base = dict(known_body)
    required = [k for k in _names(resolved.get("required")) if k in props]
    strings = _string_fields(base, props)
    target = strings[0] if strings else "lr_field"
    # A field the server never declared may simply be ignored: only crashes and leaks count there.
    known = bool(strings)
    out: list[Payload] = []

    if sink_url is not None:
        for name, prop in props.items():
            if is_url_field(name, prop):
                nonce, url = sink_url(name)
                out.append(Payload("ssrf", f"field '{name}' set to a loopback canary URL",
                                   {**base, name: url}, sink_nonce=nonce, must_reject=False))
    out.append(Payload("malformed-json", "malformed JSON (truncated object)", content=b'{"lr": "unterminated'))
    out.append(Payload("missing-fields", "empty object: every required field missing", {},
                       must_reject=bool(required)))
    out.append(Payload("oversized", f"a JSON body of {max_body_bytes + 1} bytes (declared limit + 1)",
                       content=oversized_json(max_body_bytes + 1)))
    out.append(Payload("wrong-root", "a JSON array where an object is expected", ["lr-probe"]))
    for name in required or list(props)[:2]:
        out.append(Payload("wrong-type", f"field '{name}' with the wrong JSON type",
                           {**base, name: _wrong_value(schema_type(props[name]))}))
    out.append(Payload("long-string", f"field '{target}' with a 100,000-character string",
                       {**base, target: "A" * 100_000}, must_reject=known))
    out.append(Payload("deep-nesting", f"field '{target}' as a 200-deep nested object",
                       {**base, target: _nested(200)}, must_reject=known))
    out.append(Payload("control-chars", f"field '{target}' with NUL, control and RTL-override characters",
                       {**base, target: "lr\x00\x01\x1b[31m\u202egnp.exe\ufeff\uffff"}, must_reject=False))
    surrogate = json.dumps({**base, target: "LRSURROGATE"}).replace("LRSURROGATE", "\\ud800lr\\udfff")
    out.append(Payload("lone-surrogate", f"field '{target}' with lone UTF-16 surrogates (escaped JSON)",
                       content=surrogate.encode(), must_reject=False))
    script = f"<script>alert('{SCRIPT_MARK}')</script>"
    out.append(Payload("script", f"field '{target}' with a <script> payload", {**base, target: script},
                       script=script, must_reject=False))
    out.append(Payload("wrong-content-type", "the body sent as text/plain", content=b"lr-probe",
                       content_type="text/plain"))
    return out


def oversized_json(size: int) -> bytes:
    """A valid JSON object of exactly ``size`` bytes."""
    head, tail = b'{"lr": "', b'"}'
    return head + b"A" * max(0, size - len(head) - len(tail)) + tail
