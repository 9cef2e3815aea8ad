"""Text helpers shared by the stages: length-preserving normalisation, tokens, phrase search.

Normalisation maps typographic quotes and dashes to ASCII and lowercases *one character for
one character*, so offsets found in the normalised text are offsets in the original.
"""
from __future__ import annotations

import re
import sys
from array import array
from bisect import bisect_left
from functools import lru_cache
from itertools import repeat
from typing import NamedTuple

import ahocorasick

_MAP = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " ",
                      "\u2013": "-", "\u2014": "-", "\u2010": "-", "\u2011": "-", "\u00ab": '"',
                      "\u00bb": '"', "\u2032": "'", "\u02bc": "'"})
TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|\d+(?:[.,]\d+)*|\w+|'s\b|[^\w\s]")


_PAIRS = tuple((chr(k), v) for k, v in _MAP.items())


def fold(text: str) -> str:
    """ASCII-fold quotes and dashes without lowercasing (length preserving)."""
    if len(text) < 256:
        return text.translate(_MAP)
    # a whole article: replace only the characters it has (translate with a mapping looks
    # every character up, ten times slower on long texts)
    for a, b in _PAIRS:
        if a in text:
            text = text.replace(a, b)
    return text


def norm(text: str) -> str:
    """Lowercase and ASCII-fold quotes/dashes, preserving length (one char for one char)."""
    out = fold(text)
    low = out.lower()
    if len(low) == len(out):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in out)


class Token(NamedTuple):
    """A token with its offsets (a NamedTuple: cheap to create by the thousand)."""

    text: str
    low: str
    start: int
    end: int


_NONSPACE = re.compile(r"\S+")
_START, _END, _GROUP = re.Match.start, re.Match.end, re.Match.group


#: Above this many characters, `token_columns` stores offsets in typed arrays and shares
#: equal token strings (a 30 MB article has millions of tokens: as lists of int and str
#: objects they took some 40 bytes per character of text; below it, plain lists are faster).
COMPACT_TOKENS_CHARS = 1 << 20


class TokenColumns(NamedTuple):
    """A text's tokens as columns: surface forms, normalised forms, start and end offsets."""

    texts: list[str]
    lows: list[str]
    starts: list[int] | array
    ends: list[int] | array


def _token_offsets(low: str, compact: bool) -> tuple[list[int] | array, list[int] | array]:
    """Start and end offsets of the tokens of the normalised text `low`.

    `TOKEN` never matches across whitespace, so the text is cut at whitespace first and a
    run of letters only, or of digits only, is one token as it stands; only runs with
    punctuation go through `TOKEN` (same tokens, a fraction of the regex work)."""
    starts: list[int] | array = array("q") if compact else []
    ends: list[int] | array = array("q") if compact else []
    add_start, add_end = starts.append, ends.append
    for m in _NONSPACE.finditer(low):
        run = m.group()
        if run.isalpha() or run.isdecimal():
            s, e = m.span()
            add_start(s)
            add_end(e)
        else:
            for t in TOKEN.finditer(low, m.start(), m.end()):
                add_start(t.start())
                add_end(t.end())
    return starts, ends


def token_columns(text: str, low: str | None = None) -> TokenColumns:
    """The tokens of `text` as columns (`low` is its normalised form); a text longer than
    `COMPACT_TOKENS_CHARS` gets typed offset arrays and interned strings (same values)."""
    low = low if low is not None else norm(text)
    compact = len(text) > COMPACT_TOKENS_CHARS
    if not compact:
        # one `TOKEN` scan of the whole text (it never matches whitespace: the same tokens
        # as `_token_offsets`), its matches read by C-level calls: faster on an article,
        # but it holds a match object per token, so long texts take the frugal path
        found = list(TOKEN.finditer(low))
        starts, ends = list(map(_START, found)), list(map(_END, found))
        texts = list(map(text.__getitem__, map(slice, starts, ends)))
        return TokenColumns(texts, list(map(_GROUP, found)), starts, ends)
    starts, ends = _token_offsets(low, compact)
    texts = map(text.__getitem__, map(slice, starts, ends))
    lows = map(low.__getitem__, map(slice, starts, ends))
    if compact:
        texts, lows = map(sys.intern, texts), map(sys.intern, lows)
    return TokenColumns(list(texts), list(lows), starts, ends)


