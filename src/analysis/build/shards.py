"""Per-document pieces of the big tables, and their assembly into the processed CSVs.

Every per-document table (documents, sentences, mentions, claims, relations, loaded
language, unresolved names, flags, edges) is a concatenation of per-document pieces. The
worker that extracts an article also formats its rows, sorts them by the table's key,
checks them (required cells, enumerations, duplicate keys) and returns them as CSV bytes.
The main process appends each piece to a shard file as it arrives and finally writes each
table by copying the pieces in key order. No process ever holds a whole big table, so the
memory of a build does not grow with the size of these tables, and the formatting work is
spread over the workers.

Pieces of tables keyed by `doc_id` first can never overlap; for any other key (edges are
keyed by `relation_id`) the assembly checks that the pieces' key ranges are disjoint and
otherwise falls back to a full sort of that table's rows, so the output is always the
table sorted by its key.
"""
from __future__ import annotations

import csv
import io
import shutil
from dataclasses import dataclass, fields, is_dataclass
from functools import lru_cache
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Any, Callable, Iterable

from analysis.schema import Table
from analysis.build.tables import TableError, allowed_values

Key = tuple[Any, ...]


def _column(records: list[Any], name: str, dicts: bool) -> list[Any]:
    """One column's raw values (None where a record lacks the field)."""
    if dicts:
        return [r.get(name) for r in records]
    try:
        return list(map(attrgetter(name), records))
    except AttributeError:
        return [getattr(r, name, None) for r in records]


def _formatted(values: list[Any], kind: str) -> list[Any]:
    """A column as written: lists ';'-joined, None as '' (-1 for a missing integer).

    The general path, for dicts and caller-given columns: it looks at every value's type.
    """
    types = set(map(type, values))
    if list in types or tuple in types:
        values = [";".join(str(x) for x in v) if type(v) in (list, tuple) else v
                  for v in values]
    if kind == "integer":
        if type(None) in types or str in types:
            values = [-1 if v is None or v == "" else int(v) for v in values]
    elif kind == "boolean":
        if types - {bool}:
            values = [bool(v) for v in values]
    elif type(None) in types:
        values = ["" if v is None else v for v in values]
    return values


@lru_cache(maxsize=None)
def _record_kinds(cls: type) -> dict[str, str]:
    """Field name -> 'list', 'int', 'bool' or 'str' for a record class (from its
    annotations: `list[str]` fields are lists, `int` fields always hold ints)."""
    out = {}
    for f in fields(cls):
        t = str(f.type)
        out[f.name] = ("list" if t.startswith(("list", "tuple")) else
                       "int" if t == "int" else "bool" if t == "bool" else
                       "str" if t == "str" else "any")
    return out


def _record_column(values: list[Any], kind: str, field_kind: str) -> list[Any]:
    """One column of typed records as written, trusting the record's annotation (no per-value
    type test: this runs for every column of every table of every document)."""
    if None in values:  # a record left a field empty: the general path
        return _formatted(values, kind)
    if field_kind == "list":
        return list(map(";".join, values))
    if (field_kind == "int" and kind == "integer") or (field_kind == "str" and kind == "string") \
            or (field_kind == "bool" and kind == "boolean"):
        return values
    return _formatted(values, kind)


def format_columns(table: Table, records: list[Any],
                   extra: dict[str, list[Any]] | None = None) -> list[list[Any]]:
    """Columns of `table` from records (or dicts), formatted as written, rows sorted by key.

    Args:
        table: the schema table.
        records: dataclass records or dicts, one per row.
        extra: whole columns computed by the caller (e.g. raw offsets, states).
    Returns:
        One list per column in file order, all in the table's key order (stable).
    """
    if not records:
        return [[] for _ in table.columns]
    extra = extra or {}
    dicts = isinstance(records[0], dict)
    kinds = {} if dicts or not is_dataclass(records[0]) else _record_kinds(type(records[0]))
    # every field a record has, read in one C call per record, then split into columns
    own = [c.name for c in table.columns if c.name not in extra and c.name in kinds]
    raw: dict[str, list[Any]] = {}
    if len(own) > 1:
        raw = dict(zip(own, map(list, zip(*map(attrgetter(*own), records)))))
    elif own:
        raw = {own[0]: list(map(attrgetter(own[0]), records))}
    cols = [_formatted(extra[c.name], c.type) if c.name in extra else
            _record_column(raw[c.name], c.type, kinds[c.name]) if c.name in raw else
            _formatted(_column(records, c.name, dicts), c.type) for c in table.columns]
    keys = [cols[table.names.index(k)] for k in table.key]
    order = sorted(range(len(records)), key=list(zip(*keys)).__getitem__)
    if order != list(range(len(order))):
        pick = itemgetter(*order) if len(order) > 1 else (lambda col: (col[order[0]],))
        cols = [list(pick(col)) for col in cols]
    return cols


