"""Frames headed by a verb of saying: "X said (that) C", "C, X said", '"C," says X, a ...'.

`CueLexicon` holds what the codebook says about each cue (its verb, polarity, class, whether
it needs "that"); `CueFrameFinder` reads a clause's cues in turn and, for the first that
heads a frame, places its speaker region and content span. The readings are tried in one
order per cue (quote first, a participle after the subject, a passive denial, post-posed,
pre-posed); the post-posed ones are `PostposedFrames`, the pre-posed ones `PreposedFrames`,
so a rule can be found by the shape of sentence it reads.
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
#: a to-infinitive after a cue, within three words: "plans to C", "wants the army to C"
_TO_INFINITIVE = re.compile(r"(?:\s+[\w'’-]+){0,3}?\s+to\s+[a-z]")
#: a region that ends with "and" before the cue: "X ... did Y and said C" (a coordinated verb)
_AND_END = re.compile(r"\sand\s*\Z")
_CLOSE_Q = frozenset('”"’»\'')
#: a quotation closed with a comma right before a cue ('... ''C,'' said Y', '"C", told
#: Z'): the cue tags the quotation, whose speaker follows; what follows is no content
_QUOTE_TAG = re.compile(r"(?:,\s*(?:''|[”\"’»])+|(?:''|[”\"»])\s*,)\s*\Z")
#: the rest of a quotation's tag ('..." he said in an interview, "...') and the opening mark
#: of the quotation that goes on after it
_SPLIT_QUOTE = re.compile(r"[^“”\"‘’.;:]{0,60}?,\s*(?:[“\"]|'')")

#: Verbs of saying of one clause tried as the head of a frame, in order (prose has a few; the
#: most in some 30,000 news sentences was seven). Each try reads the clause up to its cue, so
#: a clause of nothing but cues would cost the square of its length.
MAX_FRAME_CUES = 24
#: Longest speaker read after an inverted cue up to its first comma ("..., said the party's
#: regional chief of staff"); a longer run is the cue's complement clause.
INVERTED_MAX_WORDS = 8
#: How far after a quotation's tag a participle of the same speaker is looked for ('"C," X
#: said in a phone interview on Monday, adding that D')
TAG_REACH = 150
#: How far into the subject of a knowledge cue an evidence noun may stand ("A University of
#: New Hampshire poll out this week shows C")
EVIDENCE_HEAD_WORDS = 6


def _name_and_apposition(region: str) -> bool:
    """Whether a would-be content before an inverted cue is a name and its apposition, all
    capitalised ("Rep. Jane Roe, R-Ohio, says C"): the subject of a preposed cue, not an
    inverted one's content."""
    parts = region.split(",")
    return len(parts) >= 2 and all(w[:1].isupper() or not w[:1].isalpha()
                                   for w in region.replace(",", " ").split())


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
        # "the call for volunteers", "his push for": a noun cue's head after a determiner
        # or possessive is the noun ("call for" the verb is "X called for C")
        if norm(form).split()[0] not in lex.noun_heads:
            return False
        before = norm(chunk[max(0, cue.start() - 40):cue.start()]).split()
        return bool(before) and (before[-1] in lex.attributive or (
            before[-1].endswith("'s") and before[-1][:-2] not in lex.not_possessive))
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
            and not chunk[cue.start() - 2:cue.start() - 1] in ",;:" and not (
                len(before) > 1 and (before[-2] in lex.attributive or before[-2].endswith("'s"))):
        # "stoking fears", "accelerating plans": a noun after a gerund's verb; after a
        # determiner or possessive the -ing word is a noun subject ("the ruling says",
        # "Thursday's meeting shows")
        return True
    if last in lex.prepositions and not form.endswith("ing") and \
            orig[max(0, cue.start() - len(last) - 1):cue.start()].strip().islower():
        return True  # "with plans to", "in support of" (but "after saying C" is a verb)
    if last not in lex.attributive and not (
            last.endswith("'s") and last[:-2] not in lex.not_possessive):
        return False
    return not form.endswith("ed") or bool(_rx(r" [a-z]").match(chunk, cue.end()))


class CuePatterns:
    """The cue readings' patterns whose words are grammar.yaml's `cues` section: verbs of
    saying that invert ("..., says X"), titles before a name, subject pronouns, apposition
    openers, what may open an inverted speaker. A personal pronoun just before the cue is its
    subject, whatever precedes ("which he said"); "Name, a/the ... (of X), cue": the subject
    is the name before the apposition. Also the adverbs between a subject and its cue
    (`speaker_lead`, -ly words), which both the post- and the pre-posed reading strip."""

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
        aux = "|".join(map(re.escape, cb.cue_auxiliaries)) or "(?!)"
        self.pron_before = re.compile(r"(?:^|\W)(" + "|".join([*pron, *(w.capitalize() for w in pron)])
                                      + r")\s+(?:(?:\w+ly|" + aux + r")\s+){0,3}\Z")
        self.apposition = re.compile(
            r"\s*((?:[A-Z][\w.'’-]*\s+){0,4}[A-Z][\w.'’-]*)\s*,\s*(?:" + alt("apposition_openers")
            + r"|[A-Z][\w.'’-]*['’]s|(?:[\w.'’-]+\s+){0,2}(?:" + alt("apposition_of")
            + r"))\s[^,“”\"]*,\s*$")
        articles = "|".join(map(re.escape, g.words("common", "articles")))
        #: "C, Jane Roe, a fellow at the Institute for Peace, Security and Development, told
        #: X": a name and its apposition (commas allowed) closing the region before a
        #: post-posed cue.
        self.apposition_after = re.compile(
            r",\s*((?:[A-Z][\w.'’-]*\s+){0,4}[A-Z][\w.'’-]*)\s*,\s*(?:" + articles +
            r"|[A-Z][\w.'’-]*['’]s)\s[^“”\"]{0,200}?,\s*$")
        #: an article opening an inverted speaker ("..., said the company's chief")
        self.article_ahead = re.compile(r"\s*(?:" + articles + r")\s")
        #: adverbs between a subject and its cue, not part of the speaker ("The group also
        #: plans", "Officials now say", "Roe publicly said"): speaker_lead words and -ly words
        self.adverbs = re.compile(r"(?:\s+(?:" + "|".join(
            map(re.escape, sorted((*cb.speaker_lead, *cb.cue_auxiliaries), key=len, reverse=True))) +
            r"|(?!(?:" + "|".join(map(re.escape, cb.ly_nouns)) + r")\b)[a-z]+ly))+\s*\Z") \
            if cb.speaker_lead else re.compile(r"(?!)")


