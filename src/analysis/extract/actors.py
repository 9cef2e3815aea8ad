"""Find actor mentions and resolve them to codebook actors; keep places apart; flag titles.

Rules, in order of strength (all driven by the codebook, none by an article):
1. curated aliases (persons, bodies, organisations, outlets), longest match first;
2. a demonym or state name followed by a role head noun ("Azerbaijani Armed Forces",
   "Turkish proxy groups", "pro-Armenian sources", "Russia's defence ministry") -> the body;
3. a title and a name ("Turkish Defense Minister Jane Doe") -> the person, checked
   against the codebook's dated offices (a mismatch becomes a reference-consistency flag);
4. a bare state name, demonym or capital -> the state, unless it is only a place ("near the
   border with Iran", "fighters from Syria") or names nationals ("Syrian mercenaries");
5. pronouns and "the sides" stay unresolved rather than guessed.
Capitalised names matched by no rule are listed as unresolved, for growing the codebook.

Each job is one component, built once per codebook (`ActorResolver`, held by the
`extract.pipeline.Pipeline`) from the compiled dictionaries (`actor_lexicon.ActorMatcher`); a document's
state is an `actor_doc.ActorDoc` passed to each in turn:
- `CodebookNames` (here): the dictionary hits and curated aliases (rule 1);
- `actor_states.StateAttribution`: state forms as bodies, offices, places or the state (2-4);
- `actor_people.PersonFinder`: people introduced by a title or apposition (3, `learned`);
- `actor_offices.OfficeCheck`: a title + name against the dated offices (the flags);
- `actor_coref.NameCoreference` and `BodyReferences`: surnames, roles, body nouns and
  abbreviations named again later (`coreference`).
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import replace
from operator import attrgetter, itemgetter

from analysis.codebook import Codebook
from analysis.extract.actor_coref import BodyReferences, NameCoreference
from analysis.extract.actor_doc import ActorDoc
from analysis.extract.actor_lexicon import ActorMatcher, Ref, dia_fold
from analysis.extract.actor_offices import OfficeCheck
from analysis.extract.actor_people import PersonFinder
from analysis.extract.actor_states import StateAttribution
from analysis.extract.lexicon import doc_hits
from analysis.records import Document, Flag, Mention, PlaceRef, Unresolved

__all__ = ["ActorMatcher", "ActorResolver", "dia_fold", "resolve"]


def _in_last_spans(spans: list[tuple[int, int]], pos: int) -> bool:
    """Whether one of the last four spans holds `pos`: a hit that a longer rule just took
    (a title, a compound) is not read again (a loop, not `any` over a generator: this
    runs for every hit)."""
    for a, b in spans[-4:]:
        if a <= pos < b:
            return True
    return False


class CodebookNames:
    """Rule 1: the codebook's own names (aliases, state forms, places) found in the text."""

    def __init__(self, m: ActorMatcher, offices: OfficeCheck):
        self.m, self.cb, self.offices = m, m.cb, offices

    def hits(self, d: ActorDoc) -> list[tuple[int, int, Ref]]:
        """Dictionary hits, longest-leftmost, case-insensitive plus case-sensitive ones."""
        found = doc_hits(d.doc, self.cb)["actors"] + self.m.cs_index.find(d.folded())
        found.sort(key=lambda h: (-(h[1] - h[0]), h[0]))
        taken: list[tuple[int, int, Ref]] = []
        occupied = bytearray(len(d.low) + 1)  # 1 where a longer hit was taken
        for h in found:
            s, e = h[0], h[1]
            if 1 not in occupied[s:e]:
                taken.append(h)
                occupied[s:e] = b"\x01" * (e - s)
        return sorted(taken, key=itemgetter(0))

    def actor_alias(self, d: ActorDoc, hit: tuple[int, int, Ref], hits_at: dict) -> None:
        """Resolve a curated alias hit, extending persons over honorifics and titles."""
        start, end, ref = hit
        actor = self.cb.get(ref.key)
        if actor is None:
            return
        if actor.type == "person":
            i = d.tok_at(start) - 1
            s = start
            while i >= 0 and d.texts[i].strip(".").lower() in self.m.honorifics:
                s = d.starts[i]
                i -= 1
            # a title just before the name: "Defense Minister Jane Doe"
            for n in range(self.m.max_title, 0, -1):
                if i - n + 1 < 0:
                    continue
                key = tuple(d.lows[i - n + 1:i + 1])
                role = self.m.titles.get(key)
                if role and d.same_sentence(d.starts[i - n + 1], start):
                    s = d.starts[i - n + 1]
                    self.offices.check_office(d, s, end, actor.id, actor.country, role)
                    break
            d.add(s, end, actor.id, "title_name" if s != start else "alias")
            return
        # possessive of a person/body followed by a head: "Mr Erdogan's government"
        d.add(start, end, actor.id, "alias")


