"""What the `annotator` commands share: the --project option, opening a project, a progress bar."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from .project import open_project
from .store import Progress, ProjectError, Store

PROJECT_HELP = "Project file (default: the default project in the user data directory)."


def project_option(func: Callable) -> Callable:
    return click.option(
        "--project", "-p", type=click.Path(path_type=Path, dir_okay=False), help=PROJECT_HELP
    )(func)


def open_or_fail(project: Path | None) -> Store:
    """The project, or a click error saying why it cannot be opened."""
    try:
        return open_project(project)
    except ProjectError as error:
        raise click.ClickException(str(error)) from error


@contextmanager
def progress_bar(label: str) -> Iterator[Progress]:
    """A click progress bar that learns its length from the first callback."""
    state: dict = {}

    def update(done: int, total: int) -> None:
        if "bar" not in state:
            state["bar"] = click.progressbar(length=total, label=label, file=sys.stderr)
            state["bar"].__enter__()
        bar = state["bar"]
        bar.update(done - bar.pos)

    try:
        yield update
    finally:
        if "bar" in state:
            state["bar"].__exit__(None, None, None)