class CueLexicon:
    """The codebook's verbs of saying: form -> (cue, polarity, needs "that"), and classes."""

    def __init__(self, cb: Codebook):
        self.cue_forms: dict[str, tuple[str, str, bool]] = {}
        self.cue_class: dict[str, str] = {}  # cue -> its class
        self.gerund_cues = frozenset(c.cue for c in cb.cues if c.gerund)
        self.quote_only = frozenset(norm(f) for c in cb.cues if c.only == "quote" for f in c.forms)
        self.to_only = frozenset(norm(f) for c in cb.cues if c.only == "to" for f in c.forms)
        self.as_only = frozenset(norm(f) for c in cb.cues if c.only == "as" for f in c.forms)
        self.object_only = frozenset(norm(f) for c in cb.cues if c.only == "object" for f in c.forms)
        self.reason_only = frozenset(norm(f) for c in cb.cues if c.only == "reason" for f in c.forms)
        #: form -> the words after it that make it another verb ("added to", "adds up")
        self.not_before = {norm(f): frozenset(w.lower() for w in c.not_before)
                           for c in cb.cues if c.not_before for f in c.forms}
        #: "attacked X for not answering", "hit Y over her emails" (at most six words of X),
        #: not "attacked the town for hours" or "over the weekend"
        self.reason_re = re.compile(r"(?:\s+[\w'’.-]+){1,6}?\s+(?:for|over)\s+(?:not|his|her|"
                                    r"their|its|what|how|[a-z]{3,}ing)\b")
        #: what a passive `only: as` cue needs: its "as" or a "by" agent within a few words
        self.passive_as_re = re.compile(r"(?:\s+[\w'’.-]+){0,4}?\s+(?:as|by)\b")
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
        #: the nouns of the nominal cues (cues.yaml `nominal`), any form
        self.noun_heads = frozenset(norm(f) for n in cb.nominal_cues for f in n.forms)
        self.modifiers = frozenset(w.lower() for w in cb.attributive_modifiers)
        self.prepositions = frozenset(w.lower() for w in cb.attributive_prepositions)
        #: words whose "'s" is a contraction ("he's said", "it's thought"), not a possessive
        self.not_possessive = frozenset(cb.speaker_stop) | frozenset(cb.pronouns)
        self.evidence = frozenset(n.lower() for n in cb.evidence_nouns)
        self.passive_aux = frozenset(w.lower() for w in cb.passive_auxiliaries)
        #: adverbs between a form of "be" and a passive cue ("was first reported", "is not
        #: known"), besides -ly words: grammar.yaml `cues.passive_adverbs`
        self.passive_adverbs = frozenset(cb.grammar.words("cues", "passive_adverbs"))
        self.predicate_openers = frozenset(w.lower() for w in cb.predicate_openers)
        subj = "|".join(map(re.escape, (w.lower() for w in cb.subject_pronouns))) or "(?!)"
        #: a that-less complement clause: "(worry) it may", "(announced) she will"
        self.bare_clause_re = re.compile(r"\s+(?:" + subj + r")\s+([a-z]+)\b")
        #: a subject pronoun opening a clause or following its opening adverbial: "She
        #: spoke on Monday, criticizing X", "In May, she toured Ohio, criticizing X"
        self.pron_opens_re = re.compile(r"(?:^\s*|,\s+)((?i:" + subj + r"))\s+[a-z]")
        self._clause_complement(cb)

    def _clause_complement(self, cb: Codebook) -> None:
        """The word sets of `cues.yaml` `clause_complement` (see `clause_follows`)."""
        cc = cb.clause_complement
        self.cc_subjects = frozenset(norm(w) for w in cc.get("subjects", ()))
        self.cc_finite = frozenset(norm(w) for w in cc.get("finite", ()))
        self.cc_blockers = frozenset(norm(w) for w in cc.get("blockers", ()))
        self.cc_first = frozenset(norm(w) for w in cc.get("first_blockers", ()))
        self.cc_particles = frozenset(norm(w) for w in cc.get("particles", ()))
        self.cc_gap = int(cc.get("max_gap", 0))
        gap_words = "|".join(map(re.escape, map(norm, cc.get("that_gap_openers", ()))))
        finite = "|".join(map(re.escape, sorted(self.cc_finite, key=len, reverse=True)))
        #: "predicted in March that C", "said privately that C" (`that_gap_openers`)
        self.that_gap_re = re.compile(r"\s+(?:(?:" + gap_words + r")\s+(?:[\w'.$-]+\s+){0,3}?"
                                      r"|[a-z]+ly\s+)that\s+(?!(?:" + finite + r")\b)[\w\"]") \
            if gap_words and finite else re.compile(r"(?!)")
        # the same forms of "be" that make a cue's participle passive (`passive_auxiliaries`)
        passive = "|".join(map(re.escape, map(norm, cb.passive_auxiliaries))) or "(?!)"
        adverbs = "|".join(map(re.escape, cb.speaker_lead)) + r"|[a-z]+ly"
        self.cc_passive = re.compile(r"(?:^|\s)(?:" + passive + r")(?:\s+(?:" + adverbs +
                                     r")){0,2}\s*\Z")

    def takes_object(self, after: str) -> bool:
        """Whether the words after a verb that is also a noun (`only: object`) open its
        object: a word that is no preposition of `clause_complement.first_blockers`, no
        `particles` word, nor "to" ("who support Sanders", not "support for him", "support
        to force", "support,", "backing down")."""
        words = norm(after).split(None, 1)
        if not words:
            return False
        word = words[0].strip(",.;:!?)”\"'’")
        return words[0][:1].isalnum() and word not in self.cc_first and \
            word not in self.cc_particles and word != "to"

    def wants_more(self, chunk: str, cue: Cue) -> bool:
        """Whether a cue of `only: object` or `only: reason` lacks what it needs: an object
        ("support for him", "Latino support," are nouns) or, for a verb that is an act of
        force too, a reason ("attacked the town", "was attacked by drones", "hammered out");
        a passive of `only: as` lacks its "as" or agent ("was seen walking");
        or whether a word of its `not_before` follows it, making it another verb ("added to
        his lead", "adds up to": an increase or a sum, not a verb of saying)."""
        form = cue.group(0)
        if form in self.not_before:
            nxt = chunk[cue.end():cue.end() + 20].split(None, 1)
            if nxt and nxt[0].lower().strip(",.;:!?") in self.not_before[form] and \
                    nxt[0][-1:] not in ",.;:!?":
                return True  # "added to his lead", "adds up": another verb
            if nxt and nxt[0][:1] in self.not_before[form] and \
                    not self.evidence_subject(chunk[:cue.start()]):
                return True  # "a radio show, ...": a noun ("as the results show, C" stays)
        if form in self.as_only and self.passive(chunk, cue):
            # "is seen as a threat", "is viewed favorably by most": a passive evaluation
            # needs its "as" or its agent; "was seen walking", "remains to be seen" is none
            return not self.passive_as_re.match(chunk, cue.end())
        if form in self.object_only:
            return not self.takes_object(chunk[cue.end():cue.end() + 40])
        if form in self.reason_only:
            return not (self.takes_object(chunk[cue.end():cue.end() + 40]) and
                        self.reason_re.match(chunk, cue.end()))
        return False

    def passive(self, chunk: str, cue: Cue) -> bool:
        """Whether a cue is a passive participle ("was declared", "is widely seen", "was
        first reported"): a form of "be" before it (up to two adverbs may stand between,
        -ly words or `passive_adverbs`), and the cue no -ing or -s form ("is saying", "is
        calls" are no passives)."""
        head = cue.group(0).split()[0]
        if not self.passive_aux or head.endswith(("ing", "s")):
            return False
        before = chunk[max(0, cue.start() - 40):cue.start()].split()
        for _ in range(2):  # "was first reported", "has not been widely reported"
            if len(before) > 1 and (before[-1].endswith("ly") or
                                    before[-1].lower() in self.passive_adverbs):
                before.pop()
        return bool(before) and before[-1].lower() in self.passive_aux

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
        erupt, he added, there could be ..." goes on after the tag), or where a participle
        follows the tag ("Sales were great, he said, wiping his face": the speaker's act)."""
        goes_on = _rx(r"(?:\s+[\w-]+){0,3}?\s*,\s+").match(tail)
        return not (goes_on and not _rx(r"[a-z]{2,}ing\b").match(tail, goes_on.end())) and \
            any(w in self.cc_finite for w in low.split())

    def frames_anyway(self, cue: str, after: str, before: str, tail: str) -> bool:
        """Whether a cue that needs "that" frames what follows without it: a colon or comma,
        a gerund ("admitted having fired"), a "to" complement of a modal class
        ("plans to C"), a knowledge cue after an evidence noun ("polls show C"), or a clause
        ("thinks the party will lose", `CueLexicon.clause_follows`; "worry it may fail":
        a subject pronoun and a `predicate_openers` word)."""
        low = norm(before[-40:])
        bare = self.bare_clause_re.match(after)
        return bool(_rx(r"\s*(that|:|,)").match(after)) or self.clause_follows(tail, low) or \
            bool(self.that_gap_re.match(tail)) or (
            bool(bare) and bare.group(1) in self.predicate_openers and
            not self.cc_passive.search(low)) or (
            cue in self.gerund_cues and bool(_GERUND.match(after))) or bool(
            self.class_modality.get(self.cue_class.get(cue, "")) and
            _TO_INFINITIVE.match(after)) or (
            self.cue_class.get(cue) == "knowledge" and self.evidence_subject(before) and
            not self.cc_passive.search(low))  # "the poll can be found here"

    def evidence_subject(self, before: str) -> bool:
        """Whether the subject of a knowledge cue is evidence ("polls show C"): an evidence
        noun right before the cue, or among the first `EVIDENCE_HEAD_WORDS` words of its
        clause or of the text after the last comma ("A CNN poll of Ohio released Tuesday
        showed C", "The poll, released Monday, found C")."""
        words = [w.strip("'’,.") for w in before.split()]
        if words and words[-1] in self.evidence:
            return True
        head = before[before.rfind(",") + 1:].split()[:EVIDENCE_HEAD_WORDS] + \
            before.split()[:EVIDENCE_HEAD_WORDS]
        # (an adverb after the noun keeps its own reading: "the footage reportedly shows")
        return any(w.strip("'’,.") in self.evidence for w in head) and \
            not any(w.endswith("ly") for w in words[-3:])


class PostposedFrames:
    """Frames whose speaker follows their content: "C, X said (on Thursday).", "C, says X, a
    ...", "C, Jane Roe, a fellow at the Institute, told reporters.". One component because
    the same tests decide which cue of a clause is its outer, post-posed frame
    (`closes_clause`, `participle_after_frame`) and what the clause does after the tag (goes
    on as the subject's predicate, `_continues`, or as the speaker's second claim,
    `_participle_rest`)."""

    def __init__(self, cb: Codebook, lex: CueLexicon, speaker: SpeakerFinder,
                 rx: CuePatterns, subject: SubjectFinder):
        self.lex, self.speaker, self.rx, self.subject = lex, speaker, rx, subject
        self.according_re = word_re(cb.according)
        self.speaker_stop = frozenset(cb.speaker_stop)
        #: ", who" opening a relative clause on a person (grammar.yaml `cues.person_relatives`)
        self.who_re = re.compile(r",\s+(?:" + "|".join(map(re.escape, cb.grammar.words(
            "cues", "person_relatives"))) + r")\s+") if cb.grammar.words(
            "cues", "person_relatives") else re.compile(r"(?!)")
        self.intro_leads = frozenset(cb.grammar.words("cues", "intro_leads"))
        self.intro_subordinators = frozenset(cb.grammar.words("cues", "intro_subordinators"))

    def __call__(self, d: DocIndex, cl: Clause, c: Cue, cue: str, polarity: str,
                 before: str, comma: int, after: str) -> list[Frame] | None:
        """Post-posed: "C, X said (on Thursday)." or "C, says X, a ..."."""
        text, cs, chunk = cl.text, cl.cs, cl.chunk
        tail = chunk[c.end():]
        closes = chunk[comma + 1:comma + 2] in _CLOSE_Q  # '"C," X said'
        if not self._admits(cl, before, comma, after, tail, closes):
            return None
        # '"C," said X': the closing mark after the comma is not a speaker
        gap_at = cs + comma + 1 + (1 if closes else 0)
        gap = text[gap_at:cs + c.start()]
        mid = _rx(r"(?:\s+[\w-]+){0,3}?\s*,\s+").match(tail)
        if _AND_END.search(gap) or self.rx.adverbs.fullmatch(" " + gap.strip()) or \
                self.according_re.match(gap.strip()):
            # "X, a ..., joined the board and said C": a coordinated verb; "C, however,
            # personally found": an adverb, no speaker; "C, according to X who said D"
            return None
        if gap.strip():
            # "C, X said." or a frame in mid-clause: "C, the agency reported, days ..."
            ok = len(tail.split()) <= 6 or bool(mid)
            region = (gap_at, cs + c.start())
        else:  # inverted "C, says X": only plain verbs of saying invert
            region = self.speaker.inverted(d, cs + c.end(), cl.ce)
            ok = c.group(0) in self.rx.inverting and bool(self.rx.inverted_ahead.match(
                text[cs + c.end():cl.ce])) and not self._clause_after(
                d.low[region[0]:region[1]]) and not _name_and_apposition(text[cs:cs + comma])
        # an inverted speaker is read strictly, save a short phrase after an
        # article: "..., said the company's chief executive"
        low = d.low
        loose = bool(gap.strip()) or bool(self.rx.article_ahead.match(
            low, region[0])) and len(low[region[0]:region[1]].split()) <= 6 and \
            not any(w in self.speaker_stop for w in low[region[0]:region[1]].split())
        sp = self.speaker(d, *region, cl.sent_id, strict=not loose) if ok else None
        if not sp:
            return None
        content_start = self._content_start(chunk, cs, comma)
        if content_start is None:
            return None
        out = [Frame(sp[0], sp[1], sp[2], cue, polarity, (content_start, cs + comma))]
        if self._continues(d.low, region[1] if not gap.strip() else
                           cs + c.end() + (mid.end() if mid else len(tail)), cl.ce):
            out[0].content = (content_start, cl.ce)  # "The way out, says X, is to talk"
            return out
        if gap.strip() and mid and (len(tail.split()) > 6 or _rx(r"[a-z]{2,}ing\b").match(
                tail, mid.end())):  # "C, he said, wiping his face": the author's narration
            rest = cs + c.end() + mid.end()  # the clause goes on in the author's voice
            out.append(self._participle_rest(d, cl, rest, sp) or
                       Frame(d.outlet_id, d.outlet_name, "author", "", "affirm", (rest, cl.ce)))
        return out

    def _admits(self, cl: Clause, before: str, comma: int, after: str, tail: str,
                closes: bool) -> bool:
        """Whether the text before the comma can be a post-posed frame's content: the comma
        outside a quotation (or closing one), not after an opening adverbial ("In a speech on
        Monday, X said"), a short tag, and no "that", colon or quotation after the cue; nor,
        after a subject, a complement clause ("Years after X, most said they had C")."""
        cs = cl.cs
        intro = len(tail.split()) > 2 and (
            self.subject.opens_parenthetical(cl.text[cs:cs + comma], participles=False) or
            self._opening_phrase(cl, comma, tail))
        # a short content is read only before an inverted cue ("The truce is fragile,
        # says X"); before "X said" it may be an opener ("In Moscow, officials said")
        inverted = not before[comma + 1:].strip(" " + "".join(_CLOSE_Q))
        return bool((cl.outside(comma) or closes) and not intro
                    and len(before[comma:].split()) <= 8
                    and len(before[:comma].split()) >= (3 if inverted or self.lex.short_clause(
                        before[:comma], tail) else 5)
                    and not _rx(r"\s*(?:that\b|:|,?\s*(?:[“\"‘]|''))").match(after)
                    and (inverted or not self.lex.clause_follows(tail, "")))

    def _opening_phrase(self, cl: Clause, comma: int, tail: str) -> bool:
        """Whether the text before the comma is one opening adverbial phrase and the cue
        after the subject has a complement ("Addressing the topic on Monday, the White
        House urged X to C"; "And until the shutdown, most of them said C"; "Whereas X had
        a lead, 32 percent said C"): no other comma before it, an -ing word, a
        parenthetical opener (after any grammar.yaml `cues.intro_leads`) or an
        `intro_subordinators` word first, and the tail no prepositional phrase ("...,
        she said on Monday in Ohio" keeps its post-posed reading)."""
        if any(cl.outside(i) for i, ch in enumerate(cl.chunk[:comma]) if ch == ","):
            return False
        words = cl.chunk[:comma].split()
        while words and words[0] in self.intro_leads:
            words.pop(0)
        first_tail = tail.split()[:1]
        if not words or (first_tail and first_tail[0] in self.lex.cc_first):
            return False
        return words[0] in self.intro_subordinators or \
            self.subject.opens_parenthetical(" ".join(words))

    def _clause_after(self, region: str) -> bool:
        """Whether what follows an inverted-looking cue is its complement clause, not its
        speaker: "A longtime official, Jane Roe, said the group's board gave Trump an award"
        (the comma closes the subject's apposition, the cue is pre-posed). An inverted
        speaker runs to its first comma in at most `INVERTED_MAX_WORDS` words ("said the
        company's chief executive, ...") and holds no finite verb (`clause_follows`)."""
        return len(region.split()) > INVERTED_MAX_WORDS or self.lex.clause_follows(region, "")

    def _content_start(self, chunk: str, cs: int, comma: int) -> int | None:
        """Where a post-posed frame's content begins: the clause start, or after an opening
        "According to X," (None: "According to X, Y said C" is the pre-posed "Y said C")."""
        acc = self.according_re.match(chunk)
        if acc:
            acc_end = chunk.find(",", acc.end())
            if 0 < acc_end < comma:
                return cs + acc_end + 1
            if acc_end == comma:
                return None
        return cs

    def apposition(self, d: DocIndex, cl: Clause, c: Cue, cue: str, polarity: str,
                              before: str) -> list[Frame] | None:
        """"C, Jane Roe, a fellow at the Institute for X, Y and Z, told reporters.": the
        name before the apposition speaks, the content runs to the comma before the name."""
        m = self.rx.apposition_after.search(cl.text, cl.cs, cl.cs + len(before))
        if m:
            m_start, name = m.start() - cl.cs, m.span(1)
        if not m or not cl.outside(m_start) or len(before[:m_start].split()) < 4 or \
                len(cl.chunk[c.end():].split()) > 6:
            return None
        sp = self.speaker(d, *name, cl.sent_id, strict=True)
        if not sp or sp[2] != "named":
            return None
        return [Frame(sp[0], sp[1], sp[2], cue, polarity, (cl.cs, m.start()))]

    @staticmethod
    def closes_clause(chunk: str, c: Cue, prev: Cue) -> bool:
        """Whether a cue near the end of a clause heads its outer, post-posed frame ("C, X
        said"): a comma at most six words before it (the speaker between) and after the
        cue before it, not a cue deep in the content ("X said Y told him C", ", and
        suggested that X needs to show he will C")."""
        comma = chunk.rfind(",", max(0, c.start() - 60), c.start())
        between = chunk[comma + 1:c.start()].split()
        if not between and c.group(0).split()[0].endswith("ing"):
            return False  # "X said C, adding that D": a participle, no speaker, after the comma
        return comma > prev.start() and len(between) <= 6

    @staticmethod
    def participle_after_frame(chunk: str, c: Cue) -> bool:
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

    def participle_after_tag(self, d: DocIndex, cl: Clause, at: int, sp: Speaker) -> list[Frame]:
        """A participle cue after a longer tag ('"C," X said in a phone interview on
        Monday, adding that D'; '"C," said Jane Roe, the party's chair in Ohio, explaining
        that D'): the same speaker's second claim (`_tag_participle`)."""
        start = self._tag_participle(d, cl, at)
        f = self._participle_rest(d, cl, start, sp) if start is not None else None
        return [f] if f else []

    def relative_after_tag(self, d: DocIndex, cl: Clause, at: int, sp: Speaker) -> list[Frame]:
        """A relative clause on a quotation's speaker whose verb is a cue ('"C," said Jane
        Roe, who predicted that D'; '..., said Roe, a pollster, who says D'): the speaker's
        second claim. The cue follows "who" within three words ("who has long said"); a
        cue that needs "that" frames only what it would frame elsewhere
        (`CueLexicon.frames_anyway`)."""
        low = d.low
        m = self.who_re.search(low, at, min(cl.ce, at + TAG_REACH))
        if not m or any(q in low[at:m.start()] for q in '"“”'):
            return []
        for c in d.cues_in(m.end(), cl.ce)[:1]:
            start, end = m.end() + c.start(), m.end() + c.end()
            if len(low[m.end():start].split()) > 3:
                return []
            cue, polarity, needs_that = self.lex.cue_forms[c.group(0)]
            if needs_that and not self.lex.frames_anyway(
                    cue, low[end:end + 40], low[at:start], low[end:end + 80]):
                return []
            that = _rx(r"\s+that\s").match(low, end, cl.ce)
            return [Frame(sp[0], sp[1], sp[2], cue, polarity, (that.end() if that else end, cl.ce))]
        return []

    @staticmethod
    def _tag_participle(d: DocIndex, cl: Clause, at: int) -> int | None:
        """Where the first cue in -ing after a comma begins, within `TAG_REACH` characters
        of a tag ending at `at` with no quotation between (None: there is none)."""
        low = d.low
        for c in d.cues_in(at, min(cl.ce, at + TAG_REACH)):
            start = at + c.start()
            if c.group(0).split()[0].endswith("ing") and \
                    low[at:start].rstrip().endswith(",") and \
                    not any(q in low[at:start] for q in '"“”'):
                return start
        return None

    def _continues(self, low: str, at: int, ce: int) -> bool:
        """Whether the clause goes on after a mid-clause frame with the verb of the subject
        before it: "The way out, says X, is to talk" (`cues.yaml` `predicate_openers`)."""
        m = _rx(r"[\s,]*([a-z]+)\s").match(low, at, ce)
        return bool(m) and low[at:m.start(1)].count(",") <= 1 and \
            m.group(1) in self.lex.predicate_openers


class PreposedFrames:
    """Frames whose speaker comes before the cue: "X said (that) C", "Jane Roe, a
    spokeswoman, said C", "activists who believe C" (the antecedent of a relative pronoun),
    and a second cue of the same speaker ("denied X, claiming that Y"). Reading the speaker
    before a cue is the one place that needs the relative pronouns and noun-phrase words, so
    they live here."""

    def __init__(self, cb: Codebook, lex: CueLexicon, speaker: SpeakerFinder,
                 rx: CuePatterns, subject: SubjectFinder):
        self.lex, self.speaker, self.rx, self.subject = lex, speaker, rx, subject
        self.speaker_stop = frozenset(cb.speaker_stop)
        rel = "|".join(map(re.escape, cb.relative_pronouns)) or "(?!)"
        #: "..., who (has long) said": the relative pronoun, then auxiliaries or adverbs
        self.relative_re = re.compile(r"(,?)\s*\b(?:" + rel + r")\s+(?:[a-z]+\s+){0,2}\Z")
        self.np_words = frozenset(w.lower() for w in cb.attributive_determiners) | \
            frozenset(w.lower() for w in cb.speaker_quantifiers)
        self.openers = frozenset(w.lower() for w in cb.parenthetical_openers)
        #: "by saying C": grammar.yaml speaker_names.participle_prepositions
        self.ing_preps = frozenset(cb.grammar.words("speaker_names", "participle_prepositions"))
        #: "by" within six words after a passive cue ("is viewed more positively by X")
        self.by_re = re.compile(r"(?:\s+[^\s,;:.]+){0,6}?\s+(by)\s+")

    def __call__(self, d: DocIndex, cl: Clause, cues: list[Cue], c: Cue, sp: Speaker,
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

    def speaker_of(self, d: DocIndex, cl: Clause, c: Cue, before: str, comma: int,
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
        elif (subj := self.second_verb_subject(cl, c, before)):
            sp = self.speaker(d, cs + subj[0], cs + subj[1], sent_id)
        elif comma > 0 and outside(comma) and (head := self.subject(
                text[cs:cs + c.start()], [i for i, ch in enumerate(before) if ch == "," and outside(i)])) > 0:
            sp = self.speaker(d, cs, cs + head, sent_id)
        coordinated = _AND_END.search(before)  # "X, a ..., did Y and said C"
        end = cs + len(self.rx.adverbs.sub("", before))  # "The group also (plans)"
        last = before.split()[-1:]
        if last and last[0] in self.openers and c.group(0).split()[0].endswith("ing") and \
                len(before.split()) > 1 and not self.subject.opens_parenthetical(before):
            end = cs + before.rstrip().rfind(" ") + 1  # "the general for (saying)"
        if sp is None and not pron and not appos and comma > 0 and outside(comma) \
                and not coordinated:
            sp = self.speaker(d, cs + comma + 1, end, sent_id)
        if sp is None and coordinated and not appos:
            # "Carson met voters and said C": the subject opening the clause
            sp = self.speaker.opening_subject(d, cs, cs + c.start(), sent_id)
        if sp is None and not appos and comma > 0:
            sp = self.after_opener(d, cl, before)
        if sp is None and not appos:
            sp = self.speaker(d, cs, end, sent_id)
        return sp

    def after_opener(self, d: DocIndex, cl: Clause, before: str) -> Speaker | None:
        """The subject after an opening adverbial clause ("While Doe did not spell out X's
        path, Rep. Jane Roe, R-Ohio, says C"): the clause's opening subject
        (`SubjectFinder.opening`) when an opener was passed and nothing but an apposition or
        adverbs stands between it and the cue; None otherwise."""
        commas = [i for i, ch in enumerate(before) if ch == "," and cl.outside(i)]
        region = cl.text[cl.cs:cl.cs + len(before)]
        subj = self.subject.opening(region, commas)
        if subj is None or "," not in region[:subj[0]]:
            return None
        rest = region[subj[1]:].strip()
        if rest and not (rest.startswith(",") and len(rest.split()) <= 8) and \
                not self.rx.adverbs.fullmatch(" " + rest.lower()):
            return None
        return self.speaker(d, cl.cs + subj[0], cl.cs + subj[1], cl.sent_id)

    def second_verb_subject(self, cl: Clause, c: Cue, before: str) -> tuple[int, int] | None:
        """The clause's opening subject when the cue is its second verb: a participle ("Roe
        went after Doe on Monday, calling C", "Roe is making a pitch to Ohio voters saying
        C") or a verb coordinated by "and" ("Roe took the stage in Ohio and said C"). The
        last name before such a cue is the first verb's object or place, not its speaker.
        Offsets in the clause; None when the cue is not such a verb or no subject opens it."""
        ing = c.group(0).split()[0].endswith("ing")
        if not (ing and before.rstrip().rstrip("”\"").endswith(",") or _AND_END.search(before)
                or ing and before.split()[-1:] and before.split()[-1] in self.ing_preps):
            return None  # ", saying", "and said", "by saying"
        commas = [i for i, ch in enumerate(before) if ch == "," and cl.outside(i)]
        region = cl.text[cl.cs:cl.cs + len(before)]
        subj = self.subject.opening(region, commas)
        subj = self.subject.nearest(region, subj) if subj else None
        if subj is None or len(before[subj[1]:].split()) < 2:
            return None  # "Roe, saying C": nothing between the subject and the cue
        return subj

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
            if 0 < len(text[start:stop].split()) <= 6:
                return start, stop
            return self.head_noun(text, cs, stop)  # "alarm among legal experts, who"
        words = list(re.finditer(r"\S+", text[cs:stop]))
        if not words:
            return None
        first = len(words) - 1
        while first > 0 and (words[first - 1].group(0)[:1].isupper() or
                             words[first - 1].group(0).lower() in self.np_words):
            first -= 1
        if first > 4:  # "It was open to reporters who want C": deep in the clause
            return self.head_noun(text, cs, stop)
        return cs + words[first].start(), stop

    def agent(self, d: DocIndex, cl: Clause, at: int) -> Speaker | None:
        """The agent of a passive cue ending at clause offset `at`: "by" within six words
        after it ("is viewed more positively by voters", "has been called 'X' by Jane Roe,
        a professor") and the noun phrase after "by", up to a comma, a preposition other
        than "of" or a `speaker_stop` word (eight words at most), read as a speaker."""
        by = self.by_re.match(cl.chunk, at)
        if not by or not cl.outside(by.start(1)) or any(
                w in self.speaker_stop for w in cl.chunk[at:by.start(1)].split()):
            return None  # "it was revealed that he paid lawsuits by X": X is no agent
        words = list(re.finditer(r"[^\s,;:()“”\"]+|[,;:()“”\"]", cl.chunk[by.end():]))
        n = 0
        while n < len(words) and n < 8:
            w = words[n].group(0)
            if w in self.speaker_stop or (w in self.openers and w != "of") or \
                    not w[0].isalnum():
                break
            n += 1
        if not n:
            return None
        start = cl.cs + by.end()
        return self.speaker(d, start, start + words[n - 1].end(), cl.sent_id)

    def head_noun(self, text: str, cs: int, stop: int) -> tuple[int, int] | None:
        """The noun phrase that ends right before `stop` (a relative pronoun after a long
        clause: "a wave of alarm among legal experts, who"): up to four words back, ending
        at a preposition, a `speaker_stop` word or a comma; a determiner is kept."""
        words = list(re.finditer(r"\S+", text[cs:stop]))
        first = len(words)
        while first > 0 and len(words) - first < 4:
            w = words[first - 1].group(0)
            low = w.lower()
            if w.endswith(",") and first < len(words) or low in self.openers or \
                    low in self.speaker_stop:
                break
            first -= 1
            if low in self.np_words:
                break
        if first == len(words):
            return None
        return cs + words[first].start(), cs + words[-1].end()


class CueFrameFinder:
    """Finds the frame a clause's verbs of saying head, if any (built per codebook). It keeps
    the order the cues are tried in and, per cue, the order of the readings (a quotation
    first, a participle after the subject, a passive denial, post-posed, pre-posed); the
    post-posed and pre-posed readings are `PostposedFrames` and `PreposedFrames`."""

    def __init__(self, cb: Codebook, lex: CueLexicon, speaker: SpeakerFinder):
        self.lex, self.speaker = lex, speaker
        self.rx = CuePatterns(cb)
        subject = SubjectFinder(cb)
        self.postposed = PostposedFrames(cb, lex, speaker, self.rx, subject)
        self.preposed = PreposedFrames(cb, lex, speaker, self.rx, subject)

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
                and self.postposed.closes_clause(chunk, cues[-1], cues[-2]) \
                and not self.postposed.participle_after_frame(chunk, cues[-1]):
            cues = [cues[-1]] + cues[:-1]  # the outer frame closes the clause: "C, X said."
        elif len(cues) > 2 and self.postposed.participle_after_frame(chunk, cues[-1]) and \
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
        cues = [c for c in cues if not self.lex.wants_more(cl.chunk, c)]
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
        if not by and self.lex.cue_class.get(cue) == "knowledge" and \
                not _rx(r"\s+(?:that|to)\s").match(cl.chunk, c.end()):
            return None  # "the poll can be found here", "he was found dead": no content
        if not by and self.lex.cue_class.get(cue) == "intention":
            return None  # "the race has been decided", "the ad is aimed at women": no holder
        if by:
            comma = cl.chunk.find(",", by.end())
            end = cl.cs + comma if comma > 0 else cl.ce
            sp = self.speaker(d, cl.cs + by.end(), end, cl.sent_id, strict=True)
            if sp:
                return [Frame(sp[0], sp[1], sp[2], cue, polarity, (cl.cs, cl.ce))]
        sp = self.preposed.agent(d, cl, c.end())
        if sp:  # "has been criticized most sharply by some of his rivals for C"
            return [Frame(sp[0], sp[1], sp[2], cue, polarity, (cl.cs, cl.ce))]
        aux = cl.chunk.rfind(" ", 0, c.start() - 1)
        return [Frame("", cl.chunk[aux + 1:c.end()], "anonymous", cue, polarity, (cl.cs, cl.ce))]

    def _read(self, d: DocIndex, cl: Clause, cues: list[Cue], c: Cue,
              quote: int) -> list[Frame] | None:
        """The frames one cue heads, trying each reading in turn (None: it heads none)."""
        cue, polarity, needs_that = self.lex.cue_forms[c.group(0)]
        chunk = cl.chunk
        after = chunk[c.end():c.end() + 40]
        if self.lex.wants_more(chunk, c):
            return None  # "support for him", "attacked the town": no cue
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
        if only and not _rx(r"\s*[,:]?\s*(?:[“\"‘]|'')").match(after) or \
                c.group(0) in self.lex.to_only and not _rx(
                    r"\s+to\s+(?!(?:the|a|an|his|her|their|its|this|that)\b)[a-z]").match(after):
            return None
        before = chunk[:c.start()]
        comma = before.rfind(",")
        appos = self.rx.apposition.match(cl.text, cl.cs, cl.cs + c.start())  # "Jane Roe, a spokeswoman, said"
        found = self._participle(d, cl, c, cue, polarity, before, comma) or \
            self._passive(d, cl, c, cue, polarity)
        if found:
            return found
        if not appos and comma > 0 and not before[comma + 1:].strip():
            found = self.postposed.apposition(d, cl, c, cue, polarity, before)
            if found:
                return found
        if not appos and comma > 0:
            found = self.postposed(d, cl, c, cue, polarity, before, comma, after)
            if found:
                return found
        if _QUOTE_TAG.search(before):
            return None  # 'X is ''C,'' said Y, an aide': the cue tags the quotation
        if needs_that and not self.lex.frames_anyway(cue, after, before,
                                                  cl.low[cl.cs + c.end():cl.cs + c.end() + 80]):
            return None  # "declared war", "reported losses": not a frame unless post-posed
        first = c.start() == min(x.start() for x in cues)  # no cue before it in the clause
        sp = self.preposed.speaker_of(d, cl, c, before, comma, appos, first)
        if sp is None:
            return None
        return self.preposed(d, cl, cues, c, sp, cue, polarity)

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
            tag_end = max(cs + c.end(), region[1])
            if inverted and text.find(",", tag_end, ce) > 0:
                tag_end = text.find(",", tag_end, ce)  # '..." said Roe during X, adding'
            split = _SPLIT_QUOTE.match(text, tag_end, ce)
            out = [Frame(sp[0], sp[1], sp[2], cue, polarity, (cs, ce if split else cs + quote))]
            # '"C," Holt said, and the crowd left': the clause goes on after its tag
            # ('"C," said Jane Roe, a spokeswoman': after an inverted tag, an apposition)
            more = None if split else _rx(r"(?:\s+[\w-]+){0,3}?\s*,\s+(and\s+|but\s+)?").match(
                text, tag_end, ce)
            if more and len(text[more.end():ce].split()) >= 3 and not (inverted and not (
                    more.group(1) or _rx(r"[a-z]{2,}ing\b").match(d.low, more.end()))):
                out.append(self.postposed._participle_rest(d, cl, more.end(), sp) or Frame(
                    d.outlet_id, d.outlet_name, "author", "", "affirm", (more.end(), ce)))
            elif not split:  # '"C," X said in an interview on Monday, adding that D'
                at = max(cs + c.end(), region[1])
                out.extend(self.postposed.participle_after_tag(d, cl, at, sp) or
                           self.postposed.relative_after_tag(d, cl, at, sp))
            return out
        return None

    def _participle(self, d: DocIndex, cl: Clause, c: Cue, cue: str, polarity: str,
                    before: str, comma: int) -> list[Frame] | None:
        """A participle after the subject: "China ..., rejecting X" -> the clause subject:
        a pronoun opening the clause, else its opening subject phrase
        (`PreposedFrames.second_verb_subject`), else its first actor."""
        if not (c.group(0).endswith("ing") and comma > 0 and not before[comma + 1:].strip()):
            return None
        cs = cl.cs
        pron = self.lex.pron_opens_re.search(cl.text[cs:cs + comma])
        # "She spoke in Ohio on Monday, criticizing X": the pronoun subject
        sp = self.speaker(d, cs + pron.start(1), cs + pron.end(1), cl.sent_id) if pron else None
        opening = None if pron else self.preposed.second_verb_subject(cl, c, before)
        if opening:  # "Jane Roe visited Kyiv on Friday, saying C": the opening subject
            sp = self.speaker(d, cs + opening[0], cs + opening[1], cl.sent_id)
        subj = d.mentions_in(cs, cs + comma) if sp is None else None
        if subj:
            sp = (subj[0].actor_id, subj[0].surface,
                  self.speaker.attribution_of(subj[0].actor_id, cl.low[cs:cs + comma]))
        if sp is None:
            return None
        f = Frame(sp[0], sp[1], sp[2], cue, polarity, (cs + c.end(), cl.ce))
        f.include_cue_from = cs + c.start() if polarity == "deny" else -1
        return [f]

    def _passive(self, d: DocIndex, cl: Clause, c: Cue, cue: str,
                 polarity: str) -> list[Frame] | None:
        """A passive denial: "a claim denied by Yerevan"; any reduced passive of a cue with
        its agent ("a fact first reported by Jane Roe, a TV reporter"; the agent up to
        the next comma, read strictly): the agent's frame holds the clause."""
        by = _rx(r"\s+by\s+").match(cl.chunk[c.end():])
        if polarity == "deny" and by:
            sp = self.speaker(d, cl.cs + c.end() + by.end(), cl.ce, cl.sent_id)
            if sp:
                return [Frame(sp[0], sp[1], sp[2], cue, polarity, (cl.cs, cl.ce))]
        elif by and c.group(0).endswith("ed"):
            at = cl.cs + c.end() + by.end()
            comma = cl.chunk.find(",", at - cl.cs)
            sp = self.speaker(d, at, cl.cs + comma if comma > 0 else cl.ce, cl.sent_id,
                              strict=True)
            if sp and sp[2] in {"named", "group"}:
                return [Frame(sp[0], sp[1], sp[2], cue, polarity, (cl.cs, cl.ce))]
        return None
