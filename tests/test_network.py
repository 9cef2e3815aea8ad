"""Tests for analysis.network: graphs, balance on graphs with known answers, metrics, exports."""
from __future__ import annotations

import itertools
import json
import random

import networkx as nx
import pandas as pd
import pytest

from analysis import network, schema

STATES = {"AZE": "Azerbaijan", "ARM": "Armenia", "TUR": "Turkey", "RUS": "Russia",
          "USA": "United States"}


def make_actors(extra: list[dict] | None = None) -> pd.DataFrame:
    """Actors table: the five states, a ministry, an outlet and an international org."""
    rows = [dict(actor_id=k, name=v, type="state", country=k, parent_id="", backed_by="",
                 state=k, origin="codebook", n_mentions=1) for k, v in STATES.items()]
    rows += [
        dict(actor_id="AZE_MOD", name="Azerbaijani Defense Ministry", type="government",
             country="AZE", parent_id="AZE", backed_by="", state="AZE", origin="codebook",
             n_mentions=2),
        dict(actor_id="SF", name="SouthFront", type="media", country="", parent_id="",
             backed_by="", state="", origin="codebook", n_mentions=0),
        dict(actor_id="OSCE", name="OSCE Minsk Group", type="international_org",
             country="", parent_id="", backed_by="", state="", origin="codebook",
             n_mentions=1),
    ]
    rows += extra or []
    return pd.DataFrame(rows, columns=schema.ACTORS.names)


STATE_OF = {**{k: k for k in STATES}, "AZE_MOD": "AZE", "SF": "", "OSCE": ""}

#: The seed article's relations: (source, target, relation, sign, asserted_by, modality)
SEED = [
    ("AZE_MOD", "ARM", "attack", -1, "AZE_MOD", "asserted"),
    ("TUR", "AZE", "support", 1, "SF", "asserted"),
    ("RUS", "ARM", "guarantee", 1, "SF", "asserted"),
    ("USA", "ARM", "alignment", 1, "SF", "hedged"),
    ("USA", "TUR", "destabilise", -1, "SF", "forecast"),
    ("USA", "RUS", "destabilise", -1, "SF", "conditional"),
    ("RUS", "TUR", "non_confrontation", 0, "SF", "forecast"),
]


def make_relations(spec: list[tuple] = SEED, doc: str = "d1") -> pd.DataFrame:
    """Relations table in schema.RELATIONS columns from (src, tgt, rel, sign, by, modality)."""
    rows = []
    for i, (src, tgt, rel, sign, by, mod) in enumerate(spec):
        rows.append(dict(
            relation_id=f"{doc}-c{i:02d}-r0", doc_id=doc, claim_id=f"{doc}-c{i:02d}",
            sent_id=i, start=10 * i, end=10 * i + 5, trigger=rel, source_id=src,
            target_id=tgt, relation=rel, sign=sign, cameo="", plover="", asserted_by=by,
            attribution="named" if by != "SF" else "author", modality=mod, polarity="affirm",
            source_state=STATE_OF.get(src, ""), target_state=STATE_OF.get(tgt, "")))
    return pd.DataFrame(rows, columns=schema.RELATIONS.names)


def signed(edges: list[tuple[str, str, int]]) -> nx.Graph:
    """A signed undirected graph from (u, v, sign) triples."""
    G = nx.Graph()
    for u, v, s in edges:
        G.add_edge(u, v, sign=s, weight=s)
    return G


def brute_force(G: nx.Graph) -> int:
    """Frustration index by trying every 2-colouring (reference for small graphs)."""
    nodes = sorted(G.nodes)
    edges = [(u, v, d["sign"]) for u, v, d in G.edges(data=True) if d["sign"] != 0]
    if not edges:
        return 0
    return min(
        sum((col[nodes.index(u)] != col[nodes.index(v)]) == (s > 0) for u, v, s in edges)
        for col in itertools.product((0, 1), repeat=len(nodes)))


# --------------------------------------------------------------------------- balance


def test_balanced_triangle_has_frustration_zero():
    G = signed([("A", "B", 1), ("B", "C", 1), ("A", "C", 1)])
    res = network.frustration_index(G)
    assert res.index == 0 and res.frustrated_edges == []
    assert res.method.startswith("exact")
    tri = network.triads(G)
    assert list(tri.columns) == schema.TRIADS.names
    assert tri.to_dict("records") == [dict(a="A", b="B", c="C", sign_ab=1, sign_bc=1,
                                           sign_ac=1, balanced=True)]
    assert network.signed_blocs(G) == {"A": 0, "B": 0, "C": 0}