def unresolved_names(d: ActorDoc) -> list[Unresolved]:
    """Capitalised names no rule resolved."""
    out: list[Unresolved] = []
    cov = sorted(d.covered)
    cov_starts = [c[0] for c in cov]
    texts, lows = d.texts, d.lows
    sent_first = {d.tok_at(s.start) for s in d.doc.sentences}
    caps = d.caps()  # the only candidates
    stop = d.m.not_names
    # a capitalised word only at sentence starts is an ordinary word ("Peace talks ...")
    mid_caps = {d.lows[k] for k in caps if k not in sent_first}
    i = 0
    for c in caps:
        if c < i:
            continue  # inside the name just taken
        i = c
        t, t_start = texts[i], d.starts[i]
        k = bisect_left(cov_starts, t_start + 1) - 1
        inside = k >= 0 and cov[k][0] <= t_start < cov[k][1]
        if t.isalpha() and not inside and lows[i] not in stop:
            j = i + 1
            while j < d.n_tokens and d.texts[j][:1].isupper() and d.texts[j].isalpha() \
                    and d.lows[j] not in stop:
                j += 1
            s, e = t_start, d.ends[j - 1]
            sent = d.doc.sentences[d.sent_of(s)]
            heading = sent.heading
            lone_start = i in sent_first and j == i + 1 and lows[i] not in mid_caps
            # a run that runs into a resolved name is that name's title ("Foreign Minister
            # <learned name>"), not a name of its own
            k_end = bisect_left(cov_starts, e)
            titled = k_end > k + 1 and cov[k_end - 1][0] < e
            if not heading and not lone_start and not titled:
                out.append(Unresolved(d.doc.doc_id, sent.sent_id, s, e,
                                      d.doc.text[s:e], "unknown", sent.text))
            i = j
    return out


class ActorResolver:
    """The actor stage for one codebook: its components, built once, run on each document
    in the order their rules need (a later rule reads what the earlier ones found)."""

    def __init__(self, cb: Codebook):
        self.cb = cb
        self.m = m = ActorMatcher(cb)
        self.offices = OfficeCheck(m)
        self.names = CodebookNames(m, self.offices)
        self.people = PersonFinder(m)
        self.states = StateAttribution(m, self.people, self.offices)
        self.coref = NameCoreference(m)
        self.bodies = BodyReferences(m)
        self.provenance = cb.grammar.words("actors", "provenance_suffixes")

    def __call__(self, doc: Document) -> tuple[list[Mention], list[PlaceRef], list[Flag],
                                                list[Unresolved]]:
        """Find and resolve the actor mentions and places of one document (see `resolve`)."""
        d = ActorDoc(doc, self.m)
        self.dictionary_hits(d)
        self.people.introductions(d)
        self.coref.learned_names(d)
        self.coref.role_mentions(d)
        self.bodies.person_possessive(d)
        self.bodies.body_anaphora(d)
        self.bodies.acronyms(d)
        self.named_proxies(d)
        mentions = sorted(set(d.mentions), key=attrgetter("start", "end", "actor_id"))
        # drop mentions nested inside a longer one (a title-name span swallows its alias)
        kept: list[Mention] = []
        for mnt in mentions:
            if kept and kept[-1].start <= mnt.start and mnt.end <= kept[-1].end:
                continue
            kept.append(mnt)
        unresolved = unresolved_names(d)
        places = sorted({p for p in d.places if p.start not in d.dropped_places},
                        key=attrgetter("start", "end"))
        return kept, places, sorted(set(d.flags), key=attrgetter("start")), unresolved

    def named_proxies(self, d: ActorDoc) -> None:
        """"the Iran-backed group" in an article that names one armed group the codebook
        records as backed by Iran (the Houthis) is that group (rule `coreference`); with
        none or two such groups it stays the state's unnamed proxy ({ISO3}-PROXY)."""
        proxies = [i for i, x in enumerate(d.mentions) if x.actor_id.endswith("-PROXY")]
        if not proxies:
            return
        groups: dict[str, set[str]] = {}
        for x in d.mentions:
            a = self.cb.get(x.actor_id)
            if a is not None and a.backed_by and a.origin != "pattern" \
                    and a.type == "armed_group":
                groups.setdefault(a.backed_by, set()).add(a.id)
        for i in proxies:
            x = d.mentions[i]
            named = groups.get(x.actor_id.partition("-")[0], set())
            if len(named) == 1:
                d.mentions[i] = replace(x, actor_id=next(iter(named)), rule="coreference")

    def dictionary_hits(self, d: ActorDoc) -> None:
        """Resolve each dictionary hit in text order: places, state forms, curated aliases;
        a hit inside a span just taken, or a provenance compound, names no actor."""
        hits = self.names.hits(d)
        hits_at = {h[0]: h for h in hits}
        named = {h[2].key for h in hits if h[2].kind == "state"}  # for the shorthands
        covered = d.covered
        for hit in hits:
            if _in_last_spans(covered, hit[0]):
                continue
            if hit[2].kind == "shorthand":
                ref = self.states.shorthand_ref(d, hit, named)
                if ref is None:
                    continue
                hit = hits_at[hit[0]] = (hit[0], hit[1], ref)
            if d.low.startswith(self.provenance, hit[1]):
                d.covered.append((hit[0], hit[1]))
                continue  # "NATO-supplied artillery", "US-made missiles": provenance, not an actor
            if hit[2].kind == "place":
                d.add_place(hit[0], hit[1], hit[2].key, hit[2].country)
            elif hit[2].kind == "state":
                self.states.state_form(d, hit, hits_at)
            else:
                self.names.actor_alias(d, hit, hits_at)


def resolve(doc: Document, cb: Codebook) -> tuple[list[Mention], list[PlaceRef], list[Flag],
                                                   list[Unresolved]]:
    """Find and resolve the actor mentions and places of one document.

    Args:
        doc: the ingested document.
        cb: the codebook.
    Returns:
        (mentions, places, reference flags, unresolved names), each in text order.
    """
    from analysis.extract.pipeline import pipeline_of  # the composer imports this module

    p = pipeline_of(cb)
    return p.actors(p.scan(doc))
