"""Conflict systems: the groups of articles whose state networks are read together.

A corpus on several wars (Karabakh, Idlib, Libya, Ukraine) pools unrelated pairs into one
state graph: the United States hostile to Russia over Ukraine and friendly to Armenia over
Karabakh would make a triad no article describes. Balance is therefore computed per
conflict system: the articles an analyst groups in the codebook (`conflicts.yaml`, doc_id
glob patterns), and for the others the articles that share their principal hostile pair
of states, which also names the system ("ARM-AZE"). The principal pair is the article's
pair of opposing states that its war is about: among the pairs with a hostile relation, a
pair of belligerents (a relation of armed or material conflict between them, CAMEO roots
14-20, the "material conflict" quad class) before one that only trades accusations; then
the pair whose less mentioned state is mentioned most (the two sides the article is about,
not a third pair it speculates on: Karabakh is ARM-AZE, not a "confrontation" of Turkey
and Russia); then the most hostile relations; then alphabetical.
An article with no hostile pair joins the system whose principal pair it names, else it
stands alone.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from fnmatch import fnmatchcase
from typing import Any, Iterable

import pandas as pd

from analysis.network.common import _actor_lookup, _col, _int, _pair, _with_states
from analysis.network.graphs import _columns


_Pairs = tuple[Counter, set[tuple[str, str]], Counter]


def _doc_pairs(rel: pd.DataFrame, armed: frozenset[str] = frozenset()) -> dict[str, _Pairs]:
    """Per document: hostile relations per state pair, every pair it relates, and the
    hostile relations of armed or material conflict (types in `armed`) per pair (the
    relations' states already filled by `_with_states`)."""
    out: dict[str, _Pairs] = {}
    kinds = _col(rel, "relation") if "relation" in rel.columns else [""] * len(rel)
    for doc, a, b, sign, kind in zip(_col(rel, "doc_id"), _col(rel, "source_state"),
                                     _col(rel, "target_state"), _col(rel, "sign"), kinds):
        hostile, pairs, fought = out.setdefault(doc, (Counter(), set(), Counter()))
        if not a or not b or a == b:
            continue
        pair = _pair(a, b)
        pairs.add(pair)
        if _int(sign) < 0:
            hostile[pair] += 1
            if kind in armed:
                fought[pair] += 1
    return out


def _principal(hostile: Counter, fought: Counter | None = None,
               mentions: dict[str, int] | None = None) -> tuple[str, str] | None:
    """The article's principal hostile pair (see the module's docstring): belligerents
    first, then the pair whose less mentioned state is mentioned most, then the most
    hostile relations, then alphabetical."""
    if not hostile:
        return None
    fought, mentions = fought or Counter(), mentions or {}

    def key(p: tuple[str, str]) -> tuple:
        return (not fought[p], -min(mentions.get(p[0], 0), mentions.get(p[1], 0)),
                -hostile[p], p)
    return min(hostile, key=key)


def conflict_systems(relations: pd.DataFrame, actors: pd.DataFrame | None = None,
                     conflicts: Iterable[Any] = (), armed: Iterable[str] = (),
                     mentions: dict[str, dict[str, int]] | None = None) -> dict[str, str]:
    """Assign every document with a relation to a conflict system.

    Args:
        relations: Frame with doc_id, sign, relation and the relation ends (states filled
            from `actors` when absent).
        actors: The actors table (states of the relation ends).
        conflicts: Analyst-defined systems (objects with `id` and `docs`, glob patterns on
            doc_id); the first matching one wins.
        armed: Relation types of armed or material conflict (`Codebook.material_conflict`).
        mentions: Per document, mentions per state (the state's actors' mentions summed).
    Returns:
        {doc_id: system id}; found systems are named after their principal pair ("ARM-AZE"),
        an article standing alone after itself.
    """
    return _assign(_with_states(relations, actors), tuple(conflicts), frozenset(armed),
                   mentions or {})


def _assign(rel: pd.DataFrame, conflicts: tuple[Any, ...], armed: frozenset[str],
            mentions: dict[str, dict[str, int]]) -> dict[str, str]:
    """`conflict_systems` of relations whose states are filled already."""
    per_doc = _doc_pairs(rel, armed)
    out: dict[str, str] = {}
    for doc in sorted(per_doc):
        hit = next((c.id for c in conflicts if any(fnmatchcase(doc, p) for p in c.docs)), None)
        if hit is not None:
            out[doc] = hit
    principal = {d: _principal(per_doc[d][0], per_doc[d][2], mentions.get(d))
                 for d in sorted(per_doc) if d not in out}
    named = {p for p in principal.values() if p is not None}
    for doc, pair in principal.items():
        if pair is None:
            # no hostile pair: the system of a principal pair it names, else its own
            shared = sorted(p for p in per_doc[doc][1] if p in named)
            pair = shared[0] if shared else None
        out[doc] = f"{pair[0]}-{pair[1]}" if pair else f"doc:{doc}"
    return dict(sorted(out.items()))


def systems_balance(relations: pd.DataFrame, actors: pd.DataFrame | None = None,
                    conflicts: Iterable[Any] = (), armed: Iterable[str] = (),
                    mentions: dict[str, dict[str, int]] | None = None) -> list[dict[str, Any]]:
    """The balance summary of each conflict system's state graph (one triad census each);
    `armed` and `mentions` as for `conflict_systems`.

    Returns:
        One dict per system with signed edges, sorted by id: id, name, docs (sorted doc
        ids), n_docs, states, and the keys of `balance_summary`.
    """
    from analysis.network.graphs import STATE_GRAPH_COLUMNS, state_graph_of
    from analysis.network.prose import summary_with

    conflicts = tuple(conflicts)
    names = {c.id: c.name for c in conflicts}
    # States filled once, the actors read once, and each system's graph built from plain
    # column lists of its own rows: per system, a DataFrame (or a pass over every relation or
    # actor) made this stage cost ~10 ms a system, and synthetic corpora have one per article
    rel = _with_states(relations, actors)
    system_of = _assign(rel, conflicts, frozenset(armed), mentions or {})
    lookup = _actor_lookup(actors)
    docs_of: dict[str, list[str]] = defaultdict(list)
    for doc, sid in system_of.items():
        docs_of[sid].append(doc)
    columns = _columns(rel, STATE_GRAPH_COLUMNS)
    rows_of: dict[str, list[int]] = defaultdict(list)
    for i, doc in enumerate(columns[STATE_GRAPH_COLUMNS.index("doc_id")]):
        rows_of[system_of.get(doc, "")].append(i)
    out = []
    for sid in sorted(docs_of):
        keep, rows = docs_of[sid], rows_of[sid]
        G = state_graph_of([[col[i] for i in rows] for col in columns], lookup)
        if G.number_of_edges() == 0:
            continue
        summary = summary_with(G, lookup)
        if not summary["n_signed_edges"]:
            continue
        out.append({"id": sid, "name": names.get(sid, sid), "docs": sorted(keep),
                    "n_docs": len(keep), "states": sorted(str(n) for n in G.nodes),
                    **summary})
    return out
