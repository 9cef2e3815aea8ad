"""Compare extracted claims with hand-coded gold: precision, recall and F1 per field.

Gold claims are matched to extracted claims of the same document by an anchor phrase that
must occur in the extracted claim's text (after normalising quotes and case). For each field,
a true positive is a gold claim matched with the right value; precision divides by all
extracted claims of the document, recall by all gold claims.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml

from analysis import config
from analysis.text.textutil import norm

#: Recorded seed F1 per field (tests/test_accuracy.py fails when a change scores below it).
SEED_ACCURACY: Path = config.TESTS / "fixtures" / "seed_accuracy.yaml"

FIELDS = ("claims", "claimant", "attribution", "polarity", "modality", "claim_type")
_GOLD_KEY = {"claimant": "claimant", "attribution": "attribution", "polarity": "polarity",
             "modality": "modality", "claim_type": "type"}
_PRED_KEY = {"claimant": "claimant_id", "attribution": "attribution", "polarity": "polarity",
             "modality": "modality", "claim_type": "claim_type"}


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1 (0 when undefined)."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def match(gold: list[dict], pred: pd.DataFrame) -> list[int | None]:
    """For each gold claim, the row index of the first extracted claim holding its anchor."""
    texts = [norm(t) for t in pred["text"].astype(str)]
    out: list[int | None] = []
    for g in gold:
        anchor = norm(str(g["anchor"]))
        out.append(next((i for i, t in enumerate(texts) if anchor in t), None))
    return out


def score(gold: list[dict], pred: pd.DataFrame) -> pd.DataFrame:
    """Per-field precision, recall, F1 and counts for one document's claims.

    Args:
        gold: hand-coded claims (anchor + field values).
        pred: the extracted claims of that document (claims.csv rows).
    Returns:
        One row per field: field, tp, n_pred, n_gold, precision, recall, f1.
    """
    pred = pred.reset_index(drop=True).fillna("")
    idx = match(gold, pred)
    rows = []
    for f in FIELDS:
        if f == "claims":
            tp = len({i for i in idx if i is not None})
        else:
            tp = sum(1 for g, i in zip(gold, idx) if i is not None and
                     str(pred.at[i, _PRED_KEY[f]]) == str(g.get(_GOLD_KEY[f]) or ""))
        p, r, f1 = _prf(tp, len(pred), len(gold))
        rows.append({"field": f, "tp": tp, "n_pred": len(pred), "n_gold": len(gold),
                     "precision": round(p, 3), "recall": round(r, 3), "f1": round(f1, 3)})
    return pd.DataFrame(rows)


def errors(gold: list[dict], pred: pd.DataFrame) -> pd.DataFrame:
    """Gold claims that were missed or got a wrong value, for error analysis."""
    pred = pred.reset_index(drop=True).fillna("")
    rows = []
    for g, i in zip(gold, match(gold, pred)):
        if i is None:
            rows.append({"anchor": g["anchor"], "field": "claim", "gold": "present", "got": "missing"})
            continue
        for f in FIELDS[1:]:
            want, got = str(g.get(_GOLD_KEY[f]) or ""), str(pred.at[i, _PRED_KEY[f]])
            if want != got:
                rows.append({"anchor": g["anchor"], "field": f, "gold": want, "got": got})
    return pd.DataFrame(rows, columns=["anchor", "field", "gold", "got"])


def load_gold(path: Path | str | None = None) -> dict:
    """Read a gold YAML file (default: the hand-coded seed fixture)."""
    return yaml.safe_load(Path(path or config.SEED_GOLD).read_text(encoding="utf-8"))


def evaluate_seed(gold_path: Path | str | None = None,
                  processed_dir: Path | str | None = None) -> pd.DataFrame:
    """Score the processed claims of the seed document against its hand-coding."""
    gold = load_gold(gold_path)
    claims = pd.read_csv(Path(processed_dir or config.PROCESSED) / "claims.csv", dtype=str,
                         keep_default_na=False)
    return score(gold["claims"], claims[claims["doc_id"] == gold["doc_id"]])


def format_scores(df: pd.DataFrame) -> str:
    """The scores as an aligned plain-text table."""
    return df.to_string(index=False)


def load_recorded(path: Path | str | None = None) -> dict[str, float]:
    """The recorded seed F1 per field (default `SEED_ACCURACY`): the floor a change
    may not go below without updating the file on purpose."""
    data = yaml.safe_load(Path(path or SEED_ACCURACY).read_text(encoding="utf-8"))
    return {str(k): float(v) for k, v in (data.get("f1") or {}).items()}


def regressions(scores: pd.DataFrame, recorded: dict[str, float]) -> list[str]:
    """One line per field whose F1 fell below its recorded value (empty: none did).

    A field missing from `scores` counts as 0 (a renamed field must be re-recorded).
    """
    got = dict(zip(scores["field"], scores["f1"]))
    return [f"{field}: F1 {got.get(field, 0.0):.3f} < recorded {floor:.3f}"
            for field, floor in sorted(recorded.items())
            if got.get(field, 0.0) + 1e-9 < floor]
