"""The build: raw articles -> per-document extraction -> corpus-level links -> processed tables.

Per-document stages (`extract`: ingest, actors, claims, relations, then `to_rows`) are pure
functions of the article, its metadata, the codebook and the analyst's corrections, so they
run in parallel (processes, or Dask) and are cached under `data/interim/cache`. Their output
(`DocRows`) is the article's rows of every big table, already sorted, checked and formatted
as CSV, plus the few values that cross articles. The main process streams the rows into
shard files (`shards.Shards`) as results arrive and keeps only those values; the
corpus-level stages (actors table, contested links, network, balance) then run on them, and
each table is written by concatenating its pieces in key order. A build whose inputs, code
and outputs are unchanged is recognised from file bytes alone and skipped.
"""
from __future__ import annotations

import gc
import hashlib
import json
import os
import pickle
import signal
import sys
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Generator, Iterable, Iterator

from analysis import config, schema

from analysis.build import outdir
from analysis.build.forked import Forked
from analysis.extract.claims import contest_candidate, link_contested
from analysis.extract.pipeline import hash_modules, package_closure, pipeline_of
from analysis.codebook import Codebook, codebook_digest, load_codebook
from analysis.ingest.corpus import (
    RawDoc,
    check_article_path,
    read_article,
    read_checked,
    read_manifest,
)
from analysis.ingest.corrections import load_corrections
from analysis.progress import Progress
from analysis.records import Claim, DocResult
from analysis.build.shards import Piece, Shards, format_columns, make_piece
from analysis.build.tables import (
    AtomicDir,
    TableError,
    check,
    PackageWriter,
    table_df,
    write_csv,
)

if TYPE_CHECKING:  # pandas is imported when a build needs it, not for a skipped one
    import pandas as pd

CACHE_VERSION = "2"
#: Smallest corpus whose build shows progress (a few articles build in seconds).
PROGRESS_MIN_DOCS = 200


def warn_unknown_outlets(raw_dir: Path, manifest: list[dict[str, str]], cb: Codebook) -> None:
    """One warning line per outlet of the manifest that the codebook does not know: its
    articles' own-voice claims then have no codebook outlet as claimant."""
    unknown: dict[str, list[str]] = {}
    for row in manifest:
        if row.get("outlet") and not codebook_outlet(row["outlet"], cb):
            unknown.setdefault(row["outlet"], []).append(row["doc_id"])
    for outlet, ids in sorted(unknown.items()):
        more = f" and {len(ids) - 1} more" if len(ids) > 1 else ""
        print(f"warning: {raw_dir / 'manifest.csv'}: outlet {outlet[:60]!r} ({ids[0]}{more}) "
              "is not in the codebook's outlets, so a learned media actor (origin learned) speaks "
              "for its articles' own voice: add it to data/codebook/actors.yaml (type: media)",
              file=sys.stderr)


def codebook_outlet(outlet: str, cb: Codebook) -> str:
    """The codebook actor id of an outlet named in the manifest ('' when unknown)."""
    return pipeline_of(cb).outlets.codebook_outlet(outlet)


def outlet_actor(outlet: str, cb: Codebook) -> str:
    """The actor speaking in an article's own voice: the codebook's outlet, else a learned
    media actor named after the manifest's outlet (`media~Name`, origin `learned`, in
    actors.csv for the analyst to promote), '' when the manifest names none."""
    return pipeline_of(cb).outlets(outlet)


def process_document(raw: RawDoc, cb: Codebook, corrections_dir: Path | None = None,
                     entries: list[dict[str, Any]] | None = None) -> DocResult:
    """Run every per-document stage on one article (the codebook's `Pipeline`, built once
    per process).

    Args:
        raw: the checked raw article.
        cb: the codebook.
        corrections_dir: folder of analyst corrections (default `config.CORRECTIONS`).
        entries: the article's corrections, already read (workers that do not share the
            file system); None reads them from `corrections_dir`.
    Returns:
        The document's `DocResult` (document, mentions, places, flags, unresolved, claims,
        loaded language, relations).
    """
    folder = corrections_dir if corrections_dir is not None else config.CORRECTIONS
    return pipeline_of(cb)(raw, folder, entries)


# -- per-document rows -----------------------------------------------------------------------
#: Tables written from per-document pieces (see `shards`), in schema order.
PIECES: tuple[schema.Table, ...] = (schema.DOCUMENTS, schema.SENTENCES, schema.MENTIONS,
                                    schema.CLAIMS, schema.RELATIONS, schema.LOADED,
                                    schema.UNRESOLVED, schema.FLAGS, schema.EDGES)

#: Relation columns the corpus-level network stage needs (one tuple per relation).
NET_COLUMNS: tuple[str, ...] = ("relation_id", "doc_id", "claim_id", "source_id", "target_id",
                                "relation", "sign", "modality", "polarity", "asserted_by",
                                "source_state", "target_state")


#: Claim fields the contested links need (one tuple per candidate claim: tuples cross
#: process boundaries much faster than records).
EVENT_FIELDS: tuple[str, ...] = ("claim_id", "doc_id", "sent_id", "start", "end", "claimant_id",
                                 "attribution", "polarity", "modality", "claim_type",
                                 "subject_ids", "object_ids", "quantities")


