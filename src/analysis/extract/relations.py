"""Relations: typed, signed actor->actor edges, each taken from one claim.

A trigger from the codebook's relation lexicon inside a claim links the actors around it:
the source is an explicit "by X" / "from X", else the nearest actor (or coordinated group of
actors, "Russia, Egypt and the UAE") before the trigger in the same comma segment, else the
clause subject; the target is the nearest actor group after the trigger (up to the next
trigger), or a possessive before a noun trigger ("Azerbaijan's main ally"). Symmetric
relations ("X and Y are partners") pair a coordinated group. A negated hostile trigger ("Nor
Russia nor Turkey are interested in an open confrontation") becomes sign 0; relations in a
denial keep their type with sign 0. Every relation carries the claim's claimant and modality.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from operator import attrgetter, itemgetter
from typing import Callable

from analysis.codebook import Codebook, RelationType
from analysis.extract.lexicon import doc_hits
from analysis.records import Claim, Document, Mention, Relation
from analysis.text.textutil import norm, word_re

#: `re.compile` memoised: inline patterns without the `re` module's cache lookups.
_rx = lru_cache(maxsize=None)(re.compile)

_COORD = re.compile(r"^\s*(?:,|and|or|nor|&|-|/|,\s*and|,\s*or)?\s*(?:the\s+)?(?:\([^)]{1,12}\)\s*)?$")
_SEGMENT_BREAK = re.compile(r"[,;:]|\b(?:but|while|whereas|although|though)\b")
_RELATIVE = re.compile(r",\s+(?:which|who|whose)\b")
#: A finite verb right after an actor: it starts a new clause ("..., and Trump announced").
_NEW_SUBJECT = re.compile(r"\s+(?:(?:has|had|have|also|later|then|now)\s+)?"
                          r"(?:[a-z]+ed|said|says|told|spoke|met|took|made|announces|says)\b")
#: Where a trigger's object ends: a new clause ("..., and is feuding with").
_OBJECT_END = re.compile(r"[;:]|[.?!][\"']?\s|,\s*(?:and\s+|but\s+)?(?:is|are|was|were|has|have|had|will|"
                         r"would|also|which|who|while|whereas|although|though|but|saying|"
                         r"adding)\b|\s(?:and|but)\s+(?:is|are|was|were|has|have|had)\b")
#: How far after a trigger its object may start (a trigger must govern its actor).
_OBJECT_REACH = 120
#: An act's noun phrase up to the "by" of its agent: "the attack by", "the truce announced
#: by", "the raid carried out by" (up to four words: the noun, modifiers, a participle).
_OBJECT_BY = re.compile(r"(?:[\w'-]+\s+){1,4}?by\s+(?:the\s+)?")
_COORD_PAREN = re.compile(r"^\s*\([^)]{1,12}\)\s*(?:,|and)?\s*(?:the\s+)?$")


def _trigger_index(cb: Codebook) -> list[tuple[RelationType, re.Pattern]]:
    return [(rt, word_re(rt.triggers)) for rt in cb.relation_types]


def coordinated(ms: list[Mention], low: str, pivot: int, leftward: bool) -> list[Mention]:
    """The group of coordinated mentions next to ms[pivot] ("Russia, Egypt and the UAE").

    A bare comma joins two actors only inside a list closed by 'and'/'or'/'nor'/'-' (so an
    apposition or a new clause after a comma is not read as coordination).
    """
    chain, gaps = [ms[pivot]], []
    i = pivot
    while True:
        j = i - 1 if leftward else i + 1
        if j < 0 or j >= len(ms):
            break
        a, b = (ms[j], ms[i]) if leftward else (ms[i], ms[j])
        gap = low[a.end:b.start]
        if not (_COORD.match(gap) or _COORD_PAREN.match(gap)):
            break
        chain.append(ms[j])
        gaps.append(gap)
        i = j
    joined = [bool(_rx(r"\b(?:and|or|nor)\b|[-&/]|^\s*\(").search(g)) for g in gaps]
    if not any(joined):
        keep = 1
    elif leftward:  # "Russia, Egypt and the UAE <- backed": the nearest gap must be a conjunction
        keep = len(chain) if joined[0] else 1
    else:  # "-> Romania, Moldova and Hungary": up to the last conjunction
        keep = len(joined) - joined[::-1].index(True) + 1
        if keep > 1 and _NEW_SUBJECT.match(low, chain[keep - 1].end):
            keep -= 1  # "struck Venezuela and President Trump announced": a new clause
    return sorted(chain[:keep], key=attrgetter("start"))


def trigger_table(cb: Codebook) -> dict[str, object]:
    """Trigger phrase -> relation type (the first type listing a phrase keeps it)."""
    table: dict[str, object] = {}
    for rt in cb.relation_types:
        for t in rt.triggers:
            table.setdefault(t, rt)
    return table


def _bounded(found: list[tuple[int, int, RelationType]], low: str
             ) -> list[tuple[int, int, RelationType]]:
    """Drop triggers glued to a hyphen ("pro-Russian" is not "Russian"); sort by start."""
    kept = [(s, e, rt) for s, e, rt in found if not (s > 0 and low[s - 1] == "-")]
    return sorted(kept, key=lambda t: (t[0], -t[1]))


def triggers_in(claim: Claim, low: str, cb: Codebook,
                found: list[tuple[int, int, RelationType]] | None = None
                ) -> list[tuple[int, int, RelationType]]:
    """Relation triggers in a claim, longest-leftmost and non-overlapping."""
    if found is None:
        found = [(m.start(), m.end(), rt) for rt, rx in _trigger_index(cb)
                 for m in rx.finditer(low, claim.start, claim.end)]
    else:
        i = bisect_left(found, claim.start, key=itemgetter(0))
        j = bisect_left(found, claim.end, lo=i, key=itemgetter(0))
        found = [t for t in found[i:j] if t[1] <= claim.end]
    if len(found) < 2:
        return found
    found.sort(key=lambda t: (-(t[1] - t[0]), t[0]))
    taken: list[tuple[int, int, RelationType]] = []
    # a trigger overlaps a taken one when a character of its span is taken (one byte per
    # character of the claim, instead of a comparison with every taken trigger)
    base = min(claim.start, min(t[0] for t in found))
    occupied = bytearray(max(claim.end, max(t[1] for t in found)) - base)
    for t in found:
        a, b = t[0] - base, t[1] - base
        if 1 not in occupied[a:b]:
            taken.append(t)
            occupied[a:b] = b"\x01" * (b - a)
    return sorted(taken, key=itemgetter(0))


def segment_breaks(low: str, start: int, end: int) -> list[int]:
    """Start offsets of every `_SEGMENT_BREAK` match in low[start:end], each word read with
    the text's own characters around it (see `_unbroken`)."""
    return [m.start() for m in _SEGMENT_BREAK.finditer(low, start, end)]


#: First characters of the words of `_SEGMENT_BREAK`.
_BREAK_WORD_FIRST = frozenset("bwat")


def _unbroken(low: str, breaks: Callable[[], list[int]], left: list[Mention], ts: int
              ) -> Mention | None:
    """The last mention of `left` with no segment break between it and the trigger at `ts`:
    the last that `[m for m in left if not _SEGMENT_BREAK.search(low[m.end:ts])]` keeps
    (only the nearest is read; a search of the slice for every actor before every trigger
    made long claims cubic, and listing them all quadratic). None when there is none.

    A few mentions (most triggers have one or two before them) are tested as that says.
    Beyond, `breaks()` gives the breaks of a span holding the mentions and the trigger
    (the claim's). A break starting after `m.end` and before `ts` reads the same characters
    in the slice as in the text (a trigger starts on a word boundary, so no break word runs into it), so
    the last of the document's `breaks` before `ts` settles every mention ending at or
    before it; a break word at `m.end` itself is always bounded in the slice but not in the
    text when a word character precedes it, and is matched on the slice's first
    characters. When the trigger does not start on a boundary, each slice is searched."""
    if len(left) <= 4 or (ts > 0 and (low[ts - 1].isalnum() or low[ts - 1] == "_")):
        return next((m for m in reversed(left) if not _SEGMENT_BREAK.search(low[m.end:ts])),
                    None)
    found = breaks()
    k = bisect_left(found, ts) - 1
    last = found[k] if k >= 0 else -1
    return next((m for m in reversed(left) if m.end > last and not (
        low[m.end:m.end + 1] in _BREAK_WORD_FIRST
        and _SEGMENT_BREAK.match(low[m.end:min(ts, m.end + 12)]))), None)


