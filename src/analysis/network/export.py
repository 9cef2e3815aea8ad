"""Deterministic, streaming GraphML / GEXF / node-link JSON writers, and the network files
of a build (actor and state level, nodes with labels, metrics and blocs)."""
from __future__ import annotations

import io
import json
import math
import re
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import networkx as nx
import numpy as np
import pandas as pd

from analysis.network.common import _str

# --------------------------------------------------------------------------- exports

#: Characters XML 1.0 does not allow; they are dropped from the GraphML and GEXF text.
_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

#: GraphML and GEXF type names of the cleaned attribute types (networkx's choice of names).
_XML_TYPES: dict[type, str] = {str: "string", int: "long", float: "double", bool: "boolean"}

#: Values the JSON writer may serialise without nesting (exact types).
_JSON_SCALARS: frozenset[type] = frozenset({str, int, float, bool, type(None)})

#: Attribute types that `_clean_value` returns unchanged.
_PLAIN_TYPES: frozenset[type] = frozenset({str, int, bool})

_GRAPHML_HEAD: str = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
    'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
)

_GEXF_HEAD: str = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    '<gexf xmlns="http://www.gexf.net/1.2draft" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" '
    'version="1.2">\n'
)


def _clean_value(value: Any) -> str | int | float | bool:
    """Coerce an attribute to a type GraphML/GEXF/JSON all hold (None -> "")."""
    kind = type(value)
    if kind is str or kind is int or kind is bool:  # the common cases, unchanged
        return value
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return "" if math.isnan(value) else float(value)
    if isinstance(value, (list, tuple, set)):
        return ";".join(sorted(_str(v) for v in value))
    return _str(value)


def _clean(attrs: dict[str, Any]) -> dict[str, Any]:
    """Return attrs with sorted keys and export-safe values."""
    out: dict[str, Any] = {}
    for k in sorted(attrs):
        v = attrs[k]
        kind = type(v)
        out[k if type(k) is str else str(k)] = (
            v if kind is str or kind is int else _clean_value(v))
    return out


