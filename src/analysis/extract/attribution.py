"""Attribution frames: who a clause's content is attributed to, and where that content lies.

`FrameFinder` reads one clause and returns its frames, trying the frame kinds of `cues.yaml`
in one fixed order: an anonymous frame ("there are reports about C"), a release ("X released
a video showing C"), "according to X", evidence ("In a new poll, C"), a verb of saying
(`cues.CueFrameFinder`), a colon (`ColonFrames`: "Graham: C"), and a noun cue ("his claim
that C"). The speaker of every frame is read by one `speaker.SpeakerFinder`. A clause with no
frame is the author's voice (decided by the caller, `claims`).
"""
from __future__ import annotations

import re

from analysis.codebook import Codebook
from analysis.extract.clauses import _DATELINE, _bare, _rx
from analysis.extract.cues import CueFrameFinder, CueLexicon
from analysis.extract.docindex import Clause, DocIndex, Frame
from analysis.extract.lexicon import doc_hits
from analysis.extract.nominal import NominalFinder
from analysis.extract.speaker import SpeakerFinder
from analysis.text.textutil import norm, word_re


class ColonFrames:
    """Frames a colon marks, with no verb of saying to read: a subject and a verb before a
    quotation ("Jane Roe continued: “C”"), a speaker opening the clause ("Graham: C", a
    headline or transcript), a name before a quoted colon in mid-clause. Tried after the verb
    frames; one component because the three share the colon's tests and the speaker's."""

    def __init__(self, cb: Codebook, speaker: SpeakerFinder):
        self.speaker = speaker
        self.speaker_stop = frozenset(cb.speaker_stop)
        self.not_name = speaker.not_name
        self.evidence = frozenset(cb.evidence_nouns)
        #: words before a capitalised word that make it no surname ("The Update Team")
        self.not_first = frozenset(cb.speaker_stop) | frozenset(
            cb.grammar.words("common", "articles")) | frozenset(cb.speaker_lead)
        #: "Graham: Trump's rhetoric is hateful" (a headline or transcript speaker)
        self.colon_re = re.compile(r"\s*([A-Z][^:;,“”\"‘’()]{0,40}?)\s*(?:\([^()]{1,15}\)\s*)?"
                                   r":(?:\s+(?=\S)|(?=[“\"]))")
        #: "... pollster Jane Roe: “C”": a name (two to four capitalised words, an optional
        #: "(R-Ohio)") right before a colon and a quotation, anywhere in the clause
        self.colon_quote_re = re.compile(r"((?:[A-Z][\w.'’-]*\s+){1,3}[A-Z][\w.'’-]*)\s*"
                                         r"(?:\([^()]{1,15}\)\s*)?:\s*(?=[“\"])")
        #: "... - More from Jones: “C”": one capitalised word before such a colon, read only
        #: when the text names a "Jeffrey Jones" elsewhere (`seen_surname`)
        self.surname_quote_re = re.compile(r"(?<![\w.'’-])([A-Z][a-z][\w'’-]+)\s*:\s*(?=[“\"])")

    def __call__(self, d: DocIndex, cs: int, ce: int, sent_id: int) -> list[Frame]:
        """The colon frame of clause [cs, ce): a tag before a quotation, else a speaker and
        a colon (`colon_frame`, which falls back to `colon_quote`)."""
        return self.colon_tag(d, cs, ce, sent_id) or self.colon_frame(d, cs, ce, sent_id)

    def colon_tag(self, d: DocIndex, cs: int, ce: int, sent_id: int) -> list[Frame]:
        """A subject, one lowercase verb and a colon before a quotation, whatever the verb
        ("Jane Roe continued: “C”", "The flyer reads: “C”"): the subject speaks the quotation.
        When the quotation opens the next sentence ("He continued:" then “C” below), the
        frame has no content of its own and the quotation continues its speaker."""
        text = d.doc.text
        colon = text.find(":", cs, ce)
        words = text[cs:colon].split() if colon > cs else []
        if not 2 <= len(words) <= 8 or not words[-1].isalpha() or not words[-1].islower() \
                or any(w.lower() in self.speaker_stop for w in words[-2:]):
            return []  # "The result was clear:" is no speaker and verb
        after = text[colon + 1:ce].strip()
        if after:
            if after[:1] not in "“\"" or not d.is_pure_quote(colon + 1, ce):
                return []
            content = (colon + 1, ce)
        else:
            sents = d.doc.sentences
            nxt = sents[sent_id + 1].text.lstrip()[:1] if sent_id + 1 < len(sents) else ""
            if nxt not in ("“", '"'):
                return []
            content = (colon + 1, colon + 1)  # heard only: the next sentence is the quote
        verb_at = text.rfind(words[-1], cs, colon)
        sp = self.speaker(d, cs, verb_at, sent_id)
        if sp is None or sp[2] == "anonymous":
            return []
        return [Frame(sp[0], sp[1], sp[2], ":", "affirm", content)]

    def colon_frame(self, d: DocIndex, cs: int, ce: int, sent_id: int) -> list[Frame]:
        """A speaker and a colon opening the clause ("Graham: Trump's rhetoric is hateful",
        "Insiders: he will rebound"): a short name or group, never a label word."""
        colon = d.doc.text.find(":", cs, min(ce, cs + 60))
        m = self.colon_re.match(d.doc.text, cs, ce) if colon > 0 else None
        if not m:
            return self.colon_quote(d, cs, ce, sent_id)
        region = m.group(1)
        words = region.split()
        if self.label_value(d.doc.text[m.end():ce]):
            return []  # "Contributing: Jane Roe", "Twitter: @roe", "Email: x@y.com": a label
        if len(words) <= 4 and words and words[-1].lower() in self.evidence:
            # "Poll: C", "AP-GfK Poll: C", "Report: C": a headline's evidence speaks for C
            ms = d.mentions_in(m.start(1), m.end(1))
            return [Frame(ms[0].actor_id if ms else "", region, "named" if ms else "group", ":",
                          "affirm", (m.end(), ce))]
        if len(words) == 1 and region.isupper() and _bare(region) not in self.not_name and \
                self.seen_surname(d.doc.text, region):
            # "FALLIN: C" in a transcript, after "Gov. Mary Fallin": a name, not a label
            sp = self.speaker(d, m.start(1), m.end(1), sent_id, strict=True)
            sp = sp if sp and sp[2] == "named" else ("", region, "named")
            return [Frame(sp[0], sp[1], sp[2], ":", "affirm", (m.end(), ce))]
        if len(words) > 5 or any(w.lower() in self.speaker_stop for w in words) or \
                (len(words) == 1 and (region.isupper() or _bare(region) in self.not_name)):
            return self.colon_quote(d, cs, ce, sent_id)
        sp = self.speaker(d, m.start(1), m.end(1), sent_id, strict=True)
        if sp is None:
            return self.colon_quote(d, cs, ce, sent_id)
        return [Frame(sp[0], sp[1], sp[2], ":", "affirm", (m.end(), ce))]

    @staticmethod
    def label_value(content: str) -> bool:
        """Whether what follows a colon is only a label's value, no statement: at most three
        words, each capitalised (a name: "Contributing: Jane Roe") or a handle, address or
        link ("Twitter: @roe", "Email: roe@example.com", "Results: http://...")."""
        words = content.strip(" .").split()
        return 0 < len(words) <= 3 and all(
            w[:1].isupper() or "@" in w or w.startswith("http") for w in words)

    def seen_surname(self, text: str, word: str) -> bool:
        """Whether an all-capitals word ("FALLIN") is the last name of a full name the text
        writes elsewhere ("Mary Fallin"): a transcript's speaker, where "UPDATE:" or
        "CORRECTION:" is a label."""
        name, at = word[:1] + word[1:].lower(), 0
        if len(name) < 3 or not name.isalpha():
            return False
        while (at := text.find(" " + name, at) + 1) > 0:
            end = at + len(name)
            before = text[max(0, at - 30):at - 1].split()
            if (end == len(text) or not text[end].isalnum()) and before and \
                    before[-1][:1].isupper() and before[-1].rstrip(".").isalpha() and \
                    before[-1].lower() not in self.not_first:
                return True
        return False

    def colon_quote(self, d: DocIndex, cs: int, ce: int, sent_id: int) -> list[Frame]:
        """A name right before a colon that opens a quotation, in mid-clause ("... doesn't
        surprise pollster Jane Roe: “C”", "- Jane Roe and John Doe: “C”"): the quotation is
        the name's."""
        text = d.doc.text
        colon = text.find(":", cs, ce)
        if colon < 0:
            return []
        m = self.colon_quote_re.search(text, max(cs, colon - 80), ce)
        if not m:  # "More from Jones: “C”" after "Jeffrey Jones" in the text
            m = self.surname_quote_re.search(text, max(cs, colon - 40), ce)
            if not m or not self.seen_surname(text, m.group(1)):
                return []
        if any(_bare(w) in self.not_name for w in m.group(1).split()[-1:]):
            return []
        sp = self.speaker(d, m.start(1), m.end(1), sent_id, strict=True)
        if sp is None:
            return []
        return [Frame(sp[0], sp[1], sp[2], ":", "affirm", (m.end(), ce))]


