"""A project's agreement report: the counted documents, every measure, label confusion, and scores
against a reference layer (gold); the one function the CLI, the HTML report and scripts share."""

from __future__ import annotations

import json

from .agreement import (
    compute_agreement,
    documents_from_layers,
    label_confusion,
    score_against_reference,
)
from .store import GOLD, Store

SELECTIONS = {True: "finished documents only", False: "every layer, finished or not"}


def project_agreement(store: Store, *, only_done: bool = True, against: str | None = None) -> dict:
    """compute_agreement's dictionary plus "label_confusion" (per pair) and, when `against`
    names a layer, "against": each annotator scored against it (score_against_reference)."""
    documents = documents_from_layers(store.iter_layer(None), only_done=only_done)
    labels = [label.key for label in store.labels()]
    report = compute_agreement(documents, labels=labels, selection=SELECTIONS[only_done])
    result = json.loads(report.to_json())  # NaN and infinities become null, as in the JSON
    result["label_confusion"] = label_confusion(documents)
    if against is not None:
        with_reference = [d for d in documents if against in d.layers]
        result["against"] = score_against_reference(
            with_reference, against, labels=labels, selection=f"documents with a {against} layer"
        )
    return result


def document_titles(store: Store) -> dict[str, str]:
    return {summary.id: summary.title for summary in store.document_summaries(GOLD)}
