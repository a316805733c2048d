"""`annotator merge` and `annotator agreement`: output, JSON shape, the HTML report, bad input."""

from __future__ import annotations

import json
import sqlite3
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.adjudication import add
from annotator.cli import main
from annotator.model import Document, Span, new_id
from annotator.store import Store

TEXTS = {
    "latakia": "Gunmen loyal to Assad killed 14 people in Latakia, a war monitor said on Friday.",
    "idlib": "Airstrikes hit Idlib overnight, killing three, the White Helmets said.",
}
TITLES = {"latakia": "Latakia & <b>Jableh</b>", "idlib": "Idlib"}
WORK = {
    "alice": {
        "latakia": [("Gunmen loyal to Assad", "actor"), ("Latakia", "location")],
        "idlib": [("Idlib", "location")],
    },
    "<script>": {
        "latakia": [("Gunmen loyal to Assad", "actor"), ("Latakia", "actor")],
        "idlib": [("the White Helmets", "source")],
    },
}
MEASURES = (
    "span_f1_exact",
    "span_f1_relaxed",
    "cohen_kappa",
    "fleiss_kappa",
    "krippendorff_alpha",
    "alpha_u",
)


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def annotator_file(path: Path, name: str, done: tuple[str, ...] = ("latakia", "idlib")) -> Path:
    store = Store.open(path)
    docs = {key: Document(new_id(), text, title=TITLES[key]) for key, text in TEXTS.items()}
    store.add_documents(docs.values())
    for key, marks in WORK[name].items():
        for phrase, label in marks:
            start = TEXTS[key].index(phrase)
            span = Span(new_id(), docs[key].id, name, start, start + len(phrase), label, phrase)
            store.add_span(span)
        if key in done:
            store.set_status(docs[key].id, name, "done")
    store.close()
    return path


@pytest.fixture
def files(tmp_path) -> list[Path]:
    return [
        annotator_file(tmp_path / "alice.annotator", "alice"),
        annotator_file(tmp_path / "script.annotator", "<script>"),
    ]


@pytest.fixture
def review(tmp_path, files) -> Path:
    path = tmp_path / "review.annotator"
    result = run("merge", *map(str, files), "--project", str(path))
    assert result.exit_code == 0, result.output
    return path


def table_dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    rows = list(conn.iterdump())
    conn.close()
    return rows


# -- merge -------------------------------------------------------------------------------------


def test_merge_reports_what_it_brought_in(tmp_path, files):
    result = run("merge", *map(str, files), "--project", str(tmp_path / "r.annotator"))
    assert result.exit_code == 0
    assert "2 documents added, 4 layers added" in result.output
    assert "<script>, alice" in result.output


def test_merge_needs_the_review_project_named(files):
    result = run("merge", str(files[0]))
    assert result.exit_code == 2
    assert "--project" in result.output


def test_merge_refuses_bad_input_with_the_reason_and_changes_nothing(tmp_path, review):
    before = table_dump(review)
    bad = tmp_path / "notes.annotator"
    bad.write_text("not a project", encoding="utf-8")
    result = run("merge", str(bad), "--project", str(review))
    assert result.exit_code == 1
    assert "notes.annotator" in result.output and "not a SQLite database" in result.output
    assert table_dump(review) == before


def test_merge_refuses_a_malformed_label_map(review, files):
    result = run("merge", str(files[0]), "--project", str(review), "--map", "PER")
    assert result.exit_code == 2
    assert "old=new" in result.output


def test_merge_again_says_nothing_changed(review, files):
    result = run("merge", *map(str, files), "--project", str(review))
    assert "0 layers added, 0 replaced, 4 unchanged" in result.output


# -- agreement ---------------------------------------------------------------------------------


