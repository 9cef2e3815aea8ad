"""Relations -> signed actor network: graphs, metrics, blocs, structural balance, exports.

Three graphs are built from the `relations` table (columns of `schema.RELATIONS`) and the
`actors` table (`schema.ACTORS`):

- the **actor graph** (`build_graph`): a `MultiDiGraph` with one node per actor that appears
  in a relation and one edge per relation (key = `relation_id`), carrying its provenance
  (claim, document, claimant, attribution, modality, polarity, codes, trigger);
- the **state graph** (`state_graph`): actors collapsed to the state they belong to, undirected,
  the signs of all relations between two states summed;
- the **claimant graph** (`claimant_graph`): who speaks about whom;
- the **export graph** (`export_graph`): the actor graph with the relations between two
  actors of one type and sign aggregated into one edge, for the files a build writes.

Structural balance is measured on the state graph. The frustration index (Harary's line index
of balance) is the smallest number of signed edges whose removal makes the graph balanced,
i.e. the minimum over all 2-colourings of the nodes of the number of positive edges across
colours plus negative edges within a colour. Every cycle lies inside one biconnected component
(block), so the index is the sum over blocks; it is computed exactly by exhaustive search for
blocks of up to `EXACT_MAX_NODES` nodes; larger blocks get a deterministic heuristic whose
result is an upper bound, and the `method` string says which was used. Neutral (sign 0)
edges are ignored by every balance computation.

Everything is deterministic: nodes and edges are inserted in sorted order, ties are broken by
a documented rule, and the exports (GraphML, GEXF, node-link JSON) are byte-identical across
runs.
"""
from __future__ import annotations

import io
import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import networkx as nx
import numpy as np
import pandas as pd

from analysis import config, schema

#: Components up to this many nodes get the exact frustration index (2^(n-1) colourings).
EXACT_MAX_NODES: int = 22

METHOD_EXACT: str = (
    "exact: exhaustive search over 2^(n-1) node bipartitions per biconnected component "
    "(Harary's line index of balance)"
)
METHOD_HEURISTIC: str = (
    f"heuristic upper bound: spanning-tree 2-colouring improved by greedy single-node flips "
    f"for biconnected components of more than {EXACT_MAX_NODES} nodes (exact search for "
    f"the others)"
)
METHOD_EMPTY: str = "exact: no signed edges (trivially balanced)"

#: Modalities from firmest to weakest; a state edge shows the firmest behind it.
MODALITY_ORDER: tuple[str, ...] = ("asserted", "hedged", "forecast", "conditional")

#: Relation columns carried as string attributes on every actor-graph edge.
EDGE_STR_ATTRS: tuple[str, ...] = (
    "relation", "claim_id", "doc_id", "asserted_by", "attribution", "modality", "polarity",
    "cameo", "plover", "trigger",
)

NODE_ATTRS: tuple[str, ...] = ("name", "type", "country", "parent_id", "state")

_DASH = "\u2013"  # en dash between node names
_MINUS = "\u2212"


# --------------------------------------------------------------------------- small helpers


def _str(value: Any) -> str:
    """Return `value` as a string, with None/NaN/NA as ""."""
    if value is None:
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _int(value: Any, default: int = 0) -> int:
    """Return `value` as an int, with empty/None/NaN as `default`."""
    if type(value) is int:  # the common case, without the checks below
        return value
    text = _str(value).strip()
    if not text:
        return default
    return int(float(text))


def _sign(x: float) -> int:
    """Return -1, 0 or 1."""
    return (x > 0) - (x < 0)


def _fmt_sign(sign: int) -> str:
    """Return '+', '−' or '0' for a sign."""
    return "+" if sign > 0 else (_MINUS if sign < 0 else "0")


def _pair(u: str, v: str) -> tuple[str, str]:
    """Return the unordered pair (u, v) in sorted order."""
    return (u, v) if u <= v else (v, u)


def _col(frame: pd.DataFrame, name: str) -> list[str]:
    """Return column `name` as a list of strings ("" if the column is absent)."""
    if name not in frame.columns:
        return [""] * len(frame)
    return [v if type(v) is str else _str(v) for v in frame[name].tolist()]


def _actor_lookup(actors: pd.DataFrame | None) -> dict[str, dict[str, str]]:
    """Map actor_id -> {name, type, country, parent_id, state} from the actors table."""
    if actors is None or len(actors) == 0:
        return {}
    has_state = "state" in actors.columns
    out: dict[str, dict[str, str]] = {}
    for row in actors.to_dict("records"):
        aid = _str(row.get("actor_id"))
        if not aid:
            continue
        rec = {k: _str(row.get(k)) for k in ("name", "type", "country", "parent_id")}
        if has_state:
            rec["state"] = _str(row.get("state"))
        else:  # no collapse column: others collapse to their country
            rec["state"] = rec["country"]
        if not rec["state"] and rec["type"] == "state":
            rec["state"] = aid  # a state always collapses to itself
        out[aid] = rec
    return out


def _node_attrs(actor_id: str, lookup: dict[str, dict[str, str]],
                state_hint: str = "") -> dict[str, str]:
    """Return the string node attributes of an actor (defaults for unknown actors)."""
    rec = lookup.get(actor_id, {})
    attrs = {k: rec.get(k, "") for k in NODE_ATTRS}
    attrs["name"] = attrs["name"] or actor_id
    if actor_id not in lookup:
        attrs["state"] = state_hint
    return attrs


def _with_states(relations: pd.DataFrame, actors: pd.DataFrame | None) -> pd.DataFrame:
    """Return relations with source_state/target_state filled from the actors table if empty."""
    lookup = _actor_lookup(actors)
    rel = relations.copy()
    for end in ("source", "target"):
        given = _col(rel, f"{end}_state")
        ids = _col(rel, f"{end}_id")
        rel[f"{end}_state"] = [
            g or lookup.get(a, {}).get("state", "") for g, a in zip(given, ids)
        ]
    return rel


def _records(relations: pd.DataFrame) -> list[dict[str, Any]]:
    """Return relation rows as dicts sorted by relation_id (stable insertion order)."""
    rows = relations.to_dict("records")
    return sorted(rows, key=lambda r: (_str(r.get("relation_id")), _str(r.get("doc_id"))))


def _name_of(node: str, G: nx.Graph | None = None,
             lookup: dict[str, dict[str, str]] | None = None) -> str:
    """Return 'Name (ID)' for a node when a distinct name is known, else the ID."""
    name = ""
    if lookup and node in lookup:
        name = lookup[node].get("name", "")
    if not name and G is not None and node in G:
        name = _str(G.nodes[node].get("name"))
    return f"{name} ({node})" if name and name != node else node


# --------------------------------------------------------------------------- graphs


