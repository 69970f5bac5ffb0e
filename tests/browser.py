"""Open an HTML report in headless Chromium and measure where things are on its first screen.

The report forbids every script (its CSP), so the measuring script is the test's: it goes into a copy of
the page, right after the CSP meta, and the copy's policy is the report's own plus that one script's
hash — the report's ``style-src`` stays as it is, so a style the report's policy blocks stays blocked.
The script records the boxes and what a click on each status filter leaves visible, then writes them as
JSON into the DOM that ``--dump-dom`` prints.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

FIRST_SCREEN = (1300, 900)

MEASURE = """
var violations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  violations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline'));
});
window.addEventListener('load', function () {
  function box(el) {
    if (!el) { return null; }
    var r = el.getBoundingClientRect();
    return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, text: el.textContent.trim().slice(0, 80)};
  }
  function visible() {
    return Array.prototype.filter.call(document.querySelectorAll('details.check'), function (d) {
      return getComputedStyle(d).display !== 'none';
    }).map(function (d) { return d.id; });
  }
  var out = {
    window: [window.outerWidth, window.outerHeight],
    viewport: [window.innerWidth, window.innerHeight],
    verdict: box(document.querySelector('#verdict h1')),
    verdict_box: box(document.getElementById('verdict')),
    verdict_background: getComputedStyle(document.getElementById('verdict')).backgroundColor,
    counts: Array.prototype.map.call(document.querySelectorAll('#counts li'), box),
    coverage: box(document.getElementById('coverage')),
    plan_heading: box(document.querySelector('#plan h2')),
    plan_steps: Array.prototype.map.call(document.querySelectorAll('#plan li'), box),
    open: Array.prototype.map.call(document.querySelectorAll('details.check[open]'), function (d) { return d.id; }),
    page_height: document.documentElement.scrollHeight,
    shown: {}
  };
  var link = document.querySelector('#plan a[href^="#f-"]');
  if (link) {
    link.click();  // a same-page link: the browser opens the <details> around its target and scrolls to it
    var target = document.getElementById(link.getAttribute('href').slice(1));
    out.plan_link = {href: link.getAttribute('href'), opened: !!(target && target.closest('details').open),
                     target: box(target)};
    target.closest('details').open = false;
    window.scrollTo(0, 0);
  }
  ['show-failing', 'show-warn', 'show-pass', 'show-skip', 'show-all'].forEach(function (id) {
    document.getElementById(id).click();
    out.shown[id] = visible();
  });
  out.violations = violations;
  var pre = document.createElement('pre');
  pre.id = 'measured';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
"""


def installed_chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def chromium() -> str:
    browser = installed_chromium()
    if browser is None:
        pytest.skip("chromium is not installed (.ci/run installs it)")
    return browser


def measure_first_screen(page: str, tmp_path: Path) -> dict[str, Any]:
    """Render ``page`` in a 1300×900 window and return what :data:`MEASURE` recorded."""
    browser = chromium()
    digest = "'sha256-" + base64.b64encode(hashlib.sha256(MEASURE.encode()).digest()).decode() + "'"
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page)
    assert csp is not None, "the report has no CSP meta"
    instrumented = page.replace(
        csp.group(0),
        f'<meta http-equiv="Content-Security-Policy" content="{csp.group(1)}; script-src {digest}">'
        f"<script>{MEASURE}</script>", 1)
    copy = tmp_path / "measured.html"
    copy.write_text(instrumented, encoding="utf-8")
    width, height = FIRST_SCREEN
    dom = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
         f"--user-data-dir={tmp_path / 'profile'}", f"--window-size={width},{height}",
         "--run-all-compositor-stages-before-draw", "--virtual-time-budget=5000", "--dump-dom", copy.as_uri()],
        capture_output=True, text=True, timeout=90, check=False)
    assert dom.returncode == 0, dom.stderr[-2000:]
    found = re.search(r'<pre id="measured">(.*?)</pre>', dom.stdout, re.S)
    assert found is not None, "the measuring script did not run: " + dom.stderr[-2000:]
    data: dict[str, Any] = json.loads(html.unescape(found.group(1)))
    return data


def on_first_screen(box: dict[str, Any] | None, seen: dict[str, Any]) -> bool:
    """Wholly inside the viewport a 1300×900 window gives (its height less the browser's own bars)."""
    width, height = seen["viewport"]
    return box is not None and box["top"] >= 0 and box["bottom"] <= height and box["left"] >= 0 and box["right"] <= width
