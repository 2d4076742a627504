"""One home per concept: the levels table, the reader-facing text, the layer registry, the defaults."""

from __future__ import annotations

import json
import re
from collections import Counter

import numpy as np
import pytest

import geo
from geo import categories as cat
from geo import levels, maps, text
from geo.fetch import _pdok
from tests.conftest import run_cli


def test_levels_agree_with_the_boundary_catalogue():
    catalogue = _pdok.catalogue()
    for level in levels.LEVELS.values():
        if level.pdok:
            entry = catalogue[level.pdok]
            assert entry["code_prefix"] == level.prefix, level.name
    assert {lv.name for lv in levels.LEVELS.values() if lv.police} == set(levels.POLICE_LEVELS)
    assert levels.of_code("WK0363AA").name == "wijk" and levels.of_code("GM0518").name == "gemeente"
    assert levels.parent_gemeente("BU05180110") == "GM0518" and levels.parent_gemeente("GM0518") is None
    assert levels.of_codes(["GM0014", "WK001400"]) is None


def test_every_string_in_both_languages():
    assert set(text.STRINGS["nl"]) == set(text.STRINGS["en"])
    # Every category name has a label, in both languages.
    for name in [*cat.LISA_CATEGORIES, cat.NO_DATA, *cat.GI_BIN_NAMES.values()]:
        assert text.has(name) and cat.label(name, lang="en") != name


@pytest.mark.parametrize("x, digits, nl, en", [
    (1234.5, 1, "1.234,5", "1,234.5"), (0.05, 2, "0,05", "0.05"), (-3.0, 0, "-3", "-3"),
    (float("nan"), 1, "\u2013", "\u2013"), (None, 1, "\u2013", "\u2013"),
])
def test_dutch_number_format(x, digits, nl, en):
    assert text.number(x, digits, lang="nl") == nl and text.number(x, digits, lang="en") == en


def test_significance_legend_uses_the_decimal_comma():
    frame = geo.make_demo_region(seed=5, n=40, wijken=3)
    b = frame.boundaries.rename(columns={"buurtcode": "code", "buurtnaam": "name"})
    result = geo.analyse(geo.prepare(geo.join(b, frame.table, code_column="buurtcode"), value="misdrijven",
                                     population="inwoners"), permutations=9_999, seed=1)
    page = maps.hotspot_map(result.frame, column="rate", title="t", permutations=9_999).get_root().render()
    data = json.loads(re.search(r'id="vmgeo-data">(.*?)</script>', page, re.S).group(1))
    labels = [label for _, label in data["legends"]["significance"]["items"]]
    assert "p \u2264 0,001" in labels and "p \u2264 0,05" in labels
    assert not any(re.search(r"\d\.\d", label) for label in labels)
    en = maps.hotspot_map(result.frame, column="rate", title="t", permutations=9_999, lang="en").get_root().render()
    assert "p \u2264 0.05" in en


def test_a_new_layer_is_one_registry_entry(tmp_path):
    """Registering a layer is all it takes for the page, its legend and the static image to show it."""
    region = geo.make_demo_region(seed=5, n=40, wijken=3)
    b = region.boundaries.rename(columns={"buurtcode": "code", "buurtnaam": "name"})
    result = geo.analyse(geo.prepare(geo.join(b, region.table, code_column="buurtcode"), value="misdrijven",
                                     population="inwoners"), permutations=99, seed=1)
    frame = result.frame.assign(even=np.arange(len(result.frame)) % 2 == 0)
    colours = {True: "#123456", False: "#abcdef"}
    maps.register(maps.Layer(
        name="test_even", title=lambda ctx: "Even", needs=lambda ctx: ("even",),
        style=lambda f, ctx: maps.Style(index=f["even"].map({True: 0, False: 1}).to_numpy(),
                                        colours=[colours[True], colours[False]], labels=["even", "odd"],
                                        legend=[(colours[True], "even"), (colours[False], "odd")])))
    try:
        options = maps.MapOptions(layers=("test_even", "lisa"), active="test_even")
        page = maps.hotspot_map(frame, column="rate", title="t", permutations=99, options=options)
        data = json.loads(re.search(r'id="vmgeo-data">(.*?)</script>', page.get_root().render(), re.S).group(1))
        assert data["active"] == "test_even" and data["legends"]["test_even"]["items"][0] == ["#123456", "even"]
        png = maps.static_map(frame, [tmp_path / "even.png"], title="t", column="rate", options=options)[0]
        from PIL import Image

        pixels = Counter(Image.open(png).convert("RGB").get_flattened_data())
        assert pixels[(0x12, 0x34, 0x56)] > 100 and pixels[(0xab, 0xcd, 0xef)] > 100
    finally:
        del maps.REGISTRY["test_even"]


def test_static_image_draws_the_chosen_layer(tmp_path):
    """`vmgeo map --layers value --png` draws the value layer, not LISA."""
    out = tmp_path / "run"
    assert run_cli("demo", "--out", str(out), "--permutations", "99").returncode == 0
    run = run_cli("map", "--results", str(out), "--layers", "value", "--png", "--out", str(tmp_path / "v.html"))
    assert run.returncode == 0, run.stderr
    from PIL import Image

    pixels = Counter(Image.open(tmp_path / "v.png").convert("RGB").get_flattened_data())
    darkest = tuple(int(maps.SEQUENTIAL[5][-1][i:i + 2], 16) for i in (1, 3, 5))
    assert pixels[darkest] > 500
    assert pixels[(0xd7, 0x19, 0x1c)] == 0, "the LISA hot-spot red must not be in a value map"


def test_defaults_have_one_source():
    import inspect

    from geo import analysis, settings, stats

    for func in (analysis.analyse, stats.local_moran, stats.gi_star, stats.global_moran):
        params = inspect.signature(func).parameters
        assert params["permutations"].default == settings.DEFAULT_PERMUTATIONS
        assert params["seed"].default == settings.DEFAULT_SEED
    parser = geo.cli.build_parser()
    demo = parser._subparsers._group_actions[0].choices["demo"]  # argparse keeps subparsers here
    assert demo.get_default("permutations") == settings.DEFAULT_PERMUTATIONS
    assert demo.get_default("seed") == settings.DEFAULT_SEED and demo.get_default("alpha") == settings.DEFAULT_ALPHA


def test_version_comes_from_the_installed_metadata():
    from importlib.metadata import version

    assert geo.__version__ == version("vmgeo")
