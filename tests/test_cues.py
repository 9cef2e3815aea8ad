"""Cue recall: verbs, nouns and phrases that attribute a content, on sentences written for
these tests. Each positive case has a failure case beside it: the same verb where it heads
no attribution, so the claim stays the author's.
"""
from __future__ import annotations

import pytest

from helpers import claim_fields, claim_with, claims_of


# -- a clause complement without "that" -----------------------------------------------------
@pytest.mark.parametrize("text, content, surface, cls", [
    ("Mara Holt thinks the harbour board will lose the vote.", "harbour board will lose",
     "Mara Holt", "belief"),
    ("Gov. Tomas Berg hopes his latest endorsement will give him a boost.",
     "endorsement will give", "Tomas Berg", "belief"),
    ("Many fishermen fear the quota deal will collapse.", "quota deal will collapse",
     "Many fishermen", "belief"),
    ("Local officials hope talks on the bridge can resume soon.", "talks on the bridge",
     "Local officials", "belief"),
    ("The inspectors found the dam had been weakened for years.", "dam had been weakened",
     "The inspectors", "knowledge"),
    ("Anna Petrova knew they were watching the port.", "they were watching",
     "Anna Petrova", "knowledge"),
])
def test_a_belief_or_knowledge_verb_frames_a_clause_without_that(cb, text, content, surface, cls):
    c = claim_with(claims_of(cb, text), content)
    assert c.attribution != "author" and c.claimant_surface == surface
    assert c.cue_class == cls and not c.text.startswith(surface)


@pytest.mark.parametrize("text, words", [
    ("The army declared war on the rebels in the hills.", "declared war"),
    ("Mara Holt knows the harbour well.", "knows the harbour"),
    ("Tomas Berg knows the man who was arrested at the port.", "man who was arrested"),
    ("The ledgers are now maintained they were lost in the fire.", "ledgers"),
    ("In another era, shows like this one would have ended sooner.", "another era"),
])
def test_a_needs_that_verb_without_a_clause_stays_the_authors(cb, text, words):
    c = claim_with(claims_of(cb, text), words)
    assert c.attribution == "author"


def test_a_closing_cue_inside_another_cues_content_does_not_take_the_clause(cb):
    claims = claims_of(cb, "On Monday, Mara Holt said the port was closed, and suggested that "
                           "the board needs to act first to show it will reopen the quay.")
    c = claim_with(claims, "port was closed")
    assert c.claimant_surface == "Mara Holt"
    assert not any(x.claimant_surface == "the board" for x in claims)


# -- a cue form used as a noun ------------------------------------------------------------
@pytest.mark.parametrize("text, words", [
    ("The council’s only hope at this point was a loan from the bank.", "only hope"),
    ("The party's plans to build a new quay will fail.", "plans to build"),
    ("Holt's know-how on harbour affairs has raised questions.", "know-how"),
])
def test_a_cue_form_after_a_possessive_or_a_hyphen_is_no_verb(cb, text, words):
    assert all(c.attribution == "author" for c in claims_of(cb, text)
               if words in c.text)


# -- verbs that only tag a quotation --------------------------------------------------------
@pytest.mark.parametrize("text, content, surface", [
    ("“The harbour is closed,” Mara Holt continued.", "harbour is closed", "Mara Holt"),
    ("Tomas Berg spoke first. He continued, “We will not go back.”", "not go back", "He"),
    ("One banner at the gate read “No more war.”", "No more war", "One banner at the gate"),
    ("“Nobody asked us,” the letter read.", "Nobody asked us", "the letter"),
])
def test_a_quote_only_verb_tags_its_quotation(cb, text, content, surface):
    c = claim_with(claims_of(cb, text), content)
    assert c.attribution != "author" and c.claimant_surface == surface


@pytest.mark.parametrize("text, words", [
    ("The fighting continued for days after the strike on the depot.", "fighting continued"),
    ("After the strike on the depot, the shelling continued.", "shelling continued"),
    ("Mara Holt read the report twice before the vote.", "read the report"),
    ("After the vote, the crowd began to disperse.", "crowd began"),
])
def test_a_quote_only_verb_without_a_quotation_is_no_cue(cb, text, words):
    assert claim_with(claims_of(cb, text), words).attribution == "author"


