"""The `annotator` command, in-process with click's runner and as a real subprocess."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.model import Span, new_id
from annotator.project import default_project_path
from annotator.store import Store

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
ARTICLE = "date 2024-04-18 Fighting spread to El Fasher, residents said.\r\n\r\nEleven died.\r\n"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def articles(tmp_path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "fasher.txt").write_bytes(ARTICLE.encode())
    (folder / "idlib.txt").write_text("Airstrikes hit Idlib 🇸🇾 overnight.", encoding="utf-8")
    return folder


# -- in-process ------------------------------------------------------------------------------


def test_import_then_info_reports_the_documents(articles, project_path):
    result = run("import", str(articles), "--project", str(project_path))
    assert result.exit_code == 0, result.output
    assert "2 documents added from 2 files" in result.stdout
    info = run("info", "--json", "-p", str(project_path))
    data = json.loads(info.stdout)
    assert data["documents"] == 2 and data["spans"] == 0
    assert data["path"] == str(project_path)
    text = run("info", "-p", str(project_path)).stdout
    assert "documents: 2" in text and "casualty_claim: 0" in text


def test_import_of_a_bad_file_exits_non_zero_with_the_reason_on_stderr(tmp_path, project_path):
    bad = tmp_path / "latin1.txt"
    bad.write_bytes(b"Caf\xe9 bombed")
    good = tmp_path / "good.txt"
    good.write_text("Clashes near Jableh.")
    result = run("import", str(bad), str(good), "-p", str(project_path))
    assert result.exit_code == 1
    assert f"{bad}:1: not valid UTF-8" in result.stderr and "byte offset 3" in result.stderr
    assert "1 documents added" in result.stdout
    assert "latin1" not in result.stdout


def test_importing_the_same_file_twice_reports_the_duplicate(articles, project_path):
    run("import", str(articles), "-p", str(project_path))
    again = run("import", str(articles / "idlib.txt"), "-p", str(project_path))
    assert again.exit_code == 0
    assert "skipped: idlib.txt is already in the project" in again.stderr
    assert Store.open(project_path).document_count() == 2


def test_a_project_that_is_not_ours_is_refused(tmp_path, articles):
    wrong = tmp_path / "notes.txt"
    wrong.write_text("not a database")
    result = run("import", str(articles), "-p", str(wrong))
    assert result.exit_code != 0
    assert "not an Annotator project" in result.stderr and str(wrong) in result.stderr
    assert wrong.read_text() == "not a database"


def test_export_jsonl_then_import_into_a_new_project_reproduces_spans(articles, tmp_path):
    source = tmp_path / "source.annotator"
    run("import", str(articles), "-p", str(source))
    store = Store.open(source)
    doc = next(d for d in store.documents() if "Idlib" in d.text)
    start = doc.text.index("Idlib")
    span = Span(new_id(), doc.id, "amal", start, start + 5, "location", "Idlib", {"k": 1}, "n")
    store.add_span(span)
    store.close()

    out = tmp_path / "out.jsonl"
    result = run("export", "--format", "jsonl", "-o", str(out), "-p", str(source))
    assert result.exit_code == 0
    assert f"2 documents written to {out}" in result.stdout and "code points" in result.stdout

    target = tmp_path / "target.annotator"
    assert run("import", str(out), "-p", str(target)).exit_code == 0
    copied = Store.open(target)
    (got,) = copied.spans(doc.id)
    assert (got.id, got.start, got.end, got.label, got.text, got.attributes, got.note) == (
        span.id,
        span.start,
        span.end,
        "location",
        "Idlib",
        {"k": 1},
        "n",
    )
    assert copied.status(doc.id, "amal") == "in_progress"


def test_export_to_a_missing_folder_fails_cleanly(project_path, tmp_path):
    run("info", "-p", str(project_path))
    out = tmp_path / "no" / "such" / "folder" / "out.jsonl"
    result = run("export", "-o", str(out), "-p", str(project_path))
    assert result.exit_code == 1
    assert "export failed" in result.stderr and str(out) in result.stderr


def test_where_names_the_default_project_and_the_annotator():
    result = run("where")
    assert result.exit_code == 0
    assert f"default project: {default_project_path()}" in result.stdout
    assert "annotator: " in result.stdout


def test_info_without_a_project_creates_the_seeded_default():
    result = run("info", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["path"] == str(default_project_path())
    assert data["documents"] == len(list(SEEDS.glob("*.txt")))


# -- a real subprocess -----------------------------------------------------------------------


def annotator_cmd(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    script = Path(sys.executable).with_name("annotator")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "annotator.cli"]
    return subprocess.run(
        [*command, *args],
        cwd=cwd,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


@pytest.mark.slow
def test_real_process_import_export_info_where(articles, tmp_path):
    project = tmp_path / "p.annotator"
    imported = annotator_cmd("import", str(articles), "-p", str(project), cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    assert "2 documents added" in imported.stdout

    out = tmp_path / "out.jsonl"
    exported = annotator_cmd(
        "export", "--format", "jsonl", "-o", str(out), "-p", str(project), cwd=tmp_path
    )
    assert exported.returncode == 0, exported.stderr
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(item["text"] for item in lines) == sorted(
        [
            "Fighting spread to El Fasher, residents said.\n\nEleven died.\n",
            "Airstrikes hit Idlib 🇸🇾 overnight.",
        ]
    )

    info = annotator_cmd("info", "--json", "-p", str(project), cwd=tmp_path)
    assert json.loads(info.stdout)["documents"] == 2

    where = annotator_cmd("where", cwd=tmp_path)
    assert where.returncode == 0
    assert str(Path(os.environ["XDG_DATA_HOME"])) in where.stdout


@pytest.mark.slow
def test_real_process_bad_input_exits_non_zero_with_reason_on_stderr(tmp_path):
    project = tmp_path / "p.annotator"
    bad = tmp_path / "broken.jsonl"
    bad.write_text('{"text": "fine"}\n{"text": oops}\n', encoding="utf-8")
    result = annotator_cmd("import", str(bad), "-p", str(project), cwd=tmp_path)
    assert result.returncode == 1
    assert f"{bad}:2: is not valid JSON" in result.stderr
    assert "Traceback" not in result.stderr

    missing = annotator_cmd("import", "-p", str(project), cwd=tmp_path)
    assert missing.returncode == 2 and "Missing argument" in missing.stderr

    newer = tmp_path / "newer.annotator"
    Store.open(newer).close()
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    refused = annotator_cmd("info", "-p", str(newer), cwd=tmp_path)
    assert refused.returncode == 1
    assert "newer Annotator" in refused.stderr and "Traceback" not in refused.stderr


# `annotator` as its console script runs it, with the window's `run` replaced by a note of its call.
LAUNCH = """
import gc, sys
import annotator.ui.app as app
def run(*args, after_first_paint):
    print(repr(args), "click" in sys.modules, "collector on:", gc.isenabled())
    after_first_paint()
    print("collector on:", gc.isenabled())
    return 0
app.run = run
sys.argv = ["annotator", *sys.argv[1:]]
from annotator.launch import main
main()
"""


@pytest.mark.parametrize(
    "args, expected",
    [
        ((), "(None, None, False) False"),  # alone: the app at once, click never loaded
        (("gui", "--project", "p.annotator"), "(PosixPath('p.annotator'), None, False) True"),
    ],
)
def test_annotator_alone_opens_the_app_without_loading_the_command_line(args, expected):
    done = subprocess.run(
        [sys.executable, "-c", LAUNCH, *args], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    called, after_paint = done.stdout.strip().splitlines()
    # No cycle collection while starting (imports included), given back after the first paint.
    assert called == expected.replace("PosixPath", type(Path()).__name__) + " collector on: False"
    assert after_paint == "collector on: True"
