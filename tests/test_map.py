"""The map page parses, holds the three layers with the fixed category colours, and escapes text."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pandas as pd
import pytest

import geo
from geo import categories as cat


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self._in_script = False
        self.open_tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def layers_of(page: str) -> list[dict]:
    """The GeoJSON collections folium embeds, in order."""
    return [json.loads(m) for m in re.findall(r"geo_json_[0-9a-f]+_add\((\{.*?\})\);\n", page)]


@pytest.fixture(scope="module")
def analysed(small_region):
    b, t = small_region.boundaries, small_region.table.astype(str)
    b = b.assign(buurtnaam=b["buurtnaam"].where(b.index != 0, "<script>alert(1)</script> & 'Oost'"))
    boundaries = b.rename(columns={"buurtcode": "code", "buurtnaam": "name"})
    boundaries.attrs = {}
    joined = geo.join(boundaries, t, code_column="buurtcode")
    return geo.analyse(geo.prepare(joined, value="misdrijven", population="inwoners"), permutations=99, seed=1)


def test_map_parses_and_holds_layers(analysed, tmp_path):
    fmap = geo.hotspot_map(analysed.frame, column="rate", title="Test <b>kaart</b>", lang="nl")
    path = tmp_path / "map.html"
    fmap.save(str(path))
    page = path.read_text(encoding="utf-8")
    parser = _Collector()
    parser.feed(page)
    parser.close()
    assert any("L.map(" in s for s in parser.scripts)

    for name in ("Per 1.000 inwoners", "LISA-clusters", "Gi* hot spots"):
        assert re.search(rf'"{re.escape(name)}" : feature_group_[0-9a-f]+', page), name
    layers = layers_of(page)
    assert len(layers) == 3 and all(len(layer["features"]) == 60 for layer in layers)

    frame = analysed.frame.set_index("code")
    for feature in layers[0]["features"]:
        props = feature["properties"]
        row = frame.loc[props["code"]]
        assert props["c_lisa"] == cat.LISA_COLOURS[row["lisa_cluster"]]
        assert props["c_gi"] == cat.GI_COLOURS[int(row["gi_bin"])]
        assert props["lisa"] == cat.label(row["lisa_cluster"], lang="nl")
    legends = json.loads(re.search(r"var legends = (\{.*?\});", page).group(1))
    assert [c for c, _ in legends["LISA-clusters"]] == [cat.LISA_COLOURS[c] for c in cat.LISA_CATEGORIES]
    assert "Test &lt;b&gt;kaart&lt;/b&gt;" in page


def test_names_are_escaped(analysed, tmp_path):
    page = geo.hotspot_map(analysed.frame, column="rate", title="t").get_root().render()
    assert "<script>alert(1)" not in page
    names = {f["properties"]["name"] for f in layers_of(page)[0]["features"]}
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#x27;Oost&#x27;" in names


def test_english_labels(analysed):
    page = geo.hotspot_map(analysed.frame, column="rate", title="t", lang="en").get_root().render()
    assert '"LISA clusters" : feature_group_' in page and "High-High (hot spot)" in page


def test_demo_map_says_synthetic(tmp_path, small_region):
    from tests.conftest import run_cli

    run = run_cli("demo", "--out", str(tmp_path), "--permutations", "99")
    assert run.returncode == 0, run.stderr
    page = (tmp_path / "map.html").read_text(encoding="utf-8")
    assert "SYNTHETISCHE DEMODATA" in page
    results = pd.read_csv(tmp_path / "results.csv")
    assert len(layers_of(page)[1]["features"]) == len(results) == 300
