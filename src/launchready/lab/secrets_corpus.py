"""A labelled secrets corpus, generated (fixed seed) so nothing key-shaped is ever committed.

One file per case, so any scanner's answer can be scored per file: true secrets of every provider
rule, generic credentials (hex / UUID / base64 values under credential names), encoded or wrapped
secrets (base64, UTF-16, gzip, zip, tar.gz, string literals joined with ``+``), a GitHub token with
a bad checksum (a warning), and look-alikes that must raise nothing at fail or warn. Used by
``tests/engines/test_secrets_corpus.py`` and ``bench/secrets/run.py corpus``.
"""

from __future__ import annotations

import base64
import gzip
import io
import random
import tarfile
import zipfile
from dataclasses import dataclass

from launchready.engines.secrets.rules import Level, Tier, load_rules
from launchready.engines.secrets.samples import expand


@dataclass(frozen=True)
class Case:
    category: str
    """``provider``, ``generic``, ``encoded``, ``checksum`` or ``look-alike``."""
    name: str
    path: str
    content: bytes
    rule: str = ""
    """The rule that must find it ("" for a look-alike)."""
    level: str = ""
    """``fail`` or ``warn`` (what our scan must say)."""
    location: str = ""
    """``path:line`` (or ``archive!member:line``) where our scan must report it."""


HEADER = "# service configuration\n"
_LEVEL_OVERRIDES = {"jwt": "fail"}  # the jwt rule's first sample is a Supabase service_role key


def _provider_cases(rng: random.Random) -> list[Case]:
    out = []
    for rule in load_rules():
        if rule.tier is not Tier.PROVIDER or rule.level is Level.INFO or not rule.positives:
            continue
        text = HEADER + expand(rule.positives[0], rng) + "\n"
        path = f"providers/{rule.id}.conf"
        out.append(Case("provider", rule.id, path, text.encode(), rule.id,
                        _LEVEL_OVERRIDES.get(rule.id, rule.level.value), f"{path}:2"))
    return out