def sorted_copy(G: nx.Graph) -> nx.Graph:
    """Return a copy of G (same class) with nodes and edges inserted in sorted order.

    Nodes are inserted sorted by `str(node)`, multigraph edges by `(str(key), str(u),
    str(v))` and simple-graph edges by `(str(u), str(v))`; the exports of `write_exports`
    list nodes and edges in the iteration order of this copy (without building it).

    Args:
        G: Any networkx graph.

    Returns:
        A new graph whose attributes are export-safe (no None; lists joined with `;`).
    """
    H = G.__class__()
    H.graph.update(_clean(G.graph))
    for n in sorted(G.nodes, key=str):
        H.add_node(n, **_clean(G.nodes[n]))
    if G.is_multigraph():
        edges = sorted(G.edges(keys=True, data=True), key=lambda e: (str(e[2]), str(e[0]),
                                                                     str(e[1])))
        for u, v, k, d in edges:
            H.add_edge(u, v, key=k, **_clean(d))
    else:
        for u, v, d in sorted(G.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
            H.add_edge(u, v, **_clean(d))
    return H


def _export_nodes(G: nx.Graph) -> list[Any]:
    """Return the nodes of G sorted by `str(node)` (stable), the order of the exports."""
    return sorted(G.nodes, key=str)


def _export_edges(G: nx.Graph, nodes: list[Any]) -> Iterable[tuple[Any, Any, Any, dict]]:
    """Yield (u, v, key, data) in the iteration order of `sorted_copy(G)` (key None if simple).

    That copy inserts the edges sorted as strings (multigraphs by key, u, v; simple graphs by
    u, v) and then iterates them grouped by their first end in node order (an undirected
    edge under whichever end comes first), the neighbours of a node in the order of their
    first inserted edge. The same order is produced here one node at a time, from G itself:
    `data` is G's own attribute dict, to be cleaned by the caller.
    """
    directed, multi = G.is_directed(), G.is_multigraph()
    rank = {n: i for i, n in enumerate(nodes)}
    # an undirected edge is sorted as G.edges() reports it: from the end G lists first
    g_pos = {} if directed else {n: i for i, n in enumerate(G)}
    adj = G._adj  # plain dicts: much faster than the G.adj views
    for u in nodes:
        here: list[tuple[tuple[str, ...], Any, Any, dict]] = []
        su = str(u)
        for v, data in adj[u].items():
            if directed:
                sa, sb = su, str(v)
            elif rank[v] < rank[u]:
                continue  # listed under v
            elif g_pos[u] <= g_pos[v]:
                sa, sb = su, str(v)
            else:
                sa, sb = str(v), su
            if multi:
                for k, d in data.items():
                    here.append(((str(k), sa, sb), v, k, d))
            else:
                here.append(((sa, sb), v, None, data))
        here.sort(key=lambda e: e[0])
        if multi:  # neighbours in the order of their first edge, each with its keys in order
            by_nbr: dict[Any, list[tuple[Any, dict]]] = {}
            for _, v, k, d in here:
                by_nbr.setdefault(v, []).append((k, d))
            for v, kds in by_nbr.items():
                for k, d in kds:
                    yield u, v, k, d
        else:
            for _, v, _, d in here:
                yield u, v, None, d


def _xml_text(text: str) -> str:
    """Escape text as XML character data, dropping characters XML 1.0 does not allow."""
    if not (text.isascii() and text.isprintable()):
        text = _XML_INVALID.sub("", text)
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:  # a raw CR would be read back as LF
        text = text.replace("\r", "&#13;")
    return text


def _xml_attr(text: str) -> str:
    """Escape text as a double-quoted XML attribute value, dropping disallowed characters."""
    text = _xml_text(text)  # invalid characters, & < > and CR, as for character data
    if '"' in text:
        text = text.replace('"', "&quot;")
    if "\n" in text:  # as ElementTree does: keep LF and TAB through attribute normalisation
        text = text.replace("\n", "&#10;")
    if "\t" in text:
        text = text.replace("\t", "&#09;")
    return text


def _graph_attrs(G: nx.Graph) -> tuple[Any, dict[str, Any]]:
    """Return the GraphML graph id (None if absent) and the other cleaned graph attributes."""
    attrs = _clean(G.graph)
    graph_id = attrs.pop("id", None)
    for reserved in ("node_default", "edge_default"):
        attrs.pop(reserved, None)
    return graph_id, attrs


def _gexf_node(n: Any, attrs: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Split cleaned node attributes into the GEXF label and the attvalues.

    The label is the `label` attribute, else `name`, else the node id.
    """
    if "label" not in attrs:
        return str(_str(attrs.get("name")) or n), attrs
    values = dict(attrs)
    return str(values.pop("label")), values


def _gexf_edge(k: Any, attrs: dict[str, Any],
               multi: bool) -> tuple[Any, dict[str, str], dict[str, Any]]:
    """Split cleaned edge attributes into GEXF id, XML attributes and attvalues (as networkx).

    The id is the `id` attribute, else the multigraph key, else None (to be numbered);
    `label` and a numeric `weight` (which Gephi reads) become XML attributes; a multigraph
    key is also kept as the `networkx_key` attvalue (which `nx.read_gexf` uses as the key),
    as is an attribute called `key`.
    """
    values = dict(attrs)
    if multi:
        values["key"] = _clean_value(k)
    eid = values.pop("id", None)
    if eid is None and multi:
        eid = str(k)
    xml: dict[str, str] = {}
    if "label" in values:
        xml["label"] = str(values.pop("label"))
    if type(values.get("weight")) in (int, float):
        xml["weight"] = str(values.pop("weight"))
    if "key" in values:  # renamed in place, as networkx does
        values = {("networkx_key" if name == "key" else name): v for name, v in values.items()}
    return eid, xml, values


@dataclass
class _Schema:
    """Attribute declarations of an export, from a first pass over its nodes and edges."""

    nodes: list[Any]
    #: node -> its id as an escaped XML attribute value
    xml_ids: dict[Any, str] = field(default_factory=dict)
    n_edges: int = 0
    #: (scope, name, type) -> GraphML key id d0, d1, ... in order of first use
    graphml_keys: dict[tuple[str, str, type], str] = field(default_factory=dict)
    #: title -> (GEXF attribute id, type of its first value), nodes numbered first
    gexf_node_attrs: dict[str, tuple[str, type]] = field(default_factory=dict)
    gexf_edge_attrs: dict[str, tuple[str, type]] = field(default_factory=dict)
    #: GEXF edge ids taken by `id` attributes of a simple graph (the others are numbered)
    gexf_ids: set[str] = field(default_factory=set)

    def declare(self, scope: str, attrs: dict[str, Any]) -> None:
        """Give each new (scope, name, type) of cleaned attributes the next GraphML key id."""
        keys = self.graphml_keys
        for name, value in attrs.items():
            sig = (scope, name, type(value))
            if sig not in keys:
                keys[sig] = f"d{len(keys)}"

    def declare_gexf(self, scope: str, values: dict[str, Any]) -> None:
        """Give each new GEXF attvalue title of a node or edge the next attribute id."""
        titles = self.gexf_node_attrs if scope == "node" else self.gexf_edge_attrs
        for title, value in values.items():
            if title not in titles:
                n_ids = len(self.gexf_node_attrs) + len(self.gexf_edge_attrs)
                titles[title] = (str(n_ids), type(value))


def _schema(G: nx.Graph, nodes: list[Any]) -> _Schema:
    """Collect the attribute declarations of G's exports (one pass over nodes and edges)."""
    multi = G.is_multigraph()
    schema = _Schema(nodes, {n: _xml_attr(str(n)) for n in nodes})
    schema.declare("graph", _graph_attrs(G)[1])
    for n in nodes:
        attrs = _clean(G._node[n])
        schema.declare("node", attrs)
        schema.declare_gexf("node", _gexf_node(n, attrs)[1])
    done: set[tuple] = set()  # attribute names and types already declared
    for _, _, k, d in _export_edges(G, nodes):
        schema.n_edges += 1
        if not multi and "id" in d:
            schema.gexf_ids.add(str(_clean_value(d["id"])))
        kinds = tuple(map(type, d.values()))
        sig = (tuple(d), kinds, type(k))
        if sig in done:
            continue
        if _PLAIN_TYPES.issuperset(kinds) and (k is None or type(k) in _PLAIN_TYPES):
            # other types may clean to another type (NaN -> ""), so they are checked each time
            done.add(sig)
        attrs = _clean(d)
        schema.declare("edge", attrs)
        schema.declare_gexf("edge", _gexf_edge(k, attrs, multi)[2])
    return schema


class _GraphML:
    """GraphML text of one graph, element by element, as `nx.write_graphml_xml` writes it.

    `<key>` elements come first (in reverse order of their ids, like networkx), a multigraph
    key is the edge `id`, the graph's `id` attribute is the graph element's id and its other
    attributes follow the edges. Bools are written True/False.
    """

    def __init__(self, G: nx.Graph, schema: _Schema) -> None:
        self.keys = schema.graphml_keys
        self.ids = schema.xml_ids
        self.multi = G.is_multigraph()
        self.directed = G.is_directed()
        self.graph_id, self.graph_attrs = _graph_attrs(G)
        self.empty = not schema.nodes and not self.graph_attrs  # no node: no edge either

    def data(self, scope: str, attrs: dict[str, Any], indent: str) -> str:
        """Return the `<data>` lines of cleaned attributes."""
        keys = self.keys
        lines = []
        for name, value in attrs.items():
            kid = keys[(scope, name, type(value))]
            text = _xml_text(value) if type(value) is str else str(value)
            if text:
                lines.append(f'{indent}<data key="{kid}">{text}</data>\n')
            else:
                lines.append(f'{indent}<data key="{kid}" />\n')
        return "".join(lines)

    def head(self) -> str:
        """Return the XML declaration, the keys and the opening graph tag."""
        lines = [_GRAPHML_HEAD]
        for (scope, name, kind), kid in reversed(self.keys.items()):
            lines.append(f'  <key id="{kid}" for="{scope}" attr.name="{_xml_attr(name)}" '
                         f'attr.type="{_XML_TYPES[kind]}" />\n')
        tag = f'  <graph edgedefault="{"directed" if self.directed else "undirected"}"'
        if self.graph_id is not None:
            tag += f' id="{_xml_attr(str(self.graph_id))}"'
        lines.append(tag + (" />\n" if self.empty else ">\n"))
        return "".join(lines)

    def node(self, n: Any, attrs: dict[str, Any]) -> str:
        """Return a `<node>` element."""
        head = f'    <node id="{self.ids[n]}"'
        if not attrs:
            return head + " />\n"
        return f'{head}>\n{self.data("node", attrs, "      ")}    </node>\n'

    def between(self) -> str:
        """Return what separates the nodes from the edges (nothing)."""
        return ""

    def edge(self, u: Any, v: Any, k: Any, attrs: dict[str, Any]) -> str:
        """Return an `<edge>` element."""
        head = f'    <edge source="{self.ids[u]}" target="{self.ids[v]}"'
        if self.multi:
            head += f' id="{_xml_attr(str(k))}"'
        if not attrs:
            return head + " />\n"
        return f'{head}>\n{self.data("edge", attrs, "      ")}    </edge>\n'

    def tail(self) -> str:
        """Return the graph attributes and the closing tags."""
        if self.empty:
            return "</graphml>\n"
        return self.data("graph", self.graph_attrs, "    ") + "  </graph>\n</graphml>\n"


class _Gexf:
    """GEXF 1.2 text of one graph, element by element, as `nx.write_gexf` writes it.

    No `lastmodifieddate` (for stable bytes). Attributes are declared by title with the
    type of their first value; edges without an id are numbered 0, 1, ... skipping the ids
    in use. Bools are written true/false, infinite floats INF/-INF.
    """

    def __init__(self, G: nx.Graph, schema: _Schema) -> None:
        self.schema = schema
        self.ids = schema.xml_ids
        self.multi = G.is_multigraph()
        self.directed = G.is_directed()
        self.name = str(_clean_value(G.graph.get("name", "")))
        self.used = set(schema.gexf_ids)
        self.number = 0

    @staticmethod
    def attvalues(titles: dict[str, tuple[str, type]], values: dict[str, Any]) -> str:
        """Return the `<attvalues>` block of a node or edge."""
        lines = ["        <attvalues>\n"]
        for title, value in values.items():
            kind = type(value)
            if kind is str:
                text = _xml_attr(value)
            elif kind is int:
                text = str(value)
            elif kind is bool:
                text = "true" if value else "false"
            elif kind is float:
                text = {"inf": "INF", "-inf": "-INF", "nan": "NaN"}.get(str(value), str(value))
            else:
                text = _xml_attr(str(value))
            lines.append(f'          <attvalue for="{titles[title][0]}" value="{text}" />\n')
        lines.append("        </attvalues>\n")
        return "".join(lines)

    def head(self) -> str:
        """Return the XML declaration, meta, attribute declarations and the nodes tag."""
        lines = [_GEXF_HEAD,
                 f"  <meta>\n    <creator>NetworkX {nx.__version__}</creator>\n  </meta>\n",
                 f'  <graph defaultedgetype="{"directed" if self.directed else "undirected"}" '
                 f'mode="static" name="{_xml_attr(self.name)}">\n']
        for cls, titles in (("edge", self.schema.gexf_edge_attrs),
                            ("node", self.schema.gexf_node_attrs)):
            if titles:
                lines.append(f'    <attributes mode="static" class="{cls}">\n')
                lines.extend(f'      <attribute id="{aid}" title="{_xml_attr(title)}" '
                             f'type="{_XML_TYPES[kind]}" />\n'
                             for title, (aid, kind) in titles.items())
                lines.append("    </attributes>\n")
        lines.append("    <nodes>\n" if self.schema.nodes else "    <nodes />\n")
        return "".join(lines)

    def node(self, n: Any, attrs: dict[str, Any]) -> str:
        """Return a `<node>` element."""
        label, values = _gexf_node(n, attrs)
        head = f'      <node id="{self.ids[n]}" label="{_xml_attr(label)}"'
        if not values:
            return head + " />\n"
        return f"{head}>\n{self.attvalues(self.schema.gexf_node_attrs, values)}      </node>\n"

    def between(self) -> str:
        """Return the closing nodes tag and the edges tag."""
        return (("    </nodes>\n" if self.schema.nodes else "")
                + ("    <edges>\n" if self.schema.n_edges else "    <edges />\n"))

    def edge(self, u: Any, v: Any, k: Any, attrs: dict[str, Any]) -> str:
        """Return an `<edge>` element."""
        eid, xml, values = _gexf_edge(k, attrs, self.multi)
        if eid is None:
            while str(self.number) in self.used:
                self.number += 1
            eid = self.number
            self.used.add(str(eid))
        head = (f'      <edge source="{self.ids[u]}" target="{self.ids[v]}" '
                f'id="{_xml_attr(str(eid))}"')
        for attr, text in xml.items():
            head += f' {attr}="{_xml_attr(text)}"'
        if not values:
            return head + " />\n"
        return f"{head}>\n{self.attvalues(self.schema.gexf_edge_attrs, values)}      </edge>\n"

    def tail(self) -> str:
        """Return the closing tags."""
        return ("    </edges>\n" if self.schema.n_edges else "") + "  </graph>\n</gexf>\n"


def _json_value(obj: Any, depth: int) -> str:
    """Return obj as JSON with sorted keys and one-space indent, nested `depth` levels deep.

    Equals the nested part of `json.dumps(..., sort_keys=True, indent=1, ensure_ascii=False)`;
    a flat dict goes through the C encoder, which the `indent` option would bypass.
    """
    if type(obj) is dict and obj and _JSON_SCALARS.issuperset(map(type, obj.values())):
        inner = "\n" + " " * (depth + 1)
        body = json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=("," + inner, ": "))
        return "{" + inner + body[1:-1] + "\n" + " " * depth + "}"
    text = json.dumps(obj, sort_keys=True, indent=1, ensure_ascii=False)
    return text.replace("\n", "\n" + " " * depth)  # JSON strings hold no raw newline


class _NodeLinkJson:
    """Node-link JSON text of one graph, one edge at a time.

    The text equals `json.dumps(nx.node_link_data(sorted_copy(G), edges="links"),
    sort_keys=True, indent=1, ensure_ascii=False) + "\\n"`.
    """

    def __init__(self, G: nx.Graph, schema: _Schema) -> None:
        self.G = G
        self.nodes = schema.nodes
        self.multi = G.is_multigraph()
        self.first = True

    def head(self) -> str:
        """Return the text up to the links."""
        return (f'{{\n "directed": {json.dumps(self.G.is_directed())},\n'
                f' "graph": {_json_value(_clean(self.G.graph), 1)},\n "links": [')

    def node(self, n: Any, attrs: dict[str, Any]) -> str:
        """Return nothing: the nodes come after the links (sorted keys)."""
        return ""

    def between(self) -> str:
        """Return what separates the nodes from the edges (nothing)."""
        return ""

    def edge(self, u: Any, v: Any, k: Any, attrs: dict[str, Any]) -> str:
        """Return one link."""
        link = {**attrs, "source": u, "target": v}
        if self.multi:
            link["key"] = k
        sep = "\n  " if self.first else ",\n  "
        self.first = False
        return sep + _json_value(link, 2)

    def tail(self) -> str:
        """Return the end of the links and the nodes (a second, cheap pass over them)."""
        G, nodes = self.G, self.nodes
        items = ",\n  ".join(_json_value({**_clean(G._node[n]), "id": n}, 2) for n in nodes)
        return (("]" if self.first else "\n ]")
                + f',\n "multigraph": {json.dumps(self.multi)},\n "nodes": ['
                + (f"\n  {items}\n ]" if nodes else "]") + "\n}\n")


def _open_text(path: Path) -> io.TextIOWrapper:
    """Open path for writing UTF-8 text with "\\n" line ends."""
    return open(path, "w", encoding="utf-8", newline="")


#: Export formats: file suffix -> writer class.
_FORMATS: dict[str, type] = {"graphml": _GraphML, "gexf": _Gexf, "json": _NodeLinkJson}


def write_exports(G: nx.Graph, out_dir: Path | str, stem: str = "network",
                  formats: tuple[str, ...] = ("graphml", "gexf", "json")) -> list[Path]:
    """Write G as GraphML, GEXF and node-link JSON, byte-identical across runs.

    The files are streamed together, element by element, after a first pass that
    collects the attribute declarations; memory does not grow with the number of edges.
    Nodes and edges come in the order of `sorted_copy(G)`, attributes are cleaned by
    `_clean`, and characters XML 1.0 does not allow are dropped from the XML files.

    Args:
        G: Graph to export (usually the actor graph from `build_graph`).
        out_dir: Folder to write into (created if missing).
        stem: File name stem (default "network").
        formats: which of `graphml`, `gexf`, `json` to write, in this order.

    Returns:
        Paths of `<stem>.<format>` for each format.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    nodes = _export_nodes(G)
    schema = _schema(G, nodes)
    paths = [out / f"{stem}.{fmt}" for fmt in formats]
    writers = [_FORMATS[fmt](G, schema) for fmt in formats]
    with ExitStack() as stack:
        files = [stack.enter_context(_open_text(p)) for p in paths]
        sinks = [(fmt, fh.write) for fmt, fh in zip(writers, files)]
        for fmt, write in sinks:
            write(fmt.head())
        for n in nodes:
            attrs = _clean(G._node[n])
            for fmt, write in sinks:
                write(fmt.node(n, attrs))
        for fmt, write in sinks:
            write(fmt.between())
        for u, v, k, d in _export_edges(G, nodes):
            attrs = _clean(d)
            for fmt, write in sinks:
                write(fmt.edge(u, v, k, attrs))
        for fmt, write in sinks:
            write(fmt.tail())
    return paths


#: Node metrics the network files carry, from the nodes table (`schema.NODES`).
NODE_METRICS: tuple[str, ...] = ("degree", "weighted_degree", "betweenness", "bloc")


def with_metrics(G: nx.Graph, nodes: pd.DataFrame, level: str,
                 actors: pd.DataFrame | None = None) -> nx.Graph:
    """A copy of G whose nodes carry what Gephi and networkx users look for.

    Every node gets `label` (its name), `type`, `country` (ISO3; a state is its own
    country) and the metrics of the nodes table: degree, weighted_degree, betweenness and
    bloc (-1: none). The metrics are computed once, in `metrics.node_metrics`; this only
    copies them onto the nodes, so the files and nodes.csv always agree.

    Args:
        G: the actor graph (level "actor") or the state graph (level "state").
        nodes: the nodes table (columns of `schema.NODES`).
        level: which rows of `nodes` describe G's nodes.
        actors: the actors table, for the country of state-level nodes.
    """
    rows = nodes[nodes["level"] == level]
    metrics = {n: dict(zip(NODE_METRICS, vals)) for n, *vals in
               zip(rows["node_id"], *(rows[m] for m in NODE_METRICS))}
    types = dict(zip(rows["node_id"], rows["type"]))
    countries = ({} if actors is None else
                 dict(zip(actors["actor_id"].astype(str), actors["country"].astype(str))))
    H = G.copy()
    for n, d in H.nodes(data=True):
        d["label"] = _str(d.get("name")) or str(n)
        d["type"] = _str(d.get("type")) or _str(types.get(n))
        if "country" not in d:
            d["country"] = countries.get(n, "") or (str(n) if d["type"] == "state" else "")
        m = metrics.get(n, {})
        for name in NODE_METRICS:
            value = m.get(name, -1 if name == "bloc" else 0)
            d[name] = float(value) if name == "betweenness" else int(value)
    return H


def write_network_files(out_dir: Path | str, G_actor: nx.Graph, G_state: nx.Graph,
                        nodes: pd.DataFrame, actors: pd.DataFrame) -> list[Path]:
    """Write the actor network (`network.graphml/.gexf/.json`) and the state-level network
    (`state_network.graphml/.gexf`), nodes labelled and carrying their metrics and blocs."""
    paths = write_exports(with_metrics(G_actor, nodes, "actor", actors), out_dir, "network")
    paths += write_exports(with_metrics(G_state, nodes, "state", actors), out_dir,
                           "state_network", formats=("graphml", "gexf"))
    return paths
