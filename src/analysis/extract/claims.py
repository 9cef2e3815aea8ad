"""Claims: who asserts what, on whose authority, how firmly, with which actors and numbers.

A sentence is cut into clauses (at ';', ', but', ', while', an 'if ...,' clause, and ', and'
before a new attribution), never inside a quotation. Each clause yields one claim, or two
when one speaker makes two statements ("deny X claiming that Y"). Attribution frames, all
from `cues.yaml`: pre-posed ("X said (that) C"), post-posed ("C, X said" / "C, says X, a ..."),
"according to X", "X released a video showing C", anonymous frames ("there are reports
about C", "reportedly"), and quotations that continue the previous speaker's quote. A clause
with no frame is the author's own voice, with the outlet as claimant.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from operator import attrgetter, itemgetter
from typing import Callable, NamedTuple

from analysis.codebook import Codebook
from analysis.extract.lexicon import doc_hits
from analysis.extract.nominal import NominalFinder
from analysis.records import Claim, Document, LoadedUse, Mention, PlaceRef, Sentence
from analysis.extract.subject import SubjectFinder
from analysis.text.textutil import norm, word_re
from analysis.text.textutil import quote_spans as _plain_quote_spans

#: `re.compile` memoised: inline patterns without the `re` module's cache lookups.
_rx = lru_cache(maxsize=None)(re.compile)

_OPEN_Q = {'"', "“", "«"}
#: A name right after an inverted cue ('said Jane Roe', 'said Mr. Roe').
_NAME_AHEAD = re.compile(r"\s*(?:(?:Mr|Mrs|Ms|Dr)\.?\s+)?[A-Z]")
#: An "-ing" complement right after a cue ("reported striking", "admitted having fired").
_GERUND = re.compile(r"\s+(?:having\s+)?[a-z]{2,}ing\b")
_CLOSE_Q = frozenset('”"’»\'')
#: A personal pronoun just before the cue is its subject, whatever precedes ("which he said").
_PRON_BEFORE = re.compile(r"(?:^|\W)(he|she|they|we|i|it|He|She|They|We|I|It)\s+(?:\w+ly\s+)?\Z")
#: "Name, a/the ... (of X), cue": the subject is the name before the apposition.
_APPOSITION = re.compile(r"\s*((?:[A-Z][\w.'’-]*\s+){0,4}[A-Z][\w.'’-]*)\s*,\s*(?:a|an|the|who|"
                         r"whose|[A-Z][\w.'’-]*['’]s|(?:[\w.'’-]+\s+){0,2}of)\s[^,“”\"]*,\s*$")

_QUOTE_OPENERS = frozenset('“"‘\'')  # a quotation (textutil.quote_spans) opens with one
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
                 "twenty": 20, "thirty": 30, "fifty": 50, "hundred": 100, "dozens": 24,
                 "hundreds": 200, "thousands": 2000}
NUMBER_WORDS: tuple[str, ...] = tuple(_NUMBER_WORDS)  # (ASCII) words read as numbers
_TIME_UNITS = {"day", "days", "year", "years", "month", "months", "week", "weeks", "hour",
               "hours", "minute", "minutes", "decade", "decades", "century", "centuries",
               "times", "lanes", "sides", "percent"}
_MONTHS = tuple("january february march april may june july august september october november "
                "december jan feb mar apr jun jul aug sep sept oct nov dec".split())
_QTY = re.compile(
    r"(?P<qual>\b(?:at least|more than|over|some|about|around|nearly|almost|up to|an estimated|"
    r"fewer than|less than)\s+)?"
    r"(?P<num>(?<![\w.])\d[\d,]*(?:\.\d+)?|\b(?:" + "|".join(_NUMBER_WORDS) + r"))\b"
    r"(?P<rest>(?:\s+(?!\d)[\w-]+){0,3})", re.I)
_CONFIRMED = re.compile(r"\b(?:are|is|were|was|be|get|gets)\s+(?:confirmed|true|correct|accurate|"
                        r"verified)\s*$", re.I)
# Every cut starts with ';', ',' or whitespace (tested first, once per position). A
# whitespace-led cut starts at the first character of a whitespace run and takes it whole,
# and "a final parenthesis of four words or more" counts the whitespace inside it with a
# lookahead that cannot backtrack: the same cuts as the plain pattern, whose nested
# repetition took exponential time on an unclosed "(" before a long text.
_SPLITTERS = re.compile(
    r"(?=[;,\s])(?:;\s+|,\s+(?=(?:but|while|whereas|although)\b)"
    r"|(?<!\s)\s++(?:[-–—]\s++(?=[a-z])|(?=\((?=(?:[^()\s]*+\s){3})[^()]*+\)\s*+[.:;,]?\s*+$))"
    r"|,\s+and\s+(?=according to\b)|,\s+(?=(?:a|an|the)\s+(?:charge|claim|accusation|allegation"
    r"|report|version)s?\s+(?:that\s+|which\s+)?(?:[A-Z]|(?:was\s+|were\s+)?(?:denied|rejected"
    r"|dismissed|disputed|refuted)\b)))")


class _Cue(NamedTuple):
    """A verb of saying found in a clause (offsets relative to the clause), read like a
    regex match: `start()`, `end()`, `group(0)`."""

    s: int
    e: int
    form: str

    def start(self) -> int:
        """Start offset in the clause."""
        return self.s

    def end(self) -> int:
        """End offset in the clause."""
        return self.e

    def group(self, _: int = 0) -> str:
        """The cue form as matched (normalised)."""
        return self.form


_SPLIT_CHARS = ";,-–—("  # a character each alternative of _SPLITTERS requires


@dataclass
class _Frame:
    """An attribution frame found in a clause."""

    claimant_id: str
    surface: str
    attribution: str
    cue: str
    polarity: str
    content: tuple[int, int]  # absolute offsets
    include_cue_from: int = -1


class ClaimExtractor:
    """Per-codebook compiled patterns for claim extraction."""

    def __init__(self, cb: Codebook):
        self.cb = cb
        self.cue_forms: dict[str, tuple[str, str, bool]] = {}
        self.cue_class: dict[str, str] = {}  # cue -> its class
        self.gerund_cues = frozenset(c.cue for c in cb.cues if c.gerund)
        for c in cb.cues:
            self.cue_class[c.cue] = c.cls
            for f in c.forms:
                self.cue_forms[norm(f)] = (c.cue, c.polarity, c.needs_that)
        self.class_modality = {k: v[1] for k, v in cb.cue_classes.items()}
        self.whole_clause = frozenset(k for k, v in cb.cue_classes.items() if v[2])
        self.according_re = word_re(cb.according)
        self.anon_frame_re = word_re(cb.anonymous_frames)
        self.anon_noun_re = word_re(cb.anonymous_nouns)
        self.group_re = word_re(cb.group_nouns)
        self.pron_re = word_re(cb.pronouns + ("it", "him", "them"))
        self.lead_re = re.compile(r"(?:(?:" + "|".join(map(re.escape, cb.speaker_lead)) +
                                  r")\b[\s,]*)+") if cb.speaker_lead else None
        self.speaker_stop = frozenset(cb.speaker_stop)
        self.not_name = _NOT_NAME | frozenset(cb.not_names)
        self.subject = SubjectFinder(cb)
        self.nominal = NominalFinder(cb)  # "his claim that C", "X voiced support for Y"
        for cue, cls in self.nominal.cue_classes.items():
            self.cue_class.setdefault(cue, cls)
        self.speaker_quantifiers = frozenset(cb.speaker_quantifiers)
        self.attributive = frozenset(w.lower() for w in cb.attributive_determiners)
        self.evidence = frozenset(n.lower() for n in cb.evidence_nouns)
        nouns = "|".join(map(re.escape, sorted(self.evidence, key=len, reverse=True))) or "(?!)"
        #: "In a new poll (released Sunday), C" and "C in national polls."
        self.evidence_lead_re = re.compile(
            r"\s*(?:(?:but|and|yet)\s+)?in\s+((?:[^\s,;:“”\"]+\s+){0,9}?(?:" + nouns +
            r")\b[^,;:“”\"]{0,50}?)\s*,\s+", re.I)
        self.evidence_tail_re = re.compile(
            r"\s+in\s+((?:[^\s,;:“”\"]+\s+){0,6}?(?:" + nouns + r"))\s*[.;!]?\s*$", re.I)
        #: "Graham: Trump's rhetoric is hateful" (a headline or transcript speaker)
        self.colon_re = re.compile(r"\s*([A-Z][^:;,“”\"‘’()]{0,40}?)\s*:\s+(?=\S)")
        self.release_re = re.compile(
            r"(?<![\w-])(?:" + "|".join(map(re.escape, map(norm, cb.release["verbs"]))) +
            r")\s+(?:(?:a|an|the|new|its|their)\s+)*(?:[\w-]+\s+)?(?:" +
            "|".join(map(re.escape, map(norm, cb.release["objects"]))) + r")\s+(?:" +
            "|".join(map(re.escape, map(norm, cb.release["links"]))) + r")\s+")
        # where the frame patterns can start: every occurrence of their first words, found
        # in the document's one scan (`lexicon`); a clause with none cannot match the pattern
        self.frame_words = {"anon_frame_re": tuple(cb.anonymous_frames),
                            "according_re": tuple(cb.according),
                            "release_re": tuple(cb.release["verbs"])}
        #: "X is (simply) untrue", "the reports are baseless": a denial without a denial verb
        self.denial_pred_re = re.compile(
            r"\b(?:is|are|was|were|being)\s+(?:[a-z]+ly\s+){0,2}(?:" +
            "|".join(map(re.escape, cb.denial_predicates)) + r")\b") if cb.denial_predicates else None
        self.cond_re = word_re(cb.modality["conditional"])
        self.hedge_re = word_re(cb.modality["hedged"])
        self.fcast_re = word_re(cb.modality["forecast"])
        self.type_res = [(t, word_re(t.triggers)) for t in cb.claim_types if t.triggers]
        self.types = {t.id: t for t in cb.claim_types}
        # one Aho-Corasick pass per document finds every claim-type trigger, modality
        # marker and loaded phrase; claims then look up their own span
        table: dict[str, list[tuple[str, object, int]]] = {}
        for order, t in enumerate(cb.claim_types):
            for w in t.triggers:
                table.setdefault(w, []).append(("type", t, order))
        for cat in ("conditional", "hedged", "forecast"):
            for w in cb.modality[cat]:
                table.setdefault(w, []).append((cat, w, 0))
        for entry in cb.loaded:
            for w in entry.phrases:
                table.setdefault(w, []).append(("loaded", entry, 0))
        self.marker_table = table  # searched through `lexicon.doc_hits` (table "markers")


_EXTRACTORS: dict[int, ClaimExtractor] = {}


def extractor_for(cb: Codebook) -> ClaimExtractor:
    """The compiled extractor for a codebook (built once)."""
    if id(cb) not in _EXTRACTORS:
        _EXTRACTORS[id(cb)] = ClaimExtractor(cb)
    return _EXTRACTORS[id(cb)]


# -- small pure helpers -------------------------------------------------------------------
def _leading_quote(text: str) -> int:
    """End offset of a quotation that opens the text, or 0."""
    stripped = text.lstrip()
    if stripped[:1] not in _QUOTE_OPENERS:
        return 0  # the text does not open with a quotation mark
    lead = len(text) - len(stripped)
    spans = quote_spans(text)
    if spans and spans[0][0] == lead and spans[0][1] < len(text.rstrip(" .")):
        return spans[0][1]
    return 0


_STRAIGHT_OPENS = re.compile(r'(?:^|(?<=[\s(\[—–-]))"')


def _smart_quotes(text: str) -> str:
    """Straight double quotation marks made curly by position (an opening mark at the start
    or after a space or bracket, a closing one elsewhere): text that mixes both kinds
    ('"C,” said X') pairs each opening mark with its closing one. Same length, same offsets."""
    opened = _STRAIGHT_OPENS.sub("“", text)
    return opened.replace('"', "”")


def quote_spans(text: str) -> tuple[tuple[int, int], ...]:
    """`textutil.quote_spans`, reading a doubled apostrophe ('' ... '') as a double quotation
    mark: the ASCII convention of some wire and archive text, where no quotation was seen
    at all. Each pair is read as one `"` (the span keeps both characters)."""
    if '"' in text and ("”" in text or "“" in text):
        text = _smart_quotes(text)  # '"C,” said X': one kind of mark per quotation
    if "''" not in text:
        return _plain_quote_spans(text)
    alt = text.replace("''", '"\x01')
    out = []
    for s, e in _plain_quote_spans(alt):
        if e < len(alt) and alt[e] == "\x01":
            e += 1  # the closing pair's second apostrophe
        out.append((s, e))
    return tuple(out)


@lru_cache(maxsize=4096)
def quote_depth_mask(text: str) -> bytes:
    """For each character, 1 when it lies inside a quotation (marks included), else 0."""
    if '"' not in text and "“" not in text and "‘" not in text and "'" not in text:
        return bytes(len(text))  # no quotation mark at all: nothing is quoted
    mask = bytearray(len(text))
    for s, e in quote_spans(text):
        mask[s:e] = b"\x01" * (e - s)
    return bytes(mask)


def split_clauses(sent: Sentence) -> list[tuple[int, int, bool]]:
    """Clause spans (absolute offsets) of a sentence, and whether each is an if-clause."""
    text = sent.text
    # every splitter needs one of these characters; most sentences have none of them
    found = list(_SPLITTERS.finditer(text)) if any(c in text for c in _SPLIT_CHARS) else []
    mask = quote_depth_mask(text) if found else b""
    cuts = [m for m in found if not mask[m.start()]]
    spans, pos = [], 0
    for m in cuts:
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    out: list[tuple[int, int, bool]] = []
    for s, e in spans:
        chunk = text[s:e]
        lead = _rx(r"\s*(?:(?:but|and|so|yet)\s+)?(if|unless)\b", re.I).match(chunk)
        if lead:
            mask = mask or quote_depth_mask(text)
            commas = [i for i in range(lead.end(), len(chunk)) if chunk[i] == "," and not mask[s + i]]
            confirmed = [i for i in commas if _CONFIRMED.search(chunk[:i])]
            comma = confirmed[0] if confirmed else (commas[0] if commas else -1)
            if comma > 0:
                out.append((s, s + comma, True))
                out.append((s + comma + 1, e, False))
                continue
        out.append((s, e, False))
    return [(sent.start + s, sent.start + e, c) for s, e, c in out if text[s:e].strip(" ,.;:-")]


_INVERTING = frozenset("""says said adds added writes wrote notes noted explains explained
continues continued insists insisted warns warned argues argued claims claimed""".split())
_EMBEDDED = re.compile(r"\s*(?:a|an|the)\s+(?:charge|claim|accusation|allegation|report|version)s?\b",
                       re.I)
_DATELINE = re.compile(r"[A-Z][A-Z .'/-]{2,}(?:,\s*[A-Z][\w .]+)?\s*(?:\([\w .]+\))?\s*[-–—]+\s+")


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) over whitespace, a dateline, joining words and edge punctuation."""
    m = _DATELINE.match(text, start, end)
    if m and m.end() < end:
        start = m.end()
    while start < end and (text[start] in " \t\n,;:–—-(" or
                           text.startswith(("that ", "and ", "but ", "so ")[0], start)):
        if text.startswith("that ", start):
            start += 5
        else:
            start += 1
    while end > start and text[end - 1] in " \t\n,;:.–—-":
        end -= 1
    if end > start and text[end - 1] == ")" and text[start:end].count("(") < text[start:end].count(")"):
        end -= 1
    return start, end


