"""What a NestJS guard does, read from its class: whether it authenticates, which route metadata lets a
request through it (``@Public()``, ``@Roles('public')``), and when it cannot be read at all.

A guard is attached globally (``{ provide: APP_GUARD, useClass: X }``, ``app.useGlobalGuards(new X())``), to
a controller class or to a method (``@UseGuards(X)``). Its name says little (Hexabot's global guard is
``Ability``), so the class is read:

- it **authenticates** when it extends Passport's ``AuthGuard(…)``, or when it reads who calls (``user``,
  ``session``, the ``authorization`` header, a token) and can refuse (throws ``Unauthorized``/``Forbidden``,
  returns ``false``);
- it **refuses** without reading a credential when it can throw or return ``false`` but reads none of that;
- it **exempts** the routes carrying a metadata key it reads through the ``Reflector`` when the value read
  leads straight to ``return true`` (``if (isPublic) return true``; ``if (roles?.includes('public')) return
  true``). A key it reads whose effect is not one of those shapes leaves such routes *undetermined*;
- a guard whose class is not in the project (a library's) or has no readable body is **unread**: the routes
  behind it are undetermined, never "no auth dependency".

The reading is textual, like the rest of :mod:`js_frameworks`: no project code is run.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from launchready.engines.routes import balanced, line_of

# Guards of libraries that are known to decide something other than who calls.
NOT_AUTH_LIBRARY_GUARDS = frozenset({"ThrottlerGuard"})

_CLASS = re.compile(r"\bclass\s+(?P<name>[A-Za-z_$][\w$]*)(?P<head>[^{]*)\{")
_PASSPORT_BASE = re.compile(r"\bextends\s+(?:AuthGuard|PassportAuthGuard)\s*\(\s*(?:['\"`](?P<strategy>[\w-]+)['\"`])?")
# Passport strategies that read a password from the request body: a route behind one is the login itself.
PASSWORD_STRATEGIES = frozenset({"local", "ldap", "ldapauth"})
_READS_CALLER = re.compile(
    r"(?<![\w$])(?:user|session|currentUser)\b|\bauthorization\b|\btoken\b|\bjwt\w*|\bverify\w*\s*\(|"
    r"\bapi[_-]?key\b|\bcookies?\b", re.IGNORECASE)
_REFUSES_CALLER = re.compile(r"\bthrow\s+new\s+\w*(?:Unauthori[sz]ed|Forbidden)\w*|\breturn\s+false\b")
_REFUSES = re.compile(r"\bthrow\s+new\s+\w+|\breturn\s+false\b")
_REFLECTOR_READ = re.compile(
    r"(?:const|let|var)\s+(?P<var>[A-Za-z_$][\w$]*)\s*=\s*(?:await\s+)?this\.reflector\.(?:get|getAllAndOverride"
    r"|getAllAndMerge)\s*(?:<[^>(]*>)?\s*\(\s*(?P<key>['\"`][^'\"`]+['\"`]|[A-Za-z_$][\w$.]*)\s*,(?P<targets>[^;]*)")
_CONST_STRING = re.compile(r"\b(?:const|let)\s+(?P<name>[A-Za-z_$][\w$]*)\s*(?::\s*[\w$<>\[\]]+\s*)?=\s*"
                           r"['\"`](?P<value>[^'\"`]+)['\"`]")
_METADATA_DECORATOR = re.compile(
    r"\b(?:const|function)\s+(?P<name>[A-Z][\w$]*)\s*(?::[^=]*)?(?:=\s*)?(?:\([^)]*\)|[A-Za-z_$][\w$]*)\s*"
    r"(?:=>|\{[^}]*?return)\s*(?:applyDecorators\s*\([^;]*?)?SetMetadata\s*\(\s*"
    r"(?P<key>['\"`][^'\"`]+['\"`]|[A-Za-z_$][\w$.]*)\s*,")
_ROUTE_METADATA = re.compile(r"@(?P<name>[A-Za-z_$][\w$]*)\s*\((?P<args>[^)]*)\)")
_STRING = re.compile(r"['\"`]([^'\"`]*)['\"`]")


@dataclass(frozen=True)
class Exemption:
    """A metadata key whose value lets a request through the guard: any truthy value, or one that holds ``value``."""

    key: str
    value: str = ""  # "" — any value set; "public" — only when the value holds 'public'
    class_level: bool = False  # the guard reads the controller class's metadata too (``context.getClass()``)

    def marker(self) -> str:
        return f"'{self.key}' holding '{self.value}'" if self.value else f"'{self.key}'"


@dataclass(frozen=True)
class GuardReading:
    name: str
    where: str = ""  # path:line of the class; "" when the class is not in the project
    authenticates: bool = False
    refuses: bool = False
    unread: str = ""  # why what it decides could not be read
    exemptions: tuple[Exemption, ...] = ()
    unknown_keys: tuple[str, ...] = ()  # metadata keys it reads whose effect was not read
    strategy: str = ""  # the Passport strategy it runs (``AuthGuard('local')`` → "local")


@dataclass(frozen=True)
class NestProject:
    guards: dict[str, GuardReading]
    decorators: dict[str, str]  # project decorator name → the metadata key it sets (``Public`` → 'isPublic')


def _key(expr: str, consts: dict[str, str]) -> str:
    expr = expr.strip()
    if expr[:1] in "'\"`":
        return expr[1:-1]
    return consts.get(expr.rsplit(".", 1)[-1], expr)


def _class_body(text: str, start: int) -> str:
    return balanced(text, start, limit=40000)


def _read_class(name: str, path: str, text: str, m: re.Match[str], consts: dict[str, str]) -> GuardReading:
    where = f"{path}:{line_of(text, m.start())}"
    body = _class_body(text, m.end() - 1)
    base = _PASSPORT_BASE.search(m.group("head"))
    passport, strategy = base is not None, (base.group("strategy") or "") if base else ""
    if "canActivate" not in body:
        return GuardReading(name, where, authenticates=passport, strategy=strategy,
                            unread="" if passport else "its class has no canActivate method to read")
    exemptions: list[Exemption] = []
    unknown: list[str] = []
    for read in _REFLECTOR_READ.finditer(body):
        key = _key(read.group("key"), consts)
        var = re.escape(read.group("var"))
        class_level = "getClass" in read.group("targets")
        rest = body[read.end():]
        truthy = re.search(rf"\bif\s*\(\s*{var}\s*\)\s*\{{?\s*return\s+true\b", rest)
        holds = re.search(rf"\bif\s*\(\s*{var}\s*\??\.\s*(?:includes|some)\s*\(\s*['\"`]([^'\"`]+)['\"`]\s*\)\s*\)"
                          rf"\s*\{{?\s*return\s+true\b", rest)
        if holds:
            exemptions.append(Exemption(key, holds.group(1), class_level))
        elif truthy:
            exemptions.append(Exemption(key, "", class_level))
        else:
            unknown.append(key)
    if passport or (_READS_CALLER.search(body) and _REFUSES_CALLER.search(body)):
        return GuardReading(name, where, authenticates=True, exemptions=tuple(exemptions), unknown_keys=tuple(unknown),
                            strategy=strategy)
    if _REFUSES.search(body):
        return GuardReading(name, where, refuses=True, exemptions=tuple(exemptions), unknown_keys=tuple(unknown))
    return GuardReading(name, where, exemptions=tuple(exemptions), unknown_keys=tuple(unknown))


def read_nest_project(files: Sequence[tuple[str, str]], guard_names: set[str]) -> NestProject:
    """The readings of ``guard_names`` (guards some route or module uses) and the project's metadata decorators."""
    consts: dict[str, str] = {}
    for _, text in files:
        if "SetMetadata" in text or "reflector" in text or "KEY" in text:
            for c in _CONST_STRING.finditer(text):
                consts.setdefault(c.group("name"), c.group("value"))
    decorators: dict[str, str] = {}
    found: dict[str, GuardReading] = {}
    for path, text in files:
        if "SetMetadata" in text:
            for d in _METADATA_DECORATOR.finditer(text):
                decorators.setdefault(d.group("name"), _key(d.group("key"), consts))
        if "class" not in text:
            continue
        for m in _CLASS.finditer(text):
            name = m.group("name")
            if name in guard_names and name not in found:
                found[name] = _read_class(name, path, text, m, consts)
    for name in guard_names - found.keys():
        found[name] = GuardReading(name, unread="" if name in NOT_AUTH_LIBRARY_GUARDS else
                                   "its class is not in the project (a library's guard, or generated)")
    return NestProject(found, decorators)


