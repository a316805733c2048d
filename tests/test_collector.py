"""The cycle collector paused for bulk work: what was made skips young collections, not full ones."""

from __future__ import annotations

import gc
import weakref

import pytest

from annotator.collector import collector_paused, pause_collector


@pytest.fixture
def collector_state():
    was = gc.isenabled()
    yield
    (gc.enable if was else gc.disable)()


class Node:
    pass


def test_what_is_made_while_paused_skips_young_collections_but_not_a_full_one(collector_state):
    gc.enable()
    with collector_paused():
        kept = [Node() for _ in range(5000)]  # a document's spans
        cycle = Node()
        cycle.itself = cycle
        alive = weakref.ref(cycle)
        del cycle
    # Not left for the next young collection to walk all at once, and nothing stays frozen.
    assert gc.get_count()[0] < 100
    assert gc.get_freeze_count() == 0
    gc.collect(0)
    assert alive() is not None  # in the oldest generation already
    gc.collect()
    assert alive() is None  # a cycle made meanwhile is still freed
    assert len(kept) == 5000


def test_an_import_gives_the_collector_back_also_when_it_fails(tmp_path, collector_state):
    from annotator.importing import import_paths
    from annotator.store import Store

    store = Store.open(tmp_path / "p.annotator")
    (tmp_path / "a.txt").write_text("Shelling in Idlib killed 4 people.\n", encoding="utf-8")
    (tmp_path / "bad.jsonl").write_text(
        '{"text": "Gunmen attacked a checkpoint.", "spans": '
        '[{"start": 0, "end": 6, "label": "actor", "text": "wrong!"}]}\n',
        encoding="utf-8",
    )
    gc.enable()
    assert len(import_paths(store, [tmp_path / "a.txt"], "amal").report.added) == 1
    assert gc.isenabled()
    failed = import_paths(store, [tmp_path / "bad.jsonl"], "amal")
    assert failed.errors and gc.isenabled()
    store.close()


def test_a_pause_inside_another_leaves_the_outer_one_in_place(collector_state):
    gc.enable()
    resume_outer = pause_collector()
    with collector_paused():  # an import while the app is still starting
        pass
    assert not gc.isenabled()
    resume_outer()
    assert gc.isenabled()
    resume_outer()  # a second call changes nothing
    assert gc.isenabled() and gc.get_freeze_count() == 0
