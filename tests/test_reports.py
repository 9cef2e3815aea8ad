"""The published reports: complete, offline, safe, legible, deterministic.

Most tests share one build (the `built_reports` fixture in conftest.py): every notebook
executed from a clean kernel, exported to HTML and PDF, and the index written.
"""
from __future__ import annotations

import ast
import csv
import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from analysis import config
from analysis.report import notebooks, safe_csv, sections
from helpers import run_report

Build = Any  # conftest.Build: .processed, .out (Paths)

MAIN = notebooks.MAIN_REPORT
HOSTILE_SCRIPT = "<script>alert(1)</script>"
HOSTILE_IMG = "<img src=x onerror=alert(1)>"
EXTERNAL_REF = re.compile(
    r"<(?:script|link|img|iframe|source|video|audio|embed|object)\b[^>]*?"
    r"\b(?:src|href|data|srcset)\s*=\s*[\"']?\s*(?:https?:)?//", re.I)


# --------------------------------------------------------------------------- helpers
def notebook_names() -> list[str]:
    """Stems of the report notebooks."""
    return [p.stem for p in sorted(config.NOTEBOOKS.glob("[0-9]*.ipynb"))]


def chromium() -> str:
    """The Chromium binary the PDF export uses (the test fails clearly when absent)."""
    try:
        return notebooks.find_chromium()
    except notebooks.ReportError as exc:
        pytest.fail(str(exc))


def browse(html: Path) -> dict:
    """Open `html` in headless Chromium, offline; record requests, dialogs and the DOM."""
    from playwright.sync_api import sync_playwright

    requests: list[str] = []
    dialogs: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), headless=True,
                                    args=notebooks.CHROMIUM_ARGS)
        try:
            context = browser.new_context(offline=True)
            page = context.new_page()
            page.on("request", lambda r: requests.append(r.url))
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(html.resolve().as_uri(), wait_until="load")
            page.wait_for_timeout(200)
            info = page.evaluate(
                """() => ({
                    text: document.body.innerText,
                    scripts: document.querySelectorAll('script').length,
                    imgs: Array.from(document.images).map(i => i.getAttribute('src') || ''),
                    sortable: document.querySelectorAll('table.sortable th.sort-header').length,
                    toc: document.querySelectorAll('nav.toc a').length,
                })"""
            )
        finally:
            browser.close()
    info["requests"] = requests
    info["dialogs"] = dialogs
    return info


def pdf_text(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                         check=True)
    return out.stdout.decode("utf-8", "replace")


def read_ppm(path: Path) -> tuple[int, int, bytes]:
    """(width, height, RGB bytes) of a binary PPM (P6) file."""
    data = path.read_bytes()
    tokens: list[bytes] = []
    i = 0
    while len(tokens) < 4:
        while data[i:i + 1].isspace():
            i += 1
        if data[i:i + 1] == b"#":
            while data[i:i + 1] not in (b"\n", b""):
                i += 1
            continue
        j = i
        while not data[j:j + 1].isspace():
            j += 1
        tokens.append(data[i:j])
        i = j
    assert tokens[0] == b"P6", f"{path}: not a binary PPM"
    width, height = int(tokens[1]), int(tokens[2])
    return width, height, data[i + 1:]


def page_stats(pixels: bytes) -> tuple[float, float]:
    """(share of non-white pixels, share of coloured pixels) of RGB bytes."""
    n = len(pixels) // 3
    ink = coloured = 0
    for k in range(0, n * 3, 3):
        r, g, b = pixels[k], pixels[k + 1], pixels[k + 2]
        if r < 235 or g < 235 or b < 235:
            ink += 1
            if max(r, g, b) - min(r, g, b) > 60:
                coloured += 1
    return ink / n, coloured / n


# --------------------------------------------------------------------------- outputs
@pytest.mark.slow
def test_every_notebook_has_html_and_pdf(built_reports: Build) -> None:
    names = notebook_names()
    assert MAIN in names
    for name in names:
        for ext in ("html", "pdf"):
            path = built_reports.out / f"{name}.{ext}"
            assert path.exists() and path.stat().st_size > 1000, f"{path} missing or empty"
        assert (built_reports.out / "executed" / f"{name}.ipynb").exists()