def build_graph(relations: pd.DataFrame, actors: pd.DataFrame) -> nx.MultiDiGraph:
    """Build the actor network: one node per actor in a relation, one edge per relation.

    Args:
        relations: Frame with the columns of `schema.RELATIONS` (an optional `sentence`
            column adds the sentence text to each edge).
        actors: Frame with the columns of `schema.ACTORS`.

    Returns:
        A MultiDiGraph; nodes carry name, type, country, parent_id, state (strings), edges
        are keyed by relation_id and carry sign (int) and the provenance strings of
        `EDGE_STR_ATTRS` (plus sent_id and sentence when those columns exist).
    """
    lookup = _actor_lookup(actors)
    rel = _with_states(relations, actors)
    rows = _records(rel)
    ids = [_str(r.get("relation_id")) for r in rows]
    dupes = sorted(i for i, n in Counter(ids).items() if n > 1)
    if dupes:
        raise ValueError(f"relations: duplicate relation_id {', '.join(dupes[:5])}")
    hints: dict[str, str] = {}
    for r in rows:
        for end in ("source", "target"):
            aid = _str(r.get(f"{end}_id"))
            hints.setdefault(aid, _str(r.get(f"{end}_state")))
    G = nx.MultiDiGraph()
    for aid in sorted(a for a in hints if a):
        G.add_node(aid, **_node_attrs(aid, lookup, hints[aid]))
    has_sentence = "sentence" in rel.columns
    has_sent_id = "sent_id" in rel.columns
    for r in rows:
        u, v = _str(r.get("source_id")), _str(r.get("target_id"))
        if not u or not v:
            continue
        attrs: dict[str, Any] = {k: _str(r.get(k)) for k in EDGE_STR_ATTRS}
        attrs["sign"] = _int(r.get("sign"))
        if has_sent_id:
            attrs["sent_id"] = _int(r.get("sent_id"), -1)
        if has_sentence:
            attrs["sentence"] = _str(r.get("sentence"))
        G.add_edge(u, v, key=_str(r.get("relation_id")), **attrs)
    return G


def _columns(frame: pd.DataFrame, names: Iterable[str]) -> list[list[str]]:
    """Columns of a frame as lists of strings (fast: no per-row dict)."""
    return [_col(frame, n) for n in names]


def export_graph(relations: pd.DataFrame, actors: pd.DataFrame) -> nx.MultiDiGraph:
    """The actor network for the exports: one edge per (source, target, relation, sign).

    `build_graph` keeps one edge per relation, which suits an article or a notebook; on a
    corpus of thousands of articles the same pair of actors is linked by thousands of
    relations, so the exported files aggregate them. Each edge is keyed
    `<relation>|<sign>` and carries relation, sign, n_relations (also as `weight`, which
    Gephi reads), the firmest modality, the claimants (`asserted_by`), the documents
    (`doc_ids`) and the relations behind it (`relation_ids`, all `;`-separated and sorted);
    the per-relation provenance is in `edges.csv` and `relations.csv`. Node metrics computed
    from this graph equal those of `build_graph` (degree counts relations).

    Args:
        relations: Frame with the columns of `schema.RELATIONS` (only ids, relation, sign,
            modality, asserted_by and the states are read).
        actors: Frame with the columns of `schema.ACTORS`.

    Returns:
        A MultiDiGraph with nodes as in `build_graph` and aggregated edges.
    """
    lookup = _actor_lookup(actors)
    rel = _with_states(relations, actors)
    src, tgt, kind, sign, modality, claimant, doc, rid, s_state, t_state = _columns(rel, (
        "source_id", "target_id", "relation", "sign", "modality", "asserted_by", "doc_id",
        "relation_id", "source_state", "target_state"))
    hints: dict[str, str] = {}
    agg: dict[tuple[str, str, str, int], dict[str, Any]] = {}
    for j in range(len(rid)):
        u, v = src[j], tgt[j]
        hints.setdefault(u, s_state[j])
        hints.setdefault(v, t_state[j])
        if not u or not v:
            continue
        e = agg.setdefault((u, v, kind[j], _int(sign[j])),
                           {"ids": [], "modalities": set(), "claimants": set(), "docs": set()})
        e["ids"].append(rid[j])
        e["modalities"].add(modality[j])
        e["claimants"].add(claimant[j])
        e["docs"].add(doc[j])
    G = nx.MultiDiGraph()
    for aid in sorted(a for a in hints if a):
        G.add_node(aid, **_node_attrs(aid, lookup, hints[aid]))
    for (u, v, r, sg) in sorted(agg):
        e = agg[(u, v, r, sg)]
        G.add_edge(u, v, key=f"{r}|{sg}", relation=r, sign=sg, n_relations=len(e["ids"]),
                   weight=len(e["ids"]), modality=_firmest(e["modalities"]),
                   asserted_by=";".join(sorted(e["claimants"] - {""})),
                   doc_ids=";".join(sorted(e["docs"] - {""})),
                   relation_ids=";".join(sorted(e["ids"])))
    return G


def _firmest(modalities: Iterable[str]) -> str:
    """Return the firmest modality among `modalities` ("" if none is known)."""
    present = set(modalities)
    for m in MODALITY_ORDER:
        if m in present:
            return m
    return sorted(present - {""})[0] if present - {""} else ""


def state_graph(relations: pd.DataFrame, actors: pd.DataFrame) -> nx.Graph:
    """Collapse the relations to an undirected, signed state-to-state graph.

    Args:
        relations: Frame with the columns of `schema.RELATIONS`; empty source_state or
            target_state cells are filled from `actors.state`.
        actors: Frame with the columns of `schema.ACTORS` (names of the state nodes).

    Returns:
        A Graph over ISO3 codes. Rows with an empty state or with both ends in the same state
        are skipped. Edge attributes: weight (sum of signs), sign (sign of the sum, 0 when it
        is 0), n_positive, n_negative, n_neutral, relation_ids (sorted, `;`-joined) and
        modality (the firmest modality among the relations).
    """
    lookup = _actor_lookup(actors)
    rel = _with_states(relations, actors)
    agg: dict[tuple[str, str], dict[str, Any]] = {}
    for a, b, sign, rid, modality in zip(*_columns(rel, ("source_state", "target_state", "sign",
                                                         "relation_id", "modality"))):
        if not a or not b or a == b:
            continue
        s = _int(sign)
        e = agg.setdefault(_pair(a, b), {"weight": 0, "n_positive": 0, "n_negative": 0,
                                         "n_neutral": 0, "ids": [], "modalities": []})
        e["weight"] += s
        e["n_positive" if s > 0 else "n_negative" if s < 0 else "n_neutral"] += 1
        e["ids"].append(rid)
        e["modalities"].append(modality)
    G = nx.Graph()
    for node in sorted({n for pair in agg for n in pair}):
        rec = lookup.get(node, {})
        G.add_node(node, name=rec.get("name", "") or node, type=rec.get("type", "") or "state")
    for (a, b) in sorted(agg):
        e = agg[(a, b)]
        G.add_edge(a, b, weight=e["weight"], sign=_sign(e["weight"]),
                   n_positive=e["n_positive"], n_negative=e["n_negative"],
                   n_neutral=e["n_neutral"], relation_ids=";".join(sorted(e["ids"])),
                   modality=_firmest(e["modalities"]))
    return G


