"""`--only ai` still reads the product's source for the prompt fingerprints (a new user's scan of the
chatbot alone), and a scanned path that is no git repository leaves the check without fingerprints
instead of erroring."""

from __future__ import annotations

from pathlib import Path

from launchready import scan
from launchready.config import Config
from launchready.lab.gitrepo import Commit, build_repo
from launchready.model import Status
from tests.checks.ai.test_system_prompt_leak import AGENT_MODULE

ID = "ai.system-prompt-leak"


def config(base_url: str, path: Path) -> Config:
    return Config.model_validate({"url": base_url, "path": str(path), "only": ["ai"],
                                  "ai": {"chat": {"preset": "example", "endpoint": "POST /agent-chat"}}})


def test_only_ai_with_the_repo_as_path_fails_a_prompt_dump_on_its_fingerprint(echo_bot: str, tmp_path: Path) -> None:
    build_repo(tmp_path / "repo", [Commit("init", {"app/agent.py": AGENT_MODULE})])
    card = scan(config(echo_bot, tmp_path / "repo").model_copy(update={"only": (ID,)}))
    r = card.result(ID)
    assert r.status is Status.FAIL and r.metrics["proof"] == "fingerprint", (r.summary, r.evidence)
    [fail] = [e for e in r.evidence if e.status is Status.FAIL]
    assert fail.message.startswith("proof: prompt fingerprint — the reply repeats the prompt defined at app/agent.py:4")


def test_only_ai_on_a_path_that_is_no_git_repository_is_undetermined_not_an_error(echo_bot: str,
                                                                                   tmp_path: Path) -> None:
    (tmp_path / "plain").mkdir()
    r = scan(config(echo_bot, tmp_path / "plain").model_copy(update={"only": (ID,)})).result(ID)
    assert r.status is Status.WARN and r.metrics["fingerprints"] == 0, (r.summary, r.evidence)
    assert any(e.fingerprint == f"{ID}:no-canary" for e in r.evidence)
