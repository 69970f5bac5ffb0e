"""One control-character policy for every report: what a target sent is shown, never obeyed.

File names and response bodies reach the reports as they were. A raw ESC sequence recolours or
rewrites the reader's terminal (or plants a clickable OSC 8 link); a raw C0 character makes JUnit
XML ill-formed; a C1 character (``\\x9b`` is a one-byte CSI) or a bidirectional override
(``\\u202e``) hides or reorders what is shown; a lone surrogate — a non-UTF-8 file name decoded with
``surrogateescape`` — cannot even be written as UTF-8. :func:`printable` shows each such character as
a visible escape instead (``\\x1b``, ``\\x9b``, ``\\u202e``; a surrogate-escaped byte as the byte it
stood for, ``\\xff``), keeping only newline and tab. Written here rather than taken from a library
because one policy must hold in six formats: rich strips only a few codes and passes ESC through,
XML serialisers write what they are given, JSON escapes C0 but neither C1 nor bidi controls.
"""

from __future__ import annotations

import re
from typing import Any

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
                     "\ud800-\udfff\ufffe\uffff]")


def _visible(m: re.Match[str]) -> str:
    code = ord(m.group(0))
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: the undecodable byte itself
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with every control character (but newline and tab) shown as a visible escape."""
    return _UNSAFE.sub(_visible, text)


def printable_data(data: Any) -> Any:
    """Every string inside ``data`` (dicts, lists, tuples) made :func:`printable`, keys included."""
    if isinstance(data, str):
        return printable(data)
    if isinstance(data, dict):
        return {printable_data(k): printable_data(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [printable_data(v) for v in data]
    return data


def json_escaped(dumped: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with the characters JSON leaves raw
    — DEL, C1, bidi controls, lone surrogates — written as ``\\uXXXX`` escapes: the data is unchanged
    for any JSON reader, the file is valid UTF-8 and prints nothing a terminal would obey. These
    characters only ever occur inside JSON strings, so escaping them in the whole text is exact."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", dumped)
