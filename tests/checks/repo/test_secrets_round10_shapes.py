"""Round-10 shapes of values that are no leak: a default password spelled from the word ``password`` and the user's or
service's name on a compose service; each beside a real value of the same shape that is still reported."""

from __future__ import annotations

import random
from pathlib import Path

from launchready.engines.secrets.samples import expand
from launchready.lab.gitrepo import Commit
from launchready.model import Result, Status
from tests.checks.repo.helpers import run_check
from tests.checks.repo.test_secrets_checks import run
from tests.fixtures import GITIGNORE

RNG = random.Random("round-10-shapes")


def listed(result: Result) -> list[tuple[str, Status]]:
    return sorted((e.location, e.status) for e in result.evidence if e.status in (Status.FAIL, Status.WARN))


def test_a_spelled_default_password_for_a_compose_service_is_info_and_a_random_one_fails(tmp_path: Path) -> None:
    """superagent's `.env.example`: `postgresql://postgres:postgres-password@supabase-db:5433`, R2R's
    `hatchet.env`: `hatchet_user:hatchet_password@hatchet-postgres` — the word `password` and the user's or
    service's name: the stack's default, listed as info with why. A random password for the same host fails, and a
    spelled password for a host on the internet is not excused."""
    real = expand("{A:20}", RNG)
    result, _ = run(tmp_path, "repo.secrets-tree", [Commit("init", {
        "libs/.docker/.env.example": "SUPABASE_DB_URL=postgresql://postgres:postgres-password@supabase-db:5433/postgres\n",
        "docker/env/hatchet.env":
            'DATABASE_URL="postgres://hatchet_user:hatchet_password@hatchet-postgres:5432/hatchet"\n',
        "deploy/worker.env": f"DATABASE_URL=postgres://hatchet_user:{real}@hatchet-postgres:5432/hatchet\n",
        "deploy/prod.env": "DATABASE_URL=postgres://acme:acme_password@db.acme-prod.io:5432/acme\n"})])
    assert listed(result) == [("deploy/prod.env:1", Status.FAIL), ("deploy/worker.env:1", Status.FAIL)]
    info = {e.location: e.message for e in result.evidence if e.message.startswith("info: ")}
    assert "default password for the compose service or local host supabase-db" in info[
        "libs/.docker/.env.example:1"]
    assert "'hatchet_password' spells a default (the word 'password' with hatchet)" in info["docker/env/hatchet.env:1"]


def test_a_committed_env_file_of_spelled_defaults_is_a_template_and_one_with_a_real_password_is_not(
        tmp_path: Path) -> None:
    """superagent's history `libs/.docker/docker.env`: `DBPASS=local123`, a pgAdmin e-mail and password `local123`;
    R2R's `hatchet.env` with compose-service URLs and `host:port` addresses. Templates, named why; the same file with
    a random password still fails and says rotate."""
    real = expand("{A:16}", RNG)
    docker_env = ("DBUSER=admin_db\nDBPASS=local123\nDBNAME=superagent\n"
                  "PGADMIN_DEFAULT_EMAIL=admin@admin.com\nPGADMIN_DEFAULT_PASSWORD=local123\n")
    hatchet = ("DATABASE_URL=postgres://hatchet_user:hatchet_password@hatchet-postgres:5432/hatchet\n"
               "SERVER_TASKQUEUE_RABBITMQ_URL=amqp://user:password@hatchet-rabbitmq:5672/\n"
               "SERVER_GRPC_BIND_ADDRESS=0.0.0.0\nSERVER_GRPC_BROADCAST_ADDRESS=hatchet-engine:7077\n")
    result, (first, _) = run_check(tmp_path, "repo.dotenv-committed", [
        Commit("add", {"libs/.docker/docker.env": docker_env, "docker/env/hatchet.env": hatchet,
                       "ops/docker.env": f"DBUSER=admin_db\nDBPASS={real}\n", ".gitignore": GITIGNORE}),
        Commit("rm", {"libs/.docker/docker.env": None, "ops/docker.env": None})])
    by_loc = {e.location: e for e in result.evidence}
    assert [loc for loc, e in by_loc.items() if e.status is Status.FAIL] == [f"{first[:10]}:ops/docker.env"]
    template = by_loc[f"{first[:10]}:libs/.docker/docker.env"]
    assert template.status is Status.PASS
    assert "default passwords spelled out, the same in every copy: DBPASS, PGADMIN_DEFAULT_PASSWORD" in template.message
    assert by_loc[f"{first[:10]}:docker/env/hatchet.env"].status is Status.PASS


