"""Start-up stays light: opening the app does not import the code of work the user has not asked for
(import, export, merging, agreement, adjudication), which would add ~0.2 s to every start."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

# Each of these is loaded on first use, from the action or command that needs it.
LOADED_ON_FIRST_USE = {
    "annotator.importing",
    "annotator.exporting",
    "annotator.merging",
    "annotator.agreement",
    "annotator.agreement_tables",
    "annotator.report_html",
    "annotator.review_commands",
    "annotator.transfer_commands",
    "annotator.formats.labelstudio",
    "annotator.formats.conll",
    "annotator.ui.adjudication_view",
    "annotator.ui.agreement_window",
    "annotator.ui.export_dialog",
    # Dialogs, and panels tabbed behind others at start: built when first opened or shown.
    "annotator.ui.backup_dialog",
    "annotator.ui.shortcut_sheet",
    "annotator.ui.suggestion_preview",
    "annotator.ui.search_panel",
    "annotator.ui.guidelines_dock",
    "annotator.ui.attribute_editors",  # with the first span selected that has attributes
    "annotator.guidelines",
    "annotator.search",  # the find bar is closed at start
    "annotator.claims",  # parsed when a casualty claim is selected
    "annotator.adjudication",  # the review's decisions
    "annotator.ui.review_session",
    "annotator.suggestions",  # first used by the suggestions' worker, after the first paint
    "annotator.gazetteer",  # places and actors, looked up for a selected span
    "annotator.schema",  # read when a project is made or the first span is selected
    "numpy",
    "urllib.request",
    "hashlib",  # OpenSSL, ~2 ms: needed by the first import (uuid comes with click anyway)
}


def modules_after_importing(*names: str) -> set[str]:
    """The modules a fresh interpreter holds after importing `names`."""
    code = (
        "import importlib, json, sys\n"
        f"for name in {list(names)!r}: importlib.import_module(name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return set(json.loads(result.stdout))


@pytest.mark.slow
def test_the_window_and_the_command_line_import_only_what_the_first_paint_needs():
    loaded = modules_after_importing("annotator.cli", "annotator.ui.app")
    assert {"annotator.cli", "annotator.ui.main_window", "annotator.store"} <= loaded
    assert loaded & LOADED_ON_FIRST_USE == set()


# Builds the real window on the seeds and paints it, noting every enum class PySide creates.
ENUMS_CREATED_AT_START = """
import enum, json, os, sys, tempfile
from pathlib import Path
os.environ["QT_QPA_PLATFORM"] = "offscreen"
created = []
create = enum.EnumType._create_
def noting(cls, class_name, *args, **kwargs):
    made = create(cls, class_name, *args, **kwargs)
    created.append(made.__qualname__)
    return made
enum.EnumType._create_ = noting
from PySide6.QtCore import QSettings, QThreadPool
from annotator.ui.app import build_window, create_app
app = create_app()
folder = Path(tempfile.mkdtemp())
settings = QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat)
window = build_window(folder / "p.annotator", "ann", settings)
window.show()
app.processEvents()
QThreadPool.globalInstance().waitForDone()
print(json.dumps(created))
"""


@pytest.mark.slow
def test_the_first_paint_does_not_make_pyside_create_widget_classes_it_never_shows():
    # PySide creates a class, with its enums, the first time a value of it may be returned. The
    # text view's viewport, fetched untyped, made it try every QWidget subclass: ~11 ms a start.
    result = subprocess.run(
        [sys.executable, "-c", ENUMS_CREATED_AT_START],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    created = set(json.loads(result.stdout.splitlines()[-1]))
    assert "TextInteractionFlag" in created  # the hook sees PySide's enums (they have no owner)
    assert not created & {"WizardOption", "FontDialogOption"}  # QWizard's, QFontDialog's
