"""The wheel carries its resources and seeds: build it, install it in a fresh venv, load them there."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ["pyproject.toml", "README.md", "annotator", "resources", "seeds"]

# Runs inside the fresh venv, from a folder with no source tree in it.
PROBE = textwrap.dedent(
    """
    import hashlib, json
    from pathlib import Path
    import annotator, annotator.shipped as shipped
    from annotator.formats.plaintext import document_from_text

    seeds = shipped.seed_files()
    docs = [document_from_text(f.read_text(encoding="utf-8"), f.name, Path(f.name)) for f in seeds]
    print(json.dumps({
        "package": annotator.__file__,
        "labels": [(lab.key, lab.shortcut) for lab in shipped.default_labels()],
        "seeds": {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in seeds},
        "dates": {d.meta["source_file"]: d.meta.get("date") for d in docs},
        "carriage_returns": sum("\\r" in d.text for d in docs),
    }))
    """
)


def run(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [str(part) for part in command], cwd=cwd, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.mark.slow
def test_wheel_installs_and_finds_its_schema_and_seeds(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(
                ROOT / name,
                source / name,
                ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"),
            )
        else:
            shutil.copy2(ROOT / name, source / name)

    dist = tmp_path / "dist"
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", dist, source, cwd=tmp_path)
    (wheel,) = dist.glob("annotator-*.whl")

    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    run(
        sys.executable, "-m", "pip", "--python", python,
        "install", "--no-deps", "--no-index", wheel,
        cwd=tmp_path,
    )  # fmt: skip

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    found = json.loads(run(python, "-c", PROBE, cwd=elsewhere).stdout)

    assert Path(found["package"]).is_relative_to(venv)
    assert found["labels"] == [
        ["actor", "1"],
        ["location", "2"],
        ["casualty_claim", "3"],
        ["source", "4"],
    ]
    shipped = {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (ROOT / "seeds").glob("*.txt")
    }
    assert found["seeds"] == shipped  # byte for byte: CRLF seeds keep their CRLF
    assert found["carriage_returns"] == 0
    assert sum(date is not None for date in found["dates"].values()) >= 3
