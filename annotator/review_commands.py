"""The reviewer's commands: `annotator merge` (annotators' files into a review project) and
`annotator agreement` (the report as a summary, JSON or one HTML file)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .agreement_tables import as_text, summary_tables
from .atomic_file import atomic_text
from .command_options import open_or_fail, progress_bar, project_option
from .importing import parse_label_map
from .merging import MergeError, merge_projects
from .report_html import agreement_html
from .review_report import document_titles, project_agreement


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@project_option
@click.option(
    "--map",
    "label_map",
    multiple=True,
    metavar="OLD=NEW",
    help="Rename a label of the files as it comes in, e.g. --map PER=actor (repeatable).",
)
def merge(files: tuple[Path, ...], project: Path | None, label_map: tuple[str, ...]) -> None:
    """Merge annotators' project FILES into the review project (--project): all or nothing.

    Documents are matched by their text; each annotator's layer replaces the one merged before,
    and decisions on spans that changed are kept and marked stale.
    """
    if project is None:
        raise click.UsageError("name the review project to merge into with --project REVIEW")
    try:
        mapping = parse_label_map(label_map)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--map") from error
    store = open_or_fail(project)
    try:
        with progress_bar("Merging") as progress:
            report = merge_projects(store, list(files), progress, mapping)
    except MergeError as error:
        raise click.ClickException(str(error)) from error
    finally:
        store.close()
    for line in report.summary():
        click.echo(line)


@click.command()
@project_option
@click.option("--json", "as_json", is_flag=True, help="Print every number as JSON.")
@click.option(
    "--html",
    "html_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also write the full report as one self-contained HTML file.",
)
@click.option(
    "--all-documents",
    is_flag=True,
    help="Count every layer with work in it, not only documents its annotator marked done.",
)
@click.option("--against", metavar="LAYER", help="Also score each annotator against LAYER (gold).")
def agreement(
    project: Path | None,
    as_json: bool,
    html_path: Path | None,
    all_documents: bool,
    against: str | None,
) -> None:
    """Agreement between annotators: pairwise span F1, token kappas and alphas, alpha_U."""
    store = open_or_fail(project)
    try:
        result = project_agreement(store, only_done=not all_documents, against=against)
        titles = document_titles(store)
    finally:
        store.close()
    if html_path is not None:
        _write_html(
            html_path, agreement_html(result, titles, f"Agreement: {project or 'default project'}")
        )
    if as_json:
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        click.echo("\n\n".join(as_text(table) for table in summary_tables(result)))


def _write_html(path: Path, html: str) -> None:
    try:
        with atomic_text(path) as handle:
            handle.write(html)
    except OSError as error:
        raise click.ClickException(
            f"cannot write {path} ({error.strerror}): choose another place"
        ) from error
    click.echo(f"report written to {path}", err=True)
