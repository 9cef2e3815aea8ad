"""Claims traced across outlets (claim_clusters.csv): clusters, first report, attribution shift.

The corpus is written here: one outlet reports a strike on the word of Armenian sources, a
second outlet repeats it the next day in its own voice, a third article is about something
else.
"""
from __future__ import annotations

import csv
import dataclasses
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis import config

from analysis.build import clusters
from analysis.codebook import CodebookError, load_codebook
from analysis.build.pipeline import build

ARTICLES = {
    "courier-1": ("Harbour Courier", "2021-03-01", "Fighting near the front line\n\n"
                  "According to Armenian sources, Azerbaijani forces shelled the town of "
                  "Martuni overnight and destroyed 12 houses.\n\n"
                  "The ministry gave no further details.\n"),
    "ridge-1": ("Ridge Daily", "2021-03-02", "Night of shelling\n\n"
                "Azerbaijani forces shelled the town of Martuni overnight, destroying 12 "
                "houses.\n\nResidents spent the night in basements.\n"),
    "ridge-2": ("Ridge Daily", "2021-03-02", "Talks in Moscow\n\n"
                "Russian diplomats held talks with Turkish officials on grain exports.\n"),
}


def write_raw(folder: Path, articles: dict[str, tuple[str, str, str]]) -> Path:
    """A raw folder (manifest with sha256, article files) for `articles`."""
    (folder / "articles").mkdir(parents=True)
    with open(folder / "manifest.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["doc_id", "path", "title", "outlet", "published", "url", "language",
                    "sha256"])
        for doc_id, (outlet, published, text) in articles.items():
            data = text.encode("utf-8")
            (folder / "articles" / f"{doc_id}.txt").write_bytes(data)
            w.writerow([doc_id, f"articles/{doc_id}.txt", text.split("\n")[0], outlet,
                        published, "", "en", hashlib.sha256(data).hexdigest()])
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("clusters")
    raw = write_raw(root / "raw", ARTICLES)
    build(raw, root / "out", engine="serial", cache=False, quiet=True)
    return root / "out"


def table(out: Path) -> pd.DataFrame:
    return pd.read_csv(out / "claim_clusters.csv", dtype=str, keep_default_na=False)


def test_repeated_claim_is_one_cluster_with_first_report_and_shift(built: Path) -> None:
    df = table(built)
    assert df["cluster_id"].nunique() == 1
    assert set(df["doc_id"]) == {"courier-1", "ridge-1"}  # the talks are not in it
    first = df[df["is_first"] == "True"].iloc[0]
    repeat = df[df["is_first"] == "False"].iloc[0]
    assert (first["outlet"], first["attribution"]) == ("Harbour Courier", "group")
    assert first["claimant_surface"] == "Armenian sources"
    assert first["attribution_shift"] == "False"
    assert (repeat["outlet"], repeat["attribution"]) == ("Ridge Daily", "author")
    assert repeat["attribution_shift"] == "True"
    assert repeat["shift_from"] == first["claim_id"]
    assert first["sentence"].startswith("According to Armenian sources")
    assert first["n_outlets"] == "2" and first["n_documents"] == "2"


def test_offsets_point_at_the_claim_in_the_cleaned_text(built: Path) -> None:
    df = table(built)
    sentences = pd.read_csv(built / "sentences.csv", dtype=str, keep_default_na=False)
    for _, r in df.iterrows():
        s = sentences[(sentences["doc_id"] == r["doc_id"]) &
                      (sentences["sent_id"] == r["sent_id"])].iloc[0]
        assert r["text"] in s["text"]
        assert int(s["start"]) <= int(r["start"]) < int(r["end"]) <= int(s["end"])


def test_top_clusters_puts_both_sentences_side_by_side(built: Path) -> None:
    top = clusters.top_clusters(table(built), n=5)
    assert len(top) == 1
    row = top.iloc[0]
    assert bool(row["attribution_shift"])
    assert row["first_outlet"] == "Harbour Courier" and row["repeat_outlet"] == "Ridge Daily"
    assert "Armenian sources" in row["first_sentence"]
    assert row["repeat_sentence"].startswith("Azerbaijani forces shelled")
    assert list(clusters.top_clusters(table(built).iloc[0:0], 5).columns) == list(top.columns)


def test_same_claim_outside_the_window_is_not_clustered(built: Path) -> None:
    cb = load_codebook()
    params = dataclasses.replace(load_codebook(config.CODEBOOK).clusters, window_days=0)
    assert clusters.claim_clusters(built, cb, params).empty