# -- verbs that are nouns too: "plans", "fears" -------------------------------------
@pytest.mark.parametrize("text, surface, cls", [
    ("The harbour board also plans to spend $10 million on cranes.", "The harbour board",
     "intention"),
    ("Tomas Berg pointed out the quay was closed in May.", "Tomas Berg", "assertion"),
])
def test_a_verb_that_is_also_a_noun_frames_as_a_verb(cb, text, surface, cls):
    c = claims_of(cb, text)[0]
    assert (c.attribution, c.claimant_surface, c.cue_class) == ("named", surface, cls)


@pytest.mark.parametrize("text", [
    "The port authority is accelerating plans to dredge the channel.",
    "The council met with plans to dredge the channel on the table.",
    "Fears in the region are growing after the flood.",
    "Retirement plans in the past decade have failed many workers.",
    "The plans for the port were approved in May.",
])
def test_a_noun_form_of_a_cue_stays_the_authors(cb, text):
    """(and a state that "supports" another is the author's relation claim: "supports" is
    no cue, see `test_a_state_supporting_a_state_is_the_authors`)"""
    assert all(c.attribution == "author" for c in claims_of(cb, text))


def test_an_adverb_before_the_cue_is_not_part_of_the_speaker(cb):
    c = claim_with(claims_of(cb, "Harbour officials publicly said the quay was unsafe."),
                   "quay was unsafe")
    assert c.claimant_surface == "Harbour officials"
    c = claim_with(claims_of(cb, "The family said the quay was unsafe."), "quay was unsafe")
    assert c.claimant_surface == "The family"


@pytest.mark.parametrize("text, content, cue", [
    ("Mara Holt left the meeting early, acknowledging the vote was lost.", "vote was lost",
     "admit"),
    ("Tomas Berg toured the quay, fearing the storm would wreck it.", "storm would wreck",
     "fear"),
])
def test_a_participle_after_the_clause_frames_its_content(cb, text, content, cue):
    c = claim_with(claims_of(cb, text), content)
    assert c.attribution == "named" and c.cue == cue and not c.text.startswith("Mara")


# -- the colon after a speaker --------------------------------------------------------------
@pytest.mark.parametrize("text, content, surface", [
    ("The storm did not surprise harbour master Tomas Berg: “The quay was never safe.”",
     "quay was never safe", "Tomas Berg"),
    ("Rep. Mara Holt (D-Ohio):“I have not seen that figure.”", "not seen that figure",
     "Mara Holt"),
    ("Former harbour master Tomas Berg:\"We learned that from the port.\"", "learned that",
     "Tomas Berg"),
])
def test_a_name_before_a_colon_and_a_quotation_is_its_speaker(cb, text, content, surface):
    c = claim_with(claims_of(cb, text), content)
    assert c.attribution == "named" and c.claimant_surface == surface


# -- modality follows the cue class ---------------------------------------------------------
@pytest.mark.parametrize("text, content, modality", [
    ("Mara Holt hopes the quay will reopen in May.", "quay will reopen", "hedged"),
    ("Officials fear the port may close.", "port may close", "hedged"),
    ("Tomas Berg plans to reopen the quay.", "reopen the quay", "forecast"),
    ("Tomas Berg said the quay will reopen in May.", "quay will reopen", "forecast"),
])
def test_a_belief_is_hedged_and_an_intention_a_forecast(cb, text, content, modality):
    assert claim_with(claims_of(cb, text), content).modality == modality


# -- a short post-posed content -------------------------------------------------------------


@pytest.mark.parametrize("text, words", [
    ("In the harbour, officials said the quay was closed.", "quay was closed"),
    ("Holt did not, however, personally find the levy wrong.", "levy wrong"),
])
def test_an_opener_or_an_adverb_is_no_postposed_frame(cb, text, words):
    c = claim_with(claims_of(cb, text), words)
    assert c.claimant_surface in {"officials", "SouthFront"} and "harbour" not in c.claimant_surface