def event_claim(values: tuple[Any, ...]) -> Claim:
    """A slim `Claim` (no text) from its EVENT_FIELDS tuple, for `link_contested`."""
    (claim_id, doc_id, sent_id, start, end, claimant_id, attribution, polarity, modality,
     claim_type, subjects, objects, quantities) = values
    return Claim(claim_id, doc_id, sent_id, start, end, "", claimant_id, "", attribution, "",
                 polarity, modality, "", claim_type, subject_ids=list(subjects),
                 object_ids=list(objects), quantities=list(quantities))


@dataclass(slots=True)
class DocRows:
    """What the corpus-level stages need from one document (the per-document stages' output).

    The document's rows of every big table travel as checked, sorted CSV pieces; only the
    few fields that cross documents (actors used, relations for the network, claims that may
    be contested, the publication date) travel as values.
    """

    doc_id: str
    published: str
    pieces: dict[str, Piece]
    used: tuple[str, ...]
    mention_counts: dict[str, int]
    relations: list[tuple[Any, ...]]
    events: list[tuple[Any, ...]]  # EVENT_FIELDS of the claims that may be contested


def _state_of(cb: Codebook, actor_id: str) -> str:
    """The state an actor collapses to ('' when unknown)."""
    actor = cb.get(actor_id) if actor_id else None
    return actor.state if actor is not None else ""


def _check_offsets(name: str, doc_id: str, spans: Iterable[Any], length: int) -> None:
    """Raise `TableError` when a span falls outside the cleaned text."""
    for x in spans:
        if x.start < 0 or x.end <= x.start or x.end > length:
            raise TableError(f"{name}.csv: offsets out of range for {doc_id}")


def to_rows(result: DocResult, cb: Codebook) -> DocRows:
    """Format, sort and check one document's rows of every big table (in the worker).

    Args:
        result: the document's `DocResult` (from `process_document`).
        cb: the codebook (outlet, states of relation ends, events).
    Returns:
        The document's `DocRows`.
    Raises:
        TableError: a row breaks the schema, or an offset or a reference is inconsistent
            (the parser checks its own totals before anything is written).
    """
    d = result.document
    outlet_id = outlet_actor(d.meta.get("outlet", ""), cb)
    _check_result(result)
    rels = result.relations
    src_states = [_state_of(cb, r.source_id) for r in rels]
    tgt_states = [_state_of(cb, r.target_id) for r in rels]
    rows = _table_rows(result, outlet_id, {"source_state": src_states,
                                           "target_state": tgt_states})
    pieces = {t.name: make_piece(t, rows[t.name], d.doc_id) for t in PIECES}
    counts: dict[str, int] = {}
    for m in result.mentions:
        counts[m.actor_id] = counts.get(m.actor_id, 0) + 1
    net = [(r.relation_id, r.doc_id, r.claim_id, r.source_id, r.target_id, r.relation, r.sign,
            r.modality, r.polarity, r.asserted_by, ss, ts)
           for r, ss, ts in zip(rels, src_states, tgt_states)]
    event_types = _event_types(cb)
    events = [(c.claim_id, c.doc_id, c.sent_id, c.start, c.end, c.claimant_id, c.attribution,
               c.polarity, c.modality, c.claim_type, tuple(c.subject_ids),
               tuple(c.object_ids), tuple(c.quantities))
              for c in result.claims if contest_candidate(c, event_types)]
    return DocRows(d.doc_id, d.meta.get("published", ""), pieces,
                   _used_actors(result, outlet_id), counts, net, events)


def _check_result(result: DocResult) -> None:
    """Raise `TableError` when a span leaves the cleaned text or a relation's claim is
    missing (checked in the worker, before any row is written)."""
    d = result.document
    for name, spans in (("sentences", d.sentences), ("mentions", result.mentions),
                        ("claims", result.claims)):
        _check_offsets(name, d.doc_id, spans, len(d.text))
    claim_ids = {c.claim_id for c in result.claims}
    if any(r.claim_id not in claim_ids for r in result.relations):
        raise TableError(f"relations.csv: {d.doc_id}: a relation points to a claim not in "
                         "claims.csv")


def _table_rows(result: DocResult, outlet_id: str, states: dict[str, list[str]]
                ) -> dict[str, Any]:
    """The document's formatted columns of every per-document table, by table name."""
    d = result.document
    doc_row = {**d.meta, "doc_id": d.doc_id, "sha256": d.sha256, "outlet_id": outlet_id,
               "clean_sha256": hashlib.sha256(d.text.encode()).hexdigest(),
               "n_chars": len(d.text), "n_words": len(d.text.split()),
               "n_paragraphs": len(d.paragraphs), "n_sentences": len(d.sentences),
               "boilerplate_lines": d.boilerplate_lines}
    rels = result.relations
    return {
        "documents": format_columns(schema.DOCUMENTS, [doc_row]),
        "sentences": format_columns(schema.SENTENCES, d.sentences, {
            "raw_start": [d.to_raw(x.start) for x in d.sentences],
            "raw_end": [d.to_raw(x.end - 1) + 1 for x in d.sentences]}),
        "mentions": format_columns(schema.MENTIONS, result.mentions),
        "claims": format_columns(schema.CLAIMS, result.claims),
        "relations": format_columns(schema.RELATIONS, rels, states),
        "loaded_language": format_columns(schema.LOADED, result.loaded),
        "unresolved": format_columns(schema.UNRESOLVED, result.unresolved),
        "flags": format_columns(schema.FLAGS, result.flags),
        "edges": format_columns(schema.EDGES, rels, states),
    }


