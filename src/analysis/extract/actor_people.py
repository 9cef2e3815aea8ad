"""People the codebook does not know, learned from how an article introduces them.

News introduces a person once with a role ("Defense Secretary Jane Roe", "spokesman Li
Wen", "Jane Roe, Ruritania's foreign minister", "Jane Roe of the Crisis Group") and then
names them by surname or role; `PersonFinder` turns each such introduction into a
document-level person of the body the phrase names (rule `learned`), which
`actor_coref.NameCoreference` later finds again.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from operator import attrgetter

from analysis.codebook.model import learned_id
from analysis.extract.actor_doc import ActorDoc
from analysis.extract.actor_lexicon import (APPOSITION_STOPS, BODY_TYPES, NAME_WORD,
                                            ActorMatcher, Ref, dia_fold, role_head)
from analysis.records import Mention
from analysis.text.textutil import fold


#: A capitalised word right after a word: the name goes on, or another name starts.
_rx_cap_after = re.compile(r" [A-Z]")


class PersonFinder:
    """Names after titles and role nouns, and the appositions that say whose they are."""

    def __init__(self, m: ActorMatcher):
        self.m, self.cb = m, m.cb
        self.role_first = m.firsts[id(m.person_roles)]  # first words of the person roles

    def name_span(self, d: ActorDoc, pos: int) -> tuple[int, int]:
        """A person's name from `pos`: up to five capitalised words (lowercase particles
        inside: "bin", "von der"), one space apart, in one sentence and not already an
        actor; (end, number of capitalised words), end -1 when there is none."""
        text, low, limit = d.doc.text, d.low, d.sent_end(pos)
        end, words, p = -1, 0, pos
        while words < 5 and p < limit:
            m = NAME_WORD.match(text, p, limit)
            if not m or (d.taken(p) and not (words and self.alias_surname(d, p, m.end()))):
                break
            w = m.group()
            if w.endswith("'s") and len(w) > 3:  # "Jane Roe's campaign": the name ends first
                if w[0].isupper() and w[:-2].lower() not in self.m.not_names:
                    end, words = m.end() - 2, words + 1
                break
            if w[0].isupper() and w.lower() not in self.m.not_names and not (len(w) > 1 and w.isupper()):
                end, words = m.end(), words + 1
            elif not (words and w.lower() in self.m.particles):
                break
            p = m.end()
            if not (p + 1 < limit and low[p] == " "):  # a no-break space too
                break
            p += 1
        return end, words

    def alias_surname(self, d: ActorDoc, start: int, end: int) -> bool:
        """Whether a one-word alias of a group that continues a name is a surname
        ("Therese Kayikwamba Wagner" is no Wagner Group): a mention of a non-state actor
        that is not a person and covers just the word, with no capitalised word after."""
        if d.mention_at is None:
            d.mention_at = {x.start: x for x in d.mentions}
        x = d.mention_at.get(start)
        if x is None or x.end != end or not d.doc.text[start:start + 1].isupper() \
                or d.doc.text[start:end].isupper():
            return False
        actor = self.cb.get(x.actor_id)
        if actor is None or actor.type in {"state", "person"} or actor.id in self.cb.states:
            return False
        return not _rx_cap_after.match(d.doc.text, end)

    def learn(self, d: ActorDoc, start: int, end: int, parent: str, role: str, rule: str = "learned",
              mention_start: int = -1) -> str:
        """Make the name at [start, end) a document-level person of `parent` (an actor id,
        '' for none) and record its mention (from `mention_start` when a title before the
        name belongs to it); later surnames and "the <role>" find the same person."""
        name = dia_fold(fold(d.doc.text[start:end]))  # "Joe\xa0Biden" = "Joe Biden"
        if d.place_starts:  # "Mara" in "Mara Ellwood" is no longer a place
            d.dropped_places.update(p for p in range(start, end) if p in d.place_starts)
        pid = d.learned.get(name) or learned_id(parent, name)
        d.learned.setdefault(name, pid)
        d.intros.append((end, role_head(role), pid))
        d.add(start if mention_start < 0 else mention_start, end, pid, rule)
        return pid

    def person_after(self, d: ActorDoc, j: int, parent: str, role: str = "") -> int:
        """'<body> spokesman Jane Roe': a role noun (optional when `role` is given) and a
        name from token j -> a learned person of `parent`; its end offset, or -1."""
        n, found = d.match_seq(j, self.m.person_roles, self.m.max_person_role)
        if n:
            j, role = j + n, found
        if not role or j >= d.n_tokens or not d.same_sentence(d.starts[j - 1], d.starts[j]):
            return -1
        end, words = self.name_span(d, d.starts[j])
        if words < 2:
            return -1
        self.learn(d, d.starts[j], end, parent, role)
        return end

    def affiliation_of(self, d: ActorDoc, actor_id: str) -> str:
        """The body a person belongs to through the actor named beside them: a person's own
        body ("Biden's point-man" -> the presidency), else the actor itself."""
        actor = self.cb.get(actor_id)
        if actor is not None and actor.type == "person":
            return actor.parent or actor.country
        return actor_id

    def introductions(self, d: ActorDoc) -> None:
        """People the codebook does not know, introduced by a role (rule `learned`):
        "Defense Secretary Jane Roe", "spokesman Li Wen", "Jane Roe, Ruritania's foreign
        minister", "Jane Roe, a senior fellow at a think tank", "Jane Roe of the Crisis
        Group". The affiliation is the actor the phrase names (none when it names none, as
        for "a think tank"); a name of one word, or with no role or affiliation, stays
        unresolved."""
        ms = sorted(d.mentions, key=attrgetter("start"))
        m_starts = [m.start for m in ms]
        d.place_starts = {p.start for p in d.places}
        texts, lows, starts, nxt = d.texts, d.lows, d.starts, 0
        role_first, particles, last = self.role_first, self.m.particles, d.n_tokens - 1
        # only capitalised tokens can start a title or a name (one pass in C to find them)
        for k in d.caps():
            if k < nxt:
                continue
            if lows[k] not in role_first and (k >= last or not (
                    texts[k + 1][:1].isupper() or lows[k + 1] in particles)):
                continue  # no role, and a name of one word: the test below, made early
            if d.taken(starts[k]):
                continue
            n, role = d.match_seq(k, self.m.person_roles, self.m.max_person_role)
            j = k + n
            if j >= d.n_tokens:
                break
            nxt = j + 1
            if (n and not texts[j][:1].isupper()) or j + 1 >= d.n_tokens or not (
                    texts[j + 1][:1].isupper() or d.lows[j + 1] in self.m.particles):
                continue  # a name of one word is never learned
            end, words = self.name_span(d, starts[j])
            if words < 2:
                continue
            r0 = k
            if not n:
                r0, role = self.role_before(d, k, end)
            parent, role = self.intro_affiliation(d, r0, end, role, ms, m_starts)
            if role or parent:
                self.learn(d, starts[j], end, parent, role)
            nxt = max(d.tok_at(end), k + 1)

    def role_before(self, d: ActorDoc, k: int, end: int = -1) -> tuple[int, str]:
        """A role noun just before token k ("spokesman Li Wen"), or before a comma when the
        name is set off by commas ("a senior Hamas official, Basem Naim, told"): (its first
        token, role)."""
        at = k
        if k >= 2 and d.texts[k - 1] == "," and end >= 0 and d.low.startswith(",", end):
            at = k - 1
        for n in range(min(self.m.max_person_role, at), 0, -1):
            key = tuple(d.lows[at - n:at])
            if key in self.m.person_roles and d.same_sentence(d.starts[at - n], d.starts[k]):
                return at - n, self.m.person_roles[key]
        return k, ""

    def intro_affiliation(self, d: ActorDoc, r0: int, end: int, role: str, ms: list[Mention],
                          m_starts: list[int]) -> tuple[str, str]:
        """(affiliation id, role) of a name ending at `end` whose role phrase starts at token
        r0: an apposition with a role ("Jane Roe, chief of the Ruritanian army"), a
        preposition and a body ("Jane Roe of the Crisis Group"), or, for a role noun before
        the name, the nearest body named earlier in the sentence."""
        low = d.low
        if low.startswith(", ", end):  # `low` has no-break spaces as spaces
            a, limit = end + 2, d.sent_end(end)
            stop = min((i for i in (low.find(c, a, limit) for c in APPOSITION_STOPS) if i >= 0),
                       default=limit)
            found, i = "", d.tok_at(a)
            for t in range(i, min(i + 6, d.n_tokens)):
                if d.starts[t] >= stop:
                    break
                n, found = d.match_seq(t, self.m.person_roles, self.m.max_person_role)
                if n:
                    break
            if found:
                inside = ms[bisect_left(m_starts, a):bisect_left(m_starts, stop)]
                parent = next((self.affiliation_of(d, m.actor_id) for m in inside
                               if m.end <= stop), "")
                return parent, found
        i = d.tok_at(end)
        if i + 1 < d.n_tokens and d.lows[i] in self.m.aff_preps and d.starts[i] == end + 1:
            j = i + 2 if d.lows[i + 1] == "the" else i + 1
            x = bisect_left(m_starts, d.starts[j]) if j < d.n_tokens else len(ms)
            if x < len(ms) and ms[x].start == d.starts[j]:
                actor = self.cb.get(ms[x].actor_id)
                if actor is not None and actor.type not in {"state", "person"}:
                    return ms[x].actor_id, role
        if role:
            s0 = d.sent_starts[d.sent_of(d.starts[r0])]
            x = bisect_left(m_starts, d.starts[r0]) - 1
            while x >= 0 and ms[x].start >= s0:
                actor = self.cb.get(ms[x].actor_id)
                if actor is not None and actor.type == "person":
                    break
                if actor is not None and actor.type in BODY_TYPES:
                    return ms[x].actor_id, role
                x -= 1
            return self.state_office(d, r0, ms), role
        return "", role

    def state_office(self, d: ActorDoc, r0: int, ms: list[Mention]) -> str:
        """The office a state title or a body noun before the role names when no state is
        named with it ("Foreign Minister Jane Roe", "army spokesman Li Wen"): that body of
        the one state whose government or military bodies the article named before; ''
        when it named none or bodies of two states."""
        n, office = d.match_seq(r0, self.m.titles, self.m.max_title)
        if not n:
            for k in range(min(self.m.max_anaphor, r0), 0, -1):
                roles = self.m.anaphors.get(tuple(d.lows[r0 - k:r0]))
                if roles and len(roles) == 1 and d.same_sentence(d.starts[r0 - k], d.starts[r0]):
                    office = next(iter(roles))
                    break
        if not office:
            return ""
        if d.body_states is None:  # (start, state) of every state body, and where a second state appears
            seen: list[tuple[int, str]] = []
            for m in ms:
                a = self.cb.get(m.actor_id)
                if a is not None and a.type in {"government", "military"} and a.country \
                        and m.actor_id not in self.cb.states:
                    seen.append((m.start, a.country))
            mixed = next((seen[i][0] for i in range(1, len(seen)) if seen[i][1] != seen[0][1]),
                         len(d.low) + 1)
            d.body_states = (seen[0] if seen else (len(d.low) + 1, ""), mixed)
        (first, state), mixed = d.body_states
        pos = d.starts[r0]
        if not state or first >= pos or mixed < pos:
            return ""
        return self.cb.role_actor_id(state, office)

    def name_after(self, d: ActorDoc, i: int, hits_at: dict[int, tuple[int, int, Ref]]) -> tuple[int, str]:
        """A person named from token i: (end offset, actor id or '' when unknown) or (-1, '')."""
        if i >= d.n_tokens:
            return -1, ""
        hit = hits_at.get(d.starts[i])
        if hit and hit[2].kind == "actor":
            actor = self.cb.get(hit[2].key)
            if actor and actor.type == "person":
                return hit[1], actor.id
        # unknown capitalised name ("Díaz-Canel Bermúdez", "Sa'ar", "bin Salman" inside)
        end, words = self.name_span(d, d.starts[i])
        return (end, "") if words else (-1, "")

