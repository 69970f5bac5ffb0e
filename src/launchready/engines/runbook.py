"""Reading a runbook: Markdown split into sections by heading, and the facts a reviewer looks for —
a named owner, a response time, rollback steps, key rotation per provider, on-call contacts.

Providers are the paid services the product uses, detected from its dependency manifests and
code (an OpenAI key to rotate is only required when the product talks to OpenAI).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass

from launchready.engines.pysource import is_dev_path
from launchready.targets.repo import RepoSnapshot

RUNBOOK_NAMES = re.compile(
    r"(?:^|/)(?:runbook|operations|ops|incident[-_ ]?response|on[-_]?call|handover|playbook)[^/]*"
    r"\.(?:md|markdown|rst|txt)$",
    re.IGNORECASE,
)
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")


@dataclass(frozen=True)
class Section:
    path: str
    line: int
    title: str
    body: str
    level: int = 0

    def mentions(self, *words: str) -> bool:
        text = f"{self.title}\n{self.body}".lower()
        return any(w in text for w in words)


def sections(path: str, text: str) -> list[Section]:
    found: list[Section] = []
    title, start, level = "(top)", 1, 0
    body: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        m = _HEADING.match(line)
        if m:
            found.append(Section(path, start, title, "\n".join(body), level))
            title, start, level, body = m.group(2), number, len(m.group(1)), []
        else:
            body.append(line)
    found.append(Section(path, start, title, "\n".join(body), level))
    return [s for s in found if s.body.strip() or s.title != "(top)"]


def with_subsections(all_sections: list[Section], section: Section) -> Section:
    """``section`` with the text of the deeper-level sections that follow it folded into its body."""
    index = all_sections.index(section)
    parts = [section.body]
    for follower in all_sections[index + 1:]:
        if follower.path != section.path or follower.level <= section.level:
            break
        parts.append(f"{follower.title}\n{follower.body}")
    return Section(section.path, section.line, section.title, "\n".join(parts), section.level)


# Runbook-named files under test data, fixtures, examples or benchmark corpora describe someone else's
# operations (a benchmark's "internal docs"), not this product's.
_NOT_OURS = re.compile(r"(?:^|/)(?:tests?|__tests__|fixtures?|examples?|samples?|benchmarks?|\w*_data|testdata|"
                       r"node_modules|vendor|third_party)/", re.IGNORECASE)


# Instructions for a coding agent (a Claude/Cursor/Copilot/Codex rules folder, an Agent Skill — a folder holding a
# SKILL.md — or AGENTS.md/CLAUDE.md) tell the agent how to work on the code: a release skill's "runbook.md" is a
# command cheat-sheet for the agent, not the product's incident runbook, and asking it for on-call contacts or key
# rotation judges the wrong document.
_AGENT_DIRS = re.compile(r"(?:^|/)(?:\.agents?|\.claude|\.cursor|\.windsurf|\.clinerules|\.roo|\.continue|\.gemini|"
                         r"\.codex|\.kiro|\.junie|\.aider[\w.-]*|\.github/(?:prompts|instructions|agents|chatmodes))/")
_AGENT_FILES = re.compile(r"(?:^|/)(?:AGENTS|CLAUDE|GEMINI)\.md$|(?:^|/)copilot-instructions\.md$|"
                          r"(?:^|/)\.(?:cursor|windsurf)rules$", re.IGNORECASE)


def is_agent_instructions(path: str, tracked: set[str]) -> bool:
    """``path`` is written for a coding agent: under an agent's rules folder, an agent instruction file, or inside
    an Agent Skill (a folder, up to three levels up, that holds a ``SKILL.md``)."""
    if _AGENT_DIRS.search(path) or _AGENT_FILES.search(path):
        return True
    folder = posixpath.dirname(path)
    for _ in range(3):
        if not folder:
            return False
        if f"{folder}/SKILL.md" in tracked:
            return True
        folder = posixpath.dirname(folder)
    return False


# What a reader of a runbook looks for: the more of these a document covers, the more it is the product's runbook.
_FACETS = (("incident", "outage", "emergency"), ("rollback", "roll back", "failed deploy", "revert"), ("rotat",),
           ("on-call", "on call", "contact", "escalation"))


def _coverage(path: str, text: str) -> int:
    titles = "\n".join(s.title.lower() for s in sections(path, text))
    return sum(1 for words in _FACETS if any(w in titles for w in words))


def find_runbooks(repo: RepoSnapshot) -> list[tuple[str, str]]:
    """The product's runbook-named documents, the one whose headings cover most of a runbook first (ties keep the
    repository's order): a thin ``docs/ops.md`` does not stand for the runbook when a full one exists."""
    docs = []
    tracked = set(repo.tracked_files)
    for path in repo.tracked_files:
        if RUNBOOK_NAMES.search(path) and not _NOT_OURS.search(path) and not is_agent_instructions(path, tracked):
            text = repo.read_text(path)
            if text is not None:
                docs.append((path, text))
    return sorted(docs, key=lambda doc: -_coverage(*doc))


