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
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from datetime import date
from operator import attrgetter, itemgetter

from analysis.codebook import Codebook
from analysis.codebook.model import learned_id
from analysis.extract.lexicon import doc_hits
from analysis.records import Document, Flag, Mention, PlaceRef, Unresolved
from analysis.text.textutil import PhraseIndex, fold, norm, token_columns, tokenize

# Capitalised words that start sentences or name no entity (English, not article-specific).
_APPOSITION_STOPS = (",", ";", " - ", "(", ")", '"')
# Actor types that a role noun after them belongs to ("the ministry ... spokesman Li Wen").
_BODY_TYPES = frozenset({"government", "military", "armed_group", "international_org", "media"})

_NOT_NAMES = frozenset("""a an the this that these those there here it its he she his her they
them their we our i you your in on at of for to from by with as and but or nor so yet if then
than when while after before since though although despite according meanwhile therefore thus
however also just still even only both either neither each every some many most much more
few no not one two three four five six seven eight nine ten all any another such what which
who whom whose why how where unlike like under over into onto through about against between
among within without during until unless because instead rather whether once now today
yesterday tomorrow later earlier monday tuesday wednesday thursday friday saturday sunday
january february march april may june july august september october november december mr mrs
ms dr gen so-called click do does did is are was were be been being has have had will would
can could should might must shall let moreover furthermore indeed perhaps maybe nor""".split())


# One word of a person's name: letters, with inner apostrophes or hyphens ("Sa'ar",
# "Diaz-Canel", "al-Burhan"); digits and underscores are not names.
_NAME_WORD = re.compile(r"[^\W\d_][^\W_]*(?:['-][^\W\d_][^\W_]*)*")
_FOLD_CACHE: dict[str, str] = {}


def dia_fold(text: str) -> str:
    """Strip accents one character for one ("José Díaz" -> "Jose Diaz"), so a name spelled
    with or without diacritics is one name, and offsets in the folded text stay valid."""
    if text.isascii():
        return text
    table = {}
    for ch in set(text):
        if ch.isascii():
            continue
        base = _FOLD_CACHE.get(ch)
        if base is None:
            base = "".join(c for c in unicodedata.normalize("NFD", ch)
                           if not unicodedata.combining(c))
            base = _FOLD_CACHE[ch] = base if len(base) == 1 else ch
        if base != ch:
            table[ord(ch)] = base
    if not table:
        return text
    if len(text) < 10_000:
        return text.translate(table)
    # a long text: `str.translate` walks every character through the table (slow beyond
    # ASCII); substituting only the few characters that change is the same text, faster
    subst = {chr(k): v for k, v in table.items()}
    pattern = re.compile("[" + "".join(re.escape(c) for c in sorted(subst)) + "]")
    return pattern.sub(lambda m: subst[m.group()], text)


def _role_head(role: str) -> str:
    """The noun a role phrase is later named by: "minister of foreign affairs" -> minister,
    "defence ministry spokesman" -> spokesman."""
    words = role.lower().split()
    if "of" in words[1:]:
        words = words[:words.index("of", 1)]
    return words[-1] if words else ""


@dataclass(frozen=True)
class _Ref:
    """A raw dictionary hit: a curated actor, a state form or a place."""

    kind: str  # actor | state | place
    key: str   # actor id, ISO3 or place name
    form: str  # alias | name | demonym | people | capital | place
    country: str = ""


class ActorMatcher:
    """Compiled dictionaries for one codebook."""

    def __init__(self, cb: Codebook):
        self.cb = cb
        phrases: dict[str, object] = {}
        cs: dict[str, object] = {}
        for place in cb.places:
            for name in (place.name,) + place.aliases:
                phrases.setdefault(name, _Ref("place", place.name, "place", place.country))
        for st in cb.states.values():
            for a in st.aliases:
                phrases[a] = _Ref("state", st.id, "name")
            for c in st.capitals:
                phrases.setdefault(c, _Ref("state", st.id, "capital"))
            for d in st.demonyms:
                phrases[d] = _Ref("state", st.id, "people" if d.endswith("s") and d[:-1] in
                                  st.demonyms else "demonym")
            for a in st.aliases_cs:
                cs[a] = _Ref("state", st.id, "name")
            for c in st.capitals_cs:
                cs[c] = _Ref("state", st.id, "capital")
        for actor in cb.actors.values():
            for a in actor.aliases:
                phrases[a] = _Ref("actor", actor.id, "alias")
            for a in actor.aliases_cs:
                cs[a] = _Ref("actor", actor.id, "alias")
        # geographic shorthand ("the South"): a state only where `shorthand_ref` says so
        self.shorthands: dict[str, list] = {}
        for sh in cb.shorthands:
            for f in sh.forms:
                cs.setdefault(f, _Ref("shorthand", fold(f), "shorthand"))
                self.shorthands.setdefault(fold(f), []).append(sh)
        self.phrases = phrases  # searched through `lexicon.doc_hits` (table "actors")
        self.cs = {fold(k): v for k, v in cs.items()}
        self.cs_index = PhraseIndex(self.cs, case_sensitive=True)
        self.heads: dict[tuple[str, ...], str] = {}
        self.titles: dict[tuple[str, ...], str] = {}
        for role in cb.roles.values():
            for h in role.heads:
                self.heads[tuple(t.low for t in tokenize(h))] = role.role
            for t in role.titles:
                self.titles[tuple(x.low for x in tokenize(t))] = role.role
        self.max_head = max((len(k) for k in self.heads), default=1)
        self.max_title = max((len(k) for k in self.titles), default=1)
        self.nationals = {tuple(t.low for t in tokenize(h)) for h in cb.nationals}
        self.nationals_by_len: dict[int, set[tuple[str, ...]]] = {}
        for nat in self.nationals:
            self.nationals_by_len.setdefault(len(nat), set()).add(nat)
        self.nationals_first = {nat[0] for nat in self.nationals}
        self.place_preps = sorted((tuple(t.low for t in tokenize(p)) for p in cb.place_prepositions),
                                  key=len, reverse=True)
        self.first_tokens = {k[0] for k in self.heads} | {k[0] for k in self.titles}
        self.firsts = {id(self.heads): {k[0] for k in self.heads},
                       id(self.titles): {k[0] for k in self.titles}}  # per table, for match_seq
        self.prep_last = {p[-1] for p in self.place_preps}
        self.preps_by_last: dict[str, list[tuple[str, ...]]] = {}  # longest first, as above
        for p in self.place_preps:
            self.preps_by_last.setdefault(p[-1], []).append(p)
        self.honorifics = {h.lower() for h in cb.honorifics}
        self.agentive_from = {norm(w) for w in cb.agentive_from}
        self.place_modifiers = {norm(w) for w in cb.place_modifiers}
        self.person_roles = {tuple(t.low for t in tokenize(r)): r for r in cb.person_roles}
        for key, role in self.titles.items():
            self.person_roles.setdefault(key, " ".join(key))  # "defense minister Jane Doe"
        self.max_person_role = max((len(k) for k in self.person_roles), default=1)
        self.firsts[id(self.person_roles)] = {k[0] for k in self.person_roles}
        # words a surname may follow ("Mr Roe", "President Roe", "spokesman Roe")
        self.before_surname = self.honorifics | {k[-1] for k in self.person_roles}
        self.aff_preps = {p.lower() for p in cb.affiliation_preps}
        self.not_state_of = {tuple(t.low for t in tokenize(w)) for w in cb.not_state_of}
        self.max_not_state_of = max((len(k) for k in self.not_state_of), default=1)
        self.particles = {p.lower() for p in cb.name_particles}
        self.pro = cb.pro_prefix.lower()
        self.backed = cb.backed_suffix.lower()
        self.led = cb.led_suffix.lower()
        # "the ministry", "the army": nouns naming again the last body of their roles
        self.anaphors: dict[tuple[str, ...], frozenset[str]] = {}
        for role in cb.roles.values():
            for a in role.anaphors:
                key = tuple(t.low for t in tokenize(a))
                self.anaphors[key] = self.anaphors.get(key, frozenset()) | {role.role}
        self.max_anaphor = max((len(k) for k in self.anaphors), default=1)
        # words that end a noun phrase ("the ministry said", "the army has"), unlike a noun
        # it modifies ("the military sphere") or a coordination ("the military and security
        # sector")
        self.np_end = {norm(w) for w in cb.speaker_stop} | {
            norm(f) for c in cb.cues for f in c.forms if " " not in f}
        self.role_last = {k[-1] for k in self.person_roles}  # "chairman" (of the ...)
        self.role_bodies: dict[str, tuple[str, str]] = {}  # actor id -> (body, role), lazily
        self.firsts[id(self.anaphors)] = {k[0] for k in self.anaphors}


