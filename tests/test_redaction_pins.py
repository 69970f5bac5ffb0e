"""Pins for redaction's constants and tables, with the numbers written out (not imported, so a changed
constant fails here): the prefix cap, the short mask, the text cap on both sides, the auth schemes a
mask may follow, and the provider prefixes kept from a key cut before it was redacted."""

from __future__ import annotations

import random
import re

import pytest

from launchready.engines.secrets.rules import Rule, Tier, load_rules
from launchready.engines.secrets.samples import expand
from launchready.redaction import (
    _mask_rule_match,
    _rule_maskers,
    excerpt,
    holding_secrets,
    holds_secret,
    redact_secret,
    redact_text,
)

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


# -- the secrets engine's provider rules, replayed by redaction ---------------------------------------------

PROVIDER_RULES = [r for r in load_rules() if r.tier is Tier.PROVIDER]


def _masker(rule: Rule) -> tuple[re.Pattern[str], str | int]:
    found = [(p, g) for lits, p, g in _rule_maskers() if lits == rule.literals
             and p.pattern.endswith(rule.regex.pattern.decode().removeprefix("(?i)") + (")" if rule.boundary else ""))]
    assert found, rule.id
    return found[0]  # rules that differ only in level (aws-access-key / -id) compile to the same masker


def test_redaction_replays_exactly_the_provider_rules() -> None:
    assert len(_rule_maskers()) == len(PROVIDER_RULES) > 40


@pytest.mark.parametrize("rule", PROVIDER_RULES, ids=lambda r: r.id)
def test_each_provider_rule_masks_its_own_positives_by_itself(rule: Rule) -> None:
    pattern, group = _masker(rule)
    rng = random.Random(rule.id)
    for positive in rule.positives:
        text = expand(positive, rng)
        m = pattern.search(text)
        assert m, (rule.id, text)
        secret = m.group(group) or m.group(0)
        masked = pattern.sub(_mask_rule_match(group), text)
        assert secret not in masked and masked != text, (rule.id, masked)
        # only the secret is masked: the variable name a keyword rule matched stays readable
        assert masked == text[:m.start()] + m.group(0).replace(secret, redact_secret(secret), 1) + text[m.end():]
        # the engine reads the literal after a letter or digit only when the rule says so
        glued = pattern.search("x" + text[m.start():])
        assert bool(glued and glued.start() == 1) is (not rule.boundary), rule.id
        # a caseless rule (a provider name in a variable) matches in any case; the others in their own case only
        at = next(i for i in (text.lower().find(lit.lower(), m.start()) for lit in rule.literals) if i >= 0)
        literal = text[at:at + next(len(x) for x in rule.literals if text.lower().startswith(x.lower(), at))]
        if literal.swapcase() != literal:
            swapped = text[:at] + literal.swapcase() + text[at + len(literal):]
            assert bool(pattern.search(swapped)) is rule.caseless, (rule.id, swapped)


@pytest.mark.parametrize("line", ["api_key = undefined", "password: required", "token = optional",
                                  "api_key = os.getenv(API_KEY_NAME)", "secret = env(SECRET_NAME)",
                                  "token: ${TOKEN_VALUE}", "password = {{vault_password}}",
                                  "api_key = os.environ[KEY]", "token = process.env.TOKEN",
                                  "api_key = REQUIRED", "password: Optional", "token = UNDEFINED",
                                  # a provider's keyword rule quoting a reference, not a value
                                  "MISTRAL_API_KEY=yourmistralapikeyhereplaceholder"])
def test_references_and_placeholder_words_are_left_readable(line: str) -> None:
    assert redact_text(line) == line


# -- values the scan holds ----------------------------------------------------------------------------------

def test_a_held_value_under_six_characters_is_masked_as_a_whole_word_only() -> None:
    with holding_secrets(passwords=["ab1cd", "ab1cde"]):
        assert redact_text("ab1cd xab1cdx") == "******** xab1cdx"  # five: a word of its own only
        assert redact_text("xab1cdex") == "x********x"  # six: wherever it appears


def test_a_value_that_is_two_characters_once_stripped_is_not_held() -> None:
    with holding_secrets(passwords=[" ab "]):
        assert redact_text("1, ab , 2") == "1, ab , 2"


def test_a_password_held_again_as_a_token_stays_masked_whole() -> None:
    value = "Zq8RmT2vXw9LpK4n"
    with holding_secrets(passwords=[value]) as known:
        known.add(value)
        assert redact_text(f"[{value}]") == "[********]"


def test_long_text_is_cut_48_characters_before_the_cap_at_the_start_of_the_run_it_falls_in() -> None:
    head = "a" * (65536 - 48 - 10) + " "  # the cut (at 65 488) falls inside the run of b's
    text = head + "b" * 20 + " " + "c" * 1000
    assert redact_text(text) == f"{head}… [{len(text) - len(head)} more characters not shown]"
    # a cut that falls on a space keeps everything before it
    spaced = "a" * (65536 - 48) + " " + "d" * 1000
    assert redact_text(spaced) == f"{'a' * (65536 - 48)}… [{len(spaced) - (65536 - 48)} more characters not shown]"


def test_redact_text_runs_the_provider_rules_a_slack_webhook_keeps_only_its_fixed_prefix() -> None:
    # The one shipped format where the rule replay shows less than redaction's own patterns would.
    [rule] = [r for r in PROVIDER_RULES if r.id == "slack-webhook"]
    url = expand(rule.positives[0], random.Random("slack"))
    secret = url.removeprefix("https://hooks.slack.com/services/")
    assert redact_text(f"posted to {url} ok") == f"posted to https://hooks.slack.com/services/{redact_secret(secret)} ok"


@pytest.mark.parametrize(("text", "width", "shown"), [
    ("abcdef", 6, "abcdef"), ("abcdefg", 6, "abcde…"), ("abcdef", 7, "abcdef"), ("abcd", 1, "…"), ("abc", 0, "…"),
])
def test_an_excerpt_is_cut_with_an_ellipsis_only_when_longer_than_its_width(text: str, width: int, shown: str) -> None:
    assert excerpt(text, width) == shown


def test_empty_text_holds_no_secret() -> None:
    assert holds_secret("") is False
    assert holds_secret(f"key {TOKEN[:4]}") is False and holds_secret(f"Authorization: Bearer {TOKEN}") is True