def _used_actors(result: DocResult, outlet_id: str) -> tuple[str, ...]:
    """Every actor id the document's rows refer to, sorted (they go into actors.csv)."""
    rels = result.relations
    used = {m.actor_id for m in result.mentions} | {outlet_id} | \
        {c.claimant_id for c in result.claims} | \
        {x for c in result.claims for x in c.subject_ids + c.object_ids} | \
        {r.source_id for r in rels} | {r.target_id for r in rels} | \
        {u.target_id for u in result.loaded} | \
        {x for f in result.flags for x in (f.actor_id, f.expected_id, f.office_id)}
    used.discard("")
    return tuple(sorted(used))


def _event_types(cb: Codebook) -> frozenset[str]:
    """Claim types that describe events (the ones contested links compare)."""
    return frozenset(t.id for t in cb.claim_types if t.event)


def extract(raw: RawDoc, cb: Codebook, corrections_dir: Path | None = None,
            entries: list[dict[str, Any]] | None = None) -> DocRows:
    """Every per-document stage on one article, down to its formatted rows (a pure function
    of the article, its metadata, the codebook and the analyst's corrections)."""
    return to_rows(process_document(raw, cb, corrections_dir, entries), cb)


def _compact(rows: DocRows) -> DocRows:
    """Share the repeated short strings (ids, enumerations) of the values kept in memory.

    Each record otherwise carries its own copy once it crosses a process boundary; on a
    10,000-article corpus this is a good part of the memory the corpus stage holds.
    """
    intern = sys.intern
    # NET_COLUMNS: relation_id and claim_id are unique; sign (6) is an int
    rows.relations = [(r[0], intern(r[1]), r[2], *map(intern, r[3:6]), r[6],
                       *map(intern, r[7:])) for r in rows.relations]
    rows.events = [(e[0], intern(e[1]), e[2], e[3], e[4], intern(e[5]), intern(e[6]),
                    intern(e[7]), intern(e[8]), intern(e[9]), tuple(map(intern, e[10])),
                    tuple(map(intern, e[11])), e[12]) for e in rows.events]
    rows.used = tuple(intern(x) for x in rows.used)
    return rows


# -- cache + engines ------------------------------------------------------------------------
# Hashed once, when this module (and the stages it imports) is loaded: the digest is that of
# the code this process runs, even if the files are edited later (a long-lived notebook
# kernel), and it is not re-read for every document. The whole build's code: this module and
# every module it imports (the network, the tables), not the report or the command line.
_BUILD_CODE_DIGEST = hash_modules(package_closure({sys.modules[__name__]}))
#: The per-document rows' own code (`to_rows` here, the row formats of `shards`), hashed
#: with the pipeline's modules into each document's cache key.
_ROWS_DIGEST = hash_modules(sorted({Path(__file__).resolve(),
                                    *package_closure({sys.modules[Piece.__module__]})}))


def _code_digest(cb: Codebook) -> str:
    """Digest of the code that makes a document's rows: every module the codebook's
    pipeline can run, and the row formatting; a change to any invalidates the cache."""
    return hashlib.sha256((pipeline_of(cb).code_digest() + _ROWS_DIGEST).encode()).hexdigest()


def _corrections_digest(folder: Path, doc_id: str) -> str:
    p = folder / f"{doc_id}.yaml"
    return hashlib.sha256(p.read_bytes()).hexdigest() if p.exists() else ""


def cache_key(raw: RawDoc, cb: Codebook, corrections_dir: Path) -> str:
    """Key of a document's cached result: article bytes, metadata, codebook, corrections."""
    h = hashlib.sha256()
    for part in (CACHE_VERSION, raw.sha256, json.dumps(raw.meta, sort_keys=True), cb.digest,
                 _corrections_digest(corrections_dir, raw.doc_id), _code_digest(cb)):
        h.update(part.encode())
        h.update(b"\0")
    return h.hexdigest()


def _cache_path(cache_dir: Path, key: str) -> Path:
    return cache_dir / key[:2] / f"{key}.pkl"


def _cache_write(path: Path, rows: DocRows) -> None:
    """Store a document's rows (atomically: a reader never sees half an entry)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    tmp.write_bytes(pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL))
    os.replace(tmp, path)


def _cache_read(path: Path) -> DocRows | None:
    """A cached document's rows, or None (absent or unreadable: recomputed, never trusted)."""
    try:
        rows = pickle.loads(path.read_bytes())
    except Exception:
        return None
    return rows if isinstance(rows, DocRows) else None


_WORKER: dict[str, Any] = {}

#: Collection thresholds while documents are extracted. Extraction allocates many small,
#: short-lived, acyclic objects (tokens, spans, records); the default thresholds start a
#: collection every 700 allocations, which costs about a tenth of the time for nothing.
GC_THRESHOLDS = (50_000, 20, 100)


def warm(cb: Codebook) -> None:
    """Build the codebook's pipeline now (before worker processes are forked, so they
    inherit it instead of each building its own)."""
    pipeline_of(cb)


@contextmanager
def _gc_tuned() -> Iterator[None]:
    """Collect garbage less often while extracting (restored afterwards)."""
    old = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*old)


