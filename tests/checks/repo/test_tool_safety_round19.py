"""repo.tool-safety, held-out round 19: a mock tool schema in a unit-test directory is no product tool, and a URL
tool whose callee refuses non-public addresses (and re-checks every redirect) is guarded — each beside the near miss
still reported."""

from __future__ import annotations

from pathlib import Path

from launchready.model import Status
from tests.checks.repo.test_tool_safety import check

_SCHEMA = ("tool = {\n    \"type\": \"function\",\n    \"function\": {\n        \"name\": \"fetch_webpage\",\n"
           "        \"description\": \"Fetch a web page.\",\n        \"parameters\": {\n            \"type\": \"object\",\n"
           "            \"properties\": {\"url\": {\"type\": \"string\"}},\n            \"required\": [\"url\"],\n"
           "        },\n    },\n}\n")
_TOOL = ("from modules.web_search import download_web_page\n\n" + _SCHEMA
         + "\n\ndef execute(arguments):\n    url = arguments.get(\"url\", \"\")\n"
           "    return {\"content\": download_web_page(url)}\n")
_GUARD = ("def _validate_url(url):\n    parsed = urlparse(url)\n"
          "    for family, _, _, _, sockaddr in socket.getaddrinfo(parsed.hostname, None):\n"
          "        ip = ipaddress.ip_address(sockaddr[0])\n        if not ip.is_global:\n"
          "            raise ValueError(f'Access to non-public address {ip} is blocked')\n\n\n")
_SAFE_GET = ("def safe_get(url, headers=None, timeout=10, max_redirects=5):\n    _validate_url(url)\n"
             "    for _ in range(max_redirects):\n"
             "        response = requests.get(url, headers=headers, timeout=timeout, allow_redirects=False)\n"
             "        if response.is_redirect and 'Location' in response.headers:\n"
             "            url = urljoin(url, response.headers['Location'])\n            _validate_url(url)\n"
             "        else:\n            return response\n    raise ValueError('too many redirects')\n\n\n")
_FOLLOWS = ("def safe_get(url, headers=None, timeout=10):\n    _validate_url(url)\n"
            "    return requests.get(url, headers=headers, timeout=timeout)\n\n\n")
_DOWNLOAD = "def download_web_page(url, timeout=10):\n    return safe_get(url, timeout=timeout).text\n"
_HEAD = "import ipaddress\nimport socket\nfrom urllib.parse import urljoin, urlparse\n\nimport requests\n\n\n"


def _rows(tmp: Path, files: dict[str, str]) -> list[tuple[Status, str, str]]:
    return sorted((e.status, e.location, e.message) for e in check(tmp, files).evidence)


def test_a_url_tool_whose_callee_refuses_non_public_addresses_and_rechecks_redirects_passes(tmp_path: Path) -> None:
    """text-generation-webui's user_data/tools/fetch_webpage.py: `execute` hands `arguments.get("url")` to
    `download_web_page` → `safe_get`, which calls `_validate_url` (ipaddress `is_global`, raises) before fetching
    with `allow_redirects=False` and again on every Location hop (modules/web_search.py:15-54)."""
    rows = _rows(tmp_path / "a", {"user_data/tools/fetch_webpage.py": _TOOL,
                                  "modules/web_search.py": _HEAD + _GUARD + _SAFE_GET + _DOWNLOAD})
    assert [(s, loc) for s, loc, _ in rows] == [(Status.PASS, "user_data/tools/fetch_webpage.py:3")]
    assert rows[0][2] == ("OpenAI tool 'fetch_webpage': free-form URL parameter 'url' is checked before it is fetched "
                          "(execute → download_web_page → safe_get → _validate_url at modules/web_search.py:8: refuses "
                          "non-public addresses by ipaddress); redirects are turned off and each hop is checked again")


def test_a_url_tool_whose_guard_follows_redirects_warns_and_one_without_a_guard_keeps_its_warning(
        tmp_path: Path) -> None:
    """The same tool whose `safe_get` checks the first address but lets requests follow redirects: a warning that
    says so. With no validator at all, the name-only warning stands."""
    rows = _rows(tmp_path / "b", {"user_data/tools/fetch_webpage.py": _TOOL,
                                  "modules/web_search.py": _HEAD + _GUARD + _FOLLOWS + _DOWNLOAD})
    assert [(s, loc) for s, loc, _ in rows] == [(Status.WARN, "user_data/tools/fetch_webpage.py:3")]
    assert "redirects are not shown re-checked" in rows[0][2]
    rows = _rows(tmp_path / "c", {"user_data/tools/fetch_webpage.py": _TOOL,
                                  "modules/web_search.py": _HEAD + "def download_web_page(url, timeout=10):\n"
                                  "    return requests.get(url, timeout=timeout).text\n"})
    assert [(s, loc) for s, loc, _ in rows] == [(Status.WARN, "user_data/tools/fetch_webpage.py:3")]
    assert "its code was not traced — confirm where it goes" in rows[0][2]


def test_a_mock_tool_schema_in_a_unittest_directory_is_no_product_tool(tmp_path: Path) -> None:
    """gpt4free's etc/unittest/tool_support_provider.py: `TOOLS = [{"type": "function", "function": {"name": "read",
    … "filePath" …}}]` handed to a mock provider. The same schema in the product's code is still judged."""
    schema = ("TOOLS = [\n    {\n        \"type\": \"function\",\n        \"function\": {\n            \"name\": \"read\",\n"
              "            \"description\": \"Read a file\",\n            \"parameters\": {\n"
              "                \"type\": \"object\",\n"
              "                \"properties\": {\"filePath\": {\"type\": \"string\"}},\n            },\n"
              "        },\n    },\n]\n")
    rows = _rows(tmp_path, {"etc/unittest/tool_support_provider.py": "import unittest\n\n" + schema,
                            "g4f/tools/files.py": schema})
    assert [(s, loc) for s, loc, _ in rows] == [(Status.WARN, "g4f/tools/files.py:2")]
    assert "free-form path parameter 'filePath'" in rows[0][2]
