"""Run a child Python script until it prints a marker line, then SIGKILL it: crash tests share it."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def run_until_marker(script: str, *args: str, marker: str = "committed") -> list[str]:
    """Start `script`, read lines until one starts with `marker`, kill -9 the child; its words."""
    child = subprocess.Popen(
        [sys.executable, "-c", script, *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
    )
    try:
        line = child.stdout.readline()
        while line and not line.startswith(marker):
            line = child.stdout.readline()
        assert line, f"the child ended before saying {marker!r}: {child.stderr.read()}"
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL
    return line.split()[1:]


def integrity_ok(path: Path) -> bool:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()
