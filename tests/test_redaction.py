"""Redaction: what is masked, how much of it is shown, what is left alone, and that it is fast on
anything a hostile server can send."""

from __future__ import annotations

import json
import random
import string
import subprocess
import sys
import threading
from contextvars import copy_context
from pathlib import Path

import pytest

from launchready import scan
from launchready.catalog import Catalog
from launchready.config import Config
from launchready.context import CheckContext
from launchready.engines.probing import excerpt_around
from launchready.lab.gitrepo import Commit, build_repo
from launchready.model import Check, CheckMeta, Evidence, Outcome, Severity, Status, Surface
from launchready.redaction import (
    FULL_MASK_BELOW,
    MAX_TEXT,
    excerpt,
    holding_secrets,
    holds_secret,
    redact_secret,
    redact_text,
    remember_secret,
)
from launchready.targets.http import Exchange

ANTHROPIC = "sk-ant-api03-" + "Zq8RmT2vXw9LpK4nHs7JdF3cYb6GtE1uAo5Ni0Wy" * 2 + "-AbCdEfGh"
SECRET_PART = ANTHROPIC[len("sk-ant-api03-"):]


def shown_pieces(secret: str, text: str, size: int = 5) -> list[str]:
    """Every ``size``-character piece of ``secret`` that ``text`` shows."""
    return [secret[i:i + size] for i in range(len(secret) - size + 1) if secret[i:i + size] in text]


# -- headers -------------------------------------------------------------------------------------

# Written out, not imported: dropping a header from the module must fail here.
HEADERS = ("Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", "X-API-Key", "Api-Key", "X-Auth-Token",
           "X-Access-Token", "X-Session-Token", "X-CSRF-Token", "X-Launchready-Scan")


@pytest.mark.parametrize("header", HEADERS)
def test_every_credential_header_value_is_masked_whatever_it_looks_like(header: str) -> None:
    for value in ("session=q8RmT2vXw9LpK4nH", "plainword", "abc"):
        for line in (f"{header}: {value}", f"curl -H '{header.lower()}: {value}' http://127.0.0.1/"):
            out = redact_text(line)
            assert value not in out, (header, line, out)
            assert out.startswith(line.split(value)[0])  # the header name stays


def test_a_header_that_already_names_a_variable_is_left_readable() -> None:
    assert redact_text("Authorization: $LR_AUTH_TENANT_A") == "Authorization: $LR_AUTH_TENANT_A"
    assert redact_text("Cookie: <session>") == "Cookie: <session>"


# -- how much of a secret is shown ----------------------------------------------------------------

