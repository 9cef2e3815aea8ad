"""Rules of actor resolution, claims and relations on sentences written for the tests."""
from __future__ import annotations

import pytest

from analysis.extract.quantities import QuantityParser
from analysis.codebook import load_codebook
from helpers import extract_text


def run(cb, text: str, published: str = "2020-09-27"):
    """(doc, mentions, places, flags, unresolved, claims, loaded, relations) of `text`."""
    return extract_text(cb, text, published)


def ids(mentions):
    return [m.actor_id for m in mentions]


# -- actors -----------------------------------------------------------------------------------
@pytest.mark.parametrize("text,expected", [
    ("The Azerbaijani Defense Ministry said so.", "AZE-MOD"),
    ("Turkish proxy groups arrived.", "TUR-PROXY"),
    ("The Armenian side said so.", "ARM"),
    ("Ankara said so.", "TUR"),
    ("According to pro-Armenian sources, it is so.", "ARM-PRO-SRC"),
    ("Russia's defence ministry said so.", "RUS-MOD"),
    ("Russian-backed separatists shelled the town.", "RUS-PROXY"),
    ("The Kremlin said so.", "RUS-PRES"),
    ("Erdogan's aide said so.", "TUR-OFF"),
    ("Azerbaijan's president said so.", "AZE-PRES"),
    ("Baku said so.", "AZE"),
    ("The regime in Armenia said so.", "ARM-GOV"),
])
def test_resolution_rules(cb, text, expected):
    assert expected in ids(run(cb, text)[1])


def test_places_are_not_actors(cb):
    _, mentions, places, *_ = run(cb, "Forces captured villages near the border with Iran, "
                                      "with fighters from Syria.")
    assert "IRN" not in ids(mentions) and "SYR" not in ids(mentions)
    assert {"Iran", "Syria"} <= {p.name for p in places}


def test_nationals_are_not_the_state(cb):
    assert "SYR" not in ids(run(cb, "Turkey sent Syrian mercenaries to help.")[1])


def test_pronouns_stay_unresolved(cb):
    assert ids(run(cb, "They said the sides met.")[1]) == []


def test_title_name_flag_against_dated_office(cb):
    _, mentions, _, flags, *_ = run(cb, "Turkish Defense Minister Hulusi Akar called "
                                        "Azerbaijani Defense Minister Zakir Garalov.")
    assert flags and "Garalov" in flags[0].surface and "Hasanov" in flags[0].problem


def test_unresolved_names_listed(cb):
    unresolved = run(cb, "Zorblax Qwertyan visited the front.")[4]
    assert any("Zorblax" in u.surface for u in unresolved)


# -- claims -----------------------------------------------------------------------------------
def one(claims, anchor):
    hits = [c for c in claims if anchor in c.text]
    assert hits, [c.text for c in claims]
    return hits[0]


def test_according_to_named(cb):
    c = one(run(cb, "The army took 3 villages, according to a statement by the Azerbaijani "
                    "Defense Ministry.")[5], "took 3 villages")
    assert (c.attribution, c.claimant_id, c.quantities) == ("named", "AZE-MOD", ["3 villages"])


def test_group_and_scare_quotes(cb):
    c = one(run(cb, "According to pro-Azerbaijani sources, the number of “liberated” villages "
                    "is 7.")[5], "villages is 7")
    assert (c.attribution, c.modality, c.quantities) == ("group", "hedged", ["7 villages"])


def test_denial_is_a_claim(cb):
    c = one(run(cb, "Armenian sources deny any advances by Azerbaijan.")[5], "advances")
    assert (c.polarity, c.attribution, c.claimant_id) == ("deny", "group", "ARM-SRC")


def test_anonymous_and_conditional(cb):
    claims = run(cb, "If reports about the capture of two towns are confirmed, the army made "
                     "an important step.")[5]
    rep = one(claims, "capture of two towns")
    assert (rep.attribution, rep.modality) == ("anonymous", "conditional")
    assert one(claims, "important step").modality == "conditional"


def test_post_posed_and_pronoun_quote(cb):
    claims = run(cb, "“We will win,” said Hulusi Akar. “The enemy is weak,” he added.")[5]
    assert one(claims, "We will win").claimant_id == "TUR-AKAR"
    assert one(claims, "enemy is weak").claimant_id == "TUR-AKAR"