@pytest.mark.slow
def test_index_lists_every_report_with_date_and_hash(built_reports: Build) -> None:
    index = (built_reports.out / "index.html").read_text(encoding="utf-8")
    t = sections.load(built_reports.processed)
    assert sections.data_hash(built_reports.processed) in index
    assert sections.as_of(t) in index
    for name in notebook_names():
        assert f'href="{name}.html"' in index and f'href="{name}.pdf"' in index
    assert not EXTERNAL_REF.search(index)


@pytest.mark.slow
def test_html_references_nothing_remote(built_reports: Build) -> None:
    for name in notebook_names():
        html = (built_reports.out / f"{name}.html").read_text(encoding="utf-8")
        bad = EXTERNAL_REF.findall(html)
        assert not bad, f"{name}.html references remote resources: {bad[:3]}"
        assert "@import url(http" not in html
        assert "<title>" in html and f"<title>{name}</title>" not in html, "title from metadata"


@pytest.mark.slow
def test_html_makes_no_network_request(built_reports: Build) -> None:
    for name in notebook_names():
        info = browse(built_reports.out / f"{name}.html")
        remote = [u for u in info["requests"] if not u.startswith(("file:", "data:", "about:"))]
        assert remote == [], f"{name}.html requested {remote}"
        assert info["dialogs"] == []
        assert info["toc"] > 0, f"{name}.html has no table of contents"


@pytest.mark.slow
def test_report_has_every_section_and_sortable_tables(built_reports: Build) -> None:
    info = browse(built_reports.out / f"{MAIN}.html")
    text = info["text"]
    headings = ["Findings", "Sources", "Claims", "Contested claims", "Sourcing profile",
                "State network", "Actor network", "Loaded language", "Places",
                "Reference-consistency flags", "Accuracy", "Methods and limitations",
                "Reproducibility"]
    positions = [text.find(s) for s in headings]
    assert all(p >= 0 for p in positions), dict(zip(headings, positions))
    assert info["sortable"] > 0
    assert "def " not in text and "sections.load(" not in text, "code is hidden"
    html = (built_reports.out / f"{MAIN}.html").read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") >= 1, "figures are embedded"


@pytest.mark.slow
def test_tables_sort_filter_and_print_complete(built_reports: Build) -> None:
    """The inline script sorts and filters; printing shows every row again."""
    from playwright.sync_api import sync_playwright

    html = built_reports.out / f"{MAIN}.html"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), headless=True,
                                    args=notebooks.CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(html.resolve().as_uri(), wait_until="load")
            table = page.locator("table.sortable:has(tbody tr:nth-child(3))").first
            rows = table.locator("tbody tr")
            n = rows.count()
            header = table.locator("th").nth(1)
            header.click()
            assert header.get_attribute("aria-sort") == "ascending"
            up = [rows.nth(i).inner_text() for i in range(n)]
            header.click()
            assert header.get_attribute("aria-sort") == "descending"
            down = [rows.nth(i).inner_text() for i in range(n)]
            assert sorted(up) == sorted(down) and n == rows.count()
            box = page.locator(".table-tools input").first
            if box.count():
                box.fill("zzzz-no-such-text-zzzz")
                visible = page.evaluate(
                    "() => Array.from(document.querySelectorAll('table.sortable')).find("
                    "t => t.previousElementSibling && t.previousElementSibling.classList"
                    ".contains('table-tools')).querySelectorAll('tbody tr:not(.filtered-out)')"
                    ".length")
                assert visible == 0
                page.emulate_media(media="print")
                shown = page.evaluate(
                    "() => Array.from(document.querySelectorAll('tr.filtered-out'))"
                    ".filter(r => getComputedStyle(r).display === 'none').length")
                assert shown == 0, "printing hides filtered rows"
        finally:
            browser.close()


