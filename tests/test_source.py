"""The source, content span and coreference of attributions, on sentences written for
these tests: who a claim is attributed to, and how far its content reaches."""
from __future__ import annotations

from analysis.extract.clauses import split_clauses
from analysis.records import Sentence
from helpers import extract_text


def claims_of(cb, text: str):
    return extract_text(cb, text, "2021-03-04").claims


def claim_with(claims, words: str):
    found = [c for c in claims if words in c.text]
    assert found, f"no claim holds {words!r}: {[c.text for c in claims]}"
    return found[0]


def _clauses(text: str) -> list[str]:
    sent = Sentence(doc_id="t", sent_id=0, par_id=0, start=0, end=len(text), text=text)
    return [text[s:e] for s, e, _ in split_clauses(sent)]


# -- content span ---------------------------------------------------------------------------
def test_paired_dashes_enclose_a_parenthesis_not_clauses(cb):
    text = 'The governor said the plan - called Operation Green Field - was "a waste of money".'
    assert len(_clauses(text)) == 1
    c = claim_with(claims_of(cb, text), "a waste of money")
    assert c.claimant_surface == "The governor" and c.attribution == "named"


def test_a_single_dash_still_cuts(cb):
    assert len(_clauses("The mayor resigned on Monday - a move few had expected.")) == 2