def claimant_graph(relations: pd.DataFrame, actors: pd.DataFrame) -> nx.DiGraph:
    """Build who-speaks-about-whom: asserted_by -> each actor of the relations it asserts.

    Args:
        relations: Frame with the columns of `schema.RELATIONS`.
        actors: Frame with the columns of `schema.ACTORS` (node attributes).

    Returns:
        A DiGraph with edge attribute weight = number of relation ends (source or target)
        the claimant speaks about. Empty claimants and self-references are skipped.
    """
    lookup = _actor_lookup(actors)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for r in _records(relations):
        c = _str(r.get("asserted_by"))
        if not c:
            continue
        for about in {_str(r.get("source_id")), _str(r.get("target_id"))}:
            if about and about != c:
                counts[(c, about)] += 1
    G = nx.DiGraph()
    for node in sorted({n for pair in counts for n in pair}):
        G.add_node(node, **_node_attrs(node, lookup))
    for (c, about) in sorted(counts):
        G.add_edge(c, about, weight=counts[(c, about)])
    return G


# --------------------------------------------------------------------------- balance


@dataclass(frozen=True)
class FrustrationResult:
    """Frustration index of a signed graph with the optimal 2-colouring behind it.

    `partition` maps every node with a signed edge to 0 or 1 (per component, the
    alphabetically first node gets 0); `frustrated_edges` are the sorted (u, v) pairs
    (u < v) the partition violates; `alternatives` lists other frustrated-edge sets that are
    equally small (one component changed at a time, at most 10), so an explanation can say
    when the data do not decide which edge breaks balance.
    """

    index: int
    partition: dict[str, int]
    frustrated_edges: list[tuple[str, str]]
    method: str
    exact: bool = True
    alternatives: list[list[tuple[str, str]]] = field(default_factory=list)


def _edge_sign(data: dict[str, Any]) -> int:
    """Return the sign of an edge: its `sign` attribute, else the sign of its `weight`."""
    if "sign" in data:
        return _sign(_int(data["sign"]))
    return _sign(float(data.get("weight", 0) or 0))


def _signed_pairs(G: nx.Graph) -> dict[tuple[str, str], int]:
    """Return {(u, v): sign} for every unordered pair with a nonzero summed sign.

    Self-loops and neutral edges are dropped; parallel or opposite edges (multi/directed
    graphs) are summed first.
    """
    total: dict[tuple[str, str], int] = defaultdict(int)
    for u, v, d in G.edges(data=True):
        if u != v:
            total[_pair(str(u), str(v))] += _edge_sign(d)
    return {p: _sign(s) for p, s in sorted(total.items()) if s != 0}


def _components(pairs: dict[tuple[str, str], int]) -> list[list[str]]:
    """Return the connected components of the signed pairs, each sorted, ordered by first node."""
    H = nx.Graph()
    H.add_edges_from(pairs)
    return sorted((sorted(c) for c in nx.connected_components(H)), key=lambda c: c[0])


def _violations(colours: dict[str, int],
                pairs: dict[tuple[str, str], int]) -> list[tuple[str, str]]:
    """Return the sorted pairs a 2-colouring violates (+ across colours, − within)."""
    return sorted(p for p, s in pairs.items()
                  if p[0] in colours and p[1] in colours
                  and (colours[p[0]] != colours[p[1]]) == (s > 0))


def _exact_component(nodes: list[str], pairs: dict[tuple[str, str], int],
                     max_optima: int = 64) -> tuple[int, list[np.ndarray]]:
    """Exhaustively search the 2^(n-1) colourings of a component (first node fixed to 0).

    Returns the minimum number of violated edges and the optimal colourings (arrays of 0/1
    in `nodes` order), lowest bitmask first (the tie-break), at most `max_optima` of them.
    """
    n = len(nodes)
    if n == 1:
        return 0, [np.zeros(1, dtype=np.uint8)]
    idx = {v: i for i, v in enumerate(nodes)}
    edges = [(idx[u], idx[v], 1 if s < 0 else 0) for (u, v), s in pairs.items()
             if u in idx and v in idx]
    n_masks = 1 << (n - 1)
    chunk = min(n_masks, 1 << 18)
    best = math.inf
    optima: list[int] = []
    for start in range(0, n_masks, chunk):
        masks = np.arange(start, min(start + chunk, n_masks), dtype=np.uint32)
        cols = np.zeros((n, masks.size), dtype=np.uint8)
        for i in range(1, n):
            cols[i] = (masks >> np.uint32(i - 1)) & np.uint32(1)
        viol = np.zeros(masks.size, dtype=np.uint16)
        for i, j, neg in edges:
            viol += cols[i] ^ cols[j] ^ np.uint8(neg)
        low = int(viol.min())
        if low < best:
            best, optima = low, []
        if low == best and len(optima) < max_optima:
            hits = masks[viol == low][: max_optima - len(optima)]
            optima.extend(int(m) for m in hits)
    colourings = [
        np.array([0] + [(m >> (i - 1)) & 1 for i in range(1, n)], dtype=np.uint8)
        for m in optima
    ]
    return int(best), colourings


def _heuristic_component(nodes: list[str], pairs: dict[tuple[str, str], int]) -> dict[str, int]:
    """Colour a large component: BFS spanning-tree colouring, then greedy single-node flips.

    Deterministic: BFS from the first node visiting neighbours in sorted order; each round
    flips the node with the largest gain (ties: alphabetically first) until none improves.
    """
    members = set(nodes)
    adj: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for (u, v), s in pairs.items():
        if u in members:
            adj[u].append((v, s))
            adj[v].append((u, s))
    for v in adj:
        adj[v].sort()
    colours = {nodes[0]: 0}
    queue = [nodes[0]]
    while queue:
        u = queue.pop(0)
        for v, s in adj[u]:
            if v not in colours:
                colours[v] = colours[u] if s > 0 else 1 - colours[u]
                queue.append(v)

    def gain(v: str) -> int:
        """Violations at v fixed by flipping it, minus those created."""
        bad = sum((colours[v] != colours[w]) == (s > 0) for w, s in adj[v])
        return bad - (len(adj[v]) - bad)

    while True:
        best = min(nodes, key=lambda v: (-gain(v), v))
        if gain(best) <= 0:
            break
        colours[best] = 1 - colours[best]
    if colours[nodes[0]] == 1:
        colours = {v: 1 - c for v, c in colours.items()}
    return colours


