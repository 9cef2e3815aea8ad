"""Claims: who asserts what, on whose authority, how firmly, with which actors and numbers.

A sentence is cut into clauses (at ';', ', but', ', while', an 'if ...,' clause, and ', and'
before a new attribution), never inside a quotation. Each clause yields one claim, or two
when one speaker makes two statements ("deny X claiming that Y"). Attribution frames, all
from `cues.yaml`: pre-posed ("X said (that) C"), post-posed ("C, X said" / "C, says X, a ..."),
"according to X", "X released a video showing C", anonymous frames ("there are reports
about C", "reportedly"), and quotations that continue the previous speaker's quote. A clause
with no frame is the author's own voice, with the outlet as claimant.

Where each decision lives: clauses and quotations `clauses`; the frame kinds `attribution`
(`FrameFinder`), verbs of saying `cues` (`CueFrameFinder`), who a speaker region names
`speaker` (`SpeakerFinder`), "he" / "the ministry" `coref`; the document's lookups
`docindex`; quantities `quantities`; loaded language `loaded`. This module builds the claim
(content span, source, modality, type, actors) and links contested claims across documents.
"""
from __future__ import annotations

import os
import re
from operator import attrgetter, itemgetter
from typing import Callable

from analysis.codebook import Codebook
from analysis.extract.attribution import FrameFinder
from analysis.extract.clauses import _rx, quote_depth_mask, quote_spans
from analysis.extract.cues import MAX_FRAME_CUES, CueLexicon
from analysis.extract.docindex import DocIndex, Frame
from analysis.extract.loaded import loaded_uses
from analysis.extract.quantities import QuantityParser
from analysis.extract.speaker import SpeakerFinder, _reads_as_clause
from analysis.records import Claim, Document, LoadedUse, Mention, PlaceRef, Sentence
from analysis.text.textutil import norm, word_re

#: What other modules and tests import from here (the pieces now live in their components).
__all__ = ["CONTEST_DOC_WINDOW", "CONTEST_WINDOW", "MAX_FRAME_CUES",
           "ClaimExtractor", "_reads_as_clause", "contest_candidate",
           "extract_claims", "link_contested",
           "quote_depth_mask", "quote_spans"]


#: modality precedence, weakest first (`modality.yaml`: conditional > hedged > forecast > asserted)
_FIRMNESS = ("asserted", "forecast", "hedged", "conditional")


