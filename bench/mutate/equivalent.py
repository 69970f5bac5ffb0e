# ruff: noqa: E501 - the keys quote source lines whole
"""Mutants that survive because they cannot change behaviour, each with the reason.

Keys are ``Mutant.key``: module, enclosing function, the source line, the node's text, the edit — no
line numbers, so an entry survives edits elsewhere in the module.
"""

from __future__ import annotations

EQUIVALENT: dict[str, str] = {
    'src/launchready/verdict.py::decide::not_run = tuple(i for i in deselected if i.split(".", 1)[0] in '
    '{s.value for s in covered})::1::`1` → `2`':
        "the first field of a split is the same for any maxsplit ≥ 1",
    'src/launchready/runner.py::run_checks::limit = concurrency if not any(checks[i].exclusive for i in running) else 1::concurrency if not any(checks[i].exclusive for i in running) else 1::always the `if` branch':
        'an exclusive check enters `pending` only when nothing is pending or running, so while it runs nothing is pending and `limit` is never consulted',
    'src/launchready/runner.py::run_checks::limit = concurrency if not any(checks[i].exclusive for i in running) else 1::1::`1` → `2`':
        'same: the limit while an exclusive check runs is never consulted',
    'src/launchready/runner.py::run_checks::limit = concurrency if not any(checks[i].exclusive for i in running) else 1::1::`1` → `0`':
        'same: the limit while an exclusive check runs is never consulted',
    'src/launchready/runner.py::run_checks::while pending and len(running) < limit and not (pending[0][1].exclusive and running):::0::`0` → `-1`':
        'pending[-1] and pending[0] have the same `exclusive` flag: an exclusive check is only ever pending alone',
    'src/launchready/runner.py::run_checks::wait = max(0.0, min(running.values()) - time.monotonic()) if running else 0.0::max(0.0, min(running.values()) - time.monotonic()) if running else 0.0::always the `if` branch':
        '`running` is never empty here: the loop just started a check if none was running',
    'src/launchready/runner.py::run_checks::wait = max(0.0, min(running.values()) - time.monotonic()) if running else 0.0::0.0::`0` → `1`':
        'the `else 0.0` branch is unreachable (`running` is never empty here)',
    'src/launchready/runner.py::run_checks::wait = max(0.0, min(running.values()) - time.monotonic()) if running else 0.0::max(0.0, min(running.values()) - time.monotonic()) if running else 0.0::always the `else` branch':
        'timing only: the loop polls every 10 ms instead of sleeping until the next deadline; same results and events',
    'src/launchready/runner.py::run_checks::wait = max(0.0, min(running.values()) - time.monotonic()) if running else 0.0::max(0.0, min(running.values()) - time.monotonic())::`max` → `min`':
        'timing only: a wait of at most 0 s polls every 10 ms; same results and events',
    'src/launchready/runner.py::run_checks::index, result = done.get(timeout=wait + 0.01)::0.01::`0.01` → `0.005`':
        'timing only: 5 ms less slack after a deadline',
    'src/launchready/runner.py::run_checks::index, result = done.get(timeout=wait + 0.01)::0.01::`0.01` → `0.02`':
        'timing only: 10 ms more slack after a deadline',
    'src/launchready/runner.py::run_checks::if deadline <= now:::deadline <= now::`<=` → `<`':
        'a monotonic float equal to the deadline to the nanosecond; the next 10 ms poll reports it',
    'src/launchready/printable.py::_visible::return f"\\\\x{code:02x}" if code <= 0xFF else f"\\\\u{code:04x}"::code <= 0xFF::`<=` → `<`':
        'no unsafe character has a code of 0xFE to 0x100 (C1 ends at 0x9F, the next unsafe ones are bidi controls), so the boundary never decides',
    'src/launchready/printable.py::_visible::return f"\\\\x{code:02x}" if code <= 0xFF else f"\\\\u{code:04x}"::0xFF::`255` → `256`':
        'no unsafe character has a code of 0xFE to 0x100 (C1 ends at 0x9F, the next unsafe ones are bidi controls), so the boundary never decides',
    'src/launchready/printable.py::_visible::return f"\\\\x{code:02x}" if code <= 0xFF else f"\\\\u{code:04x}"::0xFF::`255` → `254`':
        'no unsafe character has a code of 0xFE to 0x100 (C1 ends at 0x9F, the next unsafe ones are bidi controls), so the boundary never decides',
    'src/launchready/redaction.py::<module>::CREDENTIAL_HEADERS = ("authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "api-key",::("authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "api-key", …::element 3 (`\'set-cookie\'`) removed':
        '`cookie` is matched at a word boundary, so it already covers `set-cookie`',
    'src/launchready/redaction.py::_mask_group.repl::return m.group(0).replace(val, redact_secret(val), 1)::1::`1` → `2`':
        'the value occurs once in its own match (head + value), so replacing the first one or the first two is the same',
    'src/launchready/redaction.py::_looks_harmless::if v.lower() in {"true", "false", "none", "null", "undefined", "required", "optional"}:::"true"::`true` → `\'\'`':
        '`true` never arrives: the bearer and assignment patterns that consult `_looks_harmless` need 8 or more characters, and no provider rule of the secrets engine captures the word `true`',
    'src/launchready/redaction.py::_redact::if any(lit.lower() in lowered for lit in literals):::lit.lower() in lowered::`in` → `not in`':
        'the literal prefilter only skips rules that cannot match; dropping it (running every rule on every text) gives the same output, slower',
    # Repo, ops and domain blocking checks, redaction, SARIF (branch mutate-pins): patterns another entry of
    # the same table already matches, branches the shipped secret rules never reach, values never read.
    'src/launchready/redaction.py::<module>::CREDENTIAL_HEADERS = ("authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "api-key",::("authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "api-key", …::element 1 (`\'proxy-authorization\'`) removed':
        '`authorization` is still listed and `\\b` matches after the hyphen of `Proxy-Authorization`: the same value is masked the same way',
    'src/launchready/redaction.py::<module>::CREDENTIAL_HEADERS = ("authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "api-key",::("authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "api-key", …::element 4 (`\'x-api-key\'`) removed':
        '`api-key` is still listed and `\\b` matches after the hyphen of `X-API-Key`: the same value is masked the same way',
    'src/launchready/checks/domain/dns.py::_host::if not web_origin and not any(a.nxdomain for a in answers):::any(a.nxdomain for a in answers)::`any` → `all`':
        'NXDOMAIN belongs to the name, not to a record type: the A and AAAA answers for one host agree on it, so `any` and `all` over them are the same',
    'src/launchready/checks/repo/tenant_scoping.py::<module>::_ORM_FILTER = re.compile(r"(?i)\\b(?:tenant|workspace|owner|user|org|organization|account|team)(?:_?id)?\\s*[=:]|"::r"(?i)\\b(?:tenant|workspace|owner|user|org|organization|account|team)(?:_?id)?\\s*[=:]|" r…::alternative `request\\.user` removed':
        '`\\.user\\b`, the last alternative, matches every `request.user` too',
    'src/launchready/checks/repo/rate_limit_config.py::<module>::"chat": ("/chat", "/chat/*", "*/chat", "/messages", "*/messages", "/completions", "*/completions",::("/chat", "/chat/*", "*/chat", "/messages", "*/messages", "/completions", "*/completions"…::element 7 (`\'/conversations/*/messages\'`) removed':
        '`*/messages` matches every path `/conversations/*/messages` matches',
    'src/launchready/checks/repo/rate_limit_config.py::<module>::"chat": ("/chat", "/chat/*", "*/chat", "/messages", "*/messages", "/completions", "*/completions",::("/chat", "/chat/*", "*/chat", "/messages", "*/messages", "/completions", "*/completions"…::element 9 (`\'/api/chat\'`) removed':
        '`/chat` matches `/api/chat` too: public and class patterns are matched against the path without its `/api` prefix',
    'src/launchready/checks/repo/rate_limit_config.py::<module>::"upload": ("/upload", "/uploads", "*/upload", "/files", "*/files", "/documents", "/files/upload"),::("/upload", "/uploads", "*/upload", "/files", "*/files", "/documents", "/files/upload")::element 6 (`\'/files/upload\'`) removed':
        '`*/upload` matches every path `/files/upload` matches',
    'src/launchready/checks/repo/route_auth.py::<module>::DEFAULT_PUBLIC = (::( "/", "/health*", "/ready*", "/live*", "/status", "/ping", "/metrics", "/login", "/signi…::element 24 (`\'/webhooks/*\'`) removed':
        '`*webhook*` matches every path `/webhooks/*` matches',
    'src/launchready/checks/repo/route_auth.py::<module>::DEFAULT_PUBLIC = (::( "/", "/health*", "/ready*", "/live*", "/status", "/ping", "/metrics", "/login", "/signi…::element 25 (`\'/webhook/*\'`) removed':
        '`*webhook*` matches every path `/webhook/*` matches',
    'src/launchready/checks/repo/route_auth.py::<module>::DEFAULT_PUBLIC = (::( "/", "/health*", "/ready*", "/live*", "/status", "/ping", "/metrics", "/login", "/signi…::element 26 (`\'/webhooks\'`) removed':
        '`*webhook*` matches `/webhooks`',
    'src/launchready/checks/repo/route_auth.py::<module>::DEFAULT_PUBLIC = (::( "/", "/health*", "/ready*", "/live*", "/status", "/ping", "/metrics", "/login", "/signi…::element 27 (`\'/webhook\'`) removed':
        '`*webhook*` matches `/webhook`',
    'src/launchready/checks/repo/route_auth.py::<module>::DEFAULT_PUBLIC = (::( "/", "/health*", "/ready*", "/live*", "/status", "/ping", "/metrics", "/login", "/signi…::element 33 (`\'/favicon.ico\'`) removed':
        '`/favicon*` matches `/favicon.ico`',
    'src/launchready/checks/repo/route_auth.py::<module>::DEFAULT_PUBLIC = (::( "/", "/health*", "/ready*", "/live*", "/status", "/ping", "/metrics", "/login", "/signi…::element 48 (`\'/logout\'`) removed':
        '`/logo*` matches `/logout`',
    'src/launchready/checks/repo/route_auth.py::<module>::"/auth/callback*", "/auth/refresh", "/webhooks/*", "/webhook/*", "/webhooks", "/webhook",::"/webhooks/*"::`/webhooks/*` → `\'\'`':
        'an empty pattern is read as `/`, already public; and `*webhook*` still matches every path `/webhooks/*` did',
    'src/launchready/checks/repo/route_auth.py::<module>::"/auth/callback*", "/auth/refresh", "/webhooks/*", "/webhook/*", "/webhooks", "/webhook",::"/webhook/*"::`/webhook/*` → `\'\'`':
        'an empty pattern is read as `/`, already public; and `*webhook*` still matches every path `/webhook/*` did',
    'src/launchready/checks/repo/route_auth.py::<module>::"/auth/callback*", "/auth/refresh", "/webhooks/*", "/webhook/*", "/webhooks", "/webhook",::"/webhooks"::`/webhooks` → `\'\'`':
        'an empty pattern is read as `/`, already public; and `*webhook*` still matches `/webhooks`',
    'src/launchready/checks/repo/route_auth.py::<module>::"/auth/callback*", "/auth/refresh", "/webhooks/*", "/webhook/*", "/webhooks", "/webhook",::"/webhook"::`/webhook` → `\'\'`':
        'an empty pattern is read as `/`, already public; and `*webhook*` still matches `/webhook`',
    'src/launchready/checks/repo/route_auth.py::<module>::"/docs", "/docs/*", "/redoc", "/openapi.json", "/api/auth/*", "/favicon.ico", "/robots.txt", "/assets/*",::"/favicon.ico"::`/favicon.ico` → `\'\'`':
        'an empty pattern is read as `/`, already public; and `/favicon*` still matches `/favicon.ico`',
    'src/launchready/checks/repo/route_auth.py::<module>::"/auth/config", "/auth/providers", "/login/*", "/oauth/*", "/auth/oauth/*", "/logout",::"/logout"::`/logout` → `\'\'`':
        'an empty pattern is read as `/`, already public; and `/logo*` still matches `/logout`',
    'src/launchready/checks/repo/route_auth.py::<module>::r"(?i)conversation|message|chat|thread|history|memor|file|upload|document|attachment|user|account|profile|"::r"(?i)conversation|message|chat|thread|history|memor|file|upload|document|attachment|user…::alternative `profile` removed':
        '`file`, another alternative, matches wherever `profile` does',
    'src/launchready/redaction.py::_looks_harmless::if v.lower() in {"true", "false", "none", "null", "undefined", "required", "optional"}:::{"true", "false", "none", "null", "undefined", "required", "optional"}::element 1 (`\'false\'`) removed':
        "`false` never arrives: the patterns that consult `_looks_harmless` need 8 or more characters, and no provider rule's secret is a word",
    'src/launchready/redaction.py::_looks_harmless::if v.lower() in {"true", "false", "none", "null", "undefined", "required", "optional"}:::{"true", "false", "none", "null", "undefined", "required", "optional"}::element 2 (`\'none\'`) removed':
        "`none` never arrives: the patterns that consult `_looks_harmless` need 8 or more characters, and no provider rule's secret is a word",
    'src/launchready/redaction.py::_looks_harmless::if v.lower() in {"true", "false", "none", "null", "undefined", "required", "optional"}:::{"true", "false", "none", "null", "undefined", "required", "optional"}::element 3 (`\'null\'`) removed':
        "`null` never arrives: the patterns that consult `_looks_harmless` need 8 or more characters, and no provider rule's secret is a word",
    'src/launchready/redaction.py::_looks_harmless::if v.lower() in {"true", "false", "none", "null", "undefined", "required", "optional"}:::"false"::`false` → `\'\'`':
        '`false` never arrives (8+ characters reach `_looks_harmless`); an empty word is never looked up',
    'src/launchready/redaction.py::_looks_harmless::if v.lower() in {"true", "false", "none", "null", "undefined", "required", "optional"}:::"none"::`none` → `\'\'`':
        '`none` never arrives (8+ characters reach `_looks_harmless`); an empty word is never looked up',
    'src/launchready/redaction.py::_looks_harmless::if v.lower() in {"true", "false", "none", "null", "undefined", "required", "optional"}:::"null"::`null` → `\'\'`':
        '`null` never arrives (8+ characters reach `_looks_harmless`); an empty word is never looked up',
    'src/launchready/redaction.py::_looks_harmless::if v.startswith(("process.env", "os.environ", "os.getenv", "env(", "${", "{{", "<", "$")):::("process.env", "os.environ", "os.getenv", "env(", "${", "{{", "<", "$")::element 4 (`\'${\'`) removed':
        '`$`, also listed, is a prefix of every `${…}`',
    'src/launchready/redaction.py::_rule_maskers::flags = re.IGNORECASE if rule.caseless else 0::re.IGNORECASE if rule.caseless else 0::always the `else` branch':
        'every caseless provider rule spells its case-insensitivity inline (`(?i)` at the start of its regex), so the flag adds nothing',
    'src/launchready/redaction.py::_rule_maskers::lead = flags_at_start.group(0) if flags_at_start else ""::flags_at_start.group(0) if flags_at_start else ""::always the `else` branch':
        'no provider rule has both a boundary and leading inline flags (the caseless keyword rules have `boundary = false`), so the flags branch is never taken',
    'src/launchready/redaction.py::_rule_maskers::lead = flags_at_start.group(0) if flags_at_start else ""::0::`0` → `1`':
        'same: the leading-flags branch is never taken with the shipped rules',
    'src/launchready/redaction.py::_rule_maskers::lead = flags_at_start.group(0) if flags_at_start else ""::0::`0` → `-1`':
        'same: the leading-flags branch is never taken with the shipped rules',
    'src/launchready/redaction.py::_mask_rule_match.repl::return m.group(0).replace(secret, redact_secret(secret), 1)::1::`1` → `2`':
        "a provider rule's match holds its secret once (the secret group is the value after the name), so replacing up to two occurrences replaces the same one",
    'src/launchready/redaction.py::_looks_harmless::if v.lower() in {"true", "false", "none", "null", "undefined", "required", "optional"}:::{"true", "false", "none", "null", "undefined", "required", "optional"}::element 0 (`\'true\'`) removed':
        "`true` never arrives: the patterns that consult `_looks_harmless` need 8 or more characters, and no provider rule's secret is a word",
    'src/launchready/checks/repo/dotenv_committed.py::is_dotenv::base = path.rsplit("/", 1)[-1]::1::`1` → `2`':
        'the last field of `rsplit("/", n)` is the file name for any n ≥ 1',
    'src/launchready/report/sarif.py::<module>::_LEVEL = {Status.FAIL: "error", Status.WARN: "warning", Status.ERROR: "error", Status.PASS: "none", Status.SKIP: "none"}::{Status.FAIL: "error", Status.WARN: "warning", Status.ERROR: "error", Status.PASS: "none"…::entry `Status.ERROR` removed':
        '`_LEVEL` is only read for fail and warn evidence (`_result` writes "note" for every other status), so its error entry is never read',
    'src/launchready/report/sarif.py::<module>::_LEVEL = {Status.FAIL: "error", Status.WARN: "warning", Status.ERROR: "error", Status.PASS: "none", Status.SKIP: "none"}::{Status.FAIL: "error", Status.WARN: "warning", Status.ERROR: "error", Status.PASS: "none"…::entry `Status.SKIP` removed':
        '`_LEVEL` is only read for fail and warn evidence, so its skip entry is never read',
    # Branch mut-api1: the blocking API checks.
    'src/launchready/checks/api/rate_limits.py::_burst::return False::False::return None':
        'the value `_burst` returns is never read: `run` calls it as a statement (its findings go into `evidence` and `metrics`), and no other module calls it',
    'src/launchready/checks/api/rate_limits.py::_burst::return False::False::`False` → `True`':
        'the value `_burst` returns is never read: `run` calls it as a statement (its findings go into `evidence` and `metrics`), and no other module calls it',
    'src/launchready/checks/api/rate_limits.py::_burst::return False::False::return None::1':
        'the value `_burst` returns is never read: `run` calls it as a statement (its findings go into `evidence` and `metrics`), and no other module calls it',
    'src/launchready/checks/api/rate_limits.py::_burst::return False::False::`False` → `True`::1':
        'the value `_burst` returns is never read: `run` calls it as a statement (its findings go into `evidence` and `metrics`), and no other module calls it',
    'src/launchready/checks/api/rate_limits.py::_burst::return True::True::return None':
        'the value `_burst` returns is never read: `run` calls it as a statement (its findings go into `evidence` and `metrics`), and no other module calls it',
    'src/launchready/checks/api/rate_limits.py::_burst::return True::True::`True` → `False`':
        'the value `_burst` returns is never read: `run` calls it as a statement (its findings go into `evidence` and `metrics`), and no other module calls it',
    'src/launchready/checks/api/auth_required.py::<module>::_LOGIN_HINT = re.compile(r"login|signin|sign-in|auth|sso|oauth", re.IGNORECASE)::r"login|signin|sign-in|auth|sso|oauth"::alternative `oauth` removed':
        'every text that contains "oauth" contains "auth", another alternative of the same unanchored search',
    'src/launchready/checks/api/token_tampering.py::_send::if 200 <= ex.status < 300:::200::`200` → `199`':
        'no answer has a status of 199: the HTTP client (httpx over h11) treats 100-199 as informational and waits for the final response, so only 200 and above reach the check',

    # Branch mut-rest.
    'src/launchready/report/terminal.py::_checks_table::default=5))::5::`5` → `4`':
        'the default is the check column\'s minimum width only when no check is shown; the header "check" is 5 cells '
        'wide, and the table is drawn only at 80 columns or more (render_text and the CLI pass the width; below 80 the '
        'checks are listed), where an empty table renders the same with 4 or 5 (compared at 80, 110 and 200 columns)',
    'src/launchready/checks/domain/tls.py::_protocols::if not getattr(ssl, "HAS_SSLv3", False):::False::`False` → `True`':
        "`ssl.HAS_SSLv3` is defined by the ssl module of every Python since 3.7 (this package requires 3.11+), so "
        "getattr's default is never used",
    'src/launchready/report/terminal.py::_checks_table::default=5))::5::`5` → `2`':
        'same as `5` → `4`: below the header\'s 5 cells the minimum never decides (compared at 80, 110 and 200 columns)',
    'src/launchready/report/html.py::_environment::autoescape=select_autoescape(default=True, default_for_string=True))::True::`True` → `False`::1':
        '`default_for_string` applies only to templates made with Environment.from_string; the report renders only '
        'scorecard.html.j2 from the package loader, which `default=True` escapes',
    'src/launchready/checks/repo/webhook_verification.py::_call_site::if isinstance(node, ast.Call) and dotted_name(node.func).rsplit(".", 1)[-1] == callee:::1::`1` → `2`':
        'the last field of an rsplit is the same for any maxsplit ≥ 1',
    'src/launchready/checks/domain/tls.py::_judge_cert::if hs.verify_code >= 0::hs.verify_code >= 0::`>=` → `>`':
        'a handshake that did not verify has verify code -1 (refused by the strict client) or the OpenSSL code of an '
        'ssl.SSLCertVerificationError, which is never 0 (X509_V_OK): the boundary never decides',
    'src/launchready/checks/repo/rate_limit_config.py::<module>::"upload": ("/upload", "/uploads", "*/upload", "/files", "*/files", "/documents", "/files/upload"),::"/files/upload"::`/files/upload` → `\'\'`':
        'routes.is_public returns the pattern that matched, and an empty pattern is falsy, so an emptied entry never '
        'classes a route — the same as removing it, and `*/upload` matches every path `/files/upload` matches',
    'src/launchready/checks/repo/rate_limit_config.py::<module>::r"^\\s*limit_req\\s|name:\\s*rate-limiting|\\brateLimit\\s*:|ratelimit\\.(?:average|burst)|\\brate_limit(?:ing)?\\b"::r"^\\s*limit_req\\s|name:\\s*rate-limiting|\\brateLimit\\s*:|ratelimit\\.(?:average|burst)|\\bra…::alternative `\\brateLimit\\s*:` removed':
        'the pattern is case-insensitive: `\\bratelimit\\b` matches at the same place wherever `\\brateLimit\\s*:` does'
        ' (the character after the word is a blank or the colon)',
    # mut-ai (cross_tenant_context.py)
    'src/launchready/checks/ai/cross_tenant_context.py::_plant_and_ask::if 200 <= answer.status < 300:::200::`200` → `199`':
        'no final HTTP status is below 200 (1xx answers are interim; httpx never returns one), so the lower bound at 199 or 100 decides as at 200',
    'src/launchready/checks/ai/cross_tenant_context.py::_plant_and_ask::if 200 <= answer.status < 300:::200::`200` → `100`':
        'no final HTTP status is below 200 (1xx answers are interim; httpx never returns one), so the lower bound at 199 or 100 decides as at 200',
    'src/launchready/checks/ai/cross_tenant_context.py::<module>::CHECK = Check(META, run, options={"budget": 33})::"budget"::`budget` → `\'\'`':
        "the check's `budget` option only caps probes through min(own, share of [ai] probe-budget); this check sends at most 6 budgeted requests (one upload, the planted message, four questions; deletes are outside the budget), fewer than 16, so a budget of 16, 32, 33, 34 or the share alone never stops it",
    'src/launchready/checks/ai/cross_tenant_context.py::<module>::CHECK = Check(META, run, options={"budget": 33})::33::`33` → `34`':
        "the check's `budget` option only caps probes through min(own, share of [ai] probe-budget); this check sends at most 6 budgeted requests (one upload, the planted message, four questions; deletes are outside the budget), fewer than 16, so a budget of 16, 32, 33, 34 or the share alone never stops it",
    'src/launchready/checks/ai/cross_tenant_context.py::<module>::CHECK = Check(META, run, options={"budget": 33})::33::`33` → `32`':
        "the check's `budget` option only caps probes through min(own, share of [ai] probe-budget); this check sends at most 6 budgeted requests (one upload, the planted message, four questions; deletes are outside the budget), fewer than 16, so a budget of 16, 32, 33, 34 or the share alone never stops it",
    'src/launchready/checks/ai/cross_tenant_context.py::<module>::CHECK = Check(META, run, options={"budget": 33})::33::`33` → `16`':
        "the check's `budget` option only caps probes through min(own, share of [ai] probe-budget); this check sends at most 6 budgeted requests (one upload, the planted message, four questions; deletes are outside the budget), fewer than 16, so a budget of 16, 32, 33, 34 or the share alone never stops it",
    # mut-ai (output_handling.py)
    'src/launchready/checks/ai/output_handling.py::outside_urls::seen.add(url)::seen.add(url)::statement removed':
        'dropping the de-duplication only appends later duplicates of a URL already found under an earlier kind (image, html, link, then url); every reader takes the first match or tests for any, so the result is the same',
    'src/launchready/checks/ai/output_handling.py::<module>::CHECK = Check(META, run, options={"budget": 33})::"budget"::`budget` → `\'\'`':
        "the check's `budget` option only caps probes through min(own, share of [ai] probe-budget); this check sends at most 7 budgeted requests (the echo control and, per ask, a planted message and the ask), fewer than 16, so a budget of 16, 32, 33, 34 or the share alone never stops it",
    'src/launchready/checks/ai/output_handling.py::<module>::CHECK = Check(META, run, options={"budget": 33})::33::`33` → `34`':
        "the check's `budget` option only caps probes through min(own, share of [ai] probe-budget); this check sends at most 7 budgeted requests (the echo control and, per ask, a planted message and the ask), fewer than 16, so a budget of 16, 32, 33, 34 or the share alone never stops it",
    'src/launchready/checks/ai/output_handling.py::<module>::CHECK = Check(META, run, options={"budget": 33})::33::`33` → `32`':
        "the check's `budget` option only caps probes through min(own, share of [ai] probe-budget); this check sends at most 7 budgeted requests (the echo control and, per ask, a planted message and the ask), fewer than 16, so a budget of 16, 32, 33, 34 or the share alone never stops it",
    'src/launchready/checks/ai/output_handling.py::<module>::CHECK = Check(META, run, options={"budget": 33})::33::`33` → `16`':
        "the check's `budget` option only caps probes through min(own, share of [ai] probe-budget); this check sends at most 7 budgeted requests (the echo control and, per ask, a planted message and the ask), fewer than 16, so a budget of 16, 32, 33, 34 or the share alone never stops it",
    # mut-ai (injection_tool_misuse.py)
    'src/launchready/checks/ai/injection_tool_misuse.py::judge_trace::return False::False::return None':
        'the caller only tests the result for truth: None and False are alike',
    'src/launchready/checks/ai/injection_tool_misuse.py::judge_reply::return False::False::return None':
        'the caller only tests the result for truth: None and False are alike',
    'src/launchready/checks/ai/injection_tool_misuse.py::judge_channels::hits = chat.sink.wait_for(token, timeout=1.0) if chat.sink_reachable else []::chat.sink.wait_for(token, timeout=1.0) if chat.sink_reachable else []::always the `if` branch':
        'waiting on the loopback sink when the product is not on this machine: it cannot reach the sink and the token is fresh, so no hit can come; only a 1 s wait differs',
    'src/launchready/checks/ai/injection_tool_misuse.py::run::text = fill(item["text"], {"sink_url": sink_url, "email": email, "nonce": token})::{"sink_url": sink_url, "email": email, "nonce": token}::entry `\'nonce\'` removed':
        'no tool probe of the shipped library holds {nonce} (only {sink_url} and {email}), so the entry is never used',
    'src/launchready/checks/ai/injection_tool_misuse.py::run::text = fill(item["text"], {"sink_url": sink_url, "email": email, "nonce": token})::"nonce"::`nonce` → `\'\'`':
        'no tool probe of the shipped library holds {nonce} (only {sink_url} and {email}), so the entry is never used',
    'src/launchready/checks/ai/injection_tool_misuse.py::<module>::CHECK = Check(META, run, options={"budget": 33})::"budget"::`budget` → `\'\'`':
        "the check's `budget` option only caps probes through min(own, share of [ai] probe-budget); this check sends at most 11 budgeted requests (eight probes with allow-destructive, one outbox read before and one after each of two e-mail probes), fewer than 16, so a budget of 16, 32, 33, 34 or the share alone never stops it",
    'src/launchready/checks/ai/injection_tool_misuse.py::<module>::CHECK = Check(META, run, options={"budget": 33})::33::`33` → `34`':
        "the check's `budget` option only caps probes through min(own, share of [ai] probe-budget); this check sends at most 11 budgeted requests (eight probes with allow-destructive, one outbox read before and one after each of two e-mail probes), fewer than 16, so a budget of 16, 32, 33, 34 or the share alone never stops it",
    'src/launchready/checks/ai/injection_tool_misuse.py::<module>::CHECK = Check(META, run, options={"budget": 33})::33::`33` → `32`':
        "the check's `budget` option only caps probes through min(own, share of [ai] probe-budget); this check sends at most 11 budgeted requests (eight probes with allow-destructive, one outbox read before and one after each of two e-mail probes), fewer than 16, so a budget of 16, 32, 33, 34 or the share alone never stops it",
    'src/launchready/checks/ai/injection_tool_misuse.py::<module>::CHECK = Check(META, run, options={"budget": 33})::33::`33` → `16`':
        "the check's `budget` option only caps probes through min(own, share of [ai] probe-budget); this check sends at most 11 budgeted requests (eight probes with allow-destructive, one outbox read before and one after each of two e-mail probes), fewer than 16, so a budget of 16, 32, 33, 34 or the share alone never stops it",
    # mut-ai (indirect_injection.py)
    'src/launchready/checks/ai/indirect_injection.py::run::if not 200 <= answer.status < 300:::200::`200` → `199`':
        'no final HTTP status is below 200 (1xx answers are interim; httpx never returns one), so the lower bound at 199 or 100 decides as at 200',
    'src/launchready/checks/ai/indirect_injection.py::run::if not 200 <= answer.status < 300:::200::`200` → `100`':
        'no final HTTP status is below 200 (1xx answers are interim; httpx never returns one), so the lower bound at 199 or 100 decides as at 200',
    'src/launchready/checks/ai/indirect_injection.py::run::hits = chat.sink.wait_for(token, timeout=0.5) if chat.sink_reachable and "{sink_url}" in doc["content"] \\::chat.sink.wait_for(token, timeout=0.5) if chat.sink_reachable and "{sink_url}" in doc["co…::always the `if` branch':
        "waiting on the sink for a document without a sink URL (or on a sink the product cannot reach): the document's token reaches the product only inside its e-mail address, never as a sink URL, so no hit can come; only a 0.5 s wait differs",
    'src/launchready/checks/ai/indirect_injection.py::run::hits = chat.sink.wait_for(token, timeout=0.5) if chat.sink_reachable and "{sink_url}" in doc["content"] \\::chat.sink_reachable and "{sink_url}" in doc["content"]::`and` → `or`':
        "waiting on the sink for a document without a sink URL (or on a sink the product cannot reach): the document's token reaches the product only inside its e-mail address, never as a sink URL, so no hit can come; only a 0.5 s wait differs",
    'src/launchready/checks/ai/indirect_injection.py::run::outbox = " ".join(chat.outbox_route or ("the outbox",))::"the outbox"::`the outbox` → `\'\'`':
        'unreachable fallback: this branch needs an outbox read before the documents, which needs an outbox route',
    'src/launchready/checks/ai/indirect_injection.py::<module>::CHECK = Check(META, run, options={"budget": 33})::"budget"::`budget` → `\'\'`':
        "the check's `budget` option only caps probes through min(own, share of [ai] probe-budget); this check sends at most 13 budgeted requests (an outbox read, five uploads and five questions, two outbox re-reads; deletes are outside the budget), fewer than 16, so a budget of 16, 32, 33, 34 or the share alone never stops it",
    'src/launchready/checks/ai/indirect_injection.py::<module>::CHECK = Check(META, run, options={"budget": 33})::33::`33` → `34`':
        "the check's `budget` option only caps probes through min(own, share of [ai] probe-budget); this check sends at most 13 budgeted requests (an outbox read, five uploads and five questions, two outbox re-reads; deletes are outside the budget), fewer than 16, so a budget of 16, 32, 33, 34 or the share alone never stops it",
    'src/launchready/checks/ai/indirect_injection.py::<module>::CHECK = Check(META, run, options={"budget": 33})::33::`33` → `32`':
        "the check's `budget` option only caps probes through min(own, share of [ai] probe-budget); this check sends at most 13 budgeted requests (an outbox read, five uploads and five questions, two outbox re-reads; deletes are outside the budget), fewer than 16, so a budget of 16, 32, 33, 34 or the share alone never stops it",
    'src/launchready/checks/ai/indirect_injection.py::<module>::CHECK = Check(META, run, options={"budget": 33})::33::`33` → `16`':
        "the check's `budget` option only caps probes through min(own, share of [ai] probe-budget); this check sends at most 13 budgeted requests (an outbox read, five uploads and five questions, two outbox re-reads; deletes are outside the budget), fewer than 16, so a budget of 16, 32, 33, 34 or the share alone never stops it",
    # mut-ai (system_prompt_leak.py)
    'src/launchready/checks/ai/system_prompt_leak.py::<module>::__all__ = ["CHECK", "META", "Fingerprint", "prompt_fingerprints", "run"]::["CHECK", "META", "Fingerprint", "prompt_fingerprints", "run"]::element 0 (`\'CHECK\'`) removed':
        '`__all__` only changes `from … import *`, which nothing does; every import names what it takes',
    'src/launchready/checks/ai/system_prompt_leak.py::<module>::__all__ = ["CHECK", "META", "Fingerprint", "prompt_fingerprints", "run"]::["CHECK", "META", "Fingerprint", "prompt_fingerprints", "run"]::element 1 (`\'META\'`) removed':
        '`__all__` only changes `from … import *`, which nothing does; every import names what it takes',
    'src/launchready/checks/ai/system_prompt_leak.py::<module>::__all__ = ["CHECK", "META", "Fingerprint", "prompt_fingerprints", "run"]::["CHECK", "META", "Fingerprint", "prompt_fingerprints", "run"]::element 2 (`\'Fingerprint\'`) removed':
        '`__all__` only changes `from … import *`, which nothing does; every import names what it takes',
    'src/launchready/checks/ai/system_prompt_leak.py::<module>::__all__ = ["CHECK", "META", "Fingerprint", "prompt_fingerprints", "run"]::["CHECK", "META", "Fingerprint", "prompt_fingerprints", "run"]::element 3 (`\'prompt_fingerprints\'`) removed':
        '`__all__` only changes `from … import *`, which nothing does; every import names what it takes',
    'src/launchready/checks/ai/system_prompt_leak.py::<module>::__all__ = ["CHECK", "META", "Fingerprint", "prompt_fingerprints", "run"]::["CHECK", "META", "Fingerprint", "prompt_fingerprints", "run"]::element 4 (`\'run\'`) removed':
        '`__all__` only changes `from … import *`, which nothing does; every import names what it takes',
    'src/launchready/checks/ai/system_prompt_leak.py::<module>::__all__ = ["CHECK", "META", "Fingerprint", "prompt_fingerprints", "run"]::"CHECK"::`CHECK` → `\'\'`':
        '`__all__` only changes `from … import *`, which nothing does; every import names what it takes',
    'src/launchready/checks/ai/system_prompt_leak.py::<module>::__all__ = ["CHECK", "META", "Fingerprint", "prompt_fingerprints", "run"]::"META"::`META` → `\'\'`':
        '`__all__` only changes `from … import *`, which nothing does; every import names what it takes',
    'src/launchready/checks/ai/system_prompt_leak.py::<module>::__all__ = ["CHECK", "META", "Fingerprint", "prompt_fingerprints", "run"]::"Fingerprint"::`Fingerprint` → `\'\'`':
        '`__all__` only changes `from … import *`, which nothing does; every import names what it takes',
    'src/launchready/checks/ai/system_prompt_leak.py::<module>::__all__ = ["CHECK", "META", "Fingerprint", "prompt_fingerprints", "run"]::"prompt_fingerprints"::`prompt_fingerprints` → `\'\'`':
        '`__all__` only changes `from … import *`, which nothing does; every import names what it takes',
    'src/launchready/checks/ai/system_prompt_leak.py::<module>::__all__ = ["CHECK", "META", "Fingerprint", "prompt_fingerprints", "run"]::"run"::`run` → `\'\'`':
        '`__all__` only changes `from … import *`, which nothing does; every import names what it takes',
    'src/launchready/checks/ai/system_prompt_leak.py::Recitals.help_reply::return self._help[0]::0::`0` → `-1`':
        '`_help` holds at most one reply (appended once, when empty), so [-1] is [0]',
    'src/launchready/checks/ai/system_prompt_leak.py::_recited::return False # the same text answers a plain request for help (or that could not be asked)::False::return None':
        'the caller only tests the result for truth: None and False are alike',
    'src/launchready/checks/ai/system_prompt_leak.py::_recited::return False::False::return None':
        'the caller only tests the result for truth: None and False are alike',
    'src/launchready/checks/ai/system_prompt_leak.py::_judge::how = _canary(turn.reply, canary) if canary else None::_canary(turn.reply, canary) if canary else None::always the `if` branch':
        'with no canary declared `_canary(reply, None)` finds nothing (find_secret returns None for an empty needle): the same None',
    'src/launchready/checks/ai/system_prompt_leak.py::run::recitals = Recitals(lambda: state.send(chat.session(probe), help_text) if help_text else None)::state.send(chat.session(probe), help_text) if help_text else None::always the `if` branch':
        'the shipped probe library always has a help text ([leak_controls] help), so the else branch is never taken',
    'src/launchready/checks/ai/system_prompt_leak.py::run::if any(state.send(session, text) is None for text in setup):::any(state.send(session, text) is None for text in setup)::`any` → `all`':
        'every multi-turn probe of the shipped library has exactly one set-up turn: any() and all() over one item agree',
    'src/launchready/checks/ai/system_prompt_leak.py::<module>::CHECK = Check(META, run, options={"budget": 33})::"budget"::`budget` → `\'\'`':
        "the check's budget is min(own option, share of [ai] probe-budget) and a full run needs at most 33 requests (2 controls, 26 probes, 3 set-up turns, 1 confirmation, 1 help request): 34, or the share alone when it is above 33, never stops it",
    'src/launchready/checks/ai/system_prompt_leak.py::<module>::CHECK = Check(META, run, options={"budget": 33})::33::`33` → `34`':
        "the check's budget is min(own option, share of [ai] probe-budget) and a full run needs at most 33 requests (2 controls, 26 probes, 3 set-up turns, 1 confirmation, 1 help request): 34, or the share alone when it is above 33, never stops it",
    'src/launchready/checks/ai/system_prompt_leak.py::_judge::return ""::""::return None':
        '_judge returns the kind of proof, which both callers only test for truth (`if kind:`): None and an empty string are alike',
    # mut-ai (cost_exposure.py)
    'src/launchready/checks/ai/cost_exposure.py::own_burst::for attempt in range(2):::2::`2` → `3`':
        'own_burst leaves its loop at the end of the second attempt whatever happened (`if limited is None or sent_ok or attempt: break`), so a third attempt is never reached',
    'src/launchready/checks/ai/cost_exposure.py::run::or shared.elapsed_s >= MIN_WINDOW_S):::shared.elapsed_s >= MIN_WINDOW_S::`>=` → `>`':
        'a shared burst lasting exactly 1.0 s, a monotonic float equal to the bound to the nanosecond: `>=` and `>` decide alike',
    # mut-r4a: the 1xx lower bound of every 2xx test of an HTTP answer's status in the blocking api checks (the
    # precedent above: httpx over h11 hands a check only final answers, 200 and above), and two more in cost exposure.
    **{key: 'a final HTTP answer is never 1xx: httpx (h11) consumes informational answers itself and the checks never send an Upgrade request, so a lower bound of 199 or 100 reads the same statuses as 200' for key in (
        'src/launchready/checks/api/auth_required.py::judge::if 200 <= s < 300:::200::`200` → `199`',
        'src/launchready/checks/api/auth_required.py::judge::if 200 <= s < 300:::200::`200` → `100`',
        'src/launchready/checks/api/auth_required.py::_owner_ids::items = items_of(answer.json()) if 200 <= answer.status < 300 else []::200::`200` → `199`',
        'src/launchready/checks/api/auth_required.py::_owner_ids::items = items_of(answer.json()) if 200 <= answer.status < 300 else []::200::`200` → `100`',
        'src/launchready/checks/api/auth_required.py::_dead_user_token::if 200 <= answer.status < 300:::200::`200` → `199`',
        'src/launchready/checks/api/auth_required.py::_dead_user_token::if 200 <= answer.status < 300:::200::`200` → `100`',
        'src/launchready/checks/api/auth_required.py::_probe_debug_paths::catch_all = baseline is not None and 200 <= baseline.status < 300::200::`200` → `199`',
        'src/launchready/checks/api/auth_required.py::_probe_debug_paths::catch_all = baseline is not None and 200 <= baseline.status < 300::200::`200` → `100`',
        'src/launchready/checks/api/auth_required.py::_probe_debug_paths::if 200 <= ex.status < 300 and ex.body.strip() and not same_as_catch_all(ex):::200::`200` → `199`',
        'src/launchready/checks/api/auth_required.py::_probe_debug_paths::if 200 <= ex.status < 300 and ex.body.strip() and not same_as_catch_all(ex):::200::`200` → `100`',
        'src/launchready/checks/api/input_validation.py::_judge::if payload and payload.must_reject and 200 <= ex.status < 300:::200::`200` → `199`',
        'src/launchready/checks/api/input_validation.py::_judge::if payload and payload.must_reject and 200 <= ex.status < 300:::200::`200` → `100`',
        'src/launchready/checks/api/rate_limits.py::run::stored = sum(200 <= a.status < 300 for _, a in uploads)::200::`200` → `199`',
        'src/launchready/checks/api/rate_limits.py::run::stored = sum(200 <= a.status < 300 for _, a in uploads)::200::`200` → `100`',
        'src/launchready/checks/api/rate_limits.py::_after_check::if 200 <= fresh.status < 300:::200::`200` → `199`',
        'src/launchready/checks/api/rate_limits.py::_after_check::if 200 <= fresh.status < 300:::200::`200` → `100`',
        'src/launchready/checks/api/tenant_isolation.py::_carries::if not 200 <= ex.status < 300:::200::`200` → `199`',
        'src/launchready/checks/api/tenant_isolation.py::_carries::if not 200 <= ex.status < 300:::200::`200` → `100`',
        'src/launchready/checks/api/tenant_isolation.py::Run.create::if created is None or not 200 <= created.status < 300:::200::`200` → `199`',
        'src/launchready/checks/api/tenant_isolation.py::Run.create::if created is None or not 200 <= created.status < 300:::200::`200` → `100`',
        'src/launchready/checks/api/tenant_isolation.py::Run.scoped_routes::if 200 <= theirs.status < 300 and (theirs.text == mine.text or _carries(theirs, obj)):::200::`200` → `199`',
        'src/launchready/checks/api/tenant_isolation.py::Run.scoped_routes::if 200 <= theirs.status < 300 and (theirs.text == mine.text or _carries(theirs, obj)):::200::`200` → `100`',
        'src/launchready/checks/api/tenant_isolation.py::Run.mass_assignment::if (200 <= created.status < 300 and stored == peer.tenant_id) or (::200::`200` → `199`',
        'src/launchready/checks/api/tenant_isolation.py::Run.mass_assignment::if (200 <= created.status < 300 and stored == peer.tenant_id) or (::200::`200` → `100`',
        'src/launchready/checks/api/tenant_isolation.py::Run.mass_assignment::if keyed is not None and 200 <= created.status < 300:::200::`200` → `199`',
        'src/launchready/checks/api/tenant_isolation.py::Run.mass_assignment::if keyed is not None and 200 <= created.status < 300:::200::`200` → `100`',
        'src/launchready/checks/api/token_tampering.py::_send::if 200 <= ex.status < 300:::200::`200` → `100`',
    )},
    'src/launchready/checks/ai/cost_exposure.py::run::status = next((s for s, n in state.rejected.items() if n != rejected_before.get(s, 0)), None)::0::`0` → `-1`':
        'a status counted in `state.rejected` has a count of at least 1: for a status new since `rejected_before`, `n != 0` and `n != -1` are both true, and for an old one the default is not used',
    'src/launchready/checks/ai/cost_exposure.py::run::time.monotonic() < burst.ended_at + window[0]:::time.monotonic() < burst.ended_at + window[0]::`<` → `<=`':
        'a monotonic float equal to the end of the window to the nanosecond: `<` and `<=` decide alike (the runner\'s deadline entry is the precedent)',
    # mut-r4a: tenant isolation fills only templates with exactly one path parameter (an item route, its
    # sub-routes with the same parameter, a tenant-keyed route): replacing the first, the first two or all is alike.
    **{key: 'the template has exactly one path parameter (`_kinds` keeps item routes with one, sub-routes with the same one, `scoped_routes` routes with one), so `fill` replaces the same one with any count' for key in (
        'src/launchready/checks/api/tenant_isolation.py::Run.collect::party.objects.append(Owned(kind.collection, fill(kind.item.path, keyed[1], count=1), keyed[1],::1::`1` → `2`',
        'src/launchready/checks/api/tenant_isolation.py::Run.collect::party.objects.append(Owned(kind.collection, fill(kind.item.path, keyed[1], count=1), keyed[1],::1::`1` → `0`',
        'src/launchready/checks/api/tenant_isolation.py::Run.collect::party.objects.append(Owned(kind.collection, fill(kind.item.path, own, count=1), own, set(),::1::`1` → `2`',
        'src/launchready/checks/api/tenant_isolation.py::Run.collect::party.objects.append(Owned(kind.collection, fill(kind.item.path, own, count=1), own, set(),::1::`1` → `0`',
        'src/launchready/checks/api/tenant_isolation.py::Run.create::party.objects.append(Owned(kind.collection, fill(kind.item.path, keyed[1], count=1), keyed[1],::1::`1` → `2`',
        'src/launchready/checks/api/tenant_isolation.py::Run.create::party.objects.append(Owned(kind.collection, fill(kind.item.path, keyed[1], count=1), keyed[1],::1::`1` → `0`',
        'src/launchready/checks/api/tenant_isolation.py::Run.create::self.cleanup.append(("DELETE", fill(kind.item.path, keyed[1], count=1), party))::1::`1` → `2`',
        'src/launchready/checks/api/tenant_isolation.py::Run.create::self.cleanup.append(("DELETE", fill(kind.item.path, keyed[1], count=1), party))::1::`1` → `0`',
        'src/launchready/checks/api/tenant_isolation.py::Run.replay::path = fill(template, obj.object_id, count=1)::1::`1` → `2`',
        'src/launchready/checks/api/tenant_isolation.py::Run.replay::path = fill(template, obj.object_id, count=1)::1::`1` → `0`',
        'src/launchready/checks/api/tenant_isolation.py::Run.scoped_routes::path = fill(route.path, owner.tenant_id, count=1)::1::`1` → `2`',
        'src/launchready/checks/api/tenant_isolation.py::Run.scoped_routes::path = fill(route.path, owner.tenant_id, count=1)::1::`1` → `0`',
        'src/launchready/checks/api/tenant_isolation.py::Run.mass_assignment::path = fill(kind.item.path, keyed[1], count=1)::1::`1` → `2`',
        'src/launchready/checks/api/tenant_isolation.py::Run.mass_assignment::path = fill(kind.item.path, keyed[1], count=1)::1::`1` → `0`',
    )},
    # mut-r4a, found after the seed-35 run (its #157, #343 and token tampering's #67) and their siblings on the same lines.
    'src/launchready/checks/ai/cost_exposure.py::run::if wait <= float(ctx.options["max-wait-s"]) and wait + 15 < ctx.time_left():::wait + 15 < ctx.time_left()::`<` → `<=`':
        'a monotonic float (the time left) equal to the wait plus 15 s to the nanosecond: `<` and `<=` decide alike (the runner\'s deadline entry is the precedent)',
    'src/launchready/checks/ai/cost_exposure.py::own_burst::if wait > float(ctx.options["max-wait-s"]) or wait + 15 >= ctx.time_left():::wait + 15 >= ctx.time_left()::`>=` → `>`':
        'a monotonic float (the time left) equal to the wait plus 15 s to the nanosecond: `>=` and `>` decide alike',
    **{key: 'the floor only matters for a baseline of 0 or 1 tokens, where 5 × it is at most 10 (5 with 1, 0 with 0, 10 with 2): the other conjunct already needs 2,000 tokens, so the output is called uncapped for the same answers' for key in (
        'src/launchready/checks/ai/cost_exposure.py::decide::if blow_out >= 2000 and blow_out >= 5 * max(base_out, 1):::1::`1` → `2`',
        'src/launchready/checks/ai/cost_exposure.py::decide::if blow_out >= 2000 and blow_out >= 5 * max(base_out, 1):::1::`1` → `0`',
    )},
    **{key: "the default of `.get` is never used: the runner passes a check's options as `{**check.options, **given}` (api._options), so `budget` is always there (60 unless the config sets it)" for key in (
        'src/launchready/checks/api/token_tampering.py::run::with api.probe(budget=int(ctx.options.get("budget", 60)), deadline=ctx.deadline) as probe:::60::`60` → `61`',
        'src/launchready/checks/api/token_tampering.py::run::with api.probe(budget=int(ctx.options.get("budget", 60)), deadline=ctx.deadline) as probe:::60::`60` → `59`',
        'src/launchready/checks/api/token_tampering.py::run::with api.probe(budget=int(ctx.options.get("budget", 60)), deadline=ctx.deadline) as probe:::60::`60` → `30`',
    )},
    # Blocking API checks (branch mut-api2): 1xx lower bounds, a one-second shift of the stale timestamp.
    'src/launchready/checks/api/webhook_signatures.py::_probe_webhook::if 200 <= ex.status < 300:::200::`200` → `199`':
        'a final HTTP answer is never 1xx: httpx (h11) consumes informational answers itself, and 101 only follows an Upgrade request, which the check never sends; so a lower bound of 199 or 100 reads the same statuses as 200',
    'src/launchready/checks/api/webhook_signatures.py::_probe_webhook::if 200 <= ex.status < 300:::200::`200` → `100`':
        'a final HTTP answer is never 1xx: httpx (h11) consumes informational answers itself, and 101 only follows an Upgrade request, which the check never sends; so a lower bound of 199 or 100 reads the same statuses as 200',
    'src/launchready/checks/api/webhook_signatures.py::_probe_webhook::if not 200 <= first.status < 300:::200::`200` → `199`':
        'a final HTTP answer is never 1xx: httpx (h11) consumes informational answers itself, and 101 only follows an Upgrade request, which the check never sends; so a lower bound of 199 or 100 reads the same statuses as 200',
    'src/launchready/checks/api/webhook_signatures.py::_probe_webhook::if not 200 <= first.status < 300:::200::`200` → `100`':
        'a final HTTP answer is never 1xx: httpx (h11) consumes informational answers itself, and 101 only follows an Upgrade request, which the check never sends; so a lower bound of 199 or 100 reads the same statuses as 200',
    'src/launchready/checks/api/webhook_signatures.py::_probe_webhook::if 200 <= again.status < 300:::200::`200` → `199`':
        'a final HTTP answer is never 1xx: httpx (h11) consumes informational answers itself, and 101 only follows an Upgrade request, which the check never sends; so a lower bound of 199 or 100 reads the same statuses as 200',
    'src/launchready/checks/api/webhook_signatures.py::_probe_webhook::if 200 <= again.status < 300:::200::`200` → `100`':
        'a final HTTP answer is never 1xx: httpx (h11) consumes informational answers itself, and 101 only follows an Upgrade request, which the check never sends; so a lower bound of 199 or 100 reads the same statuses as 200',
    'src/launchready/checks/api/webhook_signatures.py::_probe_webhook::deliveries.append(("stale", schemes.sign(scheme, secret, body, timestamp=now - 3600)))::3600::`3600` → `3601`':
        "the stale delivery one second older or younger: the scan reads its clock before the forgeries and the receiver reads its own after, up to a second apart, so no receiver's window tells 3599 from 3600 or 3601 s; tests/checks/api/test_webhook_signatures_pins.py pins the hour (an hour ± 1 s, a 45-minute window rejects it)",
    'src/launchready/checks/api/webhook_signatures.py::_probe_webhook::deliveries.append(("stale", schemes.sign(scheme, secret, body, timestamp=now - 3600)))::3600::`3600` → `3599`':
        "the stale delivery one second older or younger: the scan reads its clock before the forgeries and the receiver reads its own after, up to a second apart, so no receiver's window tells 3599 from 3600 or 3601 s; tests/checks/api/test_webhook_signatures_pins.py pins the hour (an hour ± 1 s, a 45-minute window rejects it)",
    'src/launchready/checks/api/upload_validation.py::served_inline::if 200 <= back.status < 300 and kind in _ACTIVE_TYPES and "attachment" not in disposition \\::200::`200` → `199`':
        'a final HTTP answer is never 1xx: httpx (h11) consumes informational answers itself, and 101 only follows an Upgrade request, which the check never sends; so a lower bound of 199 or 100 reads the same statuses as 200',
    'src/launchready/checks/api/upload_validation.py::served_inline::if 200 <= back.status < 300 and kind in _ACTIVE_TYPES and "attachment" not in disposition \\::200::`200` → `100`':
        'a final HTTP answer is never 1xx: httpx (h11) consumes informational answers itself, and 101 only follows an Upgrade request, which the check never sends; so a lower bound of 199 or 100 reads the same statuses as 200',
    'src/launchready/checks/api/upload_validation.py::remove_uploads::if not 200 <= gone.status < 300: # a 404 may mean "no such route": not proof it is gone::200::`200` → `199`':
        'a final HTTP answer is never 1xx: httpx (h11) consumes informational answers itself, and 101 only follows an Upgrade request, which the check never sends; so a lower bound of 199 or 100 reads the same statuses as 200',
    'src/launchready/checks/api/upload_validation.py::remove_uploads::if not 200 <= gone.status < 300: # a 404 may mean "no such route": not proof it is gone::200::`200` → `100`':
        'a final HTTP answer is never 1xx: httpx (h11) consumes informational answers itself, and 101 only follows an Upgrade request, which the check never sends; so a lower bound of 199 or 100 reads the same statuses as 200',
    'src/launchready/checks/api/upload_validation.py::run::if not 200 <= ok.status < 300:::200::`200` → `199`':
        'a final HTTP answer is never 1xx: httpx (h11) consumes informational answers itself, and 101 only follows an Upgrade request, which the check never sends; so a lower bound of 199 or 100 reads the same statuses as 200',
    'src/launchready/checks/api/upload_validation.py::run::if not 200 <= ok.status < 300:::200::`200` → `100`':
        'a final HTTP answer is never 1xx: httpx (h11) consumes informational answers itself, and 101 only follows an Upgrade request, which the check never sends; so a lower bound of 199 or 100 reads the same statuses as 200',
    'src/launchready/checks/api/upload_validation.py::run::elif ex.status >= 500:::500::`500` → `499`':
        '499 is a 4xx: the `400 <= ex.status < 500` branch before this one takes it, so `>= 499` and `>= 500` see the same statuses',
    'src/launchready/checks/api/latency.py::run::threshold = float(ctx.profile.thresholds.get("latency-p95-ms", 500))::500::`500` → `501`':
        'the default is never read: every shipped profile (handover, security-review) sets `latency-p95-ms`, and a profile is chosen from that fixed set',
    'src/launchready/checks/api/latency.py::run::threshold = float(ctx.profile.thresholds.get("latency-p95-ms", 500))::500::`500` → `499`':
        'the default is never read: every shipped profile (handover, security-review) sets `latency-p95-ms`, and a profile is chosen from that fixed set',
    'src/launchready/checks/api/latency.py::run::threshold = float(ctx.profile.thresholds.get("latency-p95-ms", 500))::500::`500` → `250`':
        'the default is never read: every shipped profile (handover, security-review) sets `latency-p95-ms`, and a profile is chosen from that fixed set',
    'src/launchready/checks/api/latency.py::run::share = cap / (len(plan) - index) if index < len(plan) else cap::cap / (len(plan) - index) if index < len(plan) else cap::always the `if` branch':
        '`index` comes from `enumerate(plan)`, so `index < len(plan)` always holds: the `else` branch is unreachable',
    'src/launchready/checks/api/latency.py::run::share = cap / (len(plan) - index) if index < len(plan) else cap::index < len(plan)::`<` → `<=`':
        '`index` comes from `enumerate(plan)`, so it is below `len(plan)` either way',
    'src/launchready/checks/api/latency.py::run::cap = max(0.0, cap - result.wall_s)::0.0::`0` → `1`':
        'the next share is floored at 1 s (`max(1.0, share)`) and never exceeds `cap`: when `cap - wall_s` is under 1 s both give a share of exactly 1 s, and above 1 s they are the same number',
    'src/launchready/checks/api/latency.py::run::status = Status.FAIL if p95 >= threshold else Status.PASS::p95 >= threshold::`>=` → `>`':
        'differs only when a p95 interpolated from perf_counter differences equals the integer threshold exactly (to the last bit of a float); tests/checks/api/test_latency_pins.py asserts fail exactly when p95 ≥ 500 on both sides',
    'src/launchready/checks/api/latency.py::<module>::"requests": 60, "min-samples": 50, "concurrency": 4, "max-seconds": 30.0, "pace-ms": 0,::0::`0` → `-1`':
        'a pace of −1 ms is truthy, but `run_load` sleeps only when a start time `started + index * pace_s` lies ahead of now, which with a negative pace it never does: no request waits, as with no pace',
    'src/launchready/checks/api/input_validation.py::<module>::CLEAN_4XX = frozenset({400, 404, 405, 409, 411, 413, 415, 422})::{400, 404, 405, 409, 411, 413, 415, 422}::element 0 (`400`) removed':
        '`CLEAN_4XX` is never read (no module uses it: `_judge` decides by 5xx, leaks, SQL text and must-reject 2xx), so no edit of its members changes anything; left in place, noted in the mut-api2 bench section',
    'src/launchready/checks/api/input_validation.py::<module>::CLEAN_4XX = frozenset({400, 404, 405, 409, 411, 413, 415, 422})::{400, 404, 405, 409, 411, 413, 415, 422}::element 1 (`404`) removed':
        '`CLEAN_4XX` is never read (no module uses it: `_judge` decides by 5xx, leaks, SQL text and must-reject 2xx), so no edit of its members changes anything; left in place, noted in the mut-api2 bench section',
    'src/launchready/checks/api/input_validation.py::<module>::CLEAN_4XX = frozenset({400, 404, 405, 409, 411, 413, 415, 422})::{400, 404, 405, 409, 411, 413, 415, 422}::element 2 (`405`) removed':
        '`CLEAN_4XX` is never read (no module uses it: `_judge` decides by 5xx, leaks, SQL text and must-reject 2xx), so no edit of its members changes anything; left in place, noted in the mut-api2 bench section',
    'src/launchready/checks/api/input_validation.py::<module>::CLEAN_4XX = frozenset({400, 404, 405, 409, 411, 413, 415, 422})::{400, 404, 405, 409, 411, 413, 415, 422}::element 3 (`409`) removed':
        '`CLEAN_4XX` is never read (no module uses it: `_judge` decides by 5xx, leaks, SQL text and must-reject 2xx), so no edit of its members changes anything; left in place, noted in the mut-api2 bench section',
    'src/launchready/checks/api/input_validation.py::<module>::CLEAN_4XX = frozenset({400, 404, 405, 409, 411, 413, 415, 422})::{400, 404, 405, 409, 411, 413, 415, 422}::element 4 (`411`) removed':
        '`CLEAN_4XX` is never read (no module uses it: `_judge` decides by 5xx, leaks, SQL text and must-reject 2xx), so no edit of its members changes anything; left in place, noted in the mut-api2 bench section',
    'src/launchready/checks/api/input_validation.py::<module>::CLEAN_4XX = frozenset({400, 404, 405, 409, 411, 413, 415, 422})::{400, 404, 405, 409, 411, 413, 415, 422}::element 5 (`413`) removed':
        '`CLEAN_4XX` is never read (no module uses it: `_judge` decides by 5xx, leaks, SQL text and must-reject 2xx), so no edit of its members changes anything; left in place, noted in the mut-api2 bench section',
    'src/launchready/checks/api/input_validation.py::<module>::CLEAN_4XX = frozenset({400, 404, 405, 409, 411, 413, 415, 422})::{400, 404, 405, 409, 411, 413, 415, 422}::element 6 (`415`) removed':
        '`CLEAN_4XX` is never read (no module uses it: `_judge` decides by 5xx, leaks, SQL text and must-reject 2xx), so no edit of its members changes anything; left in place, noted in the mut-api2 bench section',
    'src/launchready/checks/api/input_validation.py::<module>::CLEAN_4XX = frozenset({400, 404, 405, 409, 411, 413, 415, 422})::{400, 404, 405, 409, 411, 413, 415, 422}::element 7 (`422`) removed':
        '`CLEAN_4XX` is never read (no module uses it: `_judge` decides by 5xx, leaks, SQL text and must-reject 2xx), so no edit of its members changes anything; left in place, noted in the mut-api2 bench section',
    'src/launchready/checks/api/input_validation.py::<module>::CLEAN_4XX = frozenset({400, 404, 405, 409, 411, 413, 415, 422})::400::`400` → `401`':
        '`CLEAN_4XX` is never read (no module uses it: `_judge` decides by 5xx, leaks, SQL text and must-reject 2xx), so no edit of its members changes anything; left in place, noted in the mut-api2 bench section',
    'src/launchready/checks/api/input_validation.py::<module>::CLEAN_4XX = frozenset({400, 404, 405, 409, 411, 413, 415, 422})::400::`400` → `399`':
        '`CLEAN_4XX` is never read (no module uses it: `_judge` decides by 5xx, leaks, SQL text and must-reject 2xx), so no edit of its members changes anything; left in place, noted in the mut-api2 bench section',
    'src/launchready/checks/api/input_validation.py::<module>::CLEAN_4XX = frozenset({400, 404, 405, 409, 411, 413, 415, 422})::400::`400` → `200`':
        '`CLEAN_4XX` is never read (no module uses it: `_judge` decides by 5xx, leaks, SQL text and must-reject 2xx), so no edit of its members changes anything; left in place, noted in the mut-api2 bench section',
    'src/launchready/checks/api/input_validation.py::<module>::CLEAN_4XX = frozenset({400, 404, 405, 409, 411, 413, 415, 422})::404::`404` → `405`':
        '`CLEAN_4XX` is never read (no module uses it: `_judge` decides by 5xx, leaks, SQL text and must-reject 2xx), so no edit of its members changes anything; left in place, noted in the mut-api2 bench section',
    'src/launchready/checks/api/input_validation.py::<module>::CLEAN_4XX = frozenset({400, 404, 405, 409, 411, 413, 415, 422})::404::`404` → `403`':
        '`CLEAN_4XX` is never read (no module uses it: `_judge` decides by 5xx, leaks, SQL text and must-reject 2xx), so no edit of its members changes anything; left in place, noted in the mut-api2 bench section',
    'src/launchready/checks/api/input_validation.py::<module>::CLEAN_4XX = frozenset({400, 404, 405, 409, 411, 413, 415, 422})::404::`404` → `202`':
        '`CLEAN_4XX` is never read (no module uses it: `_judge` decides by 5xx, leaks, SQL text and must-reject 2xx), so no edit of its members changes anything; left in place, noted in the mut-api2 bench section',
    'src/launchready/checks/api/input_validation.py::<module>::CLEAN_4XX = frozenset({400, 404, 405, 409, 411, 413, 415, 422})::405::`405` → `406`':
        '`CLEAN_4XX` is never read (no module uses it: `_judge` decides by 5xx, leaks, SQL text and must-reject 2xx), so no edit of its members changes anything; left in place, noted in the mut-api2 bench section',
    'src/launchready/checks/api/input_validation.py::<module>::CLEAN_4XX = frozenset({400, 404, 405, 409, 411, 413, 415, 422})::405::`405` → `404`':
        '`CLEAN_4XX` is never read (no module uses it: `_judge` decides by 5xx, leaks, SQL text and must-reject 2xx), so no edit of its members changes anything; left in place, noted in the mut-api2 bench section',
    'src/launchready/checks/api/input_validation.py::<module>::CLEAN_4XX = frozenset({400, 404, 405, 409, 411, 413, 415, 422})::405::`405` → `202`':
        '`CLEAN_4XX` is never read (no module uses it: `_judge` decides by 5xx, leaks, SQL text and must-reject 2xx), so no edit of its members changes anything; left in place, noted in the mut-api2 bench section',
    'src/launchready/checks/api/input_validation.py::<module>::CLEAN_4XX = frozenset({400, 404, 405, 409, 411, 413, 415, 422})::409::`409` → `410`':
        '`CLEAN_4XX` is never read (no module uses it: `_judge` decides by 5xx, leaks, SQL text and must-reject 2xx), so no edit of its members changes anything; left in place, noted in the mut-api2 bench section',
    'src/launchready/checks/api/input_validation.py::<module>::CLEAN_4XX = frozenset({400, 404, 405, 409, 411, 413, 415, 422})::409::`409` → `408`':
        '`CLEAN_4XX` is never read (no module uses it: `_judge` decides by 5xx, leaks, SQL text and must-reject 2xx), so no edit of its members changes anything; left in place, noted in the mut-api2 bench section',
    'src/launchready/checks/api/input_validation.py::<module>::CLEAN_4XX = frozenset({400, 404, 405, 409, 411, 413, 415, 422})::409::`409` → `204`':
        '`CLEAN_4XX` is never read (no module uses it: `_judge` decides by 5xx, leaks, SQL text and must-reject 2xx), so no edit of its members changes anything; left in place, noted in the mut-api2 bench section',
    'src/launchready/checks/api/input_validation.py::<module>::CLEAN_4XX = frozenset({400, 404, 405, 409, 411, 413, 415, 422})::411::`411` → `412`':
        '`CLEAN_4XX` is never read (no module uses it: `_judge` decides by 5xx, leaks, SQL text and must-reject 2xx), so no edit of its members changes anything; left in place, noted in the mut-api2 bench section',
    'src/launchready/checks/api/input_validation.py::<module>::CLEAN_4XX = frozenset({400, 404, 405, 409, 411, 413, 415, 422})::411::`411` → `410`':
        '`CLEAN_4XX` is never read (no module uses it: `_judge` decides by 5xx, leaks, SQL text and must-reject 2xx), so no edit of its members changes anything; left in place, noted in the mut-api2 bench section',
    'src/launchready/checks/api/input_validation.py::<module>::CLEAN_4XX = frozenset({400, 404, 405, 409, 411, 413, 415, 422})::411::`411` → `205`':
        '`CLEAN_4XX` is never read (no module uses it: `_judge` decides by 5xx, leaks, SQL text and must-reject 2xx), so no edit of its members changes anything; left in place, noted in the mut-api2 bench section',
    'src/launchready/checks/api/input_validation.py::<module>::CLEAN_4XX = frozenset({400, 404, 405, 409, 411, 413, 415, 422})::413::`413` → `414`':
        '`CLEAN_4XX` is never read (no module uses it: `_judge` decides by 5xx, leaks, SQL text and must-reject 2xx), so no edit of its members changes anything; left in place, noted in the mut-api2 bench section',
    'src/launchready/checks/api/input_validation.py::<module>::CLEAN_4XX = frozenset({400, 404, 405, 409, 411, 413, 415, 422})::413::`413` → `412`':
        '`CLEAN_4XX` is never read (no module uses it: `_judge` decides by 5xx, leaks, SQL text and must-reject 2xx), so no edit of its members changes anything; left in place, noted in the mut-api2 bench section',
    'src/launchready/checks/api/input_validation.py::<module>::CLEAN_4XX = frozenset({400, 404, 405, 409, 411, 413, 415, 422})::413::`413` → `206`':
        '`CLEAN_4XX` is never read (no module uses it: `_judge` decides by 5xx, leaks, SQL text and must-reject 2xx), so no edit of its members changes anything; left in place, noted in the mut-api2 bench section',
    'src/launchready/checks/api/input_validation.py::<module>::CLEAN_4XX = frozenset({400, 404, 405, 409, 411, 413, 415, 422})::415::`415` → `416`':
        '`CLEAN_4XX` is never read (no module uses it: `_judge` decides by 5xx, leaks, SQL text and must-reject 2xx), so no edit of its members changes anything; left in place, noted in the mut-api2 bench section',
    'src/launchready/checks/api/input_validation.py::<module>::CLEAN_4XX = frozenset({400, 404, 405, 409, 411, 413, 415, 422})::415::`415` → `414`':
        '`CLEAN_4XX` is never read (no module uses it: `_judge` decides by 5xx, leaks, SQL text and must-reject 2xx), so no edit of its members changes anything; left in place, noted in the mut-api2 bench section',
    'src/launchready/checks/api/input_validation.py::<module>::CLEAN_4XX = frozenset({400, 404, 405, 409, 411, 413, 415, 422})::415::`415` → `207`':
        '`CLEAN_4XX` is never read (no module uses it: `_judge` decides by 5xx, leaks, SQL text and must-reject 2xx), so no edit of its members changes anything; left in place, noted in the mut-api2 bench section',
    'src/launchready/checks/api/input_validation.py::<module>::CLEAN_4XX = frozenset({400, 404, 405, 409, 411, 413, 415, 422})::422::`422` → `423`':
        '`CLEAN_4XX` is never read (no module uses it: `_judge` decides by 5xx, leaks, SQL text and must-reject 2xx), so no edit of its members changes anything; left in place, noted in the mut-api2 bench section',
    'src/launchready/checks/api/input_validation.py::<module>::CLEAN_4XX = frozenset({400, 404, 405, 409, 411, 413, 415, 422})::422::`422` → `421`':
        '`CLEAN_4XX` is never read (no module uses it: `_judge` decides by 5xx, leaks, SQL text and must-reject 2xx), so no edit of its members changes anything; left in place, noted in the mut-api2 bench section',
    'src/launchready/checks/api/input_validation.py::<module>::CLEAN_4XX = frozenset({400, 404, 405, 409, 411, 413, 415, 422})::422::`422` → `211`':
        '`CLEAN_4XX` is never read (no module uses it: `_judge` decides by 5xx, leaks, SQL text and must-reject 2xx), so no edit of its members changes anything; left in place, noted in the mut-api2 bench section',
    'src/launchready/checks/api/latency.py::run::pace_s = float(ctx.options["pace-ms"]) / 1000::1000::`1000` → `1001`':
        'timing only: the pace becomes 0.1 % longer or shorter (150 ms → 150.15 / 149.85 ms), below the resolution of any answer time or rate limit the check reads',
    'src/launchready/checks/api/latency.py::run::pace_s = float(ctx.options["pace-ms"]) / 1000::1000::`1000` → `999`':
        'timing only: the pace becomes 0.1 % longer or shorter (150 ms → 150.15 / 149.85 ms), below the resolution of any answer time or rate limit the check reads',
    'src/launchready/checks/api/input_validation.py::_not_reached::role = route.role if route is not None and route.role not in ("", "user") else ""::("", "user")::element 0 (`\'\'`) removed':
        'with `""` dropped from the tuple an empty role takes the `if` branch and yields `route.role`, which is the same empty string the `else` branch gives',
    # Branch mut-r4b: repo.cors-config values that no code path reads (see each reason).
    'src/launchready/checks/repo/cors_config.py::CorsSetup::wildcard_only: bool = False # `*` literally (browsers then refuse credentials)::False::`False` → `True`':
        'every `CorsSetup(...)` passes `wildcard_only` (the seven constructors, positionally): the default is never used',
    'src/launchready/checks/repo/cors_config.py::CorsSetup::credentials: bool | None = False # None: could not be resolved statically::False::`False` → `True`':
        'every `CorsSetup(...)` passes `credentials` (the seven constructors, positionally): the default is never used',
    'src/launchready/checks/repo/cors_config.py::_python_setups::short = name.rsplit(".", 1)[-1]::1::`1` → `2`':
        'the last field of an `rsplit` is the same for any maxsplit >= 1',
    'src/launchready/checks/repo/cors_config.py::_starlette::wildcard = False::False::`False` → `True`':
        '`CorsSetup.wildcard_only` is read only for a header set by hand (`_open_route` returns at once for any other library) and, through `any(...)`, to decide whether to build the route inventory, which only such a header uses: the flag of a Starlette setup changes no result',
    'src/launchready/checks/repo/cors_config.py::_starlette::any_origin, wildcard = "allow_origins=[\'*\']", not credentials::not credentials::`not` dropped':
        '`CorsSetup.wildcard_only` is read only for a header set by hand (`_open_route` returns at once for any other library) and, through `any(...)`, to decide whether to build the route inventory, which only such a header uses: the flag of a Starlette setup changes no result',
    'src/launchready/checks/repo/cors_config.py::_flask_cors::any_origin, wildcard = "", False::False::`False` → `True`':
        '`CorsSetup.wildcard_only` is read only for a header set by hand (`_open_route` returns at once for any other library) and, through `any(...)`, to decide whether to build the route inventory, which only such a header uses: the flag of a Flask-CORS setup changes no result',
    'src/launchready/checks/repo/cors_config.py::_flask_cors::any_origin, wildcard = f"origins={value!r}" + (" (the default)" if node is None else ""), not credentials::not credentials::`not` dropped':
        '`CorsSetup.wildcard_only` is read only for a header set by hand (`_open_route` returns at once for any other library) and, through `any(...)`, to decide whether to build the route inventory, which only such a header uses: the flag of a Flask-CORS setup changes no result',
    'src/launchready/checks/repo/cors_config.py::_django::f"{key} = True", not credentials, credentials)::not credentials::`not` dropped':
        '`CorsSetup.wildcard_only` is read only for a header set by hand (`_open_route` returns at once for any other library) and, through `any(...)`, to decide whether to build the route inventory, which only such a header uses: the flag of a django-cors-headers setup changes no result',
    'src/launchready/checks/repo/cors_config.py::_django::f"{key} pattern {pattern!r} admits {hostile}", False, credentials)::False::`False` → `True`':
        '`CorsSetup.wildcard_only` is read only for a header set by hand (`_open_route` returns at once for any other library) and, through `any(...)`, to decide whether to build the route inventory, which only such a header uses: the flag of a django-cors-headers setup changes no result',
    'src/launchready/checks/repo/cors_config.py::_js_setups::any_origin, wildcard = "cors() with no options (Access-Control-Allow-Origin: *)", True::True::`True` → `False`':
        '`CorsSetup.wildcard_only` is read only for a header set by hand (`_open_route` returns at once for any other library) and, through `any(...)`, to decide whether to build the route inventory, which only such a header uses: the flag of a Express `cors()` setup changes no result',
    'src/launchready/checks/repo/cors_config.py::_js_setups::any_origin, wildcard = f"cors({{{origin.group(0)}}})", not reflected and not credentials::not reflected and not credentials::`and` → `or`':
        '`CorsSetup.wildcard_only` is read only for a header set by hand (`_open_route` returns at once for any other library) and, through `any(...)`, to decide whether to build the route inventory, which only such a header uses: the flag of a Express `cors()` setup changes no result',
    'src/launchready/checks/repo/cors_config.py::_js_setups::any_origin, wildcard = f"cors({{{origin.group(0)}}})", not reflected and not credentials::not reflected::`not` dropped':
        '`CorsSetup.wildcard_only` is read only for a header set by hand (`_open_route` returns at once for any other library) and, through `any(...)`, to decide whether to build the route inventory, which only such a header uses: the flag of a Express `cors()` setup changes no result',
    'src/launchready/checks/repo/cors_config.py::_js_setups::any_origin, wildcard = f"cors({{{origin.group(0)}}})", not reflected and not credentials::not credentials::`not` dropped':
        '`CorsSetup.wildcard_only` is read only for a header set by hand (`_open_route` returns at once for any other library) and, through `any(...)`, to decide whether to build the route inventory, which only such a header uses: the flag of a Express `cors()` setup changes no result',
    'src/launchready/checks/repo/cors_config.py::_balanced::for i in range(start, min(len(text), start + 4000)):::4000::`4000` → `4001`':
        "a closing parenthesis 4,000 characters after the opening one: found, the options are the text up to it; not found, the first 4,000 characters, the same text less that `)`, which no pattern read from the options (`origin: …`, `credentials: true`, emptiness) can end on (the call's own `)` closes depth 1, never an inner `cb(null, true)`)",
    'src/launchready/checks/repo/cors_config.py::_balanced::for i in range(start, min(len(text), start + 4000)):::4000::`4000` → `3999`':
        'a closing parenthesis at 3,999 characters: found, the options are `text[start:start + 4000]`; not found (the mutant), the fallback is `text[start:start + 4000]` too: the same text',
    'src/launchready/checks/repo/cors_config.py::_decide::routes = route_inventory(ctx.repo) if any(s.wildcard_only for s in setups) else []::route_inventory(ctx.repo) if any(s.wildcard_only for s in setups) else []::always the `if` branch':
        'building the route inventory when no setup is a wildcard: the routes are only looked at for a wildcard header (`_open_route`), so the result is the same, slower',
    'src/launchready/report/terminal.py::folded_skips::if r.status is Status.SKIP and surface in card.verdict.not_scanned:::r.status is Status.SKIP and surface in card.verdict.not_scanned::`and` → `or`':
        "every result on a surface in `verdict.not_scanned` is a skip: `verdict.decide` (the only maker of the scorecard's verdict, in `api.scan`) puts a surface there only when none of its results ran, so `or` and `and` count the same results",
    'src/launchready/checks/repo/tenant_scoping.py::_query_findings::is_sql = text.lstrip().upper().startswith(("SELECT", "UPDATE", "DELETE"))::"SELECT"::`SELECT` → `\'\'`':
        'every event reaching `is_sql` starts with SELECT, UPDATE or DELETE (a SQL constant only becomes an event when `_SQL` matches it, and an ORM event is written "SELECT FROM <Model> …"), so `is_sql` is always true; an empty prefix makes `startswith` true for every text: the same',
    'src/launchready/checks/repo/tenant_scoping.py::_query_findings::is_sql = text.lstrip().upper().startswith(("SELECT", "UPDATE", "DELETE"))::"UPDATE"::`UPDATE` → `\'\'`':
        'every event reaching `is_sql` starts with SELECT, UPDATE or DELETE (a SQL constant only becomes an event when `_SQL` matches it, and an ORM event is written "SELECT FROM <Model> …"), so `is_sql` is always true; an empty prefix makes `startswith` true for every text: the same',
    'src/launchready/checks/repo/tenant_scoping.py::_query_findings::is_sql = text.lstrip().upper().startswith(("SELECT", "UPDATE", "DELETE"))::"DELETE"::`DELETE` → `\'\'`':
        'every event reaching `is_sql` starts with SELECT, UPDATE or DELETE (a SQL constant only becomes an event when `_SQL` matches it, and an ORM event is written "SELECT FROM <Model> …"), so `is_sql` is always true; an empty prefix makes `startswith` true for every text: the same',
    'src/launchready/checks/domain/dns.py::_no_address::if any(a.nxdomain for a in answers):::any(a.nxdomain for a in answers)::`any` → `all`':
        "every caller passes the A and the AAAA answer for one name (`_host`'s own two lookups, or the CNAME target's two): NXDOMAIN belongs to the name, not to a record type, so `any` and `all` over them are the same (as for the same test in `_host`, listed above)",
    'src/launchready/checks/repo/dotenv_committed.py::is_dotenv::return False::False::return None':
        'both callers test the result for truth (`if is_dotenv(p)`, `if not is_dotenv(event.path)`): `None` and `False` read the same',
    'src/launchready/report/__init__.py::render_text::console = Console(file=buffer, width=width, color_system=None, force_terminal=False)::False::`False` → `True`':
        'with `color_system=None` Rich renders every styled segment as its bare text (`Style.render` returns the text when there is no colour system) and the terminal report emits no control segments, so a console that believes it is a terminal writes the same string (compared on the pinned scorecard: identical)',
    'src/launchready/checks/repo/debug_mode.py::_defaults_to_on::return False::False::return None':
        'its one caller tests the result for truth (`elif label and _defaults_to_on(node.value)`): `None` and `False` read the same',
    'src/launchready/verdict.py::_risk_rank::return 5 if result.status is Status.ERROR else 6::6::`6` → `7`':
        'the last rank (a non-blocking warning): ranks are only compared with each other (a sort key), and every other rank is 0–5, so 6 and 7 order the plan the same',
    'src/launchready/verdict.py::_risk_rank::return 0 if LEAKED_CREDENTIAL in meta.references else 1::0::`0` → `-1`':
        "a rank of -1 instead of 0 for a leaked credential: still below every other rank (1–6), the plan's order is the same",
    'src/launchready/verdict.py::_risk_rank::return 0 if LEAKED_CREDENTIAL in meta.references else 1::1::`1` → `2`':
        'ranks 1 and 2 hold disjoint severities: rank 1 only critical failures (a critical failure never reaches the later branches), rank 2 only non-critical ones; merged, the next sort key (severity) puts the critical ones first, the same order',
    'src/launchready/verdict.py::_risk_rank::return 2::2::`2` → `1`':
        'ranks 1 and 2 hold disjoint severities: rank 1 only critical failures (a critical failure never reaches the later branches), rank 2 only non-critical ones; merged, the next sort key (severity) puts the critical ones first, the same order',
    'src/launchready/runner.py::run_checks::index, result = done.get(timeout=min(wait + 0.01, HEARTBEAT_S))::0.01::`0.01` → `0.005`':
        'timing only: 5 ms less slack after a deadline (the line now also caps the wait at the heartbeat; the old key of this entry no longer matches)',
    'src/launchready/runner.py::run_checks::index, result = done.get(timeout=min(wait + 0.01, HEARTBEAT_S))::0.01::`0.01` → `0.02`':
        'timing only: 10 ms more slack after a deadline (the line now also caps the wait at the heartbeat; the old key of this entry no longer matches)',
    'src/launchready/checks/repo/cors_config.py::_js_setups::reflected = "*" not in origin.group(0)::"*" not in origin.group(0)::`not in` → `in`':
        "`reflected` only feeds the Express `cors()` setup's `wildcard_only`, which is read for a header set by hand only (see the entries above): flipping it changes no result",
    'src/launchready/report/markdown.py::_fence::longest = max((len(run) for line in lines for run in re.findall(r"`+", line)), default=0)::0::`0` → `-1`':
        'the default is used only when the block holds no backtick, and `max(3, longest + 1)` is 3 for a longest run of 0 or -1: the same fence',
    'src/launchready/checks/repo/secrets_tree.py::_decide::return fold_fixture_lookalikes(evidence, counts, lambda e: e.location.rsplit(":", 1)[0])::1::`1` → `0`':
        '`is_fixture_path` drops a trailing `:line` itself (`re.sub(r":\\d+$", "", path)`), so the location whole or cut at its last colon is judged the same',
    'src/launchready/checks/domain/dns.py::_enclosing_zone::for i in range(1, len(labels) - 1):::1::`1` → `0`':
        "starting the climb at 0 asks the scanned name's own NS again (the loop is only entered when that answer was absent) and gets the cached answer (`DomainResolver.lookup` keeps every answer): absent again, so the climb goes on from the parent exactly as before",
    'src/launchready/checks/repo/webhook_verification.py::_reachable::if callee is not None and all(callee is not s for s in seen):::all(callee is not s for s in seen)::`all` → `any`':
        'with `any` a function already reached is appended again (the list only grows with duplicates after its first appearance); the depth is the loop count either way, every function first appears at the same place, and every reader takes the first verification or comparison in that order: the same result',
}
