"""Static, deterministic figures of the network and the sourcing profile.

Every figure is drawn on a bare `matplotlib.figure.Figure` with the Agg canvas (pyplot's global
state and the notebook backend are left alone), inside a fixed rc context, and saved as PNG
without the "Software" metadata, so the same input gives byte-identical files. Beside each
PNG a CSV with the same stem holds the data drawn (edges with their attributes, or bar
counts), for reviewers who want the numbers. Layouts are deterministic: the state network
puts each bloc in its own column (bloc 0 on the left), the actor network uses a spring layout
seeded with `config.SEED` from a fixed initial position.
"""
from __future__ import annotations

import math
import textwrap
from collections import defaultdict
from pathlib import Path
from typing import Any

import matplotlib as mpl
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch

from analysis import config
from analysis.network import _int as network_int
from analysis.network import _str as network_str
from analysis.network import frustration_index, signed_blocs

FIGSIZE: tuple[float, float] = (10.0, 7.0)
DPI: int = 150
FONT_SIZE: float = 9.5

#: Fixed rc settings for every figure (svg.hashsalt keeps SVG ids stable as well).
RC: dict[str, Any] = {
    "svg.hashsalt": "analysis",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "font.size": FONT_SIZE,
    "axes.titlesize": 12,
    "legend.fontsize": 9,
    "legend.title_fontsize": 9.5,
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
}
if mpl.rcParams.get("svg.hashsalt") is None:  # stable SVG output for notebooks too
    mpl.rcParams["svg.hashsalt"] = RC["svg.hashsalt"]

SIGN_COLOURS: dict[int, str] = {1: "#2166ac", -1: "#d6272b", 0: "#8c8c8c"}
SIGN_LABELS: dict[int, str] = {1: "cooperative (+1)", -1: "hostile (\u22121)",
                               0: "neutral (0)"}
MODALITY_STYLES: dict[str, Any] = {
    "asserted": "solid",
    "hedged": (0, (5, 3)),
    "conditional": (0, (1, 2)),
    "forecast": (0, (6, 2, 1, 2)),
}
BLOC_COLOURS: tuple[str, ...] = ("#fdb863", "#b2abd2", "#a6dba0", "#f1b6da", "#c7eae5",
                                 "#dfc27d")
NO_BLOC_COLOUR: str = "#e0e0e0"
TYPE_COLOURS: dict[str, str] = {
    "state": "#fdb863", "government": "#b2abd2", "military": "#a6dba0", "person": "#f1b6da",
    "media": "#c7eae5", "source_group": "#dfc27d", "armed_group": "#f4a582",
    "international_org": "#92c5de", "bloc": "#d9d9d9",
}
OTHER_TYPE_COLOUR: str = "#ffffff"
FRUSTRATED_COLOUR: str = "#ffd92f"
ATTRIBUTIONS: tuple[str, ...] = ("author", "named", "group", "anonymous")
ATTRIBUTION_COLOURS: dict[str, str] = {"author": "#0072B2", "named": "#009E73",
                                       "group": "#E69F00", "anonymous": "#D55E00",
                                       "other": "#999999"}
_MINUS = "\u2212"


# --------------------------------------------------------------------------- helpers


# cell coercion is shared with the network module (one definition of "empty")
_s = network_str
_i = network_int


def _names(actors: pd.DataFrame | None) -> dict[str, str]:
    """Map actor_id -> name from the actors table."""
    if actors is None or len(actors) == 0 or "actor_id" not in actors.columns:
        return {}
    names = actors["name"] if "name" in actors.columns else actors["actor_id"]
    return {_s(a): _s(n) or _s(a) for a, n in zip(actors["actor_id"], names)}


def _new_figure(figsize: tuple[float, float] = FIGSIZE) -> Figure:
    """Return a bare Figure attached to an Agg canvas."""
    fig = Figure(figsize=figsize, dpi=DPI)
    FigureCanvasAgg(fig)
    return fig


