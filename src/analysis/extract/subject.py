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
        g = cb.grammar
        #: what may open a subject noun phrase in lower case ("the campaign", "some senators")
        self.np_openers = self.articles | frozenset(g.words("coref", "definite_openers"))
        self.pronouns = frozenset(g.words("cues", "subject_pronouns")) - {"it", "there"}
        #: the words that end an opening subject phrase: grammar.yaml `subject_verbs`
        self.verbs = frozenset(g.words("speaker_names", "subject_verbs"))
        particles = "|".join(re.escape(w.rstrip("-")) for w in g.words("speaker_names",
                                                                         "particles"))
        #: a run of capitalised words ("Texas Sen. Ted Cruz", "Secretary of State Jane Roe")
        #: lowercase words (three at most) between a name run and the next
        self.title_gap = re.compile(r"\s+((?:[a-z][\w-]*\s+){1,3})([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4})")
        self.not_names = g.stop_names("speaker", capitalised=True)
        self.subordinators = frozenset(g.words("speaker_names", "subordinators"))
        self.clause_openers = frozenset(g.words("speaker_names", "clause_openers"))
        self.relatives = frozenset(w.lower() for w in cb.relative_pronouns)
        self.name_run = re.compile(r"[A-Z][\w.'’-]*(?:\s+(?:(?:of|" + particles +
                                   r")\s+)?[A-Z][\w.'’-]*){0,6}")

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

    def opening(self, region: str, commas: list[int]) -> tuple[int, int] | None:
        """The subject phrase that opens a clause (offsets in `region`), or None.

        Read for a cue that is the subject's second verb ("Roe took the stage and said C",
        "Roe went after Doe on Monday, calling C"): the speaker is the clause's subject, not
        the last name before the cue. Lead words ("But") and an opening adverbial up to its
        comma ("On Tuesday,", "At a rally in Ames, Iowa, on Sunday,") are passed; the
        subject is then a pronoun, a run of capitalised words, or a phrase opened by an
        article or quantifier ("some senators") up to its verb (`subject_verbs`, or a
        lowercase -ed word)."""
        pos, opener = 0, False
        for _ in range(6):
            m = _WORD.search(region, pos)
            if not m:
                return None
            nxt = next((c for c in commas if c >= m.start()), -1)
            # a place continuing an opener that ended with a name ("in Ames, Iowa,")
            last = region[:pos - 1].split()[-1:] if opener else []
            place = bool(last) and last[0][:1].isupper()
            phrase = self._phrase(region, m) if place else None
            word = m.group(0).lower()
            if word in self.leads and word not in self.clause_openers and \
                    region[m.end():m.end() + 1] != ",":
                pos = m.end()  # "Then he cut into X": a lead, not an opener to its comma
                continue
            if self.opens_parenthetical(region[m.start():], participles=nxt > 0) or (
                    phrase and region[phrase[1]:phrase[1] + 1] == ",") or (
                    m.group(0).endswith("ly") and region[m.end():m.end() + 1] == ","):
                # an adverbial ("Rallying voters,", "Publicly,"), or a place or date
                # continuing one ("in Ames, Iowa,")
                if nxt < 0:
                    return None  # "By Sunday she had ...": where the opener ends is unknown
                pos, opener = nxt + 1, True
            elif m.group(0).lower() in self.leads:
                pos = m.end()
            else:
                return phrase or self._phrase(region, m)
        return None

    def _phrase(self, region: str, m: re.Match) -> tuple[int, int] | None:
        """The subject phrase starting at word `m`: see `opening`. A title or office in
        lower case between capitalised words stays in it ("Presumptive Democratic
        presidential nominee Jane Roe")."""
        w = m.group(0)
        if region[max(0, m.start() - 1):m.start()] not in ("", " ", "\n", "“", '"') or \
                w.lower() in self.verbs:
            return None
        if w.lower() in self.pronouns:
            return m.start(), m.end()
        if w.lower() not in self.np_openers:
            if w.split("’")[0].split("'")[0] in self.not_names:
                return None  # "It’s grimly funny", "Both", "Soon after"
            run = self.name_run.match(region, m.start())
            if not run or run.end() < len(region) and region[run.end()] not in " ,(":
                return None
            end = run.end()
            more = self.title_gap.match(region, end)
            while more and not any(x in self.verbs or x in self.openers or
                                   x.endswith(("s", "ed")) for x in more.group(1).split()):
                end = more.end()
                more = self.title_gap.match(region, end)
            if not region[:end].endswith(("'s", "’s", "'", "’")):
                return m.start(), end
            # "Ethiopia’s army chief was": the possessed noun is the head
            return self._head(region, m.start(), end) or (m.start(), end)
        return self._head(region, m.start(), m.end())

    def _head(self, region: str, start: int, end: int) -> tuple[int, int] | None:
        """A subject noun phrase from `start`, its words after `end` read up to the verb
        (`subject_verbs`, a lowercase -ed word) or a comma, dash or parenthesis; None when
        no word follows or more than five do."""
        count = 0
        for word in _WORD.finditer(region, end):
            low = word.group(0).lower()
            gap = region[end:word.start()]
            if gap.strip() or low in self.verbs or (low in self.openers and low != "of") or (
                    low.endswith("ed") and len(low) > 4 and word.group(0).islower()):
                break  # a comma, dash or parenthesis, the verb or a preposition
            end, count = word.end(), count + 1
            if count > 5:
                return None
        return (start, end) if count else None

    def nearest(self, region: str, subj: tuple[int, int]) -> tuple[int, int] | None:
        """The subject of the last clause opened inside the one `subj` opens, when a
        `subordinators` word stands between it and the cue ("The crowd cheered when Roe
        took the stage and": Roe): the phrase after the word, or before a relative pronoun
        its antecedent (the text back to the previous comma or the opening subject). None
        when no such word stands there, or no subject phrase follows it."""
        last = None
        for m in _WORD.finditer(region, subj[1]):
            if m.group(0).lower() in self.subordinators:
                last = m
        if last is None:
            return subj
        if last.group(0).lower() in self.relatives:
            head = region[:last.start()].rstrip(" ,")
            start = max(head.rfind(",") + 1, subj[0] if subj[1] <= len(head) else 0)
            return (start, len(head)) if head[start:].strip() else None
        nxt = _WORD.search(region, last.end())
        return self._phrase(region, nxt) if nxt else None
