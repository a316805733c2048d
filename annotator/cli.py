"""The `annotator` command: a thin click layer over the library; with no command it opens the app."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

import click

from .command_options import open_or_fail as _open
from .command_options import project_option as _project_option
from .project import default_annotator, default_project_path

# Commands whose modules load only when one of them runs or is listed: opening the app skips
# the formats, numpy and the report code they import (~0.2 s of every start of the app).
LAZY_COMMANDS = {
    "import": "annotator.transfer_commands:import_command",
    "export": "annotator.transfer_commands:export",
    "parse-claim": "annotator.claim_commands:parse_claim",
    "search": "annotator.search_commands:search",
    "schema": "annotator.schema_commands:schema",
    "merge": "annotator.review_commands:merge",
    "agreement": "annotator.review_commands:agreement",
}


class LazyGroup(click.Group):
    """A command group that imports a command's module the first time the command is needed."""

    def __init__(self, *args, lazy: dict[str, str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = lazy

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy and name not in self.commands:
            module, attribute = self.lazy[name].split(":")
            self.add_command(getattr(importlib.import_module(module), attribute), name)
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup, lazy=LAZY_COMMANDS, invoke_without_command=True)
@click.version_option(package_name="annotator")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Annotate conflict-news articles offline: actors, locations, casualty claims, sources.

    With no command, opens the app on the default project.
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(gui)


@main.command()
@_project_option
@click.option("--annotator", "-a", help="Your name in this project (default: your OS user name).")
@click.option(
    "--review",
    is_flag=True,
    help="Open in review mode: every annotator's layer, your decisions make the gold layer.",
)
def gui(project: Path | None, annotator: str | None, review: bool) -> None:
    """Open the app on a project."""
    from .launch import open_app

    sys.exit(open_app(project, annotator, review))


@main.command()
@_project_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def info(project: Path | None, as_json: bool) -> None:
    """Documents, spans per label and per annotator."""
    data = _open(project).info()
    if as_json:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    click.echo(f"project: {data['path']} (schema {data['schema_version']})")
    click.echo(f"documents: {data['documents']}")
    click.echo(f"spans: {data['spans']}  relations: {data['relations']}")
    for key, count in data["labels"].items():
        click.echo(f"  {key}: {count}")
    for name, row in data["annotators"].items():
        click.echo(f"annotator {name}: {row['spans']} spans, {row['done']} documents done")


@main.command()
def where() -> None:
    """Print the default project's path and the default annotator name."""
    click.echo(f"default project: {default_project_path()}")
    click.echo(f"annotator: {default_annotator()}")


if __name__ == "__main__":
    main()