def test_one_negative_triangle_is_unbalanced():
    G = signed([("A", "B", 1), ("B", "C", 1), ("A", "C", -1)])
    res = network.frustration_index(G)
    assert res.index == 1 and len(res.frustrated_edges) == 1
    tri = network.triads(G)
    assert tri["balanced"].tolist() == [False]
    summary = network.balance_summary(G)
    assert summary["n_triads"] == 1 and summary["n_balanced"] == 0
    assert summary["share_balanced"] == 0.0
    assert "unbalanced" in summary["explanation"]


def test_all_negative_triangle_needs_one_cut():
    G = signed([("A", "B", -1), ("B", "C", -1), ("A", "C", -1)])
    assert network.frustration_index(G).index == 1
    assert network.triads(G)["balanced"].tolist() == [False]
    assert "all three are hostile" in network.balance_summary(G)["explanation"]


def test_four_cycle_with_one_negative_edge():
    G = signed([("A", "B", 1), ("B", "C", 1), ("C", "D", 1), ("A", "D", -1)])
    res = network.frustration_index(G)
    assert res.index == 1
    assert network.triads(G).empty  # no triangle, yet unbalanced
    assert "longer cycle" in network.balance_summary(G)["explanation"]
    # every edge of the cycle is an equally good cut; the data do not decide
    assert len(res.alternatives) == 3


def test_two_disjoint_components_add_up_and_get_their_own_blocs():
    G = signed([("A", "B", 1), ("B", "C", 1), ("A", "C", -1),  # frustration 1
                ("P", "Q", -1), ("Q", "R", 1), ("P", "R", -1),  # balanced: P | Q R
                ("X", "Y", 1)])  # balanced, one bloc
    res = network.frustration_index(G)
    assert res.index == 1
    blocs = network.signed_blocs(G)
    assert blocs["P"] != blocs["Q"] and blocs["Q"] == blocs["R"]
    assert blocs["X"] == blocs["Y"]
    assert blocs["A"] == 0  # bloc 0 holds the alphabetically first node
    assert sorted(set(blocs.values())) == list(range(len(set(blocs.values()))))
    assert len({blocs["A"], blocs["B"], blocs["C"]} & {blocs["P"], blocs["Q"],
                                                        blocs["X"]}) == 0


def test_blocs_on_a_clear_two_bloc_graph():
    friends_1 = [("B", "C", 1), ("C", "D", 1), ("B", "D", 1)]
    friends_2 = [("A", "E", 1)]
    enemies = [("A", "B", -1), ("E", "C", -1), ("A", "D", -1)]
    G = signed(friends_1 + friends_2 + enemies)
    assert network.frustration_index(G).index == 0
    assert network.signed_blocs(G) == {"A": 0, "E": 0, "B": 1, "C": 1, "D": 1}
    assert network.triads(G)["balanced"].all()


def test_neutral_edges_are_ignored_and_neutral_only_nodes_get_no_bloc():
    G = signed([("A", "B", 1), ("B", "C", -1), ("C", "Z", 0), ("A", "C", 0)])
    assert network.frustration_index(G).index == 0
    assert network.triads(G).empty  # A-C is neutral, so the triangle is not signed
    assert network.signed_blocs(G)["Z"] == -1


def test_exact_search_matches_brute_force_on_random_graphs():
    rng = random.Random(7)
    for _ in range(150):
        n = rng.randint(1, 8)
        G = nx.Graph()
        G.add_nodes_from(f"n{i}" for i in range(n))
        density = rng.random()
        for u, v in itertools.combinations(sorted(G.nodes), 2):
            if rng.random() < density:
                G.add_edge(u, v, sign=rng.choice((1, -1, 0)))
        res = network.frustration_index(G)
        assert res.index == brute_force(G)
        assert len(res.frustrated_edges) == res.index
        for alt in res.alternatives:
            assert len(alt) == res.index


def test_heuristic_is_an_upper_bound_and_says_so(monkeypatch):
    rng = random.Random(11)
    graphs = []
    for _ in range(40):
        G = nx.Graph()
        for u, v in itertools.combinations([f"n{i}" for i in range(7)], 2):
            if rng.random() < 0.6:
                G.add_edge(u, v, sign=rng.choice((1, -1)))
        graphs.append(G)
    exact = [network.frustration_index(G).index for G in graphs]
    monkeypatch.setattr(network.balance, "EXACT_MAX_NODES", 2)
    for G, best in zip(graphs, exact):
        res = network.frustration_index(G)
        assert res.index >= best
        if any(len(b) > 2 for b in nx.biconnected_components(G)):
            assert res.method.startswith("heuristic upper bound") and not res.exact


