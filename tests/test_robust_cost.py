"""Nothing hangs: pathological articles build in time linear in their length.

Each input is generated here (repeated paragraphs of the seed article or of the synthetic
generator, text without punctuation, unclosed quotation marks, an unclosed parenthesis,
...). The per-document function (`pipeline.extract`) is timed directly; one test runs the
command line on an article of nearly the size limit (4 MiB). Time bounds are about three times the targets, so a test
fails on a return of quadratic cost, not on a busy machine. The rules that bound the cost
(sentence length, quote reach, cues per clause, contested window) are checked to keep
ordinary text as it was.
"""
from __future__ import annotations

import csv
import hashlib
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analysis import config
from analysis.bench import _vocab, generate_article
from analysis.extract.claims import CONTEST_DOC_WINDOW, MAX_FRAME_CUES, link_contested
from analysis.extract.clauses import ClauseSplitter
from analysis.ingest.corpus import MAX_ARTICLE_BYTES, MAX_SENTENCE_CHARS, RawDoc, split_sentences
from analysis.build.pipeline import extract
from analysis.records import Claim
from analysis.text.textutil import SINGLE_QUOTE_REACH, quote_spans

SEED_TEXT = next((config.RAW / "articles").glob("*.txt")).read_text(encoding="utf-8")


