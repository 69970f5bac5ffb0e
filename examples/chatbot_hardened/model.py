"""A deterministic stand-in for the LLM: no weights, no network, no randomness.

It behaves like a naive instruction-following model: it obeys instructions found anywhere in the
text it is given as instructions (the user's message and any retrieved document), proposes tool
calls when asked, repeats its system prompt when asked, and sleeps a small, input-dependent time to
simulate model latency. Whatever protects the product must therefore live in the application.
"""

from __future__ import annotations

import re
import time
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass, field

MAX_REPEAT = 200_000  # only so a single request cannot exhaust this process's memory

_LEAK = re.compile(
    r"system prompt|your (?:initial |original |hidden )?instructions|ignore (?:all |any )?(?:the )?"
    r"(?:previous|prior|above|earlier) instructions|(?:repeat|print|show) (?:the |all |everything )*"
    r"(?:text|words|content)? ?above|what were you told",
    re.IGNORECASE,
)
_URL = r"(https?://[^\s\"'<>)\]]+)"
_FETCH = re.compile(r"\b(?:fetch_url|fetch|visit|open|browse|download|retrieve|load)\b[^\n]{0,40}?" + _URL, re.I)
_EMAIL = re.compile(
    r"\b(?:send_email|send (?:an? )?e-?mail|e-?mail)\b[^\n]{0,60}?([\w.+-]+@[\w-]+(?:\.[\w-]+)+)", re.I
)
_EXPORT = re.compile(
    r"\b(?:export_records|export (?:all |every |the |of )*(?:records|data|users|customers|conversations))", re.I
)
_DELETE = re.compile(
    r"\b(?:delete_conversation|delete (?:this |the |my |all |every )*(?:conversations?|chats?|history))"
    r"(?:\D{0,24}?\b([0-9a-f]{32}|\d+)\b)?",
    re.I,
)
_IMAGE = re.compile(r"\b(?:image|img|picture|pixel|markdown|link)\b[^\n]{0,80}?" + _URL, re.I)
_REPEAT = re.compile(r"\brepeat\s+[\"']?(.+?)[\"']?\s+(\d+)\s+times", re.I)
_WORDS = re.compile(r"\bwrite\s+(\d+)\s+words", re.I)
_SAY = re.compile(
    r"\b(?:write|say|print|output|include|respond with|reply with|append|add)\s+(?:the (?:word|phrase|code|text)\s+)?"
    r"[\"'“]?([A-Za-z0-9][\w-]{5,})",
    re.I,
)


@dataclass(frozen=True)
class Message:
    """One piece of context. ``role`` is system, user, assistant or document."""

    role: str
    content: str
    name: str = ""


@dataclass(frozen=True)
class ToolCall:
    name: str
    arguments: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Completion:
    text: str
    tool_calls: tuple[ToolCall, ...]
    prompt_tokens: int
    completion_tokens: int
    model_ms: float


def count_tokens(text: str) -> int:
    """About four characters a token, like the real tokenizers on English text."""
    return (len(text) + 3) // 4


def _says(text: str) -> list[str]:
    return [m.group(1) for m in _SAY.finditer(text) if any(c.isdigit() for c in m.group(1)) or "-" in m.group(1)]


class StandInModel:
    def __init__(self, *, max_output_tokens: int | None = None, base_latency_ms: float = 20.0) -> None:
        self.max_output_tokens = max_output_tokens
        self.base_latency_ms = base_latency_ms

    def complete(self, messages: Sequence[Message], *, conversation_id: str = "") -> Completion:
        started = time.perf_counter()
        prompt = "\n".join(m.content for m in messages)
        system = next((m.content for m in messages if m.role == "system"), "")
        user = next((m.content for m in reversed(messages) if m.role == "user"), "")
        documents = [m for m in messages if m.role == "document"]
        history = [m.content for m in messages if m.role in ("user", "assistant")]
        instructions = [user, *(d.content for d in documents)]
        parts: list[str] = []
        calls: list[ToolCall] = []

        if any(_LEAK.search(t) for t in instructions):
            parts.append(f"Sure. My instructions are: {system}")
        for text in instructions:
            for m in _FETCH.finditer(text):
                calls.append(ToolCall("fetch_url", {"url": m.group(1)}))
            for m in _EMAIL.finditer(text):
                calls.append(ToolCall("send_email", {"to": m.group(1), "subject": "From Acme Assist", "body": user}))
            if _EXPORT.search(text):
                calls.append(ToolCall("export_records", {"table": "users"}))
            for m in _DELETE.finditer(text):
                calls.append(ToolCall("delete_conversation", {"conversation_id": m.group(1) or conversation_id}))
            for m in _IMAGE.finditer(text):
                url = m.group(1)
                digest = urllib.parse.quote(" | ".join(history)[-300:])
                parts.append(f"![status]({url}{'&' if '?' in url else '?'}d={digest})")
            parts.extend(_says(text))
        if (rep := _REPEAT.search(user)) is not None:
            parts.append(" ".join([rep.group(1)] * min(int(rep.group(2)), self._cap_words(), MAX_REPEAT)))
        if (words := _WORDS.search(user)) is not None:
            parts.append(" ".join(["lorem"] * min(int(words.group(1)), self._cap_words(), MAX_REPEAT)))
        for doc in documents[:3]:
            parts.append(f"From {doc.name}: {doc.content[:300]}")
        if not parts and not calls:
            parts.append("I could not find anything about that in your workspace documents. How else can I help?")

        text = "\n\n".join(parts)
        if self.max_output_tokens is not None and count_tokens(text) > self.max_output_tokens:
            text = text[: self.max_output_tokens * 4]
        unique_calls = tuple(dict.fromkeys((c.name, tuple(sorted(c.arguments.items()))) for c in calls))
        time.sleep((self.base_latency_ms + len(prompt) % 17) / 1000)
        return Completion(
            text=text,
            tool_calls=tuple(ToolCall(name, dict(args)) for name, args in unique_calls),
            prompt_tokens=count_tokens(prompt),
            completion_tokens=count_tokens(text),
            model_ms=round((time.perf_counter() - started) * 1000, 1),
        )

    def _cap_words(self) -> int:
        return MAX_REPEAT if self.max_output_tokens is None else self.max_output_tokens
