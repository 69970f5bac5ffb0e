"""Decoded views of content a plain text scan cannot read: the secret is there, but encoded or wrapped.

* inside a text buffer (:func:`inline_views`): base64 values (a Kubernetes ``Secret``'s ``data:``, a
  base64 ``.env`` file, a CI ``ENV_B64=`` variable) and string literals joined with ``+`` or by
  adjacency (``"sk-proj-" + "…"``), each mapped back to the span of the original it came from;
* whole files the text scan skips as binary (:func:`file_views`): UTF-16 text (PowerShell's ``>``),
  gzip (and ``.tar.gz``) and zip archives, one level deep.

Written here rather than taken from a library: the container formats are the standard library's
(``gzip``/``zlib``, ``zipfile``, ``tarfile``); what is ours is choosing what to decode and bounding it
(sizes, member counts, a printable-text test), so a 1 GB zip bomb or a font in a data URI costs
little. History reading can call :func:`file_views` on a binary blob the same way (one hook in
history.py where a blob is judged binary).
"""

from __future__ import annotations

import base64
import binascii
import io
import re
import tarfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

MAX_VIEW_BYTES = 8 * 1024 * 1024
"""Decoded bytes kept per view (a member, a decompressed file)."""
MAX_FILE_VIEW_BYTES = 32 * 1024 * 1024
"""Decoded bytes in all of one file's views together (zip bombs stop here)."""
MAX_MEMBERS = 500
MAX_B64_TOKEN = 64 * 1024
MAX_INLINE_VIEWS = 2000


@dataclass(frozen=True)
class InlineView:
    """Decoded text standing for ``original[start:end]``."""

    start: int
    end: int
    text: bytes
    how: str


@dataclass(frozen=True)
class FileView:
    """Decoded text of a binary file, or of one member of an archive (``member`` "" for the file)."""

    member: str
    text: bytes
    how: str


def printable_text(raw: bytes) -> bool:
    """Decoded bytes worth scanning: UTF-8 text, almost all printable."""
    if len(raw) < 8:
        return False
    try:
        text = raw.decode("ascii" if raw.isascii() else "utf-8")
    except UnicodeDecodeError:
        return False
    if text.isprintable():
        return True
    bad = sum(1 for ch in text if not ch.isprintable() and ch not in "\n\r\t")
    return bad <= len(text) // 50


# -- inside text ---------------------------------------------------------------------------------
_B64_RUN = re.compile(rb"""[:=(,\[][ \t]*["'`]?(?P<b64>[A-Za-z0-9+/]{16,}={0,2})""")
"""A base64 value where values are: after an assignment, a colon, an opening bracket or a comma
(a whole-file blob is :data:`_B64_FILE`); starting at a delimiter keeps the regex fast."""
_B64_NAME = re.compile(rb"(?P<name>[A-Za-z_][A-Za-z0-9_.\-]{0,80})[\"']?[ \t]*(?::=|:|=)[ \t]*[\"'`]?$")
_TOKEN_CHARS = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-.")
_B64_FILE = re.compile(rb"\s*(?:[A-Za-z0-9+/]{4}\s*){6,}(?:[A-Za-z0-9+/]{2,3}={0,2})?\s*")
_STRING = rb"""(?:"[^"\\\n]{1,300}"|'[^'\\\n]{1,300}'|`[^`\\\n$]{1,300}`)"""
_CHAIN = re.compile(_STRING + rb"(?:\s*\+?\s*" + _STRING + rb"){1,30}")
_PIECE = re.compile(_STRING)
_JOIN_HINT = re.compile(rb"""["'`](?:\s*\+\s*|\s+)["'`]""")


def _b64decode(token: bytes) -> bytes | None:
    if len(token) > MAX_B64_TOKEN or len(token) % 4 == 1:
        return None
    try:
        return base64.b64decode(token + b"=" * (-len(token) % 4), validate=True)
    except (ValueError, binascii.Error):
        return None


_HEX_ONLY = re.compile(rb"[0-9a-fA-F]+")
_LOWER, _UPPER, _DIGIT = re.compile(rb"[a-z]"), re.compile(rb"[A-Z]"), re.compile(rb"[0-9]")


def _looks_base64(token: bytes) -> bool:
    """Not a word, a path or a hex digest: base64 of text mixes cases and digits (or pads)."""
    if _HEX_ONLY.fullmatch(token):
        return False
    kinds = sum(bool(p.search(token)) for p in (_LOWER, _UPPER, _DIGIT))
    return kinds >= 2 or token.endswith(b"=")


