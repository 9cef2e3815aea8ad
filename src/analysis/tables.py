"""Turn records into the processed tables; check them; write them atomically with a datapackage.

Tables are checked against `schema.py` before anything is written (columns, required cells,
enumerations, offsets, totals); the whole output folder is written to a temporary sibling and
swapped in only when everything succeeded, so a failed build leaves the previous outputs.
"""
from __future__ import annotations

import csv
import json
import os
import shutil
import tempfile
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any, Iterable

import pandas as pd

from . import schema
from .schema import Table

ENUMS: dict[tuple[str, str], set[str]] = {
    ("claims", "attribution"): {"author", "named", "group", "anonymous"},
    ("claims", "polarity"): {"affirm", "deny"},
    ("claims", "modality"): {"asserted", "hedged", "conditional", "forecast"},
    ("claims", "origin"): {"extracted", "manual"},
    ("relations", "sign"): {"-1", "0", "1"},
    ("actors", "type"): {"state", "government", "military", "person", "media", "source_group",
                         "armed_group", "international_org", "bloc"},
}


class TableError(ValueError):
    """A table failed its checks; nothing was written."""


def _cell(value: Any) -> Any:
    """Lists become `;`-joined strings; None becomes empty."""
    if isinstance(value, (list, tuple)):
        return ";".join(str(v) for v in value)
    return "" if value is None else value


def as_row(record: Any) -> dict[str, Any]:
    """A record (dataclass, slots or not) or dict as a shallow dict of its fields."""
    if isinstance(record, dict):
        return record
    if is_dataclass(record):
        return {f.name: getattr(record, f.name) for f in fields(record)}
    raise TypeError(f"cannot turn {type(record).__name__} into a table row")


def frame(table: Table, rows: Iterable[dict[str, Any] | Any],
          extra: dict[str, list[Any]] | None = None) -> pd.DataFrame:
    """Build a table's DataFrame from dicts or records, in schema order, sorted by its key.

    Args:
        table: the schema table.
        rows: dicts or dataclass records (read column by column: no per-row dict is built,
            which keeps a 10,000-article corpus inside memory).
        extra: whole columns computed by the caller (e.g. raw offsets, states).
    """
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


def from_frame(table: Table, df: pd.DataFrame) -> pd.DataFrame:
    """Coerce an existing DataFrame to a table's columns and types, sorted by its key."""
    return frame(table, [], {c.name: (df[c.name].tolist() if c.name in df.columns
                                      else [None] * len(df)) for c in table.columns}) \
        if len(df) else frame(table, [])


class RecordTable:
    """A big table kept as records until it is written: sorted, checked and streamed row by
    row, so a 10,000-article corpus never holds a second copy of its claims as a DataFrame."""

    def __init__(self, table: Table, records: list[Any], extra: dict[str, list[Any]] | None = None):
        self.table, self.records, self.extra = table, records, extra or {}
        self._order: list[int] | None = None

    def __len__(self) -> int:
        return len(self.records)

    def column(self, name: str) -> list[Any]:
        """One column's raw values, in record order."""
        if name in self.extra:
            return self.extra[name]
        if self.records and isinstance(self.records[0], dict):
            return [r.get(name) for r in self.records]
        return [getattr(r, name, None) for r in self.records]

    def order(self) -> list[int]:
        """Record indices sorted by the table's key (stable)."""
        if self._order is None:
            keys = list(zip(*(self.column(k) for k in self.table.key))) if self.records else []
            self._order = sorted(range(len(self.records)), key=keys.__getitem__)
        return self._order

    def rows(self) -> Iterable[list[Any]]:
        """Formatted rows in key order (lists joined with ';', None as '')."""
        cols = [self.column(c.name) for c in self.table.columns]
        kinds = [c.type for c in self.table.columns]
        for i in self.order():
            yield [_format(col[i], kind) for col, kind in zip(cols, kinds)]

    def to_frame(self) -> pd.DataFrame:
        """The table as a DataFrame (for the network stage and tests)."""
        return frame(self.table, self.records, self.extra)


