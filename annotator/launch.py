"""The `annotator` command: the app at once when it is run alone, the command line otherwise."""

from __future__ import annotations

import sys


def main() -> None:
    """`annotator` alone opens the app on the default project, as `annotator gui` does, without
    loading click and the command definitions first (~15 ms of every start from a desktop
    icon or a bare command); with any argument, the command line (`annotator.cli`) decides."""
    if len(sys.argv) <= 1:
        from .ui.app import run

        sys.exit(run())
    from .cli import main as command_line

    command_line()
