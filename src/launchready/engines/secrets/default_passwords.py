"""Passwords a template or a compose stack ships as a default, told by how they are spelled.

A default spells itself: the word ``password`` (or ``secret``, ``pass``, ``changeme``, ``local``, ``admin`` …) joined
to the name of the user or service it belongs to, or a default word with a short number — ``postgres-password``,
``hatchet_password`` for ``hatchet_user@hatchet-postgres``, ``local123``, ``admin1``. No random run, nothing a reader
of the file could not guess; every copy of the template holds the same value. A password with a random run
(``Zk3pQ9vLx2Rt``) or a disguised word (``P@ssw0rd``) is not spelled this way. Words may run together
(``dbpass`` for ``dbuser@mysql``, ``mysecretpassword``).

A spelled default on a compose service or a local host (a single-label name such as ``hatchet-postgres``,
``localhost``) is the stack's starting value, not a leak; what would make it one is a published port, which a
secrets rule cannot see.
"""

from __future__ import annotations

import re

DEFAULT_WORDS = frozenset({
    "password", "passwd", "pass", "pw", "pwd", "secret", "changeme", "change", "me", "default", "local", "dev",
    "development", "test", "testing", "demo", "admin", "root", "user", "db", "database", "app", "docker", "guest",
    "my", "your", "the", "postgres", "mysql", "redis", "mongo", "example", "sample",
})
"""Words a default password is made of, besides the user's and service's names."""
_SELF_WORDS = frozenset({"password", "passwd", "pass", "pw", "pwd", "secret", "changeme", "local", "admin", "default",
                         "dev", "test", "demo"})
"""At least one piece must be one of these: the piece that says "this is the default"."""

_PIECE = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")


def _pieces(text: str) -> list[str]:
    """``hatchet_password`` → hatchet, password; ``SecurePassword123`` → secure, password, 123."""
    return [p.lower() for p in _PIECE.findall(text)]


def _words_of(piece: str, known: frozenset[str] | set[str]) -> list[str]:
    """A run of lower-case letters written as known words without a separator (``dbpass`` → db, pass;
    ``mysecretpassword`` → my, secret, password), or the piece itself when it is not made of them."""
    if piece in known or not piece.isalpha() or len(piece) > 40:
        return [piece]
    split: list[list[str] | None] = [[]] + [None] * len(piece)  # split[i]: the words of piece[:i]
    for end in range(1, len(piece) + 1):
        for start in range(max(0, end - 12), end):
            head = split[start]
            if head is not None and piece[start:end] in known:
                split[end] = [*head, piece[start:end]]
                break
    return split[-1] or [piece]


def spelled_default(password: str, *names: str) -> str:
    """Why ``password`` is a spelled-out default ("" when it is not): every piece a default word, a piece of one of
    ``names`` (the URL's user and host, the variable's name) or a number of at most four digits, at least one piece
    a default word such as ``password``, and nothing but letters, digits and ``-_.`` in it."""
    if not re.fullmatch(r"[A-Za-z0-9._\-]{3,40}", password):
        return ""
    known = DEFAULT_WORDS | {p for n in names for p in _pieces(n) if len(p) >= 2 and not p.isdigit()}
    pieces = [w for p in _pieces(password) for w in _words_of(p, known)]
    if not pieces or not any(p in _SELF_WORDS for p in pieces):
        return ""
    if all(p in known or (p.isdigit() and len(p) <= 4) for p in pieces):
        return f"'{password}' spells a default (the word {next(p for p in pieces if p in _SELF_WORDS)!r}" + (
            f" with {', '.join(sorted({p for p in pieces if p not in DEFAULT_WORDS and not p.isdigit()}))}"
            if any(p not in DEFAULT_WORDS and not p.isdigit() for p in pieces) else "") + ")"
    return ""


def service_host(host: str) -> bool:
    """A compose service or local name: a single label with no dot (``hatchet-postgres``, ``supabase-db``), a
    loopback name, or the host as a container sees it (``host.docker.internal``, Docker's bridge gateway
    ``172.17.0.1``). No such host is reachable from the internet."""
    h = host.rsplit(":", 1)[0].strip("[]").lower()
    return h in ("localhost", "127.0.0.1", "0.0.0.0", "::1", "host.docker.internal", "172.17.0.1") or (
        bool(h) and "." not in h and not h.replace(":", "").isdigit())
