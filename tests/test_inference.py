"""One inference: one pseudo p-value, one permutation driver, every default from geo.settings.

- :func:`geo.stats._inference.two_sided_p` is the only definition of the
  two-sided pseudo p-value in the package, and it is esda's one-sided
  ``calculate_significance`` with the smaller tail doubled;
- every function or class in ``geo`` that takes ``permutations``, ``seed`` or
  ``alpha`` defaults to ``settings.DEFAULT_PERMUTATIONS``, ``DEFAULT_SEED`` or
  ``DEFAULT_ALPHA`` (a literal 999 somewhere drifts the day the default changes);
- the bivariate global test draws with the engine's seeded chunks, so it is
  reproducible, independent of the number of workers and agrees with esda.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
import tokenize
import warnings
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest

import geo
from geo import settings
from geo.stats import engine
from geo.stats._inference import min_pseudo_p, two_sided_p

REPO = Path(__file__).resolve().parents[1]
DEFAULTS = {"permutations": settings.DEFAULT_PERMUTATIONS, "seed": settings.DEFAULT_SEED,
            "alpha": settings.DEFAULT_ALPHA}


# --- the pseudo p-value ---------------------------------------------------------------------------

def test_two_sided_p_doubles_the_smaller_tail_as_esda_counts_them():
    from esda.significance import calculate_significance

    rng = np.random.default_rng(0)
    sims = rng.normal(size=(5, 999))
    observed = np.array([10.0, -10.0, 0.0, 1.0, -0.7])
    greater = (sims >= observed[:, None]).sum(axis=1)
    lesser = (sims <= observed[:, None]).sum(axis=1)
    p = two_sided_p(greater, lesser, 999)
    upper = calculate_significance(observed, sims, alternative="greater")
    lower = calculate_significance(observed, sims, alternative="lesser")
    np.testing.assert_allclose(p, np.minimum(1.0, 2 * np.minimum(upper, lower)), rtol=0, atol=1e-15)
    assert p[0] == pytest.approx(2 / 1000) and p[1] == pytest.approx(2 / 1000) == min_pseudo_p(999)
    assert 0.9 <= p[2] <= 1.0
    # A constant reference distribution (every simulation ties) gives 1, not more (esda 2.9's two-sided gives 1.9).
    assert two_sided_p(19, 19, 19) == 1.0
    assert isinstance(two_sided_p(0, 19, 19), float) and two_sided_p(0, 19, 19) == pytest.approx(0.1)


def python_files() -> list[Path]:
    return sorted((REPO / "geo").rglob("*.py"))


def code_lines(path: Path) -> list[str]:
    """The lines of ``path`` without its strings and comments (docstrings may quote the formula)."""
    lines: dict[int, list[str]] = {}
    with path.open("rb") as handle:
        for token in tokenize.tokenize(handle.readline):
            if token.type in (tokenize.STRING, tokenize.COMMENT, tokenize.ENCODING) or not token.string.strip():
                continue
            lines.setdefault(token.start[0], []).append(token.string)
    return ["".join(parts) for _, parts in sorted(lines.items())]


def test_the_pseudo_p_is_defined_once():
    """No module writes ``2 * (min(G, L) + 1) / (P + 1)`` itself: they all call two_sided_p."""
    formula = re.compile(r"2(?:\.0)?\*\((?:np\.)?min(?:imum)?\(.*\)\+1\)/")
    definitions, written = [], []
    for path in python_files():
        rel = path.relative_to(REPO).as_posix()
        definitions += [rel for _ in re.finditer(r"^def two_sided_p\(", path.read_text(encoding="utf-8"), re.M)]
        written += [rel for line in code_lines(path) if formula.search(line)]
    assert definitions == ["geo/stats/_inference.py"]
    assert written == ["geo/stats/_inference.py"]
    users = {p.relative_to(REPO).as_posix() for p in python_files() if "two_sided_p(" in "".join(code_lines(p))}
    assert {"geo/stats/engine.py", "geo/stats/_inference.py"} <= users


def test_no_statistic_draws_its_own_generator():
    """Only the engine makes random generators for the permutation tests (one driver, seeded per chunk)."""
    own = [p.relative_to(REPO).as_posix() for p in sorted((REPO / "geo" / "stats").glob("*.py"))
           if re.search(r"np\.random\.(Generator|default_rng|seed)\(|SFC64\(", p.read_text(encoding="utf-8"))]
    assert own == ["geo/stats/engine.py"]


# --- defaults -------------------------------------------------------------------------------------

def geo_modules() -> list[ModuleType]:
    modules = [geo]
    for info in pkgutil.walk_packages(geo.__path__, "geo."):
        if info.name.endswith("__main__"):
            continue  # running it would start the CLI
        modules.append(importlib.import_module(info.name))
    return modules


def callables_of(module: ModuleType) -> list[tuple[str, Any]]:
    """Functions and classes defined in ``module`` (not imported into it), and the methods of its classes."""
    found: list[tuple[str, Any]] = []
    for name, obj in vars(module).items():
        if getattr(obj, "__module__", None) != module.__name__:
            continue
        if inspect.isfunction(obj):
            found.append((f"{module.__name__}.{name}", obj))
        elif inspect.isclass(obj):
            found.append((f"{module.__name__}.{name}", obj))
            for attr, member in vars(obj).items():
                func = member.__func__ if isinstance(member, (staticmethod, classmethod)) else member
                if inspect.isfunction(func) and attr != "__init__":
                    found.append((f"{module.__name__}.{name}.{attr}", func))
    return found


def literal_defaults() -> list[str]:
    wrong = []
    for module in geo_modules():
        for name, obj in callables_of(module):
            try:
                signature = inspect.signature(obj)
            except (TypeError, ValueError):
                continue
            for param in signature.parameters.values():
                if param.name not in DEFAULTS or param.default is inspect.Parameter.empty:
                    continue
                if param.default != DEFAULTS[param.name] or isinstance(param.default, bool):
                    wrong.append(f"{name}({param.name}={param.default!r})")
    return wrong


def test_every_default_of_permutations_seed_and_alpha_is_the_setting():
    """Every signature in geo that takes permutations, seed or alpha defaults to geo.settings' value."""
    assert literal_defaults() == []


