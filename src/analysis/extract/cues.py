"""Frames headed by a verb of saying: "X said (that) C", "C, X said", '"C," says X, a ...'.

`CueLexicon` holds what the codebook says about each cue (its verb, polarity, class, whether
it needs "that"); `CueFrameFinder` reads a clause's cues in turn and, for the first that
heads a frame, places its speaker region and content span. The readings are tried in one
order per cue (quote first, a participle after the subject, a passive denial, post-posed,
pre-posed), each a method, so a rule can be found by the shape of sentence it reads.
"""
from __future__ import annotations

import re

from analysis.codebook import Codebook
from analysis.extract.clauses import _leading_quote, _rx
from analysis.extract.coref import Speaker
from analysis.extract.docindex import Clause, Cue, DocIndex, Frame, _span_test
from analysis.extract.speaker import SpeakerFinder
from analysis.extract.subject import SubjectFinder
from analysis.text.textutil import norm, word_re

#: A name right after an inverted cue ('said Jane Roe', 'said Mr. Roe'), a pronoun subject, an
#: apposition: `CuePatterns` compiles them from grammar.yaml `cues`.
#: An "-ing" complement right after a cue ("reported striking", "admitted having fired").
_GERUND = re.compile(r"\s+(?:having\s+)?[a-z]{2,}ing\b")
_CLOSE_Q = frozenset('”"’»\'')
#: "C, Jane Roe, a fellow at the Institute for Peace, Security and Development, told X": a
#: name and its apposition (commas allowed) closing the region before a post-posed cue.
_APPOSITION_AFTER = re.compile(r",\s*((?:[A-Z][\w.'’-]*\s+){0,4}[A-Z][\w.'’-]*)\s*,\s*(?:a|an|the|"
                               r"[A-Z][\w.'’-]*['’]s)\s[^“”\"]{0,200}?,\s*$")
#: the rest of a quotation's tag ('..." he said in an interview, "...') and the opening mark
#: of the quotation that goes on after it
_SPLIT_QUOTE = re.compile(r"[^“”\"‘’.;:]{0,60}?,\s*[“\"]")

#: Verbs of saying of one clause tried as the head of a frame, in order (prose has a few; the
#: most in some 30,000 news sentences was seven). Each try reads the clause up to its cue, so
#: a clause of nothing but cues would cost the square of its length.
MAX_FRAME_CUES = 24


def _attributive(chunk: str, cue: Cue, determiners: frozenset[str]) -> bool:
    """Whether a one-word cue after a determiner (`cues.yaml` `attributive_determiners`)
    is no verb: a past participle modifying the noun after it ("the alleged attack", "its
    stated goal": a lowercase word follows), or a noun ("a claim that", "the warning";
    noun cues are `extract.nominal`'s, which reads their holder)."""
    form = cue.group(0)
    if " " in form:
        return False
    before = chunk[max(0, cue.start() - 12):cue.start()].split()
    if not before or before[-1] not in determiners:
        return False
    return not form.endswith("ed") or bool(_rx(r" [a-z]").match(chunk, cue.end()))


class CuePatterns:
    """The cue readings' patterns whose words are grammar.yaml's `cues` section: verbs of
    saying that invert ("..., says X"), titles before a name, subject pronouns, apposition
    openers, what may open an inverted speaker. A personal pronoun just before the cue is its
    subject, whatever precedes ("which he said"); "Name, a/the ... (of X), cue": the subject
    is the name before the apposition."""

    def __init__(self, cb: Codebook):
        g = cb.grammar

        def alt(key: str, capital: bool = False) -> str:
            words = g.words("cues", key)
            return "|".join([w.capitalize() for w in words] if capital else words)

        self.inverting = frozenset(g.words("cues", "inverting"))
        self.name_ahead = re.compile(r"\s*(?:(?:" + alt("name_titles", True) + r")\.?\s+)?[A-Z]")
        self.inverted_ahead = re.compile(self.name_ahead.pattern + r"|\s*(?:"
                                         + alt("inverted_openers") + r")\s")
        pron = g.words("cues", "subject_pronouns")
        self.pron_before = re.compile(r"(?:^|\W)(" + "|".join([*pron, *(w.capitalize() for w in pron)])
                                      + r")\s+(?:\w+ly\s+)?\Z")
        self.apposition = re.compile(
            r"\s*((?:[A-Z][\w.'’-]*\s+){0,4}[A-Z][\w.'’-]*)\s*,\s*(?:" + alt("apposition_openers")
            + r"|[A-Z][\w.'’-]*['’]s|(?:[\w.'’-]+\s+){0,2}(?:" + alt("apposition_of")
            + r"))\s[^,“”\"]*,\s*$")


