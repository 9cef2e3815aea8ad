"""Static, deterministic figures of the network and the sourcing profile.

Every figure is drawn on a bare `matplotlib.figure.Figure` with the Agg canvas (pyplot's global
state and the notebook backend are left alone), inside a fixed rc context, and saved as PNG
without the "Software" metadata, so the same input gives byte-identical files. Beside each
PNG a CSV with the same stem holds the data drawn (edges with their attributes, or bar
counts), for reviewers who want the numbers. Layouts are deterministic: the state network
puts each bloc in its own column (bloc 0 on the left); the actor network lays out each
connected component on its own (spring layout seeded with `config.SEED`, refined by stress
majorisation) and packs the components, largest first. Node names and edge labels are
measured and placed where they cover no node and no other text.
"""
from __future__ import annotations

import math
import textwrap
from collections import defaultdict
from dataclasses import dataclass
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
from analysis.vocab import Attribution
from analysis.network.common import _int as network_int
from analysis.network.common import _str as network_str
from analysis.network import balance_summary
from analysis.report.safe_csv import neutralise, write_csv

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
ATTRIBUTIONS: tuple[str, ...] = tuple(a.value for a in Attribution)
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
    """Save the figure as PNG (no Software metadata) and the table as CSV with the same stem.

    The CSV is for reviewers who open it in a spreadsheet, and its text cells come from the
    articles and the manifest (names, titles, outlets): a cell that a spreadsheet would run
    as a formula (`=HYPERLINK(...)`) is neutralised as in `reports/spreadsheet/`.
    """
    path = Path(path_png)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="png", dpi=DPI, metadata={"Software": None})
    write_csv(neutralise(table), path.with_suffix(".csv"))
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


def _label_wrap(text: str, width: int = 18, max_lines: int = 3) -> str:
    """Wrap a node label; a long name gets wider lines rather than more than `max_lines`."""
    while len(textwrap.wrap(text, width)) > max_lines and width < 40:
        width += 2
    return _wrap(text, width)


# --------------------------------------------------------------------------- geometry
#
# The network figures are drawn in an axis whose data unit is one inch (limits 0..width and
# 0..height of the axes box), so node discs, text boxes and distances are all compared in
# the unit the reader sees. Text boxes are measured with the Agg renderer and placed greedily
# among a fixed, ordered list of candidates; every step is deterministic.

#: Axes box of the network figures (figure fraction); the legends take the right margin.
NETWORK_AXES: tuple[float, float, float, float] = (0.02, 0.03, 0.74, 0.86)
#: Gap between a node's rim and its label, and between a curve and what it avoids (inches).
LABEL_GAP: float = 0.04
CLEARANCE: float = 0.06
#: One edge of the actor layout gets at least this many inches; a bigger graph enlarges the
#: figure (same aspect, at most `MAX_GROWTH` times) rather than shrinking the text.
MIN_UNIT: float = 0.8
MAX_GROWTH: float = 1.6
#: The axes of a network figure get at least this many times the area of their text.
TEXT_ROOM: float = 4.5
#: Nodes of the actor figure are at least this far apart (inches), `WIDE` times that side
#: by side, so names fit between them.
MIN_NODE_DIST: float = 0.8
WIDE: float = 1.45
#: Room (inches) between the rims of neighbouring nodes of the state figure.
STATE_GAP: float = 0.45
#: Above this many arrows the actor figure drops the edge labels (the CSV keeps them).
MAX_EDGE_LABELS: int = 60


def _inch_axes(fig: Figure, rect: tuple[float, float, float, float] = NETWORK_AXES
               ) -> tuple[Axes, float, float]:
    """Add an axis whose data coordinates are inches from its lower-left corner."""
    ax = fig.add_axes(rect)
    width, height = rect[2] * fig.get_figwidth(), rect[3] * fig.get_figheight()
    ax.set_xlim(0.0, width)
    ax.set_ylim(0.0, height)
    ax.set_axis_off()
    return ax, width, height


def _radius(node_size: float) -> float:
    """Radius in inches of a scatter marker of area `node_size` (points squared)."""
    return math.sqrt(node_size) / 2 / 72


def _curve_at(p: np.ndarray, q: np.ndarray, rad: float, t: np.ndarray | float) -> np.ndarray:
    """Points at parameter(s) `t` on matplotlib's arc3 quadratic Bezier from p to q."""
    d = q - p
    c = (p + q) / 2 + rad * np.array([d[1], -d[0]])
    t = np.asarray(t, dtype=float)[..., None]
    return (1 - t) ** 2 * p + 2 * (1 - t) * t * c + t ** 2 * q


def _curve_points(p: np.ndarray, q: np.ndarray, rad: float, n: int = 21,
                  lo: float = 0.08, hi: float = 0.92) -> np.ndarray:
    """Sample the arc3 curve from p to q (the ends, under the nodes, left out)."""
    return _curve_at(p, q, rad, np.linspace(lo, hi, n))


def _line_samples(p: np.ndarray, q: np.ndarray, rad: float, cut: float,
                  step: float = 0.04) -> np.ndarray:
    """Points every ~`step` inches along an edge, leaving `cut` inches free at both ends."""
    length = float(np.linalg.norm(q - p)) * (1 + abs(rad))
    if length <= 2 * cut:
        return np.zeros((0, 2))
    n = max(2, int(length / step))
    lo = min(0.49, cut / length)
    return _curve_at(p, q, rad, np.linspace(lo, 1 - lo, n))


def _disc_box(xy: np.ndarray, r: float) -> np.ndarray:
    """Bounding box (x0, y0, x1, y1) of a disc."""
    return np.array([xy[0] - r, xy[1] - r, xy[0] + r, xy[1] + r])


def _overlap_area(box: np.ndarray, boxes: np.ndarray) -> float:
    """Total area shared by `box` and each of `boxes` (n x 4)."""
    if len(boxes) == 0:
        return 0.0
    w = np.minimum(box[2], boxes[:, 2]) - np.maximum(box[0], boxes[:, 0])
    h = np.minimum(box[3], boxes[:, 3]) - np.maximum(box[1], boxes[:, 1])
    return float(np.sum(np.clip(w, 0, None) * np.clip(h, 0, None)))


def _outside_area(box: np.ndarray, limits: np.ndarray) -> float:
    """Area of `box` that lies outside `limits`."""
    return float((box[2] - box[0]) * (box[3] - box[1])) - _overlap_area(box, limits[None, :])


def _box_distance(points: np.ndarray, boxes: np.ndarray) -> float:
    """Smallest distance from any of `points` to any of `boxes` (0 when one is inside)."""
    if len(points) == 0 or len(boxes) == 0:
        return math.inf
    px, py = points[:, 0][:, None], points[:, 1][:, None]
    dx = np.maximum(np.maximum(boxes[:, 0][None, :] - px, px - boxes[:, 2][None, :]), 0.0)
    dy = np.maximum(np.maximum(boxes[:, 1][None, :] - py, py - boxes[:, 3][None, :]), 0.0)
    return float(np.min(np.hypot(dx, dy)))


def _points_inside(box: np.ndarray, points: np.ndarray) -> int:
    """How many of `points` fall inside `box`."""
    if len(points) == 0:
        return 0
    return int(np.sum((points[:, 0] > box[0]) & (points[:, 0] < box[2])
                      & (points[:, 1] > box[1]) & (points[:, 1] < box[3])))


def _stack(boxes: list[np.ndarray]) -> np.ndarray:
    """List of boxes -> n x 4 array (also when empty)."""
    return np.array(boxes, dtype=float).reshape(-1, 4)


def _box_cost(box: np.ndarray, obstacles: np.ndarray, limits: np.ndarray,
              lines: np.ndarray) -> float:
    """Cost of a text box: overlapping text or nodes, or leaving the axes, costs most;
    covering edge lines costs a little."""
    bad = _overlap_area(box, obstacles) + _outside_area(box, limits)
    return (1.0 if bad > 1e-6 else 0.0) + 100.0 * bad + 0.004 * _points_inside(box, lines)


class _Label:
    """A text artist with its measured size (inches, padding of its white box included)."""

    def __init__(self, ax: Axes, renderer: Any, text: str, fontsize: float, pad: float,
                 **kwargs: Any) -> None:
        self.artist = ax.text(0.0, 0.0, text, fontsize=fontsize, ha="center", va="center",
                              multialignment="center", zorder=kwargs.pop("zorder", 3),
                              bbox={"boxstyle": f"round,pad={pad}", "fc": "white",
                                    "ec": "none", "alpha": kwargs.pop("alpha", 0.85)},
                              **kwargs)
        extent = self.artist.get_window_extent(renderer)
        margin = 2 * pad * fontsize / 72
        self.width = extent.width / DPI + margin
        self.height = extent.height / DPI + margin
        self.box = np.zeros(4)

    def box_at(self, centre: np.ndarray) -> np.ndarray:
        """The label's box if centred on `centre`."""
        return np.array([centre[0] - self.width / 2, centre[1] - self.height / 2,
                         centre[0] + self.width / 2, centre[1] + self.height / 2])

    def put(self, centre: np.ndarray) -> None:
        """Move the label to `centre`."""
        self.artist.set_position((float(centre[0]), float(centre[1])))
        self.box = self.box_at(centre)


