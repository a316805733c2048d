"""Screenshots of review mode for the README: run under Xvfb from the repository root.

xvfb-run -a -s "-screen 0 1400x900x24" python docs/make_review_screenshots.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QThreadPool
from PySide6.QtTest import QTest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotator.ui.app import build_window, create_app  # noqa: E402
from tests.ui.test_review import build_review_project  # noqa: E402


def settle(app) -> None:
    QThreadPool.globalInstance().waitForDone(10_000)
    for _ in range(20):
        app.processEvents()
        QTest.qWait(25)


def main() -> None:
    app = create_app()
    folder = Path(tempfile.mkdtemp())
    project = folder / "review.annotator"
    build_review_project(project)
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    window = build_window(project, "rev", settings)
    window.show()
    review = window.review_mode.enter()
    settle(app)
    keys = review.gold.view
    QTest.keyClick(keys, Qt.Key.Key_U)  # the agreed sets
    QTest.keyClick(keys, Qt.Key.Key_1)  # Ariha: alice's location
    QTest.keyClick(keys, Qt.Key.Key_E)  # the claim: being edited
    for _ in range(6):
        QTest.keyClick(keys, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    settle(app)
    review.grab().save(str(ROOT / "docs" / "review.png"))

    agreement = window.review_mode.show_agreement()
    settle(app)
    agreement.tabs.setCurrentIndex(4)  # label confusion
    agreement.first.setCurrentIndex(2)  # carol against alice
    agreement.second.setCurrentIndex(0)
    settle(app)
    agreement.grab().save(str(ROOT / "docs" / "agreement.png"))
    window.session.store.close()


if __name__ == "__main__":
    main()