def test_large_ring_uses_the_fallback():
    ring = [(f"n{i:02d}", f"n{(i + 1) % 30:02d}", 1) for i in range(30)]
    ring[0] = (ring[0][0], ring[0][1], -1)
    res = network.frustration_index(signed(ring))
    assert res.index == 1
    assert res.method.startswith("heuristic upper bound")
    assert "upper bound" in network.balance_summary(signed(ring))["explanation"]


def test_blocks_keep_big_tree_like_graphs_exact():
    # a 40-node star of triangles: every block is small, so the search stays exact
    edges = []
    for i in range(20):
        a, b = f"x{i:02d}", f"y{i:02d}"
        edges += [("hub", a, 1), ("hub", b, 1), (a, b, -1 if i % 2 else 1)]
    res = network.frustration_index(signed(edges))
    assert res.exact and res.index == 10


def test_frustration_is_deterministic_and_independent_of_insertion_order():
    edges = [("A", "B", 1), ("B", "C", 1), ("A", "C", -1), ("C", "D", -1), ("B", "D", 1)]
    first = network.frustration_index(signed(edges))
    again = network.frustration_index(signed(list(reversed(edges))))
    assert first == again


# --------------------------------------------------------------------------- seed article


def test_seed_state_graph_is_unbalanced_around_the_united_states():
    actors, rel = make_actors(), make_relations()
    S = network.state_graph(rel, actors)
    assert sorted(S.nodes) == ["ARM", "AZE", "RUS", "TUR", "USA"]
    assert S.nodes["USA"]["name"] == "United States"
    assert S["RUS"]["TUR"]["sign"] == 0 and S["RUS"]["TUR"]["n_neutral"] == 1
    res = network.frustration_index(S)
    assert res.index == 1
    # tie-break: of the two equally small cuts, RUS-USA is chosen, ARM-RUS is reported
    assert res.frustrated_edges == [("RUS", "USA")]
    assert res.alternatives == [[("ARM", "RUS")]]
    blocs = network.signed_blocs(S)
    assert blocs == {"ARM": 0, "RUS": 0, "USA": 0, "AZE": 1, "TUR": 1}
    tri = network.triads(S)
    assert tri[["a", "b", "c"]].values.tolist() == [["ARM", "RUS", "USA"]]
    assert not tri["balanced"].any()
    summary = network.balance_summary(S, actors)
    text = summary["explanation"]
    assert "USA" in text and "United States" in text and "unbalanced" in text
    assert "RUS\u2013USA (\u2212)" in text
    assert summary["frustration_index"] == 1 and summary["method"] == res.method
    json.dumps(summary)  # serialisable for the report


def test_state_collapse_sums_signs_and_drops_self_loops_and_stateless_actors():
    spec = SEED + [
        ("TUR", "AZE", "joint_drills", 1, "SF", "asserted"),  # TUR-AZE weight 2
        ("AZE_MOD", "AZE", "report", 1, "AZE_MOD", "asserted"),  # self-loop after collapse
        ("OSCE", "ARM", "mediate", 1, "SF", "asserted"),  # no state
        ("ARM", "AZE", "ceasefire", 1, "SF", "hedged"),  # ARM-AZE: -1 + 1 = 0
    ]
    rel = make_relations(spec)
    S = network.state_graph(rel, make_actors())
    assert not any(u == v for u, v in S.edges)
    assert "OSCE" not in S and S.number_of_edges() == 7
    tur_aze = S["AZE"]["TUR"]
    assert (tur_aze["weight"], tur_aze["sign"], tur_aze["n_positive"]) == (2, 1, 2)
    assert tur_aze["relation_ids"] == "d1-c01-r0;d1-c07-r0"
    arm_aze = S["ARM"]["AZE"]
    assert (arm_aze["weight"], arm_aze["sign"]) == (0, 0)
    assert (arm_aze["n_positive"], arm_aze["n_negative"]) == (1, 1)
    assert arm_aze["modality"] == "asserted"  # the firmest of asserted + hedged
    table = network.state_edges_table(S)
    assert list(table.columns) == schema.STATE_EDGES.names
    assert (table["a"] < table["b"]).all()
    assert table[["a", "b"]].values.tolist() == sorted(table[["a", "b"]].values.tolist())


def test_state_columns_are_filled_from_actors_when_empty():
    rel = make_relations().assign(source_state="", target_state="")
    S = network.state_graph(rel, make_actors())
    assert S.has_edge("AZE", "ARM") and S["ARM"]["AZE"]["weight"] == -1


