"""The actor dictionaries of one codebook, compiled once: names, role words, place words.

Every resolution component (`actor_people`, `actor_states`, `actor_coref`, ...) reads
these tables instead of the codebook's lists, so the per-document work is lookups in sets
and dicts keyed on lowercase token tuples (the form `ActorDoc.match_seq` asks about).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from analysis.codebook import Codebook
from analysis.text.textutil import PhraseIndex, fold, norm, tokenize

# Punctuation that ends an apposition after a name ("Jane Roe, Ruritania's minister, said").
APPOSITION_STOPS = (",", ";", " - ", "(", ")", '"')
# Actor types that a role noun after them belongs to ("the ministry ... spokesman Li Wen").
BODY_TYPES = frozenset({"government", "military", "armed_group", "international_org", "media"})



# One word of a person's name: letters, with inner apostrophes or hyphens ("Sa'ar",
# "Diaz-Canel", "al-Burhan"); digits and underscores are not names.
NAME_WORD = re.compile(r"[^\W\d_][^\W_]*(?:['-][^\W\d_][^\W_]*)*")
_FOLD_CACHE: dict[str, str] = {}


def dia_fold(text: str) -> str:
    """Strip accents one character for one ("José Díaz" -> "Jose Diaz"), so a name spelled
    with or without diacritics is one name, and offsets in the folded text stay valid."""
    if text.isascii():
        return text
    table = {}
    for ch in set(text):
        if ch.isascii():
            continue
        base = _FOLD_CACHE.get(ch)
        if base is None:
            base = "".join(c for c in unicodedata.normalize("NFD", ch)
                           if not unicodedata.combining(c))
            base = _FOLD_CACHE[ch] = base if len(base) == 1 else ch
        if base != ch:
            table[ord(ch)] = base
    if not table:
        return text
    if len(table) <= 8:
        # a few characters change: one `str.replace` each (a C scan) is the same text as
        # `str.translate`, which looks every character up in the table (six times slower
        # on an article); a base letter never changes again (NFD is fully decomposed)
        for k, v in table.items():
            text = text.replace(chr(k), v)
        return text
    # many characters change: substituting only those in one regex scan is the same text
    subst = {chr(k): v for k, v in table.items()}
    pattern = re.compile("[" + "".join(re.escape(c) for c in sorted(subst)) + "]")
    return pattern.sub(lambda m: subst[m.group()], text)


def role_head(role: str) -> str:
    """The noun a role phrase is later named by: "minister of foreign affairs" -> minister,
    "defence ministry spokesman" -> spokesman."""
    words = role.lower().split()
    if "of" in words[1:]:
        words = words[:words.index("of", 1)]
    return words[-1] if words else ""


def _key(phrase: str) -> tuple[str, ...]:
    """A phrase as the lowercase token tuple the tables are keyed on."""
    return tuple(t.low for t in tokenize(phrase))


@dataclass(frozen=True)
class Ref:
    """A raw dictionary hit: a curated actor, a state form or a place."""

    kind: str  # actor | state | place
    key: str   # actor id, ISO3 or place name
    form: str  # alias | name | demonym | people | capital | place
    country: str = ""


class ActorMatcher:
    """Compiled dictionaries for one codebook (built once: every document reuses them)."""

    def __init__(self, cb: Codebook):
        self.cb = cb
        #: words that start sentences or name no entity: grammar.yaml `stop_names`
        self.not_names = cb.grammar.stop_names("actors")
        self._names(cb)
        self._roles(cb)
        self._places(cb)
        self._people(cb)
        self._anaphors(cb)

    def _names(self, cb: Codebook) -> None:
        """The name dictionaries: places, state forms and curated aliases (case-insensitive,
        searched through `lexicon.doc_hits`), and the case-sensitive ones ("US", "the
        South"), searched here; the geographic shorthands name a state only where
        `actor_states.StateAttribution.shorthand_ref` says so."""
        phrases: dict[str, object] = {}
        cs: dict[str, object] = {}
        for place in cb.places:
            for name in (place.name,) + place.aliases:
                phrases.setdefault(name, Ref("place", place.name, "place", place.country))
        for st in cb.states.values():
            for a in st.aliases:
                phrases[a] = Ref("state", st.id, "name")
            for c in st.capitals:
                phrases.setdefault(c, Ref("state", st.id, "capital"))
            for d in st.demonyms:
                phrases[d] = Ref("state", st.id, "people" if d.endswith("s") and d[:-1] in
                                 st.demonyms else "demonym")
            for a in st.aliases_cs:
                cs[a] = Ref("state", st.id, "name")
            for c in st.capitals_cs:
                cs[c] = Ref("state", st.id, "capital")
        for actor in cb.actors.values():
            for a in actor.aliases:
                phrases[a] = Ref("actor", actor.id, "alias")
            for a in actor.aliases_cs:
                cs[a] = Ref("actor", actor.id, "alias")
        self.shorthands: dict[str, list] = {}
        for sh in cb.shorthands:
            for f in sh.forms:
                cs.setdefault(f, Ref("shorthand", fold(f), "shorthand"))
                self.shorthands.setdefault(fold(f), []).append(sh)
        self.phrases = phrases  # searched through `lexicon.doc_hits` (table "actors")
        self.cs = {fold(k): v for k, v in cs.items()}
        self.cs_index = PhraseIndex(self.cs, case_sensitive=True)

    def _roles(self, cb: Codebook) -> None:
        """Role head nouns ("armed forces") and titles ("defence minister"), with the
        first words of each table, so `match_seq` rejects most tokens with one set test."""
        self.heads: dict[tuple[str, ...], str] = {}
        self.titles: dict[tuple[str, ...], str] = {}
        for role in cb.roles.values():
            for h in role.heads:
                self.heads[_key(h)] = role.role
            for t in role.titles:
                self.titles[_key(t)] = role.role
        self.max_head = max((len(k) for k in self.heads), default=1)
        self.max_title = max((len(k) for k in self.titles), default=1)
        self.first_tokens = {k[0] for k in self.heads} | {k[0] for k in self.titles}
        self.firsts = {id(self.heads): {k[0] for k in self.heads},
                       id(self.titles): {k[0] for k in self.titles}}  # per table, for match_seq

    def _places(self, cb: Codebook) -> None:
        """Words that make a state name a place or a people: nationals ("Syrian
        mercenaries"), place prepositions (indexed by their last word, longest first),
        modifiers ("southern"), "<word> of" names ("Sea of Japan")."""
        self.nationals = {_key(h) for h in cb.nationals}
        self.nationals_by_len: dict[int, set[tuple[str, ...]]] = {}
        for nat in self.nationals:
            self.nationals_by_len.setdefault(len(nat), set()).add(nat)
        self.nationals_first = {nat[0] for nat in self.nationals}
        self.place_preps = sorted((_key(p) for p in cb.place_prepositions), key=len, reverse=True)
        self.prep_last = {p[-1] for p in self.place_preps}
        self.preps_by_last: dict[str, list[tuple[str, ...]]] = {}  # longest first, as above
        for p in self.place_preps:
            self.preps_by_last.setdefault(p[-1], []).append(p)
        self.agentive_from = {norm(w) for w in cb.agentive_from}
        self.place_modifiers = {norm(w) for w in cb.place_modifiers}
        self.not_state_of = {_key(w) for w in cb.not_state_of}
        self.max_not_state_of = max((len(k) for k in self.not_state_of), default=1)
        self.pro = cb.pro_prefix.lower()
        self.backed = cb.backed_suffix.lower()
        self.led = cb.led_suffix.lower()

    def _people(self, cb: Codebook) -> None:
        """Words around a person's name: honorifics, person roles (every title is one too:
        "defense minister Jane Doe"), affiliation prepositions, name particles."""
        self.honorifics = {h.lower() for h in cb.honorifics}
        self.person_roles = {_key(r): r for r in cb.person_roles}
        for key in self.titles:
            self.person_roles.setdefault(key, " ".join(key))
        self.max_person_role = max((len(k) for k in self.person_roles), default=1)
        self.firsts[id(self.person_roles)] = {k[0] for k in self.person_roles}
        # words a surname may follow ("Mr Roe", "President Roe", "spokesman Roe")
        self.before_surname = self.honorifics | {k[-1] for k in self.person_roles}
        self.aff_preps = {p.lower() for p in cb.affiliation_preps}
        self.particles = {p.lower() for p in cb.name_particles}
        self.role_last = {k[-1] for k in self.person_roles}  # "chairman" (of the ...)

    def _anaphors(self, cb: Codebook) -> None:
        """"the ministry", "the army": nouns naming again the last body of their roles, and
        the words that end such a noun phrase ("the ministry said", "the army has"), unlike
        a noun it modifies ("the military sphere") or a coordination ("the military and
        security sector")."""
        self.anaphors: dict[tuple[str, ...], frozenset[str]] = {}
        for role in cb.roles.values():
            for a in role.anaphors:
                key = _key(a)
                self.anaphors[key] = self.anaphors.get(key, frozenset()) | {role.role}
        self.max_anaphor = max((len(k) for k in self.anaphors), default=1)
        # a noun phrase also ends before a place or affiliation preposition ("backed the army
        # throughout the war", "supplied the army with helicopters"); "of" stays out (see
        # `head_alone`)
        self.np_end = {norm(w) for w in cb.speaker_stop} | {
            norm(f) for c in cb.cues for f in c.forms if " " not in f} | {
            p for p in cb.place_prepositions + cb.affiliation_preps if " " not in p and p != "of"}
        self.firsts[id(self.anaphors)] = {k[0] for k in self.anaphors}