#: Node label directions in order of preference (below, above, diagonals, sides) with the
#: small penalty that encodes the preference.
_DIRECTIONS: tuple[tuple[float, float, float], ...] = (
    (0.0, -1.0, 0.0), (0.0, 1.0, 0.01), (1.0, -1.0, 0.03), (-1.0, -1.0, 0.03),
    (1.0, 1.0, 0.04), (-1.0, 1.0, 0.04), (1.0, 0.0, 0.05), (-1.0, 0.0, 0.05),
)


def _node_label_candidates(xy: np.ndarray, r: float, label: _Label
                           ) -> list[tuple[np.ndarray, float]]:
    """Candidate centres for a node's label (touching the node, then a little further)."""
    out = []
    for extra, penalty in ((0.0, 0.0), (0.14, 0.06), (0.32, 0.12)):
        for dx, dy, pref in _DIRECTIONS:
            u = np.array([dx, dy]) / math.hypot(dx, dy)
            centre = xy + (r + LABEL_GAP + extra) * u + np.array(
                [math.copysign(label.width / 2, dx) if dx else 0.0,
                 math.copysign(label.height / 2, dy) if dy else 0.0])
            out.append((centre, pref + penalty))
    return out


def _place_node_labels(pos: dict[str, np.ndarray], labels: dict[str, _Label], r: float,
                       limits: np.ndarray, lines: np.ndarray, order: list[str],
                       extra: list[np.ndarray] | None = None) -> None:
    """Place node labels greedily (in `order`), then revise each once knowing the others."""
    discs = {n: _disc_box(pos[n], r) for n in pos}
    fixed = list(discs.values()) + list(extra or [])
    placed: dict[str, np.ndarray] = {}
    for rnd in range(3):
        for node in order:
            if node not in labels:
                continue
            others = _stack(fixed + [b for m, b in placed.items() if m != node])
            best, best_cost = None, math.inf
            for centre, penalty in _node_label_candidates(pos[node], r, labels[node]):
                box = labels[node].box_at(centre)
                own = _overlap_area(box, discs[node][None, :])  # never cover its own node
                cost = _box_cost(box, others, limits, lines) + penalty + 100.0 * own
                if cost < best_cost - 1e-9:
                    best, best_cost = centre, cost
            labels[node].put(best)
            placed[node] = labels[node].box
        if rnd == 0 and len(order) < 2:
            break


def _route(p: np.ndarray, q: np.ndarray, obstacles: np.ndarray,
           clearance: float = CLEARANCE, base: float = 0.0) -> float:
    """Pick the arc3 `rad` closest to `base` whose curve keeps `clearance` from `obstacles`.

    Candidates are tried in a fixed order (base, then bending more and more either way);
    if none keeps the clearance, the one with the most room wins. Deterministic.
    """
    if len(obstacles) == 0:
        return base
    best_rad, best_room = base, -1.0
    for step in (0.0, 0.12, -0.12, 0.24, -0.24, 0.36, -0.36, 0.5, -0.5):
        rad = base + step
        room = _box_distance(_curve_points(p, q, rad, n=31, lo=0.1, hi=0.9), obstacles)
        if room >= clearance:
            return rad
        if room > best_room + 1e-9:
            best_rad, best_room = rad, room
    return best_rad


def _fan(shift: float, m: int, length: float) -> list[float]:
    """`rad` of m parallel curves around `shift`, spread so their midpoints are ~0.24 in
    apart (a label's height), but never bent beyond +-0.85."""
    if m == 1:
        return [shift]
    step = max(0.2, 0.48 / max(length, 1e-6))
    step = min(step, 1.7 / (m - 1))
    return [shift + (i - (m - 1) / 2) * step for i in range(m)]


def _tangent(p: np.ndarray, q: np.ndarray, rad: float, t: float) -> np.ndarray:
    """Unit tangent of the arc3 curve from p to q at parameter t."""
    d = q - p
    c = (p + q) / 2 + rad * np.array([d[1], -d[0]])
    v = 2 * (1 - t) * (c - p) + 2 * t * (q - c)
    return v / (np.linalg.norm(v) or 1.0)


def _arrow_tip(p: np.ndarray, q: np.ndarray, rad: float, r: float,
               size: float = 0.07) -> np.ndarray:
    """Box round the arrow head of the curve from p to q (the head stops at the node rim)."""
    length = float(np.linalg.norm(q - p)) or 1.0
    tip = _curve_at(p, q, rad, max(0.5, 1 - (r + size) / length))
    return np.array([tip[0] - size, tip[1] - size, tip[0] + size, tip[1] + size])


#: Where an edge label may go along its curve, from the middle outwards.
_ALONG: tuple[float, ...] = (0.5, 0.44, 0.56, 0.38, 0.62, 0.32, 0.68, 0.26, 0.74, 0.2, 0.8)


def _edge_label_candidates(label: _Label, p: np.ndarray, q: np.ndarray, rad: float
                           ) -> list[tuple[np.ndarray, float]]:
    """Candidate centres for an edge label: on its curve (from the middle outwards), then
    just beside it on either side, then (a short edge between big nodes) further off."""
    out = [(_curve_at(p, q, rad, t), 0.02 * abs(t - 0.5)) for t in _ALONG]
    for away, penalty, along in ((0.02, 0.08, _ALONG), (0.2, 0.15, _ALONG[:5])):
        for t in along:
            point = _curve_at(p, q, rad, t)
            tx, ty = _tangent(p, q, rad, t)
            normal = np.array([-ty, tx])
            reach = abs(normal[0]) * label.width / 2 + abs(normal[1]) * label.height / 2
            for side in (1.0, -1.0):
                out.append((point + side * (reach + away) * normal,
                            penalty + 0.02 * abs(t - 0.5)))
    return out


def _place_edge_labels(items: list[tuple[_Label, np.ndarray, np.ndarray, float]],
                       fixed: list[np.ndarray], limits: np.ndarray,
                       curve_lines: list[np.ndarray], rounds: int = 2,
                       keep: bool = False) -> None:
    """Place edge labels greedily in order, then revise each knowing all the others
    (`keep`: start from where they are instead).

    A label sits on its own curve if it can; it avoids `fixed` boxes (nodes, names, arrow
    heads), the other labels and the axes' edges, and covers as little of the other curves
    as it can.
    """
    boxes: dict[int, np.ndarray] = ({k: item[0].box for k, item in enumerate(items)}
                                    if keep else {})
    empty = np.zeros((0, 2))
    for _ in range(rounds):
        for k, (label, p, q, rad) in enumerate(items):
            obstacles = _stack(fixed + [b for j, b in boxes.items() if j != k])
            others = np.concatenate([empty] + [c for j, c in enumerate(curve_lines) if j != k])
            best, best_cost = None, math.inf
            for centre, penalty in _edge_label_candidates(label, p, q, rad):
                cost = _box_cost(label.box_at(centre), obstacles, limits, others) + penalty
                if cost < best_cost - 1e-9:
                    best, best_cost = centre, cost
            label.put(best)
            boxes[k] = label.box


def _settle(pos: dict[str, np.ndarray], labels: dict[str, _Label], r: float,
            limits: np.ndarray, lines: np.ndarray, order: list[str],
            items: list[tuple[_Label, np.ndarray, np.ndarray, float]],
            others: list[np.ndarray], curve_lines: list[np.ndarray]) -> None:
    """If a text still lies on another text or on a node, move the names clear of the edge
    labels, then the edge labels again (from where they are). `others`: more boxes to avoid
    (titles, arrow heads)."""
    discs = [_disc_box(pos[n], r) for n in pos]

    def clash() -> bool:
        texts = [lab.box for lab in labels.values()] + [item[0].box for item in items]
        for k, box in enumerate(texts):
            if _overlap_area(box, _stack(texts[k + 1:])) > 1e-4:
                return True
        return any(_overlap_area(item[0].box, _stack(discs)) > 1e-4 for item in items)

    if not clash():
        return
    _place_node_labels(pos, labels, r, limits, lines, order,
                       extra=others + [item[0].box for item in items])
    _place_edge_labels(items, discs + [lab.box for lab in labels.values()] + others, limits,
                       curve_lines, rounds=1, keep=True)


