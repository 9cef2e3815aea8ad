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
#: Claims whose unsourced assertion matters most: material conflict (CAMEO roots 18-20), or
#: a claim type the codebook marks `consequential` (claim_types.yaml; used when the claim
#: carries no CAMEO code, as casualty reports).
CONSEQUENTIAL_CAMEO_ROOTS = ("18", "19", "20")


def consequential_types() -> frozenset[str]:
    """The claim types claim_types.yaml marks `consequential`."""
    from analysis.codebook import load_codebook

    return frozenset(t.id for t in load_codebook(config.CODEBOOK).claim_types if t.consequential)
#: Packages listed in the reproducibility footer.
FOOTER_PACKAGES = (
    "analysis", "pandas", "numpy", "networkx", "matplotlib", "PyYAML", "pycountry",
    "pyahocorasick", "nbclient", "nbconvert", "ipykernel", "playwright",
)


# --------------------------------------------------------------------------- loading
#: Rows shown by a bounded table (`top`) unless the notebook's `top_n` parameter says else.
TOP_N = 20


@dataclass
class Tables:
    """The processed tables of one build, restricted to the selected documents.

    Tables are read on first use (`t.claims`), so a report that never shows sentences
    never reads the largest file: at 10,000 articles reading every table costs each
    notebook about half a minute. `top_n`, `report_dir` and `prefix` tell `top` how many
    rows to show and where the full tables go (`report_dir/tables/`, linked relatively).
    """

    processed_dir: Path
    doc_ids: list[str]
    dfs: dict[str, pd.DataFrame] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    top_n: int = TOP_N
    report_dir: Path | None = None
    prefix: str = ""

    def __getattr__(self, name: str) -> pd.DataFrame:
        dfs = self.__dict__.get("dfs", {})
        if name in dfs:
            return dfs[name]
        if name in schema.BY_NAME and "processed_dir" in self.__dict__:
            dfs[name] = _read_selected(self, schema.BY_NAME[name])
            return dfs[name]
        raise AttributeError(name)

    @property
    def selected_all(self) -> bool:
        """True when no article selection narrows the corpus."""
        return not self.doc_ids

    @property
    def n_docs(self) -> int:
        return len(self.documents)


def _read(path: Path, table: schema.Table) -> pd.DataFrame:
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    for col in table.columns:
        if col.name in df.columns and col.type == "integer":
            df[col.name] = pd.to_numeric(df[col.name], errors="coerce").fillna(0).astype(int)
    return df


def _read_selected(t: Tables, table: schema.Table) -> pd.DataFrame:
    """One table, restricted to the selected articles; an absent optional table is empty
    with its schema columns (and named in `t.missing`)."""
    path = t.processed_dir / table.path
    if path.exists():
        df = _read(path, table)
    else:
        df = pd.DataFrame({c: pd.Series(dtype=str) for c in table.names})
        t.missing.append(table.name)
    if t.doc_ids and "doc_id" in df.columns:
        df = df[df["doc_id"].isin(t.doc_ids)].reset_index(drop=True)
    return df


