"""Nominal cues (extract/nominal.py): a noun gives its content to a holder, with no verb of
saying. Sentences written for these tests; each checks what claims.csv would show: the
claimant surface, the attribution, the cue and its class, and where the content starts.
"""
from __future__ import annotations


import pytest

from analysis.codebook.load import CodebookError, _nominal
from helpers import claim_fields, claim_with, claims_of


def test_possessive_name_holds_a_to_infinitive(cb):
    c = claim_with(claims_of(cb, "The council debated Tomas Berg's plan to rebuild the pier."),
                   "rebuild the pier")
    assert (c.attribution, c.claimant_surface) == ("named", "Tomas Berg")
    assert c.cue == "plan to" and c.cue_class == "intention" and c.modality == "forecast"
    assert c.text.startswith("rebuild")  # the content, not the holder


def test_possessive_definite_body_holds_a_target(cb):
    c = claim_with(claims_of(cb, "The council's firm support for the ferry service surprised "
                                 "the residents."), "ferry service")
    assert c.attribution == "named" and c.claimant_surface == "The council"
    assert (c.cue, c.cue_class) == ("support for", "stance")


def test_light_verb_subject_holds_the_noun(cb):
    c = claim_with(claims_of(cb, "The dockers' union made the argument that wages had fallen "
                                 "for a decade."), "wages had fallen")
    assert c.attribution != "author" and "union" in c.claimant_surface
    assert c.cue == "argument that" and c.text.startswith("wages")


def test_light_verb_with_adjective_and_object_preposition(cb):
    c = claim_with(claims_of(cb, "The mayor voiced strong opposition to the new toll road."),
                   "toll road")
    assert c.attribution == "named" and c.claimant_surface == "The mayor"
    assert c.cue == "opposition to"


def test_possessive_pronoun_finds_the_previous_speaker(cb):
    claims = claims_of(cb, "Anna Petrova said the harbour was safe. A rebuke followed her accusation "
                           "that the cranes were idle.")
    c = claim_with(claims, "cranes were idle")
    assert c.attribution == "named" and c.cue == "accusation that"


def test_a_to_before_a_noun_phrase_is_not_an_infinitive(cb):
    # "plan" takes a "to"-infinitive; "to the council" is not one, so no intention cue
    c = claim_with(claims_of(cb, "Tomas Berg's plan to the council was short."), "council")
    assert c.cue != "plan to"


def test_codebook_rejects_an_unknown_link_and_a_cue_without_links():
    classes = {"assertion": ("a statement", "", False)}
    with pytest.raises(CodebookError, match="links"):
        _nominal({"nouns": [{"noun": "claim", "complements": ["because"]}]}, "cues.yaml",
                 classes)
    with pytest.raises(CodebookError, match="complements"):
        _nominal({"nouns": [{"noun": "claim"}]}, "cues.yaml", classes)
    with pytest.raises(CodebookError, match="class"):
        _nominal({"nouns": [{"noun": "claim", "class": "gossip", "complements": ["that"]}]},
                 "cues.yaml", classes)
    out = _nominal({"nouns": [{"noun": "policy", "complements": ["to"]}]}, "cues.yaml", classes)
    assert out["nominal_cues"][0].forms == ("policy", "policies")


def test_every_nominal_cue_in_the_codebook_has_a_class(cb):
    assert cb.nominal_cues and cb.light_verbs
    assert all(n.cls in cb.cue_classes for n in cb.nominal_cues)


def test_a_received_endorsement_belongs_to_its_giver(cb):
    c = claim_with(claims_of(cb, "Jane Roe has won the endorsement of the dockers' union."),
                   "Jane Roe")
    assert c.attribution != "author" and "union" in c.claimant_surface
    assert c.text.startswith("Jane Roe")  # the whole clause: who is endorsed, and by whom


