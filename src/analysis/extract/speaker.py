"""The source of a frame: who a speaker region ("the ministry", "Jane Roe, a spokeswoman",
"he", "media reports") names, as (claimant_id, surface, attribution).

A frame finder locates where the speaker is written; this component decides who it is, in
one order of readings (a codebook person, a name the codebook does not know, a codebook
body, a bare name, a pronoun or group through `coref`, an anonymous source, a short noun
phrase). One place decides it, so every frame (pre-posed, post-posed, "according to", colon)
reads its speaker the same way.
"""
from __future__ import annotations

import re

from analysis.codebook import Codebook
from analysis.extract.clauses import ClauseSplitter, LastName, _rx
from analysis.extract.coref import CorefResolver, Speaker
from analysis.extract.docindex import DocIndex
from analysis.extract.subject import SubjectFinder
from analysis.records import Mention
from analysis.text.textutil import norm, word_re

#: Longest definite phrase read as an explicit but unknown speaker ("The Democratic
#: front-runner and former secretary of state said C"); it holds no verb or function word
#: before its last word (`_reads_as_clause`), so a longer subject is still no clause.
DEFINITE_MAX_WORDS = 12


def _reads_as_clause(words: list[str], stop: frozenset[str]) -> bool:
    """A short region holding a verb or function word before its last word reads as a
    clause ("The truce is fragile,"), not a speaker; trailing auxiliaries and adverbs belong
    to the cue ("The ministry has (said)", "the army also (said)")."""
    words = [w.strip(",.") for w in words]
    while words and words[-1] in stop:
        words.pop()
    return any(w in stop for w in words)


