"""Quantities in a claim ('at least 39 people'): numbers with their unit and qualifier.

A claim's numbers are what contested links compare (same unit, different number); dates,
years, ordinals and durations are not quantities and are skipped here.
"""
from __future__ import annotations

import re

from analysis.codebook.model import Grammar
from analysis.extract.clauses import _rx

_DIGIT = re.compile(r"\d")
#: Longest text a quantity match can start before its number ("an estimated" + spaces).
_QUAL_REACH = 40


def number_word_re(g: Grammar) -> re.Pattern:
    """A number word of grammar.yaml as a whole word (compiled once per word list)."""
    return _rx(r"\b(?:" + "|".join(g.numbers("quantities", "number_words")) + r")\b", re.I)


class QuantityParser:
    """Quantities in a claim as 'number unit', from grammar.yaml's `quantities` words
    (compiled once per pipeline; the rules' shape is here, the words are data)."""

    def __init__(self, g: Grammar) -> None:
        def alt(key: str) -> str:
            return "|".join(g.words("quantities", key))

        self.values = g.numbers("quantities", "number_words")
        words = "|".join(self.values)
        self.number_word = number_word_re(g)
        self.qty = re.compile(
            r"(?P<qual>\b(?:" + alt("qualifiers") + r")\s+)?"
            r"(?P<num>(?<![\w.])\d[\d,]*(?:\.\d+)?|\b(?:" + words + r"))\b"
            r"(?P<rest>(?:\s+(?!\d)[\w-]+){0,3})", re.I)
        self.ordinal = re.compile(r"(" + alt("ordinal_suffixes") + r")\b")
        self.months = g.words("quantities", "months")
        self.time_units = frozenset(g.words("quantities", "time_units"))
        self.stops = frozenset(g.words("quantities", "unit_stops"))
        self.units = frozenset(g.words("quantities", "units"))
        self.comparatives = g.words("quantities", "comparatives")

    def first_number(self, text: str) -> int:
        """Offset of the first digit or number word in `text` (-1 when none).

        The digit scan is a plain character class, and the number-word pattern only runs
        when one of the words occurs at all."""
        d = _DIGIT.search(text)
        first = d.start() if d else -1
        head = (text[:first] if d else text).lower()  # a number word must end before the digit
        if any(w in head for w in self.values):
            w = self.number_word.search(text)
            if w and (first < 0 or w.start() < first):
                return w.start()
        return first

    def __call__(self, text: str, first: int | None = None) -> list[str]:
        """Quantities in a claim as 'number unit' (qualifier kept: 'at least 39 people').

        `first` is the offset of the text's first digit or number word when the caller knows
        it (-1: none); it is found here otherwise."""
        out: list[str] = []
        first = self.first_number(text) if first is None else first
        if first < 0:
            return out
        last_unit = ""
        low = text.lower()
        number_of = _rx(r"number of\s+(?:\W*\w+\W*\s+){0,2}?(\w+s)\b").search(low) \
            if "number of" in low else None
        # no quantity starts long before the first number: skip the scan of the text before it
        for m in self.qty.finditer(text, max(0, first - _QUAL_REACH)):
            q = self._quantity(m, text)
            if q is None:
                continue
            qual, value, unit = q
            if not unit:
                unit = last_unit or (number_of.group(1) if number_of else "")
            last_unit = unit or last_unit
            out.append(" ".join(x for x in (qual, value, unit) if x))
        return out

    def _quantity(self, m: re.Match, text: str) -> tuple[str, str, str] | None:
        """(qualifier, value, unit) of one number match, None when it is no quantity (an
        ordinal, a date, a name, a duration, a year, a number word without a unit)."""
        num = m.group("num")
        before = text[max(0, m.start("num") - 12):m.start("num")].lower()
        after = text[m.end("num"):m.end("num") + 3].lower()
        if self.ordinal.match(after) or before.rstrip().endswith(self.months):
            return None
        if _rx(r"[A-Z][\w-]*\s$").search(text[max(0, m.start("num") - 15):m.start("num")]) \
                and num.isdigit() and not before.strip().endswith(self.comparatives):
            return None  # "Exercise 2020", "Group of Seven"
        words = (m.group("rest") or "").split()
        unit = ""
        for w in words[:3]:
            wl = w.lower().strip(",.")
            if wl in self.stops:
                break
            if wl in self.time_units:
                return None
            if wl.endswith("s") or wl in self.units:
                unit = wl
                break
        value = num.replace(",", "")
        if value.isdigit() and 1900 <= int(value) <= 2100 and not unit:
            return None
        if not value.replace(".", "").isdigit():
            value = str(self.values.get(value.lower(), value))
            if not unit:
                return None
        return (m.group("qual") or "").strip().lower(), value, unit
