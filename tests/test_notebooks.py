"""The notebooks are the source: parameterised, committed clean, runnable.

What matters for a notebook an analyst edits in JupyterLab: nbformat 4, kernel `python3`,
a title, exactly one cell tagged `parameters` with typed papermill parameters, no outputs or
execution counts committed, no hard-coded paths, logic in `src/analysis/` (no function or
loop in a cell). Executing them from a clean kernel is tested in test_reports.py. Scratch
notebooks (names not starting with a digit) are not executed.
"""
from __future__ import annotations

import ast
import json
import re
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
    names = {node.target.id for node in tree.body if isinstance(node, ast.AnnAssign)
             and isinstance(node.target, ast.Name)}
    assert {"doc_ids", "processed_dir", "figures_dir", "report_dir", "top_n"} <= names
    assert not any(isinstance(node, ast.Assign) for node in tree.body), \
        "every parameter has a type annotation"
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
def test_no_hard_coded_paths_and_no_logic_in_cells(path: Path) -> None:
    for cell in load(path)["cells"]:
        if cell["cell_type"] != "code" or "parameters" in tags(cell):
            continue
        tree = ast.parse(source(cell))
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


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_parameters_are_typed_for_papermill(path: Path) -> None:
    """`papermill --help-notebook` shows a type for every parameter (not "Unknown type")."""
    import papermill

    params = papermill.inspect_notebook(str(path))
    assert params, "papermill finds the parameters cell"
    assert params["doc_ids"]["inferred_type_name"] == "list[str]"
    # papermill skips a line it cannot read (`x: str | None = None`): none may be missing
    assert {"doc_ids", "processed_dir", "figures_dir", "report_dir", "top_n"} <= set(params)
    assert all(p["inferred_type_name"] != "None" for p in params.values()), params


def test_a_single_doc_id_string_is_one_article() -> None:
    from analysis.report import sections

    assert sections.as_list("economist-2020-03-05") == ["economist-2020-03-05"]
    assert sections.as_list(["a", "b"]) == ["a", "b"] and sections.as_list(None) == []


def test_scratch_notebooks_are_not_report_notebooks(tmp_path: Path) -> None:
    from analysis.report import notebooks

    for name in ("01-x.ipynb", "scratch.ipynb", "idea-2.ipynb"):
        (tmp_path / name).write_text("{}", encoding="utf-8")
    assert [p.name for p in notebooks.all_notebooks(tmp_path)] == ["01-x.ipynb"]


def test_scaffold_writes_a_valid_report_notebook(tmp_path: Path, monkeypatch) -> None:
    sys.path.insert(0, str(config.ROOT / "scripts"))
    try:
        import make_notebooks
    finally:
        sys.path.pop(0)
    monkeypatch.setattr(make_notebooks, "NOTEBOOKS", tmp_path)
    monkeypatch.setattr(make_notebooks, "ROOT", tmp_path)
    assert make_notebooks.main(["07-new", "New notebook"]) == 0
    nb = load(tmp_path / "07-new.ipynb")
    assert [c for c in nb["cells"] if "parameters" in tags(c)]
    assert make_notebooks.main(["07-new", "Again"]) == 1, "never overwrites"


def test_make_strip_and_pre_commit_use_nbstripout() -> None:
    makefile = (config.ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^strip:.*\n\t.*nbstripout", makefile, re.M)
    hook = (config.ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert "nbstripout" in hook


def test_report_sections_in_issue_order() -> None:
    md = "\n".join(source(c) for c in load(config.NOTEBOOKS / "05-report.ipynb")["cells"]
                   if c["cell_type"] == "markdown")
    heads = re.findall(r"^##+ (.+)$", md, re.M)
    order = ["Findings", "Corpus at a glance", "Sources", "Sourcing profile",
             "Who is quoted most", "Claims over time", "Claims", "Contested claims",
             "State network and blocs per conflict system", "Top actors and relations",
             "Loaded language", "Places", "Reference-consistency flags", "Accuracy",
             "Methods and limitations", "Reproducibility"]
    assert [h for h in heads if h in order] == order
