"""Corpus-level report sections: outlets, weeks, who is quoted, conflict systems, clusters.

A month of coverage from a dozen outlets is read by outlet and by week, not claim by
claim. Every function here returns a DataFrame sorted most-important first (the notebook
shows its top N with `sections.top`, the full table one link away) or a few capped
sentences. All work is vectorised pandas over the processed tables, read once per
notebook through `sections.Tables`; nothing is recomputed that the build wrote (balance
per conflict system is read from `balance.json` when the build provides it).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.report import sections
from analysis.report.sections import Tables, capped

#: Columns of `claim_clusters.csv` this module reads (written by the corpus stage).
CLUSTER_COLUMNS = ("cluster_id", "claim_id", "doc_id", "outlet", "published", "claim_type",
                   "states", "claimant_surface", "attribution", "is_first", "n_documents",
                   "n_outlets", "attribution_shift", "shift_from", "start", "sentence")
#: Outlets and claim types given their own column in the cross tables; the rest are summed.
TOP_COLUMNS = 5
#: Conflict systems described in the findings and drawn as figures.
TOP_SYSTEMS = 3
_TRUE = {"true", "1", "yes"}


_UNKNOWN_OUTLET = "(unknown outlet)"


def _with_outlet(t: Tables, df: pd.DataFrame) -> pd.DataFrame:
    """`df` with each row's outlet (the report's one doc_id -> outlet lookup)."""
    df = df.copy()
    df["outlet"] = df["doc_id"].map(sections._outlets(t)).replace("", _UNKNOWN_OUTLET) \
        .fillna(_UNKNOWN_OUTLET)
    return df


def week_of(published: pd.Series) -> pd.Series:
    """The Monday of each date's ISO week (YYYY-MM-DD), '(undated)' when unparseable."""
    day = pd.to_datetime(published.str[:10], errors="coerce", format="%Y-%m-%d")
    monday = day - pd.to_timedelta(day.dt.day_of_week, unit="D")
    return monday.dt.strftime("%Y-%m-%d").fillna("(undated)")


# --------------------------------------------------------------------------- at a glance
def articles_by_outlet(t: Tables) -> pd.DataFrame:
    """Per outlet: articles, claims, relations and the first and last publication date."""
    d = t.documents.copy()
    d["outlet"] = d["outlet"].replace("", _UNKNOWN_OUTLET)
    claims = _with_outlet(t, t.claims)["outlet"].value_counts()
    rels = _with_outlet(t, t.relations)["outlet"].value_counts()
    dated = d["published"].where(d["published"] != "")
    g = d.assign(published=dated).groupby("outlet", sort=True)
    out = pd.DataFrame({"articles": g.size(), "first": g["published"].min(),
                        "last": g["published"].max()})
    out["claims"] = out.index.map(claims).fillna(0).astype(int)
    out["relations"] = out.index.map(rels).fillna(0).astype(int)
    out = out.reset_index()[["outlet", "articles", "claims", "relations", "first", "last"]]
    out[["first", "last"]] = out[["first", "last"]].fillna("")
    return out.sort_values(["articles", "outlet"], ascending=[False, True]).reset_index(drop=True)


def articles_by_week(t: Tables) -> pd.DataFrame:
    """Per week (Monday's date): articles, outlets publishing and claims, in date order."""
    d = t.documents.copy()
    d["week"] = week_of(d["published"])
    claims = t.claims["doc_id"].map(dict(zip(d["doc_id"], d["week"]))).value_counts()
    g = d.groupby("week", sort=True)
    out = pd.DataFrame({"articles": g.size(), "outlets": g["outlet"].nunique()})
    out["claims"] = out.index.map(claims).fillna(0).astype(int)
    return out.reset_index()


# --------------------------------------------------------------------------- sourcing
def sourcing_by_outlet(t: Tables) -> pd.DataFrame:
    """Share of each attribution per outlet, the outlets with most claims first."""
    out = sections.sourcing_by_outlet(t)
    if out.empty:
        return out
    return out.sort_values(["claims", "outlet"], ascending=[False, True]).reset_index(drop=True)


