"""Constants and small helpers shared by the network modules (no graph logic)."""
from __future__ import annotations

from typing import Any

import networkx as nx
import pandas as pd

from analysis import vocab

#: Modalities from firmest to weakest; a state edge shows the firmest behind it.
MODALITY_ORDER: tuple[str, ...] = vocab.MODALITY_ORDER

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
    text = (value if type(value) is str else _str(value)).strip()
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


def _col(df: pd.DataFrame, name: str) -> list[str]:
    """Return column `name` as a list of strings ("" if the column is absent)."""
    if name not in df.columns:
        return [""] * len(df)
    return [v if type(v) is str else str(v) if type(v) is int else _str(v)
            for v in df[name].tolist()]


def _actor_lookup(actors: pd.DataFrame | None) -> dict[str, dict[str, str]]:
    """Map actor_id -> {name, type, country, parent_id, state} from the actors table."""
    if actors is None or len(actors) == 0:
        return {}
    has_state = "state" in actors.columns
    out: dict[str, dict[str, str]] = {}
    keys = ("name", "type", "country", "parent_id")
    columns = [_col(actors, k) for k in (*keys, "state")]  # column lists: no dict per row
    for aid, *values in zip(_col(actors, "actor_id"), *columns):
        if not aid:
            continue
        rec = dict(zip(keys, values))
        # no collapse column: others collapse to their country
        rec["state"] = values[4] if has_state else rec["country"]
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


