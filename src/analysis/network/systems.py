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

from analysis.network.common import _col, _int, _pair, _with_states


_Pairs = tuple[Counter, set[tuple[str, str]], Counter]


def _doc_pairs(relations: pd.DataFrame, actors: pd.DataFrame | None,
               armed: frozenset[str] = frozenset()) -> dict[str, _Pairs]:
    """Per document: hostile relations per state pair, every pair it relates, and the
    hostile relations of armed or material conflict (types in `armed`) per pair."""
    rel = _with_states(relations, actors)
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


def _state_rows(rel: pd.DataFrame, actors: pd.DataFrame | None) -> pd.DataFrame | None:
    """The actors table's rows of the states the relations name (what a state graph and its
    balance account read: the states' names)."""
    if actors is None:
        return None
    states = set(_col(rel, "source_state")) | set(_col(rel, "target_state"))
    return actors[actors["actor_id"].isin(states)]


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
    per_doc = _doc_pairs(relations, actors, frozenset(armed))
    mentions = mentions or {}
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
    from analysis.network.graphs import state_graph
    from analysis.network.prose import balance_summary

    conflicts = tuple(conflicts)
    names = {c.id: c.name for c in conflicts}
    system_of = conflict_systems(relations, actors, conflicts, armed, mentions)
    docs_of: dict[str, list[str]] = defaultdict(list)
    for doc, sid in system_of.items():
        docs_of[sid].append(doc)
    # States filled once, rows grouped once, and each system's graph given only its states'
    # actor rows (names): per system, a pass over every relation or every actor would make
    # this stage quadratic in a corpus of many small systems.
    rel = _with_states(relations, actors)
    rel["_system"] = [system_of.get(d, "") for d in _col(rel, "doc_id")]
    states_of = _state_rows(rel, actors)
    parts = dict(tuple(rel.groupby("_system", sort=True))) if len(rel) else {}
    out = []
    for sid in sorted(docs_of):
        keep = set(docs_of[sid])
        part = parts[sid].drop(columns="_system")
        here = set(_col(part, "source_state")) | set(_col(part, "target_state"))
        state_rows = None if states_of is None else \
            states_of[states_of["actor_id"].isin(here)]
        G = state_graph(part, state_rows)
        if G.number_of_edges() == 0:
            continue
        summary = balance_summary(G, state_rows)
        if not summary["n_signed_edges"]:
            continue
        out.append({"id": sid, "name": names.get(sid, sid), "docs": sorted(keep),
                    "n_docs": len(keep), "states": sorted(str(n) for n in G.nodes),
                    **summary})
    return out