def test_build_graph_nodes_edges_and_attributes():
    actors = make_actors()
    rel = make_relations().assign(sentence=lambda f: "Sentence " + f["relation_id"])
    G = network.build_graph(rel, actors)
    assert isinstance(G, nx.MultiDiGraph)
    assert list(G.nodes) == sorted(G.nodes)
    assert set(G.nodes) == set(rel["source_id"]) | set(rel["target_id"])
    assert G.nodes["AZE_MOD"] == {"name": "Azerbaijani Defense Ministry",
                                  "type": "government", "country": "AZE",
                                  "parent_id": "AZE", "state": "AZE"}
    for _, d in G.nodes(data=True):
        assert all(isinstance(v, str) for v in d.values())
    assert G.number_of_edges() == len(rel)
    d = G.edges["AZE_MOD", "ARM", "d1-c00-r0"]
    assert d["sign"] == -1 and isinstance(d["sign"], int)
    assert d["relation"] == "attack" and d["claim_id"] == "d1-c00"
    assert d["asserted_by"] == "AZE_MOD" and d["modality"] == "asserted"
    assert d["sentence"] == "Sentence d1-c00-r0"
    for *_, e in G.edges(keys=True, data=True):
        assert None not in e.values()
    # an actor missing from the actors table still gets string attributes
    G2 = network.build_graph(make_relations([("XYZ", "ARM", "attack", -1, "SF", "")]), actors)
    assert G2.nodes["XYZ"]["name"] == "XYZ" and G2.nodes["XYZ"]["type"] == ""


def test_build_graph_rejects_duplicate_relation_ids():
    rel = make_relations()
    rel.loc[1, "relation_id"] = rel.loc[0, "relation_id"]
    with pytest.raises(ValueError, match="duplicate relation_id"):
        network.build_graph(rel, make_actors())


def test_claimant_graph_counts_what_each_claimant_speaks_about():
    C = network.claimant_graph(make_relations(), make_actors())
    assert C["SF"]["USA"]["weight"] == 3
    assert C["SF"]["ARM"]["weight"] == 2
    assert C["AZE_MOD"]["ARM"]["weight"] == 1
    assert not C.has_edge("AZE_MOD", "AZE_MOD")


def test_node_metrics_table():
    actors, rel = make_actors(), make_relations()
    G, S = network.build_graph(rel, actors), network.state_graph(rel, actors)
    nodes = network.node_metrics(G, S, actors)
    assert list(nodes.columns) == schema.NODES.names
    keys = nodes[["level", "node_id"]].values.tolist()
    assert keys == sorted(keys)
    state = nodes[nodes["level"] == "state"].set_index("node_id")
    actor = nodes[nodes["level"] == "actor"].set_index("node_id")
    assert state.loc["USA", "degree"] == 3 and state.loc["USA", "weighted_degree"] == -1
    assert state.loc["ARM", "name"] == "Armenia"
    assert state.loc["AZE", "bloc"] == 1 and state.loc["ARM", "bloc"] == 0
    assert actor.loc["AZE_MOD", "bloc"] == state.loc["AZE", "bloc"]
    assert actor.loc["ARM", "degree"] == 3 and actor.loc["ARM", "weighted_degree"] == 1
    assert (nodes["betweenness"] == nodes["betweenness"].round(6)).all()
    assert nodes["betweenness"].between(0, 1).all()


def test_edges_table_follows_schema():
    rel = make_relations().sample(frac=1, random_state=3)
    table = network.edges_table(rel)
    assert list(table.columns) == schema.EDGES.names
    assert table["relation_id"].tolist() == sorted(rel["relation_id"])
    assert table["sign"].dtype.kind == "i"
    assert table.loc[0, "source_state"] == "AZE"


# --------------------------------------------------------------------------- exports


def _comparable(G: nx.Graph) -> tuple[dict, dict]:
    """Nodes and edges (keyed by relation id) with attributes, minus format bookkeeping."""
    drop = {"label", "id", "networkx_key"}
    nodes = {str(n): {k: v for k, v in d.items() if k not in drop}
             for n, d in G.nodes(data=True)}
    edges = {}
    if G.is_multigraph():
        for u, v, k, d in G.edges(keys=True, data=True):
            edges[(str(u), str(v), str(k))] = {a: b for a, b in d.items() if a not in drop}
    else:
        for u, v, d in G.edges(data=True):
            edges[(str(u), str(v), str(d.get("id", "")))] = {
                a: b for a, b in d.items() if a not in drop}
    return nodes, edges


