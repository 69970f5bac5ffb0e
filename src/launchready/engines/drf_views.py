"""Django REST framework class views: who they let in, read from the attributes DRF itself reads.

Before any handler method runs, DRF's ``APIView.initial`` runs the view's ``authentication_classes`` and then
its ``permission_classes``; a view that sets neither takes the ``REST_FRAMEWORK`` defaults of the settings
module, and without those DRF's own (session and basic authentication, ``AllowAny``). So a view is
authenticated when:

- a permission class requires a user (``IsAuthenticated``, ``IsAdminUser``, ``DjangoModelPermissions`` …), or
- an authentication class of the project raises when the request carries no credential (its ``authenticate``
  reads the Authorization header and refuses — MaxKB's ``TokenAuth``), since DRF answers 401 for that raise.

DRF's own authentication classes return ``None`` for an anonymous request, and a project permission class
decides in ``has_permission`` by returning ``False``, which this reader does not follow: both leave the view
*undetermined* (an unread guard), never authenticated. ``permission_classes = [AllowAny]`` set on the view itself
declares it public.

No library reads this: DRF resolves these attributes at run time, and the static route inventory must read them
from the source without importing the project.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from launchready.engines.pysource import PyModule, dotted_name

# Permission classes that admit only an authenticated user (DRF, django-oauth-toolkit, DRF's model permissions).
REQUIRE_USER = frozenset({"IsAuthenticated", "IsAdminUser", "DjangoModelPermissions", "DjangoObjectPermissions",
                          "TokenHasScope", "TokenHasReadWriteScope", "TokenHasResourceScope",
                          "IsAuthenticatedOrTokenHasScope", "TokenMatchesOASRequirements"})
ALLOW_ANY = "AllowAny"
# The decorators of an ``@api_view`` function that set what DRF runs before it (read here, not by their names).
DECORATORS = frozenset({"api_view", "permission_classes", "authentication_classes", "throttle_classes",
                        "renderer_classes", "parser_classes", "schema"})
READ_ONLY_ANONYMOUS = frozenset({"IsAuthenticatedOrReadOnly", "DjangoModelPermissionsOrAnonReadOnly"})

ClassIndex = Mapping[str, tuple[PyModule, ast.ClassDef]]


@dataclass(frozen=True)
class Defaults:
    """``REST_FRAMEWORK``'s DEFAULT_AUTHENTICATION_CLASSES and DEFAULT_PERMISSION_CLASSES (class names), with
    where they are set; empty when the settings set none."""

    authentication: tuple[str, ...] = ()
    permission: tuple[str, ...] = ()
    where: str = ""


@dataclass(frozen=True)
class ViewAuth:
    """What DRF runs before the view's handlers, as read: ``kind`` is ``authenticates``, ``undetermined``,
    ``public`` or ``""`` (nothing that turns a caller away), with the class that decides and where it is set."""

    kind: str
    what: str
    where: str


def settings_defaults(modules: Sequence[PyModule]) -> Defaults:
    for mod in modules:
        rest = mod.constants.get("REST_FRAMEWORK")
        if not isinstance(rest, ast.Dict):
            continue
        found: dict[str, tuple[str, ...]] = {}
        for key, value in zip(rest.keys, rest.values, strict=True):
            if isinstance(key, ast.Constant) and key.value in ("DEFAULT_AUTHENTICATION_CLASSES",
                                                               "DEFAULT_PERMISSION_CLASSES"):
                found[str(key.value)] = _class_names(value)
        if found:
            return Defaults(found.get("DEFAULT_AUTHENTICATION_CLASSES", ()),
                            found.get("DEFAULT_PERMISSION_CLASSES", ()), f"{mod.path}:{mod.line(rest)}")
    return Defaults()


def _class_names(node: ast.expr) -> tuple[str, ...]:
    """``['common.auth.TokenAuth', IsAuthenticated]`` → ``("TokenAuth", "IsAuthenticated")``; a ``&``/``|``
    composition (``IsAuthenticated & IsOwner``) names every class in it."""
    items = list(node.elts) if isinstance(node, ast.List | ast.Tuple) else [node]
    names: list[str] = []
    while items:
        item = items.pop(0)
        if isinstance(item, ast.BinOp):
            items[:0] = [item.left, item.right]
        elif isinstance(item, ast.Constant) and isinstance(item.value, str):
            names.append(item.value.rsplit(".", 1)[-1])
        elif isinstance(item, ast.Name | ast.Attribute):
            names.append(dotted_name(item).rsplit(".", 1)[-1])
    return tuple(dict.fromkeys(n for n in names if n))


def _class_attribute(name: str, cls: ast.ClassDef, mod: PyModule, classes: ClassIndex,
                     depth: int = 0) -> tuple[tuple[str, ...], str] | None:
    """The class names a view assigns to ``name`` (on itself, else on a project base class), with where."""
    for stmt in cls.body:
        if isinstance(stmt, ast.Assign) and any(dotted_name(t) == name for t in stmt.targets):
            return _class_names(stmt.value), f"{mod.path}:{mod.line(stmt)}"
        if isinstance(stmt, ast.AnnAssign) and dotted_name(stmt.target) == name and stmt.value is not None:
            return _class_names(stmt.value), f"{mod.path}:{mod.line(stmt)}"
    if depth > 5:
        return None
    for base in cls.bases:
        found = classes.get(dotted_name(base).rsplit(".", 1)[-1])
        if found is not None and found[1] is not cls:
            inherited = _class_attribute(name, found[1], found[0], classes, depth + 1)
            if inherited is not None:
                return inherited
    return None


def is_drf_view(cls: ast.ClassDef, classes: ClassIndex, depth: int = 0) -> bool:
    """A class that is (or derives, through project classes, from) a DRF view or viewset."""
    for base in cls.bases:
        name = dotted_name(base).rsplit(".", 1)[-1]
        if name in {"APIView", "GenericAPIView", "ViewSet", "GenericViewSet", "ModelViewSet",
                    "ReadOnlyModelViewSet"} or (name.endswith("APIView") and name not in classes):
            return True
        found = classes.get(name)
        if found is not None and found[1] is not cls and depth < 5 and is_drf_view(found[1], classes, depth + 1):
            return True
    return False


def view_auth(cls: ast.ClassDef, mod: PyModule, classes: ClassIndex, defaults: Defaults,
              refuses: Callable[[str], str]) -> ViewAuth:
    """What DRF runs before the handlers of view ``cls``. ``refuses(name)`` says, for a project authentication
    class, why its ``authenticate`` turns an anonymous request away (``""`` when it does not, or is not the
    project's)."""
    return _decide(_class_attribute("permission_classes", cls, mod, classes),
                   _class_attribute("authentication_classes", cls, mod, classes), classes, defaults, refuses)


def function_view_auth(func: ast.FunctionDef | ast.AsyncFunctionDef, mod: PyModule, classes: ClassIndex,
                       defaults: Defaults, refuses: Callable[[str], str]) -> ViewAuth:
    """The same for an ``@api_view`` function, whose ``@permission_classes([...])`` and
    ``@authentication_classes([...])`` decorators set what the class attributes set on a view class."""
    def decorated(name: str) -> tuple[tuple[str, ...], str] | None:
        for deco in func.decorator_list:
            if isinstance(deco, ast.Call) and dotted_name(deco.func).rsplit(".", 1)[-1] == name and deco.args:
                return _class_names(deco.args[0]), f"{mod.path}:{mod.line(deco)}"
        return None
    return _decide(decorated("permission_classes"), decorated("authentication_classes"), classes, defaults, refuses)


def _decide(own_perms: tuple[tuple[str, ...], str] | None, own_auths: tuple[tuple[str, ...], str] | None,
            classes: ClassIndex, defaults: Defaults, refuses: Callable[[str], str]) -> ViewAuth:
    perms, perms_at = own_perms or (defaults.permission, defaults.where)
    auths, auths_at = own_auths or (defaults.authentication, defaults.where)
    required = [p for p in perms if p in REQUIRE_USER]
    if required:
        return ViewAuth("authenticates", f"permission_classes {required[0]}", perms_at)
    for auth in auths:
        why = refuses(auth)
        if why:
            return ViewAuth("authenticates", f"authentication_classes {auth} ({why})", auths_at)
    read_only = [p for p in perms if p in READ_ONLY_ANONYMOUS]
    if read_only:
        return ViewAuth("undetermined", f"permission_classes {read_only[0]} (admits anonymous reads)", perms_at)
    project_perms = [p for p in perms if p != ALLOW_ANY and p in classes]
    if project_perms:
        return ViewAuth("undetermined", f"permission_classes {project_perms[0]} (its has_permission decides; "
                        "not read)", perms_at)
    other_perms = [p for p in perms if p != ALLOW_ANY]
    if other_perms:
        return ViewAuth("undetermined", f"permission_classes {other_perms[0]} (a library's class; not read)",
                        perms_at)
    if own_perms is not None and ALLOW_ANY in perms:
        return ViewAuth("public", f"permission_classes {ALLOW_ANY}", perms_at)
    return ViewAuth("", "", "")
