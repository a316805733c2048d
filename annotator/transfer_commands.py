"""The `annotator import` and `annotator export` commands: articles and layers in and out."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import exporting
from .command_options import open_or_fail, progress_bar, project_option
from .formats import conll
from .importing import IMPORT_FORMATS, import_paths, parse_label_map
from .model import SpanError


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@project_option
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
    store = open_or_fail(project)
    with progress_bar("Reading") as progress:
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


@click.command()
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
@project_option
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
    store = open_or_fail(project)
    try:
        with progress_bar("Exporting") as progress:
            count = exporting.export(
                store, format_name, out, layer, documents == "done", progress, options
            )
    except (SpanError, OSError, ValueError, RuntimeError) as error:
        raise click.ClickException(f"export failed, {out} left as it was: {error}") from error
    chosen = "".join(f", {key} {value}" for key, value in settings.items())
    click.echo(
        f"{count} documents written to {out} ({format_name}, offsets in {fmt.offset_unit}{chosen})"
    )
