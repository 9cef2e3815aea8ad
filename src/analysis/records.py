"""The record types every stage speaks, from ingest to report: one vocabulary.

Offsets (`start`, `end`) always point into the document's cleaned text (`Document.text`);
`Document.to_raw` maps them back to the raw file's decoded text.

The value records (sentences, mentions, places, flags, names, loaded language, relations)
are hashable but not frozen: a frozen dataclass sets every field through
`object.__setattr__`, which made creating them seven times slower (about 1.2 against 0.17
microseconds each, measured), and a document creates hundreds. Treat them as immutable:
no stage changes a record after creating it.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field


@dataclass(slots=True, unsafe_hash=True)
class Sentence:
    """A sentence of the cleaned text."""

    doc_id: str
    sent_id: int
    par_id: int
    start: int
    end: int
    text: str
    heading: bool = False


@dataclass(slots=True)
class Document:
    """An ingested article: manifest metadata, raw and cleaned text, sentences."""

    doc_id: str
    meta: dict[str, str]
    sha256: str
    raw_text: str
    text: str
    segments: list[tuple[int, int, int]]  # (clean_start, raw_start, length) per paragraph
    paragraphs: list[tuple[int, int]]
    sentences: list[Sentence]
    boilerplate_lines: int = 0
    _low: str | None = field(default=None, repr=False, compare=False)
    _seg_starts: list[int] | None = field(default=None, repr=False, compare=False)
    _hits: dict | None = field(default=None, repr=False, compare=False)  # lexicon.doc_hits

    @property
    def low(self) -> str:
        """The normalised text (lowercase, ASCII quotes), computed once per document."""
        if self._low is None:
            from analysis.text.textutil import norm

            self._low = norm(self.text)
        return self._low

    def to_raw(self, offset: int) -> int:
        """Map an offset in the cleaned text to the raw decoded text."""
        if not self.segments:
            return offset
        if self._seg_starts is None:
            self._seg_starts = [s[0] for s in self.segments]
        i = max(0, bisect_right(self._seg_starts, offset) - 1)
        clean_start, raw_start, _ = self.segments[i]
        return raw_start + (offset - clean_start)


@dataclass(slots=True, unsafe_hash=True)
class Mention:
    """A span of text resolved to an actor."""

    doc_id: str
    sent_id: int
    start: int
    end: int
    surface: str
    actor_id: str
    rule: str


@dataclass(slots=True, unsafe_hash=True)
class PlaceRef:
    """A span of text naming a place (including states named only as places)."""

    doc_id: str
    sent_id: int
    start: int
    end: int
    surface: str
    name: str
    country: str


@dataclass(slots=True, unsafe_hash=True)
class Flag:
    """A reference-consistency problem: a title and a name that disagree with the codebook."""

    doc_id: str
    sent_id: int
    start: int
    end: int
    surface: str
    actor_id: str
    office_id: str
    expected_id: str
    problem: str


@dataclass(slots=True, unsafe_hash=True)
class Unresolved:
    """A capitalised name the codebook does not know."""

    doc_id: str
    sent_id: int
    start: int
    end: int
    surface: str
    kind: str
    sentence: str


@dataclass(slots=True)
class Claim:
    """An assertion with its claimant, cue, polarity, modality, type and participants."""

    claim_id: str
    doc_id: str
    sent_id: int
    start: int
    end: int
    text: str
    claimant_id: str
    claimant_surface: str
    attribution: str
    cue: str
    polarity: str
    modality: str
    modality_cue: str
    claim_type: str
    cameo: str = ""
    subject_ids: list[str] = field(default_factory=list)
    object_ids: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    quantities: list[str] = field(default_factory=list)
    loaded: list[str] = field(default_factory=list)
    contested_with: list[str] = field(default_factory=list)
    origin: str = "extracted"
    cue_class: str = ""  # class of the cue (cues.yaml `classes`); "" for the author's voice
    #: read inside another claim's content ("X said that Y claimed C": Y's claim C); not a
    #: column: its relations are read once, from the outer claim, under the outer claimant
    nested: bool = field(default=False, compare=False)


@dataclass(slots=True, unsafe_hash=True)
class LoadedUse:
    """A loaded-language expression and the actor it targets."""

    doc_id: str
    claim_id: str
    sent_id: int
    start: int
    end: int
    surface: str
    label: str
    device: str
    target_id: str


@dataclass(slots=True, unsafe_hash=True)
class Relation:
    """A typed, signed actor->actor relation taken from one claim."""

    relation_id: str
    doc_id: str
    claim_id: str
    sent_id: int
    start: int
    end: int
    trigger: str
    source_id: str
    target_id: str
    relation: str
    sign: int
    cameo: str
    plover: str
    asserted_by: str
    attribution: str
    modality: str
    polarity: str


@dataclass(slots=True)
class DocResult:
    """Everything extracted from one document (the output of the per-document stages)."""

    document: Document
    mentions: list[Mention]
    places: list[PlaceRef]
    flags: list[Flag]
    unresolved: list[Unresolved]
    claims: list[Claim]
    loaded: list[LoadedUse]
    relations: list[Relation]
