"""Attribution: who says so, on sentences written for these tests (the seed's floor is
tests/test_accuracy.py).

Each test states what a reader of claims.csv would see: the claim's claimant surface, its
attribution (author, named, group, anonymous), its cue class and its modality.
"""
from __future__ import annotations

import pytest

from analysis.codebook.inflect import inflections
from helpers import claim_fields, claim_with, claims_of


# -- the cue inventory -------------------------------------------------------------------
def test_inflections_are_generated_from_lemmas():
    assert inflections("criticize") == ("criticize", "criticizes", "criticized", "criticizing")
    assert inflections("plan", double=True) == ("plan", "plans", "planned", "planning")
    assert inflections("deny") == ("deny", "denies", "denied", "denying")
    assert inflections("call for") == ("call for", "calls for", "called for", "calling for")


def test_every_cue_has_a_documented_class(cb):
    assert {"assertion", "denial", "belief", "intention", "evaluation"} <= set(cb.cue_classes)
    assert all(c.cls in cb.cue_classes for c in cb.cues)
    assert all(meaning for meaning, _, _ in cb.cue_classes.values())


# -- source finding ----------------------------------------------------------------------
def test_quote_then_inverted_speaker_with_apposition(cb):
    c = claim_with(claims_of(cb, "“The harbour will reopen next week,” said Anna Petrova, 44, "
                                 "of Varna."), "harbour will reopen")
    assert (c.attribution, c.claimant_surface) == ("named", "Anna Petrova")


def test_preposed_cue_followed_by_a_quote(cb):
    c = claim_with(claims_of(cb, "Asked about the strike, the union leader Mara Holt said, "
                                 "“We are not going back.”"), "not going back")
    assert c.attribution != "author" and "Holt" in c.claimant_surface


def test_noun_phrase_speaker_without_a_known_actor(cb):
    c = claim_with(claims_of(cb, "Even so, most of the fishermen said the quotas were unfair."),
                   "quotas were unfair")
    assert c.attribution in {"named", "group"} and c.claimant_surface == "most of the fishermen"


# -- cue classes, modality -----------------------------------------------------------------
def test_evaluation_keeps_source_and_target(cb):
    c = claim_with(claims_of(cb, "Senator Ruth Okafor criticized the new tariff as a gift to "
                                 "importers."), "tariff")
    assert c.cue_class == "evaluation" and "Okafor" in c.claimant_surface
    assert c.text.startswith("Senator Ruth Okafor criticized")


def test_belief_is_hedged_and_intention_forecast(cb):
    claims = claims_of(cb, "Dr Lena Fisk believes that the vaccine works. The mayor intends to "
                           "close the bridge.")
    belief, plan = claim_with(claims, "vaccine works"), claim_with(claims, "close the bridge")
    assert (belief.cue_class, belief.modality) == ("belief", "hedged")
    assert (plan.cue_class, plan.modality) == ("intention", "forecast")



# -- doubled apostrophes, coordinated clauses, words that are never names ----------------
def test_doubled_apostrophe_quotes_are_quotations(cb):
    claims = claims_of(cb, "The council sold the pier. ''We could not keep it open,'' said "
                           "Marta Lind, the harbour master. ''It lost money every winter.''")
    c = claim_with(claims, "could not keep it open")
    assert (c.attribution, c.claimant_surface) == ("named", "Marta Lind")
    follow = claim_with(claims, "lost money every winter")
    assert follow.claimant_surface == "Marta Lind"  # the next quote continues her words


def test_but_said_keeps_the_sentence_speaker(cb):
    c = claim_with(claims_of(cb, "Speaking on the radio, Tomas Berg admitted that the count "
                                 "was late, but said the ferry line would reopen."),
                   "ferry line would reopen")
    assert (c.attribution, c.claimant_surface) == ("named", "Tomas Berg")


def test_a_weekday_is_never_the_speaker(cb):
    c = claim_with(claims_of(cb, "In a statement, the Harbour Board on Tuesday dismissed the "
                                 "new fishing quotas."), "fishing quotas")
    assert (c.attribution, c.claimant_surface, c.polarity) == ("named", "Harbour Board", "deny")