class FrameFinder:
    """The attribution frames of a clause, in the order their content appears."""

    def __init__(self, cb: Codebook, lex: CueLexicon, speaker: SpeakerFinder):
        self.speaker = speaker
        self.cue_forms = lex.cue_forms
        self.cue_frames = CueFrameFinder(cb, lex, speaker)
        self.nominal = NominalFinder(cb)  # "his claim that C", "X voiced support for Y"
        for cue, cls in self.nominal.cue_classes.items():
            lex.cue_class.setdefault(cue, cls)
        self.according_re = word_re(cb.according)
        self.per_openers = frozenset(cb.grammar.words("attribution", "source_per_openers"))
        self.intro_leads = frozenset(cb.grammar.words("cues", "intro_leads"))
        self.intro_subordinators = frozenset(cb.grammar.words("cues", "intro_subordinators"))
        self.outer_re = word_re(cb.according_outer) if cb.according_outer else None
        self.anon_frame_re = word_re(cb.anonymous_frames)
        self.anon_adverbs = cb.grammar.words("attribution", "anonymous_adverbs")
        self.speaker_stop = frozenset(cb.speaker_stop)
        #: "After Roe said A, Doe said B": grammar.yaml speaker_names.clause_openers
        self.clause_openers = frozenset(cb.grammar.words("speaker_names", "clause_openers"))
        #: "is confirmed", "is true" (grammar.yaml `clauses`): where an anonymous frame's
        #: content ends ("It is reported that C is true")
        self.confirmed = speaker.clauses.confirmed
        self.evidence = lex.evidence
        nouns = "|".join(map(re.escape, sorted(self.evidence, key=len, reverse=True))) or "(?!)"
        words = lambda key: "|".join(map(re.escape, cb.grammar.words("attribution", key)))  # noqa: E731
        prep = words("evidence_prepositions")
        #: "In a new poll (released Sunday), C" and "C in national polls."
        self.evidence_lead_re = re.compile(
            r"\s*(?:(?:" + words("evidence_leads") + r")\s+)?(?:" + prep +
            r")\s+((?:[^\s,;:“”\"]+\s+){0,9}?(?:" + nouns +
            r")\b[^,;:“”\"]{0,50}?)\s*,\s+", re.I)
        self.evidence_tail_re = re.compile(
            r"\s+(?:" + prep + r")\s+((?:[^\s,;:“”\"]+\s+){0,6}?(?:" + nouns +
            r"))\s*[.;!]?\s*$", re.I)
        self.mid_nouns = cb.grammar.words("attribution", "evidence_mid_nouns")
        polls = "|".join(map(re.escape, sorted(self.mid_nouns, key=len, reverse=True))) or "(?!)"
        #: "Trump leads in the latest polls by 9 points": a poll inside the clause
        self.evidence_mid_re = re.compile(
            r"\s+(?:" + prep + r")\s+((?:[^\s,;:“”\"]+\s+){0,6}?(?:" + polls + r"))\b", re.I)
        self.as_open_re = re.compile(r"\s*(?:" + "|".join(map(re.escape, sorted(
            cb.as_openers, key=len, reverse=True))) + r")\s+") if cb.as_openers else None
        self.as_verb_re = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, sorted(
            cb.as_verbs, key=len, reverse=True))) + r")\s*$") if cb.as_verbs else None
        self.colon = ColonFrames(cb, speaker)  # "Graham: C", 'Jane Roe continued: "C"'
        poss = "|".join(map(re.escape, cb.grammar.words("nominal", "possessive_pronouns")))
        views = "|".join(map(re.escape, sorted(cb.view.get("nouns", ()), key=len, reverse=True)))
        self.view_cue = str(cb.view.get("cue", ""))
        tv = cb.to_view
        self.to_cue = str(tv.get("cue", ""))
        if tv:
            lex.cue_class.setdefault(self.to_cue, str(tv["class"]))
        openers = "|".join(map(re.escape, tv.get("openers", ()))) or "(?!)"
        #: "To Sharp, C" / "But to many, C": the holder (group 1) before the comma
        self.to_view_re = re.compile(r"\s*(?:[Bb]ut\s+)?[Tt]o\s+((?:[A-Z][\w.’'-]*|(?:" + openers +
                                     r")\b)[^,;:“”\"()]{0,60}?),\s+(?=\S)")
        if views:
            lex.cue_class.setdefault(self.view_cue, str(cb.view["class"]))
        #: "In Roe's view," / ", in their view.": the possessor (group 1) of a view noun
        self.view_re = re.compile(
            r"(?:^|(?<=,))\s*[Ii]n\s+((?:" + poss + r")|(?:the\s+)?(?:[A-Z][\w.-]*\s+){0,3}"
            r"[\w.-]+['’]s?)\s+(?:own\s+)?(?:" + views + r")\s*(?=,|[.;!?]?\s*$)", re.I
        ) if views else None
        self.release_re = re.compile(
            r"(?<![\w-])(?:" + "|".join(map(re.escape, map(norm, cb.release["verbs"]))) +
            r")\s+(?:(?:" + words("release_determiners") + r")\s+)*(?:[\w-]+\s+)?(?:" +
            "|".join(map(re.escape, map(norm, cb.release["objects"]))) + r")\s+(?:" +
            "|".join(map(re.escape, map(norm, cb.release["links"]))) + r")\s+")
        #: what may join an anonymous frame to its content ("it is reported (that) C")
        self.anon_link_re = re.compile(r"\s*(?:" + words("anonymous_links") + r")?\s*")
        #: "Y said that according to X, C": a complementizer before "according to"
        self.according_after_re = re.compile(r".*\b(?:" + words("according_after") +
                                             r")\s*\Z", re.S)
        # where the frame patterns can start: every occurrence of their first words, found
        # in the document's one scan (`lexicon`); a clause with none cannot match the pattern
        self.frame_words = {"anon_frame_re": tuple(cb.anonymous_frames),
                            "according_re": tuple(cb.according),
                            "release_re": tuple(cb.release["verbs"])}

    def __call__(self, d: DocIndex, cs: int, ce: int, sent_id: int) -> list[Frame]:
        """Attribution frames in clause [cs, ce), in the order their content appears."""
        dateline = _DATELINE.match(d.doc.text, cs, ce)
        if dateline:
            cs = dateline.end()  # "BAKU, Azerbaijan (AP) — ..." names no speaker
        cl = Clause(d, cs, ce, sent_id)
        asked = self.question_opener(d, cl)
        if asked:
            rest = self(d, asked.content[1] + 1, ce, sent_id) or [
                Frame(d.outlet_id, d.outlet_name, "author", "", "affirm", (asked.content[1] + 1, ce))]
            return [asked] + rest
        anon = self.anonymous(d, cl)
        if anon:
            return self.outer_speaker(d, cl, anon) or anon
        found = self.release(d, cl) or self.as_frame(d, cl)
        if found:
            return found
        frames = self.according(d, cl) or self.evidence_frames(d, cs, ce)
        found = self.cue_frames(d, cl)
        if found and cl.chunk.split(" ", 1)[0].strip() in self.clause_openers:
            found = self.subordinate(d, cl) or found
        if found and frames and frames[0].cue == "according to" and \
                self.outer_re is not None and self.outer_re.search(cl.chunk):
            return self.nested(d.doc.text, frames[0], found)
        if found and frames and frames[0].cue == "in" and frames[0].source_span[1] >= 0:
            # "In a new poll, 40 percent said C": the poll's claim is the clause, theirs C
            return self.nested(d.doc.text, frames[0], found)
        if found:
            return self.inner_frames(d, cl, found) + found
        return frames or self.colon(d, cs, ce, sent_id) or \
            self.nominal_frames(d, cs, ce, sent_id) or self.view_frames(d, cl) or \
            self.to_frames(d, cl)

    def inner_frames(self, d: DocIndex, cl: Clause, found: list[Frame],
                     depth: int = 2) -> list[Frame]:
        """The frames nested in a verb frame's content ("X said that Y claimed C": Y's claim
        C besides X's claim "Y claimed C"), read as a clause of its own, when a named or
        group speaker other than the outer one holds them; listed before the outer frame,
        so the outer speaker stays the last one heard."""
        out: list[Frame] = []
        for f in found:
            a, b = f.content
            if a <= cl.cs and b >= cl.ce:  # a whole-clause content: read after its own cue
                own = [c for c in d.cues_in(a, b) if self.cue_forms[c.group(0)][0] == f.cue]
                a = a + own[0].end() if own else b
            if f.attribution not in {"named", "group", "anonymous"} or b - a < 20 or \
                    not d.cues_in(a, b):
                continue
            sub = Clause(d, a, b, cl.sent_id)
            inner = [g for g in self.cue_frames(d, sub) or [] if g.attribution in
                     {"named", "group"} and g.surface != f.surface and g.content != f.content]
            if inner and depth > 1:  # "X said Y claimed that Z denied C"
                inner = self.inner_frames(d, sub, inner, depth - 1) + inner
            out += inner
        for g in out:
            g.nested = True  # a later "he said" still means the outer speaker
        return out

    def subordinate(self, d: DocIndex, cl: Clause) -> list[Frame] | None:
        """The frames of a clause opened by a `clause_openers` word before the main clause
        ("After Roe said A, Doe said: B"; "Although the minister said A, the president
        insisted B"): the first comma outside quotations where the opening clause has a
        frame of its own and the main clause a frame whose speaker is its opening subject
        (`SubjectFinder.opening`) cuts the two; None when no comma does. A main clause with
        no cue at all stays the author's ("Although the minister said the truce would hold,
        the rebels attacked the town": the minister's claim is "the truce would hold")."""
        subject = self.speaker.subject
        for i, ch in enumerate(cl.chunk):
            closes = cl.chunk[i + 1:i + 2] in ("”", '"')  # '... "less advanced schools," Doe'
            if ch != "," or not (cl.outside(i) or closes):
                continue
            rest = cl.cs + i + 1 + closes
            subj = subject.opening(cl.text[rest:cl.ce], [])
            if subj is None:
                continue
            if not d.cues_in(rest, cl.ce):
                head = self.cue_frames(d, Clause(d, cl.cs, cl.cs + i, cl.sent_id))
                if head:
                    return head + [Frame(d.outlet_id, d.outlet_name, "author", "", "affirm",
                                         (rest, cl.ce))]
                continue
            main = self.cue_frames(d, Clause(d, rest, cl.ce, cl.sent_id))
            head = self.cue_frames(d, Clause(d, cl.cs, cl.cs + i, cl.sent_id)) if main else None
            said = cl.text[rest + subj[0]:rest + subj[1]]
            if head and main[0].surface and main[0].surface in said:
                return head + main
        return None

    @staticmethod
    def nested(text: str, acc: Frame, found: list[Frame]) -> list[Frame]:
        """An "according to" frame and the verb frames of the same clause: "According to X,
        Y said C" gives both (X's claim is the clause, Y's is C, cut where a post-posed
        "according to" begins); a verb inside X's phrase ("according to officials who said
        ...") gives X's alone; "Y said that according to X, C" gives both."""
        a0, a1 = acc.content
        while a0 < a1 and text[a0] in " ,\n":
            a0 += 1  # where X's content begins, past the comma of "According to X,"
        if any(acc.source_span[0] < f.content[0] < acc.source_span[1] for f in found):
            return [acc]
        # (a frame whose content opens X's is a post-posed tag of the same claim: "According
        # to him, C, Akar said" stays one attribution)
        inside = [f for f in found if a0 < f.content[0] < a1 and text[a0:f.content[0]].strip(" ,")]
        if len(inside) == len(found):
            for f in inside:
                f.content = (f.content[0], min(f.content[1], a1))
            return sorted([acc] + inside, key=lambda f: f.content)
        if all(f.content[0] <= a0 and a1 <= f.content[1] for f in found):
            return sorted([acc] + found, key=lambda f: f.content)  # "Y said that according to X, C"
        return found

    def anonymous(self, d: DocIndex, cl: Clause) -> list[Frame]:
        """"there are reports about C", "some reports say C" (not "reportedly", which the
        claim reads as a hedge and an anonymous source)."""
        cs, ce, chunk, low = cl.cs, cl.ce, cl.chunk, cl.low
        m = self.anon_frame_re.search(chunk) if d.may_match("anon_frame_re", cs, ce) else None
        if not (m and cl.outside(m.start())):
            return []
        phrase = m.group(0)
        if phrase in self.anon_adverbs:
            return []
        after = cs + m.end()
        nxt = self.anon_link_re.match(low[after:ce])
        start = after + (nxt.end() if nxt else 0)
        conf = self.confirmed.search(low[start:ce].rstrip(" ,"))
        if conf:
            ce = start + conf.start()
        if phrase.endswith(" to") and m.start() > 0:
            start = cs  # "X is expected to C": X is part of what is expected
        return [Frame("", cl.text[cs + m.start():after], "anonymous", phrase, "affirm",
                      (start, ce))]

    def question_opener(self, d: DocIndex, cl: Clause) -> Frame | None:
        """A clause opened by a cue's participle and a comma ("Asked about the strike, X
        said C"; "Pressed on the budget, she ..."): the question or charge put to the
        subject by someone the text does not name (anonymous), up to the comma; the rest
        of the clause is read on its own."""
        m = _rx(r"\s*([a-z]+ed)\s+(?=\S)").match(cl.chunk)
        if not m or m.group(1) not in self.cue_forms or not cl.text[cl.cs + m.start(1)].isupper():
            return None
        comma = next((i for i in range(m.end(), len(cl.chunk)) if cl.chunk[i] == ","
                      and cl.outside(i)), -1)
        if comma < 0 or not cl.chunk[comma + 1:].strip():
            return None
        cue, polarity, _ = self.cue_forms[m.group(1)]
        return Frame("", cl.text[cl.cs + m.start(1):cl.cs + m.end(1)].strip(), "anonymous", cue,
                     polarity, (cl.cs + m.end(), cl.cs + comma))

    def outer_speaker(self, d: DocIndex, cl: Clause, anon: list[Frame]) -> list[Frame] | None:
        """A named speaker whose frame holds an anonymous one ("The missiles were believed
        to be new, the army said"): the speaker who says it, not nobody. Read only for a
        clause that ends with a cue (a post-posed frame)."""
        cues = d.cues_in(cl.cs, cl.ce)
        if not cues or len(cl.chunk[cues[-1].end():].split()) > 8:
            return None
        found = self.cue_frames(d, cl)
        at = cl.cs + cl.chunk.find(anon[0].cue) if anon[0].cue in cl.chunk else -1
        if found and found[0].attribution in {"named", "group"} and \
                found[0].content[0] <= at < found[0].content[1]:
            return found
        return None

    def release(self, d: DocIndex, cl: Clause) -> list[Frame]:
        """"X released a video showing C": X is the source of C."""
        cs, ce = cl.cs, cl.ce
        m = self.release_re.search(cl.chunk) if d.may_match("release_re", cs, ce) else None
        if m and cl.outside(m.start()):
            sp = self.speaker(d, cs, cs + m.start(), cl.sent_id)
            if sp:
                return [Frame(sp[0], sp[1], sp[2], "released", "affirm", (cs + m.end(), ce))]
        return []

    def as_frame(self, d: DocIndex, cl: Clause) -> list[Frame]:
        """"As X said, C" / "As X put it, C": a parenthetical of saying that opens the clause
        (an opener, a speaker, a verb right before the first comma outside quotations); X's
        claim is the rest of the clause. "As the army advanced, C" has no verb of saying."""
        cs, chunk = cl.cs, cl.chunk
        m = self.as_open_re.match(chunk) if self.as_open_re else None
        if not m:
            return []
        # the first comma (or colon) outside quotations right after a verb of saying: "As
        # Jane Roe, a professor of law, put it, C", "As X put it: C"
        for comma in (i for i in range(m.end(), min(len(chunk), m.end() + 200))
                      if chunk[i] in ",:" and cl.outside(i)):
            if not chunk[comma + 1:].strip():
                return []
            head = chunk[:comma].rstrip()
            cues = d.cues_in(cs + m.end(), cs + len(head))
            verb = self.as_verb_re.search(head) if self.as_verb_re else None
            at = verb.start() if verb else next(
                (m.end() + c.start() for c in cues[-1:] if m.end() + c.end() == len(head)), -1)
            if at > m.end():
                break
            name = cl.text[cs + m.end():cs + comma].split()
            if chunk[comma] == ":" or comma - m.end() > 120 or not 0 < len(name) <= 4 or \
                    not all(w[:1].isupper() for w in name):
                return []  # past a comma only after a name and its apposition
        else:
            return []
        form = verb.group(0).strip() if verb else cues[-1].group(0)
        cue, polarity = self.cue_forms.get(form, (form, "affirm"))[:2]
        sp = self.speaker(d, cs + m.end(), cs + at, cl.sent_id)
        if sp is None or sp[2] == "anonymous":
            return []
        return [Frame(sp[0], sp[1], sp[2], cue, polarity, (cs + comma + 1, cl.ce))]

    def according(self, d: DocIndex, cl: Clause) -> list[Frame]:
        """"according to X, C" / "C, according to X" (X runs to the next comma)."""
        cs, ce, chunk = cl.cs, cl.ce, cl.chunk
        m = self.according_re.search(chunk) if d.may_match("according_re", cs, ce) else None
        while m and self.rate_per(cl.text[cs:ce], m):
            m = self.according_re.search(chunk, m.end())
        if not (m and cl.outside(m.start())):
            return []
        a_end = next((i for i in range(m.end(), len(chunk)) if chunk[i] == "," and cl.outside(i)),
                     len(chunk))
        sp = self.speaker(d, cs + m.end(), cs + a_end, cl.sent_id)
        if m.start() <= 2 or chunk[:m.start()].strip() in {"", ","} or (
                a_end < len(chunk) and self.according_after_re.match(chunk, 0, m.start())):
            content = (cs + a_end, ce)  # "According to X, C", "Y said that according to X, C"
        else:
            content = (cs, cs + m.start())
        if sp:
            f = Frame(sp[0], sp[1], sp[2], "according to", "affirm", content)
            f.source_span = (cs + m.start(), cs + a_end)
            return [f]
        return []

    def _subordinate(self, low: str, cs: int) -> bool:
        """Whether a clause opens as a subordinate one ("When X began closing in national
        polls, ...", "Though he trails in the polls"): a poll later in it measures no claim
        of its own (grammar.yaml `cues.intro_leads`, `cues.intro_subordinators`)."""
        words = low[cs:cs + 40].split()[:3]
        while words and words[0].strip(",") in self.intro_leads:
            words.pop(0)
        return bool(words) and words[0].strip(",") in self.intro_subordinators

    def rate_per(self, orig: str, m: re.Match) -> bool:
        """Whether a matched "per" is a rate ("$70 per square foot", "per month"), not a
        source ("per the report", "per Reuters"): a source opens with a capital or one of
        grammar.yaml `source_per_openers`."""
        if m.group(0).lower() != "per":
            return False
        nxt = orig[m.end():m.end() + 30].split(None, 1)
        word = nxt[0] if nxt else ""
        return not (word[:1].isupper() or word.lower() in self.per_openers)

    def evidence_frames(self, d: DocIndex, cs: int, ce: int) -> list[Frame]:
        """A poll or a record as the source of a clause: "In a new poll, C" / "C in recent
        polls." (the noun is one of the codebook's evidence nouns), or a poll inside the
        clause ("C in the latest polls by nine points", grammar.yaml `evidence_mid_nouns`:
        only a poll measures what the clause before it says; "shown in a video" does not)."""
        text, low = d.doc.text, d.low
        head = low[cs:cs + 12].lstrip()
        m = self.evidence_lead_re.match(text, cs, ce) \
            if head.startswith(("in ", "but in ", "and in ", "yet in ")) else None
        if m and not any(w in self.speaker_stop for w in low[m.start(1):m.end(1)].split()):
            span, content = (m.start(1), m.end(1)), (m.end(), ce)
        else:
            last = low[max(cs, ce - 16):ce].rstrip(" .;!").rsplit(" ", 1)[-1]
            m = self.evidence_tail_re.search(text, cs, ce) if last in self.evidence else None
            seg = low[cs:ce] if m is None else ""
            if m is None and any(n in seg for n in self.mid_nouns):
                m = self.evidence_mid_re.search(text, cs, ce)  # a poll inside the clause
                words = low[m.start(1):m.end(1)].split()[:-1] if m else []
                if any(w in self.speaker_stop or w.endswith("ing") for w in words):
                    return []  # "in the states going to the polls": no poll speaks
            if not m or len(text[cs:m.start()].split()) < 4 or self._subordinate(low, cs):
                return []
            span, content = (m.start(1), m.end(1)), (cs, m.start())
        ms = d.mentions_in(*span)
        f = Frame(ms[0].actor_id if ms else "", text[span[0]:span[1]],
                  "named" if ms else "group", "in", "affirm", content)
        f.source_span = span
        return [f]

    def view_frames(self, d: DocIndex, cl: Clause) -> list[Frame]:
        """A possessor's view set off by commas ("In Roe's view, C", "C, in their view."):
        the possessor's claim is the rest of the clause (cues.yaml `view_nouns`)."""
        if self.view_re is None or "in " not in cl.chunk:
            return []
        m = self.view_re.search(cl.chunk)
        if m is None or not cl.outside(m.start(1)):
            return []
        s, e = cl.cs + m.start(1), cl.cs + m.end(1)
        e -= 2 if d.doc.text[e - 2:e] in ("'s", "’s") else 1 if d.doc.text[e - 1] in "'’" else 0
        sp = self.speaker(d, s, e, cl.sent_id)
        if sp is None or sp[2] == "anonymous":
            return []
        after = cl.cs + m.end()
        comma = cl.chunk.find(",", m.end()) if cl.chunk[m.end():m.end() + 1] == "," else -1
        content = (cl.cs + comma + 1, cl.ce) if not cl.chunk[:m.start()].strip(" ,") \
            else (cl.cs, cl.cs + m.start()) if not cl.chunk[m.end():].strip(" ,.;!?") \
            else (cl.cs, cl.ce)
        if after >= cl.ce and content == (cl.cs, cl.ce) or not d.doc.text[slice(*content)].strip(" ,."):
            return []
        return [Frame(sp[0], sp[1], sp[2], self.view_cue, "affirm", content)]

    def to_frames(self, d: DocIndex, cl: Clause) -> list[Frame]:
        """"To X, C" opening the clause (cues.yaml `to_view`): X's view is the rest of it;
        X must read as a speaker ("To win the state, C" does not)."""
        if not cl.chunk.lstrip().startswith(("to ", "but to ")):
            return []
        m = self.to_view_re.match(d.doc.text, cl.cs, cl.ce)
        if m is None:
            return []
        named = d.doc.text[m.start(1)].isupper()  # a name; else one of `openers` ("many")
        sp = self.speaker(d, m.start(1), m.end(1), cl.sent_id, strict=named)
        if sp is None or sp[2] == "anonymous":
            return []
        return [Frame(sp[0], sp[1], sp[2], self.to_cue, "affirm", (m.end(), cl.ce))]

    def nominal_frames(self, d: DocIndex, cs: int, ce: int, sent_id: int) -> list[Frame]:
        """A noun cue's frame ("his claim that C", "the party's support for X"): the first
        whose holder reads as a speaker (`extract.nominal`); tried last, when no verb,
        "according to" or colon frame applies."""
        hits = doc_hits(d.doc, d.cb)["nominal"]
        if not hits:
            return []
        for n in self.nominal.find(d.doc.text, d.low, hits, cs, ce):
            sp = self.speaker(d, *n.holder, sent_id)
            if sp and n.author_clause:  # "... as the council increased its support for X"
                return [Frame(d.outlet_id, d.outlet_name, "author", "", "affirm", (cs, ce)),
                        Frame(sp[0], sp[1], sp[2], n.cue, n.polarity, n.content)]
            if sp:
                return [Frame(sp[0], sp[1], sp[2], n.cue, n.polarity, n.content)]
        return []
