"""The one route inventory: OpenAPI 3 / Swagger 2 in JSON or YAML (file or served), declared routes and
the repository's route table, merged with parameters, auth and roles — built once per scan."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from launchready.config import ApiSettings, Config
from launchready.context import CheckContext, Targets
from launchready.engines.inventory import Parameter, route_inventory_of, scan_inventory
from launchready.lab.gitrepo import Commit, build_repo
from launchready.model import Profile, Surface
from launchready.profiles import load_profile
from launchready.targets.http import OPENAPI_PATHS, ApiTarget
from launchready.targets.repo import RepoSnapshot

# A bookshop keyed by title and username (no /me, no numeric id), published as YAML only.
BOOKS_YAML = """\
openapi: 3.0.1
info: {title: Bookshop, version: '1'}
servers:
  - url: http://localhost:5000/api
components:
  securitySchemes:
    bearerAuth: {type: http, scheme: bearer}
  schemas:
    NewBook:
      type: object
      required: [book_title]
      properties:
        book_title: {type: string}
        secret: {type: string}
        owner: {type: string}
paths:
  /books:
    get:
      summary: List books
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
    post:
      security: [{bearerAuth: []}]
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/NewBook'}
  /books/{book_title}:
    get:
      security: [{bearerAuth: []}]
      parameters:
        - {name: book_title, in: path, required: true, schema: {type: string}}
  /users/{username}:
    delete:
      summary: Deletes user by username (Only Admins)
      security: [{bearerAuth: []}]
      parameters:
        - {name: username, in: path, required: true, schema: {type: string}}
"""

# A restaurant described in Swagger 2 with a basePath, a body parameter and a form upload.
SWAGGER2_YAML = """\
swagger: '2.0'
info: {title: Restaurant, version: '1'}
basePath: /v2
securityDefinitions:
  token: {type: apiKey, in: header, name: Authorization}
security: [{token: []}]
paths:
  /menu/{item_id}:
    parameters:
      - {name: item_id, in: path, required: true, type: integer}
    put:
      parameters:
        - name: body
          in: body
          schema:
            type: object
            properties:
              price: {type: number}
              role: {type: string, enum: [customer, employee, chef]}
    delete:
      summary: remove a menu item
  /profile/picture:
    post:
      consumes: [multipart/form-data]
      parameters:
        - {name: file, in: formData, type: file, required: true}
  /healthcheck:
    get:
      security: []