def _sourced(t: Tables) -> pd.DataFrame:
    """Claims attributed to someone other than the author (named or group), with the
    claimant's display name and the outlet."""
    c = t.claims
    c = c[c["attribution"].isin(["named", "group"])]
    c = _with_outlet(t, c)
    names = sections._names(t)
    c["claimant"] = [names.get(i, i) if i else (s or "(unknown)")
                     for i, s in zip(c["claimant_id"], c["claimant_surface"])]
    return c


def top_k(df: pd.DataFrame, key: str, item: str, k: int = 3, sep: str = "; ") -> pd.Series:
    """Per `key`, its `k` commonest `item`s as "item (n); ..." (then "and K more"),
    vectorised: one sort and one group-by, not a Python function per group."""
    pair = df.groupby([key, item]).size().rename("n").reset_index()
    pair = pair.sort_values([key, "n", item], ascending=[True, False, True])
    rank = pair.groupby(key).cumcount()
    more = pair.groupby(key).size() - k
    head = pair[rank < k]
    text = (head[item].astype(str) + " (" + head["n"].astype(str) + ")").groupby(
        head[key]).agg(sep.join)
    tail = more.where(more > 0).dropna().astype(int)
    text.loc[tail.index] = text.loc[tail.index] + " and " + tail.astype(str) + " more"
    return text


def most_quoted(t: Tables) -> pd.DataFrame:
    """Who is quoted most across the corpus: claims attributed to each named source or
    group, the outlets quoting them and the three outlets quoting them most."""
    c = _sourced(t)
    cols = ["claimant", "attribution", "claims", "outlets", "quoted most by"]
    if c.empty:
        return pd.DataFrame(columns=cols)
    g = c.groupby("claimant")
    attr = c.groupby(["claimant", "attribution"]).size().rename("n").reset_index() \
        .sort_values(["claimant", "n", "attribution"], ascending=[True, False, True]) \
        .drop_duplicates("claimant").set_index("claimant")["attribution"]
    out = pd.DataFrame({"attribution": attr, "claims": g.size(),
                        "outlets": g["outlet"].nunique(),
                        "quoted most by": top_k(c, "claimant", "outlet")}).reset_index()
    return out.sort_values(["claims", "claimant"], ascending=[False, True])[cols] \
        .reset_index(drop=True)


def quoted_by_outlet(t: Tables) -> pd.DataFrame:
    """Per outlet: its sourced claims and the three sources it quotes most."""
    c = _sourced(t)
    cols = ["outlet", "sourced claims", "sources", "quotes most"]
    if c.empty:
        return pd.DataFrame(columns=cols)
    g = c.groupby("outlet")
    out = pd.DataFrame({"sourced claims": g.size(), "sources": g["claimant"].nunique(),
                        "quotes most": top_k(c, "outlet", "claimant")}).reset_index()
    return out.sort_values(["sourced claims", "outlet"], ascending=[False, True])[cols] \
        .reset_index(drop=True)


# --------------------------------------------------------------------------- over time
def claims_by_week_and_type(t: Tables, n_types: int = 6) -> pd.DataFrame:
    """Claims per week for the `n_types` commonest claim types (the rest as 'other')."""
    c = t.claims
    if c.empty:
        return pd.DataFrame(columns=["week"])
    weeks = week_of(t.documents["published"])
    week = c["doc_id"].map(dict(zip(t.documents["doc_id"], weeks)))
    ctype = c["claim_type"].replace("", "(untyped)")
    top = list(ctype.value_counts().sort_index().sort_values(ascending=False, kind="mergesort")
               .index[:n_types])
    ctype = ctype.where(ctype.isin(top), "other")
    ct = pd.crosstab(week, ctype).reindex(columns=top + (["other"] if (ctype == "other").any()
                                                           else []), fill_value=0)
    ct.index.name, ct.columns.name = "week", None
    return ct.reset_index()