def tokenize(text: str, low: str | None = None, offset: int = 0) -> list[Token]:
    """Tokens of `text` (offsets shifted by `offset`); `low` is its normalised form.

    Tokens are built with `map` over C-level callables (no Python call per token).
    """
    low = low if low is not None else norm(text)
    starts, ends = _token_offsets(low, False)
    slices = list(map(slice, starts, ends))
    texts = map(text.__getitem__, slices)
    lows = map(low.__getitem__, slices)
    if offset:
        starts = [x + offset for x in starts]
        ends = [x + offset for x in ends]
    return list(map(tuple.__new__, repeat(Token), zip(texts, lows, starts, ends)))


def is_boundary(low: str, start: int, end: int) -> bool:
    """Whether [start, end) sits on word boundaries in `low`."""
    before = low[start - 1] if start > 0 else " "
    after = low[end] if end < len(low) else " "
    return not (before.isalnum() or (low[start].isalnum() and before == "_")) and not after.isalnum()


def is_cs_boundary(text: str, start: int, end: int) -> bool:
    """Word boundaries for a case-sensitive name: no word character or '.' before, no word
    character after ("U.S." but not "a.U.S.")."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before in "_.") and not (after.isalnum() or after == "_")


class PhraseIndex:
    """Aho-Corasick search for many phrases on word boundaries (case-insensitive).

    With `case_sensitive`, phrases are only ASCII-folded (quotes, dashes), searched in the
    folded text and bounded by `is_cs_boundary` (acronyms such as "US" that must not match
    "us")."""

    def __init__(self, phrases: dict[str, object], case_sensitive: bool = False):
        self._auto = ahocorasick.Automaton()
        self._boundary = is_cs_boundary if case_sensitive else is_boundary
        for phrase, payload in phrases.items():
            key = fold(phrase) if case_sensitive else norm(phrase)
            if key:
                self._auto.add_word(key, (len(key), payload))
        self._empty = len(self._auto) == 0
        if not self._empty:
            self._auto.make_automaton()

    def find(self, low: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, object]]:
        """All (start, end, payload) matches in low[start:end] on word boundaries, in order.

        The boundary tests of `is_boundary` / `is_cs_boundary` are inlined: this loop runs
        for every dictionary hit of every document.
        """
        if self._empty:
            return []
        n = len(low)
        end = n if end is None else end
        cs = self._boundary is is_cs_boundary
        out = []
        for last, (length, payload) in self._auto.iter(low, start, end):
            s, e = last - length + 1, last + 1
            if s > 0:
                b = low[s - 1]
                if b.isalnum() or (b == "_" and (cs or low[s].isalnum())) or (cs and b == "."):
                    continue
            if e < n:
                a = low[e]
                if a.isalnum() or (cs and a == "_"):
                    continue
            out.append((s, e, payload))
        out.sort(key=lambda m: (m[0], m[0] - m[1]))
        return out


class Lexicon:
    """Several phrase tables searched in one Aho-Corasick pass over a text.

    Every stage looks a document up in its own dictionaries (actor names, relation
    triggers, verbs of saying, modality and claim-type markers, frame words); one automaton
    over all of them scans each document once instead of once per dictionary. Per table,
    `scan` returns what `PhraseIndex.find` would (word-bounded matches, by start, longest
    first), or, for the tables named `unbounded`, what `PhraseIndex.starts` would.
    """

    def __init__(self, tables: dict[str, dict[str, object]],
                 unbounded: frozenset[str] | set[str] = frozenset()):
        self.tables = tuple(tables)
        self.unbounded = frozenset(unbounded)
        index = {cat: i for i, cat in enumerate(self.tables)}
        per_key: dict[str, tuple[list, list]] = {}  # key -> (bounded, unbounded) entries
        for cat, phrases in tables.items():
            keyed: dict[str, object] = {}
            for phrase, payload in phrases.items():
                key = norm(phrase)
                if key:
                    keyed[key] = payload  # a later phrase with the same form wins
            for key, payload in keyed.items():
                b, u = per_key.setdefault(key, ([], []))
                (u if cat in self.unbounded else b).append((index[cat], payload))
        self._auto = ahocorasick.Automaton()
        for key, (b, u) in per_key.items():
            self._auto.add_word(key, (len(key), tuple(b), tuple(i for i, _ in u)))
        self._empty = not per_key
        if not self._empty:
            self._auto.make_automaton()

    def scan(self, low: str) -> dict[str, list]:
        """Matches of every table in `low` (normalised text), table by table."""
        out: list[list] = [[] for _ in self.tables]
        if not self._empty:
            n = len(low)
            for last, (length, bounded, unbounded) in self._auto.iter(low):
                s = last - length + 1
                for i in unbounded:
                    out[i].append(s)
                if bounded:  # `is_boundary`, inlined
                    e = last + 1
                    b = low[s - 1] if s > 0 else " "
                    if b.isalnum() or (b == "_" and low[s].isalnum()) or \
                            (e < n and low[e].isalnum()):
                        continue
                    for i, payload in bounded:
                        out[i].append((s, e, payload))
        result = {}
        for cat, found in zip(self.tables, out):
            if cat in self.unbounded:
                found.sort()
            else:
                found.sort(key=_by_start_longest)
            result[cat] = found
        return result


def _by_start_longest(m: tuple[int, int, object]) -> tuple[int, int]:
    """Sort key: by start, the longest match first."""
    return m[0], m[0] - m[1]


def compile_words(words: tuple[str, ...] | list[str]) -> re.Pattern:
    """A regex matching any of `words` (normalised) on word boundaries, longest first."""
    alts = sorted({re.escape(norm(w)) for w in words if w}, key=len, reverse=True)
    if not alts:
        return re.compile(r"(?!x)x")
    return re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w])")


@lru_cache(maxsize=256)
def word_re(words: tuple[str, ...]) -> re.Pattern:
    """Cached `compile_words`."""
    return compile_words(words)


_SINGLE_OPEN = re.compile(r"(?:(?<=^)|(?<=[\s(\[—–-]))[‘'](?=[A-Z0-9])")
_SINGLE_CLOSE = re.compile(r"(?<=[.,!?…])[’'](?=\s|$|[)\]—–-])")


_QUOTE_CHARS = re.compile(r"[“\"‘']")
#: A British single quotation closes within this many characters of its opening or is not
#: one (an apostrophe, an unclosed quote).
SINGLE_QUOTE_REACH = 1500


def paired_quote_spans(text: str) -> tuple[tuple[int, int], ...]:
    """`quote_spans`, reading a doubled apostrophe ('' ... '') as a double quotation mark:
    the ASCII convention of some wire and archive text, where no quotation was seen at all
    (the sentence splitter then keeps a quotation of several sentences whole). Each pair is
    read as one `"` (the span keeps both characters)."""
    if "''" not in text:
        return quote_spans(text)
    alt = text.replace("''", '"\x01')
    out = []
    for s, e in quote_spans(alt):
        if e < len(alt) and alt[e] == "\x01":
            e += 1  # the closing pair's second apostrophe
        out.append((s, e))
    return tuple(out)


@lru_cache(maxsize=8192)
def quote_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of quotations: “...”, "..." and British ‘...’ / '...' (closing after punctuation).

    The spans are disjoint and in text order. A single quotation closes at the first
    closing mark after it when that is less than `SINGLE_QUOTE_REACH` characters away; the
    closing marks are found in one scan of the text and looked up by bisection (a search of
    the rest of the paragraph for each opening quote made many unclosed ' quadratic)."""
    spans: list[tuple[int, int]] = []
    n = len(text)
    closes: list[int] | None = None  # every single closing mark, found on first need
    m = _QUOTE_CHARS.search(text)
    while m is not None:
        i = m.start()
        ch = text[i]
        nxt = i + 1
        if ch in "“\"":
            close = "”" if ch == "“" else '"'
            j = text.find(close, i + 1)
            if j < 0:
                spans.append((i, n))
                break
            spans.append((i, j + 1))
            nxt = j + 1
        elif _SINGLE_OPEN.match(text, i):
            if closes is None:
                closes = [c.start() for c in _SINGLE_CLOSE.finditer(text)]
            k = bisect_left(closes, i + 1)
            if k < len(closes) and closes[k] - i < SINGLE_QUOTE_REACH:
                spans.append((i, closes[k] + 1))
                nxt = closes[k] + 1
        m = _QUOTE_CHARS.search(text, nxt)
    return tuple(spans)