class ClaimExtractor:
    """Builds the claims of a document from its clauses and their frames: the source, the
    content span, polarity, modality, claim type, actors, places and quantities.

    Built once per codebook; its components (`frames`, `speaker`, `cues`) are too, and each
    document is read through one `DocIndex`."""

    def __init__(self, cb: Codebook):
        self.cb = cb
        self.cues = CueLexicon(cb)
        self.speaker = SpeakerFinder(cb)
        #: where a sentence is cut into clauses, and the trim of a span (grammar.yaml)
        self.clauses = self.speaker.clauses
        self.frames = FrameFinder(cb, self.cues, self.speaker)
        self.quantities = QuantityParser(cb.grammar)
        #: "the army reportedly shelled C": an anonymous source (grammar.yaml); the words'
        #: common ending ("edly") is tested first, most clauses have none
        adverbs = cb.grammar.words("attribution", "anonymous_adverbs")
        self.anon_adverb_re = re.compile(r"\b(" + "|".join(adverbs) + r")\b")
        self.anon_hint = os.path.commonprefix([w[::-1] for w in adverbs])[::-1]
        # what `lexicon` compiles into the document scan
        self.cue_forms = self.cues.cue_forms
        self.frame_words = self.frames.frame_words
        self.nominal = self.frames.nominal  # its nouns join the document scan (`lexicon`)
        self.marker_table = self._marker_table(cb)
        #: "X is (simply) untrue", "the reports are baseless": a denial without a denial verb
        self.denial_pred_re = re.compile(
            r"\b(?:" + "|".join(map(re.escape, cb.grammar.words("attribution", "denial_copulas"))) +
            r")\s+(?:[a-z]+ly\s+){0,2}(?:" +
            "|".join(map(re.escape, cb.denial_predicates)) + r")\b") if cb.denial_predicates else None
        self.hedge_re = word_re(cb.modality["hedged"])
        #: "Smith said Thursday": a content that only says when or where (grammar.yaml)
        self.adjuncts = frozenset(cb.grammar.words("attribution", "adjunct_words")) | \
            frozenset(cb.grammar.words("quantities", "months"))
        self.speaker_stop = frozenset(cb.speaker_stop)
        self.types = {t.id: t for t in cb.claim_types}
        #: "Clinton said to People.", "he wrote in a memo to the board": a verb of saying
        #: whose content is only the setting of the speech (grammar.yaml `setting_cues`)
        self.setting_cues = frozenset(cb.grammar.words("attribution", "setting_cues"))
        self.setting_preps = frozenset(cb.grammar.words("attribution", "setting_prepositions"))
        self.clause_words = self.cues.cc_finite | self.cues.cc_subjects | \
            frozenset(("it", "you", "be", "been"))

    @staticmethod
    def _marker_table(cb: Codebook) -> dict[str, list[tuple[str, object, int]]]:
        """One Aho-Corasick pass per document finds every claim-type trigger, modality
        marker and loaded phrase; claims then look up their own span (the table is searched
        through `lexicon.doc_hits`, table "markers")."""
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
        return table

    def modality(self, d: DocIndex, s: int, e: int, frame_low: str, conditional: bool,
                 attribution: str) -> tuple[str, str]:
        """(modality, cue) of a claim span."""
        text = d.doc.text[s:e]
        cond = d.marks_in(s, e, "conditional")
        if conditional or cond:
            return "conditional", d.low[cond[0][0]:cond[0][1]] if cond else "if"
        for ms, me, word, _ in d.marks_in(s, e, "hedged"):
            if word == "may" and d.doc.text[ms].isupper():
                continue  # the month
            return "hedged", word
        m = self.hedge_re.search(frame_low) if frame_low else None
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
        fc = d.marks_in(s, e, "forecast")
        if fc:
            return "forecast", fc[0][2]
        return "asserted", ""

    def claim_type(self, d: DocIndex, s: int, e: int, polarity: str, modality: str) -> str:
        """First codebook claim type whose trigger occurs; else denial/forecast/assessment.

        A forecast (will, likely, ...) is typed `forecast` whatever its subject.
        """
        if modality == "forecast" and polarity == "affirm":
            return "forecast"
        for _, _, t, _ in sorted(d.marks_in(s, e, "type"), key=itemgetter(3)):
            if polarity == "deny" and not t.event:
                continue
            return t.id
        if polarity == "deny":
            return "denial"
        return "forecast" if modality == "forecast" else "assessment"

    def content_span(self, d: DocIndex, span: tuple[int, int],
                     frame: Frame | None) -> tuple[int, int]:
        """A frame's content span trimmed, with a denial's cue kept in it when the frame asks
        (`include_cue_from`), and widened to the whole clause when the cue ends it or an
        embedded "a charge (that) ..." opens it ("a charge Kyiv denied")."""
        text = d.doc.text
        s, e = span
        if frame is not None and frame.include_cue_from >= 0:
            s = min(s, frame.include_cue_from)
        trim = self.clauses.trim
        s, e = trim(text, s, e)
        if frame is not None and frame.polarity == "deny" and frame.include_cue_from >= 0 and (
                e - frame.include_cue_from <= len(text[frame.include_cue_from:e].split()[0]) + 1
                or self.clauses.embedded.match(text, d.clause_of(frame.include_cue_from)[0])):
            s, e = trim(text, *d.clause_of(frame.include_cue_from))
        return s, e

    def source(self, d: DocIndex, s: int, e: int,
               frame: Frame | None) -> tuple[str, str, str, str, str]:
        """(claimant_id, surface, attribution, cue, polarity) of a claim: its frame's, or the
        author's (the outlet) when it has none, unless "reportedly" makes it anonymous; a
        denial predicate ("the reports are baseless") makes it a denial."""
        if frame is None:
            claimant_id, surface, attribution, cue, polarity = (
                d.outlet_id, d.outlet_name, "author", "", "affirm")
        else:
            claimant_id, surface, attribution, cue, polarity = (
                frame.claimant_id, frame.surface, frame.attribution, frame.cue, frame.polarity)
        low = d.low[s:e]
        hedge = self.anon_adverb_re.search(low) if frame is None and self.anon_hint in low \
            else None
        if hedge:
            attribution, claimant_id, surface = "anonymous", "", hedge.group(0)
            cue = surface
        if polarity == "affirm" and self.denial_pred_re is not None and \
                self.denial_pred_re.search(d.low, s, e):
            polarity = "deny"  # "the reports are baseless", "that is simply untrue"
        return claimant_id, surface, attribution, cue, polarity

    def _adjunct_only(self, content: str) -> bool:
        """Whether a speaker's content only says when or where ("said Thursday", "wrote
        on Twitter"): such a content is no claim. Short contents only are read."""
        if len(content) > 40:
            return False
        words = _rx(r"[\w’']+").findall(content.lower())
        return all(w in self.adjuncts or w.isdigit() for w in words)

    def _setting_only(self, content: str, cue: str) -> bool:
        """Whether a verb of saying's content is only where, when or to whom it was said
        ("said to People", "wrote in a memo to the board", "said on a media call"): it opens
        with one of `setting_prepositions`, has at most 12 words and no clause (no quotation
        mark or clause punctuation, no finite verb or subject pronoun). Such a content, left
        after the speech's real content was cut off, is no claim."""
        if cue not in self.setting_cues or _rx(r"[“”\"‘’,;:]|''").search(content):
            return False
        words = content.lower().split()
        return bool(words) and len(words) <= 12 and words[0] in self.setting_preps and \
            not any(w in self.clause_words for w in words)

    def make(self, d: DocIndex, sent: Sentence, span: tuple[int, int], frame: Frame | None,
             conditional: bool, frame_low: str = "") -> Claim | None:
        """Build one claim for a content span."""
        text = d.doc.text
        s, e = self.content_span(d, span, frame)
        if e - s < 3 or not _rx(r"[A-Za-z]{2}").search(text[s:e]) or (
                frame is not None and (self._adjunct_only(text[s:e]) or
                                       self._setting_only(text[s:e], frame.cue))):
            return None
        claimant_id, surface, attribution, cue, polarity = self.source(d, s, e, frame)
        modality, mcue = self.modality(d, s, e, frame_low, conditional, attribution)
        cue_class = "" if frame is None or attribution == "author" else \
            self.cues.cue_class.get(cue, "assertion")
        by_class = self.cues.class_modality.get(cue_class)
        if by_class and _FIRMNESS.index(by_class) > _FIRMNESS.index(modality):
            # "X believes C", "X plans C"; and "X hopes C will happen" is hedged, not a
            # forecast: the cue class's modality counts like a marker (conditional > hedged >
            # forecast > asserted)
            modality, mcue = by_class, cue
        ctype = self.claim_type(d, s, e, polarity, modality)
        ms = d.mentions_in(s, e)
        actors = list(dict.fromkeys(m.actor_id for m in ms))
        trig = d.marks_in(s, e, "type")
        cut = min(m[0] for m in trig) if trig else (ms[0].end if ms else e)
        subjects = list(dict.fromkeys(m.actor_id for m in ms if m.start < cut)) or actors[:1]
        objects = [a for a in actors if a not in subjects]
        places = list(dict.fromkeys(p.name for p in d.places_in(s, e)))
        t = self.types.get(ctype)
        return Claim(claim_id="", doc_id=d.doc.doc_id, sent_id=sent.sent_id, start=s, end=e,
                     text=text[s:e], claimant_id=claimant_id, claimant_surface=surface,
                     attribution=attribution, cue=cue, polarity=polarity, modality=modality,
                     modality_cue=mcue, claim_type=ctype, cameo=t.cameo if t else "",
                     subject_ids=subjects, object_ids=objects, places=places,
                     quantities=self.quantities(text[s:e], d.first_number(s, e)),
                     cue_class=cue_class)

    def heading_claims(self, d: DocIndex, sent: Sentence) -> list[Claim]:
        """A heading's claims: only what a named or grouped speaker is framed saying ("Trump
        says praise from Putin helps the U.S.;", "Khans: Trump stirs 'ugliness'"); a heading
        in the author's voice (a title, a caption, a section name) is no claim."""
        out: list[Claim] = []
        for cs, ce, _ in self.clauses(sent):
            for f in self.frames(d, cs, ce, sent.sent_id):
                if f.attribution in {"named", "group"}:
                    c = self.make(d, sent, f.content, f, False, norm(f.surface + " " + f.cue))
                    if c:
                        out.append(c)
        return out

    def sentence_claims(self, d: DocIndex, sent: Sentence) -> list[Claim]:
        """All claims of one sentence: one per clause and frame; a clause with no frame is
        the author's, or continues the previous speaker's quotation when it is one."""
        if sent.text.rstrip().endswith("?"):
            return []
        if sent.heading:
            return self.heading_claims(d, sent)
        out: list[Claim] = []
        cond_pending = False
        mem = d.memory
        for cs, ce, is_if in self.clauses(sent):
            frames = self.frames(d, cs, ce, sent.sent_id)
            conditional = is_if or cond_pending
            cond_pending = is_if
            if not frames and d.is_pure_quote(cs, ce):
                tag = self.next_tag(d, sent.sent_id)
                frames = [Frame(tag[0], tag[1], tag[2], tag[3], tag[4], (cs, ce))] if tag else []
            if not frames and d.is_pure_quote(cs, ce) and mem.last_quote_frame \
                    and sent.sent_id - mem.last_speaker_sent <= 2:
                prev = mem.last_quote_frame
                frames = [Frame(prev.claimant_id, prev.surface, prev.attribution, "quote",
                                "affirm", (cs, ce))]
            if not frames:
                c = self.make(d, sent, (cs, ce), None, conditional)
                if c:
                    out.append(c)
                continue
            for f in frames:
                c = self.make(d, sent, f.content, f, conditional, norm(f.surface + " " + f.cue))
                if c:
                    c.nested = f.nested
                    out.append(c)
                if f.attribution in {"named", "group"} and not f.nested and (
                        f.claimant_id or f.surface) and (
                        f.claimant_id or self.cues.cue_class.get(f.cue) not in self.cues.whole_clause):
                    # a later "he said" refers to the last speaker, not to an unnamed holder of
                    # a view ("Each leader sees the other as a threat")
                    mem.heard(f, sent.sent_id)
        return out

    def next_tag(self, d: DocIndex, sent_id: int) -> tuple[str, str, str, str, str] | None:
        """The speaker of a quotation whose tag the sentence cut left in the next sentence
        ('“Is that fair?” Jane Roe replied.'): a sentence that opens with its speaker (five
        words at most) and a verb of saying, then four words at most or a comma, read as
        (claimant_id, surface, attribution, cue, polarity); None when the next sentence is
        no such tag."""
        sents = d.doc.sentences
        if sent_id + 1 >= len(sents):
            return None
        nxt = sents[sent_id + 1]
        text = d.doc.text[nxt.start:nxt.end]
        if not text.rstrip().endswith(".") or nxt.par_id != sents[sent_id].par_id:
            return None
        cues = d.cues_in(nxt.start, min(nxt.end, nxt.start + 80))
        head = d.low[nxt.start:nxt.start + cues[0].start()].split() if cues else []
        after = text[cues[0].end():] if cues else ""
        if not 0 < len(head) <= 5 or any(w in self.speaker_stop for w in head) or not (
                len(after.split()) <= 4 or after.lstrip().startswith(",")):
            return None  # "Mr Trump may not see things that way" is no tag
        sp = self.speaker(d, nxt.start, nxt.start + cues[0].start(), sent_id + 1)
        if not sp or sp[2] not in {"named", "group"}:
            return None
        cue, polarity, _ = self.cue_forms[cues[0].group(0)]
        return sp[0], sp[1], sp[2], cue, polarity

    def __call__(self, doc: Document, mentions: list[Mention], places: list[PlaceRef],
                 outlet_id: str) -> tuple[list[Claim], list[LoadedUse]]:
        """The claims and loaded language of one scanned document (see `extract_claims`)."""
        cb = self.cb
        outlet = cb.get(outlet_id) if outlet_id else None
        st = DocIndex(doc, mentions, places, cb, self.clauses, self.frame_words, outlet_id,
                      outlet.name if outlet else doc.meta.get("outlet", "") or "author")
        claims: list[Claim] = []
        for sent in doc.sentences:
            claims.extend(self.sentence_claims(st, sent))
        claims.sort(key=attrgetter("start", "end"))
        for n, c in enumerate(claims, start=1):
            c.claim_id = f"{doc.doc_id}-c{n:03d}"
        loaded = loaded_uses(st, claims)
        by_id = {c.claim_id: c for c in claims}
        for u in loaded:
            if u.claim_id and u.label not in by_id[u.claim_id].loaded:
                by_id[u.claim_id].loaded.append(u.label)
        return claims, loaded


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
    from analysis.extract.pipeline import pipeline_of  # the composer imports this module

    p = pipeline_of(cb)
    return p.claims(p.scan(doc), mentions, places, outlet_id)


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