def _blocks(nodes: list[str], pairs: dict[tuple[str, str], int]) -> list[list[str]]:
    """Return the biconnected components (blocks) of a connected component, sorted.

    Every cycle lies inside one block, so balance and the frustration index decompose over
    blocks: each block can be solved alone and the colourings glued at cut vertices.
    """
    H = nx.Graph()
    H.add_nodes_from(nodes)
    H.add_edges_from(pairs)
    if H.number_of_nodes() == 1:
        return [list(nodes)]
    return sorted(sorted(b) for b in nx.biconnected_components(H))


def _solve_component(nodes: list[str], pairs: dict[tuple[str, str], int]
                     ) -> tuple[dict[str, int], bool, list[list[tuple[str, str]]]]:
    """Find a minimum-frustration 2-colouring of one connected component, block by block.

    Returns the colouring (first node 0), whether it is exact, and other equally small
    frustrated-edge sets of the component (one block changed at a time).
    """
    solved: list[tuple[list[str], dict[str, int], list[dict[str, int]]]] = []
    exact = True
    for block in _blocks(nodes, pairs):
        members = set(block)
        bpairs = {p: s for p, s in pairs.items() if p[0] in members and p[1] in members}
        if len(block) <= EXACT_MAX_NODES:
            _, colourings = _exact_component(block, bpairs)
            cols = [dict(zip(block, (int(c) for c in col))) for col in colourings]
            solved.append((block, cols[0], cols[1:]))
        else:
            exact = False
            solved.append((block, _heuristic_component(block, bpairs), []))
    # glue the block colourings along the block-cut tree, starting from the first node
    colours: dict[str, int] = {nodes[0]: 0}
    flips: dict[int, bool] = {}
    while len(flips) < len(solved):
        for i, (block, col, _) in enumerate(solved):
            shared = [v for v in block if v in colours]
            if i not in flips and shared:
                flips[i] = col[shared[0]] != colours[shared[0]]
                colours.update({v: c ^ flips[i] for v, c in col.items()})
                break
    chosen = _violations(colours, pairs)
    alternatives = []
    for i, (block, col, others) in enumerate(solved):
        own = set(_violations(col, pairs))
        rest = [e for e in chosen if e not in own]
        for other in others:
            cand = sorted(rest + _violations(other, pairs))
            if cand != chosen and cand not in alternatives:
                alternatives.append(cand)
    return dict(sorted(colours.items())), exact, alternatives


def frustration_index(G_state: nx.Graph) -> FrustrationResult:
    """Compute the frustration index (line index of balance) of a signed graph.

    Args:
        G_state: Graph whose edges carry `sign` (or `weight`); sign 0 edges are ignored,
            as are self-loops; parallel edges are summed first.

    Returns:
        FrustrationResult with the index, the optimal 2-colouring (per connected component
        the alphabetically first node is 0; within a block ties between optimal colourings
        go to the lowest bitmask over the block's other nodes in sorted order), the
        frustrated edges, equally small alternatives and the method used.
    """
    pairs = _signed_pairs(G_state)
    if not pairs:
        return FrustrationResult(0, {}, [], METHOD_EMPTY)
    partition: dict[str, int] = {}
    exact = True
    per_comp: list[tuple[list[tuple[str, str]], list[list[tuple[str, str]]]]] = []
    for nodes in _components(pairs):
        members = set(nodes)
        comp_pairs = {p: s for p, s in pairs.items() if p[0] in members}
        colours, comp_exact, others = _solve_component(nodes, comp_pairs)
        exact = exact and comp_exact
        partition.update(colours)
        per_comp.append((_violations(colours, comp_pairs), others))
    frustrated = sorted(e for chosen_v, _ in per_comp for e in chosen_v)
    alt_sets: list[list[tuple[str, str]]] = []
    for k, (chosen_v, others) in enumerate(per_comp):
        rest = [e for e in frustrated if e not in set(chosen_v)]
        for o in others:
            cand = sorted(rest + o)
            if cand != frustrated and cand not in alt_sets and len(alt_sets) < 10:
                alt_sets.append(cand)
    return FrustrationResult(
        index=len(frustrated),
        partition=dict(sorted(partition.items())),
        frustrated_edges=frustrated,
        method=METHOD_EXACT if exact else METHOD_HEURISTIC,
        exact=exact,
        alternatives=alt_sets,
    )


def _blocs_from(G_state: nx.Graph, result: FrustrationResult) -> dict[str, int]:
    """Number the sides of each component's optimal colouring as blocs (see signed_blocs)."""
    pairs = _signed_pairs(G_state)
    blocs = {str(n): -1 for n in G_state.nodes}
    next_id = 0
    for nodes in _components(pairs):
        first = result.partition[nodes[0]]
        for side in (first, 1 - first):
            members = [v for v in nodes if result.partition[v] == side]
            if members:
                for v in members:
                    blocs[v] = next_id
                next_id += 1
    return dict(sorted(blocs.items()))


def signed_blocs(G_state: nx.Graph) -> dict[str, int]:
    """Partition the signed graph into blocs from the optimal (minimum-frustration) colouring.

    Args:
        G_state: Signed graph (edge `sign` or `weight`).

    Returns:
        {node: bloc}. Components of the signed (nonzero) edges are taken in order of their
        alphabetically first node; within each, the side holding that node is numbered first,
        so bloc 0 holds the alphabetically first node with a signed edge. A component split
        in two yields two blocs, an all-friendly one yields one. Nodes with only neutral
        edges get -1.
    """
    return _blocs_from(G_state, frustration_index(G_state))


def triads(G_state: nx.Graph) -> pd.DataFrame:
    """List every closed triangle whose three edges all have a nonzero sign.

    Args:
        G_state: Signed graph (edge `sign` or `weight`).

    Returns:
        Frame with the columns of `schema.TRIADS` (a < b < c), sorted by (a, b, c);
        balanced is True iff the product of the three signs is positive.
    """
    pairs = _signed_pairs(G_state)
    nbrs: dict[str, set[str]] = defaultdict(set)
    for u, v in pairs:
        nbrs[u].add(v)
        nbrs[v].add(u)
    rows = []
    for a in sorted(nbrs):
        for b in sorted(w for w in nbrs[a] if w > a):
            for c in sorted(w for w in nbrs[a] & nbrs[b] if w > b):
                ab, bc, ac = pairs[(a, b)], pairs[(b, c)], pairs[(a, c)]
                rows.append({"a": a, "b": b, "c": c, "sign_ab": ab, "sign_bc": bc,
                             "sign_ac": ac, "balanced": ab * bc * ac > 0})
    frame = pd.DataFrame(rows, columns=schema.TRIADS.names)
    return frame.astype({"sign_ab": int, "sign_bc": int, "sign_ac": int, "balanced": bool})


