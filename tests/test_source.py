"""The source, content span and coreference of attributions, on sentences written for
these tests: who a claim is attributed to, and how far its content reaches."""
from __future__ import annotations

import pytest

from analysis.codebook import load_codebook
from analysis.extract.clauses import ClauseSplitter
from analysis.records import Sentence
from helpers import claim_fields, claim_with, claims_of


def _clauses(text: str) -> list[str]:
    sent = Sentence(doc_id="t", sent_id=0, par_id=0, start=0, end=len(text), text=text)
    return [text[s:e] for s, e, _ in ClauseSplitter(load_codebook())(sent)]


# -- content span ---------------------------------------------------------------------------
def test_paired_dashes_enclose_a_parenthesis_not_clauses(cb):
    text = 'The governor said the plan - called Operation Green Field - was "a waste of money".'
    assert len(_clauses(text)) == 1
    c = claim_with(claims_of(cb, text), "a waste of money")
    assert c.claimant_surface == "The governor" and c.attribution == "named"


def test_a_single_dash_still_cuts(cb):
    assert len(_clauses("The mayor resigned on Monday - a move few had expected.")) == 2


# -- source: passives -----------------------------------------------------------------------


def test_a_short_head_noun_is_a_speaker(cb):
    # "The ad says": a definite phrase whose head has fewer than four letters
    c = claim_with(claims_of(cb, "The ad says the mayor raised taxes twice."), "raised taxes")
    assert c.claimant_surface == "The ad" and c.attribution != "author"


def test_a_short_region_ending_in_an_initialism_is_not_a_definite_speaker(cb):
    # "The U.S." ends in no word of two letters: not read as an unknown definite speaker
    c = claim_with(claims_of(cb, "The U.S. says the mayor raised taxes twice."), "raised taxes")
    assert c.claimant_surface != "The U.S."


def test_a_share_of_people_is_a_speaker(cb):
    # "four in 10", "47%": a share ending in a number is still an explicit group speaker
    c = claim_with(claims_of(cb, "About four in 10 said the curfew was too strict."), "curfew")
    assert c.claimant_surface == "About four in 10" and c.attribution == "group"
    # (the survey holds the whole clause too: "47% say C" is its claim)
    c = [c for c in claims_of(cb, "In the survey, 47% say the army should withdraw.")
         if c.cue == "say"][0]
    assert c.claimant_surface == "47%" and c.attribution == "group"


def test_a_number_and_a_noun_ending_in_a_number_is_not_a_share(cb):
    c = claim_with(claims_of(cb, "Resolution 2254 says the talks must resume."), "talks")
    assert c.claimant_surface != "2254"


def test_a_subordinator_before_a_speaker_is_not_part_of_it(cb):
    c = claim_with(claims_of(cb, "The army advanced, while the ministry said the town had "
                                 "fallen."), "town had fallen")
    assert c.claimant_surface == "the ministry" and c.attribution != "author"


def test_a_person_close_to_someone_is_an_unnamed_group_speaker(cb):
    c = claim_with(claims_of(cb, "A person close to the minister said the deal was dead."),
                   "deal was dead")
    assert c.claimant_surface == "A person close to the minister" and c.attribution == "group"
    c = claim_with(claims_of(cb, "A person close to Vladimir Putin said the deal was dead."),
                   "deal was dead")
    assert c.claimant_id == "" and c.attribution == "group"


def test_a_short_paragraph_closing_an_ascii_quotation_is_no_heading(cb):
    # '' ... '' (two apostrophes) is the quotation mark of some archive text
    text = "The town is calm. The mayor said, ''It is over.''\nTalks resume today."
    c = claim_with(claims_of(cb, text), "It is over")
    assert c.claimant_surface == "The mayor"


def test_a_short_line_without_final_punctuation_is_still_a_heading(cb):
    text = "Rebels Take the Town\nThe mayor said the rebels took the town on Monday."
    assert not [c for c in claims_of(cb, text) if "Rebels Take" in c.text]


def test_an_as_parenthetical_of_saying_attributes_the_rest_of_the_clause(cb):
    c = claim_with(claims_of(cb, "As the minister said, the truce is fragile."), "truce")
    assert c.claimant_surface == "the minister" and c.text.startswith("the truce")
    c = claim_with(claims_of(cb, "As one diplomat put it, the talks were a makeover."), "talks")
    assert c.claimant_surface == "one diplomat" and c.attribution != "author"