def fill(unit: str, size: int, sep: str = " ") -> str:
    """`unit` repeated (joined by `sep`) to exactly `size` characters."""
    return sep.join([unit] * (size // (len(unit) + len(sep)) + 1))[:size]


def no_punctuation(text: str) -> str:
    """The text's words on one line, every punctuation mark removed."""
    return " ".join(re.sub(r"[^\w\s]", "", text).split())


def timed_extract(cb, text: str, doc_id: str = "big"):
    """(seconds, rows) of the per-document stages on one article."""
    raw = RawDoc(doc_id, {"doc_id": doc_id, "outlet": "SouthFront", "published": "2020-09-27",
                          "title": ""}, "0" * 64, text)
    t = time.perf_counter()
    rows = extract(raw, cb, Path("/nonexistent-corrections"))
    return time.perf_counter() - t, rows


def cells(rows, table: str) -> list[list[str]]:
    """A table's rows of one document, read back as CSV with the csv module's defaults
    (a cell over its 131,072-character field limit raises)."""
    return list(csv.reader(rows.pieces[table].data.decode("utf-8").splitlines(keepends=True)))


# -- pathological inputs through the per-document stages --------------------------------------
def test_line_without_punctuation_100kb(cb) -> None:
    seconds, rows = timed_extract(cb, fill(no_punctuation(SEED_TEXT), 100_000))
    assert seconds < 5, f"100 KB without punctuation took {seconds:.1f} s"
    lengths = [int(r[4]) - int(r[3]) for r in cells(rows, "sentences")]
    assert len(lengths) >= 100_000 // MAX_SENTENCE_CHARS and max(lengths) <= MAX_SENTENCE_CHARS


def test_line_without_punctuation_2mb(cb) -> None:
    seconds, rows = timed_extract(cb, fill(no_punctuation(SEED_TEXT), 2_000_000))
    assert seconds < 30, f"2 MB without punctuation took {seconds:.1f} s (target 10 s)"
    claims = cells(rows, "claims")
    assert claims and max(len(r[5]) for r in claims) <= MAX_SENTENCE_CHARS


def test_100k_unclosed_single_quotes(cb) -> None:
    seconds, rows = timed_extract(cb, "Armenia said " + " ".join(["'A"] * 100_000) + ".")
    assert seconds < 15, f"100,000 unclosed ' took {seconds:.1f} s (target a few seconds)"
    assert rows.pieces["sentences"].n >= 300_000 // MAX_SENTENCE_CHARS


def test_unbalanced_double_quotes(cb) -> None:
    # a quotation mark opens every sentence and none closes
    text = re.sub(r"(?<=\. )", '"', " ".join(SEED_TEXT.split()))
    seconds, rows = timed_extract(cb, fill(text, 1_000_000))
    assert seconds < 20, f"1 MB of unclosed double quotes took {seconds:.1f} s"
    assert max(len(r[5]) for r in cells(rows, "claims")) <= MAX_SENTENCE_CHARS


def test_single_quote_before_every_capital(cb) -> None:
    text = re.sub(r"(?<=\s)(?=[A-Z])", "'", " ".join(SEED_TEXT.split()))
    seconds, _ = timed_extract(cb, fill(text, 500_000))
    assert seconds < 15, f"500 KB of stray single quotes took {seconds:.1f} s"


@pytest.mark.parametrize("name,text", [
    ("unclosed parenthesis", "Russia said (" + fill("a b c d", 200_000) + "."),
    ("verbs of saying only", fill("said denied claimed according to", 200_000)),
    ("actors and triggers only", fill("Russia attacked Armenia and Turkey supported Azerbaijan",
                                      200_000)),
    ("one word", "x" * 200_000),
    ("run of full stops", "A" + "." * 200_000 + " B."),
    ("commas in an if-clause", "If a" + fill(", a", 200_000) + ", then b."),
])
def test_dense_one_sentence_inputs(cb, name: str, text: str) -> None:
    seconds, rows = timed_extract(cb, text)
    assert seconds < 8, f"200 KB of {name} took {seconds:.1f} s"
    assert all(len(r[7]) <= MAX_SENTENCE_CHARS for r in cells(rows, "sentences"))


def test_cost_grows_linearly(cb) -> None:
    """Eight times the paragraphs cost at most about eight times the time (a quadratic
    stage would cost sixty-four)."""
    _, article = generate_article(0, _vocab(), words=20_000)
    par = " ".join(p for p in article.split("\n\n")[1:] if p.strip())  # one long paragraph
    small = fill(par, 100_000)
    big = fill(par, 800_000)
    timed_extract(cb, small[:5000])  # warm the compiled matchers
    t_small = min(timed_extract(cb, small)[0] for _ in range(2))
    t_big, rows = timed_extract(cb, big)
    assert t_big < 16 * t_small + 1, f"100 KB {t_small:.2f} s, 800 KB {t_big:.2f} s"
    assert rows.pieces["claims"].n > 1000


# -- the bounds keep ordinary text as it was --------------------------------------------------
def test_long_sentence_cut_at_whitespace_without_losing_text() -> None:
    par = fill("the convoy moved slowly along the valley road", 10_000)
    spans = split_sentences(par)
    assert len(spans) == 4 and all(e - s <= MAX_SENTENCE_CHARS for s, e in spans)
    assert all(not par[s].isspace() and not par[e - 1].isspace() for s, e in spans)
    assert all(e == len(par) or par[e].isspace() for _, e in spans)  # never inside a word
    assert " ".join(par[s:e] for s, e in spans) == par
    blob = "x" * 7000  # no whitespace at all: cut at the length itself
    assert split_sentences(blob) == [(0, 3000), (3000, 6000), (6000, 7000)]


def test_sentences_below_the_bound_unchanged() -> None:
    long_one = "Word " + fill("word", MAX_SENTENCE_CHARS - 100) + "."
    par = "First one here. " + long_one + " Last one."
    spans = split_sentences(par)
    assert [par[s:e] for s, e in spans] == ["First one here.", long_one, "Last one."]
    quoted = '"It was hit. We saw it. It burned," he said. Then it stopped.'
    assert [quoted[s:e] for s, e in split_sentences(quoted)] == [
        '"It was hit. We saw it. It burned," he said.', "Then it stopped."]


def test_single_quote_closes_only_within_reach() -> None:
    near = "He called it 'A success.' later"
    assert quote_spans(near) == ((13, 25),)
    far = "He called it 'A " + "x " * SINGLE_QUOTE_REACH + "success.' later"
    assert quote_spans(far) == ()
    # 1,000 unclosed openings, then one close: the first opening within reach takes it
    many = " ".join(["'A"] * 1000) + " 'B.' end"
    (start, end), = quote_spans(many)
    assert end == len(many) - 4 and end - 1 - start < SINGLE_QUOTE_REACH <= end - 1 - (start - 3)


# The splitter pattern before it was rewritten (exponential on an unclosed parenthesis):
# the reference the new one must agree with on short clauses.
_OLD_SPLITTERS = re.compile(
    r";\s+|,\s+(?=(?:but|while|whereas|although)\b)|\s+[-–—]\s+(?=[a-z])"
    r"|,\s+and\s+(?=according to\b)|,\s+(?=(?:a|an|the)\s+(?:charge|claim|accusation|"
    r"allegation|report|version)s?\s+(?:that\s+|which\s+)?(?:[A-Z]|(?:was\s+|were\s+)?"
    r"(?:denied|rejected|dismissed|disputed|refuted)\b))"
    r"|\s+(?=\((?:[^()]*\s){3,}[^()]*\)\s*[.:;,]?\s*$)")


@pytest.mark.parametrize("text", [
    "Russia attacked; Armenia denied it", "They said so, but nobody agreed",
    "Troops moved  -  then stopped", "It fell (according to local sources) .",
    "It fell (two words)", "It fell  (one two three four)  ", "a - b -c —  d",
    "X said ( a b c ( d e f g ) h", "Kyiv made the claim, a charge Moscow denied",
    "Kyiv, and according to Reuters, it fell", "a\t(b c d e)\n",
])
def test_clause_splitter_same_cuts(cb, text: str) -> None:
    """The splitter compiled from grammar.yaml `clauses` cuts where the old pattern did."""
    splitters = ClauseSplitter(cb).splitters
    assert [m.span() for m in splitters.finditer(text)] == \
        [m.span() for m in _OLD_SPLITTERS.finditer(text)]


def test_unclosed_parenthesis_splits_at_once(cb) -> None:
    splitters = ClauseSplitter(cb).splitters
    text = "Russia said (" + "a b " * 5000
    t = time.perf_counter()
    assert list(splitters.finditer(text)) == []
    assert time.perf_counter() - t < 1


def test_frame_cues_bound_leaves_prose_alone(cb) -> None:
    assert MAX_FRAME_CUES >= 20  # prose has a handful per clause
    _, rows = timed_extract(cb, "Armenia said that Turkey denied that Russia claimed that "
                                "Iran reported that the town fell.")
    claims = cells(rows, "claims")
    # claimant_id: Armenia's claim, then the frames nested in it, two levels deep at most
    # ("Turkey denied C", "Russia claimed C"; Iran's report is left inside Russia's claim)
    assert [r[6] for r in claims] == ["ARM", "TUR", "RUS"]


def _claim(n: int, doc: str, polarity: str) -> Claim:
    return Claim(f"{doc}-c{n:03d}", doc, n, n * 10, n * 10 + 5, "", f"X{n}", "", "named", "",
                 polarity, "asserted", "", "attack", subject_ids=["ARM"])


def test_contested_links_within_a_document_are_windowed(cb) -> None:
    states = {"ARM": "ARM"}
    few = [_claim(n, "d", "affirm" if n % 2 else "deny") for n in range(10)]
    link_contested(few, cb, states, {"d": "2020-09-27"})
    assert all(len(c.contested_with) == 5 for c in few)  # every opposite pair, as before
    many = [_claim(n, "d", "affirm" if n % 2 else "deny") for n in range(10 * CONTEST_DOC_WINDOW)]
    link_contested(many, cb, states, {"d": "2020-09-27"})
    middle = many[len(many) // 2]
    assert len(middle.contested_with) == CONTEST_DOC_WINDOW  # half of 2 * window neighbours
    first, last = many[0].claim_id, many[-1].claim_id
    assert last not in many[0].contested_with and first not in many[-1].contested_with


# -- the command line on the largest article accepted ------------------------------------------
@pytest.mark.slow
def test_cli_builds_an_article_near_the_size_limit(tmp_path: Path) -> None:
    """An article just under the size limit (`corpus.MAX_ARTICLE_BYTES`, 4 MiB; larger ones are
    refused in one line) builds in under a minute and 1 GB."""
    _, article = generate_article(0, _vocab(), words=20_000)
    body = "\n\n".join(p for p in article.split("\n\n")[1:] if p.strip())
    data = fill(body, MAX_ARTICLE_BYTES - 100_000, "\n\n").encode()
    raw = tmp_path / "raw"
    (raw / "articles").mkdir(parents=True)
    (raw / "articles" / "big.txt").write_bytes(data)
    (raw / "manifest.csv").write_text(
        "doc_id,path,title,outlet,published,url,language,sha256\n"
        f"big,articles/big.txt,Big,SouthFront,2020-09-27,,en,{hashlib.sha256(data).hexdigest()}\n",
        encoding="utf-8")
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "analysis", "build", "--raw", str(raw),
                           "--out", str(tmp_path / "out"), "--no-cache", "--engine", "serial",
                           "--quiet"], capture_output=True, text=True, timeout=400)
    seconds = time.perf_counter() - t
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert seconds < 60, f"article near the size limit: {seconds:.0f} s"
    assert peak_mb < 1024, f"article near the size limit: peak {peak_mb:.0f} MB"
    with open(tmp_path / "out" / "claims.csv", encoding="utf-8", newline="") as fh:
        n = sum(1 for _ in csv.reader(fh))  # every cell within the csv module's limit
    assert n > 40_000