def _first_index(ms: list[Mention]) -> Callable[[Mention], int]:
    """`ms.index` from a table built once (a long claim has hundreds of mentions; each
    `list.index` compared whole records, once per trigger)."""
    first_at: dict[Mention, int] = {}
    for n in range(len(ms) - 1, -1, -1):
        first_at[ms[n]] = n
    return first_at.__getitem__


def _others_rx(cb: Codebook) -> re.Pattern | None:
    """The codebook's nouns naming other actors than their possessor, compiled."""
    words = tuple(w for rt in cb.relation_types if rt.others for w in rt.triggers)
    return word_re(words) if words else None


def _others_of(low: str, m: Mention, rx: re.Pattern | None) -> bool:
    """Whether a mention is the possessor of a noun that names other actors ("China's
    rival claimants", "Russia's enemies"): then the mention is not the object."""
    if not low.startswith(("'s ", "' "), m.end):
        return False
    if rx is None:
        return False
    after = low.index(" ", m.end) + 1
    nxt = _rx(r"[\w-]+\s+").match(low, after)  # one adjective: "Russia's old enemies"
    return bool(rx.match(low, after) or (nxt and rx.match(low, nxt.end())))


def _claimant(claim: Claim) -> Mention:
    """The claimant of a claim as a mention at its start (a speaker who acts or threatens)."""
    return Mention(claim.doc_id, claim.sent_id, claim.start, claim.start,
                   claim.claimant_surface, claim.claimant_id, "claimant")


#: Actor types that can be one of "the two" sides of a war (not a body that only resolves).
_SIDES = frozenset({"state", "government", "military", "armed_group", "bloc", "person"})


#: Actor types "its" can refer to (a side, not a person).
_ACTING = _SIDES - {"person"}
#: What stands before a subject opening its sentence or clause.
_CLAUSE_OPENING = re.compile(r"(?:^|[.;!?][\"']?\s+|\n)(?:the\s+)?$")
#: How far before a claim the antecedent of its opening "its" may stand.
_ANTECEDENT_REACH = 240


def _the_two(ms: list[Mention], ts: int, cb: Codebook) -> list[Mention]:
    """The two sides "the two" refers to: the last two distinct actors before the trigger
    that can wage war (a UN body or an outlet named in between is not one)."""
    sides: list[Mention] = []
    for m in reversed([m for m in ms if m.end <= ts]):
        a = cb.get(m.actor_id)
        if (a is None or a.type in _SIDES) and all(m.actor_id != x.actor_id for x in sides):
            sides.insert(0, m)
            if len(sides) == 2:
                break
    return sides if len(sides) == 2 else []


def _readable(trigs: list[tuple[int, int, RelationType]], low: str
              ) -> list[tuple[int, int, RelationType]]:
    """The triggers that express a relation: blockers ("took place", "armed forces") took
    their span from the shorter trigger inside them and are dropped here; a limit ("as tense
    as can be without being in a war") also drops the trigger it governs (the next one, in
    the same clause)."""
    out: list[tuple[int, int, RelationType]] = []
    skip_before = -1
    for ts, te, rt in trigs:
        if rt.blocker:
            if rt.limit:
                stop = _SEGMENT_BREAK.search(low, te, te + 40)
                skip_before = stop.start() if stop else te + 40
            continue
        if ts < skip_before:
            skip_before = -1
            continue
        out.append((ts, te, rt))
    return out


def _serves_purpose(low: str, te: int, next_trig: int,
                    trigs: list[tuple[int, int, RelationType]], k: int) -> bool:
    """Whether a means ("sent F-16 jets") is followed, in its clause, by the purpose it serves
    ("to strike"): the next trigger is a 'to' infinitive with no clause break before it."""
    if k + 1 >= len(trigs) or next_trig - te > 80:
        return False
    nts, nte, nrt = trigs[k + 1]
    if nrt.carrier or _SEGMENT_BREAK.search(low, te, nts):
        return False
    return low.startswith("to ", nts) or low.endswith("to ", 0, nts)


def _object_end(low: str, te: int, next_trig: int) -> int:
    """Where the object of a trigger ends: the next trigger or a new clause after it."""
    m = _OBJECT_END.search(low, te, next_trig)
    return m.start() if m else next_trig


def _refit(rt: RelationType, low: str, te: int, obj_end: int, cb: Codebook) -> RelationType:
    """The relation a trigger's object makes it: "supply X with minerals" is trade."""
    window = low[te:min(obj_end + 60, len(low))]
    stop = _SEGMENT_BREAK.search(window)
    if stop:
        window = window[:stop.start()]
    if word_re(rt.not_with).search(window):
        return next((r for r in cb.relation_types if r.relation == rt.otherwise), rt)
    return rt


def _negated(low: str, start: int, claim: Claim, negators: re.Pattern) -> bool:
    """Whether a negator stands within the six words before a trigger (inside the claim)."""
    window = low[max(claim.start, start - 90):start]
    # a negator in an earlier sentence or clause ("... a hot war. By contrast, the X-Y
    # relationship is on the ascent") does not reach the trigger
    cut = max(window.rfind(". "), window.rfind("; "), window.rfind(" but "))
    if cut >= 0:
        window = window[cut + 2:]
    words = window.split()[-10:]
    return bool(negators.search(" ".join(words)))


class _Reading:
    """What one trigger's reading has found so far (the steps below fill it in order)."""

    __slots__ = ("k", "ts", "te", "rt", "obj_end", "left", "right", "source", "target",
                 "agent", "seg", "nominal", "blocked", "joint")

    def __init__(self, k: int, ts: int, te: int, rt: RelationType, obj_end: int) -> None:
        self.k, self.ts, self.te, self.rt, self.obj_end = k, ts, te, rt, obj_end
        self.left: list[Mention] = []
        self.right: list[Mention] = []
        self.source: list[Mention] = []
        self.target: list[Mention] = []
        self.agent: Mention | None = None
        self.seg: Mention | None = None  # the last actor before the trigger in its segment
        self.nominal: re.Match | None = None
        self.blocked = False
        self.joint = False  # the source is a coordinated subject acting together


def _alt(words: tuple[str, ...]) -> str:
    """An alternation of words, in file order."""
    return "|".join(map(re.escape, words))