def test_forecast_and_author(cb):
    c = one(run(cb, "Russia and Turkey will likely work to find a solution.")[5], "solution")
    assert (c.attribution, c.modality, c.claimant_id) == ("author", "forecast", "SOUTHFRONT")


def test_quantities(cb):
    parse_quantities = QuantityParser(cb.grammar)
    assert parse_quantities("at least 39 people and 2,300 Armenian soldiers in 2020") == [
        "at least 39 people", "2300 soldiers"]
    # number words take their grammar.yaml value; dates, ordinals, durations are no quantity
    assert parse_quantities("three tanks and dozens of drones") == ["3 tanks"]
    assert parse_quantities("on May 12 the 3rd brigade waited for five days") == []


def test_grammar_yaml_is_checked_on_load(tmp_path):
    """A broken grammar.yaml entry is one error line naming the file, section and key."""
    import shutil

    from analysis import config
    from analysis.codebook import load_codebook
    from analysis.codebook.load import CodebookError

    folder = tmp_path / "codebook"
    shutil.copytree(config.CODEBOOK, folder)
    path = folder / "grammar.yaml"
    good = path.read_text(encoding="utf-8")
    for bad, message in ((good.replace("  unit_stops: [of, in, at, \"on\",", "  unit_stops: [of, in, at, on,"),
                          "quantities: 'unit_stops' must be a list of non-empty strings"),
                         (good.replace("    one: 1\n", "    one: many\n"),
                          "'number_words' must map words to non-negative integers"),
                         (good.replace("  months: [january,", "  months: [January,"),
                          "'months': 'January' must be lower case"),
                         (good.replace("  thing_pronouns: [it]", "  thing_pronouns: [It]"),
                          "coref: 'thing_pronouns': 'It' must be lower case"),
                         (good.replace("  infinitive_links: [to]\n", ""),
                          "nominal: 'infinitive_links' is required"),
                         (good.replace("  names: [asked,", "  names: [asked, the,"),
                          "stop_names: 'the' is in both 'common' and 'names'"),
                         (good + "\nverbs: {}\n", "unknown section 'verbs'")):
        assert bad != good
        path.write_text(bad, encoding="utf-8")
        with pytest.raises(CodebookError, match=message) as err:
            load_codebook(folder)
        assert "\n" not in str(err.value) and "grammar.yaml" in str(err.value)


# -- relations --------------------------------------------------------------------------------
def rel(rels):
    return {(r.source_id, r.target_id, r.sign) for r in rels}


def test_relations_signed_and_directed(cb):
    rels = run(cb, "Turkey regularly supports Azerbaijan. The United States, the new best "
                   "friend of the Armenian regime, wants the provocation of Turkish-Russian "
                   "tensions.")[7]
    got = rel(rels)
    assert ("TUR", "AZE", 1) in got
    assert ("USA", "ARM-GOV", 1) in got
    assert ("USA", "TUR", -1) in got and ("USA", "RUS", -1) in got


def test_negated_hostility_is_neutral(cb):
    got = rel(run(cb, "Nor Russia nor Turkey are interested in an open confrontation.")[7])
    assert got == {("RUS", "TUR", 0)}


def test_passive_agent(cb):
    got = rel(run(cb, "The scale of support to Armenia demonstrated by Russia matters.")[7])
    assert ("RUS", "ARM", 1) in got


def test_relative_clause_source(cb):
    got = rel(run(cb, "This could spark a confrontation with Russia, which sells arms to "
                      "Azerbaijan but has a mutual-defence pact with Armenia.")[7])
    assert ("RUS", "ARM", 1) in got and ("AZE", "ARM", 1) not in got


# -- codebook failure cases and corrections ----------------------------------------------------
def test_duplicate_actor_id_is_an_error(tmp_path):
    from analysis.codebook import CodebookError

    cbdir = tmp_path / "cb"
    import shutil

    from analysis import config

    shutil.copytree(config.CODEBOOK, cbdir)
    with open(cbdir / "actors.yaml", "a", encoding="utf-8") as fh:
        fh.write("\n- {id: AZE-MOD, name: Copy, type: government, country: AZE, aliases: []}\n")
    with pytest.raises(CodebookError, match=r"actors.yaml: entry 'AZE-MOD': duplicate id"):
        load_codebook(cbdir)