_MATCHERS: dict[int, ActorMatcher] = {}


def matcher_for(cb: Codebook) -> ActorMatcher:
    """The compiled matcher for a codebook (built once per codebook)."""
    key = id(cb)
    if key not in _MATCHERS:
        _MATCHERS[key] = ActorMatcher(cb)
    return _MATCHERS[key]


def _pub_date(doc: Document) -> date | None:
    """The document's publication date, if the manifest gives one."""
    try:
        return date.fromisoformat(doc.meta.get("published", "")[:10])
    except ValueError:
        return None


class _DocResolver:
    """Resolution state for one document."""

    def __init__(self, doc: Document, m: ActorMatcher):
        self.doc, self.m, self.cb = doc, m, m.cb
        self.low = doc.low
        # the tokens as columns (no record per token: a long article has millions)
        self.texts, self.lows, self.starts, self.ends = token_columns(doc.text, self.low)
        self.n_tokens = len(self.lows)
        self.sent_starts = [s.start for s in doc.sentences]
        self.mentions: list[Mention] = []
        self.places: list[PlaceRef] = []
        self.flags: list[Flag] = []
        self.covered: list[tuple[int, int]] = []
        self._cov_mark = bytearray(len(doc.text) + 1)  # 1 inside a span of `covered`
        self._cov_marked = 0  # how many spans of `covered` are marked
        self.place_ends: set[int] = set()
        self.place_starts: set[int] = set()  # filled before the introductions are read
        self.dropped_places: set[int] = set()  # places that start a learned name
        self.when = _pub_date(doc)
        self.learned: dict[str, str] = {}  # folded name -> learned person id
        self.intros: list[tuple[int, str, str]] = []  # (end, role's last word, person id)
        self._holders: dict[tuple[str, str], str] = {}  # (state, role) -> office holder
        self._caps: list[int] | None = None  # see `caps`

    # -- helpers ------------------------------------------------------------------------
    def sent_of(self, pos: int) -> int:
        """Sentence id holding a character offset."""
        i = bisect_right(self.sent_starts, pos) - 1
        return i if i > 0 else 0

    def is_covered(self, pos: int) -> bool:
        """Whether a span of `covered` holds `pos` (a <= pos < b).

        The spans are marked in a byte per character as they are added (spans are short,
        so marking is linear in the text), instead of a scan of every span per question."""
        cov, mark = self.covered, self._cov_mark
        if len(cov) > self._cov_marked:  # most questions come with no span added since
            for a, b in cov[self._cov_marked:]:
                if b > a:
                    mark[a:b] = b"\x01" * (b - a)
            self._cov_marked = len(cov)
        return mark[pos] == 1

    def caps(self) -> list[int]:
        """Indices of the capitalised tokens (the only ones that can start a name), found
        once: the introductions and the unresolved names both walk them."""
        if self._caps is None:
            self._caps = [k for k, t in enumerate(self.texts) if t[:1].isupper()]
        return self._caps

    def tok_at(self, pos: int) -> int:
        """Index of the first token starting at or after `pos`."""
        return bisect_left(self.starts, pos)

    def tok_ending(self, pos: int) -> int:
        """Index of the token ending at `pos` (or -1)."""
        i = bisect_left(self.ends, pos)
        return i if i < self.n_tokens and self.ends[i] == pos else -1

    def add(self, start: int, end: int, actor_id: str, rule: str) -> None:
        """Record a mention."""
        self.mentions.append(Mention(self.doc.doc_id, self.sent_of(start), start, end,
                                     self.doc.text[start:end], actor_id, rule))
        self.covered.append((start, end))

    def add_place(self, start: int, end: int, name: str, country: str) -> None:
        """Record a place reference."""
        self.places.append(PlaceRef(self.doc.doc_id, self.sent_of(start), start, end,
                                    self.doc.text[start:end], name, country))
        self.covered.append((start, end))
        self.place_ends.add(end)

    def match_seq(self, i: int, table: dict[tuple[str, ...], str], longest: int) -> tuple[int, str]:
        """Longest token sequence from token i found in `table`: (n_tokens, role) or (0, '')."""
        lows = self.lows
        if i >= len(lows) or lows[i] not in self.m.firsts.get(id(table), self.m.first_tokens):
            return 0, ""
        for n in range(min(longest, len(lows) - i), 0, -1):
            key = tuple(lows[i:i + n])
            if key in table:
                return n, table[key]
        return 0, ""

    def same_sentence(self, a: int, b: int) -> bool:
        """Whether two character offsets are in one sentence."""
        return self.sent_of(a) == self.sent_of(b)

    def sent_end(self, pos: int) -> int:
        """End offset of the sentence holding `pos`."""
        sid = self.sent_of(pos)
        return self.sent_starts[sid + 1] if sid + 1 < len(self.sent_starts) else len(self.low)

    # -- people learned from the article ------------------------------------------------
    def name_span(self, pos: int) -> tuple[int, int]:
        """A person's name from `pos`: up to five capitalised words (lowercase particles
        inside: "bin", "von der"), one space apart, in one sentence and not already an
        actor; (end, number of capitalised words), end -1 when there is none."""
        text, low, limit = self.doc.text, self.low, self.sent_end(pos)
        end, words, p = -1, 0, pos
        while words < 5 and p < limit:
            m = _NAME_WORD.match(text, p, limit)
            if not m or self.taken(p):
                break
            w = m.group()
            if w.endswith("'s") and len(w) > 3:  # "Jane Roe's campaign": the name ends first
                if w[0].isupper() and w[:-2].lower() not in _NOT_NAMES:
                    end, words = m.end() - 2, words + 1
                break
            if w[0].isupper() and w.lower() not in _NOT_NAMES and not (len(w) > 1 and w.isupper()):
                end, words = m.end(), words + 1
            elif not (words and w.lower() in self.m.particles):
                break
            p = m.end()
            if not (p + 1 < limit and low[p] == " "):  # a no-break space too
                break
            p += 1
        return end, words

    def taken(self, pos: int) -> bool:
        """Whether an actor mention holds `pos` (a place may start a name: "Mara Ellwood")."""
        return self.is_covered(pos) and pos not in self.place_starts

    def learn(self, start: int, end: int, parent: str, role: str, rule: str = "learned",
              mention_start: int = -1) -> str:
        """Make the name at [start, end) a document-level person of `parent` (an actor id,
        '' for none) and record its mention (from `mention_start` when a title before the
        name belongs to it); later surnames and "the <role>" find the same person."""
        name = dia_fold(fold(self.doc.text[start:end]))  # "Joe\xa0Biden" = "Joe Biden"
        if self.place_starts:  # "Mara" in "Mara Ellwood" is no longer a place
            self.dropped_places.update(p for p in range(start, end) if p in self.place_starts)
        pid = self.learned.get(name) or learned_id(parent, name)
        self.learned.setdefault(name, pid)
        self.intros.append((end, _role_head(role), pid))
        self.add(start if mention_start < 0 else mention_start, end, pid, rule)
        return pid

    def person_after(self, j: int, parent: str, role: str = "") -> int:
        """'<body> spokesman Jane Roe': a role noun (optional when `role` is given) and a
        name from token j -> a learned person of `parent`; its end offset, or -1."""
        n, found = self.match_seq(j, self.m.person_roles, self.m.max_person_role)
        if n:
            j, role = j + n, found
        if not role or j >= self.n_tokens or not self.same_sentence(self.starts[j - 1], self.starts[j]):
            return -1
        end, words = self.name_span(self.starts[j])
        if words < 2:
            return -1
        self.learn(self.starts[j], end, parent, role)
        return end

    def affiliation_of(self, actor_id: str) -> str:
        """The body a person belongs to through the actor named beside them: a person's own
        body ("Biden's point-man" -> the presidency), else the actor itself."""
        actor = self.cb.get(actor_id)
        if actor is not None and actor.type == "person":
            return actor.parent or actor.country
        return actor_id

    def introductions(self) -> None:
        """People the codebook does not know, introduced by a role (rule `learned`):
        "Defense Secretary Jane Roe", "spokesman Li Wen", "Jane Roe, Ruritania's foreign
        minister", "Jane Roe, a senior fellow at a think tank", "Jane Roe of the Crisis
        Group". The affiliation is the actor the phrase names (none when it names none, as
        for "a think tank"); a name of one word, or with no role or affiliation, stays
        unresolved."""
        ms = sorted(self.mentions, key=attrgetter("start"))
        m_starts = [m.start for m in ms]
        self.place_starts = {p.start for p in self.places}
        texts, starts, nxt = self.texts, self.starts, 0
        # only capitalised tokens can start a title or a name (one pass in C to find them)
        for k in self.caps():
            if k < nxt or self.taken(starts[k]):
                continue
            n, role = self.match_seq(k, self.m.person_roles, self.m.max_person_role)
            j = k + n
            if j >= self.n_tokens:
                break
            nxt = j + 1
            if (n and not texts[j][:1].isupper()) or j + 1 >= self.n_tokens or not (
                    texts[j + 1][:1].isupper() or self.lows[j + 1] in self.m.particles):
                continue  # a name of one word is never learned
            end, words = self.name_span(starts[j])
            if words < 2:
                continue
            r0 = k
            if not n:
                r0, role = self.role_before(k)
            parent, role = self.intro_affiliation(r0, end, role, ms, m_starts)
            if role or parent:
                self.learn(starts[j], end, parent, role)
            nxt = max(self.tok_at(end), k + 1)

    def role_before(self, k: int) -> tuple[int, str]:
        """A role noun just before token k ("spokesman Li Wen"): (its first token, role)."""
        for n in range(min(self.m.max_person_role, k), 0, -1):
            key = tuple(self.lows[k - n:k])
            if key in self.m.person_roles and self.same_sentence(self.starts[k - n], self.starts[k]):
                return k - n, self.m.person_roles[key]
        return k, ""

    def intro_affiliation(self, r0: int, end: int, role: str, ms: list[Mention],
                          m_starts: list[int]) -> tuple[str, str]:
        """(affiliation id, role) of a name ending at `end` whose role phrase starts at token
        r0: an apposition with a role ("Jane Roe, chief of the Ruritanian army"), a
        preposition and a body ("Jane Roe of the Crisis Group"), or, for a role noun before
        the name, the nearest body named earlier in the sentence."""
        text, low = self.doc.text, self.low
        if low.startswith(", ", end):  # `low` has no-break spaces as spaces
            a, limit = end + 2, self.sent_end(end)
            stop = min((i for i in (low.find(c, a, limit) for c in _APPOSITION_STOPS) if i >= 0),
                       default=limit)
            found, i = "", self.tok_at(a)
            for t in range(i, min(i + 6, self.n_tokens)):
                if self.starts[t] >= stop:
                    break
                n, found = self.match_seq(t, self.m.person_roles, self.m.max_person_role)
                if n:
                    break
            if found:
                inside = ms[bisect_left(m_starts, a):bisect_left(m_starts, stop)]
                parent = next((self.affiliation_of(m.actor_id) for m in inside
                               if m.end <= stop), "")
                return parent, found
        i = self.tok_at(end)
        if i + 1 < self.n_tokens and self.lows[i] in self.m.aff_preps and self.starts[i] == end + 1:
            j = i + 2 if self.lows[i + 1] == "the" else i + 1
            x = bisect_left(m_starts, self.starts[j]) if j < self.n_tokens else len(ms)
            if x < len(ms) and ms[x].start == self.starts[j]:
                actor = self.cb.get(ms[x].actor_id)
                if actor is not None and actor.type not in {"state", "person"}:
                    return ms[x].actor_id, role
        if role:
            s0 = self.sent_starts[self.sent_of(self.starts[r0])]
            x = bisect_left(m_starts, self.starts[r0]) - 1
            while x >= 0 and ms[x].start >= s0:
                actor = self.cb.get(ms[x].actor_id)
                if actor is not None and actor.type == "person":
                    break
                if actor is not None and actor.type in _BODY_TYPES:
                    return ms[x].actor_id, role
                x -= 1
        return "", role

    def role_mentions(self) -> None:
        """'the spokesperson', 'the minister' after a learned person introduced with that role
        is that person (rule `coreference`); "the minister of ..." names an office instead."""
        if not self.intros:
            return
        lows, texts = self.lows, self.texts
        by_role: dict[str, tuple[list[int], list[str]]] = {}  # role -> (ends, ids), in order
        for end, r, pid in sorted(self.intros):
            by_role.setdefault(r, ([], []))[0].append(end)
            by_role[r][1].append(pid)
        for k in [k for k, w in enumerate(lows[:-1]) if w == "the"]:
            n, role = self.match_seq(k + 1, self.m.person_roles, self.m.max_person_role)
            e = k + n  # the role's last token
            if not n or self.is_covered(self.starts[k + 1]) or (e + 1 < self.n_tokens and (
                    texts[e + 1][:1].isupper() or lows[e + 1] in {"of", "'s", "'"})):
                continue
            word, s = _role_head(role), self.starts[k + 1]
            ends, pids = by_role.get(word, ((), ()))
            x = bisect_right(ends, s) - 1
            pid = pids[x] if x >= 0 else ""
            if pid:
                self.add(s, self.ends[e], pid, "coreference")

    # -- bodies named again ----------------------------------------------------------------
    def role_body(self, actor_id: str) -> tuple[str, str]:
        """(body id, role) of a mention's actor: a state body ("KOR-MIL", an explicit
        filler), else the nearest body with a role up its parents (a spokesman's ministry,
        a staff's armed forces); ('', '') for none."""
        for _ in range(4):
            actor = self.cb.get(actor_id)
            if actor is None or actor.type == "state":
                return "", ""
            if actor.role:
                return actor.id, actor.role
            head, _, rest = actor_id.partition("-")
            if head in self.cb.states and rest in self.cb.roles:
                return actor_id, rest  # a curated body with a derived id and no role field
            actor_id = actor.parent
            if not actor_id:
                break
        return "", ""

    def body_anaphora(self) -> None:
        """'the ministry', 'the Joint Chiefs of Staff', 'the army' with no state before them
        (roles.yaml `anaphors`): the last body of such a role resolved earlier in the article
        (rule `coreference`). Left unresolved when no such body came before, or when the
        sentence that last named one names two states' bodies (which one is meant?)."""
        if not self.m.anaphors:
            return
        bodies: list[tuple[int, int, str, str]] = []  # (start, sentence, body, role)
        cache = self.m.role_bodies
        for mnt in self.mentions:
            got = cache.get(mnt.actor_id)
            if got is None:
                got = cache[mnt.actor_id] = self.role_body(mnt.actor_id)
            body, role = got
            if body:
                bodies.append((mnt.start, mnt.sent_id, body, role))
        if not bodies:
            return
        bodies.sort()
        b_starts = [b[0] for b in bodies]
        lows, texts = self.lows, self.texts
        for k in [k for k, w in enumerate(lows[:-1]) if w == "the"]:
            n, roles = self.match_seq(k + 1, self.m.anaphors, self.m.max_anaphor)
            if not n or self.is_covered(self.starts[k + 1]) or not self.head_alone(k, k + n):
                continue
            x = bisect_left(b_starts, self.starts[k]) - 1
            while x >= 0 and bodies[x][3] not in roles:
                x -= 1
            sent = self.sent_of(self.starts[k])
            if x < 0 or sent - bodies[x][1] > self.cb.anaphor_window:
                continue
            sid, body = bodies[x][1], bodies[x][2]
            rivals = {self.cb.get(b[2]).state for b in bodies[:x] if b[1] == sid and b[3] in roles}
            if rivals - {self.cb.get(body).state}:
                continue
            self.add(self.starts[k + 1], self.ends[k + n], body, "coreference")

    def head_alone(self, the: int, last: int) -> bool:
        """Whether "the <noun>" (tokens the..last) is a noun phrase of its own: followed by
        punctuation, a possessive, a verb of saying or a word of `speaker_stop` ("the army
        has"), not by a noun it modifies ("the military sphere"), a coordination ("the
        military and security sector"), "of" or a capitalised word; and not the end of a
        person's title ("the chairman of the Joint Chiefs of Staff")."""
        nxt = last + 1
        if nxt < self.n_tokens and self.same_sentence(self.starts[last], self.starts[nxt]):
            word = self.texts[nxt]
            if word[:1].isupper() or self.lows[nxt] == "of" or (
                    word.isalpha() and self.lows[nxt] not in self.m.np_end):
                return False
        return not (the >= 2 and self.lows[the - 1] == "of"
                    and self.lows[the - 2] in self.m.role_last)

    def acronyms(self) -> None:
        """'the Joint Chiefs of Staff (JCS)': capitals in brackets right after a resolved
        mention, starting with a letter of it, abbreviate that actor; later in the article
        the abbreviation alone ("the JCS said") is the same actor (rule `coreference`)."""
        text, found = self.doc.text, {}
        if " (" not in text:
            return
        for mnt in self.mentions:
            e = mnt.end
            if not text.startswith(" (", e):
                continue
            close = text.find(")", e + 2, e + 11)
            abbr = text[e + 2:close] if close > 0 else ""
            initials = {w[0] for w in mnt.surface.split() if w[:1].isupper()}
            if len(abbr) >= 2 and abbr.isalpha() and abbr.isupper() and abbr[0] in initials \
                    and not self.is_covered(e + 2):
                found.setdefault(abbr, (mnt.actor_id, e + 2))
        for abbr, (aid, start) in found.items():
            i = text.find(abbr, start)
            while i >= 0:
                j = i + len(abbr)
                if not (text[i - 1].isalnum() or (j < len(text) and text[j].isalnum())) \
                        and not self.is_covered(i):
                    self.add(i, j, aid, "coreference")
                i = text.find(abbr, j)

    def shorthand_ref(self, hit: tuple[int, int, _Ref], named: set[str]) -> _Ref | None:
        """The state a shorthand hit names ("the South's military", "the nuclear-armed
        North"), or None: it must follow "the" (lowercase words between), come before no
        other capitalised word, and be listed for a state the article names with all its
        counterparts (roles.yaml `shorthands`)."""
        start, end, ref = hit
        j, steps = self.tok_at(start) - 1, 0
        while j >= 0 and steps < 4 and self.lows[j] != "the" and (
                self.texts[j] == "-" or (self.texts[j].isalpha() and self.texts[j].islower())):
            j, steps = j - 1, steps + 1
        if j < 0 or self.lows[j] != "the" or not self.same_sentence(self.starts[j], start):
            return None
        k = self.tok_at(end)
        if k < self.n_tokens and self.starts[k] == end + 1 and self.texts[k][:1].isupper():
            return None  # "the South China Sea", "the North Atlantic": another name
        for sh in self.m.shorthands.get(ref.key, ()):
            if sh.state in named and all(w in named for w in sh.with_):
                return _Ref("state", sh.state, "name")
        return None

    # -- dictionary hits ------------------------------------------------------------------
    def hits(self) -> list[tuple[int, int, _Ref]]:
        """Dictionary hits, longest-leftmost, case-insensitive plus case-sensitive ones."""
        found = doc_hits(self.doc, self.cb)["actors"] + self.m.cs_index.find(fold(self.doc.text))
        found.sort(key=lambda h: (-(h[1] - h[0]), h[0]))
        taken: list[tuple[int, int, _Ref]] = []
        occupied = bytearray(len(self.low) + 1)  # 1 where a longer hit was taken
        for h in found:
            s, e = h[0], h[1]
            if 1 not in occupied[s:e]:
                taken.append(h)
                occupied[s:e] = b"\x01" * (e - s)
        return sorted(taken, key=itemgetter(0))

    # -- rules ----------------------------------------------------------------------------
    def place_context(self, start: int) -> bool:
        """Whether a state name at `start` is governed by a place preposition."""
        i = self.tok_at(start)
        j = i - 1
        while j >= 0 and self.lows[j] in self.m.place_modifiers:
            j -= 1  # "in southern Lebanon"
        if j >= 0 and self.lows[j] == "the":
            j -= 1
        if j < 0 or (self.lows[j] not in self.m.prep_last and self.lows[j] not in
                     {",", "and", "or"}):
            return False
        # a list of places: "from Syria, Iraq and Libya" -> look through the list
        if j >= 0 and self.lows[j] in {",", "and", "or"} and self.ends[j - 1] in self.place_ends:
            return True
        for prep in self.m.preps_by_last.get(self.lows[j], ()):
            n = len(prep)
            if j - n + 1 >= 0 and tuple(self.lows[j - n + 1:j + 1]) == prep:
                if not self.same_sentence(self.starts[j - n + 1], start):
                    return False
                k = j - n
                if prep == ("from",) and k >= 0 and self.lows[k] in self.m.agentive_from:
                    return False  # "support from Turkey": an agent, not a place
                # "regime in Armenia", "forces in Syria": a body *in* the state is that state's
                return True
        return False

    def inside_name(self, start: int) -> bool:
        """Whether a state name at `start` ends a name such as "Sea of Japan" ("<word> of",
        the word listed in roles.yaml `not_state_of`)."""
        i = self.tok_at(start)
        if i < 2 or self.lows[i - 1] != "of":
            return False
        return any(i - 1 - n >= 0 and tuple(self.lows[i - 1 - n:i - 1]) in self.m.not_state_of
                   and self.texts[i - 1 - n][:1].isupper()
                   for n in range(1, self.m.max_not_state_of + 1))

    def head_in_state(self, start: int) -> tuple[int, str]:
        """'the regime in Armenia' -> (start of head, role) when a role head precedes 'in'."""
        i = self.tok_at(start)
        if i < 2 or self.lows[i - 1] != "in":
            return -1, ""
        for n in range(min(self.m.max_head, i - 1), 0, -1):
            key = tuple(self.lows[i - 1 - n:i - 1])
            role = self.m.heads.get(key)
            if role and role not in {"STATE", "SRC", "MEDIA", "OFF", "PROXY"}:
                s = self.starts[i - 1 - n]
                if not self.is_covered(s):
                    return s, role
        return -1, ""

    def name_after(self, i: int, hits_at: dict[int, tuple[int, int, _Ref]]) -> tuple[int, str]:
        """A person named from token i: (end offset, actor id or '' when unknown) or (-1, '')."""
        if i >= self.n_tokens:
            return -1, ""
        hit = hits_at.get(self.starts[i])
        if hit and hit[2].kind == "actor":
            actor = self.cb.get(hit[2].key)
            if actor and actor.type == "person":
                return hit[1], actor.id
        # unknown capitalised name ("Díaz-Canel Bermúdez", "Sa'ar", "bin Salman" inside)
        end, words = self.name_span(self.starts[i])
        return (end, "") if words else (-1, "")

    def check_office(self, start: int, end: int, person_id: str, iso3: str, role: str) -> None:
        """Flag a title + name that disagrees with the codebook's dated offices."""
        office_id = self.cb.role_actor_id(iso3, role) if iso3 else ""
        person = self.cb.get(person_id) if person_id else None
        def in_state(o) -> bool:
            office = self.cb.get(o.office)
            return bool(office) and office.state == iso3

        surface = self.doc.text[start:end]
        if person is None:
            return
        if not person.offices:
            return
        expected = self.holder(iso3, role)
        ok = any(o.holds(self.when) and o.title == role and (not iso3 or in_state(o))
                 for o in person.offices)
        if ok:
            return
        title_name = self.cb.roles[role].titles[0] if self.cb.roles[role].titles else role
        held = [f"{self.cb.get(o.office).name if self.cb.get(o.office) else o.office} "
                f"({o.start or '?'} to {o.end or 'present'})" for o in person.offices]
        when = self.when.isoformat() if self.when else "the publication date"
        problem = (f"'{surface}': the codebook has {person.name} as {', '.join(held)}, not "
                   f"{title_name}" + (f" of {self.cb.states[iso3].name}" if iso3 in self.cb.states else "")
                   + f" on {when}")
        if expected:
            problem += f"; the holder then was {self.cb.get(expected).name}"
        self.flags.append(Flag(self.doc.doc_id, self.sent_of(start), start, end, surface,
                               person.id, office_id, expected, problem))

    def holder(self, iso3: str, role: str) -> str:
        """The person holding `role` for state `iso3` on the publication date ('' when none
        or no state), looked up in the codebook once per document, state and role."""
        key = (iso3, role)
        if key not in self._holders:
            def in_state(o) -> bool:
                office = self.cb.get(o.office)
                return bool(office) and office.state == iso3

            self._holders[key] = next(
                (a.id for a in self.cb.actors.values() if a.type == "person" and any(
                    o.holds(self.when) and o.title == role and in_state(o) for o in a.offices)),
                "") if iso3 else ""
        return self._holders[key]

    def state_form(self, hit: tuple[int, int, _Ref], hits_at: dict) -> None:
        """Resolve a state name / demonym / capital hit (rules 2-4)."""
        start, end, ref = hit
        iso3, low = ref.key, self.low
        pro = start >= len(self.m.pro) and low[start - len(self.m.pro):start] == self.m.pro
        s0 = start - len(self.m.pro) if pro else start
        if self.inside_name(start):
            self.covered.append((start, end))
            return  # "Sea of Japan", "Bank of England": part of a name, not the state
        # "Brussels-based", "Moscow-based": a place, not an actor
        if low.startswith("-based", end):
            self.add_place(start, end, self.cb.states[iso3].name, iso3)
            return
        # "<demonym>-led coalition" (a bloc) and "<demonym>-backed <noun>" (a proxy): both
        # collapse to the state through `backed_by`
        for suffix, role in ((self.m.led, "COALITION"), (self.m.backed, "PROXY")):
            if low.startswith(suffix, end):
                e = end + len(suffix)
                k = self.tok_at(e)
                if k < self.n_tokens and self.texts[k].isalpha() and self.texts[k].islower():
                    e = self.ends[k]
                self.add(s0, e, self.cb.role_actor_id(iso3, role), "pattern")
                return
        i = self.tok_at(end)
        possessive = i < self.n_tokens and self.lows[i] in {"'s", "'"}
        j = i + 1 if possessive else i
        # skip up to two modifiers (lowercase words or another hyphen-joined word)
        sid = self.sent_of(start)  # a token is in this sentence when it starts before the next
        next_start = self.sent_starts[sid + 1] if sid + 1 < len(self.sent_starts) else len(low)
        for skip in range(0, 3):
            k = j + skip
            if k >= self.n_tokens or self.starts[k] >= next_start:
                break
            n, role = self.match_seq(k, self.m.titles, self.m.max_title)
            if n and (skip == 0 or possessive or self.texts[k - 1].islower()):
                name_end, person = self.name_after(k + n, hits_at)
                if name_end > 0 and person:
                    self.add(s0, name_end, person, "title_name")
                    self.check_office(s0, name_end, person, iso3, role)
                    return
                if name_end > 0 and not person:
                    # a person the codebook does not know, of the office the title names;
                    # later "Orban said" is the same person
                    self.learn(self.starts[k + n], name_end, self.cb.role_actor_id(iso3, role),
                               " ".join(self.lows[k:k + n]), "title_name", s0)
                    return
                self.add(s0, self.ends[k + n - 1], self.cb.role_actor_id(iso3, role),
                         "possessive" if possessive else "demonym_np")
                return
            n, role = self.match_seq(k, self.m.heads, self.m.max_head)
            if n:
                kind = self.cb.roles[role].kind
                body = self.cb.role_actor_id(iso3, role, pro=pro and kind == "group")
                self.add(s0, self.ends[k + n - 1], body,
                         "possessive" if possessive else ("pattern" if kind == "group" else "demonym_np"))
                # "Chinese defence ministry spokesman Li Wen", "Ruritanian spokesman Li Wen"
                self.person_after(k + n, body, self.m.person_roles.get(tuple(self.lows[k:k + n]), ""))
                return
            if self.lows[k] in self.m.nationals_first and any(
                    tuple(self.lows[k:k + n]) in group
                   for n, group in self.m.nationals_by_len.items()):
                self.covered.append((start, end))
                return  # nationals, not the state ("Syrian mercenaries")
            tk = self.texts[k]
            if not (tk.isalpha() and tk.islower()) or self.lows[k] in _NOT_NAMES \
                    or self.starts[k] in hits_at:
                break
        if ref.form in {"name", "capital"}:
            hs, role = self.head_in_state(start)
            if hs >= 0:
                self.add(hs, end, self.cb.role_actor_id(iso3, role), "demonym_np")
                return
            if self.place_context(s0):
                self.add_place(start, end, self.cb.states[iso3].name, iso3)
                return
        rule = {"name": "alias", "capital": "metonym", "demonym": "demonym",
                "people": "demonym"}.get(ref.form, "alias")
        self.add(s0, end, iso3, rule)

    def actor_alias(self, hit: tuple[int, int, _Ref], hits_at: dict) -> None:
        """Resolve a curated alias hit, extending persons over honorifics and titles."""
        start, end, ref = hit
        actor = self.cb.get(ref.key)
        if actor is None:
            return
        if actor.type == "person":
            i = self.tok_at(start) - 1
            s = start
            while i >= 0 and self.texts[i].strip(".").lower() in self.m.honorifics:
                s = self.starts[i]
                i -= 1
            # a title just before the name: "Defense Minister Jane Doe"
            for n in range(self.m.max_title, 0, -1):
                if i - n + 1 < 0:
                    continue
                key = tuple(self.lows[i - n + 1:i + 1])
                role = self.m.titles.get(key)
                if role and self.same_sentence(self.starts[i - n + 1], start):
                    s = self.starts[i - n + 1]
                    self.check_office(s, end, actor.id, actor.country, role)
                    break
            self.add(s, end, actor.id, "title_name" if s != start else "alias")
            return
        # possessive of a person/body followed by a head: "Mr Erdogan's government"
        self.add(start, end, actor.id, "alias")

    def learned_names(self) -> None:
        """Later mentions of a name first met after a title ('Prime Minister Jane Roe' ...
        'Roe said') resolve to the same office (rule `coreference`).

        The names learned in a document are found with `str.find` (no pattern to compile per
        document), then taken left to right, longest first; a hit that starts or ends inside
        an already resolved span is skipped, and a shorter form inside it is tried."""
        forms = self.learned_forms()
        if not forms:
            return
        text = dia_fold(fold(self.doc.text))
        found: list[tuple[int, int]] = []  # (start, -length) of every bounded occurrence
        for form in forms:
            i = text.find(form)
            while i >= 0:
                j = i + len(form)
                if not (i > 0 and (text[i - 1].isalnum() or text[i - 1] in "_-")) and \
                        not (j < len(text) and (text[j].isalnum() or text[j] in "_-")):
                    found.append((i, -len(form)))
                i = text.find(form, i + 1)
        found.sort()
        cov = sorted(self.covered)
        starts = [a for a, _ in cov]
        reach: list[int] = []  # furthest end among the spans starting at or before each one
        for _, b in cov:
            reach.append(max(b, reach[-1]) if reach else b)

        def overlaps(s: int, e: int) -> bool:
            i = bisect_right(starts, s) - 1  # a span with a <= s < b
            j = bisect_left(starts, e) - 1   # a span with a < e <= b
            return (i >= 0 and reach[i] > s) or (j >= 0 and reach[j] >= e)

        # scan left to right like a regex alternation of the forms, longest first: at each
        # position the longest form is tried; a hit inside a resolved span moves on by one
        pos, tried = 0, -1
        for s, neg in found:
            e = s - neg
            if s < pos or s == tried:
                continue
            if overlaps(s, e):
                tried = s  # "Kazo Seldosa" is taken: "Seldosa" later in it may still fit
                continue
            form = text[s:e]
            pid = forms[form]
            if " " not in form and (self.other_name_before(s) or self.other_name_after(e)):
                continue  # "Sara Duterte" is not "Rodrigo Duterte", nor "John Doe" "John Roe"
            self.add(s, e, pid, "coreference")
            pos = e

    def learned_forms(self) -> dict[str, str]:
        """Forms a learned person is named by later: the full name, and each capitalised
        word of three letters or more (surname, or the family name first: "Li" is too short,
        "Wang" is not) that no other learned person shares."""
        forms: dict[str, str] = dict(self.learned)
        words: dict[str, set[str]] = {}
        for name, pid in self.learned.items():
            parts = name.split()
            if len(parts) < 2:
                continue
            for w in parts:
                if len(w) >= 3 and w[0].isupper() and w.lower() not in _NOT_NAMES:
                    words.setdefault(w, set()).add(pid)
        for name, aid in self.codebook_people().items():
            # every word: the family name may come first ("Wei" of "Wei Fenghe")
            for w in name.split():
                if len(w) >= 3 and w[0].isupper() and w.lower() not in _NOT_NAMES:
                    words.setdefault(w, set()).add(aid)
        for w, pids in words.items():
            if len(pids) == 1 and w not in forms:
                forms[w] = next(iter(pids))
        return forms

    def other_name_before(self, pos: int) -> bool:
        """Whether a capitalised word other than an honorific or a role noun ends one space
        before `pos` (the surname then belongs to a longer, other name)."""
        k = self.tok_ending(pos - 1) if pos > 0 and self.low[pos - 1] == " " else -1
        if k < 0:
            return False
        word = self.texts[k]
        return word[:1].isupper() and self.lows[k].strip(".") not in self.m.before_surname \
            and self.tok_at(self.sent_starts[self.sent_of(pos)]) != k

    def other_name_after(self, pos: int) -> bool:
        """Whether a capitalised word starts one space after `pos` in the same sentence (the
        word before it is then part of a longer, other name: "Clinton Foundation")."""
        if not (pos + 1 < len(self.low) and self.low[pos] == " "):
            return False
        k = self.tok_at(pos + 1)
        return k < self.n_tokens and self.starts[k] == pos + 1 and \
            self.texts[k][:1].isupper() and self.same_sentence(pos - 1, pos + 1)

    def codebook_people(self) -> dict[str, str]:
        """Folded name -> id of the codebook persons this document names ("President
        Rodrigo Duterte"): news goes on with the surname alone ("Duterte said", "Mr
        Duterte"), which the codebook may not list; a surname two named people share is
        nobody's (see `learned_forms`)."""
        out: dict[str, str] = {}
        for mnt in self.mentions:
            actor = self.cb.get(mnt.actor_id)
            if actor is None or actor.type != "person" or actor.origin != "codebook":
                continue
            name = dia_fold(actor.name)
            last = name.split()[-1] if " " in name else ""
            if len(last) >= 3 and last[0].isupper() and last.lower() not in _NOT_NAMES:
                out.setdefault(name, actor.id)
        return out

    def person_possessive(self) -> None:
        """'Erdogan's government' -> the person's state's body (added next to the person)."""
        extra = []
        for mnt in self.mentions:
            actor = self.cb.get(mnt.actor_id)
            if not actor or actor.type != "person" or not actor.country:
                continue
            i = self.tok_at(mnt.end)
            if i < self.n_tokens and self.lows[i] in {"'s", "'"}:
                n, role = self.match_seq(i + 1, self.m.heads, self.m.max_head)
                if n and self.cb.roles[role].kind != "state":
                    end = self.ends[i + n]
                    extra.append((mnt, end, self.cb.role_actor_id(actor.country, role)))
        if not extra:
            return
        # what `list.remove` per mention did (drop its first equal copy), in one pass
        drop = Counter(mnt for mnt, _, _ in extra)
        kept = []
        for mnt in self.mentions:
            if drop.get(mnt, 0) > 0:
                drop[mnt] -= 1
            else:
                kept.append(mnt)
        self.mentions = kept
        for mnt, end, aid in extra:
            self.add(mnt.start, end, aid, "possessive")

    def unresolved(self) -> list[Unresolved]:
        """Capitalised names no rule resolved."""
        out: list[Unresolved] = []
        cov = sorted(self.covered)
        cov_starts = [c[0] for c in cov]
        texts, lows = self.texts, self.lows
        sent_first = {self.tok_at(s.start) for s in self.doc.sentences}
        caps = self.caps()  # the only candidates
        # a capitalised word only at sentence starts is an ordinary word ("Peace talks ...")
        mid_caps = {self.lows[k] for k in caps if k not in sent_first}
        i = 0
        for c in caps:
            if c < i:
                continue  # inside the name just taken
            i = c
            t, t_start = texts[i], self.starts[i]
            k = bisect_left(cov_starts, t_start + 1) - 1
            inside = k >= 0 and cov[k][0] <= t_start < cov[k][1]
            if t.isalpha() and not inside and lows[i] not in _NOT_NAMES:
                j = i + 1
                while j < self.n_tokens and self.texts[j][:1].isupper() and self.texts[j].isalpha() \
                        and self.lows[j] not in _NOT_NAMES:
                    j += 1
                s, e = t_start, self.ends[j - 1]
                sent = self.doc.sentences[self.sent_of(s)]
                heading = sent.heading
                lone_start = i in sent_first and j == i + 1 and lows[i] not in mid_caps
                if not heading and not lone_start:
                    out.append(Unresolved(self.doc.doc_id, sent.sent_id, s, e,
                                          self.doc.text[s:e], "unknown", sent.text))
                i = j
        return out


