"""repo.route-auth: a Traefik router on a compose service's labels that applies an authenticating middleware (forward
auth, Basic auth, an OpenID/Keycloak plugin) stands in front of that service's code only — its build context, or the
one directory named like its image or the service. When it is the only way in (every router of the service
authenticates, no port published) the service's routes are authenticated by the deployment; with a published port
they are undetermined; other code, Traefik's own dashboard router and a prefix strip are no guard."""

from __future__ import annotations

from pathlib import Path

from launchready.checks.repo.route_auth import CHECK
from launchready.model import Status
from tests.checks.repo.static_helpers import run_static

_APP = '''from fastapi import FastAPI

app = FastAPI()


@app.post("/api/services/{{name}}/stop")
async def stop(name: str):
    return {{"stopped": name}}


if __name__ == "__main__":
    import uvicorn
    uvicorn.run(app)
'''
_COMPOSE = '''services:
  traefik:
    image: traefik:v3.1
    ports: ["80:80"]
    labels:
      - traefik.http.routers.dashboard.rule=Host(`traefik.example.com`)
      - traefik.http.routers.dashboard.service=api@internal
      - traefik.http.routers.dashboard.middlewares=dash-auth
      - traefik.http.middlewares.dash-auth.basicauth.users=admin:$$apr1$$x
      - traefik.http.middlewares.sso.plugin.keycloakopenid.ClientID=manager
  manager:
    image: ${{MANAGER_IMAGE:-example/manager:latest}}{ports}
    labels:
      - traefik.http.routers.admin-manager.rule=PathPrefix(`/manager`)
      - traefik.http.middlewares.strip.stripprefix.prefixes=/manager
      - traefik.http.routers.admin-manager.middlewares={middlewares}
'''
_FILES = {"src/manager/main.py": _APP.format(), "src/app/main.py": _APP.format().replace("/api/services", "/api/jobs")}


def _run(tmp_path: Path, middlewares: str, ports: str = "") -> list[tuple[Status, str, str]]:
    files = {**_FILES, "deployments/compose.yml": _COMPOSE.format(middlewares=middlewares, ports=ports)}
    result = run_static(tmp_path, CHECK, files)
    return [(e.status, e.location, e.message) for e in result.evidence]


def test_the_only_way_in_through_an_auth_router_authenticates_that_services_routes_only(tmp_path: Path) -> None:
    assert _run(tmp_path, "sso,strip") == [
        (Status.FAIL, "src/app/main.py:6", "POST /api/jobs/{name}/stop has no auth dependency")]
    # the manager's route counts as behind central auth (the deployment's), the other service's does not
    result = run_static(tmp_path / "again", CHECK, {**_FILES, "deployments/compose.yml": _COMPOSE.format(
        middlewares="sso,strip", ports="")})
    assert result.metrics == {"routes": 2, "central_auth": 1, "public": 0, "hand_auth": 0, "unprotected": 1}
    only = run_static(tmp_path / "only", CHECK, {"src/manager/main.py": _FILES["src/manager/main.py"],
                                                 "deployments/compose.yml": _COMPOSE.format(middlewares="sso,strip",
                                                                                            ports="")})
    assert only.status is Status.PASS
    assert only.summary.startswith("1 route(s): 1 behind central auth (the code's own guards, or a Traefik router "
                                   "(admin-manager) with the sso middleware (keycloakopenid) in front of src/manager/ "
                                   "(deployments/compose.yml:16), the service publishing no port)")


def test_a_published_port_leaves_the_service_undetermined(tmp_path: Path) -> None:
    items = _run(tmp_path, "sso,strip", ports='\n    ports: ["8000:8000"]')
    assert items[0] == (Status.FAIL, "src/app/main.py:6", "POST /api/jobs/{name}/stop has no auth dependency")
    assert items[1][:2] == (Status.WARN, "src/manager/main.py:6")
    assert items[1][2].startswith(
        "POST /api/services/{name}/stop: the deployment puts a Traefik router (admin-manager) with the sso middleware "
        "(keycloakopenid) in front of this service's code (src/manager/, deployments/compose.yml:17), but another "
        "router or a published port may reach it without that middleware — authentication undetermined")


def test_the_dashboards_basic_auth_and_a_prefix_strip_protect_no_application_route(tmp_path: Path) -> None:
    assert _run(tmp_path, "strip") == [
        (Status.FAIL, "src/app/main.py:6", "POST /api/jobs/{name}/stop has no auth dependency"),
        (Status.FAIL, "src/manager/main.py:6", "POST /api/services/{name}/stop has no auth dependency")]
