"""Shared fixtures: one report build per test session, and browser/PDF helpers.

The session builds the reports exactly as `make reports` does (`python -m analysis.report`
on `data/processed/`, into `reports/`), so after `make test` the folder holds what CI
publishes. `ANALYSIS_TEST_PROCESSED=DIR` builds from another processed folder into a
temporary directory instead (for working on the reports before the pipeline lands).
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from analysis import config
from analysis.codebook import load_codebook
from helpers import run_report


@dataclass(frozen=True)
class Build:
    """Where a report build read its tables and wrote its outputs."""

    processed: Path
    out: Path
    returncode: int
    log: str


@pytest.fixture(scope="session")
def cb():
    """The repository's codebook (loaded once; a Codebook is never mutated by a stage)."""
    return load_codebook()


@pytest.fixture(scope="session")
def built_reports(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """Build every report once per session (execute, HTML, PDF, index)."""
    override = os.environ.get("ANALYSIS_TEST_PROCESSED")
    if override:
        processed, out = Path(override).resolve(), tmp_path_factory.mktemp("reports")
        args = ["--processed", str(processed), "--out", str(out)]
    else:
        processed, out = config.PROCESSED, config.REPORTS
        args = []
    if not (processed / "documents.csv").exists():
        pytest.fail(f"{processed}/documents.csv missing: run `make data` first")
    proc = run_report(*args)
    log = proc.stdout + proc.stderr
    if proc.returncode != 0:
        pytest.fail(f"report build failed (exit {proc.returncode}):\n{log[-6000:]}")
    return Build(processed, out, proc.returncode, log)


@pytest.fixture
def edited_codebook(tmp_path: Path):
    """A function giving a copy of the codebook with one text replaced in one file (the
    old text must be there, so a codebook edit cannot silently make the test vacuous)."""
    def make(file: str, old: str, new: str) -> Path:
        folder = tmp_path / "codebook"
        if not folder.exists():
            shutil.copytree(config.CODEBOOK, folder)
        text = (folder / file).read_text(encoding="utf-8")
        assert old in text
        (folder / file).write_text(text.replace(old, new, 1), encoding="utf-8")
        return folder
    return make