class _RelationWords:
    """Patterns whose words are grammar.yaml `relations` (and `common.articles`), compiled
    once per codebook; their shape (spacing, punctuation, how many words) stays here."""

    def __init__(self, cb: Codebook) -> None:
        g = cb.grammar
        words = lambda key: _alt(g.words("relations", key))  # noqa: E731
        articles = _alt(g.words("common", "articles"))
        #: A coordinated predicate: "A met B and later spoke with C" (the trigger after
        #: 'and' keeps the subject of the one before). The object's head may follow the
        #: actor ("a supporter of the Maduro government and has been an adversary of C"),
        #: and a predicate noun the auxiliary ("and is a key backer of C").
        self.coord_pred = re.compile(
            r"^(?:\s+(?:" + words("coord_heads") + r"))?(?:\s+(?:" + words("coord_time_words") +
            r")\s+[\w'-]+){0,2}\s*,?\s*(?:" + words("coord_conjunctions") + r")\s+(?:(?:[a-z]+ly|" +
            words("coord_auxiliaries") + r")\s+){0,3}(?:(?:" + articles + r")\s+(?:(?!(?:" +
            words("coord_breaks") + r")\s)[\w'-]+\s+){0,2})?$")
        #: A light verb before a noun trigger ("launched strikes on", "is behind the attacks")
        self.light_verb = re.compile(r"\b(?:" + words("light_verbs") + r")\b")
        #: A noun trigger in apposition to the actor before it: "the TPLF, an old foe of ..."
        self.apposition = re.compile(r"^\s*(?:,|\()\s*(?:" + articles + r")\s+(?:[\w-]+\s+){0,3}$")
        #: A copula: "is", "remains", "has long been" (perfect auxiliary, adverb, participle)
        copulas = (r"(?:" + words("copulas") + r"|(?:" + words("perfect_auxiliaries") +
                   r")(?:\s+(?:" + words("perfect_adverbs") + r"))?\s+(?:" +
                   words("perfect_copulas") + r"))")
        #: A copula between a possessed noun trigger and the actor it names: "Ethiopia's
        #: main ally is the UAE", "Russia's closest partners remain China and Iran".
        self.copula_actor = re.compile(r"\s+" + copulas + r"\s+(?:(?:" +
                                       words("copula_actor_openers") + r")\s+)?")
        #: A copula right before a predicate noun: "Cuba is a supporter of X" (the subject
        #: is the noun's agent, as after a light verb).
        self.copula_end = re.compile(r"\b" + copulas + r"\s+(?:(?:" +
                                     words("copula_end_adverbs") + r")\s+)?$")
        #: What opens a noun phrase naming an act again: "condemned the strikes", "what he
        #: called a 'criminal attack'".
        self.event_det = re.compile(
            r"\s+(?:" + words("event_determiners") + r"|(?:" + words("naming_openers") +
            r") (?:" + words("naming_pronouns") + r") (?:" + words("naming_verbs") +
            r")(?:\s+(?:" + articles + r"))?)\s+[\"'\u201c]?")
        #: a joint trigger's object read as its target only after one of these ("talks
        #: with X", "fought against X")
        self.joint = re.compile(r"\s*(?:" + words("joint_prepositions") + r")\s")
        self._noun_phrases(g, words)

    def _noun_phrases(self, g, words) -> None:
        """The noun-phrase, passive, recipient, preposition-object and relative patterns."""
        breaks = words("coord_breaks")
        dets = words("np_determiners")
        #: a noun trigger inside a noun phrase: "condemned the attacks on X"
        self.nominal = re.compile(r"\b(?:" + words("nominal_determiners") + r")\s+(?:(?!(?:" +
                                  breaks + r")\s)[\w'-]+\s+){0,3}$")
        #: A preposition opening an adverbial noun phrase: "China flew jets in a show of
        #: force" (the clause subject is the noun's agent, as after a light verb).
        self.adverbial = re.compile(r"\b(?:" + words("adverbial_prepositions") + r")\s+$")
        #: A trigger that ends in a preposition ("threat to", "strikes on"): its object
        #: follows it, after an optional determiner and up to five words.
        self.prep_end = re.compile(r"\b(?:" + words("object_prepositions") + r")$")
        self.prep_object = re.compile(r"\s*(?:(?:" + words("prep_object_determiners") +
                                      r")\s+)?(?:[\w'-]+\s+){0,5}")
        #: A passive auxiliary right before a verb trigger ("was killed", "were all
        #: eliminated").
        self.passive = re.compile(r"\b(?:" + words("passive_auxiliaries") +
                                  r")\s+(?:[a-z]+\s+){0,2}$")
        #: A possessive pronoun right before a noun trigger: "its aggression against X".
        self.pronoun_poss = re.compile(r"\b(?:" + words("group_possessives") +
                                       r")\s+(?:[\w-]+\s+){0,2}$")
        #: An agent after an act's noun, maybe after a participle: "by X", "carried out by
        #: X" (grammar.yaml nominal.agent_prepositions: one list for both stages).
        self.agent_after = re.compile(r"\s+(?:[a-z]+ed\s+(?:[a-z]+\s+)?)?(?:" + "|".join(
            map(re.escape, g.words("nominal", "agent_prepositions"))) + r")\b")
        #: Between a recipient and the noun handed to it: "gave Ukraine an (unprecedented)
        #: ultimatum".
        self.recipient_gap = re.compile(r"\s+(?:" + words("recipient_determiners") +
                                        r")\s+(?:[\w'-]+\s+){0,2}")
        rel = words("relative_pronouns")
        #: A relative pronoun between a trigger and the actor after it: "support that
        #: Caracas ...".
        self.rel_pronoun = re.compile(r"\s+(?:" + rel + r")\s+(?:the\s+)?")
        #: A noun phrase and a relative pronoun after a trigger: "backs the offensive that".
        self.np_relative = re.compile(r"\s+(?:" + dets + r")\s+(?:[\w'-]+\s+){1,4}?(?:" + rel +
                                      r")\s+(?:the\s+)?")
        #: A trigger used as a noun: a determiner or "of" right before it ("a show of
        #: support").
        self.noun_use = re.compile(r"\b(?:" + dets + "|" + words("noun_use_prepositions") +
                                   r")\s+(?:[\w'-]+\s+){0,1}$")
        #: A noun phrase opened by a determiner, ending where a relative pronoun starts.
        self.antecedent = re.compile(r"\b(?:" + dets + r")\s+(?:[\w'-]+\s+){0,4}?[\w'-]+$")
        #: a supportive trigger's object is no target after one of these ("sanctions,
        #: coordinated with allies, against Russian banks")
        self.against = re.compile(r"\b(?:" + words("opposed_prepositions") + r")\b")


class _ClaimView:
    """One claim's actors and text, shared by the readings of its triggers."""

    def __init__(self, claim: Claim, low: str, ms: list[Mention],
                 agentive: frozenset[str] = frozenset(),
                 give: re.Pattern | None = None, rx: _RelationWords | None = None) -> None:
        self.claim, self.low, self.ms = claim, low, ms
        self.rx = rx  # the relation patterns' words (grammar.yaml)
        self.agentive = agentive  # nouns after which "from X" is the agent ("support from")
        self.give = give  # verbs handing a thing to a recipient ("gave Y an ultimatum")
        self.antecedent: Mention | None = None  # what "its" at the claim's start refers to
        self.index_of = ms.index if len(ms) <= 32 else _first_index(ms)
        self._breaks: list[int] | None = None
        self.starts: list[int] | None = None
        self.ends: list[int] | None = None
        if len(ms) > 16:  # a long claim: bisections, not a scan of its mentions per trigger
            self.starts = [m.start for m in ms]
            ends = [m.end for m in ms]
            # the mentions before a trigger are a prefix of `ms` when their ends are in
            # order (always, unless a mention nests in another)
            self.ends = ends if all(a <= b for a, b in zip(ends, ends[1:])) else None

    def breaks(self) -> list[int]:
        """The claim's segment breaks, found on first need."""
        if self._breaks is None:
            self._breaks = segment_breaks(self.low, self.claim.start, self.claim.end)
        return self._breaks

    def group(self, m: Mention, leftward: bool) -> list[Mention]:
        """The coordinated group around `m` (see `coordinated`)."""
        return coordinated(self.ms, self.low, self.index_of(m), leftward=leftward)

    def before(self, ts: int) -> list[Mention]:
        """The claim's mentions ending at or before `ts`, in text order."""
        if self.ends is not None:
            return self.ms[:bisect_right(self.ends, ts)]
        return [m for m in self.ms if m.end <= ts]

    def after(self, te: int, stop: int) -> list[Mention]:
        """The claim's mentions starting in [te, stop), in text order."""
        if self.starts is None:
            return [m for m in self.ms if m.start >= te and m.start < stop]
        return self.ms[bisect_left(self.starts, te):bisect_left(self.starts, stop)]


