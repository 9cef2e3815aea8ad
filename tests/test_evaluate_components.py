"""The attribution components' scores (`analysis evaluate --polnear`), on hand-made gold
and predicted records and a brat file written here (no PolNeAR text)."""
from __future__ import annotations

import pytest

from analysis.evaluate.components import cue_ok, overlaps, score_components, source_ok, tokens
from analysis.evaluate.polnear import load_split, read_ann

TEXT = ("The mayor said the bridge will reopen in May. It is believed the cost doubled. "
        "He added that tolls stay.")


def gold(content, source, kind, cue="said", doc="d1", antecedent=()):
    at = TEXT.find(content)
    return {"doc_id": doc, "content": content, "extent": (at, at + len(content)),
            "cue": cue, "source": source, "kind": kind, "antecedent": list(antecedent)}


def pred(text, attribution, surface, cue="say", doc="d1"):
    at = TEXT.find(text)
    return {"doc_id": doc, "text": text, "attribution": attribution,
            "claimant_surface": surface, "cue": cue,
            "where": [(at, at + len(text))] if at >= 0 else []}


def _row(rows, component, kind="all"):
    return next(r for r in rows if r["component"] == component and r["kind"] == kind)


def test_source_ok_by_kind():
    g = gold("the bridge will reopen in May", "The mayor", "named")
    assert source_ok(g, pred("the bridge will reopen in May", "named", "the mayor"))
    assert not source_ok(g, pred("the bridge will reopen in May", "author", "The Daily"))
    assert not source_ok(g, pred("the bridge will reopen in May", "named", "the council"))
    none = gold("the cost doubled", "", "none", cue="is believed")
    assert source_ok(none, pred("the cost doubled", "anonymous", "is believed"))
    assert not source_ok(none, pred("the cost doubled", "named", "the mayor"))
    he = gold("tolls stay", "He", "pronoun", cue="added", antecedent=["mayor"])
    assert source_ok(he, pred("tolls stay", "named", "He"))
    assert source_ok(he, pred("tolls stay", "named", "the mayor"))
    assert not source_ok(he, pred("tolls stay", "named", "the council"))


def test_overlap_needs_shared_tokens_and_meeting_spans():
    g = gold("the bridge will reopen in May", "The mayor", "named")
    g["ctoks"] = tokens(g["content"])
    p = pred("the bridge will reopen in May", "named", "x")
    p["toks"] = tokens(p["text"])
    assert overlaps(g, p)
    p["where"] = [(200, 230)]  # the same words elsewhere in the article
    assert not overlaps(g, p)
    q = pred("the cost doubled", "named", "x")
    q["toks"] = tokens(q["text"])
    assert not overlaps(g, q)


def test_cue_matches_through_the_written_forms():
    g = gold("the bridge will reopen in May", "The mayor", "named", cue="said")
    assert cue_ok(g, pred("x", "named", "m", cue="say"), {"say": ("say", "said")})
    assert not cue_ok(g, pred("x", "named", "m", cue="tell"), {"tell": ("told",)})
    assert not cue_ok(g, pred("x", "author", "m", cue="say"), {"say": ("said",)})


def test_component_scores_on_a_small_document():
    golds = [gold("the bridge will reopen in May", "The mayor", "named"),
             gold("the cost doubled", "", "none", cue="is believed"),
             gold("tolls stay", "He", "pronoun", cue="added", antecedent=["mayor"])]
    preds = [pred("the bridge will reopen in May", "named", "The mayor"),
             pred("the cost doubled", "author", "The Daily", cue=""),
             pred("tolls stay", "named", "the council", cue="add"),
             pred("It is believed", "named", "nobody")]  # on no gold content
    rows = score_components(golds, preds, {"say": ("said",), "add": ("added",)})
    assert _row(rows, "content")["recall"] == 1.0
    assert _row(rows, "content")["precision"] == pytest.approx(2 / 3, abs=1e-3)
    assert _row(rows, "source")["recall"] == pytest.approx(1 / 3, abs=1e-3)
    assert _row(rows, "source", "named")["recall"] == 1.0
    assert _row(rows, "source", "none")["recall"] == 0.0
    assert _row(rows, "source", "pronoun")["precision"] == 0.0
    assert _row(rows, "cue")["recall"] == pytest.approx(2 / 3, abs=1e-3)
    assert _row(rows, "attribution")["precision"] == pytest.approx(2 / 3, abs=1e-3)


def test_a_brat_file_is_read_into_gold_records(tmp_path):
    text = "Jane Roe said the plan failed. It is believed the vote slipped."
    ann = tmp_path / "dev" / "attributions" / "doc_a1.ann"
    ann.parent.mkdir(parents=True)
    (tmp_path / "dev" / "text").mkdir()
    (tmp_path / "dev" / "text" / "doc.txt").write_text(text, encoding="utf-8")
    ann.write_text("T1\tSource 0 8\tJane Roe\nT2\tCue 9 13\tsaid\nT3\tContent 14 29\tthe plan failed\n"
                   "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n"
                   "T4\tCue 34 45\tis believed\nT5\tContent 46 62\tthe vote slipped\n"
                   "E2\tAttribution-no-source:T4 Content:T5 Cue:T4\n"
                   "E3\tDiscuss:T4 Content:T5\n", encoding="utf-8")
    recs = read_ann(ann, text)
    assert [(r["content"], r["source"], r["kind"]) for r in recs] == [
        ("the plan failed", "Jane Roe", "named"), ("the vote slipped", "", "none")]
    docs = load_split(tmp_path, "dev")
    assert docs[0]["doc_id"] == "doc" and len(docs[0]["gold"]) == 2
