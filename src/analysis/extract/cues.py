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

#: A name right after an inverted cue ('said Jane Roe', 'said Mr. Roe').
_NAME_AHEAD = re.compile(r"\s*(?:(?:Mr|Mrs|Ms|Dr)\.?\s+)?[A-Z]")
#: An "-ing" complement right after a cue ("reported striking", "admitted having fired").
_GERUND = re.compile(r"\s+(?:having\s+)?[a-z]{2,}ing\b")
#: a to-infinitive after a cue, within three words: "plans to C", "wants the army to C"
_TO_INFINITIVE = re.compile(r"(?:\s+[\w'’-]+){0,3}?\s+to\s+[a-z]")
#: a region that ends with "and" before the cue: "X ... did Y and said C" (a coordinated verb)
_AND_END = re.compile(r"\sand\s*\Z")
_CLOSE_Q = frozenset('”"’»\'')
#: A personal pronoun just before the cue is its subject, whatever precedes ("which he said").
_PRON_BEFORE = re.compile(r"(?:^|\W)(he|she|they|we|i|it|He|She|They|We|I|It)\s+(?:\w+ly\s+)?\Z")
#: "Name, a/the ... (of X), cue": the subject is the name before the apposition.
_APPOSITION = re.compile(r"\s*((?:[A-Z][\w.'’-]*\s+){0,4}[A-Z][\w.'’-]*)\s*,\s*(?:a|an|the|who|"
                         r"whose|[A-Z][\w.'’-]*['’]s|(?:[\w.'’-]+\s+){0,2}of)\s[^,“”\"]*,\s*$")
_INVERTING = frozenset("""says said adds added writes wrote notes noted explains explained
continues continued insists insisted warns warned argues argued claims claimed""".split())

#: Verbs of saying of one clause tried as the head of a frame, in order (prose has a few; the
#: most in some 30,000 news sentences was seven). Each try reads the clause up to its cue, so
#: a clause of nothing but cues would cost the square of its length.
MAX_FRAME_CUES = 24


def _attributive(chunk: str, cue: Cue, lex: "CueLexicon", orig: str) -> bool:
    """Whether a one-word cue is no verb: a past participle modifying the noun after it
    ("the alleged attack", "its stated goal": a lowercase word follows), or a noun ("a claim
    that", "the warning", "the party's plans to", "his only hope"; noun cues are
    `extract.nominal`'s, which reads their holder). It follows a determiner (`cues.yaml`
    `attributive_determiners`) or a possessive, with at most two `attributive_modifiers`
    between, or an -s form follows an -ing word ("stoking fears"), or a form other than
    -ing follows a lowercase preposition ("with plans to", not "after saying" or the
    surname in "From said"); a cue joined to a word by a hyphen ("know-how", "so-called") is no cue either."""
    form = cue.group(0)
    if " " in form:
        return False
    if chunk[cue.start() - 1:cue.start()] == "-" or chunk[cue.end():cue.end() + 1] == "-":
        return True
    before = norm(chunk[max(0, cue.start() - 40):cue.start()]).split()
    if len(before) > 1 and before[-1] in lex.modifiers:
        before.pop()
        if len(before) > 1 and before[-1] in lex.modifiers:
            before.pop()
    if not before:
        return False
    last = before[-1]
    if len(last) > 5 and last.endswith("ing") and form.endswith("s") and last not in lex.evidence \
            and \
            not chunk[cue.start() - 2:cue.start() - 1] in ",;:":
        return True  # "stoking fears", "accelerating plans": a noun after a gerund's verb
    if last in lex.prepositions and not form.endswith("ing") and \
            orig[max(0, cue.start() - len(last) - 1):cue.start()].strip().islower():
        return True  # "with plans to", "in support of" (but "after saying C" is a verb)
    if last not in lex.attributive and not (
            last.endswith("'s") and last[:-2] not in lex.not_possessive):
        return False
    return not form.endswith("ed") or bool(_rx(r" [a-z]").match(chunk, cue.end()))