def test_a_key_printed_in_a_committed_packages_readme_is_its_sample_but_the_projects_own_key_fails(
        tmp_path: Path) -> None:
    """superagent's history: `libs/embed/node_modules/selfsigned/README.md` prints the PEM keys the package
    generates. A package's documentation or test sample is counted, not listed; the project's own key file fails,
    and a provider key in a package's README is kept as a warning that names the package."""
    sample, own = expand("{pem:RSA }", RNG), expand("{pem:RSA }", RNG)
    stripe = expand("sk_live_{A:32}", RNG)
    result, (added, _) = run(tmp_path, "repo.secrets-history", [
        Commit("add", {"libs/embed/node_modules/selfsigned/README.md": f"# selfsigned\n\n```\n{sample}\n```\n",
                       "libs/embed/node_modules/@acme/pay/README.md": f"stripe.key = '{stripe}'\n",
                       "libs/embed/certs/server.key": own + "\n"}),
        Commit("rm", {"libs/embed/node_modules/selfsigned/README.md": None,
                      "libs/embed/node_modules/@acme/pay/README.md": None, "libs/embed/certs/server.key": None})])
    assert listed(result) == [(f"{added[:12]}:libs/embed/certs/server.key", Status.FAIL),
                              (f"{added[:12]}:libs/embed/node_modules/@acme/pay/README.md", Status.WARN)]
    warn = next(e for e in result.evidence if e.status is Status.WARN)
    assert "third-party package node_modules/@acme/pay" in warn.message
    assert "1 sample key(s) in third-party packages' documentation or tests" in result.summary


ROUTER = '''import textwrap

from fastapi import APIRouter

router = APIRouter()


@router.post(
    "/users",
    openapi_extra={
        "x-codeSamples": [
            {
                "lang": "Python",
                "source": textwrap.dedent("""
                    from r2r import R2RClient

                    client = R2RClient()
                    new_user = client.users.create(
                        email="jane.doe@example.com",
                        password="secure_password123"
                    )"""),
            },
        ]
    },
)
def create_user() -> None:
    """Create a user."""
'''


def test_example_passwords_in_llms_txt_and_in_code_samples_held_as_strings_are_documentation(tmp_path: Path) -> None:
    """R2R: `llms.txt` (the docs flattened for a language model) shows `"password": "SecurePassword123!"`, and a
    FastAPI route's `openapi_extra` `x-codeSamples` string shows `client.users.create(password="secure_password123")`.
    Documentation: counted, not listed. The same value assigned in the program itself is still a warning."""
    result, _ = run(tmp_path, "repo.secrets-tree", [Commit("init", {
        "llms.txt": '**Example Request Body:**\n\n```json\n{\n  "email": "user@example.com",\n'
                    '  "password": "SecurePassword123!"\n}\n```\n',
        "py/core/main/api/v3/users_router.py": ROUTER,
        "py/core/seed.py": 'ADMIN = {"email": "admin@acme.io", "password": "AcmeAdminPassword2024!"}\n'})])
    assert listed(result) == [("py/core/seed.py:1", Status.WARN)]
    assert "1 example value(s) in code samples held as Python strings" in result.summary