def test_received_criticism_of_a_target_is_not_from_the_target(cb):
    c = claim_with(claims_of(cb, "The mayor faced criticism of the toll plan."), "toll plan")
    assert "toll plan" not in c.claimant_surface


def test_a_possessive_deep_in_a_clause_does_not_take_the_clause(cb):
    claims = claims_of(cb, "The ferries kept sailing through the storm all week as the "
                           "council increased its support for the crews.")
    assert claim_with(claims, "ferries").attribution == "author"
    # the target is the holder's, alone: "the crews", up to the next comma
    t = [c for c in claims if c.cue == "support for"]
    assert len(t) == 1 and t[0].text == "the crews" and t[0].attribution != "author"


def test_a_noun_phrase_opening_its_clause_with_no_predicate_word_is_the_authors(cb):
    # "Tomas Berg's plan to rebuild the pier won wide praise": no finite word shows where the
    # author's predicate begins ("won"), so no nominal frame is read
    c = claim_with(claims_of(cb, "Tomas Berg's plan to rebuild the pier won wide praise."),
                   "won wide praise")
    assert c.attribution == "author"


def test_nominal_patterns_read_grammar_yaml(cb):
    """grammar.yaml `nominal`: the infinitive test, the giver's phrase and the trailing
    auxiliaries are built from its words; a word taken out of `not_infinitive` no longer
    blocks the infinitive reading."""
    import dataclasses

    from analysis.codebook.model import Grammar
    from analysis.extract.nominal import _Patterns

    rx = _Patterns(cb)
    assert rx.infinitive.match(" expand the port") and not rx.infinitive.match(" the council")
    assert rx.giver.match(" of the dockers' union for").group(1) == "the dockers' union"
    assert rx.aux.search("Jane Roe has also").start() == len("Jane Roe")
    assert "to" in rx.infinitive_links and "of" in rx.stance_givers
    sections = {k: dict(v) for k, v in cb.grammar.sections.items()}
    sections["nominal"]["not_infinitive"] = tuple(
        w for w in sections["nominal"]["not_infinitive"] if w != "the")
    other = _Patterns(dataclasses.replace(cb, grammar=Grammar(sections)))
    assert other.infinitive.match(" the council")


def test_an_unanswered_request_is_the_subjects(cb):
    c = claim_with(claims_of(cb, "The harbour authority did not immediately respond to a "
                                 "request for comment."), "request for comment")
    assert c.attribution != "author" and c.claimant_surface == "The harbour authority"
    assert c.cue == "respond to"


def test_answering_a_call_is_no_attribution(cb):
    # "answer" frames a request or a question, not any noun cue after it ("the call to arms")
    c = claim_with(claims_of(cb, "Hundreds of fishermen answered the call for volunteers at "
                                 "the harbour."), "volunteers")
    assert c.attribution == "author"


def test_answering_nouns_must_be_nominal_nouns():
    classes = {"assertion": ("a statement", "", False)}
    with pytest.raises(CodebookError, match="not nominal nouns"):
        _nominal({"nouns": [{"noun": "request", "class": "assertion", "objects": ["for"]}],
                  "answering": {"cue": "respond to", "class": "assertion",
                                "verbs": ["responded to"], "nouns": ["storm"]}},
                 "cues.yaml", classes)


def test_a_reaction_drawn_from_a_holder_is_the_holders(cb):
    c = claim_with(claims_of(cb, "The toll plan sparked criticism from the dockers' union."),
                   "toll plan")
    assert c.attribution != "author" and "union" in c.claimant_surface
    assert c.cue == "criticism from"
    v = claim_with(claims_of(cb, "The mayor will face the opposition of the harbour board."),
                   "mayor")
    assert "harbour board" in v.claimant_surface
    # a spark that draws no noun cue stays the author's
    u = claim_with(claims_of(cb, "The storm sparked fires along the harbour."), "fires")
    assert u.attribution == "author"


