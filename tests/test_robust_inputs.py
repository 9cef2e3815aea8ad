"""Every input guarded: hostile or malformed raw folders and codebooks stop the build with one
line naming the file (exit 1, no traceback, the previous --out untouched); huge but valid
text builds; CSVs written for spreadsheets under reports/ never carry a live formula."""
from __future__ import annotations

import csv
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.figure import Figure

from analysis import config
from analysis.report import figures

HEADER = "doc_id,path,title,outlet,published,url,language,sha256\n"
TEXT = ("Armenian sources deny any advances by Azerbaijan.\n\n"
        "Turkey supports Azerbaijan, the ministry said.\n")


def run_build(raw: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    """`python -m analysis build` in a child process, with this worktree's package."""
    env = {**os.environ, "PYTHONPATH": str(config.ROOT / "src"), "ANALYSIS_ROOT": str(config.ROOT)}
    return subprocess.run([sys.executable, "-m", "analysis", "build", "--raw", str(raw),
                           "--out", str(out), "--no-cache", "--quiet", *extra],
                          capture_output=True, text=True, timeout=300, env=env)


def write_raw(folder: Path, text: str | bytes = TEXT, doc_id: str = "t1",
              title: str = "T", published: str = "2020-09-27") -> Path:
    """A raw folder with one article and its manifest row (sha256 included)."""
    (folder / "articles").mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8") if isinstance(text, str) else text
    (folder / "articles" / "a.txt").write_bytes(data)
    with open(folder / "manifest.csv", "w", encoding="utf-8", newline="") as fh:
        fh.write(HEADER)
        csv.writer(fh, lineterminator="\n").writerow(
            [doc_id, "articles/a.txt", title, "Test", published, "", "en",
             hashlib.sha256(data).hexdigest()])
    return folder


def hashes(folder: Path) -> dict[str, str]:
    """sha256 of every file under `folder`, by relative path."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def good_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The outputs of a good build, copied into each test's --out before a bad build."""
    base = tmp_path_factory.mktemp("good")
    proc = run_build(write_raw(base / "raw"), base / "out")
    assert proc.returncode == 0, proc.stderr
    return base / "out"


def assert_refused(proc: subprocess.CompletedProcess, names: str, out: Path,
                   before: dict[str, str], *words: str) -> str:
    """Exit 1, one line `error: ...` naming `names` (and `words`), no traceback, out intact."""
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), proc.stderr
    assert names in lines[0], lines[0]
    for w in words:
        assert w in lines[0], lines[0]
    assert hashes(out) == before
    return lines[0]


def refused_build(tmp_path: Path, good_out: Path, raw: Path, *extra: str) -> tuple:
    """Copy the good outputs into --out, run the build, return (proc, out, hashes before)."""
    out = tmp_path / "out"
    shutil.copytree(good_out, out)
    before = hashes(out)
    assert before
    return run_build(raw, out, *extra), out, before


# ----------------------------------------------------------------- manifest
@pytest.mark.parametrize("size", [70 * 1024, 140 * 1024])
def test_huge_manifest_cell_is_one_line(size: int, tmp_path: Path, good_out: Path) -> None:
    raw = write_raw(tmp_path / "raw", title="x" * size)
    proc, out, before = refused_build(tmp_path, good_out, raw)
    assert_refused(proc, str(raw / "manifest.csv"), out, before, "line 2", "'title'", "65,536")


@pytest.mark.parametrize("value", ["24/02/2022", "2022-13-40", "2022-02-30", "20220224",
                                   "yesterday"])
def test_invalid_published_is_one_line(value: str, tmp_path: Path, good_out: Path) -> None:
    raw = write_raw(tmp_path / "raw", published=value)
    proc, out, before = refused_build(tmp_path, good_out, raw)
    assert_refused(proc, str(raw / "manifest.csv"), out, before, "line 2", repr(value),
                   "YYYY-MM-DD")


@pytest.mark.parametrize("value", ["", "2022-02-24", "2022-02-24T10:30:00+03:00",
                                   "2022-02-24 10:30", "2022-02-24T10:30:00Z"])