def _spread(xy: np.ndarray, min_dist: float, limits: np.ndarray | None = None,
            wide: float = 1.0, iterations: int = 300) -> np.ndarray:
    """Push nodes apart until no two are closer than `min_dist` (`wide` times that side by
    side, where names are wider than tall), staying inside `limits` if given."""
    ratio = np.array([wide, 1.0])
    xy = xy / ratio
    lo, hi = ((limits[:2] / ratio, limits[2:] / ratio) if limits is not None
              else (np.full(2, -np.inf), np.full(2, np.inf)))
    if len(xy) < 2:
        return xy * ratio
    for _ in range(iterations):
        diff = xy[:, None, :] - xy[None, :, :]
        dist = np.linalg.norm(diff, axis=2)
        close = np.triu(dist < min_dist - 1e-6, 1)
        if not close.any():
            break
        push = np.zeros_like(xy)
        for a, b in zip(*np.nonzero(close)):
            d = dist[a, b]
            u = diff[a, b] / d if d > 1e-9 else np.array([-1.0, 0.0])
            push[a] += u * (min_dist - d) * 0.55
            push[b] -= u * (min_dist - d) * 0.55
        xy = np.clip(xy + push, lo, hi)
    return xy * ratio


def _fit(pos: dict[str, np.ndarray], limits: np.ndarray, max_scale: float,
         max_stretch: float = 1.0) -> tuple[dict[str, np.ndarray], float]:
    """Scale and centre unit positions into `limits` (inches).

    The same scale (at most `max_scale` inches per unit) is used on both axes, then the
    axis with room left is stretched by at most `max_stretch`. Returns positions and scale.
    """
    nodes = list(pos)
    xy = np.array([pos[n] for n in nodes], dtype=float).reshape(-1, 2)
    lo, hi = xy.min(axis=0), xy.max(axis=0)
    span = hi - lo
    room = limits[2:] - limits[:2]
    with np.errstate(divide="ignore"):
        fits = np.where(span > 1e-9, room / np.maximum(span, 1e-9), np.inf)
    scale = float(min(max_scale, fits.min()))
    factors = np.minimum(fits, scale * max_stretch)
    factors = np.where(np.isfinite(factors), factors, scale)
    centre = (limits[:2] + limits[2:]) / 2
    out = (xy - (lo + hi) / 2) * factors + centre
    return {n: out[k] for k, n in enumerate(nodes)}, scale


def _text_area(texts: list[tuple[str, float]]) -> float:
    """Rough area (square inches) of text boxes [(text, fontsize)], from their characters."""
    area = 0.0
    for text, size in texts:
        lines = text.split("\n")
        area += ((max(len(line) for line in lines) * 0.55 + 0.6) * size / 72
                 * (len(lines) * 1.2 + 0.4) * size / 72)
    return area


def _grown_figsize(units: dict[str, np.ndarray], margins: tuple[float, float],
                   min_scale: float, text_area: float = 0.0) -> tuple[float, float]:
    """Figure size for a layout: the default one, enlarged in steps of 10% (at most
    `MAX_GROWTH` times, same aspect) until one layout unit gets `min_scale` inches and the
    axes hold `TEXT_ROOM` times the area of the text to place.

    `margins` is the room (inches, both sides together) kept free round the layout.
    """
    xy = np.array(list(units.values()), dtype=float).reshape(-1, 2)
    span = np.ptp(xy, axis=0) if len(xy) else np.zeros(2)
    growth = 1.0
    while growth < MAX_GROWTH:
        w = NETWORK_AXES[2] * FIGSIZE[0] * growth
        h = NETWORK_AXES[3] * FIGSIZE[1] * growth
        scale = min((w - margins[0]) / span[0] if span[0] > 1e-9 else math.inf,
                    (h - margins[1]) / span[1] if span[1] > 1e-9 else math.inf)
        if scale >= min_scale and w * h >= TEXT_ROOM * text_area:
            break
        growth = round(growth + 0.1, 1)
    return round(FIGSIZE[0] * growth, 2), round(FIGSIZE[1] * growth, 2)


def _min_distance(units: dict[str, np.ndarray]) -> float:
    """Smallest distance between two positions (inf for fewer than two)."""
    xy = np.array(list(units.values()), dtype=float).reshape(-1, 2)
    if len(xy) < 2:
        return math.inf
    d = np.linalg.norm(xy[:, None, :] - xy[None, :, :], axis=2)
    return float(d[np.triu_indices(len(xy), 1)].min())


# --------------------------------------------------------------------------- layouts


def bloc_layout(blocs: dict[str, int], gap: float = 2.2, radius: float = 1.1,
                graph: nx.Graph | None = None, aspect: float = 0.7) -> dict[str, np.ndarray]:
    """Place each bloc in its own column (bloc 0 leftmost), nodes on a circle inside it.

    Args:
        blocs: {node: bloc}; bloc -1 (no signed relation) goes on a row underneath.
        gap: Space left between the circles of neighbouring blocs.
        radius: Smallest circle radius; a bloc's circle grows with its size.
        graph: If given, (1) the members of a bloc are turned round its circle towards the
            nodes they are tied to (a few rounds of circular barycentres), which shortens
            the edges and removes crossings, and (2) the blocs of separate signed
            components, each group still left to right, are packed in rows or columns to
            fit an area of height/width `aspect`. Without it, members are sorted by name
            clockwise from the top and all blocs share one row.
        aspect: See `graph`.

    Returns:
        {node: array([x, y])}, deterministic.
    """
    groups: dict[int, list[str]] = defaultdict(list)
    for node, b in sorted(blocs.items()):
        groups[b].append(node)
    pos: dict[str, np.ndarray] = {}
    real = sorted(b for b in groups if b >= 0)
    radii = {b: max(radius, 0.8 * len(groups[b]) / math.pi) for b in real}
    comp_of = _bloc_components(blocs, graph) if graph is not None else {}
    centres = _bloc_centres(_bloc_rows(real, comp_of), radii, gap, aspect)
    for b in real:
        _on_circle(groups[b], radii[b], centres[b], pos)
    _loose_row(groups.get(-1, []), real, centres, radii, pos)
    if graph is not None:
        for _ in range(6):
            for b in real:
                if len(groups[b]) >= 3:
                    _turn_round(groups[b], centres[b], radii[b], pos, graph)
    return pos


def _bloc_rows(real: list[int], comp_of: dict[int, int]) -> list[list[int]]:
    """Blocs in rows, one row per signed component (`comp_of`, bloc -> component): the blocs
    of one component stay side by side, so the hostile edges between them run across."""
    rows: list[list[int]] = []
    for b in real:
        if rows and comp_of.get(b, 0) == comp_of.get(rows[-1][-1], 0):
            rows[-1].append(b)
        else:
            rows.append([b])
    return rows


def _bloc_centres(rows: list[list[int]], radii: dict[int, float], gap: float,
                  aspect: float) -> dict[int, np.ndarray]:
    """Centre of each bloc's circle: left to right within its row, `gap` between circles;
    the rows are packed (`_pack`) to fit an area of height/width `aspect`."""
    centres: dict[int, np.ndarray] = {}
    boxes = []
    for row in rows:
        cx = 0.0
        for k, b in enumerate(row):
            if k:
                cx += radii[row[k - 1]] + gap + radii[b]
            centres[b] = np.array([cx, 0.0])
        top = max(radii[b] for b in row)
        boxes.append((cx + radii[row[0]] + radii[row[-1]] + gap, 2 * top + gap))
    corners = _pack(boxes, aspect) if len(rows) > 1 else [np.zeros(2)]
    for row, corner, (w, h) in zip(rows, corners, boxes):
        shift = corner + np.array([gap / 2 + radii[row[0]], h / 2])
        for b in row:
            centres[b] = centres[b] + shift
    return centres


def _on_circle(members: list[str], r: float, centre: np.ndarray,
               pos: dict[str, np.ndarray]) -> None:
    """Put a bloc's members on its circle clockwise from the top, in name order (one member
    in the middle, two one above the other), so the start is fixed; in place."""
    cx, cy = centre
    if len(members) == 1:
        pos[members[0]] = np.array([cx, cy])
    elif len(members) == 2:
        pos[members[0]] = np.array([cx, cy + r * 0.8])
        pos[members[1]] = np.array([cx, cy - r * 0.8])
    else:
        for k, node in enumerate(members):
            angle = math.pi / 2 - 2 * math.pi * k / len(members)
            pos[node] = np.array([cx + r * math.cos(angle), cy + r * math.sin(angle)])