def test_a_tag_in_mid_clause_gives_the_rest_to_its_speaker(cb):
    claims = claims_of(cb, "Holt spoke to the council. But should one erupt, she added, there "
                           "could be no doubt of the outcome.")
    c = claim_with(claims, "no doubt of the outcome")
    assert c.attribution == "named" and c.claimant_surface == "she"


# -- "according to" around a verb of saying ---------------------------------------------------
def test_according_to_around_a_verb_gives_both_attributions(cb):
    claims = claims_of(cb, "According to a survey by the port authority, most fishermen said "
                           "the quota was unfair.")
    outer = claim_with(claims, "most fishermen said")
    inner = [c for c in claims if c.text == "the quota was unfair"]
    assert outer.cue == "according to" and "survey" in outer.claimant_surface
    assert inner and inner[0].claimant_surface == "most fishermen"


def test_a_postposed_according_to_cuts_the_inner_content(cb):
    claims = claims_of(cb, "Most fishermen say the quota is unfair, according to a survey by "
                           "the port authority.")
    inner = claim_with(claims, "quota is unfair")
    assert any(c.cue == "according to" for c in claims)
    assert all("according" not in c.text for c in claims)
    assert inner.text in {"the quota is unfair", "Most fishermen say the quota is unfair"}


def test_a_verb_inside_the_according_phrase_is_the_sources(cb):
    claims = claims_of(cb, "According to officials who said the port was closed, the quay is "
                           "unsafe.")
    c = claim_with(claims, "quay is unsafe")
    assert c.cue == "according to" and len(claims) == 1


def test_that_according_to_x_keeps_the_outer_speaker(cb):
    claims = claims_of(cb, "Tomas Berg said on Tuesday that according to its count, the party "
                           "has won most seats.")
    assert {c.claimant_surface for c in claims} == {"Tomas Berg", "its count"}


def test_according_to_him_and_a_postposed_tag_stay_one_attribution(cb):
    claims = claims_of(cb, "Holt spoke with Berg. According to him, the port is ready to "
                           "reopen in May, Holt said during the call.")
    assert [c.cue for c in claims if "reopen" in c.text] == ["say"]


# -- "sees Y as Z" --------------------------------------------------------------------------------
def test_seeing_something_as_something_is_an_evaluation(cb):
    c = claims_of(cb, "Many fishermen view the new levy as a betrayal.")[0]
    assert (c.attribution, c.claimant_surface, c.cue_class) == ("group", "Many fishermen",
                                                                "evaluation")


@pytest.mark.parametrize("text", [
    "Witnesses saw troops as they crossed the river.",
    "The army saw heavy fighting near the port.",
    "The port has seen more ships this year.",
])
def test_seeing_without_as_is_no_cue(cb, text):
    assert all(c.attribution == "author" for c in claims_of(cb, text))


def test_an_unnamed_holder_of_a_view_is_no_antecedent_for_he(cb):
    claims = claims_of(cb, "Tomas Berg spoke at the port. Each captain now sees the other as a "
                           "rival. In May he said the quay was unsafe.")
    c = claim_with(claims, "quay was unsafe")
    assert c.claimant_surface != "Each captain"


# -- evidence as the subject of a knowledge verb ----------------------------------------------
@pytest.mark.parametrize("text, content", [
    ("A new poll of fishermen released on Tuesday showed Holt with a lead.", "Holt with a lead"),
    ("Recent polling shows Holt ahead of Berg.", "Holt ahead"),
])
def test_evidence_heading_the_subject_shows_its_content(cb, text, content):
    c = claim_with(claims_of(cb, text), content)
    assert c.attribution != "author" and c.cue_class == "knowledge" and c.text.startswith("Holt")


@pytest.mark.parametrize("text", [
    "The full poll can be found on the port's website.",
    "The harbour crew showed great restraint.",
])
def test_a_passive_or_a_non_evidence_subject_shows_nothing(cb, text):
    assert all(c.attribution == "author" for c in claims_of(cb, text))


