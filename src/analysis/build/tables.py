"""Small tables as DataFrames, their checks, the datapackage, and atomic output folders.

The big per-document tables are formatted and checked piece by piece (`shards.py`); the
corpus-level ones (actors, state edges, nodes, triads) are built here as DataFrames and
checked against `schema.py` (columns, required cells, enumerations, duplicate keys) before
they are written. The whole output folder is written to a temporary sibling and swapped in
only when everything succeeded (`AtomicDir`), so a failed or killed build leaves the previous
outputs (what may be replaced at all, and the lock, are in `outdir.py`).
"""
from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator

if TYPE_CHECKING:  # imported where a DataFrame is built: a skipped build never loads pandas
    import pandas as pd

from analysis import schema
from analysis.schema import Column, Table

#: (table, column) -> the values a cell may hold, from the schema's enumerations (an
#: optional column may also be empty, as the datapackage's `constraints.enum` allows).
@lru_cache(maxsize=None)
def allowed_values(column: Column) -> frozenset[str] | None:
    """The cells a column with an enumeration may hold (None: any); an optional column may
    also be empty, as the datapackage's `constraints.enum` allows."""
    if not column.enum:
        return None
    return frozenset(column.enum) | (frozenset() if column.required else frozenset({""}))


class TableError(ValueError):
    """A table failed its checks; nothing was written."""


def _cell(value: Any) -> Any:
    """Lists become `;`-joined strings; None becomes empty."""
    if isinstance(value, (list, tuple)):
        return ";".join(str(v) for v in value)
    return "" if value is None else value


def table_df(table: Table, rows: Iterable[dict[str, Any] | Any],
          extra: dict[str, list[Any]] | None = None) -> pd.DataFrame:
    """Build a table's DataFrame from dicts or records, in schema order, sorted by its key.

    Args:
        table: the schema table.
        rows: dicts or dataclass records (read column by column: no per-row dict is built,
            which keeps a 10,000-article corpus inside memory).
        extra: whole columns computed by the caller (e.g. raw offsets, states).
    """
    import pandas as pd

    rows = list(rows)
    extra = extra or {}
    data = {}
    for c in table.columns:
        if c.name in extra:
            data[c.name] = [_cell(v) for v in extra[c.name]]
        elif rows and isinstance(rows[0], dict):
            data[c.name] = [_cell(r.get(c.name)) for r in rows]
        else:
            data[c.name] = [_cell(getattr(r, c.name, None)) for r in rows]
    df = pd.DataFrame(data, columns=table.names)
    del data
    for c in table.columns:
        if c.type == "integer":
            df[c.name] = pd.to_numeric(df[c.name], errors="coerce").fillna(-1).astype("int64") \
                if len(df) else df[c.name].astype("int64")
        elif c.type == "number":
            df[c.name] = pd.to_numeric(df[c.name], errors="coerce").astype("float64")
        elif c.type == "boolean":
            df[c.name] = df[c.name].astype(bool)
        else:
            df[c.name] = df[c.name].astype(object).where(df[c.name].notna(), "").astype(str)
    return df.sort_values(list(table.key), kind="mergesort").reset_index(drop=True)


def check(table: Table, df: pd.DataFrame) -> None:
    """Raise `TableError` when a table breaks its schema (columns, required cells, enums).

    Hand-written rather than pandera/Frictionless for the build's speed: see the measurement
    in `shards.check_columns`, which checks the big tables the same way.
    """
    if list(df.columns)[:len(table.names)] != table.names:
        raise TableError(f"{table.path}: columns {list(df.columns)} differ from the schema")
    for c in table.columns:
        if c.required and c.type == "string" and len(df) and (df[c.name] == "").any():
            bad = df.index[df[c.name] == ""][0]
            raise TableError(f"{table.path}: row {bad + 1}: required column '{c.name}' is empty")
        enum = allowed_values(c)
        if enum and len(df):
            values = set(df[c.name].astype(str))
            if not values <= enum:
                raise TableError(f"{table.path}: column '{c.name}' has values "
                                 f"{sorted(values - enum)} outside {sorted(enum)}")
    if len(df) and df.duplicated(list(table.key)).any():
        dup = df[df.duplicated(list(table.key), keep=False)].iloc[0][list(table.key)].tolist()
        raise TableError(f"{table.path}: duplicate key {dup}")