def format_rows(table: Table, records: list[Any],
                extra: dict[str, list[Any]] | None = None) -> list[tuple[Any, ...]]:
    """Rows of `table` from records (or dicts), formatted as written and sorted by its key."""
    return list(zip(*format_columns(table, records, extra))) if records else []


def check_columns(table: Table, cols: list[list[Any]], where: str) -> None:
    """Raise `TableError` naming `where` when a table's columns break its schema.

    Checks required cells, enumerations and duplicate keys (rows in key order), column by
    column: this runs on every table of every document.

    Hand-written for speed, measured on the 1000-article synthetic corpus (claims.csv, 78,907
    rows): this check takes 0.2 s, `frictionless.validate` of the same table 16.4 s (without
    its foreign keys), i.e. ~80x, or minutes per build at 10,000 articles; per document it
    would also pay Frictionless's per-resource setup nine times. Frictionless validates the
    whole datapackage (types, enumerations, foreign keys) in the tests and CI instead
    (`tests/test_formats.py`, `.ci/run`). The enumerations are the schema's (`Column.enum`).
    """
    if not cols or not cols[0]:
        return
    names = table.names
    for j, c in enumerate(table.columns):
        if c.required and c.type == "string" and ("" in cols[j] or None in cols[j]):
            n = next(i for i, v in enumerate(cols[j], 1) if v in ("", None))
            raise TableError(f"{table.path}: {where}: row {n}: required column '{c.name}' "
                             "is empty")
        allowed = allowed_values(c)
        if allowed is not None:
            bad = set(map(str, cols[j])) - allowed
            if bad:
                raise TableError(f"{table.path}: {where}: column '{c.name}' has values "
                                 f"{sorted(bad)} outside {sorted(allowed)}")
    keys = list(zip(*(cols[names.index(k)] for k in table.key)))
    if len(set(keys)) != len(keys):
        dup = next(a for a, b in zip(keys, keys[1:]) if a == b)
        raise TableError(f"{table.path}: {where}: duplicate key {list(dup)}")


def check_rows(table: Table, rows: list[tuple[Any, ...]], where: str) -> None:
    """`check_columns` for rows."""
    if rows:
        check_columns(table, [list(c) for c in zip(*rows)], where)


def _quote(value: str) -> str:
    """One string cell as the csv module writes it (QUOTE_MINIMAL, line ends '\\n')."""
    if '"' in value:
        return '"' + value.replace('"', '""') + '"'
    if "," in value or "\n" in value:
        return '"' + value + '"'
    return value


def _cells(values: list[Any]) -> list[str]:
    """A column's cells as CSV text: what `csv.writer` writes, a column at a time.

    The csv module tests every character of every cell against the line terminator, which
    made writing a tenth of the per-document time; here a column with no comma, quote or
    newline anywhere (most of them) is checked in one pass and written as is.
    """
    types = set(map(type, values))
    if types != {str}:
        if types <= {int, bool}:
            return list(map(str, values))
        values = ["" if v is None else v if type(v) is str else str(v) for v in values]
    blob = "\x00".join(values)
    if '"' in blob or "," in blob or "\n" in blob:
        return [_quote(v) if ('"' in v or "," in v or "\n" in v) else v for v in values]
    return values


def csv_text(cols: list[list[Any]]) -> str:
    """Columns (all the same length) as CSV lines, byte for byte what `csv.writer` writes
    for the rows (multi-column tables: the lone-empty-cell case cannot occur)."""
    if not cols or not cols[0]:
        return ""
    if len(cols) == 1:
        return "\n".join(v if v != "" else '""' for v in _cells(cols[0])) + "\n"
    return "\n".join(map(",".join, zip(*map(_cells, cols)))) + "\n"


def csv_bytes(rows: list[list[Any]]) -> bytes:
    """Rows as UTF-8 CSV (`csv_text`, row-wise)."""
    return csv_text([list(c) for c in zip(*rows)]).encode("utf-8") if rows else b""


def read_rows(data: bytes) -> list[list[str]]:
    """Parse a piece's CSV bytes back into rows.

    The csv module refuses a cell over 128 KiB by default, and a claim or a sentence can be
    longer (an unclosed quotation runs to the end of its paragraph). No cell of a piece is
    longer than the piece, so the limit is lifted to its length while reading, then restored.
    """
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(data) + 1))
    try:
        return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    finally:
        csv.field_size_limit(limit)


