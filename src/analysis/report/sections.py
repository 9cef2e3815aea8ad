"""The report sections: read the processed tables, return DataFrames, sentences and HTML.

One group of functions per notebook (01 ingest ... 05 report), each a section of a report.
The notebooks narrate; this module computes. Every function here reads only the processed
CSV tables (see `schema.py`) through `load()`, so a notebook cell is one call or two.

Safety: article text is data, never markup. Every cell and sentence that reaches the HTML
passes through `html.escape`, so an article holding `<script>` renders as text.
"""
from __future__ import annotations

import hashlib
import html
import importlib
import importlib.metadata
import json
import platform
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

import pandas as pd

from analysis import config, schema

#: Attribution values in display order (DESIGN.md enumerations).
ATTRIBUTIONS = ("author", "named", "group", "anonymous")
#: Claim types whose unsourced assertion matters most: material conflict (CAMEO roots 18-20)
#: or a type name of that family (used when the claim carries no CAMEO code).
CONSEQUENTIAL_CAMEO_ROOTS = ("18", "19", "20")
CONSEQUENTIAL_TYPE = re.compile(
    r"captur|strike|attack|assault|casualt|kill|occup|shell|advance|destroy|loss|bomb|fight",
    re.I,
)
#: Packages listed in the reproducibility footer.
FOOTER_PACKAGES = (
    "analysis", "pandas", "numpy", "networkx", "matplotlib", "PyYAML", "pycountry",
    "pyahocorasick", "nbclient", "nbconvert", "ipykernel", "playwright",
)


# --------------------------------------------------------------------------- loading
@dataclass
class Tables:
    """The processed tables of one build, restricted to the selected documents."""

    processed_dir: Path
    doc_ids: list[str]
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)

    def __getattr__(self, name: str) -> pd.DataFrame:
        frames = self.__dict__.get("frames", {})
        if name in frames:
            return frames[name]
        raise AttributeError(name)

    @property
    def selected_all(self) -> bool:
        """True when no article selection narrows the corpus."""
        return not self.doc_ids

    @property
    def n_docs(self) -> int:
        return len(self.frames["documents"])


def _read(path: Path, table: schema.Table) -> pd.DataFrame:
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    for col in table.columns:
        if col.name in df.columns and col.type == "integer":
            df[col.name] = pd.to_numeric(df[col.name], errors="coerce").fillna(0).astype(int)
    return df


def load(processed_dir: str | Path | None = None, doc_ids: Sequence[str] | None = None) -> Tables:
    """Read every processed table; keep only rows of `doc_ids` (empty: all articles).

    Contract tables must exist; optional tables that are absent come back empty with their
    schema columns (their names are listed in `Tables.missing`).
    """
    folder = Path(processed_dir) if processed_dir else config.PROCESSED
    wanted = [str(d) for d in (doc_ids or [])]
    t = Tables(processed_dir=folder, doc_ids=wanted)
    for table in schema.ALL:
        path = folder / table.path
        if path.exists():
            df = _read(path, table)
        elif table in schema.CONTRACT:
            raise FileNotFoundError(
                f"{path}: processed table missing; run `make data` "
                f"(python -m analysis build) first"
            )
        else:
            df = pd.DataFrame({c: pd.Series(dtype=str) for c in table.names})
            t.missing.append(table.name)
        if wanted and "doc_id" in df.columns:
            df = df[df["doc_id"].isin(wanted)].reset_index(drop=True)
        t.frames[table.name] = df
    if wanted:
        unknown = sorted(set(wanted) - set(t.frames["documents"]["doc_id"]))
        if unknown:
            raise ValueError(f"doc_ids not in {folder / 'documents.csv'}: {', '.join(unknown)}")
    return t


def data_hash(processed_dir: str | Path | None = None) -> str:
    """sha256 over the processed CSV tables (file names and bytes, sorted by name)."""
    folder = Path(processed_dir) if processed_dir else config.PROCESSED
    h = hashlib.sha256()
    for path in sorted(folder.glob("*.csv")):
        h.update(path.name.encode("utf-8") + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).hexdigest().encode("ascii") + b"\n")
    return h.hexdigest()


def as_of(t: Tables) -> str:
    """The as-of date: the latest publication date among the selected articles."""
    dates = [d for d in t.documents.get("published", pd.Series(dtype=str)) if d]
    return max(dates) if dates else "unknown"


# --------------------------------------------------------------------------- display
_LONG_TOKEN = re.compile(r"\S{28,}")
#: Columns of running text, given most of a table's width.
WIDE_COLUMNS = frozenset({"claim", "claim A", "claim B", "text", "sentence", "problem",
                          "example"})
#: Identifier columns kept on one line.
NOWRAP_COLUMNS = frozenset({"id", "doc_id", "claim_id", "relation_id", "sent_id", "actor_id"})