def _loose_row(loose: list[str], real: list[int], centres: dict[int, np.ndarray],
               radii: dict[int, float], pos: dict[str, np.ndarray]) -> None:
    """Put the states with no signed relation (bloc -1) on a row under the blocs, centred
    below them, so that they read as belonging to no bloc; in place."""
    if not loose:
        return
    if real:
        xs = [centres[b][0] for b in real]
        middle = (min(xs) + max(xs)) / 2
        y = min(centres[b][1] - radii[b] for b in real) - 1.4
    else:
        middle, y = 0.0, 0.0
    for k, node in enumerate(loose):
        pos[node] = np.array([middle + (k - (len(loose) - 1) / 2) * 1.6, y])


def _bloc_components(blocs: dict[str, int], graph: nx.Graph) -> dict[int, int]:
    """{bloc: index of the signed component holding it} (blocs of one component share it)."""
    H = nx.Graph()
    H.add_nodes_from(sorted(n for n, b in blocs.items() if b >= 0))
    for u, v, d in graph.edges(data=True):
        if u in H and v in H and u != v and (_i(d.get("sign")) or _i(d.get("weight"))):
            H.add_edge(u, v)
    out: dict[int, int] = {}
    for k, comp in enumerate(sorted((sorted(c) for c in nx.connected_components(H)))):
        for n in comp:
            out.setdefault(blocs[n], k)
    return out


def _turn_round(members: list[str], centre: np.ndarray, r: float,
                pos: dict[str, np.ndarray], graph: nx.Graph) -> None:
    """Reassign the circle's slots: each member gets the slot nearest the direction of its
    neighbours (sorted by that direction, best rotation of the slots). In place."""
    n = len(members)
    wanted = {}
    for node in members:
        pull = sum(((pos[v] - centre) / (np.linalg.norm(pos[v] - centre) or 1.0)
                    for v in graph.neighbors(node) if v != node and v in pos),
                   np.zeros(2))
        here = pos[node] - centre
        vec = pull if np.linalg.norm(pull) > 1e-9 else here
        wanted[node] = math.atan2(vec[1], vec[0])
    # clockwise from the top, like the slots
    order = sorted(members, key=lambda v: ((math.pi / 2 - wanted[v]) % (2 * math.pi), v))
    slots = [math.pi / 2 - 2 * math.pi * k / n for k in range(n)]

    def miss(shift: int) -> float:
        return sum(abs((slots[(k + shift) % n] - wanted[v] + math.pi) % (2 * math.pi) - math.pi)
                   for k, v in enumerate(order))

    best = min(range(n), key=lambda shift: (round(miss(shift), 9), shift))
    for k, v in enumerate(order):
        angle = slots[(k + best) % n]
        pos[v] = centre + r * np.array([math.cos(angle), math.sin(angle)])


def _simple_graph(G: nx.Graph) -> nx.Graph:
    """Undirected simple graph of G (sorted nodes and edges, self-loops dropped)."""
    H = nx.Graph()
    H.add_nodes_from(sorted((str(n) for n in G.nodes)))
    H.add_edges_from(sorted({tuple(sorted((str(u), str(v)))) for u, v in G.edges() if u != v}))
    return H


def _component_layout(H: nx.Graph, nodes: list[str]) -> np.ndarray:
    """Lay out one connected component; an edge between two leaves is about one unit long.

    A spring layout (seeded with `config.SEED`, from a fixed circular start, k scaled to the
    component size) is refined by stress majorisation on the graph distances, where an edge
    is longer the busier its ends are (a hub gets room round it for its neighbours). The
    result is turned so its long axis is horizontal, with fixed signs.
    """
    n = len(nodes)
    if n == 1:
        return np.zeros((1, 2))
    if n == 2:
        return np.array([[-0.5, 0.0], [0.5, 0.0]])
    sub = H.subgraph(nodes)
    start = {v: np.array([math.cos(2 * math.pi * k / n), math.sin(2 * math.pi * k / n)])
             for k, v in enumerate(nodes)}
    raw = nx.spring_layout(sub, pos=start, k=1.0 / math.sqrt(n), iterations=100,
                           seed=config.SEED)
    xy = np.array([raw[v] for v in nodes], dtype=float)
    idx = {v: k for k, v in enumerate(nodes)}
    sub = nx.Graph(sub)
    for u, v in sub.edges():
        sub.edges[u, v]["length"] = 0.6 + 0.4 * math.sqrt((sub.degree(u) + sub.degree(v)) / 2)
    dist = np.zeros((n, n))
    for v, lengths in nx.all_pairs_dijkstra_path_length(sub, weight="length"):
        for u, d in lengths.items():
            dist[idx[v], idx[u]] = d
    edges = np.array([(idx[u], idx[v]) for u, v in sub.edges()])
    target = np.array([d for _, _, d in sub.edges(data="length")])

    def edge_scale(points: np.ndarray) -> float:
        now = np.linalg.norm(points[edges[:, 0]] - points[edges[:, 1]], axis=1)
        return float(np.mean(now / target)) or 1.0

    xy /= edge_scale(xy)
    if n <= 400:
        xy = _stress_majorise(xy, dist)
    return _principal_axes(xy)


def _stress_majorise(xy: np.ndarray, dist: np.ndarray) -> np.ndarray:
    """Stress majorisation (SMACOF, weights 1/d^2) from `xy` towards the graph distances
    `dist`: the spring layout alone leaves paths and hubs cramped; this makes the drawn
    distances follow the graph's, deterministically (no randomness, fixed iterations)."""
    n = len(xy)
    w = np.zeros((n, n))
    off = dist > 0
    w[off] = 1.0 / dist[off] ** 2
    lap = -w.copy()
    np.fill_diagonal(lap, w.sum(axis=1))
    lap_pinv = np.linalg.pinv(lap)
    for _ in range(400):
        now = np.linalg.norm(xy[:, None, :] - xy[None, :, :], axis=2)
        b = np.zeros((n, n))
        ok = now > 1e-12
        b[ok] = -w[ok] * dist[ok] / now[ok]
        np.fill_diagonal(b, 0.0)
        np.fill_diagonal(b, -b.sum(axis=1))
        new = lap_pinv @ (b @ xy)
        done = float(np.abs(new - xy).max()) < 1e-7
        xy = new
        if done:
            break
    return xy


def _principal_axes(xy: np.ndarray) -> np.ndarray:
    """Centre the layout and turn its long axis horizontal (it fits the wide figure), with
    the eigenvectors' arbitrary signs fixed so the same graph is always drawn the same way."""
    xy -= xy.mean(axis=0)
    _, vecs = np.linalg.eigh(np.cov(xy.T))
    xy = xy @ vecs[:, ::-1]  # principal axis horizontal
    # fix the eigenvectors' arbitrary signs: first node left of centre and above it
    xy *= np.array([-1.0 if xy[0, 0] > 1e-9 else 1.0, -1.0 if xy[0, 1] < -1e-9 else 1.0])
    return xy


def _shelves(sizes: list[tuple[float, float]], limit: float,
             by_rows: bool) -> tuple[list[np.ndarray], float, float]:
    """Shelf packing in the given order: rows (left to right, stacked downwards) no wider
    than `limit`, or columns (top to bottom, side by side) no taller than `limit`.

    Returns the lower-left corner of each item and the total width and height.
    """
    along = 0 if by_rows else 1  # the axis a shelf fills
    shelves: list[list[int]] = [[]]
    lengths = [0.0]
    for k, size in enumerate(sizes):
        if shelves[-1] and lengths[-1] + size[along] > limit + 1e-9:
            shelves.append([])
            lengths.append(0.0)
        shelves[-1].append(k)
        lengths[-1] += size[along]
    corners: list[np.ndarray] = [np.zeros(2)] * len(sizes)
    total = max(lengths)
    across = 0.0
    for shelf, length in zip(shelves, lengths):
        thick = max(sizes[k][1 - along] for k in shelf)
        run = (total - length) / 2  # shelves centred
        for k in shelf:
            w, h = sizes[k]
            if by_rows:
                corners[k] = np.array([run, -across - thick / 2 - h / 2])
            else:
                corners[k] = np.array([across + thick / 2 - w / 2, -run - h])
            run += sizes[k][along]
        across += thick
    return (corners, total, across) if by_rows else (corners, across, total)


def _pack(sizes: list[tuple[float, float]], aspect: float) -> list[np.ndarray]:
    """Pack boxes, in the given order, into rows or columns to fill an area of height/width
    `aspect` best: of all shelf widths (heights) tried, the one allowing the largest scale.

    Returns the lower-left corner of each box."""
    if len(sizes) == 1:
        return [np.zeros(2)]
    best, best_scale = None, -1.0
    for by_rows in (False, True):
        extent = [s[0] if by_rows else s[1] for s in sizes]  # along a shelf
        limits = sorted({round(float(sum(extent[:k + 1])), 9) for k in range(len(sizes))}
                        | {round(max(extent), 9)})
        for limit in limits:
            corners, w, h = _shelves(sizes, limit, by_rows)
            scale = min(1.0 / w, aspect / h)
            if scale > best_scale + 1e-9:
                best, best_scale = corners, scale
    return best


