"""The codebook's model: actors, offices, states, roles, cues, lexicon entries, `Codebook`.

Pure data classes and the lookup of curated and pattern-derived actors (`{ISO3}-{ROLE}`);
loading and validation are in `analysis.codebook.load`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from analysis.vocab import ActorType, values

ACTOR_TYPES = values(ActorType)

ROLE_KINDS = frozenset({"state", "body", "group", "proxy"})
ISO3 = re.compile(r"^[A-Z]{3}$")
FILES = ("states.yaml", "roles.yaml", "actors.yaml", "places.yaml", "cues.yaml",
         "modality.yaml", "claim_types.yaml", "relations.yaml", "loaded.yaml",
         "boilerplate.yaml", "clusters.yaml",
         "conflicts.yaml", "grammar.yaml")

#: What grammar.yaml holds: section -> key -> kind. "words": a list of words or phrases
#: (lower case; order kept, it may matter to a pattern); "numbers": a mapping of a word to a
#: non-negative integer. Every key is required and no other is allowed; the extraction reads
#: them by name (`Grammar.words`, `Grammar.numbers`).
GRAMMAR_SPEC: dict[str, dict[str, str]] = {
    "sentences": {"abbreviations": "words"},
    "quantities": {"number_words": "numbers", "qualifiers": "words", "time_units": "words",
                   "months": "words", "unit_stops": "words", "units": "words",
                   "ordinal_suffixes": "words", "comparatives": "words"},
    "actors": {"provenance_suffixes": "words", "head_in": "words", "name_of": "words",
               "place_suffixes": "words"},
    "attribution": {"anonymous_adverbs": "words", "evidence_leads": "words",
                    "evidence_prepositions": "words", "evidence_mid_nouns": "words",
                    "release_determiners": "words",
                    "anonymous_links": "words", "according_after": "words",
                    "denial_copulas": "words", "adjunct_words": "words",
                    "source_per_openers": "words", "setting_cues": "words",
                    "setting_prepositions": "words"},
    "relations": {"light_verbs": "words", "give_verbs": "words", "coord_heads": "words", "coord_time_words": "words",
                  "coord_conjunctions": "words", "coord_auxiliaries": "words",
                  "coord_breaks": "words", "copulas": "words", "perfect_auxiliaries": "words",
                  "perfect_adverbs": "words", "perfect_copulas": "words",
                  "copula_actor_openers": "words", "copula_end_adverbs": "words",
                  "event_determiners": "words", "naming_openers": "words",
                  "naming_pronouns": "words", "naming_verbs": "words",
                  "joint_prepositions": "words", "nominal_determiners": "words",
                  "adverbial_prepositions": "words", "object_prepositions": "words",
                  "prep_object_determiners": "words", "passive_auxiliaries": "words",
                  "group_possessives": "words", "recipient_determiners": "words",
                  "relative_pronouns": "words", "np_determiners": "words",
                  "noun_use_prepositions": "words", "opposed_prepositions": "words"},
    "cues": {"inverting": "words", "name_titles": "words", "subject_pronouns": "words",
             "apposition_openers": "words", "apposition_of": "words",
             "inverted_openers": "words", "intro_leads": "words", "passive_adverbs": "words",
             "person_relatives": "words",
             "intro_subordinators": "words"},
    "common": {"articles": "words"},
    "clauses": {"contrast_conjunctions": "words", "according_joins": "words",
                "according": "words", "embedded_nouns": "words", "embedded_relatives": "words",
                "embedded_auxiliaries": "words", "rejections": "words",
                "condition_leads": "words", "conditions": "words", "confirm_verbs": "words",
                "confirmed": "words", "joining_words": "words"},
    "speaker_names": {"extra_titles": "words", "particles": "words",
                      "subject_verbs": "words", "subordinators": "words",
                      "clause_openers": "words", "participle_prepositions": "words"},
    "coref": {"object_pronouns": "words", "person_pronouns": "words", "thing_pronouns": "words",
              "group_pronouns": "words", "definite_openers": "words",
              "demonstratives": "words"},
    "nominal": {"determiners": "words", "possessive_pronouns": "words",
                "agent_prepositions": "words", "auxiliaries": "words", "givers": "words",
                "stance_givers": "words", "giver_ends": "words", "infinitive_links": "words",
                "not_infinitive": "words", "answer_auxiliaries": "words",
                "supporter_prepositions": "words", "holder_subordinators": "words"},
    "stop_names": {"common": "words", "names": "words", "actors": "words",
                   "actors_speaker": "words", "speaker": "words"},
}

#: the groups of grammar.yaml `stop_names` each reader reads (a word is in one group only)
STOP_NAME_READERS: dict[str, tuple[str, ...]] = {
    "actors": ("common", "actors", "actors_speaker"),
    "names": ("common", "names"),
    "speaker": ("common", "names", "actors_speaker", "speaker"),
}


class CodebookError(ValueError):
    """A codebook file or entry is broken; the message names file, entry and problem."""


@dataclass(frozen=True)
class Grammar:
    """The English words the extraction's rules read (grammar.yaml, checked against
    `GRAMMAR_SPEC` on load): number words, months, qualifiers, ... by section and key."""

    sections: dict[str, dict[str, Any]] = field(default_factory=dict)

    def words(self, section: str, key: str) -> tuple[str, ...]:
        """A "words" entry, in file order."""
        return self.sections[section][key]

    def numbers(self, section: str, key: str) -> dict[str, int]:
        """A "numbers" entry (word -> value), in file order."""
        return self.sections[section][key]

    def stop_names(self, reader: str, capitalised: bool = False) -> frozenset[str]:
        """The words never read as a name by `reader` (`STOP_NAME_READERS`), lower case, or
        with a capital first letter for the readers that compare capitalised words."""
        words = {w for g in STOP_NAME_READERS[reader] for w in self.sections["stop_names"][g]}
        return frozenset(w[:1].upper() + w[1:] for w in words) if capitalised else frozenset(words)


@dataclass(frozen=True)
class Office:
    """A dated office held by a person."""

    office: str
    title: str
    start: date | None
    end: date | None

    def holds(self, when: date | None) -> bool:
        """Whether the office is held on `when` (always true when `when` is unknown)."""
        if when is None:
            return True
        return (self.start is None or self.start <= when) and (self.end is None or when <= self.end)


@dataclass(frozen=True)
class Actor:
    """An actor: a state, body, person, group, organisation or outlet."""

    id: str
    name: str
    type: str
    country: str = ""
    parent: str = ""
    backed_by: str = ""
    located_in: str = ""
    role: str = ""
    origin: str = "codebook"
    aliases: tuple[str, ...] = ()
    aliases_cs: tuple[str, ...] = ()
    offices: tuple[Office, ...] = ()

    @property
    def state(self) -> str:
        """ISO3 the actor collapses to in the state-level network ('' for none)."""
        return self.country or self.backed_by or self.located_in


@dataclass(frozen=True)
class State:
    """A state with its names, demonyms and capital metonyms."""

    id: str
    name: str
    aliases: tuple[str, ...]
    aliases_cs: tuple[str, ...]
    demonyms: tuple[str, ...]
    capitals: tuple[str, ...]
    capitals_cs: tuple[str, ...]

    @property
    def demonym(self) -> str:
        """The main demonym (adjective form)."""
        return self.demonyms[0] if self.demonyms else self.name


@dataclass(frozen=True)
class Role:
    """A body every state has (government, defence ministry, armed forces, sources...)."""

    role: str
    kind: str
    type: str
    name: str
    parent: str
    heads: tuple[str, ...]
    titles: tuple[str, ...]
    #: nouns that after "the", with no state, name the article's last body of this role
    anaphors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Shorthand:
    """A word naming a state by its side or an epithet ("the South", "the island"), read
    only in an article that names the state and its counterparts (`with`)."""

    state: str
    forms: tuple[str, ...]
    with_: tuple[str, ...] = ()
    #: an ambiguous short name read without "the" ("Congo"): the state only in an article
    #: that names it by a full form and names none of `not_with` (COG for "Congo")
    bare: bool = False
    not_with: tuple[str, ...] = ()


@dataclass(frozen=True)
class Cue:
    """A verb of saying (or denial) in all its listed forms."""

    cue: str
    forms: tuple[str, ...]
    polarity: str
    needs_that: bool
    cls: str = "assertion"  # a key of `Codebook.cue_classes` (cues.yaml `classes`)
    gerund: bool = False  # a needs_that verb whose "-ing" complement is content ("reported striking")
    #: what alone the cue frames: "quote" (it tags a quotation: '"C," she continued', 'the
    #: sign read "C"'), "to" (a to-infinitive: "X plans to C", not "the plans in 2015 were")
    #: or "as" ("X sees Y as Z", not "saw troops as they crossed")
    only: str = ""
    #: words that, right after a form, make it another verb: "added to his lead", "adds
    #: up to $5" (an increase or a sum, not a verb of saying)
    not_before: tuple[str, ...] = ()


@dataclass(frozen=True)
class NominalCue:
    """A noun that attributes its content to a holder ("his claim that C", "support for X"):
    `complements` introduce a content clause ("that", "to"), `objects` a target phrase
    (the claim then keeps the whole clause, like a stance verb)."""

    noun: str
    forms: tuple[str, ...]
    cls: str
    polarity: str
    complements: tuple[str, ...] = ()
    objects: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClaimType:
    """A claim type with its definition, codes and trigger words."""

    id: str
    definition: str
    cameo: str
    plover: str
    event: bool
    triggers: tuple[str, ...]
    #: an unsourced claim of this type is listed in the reports (use of force, captures)
    consequential: bool = False


@dataclass(frozen=True)
class RelationType:
    """A relation type of the lexicon: triggers, sign, codes and direction."""

    relation: str
    sign: int
    cameo: str
    plover: str
    pos: str
    symmetric: bool
    triggers: tuple[str, ...]
    definition: str = ""
    #: a phrase that looks like a trigger but is none ("took place", "armed forces"): it
    #: takes the span so the shorter trigger inside it is not read, and emits nothing
    blocker: bool = False
    #: words that, right after the trigger's object, make it another relation ("supply X
    #: with minerals" is trade): (words, relation to use instead)
    not_with: tuple[str, ...] = ()
    otherwise: str = ""
    #: a means whose sign is that of its purpose ("sent jets to strike"): dropped when the
    #: clause goes on with "to" + another trigger
    carrier: bool = False
    #: a limit ("short of", "without being in"): a blocker whose next trigger in the clause
    #: names what does not happen, so that trigger is not read either
    limit: bool = False
    #: the clause subject is the target and the speaker the source ("X will pay a price")
    reverse: bool = False
    #: a fronted time adverbial dating its sentence to an earlier war ("In the last war")
    past: bool = False
    #: nouns that after "X's" name actors other than X ("China's rival claimants")
    others: bool = False
    #: nouns naming an act of this relation without its agent ("the strikes", "the
    #: attack"): condemning one is aimed at whoever the article last said did such an act
    events: tuple[str, ...] = ()
    #: phrases naming the two sides of the article's war ("both sides", "the warring
    #: parties"): as a trigger's object they are the parties of its first armed clash
    sides: bool = False
    #: "each other", "one another": as a trigger's object, the coordinated subject acts on
    #: itself, each member on the others ("A and B accused each other")
    reciprocal: bool = False
    #: the actor after "from" is the one the act takes something from: the target, never
    #: the agent ("the town was captured from Ukraine by Russian forces")
    from_target: bool = False


@dataclass(frozen=True)
class Conflict:
    """An analyst-defined conflict system: the articles (doc_id glob patterns) whose state
    network and balance are computed together, apart from the rest of the corpus."""

    id: str
    name: str
    docs: tuple[str, ...]
    definition: str = ""


@dataclass(frozen=True)
class Loaded:
    """A loaded-language entry: label, device, where its target is and its phrases."""

    label: str
    device: str
    target: str
    phrases: tuple[str, ...]


@dataclass(frozen=True)
class Place:
    """A place that is only a place."""

    name: str
    country: str
    kind: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class ClusterParams:
    """The clustering parameters of the codebook (`clusters.yaml`), validated."""

    claim_types: str
    window_days: int
    max_candidates: int
    min_documents: int
    min_word_length: int
    min_shared_words: int
    min_overlap: float
    numbers_must_agree: bool
    own_voice: frozenset[str]
    shift_modalities: frozenset[str]
    attributed: frozenset[str]
    stopwords: frozenset[str]


@dataclass
class Codebook:
    """The validated codebook, plus derived-actor construction."""

    states: dict[str, State]
    actors: dict[str, Actor]
    roles: dict[str, Role]
    nationals: tuple[str, ...]
    #: nouns a role head may modify ("Israel's main military backer"): then the head is
    #: an adjective, not a body
    agent_nouns: tuple[str, ...]
    place_prepositions: tuple[str, ...]
    pro_prefix: str
    backed_suffix: str
    led_suffix: str
    #: the roles a "<demonym>-backed" / "<demonym>-led" noun phrase fills (roles.yaml)
    backed_role: str
    led_role: str
    honorifics: tuple[str, ...]
    #: honorific -> the sex it marks ("Mr" m, "Mrs" f): a surname after one is not a
    #: person already named with the other ("Mrs. Clinton" is not Mr. Clinton)
    honorific_sex: dict[str, str]
    agentive_from: tuple[str, ...]
    place_modifiers: tuple[str, ...]
    places: tuple[Place, ...]
    cues: tuple[Cue, ...]
    release: dict[str, tuple[str, ...]]
    according: tuple[str, ...]
    anonymous_nouns: tuple[str, ...]
    anonymous_frames: tuple[str, ...]
    group_nouns: tuple[str, ...]
    pronouns: tuple[str, ...]
    modality: dict[str, tuple[str, ...]]
    scare_quote_max_words: int
    negators: tuple[str, ...]
    claim_types: tuple[ClaimType, ...]
    relation_types: tuple[RelationType, ...]
    loaded: tuple[Loaded, ...]
    boilerplate: dict[str, dict[str, tuple[str, ...]]]
    digest: str
    conflicts: tuple[Conflict, ...] = ()
    clusters: ClusterParams | None = None
    person_roles: tuple[str, ...] = ()
    affiliation_preps: tuple[str, ...] = ()
    not_state_of: tuple[str, ...] = ()
    #: roles a head noun before "in <state>" is not read as ("the sources in Ruritania")
    not_in_state: tuple[str, ...] = ()
    name_particles: tuple[str, ...] = ()
    shorthands: tuple[Shorthand, ...] = ()
    #: how many sentences back "the ministry" may find the body it names again
    anaphor_window: int = 3
    #: cue class -> (meaning, modality its claims take when no marker says otherwise,
    #: whether the claim keeps the whole clause)
    cue_classes: dict[str, tuple[str, str, bool]] = field(default_factory=dict)
    #: words that cannot occur in a speaker noun phrase read without a known name
    #: (verbs, auxiliaries, subordinators: "The vote is expected", "when it ended")
    speaker_stop: tuple[str, ...] = ()
    #: words dropped at the start of a speaker region ("But she said", "Even so, voters say")
    speaker_lead: tuple[str, ...] = ()
    #: nouns ending in -ly, never dropped as an adverb before a cue ("the family said")
    ly_nouns: tuple[str, ...] = ()
    #: auxiliaries and negation between a subject and its cue, no part of the speaker
    #: ("The union is backing", "he did not mention")
    cue_auxiliaries: tuple[str, ...] = ()
    #: capitalised words never read as a speaker's name ("Tuesday", "There's", "By")
    #: words that open a parenthetical between a subject and its cue ("Clinton, during a
    #: town hall in Columbus, Ohio, said"): the subject is the phrase before it
    parenthetical_openers: tuple[str, ...] = ()
    attributive_determiners: tuple[str, ...] = ()
    #: the `according` phrases that attribute a clause with its own verb of saying, too
    according_outer: tuple[str, ...] = ()
    #: a possessor's view set off by commas ("In Roe's view, C"): cues.yaml `view` (cue,
    #: class, nouns)
    view: dict[str, object] = field(default_factory=dict)
    #: "To X, C": how things seem to X: cues.yaml `to_view` (cue, class, openers)
    to_view: dict[str, object] = field(default_factory=dict)
    #: adjectives between such a determiner and a cue that is then a noun ("his only hope")
    attributive_modifiers: tuple[str, ...] = ()
    #: prepositions before a cue form that is then a noun ("with plans to", "in support of")
    attributive_prepositions: tuple[str, ...] = ()
    #: words opening a share of people as a speaker ("About 9 percent said")
    speaker_quantifiers: tuple[str, ...] = ()
    #: words joining two numbers into a share of people as a speaker ("four in 10 said")
    share_links: tuple[str, ...] = ()
    #: unnamed people placed by whom they are near ("a person close to X"): a group, not X
    associate_nouns: tuple[str, ...] = ()
    #: words opening a parenthetical of saying before its content ("As X said, C")
    as_openers: tuple[str, ...] = ()
    #: verbs of that parenthetical beyond the verbs of saying ("As X put it, C")
    as_verbs: tuple[str, ...] = ()
    #: predicates that deny their subject without a denial verb ("the reports are baseless")
    denial_predicates: tuple[str, ...] = ()
    #: nouns of evidence that speak for themselves ("polls show C", "in a new survey, C")
    evidence_nouns: tuple[str, ...] = ()
    #: forms of "be" before a cue's participle: a passive, whose subject is what is said,
    #: not who says it ("a curfew was declared"; the speaker only after "by")
    passive_auxiliaries: tuple[str, ...] = ()
    #: verbs that carry a subject past a frame in mid-clause ("X, says Y, is Z")
    predicate_openers: tuple[str, ...] = ()
    #: relative pronouns whose antecedent speaks ("Jane Roe, who said C")
    relative_pronouns: tuple[str, ...] = ()
    #: pronouns that open a that-less complement clause ("X fears it may fail")
    subject_pronouns: tuple[str, ...] = ()
    #: nominal cues (cues.yaml `nominal`) and the light verbs whose subject holds them
    #: ("X voiced support for")
    nominal_cues: tuple[NominalCue, ...] = ()
    light_verbs: tuple[str, ...] = ()
    #: verbs whose subject receives a nominal cue from its holder ("X won the backing of Y")
    receiving_verbs: tuple[str, ...] = ()
    #: a request its subject answers or leaves unanswered ("X did not respond to a request
    #: for comment"): cues.yaml nominal `answering` (cue, class, verbs, nouns)
    answering: dict[str, object] = field(default_factory=dict)
    #: what makes the words after a cue that needs "that" a clause without it ("thinks the
    #: party will lose"): cues.yaml `clause_complement` (subjects, finite, blockers, max_gap)
    clause_complement: dict[str, object] = field(default_factory=dict)
    role_fillers: dict[tuple[str, str], str] = field(default_factory=dict)
    grammar: Grammar = field(default_factory=Grammar)
    _derived: dict[str, Actor | None] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for actor in self.actors.values():
            if actor.role and actor.country:
                self.role_fillers.setdefault((actor.country, actor.role), actor.id)

    def material_conflict(self) -> frozenset[str]:
        """Relation types of armed or material conflict: CAMEO roots 14-20 (the "material
        conflict" quad class: protest, force posture, reduced relations, coercion, assault,
        fight, mass violence); what makes two states belligerents in `network.systems`."""
        return frozenset(rt.relation for rt in self.relation_types
                         if rt.sign < 0 and rt.cameo[:2].isdigit() and len(rt.cameo) >= 2
                         and 14 <= int(rt.cameo[:2]) <= 20)

    # -- actors -------------------------------------------------------------------------
    def role_actor_id(self, iso3: str, role: str, pro: bool = False) -> str:
        """Id of the actor filling `role` for state `iso3` (curated if any, else derived)."""
        if role == "STATE":
            return iso3
        if pro:
            return f"{iso3}-PRO-{role}"
        return self.role_fillers.get((iso3, role), f"{iso3}-{role}")

    def get(self, actor_id: str) -> Actor | None:
        """Look an actor up by id, deriving state bodies and source groups on demand."""
        try:
            return self._derived[actor_id]
        except KeyError:
            actor = self._derived[actor_id] = _get_actor(self, actor_id)
            return actor

    def ancestors(self, actor_id: str) -> list[str]:
        """Ids of the actor's ancestors: parents up the chain, then its state."""
        out: list[str] = []
        seen = {actor_id}
        current = self.get(actor_id)
        while current is not None:
            nxt = current.parent or (current.state if current.type != "state" else "")
            if not nxt or nxt in seen:
                break
            out.append(nxt)
            seen.add(nxt)
            current = self.get(nxt)
        for extra in filter(None, (self.get(actor_id).backed_by if self.get(actor_id) else "",)):
            if extra not in seen:
                out.append(extra)
        return out