class Html:
    """A fragment of trusted HTML (built here, with every data value escaped)."""

    def __init__(self, markup: str) -> None:
        self.markup = markup

    def _repr_html_(self) -> str:
        return self.markup

    def __repr__(self) -> str:  # plain-text fallback: the markup without tags
        return re.sub(r"<[^>]+>", "", self.markup)


def esc(value: object) -> str:
    """Escape one value for HTML text or attribute context."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=True)


def table(
    df: pd.DataFrame,
    caption: str | None = None,
    sortable: bool = True,
    empty: str = "No rows.",
    numeric: Iterable[str] = (),
) -> Html:
    """Render a DataFrame as an escaped HTML table.

    Sortable tables carry the class `sortable`; the report template's small script adds
    click-to-sort headers and a filter box, and without it the table is complete and static.
    """
    if df is None or df.empty:
        cap = f"<p class='table-caption'>{esc(caption)}</p>" if caption else ""
        return Html(f"{cap}<p class='empty-table'>{esc(empty)}</p>")
    numeric = set(numeric) | {c for c in df.columns if pd.api.types.is_numeric_dtype(df[c])}
    cls = "dataframe report-table" + (" sortable" if sortable and len(df) > 1 else "")
    out = [f"<table class='{cls}'>"]
    if caption:
        out.append(f"<caption>{esc(caption)}</caption>")
    out.append("<thead><tr>")
    for col in df.columns:
        kind = " data-type='number'" if col in numeric else ""
        if col in WIDE_COLUMNS:
            kind += " class='wide-col'"
        out.append(f"<th scope='col'{kind}>{esc(col)}</th>")
    out.append("</tr></thead><tbody>")
    for row in df.itertuples(index=False, name=None):
        cells = []
        for col, value in zip(df.columns, row):
            c = " class='num'" if col in numeric else ""
            if not c:
                text = str(value)
                if col in NOWRAP_COLUMNS:
                    c = " class='nowrap'"
                elif _LONG_TOKEN.search(text):
                    c = " class='long'"
                elif len(text) > 60:
                    c = " class='wide'"
            cells.append(f"<td{c}>{esc(value)}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return Html("".join(out))


def prose(lines: str | Sequence[str], bullets: bool = False) -> Html:
    """Escaped sentences as paragraphs (or a bullet list)."""
    if isinstance(lines, str):
        lines = [lines]
    if bullets:
        return Html("<ul class='findings'>" + "".join(f"<li>{esc(s)}</li>" for s in lines) + "</ul>")
    return Html("".join(f"<p>{esc(s)}</p>" for s in lines))


def image(path: str | Path, width: int | None = None):
    """Embed a PNG in the notebook output (and so in the HTML)."""
    from IPython.display import Image

    return Image(filename=str(path), width=width)


def _pct(n: int, total: int) -> str:
    return f"{100.0 * n / total:.0f}%" if total else "0%"


def _split(cell: str) -> list[str]:
    return [p.strip() for p in str(cell or "").split(";") if p.strip()]


def _names(t: Tables) -> dict[str, str]:
    a = t.actors
    return dict(zip(a["actor_id"], a["name"])) if not a.empty else {}


def _name(t: Tables, actor_id: str) -> str:
    return _names(t).get(actor_id, actor_id) if actor_id else ""


def _outlets(t: Tables) -> dict[str, str]:
    d = t.documents
    return dict(zip(d["doc_id"], d.get("outlet", d["doc_id"])))


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


# --------------------------------------------------------------------------- 01 ingest
def documents_table(t: Tables) -> pd.DataFrame:
    """One row per article: title, outlet, date and the size of the cleaned text."""
    cols = ["doc_id", "title", "outlet", "published", "n_paragraphs", "n_sentences",
            "n_words", "boilerplate_lines"]
    return t.documents[[c for c in cols if c in t.documents.columns]]


def provenance_table(t: Tables) -> pd.DataFrame:
    """Where each article comes from and the checksums that pin it."""
    cols = ["doc_id", "url", "path", "sha256", "clean_sha256"]
    return t.documents[[c for c in cols if c in t.documents.columns]]


def sentences_preview(t: Tables, n: int = 12) -> pd.DataFrame:
    """The first `n` sentences of each article with their offsets."""
    s = t.sentences.sort_values(["doc_id", "sent_id"])
    return s.groupby("doc_id", sort=True).head(n)[["doc_id", "sent_id", "par_id", "start",
                                                    "end", "text"]]


def segmentation_stats(t: Tables) -> pd.DataFrame:
    """Sentences per article and their length in characters."""
    s = t.sentences.copy()
    if s.empty:
        return pd.DataFrame(columns=["doc_id", "sentences", "paragraphs", "mean_chars",
                                     "max_chars"])
    s["chars"] = s["end"] - s["start"]
    g = s.groupby("doc_id", sort=True)
    return pd.DataFrame({
        "sentences": g["sent_id"].nunique(),
        "paragraphs": g["par_id"].nunique(),
        "mean_chars": g["chars"].mean().round(0).astype(int),
        "max_chars": g["chars"].max(),
    }).reset_index()


# --------------------------------------------------------------------------- 02 actors
def actors_table(t: Tables) -> pd.DataFrame:
    """Actors with their type, state, parent and mentions in the selected articles."""
    a = t.actors.copy()
    counts = t.mentions["actor_id"].value_counts() if not t.mentions.empty else pd.Series()
    a["mentions"] = a["actor_id"].map(counts).fillna(0).astype(int)
    a = a.sort_values(["mentions", "actor_id"], ascending=[False, True])
    return a[["actor_id", "name", "type", "country", "parent_id", "mentions"]]


def actor_type_counts(t: Tables) -> pd.DataFrame:
    """How many actors of each type were found."""
    a = actors_table(t)
    a = a[a["mentions"] > 0]
    out = a.groupby("type").agg(actors=("actor_id", "count"), mentions=("mentions", "sum"))
    return out.sort_values(["mentions", "actors"], ascending=False).reset_index()


def mentions_by_rule(t: Tables) -> pd.DataFrame:
    """How mentions were resolved (alias, demonym phrase, title + name, ...)."""
    m = t.mentions
    if m.empty or "rule" not in m.columns:
        return pd.DataFrame(columns=["rule", "mentions"])
    out = m["rule"].replace("", "unknown").value_counts().rename_axis("rule")
    return out.rename("mentions").reset_index()


def mentions_table(t: Tables, n: int = 40) -> pd.DataFrame:
    """Mentions in text order with the actor they resolve to."""
    m = t.mentions.sort_values(["doc_id", "start"]).head(n).copy()
    m["actor"] = m["actor_id"].map(_names(t)).fillna(m["actor_id"])
    cols = ["doc_id", "sent_id", "surface", "actor_id", "actor", "rule"]
    return m[[c for c in cols if c in m.columns]]


def unresolved_table(t: Tables) -> pd.DataFrame:
    """Names the codebook does not know yet, most frequent first."""
    u = t.unresolved
    if u.empty:
        return pd.DataFrame(columns=["surface", "kind", "count", "example"])
    g = u.groupby(["surface", "kind"], sort=True)
    out = g.agg(count=("start", "size"), example=("sentence", "first")).reset_index()
    return out.sort_values(["count", "surface"], ascending=[False, True])


# --------------------------------------------------------------------------- 03 claims
def claims_table(t: Tables) -> pd.DataFrame:
    """Who asserts what, and how firmly: one row per claim."""
    c = t.claims.sort_values(["doc_id", "start"]).copy()
    names = _names(t)
    c["claimant"] = [
        f"{names.get(i, i)} ({s})" if s and i and names.get(i, i) != s else (names.get(i, i) or s)
        for i, s in zip(c["claimant_id"], c["claimant_surface"])
    ]
    short = [cid[len(doc) + 1:] if cid.startswith(f"{doc}-") else cid
             for cid, doc in zip(c["claim_id"], c["doc_id"])]
    out = pd.DataFrame({
        "id": short,
        "claim": c["text"],
        "claimant": c["claimant"],
        "attribution": c["attribution"],
        "cue": c["cue"],
        "polarity": c["polarity"],
        "modality": c["modality"],
        "type": c["claim_type"],
    })
    if t.n_docs > 1:
        out.insert(1, "outlet", c["doc_id"].map(_outlets(t)))
    return out.reset_index(drop=True)


def sourcing_profile(t: Tables) -> pd.DataFrame:
    """Claims by attribution: count and share (author / named / group / anonymous)."""
    c = t.claims
    total = len(c)
    rows = []
    for a in ATTRIBUTIONS:
        n = int((c["attribution"] == a).sum())
        rows.append({"attribution": a, "claims": n, "share": _pct(n, total)})
    return pd.DataFrame(rows)


def sourcing_by_outlet(t: Tables) -> pd.DataFrame:
    """Share of each attribution per outlet (rows: outlets; cells: % of that outlet's claims)."""
    c = t.claims.copy()
    if c.empty:
        return pd.DataFrame(columns=["outlet", "claims", *ATTRIBUTIONS])
    c["outlet"] = c["doc_id"].map(_outlets(t))
    ct = pd.crosstab(c["outlet"], c["attribution"]).reindex(columns=list(ATTRIBUTIONS),
                                                            fill_value=0)
    total = ct.sum(axis=1)
    out = ct.apply(lambda col: [_pct(n, m) for n, m in zip(col, total)])
    out.insert(0, "claims", total)
    return out.reset_index()


def modality_by_attribution(t: Tables) -> pd.DataFrame:
    """How firmly claims are made, by who makes them."""
    c = t.claims
    if c.empty:
        return pd.DataFrame(columns=["attribution"])
    ct = pd.crosstab(c["attribution"], c["modality"])
    ct = ct.reindex([a for a in ATTRIBUTIONS if a in ct.index])
    return ct.reset_index()


def claim_type_counts(t: Tables) -> pd.DataFrame:
    """Claims by type, with their CAMEO code where the codebook has one."""
    c = t.claims
    if c.empty:
        return pd.DataFrame(columns=["type", "cameo", "claims"])
    cameo = c["cameo"] if "cameo" in c.columns else pd.Series([""] * len(c), index=c.index)
    out = pd.DataFrame({"type": c["claim_type"], "cameo": cameo}).value_counts()
    out = out.rename("claims").reset_index()
    return out.sort_values(["claims", "type"], ascending=[False, True]).reset_index(drop=True)


def _contested_pairs(t: Tables) -> list[tuple[str, str]]:
    c = t.claims
    ids = set(c["claim_id"])
    pairs: set[tuple[str, str]] = set()
    for cid, other in zip(c["claim_id"], c["contested_with"]):
        for o in _split(other):
            if o in ids and o != cid:
                pairs.add(tuple(sorted((cid, o))))  # type: ignore[arg-type]
    return sorted(pairs)


def contested_table(t: Tables) -> pd.DataFrame:
    """Claims that disagree about the same event, side by side."""
    pairs = _contested_pairs(t)
    cols = ["claim A", "asserted by A", "how A", "claim B", "asserted by B", "how B"]
    if not pairs:
        return pd.DataFrame(columns=cols)
    by_id = t.claims.set_index("claim_id")
    names = _names(t)

    def who(r: pd.Series) -> str:
        return names.get(r["claimant_id"], r["claimant_id"]) or r["claimant_surface"] or "(unsourced)"

    def how(r: pd.Series) -> str:
        return f"{r['attribution']}, {r['polarity']}, {r['modality']}"

    rows = []
    for a, b in pairs:
        ra, rb = by_id.loc[a], by_id.loc[b]
        rows.append({"claim A": ra["text"], "asserted by A": who(ra), "how A": how(ra),
                     "claim B": rb["text"], "asserted by B": who(rb), "how B": how(rb)})
    return pd.DataFrame(rows, columns=cols)


def unsourced_assertions(t: Tables) -> pd.DataFrame:
    """Consequential claims (use of force, captures, casualties) made with no named source."""
    c = t.claims
    if c.empty:
        return c
    cameo = c["cameo"] if "cameo" in c.columns else pd.Series([""] * len(c), index=c.index)
    heavy = cameo.str[:2].isin(CONSEQUENTIAL_CAMEO_ROOTS) | c["claim_type"].str.contains(
        CONSEQUENTIAL_TYPE)
    mask = c["attribution"].isin(["author", "anonymous"]) & heavy
    return c[mask].sort_values(["doc_id", "start"])


def unsourced_table(t: Tables) -> pd.DataFrame:
    """The consequential unsourced assertions, for display."""
    u = unsourced_assertions(t)
    return pd.DataFrame({
        "claim": u["text"],
        "voice": u["attribution"],
        "cue": u["cue"],
        "modality": u["modality"],
        "type": u["claim_type"],
        "outlet": u["doc_id"].map(_outlets(t)),
    }).reset_index(drop=True)


# --------------------------------------------------------------------------- 04 network
def relations_table(t: Tables) -> pd.DataFrame:
    """Signed actor -> actor relations with who asserts each and the claim behind it."""
    r = t.relations.sort_values(["doc_id", "relation_id"]).copy()
    names = _names(t)
    claim_text = dict(zip(t.claims["claim_id"], t.claims["text"]))
    out = pd.DataFrame({
        "source": r["source_id"].map(lambda i: names.get(i, i)),
        "relation": r["relation"],
        "target": r["target_id"].map(lambda i: names.get(i, i)),
        "sign": r["sign"],
        "asserted by": r["asserted_by"].map(lambda i: names.get(i, i)),
        "modality": r["modality"] if "modality" in r.columns else "",
        "claim": r["claim_id"].map(claim_text).fillna(""),
    })
    if t.n_docs > 1:
        out.insert(0, "outlet", r["doc_id"].map(_outlets(t)))
    return out.reset_index(drop=True)


def relations_by_outlet(t: Tables) -> pd.DataFrame:
    """Cooperative, hostile and neutral relations reported by each outlet."""
    r = t.relations.copy()
    cols = ["outlet", "relations", "cooperative", "hostile", "neutral"]
    if r.empty:
        return pd.DataFrame(columns=cols)
    r["outlet"] = r["doc_id"].map(_outlets(t))
    g = r.groupby("outlet", sort=True)["sign"]
    return pd.DataFrame({
        "relations": g.size(),
        "cooperative": g.apply(lambda s: int((s > 0).sum())),
        "hostile": g.apply(lambda s: int((s < 0).sum())),
        "neutral": g.apply(lambda s: int((s == 0).sum())),
    }).reset_index()


def claimant_view(t: Tables) -> pd.DataFrame:
    """Who speaks about whom: per claimant, the relations it asserts and the actors involved."""
    r = t.relations.copy()
    cols = ["claimant", "relations", "cooperative", "hostile", "neutral", "about"]
    if r.empty:
        return pd.DataFrame(columns=cols)
    names = _names(t)
    rows = []
    for who, g in r.groupby("asserted_by", sort=True):
        about = sorted({names.get(a, a) for a in pd.concat([g["source_id"], g["target_id"]])
                        if a != who})
        rows.append({"claimant": names.get(who, who), "relations": len(g),
                     "cooperative": int((g["sign"] > 0).sum()),
                     "hostile": int((g["sign"] < 0).sum()),
                     "neutral": int((g["sign"] == 0).sum()), "about": "; ".join(about)})
    return pd.DataFrame(rows, columns=cols).sort_values(["relations", "claimant"],
                                                        ascending=[False, True],
                                                        kind="mergesort").reset_index(drop=True)


def relation_counts(t: Tables) -> pd.DataFrame:
    """Relations by type and sign."""
    r = t.relations
    if r.empty:
        return pd.DataFrame(columns=["relation", "sign", "relations"])
    out = r[["relation", "sign"]].value_counts().rename("relations").reset_index()
    return out.sort_values(["relations", "relation"], ascending=[False, True]).reset_index(drop=True)


def state_edges_table(t: Tables) -> pd.DataFrame:
    """The state-level network: signed weights between states."""
    e = t.state_edges
    cols = ["a", "b", "weight", "sign", "n_positive", "n_negative", "n_neutral",
            "n_relations", "evidence"]
    return e[[c for c in cols if c in e.columns]]


def nodes_table(t: Tables, level: str = "state") -> pd.DataFrame:
    """Node metrics and blocs at the `state` or `actor` level."""
    n = t.nodes
    n = n[n["level"] == level] if "level" in n.columns else n
    cols = ["node_id", "name", "type", "degree", "weighted_degree", "betweenness", "bloc"]
    n = n[[c for c in cols if c in n.columns]].copy()
    if "degree" in n.columns:
        n = n.sort_values(["degree", "node_id"], ascending=[False, True])
    return n.reset_index(drop=True)


def triads_table(t: Tables) -> pd.DataFrame:
    """Closed triads of the signed state network and whether each is balanced."""
    return t.triads


def blocs(t: Tables) -> dict[str, list[str]]:
    """Bloc number -> member states, from the state-level node table."""
    n = t.nodes
    if n.empty or "bloc" not in n.columns:
        return {}
    n = n[(n["level"] == "state") & (n["bloc"].astype(str) != "-1") & (n["bloc"] != "")]
    out: dict[str, list[str]] = {}
    for node, bloc in sorted(zip(n["node_id"], n["bloc"].astype(str))):
        out.setdefault(bloc, []).append(node)
    return dict(sorted(out.items()))


def balance(t: Tables) -> dict[str, Any] | None:
    """The structural balance of the selection's state network, computed once.

    The whole corpus: the build's `balance.json`, as written by `analysis.network`. A
    selection of articles: `network.balance_summary` of the selection's state graph (the
    corpus result does not describe a part of it), memoised on `t`. None when neither exists.
    """
    if "balance" in t.__dict__:
        return t.__dict__["balance"]
    result = None
    path = t.processed_dir / "balance.json"
    if t.selected_all and path.is_file():
        result = json.loads(path.read_text(encoding="utf-8"))
    else:
        try:
            from analysis import network
        except ImportError:
            network = None
        if network is not None:
            result = network.balance_summary(network.state_graph(t.relations, t.actors),
                                             t.actors)
    t.__dict__["balance"] = result
    return result


def balance_sentences(t: Tables) -> list[str]:
    """Blocs and structural balance of the selected articles' state network, in plain words.

    Reads the build's `balance.json` (see `balance`); without it, falls back to the blocs and
    triads in the processed tables.
    """
    summary = balance(t)
    if summary is not None:
        systems = summary.get("systems") or []
        if len(systems) > 1:  # one account per conflict system, not a pooled census
            return [f"{s.get('name') or s.get('id')} ({_plural(int(s.get('n_docs', 0)), 'article')}): "
                    f"{str(s.get('explanation', '')).strip()}" for s in systems]
        text = str(summary.get("explanation", "")).strip()
        return [text] if text else ["The state network has no signed edges."]
    out = []
    b = blocs(t)
    names = _names(t)
    if b:
        parts = ["{" + ", ".join(names.get(s, s) for s in members) + "}" for members in b.values()]
        out.append(
            f"The signed state network splits into {_plural(len(b), 'bloc')}: "
            + " versus ".join(parts)
            + " (states inside a bloc are tied mostly by cooperative relations, "
              "states in different blocs mostly by hostile ones)."
        )
    else:
        out.append("No blocs were found in the state network.")
    tri = t.triads
    if tri.empty:
        out.append(
            "The state network has no closed triad (three states all tied to each other), "
            "so structural balance cannot be tested on triads."
        )
    else:
        bal = tri["balanced"].astype(str).str.lower().isin(["true", "1"])
        nb = int(bal.sum())
        out.append(
            f"Of {_plural(len(tri), 'closed triad')} of states, {nb} "
            f"{'is' if nb == 1 else 'are'} balanced: a triad is balanced when the product of "
            "its three signs is positive (the friend of my friend is my friend; the enemy of "
            "my enemy is my friend)."
        )
    if not t.selected_all:
        out.append("Blocs and triads are computed over the whole corpus, not the selection.")
    return out


def network_figure(t: Tables, level: str = "state", figures_dir: str | Path | None = None,
                   prefix: str = "") -> Path | None:
    """Draw the signed `state` or `actor` network (PNG + CSV beside it); return the PNG."""
    try:
        from analysis import network
        from analysis.report import figures
    except ImportError as exc:  # the network stage is built elsewhere; say so, don't crash
        print(f"Network figure unavailable: {exc}.")
        return None
    folder = Path(figures_dir) if figures_dir else config.FIGURES
    folder.mkdir(parents=True, exist_ok=True)
    G = network.build_graph(t.relations, t.actors)
    png = folder / f"{prefix}{level}-network.png"
    if level == "state":
        figures.plot_state_network(network.state_graph(t.relations, t.actors), t.actors, png,
                                   balance=balance(t))
    else:
        figures.plot_actor_network(G, t.actors, png)
    return png


def sourcing_figure(t: Tables, figures_dir: str | Path | None = None, prefix: str = "") -> Path | None:
    """Draw the sourcing profile chart (PNG + CSV beside it); return the PNG path."""
    try:
        from analysis.report import figures
    except ImportError as exc:
        print(f"Sourcing chart unavailable: {exc}.")
        return None
    folder = Path(figures_dir) if figures_dir else config.FIGURES
    folder.mkdir(parents=True, exist_ok=True)
    png = folder / f"{prefix}sourcing-profile.png"
    claims = t.claims.copy()
    claims["outlet"] = claims["doc_id"].map(_outlets(t))
    figures.plot_sourcing_profile(claims, png)
    return png


def show_figures(paths: Iterable[Path | None]) -> None:
    """Display PNG files in order (embedded in the notebook and so in the HTML)."""
    from IPython.display import display

    for p in paths:
        if p:
            display(image(p))


# --------------------------------------------------------------------------- 05 report
def title_block(t: Tables) -> Html:
    """The title page: sources, dates, as-of date and data hash (plus a page break)."""
    d = t.documents
    outlets = sorted(set(d.get("outlet", pd.Series(dtype=str))) - {""})
    dates = sorted(set(d.get("published", pd.Series(dtype=str))) - {""})
    period = (dates[0] if len(dates) == 1 else f"{dates[0]} to {dates[-1]}") if dates else "unknown"
    rows = [
        ("Articles", str(len(d))),
        ("Source" if len(outlets) == 1 else "Sources", ", ".join(outlets) or "unknown"),
        ("Published", period),
        ("As of", as_of(t)),
        ("Data hash (sha256 of processed tables)", data_hash(t.processed_dir)),
        ("Commit", git_commit()),
    ]
    if len(d) == 1 and "url" in d.columns:
        rows.insert(2, ("URL", d["url"].iloc[0]))
    body = "".join(f"<tr><th scope='row'>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in rows)
    return Html(
        "<div class='title-block'><table class='meta-table'>" + body + "</table></div>"
        "<div class='toc-here'></div><div class='page-break'></div>"
    )


def findings(t: Tables) -> list[str]:
    """The summary of findings, in plain sentences written from the data."""
    out = [_coverage_finding(t)]
    if len(t.claims):
        out += [_sourcing_finding(t.claims), _modality_finding(t.claims),
                _unsourced_finding(t), _contested_finding(t)]
    else:
        out.append("No claims were extracted.")
    out.extend(balance_sentences(t))
    out.extend(_loaded_finding(t))
    out.extend(_flags_finding(t))
    return out


def _coverage_finding(t: Tables) -> str:
    """What the report covers (articles, outlets, dates) and how much was extracted, so the
    reader can judge every share that follows."""
    d, c, r = t.documents, t.claims, t.relations
    outlets = sorted(set(d.get("outlet", pd.Series(dtype=str))) - {""})
    dates = sorted(set(d.get("published", pd.Series(dtype=str))) - {""})
    when = (f" published on {dates[0]}" if len(dates) == 1
            else f" published between {dates[0]} and {dates[-1]}" if dates else "")
    return (
        f"The report covers {_plural(len(d), 'article')} from "
        f"{_plural(len(outlets), 'outlet')} ({', '.join(outlets) or 'unknown'}){when}; "
        f"{_plural(len(c), 'claim')}, {_plural(int(t.mentions.shape[0]), 'actor mention')} and "
        f"{_plural(len(r), 'signed relation')} between actors were extracted."
    )


def _sourcing_finding(c: pd.DataFrame) -> str:
    """The sourcing profile in one sentence: the share of claims in each attribution."""
    prof = {a: int((c["attribution"] == a).sum()) for a in ATTRIBUTIONS}
    return (
        "Sourcing profile: "
        f"{_pct(prof['author'], len(c))} of claims are made in the article's own voice, "
        f"{_pct(prof['named'], len(c))} are attributed to named sources, "
        f"{_pct(prof['group'], len(c))} to unnamed groups of sources and "
        f"{_pct(prof['anonymous'], len(c))} to no source at all."
    )


def _modality_finding(c: pd.DataFrame) -> str:
    """How firmly the claims are made (asserted, hedged, conditional, forecast) and how many
    are denials."""
    mod = c["modality"].value_counts()
    n_deny = int((c["polarity"] == "deny").sum())
    firm = int(mod.get("asserted", 0))
    return (
        f"{_plural(firm, 'claim')} {'is' if firm == 1 else 'are'} asserted outright; "
        f"{int(mod.get('hedged', 0))} hedged, {int(mod.get('conditional', 0))} conditional "
        f"and {_plural(int(mod.get('forecast', 0)), 'forecast')}; "
        f"{_plural(n_deny, 'claim')} {'is a denial' if n_deny == 1 else 'are denials'}."
    )


def _unsourced_finding(t: Tables) -> str:
    """The consequential claims about the use of force that name no source, with up to
    three examples: the claims a reviewer most needs to check."""
    uns = unsourced_assertions(t)
    if not len(uns):
        return "Every claim about the use of force names a source."
    examples = "; ".join(f"\u201c{_short(x)}\u201d ({k})" for x, k in
                         zip(uns["text"].head(3), uns["claim_type"].head(3)))
    return (
        f"{_plural(len(uns), 'consequential claim')} about the use of force "
        f"(captures, strikes, casualties and the like) "
        f"{'has' if len(uns) == 1 else 'have'} no named source: {examples}."
    )


def _contested_finding(t: Tables) -> str:
    """How many pairs of claims contradict each other, with the first pair quoted."""
    pairs = _contested_pairs(t)
    if not pairs:
        return "No two claims were found to contradict each other."
    by_id = t.claims.set_index("claim_id")
    a, b = pairs[0]
    return (
        f"{_plural(len(pairs), 'pair')} of claims contradict each other, for example "
        f"\u201c{_short(by_id.loc[a, 'text'])}\u201d ({_claimant(t, by_id.loc[a])}) "
        f"against \u201c{_short(by_id.loc[b, 'text'])}\u201d ({_claimant(t, by_id.loc[b])})."
    )


def _loaded_finding(t: Tables) -> list[str]:
    """The loaded expressions and the (at most two) actors they target most (none: no
    sentence)."""
    ll = t.loaded_language
    if not len(ll):
        return []
    tgt = ll["target_id"].replace("", pd.NA).dropna().map(lambda i: _name(t, i))
    top = tgt.value_counts().head(2)
    who = " and ".join(f"{k} ({v})" for k, v in top.items())
    return [
        f"{_plural(len(ll), 'loaded expression')} (evaluative labels, scare quotes)"
        + (f", aimed most often at {who}." if who else ".")
    ]


def _flags_finding(t: Tables) -> list[str]:
    """The reference-consistency flags with the first two problems (none: no sentence)."""
    if not len(t.flags):
        return []
    return [
        f"{_plural(len(t.flags), 'reference-consistency flag')}: "
        + "; ".join(_short(p, 120).rstrip(".") for p in t.flags["problem"].head(2)) + "."
    ]


def _short(text: str, n: int = 90) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "\u2026"


def _claimant(t: Tables, row: pd.Series) -> str:
    return _name(t, row["claimant_id"]) or row["claimant_surface"] or "unsourced"


def source_metadata(t: Tables) -> pd.DataFrame:
    """Outlet, date, URL and checksum of every article, with the as-of date."""
    d = t.documents
    out = pd.DataFrame({
        "doc_id": d["doc_id"],
        "outlet": d.get("outlet", ""),
        "published": d.get("published", ""),
        "url": d.get("url", ""),
        "sha256": d["sha256"],
    })
    out["as of"] = as_of(t)
    return out


def per_article_table(t: Tables) -> pd.DataFrame:
    """One line per article: claims by attribution and relations by sign."""
    rows = []
    for doc_id, outlet in _outlets(t).items():
        c = t.claims[t.claims["doc_id"] == doc_id]
        r = t.relations[t.relations["doc_id"] == doc_id]
        row = {"doc_id": doc_id, "outlet": outlet, "claims": len(c)}
        for a in ATTRIBUTIONS:
            row[a] = int((c["attribution"] == a).sum())
        row["contested"] = int((c["contested_with"] != "").sum())
        row["relations +"] = int((r["sign"] > 0).sum())
        row["relations -"] = int((r["sign"] < 0).sum())
        rows.append(row)
    return pd.DataFrame(rows)


def loaded_by_target(t: Tables) -> pd.DataFrame:
    """Loaded language grouped by the actor it targets."""
    ll = t.loaded_language
    cols = ["target", "expressions", "labels", "examples"]
    if ll.empty:
        return pd.DataFrame(columns=cols)
    ll = ll.copy()
    ll["target"] = ll["target_id"].map(lambda i: _name(t, i) if i else "(no target found)")
    g = ll.groupby("target", sort=True)
    out = pd.DataFrame({
        "expressions": g.size(),
        "labels": g["label"].apply(lambda s: ", ".join(sorted(set(s)))),
        "examples": g["surface"].apply(lambda s: "; ".join(dict.fromkeys(s).keys())),
    }).reset_index()
    return out.sort_values(["expressions", "target"], ascending=[False, True])[cols]


def places_table(t: Tables) -> pd.DataFrame:
    """Places named in claims, with how many claims name each and of which types."""
    rows = []
    for _, c in t.claims.iterrows():
        for p in _split(c["places"]):
            rows.append({"place": p, "claim_type": c["claim_type"], "claim_id": c["claim_id"]})
    if not rows:
        return pd.DataFrame(columns=["place", "claims", "claim types"])
    df = pd.DataFrame(rows)
    g = df.groupby("place", sort=True)
    out = pd.DataFrame({
        "claims": g["claim_id"].nunique(),
        "claim types": g["claim_type"].apply(lambda s: ", ".join(sorted(set(s)))),
    }).reset_index()
    return out.sort_values(["claims", "place"], ascending=[False, True])


def flags_table(t: Tables) -> pd.DataFrame:
    """Reference-consistency flags: titles and names that disagree with dated offices."""
    f = t.flags
    cols = ["doc_id", "surface", "office_id", "expected_id", "problem"]
    return f[[c for c in cols if c in f.columns]]


def accuracy() -> pd.DataFrame | Html:
    """Precision, recall and F1 against the hand-coded seed (analysis.evaluate)."""
    try:
        evaluate = importlib.import_module("analysis.evaluate")
    except ModuleNotFoundError as exc:
        if exc.name not in ("analysis.evaluate",):
            raise
        return prose("Accuracy against the hand-coded seed is not available in this build "
                     "(the evaluation module analysis.evaluate is not installed).")
    fn = getattr(evaluate, "evaluate_seed", None)
    if fn is None:
        return prose("Accuracy against the hand-coded seed is not available in this build "
                     "(analysis.evaluate has no evaluate_seed()).")
    result = fn()
    if isinstance(result, pd.DataFrame):
        return table(result.round(3) if hasattr(result, "round") else result,
                     caption="Extraction accuracy against the hand-coded seed")
    return prose(str(result))


def git_commit() -> str:
    """The commit the report was built from, or 'unknown' outside a git checkout."""
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=config.ROOT, capture_output=True,
                             text=True, timeout=10, check=True)
        return out.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def package_versions() -> pd.DataFrame:
    """Python and package versions in the environment that built the report."""
    rows = [{"package": "python", "version": platform.python_version()}]
    for name in FOOTER_PACKAGES:
        try:
            v = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            v = "not installed"
        rows.append({"package": name, "version": v})
    return pd.DataFrame(rows)


def reproducibility(t: Tables) -> pd.DataFrame:
    """Commit, data hashes and build command, for the footer."""
    rows = [
        ("commit", git_commit()),
        ("build command", "make reports  (= python -m analysis build; python -m analysis.report)"),
        ("processed data hash (sha256 over data/processed/*.csv)", data_hash(t.processed_dir)),
        ("as of", as_of(t)),
    ]
    for doc_id, sha in zip(t.documents["doc_id"], t.documents["sha256"]):
        rows.append((f"raw sha256 of {doc_id}", sha))
    return pd.DataFrame(rows, columns=["item", "value"])