def _publication_days(dates: dict[str, str]) -> Callable[[str], int | None]:
    """A document's publication day (an ordinal; None when undated), parsed once each."""
    from datetime import date

    days: dict[str, int | None] = {}

    def day(doc_id: str) -> int | None:
        if doc_id not in days:
            try:
                days[doc_id] = date.fromisoformat(dates.get(doc_id, "")[:10]).toordinal()
            except ValueError:
                days[doc_id] = None
        return days[doc_id]

    return day


def _link_across_documents(group: list[int], pool: list[Claim],
                           who: list[tuple[str, str, str]], st: list[frozenset[str]],
                           qty: list[dict[str, float]], links: list[set[str]],
                           day: Callable[[str], int | None]) -> None:
    """`link_contested`'s comparison within one (type, state) bucket: each claim with the
    next `CONTEST_WINDOW` claims of other documents published within three days (the bucket
    sorted by date; undated documents are never linked across)."""
    from datetime import date

    far = date(9999, 12, 31).toordinal()
    group.sort(key=lambda i: (day(pool[i].doc_id) or far, pool[i].doc_id, pool[i].start))
    for k, i in enumerate(group):
        da, doc_a = day(pool[i].doc_id), pool[i].doc_id
        for j in group[k + 1:k + 1 + CONTEST_WINDOW]:
            db = day(pool[j].doc_id)
            if pool[j].doc_id == doc_a:
                continue
            if not da or not db or db - da > 3:
                break
            if who[i] == who[j] or not (st[i] & st[j]):
                continue  # the same source the same way, or no state in common
            qa, qb = qty[i], qty[j]
            if who[i][1] != who[j][1] or any(u in qb and qb[u] != v for u, v in qa.items()):
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
    event_types = {t.id for t in cb.claim_types if t.event}
    pool = [c for c in claims if contest_candidate(c, event_types)]
    # what a comparison reads, computed once per claim (a claim meets up to 40 others)
    st = [frozenset({states.get(a, "") for a in c.subject_ids + c.object_ids} - {""})
          for c in pool]
    qty = [_qty_numbers(c) for c in pool]
    links: list[set[str]] = [set() for _ in pool]
    by_doc: dict[tuple[str, str], list[int]] = {}
    by_state: dict[tuple[str, str], list[int]] = {}
    for i, c in enumerate(pool):
        by_doc.setdefault((c.doc_id, c.claim_type), []).append(i)
        for s_ in sorted(st[i]):
            by_state.setdefault((c.claim_type, s_), []).append(i)
    who = [(c.claimant_id, c.polarity, c.attribution) for c in pool]
    for group in by_doc.values():
        _link_in_document(group, pool, who, st, qty, links)
    day = _publication_days(dates)
    for group in by_state.values():
        _link_across_documents(group, pool, who, st, qty, links, day)
    for c, found in zip(pool, links):
        if found:
            c.contested_with.extend(x for x in found if x not in c.contested_with)
    for c in claims:
        c.contested_with.sort()