LEARNED_SEP = "~"


def learned_id(parent: str, name: str) -> str:
    """Id of a person learned from an article: `{parent}~{Name_With_Underscores}`.

    The id carries everything the actor is (name, affiliation), so any process can rebuild
    the actor from the id alone and the same person gets the same id in every article."""
    return f"{parent}{LEARNED_SEP}{'_'.join(name.split())}"


#: The "affiliation" of a learned outlet: `media~Outlet_Name` is an outlet of the manifest
#: the codebook does not list (codebook ids are upper case, so no curated actor is `media`).
LEARNED_MEDIA = "media"


def learned_outlet_id(outlet: str) -> str:
    """Id of an outlet the codebook does not list, learned from the manifest: the same
    outlet name gives the same id in every article and every build."""
    name = " ".join(outlet.replace(LEARNED_SEP, "-").split())[:80]
    return learned_id(LEARNED_MEDIA, name) if name else ""


def _learned_actor(cb: Codebook, actor_id: str) -> Actor | None:
    """The person behind a learned id; its country is its affiliation's state ('' for a
    think tank, NGO, outlet or international body). A learned outlet is a media actor."""
    parent, _, slug = actor_id.partition(LEARNED_SEP)
    if parent == LEARNED_MEDIA and slug:
        return Actor(id=actor_id, name=slug.replace("_", " "), type="media", origin="learned")
    holder = cb.get(parent) if parent else None
    if (parent and holder is None) or not slug:
        return None
    country = holder.state if holder else ""
    return Actor(id=actor_id, name=slug.replace("_", " "), type="person", country=country,
                 parent=parent, origin="learned")


