"""Pins for repo.cors-config: each way of writing a CORS setup (Starlette, Flask-CORS, django-cors-headers,
Express `cors()`, a header set by hand), one setup per file, each evidence item's own status, message,
location and excerpt; which files are read; and when `*` without credentials on a route that reads no
credential is informational."""

from __future__ import annotations

from pathlib import Path

import pytest

from launchready.checks.repo.cors_config import CHECK
from launchready.model import Result, Status
from tests.checks.repo.helpers import SIGNED_IN
from tests.checks.repo.static_helpers import run_static

NONE_FOUND = "no CORS configuration in the code: browsers allow same-origin only"
LIST_YOURS = "(no credentials) — list your own origins"
READ_AS_USER = "with credentials allowed — any site can read your API as the signed-in user"


def _items(result: Result) -> list[tuple[Status, str, str, str]]:
    return [(e.status, e.message, e.location, e.detail) for e in result.evidence]


def _one(tmp_path: Path, name: str, source: str, **config: object) -> Result:
    return run_static(tmp_path, CHECK, {name: source, **SIGNED_IN}, **config)


# ---- Starlette / FastAPI ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("line", "status", "message"), [
    # the class itself wrapping the app
    ("app = CORSMiddleware(app, allow_origins=['*'])", Status.WARN,
     f"Starlette CORSMiddleware: allow_origins=['*'] {LIST_YOURS}"),
    # a tuple, and the class named through its module
    ("app.add_middleware(fastapi.middleware.cors.CORSMiddleware, allow_origins=('*',), allow_credentials=True)",
     Status.FAIL, f"Starlette CORSMiddleware: allow_origins=['*'] {READ_AS_USER}"),
    # Starlette tests `"*" in allow_origins`: a string holding `*` allows every origin too
    ("app.add_middleware(CORSMiddleware, allow_origins='*', allow_credentials=True)", Status.FAIL,
     f"Starlette CORSMiddleware: allow_origins=['*'] {READ_AS_USER}"),
    # the wildcard is named, not the regex next to it
    ("app.add_middleware(CORSMiddleware, allow_origins=['*'], allow_origin_regex='https://.*')", Status.WARN,
     f"Starlette CORSMiddleware: allow_origins=['*'] {LIST_YOURS}"),
    # Starlette matches the whole origin (fullmatch), without ignoring case
    ("app.add_middleware(CORSMiddleware, allow_origin_regex=r'https://evil\\.example')", Status.WARN,
     "Starlette CORSMiddleware: allow_origin_regex='https://evil\\\\.example' admits https://evil.example "
     f"{LIST_YOURS}"),
    ("app.add_middleware(CORSMiddleware, allow_origin_regex=r'https://.*', allow_credentials=False)", Status.WARN,
     f"Starlette CORSMiddleware: allow_origin_regex='https://.*' admits https://evil.example {LIST_YOURS}"),
    ("app.add_middleware(CORSMiddleware, allow_origins=['*'], allow_credentials=on)",
     Status.WARN, "Starlette CORSMiddleware: allow_origins=['*']; whether credentials are allowed is decided at "
     "run time"),
])
def test_each_starlette_setup_is_judged_with_its_own_words(tmp_path: Path, line: str, status: Status,
                                                          message: str) -> None:
    result = _one(tmp_path, "main.py", f"import fastapi\n{line}\n")
    assert _items(result) == [(status, message, "main.py:2", line)]
    assert result.status is status