def _save(fig: Figure, path_png: Path | str, table: pd.DataFrame) -> Path:
    """Save the figure as PNG (no Software metadata) and the table as CSV with the same stem."""
    path = Path(path_png)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="png", dpi=DPI, metadata={"Software": None})
    table.to_csv(path.with_suffix(".csv"), index=False, lineterminator="\n")
    return path


def _empty(ax: Axes, message: str) -> None:
    """Write a centred message on an empty axis."""
    ax.set_axis_off()
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=14, color="#555555",
            transform=ax.transAxes)


def _fmt_weight(weight: int) -> str:
    """Return a signed weight with a true minus sign."""
    return f"{weight:+d}".replace("-", _MINUS) if weight else "0"


def _wrap(text: str, width: int = 18) -> str:
    """Wrap a label onto lines of at most `width` characters."""
    return "\n".join(textwrap.wrap(text, width)) or text


def _curve_mid(p: np.ndarray, q: np.ndarray, rad: float) -> np.ndarray:
    """Return the midpoint of matplotlib's arc3 curve from p to q (equal-aspect axes)."""
    d = q - p
    return (p + q) / 2 + 0.5 * rad * np.array([d[1], -d[0]])


def _draw_edge(ax: Axes, p: np.ndarray, q: np.ndarray, *, colour: str, style: Any,
               width: float, rad: float = 0.0, arrow: bool = False, shrink: float = 12.0,
               zorder: float = 1.0, alpha: float = 1.0) -> None:
    """Draw one (possibly curved, possibly directed) edge between two points."""
    patch = FancyArrowPatch(
        tuple(p), tuple(q), arrowstyle="-|>" if arrow else "-", mutation_scale=14,
        connectionstyle=f"arc3,rad={rad:.4f}", color=colour, linewidth=width,
        linestyle=style, shrinkA=shrink, shrinkB=shrink, zorder=zorder, alpha=alpha,
        capstyle="butt", joinstyle="miter",
    )
    ax.add_patch(patch)


def _edge_label(ax: Axes, xy: np.ndarray, text: str, colour: str) -> None:
    """Write an edge label on a white box."""
    ax.text(xy[0], xy[1], text, fontsize=9, color=colour, ha="center", va="center",
            zorder=4, bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none",
                            "alpha": 0.85})


def _legends(fig: Figure, sections: list[tuple[str, list[Line2D]]], x: float = 0.775,
             top: float = 0.93) -> None:
    """Stack titled legends down the right margin of the figure."""
    line_h = 9 * 1.75 / (fig.get_figheight() * 72)
    y = top
    for title, handles in sections:
        if not handles:
            continue
        fig.legend(handles=handles, title=title, loc="upper left", bbox_to_anchor=(x, y),
                   frameon=False, alignment="left", handlelength=3.2)
        n_lines = sum(h.get_label().count("\n") + 1 for h in handles) + title.count("\n")
        y -= (n_lines + 1.4) * line_h


def _sign_handles(signs: set[int]) -> list[Line2D]:
    """Legend handles for the edge signs present."""
    return [Line2D([], [], color=SIGN_COLOURS[s], lw=2.5, label=SIGN_LABELS[s])
            for s in (1, -1, 0) if s in signs]


def _modality_handles(modalities: set[str]) -> list[Line2D]:
    """Legend handles for the modalities present (unknown ones drawn solid)."""
    return [Line2D([], [], color="#333333", lw=1.8, linestyle=MODALITY_STYLES[m], label=m)
            for m in MODALITY_STYLES if m in modalities]


def _node_handle(colour: str, label: str) -> Line2D:
    """Legend handle for a node colour."""
    return Line2D([], [], marker="o", linestyle="", markersize=10, markerfacecolor=colour,
                  markeredgecolor="#333333", label=label)