def test_alias_shared_by_two_actors_is_an_error(tmp_path):
    from analysis import config
    from analysis.codebook import CodebookError
    import shutil

    cbdir = tmp_path / "cb"
    shutil.copytree(config.CODEBOOK, cbdir)
    with open(cbdir / "actors.yaml", "a", encoding="utf-8") as fh:
        fh.write("\n- {id: ZZZ-TEST, name: Test Body, type: government, country: AZE, "
                 "aliases: [Hulusi Akar]}\n")
    with pytest.raises(CodebookError, match=r"alias 'Hulusi Akar' is already used"):
        load_codebook(cbdir)


def test_bad_type_names_file_and_entry(edited_codebook):
    from analysis.codebook import CodebookError

    cbdir = edited_codebook("roles.yaml", "type: military", "type: militia")
    with pytest.raises(CodebookError, match=r"roles.yaml: entry 'MIL': type 'militia'"):
        load_codebook(cbdir)


def test_corrections_recode_remove_add(cb):
    from analysis.ingest.corrections import apply_corrections

    doc, *_, claims, _loaded, _rels = run(cb, "Turkey supports Azerbaijan. The sky is blue. "
                                              "Russia will mediate.")
    out = apply_corrections(doc, claims, [
        {"action": "recode", "anchor": "supports Azerbaijan", "set": {"modality": "hedged"}},
        {"action": "remove", "anchor": "sky is blue"},
        {"action": "add", "anchor": "Russia will mediate",
         "set": {"claimant_id": "SOUTHFRONT", "modality": "forecast"}},
    ])
    texts = {c.text: c for c in out}
    assert texts["Turkey supports Azerbaijan"].modality == "hedged"
    assert texts["Turkey supports Azerbaijan"].origin == "manual"
    assert not any("sky" in t for t in texts)
    assert sum(c.origin == "manual" for c in out) == 2


def test_british_single_quotes_and_pronoun_paragraphs(cb):
    claims = run(cb, "Hulusi Akar spoke on Monday.\n\n'We will not stop. The enemy is weak,' "
                     "he said.\n\n'We are ready,' he added.")[5]
    quote = one(claims, "We will not stop")
    assert "The enemy is weak" in quote.text and quote.claimant_id == "TUR-AKAR"
    assert one(claims, "We are ready").claimant_id == "TUR-AKAR"


def test_embedded_and_passive_denials(cb):
    claims = run(cb, "Russia accused Ukraine of shelling the town, a charge Kyiv denied. "
                     "Azerbaijan said Armenian forces shelled Terter, a claim denied by Yerevan.")[5]
    assert one(claims, "a charge Kyiv denied").polarity == "deny"
    assert one(claims, "a charge Kyiv denied").claimant_id == "UKR"
    assert one(claims, "denied by Yerevan").claimant_id == "ARM"


def test_bare_body_resolved_from_recent_speaker(cb):
    claims = run(cb, "Azerbaijan's defence ministry said forces shelled a town. "
                     "In a statement, the ministry said two civilians were killed.")[5]
    c = one(claims, "two civilians were killed")
    assert (c.claimant_id, c.attribution) == ("AZE-MOD", "named")


def test_unknown_named_person_is_named_not_group(cb):
    c = one(run(cb, "\"It is a war of attrition,\" said Jane Roe, a military analyst.")[5],
            "war of attrition")
    assert (c.attribution, c.claimant_surface) == ("named", "Jane Roe")


def test_dateline_is_not_the_speaker(cb):
    c = one(run(cb, "BAKU, Azerbaijan (AP) — Azerbaijan's defence ministry said Armenian "
                    "forces shelled the town.")[5], "shelled the town")
    assert c.claimant_id == "AZE-MOD"


def test_appositive_ally(cb):
    assert ("BLR", "RUS", 1) in rel(run(cb, "Belarus, Russia's closest ally, allowed troops "
                                            "in.")[7])


def test_contested_claims_linked_both_ways(cb):
    from analysis.extract.claims import link_contested

    claims = run(cb, "The Azerbaijani army captured 6 villages, according to the Azerbaijani "
                     "Defense Ministry. According to pro-Azerbaijani sources, the number of "
                     "captured villages is 7. Armenian sources deny any advances by Azerbaijan. "
                     "Turkey supports Azerbaijan.")[5]
    states = {a: cb.get(a).state for c in claims for a in c.subject_ids + c.object_ids}
    link_contested(claims, cb, states, {"t": "2020-09-27"})
    six, seven = one(claims, "6 villages"), one(claims, "villages is 7")
    deny = one(claims, "advances")
    assert seven.claim_id in six.contested_with and six.claim_id in seven.contested_with
    assert deny.claim_id in six.contested_with and deny.claim_id in seven.contested_with
    assert not one(claims, "supports").contested_with


