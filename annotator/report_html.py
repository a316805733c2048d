"""The agreement report as one self-contained HTML file: inline CSS, no scripts or links, text escaped."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from .agreement_tables import Table, report_tables

STYLE = """
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin-top: 2em; }
table { border-collapse: collapse; margin: .5em 0; }
th, td { border: 1px solid #ccc; padding: .25em .6em; text-align: right; }
th:first-child, td:first-child { text-align: left; }
th { background: #f2f2f2; }
p.note { color: #555; font-size: .9em; margin: .2em 0 0; }
"""


def _table_html(table: Table) -> str:
    head = "".join(f"<th>{escape(cell)}</th>" for cell in table.headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in table.rows
    )
    note = f'<p class="note">{escape(table.note)}</p>' if table.note else ""
    return (
        f"<section><h2>{escape(table.title)}</h2>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{note}</section>"
    )


def agreement_html(result: Mapping, titles: Mapping[str, str], heading: str) -> str:
    """The whole report; every user-given string (names, labels, titles) is escaped."""
    sections = "\n".join(_table_html(table) for table in report_tables(result, titles))
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(heading)}</title><style>{STYLE}</style></head>\n"
        f"<body><h1>{escape(heading)}</h1>\n{sections}\n</body></html>\n"
    )
