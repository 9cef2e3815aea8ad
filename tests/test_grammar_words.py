"""Patterns compiled from grammar.yaml by the relation, cue and attribution stages, on phrases
written for these tests: each matches where its words say, and a word taken out of the
codebook no longer matches."""
from __future__ import annotations

import dataclasses

from analysis.codebook.model import Grammar


def _without(cb, section: str, key: str, word: str):
    """The codebook with one word taken out of a grammar.yaml entry."""
    sections = {k: dict(v) for k, v in cb.grammar.sections.items()}
    sections[section][key] = tuple(w for w in sections[section][key] if w != word)
    return dataclasses.replace(cb, grammar=Grammar(sections))


def test_relation_words(cb):
    from analysis.extract.relations import _RelationWords

    rx = _RelationWords(cb)
    assert rx.coord_pred.match(" and later ")  # "A met B and later spoke with C"
    assert not rx.coord_pred.match(" because ")
    assert rx.copula_actor.fullmatch(" has long been the ")  # "X's ally has long been the Y"
    assert rx.copula_end.search("the island is also ")  # "is also a supporter of"
    assert rx.event_det.match(" what she called a 'raid'").end() == len(" what she called a '")
    assert rx.apposition.match(", an old ")  # "the TPLF, an old foe of"
    assert rx.joint.match(" against ") and not rx.joint.match(" over ")
    assert not _RelationWords(_without(cb, "relations", "joint_prepositions", "against")
                              ).joint.match(" against ")
    assert rx.passive.search("the depots were all ") and not rx.passive.search("the depots ")
    assert rx.recipient_gap.fullmatch(" an unprecedented ")  # "gave Ukraine an ... ultimatum"
    assert rx.nominal.search("condemned the ") and rx.adverbial.search("jets in ")
    assert rx.np_relative.fullmatch(" the offensive that ") and rx.noun_use.search("a show of ")
    assert rx.agent_after.match(" carried out by") and rx.against.search(", against ")


def test_cue_and_attribution_words(cb):
    from analysis.extract.cues import CuePatterns

    rx = CuePatterns(cb)
    text = "The dam will hold, Jane Roe, an engineer at the port authority, "
    m = rx.apposition_after.search(text)
    assert m and m.group(1) == "Jane Roe"
    assert rx.article_ahead.match(" the company's chief") and not rx.article_ahead.match(" then")
    assert not CuePatterns(_without(cb, "common", "articles", "an")).apposition_after.search(text)


def test_attribution_words(cb):
    from analysis.extract.claims import ClaimExtractor

    ex = ClaimExtractor(cb)
    f = ex.frames
    m = f.evidence_lead_re.match("But in a new poll released Sunday, most voters agree")
    assert m and m.group(1) == "a new poll released Sunday"
    assert f.anon_link_re.match(" that the dam broke").end() == len(" that ")
    assert f.according_after_re.match("Roe said that ")
    assert not f.according_after_re.match("Roe said ")
    assert ex.denial_pred_re.search("the report is simply untrue")
    other = ClaimExtractor(_without(cb, "attribution", "evidence_leads", "but"))
    assert not other.frames.evidence_lead_re.match("But in a new poll released Sunday, most")