def _format(value: Any, kind: str) -> Any:
    """One cell as written: ';'-joined lists, '' for None, -1 for a missing integer."""
    value = _cell(value)
    if kind == "integer":
        return -1 if value in ("", None) else int(value)
    if kind == "boolean":
        return bool(value)
    return value


def check_records(rt: RecordTable) -> None:
    """`check` for a RecordTable: required cells, enumerations, duplicate keys (streamed)."""
    table = rt.table
    names = table.names
    key_pos = [names.index(k) for k in table.key]
    required = [names.index(c.name) for c in table.columns if c.required and c.type == "string"]
    enums = [(names.index(c.name), ENUMS[(table.name, c.name)]) for c in table.columns
             if (table.name, c.name) in ENUMS]
    previous = None
    for n, row in enumerate(rt.rows(), start=1):
        for j in required:
            if row[j] == "":
                raise TableError(f"{table.path}: row {n}: required column '{names[j]}' is empty")
        for j, allowed in enums:
            if str(row[j]) not in allowed:
                raise TableError(f"{table.path}: column '{names[j]}' has values "
                                 f"['{row[j]}'] outside {sorted(allowed)}")
        key = [row[j] for j in key_pos]
        if key == previous:
            raise TableError(f"{table.path}: duplicate key {key}")
        previous = key


def _values(t: pd.DataFrame | RecordTable, name: str) -> list[Any]:
    """A column of either kind of table as a list."""
    return t.column(name) if isinstance(t, RecordTable) else t[name].tolist()


def check(table: Table, df: pd.DataFrame) -> None:
    """Raise `TableError` when a table breaks its schema (columns, required cells, enums)."""
    if list(df.columns)[:len(table.names)] != table.names:
        raise TableError(f"{table.path}: columns {list(df.columns)} differ from the schema")
    for c in table.columns:
        if c.required and c.type == "string" and len(df) and (df[c.name] == "").any():
            bad = df.index[df[c.name] == ""][0]
            raise TableError(f"{table.path}: row {bad + 1}: required column '{c.name}' is empty")
        enum = ENUMS.get((table.name, c.name))
        if enum and len(df):
            values = set(df[c.name].astype(str))
            if not values <= enum:
                raise TableError(f"{table.path}: column '{c.name}' has values "
                                 f"{sorted(values - enum)} outside {sorted(enum)}")
    if len(df) and df.duplicated(list(table.key)).any():
        dup = df[df.duplicated(list(table.key), keep=False)].iloc[0][list(table.key)].tolist()
        raise TableError(f"{table.path}: duplicate key {dup}")


def check_totals(frames: dict[str, pd.DataFrame | RecordTable]) -> None:
    """Cross-table totals and references (parsers check their own totals before writing)."""
    docs = frames["documents"]
    counted: dict[str, int] = {}
    for d in _values(frames["sentences"], "doc_id"):
        counted[d] = counted.get(d, 0) + 1
    for doc_id, n in zip(_values(docs, "doc_id"), _values(docs, "n_sentences")):
        if counted.get(doc_id, 0) != n:
            raise TableError(f"documents.csv: {doc_id}: n_sentences {n} but sentences.csv has "
                             f"{counted.get(doc_id, 0)}")
    actor_ids = set(_values(frames["actors"], "actor_id"))
    missing = set(_values(frames["mentions"], "actor_id")) - actor_ids
    if missing:
        raise TableError(f"mentions.csv: actors {sorted(missing)[:5]} are not in actors.csv")
    rel = frames["relations"]
    missing = (set(_values(rel, "source_id")) | set(_values(rel, "target_id"))) - actor_ids
    if missing:
        raise TableError(f"relations.csv: actors {sorted(missing)[:5]} are not in actors.csv")
    if not set(_values(rel, "claim_id")) <= set(_values(frames["claims"], "claim_id")):
        raise TableError("relations.csv: a relation points to a claim not in claims.csv")
    lengths = dict(zip(_values(docs, "doc_id"), _values(docs, "n_chars")))
    for name in ("sentences", "mentions", "claims"):
        t = frames[name]
        for doc_id, start, end in zip(_values(t, "doc_id"), _values(t, "start"), _values(t, "end")):
            if start < 0 or end <= start or end > lengths.get(doc_id, -1):
                raise TableError(f"{name}.csv: offsets out of range for {doc_id}")