def test_exports_round_trip(tmp_path):
    actors = make_actors()
    rel = make_relations()
    rel.loc[0, "trigger"] = "Straße – “captured”"  # non-ASCII survives
    G = network.build_graph(rel, actors)
    paths = network.write_exports(G, tmp_path)
    assert [p.name for p in paths] == ["network.graphml", "network.gexf", "network.json"]
    want = _comparable(G)
    assert _comparable(nx.read_graphml(paths[0], force_multigraph=True,
                                       edge_key_type=str)) == want
    gexf = nx.read_gexf(paths[1])
    gexf_multi = nx.MultiDiGraph()
    gexf_multi.add_nodes_from(gexf.nodes(data=True))
    for u, v, d in gexf.edges(data=True):
        gexf_multi.add_edge(u, v, key=d["id"], **d)
    assert _comparable(gexf_multi) == want
    assert gexf.nodes["AZE_MOD"]["label"] == "Azerbaijani Defense Ministry"
    data = json.loads(paths[2].read_text(encoding="utf-8"))
    assert _comparable(nx.node_link_graph(data, edges="links")) == want
    assert "Straße – “captured”" in paths[2].read_text(encoding="utf-8")
    assert paths[2].read_text(encoding="utf-8").endswith("}\n")


def test_state_graph_exports_round_trip(tmp_path):
    S = network.state_graph(make_relations(), make_actors())
    paths = network.write_exports(S, tmp_path, stem="state_network")
    back = nx.read_graphml(paths[0])
    assert set(map(frozenset, back.edges)) == set(map(frozenset, S.edges))
    for u, v, d in S.edges(data=True):
        assert back[u][v] == d
    js = nx.node_link_graph(json.loads(paths[2].read_text()), edges="links")
    assert nx.utils.graphs_equal(js, S)
    gexf = nx.read_gexf(paths[1])
    assert {k: v for k, v in gexf["ARM"]["AZE"].items() if k not in ("id", "weight")} == {
        k: v for k, v in S["ARM"]["AZE"].items() if k != "weight"}


def test_exports_are_byte_identical_across_runs_and_input_order(tmp_path):
    actors, rel = make_actors(), make_relations()
    G1 = network.build_graph(rel, actors)
    G2 = network.build_graph(rel.sample(frac=1, random_state=1),
                             actors.sample(frac=1, random_state=2))
    a = network.write_exports(G1, tmp_path / "a")
    b = network.write_exports(G2, tmp_path / "b")
    c = network.write_exports(G1, tmp_path / "c")
    for pa, pb, pc in zip(a, b, c):
        assert pa.read_bytes() == pb.read_bytes() == pc.read_bytes(), pa.name
    assert b"lastmodifieddate" not in a[1].read_bytes()


def test_exports_turn_none_into_empty_strings(tmp_path):
    G = nx.MultiDiGraph()
    G.add_node("A", name=None, type="state")
    G.add_edge("A", "B", key="r1", sign=1, note=None)
    paths = network.write_exports(G, tmp_path)
    back = nx.read_graphml(paths[0], force_multigraph=True, edge_key_type=str)
    assert back.nodes["A"]["name"] == ""
    assert back.edges["A", "B", "r1"]["note"] == ""


def test_empty_inputs_do_not_crash(tmp_path):
    rel = pd.DataFrame(columns=schema.RELATIONS.names)
    actors = make_actors()
    G, S = network.build_graph(rel, actors), network.state_graph(rel, actors)
    assert G.number_of_nodes() == 0 and S.number_of_nodes() == 0
    assert network.frustration_index(S).index == 0
    assert network.triads(S).empty and list(network.triads(S).columns) == schema.TRIADS.names
    assert "no signed" in network.balance_summary(S)["explanation"]
    assert network.node_metrics(G, S, actors).empty
    assert network.edges_table(rel).empty and network.state_edges_table(S).empty
    assert all(p.exists() for p in network.write_exports(G, tmp_path))


# --------------------------------------------------------------------------- streamed exports


def _read_all(paths) -> tuple[nx.Graph, nx.Graph, nx.Graph]:
    """The three exports read back: GraphML (multigraph), GEXF (keyed by id), JSON."""
    graphml = nx.read_graphml(paths[0], force_multigraph=True, edge_key_type=str)
    gexf = nx.read_gexf(paths[1])
    gexf_multi = nx.MultiDiGraph() if gexf.is_directed() else nx.MultiGraph()
    gexf_multi.add_nodes_from(gexf.nodes(data=True))
    for u, v, d in gexf.edges(data=True):
        gexf_multi.add_edge(u, v, key=d["id"], **d)
    js = nx.node_link_graph(json.loads(paths[2].read_text(encoding="utf-8")), edges="links")
    return graphml, gexf_multi, js


