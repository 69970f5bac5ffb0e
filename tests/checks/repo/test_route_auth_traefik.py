"""repo.route-auth: a Traefik router in the deployment's compose labels that applies an authenticating middleware
(forward auth, Basic auth, an OpenID/Keycloak plugin) puts a sign-in in front of the app: a route the code leaves open
is undetermined, naming the router — not "no auth dependency". Traefik's own dashboard router, or a middleware that only
strips a prefix, protects no application route."""

from __future__ import annotations

from pathlib import Path

from launchready.checks.repo.route_auth import CHECK
from launchready.model import Status
from tests.checks.repo.static_helpers import run_static

_APP = '''from fastapi import FastAPI

app = FastAPI()


@app.post("/api/services/{name}/stop")
async def stop(name: str):
    return {"stopped": name}


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
    image: example/manager
    labels:
      - traefik.http.routers.admin-manager.rule=PathPrefix(`/manager`)
      - traefik.http.middlewares.strip.stripprefix.prefixes=/manager
      - traefik.http.routers.admin-manager.middlewares={middlewares}
'''


def test_a_traefik_router_with_an_auth_middleware_makes_an_open_route_undetermined(tmp_path: Path) -> None:
    result = run_static(tmp_path, CHECK, {"manager/main.py": _APP,
                                          "deployments/compose.yml": _COMPOSE.format(middlewares="sso,strip")})
    assert [(e.status, e.location) for e in result.evidence] == [(Status.WARN, "manager/main.py:6")]
    assert result.evidence[0].message.startswith(
        "POST /api/services/{name}/stop: the deployment puts a Traefik router (admin-manager) with the sso middleware "
        "(keycloakopenid) in front of the application (deployments/compose.yml:16) and no guard is in the code — "
        "authentication undetermined")


def test_the_dashboards_basic_auth_and_a_prefix_strip_protect_no_application_route(tmp_path: Path) -> None:
    result = run_static(tmp_path, CHECK, {"manager/main.py": _APP,
                                          "deployments/compose.yml": _COMPOSE.format(middlewares="strip")})
    assert [(e.status, e.location, e.message) for e in result.evidence] == [
        (Status.FAIL, "manager/main.py:6", "POST /api/services/{name}/stop has no auth dependency")]