@pytest.mark.parametrize("line", [
    "app.add_middleware(GZipMiddleware, allow_origins=['*'])",  # another middleware with the same keyword
    "app.add_middleware(CORSMiddleware, allow_origin_regex=r'https://.*\\.example\\.com')",  # fullmatch: anchored
    "app.add_middleware(CORSMiddleware, allow_origin_regex=r'https://evil')",  # a prefix is not a whole origin
    "app.add_middleware(CORSMiddleware, allow_origin_regex=r'https://(unclosed')",  # not a regex Starlette accepts
    "app.add_middleware(CORSMiddleware, allow_origins='https://app.example.com')",
])
def test_a_starlette_setup_that_admits_no_hostile_origin_is_no_finding(tmp_path: Path, line: str) -> None:
    result = _one(tmp_path, "main.py", f"{line}\n")
    assert result.evidence == ()
    expected = NONE_FOUND if "GZip" in line else "1 CORS setup(s), each limited to listed origins"
    assert (result.status, result.summary) == (Status.PASS, expected)


# ---- Flask-CORS --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("line", "status", "message"), [
    ("CORS(app)", Status.WARN, f"Flask-CORS: origins='*' (the default) {LIST_YOURS}"),
    ("flask_cors.CORS(app, supports_credentials=True)", Status.FAIL,
     f"Flask-CORS: origins='*' (the default) {READ_AS_USER}"),
    ("@cross_origin(origins=['https://app.example.com', '*'])", Status.WARN, f"Flask-CORS: origins='*' {LIST_YOURS}"),
    # a resource without its own origins gets Flask-CORS's default, every origin
    ("CORS(app, resources={r'/api/*': {'methods': ['GET']}})", Status.WARN, f"Flask-CORS: origins='*' {LIST_YOURS}"),
    # resource patterns alone (a string or a list) leave every resource on the default origins
    ("CORS(app, resources=r'/api/*', supports_credentials=True)", Status.FAIL,
     f"Flask-CORS: origins='*' (the default) {READ_AS_USER}"),
    ("CORS(app, resources=[r'/api/*', r'/chat/*'])", Status.WARN, f"Flask-CORS: origins='*' (the default) {LIST_YOURS}"),
    ("CORS(app, resources={r'/api/*': {'origins': ['https://app.example.com', '.*']}})", Status.WARN,
     f"Flask-CORS: origins='.*' {LIST_YOURS}"),
    ("CORS(app, resources={r'/api/*': {'origins': '.*'}})", Status.WARN, f"Flask-CORS: origins='.*' {LIST_YOURS}"),
    # Flask-CORS `match`es a pattern from the start only: a suffix trick gets through
    ("CORS(app, origins=r'https://app\\.example\\.com', supports_credentials=True)", Status.FAIL,
     "Flask-CORS: origin pattern 'https://app\\\\.example\\\\.com' admits https://app.example.com.evil.example "
     f"{READ_AS_USER}"),
    ("CORS(app, origins='*', supports_credentials=on)", Status.WARN,
     "Flask-CORS: origins='*'; whether credentials are allowed is decided at run time"),
])
def test_each_flask_cors_setup_is_judged_with_its_own_words(tmp_path: Path, line: str, status: Status,
                                                           message: str) -> None:
    result = _one(tmp_path, "app.py", f"from flask_cors import CORS, cross_origin\n{line}\ndef view(): ...\n")
    assert _items(result) == [(status, message, "app.py:2", line)]


@pytest.mark.parametrize("line", [
    "CORS(app, origins='https://app.example.com')",
    "CORS(app, origins=['https://app.example.com', r'https://[a-z]+\\.example\\.com$'])",
    "CORS(app, resources={r'/api/*': {'origins': 'https://app.example.com'}})",
])
def test_flask_cors_with_listed_origins_passes(tmp_path: Path, line: str) -> None:
    result = _one(tmp_path, "app.py", f"from flask_cors import CORS\n{line}\n")
    assert (result.status, result.evidence) == (Status.PASS, ())