_HAS_NUMBER = re.compile(r"\d|\b(?:" + "|".join(_NUMBER_WORDS) + r")\b", re.I)
_DIGIT = re.compile(r"\d")
_NUMBER_WORD = re.compile(r"\b(?:" + "|".join(_NUMBER_WORDS) + r")\b", re.I)
#: Longest text a quantity match can start before its number ("an estimated" + spaces).
_QUAL_REACH = 40


def _first_number(text: str) -> int:
    """Offset of the first digit or number word in `text` (-1 when none).

    What `_HAS_NUMBER.search` finds, five times faster: the digit scan is a plain character
    class, and the number-word pattern only runs when one of the words occurs at all."""
    d = _DIGIT.search(text)
    first = d.start() if d else -1
    head = (text[:first] if d else text).lower()  # a number word must end before the digit
    if any(w in head for w in _NUMBER_WORDS):
        w = _NUMBER_WORD.search(text)
        if w and (first < 0 or w.start() < first):
            return w.start()
    return first


def parse_quantities(text: str, first: int | None = None) -> list[str]:
    """Quantities in a claim as 'number unit' (qualifier kept: 'at least 39 people').

    `first` is the offset of the text's first digit or number word when the caller knows it
    (-1: none); it is found here otherwise."""
    out: list[str] = []
    first = _first_number(text) if first is None else first
    if first < 0:
        return out
    last_unit = ""
    low = text.lower()
    number_of = _rx(r"number of\s+(?:\W*\w+\W*\s+){0,2}?(\w+s)\b").search(low) \
        if "number of" in low else None
    # no quantity starts long before the first number: skip the scan of the text before it
    for m in _QTY.finditer(text, max(0, first - _QUAL_REACH)):
        num = m.group("num")
        before = text[max(0, m.start("num") - 12):m.start("num")].lower()
        after = text[m.end("num"):m.end("num") + 3].lower()
        if _rx(r"(st|nd|rd|th)\b").match(after) or before.rstrip().endswith(_MONTHS):
            continue
        if _rx(r"[A-Z][\w-]*\s$").search(text[max(0, m.start("num") - 15):m.start("num")]) \
                and num.isdigit() and not before.strip().endswith(("than", "least", "some")):
            continue  # "Exercise 2020", "Group of Seven"
        words = (m.group("rest") or "").split()
        unit = ""
        for w in words[:3]:
            wl = w.lower().strip(",.")
            if wl in {"of", "in", "at", "on", "were", "was", "are", "is", "and", "had", "have", "to"}:
                break
            if wl in _TIME_UNITS:
                unit = "-"
                break
            if wl.endswith("s") or wl in {"km", "miles", "people", "police", "%"}:
                unit = wl
                break
        if unit == "-":
            continue
        value = num.replace(",", "")
        if value.isdigit() and 1900 <= int(value) <= 2100 and not unit:
            continue
        if not value.replace(".", "").isdigit():
            value = str(_NUMBER_WORDS.get(value.lower(), value))
            if not unit:
                continue
        if not unit:
            unit = last_unit or (number_of.group(1) if number_of else "")
        last_unit = unit or last_unit
        qual = (m.group("qual") or "").strip().lower()
        out.append(" ".join(x for x in (qual, value, unit) if x))
    return out


