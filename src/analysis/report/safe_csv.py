"""Spreadsheet-safe copies of the processed tables (CSV formula injection).

A spreadsheet treats a cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return
as a formula: an article quoting `=cmd|' /C calc'!A0` could run code on a reviewer's machine.
The copies in `reports/spreadsheet/` prefix such cells with a single quote (OWASP advice),
and so do the figure data beside each figure (`reports/figures/*.csv`, via `neutralise`);
and the full tables linked from a report (`reports/tables/*.csv`); the processed tables in
`data/processed/` stay exact, for programs. The full-width forms of the four marks (`＝`,
`＋`, `－`, `＠`) and a mark after leading spaces count too (some spreadsheets and input
methods read them as formulas). A spreadsheet whose list separator is `;` (most European
locales) opens a comma file split at every `;`, quotes or not, so a mark that follows a `;`
inside a cell (`a;=1+1`) is neutralised too (`a;'=1+1`).

`python -m analysis.report.safe_csv [PROCESSED_DIR] [OUT_DIR]` writes the copies.
"""
from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

import pandas as pd

from analysis import config

#: Characters that make a spreadsheet read a cell as a formula (with their full-width forms).
TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


#: A formula mark after a `;` (and spaces or quotes): a new cell where `;` separates cells.
_AFTER_SEMICOLON = re.compile(";(?=[ \"]*[" + re.escape("".join(TRIGGERS)) + "])")


def neutralise_value(value: object) -> object:
    """Prefix `'` to a string that a spreadsheet would read as a formula (leading spaces
    skipped), and to each part of it after a `;` that would (see the module docstring)."""
    if not isinstance(value, str):
        return value
    if ";" in value:
        value = _AFTER_SEMICOLON.sub(";'", value)
    return "'" + value if value.lstrip(" ").startswith(TRIGGERS) else value


def write_csv(df: pd.DataFrame, path: Path, bom: bool = False) -> Path:
    """Write an already neutralised table for spreadsheets (every CSV under reports/):
    `\n` line ends, UTF-8 (with a BOM when `bom`, so spreadsheets detect the encoding)."""
    df.to_csv(path, index=False, encoding="utf-8-sig" if bom else "utf-8",
              lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    return path


#: A cell `neutralise_value` would change: a mark at the start (after spaces) or after a `;`.
_MARKS = "=+\\-@\\t\\r\uff1d\uff0b\uff0d\uff20"
_NEEDS = "^ *[" + _MARKS + "]|;[ \"]*[" + _MARKS + "]"


def _neutralise_column(s: pd.Series) -> pd.Series:
    """`neutralise_value` on the cells that need it, found by one vectorised match (a full
    table of 780,000 claims was a minute of per-cell calls; few cells ever change)."""
    try:
        hit = s.str.contains(_NEEDS, regex=True, na=False).fillna(False).astype(bool)
    except AttributeError:  # an object column holding no strings
        return s.map(neutralise_value)
    if not hit.any():
        return s
    out = s.copy()
    out[hit] = s[hit].map(neutralise_value)
    return out


def neutralise(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of `df` whose string cells cannot start a spreadsheet formula.

    Columns read as text (object or string dtype) are neutralised; numbers stay numbers
    (a negative number is data, not a formula, and spreadsheets read it as such).
    """
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = _neutralise_column(out[col])
    out.columns = [neutralise_value(c) for c in out.columns]
    return out


def write_spreadsheet_copies(processed_dir: str | Path | None = None,
                             out_dir: str | Path | None = None) -> list[Path]:
    """Write a neutralised copy of every processed CSV into `out_dir`; return the paths.

    Cells are read as text (so `-3` stays `-3` in a numeric column only if the column is all
    numbers); files are written UTF-8 with a BOM so spreadsheets detect the encoding.
    """
    src = Path(processed_dir) if processed_dir else config.PROCESSED
    dst = Path(out_dir) if out_dir else config.REPORTS / "spreadsheet"
    dst.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sorted(src.glob("*.csv")):
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        for col in df.columns:  # columns that are entirely numbers are not text
            nums = pd.to_numeric(df[col], errors="coerce")
            if len(df) and nums.notna().all():
                continue
            df[col] = df[col].map(neutralise_value)
        df.columns = [neutralise_value(c) for c in df.columns]
        written.append(write_csv(df, dst / path.name, bom=True))
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    paths = write_spreadsheet_copies(*(args[:2]))
    print(f"wrote {len(paths)} spreadsheet-safe CSV copies")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
