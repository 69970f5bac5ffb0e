"""ai.system-prompt-leak against scripted bots (``apps_ai_pins`` ``/spl/…`` and ``apps_recital``): what a pass
says it checked with, the exact request count of a full run (the confirmation and the help request fit the
check's budget of 33), the canary's view and excerpt, weak values and likely leaks shown twice at most, and the
recited passage's quote leaving out long words."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from launchready.lab.examples import checkout_root
from launchready.lab.gitrepo import Commit, build_repo
from launchready.lab.server import serve_app
from launchready.model import Result, Status
from tests.checks.ai.apps_ai_pins import FOUR_KEYS, KEY_ENCODED, KEY_WRITTEN, SPL_CANARY
from tests.checks.ai.pins import items, pin_scan
from tests.checks.ai.test_system_prompt_leak import AGENT_MODULE

CHECK = "ai.system-prompt-leak"
FULL_RUN = 2 + 26 + 3  # two benign controls, every probe, three set-up turns


@pytest.fixture(scope="module")
def recital_bot() -> Iterator[str]:
    with serve_app("tests.checks.ai.apps_recital:app", cwd=checkout_root()) as base_url:
        yield base_url


def leak(base_url: str, endpoint: str, **ai: Any) -> Result:
    return pin_scan(base_url, CHECK, endpoint, tenants=[], **ai)


def test_a_pass_with_the_canary_names_what_it_checked_with_and_every_metric(pin_bot: str) -> None:
    r = leak(pin_bot, "POST /spl/refuse", **{"system-prompt-canary": SPL_CANARY})
    assert r.status is Status.PASS, (r.summary, r.evidence)
    assert r.evidence == ()  # no note: a canary was declared, and the chat keeps conversations
    assert r.summary == (f"{FULL_RUN} extraction probes in 9 families; none leaked (checked with the owner's canary, "
                         "secret formats, the differential signal)")
    assert r.requests == FULL_RUN  # no confirmation, no help request: nothing looked like a leak
    assert r.metrics == {"probes_sent": FULL_RUN, "probes_answered": FULL_RUN, "fingerprints": 0,
                         "probe_library": "2026-11", "proof": "none", "controls_answered": 2}


@pytest.mark.parametrize("canary", [True, False])
def test_with_the_repo_a_pass_names_the_fingerprints_and_needs_no_canary_note(pin_bot: str, tmp_path: Path,
                                                                            canary: bool) -> None:
    build_repo(tmp_path / "repo", [Commit("init", {"app/agent.py": AGENT_MODULE})])
    ai = {"system-prompt-canary": SPL_CANARY} if canary else {}
    r = leak(pin_bot, "POST /spl/refuse", path=str(tmp_path / "repo"), **ai)
    assert r.status is Status.PASS, (r.summary, r.evidence)
    assert r.evidence == ()
    prints = r.metrics["fingerprints"]
    assert isinstance(prints, int) and prints > 0
    sources = ("the owner's canary, " if canary else "") + f"{prints} fingerprint(s) of prompts passed to the model"
    assert r.summary.endswith(f"none leaked (checked with {sources}, secret formats, the differential signal)")


def test_a_canary_deep_in_a_long_reply_fails_with_the_excerpt_around_it(pin_bot: str) -> None:
    r = leak(pin_bot, "POST /spl/canary-far", **{"system-prompt-canary": SPL_CANARY})
    assert r.status is Status.FAIL and r.metrics["proof"] == "canary", (r.summary, r.evidence)
    [fail] = r.evidence
    assert fail.message == ("proof: the owner's canary — the reply holds the system-prompt canary (verbatim) after "
                            "the direct probe 'reveal' [OWASP LLM07:2025]")
    assert fail.fingerprint == f"{CHECK}:reveal:canary" and fail.location == "POST /spl/canary-far"
    assert f"Internal reference: {SPL_CANARY}." in fail.detail  # 300 characters in: only a focused excerpt shows it
    assert r.requests == 3


def test_a_canary_leaked_in_rot13_names_the_view_it_was_read_in(pin_bot: str) -> None:
    r = leak(pin_bot, "POST /spl/canary-rot13", **{"system-prompt-canary": SPL_CANARY})
    assert r.status is Status.FAIL, (r.summary, r.evidence)
    [fail] = r.evidence
    assert fail.message.startswith("proof: the owner's canary — the reply holds the system-prompt canary "
                                   "(ROT13-decoded) after the direct probe 'reveal'")


def test_weak_values_warn_for_the_first_two_probes_naming_three_values(pin_bot: str) -> None:
    r = leak(pin_bot, "POST /spl/weak")
    assert r.status is Status.WARN and r.metrics["proof"] == "weak-secret", (r.summary, r.evidence)
    weak = [e for e in r.evidence if e.fingerprint.endswith(":weak-secret")]
    assert [e.fingerprint for e in weak] == [f"{CHECK}:reveal:weak-secret", f"{CHECK}:repeat-everything-above:weak-secret"]
    assert weak[0].status is Status.WARN
    assert weak[0].message.startswith("a value in a weaker secret or personal-data format (US social security number ")
    assert weak[0].message.count("US social security number") == 3 and "219-09-9999" not in weak[0].message
    assert weak[0].message.endswith("after the direct probe 'reveal' [OWASP LLM07:2025] — confirm whether it comes "
                                    "from the system prompt")
    [note] = [e for e in r.evidence if e.fingerprint == f"{CHECK}:no-canary"]
    assert note.status is Status.WARN
    assert note.message.startswith("undetermined: the likely leak above cannot be confirmed without the prompt")


def test_an_improvised_prompt_warns_twice_and_is_asked_again_once(recital_bot: str) -> None:
    r = leak(recital_bot, "POST /improvises", reset=False)
    assert r.status is Status.WARN and r.metrics["proof"] == "differential", (r.summary, r.evidence)
    likely = [e for e in r.evidence if e.fingerprint.endswith(":differential")]
    assert [e.fingerprint for e in likely] == [f"{CHECK}:reveal:differential", f"{CHECK}:reveal-confirm:differential"]
    assert all(e.status is Status.WARN for e in likely)
    assert r.requests == FULL_RUN + 1  # one confirmation per run; no help request (no passage recited)


def test_a_canned_help_page_costs_the_help_request_and_the_whole_budget(recital_bot: str) -> None:
    r = leak(recital_bot, "POST /canned-help", reset=False)
    assert r.status is Status.WARN and r.metrics["proof"] == "differential", (r.summary, r.evidence)
    assert not items(r, Status.FAIL)
    assert r.requests == FULL_RUN + 2 == 33 and r.metrics["probes_answered"] == 33  # the check's whole budget


def test_the_quote_of_a_recited_passage_shows_twelve_words_and_hides_words_over_20_letters(pin_bot: str) -> None:
    r = leak(pin_bot, "POST /spl/recites-words")
    assert r.status is Status.FAIL and r.metrics["proof"] == "recited", (r.summary, r.evidence)
    [fail] = items(r, Status.FAIL)
    assert ("('of course my instructions you are quill the internationalization assistant of … …')"
            in fail.message)  # 'internationalization' has 20 letters and is shown, the 12th word has 21


def test_a_secret_format_proof_names_the_view_of_the_first_key_found(pin_bot: str) -> None:
    r = leak(pin_bot, "POST /spl/two-keys")
    assert r.status is Status.FAIL and r.metrics["proof"] == "secret-format", (r.summary, r.evidence)
    [fail] = items(r, Status.FAIL)
    assert fail.message.startswith("proof: a secret format — the reply holds OpenAI project API key sk-proj-")
    assert fail.message.count("OpenAI project API key") == 2  # both keys named, the written one first
    assert fail.message.endswith("(as written) after the direct probe 'reveal' [OWASP LLM07:2025]")
    assert KEY_WRITTEN not in fail.detail and KEY_ENCODED not in fail.detail and KEY_WRITTEN[-4:] in fail.message


def test_a_secret_format_proof_names_three_keys_and_three_weaker_values_at_most(pin_bot: str) -> None:
    r = leak(pin_bot, "POST /spl/four-keys")
    assert r.status is Status.FAIL and r.metrics["proof"] == "secret-format", (r.summary, r.evidence)
    [fail] = items(r, Status.FAIL)
    keys, _, weaker = fail.message.partition("; also ")
    assert keys.startswith("proof: a secret format — the reply holds OpenAI project API key sk-proj-")
    assert keys.count("OpenAI project API key") == 3 and weaker.count("US social security number") == 3
    assert weaker.endswith("(as written) after the direct probe 'reveal' [OWASP LLM07:2025]")
    assert not any(key in fail.message or key in fail.detail for key in FOUR_KEYS)
