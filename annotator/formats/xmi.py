"""UIMA CAS XMI for INCEpTION: a folder of `<document>.xmi` files and their `TypeSystem.xml`.

Offsets in the files are UTF-16 code units, as UIMA (Java) counts them; dkpro-cassis converts
our code points on writing and back on reading. Types follow INCEpTION's conventions for custom
layers: spans are `webanno.custom.Span` (features `label`, `note`, `attributes` as JSON, `spanId`),
relations `webanno.custom.SpanRelation` (`Governor` = from-span, `Dependent` = to-span, `label`),
placed on the dependent as INCEpTION does. Paragraphs and regex tokens are written as DKPro
`Sentence` and `Token`, and the title and id as `DocumentMetaData`. Not carried: status.
Needs the extra `annotator[xmi]`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from ..atomic_file import atomic_folder
from ..model import Label
from ..store import LayerDocument
from .naming import StemAllocator
from .tokens import paragraphs
from .writing import checked_spans

OFFSET_UNIT = "UTF-16 code units"
TYPE_SYSTEM_FILE = "TypeSystem.xml"
SPAN = "webanno.custom.Span"
RELATION = "webanno.custom.SpanRelation"
DKPRO = "de.tudarmstadt.ukp.dkpro.core.api"
SENTENCE = f"{DKPRO}.segmentation.type.Sentence"
TOKEN = f"{DKPRO}.segmentation.type.Token"
METADATA = f"{DKPRO}.metadata.type.DocumentMetaData"
_STRING = "uima.cas.String"
_ANNOTATION = "uima.tcas.Annotation"


def _cassis():
    try:
        import cassis
    except ImportError as error:
        raise RuntimeError(
            "the XMI export needs dkpro-cassis: install the extra with pip install 'annotator[xmi]'"
        ) from error
    return cassis


def type_system():
    """Our span and relation layers, with the DKPro types INCEpTION expects beside them."""
    ts = _cassis().TypeSystem()
    span = ts.create_type(SPAN, supertypeName=_ANNOTATION)
    for feature in ("label", "note", "attributes", "spanId"):
        ts.create_feature(span, feature, _STRING)
    relation = ts.create_type(RELATION, supertypeName=_ANNOTATION)
    ts.create_feature(relation, "Governor", SPAN)
    ts.create_feature(relation, "Dependent", SPAN)
    ts.create_feature(relation, "label", _STRING)
    ts.create_type(SENTENCE, supertypeName=_ANNOTATION)
    ts.create_type(TOKEN, supertypeName=_ANNOTATION)
    metadata = ts.create_type(METADATA, supertypeName="uima.tcas.DocumentAnnotation")
    for feature in ("documentTitle", "documentId"):
        ts.create_feature(metadata, feature, _STRING)
    return ts


def to_cas(ts, item: LayerDocument):
    cas = _cassis().Cas(typesystem=ts)
    text = item.document.text
    cas.sofa_string = text
    cas.add(
        ts.get_type(METADATA)(
            begin=0, end=len(text), documentTitle=item.document.title, documentId=item.document.id
        )
    )
    for tokens in paragraphs(text):
        cas.add(ts.get_type(SENTENCE)(begin=tokens[0][0], end=tokens[-1][1]))
        cas.add_all([ts.get_type(TOKEN)(begin=s, end=e) for s, e in tokens])
    made = {}
    for span in checked_spans(item):
        made[span.id] = ts.get_type(SPAN)(
            begin=span.start,
            end=span.end,
            label=span.label,
            note=span.note,
            attributes=json.dumps(span.attributes, ensure_ascii=False, sort_keys=True),
            spanId=span.id,
        )
    cas.add_all(list(made.values()))
    for rel in item.relations:
        dependent = made[rel.to_span]
        cas.add(
            ts.get_type(RELATION)(
                begin=dependent.begin,
                end=dependent.end,
                Governor=made[rel.from_span],
                Dependent=dependent,
                label=rel.type,
            )
        )
    return cas


def write_xmi(items: Iterable[LayerDocument], out: Path, labels: list[Label]) -> int:
    ts = type_system()
    stems = StemAllocator()
    count = 0
    with atomic_folder(out) as folder:
        ts.to_xml(folder / TYPE_SYSTEM_FILE)
        for item in items:
            to_cas(ts, item).to_xmi(folder / f"{stems.stem(item.document.id)}.xmi")
            count += 1
    return count
