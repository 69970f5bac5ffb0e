"""Plant secrets everywhere a scan can see them, then grep every report format for them."""

from __future__ import annotations

from pathlib import Path

from launchready import scan
from launchready.config import Config
from launchready.lab.gitrepo import Commit, build_repo
from launchready.report import FILE_NAMES, write_reports
from tests.cli import launchready

SECRETS = {
    "openai": "sk-proj-PLANTEDplanted0123456789PLANTEDplanted0123456789abcd",
    "anthropic": "sk-ant-api03-PLANTEDplanted0123456789PLANTEDplanted0123456789-abcdefAA",
    "stripe": "sk_live_51PLANTEDplanted0123456789PLANTEDplanted01",
    "whsec": "whsec_PLANTEDplanted0123456789PLANTEDplanted01",
    "aws": "AKIAPLANTED123456789",
    "github": "ghp_PLANTEDplanted0123456789PLANTEDplant01",
    "db_password": "planted-db-Passw0rd-9876",
    "bearer": "plantedBearerToken0123456789abcdefXYZ",
}


def plant(root: Path) -> None:
    s = SECRETS
    env = (f"OPENAI_API_KEY={s['openai']}\nANTHROPIC_API_KEY={s['anthropic']}\nSTRIPE_SECRET_KEY={s['stripe']}\n"
           f"STRIPE_WEBHOOK_SECRET={s['whsec']}\nAWS_ACCESS_KEY_ID={s['aws']}\n"
           f"DATABASE_URL=postgres://app:{s['db_password']}@db.internal:5432/app\n")
    app = (
        f"app = FastAPI(debug=True)  # key {s['openai']}\n"
        f"app.add_middleware(CORSMiddleware, allow_origins=['*'], allow_credentials=True)  # {s['github']}\n"
        f"app.config['DEBUG'] = True; TOKEN = 'Bearer {s['bearer']}'\n"
    )
    docker = f"FROM python\nENV FLASK_DEBUG=1 STRIPE_SECRET_KEY={s['stripe']}\n"
    build_repo(root, [
        Commit(f"add config with {s['openai']}", {".env": env, "app.py": app, "Dockerfile": docker,
                                                  f"deploy/.env.{s['aws']}": env},
               author=f"Dev {s['github']}"),
        Commit("remove env", {".env": None}),
    ])


def test_no_report_format_reprints_a_planted_secret(tmp_path: Path) -> None:
    root = tmp_path / "leaky"
    plant(root)
    card = scan(Config(path=root))
    assert {r.check_id for r in card.results if r.status.value == "fail"} >= {
        "repo.dotenv-committed", "repo.cors-config", "repo.debug-mode"}
    written = write_reports(card, tuple(FILE_NAMES), tmp_path / "reports")
    cli = launchready("scan", str(root), "--format", "terminal,json,markdown,sarif,junit", "--output", str(tmp_path / "cli"))
    outputs = {p.name: p.read_text() for p in written}
    outputs |= {f"cli/{p.name}": p.read_text() for p in (tmp_path / "cli").iterdir()}
    outputs |= {"cli-stdout": cli.out, "cli-stderr": cli.err}
    assert cli.code == 1, cli.err
    for name, text in outputs.items():
        assert text, name
        for kind, secret in SECRETS.items():
            assert secret not in text, f"{kind} secret reprinted in {name}"
            assert secret[:-4] not in text, f"{kind} secret reprinted (all but the last 4) in {name}"
    # The findings are still there, with their evidence, just masked.
    assert "app.py:1" in outputs["launchready.md"] and "deploy/.env.AKIA" in outputs["launchready.json"]