_NAME = re.compile(r"(?:(?:Mr|Mrs|Ms|Dr|Messrs)\.?\s+)?[A-Z][\w'’-]+(?:\s+(?:al-|de\s+|van\s+|von\s+|bin\s+)?"
                   r"[A-Z][\w'’-]+){0,3}")
_NOT_NAME = frozenset("""The A An This That It He She They Some According In On At After Before
When While If As But And So Asked Meanwhile However Although Though Despite Since Last Next
Its His Her Their Our One Two Both Even Still Also We I You My Your Us Me Them Mr Mrs Ms
There Here Now Then Yes No""".split())


def _bare(word: str) -> str:
    """A word without a possessive or contracted 's ("There's" -> "There")."""
    return word[:-2] if word.endswith(("'s", "’s")) else word


def _last_name(region: str, stop: frozenset[str] = _NOT_NAME) -> str:
    """The last capitalised name in a speaker region ('' when none): 'In his address, Putin'.

    Quotations inside the region are ignored (their words are not the speaker's name): they
    are blanked in one pass (a copy of the region per quotation was quadratic).
    """
    spans = quote_spans(region)
    if spans:
        parts, pos = [], 0
        for qs, qe in spans:
            parts += [region[pos:qs], " " * (qe - qs)]
            pos = qe
        parts.append(region[pos:])
        region = "".join(parts)
    names = [m.group(0) for m in _NAME.finditer(region)]
    names = [n for n in names if _bare(n.split()[0]) not in stop or len(n.split()) > 1
             and n.split()[0] in {"Mr", "Mrs", "Ms", "Dr"}]
    names = [" ".join(w for w in n.split() if _bare(w) not in stop) for n in names]
    names = [n for n in names if n]
    return names[-1] if names else ""


#: Verbs of saying of one clause tried as the head of a frame, in order (prose has a few; the
#: most in some 30,000 news sentences was seven). Each try reads the clause up to its cue, so
#: a clause of nothing but cues would cost the square of its length.
MAX_FRAME_CUES = 24


def _span_test(spans: list[Mention]) -> Callable[[int], bool]:
    """A test of whether an offset lies inside one of `spans` (sorted by start), by
    bisection over the starts and the furthest end reached so far."""
    starts = [m.start for m in spans]
    reach = list(accumulate((m.end for m in spans), max))

    def inside(pos: int) -> bool:
        k = bisect_right(starts, pos) - 1
        return k >= 0 and reach[k] > pos

    return inside


def _attributive(chunk: str, cue: re.Match, determiners: frozenset[str]) -> bool:
    """Whether a one-word past participle cue modifies the noun after it ("the alleged
    attack", "its stated goal"): a determiner (`cues.yaml` `attributive_determiners`)
    right before it and a lowercase word right after."""
    form = cue.group(0)
    if " " in form or not form.endswith("ed"):
        return False
    before = chunk[max(0, cue.start() - 12):cue.start()].split()
    return bool(before) and before[-1] in determiners and \
        bool(_rx(r" [a-z]").match(chunk, cue.end()))


def _reads_as_clause(words: list[str], stop: frozenset[str]) -> bool:
    """A short region holding a verb or function word before its last word reads as a
    clause ("The truce is fragile,"), not a speaker; trailing auxiliaries and adverbs belong
    to the cue ("The ministry has (said)", "the army also (said)")."""
    words = [w.strip(",.") for w in words]
    while words and words[-1] in stop:
        words.pop()
    return any(w in stop for w in words)