class EventAgents:
    """Who did an act that a hostile verb names without its agent ("Iran condemned the
    strikes"): built once per codebook from the relation types' `events` nouns."""

    def __init__(self, cb: Codebook) -> None:
        #: event noun -> the relation types whose acts it names ("strikes" -> strike, ...)
        self.event_kinds: dict[str, set[str]] = {}
        for rt in cb.relation_types:
            for w in rt.events:
                self.event_kinds.setdefault(w, set()).add(rt.relation)
        self.events = word_re(tuple(self.event_kinds)) if self.event_kinds else None

    def __call__(self, cv: _ClaimView, r: _Reading, earlier: list[Relation]) -> list[Mention]:
        """The agents of an act a hostile verb takes as its object without naming who did
        it ("Iran condemned the strikes", "condemned what he called a criminal attack"):
        the sources of the last earlier relation in the article of a type that lists the
        noun among its `events`. Empty when the noun phrase names an actor ("the Israeli
        strikes"), has an agent after it ("by X") or no such act came before."""
        low, te = cv.low, r.te
        det = cv.rx.event_det.match(low, te)
        if det is None:
            return []
        ev = self.events.search(low, det.end(), det.end() + 48)  # up to two modifiers
        if ev is None or not _rx(r"(?:[a-z'-]+\s+){0,2}").fullmatch(low, det.end(), ev.start()) \
                or cv.after(te, ev.end()) or cv.rx.agent_after.match(low, ev.end()):
            return []
        acts = _last_acts(earlier)
        found = [acts[k] for k in self.event_kinds.get(ev.group(0), ()) if k in acts]
        found = [a for a in found if a[0] < r.ts]
        if not found:
            return []
        last = max(a[0] for a in found)
        agents = dict.fromkeys(x for a in found if a[0] == last for x in a[1])
        src = {m.actor_id for m in r.source}
        return [Mention(cv.claim.doc_id, cv.claim.sent_id, ev.start(), ev.end(),
                        cv.claim.text[:0], a, "event") for a in agents if a not in src]