def agreement_json(review: Path, *options: str) -> dict:
    result = run("agreement", "--project", str(review), "--json", *options)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_agreement_json_names_every_measure_and_keys_pairs_by_sorted_names(review):
    data = agreement_json(review)
    assert set(MEASURES) <= set(data["measures"])
    exact = data["measures"]["span_f1_exact"]["pairs"]["<script>|alice"]
    # Both agree only on "Gunmen loyal to Assad": 1 match, 2 spans each unmatched.
    assert (exact["tp"], exact["fp"], exact["fn"]) == (1, 2, 2)
    assert exact["f1"] == pytest.approx(2 * 1 / (2 * 1 + 2 + 2))
    relaxed = data["measures"]["span_f1_relaxed"]["pairs"]["<script>|alice"]
    assert relaxed["f1"] == pytest.approx(exact["f1"])
    assert data["parameters"]["annotators"] == ["<script>", "alice"]
    assert data["parameters"]["selection"] == "finished documents only"
    # alice's "Latakia" location met the other's "Latakia" actor on the same offsets.
    confusion = data["label_confusion"]["<script>|alice"]
    assert confusion["actor"] == {"actor": 1, "location": 1}
    assert confusion["source"] == {"(none)": 1}
    assert confusion["(none)"] == {"location": 1}


def test_unfinished_documents_count_only_with_all_documents(tmp_path):
    paths = [
        annotator_file(tmp_path / "a.annotator", "alice", done=("latakia",)),
        annotator_file(tmp_path / "b.annotator", "<script>", done=("latakia",)),
    ]
    review = tmp_path / "review.annotator"
    run("merge", *map(str, paths), "--project", str(review))
    assert agreement_json(review)["parameters"]["documents"] == 1
    every = agreement_json(review, "--all-documents")
    assert every["parameters"]["documents"] == 2
    assert every["parameters"]["selection"] != "finished documents only"


def test_the_summary_is_a_readable_table(review):
    result = run("agreement", "--project", str(review))
    assert result.exit_code == 0
    lines = result.output.splitlines()
    pair_row = next(line for line in lines if line.startswith("<script>|alice"))
    assert pair_row.split()[1:4] == ["2", "0.333", "0.333"]
    assert any(line.startswith("Fleiss") for line in lines)
    assert any(line.split()[:1] == ["actor"] for line in lines)


def adjudicate(review: Path) -> None:
    store = Store.open(review)
    for document in store.documents():
        if document.text == TEXTS["latakia"]:
            for phrase, label in [("Gunmen loyal to Assad", "actor"), ("Latakia", "location")]:
                start = document.text.index(phrase)
                store.add_decision(
                    add(document.id, document.text, start, start + len(phrase), label, reviewer="r")
                )
    store.close()


def test_against_gold_scores_each_annotator_on_adjudicated_documents(review):
    adjudicate(review)
    data = agreement_json(review, "--against", "gold")
    scores = data["against"]["annotators"]
    assert data["against"]["parameters"]["reference"] == "gold"
    assert data["against"]["parameters"]["documents"] == 1
    # On Latakia alice made exactly gold's two spans; the other got one of two right.
    assert scores["alice"]["span_f1_exact"]["f1"] == 1.0
    other = scores["<script>"]["span_f1_exact"]
    assert (other["tp"], other["fp"], other["fn"]) == (1, 1, 1)
    assert "gold" not in data["parameters"]["annotators"]


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += attrs

    def handle_data(self, data):
        self.text.append(data)


def test_the_html_report_is_one_self_contained_escaped_file(review, tmp_path):
    adjudicate(review)
    out = tmp_path / "report.html"
    result = run("agreement", "--project", str(review), "--html", str(out), "--against", "gold")
    assert result.exit_code == 0
    html = out.read_text(encoding="utf-8")
    page = _Collector()
    page.feed(html)
    assert "script" not in page.tags and "link" not in page.tags and "img" not in page.tags
    assert not [name for name, _ in page.attributes if name in ("src", "href")]
    assert "url(" not in html and "@import" not in html
    assert "<style>" in html
    # User text arrives as text, never as markup.
    assert "<script>" not in html and "<b>" not in html
    text = "".join(page.text)
    assert "<script>|alice" in text
    assert TITLES["latakia"] in text
    for heading in (
        "Parameters",
        "Pairwise matrix",
        "Per label",
        "Per document",
        "Label confusion",
    ):
        assert heading in text
    assert "against gold" in text


def test_an_html_report_into_a_missing_folder_fails_cleanly(review, tmp_path):
    result = run("agreement", "--project", str(review), "--html", str(tmp_path / "no" / "r.html"))
    assert result.exit_code == 1
    assert "cannot write" in result.output