def _init_worker(cb: Codebook, parent: int | None = None) -> None:
    """Give a worker process the codebook (inherited when forked, else unpickled once)."""
    _die_with_parent(parent)
    _WORKER["cb"] = cb
    warm(cb)
    gc.freeze()  # what the worker inherited is never garbage: keep it out of collections
    gc.set_threshold(*GC_THRESHOLDS)


def _die_with_parent(parent: int | None) -> None:
    """Make a worker process end with the build that started it.

    A worker outliving a killed build would go on using the CPU and keep the output folder's
    lock (it inherits the descriptor). On Linux the kernel kills it when its parent dies
    (`prctl(PR_SET_PDEATHSIG)`); a parent already gone ends it at once. Ctrl-C is left to
    the parent, which terminates its workers; SIGTERM ends a worker at once.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _kill_me_with_parent(parent)


def _kill_me_with_parent(parent: int | None) -> None:
    """Ask the kernel to SIGKILL this process when its parent dies (Linux; elsewhere a
    no-op), and end at once if the parent `parent` is already gone. Safe from any thread."""
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL),
                                                    0, 0, 0)
        except (OSError, AttributeError):
            pass
    if parent is not None and os.getppid() != parent:
        os._exit(1)


_PR_SET_PDEATHSIG = 1


def _kill_pool(pool: ProcessPoolExecutor) -> None:
    """Kill a pool's worker processes now (an error or an interruption: their results are
    not wanted, and a chunk in progress could take long).

    Then close this process's read end of the pool's call queue: with every worker dead,
    the queue's feeder thread may be blocked writing a chunk of articles into a full pipe
    nobody reads, and the executor's shutdown (and the interpreter's exit, which joins it)
    would wait on it for ever; with no reader left the write fails and the feeder ends.
    (A rare hang after Ctrl-C under load, seen in CI.)"""
    for proc in list((getattr(pool, "_processes", None) or {}).values()):
        try:
            proc.kill()
        except (OSError, ValueError, AttributeError):
            pass
    reader = getattr(getattr(pool, "_call_queue", None), "_reader", None)
    if reader is not None:
        try:
            reader.close()
        except OSError:
            pass


def _worker(args: tuple[RawDoc, str, list[dict[str, Any]], str]) -> DocRows:
    """Per-document stages in a worker process; the worker also writes the cache entry."""
    raw, corr_dir, entries, cache_file = args
    rows = extract(raw, _WORKER["cb"], Path(corr_dir), entries)
    if cache_file:
        _cache_write(Path(cache_file), rows)
    return rows


def _dask_task(raw: RawDoc, cb: Codebook, corr_dir: str, entries: list[dict[str, Any]],
               parent: int | None = None) -> DocRows:
    """Per-document stages on a Dask worker (codebook and corrections travel with the task,
    so remote workers need no shared file system).

    `parent` is the build's pid when the cluster is local: the worker process is then the
    build's child, and is bound to die with it (a killed build leaves no worker behind).
    """
    if parent is not None and not _WORKER.get("bound"):
        _kill_me_with_parent(parent)
        _WORKER["bound"] = True
    return extract(raw, cb, Path(corr_dir), entries)


def iter_documents(raws: list[RawDoc], cb: Codebook, corrections_dir: Path,
                   engine: str = "auto", workers: int | None = None,
                   cache_dir: Path | None = None, scheduler: str | None = None,
                   progress: Callable[[int, int], None] | None = None
                   ) -> Iterator[tuple[int, DocRows]]:
    """Yield (manifest index, rows) for every article, from the cache where possible.

    Results come as they are ready (cached ones first, then in completion order), so the
    caller can write them away and hold none of them; new cache entries are written as each
    document finishes.

    Args:
        raws: checked raw articles.
        cb: the codebook.
        corrections_dir: analyst corrections folder.
        engine: `serial`, `process`, `dask` or `auto` (processes for more than 50 articles).
        workers: process count (default: CPU count).
        cache_dir: where results are cached (None: no cache).
        scheduler: Dask scheduler address (None: a local cluster).
        progress: callback(done, total) over the articles extracted (not the cached ones).
    """
    keys = [cache_key(r, cb, corrections_dir) for r in raws] if cache_dir is not None else []
    todo = yield from _cached(len(raws), keys, cache_dir)
    engine = _pick_engine(engine, len(todo))
    cache_file = (lambda i: str(_cache_path(cache_dir, keys[i]))) if cache_dir is not None \
        else (lambda i: "")
    if engine == "serial" or not todo:
        fresh = _iter_serial(raws, todo, cb, corrections_dir, cache_file)
    elif engine == "process":
        fresh = _iter_process(raws, todo, cb, corrections_dir, cache_file, workers)
    else:
        fresh = _iter_dask(raws, todo, cb, corrections_dir, cache_file, scheduler, workers)
    for n, (i, rows) in enumerate(fresh, 1):
        yield i, _compact(rows)
        if progress and (n % 200 == 0 or n == len(todo)):
            progress(n, len(todo))


def _cached(n: int, keys: list[str], cache_dir: Path | None
            ) -> Generator[tuple[int, DocRows], None, list[int]]:
    """Yield the cached documents' (index, rows) as they are read; return the indexes of
    the documents still to extract (all `n` of them without a cache)."""
    if cache_dir is None:
        return list(range(n))
    todo: list[int] = []
    for i, key in enumerate(keys):
        rows = _cache_read(_cache_path(cache_dir, key))
        if rows is None:
            todo.append(i)
        else:
            yield i, _compact(rows)
    return todo


def _pick_engine(engine: str, n_todo: int) -> str:
    """The engine to run: `auto` takes processes for more than 50 articles on a multi-core
    machine (starting workers costs more than a few articles take)."""
    if engine == "auto":
        engine = "process" if n_todo > 50 and (os.cpu_count() or 1) > 1 else "serial"
    if engine not in {"serial", "process", "dask"}:
        raise ValueError(f"unknown engine {engine!r} (serial, process, dask, auto)")
    return engine


def _iter_serial(raws: list[RawDoc], todo: list[int], cb: Codebook, corrections_dir: Path,
                 cache_file: Callable[[int], str]) -> Iterator[tuple[int, DocRows]]:
    """Extract the articles `todo` in this process, writing each cache entry."""
    for i in todo:
        with _gc_tuned():
            rows = extract(raws[i], cb, corrections_dir)
        if cache_file(i):
            _cache_write(Path(cache_file(i)), rows)
        yield i, rows


def _iter_process(raws: list[RawDoc], todo: list[int], cb: Codebook, corrections_dir: Path,
                  cache_file: Callable[[int], str], workers: int | None
                  ) -> Iterator[tuple[int, DocRows]]:
    """Extract the articles `todo` in worker processes (each writes its cache entries).

    Workers are forked after `warm`, so they inherit the compiled codebook; an error or an
    interruption kills them at once and drops the queued articles.
    """
    n_workers = workers or os.cpu_count() or 1
    args = [(raws[i], str(corrections_dir), load_corrections(corrections_dir, raws[i].doc_id),
             cache_file(i)) for i in todo]
    chunk = max(1, min(16, len(args) // (n_workers * 8)))
    warm(cb)
    pool = ProcessPoolExecutor(max_workers=n_workers, initializer=_init_worker,
                               initargs=(cb, os.getpid()))
    try:
        yield from zip(todo, pool.map(_worker, args, chunksize=chunk))
    except BaseException:  # an error, Ctrl-C, SIGTERM or an abandoned build
        _kill_pool(pool)
        raise
    finally:  # drop the queued articles at once
        pool.shutdown(wait=True, cancel_futures=True)


def _iter_dask(raws: list[RawDoc], todo: list[int], cb: Codebook, corrections_dir: Path,
               cache_file: Callable[[int], str], scheduler: str | None, workers: int | None
               ) -> Iterator[tuple[int, DocRows]]:
    """Extract the articles `todo` on Dask; this process writes the cache entries (remote
    workers may not share its file system)."""
    entries = {i: load_corrections(corrections_dir, raws[i].doc_id) for i in todo}
    for i, rows in _run_dask(raws, todo, cb, corrections_dir, entries, scheduler, workers):
        if cache_file(i):
            _cache_write(Path(cache_file(i)), rows)
        yield i, rows


def _run_dask(raws: list[RawDoc], todo: list[int], cb: Codebook, corrections_dir: Path,
              entries: dict[int, list[dict[str, Any]]], scheduler: str | None,
              workers: int | None) -> Iterator[tuple[int, DocRows]]:
    """Run the per-document stages on Dask (a scheduler address, or a local cluster).

    The codebook is scattered once to every worker; results are yielded as they complete.
    """
    from dask.distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        # death_timeout: a worker that loses the build's scheduler ends instead of waiting.
        with outdir.sigint_ignored():  # the workers leave Ctrl-C to the build
            cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1,
                                   threads_per_worker=1, processes=True,
                                   dashboard_address=None, death_timeout=10)
        client = Client(cluster)
    parent = None if scheduler else os.getpid()
    try:
        cb_future = client.scatter(cb, broadcast=True)
        futures = [client.submit(_dask_task, raws[i], cb_future, str(corrections_dir),
                                 entries[i], parent, pure=False) for i in todo]
        index = {f.key: i for i, f in zip(todo, futures)}
        for fut in as_completed(futures):
            yield index[fut.key], fut.result()
            fut.release()
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM: the workers end now, not after a
        _kill_local_workers(cluster)  # graceful close whose log lines bury the one error line
        raise
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _kill_local_workers(cluster: Any) -> None:
    """SIGKILL the worker processes of a local Dask cluster (None: a remote one, left alone)."""
    for nanny in list(getattr(cluster, "workers", {}).values()) if cluster is not None else []:
        pid = getattr(nanny, "pid", None)
        if pid:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass


# -- corpus level -----------------------------------------------------------------------------
class CorpusState:
    """What the corpus-level stages gather from the documents as they arrive."""

    def __init__(self) -> None:
        self.n_docs = 0
        self.used: set[str] = set()
        self.counts: dict[str, int] = {}
        self.relations: list[tuple[Any, ...]] = []
        self.events: list[Claim] = []
        self.dates: dict[str, str] = {}
        self.doc_mentions: dict[str, dict[str, int]] = {}  # per document, per actor

    def add(self, rows: DocRows) -> None:
        """Take one document's values (its pieces go to the shards)."""
        self.n_docs += 1
        self.used.update(rows.used)
        for aid, n in rows.mention_counts.items():
            self.counts[aid] = self.counts.get(aid, 0) + n
        self.relations.extend(rows.relations)
        self.events.extend(map(event_claim, rows.events))
        self.dates[rows.doc_id] = rows.published
        self.doc_mentions[rows.doc_id] = rows.mention_counts


