"""Checks on the codebook data files: states.yaml, actors.yaml, places.yaml.

These tests read the YAML directly (not through analysis.codebook) so that they pin down
the data itself: coverage of states, referential integrity of ids, unambiguous aliases,
sane office dates, and that the generated files are reproducible from their scripts.
"""
from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pycountry
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CODEBOOK = ROOT / "data" / "codebook"
SCRIPTS = ROOT / "scripts"

sys.path.insert(0, str(SCRIPTS))
import make_states  # noqa: E402  (the generator's transliteration, for sort keys)

#: The 193 member states of the United Nations (ISO 3166-1 alpha-3).
UN_MEMBERS = frozenset("""
AFG AGO ALB AND ARE ARG ARM ATG AUS AUT AZE BDI BEL BEN BFA BGD BGR BHR BHS BIH BLR BLZ
BOL BRA BRB BRN BTN BWA CAF CAN CHE CHL CHN CIV CMR COD COG COL COM CPV CRI CUB CYP CZE
DEU DJI DMA DNK DOM DZA ECU EGY ERI ESP EST ETH FIN FJI FRA FSM GAB GBR GEO GHA GIN GMB
GNB GNQ GRC GRD GTM GUY HND HRV HTI HUN IDN IND IRL IRN IRQ ISL ISR ITA JAM JOR JPN KAZ
KEN KGZ KHM KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAR MCO MDA MDG
MDV MEX MHL MKD MLI MLT MMR MNE MNG MOZ MRT MUS MWI MYS NAM NER NGA NIC NLD NOR NPL NRU
NZL OMN PAK PAN PER PHL PLW PNG POL PRK PRT PRY QAT ROU RUS RWA SAU SDN SEN SGP SLB SLE
SLV SMR SOM SRB SSD STP SUR SVK SVN SWE SWZ SYC SYR TCD TGO THA TJK TKM TLS TON TTO TUN
TUR TUV TZA UGA UKR URY USA UZB VCT VEN VNM VUT WSM YEM ZAF ZMB ZWE
""".split())
#: States that are not UN members but are in states.yaml.
NON_MEMBERS = frozenset({"PSE", "VAT", "XKX", "TWN"})
#: States without a demonym of their own: it would be ambiguous with another state's
#: ("Dominican" is DOM's, "Congolese" is COD's).
NO_DEMONYM = frozenset({"DMA", "COG"})

#: Roles that make derived actor ids {ISO3}-{ROLE}.
DERIVED_ROLES = frozenset({"GOV", "PRES", "MOD", "MFA", "MIL", "INT", "HEALTH", "PROSECUTOR"})
#: Titles of offices: the roles plus positions that are not heads of a body.
TITLES = DERIVED_ROLES | {"SPOKESPERSON", "AIDE", "AMBASSADOR", "LEADER"}
ACTOR_TYPES = frozenset({"state", "government", "military", "person", "media", "source_group",
                         "armed_group", "international_org", "bloc"})
ACTOR_KEYS = frozenset({"id", "name", "type", "country", "parent", "role", "aliases",
                        "aliases_cs", "backed_by", "located_in", "offices"})
REQUIRED_ACTOR_KEYS = ("id", "name", "type", "country", "parent", "aliases")
STATE_STRING_KEYS = ("aliases", "aliases_cs", "demonyms", "capitals", "capitals_cs")