class RelationExtractor:
    """The relation stage for one codebook: its trigger index and word patterns compiled
    once, then called on each document (`__call__`) or claim (`for_claim`)."""

    def __init__(self, cb: Codebook) -> None:
        self.cb = cb
        self.index = _trigger_index(cb)
        self.others = _others_rx(cb)
        self.negators = word_re(cb.negators)
        self.accuse = next((r for r in cb.relation_types if r.relation == "accuse"), None)
        self.support = next((r for r in cb.relation_types if r.relation == "support"), None)
        self.acts = EventAgents(cb)
        self.has_sides = any(rt.sides for rt in cb.relation_types)
        self.agentive = frozenset(w.lower() for w in cb.agentive_from)
        self.rx = _RelationWords(cb)
        give = cb.grammar.words("relations", "give_verbs")
        self.give = word_re(give) if give else None

    def __call__(self, doc: Document, claims: list[Claim], mentions: list[Mention]
                 ) -> list[Relation]:
        """Relations of every claim of one document, in claim order."""
        cb, low = self.cb, doc.low
        found = _bounded(doc_hits(doc, cb)["relations"], low)  # the document's one scan
        mentions = _with_parties(doc, mentions, found, cb)
        starts = [m.start for m in mentions]
        frames = _frames(doc, claims, found)
        out: list[Relation] = []
        for c in claims:
            if c.nested:
                continue  # its text is the outer claim's: read there, under the outer claimant
            rels = self.for_claim(c, doc, mentions, low, found, starts, earlier=out)
            for frame in frames.get(c.claim_id, ()):
                rels.extend(self.for_claim(frame, doc, mentions, low, found, starts,
                                           earlier=out))
            out.extend(_numbered(rels))
        past = _past_sentences(doc, found, {r.sent_id for r in out}) if out else set()
        for r in out:
            if r.sent_id in past and not r.relation.startswith("no_"):
                r.relation, r.sign = f"past_{r.relation}", 0
        return out

    def for_claim(self, claim: Claim, doc: Document, mentions: list[Mention],
                  low: str | None = None,
                  found: list[tuple[int, int, RelationType]] | None = None,
                  starts: list[int] | None = None,
                  earlier: list[Relation] | None = None) -> list[Relation]:
        """Relations expressed inside one claim, ids `{claim_id}-r{n}`.

        `low`: the document's normalised text; `found`: the document's triggers (searched
        in the claim when omitted); `starts`: the mentions' start offsets (computed when
        omitted); `earlier`: the article's relations before it (the acts "the strikes" can
        name again)."""
        low = low if low is not None else norm(doc.text)
        starts = starts if starts is not None else [m.start for m in mentions]
        i = bisect_left(starts, claim.start)
        j = bisect_left(starts, claim.end, lo=i)
        if j - i < 1:
            return []  # no actor in the claim
        every = triggers_in(claim, low, self.cb, found)
        trigs = _readable(every, low)
        sides = self._sides_near(claim, found, every, earlier)
        recip = [t for t in every if t[2].reciprocal]
        backed = self._backed(claim, low, mentions, i, j)
        if not trigs and claim.cue not in {"accuse"} and not backed:
            return []  # most claims: no trigger and no accusing cue, nothing else to look at
        ms = self._actors(claim, low, mentions, i, j)
        if not ms:
            return []
        cv = _ClaimView(claim, low, ms, self.agentive, self.give, self.rx)
        cv.antecedent = self._antecedent(claim, low, mentions, i)
        out = self._read_triggers(cv, trigs, sides, recip, earlier)
        accused = self._frame_accusation(claim, ms, out)
        if accused:
            out.insert(0, accused)
        return _relations(claim, doc, out + backed)

    def _sides_near(self, claim: Claim, found: list[tuple[int, int, RelationType]] | None,
                    every: list[tuple[int, int, RelationType]],
                    earlier: list[Relation] | None) -> list[tuple[int, int, RelationType]]:
        """The phrases naming the two sides, from the document's scan: the object of a
        frame's trigger ("Saudi Arabia urged | both sides to ...") lies in the claim after
        it (up to 40 characters past its end)."""
        if not (earlier and self.has_sides):
            return []
        pool = found if found is not None else every
        a = bisect_left(pool, claim.start, key=itemgetter(0))
        b = bisect_left(pool, claim.end + 40, lo=a, key=itemgetter(0))
        return [t for t in pool[a:b] if t[2].sides]

    def _read_triggers(self, cv: _ClaimView, trigs: list[tuple[int, int, RelationType]],
                       sides: list[tuple[int, int, RelationType]],
                       recip: list[tuple[int, int, RelationType]],
                       earlier: list[Relation] | None
                       ) -> list[tuple[str, str, RelationType, int, int, bool]]:
        """Each trigger of the claim read in turn (source, target, sign, negation); a
        trigger with no actor of its own takes the previous trigger's ("met X and Y")."""
        claim, low = cv.claim, cv.low
        out: list[tuple[str, str, RelationType, int, int, bool]] = []
        prev: tuple[list[Mention], list[Mention]] = ([], [])  # the last trigger's source, target
        for k, (ts, te, rt) in enumerate(trigs):
            next_trig = trigs[k + 1][0] if k + 1 < len(trigs) else claim.end
            if rt.carrier and _serves_purpose(low, te, next_trig, trigs, k):
                continue  # "sent F-16 jets to strike X": the purpose, not the sending, is read
            r = _Reading(k, ts, te, rt, _object_end(low, te, next_trig))
            self._read(cv, r, prev)
            if earlier and self.acts.events is not None and rt.sign < 0 and rt.pos == "verb" \
                    and not rt.symmetric and r.source:
                r.target = self.acts(cv, r, earlier) or r.target
            if sides and not r.target and r.source and not rt.symmetric:
                r.target = _the_sides(cv, r, sides, earlier)
            if recip and len(r.source) >= 2 and any(
                    r.te <= a < r.te + 24 and _rx(r"\s*").fullmatch(low, r.te, a)
                    for a, _, _ in recip):
                r.target = r.source  # "A and B accused each other": _pairs drops A->A
            prev = (r.source, r.target)
            neg = _negated(low, ts, claim, self.negators)
            pairs = _pairs(r, low)
            if rt.not_with and r.target:  # "supply X with minerals" is trade
                rt = _refit(rt, low, te, r.obj_end, self.cb)
            out.extend((s, t, rt, ts, te, neg) for s, t in pairs)
        return out

    def _frame_accusation(self, claim: Claim, ms: list[Mention],
                          out: list[tuple[str, str, RelationType, int, int, bool]]
                          ) -> tuple[str, str, RelationType, int, int, bool] | None:
        """The accusing frame itself: "Armenia accused Turkey of ..." -> the claimant accuses
        the first actor of the content, unless a trigger in the content already gave the
        claimant's accusation ("Turkey, Azerbaijan's ally, blamed Armenia" names its target
        after the cue, not the first actor)."""
        if claim.cue not in {"accuse"} or not claim.claimant_id or not self.accuse or any(
                o[0] == claim.claimant_id and o[2] is self.accuse for o in out):
            return None
        tgt = next((m for m in ms if m.actor_id != claim.claimant_id), None)
        return (claim.claimant_id, tgt.actor_id, self.accuse, tgt.start, tgt.end, False) \
            if tgt else None

    def _antecedent(self, claim: Claim, low: str, mentions: list[Mention], i: int
                    ) -> Mention | None:
        """What a possessive pronoun opening the claim ("its attacks") refers to: the last
        actor before the claim that can act as a side (a state, government, military, armed
        group or bloc; not a person, source or outlet), within `_ANTECEDENT_REACH`
        characters and the last few mentions (a bounded walk back, not a scan); one opening
        its sentence or clause (a subject) before the nearest."""
        nearest = None
        for m in reversed(mentions[max(0, i - 6):i]):
            if claim.start - m.end > _ANTECEDENT_REACH:
                break
            a = self.cb.get(m.actor_id)
            if a is None or a.type not in _ACTING:
                continue
            if _CLAUSE_OPENING.search(low, max(0, m.start - 8), m.start) or m.start == 0:
                return m  # a subject ("Hezbollah fired at Israel. Its attacks ...")
            nearest = nearest or m
        return nearest

    def _backed(self, claim: Claim, low: str, mentions: list[Mention], i: int, j: int
                ) -> list[tuple[str, str, RelationType, int, int, bool]]:
        """"the Iran-backed Houthis": the backer (a mention ending in the codebook's
        `backed_suffix`) supports the actor named right after it."""
        if self.support is None:
            return []
        suffix = self.cb.backed_suffix.lower()
        out = []
        for a, b in zip(mentions[i:j], mentions[i + 1:j]):
            if b.end <= claim.end and low.endswith(suffix, a.start, a.end) \
                    and _rx(r"\s+").fullmatch(low, a.end, b.start):
                state = a.actor_id.partition("-")[0]
                src = state if state in self.cb.states else a.actor_id
                if src != b.actor_id:
                    out.append((src, b.actor_id, self.support, a.start, a.end, False))
        for a in mentions[i:j]:  # "the Iran-backed group" named as the Houthis
            if a.rule == "coreference" and a.end <= claim.end and suffix in low[a.start:a.end]:
                actor = self.cb.get(a.actor_id)
                if actor is not None and actor.backed_by and actor.backed_by != a.actor_id:
                    out.append((actor.backed_by, a.actor_id, self.support, a.start, a.end, False))
        return out

    def _actors(self, claim: Claim, low: str, mentions: list[Mention], i: int, j: int
                ) -> list[Mention]:
        """The claim's actors that can take part in a relation: the mentions inside it, a
        head just before an opening parenthesis ("Thailand (an old American ally)"), and no
        outlet the codebook lists (a pattern-made media actor stays)."""
        ms = [m for m in mentions[i:j] if m.end <= claim.end]
        if i > 0 and _rx(r"\s*\(\s*").fullmatch(low, mentions[i - 1].end, claim.start):
            ms.insert(0, mentions[i - 1])
        cb = self.cb
        return [m for m in ms if (a := cb.get(m.actor_id)) is None or a.type not in {"media"}
                or a.origin == "pattern"]

    def _read(self, cv: _ClaimView, r: _Reading, prev: tuple[list[Mention], list[Mention]]
              ) -> None:
        """Read one trigger's source and target, step by step: each step fills what the
        earlier ones left open, so the order of the steps is the order of precedence."""
        _window(cv, r)
        _explicit_agent(cv, r)
        _possessor(cv, r)
        _subject_cues(cv, r, prev)
        _recipient(cv, r)
        _clause_subject(cv, r)
        _object_relative(cv, r)
        self._target(cv, r)
        if not r.target and r.source and r.rt.pos == "verb" and not r.rt.symmetric:
            r.target = _object_agent(cv, r)  # "condemned the attack by Iran"

    def _target(self, cv: _ClaimView, r: _Reading) -> None:
        """The target (and the overrides of the source that depend on it): a passive
        subject, the first actor group after the trigger, the claimant as the actor, a
        threat's addressee, "between the two"."""
        low, claim, rt, ts, te = cv.low, cv.claim, r.rt, r.ts, r.te
        if r.agent is None and rt.pos == "verb" and r.seg is not None and not r.source and \
                cv.rx.passive.search(low, max(0, ts - 30), ts):
            # "the commanders were all eliminated in the Israeli strikes": the subject is
            # the patient; without a "by X" agent the relation has no known source
            r.target = cv.group(r.seg, leftward=True)
            r.seg, r.left = None, []
        if r.agent is not None and not r.target and not r.right and r.seg is not None and (
                not r.nominal or cv.rx.passive.search(low, max(0, ts - 30), ts)):
            # passive: "Georgia's regions are occupied by Russian troops"; but a noun with
            # its agent ("Qatar condemned the attack by Iran") is no passive of the subject
            r.target = cv.group(r.seg, leftward=True)
        if not r.target and r.right and not (
                r.joint and not self.rx.joint.match(low, te)):
            r.target = [m for m in cv.group(r.right[0], leftward=False)
                        if m.start < r.obj_end and not _others_of(low, m, self.others)]
        if not r.source and r.target and not rt.symmetric and claim.attribution == "named" \
                and claim.claimant_id and not r.left and r.k == 0 and (
                    not r.nominal or (r.nominal.start() <= claim.start + 1
                                      and claim.cue != "accuse")):
            # "Biden announced measures to impede Russia's ...": the speaker acts; but not
            # when the trigger is a noun inside what they say ("called it an act of
            # aggression against X"); a noun that is the whole object is the speaker's act
            # ("Trump announced the ceasefire between India and Pakistan")
            r.source = [_claimant(claim)]
        if rt.reverse:
            # "the US and Israel will pay a heavy price": the speaker threatens the subject
            r.target = cv.group(r.seg, leftward=True) if r.seg is not None else []
            r.source = [_claimant(claim)] if claim.claimant_id and \
                claim.attribution in {"named", "group"} else []
        if rt.symmetric and _rx(r"\s*between (?:the two|them|both)\b").match(low, te):
            r.source, r.target = _the_two(cv.ms, ts, self.cb), []  # "the last war between the two"


#: (the list scanned, how far, the clash found): one article's relations at a time
_CLASH_MEMO: list = [None, 0, None]
#: (the list scanned, how far, {relation: (start, [sources]) of its last hostile act})
_ACTS_MEMO: list = [None, 0, {}]


def _last_acts(earlier: list[Relation]) -> dict[str, tuple[int, list[str]]]:
    """Per relation type, the start and the sources of the last hostile act among
    `earlier` (several sources when one trigger had them: "the US and Britain struck");
    kept up to date as the article's list grows, so it is scanned once."""
    memo = _ACTS_MEMO
    if memo[0] is not earlier or memo[1] > len(earlier):
        memo[:] = [earlier, 0, {}]
    acts = memo[2]
    for x in earlier[memo[1]:]:
        if x.sign < 0:
            kind = x.relation.removeprefix("past_")
            got = acts.get(kind)
            if got is not None and got[0] == x.start:
                got[1].append(x.source_id)
            else:
                acts[kind] = (x.start, [x.source_id])
    memo[1] = len(earlier)
    return acts


