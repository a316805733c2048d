"""brat's configuration files: `annotation.conf` (types) and `visual.conf` (names, colours)."""

from __future__ import annotations

import re
from pathlib import Path

from ..attribute_values import word_for
from ..model import Label, label_for_key
from . import InputError, decode_text

_WORD = re.compile(r"\S+")


class BratSchema:
    """The labels, relation types and attributes an export used, to describe them to brat."""

    def __init__(self, labels: list[Label]) -> None:
        self.labels = list(labels)
        self.relation_types: set[str] = set()
        self.attributes: dict[str, set[str]] = {}

    @staticmethod
    def require_word(value: str, what: str) -> None:
        """brat separates fields by spaces, so a type name with white space cannot be written."""
        if not _WORD.fullmatch(value):
            raise ValueError(f"brat cannot hold the {what} {value!r}: it contains white space")

    def add_relation(self, rel_type: str) -> None:
        self.require_word(rel_type, "relation type")
        self.relation_types.add(rel_type)

    def attribute_word(self, name: str, value) -> str | None:
        """`""` for a binary attribute, `" word"` for a valued one, None if brat cannot hold it."""
        if not _WORD.fullmatch(name):
            return None
        if value is True:
            self.attributes.setdefault(name, set())
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            return None
        word = str(value)
        if isinstance(value, str) and "_" not in value:
            word = word_for(value)  # "more than" → more_than; the schema reads it back
        if not _WORD.fullmatch(word):
            return None
        self.attributes.setdefault(name, set()).add(word)
        return f" {word}"

    def annotation_conf(self) -> str:
        lines = ["[entities]", *(label.key for label in self.labels), "", "[relations]"]
        lines += [f"{t}\tArg1:<ENTITY>, Arg2:<ENTITY>" for t in sorted(self.relation_types)]
        lines += ["", "[events]", "", "[attributes]"]
        for name, values in sorted(self.attributes.items()):
            choice = f", Value:{'|'.join(sorted(values))}" if values else ""
            lines.append(f"{name}\tArg:<ENTITY>{choice}")
        return "\n".join(lines) + "\n"

    def visual_conf(self) -> str:
        lines = ["[labels]", *(f"{lab.key} | {lab.name}" for lab in self.labels), "", "[drawing]"]
        lines += [f"{lab.key}\tbgColor:{lab.color}" for lab in self.labels]
        return "\n".join(lines) + "\n"


def read_labels(folder: Path) -> list[Label]:
    """Labels from `annotation.conf` [entities], named and coloured by `visual.conf` if present."""
    keys = _entities(folder / "annotation.conf")
    names, colors = _visual(folder / "visual.conf")
    labels = []
    for i, key in enumerate(keys):
        label = label_for_key(key, i)
        labels.append(Label(key, names.get(key, label.name), colors.get(key, label.color), "", ""))
    return labels


def _sections(path: Path) -> dict[str, list[str]]:
    if not path.exists():
        return {}
    sections: dict[str, list[str]] = {}
    current = None
    for number, line in enumerate(decode_text(path, path.read_bytes()).split("\n"), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("[") and stripped.endswith("]"):
            current = sections.setdefault(stripped[1:-1].strip(), [])
        elif current is None:
            raise InputError(path, "has a line before the first [section]", line=number)
        else:
            current.append(stripped)
    return sections


def _entities(path: Path) -> list[str]:
    # Indentation is brat's type hierarchy and `!` marks an abstract type nobody can pick.
    keys = [line.split()[0] for line in _sections(path).get("entities", [])]
    return [key for key in keys if not key.startswith(("!", "<"))]


def _visual(path: Path) -> tuple[dict[str, str], dict[str, str]]:
    sections = _sections(path)
    names = {}
    for line in sections.get("labels", []):
        parts = [p.strip() for p in line.split("|")]
        if len(parts) > 1:
            names[parts[0]] = parts[1]
    colors = {}
    for line in sections.get("drawing", []):
        key, _, rest = line.partition("\t")
        found = re.search(r"bgColor:(#[0-9A-Fa-f]{3,6})", rest)
        if found:
            colors[key.strip()] = found.group(1)
    return names, colors