def _and(items: list[str]) -> str:
    """Join items as English: 'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _triad_sentence(row: dict[str, Any], pairs: dict[tuple[str, str], int],
                    label: Any) -> str:
    """Describe one unbalanced triad, naming the odd edge(s) last."""
    a, b, c = row["a"], row["b"], row["c"]
    edges = [((a, b), pairs[(a, b)]), ((b, c), pairs[(b, c)]), ((a, c), pairs[(a, c)])]
    neg = [e for e in edges if e[1] < 0]
    names = f"{label(a)}{_DASH}{label(b)}{_DASH}{label(c)}"

    def edge_text(e: tuple[tuple[str, str], int]) -> str:
        """'U–V (sign)'."""
        (u, v), s = e
        return f"{u}{_DASH}{v} ({_fmt_sign(s)})"

    if len(neg) == 1:
        pos = [e for e in edges if e[1] > 0]
        (x, y), _ = neg[0]
        pivot = ({a, b, c} - {x, y}).pop()
        return (f"the triad {names} has {edge_text(pos[0])} and {edge_text(pos[1])} "
                f"but {edge_text(neg[0])}: {label(x)} and {label(y)} are both on good "
                f"terms with {label(pivot)} yet hostile to each other")
    return (f"the triad {names} has {edge_text(edges[0])}, {edge_text(edges[1])} and "
            f"{edge_text(edges[2])}: all three are hostile to one another, which no "
            f"split into two blocs can accommodate")


def _explain(G_state: nx.Graph, tri: pd.DataFrame, result: FrustrationResult,
             blocs: dict[str, int], lookup: dict[str, dict[str, str]]) -> str:
    """Write a plain-English account of the balance of the state graph."""

    def label(n: str) -> str:
        """Display name of a node."""
        return _name_of(n, G_state, lookup)

    pairs = _signed_pairs(G_state)
    if not pairs:
        return ("There are no signed state-to-state relations, so structural balance "
                "cannot be assessed.")
    groups: dict[int, list[str]] = defaultdict(list)
    for n, b in blocs.items():
        if b >= 0:
            groups[b].append(n)
    bloc_text = "; ".join(f"bloc {b}: {', '.join(label(n) for n in groups[b])}"
                          for b in sorted(groups))
    n_tri = len(tri)
    if result.index == 0:
        tri_text = (f"all {n_tri} closed triads are balanced and " if n_tri else "")
        return (f"The account is balanced: {tri_text}the states split into blocs with "
                f"friendly relations inside and hostile relations between them ({bloc_text}).")
    bad = tri[~tri["balanced"]].to_dict("records") if n_tri else []
    frustrated = set(result.frustrated_edges)
    bad.sort(key=lambda r: (-sum(e in frustrated for e in
                                 [(r["a"], r["b"]), (r["b"], r["c"]), (r["a"], r["c"])]),
                            r["a"], r["b"], r["c"]))
    parts = [f"The account is unbalanced (frustration index {result.index}"
             f"{'' if result.exact else ', an upper bound'})"]
    if bad:
        shown = [_triad_sentence(r, pairs, label) for r in bad[:3]]
        n_more = len(bad) - 3
        more = (f" ({n_more} more unbalanced triad{'s' if n_more > 1 else ''})"
                if n_more > 0 else "")
        parts[0] += ": " + "; ".join(shown) + more + "."
    else:
        parts[0] += ": no closed triad is unbalanced, but a longer cycle has an odd number "\
                    "of hostile edges."
    cut = _and([f"the {label(u)}{_DASH}{label(v)} edge ({_fmt_sign(pairs[(u, v)])})"
                for u, v in result.frustrated_edges])
    verb = "would" if result.exact else "would (at most)"
    parts.append(f"Removing {cut} {verb} balance it, leaving {bloc_text}.")
    if result.alternatives:
        alts = " or ".join(_and([f"{u}{_DASH}{v}" for u, v in alt])
                           for alt in result.alternatives[:3])
        parts.append(f"The data do not decide which edge breaks balance: removing {alts} "
                     f"instead would do equally well.")
    return " ".join(parts)


def balance_summary(G_state: nx.Graph, actors: pd.DataFrame | None = None) -> dict[str, Any]:
    """Summarise structural balance of the state graph, with a plain-English explanation.

    Args:
        G_state: Signed state graph from `state_graph`.
        actors: Optional actors table for names (else the nodes' `name` attribute).

    Returns:
        Dict with n_signed_edges, n_triads, n_balanced, share_balanced (None without
        triads), frustration_index, frustrated_edges, alternatives, method, exact, blocs and
        explanation.
    """
    tri = triads(G_state)
    result = frustration_index(G_state)
    blocs = _blocs_from(G_state, result)
    n_tri = len(tri)
    n_bal = int(tri["balanced"].sum()) if n_tri else 0
    return {
        "n_signed_edges": len(_signed_pairs(G_state)),
        "n_triads": n_tri,
        "n_balanced": n_bal,
        "share_balanced": round(n_bal / n_tri, 4) if n_tri else None,
        "frustration_index": result.index,
        "frustrated_edges": result.frustrated_edges,
        "alternatives": result.alternatives,
        "method": result.method,
        "exact": result.exact,
        "blocs": blocs,
        "explanation": _explain(G_state, tri, result, blocs, _actor_lookup(actors)),
    }


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
    frame = pd.DataFrame(rows, columns=schema.NODES.names)
    frame = frame.astype({"degree": int, "weighted_degree": int, "betweenness": float,
                          "bloc": int})
    return frame.sort_values(list(schema.NODES.key), kind="stable").reset_index(drop=True)


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
    frame = pd.DataFrame(data, columns=schema.EDGES.names).astype({"sign": int})
    return frame.sort_values(list(schema.EDGES.key), kind="stable").reset_index(drop=True)


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
                     "relation_ids": _str(d.get("relation_ids"))})
    frame = pd.DataFrame(rows, columns=schema.STATE_EDGES.names)
    ints = ["weight", "sign", "n_positive", "n_negative", "n_neutral"]
    frame = frame.astype({c: int for c in ints})
    return frame.sort_values(list(schema.STATE_EDGES.key), kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------- exports

#: Characters XML 1.0 does not allow; they are dropped from the GraphML and GEXF text.
_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

#: GraphML and GEXF type names of the cleaned attribute types (networkx's choice of names).
_XML_TYPES: dict[type, str] = {str: "string", int: "long", float: "double", bool: "boolean"}

#: Values the JSON writer may serialise without nesting (exact types).
_JSON_SCALARS: frozenset[type] = frozenset({str, int, float, bool, type(None)})

#: Attribute types that `_clean_value` returns unchanged.
_PLAIN_TYPES: frozenset[type] = frozenset({str, int, bool})

_GRAPHML_HEAD: str = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
    'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
)

_GEXF_HEAD: str = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    '<gexf xmlns="http://www.gexf.net/1.2draft" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" '
    'version="1.2">\n'
)


def _clean_value(value: Any) -> str | int | float | bool:
    """Coerce an attribute to a type GraphML/GEXF/JSON all hold (None -> "")."""
    kind = type(value)
    if kind is str or kind is int or kind is bool:  # the common cases, unchanged
        return value
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return "" if math.isnan(value) else float(value)
    if isinstance(value, (list, tuple, set)):
        return ";".join(sorted(_str(v) for v in value))
    return _str(value)


def _clean(attrs: dict[str, Any]) -> dict[str, Any]:
    """Return attrs with sorted keys and export-safe values."""
    out: dict[str, Any] = {}
    for k in sorted(attrs):
        v = attrs[k]
        kind = type(v)
        out[k if type(k) is str else str(k)] = (
            v if kind is str or kind is int else _clean_value(v))
    return out


def sorted_copy(G: nx.Graph) -> nx.Graph:
    """Return a copy of G (same class) with nodes and edges inserted in sorted order.

    Nodes are inserted sorted by `str(node)`, multigraph edges by `(str(key), str(u),
    str(v))` and simple-graph edges by `(str(u), str(v))`; the exports of `write_exports`
    list nodes and edges in the iteration order of this copy (without building it).

    Args:
        G: Any networkx graph.

    Returns:
        A new graph whose attributes are export-safe (no None; lists joined with `;`).
    """
    H = G.__class__()
    H.graph.update(_clean(G.graph))
    for n in sorted(G.nodes, key=str):
        H.add_node(n, **_clean(G.nodes[n]))
    if G.is_multigraph():
        edges = sorted(G.edges(keys=True, data=True), key=lambda e: (str(e[2]), str(e[0]),
                                                                     str(e[1])))
        for u, v, k, d in edges:
            H.add_edge(u, v, key=k, **_clean(d))
    else:
        for u, v, d in sorted(G.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
            H.add_edge(u, v, **_clean(d))
    return H


def _export_nodes(G: nx.Graph) -> list[Any]:
    """Return the nodes of G sorted by `str(node)` (stable), the order of the exports."""
    return sorted(G.nodes, key=str)


def _export_edges(G: nx.Graph, nodes: list[Any]) -> Iterable[tuple[Any, Any, Any, dict]]:
    """Yield (u, v, key, data) in the iteration order of `sorted_copy(G)` (key None if simple).

    That copy inserts the edges sorted as strings (multigraphs by key, u, v; simple graphs by
    u, v) and then iterates them grouped by their first end in node order (an undirected
    edge under whichever end comes first), the neighbours of a node in the order of their
    first inserted edge. The same order is produced here one node at a time, from G itself:
    `data` is G's own attribute dict, to be cleaned by the caller.
    """
    directed, multi = G.is_directed(), G.is_multigraph()
    rank = {n: i for i, n in enumerate(nodes)}
    # an undirected edge is sorted as G.edges() reports it: from the end G lists first
    g_pos = {} if directed else {n: i for i, n in enumerate(G)}
    adj = G._adj  # plain dicts: much faster than the G.adj views
    for u in nodes:
        here: list[tuple[tuple[str, ...], Any, Any, dict]] = []
        su = str(u)
        for v, data in adj[u].items():
            if directed:
                sa, sb = su, str(v)
            elif rank[v] < rank[u]:
                continue  # listed under v
            elif g_pos[u] <= g_pos[v]:
                sa, sb = su, str(v)
            else:
                sa, sb = str(v), su
            if multi:
                for k, d in data.items():
                    here.append(((str(k), sa, sb), v, k, d))
            else:
                here.append(((sa, sb), v, None, data))
        here.sort(key=lambda e: e[0])
        if multi:  # neighbours in the order of their first edge, each with its keys in order
            by_nbr: dict[Any, list[tuple[Any, dict]]] = {}
            for _, v, k, d in here:
                by_nbr.setdefault(v, []).append((k, d))
            for v, kds in by_nbr.items():
                for k, d in kds:
                    yield u, v, k, d
        else:
            for _, v, _, d in here:
                yield u, v, None, d


def _xml_text(text: str) -> str:
    """Escape text as XML character data, dropping characters XML 1.0 does not allow."""
    if not (text.isascii() and text.isprintable()):
        text = _XML_INVALID.sub("", text)
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:  # a raw CR would be read back as LF
        text = text.replace("\r", "&#13;")
    return text


def _xml_attr(text: str) -> str:
    """Escape text as a double-quoted XML attribute value, dropping disallowed characters."""
    text = _xml_text(text)  # invalid characters, & < > and CR, as for character data
    if '"' in text:
        text = text.replace('"', "&quot;")
    if "\n" in text:  # as ElementTree does: keep LF and TAB through attribute normalisation
        text = text.replace("\n", "&#10;")
    if "\t" in text:
        text = text.replace("\t", "&#09;")
    return text


def _graph_attrs(G: nx.Graph) -> tuple[Any, dict[str, Any]]:
    """Return the GraphML graph id (None if absent) and the other cleaned graph attributes."""
    attrs = _clean(G.graph)
    graph_id = attrs.pop("id", None)
    for reserved in ("node_default", "edge_default"):
        attrs.pop(reserved, None)
    return graph_id, attrs


def _gexf_node(n: Any, attrs: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Split cleaned node attributes into the GEXF label and the attvalues.

    The label is the `label` attribute, else `name`, else the node id.
    """
    if "label" not in attrs:
        return str(_str(attrs.get("name")) or n), attrs
    values = dict(attrs)
    return str(values.pop("label")), values


def _gexf_edge(k: Any, attrs: dict[str, Any],
               multi: bool) -> tuple[Any, dict[str, str], dict[str, Any]]:
    """Split cleaned edge attributes into GEXF id, XML attributes and attvalues (as networkx).

    The id is the `id` attribute, else the multigraph key, else None (to be numbered);
    `label` and a numeric `weight` (which Gephi reads) become XML attributes; a multigraph
    key is also kept as the `networkx_key` attvalue (which `nx.read_gexf` uses as the key),
    as is an attribute called `key`.
    """
    values = dict(attrs)
    if multi:
        values["key"] = _clean_value(k)
    eid = values.pop("id", None)
    if eid is None and multi:
        eid = str(k)
    xml: dict[str, str] = {}
    if "label" in values:
        xml["label"] = str(values.pop("label"))
    if type(values.get("weight")) in (int, float):
        xml["weight"] = str(values.pop("weight"))
    if "key" in values:  # renamed in place, as networkx does
        values = {("networkx_key" if name == "key" else name): v for name, v in values.items()}
    return eid, xml, values


@dataclass
class _Schema:
    """Attribute declarations of an export, from a first pass over its nodes and edges."""

    nodes: list[Any]
    #: node -> its id as an escaped XML attribute value
    xml_ids: dict[Any, str] = field(default_factory=dict)
    n_edges: int = 0
    #: (scope, name, type) -> GraphML key id d0, d1, ... in order of first use
    graphml_keys: dict[tuple[str, str, type], str] = field(default_factory=dict)
    #: title -> (GEXF attribute id, type of its first value), nodes numbered first
    gexf_node_attrs: dict[str, tuple[str, type]] = field(default_factory=dict)
    gexf_edge_attrs: dict[str, tuple[str, type]] = field(default_factory=dict)
    #: GEXF edge ids taken by `id` attributes of a simple graph (the others are numbered)
    gexf_ids: set[str] = field(default_factory=set)

    def declare(self, scope: str, attrs: dict[str, Any]) -> None:
        """Give each new (scope, name, type) of cleaned attributes the next GraphML key id."""
        keys = self.graphml_keys
        for name, value in attrs.items():
            sig = (scope, name, type(value))
            if sig not in keys:
                keys[sig] = f"d{len(keys)}"

    def declare_gexf(self, scope: str, values: dict[str, Any]) -> None:
        """Give each new GEXF attvalue title of a node or edge the next attribute id."""
        titles = self.gexf_node_attrs if scope == "node" else self.gexf_edge_attrs
        for title, value in values.items():
            if title not in titles:
                n_ids = len(self.gexf_node_attrs) + len(self.gexf_edge_attrs)
                titles[title] = (str(n_ids), type(value))


def _schema(G: nx.Graph, nodes: list[Any]) -> _Schema:
    """Collect the attribute declarations of G's exports (one pass over nodes and edges)."""
    multi = G.is_multigraph()
    schema = _Schema(nodes, {n: _xml_attr(str(n)) for n in nodes})
    schema.declare("graph", _graph_attrs(G)[1])
    for n in nodes:
        attrs = _clean(G._node[n])
        schema.declare("node", attrs)
        schema.declare_gexf("node", _gexf_node(n, attrs)[1])
    done: set[tuple] = set()  # attribute names and types already declared
    for _, _, k, d in _export_edges(G, nodes):
        schema.n_edges += 1
        if not multi and "id" in d:
            schema.gexf_ids.add(str(_clean_value(d["id"])))
        kinds = tuple(map(type, d.values()))
        sig = (tuple(d), kinds, type(k))
        if sig in done:
            continue
        if _PLAIN_TYPES.issuperset(kinds) and (k is None or type(k) in _PLAIN_TYPES):
            # other types may clean to another type (NaN -> ""), so they are checked each time
            done.add(sig)
        attrs = _clean(d)
        schema.declare("edge", attrs)
        schema.declare_gexf("edge", _gexf_edge(k, attrs, multi)[2])
    return schema


class _GraphML:
    """GraphML text of one graph, element by element, as `nx.write_graphml_xml` writes it.

    `<key>` elements come first (in reverse order of their ids, like networkx), a multigraph
    key is the edge `id`, the graph's `id` attribute is the graph element's id and its other
    attributes follow the edges. Bools are written True/False.
    """

    def __init__(self, G: nx.Graph, schema: _Schema) -> None:
        self.keys = schema.graphml_keys
        self.ids = schema.xml_ids
        self.multi = G.is_multigraph()
        self.directed = G.is_directed()
        self.graph_id, self.graph_attrs = _graph_attrs(G)
        self.empty = not schema.nodes and not self.graph_attrs  # no node: no edge either

    def data(self, scope: str, attrs: dict[str, Any], indent: str) -> str:
        """Return the `<data>` lines of cleaned attributes."""
        keys = self.keys
        lines = []
        for name, value in attrs.items():
            kid = keys[(scope, name, type(value))]
            text = _xml_text(value) if type(value) is str else str(value)
            if text:
                lines.append(f'{indent}<data key="{kid}">{text}</data>\n')
            else:
                lines.append(f'{indent}<data key="{kid}" />\n')
        return "".join(lines)

    def head(self) -> str:
        """Return the XML declaration, the keys and the opening graph tag."""
        lines = [_GRAPHML_HEAD]
        for (scope, name, kind), kid in reversed(self.keys.items()):
            lines.append(f'  <key id="{kid}" for="{scope}" attr.name="{_xml_attr(name)}" '
                         f'attr.type="{_XML_TYPES[kind]}" />\n')
        tag = f'  <graph edgedefault="{"directed" if self.directed else "undirected"}"'
        if self.graph_id is not None:
            tag += f' id="{_xml_attr(str(self.graph_id))}"'
        lines.append(tag + (" />\n" if self.empty else ">\n"))
        return "".join(lines)

    def node(self, n: Any, attrs: dict[str, Any]) -> str:
        """Return a `<node>` element."""
        head = f'    <node id="{self.ids[n]}"'
        if not attrs:
            return head + " />\n"
        return f'{head}>\n{self.data("node", attrs, "      ")}    </node>\n'

    def between(self) -> str:
        """Return what separates the nodes from the edges (nothing)."""
        return ""

    def edge(self, u: Any, v: Any, k: Any, attrs: dict[str, Any]) -> str:
        """Return an `<edge>` element."""
        head = f'    <edge source="{self.ids[u]}" target="{self.ids[v]}"'
        if self.multi:
            head += f' id="{_xml_attr(str(k))}"'
        if not attrs:
            return head + " />\n"
        return f'{head}>\n{self.data("edge", attrs, "      ")}    </edge>\n'

    def tail(self) -> str:
        """Return the graph attributes and the closing tags."""
        if self.empty:
            return "</graphml>\n"
        return self.data("graph", self.graph_attrs, "    ") + "  </graph>\n</graphml>\n"


class _Gexf:
    """GEXF 1.2 text of one graph, element by element, as `nx.write_gexf` writes it.

    No `lastmodifieddate` (for stable bytes). Attributes are declared by title with the
    type of their first value; edges without an id are numbered 0, 1, ... skipping the ids
    in use. Bools are written true/false, infinite floats INF/-INF.
    """

    def __init__(self, G: nx.Graph, schema: _Schema) -> None:
        self.schema = schema
        self.ids = schema.xml_ids
        self.multi = G.is_multigraph()
        self.directed = G.is_directed()
        self.name = str(_clean_value(G.graph.get("name", "")))
        self.used = set(schema.gexf_ids)
        self.number = 0

    @staticmethod
    def attvalues(titles: dict[str, tuple[str, type]], values: dict[str, Any]) -> str:
        """Return the `<attvalues>` block of a node or edge."""
        lines = ["        <attvalues>\n"]
        for title, value in values.items():
            kind = type(value)
            if kind is str:
                text = _xml_attr(value)
            elif kind is int:
                text = str(value)
            elif kind is bool:
                text = "true" if value else "false"
            elif kind is float:
                text = {"inf": "INF", "-inf": "-INF", "nan": "NaN"}.get(str(value), str(value))
            else:
                text = _xml_attr(str(value))
            lines.append(f'          <attvalue for="{titles[title][0]}" value="{text}" />\n')
        lines.append("        </attvalues>\n")
        return "".join(lines)

    def head(self) -> str:
        """Return the XML declaration, meta, attribute declarations and the nodes tag."""
        lines = [_GEXF_HEAD,
                 f"  <meta>\n    <creator>NetworkX {nx.__version__}</creator>\n  </meta>\n",
                 f'  <graph defaultedgetype="{"directed" if self.directed else "undirected"}" '
                 f'mode="static" name="{_xml_attr(self.name)}">\n']
        for cls, titles in (("edge", self.schema.gexf_edge_attrs),
                            ("node", self.schema.gexf_node_attrs)):
            if titles:
                lines.append(f'    <attributes mode="static" class="{cls}">\n')
                lines.extend(f'      <attribute id="{aid}" title="{_xml_attr(title)}" '
                             f'type="{_XML_TYPES[kind]}" />\n'
                             for title, (aid, kind) in titles.items())
                lines.append("    </attributes>\n")
        lines.append("    <nodes>\n" if self.schema.nodes else "    <nodes />\n")
        return "".join(lines)

    def node(self, n: Any, attrs: dict[str, Any]) -> str:
        """Return a `<node>` element."""
        label, values = _gexf_node(n, attrs)
        head = f'      <node id="{self.ids[n]}" label="{_xml_attr(label)}"'
        if not values:
            return head + " />\n"
        return f"{head}>\n{self.attvalues(self.schema.gexf_node_attrs, values)}      </node>\n"

    def between(self) -> str:
        """Return the closing nodes tag and the edges tag."""
        return (("    </nodes>\n" if self.schema.nodes else "")
                + ("    <edges>\n" if self.schema.n_edges else "    <edges />\n"))

    def edge(self, u: Any, v: Any, k: Any, attrs: dict[str, Any]) -> str:
        """Return an `<edge>` element."""
        eid, xml, values = _gexf_edge(k, attrs, self.multi)
        if eid is None:
            while str(self.number) in self.used:
                self.number += 1
            eid = self.number
            self.used.add(str(eid))
        head = (f'      <edge source="{self.ids[u]}" target="{self.ids[v]}" '
                f'id="{_xml_attr(str(eid))}"')
        for attr, text in xml.items():
            head += f' {attr}="{_xml_attr(text)}"'
        if not values:
            return head + " />\n"
        return f"{head}>\n{self.attvalues(self.schema.gexf_edge_attrs, values)}      </edge>\n"

    def tail(self) -> str:
        """Return the closing tags."""
        return ("    </edges>\n" if self.schema.n_edges else "") + "  </graph>\n</gexf>\n"


def _json_value(obj: Any, depth: int) -> str:
    """Return obj as JSON with sorted keys and one-space indent, nested `depth` levels deep.

    Equals the nested part of `json.dumps(..., sort_keys=True, indent=1, ensure_ascii=False)`;
    a flat dict goes through the C encoder, which the `indent` option would bypass.
    """
    if type(obj) is dict and obj and _JSON_SCALARS.issuperset(map(type, obj.values())):
        inner = "\n" + " " * (depth + 1)
        body = json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=("," + inner, ": "))
        return "{" + inner + body[1:-1] + "\n" + " " * depth + "}"
    text = json.dumps(obj, sort_keys=True, indent=1, ensure_ascii=False)
    return text.replace("\n", "\n" + " " * depth)  # JSON strings hold no raw newline


