"""Rows measured in fresh processes: start-up time to a painted window, and peak memory."""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

from annotator.importing import import_paths
from annotator.project import APP_NAME, PROJECT_SUFFIX
from annotator.store import Store

from . import ROOT
from .corpus import article, project_with, spans_over
from .measure import Row
from .probe import PAINTED

# As installed: compiled modules are cached (pip compiles them at install), so start-up is not
# measured with a compile of every module, as PYTHONDONTWRITEBYTECODE would make it.
INSTALLED_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
SEEDS = ROOT / "seeds"


def run_probe(*args: str, lines: int = 0, env: dict | None = None, finish: bool = False):
    """Milliseconds from starting the process to its first painted window, and `lines` more lines.

    The child is then killed: background work it started (suggestions over a 1 MB article)
    would otherwise keep it alive, and what it does after painting is not measured. With
    `finish`, it is left to quit as the app does (saving its settings).
    """
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.probe", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=ROOT,
        env={**INSTALLED_ENV, **(env or {})},
    )
    line = child.stdout.readline()
    elapsed = (time.perf_counter() - started) * 1000
    rest = [child.stdout.readline().strip() for _ in range(lines)]
    if not finish:
        child.kill()
    child.wait(timeout=60)
    child.stdout.close()
    assert line.strip() == PAINTED, f"the probe {args} did not paint: {line!r}"
    return elapsed, rest


def settings_file(path: Path) -> str:
    """Settings of a user who turned automatic suggestions off (see bench_ui.SUGGESTIONS)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("[General]\nsuggest=false\nannotator=bench\n")
    return str(path)


def startup_rows(folder: Path, repeats: int = 15) -> list[Row]:
    """`annotator` run alone, as from a desktop icon: the default project of these XDG folders."""
    xdg = {"XDG_DATA_HOME": str(folder / "data"), "XDG_CONFIG_HOME": str(folder / "config")}
    project = folder / "data" / APP_NAME / f"default{PROJECT_SUFFIX}"
    project.parent.mkdir(parents=True)
    store = Store.open(project)
    import_paths(store, [SEEDS])
    store.close()
    settings_file(folder / "config" / APP_NAME / f"{APP_NAME}.conf")
    run_probe("launch", env=xdg, finish=True)  # the first run opens and remembers a document
    # Interleaved, so that a slow minute on this shared machine slows both sides alike.
    apps, empties = [], []
    for _ in range(repeats):
        apps.append(run_probe("launch", env=xdg)[0])
        empties.append(run_probe("empty")[0])
    app, empty = statistics.median(apps), statistics.median(empties)
    return [
        Row(
            "start to a usable window with the last document",
            app,
            300,
            "ms",
            empty,
            "empty QMainWindow start",
            floor_ratio=2.0,
        )
    ]


def memory_rows(folder: Path) -> list[Row]:
    rng = random.Random(13)
    project = folder / "memory.annotator"
    doc_id, _ = project_with(
        project, article(rng, 1_000_000), lambda t, d: spans_over(t, d, 10_000, rng)
    )
    _, (printed,) = run_probe(
        "memory", str(project), settings_file(folder / "memory.ini"), doc_id, lines=1
    )
    empty_rss = _empty_rss()
    return [
        Row(
            "memory with a 1 MB article and 10,000 spans open",
            float(printed.removeprefix("rss ")),
            200,
            "MB",
            empty_rss,
            "empty QMainWindow RSS",
        )
    ]


def _empty_rss() -> float:
    code = (
        "import os; os.environ.setdefault('QT_QPA_PLATFORM', 'offscreen');"
        "from PySide6.QtWidgets import QApplication, QMainWindow;"
        "app = QApplication([]); w = QMainWindow(); w.show(); app.processEvents();"
        "from benchmarks.probe import peak_rss_mb; print(peak_rss_mb())"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return float(result.stdout.split()[-1])
