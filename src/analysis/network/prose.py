"""Plain-English account of structural balance (the `explanation` in balance.json)."""
from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx
import pandas as pd

from analysis.network.balance import (
    FrustrationResult,
    _blocs_from,
    _signed_pairs,
    frustration_index,
    triad_rows,
)
from analysis.network.common import _DASH, _actor_lookup, _fmt_sign, _name_of


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


def _explain(G_state: nx.Graph, tri: list[dict[str, Any]], result: FrustrationResult,
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
    bad = [r for r in tri if not r["balanced"]]
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
    return summary_with(G_state, _actor_lookup(actors))


def summary_with(G_state: nx.Graph, lookup: dict[str, dict[str, str]]) -> dict[str, Any]:
    """`balance_summary` with the actors already read into a lookup (`_actor_lookup`): a
    corpus of many conflict systems reads the actors table once, not once per system."""
    tri = triad_rows(G_state)
    result = frustration_index(G_state)
    blocs = _blocs_from(G_state, result)
    n_tri = len(tri)
    n_bal = sum(1 for r in tri if r["balanced"])
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
        "explanation": _explain(G_state, tri, result, blocs, lookup),
    }


