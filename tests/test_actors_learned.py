"""People learned from the article (names the codebook does not list), on sentences written
for the tests: who they are, whom they speak for, and how later mentions find them."""
from __future__ import annotations

from analysis.extract.actors import dia_fold, resolve
from analysis.extract.claims import extract_claims
from analysis.ingest.corpus import RawDoc, ingest
from analysis.build.pipeline import actors_table


def mentions(cb, text: str, published: str = "2024-03-01"):
    raw = RawDoc("t", {"doc_id": "t", "outlet": "", "published": published, "title": ""},
                 "0" * 64, text)
    doc = ingest(raw, cb)
    ms = resolve(doc, cb)[0]
    return doc, ms


def by_surface(ms) -> dict[str, str]:
    return {m.surface: m.actor_id for m in ms}


def claims_of(cb, text: str):
    doc, ms = mentions(cb, text)
    return extract_claims(doc, ms, [], cb, "")[0]


def test_title_after_state_learns_person_of_that_office(cb):
    got = by_surface(mentions(cb, "Moldovan Defence Minister Ilona Vextrova visited the base. "
                                  "Vextrova said the drills would go on.")[1])
    pid = got["Moldovan Defence Minister Ilona Vextrova"]
    actor = cb.get(pid)
    assert actor.type == "person" and actor.country == "MDA" and actor.origin == "learned"
    assert actor.name == "Ilona Vextrova" and actor.parent == "MDA-MOD"
    assert got["Vextrova"] == pid


def test_body_then_role_noun_then_name(cb):
    got = by_surface(mentions(cb, "A Bolivian army spokeswoman Carla Mentrez denied the "
                                  "report.")[1])
    assert cb.get(got["Carla Mentrez"]).parent == "BOL-MIL"


def test_apposition_with_state_possessive_title(cb):
    got = by_surface(mentions(cb, "Tomas Orlavi, Chile's minister of foreign affairs, called "
                                  "for calm. The minister said talks would resume.")[1])
    pid = got["Tomas Orlavi"]
    assert cb.get(pid).country == "CHL"
    assert got["minister"] == pid  # "the minister" is the same person


def test_role_noun_before_name_takes_body_named_earlier(cb):
    got = by_surface(mentions(cb, "Peru's foreign ministry rejected the claim, with spokesman "
                                  "Raul Quintaro saying it was false.")[1])
    assert cb.get(got["Raul Quintaro"]).parent == "PER-MFA"


def test_think_tank_fellow_has_no_country(cb):
    doc, ms = mentions(cb, "Mara Ellwood, a senior fellow at a think tank in Washington, said "
                           "the war would last. Ellwood added that talks had stalled.")
    got = by_surface(ms)
    actor = cb.get(got["Mara Ellwood"])
    assert actor.type == "person" and actor.country == "" and actor.state == ""
    assert got["Ellwood"] == actor.id


def test_name_of_an_organisation_takes_it_as_affiliation(cb):
    got = by_surface(mentions(cb, "Piotr Zalewsky of the International Crisis Group said "
                                  "the truce was fragile.")[1])
    actor = cb.get(got["Piotr Zalewsky"])
    assert actor.parent == "ICG" and actor.country == ""


def test_diacritics_fold_to_one_person(cb):
    got = by_surface(mentions(cb, "Uruguayan President José Ramírez Olvedo spoke first. "
                                  "Later Ramirez said no more. Jose Ramirez Olvedo left.")[1])
    pid = got["Uruguayan President José Ramírez Olvedo"]
    assert got["Ramirez"] == pid and got["Jose Ramirez Olvedo"] == pid
    assert dia_fold("Díaz-Canel") == "Diaz-Canel"


def test_later_surname_carries_the_claim(cb):
    claims = claims_of(cb, "Kenyan Foreign Minister Wanjiru Obuya met her counterpart. "
                           "Obuya said the border would stay open.")
    claim = next(c for c in claims if "border would stay open" in c.text)
    assert cb.get(claim.claimant_id).country == "KEN"


def test_a_name_without_role_or_affiliation_is_not_learned(cb):
    got = by_surface(mentions(cb, "Port Arvel, the regional capital, was calm. Gerald Fenwick "
                                  "spoke to the crowd.")[1])
    assert not any("~" in a for a in got.values())


def test_one_word_after_a_role_is_not_a_new_person(cb):
    got = by_surface(mentions(cb, "The spokesman Friday said nothing.")[1])
    assert not any("~" in a for a in got.values())


def test_state_inside_a_name_is_not_the_state(cb):
    got = mentions(cb, "Ships sailed in the Sea of Bolivia near the Bank of Peru building.")[1]
    assert not {m.actor_id for m in got} & {"BOL", "PER"}
    got = mentions(cb, "The President of Peru said so.")[1]
    assert any(cb.get(m.actor_id).country == "PER" for m in got)


def test_learned_person_is_in_actors_table_with_its_ancestors(cb):
    _, ms = mentions(cb, "Moldovan Defence Minister Ilona Vextrova visited the base.")
    used = {m.actor_id for m in ms}
    table = actors_table(used, {}, cb).set_index("actor_id")
    pid = next(a for a in used if "~" in a)
    assert table.loc[pid, "origin"] == "learned" and table.loc[pid, "country"] == "MDA"
    assert "MDA-MOD" in table.index and "MDA" in table.index


def test_codebook_office_holder_beats_learning(cb):
    got = by_surface(mentions(cb, "Ethiopia's prime minister Abiy Ahmed spoke.", "2025-11-01")[1])
    assert "ETH-ABIY" in got.values()


