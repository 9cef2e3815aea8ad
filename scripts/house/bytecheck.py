#!/usr/bin/env python3
"""Check that the working tree builds byte-identical outputs to a base commit.

Why: a reshaping of the code (moving modules, splitting functions, moving word lists to the
codebook) must not change one output byte. This builds the same raw folders with the base
commit and with the working tree, and diffs every output file.

    python scripts/house/bytecheck.py BASE_COMMIT [--work /tmp/bytecheck] [--only seed,synth1000]

Corpora: `seed` (data/raw), `dev` and `dev2` (../shared/corpus/*, laid out as raw folders by
../shared/tools/score_gold.py; skipped with a message when absent: nothing here needs them)
and `synth1000` (1,000 articles written by `analysis.bench.generate_corpus` of the base).
The base is exported with `git archive` into the work folder (no worktree is registered) and
run with PYTHONPATH at its own src and its own codebook; the working tree with its own. Both
use this Python (the lock file's packages). The base's outputs are kept per commit, so a
second run only rebuilds the working tree. Also checks `git diff BASE -- data/processed`.
Exit 0 when everything is identical, 1 on any difference, 2 when a build fails.
"""
from __future__ import annotations

import argparse
import filecmp
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
CORPORA = ("seed", "dev", "dev2", "synth1000")


def sh(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    """Run a command, failing loudly with its output."""
    proc = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if proc.returncode != 0:
        sys.stderr.write((proc.stdout + proc.stderr)[-3000:] + "\n")
        print(f"bytecheck: failed: {' '.join(cmd)}", file=sys.stderr)
        sys.exit(2)
    return proc


def export_base(rev: str, work: Path) -> Path:
    """The base commit's src, data and pyproject, extracted once under the work folder."""
    sha = sh(["git", "-C", str(ROOT), "rev-parse", "--short=12", rev]).stdout.strip()
    dest = work / f"base-{sha}"
    if not (dest / ".exported").exists():
        shutil.rmtree(dest, ignore_errors=True)
        dest.mkdir(parents=True)
        tar = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", sha,
                              "src", "data", "pyproject.toml"], capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", str(dest)], input=tar.stdout, check=True)
        (dest / ".exported").touch()
    return dest


def env_for(tree: Path) -> dict[str, str]:
    """Run the package of `tree` (its src first on the path, its data as the root)."""
    return {**os.environ, "PYTHONPATH": str(tree / "src"), "ANALYSIS_ROOT": str(tree)}


def raw_folders(work: Path, base: Path, python: str, only: set[str]) -> dict[str, Path]:
    """Every raw folder to build, laid out under the work folder when needed."""
    out: dict[str, Path] = {}
    if "seed" in only:
        out["seed"] = ROOT / "data" / "raw"
    for name in ("dev", "dev2"):
        if name not in only:
            continue
        src, tool = SHARED / "corpus" / name, SHARED / "tools" / "score_gold.py"
        if not (src / "gold.yaml").exists() or not tool.exists():
            print(f"bytecheck: {name}: {src} absent, skipped")
            continue
        raw = work / "raw" / name
        if not (raw / "manifest.csv").exists():
            shutil.rmtree(raw, ignore_errors=True)
            spec = importlib.util.spec_from_file_location("score_gold", tool)
            mod = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(mod)  # type: ignore[union-attr]
            gold = mod.yaml.safe_load((src / "gold.yaml").read_text(encoding="utf-8"))
            mod.lay_out(gold["docs"] if "docs" in gold else [gold], src, raw)
        out[name] = raw
    if "synth1000" in only:
        raw = work / "raw" / "synth1000"
        if not (raw / "manifest.csv").exists():
            code = ("import sys; from analysis.bench import generate_corpus; "
                    "generate_corpus(sys.argv[1], 1000, sys.argv[2])")
            sh([python, "-c", code, str(raw), str(base / "data" / "codebook")], env=env_for(base))
        out["synth1000"] = raw
    return out


def build(tree: Path, raw: Path, out: Path, python: str, engine: str) -> None:
    """`analysis build` of `tree` on `raw` into `out` (uncached), unless already built."""
    stamp = out.with_suffix(".done")
    if stamp.exists():
        return
    shutil.rmtree(out, ignore_errors=True)
    sh([python, "-m", "analysis", "build", "--raw", str(raw), "--out", str(out),
        "--codebook", str(tree / "data" / "codebook"), "--no-cache", "--quiet",
        "--engine", engine], env=env_for(tree), cwd=str(tree))
    stamp.touch()


def diff_dirs(a: Path, b: Path) -> list[str]:
    """The files that differ (or exist on one side only) between two output folders."""
    names_a = {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
    names_b = {p.relative_to(b) for p in b.rglob("*") if p.is_file()}
    bad = [f"only in base: {n}" for n in sorted(names_a - names_b)]
    bad += [f"only in head: {n}" for n in sorted(names_b - names_a)]
    bad += [f"differs: {n}" for n in sorted(names_a & names_b)
            if not filecmp.cmp(a / n, b / n, shallow=False)]
    return bad


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("base", help="base commit (e.g. 6cb9de7)")
    ap.add_argument("--work", type=Path, default=Path("/tmp/bytecheck"))
    ap.add_argument("--python", default=str(ROOT / ".venv" / "bin" / "python"))
    ap.add_argument("--only", default=",".join(CORPORA), help="comma-separated corpora")
    ap.add_argument("--engine", default="auto", help="build engine for both sides")
    a = ap.parse_args()
    only = set(a.only.split(","))
    a.work.mkdir(parents=True, exist_ok=True)
    base = export_base(a.base, a.work)
    head_out = a.work / "head"
    shutil.rmtree(head_out, ignore_errors=True)
    failures = 0
    for name, raw in raw_folders(a.work, base, a.python, only).items():
        b_out, h_out = base / "out" / f"{name}-{a.engine}", head_out / name
        build(base, raw, b_out, a.python, a.engine)
        build(ROOT, raw, h_out, a.python, a.engine)
        bad = diff_dirs(b_out, h_out)
        n = sum(1 for p in b_out.rglob("*") if p.is_file())
        print(f"bytecheck: {name}: {'IDENTICAL' if not bad else 'DIFFERENT'} ({n} files)")
        for line in bad:
            print(f"  {line}  (diff {b_out} {h_out})")
        failures += bool(bad)
    proc = subprocess.run(["git", "-C", str(ROOT), "diff", "--quiet", a.base, "--",
                           "data/processed"])
    print(f"bytecheck: data/processed vs {a.base}: "
          f"{'IDENTICAL' if proc.returncode == 0 else 'DIFFERENT'}")
    failures += proc.returncode != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
