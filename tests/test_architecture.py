"""The shape of the code: floors without circles, functions a reader can hold, one home per rule.

These tests read the source, not the running program: an import inside a function counts as
much as one at the top, since it ties the two modules together all the same.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "geo"

#: The floors of the house, lowest first. A module may import from its own floor (without a
#: circle) and from floors below, never from a floor above. Unlisted modules fail the test, so a
#: new module is given a floor on purpose.
FLOORS: tuple[tuple[str, ...], ...] = (
    # 0. words, numbers and facts every floor may use
    ("geo.errors", "geo.settings", "geo.levels", "geo.text", "geo.messages", "geo.categories", "geo.periods",
     "geo._files", "geo._interrupt", "geo._progress", "geo._dask", "geo._fields", "geo._version", "geo.reports"),
    # 1. reading and fetching: files, servers, the cache; geometry and neighbours
    ("geo.fetch", "geo.tables", "geo._contiguity", "geo.weights", "geo.grid", "geo._pip", "geo.incidents",
     "geo.hexes"),
    # 2. statistics (never a map, never the pipeline)
    ("geo.stats",),
    # 3. areas and figures: boundaries, joins, crosswalks, police units, rates, density
    ("geo.boundaries", "geo.joins", "geo.crosswalk", "geo.units", "geo.rates", "geo.density",
     "geo.readers", "geo.trend_options", "geo.demo", "geo.squares",
     "geo.scale", "geo.nearrepeat"),
    # 4. the analyses, and summary.json's schema, which records them
    ("geo.analysis", "geo.series", "geo.inputs", "geo.summary"),
    # 5. what a run hands to people: the terminal, maps and files
    ("geo.terminal", "geo.maps", "geo.outputs"),
    # 6. the pipelines: hot spots, the early warning, the gebiedsscan
    ("geo.pipeline", "geo.trend", "geo.scan"),
    # 7. the command line and the package's face
    ("geo.cli", "geo"),
)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(ROOT.rglob("*.py"))}


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> list[str]:
    if node.level == 0:
        base = node.module or ""
    else:
        parts = module.split(".")
        keep = len(parts) - node.level + (1 if is_package else 0)
        base = ".".join(parts[:keep] + ([node.module] if node.module else []))
    # ``from . import x`` imports the module x when there is one; the package itself only for
    # the names that are not modules.
    modules = [f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in _modules()]
    return modules if len(modules) == len(node.names) else [base, *modules]


@cache
def _imports() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module, path in _modules().items():
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                found |= set(_resolve(module, path.name == "__init__.py", node))
        graph[module] = {name for name in found if name in _modules() and name != module}
    return graph


def _floor(module: str) -> int:
    best: tuple[int, int] | None = None
    for level, names in enumerate(FLOORS):
        for name in names:
            inside = module == name or (name != "geo" and module.startswith(name + "."))
            if inside and (best is None or len(name) > best[1]):
                best = (level, len(name))
    if best is None:
        raise AssertionError(f"{module} has no floor: add it to FLOORS in {Path(__file__).name}")
    return best[0]


def test_no_import_from_a_lower_floor_to_a_higher_one():
    upward = []
    for module, targets in _imports().items():
        for target in targets:
            # A package's __init__ re-exports its own modules: that is its face, not a climb.
            if module != "geo" and not target.startswith(module + ".") and _floor(target) > _floor(module):
                upward.append(f"{module} (floor {_floor(module)}) imports {target} (floor {_floor(target)})")
    assert not upward, "\n".join(sorted(upward))


def test_no_import_circle():
    graph = {m: {t for t in ts if not t.startswith(m + ".") and not m.startswith(t + ".")}
             for m, ts in _imports().items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    assert not circles, circles


def _functions():
    for module, path in _modules().items():
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                # "# long: <why>" on the line of the def is the comment that says why.
                excused = "# long:" in lines[node.lineno - 1]
                yield module, node, excused


def test_no_function_over_100_lines():
    long = [f"{m}.{n.name} ({n.end_lineno - n.lineno + 1} lines)" for m, n, excused in _functions()
            if n.end_lineno - n.lineno + 1 > 100 and not excused]
    assert not long, long


def test_no_function_with_cyclomatic_complexity_above_25():
    radon = pytest.importorskip("radon.complexity")
    excused = {(m, n.lineno) for m, n, e in _functions() if e}
    complex_ = []
    for module, path in _modules().items():
        for block in radon.cc_visit(path.read_text(encoding="utf-8")):
            for item in [block, *getattr(block, "methods", [])]:
                if item.complexity > 25 and (module, item.lineno) not in excused:
                    complex_.append(f"{module}.{item.name}: {item.complexity}")
    assert not complex_, complex_


def _grep(pattern: str) -> list[str]:
    found = []
    for module, path in _modules().items():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(pattern, line):
                found.append(f"{module}:{number}: {line.strip()}")
    return found


def test_no_dataframe_attrs():
    """Typed records carry what a step found (geo.reports), never ``DataFrame.attrs``."""
    uses = _grep(r"\.attrs\s*(\[|=|\.|\))")
    assert not uses, uses


def test_nothing_outside_fetch_reaches_into_its_back_ends():
    reach = [f"{m} imports {t}" for m, ts in _imports().items() for t in ts
             if t.startswith("geo.fetch._") and not m.startswith("geo.fetch")]
    assert not reach, reach