def test_exports_escape_markup_and_drop_control_characters(tmp_path):
    import xml.etree.ElementTree as ET

    nasty = "a <b> & \"c\" 'd' ]]> e\tf\ng\r\nh"
    G = nx.MultiDiGraph()
    G.add_node("<&\"'>", name=nasty, type="x\x01y\x0bz\x1f\ufffe")
    G.add_node("B", name="B")
    G.add_edge("<&\"'>", "B", key="k&<1>\"'", relation=nasty, sign=-1, note="bell\x07")
    paths = network.write_exports(G, tmp_path)
    for p in paths[:2]:
        raw = p.read_bytes()
        for bad in (b"\x01", b"\x07", b"\x0b", b"\x1f", "\ufffe".encode()):
            assert bad not in raw, (p.name, bad)
        ET.fromstring(raw)  # well-formed
    graphml, gexf, js = _read_all(paths)
    for H in (graphml, gexf):
        assert H.nodes["<&\"'>"]["name"] == nasty  # markup, quotes, tab, LF and CR survive
        assert H.nodes["<&\"'>"]["type"] == "xyz"  # characters XML 1.0 forbids are dropped
        d = H.edges["<&\"'>", "B", "k&<1>\"'"]
        assert d["relation"] == nasty and d["note"] == "bell" and d["sign"] == -1
    assert gexf.nodes["<&\"'>"]["label"] == nasty
    assert js.nodes["<&\"'>"]["type"] == "x\x01y\x0bz\x1f\ufffe"  # JSON keeps everything
    assert js.edges["<&\"'>", "B", "k&<1>\"'"]["note"] == "bell\x07"


def _big_graph(n_nodes: int, n_edges: int, seed: int) -> nx.MultiDiGraph:
    """An aggregated actor graph like `export_graph`'s, with random attributes."""
    rng = random.Random(seed)
    ids = [f"A{i:04d}" for i in range(n_nodes)]
    G = nx.MultiDiGraph()
    for a in ids:
        G.add_node(a, name=f"Actor {a} “ü”", type=rng.choice(["state", "media"]),
                   country=rng.choice(["ARM", "AZE", ""]), parent_id="", state="ARM")
    seen = set()
    while len(seen) < n_edges:
        u, v = rng.choice(ids), rng.choice(ids)
        r, s = rng.choice(["attack", "support", "mediate"]), rng.choice((-1, 0, 1))
        if (u, v, r, s) in seen:
            continue
        seen.add((u, v, r, s))
        n = rng.randint(1, 9)
        G.add_edge(u, v, key=f"{r}|{s}", relation=r, sign=s, n_relations=n, weight=n,
                   modality=rng.choice(["asserted", "hedged"]), asserted_by="SF;AZE_MOD",
                   doc_ids=";".join(f"d{rng.randrange(500)}" for _ in range(n)),
                   relation_ids=";".join(f"d{j}-c00-r0 & <x>" for j in range(n)))
    return G


def test_large_graph_round_trips_through_all_three_exports(tmp_path):
    G = _big_graph(300, 2500, seed=3)
    assert G.number_of_edges() == 2500
    paths = network.write_exports(G, tmp_path / "a")
    want = _comparable(G)
    graphml, gexf, js = _read_all(paths)
    assert _comparable(graphml) == want
    # GEXF carries the weight as an XML attribute, which nx.read_gexf reads as a float
    got_nodes, got_edges = _comparable(gexf)
    assert got_nodes == want[0]
    assert {e: {**d, "weight": int(d["weight"])} for e, d in got_edges.items()} == want[1]
    assert _comparable(js) == want
    # the same graph built in another order gives the same bytes
    H = nx.MultiDiGraph()
    H.add_nodes_from(reversed(list(G.nodes(data=True))))
    H.add_edges_from(reversed(list(G.edges(keys=True, data=True))))
    again = network.write_exports(H, tmp_path / "b")
    for p, q in zip(paths, again):
        assert p.read_bytes() == q.read_bytes(), p.name