def _generic_cases(rng: random.Random) -> list[Case]:
    def x(template: str) -> bytes:
        return expand(template, rng).encode()

    return [
        Case("generic", "aws secret access key alone", "aws/credentials",
             x("[default]\naws_secret_access_key = {B:40}\n"), "generic-secret-assignment", "fail",
             "aws/credentials:2"),
        Case("generic", "npm _authToken (UUID)", "npm/.npmrc", x("//registry.npmjs.org/:_authToken={uuid}\n"),
             "generic-secret-assignment", "warn", "npm/.npmrc:1"),
        Case("generic", "HEROKU_API_KEY (UUID)", "deploy/heroku.env", x("HEROKU_API_KEY={uuid}\n"),
             "generic-secret-assignment", "warn", "deploy/heroku.env:1"),
        Case("generic", "oauth_token (40 hex)", "cli/hosts.yml", x("github.com:\n    oauth_token: {h:40}\n"),
             "generic-secret-assignment", "warn", "cli/hosts.yml:2"),
        Case("generic", "JWT signing secret", "api/settings.py", x("import os\nJWT_SECRET = '{A:40}'\n"),
             "generic-secret-assignment", "fail", "api/settings.py:2"),
        Case("generic", "Docker registry auth", "docker/config.json",
             x('{\n  "auths": {\n    "ghcr.io": {\n      "auth": "{basic:deploy}"\n    }\n  }\n}\n'),
             "docker-registry-auth", "fail", "docker/config.json:4"),
    ]


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def _encoded_cases(rng: random.Random) -> list[Case]:
    openai = expand("sk-proj-{A:58}T3BlbkFJ{A:58}", rng)
    anthropic = expand("sk-ant-api03-{b:93}AA", rng)
    stripe = expand("sk_live_{A:32}", rng)
    groq = expand("gsk_{A:52}", rng)
    hf = expand("hf_{l:34}", rng)
    hf2 = expand("hf_{l:34}", rng)
    openai2 = expand("sk-proj-{A:58}T3BlbkFJ{A:58}", rng)
    xai = expand("xai-{A:80}", rng)
    openrouter = expand("sk-or-v1-{h:64}", rng)
    password = expand("{A:28}", rng)
    b64env = _b64(f"OPENAI_API_KEY={openai}\nLOG_LEVEL=info\n")
    wrapped = "\n".join(b64env[i:i + 76] for i in range(0, len(b64env), 76)) + "\n"

    zbuf = io.BytesIO()
    with zipfile.ZipFile(zbuf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("site/README.md", "backup of the site\n")
        zf.writestr("site/.env", f"# prod\nXAI_API_KEY={xai}\n")
    tbuf = io.BytesIO()
    with tarfile.open(fileobj=tbuf, mode="w:gz") as tf:
        member = f"HF_TOKEN={hf2}\n".encode()
        info = tarfile.TarInfo("app/.env")
        info.size = len(member)
        tf.addfile(info, io.BytesIO(member))
    half = len(openrouter) // 2
    return [
        Case("encoded", "Kubernetes Secret data (base64)", "k8s/secret.yaml",
             f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: chat\ntype: Opaque\ndata:\n"
             f"  ANTHROPIC_API_KEY: {_b64(anthropic)}\n  DB_PASSWORD: {_b64(password)}\n".encode(),
             "anthropic-api-key", "fail", "k8s/secret.yaml:7"),
        Case("encoded", "Kubernetes Secret data, generic password", "k8s/db-secret.yaml",
             f"kind: Secret\ndata:\n  POSTGRES_PASSWORD: {_b64(expand('{A:30}', rng))}\n".encode(),
             "generic-secret-assignment", "fail", "k8s/db-secret.yaml:3"),
        Case("encoded", "base64 .env file", "backup/env.b64", wrapped.encode(),
             "openai-project-key", "fail", "backup/env.b64:1"),
        Case("encoded", "CI ENV_B64 variable", "ci/deploy.yml",
             f"jobs:\n  deploy:\n    env:\n      ENV_B64: {_b64(f'STRIPE_SECRET_KEY={stripe}')}\n".encode(),
             "stripe-secret-key", "fail", "ci/deploy.yml:4"),
        Case("encoded", "UTF-16 .env (PowerShell >)", "win/prod.env",
             f"GROQ_API_KEY={groq}\r\nDEBUG=false\r\n".encode("utf-16"), "groq-api-key", "fail", "win/prod.env:1"),
        Case("encoded", "gzip backup", "backups/env.gz", gzip.compress(f"# old\nHF_TOKEN={hf}\n".encode(), mtime=0),
             "huggingface-token", "fail", "backups/env.gz:2"),
        Case("encoded", "zip backup", "backups/site.zip", zbuf.getvalue(),
             "xai-api-key", "fail", "backups/site.zip!site/.env:2"),
        Case("encoded", "tar.gz backup", "backups/app.tar.gz", tbuf.getvalue(),
             "huggingface-token", "fail", "backups/app.tar.gz!app/.env:1"),
        Case("encoded", "key split with JS +", "web/src/llm.js",
             f'// client for the router\nconst key = "{openrouter[:9]}" + "{openrouter[9:half]}" +\n'
             f'  "{openrouter[half:]}";\n'.encode(), "openrouter-api-key", "fail", "web/src/llm.js:2"),
        Case("encoded", "key split by Python adjacency", "app/llm.py",
             f'OPENAI = (\n    "{openai2[:30]}"\n    "{openai2[30:]}"\n)\n'.encode(),
             "openai-project-key", "fail", "app/llm.py:2"),
    ]


def _checksum_cases(rng: random.Random) -> list[Case]:
    return [Case("checksum", "GitHub token, bad checksum", "ci/github.env",
                 expand("GITHUB_TOKEN={ghbad:ghp_}\n", rng).encode(), "github-token", "warn", "ci/github.env:1")]


LOOK_ALIKES = (
    "OPENAI_API_KEY=sk-proj-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    "OPENAI_API_KEY=your-key-here",
    "api_key = process.env.OPENAI_API_KEY",
    "key = os.environ['STRIPE_SECRET_KEY']",
    "KEY=${OPENAI_API_KEY}",
    "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "STRIPE_PK=pk_live_{A:40}",
    "SUPABASE_ANON_KEY={jwt:anon}",
    "SUPABASE_SERVICE_ROLE_KEY={jwtdemo:service_role}",
    "DATABASE_URL=postgres://user:password@localhost/app",
    "MONGODB_URL=mongodb://localhost:27017/chat",
    "REDIS_URL=redis://localhost:6379/0",
    "request_id = '{uuid}'",
    "commit_token = {h:40}",
    "session_token = '{uuid}'",
    "git_sha = '{h:40}'",
    "sha256 = '{h:64}'",
    "integrity = 'sha512-{B:86}'",
    "url = 'http://localhost:3000/api/chat'",
    "const hasApiKey = !!process.env.OPENAI_API_KEY_FOR_SERVER;",
    'operatorSecretName: "huggingchat-operator-secrets"',
    "secretName: chat-app-tls-certificate-production",
    'const authTokenHeader = "X-Authorization-Token-Header";',
    "password_hash = '$2b$12$abcdefghijklmnopqrstuv'",
    "MISTRAL_MODEL=mistral-large-latest-2411",
    "AZURE_OPENAI_DEPLOYMENT=gpt-4o-mini-2024-07-18",
    "PINECONE_INDEX_ID={uuid}",
    "tokenizer = 'cl100k_base_encoding_name'",
    '"max_tokens": 4096, "isTokenValid": true',
    '"password_reset_body": "We sent you a link to reset your password"',
    '<img src="data:image/png;base64,{B:400}">',
    "# Copy this file to .env and fill in your keys\nOPENAI_API_KEY=\nANTHROPIC_API_KEY=\n",
    "GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    "const parts = ['sk-proj-', 'your-key-here'].join('')",
    'const label = "Token" + " expires " + "in 5 minutes"',
    "key_id = 'key-0000000000000000000000000000000'",
)


def _look_alike_cases(rng: random.Random) -> list[Case]:
    out = [Case("look-alike", t.split("\n")[0][:60], f"lookalikes/case_{i:02d}.txt",
                 (expand(t, rng) + "\n").encode()) for i, t in enumerate(LOOK_ALIKES)]
    placeholder = _b64("your-password-here")
    out.append(Case("look-alike", "base64 of a placeholder in a Secret", "lookalikes/secret_placeholder.yaml",
                    f"kind: Secret\ndata:\n  DB_PASSWORD: {placeholder}\n".encode()))
    out.append(Case("look-alike", "UTF-16 template .env", "lookalikes/template.env",
                    "OPENAI_API_KEY=\r\nPORT=3000\r\n".encode("utf-16")))
    return out


def build_corpus(seed: int = 2026) -> list[Case]:
    rng = random.Random(seed)
    return [*_provider_cases(rng), *_generic_cases(rng), *_encoded_cases(rng), *_checksum_cases(rng),
            *_look_alike_cases(rng)]


CATEGORIES = ("provider", "generic", "encoded", "checksum", "look-alike")
