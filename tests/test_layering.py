"""The layering of docs/architecture.md, read from the imports of every module under supervision/.

Every import counts, at the top of a module and inside functions; only imports under `if TYPE_CHECKING:`
(never executed) are left out. Each failure names the importing module, the line and the imported module.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from supervision.config import ROOT

PACKAGE = ROOT / "supervision"
# The shell on top: it may import every domain (the factory, the CLI table, the scheduler's job table).
SHELL = {"supervision", "supervision.app", "supervision.cli", "supervision.models", "supervision.scheduler.table"}
# Shared modules at the bottom: they import no domain and no shell module.
SHARED = {
    "supervision.actions",
    "supervision.cache",
    "supervision.calendar",
    "supervision.clock",
    "supervision.config",
    "supervision.db",
    "supervision.documents",
    "supervision.errors",
    "supervision.extensions",
    "supervision.forms",
    "supervision.hooks",
    "supervision.labels",
    "supervision.listing",
    "supervision.output",
    "supervision.pdf",
    "supervision.permissions",
    "supervision.scheduler",
    "supervision.spreadsheets",
    "supervision.templating",
    "supervision.validation",
}
# Libraries heavy or optional enough to be imported where they are used, inside a function.
LAZY_LIBRARIES = {"weasyprint", "openpyxl", "docx", "boto3", "botocore", "yaml", "clamd"}
MAX_LINES = 300
BLUEPRINT_LIBRARIES = {"flask", "flask_smorest", "apiflask"}  # what a views package may import to define its blueprint


@dataclass(frozen=True)
class Import:
    module: str  # the importing module
    target: str  # the imported module (a module of supervision, or a library's top-level name)
    line: int
    local: bool  # inside a function

    def __str__(self) -> str:
        where = "inside a function" if self.local else "at the top"
        return f"{self.module}:{self.line} imports {self.target} ({where})"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def all_modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


MODULES = all_modules()


def resolve(name: str) -> str:
    """The module that `name` (a module or a name inside one) belongs to."""
    while name not in MODULES and "." in name:
        name = name.rpartition(".")[0]
    return name


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(n) for child in node.body for n in ast.walk(child))
    return skipped


def imports_of(module: str, path: Path) -> list[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_nodes(tree)
    local_nodes = {
        id(n) for f in ast.walk(tree) if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef) for n in ast.walk(f)
    }
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if id(node) in skipped or not isinstance(node, ast.Import | ast.ImportFrom):
            continue
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            names = [f"{base}.{a.name}" for a in node.names] if base.startswith("supervision") else [base]
        for name in names:
            target = resolve(name) if name.startswith("supervision") else name.split(".")[0]
            if target != module and target != "__future__":
                found.append(Import(module, target, node.lineno, id(node) in local_nodes))
    return found


IMPORTS = [i for m, p in MODULES.items() for i in imports_of(m, p)]
INTERNAL = [i for i in IMPORTS if i.target.startswith("supervision")]


def layer(module: str) -> str:
    if module in SHELL:
        return "shell"
    if any(module == s or module.startswith(s + ".") for s in SHARED) and module not in SHELL:
        return "shared"
    return "domain"


def domain(module: str) -> str:
    return module.split(".")[1]


def is_view(module: str) -> bool:
    return module.endswith(".views") or ".views." in module


def is_models(module: str) -> bool:
    return module.endswith(".models")


def is_service_or_view(module: str) -> bool:
    return is_view(module) or module.endswith(".services") or ".services." in module


def _report(offences) -> str:
    return "\n".join(str(o) for o in offences)


def find_cycle() -> list[str] | None:
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for i in INTERNAL:
        graph[i.module].add(i.target)
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)):
            return cycle
    return None


def test_the_analysis_sees_the_whole_package():
    assert len(MODULES) > 100
    assert any(i.local for i in INTERNAL)  # function-local imports are read too
    assert Import("supervision.app", "supervision.tasks.views", 1, False).target in {i.target for i in INTERNAL}


def test_no_import_cycle():
    cycle = find_cycle()
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_shared_modules_import_no_domain():
    offences = [i for i in INTERNAL if layer(i.module) == "shared" and layer(i.target) != "shared"]
    assert not offences, "a shared module imports a domain or the shell:\n" + _report(offences)


def test_domains_do_not_import_the_shell():
    offences = [i for i in INTERNAL if layer(i.module) == "domain" and layer(i.target) == "shell"]
    assert not offences, "a domain imports the shell:\n" + _report(offences)


def test_models_import_no_services_or_views():
    offences = [i for i in INTERNAL if is_models(i.module) and is_service_or_view(i.target)]
    assert not offences, "a models module imports services or views:\n" + _report(offences)


def test_views_import_no_other_domains_models():
    offences = [
        i
        for i in INTERNAL
        if is_view(i.module)
        and is_models(i.target)
        and layer(i.target) == "domain"
        and domain(i.target) != domain(i.module)
    ]
    assert not offences, "a view imports another domain's models (use that domain's services):\n" + _report(offences)


def test_package_init_files_import_nothing():
    """Importing a model loads no view: package __init__ files import nothing (a views package: flask only)."""
    offences = [
        i
        for i in IMPORTS
        if MODULES[i.module].name == "__init__.py"
        and i.module not in SHELL
        and not (is_view(i.module) and i.target in BLUEPRINT_LIBRARIES)
    ]
    assert not offences, "a package __init__ imports:\n" + _report(offences)


def test_function_local_imports_only_for_heavy_libraries_and_in_the_factory():
    offences = [i for i in IMPORTS if i.local and i.module != "supervision.app" and i.target not in LAZY_LIBRARIES]
    assert not offences, "a function-local import (move it to the top of the module):\n" + _report(offences)


def test_only_the_pdf_module_imports_weasyprint():
    offences = [i for i in IMPORTS if i.target == "weasyprint" and i.module != "supervision.pdf"]
    assert not offences, "weasyprint imported outside supervision.pdf:\n" + _report(offences)


def test_no_module_over_300_lines():
    long = {m: n for m, p in MODULES.items() if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"modules over {MAX_LINES} lines: {long}"


def test_views_write_no_audit_records():
    """Audit records are written by the services that change things, never by a view of another domain."""
    offences = [
        i
        for i in INTERNAL
        if is_view(i.module) and i.target == "supervision.audit.services" and domain(i.module) != "audit"
    ]
    assert not offences, "a view imports the audit services (record in a service instead):\n" + _report(offences)