def inline_views(data: bytes) -> list[InlineView]:
    """Base64 values and joined string literals in ``data``, decoded, with the span each replaces."""
    out: list[InlineView] = []
    whole = _B64_FILE.fullmatch(data) if len(data) <= MAX_B64_TOKEN * 4 else None
    if whole is not None:  # a file that is one base64 blob (wrapped or not): a base64 .env
        raw = _b64decode(re.sub(rb"\s+", b"", data))
        if raw is not None and printable_text(raw):
            out.append(InlineView(0, len(data.rstrip()), raw, "base64-decoded file"))
            return out
    for m in _B64_RUN.finditer(data):
        if len(out) >= MAX_INLINE_VIEWS:
            break
        start, end = m.span("b64")
        token = m.group("b64")
        after = data[end:end + 1]
        if after and (after[0] in _TOKEN_CHARS or after == b"="):
            continue  # part of a longer token: a path, a JWT segment, a URL
        raw = _b64decode(token)  # C-fast; most runs (identifiers, paths) decode to binary noise
        if raw is None or not printable_text(raw) or not _looks_base64(token) \
                or data[max(0, start - 7):start] == b"base64,":
            continue  # (data: URIs are images and fonts)
        named = _B64_NAME.search(data, max(0, start - 120), start)
        name = named.group("name") if named is not None else b""
        # "KEY: <base64 of the value>" (Kubernetes Secret data) is scanned as KEY=<value>, so the
        # name-based rules still see the name; a decoded multi-line file is scanned as it is.
        text = name + b"=" + raw if name and b"\n" not in raw.strip() else raw
        out.append(InlineView(start, end, text, "base64-decoded"))
    done = 0
    for hint in _JOIN_HINT.finditer(data):
        if len(out) >= MAX_INLINE_VIEWS:
            break
        if hint.start() < done:
            continue
        # The literal that ends at this junction opens at the previous quote of its kind on the line.
        line_start = data.rfind(b"\n", 0, hint.start()) + 1
        opening = data.rfind(data[hint.start():hint.start() + 1], line_start, hint.start())
        chain = _CHAIN.match(data, opening) if opening >= 0 else None
        if chain is None or chain.end() <= hint.end():
            continue
        done = chain.end()
        pieces = [p.group()[1:-1] for p in _PIECE.finditer(chain.group())]
        prefix = data[max(line_start, chain.start() - 200):chain.start()]
        out.append(InlineView(chain.start(), chain.end(), prefix + b'"' + b"".join(pieces) + b'"',
                              "string literals joined"))
    return out


# -- whole binary files ---------------------------------------------------------------------------
def _utf16(data: bytes) -> bytes | None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        codec = "utf-16"
    else:
        head = data[:4096]
        if len(head) < 16:
            return None
        odd, even = head[1::2], head[0::2]
        if odd.count(0) > len(odd) * 0.9 and even.count(0) < len(even) * 0.1:
            codec = "utf-16-le"
        elif even.count(0) > len(even) * 0.9 and odd.count(0) < len(odd) * 0.1:
            codec = "utf-16-be"
        else:
            return None
    try:
        text = data[: MAX_VIEW_BYTES * 2].decode(codec, "strict")
    except UnicodeDecodeError:
        return None
    raw = text.encode("utf-8")
    return raw if printable_text(raw) else None


def _gunzip(data: bytes) -> bytes | None:
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        return d.decompress(data, MAX_VIEW_BYTES)
    except zlib.error:
        return None


def _as_text(raw: bytes) -> tuple[bytes, str] | None:
    if not raw:
        return None
    if b"\0" not in raw[:8192]:
        return (raw, "") if printable_text(raw[:65536]) or raw.isascii() else None
    utf16 = _utf16(raw)
    return (utf16, "UTF-16 ") if utf16 is not None else None


def _tar_members(raw: bytes, how: str) -> Iterator[FileView]:
    budget = MAX_FILE_VIEW_BYTES
    try:
        with tarfile.open(fileobj=io.BytesIO(raw), mode="r:") as tar:
            for n, info in enumerate(tar):
                if n >= MAX_MEMBERS or budget <= 0:
                    break
                if not info.isfile() or info.size > MAX_VIEW_BYTES:
                    continue
                fh = tar.extractfile(info)
                if fh is None:
                    continue
                member = fh.read(MAX_VIEW_BYTES)
                budget -= len(member)
                text = _as_text(member)
                if text is not None:
                    yield FileView(info.name, text[0], f"{text[1]}{how}")
    except (tarfile.TarError, OSError, EOFError):
        return


def _zip_members(path_or_data: bytes) -> Iterator[FileView]:
    budget = MAX_FILE_VIEW_BYTES
    try:
        with zipfile.ZipFile(io.BytesIO(path_or_data)) as zf:
            for n, info in enumerate(zf.infolist()):
                if n >= MAX_MEMBERS or budget <= 0:
                    break
                if info.is_dir() or info.flag_bits & 0x1:  # encrypted members cannot be read
                    continue
                with zf.open(info) as fh:
                    member = fh.read(MAX_VIEW_BYTES)
                budget -= len(member)
                text = _as_text(member)
                if text is not None:
                    yield FileView(info.filename, text[0], f"{text[1]}zip member")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError, RuntimeError,
            zlib.error):
        return


def file_views(data: bytes) -> list[FileView]:
    """Text inside a file the plain scan judged binary: UTF-16, gzip (tar.gz), zip. ``data`` is the
    file's first bytes (the caller bounds it)."""
    if data.startswith(b"\x1f\x8b"):
        raw = _gunzip(data)
        if raw is None:
            return []
        if raw[257:262] == b"ustar":
            return list(_tar_members(raw, "tar.gz member"))
        text = _as_text(raw)
        return [FileView("", text[0], f"{text[1]}gzip-decompressed")] if text is not None else []
    if data.startswith(b"PK\x03\x04"):
        return list(_zip_members(data))
    utf16 = _utf16(data)
    return [FileView("", utf16, "UTF-16 decoded")] if utf16 is not None else []
