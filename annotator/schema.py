"""The label schema: read and validate a schema file (labels, typed attributes, relation types)."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .model import Label

# Versions of the schema file format this code reads. Version 1 files had labels only; everything
# added since (attributes, relations) is optional, so a version 1 file reads as it always did.
SUPPORTED_VERSIONS = (1, 2)
ATTRIBUTE_TYPES = ("number", "choice", "text", "boolean")

# Keys are identifiers in every export format; brat, CoNLL tags and XMI type names all accept this.
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")
_COLOR = re.compile(r"#[0-9A-Fa-f]{6}\Z")

_LABEL_FIELDS = {"key", "name", "color", "shortcut", "description", "attributes"}
_RELATION_FIELDS = {"key", "name", "description", "symmetric", "allowed"}
_ATTRIBUTE_FIELDS = {
    "number": {"type", "name", "description", "required", "integer", "min", "max", "not_below"},
    "choice": {"type", "name", "description", "required", "options"},
    "text": {"type", "name", "description", "required"},
    "boolean": {"type", "name", "description", "required"},
}


@dataclass(frozen=True)
class SchemaProblem:
    path: str  # where in the file, e.g. "labels[2].attributes.kind.type"
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}" if self.path else self.reason


class SchemaError(ValueError):
    """A schema file that cannot be used; `file`, `path` and `reason` name the first problem."""

    def __init__(self, file: str, problems: list[SchemaProblem]) -> None:
        self.file = file
        self.problems = problems
        self.path = problems[0].path
        self.reason = problems[0].reason
        super().__init__("\n".join(f"{file}: {problem}" for problem in problems))


@dataclass(frozen=True)
class AttributeSpec:
    key: str
    type: str
    name: str = ""
    description: str = ""
    required: bool = False
    options: tuple[str, ...] = ()  # choice only
    integer: bool = False  # number only: counts are whole people
    min: float | None = None
    max: float | None = None
    not_below: str = ""  # number only: another number attribute this one may not be less than


@dataclass(frozen=True)
class LabelSpec:
    key: str
    name: str
    color: str
    shortcut: str = ""
    description: str = ""
    attributes: tuple[AttributeSpec, ...] = ()

    def to_label(self) -> Label:
        return Label(self.key, self.name, self.color, self.shortcut, self.description)

    def attribute(self, key: str) -> AttributeSpec | None:
        return next((spec for spec in self.attributes if spec.key == key), None)


@dataclass(frozen=True)
class RelationSpec:
    key: str
    name: str
    allowed: tuple[tuple[str, str], ...]  # (from label, to label) pairs
    description: str = ""
    symmetric: bool = False  # same_as: direction carries no meaning

    def allows(self, from_label: str, to_label: str) -> bool:
        pair = (from_label, to_label)
        return pair in self.allowed or (self.symmetric and pair[::-1] in self.allowed)


@dataclass(frozen=True)
class Schema:
    labels: tuple[LabelSpec, ...]
    relations: tuple[RelationSpec, ...] = ()
    version: int = SUPPORTED_VERSIONS[-1]
    file: str = field(default="", compare=False)

    def label(self, key: str) -> LabelSpec:
        for spec in self.labels:
            if spec.key == key:
                return spec
        raise KeyError(f"no label {key!r} in the schema")

    def relation(self, key: str) -> RelationSpec:
        for spec in self.relations:
            if spec.key == key:
                return spec
        raise KeyError(f"no relation type {key!r} in the schema")

    def model_labels(self) -> list[Label]:
        return [spec.to_label() for spec in self.labels]

    def relation_types_between(self, from_label: str, to_label: str) -> list[str]:
        """The relation types an annotator may draw from a span of one label to another."""
        return [rel.key for rel in self.relations if rel.allows(from_label, to_label)]


# -- reading --------------------------------------------------------------------------------------


class _Object(dict):
    """A JSON object that remembers the keys it had twice, which `json` otherwise drops silently."""

    def __init__(self, pairs: list[tuple[str, Any]]) -> None:
        super().__init__(pairs)
        seen: set[str] = set()
        self.duplicates = [k for k, _ in pairs if k in seen or seen.add(k)]


def load_schema(path: str | Path) -> Schema:
    """Read and validate a schema file; raise SchemaError naming every problem found."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SchemaError(
            str(path), [SchemaProblem("", f"cannot read the file: {error}")]
        ) from error
    return parse_schema(text, str(path))


