"""Helpers the test modules share (importable because pytest puts `tests/` on sys.path)."""
from __future__ import annotations

import subprocess
import sys
from typing import Any, NamedTuple

from analysis import config
from analysis.extract.actors import resolve
from analysis.extract.claims import extract_claims
from analysis.codebook import Codebook
from analysis.ingest.corpus import RawDoc, ingest
from analysis.extract.relations import extract_relations


def run_report(*args: str, timeout: int = 900) -> subprocess.CompletedProcess:
    """Run `python -m analysis.report ARGS` in a child process; return the result."""
    return subprocess.run(
        [sys.executable, "-m", "analysis.report", *args],
        cwd=config.ROOT, capture_output=True, text=True, timeout=timeout,
    )


class Extracted(NamedTuple):
    """Every per-document layer of one written text, as the build computes them."""

    doc: Any
    mentions: list
    places: list
    flags: list
    unresolved: list
    claims: list
    loaded: list
    relations: list


def extract_text(cb: Codebook, text: str, published: str = "2020-09-27",
                 outlet: str = "SouthFront", outlet_id: str = "SOUTHFRONT") -> Extracted:
    """Run ingest, actors, claims and relations on `text`, a one-article corpus of its own."""
    raw = RawDoc("t", {"doc_id": "t", "outlet": outlet, "published": published, "title": ""},
                 "0" * 64, text)
    doc = ingest(raw, cb)
    mentions, places, flags, unresolved = resolve(doc, cb)
    claims, loaded = extract_claims(doc, mentions, places, cb, outlet_id)
    return Extracted(doc, mentions, places, flags, unresolved, claims, loaded,
                     extract_relations(doc, claims, mentions, cb))


def claims_of(cb: Codebook, text: str):
    """The claims of one short text written in a test (published 2021-03-04)."""
    return extract_text(cb, text, "2021-03-04").claims


def claim_with(claims, words: str):
    """The first claim whose text holds `words` (fails the test, listing them, if none)."""
    found = [c for c in claims if words in c.text]
    assert found, f"no claim holds {words!r}: {[c.text for c in claims]}"
    return found[0]


def claim_fields(claims, words: str, want: dict) -> dict:
    """The fields named in `want` of the first claim whose text holds `words`, for one
    comparison that shows every field at once when a case fails."""
    c = claim_with(claims, words)
    return {k: getattr(c, k) for k in want}
