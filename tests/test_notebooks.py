"""The notebooks are thin, parameterised and committed clean.

Each notebook: nbformat 4, kernel `python3`, a title in metadata and as the first H1, a
numbered list of steps, exactly one cell tagged `parameters`, a markdown cell before every
code cell, no outputs or execution counts, no hard-coded paths (paths come from
`analysis.config` through the helpers), and the same content that
`scripts/make_notebooks.py` generates. Executing them is tested in test_reports.py.
"""
from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import config

NOTEBOOKS = sorted(config.NOTEBOOKS.glob("[0-9]*.ipynb"))
#: A string literal that looks like a path: a slash or backslash, or a data file suffix.
PATHLIKE = re.compile(r"[/\\]|\.(csv|ipynb|png|pdf|html|ya?ml|json|txt|graphml|gexf)$", re.I)


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def tags(cell: dict) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def test_the_five_notebooks_exist() -> None:
    names = [p.stem for p in NOTEBOOKS]
    assert names == ["01-ingest", "02-actors", "03-claims", "04-network", "05-report"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_kernel_format_and_title(path: Path) -> None:
    nb = load(path)
    assert nb["nbformat"] == 4
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    assert nb["metadata"].get("title"), "metadata.title sets the HTML <title>"
    first = nb["cells"][0]
    assert first["cell_type"] == "markdown" and source(first).startswith("# ")
    assert re.search(r"^1\. ", source(first), re.M), "a numbered list of steps"
    assert nb["metadata"]["title"] in source(first)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs(path: Path) -> None:
    for cell in load(path)["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"{cell.get('id')} has outputs"
            assert cell.get("execution_count") is None, f"{cell.get('id')} has a count"
        assert "execution" not in cell.get("metadata", {})


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_one_parameters_cell_with_defaults(path: Path) -> None:
    cells = load(path)["cells"]
    params = [c for c in cells if "parameters" in tags(c)]
    assert len(params) == 1
    cell = params[0]
    assert cell["cell_type"] == "code"
    tree = ast.parse(source(cell))
    names = {t.id for node in tree.body if isinstance(node, ast.Assign) for t in node.targets
             if isinstance(t, ast.Name)}
    assert {"doc_ids", "processed_dir", "figures_dir"} <= names
    code = [c for c in cells if c["cell_type"] == "code"]
    assert code[0] is cell, "the parameters cell comes before every other code cell"
    assert not any("injected-parameters" in tags(c) for c in cells)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_prose_before_every_code_cell(path: Path) -> None:
    cells = load(path)["cells"]
    for i, cell in enumerate(cells):
        if cell["cell_type"] == "code":
            assert i > 0 and cells[i - 1]["cell_type"] == "markdown", \
                f"code cell {cell.get('id')} has no markdown cell before it"
            assert source(cells[i - 1]).strip()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_code_is_thin_and_has_no_hard_coded_paths(path: Path) -> None:
    for cell in load(path)["cells"]:
        if cell["cell_type"] != "code" or "parameters" in tags(cell):
            continue
        src = source(cell)
        tree = ast.parse(src)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert not PATHLIKE.search(node.value), f"path-like literal {node.value!r}"
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                mod = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
                assert mod and mod.split(".")[0] == "analysis", f"import {mod}: use src/analysis"
            assert not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                        and node.func.id == "open"), "no file access in notebooks"
            assert not isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.For, ast.While)), \
                "logic belongs in src/analysis"
        lines = [ln for ln in src.splitlines() if ln.strip()]
        assert len(lines) <= 4, f"cell {cell.get('id')} is not thin"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_cell_ids_are_deterministic(path: Path) -> None:
    ids = [c["id"] for c in load(path)["cells"]]
    assert ids == [f"cell-{i:02d}" for i in range(1, len(ids) + 1)]


def test_notebooks_match_their_generator() -> None:
    proc = subprocess.run([sys.executable, str(config.ROOT / "scripts" / "make_notebooks.py"),
                           "--check"], capture_output=True, text=True, cwd=config.ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_report_sections_in_issue_order() -> None:
    md = "\n".join(source(c) for c in load(config.NOTEBOOKS / "05-report.ipynb")["cells"]
                   if c["cell_type"] == "markdown")
    heads = re.findall(r"^##+ (.+)$", md, re.M)
    order = ["Findings", "Sources", "Claims", "Contested claims", "Sourcing profile",
             "Actor networks", "Loaded language", "Places", "Reference-consistency flags",
             "Accuracy", "Methods and limitations", "Reproducibility"]
    assert [h for h in heads if h in order] == order
