"""Engines and the per-document cache (issue 7): same bytes whatever runs the documents.

Every test builds a small synthetic corpus from `analysis.bench` (generated sentences, not
real articles) into a temporary folder, with the cache pointed at a temporary
`config.INTERIM`. Speed is never asserted here: `python -m analysis bench` measures it.
"""
from __future__ import annotations

import csv
import hashlib
import shutil
import sys
import time
from pathlib import Path

import pytest

from analysis import bench, config

from analysis.build import pipeline

N_DOCS = 20


def tree_bytes(folder: Path) -> dict[str, bytes]:
    """Every file of an output folder (relative path -> bytes)."""
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_same_tree(a: Path, b: Path) -> None:
    ta, tb = tree_bytes(a), tree_bytes(b)
    assert sorted(ta) == sorted(tb), "the two builds wrote different files"
    differ = [name for name in ta if ta[name] != tb[name]]
    assert not differ, f"files differ between the two builds: {differ}"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A raw folder of 20 generated ~1,000-word articles (manifest with sha256)."""
    raw = tmp_path_factory.mktemp("synthetic") / "raw"
    info = bench.generate_corpus(raw, N_DOCS)
    assert info["articles"] == N_DOCS
    return raw


@pytest.fixture(scope="module")
def serial_out(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference build: serial engine, no cache."""
    out = tmp_path_factory.mktemp("serial") / "processed"
    pipeline.build(corpus, out, engine="serial", cache=False, quiet=True)
    return out