def _first_clash(earlier: list[Relation]) -> Relation | None:
    """The article's first armed clash (hostile, CAMEO 19x) among `earlier`; the scan goes
    on from where the last call on the same list stopped (the list only grows), so a long
    article is scanned once."""
    memo = _CLASH_MEMO
    if memo[0] is not earlier or memo[1] > len(earlier):
        memo[:] = [earlier, 0, None]
    if memo[2] is None:
        memo[2] = next((x for x in earlier[memo[1]:] if x.cameo.startswith("19") and x.sign < 0),
                       None)
        memo[1] = len(earlier)
    return memo[2]


def _the_sides(cv: _ClaimView, r: _Reading, sides: list[tuple[int, int, RelationType]],
               earlier: list[Relation]) -> list[Mention]:
    """"urged both sides to ...": when a phrase naming the two sides is the trigger's
    object (no actor between them), the two actors of the article's first armed clash
    (a hostile relation with a CAMEO 19x code) told of before."""
    span = next(((s, e) for s, e, _ in sides if r.te <= s < r.te + 40
                 and _rx(r"\s*(?:[\w'-]+\s+){0,2}").fullmatch(cv.low, r.te, s)), None)
    if span is None:
        return []
    clash = _first_clash(earlier)
    if clash is None:
        return []
    src = {m.actor_id for m in r.source}
    return [Mention(cv.claim.doc_id, cv.claim.sent_id, span[0], span[1], "", a, "sides")
            for a in dict.fromkeys((clash.source_id, clash.target_id)) if a not in src]


def _object_agent(cv: _ClaimView, r: _Reading) -> list[Mention]:
    """The target of a verb whose object is an act with its agent named after "by": "Qatar
    condemned the attack by Iran", "Egypt welcomed the truce announced by Israel" (the
    condemner's or welcomer's relation is with the agent of the act). Empty when an actor
    stands inside the noun phrase before "by" ("the attack on X by Y": whom the speaker
    condemns is not read)."""
    low, te = cv.low, r.te
    det = cv.rx.event_det.match(low, te)
    if det is None:
        return []
    by = _OBJECT_BY.match(low, det.end())
    agent = cv.after(by.end(), by.end() + 1) if by is not None else []
    if not agent or cv.after(te, by.end()):
        return []
    return [m for m in cv.group(agent[0], leftward=False) if m.start < te + _OBJECT_REACH]


def _object_relative(cv: _ClaimView, r: _Reading) -> None:
    """A verb trigger ending an object relative clause ("a show of support that Caracas
    denounced", "the strikes by Israel which Iran condemned"): its subject follows "that" or
    "which", no object follows it, and the antecedent (a noun phrase opened by a determiner)
    is what it acts on; the target is the antecedent's agent, the nearest actor before it in
    its segment. Nothing when the trigger has its own object or "that" opens a complement
    ("Russia said that Ukraine attacked")."""
    low, rt = cv.low, r.rt
    if rt.pos != "verb" or rt.symmetric or r.target or not r.source \
            or any(m.start < r.obj_end for m in r.right) \
            or not _rx(r"\s+(?:[a-z]+\s+){0,2}").fullmatch(low, r.source[-1].end, r.ts):
        return
    head = r.source[0].start
    rel = _rx(r"\s(?:that|which)\s+(?:the\s+)?$").search(low[max(0, head - 12):head])
    if rel is None:
        return
    at = max(0, head - 12) + rel.start()
    np = cv.rx.antecedent.search(low, max(0, at - 50), at)
    subject = _unbroken(low, cv.breaks, cv.before(at), at) if np else None
    if subject is not None:
        r.target = cv.group(subject, leftward=True)


def _window(cv: _ClaimView, r: _Reading) -> None:
    """The actors a trigger can link: those before it, and those after it within its object
    (up to the next trigger or clause, and `_OBJECT_REACH` characters)."""
    low, ts, te = cv.low, r.ts, r.te
    r.left = cv.before(ts)
    k = len(r.left)
    if k < len(cv.ms) and cv.ms[k].start < ts < cv.ms[k].end <= te:
        # a trigger starting inside an actor's name ("US intelligence" + "intelligence
        # authorities are"): the actor stands before the rest of the trigger
        r.left = r.left + [cv.ms[k]]
    right = cv.after(te, min(r.obj_end, te + _OBJECT_REACH))
    if right and cv.rx.prep_end.search(low, ts, te) and not cv.rx.prep_object.fullmatch(
            low, te, right[0].start):
        right = []  # "the main threat to the region ...": the preposition's object is no actor
    if right and (cv.rx.np_relative.fullmatch(low, te, right[0].start) or (
            cv.rx.rel_pronoun.fullmatch(low, te, right[0].start) and cv.rx.noun_use.search(
                low, max(r.left[-1].end if r.left else 0, ts - 30), ts))):
        # "a show of support that Caracas denounced", "backs the offensive that Russia
        # condemned": the actor is the relative clause's subject, not the trigger's object
        right = []
    if right and r.rt.sign > 0 and cv.rx.against.search(low, te, right[0].start):
        right = []  # "sanctions, coordinated with allies, against Russian banks"
    r.right = right


def _object_by(low: str, r: _Reading, cand: Mention, rx: _RelationWords) -> bool:
    """Whether "by X" belongs to an active verb's object noun phrase ("denounced the strikes
    by Israel": Israel struck, it did not denounce), not to the verb."""
    if r.rt.pos != "verb" or rx.passive.search(low, max(0, r.ts - 30), r.ts):
        return False
    det = rx.event_det.match(low, r.te)
    return det is not None and bool(_OBJECT_BY.fullmatch(low, det.end(), cand.start))


def _explicit_agent(cv: _ClaimView, r: _Reading) -> None:
    """An explicit agent after the trigger ("... by X", "support from X") is the source;
    after an active verb 'from X' is what the act is taken from, not its agent."""
    low, te = cv.low, r.te
    for cand in r.right:  # in text order: none after the first one 80 characters away
        if cand.start - te >= 80:
            break
        prep = _rx(r"\b(by|from)\s+(?:the\s+)?$").search(low[max(te, cand.start - 12):cand.start])
        if prep and prep.group(1) == "from" and r.rt.from_target:
            if _word_before(low, cand.start) not in cv.agentive:
                continue  # "captured from Ukraine by X": 'from' names the target
            r.right = r.right[:r.right.index(cand)]  # "took funding from Iran": a giver
            break
        if prep and prep.group(1) == "from" and r.rt.pos == "verb" and \
                low[r.ts:te].rsplit(" ", 1)[-1] not in cv.agentive and \
                not cv.rx.passive.search(low, max(0, r.ts - 30), r.ts):
            break  # "recaptured the palace from the RSF": an active verb's 'from' is no agent
        if prep and _object_by(low, r, cand, cv.rx):
            break  # "denounced the strikes by Israel": the agent of the object noun
        if prep:
            r.agent = cand
            break
    if r.agent is not None:
        r.source = cv.group(r.agent, leftward=False)
        r.right = [m for m in r.right if m not in r.source]


def _possessor(cv: _ClaimView, r: _Reading) -> None:
    """A possessor before a noun trigger is its target ("Azerbaijan's main ally"), and the
    actor it is in apposition to, or the predicate after a copula, the source."""
    low, ts, te, rt, left = cv.low, r.ts, r.te, r.rt, r.left
    poss = None
    if left and _rx(r"^(?:'s|')\s+(?:[\w-]+\s+){0,3}$").match(low[left[-1].end:ts]) and (
            rt.pos == "noun" or rt.relation in {"alliance", "support"} or (
                len(left) >= 2 and cv.rx.copula_actor.fullmatch(low, left[-2].end, left[-1].start))):
        # a verb trigger after "X's" is a noun when a copula links X to a subject: "Russia
        # remains Myanmar's main arms supplier"
        poss = left[-1]
    if poss is None and len(left) >= 2 and rt.symmetric \
            and _rx(r"\s+").fullmatch(low[left[-1].end:ts]) \
            and not _COORD.match(low[left[-2].end:left[-1].start]):
        # "Thailand (an old American ally)", "told his Chinese counterpart": the
        # modifier is the partner
        poss = left[-1]
    if poss is None or r.source:
        return
    r.target = [poss]
    r.left = left = left[:-1]
    if left and (_rx(r"\s*,\s*(?:the\s+)?").fullmatch(low[left[-1].end:poss.start])
                 or cv.rx.apposition.match(low[left[-1].end:poss.start])
                 or cv.rx.copula_actor.fullmatch(low, left[-1].end, poss.start)):
        r.source = [left[-1]]  # apposition or copula: "Belarus, Russia's closest ally"
    elif rt.symmetric and r.right and cv.rx.copula_actor.fullmatch(low, te, r.right[0].start):
        # "Ethiopia's principal ally is the UAE": the possessor and the predicate
        r.source = [poss]
        r.target = [m for m in cv.group(r.right[0], leftward=False) if m.start < r.obj_end]