def route_metadata(decorators: str, project: NestProject) -> list[tuple[str, tuple[str, ...], str]]:
    """``(key, string arguments, decorator text)`` for each metadata a route's decorator lines set:
    ``@SetMetadata('isPublic', true)`` and the project's own ``@Public()``/``@Roles('public')``."""
    out: list[tuple[str, tuple[str, ...], str]] = []
    for m in _ROUTE_METADATA.finditer(decorators):
        args = tuple(_STRING.findall(m.group("args")))
        if m.group("name") == "SetMetadata" and args:
            rest = m.group("args").split(",", 1)[1] if "," in m.group("args") else ""
            out.append((args[0], tuple(_STRING.findall(rest)) or (rest.strip(),), m.group(0)))
        elif m.group("name") in project.decorators:
            out.append((project.decorators[m.group("name")], args, m.group(0)))
    return out


def exempting(reading: GuardReading, method_meta: list[tuple[str, tuple[str, ...], str]],
              class_meta: list[tuple[str, tuple[str, ...], str]]) -> str:
    """The decorator that lets a route through ``reading`` (``@Roles('public')``), or ``""``."""
    for ex in reading.exemptions:
        meta = method_meta + class_meta if ex.class_level else method_meta
        for key, args, text in meta:
            if key == ex.key and (not ex.value or ex.value in args) and args != ("false",):
                return text
    return ""


def unknown_marker(reading: GuardReading, meta: list[tuple[str, tuple[str, ...], str]]) -> str:
    """A decorator on the route setting a key the guard reads with an effect that was not read."""
    for key, _, text in meta:
        if key in reading.unknown_keys:
            return text
    return ""
