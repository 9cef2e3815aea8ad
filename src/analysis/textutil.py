"""Text helpers shared by the stages: length-preserving normalisation, tokens, phrase search.

Normalisation maps typographic quotes and dashes to ASCII and lowercases *one character for
one character*, so offsets found in the normalised text are offsets in the original.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from typing import NamedTuple

import ahocorasick

_MAP = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " ",
                      "\u2013": "-", "\u2014": "-", "\u2010": "-", "\u2011": "-", "\u00ab": '"',
                      "\u00bb": '"', "\u2032": "'", "\u02bc": "'"})
TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|\d+(?:[.,]\d+)*|\w+|'s\b|[^\w\s]")


def norm(text: str) -> str:
    """Lowercase and ASCII-fold quotes/dashes, preserving length (one char for one char)."""
    out = text.translate(_MAP)
    low = out.lower()
    if len(low) == len(out):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in out)


def fold(text: str) -> str:
    """ASCII-fold quotes and dashes without lowercasing (length preserving)."""
    return text.translate(_MAP)


class Token(NamedTuple):
    """A token with its offsets (a NamedTuple: cheap to create by the thousand)."""

    text: str
    low: str
    start: int
    end: int


def tokenize(text: str, low: str | None = None, offset: int = 0) -> list[Token]:
    """Tokens of `text` (offsets shifted by `offset`); `low` is its normalised form."""
    low = low if low is not None else norm(text)
    return [Token(text[m.start():m.end()], low[m.start():m.end()], m.start() + offset,
                  m.end() + offset) for m in TOKEN.finditer(low)]


def is_boundary(low: str, start: int, end: int) -> bool:
    """Whether [start, end) sits on word boundaries in `low`."""
    before = low[start - 1] if start > 0 else " "
    after = low[end] if end < len(low) else " "
    return not (before.isalnum() or (low[start].isalnum() and before == "_")) and not after.isalnum()


class PhraseIndex:
    """Aho-Corasick search for many phrases on word boundaries (case-insensitive)."""

    def __init__(self, phrases: dict[str, object]):
        self._auto = ahocorasick.Automaton()
        for phrase, payload in phrases.items():
            key = norm(phrase)
            if key:
                self._auto.add_word(key, (len(key), payload))
        self._empty = len(self._auto) == 0
        if not self._empty:
            self._auto.make_automaton()

    def find(self, low: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, object]]:
        """All (start, end, payload) matches in low[start:end] on word boundaries, in order."""
        if self._empty:
            return []
        end = len(low) if end is None else end
        out = []
        for last, (length, payload) in self._auto.iter(low, start, end):
            s = last - length + 1
            if is_boundary(low, s, last + 1):
                out.append((s, last + 1, payload))
        out.sort(key=lambda m: (m[0], -(m[1] - m[0])))
        return out

    def longest(self, low: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, object]]:
        """Non-overlapping matches, longest first then leftmost, returned in text order."""
        matches = sorted(self.find(low, start, end), key=lambda m: (-(m[1] - m[0]), m[0]))
        taken: list[tuple[int, int, object]] = []
        for m in matches:
            if all(m[1] <= t[0] or m[0] >= t[1] for t in taken):
                taken.append(m)
        return sorted(taken, key=lambda m: m[0])


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


def token_index(tokens: list[Token], offset: int) -> int:
    """Index of the first token starting at or after `offset`."""
    return bisect_left([t.start for t in tokens], offset)


_SINGLE_OPEN = re.compile(r"(?:(?<=^)|(?<=[\s(\[—–-]))[‘'](?=[A-Z0-9])")
_SINGLE_CLOSE = re.compile(r"(?<=[.,!?…])[’'](?=\s|$|[)\]—–-])")


_QUOTE_CHARS = re.compile(r"[“\"‘']")


@lru_cache(maxsize=8192)
def quote_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of quotations: “...”, "..." and British ‘...’ / '...' (closing after punctuation)."""
    spans: list[tuple[int, int]] = []
    n = len(text)
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
            c = _SINGLE_CLOSE.search(text, i + 1)
            if c and c.start() - i < 1500:
                spans.append((i, c.end()))
                nxt = c.end()
        m = _QUOTE_CHARS.search(text, nxt)
    return tuple(spans)