class _NodeLinkJson:
    """Node-link JSON text of one graph, one edge at a time.

    The text equals `json.dumps(nx.node_link_data(sorted_copy(G), edges="links"),
    sort_keys=True, indent=1, ensure_ascii=False) + "\\n"`.
    """

    def __init__(self, G: nx.Graph, schema: _Schema) -> None:
        self.G = G
        self.nodes = schema.nodes
        self.multi = G.is_multigraph()
        self.first = True

    def head(self) -> str:
        """Return the text up to the links."""
        return (f'{{\n "directed": {json.dumps(self.G.is_directed())},\n'
                f' "graph": {_json_value(_clean(self.G.graph), 1)},\n "links": [')

    def node(self, n: Any, attrs: dict[str, Any]) -> str:
        """Return nothing: the nodes come after the links (sorted keys)."""
        return ""

    def between(self) -> str:
        """Return what separates the nodes from the edges (nothing)."""
        return ""

    def edge(self, u: Any, v: Any, k: Any, attrs: dict[str, Any]) -> str:
        """Return one link."""
        link = {**attrs, "source": u, "target": v}
        if self.multi:
            link["key"] = k
        sep = "\n  " if self.first else ",\n  "
        self.first = False
        return sep + _json_value(link, 2)

    def tail(self) -> str:
        """Return the end of the links and the nodes (a second, cheap pass over them)."""
        G, nodes = self.G, self.nodes
        items = ",\n  ".join(_json_value({**_clean(G._node[n]), "id": n}, 2) for n in nodes)
        return (("]" if self.first else "\n ]")
                + f',\n "multigraph": {json.dumps(self.multi)},\n "nodes": ['
                + (f"\n  {items}\n ]" if nodes else "]") + "\n}\n")