@pytest.mark.parametrize("length", range(1, 41))
def test_mask_length_policy_on_both_sides_of_the_full_mask_threshold(length: int) -> None:
    rng = random.Random(length)
    for value in ("".join(rng.choice(string.ascii_letters + string.digits) for _ in range(length)),
                  ("sk_live_" + "".join(rng.choice(string.ascii_letters) for _ in range(40)))[:length]):
        masked = redact_secret(value)
        if length < FULL_MASK_BELOW:
            assert set(masked) == {"*"}, (value, masked)
            continue
        prefix, tail = masked.split("…")
        assert value.startswith(prefix) and tail == value[-4:], (value, masked)
        assert len(prefix) <= min(8, length // 3), (value, masked)


def test_the_full_mask_threshold_is_twelve() -> None:
    assert FULL_MASK_BELOW == 12
    assert redact_secret("Xy7kq9ZLm2w") == "***********"  # 11 characters: nothing shown
    assert redact_secret("Xy7kq9ZLm2wA") == "Xy7k…m2wA"


def test_a_ten_character_password_shows_none_of_its_characters() -> None:
    for line in ("password=Xy7#kq9!Lm", "DB_PASSWORD: 'Xy7#kq9!Lm'", "postgres://app:Xy7#kq9!Lm@db:5432/app"):
        out = redact_text(line)
        assert not shown_pieces("Xy7#kq9!Lm", out, 3), (line, out)


@pytest.mark.parametrize("length", range(8, 41))
def test_an_assigned_secret_of_any_length_is_never_shown_beyond_prefix_and_last_four(length: int) -> None:
    value = ("Q7w" * 20)[:length - 1] + "z"
    out = redact_text(f"api_secret = {value}")
    assert value not in out
    assert out == f"api_secret = {redact_secret(value)}"


# -- cut excerpts --------------------------------------------------------------------------------

@pytest.mark.parametrize("offset", [1, 5, 13, 30, 60, 100])
def test_a_key_straddling_an_excerpt_cut_is_not_shown_in_part(offset: int) -> None:
    body = "x" * (300 - offset) + " " + ANTHROPIC + " tail"
    out = excerpt(body, 300)
    assert len(out) <= 300
    assert not shown_pieces(SECRET_PART[:-4], out), out
    ex = Exchange("GET", "http://127.0.0.1/health", {}, "", 200, {}, body.encode(), 1.0)
    assert not shown_pieces(SECRET_PART[:-4], ex.excerpt(300)), ex.excerpt(300)


def test_a_key_cut_before_redaction_keeps_only_its_provider_prefix() -> None:
    # A caller that cut first: what is left of the key is still masked past its prefix.
    for cut in (16, 20, 26, 40):
        out = redact_text("health: " + ANTHROPIC[:cut])
        assert out.startswith("health: sk-ant-") and not shown_pieces(SECRET_PART, out), out


@pytest.mark.parametrize("line", [
    "X-Api-Key: q8RmT2vXw9LpK4nHs7Jd…",
    "api_key=q8RmT2vXw9LpK4nHs7Jd…",
    "the token was Bearer q8RmT2vXw9LpK4nHs7Jd…",
    "got whsec_q8RmT2vXw9Lp…",
])
def test_a_value_cut_by_an_excerpt_is_not_mistaken_for_a_mask(line: str) -> None:
    # "…" at the end of a value is where an excerpt was cut, not a mask: the value is still masked,
    # without the four characters before the cut (they are not the secret's last four).
    out = redact_text(line)
    assert not shown_pieces("q8RmT2vXw9LpK4nHs7Jd", out), out
    assert redact_text(out) == out


def test_an_excerpt_around_a_canary_is_redacted_before_it_is_cut() -> None:
    body = ("a " * 50) + ANTHROPIC + " CANARY-7f3a " + ANTHROPIC + (" b" * 200)
    ex = Exchange("POST", "http://127.0.0.1/chat", {}, "", 200, {}, body.encode(), 1.0)
    out = excerpt_around(ex, "CANARY-7f3a", 120)
    assert "CANARY-7f3a" in out
    assert not shown_pieces(SECRET_PART[:-4], out), out


def test_an_excerpt_stays_near_a_canary_that_redaction_masked() -> None:
    canary = "lr-canary-0123456789ab-token"
    body = "x " * 400 + f"Bearer {canary} near here" + " y" * 400
    ex = Exchange("GET", "http://127.0.0.1/me", {}, "", 200, {}, body.encode(), 1.0)
    out = excerpt_around(ex, canary, 120)
    assert "near here" in out and canary not in out, out


def test_text_longer_than_the_cap_is_cut_and_a_key_straddling_the_cut_is_dropped_whole() -> None:
    for pad in (10, 40, 80, 200):
        head = "word " * ((MAX_TEXT - 48 - pad) // 5)
        text = head + ANTHROPIC + " more" * 5000
        out = redact_text(text)
        assert len(out) <= MAX_TEXT and "more characters not shown" in out
        assert not shown_pieces(SECRET_PART[:-4], out), pad
    run = "A" * (2 * MAX_TEXT)
    assert redact_text(run) == f"… [{2 * MAX_TEXT} more characters not shown]"


def test_a_cut_alone_does_not_count_as_holding_a_secret() -> None:
    assert not holds_secret("ok " * 100_000)
    assert holds_secret("ok " * 10 + f"key={ANTHROPIC}")


# -- idempotence and harmless values ----------------------------------------------------------------

CORPUS = (
    f"Authorization: Bearer {ANTHROPIC}",
    "curl -H 'Cookie: session=q8RmT2vXw9LpK4nH; theme=dark' http://127.0.0.1/me",
    "DATABASE_URL=postgres://app:Zq8RmT2vXw9@db.internal:5432/app",
    "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----",
    "token: eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
    "word " * (MAX_TEXT // 4),
    "password = 'Xy7#kq9!Lm'",
    "sk-ant-api03-AbCdEf",
    "Authorization: Bearer lr-canary-0123456789ab-token",
    '{"headers": {"authorization": "Bearer lr-canary-0123456789ab-token", "cookie": "sid=q8RmT2vXw9LpK4nH"}}',
    "whsec_q8RmT2vXw9LpK4nHs7JdF3cYb6GtE1uA and ghp_q8RmT2vXw9LpK4nHs7JdF3cYb6GtE1uAo5Ni",
)


@pytest.mark.parametrize("text", CORPUS)
def test_redaction_is_idempotent(text: str) -> None:
    once = redact_text(text)
    assert redact_text(once) == once


@pytest.mark.parametrize("text", [
    "api_key = settings.api_key",
    "OPENAI_API_KEY = process.env.OPENAI_API_KEY",
    "secret_key = os.environ['SECRET_KEY']",
    "password_required = true",
    "auth: required",
    "token = None",
    "user_id = 1234567890",
    "GET /conversations/42 → 200",
    "task-force-deployment-12345678901234567890",
    "the login form posts email and password",
])
def test_harmless_values_are_left_alone(text: str) -> None:
    assert redact_text(text) == text
    assert not holds_secret(text)


# -- values the scan holds -----------------------------------------------------------------------

def test_known_values_are_masked_by_value_only_while_they_are_held() -> None:
    token = "opaque0session0value0Qx7"
    with holding_secrets([token], ["pw1"]) as known:
        assert token in known
        out = redact_text(f"echo: {token} | X-Session: {token} | {json.dumps({'p': 'pw1'})} | pw12ab")
        assert token not in out and '"pw1"' not in out
        assert "pw12ab" in out  # a short password is masked as a whole word only
        remember_secret("learnt-later-token-9f8e7d")
        assert "learnt-later-token-9f8e7d" not in redact_text("x learnt-later-token-9f8e7d y")
        assert Evidence(Status.FAIL, f"saw {token}").message == f"saw {redact_secret(token)}"
    assert redact_text(f"echo: {token}") == f"echo: {token}"


def test_a_two_character_value_is_not_masked_in_every_word_of_a_report() -> None:
    with holding_secrets(passwords=["ab", "abc"]):
        assert redact_text("ab abc abcd") == "ab ******** abcd"


def test_a_password_is_masked_whole_and_its_escaped_spellings_too() -> None:
    password = "p@ss w/rd&1"
    with holding_secrets(passwords=[password]):
        for text in (password, "p%40ss%20w%2Frd%261", "p%40ss+w%2Frd%261", "p@ss w/rd&amp;1"):
            out = redact_text(f"[{text}]")
            assert out == "[********]", (text, out)


def test_values_learnt_on_a_worker_thread_are_masked_on_every_thread_of_the_scan() -> None:
    seen: list[str] = []
    with holding_secrets():
        def login() -> None:
            remember_secret("token-from-a-login-7Yq2")

        def report() -> None:
            seen.append(redact_text("body echoed token-from-a-login-7Yq2"))

        for target in (login, report):
            thread = threading.Thread(target=copy_context().run, args=(target,))
            thread.start()
            thread.join()
    assert seen == [f"body echoed {redact_secret('token-from-a-login-7Yq2')}"]


# -- bounded time ----------------------------------------------------------------------------------

_TIMING = r"""
import base64, json, random, sys, time
from launchready import redaction
random.seed(3)
out = {}
for n in (40_000, 100_000, 1_000_000):
    junk = base64.b64encode(random.randbytes(n)).decode()[:n]
    cases = {"A": "A" * n, "a1": "a1" * (n // 2), "key=A": "key=" + "A" * n, "base64": junk,
             "key-run": "key" * (n // 3), "eyJ-run": "eyJ" * (n // 3), "token A": "token " + "a" * n,
             "assignments": ("api_key=" + junk[:50] + " ") * (n // 60), "urls": ("x://u:" + "p" * 20 + "@h ") * (n // 30)}
    for name, text in cases.items():
        started = time.perf_counter()
        redaction.redact_text(text)
        out[f"redact_text {name} {n}"] = time.perf_counter() - started
# The matchers themselves, without the cap: linear, so 60k characters take milliseconds.
for name, text in {"A": "A" * 60_000, "key-run": "key" * 20_000, "a-": "a-" * 30_000}.items():
    started = time.perf_counter()
    redaction._redact(text)
    out[f"uncapped {name}"] = time.perf_counter() - started
print(json.dumps(out))
"""


def test_redaction_finishes_fast_on_long_hostile_text() -> None:
    # In a child process with a hard timeout: a regex holding the GIL cannot be interrupted in-process.
    proc = subprocess.run([sys.executable, "-c", _TIMING], capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    timings = json.loads(proc.stdout)
    slow = {name: round(t, 2) for name, t in timings.items() if t > 2.0}
    assert not slow, slow
    assert len(timings) == 30


def test_checks_redact_with_the_scans_known_values_on_their_own_threads(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LR_TEST_TENANT_TOKEN", "tenant-token-from-env-1234")
    build_repo(tmp_path / "repo", [Commit("init", {"app.py": "x = 1\n"})])
    made: list[Evidence] = []

    def check(ctx: CheckContext) -> Outcome:
        remember_secret("learnt-in-a-check-5678abcd")  # as a login on a worker thread does
        made.append(Evidence(Status.WARN, "saw tenant-token-from-env-1234 then learnt-in-a-check-5678abcd", "x"))
        return Outcome(Status.WARN, "echoed", tuple(made))

    meta = CheckMeta("repo.secrets-tree", "t", Surface.REPO, Severity.HIGH, "c", "w", "b", "f", (), ())
    config = Config.model_validate({"path": str(tmp_path / "repo"),
                                    "api": {"tenants": [{"name": "a", "token-env": "LR_TEST_TENANT_TOKEN"}]}})
    card = scan(config, catalog=Catalog((Check(meta, check),)))
    # Masked when the evidence was created, on the check's thread — not only by a later pass.
    assert made[0].message == (f"saw {redact_secret('tenant-token-from-env-1234')} "
                               f"then {redact_secret('learnt-in-a-check-5678abcd')}")
    assert card.result("repo.secrets-tree").evidence[0].message == made[0].message
    assert redact_text("tenant-token-from-env-1234") == "tenant-token-from-env-1234"  # the scan's values only


def test_a_held_value_is_masked_in_its_json_spelling_and_never_through_a_shorter_one_inside_it() -> None:
    from launchready.redaction import KnownSecrets

    held = KnownSecrets()
    password = 'pa"ss\\word-Q9x7!'
    held.add(password, password=True)
    body = json.dumps({"echo": password})  # the server echoed it inside JSON: `pa\"ss\\word-Q9x7!`
    assert json.dumps(password)[1:-1] in body
    assert held.redact(body) == '{"echo": "********"}'  # the whole JSON spelling, not a character of it shown
    outer, inner = "XY7-123456-sessionvalue", "XY7-123456"  # one held value starts another
    held.add(inner)
    held.add(outer)
    assert held.redact(f"id={outer}") == "id=XY7-…alue"  # the longer value wins: nothing of it left over


def test_a_token_scheme_header_is_masked_once_and_stays_masked() -> None:
    from launchready.redaction import redact_text

    once = redact_text("Authorization: Token 9f8e7d6c5b4a39281706fedcba")
    assert once == "Authorization: Token 9f8e…dcba"  # the scheme word is kept, never masked into the value
    assert redact_text(once) == once