def actors_table(used: set[str], counts: dict[str, int], cb: Codebook) -> pd.DataFrame:
    """The actors table: every actor the documents refer to, with its ancestors."""
    used = set(used)
    used.discard("")
    for a in list(used):
        used.update(cb.ancestors(a))
    rows = []
    for aid in sorted(used):
        a = cb.get(aid)
        if a is None:
            continue
        parent = a.parent or (a.state if a.type != "state" and a.state and a.state != a.country
                              else a.parent)
        if parent == "" and a.type != "state" and a.country:
            parent = a.country
        rows.append({"actor_id": a.id, "name": a.name, "type": a.type, "country": a.country,
                     "parent_id": parent, "backed_by": a.backed_by, "state": a.state,
                     "origin": a.origin, "n_mentions": counts.get(aid, 0)})
    return table_df(schema.ACTORS, rows)


def _state_mentions(doc_mentions: dict[str, dict[str, int]], states: dict[str, str]
                    ) -> dict[str, dict[str, int]]:
    """Per document, mentions per state (each actor's mentions counted for its state): how
    much an article is about each state, which names its conflict system."""
    out: dict[str, dict[str, int]] = {}
    for doc, counts in doc_mentions.items():
        per: dict[str, int] = {}
        for aid, n in counts.items():
            st = states.get(aid) or ""
            if st:
                per[st] = per.get(st, 0) + n
        out[doc] = per
    return out