class _DocState:
    """Per-document extraction state: mentions by offset and the last speaker."""

    def __init__(self, doc: Document, mentions: list[Mention], places: list[PlaceRef],
                 cb: Codebook, outlet_id: str, outlet_name: str):
        self.doc, self.cb, self.x = doc, cb, extractor_for(cb)
        self.mentions = mentions
        self.m_starts = [m.start for m in mentions]
        self.sent_starts = [x.start for x in doc.sentences]
        self.places = places
        self.p_starts = [p.start for p in places]
        self.low = doc.low
        hits = doc_hits(doc, cb)
        self.marks = [(ms, me, p) for ms, me, p in hits["markers"]
                      if not (ms > 0 and self.low[ms - 1] == "-")]
        self.mark_starts = [m[0] for m in self.marks]
        self._marks_span: tuple[int, int] = (-1, -1)
        self._marks_by_cat: dict[str, list[tuple[int, int, object, int]]] = {}
        low = self.low
        self.cues = [(ms, me, f) for ms, me, f in hits["cues"]
                     if not (ms > 0 and low[ms - 1] == "-") and not low.startswith("_", me)]
        self.cue_starts = [c[0] for c in self.cues]
        # where each frame pattern may start a match (see `may_match`)
        self.frame_starts = {name: hits[f"frame:{name}"] for name in self.x.frame_words}
        # where numbers may be: every digit, and every occurrence of a number word
        self.digits = [m.start() for m in _DIGIT.finditer(doc.text)]
        self.number_words = hits["numbers"]
        self.outlet_id, self.outlet_name = outlet_id, outlet_name
        self.last_speaker: _Frame | None = None
        self.last_speaker_sent = -10
        self.last_quote_frame: _Frame | None = None
        self.recent: list[tuple[int, _Frame]] = []
        self.names: dict[str, str] = {}
        self._apposition_text: str | None = None

    def apposition_text(self) -> str:
        """The text the quote-first apposition test reads (its first closing quote made a
        space), made once per document: made per cue, the copy cost the square of the
        article's length."""
        if self._apposition_text is None:
            self._apposition_text = self.doc.text.replace("\u201d", " ", 1)
        return self._apposition_text

    # -- lookups --------------------------------------------------------------------------
    def cues_in(self, cs: int, ce: int) -> list[_Cue]:
        """Verbs of saying in [cs, ce), leftmost then longest, not overlapping (what
        a regex alternation of the cue forms finds in the clause), from the document's one search."""
        out: list[_Cue] = []
        pos = cs
        i = bisect_left(self.cue_starts, cs)
        cues = self.cues
        while i < len(cues) and cues[i][0] < ce:
            ms, me, form = cues[i]
            if ms >= pos and me <= ce:
                out.append(_Cue(ms - cs, me - cs, form))
                pos = me
            i += 1
        return out

    def first_number(self, s: int, e: int) -> int:
        """What `_first_number(text[s:e])` returns, from the document's digit and number-word
        positions: the regex runs only when a number word may come before the first digit."""
        i = bisect_left(self.digits, s)
        digit = self.digits[i] - s if i < len(self.digits) and self.digits[i] < e else -1
        j = bisect_left(self.number_words, s)
        if j < len(self.number_words) and self.number_words[j] < e and \
                (digit < 0 or self.number_words[j] - s < digit):
            w = _NUMBER_WORD.search(self.doc.text[s:e])
            if w and (digit < 0 or w.start() < digit):
                return w.start()
        return digit

    def may_match(self, name: str, cs: int, ce: int) -> bool:
        """Whether frame pattern `name` can match inside [cs, ce): a match there begins with
        one of its words, so one of them must start in the clause."""
        starts = self.frame_starts[name]
        i = bisect_left(starts, cs)
        return i < len(starts) and starts[i] < ce

    def mentions_in(self, s: int, e: int) -> list[Mention]:
        """Mentions fully inside [s, e)."""
        i = bisect_left(self.m_starts, s)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < e:
            if self.mentions[i].end <= e:
                out.append(self.mentions[i])
            i += 1
        return out

    def places_in(self, s: int, e: int) -> list[PlaceRef]:
        """Places inside [s, e)."""
        i = bisect_left(self.p_starts, s)
        out = []
        while i < len(self.places) and self.places[i].start < e:
            out.append(self.places[i])
            i += 1
        return out

    def attribution_of(self, actor_id: str, region_low: str) -> str:
        """named or group, from the claimant's type and the words around it."""
        actor = self.cb.get(actor_id)
        if actor is None:
            return "named"
        if actor.type in {"source_group"} or (actor.origin == "pattern" and actor.type == "media"):
            return "group"
        lead = region_low.strip()
        first_mention = lead
        m = self.x.group_re.search(first_mention)
        if m and m.start() < 25 and actor.type not in {"person"}:
            name_pos = lead.find(norm(actor.name)[:6])
            if name_pos < 0 or m.start() < name_pos:
                return "group"
        return "named"

    def speaker(self, s: int, e: int, sent_id: int,
                strict: bool = False) -> tuple[str, str, str] | None:
        """Resolve a speaker region to (claimant_id, surface, attribution) or None.

        `strict` refuses the last-resort reading of a short definite phrase ("the ministry")
        as an unknown speaker (used where the region may be content, not a speaker).
        """
        text = self.doc.text
        s, e = trim(text, s, e)
        lead = self.x.lead_re.match(self.low, s, e) if self.x.lead_re else None
        if lead and lead.end() < e:
            s = lead.end()  # "But she said", "Even so, voters said"
        elif lead:
            # nothing but "but"/"and": "X admitted A, but said B" -> the sentence's speaker
            prev = self.last_speaker
            if prev and self.last_speaker_sent == sent_id:
                return prev.claimant_id, prev.surface, prev.attribution
            return None
        if e <= s:
            return None
        region, low = text[s:e], self.low[s:e]
        mentions = self.mentions_in(s, e)
        anon = self.x.anon_noun_re.search(low)
        if anon and len(low[:anon.start()].split()) <= 2 and not mentions and \
                not self.x.group_re.search(low):
            return "", region, "anonymous"  # "media reports", not "the authors of the report"
        persons = [m for m in mentions if (a := self.cb.get(m.actor_id)) and a.type == "person"]
        lw = low.split()
        if not persons and lw and lw[-1].strip("'’") in self.x.evidence and len(lw) <= 10:
            # "Recent polls (show)", "a CNN poll": the evidence itself, by whoever made it
            return (mentions[0].actor_id if mentions else ""), region, \
                "named" if mentions else "group"
        if persons:
            p = persons[-1]
            return p.actor_id, p.surface, "named"
        name = _last_name(text[s:mentions[0].start], self.x.not_name) if mentions else ""
        first = self.cb.get(mentions[0].actor_id) if mentions else None
        if mentions and len(name.split()) > 1 and (first is None or first.type != "state"):
            # "Michael Kofman, a military analyst" / "Jane Roe of the Crisis Group": a person
            # the codebook does not know, identified by name -> named; keep an organisation
            orgs = [m.actor_id for m in mentions
                    if (a := self.cb.get(m.actor_id)) and a.type not in {"source_group", "state"}]
            org = orgs[0] if orgs else ""
            self.remember(name, org)
            return org, name, "named"
        if mentions:
            m = mentions[0]
            # "Philippine Defense Secretary Delfin Lorenzana": a name the codebook does not know
            # after the body it speaks for; a later "Lorenzana said" speaks for it too
            after = _last_name(text[mentions[-1].end:e], self.x.not_name)
            if len(after.split()) > 1:
                self.remember(after, m.actor_id)
            # a pronoun-led region ("his spokesperson") -> the previous speaker's organisation
            return m.actor_id, region if len(region) < 120 else m.surface, \
                self.attribution_of(m.actor_id, low[:max(0, m.start - s)] + " " + low)
        name = _last_name(region, self.x.not_name)
        if name and (len(name.split()) > 1 or not self.x.group_re.search(low)):
            # "Mr Abiy told parliament" after "Abiy Ahmed, Ethiopia's prime minister, said"
            known = next((self.names[w] for w in reversed(name.split()) if w in self.names), "")
            return known, name, "named"
        if self.x.group_re.search(low):
            pron = self.x.pron_re.match(low.strip())
            if pron and self.last_speaker and sent_id - self.last_speaker_sent <= 3:
                prev = self.cb.get(self.last_speaker.claimant_id)
                cid = self.last_speaker.claimant_id
                if prev and prev.type == "person" and prev.parent:
                    cid = prev.parent
                return cid, region, "named" if cid else self.last_speaker.attribution
            return "", region, "group"
        if self.x.pron_re.fullmatch(low.strip()) or self.x.pron_re.match(low.strip()):
            if self.last_speaker and sent_id - self.last_speaker_sent <= 3:
                return (self.last_speaker.claimant_id, region, self.last_speaker.attribution)
            person = self.recent_person(sent_id) if low.strip() in {"he", "she"} else None
            if person:
                return person.actor_id, region, "named"
            # an explicit speaker the text does not name here: not the author's voice, and
            # left unresolved (no claimant id) rather than guessed
            return "", region, "group" if low.strip() == "they" else "named"
        if self.x.anon_noun_re.search(low):
            return "", region, "anonymous"
        words = low.split()
        if not strict and 0 < len(words) <= 6 and _rx(r"(the|a|an|one|two|some|several|many|local|"
                                              r"senior)\b").match(low) and _rx(r"[a-z]{4,}").search(low) \
                and not _reads_as_clause(words, self.x.speaker_stop):
            # "The ministry said": an explicit but unknown speaker, never the author's voice
            head = words[-1]
            for prev_sent, prev in reversed(self.recent):
                actor = self.cb.get(prev.claimant_id) if prev.claimant_id else None
                if sent_id - prev_sent <= 4 and actor and \
                        head in norm(actor.name + " " + prev.surface).split():
                    return prev.claimant_id, region, prev.attribution
            return "", region, "named" if words[0] == "the" else "group"
        return None if strict else self.noun_phrase(region, words)

    def inverted_speaker(self, s: int, e: int) -> tuple[int, int]:
        """The speaker region after an inverted cue ('said Jane Roe, 59, of Ohio'): up to
        the first comma, where an apposition or a place begins."""
        comma = self.doc.text.find(",", s, e)
        return (s, comma) if comma > s and self.doc.text[s:comma].strip() else (s, e)

    def noun_phrase(self, region: str, words: list[str]) -> tuple[str, str, str] | None:
        """A speaker no codebook actor or name covers, read as a short noun phrase
        ("three-quarters of the voters", "many speakers at the service"): an explicit
        source, left unresolved (no claimant id); None when the region reads as a clause."""
        quant = self.x.speaker_quantifiers
        if words and words[0] in quant and len(words) <= 6:
            # "about 9 percent", "those surveyed": a share of people, once its leads go
            words = list(words)
            while words and words[0] in quant:
                words.pop(0)
        if not 0 < len(words) <= 8 or any(w.strip(",.") in self.x.speaker_stop for w in words):
            return None
        if not _rx(r"[a-z]{3,}$").search(words[-1]) or any(q in region for q in "“”\"("):
            return None
        return "", region, "group" if words[-1].endswith("s") else "named"

    # -- frames ---------------------------------------------------------------------------
    def frames(self, cs: int, ce: int, sent_id: int) -> list[_Frame]:
        """Attribution frames in clause [cs, ce), in the order their content appears."""
        low, text = self.low, self.doc.text
        dateline = _DATELINE.match(text, cs, ce)
        if dateline:
            cs = dateline.end()  # "BAKU, Azerbaijan (AP) — ..." names no speaker
        chunk = low[cs:ce]
        masks: list[bytes] = []  # the clause's quotation mask, computed on first use
        c0, c1 = cs, ce

        def outside(i: int) -> bool:
            if not masks:
                masks.append(quote_depth_mask(text[c0:c1]))
            mask = masks[0]
            return not mask[i] if 0 <= i < len(mask) else True

        # anonymous frames: "there are reports about X", "some reports say X"
        m = self.x.anon_frame_re.search(chunk) if self.may_match("anon_frame_re", cs, ce) else None
        if m and outside(m.start()):
            phrase = m.group(0)
            if phrase in {"reportedly", "allegedly", "purportedly"}:
                pass  # handled as a hedge + anonymous source below
            else:
                after = cs + m.end()
                nxt = _rx(r"\s*(?:about|of|that|on)?\s*").match(low[after:ce])
                start = after + (nxt.end() if nxt else 0)
                conf = _CONFIRMED.search(low[start:ce].rstrip(" ,"))
                if conf:
                    ce = start + conf.start()
                if phrase.endswith(" to") and m.start() > 0:
                    start = cs  # "X is expected to C": X is part of what is expected
                return [_Frame("", text[cs + m.start():after], "anonymous", phrase, "affirm",
                               (start, ce))]
        # "X released a video showing C"
        m = self.x.release_re.search(chunk) if self.may_match("release_re", cs, ce) else None
        if m and outside(m.start()):
            sp = self.speaker(cs, cs + m.start(), sent_id)
            if sp:
                return [_Frame(sp[0], sp[1], sp[2], "released", "affirm", (cs + m.end(), ce))]
        frames: list[_Frame] = []
        # "according to X, C" / "C, according to X"
        m = self.x.according_re.search(chunk) if self.may_match("according_re", cs, ce) else None
        if m and outside(m.start()):
            a_end = next((i for i in range(m.end(), len(chunk)) if chunk[i] == "," and outside(i)),
                         len(chunk))
            sp = self.speaker(cs + m.end(), cs + a_end, sent_id)
            if m.start() <= 2 or chunk[:m.start()].strip() in {"", ","}:
                content = (cs + a_end, ce)
            else:
                content = (cs, cs + m.start())
            if sp:
                frames.append(_Frame(sp[0], sp[1], sp[2], "according to", "affirm", content))
        if not frames:
            frames = self.evidence_frames(cs, ce)
        # verbs of saying
        cues = self.cues_in(cs, ce)
        if cues and self.x.attributive:
            cues = [c for c in cues if not _attributive(chunk, c, self.x.attributive)]
        if cues:  # most clauses (the author's) have no verb of saying: nothing more to do
            ms = self.mentions_in(cs, ce)
            if len(ms) * len(cues) <= 256:  # a few of each: compared pair by pair
                spans = [(m.start - cs, m.end - cs) for m in ms]
                cues = [c for c in cues if outside(c.start())
                        and not any(a <= c.start() < b for a, b in spans)]  # "the United States"
            else:
                inside = _span_test(ms)
                cues = [c for c in cues if outside(c.start()) and not inside(cs + c.start())]
        quote = _leading_quote(text[cs:ce]) if cues else 0
        if len(cues) > 1 and len(chunk[cues[-1].end():].split()) <= 6 \
                and "," in chunk[max(0, cues[-1].start() - 60):cues[-1].start()]:
            cues = [cues[-1]] + cues[:-1]  # the outer frame closes the clause: "C, X said."
        if quote and len(cues) > 1:
            # '"C," he said, paraphrasing her remarks': the cue nearest the quote tags it
            cues = sorted(cues, key=lambda c: (c.start() < quote, c.start()))
        for c in cues[:MAX_FRAME_CUES]:
            cue, polarity, needs_that = self.x.cue_forms[c.group(0)]
            after = chunk[c.end():c.end() + 40]
            # quote first: '"C," X said' / '"C," says X, a ...' / '"C," X told reporters'
            if quote and c.start() >= quote and c.start() - quote <= 80:
                gap = text[cs + quote:cs + c.start()]
                inverted = not gap.strip(" ,") or (
                    gap.rstrip().endswith(",") and c.group(0) in _INVERTING and
                    _NAME_AHEAD.match(text, cs + c.end(), ce))
                # '"C" for her, said Jane Roe': the speaker follows the inverted cue
                region = (cs + quote, cs + c.start()) if not inverted else \
                    self.inverted_speaker(cs + c.end(), ce)
                ap = _APPOSITION.match(self.apposition_text(), *region) \
                    if not inverted else None
                if ap:
                    region = (region[0], ap.end(1))  # '"C," Trump, the frontrunner, said'

                sp = self.speaker(*region, sent_id)
                if sp:
                    return [_Frame(sp[0], sp[1], sp[2], cue, polarity, (cs, cs + quote))]
            before = chunk[:c.start()]
            comma = before.rfind(",")
            appos = _APPOSITION.match(text, cs, cs + c.start())  # "Jane Roe, a spokeswoman, said"
            # participle after the subject: "China ..., rejecting X" -> the clause subject
            if c.group(0).endswith("ing") and comma > 0 and not before[comma + 1:].strip():
                subj = self.mentions_in(cs, cs + comma)
                if subj:
                    f = _Frame(subj[0].actor_id, subj[0].surface,
                               self.attribution_of(subj[0].actor_id, low[cs:cs + comma]),
                               cue, polarity, (cs + c.end(), ce))
                    f.include_cue_from = cs + c.start() if polarity == "deny" else -1
                    return [f]
            # passive denial: "a claim denied by Yerevan"
            by = _rx(r"\s+by\s+").match(chunk[c.end():])
            if polarity == "deny" and by:
                sp = self.speaker(cs + c.end() + by.end(), ce, sent_id)
                if sp:
                    f = _Frame(sp[0], sp[1], sp[2], cue, polarity, (cs, ce))
                    return [f]
            # post-posed: "C, X said (on Thursday)." or "C, says X, a ..."
            tail = chunk[c.end():]
            closes = comma > 0 and chunk[comma + 1:comma + 2] in _CLOSE_Q  # '"C," X said'
            intro = comma > 0 and len(tail.split()) > 2 and \
                self.x.subject.opens_parenthetical(text[cs:cs + comma], participles=False)
            # a short content is read only before an inverted cue ("The truce is fragile,
            # says X"); before "X said" it may be an opener ("In Moscow, officials said")
            inverted = comma > 0 and not before[comma + 1:].strip(" " + "".join(_CLOSE_Q))
            if not appos and comma > 0 and (outside(comma) or closes) and not intro \
                    and len(before[comma:].split()) <= 8 \
                    and len(before[:comma].split()) >= (3 if inverted else 5) \
                    and not _rx(r"\s*(?:that\b|:|,?\s*[“\"‘])").match(after):
                # '"C," said X': the closing mark after the comma is not a speaker
                gap_at = cs + comma + 1 + (1 if closes else 0)
                gap = text[gap_at:cs + c.start()]
                mid = _rx(r"(?:\s+[\w-]+){0,3}?\s*,\s+").match(tail)
                if gap.strip():
                    # "C, X said." or a frame in mid-clause: "C, the agency reported, days ..."
                    ok = len(tail.split()) <= 6 or bool(mid)
                    region = (gap_at, cs + c.start())
                else:  # inverted "C, says X": only plain verbs of saying invert
                    ok = c.group(0) in _INVERTING and bool(re.match(
                        _NAME_AHEAD.pattern + r"|\s*(?:a|an|the|one)\s",
                        text[cs + c.end():ce]))
                    region = self.inverted_speaker(cs + c.end(), ce)
                # an inverted speaker is read strictly, save a short phrase after an
                # article: "..., said the company's chief executive"
                loose = bool(gap.strip()) or bool(_rx(r"\s*(?:the|a|an)\s").match(
                    low, region[0])) and len(low[region[0]:region[1]].split()) <= 6 and \
                    not any(w in self.x.speaker_stop for w in low[region[0]:region[1]].split())
                sp = self.speaker(*region, sent_id, strict=not loose) if ok else None
                if sp:
                    content_start = cs
                    acc = self.x.according_re.match(chunk)
                    if acc:
                        acc_end = chunk.find(",", acc.end())
                        if 0 < acc_end < comma:
                            content_start = cs + acc_end + 1
                    out = [_Frame(sp[0], sp[1], sp[2], cue, polarity, (content_start, cs + comma))]
                    if gap.strip() and mid and len(tail.split()) > 6:
                        rest = cs + c.end() + mid.end()  # the clause goes on in the author's voice
                        out.append(_Frame(self.outlet_id, self.outlet_name, "author", "",
                                          "affirm", (rest, ce)))
                    return out
            if needs_that and not _rx(r"\s*(that|:|,)").match(after) and not (
                    cue in self.x.gerund_cues and _GERUND.match(after)) and not (
                    self.x.class_modality.get(self.x.cue_class.get(cue, "")) and
                    _rx(r"(?:\s+[\w'’-]+){0,3}?\s+to\s+[a-z]").match(after)) and not (
                    self.x.cue_class.get(cue) == "knowledge" and
                    before.rstrip().rsplit(" ", 1)[-1].strip("'’") in self.x.evidence):
                continue  # "declared war", "reported losses": not a frame unless post-posed
            # pre-posed: "X said (that) C"; try the segment after the last comma first
            # ("In a statement, the ministry said"), then the whole run from the clause start
            sp = None
            pron = _PRON_BEFORE.search(text, cs, cs + c.start())
            if pron and not appos:
                sp = self.speaker(pron.start(1), pron.end(1), sent_id)  # "which he said C"
            elif appos:
                sp = self.speaker(cs, appos.end(1), sent_id)
            elif comma > 0 and outside(comma) and (head := self.x.subject(
                    text[cs:cs + c.start()], [i for i, ch in enumerate(before) if ch == "," and outside(i)])) > 0:
                sp = self.speaker(cs, cs + head, sent_id)  # "Clinton, during a visit, said"
            if sp is None and not pron and not appos and comma > 0 and outside(comma):
                sp = self.speaker(cs + comma + 1, cs + c.start(), sent_id)
            if sp is None and not appos:
                sp = self.speaker(cs, cs + c.start(), sent_id)
            if sp is None:
                continue
            content_start = cs + c.end()
            that = _rx(r"(?:\s+[\w-]+){0,5}?\s+that\s").match(chunk[c.end():])
            colon = _rx(r"\s*:").match(chunk[c.end():])
            if that:
                content_start = cs + c.end() + that.end()
            elif colon:
                content_start = cs + c.end() + colon.end()
            if not text[content_start:ce].strip(" .,;:!?\"'”’") and polarity != "deny":
                continue  # "... he said." with nothing after the cue is not pre-posed
            if self.x.cue_class.get(cue) in self.x.whole_clause:
                # "X criticized Y as Z", "X endorsed Y": the claim keeps its source and target
                return [_Frame(sp[0], sp[1], sp[2], cue, polarity, (cs, ce))]
            f = _Frame(sp[0], sp[1], sp[2], cue, polarity, (content_start, ce))
            if polarity == "deny":
                f.include_cue_from = cs + c.start()
            # a second cue by the same speaker: "deny X claiming that Y", "... and said Y"
            for c2 in cues:
                if c2.start() <= c.end():
                    continue
                cue2, pol2, _ = self.x.cue_forms[c2.group(0)]
                prev_word = chunk[:c2.start()].split()[-1:] or [""]
                if c2.group(0).endswith("ing") or prev_word[0] == "and":
                    f.content = (content_start, cs + c2.start() - (4 if prev_word[0] == "and" else 0))
                    rest = cs + c2.end()
                    that2 = _rx(r"\s+that\s").match(low[rest:ce])
                    f2 = _Frame(sp[0], sp[1], sp[2], cue2, pol2,
                                (rest + (that2.end() if that2 else 0), ce))
                    if pol2 == "deny":
                        f2.include_cue_from = cs + c2.start()
                    return [f, f2]
                break
            return [f]
        if not frames:
            frames = self.colon_frame(cs, ce, sent_id)
        if not frames:
            frames = self.nominal_frames(cs, ce, sent_id)
        return frames

    def nominal_frames(self, cs: int, ce: int, sent_id: int) -> list[_Frame]:
        """A noun cue's frame ("his claim that C", "the party's support for X"): the first
        whose holder reads as a speaker (`extract.nominal`)."""
        hits = doc_hits(self.doc, self.cb)["nominal"]
        if not hits:
            return []
        for n in self.x.nominal.find(self.doc.text, self.low, hits, cs, ce):
            sp = self.speaker(*n.holder, sent_id)
            if sp:
                return [_Frame(sp[0], sp[1], sp[2], n.cue, n.polarity, n.content)]
        return []

    def evidence_frames(self, cs: int, ce: int) -> list[_Frame]:
        """A poll or a record as the source of a clause: "In a new poll, C" / "C in recent
        polls." (the noun is one of the codebook's evidence nouns)."""
        text, low = self.doc.text, self.low
        head = low[cs:cs + 12].lstrip()
        m = self.x.evidence_lead_re.match(text, cs, ce) \
            if head.startswith(("in ", "but in ", "and in ", "yet in ")) else None
        if m and not any(w in self.x.speaker_stop for w in low[m.start(1):m.end(1)].split()):
            span, content = (m.start(1), m.end(1)), (m.end(), ce)
        else:
            last = low[max(cs, ce - 16):ce].rstrip(" .;!").rsplit(" ", 1)[-1]
            if last not in self.x.evidence:
                return []  # the clause does not end with a poll, a record, ...
            m = self.x.evidence_tail_re.search(text, cs, ce)
            if not m or len(text[cs:m.start()].split()) < 4:
                return []
            span, content = (m.start(1), m.end(1)), (cs, m.start())
        ms = self.mentions_in(*span)
        return [_Frame(ms[0].actor_id if ms else "", text[span[0]:span[1]],
                       "named" if ms else "group", "in", "affirm", content)]

    def colon_frame(self, cs: int, ce: int, sent_id: int) -> list[_Frame]:
        """A speaker and a colon opening the clause ("Graham: Trump's rhetoric is hateful",
        "Insiders: he will rebound"): a short name or group, never a label word."""
        colon = self.doc.text.find(":", cs, min(ce, cs + 44))
        m = self.x.colon_re.match(self.doc.text, cs, ce) if colon > 0 else None
        if not m:
            return []
        region = m.group(1)
        words = region.split()
        if len(words) > 5 or any(w.lower() in self.x.speaker_stop for w in words) or \
                (len(words) == 1 and (region.isupper() or _bare(region) in self.x.not_name)):
            return []
        sp = self.speaker(m.start(1), m.end(1), sent_id, strict=True)
        if sp is None:
            return []
        return [_Frame(sp[0], sp[1], sp[2], ":", "affirm", (m.end(), ce))]

    # -- modality, type, quantities, places -------------------------------------------------
    def marks_in(self, s: int, e: int, cat: str) -> list[tuple[int, int, object, int]]:
        """Markers of one category inside [s, e): (start, end, key, order).

        All categories of a span are gathered in one pass and kept for the span (a claim asks
        for its conditional, hedge, forecast and type markers in turn)."""
        if self._marks_span != (s, e):
            by_cat: dict[str, list[tuple[int, int, object, int]]] = {}
            i = bisect_left(self.mark_starts, s)
            marks = self.marks
            while i < len(marks) and marks[i][0] < e:
                ms, me, payloads = marks[i]
                if me <= e:
                    for c, key, order in payloads:
                        by_cat.setdefault(c, []).append((ms, me, key, order))
                i += 1
            self._marks_span, self._marks_by_cat = (s, e), by_cat
        return self._marks_by_cat.get(cat, [])

    def modality(self, s: int, e: int, frame_low: str, conditional: bool,
                 attribution: str) -> tuple[str, str]:
        """(modality, cue) of a claim span."""
        text = self.doc.text[s:e]
        cond = self.marks_in(s, e, "conditional")
        if conditional or cond:
            return "conditional", self.low[cond[0][0]:cond[0][1]] if cond else "if"
        for ms, me, word, _ in self.marks_in(s, e, "hedged"):
            if word == "may" and self.doc.text[ms].isupper():
                continue  # the month
            return "hedged", word
        m = self.x.hedge_re.search(frame_low) if frame_low else None
        if m:
            return "hedged", m.group(0)
        quotes = _rx(r"[“\"‘']([^”\"’']{1,40})[”\"’']").findall(text) \
            if any(q in text for q in "“\"‘'") else []
        for q in quotes:
            words = q.split()
            single = f"‘{q}’" in text
            if 0 < len(words) <= self.cb.scare_quote_max_words and (
                    single or attribution in {"author", "group", "anonymous"}):
                return "hedged", "scare quotes"
        fc = self.marks_in(s, e, "forecast")
        if fc:
            return "forecast", fc[0][2]
        return "asserted", ""

    def claim_type(self, s: int, e: int, polarity: str, modality: str) -> str:
        """First codebook claim type whose trigger occurs; else denial/forecast/assessment.

        A forecast (will, likely, ...) is typed `forecast` whatever its subject.
        """
        if modality == "forecast" and polarity == "affirm":
            return "forecast"
        for _, _, t, _ in sorted(self.marks_in(s, e, "type"), key=itemgetter(3)):
            if polarity == "deny" and not t.event:
                continue
            return t.id
        if polarity == "deny":
            return "denial"
        return "forecast" if modality == "forecast" else "assessment"

    def make(self, sent: Sentence, span: tuple[int, int], frame: _Frame | None,
             conditional: bool, frame_low: str = "") -> Claim | None:
        """Build one claim for a content span."""
        text = self.doc.text
        s, e = span
        if frame is not None and frame.include_cue_from >= 0:
            s = min(s, frame.include_cue_from)
        s, e = trim(text, s, e)
        if frame is not None and frame.polarity == "deny" and frame.include_cue_from >= 0 and (
                e - frame.include_cue_from <= len(text[frame.include_cue_from:e].split()[0]) + 1
                or _EMBEDDED.match(text, self.clause_of(frame.include_cue_from)[0])):
            s, e = trim(text, *self.clause_of(frame.include_cue_from))  # "a charge Kyiv denied"
        if e - s < 3 or not _rx(r"[A-Za-z]{2}").search(text[s:e]):
            return None
        if frame is None:
            claimant_id, surface, attribution, cue, polarity = (
                self.outlet_id, self.outlet_name, "author", "", "affirm")
        else:
            claimant_id, surface, attribution, cue, polarity = (
                frame.claimant_id, frame.surface, frame.attribution, frame.cue, frame.polarity)
        low = self.low[s:e]
        if frame is None and "edly" in low and \
                _rx(r"\b(reportedly|allegedly|purportedly)\b").search(low):
            attribution, claimant_id, surface = "anonymous", "", \
                _rx(r"\b(reportedly|allegedly|purportedly)\b").search(low).group(0)
            cue = surface
        if polarity == "affirm" and self.x.denial_pred_re is not None and \
                self.x.denial_pred_re.search(self.low, s, e):
            polarity = "deny"  # "the reports are baseless", "that is simply untrue"
        modality, mcue = self.modality(s, e, frame_low, conditional, attribution)
        cue_class = "" if frame is None or attribution == "author" else \
            self.x.cue_class.get(cue, "assertion")
        if modality == "asserted" and self.x.class_modality.get(cue_class):
            modality, mcue = self.x.class_modality[cue_class], cue  # "X believes C", "X plans C"
        ctype = self.claim_type(s, e, polarity, modality)
        ms = self.mentions_in(s, e)
        actors = list(dict.fromkeys(m.actor_id for m in ms))
        trig = self.marks_in(s, e, "type")
        cut = min(m[0] for m in trig) if trig else (ms[0].end if ms else e)
        subjects = list(dict.fromkeys(m.actor_id for m in ms if m.start < cut)) or actors[:1]
        objects = [a for a in actors if a not in subjects]
        places = list(dict.fromkeys(p.name for p in self.places_in(s, e)))
        t = self.x.types.get(ctype)
        return Claim(claim_id="", doc_id=self.doc.doc_id, sent_id=sent.sent_id, start=s, end=e,
                     text=text[s:e], claimant_id=claimant_id, claimant_surface=surface,
                     attribution=attribution, cue=cue, polarity=polarity, modality=modality,
                     modality_cue=mcue, claim_type=ctype, cameo=t.cameo if t else "",
                     subject_ids=subjects, object_ids=objects, places=places,
                     quantities=parse_quantities(text[s:e], self.first_number(s, e)),
                     cue_class=cue_class)

    def remember(self, name: str, actor_id: str) -> None:
        """Remember the affiliation of a named speaker the codebook does not know."""
        if actor_id:
            for word in name.split():
                if len(word) >= 4 and word[0].isupper() and word not in _NOT_NAME:
                    self.names.setdefault(word, actor_id)

    def recent_person(self, sent_id: int) -> Mention | None:
        """The first person mentioned in the nearest of the two previous sentences."""
        for sid in (sent_id - 1, sent_id - 2):
            if sid < 0:
                break
            sent = self.doc.sentences[sid]
            for m in self.mentions_in(sent.start, sent.end):
                actor = self.cb.get(m.actor_id)
                if actor and actor.type == "person":
                    return m
        return None

    def clause_of(self, pos: int) -> tuple[int, int]:
        """The clause span holding an offset."""
        sent = self.doc.sentences[max(0, bisect_left(self.sent_starts, pos + 1) - 1)]
        for cs, ce, _ in split_clauses(sent):
            if cs <= pos < ce:
                return cs, ce
        return sent.start, sent.end

    def is_pure_quote(self, s: int, e: int) -> bool:
        """Whether [s, e) is a quotation and nothing else."""
        t = self.doc.text[s:e].strip()
        if t[:1] not in _QUOTE_OPENERS:
            return False
        spans = quote_spans(t)
        return len(spans) == 1 and spans[0][0] == 0 and spans[0][1] >= len(t.rstrip(".")) - 1

    def sentence_claims(self, sent: Sentence) -> list[Claim]:
        """All claims of one sentence."""
        if sent.heading or sent.text.rstrip().endswith("?"):
            return []
        out: list[Claim] = []
        cond_pending = False
        for cs, ce, is_if in split_clauses(sent):
            frames = self.frames(cs, ce, sent.sent_id)
            conditional = is_if or cond_pending
            cond_pending = is_if
            if not frames and self.is_pure_quote(cs, ce) and self.last_quote_frame \
                    and sent.sent_id - self.last_speaker_sent <= 2:
                prev = self.last_quote_frame
                frames = [_Frame(prev.claimant_id, prev.surface, prev.attribution, "quote",
                                 "affirm", (cs, ce))]
            if not frames:
                c = self.make(sent, (cs, ce), None, conditional)
                if c:
                    out.append(c)
                continue
            for f in frames:
                c = self.make(sent, f.content, f, conditional, norm(f.surface + " " + f.cue))
                if c:
                    out.append(c)
                if f.attribution in {"named", "group"} and (f.claimant_id or f.surface):
                    self.last_speaker, self.last_speaker_sent = f, sent.sent_id
                    self.recent = (self.recent + [(sent.sent_id, f)])[-6:]
                    self.last_quote_frame = f
        return out


