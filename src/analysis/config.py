"""Project paths, resolved from the package location (never from the working directory).

Every path the pipeline reads or writes is named here, so notebooks, the CLI and the tests
agree on one catalog. `ANALYSIS_ROOT` in the environment points the package at another
checkout (useful when the package is installed outside the source tree).
"""
from __future__ import annotations

import os
from pathlib import Path


def _find_root() -> Path:
    """Return the project root: the nearest parent of this file holding pyproject.toml."""
    env = os.environ.get("ANALYSIS_ROOT")
    if env:
        return Path(env).resolve()
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").exists() and (parent / "data").is_dir():
            return parent
    return here.parents[2]


ROOT: Path = _find_root()
DATA: Path = ROOT / "data"
RAW: Path = DATA / "raw"
CODEBOOK: Path = DATA / "codebook"
CORRECTIONS: Path = CODEBOOK / "corrections"
INTERIM: Path = DATA / "interim"
PROCESSED: Path = DATA / "processed"
NOTEBOOKS: Path = ROOT / "notebooks"
REPORTS: Path = ROOT / "reports"
FIGURES: Path = REPORTS / "figures"
TESTS: Path = ROOT / "tests"
SEED_GOLD: Path = TESTS / "fixtures" / "seed_gold.yaml"

#: Cell timeout (seconds) for notebook execution.
CELL_TIMEOUT: int = 300
#: Fixed seed for every layout or sample drawn anywhere in the project.
SEED: int = 20200927