def actor_layout(G: nx.Graph, aspect: float = 0.697, margin: float = 0.45,
                 min_dist: float = 1.0, wide: float = 1.4) -> dict[str, np.ndarray]:
    """Lay out each connected component on its own and pack them, largest first.

    Every component gets edges of about unit length (so its area grows with its size); the
    components are then packed in rows or columns, whichever fills a drawing area of
    height/width `aspect` best.

    Args:
        G: Any graph; direction, self-loops and parallel edges are ignored.
        aspect: Height/width of the area the layout is meant for.
        margin: Room left round each component (units of edge length).
        min_dist: No two nodes closer than this (`wide` times this side by side).
        wide: See `min_dist` (names are wider than they are tall).

    Returns:
        {node: array([x, y])}, deterministic (rounded to 1e-6).
    """
    H = _simple_graph(G)
    if H.number_of_nodes() == 0:
        return {}
    comps = sorted((sorted(c) for c in nx.connected_components(H)),
                   key=lambda c: (-len(c), c))
    layouts = [_spread(_component_layout(H, c), min_dist, wide=wide) for c in comps]
    # components at least min_dist apart, like the nodes inside one
    mx, my = max(margin, min_dist * wide / 2), max(margin, min_dist / 2)
    sizes = [(float(np.ptp(xy[:, 0])) + 2 * mx, float(np.ptp(xy[:, 1])) + 2 * my)
             for xy in layouts]
    corners = _pack(sizes, aspect)
    pos: dict[str, np.ndarray] = {}
    for comp, xy, corner in zip(comps, layouts, corners):
        shifted = xy - xy.min(axis=0) + corner + np.array([mx, my])
        for k, n in enumerate(comp):
            pos[n] = shifted[k]
    xy = np.array(list(pos.values()))
    middle = (xy.min(axis=0) + xy.max(axis=0)) / 2
    return {n: np.round(pos[n] - middle, 6) for n in sorted(pos)}


# --------------------------------------------------------------------------- network canvas


@dataclass
class _Canvas:
    """A network figure being drawn: its inch axes, where the nodes are and how big.

    Made once per figure (`_state_canvas`, `_actor_canvas`) and handed to every drawing
    step, so the steps share one set of measures rather than a dozen arguments each.
    """

    fig: Figure
    ax: Axes
    renderer: Any
    width: float
    height: float
    limits: np.ndarray  # the axes box in inches: 0, 0, width, height
    pos: dict[str, np.ndarray]  # node centres (inches), in node order
    node_size: float  # scatter marker area (points squared)
    r: float  # node radius (inches)
    shrink: float  # how far an edge stops short of a node centre (points)

    def discs(self) -> dict[str, np.ndarray]:
        """The bounding box of every node's disc (what names and edges keep off)."""
        return {n: _disc_box(self.pos[n], self.r) for n in self.pos}


def _place_names(cv: _Canvas, texts: dict[str, str], pairs: list[tuple[str, str]]
                 ) -> tuple[dict[str, _Label], np.ndarray, list[str]]:
    """Measure the node names (`texts`, in drawing order) and place them, the best-connected
    nodes first since they have the least room; names avoid the straight edges of `pairs`.

    Returns the labels, the sampled straight edges and the placing order (`_settle` uses
    both again).
    """
    labels = {n: _Label(cv.ax, cv.renderer, text, 9.5, 0.1, alpha=0.8)
              for n, text in texts.items()}
    lines = np.concatenate([np.zeros((0, 2))] + [
        _line_samples(cv.pos[a], cv.pos[b], 0.0, cv.r) for a, b in pairs])
    degree = {n: sum(n in pair for pair in pairs) for n in cv.pos}
    order = sorted(cv.pos, key=lambda n: (-degree[n], n))
    _place_node_labels(cv.pos, labels, cv.r, cv.limits, lines, order)
    return labels, lines, order


def _place_texts(cv: _Canvas, labels: dict[str, _Label], lines: np.ndarray, order: list[str],
                 items: list[tuple[_Label, np.ndarray, np.ndarray, float]],
                 others: list[np.ndarray], curve_lines: list[np.ndarray]) -> None:
    """Place the edge labels clear of the nodes, the names and `others` (bloc titles or
    arrow heads), then move whatever text still lies on another (`_settle`)."""
    fixed = list(cv.discs().values()) + [lab.box for lab in labels.values()] + others
    _place_edge_labels(items, fixed, cv.limits, curve_lines)
    _settle(cv.pos, labels, cv.r, cv.limits, lines, order, items, others, curve_lines)


# --------------------------------------------------------------------------- state network


def balance_of(G_state: nx.Graph, balance: dict[str, Any] | None = None) -> dict[str, Any]:
    """The balance result to draw: `balance` as given (the build's `balance.json`, or the
    report's summary of a selection), else computed once from the graph for direct callers."""
    return balance if balance is not None else balance_summary(G_state)


def _frustrated(balance: dict[str, Any]) -> set[tuple[str, str]]:
    """The frustrated edges of a balance result as sorted pairs (JSON gives lists)."""
    return {tuple(sorted(map(str, e))) for e in balance.get("frustrated_edges") or []}


def state_network_table(G_state: nx.Graph, actors: pd.DataFrame | None = None,
                        balance: dict[str, Any] | None = None) -> pd.DataFrame:
    """Return the edges of the state figure with their attributes, blocs and frustration.

    Args:
        G_state: State graph from `network.state_graph`.
        actors: Actors table (names).
        balance: The balance result of this graph (`balance.json`); computed when omitted.

    Returns:
        Frame sorted by (a, b) with a, b, names, weight, sign, counts, modality, blocs,
        frustrated (whether the edge breaks balance) and relation_ids.
    """
    names = _names(actors)
    balance = balance_of(G_state, balance)
    blocs = {str(k): int(v) for k, v in (balance.get("blocs") or {}).items()} \
        if G_state.number_of_edges() else {}
    frustrated = _frustrated(balance)
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
                       title: str = "State network: signed relations and blocs",
                       balance: dict[str, Any] | None = None) -> Path:
    """Draw the signed state network with blocs side by side; write PNG and CSV.

    The blocs of each signed component stay side by side (bloc 0 leftmost); separate
    components are packed in rows or columns. When the states crowd, the figure grows (same
    aspect) rather than the text shrinking. Names and edge labels avoid nodes and each other.

    Args:
        G_state: State graph from `network.state_graph`.
        actors: Actors table (node names).
        path_png: Where to write the PNG; the CSV of drawn edges goes beside it.
        title: Figure title.
        balance: The balance result of this graph (`balance.json`); computed once when
            omitted.

    Returns:
        The PNG path.
    """
    balance = balance_of(G_state, balance)
    table = state_network_table(G_state, actors, balance)
    names = _names(actors)
    with mpl.rc_context(RC):
        if G_state.number_of_nodes() == 0 or table.empty:
            fig = _new_figure()
            _empty(fig.add_axes(NETWORK_AXES), "No state-to-state relations to draw")
            fig.suptitle(title, x=0.02, ha="left", fontweight="bold")
            return _save(fig, path_png, table)
        blocs = {str(k): int(v) for k, v in (balance.get("blocs") or {}).items()}
        cv = _state_canvas(G_state, blocs)
        texts = {}  # a state whose name is its code needs no label
        for node in cv.pos:
            name = names.get(node) or _s(G_state.nodes[node].get("name"))
            if name and name != node:
                texts[node] = _label_wrap(name)
        pairs = [(row.a, row.b) for row in table.itertuples(index=False)]
        labels, lines, order = _place_names(cv, texts, pairs)
        titles = _bloc_titles(cv, blocs, labels)
        items, curve_lines = _draw_state_edges(cv, table, [lab.box for lab in labels.values()])
        _place_texts(cv, labels, lines, order, items, titles, curve_lines)
        _draw_state_nodes(cv, blocs)
        _state_key(cv.fig, table, blocs, balance, title)
        return _save(cv.fig, path_png, table)


