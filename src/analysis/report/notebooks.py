"""Execute the notebooks and publish them as offline HTML and PDF reports.

One Python process does everything (see `NOTES-export.md`: one process is ~2x faster than
one CLI call per notebook):

1. execute each notebook with nbclient from a clean `python3` kernel (cell timeout
   `config.CELL_TIMEOUT`, no timing metadata, the kernel shut down after, cwd `notebooks/`),
   with papermill-style parameters injected as a cell tagged `injected-parameters` right
   after the cell tagged `parameters`;
2. save the executed notebook in `reports/executed/` (also when a cell failed: the error is
   in the notebook, for reading);
3. export HTML with the offline template `templates/analysis_report` (code hidden, no CDN
   script, a static table of contents, print CSS, small inline table script);
4. print each HTML to PDF with Debian's Chromium through Playwright (`executable_path`;
   Playwright's own browser download is never used);
5. write `reports/index.html` (titles, data hash, as-of date) and the spreadsheet-safe CSV
   copies in `reports/spreadsheet/`.

Executed notebooks and HTML are byte-identical across runs on the same inputs; PDFs differ
at most in their creation date, which is set to the as-of date anyway.

    python -m analysis.report [--notebooks NAME ...] [--processed DIR] [--out DIR]
                              [--doc-ids ID ...] [--article ID ...] [--per-article]
                              [--no-pdf]

Printing can fail (Chromium missing, out of memory on a huge page): the HTML reports and the
index are written first, and the failure is then reported in one line (exit 1).
"""
from __future__ import annotations

import argparse
import copy
import html
import json
import os
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from analysis import config
from analysis.report import safe_csv, sections

#: The nbconvert template (a folder under TEMPLATES) used for every report.
TEMPLATES: Path = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "analysis_report"
#: The main reviewer report (the corpus report, and the notebook each article report runs).
MAIN_REPORT = "05-report"
#: Notebooks executed at once (each in its own kernel); 0: one per core.
REPORT_WORKERS = int(os.environ.get("ANALYSIS_REPORT_WORKERS", "0") or 0)
#: Rows per table in an article report: an article's claims are shown whole.
ARTICLE_TOP_N = 300
#: The offline explorer of the full tables, when the build made one (relative to the
#: reports folder; the first that exists is linked from the index).
EXPLORER_PATHS = ("explorer.html", "explorer/index.html")
KERNEL_NAME = "python3"
#: Arguments for Chromium: offline, quiet, root-safe.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
CHROMIUM_CANDIDATES = ("/usr/lib/chromium/chromium", "/usr/bin/chromium",
                       "/usr/bin/chromium-browser")
PDF_FOOTER = (
    "<div style=\"font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 8px; "
    "color: #555; width: 100%; padding: 0 12mm; display: flex; "
    "justify-content: space-between;\">"
    "<span class=\"title\"></span>"
    "<span>page <span class=\"pageNumber\"></span> of <span class=\"totalPages\"></span></span>"
    "</div>"
)
PDF_MARGIN = {"top": "14mm", "bottom": "16mm", "left": "12mm", "right": "12mm"}


class ReportError(RuntimeError):
    """A report could not be built (the message says which and why)."""


# --------------------------------------------------------------------------- notebooks
def all_notebooks(folder: Path | None = None) -> list[Path]:
    """Every report notebook (`NN-name.ipynb`) in name order."""
    folder = folder or config.NOTEBOOKS
    return sorted(p for p in folder.glob("[0-9]*.ipynb") if p.is_file())


def resolve_notebooks(names: Sequence[str] | None, folder: Path | None = None) -> list[Path]:
    """Notebook paths for names like `05-report`, `05-report.ipynb` or a path."""
    folder = folder or config.NOTEBOOKS
    if names is None:
        return all_notebooks(folder)
    out = []
    for name in names:
        p = Path(name)
        cands = [p, folder / p.name, folder / f"{p.name}.ipynb"]
        hit = next((c for c in cands if c.suffix == ".ipynb" and c.is_file()), None)
        if hit is None:
            raise ReportError(f"{name}: no such notebook in {folder}")
        out.append(hit.resolve())
    return sorted(dict.fromkeys(out), key=lambda q: q.name)


