"""Loaded language in a document: the codebook's loaded phrases and scare quotes, each with
the actor it targets and the claim it sits in.

A loaded phrase is found by the document's one lexicon scan (the "loaded" markers); scare
quotes are a short quoted phrase the author keeps at a distance (a single-quoted one always,
a double-quoted one unless it sits in a named source's claim, where it is a quotation).
"""
from __future__ import annotations

from bisect import bisect_left
from itertools import accumulate
from operator import attrgetter
from typing import Callable

from analysis.extract.clauses import _rx
from analysis.extract.docindex import DocIndex
from analysis.records import Claim, LoadedUse, Sentence


def _claim_finder(claims: list[Claim]) -> Callable[[int], Claim | None]:
    """A lookup of the claim holding an offset (claims in start order)."""
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

    return claim_at


def _target(st: DocIndex, s: int, e: int, how: str, sent: Sentence) -> str:
    """The actor an expression at [s, e) targets, by the entry's rule: the mention holding or
    next to it ("np"), the nearest on its left or right; '' when the sentence has none."""
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


def _scare_quotes(st: DocIndex, sent: Sentence,
                  claim_at: Callable[[int], Claim | None]) -> list[LoadedUse]:
    """Scare quotes of one sentence: a quoted phrase of a few words, single-quoted or in a
    claim that is not a named source's (an apostrophe only after a space)."""
    doc = st.doc
    stext = doc.text[sent.start:sent.end]
    if not any(q in stext for q in "“‘'"):
        return []  # no quotation mark, no scare quotes
    uses = []
    for m in _rx(r"[“‘']([^”’'\"“]{1,40})[”’']").finditer(stext):
        words = m.group(1).split()
        s, e = sent.start + m.start(), sent.start + m.end()
        c = claim_at(s)
        single = m.group(0)[0] == "‘"
        if not (0 < len(words) <= st.cb.scare_quote_max_words):
            continue
        if not single and (c is None or c.attribution == "named"):
            continue
        if m.group(0)[0] == "'" and not doc.text[s - 1:s].isspace():
            continue
        uses.append(LoadedUse(doc.doc_id, c.claim_id if c else "", sent.sent_id, s, e,
                              doc.text[s:e], "scare_quotes", "scare_quotes",
                              _target(st, s, e, "np", sent) or (c.claimant_id if c else "")))
    return uses


def loaded_uses(st: DocIndex, claims: list[Claim]) -> list[LoadedUse]:
    """Loaded-language expressions with the actor each targets, linked to their claim."""
    doc = st.doc
    uses: list[LoadedUse] = []
    claim_at = _claim_finder(claims)
    for sent in doc.sentences:
        for ms, me, entry, _ in st.marks_in(sent.start, sent.end, "loaded"):
            c = claim_at(ms)
            uses.append(LoadedUse(doc.doc_id, c.claim_id if c else "", sent.sent_id, ms, me,
                                  doc.text[ms:me], entry.label, entry.device,
                                  _target(st, ms, me, entry.target, sent)))
        uses.extend(_scare_quotes(st, sent, claim_at))
    return sorted(set(uses), key=attrgetter("start", "end", "label"))