@dataclass(frozen=True, slots=True)
class Piece:
    """One document's rows of one table: checked, sorted, formatted."""

    data: bytes
    n: int
    first: Key
    last: Key


def make_piece(table: Table, cols: list[list[Any]], where: str) -> Piece:
    """Check a document's sorted columns of a table and pack them as a `Piece`."""
    check_columns(table, cols, where)
    if not cols or not cols[0]:
        return Piece(b"", 0, (), ())
    pos = [table.names.index(k) for k in table.key]
    return Piece(csv_text(cols).encode("utf-8"), len(cols[0]),
                 tuple(cols[j][0] for j in pos), tuple(cols[j][-1] for j in pos))


@dataclass(slots=True)
class _Stored:
    """Where a piece was appended in its shard file."""

    doc_id: str
    offset: int
    length: int
    n: int
    first: Key
    last: Key


def _parse_key(table: Table, row: list[str]) -> Key:
    """The key of a row read back from CSV (integers as ints, as they were sorted)."""
    types = {c.name: c.type for c in table.columns}
    names = table.names
    return tuple(int(row[names.index(k)]) if types[k] == "integer" else row[names.index(k)]
                 for k in table.key)


class Shards:
    """Append-only shard files, one per table, inside a build's temporary folder."""

    def __init__(self, folder: Path, tables: Iterable[Table]):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.tables = {t.name: t for t in tables}
        self._files = {name: open(self.folder / f"{name}.shard", "w+b")
                       for name in self.tables}
        self._stored: dict[str, list[_Stored]] = {name: [] for name in self.tables}

    def add(self, doc_id: str, pieces: dict[str, Piece]) -> None:
        """Append one document's pieces (every table of the set, empty ones included)."""
        for name, piece in pieces.items():
            if not piece.n:
                continue
            fh = self._files[name]
            offset = fh.seek(0, io.SEEK_END)
            fh.write(piece.data)
            self._stored[name].append(_Stored(doc_id, offset, len(piece.data), piece.n,
                                              piece.first, piece.last))

    def rows(self, name: str) -> int:
        """Rows stored so far for a table."""
        return sum(s.n for s in self._stored[name])

    def write_table(self, name: str, dest: Path,
                    patch: Callable[[str, list[list[str]]], list[list[str]] | None] | None = None
                    ) -> int:
        """Write a table (header + pieces in key order) to `dest`; return its row count.

        Args:
            name: the table.
            dest: the CSV to write.
            patch: called with (doc_id, parsed rows) for every piece; returns replacement rows,
                or None to copy the piece's bytes unchanged (the common, fast case).
        """
        table = self.tables[name]
        stored = sorted(self._stored[name], key=lambda s: (s.first, s.doc_id))
        ordered = all(a.last < b.first for a, b in zip(stored, stored[1:]))
        fh = self._files[name]
        fh.flush()
        with open(dest, "w", encoding="utf-8", newline="") as out:
            csv.writer(out, lineterminator="\n").writerow(table.names)
        if not ordered:  # pieces overlap in key: sort every row of the table
            return self._write_sorted(table, stored, dest, patch)
        total = 0
        with open(dest, "ab") as out:
            for s in stored:
                fh.seek(s.offset)
                data = fh.read(s.length)
                if patch is not None:
                    rows = read_rows(data)
                    new = patch(s.doc_id, rows)
                    if new is not None:
                        data = csv_bytes(new)
                out.write(data)
                total += s.n
        return total

    def _write_sorted(self, table: Table, stored: list[_Stored], dest: Path,
                      patch: Callable[[str, list[list[str]]], list[list[str]] | None] | None
                      ) -> int:
        """Fallback for overlapping pieces: read, patch, sort and write every row."""
        fh = self._files[table.name]
        rows: list[list[str]] = []
        for s in stored:
            fh.seek(s.offset)
            part = read_rows(fh.read(s.length))
            if patch is not None:
                part = patch(s.doc_id, part) or part
            rows.extend(part)
        rows.sort(key=lambda r: _parse_key(table, r))
        with open(dest, "ab") as out:
            out.write(csv_bytes(rows))
        return len(rows)

    def close(self, remove: bool = True) -> None:
        """Close the shard files (and delete them)."""
        for fh in self._files.values():
            fh.close()
        if remove:
            shutil.rmtree(self.folder, ignore_errors=True)
