"""Opening documents in the window: the cycle collector waits during the swap and is back as it
was afterwards, also when the open fails; what the open made is not walked by young collections."""

from __future__ import annotations

import gc
import weakref

import pytest

from annotator.model import Span, new_id

from .conftest import open_seed


@pytest.fixture
def collector_state():
    was = gc.isenabled()
    yield
    (gc.enable if was else gc.disable)()


def test_open_document_gives_the_collector_back(window, collector_state):
    gc.enable()
    open_seed(window, "001_")
    assert gc.isenabled()
    with pytest.raises(KeyError):
        window.open_document("no-such-document")
    assert gc.isenabled()
    gc.disable()
    open_seed(window, "002_")
    assert not gc.isenabled()  # a caller's own pause is left alone
    assert window.view.layer is not None and window.span_model.rowCount() == 0


def test_the_previous_documents_spans_are_let_go_once_the_new_one_has_painted(window, qtbot):
    first = open_seed(window, "001_")
    text = window.session.store.document(first).text
    span = Span(new_id(), first, "alice", 0, 4, "actor", text[:4])
    window.session.add_span(span)
    open_seed(window, "002_")
    open_seed(window, "001_")
    shown = weakref.ref(window.span_model.rows[0])
    window.open_document(window.documents.rows[-1].id)
    window.view.viewport().repaint()
    assert shown() is not None  # opening and painting did not wait for it to be freed
    qtbot.waitUntil(lambda: shown() is None)  # freed as soon as the event loop was free
