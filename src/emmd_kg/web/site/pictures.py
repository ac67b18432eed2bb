"""The home page's pictures as geometry: boxes, lines and text, drawn by ``home.html``.

Python lays the pictures out (positions, wrapped lines, links); the template writes the
SVG elements with Jinja's autoescaping, so no markup is ever assembled from data here.

**Tree.**  The hierarchy (``org:subOrganizationOf``) is drawn top-down like an
organisation chart: each leaf gets a column, each parent sits above the middle of its
children.  Organisations outside the hierarchy (the hub and its networks) form the top
row, the one with most relations in the middle.  Partnerships and memberships run from
a box's side through the gap between columns to a bus under the top row.

**Matrix.**  A grid of concept rows × organisation columns; each cell lists the
responsible organisations, each with its own wording.
"""

from __future__ import annotations

import textwrap
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from ...linked.overview import Cell, Edge, Matrix

SLOT, BOX_W, BOX_H, ROW, MARGIN = 190, 160, 58, 110, 12
LINE_H = 15
HEAD_W, COL_W, HEAD_H = 230, 250, 44
MAX_DEPTH = 32
MAX_NODES, MAX_ROWS, MAX_COLUMNS = 300, 200, 12
"""Beyond these sizes a picture would not be readable: it is left out (the data stays
available as documents and through SPARQL)."""


@dataclass(frozen=True)
class Box:
    """A labelled, linked rectangle; ``lines`` are the wrapped name, ``name`` the full one."""

    x: float
    y: float
    width: float
    height: float
    lines: tuple[str, ...]
    name: str
    href: str | None
    kind: str


@dataclass(frozen=True)
class Link:
    """A line of the picture: SVG path data and its kind (hierarchy, partner, member)."""

    path: str
    kind: str


@dataclass
class Picture:
    """Everything the template draws, and the size of the canvas."""

    width: float
    height: float
    boxes: list[Box] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    texts: list[Box] = field(default_factory=list)


def wrap(text: str, width: int, lines: int) -> tuple[str, ...]:
    """``text`` in at most ``lines`` lines of ``width`` characters (ellipsis if cut)."""
    return tuple(textwrap.wrap(text, width, max_lines=lines, placeholder=" …") or [""])


def tree(
    edges: list[Edge],
    name: Callable[[str], str],
    href: Callable[[str], str | None],
    labels: dict[str, str],
) -> Picture | None:
    """The organisation tree of ``edges``; ``labels`` names the kinds for the legend.

    None if there is nothing to draw or too much (over ``MAX_NODES`` organisations).
    """
    nodes = {n for e in edges for n in (e.source, e.target)}
    if not nodes or len(nodes) > MAX_NODES:
        return None
    column, depth, slots = _levels(edges, by_name(name))
    row = _top_row(edges, nodes - set(column), name)
    width = max(slots, len(row), 1)
    top_y = MARGIN if row else MARGIN - ROW
    picture = Picture(width * SLOT + 2 * MARGIN, 0)
    centre: dict[str, tuple[float, float]] = {}
    for i, node in enumerate(row):
        centre[node] = (MARGIN + (i + (width - len(row)) / 2 + 0.5) * SLOT, top_y + BOX_H / 2)
    for node, col in column.items():
        centre[node] = (MARGIN + (col + 0.5) * SLOT, top_y + (depth[node] + 1) * ROW + BOX_H / 2)
    for node, (x, y) in sorted(centre.items()):
        kind = "hub" if node in row else f"level-{min(depth[node], 3)}"
        lines = wrap(name(node), 24, 3)
        box = Box(x - BOX_W / 2, y - BOX_H / 2, BOX_W, BOX_H, lines, name(node), href(node), kind)
        picture.boxes.append(box)
    bus = top_y + BOX_H + 22
    arrivals: Counter[str] = Counter()
    for e in edges:
        picture.links.append(Link(_route(e, centre, row, bus, arrivals), e.kind))
    legend_y = max(y for _, y in centre.values()) + BOX_H / 2 + 24
    for i, kind in enumerate(("hierarchy", "partner", "member")):
        x = MARGIN + i * 200
        picture.links.append(Link(f"M{x} {legend_y} h40", kind))
        legend = (labels[kind],)
        picture.texts.append(
            Box(x + 48, legend_y + 4, 150, LINE_H, legend, legend[0], None, "legend")
        )
    picture.height = legend_y + 2 * MARGIN
    return picture


def _levels(
    edges: list[Edge], ordered: Callable[[list[str]], list[str]]
) -> tuple[dict[str, float], dict[str, int], int]:
    """Column and depth of each organisation in the hierarchy, and the columns used.

    Each leaf takes the next column, each parent sits above the middle of its children;
    roots first, then what is in a cycle (no root above it).
    """
    parents: dict[str, list[str]] = defaultdict(list)
    children: dict[str, list[str]] = defaultdict(list)
    for e in edges:
        if e.kind == "hierarchy":
            parents[e.source].append(e.target)
            children[e.target].append(e.source)
    in_hierarchy = set(parents) | set(children)
    column: dict[str, float] = {}
    depth: dict[str, int] = {}
    slots = [0]

    def place(node: str, level: int) -> None:
        depth[node] = level
        column[node] = -1
        kids = [k for k in ordered(children.get(node, [])) if k not in column]
        if level < MAX_DEPTH and kids:
            for kid in kids:
                place(kid, level + 1)
            column[node] = (column[kids[0]] + column[kids[-1]]) / 2
        else:
            column[node], slots[0] = slots[0], slots[0] + 1

    for root in ordered([n for n in in_hierarchy if not parents.get(n)]):
        place(root, 0)
    for node in ordered(list(in_hierarchy - set(column))):
        if node not in column:
            place(node, 0)
    return column, depth, slots[0]