class SpeakerFinder:
    """Resolves a speaker region to (claimant_id, surface, attribution), built per codebook."""

    def __init__(self, cb: Codebook):
        self.cb = cb
        self.anon_noun_re = word_re(cb.anonymous_nouns)
        self.group_re = word_re(cb.group_nouns + cb.associate_nouns)
        self.associate_re = word_re(cb.associate_nouns)
        self.pron_re = word_re(cb.pronouns + cb.grammar.words("coref", "object_pronouns"))
        #: "The ministry said": a short region opening with one is a definite phrase
        self.definite_re = re.compile(r"(" + "|".join(
            map(re.escape, cb.grammar.words("coref", "definite_openers"))) + r")\b")
        self.lead_re = re.compile(r"(?:(?:" + "|".join(map(re.escape, cb.speaker_lead)) +
                                  r")\b[\s,]*)+") if cb.speaker_lead else None
        self.speaker_stop = frozenset(cb.speaker_stop)
        #: capitalised words never read as a name: grammar.yaml `stop_names`
        self.last_name = LastName(cb)
        #: capitalised words never read as a name: grammar.yaml `stop_names` (speaker)
        self.not_name = self.last_name.stop
        self.clauses = ClauseSplitter(cb)
        self.speaker_quantifiers = frozenset(cb.speaker_quantifiers)
        self.evidence = frozenset(n.lower() for n in cb.evidence_nouns)
        number = r"(?:\d[\d.,]*%?|" + "|".join(map(re.escape, cb.grammar.numbers(
            "quantities", "number_words"))) + ")"
        links = "|".join(map(re.escape, cb.share_links)) or "(?!)"
        self.share_re = re.compile(rf"{number}(?: (?:{links}) {number})?")
        self.coref = CorefResolver(cb)
        pron = "|".join(map(re.escape, cb.grammar.words("cues", "subject_pronouns")))
        #: the subject that opens a clause: a subject pronoun, or a run of capitalised words
        #: (no possessive) before a lowercase word or an apposition's comma ("Carson did not
        #: name them, but said C", "Clinton, who spoke first, met X and said C")
        self.articles = frozenset(cb.grammar.words("common", "articles"))
        self.demonstratives = frozenset(cb.grammar.words("coref", "demonstratives"))
        self.opening_re = re.compile(r"(?:(?i:" + pron + r")|(?:[A-Z][\w.'’-]*\s+){0,4}"
                                     r"[A-Z][\w.-]*(?<!['’]s))(?=\s+[a-z]|,)")
        self.subject = SubjectFinder(cb)  # the subject a clause cut off ("..., but said C")
        #: a preposition after an inverted speaker's name ("said Jane Roe during the debate"),
        #: not one that names whom the speaker is with ("of", "for", "from")
        self.inverted_prep_re = re.compile(r"\s(?:" + "|".join(sorted(
            self.subject.openers - {"of", "for", "from"})) + r")\s")

    def __call__(self, d: DocIndex, s: int, e: int, sent_id: int,
                 strict: bool = False) -> Speaker | None:
        """Resolve a speaker region to (claimant_id, surface, attribution) or None.

        `strict` refuses the last-resort reading of a short definite phrase ("the ministry")
        as an unknown speaker (used where the region may be content, not a speaker).
        """
        s, e = self.clauses.trim(d.doc.text, s, e)
        lead = self.lead_re.match(d.low, s, e) if self.lead_re else None
        if lead and lead.end() < e:
            s = lead.end()  # "But she said", "Even so, voters said"
        elif lead:
            # nothing but "but"/"and": "X admitted A, but said B" -> the sentence's speaker,
            # else the subject the clause cut off, else the subject opening the sentence
            sent = d.doc.sentences[sent_id]
            return self.coref.same_sentence(d, sent_id) or \
                self.sentence_subject(d, s, sent_id) or \
                self.opening_subject(d, sent.start, s, sent_id)
        if e <= s:
            return None
        region, low = d.doc.text[s:e], d.low[s:e]
        mentions = d.mentions_in(s, e)
        if mentions:
            return self._with_mentions(d, s, e, region, low, mentions)
        return self._without_mentions(d, region, low, sent_id, strict)

    def sentence_subject(self, d: DocIndex, at: int, sent_id: int) -> Speaker | None:
        """The subject that opens the sentence, for a cue whose own subject is elided
        after a cut ("She paid it down in five years, but said C": she), when no frame of
        the sentence has spoken yet; None when no subject phrase opens it."""
        start = d.doc.sentences[sent_id].start
        region = d.doc.text[start:at]
        commas = [i for i, ch in enumerate(region) if ch == ","]
        subj = self.subject.opening(region, commas)
        subj = self.subject.nearest(region, subj) if subj else None
        if subj is None or start + subj[1] >= at:
            return None
        return self(d, start + subj[0], start + subj[1], sent_id)

    def _with_mentions(self, d: DocIndex, s: int, e: int, region: str, low: str,
                       mentions: list[Mention]) -> Speaker:
        """A region holding codebook actors: the evidence they made ("a CNN poll"), the last
        person, a person the codebook does not know speaking for a body, or the first body."""
        text, cb = d.doc.text, self.cb
        persons = [m for m in mentions if (a := cb.get(m.actor_id)) and a.type == "person"]
        lw = low.split()
        near = self.associate_re.search(low)
        if near and near.start() < mentions[0].start - s:
            return "", region, "group"  # "a person close to Jane Roe": not Jane Roe
        if not persons and lw and lw[-1].strip("'’") in self.evidence and len(lw) <= 10:
            return mentions[0].actor_id, region, "named"  # the evidence, by whoever made it
        if persons:
            p = persons[-1]
            return p.actor_id, p.surface, "named"
        name = self.last_name(text[s:mentions[0].start])
        first = cb.get(mentions[0].actor_id)
        if len(name.split()) > 1 and (first is None or first.type != "state"):
            # "Michael Kofman, a military analyst" / "Jane Roe of the Crisis Group": a person
            # the codebook does not know, identified by name -> named; keep an organisation
            orgs = [m.actor_id for m in mentions
                    if (a := cb.get(m.actor_id)) and a.type not in {"source_group", "state"}]
            org = orgs[0] if orgs else ""
            d.memory.remember(name, org, self.coref.not_name)
            return org, name, "named"
        m = mentions[0]
        # "Philippine Defense Secretary Delfin Lorenzana": a name the codebook does not know
        # after the body it speaks for; a later "Lorenzana said" speaks for it too
        after = self.last_name(text[mentions[-1].end:e])
        if len(after.split()) > 1:
            d.memory.remember(after, m.actor_id, self.coref.not_name)
        # a pronoun-led region ("his spokesperson") -> the previous speaker's organisation
        return m.actor_id, region if len(region) < 120 else m.surface, \
            self.attribution_of(m.actor_id, low[:max(0, m.start - s)] + " " + low)

    def _without_mentions(self, d: DocIndex, region: str, low: str, sent_id: int,
                          strict: bool) -> Speaker | None:
        """A region naming no codebook actor: an anonymous source, the evidence itself, a
        bare name, a pronoun or group (coreference), or a short noun phrase."""
        anon = self.anon_noun_re.search(low)
        if anon and len(low[:anon.start()].split()) <= 2 and not self.group_re.search(low):
            return "", region, "anonymous"  # "media reports", not "the authors of the report"
        lw = low.split()
        if lw and lw[-1].strip("'’") in self.evidence and len(lw) <= 10:
            return "", region, "group"  # "Recent polls (show)": the evidence itself
        name = self.last_name(region)
        if name and (len(name.split()) > 1 or not self.group_re.search(low)):
            # "Mr Abiy told parliament" after "Abiy Ahmed, Ethiopia's prime minister, said"
            return d.memory.known(name), name, "named"
        if self.group_re.search(low):
            return self.coref.group_pronoun(d, region, low, sent_id)
        if self.pron_re.fullmatch(low.strip()) or self.pron_re.match(low.strip()):
            return self.coref.pronoun(d, region, low, sent_id)
        if anon:
            return "", region, "anonymous"
        words = low.split()
        if not strict and 0 < len(words) <= DEFINITE_MAX_WORDS and self.definite_re.match(low) \
                and _rx(r"[a-z]{2,}").search(words[-1]) \
                and not _reads_as_clause(words, self.speaker_stop):
            # "The ministry said": an explicit but unknown speaker, never the author's voice
            return self.coref.definite(d, region, words, sent_id)
        if not strict and 2 <= len(words) <= 4 and words[0] in self.demonstratives \
                and _rx(r"[a-z]{3,}").fullmatch(words[-1]) \
                and not any(w in self.speaker_stop for w in words[1:]):
            # "That person said", "Those voters believe": a definite phrase too
            return self.coref.definite(d, region, words, sent_id)
        return None if strict else self.noun_phrase(region, words)

    def opening_subject(self, d: DocIndex, s: int, e: int, sent_id: int) -> Speaker | None:
        """The speaker of a verb coordinated with the first verb of [s, e) ("Carson did not
        name them, but told C", "She visited the port and said C"): the pronoun or the
        capitalised name (`opening_re`) that opens it, after any lead words; None when it
        opens otherwise ("The mayor visited", "In May, she ...": no subject is guessed)."""
        lead = self.lead_re.match(d.low, s, e) if self.lead_re else None
        if lead:
            s = lead.end()
        while s < e and d.doc.text[s].isspace():
            s += 1
        m = self.opening_re.match(d.doc.text, s, e)
        if not m or m.group(0).lower() in self.speaker_stop or \
                m.group(0).lower() in self.articles:
            return None  # "The mayor visited": where its phrase ends is not guessed
        sp = self(d, m.start(), m.end(), sent_id, strict=True)
        return sp if sp and sp[2] != "anonymous" else None

    def attribution_of(self, actor_id: str, region_low: str) -> str:
        """named or group, from the claimant's type and the words around it."""
        actor = self.cb.get(actor_id)
        if actor is None:
            return "named"
        if actor.type in {"source_group"} or (actor.origin == "pattern" and actor.type == "media"):
            return "group"
        lead = region_low.strip()
        m = self.group_re.search(lead)
        if m and m.start() < 25 and actor.type not in {"person"}:
            name_pos = lead.find(norm(actor.name)[:6])
            if name_pos < 0 or m.start() < name_pos:
                return "group"
        return "named"

    def inverted(self, d: DocIndex, s: int, e: int) -> tuple[int, int]:
        """The speaker region after an inverted cue ('said Jane Roe, 59, of Ohio'): up to
        the first comma, where an apposition or a place begins."""
        comma = d.doc.text.find(",", s, e)
        if comma > s and d.doc.text[s:comma].strip():
            e = comma
        # '"C," said Jane Roe during the debate': a name, then where or when it was said
        for m in self.inverted_prep_re.finditer(d.doc.text, s, e):
            if any(w[:1].isupper() for w in d.doc.text[s:m.start()].split()):
                return s, m.start()
        return s, e

    def noun_phrase(self, region: str, words: list[str]) -> Speaker | None:
        """A speaker no codebook actor or name covers, read as a short noun phrase
        ("three-quarters of the voters", "many speakers at the service"): an explicit
        source, left unresolved (no claimant id); None when the region reads as a clause."""
        quant = self.speaker_quantifiers
        if words and words[0] in quant and len(words) <= 6:
            # "about 9 percent", "those surveyed": a share of people, once its leads go
            words = list(words)
            while words and words[0] in quant:
                words.pop(0)
        if not 0 < len(words) <= 8 or any(w.strip(",.") in self.speaker_stop for w in words):
            return None
        share = bool(self.share_re.fullmatch(" ".join(words).strip(",.")))
        if not (share or _rx(r"[a-z]{3,}$").search(words[-1])) or \
                any(q in region for q in "“”\"("):
            return None
        # "47% say", "four in 10 said": a share of people, a group though it ends in a number
        return "", region, "group" if share or words[-1].endswith("s") else "named"