def _subject_cues(cv: _ClaimView, r: _Reading, prev: tuple[list[Mention], list[Mention]]
                  ) -> None:
    """A source named by the words right before the trigger: an apposition ("the TPLF, an
    old foe of"), a coordinated predicate keeping the last subject ("A met B and later spoke
    with C"), a possessive pronoun ("its aggression against")."""
    low, ts, left = cv.low, r.ts, r.left
    if not r.source and not r.target and left and r.rt.pos == "noun" \
            and cv.rx.apposition.match(low[left[-1].end:ts]):
        r.source = [left[-1]]  # "the TPLF, an old foe of Eritrea"
    if not r.source and left and prev[0] and left[-1] in prev[1] \
            and cv.rx.coord_pred.match(low[left[-1].end:ts]):
        r.source = prev[0]  # "A met B and later spoke with C": A is the subject again
    if not r.source and left and cv.rx.pronoun_poss.search(low, max(0, ts - 30), ts):
        # "... emboldened Cambodia by ignoring its aggression against Thailand"
        r.source = [left[-1]]
    elif not r.source and not left and cv.antecedent is not None \
            and cv.rx.pronoun_poss.search(low, max(cv.claim.start, ts - 30), ts):
        # "The Houthis vowed to go on; its attacks target ships linked to Israel"
        r.source = [cv.antecedent]


def _recipient(cv: _ClaimView, r: _Reading) -> None:
    """A noun trigger after a give-verb and its recipient: "Russia gave Ukraine an
    ultimatum", "Israel set Hamas a deadline to ..." (the verb's subject is the source, the
    recipient the target). Nothing when the verb does not stand right before the recipient."""
    low, ts, left = cv.low, r.ts, r.left
    if r.source or r.target or not left or cv.give is None \
            or not cv.rx.recipient_gap.fullmatch(low, left[-1].end, ts):
        return
    group = cv.group(left[-1], leftward=True)
    head = group[0].start
    lo = max(0, head - 24)  # a short window: the verb and an article
    verb = _rx(r"([a-z]+)\s+(?:the\s+)?$").search(low[lo:head])
    if verb is None or not cv.give.fullmatch(verb.group(1)):
        return
    gap = lo + verb.start()
    subject = _unbroken(low, cv.breaks, cv.before(gap), gap)
    if subject is not None:
        r.source, r.target = cv.group(subject, leftward=True), group


def _noun_phrase_bound(cv: _ClaimView, r: _Reading) -> None:
    """A noun trigger inside a noun phrase ("condemned the attacks on X") takes its agent
    from inside the phrase ("the Houthi attacks", "Russia's invasion"), not the clause
    subject; after a light verb ("launched an invasion of") the subject is the agent."""
    low, claim, ts = cv.low, cv.claim, r.ts
    r.nominal = nominal = cv.rx.nominal.search(low, max(claim.start, ts - 45), ts)
    if not nominal or r.source or r.rt.symmetric:
        return
    seg_start = max(claim.start, nominal.start() - 120)
    breaks = list(_SEGMENT_BREAK.finditer(low, seg_start, nominal.start()))
    if breaks:
        seg_start = breaks[-1].end()
    light = cv.rx.light_verb.search(low, seg_start, nominal.start()) \
        or (cv.give is not None and cv.give.search(low, seg_start, nominal.start())) \
        or cv.rx.adverbial.search(low, max(0, nominal.start() - 12), nominal.start()) \
        or cv.rx.copula_end.search(low, max(seg_start, nominal.start() - 24), nominal.start())
    if not light:
        if r.seg is not None and r.seg.start < nominal.start():
            r.seg = None  # the mentions before a trigger are in text order: the last is kept or none
        r.blocked = True


def _clause_subject(cv: _ClaimView, r: _Reading) -> None:
    """The source when no cue named it: the subject of a relative clause ("Russia, which
    also sells arms to"), else the nearest actor group before the trigger in its segment,
    else the claim's opening actor."""
    low, claim, ts, rt, left = cv.low, cv.claim, r.ts, r.rt, r.left
    r.seg = _unbroken(low, cv.breaks, left, ts)
    _noun_phrase_bound(cv, r)
    if low.endswith("to ", 0, ts) and rt.pos == "verb" and left and not r.source \
            and left[0].start - claim.start < 40:
        # "Turkey deployed troops to Libya to support the government": the subject acts
        r.seg = left[0]
    if r.source:
        return
    if r.seg is None and left:
        # "Russia, which also sells arms to Azerbaijan but has a pact with Armenia"
        semi = low.rfind(";", 0, ts)  # no ';' between the relative pronoun and the trigger
        rel = next((m for m in reversed(left) if m.end > semi and low.startswith(",", m.end)
                    and _RELATIVE.match(low, m.end)), None)
        if rel is not None:
            r.source = [rel]
            return
    if r.seg is not None:
        r.source = cv.group(r.seg, leftward=True)
    elif rt.symmetric and left and left[0].start - claim.start < 40 and not r.blocked \
            and len(group := [m for m in cv.group(left[0], leftward=False) if m.end <= ts]) >= 2:
        # "Mali, Burkina Faso and Niger, all run by soldiers, have formed an alliance": the
        # coordinated subject of the clause are the parties (an object needs "with")
        r.source, r.joint = group, True
    elif rt.symmetric and rt.pos == "noun" and left and r.target == [] and r.right:
        r.source = [left[-1]]  # "..., including the conflict with Armenia"
    elif left and left[0].start - claim.start < 40 and not rt.symmetric and not r.blocked:
        r.source = [m for m in cv.group(left[0], leftward=False) if m.end <= ts]


def _pairs(r: _Reading, low: str) -> list[tuple[str, str]]:
    """The (source, target) actor pairs a reading yields: every source with every target,
    else the members of a symmetric relation's group pairwise; none to an actor itself."""
    rt, source, target = r.rt, r.source, r.target
    if rt.symmetric and len(target) >= 2 and _BETWEEN.match(low, r.te) or (
            rt.symmetric and len(target) >= 2 and low.endswith("between", r.ts, r.te)):
        source = []  # "tensions between Israel and Hezbollah": the two are the parties
    if source and target:
        pairs = [(s, t) for s in source for t in target]
    elif rt.symmetric and len(source) >= 2:
        pairs = [(source[a], source[b]) for a in range(len(source))
                 for b in range(a + 1, len(source))]
    elif rt.symmetric and len(target) >= 2 and not source:
        pairs = [(target[a], target[b]) for a in range(len(target))
                 for b in range(a + 1, len(target))]
    else:
        pairs = []
    return [(s.actor_id, t.actor_id) for s, t in pairs if s.actor_id != t.actor_id]


def _relations(claim: Claim, doc: Document,
               out: list[tuple[str, str, RelationType, int, int, bool]]) -> list[Relation]:
    """The claim's relation records, one per (source, target, relation): a negated trigger
    becomes `no_<relation>` with sign 0, a denial keeps its type with sign 0; each carries
    the claim's claimant, attribution, modality and polarity."""
    rels: list[Relation] = []
    seen = set()
    asserted_by = claim.claimant_id or f"({claim.attribution})"
    for src, tgt, rt, ts, te, neg in out:
        key = (src, tgt, rt.relation)
        if key in seen:
            continue
        seen.add(key)
        sign = rt.sign
        relation = rt.relation
        if neg or claim.polarity == "deny":
            sign = 0
            relation = f"no_{rt.relation}" if neg else rt.relation
        rels.append(Relation(
            relation_id=f"{claim.claim_id}-r{len(rels) + 1}", doc_id=claim.doc_id,
            claim_id=claim.claim_id, sent_id=claim.sent_id, start=ts, end=te,
            trigger=doc.text[ts:te], source_id=src, target_id=tgt, relation=relation, sign=sign,
            cameo=rt.cameo, plover=rt.plover, asserted_by=asserted_by,
            attribution=claim.attribution, modality=claim.modality, polarity=claim.polarity))
    return rels