# ---- django-cors-headers -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("settings", "status", "message", "line"), [
    ("CORS_ORIGIN_ALLOW_ALL = True\n", Status.WARN, f"django-cors-headers: CORS_ORIGIN_ALLOW_ALL = True {LIST_YOURS}",
     "CORS_ORIGIN_ALLOW_ALL = True"),
    ("CORS_ALLOW_ALL_ORIGINS = True\nCORS_ALLOW_CREDENTIALS = False\n", Status.WARN,
     f"django-cors-headers: CORS_ALLOW_ALL_ORIGINS = True {LIST_YOURS}", "CORS_ALLOW_ALL_ORIGINS = True"),
    ("CORS_ALLOW_CREDENTIALS = True\nCORS_ALLOW_ALL_ORIGINS = True\n", Status.FAIL,
     f"django-cors-headers: CORS_ALLOW_ALL_ORIGINS = True {READ_AS_USER}", "CORS_ALLOW_ALL_ORIGINS = True"),
    ("CORS_ORIGIN_REGEX_WHITELIST = (r'^https://app\\.example\\.com$', r'^https://.*$')\n", Status.WARN,
     f"django-cors-headers: CORS_ORIGIN_REGEX_WHITELIST pattern '^https://.*$' admits https://evil.example "
     f"{LIST_YOURS}", "CORS_ORIGIN_REGEX_WHITELIST = (r'^https://app\\.example\\.com$', r'^https://.*$')"),
    # two patterns admitting hostile origins: one finding, naming the first
    ("CORS_ALLOWED_ORIGIN_REGEXES = [r'^null$', r'^https://.*$']\n", Status.WARN,
     f"django-cors-headers: CORS_ALLOWED_ORIGIN_REGEXES pattern '^null$' admits null {LIST_YOURS}",
     "CORS_ALLOWED_ORIGIN_REGEXES = [r'^null$', r'^https://.*$']"),
])
def test_each_django_setting_is_judged_with_its_own_words(tmp_path: Path, settings: str, status: Status,
                                                         message: str, line: str) -> None:
    result = _one(tmp_path, "settings.py", settings)
    at = settings.splitlines().index(line) + 1
    assert _items(result) == [(status, message, f"settings.py:{at}", line)]


@pytest.mark.parametrize("settings", [
    "CORS_ALLOW_ALL_ORIGINS = False\nCORS_ALLOW_CREDENTIALS = True\n",
    "CORS_ALLOWED_ORIGIN_REGEXES = [r'^https://app\\.example\\.com$']\n",
    # a string is not a list of patterns (django-cors-headers refuses it): it is not read letter by letter
    "CORS_ALLOWED_ORIGIN_REGEXES = r'^https://app\\.example\\.com$'\n",
    # two names bound at once are not a setting this check reads
    "CORS_ALLOW_ALL_ORIGINS = ENABLED = True\n",
])
def test_django_settings_that_admit_no_hostile_origin_pass(tmp_path: Path, settings: str) -> None:
    result = _one(tmp_path, "settings.py", settings)
    assert (result.status, result.evidence) == (Status.PASS, ())


# ---- JavaScript ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["server.js", "server.mjs", "server.cjs", "server.ts", "server.mts", "server.cts",
                                  "App.jsx", "App.tsx"])
def test_an_express_cors_call_is_read_in_every_javascript_and_typescript_file(tmp_path: Path, name: str) -> None:
    result = _one(tmp_path, f"web/{name}", "const app = express()\napp.use(cors())\n")
    assert _items(result) == [(Status.WARN, "Express cors(): cors() with no options (Access-Control-Allow-Origin: *) "
                                            f"{LIST_YOURS}", f"web/{name}:2", "app.use(cors())")]


def test_a_wildcard_header_in_vercel_json_is_read(tmp_path: Path) -> None:
    text = ('{\n  "headers": [{"source": "/(.*)", "headers": [\n'
            '    {"key": "Access-Control-Allow-Origin", "value": "*"}\n  ]}]\n}\n')
    result = _one(tmp_path, "vercel.json", text)
    assert [(e.status, e.location) for e in result.evidence] == [(Status.WARN, "vercel.json:3")]


