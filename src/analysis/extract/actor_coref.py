"""Names, roles, bodies and abbreviations met again later in an article (rule `coreference`).

Once an article has named someone ("Prime Minister Jane Roe", "the Joint Chiefs of Staff
(JCS)"), it goes on with shorter forms: a surname ("Roe said"), a role ("the minister"), a
body noun ("the ministry"), an abbreviation ("the JCS"). These are resolved to what came
before, and left unresolved when two candidates compete.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter

from analysis.extract.actor_doc import ActorDoc
from analysis.extract.actor_lexicon import ActorMatcher, dia_fold, role_head


class NameCoreference:
    """Later surnames and "the <role>" of the people named or learned earlier."""

    def __init__(self, m: ActorMatcher):
        self.m, self.cb = m, m.cb

    def learned_names(self, d: ActorDoc) -> None:
        """Later mentions of a name first met after a title ('Prime Minister Jane Roe' ...
        'Roe said') resolve to the same office (rule `coreference`).

        The names learned in a document are found with `str.find` (no pattern to compile per
        document), then taken left to right, longest first; a hit that starts or ends inside
        an already resolved span is skipped, and a shorter form inside it is tried."""
        forms = self.learned_forms(d)
        if not forms:
            return
        text = dia_fold(d.folded())
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
        cov = sorted(d.covered)
        starts = [a for a, _ in cov]
        reach: list[int] = []  # furthest end among the spans starting at or before each one
        for _, b in cov:
            reach.append(max(b, reach[-1]) if reach else b)

        def overlaps(s: int, e: int) -> bool:
            i = bisect_right(starts, s) - 1  # a span with a <= s < b
            j = bisect_left(starts, e) - 1   # a span with a < e <= b
            return (i >= 0 and reach[i] > s) or (j >= 0 and reach[j] >= e)

        def holds(s: int, e: int) -> bool:
            """Whether the spans met by [s, e) all lie inside it, none at s: a full name
            holding an alias ("Jane Roe Wagner" holds "Wagner") is the name; the alias
            mention inside is dropped with the nested ones."""
            i = bisect_right(starts, s) - 1
            j = bisect_left(starts, e) - 1
            return not (i >= 0 and reach[i] > s) and not (j >= 0 and reach[j] > e)

        # scan left to right like a regex alternation of the forms, longest first: at each
        # position the longest form is tried; a hit inside a resolved span moves on by one
        pos, tried = 0, -1
        sexes: dict[str, str] = {}  # person -> the sex the first marked mention gave
        for s, neg in found:
            e = s - neg
            if s < pos or s == tried:
                continue
            form = text[s:e]
            if overlaps(s, e) and not (" " in form and holds(s, e)):
                tried = s  # "Kazo Seldosa" is taken: "Seldosa" later in it may still fit
                continue
            pid = forms[form]
            if " " not in form and (self.other_name_before(d, s) or self.other_name_after(d, e)):
                continue  # "Sara Duterte" is not "Rodrigo Duterte", nor "John Doe" "John Roe"
            if not self.same_sex(d, s, pid, sexes):
                continue  # "Mrs. Clinton" is not the Clinton called "Mr." before
            d.add(s, e, pid, "coreference")
            pos = e

    def same_sex(self, d: ActorDoc, s: int, pid: str, sexes: dict[str, str]) -> bool:
        """Whether the honorific before a name at `s` ("Mrs.", "Mr") agrees with the one
        the person had at an earlier mention (the first sets it); True with no honorific."""
        k = d.tok_at(s) - 1
        while k >= 0 and d.texts[k] == ".":
            k -= 1
        sex = self.cb.honorific_sex.get(d.lows[k].rstrip(".")) if k >= 0 else None
        if sex is None or not d.same_sentence(d.starts[k], s):
            return True
        return sexes.setdefault(pid, sex) == sex

    def learned_forms(self, d: ActorDoc) -> dict[str, str]:
        """Forms a learned person is named by later: the full name, its last two words or
        more (a compound surname), and each capitalised word of three letters or more (surname, or the family name first: "Li" is too short,
        "Wang" is not) that no other learned person shares."""
        forms: dict[str, str] = dict(d.learned)
        words: dict[str, set[str]] = {}
        for name, pid in d.learned.items():
            parts = name.split()
            if len(parts) < 2:
                continue
            for k in range(1, len(parts) - 1):  # a compound surname: "Kayikwamba Wagner"
                if parts[k][:1].isupper():
                    forms.setdefault(" ".join(parts[k:]), pid)
            for w in parts:
                if len(w) >= 3 and w[0].isupper() and w.lower() not in self.m.not_names:
                    words.setdefault(w, set()).add(pid)
        for name, aid in self.codebook_people(d).items():
            # every word: the family name may come first ("Wei" of "Wei Fenghe")
            for w in name.split():
                if len(w) >= 3 and w[0].isupper() and w.lower() not in self.m.not_names:
                    words.setdefault(w, set()).add(aid)
        for w, pids in words.items():
            if len(pids) == 1 and w not in forms:
                forms[w] = next(iter(pids))
        return forms

    def other_name_before(self, d: ActorDoc, pos: int) -> bool:
        """Whether a capitalised word other than an honorific or a role noun ends one space
        before `pos` (the surname then belongs to a longer, other name)."""
        k = d.tok_ending(pos - 1) if pos > 0 and d.low[pos - 1] == " " else -1
        if k < 0:
            return False
        word = d.texts[k]
        return word[:1].isupper() and d.lows[k].strip(".") not in self.m.before_surname \
            and d.tok_at(d.sent_starts[d.sent_of(pos)]) != k

    def other_name_after(self, d: ActorDoc, pos: int) -> bool:
        """Whether a capitalised word starts one space after `pos` in the same sentence (the
        word before it is then part of a longer, other name: "Clinton Foundation")."""
        if not (pos + 1 < len(d.low) and d.low[pos] == " "):
            return False
        k = d.tok_at(pos + 1)
        return k < d.n_tokens and d.starts[k] == pos + 1 and \
            d.texts[k][:1].isupper() and d.same_sentence(pos - 1, pos + 1)

    def codebook_people(self, d: ActorDoc) -> dict[str, str]:
        """Folded name -> id of the codebook persons this document names ("President
        Rodrigo Duterte"): news goes on with the surname alone ("Duterte said", "Mr
        Duterte"), which the codebook may not list; a surname two named people share is
        nobody's (see `learned_forms`)."""
        out: dict[str, str] = {}
        for mnt in d.mentions:
            actor = self.cb.get(mnt.actor_id)
            if actor is None or actor.type != "person" or actor.origin != "codebook":
                continue
            name = dia_fold(actor.name)
            last = name.split()[-1] if " " in name else ""
            if len(last) >= 3 and last[0].isupper() and last.lower() not in self.m.not_names:
                out.setdefault(name, actor.id)
        return out

    def role_mentions(self, d: ActorDoc) -> None:
        """'the spokesperson', 'the minister' after a learned person introduced with that role
        is that person (rule `coreference`); "the minister of ..." names an office instead."""
        if not d.intros:
            return
        lows, texts = d.lows, d.texts
        by_role: dict[str, tuple[list[int], list[str]]] = {}  # role -> (ends, ids), in order
        for end, r, pid in sorted(d.intros):
            by_role.setdefault(r, ([], []))[0].append(end)
            by_role[r][1].append(pid)
        for k in d.the_tokens():
            n, role = d.match_seq(k + 1, self.m.person_roles, self.m.max_person_role)
            e = k + n  # the role's last token
            if not n or d.is_covered(d.starts[k + 1]) or (e + 1 < d.n_tokens and (
                    texts[e + 1][:1].isupper() or lows[e + 1] in {"of", "'s", "'"})):
                continue
            word, s = role_head(role), d.starts[k + 1]
            ends, pids = by_role.get(word, ((), ()))
            x = bisect_right(ends, s) - 1
            pid = pids[x] if x >= 0 else ""
            if pid:
                d.add(s, d.ends[e], pid, "coreference")


class BodyReferences:
    """Bodies named again: "the ministry", "Erdogan's government", "the JCS"."""

    def __init__(self, m: ActorMatcher):
        self.m, self.cb = m, m.cb
        self.role_bodies: dict[str, tuple[str, str]] = {}  # actor id -> (body, role), lazily

    def role_body(self, d: ActorDoc, actor_id: str) -> tuple[str, str]:
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

    def body_anaphora(self, d: ActorDoc) -> None:
        """'the ministry', 'the Joint Chiefs of Staff', 'the army' with no state before them
        (roles.yaml `anaphors`): the last body of such a role resolved earlier in the article
        (rule `coreference`). Left unresolved when no such body came before, or when the
        sentence that last named one names two states' bodies (which one is meant?)."""
        if not self.m.anaphors:
            return
        bodies: list[tuple[int, int, str, str]] = []  # (start, sentence, body, role)
        cache = self.role_bodies
        for mnt in d.mentions:
            got = cache.get(mnt.actor_id)
            if got is None:
                got = cache[mnt.actor_id] = self.role_body(d, mnt.actor_id)
            body, role = got
            if body:
                bodies.append((mnt.start, mnt.sent_id, body, role))
        if not bodies:
            return
        bodies.sort()
        b_starts = [b[0] for b in bodies]
        per_role = self.role_states(bodies)
        for k in d.the_tokens():
            n, roles = d.match_seq(k + 1, self.m.anaphors, self.m.max_anaphor)
            if not n or d.is_covered(d.starts[k + 1]) or not self.head_alone(d, k, k + n):
                continue
            x = bisect_left(b_starts, d.starts[k]) - 1
            while x >= 0 and bodies[x][3] not in roles:
                x -= 1
            sent = d.sent_of(d.starts[k])
            if x < 0 or sent - bodies[x][1] > self.cb.anaphor_window and \
                    not self.only_state(per_role, x, roles):
                continue
            sid, body = bodies[x][1], bodies[x][2]
            rivals = {self.cb.get(b[2]).state for b in bodies[:x] if b[1] == sid and b[3] in roles}
            if rivals - {self.cb.get(body).state}:
                continue
            d.add(d.starts[k + 1], d.ends[k + n], body, "coreference")

    def role_states(self, bodies: list[tuple[int, int, str, str]]
                    ) -> dict[str, tuple[int, str, int]]:
        """Per role: (index of its first body, that body's state, index of the first body
        of another state, or len(bodies)), in one pass over the bodies."""
        out: dict[str, tuple[int, str, int]] = {}
        for i, (_, _, body, role) in enumerate(bodies):
            state = self.cb.get(body).state
            got = out.get(role)
            if got is None:
                out[role] = (i, state, len(bodies))
            elif got[2] == len(bodies) and state != got[1]:
                out[role] = (got[0], got[1], i)
        return out

    @staticmethod
    def only_state(per_role: dict[str, tuple[int, str, int]], x: int,
                   roles: frozenset[str]) -> bool:
        """Whether every body of these roles named up to bodies[x] belongs to one state:
        then "the army" further on is still that state's army (no other army to mean)."""
        seen = [per_role[r] for r in roles if r in per_role and per_role[r][0] <= x]
        return all(mixed > x for _, _, mixed in seen) and len({st for _, st, _ in seen}) == 1

    def head_alone(self, d: ActorDoc, the: int, last: int) -> bool:
        """Whether "the <noun>" (tokens the..last) is a noun phrase of its own: followed by
        punctuation, a possessive, a verb of saying or a word of `speaker_stop` ("the army
        has"), not by a noun it modifies ("the military sphere"), a coordination ("the
        military and security sector"), "of" or a capitalised word; and not the end of a
        person's title ("the chairman of the Joint Chiefs of Staff")."""
        nxt = last + 1
        if nxt < d.n_tokens and d.same_sentence(d.starts[last], d.starts[nxt]):
            word = d.texts[nxt]
            if word[:1].isupper() or d.lows[nxt] == "of" or (
                    word.isalpha() and d.lows[nxt] not in self.m.np_end):
                return False
        return not (the >= 2 and d.lows[the - 1] == "of"
                    and d.lows[the - 2] in self.m.role_last)

    def person_possessive(self, d: ActorDoc) -> None:
        """'Erdogan's government' -> the person's state's body (added next to the person)."""
        extra = []
        for mnt in d.mentions:
            actor = self.cb.get(mnt.actor_id)
            if not actor or actor.type != "person" or not actor.country:
                continue
            i = d.tok_at(mnt.end)
            if i < d.n_tokens and d.lows[i] in {"'s", "'"}:
                n, role = d.match_seq(i + 1, self.m.heads, self.m.max_head)
                if n and self.cb.roles[role].kind != "state":
                    end = d.ends[i + n]
                    extra.append((mnt, end, self.cb.role_actor_id(actor.country, role)))
        if not extra:
            return
        # what `list.remove` per mention did (drop its first equal copy), in one pass
        drop = Counter(mnt for mnt, _, _ in extra)
        kept = []
        for mnt in d.mentions:
            if drop.get(mnt, 0) > 0:
                drop[mnt] -= 1
            else:
                kept.append(mnt)
        d.mentions = kept
        for mnt, end, aid in extra:
            d.add(mnt.start, end, aid, "possessive")

    def acronyms(self, d: ActorDoc) -> None:
        """'the Joint Chiefs of Staff (JCS)': capitals in brackets right after a resolved
        mention, starting with a letter of it, abbreviate that actor; later in the article
        the abbreviation alone ("the JCS said") is the same actor (rule `coreference`)."""
        text, found = d.doc.text, {}
        if " (" not in text:
            return
        for mnt in d.mentions:
            e = mnt.end
            if not text.startswith(" (", e):
                continue
            close = text.find(")", e + 2, e + 11)
            abbr = text[e + 2:close] if close > 0 else ""
            initials = {w[0] for w in mnt.surface.split() if w[:1].isupper()}
            if len(abbr) >= 2 and abbr.isalpha() and abbr.isupper() and abbr[0] in initials \
                    and not d.is_covered(e + 2):
                found.setdefault(abbr, (mnt.actor_id, e + 2))
        for abbr, (aid, start) in found.items():
            i = text.find(abbr, start)
            while i >= 0:
                j = i + len(abbr)
                if not (text[i - 1].isalnum() or (j < len(text) and text[j].isalnum())) \
                        and not d.is_covered(i):
                    d.add(i, j, aid, "coreference")
                i = text.find(abbr, j)