def test_output_is_deterministic_and_declared(built: Path) -> None:
    cb = load_codebook()
    params = load_codebook(config.CODEBOOK).clusters
    again = clusters.claim_clusters(built, cb, params)
    assert again.to_csv(index=False, lineterminator="\n") == \
        (built / "claim_clusters.csv").read_text(encoding="utf-8")
    package = json.loads((built / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in package["resources"] if r["path"] == "claim_clusters.csv")
    names = [f["name"] for f in resource["schema"]["fields"]]
    assert {"cluster_id", "claim_id", "is_first", "attribution_shift", "shift_from"} <= set(names)


def test_different_numbers_or_words_are_not_the_same_claim() -> None:
    p = load_codebook(config.CODEBOOK).clusters
    feats = clusters._Features(p)
    a = feats("Azerbaijani forces shelled the town of Martuni and destroyed 12 houses", "12 houses")
    b = feats("Azerbaijani forces shelled the town of Martuni and destroyed 40 houses", "40 houses")
    c = feats("Azerbaijani drones struck a fuel depot far to the north", "")
    d = feats("Azerbaijani forces shelled Martuni town, destroying 12 houses", "12 houses")
    assert not clusters._same_claim(a, b, p)   # contested, not repeated
    assert not clusters._same_claim(a, c, p)   # another event
    assert clusters._same_claim(a, d, p)


def test_comparisons_are_bounded_by_max_candidates(monkeypatch: pytest.MonkeyPatch) -> None:
    p = load_codebook(config.CODEBOOK).clusters
    calls = []
    real = clusters._same_claim
    monkeypatch.setattr(clusters, "_same_claim", lambda a, b, q: calls.append(1) or real(a, b, q))
    n = 3000  # one block, one day: all pairs would be 4.5 million comparisons
    feats = [clusters._Features(p)("forces shelled the village at dawn", "")] * n
    roots = clusters.link({"k": list(range(n))}, [0] * n, [f"d{i}" for i in range(n)], feats, p)
    assert len(calls) <= n * p.max_candidates
    assert len(set(roots)) == 1  # the same text everywhere: one cluster


def test_a_broken_parameter_is_one_line_naming_the_file(edited_codebook) -> None:
    folder = edited_codebook("clusters.yaml", "window_days: 3", "window_days: soon")
    with pytest.raises(CodebookError, match=r"clusters\.yaml: 'window_days' must be"):
        load_codebook(folder)
    (folder / "clusters.yaml").unlink()
    with pytest.raises(CodebookError, match=r"clusters\.yaml: missing"):
        load_codebook(folder)


def test_build_with_broken_parameters_exits_1_without_traceback(edited_codebook,
                                                               tmp_path: Path) -> None:
    folder = edited_codebook("clusters.yaml", "min_overlap: 0.5", "min_overlap: 2")
    raw = write_raw(tmp_path / "raw", dict(list(ARTICLES.items())[:1]))
    proc = subprocess.run([sys.executable, "-m", "analysis", "build", "--raw", str(raw),
                           "--out", str(tmp_path / "out"), "--codebook", str(folder),
                           "--no-cache", "--quiet"], capture_output=True, text=True,
                          cwd=config.ROOT)
    assert proc.returncode == 1
    assert "clusters.yaml" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "out" / "claims.csv").exists()


def test_an_outlet_repeating_its_own_attributed_claim_is_no_shift() -> None:
    p = load_codebook(config.CODEBOOK).clusters

    def rec(claim: str, outlet: str, attribution: str) -> dict[str, object]:
        return {"claim_id": claim, "doc_id": claim[:2], "outlet": outlet, "outlet_key": outlet,
                "published": "2021-03-01", "claim_type": "strike", "states": "AZE",
                "claimant_id": "", "claimant_surface": "", "attribution": attribution,
                "cue": "", "modality": "asserted", "polarity": "affirm", "sent_id": 0,
                "start": 0, "end": 5, "text": "x"}

    records = [rec("d1-c1", "Courier", "anonymous"), rec("d2-c1", "Courier", "author"),
               rec("d3-c1", "Ridge", "author"), rec("d4-c1", "Ridge", "named"),
               rec("d5-c1", "Courier", "author")]
    rows = clusters._cluster_rows(records, list(range(5)), p)
    shifts = {r["claim_id"]: r["shift_from"] for r in rows}
    assert shifts == {"d1-c1": "", "d2-c1": "", "d3-c1": "d1-c1", "d4-c1": "",
                      "d5-c1": "d4-c1"}
    assert [r["is_first"] for r in rows] == [True, False, False, False, False]