@pytest.mark.slow
def test_pdf_shows_claims_table_and_page_numbers(built_reports: Build) -> None:
    text = pdf_text(built_reports.out / f"{MAIN}.pdf")
    flat = " ".join(text.split())
    for header in ("claim", "claimant", "attribution", "cue", "polarity", "modality"):
        assert header in flat, f"claims table header {header!r} not in the PDF text"
    claims = pd.read_csv(built_reports.processed / "claims.csv", dtype=str,
                         keep_default_na=False)
    assert len(claims), "no claims to look for"
    first = claims.iloc[0]
    assert first["claim_id"].removeprefix(first["doc_id"] + "-") in flat
    shown = claims.head(sections.TOP_N)  # the report shows the first top_n claims
    words = " ".join(min(shown["text"], key=len).split()[:3])
    assert words in flat, f"claim text {words!r} not in the PDF text"
    n_pages = int(re.search(r"page 1 of (\d+)", flat).group(1))  # type: ignore[union-attr]
    assert f"page {n_pages} of {n_pages}" in flat


@pytest.mark.slow
def test_pdf_pages_are_not_blank_and_show_figures(built_reports: Build,
                                                  tmp_path: Path) -> None:
    for name in notebook_names():
        prefix = tmp_path / name
        subprocess.run(["pdftoppm", "-r", "50", str(built_reports.out / f"{name}.pdf"),
                        str(prefix)], check=True)
        pages = sorted(tmp_path.glob(f"{name}-*.ppm"))
        assert pages, f"{name}.pdf rendered no page"
        coloured_pages = 0
        for page in pages:
            _, _, pixels = read_ppm(page)
            ink, coloured = page_stats(pixels)
            assert ink > 0.005, f"{page.name} is (nearly) blank: {ink:.4f} ink"
            coloured_pages += coloured > 0.002
        if name in (MAIN, "04-network"):
            assert coloured_pages, f"{name}.pdf shows no coloured figure"


@pytest.mark.slow
def test_two_html_builds_are_byte_identical(built_reports: Build, tmp_path: Path) -> None:
    """A second build gives the same executed notebooks and HTML, byte for byte."""
    names = notebook_names()
    first = {n: (built_reports.out / f"{n}.html").read_bytes() for n in names}
    first_nb = {n: (built_reports.out / "executed" / f"{n}.ipynb").read_bytes() for n in names}
    args = ["--no-pdf"]
    if built_reports.out != config.REPORTS:
        args += ["--processed", str(built_reports.processed), "--out", str(built_reports.out)]
    proc = run_report(*args)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for n in names:
        assert (built_reports.out / f"{n}.html").read_bytes() == first[n], f"{n}.html differs"
        assert (built_reports.out / "executed" / f"{n}.ipynb").read_bytes() == first_nb[n]
    for n in names:
        html = first[n].decode("utf-8")
        assert not re.search(r"20\d\d-\d\d-\d\dT\d\d:\d\d", html), f"timestamp in {n}.html"


@pytest.mark.slow
def test_spreadsheet_copies_written(built_reports: Build) -> None:
    copies = sorted((built_reports.out / "spreadsheet").glob("*.csv"))
    assert {p.name for p in copies} >= {"documents.csv", "claims.csv", "relations.csv"}
    for path in copies:
        with path.open(encoding="utf-8-sig", newline="") as f:
            for row in csv.reader(f):
                for cell in row:
                    assert not cell.startswith(("=", "+", "@", "\t", "\r")), (path.name, cell)


