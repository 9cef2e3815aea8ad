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
from bisect import bisect_left
from functools import lru_cache
from dataclasses import dataclass

from .codebook import Codebook
from .records import Claim, Document, LoadedUse, Mention, PlaceRef, Sentence
from .textutil import PhraseIndex, norm, quote_spans, word_re

_OPEN_Q = {'"', "“", "«"}
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
                 "twenty": 20, "thirty": 30, "fifty": 50, "hundred": 100, "dozens": 24,
                 "hundreds": 200, "thousands": 2000}
_TIME_UNITS = {"day", "days", "year", "years", "month", "months", "week", "weeks", "hour",
               "hours", "minute", "minutes", "decade", "decades", "century", "centuries",
               "times", "lanes", "sides", "percent"}
_MONTHS = ("january february march april may june july august september october november "
           "december jan feb mar apr jun jul aug sep sept oct nov dec").split()
_QTY = re.compile(
    r"(?P<qual>\b(?:at least|more than|over|some|about|around|nearly|almost|up to|an estimated|"
    r"fewer than|less than)\s+)?"
    r"(?P<num>(?<![\w.])\d[\d,]*(?:\.\d+)?|\b(?:" + "|".join(_NUMBER_WORDS) + r"))\b"
    r"(?P<rest>(?:\s+(?!\d)[\w-]+){0,3})", re.I)
_CONFIRMED = re.compile(r"\b(?:are|is|were|was|be|get|gets)\s+(?:confirmed|true|correct|accurate|"
                        r"verified)\s*$", re.I)
_SPLITTERS = re.compile(r";\s+|,\s+(?=(?:but|while|whereas|although)\b)|\s+[-–—]\s+(?=[a-z])"
                        r"|,\s+and\s+(?=according to\b)|,\s+(?=(?:a|an|the)\s+(?:charge|claim|accusation|allegation|report|version)s?\s+(?:that\s+|which\s+)?(?:[A-Z]|(?:was\s+|were\s+)?(?:denied|rejected|dismissed|disputed|refuted)\b))|\s+(?=\((?:[^()]*\s){3,}[^()]*\)\s*[.:;,]?\s*$)")


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
        for c in cb.cues:
            for f in c.forms:
                self.cue_forms[norm(f)] = (c.cue, c.polarity, c.needs_that)
        self.cue_re = word_re(tuple(self.cue_forms))
        self.according_re = word_re(cb.according)
        self.anon_frame_re = word_re(cb.anonymous_frames)
        self.anon_noun_re = word_re(cb.anonymous_nouns)
        self.group_re = word_re(cb.group_nouns)
        self.pron_re = word_re(cb.pronouns + ("it", "him", "them"))
        self.release_re = re.compile(
            r"(?<![\w-])(?:" + "|".join(map(re.escape, map(norm, cb.release["verbs"]))) +
            r")\s+(?:(?:a|an|the|new|its|their)\s+)*(?:[\w-]+\s+)?(?:" +
            "|".join(map(re.escape, map(norm, cb.release["objects"]))) + r")\s+(?:" +
            "|".join(map(re.escape, map(norm, cb.release["links"]))) + r")\s+")
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
        self.markers = PhraseIndex(table)


_EXTRACTORS: dict[int, ClaimExtractor] = {}


def extractor_for(cb: Codebook) -> ClaimExtractor:
    """The compiled extractor for a codebook (built once)."""
    if id(cb) not in _EXTRACTORS:
        _EXTRACTORS[id(cb)] = ClaimExtractor(cb)
    return _EXTRACTORS[id(cb)]


# -- small pure helpers -------------------------------------------------------------------
def _leading_quote(text: str) -> int:
    """End offset of a quotation that opens the text, or 0."""
    lead = len(text) - len(text.lstrip())
    spans = quote_spans(text)
    if spans and spans[0][0] == lead and spans[0][1] < len(text.rstrip(" .")):
        return spans[0][1]
    return 0


@lru_cache(maxsize=4096)
def quote_depth_mask(text: str) -> tuple[bool, ...]:
    """For each character, whether it lies inside a quotation (marks included)."""
    mask = [False] * len(text)
    for s, e in quote_spans(text):
        mask[s:e] = [True] * (e - s)
    return tuple(mask)


