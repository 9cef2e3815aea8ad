"""Coreference for speakers: who "he", "his spokesperson" or "the ministry" is.

A speaker region that names nobody ("he said", "the ministry said", "but said") is read
against what the document said before: the last named speaker, the recent speakers, the
persons of the two previous sentences, and the affiliations learned from named speakers the
codebook does not know. That memory is per document (`Discourse`); the rules that read it
are built once per codebook (`CorefResolver`), so the reading is the same in every document.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from analysis.codebook import Codebook
from analysis.records import Mention
from analysis.text.textutil import norm, word_re

if TYPE_CHECKING:  # the index holds the memory; the memory only names its types
    from analysis.extract.docindex import DocIndex, Frame

#: (claimant_id, surface, attribution): a speaker as read from a region.
Speaker = tuple[str, str, str]


class Discourse:
    """What a document has said so far about its speakers (read by `CorefResolver`)."""

    def __init__(self) -> None:
        self.last_speaker: Frame | None = None
        self.last_speaker_sent = -10
        self.last_quote_frame: Frame | None = None
        self.recent: list[tuple[int, Frame]] = []
        self.names: dict[str, str] = {}

    def heard(self, frame: Frame, sent_id: int) -> None:
        """Remember a named or group speaker of sentence `sent_id` (the last six are kept:
        a definite phrase looks back four sentences at most)."""
        self.last_speaker, self.last_speaker_sent = frame, sent_id
        self.recent = (self.recent + [(sent_id, frame)])[-6:]
        self.last_quote_frame = frame

    def remember(self, name: str, actor_id: str, stop: frozenset[str]) -> None:
        """Remember the affiliation of a named speaker the codebook does not know, by each
        capitalised word of the name that is not in `stop` (`CorefResolver.not_name`)."""
        if actor_id:
            for word in name.split():
                if len(word) >= 4 and word[0].isupper() and word not in stop:
                    self.names.setdefault(word, actor_id)

    def known(self, name: str) -> str:
        """The affiliation remembered for a name ("Mr Abiy" after "Abiy Ahmed, Ethiopia's
        prime minister, said"), by its last remembered word; '' when none."""
        return next((self.names[w] for w in reversed(name.split()) if w in self.names), "")


class CorefResolver:
    """Resolves speaker regions that refer back (pronouns, definite phrases, bare leads)."""

    def __init__(self, cb: Codebook):
        self.cb = cb
        #: capitalised words never read as (part of) a name: grammar.yaml `stop_names`
        self.not_name = cb.grammar.stop_names("names", capitalised=True)
        self.pron_re = word_re(cb.pronouns + cb.grammar.words("coref", "object_pronouns"))
        #: pronouns of a person, of a body or state, of a group: grammar.yaml `coref`
        self.person_pron = frozenset(cb.grammar.words("coref", "person_pronouns"))
        self.thing_pron = frozenset(cb.grammar.words("coref", "thing_pronouns"))
        self.group_pron = frozenset(cb.grammar.words("coref", "group_pronouns"))
        #: nouns naming a person by office ("the top general", "its spokesman"): such a
        #: speaker is a person even when it resolves to the body it speaks for
        self.person_nouns = frozenset(t.split()[-1] for t in cb.person_roles) | frozenset(
            t.split()[-1] for r in cb.roles.values() for t in r.titles)

    def same_sentence(self, d: DocIndex, sent_id: int) -> Speaker | None:
        """A region of nothing but "but"/"and" ("X admitted A, but said B"): the sentence's
        own speaker, if it has one."""
        prev = d.memory.last_speaker
        if prev and d.memory.last_speaker_sent == sent_id:
            return prev.claimant_id, prev.surface, prev.attribution
        return None

    def group_pronoun(self, d: DocIndex, region: str, low: str, sent_id: int) -> Speaker:
        """A group noun led by a pronoun ("his spokesperson"): the previous speaker's
        organisation (a person's parent body); otherwise an unresolved group."""
        mem = d.memory
        pron = self.pron_re.match(low.strip())
        if pron and mem.last_speaker and sent_id - mem.last_speaker_sent <= 3:
            prev = self.cb.get(mem.last_speaker.claimant_id)
            cid = mem.last_speaker.claimant_id
            if prev and prev.type == "person" and prev.parent:
                cid = prev.parent
            return cid, region, "named" if cid else mem.last_speaker.attribution
        return "", region, "group"

    def pronoun(self, d: DocIndex, region: str, low: str, sent_id: int) -> Speaker:
        """A pronoun: the last speaker (three sentences back at most) when it can be what
        the pronoun refers to (`compatible`), else for "he"/"she" the nearest person
        mentioned and for "it" the nearest body or state opening a previous sentence; else
        an explicit speaker left unresolved (not the author's voice, and no claimant
        guessed)."""
        mem, pron = d.memory, low.strip()
        prev = mem.last_speaker
        near = prev and sent_id - mem.last_speaker_sent <= 3 and self.compatible(prev, pron)
        if near and prev.claimant_id:
            return (prev.claimant_id, region, prev.attribution)
        found = self.recent_person(d, sent_id) if pron in self.person_pron else \
            self.recent_body(d, sent_id) if pron in self.thing_pron else None
        if found:  # the last speaker is unknown or cannot be meant: the nearest mention
            return found.actor_id, region, "named"
        if near:
            return (prev.claimant_id, region, prev.attribution)
        return "", region, "group" if pron in self.group_pron else "named"

    def compatible(self, frame: Frame, pron: str) -> bool:
        """Whether a speaker can be what a pronoun refers to: "he"/"she" no known body or
        state and no "it"; "it" no known person and no "he"/"she"; "they" anything (a
        body, a group, people). An unknown speaker is compatible unless its own surface is
        a pronoun of the other kind."""
        if pron not in self.person_pron and pron not in self.thing_pron:
            return True
        actor = self.cb.get(frame.claimant_id) if frame.claimant_id else None
        surface = frame.surface.strip().lower()
        if actor is not None:
            last = surface.rsplit(" ", 1)[-1].strip(".,'’")
            person = actor.type == "person" or last in self.person_nouns
            return person == (pron not in self.thing_pron)
        if surface in self.person_pron or surface in self.thing_pron:
            return (surface in self.thing_pron) == (pron in self.thing_pron)
        return True

    def definite(self, d: DocIndex, region: str, words: list[str], sent_id: int) -> Speaker:
        """A short definite phrase ("The ministry said"): a recent speaker whose name or
        surface holds its head noun, else an explicit but unknown speaker."""
        head = words[-1]
        for prev_sent, prev in reversed(d.memory.recent):
            actor = self.cb.get(prev.claimant_id) if prev.claimant_id else None
            if sent_id - prev_sent <= 4 and actor and \
                    head in norm(actor.name + " " + prev.surface).split():
                return prev.claimant_id, region, prev.attribution
        return "", region, "named" if words[0] == "the" else "group"

    def recent_body(self, d: DocIndex, sent_id: int) -> Mention | None:
        """The body or state that opens the nearest of the two previous sentences (its
        first mention, when no person comes before it): what "it said" most often means."""
        for sid in (sent_id - 1, sent_id - 2):
            if sid < 0:
                break
            sent = d.doc.sentences[sid]
            ms = d.mentions_in(sent.start, sent.end)
            actor = self.cb.get(ms[0].actor_id) if ms else None
            if actor and actor.type not in {"person", "source_group"}:
                return ms[0]
        return None

    def recent_person(self, d: DocIndex, sent_id: int) -> Mention | None:
        """The first person mentioned in the nearest of the two previous sentences."""
        for sid in (sent_id - 1, sent_id - 2):
            if sid < 0:
                break
            sent = d.doc.sentences[sid]
            for m in d.mentions_in(sent.start, sent.end):
                actor = self.cb.get(m.actor_id)
                if actor and actor.type == "person":
                    return m
        return None