def write_csv(df: pd.DataFrame | RecordTable, path: Path) -> None:
    """Write a CSV deterministically (UTF-8, '\\n' line ends, no index)."""
    if isinstance(df, RecordTable):
        with open(path, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(df.table.names)
            writer.writerows(df.rows())
        return
    df.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


def datapackage(extra_resources: list[dict[str, Any]]) -> dict[str, Any]:
    """The Frictionless descriptor for every table of the schema plus extra files."""
    resources = []
    for t in schema.ALL:
        resources.append({
            "name": t.name.replace("_", "-"), "path": t.path, "profile": "tabular-data-resource",
            "format": "csv", "encoding": "utf-8", "description": t.description,
            "schema": {"fields": [{"name": c.name, "type": c.type, "description": c.description,
                                   **({"constraints": {"required": True}} if c.required else {})}
                                  for c in t.columns],
                       "primaryKey": list(t.key)},
        })
    resources.extend(extra_resources)
    return {
        "profile": "data-package",  # tabular resources plus the network files
        "name": "conflict-claims-network",
        "title": "Claims dataset and actor network extracted from conflict news",
        "description": "Generated by `python -m analysis build`; see README.md (Methodology). "
                       "List cells are ';'-separated. Offsets point into the cleaned text.",
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0 "
                      "(derived data; article texts keep their owners' rights)"}],
        "resources": resources,
    }


class AtomicDir:
    """A temporary folder next to `target` that replaces it on `commit()` only."""

    def __init__(self, target: Path):
        self.target = Path(target).resolve()
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.tmp-",
                                         dir=self.target.parent))

    def commit(self) -> None:
        """Swap the temporary folder in place of the target."""
        old = None
        if self.target.exists():
            old = self.target.parent / f".{self.target.name}.old-{os.getpid()}"
            if old.exists():
                shutil.rmtree(old)
            os.replace(self.target, old)
        os.replace(self.tmp, self.target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def abort(self) -> None:
        """Remove the temporary folder; the target is untouched."""
        shutil.rmtree(self.tmp, ignore_errors=True)


def write_all(frames: dict[str, pd.DataFrame | RecordTable], out_dir: Path,
              writers: list[tuple[str, Any]] | None = None) -> None:
    """Check every table, then write tables, extra files and datapackage.json atomically.

    Args:
        frames: table name -> DataFrame (every table of `schema.ALL`).
        out_dir: the output folder, replaced only when all writes succeeded.
        writers: extra (file name, callable(path)) pairs, e.g. the network exports.
    """
    for t in schema.ALL:
        if isinstance(frames[t.name], RecordTable):
            check_records(frames[t.name])
        else:
            check(t, frames[t.name])
    check_totals(frames)
    atomic = AtomicDir(out_dir)
    try:
        for t in schema.ALL:
            write_csv(frames[t.name], atomic.tmp / t.path)
        extra = []
        for name, fn in writers or []:
            fn(atomic.tmp / name)
            extra.append({"name": name.replace(".", "-").replace("_", "-"), "path": name,
                          "profile": "data-resource", "format": name.rsplit(".", 1)[-1],
                          "mediatype": _MEDIATYPES.get(name.rsplit(".", 1)[-1], ""),
                          "encoding": "utf-8",
                          "description": _EXTRA_DESCRIPTIONS.get(name, "")})
        (atomic.tmp / "datapackage.json").write_text(
            json.dumps(datapackage(extra), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        atomic.commit()
    except BaseException:
        atomic.abort()
        raise


_MEDIATYPES = {"graphml": "application/graphml+xml", "gexf": "application/gexf+xml",
               "json": "application/json"}

_EXTRA_DESCRIPTIONS = {
    "network.graphml": "The actor network (MultiDiGraph) for Gephi / networkx, with actor and "
                       "relation attributes.",
    "network.gexf": "The actor network in GEXF for Gephi.",
    "network.json": "The actor network as networkx node-link JSON (for the web).",
    "balance.json": "Structural balance of the signed state graph: triads, frustration index, "
                    "blocs and a plain-language explanation.",
}
