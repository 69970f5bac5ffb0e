"""Values that stand for a credential without being one, in the tree and in history (round-7 shapes): a marker
constant, an unquoted name in a program, a key spelled out in words, an action type, the jwt.io sample, a test file
beside its code, a database URL on a documentation host or with a masked password. Each beside a real value of the
same shape that is still reported."""

from __future__ import annotations

import random
from pathlib import Path

from launchready.engines.secrets.samples import expand
from launchready.lab.gitrepo import Commit
from launchready.model import Result, Status
from tests.checks.repo.test_secrets_checks import run

RNG = random.Random("documentation-values")

JWT_IO = ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIy"
          "fQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c")


def listed(result: Result) -> list[tuple[str, Status]]:
    return sorted((e.location, e.status) for e in result.evidence if e.status in (Status.FAIL, Status.WARN))


def test_a_marker_constant_the_code_writes_instead_of_a_secret_is_no_secret(tmp_path: Path) -> None:
    """Flowise: `REDACTED_CREDENTIAL_VALUE = '_FLOWISE_BLANK_<uuid>'` replaces credentials in API responses. A
    marker by its name, or by its value's text, is no secret; a random value under a plain credential name fails."""
    real = expand("{A:20}-{a:12}-{U:8}", RNG)
    result, _ = run(tmp_path, "repo.secrets-tree", [Commit("init", {
        "server/utils.ts": "export const REDACTED_CREDENTIAL_VALUE = '_FLOWISE_BLANK_07167752-1a71-43b1-bf8f-4f32252165db'\n"
                           "export const maskedApiKeyValue = 'Zq8vT2kLm4Xp9Rw3Yb7Nc5Hd'\n"
                           "export const CREDENTIAL_FILL = '_APP_BLANK_9f8e7d6c-5b4a-4321-9abc-def012345678'\n",
        "server/keys.ts": f"export const SERVICE_API_KEY = '{real}'\n"})])
    assert listed(result) == [("server/keys.ts:1", Status.FAIL)]


def test_an_unquoted_name_in_a_program_is_a_reference_but_in_an_env_file_a_value(tmp_path: Path) -> None:
    """Flowise's ssoConfig.jsx: `clientSecret: auth0ClientSecret` passes React form state. In a program's source an
    unquoted name is a variable; the same text in a .env or YAML file is the value itself."""
    result, _ = run(tmp_path, "repo.secrets-tree", [Commit("init", {
        "ui/views/ssoConfig.jsx": "const body = {\n    clientID: auth0ClientID,\n    clientSecret: auth0ClientSecret\n}\n",
        "server/config.py": "client_secret = oauth2ClientSecret9\n",
        "deploy/app.yaml": "clientSecret: auth0ClientSecret7Xq\n"})])
    assert listed(result) == [("deploy/app.yaml:1", Status.WARN)]


def test_a_key_spelled_out_in_words_and_an_action_type_are_no_values(tmp_path: Path) -> None:
    """Flowise: `"openAIApiKey": "sk-my-openai-1st-key"` in a code sample, and the Redux action type
    `'@canvas/SET_COMPONENT_CREDENTIALS'`. A key with a random run stays a warning."""
    real = expand("sk-my-{A:20}", RNG)
    result, _ = run(tmp_path, "repo.secrets-tree", [Commit("init", {
        "ui/APICodeDialog.jsx": 'const code = `\n    "openAIApiKey": "sk-my-openai-1st-key"\n'
                                '    "openAIApiKey": "sk-my-openai-2nd-key"\n`\n',
        "ui/store/actions.js": "export const SET_COMPONENT_CREDENTIALS = '@canvas/SET_COMPONENT_CREDENTIALS'\n",
        "ui/client.js": f'const cfg = {{ "openAIApiKey": "{real}" }}\n'})])
    assert [loc for loc, _ in listed(result)] == ["ui/client.js:1"]


def test_the_jwt_io_sample_token_is_public_and_a_real_signed_jwt_is_still_a_bearer_token(tmp_path: Path) -> None:
    """The jwt.io documentation token (sub 1234567890), whole or without its signature, authenticates nowhere: an
    info line, never a warning. A product's own signed token is still a warning."""
    own = expand("{jwt:authenticated}", RNG)
    result, _ = run(tmp_path, "repo.secrets-tree", [Commit("init", {
        "server/link.ts": f"const sample = '{JWT_IO}'\n"
                          "const token = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0'\n",
        "server/session.ts": f"const session = '{own}'\n"})])
    assert listed(result) == [("server/session.ts:1", Status.WARN)]
    info = [e for e in result.evidence if e.message.startswith("info:")]
    assert [e.location for e in info] == ["server/link.ts:1"] and "jwt.io documentation sample" in info[0].message


