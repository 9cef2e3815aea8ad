"""The offline explorer (reports/explorer.html): no outside request, hostile text stays text,
sorting and filtering work, every claim links to its sentence in its article."""
from __future__ import annotations

import contextlib
import csv
import re
from pathlib import Path

import pytest

from analysis.report import explorer

@contextlib.contextmanager
def offline_page(page_file: Path, timeout_ms: int):
    """The page opened in headless Chromium with the network cut and ready (DataTables
    loaded); yields (page, the outside URLs it requested), which the test checks is empty."""
    sync_api = pytest.importorskip("playwright.sync_api")
    from analysis.report.notebooks import CHROMIUM_ARGS, find_chromium

    outside: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=find_chromium(), headless=True,
                                    args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(offline=True).new_page()
            page.on("request", lambda r: None if r.url.startswith(("file:", "blob:", "data:"))
                    else outside.append(r.url))
            page.goto(page_file.as_uri(), wait_until="load")
            page.wait_for_selector("body[data-ready=true]", timeout=timeout_ms)
            yield page, outside
        finally:
            browser.close()


HOSTILE = '</script><img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'


def write(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


@pytest.fixture
def processed(tmp_path: Path) -> Path:
    """A processed folder with a hostile article (markup in its title, claim and sentence)."""
    d = tmp_path / "processed"
    d.mkdir()
    write(d / "documents.csv", ["doc_id", "title", "outlet", "published", "n_sentences"],
          [["evil", f"Title {HOSTILE}", "Mallory Post", "2021-05-01", 2],
           ["calm", "A quiet day", "Ridge Daily", "2021-05-02", 1]])
    write(d / "sentences.csv", ["doc_id", "sent_id", "par_id", "start", "end", "text"],
          [["evil", 0, 0, 0, 20, "Nothing happened at the dam."],
           ["evil", 1, 1, 21, 80, f"Rebels said {HOSTILE} in the valley."],
           ["calm", 0, 0, 0, 30, "Talks went on in the capital."]])
    write(d / "claims.csv", ["claim_id", "doc_id", "sent_id", "text", "attribution",
                             "claimant_surface"],
          [["evil-c001", "evil", 1, f"{HOSTILE} in the valley", "named", "Rebels"],
           ["calm-c001", "calm", 0, "Talks went on in the capital", "author", "Ridge Daily"]])
    write(d / "actors.csv", ["actor_id", "name", "type"], [["REB", f"Rebels {HOSTILE}", "armed_group"]])
    return d


def test_page_has_no_outside_url_and_a_closed_policy(processed: Path) -> None:
    page = explorer.render(explorer.page_data(processed))
    attrs = re.findall(r"""(?:src|href|action|data)\s*=\s*["']?([^"'\s>]+)""", page, re.I)
    assert not [a for a in attrs if re.match(r"(?:[a-z]+:)?//", a, re.I)]
    assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", page, re.I)
    assert "@import" not in page
    assert "default-src 'none'" in page  # the browser itself refuses any fetch


def test_hostile_text_cannot_close_the_data_script(processed: Path) -> None:
    page = explorer.render(explorer.page_data(processed))
    assert "onerror" in page  # the text is there, as data ...
    assert "<img" not in page and "window.__pwned=2</script>" not in page  # ... never markup
    # header, one block per table, the articles, library, glue: no injected one
    assert page.count("<script") == 3 + len(explorer.TABS) + 1


@pytest.mark.slow
def test_in_chromium_offline_filtering_works_and_markup_is_text(processed: Path,
                                                              tmp_path: Path) -> None:
    playwright = pytest.importorskip("playwright.sync_api")
    # the page's policy forbids eval, so the checks poll through locators (`expect`)
    out = explorer.write_explorer(processed, tmp_path / "explorer.html")
    with offline_page(out, 30_000) as (page, outside):
        rows = page.locator("#pane-claims tbody tr")
        assert rows.count() == 2
        page.fill("#pane-claims input[data-column=attribution]", "author")
        playwright.expect(rows).to_have_count(1, timeout=10_000)
        assert "Talks went on" in rows.first.inner_text()
        page.fill("#pane-claims input[data-column=attribution]", "")
        page.fill("#pane-claims .dt-search input", "valley")
        playwright.expect(rows).to_have_count(1, timeout=10_000)
        cell = rows.first.inner_text()
        assert "<img src=x" in cell  # shown as text
        rows.first.locator("a", has_text="context").click()
        page.wait_for_selector("#viewer .hit")
        assert "<img src=x" in page.locator("#viewer .hit").inner_text()
        assert "<img src=x" in page.locator("#viewer-title").inner_text()
        assert page.locator("img").count() == 0
        assert page.evaluate("window.__pwned") is None
    assert outside == []


def test_a_long_table_is_cut_and_the_page_says_so(processed: Path) -> None:
    data = explorer.page_data(processed, max_rows=1)
    claims = next(t for t in data["tables"] if t["id"] == "claims")
    assert len(claims["rows"]) == 1 and claims["total"] == 2
    assert set(data["articles"]) == {"evil"}  # only articles a shown row links to
    page = explorer.render(data)
    assert "the first 1 of 2 rows" in page and "data/processed/claims.csv" in page


@pytest.mark.slow
def test_in_chromium_100k_claims_page_and_search(tmp_path: Path) -> None:
    """100,000 claim rows (the page's cap): the first page is drawn, a search and a column
    filter narrow the rows to exactly the matching ones, and nothing leaves the machine.
    Times are printed (`-s`), never asserted: the machine may be loaded."""
    playwright = pytest.importorskip("playwright.sync_api")
    import time

    n = explorer.MAX_ROWS
    d = tmp_path / "processed"
    d.mkdir()
    docs = [f"d{i:04d}" for i in range(1000)]
    write(d / "documents.csv", ["doc_id", "title", "outlet", "published"],
          [[doc, f"Title {doc}", "Ridge Daily", "2021-05-01"] for doc in docs])
    write(d / "sentences.csv", ["doc_id", "sent_id", "par_id", "text"],
          [[doc, s, 0, f"Sentence {s} of {doc}."] for doc in docs for s in range(3)])
    # one claim in 1,000 names the harbour (100), half of those and one in 10 others are
    # anonymous
    write(d / "claims.csv", ["claim_id", "doc_id", "sent_id", "text", "attribution"],
          [[f"c{i:06d}", docs[i % 1000], i % 3,
            f"Claim {i} about {'the harbour' if i % 1000 == 7 else 'the road'}",
            "anonymous" if i % 10 == 3 or i % 2000 == 7 else "named"] for i in range(n)])
    out = explorer.write_explorer(d, tmp_path / "explorer.html")
    start = time.perf_counter()
    with offline_page(out, 120_000) as (page, outside):
        info = page.locator("#pane-claims .dt-info")
        playwright.expect(info).to_contain_text("of 100,000 entries", timeout=120_000)
        drawn = time.perf_counter() - start
        assert page.locator("#pane-claims tbody tr").count() == 25  # one page drawn
        start = time.perf_counter()
        page.fill("#pane-claims .dt-search input", "harbour")
        playwright.expect(info).to_contain_text("1 to 25 of 100 entries", timeout=60_000)
        searched = time.perf_counter() - start
        page.fill("#pane-claims input[data-column=attribution]", "anonymous")
        playwright.expect(info).to_contain_text("1 to 25 of 50 entries", timeout=60_000)
        print(f"100,000 rows: first draw {drawn:.1f} s, search {searched:.2f} s")
    assert outside == []