class CueLexicon:
    """The codebook's verbs of saying: form -> (cue, polarity, needs "that"), and classes."""

    def __init__(self, cb: Codebook):
        self.cue_forms: dict[str, tuple[str, str, bool]] = {}
        self.cue_class: dict[str, str] = {}  # cue -> its class
        self.gerund_cues = frozenset(c.cue for c in cb.cues if c.gerund)
        self.quote_only = frozenset(norm(f) for c in cb.cues if c.only == "quote" for f in c.forms)
        self.to_only = frozenset(norm(f) for c in cb.cues if c.only == "to" for f in c.forms)
        self.as_only = frozenset(norm(f) for c in cb.cues if c.only == "as" for f in c.forms)
        subjects = "|".join(map(re.escape, cb.clause_complement.get("subjects", ()))) or "(?!)"
        #: "sees Y as Z" (at most six words of Y), not "as they crossed" or "as soon as"
        self.as_re = re.compile(r"(?:\s+[\w'’.-]+){1,6}?\s+as\s+(?!(?:" + subjects +
                                r"|it|soon|well|long|far|much|if|though|of|to)\b)[\w“\"]")
        for c in cb.cues:
            self.cue_class[c.cue] = c.cls
            for f in c.forms:
                self.cue_forms[norm(f)] = (c.cue, c.polarity, c.needs_that)
        self.class_modality = {k: v[1] for k, v in cb.cue_classes.items()}
        self.whole_clause = frozenset(k for k, v in cb.cue_classes.items() if v[2])
        self.attributive = frozenset(w.lower() for w in cb.attributive_determiners)
        self.modifiers = frozenset(w.lower() for w in cb.attributive_modifiers)
        self.prepositions = frozenset(w.lower() for w in cb.attributive_prepositions)
        #: words whose "'s" is a contraction ("he's said", "it's thought"), not a possessive
        self.not_possessive = frozenset(cb.speaker_stop) | frozenset(cb.pronouns)
        self.evidence = frozenset(n.lower() for n in cb.evidence_nouns)
        cc = cb.clause_complement
        self.cc_subjects = frozenset(norm(w) for w in cc.get("subjects", ()))
        self.cc_finite = frozenset(norm(w) for w in cc.get("finite", ()))
        self.cc_blockers = frozenset(norm(w) for w in cc.get("blockers", ()))
        self.cc_first = frozenset(norm(w) for w in cc.get("first_blockers", ()))
        self.cc_gap = int(cc.get("max_gap", 0))
        passive = "|".join(map(re.escape, map(norm, cc.get("passive", ())))) or "(?!)"
        adverbs = "|".join(map(re.escape, cb.speaker_lead)) + r"|[a-z]+ly"
        self.cc_passive = re.compile(r"(?:^|\s)(?:" + passive + r")(?:\s+(?:" + adverbs +
                                     r")){0,2}\s*\Z")

    def clause_follows(self, low: str, before: str) -> bool:
        """Whether the (normalised) words after a cue open a clause with no "that"
        (`cues.yaml` `clause_complement`): a nominative pronoun and a word after it ("hopes
        they win"), or a finite verb after one to `max_gap` words that are no blocker
        ("thinks the party will lose"; not "knows the man who was", "declared war")."""
        if self.cc_passive.search(before):
            return False  # "they are maintained to be", "was told the plan was dead"
        words = _rx(r"[,;:.!?()“”\"\[\]—–]").split(low, 1)[0].split()
        if len(words) > 1 and words[0] in self.cc_subjects:
            return True
        if words and words[0] in self.cc_first:
            return False  # "fears in the region are growing": the noun's phrase
        for i, w in enumerate(words[:self.cc_gap + 1]):
            if w in self.cc_finite:
                return i > 0
            if w in self.cc_blockers:
                return False
        return False

    def short_clause(self, low: str, tail: str) -> bool:
        """Whether a short content before "X said" holds a finite verb of
        `clause_complement` ("The plan is wrong, X said."): a clause, not an opener ("In
        Moscow, officials said"); only where the cue closes the clause ("But should one
        erupt, he added, there could be ..." goes on after the tag)."""
        return not _rx(r"(?:\s+[\w-]+){0,3}?\s*,\s+").match(tail) and \
            any(w in self.cc_finite for w in low.split())

    def frames_anyway(self, cue: str, after: str, before: str, tail: str) -> bool:
        """Whether a cue that needs "that" frames what follows without it: a colon or comma,
        a gerund ("admitted having fired"), a "to" complement of a modal class
        ("plans to C"), a knowledge cue after an evidence noun ("polls show C"), or a clause
        ("thinks the party will lose", `CueLexicon.clause_follows`)."""
        low = norm(before[-40:])
        return bool(_rx(r"\s*(that|:|,)").match(after)) or self.clause_follows(tail, low) or (
            cue in self.gerund_cues and bool(_GERUND.match(after))) or bool(
            self.class_modality.get(self.cue_class.get(cue, "")) and
            _TO_INFINITIVE.match(after)) or (
            self.cue_class.get(cue) == "knowledge" and self.evidence_subject(before) and
            not self.cc_passive.search(low))  # "the poll can be found here"

    def evidence_subject(self, before: str) -> bool:
        """Whether the subject of a knowledge cue is evidence ("polls show C"): an evidence
        noun right before the cue, or among the first four words of its clause or of the
        text after the last comma ("A CNN poll of Ohio released Tuesday showed C", "The
        poll, released Monday, found C")."""
        words = [w.strip("'’,.") for w in before.split()]
        if words and words[-1] in self.evidence:
            return True
        head = before[before.rfind(",") + 1:].split()[:4] + before.split()[:4]
        # (an adverb after the noun keeps its own reading: "the footage reportedly shows")
        return any(w.strip("'’,.") in self.evidence for w in head) and \
            not any(w.endswith("ly") for w in words[-3:])