def write_csv(df: pd.DataFrame, path: Path) -> None:
    """Write a CSV deterministically (UTF-8, '\\n' line ends, no index)."""
    df.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


def _field(c: Column) -> dict[str, Any]:
    """A column as a Frictionless field: type, meaning, list delimiter and constraints."""
    out: dict[str, Any] = {"name": c.name, "type": "list" if c.delimiter else c.type,
                           "description": c.description}
    if c.delimiter:
        out.update(delimiter=c.delimiter, itemType="string")
    if c.format:
        out["format"] = c.format
    constraints: dict[str, Any] = {}
    if c.required:
        constraints["required"] = True
    if c.enum:
        constraints["enum"] = [int(v) for v in c.enum] if c.type == "integer" else list(c.enum)
    if constraints:
        out["constraints"] = constraints
    return out


def _resource_name(table: Table) -> str:
    return table.name.replace("_", "-")


def _table_schema(t: Table) -> dict[str, Any]:
    """The Frictionless table schema of a table: fields, primary key and foreign keys."""
    out: dict[str, Any] = {"fields": [_field(c) for c in t.columns],
                           "primaryKey": list(t.key)}
    if t.foreign_keys:
        out["foreignKeys"] = [
            {"fields": list(fk.fields),
             "reference": {"resource": _resource_name(schema.BY_NAME[fk.table]),
                           "fields": list(fk.ref)}} for fk in t.foreign_keys]
    return out


#: The `name` of every build's datapackage.json (also how `outdir` tells a folder of build
#: outputs without a record from a folder of the user's own files).
PACKAGE_NAME = "conflict-claims-network"


def datapackage(extra_resources: list[dict[str, Any]]) -> dict[str, Any]:
    """The Frictionless descriptor for every table (CSV and its Parquet copy) plus extra files.

    The CSVs are tabular resources with their full schema (enumerations, list fields, foreign
    keys), so `frictionless validate datapackage.json` checks every cell and reference. The
    Parquet copies are listed as file resources (`"type": "file"`): Frictionless would
    otherwise read them as tables and fails on list cells; the copies are written from the
    checked CSVs with the same columns (`parquet_schema`), so validating the CSVs covers
    their values.
    """
    resources = []
    for t in schema.ALL:
        resources.append({
            "name": _resource_name(t), "path": t.path, "profile": "tabular-data-resource",
            "format": "csv", "encoding": "utf-8", "description": t.description,
            "schema": _table_schema(t),
        })
    for t in schema.ALL:
        resources.append({
            "name": f"{_resource_name(t)}-parquet", "path": t.parquet_path, "type": "file",
            "profile": "data-resource", "format": "parquet",
            "mediatype": "application/vnd.apache.parquet",
            "description": f"Parquet copy of {t.path} (same rows and columns; list cells as "
                           "lists of strings, dates as dates (the date part), integers as "
                           "int64).",
        })
    resources.extend(extra_resources)
    return {
        "profile": "data-package",  # tabular resources plus the network files
        "name": PACKAGE_NAME,
        "title": "Claims dataset and actor network extracted from conflict news",
        "description": "Generated by `python -m analysis build`; see README.md (Methodology). "
                       "List cells are ';'-separated. Offsets point into the cleaned text.",
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0 "
                      "(derived data; article texts keep their owners' rights)"}],
        "resources": resources,
    }


#: Parquet writer settings fixed for byte-identical files across builds (the writer's
#: `created_by` names the pyarrow version, pinned in requirements.lock).
PARQUET_OPTIONS: dict[str, Any] = {"compression": "zstd", "compression_level": 9,
                                   "use_dictionary": True, "write_statistics": True,
                                   "version": "2.6", "data_page_version": "1.0"}
#: Rows read from a CSV per batch (the Parquet row group): memory stays bounded.
PARQUET_BLOCK = 1 << 24


def _arrow_type(c: Column) -> Any:
    import pyarrow as pa

    if c.delimiter:
        return pa.list_(pa.string())
    return {"integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_(),
            "date": pa.date32()}.get(c.type, pa.string())


