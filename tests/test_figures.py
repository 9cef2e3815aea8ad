"""Tests for analysis.figures: figures and their CSVs are written, deterministic and legible."""
from __future__ import annotations

import struct

import networkx as nx
import pandas as pd
import pytest

from analysis import figures, network, schema

STATES = {"AZE": "Azerbaijan", "ARM": "Armenia", "TUR": "Turkey", "RUS": "Russia",
          "USA": "United States"}
SEED = [  # (source, target, relation, sign, modality)
    ("AZE_MOD", "ARM", "attack", -1, "asserted"),
    ("TUR", "AZE", "support", 1, "asserted"),
    ("RUS", "ARM", "guarantee", 1, "asserted"),
    ("USA", "ARM", "alignment", 1, "hedged"),
    ("USA", "TUR", "destabilise", -1, "forecast"),
    ("USA", "RUS", "destabilise", -1, "conditional"),
    ("RUS", "TUR", "non_confrontation", 0, "forecast"),
    ("TUR", "AZE", "joint_drills", 1, "asserted"),  # a parallel edge
]


@pytest.fixture()
def frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    """(relations, actors) mirroring the seed article."""
    actors = pd.DataFrame(
        [dict(actor_id=k, name=v, type="state", country=k, parent_id="", state=k)
         for k, v in STATES.items()]
        + [dict(actor_id="AZE_MOD", name="Azerbaijani Defense Ministry", type="government",
                country="AZE", parent_id="AZE", state="AZE")]
    ).reindex(columns=schema.ACTORS.names, fill_value="")
    state = {**{k: k for k in STATES}, "AZE_MOD": "AZE"}
    relations = pd.DataFrame([
        dict(relation_id=f"d1-c{i}-r0", doc_id="d1", claim_id=f"d1-c{i}", source_id=s,
             target_id=t, relation=r, sign=sign, asserted_by="SF", attribution="author",
             modality=m, polarity="affirm", source_state=state[s], target_state=state[t])
        for i, (s, t, r, sign, m) in enumerate(SEED)
    ]).reindex(columns=schema.RELATIONS.names, fill_value="")
    return relations, actors


def png_size(path) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_state_network_figure_and_csv(tmp_path, frames):
    relations, actors = frames
    S = network.state_graph(relations, actors)
    png = figures.plot_state_network(S, actors, tmp_path / "state.png")
    assert png == tmp_path / "state.png" and png.exists()
    assert png_size(png) == (1500, 1050)  # 10 x 7 in at 150 dpi
    table = pd.read_csv(png.with_suffix(".csv"), keep_default_na=False)
    assert len(table) == S.number_of_edges()
    assert table[["a", "b"]].values.tolist() == sorted(table[["a", "b"]].values.tolist())
    row = table.set_index(["a", "b"]).loc[("AZE", "TUR")]
    assert (row["weight"], row["n_positive"]) == (2, 2)
    assert table.loc[table["frustrated"], ["a", "b"]].values.tolist() == [["RUS", "USA"]]
    assert set(table["bloc_a"]) == {0, 1}


def test_actor_network_figure_and_csv(tmp_path, frames):
    relations, actors = frames
    G = network.build_graph(relations, actors)
    png = figures.plot_actor_network(G, actors, tmp_path / "actors.png")
    assert png_size(png) == (1500, 1050)
    table = pd.read_csv(png.with_suffix(".csv"), keep_default_na=False)
    assert table["relation_id"].tolist() == sorted(relations["relation_id"])
    assert {"source_name", "target_name", "relation", "sign", "modality",
            "claim_id"} <= set(table.columns)
    assert table.loc[table["source_id"] == "AZE_MOD", "source_name"].tolist() == [
        "Azerbaijani Defense Ministry"]


@pytest.mark.parametrize("kind", ["state", "actor"])
def test_network_figures_are_byte_identical_across_calls(tmp_path, frames, kind):
    relations, actors = frames
    if kind == "state":
        G, plot = network.state_graph(relations, actors), figures.plot_state_network
    else:
        G, plot = network.build_graph(relations, actors), figures.plot_actor_network
    a = plot(G, actors, tmp_path / "a.png")
    b = plot(G, actors, tmp_path / "b.png")
    assert a.read_bytes() == b.read_bytes()
    assert a.with_suffix(".csv").read_bytes() == b.with_suffix(".csv").read_bytes()
    assert b"Software" not in a.read_bytes()


@pytest.mark.parametrize("plot", [figures.plot_state_network, figures.plot_actor_network])
def test_empty_graphs_give_a_figure_not_a_crash(tmp_path, plot):
    empty = nx.MultiDiGraph() if plot is figures.plot_actor_network else nx.Graph()
    png = plot(empty, None, tmp_path / "sub" / "empty.png")
    assert png.exists() and png_size(png) == (1500, 1050)
    assert png.with_suffix(".csv").exists()
    assert pd.read_csv(png.with_suffix(".csv")).empty


def test_state_figure_with_only_neutral_edges(tmp_path):
    S = nx.Graph()
    S.add_edge("RUS", "TUR", weight=0, sign=0, n_positive=0, n_negative=0, n_neutral=1,
               relation_ids="r1", modality="forecast")
    png = figures.plot_state_network(S, None, tmp_path / "neutral.png")
    assert png.exists()


def test_sourcing_profile(tmp_path):
    claims = pd.DataFrame({
        "claim_id": [f"c{i}" for i in range(8)],
        "doc_id": ["d1"] * 5 + ["d2"] * 3,
        "attribution": ["author", "named", "named", "group", "anonymous",
                        "named", "author", "author"],
        "outlet": ["SouthFront"] * 5 + [""] * 3,  # d2 has no outlet: falls back to doc_id
    })
    png = figures.plot_sourcing_profile(claims, tmp_path / "sourcing.png")
    again = figures.plot_sourcing_profile(claims, tmp_path / "sourcing2.png")
    assert png.read_bytes() == again.read_bytes()
    table = pd.read_csv(png.with_suffix(".csv"))
    assert table["group"].tolist() == ["SouthFront", "d2"]
    sf = table.set_index("group").loc["SouthFront"]
    assert (sf["n_claims"], sf["n_named"], sf["n_anonymous"]) == (5, 2, 1)
    assert sf["share_named"] == pytest.approx(0.4)
    shares = table[[f"share_{c}" for c in ("author", "named", "group", "anonymous",
                                            "other")]].sum(axis=1)
    assert shares.round(3).eq(1.0).all()


def test_sourcing_profile_without_claims(tmp_path):
    empty = pd.DataFrame(columns=schema.CLAIMS.names)
    png = figures.plot_sourcing_profile(empty, tmp_path / "none.png")
    assert png.exists() and png.with_suffix(".csv").exists()


def test_layouts_are_deterministic(frames):
    relations, actors = frames
    G = network.build_graph(relations, actors)
    first, second = figures.actor_layout(G), figures.actor_layout(G)
    assert {n: p.tolist() for n, p in first.items()} == {n: p.tolist()
                                                         for n, p in second.items()}
    pos = figures.bloc_layout({"ARM": 0, "RUS": 0, "USA": 0, "AZE": 1, "TUR": 1, "X": -1})
    assert max(pos[n][0] for n in ("ARM", "RUS", "USA")) < min(pos[n][0]
                                                               for n in ("AZE", "TUR"))
    assert pos["X"][1] < min(p[1] for n, p in pos.items() if n != "X")
