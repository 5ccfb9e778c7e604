"""Statistics and the markdown table.

For each (metric, row): the median and the p99 of every sample pooled over the rounds
(for a higher-is-better metric, "p99" is the 1st percentile: the worst 1 %), and paired
ratios: per round, the row's median over the reference row's median in that same round
(inverted for higher-is-better, so >1 always means slower / costlier), then the median of
those per-round ratios.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bench.metrics import Metric

__all__ = ["Cell", "cell_summary", "markdown_table", "percentile"]


@dataclass
class Cell:
    """The samples of one row in one metric, per round, plus any errors."""

    rounds: list[list[float]] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # client CPU seconds per call
    errors: list[str] = field(default_factory=list)

    @property
    def samples(self) -> list[float]:
        return [s for r in self.rounds for s in r]


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) with linear interpolation (numpy's default)."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    k = (len(ordered) - 1) * q / 100
    lo, hi = math.floor(k), math.ceil(k)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def paired_ratio(metric: Metric, cell: Cell, ref: Cell | None) -> float | None:
    """Median over rounds of this round's cost ratio to ``ref`` (>1: slower than ref)."""
    if ref is None:
        return None
    ratios = []
    for mine, theirs in zip(cell.rounds, ref.rounds, strict=False):
        if not mine or not theirs:
            continue
        a, b = statistics.median(mine), statistics.median(theirs)
        if metric.higher_is_better:
            a, b = b, a
        if b > 0:
            ratios.append(a / b)
    return statistics.median(ratios) if ratios else None


def cell_summary(metric: Metric, cell: Cell, floor: Cell | None, js: Cell | None) -> dict[str, Any]:
    samples = cell.samples
    summary: dict[str, Any] = {"n": len(samples), "errors": cell.errors}
    if samples:
        worst = 1.0 if metric.higher_is_better else 99.0
        summary["median"] = statistics.median(samples)
        summary["p99"] = percentile(samples, worst)
        summary["vs_floor"] = paired_ratio(metric, cell, floor)
        summary["vs_js"] = paired_ratio(metric, cell, js)
    return summary


def _num(value: float) -> str:
    if math.isnan(value):
        return "—"
    magnitude = abs(value)
    if magnitude >= 1000:
        return f"{value:,.0f}"
    if magnitude >= 100:
        return f"{value:.0f}"
    if magnitude >= 10:
        return f"{value:.1f}"
    if magnitude >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def _ratio(value: float | None, is_ref: bool) -> str:
    if is_ref:
        return "1 (ref)"
    return "—" if value is None else f"{value:.2f}×"


def _escape(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text.replace("|", "\\|")


def markdown_table(
    metrics: Sequence[Metric],
    results: dict[str, dict[str, Cell]],
    rows: Sequence[str],
) -> str:
    """One markdown table: a group of lines per metric, a line per row."""
    lines = [
        "| metric | row | median | p99 | samples | vs floor | vs js |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for metric in metrics:
        cells = results.get(metric.key, {})
        names = [name for name in rows if name in cells]
        if not names:
            continue
        floor, js = cells.get(metric.floor), cells.get("js")
        label = f"{metric.title} ({metric.unit}; floor: {metric.floor})"
        if metric.higher_is_better:
            label = f"{metric.title} ({metric.unit}, higher is better; p99 = worst 1 %)"
            label += f"; floor: {metric.floor}"
        for i, name in enumerate(names):
            cell = cells[name]
            first = _escape(label, 200) if i == 0 else ""
            if not cell.samples:
                error = cell.errors[0] if cell.errors else "no samples"
                lines.append(f"| {first} | {name} | error: {_escape(error)} | | | | |")
                continue
            s = cell_summary(metric, cell, floor, js)
            errors = f" ({len(cell.errors)} errors)" if cell.errors else ""
            lines.append(
                f"| {first} | {name} | {_num(s['median'] * metric.scale)} "
                f"| {_num(s['p99'] * metric.scale)} | {s['n']}{errors} "
                f"| {_ratio(s['vs_floor'], name == metric.floor)} "
                f"| {_ratio(s['vs_js'], name == 'js')} |"
            )
    return "\n".join(lines)
