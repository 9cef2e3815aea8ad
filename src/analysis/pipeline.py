"""The build: raw articles -> per-document extraction -> corpus-level links -> processed tables.

Per-document stages (`process_document`) are pure functions of the article and the codebook,
so they run in parallel (processes, or Dask) and are cached by (sha256, codebook digest) under
`data/interim/`. Corpus-level stages (contested links, actors table, network, balance) run
after, on all documents together.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import sys
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable

import pandas as pd

from . import config, schema
from .actors import resolve
from .claims import extract_claims, link_contested
from .codebook import Codebook, load_codebook
from .corpus import RawDoc, ingest, load_corpus
from .corrections import apply_corrections, load_corrections
from .records import DocResult
from .relations import extract_relations
from .tables import RecordTable, frame, from_frame, write_all
from .textutil import norm

CACHE_VERSION = "1"


def outlet_actor(outlet: str, cb: Codebook) -> str:
    """The codebook actor id of an outlet named in the manifest ('' when unknown)."""
    key = norm(outlet).strip()
    if not key:
        return ""
    for actor in cb.actors.values():
        if actor.type == "media" and (key in {norm(a) for a in actor.aliases}
                                      or outlet.strip() in actor.aliases_cs):
            return actor.id
    return ""


def process_document(raw: RawDoc, cb: Codebook, corrections_dir: Path | None = None) -> DocResult:
    """Run every per-document stage on one article.

    Args:
        raw: the checked raw article.
        cb: the codebook.
        corrections_dir: folder of analyst corrections (default `config.CORRECTIONS`).
    Returns:
        The document's `DocResult` (document, mentions, places, flags, unresolved, claims,
        loaded language, relations).
    """
    doc = ingest(raw, cb)
    mentions, places, flags, unresolved = resolve(doc, cb)
    outlet_id = outlet_actor(raw.meta.get("outlet", ""), cb)
    claims, loaded = extract_claims(doc, mentions, places, cb, outlet_id)
    folder = corrections_dir if corrections_dir is not None else config.CORRECTIONS
    entries = load_corrections(folder, raw.doc_id)
    if entries:
        claims = apply_corrections(doc, claims, entries, str(folder / f"{raw.doc_id}.yaml"))
    relations = extract_relations(doc, claims, mentions, cb)
    # the corpus-level stages need neither the raw text (offsets map through `segments`) nor
    # the normalised copy: dropping them keeps 10,000 results well inside memory
    doc.raw_text, doc._low = "", None
    # place references live on in each claim's `places`; the spans themselves are not a table
    return DocResult(doc, mentions, [], flags, unresolved, claims, loaded, relations)


_INTERNED_FIELDS = {"mentions": ("doc_id", "actor_id", "rule"),
                    "claims": ("doc_id", "claimant_id", "attribution", "cue", "polarity",
                               "modality", "modality_cue", "claim_type", "cameo", "origin"),
                    "relations": ("doc_id", "source_id", "target_id", "relation", "cameo",
                                  "plover", "asserted_by", "attribution", "modality",
                                  "polarity")}


def _compact(result: DocResult) -> DocResult:
    """Share the many repeated short strings (ids, enumerations) between records.

    Each record otherwise carries its own copy once results cross a process boundary; on a
    10,000-article corpus this is a good part of the memory the corpus stage holds.
    """
    intern = sys.intern
    for table, names in _INTERNED_FIELDS.items():
        for rec in getattr(result, table):
            for name in names:
                value = getattr(rec, name)
                if isinstance(value, str):
                    object.__setattr__(rec, name, intern(value))
    return result


# -- cache + engines ------------------------------------------------------------------------
def _corrections_digest(folder: Path, doc_id: str) -> str:
    p = folder / f"{doc_id}.yaml"
    return hashlib.sha256(p.read_bytes()).hexdigest() if p.exists() else ""


def cache_key(raw: RawDoc, cb: Codebook, corrections_dir: Path) -> str:
    """Key of a document's cached result: article bytes, metadata, codebook, corrections."""
    h = hashlib.sha256()
    for part in (CACHE_VERSION, raw.sha256, json.dumps(raw.meta, sort_keys=True), cb.digest,
                 _corrections_digest(corrections_dir, raw.doc_id), _code_digest()):
        h.update(part.encode())
        h.update(b"\0")
    return h.hexdigest()


def _hash_code() -> str:
    h = hashlib.sha256()
    here = Path(__file__).parent
    for name in ("actors.py", "claims.py", "relations.py", "corpus.py", "codebook.py",
                 "corrections.py", "textutil.py", "records.py", "pipeline.py"):
        h.update((here / name).read_bytes())
    return h.hexdigest()


