"""The processed tables' schema: one source of truth for columns, types and meanings.

`tables.py` checks frames against it before writing and renders `datapackage.json` from it;
the report's data dictionary and the tests read it too. Column order here is file order.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property


@dataclass(frozen=True)
class Column:
    """One column of a processed table."""

    name: str
    type: str  # Frictionless type: string, integer, number, boolean, date
    description: str
    required: bool = False


@dataclass(frozen=True)
class Table:
    """One processed table: file name, meaning, columns and sort key."""

    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]

    @property
    def path(self) -> str:
        """File name relative to the processed folder."""
        return f"{self.name}.csv"

    @cached_property
    def names(self) -> list[str]:
        """Column names in file order (computed once: a list, not to be mutated)."""
        return [c.name for c in self.columns]


def _c(name: str, type_: str, description: str, required: bool = False) -> Column:
    return Column(name, type_, description, required)


LIST = "`;`-separated list"

DOCUMENTS = Table(
    "documents",
    "One row per article listed in the manifest, after cleaning.",
    (
        _c("doc_id", "string", "Document id from the manifest", True),
        _c("title", "string", "Title from the manifest"),
        _c("outlet", "string", "Outlet name from the manifest"),
        _c("outlet_id", "string", "Codebook actor id of the outlet (empty if unknown)"),
        _c("published", "string", "Publication date (ISO 8601) from the manifest"),
        _c("url", "string", "Source URL from the manifest"),
        _c("language", "string", "Language code from the manifest"),
        _c("path", "string", "Article file, relative to the manifest's folder"),
        _c("sha256", "string", "sha256 of the raw article file", True),
        _c("clean_sha256", "string", "sha256 of the cleaned text all offsets point into"),
        _c("n_chars", "integer", "Characters in the cleaned text"),
        _c("n_words", "integer", "Words in the cleaned text"),
        _c("n_paragraphs", "integer", "Paragraphs in the cleaned text"),
        _c("n_sentences", "integer", "Sentences in the cleaned text"),
        _c("boilerplate_lines", "integer", "Raw lines dropped as outlet boilerplate"),
    ),
    ("doc_id",),
)

SENTENCES = Table(
    "sentences",
    "Sentences of the cleaned text with offsets (cleaned and raw).",
    (
        _c("doc_id", "string", "Document id", True),
        _c("sent_id", "integer", "Sentence number within the document, from 0", True),
        _c("par_id", "integer", "Paragraph number within the document, from 0", True),
        _c("start", "integer", "Start offset in the cleaned text", True),
        _c("end", "integer", "End offset (exclusive) in the cleaned text", True),
        _c("raw_start", "integer", "Start offset in the raw file's decoded text"),
        _c("raw_end", "integer", "End offset (exclusive) in the raw file's decoded text"),
        _c("text", "string", "Sentence text", True),
    ),
    ("doc_id", "sent_id"),
)

ACTORS = Table(
    "actors",
    "Every actor mentioned in the corpus plus all its ancestors, from the codebook.",
    (
        _c("actor_id", "string", "Codebook id; a state's id is its ISO 3166-1 alpha-3 code", True),
        _c("name", "string", "Canonical name", True),
        _c("type", "string", "state, government, military, person, media, source_group, "
           "armed_group, international_org or bloc", True),
        _c("country", "string", "ISO3 of the state the actor belongs to (empty: none)"),
        _c("parent_id", "string", "Organisation the actor belongs to (empty: none)"),
        _c("backed_by", "string", "ISO3 of the state backing a de facto entity or armed group"),
        _c("state", "string", "State the actor collapses to in the state-level network"),
        _c("origin", "string", "codebook (curated) or pattern (built from a rule, e.g. "
           "'pro-X sources')"),
        _c("n_mentions", "integer", "Mentions in the corpus (0 for ancestors only)"),
    ),
    ("actor_id",),
)

MENTIONS = Table(
    "mentions",
    "Actor mentions resolved to codebook actors, with offsets into the cleaned text.",
    (
        _c("doc_id", "string", "Document id", True),
        _c("sent_id", "integer", "Sentence number", True),
        _c("start", "integer", "Start offset in the cleaned text", True),
        _c("end", "integer", "End offset in the cleaned text", True),
        _c("surface", "string", "Text as it stands", True),
        _c("actor_id", "string", "Resolved actor", True),
        _c("rule", "string", "Resolution rule: alias, demonym_np, title_name, possessive, "
           "pattern, coreference"),
    ),
    ("doc_id", "start", "end", "actor_id"),
)

CLAIMS = Table(
    "claims",
    "Every assertion: content, claimant, cue, polarity, modality, type, actors, places, "
    "quantities and contested links.",
    (
        _c("claim_id", "string", "Claim id: doc_id + '-c' + number in text order", True),
        _c("doc_id", "string", "Document id", True),
        _c("sent_id", "integer", "Sentence holding the claim", True),
        _c("start", "integer", "Start offset of the claimed content in the cleaned text", True),
        _c("end", "integer", "End offset of the claimed content in the cleaned text", True),
        _c("text", "string", "The asserted content as it stands in the sentence", True),
        _c("claimant_id", "string", "Actor id of who asserts it (the outlet for author claims)"),
        _c("claimant_surface", "string", "How the claimant is named in the text"),
        _c("attribution", "string", "author, named, group or anonymous", True),
        _c("cue", "string", "Attribution cue (said, according to, deny, reports, ...)"),
        _c("polarity", "string", "affirm or deny", True),
        _c("modality", "string", "asserted, hedged, conditional or forecast", True),
        _c("modality_cue", "string", "Words that set the modality"),
        _c("claim_type", "string", "Claim type from the codebook vocabulary", True),
        _c("cameo", "string", "CAMEO code of the claim type, where one exists"),
        _c("subject_ids", "string", f"Actors the claim is about as agents ({LIST})"),
        _c("object_ids", "string", f"Actors the claim is about as targets ({LIST})"),
        _c("places", "string", f"Places named in the claim ({LIST})"),
        _c("quantities", "string", f"Quantities as 'number unit' ({LIST})"),
        _c("loaded", "string", f"Loaded-language labels in the claim ({LIST})"),
        _c("contested_with", "string", f"Claims that disagree about the same event ({LIST})"),
        _c("origin", "string", "extracted or manual (an analyst correction)", True),
        _c("cue_class", "string", "Class of the cue: assertion, denial, belief, intention, "
           "knowledge, evaluation, stance or request (codebook cues.yaml `classes`); empty "
           "for the author's voice"),
    ),
    ("doc_id", "start", "end", "claim_id"),
)

RELATIONS = Table(
    "relations",
    "Typed, signed actor->actor relations, each from one claim.",
    (
        _c("relation_id", "string", "Relation id: claim_id + '-r' + number", True),
        _c("doc_id", "string", "Document id", True),
        _c("claim_id", "string", "Claim the relation comes from", True),
        _c("sent_id", "integer", "Sentence of the claim"),
        _c("start", "integer", "Start offset of the relation trigger in the cleaned text"),
        _c("end", "integer", "End offset of the relation trigger"),
        _c("trigger", "string", "Words that express the relation"),
        _c("source_id", "string", "Acting actor", True),
        _c("target_id", "string", "Actor acted upon", True),
        _c("relation", "string", "Relation type from the codebook lexicon", True),
        _c("sign", "integer", "1 cooperative, -1 hostile, 0 neutral", True),
        _c("cameo", "string", "CAMEO code"),
        _c("plover", "string", "PLOVER event type"),
        _c("asserted_by", "string", "Claimant of the claim (actor id)", True),
        _c("attribution", "string", "Attribution of the claim"),
        _c("modality", "string", "Modality of the claim"),
        _c("polarity", "string", "Polarity of the claim"),
        _c("source_state", "string", "State of the source actor"),
        _c("target_state", "string", "State of the target actor"),
    ),
    ("doc_id", "claim_id", "relation_id"),
)

LOADED = Table(
    "loaded_language",
    "Evaluative labels and framing devices, with the actor each targets.",
    (
        _c("doc_id", "string", "Document id", True),
        _c("claim_id", "string", "Claim holding the expression"),
        _c("sent_id", "integer", "Sentence number", True),
        _c("start", "integer", "Start offset in the cleaned text", True),
        _c("end", "integer", "End offset in the cleaned text", True),
        _c("surface", "string", "Expression as it stands", True),
        _c("label", "string", "Lexicon entry (e.g. regime, scare_quotes)", True),
        _c("device", "string", "Kind of device: label, framing, scare_quotes, ..."),
        _c("target_id", "string", "Actor the expression targets (empty if none found)"),
    ),
    ("doc_id", "start", "end", "label"),
)

UNRESOLVED = Table(
    "unresolved",
    "Capitalised names the codebook does not know, for growing the codebook.",
    (
        _c("doc_id", "string", "Document id", True),
        _c("sent_id", "integer", "Sentence number", True),
        _c("start", "integer", "Start offset in the cleaned text", True),
        _c("end", "integer", "End offset in the cleaned text", True),
        _c("surface", "string", "The name", True),
        _c("kind", "string", "place (a known place name) or unknown"),
        _c("sentence", "string", "The sentence, for context"),
    ),
    ("doc_id", "start", "end"),
)

FLAGS = Table(
    "flags",
    "Reference-consistency flags: a title and a name that disagree with dated offices.",
    (
        _c("doc_id", "string", "Document id", True),
        _c("sent_id", "integer", "Sentence number", True),
        _c("start", "integer", "Start offset in the cleaned text", True),
        _c("end", "integer", "End offset in the cleaned text", True),
        _c("surface", "string", "Title + name as it stands", True),
        _c("actor_id", "string", "Person the name resolves to (empty if unknown)"),
        _c("office_id", "string", "Office the title names"),
        _c("expected_id", "string", "Holder of that office on the publication date"),
        _c("problem", "string", "What is inconsistent, in one sentence", True),
    ),
    ("doc_id", "start", "end"),
)

EDGES = Table(
    "edges",
    "Edge list of the actor network (one row per relation) for tools that read CSV.",
    (
        _c("source_id", "string", "Source actor", True),
        _c("target_id", "string", "Target actor", True),
        _c("relation", "string", "Relation type", True),
        _c("sign", "integer", "1, -1 or 0", True),
        _c("modality", "string", "Modality of the claim"),
        _c("claim_id", "string", "Claim", True),
        _c("relation_id", "string", "Relation", True),
        _c("doc_id", "string", "Document", True),
        _c("asserted_by", "string", "Claimant"),
        _c("source_state", "string", "State of the source"),
        _c("target_state", "string", "State of the target"),
    ),
    ("relation_id",),
)

STATE_EDGES = Table(
    "state_edges",
    "State-level network: actors collapsed to their states, signed weights summed "
    "(undirected).",
    (
        _c("a", "string", "State (ISO3), alphabetically first", True),
        _c("b", "string", "State (ISO3), alphabetically second", True),
        _c("weight", "integer", "Sum of relation signs", True),
        _c("sign", "integer", "Sign of the sum", True),
        _c("n_positive", "integer", "Cooperative relations"),
        _c("n_negative", "integer", "Hostile relations"),
        _c("n_neutral", "integer", "Neutral relations"),
        _c("relation_ids", "string", f"Relations behind the edge ({LIST})"),
    ),
    ("a", "b"),
)

NODES = Table(
    "nodes",
    "Actor- and state-level node metrics and blocs.",
    (
        _c("level", "string", "actor or state", True),
        _c("node_id", "string", "Actor id or ISO3", True),
        _c("name", "string", "Name"),
        _c("type", "string", "Actor type"),
        _c("state", "string", "State the node collapses to"),
        _c("degree", "integer", "Number of incident relations"),
        _c("weighted_degree", "integer", "Sum of incident signs"),
        _c("betweenness", "number", "Betweenness centrality (unsigned, undirected)"),
        _c("bloc", "integer", "Bloc from the signed partition (state level; -1 none)"),
    ),
    ("level", "node_id"),
)

TRIADS = Table(
    "triads",
    "Every closed triad of the signed state graph, balanced or not.",
    (
        _c("a", "string", "State", True),
        _c("b", "string", "State", True),
        _c("c", "string", "State", True),
        _c("sign_ab", "integer", "Sign a-b", True),
        _c("sign_bc", "integer", "Sign b-c", True),
        _c("sign_ac", "integer", "Sign a-c", True),
        _c("balanced", "boolean", "Product of the signs is positive", True),
    ),
    ("a", "b", "c"),
)

CONTRACT: tuple[Table, ...] = (DOCUMENTS, SENTENCES, ACTORS, MENTIONS, CLAIMS, RELATIONS)
EXTRA: tuple[Table, ...] = (LOADED, UNRESOLVED, FLAGS, EDGES, STATE_EDGES, NODES, TRIADS)
ALL: tuple[Table, ...] = CONTRACT + EXTRA
BY_NAME: dict[str, Table] = {t.name: t for t in ALL}