# -- sources without a verb of saying: passives of belief, evidence, a speaker and a colon --
def test_is_expected_to_is_an_unnamed_source_not_the_subject(cb):
    c = claim_with(claims_of(cb, "The assembly is expected to pass the harbour bill this week."),
                   "pass the harbour bill")
    assert (c.attribution, c.claimant_id) == ("anonymous", "")
    assert c.text.startswith("The assembly")  # the subject stays part of what is expected


def test_evidence_speaks_for_its_content(cb):
    claims = claims_of(cb, "Recent polls show voters trust the mayor more than her rivals. "
                           "In a new Harbour Weekly survey released Sunday, the mayor holds a "
                           "ten-point lead. The ferry line drew level with the rail company in "
                           "regional surveys.")
    assert claim_with(claims, "voters trust the mayor").claimant_surface == "Recent polls"
    lead = claim_with(claims, "ten-point lead")
    assert lead.attribution != "author" and "survey" in lead.claimant_surface
    tail = claim_with(claims, "drew level")
    assert tail.claimant_surface == "regional surveys"


def test_a_name_and_a_colon_is_a_speaker_but_a_label_is_not(cb):
    c = claim_with(claims_of(cb, "Lindqvist: The harbour plan is a disgrace to the city."),
                   "harbour plan")
    assert (c.attribution, c.claimant_surface) == ("named", "Lindqvist")
    u = claim_with(claims_of(cb, "Update: The ferry resumed service at noon."), "ferry resumed")
    assert u.attribution == "author"


def test_a_falsity_predicate_is_a_denial_without_a_denial_verb(cb):
    claims = claims_of(cb, "The harbour ministry said the reports of a blockade are simply "
                           "untrue. “These claims are baseless,” the spokesman said. "
                           "The mayor said the plan was wrong.")
    assert claim_with(claims, "simply untrue").polarity == "deny"
    assert claim_with(claims, "claims are baseless").polarity == "deny"
    assert claim_with(claims, "plan was wrong").polarity == "affirm"  # a judgement, not falsity


# -- the subject before a parenthetical (analysis.extract.subject) --------------------------------
def test_subject_finder_reads_the_opening_phrase_before_a_parenthetical(cb):
    from analysis.extract.subject import SubjectFinder
    find = SubjectFinder(cb)
    region = "Lena Ortiz, during a visit to Tulsa, Oklahoma, "
    commas = [i for i, ch in enumerate(region) if ch == ","]
    assert region[:find(region, commas)] == "Lena Ortiz"
    intro = "On Monday, the mayor "
    assert find(intro, [intro.index(",")]) == -1  # an opening adverbial is not the subject
    inside = "A barge, which the coast guard "
    assert find(inside, [inside.index(",")]) == -1  # the cue sits inside the relative clause


def test_speaker_is_the_subject_not_the_place_in_a_parenthetical(cb):
    c = claim_with(claims_of(cb, "Lena Ortiz, during a visit to Tulsa, Oklahoma, said the "
                                 "bridge would be rebuilt."), "bridge would be rebuilt")
    assert c.attribution == "named" and "Ortiz" in c.claimant_surface


def test_speaker_after_a_closing_quote_and_an_inverted_cue(cb):
    c = claim_with(claims_of(cb, "The ferry line has been “quite unhappy about it,” said a "
                                 "source close to the board."), "quite unhappy")
    assert c.attribution == "group" and "source close" in c.claimant_surface


def test_a_report_inside_a_speaker_phrase_is_not_anonymous(cb):
    c = claim_with(claims_of(cb, "“The dam must be repaired first,” wrote the authors of the "
                                 "engineering report."), "dam must be repaired")
    assert c.attribution != "anonymous" and "authors" in c.claimant_surface


def test_mixed_straight_and_curly_quotes_pair_up(cb):
    c = claim_with(claims_of(cb, 'The vote is near. "The harbour needs two more cranes,” said '
                                 'Ines Varga, a dock planner. “That is all.”'), "two more cranes")
    assert c.attribution == "named" and "Varga" in c.claimant_surface


def test_an_opening_adverbial_is_not_post_posed_content(cb):
    c = claim_with(claims_of(cb, "Despite the long dispute over the canal, several engineers "
                                 "say it had successes."), "it had successes")
    assert c.attribution == "group" and "engineers" in c.claimant_surface


