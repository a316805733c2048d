"""The `annotator` command: a thin click layer over the library; with no command it opens the app."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import exporting
from .claim_commands import parse_claim
from .command_options import open_or_fail as _open
from .command_options import progress_bar as _progress_bar
from .command_options import project_option as _project_option
from .formats import conll
from .importing import IMPORT_FORMATS, import_paths, parse_label_map
from .model import SpanError
from .project import default_annotator, default_project_path
from .review_commands import agreement, merge
from .schema_commands import schema
from .search_commands import search


@click.group(invoke_without_command=True)
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
    from .ui.app import run

    sys.exit(run(project, annotator, review))


@main.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@_project_option
@click.option(
    "--annotator",
    "-a",
    default="",
    help="The layer the annotations become (required for brat, doccano and Label Studio; "
    "for JSONL it replaces the file's own annotator names).",
)
@click.option(
    "--format",
    "-f",
    "format_name",
    type=click.Choice(sorted(IMPORT_FORMATS)),
    help="Read every path in this format (a brat folder is one unit) instead of by suffix.",
)
@click.option(
    "--map",
    "label_map",
    multiple=True,
    metavar="OLD=NEW",
    help="Rename a label as it comes in, e.g. --map PER=actor (repeatable).",
)
def import_command(
    paths: tuple[Path, ...],
    project: Path | None,
    annotator: str,
    format_name: str | None,
    label_map: tuple[str, ...],
) -> None:
    """Import articles: .txt files, folders of them, native JSONL, CSV with a text column;
    or annotated data with --format brat|doccano|labelstudio|jsonl.
    """
    try:
        mapping = parse_label_map(label_map)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--map") from error
    if format_name and IMPORT_FORMATS[format_name].layer and not annotator:
        raise click.UsageError(f"--format {format_name} needs --annotator NAME: the layer to fill")
    store = _open(project)
    with _progress_bar("Reading") as progress:
        result = import_paths(store, paths, annotator, progress, format_name, mapping)
    for error in result.errors:
        click.echo(f"error: {error}", err=True)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    for doc, existing in result.report.duplicates:
        click.echo(
            f"skipped: {doc.meta.get('source_file', doc.title)} is already in the project "
            f"(document {existing})",
            err=True,
        )
    click.echo(result.summary())
    if result.errors:
        sys.exit(1)


@main.command()
@click.option(
    "--format",
    "-f",
    "format_name",
    default="jsonl",
    show_default=True,
    type=click.Choice(sorted(exporting.FORMATS)),
    help="Output format.",
)
@click.option("--out", "-o", required=True, type=click.Path(path_type=Path), help="File or folder.")
@_project_option
@click.option("--layer", "-l", help="Annotator whose spans to export, or 'gold' (default: all).")
@click.option(
    "--documents",
    type=click.Choice(["all", "done"]),
    default="all",
    show_default=True,
    help="Export every document, or only those the layer marked done.",
)
@click.option(
    "--overlap",
    type=click.Choice(conll.OVERLAP_POLICIES),
    help="conll only: which of the spans that share tokens is kept (default: longest).",
)
def export(
    format_name: str,
    out: Path,
    project: Path | None,
    layer: str | None,
    documents: str,
    overlap: str | None,
) -> None:
    """Export a layer (or every layer) of a project."""
    fmt = exporting.FORMATS[format_name]
    options = {"overlap": overlap} if overlap else {}
    try:
        settings = fmt.settings(options)
    except ValueError as error:
        raise click.UsageError(str(error)) from error
    store = _open(project)
    try:
        with _progress_bar("Exporting") as progress:
            count = exporting.export(
                store, format_name, out, layer, documents == "done", progress, options
            )
    except (SpanError, OSError, ValueError, RuntimeError) as error:
        raise click.ClickException(f"export failed, {out} left as it was: {error}") from error
    chosen = "".join(f", {key} {value}" for key, value in settings.items())
    click.echo(
        f"{count} documents written to {out} ({format_name}, offsets in {fmt.offset_unit}{chosen})"
    )


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


main.add_command(parse_claim)
main.add_command(search)
main.add_command(schema)
main.add_command(merge)
main.add_command(agreement)

if __name__ == "__main__":
    main()
