"""Speed and memory benchmarks of DESIGN §9: `python -m benchmarks` (see __main__)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the checkout, where `-m benchmarks…` runs