def test_a_short_content_before_a_tag_and_a_participle_is_the_speakers(cb):
    # "C, X said, wiping his face": the participle is the speaker's act, not more content
    claims = claims_of(cb, "Sales were great, he said, wiping sweat off his face.")
    c = claim_with(claims, "Sales were great")
    assert c.claimant_surface == "he"
    assert claim_with(claims, "wiping sweat").attribution == "author"


def test_a_short_opener_before_a_tag_that_goes_on_is_not_content(cb):
    c = claim_with(claims_of(cb, "But should one erupt, he added, there could be a war."),
                   "there could be a war")
    assert "should one erupt" not in c.text


def test_the_clause_going_on_after_a_quotation_tag_is_read(cb):
    claims = claims_of(cb, '"We will not retreat," Holt said, and the crowd began to leave.')
    assert claim_with(claims, "We will not retreat").claimant_surface == "Holt"
    assert claim_with(claims, "the crowd began to leave").attribution == "author"


def test_an_apposition_after_an_inverted_quotation_tag_is_no_claim(cb):
    claims = claims_of(cb, '"We will not retreat," said Jane Roe, a spokeswoman for the army.')
    assert not [c for c in claims if c.text.startswith("a spokeswoman")]


# -- "made it clear": a light verb and "clear" state their complement -----------------------
def test_made_it_clear_states_its_complement(cb):
    c = claim_with(claims_of(cb, "The harbour master made it clear that the pier would stay "
                                 "shut."), "pier would stay")
    assert (c.attribution, c.claimant_surface, c.cue) == ("named", "The harbour master",
                                                          "make clear")
    u = claim_with(claims_of(cb, "The ferry crews cleared the pier before noon."), "pier")
    assert u.attribution == "author"
def test_an_ing_noun_after_a_determiner_is_the_subject_of_a_cue(cb):
    c = claim_with(claims_of(cb, "The court's ruling says the port must reopen."),
                   "port must reopen")
    assert c.attribution != "author" and "ruling" in c.claimant_surface


def test_a_cue_needing_that_frames_that_after_a_short_phrase(cb):
    c = claim_with(claims_of(cb, "The port authority predicted in March that the cranes "
                                 "would stay idle."), "cranes would stay idle")
    assert c.claimant_surface == "The port authority" and "March" not in c.text


def test_an_ascii_quotation_after_a_cue_and_comma_is_its_content(cb):
    text = "Instead of answering, the mayor said, ''The port will reopen in May.''"
    c = claim_with(claims_of(cb, text), "port will reopen")
    assert c.claimant_surface == "the mayor"
    assert not [x for x in claims_of(cb, text) if x.text.startswith("Instead")
                and x.attribution != "author"]


def test_a_that_less_clause_with_a_long_subject_is_framed(cb):
    text = "Dockers close to the mayor felt her handling of the strike in May was wrong."
    c = claim_with(claims_of(cb, text), "was wrong")
    assert c.attribution != "author" and c.claimant_surface.startswith("Dockers")


def test_an_evidence_noun_deep_in_a_knowledge_cues_subject(cb):
    text = "A University of Varna poll out this week shows the mayor with a lead."
    c = claim_with(claims_of(cb, text), "mayor with a lead")
    assert c.attribution != "author"


def test_a_knowledge_cue_with_a_noun_object_and_no_evidence_stays_the_authors(cb):
    c = claim_with(claims_of(cb, "The harbour master of Varna shows the crane to visitors."),
                   "shows the crane")
# -- prepositional verbs of saying and missing base forms (h-verbs) -----------------------
@pytest.mark.parametrize("text, content, surface", [
    ("Mara Holt talked about the harbour tax at the rally.", "the harbour tax", "Mara Holt"),
    ("The mayor spoke about the flooding in the lower town.", "the flooding", "The mayor"),
    ('"The quay is a ruin," Tomas Berg said, referring to the old port.', "the old port",
     "Tomas Berg"),
    ("Mara Holt made the case for a new bridge over the river.", "for a new bridge", "Mara Holt"),
    ("Jane Roe made it clear that she will not resign.", "she will not resign", "Jane Roe"),
    ("The board members agree that the tax is too high.", "the tax is too high",
     "The board members"),
    ("The fishermen feel the quota deal was unfair.", "quota deal was unfair", "The fishermen"),
    ("Several surveys suggest the harbour tax is unpopular.", "harbour tax is unpopular",
     "Several surveys"),
])
def test_a_prepositional_or_base_form_verb_of_saying_attributes(cb, text, content, surface):
    c = claim_with(claims_of(cb, text), content)
    assert c.attribution != "author" and c.claimant_surface == surface


