"""The `annotator` command: the app at once when it is run alone, the command line otherwise."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from .collector import pause_collector


def main() -> None:
    """`annotator` alone opens the app on the default project, as `annotator gui` does, without
    loading click and the command definitions first (~15 ms of every start from a desktop
    icon or a bare command); with any argument, the command line (`annotator.cli`) decides."""
    if len(sys.argv) <= 1:
        sys.exit(open_app())
    from .cli import main as command_line

    command_line()


def open_app(
    project: Path | None = None,
    annotator: str | None = None,
    review: bool = False,
    then: Callable[[], None] | None = None,
) -> int:
    """Run the app; no cycle collection from its first import until its window has painted.

    Nothing made while starting is garbage yet, so the ~60 collections its 44,000 objects would
    set off are wasted: ~5 ms of a ~200 ms start (the median difference over 31 pairs of starts
    with and without the pause). `then` runs once the window has painted (the start-up
    benchmark notes the time).
    """
    resume = pause_collector()
    from .ui.app import run

    def painted() -> None:
        resume()
        if then is not None:
            then()

    return run(project, annotator, review, after_first_paint=painted)
