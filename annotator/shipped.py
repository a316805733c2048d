"""Files shipped inside the package: the default label schema, guidelines, gazetteer, seeds."""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable

from .model import Label
from .schema import Schema, parse_schema


def resource(name: str) -> Traversable:
    return resources.files("annotator.resources").joinpath(name)


def default_schema() -> Schema:
    """The schema new projects start with: labels, their attributes and the relation types."""
    schema_file = resource("schema.json")
    return parse_schema(schema_file.read_text(encoding="utf-8"), str(schema_file))


def default_labels() -> list[Label]:
    return default_schema().model_labels()


def seed_files() -> list[Traversable]:
    """The sample articles a new default project starts with, in name order."""
    seeds = resources.files("annotator.seeds")
    return sorted((f for f in seeds.iterdir() if f.name.endswith(".txt")), key=lambda f: f.name)
