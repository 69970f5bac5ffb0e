"""The ranked HS* secret list: common words first, framework defaults named, guesses from the product's
name and host, PIN-like numbers — all offline."""

from __future__ import annotations

import jwt
import pytest

from launchready.engines import jwt_attacks


@pytest.fixture(autouse=True)
def _short_keys_are_the_point(recwarn: pytest.WarningsRecorder) -> None:
    """PyJWT warns about short HMAC keys; signing with one is what these tests do."""


def _token(secret: str) -> jwt_attacks.ParsedJwt:
    parsed = jwt_attacks.parse(jwt.encode({"sub": "name1"}, secret, algorithm="HS256"))
    assert parsed is not None
    return parsed


def test_trivially_weak_words_rank_first_with_their_kind() -> None:
    ranked = jwt_attacks.candidates()
    assert ranked[:4] == [("secret", "a common word or default"), ("random", "a common word or default"),
                          ("password", "a common word or default"), ("changeme", "a common word or default")]
    kinds = dict(ranked)
    assert kinds["your-256-bit-secret"] == "a framework, tutorial or library default"
    assert kinds["django-insecure-change-me"] == "a framework, tutorial or library default"
    assert kinds["Random123"] == "a common word or default with a common suffix"
    found = jwt_attacks.crack(_token("random"), [w for w, _ in ranked])
    assert found == (2, "random")


def test_guesses_come_from_the_product_name_as_written_and_the_hosts_own_labels() -> None:
    words = jwt_attacks.app_words(["VAmPI", "api.acme-assist.io", "127.0.0.1"])
    assert "VAmPI-secret" in words and "vampi_jwt_secret" in words
    assert "acme-assist-secret" in words and "acmeassist" in words
    assert not any(w.startswith(("127", "io-", "api-")) for w in words)
    ranked = jwt_attacks.candidates(["VAmPI"])
    assert dict(ranked)["vampi-secret"] == "derived from the product's name or host"


def test_the_numeric_sweep_covers_every_pin_up_to_the_given_length() -> None:
    pins = list(jwt_attacks.numeric_secrets(3))
    assert len(pins) == 10 + 100 + 1000 and pins[:2] == ["0", "1"] and "007" in pins and pins[-1] == "999"
    assert jwt_attacks.crack(_token("042"), pins) == (10 + 100 + 43, "042")