def test_exports_are_well_formed_xml(tmp_path):
    import xml.etree.ElementTree as ET

    actors, rel = make_actors(), make_relations()
    graphs = {"actor": network.build_graph(rel, actors), "state": network.state_graph(rel, actors),
              "export": _big_graph(20, 60, seed=1), "empty": nx.MultiDiGraph()}
    for stem, G in graphs.items():
        graphml, gexf, _ = network.write_exports(G, tmp_path, stem=stem)
        root = ET.parse(graphml).getroot()
        ns = "{http://graphml.graphdrawing.org/xmlns}"
        assert root.tag == f"{ns}graphml"
        types = {k.get("attr.name"): k.get("attr.type") for k in root.iter(f"{ns}key")}
        assert set(types.values()) <= {"string", "long", "double", "boolean"}
        if G.number_of_edges():
            assert types["sign"] == "long"
        graph = root.find(f"{ns}graph")
        assert graph.get("edgedefault") == ("directed" if G.is_directed() else "undirected")
        assert len(graph.findall(f"{ns}edge")) == G.number_of_edges()
        root = ET.parse(gexf).getroot()
        ns = "{http://www.gexf.net/1.2draft}"
        assert root.tag == f"{ns}gexf" and root.get("version") == "1.2"
        assert root.find(f"{ns}meta").get("lastmodifieddate") is None
        assert len(root.findall(f"{ns}graph/{ns}nodes/{ns}node")) == G.number_of_nodes()
        assert len(root.findall(f"{ns}graph/{ns}edges/{ns}edge")) == G.number_of_edges()
        if stem == "export":  # Gephi reads the weight attribute of an edge
            assert all(e.get("weight") for e in root.iter(f"{ns}edge"))