def extract_relations(doc: Document, claims: list[Claim], mentions: list[Mention],
                      cb: Codebook) -> list[Relation]:
    """Relations of every claim of one document, in claim order."""
    from analysis.extract.pipeline import pipeline_of  # the composer imports this module

    p = pipeline_of(cb)
    return p.relations(p.scan(doc), claims, mentions)


_PAST_YEAR = re.compile(r"[\"'(]?\s*(?:in|by|during|back in|until)\s+((?:19|20)\d\d)\b")


def _past_sentences(doc: Document, found: list[tuple[int, int, RelationType]],
                    wanted: set[int]) -> set[int]:
    """Sentences dated to an earlier war by their opening ("In the last war ...", "In 2020
    Eritrea sent troops ..." in an article of 2025: two years or more before publication):
    what they tell of a pair is its history, not its present state."""
    year = doc.meta.get("published", "")[:4]
    now = int(year) if year.isdigit() else None
    starts = {t[0] for t in found if t[2].past}
    out: set[int] = set()
    for sent in doc.sentences:
        if sent.sent_id not in wanted:
            continue
        head = doc.low[sent.start:sent.start + 3]
        if sent.start + len(head) - len(head.lstrip("\"'( ")) in starts:
            out.add(sent.sent_id)
            continue
        m = _PAST_YEAR.match(doc.low, sent.start)
        if m and now is not None and int(m.group(1)) <= now - 2:
            out.add(sent.sent_id)
    return out


_BETWEEN = re.compile(r"\s*between\s+(?:the\s+)?$|\s+between\s+(?:the\s+)?")


def _with_parties(doc: Document, mentions: list[Mention],
                  found: list[tuple[int, int, RelationType]], cb: Codebook) -> list[Mention]:
    """The mentions plus the states named after a relational 'between' ("a ceasefire between
    India and Pakistan", "the war between Israel and Iran") and the state right after a
    hostile trigger that ends in a place preposition ("fired missiles at Israel"): actor
    resolution reads a state after 'between' or 'at' as a place, but these triggers name
    their parties there. The parties are added for reading relations only (mentions.csv is unchanged)."""
    taken = {m.start for m in mentions}
    extra: list[Mention] = []
    hits: list | None = None
    preps = frozenset(p for p in cb.place_prepositions if " " not in p)  # "at", "in", "into"
    agentive = frozenset(w.lower() for w in cb.agentive_from)
    for ts, te, rt in found:
        if rt.blocker:
            continue
        if rt.from_target:
            m = _taken_from(doc.low, te, agentive)
        elif rt.symmetric or rt.relation == "mediate":
            m = _BETWEEN.match(doc.low, te) if not doc.low.endswith("between", ts, te) else \
                _rx(r"\s+(?:the\s+)?").match(doc.low, te)
        else:
            m = _aimed_at(doc.low, ts, te, rt, preps)
        if not m:
            continue
        if hits is None:
            hits = [h for h in doc_hits(doc, cb)["actors"] if h[2].kind in {"state", "actor"}]
            hit_at = {h[0]: h for h in hits}
        pos = m.end()
        for _ in range(2):
            h = hit_at.get(pos)
            if h is None:
                break
            if h[0] not in taken:
                extra.append(Mention(doc.doc_id, -1, h[0], h[1], doc.text[h[0]:h[1]],
                                     h[2].key, "party"))
                taken.add(h[0])
            nxt = _rx(r"\s+and\s+(?:the\s+)?").match(doc.low, h[1])
            if not nxt:
                break
            pos = nxt.end()
    if not extra:
        return mentions
    return sorted(mentions + extra, key=attrgetter("start"))


#: A "from" in a taking act's clause: "captured from", "seized by X from", "took the town
#: from" (a few words, no clause break).
_TAKEN_FROM = re.compile(r"(?:\s+[\w'-]+){0,5}?\s+from\s+(?:the\s+)?")


def _taken_from(low: str, te: int, agentive: frozenset[str]) -> re.Match | None:
    """Where the actor a taking act takes from starts ("captured from Ukraine by Russian
    forces", "seized the port from the rebels"): a state named there is the target, not a
    place. None when no "from" follows within five words of the trigger, or when it follows
    a noun whose "from X" names a giver ("took funding from Iran")."""
    m = _TAKEN_FROM.match(low, te)
    if m is None or _word_before(low, m.end()) in agentive:
        return None
    return m


def _word_before(low: str, at: int) -> str:
    """The word before the preposition that ends at `at` ("funding" in "funding from ")."""
    head = low[max(0, at - 40):at].split()
    return head[-3] if len(head) >= 3 and head[-1] == "the" else (head[-2] if len(head) >= 2 else "")


def _aimed_at(low: str, ts: int, te: int, rt: RelationType, preps: frozenset[str]
              ) -> re.Match | None:
    """Where the object of a hostile trigger that ends in a place preposition starts
    ("fired missiles at Israel", "strikes in Yemen", "interference in Moldova"): the state
    named there is the target, not a place (the lexicon wrote the preposition into the
    trigger). None for other triggers."""
    if rt.sign >= 0:
        return None
    word = low[max(ts, low.rfind(" ", ts, te) + 1):te]  # the trigger's last word
    if word not in preps:
        return None
    return _rx(r"\s+(?:the\s+)?").match(low, te)


def _frames(doc: Document, claims: list[Claim], found: list[tuple[int, int, RelationType]]
            ) -> dict[str, list[Claim]]:
    """The author's own words around reported content, as claims of the author's voice.

    In "Mexico condemned the U.S. intervention in Venezuela, saying it was illegal" the claim
    is what Mexico said; the frame (who condemned whom, who intervened where) is asserted by
    the article itself. Each stretch of a sentence outside every claim that holds a trigger
    becomes an author-voice claim with the id of the claim it frames (the next one in the
    sentence, else the last), so its relations keep a claim to point to.
    """
    if not claims or not found:
        return {}
    author = next((c.claimant_id for c in claims if c.attribution == "author"), "")
    by_sent: dict[int, list[Claim]] = {}
    for c in claims:
        by_sent.setdefault(c.sent_id, []).append(c)
    trig_starts = [t[0] for t in found]
    out: dict[str, list[Claim]] = {}
    for sent in doc.sentences:
        cs = sorted(by_sent.get(sent.sent_id, ()), key=attrgetter("start"))
        if not cs:
            continue
        edges = [sent.start] + [x for c in cs for x in (c.start, c.end)] + [sent.end]
        for n in range(0, len(edges), 2):
            a, b = edges[n], edges[n + 1]
            i = bisect_left(trig_starts, a)
            if b - a < 8 or i >= len(found) or found[i][0] >= b:
                continue
            owner = cs[min(n // 2, len(cs) - 1)]
            out.setdefault(owner.claim_id, []).append(Claim(
                owner.claim_id, owner.doc_id, owner.sent_id, a, b, doc.text[a:b], author,
                "", "author", "", "affirm", "asserted", "", ""))
    return out


def _numbered(rels: list[Relation]) -> list[Relation]:
    """A claim's relations (its own, then its frame's), one per (source, target, relation),
    numbered `{claim_id}-r{n}`."""
    seen: set[tuple[str, str, str]] = set()
    kept: list[Relation] = []
    for r in rels:
        key = (r.source_id, r.target_id, r.relation.removeprefix("no_"))
        if key in seen:
            continue
        seen.add(key)
        r.relation_id = f"{r.claim_id}-r{len(kept) + 1}"
        kept.append(r)
    return kept
