"""Error lines follow ``--lang``: one home (geo/messages.py), Dutch by default, the same information in English."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from geo import errors, messages, text
from tests.conftest import REPO, error_line, run_cli

VMGEO_ERRORS = {name for name in dir(errors) if isinstance(getattr(errors, name), type)
                and issubclass(getattr(errors, name), errors.VmgeoError)}


def _literal_messages(path: Path) -> list[str]:
    """``raise SomeVmgeoError("...")`` or ``(f"...")`` in ``path``: places whose message is English text in code."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and node.exc.args):
            continue
        func = node.exc.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        first = node.exc.args[0]
        literal = isinstance(first, ast.JoinedStr) or (isinstance(first, ast.Constant) and isinstance(first.value, str))
        if name in VMGEO_ERRORS and literal:
            found.append(f"{path.relative_to(REPO)}:{node.lineno}: {name}")
    return found


def test_no_error_line_is_written_in_code():
    """Every message of a VmgeoError is a key of geo/messages.py, so that it exists in Dutch and in English."""
    files = [p for p in sorted((REPO / "geo").rglob("*.py"))
             if p.name != "messages.py"]
    assert len(files) > 50
    found = [place for path in files for place in _literal_messages(path)]
    assert not found, found


def test_the_walk_finds_a_literal_message(tmp_path):
    """The walk above would see an English line written in code (so that it can fail)."""
    bad = REPO / "geo" / "_probe_for_test.py"
    try:
        bad.write_text('from geo.errors import DataError\n\ndef f(x):\n    raise DataError(f"{x}: bad")\n'
                       'def g(exc):\n    raise DataError(str(exc))\n')
        assert _literal_messages(bad) == ["geo/_probe_for_test.py:4: DataError"]
    finally:
        bad.unlink()


def test_every_line_has_the_same_fields_in_both_languages():
    for key, (dutch, english) in messages.LINES.items():
        fields = [{f for _, f, _, _ in string.Formatter().parse(s) if f} for s in (dutch, english)]
        assert fields[0] == fields[1], key
        assert dutch.strip() or key == "json_null", key


def test_numbers_in_a_line_are_written_as_the_reader_writes_them():
    with text.speaking("nl"):
        assert messages.render("{n:,} in {x:.1f} ({p:.0%}); {year}", lang="nl", n=28524, x=7.34, p=0.25,
                               year=2023) == "28.524 in 7,3 (25%); 2023"
        assert messages.render("{n:,} in {x:.1f} ({p:.0%}); {year}", lang="en", n=28524, x=7.34, p=0.25,
                               year=2023) == "28,524 in 7.3 (25%); 2023"
        assert errors.few(range(10), 3) == "0, 1, 2 en nog 7"


def _names(line: str) -> set[str]:
    """What a line names and must name in either language: quoted values, options, paths and numbers."""
    return set(re.findall(r"'[^']*'|--[a-z][\w-]*|/\S+\.\w+|\b\d[\d.,]*\b", line))


def _both(*args: str) -> tuple[str, str]:
    lines = []
    for lang in ("nl", "en"):
        run = run_cli(*args, "--lang", lang)
        lines.append(error_line(run))
    return lines[0], lines[1]


@pytest.mark.parametrize("make, args, dutch, english", [
    (None, ("hotspots", "--data", "{T}/nope.csv", "--boundaries", "{B}", "--code-column", "buurtcode",
            "--value", "misdrijven"), "bestand niet gevonden", "file not found"),
    (None, ("hotspots", "--data", "{D}", "--boundaries", "{B}", "--code-column", "buurtcode",
            "--value", "misdrijvn"), "bedoelt u 'misdrijven'", "did you mean 'misdrijven'"),
    (None, ("hotspots", "--data", "{D}", "--boundaries", "{B}", "--code-column", "buurtcode",
            "--value", "misdrijven", "--permutations", "abc"), "is geen geheel getal", "invalid int value"),
    (None, ("hotspots", "--data", "{D}", "--boundaries", "{B}", "--code-column", "buurtcode",
            "--value", "misdrijven", "--islands", "bogus"), "ongeldige keuze", "invalid choice"),
    ("negative", ("hotspots", "--data", "{T}/neg.csv", "--boundaries", "{B}", "--code-column", "buurtcode",
                  "--value", "misdrijven", "--population", "inwoners"), "onder nul", "below zero"),
    ("text", ("hotspots", "--data", "{T}/neg.csv", "--boundaries", "{B}", "--code-column", "buurtcode",
              "--value", "misdrijven"), "niet numeriek", "not numeric"),
    (None, ("map", "--results", "{T}/nope"), "niet gevonden; --results moet de map", "not found; --results must be"),
    (None, ("scan", "--year", "2023", "--area", "GM0363", "--permutations", "10"), "is te weinig voor hot spots",
     "is too few for hot spots"),
    (None, ("scan", "--year", "2023", "--area", "GM0363", "--relevant", "rate"), "is geen NAAM=GETAL",
     "is not NAME=NUMBER"),
], ids=["file-missing", "column-unknown", "argparse-int", "argparse-choice", "negative-count", "not-numeric",
        "map-results-missing", "scan-permutations", "scan-relevant"])
def test_a_dutch_and_an_english_run_say_the_same_in_their_language(make, args, dutch, english, region_files,
                                                                   tmp_path):
    b, d = region_files
    if make:
        table = __import__("pandas").read_csv(d)
        table["misdrijven"] = table["misdrijven"].astype(object)
        table.loc[3, "misdrijven"] = -4 if make == "negative" else "veel"
        table.to_csv(tmp_path / "neg.csv", index=False)
    args = tuple(a.replace("{T}", str(tmp_path)).replace("{B}", str(b)).replace("{D}", str(d)) for a in args)
    nl, en = _both(*args, "--out", str(tmp_path / "out"))
    assert dutch in nl and english not in nl, nl
    assert english in en and dutch not in en, en
    assert _names(nl) == _names(en), (nl, en)
    assert not (tmp_path / "out").exists()


def test_the_language_of_a_run_ends_with_it(region_files, tmp_path):
    """An English run in a process does not make the next error line of that process English."""
    b, _ = region_files
    run_cli("hotspots", "--data", str(tmp_path / "nope.csv"), "--boundaries", str(b), "--code-column", "c",
            "--value", "v", "--lang", "en", "--out", str(tmp_path / "o"))
    assert text.log_lang() == "nl"
    assert messages.line("the_table") == "de tabel"