def load(name: str):
    return yaml.safe_load((CODEBOOK / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def states() -> list[dict]:
    return load("states.yaml")


@pytest.fixture(scope="module")
def actors() -> list[dict]:
    return load("actors.yaml")


@pytest.fixture(scope="module")
def places() -> list[dict]:
    return load("places.yaml")


@pytest.fixture(scope="module")
def state_ids(states) -> set[str]:
    return {s["id"] for s in states}


@pytest.fixture(scope="module")
def known_ids(states, actors) -> set[str]:
    """State ids, actors.yaml ids and every derived {ISO3}-{ROLE} id."""
    ids = {s["id"] for s in states} | {a["id"] for a in actors}
    ids |= {f"{s['id']}-{role}" for s in states for role in DERIVED_ROLES}
    return ids


def fold(text: str) -> str:
    """Casefolded, without diacritics (the generators' transliteration)."""
    return make_states.fold(text).casefold()


def as_date(value) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


# --------------------------------------------------------------------------------------
# states.yaml
# --------------------------------------------------------------------------------------

def test_un_members_list_is_sane():
    assert len(UN_MEMBERS) == 193
    missing = sorted(c for c in UN_MEMBERS if pycountry.countries.get(alpha_3=c) is None)
    assert not missing


def test_states_are_un_members_plus_four(state_ids):
    assert not UN_MEMBERS - state_ids, "UN members missing"
    assert state_ids == UN_MEMBERS | NON_MEMBERS


def test_states_sorted_and_unique(states):
    ids = [s["id"] for s in states]
    assert ids == sorted(ids)
    assert len(ids) == len(set(ids))


def test_state_entries_complete(states):
    for state in states:
        sid = state["id"]
        assert re.fullmatch(r"[A-Z]{3}", sid), sid
        assert isinstance(state["name"], str) and state["name"], sid
        assert state["name"] in state["aliases"], sid
        assert state["capitals"] or state.get("capitals_cs"), f"{sid}: no capital"
        if sid in NO_DEMONYM:
            assert not state["demonyms"], sid
        else:
            assert state["demonyms"], f"{sid}: no demonym"
        for key in STATE_STRING_KEYS:
            for text in state.get(key, []):
                assert isinstance(text, str) and text == text.strip() and text, (sid, key)


@pytest.mark.parametrize("sid, name, alias", [
    ("RUS", "Russia", "Russian Federation"),
    ("USA", "United States", "the United States"),
    ("GBR", "United Kingdom", "Britain"),
    ("TUR", "Turkey", "Türkiye"),
    ("IRN", "Iran", "Islamic Republic of Iran"),
    ("SYR", "Syria", "Syrian Arab Republic"),
    ("KOR", "South Korea", "Republic of Korea"),
    ("AZE", "Azerbaijan", "Republic of Azerbaijan"),
    ("XKX", "Kosovo", "Kosovo"),
])
def test_state_names(states, sid, name, alias):
    state = next(s for s in states if s["id"] == sid)
    assert state["name"] == name
    assert alias in state["aliases"]


def test_case_sensitive_short_forms(states):
    by_id = {s["id"]: s for s in states}
    assert {"US", "USA"} <= set(by_id["USA"]["aliases_cs"])
    assert "UK" in by_id["GBR"]["aliases_cs"]
    assert "UAE" in by_id["ARE"]["aliases_cs"]
    for state in states:
        lowered = {a.casefold() for a in state["aliases"]}
        assert not lowered & {"us", "uk", "uae", "usa"}, state["id"]


@pytest.mark.parametrize("sid, demonym, capital", [
    ("AZE", "Azeri", "Baku"), ("ARM", "Armenian", "Yerevan"), ("TUR", "Turkish", "Ankara"),
    ("RUS", "Russian", "Moscow"), ("USA", "American", "Washington"), ("GBR", "British", "London"),
    ("UKR", "Ukrainian", "Kiev"), ("BLR", "Belarussian", "Minsk"), ("ARE", "Emirati", "Abu Dhabi"),
    ("LBY", "Libyan", "Tripoli"), ("CHN", "Chinese", "Beijing"), ("FRA", "French", "Paris"),
])
def test_demonyms_and_capitals(states, sid, demonym, capital):
    state = next(s for s in states if s["id"] == sid)
    assert demonym in state["demonyms"]
    assert capital in state["capitals"]


# --------------------------------------------------------------------------------------
# actors.yaml
# --------------------------------------------------------------------------------------

def test_actor_entries_well_formed(actors, state_ids):
    for actor in actors:
        aid = actor.get("id")
        assert set(actor) <= ACTOR_KEYS, (aid, set(actor) - ACTOR_KEYS)
        for key in REQUIRED_ACTOR_KEYS:
            assert key in actor, (aid, key)
        assert re.fullmatch(r"[A-Z0-9]+(-[A-Z0-9]+)*", aid), aid
        assert actor["type"] in ACTOR_TYPES, aid
        assert actor["type"] != "state", f"{aid}: states live in states.yaml"
        assert isinstance(actor["name"], str) and actor["name"], aid
        assert actor["aliases"] or actor.get("aliases_cs"), f"{aid}: no alias"
        for key in ("aliases", "aliases_cs"):
            for text in actor.get(key, []):
                assert isinstance(text, str) and text == text.strip() and text, (aid, key)
        if actor["type"] in {"government", "military", "person"} and actor["country"]:
            assert aid.startswith(actor["country"] + "-"), aid
        if "role" in actor:
            assert actor["role"] in DERIVED_ROLES, aid
            assert aid == f"{actor['country']}-{actor['role']}", aid
        if actor["type"] == "person":
            assert actor.get("offices"), f"{aid}: a person needs offices"
        else:
            assert "offices" not in actor, aid


def test_ids_unique_across_states_and_actors(states, actors):
    ids = [s["id"] for s in states] + [a["id"] for a in actors]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates


def test_references_are_known(actors, known_ids, state_ids):
    problems = []
    for actor in actors:
        aid = actor["id"]
        if actor["country"] and actor["country"] not in state_ids:
            problems.append(f"{aid}: country {actor['country']!r}")
        if actor["parent"] and actor["parent"] not in known_ids:
            problems.append(f"{aid}: parent {actor['parent']!r}")
        if actor["parent"] == aid:
            problems.append(f"{aid}: is its own parent")
        for key in ("backed_by", "located_in"):
            value = actor.get(key)
            if value is not None:
                assert isinstance(value, str), f"{aid}: {key} must be one id"
                if value and value not in state_ids:
                    problems.append(f"{aid}: {key} {value!r}")
        for office in actor.get("offices", []):
            if office["office"] not in known_ids:
                problems.append(f"{aid}: office {office['office']!r}")
            if office["title"] not in TITLES:
                problems.append(f"{aid}: title {office['title']!r}")
    assert not problems, "\n".join(problems)


def test_parent_chains_end(actors):
    parent = {a["id"]: a["parent"] for a in actors}
    for aid in parent:
        seen = {aid}
        node = parent[aid]
        while node in parent and node:
            assert node not in seen, f"cycle through {aid}"
            seen.add(node)
            node = parent[node]


def test_office_dates(actors):
    for actor in actors:
        for office in actor.get("offices", []):
            assert set(office) == {"office", "title", "start", "end"}, actor["id"]
            start, end = as_date(office["start"]), as_date(office["end"])
            if start and end:
                assert start <= end, (actor["id"], office)
            for day in (start, end):
                assert day is None or dt.date(1945, 1, 1) <= day <= dt.date(2030, 1, 1)


def test_no_alias_shared_by_two_actors(states, actors):
    owner: dict[str, str] = {}
    problems = []

    def claim(text: str, who: str) -> None:
        other = owner.setdefault(text.casefold(), who)
        if other != who:
            problems.append(f"{text!r}: {other} and {who}")

    for state in states:
        for key in STATE_STRING_KEYS:
            for text in state.get(key, []):
                claim(text, state["id"])
    for actor in actors:
        claim(actor["name"], actor["id"])  # the loader matches names as aliases too
        for key in ("aliases", "aliases_cs"):
            for text in actor.get(key, []):
                claim(text, actor["id"])
    assert not problems, "\n".join(problems)


def test_dated_offices_of_the_seed_article(actors):
    """'Defense Minister Zakir Garalov' (2020-09-27) must be checkable against the record."""
    by_id = {a["id"]: a for a in actors}
    day = dt.date(2020, 9, 27)

    def holds(aid: str, title: str) -> bool:
        return any(o["title"] == title and as_date(o["start"]) <= day
                   and (o["end"] is None or day <= as_date(o["end"]))
                   for o in by_id[aid]["offices"])

    assert holds("TUR-AKAR", "MOD")
    assert holds("AZE-HASANOV", "MOD")
    assert not holds("AZE-GARALOV", "MOD")
    assert not holds("AZE-GARALOV", "PROSECUTOR")  # left office 2020-05-07
    for aid in ("AZE-MOD", "TUR-MOD", "RUS-MOD", "ARM-MOD"):
        assert by_id[aid]["role"] == "MOD" and by_id[aid]["parent"].endswith("-GOV")


# --------------------------------------------------------------------------------------
# places.yaml
# --------------------------------------------------------------------------------------

def test_places_well_formed(places, state_ids):
    keys = [(fold(p["name"]), p["name"], p["country"], p["kind"]) for p in places]
    assert keys == sorted(keys)
    assert len({(p["name"], p["country"]) for p in places}) == len(places)
    for place in places:
        assert set(place) == {"name", "country", "kind", "aliases"}, place
        assert place["country"] == "" or place["country"] in state_ids, place
        assert place["name"] in place["aliases"] and place["kind"], place


def test_places_are_not_states(places, states):
    taken = {fold(t) for s in states for k in STATE_STRING_KEYS for t in s.get(k, [])}
    taken |= {fold(s["name"]) for s in states}
    clashes = sorted({a for p in places for a in p["aliases"] if fold(a) in taken})
    assert not clashes


def test_places_do_not_shadow_actors(places, actors):
    names = {a.casefold() for actor in actors for a in [actor["name"], *actor["aliases"]]}
    clashes = sorted({a for p in places for a in p["aliases"] if a.casefold() in names})
    assert not clashes


@pytest.mark.parametrize("alias", [
    "Fizuli", "Füzuli", "Jabrail", "Jabrayil", "Nagorno Karabakh", "Karabakh", "Artsakh",
    "Stepanakert", "Shushi", "Garakhanbeyli", "Garvand", "Kend Gyaryadiz", "Boyuk Marchanli",
    "Ruzgar", "Mindjevan", "Caucasus", "South Caucasus", "Idlib", "Saraqib", "Sirte",
    "Jufra", "Donbass", "Kharkiv", "Zmiinyi Island", "Odessa", "Crimea", "Black Sea",
    "Middle East",
])
def test_conflict_places_present(places, alias):
    assert any(alias in p["aliases"] for p in places), alias


# --------------------------------------------------------------------------------------
# Generators reproduce the committed files
# --------------------------------------------------------------------------------------

@pytest.mark.parametrize("script, filename", [
    ("make_states.py", "states.yaml"),
    ("make_places.py", "places.yaml"),
])
def test_generators_reproduce_committed_files(tmp_path, script, filename):
    subprocess.run([sys.executable, str(SCRIPTS / script), "--out", str(tmp_path)],
                   check=True, capture_output=True, cwd=tmp_path)
    generated = (tmp_path / filename).read_bytes()
    assert generated == (CODEBOOK / filename).read_bytes(), (
        f"{filename} is stale: run python scripts/{script}")


def test_not_in_state_names_roles(tmp_path):
    """roles.yaml `not_in_state`: role ids only; an unknown id is one error line."""
    import shutil

    from analysis import config
    from analysis.codebook import load_codebook
    from analysis.codebook.load import CodebookError

    assert "SRC" in load_codebook().not_in_state and "GOV" not in load_codebook().not_in_state
    folder = tmp_path / "codebook"
    shutil.copytree(config.CODEBOOK, folder)
    path = folder / "roles.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        'not_in_state: [STATE,', 'not_in_state: [STATES,'), encoding="utf-8")
    with pytest.raises(CodebookError, match="not_in_state: 'STATES' is not a role") as err:
        load_codebook(folder)
    assert "\n" not in str(err.value)


def test_led_and_backed_roles_are_roles(tmp_path, cb):
    """roles.yaml `led_role`/`backed_role`: the role a "<demonym>-led" / "-backed" phrase
    fills; an unknown id is one error line."""
    import shutil

    from analysis import config
    from analysis.codebook import load_codebook
    from analysis.codebook.load import CodebookError

    assert (cb.led_role, cb.backed_role) == ("COALITION", "PROXY")
    folder = tmp_path / "codebook"
    shutil.copytree(config.CODEBOOK, folder)
    path = folder / "roles.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("led_role: COALITION",
                                                             "led_role: ALLIANCE"), encoding="utf-8")
    with pytest.raises(CodebookError, match="led_role: 'ALLIANCE' is not a role") as err:
        load_codebook(folder)
    assert "\n" not in str(err.value)
