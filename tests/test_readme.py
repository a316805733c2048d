"""README and CLI in step: every command is documented, and every documented command exists."""

from __future__ import annotations

import re
from pathlib import Path

import click
from click.testing import CliRunner

from annotator.cli import main

README = Path(__file__).resolve().parent.parent / "README.md"
COMMAND_LINE = "## Command line"


def command_paths(group: click.Group, prefix: str = "annotator") -> dict[str, click.Command]:
    """Every command reachable from the group, as typed: `annotator import`, `annotator x y`."""
    found = {}
    context = click.Context(group)
    for name in group.list_commands(context):  # commands load lazily: ask the group, as --help does
        command = group.get_command(context, name)
        path = f"{prefix} {name}"
        found[path] = command
        if isinstance(command, click.Group):
            found |= command_paths(command, path)
    return found


def documented() -> set[str]:
    text = README.read_text(encoding="utf-8")
    assert COMMAND_LINE in text, "README.md needs a '## Command line' section"
    section = text.split(COMMAND_LINE, 1)[1].split("\n## ", 1)[0]
    names = set(re.findall(r"^- `(annotator(?: [a-z][\w-]*)+)", section, flags=re.MULTILINE))
    return {" ".join(n.split()[:3]) for n in names}


def test_every_command_is_in_the_readme():
    commands = command_paths(main)
    assert len(commands) >= 5
    docs = documented()
    missing = {p for p in commands if not any(d == p or d.startswith(p + " ") for d in docs)}
    assert missing == set(), f"document these in README.md under {COMMAND_LINE!r}"


def test_every_command_in_the_readme_exists():
    commands = command_paths(main)
    unknown = {
        doc
        for doc in documented()
        if not any(doc == path or doc.startswith(path + " ") for path in commands)
    }
    assert unknown == set()


def test_help_lists_the_same_commands():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    listed = set(re.findall(r"^  ([a-z][\w-]*)  ", result.stdout, flags=re.MULTILINE))
    assert listed == set(main.list_commands(click.Context(main)))


def test_the_two_commands_at_the_top_are_kept():
    text = README.read_text(encoding="utf-8")
    top = text.split(COMMAND_LINE, 1)[0]
    assert "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/annotator" in top
    test_command = "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/python"
    assert test_command + " -m pytest -q" in top
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command + " -m pytest -q" in ci