_PROVENANCE = ("-supplied", "-made", "-built", "-provided", "-donated", "-produced",
               "-manufactured", "-designed", "-origin")


def resolve(doc: Document, cb: Codebook) -> tuple[list[Mention], list[PlaceRef], list[Flag],
                                                   list[Unresolved]]:
    """Find and resolve the actor mentions and places of one document.

    Args:
        doc: the ingested document.
        cb: the codebook.
    Returns:
        (mentions, places, reference flags, unresolved names), each in text order.
    """
    r = _DocResolver(doc, matcher_for(cb))
    hits = r.hits()
    hits_at = {h[0]: h for h in hits}
    named = {h[2].key for h in hits if h[2].kind == "state"}  # for the shorthands
    for hit in hits:
        if any(a <= hit[0] < b for a, b in r.covered[-4:]):
            continue
        if hit[2].kind == "shorthand":
            ref = r.shorthand_ref(hit, named)
            if ref is None:
                continue
            hit = hits_at[hit[0]] = (hit[0], hit[1], ref)
        if r.low.startswith(_PROVENANCE, hit[1]):
            r.covered.append((hit[0], hit[1]))
            continue  # "NATO-supplied artillery", "US-made missiles": provenance, not an actor
        if hit[2].kind == "place":
            r.add_place(hit[0], hit[1], hit[2].key, hit[2].country)
        elif hit[2].kind == "state":
            r.state_form(hit, hits_at)
        else:
            r.actor_alias(hit, hits_at)
    r.introductions()
    r.learned_names()
    r.role_mentions()
    r.person_possessive()
    r.body_anaphora()
    r.acronyms()
    mentions = sorted(set(r.mentions), key=attrgetter("start", "end", "actor_id"))
    # drop mentions nested inside a longer one (a title-name span swallows its alias)
    kept: list[Mention] = []
    for mnt in mentions:
        if kept and kept[-1].start <= mnt.start and mnt.end <= kept[-1].end:
            continue
        kept.append(mnt)
    unresolved = r.unresolved()
    places = sorted({p for p in r.places if p.start not in r.dropped_places},
                    key=attrgetter("start", "end"))
    return kept, places, sorted(set(r.flags), key=attrgetter("start")), unresolved
