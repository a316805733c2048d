"""Benchmark: every agreement measure on 1,000 documents × 3 annotators × 50 spans.

Target (DESIGN §9): ≤ 2 s on a 2-core machine. The same run times `json.dumps` of the same
spans as a baseline, so the ratio says something even on a faster or slower machine.
Run alone: python -m benchmarks.bench_agreement; `python -m benchmarks` runs it with the rest.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from dataclasses import asdict

from annotator.agreement import AnnotatedDocument, compute_agreement
from annotator.model import Span

from .corpus import LABELS, spans_over, word_bounds
from .measure import Row

WORDS = (
    "Gunmen loyal to the ousted leader attacked a checkpoint near Latakia , killing 14 "
    "people , a war monitor said on Friday . The Defense Ministry denied the claims ."
).split()


def synthetic_text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def synthetic_layer(
    rng: random.Random, doc_id: str, text: str, name: str, base: list[Span]
) -> list[Span]:
    """An annotator's layer: mostly the shared spans, some moved, relabelled or dropped."""
    words = word_bounds(text)
    spans = []
    for i, span in enumerate(base):
        roll = rng.random()
        start, end, label = span.start, span.end, span.label
        if roll < 0.1:
            continue
        if roll < 0.2:
            label = rng.choice(LABELS)
        elif roll < 0.3:
            index = min(len(words) - 1, rng.randrange(len(words)))
            end = max(words[index][1], start + 1)
        spans.append(Span(f"{name}-{doc_id}-{i}", doc_id, name, start, end, label, text[start:end]))
    return spans


def synthetic_documents(
    documents: int, annotators: int, spans: int, seed: int = 7
) -> list[AnnotatedDocument]:
    rng = random.Random(seed)
    names = [f"annotator{i}" for i in range(annotators)]
    result = []
    for d in range(documents):
        doc_id = f"doc{d:05d}"
        text = synthetic_text(rng, spans * 6)
        base = spans_over(text, doc_id, spans, rng, annotator="", longest=4)
        layers = {name: synthetic_layer(rng, doc_id, text, name, base) for name in names}
        result.append(AnnotatedDocument(doc_id, text, layers))
    return result


def best_of(repeats: int, work) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def agreement_rows(repeats: int = 3) -> list[Row]:
    """The DESIGN §9 row, for `python -m benchmarks`."""
    documents = synthetic_documents(1000, 3, 50)
    as_rows = [[asdict(s) for layer in d.layers.values() for s in layer] for d in documents]
    measured = best_of(repeats, lambda: compute_agreement(documents).to_json())
    baseline = best_of(repeats, lambda: json.dumps(as_rows))
    return [
        Row(
            "agreement, 1,000 docs × 3 annotators × 50 spans, all measures",
            measured * 1000,
            2000,
            "ms",
            baseline * 1000,
            "json.dumps of the same spans",
        )
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--annotators", type=int, default=3)
    parser.add_argument("--spans", type=int, default=50)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    documents = synthetic_documents(args.documents, args.annotators, args.spans)
    span_count = sum(len(layer) for d in documents for layer in d.layers.values())

    as_rows = [[asdict(s) for layer in d.layers.values() for s in layer] for d in documents]

    def baseline() -> None:
        json.dumps(as_rows)

    agreement = best_of(args.repeats, lambda: compute_agreement(documents).to_json())
    reference = best_of(args.repeats, baseline)
    print(
        f"{args.documents} documents, {args.annotators} annotators, {span_count} spans, "
        f"{sum(len(d.text) for d in documents):,} characters"
    )
    print(f"all agreement measures + to_json: {agreement:.3f} s (target ≤ 2 s)")
    print(f"baseline json.dumps of the spans:  {reference:.3f} s")
    print(f"ratio: {agreement / reference:.1f}x baseline")


if __name__ == "__main__":
    main()