@pytest.mark.parametrize("text, words", [
    ("The other states voting Tuesday are Ohio and Maine.", "voting Tuesday"),
    ("The focus on the harbour tax has faded.", "harbour tax has faded"),
    ("The agreed price for the quay was too high.", "was too high"),
])
def test_a_saying_verb_without_its_complement_or_as_a_noun_stays_the_authors(cb, text, words):
    c = claim_with(claims_of(cb, text), words)
    assert c.attribution == "author"


# -- verbs of taking a side (h-verbs) -------------------------------------------------------
@pytest.mark.parametrize("text, surface", [
    ("Most fishermen support the harbour tax.", "Most fishermen"),
    ("Mara Holt favors a ban on night trawling.", "Mara Holt"),
    ("Tomas Berg voted for the quota bill in May.", "Tomas Berg"),
    ("Anna Petrova pushed for a new bridge over the river.", "Anna Petrova"),
    ("The mayor sided with the dock workers.", "The mayor"),
    ("The union welcomed the harbour board's decision.", "The union"),
])
def test_a_stance_verb_with_an_object_takes_a_side(cb, text, surface):
    c = claim_with(claims_of(cb, text), text.split()[2])
    assert c.attribution != "author" and c.claimant_surface == surface
    assert c.cue_class in ("stance", "evaluation")


@pytest.mark.parametrize("text, words", [
    ("Support for the harbour tax has grown since May.", "has grown"),
    ("The fishermen, with Danish support, rebuilt the quay.", "rebuilt the quay"),
    ("Local support among dock workers is strong.", "is strong"),
    ("The board will hold a second vote for the quota bill next week.", "second vote"),
])
def test_support_or_vote_as_a_noun_takes_no_side(cb, text, words):
    assert claim_with(claims_of(cb, text), words).attribution == "author"


# -- verbs of judging; "blast" needs its reason, attack/hit/target are no cues (h-verbs) ------
@pytest.mark.parametrize("text, surface", [
    ("Mara Holt blasted Tomas Berg for not answering the question.", "Mara Holt"),
    ("Anna Petrova needled the harbour board over the toll.", "Anna Petrova"),
    ("Mara Holt slammed Tomas Berg over his record on the toll.", "Mara Holt"),
    ("The union downplayed the quota deal.", "The union"),
    ("Tomas Berg lashed out at the harbour board.", "Tomas Berg"),
])
def test_a_verb_of_judging_gives_its_clause_to_the_judge(cb, text, surface):
    c = claim_with(claims_of(cb, text), text.split()[3])
    assert c.attribution != "author" and c.claimant_surface == surface
    assert c.cue_class == "evaluation"


@pytest.mark.parametrize("text, words", [
    ("The rebels attacked the border town for three hours.", "border town"),
    ("Government troops attacked the village over the weekend.", "the village"),
    ("The missile hit the fuel depot near the port.", "fuel depot"),
    ("The drones targeted the bridge on Monday.", "the bridge"),
    ("The jets blasted the depot near the port.", "the depot"),
    ("A missile slammed into the apartment block.", "apartment block"),
    ("The troops slammed the town with rockets.", "the town"),
    ("The navy targeted the commanders for their role in the raid.", "the commanders"),
    ("The rebels hit back at the army over its shelling of the port.", "the army"),
    ("The militia attacked the convoy for failing to stop.", "the convoy"),
])
def test_an_act_of_force_without_a_reason_stays_the_authors(cb, text, words):
    assert claim_with(claims_of(cb, text), words).attribution == "author"


