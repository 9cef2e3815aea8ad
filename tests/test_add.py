"""`analysis add`: an article file becomes a manifest row and a byte-exact copy in one step.

Each case runs the command line in a child process on a raw folder under tmp_path and
checks what the analyst would see: the one line printed, the stored file, the manifest row,
and for bad input one error line with nothing written. The articles are written here.
"""
from __future__ import annotations

import csv
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

BODY = ("The Valdorian Defence Ministry said that its forces had crossed the river.\n\n"
        "Officials in the capital denied the report, according to local media.\n")
HEADER = ("TITLE: Valdorian forces cross the river\n"
          "OUTLET: Reuters (wire), as reposted on a blog (original: https://example.org/a-1)\n"
          "DATE: 2021-05-04 (web; print edition 2021-05-05)\n\n")


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *map(str, args)],
                          capture_output=True, text=True, timeout=300, cwd=cwd)


def add(raw: Path, *args: str | Path) -> subprocess.CompletedProcess:
    return run("add", "--raw", raw, *args)


def manifest(raw: Path) -> list[dict[str, str]]:
    with open(raw / "manifest.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def snapshot(raw: Path) -> dict[str, bytes]:
    return {str(p.relative_to(raw)): p.read_bytes() for p in sorted(raw.rglob("*"))
            if p.is_file()}


@pytest.fixture()
def raw(tmp_path: Path) -> Path:
    """A raw folder holding one article (the seed's manifest layout)."""
    folder = tmp_path / "raw"
    (folder / "articles").mkdir(parents=True)
    data = BODY.replace("river", "bridge").encode()
    (folder / "articles" / "first.txt").write_bytes(data)
    (folder / "manifest.csv").write_text(
        "doc_id,path,title,outlet,published,url,language,sha256\n"
        f"first,articles/first.txt,First,SouthFront,2021-05-01,,en,"
        f"{hashlib.sha256(data).hexdigest()}\n", encoding="utf-8")
    return folder


def article(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def test_header_lines_fill_the_row_and_the_file_is_copied_byte_for_byte(
        tmp_path: Path, raw: Path) -> None:
    src = article(tmp_path, "dl.txt", HEADER + BODY)
    proc = add(raw, src)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("added reuters-2021-05-04 (Reuters, 2021-05-04")
    row = manifest(raw)[-1]
    assert row["title"] == "Valdorian forces cross the river"
    assert (row["outlet"], row["published"]) == ("Reuters", "2021-05-04")
    assert row["url"] == "https://example.org/a-1"
    stored = raw / row["path"]
    assert stored.read_bytes() == src.read_bytes()
    assert row["sha256"] == hashlib.sha256(stored.read_bytes()).hexdigest()


def test_strip_header_stores_the_body_only(tmp_path: Path, raw: Path) -> None:
    src = article(tmp_path, "dl.txt", HEADER + BODY)
    assert add(raw, src, "--strip-header").returncode == 0
    row = manifest(raw)[-1]
    assert (raw / row["path"]).read_text(encoding="utf-8") == BODY
    assert row["sha256"] == hashlib.sha256(BODY.encode()).hexdigest()
    assert row["outlet"] == "Reuters"  # the header was read before it was dropped


def test_options_override_the_header_and_a_month_name_date_is_normalised(
        tmp_path: Path, raw: Path) -> None:
    src = article(tmp_path, "dl.txt", HEADER + BODY)
    proc = add(raw, src, "--outlet", "SouthFront", "--published", "4 May 2021",
               "--doc-id", "valdoria-1")
    assert proc.returncode == 0, proc.stderr
    row = manifest(raw)[-1]
    assert (row["doc_id"], row["outlet"], row["published"]) == \
        ("valdoria-1", "SouthFront", "2021-05-04")
    assert row["path"] == "articles/valdoria-1.txt"


def test_same_outlet_and_day_get_distinct_ids(tmp_path: Path, raw: Path) -> None:
    a = article(tmp_path, "a.txt", HEADER + BODY)
    b = article(tmp_path, "b.txt", HEADER + BODY.replace("river", "hills"))
    proc = add(raw, a, b)
    assert proc.returncode == 0, proc.stderr
    assert [r["doc_id"] for r in manifest(raw)] == ["first", "reuters-2021-05-04",
                                                   "reuters-2021-05-04-2"]


def test_file_without_header_keeps_its_name_as_id(tmp_path: Path, raw: Path) -> None:
    src = article(tmp_path, "Valdoria River Crossing.txt", BODY)
    assert add(raw, src).returncode == 0
    row = manifest(raw)[-1]
    assert row["doc_id"] == "valdoria-river-crossing" and row["published"] == ""


def test_unknown_outlet_is_added_with_a_warning(tmp_path: Path, raw: Path) -> None:
    src = article(tmp_path, "dl.txt", BODY)
    proc = add(raw, src, "--outlet", "Valdorian Evening Courier")
    assert proc.returncode == 0, proc.stderr
    assert "warning:" in proc.stderr and "'Valdorian Evening Courier'" in proc.stderr
    assert "actors.yaml" in proc.stderr


def _bad(tmp_path: Path, raw: Path, case: str) -> tuple[list[str | Path], str]:
    """The arguments of a bad `add` and a word its error line must hold."""
    good = article(tmp_path, "good.txt", BODY)
    if case == "missing file":
        return [tmp_path / "nope.txt"], "not found"
    if case == "unreadable date":
        return [good, "--published", "04/05/2021"], "ISO 8601"
    if case == "unreadable header date":
        return [article(tmp_path, "h.txt", "DATE: last Tuesday\n\n" + BODY)], "ISO 8601"
    if case == "binary":
        data = bytes(range(256)) * 8
        (tmp_path / "b.txt").write_bytes(data)
        return [tmp_path / "b.txt"], "binary"
    if case == "html page":
        return [article(tmp_path, "p.txt", "<!DOCTYPE html><html><body>x</body></html>")], "HTML"
    if case == "identical file":
        return [raw / "articles" / "first.txt"], "identical"
    if case == "duplicate doc_id":
        return [good, "--doc-id", "first"], "already in the manifest"
    if case == "second file bad":  # the first is fine: still nothing is written
        return [good, tmp_path / "nope.txt"], "not found"
    raise AssertionError(case)


@pytest.mark.parametrize("case", ["missing file", "unreadable date", "unreadable header date",
                                  "binary", "html page", "identical file", "duplicate doc_id",
                                  "second file bad"])
def test_bad_input_is_one_line_and_nothing_is_written(case: str, tmp_path: Path,
                                                      raw: Path) -> None:
    args, word = _bad(tmp_path, raw, case)
    before = snapshot(raw)
    proc = add(raw, *args)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), proc.stderr
    assert word in lines[0] and "Traceback" not in proc.stderr
    assert proc.stdout == ""
    assert snapshot(raw) == before


def test_added_articles_build_and_header_lines_are_not_claims(tmp_path: Path,
                                                              raw: Path) -> None:
    src = article(tmp_path, "dl.txt", HEADER + BODY)
    assert add(raw, src).returncode == 0
    out = tmp_path / "out"
    proc = run("build", "--raw", raw, "--out", out, "--quiet")
    assert proc.returncode == 0, proc.stderr
    with open(out / "claims.csv", encoding="utf-8", newline="") as fh:
        claims = [r for r in csv.DictReader(fh) if r["doc_id"] == "reuters-2021-05-04"]
    assert claims and all("OUTLET:" not in c["text"] and "TITLE:" not in c["text"]
                          for c in claims)
    assert any("crossed the river" in c["text"] for c in claims)


def test_missing_sha256_is_an_error_naming_the_row_and_rehash_fills_it(
        tmp_path: Path, raw: Path) -> None:
    text = (raw / "manifest.csv").read_text(encoding="utf-8")
    digest = manifest(raw)[0]["sha256"]
    (raw / "manifest.csv").write_text(text.replace(digest, ""), encoding="utf-8")
    proc = run("build", "--raw", raw, "--out", tmp_path / "out", "--no-cache")
    assert proc.returncode == 1
    line = proc.stderr.strip()
    assert "first" in line and "no sha256" in line and "add --rehash" in line
    assert not (tmp_path / "out").exists()
    fixed = add(raw, "--rehash")
    assert fixed.returncode == 0 and "first" in fixed.stdout
    assert manifest(raw)[0]["sha256"] == digest
    assert run("build", "--raw", raw, "--out", tmp_path / "out", "--quiet",
               "--no-cache").returncode == 0


def test_article_dropped_in_the_folder_is_registered_in_place(tmp_path: Path,
                                                              raw: Path) -> None:
    dropped = raw / "articles" / "dropped-here.txt"
    dropped.write_text(BODY.replace("river", "pass"), encoding="utf-8")
    proc = add(raw, dropped, "--outlet", "SouthFront")
    assert proc.returncode == 0, proc.stderr
    row = manifest(raw)[-1]
    assert row["path"] == "articles/dropped-here.txt"
    assert sorted(os.listdir(raw / "articles")) == ["dropped-here.txt", "first.txt"]


def test_first_article_creates_the_manifest(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    assert add(raw, article(tmp_path, "a.txt", HEADER + BODY)).returncode == 0
    assert (raw / "manifest.csv").read_text(encoding="utf-8").splitlines()[0] == \
        "doc_id,path,title,outlet,published,url,language,sha256"



def test_unknown_outlet_becomes_a_learned_media_actor(tmp_path: Path, raw: Path) -> None:
    """The article's own voice is the outlet's even when the codebook does not list it: a
    learned media actor in actors.csv (origin learned), the claimant of the author's claims."""
    import pandas as pd

    src = article(tmp_path, "dl.txt", BODY + "\nThe crossing took six hours.\n")
    assert add(raw, src, "--outlet", "Valdorian Evening Courier").returncode == 0
    out = tmp_path / "out"
    proc = run("build", "--raw", raw, "--out", out, "--quiet")
    assert proc.returncode == 0, proc.stderr
    actors = pd.read_csv(out / "actors.csv", keep_default_na=False)
    row = actors[actors["actor_id"] == "media~Valdorian_Evening_Courier"]
    assert list(row["type"]) == ["media"] and list(row["origin"]) == ["learned"]
    assert list(row["name"]) == ["Valdorian Evening Courier"]
    claims = pd.read_csv(out / "claims.csv", keep_default_na=False)
    own = claims[(claims["doc_id"] == "dl") & (claims["attribution"] == "author")]
    assert len(own) and set(own["claimant_id"]) == {"media~Valdorian_Evening_Courier"}
    docs = pd.read_csv(out / "documents.csv", keep_default_na=False)
    assert list(docs.loc[docs["doc_id"] == "dl", "outlet_id"]) == ["media~Valdorian_Evening_Courier"]