def _state_canvas(G_state: nx.Graph, blocs: dict[str, int]) -> _Canvas:
    """Lay the blocs out and size the figure so that neighbouring states are a disc and an
    edge label apart: the figure grows first (text keeps its size), and only if the states
    still crowd at the largest size do the discs shrink."""
    node_size = 1100.0
    # room for the names round the outer nodes (sides, bottom) and the bloc titles (top)
    margins = (0.75, 0.45, 0.75, 0.75)  # left, bottom, right, top
    base_w = NETWORK_AXES[2] * FIGSIZE[0] - margins[0] - margins[2]
    base_h = NETWORK_AXES[3] * FIGSIZE[1] - margins[1] - margins[3]
    units = bloc_layout(blocs, gap=3.0, graph=G_state, aspect=base_h / base_w)
    # nodes at least a disc and an edge label apart: a bigger figure if need be
    min_scale = (2 * _radius(node_size) + STATE_GAP) / _min_distance(units)
    fig = _new_figure(_grown_figsize(units, (margins[0] + margins[2],
                                             margins[1] + margins[3]), min_scale))
    ax, width, height = _inch_axes(fig)
    renderer = fig.canvas.get_renderer()
    inner = np.array([margins[0], margins[1], width - margins[2], height - margins[3]])
    pos, scale = _fit(units, inner, max_scale=1.6)
    if scale < min_scale:  # still crowded at the largest size: smaller discs
        node_size = max(500.0, ((scale * _min_distance(units) - STATE_GAP) * 72) ** 2)
    r = _radius(node_size)
    shrink = math.sqrt(node_size) / 2 + 3
    nodes = sorted(pos)
    xy = _spread(np.array([pos[n] for n in nodes]), 2 * r + STATE_GAP, inner)
    pos = {n: xy[k] for k, n in enumerate(nodes)}
    limits = np.array([0.0, 0.0, width, height])
    return _Canvas(fig, ax, renderer, width, height, limits, pos, node_size, r, shrink)


def _bloc_titles(cv: _Canvas, blocs: dict[str, int], labels: dict[str, _Label]
                 ) -> list[np.ndarray]:
    """Write "bloc N" above the highest node or name of each bloc, so a reader can match
    the nodes to the legend; return the title boxes (edge labels keep off them)."""
    discs = cv.discs()
    titles: list[np.ndarray] = []
    for b in sorted({v for v in blocs.values() if v >= 0}):
        members = [n for n, v in blocs.items() if v == b]
        tops = [discs[n][3] for n in members] + [labels[n].box[3] for n in members
                                                 if n in labels]
        cx = float(np.mean([cv.pos[n][0] for n in members]))
        title_label = _Label(cv.ax, cv.renderer, f"bloc {b}", 10, 0.1, color="#444444",
                             style="italic", alpha=0.0)
        y = min(max(tops) + 0.1 + title_label.height / 2, cv.height - title_label.height / 2)
        title_label.put(np.array([cx, y]))
        titles.append(title_label.box)
    return titles


def _draw_state_edges(cv: _Canvas, table: pd.DataFrame, label_boxes: list[np.ndarray]
                      ) -> tuple[list[tuple[_Label, np.ndarray, np.ndarray, float]],
                                 list[np.ndarray]]:
    """Draw each state edge routed round the other nodes and names (a yellow halo under an
    edge that breaks balance), thicker the more relations it sums; make its label (the
    summed sign and the count). Returns the labels to place and the sampled curves."""
    discs = cv.discs()
    curves = []
    for row in table.itertuples(index=False):
        p, q = cv.pos[row.a], cv.pos[row.b]
        obstacles = _stack([discs[n] for n in cv.pos if n not in (row.a, row.b)]
                           + label_boxes)
        rad = _route(p, q, obstacles)
        curves.append((row, p, q, rad))
    curve_lines = [_line_samples(p, q, rad, cv.r) for _, p, q, rad in curves]
    items = []
    for row, p, q, rad in curves:
        n_rel = row.n_positive + row.n_negative + row.n_neutral
        width_pt = 1.4 + 1.1 * min(n_rel, 6)
        colour = SIGN_COLOURS[int(np.sign(row.sign))]
        if row.frustrated:
            _draw_edge(cv.ax, p, q, colour=FRUSTRATED_COLOUR, style="solid",
                       width=width_pt + 7, rad=rad, shrink=cv.shrink, zorder=0.5)
        _draw_edge(cv.ax, p, q, colour=colour,
                   style=MODALITY_STYLES.get(row.modality, "solid"), width=width_pt,
                   rad=rad, shrink=cv.shrink, zorder=1)
        text = _fmt_weight(row.weight) + (f" (n={n_rel})" if n_rel > 1 else "")
        items.append((_Label(cv.ax, cv.renderer, text, 9, 0.15, color=colour, zorder=4),
                      p, q, rad))
    return items, curve_lines


def _draw_state_nodes(cv: _Canvas, blocs: dict[str, int]) -> None:
    """Draw each state as a disc in its bloc's colour, its code written on it."""
    for node in cv.pos:
        x, y = cv.pos[node]
        b = blocs.get(node, -1)
        colour = BLOC_COLOURS[b % len(BLOC_COLOURS)] if b >= 0 else NO_BLOC_COLOUR
        cv.ax.scatter([x], [y], s=cv.node_size, c=colour, edgecolors="#333333",
                      linewidths=1.2, zorder=2)
        merged = node.startswith(OTHER_PREFIX)
        cv.ax.text(x, y, "\u2026" if merged else node, ha="center", va="center",
                   fontsize=10, fontweight="bold", zorder=3)


def _state_key(fig: Figure, table: pd.DataFrame, blocs: dict[str, int],
               balance: dict[str, Any], title: str) -> None:
    """The title (with the frustration index when any edge is signed) and the legends of
    the state figure: signs, modalities, bloc colours, and the halo of a frustrated edge."""
    frustration, frustrated = int(balance.get("frustration_index") or 0), _frustrated(balance)
    signed = any(int(v) != 0 for v in table["sign"])
    sub = f" (frustration index {frustration})" if signed else ""
    fig.suptitle(title + sub, x=0.02, ha="left", fontweight="bold")
    present_blocs = sorted({v for v in blocs.values()})
    node_handles = [_node_handle(BLOC_COLOURS[b % len(BLOC_COLOURS)] if b >= 0
                                 else NO_BLOC_COLOUR,
                                 f"bloc {b}" if b >= 0 else "no signed relation")
                    for b in present_blocs]
    extra = []
    if frustrated:
        extra = [Line2D([], [], color=FRUSTRATED_COLOUR, lw=7,
                        label="breaks balance\n(frustrated edge)")]
    _legends(fig, [
        ("Relation sign (edge label:\nsum of signs)", _sign_handles(set(
            int(np.sign(s)) for s in table["sign"])) + extra),
        ("Firmest modality", _modality_handles(set(table["modality"]))),
        ("Node colour", node_handles),
    ])


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


#: Relation types named on one arrow; more are summed up as "+K more".
MAX_ARROW_TYPES: int = 3


def _relation_text(relations: list[str]) -> str:
    """One label for several relations drawn as one arrow ("war ×2, strike"): the commonest
    `MAX_ARROW_TYPES` types, then "+K more", so an arrow of a corpus stays one short label."""
    counts: dict[str, int] = {}
    for rel in relations:
        counts[rel] = counts.get(rel, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1]) if len(counts) > MAX_ARROW_TYPES \
        else list(counts.items())
    parts = [rel.replace("_", " ") + (f" \u00d7{k}" if k > 1 else "")
             for rel, k in ranked[:MAX_ARROW_TYPES]]
    if len(ranked) > MAX_ARROW_TYPES:
        parts.append(f"+{len(ranked) - MAX_ARROW_TYPES} more")
    return "\n".join(textwrap.wrap(", ".join(parts), 22)) or ", ".join(parts)