def test_a_share_of_respondents_is_a_speaker(cb):
    c = claim_with(claims_of(cb, "About one in five say they would stay home."),
                   "would stay home")
    assert c.attribution != "author" and "five" in c.claimant_surface


def test_inverted_speaker_after_an_article(cb):
    c = claim_with(claims_of(cb, "The mill is struggling, but it is under pressure from cheap "
                                 "imports, said the firm's chief engineer, Ola Dahl."),
                   "under pressure")
    assert "chief engineer" in c.claimant_surface


def test_inverted_cue_before_a_clause_is_not_a_speaker(cb):
    c = claim_with(claims_of(cb, "A panel of observers, drawn from three towns, said the "
                                 "fence had been freshly cut."), "freshly cut")
    assert c.attribution == "group" and "observers" in c.claimant_surface


def test_a_short_content_before_an_inverted_cue_is_the_claim(cb):
    """'C, says X.' with a four-word C: the content is C and X the speaker, not the other
    way round (a clause is never read as a speaker)."""
    c = claim_with(claims_of(cb, "The bridge is unsafe, says a senior Norwegian engineer."),
                   "bridge is unsafe")
    assert "engineer" in c.claimant_surface and "bridge" not in c.claimant_surface
    assert "engineer" not in c.text


def test_a_clause_is_not_read_as_an_unknown_speaker(cb):
    from analysis.extract.claims import _reads_as_clause

    stop = frozenset(cb.speaker_stop)
    assert _reads_as_clause("the harvest was poor,".split(), stop)
    assert not _reads_as_clause("the farm office has".split(), stop)  # "... has said"
    assert not _reads_as_clause("the regional army also".split(), stop)


def test_a_gerund_complement_of_report_is_the_content(cb):
    """'Officials reported striking X': the verb needs a complement, and an '-ing' one is
    content (cues.yaml `gerund`), so the claim is the officials', not the author's."""
    c = claim_with(claims_of(cb, "Norwegian officials reported seeing two drones over the "
                                 "harbour."), "two drones")
    assert c.attribution != "author" and "officials" in c.claimant_surface.lower()
    assert c.text.startswith("seeing")


def test_a_participle_after_a_determiner_is_an_adjective_not_a_cue(cb):
    """'the announced withdrawal', 'the confirmed deaths': the participle modifies a noun
    (cues.yaml `attributive_determiners`), so no frame reads the rest as someone's claim."""
    claims = claims_of(cb, "Villagers welcomed the announced withdrawal of the garrison.")
    assert all(c.cue != "announce" for c in claims)
    claims = claims_of(cb, "The confirmed deaths rose to nine by evening.")
    assert all(c.cue != "confirm" for c in claims)


def test_a_cue_word_after_a_determiner_is_a_noun_not_a_verb(cb):
    """'The warning came as …', 'It is a claim that nobody believes': the cue word is a noun
    after a determiner, so no verb frame makes the determiner a speaker."""
    for text in ("The warning came as the ferry left the harbour.",
                 "It is a claim that nobody in the valley believes."):
        claims = claims_of(cb, text)
        assert claims and all(c.claimant_surface.lower() not in {"the", "a", "it is a"}
                              for c in claims), [(c.claimant_surface, c.cue) for c in claims]


def test_a_content_that_only_says_when_or_where_is_no_claim(cb):
    """"The minister said Thursday." and "wrote on Twitter on Monday" give no claim of
    "Thursday"; a real content of the same sentence shape still does."""
    from helpers import claims_of
    found = claims_of(cb, "The minister said Thursday. The army wrote on Twitter on Monday. "
                          "The mayor said the bridge would hold.")
    framed = [c for c in found if c.attribution != "author"]
    assert [c.text for c in framed] == ["the bridge would hold"]
    assert [c.claimant_surface for c in framed] == ["The mayor"]


def test_a_poll_inside_the_clause_is_its_source(cb):
    claims = claims_of(cb, "The mayor holds a ten-point lead in the latest Harbour Weekly poll "
                           "ahead of the vote. The ferry crews went back to work in front of "
                           "the polling station on Monday.")
    lead = claim_with(claims, "ten-point lead")
    assert lead.attribution != "author" and "poll" in lead.claimant_surface
    crews = claim_with(claims, "ferry crews")
    assert crews.attribution == "author"  # "in front of the polling station" is a place


