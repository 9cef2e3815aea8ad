"""The build command: contract tables, bad input (one line, non-zero exit, outputs intact),
determinism, and the committed data/processed being fresh (the datapackage and the other
formats: test_formats.py)."""
from __future__ import annotations

import csv
import filecmp
import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import config, schema

PY = sys.executable


def run_build(raw: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([PY, "-m", "analysis", "build", "--raw", str(raw), "--out", str(out),
                           "--no-cache", "--quiet"], capture_output=True, text=True, timeout=300)


def make_raw(tmp: Path, text: bytes | None = None, name: str = "a.txt",
             manifest: str | None = None, sha: bool = True) -> Path:
    raw = tmp / "raw"
    (raw / "articles").mkdir(parents=True, exist_ok=True)
    data = text if text is not None else (
        "Armenian sources deny any advances by Azerbaijan.\n\nTurkey supports Azerbaijan.\n").encode()
    (raw / "articles" / name).write_bytes(data)
    digest = hashlib.sha256(data).hexdigest() if sha else ""
    (raw / "manifest.csv").write_text(manifest if manifest is not None else
                                      "doc_id,path,title,outlet,published,url,language,sha256\n"
                                      f"t1,articles/{name},T,Test,2020-09-27,,en,{digest}\n",
                                      encoding="utf-8")
    return raw


@pytest.fixture(scope="module")
def seed_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seed") / "out"
    proc = run_build(config.RAW, out)
    assert proc.returncode == 0, proc.stderr
    return out


def test_contract_tables_written(seed_out: Path) -> None:
    """Every table has the schema's header, the seed's contract tables have rows, and the
    network files open in networkx with the actors the relations name."""
    import json

    import networkx as nx

    rows = {}
    for t in schema.ALL:
        with open(seed_out / t.path, encoding="utf-8") as fh:
            reader = csv.reader(fh)
            assert next(reader) == t.names, t.path
            rows[t.name] = list(reader)
    assert len(rows["documents"]) == 1
    assert all(rows[t.name] for t in schema.CONTRACT), {t: len(r) for t, r in rows.items()}
    ends = {r[schema.RELATIONS.names.index(k)] for r in rows["relations"]
            for k in ("source_id", "target_id")}
    link = json.loads((seed_out / "network.json").read_text(encoding="utf-8"))
    for G in (nx.read_graphml(seed_out / "network.graphml"),
              nx.read_gexf(seed_out / "network.gexf"),
              nx.node_link_graph(link, edges="links")):
        assert set(G.nodes) == ends


def test_two_builds_byte_identical(seed_out: Path, tmp_path: Path) -> None:
    out2 = tmp_path / "out2"
    assert run_build(config.RAW, out2).returncode == 0
    cmp = filecmp.dircmp(seed_out, out2)
    assert not cmp.left_only and not cmp.right_only
    for f in cmp.common_files:
        assert (seed_out / f).read_bytes() == (out2 / f).read_bytes(), f


def test_committed_processed_is_fresh(seed_out: Path) -> None:
    """data/processed is committed: every file must equal a fresh build (run `make data` if
    not). CI also runs `git diff --exit-code data/processed` after rebuilding (`.ci/run`)."""
    fresh = sorted(p.name for p in seed_out.iterdir())
    committed = sorted(p.name for p in config.PROCESSED.iterdir())
    assert committed == fresh, "data/processed lists other files than a build: run make data"
    stale = [name for name in fresh
             if (config.PROCESSED / name).read_bytes() != (seed_out / name).read_bytes()]
    assert not stale, f"stale in data/processed: {stale}: run make data and commit"


BAD_INPUTS = {
    "empty": dict(text=b""),
    "binary": dict(text=bytes(range(256)) * 4),
    "not utf-8": dict(text="caf\u00e9 said".encode("latin-1")),
    "sha mismatch": dict(manifest="doc_id,path,sha256\nt1,articles/a.txt," + "0" * 64 + "\n"),
    "missing column": dict(manifest="doc_id,title\nt1,T\n"),
    "missing file": dict(manifest="doc_id,path\nt1,articles/nope.txt\n"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_one_line_and_outputs_intact(case: str, tmp_path: Path) -> None:
    good = run_build(make_raw(tmp_path / "good"), tmp_path / "out")
    assert good.returncode == 0, good.stderr
    before = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}
    raw = make_raw(tmp_path / "bad", **BAD_INPUTS[case])
    proc = run_build(raw, tmp_path / "out")
    assert proc.returncode != 0
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert str(raw) in lines[0]
    after = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}
    assert before == after


def test_no_manifest(tmp_path: Path) -> None:
    (tmp_path / "raw").mkdir()
    proc = run_build(tmp_path / "raw", tmp_path / "out")
    assert proc.returncode != 0 and "manifest" in proc.stderr and not (tmp_path / "out").exists()


def test_broken_codebook_names_file_and_entry(tmp_path: Path, edited_codebook) -> None:
    cb = edited_codebook("relations.yaml", "sign: -1", "sign: -7")
    proc = subprocess.run([PY, "-m", "analysis", "build", "--codebook", str(cb), "--out",
                           str(tmp_path / "out"), "--no-cache"], capture_output=True, text=True)
    assert proc.returncode == 1
    assert "relations.yaml" in proc.stderr and "entry 'attack'" in proc.stderr