# -- coreference ----------------------------------------------------------------------------


def test_he_after_an_officer_speaking_for_a_body_is_that_officer(cb):
    text = ("“The aim is to end the shelling,” Norway's top general said on Monday. He said "
            "this was necessary “for the safety of our people”.")
    first = claim_with(claims_of(cb, text), "end the shelling")
    c = claim_with(claims_of(cb, text), "safety of our people")
    assert first.claimant_id and c.claimant_id == first.claimant_id


def test_it_after_an_unknown_speaker_finds_the_state_before(cb):
    text = ("Norway has fired cruise missiles in the past. In June 2017, it hailed the test of "
            "a new missile designed to hit ships. That launch hit targets at sea, it said.")
    claims = claims_of(cb, text)
    assert claim_with(claims, "hailed the test").claimant_id == "NOR"
    assert claim_with(claims, "That launch hit").claimant_id == "NOR"


# -- source: post-posed frames ----------------------------------------------------------------
def test_a_post_posed_speaker_with_a_long_apposition(cb):
    text = ("Any further expansion of the fleet could threaten the balance in the region, Jane "
            "Roe, a senior fellow at the Institute for Peace, Security and Development at "
            "Oxford University, told reporters last month.")
    c = claim_with(claims_of(cb, text), "threaten the balance")
    assert c.claimant_surface == "Jane Roe" and "Jane Roe" not in c.text


def test_a_frame_between_subject_and_verb_keeps_the_whole_content(cb):
    c = claim_with(claims_of(cb, "The cheapest way to end the strike, says Smith, is to raise "
                                 "wages by ten percent."), "raise wages")
    assert c.claimant_surface == "Smith" and c.text.startswith("The cheapest way")
    c = claim_with(claims_of(cb, "The plan to rebuild the port, the minister said, will cost "
                                 "far more than expected."), "cost far more")
    assert c.claimant_surface == "the minister" and c.text.startswith("The plan")


def test_a_frame_before_an_adverbial_leaves_it_to_the_author(cb):
    c = claim_with(claims_of(cb, "The army shelled the northern villages for a week, the "
                                 "monitors said, before a truce was agreed in the capital."),
                   "shelled the northern villages")
    assert c.claimant_surface == "the monitors" and "truce" not in c.text


# -- content span: quotations -----------------------------------------------------------------
def test_a_quotation_split_by_its_tag_is_one_claim(cb):
    text = "“What worries me most,” she said, “is that the talks will collapse before winter.”"
    c = claim_with(claims_of(cb, text), "talks will collapse")
    assert c.claimant_surface == "she" and c.text.startswith("“What worries me most")


def test_a_quotation_with_a_plain_tag_ends_at_its_closing_mark(cb):
    c = claim_with(claims_of(cb, "“We will not leave,” the mayor said on Monday."), "not leave")
    assert c.text == "“We will not leave,”"


def test_a_participle_after_a_post_posed_frame_shares_its_speaker(cb):
    text = ("Norway said the talks had failed. Such actions by the rebels threaten the whole "
            "province, it said, calling on the mediators to act.")
    claims = claims_of(cb, text)
    c = claim_with(claims, "threaten the whole province")
    assert c.claimant_id == "NOR" and c.claimant_surface == "it"
    ask = claim_with(claims, "mediators to act")
    assert ask.claimant_id == "NOR" and ask.cue_class == "request"


def test_a_participle_right_after_the_content_is_no_closing_tag(cb):
    # "X said C, citing D": the participle after the comma has no speaker of its own, so it
    # is the second claim of X, not the outer frame that would swallow C
    claims = claims_of(cb, "Tomas Berg said the cranes were idle, citing a report by the "
                           "port authority.")
    say = claim_with(claims, "cranes were idle")
    assert say.claimant_surface == "Tomas Berg" and say.cue == "say"
    assert "citing" not in say.text and "report" not in say.text
    assert claim_with(claims, "a report by the port").claimant_surface == "Tomas Berg"
    # failure case: a tag with its speaker between the comma and the cue still closes it
    c = claim_with(claims_of(cb, "The port will stay closed, Tomas Berg said."), "stay closed")
    assert c.claimant_surface == "Tomas Berg" and c.cue == "say"


