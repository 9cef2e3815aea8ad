"""Relations -> signed actor network: graphs, metrics, blocs, structural balance, exports.

Three graphs are built from the `relations` table (columns of `schema.RELATIONS`) and the
`actors` table (`schema.ACTORS`):

- the **actor graph** (`build_graph`): a `MultiDiGraph` with one node per actor that appears
  in a relation and one edge per relation (key = `relation_id`), carrying its provenance
  (claim, document, claimant, attribution, modality, polarity, codes, trigger);
- the **state graph** (`state_graph`): actors collapsed to the state they belong to, undirected,
  the signs of all relations between two states summed;
- the **claimant graph** (`claimant_graph`): who speaks about whom.

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
    return [_str(v) for v in frame[name].tolist()]


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
    for r in _records(rel):
        a, b = _str(r.get("source_state")), _str(r.get("target_state"))
        if not a or not b or a == b:
            continue
        s = _int(r.get("sign"))
        e = agg.setdefault(_pair(a, b), {"weight": 0, "n_positive": 0, "n_negative": 0,
                                         "n_neutral": 0, "ids": [], "modalities": []})
        e["weight"] += s
        e["n_positive" if s > 0 else "n_negative" if s < 0 else "n_neutral"] += 1
        e["ids"].append(_str(r.get("relation_id")))
        e["modalities"].append(_str(r.get("modality")))
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
        for n in {u, v}:
            deg[n] += 1
            wdeg[n] += _int(d.get("sign"))
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


def _clean_value(value: Any) -> str | int | float | bool:
    """Coerce an attribute to a type GraphML/GEXF/JSON all hold (None -> "")."""
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
    return {str(k): _clean_value(v) for k, v in sorted(attrs.items())}


def sorted_copy(G: nx.Graph) -> nx.Graph:
    """Return a copy of G (same class) with nodes and edges inserted in sorted order.

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


def _gexf_bytes(G: nx.Graph) -> bytes:
    """Serialise G as GEXF 1.2 without the writer's lastmodifieddate (for stable bytes)."""
    H = G.copy()
    for n, d in H.nodes(data=True):
        d.setdefault("label", _str(d.get("name")) or str(n))
    if H.is_multigraph():
        for u, v, k, d in H.edges(keys=True, data=True):
            d.setdefault("id", str(k))
    buf = io.BytesIO()
    nx.write_gexf(H, buf, encoding="utf-8", prettyprint=True)
    return re.sub(rb'\s+lastmodifieddate="[^"]*"', b"", buf.getvalue(), count=1)


def _json_text(G: nx.Graph) -> str:
    """Serialise G as node-link JSON with sorted keys, one-space indent and a final newline."""
    data = nx.node_link_data(G, edges="links")
    return json.dumps(data, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def write_exports(G: nx.Graph, out_dir: Path | str, stem: str = "network") -> list[Path]:
    """Write G as GraphML, GEXF and node-link JSON, byte-identical across runs.

    Args:
        G: Graph to export (usually the actor graph from `build_graph`).
        out_dir: Folder to write into (created if missing).
        stem: File name stem (default "network").

    Returns:
        Paths of `<stem>.graphml`, `<stem>.gexf` and `<stem>.json`.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    H = sorted_copy(G)
    graphml, gexf, js = (out / f"{stem}.graphml", out / f"{stem}.gexf", out / f"{stem}.json")
    nx.write_graphml_xml(H, graphml, encoding="utf-8", prettyprint=True)
    gexf.write_bytes(_gexf_bytes(H))
    js.write_bytes(_json_text(H).encode("utf-8"))
    return [graphml, gexf, js]