def _loaded_uses(st: _DocState, claims: list[Claim]) -> list[LoadedUse]:
    """Loaded-language expressions with the actor each targets, linked to their claim."""
    cb, doc = st.cb, st.doc
    uses: list[LoadedUse] = []
    c_starts = [c.start for c in claims]
    reach = list(accumulate((c.end for c in claims), max))  # furthest end up to each claim

    def claim_at(pos: int) -> Claim | None:
        """The last claim starting at or before `pos` that holds it (the scan back stops
        where no earlier claim reaches `pos`, not at the first claim of the document)."""
        i = bisect_left(c_starts, pos + 1) - 1
        while i >= 0 and reach[i] > pos:
            if claims[i].start <= pos < claims[i].end:
                return claims[i]
            i -= 1
        return None

    def target(s: int, e: int, how: str, sent: Sentence) -> str:
        near = st.mentions_in(sent.start, sent.end)
        if not near:
            return ""
        if how == "np":
            inside = [m for m in near if m.start <= s and e <= m.end]
            if inside:
                return inside[0].actor_id
            adj = [m for m in near if 0 <= s - m.end <= 12 or 0 <= m.start - e <= 12]
            if adj:
                return min(adj, key=lambda m: min(abs(s - m.end), abs(m.start - e))).actor_id
            how = "right"
        if how == "left":
            left = [m for m in near if m.end <= s]
            if left:
                return left[-1].actor_id
        right = [m for m in near if m.start >= e]
        if right:
            return right[0].actor_id
        left = [m for m in near if m.end <= s]
        return left[-1].actor_id if left else ""

    for sent in doc.sentences:
        for ms, me, entry, _ in st.marks_in(sent.start, sent.end, "loaded"):
            c = claim_at(ms)
            uses.append(LoadedUse(doc.doc_id, c.claim_id if c else "", sent.sent_id, ms, me,
                                  doc.text[ms:me], entry.label, entry.device,
                                  target(ms, me, entry.target, sent)))
        stext = doc.text[sent.start:sent.end]
        if not any(q in stext for q in "“‘'"):
            continue  # no quotation mark, no scare quotes
        for m in _rx(r"[“‘']([^”’'\"“]{1,40})[”’']").finditer(stext):
            words = m.group(1).split()
            s, e = sent.start + m.start(), sent.start + m.end()
            c = claim_at(s)
            single = m.group(0)[0] == "‘"
            if not (0 < len(words) <= cb.scare_quote_max_words):
                continue
            if not single and (c is None or c.attribution == "named"):
                continue
            if m.group(0)[0] == "'" and not doc.text[s - 1:s].isspace():
                continue
            uses.append(LoadedUse(doc.doc_id, c.claim_id if c else "", sent.sent_id, s, e,
                                  doc.text[s:e], "scare_quotes", "scare_quotes",
                                  target(s, e, "np", sent) or (c.claimant_id if c else "")))
    return sorted(set(uses), key=attrgetter("start", "end", "label"))