def test_a_closing_speaker_outranks_an_anonymous_frame_inside_its_content(cb):
    text = ("The missiles fired from the coast were believed to be cruise missiles of a new "
            "type, the Norwegian military said.")
    c = claim_with(claims_of(cb, text), "cruise missiles")
    assert c.attribution == "named" and "military" in c.claimant_surface
    c = claim_with(claims_of(cb, "The vote is expected to pass easily on Monday."), "vote")
    assert c.attribution == "anonymous"


def test_a_question_opener_is_anonymous_and_the_rest_keeps_its_speaker(cb):
    claims = claims_of(cb, "Asked about the strike, the union leader Mara Holt said the "
                           "workers would not go back.")
    q = claim_with(claims, "about the strike")
    assert q.attribution == "anonymous" and "workers" not in q.text
    assert claim_with(claims, "would not go back").claimant_surface == "Mara Holt"


def test_a_participle_opener_that_is_no_cue_is_not_a_question(cb):
    c = claim_with(claims_of(cb, "Armed with new figures, the minister said the budget was "
                                 "balanced."), "budget was balanced")
    assert c.claimant_surface == "the minister"
    assert not [x for x in claims_of(cb, "Armed with new figures, the minister said the budget "
                                         "was balanced.") if x.attribution == "anonymous"]


# -- source: relative clauses -----------------------------------------------------------------
def test_the_antecedent_of_who_is_the_speaker(cb):
    c = claim_with(claims_of(cb, "The plan was backed by Jane Roe, who said the tax would "
                                 "hurt farmers."), "hurt farmers")
    assert c.claimant_surface == "Jane Roe"
    c = claim_with(claims_of(cb, "Local activists who believe the law targets minorities "
                                 "marched on Sunday."), "targets minorities")
    assert c.claimant_surface == "Local activists" and c.attribution == "group"


def test_a_pronoun_subject_inside_a_relative_clause_is_not_the_antecedent(cb):
    c = claim_with(claims_of(cb, "He touted his wins in Ohio, which he describes as his "
                                 "second home."), "second home")
    assert c.claimant_surface != "Ohio"


def test_a_belief_cue_frames_a_clause_without_that(cb):
    c = claim_with(claims_of(cb, "Some diplomats worry it may be egging him on."), "egging")
    assert c.attribution == "group" and c.claimant_surface == "Some diplomats"
    c = claim_with(claims_of(cb, "The army reported it to the police."), "police")
    assert c.attribution == "author"


def test_a_subject_verb_and_colon_speak_the_quotation(cb):
    c = claim_with(claims_of(cb, "The flyer reads: “Repeat after me: nothing is free.”"),
                   "nothing is free")
    assert c.claimant_surface == "The flyer" and c.attribution == "named"
    text = ("The senator spoke first. Jane Roe continued:\n\n“Those questions are hard to "
            "answer. They all fail.”")
    c = claim_with(claims_of(cb, text), "questions are hard")
    assert c.claimant_surface == "Jane Roe"


def test_coref_pronoun_classes_from_grammar_yaml(cb):
    """grammar.yaml `coref`: "he"/"she" refer to a person, "it" to a body, "they" to any;
    a speaker whose surface is "it" cannot be what "he" refers to."""
    from analysis.extract.coref import CorefResolver

    class Frame:  # the two fields `compatible` reads
        claimant_id, surface = "", "it"

    coref = CorefResolver(cb)
    assert coref.person_pron == {"he", "she"} and coref.thing_pron == {"it"}
    assert not coref.compatible(Frame(), "he") and coref.compatible(Frame(), "it")
    assert coref.compatible(Frame(), "they")


def test_an_ascii_quotation_of_two_sentences_stays_one_sentence(cb):
    # '' ... '' (two apostrophes): the tag after the second sentence speaks the first too
    text = "''The port will not reopen. The cranes are gone,'' Anna Petrova said."
    claims = claims_of(cb, text)
    c = claim_with(claims, "will not reopen")
    assert (c.claimant_surface, c.attribution) == ("Anna Petrova", "named")
    assert len(claims) == 1



