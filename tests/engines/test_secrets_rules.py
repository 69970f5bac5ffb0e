"""Every rule's true-positive samples are found (as that rule), and its look-alikes are not."""

from __future__ import annotations

import random

import pytest

from launchready.engines.secrets.matcher import hyperscan_available, make_prefilter
from launchready.engines.secrets.rules import Level, Rule, load_rules
from launchready.engines.secrets.samples import expand
from launchready.engines.secrets.scanner import scan_buffer

RULES = load_rules()
ENGINES = ["python", pytest.param(
    "hyperscan", marks=pytest.mark.skipif(not hyperscan_available(), reason="hyperscan not installed"))]


def _scan(text: str, engine: str) -> list[tuple[str, Level]]:
    hits = scan_buffer(text.encode(), make_prefilter(RULES, engine), RULES)
    return [(h.rule.id, h.level) for h in hits]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_finds_its_positives_and_ignores_its_look_alikes(rule: Rule, engine: str) -> None:
    rng = random.Random(rule.id)
    assert rule.positives, f"{rule.id} has no true-positive sample"
    for template in rule.positives:
        for _ in range(5):
            sample = expand(template, rng)
            found = _scan(sample, engine)
            assert [rid for rid, _ in found] == [rule.id], (template, found)
    for template in rule.negatives:
        sample = expand(template, rng)
        found = _scan(sample, engine)
        assert rule.id not in [rid for rid, _ in found], (template, found)
        assert all(level is not Level.FAIL for _, level in found), (template, found)


def test_every_rule_starts_with_a_fixed_literal() -> None:
    for rule in RULES:
        assert rule.literals and all(rule.literals)


def test_rules_cover_the_issue_providers() -> None:
    ids = {r.id for r in RULES}
    for needed in ("openai-project-key", "openai-service-account-key", "openai-admin-key", "openai-legacy-key",
                   "anthropic-api-key", "anthropic-admin-key", "stripe-secret-key", "stripe-restricted-key",
                   "stripe-test-key", "stripe-webhook-secret", "aws-access-key", "aws-bedrock-key",
                   "gcp-service-account", "gcp-api-key", "slack-token", "slack-webhook", "github-token",
                   "sendgrid-api-key", "twilio-auth-token", "supabase-secret-key", "supabase-access-token",
                   "jwt", "groq-api-key", "xai-api-key", "huggingface-token", "perplexity-api-key",
                   "langsmith-api-key", "pinecone-api-key", "private-key", "database-url"):
        assert needed in ids


@pytest.mark.parametrize("engine", ENGINES)
def test_levels_follow_the_kind_of_key(engine: str) -> None:
    rng = random.Random(7)
    assert _scan(expand("k=sk_live_{A:30}", rng), engine) == [("stripe-secret-key", Level.FAIL)]
    assert _scan(expand("k=sk_test_{A:30}", rng), engine) == [("stripe-test-key", Level.WARN)]
    assert _scan(expand("k=pk_live_{A:30}", rng), engine) == [("stripe-publishable-key", Level.INFO)]
    assert _scan(expand("k={jwt:service_role}", rng), engine) == [("jwt", Level.FAIL)]
    assert _scan(expand("k={jwt:anon}", rng), engine) == [("jwt", Level.INFO)]
    assert _scan(expand("k={jwtexp:authenticated}", rng), engine) == [("jwt", Level.INFO)]


@pytest.mark.parametrize("engine", ENGINES)
def test_placeholders_are_judged_on_the_value_and_a_database_url_on_its_documentation_host(engine: str) -> None:
    rng = random.Random(3)
    real = expand("DATABASE_URL=postgres://app:{A:20}@db.example-corp.com/app", rng)
    assert _scan(real, engine) == [("database-url", Level.FAIL)]
    for doc in ("db.example.com", "cluster0.example.mongodb.net", "pg.internal.test", "db.example"):
        assert _scan(expand(f"DATABASE_URL=postgres://app:{{A:20}}@{doc}/app", rng), engine) == []
    for text in ("sk-proj-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "OPENAI_API_KEY=your-key-here",
                 "OPENAI_API_KEY=${OPENAI_API_KEY}", "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE"):
        assert _scan(text, engine) == []


@pytest.mark.parametrize("engine", ENGINES)
def test_prefilter_engines_agree_on_every_sample(engine: str) -> None:
    rng = random.Random(11)
    text = "\n".join(expand(t, rng) for r in RULES for t in (*r.positives, *r.negatives))
    python = scan_buffer(text.encode(), make_prefilter(RULES, "python"), RULES)
    other = scan_buffer(text.encode(), make_prefilter(RULES, engine), RULES)
    assert [(h.rule.id, h.start, h.fingerprint) for h in python] == [
        (h.rule.id, h.start, h.fingerprint) for h in other]


def test_history_rules_stay_line_local_so_the_python_history_engine_can_dedup_lines() -> None:
    # An anchor with a character the check does not know (a "." or a "\") silently turns off the
    # line dedup: the pure-Python history scan then runs ~5x slower (measured on pytest's history).
    from launchready.engines.secrets.history import line_local
    from launchready.engines.secrets.rules import Tier

    assert line_local([r for r in RULES if r.tier is Tier.PROVIDER])


@pytest.mark.parametrize("engine", ENGINES)
def test_keyword_context_rules_read_camel_case_and_skip_english_words(engine: str) -> None:
    rng = random.Random(13)
    assert _scan(expand("const mistralKey = '{A:32}'", rng), engine) == [("mistral-api-key", Level.FAIL)]
    assert _scan(expand("togetherApiKey: '{h:64}'", rng), engine) == [("together-legacy-key", Level.FAIL)]
    assert _scan(expand("We worked together. key = '{h:64}'", rng), engine) == []
