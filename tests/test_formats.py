"""The formats a user opens the data in: the datapackage (Frictionless), the Parquet copies
(pandas / pyarrow) and the network files (networkx / Gephi).

Most tests read the committed seed in `data/processed/` (test_build.py checks it equals a
fresh build); the ones that break a table work on a copy.
"""
from __future__ import annotations

import csv
import datetime
import json
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pandas as pd
import pyarrow.parquet as pq
import pytest
from frictionless import validate

from analysis import config, schema

PROCESSED = config.PROCESSED


def read_csv(name: str, folder: Path = PROCESSED) -> list[dict[str, str]]:
    with open(folder / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def errors_of(descriptor: Path) -> list[tuple[str, str, str]]:
    """(resource, error type, field) of every error frictionless reports."""
    report = validate(str(descriptor))
    return [(task.name, e.type, getattr(e, "field_name", "")) for task in report.tasks
            for e in task.errors] + [("", e.type, "") for e in report.errors]


@pytest.fixture
def broken_copy(tmp_path: Path):
    """A copy of the seed with one cell of one CSV replaced (the cell must hold `old`)."""
    def make(table: str, column: str, old: str, new: str) -> Path:
        folder = tmp_path / "processed"
        shutil.copytree(PROCESSED, folder)
        path = folder / f"{table}.csv"
        with open(path, encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        j = rows[0].index(column)
        hit = next(r for r in rows[1:] if r[j] == old)
        hit[j] = new
        with open(path, "w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows(rows)
        return folder / "datapackage.json"
    return make


# -- datapackage ---------------------------------------------------------------------------


def test_seed_datapackage_is_valid() -> None:
    assert errors_of(PROCESSED / "datapackage.json") == []


def test_datapackage_lists_every_file_a_build_writes() -> None:
    descriptor = json.loads((PROCESSED / "datapackage.json").read_text(encoding="utf-8"))
    listed = {r["path"] for r in descriptor["resources"]}
    on_disk = {p.name for p in PROCESSED.iterdir() if p.name != "datapackage.json"}
    assert listed == on_disk


def test_datapackage_types_published_as_date_and_lists_as_lists() -> None:
    descriptor = json.loads((PROCESSED / "datapackage.json").read_text(encoding="utf-8"))
    fields = {(r["name"], f["name"]): f for r in descriptor["resources"] if "schema" in r
              for f in r["schema"]["fields"]}
    assert fields[("documents", "published")]["type"] == "date"
    assert fields[("claims", "places")] | {"description": ""} == {
        "name": "places", "type": "list", "delimiter": ";", "itemType": "string",
        "description": ""}
    assert fields[("claims", "attribution")]["constraints"]["enum"] == [
        "author", "named", "group", "anonymous"]
    assert fields[("relations", "sign")]["constraints"]["enum"] == [-1, 0, 1]


@pytest.mark.parametrize("table,column,old,new,error", [
    ("claims", "claimant_id", "AZE", "NOBODY", "foreign-key"),      # claims -> actors
    ("claims", "doc_id", "southfront-2020-09-27", "elsewhere", "foreign-key"),  # -> documents
    ("relations", "claim_id", "southfront-2020-09-27-c008", "x-c1", "foreign-key"),  # -> claims
    ("relations", "target_id", "ARM", "ATLANTIS", "foreign-key"),   # relations -> actors
    ("mentions", "sent_id", "0", "999", "foreign-key"),             # mentions -> sentences
    ("claims", "attribution", "named", "rumour", "constraint-error"),
    ("claims", "modality", "asserted", "certain", "constraint-error"),
    ("documents", "published", "2020-09-27", "not a date", "type-error"),
])
def test_a_broken_reference_or_value_is_reported(broken_copy, table: str, column: str,
                                                 old: str, new: str, error: str) -> None:
    found = errors_of(broken_copy(table, column, old, new))
    assert found and {e[1] for e in found} == {error}, found
    assert {e[0] for e in found} == {table.replace("_", "-")}


def test_frictionless_command_line_passes_on_the_seed() -> None:
    """What the README tells a user to run (and CI runs)."""
    exe = Path(sys.executable).with_name("frictionless")
    proc = subprocess.run([str(exe), "validate", str(PROCESSED / "datapackage.json")],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:]


# -- Parquet -------------------------------------------------------------------------------


@pytest.mark.parametrize("table", schema.ALL, ids=lambda t: t.name)
def test_parquet_copy_holds_the_csv(table: schema.Table) -> None:
    csv_rows = read_csv(table.path)
    got = pq.read_table(PROCESSED / table.parquet_path).to_pylist()
    assert len(got) == len(csv_rows)
    for want, row in zip(csv_rows, got):
        assert list(row) == table.names
        for c in table.columns:
            value = row[c.name]
            if c.delimiter:
                assert value == [x for x in want[c.name].split(";") if x]
            elif c.type == "date":
                assert value == (datetime.date.fromisoformat(want[c.name])
                                 if want[c.name] else None)
            elif c.type == "boolean":
                assert value == (want[c.name] == "True")
            else:
                assert str(value) == want[c.name], (table.name, c.name)


def test_parquet_reads_into_pandas_with_real_types() -> None:
    claims = pd.read_parquet(PROCESSED / "claims.parquet")
    docs = pd.read_parquet(PROCESSED / "documents.parquet")
    assert claims["sent_id"].dtype == "int64"
    first = claims.loc[claims["places"].map(len) > 0, "places"].iloc[0]
    assert isinstance(list(first), list) and all(";" not in p for p in first)
    assert docs["published"].iloc[0] == datetime.date(2020, 9, 27)


def test_parquet_is_byte_identical_across_builds(tmp_path: Path) -> None:
    outs = [tmp_path / "a", tmp_path / "b"]
    for out in outs:
        proc = subprocess.run([sys.executable, "-m", "analysis", "build", "--out", str(out),
                               "--no-cache", "--quiet"], capture_output=True, text=True,
                              timeout=300)
        assert proc.returncode == 0, proc.stderr
    for t in schema.ALL:
        a, b = (out / t.parquet_path for out in outs)
        assert a.read_bytes() == b.read_bytes(), t.parquet_path
        assert a.read_bytes() == (PROCESSED / t.parquet_path).read_bytes(), t.parquet_path


# -- network files -------------------------------------------------------------------------

NODE_KEYS = {"label", "type", "country", "degree", "betweenness", "bloc"}


def _nodes_csv(level: str) -> dict[str, dict[str, str]]:
    return {r["node_id"]: r for r in read_csv("nodes.csv") if r["level"] == level}


@pytest.mark.parametrize("name,level", [("network.graphml", "actor"),
                                        ("state_network.graphml", "state")])
def test_graphml_nodes_carry_labels_metrics_and_blocs(name: str, level: str) -> None:
    G = nx.read_graphml(PROCESSED / name)
    want = _nodes_csv(level)
    assert set(G.nodes) == set(want)
    for n, d in G.nodes(data=True):
        assert NODE_KEYS <= set(d), (n, sorted(d))
        assert d["label"] == want[n]["name"]
        assert d["degree"] == int(want[n]["degree"])
        assert d["betweenness"] == pytest.approx(float(want[n]["betweenness"]))
        assert d["bloc"] == int(want[n]["bloc"])


def test_state_network_is_the_state_edge_list() -> None:
    G = nx.read_graphml(PROCESSED / "state_network.graphml")
    assert not G.is_directed()
    edges = {tuple(sorted((u, v))): d["sign"] for u, v, d in G.edges(data=True)}
    assert edges == {(r["a"], r["b"]): int(r["sign"]) for r in read_csv("state_edges.csv")}
    assert all(d["country"] == n for n, d in G.nodes(data=True) if d["type"] == "state")
    # the two sides of the war fall into different blocs
    assert G.nodes["AZE"]["bloc"] != G.nodes["ARM"]["bloc"]


def test_gexf_labels_are_names() -> None:
    G = nx.read_gexf(PROCESSED / "network.gexf")
    names = {n: r["name"] for n, r in _nodes_csv("actor").items()}
    assert {n: d["label"] for n, d in G.nodes(data=True)} == names