def _top_row(edges: list[Edge], outside: set[str], name: Callable[[str], str]) -> list[str]:
    """The organisations outside the hierarchy: the best connected in the middle."""
    degree = Counter(n for e in edges for n in (e.source, e.target))
    row: list[str] = []
    for i, node in enumerate(sorted(outside, key=lambda n: (-degree[n], name(n).casefold()))):
        if i % 2:
            row.insert(0, node)
        else:
            row.append(node)
    return row


def _route(
    e: Edge,
    centre: dict[str, tuple[float, float]],
    row: list[str],
    bus: float,
    arrivals: Counter[str],
) -> str:
    (x1, y1), (x2, y2) = centre[e.source], centre[e.target]
    if e.kind == "hierarchy":  # parent bottom → elbow → child top
        mid = (y1 + y2) / 2
        return f"M{x2} {y2 + BOX_H / 2} V{mid} H{x1} V{y1 - BOX_H / 2}"
    if e.source in row and e.target in row:
        shift = -8 if e.kind == "member" else 8
        if abs(row.index(e.source) - row.index(e.target)) == 1:
            side = BOX_W / 2 if x2 > x1 else -BOX_W / 2
            return f"M{x1 + side} {y1 + shift} H{x2 - side}"
        return f"M{x1} {y1 - BOX_H / 2} C{x1} {y1 - 60} {x2} {y2 - 60} {x2} {y2 - BOX_H / 2}"
    if e.target in row or e.source in row:  # beside the box, up the gap, along the bus
        hub = e.target if e.target in row else e.source
        (lx, ly), (hx, hy) = centre[e.source if hub == e.target else e.target], centre[hub]
        arrivals[hub] += 1
        end_x = hx + ((arrivals[hub] % 7) - 3) * 10
        sign = 1 if hx >= lx else -1
        gap = lx + sign * SLOT / 2
        points = [
            (lx + sign * BOX_W / 2, ly),
            (gap, ly),
            (gap, bus),
            (end_x, bus),
            (end_x, hy + BOX_H / 2),
        ]
        if hub == e.source:
            points.reverse()
        return "M" + " L".join(f"{x:g} {y:g}" for x, y in points)
    return f"M{x1} {y1} L{x2} {y2}"


def grid(
    m: Matrix,
    name: Callable[[str], str],
    short: Callable[[str], str],
    href: Callable[[str], str | None],
) -> Picture | None:
    """The responsibility matrix: header row, header column, one cell per pair.

    None if it has no rows or columns, or more than ``MAX_ROWS`` × ``MAX_COLUMNS``.
    """
    rows, columns = axes(m, name)
    if not 0 < len(rows) <= MAX_ROWS or not 0 < len(columns) <= MAX_COLUMNS:
        return None
    picture = Picture(HEAD_W + len(columns) * COL_W + 2 * MARGIN, 0)
    for j, col in enumerate(columns):
        x = MARGIN + HEAD_W + j * COL_W
        lines = wrap(name(col), 34, 2)
        picture.boxes.append(Box(x, MARGIN, COL_W, HEAD_H, lines, name(col), href(col), "column"))
    y: float = MARGIN + HEAD_H
    for concept in rows:
        entries = [m.cells.get((concept, col), ()) for col in columns]
        height = max(2 * LINE_H, *(len(cell) * 3 * LINE_H for cell in entries)) + 10
        lines = wrap(name(concept), 32, 3)
        head = Box(MARGIN, y, HEAD_W, height, lines, name(concept), href(concept), "row")
        picture.boxes.append(head)
        for j, cell in enumerate(entries):
            x = MARGIN + HEAD_W + j * COL_W
            picture.boxes.append(Box(x, y, COL_W, height, (), "", None, "cell"))
            for k, found in enumerate(cell):
                picture.texts.extend(
                    _entry(found, x + 8, y + 6 + k * 3 * LINE_H, name, short, href)
                )
        y += height
    picture.height = y + MARGIN
    return picture


def _entry(
    found: Cell,
    x: float,
    top: float,
    name: Callable[[str], str],
    short: Callable[[str], str],
    href: Callable[[str], str | None],
) -> tuple[Box, Box]:
    """One responsible organisation of a cell: its wording, then its (short) name."""
    wording, organisation = name(found.wording), name(found.organisation)
    lines = wrap(wording, 36, 1)
    return (
        Box(x, top + LINE_H, COL_W - 16, LINE_H, lines, wording, href(found.wording), "wording"),
        Box(
            x,
            top + 2 * LINE_H,
            COL_W - 16,
            LINE_H,
            ("– " + short(found.organisation),),
            organisation,
            href(found.organisation),
            "organisation",
        ),
    )


def axes(m: Matrix, name: Callable[[str], str]) -> tuple[list[str], list[str]]:
    """The matrix's rows and columns in the order they are shown (by name)."""
    order = by_name(name)
    return order(list(m.rows)), order(list(m.columns))


def by_name(name: Callable[[str], str]) -> Callable[[list[str]], list[str]]:
    """A sort of IRIs by their names (case-insensitive), ties by IRI."""
    return lambda iris: sorted(set(iris), key=lambda iri: (name(iri).casefold(), iri))
