#!/usr/bin/env python3
"""Scaffold a new notebook (optional): the notebooks in notebooks/ are the source.

    python scripts/make_notebooks.py 06-outlets "Outlets: who says what"   # a report notebook
    python scripts/make_notebooks.py scratch-ideas "Ideas"                  # a scratch notebook

Edit notebooks in JupyterLab (`make lab`) and commit them without outputs (`make strip`,
or the nbstripout pre-commit hook in `.pre-commit-config.yaml`). A notebook whose name
starts with a digit is a report: `make reports` executes it, exports it to HTML and PDF,
and the tests run it. Any other name is a scratch notebook, never executed by the build or
CI. This script only writes the skeleton every report notebook shares (a title and steps,
one cell tagged `parameters` with typed papermill parameters, a first code cell that loads
the tables); it refuses to overwrite a notebook.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}

PARAMETERS = (
    "# Parameters (papermill): `python -m analysis.report` and `papermill -p NAME VALUE`\n"
    "# inject new values in a cell after this one.\n"
    "from typing import Optional  # papermill reads Optional[str], not str | None\n"
    "doc_ids: list[str] = []  # articles to cover, by doc_id (one id alone is accepted); empty: all\n"
    "processed_dir: Optional[str] = None  # processed tables; None: analysis.config.PROCESSED\n"
    "figures_dir: Optional[str] = None  # where figures go; None: analysis.config.FIGURES\n"
    "report_dir: Optional[str] = None  # folder of this report's HTML (full tables in its tables/)\n"
    "figure_prefix: str = {prefix!r}  # file-name prefix of this notebook's figures and tables\n"
    "top_n: int = 20  # rows shown per table; the full table is one link away"
)
LOAD = ("from analysis.report import corpus, sections\n\n"
        "t = sections.load(processed_dir, doc_ids, top_n, report_dir, figure_prefix)\n"
        "sections.top(t, corpus.articles_by_outlet(t), 'Articles by outlet')")


def scaffold(name: str, title: str) -> nbformat.NotebookNode:
    """The skeleton notebook `name` with `title` (cell ids cell-01, cell-02, ...)."""
    prefix = name.split("-", 1)[0] + "-" if name[:1].isdigit() else f"{name}-"
    cells = [
        nbformat.v4.new_markdown_cell(f"# {title}\n\nWhat this notebook shows.\n\n"
                                      "**Steps**\n\n1. Load the processed tables."),
        nbformat.v4.new_code_cell(PARAMETERS.format(prefix=prefix)),
        nbformat.v4.new_markdown_cell("We load the processed tables for the selected articles."),
        nbformat.v4.new_code_cell(LOAD),
    ]
    cells[1].metadata["tags"] = ["parameters"]
    for i, cell in enumerate(cells, 1):
        cell.id = f"cell-{i:02d}"
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata = {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}, "title": title}
    nbformat.validate(nb)
    return nb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name", help="file name without .ipynb (NN-name: a report notebook)")
    parser.add_argument("title", help="the notebook's title")
    args = parser.parse_args(argv)
    path = NOTEBOOKS / f"{args.name}.ipynb"
    if path.exists():
        print(f"{path}: exists; edit it in JupyterLab instead", file=sys.stderr)
        return 1
    path.write_text(nbformat.writes(scaffold(args.name, args.title)) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