"""


class _SpecServer(BaseHTTPRequestHandler):
    documents: ClassVar[Mapping[str, str]] = {}
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.hits.append(self.path)
        time.sleep(0.02)  # long enough for concurrent callers to overlap
        text = self.documents.get(self.path)
        body = (text or '{"detail": "Not Found"}').encode()
        self.send_response(200 if text is not None else 404)
        kind = "application/json" if text is None else "text/html" if text.startswith("<") else "application/yaml"
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture
def spec_server() -> Iterator[tuple[str, type[_SpecServer]]]:
    handler = type("Handler", (_SpecServer,), {"documents": {}, "hits": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler
    finally:
        server.shutdown()
        server.server_close()


def _target(url: str, **api: Any) -> ApiTarget:
    return ApiTarget(Config(url=url, api=ApiSettings(**api)))


def test_a_yaml_spec_served_at_openapi3_yml_is_found_and_read_with_its_server_prefix(
    spec_server: tuple[str, type[_SpecServer]],
) -> None:
    url, handler = spec_server
    handler.documents = {"/openapi3.yml": BOOKS_YAML}
    api = _target(url)
    try:
        inv = route_inventory_of(api)
    finally:
        api.close()
    assert inv.spec_source == "served at a usual path"
    by_key = {r.key: r for r in inv.routes}
    assert set(by_key) == {"GET /api/books", "POST /api/books", "GET /api/books/{book_title}",
                           "DELETE /api/users/{username}"}
    listing = by_key["GET /api/books"]
    assert listing.query_params == (Parameter("limit", "query", "integer"),)
    assert listing.needs_auth is False and listing.role == "public"
    assert listing.auth_reason == "spec: no security on this operation while others require it"
    item = by_key["GET /api/books/{book_title}"]
    assert item.path_params == (Parameter("book_title", "path", "string", True),)
    assert item.needs_auth is True and item.role == "user"
    create = by_key["POST /api/books"]
    assert create.body_media == "application/json"
    assert create.body_params == (Parameter("book_title", "body", "string", True),
                                  Parameter("secret", "body", "string"), Parameter("owner", "body", "string"))
    delete = by_key["DELETE /api/users/{username}"]
    assert delete.role == "admin"
    assert delete.role_reason == 'spec description: "Deletes user by username (Only Admins)"'


def test_a_yaml_spec_at_a_configured_non_default_path_is_read(
    spec_server: tuple[str, type[_SpecServer]],
) -> None:
    url, handler = spec_server
    handler.documents = {"/specs/v1/api.yaml": BOOKS_YAML}
    api = _target(url, openapi="/specs/v1/api.yaml")
    try:
        inv = route_inventory_of(api)
    finally:
        api.close()
    assert inv.spec_source == "/specs/v1/api.yaml"
    assert inv.find("GET", "/api/books/{book_title}") is not None
    assert handler.hits == ["/specs/v1/api.yaml"]


def test_a_spec_at_a_path_of_its_own_is_found_through_the_page_that_documents_it(
    spec_server: tuple[str, type[_SpecServer]],
) -> None:
    url, handler = spec_server
    page = ('<html><body><div id="swagger-ui"></div><script>SwaggerUIBundle({url: "/specs/private/api.yaml", '
            'dom_id: "#swagger-ui"}); const other = {url: "https://petstore.example/v2/swagger.json"};'
            "</script></body></html>")
    handler.documents = {"/ui/": page, "/specs/private/api.yaml": BOOKS_YAML}
    api = _target(url)
    try:
        inv = route_inventory_of(api)
    finally:
        api.close()
    assert inv.spec_source == "/specs/private/api.yaml (named by /ui/)"
    assert inv.find("GET", "/api/books/{book_title}") is not None
    # The usual paths, then the documentation pages up to the one naming the spec, then the spec: nothing else,
    # and never the other host the page mentions.
    assert handler.hits == [*OPENAPI_PATHS, "/docs", "/ui/", "/specs/private/api.yaml"]


def test_a_swagger2_yaml_file_gives_base_path_body_fields_form_uploads_and_global_security(
    tmp_path: Path, spec_server: tuple[str, type[_SpecServer]],
) -> None:
    url, handler = spec_server
    spec = tmp_path / "swagger.yaml"
    spec.write_text(SWAGGER2_YAML, encoding="utf-8")
    api = _target(url, openapi=str(spec))
    try:
        inv = route_inventory_of(api)
    finally:
        api.close()
    assert handler.hits == []  # a spec file is read from disk: no request at all
    put = inv.find("PUT", "/v2/menu/{item_id}")
    assert put is not None
    assert put.path_params == (Parameter("item_id", "path", "integer", True),)
    assert put.body_params == (Parameter("price", "body", "number"),
                               Parameter("role", "body", "string", enum=("customer", "employee", "chef")))
    assert put.needs_auth is True and put.auth_reason == "spec: global security required"
    upload = inv.find("POST", "/v2/profile/picture")
    assert upload is not None and upload.body_media == "multipart/form-data"
    assert upload.body_params == (Parameter("file", "body", "file", True),)
    health = inv.find("GET", "/v2/healthcheck")
    assert health is not None and health.needs_auth is False and health.role == "public"


def test_declared_routes_join_the_spec_and_config_defaults_are_not_routes(
    spec_server: tuple[str, type[_SpecServer]],
) -> None:
    url, handler = spec_server
    handler.documents = {"/openapi3.yml": BOOKS_YAML}
    api = _target(url, admin=("DELETE /api/users/{name}", "GET /staff/report"), chat="/api/chat",
                  public=("GET /api/books", "GET /static/*"))
    try:
        inv = route_inventory_of(api)
    finally:
        api.close()
    delete = inv.find("DELETE", "/api/users/{username}")  # one route, whatever the parameter is called
    assert delete is not None
    assert delete.sources == ("openapi:served at a usual path", "config:api.admin")
    assert delete.role_reason == "declared admin (api.admin)"
    report = inv.find("GET", "/staff/report")
    assert report is not None and report.role == "admin" and report.sources == ("config:api.admin",)
    chat = inv.find("POST", "/api/chat")
    assert chat is not None and chat.sources == ("config:api.chat",)
    # Not written by the user: the default public list, health and login are not evidence of a route.
    assert not inv.has_path("/health") and not inv.has_path("/docs") and not inv.has_path("/auth/login")
    assert not inv.has_path("/static/*")


def test_every_check_asking_at_once_shares_one_inventory_and_one_spec_fetch(
    spec_server: tuple[str, type[_SpecServer]],
) -> None:
    url, handler = spec_server
    handler.documents = {"/openapi.json": '{"openapi": "3.1.0", "paths": {"/orders": {"get": {}}}}'}
    api = _target(url)
    try:
        with ThreadPoolExecutor(8) as pool:
            inventories = list(pool.map(lambda _: route_inventory_of(api), range(8)))
    finally:
        api.close()
    assert all(inv is inventories[0] for inv in inventories)
    assert handler.hits == ["/openapi.json"]
    assert [r.key for r in inventories[0].routes] == ["GET /orders"]


def test_an_unreadable_spec_file_is_named_not_an_empty_inventory(
    tmp_path: Path, spec_server: tuple[str, type[_SpecServer]],
) -> None:
    url, _ = spec_server
    spec = tmp_path / "openapi.yml"
    spec.write_text("openapi: 3.0.0\npaths: {/x: [unclosed\n", encoding="utf-8")
    api = _target(url, openapi=str(spec))
    try:
        inv = route_inventory_of(api)
    finally:
        api.close()
    assert inv.routes == () and inv.spec_source == ""
    assert len(inv.unread) == 1 and inv.unread[0].startswith(f"API description: cannot read OpenAPI file {spec}")


def test_the_repository_route_table_adds_source_routes_with_typed_path_parameters(
    tmp_path: Path, spec_server: tuple[str, type[_SpecServer]],
) -> None:
    url, _ = spec_server
    app = (
        "from flask import Flask\n"
        "app = Flask(__name__)\n"
        "\n"
        "@app.route('/orders/<int:order_id>', methods=['GET', 'DELETE'])\n"
        "@login_required\n"
        "def order(order_id):\n"
        "    return {}\n"
        "\n"
        "@app.get('/users/<username>')\n"
        "def user(username):\n"
        "    return {}\n"
    )
    build_repo(tmp_path / "repo", [Commit("app", {"app.py": app})])
    api = _target(url)
    targets = Targets(repo=RepoSnapshot(tmp_path / "repo"), extra={Surface.API: api})
    ctx = CheckContext(api.config, targets, {}, load_profile(Profile.SECURITY_REVIEW))
    try:
        inv = scan_inventory(ctx)
        assert route_inventory_of(api) is inv  # one per scan, whoever asks
    finally:
        api.close()
    delete = inv.find("DELETE", "/orders/{order_id}")
    assert delete is not None
    assert delete.path_params == (Parameter("order_id", "path", "integer", True),)
    assert delete.sources == ("repo:app.py:4",)
    assert delete.needs_auth is True and delete.auth_reason == "source: guarded by login_required"
    user = inv.find("GET", "/users/{username}")
    assert user is not None and user.needs_auth is None and user.role == ""
    assert user.path_params == (Parameter("username", "path", "string", True),)