def claims_by_type_and_outlet(t: Tables) -> pd.DataFrame:
    """Claim types (commonest first) by outlet: the outlets with most claims get a column
    each, the others are summed in 'other outlets'."""
    c = _with_outlet(t, t.claims)
    if c.empty:
        return pd.DataFrame(columns=["type", "claims"])
    ctype = c["claim_type"].replace("", "(untyped)")
    outlets = list(c["outlet"].value_counts().sort_index()
                   .sort_values(ascending=False, kind="mergesort").index[:TOP_COLUMNS])
    col = c["outlet"].where(c["outlet"].isin(outlets), "other outlets")
    ct = pd.crosstab(ctype, col)
    ct = ct.reindex(columns=[o for o in outlets + ["other outlets"] if o in ct.columns])
    ct.insert(0, "claims", ct.sum(axis=1))
    ct.index.name, ct.columns.name = "type", None
    return ct.reset_index().sort_values(["claims", "type"], ascending=[False, True]) \
        .reset_index(drop=True)


def time_figure(t: Tables, figures_dir: str | Path | None = None, prefix: str = ""
                ) -> Path | None:
    """Draw claims per week by claim type (PNG + CSV beside it)."""
    from analysis.report import figures

    png = sections._figure_path(figures_dir, f"{prefix}claims-over-time.png")
    figures.plot_claims_over_time(claims_by_week_and_type(t), png)
    return png


# --------------------------------------------------------------------------- clusters
def read_clusters(t: Tables) -> pd.DataFrame | None:
    """`claim_clusters.csv` of the build, restricted to the selection; None when the build
    wrote none (older builds) or it lacks the agreed columns."""
    path = t.processed_dir / "claim_clusters.csv"
    if not path.is_file():
        return None
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    if not {"cluster_id", "claim_id", "doc_id"} <= set(df.columns):
        return None
    for col in CLUSTER_COLUMNS:
        if col not in df.columns:
            df[col] = "0" if col in {"n_documents", "n_outlets"} else ""
    return df


def clusters_table(t: Tables) -> pd.DataFrame:
    """One row per cluster of claims about the same event reported by several articles:
    outlets, who reported it first, whether the attribution shifted, and two of its
    sentences side by side (the attributed report and the own-voice repetition when the
    attribution shifted, else the first report and the first repetition by another outlet).
    Clusters with a shift first, then those spanning most outlets. Empty when the build
    wrote no clusters."""
    from analysis.build.clusters import top_clusters

    cols = ["cluster", "claims", "outlets", "first reported by", "attribution shift",
            "reported as", "repeated as"]
    df = read_clusters(t)
    if df is None or df.empty:
        return pd.DataFrame(columns=cols)
    if t.doc_ids:
        keep = set(df.loc[df["doc_id"].isin(t.doc_ids), "cluster_id"])
        df = df[df["cluster_id"].isin(keep)]
    if df.empty:
        return pd.DataFrame(columns=cols)
    first = df[df[_first_column(df)].str.lower().isin(_TRUE)]
    first = first.sort_values(["published", "claim_id"]).drop_duplicates("cluster_id")
    first_by = dict(zip(first["cluster_id"], first["outlet"] + " ("
                        + first["published"].str[:10] + ")"))
    sizes = df.groupby("cluster_id").size()
    pairs = top_clusters(df, n=len(sizes))
    out = pd.DataFrame({
        "cluster": pairs["cluster_id"],
        "claims": pairs["cluster_id"].map(sizes).astype(int),
        "outlets": pairs["n_outlets"].astype(int),
        "first reported by": pairs["cluster_id"].map(first_by).fillna(""),
        "attribution shift": pairs["attribution_shift"].map({True: "yes", False: ""}),
        "reported as": _side(pairs, "first"),
        "repeated as": _side(pairs, "repeat"),
    }, columns=cols)
    shift = out["attribution shift"] == "yes"
    return out.assign(_shift=shift).sort_values(
        ["_shift", "outlets", "claims", "cluster"], ascending=[False, False, False, True],
        kind="mergesort").drop(columns="_shift").reset_index(drop=True)


