"""Move the flat stage modules into packages and rewrite every import (idempotent-ish).

Run from a worktree root: python /work/tools/split.py
"""
import re, subprocess, sys
from pathlib import Path

MOVES = {"textutil": "text", "corpus": "ingest", "corrections": "ingest",
         "lexicon": "extract", "actors": "extract", "claims": "extract",
         "relations": "extract", "subject": "extract", "pipeline": "build", "shards": "build", "tables": "build",
         "outdir": "build", "clusters": "build"}
DOCS = {
    "text": "Text utilities: normalisation, tokens, phrase indexes, quote spans (no codebook).",
    "ingest": "Ingest: read and check the manifest and the raw articles; analysts' corrections.",
    "extract": "Per-document extraction: actors and mentions, claims (cue, content, source), relations.",
    "build": "The build: run the per-document stages (in parallel, cached), the corpus stage, and write the tables.",
}
PKG = Path("src/analysis")
mods = "|".join(MOVES)

def sh(*a):
    subprocess.run(a, check=True)

for mod, pkg in MOVES.items():
    src = PKG / f"{mod}.py"
    if not src.exists():
        continue
    (PKG / pkg).mkdir(exist_ok=True)
    init = PKG / pkg / "__init__.py"
    if not init.exists():
        init.write_text(f'"""{DOCS[pkg]}"""\n')
        sh("git", "add", str(init))
    sh("git", "mv", str(src), str(PKG / pkg / f"{mod}.py"))

files = [p for p in Path(".").rglob("*") if p.suffix in {".py", ".ipynb", ".md", ".toml", ".cfg"}
         and not any(part in {".venv", ".git", "node_modules"} for part in p.parts) and p.is_file()]

def rewrite_from_import(m):
    indent, names = m.group(1), m.group(2)
    parts = [n.strip() for n in names.split(",")]
    keep = [n for n in parts if n.split(" as ")[0].strip() not in MOVES]
    moved = [n for n in parts if n.split(" as ")[0].strip() in MOVES]
    if not moved:
        return m.group(0)
    lines = []
    if keep:
        lines.append(f"{indent}from analysis import {', '.join(keep)}")
    for n in moved:
        lines.append(f"{indent}from analysis.{MOVES[n.split(' as ')[0].strip()]} import {n}")
    return "\n".join(lines)

for p in files:
    s = p.read_text(encoding="utf-8")
    t = s
    inside = p.is_relative_to(PKG)
    if inside:
        # relative imports -> absolute (a moved module's neighbours are elsewhere now)
        depth = len(p.relative_to(PKG).parts) - 1
        if depth == 0 or (depth == 1 and p.parent.name in set(MOVES.values())):
            t = re.sub(r"(?m)^(\s*)from \.([A-Za-z_][\w.]*) import", r"\1from analysis.\2 import", t)
            t = re.sub(r"(?m)^(\s*)from \. import", r"\1from analysis import", t)
    t = re.sub(rf"(?<![\w.])analysis\.({mods})\b", lambda m: f"analysis.{MOVES[m.group(1)]}.{m.group(1)}", t)
    t = re.sub(r"(?m)^(\s*)from analysis import ([\w ,]+)$", rewrite_from_import, t)
    if p.suffix == ".ipynb":  # inside JSON strings: "from analysis import x, y\n"
        t = re.sub(r'(")from analysis import ([\w ,]+)(\\n)?"', lambda m: m.group(0) if not any(n.strip() in MOVES for n in m.group(2).split(",")) else m.group(0) + "  # FIXME-split", t)
    if t != s:
        p.write_text(t, encoding="utf-8")
        print("rewrote", p)

pipe = PKG / "build" / "pipeline.py"
s = pipe.read_text()
s2 = s.replace("_HERE = Path(__file__).parent\n", "_HERE = Path(__file__).resolve().parent.parent  # the package root: every module\n")
s2 = s2.replace('"evaluate.py", "outdir.py",', '"evaluate.py", "build/outdir.py",')
if s2 != s:
    pipe.write_text(s2); print("fixed _HERE")

t = Path("tests/test_engines.py")
s = t.read_text()
s2 = (s.replace("here = Path(pipeline.__file__).parent", "here = pipeline._HERE")
       .replace('{"lexicon.py", "shards.py", "actors.py", "claims.py", "codebook/load.py"}',
                '{"extract/lexicon.py", "build/shards.py", "extract/actors.py", "extract/claims.py",\n            "codebook/load.py"}')
       .replace('"evaluate.py", "outdir.py"}', '"evaluate.py", "build/outdir.py"}'))
if s2 != s:
    t.write_text(s2); print("fixed test_engines")

ARCH_OLD_START = "config  vocab  schema  records"
ARCH_NEW = '''config  vocab  progress             paths; the enumerations (once, StrEnum); progress output
text/       textutil                normalising, tokens, phrase indexes, quote spans
schema  records                     the table contract; the record types every stage speaks
codebook/   model, yaml_io, load    the YAML codebook, validated on load (one error line)
ingest/     corpus, corrections     manifest, articles, boilerplate, sentences; corrections
extract/    lexicon, actors, subject, claims, relations
                                    per-document extraction (one Aho–Corasick scan per article)
network/    graphs -> balance -> prose -> metrics -> export
                                    signed graphs, balance (written to balance.json once),
                                    metrics, GraphML/GEXF/JSON
build/      pipeline, shards, tables, outdir, clusters
                                    the build: engines, cache, shards, corpus stage, --out
evaluate                            accuracy against hand coding
report/     safe_csv -> figures -> sections -> notebooks
                                    figures and report sections read the processed tables
                                    and balance.json; notebooks are executed and exported
bench  __main__                     benchmarks; the CLI
```
`tests/test_architecture.py` checks that every module imports only from its own stage or
the stages listed above it.
'''
for doc in (Path("README.md"), Path("CONTRIBUTING.md")):
    s = doc.read_text()
    s2 = s
    for mod, pkg in MOVES.items():
        s2 = s2.replace(f"`{mod}.py`", f"`{pkg}/{mod}.py`")
        s2 = re.sub(rf"`{mod}\.(?!(?:yaml|csv|py|json|md|txt)\b)(?=[A-Za-z_])", f"`{pkg}.{mod}.", s2)
    if doc.name == "README.md" and ARCH_OLD_START in s2:
        a = s2.index(ARCH_OLD_START)
        b = s2.index("```", a) + 4
        s2 = s2[:a] + ARCH_NEW + s2[b:]
    if s2 != s:
        doc.write_text(s2); print("docs", doc)