def test_a_transcript_surname_and_a_colon_is_a_speaker_but_a_label_is_not(cb):
    claims = claims_of(cb, "Jake Tapper interviewed Gov. Mary Fallin on Sunday. FALLIN: The "
                           "harbour plan is a disaster for the town. UPDATE: The ferry resumed "
                           "service at noon. More from Tapper: “The pier will reopen soon.”")
    c = claim_with(claims, "harbour plan")
    assert (c.attribution, c.cue) == ("named", ":") and "FALLIN" in c.claimant_surface.upper()
    assert claim_with(claims, "ferry resumed").attribution == "author"
    q = claim_with(claims, "pier will reopen")
    assert q.attribution == "named" and "Tapper" in q.claimant_surface


def test_a_possessors_view_set_off_by_commas_is_a_source(cb):
    claims = claims_of(cb, "In Anna Petrova's view, the harbour plan is a disaster. The ferry "
                           "line is failing, in their view. The dockers had tears in their eyes.")
    c = claim_with(claims, "harbour plan")
    assert (c.attribution, c.claimant_surface, c.cue_class) == ("named", "Anna Petrova", "belief")
    assert c.text.startswith("the harbour plan")
    assert claim_with(claims, "ferry line").attribution != "author"
    assert claim_with(claims, "tears").attribution == "author"  # no comma: no view frame


def test_a_headline_evidence_and_a_colon_speaks_for_its_content(cb):
    c = claim_with(claims_of(cb, "Poll: Three harbour races are tight."), "harbour races")
    assert c.attribution != "author" and c.claimant_surface == "Poll"
    u = claim_with(claims_of(cb, "Update: Three harbour races are tight."), "harbour races")
    assert u.attribution == "author"


def test_to_a_holder_opening_a_clause_is_their_view(cb):
    claims = claims_of(cb, "To Anna Petrova, the harbour plan is a disaster. To many, the ferry "
                           "is a relic. To win the harbour vote, the mayor needs the dockers. "
                           "To be sure, the pier is old.")
    c = claim_with(claims, "harbour plan")
    assert (c.attribution, c.claimant_surface, c.cue_class) == ("named", "Anna Petrova", "belief")
    assert claim_with(claims, "ferry is a relic").attribution != "author"
    assert claim_with(claims, "needs the dockers").attribution == "author"  # an infinitive
    assert claim_with(claims, "pier is old").attribution == "author"


def test_a_leading_poll_holds_the_clause_and_its_respondents_their_words(cb):
    claims = claims_of(cb, "In a new Harbour Weekly poll released Sunday, 40 percent of voters "
                           "said the mayor should resign.")
    poll = [c for c in claims if c.cue == "in"]
    assert poll and "poll" in poll[0].claimant_surface and "40 percent" in poll[0].text
    said = [c for c in claims if c.cue == "say"]
    assert said and said[0].claimant_surface == "40 percent of voters"
    # a poll after the verb's content holds what comes before it too
    tail = claims_of(cb, "Forty percent of voters said the mayor should resign in the latest "
                         "Harbour Weekly poll.")
    assert sorted(c.cue for c in tail if c.attribution != "author") == ["in", "say"]
    # a statement is no poll: the verb frame alone
    only = claims_of(cb, "The mayor said the ferry would run, in a statement.")
    assert [c.cue for c in only if c.attribution != "author"] == ["say"]
# -- headings (h-struct) -------------------------------------------------------------------
def test_a_heading_that_frames_a_speaker_is_their_claim(cb):
    text = "Petrova says the port will reopen\nThe port of Varna closed in May after the strike."
    c = claim_with(claims_of(cb, text), "port will reopen")
    assert (c.claimant_surface, c.attribution) == ("Petrova", "named")


def test_a_heading_in_the_authors_voice_is_no_claim(cb):
    text = "The port of Varna reopens\nThe port of Varna closed in May after the strike."
    assert not [c for c in claims_of(cb, text) if "reopens" in c.text]


# -- anonymous frames (h-struct) -------------------------------------------------------------
def test_an_unclear_whether_frame_is_nobodys(cb):
    c = claim_with(claims_of(cb, "It is unclear whether the port will reopen in May."),
                   "port will reopen")
    assert c.attribution == "anonymous" and not c.text.startswith("whether")