@pytest.fixture
def interim(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """`config.INTERIM` in a temporary folder (build reads it at call time)."""
    folder = tmp_path / "interim"
    monkeypatch.setattr(config, "INTERIM", folder)
    return folder


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Doc ids passed to `process_document` by the serial engine, in call order."""
    calls: list[str] = []
    real = pipeline.process_document

    def counting(raw, cb, corrections_dir=None, entries=None):  # noqa: ANN001, ANN202
        calls.append(raw.doc_id)
        return real(raw, cb, corrections_dir, entries)

    monkeypatch.setattr(pipeline, "process_document", counting)
    return calls


def cache_files(interim: Path) -> list[Path]:
    return sorted((interim / "cache").rglob("*.pkl"))


def copy_raw(corpus: Path, dest: Path) -> Path:
    shutil.copytree(corpus, dest)
    return dest


def rewrite_article(raw: Path, doc_id: str, extra: str) -> None:
    """Append text to one article and update its sha256 in the manifest."""
    manifest = raw / "manifest.csv"
    with open(manifest, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        if row["doc_id"] == doc_id:
            path = raw / row["path"]
            data = path.read_bytes() + extra.encode("utf-8")
            path.write_bytes(data)
            row["sha256"] = hashlib.sha256(data).hexdigest()
    with open(manifest, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


# -- the generator --------------------------------------------------------------------------
def test_generator_is_deterministic_and_checksummed(corpus: Path, tmp_path: Path) -> None:
    again = tmp_path / "raw"
    bench.generate_corpus(again, N_DOCS)
    assert tree_bytes(again) == tree_bytes(corpus)
    with open(corpus / "manifest.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == N_DOCS
    for row in rows:
        data = (corpus / row["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == row["sha256"]
        assert 900 <= len(data.decode("utf-8").split()) <= 1300


def test_generator_prefix_is_stable(corpus: Path, tmp_path: Path) -> None:
    """Article i does not depend on the corpus size (1,000 is a prefix of 10,000)."""
    small = tmp_path / "raw"
    bench.generate_corpus(small, 3)
    for name in ("synth-000000.txt", "synth-000002.txt"):
        assert (small / "articles" / name).read_bytes() == (corpus / "articles" / name).read_bytes()


# -- engines --------------------------------------------------------------------------------
def test_process_engine_matches_serial(corpus: Path, serial_out: Path, tmp_path: Path) -> None:
    out = tmp_path / "processed"
    pipeline.build(corpus, out, engine="process", workers=2, cache=False, quiet=True)
    assert_same_tree(serial_out, out)


def test_serial_build_has_content(serial_out: Path) -> None:
    """The synthetic corpus exercises the extraction (not an empty, trivially equal build)."""
    for name in ("claims.csv", "mentions.csv", "relations.csv"):
        lines = (serial_out / name).read_text(encoding="utf-8").splitlines()
        assert len(lines) > N_DOCS, f"{name}: too few rows for a meaningful comparison"


def test_dask_local_cluster_matches_serial(corpus: Path, serial_out: Path,
                                           tmp_path: Path) -> None:
    """A LocalCluster of 2 worker processes (about 3 s here, so not marked slow)."""
    pytest.importorskip("dask.distributed")
    out = tmp_path / "processed"
    pipeline.build(corpus, out, engine="dask", workers=2, cache=False, quiet=True)
    assert_same_tree(serial_out, out)


# -- cache ----------------------------------------------------------------------------------
def test_second_build_reuses_cache(corpus: Path, serial_out: Path, tmp_path: Path,
                                   interim: Path, spy: list[str]) -> None:
    out = tmp_path / "processed"
    pipeline.build(corpus, out, engine="serial", cache=True, quiet=True)
    assert len(spy) == N_DOCS
    assert len(cache_files(interim)) == N_DOCS
    assert_same_tree(serial_out, out)  # a cached build writes what an uncached one writes
    spy.clear()
    pipeline.build(corpus, out, engine="serial", cache=True, quiet=True)
    assert spy == [], "unchanged articles were re-extracted"
    assert_same_tree(serial_out, out)


def test_cache_written_by_process_engine_is_reused(corpus: Path, serial_out: Path,
                                                   tmp_path: Path, interim: Path,
                                                   spy: list[str]) -> None:
    out = tmp_path / "processed"
    pipeline.build(corpus, out, engine="process", workers=2, cache=True, quiet=True)
    assert len(cache_files(interim)) == N_DOCS
    pipeline.build(corpus, out, engine="serial", cache=True, quiet=True)
    assert spy == []
    assert_same_tree(serial_out, out)


def test_changed_article_is_reextracted_alone(corpus: Path, tmp_path: Path, interim: Path,
                                              spy: list[str]) -> None:
    raw = copy_raw(corpus, tmp_path / "raw")
    out = tmp_path / "processed"
    pipeline.build(raw, out, engine="serial", cache=True, quiet=True)
    before = tree_bytes(out)
    spy.clear()
    rewrite_article(raw, "synth-000007", "\nThe talks ended without a joint statement.\n")
    time.sleep(0.01)
    pipeline.build(raw, out, engine="serial", cache=True, quiet=True)
    assert spy == ["synth-000007"]
    assert len(cache_files(interim)) == N_DOCS + 1  # the old entry stays, harmlessly
    assert tree_bytes(out)["documents.csv"] != before["documents.csv"]
    # incremental == from scratch
    fresh = tmp_path / "fresh"
    pipeline.build(raw, fresh, engine="serial", cache=False, quiet=True)
    assert_same_tree(fresh, out)


def test_codebook_change_invalidates_cache(corpus: Path, tmp_path: Path, interim: Path,
                                           spy: list[str]) -> None:
    cb = tmp_path / "codebook"
    shutil.copytree(config.CODEBOOK, cb)
    out = tmp_path / "processed"
    pipeline.build(corpus, out, codebook_dir=cb, engine="serial", cache=True, quiet=True)
    spy.clear()
    with open(cb / "loaded.yaml", "a", encoding="utf-8") as fh:
        fh.write("\n# a comment changes the codebook digest\n")
    pipeline.build(corpus, out, codebook_dir=cb, engine="serial", cache=True, quiet=True)
    assert len(spy) == N_DOCS


def test_deleting_or_corrupting_the_cache_is_safe(corpus: Path, serial_out: Path,
                                                  tmp_path: Path, interim: Path,
                                                  spy: list[str]) -> None:
    out = tmp_path / "processed"
    pipeline.build(corpus, out, engine="serial", cache=True, quiet=True)
    shutil.rmtree(interim / "cache")
    spy.clear()
    pipeline.build(corpus, out, engine="serial", cache=True, quiet=True)
    assert len(spy) == N_DOCS
    assert_same_tree(serial_out, out)
    broken = cache_files(interim)[:2]
    for p in broken:
        p.write_bytes(b"not a pickle")
    spy.clear()
    # a fresh output folder: the whole-build skip does not apply, the per-document cache does
    out2 = tmp_path / "processed2"
    pipeline.build(corpus, out2, engine="serial", cache=True, quiet=True)
    assert len(spy) == 2
    assert_same_tree(serial_out, out2)


def test_unchanged_build_is_skipped_and_a_changed_output_is_rebuilt(
        corpus: Path, tmp_path: Path, interim: Path, spy: list[str]) -> None:
    out = tmp_path / "processed"
    pipeline.build(corpus, out, engine="serial", cache=True, quiet=True)
    again = pipeline.build(corpus, out, engine="serial", cache=True, quiet=True)
    assert again.get("skipped") is True
    (out / "claims.csv").write_text("tampered\n", encoding="utf-8")
    rebuilt = pipeline.build(corpus, out, engine="serial", cache=True, quiet=True)
    assert not rebuilt.get("skipped") and (out / "claims.csv").read_text() != "tampered\n"


def test_no_cache_leaves_interim_alone(corpus: Path, tmp_path: Path, interim: Path) -> None:
    pipeline.build(corpus, tmp_path / "processed", engine="serial", cache=False, quiet=True)
    assert not (interim / "cache").exists()


def test_missing_network_export_is_rebuilt(corpus: Path, tmp_path: Path, interim: Path) -> None:
    """The whole-build skip checks every output, not only the tables."""
    out = tmp_path / "processed"
    pipeline.build(corpus, out, engine="serial", cache=True, quiet=True)
    (out / "network.json").unlink()
    again = pipeline.build(corpus, out, engine="serial", cache=True, quiet=True)
    assert not again.get("skipped") and (out / "network.json").exists()
    assert pipeline.build(corpus, out, engine="serial", cache=True, quiet=True).get("skipped")


def test_every_extraction_module_is_in_the_cache_key() -> None:
    """A module the per-document stages import (e.g. lexicon.py, codebook/) must invalidate
    the cache, sub-packages included; the network and the report must not. The modules are
    those the pipeline's components import, found from their imports (no hand-kept list)."""
    from analysis.codebook import load_codebook
    from analysis.extract.pipeline import Pipeline

    here = Path(pipeline.__file__).resolve().parents[1]
    hashed = {p.relative_to(here).as_posix()
              for p in Pipeline(load_codebook(config.CODEBOOK)).modules()}
    assert {"extract/lexicon.py", "extract/actors.py", "extract/claims.py",
            "extract/relations.py", "extract/cues.py", "ingest/corpus.py",
            "codebook/load.py", "text/textutil.py"} <= hashed
    assert not any(m.startswith(("network/", "report/", "build/")) for m in hashed)
    build = {p.relative_to(here).as_posix()
             for p in pipeline.package_closure({sys.modules[pipeline.__name__]})}
    assert "network/balance.py" in build and "build/shards.py" in build
    assert not any(m.startswith("report/") for m in build)
    assert not build & {"__main__.py", "cli.py", "add.py", "bench.py"}
    assert not any(m.startswith("evaluate/") for m in build)


def test_cache_key_follows_the_pipeline_code(monkeypatch: pytest.MonkeyPatch) -> None:
    """The per-document key changes with the digest of the pipeline's code."""
    from analysis.codebook import load_codebook
    from analysis.extract.pipeline import pipeline_of

    cb = load_codebook(config.CODEBOOK)
    raw = pipeline.RawDoc("d", {"doc_id": "d"}, "0" * 64, "Text.")
    before = pipeline.cache_key(raw, cb, Path("/nonexistent"))
    monkeypatch.setattr(pipeline_of(cb), "_digest", "edited")
    assert pipeline.cache_key(raw, cb, Path("/nonexistent")) != before
