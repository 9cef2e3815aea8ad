"""Actors named by context, on sentences written for the tests: geographic shorthand ("the
South's army"), bodies named again ("the ministry", "the army"), abbreviations given in
brackets, surnames of learned people, names written with no-break spaces."""
from __future__ import annotations

from analysis.extract.actors import resolve
from analysis.extract.claims import extract_claims
from analysis.codebook import load_codebook
from analysis.ingest.corpus import RawDoc, ingest


def mentions(cb, text: str, published: str = "2024-03-01"):
    raw = RawDoc("t", {"doc_id": "t", "outlet": "", "published": published, "title": ""},
                 "0" * 64, text)
    doc = ingest(raw, cb)
    return doc, resolve(doc, cb)[0]


def by_surface(cb, text: str) -> dict[str, str]:
    return {m.surface: m.actor_id for m in mentions(cb, text)[1]}


def claimants(cb, text: str) -> dict[str, str]:
    """First words of each claim's text -> its claimant id."""
    doc, ms = mentions(cb, text)
    return {c.text[:24]: c.claimant_id for c in extract_claims(doc, ms, [], cb, "")[0]}


# -- geographic shorthand (roles.yaml `shorthands`) ------------------------------------------
def test_shorthand_names_the_state_when_the_article_names_both_sides(cb):
    got = by_surface(cb, "Sudan and South Sudan traded accusations over the oil fields. "
                         "Troops crossed the line overnight, the South's army said.")
    assert got["South's army"] == "SSD-MIL"


def test_shorthand_after_modifiers_and_as_a_speaker(cb):
    text = ("Pyongyang tested a new rocket engine, officials in Seoul said. The isolated "
            "North said the engine worked. The South said it was watching closely.")
    got = by_surface(cb, text)
    assert got["North"] == "PRK" and got["South"] == "KOR"
    said = claimants(cb, text)
    assert said["the engine worked"] == "PRK"


def test_shorthand_needs_the_counterpart_in_the_article(cb):
    got = by_surface(cb, "South Korea hosted the summit. The South's navy escorted the guests.")
    assert "South's navy" not in got  # no North Korea in the article: no pair of Koreas


def test_shorthand_is_not_the_start_of_another_name_nor_a_direction(cb):
    got = by_surface(cb, "North Korea and South Korea met. Ships sailed the South China Sea; "
                         "rain fell in the south, and the South Pacific was calm.")
    assert "South" not in got and "south" not in got


def test_shorthand_after_a_place_preposition_is_a_place(cb):
    doc, ms = mentions(cb, "Taiwan protested after China's warplanes flew near the island.")
    assert not any(m.actor_id == "TWN" and m.surface == "island" for m in ms)


def test_shorthand_comes_from_the_codebook(edited_codebook):
    folder = edited_codebook("roles.yaml", "  - {state: TWN, forms: [island], with: [CHN]}\n",
                             "  - {state: TWN, forms: [island], with: [CHN]}\n"
                             "  - {state: CYP, forms: [Republic], with: [TUR]}\n")
    cb2 = load_codebook(folder)
    got = by_surface(cb2, "Cyprus and Turkey traded notes. The Republic said the talks "
                          "would resume.")
    assert got["Republic"] == "CYP"


# -- bodies named again (roles.yaml `anaphors`) ----------------------------------------------
def test_the_ministry_is_the_last_ministry_named(cb):
    text = ("Bolivia's foreign ministry summoned the envoy on Monday. The ministry said the "
            "border incident was a provocation.")
    assert by_surface(cb, text)["ministry"] == "BOL-MFA"
    assert claimants(cb, text)["the border incident was "] == "BOL-MFA"


def test_a_body_name_alone_takes_the_state_of_the_last_armed_forces(cb):
    got = by_surface(cb, "Chile's army moved two brigades north. The Joint Chiefs of Staff "
                         "denied any plan to cross.")
    assert got["Joint Chiefs of Staff"] == "CHL-MIL"
    got = by_surface(cb, "Chile's army moved two brigades north. The armed forces denied "
                         "any plan to cross.")
    assert got["armed forces"] == "CHL-MIL"


def test_the_army_stays_unresolved_when_two_armies_were_just_named(cb):
    got = by_surface(cb, "Peru's army and Ecuador's army exchanged fire. The army said two "
                         "soldiers were hurt.")
    assert "army" not in got


def test_the_army_far_from_its_antecedent_needs_one_state(cb):
    """Beyond `anaphor_window` sentences "the army" is still the army of the one state whose
    army the article named; after two states' armies it stays unresolved."""
    filler = " ".join(f"Sentence {i} says nothing." for i in range(6))
    got = by_surface(cb, f"Peru's army held drills. {filler} The army said it was ready.")
    assert got.get("army") == "PER-MIL"
    got = by_surface(cb, f"Peru's army held drills. Chile's army watched. {filler} "
                         "The army said it was ready.")
    assert "army" not in got