@pytest.mark.parametrize("text", [
    "Office space on the quay rents for $70 per square foot, Berg's firm charges more.",
    "The ferry carried 4,000 passengers per month during the summer season.",
])
def test_a_rate_per_unit_names_no_source(cb, text):
    assert all(c.cue != "according to" for c in claims_of(cb, text))


def test_per_before_a_source_is_according_to(cb):
    c = claim_with(claims_of(cb, "The quay will reopen in May, per the harbour board."),
                   "The quay will reopen")
    assert c.cue == "according to" and c.attribution != "author"


@pytest.mark.parametrize("text", [
    "Mara Holt said to reporters.",
    "Tomas Berg wrote in a memo to the harbour board.",
])
def test_a_content_that_is_only_the_setting_of_the_speech_is_no_claim(cb, text):
    assert all(c.attribution == "author" for c in claims_of(cb, text))


def test_a_setting_before_a_clause_still_frames_it(cb):
    c = claim_with(claims_of(cb, "Mara Holt said on Monday the quay is closed."), "quay is closed")
    assert c.claimant_surface == "Mara Holt" and c.attribution != "author"


def test_a_poll_inside_a_subordinate_clause_speaks_for_nothing(cb):
    claims = claims_of(cb, "When Mara Holt began closing on Tomas Berg in the national polls, "
                           "the harbour board took notice.")
    assert all(c.cue != "in" for c in claims)


def test_a_poll_inside_a_main_clause_still_measures_it(cb):
    c = claim_with(claims_of(cb, "Mara Holt has a clear lead over Tomas Berg in the latest polls "
                                 "ahead of the vote."), "clear lead")
    assert c.cue == "in" and c.attribution != "author"


@pytest.mark.parametrize("text", [
    "Contributing: Mara Holt",
    "Twitter: @maraholt",
    "Email: desk@harbourpost.example",
])
def test_a_label_and_its_value_is_no_colon_frame(cb, text):
    assert all(c.cue != ":" for c in claims_of(cb, text))


def test_a_name_and_a_statement_after_a_colon_is_a_frame(cb):
    c = claim_with(claims_of(cb, "Holt: The quay will reopen in May"), "quay will reopen")
    assert c.cue == ":" and c.attribution != "author"


# -- a text written for the test, the words of one of its claims, and what that
# claim must hold (field -> value) ----------------------------------------------------
ONE_CLAIM = [
    pytest.param("Tomas Berg, a spokesman for the port authority, said the cranes were idle.",
                 "cranes were idle", {"claimant_surface": "Tomas Berg", "attribution": "named"},
                 id="speaker_before_an_apposition_is_the_name"),
    pytest.param("The meeting ended late. She said the talks would resume.",
                 "talks would resume", {"attribution": "named", "claimant_surface": "She", "claimant_id": ""},
                 id="unresolved_pronoun_is_not_the_author"),
    pytest.param("The council approved a levy, which he said the farmers would never accept.",
                 "farmers would never accept", {"claimant_surface": "he", "attribution": "named"},
                 id="pronoun_inside_a_relative_clause"),
    pytest.param("The river rose because the dam was opened, and officials later left.",
                 "river rose", {"attribution": "author"},
                 id="a_clause_is_not_read_as_a_speaker"),
    pytest.param("The bridge was closed on Monday.",
                 "bridge was closed", {"attribution": "author", "cue_class": ""},
                 id="author_claims_have_no_cue_class"),
    pytest.param("Support for the plan among farmers grew over the winter.",
                 "Support for the plan", {"attribution": "author"},
                 id="noun_forms_are_not_cues"),
    pytest.param("The harbour office reported heavy losses last winter.",
                 "heavy losses", {"attribution": "author"},
                 id="report_with_a_plain_object_is_no_frame"),
    pytest.param("The mayor said it is unclear whether the port will reopen.",
                 "port will reopen", {"claimant_surface": "The mayor"},
                 id="an_unclear_frame_inside_a_speakers_clause_is_the_speakers"),
    pytest.param("There are fears that the fighting will spread to the port.",
                 "fighting will spread", {"attribution": "anonymous"},
                 id="fears_nobody_holds_are_anonymous"),
]


@pytest.mark.parametrize("text, words, want", ONE_CLAIM)
def test_one_claim(cb, text, words, want):
    assert claim_fields(claims_of(cb, text), words, want) == want