def split_clauses(sent: Sentence) -> list[tuple[int, int, bool]]:
    """Clause spans (absolute offsets) of a sentence, and whether each is an if-clause."""
    text = sent.text
    mask = quote_depth_mask(text)
    cuts = [m for m in _SPLITTERS.finditer(text) if not mask[m.start()]]
    spans, pos = [], 0
    for m in cuts:
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    out: list[tuple[int, int, bool]] = []
    for s, e in spans:
        chunk = text[s:e]
        lead = re.match(r"\s*(?:(?:but|and|so|yet)\s+)?(if|unless)\b", chunk, re.I)
        if lead:
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


def parse_quantities(text: str) -> list[str]:
    """Quantities in a claim as 'number unit' (qualifier kept: 'at least 39 people')."""
    out: list[str] = []
    if not _HAS_NUMBER.search(text):
        return out
    last_unit = ""
    low = text.lower()
    number_of = re.search(r"number of\s+(?:\W*\w+\W*\s+){0,2}?(\w+s)\b", low)
    for m in _QTY.finditer(text):
        num = m.group("num")
        before = text[max(0, m.start("num") - 12):m.start("num")].lower()
        after = text[m.end("num"):m.end("num") + 3].lower()
        if re.match(r"(st|nd|rd|th)\b", after) or any(before.rstrip().endswith(mo) for mo in _MONTHS):
            continue
        if re.search(r"[A-Z][\w-]*\s$", text[max(0, m.start("num") - 15):m.start("num")]) \
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


def _last_name(region: str) -> str:
    """The last capitalised name in a speaker region ('' when none): 'In his address, Putin'.

    Quotations inside the region are ignored (their words are not the speaker's name).
    """
    for qs, qe in quote_spans(region):
        region = region[:qs] + " " * (qe - qs) + region[qe:]
    names = [m.group(0) for m in _NAME.finditer(region)]
    names = [n for n in names if n.split()[0] not in _NOT_NAME or len(n.split()) > 1
             and n.split()[0] in {"Mr", "Mrs", "Ms", "Dr"}]
    names = [" ".join(w for w in n.split() if w not in _NOT_NAME) or n for n in names]
    return names[-1] if names else ""


