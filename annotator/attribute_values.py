"""Attribute values typed again by the schema, for formats that keep only words (brat).

brat writes `1001` and `more_than` (a value may not hold spaces); read back they are text. Under
the project's schema a number attribute's digits become a number again, and a choice's
underscored option its spaced form, and a text attribute's underscores spaces. Values of
attributes the schema does not describe are left as they came.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from .model import Span
from .schema import AttributeSpec, Schema

_INTEGER = re.compile(r"-?\d+\Z")
_DECIMAL = re.compile(r"-?\d+\.\d+\Z")


def word_for(value: str) -> str:
    """The one-word form of a choice value with spaces: `more than` → `more_than`."""
    return "_".join(value.split())


def typed_value(spec: AttributeSpec, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if spec.type == "number" and _INTEGER.match(value):
        return int(value)
    if spec.type == "number" and _DECIMAL.match(value):
        return float(value)
    if spec.type == "choice" and value not in spec.options:
        spaced = {word_for(option): option for option in spec.options}
        return spaced.get(value, value)
    if spec.type == "boolean" and value in ("true", "false"):
        return value == "true"
    if spec.type == "text":
        return value.replace("_", " ")  # so an underscore a text value had comes back a space
    return value


def typed_spans(spans: Iterable[Span], schema: Schema) -> list[Span]:
    """Spans whose text-only attribute values are typed as their label's schema says."""
    labels = {spec.key: spec for spec in schema.labels}
    typed = []
    for span in spans:
        label = labels.get(span.label)
        if label is None or not span.attributes:
            typed.append(span)
            continue
        attributes = {
            key: typed_value(spec, value) if (spec := label.attribute(key)) else value
            for key, value in span.attributes.items()
        }
        typed.append(replace(span, attributes=attributes))
    return typed
