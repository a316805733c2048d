"""Timing helpers and the result table: each row has a target, a baseline and a verdict."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    """One line of DESIGN §9: what was measured against its target and a same-run baseline."""

    work: str
    measured: float
    target: float
    unit: str  # "ms", "MB" or "rows/s"
    baseline: float
    baseline_name: str
    higher_is_better: bool = False
    floor_ratio: float | None = None  # e.g. 0.5 for "≥ 0.5x raw sqlite3 rows/s"

    @property
    def ratio(self) -> float:
        return self.measured / self.baseline if self.baseline else float("inf")

    @property
    def passed(self) -> bool:
        if self.higher_is_better:
            within = self.measured >= self.target
        else:
            within = self.measured <= self.target
        if self.floor_ratio is not None:
            within = within and self._ratio_ok()
        return within

    def _ratio_ok(self) -> bool:
        if self.higher_is_better:
            return self.ratio >= self.floor_ratio
        return self.ratio <= self.floor_ratio

    def target_text(self) -> str:
        sign = "≥" if self.higher_is_better else "≤"
        text = f"{sign} {self.target:,.0f} {self.unit}"
        if self.floor_ratio is not None:
            text += f", {sign} {self.floor_ratio:g}x baseline"
        return text


def median_ms(work: Callable[[], object], repeats: int, setup: Callable[[], object] = lambda: None):
    """Median wall time of `work` in milliseconds; `setup` runs untimed before each repeat."""
    times = []
    for _ in range(repeats):
        setup()
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def table(rows: list[Row]) -> str:
    header = ("work", "measured", "target", "baseline (same run)", "ratio", "result")
    lines = [header]
    for row in rows:
        lines.append(
            (
                row.work,
                f"{row.measured:,.1f} {row.unit}",
                row.target_text(),
                f"{row.baseline_name}: {row.baseline:,.1f} {row.unit}",
                f"{row.ratio:.2f}x",
                "pass" if row.passed else "FAIL",
            )
        )
    out = ["| " + " | ".join(line) + " |" for line in lines]
    out.insert(1, "|" + "|".join("---" for _ in header) + "|")
    return "\n".join(out)
