"""Node metrics and the edge tables of the network."""
from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx
import pandas as pd

from analysis import config, schema
from analysis.network.balance import signed_blocs
from analysis.network.common import _actor_lookup, _col, _int, _pair, _str

# --------------------------------------------------------------------------- metrics


#: Above BETWEENNESS_EXACT_MAX nodes betweenness is estimated from BETWEENNESS_SAMPLES sources (Brandes
#: and Pich 2007), with the project's fixed seed, so it stays deterministic and fast.
BETWEENNESS_EXACT_MAX = 300
BETWEENNESS_SAMPLES = 100


def _betweenness(G: nx.Graph) -> dict[str, float]:
    """Return normalised betweenness on the unsigned, undirected simple graph, 6 decimals.

    Exact up to `BETWEENNESS_EXACT_MAX` nodes; above it, estimated from `BETWEENNESS_SAMPLES` source
    nodes sampled with `config.SEED` (the estimate is reproducible).
    """
    H = nx.Graph()
    H.add_nodes_from(sorted(G.nodes))
    H.add_edges_from(sorted({_pair(u, v) for u, v in G.edges() if u != v}))
    k = BETWEENNESS_SAMPLES if H.number_of_nodes() > BETWEENNESS_EXACT_MAX else None
    scores = nx.betweenness_centrality(H, k=k, normalized=True, seed=config.SEED if k else None)
    return {n: round(b, 6) for n, b in scores.items()}


def node_metrics(G_actor: nx.MultiDiGraph, G_state: nx.Graph,
                 actors: pd.DataFrame) -> pd.DataFrame:
    """Compute degree, signed degree, betweenness and bloc for actor and state nodes.

    Args:
        G_actor: Actor graph from `build_graph`.
        G_state: State graph from `state_graph`.
        actors: Actors table (names and types of state nodes).

    Returns:
        Frame with the columns of `schema.NODES`, sorted by (level, node_id). degree counts
        incident relations (a self-relation once), weighted_degree sums their signs; an
        actor's bloc is the bloc of its state (-1 if none).
    """
    lookup = _actor_lookup(actors)
    blocs = signed_blocs(G_state)
    rows: list[dict[str, Any]] = []

    deg: dict[str, int] = defaultdict(int)
    wdeg: dict[str, int] = defaultdict(int)
    for u, v, d in G_actor.edges(data=True):
        k = _int(d.get("n_relations"), 1)  # an aggregated edge (export_graph) stands for k
        for n in {u, v}:
            deg[n] += k
            wdeg[n] += k * _int(d.get("sign"))
    btw = _betweenness(G_actor)
    for n, d in G_actor.nodes(data=True):
        state = _str(d.get("state"))
        rows.append({"level": "actor", "node_id": n, "name": _str(d.get("name")) or n,
                     "type": _str(d.get("type")), "state": state, "degree": deg[n],
                     "weighted_degree": wdeg[n], "betweenness": btw.get(n, 0.0),
                     "bloc": blocs.get(state, -1)})

    deg, wdeg = defaultdict(int), defaultdict(int)
    for u, v, d in G_state.edges(data=True):
        n_rel = _int(d.get("n_positive")) + _int(d.get("n_negative")) + _int(d.get("n_neutral"))
        for n in {u, v}:
            deg[n] += n_rel or 1
            wdeg[n] += _int(d.get("weight", d.get("sign", 0)))
    btw = _betweenness(G_state)
    for n, d in G_state.nodes(data=True):
        rec = lookup.get(n, {})
        rows.append({"level": "state", "node_id": n,
                     "name": rec.get("name") or _str(d.get("name")) or n,
                     "type": rec.get("type") or _str(d.get("type")) or "state", "state": n,
                     "degree": deg[n], "weighted_degree": wdeg[n],
                     "betweenness": btw.get(n, 0.0), "bloc": blocs.get(n, -1)})
    df = pd.DataFrame(rows, columns=schema.NODES.names)
    df = df.astype({"degree": int, "weighted_degree": int, "betweenness": float,
                          "bloc": int})
    return df.sort_values(list(schema.NODES.key), kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------- tables


def edges_table(relations: pd.DataFrame) -> pd.DataFrame:
    """Return the CSV edge list of the actor network (one row per relation).

    Args:
        relations: Frame with the columns of `schema.RELATIONS`.

    Returns:
        Frame with the columns of `schema.EDGES`, sorted by relation_id; missing optional
        columns are "" and sign is an int.
    """
    data = {c: _col(relations, c) for c in schema.EDGES.names}
    data["sign"] = [_int(s) for s in data["sign"]]
    df = pd.DataFrame(data, columns=schema.EDGES.names).astype({"sign": int})
    return df.sort_values(list(schema.EDGES.key), kind="stable").reset_index(drop=True)


def state_edges_table(G_state: nx.Graph) -> pd.DataFrame:
    """Return the state-level edge list.

    Args:
        G_state: State graph from `state_graph`.

    Returns:
        Frame with the columns of `schema.STATE_EDGES` (a < b), sorted by (a, b).
    """
    rows = []
    for u, v, d in G_state.edges(data=True):
        a, b = _pair(str(u), str(v))
        rows.append({"a": a, "b": b, "weight": _int(d.get("weight")),
                     "sign": _int(d.get("sign")), "n_positive": _int(d.get("n_positive")),
                     "n_negative": _int(d.get("n_negative")),
                     "n_neutral": _int(d.get("n_neutral")),
                     "n_relations": _int(d.get("n_relations")),
                     "n_docs": _int(d.get("n_docs")),
                     "n_firm_positive": _int(d.get("n_firm_positive")),
                     "n_firm_negative": _int(d.get("n_firm_negative")),
                     "modalities": _str(d.get("modalities")),
                     "evidence": _str(d.get("evidence")),
                     "relation_ids": _str(d.get("relation_ids"))})
    df = pd.DataFrame(rows, columns=schema.STATE_EDGES.names)
    ints = ["weight", "sign", "n_positive", "n_negative", "n_neutral", "n_relations", "n_docs",
            "n_firm_positive", "n_firm_negative"]
    df = df.astype({c: int for c in ints})
    return df.sort_values(list(schema.STATE_EDGES.key), kind="stable").reset_index(drop=True)


