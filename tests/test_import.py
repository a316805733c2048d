"""Importing articles: plain text, folders, CSV and JSONL; bad input is named and changes nothing."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import threading
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator import importing
from annotator.formats import MAX_DOCUMENT_BYTES, InputError, read_bytes
from annotator.importing import READERS, expand_paths, import_paths, read_file
from annotator.model import first_line, normalise_text
from annotator.store import Store

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
ARTICLE = "date 2024-02-06 An ambush near Latakia killed 12 people.\n\nA war monitor said so.\n"


def dump(store: Store) -> dict:
    """Every row of every table: equal dumps mean the project did not change."""
    tables = [r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    return {t: store.db.execute(f"SELECT * FROM [{t}] ORDER BY 1").fetchall() for t in tables}


def write(path: Path, data: bytes | str) -> Path:
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


# -- plain text and folders -------------------------------------------------------------------


def test_a_text_file_becomes_a_document_with_its_date_in_meta(store, tmp_path):
    path = write(tmp_path / "ambush.txt", ARTICLE)
    result = import_paths(store, [path])
    assert result.errors == [] and result.files == 1
    (doc,) = store.documents()
    assert doc.text == "An ambush near Latakia killed 12 people.\n\nA war monitor said so.\n"
    assert doc.meta == {"date": "2024-02-06", "source_file": "ambush.txt"}
    assert doc.title == "An ambush near Latakia killed 12 people."
    assert result.summary().startswith("1 documents added from 1 files")


def test_crlf_and_lone_cr_become_lf_and_nothing_else_changes(store, tmp_path):
    body = "Clashes in Jableh.  \r\n\r\n\tTabs stay.\rLone CR.\r\n"
    import_paths(store, [write(tmp_path / "crlf.txt", body)])
    (doc,) = store.documents()
    assert doc.text == "Clashes in Jableh.  \n\n\tTabs stay.\nLone CR.\n"


def test_utf8_with_bom_and_utf16_with_bom_are_accepted(store, tmp_path):
    sig = write(tmp_path / "sig.txt", "\ufeffحلب، اللاذقية، طرطوس".encode())
    utf16 = write(tmp_path / "utf16.txt", "Shelling in Idlib 🇸🇾".encode("utf-16"))
    result = import_paths(store, [sig, utf16])
    assert result.errors == []
    assert [d.text for d in store.documents()] == ["حلب، اللاذقية، طرطوس", "Shelling in Idlib 🇸🇾"]


def test_a_folder_is_read_recursively_in_name_order_and_other_files_skipped(store, tmp_path):
    folder = tmp_path / "articles"
    (folder / "b").mkdir(parents=True)
    write(folder / "b" / "02.txt", "Second article.")
    write(folder / "01.txt", "First article.")
    write(folder / "03.TXT", "Third article.")
    write(folder / "photo.png", b"\x89PNG\r\n\x1a\n\x00\x00")
    write(folder / "notes.md", "# not an article")
    result = import_paths(store, [folder])
    assert result.errors == [] and result.files == 3
    assert sorted(d.text for d in store.documents()) == [
        "First article.",
        "Second article.",
        "Third article.",
    ]


def test_the_seed_articles_import_with_their_hard_text_intact(store):
    seeds = sorted(SEEDS.glob("*.txt"))
    assert len(seeds) >= 5
    result = import_paths(store, [SEEDS])
    assert result.errors == [] and len(result.report.added) == len(seeds)
    docs = {d.meta["source_file"]: d for d in store.documents()}
    assert all("\r" not in d.text and not d.text.startswith("date ") for d in docs.values())
    crlf = next(name for name in docs if b"\r\n" in (SEEDS / name).read_bytes())
    assert docs[crlf].text == (SEEDS / crlf).read_bytes().decode().split(" ", 2)[2].replace(
        "\r\n", "\n"
    )
    assert any("اللاذقية" in d.text for d in docs.values())
    assert any("🇸🇾" in d.text and "👨‍👩‍👧" in d.text for d in docs.values())
    longest = max(docs.values(), key=lambda d: len(d.text))
    assert len(longest.text.encode()) >= 20_000 and longest.text.strip().count("\n") == 0
    assert sum("date" in d.meta for d in docs.values()) >= 3


# -- CSV --------------------------------------------------------------------------------------


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_csv_rows_become_documents_keeping_their_other_columns(store, tmp_path):
    path = write_csv(
        tmp_path / "feed.csv",
        [
            ["id", "title", "text", "url"],
            ["a-17", "Ambush", "Gunmen attacked a patrol.\r\nTwelve died.", "https://x/1"],
            ["a-18", "", "Shelling resumed near Tartus, monitors said.", ""],
        ],
    )
    result = import_paths(store, [path])
    assert result.errors == []
    first, second = store.documents()
    assert first.text == "Gunmen attacked a patrol.\nTwelve died."
    assert first.title == "Ambush"
    assert first.meta == {"external_id": "a-17", "url": "https://x/1", "source_file": "feed.csv"}
    assert second.title == "Shelling resumed near Tartus, monitors said."
    assert first.id != "a-17"


@pytest.mark.parametrize(
    "rows, line, reason",
    [
        ([["title", "body"], ["x", "y"]], 1, "no 'text' column"),
        ([["title", "text"], ["ok", "Fine text."], ["empty", "  "]], 3, "cell is empty"),
        ([["title", "text"], ["ok", "Fine.", "extra cell"]], 2, "more cells"),
        ([["title", "text"]], None, "no rows"),
    ],
)
def test_bad_csv_is_named_by_line_and_imports_nothing(store, tmp_path, rows, line, reason):
    path = write_csv(tmp_path / "bad.csv", rows)
    before = dump(store)
    result = import_paths(store, [path])
    (error,) = result.errors
    assert reason in error.message and error.path == path and error.line == line
    assert dump(store) == before


# -- duplicates and progress ----------------------------------------------------------------


def test_duplicates_are_reported_not_added_again(store, tmp_path):
    first = write(tmp_path / "one.txt", ARTICLE)
    import_paths(store, [first])
    copy = write(tmp_path / "copy.txt", ARTICLE.replace("\n", "\r\n"))
    same_in_batch = write(tmp_path / "new.txt", "A new article.")
    again = write(tmp_path / "new-again.txt", "A new article.")
    result = import_paths(store, [copy, same_in_batch, again])
    assert store.document_count() == 2
    assert len(result.report.added) == 1
    names = sorted(doc.meta["source_file"] for doc, _ in result.report.duplicates)
    assert names == ["copy.txt", "new-again.txt"]
    assert "2 already in the project" in result.summary()


def test_progress_is_reported_for_every_file(store, tmp_path):
    paths = [write(tmp_path / f"{i:02}.txt", f"Article number {i}.") for i in range(7)]
    calls: list[tuple[int, int]] = []
    import_paths(store, paths, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(i, 7) for i in range(1, 8)]


# -- bad input: named by file and place, and the project left unchanged ----------------------


def refused(store: Store, path: Path) -> InputError:
    before = dump(store)
    result = import_paths(store, [path])
    (error,) = result.errors
    assert error.path == path and str(path) in str(error)
    assert dump(store) == before
    assert result.report.added == []
    return error


@pytest.fixture
def project(store, tmp_path):
    """A project that already holds an article, so "unchanged" is not merely "empty"."""
    import_paths(store, [write(tmp_path / "existing.txt", ARTICLE)])
    return store


def test_non_utf8_is_refused_with_its_byte_offset_and_line(project, tmp_path):
    data = "Clashes in Latakia.\nThe café".encode() + b" \xe9t\xe9 closed.\n"
    error = refused(project, write(tmp_path / "latin1.txt", data))
    offset = data.index(b"\xe9t")
    assert f"byte offset {offset}" in error.message and "0xe9" in error.message
    assert error.line == 2


def test_an_empty_or_blank_file_is_refused(project, tmp_path):
    assert "empty" in refused(project, write(tmp_path / "empty.txt", b"")).message
    assert "empty" in refused(project, write(tmp_path / "blank.txt", " \r\n\t\n")).message
    assert "empty" in refused(project, write(tmp_path / "header.txt", "date 2024-01-01\n")).message


def test_a_binary_file_is_refused(project, tmp_path):
    data = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00\x00"
    error = refused(project, write(tmp_path / "report.txt", data))
    assert "binary" in error.message and f"byte offset {data.index(0)}" in error.message


def test_a_50_mb_file_is_refused_by_its_size(project, tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: no 50 MB written
    error = refused(project, path)
    assert "52.4 MB" in error.message
    assert f"{MAX_DOCUMENT_BYTES / 1e6:.0f} MB" in error.message


def test_unknown_and_missing_files_are_refused(project, tmp_path):
    assert "unknown type" in refused(project, write(tmp_path / "a.docx", b"PK\x03\x04")).message
    assert "does not exist" in refused(project, tmp_path / "gone.txt").message


def test_spans_out_of_range_or_not_matching_are_refused(project, tmp_path):
    text = "Gunmen attacked a patrol near Latakia."
    for name, span in [
        ("range.jsonl", {"start": 30, "end": 80, "label": "location", "text": "Latakia"}),
        ("drift.jsonl", {"start": 0, "end": 6, "label": "actor", "text": "Gunman"}),
    ]:
        line = json.dumps({"text": text, "annotator": "amal", "spans": [span]})
        error = refused(project, write(tmp_path / name, line + "\n"))
        assert error.line == 1
        assert "[30, 80)" in error.message if name == "range.jsonl" else "Gunman" in error.message


def test_good_files_import_while_bad_ones_are_reported(store, tmp_path):
    good = write(tmp_path / "good.txt", ARTICLE)
    bad = write(tmp_path / "bad.txt", b"\xff\xfe\xfa")
    utf16_odd = write(tmp_path / "odd.txt", b"\xff\xfeA")
    result = import_paths(store, [good, bad, utf16_odd])
    assert store.document_count() == 1
    assert {e.path for e in result.errors} == {bad, utf16_odd}
    assert "2 files not imported" in result.summary()


def test_read_file_picks_the_reader_by_suffix(tmp_path):
    assert read_file(write(tmp_path / "a.text", "Plain.")).documents[0].text == "Plain."
    line = json.dumps({"text": "From JSONL."})
    assert read_file(write(tmp_path / "a.jsonl", line)).documents[0].text == "From JSONL."
    with pytest.raises(InputError, match="unknown type"):
        read_file(write(tmp_path / "a.json", line))


def test_csv_formula_like_cells_are_kept_as_text_and_reported(store, tmp_path):
    path = tmp_path / "feed.csv"
    path.write_text(
        "title,text,source\n"
        '"=HYPERLINK(""http://x"")","Shelling killed 4 in Idlib.",ok\n'
        'Plain,"-12 degrees as 3 were killed in Aleppo.","@agency"\n',
        encoding="utf-8",
    )
    result = import_paths(store, [path])
    assert result.errors == []
    titles = {doc.title for doc in store.documents()}
    assert '=HYPERLINK("http://x")' in titles  # stored exactly, never rewritten
    assert [w.split(": the ")[1].split(" cell")[0] for w in result.warnings] == [
        "'title'",
        "'text'",
        "'source'",
    ]
    assert all(w.startswith(f"{path}:") for w in result.warnings)
    assert f"{path}:2:" in result.warnings[0] and f"{path}:3:" in result.warnings[1]
    assert "3 warnings" in result.summary()


# -- the fast paths give what the plain definitions give ---------------------------------------

LINE_TEXT = st.text(alphabet=" \t\r\n\u2028\x0bab é🇸🇾\ufeff", max_size=60)


@settings(max_examples=300, deadline=None)
@given(text=LINE_TEXT, head=st.integers(min_value=1, max_value=20))
def test_the_title_line_is_found_whatever_the_head_split(text, head):
    whole = next((line.strip() for line in text.splitlines() if line.strip()), "")
    assert first_line(text, head) == whole


@settings(max_examples=300, deadline=None)
@given(raw=LINE_TEXT)
def test_normalising_changes_only_line_ends_and_a_leading_bom(raw):
    assert normalise_text(raw) == re.sub(r"\r\n?", "\n", raw.removeprefix("\ufeff"))


@pytest.mark.parametrize(
    "data",
    [
        "Shelling in Idlib 🇸🇾.\n".encode(),
        "\ufeffحلب، اللاذقية\r\nطرطوس".encode(),
        b"Line one\rline two",
        ARTICLE.encode(),
        "Shelling in Idlib 🇸🇾".encode("utf-16"),
    ],
    ids=["plain", "bom-crlf", "lone-cr", "date-header", "utf-16"],
)
def test_a_document_hash_is_the_hash_of_its_stored_text(store, tmp_path, data):
    import_paths(store, [write(tmp_path / "a.txt", data)])
    (doc,) = store.documents()
    assert doc.sha256 == hashlib.sha256(doc.text.encode("utf-8")).hexdigest()


def test_a_folder_lists_in_sorted_path_order_without_entering_linked_folders(tmp_path):
    folder = tmp_path / "articles"
    for name in ["a-b/1.txt", "a/1.txt", "a.txt", "A.TXT", "a b/1.txt", "..txt", "x.csv", "q.md"]:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        write(folder / name, "An article.")
    (folder / "a.dir.txt").mkdir()
    (folder / "link").symlink_to(folder / "a")
    (folder / "broken.txt").symlink_to(folder / "gone.txt")
    expected = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in READERS)
    assert len(expected) == 7
    assert expand_paths([folder]) == expected


def test_progress_of_a_large_import_is_reported_about_a_hundred_times(store, tmp_path):
    paths = [write(tmp_path / f"{i:03}.txt", f"Article number {i}.") for i in range(250)]
    calls: list[tuple[int, int]] = []
    import_paths(store, paths, progress=lambda done, total: calls.append((done, total)))
    done = [n for n, _ in calls]
    assert done == sorted(done) and 50 <= len(done) <= 126
    assert calls[-1] == (250, 250) and {total for _, total in calls} == {250}


def test_a_file_that_grew_after_its_size_was_taken_is_read_whole(tmp_path, monkeypatch):
    data = ("Shelling in Idlib 🇸🇾. " * 8000).encode()
    path = write(tmp_path / "long.txt", data)
    monkeypatch.setattr(os, "fstat", lambda fd: os.stat_result((0,) * 6 + (10,) + (0,) * 3))
    assert read_bytes(path) == data


@pytest.mark.parametrize("format_name", [None, "brat", "doccano"])
def test_a_missing_path_is_named_whatever_its_format(tmp_path, format_name):
    with pytest.raises(InputError, match="does not exist") as refused:
        read_file(tmp_path / "gone", "amal", format_name)
    assert refused.value.path == tmp_path / "gone"


# -- a large import is added a part at a time, still as one transaction ------------------------


@pytest.fixture
def two_file_parts(monkeypatch):
    monkeypatch.setattr(importing, "PART_FILES", 2)


def test_a_bad_span_in_a_later_part_undoes_the_parts_already_added(store, tmp_path, two_file_parts):
    for name in "abc":
        write(tmp_path / f"{name}.txt", f"Article {name} about Latakia.")
    text = "Gunmen attacked Latakia."
    gold = {
        "text": text,
        "spans": [{"start": 0, "end": 6, "label": "actor", "text": "Gunmen", "annotator": "gold"}],
    }
    write(tmp_path / "d.jsonl", json.dumps(gold))
    before = dump(store)
    result = import_paths(store, [tmp_path])
    assert dump(store) == before
    assert result.report.added == [] and len(result.errors) == 1
    assert "gold layer" in result.errors[0].message


def test_duplicates_are_found_across_parts(store, tmp_path, two_file_parts):
    for name, text in [("a", "First."), ("b", "Second."), ("c", "Third."), ("d", "First.")]:
        write(tmp_path / f"{name}.txt", text)
    result = import_paths(store, [tmp_path])
    assert store.document_count() == 3
    ((duplicate, kept_id),) = result.report.duplicates
    assert duplicate.meta["source_file"] == "d.txt"
    assert store.document(kept_id).meta["source_file"] == "a.txt"


def test_labels_made_in_different_parts_get_different_colours(store, tmp_path, two_file_parts):
    for n, label in enumerate(["weapon", "vehicle", "unit", "date_ref"]):
        text = f"Item {n} here."
        line = {
            "text": text,
            "annotator": "amal",
            "spans": [{"start": 0, "end": 4, "label": label, "text": "Item"}],
        }
        write(tmp_path / f"{n}.jsonl", json.dumps(line))
    result = import_paths(store, [tmp_path])
    assert result.errors == [] and store.document_count() == 4
    made = [
        label for label in store.labels() if label.key in {"weapon", "vehicle", "unit", "date_ref"}
    ]
    assert len(made) == 4 and len({label.color for label in made}) == 4


def test_the_report_names_documents_without_holding_their_texts(store, tmp_path):
    write(tmp_path / "a.txt", ARTICLE)
    write(tmp_path / "b.txt", ARTICLE)
    result = import_paths(store, [tmp_path])
    (added,), ((duplicate, kept),) = result.report.added, result.report.duplicates
    stored = store.document(added.id)
    assert added.text == "" and duplicate.text == ""  # a large import would hold them all
    assert (added.title, added.meta, added.sha256) == (stored.title, stored.meta, stored.sha256)
    assert kept == stored.id and duplicate.meta["source_file"] == "b.txt"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_an_article_from_a_pipe_is_read_whole_however_its_writes_arrive(tmp_path):
    # `annotator import <(curl …)` hands over a pipe: its reads come short long before its end.
    pipe = tmp_path / "article.txt"
    os.mkfifo(pipe)
    parts = ["Shelling in Idlib ", "killed 4 people, ", "the civil defence said. 🇸🇾\n"]

    def write_slowly() -> None:
        with open(pipe, "w", encoding="utf-8") as out:
            for part in parts:
                out.write(part)
                out.flush()
                time.sleep(0.05)

    writer = threading.Thread(target=write_slowly)
    writer.start()
    try:
        assert read_bytes(pipe).decode() == "".join(parts)
    finally:
        writer.join()
