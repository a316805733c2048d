"""`python -m benchmarks`: every row of DESIGN §9 on synthetic corpora; exits 1 when one misses.

Each row is measured on the real code path (the real window and text view, the store, importers,
exporters, agreement) next to a baseline measured in the same run, so the ratio means something
on any machine. `--only ui,store,process,agreement` runs some groups.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from .measure import Row, table  # noqa: E402

GROUPS = ("process", "ui", "store", "agreement")


def run_group(name: str, folder: Path) -> list[Row]:
    # Imported per group, so `--only store` needs no Qt.
    if name == "process":
        from .bench_process import memory_rows, startup_rows

        return startup_rows(folder) + memory_rows(folder)
    if name == "ui":
        from .bench_ui import ui_rows

        return ui_rows(folder)
    if name == "store":
        from .bench_store import store_rows

        return store_rows(folder)
    from .bench_agreement import agreement_rows

    return agreement_rows()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--only", default=",".join(GROUPS), help="comma-separated groups")
    args = parser.parse_args(argv)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="annotator-bench-") as tmp:
        for name in args.only.split(","):
            folder = Path(tmp) / name
            folder.mkdir()
            print(f"running {name}…", file=sys.stderr, flush=True)
            rows += run_group(name, folder)
    print(f"Benchmarks, {date.today().isoformat()}, {os.cpu_count()} cores\n")
    print(table(rows))
    missed = [row.work for row in rows if not row.passed]
    if missed:
        print(f"\n{len(missed)} targets missed: " + "; ".join(missed))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
