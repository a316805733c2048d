"""Opening documents in the window: the cycle collector waits during the swap and is back as it
was afterwards, also when the open fails."""

from __future__ import annotations

import gc

import pytest

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
