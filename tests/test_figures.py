"""Tests for analysis.report.figures: figures and their CSVs are written, deterministic and
legible."""
from __future__ import annotations

import itertools
import random
import struct

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from analysis import network, schema
from analysis.report import figures

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


# --------------------------------------------------------------------------- legibility


def drawn(monkeypatch, plot, *args):
    """Run a plot function and return its Figure as it is saved (the PNG is still written)."""
    captured = {}
    save = figures._save

    def keep(fig, path, table):
        captured["fig"] = fig
        return save(fig, path, table)

    monkeypatch.setattr(figures, "_save", keep)
    plot(*args)
    fig = captured["fig"]
    fig.canvas.draw()
    return fig


def text_boxes(fig):
    """[(text, display bbox incl. its white box, fontsize)] of the network axis' texts."""
    renderer = fig.canvas.get_renderer()
    out = []
    for t in fig.axes[0].texts:
        patch = t.get_bbox_patch()
        visible_box = patch is not None and patch.get_alpha() not in (None, 0, 0.0)
        box = patch.get_window_extent(renderer) if visible_box else t.get_window_extent(renderer)
        out.append((t.get_text(), box, t.get_fontsize()))
    return out


def node_discs(fig):
    """[(centre, radius)] of the nodes in display pixels."""
    ax = fig.axes[0]
    return [(ax.transData.transform(xy), (coll.get_sizes()[0] ** 0.5) / 2 * fig.dpi / 72)
            for coll in ax.collections for xy in coll.get_offsets()]


def assert_legible(fig, node_codes=()):
    """No text on another text or on a node (bar a state code inside its own disc), none
    outside the network area, nodes apart, every text at least 9 pt."""
    boxes = text_boxes(fig)
    assert boxes and min(size for _, _, size in boxes) >= 9
    for (ta, a, _), (tb, b, _) in itertools.combinations(boxes, 2):
        w = min(a.x1, b.x1) - max(a.x0, b.x0)
        h = min(a.y1, b.y1) - max(a.y0, b.y0)
        assert w <= 1 or h <= 1, f"{ta!r} overlaps {tb!r}"
    discs = node_discs(fig)
    for text, box, _ in boxes:
        for (x, y), r in discs:
            if text in node_codes and box.x0 < x < box.x1 and box.y0 < y < box.y1:
                continue  # the state code written inside its own node
            nx_, ny_ = min(max(x, box.x0), box.x1), min(max(y, box.y0), box.y1)
            assert ((nx_ - x) ** 2 + (ny_ - y) ** 2) ** 0.5 >= r - 1, f"{text!r} on a node"
        assert box.x0 >= 0 and box.y0 >= 0, f"{text!r} off the figure"
        assert box.x1 <= 0.77 * fig.bbox.width, f"{text!r} runs into the legend"
    for (p, r), (q, s) in itertools.combinations(discs, 2):
        assert ((p - q) ** 2).sum() ** 0.5 >= r + s, "two nodes overlap"


def big_frames(n_nodes: int = 26, n_edges: int = 40, seed: int = 7):
    """(relations, actors) of a random graph with long names, parallel and reverse edges."""
    rng = random.Random(seed)
    long_names = ["Presidential Executive Office of Russia (the Kremlin)", "Hezbollah",
                  "Ministry for Europe and Foreign Affairs (France)", "Armed Forces of Syria",
                  "Government of National Accord", "European Union", "Turkey"]
    G = nx.gnm_random_graph(n_nodes, n_edges, seed=seed)
    ids = [f"A{k:02d}" for k in range(n_nodes)]
    actors = pd.DataFrame([dict(actor_id=a, name=f"{rng.choice(long_names)} {k}",
                                type=rng.choice(["state", "person", "military"]), country="",
                                parent_id="", state="") for k, a in enumerate(ids)]
                          ).reindex(columns=schema.ACTORS.names, fill_value="")
    edges = [(ids[u], ids[v]) for u, v in G.edges()]
    edges += edges[:4] + [(t, s) for s, t in edges[4:8]]  # parallel and reverse relations
    relations = pd.DataFrame([
        dict(relation_id=f"r{i:03d}", doc_id="d1", claim_id=f"c{i}", source_id=s, target_id=t,
             relation=rng.choice(["attack", "support", "deny_cooperation", "sanction"]),
             sign=rng.choice([1, -1, 0]), asserted_by="X", attribution="author",
             modality=rng.choice(["asserted", "hedged", "conditional", "forecast"]),
             polarity="affirm", source_state=s, target_state=t)
        for i, (s, t) in enumerate(edges)
    ]).reindex(columns=schema.RELATIONS.names, fill_value="")
    return relations, actors


