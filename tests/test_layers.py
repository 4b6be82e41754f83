"""The layers of the package: each module imports only from its own layer or below, never
inside a function, and no import cycle holds modules together (README, "How it works")."""
import ast
from pathlib import Path

import pytest

import sygraph

PACKAGE = Path(sygraph.__file__).parent

# bottom first; a module may import from its own layer (without a cycle) or any layer below
LAYERS = (
    ("errors", "terms", "model", "ids"),
    ("lexicon", "divisions", "vocab", "matcher"),
    ("segment",),
    ("tagger", "body", "ingest", "syndication", "annotations", "registry", "recognize", "resolve", "pairs",
     "relate"),
    ("pipeline", "explain"),
    ("graph", "algorithms"),
    ("formats", "frames", "store"),
    ("query", "notebook"),
    ("knowledge",),
    ("parallel", "outdir", "builder", "distributed", "evaluate"),
    ("cli", "__main__", "__init__"),
)
LAYER_OF = {name: k for k, names in enumerate(LAYERS) for name in names}


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        out[".".join(parts)] = path
    return out


def _own_imports(name: str, node: ast.AST, modules: dict[str, Path]) -> list[str]:
    """The package's modules an import statement names (``from . import pipeline`` names
    ``pipeline``; ``from .formats.rdf import x`` names ``formats.rdf``)."""
    if isinstance(node, ast.Import):
        return [a.name.removeprefix("sygraph.") for a in node.names if a.name.startswith("sygraph")]
    if not isinstance(node, ast.ImportFrom):
        return []
    if node.level == 0:
        if not (node.module or "").startswith("sygraph"):
            return []
        base = node.module.removeprefix("sygraph").lstrip(".")
    else:
        here = name.split(".") if modules[name].name == "__init__.py" else name.split(".")[:-1]
        here = here[: len(here) - node.level + 1]
        base = ".".join(here + ([node.module] if node.module else []))
    found = [f"{base}.{a.name}".strip(".") for a in node.names if f"{base}.{a.name}".strip(".") in modules]
    return found or ([base] if base in modules else [])


def _layer(module: str) -> int:
    top = module.split(".")[0]
    return LAYER_OF[top]


def _edges():
    modules = _modules()
    for name, path in sorted(modules.items()):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        inner = {id(n) for fn in ast.walk(tree) if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef))
                 for n in ast.walk(fn)}
        for node in ast.walk(tree):
            for target in _own_imports(name, node, modules):
                if target != name and not (name.startswith(target + ".") and modules[target].name == "__init__.py"):
                    yield name, target, node.lineno, id(node) in inner


def test_every_module_has_a_layer():
    assert sorted({m.split(".")[0] for m in _modules()} - set(LAYER_OF)) == []
    assert sorted(set(LAYER_OF) - {m.split(".")[0] for m in _modules()}) == []


def test_no_module_imports_from_a_layer_above_it():
    upward = [f"{a}:{line} imports {b}" for a, b, line, _ in _edges()
              if a.split(".")[0] != "__init__" and _layer(b) > _layer(a)]
    assert upward == []


def test_no_function_imports_a_module_of_the_package():
    assert [f"{a}:{line} imports {b}" for a, b, line, inner in _edges() if inner] == []


def test_no_import_cycle():
    graph: dict[str, set[str]] = {}
    for a, b, _, _ in _edges():
        graph.setdefault(a, set()).add(b)
    state: dict[str, int] = {}
    cycles = []

    def visit(node, trail):
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join(trail[trail.index(nxt):] + [nxt]))
            elif nxt not in state:
                visit(nxt, trail + [nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert cycles == []


@pytest.mark.parametrize("source, expected", [
    ("from .formats.rdf import to_rdf", ["formats.rdf"]),
    ("from . import pipeline", ["pipeline"]),
    ("from ..graph import GraphData", ["graph"]),
    ("import networkx", []),
])
def test_the_checker_reads_imports_as_python_does(source, expected):
    modules = _modules()
    name = "formats.rdf" if source.startswith("from ..") else "parallel"
    assert _own_imports(name, ast.parse(source).body[0], modules) == expected
