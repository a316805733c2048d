"""The `annotator search` command: the project search of the Search dock, from the shell."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .command_options import open_or_fail, progress_bar, project_option
from .project import default_annotator
from .search import SearchError, SearchQuery, search_project

STATUS_CHOICES = ("new", "in_progress", "done")


@click.command("search")
@project_option
@click.argument("pattern", default="")
@click.option("--regex", is_flag=True, help="PATTERN is a Python regular expression.")
@click.option("--case-sensitive", is_flag=True, help="Match case.")
@click.option("--whole-word", is_flag=True, help="Only whole words.")
@click.option(
    "--annotations",
    is_flag=True,
    help="Search annotations (label, annotator, note, attributes) instead of text.",
)
@click.option("--label", help="Only annotations with this label key (with --annotations).")
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(STATUS_CHOICES),
    help="Only documents with this status (repeatable).",
)
@click.option("--annotator", help="Whose layer and statuses (default: your user name).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object a hit.")
def search(
    project: Path | None,
    pattern: str,
    regex: bool,
    case_sensitive: bool,
    whole_word: bool,
    annotations: bool,
    label: str | None,
    statuses: tuple[str, ...],
    annotator: str | None,
    as_json: bool,
) -> None:
    """Find PATTERN in the project's texts (or annotations); offsets are code points."""
    query = SearchQuery(
        pattern,
        regex=regex,
        case_sensitive=case_sensitive,
        whole_word=whole_word,
        in_text=not annotations,
        in_annotations=annotations,
        label=label,
        statuses=frozenset(statuses),
    )
    store = open_or_fail(project)
    try:
        with progress_bar("Searching") as progress:
            result = search_project(store, query, annotator or default_annotator(), progress)
    except SearchError as error:
        raise click.ClickException(str(error)) from error
    finally:
        store.close()
    for hit in result.hits:
        if as_json:
            click.echo(json.dumps(hit.__dict__, ensure_ascii=False))
        else:
            click.echo(f"{hit.document_id}\t{hit.start}-{hit.end}\t{hit.label}\t{hit.context}")
    if result.truncated:
        click.echo("(more hits than shown: narrow the search)", err=True)