def _first_column(df: pd.DataFrame) -> str:
    """The column marking a cluster's first report (`is_first`; older builds named it
    `first_reported`)."""
    return "is_first" if "is_first" in df.columns else "first_reported"


def _side(pairs: pd.DataFrame, side: str) -> pd.Series:
    """'Outlet (claimant): sentence' for one side of each cluster's pair; the author's voice
    is "own voice", an anonymous source "unnamed source" (never its cue, "reportedly")."""
    attribution = pairs[f"{side}_attribution"]
    who = pairs[f"{side}_claimant_surface"].where(attribution != "author", "own voice")
    who = who.where((attribution != "anonymous") & (who != ""), "unnamed source")
    return pairs[f"{side}_outlet"] + " (" + who + "): " + pairs[f"{side}_sentence"]


def links_to_other_articles(t: Tables) -> pd.DataFrame:
    """For an article report: its claims that are contested by, or clustered with, claims
    of other articles, and those articles."""
    cols = ["claim", "link", "other articles"]
    mine = t.claims
    if not t.doc_ids or mine.empty:
        return pd.DataFrame(columns=cols)
    rows = []
    for cid, text, other in zip(mine["claim_id"], mine["text"], mine["contested_with"]):
        docs = sorted({o.rsplit("-c", 1)[0] for o in sections._split(other)} - set(t.doc_ids))
        if docs:
            rows.append({"claim": text, "link": "contested", "other articles": capped(docs)})
    df = read_clusters(t)
    if df is not None and not df.empty:
        by_claim = df[df["doc_id"].isin(t.doc_ids)].set_index("claim_id")["cluster_id"]
        members = df.groupby("cluster_id")["doc_id"].agg(lambda s: sorted(set(s)))
        text = dict(zip(mine["claim_id"], mine["text"]))
        for cid, cluster in by_claim.items():
            docs = [d for d in members.get(cluster, []) if d not in t.doc_ids]
            if docs:
                rows.append({"claim": text.get(cid, cid), "link": f"cluster {cluster}",
                             "other articles": capped(docs)})
    return pd.DataFrame(rows, columns=cols)


# --------------------------------------------------------------------------- systems
@dataclass
class System:
    """One conflict system: the articles the build reads together, and their state network."""

    number: int
    name: str
    states: list[str]
    n_edges: int
    blocs: dict[int, list[str]] = field(default_factory=dict)
    frustration: int | None = None
    exact: bool | None = None
    n_triads: int = 0
    n_balanced: int = 0
    balance: dict[str, Any] = field(default_factory=dict)


def conflict_systems(t: Tables) -> list[System]:
    """The conflict systems of the build's `balance.json` (`systems`: one triad census per
    group of articles, `network/systems.py`), largest first.

    The report does not define systems of its own: the findings, the table and the figures
    describe the same groups as the balance account. A `balance.json` without `systems`
    (one written before they existed) gives one system of every state in the network.
    """
    summary = sections.balance(t) or {}
    parts = summary.get("systems")
    if parts is None:
        states = sorted(set(t.state_edges["a"]) | set(t.state_edges["b"]))
        parts = [{**summary, "name": "all articles", "states": states}] if states else []
    parts = sorted(parts, key=lambda p: (-len(p.get("states") or []), str(p.get("name"))))
    out = []
    for k, part in enumerate(parts, 1):
        blocs: dict[int, list[str]] = {}
        for s, b in sorted((part.get("blocs") or {}).items()):
            if int(b) >= 0:
                blocs.setdefault(int(b), []).append(s)
        out.append(System(k, str(part.get("name") or part.get("id") or k),
                          sorted(part.get("states") or []), int(part.get("n_signed_edges") or 0),
                          dict(sorted(blocs.items())), part.get("frustration_index"),
                          part.get("exact"), int(part.get("n_triads") or 0),
                          int(part.get("n_balanced") or 0), part))
    return out


