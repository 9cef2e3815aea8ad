"""Analyst corrections: per-document YAML files that add, remove or recode claims.

`data/codebook/corrections/<doc_id>.yaml` holds a list of entries:

```yaml
- action: recode            # change fields of an extracted claim
  anchor: "number of"       # a phrase inside the claim's text (or `claim: <claim_id>`)
  set: {modality: hedged, claim_type: capture}
  note: why the analyst changed it
- action: remove
  anchor: "Do you like this content"
- action: add               # a claim the extractor missed
  anchor: "exact words of the claimed content"
  set: {claimant_id: AZE-MOD, attribution: named, cue: said}
```
Corrections are applied after extraction; every changed or added claim gets
`origin = manual`, so the dataset of record is extraction plus reviewed corrections.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from analysis.codebook import CodebookError
from analysis.records import Claim, Document
from analysis.text.textutil import norm

ACTIONS = {"add", "remove", "recode"}
SETTABLE = {"claimant_id", "claimant_surface", "attribution", "cue", "polarity", "modality",
            "claim_type", "subject_ids", "object_ids", "places", "quantities"}


def load_corrections(folder: Path, doc_id: str) -> list[dict[str, Any]]:
    """Read and validate `<doc_id>.yaml` from the corrections folder (empty when absent)."""
    path = folder / f"{doc_id}.yaml"
    if not path.exists():
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except yaml.YAMLError as exc:
        raise CodebookError(f"{path}: not valid YAML ({str(exc).splitlines()[0]})") from None
    if not isinstance(data, list):
        raise CodebookError(f"{path}: expected a list of corrections")
    for i, e in enumerate(data, 1):
        where = f"{path}: entry {i}"
        if not isinstance(e, dict) or e.get("action") not in ACTIONS:
            raise CodebookError(f"{where}: 'action' must be one of {sorted(ACTIONS)}")
        if not (e.get("anchor") or e.get("claim")):
            raise CodebookError(f"{where}: needs 'anchor' (a phrase) or 'claim' (a claim id)")
        bad = set((e.get("set") or {})) - SETTABLE
        if bad:
            raise CodebookError(f"{where}: cannot set {sorted(bad)}; settable: {sorted(SETTABLE)}")
    return data


def _find(claims: list[Claim], entry: dict[str, Any]) -> Claim | None:
    if entry.get("claim"):
        return next((c for c in claims if c.claim_id == entry["claim"]), None)
    anchor = norm(str(entry["anchor"]))
    return next((c for c in claims if anchor in norm(c.text)), None)


def apply_corrections(doc: Document, claims: list[Claim], entries: list[dict[str, Any]],
                      source: str = "corrections") -> list[Claim]:
    """Apply corrections to a document's claims; raise when an anchor matches nothing."""
    out = list(claims)
    added = 0
    for i, e in enumerate(entries, 1):
        fields = dict(e.get("set") or {})
        for key in ("subject_ids", "object_ids", "places", "quantities"):
            if key in fields and isinstance(fields[key], str):
                fields[key] = [x for x in fields[key].split(";") if x]
        if e["action"] == "add":
            anchor = str(e["anchor"])
            pos = norm(doc.text).find(norm(anchor))
            if pos < 0:
                raise CodebookError(f"{source}: entry {i}: anchor {anchor!r} is not in {doc.doc_id}")
            sent = next(s for s in doc.sentences if s.start <= pos < s.end)
            added += 1
            base = Claim(claim_id=f"{doc.doc_id}-m{added:03d}", doc_id=doc.doc_id,
                         sent_id=sent.sent_id, start=pos, end=pos + len(anchor),
                         text=doc.text[pos:pos + len(anchor)], claimant_id="", claimant_surface="",
                         attribution="author", cue="", polarity="affirm", modality="asserted",
                         modality_cue="", claim_type="assessment", origin="manual")
            for k, v in fields.items():
                setattr(base, k, v)
            out.append(base)
            continue
        target = _find(out, e)
        if target is None:
            raise CodebookError(f"{source}: entry {i}: no claim of {doc.doc_id} matches "
                                f"{e.get('claim') or e.get('anchor')!r}")
        if e["action"] == "remove":
            out.remove(target)
        else:
            for k, v in fields.items():
                setattr(target, k, v)
            target.origin = "manual"
    return sorted(out, key=lambda c: (c.start, c.end, c.claim_id))
