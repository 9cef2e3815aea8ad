"""One scan of each document for every dictionary of the codebook.

The actor names (`actors`), verbs of saying, frame words, modality and claim-type markers
(`claims`) and relation triggers (`relations`) are all phrase dictionaries looked up in a
document's normalised text. They are compiled into one `textutil.Lexicon` per pipeline
(`extract.pipeline`), each document is scanned once, and the stages read their own table
from `doc_hits`.
"""
from __future__ import annotations

from analysis.codebook import Codebook
from analysis.records import Document

#: Tables whose matches are start offsets of any occurrence, word boundaries or not (where
#: a frame pattern may begin: `docindex.DocIndex.may_match`).
UNBOUNDED = frozenset({"frame:anon_frame_re", "frame:according_re", "frame:release_re",
                       "numbers"})


def doc_hits(doc: Document, cb: Codebook) -> dict[str, list]:
    """Every dictionary's matches in a document: the scan its pipeline made
    (`extract.pipeline.Pipeline.scan`, before any component runs)."""
    if doc._hits is None:
        raise ValueError(f"{doc.doc_id}: the document was not scanned (Pipeline.scan)")
    return doc._hits