# -- holding and knowing with a complement; "consider X Y" (h-verbs) -------------------------
@pytest.mark.parametrize("text, content, surface", [
    ("The dock workers realize the quota deal is dead.", "quota deal is dead", "The dock workers"),
    ("Mara Holt accepts that the toll will rise.", "the toll will rise", "Mara Holt"),
    ("Most fishermen consider the harbour tax unfair.", "the harbour tax unfair", "Most fishermen"),
    ("Tomas Berg anticipates that the bridge will close.", "the bridge will close", "Tomas Berg"),
])
def test_a_verb_of_holding_or_knowing_frames_its_complement(cb, text, content, surface):
    c = claim_with(claims_of(cb, text), content)
    assert c.attribution != "author" and c.claimant_surface == surface


@pytest.mark.parametrize("text, words", [
    ("The ferry was supposed to leave at noon.", "ferry"),
    ("The council will consider in May whether the toll should rise.", "toll should rise"),
    ("Mara Holt accepted the award on behalf of the crew.", "the award"),
])
def test_a_verb_of_holding_without_its_complement_stays_the_authors(cb, text, words):
    assert claim_with(claims_of(cb, text), words).attribution == "author"


# -- asking and meaning to do (h-verbs) -------------------------------------------------------
@pytest.mark.parametrize("text, content, surface, cls", [
    ("Mara Holt encouraged the fishermen to vote against the toll.", "vote against the toll",
     "Mara Holt", "request"),
    ("Tomas Berg vowed to rebuild the quay by May.", "rebuild the quay", "Tomas Berg",
     "intention"),
    ("Anna Petrova offered to pay for the new bridge.", "pay for the new bridge", "Anna Petrova",
     "intention"),
    ("Tomas Berg would like to see the toll scrapped.", "see the toll scrapped", "Tomas Berg",
     "intention"),
])
def test_a_verb_of_asking_or_intending_frames_its_infinitive(cb, text, content, surface, cls):
    c = claim_with(claims_of(cb, text), content)
    assert c.attribution != "author" and c.claimant_surface == surface and c.cue_class == cls


@pytest.mark.parametrize("text, words", [
    ("The harbour board offered a reward of 500 euros.", "reward of 500 euros"),
    ("Her vow to the crew was kept for years.", "was kept for years"),
])
def test_offer_or_vow_without_an_infinitive_stays_the_authors(cb, text, words):
    assert claim_with(claims_of(cb, text), words).attribution == "author"


# -- verbs whose plain object is their content (h-verbs) -------------------------------------
@pytest.mark.parametrize("text, content, surface", [
    ("The lawmakers did not mention the harbour tax.", "the harbour tax", "The lawmakers"),
    ("Mara Holt revealed her plan for the quay on Monday.", "her plan for the quay",
     "Mara Holt"),
    ("The fishermen expect a hard winter.", "a hard winter", "The fishermen"),
    ("Tomas Berg hopes for a quick deal on the bridge.", "for a quick deal", "Tomas Berg"),
])
def test_a_verb_of_saying_or_holding_gives_its_plain_object(cb, text, content, surface):
    c = claim_with(claims_of(cb, text), content)
    # (the speaker may keep an auxiliary before the verb: "The lawmakers did not")
    assert c.attribution != "author" and c.claimant_surface.startswith(surface)
    assert c.text.startswith(content)


@pytest.mark.parametrize("text, words", [
    ("The expected storm never reached the harbour.", "never reached"),
    ("The thought of a new toll angered the fishermen.", "angered the fishermen"),
])
def test_such_a_verb_form_as_a_modifier_or_noun_stays_the_authors(cb, text, words):
    assert claim_with(claims_of(cb, text), words).attribution == "author"


