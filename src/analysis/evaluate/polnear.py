"""Score the build's attribution components on a PolNeAR split the user supplies.

PolNeAR (Newell, Margolin & Ruths, LREC 2018) annotates every attribution of US political
news in brat standoff: `SPLIT/text/NAME.txt` and `SPLIT/attributions/NAME_ANNOTATOR.ann`
(the first annotator in sorted order is used). Each `Attribution` or
`Attribution-no-source` event is one gold record (content, cue, source). The split is laid
out as a raw folder in a temporary directory, built there with the project's own build, and
its claims are scored by `components.score_components`. Nothing of the corpus is kept.
"""
from __future__ import annotations

import csv
import hashlib
import re
import tempfile
import unicodedata
from collections import defaultdict
from pathlib import Path

from analysis.codebook import load_codebook
from analysis.evaluate.components import (STOP, _FOLD, content_tokens, score_components,
                                          tokens)
from analysis.ingest.corpus import InputError

_RELATIVE = frozenset({"who", "whom", "whose", "which", "that"})


def read_ann(path: Path, text: str) -> list[dict]:
    """The gold attributions of one brat file (records without `doc_id`)."""
    spans, events = {}, []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and re.fullmatch(r"T\d+", parts[0]):
            label, _, offs = parts[1].partition(" ")
            try:
                frags = [tuple(int(x) for x in f.split()) for f in offs.split(";")]
            except ValueError:
                continue
            spans[parts[0]] = [f for f in frags if len(f) == 2]
        elif len(parts) >= 2 and re.fullmatch(r"E\d+", parts[0]):
            events.append(dict(a.split(":", 1) for a in parts[1].split() if ":" in a))
    gold = []
    for args in events:
        if not any(k in {"Attribution", "Attribution-no-source"} for k in args):
            continue
        frags = sorted(f for role, tid in args.items() if role.startswith("Content")
                       for f in spans.get(tid, ()))
        content = " ".join(text[a:b] for a, b in frags)
        if not frags or not tokens(content):
            continue
        src, cue = spans.get(args.get("Source", ""), []), spans.get(args.get("Cue", ""), [])
        source = " ".join(text[a:b] for a, b in src)
        gold.append({"content": content, "extent": (frags[0][0], max(b for _, b in frags)),
                     "cue": " ".join(text[a:b] for a, b in cue), "source": source,
                     "source_at": src[0][0] if src else None,
                     "kind": "none" if not source.strip() else
                     "named" if content_tokens(source) else "pronoun"})
    _antecedents(gold, text)
    return gold


def _antecedents(gold: list[dict], text: str) -> None:
    """A pronoun source's antecedent words: for who/which/that the words just before it,
    else the nearest earlier named source."""
    named = sorted((g["source_at"], content_tokens(g["source"])) for g in gold
                   if g["kind"] == "named")
    for g in gold:
        if g["kind"] != "pronoun":
            continue
        ante: set[str] = set()
        if set(tokens(g["source"])) & _RELATIVE:
            ante = {t for t in tokens(text[max(0, g["source_at"] - 120):g["source_at"]])[-6:]
                    if t not in STOP}
        if not ante:
            prev = [toks for at, toks in named if at < g["source_at"]]
            ante = prev[-1] if prev else set()
        g["antecedent"] = sorted(ante)


def load_split(root: Path, split: str) -> list[dict]:
    """Every annotated article of a split: doc_id, text bytes and gold records."""
    folder = root / split
    if not (folder / "text").is_dir() or not (folder / "attributions").is_dir():
        raise InputError(f"{folder}: no text/ and attributions/ folders (a PolNeAR split)")
    anns = defaultdict(list)
    for p in (folder / "attributions").glob("*.ann"):
        anns[p.stem.rsplit("_", 1)[0]].append(p)
    docs = []
    for p in sorted((folder / "text").glob("*.txt")):
        if p.stem not in anns:
            continue
        data = p.read_bytes()
        doc_id = re.sub(r"[^a-z0-9-]+", "-", p.stem.lower())
        gold = read_ann(sorted(anns[p.stem])[0], data.decode("utf-8"))
        docs.append({"doc_id": doc_id, "data": data,
                     "gold": [{**g, "doc_id": doc_id} for g in gold]})
    if not docs:
        raise InputError(f"{folder}: no annotated article")
    return docs


def _lay_out(docs: list[dict], raw: Path) -> None:
    (raw / "articles").mkdir(parents=True)
    with open(raw / "manifest.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["doc_id", "path", "title", "outlet", "published", "url", "language",
                    "sha256"])
        for d in docs:
            path = f"articles/{d['doc_id']}.txt"
            (raw / path).write_bytes(d["data"])
            w.writerow([d["doc_id"], path, "", "", "", "", "en",
                        hashlib.sha256(d["data"]).hexdigest()])


def _squash(text: str) -> tuple[str, list[int]]:
    """Folded, lowercased text with whitespace runs as one space, and each character's
    offset in the original (to place a claim's text in the article)."""
    chars, index, space = [], [], True
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch).translate(_FOLD).lower():
            if c.isspace():
                if not space:
                    chars.append(" ")
                    index.append(i)
                space = True
            else:
                chars.append(c)
                index.append(i)
                space = False
    return "".join(chars), index


def _locate(article: tuple[str, list[int]], text: str) -> list[tuple[int, int]]:
    hay, index = article
    needle, _ = _squash(text)
    needle = needle.strip()
    out, at = [], hay.find(needle) if needle else -1
    while at >= 0 and len(out) < 20:
        out.append((index[at], index[at + len(needle) - 1] + 1))
        at = hay.find(needle, at + 1)
    return out


def evaluate_polnear(root: Path | str, split: str = "dev",
                     work: Path | str | None = None) -> list[dict]:
    """Build a PolNeAR split in a temporary folder (or `work`) and score its components."""
    from analysis.build.pipeline import build

    docs = load_split(Path(root), split)
    with tempfile.TemporaryDirectory(prefix="analysis-polnear-") as tmp:
        base = Path(work or tmp)
        _lay_out(docs, base / "raw")
        build(base / "raw", base / "out", engine="auto", cache=False, quiet=True,
              cache_dir=base / "cache")
        with open(base / "out" / "claims.csv", newline="", encoding="utf-8") as fh:
            claims = list(csv.DictReader(fh))
    texts = {d["doc_id"]: _squash(d["data"].decode("utf-8")) for d in docs}
    for c in claims:
        c["where"] = _locate(texts[c["doc_id"]], c["text"])
    cb = load_codebook()
    forms = {c.cue: c.forms for c in cb.cues}
    gold = [g for d in docs for g in d["gold"]]
    return score_components(gold, claims, forms)
