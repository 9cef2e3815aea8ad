"""Nominal cues: attribution carried by a noun, with no verb of saying.

"his claim that C", "the party's plan to C", "Trump's support for X", "the decision by the
court to C", "X voiced opposition to Y", "X made the argument that C". The nouns, their cue
class and the words that open their content are codebook data (cues.yaml `nominal`). A
noun is a cue only when its content link follows it and a holder is found:

- a possessive before the noun ("his", "Trump's", "the party's", "Sen. Roe's"), with at
  most two lowercase modifiers between ("his continued support for");
- a "by"/"from" phrase between the noun and its link ("the decision by the court to");
- the subject of a light verb just before the noun ("X expressed strong support for",
  "X made the claim that"): the clause's words up to the verb.

The finder only locates spans; the claims extractor resolves the holder region to a
speaker with its own rules (so "his" finds the last speaker and "the party" the body).
"""
from __future__ import annotations

import re
from bisect import bisect_left
from typing import NamedTuple

from analysis.codebook import Codebook


class NominalCue(NamedTuple):
    """One nominal cue found in a clause (absolute offsets)."""

    cue: str  # the noun and its link, as the claims' `cue` ("support for", "claim that")
    cls: str
    polarity: str
    holder: tuple[int, int]  # the region the holder is read from
    content: tuple[int, int]
    #: the clause stays the author's too: the content is only the target of a possessed
    #: noun deep in the clause ("... as the council increased its support for the crews")
    author_clause: bool = False


_MODS = r"(?:[a-z][\w-]*\s+){0,2}?"


def _alt(words: tuple[str, ...]) -> str:
    """An alternation of words, in file order."""
    return "|".join(map(re.escape, words))


def _cap_alt(words: tuple[str, ...]) -> str:
    """An alternation of words whose first letter may be a capital ("[Hh]is")."""
    return "|".join(f"[{w[0].upper()}{w[0]}]{re.escape(w[1:])}" for w in words)


class _Patterns:
    """The patterns around a noun cue, their words from grammar.yaml `nominal` (and
    `common.articles`): the shape stays here."""

    def __init__(self, cb: Codebook):
        g = cb.grammar
        words = lambda key: g.words("nominal", key)  # noqa: E731
        self.dets = r"(?:(?:" + _alt(words("determiners")) + r")\s+)?"
        #: "his", "Trump's", "the party's", "Sen. Jane Roe's": the possessor before the noun
        self.possessive = re.compile(
            r"(?:(?<=\s)|^)((?:" + _cap_alt(words("possessive_pronouns")) + r")|(?:(?:" +
            _cap_alt(g.words("common", "articles")) + r")\s+(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*"
            r"|(?:[A-Z][\w.-]*\s+){0,3}[A-Z][\w.-]*)['’]s?)\s+" + _MODS + r"\Z")
        #: a "by"/"from" holder between the noun and its link: "the decision by the court to"
        self.agent = re.compile(r"\s+(?:" + _alt(words("agent_prepositions")) +
                                r")\s+((?:the\s+)?(?:[\w.'’-]+\s+){0,4}[\w.'’-]+)\s+\Z")
        #: a subject's trailing auxiliaries and adverbs, dropped before the light verb is read
        self.aux = re.compile(r"(?:\s+(?:" + _alt(words("auxiliaries")) + r"|[a-z]+ly))+\s*\Z")
        #: the holder after a received noun: "(won the endorsement) of the state's unions"
        self.giver = re.compile(r"\s+(?:" + _alt(words("givers")) + r")\s+([^,;:.()“”\"]{2,80}?)"
                                r"(?=\s+(?:" + _alt(words("giver_ends")) +
                                r")\b|[,;:.()“”\"]|\s*\Z)")
        #: a to-complement must be an infinitive: "plan to expand", not "plan to the council"
        self.infinitive = re.compile(r"\s*(?!" + "|".join(
            re.escape(w) + r"\b" for w in words("not_infinitive")) + r")[a-z]")
        self.infinitive_links = frozenset(words("infinitive_links"))
        #: the holders right after a stance noun: "(support) among black voters", "(backing)
        #: from the unions"
        self.supporters = re.compile(r"\s+(?:" + _alt(words("supporter_prepositions")) +
                                     r")\s+([^,;:.()“”\"]{2,80}?)(?=\s+(?:" +
                                     _alt(words("giver_ends")) + r")\b|[,;:.()“”\"]|\s*\Z)")
        self.stance_givers = frozenset(words("stance_givers"))