def systems_table(t: Tables) -> pd.DataFrame:
    """One row per conflict system: states, signed edges, blocs (capped lists of names),
    frustration index and balanced triads."""
    names = sections._names(t)
    rows = []
    for s in conflict_systems(t):
        blocs = "; ".join(f"bloc {b}: " + capped(sorted(names.get(x, x) for x in m), 4)
                          for b, m in s.blocs.items())
        fr = "" if s.frustration is None else (f"{s.frustration}" +
                                               ("" if s.exact else " (upper bound)"))
        rows.append({"system": s.name, "states": len(s.states), "edges": s.n_edges,
                     "blocs": blocs, "frustration index": fr,
                     "balanced triads": f"{s.n_balanced} of {s.n_triads}"})
    return pd.DataFrame(rows, columns=["system", "states", "edges", "blocs",
                                       "frustration index", "balanced triads"])


def system_sentences(t: Tables, n: int = TOP_SYSTEMS) -> list[str]:
    """One short sentence per largest conflict system (names capped), and how many more."""
    systems = conflict_systems(t)
    if not systems:
        return ["No two states are linked by a relation, so there is no state network."]
    names = sections._names(t)
    out = []
    for s in systems[:n]:
        sides = " versus ".join("{" + capped(sorted(names.get(x, x) for x in m), 4) + "}"
                                for m in list(s.blocs.values())[:2])
        fr = ("" if s.frustration is None else
              f"; {s.frustration} relation(s) break balance" +
              ("" if s.exact else " (an upper bound)"))
        tri = f"; {s.n_balanced} of {s.n_triads} triads balanced" if s.n_triads else ""
        out.append(f"Conflict system {s.name} ({len(s.states)} states, {s.n_edges} signed "
                   f"pairs): {sides or 'no blocs'}{fr}{tri}.")
    if len(systems) > n:
        rest = systems[n:]
        out.append(f"{len(rest)} smaller system(s) of {sum(len(s.states) for s in rest)} "
                   "states in all are listed in the table.")
    return out


def system_figures(t: Tables, figures_dir: str | Path | None = None, prefix: str = "",
                   n: int = TOP_SYSTEMS) -> list[Path]:
    """Draw the state network of each of the `n` largest conflict systems (the best
    connected states by name, the others merged per bloc)."""
    from analysis import network
    from analysis.report import figures

    G = network.state_graph(t.relations, t.actors)
    out = []
    for s in conflict_systems(t)[:n]:
        H, bal = figures.top_state_graph(G.subgraph(s.states).copy(), s.balance)
        shown = "" if H is G or len(s.states) <= figures.TOP_STATES else \
            f" (top {figures.TOP_STATES} of {len(s.states)} states)"
        png = sections._figure_path(figures_dir, f"{prefix}state-network-{s.number}.png")
        figures.plot_state_network(H, t.actors, png, balance=bal,
                                   title=f"Conflict system {s.name}{shown}")
        out.append(png)
    return out


# --------------------------------------------------------------------------- actors
def top_actors(t: Tables) -> pd.DataFrame:
    """Actors by mentions: type, state, articles naming them and relations they take part
    in (as source or target)."""
    m = t.mentions
    cols = ["actor", "type", "country", "mentions", "articles", "relations"]
    if m.empty:
        return pd.DataFrame(columns=cols)
    g = m.groupby("actor_id")
    out = pd.DataFrame({"mentions": g.size(), "articles": g["doc_id"].nunique()})
    r = t.relations
    rel = pd.concat([r["source_id"], r["target_id"]]).value_counts()
    out["relations"] = out.index.map(rel).fillna(0).astype(int)
    a = t.actors.drop_duplicates("actor_id")
    ids = pd.Series(out.index, index=out.index)
    for col, fallback in (("name", ids), ("type", ""), ("country", "")):
        looked = ids.map(dict(zip(a["actor_id"], a[col])))
        out["actor" if col == "name" else col] = looked.fillna(fallback) \
            if isinstance(fallback, str) else looked.fillna(ids)
    out = out.reset_index().sort_values(["mentions", "actor_id"], ascending=[False, True])
    return out[cols].reset_index(drop=True)


