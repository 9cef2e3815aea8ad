"""The processed tables' schema: one source of truth for columns, types and meanings.

`tables.py` checks tables against it before writing and renders `datapackage.json` from it;
the report's data dictionary and the tests read it too. Column order here is file order.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Iterable

from analysis.vocab import SIGNS, ActorType, Attribution, Modality, Origin, Polarity


@dataclass(frozen=True)
class Column:
    """One column of a processed table."""

    name: str
    type: str  # Frictionless type: string, integer, number, boolean, date
    description: str
    required: bool = False
    #: the closed vocabulary of the column (`vocab.py`); an empty cell is allowed unless
    #: the column is required
    enum: tuple[str, ...] = ()
    #: a list cell: items joined by this delimiter (Frictionless type `list`)
    delimiter: str = ""
    #: Frictionless format ("any" for a date that may carry an ISO time)
    format: str = ""


@dataclass(frozen=True)
class ForeignKey:
    """Columns of a table that must hold a key of another table (empty cells excepted)."""

    fields: tuple[str, ...]
    table: str
    ref: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """One processed table: file name, meaning, columns and sort key."""

    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()

    @property
    def path(self) -> str:
        """File name relative to the processed folder."""
        return f"{self.name}.csv"

    @property
    def parquet_path(self) -> str:
        """File name of the table's Parquet copy."""
        return f"{self.name}.parquet"

    @cached_property
    def names(self) -> list[str]:
        """Column names in file order (computed once: a list, not to be mutated)."""
        return [c.name for c in self.columns]


def _c(name: str, type_: str, description: str, required: bool = False,
       enum: Iterable[str] = ()) -> Column:
    return Column(name, type_, description, required, tuple(enum))


LIST = "`;`-separated list"
DELIMITER = ";"


def _l(name: str, description: str) -> Column:
    """A list column: `;`-separated strings in the CSV, a list of strings in Parquet."""
    return Column(name, "string", f"{description} ({LIST})", delimiter=DELIMITER)


def _columns_of(table: "Table", *names: str) -> tuple[Column, ...]:
    """Columns another table copies as they are (same name, type, meaning and values)."""
    by_name = {c.name: c for c in table.columns}
    return tuple(by_name[n] for n in names)


def _fk(fields: str, table: str, ref: str = "") -> ForeignKey:
    """`fields` (space-separated) refer to `ref` (default: the same names) of `table`."""
    return ForeignKey(tuple(fields.split()), table, tuple((ref or fields).split()))


def _vals(enum: type) -> tuple[str, ...]:
    return tuple(m.value for m in enum)


ATTRIBUTIONS, POLARITIES = _vals(Attribution), _vals(Polarity)
MODALITIES, ORIGINS, ACTOR_TYPES = _vals(Modality), _vals(Origin), _vals(ActorType)
TO_DOCUMENTS = _fk("doc_id", "documents")
TO_SENTENCES = _fk("doc_id sent_id", "sentences")

