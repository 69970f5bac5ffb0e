"""repo.route-auth on what stands in front of or around a Next.js route handler: the middleware its matcher runs
(and in which package), a function every method hands the request to, a CORS preflight, a library's client."""

from __future__ import annotations

from pathlib import Path

from launchready.checks.repo.route_auth import CHECK
from launchready.model import Status
from tests.checks.repo.static_helpers import at, messages, run_static

_CHAT = "apps/web/src/app/api/chat/route.ts", (
    "export async function POST(req: Request) {\n  return Response.json(await req.json())\n}\n")
_CATCH_ALL = '''
export const config = {
  matcher: [
    /* everything but static files */
    "/((?!_next/static|_next/image|favicon.ico|.*\\\\.(?:svg|png|jpg)$).*)",
  ],
};
'''
_SENDS_HOME = '''import { type NextRequest, NextResponse } from "next/server";

export async function middleware(request: NextRequest) {
  const { pathname } = request.nextUrl;

  if (pathname !== "/") {
    return NextResponse.redirect(new URL("/", request.url));
  }

  return NextResponse.next();
}
''' + _CATCH_ALL
_SESSION_GATE = '''import { type NextRequest } from "next/server";
import { updateSession } from "@/lib/supabase/middleware";

export async function middleware(request: NextRequest) {
  return await updateSession(request);
}
''' + _CATCH_ALL
_SESSION_HELPER = '''import { createServerClient } from "@supabase/ssr";
import { NextRequest, NextResponse } from "next/server";

export async function updateSession(request: NextRequest) {
  const supabase = createServerClient(URL, KEY, { cookies: { getAll: () => request.cookies.getAll() } });
  const { data: { user } } = await supabase.auth.getUser();
  if (!user && !request.nextUrl.pathname.startsWith("/auth")) {
    const url = request.nextUrl.clone();
    url.pathname = "/auth/login";
    return NextResponse.redirect(url);
  }
  return NextResponse.next({ request });
}
'''


def test_a_package_middleware_sending_every_path_but_the_home_page_away_guards_the_api_routes(tmp_path: Path) -> None:
    result = run_static(tmp_path / "a", CHECK, {"apps/web/src/middleware.ts": _SENDS_HOME, _CHAT[0]: _CHAT[1]})
    assert result.status is Status.PASS, result.evidence
    assert result.metrics["central_auth"] == 1
    # the same middleware letting /api/chat through guards nothing
    lets_chat = _SENDS_HOME.replace('pathname !== "/"', 'pathname !== "/" && pathname !== "/api/chat"')
    result = run_static(tmp_path / "b", CHECK, {"apps/web/src/middleware.ts": lets_chat, _CHAT[0]: _CHAT[1]})
    assert at(result, Status.FAIL) == ["apps/web/src/app/api/chat/route.ts:1"]


def test_a_catch_all_matcher_runs_the_session_middleware_before_api_routes_of_its_own_package_only(
        tmp_path: Path) -> None:
    files = {"apps/web/src/middleware.ts": _SESSION_GATE, "apps/web/src/lib/supabase/middleware.ts": _SESSION_HELPER,
             _CHAT[0]: _CHAT[1]}
    result = run_static(tmp_path / "a", CHECK, files)
    assert result.status is Status.PASS, result.evidence
    # another package's route is not behind apps/web's middleware
    other = "apps/admin/app/api/users/route.ts"
    result = run_static(tmp_path / "b", CHECK, {**files, other: _CHAT[1]})
    assert at(result, Status.FAIL) == [f"{other}:1"]
    # a lookahead that excludes api: the middleware does not run for /api
    no_api = _SESSION_GATE.replace("(?!_next/static", "(?!api|_next/static")
    result = run_static(tmp_path / "c", CHECK, {**files, "apps/web/src/middleware.ts": no_api})
    assert at(result, Status.FAIL) == ["apps/web/src/app/api/chat/route.ts:1"]


_PROXY = '''import { NextRequest, NextResponse } from "next/server";
import { verifyUserAuthenticated } from "../../../lib/supabase/verify_user_server";

function getCorsHeaders() {
  return { "Access-Control-Allow-Origin": "*" };
}

async function handleRequest(req: NextRequest, method: string) {
  const authRes = await verifyUserAuthenticated();
  if (!authRes?.user) {
    return NextResponse.json({ error: "Unauthorized" }, { status: 401 });
  }
  const res = await fetch(UPSTREAM + req.nextUrl.pathname, { method, body: req.body });
  return new NextResponse(res.body, { status: res.status });
}

export const GET = (req: NextRequest) => handleRequest(req, "GET");
export const POST = (req: NextRequest) => handleRequest(req, "POST");

// Add a new OPTIONS handler
export const OPTIONS = () => {
  return new NextResponse(null, {
    status: 204,
    headers: {
      ...getCorsHeaders(),
    },
  });
};
'''


def test_methods_handing_the_request_to_one_checking_function_check_auth_through_it(tmp_path: Path) -> None:
    route = "app/api/[..._path]/route.ts"
    result = run_static(tmp_path / "a", CHECK, {route: _PROXY})
    assert at(result, Status.FAIL) == []
    assert result.metrics["hand_auth"] == 2
    # the helper without its check: both methods are open; the preflight answer still is no route to guard
    bare = _PROXY.replace("  const authRes = await verifyUserAuthenticated();\n  if (!authRes?.user) {\n"
                          '    return NextResponse.json({ error: "Unauthorized" }, { status: 401 });\n  }\n', "")
    result = run_static(tmp_path / "b", CHECK, {route: bare})
    assert at(result, Status.FAIL) == [f"{route}:14"]
    assert at(result, Status.WARN) == [f"{route}:13"]  # GET: a read of what may be public data
    assert result.metrics["constant_answer"] == 1


def test_an_options_handler_that_runs_something_is_still_a_route(tmp_path: Path) -> None:
    route = "app/api/items/route.ts"
    text = ("export async function OPTIONS() {\n  await db.items.deleteMany();\n"
            "  return new Response(null, { status: 204 });\n}\n")
    result = run_static(tmp_path / "a", CHECK, {route: text})
    assert at(result, Status.FAIL) == [f"{route}:1"]


def test_a_library_client_sharing_a_name_with_a_project_session_checker_is_no_hand_check(tmp_path: Path) -> None:
    server = ('import { cookies } from "next/headers";\n\nexport async function createClient() {\n'
              '  const store = cookies();\n  if (!store.get("sb")) throw new Error("no session");\n'
              "  return makeClient(store);\n}\n")
    route = "app/api/audio/route.ts"
    handler = ('import { createClient } from "@supabase/supabase-js";\n\nexport async function POST(req: Request) {\n'
               "  const supabase = createClient(URL, ANON_KEY);\n"
               "  return Response.json(await supabase.storage.from('d').download((await req.json()).path));\n}\n")
    files = {"lib/supabase/server.ts": server, route: handler}
    result = run_static(tmp_path / "a", CHECK, files)
    assert at(result, Status.FAIL) == [f"{route}:3"]
    assert not any("createClient" in m for m in messages(result, Status.WARN))
    # the project's own createClient, imported by path, is the hand check
    own = handler.replace('"@supabase/supabase-js"', '"@/lib/supabase/server"')
    result = run_static(tmp_path / "b", CHECK, {**files, route: own})
    assert at(result, Status.FAIL) == []