class NominalFinder:
    """The codebook's noun cues compiled once: one regex over a document finds every noun,
    and each clause looks up its own (`find`)."""

    def __init__(self, cb: Codebook):
        self.rx = rx = _Patterns(cb)
        givers = cb.grammar.words("nominal", "givers")
        self.by_form: dict[str, tuple[str, str, str, frozenset[str], frozenset[str]]] = {}
        for n in cb.nominal_cues:
            for f in n.forms:
                self.by_form[f.lower()] = (n.noun, n.cls, n.polarity,
                                           frozenset(n.complements), frozenset(n.objects))
        links = sorted({x for n in cb.nominal_cues for x in n.complements + n.objects})
        self.cue_classes = {f"{n.noun} {x}": n.cls for n in cb.nominal_cues
                            for x in n.complements + n.objects + givers +
                            cb.grammar.words("nominal", "supporter_prepositions")}
        #: what may follow a noun: an agent ("by the court"), then the link
        self.link_re = re.compile(r"((?:\s+(?:" + _alt(cb.grammar.words("nominal", "agent_prepositions")) +
                                  r")\s+[^,;:]{1,60}?)?)\s+(" +
                                  "|".join(links) + r")\b") if links else None
        self.not_holder = frozenset(w.lower() for w in cb.speaker_stop)
        #: words that open a subordinate clause inside a light verb's subject region: its
        #: subject starts after the last ("aides about whether | they had concerns"; grammar.yaml
        #: nominal.holder_subordinators)
        subs = sorted(cb.grammar.words("nominal", "holder_subordinators"), key=len, reverse=True)
        self.subordinator_re = re.compile(r"(?<![\w'’-])(?:" + "|".join(map(re.escape, subs)) +
                                          r")(?![\w'’-])")
        #: a finite word (cues.yaml clause_complement `finite`): where a subject's predicate
        #: may begin ("His plan to C | has won praise")
        fin = sorted(cb.clause_complement.get("finite", ()), key=len, reverse=True)
        self.finite_re = re.compile(r"(?<![\w'’-])(?:" + "|".join(map(re.escape, fin)) +
                                    r")(?![\w'’-])" if fin else r"(?!)")
        lv = sorted(cb.light_verbs, key=len, reverse=True)
        self.light_re = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, lv)) + r")\s+" +
                                   rx.dets + _MODS + r"\Z") if lv else None
        rv = sorted(cb.receiving_verbs, key=len, reverse=True)
        self.receive_re = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, rv)) + r")\s+" +
                                     rx.dets + _MODS + r"\Z") if rv else None
        ans = cb.answering
        av = sorted(ans.get("verbs", ()), key=len, reverse=True)
        #: "X did not respond to (a) request ...": an answering verb right before its noun
        self.answer_re = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, av)) + r")\s+" +
                                    rx.dets + _MODS + r"\Z") if av else None
        self.answered = frozenset(ans.get("nouns", ()))
        self.answer_cue = (str(ans.get("cue", "")), str(ans.get("class", "")))
        if av:
            self.cue_classes[self.answer_cue[0]] = self.answer_cue[1]
        #: the subject's trailing "did not immediately" before the answering verb
        self.answer_aux = re.compile(r"(?:\s+(?:" + _alt(cb.grammar.words(
            "nominal", "answer_auxiliaries")) + r"|[a-z]+ly))+\s*\Z")

    def find(self, text: str, low: str, hits: list[tuple[int, int, str]],
             cs: int, ce: int) -> list[NominalCue]:
        """The nominal cues of clause [cs, ce), each with a holder region, in text order.
        `hits` are the document's noun occurrences (the lexicon's one scan, table
        "nominal"), sorted by start."""
        out: list[NominalCue] = []
        i = bisect_left(hits, (cs,))
        while i < len(hits) and hits[i][0] < ce and self.link_re is not None:
            ns, ne, form = hits[i]
            i += 1
            if ns > 0 and low[ns - 1] in "-'’":
                continue
            received = self._received(text, low, cs, ce, ns, ne, form) or \
                self._answered(low, cs, ce, ns, form) or self._supporters(text, cs, ce, ne, form)
            if received is not None:
                out.append(received)
                continue
            m = self.link_re.match(low, ne, ce)
            if m is None:
                continue
            ls, link = m.start(2), m.group(2)
            cue = self._one(text, low, cs, ce, ns, ne, ls, form, link)
            if cue is not None:
                out.append(cue)
        return out

    def _one(self, text: str, low: str, cs: int, ce: int, ns: int, ne: int, ls: int,
             form: str, link: str) -> NominalCue | None:
        """One noun: its content from the link, its holder from the words around it."""
        noun, cls, pol, comps, objs = self.by_form[form]
        after = ls + len(link)
        if link in comps and (link not in self.rx.infinitive_links or
                               self.rx.infinitive.match(low, after, ce)):
            content = (after, ce)
        elif link in objs:
            content = (cs, ce)
        else:
            return None
        if not text[after:ce].strip(" .,;:!?\"'”’"):
            return None
        holder = self._holder(text, low, cs, ns, ne, ls)
        if holder is None:
            return None
        if content != (cs, ce) and holder[1] <= ns and not low[cs:holder[0]].strip(" \"“‘'(") \
                and (self.light_re is None or not self.light_re.search(low, holder[1], ns)):
            # the noun phrase opens its clause ("His threat to C has played well at home"): it
            # is the subject; the content ends before the author's predicate, and the clause
            # stays the author's
            end = self._predicate(low, after, ce, skip=0 if link in self.rx.infinitive_links else 1)
            if end is None or not text[after:end].strip(" .,\"'”’"):
                return None
            return NominalCue(f"{noun} {link}", cls, pol, holder, (after, end), True)
        if content == (cs, ce) and holder[1] <= ns and len(low[cs:holder[0]].split()) > 6:
            # a possessive deep in the clause ("... as the administration increases its
            # support for X"): the clause is not the holder's, but the target is, up to the
            # next comma or dash; the clause stays the author's
            end = min([i for i in (text.find(c, after, ce) for c in ",;—–") if i >= 0] or [ce])
            if not text[after:end].strip(" .\"'”’"):
                return None
            return NominalCue(f"{noun} {link}", cls, pol, holder, (after, end), True)
        return NominalCue(f"{noun} {link}", cls, pol, holder, content)

    def _predicate(self, low: str, after: int, ce: int, skip: int) -> int | None:
        """Where the author's predicate begins after a subject's content (its `skip`+1-th
        finite word: "plan to C | has", "claim that C were true | is"), or None."""
        seen = 0
        for m in self.finite_re.finditer(low, after, ce):
            if seen == skip:
                return m.start()
            seen += 1
        return None

    def _received(self, text: str, low: str, cs: int, ce: int, ns: int, ne: int,
                  form: str) -> NominalCue | None:
        """A noun its clause's subject receives from a holder ("X won the endorsement of Y",
        "X drew criticism from Y"): the claim is the whole clause, the holder the giver
        (after "of" only for a stance: "the support of Y", not "criticism of the plan")."""
        if self.receive_re is None or not self.receive_re.search(low, max(cs, ns - 60), ns):
            return None
        m = self.rx.giver.match(text, ne, ce)
        if m is None:
            return None
        noun, cls, pol, _, _ = self.by_form[form]
        link = low[ne:m.start(1)].split()[0]
        if link in self.rx.stance_givers and cls != "stance":
            return None  # "faced criticism of the plan": the target, not the giver
        return NominalCue(f"{noun} {link}", cls, pol, m.span(1), (cs, ce))

    def _supporters(self, text: str, cs: int, ce: int, ne: int, form: str) -> NominalCue | None:
        """A stance noun and the people who hold it right after it ("Clinton's deep support
        among black voters gives her an edge", "backing from the unions"): the holder is
        that phrase, the claim the whole clause (a stance's target is in it)."""
        noun, cls, pol, _, _ = self.by_form[form]
        if cls != "stance":
            return None
        m = self.rx.supporters.match(text, ne, ce)
        if m is None:
            return None
        link = text[ne:m.start(1)].split()[0].lower()
        return NominalCue(f"{noun} {link}", cls, pol, m.span(1), (cs, ce))

    def _answered(self, low: str, cs: int, ce: int, ns: int, form: str) -> NominalCue | None:
        """A request the clause's subject answers or leaves unanswered ("X did not respond
        to a request for comment"): the holder is the subject (to the last comma before the
        verb, less "did not immediately"), the claim the whole clause."""
        if self.answer_re is None or self.by_form[form][0] not in self.answered:
            return None
        m = self.answer_re.search(low, max(cs, ns - 60), ns)
        if m is None:
            return None
        aux = self.answer_aux.search(low, cs, m.start())
        end = aux.start() if aux else m.start()
        comma = low.rfind(",", cs, end)
        start = comma + 1 if comma >= 0 else cs
        if not low[start:end].strip():
            return None
        return NominalCue(self.answer_cue[0], self.answer_cue[1], "affirm", (start, end), (cs, ce))

    def _holder(self, text: str, low: str, cs: int, ns: int, ne: int,
                ls: int) -> tuple[int, int] | None:
        """The region the noun's holder is read from, or None."""
        if low[ne:ls].strip():  # "the decision by the court to"
            m = self.rx.agent.match(text, ne, ls)
            return (m.start(1), m.end(1)) if m else None
        lo = max(cs, ns - 120)
        if self.light_re is not None:
            m = self.light_re.search(low, lo, ns)
            if m:
                aux = self.rx.aux.search(low, cs, m.start())
                end = aux.start() if aux else m.start()
                comma = low.rfind(",", cs, end)
                start = comma + 1 if comma >= 0 else cs
                sub = None
                for sub in self.subordinator_re.finditer(low, start, end):
                    pass
                start = sub.end() if sub else start  # "... aides about whether | they had"
                return (start, end) if low[start:end].strip() else None
        m = self.rx.possessive.search(text, max(cs, ns - 60), ns)
        if m:
            s, e = m.span(1)
            e -= 2 if text[e - 1] in "sS" and text[e - 2] in "'’" else 1 if \
                text[e - 1] in "'’" else 0
            return None if low[s:e] in self.not_holder else (s, e)  # "That's", "It's"
        return None