def _open_text(path: Path) -> io.TextIOWrapper:
    """Open path for writing UTF-8 text with "\\n" line ends."""
    return open(path, "w", encoding="utf-8", newline="")


def write_exports(G: nx.Graph, out_dir: Path | str, stem: str = "network") -> list[Path]:
    """Write G as GraphML, GEXF and node-link JSON, byte-identical across runs.

    The three files are streamed together, element by element, after a first pass that
    collects the attribute declarations; memory does not grow with the number of edges.
    Nodes and edges come in the order of `sorted_copy(G)`, attributes are cleaned by
    `_clean`, and characters XML 1.0 does not allow are dropped from the XML files.

    Args:
        G: Graph to export (usually the actor graph from `build_graph`).
        out_dir: Folder to write into (created if missing).
        stem: File name stem (default "network").

    Returns:
        Paths of `<stem>.graphml`, `<stem>.gexf` and `<stem>.json`.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    nodes = _export_nodes(G)
    schema = _schema(G, nodes)
    paths = [out / f"{stem}.graphml", out / f"{stem}.gexf", out / f"{stem}.json"]
    formats = (_GraphML(G, schema), _Gexf(G, schema), _NodeLinkJson(G, schema))
    with _open_text(paths[0]) as f0, _open_text(paths[1]) as f1, _open_text(paths[2]) as f2:
        sinks = list(zip(formats, (f0.write, f1.write, f2.write)))
        for fmt, write in sinks:
            write(fmt.head())
        for n in nodes:
            attrs = _clean(G._node[n])
            for fmt, write in sinks:
                write(fmt.node(n, attrs))
        for fmt, write in sinks:
            write(fmt.between())
        for u, v, k, d in _export_edges(G, nodes):
            attrs = _clean(d)
            for fmt, write in sinks:
                write(fmt.edge(u, v, k, attrs))
        for fmt, write in sinks:
            write(fmt.tail())
    return paths
