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
