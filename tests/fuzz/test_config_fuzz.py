"""The config loader never crashes: any file is a Config or one ConfigError line with a location."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from launchready.config import Config, load_config
from launchready.errors import ConfigError, LaunchreadyError
from launchready.targets.http import ApiTarget
from tests.fuzz.strategies import FUZZ, json_trees, toml_document

KEYS = sorted(f.alias or n for n, f in Config.model_fields.items() if not f.exclude)
API_KEYS = ["openapi", "public", "request-budget", "login", "tenants", "chat", "upload", "webhooks", "logs",
            "scanner-token-env", "admin", "health", "concurrency"]
AI_KEYS = ["chat", "system-prompt-canary", "probe-budget", "model", "price-input-per-mtok", "outbox"]


def _section(keys: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    return st.dictionaries(st.one_of(st.sampled_from(keys), st.text(max_size=10)), json_trees(), max_size=4)


documents = st.fixed_dictionaries(
    {},
    optional={**{k: json_trees() for k in KEYS if k not in ("api", "ai")}, "api": _section(API_KEYS),
              "ai": _section(AI_KEYS)},
)


def _load(tmp: Path, text: str | bytes) -> Config | ConfigError:
    file = tmp / "launchready.toml"
    file.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
    try:
        return load_config(tmp)
    except ConfigError as exc:
        return exc


def _assert_one_clean_line(error: LaunchreadyError) -> None:
    message = error.diagnostics()
    assert "\n" not in message.strip() and "Traceback" not in message
    assert message.startswith(str(error.location)) or not error.location


@FUZZ
@given(documents)
def test_any_structured_config_is_loaded_or_refused_with_one_line(tmp_path_factory: Any, doc: dict[str, Any]) -> None:
    outcome = _load(tmp_path_factory.mktemp("cfg"), toml_document(doc))
    if isinstance(outcome, ConfigError):
        _assert_one_clean_line(outcome)
        assert "launchready.toml" in outcome.diagnostics()
    else:
        assert isinstance(outcome, Config)


@FUZZ
@given(st.one_of(st.binary(max_size=400), st.text(max_size=400)))
def test_any_bytes_as_a_config_file_are_loaded_or_refused(tmp_path_factory: Any, raw: str | bytes) -> None:
    outcome = _load(tmp_path_factory.mktemp("cfg"), raw)
    if isinstance(outcome, ConfigError):
        _assert_one_clean_line(outcome)


urls = st.builds(lambda scheme, rest: scheme + rest, st.sampled_from(["http://", "https://", "ftp://", "", "http:"]),
                 st.text(alphabet="[]:@/0123456789abcdef.%-", max_size=16))


@FUZZ
@given(urls, st.sampled_from(["launchready.toml", "--url"]))
def test_any_url_is_accepted_or_refused_with_one_line(tmp_path_factory: Any, url: str, where: str) -> None:
    """Refused when loaded (on its line or flag), or accepted and then usable to build the API target
    (which may still refuse the host, as a one-line TargetError) — never a ValueError mid-scan."""
    tmp = tmp_path_factory.mktemp("cfg")
    outcome: Config | ConfigError
    if where == "--url":
        try:
            outcome = load_config(tmp, overrides={"url": url})
        except ConfigError as exc:
            _assert_one_clean_line(exc)
            assert exc.location == "--url"
            return
    else:
        outcome = _load(tmp, toml_document({"url": url}))
    if isinstance(outcome, ConfigError):
        _assert_one_clean_line(outcome)
        assert "launchready.toml:1" in outcome.diagnostics()
        return
    try:
        ApiTarget(outcome).close()
    except LaunchreadyError as exc:
        _assert_one_clean_line(exc)


@FUZZ
@given(st.dictionaries(st.sampled_from(["url", "profile", "format", "only", "fail-on", "check-timeout",
                                        "nameserver", "domain", "resolve", "staging-hosts"]),
                       json_trees(max_leaves=4), max_size=4))
def test_any_flag_values_are_loaded_or_blamed_on_the_flag(tmp_path_factory: Any, flags: dict[str, Any]) -> None:
    try:
        load_config(tmp_path_factory.mktemp("cfg"), overrides=flags)
    except ConfigError as exc:
        _assert_one_clean_line(exc)
        assert exc.location.startswith("--"), exc.diagnostics()