DOCUMENTS = Table(
    "documents",
    "One row per article listed in the manifest, after cleaning.",
    (
        _c("doc_id", "string", "Document id from the manifest", True),
        _c("title", "string", "Title from the manifest"),
        _c("outlet", "string", "Outlet name from the manifest"),
        _c("outlet_id", "string", "Codebook actor id of the outlet (empty if unknown)"),
        Column("published", "date", "Publication date from the manifest: ISO 8601, a date "
               "optionally with a time (the build refuses any other form)", format="any"),
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
    (TO_DOCUMENTS,),
)

ACTORS = Table(
    "actors",
    "Every actor mentioned in the corpus plus all its ancestors, from the codebook.",
    (
        _c("actor_id", "string", "Codebook id; a state's id is its ISO 3166-1 alpha-3 code", True),
        _c("name", "string", "Canonical name", True),
        _c("type", "string", "state, government, military, person, media, source_group, "
           "armed_group, international_org or bloc", True, ACTOR_TYPES),
        _c("country", "string", "ISO3 of the state the actor belongs to (empty: none)"),
        _c("parent_id", "string", "Organisation the actor belongs to (empty: none)"),
        _c("backed_by", "string", "ISO3 of the state backing a de facto entity or armed group"),
        _c("state", "string", "State the actor collapses to in the state-level network"),
        _c("origin", "string", "codebook (curated), pattern (built from a rule, e.g. "
           "'pro-X sources') or learned (a person the article introduces with a title, role "
           "or apposition; id '{affiliation}~{Name}'; for the analyst to promote)"),
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
    (TO_DOCUMENTS, TO_SENTENCES, _fk("actor_id", "actors")),
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
        _c("attribution", "string", "author, named, group or anonymous", True, ATTRIBUTIONS),
        _c("cue", "string", "Attribution cue (said, according to, deny, reports, ...)"),
        _c("polarity", "string", "affirm or deny", True, POLARITIES),
        _c("modality", "string", "asserted, hedged, conditional or forecast", True, MODALITIES),
        _c("modality_cue", "string", "Words that set the modality"),
        _c("claim_type", "string", "Claim type from the codebook vocabulary", True),
        _c("cameo", "string", "CAMEO code of the claim type, where one exists"),
        _l("subject_ids", "Actors the claim is about as agents"),
        _l("object_ids", "Actors the claim is about as targets"),
        _l("places", "Places named in the claim"),
        _l("quantities", "Quantities as 'number unit'"),
        _l("loaded", "Loaded-language labels in the claim"),
        _l("contested_with", "Claims that disagree about the same event"),
        _c("origin", "string", "extracted or manual (an analyst correction)", True, ORIGINS),
        _c("cue_class", "string", "Class of the cue: assertion, denial, belief, intention, "
           "knowledge, evaluation, stance or request (codebook cues.yaml `classes`); empty "
           "for the author's voice"),
    ),
    ("doc_id", "start", "end", "claim_id"),
    (TO_DOCUMENTS, TO_SENTENCES, _fk("claimant_id", "actors", "actor_id")),
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
        _c("sign", "integer", "1 cooperative, -1 hostile, 0 neutral", True, SIGNS),
        _c("cameo", "string", "CAMEO code"),
        _c("plover", "string", "PLOVER event type"),
        _c("asserted_by", "string", "Claimant of the claim (actor id)", True),
        _c("attribution", "string", "Attribution of the claim", enum=ATTRIBUTIONS),
        _c("modality", "string", "Modality of the claim", enum=MODALITIES),
        _c("polarity", "string", "Polarity of the claim", enum=POLARITIES),
        _c("source_state", "string", "State of the source actor"),
        _c("target_state", "string", "State of the target actor"),
    ),
    ("doc_id", "claim_id", "relation_id"),
    (TO_DOCUMENTS, _fk("claim_id", "claims"), _fk("source_id", "actors", "actor_id"),
     _fk("target_id", "actors", "actor_id"), _fk("asserted_by", "actors", "actor_id")),
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
    (TO_DOCUMENTS, TO_SENTENCES, _fk("claim_id", "claims"),
     _fk("target_id", "actors", "actor_id")),
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
    (TO_DOCUMENTS, TO_SENTENCES),
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
    (TO_DOCUMENTS, TO_SENTENCES),
)

EDGES = Table(
    "edges",
    "Edge list of the actor network (one row per relation) for tools that read CSV.",
    (
        _c("source_id", "string", "Source actor", True),
        _c("target_id", "string", "Target actor", True),
        _c("relation", "string", "Relation type", True),
        _c("sign", "integer", "1, -1 or 0", True, SIGNS),
        _c("modality", "string", "Modality of the claim", enum=MODALITIES),
        _c("claim_id", "string", "Claim", True),
        _c("relation_id", "string", "Relation", True),
        _c("doc_id", "string", "Document", True),
        _c("asserted_by", "string", "Claimant"),
        _c("source_state", "string", "State of the source"),
        _c("target_state", "string", "State of the target"),
    ),
    ("relation_id",),
    (_fk("relation_id", "relations"),),
)