class _DocState:
    """Per-document extraction state: mentions by offset and the last speaker."""

    def __init__(self, doc: Document, mentions: list[Mention], places: list[PlaceRef],
                 cb: Codebook, outlet_id: str, outlet_name: str):
        self.doc, self.cb, self.x = doc, cb, extractor_for(cb)
        self.mentions = mentions
        self.m_starts = [m.start for m in mentions]
        self.places = places
        self.p_starts = [p.start for p in places]
        self.low = doc.low
        self.marks = [(ms, me, p) for ms, me, p in self.x.markers.find(self.low)
                      if not (ms > 0 and self.low[ms - 1] == "-")]
        self.mark_starts = [m[0] for m in self.marks]
        self.outlet_id, self.outlet_name = outlet_id, outlet_name
        self.last_speaker: _Frame | None = None
        self.last_speaker_sent = -10
        self.last_quote_frame: _Frame | None = None
        self.recent: list[tuple[int, _Frame]] = []
        self.names: dict[str, str] = {}

    # -- lookups --------------------------------------------------------------------------
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
        if e <= s:
            return None
        region, low = text[s:e], self.low[s:e]
        mentions = self.mentions_in(s, e)
        if self.x.anon_noun_re.search(low) and not mentions and not self.x.group_re.search(low):
            return "", region, "anonymous"
        persons = [m for m in mentions if (a := self.cb.get(m.actor_id)) and a.type == "person"]
        if persons:
            p = persons[-1]
            return p.actor_id, p.surface, "named"
        name = _last_name(text[s:mentions[0].start]) if mentions else ""
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
            # a pronoun-led region ("his spokesperson") -> the previous speaker's organisation
            return m.actor_id, region if len(region) < 120 else m.surface, \
                self.attribution_of(m.actor_id, low[:max(0, m.start - s)] + " " + low)
        name = _last_name(region)
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
            return None
        if self.x.anon_noun_re.search(low):
            return "", region, "anonymous"
        words = low.split()
        if not strict and 0 < len(words) <= 6 and re.match(r"(the|a|an|one|two|some|several|many|local|"
                                              r"senior)\b", low) and re.search(r"[a-z]{4,}", low):
            # "The ministry said": an explicit but unknown speaker, never the author's voice
            head = words[-1]
            for prev_sent, prev in reversed(self.recent):
                actor = self.cb.get(prev.claimant_id) if prev.claimant_id else None
                if sent_id - prev_sent <= 4 and actor and \
                        head in norm(actor.name + " " + prev.surface).split():
                    return prev.claimant_id, region, prev.attribution
            return "", region, "named" if words[0] == "the" else "group"
        return None

    # -- frames ---------------------------------------------------------------------------
    def frames(self, cs: int, ce: int, sent_id: int) -> list[_Frame]:
        """Attribution frames in clause [cs, ce), in the order their content appears."""
        low, text = self.low, self.doc.text
        dateline = _DATELINE.match(text, cs, ce)
        if dateline:
            cs = dateline.end()  # "BAKU, Azerbaijan (AP) — ..." names no speaker
        mask = quote_depth_mask(text[cs:ce])
        chunk = low[cs:ce]

        def outside(i: int) -> bool:
            return not mask[i] if 0 <= i < len(mask) else True

        # anonymous frames: "there are reports about X", "some reports say X"
        m = self.x.anon_frame_re.search(chunk)
        if m and outside(m.start()):
            phrase = m.group(0)
            if phrase in {"reportedly", "allegedly", "purportedly"}:
                pass  # handled as a hedge + anonymous source below
            else:
                after = cs + m.end()
                nxt = re.match(r"\s*(?:about|of|that|on)?\s*", low[after:ce])
                start = after + (nxt.end() if nxt else 0)
                conf = _CONFIRMED.search(low[start:ce].rstrip(" ,"))
                if conf:
                    ce = start + conf.start()
                return [_Frame("", text[cs + m.start():after], "anonymous", phrase, "affirm",
                               (start, ce))]
        # "X released a video showing C"
        m = self.x.release_re.search(chunk)
        if m and outside(m.start()):
            sp = self.speaker(cs, cs + m.start(), sent_id)
            if sp:
                return [_Frame(sp[0], sp[1], sp[2], "released", "affirm", (cs + m.end(), ce))]
        frames: list[_Frame] = []
        # "according to X, C" / "C, according to X"
        m = self.x.according_re.search(chunk)
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
        # verbs of saying
        spans = [(m.start - cs, m.end - cs) for m in self.mentions_in(cs, ce)]
        cues = [c for c in self.x.cue_re.finditer(chunk) if outside(c.start())
                and not any(a <= c.start() < b for a, b in spans)]  # "the United States"
        quote = _leading_quote(text[cs:ce])
        if len(cues) > 1 and len(chunk[cues[-1].end():].split()) <= 6 \
                and "," in chunk[max(0, cues[-1].start() - 60):cues[-1].start()]:
            cues = [cues[-1]] + cues[:-1]  # the outer frame closes the clause: "C, X said."
        for c in cues:
            cue, polarity, needs_that = self.x.cue_forms[c.group(0)]
            after = chunk[c.end():c.end() + 40]
            # quote first: '"C," X said' / '"C," says X, a ...' / '"C," X told reporters'
            if quote and c.start() >= quote and c.start() - quote <= 80:
                gap = text[cs + quote:cs + c.start()]
                region = (cs + quote, cs + c.start()) if gap.strip(" ,") else (cs + c.end(), ce)
                sp = self.speaker(*region, sent_id)
                if sp:
                    return [_Frame(sp[0], sp[1], sp[2], cue, polarity, (cs, cs + quote))]
            before = chunk[:c.start()]
            comma = before.rfind(",")
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
            by = re.match(r"\s+by\s+", chunk[c.end():])
            if polarity == "deny" and by:
                sp = self.speaker(cs + c.end() + by.end(), ce, sent_id)
                if sp:
                    f = _Frame(sp[0], sp[1], sp[2], cue, polarity, (cs, ce))
                    return [f]
            # post-posed: "C, X said (on Thursday)." or "C, says X, a ..."
            tail = chunk[c.end():]
            if comma > 0 and outside(comma) and len(before[comma:].split()) <= 8 \
                    and len(before[:comma].split()) >= 5 \
                    and not re.match(r"\s*(that|:)", after):
                gap = text[cs + comma + 1:cs + c.start()]
                mid = re.match(r"(?:\s+[\w-]+){0,3}?\s*,\s+", tail)
                if gap.strip():
                    # "C, X said." or a frame in mid-clause: "C, the agency reported, days ..."
                    ok = len(tail.split()) <= 6 or bool(mid)
                    region = (cs + comma + 1, cs + c.start())
                else:  # inverted "C, says X": only plain verbs of saying invert
                    ok = c.group(0) in _INVERTING and bool(re.match(
                        r"\s*(?:(?:Mr|Mrs|Ms|Dr)\.?\s+)?[A-Z]|\s*(?:a|an|the|one)\s",
                        text[cs + c.end():ce]))
                    region = (cs + c.end(), ce)
                sp = self.speaker(*region, sent_id, strict=not gap.strip()) if ok else None
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
            if needs_that and not re.match(r"\s*(that|:|,)", after):
                continue  # "declared war", "reported losses": not a frame unless post-posed
            # pre-posed: "X said (that) C"; try the segment after the last comma first
            # ("In a statement, the ministry said"), then the whole run from the clause start
            sp = None
            if comma > 0 and outside(comma):
                sp = self.speaker(cs + comma + 1, cs + c.start(), sent_id)
            if sp is None:
                sp = self.speaker(cs, cs + c.start(), sent_id)
            if sp is None:
                continue
            content_start = cs + c.end()
            that = re.match(r"(?:\s+[\w-]+){0,5}?\s+that\s", chunk[c.end():])
            colon = re.match(r"\s*:", chunk[c.end():])
            if that:
                content_start = cs + c.end() + that.end()
            elif colon:
                content_start = cs + c.end() + colon.end()
            if not text[content_start:ce].strip(" .,;:!?\"'”’") and polarity != "deny":
                continue  # "... he said." with nothing after the cue is not pre-posed
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
                    that2 = re.match(r"\s+that\s", low[rest:ce])
                    f2 = _Frame(sp[0], sp[1], sp[2], cue2, pol2,
                                (rest + (that2.end() if that2 else 0), ce))
                    if pol2 == "deny":
                        f2.include_cue_from = cs + c2.start()
                    return [f, f2]
                break
            return [f]
        return frames

    # -- modality, type, quantities, places -------------------------------------------------
    def marks_in(self, s: int, e: int, cat: str) -> list[tuple[int, int, object, int]]:
        """Markers of one category inside [s, e): (start, end, key, order)."""
        i = bisect_left(self.mark_starts, s)
        out = []
        while i < len(self.marks) and self.marks[i][0] < e:
            ms, me, payloads = self.marks[i]
            if me <= e:
                out.extend((ms, me, key, order) for c, key, order in payloads if c == cat)
            i += 1
        return out

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
        quotes = re.findall(r"[“\"‘']([^”\"’']{1,40})[”\"’']", text)
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
        for _, _, t, _ in sorted(self.marks_in(s, e, "type"), key=lambda m: m[3]):
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
        if e - s < 3 or not re.search(r"[A-Za-z]{2}", text[s:e]):
            return None
        if frame is None:
            claimant_id, surface, attribution, cue, polarity = (
                self.outlet_id, self.outlet_name, "author", "", "affirm")
        else:
            claimant_id, surface, attribution, cue, polarity = (
                frame.claimant_id, frame.surface, frame.attribution, frame.cue, frame.polarity)
        low = self.low[s:e]
        if frame is None and re.search(r"\b(reportedly|allegedly|purportedly)\b", low):
            attribution, claimant_id, surface = "anonymous", "", \
                re.search(r"\b(reportedly|allegedly|purportedly)\b", low).group(0)
            cue = surface
        modality, mcue = self.modality(s, e, frame_low, conditional, attribution)
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
                     quantities=parse_quantities(text[s:e]))

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
        sent = self.doc.sentences[max(0, bisect_left([x.start for x in self.doc.sentences],
                                                       pos + 1) - 1)]
        for cs, ce, _ in split_clauses(sent):
            if cs <= pos < ce:
                return cs, ce
        return sent.start, sent.end

    def is_pure_quote(self, s: int, e: int) -> bool:
        """Whether [s, e) is a quotation and nothing else."""
        t = self.doc.text[s:e].strip()
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
    cb, doc, low = st.cb, st.doc, st.low
    uses: list[LoadedUse] = []
    c_starts = [c.start for c in claims]

    def claim_at(pos: int) -> Claim | None:
        i = bisect_left(c_starts, pos + 1) - 1
        while i >= 0:
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
        for m in re.finditer(r"[“‘']([^”’'\"“]{1,40})[”’']", doc.text[sent.start:sent.end]):
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
    return sorted(set(uses), key=lambda u: (u.start, u.end, u.label))


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
    claims.sort(key=lambda c: (c.start, c.end))
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
        m = re.search(r"(\d+(?:\.\d+)?)\s+(\S+)$", q)
        if m:
            out.setdefault(m.group(2), float(m.group(1)))
    return out


