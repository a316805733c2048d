"""The `annotator schema` commands: give a project its own label schema file, or print the one
it uses, and list or grow its actor list."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .command_options import open_or_fail, project_option
from .model import SpanError
from .schema import SchemaError


@click.group("schema")
def schema() -> None:
    """The project's label schema (labels, attributes, relation types) and actor list."""


@schema.command("set")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@project_option
def set_schema(file: Path, project: Path | None) -> None:
    """Validate FILE and make it the project's schema; a bad file changes nothing."""
    store = open_or_fail(project)
    try:
        text = file.read_text(encoding="utf-8")
        store.set_schema(text, str(file))
    except (OSError, UnicodeDecodeError) as error:
        raise click.ClickException(f"{file}: cannot read the schema file: {error}") from error
    except SchemaError as error:
        raise click.ClickException(f"schema refused, the project is unchanged:\n{error}") from error
    labels = ", ".join(label.key for label in store.labels())
    click.echo(f"{file} is now the schema of {store.path} (labels: {labels})")


@schema.command("show")
@project_option
def show_schema(project: Path | None) -> None:
    """Print the labels, attributes and relation types the project uses, as JSON."""
    used = open_or_fail(project).schema()
    data = {
        "file": used.file,
        "labels": {
            label.key: {spec.key: spec.type for spec in label.attributes} for label in used.labels
        },
        "relations": {rel.key: [f"{a} -> {b}" for a, b in rel.allowed] for rel in used.relations},
    }
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


@schema.command("add-actor")
@click.argument("canonical")
@click.option("--alias", "aliases", multiple=True, help="Another name of the actor (repeatable).")
@project_option
def add_actor(canonical: str, aliases: tuple[str, ...], project: Path | None) -> None:
    """Add CANONICAL (and its --alias names) to the project's actor list."""
    store = open_or_fail(project)
    try:
        store.add_actor(canonical, aliases)
    except SpanError as error:
        raise click.ClickException(str(error)) from error
    for actor in store.actors():
        also = f" (also {', '.join(actor.aliases)})" if actor.aliases else ""
        click.echo(f"{actor.canonical}{also}")