def as_list(value: str | Sequence[str] | None) -> list[str]:
    """A papermill parameter that should be a list: a string is a one-element list
    (`papermill -p doc_ids one-id`), None or empty is the empty list."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def load(processed_dir: str | Path | None = None, doc_ids: str | Sequence[str] | None = None,
         top_n: int | None = None, report_dir: str | Path | None = None,
         prefix: str = "") -> Tables:
    """The processed tables, restricted to `doc_ids` (empty: all articles; a string: one).

    Contract tables must exist (checked now, read when first used); optional tables that
    are absent come back empty with their schema columns.
    """
    folder = Path(processed_dir) if processed_dir else config.PROCESSED
    wanted = as_list(doc_ids)
    for table in schema.CONTRACT:
        if not (folder / table.path).exists():
            raise FileNotFoundError(
                f"{folder / table.path}: processed table missing; run `make data` "
                f"(python -m analysis build) first"
            )
    t = Tables(processed_dir=folder, doc_ids=wanted, top_n=int(top_n or TOP_N),
               report_dir=Path(report_dir) if report_dir else None, prefix=prefix or "")
    if wanted:
        unknown = sorted(set(wanted) - set(t.documents["doc_id"]))
        if unknown:
            raise ValueError(f"doc_ids not in {folder / 'documents.csv'}: {', '.join(unknown)}")
    return t


_HASHES: dict[tuple, str] = {}


def data_hash(processed_dir: str | Path | None = None) -> str:
    """sha256 over the processed CSV tables (file names and bytes, sorted by name).

    Memoised on the files' names, sizes and modification times: a report asks for it
    several times, and at 10,000 articles the tables are hundreds of megabytes.
    """
    folder = Path(processed_dir) if processed_dir else config.PROCESSED
    paths = sorted(folder.glob("*.csv"))
    key = (str(folder.resolve()),) + tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns)
                                           for p in paths)
    if key not in _HASHES:
        h = hashlib.sha256()
        for path in paths:
            with path.open("rb") as fh:
                digest = hashlib.file_digest(fh, "sha256").hexdigest()
            h.update(path.name.encode("utf-8") + b"\0")
            h.update(digest.encode("ascii") + b"\n")
        _HASHES[key] = h.hexdigest()
    return _HASHES[key]


def corpus_hash(t: Tables) -> str:
    """One sha256 for the raw articles covered: over the sorted `doc_id sha256` lines of
    the documents table (the per-article list is in the HTML only)."""
    d = t.documents.sort_values("doc_id")
    lines = "".join(f"{a} {b}\n" for a, b in zip(d["doc_id"], d["sha256"]))
    return hashlib.sha256(lines.encode("utf-8")).hexdigest()


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


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-") or "table"


def top(t: Tables, df: pd.DataFrame, caption: str, name: str | None = None,
        empty: str = "No rows.", sortable: bool = True, n: int | None = None) -> Html:
    """The first `n` rows of `df` (default: the notebook's `top_n`), and when there are
    more, one line "and K more — full table: tables/NAME.csv" linking the whole table.

    The full table is written beside the report (`report_dir/tables/`, spreadsheet-safe,
    relative link), so the PDF stays bounded however large the corpus is and nothing is
    lost: every row is one click away.
    """
    n = t.top_n if n is None else int(n)
    if df is None or len(df) <= n:
        return table(df, caption=caption, sortable=sortable, empty=empty)
    rel = f"tables/{t.prefix}{_slug(name or caption)}.csv"
    folder = t.report_dir or config.REPORTS
    path = folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    from analysis.report.safe_csv import neutralise, write_csv

    write_csv(neutralise(df), path)
    shown = table(df.head(n), caption=f"{caption} (top {n} of {len(df):,})",
                  sortable=sortable, empty=empty)
    more = (f"<p class='table-more'>and {len(df) - n:,} more \u2014 full table: "
            f"<a href=\"{esc(rel)}\">{esc(rel)}</a></p>")
    return Html(shown.markup + more)


def capped(items: Sequence[str], n: int = 5, sep: str = ", ") -> str:
    """At most `n` items joined, then "and K more": a finding never becomes a list of
    every state in the corpus."""
    items = list(items)
    head = sep.join(items[:n])
    return head + (f" and {len(items) - n} more" if len(items) > n else "")


def image(path: str | Path, width: int | None = None):
    """Embed a PNG in the notebook output (and so in the HTML)."""
    from IPython.display import Image

    return Image(filename=str(path), width=width)


def _pct(n: int, total: int) -> str:
    return f"{100.0 * n / total:.0f}%" if total else "0%"


def _split(cell: str) -> list[str]:
    return [p.strip() for p in str(cell or "").split(";") if p.strip()]


def _names(t: Tables) -> dict[str, str]:
    """actor_id -> name, built once per Tables (it is asked for per row)."""
    if "_names" not in t.__dict__:
        a = t.actors
        t.__dict__["_names"] = dict(zip(a["actor_id"], a["name"])) if not a.empty else {}
    return t.__dict__["_names"]


def _name(t: Tables, actor_id: str) -> str:
    return _names(t).get(actor_id, actor_id) if actor_id else ""


def _outlets(t: Tables) -> dict[str, str]:
    if "_outlets" not in t.__dict__:
        d = t.documents
        t.__dict__["_outlets"] = dict(zip(d["doc_id"], d.get("outlet", d["doc_id"])))
    return t.__dict__["_outlets"]


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
    """Names the codebook does not know yet, most frequent first: the unresolved ones and
    the people learned from the articles (kind "learned", with the body they were learned
    for), the candidates an analyst may promote into the codebook."""
    cols = ["surface", "kind", "count", "example"]
    u = t.unresolved
    parts = []
    if not u.empty:
        g = u.groupby(["surface", "kind"], sort=True)
        parts.append(g.agg(count=("start", "size"), example=("sentence", "first")).reset_index())
    a = t.actors
    if not a.empty and "origin" in a.columns:
        counts = t.mentions["actor_id"].value_counts()  # mentions in the selected articles
        learned = a[(a["origin"] == "learned") & (a["type"] == "person")
                    & a["actor_id"].isin(counts.index)]
        if not learned.empty:
            names = _names(t)
            parts.append(pd.DataFrame({
                "surface": learned["name"],
                "kind": "learned",
                "count": [int(counts[i]) for i in learned["actor_id"]],
                "example": [f"of {names.get(p, p)}" if p else "no affiliation"
                            for p in learned["parent_id"].fillna("")]}))
    if not parts:
        return pd.DataFrame(columns=cols)
    out = pd.concat(parts, ignore_index=True)[cols]
    return out.sort_values(["count", "surface"], ascending=[False, True])


# --------------------------------------------------------------------------- 03 claims
def claims_table(t: Tables) -> pd.DataFrame:
    """Who asserts what, and how firmly: one row per claim."""
    c = t.claims.sort_values(["doc_id", "start"]).copy()
    names = _names(t)
    c["claimant"] = [claimant_label(names, i, s, a) for i, s, a in
                     zip(c["claimant_id"], c["claimant_surface"], c["attribution"])]
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


def claimant_label(names: dict[str, str], claimant_id: str, surface: str,
                   attribution: str) -> str:
    """Who a claim is attributed to, for display. An anonymous claim has no claimant: its
    surface is the cue ("reportedly", "there are reports"), shown in the cue column, so
    here it reads "(no source)"."""
    if attribution == "anonymous":
        return "(no source)"
    name = names.get(claimant_id, claimant_id) if claimant_id else ""
    if surface and name and name != surface:
        return f"{name} ({surface})"
    return name or surface or "(no source)"


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
    """Each contested pair of claims once, (smaller id, larger id), sorted. Only the rows
    with a link are looked at, as plain lists (iterating an Arrow column is slow)."""
    c = t.claims
    linked = c[c["contested_with"].fillna("").astype(str) != ""]
    ids = set(c["claim_id"].tolist())
    pairs: set[tuple[str, str]] = set()
    for cid, other in zip(linked["claim_id"].tolist(), linked["contested_with"].tolist()):
        for o in _split(other):
            if o in ids and o != cid:
                pairs.add((cid, o) if cid < o else (o, cid))
    return sorted(pairs)


def contested_table(t: Tables) -> pd.DataFrame:
    """Claims that disagree about the same event, side by side."""
    pairs = _contested_pairs(t)
    cols = ["claim A", "asserted by A", "how A", "claim B", "asserted by B", "how B"]
    if not pairs:
        return pd.DataFrame(columns=cols)
    c = t.claims.drop_duplicates("claim_id").set_index("claim_id")
    names = _names(t)
    who = pd.Series([claimant_label(names, i, s, a) for i, s, a in
                     zip(c["claimant_id"], c["claimant_surface"], c["attribution"])],
                    index=c.index)
    how = c["attribution"] + ", " + c["polarity"] + ", " + c["modality"]
    a = pd.Index([p[0] for p in pairs])
    b = pd.Index([p[1] for p in pairs])
    return pd.DataFrame({
        "claim A": c["text"].reindex(a).to_numpy(), "asserted by A": who.reindex(a).to_numpy(),
        "how A": how.reindex(a).to_numpy(), "claim B": c["text"].reindex(b).to_numpy(),
        "asserted by B": who.reindex(b).to_numpy(), "how B": how.reindex(b).to_numpy(),
    }, columns=cols)


def unsourced_assertions(t: Tables) -> pd.DataFrame:
    """Consequential claims (use of force, captures, casualties) with no named source: no
    source at all (anonymous) or only unnamed ones (group). The author's own voice is not
    counted: the outlet stands behind it, which is a source the reader can weigh."""
    c = t.claims
    if c.empty:
        return c
    cameo = c["cameo"] if "cameo" in c.columns else pd.Series([""] * len(c), index=c.index)
    heavy = cameo.str[:2].isin(CONSEQUENTIAL_CAMEO_ROOTS) | c["claim_type"].isin(
        consequential_types())
    mask = c["attribution"].isin(["anonymous", "group"]) & heavy
    return c[mask].sort_values(["doc_id", "start"])


def unsourced_table(t: Tables) -> pd.DataFrame:
    """The consequential unsourced assertions, for display."""
    u = unsourced_assertions(t)
    return pd.DataFrame({
        "claim": u["text"],
        "source": u["attribution"].map({"anonymous": "none", "group": "unnamed group"}),
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


#: Actors named per claimant in `claimant_view` (the most related first; the rest counted).
ABOUT_TOP = 8


def claimant_view(t: Tables) -> pd.DataFrame:
    """Who speaks about whom: per claimant, the relations it asserts and the actors it
    relates most often (the first `ABOUT_TOP`, then how many more: at a corpus a wire
    service speaks about hundreds of actors, and the whole list filled pages). Computed
    with whole-column operations: a corpus has tens of thousands of claimants."""
    cols = ["claimant", "relations", "cooperative", "hostile", "neutral", "actors", "about"]
    r = t.relations
    if r.empty:
        return pd.DataFrame(columns=cols)
    names = _names(t)
    who, sign = r["asserted_by"].astype(str), r["sign"].astype(int)
    per = pd.DataFrame({"who": who, "cooperative": sign > 0, "hostile": sign < 0,
                        "neutral": sign == 0}).groupby("who", sort=True)
    out = per.sum().astype(int)
    out.insert(0, "relations", per.size())
    ends = pd.DataFrame({"who": pd.concat([who, who], ignore_index=True),
                         "end": pd.concat([r["source_id"], r["target_id"]],
                                          ignore_index=True).astype(str)})
    ends = ends[ends["who"] != ends["end"]]
    ends["name"] = ends["end"].map(lambda a: names.get(a, a))
    counts = ends.groupby(["who", "name"], sort=False).size().rename("n").reset_index()
    counts = counts.sort_values(["who", "n", "name"], ascending=[True, False, True],
                                kind="mergesort")
    counts["label"] = counts["name"] + " (" + counts["n"].astype(str) + ")"
    out["actors"] = counts.groupby("who").size().reindex(out.index).fillna(0).astype(int)
    about = counts.groupby("who").head(ABOUT_TOP).groupby("who")["label"].agg("; ".join)
    about = about.reindex(out.index).fillna("")
    more = out["actors"] - ABOUT_TOP
    out["about"] = [a + (f"; and {m} more" if m > 0 else "") for a, m in zip(about, more)]
    out = out.reset_index()
    out.insert(0, "claimant", [names.get(w, w) for w in out.pop("who")])
    return out[cols].sort_values(["relations", "claimant"], ascending=[False, True],
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


def _figure_path(figures_dir: str | Path | None, name: str) -> Path:
    folder = Path(figures_dir) if figures_dir else config.FIGURES
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


def network_figure(t: Tables, level: str = "state", figures_dir: str | Path | None = None,
                   prefix: str = "") -> Path | None:
    """Draw the signed `state` or `actor` network (PNG + CSV beside it); return the PNG.

    A large network shows its best-connected nodes by name and merges the rest (one
    "other" node per bloc or actor type: `figures.top_state_graph`, `top_actor_graph`).
    """
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
        G_state = network.state_graph(t.relations, t.actors)
        H, bal = figures.top_state_graph(G_state, balance(t))
        title = "State network: signed relations and blocs"
        if H is not G_state:
            title += f" (top {figures.TOP_STATES} of {G_state.number_of_nodes()} states)"
        figures.plot_state_network(H, t.actors, png, balance=bal, title=title)
    else:
        H = figures.top_actor_graph(G)
        title = "Actor network: who does what to whom"
        if H is not G:
            title += (f" (top {figures.TOP_ACTORS} of {G.number_of_nodes()} actors, "
                      f"the {figures.TOP_ARROWS} heaviest arrows)")
        figures.plot_actor_network(H, t.actors, png, title=title)
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
        ("Corpus hash (sha256 over the articles' sha256)", corpus_hash(t)),
        ("Data hash (sha256 of processed tables)", data_hash(t.processed_dir)),
        ("Commit", commit_state()),
    ]
    if len(d) == 1 and "url" in d.columns:
        rows.insert(2, ("URL", d["url"].iloc[0]))
    body = "".join(f"<tr><th scope='row'>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in rows)
    return Html(
        "<div class='title-block'><table class='meta-table'>" + body + "</table></div>"
        "<div class='toc-here'></div><div class='page-break'></div>"
    )


def _coverage_finding(t: Tables) -> str:
    """What the report covers, with at most five outlets named."""
    d, c, r = t.documents, t.claims, t.relations
    outlets = d["outlet"].replace("", pd.NA).dropna().value_counts()
    named = capped([f"{o} ({n})" for o, n in outlets.sort_index()
                    .sort_values(ascending=False, kind="mergesort").items()], 5)
    dates = sorted(set(d["published"]) - {""})
    when = (f", published on {dates[0]}" if len(dates) == 1
            else f", published between {dates[0]} and {dates[-1]}" if dates else "")
    return (
        f"The report covers {_plural(len(d), 'article')} from "
        f"{_plural(len(outlets), 'outlet')} ({named or 'unknown'}){when}: "
        f"{len(c):,} claims, {int(t.mentions.shape[0]):,} actor mentions and "
        f"{len(r):,} signed relations."
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
    examples = "; ".join(f"\u201c{_short(x, 80)}\u201d ({k})" for x, k in
                         zip(uns["text"].head(2), uns["claim_type"].head(2)))
    return (
        f"{_plural(len(uns), 'consequential claim')} about the use of force "
        f"(captures, strikes, casualties and the like) "
        f"{'has' if len(uns) == 1 else 'have'} no named source (no source at all, or only "
        f"unnamed ones; the author's own voice not counted), for example: {examples}."
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
        f"{_plural(len(t.flags), 'reference-consistency flag')}, for example: "
        + "; ".join(_short(p, 120).rstrip(".") for p in t.flags["problem"].head(2)) + "."
    ]


def _short(text: str, n: int = 90) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "\u2026"


def _claimant(t: Tables, row: pd.Series) -> str:
    if row["attribution"] == "anonymous":
        return "no source"
    return _name(t, row["claimant_id"]) or row["claimant_surface"] or "no source"


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
    return out  # the as-of date is one date, in the title block, not a column


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
        "labels": g["label"].agg(lambda s: capped(sorted(set(s)), 5)),
        "examples": g["surface"].agg(lambda s: capped(list(dict.fromkeys(s)), 4, "; ")),
    }).reset_index()
    return out.sort_values(["expressions", "target"], ascending=[False, True])[cols]


def places_table(t: Tables) -> pd.DataFrame:
    """Places named in claims, with how many claims name each and of which types."""
    c = t.claims[t.claims["places"] != ""][["claim_id", "claim_type", "places"]]
    if c.empty:
        return pd.DataFrame(columns=["place", "claims", "claim types"])
    df = c.assign(place=c["places"].str.split(";")).explode("place")
    df["place"] = df["place"].str.strip()
    df = df[df["place"] != ""]
    g = df.groupby("place", sort=True)
    out = pd.DataFrame({
        "claims": g["claim_id"].nunique(),
        "claim types": g["claim_type"].agg(lambda s: capped(sorted(set(s)), 6)),
    }).reset_index()
    return out.sort_values(["claims", "place"], ascending=[False, True]).reset_index(drop=True)


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


#: What a report depends on in the working tree: a change here makes the commit not
#: describe the report (generated reports/ are not part of it).
TRACKED_INPUTS = ("src", "data", "notebooks", "Makefile", "pyproject.toml",
                  "requirements.lock")


def working_tree_modified() -> bool | None:
    """True when the code, data or notebooks differ from the commit (edited, added or
    deleted files); None outside a git checkout."""
    try:
        out = subprocess.run(["git", "status", "--porcelain", "--", *TRACKED_INPUTS],
                             cwd=config.ROOT, capture_output=True, text=True, timeout=20,
                             check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    return bool(out.stdout.strip())


def commit_state() -> str:
    """The commit, followed by "(modified: ...)" when the working tree differs from it, so
    a reader never takes a commit for the exact source of data that no longer match it."""
    commit = git_commit()
    if commit != "unknown" and working_tree_modified():
        return (f"{commit} (modified: the working tree differs from this commit, so the "
                "report may not be reproducible from it)")
    return commit


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
    """Commit (marked "modified" when the working tree differs), build command and the two
    hashes that pin the data: one for the corpus, one for the processed tables."""
    rows = [
        ("commit", commit_state()),
        ("build command", "make reports  (= python -m analysis build; python -m analysis.report)"),
        ("corpus hash (sha256 over the sorted doc_id and sha256 of every article)",
         corpus_hash(t)),
        ("processed data hash (sha256 over the processed tables, *.csv)", data_hash(t.processed_dir)),
        ("articles", f"{t.n_docs:,}"),
        ("as of", as_of(t)),
    ]
    return pd.DataFrame(rows, columns=["item", "value"])


def article_hashes(t: Tables) -> Html:
    """The sha256 of every raw article, for the HTML only: a folded list the print style
    sheet hides (at 10,000 articles it would fill pages of the PDF)."""
    d = t.documents.sort_values("doc_id")
    rows = "".join(f"<tr><td class='nowrap'>{esc(a)}</td><td class='long'>{esc(b)}</td></tr>"
                   for a, b in zip(d["doc_id"], d["sha256"]))
    return Html(
        "<details class='screen-only'><summary>sha256 of each of the "
        f"{len(d):,} raw articles (HTML only)</summary>"
        "<table class='dataframe report-table'><thead><tr><th scope='col'>doc_id</th>"
        f"<th scope='col'>sha256</th></tr></thead><tbody>{rows}</tbody></table></details>"
        "<p class='print-only'>The sha256 of each raw article is listed in the HTML version "
        "of this report (and in documents.csv).</p>"
    )