def test_the_people_after_a_stance_noun_hold_it(cb):
    c = claim_with(claims_of(cb, "The mayor has strong support among the dockers."), "mayor")
    assert (c.attribution, c.claimant_surface, c.cue) == ("named", "the dockers", "support among")
    # "among" after a noun of saying is no holder: "fears among X" is not a stance
    u = claim_with(claims_of(cb, "The plan drew a speech among other things."), "plan")
    assert u.cue != "speech among"


def test_a_noun_phrase_subject_gives_its_holder_the_content_before_the_predicate(cb):
    claims = claims_of(cb, "Tomas Berg's plan to rebuild the pier has won wide praise.")
    assert claim_with(claims, "won wide praise").attribution == "author"
    c = [c for c in claims if c.cue == "plan to"]
    assert len(c) == 1 and c[0].text == "rebuild the pier" and c[0].claimant_surface == "Tomas Berg"
    # a that-clause keeps its own verb: the predicate is the next finite word
    t = [c for c in claims_of(cb, "Anna Petrova's claim that the cranes were idle is false.")
         if c.cue == "claim that"]
    assert len(t) == 1 and t[0].text == "the cranes were idle"


@pytest.mark.parametrize("text, words, cue", [
    ("The council's position on the toll road is clear.", "toll road", "position on"),
    ("Anna Petrova's offer to mediate between the unions was turned down.", "mediate", "offer to"),
    ("The court's ruling that the strike was lawful is final.", "strike was lawful", "ruling that"),
])
def test_more_nouns_of_saying_and_intending_take_their_holder(cb, text, words, cue):
    c = [c for c in claims_of(cb, text) if c.cue == cue]
    assert c and words in c[0].text and c[0].attribution != "author"


def test_have_holds_a_noun_of_judging(cb):
    c = claim_with(claims_of(cb, "Anna Petrova had harsh words for the harbour plan."),
                   "harbour plan")
    assert (c.attribution, c.claimant_surface, c.cue) == ("named", "Anna Petrova", "words for")
    # "have" with no noun cue is no attribution
    u = claim_with(claims_of(cb, "Anna Petrova had lunch at the harbour."), "lunch")
    assert u.attribution == "author"


def test_a_light_verbs_holder_starts_after_a_subordinator(cb):
    claims = claims_of(cb, "The inspectors asked the crews about whether they had concerns "
                           "about the harbour plan.")
    assert not any(c.cue == "concern about" and "inspectors" in c.claimant_surface
                   for c in claims)


def test_a_givers_phrase_ends_before_a_modal_or_a_finite_verb(cb):
    """"support from the villagers should the army attack": the giver is "the villagers",
    not the clause that follows it (grammar.yaml nominal.giver_ends)."""
    c = claim_with(claims_of(cb, "The rebels can count on support from the villagers should "
                                 "the army attack the valley."), "support from")
    assert c.claimant_surface == "the villagers"


# -- a text written for the test, the words of one of its claims, and what that
# claim must hold (field -> value) ----------------------------------------------------
ONE_CLAIM = [
    pytest.param("The decision by the port authority to close the gate angered the drivers.",
                 "close the gate", {"claimant_surface": "the port authority", "cue": "decision to"},
                 id="by_phrase_after_the_noun_is_the_holder"),
    pytest.param("Opposition to the toll road is growing in the valley.",
                 "toll road", {"attribution": "author"},
                 id="a_noun_with_no_holder_stays_the_authors"),
    pytest.param("Anna Petrova said her support for the strike was firm.",
                 "strike was firm", {"cue": "say", "claimant_surface": "Anna Petrova"},
                 id="verb_frames_keep_priority"),
    pytest.param("The ferry took up a position on the river at dawn.",
                 "ferry", {"attribution": "author"},
                 id="a_position_with_no_holder_is_a_place"),
]


@pytest.mark.parametrize("text, words, want", ONE_CLAIM)
def test_one_claim(cb, text, words, want):
    assert claim_fields(claims_of(cb, text), words, want) == want
