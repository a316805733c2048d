"""The `annotator parse-claim` command: print the attributes read from a casualty claim's text."""

from __future__ import annotations

import json

import click

from .claims import parse_claim as read_claim


@click.command("parse-claim")
@click.argument("text")
def parse_claim(text: str) -> None:
    """Print the kind, count bounds and qualifier of a casualty claim TEXT as JSON.

    Example: annotator parse-claim "have killed more than 1,000 people"
    """
    click.echo(json.dumps(read_claim(text), ensure_ascii=False))