def test_a_clause_after_a_cue_is_its_content_not_an_inverted_speaker(cb):
    # "A ..., Name, said C": the comma closes the subject's apposition; C names someone
    text = ("A longtime port official, Tomas Berg, said the board of Varna gave Anna Petrova "
            "an award in 1990 to honour her work.")
    c = claim_with(claims_of(cb, text), "gave Anna Petrova")
    assert (c.claimant_surface, c.attribution) == ("Tomas Berg", "named")


def test_a_short_phrase_after_an_inverted_cue_is_still_its_speaker(cb):
    c = claim_with(claims_of(cb, "The harbour will reopen next week, said the port's deputy "
                                 "director."), "harbour will reopen")
    assert c.attribution == "named" and "director" in c.claimant_surface


def test_a_coordinated_cue_after_but_speaks_for_the_opening_subject(cb):
    text = ("Petrova did not name the minister, but told reporters that the port would "
            "reopen.")
    c = claim_with(claims_of(cb, text), "port would reopen")
    assert (c.claimant_surface, c.attribution) == ("Petrova", "named")


def test_a_coordinated_cue_after_a_phrase_opening_with_an_article_guesses_nothing(cb):
    # where "The mayor ..." ends is not guessed: no speaker "The"
    text = "The mayor visited the port, but said that the cranes were idle."
    c = claim_with(claims_of(cb, text), "cranes were idle")
    assert c.claimant_surface != "The"


def test_an_opening_participle_phrase_is_no_post_posed_content(cb):
    text = "Addressing the press on Monday, the port authority urged the unions to end the strike."
    c = claim_with(claims_of(cb, text), "end the strike")
    assert c.claimant_surface == "the port authority" and c.attribution != "author"


def test_a_cue_with_a_complement_clause_is_no_post_posed_tag(cb):
    # "Years after X, most dockers said they ...": the cue's clause follows it
    text = "Years after the closure of the old port, most dockers said they had liked the work."
    c = claim_with(claims_of(cb, text), "liked the work")
    assert c.claimant_surface == "most dockers"


def test_a_participle_after_a_long_quotation_tag_is_the_speakers(cb):
    text = ('"The port is closed," Anna Petrova said in a telephone interview on Monday, '
            'adding that the cranes had been idle for weeks.')
    c = claim_with(claims_of(cb, text), "cranes had been idle")
    assert (c.claimant_surface, c.attribution) == ("Anna Petrova", "named")


def test_a_long_definite_subject_is_a_speaker(cb):
    text = ("The regional port director and former deputy minister of transport said the "
            "cranes were idle.")
    c = claim_with(claims_of(cb, text), "cranes were idle")
    assert c.attribution == "named" and "port director" in c.claimant_surface


def test_a_demonstrative_phrase_is_a_speaker(cb):
    c = claim_with(claims_of(cb, "That official said the cranes were idle."), "cranes were idle")
    assert c.claimant_surface == "That official" and c.attribution != "author"


def test_a_passive_cue_after_an_adverb_names_its_agent(cb):
    c = claim_with(claims_of(cb, "The shelling of the port was first reported by Reuters."),
                   "shelling of the port")
    assert c.claimant_surface == "Reuters" and c.attribution != "author"


def test_an_as_parenthetical_with_an_apposition_or_a_colon(cb):
    c = claim_with(claims_of(cb, 'As Anna Petrova, a professor of law at Sofia, put it, "The '
                                 'port must reopen."'), "port must reopen")
    assert c.claimant_surface == "Anna Petrova"
    c = claim_with(claims_of(cb, 'As Professor Petrova put it: "The port must reopen."'),
                   "port must reopen")
    assert c.claimant_surface == "Professor Petrova"


def test_a_relative_clause_on_a_quotations_speaker_is_a_second_claim(cb):
    text = '"The port is closed," said Petrova, who said the cranes had been idle for weeks.'
    claims = claims_of(cb, text)
    c = claim_with(claims, "cranes had been idle")
    assert c.claimant_surface == "Petrova" and c.attribution == "named"


def test_a_relative_clause_without_a_cue_on_a_quotations_speaker_is_no_claim_of_hers(cb):
    text = '"The port is closed," said Petrova, who lives in Varna with her family.'
    assert not [c for c in claims_of(cb, text) if "lives in Varna" in c.text
                and c.claimant_surface == "Petrova"]
# -- source: a cue that is the subject's second verb (h-src) --------------------------------


