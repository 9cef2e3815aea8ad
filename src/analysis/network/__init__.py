"""Relations -> signed actor network: graphs, metrics, blocs, structural balance, exports.

Three graphs are built from the `relations` table (columns of `schema.RELATIONS`) and the
`actors` table (`schema.ACTORS`):

- the **actor graph** (`build_graph`): a `MultiDiGraph` with one node per actor that appears
  in a relation and one edge per relation (key = `relation_id`), carrying its provenance
  (claim, document, claimant, attribution, modality, polarity, codes, trigger);
- the **state graph** (`state_graph`): actors collapsed to the state they belong to, undirected,
  the signs of all relations between two states summed;
- the **claimant graph** (`claimant_graph`): who speaks about whom;
- the **export graph** (`export_graph`): the actor graph with the relations between two
  actors of one type and sign aggregated into one edge, for the files a build writes.

Structural balance is measured on the state graph. The frustration index (Harary's line index
of balance) is the smallest number of signed edges whose removal makes the graph balanced,
i.e. the minimum over all 2-colourings of the nodes of the number of positive edges across
colours plus negative edges within a colour. Every cycle lies inside one biconnected component
(block), so the index is the sum over blocks; it is computed exactly by exhaustive search for
blocks of up to `EXACT_MAX_NODES` nodes; larger blocks get a deterministic heuristic whose
result is an upper bound, and the `method` string says which was used. Neutral (sign 0)
edges are ignored by every balance computation.

Everything is deterministic: nodes and edges are inserted in sorted order, ties are broken by
a documented rule, and the exports (GraphML, GEXF, node-link JSON) are byte-identical across
runs.

Modules (each imports only those before it): `common` (constants, helpers) -> `graphs`
(actor, export, state and claimant graphs) -> `balance` (frustration index, blocs, triads) ->
`prose` (the plain-English account and `balance_summary`) -> `systems` (conflict systems:
one state graph and balance per group of articles on one war, `systems_balance`) ->
`metrics` (node metrics, edge tables) -> `export` (GraphML, GEXF, node-link JSON writers).

The state graph's sign for a pair is the balance of its evidence (cooperative minus hostile
relations); each edge also says how many relations and documents stand behind it and whether
that balance is clear, weak or a tie (`evidence_label`).
"""
from analysis.network.balance import (EXACT_MAX_NODES, FrustrationResult, frustration_index,
                                      signed_blocs, triads)
from analysis.network.export import (sorted_copy, with_metrics, write_exports,
                                     write_network_files)
from analysis.network.graphs import (EVIDENCE_LABELS, build_graph, claimant_graph,
                                     evidence_label, export_graph, state_graph)
from analysis.network.metrics import edges_table, node_metrics, state_edges_table
from analysis.network.prose import balance_summary
from analysis.network.systems import conflict_systems, systems_balance

__all__ = ["EVIDENCE_LABELS", "EXACT_MAX_NODES", "FrustrationResult", "balance_summary",
           "build_graph", "claimant_graph", "conflict_systems", "edges_table", "evidence_label",
           "export_graph", "frustration_index", "node_metrics", "signed_blocs", "sorted_copy",
           "state_edges_table", "state_graph", "systems_balance", "triads", "with_metrics",
           "write_exports", "write_network_files"]
