"""Annotation guidelines: a Markdown file with one `## ` section per label, found by label.

Projects replace the shipped guidelines with a file beside the project: `NAME.guidelines.md`
for `NAME.annotator`.
"""

from __future__ import annotations

import re
from pathlib import Path

from .shipped import resource

SHIPPED = "guidelines.md"
_HEADING = re.compile(r"^## +(.+?)\s*$", re.MULTILINE)
_KEY_IN_HEADING = re.compile(r"`([^`]+)`")


def guidelines_path(project: Path) -> Path:
    return project.with_suffix(".guidelines.md")


def load_guidelines(project: Path | None) -> tuple[str, str]:
    """(markdown, where it came from): the project's own file when it has one."""
    if project is not None and guidelines_path(project).is_file():
        path = guidelines_path(project)
        return path.read_text(encoding="utf-8"), str(path)
    return resource(SHIPPED).read_text(encoding="utf-8"), "the shipped guidelines"


def sections(markdown: str) -> dict[str, str]:
    """Each `## ` section by the label key in backticks in its heading, or else by the heading
    text in lower case; the text before the first section is under ""."""
    found: dict[str, str] = {}
    matches = list(_HEADING.finditer(markdown))
    found[""] = markdown[: matches[0].start() if matches else len(markdown)].strip()
    for match, after in zip(matches, matches[1:] + [None]):
        heading = match.group(1)
        key = _KEY_IN_HEADING.search(heading)
        name = key.group(1) if key else heading.strip().lower()
        found[name] = markdown[match.start() : after.start() if after else len(markdown)].strip()
    return found


def section_for(markdown: str, label_key: str, label_name: str = "") -> str:
    """The guideline for one label, or the introduction with a note when it has no section."""
    found = sections(markdown)
    text = found.get(label_key) or found.get(label_name.lower())
    if text:
        return text
    return f"*No section for the label `{label_key}` in these guidelines.*\n\n{found['']}"
