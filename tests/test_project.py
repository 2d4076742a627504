"""Project rules that a user relies on: the README's commands, a quick CLI, a suite that runs from a clone."""

from __future__ import annotations

import ast
import hashlib
import os
import re
import subprocess
import sys

from tests.conftest import NO_CHROMIUM, REPO, TESTDATA


def readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```bash\n(.*?)```", text, re.S).group(1)
    return [line.strip() for line in block.splitlines() if line.strip()]


def test_readme_opens_with_demo_and_test_command():
    demo, test = readme_commands()[:2]
    assert demo.startswith("vmgeo demo")
    ci = [line.strip() for line in (REPO / ".ci" / "run").read_text().splitlines()
          if line.strip() and not line.lstrip().startswith("#")]
    assert ci[-1] == test, "the last command of .ci/run must be the README's test command"


def test_help_is_fast_and_imports_nothing_heavy():
    code = ("import sys, geo.cli; geo.cli.build_parser().format_help(); "
            "heavy = [m for m in ('geopandas', 'esda', 'folium', 'pandas', 'libpysal') if m in sys.modules]; "
            "print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
    run = subprocess.run([sys.executable, "-m", "geo.cli", "--help"], capture_output=True, text=True)
    assert run.returncode == 0 and "hotspots" in run.stdout and "demo" in run.stdout


def test_nothing_reads_reference_data_outside_the_repository():
    """A fresh clone has nothing beside it: tests and benchmarks read tests/data only."""
    # Spelled in parts so that this file does not match itself.
    needles = ("shared" + "/data", ".." + "/shared")
    offenders = []
    for folder in (REPO / "tests", REPO / "benchmarks"):
        for path in sorted(folder.rglob("*")):
            if not path.is_file() or "__pycache__" in path.parts or path == TESTDATA / "README.md":
                continue
            text = path.read_bytes().decode("utf-8", errors="replace")
            offenders += [f"{path.relative_to(REPO)}:{n}" for n, line in enumerate(text.splitlines(), 1)
                          if any(needle in line for needle in needles)]
    assert offenders == [], f"reads reference data from outside the repository: {offenders}"


def test_testdata_matches_its_readme():
    """Every file in tests/data has its checksum in the README: no file changes without its row."""
    text = (TESTDATA / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Checksums.*?```\n(.*?)```", text, re.S).group(1)
    listed = dict(reversed(line.split("  ", 1)) for line in block.splitlines() if line.strip())
    present = {p.relative_to(TESTDATA).as_posix(): p for p in TESTDATA.rglob("*")
               if p.is_file() and p.name != "README.md" and "__pycache__" not in p.parts}
    assert sorted(present) == sorted(listed)
    for name, path in present.items():
        assert hashlib.sha256(path.read_bytes()).hexdigest() == listed[name], name
    for name in present:
        assert f"`{name.split('/')[-1]}`" in text, f"{name} has no row in tests/data/README.md"


def test_browser_tests_skip_without_chromium_unless_required(tmp_path):
    """A developer without Chromium sees one skip reason; CI, which requires the browser, fails instead."""
    ci = (REPO / ".ci" / "run").read_text()
    assert "export VMGEO_REQUIRE_BROWSER=1" in ci
    # The real fixture from conftest.py, in a test that imports nothing heavy (a map test would load
    # geopandas twice over for a check that never reaches its body).
    (tmp_path / "test_needs_chromium.py").write_text(
        "from tests.conftest import browser  # noqa: F401\n\n\ndef test_page(browser):\n    assert browser\n")
    # An empty PATH hides Chromium; Python itself is called by its full path. No third-party pytest
    # plugins: the check needs none, and loading them costs more than the check.
    env = {**os.environ, "PATH": str(tmp_path / "no-bin"), "PYTHONPATH": str(REPO),
           "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    env.pop("VMGEO_REQUIRE_BROWSER", None)
    args = [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", "test_needs_chromium.py"]
    skipped = subprocess.run(args, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert skipped.returncode == 0, skipped.stdout + skipped.stderr
    assert "1 skipped" in skipped.stdout and f"SKIPPED [1] test_needs_chromium.py:4: {NO_CHROMIUM}" in skipped.stdout
    required = subprocess.run(args, cwd=tmp_path, env={**env, "VMGEO_REQUIRE_BROWSER": "1"}, capture_output=True,
                              text=True, timeout=120)
    assert required.returncode == 1 and "1 error" in required.stdout, required.stdout + required.stderr
    assert NO_CHROMIUM in required.stdout


def test_browser_tests_use_the_shared_fixture_and_carry_the_marker():
    """So that '-m "not browser"' and the skip above cover every test that opens a page."""
    unmarked, own_fixtures = [], []
    for path in sorted((REPO / "tests").glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FunctionDef):
                continue
            decorators = [ast.unparse(d) for d in node.decorator_list]
            if node.name == "browser":
                own_fixtures.append(f"{path.name}::{node.name}")
            if node.name.startswith("test_") and "browser" in [a.arg for a in node.args.args] \
                    and "pytest.mark.browser" not in decorators:
                unmarked.append(f"{path.name}::{node.name}")
    assert own_fixtures == [], "use the browser fixture of conftest.py"
    assert unmarked == [], "browser tests without @pytest.mark.browser"


def test_options_are_declared_once():
    """Every input option of hotspots/change comes from one declaration (geo.readers.Options) and reaches it."""
    from dataclasses import fields

    from geo.analysis import AnalysisOptions
    from geo.cli import _options, build_parser
    from geo.readers import Options, options_from

    declared = [f for f in fields(Options) if "cli" in f.metadata]
    argv, expected = [], {}
    for n, f in enumerate(declared):
        flags, _, kwargs, _ = f.metadata["cli"]
        if kwargs.get("action") == "append":
            argv += [flags[0], f"v{n}"]
            expected[f.name] = [f"v{n}"]
        elif kwargs.get("choices"):
            argv += [flags[0], kwargs["choices"][-1]]
            expected[f.name] = kwargs["choices"][-1]
        elif kwargs.get("type") is int:
            argv += [flags[0], str(2000 + n)]
            expected[f.name] = 2000 + n
        else:
            argv += [flags[0], f"v{n}"]
            expected[f.name] = f"v{n}"
    for command in (["hotspots"], ["change", "--from", "2022", "--to", "2023"]):
        args = build_parser().parse_args([*command, *argv])
        opts = options_from(args)
        assert {name: getattr(opts, name) for name in expected} == expected
        assert _options.analysis(args) == AnalysisOptions()


def test_trend_options_are_declared_once():
    """vmgeo trend's parser is built from geo.trend_options.TrendOptions and reads back into it."""
    from dataclasses import fields

    from geo import _fields
    from geo.cli import build_parser
    from geo.trend_options import TrendOptions

    declared = {f.name for f in fields(TrendOptions) if "cli" in f.metadata}
    trend = build_parser()._subparsers._group_actions[0].choices["trend"]  # argparse keeps subparsers here
    assert declared <= {a.dest for a in trend._actions}
    args = build_parser().parse_args(["trend", "--crime-types", "1.1.1, 1.2.1", "--filter", "A=b", "--boundaries",
                                      "x.gpkg", "--months", "3", "--year", "2023", "--level", "wijk"])
    opts = _fields.record_from(args, TrendOptions)
    assert opts == TrendOptions(crime_types=("1.1.1", "1.2.1"), filters=("A=b",), boundaries=("x.gpkg",), months=3,
                                year=2023, level="wijk")
    assert _fields.record_from(build_parser().parse_args(["trend"]), TrendOptions) == TrendOptions()