def corpus_tables(state: CorpusState, cb: Codebook) -> dict[str, Any]:
    """The corpus-level stages: actors, contested links, network, blocs and balance.

    Returns:
        `actors`, `state_edges`, `nodes`, `triads` (DataFrames), `contested` (claim id ->
        the claims it is contested with) and `contested_docs` (their documents), `graph` (the aggregated actor network for the
        exports) and `balance` (the summary for `balance.json`).
    """
    import pandas as pd

    from analysis import network

    actors = actors_table(state.used, state.counts, cb)
    known = set(actors["actor_id"])
    missing = set(state.counts) - known
    if missing:
        raise TableError(f"mentions.csv: actors {sorted(missing)[:5]} are not in actors.csv")
    ends = {r[3] for r in state.relations} | {r[4] for r in state.relations}
    if ends - known:
        raise TableError(f"relations.csv: actors {sorted(ends - known)[:5]} are not in "
                         "actors.csv")
    states = dict(zip(actors["actor_id"], actors["state"]))
    columns = list(zip(*state.relations)) if state.relations else [[] for _ in NET_COLUMNS]
    relations = pd.DataFrame({name: list(col) for name, col in zip(NET_COLUMNS, columns)},
                             columns=list(NET_COLUMNS))
    relations["sign"] = relations["sign"].astype("int64")
    G_state = network.state_graph(relations, actors)
    mentions = _state_mentions(state.doc_mentions, states)
    # balance per conflict system, triads and the balance summary in a forked child while
    # this process links the contested claims and builds the actor network (two cores)
    side = Forked(lambda: (
        network.systems_balance(relations, actors, cb.conflicts, cb.material_conflict(),
                                mentions),
        table_df(schema.TRIADS, network.triads(G_state).to_dict("records")),
        network.balance_summary(G_state, actors)))
    try:
        link_contested(state.events, cb, states, state.dates)
        G = network.export_graph(relations, actors)
        nodes = table_df(schema.NODES, network.node_metrics(G, G_state, actors).to_dict("records"))
        systems, triads, summary = side.result()
    finally:
        side.cancel()
    del relations
    return {
        "actors": actors,
        "state_edges": table_df(schema.STATE_EDGES, network.state_edges_table(G_state)
                             .to_dict("records")),
        "nodes": nodes,
        "triads": triads,
        "contested": {c.claim_id: c.contested_with for c in state.events if c.contested_with},
        "contested_docs": {c.doc_id for c in state.events if c.contested_with},
        "graph": G,
        "state_graph": G_state,
        "balance": {**summary, "systems": systems},
    }


def _contested_patch(contested: dict[str, list[str]], docs: set[str]
                     ) -> Callable[[str, list[list[str]]], list[list[str]] | None]:
    """A shard patch that fills `claims.contested_with` from the corpus-level links (only
    the pieces of `docs`, the documents with a contested claim, are parsed)."""
    names = schema.CLAIMS.names
    id_col, col = names.index("claim_id"), names.index("contested_with")

    def patch(doc_id: str, rows: list[list[str]]) -> list[list[str]] | None:
        if doc_id not in docs:
            return None
        for row in rows:
            links = contested.get(row[id_col])
            if links:
                have = [x for x in row[col].split(";") if x]
                row[col] = ";".join(sorted(set(have) | set(links)))
        return rows

    return patch


