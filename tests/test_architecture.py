"""The layout shows the data flow: imports only downward, no cycle, small named parts.

The layers, lowest first, are those of ``docs/ARCHITECTURE.md``: a module may import
its own layer and the layers below it, never one above.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "emmd_kg"
LAYERS: tuple[frozenset[str], ...] = tuple(
    frozenset(layer.split())
    for layer in (
        "errors",
        "config",
        "rdf",
        "sources",
        "builder",
        "artefact",
        "store",
        "sparql",
        "queries linked search",
        "pipeline",
        "web",
        "cli",
    )
)
WEB_MODULE_LINES = 300
FUNCTION_LINES = 60


def modules() -> dict[str, Path]:
    """Dotted name → file of every module of the package."""
    found = {}
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imported(name: str, path: Path) -> set[str]:
    """The modules of the package that ``name`` imports (anywhere in its text)."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            if base.startswith("emmd_kg"):
                out.add(base)
                out.update(f"{base}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("emmd_kg"))
    return {m for m in out if m in modules()}


def layer_of(name: str) -> int | None:
    top = name.split(".")[1] if "." in name else ""
    return next((n for n, layer in enumerate(LAYERS) if top in layer), None)


GRAPH = {name: imported(name, path) for name, path in modules().items()}


@pytest.mark.parametrize("name", sorted(n for n in GRAPH if "." in n))
def test_every_module_belongs_to_a_layer(name):
    assert layer_of(name) is not None, f"{name} is in no layer of docs/ARCHITECTURE.md"


def test_no_module_imports_a_layer_above_its_own():
    upward = [
        f"{name} → {target}"
        for name, targets in GRAPH.items()
        for target in targets
        if "." in name and (layer_of(target) or 0) > (layer_of(name) or 0)
    ]
    assert upward == []


def test_layers_on_one_level_do_not_import_each_other():
    across = [
        f"{name} → {target}"
        for name, targets in GRAPH.items()
        for target in targets
        if "." in name
        and layer_of(target) == layer_of(name)
        and name.split(".")[1] != target.split(".")[1]
        and len(LAYERS[layer_of(name) or 0]) > 1
    ]
    assert across == []


def test_the_import_graph_has_no_cycle():
    packages = {n for n, p in modules().items() if p.name == "__init__.py"}
    edges = {
        name: {t for t in targets if t not in packages and t != name}
        for name, targets in GRAPH.items()
        if name not in packages
    }
    state: dict[str, int] = defaultdict(int)  # 0 new, 1 on the path, 2 done
    cycles = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in sorted(edges.get(node, ())):
            if state[target] == 1:
                cycles.append(" → ".join([*path[path.index(target) :], target]))
            elif state[target] == 0:
                visit(target, [*path, target])
        state[node] = 2

    for node in sorted(edges):
        if state[node] == 0:
            visit(node, [node])
    assert cycles == []


def test_no_two_modules_share_a_name():
    by_name = defaultdict(list)
    for name, path in modules().items():
        if path.name != "__init__.py":
            by_name[path.stem].append(name)
    assert {k: v for k, v in by_name.items() if len(v) > 1} == {}


@pytest.mark.parametrize("path", sorted((SRC / "web").rglob("*.py")), ids=str)
def test_every_web_module_is_under_300_lines(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) < WEB_MODULE_LINES


def test_no_function_is_over_60_lines():
    long = []
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > FUNCTION_LINES:
                    long.append(f"{name}.{node.name}: {length} lines")
    assert long == []