def test_name_after_title_is_learned_for_later_mentions(cb):
    _, mentions, *_ , claims, _l, _r = run(cb, "Slovak Prime Minister Zoltan Qwerty said the "
                                               "talks failed. Qwerty added that more were "
                                               "needed.")
    # a person learned from the article, of the Slovak government: later "Qwerty" is them
    assert [m.actor_id for m in mentions if m.surface == "Qwerty"] == ["SVK-GOV~Zoltan_Qwerty"]
    assert one(claims, "more were needed").claimant_id == "SVK-GOV~Zoltan_Qwerty"
    assert cb.get("SVK-GOV~Zoltan_Qwerty").country == "SVK"


def test_provenance_is_not_a_participant(cb):
    rels = run(cb, "Ukrainian forces shelled the town with NATO-supplied artillery.")[7]
    assert not any(r.target_id == "NATO" for r in rels)


def test_post_posed_reporting_verb(cb):
    c = one(run(cb, "Forces shelled the town, killing three civilians, local authorities "
                    "reported on Monday.")[5], "shelled the town")
    assert c.attribution == "group" and c.cue == "report"


def test_common_boilerplate_dropped(cb):
    doc = run(cb, "By Jane Doe\n\nRussia said it had captured the village. ■\n\nReporting by "
                  "Jane Doe; Editing by John Roe\n\nRead more: Why the war matters\n\nBy the "
                  "end of the day, fighting had stopped.\n\nSign up for our newsletter")[0]
    assert [s.text for s in doc.sentences] == ["Russia said it had captured the village.",
                                                "By the end of the day, fighting had stopped."]


def test_unknown_speaker_keeps_affiliation_on_later_mentions(cb):
    claims = run(cb, "Zorbo Quix, Ethiopia's prime minister, said the forces had taken the "
                     "city. \"This is not a war,\" Mr Quix told parliament.")[5]
    # the speaker is learned as a person of the Ethiopian government, named again by surname
    assert one(claims, "taken the city").claimant_id == "ETH-GOV~Zorbo_Quix"
    assert one(claims, "not a war").claimant_id == "ETH-GOV~Zorbo_Quix"


def test_nominal_triggers_and_light_verbs(cb):
    assert ("RUS", "UKR", -1) in rel(run(cb, "Russia launched a full-scale invasion of "
                                            "Ukraine.")[7])
    # the subject condemns the attack; it is not the attacker
    assert not rel(run(cb, "The United States condemned the attack on Saudi oil "
                           "facilities.")[7])
    assert ("TUR", "LBY-GOV", 1) in rel(run(cb, "Turkey has deployed troops to Libya to "
                                               "support the government in Tripoli.")[7])
    assert ("IND", "PAK", -1) in rel(run(cb, "India and Pakistan exchanged fire along the "
                                            "border.")[7])


def test_surname_after_a_body_speaks_for_it(cb):
    """"The Philippine defense ministry's spokesman Arsenio Andolong said" resolves to the body;
    a later "Andolong told" is the same speaker, so it speaks for the same body."""
    text = ("The Philippine defense ministry's spokesman Arsenio Andolong said the talks were "
            "useful.\n\nAndolong told reporters that the patrols would continue.")
    claims = run(cb, text)[5]
    first, later = one(claims, "talks were useful"), one(claims, "patrols would continue")
    assert first.claimant_id and first.claimant_id.startswith("PHL")
    assert (later.claimant_id, later.attribution) == (first.claimant_id, "named")


@pytest.mark.parametrize("sentence,cue", [
    ("Officials in Manila fear that the patrols will continue.", "fear"),
    ("The Post has learned that the talks were cancelled.", "learn"),
    ("Campaign aides suggested that the rally was postponed.", "suggest"),
    ("The minister replied that the border was calm.", "respond"),
])
def test_verbs_of_belief_learning_and_reply_are_cues(cb, sentence, cue):
    c = run(cb, sentence)[5][0]
    assert c.attribution != "author" and c.cue == cue, (c.attribution, c.cue, c.claimant_surface)


