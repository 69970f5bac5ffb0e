"""The JWT attack engine, in process: every forged token is what it claims to be, and the offline
dictionary test finds a guessable secret without sending anything."""

from __future__ import annotations

import time

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from launchready.engines import jwt_attacks

pytestmark = pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")
REAL_KEY = "a-real-random-key-0123456789abcdef0123456789abcdef"
CLAIMS = {"sub": "1", "tenant_id": 1, "role": "user", "iss": "acme", "aud": "acme-api", "exp": int(time.time()) + 600}


def real_token(key: str = REAL_KEY) -> jwt_attacks.ParsedJwt:
    parsed = jwt_attacks.parse(jwt.encode(CLAIMS, key, algorithm="HS256"))
    assert parsed is not None
    return parsed


def test_parse_reads_header_and_claims_and_refuses_non_jwts() -> None:
    parsed = real_token()
    assert parsed.alg == "HS256" and parsed.is_hmac and parsed.claims["sub"] == "1"
    for not_a_jwt in ("opaque-session-id", "a.b", "e30.e30", "x.y.z", ""):
        assert jwt_attacks.parse(not_a_jwt) is None


def test_alg_none_variants_are_unsigned_with_every_casing_and_unchanged_claims() -> None:
    variants = list(jwt_attacks.none_variants(real_token()))
    assert [v.name for v in variants] == ["alg-none", "alg-None", "alg-NONE"]
    for v in variants:
        signature = v.token.split(".")[2]
        assert signature == ""
        parsed = jwt_attacks.parse(v.token)
        assert parsed is not None and parsed.alg.lower() == "none" and dict(parsed.claims) == CLAIMS


def test_signature_variants_all_fail_verification_with_the_real_key() -> None:
    flips = {"sub": "2", "tenant_id": 2, "role": "admin"}
    variants = list(jwt_attacks.signature_variants(real_token(), flips))
    assert {v.name for v in variants} == {"stripped-signature", "wrong-key", "flipped-sub", "flipped-tenant_id",
                                          "flipped-role"}
    for v in variants:
        with pytest.raises(jwt.InvalidSignatureError):
            jwt.decode(v.token, REAL_KEY, algorithms=["HS256"], audience="acme-api")
    flipped = next(v for v in variants if v.name == "flipped-role")
    assert jwt.decode(flipped.token, options={"verify_signature": False})["role"] == "admin"
    assert flipped.token.rsplit(".", 1)[1] == real_token().raw.rsplit(".", 1)[1]  # the old signature, kept


def test_signed_variants_are_validly_signed_yet_expired_or_misaddressed() -> None:
    variants = {v.name: v for v in jwt_attacks.signed_variants(real_token(), REAL_KEY)}
    assert set(variants) == {"expired-signed", "wrong-iss", "wrong-aud"}
    with pytest.raises(jwt.ExpiredSignatureError):
        jwt.decode(variants["expired-signed"].token, REAL_KEY, algorithms=["HS256"], audience="acme-api")
    with pytest.raises(jwt.InvalidIssuerError):
        jwt.decode(variants["wrong-iss"].token, REAL_KEY, algorithms=["HS256"], audience="acme-api", issuer="acme")
    with pytest.raises(jwt.InvalidAudienceError):
        jwt.decode(variants["wrong-aud"].token, REAL_KEY, algorithms=["HS256"], audience="acme-api")


def test_no_issuer_variants_when_the_token_has_no_iss_or_aud() -> None:
    parsed = jwt_attacks.parse(jwt.encode({"sub": "1"}, REAL_KEY, algorithm="HS256"))
    assert parsed is not None
    assert [v.name for v in jwt_attacks.signed_variants(parsed, REAL_KEY)] == ["expired-signed"]


def test_dictionary_finds_a_guessable_secret_offline_and_not_a_random_one() -> None:
    words = jwt_attacks.wordlist()
    assert len(words) >= 300 and "secret" in words and "your-256-bit-secret" in words
    found = jwt_attacks.crack(real_token("your-256-bit-secret"), words)
    assert found is not None and found[1] == "your-256-bit-secret"
    assert jwt_attacks.crack(real_token(), words) is None
    app_secret = real_token("acme-assist-secret")
    assert jwt_attacks.crack(app_secret, words) is None
    assert jwt_attacks.crack(app_secret, jwt_attacks.app_words(["Acme Assist"])) is not None


def test_dictionary_is_fast() -> None:
    words = jwt_attacks.wordlist() + jwt_attacks.app_words(["Acme Assist", "127.0.0.1"])
    started = time.perf_counter()
    assert jwt_attacks.crack(real_token(), words) is None
    assert time.perf_counter() - started < 0.5


def test_hs_rs_confusion_tokens_are_keyed_with_the_published_public_key() -> None:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    rs_token = jwt_attacks.parse(jwt.encode(CLAIMS, private, algorithm="RS256"))
    assert rs_token is not None and not rs_token.is_hmac
    jwks = {"keys": [{**RSAAlgorithm.to_jwk(private.public_key(), as_dict=True), "kid": "k1"}, {"kty": "oct"}]}
    pems = jwt_attacks.jwk_public_pems(jwks)
    expected = private.public_key().public_bytes(serialization.Encoding.PEM,
                                                 serialization.PublicFormat.SubjectPublicKeyInfo)
    assert pems == [expected]
    variants = list(jwt_attacks.confusion_variants(rs_token, pems))
    assert variants and all(jwt_attacks.parse(v.token).alg == "HS256" for v in variants)  # type: ignore[union-attr]
    first = jwt_attacks.parse(variants[0].token)
    assert first is not None
    import hashlib
    import hmac

    assert hmac.compare_digest(hmac.new(expected, first.signing_input, hashlib.sha256).digest(), first.signature)