def test_the_army_before_a_preposition_is_a_noun_phrase(cb):
    got = by_surface(cb, "Peru's army held drills. Chile has backed the army throughout "
                         "the crisis. The army unit left.")
    assert got.get("army") == "PER-MIL"


def test_a_modifier_or_a_title_is_not_the_body_again(cb):
    got = by_surface(cb, "Peru's army held drills. The military sphere is not the only one; "
                         "the military and security sector grew. The chairman of the armed "
                         "forces spoke.")
    assert "military" not in got and "armed forces" not in got


def test_no_body_before_means_no_actor(cb):
    assert "ministry" not in by_surface(cb, "The ministry said the report was false.")


# -- abbreviations in brackets ---------------------------------------------------------------
def test_abbreviation_in_brackets_names_the_actor_later(cb):
    got = by_surface(cb, "Chile's army moved north. The Joint Chiefs of Staff (JCS) confirmed "
                         "it. Later the JCS said the move was over.")
    assert got["JCS"] == "CHL-MIL"


def test_abbreviation_must_start_with_a_letter_of_the_name(cb):
    got = by_surface(cb, "Peru's foreign ministry (XQ) replied. Later XQ said nothing.")
    assert "XQ" not in got


# -- learned people: surnames, possessives, no-break spaces ----------------------------------
def test_name_with_possessive_is_learned_without_it(cb):
    got = by_surface(cb, "Peruvian Foreign Minister Rosa Tellavera's visit was cut short. "
                         "Tellavera said she would return.")
    pid = got["Peruvian Foreign Minister Rosa Tellavera"]
    assert pid.endswith("Rosa_Tellavera") and got["Tellavera"] == pid


def test_surname_inside_another_name_is_not_the_learned_person(cb):
    ms = mentions(cb, "Chilean Defence Minister Pablo Errano spoke. Later Ines Errano, his "
                      "sister, and the Errano Foundation replied; Errano then left.")[1]
    pid = {m.surface: m.actor_id for m in ms}["Chilean Defence Minister Pablo Errano"]
    errano = [m for m in ms if m.surface == "Errano"]
    assert len(errano) == 1 and errano[0].actor_id == pid  # only the last, alone


def test_apposition_after_a_no_break_space_is_read(cb):
    text = ("Back then,\u00a0Lena Varsko,\u00a0US President Joe Biden\u2019s point-man for "
            "the talks, spoke to reporters. Varsko warned that time was short.")
    got = by_surface(cb, text)
    pid = got["Lena Varsko"]
    assert cb.get(pid).country == "USA" and got["Varsko"] == pid


def test_codebook_person_named_again_by_a_family_name_written_first(cb):
    got = by_surface(cb, "Wei Fenghe toured the naval base in the morning. Later Wei told "
                         "officers the drills would continue.")
    assert got["Wei"] == got["Wei Fenghe"] == "CHN-WEIFENGHE"


def test_bare_congo_needs_a_full_form_of_one_congo(cb):
    """roles.yaml shorthands with `bare`: "Congo" is DR Congo only in an article naming DR
    Congo by a full form and not the Republic of the Congo."""
    got = by_surface(cb, "Congo's government accused Rwanda. Kinshasa wants peace.")
    assert got.get("Congo's government") == "COD-GOV"
    assert "Congo" not in by_surface(cb, "Congo said it wants peace.")
    got = by_surface(cb, "Congo said it wants peace, Kinshasa and Brazzaville agree.")
    assert "Congo" not in got


def test_junta_is_a_government_body(cb):
    got = by_surface(cb, "Myanmar's junta lost a base. The United States imposed sanctions "
                         "on the junta.")
    assert got.get("Myanmar's junta") == "MMR-GOV" and got.get("junta") == "MMR-GOV"


def test_a_head_owned_by_an_actor_before_it_is_not_the_state_in_the_place(cb):
    got = by_surface(cb, "A Hamas leader in Beirut said the talks had failed.")
    assert not any(v.startswith("LBN") for v in got.values())
    assert by_surface(cb, "The regime in Syria fell.").get("regime in Syria") == "SYR-GOV"


def test_a_state_after_for_in_an_organisation_name_is_no_actor(cb):
    assert "America" not in by_surface(cb, "The group Democracy for America endorsed him.")
    assert by_surface(cb, "Support for Ukraine grew.").get("Ukraine") == "UKR"
    assert by_surface(cb, "He asked the Pentagon for Ukraine aid.").get("Ukraine") == "UKR"


def test_home_affairs_minister_is_the_interior_ministry(cb):
    got = by_surface(cb, "India's Home Affairs Minister Rajan Veloor said the border was calm.")
    assert cb.get(got["India's Home Affairs Minister Rajan Veloor"]).parent == "IND-INT"


def test_a_role_head_before_an_agent_noun_is_an_adjective(cb):
    got = by_surface(cb, "The United States, Israel's main military backer, pushed for a deal.")
    assert got.get("Israel") == "ISR" and "Israel's main military" not in got
    assert by_surface(cb, "Israel's military said it was ready.").get("Israel's military") == \
        "ISR-MIL"