def extract_claims(doc: Document, mentions: list[Mention], places: list[PlaceRef], cb: Codebook,
                   outlet_id: str) -> tuple[list[Claim], list[LoadedUse]]:
    """Extract the claims and loaded language of one document.

    Args:
        doc: the ingested document.
        mentions: its resolved actor mentions (text order).
        places: its place references.
        cb: the codebook.
        outlet_id: the outlet's actor id (claimant of the author's own claims).
    Returns:
        (claims with ids, loaded-language uses), in text order.
    """
    outlet = cb.get(outlet_id) if outlet_id else None
    st = _DocState(doc, mentions, places, cb, outlet_id,
                   outlet.name if outlet else doc.meta.get("outlet", "") or "author")
    claims: list[Claim] = []
    for sent in doc.sentences:
        claims.extend(st.sentence_claims(sent))
    claims.sort(key=attrgetter("start", "end"))
    for n, c in enumerate(claims, start=1):
        c.claim_id = f"{doc.doc_id}-c{n:03d}"
    loaded = _loaded_uses(st, claims)
    by_id = {c.claim_id: c for c in claims}
    for u in loaded:
        if u.claim_id and u.label not in by_id[u.claim_id].loaded:
            by_id[u.claim_id].loaded.append(u.label)
    return claims, loaded


