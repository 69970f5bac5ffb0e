"""Pins for redaction's constants and tables, with the numbers written out (not imported, so a changed
constant fails here): the prefix cap, the short mask, the text cap on both sides, the auth schemes a
mask may follow, and the provider prefixes kept from a key cut before it was redacted."""

from __future__ import annotations

import pytest

from launchready.redaction import excerpt, redact_secret, redact_text

TOKEN = "Zq8RmT2vXw9LpK4nHs7JdF3cYb6GtE1u"


@pytest.mark.parametrize(("value", "masked"), [
    ("sk-proj-" + TOKEN, "sk-proj-…tE1u"),  # the provider prefix, 8 characters, is kept whole
    ("github_pat_" + TOKEN * 2, "github_p…tE1u"),  # a longer prefix is cut at 8
    ("sk_live_" + TOKEN, "sk_live_…tE1u"),
    ("ab", "****"), ("abc", "****"), ("", "****"),  # a short value: never fewer than four stars
    ("abcdefghijk", "***********"),
])
def test_the_shown_prefix_is_at_most_eight_characters_and_a_short_mask_at_least_four_stars(
        value: str, masked: str) -> None:
    assert redact_secret(value) == masked


@pytest.mark.parametrize("scheme", ["Bearer", "Basic", "Token", "Digest", "bearer", "BASIC"])
def test_an_auth_scheme_before_a_mask_is_already_masked_and_left_as_it_is(scheme: str) -> None:
    for line in (f"Authorization: {scheme} Zq8R…E1u", f"Authorization: {scheme} ********"):
        assert redact_text(line) == line


@pytest.mark.parametrize("scheme", ["Bearer", "Basic", "Token"])
def test_a_scheme_token_in_a_header_is_masked_once_after_the_scheme(scheme: str) -> None:
    line = f"Authorization: {scheme} {TOKEN}"
    assert redact_text(line) == f"Authorization: {scheme} Zq8R…tE1u"


def test_a_run_of_stars_is_a_mask_at_any_length() -> None:
    for n in (4, 11, 12, 16, 40):
        for line in ("password = " + "*" * n, "Cookie: " + "*" * n, "X-API-Key: " + "*" * n):
            assert redact_text(line) == line


@pytest.mark.parametrize("prefix", ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "xoxb-", "xoxp-", "AKIA", "ASIA",
                                    "sk_live_", "rk_test_", "whsec_", "github_pat_", "sb_secret_",
                                    "sk-ant-api03-", "sk-proj-"])
def test_a_key_cut_short_keeps_only_its_provider_prefix(prefix: str) -> None:
    for rest in ("AbCd1234…", "AbCd1234"):
        assert redact_text(f"x {prefix}{rest} y") == f"x {prefix}… y"


def test_the_text_cap_is_sixty_four_kibibytes_on_both_sides() -> None:
    words = "word " * (65536 // 5) + "w"  # exactly 65 536 characters
    assert len(words) == 65536
    assert redact_text(words) == words
    longer = words + "x"
    out = redact_text(longer)
    assert out != longer and out.endswith("more characters not shown]")
    assert len(out) <= 65536
    assert excerpt(words, 70000) == words


def test_a_header_value_with_one_masked_word_and_one_clear_secret_is_masked() -> None:
    for line in (f"Cookie: a=ab…wxyz; session={TOKEN}", f"X-Auth-Token: ab…wxyz {TOKEN}"):
        out = redact_text(line)
        assert TOKEN[:6] not in out and out.startswith(line.split(":")[0]), out


@pytest.mark.parametrize("line", ["Authorization: ******** (set in CI)", "X-API-Key: $API_KEY from the vault",
                                  "Cookie: <session cookie of the test user>"])
def test_a_credential_header_that_shows_a_placeholder_is_left_readable(line: str) -> None:
    assert redact_text(line) == line