PROVIDERS: dict[str, tuple[str, ...]] = {
    "OpenAI": ("openai", "api.openai.com", "sk-proj-"),
    "Anthropic": ("anthropic", "api.anthropic.com"),
    "Stripe": ("stripe",),
    "AWS": ("boto3", "aws-sdk", "@aws-sdk/"),
    "SendGrid": ("sendgrid",),
    "Twilio": ("twilio",),
    "Supabase": ("supabase",),
    "Database": ("postgres", "psycopg", "sqlalchemy", "prisma", "mysql", "sqlite3", "database_url"),
    "JWT signing key": ("pyjwt", "import jwt", "jsonwebtoken", "jose"),
}
_CODE = (".py", ".js", ".ts", ".mjs", ".tsx", ".jsx", "requirements.txt", "pyproject.toml", "package.json",
         ".toml", ".cfg")


def providers_used(repo: RepoSnapshot, *, limit_files: int = 3000) -> dict[str, str]:
    """Provider → the first ``path`` that shows the product uses it."""
    found: dict[str, str] = {}
    for count, path in enumerate(repo.tracked_files):
        if count >= limit_files or len(found) == len(PROVIDERS):
            break
        if not path.endswith(_CODE) or RUNBOOK_NAMES.search(path):
            continue
        text = repo.read_text(path, max_bytes=512 * 1024)
        if text is None:
            continue
        lowered = text.lower()
        for provider, needles in PROVIDERS.items():
            if provider not in found and any(n in lowered for n in needles):
                found[provider] = path
    return found


# Providers whose SDK runs without a key the product holds: AWS SDKs take credentials handed in per call (a
# user's own S3 bucket to ingest from) or from the default chain (an IAM role: no long-lived key to rotate). For
# these, a key to rotate is shown only by a credential read by name from the environment, settings or an env
# template (``AWS_SECRET_ACCESS_KEY``, ``settings.S3_SECRET_ACCESS_KEY``, ``process.env.AWS_ACCESS_KEY_ID``).
HELD_CREDENTIAL: dict[str, re.Pattern[str]] = {
    "AWS": re.compile(r"\b[A-Z][A-Z0-9_]*(?:SECRET_ACCESS_KEY|ACCESS_KEY_ID)\b|\bAWS_SESSION_TOKEN\b"),
}
_ENV_TEMPLATES = re.compile(r"(?:^|/)(?:\.env(?:\.[\w.-]+)?|[\w.-]+\.env(?:\.[\w-]+)?|"
                            r"(?:docker-)?compose[^/]*\.ya?ml|[^/]*\.ya?ml)$")


def held_credentials(repo: RepoSnapshot, providers: Iterable[str], *, limit_files: int = 3000) -> dict[str, str]:
    """Provider → ``"NAME read in path"`` for the providers of ``HELD_CREDENTIAL`` whose key the product holds."""
    wanted = {p: HELD_CREDENTIAL[p] for p in providers if p in HELD_CREDENTIAL}
    found: dict[str, str] = {}
    for count, path in enumerate(repo.tracked_files):
        if count >= limit_files or len(found) == len(wanted):
            break
        if (not (path.endswith(_CODE) or _ENV_TEMPLATES.search(path)) or RUNBOOK_NAMES.search(path)
                or is_dev_path(path) or _NOT_OURS.search(path)):
            continue  # a test's fake key is not one the product holds
        text = repo.read_text(path, max_bytes=512 * 1024)
        if text is None:
            continue
        for provider, pattern in wanted.items():
            m = pattern.search(text) if provider not in found else None
            if m:
                found[provider] = f"{m.group(0)} read in {path}"
    return found