def parse_schema(text: str, file: str = "<schema>") -> Schema:
    """Validate schema JSON text; `file` names it in errors."""
    try:
        data = json.loads(text, object_pairs_hook=_Object)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno} column {error.colno}"
        raise SchemaError(file, [SchemaProblem("", f"not valid JSON ({where}): {error.msg}")])
    reader = _Reader()
    schema = reader.schema(data)
    if reader.problems:
        raise SchemaError(file, reader.problems)
    return Schema(schema.labels, schema.relations, schema.version, file)


class _Reader:
    """Builds a Schema from parsed JSON, collecting every problem rather than stopping at the
    first, so one edit-and-reload cycle shows a schema author everything to fix."""

    def __init__(self) -> None:
        self.problems: list[SchemaProblem] = []

    def fail(self, path: str, reason: str) -> None:
        self.problems.append(SchemaProblem(path, reason))

    def object(self, value: Any, path: str, fields: set[str] | None = None) -> Mapping:
        if not isinstance(value, dict):
            self.fail(path, f"expected an object, got {_json_type(value)}")
            return {}
        for key in getattr(value, "duplicates", ()):
            self.fail(_join(path, key), "duplicate key")
        for key in value:
            if fields is not None and key not in fields:
                self.fail(_join(path, key), f"unknown field (expected one of {_names(fields)})")
        return value

    def string(self, obj: Mapping, key: str, path: str, *, required: bool = False) -> str:
        value = obj.get(key, "")
        if key not in obj and required:
            self.fail(_join(path, key), "missing")
        elif not isinstance(value, str):
            self.fail(_join(path, key), f"expected a string, got {_json_type(value)}")
            return ""
        return value

    def boolean(self, obj: Mapping, key: str, path: str) -> bool:
        value = obj.get(key, False)
        if not isinstance(value, bool):
            self.fail(_join(path, key), f"expected true or false, got {_json_type(value)}")
            return False
        return value

    def key(self, obj: Mapping, path: str, seen: set[str], what: str) -> str:
        key = self.string(obj, "key", path, required=True)
        if "key" in obj and isinstance(obj["key"], str):
            if not _KEY.match(key):
                self.fail(
                    _join(path, "key"),
                    f"{key!r} is not a valid key (a letter or _, then letters, digits, _ or -)",
                )
            elif key in seen:
                self.fail(_join(path, "key"), f"duplicate {what} key {key!r}")
            seen.add(key)
        return key

    def items(self, obj: Mapping, key: str, path: str) -> list:
        value = obj.get(key, [])
        if not isinstance(value, list):
            self.fail(_join(path, key), f"expected a list, got {_json_type(value)}")
            return []
        return value

    # -- the schema, top down ---------------------------------------------------------------

    def schema(self, data: Any) -> Schema:
        top = self.object(data, "", {"version", "labels", "relations"})
        version = self.version(top)
        if "labels" not in top:
            self.fail("labels", "missing")
        labels = self.labels(self.items(top, "labels", ""))
        known = {spec.key for spec in labels}
        relations = self.relations(self.items(top, "relations", ""), known)
        return Schema(tuple(labels), tuple(relations), version)

    def version(self, top: Mapping) -> int:
        version = top.get("version", 1)
        if isinstance(version, bool) or not isinstance(version, int):
            self.fail("version", f"expected a whole number, got {_json_type(version)}")
        elif version not in SUPPORTED_VERSIONS:
            self.fail(
                "version",
                f"version {version} is not supported (this Annotator reads versions "
                f"{', '.join(map(str, SUPPORTED_VERSIONS))}); a newer Annotator may read it",
            )
        return version if version in SUPPORTED_VERSIONS else SUPPORTED_VERSIONS[-1]

    def labels(self, entries: list) -> list[LabelSpec]:
        keys: set[str] = set()
        shortcuts: dict[str, str] = {}
        labels = []
        for i, entry in enumerate(entries):
            path = f"labels[{i}]"
            spec = self.label(self.object(entry, path, _LABEL_FIELDS), path, keys)
            if spec.shortcut and spec.shortcut in shortcuts:
                self.fail(
                    _join(path, "shortcut"),
                    f"shortcut {spec.shortcut!r} is already used by {shortcuts[spec.shortcut]!r}",
                )
            shortcuts.setdefault(spec.shortcut, spec.key)
            labels.append(spec)
        return labels

    def label(self, obj: Mapping, path: str, keys: set[str]) -> LabelSpec:
        key = self.key(obj, path, keys, "label")
        color = self.string(obj, "color", path, required=True)
        if isinstance(obj.get("color"), str) and not _COLOR.match(color):
            self.fail(_join(path, "color"), f"{color!r} is not a colour of the form #RRGGBB")
        return LabelSpec(
            key=key,
            name=self.string(obj, "name", path, required=True),
            color=color,
            shortcut=self.string(obj, "shortcut", path),
            description=self.string(obj, "description", path),
            attributes=self.attributes(obj.get("attributes", {}), _join(path, "attributes")),
        )

    def attributes(self, value: Any, path: str) -> tuple[AttributeSpec, ...]:
        specs = [
            self.attribute(key, entry, _join(path, key))
            for key, entry in self.object(value, path).items()
        ]
        self.attribute_links(specs, path)
        return tuple(specs)

    def attribute(self, key: str, entry: Any, path: str) -> AttributeSpec:
        if not _KEY.match(key):
            self.fail(path, f"{key!r} is not a valid attribute key")
        # Which fields are allowed depends on the type; an unknown type is reported on its own.
        kind = entry.get("type") if isinstance(entry, dict) else None
        obj = self.object(entry, path, _ATTRIBUTE_FIELDS.get(kind if isinstance(kind, str) else ""))
        kind = self.string(obj, "type", path, required=True)
        if isinstance(obj.get("type"), str) and kind not in ATTRIBUTE_TYPES:
            self.fail(
                _join(path, "type"),
                f"unknown attribute type {kind!r} (expected one of {_names(ATTRIBUTE_TYPES)})",
            )
        return AttributeSpec(
            key=key,
            type=kind,
            name=self.string(obj, "name", path),
            description=self.string(obj, "description", path),
            required=self.boolean(obj, "required", path),
            options=self.options(obj, path) if kind == "choice" else (),
            integer=self.boolean(obj, "integer", path),
            min=self.bound(obj, "min", path),
            max=self.bound(obj, "max", path),
            not_below=self.string(obj, "not_below", path),
        )

    def options(self, obj: Mapping, path: str) -> tuple[str, ...]:
        where = _join(path, "options")
        if "options" not in obj:
            self.fail(where, "a choice attribute needs a list of options")
            return ()
        options = self.items(obj, "options", path)
        if "options" in obj and isinstance(obj["options"], list) and not options:
            self.fail(where, "a choice attribute needs at least one option")
        good: list[str] = []
        for i, option in enumerate(options):
            if not isinstance(option, str) or not option:
                self.fail(f"{where}[{i}]", f"expected a non-empty string, got {option!r}")
            elif option in good:
                self.fail(f"{where}[{i}]", f"duplicate option {option!r}")
            else:
                good.append(option)
        return tuple(good)

    def bound(self, obj: Mapping, key: str, path: str) -> float | None:
        value = obj.get(key)
        if value is not None and not _is_number(value):
            self.fail(_join(path, key), f"expected a number, got {_json_type(value)}")
            return None
        return value

    def attribute_links(self, specs: list[AttributeSpec], path: str) -> None:
        numbers = {spec.key for spec in specs if spec.type == "number"}
        for spec in specs:
            where = _join(path, spec.key)
            if spec.not_below and spec.not_below not in numbers:
                self.fail(
                    _join(where, "not_below"), f"{spec.not_below!r} is not a number attribute here"
                )
            if spec.min is not None and spec.max is not None and spec.min > spec.max:
                self.fail(_join(where, "max"), f"max {spec.max} is below min {spec.min}")

    def relations(self, entries: list, labels: set[str]) -> list[RelationSpec]:
        keys: set[str] = set()
        relations = []
        for i, entry in enumerate(entries):
            path = f"relations[{i}]"
            obj = self.object(entry, path, _RELATION_FIELDS)
            relations.append(
                RelationSpec(
                    key=self.key(obj, path, keys, "relation"),
                    name=self.string(obj, "name", path, required=True),
                    allowed=self.allowed(obj, path, labels),
                    description=self.string(obj, "description", path),
                    symmetric=self.boolean(obj, "symmetric", path),
                )
            )
        return relations

    def allowed(self, obj: Mapping, path: str, labels: set[str]) -> tuple[tuple[str, str], ...]:
        if "allowed" not in obj:
            self.fail(_join(path, "allowed"), "missing: list the {from, to} label pairs")
        entries = self.items(obj, "allowed", path)
        if "allowed" in obj and isinstance(obj["allowed"], list) and not entries:
            self.fail(_join(path, "allowed"), "a relation type needs at least one {from, to} pair")
        pairs = []
        for i, entry in enumerate(entries):
            where = f"{_join(path, 'allowed')}[{i}]"
            pair = self.object(entry, where, {"from", "to"})
            ends = tuple(self.string(pair, end, where, required=True) for end in ("from", "to"))
            for end, label in zip(("from", "to"), ends):
                if end in pair and isinstance(pair[end], str) and label not in labels:
                    self.fail(_join(where, end), f"unknown label {label!r}")
            pairs.append(ends)
        return tuple(pairs)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _names(values) -> str:
    return ", ".join(sorted(values))


