"""Screenshot of the main window with the seed article annotated: `xvfb-run -a python docs/make_window_screenshot.py`."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer

from annotator.importing import import_paths
from annotator.model import Span, new_id
from annotator.store import Store
from annotator.ui.app import build_window, create_app

ROOT = Path(__file__).resolve().parent.parent
MARKS = [
    ("gunmen loyal to ousted leader Bashar Assad", "actor"),
    ("a war monitor", "source"),
    ("a war monitor estimates have killed more than 1,000 people over four days", "casualty_claim"),
    ("the port city of Latakia", "location"),
    ("Hayat Tahrir al-Sham", "actor"),
    ("Rights groups", "source"),
    ("dozens of revenge killings", "casualty_claim"),
    ("Qardaha", "location"),
    ("Damascus", "location"),
]


def annotate(path: Path) -> None:
    store = Store.open(path)
    import_paths(store, [ROOT / "seeds"])
    doc = next(d for d in store.documents() if d.meta["source_file"].startswith("000_"))
    for needle, label in MARKS:
        start = doc.text.index(needle)
        store.add_span(Span(new_id(), doc.id, "alice", start, start + len(needle), label, needle))
    store.close()


def main(out: Path) -> None:
    app = create_app()
    folder = Path(tempfile.mkdtemp())
    annotate(folder / "shot.annotator")
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    window = build_window(folder / "shot.annotator", "alice", settings)
    window.resize(1400, 860)
    window.show()
    window.editor.select_neighbour(1)
    window.editor.select_neighbour(1)

    def shoot() -> None:
        window.grab().save(str(out))
        app.quit()

    QTimer.singleShot(700, shoot)
    app.exec()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "window.png")