def build(raw_dir: Path | str | None = None, out_dir: Path | str | None = None,
          codebook_dir: Path | str | None = None, engine: str = "auto",
          workers: int | None = None, cache: bool = True, scheduler: str | None = None,
          quiet: bool = False, force: bool = False,
          lock_wait: float = outdir.LOCK_WAIT_S,
          cache_dir: Path | str | None = None) -> dict[str, Any]:
    """Build every processed table from a raw folder (the `python -m analysis build` command).

    Everything that can refuse the build without writing runs first (the output folder, the
    manifest, every article path); then, under the output folder's lock, what a killed build
    left is put back or removed, and the outputs are written and swapped in (`outdir.py`).

    Args:
        raw_dir: folder with `manifest.csv` (default `config.RAW`).
        out_dir: output folder (default `config.PROCESSED`), replaced atomically on success;
            refused when it is, contains or is inside the inputs, or holds other files.
        codebook_dir: codebook folder (default `config.CODEBOOK`).
        engine: per-document engine (`auto`, `serial`, `process`, `dask`).
        workers: processes / Dask workers.
        cache: reuse per-document results (and skip a build whose inputs are unchanged).
        scheduler: Dask scheduler address.
        quiet: no progress on stderr.
        force: replace an `out_dir` holding files no build wrote (see `outdir`).
        lock_wait: seconds to wait for another build of `out_dir` before refusing.
        cache_dir: the cache folder (default `config.INTERIM / "cache"`; the command line
            puts it beside the output folder for another `--out`).
    Returns:
        Summary counts.
    Raises:
        OutDirError, InputError, CodebookError, TableError: one line naming the problem.
    """
    raw_dir = Path(raw_dir or config.RAW)
    out_arg = Path(out_dir or config.PROCESSED)
    cb_dir = Path(codebook_dir or config.CODEBOOK)
    corrections_dir = cb_dir / "corrections"
    cache_root = Path(cache_dir) if cache_dir else config.INTERIM / "cache"
    target = outdir.check_target(out_arg, raw_dir, cb_dir)
    outdir.check_replaceable(target, _output_files(), force)  # early: a refusal writes nothing
    manifest = read_manifest(raw_dir)
    key = build_key(raw_dir, manifest, cb_dir, corrections_dir)  # checks every path first
    with outdir.locked(target, lock_wait, quiet):
        outdir.recover(target)
        outdir.check_replaceable(target, _output_files(), force)
        done = _previous_build(target, key, cache_root) if cache else None
        if done is not None:  # nothing changed since the last build into out_dir: done
            return {**done, "out": str(out_arg), "skipped": True}
        summary = _write_outputs(raw_dir, manifest, target, cb_dir, key, engine, workers,
                                 cache_root if cache else None, scheduler, quiet)
    return {**summary, "out": str(out_arg)}


def _write_outputs(raw_dir: Path, manifest: list[dict[str, str]], target: Path, cb_dir: Path,
                   key: str, engine: str, workers: int | None, cache_dir: Path | None,
                   scheduler: str | None, quiet: bool) -> dict[str, int]:
    """The full build into a temporary folder swapped in for `target` (under its lock).

    The record of the files written lists, while the swap runs, both the old and the new
    outputs, so whichever a killed build leaves in `target` is still recognised as a build's.
    """
    cb = load_codebook(cb_dir)
    raws = [read_article(raw_dir, row) for row in manifest]
    if not quiet:
        warn_unknown_outlets(raw_dir, manifest, cb)
    atomic = AtomicDir(target, outdir.folder_mode(target))
    try:
        summary = _build_into(atomic.tmp, raws, cb, cb_dir / "corrections", engine, workers,
                              cache_dir, scheduler, quiet)
        written = sorted(os.listdir(atomic.tmp))
        before = os.listdir(target) if target.is_dir() else []
        outdir.write_record(target, [*written, *before])
        atomic.commit()
    except BaseException:
        atomic.abort()
        raise
    outdir.write_record(target, written)
    if cache_dir is not None:
        _record_build(target, key, summary, cache_dir)
    return summary


def _write_tables(tmp: Path, shards: Shards, corpus: dict, cb: Codebook,
                  package: PackageWriter, bar: Progress) -> dict[str, int]:
    """Write every table of `schema.ALL` in its order, returning each one's row count: the
    per-document tables from their shards (the claims with their contested links patched
    in), the corpus tables from `corpus`; each joins the package as soon as it is written.
    Apart from `_build_into` so the order of the writes reads in one place."""
    from analysis.build import clusters

    counts = {}
    patches = {"claims": _contested_patch(corpus["contested"], corpus["contested_docs"])}
    for t in schema.ALL:
        if t.name in shards.tables:
            counts[t.name] = shards.write_table(t.name, tmp / t.path, patches.get(t.name))
        else:
            if t is schema.CLAIM_CLUSTERS:  # reads the claims, documents, sentences,
                # actors tables just written (they come before it in schema.ALL)
                corpus[t.name] = clusters.claim_clusters(tmp, cb)
            check(t, corpus[t.name])
            write_csv(corpus[t.name], tmp / t.path)
            counts[t.name] = len(corpus[t.name])
        package.add(t)
        bar.update(what=t.path)
    return counts