# -- more verbs of saying; "charged that" is not "charged with" (h-verbs) -------------------
@pytest.mark.parametrize("text, content, surface", [
    ("Mara Holt laid out her plan for the quay.", "her plan for the quay", "Mara Holt"),
    ("Tomas Berg implied that the toll would rise.", "the toll would rise", "Tomas Berg"),
    ("The union charged that the board had lied about the toll.", "the board had lied",
     "The union"),
    ("Anna Petrova reaffirmed her support for the bridge.", "her support for the bridge",
     "Anna Petrova"),
    ("Mara Holt rattled off her wins in the harbour towns.", "her wins", "Mara Holt"),
    ("Tomas Berg alluded to the scandal at the port.", "the scandal at the port", "Tomas Berg"),
])
def test_more_verbs_of_saying_attribute(cb, text, content, surface):
    c = claim_with(claims_of(cb, text), content)
    assert c.attribution != "author" and c.claimant_surface == surface


# -- "backing X", "identified X as Y", "to call for"; an agentless passive of intention -----
@pytest.mark.parametrize("text, surface", [
    ("The dock union is backing Mara Holt in the harbour race.", "The dock union"),
    ("Tomas Berg identified the toll as the main problem.", "Tomas Berg"),
    ("Anna Petrova will call for a vote on the bridge.", "Anna Petrova"),
])
def test_backing_identifying_and_calling_for_attribute(cb, text, surface):
    c = claim_with(claims_of(cb, text), text.split()[-2])
    assert c.attribution != "author" and c.claimant_surface == surface


@pytest.mark.parametrize("text, words", [
    ("Mara Holt is not backing down on the harbour toll.", "harbour toll"),
    ("With the backing of the union, the quay reopened.", "quay reopened"),
    ("The harbour race has been decided in favour of Holt.", "harbour race"),
    ("The new toll is aimed at trucks from the port.", "trucks from the port"),
])
def test_a_phrasal_backing_a_noun_or_an_agentless_intention_passive_is_no_cue(cb, text, words):
    assert claim_with(claims_of(cb, text), words).attribution == "author"


@pytest.mark.parametrize("text, surface", [
    ("The dock union is backing Mara Holt in the race.", "The dock union"),
    ("He did not mention the harbour toll.", "He"),
    ("Tomas Berg will not support the harbour toll.", "Tomas Berg"),
])
def test_auxiliaries_before_a_cue_are_no_part_of_the_speaker(cb, text, surface):
    c = claim_with(claims_of(cb, text), "toll" if "toll" in text else "Holt")
    assert c.claimant_surface == surface


@pytest.mark.parametrize("text", [
    "The town was blasted by drones on Monday.",
    "Mara Holt wasn't backing down.",
    "The depot was blasted out of the ground.",
])
def test_a_passive_or_phrasal_act_of_force_stays_the_authors(cb, text):
    assert all(c.attribution == "author" for c in claims_of(cb, text))


def test_a_framed_picture_is_no_cue(cb):
    assert all(c.attribution == "author"
               for c in claims_of(cb, "The crew framed the old map of the harbour."))


@pytest.mark.parametrize("text, content, surface", [
    ("The harbour board agreed on the timing of the vote.", "the timing of the vote",
     "The harbour board"),
    ("Mara Holt suggested a new route for the ferry.", "a new route", "Mara Holt"),
])
def test_agree_and_suggest_give_their_plain_object(cb, text, content, surface):
    c = claim_with(claims_of(cb, text), content)
    assert c.attribution != "author" and c.claimant_surface == surface


@pytest.mark.parametrize("text, content, surface", [
    ("Many fishermen fear a second closure of the quay.", "a second closure", "Many fishermen"),
    ("Tomas Berg predicted a narrow win for Holt.", "a narrow win", "Tomas Berg"),
])
def test_fear_and_predict_give_their_plain_object(cb, text, content, surface):
    c = claim_with(claims_of(cb, text), content)
    assert c.attribution != "author" and c.claimant_surface == surface and c.cue_class == "belief"


@pytest.mark.parametrize("text", [
    "Mara Holt won the harbour district, adding to her lead over Tomas Berg.",
    "The new fees add up to more than $2 million a year.",
])
def test_add_to_or_add_up_is_no_verb_of_saying(cb, text):
    assert all(c.attribution == "author" for c in claims_of(cb, text))


def test_added_that_still_frames_its_content(cb):
    c = claim_with(claims_of(cb, "Mara Holt added that the quay would reopen in May."),
                   "the quay would reopen")
    assert c.claimant_surface == "Mara Holt" and c.attribution != "author"