def test_a_test_file_beside_its_code_holds_look_alikes_but_a_provider_key_there_is_listed(tmp_path: Path) -> None:
    """Flowise: `SECRET = 'test-secret-abc123'` in `services/webhook/index.test.ts`. A test file named by its
    runner's convention is a fixture like a tests/ directory: generic look-alikes counted, provider keys listed."""
    stripe = expand("sk_live_{A:32}", RNG)
    result, _ = run(tmp_path, "repo.secrets-tree", [Commit("init", {
        "src/services/webhook/index.test.ts": "const SECRET = 'test-secret-abc123'\n"
                                              "const tempToken = 'temporary-token-abc123'\n",
        "src/auth_test.py": "API_TOKEN = 'Xk2pL9qRtv7Ws3Nb'\n",
        "src/billing.spec.ts": f"const key = '{stripe}'\n"})])
    assert listed(result) == [("src/billing.spec.ts:1", Status.FAIL)]
    assert "look-alike(s) in test/docs/example/template files not listed" in result.summary


def test_database_urls_on_documentation_hosts_or_with_masked_passwords_are_placeholders_in_history(
        tmp_path: Path) -> None:
    """Flowise's credential form placeholder `mongodb+srv://myDatabaseUser:D1fficultP%40ssw0rd@cluster0.example.mongodb.net`
    and LangBot's default `postgresql+asyncpg://root:***@127.0.0.1:5432/postgres`, both deleted since: a documentation
    host (RFC 2606, an `example` label) and a mask are no credentials. A real password for a real host still fails."""
    real = expand("{A:20}", RNG)
    result, _ = run(tmp_path, "repo.secrets-history", [
        Commit("add", {
            "credentials/MongoDBUrlApi.credential.ts":
                "placeholder: 'mongodb+srv://myDatabaseUser:D1fficultP%40ssw0rd@cluster0.example.mongodb.net'\n",
            "persistence/postgresql.py": "engine_url = 'postgresql+asyncpg://root:***@127.0.0.1:5432/postgres'\n",
            "docs/db.md": "DATABASE_URL=mysql://app:Q7rT2vX9pLk4@db.internal.test/app\n",
            "deploy/db.py": f"URL = 'postgresql://svc:{real}@db.acme-prod.io:5432/app'\n"}),
        Commit("rm", {"credentials/MongoDBUrlApi.credential.ts": None, "persistence/postgresql.py": None,
                      "docs/db.md": None, "deploy/db.py": None})])
    assert [(e.location.split(":", 1)[-1], e.status) for e in result.evidence
            if e.status in (Status.FAIL, Status.WARN)] == [("deploy/db.py", Status.FAIL)]


def test_documentation_hosts_and_masks_are_named_by_rfc_2606_and_mask_characters_only() -> None:
    """`example` counts as a sub-domain label or an RFC 2606 name; `example.cn` is someone's domain. A mask is made
    only of mask characters or is a slot; a password holding a star among letters is a password."""
    from launchready.engines.secrets.documentation_values import documentation_host, masked

    assert [h for h in ("db.example.com", "example.org:5432", "cluster0.example.mongodb.net", "pg.internal.test",
                        "db.example", "x.invalid", "db.example.cn", "example-corp.com", "db", "10.0.0.5")
            if documentation_host(h)] == ["db.example.com", "example.org:5432", "cluster0.example.mongodb.net",
                                          "pg.internal.test", "db.example", "x.invalid"]
    assert [p for p in ("***", "xxx", "••••", "<password>", "[PASSWORD]", "Zk3*pQ9v", "x7*")
            if masked(p)] == ["***", "xxx", "••••", "<password>", "[PASSWORD]"]


def test_a_signed_jwt_whose_random_signature_spells_a_placeholder_word_is_still_a_bearer_token(tmp_path: Path) -> None:
    """A 43-character HS256 signature is random bytes: `xxxx` or `your` turns up in one now and then. It says nothing
    about the token (a real one was dropped as a placeholder, which made a test flaky). A JWT whose signature is
    spelled out (`your-signature-goes-here`) or filled (`xxxx…`) is still a placeholder."""
    header, payload, sig = expand("{jwt:authenticated}", RNG).split(".")
    chance = f"{header}.{payload}.{sig[:10]}xXxx{sig[14:]}"
    result, _ = run(tmp_path, "repo.secrets-tree", [Commit("init", {
        "app/session.py": f"SESSION = '{chance}'\n",
        "app/doc.py": f"SPELLED = '{header}.{payload}.your-signature-goes-here'\nFILLED = '{header}.{payload}.{'x' * 43}'\n"})])
    assert listed(result) == [("app/session.py:1", Status.WARN)]
    assert "bearer token" in next(e.message for e in result.evidence if e.location == "app/session.py:1")