def parameters_source(params: dict[str, Any]) -> str:
    """Python source assigning `params` (the papermill 'injected-parameters' form)."""
    lines = ["# Parameters"]
    for key, value in params.items():
        lines.append(f"{key} = {value!r}")
    return "\n".join(lines) + "\n"


def inject_parameters(nb, params: dict[str, Any]):
    """Insert a cell tagged `injected-parameters` after the cell tagged `parameters`.

    Like papermill's `parameterize_notebook`, but with a fixed cell id and no timestamps,
    so the executed notebook is deterministic. An earlier injected cell is replaced.
    """
    import nbformat

    nb = copy.deepcopy(nb)
    nb.cells = [c for c in nb.cells
                if "injected-parameters" not in c.get("metadata", {}).get("tags", [])]
    if not params:
        return nb
    idx = next((i for i, c in enumerate(nb.cells)
                if "parameters" in c.get("metadata", {}).get("tags", [])), None)
    if idx is None:
        raise ReportError("notebook has no cell tagged 'parameters' to inject into")
    cell = nbformat.v4.new_code_cell(source=parameters_source(params))
    cell.id = "injected-parameters"
    cell.metadata["tags"] = ["injected-parameters"]
    nb.cells.insert(idx + 1, cell)
    return nb


def normalise(nb):
    """Drop run-dependent metadata (timings, papermill records) from an executed notebook."""
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("ExecuteTime", None)
    return nb