def plot_actor_network(G_actor: nx.MultiDiGraph, actors: pd.DataFrame | None,
                       path_png: Path | str,
                       title: str = "Actor network: who does what to whom") -> Path:
    """Draw the directed, signed actor network; write PNG and CSV.

    One arrow per source, target, sign and modality, labelled with its relation(s) (the CSV
    keeps one row per relation). Components are laid out separately and packed, largest
    first; a large graph gets a larger figure rather than smaller text.

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
        if G_actor.number_of_nodes() == 0 or table.empty:
            fig = _new_figure()
            fig.suptitle(title, x=0.02, ha="left", fontweight="bold")
            _empty(fig.add_axes(NETWORK_AXES), "No relations to draw")
            return _save(fig, path_png, table)
        nodes, node_text, pad, units = _actor_units(G_actor, names)
        arrows, pairs = _actor_arrows(table)
        label_edges = len(arrows) <= MAX_EDGE_LABELS
        edge_text = {k: _relation_text(v) for k, v in arrows.items()} if label_edges else {}
        area = _text_area([(t, 9.5) for t in node_text.values()]
                          + [(t, 9.0) for t in edge_text.values()])
        fig = _new_figure(_grown_figsize(units, (2 * pad[0], 2 * pad[1]), MIN_UNIT, area))
        fig.suptitle(title, x=0.02, ha="left", fontweight="bold")
        cv = _actor_canvas(fig, units, nodes, pad)
        labels, lines, order = _place_names(cv, node_text, list(pairs))
        curves = _actor_curves(cv, pairs, [labels[n].box for n in nodes])
        curve_lines = [_line_samples(p, q, rad, cv.r) for _, p, q, rad in curves]
        items = _draw_actor_edges(cv, curves, edge_text)
        tips = [_arrow_tip(p, q, rad, cv.r) for _, p, q, rad in curves]
        _place_texts(cv, labels, lines, order, items, tips, curve_lines)
        types = _draw_actor_nodes(cv, G_actor)
        _legends(fig, [
            ("Relation sign", _sign_handles(set(int(np.sign(s)) for s in table["sign"]))),
            ("Modality of the claim", _modality_handles(set(table["modality"]))),
            ("Actor type", [_node_handle(c, t.replace("_", " "))
                            for t, c in sorted(types.items())]),
        ])
        return _save(fig, path_png, table)


def _actor_units(G_actor: nx.MultiDiGraph, names: dict[str, str]
                 ) -> tuple[list[str], dict[str, str], tuple[float, float],
                            dict[str, np.ndarray]]:
    """The nodes in name order, their wrapped names, the room (inches, x and y) kept round
    the layout so half the widest name fits beside an outer node, and the layout in edge
    units for a drawing area of that shape."""
    nodes = sorted(str(n) for n in G_actor.nodes)
    node_text = {n: _label_wrap(names.get(n) or _s(G_actor.nodes[n].get("name")) or n)
                 for n in nodes}
    # room round the layout for half the widest name (a name below an outer node)
    widest = max(max(len(line) for line in t.split("\n")) for t in node_text.values())
    pad = (min(0.85, max(0.5, widest * 0.55 * 9.5 / 72 / 2 + 0.05)), 0.35)
    aspect = (NETWORK_AXES[3] * FIGSIZE[1] - 2 * pad[1]) / (
        NETWORK_AXES[2] * FIGSIZE[0] - 2 * pad[0])
    units = actor_layout(G_actor, aspect=aspect, min_dist=MIN_NODE_DIST / MIN_UNIT,
                         wide=WIDE)
    return nodes, node_text, pad, units


def _actor_arrows(table: pd.DataFrame
                  ) -> tuple[dict[tuple[str, str, int, str], list[str]],
                             dict[tuple[str, str], list[tuple[str, str, int, str]]]]:
    """Group the relations into arrows, one per (source, target, sign, modality) with the
    relation types it carries, so parallel relations make one labelled arrow; and group the
    arrows by unordered pair of actors, to fan those of one pair apart."""
    arrows: dict[tuple[str, str, int, str], list[str]] = {}
    for row in table.itertuples(index=False):
        key = (row.source_id, row.target_id, int(np.sign(row.sign)), row.modality)
        arrows.setdefault(key, []).append(row.relation)
    pairs: dict[tuple[str, str], list[tuple[str, str, int, str]]] = defaultdict(list)
    for key in sorted(arrows):
        pairs[tuple(sorted(key[:2]))].append(key)
    return arrows, pairs


def _actor_canvas(fig: Figure, units: dict[str, np.ndarray], nodes: list[str],
                  pad: tuple[float, float]) -> _Canvas:
    """Fit the layout into the axes (`pad` kept free round it) and push apart nodes that
    are still too close for their names to fit between them."""
    ax, width, height = _inch_axes(fig)
    renderer = fig.canvas.get_renderer()
    node_size = 380.0
    r = _radius(node_size)
    shrink = math.sqrt(node_size) / 2 + 2
    limits = np.array([0.0, 0.0, width, height])
    inner = np.array([pad[0], pad[1], width - pad[0], height - pad[1]])
    pos, _ = _fit(units, inner, max_scale=2.0, max_stretch=1.4)
    xy = _spread(np.array([pos[n] for n in nodes]), MIN_NODE_DIST, inner, wide=WIDE)
    pos = {n: xy[k] for k, n in enumerate(nodes)}
    return _Canvas(fig, ax, renderer, width, height, limits, pos, node_size, r, shrink)


def _actor_curves(cv: _Canvas, pairs: dict[tuple[str, str], list[tuple[str, str, int, str]]],
                  label_boxes: list[np.ndarray]
                  ) -> list[tuple[tuple[str, str, int, str], np.ndarray, np.ndarray, float]]:
    """Route the arrows of each pair of actors: the pair's middle line bends round the other
    nodes and names (`_route`) and its arrows fan out round it (`_fan`), a reverse arrow's
    bend mirrored so it stays on its side. Returns (key, p, q, rad) per arrow."""
    discs = cv.discs()
    curves = []  # (key, p, q, rad)
    for pair in sorted(pairs):
        keys = pairs[pair]
        p0, q0 = cv.pos[pair[0]], cv.pos[pair[1]]
        obstacles = _stack([discs[n] for n in cv.pos if n not in pair] + label_boxes)
        # route the pair's middle line round other nodes and names, fan the arrows
        shift = _route(p0, q0, obstacles)
        rads = _fan(shift, len(keys), float(np.linalg.norm(q0 - p0)))
        for key, offset in zip(keys, rads):
            forward = key[:2] == pair
            curves.append((key, cv.pos[key[0]], cv.pos[key[1]], offset if forward else -offset))
    return curves


def _draw_actor_edges(cv: _Canvas,
                      curves: list[tuple[tuple[str, str, int, str], np.ndarray, np.ndarray,
                                         float]],
                      edge_text: dict[tuple[str, str, int, str], str]
                      ) -> list[tuple[_Label, np.ndarray, np.ndarray, float]]:
    """Draw each arrow in its sign's colour and modality's dash; make its label from
    `edge_text` (empty: a crowded figure draws no edge labels). Returns the labels."""
    items = []
    for key, p, q, rad in curves:
        colour = SIGN_COLOURS[key[2]]
        _draw_edge(cv.ax, p, q, colour=colour, style=MODALITY_STYLES.get(key[3], "solid"),
                   width=1.8, rad=rad, arrow=True, shrink=cv.shrink)
        if key in edge_text:
            items.append((_Label(cv.ax, cv.renderer, edge_text[key], 9, 0.15, color=colour,
                                 zorder=4), p, q, rad))
    return items


def _draw_actor_nodes(cv: _Canvas, G_actor: nx.MultiDiGraph) -> dict[str, str]:
    """Draw each actor as a disc in its type's colour; return {type: colour} for the legend."""
    types = {}
    for node in cv.pos:
        x, y = cv.pos[node]
        ntype = _s(G_actor.nodes[node].get("type"))
        colour = TYPE_COLOURS.get(ntype, OTHER_TYPE_COLOUR)
        types[ntype or "unknown"] = colour
        cv.ax.scatter([x], [y], s=cv.node_size, c=colour, edgecolors="#333333",
                      linewidths=1.0, zorder=2)
    return types


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
    counts = _attribution_counts(claims, cats)
    rows = []
    for g in sorted(counts):
        n = sum(counts[g].values())
        row: dict[str, Any] = {"group": g, "n_claims": n}
        row.update({f"n_{c}": counts[g][c] for c in cats})
        row.update({f"share_{c}": round(counts[g][c] / n, 4) for c in cats})
        rows.append(row)
    return pd.DataFrame(rows, columns=cols)


def _attribution_counts(claims: pd.DataFrame, cats: list[str]) -> dict[str, dict[str, int]]:
    """{group: {attribution: claims}}, a group being the outlet (else the document); a value
    outside the enumeration counts as "other", so a bad cell shows in the figure."""
    outlets = [_s(v) for v in claims["outlet"]] if "outlet" in claims.columns else None
    docs = [_s(v) for v in claims["doc_id"]] if "doc_id" in claims.columns else [""] * len(
        claims)
    groups = [(o or d) for o, d in zip(outlets, docs)] if outlets else docs
    attrs = [_s(a) for a in claims.get("attribution", pd.Series([""] * len(claims)))]
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(cats, 0))
    for g, a in zip(groups, attrs):
        counts[g or "(unknown)"][a if a in ATTRIBUTIONS else "other"] += 1
    return counts


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



# --------------------------------------------------------------------------- large graphs
#
# A corpus of thousands of articles names a hundred and more states and thousands of
# actors; drawn whole, no name is legible. The figures then show the most connected nodes
# by name and merge the rest into one "other" node per bloc (states) or per actor type
# (actors), so every relation still counts somewhere and the CSV beside the PNG lists
# what was drawn.