# The words a rotation table uses for a provider's key. Generic rows count for every provider they cover:
# "LLM provider API keys: rotate in the provider console" is a rotation step for OpenAI and Anthropic alike.
_LLM_ROWS = ("llm provider", "model provider", "ai provider", "llm api key", "llm key", "model api key",
             "provider api key", "ai api key")
ROTATION_WORDS: dict[str, tuple[str, ...]] = {
    "OpenAI": ("openai", *_LLM_ROWS),
    "Anthropic": ("anthropic", "claude", *_LLM_ROWS),
    "Stripe": ("stripe",),
    "AWS": ("aws", "iam "),
    "SendGrid": ("sendgrid",),
    "Twilio": ("twilio",),
    "Supabase": ("supabase",),
    "Database": ("database", "db credential", "db password", "postgres", "mysql", "mongo", "connection string"),
    "JWT signing key": ("jwt", "signing key", "session secret", "token secret"),
}


def rotation_covered(provider: str, text: str) -> str:
    """The word of ``text`` (lower-cased) that covers ``provider``'s key rotation, or ``""``."""
    for word in ROTATION_WORDS.get(provider, (provider.lower(),)):
        if word in text:
            return word
    return ""


_MD_LINK = re.compile(r"\[[^\]]*\]\(\s*<?([^)>\s#]+\.(?:md|markdown|rst|txt))(?:#[^)]*)?>?\s*\)", re.IGNORECASE)


def linked_documents(repo: RepoSnapshot, docs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Tracked documents the runbooks link to by relative path (a SECURITY.md with the reporting address)."""
    tracked = set(repo.tracked_files)
    have = {path for path, _ in docs}
    found: list[tuple[str, str]] = []
    for path, text in docs:
        for m in _MD_LINK.finditer(text):
            target = m.group(1)
            if "://" in target:
                continue
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), target)).lstrip("/")
            if resolved in tracked and resolved not in have:
                linked = repo.read_text(resolved)
                if linked is not None:
                    have.add(resolved)
                    found.append((resolved, linked))
    return found


OWNER = re.compile(r"(?:owner|incident commander|on[- ]call|responsible)\s*[:=\-–]\s*(?P<who>[^\n|]{2,80})", re.I)
RESPONSE_TIME = re.compile(r"\b(?P<n>\d{1,3})\s*(?P<unit>min(?:ute)?s?|m\b|hours?|h\b)", re.I)
CONTACT = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+|@[A-Za-z][\w-]{1,38}|\+?\d[\d ()-]{7,}\d")
PLACEHOLDER = re.compile(r"<[^>]+>|\bTODO\b|\bTBD\b|\?\?\?|_{3,}", re.I)
_FENCE = re.compile(r"^\s*(?:```|~~~)")
_INLINE_CODE = re.compile(r"`[^`\n]+`")
_SLOT = re.compile(r"<[^<>\s]+>")


def left_placeholder(body: str) -> re.Match[str] | None:
    """The first placeholder left in ``body``. A ``<word>`` slot inside a fenced code block or inline code is a
    command's parameter (``gh run watch <run-id>``), the usual syntax of a command template, not a blank someone
    forgot to fill; a TODO there, and any ``<...>`` in prose (``Owner: <name>``), still is."""
    kept: list[str] = []
    fenced = False
    for line in body.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
            kept.append(line)
            continue
        kept.append(_SLOT.sub("", line) if fenced else _INLINE_CODE.sub(lambda m: _SLOT.sub("", m.group(0)), line))
    return PLACEHOLDER.search("\n".join(kept))


def named_owner(texts: Iterable[Section]) -> tuple[Section, str] | None:
    for s in texts:
        for m in OWNER.finditer(s.body):
            who = m.group("who").strip(" *`_")
            if who and not PLACEHOLDER.search(who):
                return s, who
    return None


def response_minutes(section: Section) -> int | None:
    for m in RESPONSE_TIME.finditer(section.body):
        n = int(m.group("n"))
        return n * 60 if m.group("unit").lower().startswith("h") else n
    return None