# Hashed once, when this module (and the stages it imports) is loaded: the digest is that of
# the code this process runs, even if the files are edited later (a long-lived notebook
# kernel), and it is not re-read for every document.
_CODE_DIGEST = _hash_code()


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """Digest of the extraction code, so a code change invalidates the cache."""
    return _CODE_DIGEST


_WORKER_CODEBOOKS: dict[str, Codebook] = {}


def _worker(args: tuple[RawDoc, str, str]) -> DocResult:
    """Per-document stage in a worker process (the codebook is loaded once per process)."""
    raw, cb_dir, corr_dir = args
    cb = _WORKER_CODEBOOKS.get(cb_dir)
    if cb is None:
        cb = _WORKER_CODEBOOKS[cb_dir] = load_codebook(cb_dir)
    return process_document(raw, cb, Path(corr_dir))


def run_documents(raws: list[RawDoc], cb: Codebook, cb_dir: Path, corrections_dir: Path,
                  engine: str = "auto", workers: int | None = None,
                  cache_dir: Path | None = None, scheduler: str | None = None,
                  progress: Callable[[int, int], None] | None = None) -> list[DocResult]:
    """Run the per-document stages on every article, from the cache where possible.

    Args:
        raws: checked raw articles.
        cb: the codebook (already loaded, for the serial engine and cache keys).
        cb_dir: the codebook folder (workers load it themselves).
        corrections_dir: analyst corrections folder.
        engine: `serial`, `process`, `dask` or `auto` (processes for more than 50 articles).
        workers: process count (default: CPU count).
        cache_dir: where results are cached (None: no cache).
        scheduler: Dask scheduler address (None: a local cluster).
        progress: callback(done, total).
    Returns:
        One `DocResult` per article, in manifest order.
    """
    keys = [cache_key(r, cb, corrections_dir) for r in raws] if cache_dir is not None else []
    results: list[DocResult | None] = [None] * len(raws)
    if cache_dir is not None:
        for i, k in enumerate(keys):
            p = cache_dir / k[:2] / f"{k}.pkl"
            if p.exists():
                try:
                    results[i] = _compact(pickle.loads(p.read_bytes()))
                except Exception:  # a corrupt cache entry is recomputed, never trusted
                    results[i] = None
    todo = [i for i, r in enumerate(results) if r is None]
    if engine == "auto":
        engine = "process" if len(todo) > 50 and (os.cpu_count() or 1) > 1 else "serial"
    args = [(raws[i], str(cb_dir), str(corrections_dir)) for i in todo]
    if engine == "serial" or not todo:
        computed = []
        for n, i in enumerate(todo, 1):
            computed.append(process_document(raws[i], cb, corrections_dir))
            if progress and (n % 200 == 0 or n == len(todo)):
                progress(n, len(todo))
    elif engine == "process":
        n_workers = workers or os.cpu_count() or 1
        computed = []
        with ProcessPoolExecutor(max_workers=n_workers) as pool:
            for n, res in enumerate(pool.map(_worker, args, chunksize=max(1, len(args) // (n_workers * 8) or 1)), 1):
                computed.append(res)
                if progress and (n % 200 == 0 or n == len(todo)):
                    progress(n, len(todo))
    elif engine == "dask":
        computed = _run_dask(args, scheduler, workers, progress)
    else:
        raise ValueError(f"unknown engine {engine!r} (serial, process, dask, auto)")
    for i, res in zip(todo, computed):
        results[i] = res = _compact(res)  # strings arrive un-shared from other processes
        if cache_dir is not None:
            p = cache_dir / keys[i][:2] / f"{keys[i]}.pkl"
            p.parent.mkdir(parents=True, exist_ok=True)
            tmp = p.with_suffix(f".tmp{os.getpid()}")
            tmp.write_bytes(pickle.dumps(res, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(tmp, p)
    return [r for r in results if r is not None]


def _run_dask(args: list[tuple[RawDoc, str, str]], scheduler: str | None, workers: int | None,
              progress: Callable[[int, int], None] | None) -> list[DocResult]:
    """Run the per-document stage on Dask (a scheduler address, or a local cluster)."""
    from dask.distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1,
                               processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        futures = client.map(_worker, args, pure=False)
        index = {f.key: i for i, f in enumerate(futures)}
        out: list[DocResult | None] = [None] * len(futures)
        for n, fut in enumerate(as_completed(futures), 1):
            out[index[fut.key]] = fut.result()
            if progress and (n % 200 == 0 or n == len(futures)):
                progress(n, len(futures))
        return [r for r in out if r is not None]
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# -- corpus level -----------------------------------------------------------------------------
def build_frames(results: list[DocResult], cb: Codebook) -> dict[str, pd.DataFrame]:
    """All processed tables from the per-document results (corpus-level stages included)."""
    from . import network

    docs, sents, mentions, claims, relations, loaded, unresolved, flags = ([] for _ in range(8))
    raw_starts: list[int] = []
    raw_ends: list[int] = []
    for r in results:
        d = r.document
        docs.append({**d.meta, "doc_id": d.doc_id, "sha256": d.sha256,
                     "outlet_id": outlet_actor(d.meta.get("outlet", ""), cb),
                     "clean_sha256": hashlib.sha256(d.text.encode()).hexdigest(),
                     "n_chars": len(d.text), "n_words": len(d.text.split()),
                     "n_paragraphs": len(d.paragraphs), "n_sentences": len(d.sentences),
                     "boilerplate_lines": d.boilerplate_lines})
        sents += d.sentences
        raw_starts += [d.to_raw(x.start) for x in d.sentences]
        raw_ends += [d.to_raw(x.end - 1) + 1 for x in d.sentences]
        mentions += r.mentions
        claims += r.claims
        relations += r.relations
        loaded += r.loaded
        unresolved += r.unresolved
        flags += r.flags
    dates = {d["doc_id"]: d.get("published", "") for d in docs}
    states = {}
    used = {m.actor_id for m in mentions} | {c.claimant_id for c in claims} | \
        {x for c in claims for x in c.subject_ids + c.object_ids} | \
        {r.source_id for r in relations} | {r.target_id for r in relations} | \
        {d["outlet_id"] for d in docs} | {u.target_id for u in loaded} | \
        {f.actor_id for f in flags} | {f.expected_id for f in flags} | {f.office_id for f in flags}
    used.discard("")
    for a in list(used):
        used.update(cb.ancestors(a))
    counts: dict[str, int] = {}
    for m in mentions:
        counts[m.actor_id] = counts.get(m.actor_id, 0) + 1
    actor_rows = []
    for aid in sorted(used):
        a = cb.get(aid)
        if a is None:
            continue
        states[aid] = a.state
        actor_rows.append({"actor_id": a.id, "name": a.name, "type": a.type, "country": a.country,
                           "parent_id": a.parent or (a.state if a.type != "state" and a.state
                                                     and a.state != a.country else a.parent),
                           "backed_by": a.backed_by, "state": a.state, "origin": a.origin,
                           "n_mentions": counts.get(aid, 0)})
    for row in actor_rows:
        if row["parent_id"] == "" and row["type"] != "state" and row["country"]:
            row["parent_id"] = row["country"]
    link_contested(claims, cb, states, dates)
    rel_states = {"source_state": [states.get(r.source_id, "") for r in relations],
                  "target_state": [states.get(r.target_id, "") for r in relations]}
    # the big per-mention/claim tables stay records until written (streamed); the network
    # stage works on DataFrames of relations and actors
    f: dict[str, Any] = {
        "documents": frame(schema.DOCUMENTS, docs),
        "sentences": RecordTable(schema.SENTENCES, sents, {"raw_start": raw_starts,
                                                           "raw_end": raw_ends}),
        "actors": frame(schema.ACTORS, actor_rows),
        "mentions": RecordTable(schema.MENTIONS, mentions),
        "claims": RecordTable(schema.CLAIMS, claims),
        "relations": frame(schema.RELATIONS, relations, rel_states),
        "loaded_language": RecordTable(schema.LOADED, loaded),
        "unresolved": RecordTable(schema.UNRESOLVED, unresolved),
        "flags": frame(schema.FLAGS, flags),
    }
    G = network.build_graph(f["relations"], f["actors"])
    G_state = network.state_graph(f["relations"], f["actors"])
    f["edges"] = from_frame(schema.EDGES, network.edges_table(f["relations"]))
    f["state_edges"] = from_frame(schema.STATE_EDGES, network.state_edges_table(G_state))
    f["nodes"] = from_frame(schema.NODES, network.node_metrics(G, G_state, f["actors"]))
    f["triads"] = from_frame(schema.TRIADS, network.triads(G_state))
    f["_graph"] = G  # type: ignore[assignment]
    f["_balance"] = network.balance_summary(G_state, f["actors"])  # type: ignore[assignment]
    return f


def build(raw_dir: Path | str | None = None, out_dir: Path | str | None = None,
          codebook_dir: Path | str | None = None, engine: str = "auto",
          workers: int | None = None, cache: bool = True, scheduler: str | None = None,
          quiet: bool = False) -> dict[str, Any]:
    """Build every processed table from a raw folder (the `python -m analysis build` command).

    Args:
        raw_dir: folder with `manifest.csv` (default `config.RAW`).
        out_dir: output folder (default `config.PROCESSED`), replaced atomically on success.
        codebook_dir: codebook folder (default `config.CODEBOOK`).
        engine: per-document engine (`auto`, `serial`, `process`, `dask`).
        workers: processes / Dask workers.
        cache: reuse per-document results under `data/interim/cache`.
        scheduler: Dask scheduler address.
        quiet: no progress on stderr.
    Returns:
        Summary counts.
    """
    from . import network

    raw_dir = Path(raw_dir or config.RAW)
    out_dir = Path(out_dir or config.PROCESSED)
    cb_dir = Path(codebook_dir or config.CODEBOOK)
    cb = load_codebook(cb_dir)
    corrections_dir = cb_dir / "corrections"
    raws = load_corpus(raw_dir, cb)

    def progress(done: int, total: int) -> None:
        if not quiet and total >= 200:
            print(f"\r  extracted {done}/{total} articles", end="\n" if done == total else "",
                  file=sys.stderr, flush=True)

    key = build_key(raws, cb, corrections_dir)
    if cache:
        done = _previous_build(out_dir, key)
        if done is not None:
            return {**done, "out": str(out_dir), "skipped": True}
    cache_dir = (config.INTERIM / "cache") if cache else None
    results = run_documents(raws, cb, cb_dir, corrections_dir, engine=engine, workers=workers,
                            cache_dir=cache_dir, scheduler=scheduler, progress=progress)
    frames = build_frames(results, cb)
    G = frames.pop("_graph")
    balance = frames.pop("_balance")

    writers: list[tuple[str, Any]] = [
        # write_exports writes the three network files at once (graphml, gexf, json)
        ("network.graphml", lambda p: network.write_exports(G, p.parent, stem="network")),
        ("network.gexf", lambda p: None),
        ("network.json", lambda p: None),
        ("balance.json", lambda p: p.write_text(json.dumps(balance, indent=1, sort_keys=True,
                                                           ensure_ascii=False, default=str) + "\n",
                                                encoding="utf-8")),
    ]
    write_all(frames, out_dir, writers)
    summary = {"documents": len(frames["documents"]), "sentences": len(frames["sentences"]),
               "mentions": len(frames["mentions"]), "claims": len(frames["claims"]),
               "relations": len(frames["relations"])}
    if cache:
        _record_build(out_dir, key, summary)
    return {**summary, "out": str(out_dir)}


# -- whole-build skip ---------------------------------------------------------------------------
def build_key(raws: list[RawDoc], cb: Codebook, corrections_dir: Path) -> str:
    """Key of a whole build: every article's bytes and metadata, codebook, corrections, code."""
    h = hashlib.sha256(CACHE_VERSION.encode())
    here = Path(__file__).parent
    for p in sorted(here.glob("*.py")):
        h.update(p.read_bytes())
    h.update(cb.digest.encode())
    for p in sorted(corrections_dir.glob("*.yaml")) if corrections_dir.is_dir() else []:
        h.update(p.name.encode() + p.read_bytes())
    for r in raws:
        h.update(json.dumps(r.meta, sort_keys=True).encode() + r.sha256.encode())
    return h.hexdigest()


def _fingerprint(path: Path) -> list[int]:
    """Size and modification time of an output file (an edit changes one of them)."""
    st = path.stat()
    return [st.st_size, st.st_mtime_ns]


def _stamp_path() -> Path:
    return config.INTERIM / "cache" / "builds.json"  # deleting the cache forgets builds too


def _previous_build(out_dir: Path, key: str) -> dict[str, Any] | None:
    """The recorded summary when `out_dir` holds an intact build of exactly these inputs."""
    try:
        stamps = json.loads(_stamp_path().read_text(encoding="utf-8"))
        entry = stamps[str(out_dir.resolve())]
        package = (out_dir / "datapackage.json").read_bytes()
    except (OSError, ValueError, KeyError):
        return None
    if entry.get("key") != key or entry.get("datapackage") != hashlib.sha256(package).hexdigest():
        return None
    for t in schema.ALL:  # every table still there, untouched since the build
        p = out_dir / t.path
        if not p.exists() or entry.get("files", {}).get(t.path) != _fingerprint(p):
            return None
    return entry.get("summary")


def _record_build(out_dir: Path, key: str, summary: dict[str, Any]) -> None:
    """Remember that `out_dir` holds the build of `key` (data/interim, safe to delete)."""
    path = _stamp_path()
    try:
        stamps = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        stamps = {}
    stamps[str(out_dir.resolve())] = {
        "key": key, "summary": summary,
        "datapackage": hashlib.sha256((out_dir / "datapackage.json").read_bytes()).hexdigest(),
        "files": {t.path: _fingerprint(out_dir / t.path) for t in schema.ALL}}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    tmp.write_text(json.dumps(stamps, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


def iter_rows(df: pd.DataFrame) -> Iterable[dict[str, Any]]:
    """Rows of a frame as dicts (helper for notebooks and tests)."""
    return df.to_dict("records")