@pytest.mark.parametrize("cls", [nx.Graph, nx.DiGraph, nx.MultiGraph, nx.MultiDiGraph])
def test_streamed_exports_match_the_networkx_writers(tmp_path, cls):
    import io
    import re

    rng = random.Random(5)
    G = cls()
    names = [f"n{i}" for i in range(12)]
    rng.shuffle(names)
    for n in names:
        G.add_node(n, name=rng.choice(["", "X", None]), size=rng.choice([1, 2.5, True]))
    for _ in range(40):
        attrs = {"sign": rng.choice((-1, 1)), "weight": rng.randint(1, 3),
                 "tags": [rng.choice("ab")], "note": rng.choice(["<&>", None, "ü"])}
        G.add_edge(rng.choice(names), rng.choice(names), **attrs)  # self-loops included
    paths = network.write_exports(G, tmp_path)
    H = network.sorted_copy(G)
    buf = io.BytesIO()
    nx.write_graphml_xml(H, buf, encoding="utf-8", prettyprint=True)
    assert paths[0].read_bytes() == buf.getvalue()
    X = H.copy()
    for n, d in X.nodes(data=True):
        d.setdefault("label", d.get("name") or str(n))
    if X.is_multigraph():
        for _, _, k, d in X.edges(keys=True, data=True):
            d.setdefault("id", str(k))
    buf = io.BytesIO()
    nx.write_gexf(X, buf, encoding="utf-8", prettyprint=True)
    gexf = re.sub(rb'\s+lastmodifieddate="[^"]*"', b"", buf.getvalue(), count=1)
    assert paths[1].read_bytes() == gexf
    data = nx.node_link_data(H, edges="links")
    text = json.dumps(data, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
    assert paths[2].read_text(encoding="utf-8") == text


# -- evidence behind a state edge and balance per conflict system ------------------------------
def test_state_edge_counts_the_evidence_behind_its_sign():
    spec = [("TUR", "AZE", "support", 1, "SF", "asserted"),
            ("TUR", "AZE", "alliance", 1, "SF", "asserted"),
            ("TUR", "AZE", "support", 1, "SF", "asserted"),
            ("AZE", "TUR", "accuse", -1, "SF", "hedged"),
            ("RUS", "ARM", "support", 1, "SF", "hedged"),
            ("RUS", "ARM", "accuse", -1, "SF", "asserted"),
            ("USA", "RUS", "accuse", -1, "SF", "forecast"),
            ("USA", "RUS", "attack", -1, "SF", "forecast"),
            ("USA", "RUS", "attack", -1, "SF", "forecast")]
    e = network.state_edges_table(network.state_graph(make_relations(spec), make_actors()))
    row = {(r.a, r.b): r for r in e.itertuples()}
    aze_tur = row[("AZE", "TUR")]
    assert (aze_tur.sign, aze_tur.n_relations, aze_tur.n_positive, aze_tur.n_negative) == (1, 4, 3, 1)
    assert aze_tur.evidence == "clear" and aze_tur.modalities == "asserted:3;hedged:1"
    assert (row[("ARM", "RUS")].sign, row[("ARM", "RUS")].evidence) == (0, "tie")
    # three hostile forecasts and no asserted one: the sign stands, but on weak evidence
    assert (row[("RUS", "USA")].sign, row[("RUS", "USA")].evidence) == (-1, "weak")
    assert row[("RUS", "USA")].n_firm_negative == 0


def test_one_relation_is_weak_evidence():
    assert network.evidence_label(1, 0, 1, 0) == "weak"
    assert network.evidence_label(3, 2, 3, 2) == "weak"  # a margin of one
    assert network.evidence_label(0, 0, 0, 0) == "neutral"
    assert network.evidence_label(0, 4, 1, 4) == "clear"


def _two_wars() -> pd.DataFrame:
    karabakh = make_relations([("AZE", "ARM", "attack", -1, "SF", "asserted"),
                               ("ARM", "AZE", "attack", -1, "SF", "asserted"),
                               ("TUR", "AZE", "support", 1, "SF", "asserted"),
                               ("USA", "ARM", "support", 1, "SF", "asserted")], doc="k1")
    ukraine = make_relations([("RUS", "USA", "attack", -1, "SF", "asserted"),
                              ("RUS", "USA", "accuse", -1, "SF", "asserted"),
                              ("TUR", "USA", "support", 1, "SF", "asserted"),
                              ("RUS", "TUR", "support", 1, "SF", "asserted")], doc="u1")
    more = make_relations([("ARM", "AZE", "strike", -1, "SF", "asserted")], doc="k2")
    return pd.concat([karabakh, ukraine, more], ignore_index=True)


def test_unrelated_wars_are_not_pooled_into_one_triad_census():
    rel, actors = _two_wars(), make_actors()
    systems = network.conflict_systems(rel, actors)
    assert systems == {"k1": "ARM-AZE", "k2": "ARM-AZE", "u1": "RUS-USA"}
    out = {s["id"]: s for s in network.systems_balance(rel, actors)}
    assert out["ARM-AZE"]["docs"] == ["k1", "k2"] and out["ARM-AZE"]["n_docs"] == 2
    assert "RUS" not in out["ARM-AZE"]["states"]
    # each war alone has no closed triad; pooled, USA-TUR-AZE-ARM-RUS would be read together
    assert out["ARM-AZE"]["n_triads"] == 0 and out["RUS-USA"]["n_triads"] == 1


def test_system_is_named_by_its_belligerents_not_a_pair_it_speculates_on():
    # an article on Armenia and Azerbaijan that twice speculates on a Turkish-Russian
    # confrontation: most hostile relations are RUS-TUR, but the article is about ARM-AZE
    rel = make_relations([("ARM", "AZE", "war", -1, "SF", "forecast"),
                          ("TUR", "RUS", "war", -1, "SF", "hedged"),
                          ("TUR", "RUS", "war", -1, "SF", "asserted"),
                          ("TUR", "AZE", "support", 1, "SF", "asserted")], doc="k1")
    actors = make_actors()
    mentions = {"k1": {"AZE": 18, "ARM": 15, "TUR": 14, "RUS": 9}}
    assert network.conflict_systems(rel, actors, armed={"war"}, mentions=mentions) == \
        {"k1": "ARM-AZE"}
    (only,) = network.systems_balance(rel, actors, armed={"war"}, mentions=mentions)
    assert only["id"] == "ARM-AZE" and only["docs"] == ["k1"]
    # without mentions, the most hostile pair names it (the rule before)
    assert network.conflict_systems(rel, actors, armed={"war"}) == {"k1": "RUS-TUR"}


def test_belligerents_come_before_a_more_mentioned_pair_of_accusers():
    rel = make_relations([("RUS", "TUR", "sanction", -1, "SF", "asserted"),
                          ("RUS", "USA", "accuse", -1, "SF", "asserted")], doc="d")
    mentions = {"d": {"RUS": 20, "USA": 19, "TUR": 8}}
    got = network.conflict_systems(rel, make_actors(), armed={"sanction"}, mentions=mentions)
    assert got == {"d": "RUS-TUR"}
    got = network.conflict_systems(rel, make_actors(), armed=(), mentions=mentions)
    assert got == {"d": "RUS-USA"}  # no belligerents: the most mentioned opposing pair


def test_material_conflict_relations_come_from_cameo_roots(cb):
    armed = cb.material_conflict()
    assert {"attack", "strike", "capture", "war", "sanction"} <= armed
    assert not armed & {"accuse", "threaten", "support", "consult", "alliance"}


def test_analyst_defined_system_wins():
    class Conflict:  # the codebook's Conflict: id, name, docs (glob patterns)
        id, name, docs = "caucasus", "South Caucasus", ("k*", "u1")
    rel, actors = _two_wars(), make_actors()
    assert set(network.conflict_systems(rel, actors, [Conflict()]).values()) == {"caucasus"}
    (only,) = network.systems_balance(rel, actors, [Conflict()])
    assert only["name"] == "South Caucasus" and only["n_docs"] == 3
