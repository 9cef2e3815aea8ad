"""The offline explorer: one self-contained HTML page to sort, filter and search every claim,
relation, actor, claim cluster and article of the corpus.

The reports show the top rows of each table; a reviewer who wants the rest opens
`reports/explorer.html`. The page needs no server and sends no request: the table library
(DataTables, as bundled and pinned by the `itables` package) and the data are inlined. Rows
travel as JSON (not as an HTML table) and DataTables builds only the rows on screen
(`deferRender`), so 100,000 rows stay responsive. Every cell is rendered as text by
DataTables' own text renderer, and the article viewer fills the page with `textContent`, so
an article holding markup shows it as text. Each claim, relation and cluster row links to
its sentence in context and to its article (the cleaned text, shown in the page itself).

`python -m analysis.report.explorer [PROCESSED_DIR] [OUT_FILE] [--max-rows N]` writes the
page (at most `MAX_ROWS` rows per table, the first in key order; the page says when a table
is longer); the report
step (`python -m analysis.report`) calls `write_explorer` too.
"""
from __future__ import annotations

import base64
import html
import json
import sys
from pathlib import Path
from typing import Any

import pandas as pd

from analysis import config

#: The tables of the page: (tab id, file, title, columns shown, link columns).
#: A link column is `context` (doc_id + sent_id -> the sentence in its article) or
#: `article` (doc_id -> the article).
TABS: tuple[tuple[str, str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("claims", "claims.csv", "Claims",
     ("claim_id", "doc_id", "claimant_surface", "claimant_id", "attribution", "cue",
      "polarity", "modality", "claim_type", "text", "subject_ids", "object_ids", "places",
      "quantities", "contested_with", "sent_id"), ("context", "article")),
    ("relations", "relations.csv", "Relations",
     ("relation_id", "doc_id", "source_id", "relation", "target_id", "sign", "trigger",
      "asserted_by", "attribution", "modality", "polarity", "claim_id", "sent_id"),
     ("context", "article")),
    ("actors", "actors.csv", "Actors",
     ("actor_id", "name", "type", "country", "parent_id", "backed_by", "state", "origin",
      "n_mentions"), ()),
    ("clusters", "claim_clusters.csv", "Claim clusters",
     ("cluster_id", "claim_id", "doc_id", "outlet", "published", "claim_type", "states",
      "claimant_surface", "attribution", "is_first", "attribution_shift", "shift_from",
      "text", "sent_id"), ("context", "article")),
    ("documents", "documents.csv", "Articles",
     ("doc_id", "title", "outlet", "published", "n_sentences", "n_words", "sha256"),
     ("article",)),
)


#: Rows per table in the page (the first ones, in the table's key order). DataTables stays
#: responsive at this size; beyond it the page would weigh hundreds of megabytes, and the
#: page says how many rows the full table in data/processed has.
MAX_ROWS = 100_000


def _read(path: Path, columns: tuple[str, ...], max_rows: int | None = None
          ) -> tuple[pd.DataFrame, int]:
    """The shown columns of a processed table as text, at most `max_rows` of them, and the
    table's full row count (a missing table or column: empty)."""
    if not path.is_file():
        return pd.DataFrame(columns=list(columns)), 0
    header = pd.read_csv(path, nrows=0, encoding="utf-8").columns
    df = pd.read_csv(path, usecols=[c for c in columns if c in header], dtype=str,
                     keep_default_na=False, encoding="utf-8", nrows=max_rows)
    total = len(df)
    if max_rows is not None and total == max_rows:  # maybe cut: count the rest (one column)
        total = sum(len(chunk) for chunk in pd.read_csv(
            path, usecols=[header[0]], dtype=str, chunksize=500_000, encoding="utf-8"))
    for c in columns:
        if c not in df.columns:
            df[c] = ""
    return df[list(columns)], total


def _script_json(value: Any) -> str:
    """JSON that is safe inside a `<script>` element (no `</script>`, no `<!--`)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _sentences(processed: Path, docs: pd.DataFrame, wanted: set[str]) -> dict[str, Any]:
    """The sentences and metadata of the articles rows link to, for the article viewer."""
    out: dict[str, Any] = {d: {"title": t, "outlet": o, "published": p, "s": []}
                           for d, t, o, p in zip(docs["doc_id"], docs["title"],
                                                 docs["outlet"], docs["published"])
                           if d in wanted}
    path = processed / "sentences.csv"
    if not path.is_file():
        return out
    for chunk in pd.read_csv(path, usecols=["doc_id", "sent_id", "par_id", "text"],
                             dtype=str, keep_default_na=False, chunksize=200_000,
                             encoding="utf-8"):
        chunk = chunk[chunk["doc_id"].isin(wanted)]
        for d, s, p, t in zip(chunk["doc_id"], chunk["sent_id"], chunk["par_id"],
                              chunk["text"]):
            out.setdefault(d, {"title": "", "outlet": "", "published": "", "s": []})["s"] \
                .append([int(s), int(p), t])
    return out


def page_data(processed: Path | str | None = None, max_rows: int = MAX_ROWS
              ) -> dict[str, Any]:
    """What the page shows: each table's columns and (first `max_rows`) rows, its full row
    count, and the sentences of every article a shown row links to."""
    processed = Path(processed or config.PROCESSED)
    tables, wanted = [], set()
    for tab, file, title, columns, links in TABS:
        df, total = _read(processed / file, columns, max_rows)
        if "context" in links:  # the articles table links to these too (its rows alone
            wanted.update(df["doc_id"])  # would bring every article's text into the page)
        tables.append({"id": tab, "title": title, "file": file, "columns": list(columns),
                       "links": list(links), "rows": df.to_numpy().tolist(), "total": total})
    docs, _ = _read(processed / "documents.csv", ("doc_id", "title", "outlet", "published"))
    return {"tables": tables, "articles": _sentences(processed, docs, wanted)}


def _library() -> tuple[str, str]:
    """DataTables (JavaScript module, base64) and its style sheet, from the pinned itables."""
    from itables.utils import read_package_file

    js = read_package_file("html/dt_bundle.js")
    css = read_package_file("html/dt_bundle.css")
    return base64.b64encode(js.encode("utf-8")).decode("ascii"), css


_TEMPLATE_DIR = Path(__file__).parent / "templates" / "explorer"


def render(data: dict[str, Any], title: str = "Corpus explorer") -> str:
    """The whole page as a string (library, style, data and the glue that wires them)."""
    js_b64, css = _library()
    counts = " · ".join(f"{t.get('total', len(t['rows'])):,} {t['title'].lower()}"
                        for t in data["tables"])
    cut = [f"{t['title']}: the first {len(t['rows']):,} of {t['total']:,} rows (all of them "
           f"in data/processed/{t['file']})" for t in data["tables"]
           if t.get("total", 0) > len(t["rows"])]
    counts += (". Shown here: " + "; ".join(cut) + ".") if cut else ""
    page = (_TEMPLATE_DIR / "page.html").read_text(encoding="utf-8")
    glue = (_TEMPLATE_DIR / "explorer.js").read_text(encoding="utf-8")
    meta, blocks = _split_data(data)
    for key, value in (("TITLE", html.escape(title)), ("COUNTS", html.escape(counts)),
                       ("DT_CSS", css.replace("</", "<\\/")),
                       ("OWN_CSS", (_TEMPLATE_DIR / "explorer.css").read_text("utf-8")),
                       ("DT_JS_B64", js_b64), ("DATA", _script_json(meta)),
                       ("BLOCKS", blocks), ("GLUE", glue)):
        page = page.replace(f"@@{key}@@", value)
    return page


def _split_data(data: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """The page's data as a small header and one JSON block per table and for the articles.

    The browser parses a table's rows only when its tab first opens, and the articles only
    when the viewer first opens: at 100,000 claims the first table draws without parsing
    the other tables' megabytes.
    """
    tables = [{k: v for k, v in t.items() if k != "rows"} | {"n": len(t["rows"])}
              for t in data["tables"]]
    blocks = [f'<script type="application/json" id="rows-{t["id"]}">'
              f'{_script_json(t["rows"])}</script>' for t in data["tables"]]
    blocks.append('<script type="application/json" id="articles-data">'
                  f'{_script_json(data["articles"])}</script>')
    return {"tables": tables}, "\n".join(blocks)


def write_explorer(processed: Path | str | None = None, out: Path | str | None = None,
                   max_rows: int = MAX_ROWS) -> Path:
    """Write `reports/explorer.html` from the processed tables; return its path."""
    out = Path(out or config.REPORTS / "explorer.html")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_text(render(page_data(processed, max_rows)), encoding="utf-8")
    tmp.replace(out)
    return out


def main(argv: list[str] | None = None) -> int:
    """`python -m analysis.report.explorer [PROCESSED_DIR] [OUT_FILE] [--max-rows N]`."""
    import argparse

    ap = argparse.ArgumentParser(prog="python -m analysis.report.explorer",
                                 description="Write the offline explorer of the tables.")
    ap.add_argument("processed", nargs="?", default=str(config.PROCESSED))
    ap.add_argument("out", nargs="?", default=None)
    ap.add_argument("--max-rows", type=int, default=MAX_ROWS,
                    help=f"rows per table in the page (default {MAX_ROWS:,})")
    args = ap.parse_args(sys.argv[1:] if argv is None else argv)
    processed = Path(args.processed)
    if not (processed / "claims.csv").is_file():
        print(f"{processed}: no claims.csv (run `python -m analysis build` first)",
              file=sys.stderr)
        return 1
    if args.max_rows < 1:
        print("--max-rows: must be at least 1", file=sys.stderr)
        return 1
    path = write_explorer(processed, Path(args.out) if args.out else None, args.max_rows)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
