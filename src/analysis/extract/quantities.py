"""Quantities in a claim ('at least 39 people'): numbers with their unit and qualifier.

A claim's numbers are what contested links compare (same unit, different number); dates,
years, ordinals and durations are not quantities and are skipped here.
"""
from __future__ import annotations

import re

from analysis.extract.clauses import _rx

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