def test_valid_published_builds_and_is_kept(value: str, tmp_path: Path) -> None:
    proc = run_build(write_raw(tmp_path / "raw", published=value), tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    docs = pd.read_csv(tmp_path / "out" / "documents.csv", dtype=str, keep_default_na=False)
    assert list(docs["published"]) == [value]


def test_long_doc_id_is_one_line(tmp_path: Path, good_out: Path) -> None:
    raw = write_raw(tmp_path / "raw", doc_id="d" * 200)
    proc, out, before = refused_build(tmp_path, good_out, raw)
    line = assert_refused(proc, str(raw / "manifest.csv"), out, before, "line 2", "doc_id",
                          "128")
    assert "File name too long" not in line


# ----------------------------------------------------------------- articles
HTML_PAGES = {
    "doctype": "<!DOCTYPE html>\n<html><head><title>T</title></head><body>\n"
               "<script>var x = 'Turkey supports Azerbaijan.';</script>\n</body></html>\n",
    "bom and html": "\ufeff \n  <html lang=\"en\">\n<body><p>Turkey supports Azerbaijan.</p>"
                    "</body></html>\n",
    "script later": "Menu\n\nHome | News\n\n<script type=\"text/javascript\">\n"
                    "window.dataLayer = [];\n</script>\n\nTurkey supports Azerbaijan.\n",
    "fragment": "<div class='story'><p>Turkey supports Azerbaijan.</p>"
                "<script>track('Armenia said')</script></div>\n",
    "xml feed": "<?xml version='1.0'?>\n<rss><item>Turkey supports Azerbaijan.</item></rss>\n",
    "comment first": "<!-- saved from url=(0042)https://example.org/ -->\nTurkey supports "
                     "Azerbaijan.\n",
    "closing tags": "Turkey supports Azerbaijan.</p>\n<p>Armenia denies it.</p>\n"
                    "<p>Russia calls for calm.</p>\n<p>Iran too.</p>\n<p>Georgia too.</p>\n",
}


@pytest.mark.parametrize("case", sorted(HTML_PAGES))
def test_html_page_saved_as_text_is_refused(case: str, tmp_path: Path, good_out: Path) -> None:
    raw = write_raw(tmp_path / "raw", text=HTML_PAGES[case])
    proc, out, before = refused_build(tmp_path, good_out, raw)
    assert_refused(proc, str(raw / "articles" / "a.txt"), out, before,
                   "looks like an HTML page, not plain text")


def test_plain_text_with_angle_brackets_builds(tmp_path: Path) -> None:
    """Plain text that mentions '<' or quotes markup inside a sentence is an article (the
    reports escape the markup: tests/test_reports.py, hostile article)."""
    text = ("Casualties were < 10 and losses > 3, the ministry said.\n\n"
            "Turkey supports Azerbaijan <Reuters>.\n\nThe <html> tag is not news.\n\n"
            "The ministry said that <script>alert(1)</script> forces captured "
            "<img src=x onerror=alert(1)> three villages.\n")
    proc = run_build(write_raw(tmp_path / "raw", text="Report\n\n" + text), tmp_path / "out")
    assert proc.returncode == 0, proc.stderr


def test_corrections_entry_that_is_a_folder_is_one_line(tmp_path: Path, good_out: Path) -> None:
    """A corrections file replaced by a folder names the file (it was "3: Is a directory")."""
    cb = tmp_path / "codebook"
    shutil.copytree(config.CODEBOOK, cb)
    (cb / "corrections").mkdir(exist_ok=True)
    (cb / "corrections" / "t1.yaml").mkdir()
    raw = write_raw(tmp_path / "raw")
    proc, out, before = refused_build(tmp_path, good_out, raw, "--codebook", str(cb))
    assert_refused(proc, str(cb / "corrections" / "t1.yaml"), out, before, "not a regular file")


def test_unclosed_quotation_over_the_csv_field_limit_builds(tmp_path: Path) -> None:
    """One unclosed quotation of > 140,000 characters (longer than the csv module's default
    field limit, 131,072) builds; its text is kept in claims of bounded length (sentences
    are cut at whitespace past a maximum length, so no search grows with the quotation)."""
    quote = " ".join(["the weather was cold and the roads were long"] * 3200)
    text = f"Turkey supports Azerbaijan.\n\nArmenian sources said that \"{quote}\n"
    assert len(text) > 140_000
    proc = run_build(write_raw(tmp_path / "raw", text=text), tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    claims = pd.read_csv(tmp_path / "out" / "claims.csv", dtype=str, keep_default_na=False)
    assert claims["text"].str.len().sum() > 131_072


def test_shard_cells_over_the_csv_field_limit_read_back() -> None:
    """A piece holding a cell over 128 KiB parses (the csv module's default would refuse it),
    and the module-wide limit is restored after."""
    import csv as csv_module

    from analysis.build.shards import read_rows

    before = csv_module.field_size_limit()
    big = "x" * 200_000
    assert read_rows(f'a,"{big}"\nb,c\n'.encode()) == [["a", big], ["b", "c"]]
    assert csv_module.field_size_limit() == before


# ----------------------------------------------------------------- codebook
def test_duplicate_key_in_codebook_entry_is_one_line(tmp_path: Path, good_out: Path,
                                                      edited_codebook) -> None:
    cb = edited_codebook("relations.yaml", "- relation: capture\n  sign: -1\n",
                       "- relation: capture\n  sign: -1\n  sign: 1\n")
    proc, out, before = refused_build(tmp_path, good_out, write_raw(tmp_path / "raw"),
                                      "--codebook", str(cb))
    assert_refused(proc, str(cb / "relations.yaml"), out, before, "entry 'capture'",
                   "duplicate key 'sign'")


def test_duplicate_top_level_key_in_codebook_is_one_line(tmp_path: Path, good_out: Path,
                                                        edited_codebook) -> None:
    cb = edited_codebook("boilerplate.yaml", "all:\n", "all:\n  lines: [x]\nall:\n")
    proc, out, before = refused_build(tmp_path, good_out, write_raw(tmp_path / "raw"),
                                      "--codebook", str(cb))
    assert_refused(proc, str(cb / "boilerplate.yaml"), out, before, "duplicate key 'all'")


# ----------------------------------------------------------------- figure CSVs
FORMULA = '=HYPERLINK("x")'


def test_figure_csv_neutralises_formulas(tmp_path: Path) -> None:
    """The CSV beside a figure (for spreadsheets) carries no live formula; numbers stay."""
    table = pd.DataFrame({"title": [FORMULA, "plain"], "weight": [-1, 2],
                          "name": ["@SUM(A1)", "-x"]})
    png = figures._save(Figure(), tmp_path / "fig.png", table)
    back = pd.read_csv(png.with_suffix(".csv"), dtype=str, keep_default_na=False)
    assert list(back["title"]) == ["'" + FORMULA, "plain"]
    assert list(back["name"]) == ["'@SUM(A1)", "'-x"]
    assert list(back["weight"]) == ["-1", "2"]


def test_figure_csv_is_safe_in_a_semicolon_locale(tmp_path: Path) -> None:
    """A spreadsheet splitting a comma file at ';' (European locales) never sees a cell that
    starts a formula; full-width marks and marks after spaces are neutralised."""
    table = pd.DataFrame({"title": ["a;=1+1", 'b; "+cmd', "\uff1dSUM(1)", "  =HYPERLINK(1)"],
                          "n": [1, 2, 3, -4]})
    png = figures._save(Figure(), tmp_path / "fig.png", table)
    text = png.with_suffix(".csv").read_text(encoding="utf-8")
    for delimiter in (",", ";"):
        for row in csv.reader(text.splitlines(), delimiter=delimiter):
            assert not any(c.lstrip(' "').startswith(("=", "+", "\uff1d")) for c in row), row
    back = pd.read_csv(png.with_suffix(".csv"), dtype=str, keep_default_na=False)
    assert list(back["title"]) == ["a;'=1+1", 'b;\' "+cmd', "'\uff1dSUM(1)", "'  =HYPERLINK(1)"]
    assert list(back["n"]) == ["1", "2", "3", "-4"]


def test_sourcing_figure_csv_with_formula_outlet(tmp_path: Path) -> None:
    claims = pd.DataFrame({"doc_id": ["d1", "d1"], "attribution": ["author", "named"],
                           "outlet": [FORMULA, FORMULA]})
    png = figures.plot_sourcing_profile(claims, tmp_path / "sourcing.png")
    text = png.with_suffix(".csv").read_text(encoding="utf-8")
    assert "'" + FORMULA.replace('"', '""') in text
    assert not any(line.startswith("=") or ",=" in line for line in text.splitlines())


def test_fifo_manifest_is_one_line_and_does_not_hang(tmp_path: Path, good_out: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    os.mkfifo(raw / "manifest.csv")  # reading it would block forever
    proc, out, before = refused_build(tmp_path, good_out, raw)
    assert_refused(proc, "manifest.csv", out, before, "not a regular file")


def test_oversized_manifest_is_refused_before_reading(tmp_path: Path, good_out: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from analysis.ingest import corpus

    raw = write_raw(tmp_path / "raw")
    monkeypatch.setattr(corpus, "MAX_MANIFEST_BYTES", 10)
    with pytest.raises(corpus.InputError, match="manifest is .* over the limit"):
        corpus.read_manifest(raw)


@pytest.mark.parametrize("workers", ["0", "-3", "two"])
def test_workers_must_be_positive(workers: str, tmp_path: Path) -> None:
    proc = run_build(write_raw(tmp_path / "raw"), tmp_path / "out", "--workers", workers)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "--workers" in proc.stderr.strip().splitlines()[-1]
    assert not (tmp_path / "out").exists()
