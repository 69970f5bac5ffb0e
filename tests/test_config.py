from __future__ import annotations

from pathlib import Path

import pytest

from launchready.config import FailOn, load_config
from launchready.errors import ConfigError
from launchready.model import Profile


def write(tmp: Path, text: str, name: str = "launchready.toml") -> Path:
    (tmp / name).write_text(text)
    return tmp / name


def error(tmp: Path, text: str, name: str = "launchready.toml") -> str:
    write(tmp, text, name)
    with pytest.raises(ConfigError) as info:
        load_config(tmp)
    return info.value.diagnostics()


def test_misspelt_key_names_file_line_and_nearest_key(tmp_path: Path) -> None:
    message = error(tmp_path, 'profile = "handover"\n\nfial-on = "warn"\n')
    assert message.startswith(f"{tmp_path / 'launchready.toml'}:3: unknown key 'fial-on'")
    assert "did you mean 'fail-on'?" in message


def test_misspelt_key_inside_an_array_of_tables_points_at_its_line(tmp_path: Path) -> None:
    text = '[[suppress]]\ncheck = "repo.debug-mode"\nreason = "dev only"\n\n[[suppress]]\ncheck = "repo.cors-config"\nresaon = "x"\n'
    message = error(tmp_path, text)
    assert ":7: unknown key 'suppress.1.resaon'" in message and "did you mean 'reason'?" in message


def test_credential_values_are_refused_with_the_env_var_form(tmp_path: Path) -> None:
    message = error(tmp_path, 'openai-api-key = "sk-proj-abc"\n')
    assert ":1:" in message and "never reads secrets" in message and "openai-api-key-env" in message
    assert "sk-proj-abc" not in message


def test_suppression_needs_a_reason(tmp_path: Path) -> None:
    message = error(tmp_path, '[[suppress]]\ncheck = "repo.debug-mode"\n')
    assert ":1: missing required key 'suppress.0.reason'" in message


def test_invalid_toml_and_bad_values_name_their_line(tmp_path: Path) -> None:
    assert ":2: not valid TOML: Invalid value" in error(tmp_path, 'profile = "handover"\nformat = [json]\n')
    assert ":2: not valid TOML" in error(tmp_path, 'profile = "handover"\nformat = [\n')
    assert ":1: invalid value for 'profile'" in error(tmp_path, 'profile = "prod"\n')
    assert "did you mean 'markdown'?" in error(tmp_path, 'format = ["markdwn"]\n')


def test_pyproject_tool_section_is_read_and_located(tmp_path: Path) -> None:
    write(tmp_path, '[project]\nname = "x"\n\n[tool.launchready]\nprofile = "security-review"\n', "pyproject.toml")
    assert load_config(tmp_path).profile is Profile.SECURITY_REVIEW
    message = error(tmp_path, '[project]\nname = "x"\n\n[tool.launchready]\nprofle = "handover"\n', "pyproject.toml")
    assert "pyproject.toml:5: unknown key 'profle'" in message


def test_cli_flags_override_the_file(tmp_path: Path) -> None:
    write(tmp_path, 'profile = "security-review"\nfail-on = "fail"\n')
    config = load_config(tmp_path, overrides={"fail-on": "warn"})
    assert config.fail_on is FailOn.WARN and config.profile is Profile.SECURITY_REVIEW


def test_bad_flag_value_is_blamed_on_the_flag(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path, overrides={"profile": "nope"})
    assert info.value.location == "--profile"


def test_explicit_config_file_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path, config_file=tmp_path / "missing.toml")


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://[::1", "not a valid URL (Invalid IPv6 URL)"),
        ("http://127.0.0.1:99999", "not a valid URL (Port out of range"),
        ("ftp://127.0.0.1/", "not an http(s) URL with a host"),
        ("http:///chat", "not an http(s) URL with a host"),
    ],
)
def test_malformed_urls_are_a_config_error_on_their_line(tmp_path: Path, url: str, reason: str) -> None:
    message = error(tmp_path, f'profile = "handover"\nurl = "{url}"\n')
    assert f"launchready.toml:2: invalid value for 'url': {reason}" in message


def test_a_url_carrying_a_credential_is_refused_without_echoing_it(tmp_path: Path) -> None:
    key = "sk-proj-" + "Q7x" * 12
    message = error(tmp_path, f'url = "http://bot:{key}@127.0.0.1:8000/"\n')
    assert ":1: invalid value for 'url': the URL carries a user name or password" in message
    assert key not in message and "Q7xQ7x" not in message
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path / "elsewhere", overrides={"url": f"https://{key}@127.0.0.1/"})
    assert info.value.location == "--url" and key not in info.value.diagnostics()


@pytest.mark.parametrize(
    "text",
    [
        "checks = " + "{a = " * 500 + "1" + "}" * 500 + "\n",  # deeper than the TOML reader's recursion
        "[checks.x]\nv = " + "[" * 40 + "]" * 40 + "\n",  # readable, but nested past any real config
    ],
)
def test_absurdly_nested_config_is_one_clear_error(tmp_path: Path, text: str) -> None:
    assert error(tmp_path, text).endswith("launchready.toml: tables or arrays nested too deeply (more than 32 levels)")
