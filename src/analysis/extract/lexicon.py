"""One scan of each document for every dictionary of the codebook.

The actor names (`actors`), verbs of saying, frame words, modality and claim-type markers
(`claims`) and relation triggers (`relations`) are all phrase dictionaries looked up in a
document's normalised text. They are compiled into one `textutil.Lexicon` per codebook, and
each document is scanned once; the stages read their own table from `doc_hits`.
"""
from __future__ import annotations

from analysis.codebook import Codebook
from analysis.records import Document
from analysis.text.textutil import Lexicon

#: Tables whose matches are start offsets of any occurrence, word boundaries or not (where
#: a frame pattern may begin: `docindex.DocIndex.may_match`).
UNBOUNDED = frozenset({"frame:anon_frame_re", "frame:according_re", "frame:release_re",
                       "numbers"})

_LEXICONS: dict[int, tuple[Codebook, Lexicon]] = {}


def lexicon_for(cb: Codebook) -> Lexicon:
    """The codebook's lexicon (built once per codebook)."""
    entry = _LEXICONS.get(id(cb))
    if entry is None or entry[0] is not cb:
        from analysis.extract.actors import matcher_for
        from analysis.extract.claims import extractor_for
        from analysis.extract.relations import trigger_table

        x = extractor_for(cb)
        tables: dict[str, dict[str, object]] = {
            "actors": matcher_for(cb).phrases,
            "markers": x.marker_table,
            "cues": {f: f for f in x.cue_forms},
            "relations": trigger_table(cb),
            "nominal": {f: f for f in x.nominal.by_form},
        }
        from analysis.extract.claims import NUMBER_WORDS

        tables["numbers"] = {w: w for w in NUMBER_WORDS}  # where a quantity may start
        for name, words in x.frame_words.items():
            tables[f"frame:{name}"] = {w: w for w in words}
        entry = _LEXICONS[id(cb)] = (cb, Lexicon(tables, UNBOUNDED))
    return entry[1]


def doc_hits(doc: Document, cb: Codebook) -> dict[str, list]:
    """Every dictionary's matches in a document (scanned on first use, then kept)."""
    if doc._hits is None:
        doc._hits = lexicon_for(cb).scan(doc.low)
    return doc._hits