def _arrow_batch(table: Table, batch: Any) -> Any:
    """A batch of CSV strings as the table's Arrow types (lists split, dates parsed)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    arrays = []
    for c, col in zip(table.columns, batch.columns):
        kind = _arrow_type(c)
        if c.delimiter:
            split = pc.split_pattern(col, c.delimiter)
            empty = pa.scalar([], type=kind)
            col = pc.if_else(pc.equal(col, ""), empty, split)
        elif c.type == "date":
            col = pc.if_else(pc.equal(col, ""), pa.scalar(None, pa.string()),
                             pc.utf8_slice_codeunits(col, 0, 10))
            col = col.cast(kind)
        elif kind != pa.string():
            col = col.cast(kind)
        arrays.append(col)
    return pa.RecordBatch.from_arrays(arrays, schema=parquet_schema(table))


def parquet_schema(table: Table) -> Any:
    """The Arrow schema of a table's Parquet copy (column meanings as field metadata)."""
    import pyarrow as pa

    return pa.schema([pa.field(c.name, _arrow_type(c), nullable=not c.required,
                               metadata={"description": c.description}) for c in table.columns],
                     metadata={"description": table.description})


def write_parquet(table: Table, csv_path: Path, dest: Path) -> None:
    """Write the Parquet copy of a written CSV, batch by batch, with fixed settings.

    Read with pyarrow's CSV reader, every column as text (then cast), so the copy holds
    exactly the CSV's values: the CSV is the contract, the Parquet a typed copy of it.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    convert = pacsv.ConvertOptions(column_types={c.name: pa.string() for c in table.columns},
                                   strings_can_be_null=False, quoted_strings_can_be_null=False)
    reader = pacsv.open_csv(csv_path, read_options=pacsv.ReadOptions(block_size=PARQUET_BLOCK),
                            parse_options=pacsv.ParseOptions(newlines_in_values=True),
                            convert_options=convert)
    with pq.ParquetWriter(dest, parquet_schema(table), **PARQUET_OPTIONS) as out:
        for batch in reader:
            if batch.num_rows:
                out.write_batch(_arrow_batch(table, batch))


def write_package(folder: Path, extra_files: Iterable[str]) -> list[str]:
    """Write every table's Parquet copy and `datapackage.json` into a build's folder.

    Args:
        folder: the folder holding the written CSVs.
        extra_files: the other files written (network, balance), described as resources.
    Returns:
        The file names written.
    """
    package = PackageWriter(folder)
    try:
        for t in schema.ALL:
            package.add(t)
        return package.finish(extra_files)
    finally:
        package.close()


class PackageWriter:
    """The Parquet copies and `datapackage.json` of a build, written as the build goes:
    `add(table)` once its CSV is written starts its copy in a thread (pyarrow reads,
    encodes and compresses without the GIL), `finish` waits for them all and writes the
    descriptor."""

    def __init__(self, folder: Path, threads: int = 2):
        from concurrent.futures import ThreadPoolExecutor

        self.folder = Path(folder)
        self._pool = ThreadPoolExecutor(max_workers=max(1, min(threads, os.cpu_count() or 1)))
        self._jobs: list[Any] = []

    def add(self, table: Table) -> None:
        """Start the Parquet copy of `table` (its CSV is complete)."""
        self._jobs.append(self._pool.submit(write_parquet, table, self.folder / table.path,
                                            self.folder / table.parquet_path))

    def finish(self, extra_files: Iterable[str]) -> list[str]:
        """Wait for every copy (raising the first failure), write `datapackage.json`; return
        the file names written."""
        import json

        for job in self._jobs:
            job.result()
        descriptor = datapackage([extra_resource(n) for n in extra_files])
        (self.folder / "datapackage.json").write_text(
            json.dumps(descriptor, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        return [t.parquet_path for t in schema.ALL] + ["datapackage.json"]

    def close(self) -> None:
        """Stop the threads (copies not started are dropped)."""
        self._pool.shutdown(wait=True, cancel_futures=True)


class AtomicDir:
    """A temporary folder next to `target` that replaces it on `commit()` only.

    The swap never leaves `target` missing where the system can exchange two paths in one
    step (Linux `renameat2(RENAME_EXCHANGE)`): `target` holds the old outputs or the new
    ones, whenever the process is killed. Elsewhere it takes two renames, and a build killed
    between them leaves the old outputs in `.NAME.old-PID`, which `recover` (the next build)
    renames back. Callers hold the output folder's lock (`outdir.locked`) around all this.
    """

    def __init__(self, target: Path, mode: int = 0o755):
        self.target = Path(target).resolve()
        self.mode = mode  # the temporary folder is created 0700; the output keeps `mode`
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.tmp-",
                                         dir=self.target.parent))

    def commit(self) -> None:
        """Swap the temporary folder in place of the target (Ctrl-C/SIGTERM wait for it)."""
        os.chmod(self.tmp, self.mode)
        with _signals_held():
            if not self.target.exists():
                os.rename(self.tmp, self.target)
            elif _exchange(self.tmp, self.target):
                shutil.rmtree(self.tmp, ignore_errors=True)  # now the old outputs
            else:
                old = self.target.parent / f".{self.target.name}.old-{os.getpid()}"
                _remove(old)
                os.rename(self.target, old)
                os.rename(self.tmp, self.target)
                shutil.rmtree(old, ignore_errors=True)

    def abort(self) -> None:
        """Remove the temporary folder; the target is untouched."""
        with _signals_held():
            shutil.rmtree(self.tmp, ignore_errors=True)

    @staticmethod
    def leftovers(target: Path) -> tuple[list[Path], list[Path]]:
        """The `.NAME.old-PID` and `.NAME.tmp-XXXX` folders an interrupted build of `target`
        left (the patterns match no other target's, whatever its name)."""
        target = Path(target)
        name = re.escape(target.name)
        old_rx, tmp_rx = re.compile(rf"\.{name}\.old-\d+"), re.compile(rf"\.{name}\.tmp-\w+")
        try:
            entries = sorted(target.parent.iterdir())
        except OSError:
            return [], []
        return ([p for p in entries if old_rx.fullmatch(p.name)],
                [p for p in entries if tmp_rx.fullmatch(p.name)])

    @classmethod
    def recover(cls, target: Path) -> bool:
        """Undo what a killed build of `target` left: rename the old outputs back when
        `target` is missing, remove every other leftover. Returns whether it restored."""
        olds, tmps = cls.leftovers(target)
        restored = False
        if olds and not os.path.lexists(target):
            newest = max(olds, key=lambda p: p.lstat().st_mtime_ns)
            os.rename(newest, target)
            olds.remove(newest)
            restored = True
        for p in olds + tmps:
            _remove(p)
        return restored


def _remove(path: Path) -> None:
    """Delete a leftover folder (a symlink is unlinked, never followed)."""
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    elif path.exists():
        shutil.rmtree(path, ignore_errors=True)


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM (delivered afterwards) so a swap is never cut in half."""
    if threading.current_thread() is not threading.main_thread() or \
            not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


_RENAME_EXCHANGE, _AT_FDCWD = 2, -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths in one step (Linux renameat2); False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library without it (glibc < 2.28, musl)
        return False
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):  # kernel or file system
        return False
    raise OSError(err, os.strerror(err), str(b))


_MEDIATYPES = {"graphml": "application/graphml+xml", "gexf": "application/gexf+xml",
               "json": "application/json"}

_EXTRA_DESCRIPTIONS = {
    "network.graphml": "The actor network (MultiDiGraph) for Gephi / networkx: actors with "
                       "label, type, country, degree, betweenness and bloc; one edge per (source, target, relation type, sign) "
                       "with n_relations, firmest modality, claimants, documents and the "
                       "relation_ids behind it (one row per relation: edges.csv).",
    "network.gexf": "The actor network in GEXF for Gephi.",
    "network.json": "The actor network as networkx node-link JSON (for the web).",
    "state_network.graphml": "The state-level network (undirected; actors collapsed to their "
                             "states, signs summed) for Gephi / networkx: nodes with label, "
                             "type, country, degree, betweenness and bloc (state_edges.csv, "
                             "nodes.csv).",
    "state_network.gexf": "The state-level network in GEXF for Gephi.",
    "balance.json": "Structural balance of the signed state graph: triads, frustration index, "
                    "blocs and a plain-language explanation, for the whole corpus and, under "
                    "`systems`, for each conflict system (articles grouped in the codebook's "
                    "conflicts.yaml or sharing their principal pair of opposing states, which "
                    "names the system: belligerents first, then the pair the articles "
                    "mention most), so unrelated wars are not pooled into one triad census.",
}


def extra_resource(name: str) -> dict[str, Any]:
    """The datapackage resource describing a non-table output file (network, balance)."""
    ext = name.rsplit(".", 1)[-1]
    return {"name": name.replace(".", "-").replace("_", "-"), "path": name,
            "profile": "data-resource", "format": ext, "mediatype": _MEDIATYPES.get(ext, ""),
            "encoding": "utf-8", "description": _EXTRA_DESCRIPTIONS.get(name, "")}