def test_the_walk_finds_the_signatures_it_checks(monkeypatch):
    """The walk sees the signatures: with the setting changed, every default of 999 stands out."""
    monkeypatch.setitem(DEFAULTS, "permutations", 1234)
    wrong = literal_defaults()
    assert "geo.stats.engine.local_moran(permutations=999)" in wrong
    assert "geo.stats.local.local_moran(permutations=999)" in wrong
    assert "geo.analysis.AnalysisOptions(permutations=999)" in wrong
    assert len(wrong) >= 10


def written_literals(path: Path) -> list[str]:
    """Defaults of ``permutations``, ``seed`` or ``alpha`` written as a number in ``path`` (arguments and fields)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        pairs: list[tuple[str, ast.expr | None]] = []
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            args = node.args
            positional = [*args.posonlyargs, *args.args]
            pairs += list(zip([a.arg for a in positional[len(positional) - len(args.defaults):]], args.defaults))
            pairs += [(a.arg, d) for a, d in zip(args.kwonlyargs, args.kw_defaults)]
        elif isinstance(node, ast.ClassDef):
            pairs += [(item.target.id, item.value) for item in node.body
                      if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)]
        for name, default in pairs:
            if name in DEFAULTS and isinstance(default, ast.Constant) and default.value is not None:
                found.append(f"{path.relative_to(REPO).as_posix()}:{default.lineno} {name}={default.value!r}")
    return found


def test_no_default_of_permutations_seed_or_alpha_is_written_as_a_number():
    """A literal 999 equals the setting today and drifts the day the setting changes: read it from settings."""
    assert [line for path in python_files() for line in written_literals(path)] == []


def test_the_default_permutations_and_seed_are_written_only_in_settings():
    """Nor as a fallback (``summary.get("permutations", 999)``): the numbers 999 and 12345 live in settings.py."""
    numbers = {str(settings.DEFAULT_PERMUTATIONS), str(settings.DEFAULT_SEED)}
    found = []
    for path in python_files():
        if path.name == "settings.py":
            continue
        with path.open("rb") as handle:
            found += [f"{path.relative_to(REPO).as_posix()}:{t.start[0]}" for t in tokenize.tokenize(handle.readline)
                      if t.type == tokenize.NUMBER and t.string.replace("_", "") in numbers]
    assert found == []


def test_local_geary_is_not_in_the_statistics_api():
    import geo.stats

    assert not hasattr(geo.stats, "local_geary") and "local_geary" not in geo.stats.__all__


# --- the bivariate global test goes through the engine ----------------------------------------------

@pytest.fixture(scope="module")
def columbus():
    import geopandas as gpd
    from libpysal import examples
    from libpysal.weights import Queen

    frame = gpd.read_file(examples.get_path("columbus.shp"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        w = Queen.from_dataframe(frame, use_index=False, silence_warnings=True)
    return frame, w


def test_global_bivariate_moran_equals_esda_and_its_permutation_test(columbus):
    """I equals esda's Moran_BV; the tails agree with esda's 9,999 permutations within Monte Carlo error."""
    import esda

    frame, w = columbus
    x, y = frame["INC"].to_numpy(float), frame["HOVAL"].to_numpy(float)
    permutations = 9_999
    np.random.seed(4)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = esda.Moran_BV(x, y, w, permutations=permutations)
    ours = engine.global_moran_bv(x, y, engine.weights_matrix(w, "global_moran"), permutations=permutations, seed=4)
    assert ours.statistic == pytest.approx(ref.I, abs=1e-12)
    sims = np.asarray(ref.sim)
    for mine, theirs in ((ours.greater, (sims >= ref.I).sum()), (ours.lesser, (sims <= ref.I).sum())):
        a, b = mine / permutations, theirs / permutations
        se = max(np.sqrt(a * (1 - a) / permutations + b * (1 - b) / permutations), 1 / permutations)
        assert abs(a - b) / se < 5, (mine, theirs)
    assert ours.sim_mean == pytest.approx(ref.EI_sim, abs=5 * ref.seI_sim * np.sqrt(2 / permutations))
    assert ours.sim_std == pytest.approx(ref.seI_sim, rel=0.05)
    assert ours.expected == 0.0


def test_global_bivariate_moran_is_seeded_and_independent_of_workers(columbus):
    frame, w = columbus
    x, y = frame["INC"].to_numpy(float), frame["CRIME"].to_numpy(float)
    matrix = engine.weights_matrix(w, "global_moran")
    one = engine.global_moran_bv(x, y, matrix, permutations=999, seed=8, n_jobs=1)
    assert one == engine.global_moran_bv(x, y, matrix, permutations=999, seed=8, n_jobs=2)
    assert one != engine.global_moran_bv(x, y, matrix, permutations=999, seed=9, n_jobs=1)
    assert one.p == two_sided_p(one.greater, one.lesser, 999)


def test_typed_global_results_read_as_the_dicts_they_replace(columbus):
    """summary.json keeps its keys: as_dict() has exactly the keys (and order) of the dicts of before."""
    import geo.weights
    from geo import stats

    frame, _ = columbus
    frame = frame.assign(code=frame["POLYID"].astype(str))
    sw = geo.weights.build(frame, kind="queen")
    moran = stats.global_moran(frame, "CRIME", weights=sw, permutations=99, seed=1)
    assert list(moran.as_dict()) == ["I", "expected", "z_norm", "p_norm", "n", "permutations", "z", "p", "p_min"]
    assert moran["p"] == moran.p and dict(moran) == moran.as_dict() and moran["I"] == moran.statistic
    without = stats.global_moran(frame, "CRIME", weights=sw, permutations=0)
    assert list(without.as_dict()) == ["I", "expected", "z_norm", "p_norm", "n", "permutations", "z", "p"]
    assert without.p == without.p_norm
    with pytest.raises(AttributeError):
        moran.p = 0.5  # type: ignore[misc]
    _, bv = stats.bivariate_moran(frame, "INC", "CRIME", weights=sw, permutations=99, seed=1)
    assert list(bv.as_dict()) == ["I", "z_norm", "z", "p"] and {**bv} == bv.as_dict()
    assert bv.z_norm is None and 0 < bv.p <= 1
