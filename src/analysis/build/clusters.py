"""Claims traced across outlets: clusters of claims about the same event in different articles.

A claim that one outlet attributes ("according to Armenian sources", "reportedly", a named
ministry) and another outlet later states in its own voice has changed its authority on
the way: the second reader no longer sees that the claim rests on one side's word. This
module finds such repetitions across the corpus and records, for each cluster, who reported
it first (by `published`), who repeated it, and where the attribution shifted.

Two claims are linked when they have the same claim type and the same set of actors'
states, were published within a window of days, and share enough content words and
numbers (parameters in `data/codebook/clusters.yaml`). Claims are blocked by (type, state
set) and sorted by date; each is compared with a bounded number of later claims of its
block, so the cost grows with the number of claims, not with its square. Linked claims are
grouped transitively (union-find).

The build calls `claim_clusters` once the claims, documents, sentences and actors tables
are written (it reads them back, column by column, so the per-document stages need not
carry claim texts to the main process). `top_clusters` gives a report cell the clusters
worth reading, both sentences side by side.
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis import schema
from analysis.codebook import ClusterParams, Codebook
from analysis.build.tables import table_df

if TYPE_CHECKING:
    import pandas as pd

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


# -- linking ---------------------------------------------------------------------------------
def _day(published: str) -> int | None:
    """Publication day (ordinal) of an ISO 8601 date, None when there is none."""
    try:
        return date.fromisoformat(published[:10]).toordinal()
    except (ValueError, TypeError):
        return None


class _Features:
    """What a comparison reads from a claim: content words and numbers, computed once."""

    def __init__(self, params: ClusterParams):
        self.p = params

    def __call__(self, text: str, quantities: str) -> tuple[frozenset[str], frozenset[str]]:
        p = self.p
        low = text.lower()
        words = {w for w in _WORD.findall(low) if len(w) >= p.min_word_length
                 and w not in p.stopwords}
        nums = set(_NUMBER.findall(low))
        nums.update(q.split(" ", 1)[0] for q in quantities.split(";") if q)
        nums = {n.replace(",", "") for n in nums}
        return frozenset(words | {f"#{n}" for n in nums}), frozenset(nums)


def _same_claim(a: tuple[frozenset[str], frozenset[str]],
                b: tuple[frozenset[str], frozenset[str]], p: ClusterParams) -> bool:
    """Whether two claims of one block say the same thing (words and numbers overlap)."""
    (wa, na), (wb, nb) = a, b
    if p.numbers_must_agree and na and nb and not (na & nb):
        return False
    shared = len(wa & wb)
    if shared < p.min_shared_words:
        return False
    return shared / min(len(wa), len(wb)) >= p.min_overlap


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def link(blocks: dict[Any, list[int]], days: list[int], docs: list[str],
         feats: list[tuple[frozenset[str], frozenset[str]]], p: ClusterParams) -> list[int]:
    """Union-find roots of every claim after linking the same claims within each block.

    Each block's claims are already in date order; a claim meets the next
    `max_candidates` claims of other documents published within `window_days`. A
    document's claims share its date and sit together in the block, so the search starts
    after the run of the claim's own document (one long article stays linear: no slice or
    scan of its own claims per claim).
    """
    parent = list(range(len(days)))
    for members in blocks.values():
        n = len(members)
        run_end = [0] * n  # first position after the run of members[k]'s document
        for k in range(n - 1, -1, -1):
            nxt = k + 1
            run_end[k] = run_end[nxt] if nxt < n and docs[members[nxt]] == docs[members[k]] \
                else nxt
        for k, i in enumerate(members):
            seen = 0
            for x in range(run_end[k], n):
                j = members[x]
                if days[j] - days[i] > p.window_days or seen >= p.max_candidates:
                    break
                if docs[j] == docs[i]:
                    continue
                seen += 1
                if _same_claim(feats[i], feats[j], p):
                    ri, rj = _find(parent, i), _find(parent, j)
                    if ri != rj:
                        parent[max(ri, rj)] = min(ri, rj)
    return [_find(parent, i) for i in range(len(days))]


# -- the table -------------------------------------------------------------------------------
_CLAIM_COLUMNS = ["claim_id", "doc_id", "sent_id", "start", "end", "text", "claimant_id",
                  "claimant_surface", "attribution", "cue", "polarity", "modality",
                  "claim_type", "subject_ids", "object_ids", "quantities"]


def _table(path: Path, columns: list[str]) -> pd.DataFrame:
    """Some columns of a processed table, every cell a string (empty, never NaN)."""
    import pandas as pd

    return pd.read_csv(path, usecols=columns, dtype=str, keep_default_na=False,
                       encoding="utf-8")[columns]


def _candidates(out_dir: Path, cb: Codebook, p: ClusterParams) -> pd.DataFrame:
    """The claims that can be clustered, with outlet, date and state set, in date order.

    A claim without a publication date or without an actor that has a state cannot be
    placed in an event and is left out.
    """
    claims = _table(out_dir / schema.CLAIMS.path, _CLAIM_COLUMNS)
    if p.claim_types == "event":
        claims = claims[claims["claim_type"].isin({t.id for t in cb.claim_types if t.event})]
    docs = _table(out_dir / schema.DOCUMENTS.path, ["doc_id", "outlet", "outlet_id", "published"])
    actors = _table(out_dir / schema.ACTORS.path, ["actor_id", "state"])
    state_of = dict(zip(actors["actor_id"], actors["state"]))
    df = claims.merge(docs, on="doc_id", how="left", validate="many_to_one")
    for c in ("outlet", "outlet_id", "published"):
        df[c] = df[c].fillna("")
    df["states"] = [";".join(sorted({state_of.get(a, "") for a in (s + ";" + o).split(";")
                                     if a} - {""}))
                    for s, o in zip(df["subject_ids"], df["object_ids"])]
    df["day"] = [_day(x) for x in df["published"]]
    df = df[(df["states"] != "") & df["day"].notna()].copy()
    df["day"] = df["day"].astype("int64")
    for c in ("sent_id", "start", "end"):
        df[c] = df[c].astype("int64")
    df["outlet_key"] = [oid or name or doc for oid, name, doc in
                        zip(df["outlet_id"], df["outlet"], df["doc_id"])]
    return df.sort_values(["day", "published", "doc_id", "start", "claim_id"],
                          kind="mergesort").reset_index(drop=True)


def _clusters_of(df: pd.DataFrame, p: ClusterParams) -> dict[int, list[int]]:
    """Row numbers of `df` (in date order) grouped by cluster, clusters of enough articles."""
    blocks: dict[tuple[str, str], list[int]] = {}
    for i, key in enumerate(zip(df["claim_type"], df["states"])):
        blocks.setdefault(key, []).append(i)
    features = _Features(p)
    feats = [features(t, q) for t, q in zip(df["text"], df["quantities"])]
    roots = link(blocks, df["day"].tolist(), df["doc_id"].tolist(), feats, p)
    groups: dict[int, list[int]] = {}
    for i, r in enumerate(roots):
        groups.setdefault(r, []).append(i)
    docs = df["doc_id"].tolist()
    return {r: g for r, g in groups.items() if len({docs[i] for i in g}) >= p.min_documents}


_OUT = ["claim_id", "doc_id", "outlet", "published", "claim_type", "states", "claimant_id",
        "claimant_surface", "attribution", "cue", "modality", "polarity", "sent_id", "start",
        "end", "text"]


def _cluster_rows(records: list[dict[str, Any]], members: list[int], p: ClusterParams
                  ) -> list[dict[str, Any]]:
    """One cluster's rows: who was first, who repeated it, where the attribution shifted.

    A claim in an outlet's own voice (not conditional) has shifted when an earlier claim of
    the cluster with the same polarity, by another outlet, was attributed; `shift_from` is
    the earliest such claim. The first attributed claims of the first two outlets are all
    the candidates that can be needed.
    """
    rows = [records[i] for i in members]  # already in date order
    first_doc = rows[0]["doc_id"]
    cluster_id = f"{rows[0]['claim_id']}-k"
    n_docs = len({r["doc_id"] for r in rows})
    n_outlets = len({r["outlet_key"] for r in rows})
    # per polarity: a claim stated after another outlet reported its denial is no shift
    attributed: dict[str, list[tuple[str, str]]] = {}  # (outlet, claim), first two outlets
    out = []
    for r in rows:
        source = ""
        seen = attributed.setdefault(r["polarity"], [])
        if r["attribution"] in p.own_voice:
            if r["modality"] in p.shift_modalities:
                source = next((c for o, c in seen if o != r["outlet_key"]), "")
        elif r["attribution"] in p.attributed and len(seen) < 2 and \
                all(o != r["outlet_key"] for o, _ in seen):
            seen.append((r["outlet_key"], r["claim_id"]))
        out.append({"cluster_id": cluster_id, **{c: r[c] for c in _OUT},
                    "is_first": r["doc_id"] == first_doc, "n_documents": n_docs,
                    "n_outlets": n_outlets, "attribution_shift": bool(source),
                    "shift_from": source})
    return out


def _sentences(out_dir: Path, keys: set[tuple[str, int]]) -> dict[tuple[str, int], str]:
    """The text of the wanted sentences (read in chunks: sentences.csv is the big table)."""
    import pandas as pd

    found: dict[tuple[str, int], str] = {}
    if not keys:
        return found
    wanted = {d for d, _ in keys}
    for chunk in pd.read_csv(out_dir / schema.SENTENCES.path, usecols=["doc_id", "sent_id",
                             "text"], dtype={"doc_id": str, "sent_id": "int64", "text": str},
                             keep_default_na=False, chunksize=200_000, encoding="utf-8"):
        chunk = chunk[chunk["doc_id"].isin(wanted)]
        for d, s, t in zip(chunk["doc_id"], chunk["sent_id"], chunk["text"]):
            if (d, s) in keys:
                found[(d, s)] = t
    return found


def claim_clusters(out_dir: Path | str, cb: Codebook,
                   params: ClusterParams | None = None) -> pd.DataFrame:
    """The `claim_clusters` table from the processed tables already written in `out_dir`.

    Args:
        out_dir: folder holding claims.csv, documents.csv, actors.csv and sentences.csv.
        cb: the codebook (which claim types are events).
        params: the clustering parameters (default: the codebook's, `clusters.yaml`).
    Returns:
        The table, in schema order, sorted by its key (byte-identical for the same inputs).
    """
    out_dir = Path(out_dir)
    params = params or cb.clusters
    df = _candidates(out_dir, cb, params)
    groups = _clusters_of(df, params)
    wanted = sorted({i for g in groups.values() for i in g})
    records = dict(zip(wanted, df.iloc[wanted][_OUT + ["outlet_key"]].to_dict("records")))
    rows: list[dict[str, Any]] = []
    for members in groups.values():
        rows.extend(_cluster_rows(records, members, params))
    text = _sentences(out_dir, {(r["doc_id"], r["sent_id"]) for r in rows})
    for r in rows:
        r["sentence"] = text.get((r["doc_id"], r["sent_id"]), "")
    return table_df(schema.CLAIM_CLUSTERS, rows)


def top_clusters(df: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The `n` clusters most worth a reader's time, one row each, two sentences side by side.

    Clusters with an attribution shift come first (the attributed report and the
    own-voice repetition), then those repeated by the most outlets and articles. Without a
    shift the pair is the first report and the first repetition by another outlet.

    Args:
        df: `claim_clusters.csv` as read (e.g. by `report.safe_csv`), or the build's DataFrame.
        n: how many clusters.
    Returns:
        cluster_id, claim_type, states, n_documents, n_outlets, attribution_shift, and for
        the first and the repeating claim: outlet, published, claimant, attribution,
        sentence and claim id.
    """
    import pandas as pd

    cols = ["cluster_id", "claim_type", "states", "n_documents", "n_outlets",
            "attribution_shift"]
    sides = ["outlet", "published", "claimant_surface", "attribution", "sentence", "claim_id"]
    out_cols = cols + [f"{s}_{c}" for s in ("first", "repeat") for c in sides]
    if df is None or not len(df):
        return pd.DataFrame(columns=out_cols)
    shift = df["attribution_shift"].astype(str).str.lower().isin({"true", "1"})
    rows = []
    # `start` may arrive as text (a spreadsheet-safe read): order it as a number.
    start = pd.to_numeric(df["start"], errors="coerce")
    for cid, g in df.assign(_shift=shift, _start=start).groupby("cluster_id", sort=True):
        g = g.sort_values(["published", "doc_id", "_start"], kind="mergesort")
        shifted = g[g["_shift"]]
        if len(shifted):
            b = shifted.iloc[0]
            a = g[g["claim_id"] == b["shift_from"]].iloc[0]
        else:
            a = g.iloc[0]
            later = g[g["outlet"] != a["outlet"]]
            b = (later if len(later) else g[g["doc_id"] != a["doc_id"]]).iloc[0]
        row = {"cluster_id": cid, "claim_type": a["claim_type"], "states": a["states"],
               "n_documents": int(a["n_documents"]), "n_outlets": int(a["n_outlets"]),
               "attribution_shift": bool(len(shifted))}
        for side, r in (("first", a), ("repeat", b)):
            row.update({f"{side}_{c}": r[c] for c in sides})
        rows.append(row)
    top = pd.DataFrame(rows, columns=out_cols)
    top = top.sort_values(["attribution_shift", "n_outlets", "n_documents", "first_published",
                           "cluster_id"], ascending=[False, False, False, True, True],
                          kind="mergesort")
    return top.head(n).reset_index(drop=True)
