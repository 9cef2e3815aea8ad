"""Pathological articles build in bounded time: no search that grows with the square of a
paragraph, a quotation or a sentence (each case once took minutes or did not finish).

Bounds are generous (several times the time measured on a 2-core machine), so a failure
means a quadratic path came back, not a slow machine.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analysis import config

pytestmark = pytest.mark.slow

SEED = next((config.RAW / "articles").glob("*.txt")).read_text(encoding="utf-8")


def _words(n_chars: int) -> str:
    """The seed's words without any punctuation, repeated to `n_chars` characters."""
    words = " ".join("".join(ch for ch in SEED if ch.isalnum() or ch.isspace()).split())
    return (words + " ") * (n_chars // len(words) + 1)


CASES = {  # name -> (text, seconds allowed)
    "2 MB without punctuation": (_words(2_000_000)[:2_000_000], 40),
    "100,000 unclosed single quotes": ("He said 'yes " * 100_000, 30),
    "one unbalanced double quote over 150 KB": (
        "\u201c" + "Azerbaijan attacked Armenia and Turkey helped, Russia said " * 3000, 30),
    "4,000 actor mentions in one sentence": (
        "Turkey and Armenia and Russia and Azerbaijan and the United States " * 800 + "said it.",
        30),
    "4 MB of real paragraphs": ((SEED + "\n\n") * (4_000_000 // len(SEED)), 90),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_pathological_article_builds_in_bounded_time(name: str, tmp_path: Path) -> None:
    text, allowed = CASES[name]
    raw = tmp_path / "raw"
    (raw / "articles").mkdir(parents=True)
    (raw / "articles" / "a.txt").write_text(text, encoding="utf-8")
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    (raw / "manifest.csv").write_text(
        "doc_id,path,title,outlet,published,url,language,sha256\n"
        f"d1,articles/a.txt,T,SouthFront,2020-09-27,,en,{sha}\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(config.ROOT / "src"), "ANALYSIS_ROOT": str(config.ROOT)}
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "analysis", "build", "--raw", str(raw),
                           "--out", str(tmp_path / "out"), "--no-cache", "--quiet",
                           "--engine", "serial"], capture_output=True, text=True,
                          timeout=allowed * 2, env=env)
    took = time.monotonic() - start
    assert proc.returncode == 0, proc.stderr
    assert took < allowed, f"{name}: {took:.1f} s (allowed {allowed} s)"
    assert (tmp_path / "out" / "claims.csv").stat().st_size > 0