def test_a_participle_after_a_comma_has_the_clause_subject(cb):
    text = ("On Tuesday, Senator John Doe met voters in Kherson Oblast, saying that the "
            "ceasefire was holding.")
    c = claim_with(claims_of(cb, text), "ceasefire was holding")
    assert "John Doe" in c.claimant_surface


def test_a_participle_right_after_a_noun_keeps_that_noun(cb):
    # "with John Doe saying": an absolute phrase, its own subject (no comma before the cue)
    text = ("The talks ended without a deal, with Foreign Minister John Doe saying that "
            "the offer was unacceptable.")
    c = claim_with(claims_of(cb, text), "offer was unacceptable")
    assert "John Doe" in c.claimant_surface


def test_a_possessive_opening_subject_keeps_its_head_noun(cb):
    text = "Jane Roe’s campaign bought ads in Ohio last week, saying that the race was close."
    c = claim_with(claims_of(cb, text), "race was close")
    assert c.claimant_surface.startswith("Jane Roe")  # not Ohio


def test_a_cue_after_but_with_no_subject_stays_the_authors(cb):
    text = "In Odessa on Friday, but said to be closed, the port stayed quiet."
    assert all(c.attribution == "author" for c in claims_of(cb, text) if "port" in c.text)


# -- source: the agent of a passive cue (h-src) ---------------------------------------------
def test_a_passive_agent_after_adverbs_is_the_speaker(cb):
    text = "The truce is viewed far more positively by farmers than by traders."
    c = claim_with(claims_of(cb, text), "The truce")
    assert c.claimant_surface == "farmers" and c.attribution != "anonymous"


def test_a_by_phrase_inside_the_content_is_no_agent(cb):
    text = "It was revealed that he funded lawsuits by Jane Roe against the ministry."
    c = claim_with(claims_of(cb, text), "funded lawsuits")
    assert "Jane Roe" not in c.claimant_surface


def test_the_subject_after_an_opening_clause_and_its_apposition(cb):
    # (the opening clause has no verb of saying: "spell out" became one in this round)
    text = ("While Doe did not visit the port in person, Rep. Jane Roe, R-Ohio, says "
            "the talks outlined a ceasefire.")
    c = claim_with(claims_of(cb, text), "outlined a ceasefire")
    assert c.claimant_surface == "Jane Roe"


# -- source: an opening subordinate clause with its own frame (h-src) -----------------------
def test_a_frame_in_an_opening_clause_and_the_main_frame_are_both_read(cb):
    text = "Although the minister said the talks had failed, the president insisted that a deal was near."
    claims = claims_of(cb, text)
    assert claim_with(claims, "talks had failed").claimant_surface == "the minister"
    assert claim_with(claims, "deal was near").claimant_surface == "the president"


def test_a_quoted_comma_can_end_the_opening_clause(cb):
    text = 'After Jane Roe said the army was "ready to fight," John Doe said: "We are not."'
    claims = claims_of(cb, text)
    assert claim_with(claims, "ready to fight").claimant_surface == "Jane Roe"
    assert claim_with(claims, "We are not").claimant_surface == "John Doe"


# -- source: an inverted speaker (h-src) ----------------------------------------------------
def test_an_inverted_speaker_ends_before_where_it_spoke(cb):
    text = ('"We will not retreat from the river," said former general Jane Roe during the '
            'Kyiv Security Forum, adding that the army was ready.')
    claims = claims_of(cb, text)
    assert claim_with(claims, "not retreat").claimant_surface == "Jane Roe"
    assert claim_with(claims, "army was ready").claimant_surface == "Jane Roe"


def test_an_inverted_speaker_keeps_of_and_its_body(cb):
    text = '"The truce is fragile," said Jane Roe of the International Crisis Group.'
    c = claim_with(claims_of(cb, text), "truce is fragile")
    assert "Jane Roe" in c.claimant_surface


def test_a_participle_after_a_short_predicate_and_a_quoted_comma(cb):
    claims = claims_of(cb, "Roe hammered Doe, calling him a coward.")
    assert claim_with(claims, "a coward").claimant_surface == "Roe"
    text = 'But Roe later blamed the delay on a "bad radio," claiming the order never came.'
    assert claim_with(claims_of(cb, text), "order never came").claimant_surface == "Roe"


