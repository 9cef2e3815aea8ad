"""The subject of a pre-posed attribution cue when a parenthetical stands between them.

"Clinton, during a town hall meeting in Columbus, Ohio, said C": the phrase that opens the
clause ("Clinton") is the speaker, not the place at the end of the parenthetical. The
parenthetical is recognised by its first word (a preposition, a relative pronoun, an -ing
participle, a reflexive), listed in the codebook (`cues.yaml`: `parenthetical_openers`).
"""
from __future__ import annotations

import re

from analysis.codebook import Codebook

_WORD = re.compile(r"[A-Za-z’'-]+")


class SubjectFinder:
    """Finds the subject phrase that opens a clause before a parenthetical."""

    def __init__(self, cb: Codebook):
        self.openers = frozenset(w.lower() for w in cb.parenthetical_openers)
        self.leads = frozenset(w.lower() for w in cb.speaker_lead)
        self.articles = frozenset(cb.grammar.words("common", "articles"))

    def opens_parenthetical(self, segment: str, participles: bool = True) -> bool:
        """Whether a comma-separated segment reads as a parenthetical (by its first word).

        `participles` also counts an -ing or -self word ("wearing a hat"); off where an -ing
        noun or "According" may open a clause of content."""
        m = _WORD.search(segment)
        if not m or m.start() > 2:
            return False
        w = m.group(0).lower()
        return w in self.openers or participles and (
            (w.endswith("ing") and len(w) > 5) or w.endswith("self"))

    def __call__(self, region: str, commas: list[int]) -> int:
        """End offset (in `region`) of the opening subject phrase, or -1.

        `commas` are the offsets of the region's commas outside quotations, in order. The
        opening phrase counts as a subject when it does not itself read as a parenthetical
        or a lead word ("On Monday, Trump said" keeps the later speaker) and the segment
        after it opens a parenthetical, and the cue is not itself inside one (the text after
        the last comma does not open one)."""
        if not commas:
            return -1
        first = commas[0]
        head = region[:first]
        words = head.split()
        if not words or len(words) > 8 or self.opens_parenthetical(head) or \
                words[0].lower().strip(",") in self.leads or not (
                    words[0][:1].isupper() or words[0].lower() in self.articles):
            return -1
        if not self.opens_parenthetical(region[first + 1:]) or \
                self.opens_parenthetical(region[commas[-1] + 1:]):
            # "A rocket, which Israel says ...": the cue is inside the parenthetical
            return -1
        return first
