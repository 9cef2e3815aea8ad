"""State names, demonyms and capitals: the state, one of its bodies, a place, or nothing.

A state form alone names the state ("Turkey said"), but the words around it decide more:
a role head after it names a body ("Azerbaijani Armed Forces", "Russia's defence
ministry"), a title and a name a person ("Turkish Defense Minister Jane Doe"), a place
preposition a place ("near the border with Iran"), a nationals noun nobody ("Syrian
mercenaries"), and "<word> of" part of another name ("Sea of Japan").
"""
from __future__ import annotations

from analysis.extract.actor_doc import ActorDoc
from analysis.extract.actor_lexicon import ActorMatcher, Ref
from analysis.extract.actor_offices import OfficeCheck
from analysis.extract.actor_people import PersonFinder


#: The rule a bare state form is recorded under, by its form.
_FORM_RULE = {"name": "alias", "capital": "metonym", "demonym": "demonym", "people": "demonym"}


class StateAttribution:
    """Rules 2-4 of `actors`: what a state form hit stands for in its context."""

    def __init__(self, m: ActorMatcher, people: PersonFinder, offices: OfficeCheck):
        self.m, self.cb = m, m.cb
        self.people, self.offices = people, offices
        # first words of the titles and heads: most tokens after a state form start
        # neither, and are passed over without a lookup (this runs for every state hit)
        self.title_first = m.firsts[id(m.titles)]
        self.head_first = m.firsts[id(m.heads)]
        self.agent_nouns = frozenset(w.lower() for w in m.cb.agent_nouns)
        #: roles.yaml `not_in_state`; grammar.yaml `actors.head_in`, `actors.name_of`
        self.not_in_state = frozenset(m.cb.not_in_state)
        self.head_in = frozenset(m.cb.grammar.words("actors", "head_in"))
        self.name_of = frozenset(m.cb.grammar.words("actors", "name_of"))
        self.place_suffixes = m.cb.grammar.words("actors", "place_suffixes")

    def state_form(self, d: ActorDoc, hit: tuple[int, int, Ref], hits_at: dict) -> None:
        """Resolve a state name / demonym / capital hit (rules 2-4): part of another name,
        a compound ("-based", "-led", "-backed"), the head of a noun phrase (a body, an
        office, a person), a place, else the state itself."""
        start, end, ref = hit
        iso3, pro_prefix = ref.key, self.m.pro
        pro = start >= len(pro_prefix) and d.low[start - len(pro_prefix):start] == pro_prefix
        s0 = start - len(pro_prefix) if pro else start
        if self.inside_name(d, start):
            d.covered.append((start, end))
            return  # "Sea of Japan", "Bank of England": part of a name, not the state
        if self.compound(d, start, end, s0, iso3) or \
                self.noun_phrase(d, hit, s0, pro, hits_at):
            return
        if ref.form in {"name", "capital"}:
            hs, role = self.head_in_state(d, start)
            if hs >= 0:
                d.add(hs, end, self.cb.role_actor_id(iso3, role), "demonym_np")
                return
            if self.place_context(d, s0):
                d.add_place(start, end, self.cb.states[iso3].name, iso3)
                return
        d.add(s0, end, iso3, _FORM_RULE.get(ref.form, "alias"))

    def compound(self, d: ActorDoc, start: int, end: int, s0: int, iso3: str) -> bool:
        """A hyphen compound: "Brussels-based" (a place), "<demonym>-led coalition" (a
        bloc), "<demonym>-backed <noun>" (a proxy); the last two collapse to the state
        through `backed_by`. Whether one was recorded."""
        low = d.low
        if low.startswith(self.place_suffixes, end):
            d.add_place(start, end, self.cb.states[iso3].name, iso3)
            return True
        for suffix, role in ((self.m.led, self.cb.led_role), (self.m.backed, self.cb.backed_role)):
            if low.startswith(suffix, end):
                e = end + len(suffix)
                k = d.tok_at(e)
                if k < d.n_tokens and d.texts[k].isalpha() and d.texts[k].islower():
                    e = d.ends[k]
                d.add(s0, e, self.cb.role_actor_id(iso3, role), "pattern")
                return True
        return False

    def noun_phrase(self, d: ActorDoc, hit: tuple[int, int, Ref], s0: int, pro: bool,
                    hits_at: dict) -> bool:
        """The state form modifies a noun after it (its possessive, or up to two lowercase
        modifiers between): a title ("Turkish Defense Minister Jane Doe"), a role head
        ("Azerbaijani Armed Forces"), or a nationals noun ("Syrian mercenaries", which
        names nobody). Whether the hit was settled."""
        start, end, ref = hit
        iso3 = ref.key
        i = d.tok_at(end)
        possessive = i < d.n_tokens and d.lows[i] in {"'s", "'"}
        j = i + 1 if possessive else i
        sid = d.sent_of(start)  # a token is in this sentence when it starts before the next
        next_start = d.sent_starts[sid + 1] if sid + 1 < len(d.sent_starts) else len(d.low)
        for skip in range(0, 3):
            k = j + skip
            if k >= d.n_tokens or d.starts[k] >= next_start:
                break
            w = d.lows[k]
            n, role = d.match_seq(k, self.m.titles, self.m.max_title) \
                if w in self.title_first else (0, "")
            if n and (skip == 0 or possessive or d.texts[k - 1].islower()):
                self.title(d, k, n, role, s0, iso3, possessive, hits_at)
                return True
            n, role = d.match_seq(k, self.m.heads, self.m.max_head) \
                if w in self.head_first else (0, "")
            if n and k + n < d.n_tokens and d.lows[k + n] in self.agent_nouns:
                break  # "Israel's main military backer": the head is an adjective
            if n:
                kind = self.cb.roles[role].kind
                body = self.cb.role_actor_id(iso3, role, pro=pro and kind == "group")
                d.add(s0, d.ends[k + n - 1], body,
                      "possessive" if possessive else ("pattern" if kind == "group" else "demonym_np"))
                # "Chinese defence ministry spokesman Li Wen", "Ruritanian spokesman Li Wen"
                self.people.person_after(d, k + n, body,
                                         self.m.person_roles.get(tuple(d.lows[k:k + n]), ""))
                return True
            if d.lows[k] in self.m.nationals_first and any(
                    tuple(d.lows[k:k + n]) in group
                    for n, group in self.m.nationals_by_len.items()):
                d.covered.append((start, end))
                return True  # nationals, not the state ("Syrian mercenaries")
            tk = d.texts[k]
            if not (tk.isalpha() and tk.islower()) or d.lows[k] in self.m.not_names \
                    or d.starts[k] in hits_at:
                break
        return False

    def title(self, d: ActorDoc, k: int, n: int, role: str, s0: int, iso3: str,
              possessive: bool, hits_at: dict) -> None:
        """A state's title at tokens k..k+n: with a codebook person after it, that person
        (checked against the dated offices); with an unknown name, a person learned for the
        office (later "Orban said" is the same person); alone, the office itself."""
        name_end, person = self.people.name_after(d, k + n, hits_at)
        if name_end > 0 and person:
            d.add(s0, name_end, person, "title_name")
            self.offices.check_office(d, s0, name_end, person, iso3, role)
        elif name_end > 0:
            self.people.learn(d, d.starts[k + n], name_end, self.cb.role_actor_id(iso3, role),
                              " ".join(d.lows[k:k + n]), "title_name", s0)
        else:
            d.add(s0, d.ends[k + n - 1], self.cb.role_actor_id(iso3, role),
                  "possessive" if possessive else "demonym_np")

    def place_context(self, d: ActorDoc, start: int) -> bool:
        """Whether a state name at `start` is governed by a place preposition."""
        i = d.tok_at(start)
        j = i - 1
        while j >= 0 and d.lows[j] in self.m.place_modifiers:
            j -= 1  # "in southern Lebanon"
        if j >= 0 and d.lows[j] == "the":
            j -= 1
        if j < 0 or (d.lows[j] not in self.m.prep_last and d.lows[j] not in
                     {",", "and", "or"}):
            return False
        # a list of places: "from Syria, Iraq and Libya" -> look through the list
        if j >= 0 and d.lows[j] in {",", "and", "or"} and d.ends[j - 1] in d.place_ends:
            return True
        for prep in self.m.preps_by_last.get(d.lows[j], ()):
            n = len(prep)
            if j - n + 1 >= 0 and tuple(d.lows[j - n + 1:j + 1]) == prep:
                if not d.same_sentence(d.starts[j - n + 1], start):
                    return False
                k = j - n
                if prep == ("from",) and k >= 0 and d.lows[k] in self.m.agentive_from:
                    return False  # "support from Turkey": an agent, not a place
                # "regime in Armenia", "forces in Syria": a body *in* the state is that state's
                return True
        return False

    def inside_name(self, d: ActorDoc, start: int) -> bool:
        """Whether a state name at `start` ends a name such as "Sea of Japan" ("<word> of",
        the word listed in roles.yaml `not_state_of`) or "Democracy for America" (a
        capitalised word that is no actor and does not open the sentence, then "for")."""
        i = d.tok_at(start)
        if i >= 2 and d.lows[i - 1] == "for":
            # "Democracy for America": a capitalised word inside a sentence, naming no
            # actor, then "for <state>" is an organisation's name
            w = i - 2
            return d.texts[w][:1].isupper() and d.texts[w].isalpha() \
                and d.sent_starts[d.sent_of(d.starts[w])] != d.starts[w] \
                and not d.is_covered(d.starts[w]) and d.same_sentence(d.starts[w], start)
        if i < 2 or d.lows[i - 1] not in self.name_of:
            return False
        return any(i - 1 - n >= 0 and tuple(d.lows[i - 1 - n:i - 1]) in self.m.not_state_of
                   and d.texts[i - 1 - n][:1].isupper()
                   for n in range(1, self.m.max_not_state_of + 1))

    def head_in_state(self, d: ActorDoc, start: int) -> tuple[int, str]:
        """'the regime in Armenia' -> (start of head, role) when a role head precedes 'in'
        and no actor named right before the head owns it ("a Hamas leader in Beirut")."""
        i = d.tok_at(start)
        if i < 2 or d.lows[i - 1] not in self.head_in:
            return -1, ""
        for n in range(min(self.m.max_head, i - 1), 0, -1):
            key = tuple(d.lows[i - 1 - n:i - 1])
            role = self.m.heads.get(key)
            if role and role not in self.not_in_state:
                h = i - 1 - n
                s = d.starts[h]
                if h > 0 and d.is_covered(d.starts[h - 1]) and d.same_sentence(d.starts[h - 1], s):
                    return -1, ""  # "a Hamas leader in Beirut": the head has its own owner
                if not d.is_covered(s):
                    return s, role
        return -1, ""

    def shorthand_ref(self, d: ActorDoc, hit: tuple[int, int, Ref], named: set[str]) -> Ref | None:
        """The state a shorthand hit names ("the South's military", "the nuclear-armed
        North"), or None: it must follow "the" (lowercase words between; a `bare` one such
        as "Congo" need not), come before no other capitalised word, and be listed for a
        state the article names with all its counterparts and none of its `not_with`
        (roles.yaml `shorthands`)."""
        start, end, ref = hit
        j, steps = d.tok_at(start) - 1, 0
        while j >= 0 and steps < 4 and d.lows[j] != "the" and (
                d.texts[j] == "-" or (d.texts[j].isalpha() and d.texts[j].islower())):
            j, steps = j - 1, steps + 1
        after_the = j >= 0 and d.lows[j] == "the" and d.same_sentence(d.starts[j], start)
        k = d.tok_at(end)
        if k < d.n_tokens and d.starts[k] == end + 1 and d.texts[k][:1].isupper():
            return None  # "the South China Sea", "the North Atlantic": another name
        for sh in self.m.shorthands.get(ref.key, ()):
            if (after_the or sh.bare) and sh.state in named \
                    and all(w in named for w in sh.with_) \
                    and not any(w in named for w in sh.not_with):
                return Ref("state", sh.state, "name")
        return None