class CueLexicon:
    """The codebook's verbs of saying: form -> (cue, polarity, needs "that"), and classes."""

    def __init__(self, cb: Codebook):
        self.cue_forms: dict[str, tuple[str, str, bool]] = {}
        self.cue_class: dict[str, str] = {}  # cue -> its class
        self.gerund_cues = frozenset(c.cue for c in cb.cues if c.gerund)
        for c in cb.cues:
            self.cue_class[c.cue] = c.cls
            for f in c.forms:
                self.cue_forms[norm(f)] = (c.cue, c.polarity, c.needs_that)
        self.class_modality = {k: v[1] for k, v in cb.cue_classes.items()}
        self.whole_clause = frozenset(k for k, v in cb.cue_classes.items() if v[2])
        self.attributive = frozenset(w.lower() for w in cb.attributive_determiners)
        self.evidence = frozenset(n.lower() for n in cb.evidence_nouns)
        self.passive_aux = frozenset(w.lower() for w in cb.passive_auxiliaries)
        self.predicate_openers = frozenset(w.lower() for w in cb.predicate_openers)
        subj = "|".join(map(re.escape, (w.lower() for w in cb.subject_pronouns))) or "(?!)"
        #: a that-less complement clause: "(worry) it may", "(announced) she will"
        self.bare_clause_re = re.compile(r"\s+(?:" + subj + r")\s+([a-z]+)\b")
        #: a subject pronoun opening a clause or following its opening adverbial: "She
        #: spoke on Monday, criticizing X", "In May, she toured Ohio, criticizing X"
        self.pron_opens_re = re.compile(r"(?:^\s*|,\s+)((?i:" + subj + r"))\s+[a-z]")

    def passive(self, chunk: str, cue: Cue) -> bool:
        """Whether a cue is a passive participle ("was declared", "is widely seen"): a form
        of "be" before it (an -ly adverb may stand between), and the cue no -ing or -s form
        ("is saying", "is calls" are no passives)."""
        head = cue.group(0).split()[0]
        if not self.passive_aux or head.endswith(("ing", "s")):
            return False
        before = chunk[max(0, cue.start() - 30):cue.start()].split()
        if before and before[-1].endswith("ly") and len(before) > 1:
            before.pop()
        return bool(before) and before[-1].lower() in self.passive_aux