def _get_actor(cb: Codebook, actor_id: str) -> Actor | None:
    """Return a curated actor, a state, a derived `{ISO3}-{ROLE}` actor or a learned one."""
    if actor_id in cb.actors:
        return cb.actors[actor_id]
    if LEARNED_SEP in actor_id:
        return _learned_actor(cb, actor_id)
    if actor_id in cb.states:
        st = cb.states[actor_id]
        return Actor(id=st.id, name=st.name, type="state", country=st.id)
    parts = actor_id.split("-")
    if len(parts) < 2 or parts[0] not in cb.states:
        return None
    st = cb.states[parts[0]]
    pro = len(parts) == 3 and parts[1] == "PRO"
    role = cb.roles.get(parts[-1])
    if role is None or (len(parts) == 3 and not pro) or len(parts) > 3:
        return None
    name = role.name.format(state=st.name, demonym=st.demonym)
    if pro:
        name = f"{cb.pro_prefix}{name}"
    parent = ""
    if role.parent:
        parent = cb.role_actor_id(st.id, role.parent)
    elif role.kind in {"body"}:
        parent = st.id
    if role.kind == "proxy":
        return Actor(id=actor_id, name=name, type=role.type, backed_by=st.id, origin="pattern",
                     role=role.role)
    return Actor(id=actor_id, name=name, type=role.type, country=st.id, parent=parent,
                 origin="pattern", role=role.role)


