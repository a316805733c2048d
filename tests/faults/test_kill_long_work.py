"""Import, export and merge killed half-way: no half-imported document, no truncated file."""

from __future__ import annotations

import textwrap

import pytest

from annotator.model import Document, Span
from annotator.store import Store

from .conftest import integrity_ok, run_until_marker

pytestmark = pytest.mark.slow

ARTICLES = 1500

IMPORT = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from annotator.importing import import_paths
    from annotator.store import Store

    store = Store.open(sys.argv[1])
    def progress(n, total):
        if n == total // 2:
            print("halfway", flush=True)
    import_paths(store, [Path(sys.argv[2])], "amal", progress)
    print("done", flush=True)
    """
)

EXPORT = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from annotator.exporting import export
    from annotator.store import Store

    store = Store.open(sys.argv[1])
    def progress(n, total):
        if n == 200:
            print("halfway", flush=True)
            import time; time.sleep(0.2)  # the killer strikes while the file is being written
    export(store, sys.argv[3], Path(sys.argv[2]), None, progress=progress)
    print("done", flush=True)
    """
)

MERGE = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from annotator.merging import merge_projects
    from annotator.store import Store

    store = Store.open(sys.argv[1])
    def progress(n, total):
        if n == 1:
            print("halfway", flush=True)
            import time; time.sleep(0.2)
    merge_projects(store, [Path(p) for p in sys.argv[2:]], progress)
    print("done", flush=True)
    """
)


def documents(count: int, prefix: str = "doc") -> list[Document]:
    return [
        Document(id=f"{prefix}-{i}", text=f"Article {i}: gunmen attacked a checkpoint.")
        for i in range(count)
    ]


def test_an_import_killed_half_way_adds_nothing(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(ARTICLES):
        (folder / f"{i:05d}.txt").write_text(f"Article {i}\nGunmen attacked {i} times.\n")
    path = tmp_path / "p.annotator"
    Store.open(path).close()
    run_until_marker(IMPORT, path, folder, marker="halfway")
    assert integrity_ok(path)
    store = Store.open(path)
    assert store.document_count() == 0  # the import is one transaction: nothing or all
    store.close()


@pytest.mark.parametrize("format_name", ["jsonl", "brat"])
def test_an_export_killed_half_way_leaves_the_old_file_whole(tmp_path, format_name):
    path = tmp_path / "p.annotator"
    store = Store.open(path)
    docs = documents(2000)
    store.add_documents(
        docs, [Span(f"s{i}", d.id, "amal", 0, 7, "actor", "Article") for i, d in enumerate(docs)]
    )
    store.close()
    out = tmp_path / f"out.{format_name}"
    if format_name == "jsonl":
        out.write_text("the previous export\n")
    else:
        out.mkdir()
        (out / "previous.txt").write_text("the previous export\n")
    run_until_marker(EXPORT, path, out, format_name, marker="halfway")
    if format_name == "jsonl":
        assert out.read_text() == "the previous export\n"
    else:
        assert [p.name for p in out.iterdir()] == ["previous.txt"]
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(f".{out.name}")]
    assert all(name.endswith(".part") for name in leftovers)  # never under the real name


def test_a_merge_killed_half_way_changes_nothing(tmp_path):
    review = tmp_path / "review.annotator"
    Store.open(review).close()
    sources = []
    for name in ("amal", "bo"):
        source = tmp_path / f"{name}.annotator"
        store = Store.open(source)
        docs = documents(300)
        store.add_documents(docs)
        for d in docs:
            store.add_span(Span(f"{name}-{d.id}", d.id, name, 0, 7, "actor", "Article"))
        store.close()
        sources.append(source)
    run_until_marker(MERGE, review, *sources, marker="halfway")
    assert integrity_ok(review)
    store = Store.open(review)
    assert store.document_count() == 0
    store.close()
