"""Plain-text tables for the reports: Markdown, so RESULTS.md can hold them as printed.

>>> print(table(["size", "seconds"], [["real", seconds(0.4321)], ["10000", seconds(12.5)]]))
| size | seconds |
| --- | ---: |
| real | 0.43 |
| 10000 | 12.5 |
>>> ratio(10.0, 4.0), ratio(1.0, 0.0)
('2.50×', '–')
"""

from __future__ import annotations

from collections.abc import Sequence

NUMERIC = set("0123456789.,–-×%")


def seconds(value: float | None) -> str:
    """Seconds with two decimals below 10, one above."""
    if value is None:
        return "–"
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def millis(value: float | None) -> str:
    """Milliseconds, precision fitting their size."""
    if value is None:
        return "–"
    return f"{value:.2f}" if value < 10 else f"{value:.0f}"


def rate(value: float | None) -> str:
    """Requests per second."""
    if value is None:
        return "–"
    return f"{value:.1f}" if value < 100 else f"{value:,.0f}"


def ratio(numerator: float | None, denominator: float | None) -> str:
    """``numerator / denominator`` as "2.50×", or a dash when either is missing or zero."""
    if not numerator or not denominator:
        return "–"
    return f"{numerator / denominator:.2f}×"


def share(part: float, whole: float) -> str:
    """``part`` as a percentage of ``whole``."""
    return f"{100 * part / whole:.0f} %" if whole else "–"


def _numeric(column: Sequence[str]) -> bool:
    return all(cell == "" or set(cell) <= NUMERIC | {" "} for cell in column)


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table; columns holding only numbers are right-aligned."""
    cells = [[str(c) for c in row] for row in rows]
    columns = list(zip(*cells, strict=True)) if cells else [()] * len(headers)
    align = ["---:" if col and _numeric(col) else "---" for col in columns]
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in cells]
    return "\n".join(lines)


def heading(text: str, level: int = 2) -> str:
    """A Markdown heading, set off by blank lines."""
    return f"\n{'#' * level} {text}\n"