class CueFrameFinder:
    """Finds the frame a clause's verbs of saying head, if any (built per codebook)."""

    def __init__(self, cb: Codebook, lex: CueLexicon, speaker: SpeakerFinder):
        self.lex, self.speaker = lex, speaker
        self.subject = SubjectFinder(cb)
        self.according_re = word_re(cb.according)
        self.speaker_stop = frozenset(cb.speaker_stop)
        #: adverbs between a subject and its cue, not part of the speaker ("The group also
        #: plans", "Officials now say", "Roe publicly said"): speaker_lead words and -ly words
        self._adverbs_re = re.compile(r"(?:\s+(?:" + "|".join(
            map(re.escape, sorted(cb.speaker_lead, key=len, reverse=True))) +
            r"|(?!(?:" + "|".join(map(re.escape, cb.ly_nouns)) + r")\b)[a-z]+ly))+\s*\Z") \
            if cb.speaker_lead else re.compile(r"(?!)")

    def cues(self, d: DocIndex, cl: Clause) -> tuple[list[Cue], int]:
        """The clause's cues in the order they are tried, and the end of a quotation that
        opens the clause (0: none). A cue inside a mention ("the United States") or a
        quotation, or used as an adjective ("the alleged attack"), heads no frame."""
        cs, ce, chunk = cl.cs, cl.ce, cl.chunk
        cues = d.cues_in(cs, ce)
        if cues and self.lex.attributive:
            orig = cl.text[cs:ce]  # the clause as written ("From said": a name)
            cues = [c for c in cues if not _attributive(chunk, c, self.lex, orig)]
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
                and chunk.rfind(",", max(0, cues[-1].start() - 60), cues[-1].start()) \
                > cues[-2].start():
            # the outer frame closes the clause: "C, X said." (not a cue inside the content
            # of another after the comma: ", and suggested that X needs to show he will C")
            cues = [cues[-1]] + cues[:-1]
        if quote and len(cues) > 1:
            # '"C," he said, paraphrasing her remarks': the cue nearest the quote tags it
            cues = sorted(cues, key=lambda c: (c.start() < quote, c.start()))
        return cues, quote

    def __call__(self, d: DocIndex, cl: Clause) -> list[Frame] | None:
        """The frames of the first cue that heads one (None: no cue does)."""
        cues, quote = self.cues(d, cl)
        for c in cues[:MAX_FRAME_CUES]:
            found = self._read(d, cl, cues, c, quote)
            if found:
                return found
        return None

    def _read(self, d: DocIndex, cl: Clause, cues: list[Cue], c: Cue,
              quote: int) -> list[Frame] | None:
        """The frames one cue heads, trying each reading in turn (None: it heads none)."""
        cue, polarity, needs_that = self.lex.cue_forms[c.group(0)]
        chunk = cl.chunk
        after = chunk[c.end():c.end() + 40]
        # a quote-only verb tags the quotation before it ('"C," she continued.') or after
        # it ('he went on: "C"'), nothing else ("the talks continued", "she read a report")
        only = c.group(0) in self.lex.quote_only
        if quote and c.start() >= quote and c.start() - quote <= 80 and (
                not only or _rx(r"\s*(?:[,.;!?]|\Z)").match(after)):
            found = self._quote_first(d, cl, c, quote, cue, polarity)
            if found:
                return found
        if c.group(0) in self.lex.as_only and not self.lex.as_re.match(chunk, c.end(), cl.ce - cl.cs):
            return None  # "saw troops crossing": no evaluation without its "as"
        if only and not _rx(r"\s*[,:]?\s*[“\"‘]").match(after) or \
                c.group(0) in self.lex.to_only and not _rx(
                    r"\s+to\s+(?!(?:the|a|an|his|her|their|its|this|that)\b)[a-z]").match(after):
            return None
        before = chunk[:c.start()]
        comma = before.rfind(",")
        appos = _APPOSITION.match(cl.text, cl.cs, cl.cs + c.start())  # "Jane Roe, a spokeswoman, said"
        found = self._participle(d, cl, c, cue, polarity, before, comma) or \
            self._passive(d, cl, c, cue, polarity)
        if found:
            return found
        if not appos and comma > 0:
            found = self._postposed(d, cl, c, cue, polarity, before, comma, after)
            if found:
                return found
        if needs_that and not self.lex.frames_anyway(cue, after, before,
                                                  cl.low[cl.cs + c.end():cl.cs + c.end() + 80]):
            return None  # "declared war", "reported losses": not a frame unless post-posed
        sp = self._preposed_speaker(d, cl, c, before, comma, appos)
        if sp is None:
            return None
        return self._preposed(d, cl, cues, c, sp, cue, polarity)

    def _quote_first(self, d: DocIndex, cl: Clause, c: Cue, quote: int, cue: str,
                     polarity: str) -> list[Frame] | None:
        """'"C," X said' / '"C," says X, a ...' / '"C," X told reporters'."""
        text, cs, ce = cl.text, cl.cs, cl.ce
        gap = text[cs + quote:cs + c.start()]
        inverted = not gap.strip(" ,") or (
            gap.rstrip().endswith(",") and c.group(0) in _INVERTING and
            _NAME_AHEAD.match(text, cs + c.end(), ce))
        # '"C" for her, said Jane Roe': the speaker follows the inverted cue
        region = (cs + quote, cs + c.start()) if not inverted else \
            self.speaker.inverted(d, cs + c.end(), ce)
        ap = _APPOSITION.match(d.apposition_text(), *region) if not inverted else None
        if ap:
            region = (region[0], ap.end(1))  # '"C," Trump, the frontrunner, said'
        sp = self.speaker(d, *region, cl.sent_id)
        if sp:
            return [Frame(sp[0], sp[1], sp[2], cue, polarity, (cs, cs + quote))]
        return None

    def _participle(self, d: DocIndex, cl: Clause, c: Cue, cue: str, polarity: str,
                    before: str, comma: int) -> list[Frame] | None:
        """A participle after the subject: "China ..., rejecting X" -> the clause subject."""
        if c.group(0).endswith("ing") and comma > 0 and not before[comma + 1:].strip():
            cs = cl.cs
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
                and len(before[:comma].split()) >= (3 if inverted or self.lex.short_clause(
                    before[:comma], tail) else 5)
                and not _rx(r"\s*(?:that\b|:|,?\s*[“\"‘])").match(after)):
            return None
        # '"C," said X': the closing mark after the comma is not a speaker
        gap_at = cs + comma + 1 + (1 if closes else 0)
        gap = text[gap_at:cs + c.start()]
        mid = _rx(r"(?:\s+[\w-]+){0,3}?\s*,\s+").match(tail)
        if _AND_END.search(gap) or self._adverbs_re.fullmatch(" " + gap.strip()) or \
                self.according_re.match(gap.strip()):
            # "X, a ..., joined the board and said C": a coordinated verb; "C, however,
            # personally found": an adverb, no speaker; "C, according to X who said D"
            return None
        if gap.strip():
            # "C, X said." or a frame in mid-clause: "C, the agency reported, days ..."
            ok = len(tail.split()) <= 6 or bool(mid)
            region = (gap_at, cs + c.start())
        else:  # inverted "C, says X": only plain verbs of saying invert
            ok = c.group(0) in _INVERTING and bool(re.match(
                _NAME_AHEAD.pattern + r"|\s*(?:a|an|the|one)\s",
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
            elif acc_end == comma:
                return None  # "According to X, Y said C": the pre-posed "Y said C"
        out = [Frame(sp[0], sp[1], sp[2], cue, polarity, (content_start, cs + comma))]
        if gap.strip() and mid and len(tail.split()) > 6:
            rest = cs + c.end() + mid.end()  # the clause goes on in the author's voice
            out.append(Frame(d.outlet_id, d.outlet_name, "author", "", "affirm", (rest, cl.ce)))
        return out

    def _preposed_speaker(self, d: DocIndex, cl: Clause, c: Cue, before: str, comma: int,
                          appos: re.Match | None) -> Speaker | None:
        """The speaker of a pre-posed cue: a pronoun right before it ("which he said C"), a
        name before an apposition, the subject before a parenthetical ("Clinton, during a
        visit, said"), the segment after the last comma ("In a statement, the ministry
        said"), then the whole run from the clause start."""
        text, cs, sent_id, outside = cl.text, cl.cs, cl.sent_id, cl.outside
        sp = None
        pron = _PRON_BEFORE.search(text, cs, cs + c.start())
        if pron and not appos:
            sp = self.speaker(d, pron.start(1), pron.end(1), sent_id)
        elif appos:
            sp = self.speaker(d, cs, appos.end(1), sent_id)
        elif comma > 0 and outside(comma) and (head := self.subject(
                text[cs:cs + c.start()], [i for i, ch in enumerate(before) if ch == "," and outside(i)])) > 0:
            sp = self.speaker(d, cs, cs + head, sent_id)
        coordinated = _AND_END.search(before)  # "X, a ..., did Y and said C"
        end = cs + len(self._adverbs_re.sub("", before))  # "The group also (plans)"
        if sp is None and not pron and not appos and comma > 0 and outside(comma) \
                and not coordinated:
            sp = self.speaker(d, cs + comma + 1, end, sent_id)
        if sp is None and not appos:
            sp = self.speaker(d, cs, end, sent_id)
        return sp

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
