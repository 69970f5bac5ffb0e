"""Read a response body without letting the server decide how much memory the scan spends.

httpx decodes ``Content-Encoding`` itself, but with no bound on the output of one chunk: a 64 kB
gzip chunk of zeros inflates to 64 MB before the caller can count a byte (a "gzip bomb"). So the
body is read raw (``iter_raw``, which only undoes chunked transfer coding) and inflated here with
``zlib``'s ``max_length``, stopping as soon as either the compressed or the decoded size passes
the cap. The first ``limit`` bytes are kept and the caller is told the body was cut (and why); a
body that cannot be decoded at all raises :class:`IncompleteBody`.
"""

from __future__ import annotations

import zlib

import httpx

_GZIP = 16 + zlib.MAX_WBITS


class IncompleteBody(Exception):
    """The body cannot be decoded (an unknown or corrupt encoding)."""


def _codings(response: httpx.Response) -> list[str]:
    header = response.headers.get("content-encoding", "")
    return [c for c in (p.strip().lower() for p in header.split(",")) if c and c != "identity"]


def read_body(response: httpx.Response, limit: int) -> tuple[bytes, str]:
    """The decoded body of a streamed ``response`` — at most ``limit`` bytes, raw and decoded — and why it
    was cut short (``""`` when it was read to its end)."""
    codings = _codings(response)
    if len(codings) > 1 or (codings and codings[0] not in {"gzip", "x-gzip", "deflate"}):
        raise IncompleteBody(f"Content-Encoding {', '.join(codings)} is not one the scan decodes")
    inflater = None
    if codings:
        inflater = zlib.decompressobj(_GZIP if codings[0] != "deflate" else zlib.MAX_WBITS)
    body = bytearray()
    raw = 0
    first = True
    for chunk in response.iter_raw():
        raw += len(chunk)
        if raw > limit:
            body += chunk[: max(0, limit - len(body))] if inflater is None else b""
            return bytes(body[:limit]), f"the body is larger than {limit // 1024} kB"
        if inflater is None:
            body += chunk
            continue
        try:
            body += inflater.decompress(chunk, limit + 1 - len(body))
        except zlib.error as exc:
            if not (first and codings[0] == "deflate"):
                raise IncompleteBody(f"the {codings[0]} body does not decode: {exc}") from exc
            # "deflate" is often sent without its zlib header (raw deflate), as browsers accept.
            inflater = zlib.decompressobj(-zlib.MAX_WBITS)
            try:
                body += inflater.decompress(chunk, limit + 1 - len(body))
            except zlib.error as raw_exc:
                raise IncompleteBody(f"the deflate body does not decode: {raw_exc}") from raw_exc
        first = False
        if len(body) > limit or inflater.unconsumed_tail:
            return bytes(body[:limit]), f"the {codings[0]} body inflates to more than {limit // 1024} kB"
    return bytes(body), ""
