"""Screenshots for the README: light, dark, an Arabic article and suggestion outlines.

Run under a virtual display: xvfb-run -a -s "-screen 0 1400x900x24" python docs/make_screenshots.py
It builds a throw-away project from the seed articles, labels a few spans by the same editor
commands the keys use, and saves docs/light.png, docs/dark.png, docs/arabic.png and
docs/suggestions.png.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from annotator.importing import import_paths
from annotator.store import Store
from annotator.ui.app import build_window, create_app

DOCS = Path(__file__).resolve().parent
SEEDS = DOCS.parent / "seeds"
SIZE = (1400, 860)

# (seed file prefix, text, label): spans an annotator would have made.
SPANS = [
    ("000_", "gunmen loyal to ousted leader Bashar Assad", "actor"),
    ("000_", "a war monitor", "source"),
    ("000_", "have killed more than 1,000 people over four days", "casualty_claim"),
    ("000_", "the port city of Latakia", "location"),
    ("000_", "Hayat Tahrir al-Sham", "actor"),
    ("000_", "Rights groups", "source"),
    ("000_", "dozens of revenge killings", "casualty_claim"),
    ("000_", "Sunni militants", "actor"),
    ("001_", "اللاذقية", "location"),
    ("001_", "المرصد السوري لحقوق الإنسان", "source"),
    ("001_", "ما لا يقل عن أربعة عشر مدنيًا قُتِلوا", "casualty_claim"),
    ("001_", "طرطوس", "location"),
    ("001_", "Mahmoud al-Hassan", "source"),
    ("001_", "at least 14 civilians had been killed", "casualty_claim"),
]


def settle(app: QApplication, rounds: int = 30) -> None:
    for _ in range(rounds):
        app.processEvents()


def open_seed(window, prefix: str) -> str:
    store = window.session.store
    doc = next(d for d in store.documents() if d.meta["source_file"].startswith(prefix))
    window.open_document(doc.id)
    return doc.id


def label(window, prefix: str, needle: str, key: str) -> None:
    doc_id = open_seed(window, prefix)
    start = window.session.store.document(doc_id).text.index(needle)
    window.view.select_offsets(start, start + len(needle))
    window.editor.label(key)


def shoot(app: QApplication, window, name: str) -> None:
    settle(app)
    window.grab().save(str(DOCS / name))
    print("wrote", DOCS / name)


def main() -> int:
    app = create_app(sys.argv[:1])
    folder = Path(tempfile.mkdtemp())
    project = folder / "screens.annotator"
    store = Store.open(project)
    import_paths(store, [SEEDS])
    store.close()
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("gazetteer", True)
    window = build_window(project, "amira", settings)
    window.resize(*SIZE)
    window.show()
    for prefix, needle, key in SPANS:
        label(window, prefix, needle, key)
    workday = window.workday

    workday.set_theme("light")
    open_seed(window, "000_")
    window.view.set_current_span(window.view.layer.ordered()[2].id)
    shoot(app, window, "light.png")

    workday.set_theme("dark")
    shoot(app, window, "dark.png")

    workday.set_theme("light")
    open_seed(window, "001_")
    workday.guidelines_dock.raise_()
    shoot(app, window, "arabic.png")

    open_seed(window, "000_")
    deadline = 200
    while not workday.suggestions.suggestions and deadline:
        settle(app, 5)
        app.thread().msleep(50)
        deadline -= 1
    workday.suggestions.step(1)
    shoot(app, window, "suggestions.png")
    window.session.store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
