"""Per-document pieces and their assembly (issue 7): the streamed tables equal sorted tables.

Tiny fixture tables, built by hand: a table written from pieces must be exactly the table
sorted by its key, whatever order the documents arrive in, and a broken row must stop the
build with one line naming the table, the document and the problem.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from analysis import network, schema
from analysis.schema import Column, Table
from analysis.build.shards import Shards, check_rows, format_columns, format_rows, make_piece
from analysis.build.tables import TableError

T = Table("things", "A test table.", (Column("doc_id", "string", "Document", True),
                                      Column("start", "integer", "Start", True),
                                      Column("tags", "string", "Tags"),
                                      Column("polarity", "string", "Polarity")),
          ("doc_id", "start"))
EDGES_LIKE = Table("edgy", "Keyed by an id that does not start with the document.",
                   (Column("rid", "string", "Id", True), Column("doc_id", "string", "Doc")),
                   ("rid",))


@dataclass
class Thing:
    doc_id: str
    start: int
    tags: list[str]
    polarity: str


def read(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def test_format_rows_sorts_joins_lists_and_fills_missing() -> None:
    rows = format_rows(T, [Thing("b", 5, ["x", "y"], "affirm"), Thing("a", 9, [], "deny"),
                           Thing("a", None, None, "affirm")])  # type: ignore[arg-type]
    assert rows == [("a", -1, "", "affirm"), ("a", 9, "", "deny"), ("b", 5, "x;y", "affirm")]
    dicts = format_rows(T, [{"doc_id": "a", "start": 2, "tags": ("p", "q")}])
    assert dicts == [("a", 2, "p;q", "")]


def test_check_rows_names_table_document_and_problem() -> None:
    with pytest.raises(TableError, match=r"things.csv: doc-7: row 1: required column 'doc_id'"):
        check_rows(T, [("", 1, "", "affirm")], "doc-7")
    with pytest.raises(TableError, match=r"duplicate key \['a', 1\]"):
        check_rows(T, [("a", 1, "", "affirm"), ("a", 1, "", "affirm")], "doc-7")
    claims = format_rows(schema.CLAIMS, [{"claim_id": "c1", "doc_id": "d", "sent_id": 0,
                                          "start": 0, "end": 3, "text": "abc",
                                          "attribution": "author", "polarity": "maybe",
                                          "modality": "asserted", "origin": "extracted"}])
    with pytest.raises(TableError, match=r"claims.csv: d: column 'polarity' has values "
                                         r"\['maybe'\]"):
        check_rows(schema.CLAIMS, claims, "d")


def test_pieces_in_any_order_make_the_sorted_table(tmp_path: Path) -> None:
    docs = {"d2": [Thing("d2", 3, [], "affirm"), Thing("d2", 1, ["t"], "deny")],
            "d10": [Thing("d10", 0, [], "affirm")],
            "d1": [Thing("d1", 7, [], "affirm")], "d3": []}
    shards = Shards(tmp_path / "shards", [T])
    for doc_id in ("d3", "d2", "d10", "d1"):  # arrival order (e.g. Dask) is not doc order
        shards.add(doc_id, {"things": make_piece(T, format_columns(T, docs[doc_id]), doc_id)})
    n = shards.write_table("things", tmp_path / "things.csv")
    shards.close()
    everything = [t for ts in docs.values() for t in ts]
    want = [[str(x) for x in r] for r in format_rows(T, everything)]
    assert read(tmp_path / "things.csv") == [T.names] + want
    assert n == 4 and not (tmp_path / "shards").exists()


def test_overlapping_pieces_fall_back_to_a_full_sort(tmp_path: Path) -> None:
    """Ids like 'a-b-r1' (doc 'a-b') sort before 'a-r1' (doc 'a'): pieces interleave."""
    shards = Shards(tmp_path / "shards", [EDGES_LIKE])
    shards.add("a", {"edgy": make_piece(EDGES_LIKE, format_columns(
        EDGES_LIKE, [{"rid": "a-r1", "doc_id": "a"}, {"rid": "a-z9", "doc_id": "a"}]), "a")})
    shards.add("a-b", {"edgy": make_piece(EDGES_LIKE, format_columns(
        EDGES_LIKE, [{"rid": "a-b-r1", "doc_id": "a-b"}, {"rid": "a-s1", "doc_id": "a-b"}]),
        "a-b")})
    shards.write_table("edgy", tmp_path / "edgy.csv")
    shards.close()
    assert [r[0] for r in read(tmp_path / "edgy.csv")[1:]] == ["a-b-r1", "a-r1", "a-s1", "a-z9"]


def test_patch_rewrites_only_the_pieces_it_asks_for(tmp_path: Path) -> None:
    shards = Shards(tmp_path / "shards", [T])
    for d in ("d1", "d2"):
        shards.add(d, {"things": make_piece(T, format_columns(T, [Thing(d, 0, [], "affirm")]), d)})
    seen: list[str] = []

    def patch(doc_id: str, rows: list[list[str]]) -> list[list[str]] | None:
        seen.append(doc_id)
        if doc_id != "d2":
            return None
        rows[0][2] = "linked"
        return rows

    shards.write_table("things", tmp_path / "things.csv", patch)
    shards.close()
    assert seen == ["d1", "d2"]
    assert read(tmp_path / "things.csv")[1:] == [["d1", "0", "", "affirm"],
                                                  ["d2", "0", "linked", "affirm"]]


def relations_fixture() -> tuple[pd.DataFrame, pd.DataFrame]:
    rows = [("r1", "AZE-MIL", "ARM", "attack", -1, "asserted", "d1"),
            ("r2", "AZE-MIL", "ARM", "attack", -1, "hedged", "d2"),
            ("r3", "AZE-MIL", "ARM", "support", 1, "asserted", "d2"),
            ("r4", "TUR", "AZE", "support", 1, "forecast", "d1"),
            ("r5", "ARM", "ARM", "accuse", -1, "asserted", "d1")]
    rel = pd.DataFrame([{"relation_id": r, "doc_id": d, "claim_id": f"{d}-c1", "source_id": s,
                         "target_id": t, "relation": k, "sign": sg, "modality": m,
                         "asserted_by": "X", "source_state": s[:3], "target_state": t[:3]}
                        for r, s, t, k, sg, m, d in rows])
    actors = pd.DataFrame([{"actor_id": a, "name": a, "type": "state" if len(a) == 3 else
                            "military", "country": a[:3], "parent_id": "", "state": a[:3]}
                           for a in ("AZE", "ARM", "TUR", "AZE-MIL")])
    return rel, actors


def test_export_graph_aggregates_and_keeps_node_metrics() -> None:
    rel, actors = relations_fixture()
    G = network.export_graph(rel, actors)
    assert isinstance(G, nx.MultiDiGraph)
    e = G.edges["AZE-MIL", "ARM", "attack|-1"]
    assert (e["n_relations"], e["weight"], e["sign"]) == (2, 2, -1)
    assert (e["relation_ids"], e["doc_ids"], e["modality"]) == ("r1;r2", "d1;d2", "asserted")
    assert G.number_of_edges() == 4  # attack, support, TUR support, ARM self
    S = network.state_graph(rel, actors)
    per_relation = network.node_metrics(network.build_graph(rel, actors), S, actors)
    aggregated = network.node_metrics(G, S, actors)
    pd.testing.assert_frame_equal(per_relation, aggregated)


def test_an_enumeration_declared_in_the_schema_is_enforced_per_document() -> None:
    """A value outside a column's enumeration stops the build naming table, document and
    the value; an optional enumerated column may stay empty."""
    table = Table("moods", "Enumerated.", (Column("doc_id", "string", "Doc", True),
                                           Column("start", "integer", "Start", True),
                                           Column("mood", "string", "Mood", enum=("calm",))),
                  ("doc_id", "start"))
    check_rows(table, [("d1", 0, "calm"), ("d1", 1, "")], "d1")
    with pytest.raises(TableError, match=r"moods\.csv: d1: column 'mood' has values \['angry'\]"):
        check_rows(table, [("d1", 0, "angry")], "d1")