#: States and actors drawn by name; the rest are merged.
TOP_STATES: int = 24
#: Node ids of the merged nodes start with this (never an ISO3 code or an actor id).
OTHER_PREFIX: str = "~other-"
TOP_ACTORS: int = 16
#: Arrows (source, target, sign, modality) kept in the actor figure, and state pairs kept
#: in the state figure, heaviest first: beyond that the labels crowd and placing them
#: costs tens of seconds a figure (measured at 1,000 articles); the CSV keeps every edge.
TOP_ARROWS: int = 40
TOP_STATE_EDGES: int = 60
_FIRMNESS = ("asserted", "hedged", "forecast", "conditional")


def _firmest(modalities: list[str]) -> str:
    known = [m for m in modalities if m in _FIRMNESS]
    return min(known, key=_FIRMNESS.index) if known else (modalities[0] if modalities else "")


def _strength(G: nx.Graph) -> dict[str, int]:
    """Relations at each node (the n_positive, n_negative and n_neutral of its edges)."""
    out: dict[str, int] = defaultdict(int)
    for u, v, d in G.edges(data=True):
        n = _i(d.get("n_positive")) + _i(d.get("n_negative")) + _i(d.get("n_neutral")) or 1
        out[str(u)] += n
        out[str(v)] += n
    return out


def _kept(strength: dict[str, int], nodes: list[str], keep: int) -> set[str]:
    """The `keep` nodes with most relations (ties by id)."""
    ranked = sorted(nodes, key=lambda n: (-strength.get(n, 0), n))
    return set(ranked[:keep])


def top_state_graph(G_state: nx.Graph, balance: dict[str, Any] | None,
                    keep: int = TOP_STATES) -> tuple[nx.Graph, dict[str, Any]]:
    """The state graph with its `keep` best-connected states and one "other" node per bloc
    for the rest (signs summed); the balance result restricted to what is drawn.

    A graph of at most `keep` states comes back unchanged.
    """
    balance = dict(balance or {})
    nodes = sorted(str(n) for n in G_state.nodes)
    if len(nodes) <= keep and G_state.number_of_edges() <= TOP_STATE_EDGES:
        return G_state, balance
    blocs = {str(k): int(v) for k, v in (balance.get("blocs") or {}).items()}
    kept = _kept(_strength(G_state), nodes, keep)
    merged: dict[str, list[str]] = defaultdict(list)
    for n in nodes:
        if n not in kept:
            merged[f"{OTHER_PREFIX}{blocs.get(n, -1)}"].append(n)
    where = {n: n for n in kept} | {m: k for k, ms in merged.items() for m in ms}
    H = nx.Graph()
    for n in sorted(kept):
        H.add_node(n, **G_state.nodes[n])
    for key, members in sorted(merged.items()):
        b = blocs.get(members[0], -1)
        H.add_node(key, name=f"{len(members)} other states" + (f" (bloc {b})" if b >= 0 else ""),
                   type="state")
    _merge_state_edges(G_state, H, where)
    new_blocs = {n: blocs.get(n, -1) for n in kept} | {
        k: blocs.get(ms[0], -1) for k, ms in merged.items()}
    balance["blocs"] = new_blocs
    balance["frustrated_edges"] = [e for e in balance.get("frustrated_edges") or []
                                   if all(str(x) in kept for x in e)]
    return H, balance


def _merge_state_edges(G: nx.Graph, H: nx.Graph, where: dict[str, str]) -> None:
    """Add G's edges to H between the nodes they map to, summing weights and counts."""
    agg: dict[tuple[str, str], dict[str, Any]] = {}
    for u, v, d in G.edges(data=True):
        a, b = sorted((where[str(u)], where[str(v)]))
        if a == b:
            continue
        e = agg.setdefault((a, b), {"weight": 0, "n_positive": 0, "n_negative": 0,
                                    "n_neutral": 0, "modalities": [], "n_edges": 0})
        for k in ("weight", "n_positive", "n_negative", "n_neutral"):
            e[k] += _i(d.get(k))
        e["modalities"].append(_s(d.get("modality")))
        e["n_edges"] += 1
        e["ids"] = _s(d.get("relation_ids"))
    heaviest = sorted(agg, key=lambda k: (-(agg[k]["n_positive"] + agg[k]["n_negative"]
                                           + agg[k]["n_neutral"]), k))[:TOP_STATE_EDGES]
    for (a, b) in sorted(heaviest):
        e = agg[(a, b)]
        w = e["weight"]
        H.add_edge(a, b, weight=w, sign=(w > 0) - (w < 0), n_positive=e["n_positive"],
                   n_negative=e["n_negative"], n_neutral=e["n_neutral"],
                   modality=_firmest(e["modalities"]),
                   relation_ids=(f"{e['n_edges']} state pairs merged" if e["n_edges"] > 1
                                 else e["ids"]))


def top_actor_graph(G_actor: nx.MultiDiGraph, keep: int = TOP_ACTORS,
                    arrows: int = TOP_ARROWS) -> nx.MultiDiGraph:
    """The actor graph with its `keep` best-connected actors by name, the others merged
    into one node per actor type, and only the `arrows` heaviest arrows (one arrow: a
    source, target, sign and modality). A small graph comes back unchanged."""
    nodes = sorted(str(n) for n in G_actor.nodes)
    if len(nodes) <= keep:
        return G_actor
    degree: dict[str, int] = defaultdict(int)
    for u, v in G_actor.edges():
        if u != v:
            degree[str(u)] += 1
            degree[str(v)] += 1
    kept = set(sorted(nodes, key=lambda n: (-degree.get(n, 0), n))[:keep])
    where, counts = {}, defaultdict(int)
    for n in nodes:
        ntype = _s(G_actor.nodes[n].get("type")) or "unknown"
        where[n] = n if n in kept else f"{OTHER_PREFIX}{ntype}"
        counts[where[n]] += n not in kept
    groups: dict[tuple[str, str, int, str], list] = defaultdict(list)
    for u, v, k, d in G_actor.edges(keys=True, data=True):
        a, b = where[str(u)], where[str(v)]
        if a != b and (a in kept or b in kept):
            groups[(a, b, int(np.sign(_i(d.get("sign")))), _s(d.get("modality")))].append((k, d))
    heavy = sorted(groups, key=lambda g: (-len(groups[g]), g))[:arrows]
    H = nx.MultiDiGraph()
    for g in sorted(heavy):
        for a in g[:2]:
            if a not in H:
                attrs = dict(G_actor.nodes[a]) if a in kept else {
                    "name": f"{counts[a]} other "
                            f"{a.removeprefix(OTHER_PREFIX).replace('_', ' ')} actors",
                    "type": a.removeprefix(OTHER_PREFIX)}
                H.add_node(a, **attrs)
        for k, d in groups[g]:
            H.add_edge(g[0], g[1], key=k, **d)
    return H


# --------------------------------------------------------------------------- over time
TYPE_LINE_COLOURS: tuple[str, ...] = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00",
                                      "#56B4E9", "#999999")


def plot_claims_over_time(counts: pd.DataFrame, path_png: Path | str,
                          title: str = "Claims per week, by claim type") -> Path:
    """Draw one line per claim type of the claims per week (`counts`: a `week` column and
    one column per type, as `corpus.claims_by_week_and_type` returns); PNG + CSV.

    One week (a single article, a one-week corpus) is drawn as bars instead of points.
    """
    types = [c for c in counts.columns if c != "week"]
    with mpl.rc_context(RC):
        fig = _new_figure((10.0, 4.2))
        ax = fig.add_axes((0.07, 0.16, 0.66, 0.7))
        fig.suptitle(title, x=0.02, ha="left", fontweight="bold")
        if counts.empty or not types:
            _empty(ax, "No dated claims to draw")
            return _save(fig, path_png, counts)
        x = np.arange(len(counts))
        for k, ctype in enumerate(types):
            colour = TYPE_LINE_COLOURS[k % len(TYPE_LINE_COLOURS)]
            y = counts[ctype].to_numpy(dtype=float)
            if len(counts) == 1:
                ax.bar(k, y[0], color=colour, label=str(ctype))
            else:
                ax.plot(x, y, color=colour, lw=2, marker="o", ms=3.5, label=str(ctype))
        if len(counts) == 1:
            ax.set_xticks(range(len(types)), [str(c) for c in types], rotation=30, ha="right")
            ax.set_xlabel(f"week of {counts['week'].iloc[0]}")
        else:
            step = max(1, len(counts) // 10)
            ax.set_xticks(x[::step], list(counts["week"])[::step], rotation=30, ha="right")
            ax.set_xlabel("week (Monday)")
        ax.set_ylabel("claims")
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False,
                  title="claim type")
        return _save(fig, path_png, counts)