def _kernel_env() -> None:
    """Environment the kernel inherits: headless plotting, stable hashing, quiet debugger."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    os.environ.setdefault("PYTHONHASHSEED", "0")
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")


def execute(path: Path, params: dict[str, Any]) -> tuple[Any, str | None]:
    """Execute one notebook in a fresh kernel; return (notebook, error text or None)."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    _kernel_env()
    nb = nbformat.read(path, as_version=4)
    nb = inject_parameters(nb, params)
    client = NotebookClient(
        nb,
        timeout=config.CELL_TIMEOUT,
        startup_timeout=120,
        kernel_name=KERNEL_NAME,
        record_timing=False,
        allow_errors=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    error = None
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:
        error = str(exc)
    except RuntimeError as exc:  # e.g. the kernel did not start
        error = f"{type(exc).__name__}: {exc}"
    return normalise(nb), error


# --------------------------------------------------------------------------- HTML
_HEADING = re.compile(r"<h([1-3])([^>]*)\bid=\"([^\"]+)\"([^>]*)>(.*?)</h\1>", re.S)


def _heading_text(markup: str) -> str:
    markup = re.sub(r"<a class=\"anchor-link\".*?</a>", "", markup, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", markup)).strip()


def table_of_contents(body: str) -> str:
    """A static <nav> of links to the h2/h3 headings of an exported notebook."""
    items = _toc_items(body)
    if not items:
        return ""
    return _toc_markup(items)


def _toc_items(body: str) -> list[tuple[int, str, str]]:
    """(level, anchor, text) of each h1-h3 heading but the first h1 (the title, which the
    contents would only repeat)."""
    items: list[tuple[int, str, str]] = []
    first_h1 = True
    for level, _a, anchor, _b, inner in _HEADING.findall(body):
        if level == "1" and first_h1:
            first_h1 = False  # the title
            continue
        items.append((int(level), anchor, _heading_text(inner)))
    return items


def _toc_markup(items: list[tuple[int, str, str]]) -> str:
    """The <nav> for `items`, two levels deep: headings below the top level present are
    nested under the heading before them, so the list stays valid HTML."""
    top = min(level for level, _, _ in items)
    out = ["<nav class=\"toc\" aria-label=\"Contents\"><h2 class=\"toc-title\">Contents</h2><ol>"]
    depth = 0
    for level, anchor, text in items:
        d = 1 if level > top else 0
        if d > depth:
            out.append("<ol>")
        elif d < depth:
            out.append("</li></ol></li>")
        elif out[-1] != "<ol>" and not out[-1].endswith("<ol>"):
            out.append("</li>")
        depth = d
        out.append(f"<li><a href=\"#{html.escape(anchor, quote=True)}\">{html.escape(text)}</a>")
    out.append("</li>" + ("</ol></li>" if depth else "") + "</ol></nav>")
    return "".join(out)


def add_toc(body: str) -> str:
    """Put the table of contents where the title block asks, else after the first <h1>."""
    toc = table_of_contents(body)
    if not toc:
        return body
    marker = re.search(r"<div class=['\"]toc-here['\"]></div>", body)
    if marker:
        return body[: marker.start()] + toc + body[marker.end():]
    m = re.search(r"</h1>", body)
    if m:
        return body[: m.end()] + toc + body[m.end():]
    return body


def html_exporter():
    """The HTML exporter: offline template, code and prompts hidden."""
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )


def export_html(nb, name: str, exporter=None) -> str:
    """Render an executed notebook as offline HTML (with a table of contents)."""
    exporter = exporter or html_exporter()
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": name}})
    return add_toc(body)


# --------------------------------------------------------------------------- PDF
def find_chromium() -> str:
    """Path of a Chromium binary: $CHROMIUM, else Debian's (the binary, not the wrapper)."""
    env = os.environ.get("CHROMIUM")
    candidates = ([env] if env else []) + list(CHROMIUM_CANDIDATES)
    for c in candidates:
        if c and Path(c).is_file() and os.access(c, os.X_OK):
            return c
    found = shutil.which("chromium")
    if found:
        return found
    raise ReportError(
        "no Chromium found for the PDF export: install Debian's chromium "
        "(`apt-get install -y chromium`, or `make setup` as root) or set CHROMIUM=/path/to/chromium"
    )


def _browser_named() -> str:
    """The Chromium a failed print used, for its error line (or why none was found)."""
    try:
        return find_chromium()
    except ReportError:
        return "Chromium (none found; set CHROMIUM=/path/to/chromium)"


def _pdf_date(as_of_date: str) -> bytes:
    """A PDF date string for the as-of date (so the PDF carries no wall-clock time)."""
    digits = re.sub(r"\D", "", as_of_date)[:8]
    if len(digits) != 8:
        digits = "19700101"
    return f"D:{digits}000000+00'00'".encode("ascii")


def normalise_pdf(path: Path, as_of_date: str) -> None:
    """Replace Chromium's creation/modification dates by the as-of date (same length)."""
    data = path.read_bytes()
    fixed = _pdf_date(as_of_date)

    def repl(m: re.Match) -> bytes:
        old = m.group(2)
        new = fixed if len(fixed) == len(old) else fixed[: len(old)].ljust(len(old), b"0")
        return m.group(1) + new + m.group(3)

    data = re.sub(rb"(/(?:CreationDate|ModDate)\s*\()([^)]*)(\))", repl, data)
    path.write_bytes(data)


def export_pdfs(pairs: Sequence[tuple[Path, Path]], as_of_date: str = "") -> None:
    """Print each (html, pdf) pair with headless Chromium: A4, backgrounds, page X of Y."""
    if not pairs:
        return
    from playwright.sync_api import sync_playwright

    exe = find_chromium()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            for html_path, pdf_path in pairs:
                page.goto(html_path.resolve().as_uri(), wait_until="load")
                page.emulate_media(media="print")
                pdf_path.parent.mkdir(parents=True, exist_ok=True)
                page.pdf(
                    path=str(pdf_path),
                    format="A4",
                    print_background=True,
                    display_header_footer=True,
                    header_template="<span></span>",
                    footer_template=PDF_FOOTER,
                    margin=PDF_MARGIN,
                )
                normalise_pdf(pdf_path, as_of_date)
        finally:
            browser.close()


# --------------------------------------------------------------------------- index
@dataclass
class Entry:
    """One report in the index."""

    name: str
    title: str
    html: Path | None = None
    pdf: Path | None = None
    status: str = "ok"
    group: str = "Reports"
    extra: dict[str, str] = field(default_factory=dict)


def notebook_title(path: Path) -> str:
    """The notebook's metadata title (else its file name)."""
    try:
        meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
    except (OSError, ValueError):
        meta = {}
    return str(meta.get("title") or path.stem)


def write_index(out_dir: Path, entries: Iterable[Entry], processed_dir: Path) -> Path:
    """Write `index.html`: every report with its title, data hash and as-of date; offline."""
    digest = sections.data_hash(processed_dir)
    try:
        t = sections.load(processed_dir)
        asof, n_docs = sections.as_of(t), t.n_docs
    except (FileNotFoundError, ValueError):
        asof, n_docs = "unknown", 0
    rows = _explorer_section(out_dir) + _index_tables(out_dir, entries, asof, digest)
    page = _index_page(n_docs, asof, digest, rows, _spreadsheet_section(out_dir))
    out = out_dir / "index.html"
    out.write_text(page, encoding="utf-8")
    return out


def _index_link(out_dir: Path, p: Path | None, label: str) -> str:
    """A relative link to a report file (the index works wherever the folder is copied), or
    'missing' in red when the file was not made."""
    if p is None or not p.exists():
        return "<span class='missing'>missing</span>"
    rel = p.relative_to(out_dir).as_posix()
    return f"<a href=\"{html.escape(rel, quote=True)}\">{label}</a>"


def _index_tables(out_dir: Path, entries: Iterable[Entry], asof: str, digest: str) -> str:
    """One table per group of reports (the notebooks, the per-article reports): title,
    links, as-of date and data hash, the main report and failed ones marked."""
    rows = []
    groups: dict[str, list[Entry]] = {}
    for e in entries:
        groups.setdefault(e.group, []).append(e)
    for group, items in groups.items():
        rows.append(f"<h2>{html.escape(group)}</h2><table><thead><tr><th>Report</th><th>HTML</th>"
                    "<th>PDF</th><th>As of</th><th>Data hash</th></tr></thead><tbody>")
        for e in items:
            main = " <strong>(main report)</strong>" if e.name == MAIN_REPORT else ""
            status = "" if e.status == "ok" else f" <span class='failed'>{html.escape(e.status)}</span>"
            rows.append(
                f"<tr><td>{html.escape(e.title)}{main}{status}<br><code>{html.escape(e.name)}</code></td>"
                f"<td>{_index_link(out_dir, e.html, 'HTML')}</td>"
                f"<td>{_index_link(out_dir, e.pdf, 'PDF')}</td>"
                f"<td>{html.escape(asof)}</td><td><code>{digest[:16]}</code></td></tr>"
            )
        rows.append("</tbody></table>")
    return "".join(rows)


def explorer_path(out_dir: Path) -> Path | None:
    """The offline explorer page in `out_dir`, if one was built."""
    for rel in EXPLORER_PATHS:
        if (out_dir / rel).is_file():
            return out_dir / rel
    return None


def _explorer_section(out_dir: Path) -> str:
    """A link to the explorer (sort, filter, search every claim, relation and actor), or
    nothing when the build made none."""
    path = explorer_path(out_dir)
    if path is None:
        return ""
    rel = html.escape(path.relative_to(out_dir).as_posix(), quote=True)
    return ("<h2>Explorer</h2><p><a href=\"" + rel + "\">Explore the full tables</a>: sort, "
            "filter and search every claim, relation and actor of the corpus, each row linked "
            "to its sentence and article (works offline).</p>")


def _spreadsheet_section(out_dir: Path) -> str:
    """Links to the spreadsheet-safe copies, saying why they differ from the processed
    tables (empty when there are none)."""
    spreadsheet = out_dir / "spreadsheet"
    sheet = ""
    if spreadsheet.is_dir():
        files = sorted(spreadsheet.glob("*.csv"))
        links = ", ".join(f"<a href=\"spreadsheet/{html.escape(f.name, quote=True)}\">"
                          f"{html.escape(f.name)}</a>" for f in files)
        sheet = ("<h2>Tables for spreadsheets</h2><p>Copies of the processed tables in which "
                 "cells that begin with <code>=</code>, <code>+</code>, <code>-</code>, "
                 "<code>@</code>, a tab or a carriage return (after spaces too, or after a "
                 "<code>;</code>, and their full-width forms) are prefixed with <code>'</code> "
                 "so that a spreadsheet never runs them as formulas: " + links + ".</p>")
    return sheet


def _index_page(n_docs: int, asof: str, digest: str, rows: str, sheet: str) -> str:
    """The whole index page: a plain, offline HTML file with its own small style sheet."""
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Reports: conflict news claims and actor network</title>
<style>
body {{ font-family: "DejaVu Sans", Arial, sans-serif; max-width: 960px; margin: 2em auto;
  padding: 0 1em; color: #1b1b1b; line-height: 1.5; }}
h1 {{ color: #1f4e79; }} h2 {{ color: #1f4e79; border-bottom: 1px solid #ccc; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid #ddd; }}
thead th {{ background: #f2f4f7; }}
code {{ font-size: .9em; }} .failed, .missing {{ color: #a00; }}
dl {{ display: grid; grid-template-columns: max-content auto; gap: .2em 1em; }}
dt {{ color: #555; }} dd {{ margin: 0; overflow-wrap: anywhere; }}
</style>
</head>
<body>
<h1>Reports</h1>
<p>Claims, sourcing and the signed actor network extracted from conflict news articles.
Every report is built from the same processed tables; HTML and PDF say the same.</p>
<dl>
<dt>Articles</dt><dd>{n_docs}</dd>
<dt>As of</dt><dd>{html.escape(asof)} (latest publication date in the data)</dd>
<dt>Data hash</dt><dd><code>{digest}</code> (sha256 over the processed tables, *.csv)</dd>
<dt>Build</dt><dd><code>make reports</code></dd>
</dl>
{rows}
{sheet}
</body>
</html>
"""
    return page


# --------------------------------------------------------------------------- build
_ANSI = re.compile(r"\x1b\[[0-9;]*m")

@dataclass
class Job:
    """One notebook to execute and export."""

    notebook: Path
    name: str
    params: dict[str, Any]
    group: str = "Reports"


def build(
    notebooks: Sequence[Path],
    out_dir: Path | None = None,
    processed_dir: Path | None = None,
    doc_ids: Sequence[str] = (),
    per_article: bool = False,
    pdf: bool = True,
    log=print,
    articles: Sequence[str] = (),
) -> list[Entry]:
    """Execute and export `notebooks` (and one article report per id in `articles`, or
    every article with `per_article`); write the index and spreadsheet copies, then print
    the PDFs and write the index again.

    Raises ReportError after doing everything it can when a notebook or the printing
    failed: the HTML reports and the index are always written first.
    """
    out_dir = (out_dir or config.REPORTS).resolve()
    processed = (processed_dir or config.PROCESSED).resolve()
    executed_dir = out_dir / "executed"
    for d in (out_dir, executed_dir):
        d.mkdir(parents=True, exist_ok=True)
    base = _base_params(out_dir, processed if processed_dir is not None else None, doc_ids)
    jobs = _jobs(notebooks, base, processed, out_dir,
                 _article_ids(processed, articles, per_article))
    failures, pdf_pairs = _run_jobs(jobs, out_dir, executed_dir, log)
    if processed.is_dir():
        safe_csv.write_spreadsheet_copies(processed, out_dir / "spreadsheet")
        # The offline explorer of the full tables (listed in the index).
        from analysis.report.explorer import write_explorer
        log(f"wrote {write_explorer(processed, out_dir / 'explorer.html')}")

    index = write_index(out_dir, _index_entries(out_dir, failures), processed)
    problems = []
    if failures:
        problems.append(f"{len(failures)} notebook(s) failed: {', '.join(failures)}; "
                        f"read the executed notebooks in {executed_dir}")
    if pdf and pdf_pairs:
        start = time.monotonic()
        try:
            export_pdfs(pdf_pairs, _as_of_date(processed))
            log(f"printed {len(pdf_pairs)} PDF(s) in {time.monotonic() - start:.1f} s")
        except Exception as exc:  # playwright raises its own Error; say it in one line
            problems.append(f"printing the PDFs with {_browser_named()} failed "
                            f"({_first_line(exc)}); the HTML "
                            f"reports and {index} are written")
        index = write_index(out_dir, _index_entries(out_dir, failures), processed)
    log(f"wrote {index}")
    if problems:
        raise ReportError("; ".join(problems))
    return _index_entries(out_dir, failures)


def _first_line(exc: BaseException) -> str:
    """The first non-empty line of an exception's message, colour codes removed."""
    text = _ANSI.sub("", str(exc)).strip()
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return f"{type(exc).__name__}: {line}" if line else type(exc).__name__


def _article_ids(processed: Path, articles: Sequence[str], per_article: bool) -> list[str]:
    """The doc_ids to make article reports for (all with `per_article`); an unknown id is
    a one-line error naming documents.csv."""
    ids = sections.as_list(list(articles))
    if not (ids or per_article):
        return []
    t = sections.load(processed)
    known = list(t.documents["doc_id"])
    if per_article:
        return known
    unknown = sorted(set(ids) - set(known))
    if unknown:
        raise ReportError(f"{processed / 'documents.csv'}: no article {', '.join(unknown)}")
    return list(dict.fromkeys(ids))


def _base_params(out_dir: Path, processed: Path | None, doc_ids: Sequence[str]
                 ) -> dict[str, Any]:
    """Parameters every notebook gets: only those that differ from the notebooks' defaults
    (`processed` when a folder was given, the figures folder when the output is not
    `reports/`), so a default build injects nothing."""
    base: dict[str, Any] = {}
    if processed is not None:
        base["processed_dir"] = str(processed)
    if out_dir != config.REPORTS.resolve():
        base["figures_dir"] = str(out_dir / "figures")
        base["report_dir"] = str(out_dir)
    if doc_ids:
        base["doc_ids"] = list(doc_ids)
    return base


def _jobs(notebooks: Sequence[Path], base: dict[str, Any], processed: Path, out_dir: Path,
          articles: Sequence[str]) -> list[Job]:
    """One job per notebook, and one run of the main report per article in `articles`
    (`articles/<doc_id>.html`, its figures and full tables in `articles/`, every claim of
    the article shown)."""
    jobs = [Job(nb, nb.stem, dict(base)) for nb in notebooks]
    main = config.NOTEBOOKS / f"{MAIN_REPORT}.ipynb"
    folder = out_dir / "articles"
    for doc in articles:
        params = dict(base, doc_ids=[doc], figures_dir=str(folder / "figures"),
                      figure_prefix=f"{doc}-", report_dir=str(folder), top_n=ARTICLE_TOP_N)
        jobs.append(Job(main, f"articles/{doc}", params, "Per article"))
    return jobs


def _run_jobs(jobs: Sequence[Job], out_dir: Path, executed_dir: Path, log
              ) -> tuple[list[str], list[tuple[Path, Path]]]:
    """Execute each job, save the executed notebook (also a failed one: the error is in it)
    and export the HTML of each that ran; one failure does not stop the others.

    Returns the names of the failed jobs and the (html, pdf) pairs to print.
    """
    import nbformat

    failures: list[str] = []
    exporter = None
    pdf_pairs: list[tuple[Path, Path]] = []
    for job, (nb, error, seconds) in zip(jobs, _executed(jobs)):
        executed = executed_dir / f"{job.name}.ipynb"
        executed.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, executed)
        if error:
            failures.append(job.name)
            _log_failure(job.name, executed, error, log)
            continue
        exporter = exporter or html_exporter()
        html_path = out_dir / f"{job.name}.html"
        html_path.parent.mkdir(parents=True, exist_ok=True)
        html_path.write_text(export_html(nb, Path(job.name).name, exporter), encoding="utf-8")
        pdf_pairs.append((html_path, out_dir / f"{job.name}.pdf"))
        log(f"executed {job.name} in {seconds:.1f} s -> {html_path}")
    return failures, pdf_pairs


def _timed_execute(job: Job) -> tuple[Any, str | None, float]:
    start = time.monotonic()
    nb, error = execute(job.notebook, job.params)
    return nb, error, time.monotonic() - start


def _executed(jobs: Sequence[Job]) -> Iterator[tuple[Any, str | None, float]]:
    """Each job's (notebook, error, seconds), in the jobs' order. Each notebook runs in its
    own kernel process, so up to one per core (`REPORT_WORKERS`) run at once: the corpus
    report and the network notebook, the two longest, no longer wait for each other."""
    from concurrent.futures import ThreadPoolExecutor

    workers = max(1, min(len(jobs), REPORT_WORKERS or os.cpu_count() or 1))
    if workers == 1:
        yield from map(_timed_execute, jobs)
        return
    # the corpus report, the longest, first; results come back in the jobs' order
    order = sorted(jobs, key=lambda j: j.name != MAIN_REPORT)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {id(j): pool.submit(_timed_execute, j) for j in order}
        for job in jobs:
            yield futures[id(job)].result()


def _log_failure(name: str, executed: Path, error: str, log) -> None:
    """Say which notebook failed and where to read it, with the error's last line; the whole
    error (colour codes removed) goes to stderr."""
    log(f"FAILED {name}: the executed notebook with the error is {executed}")
    plain = _ANSI.sub("", error).strip()
    log(plain.splitlines()[-1] if plain else "(no message)")
    sys.stderr.write(plain + "\n")


def _as_of_date(processed: Path) -> str:
    """The as-of date of the processed tables ('unknown' without them): the PDFs carry it as
    their creation date."""
    try:
        return sections.as_of(sections.load(processed))
    except (FileNotFoundError, ValueError):
        return "unknown"


def _index_entries(out_dir: Path, failures: Sequence[str]) -> list[Entry]:
    """The index lists the corpus report first, then every other notebook (built now or
    before), then the article reports on disk, marking those that failed in this run."""
    entries = []
    for nb_path in sorted(all_notebooks(), key=lambda p: (p.stem != MAIN_REPORT, p.stem)):
        name = nb_path.stem
        group = "Corpus report" if name == MAIN_REPORT else "Notebooks"
        entries.append(Entry(name, notebook_title(nb_path), out_dir / f"{name}.html",
                             out_dir / f"{name}.pdf",
                             "failed: see executed/" + name + ".ipynb" if name in failures
                             else "ok", group))
    for html_path in sorted((out_dir / "articles").glob("*.html")):
        name = f"articles/{html_path.stem}"
        entries.append(Entry(name, f"Article {html_path.stem}", html_path,
                             html_path.with_suffix(".pdf"),
                             "failed" if name in failures else "ok", "Article reports"))
    return entries


def main(argv: list[str] | None = None, prog: str = "python -m analysis.report") -> int:
    """Run the report command; `prog` is how the user called it (`analysis report`)."""
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Execute the notebooks from a clean kernel and export offline HTML and PDF\n"
                    "reports, with an index page (reports/index.html) linking them.",
        epilog=f"example:\n  {prog} --no-pdf --article reuters-2022-02-24",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--notebooks", nargs="*", default=None, metavar="NAME",
                        help="notebooks to run (default: all; none given: only rewrite the "
                             "index and spreadsheet copies)")
    parser.add_argument("--processed", type=Path, default=None,
                        help="processed tables folder (default: data/processed)")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: reports)")
    parser.add_argument("--doc-ids", nargs="*", default=[], metavar="ID",
                        help="restrict the reports to these articles (default: all)")
    parser.add_argument("--article", nargs="*", default=[], metavar="ID",
                        help="also build the report of these articles (reports/articles/ID.html)")
    parser.add_argument("--per-article", action="store_true",
                        help="also build the report of every article (reports/articles/)")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF export")
    args = parser.parse_args(argv)
    try:
        notebooks = resolve_notebooks(args.notebooks)
        build(notebooks, out_dir=args.out, processed_dir=args.processed, doc_ids=args.doc_ids,
              per_article=args.per_article, pdf=not args.no_pdf, articles=args.article)
    except ReportError as exc:
        print(f"analysis.report: {exc}", file=sys.stderr)
        return 1
    except (FileNotFoundError, ValueError) as exc:
        print(f"analysis.report: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