def test_a_participle_after_for_is_not_the_subjects(cb):
    # "criticized Doe for saying": Doe's words, not Roe's
    text = "Roe fired the rebel commander Doe for saying that the truce would hold."
    c = claim_with(claims_of(cb, text), "truce would hold")
    assert c.claimant_surface != "Roe"


# -- source: a frame nested in another's content (h-src) ------------------------------------
def test_a_frame_nested_in_a_content_gives_its_own_claim(cb):
    claims = claims_of(cb, "The minister said that the rebel commander claimed the truce was dead.")
    assert claim_with(claims, "rebel commander claimed").claimant_surface == "The minister"
    inner = [c for c in claims if c.text.startswith("the truce was dead")]
    assert inner and inner[0].claimant_surface == "the rebel commander"


def test_a_content_without_a_nested_frame_gives_one_claim(cb):
    claims = claims_of(cb, "The minister said that the truce was holding along the river.")
    assert len([c for c in claims if "truce" in c.text]) == 1


def test_a_frame_nested_after_a_whole_clause_cue(cb):
    claims = claims_of(cb, "The mayor criticized the general for saying that the truce was dead.")
    assert claim_with(claims, "The mayor criticized").claimant_surface == "The mayor"
    inner = [c for c in claims if c.text.startswith("the truce was dead")]
    assert inner and inner[0].claimant_surface == "the general"


def test_a_preposition_opening_the_region_is_no_speaker(cb):
    text = "In addition to stating that the port is closed, the mayor has vowed to reopen it."
    c = claim_with(claims_of(cb, text), "port is closed")
    assert c.claimant_surface != "In addition"


# -- source: a quotation whose tag the sentence cut left behind (h-src) ---------------------
def test_a_quotation_takes_the_tag_in_the_next_sentence(cb):
    text = ("The general spoke first. “Is that a fair deal?” Jane Roe replied. "
            "“Nobody believes it.”")
    claims = claims_of(cb, text)
    assert claim_with(claims, "fair deal").claimant_surface == "Jane Roe"
    assert claim_with(claims, "Nobody believes").claimant_surface == "Jane Roe"


def test_a_next_sentence_with_an_auxiliary_is_no_tag(cb):
    text = ("Jane Roe spoke first. “We are ready,” she said. “Stop the shelling.” "
            "John Doe may not see it that way.")
    c = claim_with(claims_of(cb, text), "Stop the shelling")
    assert "Doe" not in c.claimant_surface


def test_a_frame_nested_two_deep_gives_its_claim(cb):
    text = ("The minister said that the general claimed that the rebels had denied that the "
            "bridge was mined.")
    claims = claims_of(cb, text)
    assert [c for c in claims if c.text.startswith("the rebels had denied")][0] \
        .claimant_surface == "the general"
    inner = [c for c in claims if "bridge was mined" in c.text and "rebels" not in c.text]
    assert inner and "rebels" in inner[0].claimant_surface


def test_a_name_and_its_apposition_before_a_cue_is_no_inverted_content(cb):
    """"Rep. Jane Roe, R-Ohio, says C": the capitalised name and tag are the subject of a
    preposed cue, not the content of an inverted one ("C, says X")."""
    c = claim_with(claims_of(cb, "Rep. Jane Roe, R-Ohio, says the talks outlined a ceasefire."),
                   "outlined a ceasefire")
    assert c.attribution == "named" and "talks" not in c.claimant_surface
    c = claim_with(claims_of(cb, "The truce is fragile, says Jane Roe."), "truce is fragile")
    assert c.claimant_surface == "Jane Roe"


def test_a_main_clause_with_no_cue_after_a_contrast_stays_the_authors(cb):
    """"Although the mayor said the bridge would hold, the river flooded the town": the
    mayor's claim ends at the comma; the main clause is the author's."""
    found = claims_of(cb, "Although the mayor said the bridge would hold, the river "
                          "flooded the town on Monday.")
    assert claim_with(found, "the bridge would hold").claimant_surface == "the mayor"
    main = claim_with(found, "the river flooded the town")
    assert main.attribution == "author" and "bridge" not in main.text