def top_relations(t: Tables) -> pd.DataFrame:
    """Relations aggregated by (source, relation, target, sign): how often, in how many
    articles and outlets; commonest first."""
    r = _with_outlet(t, t.relations)
    cols = ["source", "relation", "target", "sign", "relations", "articles", "outlets"]
    if r.empty:
        return pd.DataFrame(columns=cols)
    g = r.groupby(["source_id", "relation", "target_id", "sign"])
    out = pd.DataFrame({"relations": g.size(), "articles": g["doc_id"].nunique(),
                        "outlets": g["outlet"].nunique()}).reset_index()
    names = sections._names(t)
    out["source"] = out["source_id"].map(lambda i: names.get(i, i))
    out["target"] = out["target_id"].map(lambda i: names.get(i, i))
    out = out.sort_values(["relations", "source", "relation", "target"],
                          ascending=[False, True, True, True])
    return out[cols].reset_index(drop=True)


# --------------------------------------------------------------------------- loaded
def loaded_by_outlet(t: Tables) -> pd.DataFrame:
    """Per outlet: loaded expressions, per 100 claims, and the labels and targets it uses
    most."""
    ll = _with_outlet(t, t.loaded_language)
    cols = ["outlet", "expressions", "per 100 claims", "labels", "aimed most at"]
    if ll.empty:
        return pd.DataFrame(columns=cols)
    claims = _with_outlet(t, t.claims)["outlet"].value_counts()
    names = sections._names(t)
    ll["target"] = ll["target_id"].map(lambda i: names.get(i, i) if i else "")
    rows = []
    for outlet, g in ll.groupby("outlet", sort=True):
        labels = g["label"].value_counts().sort_index().sort_values(ascending=False,
                                                                    kind="mergesort")
        targets = g.loc[g["target"] != "", "target"].value_counts().sort_index() \
            .sort_values(ascending=False, kind="mergesort")
        n_claims = int(claims.get(outlet, 0))
        rows.append({"outlet": outlet, "expressions": len(g),
                     "per 100 claims": round(100 * len(g) / n_claims, 1) if n_claims else 0.0,
                     "labels": capped([f"{k} ({v})" for k, v in labels.items()], 3),
                     "aimed most at": capped([f"{k} ({v})" for k, v in targets.items()], 3)})
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values(["expressions", "outlet"], ascending=[False, True]) \
        .reset_index(drop=True)


# --------------------------------------------------------------------------- findings
def findings(t: Tables) -> list[str]:
    """The summary of findings, from the data: at most a dozen short bullets, every list
    in them capped, so the summary reads the same at one article and at ten thousand."""
    out = [sections._coverage_finding(t)]
    c = t.claims
    if len(c):
        out += [sections._sourcing_finding(c), sections._modality_finding(c),
                _quoted_finding(t), sections._unsourced_finding(t),
                sections._contested_finding(t)]
        out += _cluster_finding(t)
    else:
        out.append("No claims were extracted.")
    out.extend(system_sentences(t, 2))
    out.extend(sections._loaded_finding(t))
    out.extend(sections._flags_finding(t))
    return [f for f in out if f]


def _quoted_finding(t: Tables) -> str:
    q = most_quoted(t)
    if q.empty:
        return "No claim is attributed to a named source or group."
    top = capped([f"{w} ({n})" for w, n in zip(q["claimant"], q["claims"])], 3, "; ")
    return f"Most quoted sources: {top}."


def _cluster_finding(t: Tables) -> list[str]:
    cl = clusters_table(t)
    if cl.empty:
        return []
    shifted = int((cl["attribution shift"] == "yes").sum())
    return [f"{len(cl):,} claim(s) were reported by several articles (clusters); in "
            f"{shifted:,} of them the attribution shifts, e.g. one outlet attributes the "
            "claim and another states it in its own voice."]
