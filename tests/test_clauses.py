"""Clause splitting (extract/clauses.py ClauseSplitter), its words from grammar.yaml
`clauses`: sentences written for these tests, where each cut falls and which clause is an
if-clause; a word taken out of the codebook no longer cuts."""
from __future__ import annotations

import dataclasses
from types import SimpleNamespace

from analysis.codebook.model import Grammar
from analysis.extract.clauses import ClauseSplitter


def clauses(split: ClauseSplitter, text: str) -> list[tuple[str, bool]]:
    sent = SimpleNamespace(text=text, start=0)
    return [(text[s:e], c) for s, e, c in split(sent)]


def test_cuts_and_if_clauses(cb):
    split = ClauseSplitter(cb)
    assert clauses(split, "The ferry left; the pier stayed shut") == [
        ("The ferry left", False), ("the pier stayed shut", False)]
    assert clauses(split, "The mayor agreed, whereas the council refused") == [
        ("The mayor agreed", False), ("whereas the council refused", False)]
    assert clauses(split, "The mayor agreed, and the council refused") == [
        ("The mayor agreed, and the council refused", False)]  # no contrast: no cut
    assert clauses(split, "Tolls rose, a claim that was denied") == [
        ("Tolls rose", False), ("a claim that was denied", False)]
    assert len(clauses(split, "Tolls rose, a claim the council made")) == 1
    assert clauses(split, "But if the report is true, the toll, which rose, will fall") == [
        ("But if the report is true", True), (" the toll, which rose, will fall", False)]
    assert clauses(split, "Unless it rains, the fair opens") == [
        ("Unless it rains", True), (" the fair opens", False)]


def test_trim_drops_joining_words_and_edges(cb):
    split = ClauseSplitter(cb)
    text = ", that the toll rose;"
    s, e = split.trim(text, 0, len(text))
    assert text[s:e] == "the toll rose"
    text = " and the toll rose"  # 'and' is no joining word of the codebook
    s, e = split.trim(text, 0, len(text))
    assert text[s:e] == "and the toll rose"


def test_a_word_out_of_the_codebook_no_longer_cuts(cb):
    sections = {k: dict(v) for k, v in cb.grammar.sections.items()}
    sections["clauses"]["contrast_conjunctions"] = ("but", "while", "although")
    split = ClauseSplitter(dataclasses.replace(cb, grammar=Grammar(sections)))
    assert len(clauses(split, "The mayor agreed, whereas the council refused")) == 1
    assert len(clauses(split, "The mayor agreed, but the council refused")) == 2

