"""geo.nearrepeat and ``vmgeo nearrepeat``: the Knox test against pointpats, and a planted near-repeat pattern."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pytest

from geo.errors import OptionError
from geo.incidents import Incidents
from geo.nearrepeat import knox
from tests.conftest import assert_clean_failure, error_line, run_cli

FIRST_DAY = np.datetime64("2023-01-01", "D")


def burglaries(n: int = 300, repeats: int = 0, seed: int = 11, side: float = 5000.0) -> Incidents:
    """``n`` burglaries spread over ``side`` x ``side`` metres and a year; ``repeats`` of them followed by
    another within 200 m and 14 days (the planted near repeat)."""
    rng = np.random.default_rng(seed)
    x = 150_000 + rng.uniform(0, side, n)
    y = 400_000 + rng.uniform(0, side, n)
    day = rng.integers(0, 365, n)
    if repeats:
        first = rng.choice(n, repeats, replace=False)
        angle, radius = rng.uniform(0, 2 * np.pi, repeats), rng.uniform(0, 200, repeats)
        x = np.r_[x, x[first] + radius * np.cos(angle)]
        y = np.r_[y, y[first] + radius * np.sin(angle)]
        day = np.r_[day, np.minimum(day[first] + rng.integers(0, 15, repeats), 364)]
    dates = (FIRST_DAY + day.astype("timedelta64[D]")).astype("datetime64[s]")
    return Incidents(source="test.csv", x=x, y=y, dates=dates, types=None, rows=np.arange(2, len(x) + 2),
                     read=len(x))


def pointpats_knox(incidents: Incidents, distance: float, days: int, permutations: int, seed: int):
    from pointpats.spacetime import Knox

    t = incidents.dates.astype("datetime64[D]").astype(np.int64).astype(float).reshape(-1, 1)
    xy = np.column_stack([incidents.x, incidents.y])
    state = np.random.get_state()
    try:
        np.random.seed(seed)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return Knox(xy, t, delta=distance, tau=days, permutations=permutations)
    finally:
        np.random.set_state(state)


@pytest.mark.parametrize("repeats", [0, 30])
def test_knox_is_pointpats(repeats):
    from scipy.stats import poisson

    found = burglaries(repeats=repeats)
    ours = knox(found, distance=200, days=14, permutations=99, seed=5)
    ref = pointpats_knox(found, 200, 14, permutations=99, seed=5)
    assert ours.observed == ref.nst
    assert np.array_equal(np.asarray(ours.table(), dtype=float), ref.observed)
    assert ours.expected == pytest.approx(ref.expected[0, 0])
    # The same draws give the same permutation p-value.
    assert ours.p_sim == pytest.approx(ref.p_sim)
    # pointpats' Poisson p is P(X > observed); vmgeo's includes the observed count: P(X >= observed).
    assert ours.p_poisson == pytest.approx(ref.p_poisson + poisson.pmf(ref.nst, ref.expected[0, 0]))


def test_planted_near_repeat_is_found_and_its_absence_is_not():
    planted = knox(burglaries(repeats=40), distance=200, days=14, permutations=199)
    assert planted.ratio > 2 and planted.p_sim == pytest.approx(1 / 200) and planted.p_poisson < 0.001
    none = knox(burglaries(), distance=200, days=14, permutations=199)
    assert none.p_sim > 0.05
    # Beyond the planted time window the excess thins out: at 200 m and 3 days, fewer of the planted pairs count.
    short = knox(burglaries(repeats=40), distance=200, days=3, permutations=0 + 99)
    assert short.observed < planted.observed


def test_results_do_not_depend_on_the_order_of_the_permutation_blocks(monkeypatch):
    import geo.nearrepeat as nr

    found = burglaries(repeats=10)
    whole = knox(found, distance=300, days=21, permutations=60, seed=9)
    monkeypatch.setattr(nr, "BLOCK", 1)  # one permutation per block
    assert knox(found, distance=300, days=21, permutations=60, seed=9) == whole


@pytest.mark.parametrize("options, words", [
    ({"distance": 0, "days": 14}, "--distance"),
    ({"distance": 200, "days": 0}, "--days 0"),
    ({"distance": float("nan"), "days": 14}, "--distance"),
    ({"distance": 200, "days": 14, "permutations": 0}, "--permutations 0"),
])
def test_bad_options_are_one_line(options, words):
    with pytest.raises(OptionError) as info:
        knox(burglaries(n=20), **options)
    assert words in str(info.value) and "\n" not in str(info.value)


def test_incidents_without_dates_are_refused():
    found = burglaries(n=20)
    undated = Incidents(source="x.csv", x=found.x, y=found.y, dates=None, types=None, rows=found.rows, read=20)
    with pytest.raises(OptionError, match="--date"):
        knox(undated, distance=200, days=14)


def write_export(path, incidents: Incidents) -> None:
    days = incidents.dates.astype("datetime64[D]")
    with open(path, "w", encoding="cp1252", newline="") as out:
        out.write("X-coördinaat;Y-coördinaat;Pleegdatum;Maatschappelijke klasse\r\n")
        for k, (x, y, d) in enumerate(zip(incidents.x, incidents.y, days)):
            kind = "Woninginbraak" if k % 4 else "Fietsendiefstal"
            day = str(d)
            out.write(f"{x:.1f};{y:.1f};{day[8:10]}-{day[5:7]}-{day[:4]};{kind}\r\n".replace(".", ","))


def test_cli_prints_dutch_and_writes_nearrepeat_json(tmp_path):
    found = burglaries(repeats=40)
    export = tmp_path / "export.csv"
    write_export(export, found)
    out = tmp_path / "nr"
    run = run_cli("nearrepeat", "--incidents", str(export), "--x", "X-coordinaat", "--y", "Y-coordinaat",
                  "--date", "Pleegdatum", "--distance", "200", "--days", "14", "--permutations", "99",
                  "--out", str(out))
    assert run.returncode == 0, run.stderr
    assert "Near-repeat (Knox):" in run.stdout and "paren binnen 200 m en 14 dagen" in run.stdout
    assert "vaker op dichtbij" in run.stdout
    saved = json.loads((out / "nearrepeat.json").read_text(encoding="utf-8"))
    again = knox(found, distance=200, days=14, permutations=99)
    assert saved["knox"]["observed"] == again.observed and saved["knox"]["p_sim"] == again.p_sim
    assert saved["incidents"]["used"] == len(found)
    # No coordinate of an incident in the file (written with one decimal in the export).
    written = (out / "nearrepeat.json").read_text(encoding="utf-8")
    assert not any(f"{x:.1f}" in written or f"{x:.1f}".replace(".", ",") in written for x in found.x[:50])
    # English, and only burglaries: a quarter of the rows are bicycle thefts.
    run = run_cli("nearrepeat", "--incidents", str(export), "--x", "X-coordinaat", "--y", "Y-coordinaat",
                  "--date", "Pleegdatum", "--type", "Maatschappelijke klasse", "--types", "Woninginbraak",
                  "--distance", "200", "--days", "14", "--permutations", "9", "--lang", "en")
    assert run.returncode == 0, run.stderr
    assert "pairs within 200 m and 14 days" in run.stdout and f"{len(found) - (len(found) + 3) // 4} incidents" \
        in run.stdout.replace(",", "")


def test_cli_bad_days_is_one_line_and_writes_nothing(tmp_path):
    export = tmp_path / "export.csv"
    write_export(export, burglaries(n=30))
    out = tmp_path / "nr"
    out.mkdir()
    run = run_cli("nearrepeat", "--incidents", str(export), "--x", "X-coordinaat", "--y", "Y-coordinaat",
                  "--date", "Pleegdatum", "--distance", "200", "--days", "0", "--out", str(out))
    assert_clean_failure(run, out, "--days 0")
    run = run_cli("nearrepeat", "--incidents", str(export), "--date", "Pleegdatum", "--x", "X-coordinaat",
                  "--y", "Y-coordinaat", "--distance", "twee", "--days", "14")
    error_line(run, "--distance")
    # --types without the column to filter on would quietly test every type.
    run = run_cli("nearrepeat", "--incidents", str(export), "--date", "Pleegdatum", "--x", "X-coordinaat",
                  "--y", "Y-coordinaat", "--types", "Woninginbraak", "--distance", "200", "--days", "14",
                  "--out", str(out))
    assert_clean_failure(run, out, "--types Woninginbraak", "--type")