@pytest.mark.parametrize("path", ["node_modules/cors/example.js", "web/node_modules/x/index.js", "dist/server.js",
                                  "web/dist/server.js", "tests/test_cors.js"])
def test_vendored_built_and_test_code_is_not_read(tmp_path: Path, path: str) -> None:
    result = _one(tmp_path, path, "app.use(cors())\n")
    assert (result.status, result.summary, result.evidence) == (Status.PASS, NONE_FOUND, ())


def test_an_express_cors_call_reflecting_any_origin_with_credentials_fails(tmp_path: Path) -> None:
    line = "app.use(cors({ origin: true, credentials: true }))"
    result = _one(tmp_path, "server.js", f"{line}\n")
    assert _items(result) == [(Status.FAIL, f"Express cors(): cors({{origin: true}}) {READ_AS_USER}", "server.js:1",
                               line)]
    assert result.summary == "CORS admits any origin with credentials"


PAD = "  maxAge: 600, // " + "x" * 2500 + "\n"


def test_the_options_of_a_long_cors_call_end_at_its_own_parenthesis(tmp_path: Path) -> None:
    """A call of 2,500+ characters is read to its closing parenthesis: a `credentials: true` after it is not its."""
    text = f"app.use(cors({{ origin: true,\n{PAD}}}))\nconst session = {{ credentials: true }}\n"
    result = _one(tmp_path, "server.js", text)
    assert [(e.status, e.message) for e in result.evidence] == [
        (Status.WARN, f"Express cors(): cors({{origin: true}}) {LIST_YOURS}")]


@pytest.mark.parametrize(("gap", "status"), [(0, Status.FAIL), (1, Status.WARN)])
def test_an_unclosed_cors_call_is_read_for_its_first_4000_characters(tmp_path: Path, gap: int,
                                                                     status: Status) -> None:
    """An unbalanced call (a file cut short) is read for 4,000 characters from its parenthesis: a
    `credentials: true` ending at the 4,000th is read, one a character later is not."""
    head = "cors({ origin: true, // "
    tail = "\ncredentials: true"
    filler = "x" * (4000 - len(head) + 4 - len(tail) + gap)  # from "(" to the end of `true`: 4000 + gap
    text = f"app.use({head}{filler}{tail}\n"
    assert text.index("true\n") + 4 - text.index("(", 8) == 4000 + gap
    result = _one(tmp_path, "server.js", text)
    assert [e.status for e in result.evidence] == [status]


# ---- headers set by hand, and `*` on a route that reads no credential ---------------------------------------

def test_an_echoed_origin_stays_a_warning_even_on_a_route_that_reads_no_credential(tmp_path: Path) -> None:
    js = ("const app = express()\napp.get('/widget', (req, res) => {\n"
          "  res.setHeader('Access-Control-Allow-Origin', req.headers.origin)\n  res.end('hi')\n})\n")
    py = ("from fastapi import FastAPI, Request, Response\napp = FastAPI()\n\n\n@app.get('/widget')\n"
          "def widget(request: Request, response: Response):\n"
          "    response.headers['Access-Control-Allow-Origin'] = request.headers.get('origin')\n    return {}\n")
    result = run_static(tmp_path, CHECK, {"server.js": js, "app.py": py})
    echoed = f"the request's Origin is echoed back {LIST_YOURS}"
    assert [(e.status, e.message, e.location, e.detail) for e in result.evidence] == [
        (Status.WARN, f"response header: {echoed}", "app.py:7",
         "response.headers['Access-Control-Allow-Origin'] = request.headers.get('origin')"),
        (Status.WARN, f"Access-Control-Allow-Origin header: {echoed}", "server.js:3",
         "res.setHeader('Access-Control-Allow-Origin', req.headers.origin)"),
    ]


OPEN = "which reads no credential: it answers every caller alike, so any site reads only what anyone can fetch"