def _curve_points(p: np.ndarray, q: np.ndarray, rad: float, n: int = 21) -> np.ndarray:
    """Sample the arc3 quadratic Bezier from p to q (excluding the ends)."""
    d = q - p
    c = (p + q) / 2 + rad * np.array([d[1], -d[0]])
    t = np.linspace(0.08, 0.92, n)[:, None]
    return (1 - t) ** 2 * p + 2 * (1 - t) * t * c + t ** 2 * q


def _route(p: np.ndarray, q: np.ndarray, obstacles: list[np.ndarray], clearance: float,
           base: float = 0.0) -> float:
    """Pick the arc3 `rad` closest to `base` whose curve keeps `clearance` from other nodes.

    Candidates are tried in a fixed order (base, then bending more and more either way);
    if none keeps the clearance, the one with the most room wins. Deterministic.
    """
    if not obstacles:
        return base
    obs = np.array(obstacles)
    best_rad, best_room = base, -1.0
    for step in (0.0, 0.15, -0.15, 0.3, -0.3, 0.45, -0.45):
        rad = base + step
        pts = _curve_points(p, q, rad)
        room = float(np.min(np.linalg.norm(pts[:, None, :] - obs[None, :, :], axis=2)))
        if room >= clearance:
            return rad
        if room > best_room + 1e-9:
            best_rad, best_room = rad, room
    return best_rad


def _label_offset(node: str, pos: dict[str, np.ndarray], neighbours: list[str],
                  distance: float) -> tuple[np.ndarray, str, str]:
    """Place a node's label in the widest gap between its edges (8 directions).

    Returns the label position and its horizontal and vertical alignment.
    """
    here = pos[node]
    angles = [math.atan2(*(pos[v] - here)[::-1]) for v in neighbours
              if v != node and v in pos and np.linalg.norm(pos[v] - here) > 1e-9]
    best, best_score = -math.pi / 2, -math.inf
    # candidates in order of preference: below, above, the diagonals, then the sides
    # (side labels run along the edges, so they pay a penalty)
    for k, penalty in ((-2, 0.0), (2, 0.0), (-1, 0.15), (-3, 0.15), (1, 0.15), (3, 0.15),
                       (0, 0.4), (4, 0.4)):
        cand = k * math.pi / 4
        gap = min((abs((cand - a + math.pi) % (2 * math.pi) - math.pi) for a in angles),
                  default=math.pi)
        score = min(gap, 1.75) - penalty  # beyond ~100 degrees more room does not help
        if score > best_score + 1e-9:
            best, best_score = cand, score
    direction = np.array([math.cos(best), math.sin(best)])
    ha = "left" if direction[0] > 0.3 else ("right" if direction[0] < -0.3 else "center")
    va = "bottom" if direction[1] > 0.3 else ("top" if direction[1] < -0.3 else "center")
    return here + direction * distance, ha, va


def _frame_axes(ax: Axes, pos: dict[str, np.ndarray],
                margin: tuple[float, float] = (0.6, 0.6)) -> None:
    """Fit the axis to the node positions with a margin at equal aspect; hide the frame.

    The shorter data range is widened to the axes' own aspect ratio, so equal aspect holds
    without matplotlib adjusting the limits (or the box) behind our back.
    """
    xy = np.array(list(pos.values()))
    (x0, y0), (x1, y1) = xy.min(axis=0) - margin, xy.max(axis=0) + margin  # per axis
    fig = ax.get_figure()
    box = ax.get_position()
    box_ratio = (box.height * fig.get_figheight()) / (box.width * fig.get_figwidth())
    width, height = x1 - x0, y1 - y0
    if height / width < box_ratio:
        extra = (width * box_ratio - height) / 2
        y0, y1 = y0 - extra, y1 + extra
    else:
        extra = (height / box_ratio - width) / 2
        x0, x1 = x0 - extra, x1 + extra
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal", adjustable="box")
    ax.set_axis_off()


# --------------------------------------------------------------------------- layouts


