"""Inflected forms of a verb lemma, so the cue codebook lists lemmas, not every form.

The rule is regular English morphology (no model or word list to download):
third person -s/-es/-ies, past -d/-ed/-ied, participle -ing (silent e dropped, -ie -> -ying).
A lemma whose final consonant doubles ("plan" -> "planned") says `double: true`; irregular
forms ("said", "thought") are listed in the entry's `forms`. A phrasal lemma ("call for")
inflects its first word and keeps the rest.
"""
from __future__ import annotations

_VOWELS = "aeiou"


def _third(w: str) -> str:
    if w.endswith(("s", "x", "z", "ch", "sh", "o")):
        return w + "es"
    if w.endswith("y") and len(w) > 1 and w[-2] not in _VOWELS:
        return w[:-1] + "ies"
    return w + "s"


def _past(w: str, double: bool) -> str:
    if w.endswith("e"):
        return w + "d"
    if w.endswith("y") and len(w) > 1 and w[-2] not in _VOWELS:
        return w[:-1] + "ied"
    return w + (w[-1] if double else "") + "ed"


def _ing(w: str, double: bool) -> str:
    if w.endswith("ie"):
        return w[:-2] + "ying"
    if w.endswith("e") and not w.endswith(("ee", "ye", "oe")) and len(w) > 2:
        return w[:-1] + "ing"
    return w + (w[-1] if double else "") + "ing"


def inflections(lemma: str, double: bool = False) -> tuple[str, ...]:
    """The lemma and its regular forms: 'criticize' -> criticize, criticizes, criticized,
    criticizing; 'call for' -> call for, calls for, called for, calling for."""
    head, _, rest = lemma.strip().partition(" ")
    tail = f" {rest}" if rest else ""
    forms = (head, _third(head), _past(head, double), _ing(head, double))
    return tuple(dict.fromkeys(f + tail for f in forms))
