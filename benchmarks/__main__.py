"""`python -m benchmarks`: every row of DESIGN §9 on synthetic corpora; exits 1 when one misses.

Each row is measured on the real code path (the real window and text view, the store, importers,
exporters, agreement) next to a baseline measured in the same run, so the ratio means something
on any machine. `--only ui,store,process,agreement` runs some groups.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import asdict
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from . import ROOT  # noqa: E402
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


def group_in_own_process(name: str, folder: Path) -> list[Row]:
    """A group's rows, measured in a fresh interpreter: the corpora and windows of the groups
    before it would otherwise fill the heap the next group is measured in (importing 10,000
    articles after the window rows took ~0.15 s longer than alone)."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--group", name, str(folder)],
        stdout=subprocess.PIPE,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return [Row(**fields) for fields in json.loads(done.stdout.splitlines()[-1])]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--only", default=",".join(GROUPS), help="comma-separated groups")
    parser.add_argument("--group", nargs=2, metavar=("NAME", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.group:  # one group, in the process group_in_own_process started
        name, folder = args.group
        print(json.dumps([asdict(row) for row in run_group(name, Path(folder))]))
        return 0
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="annotator-bench-") as tmp:
        for name in args.only.split(","):
            folder = Path(tmp) / name
            folder.mkdir()
            print(f"running {name}…", file=sys.stderr, flush=True)
            rows += group_in_own_process(name, folder)
    print(f"Benchmarks, {date.today().isoformat()}, {os.cpu_count()} cores\n")
    print(table(rows))
    missed = [row.work for row in rows if not row.passed]
    if missed:
        print(f"\n{len(missed)} targets missed: " + "; ".join(missed))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
