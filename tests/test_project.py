"""Project rules that a user relies on: the README's commands, a quick CLI."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import REPO


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