def test_provenance_compound_names_no_actor(cb):
    """grammar.yaml `actors.provenance_suffixes`: "Russia-made" tells where a thing comes
    from; the bare state name in the next sentence is still an actor."""
    ms = run(cb, "The rebels fired Russia-made rockets. Russia denied it.")[1]
    starts = [m.surface for m in ms if m.actor_id.startswith("RUS")]
    assert starts == ["Russia"] and len([m for m in ms if m.actor_id.startswith("RUS")]) == 1


def test_consequential_claim_types_come_from_the_codebook(cb):
    from analysis.report.sections import consequential_types

    flagged = {t.id for t in cb.claim_types if t.consequential}
    assert consequential_types() == flagged and {"strike", "casualty"} <= flagged
    assert "telephone_call" not in flagged


def test_cue_patterns_read_grammar_yaml(cb):
    """grammar.yaml `cues`: an inverting verb with a titled name after it, an apposition,
    a pronoun subject; a verb not listed as inverting does not invert."""
    from analysis.extract.cues import CuePatterns

    rx = CuePatterns(cb)
    assert "says" in rx.inverting and "denied" not in rx.inverting
    assert rx.name_ahead.match(" Mr. Roe") and not rx.name_ahead.match(" reporters")
    assert rx.inverted_ahead.match(" a spokesman") and not rx.inverted_ahead.match(" today")
    assert rx.pron_before.search("which she ").group(1) == "she"
    assert not rx.pron_before.search("which Shell ")
    assert rx.apposition.match("Jane Roe, a spokeswoman for the port, ").group(1) == "Jane Roe"
    assert rx.apposition.match("Jane Roe, head of the port authority, ")
    assert not rx.apposition.match("Jane Roe, yesterday, ")


def test_sentence_abbreviations_come_from_grammar_yaml(cb):
    """grammar.yaml `sentences.abbreviations`: "Gen." ends no sentence; without the list
    it would."""
    from analysis.ingest.corpus import split_sentences

    par = "Gen. Roe spoke on Monday. The talks ended."
    abbreviations = frozenset(cb.grammar.words("sentences", "abbreviations"))
    assert [par[s:e] for s, e in split_sentences(par, abbreviations)] == [
        "Gen. Roe spoke on Monday.", "The talks ended."]
    assert len(split_sentences(par)) == 3
    doc = run(cb, par)[0]
    assert [s.text for s in doc.sentences] == ["Gen. Roe spoke on Monday.", "The talks ended."]


def test_anonymous_adverb_from_grammar_yaml(cb):
    """grammar.yaml `attribution.anonymous_adverbs`: 'reportedly' makes the clause
    anonymous with the adverb as its cue; an adverb not listed ('repeatedly') does not."""
    claims = run(cb, "Azerbaijan reportedly shelled the village. Armenia repeatedly "
                     "shelled the bridge.")[5]
    a = one(claims, "shelled the village")
    assert (a.attribution, a.cue, a.claimant_id) == ("anonymous", "reportedly", "")
    assert one(claims, "shelled the bridge").attribution == "author"


def test_stop_names_one_list_per_reader(cb):
    """grammar.yaml `stop_names`: one list of groups; each reader reads its groups (actor
    resolution in any case, the speaker finders capitalised). "Asked" is no name for a
    speaker but may be a word of an actor's name; "Nobody" is no speaker's name only."""
    g = cb.grammar
    actors, names, speaker = (g.stop_names("actors"), g.stop_names("names", True),
                              g.stop_names("speaker", True))
    assert {"the", "according"} <= actors and {"The", "According"} <= names <= speaker
    assert "asked" not in actors and "Asked" in names
    assert "Nobody" in speaker and "Nobody" not in names and "nobody" not in actors
    assert "Monday" in speaker and "monday" in actors and "Monday" not in names
    assert "I" in names and "may" in actors and "May" not in speaker
    assert not any(w != w.lower() for w in actors)


def test_speaker_stop_names_keep_a_name(cb):
    """A stop name is read off the speaker region; the name after it is the speaker."""
    from analysis.extract.clauses import LastName

    last_name = LastName(cb)
    assert last_name("Asked about the talks, Jane Roe") == "Jane Roe"
    assert last_name("Update") == "" and last_name("Speaking in Oslo, Mr Roe") == "Roe"
    assert last_name("In his address, Omar al-Bashir") == "Omar al-Bashir"
    assert last_name("Pieter van Dijk") == "Pieter van Dijk"
    assert last_name("Jan van Dijk") == ""  # 'Jan' (January) opens it: a stop name
    last_name.stop = frozenset()
    assert last_name("Update") == "Update"