def _is_number(value: Any) -> bool:
    # JSON true/false arrive as bool, a subclass of int: not a number to a schema author.
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "true/false"}
    if value is None:
        return "null"
    if _is_number(value):
        return f"the number {value}"
    return names.get(type(value), type(value).__name__)


# -- attribute values -----------------------------------------------------------------------------


@dataclass(frozen=True)
class AttributeProblem:
    attribute: str
    reason: str

    def __str__(self) -> str:
        return f"{self.attribute}: {self.reason}"


def validate_attributes(label: LabelSpec, attributes: Mapping[str, Any]) -> list[AttributeProblem]:
    """Problems with a span's attribute values under its label's schema; empty when all is well.

    None (or an absent key) means "not filled in", which only a required attribute refuses.
    """
    problems = [
        AttributeProblem(key, "not an attribute of this label")
        for key in attributes
        if label.attribute(key) is None
    ]
    for spec in label.attributes:
        value = attributes.get(spec.key)
        if value is None or value == "":
            if spec.required:
                problems.append(AttributeProblem(spec.key, "required but missing"))
            continue
        reason = _value_problem(spec, value) or _order_problem(spec, value, attributes)
        if reason:
            problems.append(AttributeProblem(spec.key, reason))
    return problems


def _value_problem(spec: AttributeSpec, value: Any) -> str:
    if spec.type == "number":
        return _number_problem(spec, value)
    if spec.type == "choice" and value not in spec.options:
        return f"{value!r} is not one of {', '.join(spec.options)}"
    if spec.type == "text" and not isinstance(value, str):
        return f"expected text, got {_json_type(value)}"
    if spec.type == "boolean" and not isinstance(value, bool):
        return f"expected true or false, got {_json_type(value)}"
    return ""


def _number_problem(spec: AttributeSpec, value: Any) -> str:
    if not _is_number(value):
        return f"expected a number, got {_json_type(value)}"
    if spec.integer and value != int(value):
        return f"expected a whole number, got {value}"
    if spec.min is not None and value < spec.min:
        return f"{value} is below the minimum {spec.min}"
    if spec.max is not None and value > spec.max:
        return f"{value} is above the maximum {spec.max}"
    return ""


def _order_problem(spec: AttributeSpec, value: Any, attributes: Mapping[str, Any]) -> str:
    other = attributes.get(spec.not_below) if spec.not_below else None
    if _is_number(other) and value < other:
        return f"{value} is less than {spec.not_below} ({other})"
    return ""