def test_a_wildcard_header_on_the_first_and_last_line_of_an_open_handler_is_informational(tmp_path: Path) -> None:
    js = "app.get('/widget', (req, res) => { res.setHeader('Access-Control-Allow-Origin', '*'); res.end('hi') })\n"
    py = ("from fastapi import FastAPI, Response\napp = FastAPI()\n\n\n@app.get('/badge')\n"
          "def badge(response: Response) -> None:\n    response.headers['Access-Control-Allow-Origin'] = '*'\n")
    result = run_static(tmp_path, CHECK, {"server.js": js, "app.py": py})
    assert [(e.status, e.message, e.location) for e in result.evidence] == [
        (Status.PASS, f"response header: Access-Control-Allow-Origin: * (no credentials) on GET /badge, {OPEN}",
         "app.py:7"),
        (Status.PASS, "Access-Control-Allow-Origin header: Access-Control-Allow-Origin: * (no credentials) on "
         f"GET /widget, {OPEN}", "server.js:1"),
    ]
    assert (result.status, result.summary) == (
        Status.PASS, "2 CORS setup(s), each limited to listed origins or `*` without credentials on 2 route(s) that "
        "read no credential")


GUARDED = ("from fastapi import Depends, FastAPI, Response\napp = FastAPI()\n\n\n"
           "@app.get('/widget', dependencies=[Depends(get_current_user)])\n"
           "def widget(response: Response):\n    response.headers['Access-Control-Allow-Origin'] = '*'\n"
           "    return {}\n")


def test_a_wildcard_header_behind_authentication_warns_unless_the_route_is_declared_public(tmp_path: Path) -> None:
    guarded = _one(tmp_path / "guarded", "app.py", GUARDED)
    assert [(e.status, e.location) for e in guarded.evidence] == [(Status.WARN, "app.py:7")]
    declared = _one(tmp_path / "declared", "app.py", GUARDED, api={"public": ["GET /widget"]})
    assert [(e.status, e.location) for e in declared.evidence] == [(Status.PASS, "app.py:7")]


def test_a_wildcard_header_in_a_handler_that_reads_the_authorization_header_warns(tmp_path: Path) -> None:
    js = ("app.get('/me', (req, res) => {\n  const token = req.headers.authorization\n"
          "  res.setHeader('Access-Control-Allow-Origin', '*')\n  res.json(lookup(token))\n})\n")
    result = _one(tmp_path, "server.js", js)
    assert [(e.status, e.location) for e in result.evidence] == [(Status.WARN, "server.js:3")]


def test_an_open_route_is_found_when_another_setup_has_no_wildcard(tmp_path: Path) -> None:
    """`*` on an open route next to an Express `cors({origin: true})` (reflected, not a wildcard): the route is
    still looked up, and the summary says credentials only when a finding fails."""
    js = "app.get('/widget', (req, res) => { res.setHeader('Access-Control-Allow-Origin', '*'); res.end('hi') })\n"
    result = run_static(tmp_path, CHECK, {"server.js": js, "api.js": "app.use(cors({ origin: true }))\n"})
    assert [(e.status, e.location) for e in result.evidence] == [(Status.WARN, "api.js:1"), (Status.PASS, "server.js:1")]
    assert (result.status, result.summary) == (Status.WARN, "CORS admits any origin")


def test_javascript_findings_are_located_and_quoted_after_a_leading_blank_line(tmp_path: Path) -> None:
    """Line numbers count every newline from the file's first character; each item quotes its own line."""
    js = ("\nconst app = express()\napp.use(cors())\n"
          "app.get('/a', auth, (req, res) => { res.end() })\nres.setHeader('Access-Control-Allow-Origin', '*')\n")
    result = _one(tmp_path, "server.js", js)
    assert [(e.location, e.detail) for e in result.evidence] == [
        ("server.js:3", "app.use(cors())"), ("server.js:5", "res.setHeader('Access-Control-Allow-Origin', '*')")]
