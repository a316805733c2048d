"""Agreement results laid out as titled tables of text cells, for the text summary and HTML report.

Input is the dictionary `annotator agreement --json` prints: compute_agreement's `to_dict()`
plus "label_confusion" and, when asked, "against" (score_against_reference).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .agreement import NO_SPAN, pair_key

DASH = "–"


@dataclass(frozen=True)
class Table:
    title: str
    headers: list[str]
    rows: list[list[str]]
    note: str = ""


def number(value: float | int | None) -> str:
    if value is None:
        return DASH
    return str(value) if isinstance(value, int) else f"{value:.3f}"


def mean_sd(summary: Mapping) -> str:
    if summary.get("mean") is None:
        return DASH
    sd = summary.get("sd")
    return f"{summary['mean']:.3f} ± {sd:.3f}" if sd is not None else f"{summary['mean']:.3f}"


def parameters_table(result: Mapping) -> Table:
    rows = [
        [key, ", ".join(map(str, value)) if isinstance(value, list) else str(value)]
        for key, value in result["parameters"].items()
    ]
    return Table("Parameters", ["parameter", "value"], rows)


def _per_token(measures: Mapping, name: str) -> Mapping:
    return measures[name].get("label_per_token", {}).get("all_tokens", {})


def pairs_table(result: Mapping) -> Table:
    measures = result["measures"]
    exact, relaxed = measures["span_f1_exact"], measures["span_f1_relaxed"]
    kappa = _per_token(measures, "cohen_kappa")
    rows = [
        [
            pair,
            number(counts["documents"]),
            number(counts["f1"]),
            number(relaxed["pairs"][pair]["f1"]),
            number(kappa.get("pairs", {}).get(pair, {}).get("value")),
        ]
        for pair, counts in exact["pairs"].items()
    ]
    rows.append(
        ["mean ± SD", "", mean_sd(exact["summary"]), mean_sd(relaxed["summary"]),
         mean_sd(kappa.get("summary", {}))]
    )  # fmt: skip
    return Table(
        "Pairwise agreement",
        ["pair", "documents", "span F1 exact", "span F1 relaxed", "Cohen's κ (tokens)"],
        rows,
        "F1 pooled over the documents both annotators count; κ over every token, one label each",
    )


def matrix_table(result: Mapping, measure: str = "span_f1_exact") -> Table:
    names = result["parameters"]["annotators"]
    pairs = result["measures"][measure]["pairs"]
    rows = [
        [a] + [DASH if a == b else number(pairs[pair_key(a, b)]["f1"]) for b in names]
        for a in names
    ]
    return Table(f"Pairwise matrix: {measure}", ["", *names], rows)


def all_annotators_table(result: Mapping) -> Table:
    measures = result["measures"]
    fleiss = _per_token(measures, "fleiss_kappa")
    alpha = _per_token(measures, "krippendorff_alpha")
    raw = _per_token(measures, "raw_agreement").get("all_annotators", {})
    alpha_u = measures["alpha_u"]
    rows = [
        ["Fleiss' κ (tokens)", number(fleiss.get("value")), number(fleiss.get("items"))],
        ["Krippendorff's α (tokens, nominal)", number(alpha.get("value")), number(alpha.get("values"))],
        ["raw agreement (tokens)", number(raw.get("value")), number(raw.get("items"))],
        ["Krippendorff's α_U (characters)", number(alpha_u.get("value")), number(alpha_u.get("continuum_length"))],
    ]  # fmt: skip
    documents = alpha_u["parameters"]["documents"]
    return Table(
        "All annotators at once",
        ["measure", "value", "items"],
        rows,
        f"over the {documents} documents every annotator counts",
    )


def labels_table(result: Mapping) -> Table:
    measures = result["measures"]
    alpha_u = measures["alpha_u"].get("labels", {})
    rows = []
    for label in result["parameters"]["labels"]:
        fleiss = measures["fleiss_kappa"].get("labels", {}).get(label, {}).get("all_tokens", {})
        rows.append(
            [
                label,
                mean_sd(measures["span_f1_exact"]["labels"][label]["summary"]),
                mean_sd(measures["span_f1_relaxed"]["labels"][label]["summary"]),
                number(fleiss.get("value")),
                number(alpha_u.get(label, {}).get("value")),
            ]
        )
    return Table(
        "Per label",
        ["label", "span F1 exact", "span F1 relaxed", "Fleiss' κ (yes/no)", "α_U"],
        rows,
        "span F1 as mean ± SD over pairs",
    )


def documents_table(result: Mapping, titles: Mapping[str, str]) -> Table:
    pairs = list(result["measures"]["span_f1_exact"]["pairs"])
    rows = [
        [titles.get(doc_id, doc_id)] + [number(counts.get(pair, {}).get("f1")) for pair in pairs]
        for doc_id, counts in result["measures"]["span_f1_exact"]["documents"].items()
    ]
    return Table("Per document: span F1 exact", ["document", *pairs], rows)


def confusion_tables(result: Mapping) -> list[Table]:
    tables = []
    labels = [*result["parameters"]["labels"], NO_SPAN]
    for pair, counts in result.get("label_confusion", {}).items():
        first, second = pair.split("|", 1)
        rows = [
            [row] + [number(counts.get(row, {}).get(column, 0)) for column in labels]
            for row in labels
        ]
        tables.append(
            Table(
                f"Label confusion {pair}",
                [f"{first} ↓ / {second} →", *labels],
                rows,
                "spans with the same offsets; (none): no span there with those offsets",
            )
        )
    return tables


def against_table(result: Mapping) -> Table | None:
    against = result.get("against")
    if against is None:
        return None
    rows = []
    for name, scores in against["annotators"].items():
        exact = scores["span_f1_exact"]
        rows.append(
            [
                name,
                number(exact["documents"]),
                number(exact["precision"]),
                number(exact["recall"]),
                number(exact["f1"]),
                number(scores["span_f1_relaxed"]["f1"]),
            ]
        )
    reference = against["parameters"]["reference"]
    note = (
        f"precision: share of the annotator's spans {reference} has; recall: share of "
        f"{reference} the annotator found"
        if rows
        else f"no counted document has a {reference} layer yet: adjudicate first"
    )
    return Table(
        f"Each annotator against {reference}",
        ["annotator", "documents", "precision", "recall", "F1 exact", "F1 relaxed"],
        rows,
        note,
    )


def relations_table(result: Mapping) -> Table | None:
    block = result["measures"].get("relation_f1")
    if block is None:
        return None
    rows = [
        [
            pair,
            number(c["documents"]),
            number(c["tp"]),
            number(c["fp"]),
            number(c["fn"]),
            number(c["f1"]),
        ]
        for pair, c in block["pairs"].items()
    ]
    return Table(
        "Relations (relation_f1)",
        ["pair", "documents", "tp", "fp", "fn", "F1"],
        rows,
        f"mean ± SD over pairs {mean_sd(block['summary'])}; "
        + block["parameters"]["relation_match"],
    )


def attributes_table(result: Mapping) -> Table | None:
    block = result["measures"].get("attribute_agreement")
    if block is None:
        return None
    rows = [
        [
            name,
            number(c["compared"]),
            number(c["agreed"]),
            number(c["one_sided"]),
            number(c["agreement"]),
        ]
        for name, c in block["pooled"].items()
    ]
    return Table(
        "Attributes (attribute_agreement, pooled over pairs)",
        ["label.attribute", "compared", "agreed", "given by one only", "agreement"],
        rows,
        block["parameters"]["rule"],
    )


def _structure_tables(result: Mapping) -> list[Table]:
    return [t for t in (relations_table(result), attributes_table(result)) if t is not None]


def report_tables(result: Mapping, titles: Mapping[str, str]) -> list[Table]:
    """Every table of the full (HTML) report, in reading order."""
    tables = [parameters_table(result), pairs_table(result)]
    tables += [matrix_table(result, m) for m in ("span_f1_exact", "span_f1_relaxed")]
    tables += [all_annotators_table(result), labels_table(result)]
    tables += [documents_table(result, titles), *confusion_tables(result)]
    tables += _structure_tables(result)
    against = against_table(result)
    return tables + ([against] if against else [])


def summary_tables(result: Mapping) -> list[Table]:
    """The tables of the short text summary."""
    tables = [pairs_table(result), all_annotators_table(result), labels_table(result)]
    tables += _structure_tables(result)
    against = against_table(result)
    return tables + ([against] if against else [])


def as_text(table: Table) -> str:
    """A table as aligned plain text, with its title above and its note below."""
    widths = [
        max(len(row[i]) for row in [table.headers, *table.rows]) for i in range(len(table.headers))
    ]
    lines = [table.title]
    for row in [table.headers, *table.rows]:
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
    if table.note:
        lines.append(f"({table.note})")
    return "\n".join(lines)
