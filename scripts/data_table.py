#!/usr/bin/env python3
"""Write the README's Data table from the manifest (one row per article).

    python scripts/data_table.py           # rewrite the table in README.md
    python scripts/data_table.py --check   # exit 1 if README.md's table is out of date

The table sits between the `<!-- data-table -->` and `<!-- /data-table -->` markers; the
manifest (`data/raw/manifest.csv`) is read with the build's own checks.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from analysis.ingest.corpus import read_manifest  # noqa: E402

START, END = "<!-- data-table -->", "<!-- /data-table -->"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table(raw_dir: Path) -> str:
    """The Markdown table of every manifest row."""
    lines = ["| doc_id | title | outlet | published | source | sha256 |",
             "| --- | --- | --- | --- | --- | --- |"]
    for row in read_manifest(raw_dir):
        lines.append(f"| `{row['doc_id']}` | {_cell(row['title'])} | {_cell(row['outlet'])} | "
                     f"{row['published']} | {_cell(row['url'])} | `{row['sha256'][:12]}` |")
    return "\n".join(lines)


def render(readme: str, raw_dir: Path) -> str:
    """README text with the table between the markers replaced."""
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{table(raw_dir)}\n{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 when README.md is stale")
    ap.add_argument("--raw", type=Path, default=ROOT / "data" / "raw")
    ap.add_argument("--readme", type=Path, default=ROOT / "README.md")
    args = ap.parse_args(argv)
    old = args.readme.read_text(encoding="utf-8")
    new = render(old, args.raw)
    if args.check:
        if new != old:
            print(f"{args.readme}: the Data table is out of date: run "
                  "python scripts/data_table.py", file=sys.stderr)
            return 1
        return 0
    if new != old:
        args.readme.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