# -- corpus level ---------------------------------------------------------------------------
def _qty_numbers(claim: Claim) -> dict[str, float]:
    """unit -> number for a claim's quantities."""
    out = {}
    for q in claim.quantities:
        m = _rx(r"(\d+(?:\.\d+)?)\s+(\S+)$").search(q)
        if m:
            out.setdefault(m.group(2), float(m.group(1)))
    return out


#: Cross-document comparisons per claim within a (type, state) bucket (keeps the corpus
#: stage linear: a claim is compared with the next claims in date order, not with all).
CONTEST_WINDOW = 40
#: Comparisons per claim within its document and type, with the claims that follow it
#: (claim order, i.e. text order): all pairs of an ordinary article (its largest group has some twenty
#: claims), a bounded number in a very long one, where all pairs grew quadratically in time
#: and in links.
CONTEST_DOC_WINDOW = 50


def contest_candidate(claim: Claim, event_types: set[str] | frozenset[str]) -> bool:
    """Whether a claim can take part in a contested link (an event claim by a source other
    than the author, or one with quantities)."""
    return claim.claim_type in event_types and (claim.attribution != "author"
                                                or bool(claim.quantities))


def _link_in_document(group: list[int], pool: list[Claim], who: list[tuple[str, str, str]],
                      st: list[frozenset[str]], qty: list[dict[str, float]],
                      links: list[set[str]]) -> None:
    """`link_contested`'s comparison of each claim of one document and type with the next
    `CONTEST_DOC_WINDOW` (its `link(i, j, True)`, inlined: a long article has millions of
    pairs). `who` is each claim's (claimant, polarity, attribution)."""
    for k, i in enumerate(group):
        wa, sa, qa = who[i], st[i], qty[i]
        for j in group[k + 1:k + 1 + CONTEST_DOC_WINDOW]:
            wb = who[j]
            if wb == wa:
                continue  # the same source saying the same thing the same way
            sb = st[j]
            if sa and sb and not (sa & sb):
                continue  # about different states
            qb = qty[j]
            if wa[1] != wb[1] or any(u in qb and qb[u] != v for u, v in qa.items()):
                links[i].add(pool[j].claim_id)
                links[j].add(pool[i].claim_id)


