"""The default project: where it lives, seeded with the sample articles once, never again."""

from __future__ import annotations

import os
from pathlib import Path

from annotator.importing import import_paths
from annotator.project import default_annotator, default_project_path, open_project
from annotator.shipped import default_labels, seed_files
from annotator.store import GOLD, Store

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_default_project_lives_in_the_user_data_directory():
    path = default_project_path()
    assert path.is_relative_to(Path(os.environ["XDG_DATA_HOME"]))
    assert path.suffix == ".annotator"
    assert not path.exists()


def test_first_run_creates_and_seeds_the_default_project():
    store = open_project()
    path = default_project_path()
    assert path.exists() and store.path == path
    texts = [doc.text for doc in store.documents()]
    assert len(texts) == len(list(SEEDS.glob("*.txt"))) == len(seed_files())
    assert texts[0].startswith("An ambush on a Syrian security patrol")
    names = [doc.meta["source_file"] for doc in store.documents()]
    assert names == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert all("\r" not in t and not t.lstrip().startswith("date ") for t in texts)
    assert store.labels() == default_labels()
    store.close()


def test_second_run_does_not_seed_again_and_keeps_the_work(tmp_path):
    first = open_project()
    seeded = first.document_count()
    doc = next(first.documents())
    (extra := tmp_path / "extra.txt").write_text("A new article about Tartus.")
    import_paths(first, [extra])
    first.set_status(doc.id, "amal", "done")
    first.close()

    second = open_project()
    assert second.document_count() == seeded + 1
    assert second.status(doc.id, "amal") == "done"
    assert [h["action"] for h in second.history(1000)].count("import") == 2
    second.close()


def test_a_first_run_stopped_before_seeding_is_seeded_next_time():
    path = default_project_path()
    path.parent.mkdir(parents=True)
    Store.open(path).close()  # as left by a first run killed before it seeded
    store = open_project()
    assert store.document_count() == len(seed_files())
    store.close()


def test_an_explicit_project_is_not_seeded(project_path):
    store = open_project(project_path)
    assert store.document_count() == 0
    store.close()
    assert not default_project_path().exists()


def test_seed_dates_go_to_metadata(tmp_path):
    store = open_project()
    dated = {
        doc.meta["source_file"]: doc.meta.get("date")
        for doc in store.documents()
        if "date" in doc.meta
    }
    expected = {
        p.name: p.read_text(encoding="utf-8").split()[1]
        for p in SEEDS.glob("*.txt")
        if p.read_text(encoding="utf-8").split()[0] == "date"
    }
    assert dated == expected and len(expected) >= 3
    store.close()


def test_default_annotator_is_the_os_user_but_never_gold(monkeypatch):
    monkeypatch.setattr("getpass.getuser", lambda: "layla")
    assert default_annotator() == "layla"
    monkeypatch.setattr("getpass.getuser", lambda: GOLD)
    assert default_annotator() != GOLD