def bloc_layout(blocs: dict[str, int], gap: float = 2.2,
                radius: float = 1.1) -> dict[str, np.ndarray]:
    """Place each bloc in its own column (bloc 0 leftmost), nodes on a circle inside it.

    Args:
        blocs: {node: bloc}; bloc -1 (no signed relation) goes on a row underneath.
        gap: Space left between the circles of neighbouring blocs.
        radius: Smallest circle radius; a bloc's circle grows with its size.

    Returns:
        {node: array([x, y])}, deterministic (nodes sorted within a bloc).
    """
    groups: dict[int, list[str]] = defaultdict(list)
    for node, b in sorted(blocs.items()):
        groups[b].append(node)
    pos: dict[str, np.ndarray] = {}
    real = sorted(b for b in groups if b >= 0)
    radii = {b: max(radius, 0.8 * len(groups[b]) / math.pi) for b in real}
    cx, prev = 0.0, None
    for b in real:
        members = groups[b]
        r = radii[b]
        if prev is not None:
            cx += radii[prev] + gap + r
        prev = b
        if len(members) == 1:
            pos[members[0]] = np.array([cx, 0.0])
        elif len(members) == 2:
            pos[members[0]] = np.array([cx, r * 0.8])
            pos[members[1]] = np.array([cx, -r * 0.8])
        else:
            for k, node in enumerate(members):
                angle = math.pi / 2 - 2 * math.pi * k / len(members)
                pos[node] = np.array([cx + r * math.cos(angle), r * math.sin(angle)])
    loose = groups.get(-1, [])
    if loose:
        y = -(max(radii.values()) + 1.4) if real else 0.0
        for k, node in enumerate(loose):
            pos[node] = np.array([cx / 2 + (k - (len(loose) - 1) / 2) * 1.6, y])
    return pos


def actor_layout(G: nx.Graph) -> dict[str, np.ndarray]:
    """Spring layout seeded with `config.SEED` from a fixed circular start (sorted nodes).

    Args:
        G: Any graph; direction and parallel edges are ignored.

    Returns:
        {node: array([x, y])} scaled to roughly [-3, 3].
    """
    nodes = sorted(G.nodes, key=str)
    H = nx.Graph()
    H.add_nodes_from(nodes)
    H.add_edges_from(sorted({tuple(sorted((str(u), str(v)))) for u, v in G.edges() if u != v}))
    if len(nodes) == 1:
        return {nodes[0]: np.array([0.0, 0.0])}
    start = {n: np.array([math.cos(2 * math.pi * k / len(nodes)),
                          math.sin(2 * math.pi * k / len(nodes))])
             for k, n in enumerate(nodes)}
    k_opt = 2.2 / math.sqrt(len(nodes))
    raw = nx.spring_layout(H, pos=start, k=k_opt, iterations=200, seed=config.SEED)
    xy = np.array([raw[n] for n in nodes], dtype=float)
    xy -= xy.mean(axis=0)
    _, vecs = np.linalg.eigh(np.cov(xy.T))
    xy = xy @ vecs[:, ::-1]  # principal axis horizontal: fills the landscape figure
    # fix the eigenvectors' arbitrary signs: first node left of centre and above it
    xy *= np.array([-1.0 if xy[0, 0] > 0 else 1.0, -1.0 if xy[0, 1] < 0 else 1.0])
    span = np.abs(xy).max() or 1.0
    xy *= 3.0 / span
    # a long thin layout would waste the figure: stretch its short axis (at most 2.5x)
    y_span = float(np.ptp(xy[:, 1]))
    if 0 < y_span < 0.55 * float(np.ptp(xy[:, 0])):
        xy[:, 1] *= min(2.5, 0.55 * float(np.ptp(xy[:, 0])) / y_span)
    return {n: np.round(xy[k], 6) for k, n in enumerate(nodes)}


# --------------------------------------------------------------------------- state network


