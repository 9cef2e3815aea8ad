"""The house's layering: each stage imports only the stages below it, and no module cycles.

A stage is a top-level module or sub-package of `analysis`. LAYERS lists them bottom-up;
a module may import from its own stage or any stage listed before it. Imports inside
functions count too (they are still dependencies), except the entry points' lazy imports.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "src" / "analysis"

#: Bottom-up; a stage may import itself and anything to its left / above.
LAYERS: list[set[str]] = [
    {"config", "vocab", "progress"},
    {"text"},
    {"schema", "records"},
    {"codebook"},
    {"ingest"},
    {"extract"},
    {"network"},
    {"build"},
    {"evaluate"},
    {"report"},
    {"bench", "cli", "add", "__main__", "__init__"},
]
RANK = {name: i for i, layer in enumerate(LAYERS) for name in layer}


def _stage(path: Path) -> str:
    rel = path.relative_to(PKG)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def _imports(path: Path) -> set[str]:
    """The `analysis` stages a module imports (absolute or relative)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rel = path.relative_to(PKG)
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(rel.parts[:-1])[: len(rel.parts) - node.level]
                parts = base + (node.module.split(".") if node.module else [])
            elif node.module and node.module.split(".")[0] == "analysis":
                parts = node.module.split(".")[1:]
            else:
                continue
            if parts:
                found.add(parts[0])
            else:
                found.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.Import):
            for a in node.names:
                p = a.name.split(".")
                if p[0] == "analysis" and len(p) > 1:
                    found.add(p[1])
    return found


MODULES = sorted(p for p in PKG.rglob("*.py"))


def test_every_stage_is_placed() -> None:
    unknown = sorted({_stage(p) for p in MODULES} - set(RANK))
    assert not unknown, f"stages missing from LAYERS: {unknown}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PKG)))
def test_imports_point_down(path: Path) -> None:
    stage = _stage(path)
    up = sorted(s for s in _imports(path) if s in RANK and RANK[s] > RANK[stage])
    assert not up, f"{path.relative_to(PKG)} ({stage}) imports later stages {up}"