def link_contested(claims: list[Claim], cb: Codebook, states: dict[str, str],
                   dates: dict[str, str]) -> None:
    """Link claims about the same event that disagree in quantity or polarity (both ways).

    Same event: same event-type claim type, in the same document or in documents published
    within three days, sharing a state among their actors (or either has none, in one
    document). Disagree: opposite polarity, or the same unit with different numbers.
    Within one document each claim is compared with the next `CONTEST_DOC_WINDOW` claims of
    its type (every pair, in an ordinary article); across documents with the next
    `CONTEST_WINDOW` claims of its (type, state) bucket in date order.
    """
    from datetime import date

    event_types = {t.id for t in cb.claim_types if t.event}
    days: dict[str, int | None] = {}

    def day(doc_id: str) -> int | None:
        """Publication day (ordinal) of a document, once per document."""
        if doc_id not in days:
            try:
                days[doc_id] = date.fromisoformat(dates.get(doc_id, "")[:10]).toordinal()
            except ValueError:
                days[doc_id] = None
        return days[doc_id]

    pool = [c for c in claims if contest_candidate(c, event_types)]
    # what a comparison reads, computed once per claim (a claim meets up to 40 others)
    st = [frozenset({states.get(a, "") for a in c.subject_ids + c.object_ids} - {""})
          for c in pool]
    qty = [_qty_numbers(c) for c in pool]
    links: list[set[str]] = [set() for _ in pool]

    def link(i: int, j: int, same_doc: bool) -> None:
        a, b = pool[i], pool[j]
        if a.claimant_id == b.claimant_id and a.polarity == b.polarity and \
                a.attribution == b.attribution:
            return
        sa, sb = st[i], st[j]
        if (not same_doc or (sa and sb)) and not (sa & sb):
            return
        qa, qb = qty[i], qty[j]
        if a.polarity != b.polarity or any(u in qb and qb[u] != v for u, v in qa.items()):
            links[i].add(b.claim_id)
            links[j].add(a.claim_id)

    by_doc: dict[tuple[str, str], list[int]] = {}
    by_state: dict[tuple[str, str], list[int]] = {}
    for i, c in enumerate(pool):
        by_doc.setdefault((c.doc_id, c.claim_type), []).append(i)
        for s_ in sorted(st[i]):
            by_state.setdefault((c.claim_type, s_), []).append(i)
    who = [(c.claimant_id, c.polarity, c.attribution) for c in pool]
    for group in by_doc.values():
        _link_in_document(group, pool, who, st, qty, links)
    far = date(9999, 12, 31).toordinal()
    for group in by_state.values():
        group.sort(key=lambda i: (day(pool[i].doc_id) or far, pool[i].doc_id, pool[i].start))
        for k, i in enumerate(group):
            da, doc_a = day(pool[i].doc_id), pool[i].doc_id
            for j in group[k + 1:k + 1 + CONTEST_WINDOW]:
                db = day(pool[j].doc_id)
                if pool[j].doc_id == doc_a:
                    continue
                if not da or not db or db - da > 3:
                    break
                link(i, j, False)
    for c, found in zip(pool, links):
        if found:
            c.contested_with.extend(x for x in found if x not in c.contested_with)
    for c in claims:
        c.contested_with.sort()