def _build_into(tmp: Path, raws: list[RawDoc], cb: Codebook, corrections_dir: Path,
                engine: str, workers: int | None, cache_dir: Path | None,
                scheduler: str | None, quiet: bool = True) -> dict[str, int]:
    """Extract every article into shards, run the corpus stages, write every output to `tmp`.

    Progress (unless `quiet`, and for corpora of at least `PROGRESS_MIN_DOCS` articles): a
    bar over the articles, then one over the corpus stage's steps (`progress.Progress`)."""
    from analysis import network

    show = not quiet and len(raws) >= PROGRESS_MIN_DOCS
    shards = Shards(tmp / ".shards", PIECES)
    bar = Progress("extracting", len(raws), "article", show)
    try:
        state = CorpusState()
        for _, rows in iter_documents(raws, cb, corrections_dir, engine=engine, workers=workers,
                                      cache_dir=cache_dir, scheduler=scheduler):
            shards.add(rows.doc_id, rows.pieces)
            state.add(rows)
            bar.update()
        bar.close()
        if state.n_docs != len(raws):
            raise TableError(f"documents.csv: {state.n_docs} documents extracted, "
                             f"{len(raws)} listed")
        bar = Progress("corpus stage", len(schema.ALL) + 2, "step", show)
        corpus = corpus_tables(state, cb)
        bar.update(what="actors, contested claims, network, balance")
        del state
        # the network files are written by a forked child, and each table's Parquet copy
        # (pyarrow, outside the GIL) as soon as its CSV is, while this process writes the
        # tables and the claim clusters: the longest steps of the corpus stage overlap
        net = Forked(lambda: network.write_network_files(
            tmp, corpus["graph"], corpus["state_graph"], corpus["nodes"], corpus["actors"]))
        package = PackageWriter(tmp)
        counts = _write_tables(tmp, shards, corpus, cb, package, bar)
        (tmp / "balance.json").write_text(json.dumps(corpus["balance"], indent=1,
                                                     sort_keys=True, ensure_ascii=False,
                                                     default=str) + "\n", encoding="utf-8")
        net.result()
        bar.update(what="network exports")
        package.finish(NETWORK_FILES + ("balance.json",))
    finally:
        shards.close()
        bar.close()
        if "net" in locals():
            net.cancel()
        if "package" in locals():
            package.close()
    return {"documents": counts["documents"], "sentences": counts["sentences"],
            "mentions": counts["mentions"], "claims": counts["claims"],
            "relations": counts["relations"]}


# -- whole-build skip ---------------------------------------------------------------------------
#: Files every build writes besides the tables (a missing or edited one forces a rebuild).
NETWORK_FILES = ("network.graphml", "network.gexf", "network.json", "state_network.graphml",
                 "state_network.gexf")
OUTPUT_EXTRAS = (*NETWORK_FILES, "balance.json", "datapackage.json",
                 *(t.parquet_path for t in schema.ALL))


def build_key(raw_dir: Path, manifest: list[dict[str, str]], cb_dir: Path,
              corrections_dir: Path) -> str:
    """Key of a whole build: every article's bytes and metadata, codebook, corrections, code.

    Computed from bytes alone (nothing parsed), so an unchanged build is recognised in a
    fraction of a second; any change leads to the full, checked build. Every article path is
    checked (inside the raw folder, a regular file, not too big) before any is opened.

    Raises:
        InputError: a path leaves the raw folder, is missing, not a regular file or too big.
    """
    paths = [check_article_path(raw_dir, row) for row in manifest]
    h = hashlib.sha256(CACHE_VERSION.encode() + _BUILD_CODE_DIGEST.encode())
    h.update(codebook_digest(cb_dir).encode())
    for p in sorted(corrections_dir.glob("*.yaml")) if corrections_dir.is_dir() else []:
        h.update(p.name.encode() + read_checked(p, follow=True))
    for row, path in zip(manifest, paths):
        h.update(json.dumps(row, sort_keys=True).encode())
        h.update(hashlib.sha256(read_checked(path)).digest())
    return h.hexdigest()


def _fingerprint(path: Path) -> list[int]:
    """Size and modification time of an output file (an edit changes one of them)."""
    st = path.stat()
    return [st.st_size, st.st_mtime_ns]


def _output_files() -> list[str]:
    return [t.path for t in schema.ALL] + list(OUTPUT_EXTRAS)


def _stamp_path(cache_dir: Path) -> Path:
    return cache_dir / "builds.json"  # deleting the cache forgets builds too


def _previous_build(out_dir: Path, key: str, cache_dir: Path) -> dict[str, Any] | None:
    """The recorded summary when `out_dir` holds an intact build of exactly these inputs."""
    try:
        stamps = json.loads(_stamp_path(cache_dir).read_text(encoding="utf-8"))
        entry = stamps[str(out_dir.resolve())]
    except (OSError, ValueError, KeyError):
        return None
    if entry.get("key") != key:
        return None
    files = entry.get("files", {})
    for name in _output_files():  # every output still there, untouched since the build
        p = out_dir / name
        try:
            if files.get(name) != _fingerprint(p):
                return None
        except OSError:
            return None
    return entry.get("summary")


def _record_build(out_dir: Path, key: str, summary: dict[str, Any], cache_dir: Path) -> None:
    """Remember that `out_dir` holds the build of `key` (data/interim, safe to delete).

    Called under `out_dir`'s lock, so the entry describes the outputs in place; the file is
    shared by every output folder, so its read-modify-write holds a lock of its own.
    """
    path = _stamp_path(cache_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    with outdir.file_lock(path.with_name("builds.json.lock")):
        try:
            stamps = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            stamps = {}
        stamps[str(out_dir.resolve())] = {
            "key": key, "summary": summary,
            "files": {name: _fingerprint(out_dir / name) for name in _output_files()}}
        outdir.write_atomic(path, json.dumps(stamps, indent=1, sort_keys=True))
