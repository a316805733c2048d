"""Files shipped inside the package: the default label schema, guidelines, gazetteer, seeds."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from . import resources, seeds
from .model import Label

if TYPE_CHECKING:  # read when a project is made or a span's attributes are first checked
    from .schema import Schema

# The packages' own folders, where importlib.resources.files() finds them too for an installed
# wheel or an editable install; importing importlib.resources cost ~4 ms of every start.
RESOURCES = Path(resources.__file__).parent
SEEDS = Path(seeds.__file__).parent


def resource(name: str) -> Path:
    return RESOURCES / name


def default_schema() -> Schema:
    """The schema new projects start with: labels, their attributes and the relation types."""
    from .schema import parse_schema

    schema_file = resource("schema.json")
    return parse_schema(schema_file.read_text(encoding="utf-8"), str(schema_file))


def default_labels() -> list[Label]:
    return default_schema().model_labels()


def seed_files() -> list[Path]:
    """The sample articles a new default project starts with, in name order."""
    return sorted(SEEDS.glob("*.txt"), key=lambda f: f.name)