def test_a_cue_after_a_closed_quotation_frames_nothing_after_it(cb):
    claims = claims_of(cb, "By then, Tomas Berg was ''tired of the delays,'' said Mara Holt, "
                           "the harbour master.")
    assert not any(c.text.startswith("Mara Holt") and c.attribution != "author" for c in claims)


@pytest.mark.parametrize("text", [
    "Tomas Berg was seen walking along the quay before dawn.",
    "Whether the new ferry schedule works remains to be seen.",
])
def test_a_passive_of_seeing_without_as_is_no_evaluation(cb, text):
    assert all(c.cue != "see" for c in claims_of(cb, text))


def test_show_before_punctuation_is_a_noun(cb):
    claims = claims_of(cb, "Mara Holt hosts a radio show, and she sails on weekends.")
    assert all(c.cue != "conclude" for c in claims)


def test_evidence_that_shows_before_a_comma_still_frames(cb):
    claims = claims_of(cb, "Holt leads in the port, the harbour records show.")
    assert any(c.cue == "conclude" and "Holt leads" in c.text for c in claims)


# -- a text written for the test, the words of one of its claims, and what that
# claim must hold (field -> value) ----------------------------------------------------
ONE_CLAIM = [
    pytest.param("Tomas Berg, a former harbour master, joined the board and said the quay will reopen in May.",
                 "quay will reopen", {"claimant_surface": "Tomas Berg"},
                 id="a_coordinated_cue_keeps_the_subject_before_the_apposition"),
    pytest.param("Mara Holt spoke at the port. She's said the quay is unsafe.",
                 "quay is unsafe", {"attribution": "named", "cue": "say"},
                 id="a_contraction_is_not_a_possessive"),
    pytest.param("Turkey regularly supports Azerbaijan in the region.",
                 "supports Azerbaijan", {"attribution": "author"},
                 id="a_state_supporting_a_state_is_the_authors"),
    pytest.param("The port showed a promising rise in trade.",
                 "promising", {"attribution": "author"},
                 id="an_adjective_in_ing_is_no_cue"),
    pytest.param("The result: after the storm, the quay must close for a month.",
                 "quay must close", {"attribution": "author"},
                 id="a_label_before_a_colon_is_no_speaker"),
    pytest.param("The levy is wrong, harbour officials said.",
                 "levy is wrong", {"attribution": "group", "claimant_surface": "harbour officials"},
                 id="a_short_clause_before_a_postposed_cue_is_its_content"),
    pytest.param("Russia is stoking fears of a wider war.",
                 "stoking fears", {"attribution": "author"},
                 id="a_noun_after_a_gerund_is_still_no_cue"),
    pytest.param("The rebels declared war on the town that was next door.",
                 "declared war", {"attribution": "author"},
                 id="a_relative_that_after_a_noun_object_is_no_complement"),
    pytest.param("Police charged the captain with smuggling fuel.",
                 "smuggling", {"attribution": "author"},
                 id="charged_with_a_crime_stays_the_authors"),
    pytest.param("Mara Holt has framed herself as the fishermen's candidate.",
                 "candidate", {"claimant_surface": "Mara Holt", "cue_class": "evaluation"},
                 id="framing_oneself_as_something_is_an_evaluation"),
    pytest.param("The fear spread through the port after the storm.",
                 "spread through the port", {"attribution": "author"},
                 id="a_fear_as_a_noun_stays_the_authors"),
    pytest.param("Mara Holt, the harbour master, said the quay would reopen.",
                 "the quay would reopen", {"claimant_surface": "Mara Holt"},
                 id="a_subject_before_its_cue_still_frames_the_clause_after"),
    pytest.param("Mara Holt is widely seen as the favourite in the port.",
                 "favourite", {"cue": "see", "attribution": "anonymous"},
                 id="a_passive_evaluation_with_as_stays_one"),
]


@pytest.mark.parametrize("text, words, want", ONE_CLAIM)
def test_one_claim(cb, text, words, want):
    assert claim_fields(claims_of(cb, text), words, want) == want
