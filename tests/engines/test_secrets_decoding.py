"""Decoding is bounded on hostile input: bombs, corrupt archives, binary noise, huge base64."""

from __future__ import annotations

import base64
import gzip
import io
import os
import time
import zipfile

from launchready.engines.secrets.decoding import MAX_VIEW_BYTES, file_views, inline_views


def test_a_zip_bomb_member_is_read_only_up_to_the_cap() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("big.env", b"A" * (200 * 1024 * 1024))  # ~200 KB compressed
        zf.writestr("small.env", b"KEY=value-here\n")
    t0 = time.monotonic()
    views = file_views(buf.getvalue())
    assert time.monotonic() - t0 < 10
    assert [v.member for v in views] == ["big.env", "small.env"]
    assert len(views[0].text) == MAX_VIEW_BYTES


def test_a_gzip_bomb_is_cut_at_the_cap_and_corrupt_archives_yield_nothing() -> None:
    bomb = gzip.compress(b"x" * (100 * 1024 * 1024), mtime=0)
    [view] = file_views(bomb)
    assert len(view.text) == MAX_VIEW_BYTES and view.how == "gzip-decompressed"
    assert file_views(b"\x1f\x8b\x08\x00garbage") == []
    assert file_views(b"PK\x03\x04" + os.urandom(200)) == []
    assert file_views(os.urandom(4096)) == []  # binary noise is neither UTF-16 nor an archive


def test_utf16_without_a_bom_is_recognised() -> None:
    [view] = file_views("OPENAI_API_KEY=\r\nPORT=3000\r\n".encode("utf-16-le"))
    assert view.text == b"OPENAI_API_KEY=\r\nPORT=3000\r\n" and view.how == "UTF-16 decoded"


def test_data_uris_hex_digests_and_binary_base64_are_not_decoded() -> None:
    png = base64.b64encode(os.urandom(300)).decode()
    text = (f'<img src="data:image/png;base64,{base64.b64encode(b"KEY=not-an-image-at-all").decode()}">\n'
            f"sha = '{'ab12' * 16}'\nblob = '{png}'\n").encode()
    assert inline_views(text) == []