# -- the surname of a codebook person the article names in full ---------------------------------
def test_surname_of_codebook_person_named_in_full(cb):
    _, ms = mentions(cb, "Zakir Hasanov toured the front line on Monday. Hasanov said the "
                         "troops held their ground, and Mr Hasanov praised the gunners.")
    ids = [m.actor_id for m in ms if "Hasanov" in m.surface]
    assert ids == ["AZE-HASANOV"] * 3


def test_surname_shared_or_inside_another_name_is_nobody(cb):
    _, ms = mentions(cb, "Zakir Hasanov met ministry spokesman Elvin Hasanov in Baku. "
                         "Hasanov said nothing.")
    assert "Hasanov" not in by_surface(ms)  # two people of that name: neither is meant
    _, ms = mentions(cb, "Zakir Hasanov spoke first. Later his niece Leyla Hasanov spoke.")
    assert [m.actor_id for m in ms if m.start > 30 and m.actor_id == "AZE-HASANOV"] == []


def test_title_with_no_state_takes_the_one_state_whose_bodies_were_named(cb):
    got = by_surface(mentions(cb, "Peru's government protested. Foreign Minister Ilda Varoun "
                                  "spoke. Army spokesman Tomas Quelder agreed.")[1])
    assert cb.get(got["Ilda Varoun"]).parent == "PER-MFA"
    assert cb.get(got["Tomas Quelder"]).parent == "PER-MIL"


def test_title_with_no_state_stays_stateless_when_two_states_have_bodies(cb):
    got = by_surface(mentions(cb, "Peru's army and Chile's army met. Foreign Minister Ilda "
                                  "Varoun spoke.")[1])
    assert cb.get(got["Ilda Varoun"]).country == ""
    got = by_surface(mentions(cb, "Foreign Minister Ilda Varoun spoke.")[1])
    assert cb.get(got["Ilda Varoun"]).country == ""


def test_a_group_alias_ending_a_name_is_a_surname(cb):
    got = by_surface(mentions(cb, "Peru's government spoke. Foreign Minister Ilda Mora Wagner "
                                  "spoke. Mora Wagner later left. Wagner fighters stayed.")[1])
    pid = got["Ilda Mora Wagner"]
    assert got["Mora Wagner"] == pid and got["Wagner"] == "WAGNER"


def test_an_honorific_of_the_other_sex_is_another_person(cb):
    got = mentions(cb, "Defence Minister Ilda Varoun of Peru spoke. Mrs. Varoun said she would "
                       "stay. Mr. Varoun said he agreed.")[1]
    ids = [m.actor_id for m in got if m.surface == "Varoun"]
    assert len(ids) == 1  # Mrs. Varoun is the minister; Mr. Varoun is someone else


def test_an_honorific_of_the_same_sex_keeps_the_person(cb):
    got = mentions(cb, "Defence Minister Ilda Varoun of Peru spoke. Ms Varoun said she would "
                       "stay. Varoun left.")[1]
    assert len([m for m in got if m.surface == "Varoun"]) == 2


def test_name_set_off_by_commas_after_a_role(cb):
    got = by_surface(mentions(cb, "A senior Hamas official, Basem Varoun, told reporters the "
                                  "group was ready. Varoun left.")[1])
    assert cb.get(got["Basem Varoun"]).parent == "HAMAS" and got["Varoun"] == got["Basem Varoun"]


def test_name_after_a_comma_without_a_closing_comma_is_not_learned_from_the_role(cb):
    got = by_surface(mentions(cb, "Peru's army is strong, Jane Roe said.")[1])
    assert "Jane Roe" not in got


def test_a_title_before_a_learned_name_is_not_an_unresolved_name(cb):
    raw = RawDoc("t", {"doc_id": "t", "outlet": "", "published": "2024-03-01", "title": ""},
                 "0" * 64, "Foreign Minister Ilda Varoun of Peru spoke. Ruritania's Zorbal "
                           "Province protested.")
    unresolved = {u.surface for u in resolve(ingest(raw, cb), cb)[3]}
    assert "Foreign Minister Ilda Varoun" not in unresolved and "Zorbal Province" in unresolved


def test_report_lists_learned_people_with_the_unresolved_names():
    import pandas as pd
    from pathlib import Path
    from analysis.report.sections import Tables, unresolved_table
    frames = {
        "unresolved": pd.DataFrame({"surface": ["Zorbal"], "kind": ["unknown"], "start": [0],
                                    "sentence": ["Zorbal said."]}),
        "actors": pd.DataFrame({"actor_id": ["PER-MFA~Ilda_Varoun", "PER-MFA", "X~Gone"],
                                "name": ["Ilda Varoun", "Ministry of Foreign Affairs of Peru",
                                         "Gone"],
                                "type": ["person", "government", "person"],
                                "parent_id": ["PER-MFA", "PER-GOV", ""],
                                "origin": ["learned", "derived", "learned"]}),
        "mentions": pd.DataFrame({"actor_id": ["PER-MFA~Ilda_Varoun"] * 2}),
    }
    got = unresolved_table(Tables(Path("."), [], frames))
    row = got[got["surface"] == "Ilda Varoun"].iloc[0]
    assert row["kind"] == "learned" and row["count"] == 2
    assert row["example"] == "of Ministry of Foreign Affairs of Peru"
    assert "Gone" not in set(got["surface"])  # not mentioned in the selected articles