def state_network_table(G_state: nx.Graph, actors: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the edges of the state figure with their attributes, blocs and frustration.

    Args:
        G_state: State graph from `network.state_graph`.
        actors: Actors table (names).

    Returns:
        Frame sorted by (a, b) with a, b, names, weight, sign, counts, modality, blocs,
        frustrated (whether the edge breaks balance) and relation_ids.
    """
    names = _names(actors)
    blocs = signed_blocs(G_state) if G_state.number_of_edges() else {}
    frustrated = set(frustration_index(G_state).frustrated_edges)
    rows = []
    for u, v, d in G_state.edges(data=True):
        a, b = sorted((str(u), str(v)))
        rows.append({
            "a": a, "b": b,
            "name_a": names.get(a) or _s(G_state.nodes[a].get("name")) or a,
            "name_b": names.get(b) or _s(G_state.nodes[b].get("name")) or b,
            "weight": _i(d.get("weight")), "sign": _i(d.get("sign")),
            "n_positive": _i(d.get("n_positive")), "n_negative": _i(d.get("n_negative")),
            "n_neutral": _i(d.get("n_neutral")), "modality": _s(d.get("modality")),
            "bloc_a": blocs.get(a, -1), "bloc_b": blocs.get(b, -1),
            "frustrated": (a, b) in frustrated, "relation_ids": _s(d.get("relation_ids")),
        })
    cols = ["a", "b", "name_a", "name_b", "weight", "sign", "n_positive", "n_negative",
            "n_neutral", "modality", "bloc_a", "bloc_b", "frustrated", "relation_ids"]
    return pd.DataFrame(rows, columns=cols).sort_values(["a", "b"]).reset_index(drop=True)


def plot_state_network(G_state: nx.Graph, actors: pd.DataFrame | None, path_png: Path | str,
                       title: str = "State network: signed relations and blocs") -> Path:
    """Draw the signed state network with blocs side by side; write PNG and CSV.

    Args:
        G_state: State graph from `network.state_graph`.
        actors: Actors table (node names).
        path_png: Where to write the PNG; the CSV of drawn edges goes beside it.
        title: Figure title.

    Returns:
        The PNG path.
    """
    table = state_network_table(G_state, actors)
    names = _names(actors)
    with mpl.rc_context(RC):
        fig = _new_figure()
        ax = fig.add_axes((0.02, 0.03, 0.74, 0.86))
        if G_state.number_of_nodes() == 0 or table.empty:
            _empty(ax, "No state-to-state relations to draw")
            fig.suptitle(title, x=0.02, ha="left", fontweight="bold")
            return _save(fig, path_png, table)
        blocs = signed_blocs(G_state)
        result = frustration_index(G_state)
        pos = bloc_layout(blocs)
        node_size = 1100.0
        shrink = math.sqrt(node_size) / 2 + 3
        neighbours: dict[str, list[str]] = defaultdict(list)
        for row in table.itertuples(index=False):
            neighbours[row.a].append(row.b)
            neighbours[row.b].append(row.a)
        labels = {n: _label_offset(n, pos, neighbours[n], 0.36) for n in sorted(pos)}
        for row in table.itertuples(index=False):
            p, q = pos[row.a], pos[row.b]
            others = [xy for n in sorted(pos) if n not in (row.a, row.b)
                      for xy in (pos[n], labels[n][0])]
            rad = _route(p, q, others, clearance=0.45)
            n_rel = row.n_positive + row.n_negative + row.n_neutral
            width = 1.4 + 1.1 * min(n_rel, 6)
            colour = SIGN_COLOURS[int(np.sign(row.sign))]
            if row.frustrated:
                _draw_edge(ax, p, q, colour=FRUSTRATED_COLOUR, style="solid",
                           width=width + 7, rad=rad, shrink=shrink, zorder=0.5)
            _draw_edge(ax, p, q, colour=colour,
                       style=MODALITY_STYLES.get(row.modality, "solid"), width=width,
                       rad=rad, shrink=shrink, zorder=1)
            label = _fmt_weight(row.weight) + (f" (n={n_rel})" if n_rel > 1 else "")
            _edge_label(ax, _curve_mid(p, q, rad), label, colour)
        for node in sorted(pos):
            x, y = pos[node]
            b = blocs.get(node, -1)
            colour = BLOC_COLOURS[b % len(BLOC_COLOURS)] if b >= 0 else NO_BLOC_COLOUR
            ax.scatter([x], [y], s=node_size, c=colour, edgecolors="#333333", linewidths=1.2,
                       zorder=2)
            ax.text(x, y, node, ha="center", va="center", fontsize=10, fontweight="bold",
                    zorder=3)
            name = names.get(node) or _s(G_state.nodes[node].get("name"))
            if name and name != node:
                xy, ha, va = labels[node]
                ax.text(xy[0], xy[1], _wrap(name), ha=ha, va=va, fontsize=9.5, zorder=3,
                        bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none",
                              "alpha": 0.8})
        for b in sorted({v for v in blocs.values() if v >= 0}):
            members = [pos[n] for n, v in blocs.items() if v == b]
            top = max(p[1] for p in members) + 0.85
            cx = float(np.mean([p[0] for p in members]))
            ax.text(cx, top, f"bloc {b}", ha="center", va="bottom", fontsize=10,
                    color="#444444", style="italic", zorder=3)
        _frame_axes(ax, pos, margin=(1.3, 1.0))
        signed = any(int(v) != 0 for v in table["sign"])
        sub = f" (frustration index {result.index})" if signed else ""
        fig.suptitle(title + sub, x=0.02, ha="left", fontweight="bold")
        present_blocs = sorted({v for v in blocs.values()})
        node_handles = [_node_handle(BLOC_COLOURS[b % len(BLOC_COLOURS)] if b >= 0
                                     else NO_BLOC_COLOUR,
                                     f"bloc {b}" if b >= 0 else "no signed relation")
                        for b in present_blocs]
        extra = []
        if result.frustrated_edges:
            extra = [Line2D([], [], color=FRUSTRATED_COLOUR, lw=7,
                            label="breaks balance\n(frustrated edge)")]
        _legends(fig, [
            ("Relation sign (edge label:\nsum of signs)", _sign_handles(set(
                int(np.sign(s)) for s in table["sign"])) + extra),
            ("Firmest modality", _modality_handles(set(table["modality"]))),
            ("Node colour", node_handles),
        ])
        return _save(fig, path_png, table)


# --------------------------------------------------------------------------- actor network


def actor_network_table(G_actor: nx.MultiDiGraph,
                        actors: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the edges of the actor figure (one row per relation), sorted by relation_id.

    Args:
        G_actor: Actor graph from `network.build_graph`.
        actors: Actors table (names).

    Returns:
        Frame with relation_id, source/target ids and names, relation, sign, modality and
        provenance columns. Self-relations are not drawn and not listed.
    """
    names = _names(actors)
    cols = ["relation_id", "source_id", "target_id", "source_name", "target_name",
            "relation", "sign", "modality", "polarity", "attribution", "asserted_by",
            "claim_id", "doc_id"]
    rows = []
    edges = (G_actor.edges(keys=True, data=True) if G_actor.is_multigraph()
             else ((u, v, f"{u}->{v}", d) for u, v, d in G_actor.edges(data=True)))
    for u, v, k, d in edges:
        if u == v:
            continue
        rows.append({
            "relation_id": str(k), "source_id": str(u), "target_id": str(v),
            "source_name": names.get(u) or _s(G_actor.nodes[u].get("name")) or str(u),
            "target_name": names.get(v) or _s(G_actor.nodes[v].get("name")) or str(v),
            **{c: _s(d.get(c)) for c in ("relation", "modality", "polarity", "attribution",
                                         "asserted_by", "claim_id", "doc_id")},
            "sign": _i(d.get("sign")),
        })
    return pd.DataFrame(rows, columns=cols).sort_values("relation_id").reset_index(drop=True)


def plot_actor_network(G_actor: nx.MultiDiGraph, actors: pd.DataFrame | None,
                       path_png: Path | str,
                       title: str = "Actor network: who does what to whom") -> Path:
    """Draw the directed, signed actor network (one arrow per relation); write PNG and CSV.

    Args:
        G_actor: Actor graph from `network.build_graph`.
        actors: Actors table (names and types).
        path_png: Where to write the PNG; the CSV of drawn edges goes beside it.
        title: Figure title.

    Returns:
        The PNG path.
    """
    table = actor_network_table(G_actor, actors)
    names = _names(actors)
    with mpl.rc_context(RC):
        fig = _new_figure()
        ax = fig.add_axes((0.02, 0.03, 0.74, 0.86))
        fig.suptitle(title, x=0.02, ha="left", fontweight="bold")
        if G_actor.number_of_nodes() == 0 or table.empty:
            _empty(ax, "No relations to draw")
            return _save(fig, path_png, table)
        pos = actor_layout(G_actor)
        node_size = 380.0
        shrink = math.sqrt(node_size) / 2 + 2
        groups: dict[tuple[str, str], list[Any]] = defaultdict(list)
        for row in table.itertuples(index=False):
            groups[tuple(sorted((row.source_id, row.target_id)))].append(row)
        label_edges = len(table) <= 40
        neighbours: dict[str, list[str]] = defaultdict(list)
        for a, b in groups:
            neighbours[a].append(b)
            neighbours[b].append(a)
        labels = {n: _label_offset(n, pos, neighbours[n], 0.2) for n in sorted(pos)}
        for pair in sorted(groups):
            rows = groups[pair]
            m = len(rows)
            others = [xy for n in sorted(pos) if n not in pair
                      for xy in (pos[n], labels[n][0])]
            # route the pair's middle line around other nodes, fan parallel edges around it
            shift = _route(pos[pair[0]], pos[pair[1]], others, clearance=0.35)
            for i, row in enumerate(rows):
                offset = shift + (0.0 if m == 1 else (i - (m - 1) / 2) * 0.3)
                rad = offset if (row.source_id, row.target_id) == pair else -offset
                p, q = pos[row.source_id], pos[row.target_id]
                colour = SIGN_COLOURS[int(np.sign(row.sign))]
                _draw_edge(ax, p, q, colour=colour,
                           style=MODALITY_STYLES.get(row.modality, "solid"), width=1.8,
                           rad=rad, arrow=True, shrink=shrink)
                if label_edges:
                    _edge_label(ax, _curve_mid(p, q, rad), row.relation.replace("_", " "),
                                colour)
        types = {}
        for node in sorted(pos):
            x, y = pos[node]
            ntype = _s(G_actor.nodes[node].get("type"))
            colour = TYPE_COLOURS.get(ntype, OTHER_TYPE_COLOUR)
            types[ntype or "unknown"] = colour
            ax.scatter([x], [y], s=node_size, c=colour, edgecolors="#333333",
                       linewidths=1.0, zorder=2)
            name = names.get(node) or _s(G_actor.nodes[node].get("name")) or node
            xy, ha, va = labels[node]
            ax.text(xy[0], xy[1], _wrap(name), ha=ha, va=va, fontsize=9.5, zorder=3,
                    bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none",
                          "alpha": 0.8})
        _frame_axes(ax, pos, margin=(1.2, 0.7))
        _legends(fig, [
            ("Relation sign", _sign_handles(set(int(np.sign(s)) for s in table["sign"]))),
            ("Modality of the claim", _modality_handles(set(table["modality"]))),
            ("Actor type", [_node_handle(c, t.replace("_", " "))
                            for t, c in sorted(types.items())]),
        ])
        return _save(fig, path_png, table)


