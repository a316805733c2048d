"""A hostile title or source file name never places an export file outside the chosen folder."""

from __future__ import annotations

import pytest

from annotator import exporting
from annotator.model import Document, Span, new_id

FOLDER_FORMATS = [name for name in ("brat", "xmi") if name in exporting.FORMATS]


@pytest.mark.parametrize("format_name", FOLDER_FORMATS)
def test_titles_like_parent_paths_stay_inside_the_export_folder(store, tmp_path, format_name):
    hostile = "../../escaped"
    doc = Document(
        new_id(),
        "Gunmen attacked Qardaha.",
        title=hostile,
        meta={"source_file": "../../escaped.txt"},
    )
    store.add_documents([doc], [Span(new_id(), doc.id, "amal", 16, 23, "location", "Qardaha")])
    out = tmp_path / "deep" / "out"
    out.parent.mkdir()
    exporting.export(store, format_name, out, "amal")
    written = [p.resolve() for p in out.rglob("*") if p.is_file()]
    assert written, "the export wrote files"
    assert all(out.resolve() in p.parents for p in written)
    assert not list(tmp_path.rglob("escaped*"))