# -- a text written for the test, the words of one of its claims, and what that
# claim must hold (field -> value) ----------------------------------------------------
ONE_CLAIM = [
    pytest.param("Jane Roe, a senior fellow at the institute, told reporters that the plan had failed.",
                 "the plan had failed", {"claimant_surface": "Jane Roe"},
                 id="a_pre_posed_name_with_apposition_keeps_its_content"),
    pytest.param("“The talks failed,” said Jane Roe, a negotiator, “and nobody knows why.”",
                 "nobody knows why", {"claimant_surface": "Jane Roe"},
                 id="a_split_quotation_after_an_inverted_speaker"),
    pytest.param("Anna Petrova met Tomas Berg in Varna and said the cranes were idle.",
                 "cranes were idle", {"claimant_surface": "Anna Petrova"},
                 id="a_coordinated_cue_after_and_is_the_subjects_not_its_objects"),
    pytest.param("And until the closure of the port, most dockers said they had liked the work.",
                 "liked the work", {"claimant_surface": "most dockers"},
                 id="an_opening_subordinate_phrase_after_and_is_no_post_posed_content"),
    pytest.param("Growing numbers of dockers are angry, the mayor said on Monday in Varna.",
                 "dockers are angry", {"claimant_surface": "the mayor"},
                 id="a_post_posed_tag_with_a_prepositional_tail_keeps_its_content"),
    pytest.param('"The port is closed," Anna Petrova said in a telephone interview on Monday, "leaving the cranes idle."',
                 "port is closed", {"claimant_surface": "Anna Petrova"},
                 id="a_participle_after_a_quotation_inside_another_quotation_is_not_read"),
    pytest.param("The port that the army had shelled in May was closed, officials said on Monday.",
                 "was closed", {"claimant_surface": "officials"},
                 id="a_long_definite_region_holding_a_verb_is_no_speaker"),
    pytest.param("Anna Petrova confirmed by phone that the port was closed.",
                 "port was closed", {"claimant_surface": "Anna Petrova"},
                 id="an_active_cue_before_by_and_a_non_speaker_is_no_passive"),
    pytest.param("The last question at the meeting came from a young docker, who said the cranes had been idle for weeks.",
                 "cranes had been idle", {"claimant_surface": "a young docker"},
                 id="the_antecedent_of_who_after_a_long_clause_is_its_last_noun_phrase"),
    pytest.param("The crowd cheered when Jane Roe took the stage and said the war was over.",
                 "war was over", {"claimant_surface": "Jane Roe"},
                 id="a_coordinated_cue_after_when_has_that_clauses_subject"),
    pytest.param("Jane Roe visited Ukraine on Friday, saying that the ceasefire was holding.",
                 "ceasefire was holding", {"claimant_surface": "Jane Roe"},
                 id="a_participle_has_the_opening_subject_not_the_first_actor"),
    pytest.param("The shelling of the port set off a wave of alarm among aid workers, who warned that the city would run out of food.",
                 "run out of food", {"claimant_surface": "aid workers"},
                 id="a_relative_after_a_long_clause_has_the_noun_before_it"),
    pytest.param("The new rules made the town more welcoming to farmers who want to sell their grain.",
                 "sell their grain", {"claimant_surface": "farmers"},
                 id="a_relative_deep_in_a_clause_has_its_head_noun"),
    pytest.param("The mayor has been criticized by some of his rivals for closing the market.",
                 "The mayor", {"claimant_surface": "some of his rivals"},
                 id="a_passive_agent_phrase_ends_at_a_preposition"),
    pytest.param("After the minister said the talks had failed, fighting resumed in the east.",
                 "talks had failed", {"claimant_surface": "the minister"},
                 id="an_opening_clause_without_a_main_speaker_keeps_one_frame"),
    pytest.param("Then he turned on the governor, calling him a liar.",
                 "a liar", {"claimant_surface": "he"},
                 id="a_lead_word_before_a_pronoun_subject_is_passed"),
    pytest.param("Roe distanced himself from the rebel movement by saying he would back the truce.",
                 "back the truce", {"claimant_surface": "Roe"},
                 id="a_participle_after_by_has_the_clause_subject"),
    pytest.param("The army says rebels have launched a new offensive, which they are trying to repel, and a curfew was declared in the capital.",
                 "rebels have launched", {"claimant_surface": "The army", "attribution": "named"},
                 id="a_passive_cue_is_not_its_subjects_speech"),
    pytest.param("The senator was asked about the budget cuts.",
                 "budget cuts", {"attribution": "anonymous", "claimant_id": ""},
                 id="a_passive_cue_without_agent_is_anonymous"),
    pytest.param("The offer was rejected by Norway on Friday.",
                 "The offer", {"claimant_id": "NOR", "polarity": "deny"},
                 id="a_passive_cue_with_an_agent_names_it"),
    pytest.param("The army advanced while the town burned.",
                 "town burned", {"attribution": "author"},
                 id="a_subordinate_clause_without_a_cue_stays_the_authors"),
    pytest.param("A spokesman for Vladimir Putin said the deal was dead.",
                 "deal was dead", {"claimant_id": "RUS-PUTIN"},
                 id="a_spokesman_for_someone_still_speaks_for_them"),
    pytest.param("As the army advanced, the town fell.",
                 "the town fell", {"attribution": "author"},
                 id="an_as_clause_without_a_verb_of_saying_stays_the_authors"),
    pytest.param("Jane Roe is saying that the vote was rigged.",
                 "rigged", {"claimant_surface": "Jane Roe"},
                 id="a_progressive_cue_is_active"),
    pytest.param("Lebanon has denied any role in the attack. If the defence minister, Israel Katz, is to be believed, war is near. “We are close to a war,” he said on Saturday.",
                 "close to a war", {"claimant_surface": "he", "claimant_id": "ISR-KATZ"},
                 id="he_skips_a_body_and_finds_the_person_before"),
    pytest.param("The sanctions remain in place. Norway has tested rockets before. That test hit targets at sea, it said.",
                 "That test hit targets", {"claimant_surface": "it", "claimant_id": "NOR"},
                 id="it_said_finds_the_state_that_opens_a_previous_sentence"),
    pytest.param("The weather was mild. It will rain heavily across the north tomorrow, he said.",
                 "rain heavily", {"claimant_surface": "he", "claimant_id": "", "attribution": "named"},
                 id="an_unresolved_pronoun_stays_unresolved"),
    pytest.param("In an interview, Jane Roe said the mayor had repeatedly told the council about it.",
                 "told the council", {"claimant_surface": "Jane Roe", "cue": "say"},
                 id="a_cue_deep_in_the_content_is_not_the_outer_frame"),
    pytest.param("The result was clear: “a rout”.",
                 "a rout", {"attribution": "author"},
                 id="a_copula_and_colon_is_no_speaker"),
    pytest.param("Norway signed the deal. In May, she toured the region on Monday, criticizing the pipeline plans.",
                 "pipeline plans", {"claimant_surface": "she", "attribution": "named"},
                 id="a_participle_after_a_pronoun_subject_is_that_pronouns"),
    pytest.param("Those were the days, the port director said.",
                 "the days", {"claimant_surface": "the port director"},
                 id="a_demonstrative_pronoun_clause_is_no_speaker"),
    pytest.param("The closure of the port was not announced.",
                 "closure", {"attribution": "anonymous"},
                 id="a_passive_cue_after_not_without_agent_is_anonymous"),
    pytest.param("The port is closed, a fact first reported by Anna Petrova, a local reporter.",
                 "port is closed", {"claimant_surface": "Anna Petrova", "attribution": "named"},
                 id="a_reduced_passive_cue_with_an_agent_names_it"),
    pytest.param("As Petrova spoke, aides said, the crowd left the port.",
                 "crowd left", {"claimant_surface": "aides"},
                 id="an_as_clause_of_time_is_read_no_further_than_its_comma"),
    pytest.param("Jane Roe toured the port in Odessa on Friday and said the blockade would end soon.",
                 "blockade would end", {"claimant_surface": "Jane Roe", "attribution": "named"},
                 id="a_coordinated_cue_has_the_clause_subject"),
    pytest.param("The governor toured the port in Odessa, but said the blockade would end soon.",
                 "blockade would end", {"claimant_surface": "The governor", "attribution": "named"},
                 id="a_cue_after_but_has_the_subject_that_opens_the_sentence"),
    pytest.param("North Korea's military hailed the test of what South Korea's army called a new missile. The missile hit targets at sea, it said.",
                 "hit targets at sea", {"claimant_id": "PRK-MIL"},
                 id="a_nested_speaker_is_not_the_next_pronouns_antecedent"),
]


@pytest.mark.parametrize("text, words, want", ONE_CLAIM)
def test_one_claim(cb, text, words, want):
    assert claim_fields(claims_of(cb, text), words, want) == want