class CueFrameFinder:
    """Finds the frame a clause's verbs of saying head, if any (built per codebook)."""

    def __init__(self, cb: Codebook, lex: CueLexicon, speaker: SpeakerFinder):
        self.lex, self.speaker = lex, speaker
        self.subject = SubjectFinder(cb)
        self.according_re = word_re(cb.according)
        self.speaker_stop = frozenset(cb.speaker_stop)
        self.rx = CuePatterns(cb)
        rel = "|".join(map(re.escape, cb.relative_pronouns)) or "(?!)"
        #: "..., who (has long) said": the relative pronoun, then auxiliaries or adverbs
        self.relative_re = re.compile(r"(,?)\s*\b(?:" + rel + r")\s+(?:[a-z]+\s+){0,2}\Z")
        self.np_words = frozenset(w.lower() for w in cb.attributive_determiners) | \
            frozenset(w.lower() for w in cb.speaker_quantifiers)

    def cues(self, d: DocIndex, cl: Clause) -> tuple[list[Cue], int]:
        """The clause's cues in the order they are tried, and the end of a quotation that
        opens the clause (0: none). A cue inside a mention ("the United States") or a
        quotation, or used as an adjective ("the alleged attack"), heads no frame."""
        cs, ce, chunk = cl.cs, cl.ce, cl.chunk
        cues = d.cues_in(cs, ce)
        if cues and self.lex.attributive:
            cues = [c for c in cues if not _attributive(chunk, c, self.lex.attributive)]
        if cues:  # most clauses (the author's) have no verb of saying: nothing more to do
            ms = d.mentions_in(cs, ce)
            outside = cl.outside
            if len(ms) * len(cues) <= 256:  # a few of each: compared pair by pair
                spans = [(m.start - cs, m.end - cs) for m in ms]
                cues = [c for c in cues if outside(c.start())
                        and not any(a <= c.start() < b for a, b in spans)]
            else:
                inside = _span_test(ms)
                cues = [c for c in cues if outside(c.start()) and not inside(cs + c.start())]
        quote = _leading_quote(cl.text[cs:ce]) if cues else 0
        if len(cues) > 1 and len(chunk[cues[-1].end():].split()) <= 6 \
                and self._closes_clause(chunk, cues[-1]) \
                and not self._participle_after_frame(chunk, cues[-1]):
            cues = [cues[-1]] + cues[:-1]  # the outer frame closes the clause: "C, X said."
        elif len(cues) > 2 and self._participle_after_frame(chunk, cues[-1]) and \
                "," in chunk[max(0, cues[-2].start() - 60):cues[-2].start()]:
            # "C, it said, calling on Y": the frame before the participle is the outer one
            cues = [cues[-2]] + cues[:-2] + [cues[-1]]
        if quote and len(cues) > 1:
            # '"C," he said, paraphrasing her remarks': the cue nearest the quote tags it
            cues = sorted(cues, key=lambda c: (c.start() < quote, c.start()))
        return cues, quote

    def __call__(self, d: DocIndex, cl: Clause) -> list[Frame] | None:
        """The frames of the first cue that heads one (None: no cue does); a passive cue
        ("a curfew was declared") only when no active one does."""
        cues, quote = self.cues(d, cl)
        passives = [c for c in cues if self.lex.passive(cl.chunk, c)]
        if passives:
            cues = [c for c in cues if c not in passives]
        for c in cues[:MAX_FRAME_CUES]:
            found = self._read(d, cl, cues, c, quote)
            if found:
                return found
        return self._passive_frame(d, cl, passives[0]) if passives else None

    def _passive_frame(self, d: DocIndex, cl: Clause, c: Cue) -> list[Frame] | None:
        """A passive cue heads the whole clause: the agent after "by" is its speaker ("the
        plan was rejected by the council"); with none, nobody is named (anonymous)."""
        cue, polarity, _ = self.lex.cue_forms[c.group(0)]
        by = _rx(r"\s+by\s+").match(cl.chunk, c.end())
        if by:
            comma = cl.chunk.find(",", by.end())
            end = cl.cs + comma if comma > 0 else cl.ce
            sp = self.speaker(d, cl.cs + by.end(), end, cl.sent_id, strict=True)
            if sp:
                return [Frame(sp[0], sp[1], sp[2], cue, polarity, (cl.cs, cl.ce))]
        aux = cl.chunk.rfind(" ", 0, c.start() - 1)
        return [Frame("", cl.chunk[aux + 1:c.end()], "anonymous", cue, polarity, (cl.cs, cl.ce))]

    def _read(self, d: DocIndex, cl: Clause, cues: list[Cue], c: Cue,
              quote: int) -> list[Frame] | None:
        """The frames one cue heads, trying each reading in turn (None: it heads none)."""
        cue, polarity, needs_that = self.lex.cue_forms[c.group(0)]
        chunk = cl.chunk
        after = chunk[c.end():c.end() + 40]
        if quote and c.start() >= quote and c.start() - quote <= 80:
            found = self._quote_first(d, cl, c, quote, cue, polarity)
            if found:
                return found
        before = chunk[:c.start()]
        comma = before.rfind(",")
        appos = self.rx.apposition.match(cl.text, cl.cs, cl.cs + c.start())  # "Jane Roe, a spokeswoman, said"
        found = self._participle(d, cl, c, cue, polarity, before, comma) or \
            self._passive(d, cl, c, cue, polarity)
        if found:
            return found
        if not appos and comma > 0 and not before[comma + 1:].strip():
            found = self._postposed_apposition(d, cl, c, cue, polarity, before)
            if found:
                return found
        if not appos and comma > 0:
            found = self._postposed(d, cl, c, cue, polarity, before, comma, after)
            if found:
                return found
        if needs_that and not self._frames_anyway(cue, after, before):
            return None  # "declared war", "reported losses": not a frame unless post-posed
        first = c.start() == min(x.start() for x in cues)  # no cue before it in the clause
        sp = self._preposed_speaker(d, cl, c, before, comma, appos, first)
        if sp is None:
            return None
        return self._preposed(d, cl, cues, c, sp, cue, polarity)

    def _quote_first(self, d: DocIndex, cl: Clause, c: Cue, quote: int, cue: str,
                     polarity: str) -> list[Frame] | None:
        """'"C," X said' / '"C," says X, a ...' / '"C," X told reporters'."""
        text, cs, ce = cl.text, cl.cs, cl.ce
        gap = text[cs + quote:cs + c.start()]
        inverted = not gap.strip(" ,") or (
            gap.rstrip().endswith(",") and c.group(0) in self.rx.inverting and
            self.rx.name_ahead.match(text, cs + c.end(), ce))
        # '"C" for her, said Jane Roe': the speaker follows the inverted cue
        region = (cs + quote, cs + c.start()) if not inverted else \
            self.speaker.inverted(d, cs + c.end(), ce)
        ap = self.rx.apposition.match(d.apposition_text(), *region) if not inverted else None
        if ap:
            region = (region[0], ap.end(1))  # '"C," Trump, the frontrunner, said'
        sp = self.speaker(d, *region, cl.sent_id)
        if sp:
            # '"What I fear," he said, "is that C."': the quotation goes on after its tag
            split = _SPLIT_QUOTE.match(text, max(cs + c.end(), region[1]), ce)
            return [Frame(sp[0], sp[1], sp[2], cue, polarity,
                          (cs, ce if split else cs + quote))]
        return None

    def _participle(self, d: DocIndex, cl: Clause, c: Cue, cue: str, polarity: str,
                    before: str, comma: int) -> list[Frame] | None:
        """A participle after the subject: "China ..., rejecting X" -> the clause subject."""
        if c.group(0).endswith("ing") and comma > 0 and not before[comma + 1:].strip():
            cs = cl.cs
            pron = self.lex.pron_opens_re.search(cl.text[cs:cs + comma])
            if pron:  # "She spoke in Ohio on Monday, criticizing X": the pronoun subject
                sp = self.speaker(d, cs + pron.start(1), cs + pron.end(1), cl.sent_id)
                if sp:
                    f = Frame(sp[0], sp[1], sp[2], cue, polarity, (cs + c.end(), cl.ce))
                    f.include_cue_from = cs + c.start() if polarity == "deny" else -1
                    return [f]
            subj = d.mentions_in(cs, cs + comma)
            if subj:
                f = Frame(subj[0].actor_id, subj[0].surface,
                          self.speaker.attribution_of(subj[0].actor_id, cl.low[cs:cs + comma]),
                          cue, polarity, (cs + c.end(), cl.ce))
                f.include_cue_from = cs + c.start() if polarity == "deny" else -1
                return [f]
        return None

    def _passive(self, d: DocIndex, cl: Clause, c: Cue, cue: str,
                 polarity: str) -> list[Frame] | None:
        """A passive denial: "a claim denied by Yerevan"."""
        by = _rx(r"\s+by\s+").match(cl.chunk[c.end():])
        if polarity == "deny" and by:
            sp = self.speaker(d, cl.cs + c.end() + by.end(), cl.ce, cl.sent_id)
            if sp:
                return [Frame(sp[0], sp[1], sp[2], cue, polarity, (cl.cs, cl.ce))]
        return None

    def _postposed(self, d: DocIndex, cl: Clause, c: Cue, cue: str, polarity: str,
                   before: str, comma: int, after: str) -> list[Frame] | None:
        """Post-posed: "C, X said (on Thursday)." or "C, says X, a ..."."""
        text, cs, chunk = cl.text, cl.cs, cl.chunk
        tail = chunk[c.end():]
        closes = chunk[comma + 1:comma + 2] in _CLOSE_Q  # '"C," X said'
        intro = len(tail.split()) > 2 and \
            self.subject.opens_parenthetical(text[cs:cs + comma], participles=False)
        # a short content is read only before an inverted cue ("The truce is fragile,
        # says X"); before "X said" it may be an opener ("In Moscow, officials said")
        inverted = not before[comma + 1:].strip(" " + "".join(_CLOSE_Q))
        if not ((cl.outside(comma) or closes) and not intro
                and len(before[comma:].split()) <= 8
                and len(before[:comma].split()) >= (3 if inverted else 5)
                and not _rx(r"\s*(?:that\b|:|,?\s*[“\"‘])").match(after)):
            return None
        # '"C," said X': the closing mark after the comma is not a speaker
        gap_at = cs + comma + 1 + (1 if closes else 0)
        gap = text[gap_at:cs + c.start()]
        mid = _rx(r"(?:\s+[\w-]+){0,3}?\s*,\s+").match(tail)
        if gap.strip():
            # "C, X said." or a frame in mid-clause: "C, the agency reported, days ..."
            ok = len(tail.split()) <= 6 or bool(mid)
            region = (gap_at, cs + c.start())
        else:  # inverted "C, says X": only plain verbs of saying invert
            ok = c.group(0) in self.rx.inverting and bool(self.rx.inverted_ahead.match(
                text[cs + c.end():cl.ce]))
            region = self.speaker.inverted(d, cs + c.end(), cl.ce)
        # an inverted speaker is read strictly, save a short phrase after an
        # article: "..., said the company's chief executive"
        low = d.low
        loose = bool(gap.strip()) or bool(_rx(r"\s*(?:the|a|an)\s").match(
            low, region[0])) and len(low[region[0]:region[1]].split()) <= 6 and \
            not any(w in self.speaker_stop for w in low[region[0]:region[1]].split())
        sp = self.speaker(d, *region, cl.sent_id, strict=not loose) if ok else None
        if not sp:
            return None
        content_start = cs
        acc = self.according_re.match(chunk)
        if acc:
            acc_end = chunk.find(",", acc.end())
            if 0 < acc_end < comma:
                content_start = cs + acc_end + 1
        out = [Frame(sp[0], sp[1], sp[2], cue, polarity, (content_start, cs + comma))]
        if self._continues(d.low, region[1] if not gap.strip() else
                           cs + c.end() + (mid.end() if mid else len(tail)), cl.ce):
            out[0].content = (content_start, cl.ce)  # "The way out, says X, is to talk"
            return out
        if gap.strip() and mid and len(tail.split()) > 6:
            rest = cs + c.end() + mid.end()  # the clause goes on in the author's voice
            out.append(self._participle_rest(d, cl, rest, sp) or
                       Frame(d.outlet_id, d.outlet_name, "author", "", "affirm", (rest, cl.ce)))
        return out

    @staticmethod
    def _closes_clause(chunk: str, c: Cue) -> bool:
        """Whether a cue near the end of a clause heads its outer, post-posed frame ("C, X
        said"): a comma at most six words before it (the speaker between), not a cue
        deep in the content ("X said Y told him C")."""
        comma = chunk.rfind(",", max(0, c.start() - 60), c.start())
        return comma >= 0 and len(chunk[comma + 1:c.start()].split()) <= 6

    @staticmethod
    def _participle_after_frame(chunk: str, c: Cue) -> bool:
        """Whether a cue is a participle opening the segment after a post-posed frame
        ("C, it said, calling on Y to Z"): it shares that frame's speaker, so the frame
        is read first."""
        return c.group(0).split()[0].endswith("ing") and \
            chunk[:c.start()].rstrip().endswith(",") and \
            chunk.count(",", 0, c.start()) >= 2

    def _participle_rest(self, d: DocIndex, cl: Clause, rest: int, sp: Speaker) -> Frame | None:
        """The segment after a post-posed frame opened by a participle cue ("..., it said,
        calling on Y to Z"): the same speaker's second claim."""
        nxt = [c for c in d.cues_in(rest, cl.ce) if c.start() == 0]  # offsets from rest
        if not nxt or not nxt[0].group(0).split()[0].endswith("ing"):
            return None
        cue, polarity, _ = self.lex.cue_forms[nxt[0].group(0)]
        start = rest + nxt[0].end()
        that = _rx(r"\s+that\s").match(d.low, start, cl.ce)
        return Frame(sp[0], sp[1], sp[2], cue, polarity, (that.end() if that else start, cl.ce))

    def _continues(self, low: str, at: int, ce: int) -> bool:
        """Whether the clause goes on after a mid-clause frame with the verb of the subject
        before it: "The way out, says X, is to talk" (`cues.yaml` `predicate_openers`)."""
        m = _rx(r"[\s,]*([a-z]+)\s").match(low, at, ce)
        return bool(m) and low[at:m.start(1)].count(",") <= 1 and \
            m.group(1) in self.lex.predicate_openers

    def _postposed_apposition(self, d: DocIndex, cl: Clause, c: Cue, cue: str, polarity: str,
                              before: str) -> list[Frame] | None:
        """"C, Jane Roe, a fellow at the Institute for X, Y and Z, told reporters.": the
        name before the apposition speaks, the content runs to the comma before the name."""
        m = _APPOSITION_AFTER.search(cl.text, cl.cs, cl.cs + len(before))
        if m:
            m_start, name = m.start() - cl.cs, m.span(1)
        if not m or not cl.outside(m_start) or len(before[:m_start].split()) < 4 or \
                len(cl.chunk[c.end():].split()) > 6:
            return None
        sp = self.speaker(d, *name, cl.sent_id, strict=True)
        if not sp or sp[2] != "named":
            return None
        return [Frame(sp[0], sp[1], sp[2], cue, polarity, (cl.cs, m.start()))]

    def _frames_anyway(self, cue: str, after: str, before: str) -> bool:
        """Whether a cue that needs "that" frames what follows without it: a colon or comma,
        a gerund ("admitted having fired"), a pronoun subject and a verb ("worry it may
        fail"), a "to" complement of a modal class ("plans to
        C"), or a knowledge cue after an evidence noun ("polls show C")."""
        lex = self.lex
        return bool(_rx(r"\s*(that|:|,)").match(after)) or (
            cue in lex.gerund_cues and bool(_GERUND.match(after))) or bool(
            lex.class_modality.get(lex.cue_class.get(cue, "")) and
            _rx(r"(?:\s+[\w'’-]+){0,3}?\s+to\s+[a-z]").match(after)) or (
            lex.cue_class.get(cue) == "knowledge" and
            before.rstrip().rsplit(" ", 1)[-1].strip("'’") in lex.evidence) or \
            bool((m := lex.bare_clause_re.match(after)) and m.group(1) in lex.predicate_openers)

    def _preposed_speaker(self, d: DocIndex, cl: Clause, c: Cue, before: str, comma: int,
                          appos: re.Match | None, first: bool = False) -> Speaker | None:
        """The speaker of a pre-posed cue: a pronoun right before it ("which he said C"), a
        name before an apposition, the subject before a parenthetical ("Clinton, during a
        visit, said"), the segment after the last comma ("In a statement, the ministry
        said"), then the whole run from the clause start."""
        text, cs, sent_id, outside = cl.text, cl.cs, cl.sent_id, cl.outside
        rel = self.antecedent(text, cs, cs + c.start()) if first else None
        if rel:
            return self.speaker(d, *rel, sent_id)
        sp = None
        pron = self.rx.pron_before.search(text, cs, cs + c.start())
        if pron and not appos:
            sp = self.speaker(d, pron.start(1), pron.end(1), sent_id)
        elif appos:
            sp = self.speaker(d, cs, appos.end(1), sent_id)
        elif comma > 0 and outside(comma) and (head := self.subject(
                text[cs:cs + c.start()], [i for i, ch in enumerate(before) if ch == "," and outside(i)])) > 0:
            sp = self.speaker(d, cs, cs + head, sent_id)
        if sp is None and not pron and not appos and comma > 0 and outside(comma):
            sp = self.speaker(d, cs + comma + 1, cs + c.start(), sent_id)
        if sp is None and not appos:
            sp = self.speaker(d, cs, cs + c.start(), sent_id)
        return sp

    def antecedent(self, text: str, cs: int, end: int) -> tuple[int, int] | None:
        """The antecedent of a relative pronoun just before a cue ("Jane Roe, who said";
        "activists who believe"), as a span, or None. After a comma it is the phrase back
        to the previous comma (six words at most); without one, the head noun before the
        pronoun with its capitalised words, determiners and quantifiers, at most four words
        into the clause (deeper, the relative clause is inside another's content)."""
        m = self.relative_re.search(text, cs, end)
        if not m or not all(w in self.speaker_stop or w.endswith("ly")
                            for w in text[m.end(1):end].lower().split()[1:]):
            return None  # "who has long (said)", not "which he (describes)"
        stop = m.start()
        if m.group(1):
            start = text.rfind(",", cs, stop) + 1 or cs
            return (start, stop) if 0 < len(text[start:stop].split()) <= 6 else None
        words = list(re.finditer(r"\S+", text[cs:stop]))
        if not words:
            return None
        first = len(words) - 1
        while first > 0 and (words[first - 1].group(0)[:1].isupper() or
                             words[first - 1].group(0).lower() in self.np_words):
            first -= 1
        if first > 4:
            return None  # "X sees immigrants as people who refuse": deep in X's clause
        return cs + words[first].start(), stop

    def _preposed(self, d: DocIndex, cl: Clause, cues: list[Cue], c: Cue, sp: Speaker,
                  cue: str, polarity: str) -> list[Frame] | None:
        """Pre-posed "X said (that) C": the content after the cue (after a "that" within
        five words, or a colon); the whole clause for a cue of a whole-clause class."""
        text, cs, ce, chunk = cl.text, cl.cs, cl.ce, cl.chunk
        content_start = cs + c.end()
        that = _rx(r"(?:\s+[\w-]+){0,5}?\s+that\s").match(chunk[c.end():])
        colon = _rx(r"\s*:").match(chunk[c.end():])
        if that:
            content_start = cs + c.end() + that.end()
        elif colon:
            content_start = cs + c.end() + colon.end()
        if not text[content_start:ce].strip(" .,;:!?\"'”’") and polarity != "deny":
            return None  # "... he said." with nothing after the cue is not pre-posed
        if self.lex.cue_class.get(cue) in self.lex.whole_clause:
            # "X criticized Y as Z", "X endorsed Y": the claim keeps its source and target
            return [Frame(sp[0], sp[1], sp[2], cue, polarity, (cs, ce))]
        f = Frame(sp[0], sp[1], sp[2], cue, polarity, (content_start, ce))
        if polarity == "deny":
            f.include_cue_from = cs + c.start()
        return self._second_cue(cl, cues, c, f, sp, content_start) or [f]

    def _second_cue(self, cl: Clause, cues: list[Cue], c: Cue, f: Frame, sp: Speaker,
                    content_start: int) -> list[Frame] | None:
        """A second cue by the same speaker: "deny X claiming that Y", "... and said Y" (two
        claims; `f`'s content ends at the second cue). Only the next cue is looked at."""
        chunk, cs, ce = cl.chunk, cl.cs, cl.ce
        for c2 in cues:
            if c2.start() <= c.end():
                continue
            cue2, pol2, _ = self.lex.cue_forms[c2.group(0)]
            prev_word = chunk[:c2.start()].split()[-1:] or [""]
            if c2.group(0).endswith("ing") or prev_word[0] == "and":
                f.content = (content_start, cs + c2.start() - (4 if prev_word[0] == "and" else 0))
                rest = cs + c2.end()
                that2 = _rx(r"\s+that\s").match(cl.low[rest:ce])
                f2 = Frame(sp[0], sp[1], sp[2], cue2, pol2,
                           (rest + (that2.end() if that2 else 0), ce))
                if pol2 == "deny":
                    f2.include_cue_from = cs + c2.start()
                return [f, f2]
            break
        return None
