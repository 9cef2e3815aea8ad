"""Graphs built from the relations table: actor, export, state and claimant graphs."""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any, Iterable

import networkx as nx
import pandas as pd

from analysis.network.common import (
    EDGE_STR_ATTRS,
    MODALITY_ORDER,
    _actor_lookup,
    _col,
    _int,
    _node_attrs,
    _pair,
    _records,
    _sign,
    _str,
    _with_states,
)

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


def _columns(df: pd.DataFrame, names: Iterable[str]) -> list[list[str]]:
    """Columns of a DataFrame as lists of strings (fast: no per-row dict)."""
    return [_col(df, n) for n in names]


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

    The sign of a pair is the balance of its evidence: cooperative minus hostile relations
    (neutral ones count for neither). One phrase does not settle a pair that many others
    contradict, and a reader sees how much stands behind each edge: how many relations and
    documents, how firmly asserted, and whether the balance is clear, weak or a tie.

    Args:
        relations: Frame with the columns of `schema.RELATIONS`; empty source_state or
            target_state cells are filled from `actors.state`.
        actors: Frame with the columns of `schema.ACTORS` (names of the state nodes).

    Returns:
        A Graph over ISO3 codes. Rows with an empty state or with both ends in the same state
        are skipped. Edge attributes: weight (sum of signs), sign (sign of the sum, 0 when it
        is 0), n_positive, n_negative, n_neutral, n_relations, n_docs, n_firm_positive and
        n_firm_negative (asserted, affirmed relations), modalities (`modality:count`,
        `;`-joined), evidence (`evidence_label`), relation_ids (sorted, `;`-joined) and
        modality (the firmest modality among the relations).
    """
    rel = _with_states(relations, actors)
    return state_graph_of(_columns(rel, STATE_GRAPH_COLUMNS), _actor_lookup(actors))


#: The relation columns `state_graph_of` reads, in its order.
STATE_GRAPH_COLUMNS: tuple[str, ...] = ("source_state", "target_state", "sign", "relation_id",
                                        "modality", "polarity", "doc_id")


def state_graph_of(columns: list[list[str]], lookup: dict[str, dict[str, str]]) -> nx.Graph:
    """`state_graph` from the relations' `STATE_GRAPH_COLUMNS` as lists (states filled) and
    the actors read by `_actor_lookup`: a corpus of many conflict systems builds one graph
    per system, and a DataFrame per system cost more than the graph."""
    agg: dict[tuple[str, str], dict[str, Any]] = {}
    for a, b, sign, rid, modality, polarity, doc in zip(*columns):
        if not a or not b or a == b:
            continue
        s = _int(sign)
        e = agg.setdefault(_pair(a, b), {"weight": 0, "n_positive": 0, "n_negative": 0,
                                         "n_neutral": 0, "n_firm_positive": 0,
                                         "n_firm_negative": 0, "ids": [], "modalities": [],
                                         "docs": set()})
        e["weight"] += s
        e["n_positive" if s > 0 else "n_negative" if s < 0 else "n_neutral"] += 1
        if s and modality in ("", "asserted") and polarity in ("", "affirm"):
            e["n_firm_positive" if s > 0 else "n_firm_negative"] += 1
        e["ids"].append(rid)
        e["modalities"].append(modality)
        e["docs"].add(doc)
    G = nx.Graph()
    for node in sorted({n for pair in agg for n in pair}):
        rec = lookup.get(node, {})
        G.add_node(node, name=rec.get("name", "") or node, type=rec.get("type", "") or "state")
    for (a, b) in sorted(agg):
        e = agg[(a, b)]
        counts = Counter(m or "unknown" for m in e["modalities"])
        G.add_edge(a, b, weight=e["weight"], sign=_sign(e["weight"]),
                   n_positive=e["n_positive"], n_negative=e["n_negative"],
                   n_neutral=e["n_neutral"], n_relations=len(e["ids"]),
                   n_docs=len(e["docs"] - {""}) or 1,
                   n_firm_positive=e["n_firm_positive"], n_firm_negative=e["n_firm_negative"],
                   modalities=";".join(f"{m}:{counts[m]}" for m in sorted(counts)),
                   evidence=evidence_label(e["n_positive"], e["n_negative"],
                                           e["n_firm_positive"], e["n_firm_negative"]),
                   relation_ids=";".join(sorted(e["ids"])),
                   modality=_firmest(e["modalities"]))
    return G


#: Evidence labels of a state edge, from the counts behind it.
EVIDENCE_LABELS: tuple[str, ...] = ("clear", "weak", "tie", "neutral")


def evidence_label(n_pos: int, n_neg: int, firm_pos: int, firm_neg: int) -> str:
    """How firmly the counts behind a state edge decide its sign.

    `neutral`: no cooperative or hostile relation; `tie`: as many of each (sign 0);
    `weak`: the winning side rests on one relation, wins by one, or has no asserted
    relation (only hedged, conditional or forecast ones); `clear` otherwise.
    """
    if n_pos == n_neg:
        return "neutral" if n_pos == 0 else "tie"
    won, lost, firm = (n_pos, n_neg, firm_pos) if n_pos > n_neg else (n_neg, n_pos, firm_neg)
    if won < 2 or won - lost < 2 or firm == 0:
        return "weak"
    return "clear"


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


