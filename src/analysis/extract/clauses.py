"""Clauses and quotations: where a sentence is cut into clauses, what is quoted, and the
trimming of a span to its content.

Attribution reads clauses, never whole sentences, and never looks for a frame inside a
quotation; these helpers are the text geometry every attribution component shares (pure
functions of the text, so a component can call them without any document state).
"""
from __future__ import annotations

import re
from functools import lru_cache

from analysis.codebook import Codebook
from analysis.records import Sentence
from analysis.text.textutil import paired_quote_spans as _paired_quote_spans

#: `re.compile` memoised: inline patterns without the `re` module's cache lookups.
_rx = lru_cache(maxsize=None)(re.compile)

_QUOTE_OPENERS = frozenset('“"‘\'')  # a quotation (textutil.quote_spans) opens with one
#: adverbs that make a clause with no frame anonymous ("the army reportedly shelled C"):
#: grammar.yaml `attribution.anonymous_adverbs`; the anonymous frame finder leaves them to the
#: claim, which reads them as the source

_SPLIT_CHARS = ";,-–—("  # a character each alternative of ClauseSplitter.splitters requires
#: a dash between spaces ("X - Y"): two in one sentence enclose a parenthesis
_SPACED_DASH = re.compile(r"(?<=\S)\s+[-–—]\s+")


def _paired_dashes(text: str, mask: bytes) -> frozenset[int]:
    """Start offsets of the spaced dashes that pair up (first with second, third with
    fourth, outside quotations): "the strikes - called Operation Dawn - were a success"
    holds a parenthesis, not three clauses, so neither dash cuts the sentence."""
    found = [m.start() for m in _SPACED_DASH.finditer(text) if not mask[m.start()]]
    return frozenset(found[:len(found) - len(found) % 2])


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
    """`textutil.paired_quote_spans` (a doubled apostrophe '' ... '' is a double quotation
    mark), after making straight double marks curly where the text mixes both kinds."""
    if '"' in text and ("”" in text or "“" in text):
        text = _smart_quotes(text)  # '"C,” said X': one kind of mark per quotation
    return _paired_quote_spans(text)


@lru_cache(maxsize=4096)
def quote_depth_mask(text: str) -> bytes:
    """For each character, 1 when it lies inside a quotation (marks included), else 0."""
    if '"' not in text and "“" not in text and "‘" not in text and "'" not in text:
        return bytes(len(text))  # no quotation mark at all: nothing is quoted
    mask = bytearray(len(text))
    for s, e in quote_spans(text):
        mask[s:e] = b"\x01" * (e - s)
    return bytes(mask)


_DATELINE = re.compile(r"[A-Z][A-Z .'/-]{2,}(?:,\s*[A-Z][\w .]+)?\s*(?:\([\w .]+\))?\s*[-–—]+\s+")


def _bare(word: str) -> str:
    """A word without a possessive or contracted 's ("There's" -> "There")."""
    return word[:-2] if word.endswith(("'s", "’s")) else word


def _capitalised(words: tuple[str, ...]) -> tuple[str, ...]:
    """Words with a capital first letter ("mr" -> "Mr")."""
    return tuple(w[:1].upper() + w[1:] for w in words)


class LastName:
    """The last capitalised name in a speaker region, built once from the codebook: the
    titles before a name (grammar.yaml `cues.name_titles` and
    `speaker_names.extra_titles`), the particles inside one (`speaker_names.particles`) and
    the words that are no name (`stop_names`, as the speaker reads them)."""

    def __init__(self, cb: Codebook):
        g = cb.grammar
        titles = _capitalised(g.words("cues", "name_titles"))
        #: a title alone before a stop word keeps the name ("Mr Asked" stays a name)
        self.titles = frozenset(titles)
        every = titles + _capitalised(g.words("speaker_names", "extra_titles"))
        particles = "|".join(re.escape(w) if w.endswith("-") else re.escape(w) + r"\s+"
                             for w in g.words("speaker_names", "particles"))
        self.name_re = re.compile(r"(?:(?:" + "|".join(map(re.escape, every)) +
                                  r")\.?\s+)?[A-Z][\w'’-]+(?:\s+(?:" + particles +
                                  r")?[A-Z][\w'’-]+){0,3}")
        self.stop = g.stop_names("speaker", capitalised=True)

    def __call__(self, region: str) -> str:
        """The last name in `region` ('' when none): 'In his address, Putin'; a stop word is
        no part of a name.

        Quotations inside the region are ignored (their words are not the speaker's name):
        they are blanked in one pass (a copy of the region per quotation was quadratic).
        """
        spans = quote_spans(region)
        if spans:
            parts, pos = [], 0
            for qs, qe in spans:
                parts += [region[pos:qs], " " * (qe - qs)]
                pos = qe
            parts.append(region[pos:])
            region = "".join(parts)
        stop = self.stop
        names = [m.group(0) for m in self.name_re.finditer(region)]
        names = [n for n in names if _bare(n.split()[0]) not in stop or len(n.split()) > 1
                 and n.split()[0] in self.titles]
        names = [" ".join(w for w in n.split() if _bare(w) not in stop) for n in names]
        names = [n for n in names if n]
        return names[-1] if names else ""




def _alt(words: tuple[str, ...]) -> str:
    """An alternation of words, in file order."""
    return "|".join(map(re.escape, words))


