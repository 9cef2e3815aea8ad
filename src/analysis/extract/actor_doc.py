"""One document as the actor components see it: its tokens as columns, and what is found.

The components (`actor_people`, `actor_states`, `actor_coref`, ...) are built once per
codebook and hold no document; everything one document's resolution accumulates (mentions,
places, flags, spans already taken, people learned) lives here, with the position helpers
they share (token at an offset, sentence of an offset, "is this offset taken?").
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import date
from itertools import compress, count
from operator import itemgetter

from analysis.extract.actor_lexicon import ActorMatcher
from analysis.records import Document, Flag, Mention, PlaceRef
from analysis.text.textutil import fold, token_columns


def _pub_date(doc: Document) -> date | None:
    """The document's publication date, if the manifest gives one."""
    try:
        return date.fromisoformat(doc.meta.get("published", "")[:10])
    except ValueError:
        return None


class ActorDoc:
    """Resolution state for one document (made per document, read by every component)."""

    def __init__(self, doc: Document, m: ActorMatcher):
        self.doc, self.m, self.cb = doc, m, m.cb
        self.low = doc.low
        # the tokens as columns (no record per token: a long article has millions)
        self.texts, self.lows, self.starts, self.ends = token_columns(doc.text, self.low)
        self.n_tokens = len(self.lows)
        self.sent_starts = [s.start for s in doc.sentences]
        self.mentions: list[Mention] = []
        #: the dictionary's mentions by start, made on first need (a name reading on)
        self.mention_at: dict[int, Mention] | None = None
        #: ((start, state) of the first state body, start of the first body of another
        #: state), made on first need (a title that names no state)
        self.body_states: tuple[tuple[int, str], int] | None = None
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
        self.holders: dict[tuple[str, str], str] = {}  # (state, role) -> office holder
        self._caps: list[int] | None = None  # see `caps`
        self._the: list[int] | None = None  # see `the_tokens`
        self._folded: str | None = None  # see `folded`

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
        if self._caps is None:  # tokens are never empty: the first letter decides, in C
            self._caps = list(compress(count(), map(str.isupper, map(itemgetter(0), self.texts))))
        return self._caps

    def the_tokens(self) -> list[int]:
        """Indices of the tokens "the" but the last one (where "the <role>" and "the
        <body noun>" may start), found once for both readers, in C."""
        if self._the is None:
            self._the = list(compress(count(), map("the".__eq__, self.lows[:-1])))
        return self._the

    def folded(self) -> str:
        """The text with `fold` applied (offsets unchanged), computed once: the
        case-sensitive names and the learned names both search it."""
        if self._folded is None:
            self._folded = fold(self.doc.text)
        return self._folded

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

    def taken(self, pos: int) -> bool:
        """Whether an actor mention holds `pos` (a place may start a name: "Mara Ellwood")."""
        return self.is_covered(pos) and pos not in self.place_starts

