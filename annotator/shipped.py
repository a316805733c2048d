"""Files shipped inside the package: the default label schema, guidelines, stylesheet, seeds."""

from __future__ import annotations

import json
from importlib import resources
from importlib.resources.abc import Traversable

from .model import Label


def resource(name: str) -> Traversable:
    return resources.files("annotator.resources").joinpath(name)


def default_labels() -> list[Label]:
    schema = json.loads(resource("schema.json").read_text(encoding="utf-8"))
    return [Label(**entry) for entry in schema["labels"]]


def seed_files() -> list[Traversable]:
    """The sample articles a new default project starts with, in name order."""
    seeds = resources.files("annotator.seeds")
    return sorted((f for f in seeds.iterdir() if f.name.endswith(".txt")), key=lambda f: f.name)