class ClauseSplitter:
    """Where a sentence is cut into clauses, which clause is an if-clause, and the trimming
    of a span, built once from grammar.yaml `clauses` (and `common.articles`): the words are
    the codebook's, the shape of the cuts (punctuation, spacing, parentheses) is here."""

    def __init__(self, cb: Codebook):
        g = cb.grammar
        words = lambda key: g.words("clauses", key)  # noqa: E731
        articles = _alt(g.words("common", "articles"))
        embedded = r"(?:" + articles + r")\s+(?:" + _alt(words("embedded_nouns")) + r")s?"
        # Every cut starts with ';', ',' or whitespace (tested first, once per position). A
        # whitespace-led cut starts at the first character of a whitespace run and takes it
        # whole, and "a final parenthesis of four words or more" counts the whitespace
        # inside it with a lookahead that cannot backtrack (no exponential time on an
        # unclosed "(" before a long text).
        self.splitters = re.compile(
            r"(?=[;,\s])(?:;\s+|,\s+(?=(?:" + _alt(words("contrast_conjunctions")) + r")\b)"
            r"|(?<!\s)\s++(?:[-–—]\s++(?=[a-z])|(?=\((?=(?:[^()\s]*+\s){3})[^()]*+\)\s*+[.:;,]?"
            r"\s*+$))|,\s+(?:" + _alt(words("according_joins")) + r")\s+(?=(?:" +
            _alt(words("according")) + r")\b)|,\s+(?=" + embedded + r"\s+(?:" +
            "|".join(re.escape(w) + r"\s+" for w in words("embedded_relatives")) +
            r")?(?:[A-Z]|(?:" + "|".join(re.escape(w) + r"\s+" for w in words("embedded_auxiliaries")) +
            r")?(?:" + _alt(words("rejections")) + r")\b)))")
        #: "Kyiv made the claim, a charge Moscow denied": the clause is an embedded report
        self.embedded = re.compile(r"\s*" + embedded + r"\b", re.I)
        #: an if-clause opens the clause, after an optional lead word ("But if ...")
        self.condition = re.compile(r"\s*(?:(?:" + _alt(words("condition_leads")) + r")\s+)?(" +
                                    _alt(words("conditions")) + r")\b", re.I)
        #: "If the report is confirmed, C": the comma after such a phrase ends the if-clause
        self.confirmed = re.compile(r"\b(?:" + _alt(words("confirm_verbs")) + r")\s+(?:" +
                                    _alt(words("confirmed")) + r")\s*$", re.I)
        #: joining words a trimmed span drops from its start ("that C")
        self.joining = tuple(w + " " for w in words("joining_words"))

    def __call__(self, sent: Sentence) -> list[tuple[int, int, bool]]:
        """Clause spans (absolute offsets) of a sentence, and whether each is an if-clause."""
        text = sent.text
        # every splitter needs one of these characters; most sentences have none of them
        found = list(self.splitters.finditer(text)) if any(c in text for c in _SPLIT_CHARS) \
            else []
        mask = quote_depth_mask(text) if found else b""
        cuts = [m for m in found if not mask[m.start()]]
        if sum(1 for m in cuts if m.group(0).strip()[:1] in "-–—") and \
                sum(text.count(ch) for ch in "-–—") >= 2:
            paired = _paired_dashes(text, mask)
            cuts = [m for m in cuts if m.start() not in paired]
        spans, pos = [], 0
        for m in cuts:
            spans.append((pos, m.start()))
            pos = m.end()
        spans.append((pos, len(text)))
        out: list[tuple[int, int, bool]] = []
        for s, e in spans:
            lead = self.condition.match(text, s, e)
            comma = self._if_comma(text, s, e, lead.end() - s, mask) if lead else -1
            if comma > 0:
                out.append((s, s + comma, True))
                out.append((s + comma + 1, e, False))
            else:
                out.append((s, e, False))
        return [(sent.start + s, sent.start + e, c) for s, e, c in out
                if text[s:e].strip(" ,.;:-")]

    def _if_comma(self, text: str, s: int, e: int, lead: int, mask: bytes) -> int:
        """The comma (offset in the clause) that ends an if-clause opening text[s:e] (its
        lead words end at offset `lead`), or -1: the first one after "is confirmed"/"is
        true" if any, else the first one."""
        chunk = text[s:e]
        mask = mask or quote_depth_mask(text)
        commas = [i for i in range(lead, len(chunk)) if chunk[i] == "," and not mask[s + i]]
        confirmed = [i for i in commas if self.confirmed.search(chunk[:i])]
        return confirmed[0] if confirmed else (commas[0] if commas else -1)

    def trim(self, text: str, start: int, end: int) -> tuple[int, int]:
        """Shrink [start, end) over whitespace, a dateline, joining words and edge
        punctuation."""
        m = _DATELINE.match(text, start, end)
        if m and m.end() < end:
            start = m.end()
        joins = self.joining
        while start < end:
            if text[start] in " \t\n,;:–—-(":
                start += 1
            elif joins and text.startswith(joins, start):
                start += next(len(w) for w in joins if text.startswith(w, start))
            else:
                break
        while end > start and text[end - 1] in " \t\n,;:.–—-":
            end -= 1
        if end > start and text[end - 1] == ")" and \
                text[start:end].count("(") < text[start:end].count(")"):
            end -= 1
        return start, end