def test_actor_figure_is_legible(tmp_path, frames, monkeypatch):
    relations, actors = frames
    G = network.build_graph(relations, actors)
    fig = drawn(monkeypatch, figures.plot_actor_network, G, actors, tmp_path / "a.png")
    assert_legible(fig)
    texts = [t for t, _, _ in text_boxes(fig)]
    # two relations TUR -> AZE, same sign and modality: one arrow, one label listing both
    assert "support, joint drills" in texts
    assert len(texts) == G.number_of_nodes() + 7


def test_big_actor_figure_grows_instead_of_shrinking_text(tmp_path, monkeypatch):
    relations, actors = big_frames()
    G = network.build_graph(relations, actors)
    fig = drawn(monkeypatch, figures.plot_actor_network, G, actors, tmp_path / "big.png")
    assert_legible(fig)
    width, height = png_size(tmp_path / "big.png")
    assert width > 1500 and width / height == pytest.approx(1500 / 1050, abs=0.01)
    again = figures.plot_actor_network(G, actors, tmp_path / "again.png")
    assert again.read_bytes() == (tmp_path / "big.png").read_bytes()


def test_state_figures_are_legible(tmp_path, frames, monkeypatch):
    relations, actors = frames
    S = network.state_graph(relations, actors)
    fig = drawn(monkeypatch, figures.plot_state_network, S, actors, tmp_path / "s.png")
    assert_legible(fig, node_codes=set(S.nodes))
    relations, actors = big_frames(14, 24, seed=3)
    relations["source_state"] = relations["source_id"]
    relations["target_state"] = relations["target_id"]
    actors["type"], actors["state"] = "state", actors["actor_id"]
    S = network.state_graph(relations, actors)
    fig = drawn(monkeypatch, figures.plot_state_network, S, actors, tmp_path / "s2.png")
    assert_legible(fig, node_codes=set(S.nodes))


def test_actor_layout_packs_components_apart():
    G = nx.Graph()
    nx.add_cycle(G, ["a1", "a2", "a3", "a4", "a5", "a6"])
    G.add_edges_from([("a1", "a4"), ("b1", "b2"), ("b2", "b3"), ("c1", "c2")])
    G.add_node("d1")
    pos = figures.actor_layout(G, min_dist=1.0)
    assert set(pos) == set(G.nodes)
    boxes = []
    for comp in nx.connected_components(G):
        xy = np.array([pos[n] for n in comp])
        boxes.append((xy.min(axis=0), xy.max(axis=0)))
    for (lo1, hi1), (lo2, hi2) in itertools.combinations(boxes, 2):
        assert (hi1 < lo2).any() or (hi2 < lo1).any(), "components overlap"
    for a, b in itertools.combinations(pos, 2):
        assert np.linalg.norm(pos[a] - pos[b]) >= 0.99
    # the big component gets the most room
    spans = sorted(((hi - lo).prod(), len(c)) for (lo, hi), c in
                   zip(boxes, nx.connected_components(G)))
    assert spans[-1][1] == 6


def test_bloc_layout_keeps_blocs_left_to_right_per_component():
    S = nx.Graph()
    for u, v, sign in [("A", "B", -1), ("A", "C", 1), ("B", "D", 1), ("E", "F", -1),
                       ("G", "H", -1)]:
        S.add_edge(u, v, sign=sign, weight=sign)
    blocs = network.signed_blocs(S)
    pos = figures.bloc_layout(blocs, graph=S)
    for u, v in [("A", "B"), ("E", "F"), ("G", "H")]:
        left, right = sorted((u, v), key=lambda n: blocs[n])
        assert pos[left][0] < pos[right][0]
    assert max(pos[n][0] for n in "AC") < min(pos[n][0] for n in "BD")
