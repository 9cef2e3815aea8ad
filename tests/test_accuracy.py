"""The seed's accuracy cannot silently drop: a fresh build of the seed article is scored
against its hand-coding, and every field's F1 must reach the value recorded in
`tests/fixtures/seed_accuracy.yaml` (claims found, claimant, attribution, polarity, modality,
claim type)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis import evaluate


@pytest.fixture(scope="module")
def fresh_seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed built now, from the code under test (not the committed tables)."""
    out = tmp_path_factory.mktemp("accuracy") / "processed"
    proc = subprocess.run([sys.executable, "-m", "analysis", "build", "--out", str(out),
                           "--no-cache", "--quiet"], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    return out


def test_seed_f1_reaches_the_recorded_values(fresh_seed: Path) -> None:
    scores = evaluate.evaluate_seed(processed_dir=fresh_seed)
    recorded = evaluate.load_recorded()
    assert {"claims", "attribution"} <= set(recorded)
    assert evaluate.regressions(scores, recorded) == [], evaluate.format_scores(scores)


def test_a_worse_attribution_is_caught(fresh_seed: Path) -> None:
    """The check can fail: the seed's claims with every 'named' attribution made 'group'."""
    claims = pd.read_csv(fresh_seed / "claims.csv", dtype=str, keep_default_na=False)
    claims.loc[claims["attribution"] == "named", "attribution"] = "group"
    damaged = fresh_seed.parent / "damaged"
    damaged.mkdir(exist_ok=True)
    claims.to_csv(damaged / "claims.csv", index=False)
    found = evaluate.regressions(evaluate.evaluate_seed(processed_dir=damaged),
                                 evaluate.load_recorded())
    assert len(found) == 1 and found[0].startswith("attribution: F1 0.")


def test_missing_claims_lower_claim_f1(fresh_seed: Path) -> None:
    claims = pd.read_csv(fresh_seed / "claims.csv", dtype=str, keep_default_na=False)
    damaged = fresh_seed.parent / "fewer"
    damaged.mkdir(exist_ok=True)
    claims.iloc[::2].to_csv(damaged / "claims.csv", index=False)
    found = evaluate.regressions(evaluate.evaluate_seed(processed_dir=damaged),
                                 evaluate.load_recorded())
    assert any(line.startswith("claims: F1 ") for line in found)
