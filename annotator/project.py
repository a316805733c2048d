"""Where the default project lives, and how a new one gets its sample articles."""

from __future__ import annotations

import os
from pathlib import Path

from .shipped import seed_files
from .store import GOLD, Store

APP_NAME = "Annotator"
PROJECT_SUFFIX = ".annotator"


def default_project_path() -> Path:
    import platformdirs  # here, not at the top: the app opens a named project without it

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / f"default{PROJECT_SUFFIX}"


def default_annotator() -> str:
    """The OS user name: who is annotating unless they say otherwise."""
    import getpass  # here, not at the top: a start with a saved name does not need it (~1 ms)

    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = os.environ.get("USER") or "annotator"
    return "annotator" if name == GOLD else name


def open_project(path: Path | None = None) -> Store:
    """Open a project; the default one is created on first use and seeded with the sample articles."""
    if path is not None:
        return Store.open(path)
    path = default_project_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    store = Store.open(path)
    # Documents are never deleted, so an empty default project is one whose first run stopped
    # between creating the file and seeding it: seed it now.
    if store.document_count() == 0:
        seed(store)
    return store


def seed(store: Store) -> None:
    from .formats.plaintext import document_from_text  # once per project, not every start

    documents = [
        document_from_text(f.read_text(encoding="utf-8"), f.name, Path(f.name))
        for f in seed_files()
    ]
    store.add_documents(documents)