#: Cross-document comparisons per claim within a (type, state) bucket (keeps the corpus
#: stage linear: a claim is compared with the next claims in date order, not with all).
CONTEST_WINDOW = 40


def link_contested(claims: list[Claim], cb: Codebook, states: dict[str, str],
                   dates: dict[str, str]) -> None:
    """Link claims about the same event that disagree in quantity or polarity (both ways).

    Same event: same event-type claim type, in the same document or in documents published
    within three days, sharing a state among their actors (or either has none, in one
    document). Disagree: opposite polarity, or the same unit with different numbers.
    Within one document every pair is compared; across documents each claim is compared
    with the next `CONTEST_WINDOW` claims of its (type, state) bucket in date order.
    """
    from datetime import date

    event_types = {t.id for t in cb.claim_types if t.event}

    def day(doc_id: str) -> date | None:
        try:
            return date.fromisoformat(dates.get(doc_id, "")[:10])
        except ValueError:
            return None

    def st_of(c: Claim) -> set[str]:
        return {states.get(a, "") for a in c.subject_ids + c.object_ids} - {""}

    def link(a: Claim, b: Claim, same_doc: bool) -> None:
        if a.claimant_id == b.claimant_id and a.polarity == b.polarity and \
                a.attribution == b.attribution:
            return
        sa, sb = st_of(a), st_of(b)
        if (not same_doc or (sa and sb)) and not (sa & sb):
            return
        qa, qb = _qty_numbers(a), _qty_numbers(b)
        if a.polarity != b.polarity or any(u in qb and qb[u] != v for u, v in qa.items()):
            if b.claim_id not in a.contested_with:
                a.contested_with.append(b.claim_id)
            if a.claim_id not in b.contested_with:
                b.contested_with.append(a.claim_id)

    pool = [c for c in claims if c.claim_type in event_types
            and (c.attribution != "author" or c.quantities)]
    by_doc: dict[tuple[str, str], list[Claim]] = {}
    by_state: dict[tuple[str, str], list[Claim]] = {}
    for c in pool:
        by_doc.setdefault((c.doc_id, c.claim_type), []).append(c)
        for st in sorted(st_of(c)):
            by_state.setdefault((c.claim_type, st), []).append(c)
    for group in by_doc.values():
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                link(a, b, True)
    far = date(9999, 12, 31)
    for group in by_state.values():
        group.sort(key=lambda c: (day(c.doc_id) or far, c.doc_id, c.start))
        for i, a in enumerate(group):
            da = day(a.doc_id)
            for b in group[i + 1:i + 1 + CONTEST_WINDOW]:
                db = day(b.doc_id)
                if b.doc_id == a.doc_id:
                    continue
                if not da or not db or (db - da).days > 3:
                    break
                link(a, b, False)
    for c in claims:
        c.contested_with.sort()