# --------------------------------------------------------------------------- hostile input
def _hostile_raw(folder: Path) -> Path:
    """A raw folder whose single article and manifest carry markup and a formula."""
    art = folder / "articles"
    art.mkdir(parents=True)
    text = (
        f"Hostile Test Outlet\n\nThe Azerbaijani Defense Ministry said that {HOSTILE_SCRIPT} "
        f"forces captured {HOSTILE_IMG} three villages. Armenian sources denied it, "
        "according to =cmd|' /C calc'!A0 reports.\n\n"
        "Turkey said it supports Azerbaijan, Turkish Defense Minister Hulusi Akar said.\n"
    )
    path = art / "hostile.txt"
    path.write_text(text, encoding="utf-8")
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    with (folder / "manifest.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["doc_id", "path", "title", "outlet", "published", "url", "language", "sha256"])
        w.writerow(["hostile-1", "articles/hostile.txt", f"Hostile {HOSTILE_SCRIPT} title",
                    f"Outlet {HOSTILE_IMG}", "2020-09-28", "https://example.org/x", "en", sha])
    return folder


@pytest.mark.slow
def test_hostile_article_renders_as_text(tmp_path: Path) -> None:
    raw = _hostile_raw(tmp_path / "raw")
    processed = tmp_path / "processed"
    build = subprocess.run([sys.executable, "-m", "analysis", "build", "--raw", str(raw),
                            "--out", str(processed)], cwd=config.ROOT, capture_output=True,
                           text=True, timeout=600)
    if build.returncode != 0 and ("No module named analysis.__main__" in build.stderr
                                  or "is a package and cannot be directly executed"
                                  in build.stderr):
        pytest.skip("the build CLI (python -m analysis build) is not available yet")
    assert build.returncode == 0, build.stdout + build.stderr
    out = tmp_path / "reports"
    proc = run_report("--notebooks", "01-ingest", MAIN, "--processed", str(processed),
                      "--out", str(out), "--no-pdf")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    _assert_rendered_as_text(out, ["01-ingest", MAIN])
    sheet = (out / "spreadsheet" / "documents.csv").read_text(encoding="utf-8-sig")
    assert "Hostile" in sheet


def _hostile_processed(folder: Path) -> Path:
    """Processed tables (schema columns) whose text cells carry markup and formulas."""
    from analysis import schema

    rows: dict[str, list[dict]] = {
        "documents": [dict(doc_id="h-1", title=f"Title {HOSTILE_SCRIPT}",
                           outlet=f"Outlet {HOSTILE_IMG}", published="2020-09-28",
                           url="https://example.org/x", sha256="0" * 64, n_paragraphs=1,
                           n_sentences=2)],
        "sentences": [dict(doc_id="h-1", sent_id=0, par_id=0, start=0, end=60,
                           text=f"They said {HOSTILE_SCRIPT} happened."),
                      dict(doc_id="h-1", sent_id=1, par_id=0, start=61, end=120,
                           text=f"=cmd|' /C calc'!A0 {HOSTILE_IMG}")],
        "actors": [dict(actor_id="AAA", name=f"State {HOSTILE_IMG}", type="state",
                        country="AAA", state="AAA"),
                   dict(actor_id="BBB", name="Other state", type="state", country="BBB",
                        state="BBB")],
        "mentions": [dict(doc_id="h-1", sent_id=0, start=0, end=4, surface="They",
                          actor_id="AAA", rule="alias")],
        "claims": [dict(claim_id="h-1-c1", doc_id="h-1", sent_id=0, start=10, end=40,
                        text=f"{HOSTILE_SCRIPT} happened", claimant_id="AAA",
                        claimant_surface=HOSTILE_IMG, attribution="named", cue="said",
                        polarity="affirm", modality="asserted", claim_type="attack",
                        subject_ids="AAA", object_ids="BBB", places=HOSTILE_IMG,
                        contested_with="h-1-c2", origin="extracted"),
                   dict(claim_id="h-1-c2", doc_id="h-1", sent_id=1, start=61, end=100,
                        text=f"=cmd|' /C calc'!A0 {HOSTILE_IMG}", attribution="anonymous",
                        polarity="deny", modality="hedged", claim_type="attack",
                        contested_with="h-1-c1", origin="extracted")],
        "relations": [dict(relation_id="h-1-c1-r1", doc_id="h-1", claim_id="h-1-c1",
                           source_id="AAA", target_id="BBB", relation="attack", sign=-1,
                           asserted_by="AAA", source_state="AAA", target_state="BBB")],
    }
    folder.mkdir(parents=True)
    for table in schema.ALL:
        with (folder / table.path).open("w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=table.names, lineterminator="\n")
            w.writeheader()
            for row in rows.get(table.name, []):
                w.writerow({k: row.get(k, "") for k in table.names})
    return folder


def _assert_rendered_as_text(out: Path, names: list[str]) -> None:
    for name in names:
        html = (out / f"{name}.html").read_text(encoding="utf-8")
        assert HOSTILE_SCRIPT not in html and HOSTILE_IMG not in html, f"raw markup in {name}"
        assert html.count("<script") == 1, "only the template's own script"
        info = browse(out / f"{name}.html")
        assert info["dialogs"] == [], f"script ran in {name}: {info['dialogs']}"
        assert "x" not in info["imgs"], "hostile <img> was rendered as an element"
        assert HOSTILE_SCRIPT in info["text"] or HOSTILE_IMG in info["text"], \
            f"hostile text is not shown as text in {name}"


@pytest.mark.slow
def test_hostile_tables_render_as_text(tmp_path: Path) -> None:
    """Markup in any processed cell is escaped in every report (no pipeline needed)."""
    processed = _hostile_processed(tmp_path / "processed")
    out = tmp_path / "reports"
    proc = run_report("--processed", str(processed), "--out", str(out), "--no-pdf")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    _assert_rendered_as_text(out, notebook_names())
    with (out / "spreadsheet" / "claims.csv").open(encoding="utf-8-sig", newline="") as f:
        texts = [r["text"] for r in csv.DictReader(f)]
    assert "'=cmd|' /C calc'!A0 " + HOSTILE_IMG in texts


# --------------------------------------------------------------------------- units
def test_table_escapes_markup() -> None:
    df = pd.DataFrame({"text": [HOSTILE_SCRIPT, HOSTILE_IMG, "a & b"], "n": [1, 2, 3]})
    markup = sections.table(df, caption="<b>cap</b>")._repr_html_()
    assert "<script>" not in markup and "<img" not in markup and "<b>" not in markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert "a &amp; b" in markup
    assert "class='dataframe report-table sortable'" in markup
    assert "<p>&lt;script&gt;" in sections.prose(HOSTILE_SCRIPT)._repr_html_()


def test_safe_csv_neutralises_formulas(tmp_path: Path) -> None:
    payload = "=cmd|' /C calc'!A0"
    df = pd.DataFrame({
        "text": [payload, "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "plain", "a=b"],
        "n": [1, -2, 3, 4, 5, 6, 7, 8],
    })
    out = safe_csv.neutralise(df)
    assert out["text"].tolist() == ["'" + payload, "'+1+1", "'-2+3", "'@SUM(A1)", "'\tx",
                                    "'\rx", "plain", "a=b"]
    assert out["n"].tolist() == df["n"].tolist(), "numbers stay numbers"
    assert df["text"].iloc[0] == payload, "the input frame is not modified"

    src, dst = tmp_path / "processed", tmp_path / "sheet"
    src.mkdir()
    df.to_csv(src / "claims.csv", index=False)
    written = safe_csv.write_spreadsheet_copies(src, dst)
    assert [p.name for p in written] == ["claims.csv"]
    back = pd.read_csv(dst / "claims.csv", dtype=str, keep_default_na=False,
                       encoding="utf-8-sig")
    assert back["text"].iloc[0] == "'" + payload
    assert back["n"].tolist() == [str(v) for v in df["n"]]


def test_injected_parameters_cell_is_deterministic() -> None:
    import nbformat

    nb = nbformat.read(config.NOTEBOOKS / f"{MAIN}.ipynb", as_version=4)
    a = notebooks.inject_parameters(nb, {"doc_ids": ["x"], "processed_dir": "/p"})
    b = notebooks.inject_parameters(a, {"doc_ids": ["x"], "processed_dir": "/p"})
    assert nbformat.writes(a) == nbformat.writes(b)
    idx = [c.id for c in a.cells].index("injected-parameters")
    assert "parameters" in a.cells[idx - 1].metadata["tags"]
    assert a.cells[idx].metadata["tags"] == ["injected-parameters"]
    assert "doc_ids = ['x']" in a.cells[idx].source
    assert notebooks.inject_parameters(nb, {}).cells == nb.cells


def test_table_of_contents_links_headings() -> None:
    body = ('<h1 id="T">Title<a class="anchor-link" href="#T">¶</a></h1><div class="toc-here">'
            '</div><h2 id="A">A &amp; B</h2><h3 id="A1">Sub</h3><h2 id="C">C</h2>')
    out = notebooks.add_toc(body)
    assert '<a href="#A">A &amp; B</a>' in out and '<a href="#A1">Sub</a>' in out
    assert out.index("nav") < out.index('id="A"'), "TOC at the marker"
    assert 'href="#T"' not in out.split("<nav")[1].split("</nav>")[0], "title not in TOC"


def test_find_chromium_names_the_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(notebooks, "CHROMIUM_CANDIDATES", ())
    monkeypatch.setenv("CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(notebooks.ReportError, match="apt-get install -y chromium"):
        notebooks.find_chromium()


def _analysis_imports(path: Path) -> set[str]:
    """The `analysis...` modules a source file imports (at any depth of the file)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("analysis")}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("analysis"):
            out |= {f"{node.module}.{a.name}" for a in node.names}
    return out


def test_report_layer_imports_in_one_direction() -> None:
    """Nothing below the report layer imports it (the entry points above it, the CLI and the
    bench, may); inside it, safe_csv <- explorer <- figures <- sections <- notebooks (a module
    imports only those before it), so there is no cycle."""
    src = config.ROOT / "src" / "analysis"
    entry = {"cli.py", "__main__.py", "bench.py"}
    below = [p for p in src.rglob("*.py")
             if "report" not in p.relative_to(src).parts and str(p.relative_to(src)) not in entry]
    for path in below:
        bad = {m for m in _analysis_imports(path)
               if m == "analysis.report" or m.startswith("analysis.report.")}
        assert not bad, f"{path.relative_to(src)} imports the report layer: {sorted(bad)}"
    order = ["safe_csv", "explorer", "figures", "sections", "corpus", "notebooks"]
    for k, name in enumerate(order):
        used = {m.split(".")[2] for m in _analysis_imports(src / "report" / f"{name}.py")
                if m.startswith("analysis.report.")}
        assert used <= set(order[:k]), f"report/{name}.py imports {sorted(used - set(order[:k]))}"


# --------------------------------------------------------------------------- bounded report
def _tables(tmp_path: Path, claims: list[dict], top_n: int = 2) -> sections.Tables:
    """A Tables over a tiny processed folder written here (documents, claims, actors)."""
    from analysis import schema

    folder = tmp_path / "processed"
    folder.mkdir()
    docs = pd.DataFrame([{"doc_id": "d1", "outlet": "Alpha Wire", "published": "2024-03-04",
                          "sha256": "a" * 64}, {"doc_id": "d2", "outlet": "Beta News",
                          "published": "2024-03-12", "sha256": "b" * 64}])
    for table in schema.CONTRACT:
        df = {"documents": docs, "claims": pd.DataFrame(claims)}.get(table.name,
                                                                   pd.DataFrame())
        df = df.reindex(columns=table.names, fill_value="")
        df.to_csv(folder / table.path, index=False)
    return sections.load(folder, top_n=top_n, report_dir=tmp_path / "out")


def _claim(i: int, doc: str, attribution: str, surface: str, ctype: str = "statement",
           cameo: str = "") -> dict:
    return {"claim_id": f"{doc}-c{i:03d}", "doc_id": doc, "start": i, "end": i + 5,
            "text": f"Claim number {i} about the front", "claimant_id": "",
            "claimant_surface": surface, "attribution": attribution, "cue": surface,
            "polarity": "affirm", "modality": "asserted", "claim_type": ctype, "cameo": cameo}


def test_top_shows_n_rows_and_links_the_full_table(tmp_path: Path) -> None:
    t = _tables(tmp_path, [_claim(i, "d1", "author", "Alpha Wire") for i in range(5)])
    markup = sections.top(t, sections.claims_table(t), "Claims")._repr_html_()
    assert markup.count("<tr>") == 1 + 2, "header and two rows"
    assert "and 3 more" in markup and 'href="tables/claims.csv"' in markup
    full = pd.read_csv(tmp_path / "out" / "tables" / "claims.csv")
    assert len(full) == 5
    short = sections.top(t, sections.claims_table(t).head(2), "Few")._repr_html_()
    assert "more" not in short


def test_anonymous_claim_shows_no_cue_as_claimant(tmp_path: Path) -> None:
    t = _tables(tmp_path, [_claim(1, "d1", "anonymous", "reportedly")])
    row = sections.claims_table(t).iloc[0]
    assert row["claimant"] == "(no source)" and row["cue"] == "reportedly"


def test_no_named_source_does_not_count_the_authors_voice(tmp_path: Path) -> None:
    t = _tables(tmp_path, [_claim(1, "d1", "author", "Alpha Wire", "attack", "190"),
                           _claim(2, "d1", "anonymous", "reportedly", "attack", "190"),
                           _claim(3, "d2", "named", "the ministry", "attack", "190")])
    uns = sections.unsourced_assertions(t)
    assert list(uns["claim_id"]) == ["d1-c002"]


def test_sources_have_no_repeated_as_of_column(tmp_path: Path) -> None:
    t = _tables(tmp_path, [_claim(1, "d1", "author", "Alpha Wire")])
    assert "as of" not in sections.source_metadata(t).columns


def test_findings_are_short_sentences(tmp_path: Path) -> None:
    from analysis.report import corpus

    claims = [_claim(i, "d1" if i % 2 else "d2", "group", f"Source {i} officials", "attack",
                     "190") for i in range(60)]
    t = _tables(tmp_path, claims)
    found = corpus.findings(t)
    assert found and all(len(f.split()) <= 70 for f in found), max(found, key=len)


def test_articles_by_week_counts_each_week_once(tmp_path: Path) -> None:
    from analysis.report import corpus

    t = _tables(tmp_path, [_claim(1, "d1", "author", "Alpha Wire")])
    weeks = corpus.articles_by_week(t)
    assert list(weeks["week"]) == ["2024-03-04", "2024-03-11"]
    assert list(weeks["articles"]) == [1, 1]


def test_printing_failure_is_one_line_and_html_and_index_are_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("Page.printToPDF: Printing failed\n  at frame 1\n  at frame 2")

    monkeypatch.setattr(notebooks, "export_pdfs", broken)
    nb = notebooks.resolve_notebooks(["01-ingest"])
    with pytest.raises(notebooks.ReportError) as err:
        notebooks.build(nb, out_dir=tmp_path, processed_dir=config.PROCESSED, log=lambda m: None)
    message = str(err.value)
    assert "\n" not in message and "Printing failed" in message
    assert notebooks.find_chromium() in message  # which browser failed
    assert (tmp_path / "01-ingest.html").exists() and (tmp_path / "index.html").exists()


def test_main_prints_one_line_when_printing_fails(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  capsys) -> None:
    monkeypatch.setattr(notebooks, "export_pdfs",
                        lambda *a, **k: (_ for _ in ()).throw(RuntimeError("boom\ntrace")))
    code = notebooks.main(["--notebooks", "01-ingest", "--out", str(tmp_path)])
    err = capsys.readouterr().err.strip()
    assert code == 1 and len(err.splitlines()) == 1 and "Traceback" not in err


@pytest.mark.slow
def test_article_report_and_index(tmp_path: Path) -> None:
    """`make article DOC=...`: one article's report, listed in the index with the others."""
    t = sections.load(config.PROCESSED)
    doc = t.documents["doc_id"].iloc[0]
    proc = run_report("--notebooks", "--article", doc, "--out", str(tmp_path), "--no-pdf")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    page = (tmp_path / "articles" / f"{doc}.html").read_text(encoding="utf-8")
    assert "Claims" in page and "Links to other articles" in page
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert f'href="articles/{doc}.html"' in index and 'href="05-report.html"' not in index
    bad = run_report("--notebooks", "--article", "no-such-article", "--out", str(tmp_path))
    assert bad.returncode == 1 and "no-such-article" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_index_links_the_explorer_when_present(tmp_path: Path) -> None:
    (tmp_path / "explorer.html").write_text("<html></html>", encoding="utf-8")
    notebooks.write_index(tmp_path, [], config.PROCESSED)
    assert 'href="explorer.html"' in (tmp_path / "index.html").read_text(encoding="utf-8")
