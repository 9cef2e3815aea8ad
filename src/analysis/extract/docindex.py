"""One document as attribution reads it: its mentions, places, cues, markers and numbers,
indexed by offset, and the frames a clause yields.

Every attribution component asks the same questions of a document ("which mentions lie in
this span?", "which verbs of saying?"); the answers come from the document's one lexicon
scan (`lexicon.doc_hits`) and sorted offset lists, so no component rescans the text. The
index is built once per document and holds no rule: the rules live in the components, which
are built once per codebook.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import accumulate
from typing import Callable, NamedTuple

from analysis.codebook import Codebook
from analysis.extract.clauses import _QUOTE_OPENERS, ClauseSplitter, quote_depth_mask, quote_spans
from analysis.extract.coref import Discourse
from analysis.extract.lexicon import doc_hits
from analysis.extract.quantities import _DIGIT, number_word_re
from analysis.records import Document, Mention, PlaceRef


class Cue(NamedTuple):
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



@dataclass
class Frame:
    """An attribution frame found in a clause."""

    claimant_id: str
    surface: str
    attribution: str
    cue: str
    polarity: str
    content: tuple[int, int]  # absolute offsets
    include_cue_from: int = -1
    source_span: tuple[int, int] = (-1, -1)  # where an "according to" source was read
    nested: bool = False  # read inside another frame's content: not heard as a speaker



def _span_test(spans: list[Mention]) -> Callable[[int], bool]:
    """A test of whether an offset lies inside one of `spans` (sorted by start), by
    bisection over the starts and the furthest end reached so far."""
    starts = [m.start for m in spans]
    reach = list(accumulate((m.end for m in spans), max))

    def inside(pos: int) -> bool:
        k = bisect_right(starts, pos) - 1
        return k >= 0 and reach[k] > pos

    return inside


class Clause:
    """A clause being read for frames: its span (after any dateline), its lowercase text and
    the quotation test of its characters (the mask is made on first use: most clauses never
    ask, and one clause asks many times)."""

    __slots__ = ("cs", "ce", "chunk", "text", "low", "sent_id", "_mask")

    def __init__(self, d: DocIndex, cs: int, ce: int, sent_id: int):
        self.cs, self.ce, self.sent_id = cs, ce, sent_id
        self.text, self.low = d.doc.text, d.low
        self.chunk = d.low[cs:ce]
        self._mask: bytes | None = None

    def outside(self, i: int) -> bool:
        """Whether clause offset `i` lies outside every quotation (true beyond the clause)."""
        mask = self._mask
        if mask is None:
            mask = self._mask = quote_depth_mask(self.text[self.cs:self.ce])
        return not mask[i] if 0 <= i < len(mask) else True


class DocIndex:
    """Per-document lookups by offset, and the discourse memory (who spoke last)."""

    def __init__(self, doc: Document, mentions: list[Mention], places: list[PlaceRef],
                 cb: Codebook, clauses: ClauseSplitter, frame_words: dict[str, tuple[str, ...]],
                 outlet_id: str,
                 outlet_name: str):
        self.doc, self.cb = doc, cb
        self.clauses = clauses  # the clause splitter (built once per codebook)
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
        self.frame_starts = {name: hits[f"frame:{name}"] for name in frame_words}
        # where numbers may be: every digit, and every occurrence of a number word
        self.digits = [m.start() for m in _DIGIT.finditer(doc.text)]
        self.number_words = hits["numbers"]
        self.outlet_id, self.outlet_name = outlet_id, outlet_name
        self.memory = Discourse()
        self._apposition_text: str | None = None

    def apposition_text(self) -> str:
        """The text the quote-first apposition test reads (its first closing quote made a
        space), made once per document: made per cue, the copy cost the square of the
        article's length."""
        if self._apposition_text is None:
            self._apposition_text = self.doc.text.replace("\u201d", " ", 1)
        return self._apposition_text

    # -- lookups --------------------------------------------------------------------------
    def cues_in(self, cs: int, ce: int) -> list[Cue]:
        """Verbs of saying in [cs, ce), leftmost then longest, not overlapping (what
        a regex alternation of the cue forms finds in the clause), from the document's one search."""
        out: list[Cue] = []
        pos = cs
        i = bisect_left(self.cue_starts, cs)
        cues = self.cues
        while i < len(cues) and cues[i][0] < ce:
            ms, me, form = cues[i]
            if ms >= pos and me <= ce:
                out.append(Cue(ms - cs, me - cs, form))
                pos = me
            i += 1
        return out

    def first_number(self, s: int, e: int) -> int:
        """What `QuantityParser.first_number(text[s:e])` returns, from the document's digit and number-word
        positions: the regex runs only when a number word may come before the first digit."""
        i = bisect_left(self.digits, s)
        digit = self.digits[i] - s if i < len(self.digits) and self.digits[i] < e else -1
        j = bisect_left(self.number_words, s)
        if j < len(self.number_words) and self.number_words[j] < e and \
                (digit < 0 or self.number_words[j] - s < digit):
            w = number_word_re(self.cb.grammar).search(self.doc.text[s:e])
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

    def clause_of(self, pos: int) -> tuple[int, int]:
        """The clause span holding an offset."""
        sent = self.doc.sentences[max(0, bisect_left(self.sent_starts, pos + 1) - 1)]
        for cs, ce, _ in self.clauses(sent):
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

