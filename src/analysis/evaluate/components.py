"""Attribution scored component by component against annotated attributions.

Gold is a list of attributions (one dict each: `doc_id`, `content`, `extent` — the content's
character span in the article —, `cue`, `source`, `kind` — named, pronoun or none —, and for
a pronoun source its `antecedent` tokens); predictions are claims.csv rows (`doc_id`, `text`,
`attribution`, `claimant_surface`, `cue`, and `where`: the spans where the claim's text lies
in the article, empty when unknown). Matching follows the PolNeAR measure the project
reports (a claim overlaps a content when they share at least half the tokens of the shorter
and their spans meet), so the components add up to its figures:

- **content**: recall = gold contents some claim overlaps (found); precision = non-author
  claims overlapping some gold content; token precision/recall of the best overlapping claim;
- **cue**: an overlapping non-author claim whose cue (a lemma; `forms` lists its written
  forms) shares a word with the gold cue;
- **source**: an overlapping claim with the gold source (`source_ok`), recall by source kind;
  precision = non-author claims that overlap a gold content with their right source.

Everything here is a pure function of records, so it is unit-tested on hand-made ones.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping

_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                       "\u2013": "-", "\u2014": "-"})
_WORD = re.compile(r"\w+")
#: function words and titles: not evidence that two source phrases name the same speaker
STOP = frozenset("""a about after again all also am an and any are as at be because been
before being between both but by can could did do does doing down during each few for from
had has have having here how if in into is it its itself just more most no nor not now of
off on once only or other out over own same should so some such than that the their theirs
them themselves then there these they this those through to too under until up very was
were what when where which while who whom whose why will with would yet s t d ll m re ve
i me my mine myself we us our ours you your yours he him his himself she her hers herself
one ones someone people mr mrs ms dr sen rep gov president vice secretary minister former""".split())
FIRST_PERSON = frozenset({"i", "me", "my", "mine", "we", "us", "our", "ours"})
KINDS = ("named", "pronoun", "none")


def tokens(text: str) -> list[str]:
    """Lowercased word tokens, quotes and dashes folded."""
    return _WORD.findall(unicodedata.normalize("NFKC", text or "").translate(_FOLD).lower())


def content_tokens(text: str) -> set[str]:
    """Tokens that can identify a speaker (no function word, no title)."""
    return {t for t in tokens(text) if t not in STOP}


def overlaps(gold: Mapping, pred: Mapping) -> bool:
    """Whether a claim overlaps a gold content: half the shorter token list shared, and
    their spans meet when the claim was located in the article."""
    a, b = gold["ctoks"], pred["toks"]
    if not a or not b:
        return False
    if sum((Counter(a) & Counter(b)).values()) < 0.5 * min(len(a), len(b)):
        return False
    ga, gb = gold["extent"]
    return not pred["where"] or any(s < gb and ga < e for s, e in pred["where"])


def source_ok(gold: Mapping, pred: Mapping) -> bool:
    """Whether a claim gives a gold attribution its source: anonymous for no source; a
    shared content word for a named source; for a pronoun the pronoun itself or a word of
    its antecedent (a first-person source also accepts the author)."""
    attribution = (pred.get("attribution") or "").lower()
    surface = pred.get("claimant_surface") or ""
    if gold["kind"] == "none":
        return attribution == "anonymous"
    if gold["kind"] == "named":
        return attribution not in {"author", ""} and \
            bool(content_tokens(surface) & content_tokens(gold["source"]))
    if attribution == "author":
        return bool(set(tokens(gold["source"])) & FIRST_PERSON)
    if attribution not in {"named", "group"}:
        return False
    return bool(set(tokens(surface)) & set(tokens(gold["source"])) or
                content_tokens(surface) & set(gold.get("antecedent", ())))


def cue_ok(gold: Mapping, pred: Mapping, forms: Mapping[str, Iterable[str]]) -> bool:
    """Whether a non-author claim's cue is the gold cue: one of the cue's written forms (or
    the cue itself) shares a content word with the gold cue ("say" ~ "said")."""
    if (pred.get("attribution") or "").lower() == "author" or not pred.get("cue"):
        return False
    cue = pred["cue"]
    written = set(tokens(cue)) | {t for f in forms.get(cue, ()) for t in tokens(f)}
    return bool((written - STOP) & (set(tokens(gold["cue"])) - STOP))


def _prf(tp_p: int, n_p: int, tp_r: int, n_r: int) -> dict[str, float | int]:
    p = tp_p / n_p if n_p else 0.0
    r = tp_r / n_r if n_r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3),
            "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0, "n_pred": n_p, "n_gold": n_r}


def _token_row(tok_p: float, tok_r: float, found: int) -> dict:
    """The mean token precision and recall of the best claim over the found contents."""
    p, r = (tok_p / found, tok_r / found) if found else (0.0, 0.0)
    return {"component": "content tokens", "kind": "found", "precision": round(p, 3),
            "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
            "n_pred": found, "n_gold": found}


def prepare(gold: list[dict], preds: list[dict]) -> tuple[list[dict], list[dict]]:
    """Records with their token lists (`ctoks`, `toks`) computed once."""
    g = [{**x, "ctoks": x.get("ctoks") or tokens(x["content"])} for x in gold]
    p = [{**x, "toks": tokens(x.get("text", "")), "where": x.get("where") or []} for x in preds]
    return g, p


def score_components(gold: list[dict], preds: list[dict],
                     forms: Mapping[str, Iterable[str]] | None = None) -> list[dict]:
    """Precision and recall of the content, cue and source components (rows of
    component, kind, precision, recall, f1, n_pred, n_gold). Documents never mix."""
    forms = forms or {}
    gold, preds = prepare(gold, preds)
    by_doc: dict[str, list[int]] = {}
    for i, p in enumerate(preds):
        by_doc.setdefault(p["doc_id"], []).append(i)
    t: Counter = Counter()
    hit_any, hit_cue, hit_src = set(), set(), set()
    on_kind: dict[str, set[int]] = {k: set() for k in KINDS}  # claims on gold of a kind
    right_kind: dict[str, set[int]] = {k: set() for k in KINDS}  # ... with its source
    tok_p = tok_r = 0.0
    for g in gold:
        hits = [i for i in by_doc.get(g["doc_id"], ()) if overlaps(g, preds[i])]
        k = g["kind"]
        t["n"], t[f"n_{k}"] = t["n"] + 1, t[f"n_{k}"] + 1
        t["found"] += bool(hits)
        hit_any.update(hits)
        on_kind[k].update(hits)
        if hits:  # the token overlap of the best claim
            best = max(hits, key=lambda i: sum((Counter(g["ctoks"]) & Counter(preds[i]["toks"])).values()))
            shared = sum((Counter(g["ctoks"]) & Counter(preds[best]["toks"])).values())
            tok_p += shared / len(preds[best]["toks"])
            tok_r += shared / len(g["ctoks"])
        if g.get("cue", "").strip():
            t["n_cue"] += 1
            cues = [i for i in hits if cue_ok(g, preds[i], forms)]
            t["cue"] += bool(cues)
            hit_cue.update(cues)
        good = [i for i in hits if source_ok(g, preds[i])]
        t["source"] += bool(good)
        t[f"source_{k}"] += bool(good)
        hit_src.update(i for i in good if (preds[i].get("attribution") or "") != "author")
        right_kind[k].update(good)
    nonauthor = {i for i, p in enumerate(preds) if (p.get("attribution") or "") != "author"}
    n_na = len(nonauthor)
    rows = [{"component": "content", "kind": "all",
             **_prf(len(nonauthor & hit_any), n_na, t["found"], t["n"])},
            _token_row(tok_p, tok_r, t["found"]),
            {"component": "cue", "kind": "all",
             **_prf(len(nonauthor & hit_cue), n_na, t["cue"], t["n_cue"])},
            {"component": "source", "kind": "all",
             **_prf(len(hit_src), n_na, t["source"], t["n"])},
            # the PolNeAR measure: source-correct recall, non-author precision
            {"component": "attribution", "kind": "all",
             **_prf(len(nonauthor & hit_any), n_na, t["source"], t["n"])}]
    for k in KINDS:
        # precision: of the non-author claims on gold contents of this kind, those with
        # the right source for one of them
        rows.append({"component": "source", "kind": k,
                     **_prf(len(nonauthor & right_kind[k]), len(nonauthor & on_kind[k]),
                            t[f"source_{k}"], t[f"n_{k}"])})
    return rows