# --------------------------------------------------------------------------- sourcing


def sourcing_table(claims: pd.DataFrame) -> pd.DataFrame:
    """Count claims by attribution per outlet (or per document when no outlet is known).

    Args:
        claims: Frame with the columns of `schema.CLAIMS`, optionally with `outlet`.

    Returns:
        Frame with group, n_claims, n_<attribution> and share_<attribution> for author,
        named, group, anonymous and other (any value outside the enumeration), sorted by
        group.
    """
    cats = list(ATTRIBUTIONS) + ["other"]
    cols = (["group", "n_claims"] + [f"n_{c}" for c in cats] + [f"share_{c}" for c in cats])
    if claims is None or len(claims) == 0:
        return pd.DataFrame(columns=cols)
    outlets = [_s(v) for v in claims["outlet"]] if "outlet" in claims.columns else None
    docs = [_s(v) for v in claims["doc_id"]] if "doc_id" in claims.columns else [""] * len(
        claims)
    groups = [(o or d) for o, d in zip(outlets, docs)] if outlets else docs
    attrs = [_s(a) for a in claims.get("attribution", pd.Series([""] * len(claims)))]
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(cats, 0))
    for g, a in zip(groups, attrs):
        counts[g or "(unknown)"][a if a in ATTRIBUTIONS else "other"] += 1
    rows = []
    for g in sorted(counts):
        n = sum(counts[g].values())
        row: dict[str, Any] = {"group": g, "n_claims": n}
        row.update({f"n_{c}": counts[g][c] for c in cats})
        row.update({f"share_{c}": round(counts[g][c] / n, 4) for c in cats})
        rows.append(row)
    return pd.DataFrame(rows, columns=cols)