STATE_EDGES = Table(
    "state_edges",
    "State-level network: actors collapsed to their states, signed weights summed "
    "(undirected).",
    (
        _c("a", "string", "State (ISO3), alphabetically first", True),
        _c("b", "string", "State (ISO3), alphabetically second", True),
        _c("weight", "integer", "Sum of relation signs", True),
        _c("sign", "integer", "Sign of the sum", True, SIGNS),
        _c("n_positive", "integer", "Cooperative relations"),
        _c("n_negative", "integer", "Hostile relations"),
        _c("n_neutral", "integer", "Neutral relations"),
        _c("n_relations", "integer", "Relations behind the edge (all signs)"),
        _c("n_docs", "integer", "Documents the relations come from"),
        _c("n_firm_positive", "integer", "Cooperative relations asserted (not hedged, "
           "conditional or forecast) and affirmed"),
        _c("n_firm_negative", "integer", "Hostile relations asserted and affirmed"),
        _l("modalities", "Relations per modality, modality:count"),
        _c("evidence", "string", "How firmly the counts decide the sign: clear, weak (one "
           "relation, a margin of one, or none asserted), tie (sign 0) or neutral"),
        _l("relation_ids", "Relations behind the edge"),
    ),
    ("a", "b"),
)

NODES = Table(
    "nodes",
    "Actor- and state-level node metrics and blocs.",
    (
        _c("level", "string", "actor or state", True, ("actor", "state")),
        _c("node_id", "string", "Actor id or ISO3", True),
        _c("name", "string", "Name"),
        _c("type", "string", "Actor type", enum=ACTOR_TYPES),
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
        _c("sign_ab", "integer", "Sign a-b", True, SIGNS),
        _c("sign_bc", "integer", "Sign b-c", True, SIGNS),
        _c("sign_ac", "integer", "Sign a-c", True, SIGNS),
        _c("balanced", "boolean", "Product of the signs is positive", True),
    ),
    ("a", "b", "c"),
)

CLAIM_CLUSTERS = Table(
    "claim_clusters",
    "Claims about the same event traced across articles: who reported it first, who "
    "repeated it, and where an attributed claim was repeated in an outlet's own voice "
    "(parameters in data/codebook/clusters.yaml).",
    (
        _c("cluster_id", "string", "Cluster id: the first claim's id + '-k'", True),
        _c("claim_id", "string", "Claim in the cluster", True),
        _c("doc_id", "string", "Document of the claim", True),
        _c("outlet", "string", "Outlet of the document"),
        _c("published", "string", "Publication date of the document (ISO 8601)"),
        _c("claim_type", "string", "Claim type (the same for the whole cluster)", True),
        _c("states", "string", f"States of the claim's actors (the same for the cluster; {LIST})"),
        *_columns_of(CLAIMS, "claimant_id", "claimant_surface", "attribution", "cue",
                     "modality", "polarity"),
        _c("is_first", "boolean", "From the cluster's first article (earliest published)", True),
        _c("n_documents", "integer", "Articles in the cluster"),
        _c("n_outlets", "integer", "Outlets in the cluster"),
        _c("attribution_shift", "boolean", "Stated in the outlet's own voice after another "
           "outlet reported it as attributed (named, group or anonymous source)", True),
        _c("shift_from", "string", "The earlier attributed claim this one repeats without "
           "its attribution (empty: no shift)"),
        _c("sent_id", "integer", "Sentence holding the claim", True),
        _c("start", "integer", "Start offset of the claim in the cleaned text", True),
        _c("end", "integer", "End offset of the claim in the cleaned text", True),
        _c("text", "string", "The claimed content", True),
        _c("sentence", "string", "The sentence holding the claim, for context"),
    ),
    ("cluster_id", "claim_id"),
)

CONTRACT: tuple[Table, ...] = (DOCUMENTS, SENTENCES, ACTORS, MENTIONS, CLAIMS, RELATIONS)
EXTRA: tuple[Table, ...] = (LOADED, UNRESOLVED, FLAGS, EDGES, STATE_EDGES, NODES, TRIADS,
                            CLAIM_CLUSTERS)
ALL: tuple[Table, ...] = CONTRACT + EXTRA
BY_NAME: dict[str, Table] = {t.name: t for t in ALL}
