"""Structural balance of the signed state graph: frustration index, blocs, triads.

One implementation; its results are written to `balance.json` by the build and read by
the report, never recomputed downstream.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from analysis import schema
from analysis.network.common import _int, _pair, _sign

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
    df = pd.DataFrame(triad_rows(G_state), columns=schema.TRIADS.names)
    return df.astype({"sign_ab": int, "sign_bc": int, "sign_ac": int, "balanced": bool})


def triad_rows(G_state: nx.Graph) -> list[dict[str, Any]]:
    """The rows of `triads` as plain dicts (no DataFrame: a corpus of many small conflict
    systems reads one census per system, and a DataFrame per system cost more than the census)."""
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
    return rows