def test_stating_a_denied_or_a_conditional_claim_is_no_shift() -> None:
    p = load_codebook(config.CODEBOOK).clusters
    base = {"published": "2021-03-01", "claim_type": "strike", "states": "AZE",
            "claimant_id": "", "claimant_surface": "", "cue": "", "sent_id": 0, "start": 0,
            "end": 5, "text": "x"}
    records = [
        {**base, "claim_id": "d1-c1", "doc_id": "d1", "outlet": "A", "outlet_key": "A",
         "attribution": "named", "polarity": "deny", "modality": "asserted"},
        {**base, "claim_id": "d2-c1", "doc_id": "d2", "outlet": "B", "outlet_key": "B",
         "attribution": "author", "polarity": "affirm", "modality": "asserted"},
        {**base, "claim_id": "d3-c1", "doc_id": "d3", "outlet": "C", "outlet_key": "C",
         "attribution": "group", "polarity": "affirm", "modality": "asserted"},
        {**base, "claim_id": "d4-c1", "doc_id": "d4", "outlet": "B", "outlet_key": "B",
         "attribution": "author", "polarity": "affirm", "modality": "conditional"}]
    rows = clusters._cluster_rows(records, list(range(4)), p)
    assert [r["attribution_shift"] for r in rows] == [False, False, False, False]


# --------------------------------------------------------------------------- in the report
def test_report_table_shows_the_shift_with_both_sentences_side_by_side(built: Path) -> None:
    from analysis.report import corpus, sections

    t = sections.load(built)
    cl = corpus.clusters_table(t)
    assert len(cl) == 1
    row = cl.iloc[0]
    assert row["attribution shift"] == "yes" and row["outlets"] == 2 and row["claims"] == 2
    assert row["first reported by"] == "Harbour Courier (2021-03-01)"
    assert row["reported as"].startswith(
        "Harbour Courier (Armenian sources): According to Armenian sources, Azerbaijani")
    assert row["repeated as"].startswith("Ridge Daily (own voice): Azerbaijani forces shelled")
    page = str(sections.top(t, cl, "Claims reported by several articles"))
    assert "According to Armenian sources" in page and "Ridge Daily (own voice)" in page
    assert any("attribution shifts" in f for f in corpus.findings(t))


def test_article_report_keeps_only_its_clusters(built: Path) -> None:
    from analysis.report import corpus, sections

    assert len(corpus.clusters_table(sections.load(built, doc_ids=["courier-1"]))) == 1
    assert corpus.clusters_table(sections.load(built, doc_ids=["ridge-2"])).empty


@pytest.mark.slow
def test_executed_report_shows_the_cluster_and_the_shift(built: Path, tmp_path: Path) -> None:
    """The corpus report notebook, run on the pair: the contested-claims section holds the
    cluster, both sentences and the shift."""
    from analysis.report import notebooks

    notebooks.build([config.NOTEBOOKS / "05-report.ipynb"], out_dir=tmp_path,
                    processed_dir=built, pdf=False, log=lambda *_: None)
    page = (tmp_path / "05-report.html").read_text(encoding="utf-8")
    section = page[page.index('id="Contested-claims"'):]
    assert "According to Armenian sources" in section and "Ridge Daily (own voice)" in section
    assert "Harbour Courier (2021-03-01)" in section and ">yes<" in section


def test_report_names_an_anonymous_source_without_its_cue() -> None:
    from analysis.report import corpus

    pairs = pd.DataFrame({"x_outlet": ["A", "B"], "x_attribution": ["anonymous", "author"],
                          "x_claimant_surface": ["Reports say", "B"],
                          "x_sentence": ["Reports say that X.", "X."]})
    assert list(corpus._side(pairs, "x")) == ["A (unnamed source): Reports say that X.",
                                              "B (own voice): X."]


def test_top_clusters_orders_offsets_as_numbers(built: Path) -> None:
    """Read as text (a spreadsheet-safe read), "1769" must still come after "200"."""
    df = table(built).astype(str)
    first = df.sort_values("published", kind="mergesort").iloc[0]
    same = df[(df["doc_id"] == first["doc_id"]) & (df["cluster_id"] == first["cluster_id"])]
    late, early = same.iloc[0].copy(), same.iloc[0].copy()
    late["start"], late["claim_id"] = "1769", "late"
    early["start"], early["claim_id"] = "200", "early"
    for row in (late, early):
        row["attribution_shift"] = "False"
    pair = pd.DataFrame([late, early])
    other = df[df["doc_id"] != first["doc_id"]].iloc[[0]].assign(
        cluster_id=first["cluster_id"], attribution_shift="False")
    top = clusters.top_clusters(pd.concat([pair, other]), n=1)
    assert top.iloc[0]["first_claim_id"] == "early"