def plot_sourcing_profile(claims: pd.DataFrame, path_png: Path | str,
                          title: str = "Sourcing profile: who is the claim attributed to?"
                          ) -> Path:
    """Draw a stacked horizontal bar per outlet of the share of each attribution; PNG + CSV.

    Args:
        claims: Frame with the columns of `schema.CLAIMS`, optionally with `outlet` merged in.
        path_png: Where to write the PNG; the CSV of counts goes beside it.
        title: Figure title.

    Returns:
        The PNG path.
    """
    table = sourcing_table(claims)
    cats = list(ATTRIBUTIONS) + (["other"] if table.get("n_other", pd.Series()).sum() else [])
    n = len(table)
    with mpl.rc_context(RC):
        fig = _new_figure((10.0, max(3.5, 1.8 + 0.6 * n)))
        ax = fig.add_axes((0.25, 0.18 if n else 0.05, 0.70, 0.62 if n else 0.8))
        fig.suptitle(title, x=0.02, ha="left", fontweight="bold")
        if n == 0:
            _empty(ax, "No claims to profile")
            return _save(fig, path_png, table)
        y = np.arange(n)[::-1]
        left = np.zeros(n)
        for c in cats:
            share = table[f"share_{c}"].to_numpy(dtype=float)
            ax.barh(y, share, left=left, color=ATTRIBUTION_COLOURS[c], edgecolor="white",
                    height=0.6, label=c)
            for yi, li, si in zip(y, left, share):
                if si >= 0.07:
                    ax.text(li + si / 2, yi, f"{si:.0%}", ha="center", va="center",
                            fontsize=9, color="white", fontweight="bold")
            left += share
        ax.set_yticks(y, [f"{g}\n(n={k})" for g, k in zip(table["group"], table["n_claims"])])
        ax.set_xlim(0, 1)
        ax.xaxis.set_major_formatter(mpl.ticker.PercentFormatter(1.0))
        ax.set_xlabel("share of claims")
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.legend(ncols=len(cats), loc="lower left", bbox_to_anchor=(0, 1.02), frameon=False)
        return _save(fig, path_png, table)