def test_a_fixed_signing_key_copied_into_two_modules_is_named_at_both_and_not_called_random(tmp_path: Path) -> None:
    """R2R: `DEFAULT_BCRYPT_SECRET_KEY = "wNFb…"` in crypto/bcrypt.py and the same literal as
    `DEFAULT_NACL_SECRET_KEY` in crypto/nacl.py. One finding, whose message names both places and says what is
    known of the value — a literal written into the file — not that it is random."""
    key = expand("{A:43}", RNG)
    result, _ = run(tmp_path, "repo.secrets-tree", [Commit("init", {
        "py/core/providers/crypto/bcrypt.py": f'import os\n\nDEFAULT_BCRYPT_SECRET_KEY = "{key}"  # Replace\n',
        "py/core/providers/crypto/nacl.py": f'import os\n\n\nDEFAULT_NACL_SECRET_KEY = "{key}"  # Replace\n'})])
    [finding] = [e for e in result.evidence if e.status is Status.FAIL]
    assert finding.location == "py/core/providers/crypto/bcrypt.py:3"
    assert "the same value also at py/core/providers/crypto/nacl.py:4" in finding.message
    assert "43-character value written into the file (mixed case and digits" in finding.message
    assert "random" not in finding.message


API = '''import jwt
from decouple import config


def generate_jwt(data: dict) -> str:
    return jwt.encode({**data}, config("JWT_SECRET"), algorithm="HS256")
'''


def test_a_signing_secret_a_template_ships_with_a_value_the_code_signs_with_is_a_shared_default(tmp_path: Path) -> None:
    """superagent: `libs/.docker/.env.example:23` ships `JWT_SECRET=ksw9…` and `app/utils/api.py` signs API tokens
    with `config("JWT_SECRET")`: every copy-and-run install shares the key. Named at the template nearest the code
    (another stack's template under `ui/supabase/` is not what this code starts with); an empty template value, or a
    variable no code authenticates with, is no finding."""
    shipped, other, key = expand("{a:40}", RNG), expand("{a:40}", RNG), expand("{A:32}", RNG)
    result, _ = run(tmp_path, "repo.secrets-tree", [Commit("init", {
        "libs/.docker/.env.example": f"OPENAI_API_KEY=\nSESSION_SECRET={key}\nJWT_SECRET={shipped}\n",
        "libs/.docker/ui/supabase/.env.example": f"JWT_SECRET={other}\n",
        "libs/superagent/app/utils/api.py": API})])
    warns = [e for e in result.evidence if e.status is Status.WARN and "template" in e.message]
    assert [(e.location, e.message[:60]) for e in warns] == [
        ("libs/.docker/.env.example:3", "JWT_SECRET is given a concrete 40-character value in the tem")]
    assert "reads it from the environment to authenticate (libs/superagent/app/utils/api.py:6)" in warns[0].message

    empty, _ = run(tmp_path / "empty", "repo.secrets-tree", [Commit("init", {
        "libs/.docker/.env.example": "JWT_SECRET=\n", "libs/superagent/app/utils/api.py": API})])
    assert not [e for e in empty.evidence if e.status is Status.WARN]


def test_dockers_bridge_gateway_is_the_host_a_container_reaches_locally_and_another_private_address_is_not(
        tmp_path: Path) -> None:
    """anything-llm's pgvector SETUP.md: `postgresql://dbuser:dbuserpass@172.17.0.1:5432/yourdb` — the database on the
    machine as a container sees it (Docker's default bridge gateway), with the user's name spelled into the password:
    the same info as for `localhost`. A random password there is a local-host warning; at `10.0.0.5` (a private
    network a production database may sit on) it still fails."""
    real = expand("{A:20}", RNG)
    result, _ = run(tmp_path, "repo.secrets-tree", [Commit("init", {
        "docs/SETUP.md": "postgresql://dbuser:dbuserpass@172.17.0.1:5432/yourdb\n",
        "deploy/local.env": f"DATABASE_URL=postgres://app:{real}@172.17.0.1:5432/app\n",
        "deploy/prod.env": f"DATABASE_URL=postgres://app:{real[::-1]}@10.0.0.5:5432/app\n"})])
    assert listed(result) == [("deploy/local.env:1", Status.WARN), ("deploy/prod.env:1", Status.FAIL)]
    info = {e.location: e.message for e in result.evidence if e.message.startswith("info: ")}
    assert "default password for the compose service or local host 172.17.0.1" in info["docs/SETUP.md:1"]
