"""Pure rules of the model: word snapping, offset mapping, the date header, span checks."""

from __future__ import annotations

import hashlib
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.model import (
    Document,
    OffsetMap,
    Span,
    SpanError,
    check_span_bounds,
    check_span_text,
    label_for_key,
    new_id,
    normalise_text,
    snap_to_words,
    split_date_header,
    title_from_text,
)


def snapped(text: str, start: int, end: int) -> str:
    s, e = snap_to_words(text, start, end)
    return text[s:e]


def select(text: str, inner: str) -> tuple[int, int]:
    start = text.index(inner)
    return start, start + len(inner)


# -- snap_to_words -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, partial, whole",
    [
        ("gunmen loyal to Bashar Assad attacked", "sha", "Bashar"),
        ("gunmen loyal to Bashar Assad attacked", "ar Ass", "Bashar Assad"),
        ("the group Hayat Tahrir al-Sham, or HTS", "al-", "al-Sham"),
        ("the group Hayat Tahrir al-Sham, or HTS", "Sh", "al-Sham"),
        ("the country's civil war", "count", "country's"),
        ("the country’s civil war", "ry’", "country’s"),
        ("Assad's forces", "'s", "Assad's"),
        ("ceasefire talks in Doha", " talks ", "talks"),
    ],
)
def test_snap_widens_to_whole_words(text, partial, whole):
    assert snapped(text, *select(text, partial)) == whole


@pytest.mark.parametrize(
    "text, partial, whole",
    [
        ("حلب، اللاذقية، طرطوس", "لاذ", "اللاذقية"),
        ("حلب، اللاذقية، طرطوس", "ح", "حلب"),
        ("حلب، اللاذقية، طرطوس", "وس", "طرطوس"),
        # Harakat (combining marks) are part of the word, wherever the selection starts.
        ("مدنيًا قُتِلوا منذ السبت", "تِ", "قُتِلوا"),
        ("مدنيًا قُتِلوا منذ السبت", "ُ", "قُتِلوا"),
        ("Latakia (اللاذقية) said", "ذق", "اللاذقية"),
    ],
)
def test_snap_handles_arabic_words_and_marks(text, partial, whole):
    assert snapped(text, *select(text, partial)) == whole


def test_snap_keeps_selected_punctuation_and_does_not_cross_it():
    text = 'said: "We are still here," one wrote'
    assert snapped(text, *select(text, '"We ar')) == '"We are'
    assert snapped(text, *select(text, "here,")) == "here,"
    # A quote mark or dash is not a word joiner: the selection stays on its side of it.
    dash = "Ariha — Saraqib"
    assert snapped(dash, *select(dash, "iha")) == "Ariha"


def test_snap_does_not_join_across_a_trailing_or_leading_hyphen():
    text = "pro- and anti-government groups"
    assert snapped(text, *select(text, "pr")) == "pro"
    assert snapped(text, *select(text, "gov")) == "anti-government"


def test_snap_trims_white_space_and_leaves_blank_selections_empty():
    text = "killed  \n nine people"
    assert snapped(text, *select(text, "  \n ni")) == "nine"
    start, end = snap_to_words(text, 6, 10)
    assert start == end


def test_snap_leaves_emoji_and_flags_whole_and_apart_from_words():
    text = "waving the flag 🇸🇾 in Idlib"
    start, end = select(text, "🇸🇾")
    assert snap_to_words(text, start, end) == (start, end)
    assert snapped(text, *select(text, "lag")) == "flag"


words = st.text(alphabet="ab -'’\nم\u064e🇸", max_size=30)


@given(words, st.data())
def test_snap_contains_the_trimmed_selection_and_is_stable(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    s, e = snap_to_words(text, start, end)
    assert 0 <= s <= e <= len(text)
    core = text[start:end].strip()
    if core:
        assert core in text[s:e]
        assert s <= start + (len(text[start:end]) - len(text[start:end].lstrip()))
        assert text[s:e] == text[s:e].strip()
    assert snap_to_words(text, s, e) == (s, e)


# -- OffsetMap: CRLF, CR and BOM ------------------------------------------------------------


def test_offset_map_crlf_moves_offsets_after_each_line_break():
    raw = "Latakia\r\nTartus\r\nAleppo"
    offsets = OffsetMap(raw)
    assert offsets.text == "Latakia\nTartus\nAleppo"
    assert offsets.changed
    for word in ("Latakia", "Tartus", "Aleppo"):
        s, e = select(raw, word)
        assert offsets.text[offsets(s) : offsets(e)] == word


def test_offset_map_lone_cr_becomes_lf_without_moving_offsets():
    raw = "one\rtwo\r\nthree"
    offsets = OffsetMap(raw)
    assert offsets.text == "one\ntwo\nthree"
    s, e = select(raw, "three")
    assert offsets.text[offsets(s) : offsets(e)] == "three"
    s, e = select(raw, "two")
    assert (offsets(s), offsets(e)) == (s, e)


def test_offset_map_drops_a_leading_bom_only():
    raw = "\ufeffHTS fighters\ufeff"
    offsets = OffsetMap(raw)
    assert offsets.text == "HTS fighters\ufeff"
    s, e = select(raw, "fighters")
    assert offsets.text[offsets(s) : offsets(e)] == "fighters"
    assert offsets(0) == 0


def test_offset_map_of_clean_text_is_identity():
    raw = "no change here\n"
    offsets = OffsetMap(raw)
    assert not offsets.changed
    assert offsets.text == raw
    assert [offsets(i) for i in range(len(raw) + 1)] == list(range(len(raw) + 1))


raw_texts = st.builds(
    lambda bom, body: ("\ufeff" if bom else "") + body,
    st.booleans(),
    st.text(alphabet="ab\r\n🇸", max_size=40),
)


@given(raw_texts, st.data())
def test_offset_map_maps_every_slice_to_its_normalised_form(raw, data):
    offsets = OffsetMap(raw)
    inside_crlf = {i + 1 for i in range(len(raw) - 1) if raw[i : i + 2] == "\r\n"}
    boundaries = [i for i in range(len(raw) + 1) if i not in inside_crlf]
    start = data.draw(st.sampled_from(boundaries))
    end = data.draw(st.sampled_from([b for b in boundaries if b >= start]))
    assert offsets.text[offsets(start) : offsets(end)] == normalise_text(raw[start:end])
    assert "\r" not in offsets.text


# -- the date header ------------------------------------------------------------------------


def test_date_header_of_the_seed_form_moves_into_metadata():
    text, date = split_date_header(" date 2024-02-06 An ambush on a patrol.\n\nMore.")
    assert date == "2024-02-06"
    assert text == "An ambush on a patrol.\n\nMore."


def test_date_header_on_its_own_line_takes_the_blank_lines_with_it():
    text, date = split_date_header("date 2024-03-11\r\n\nResidents said".replace("\r\n", "\n"))
    assert (text, date) == ("Residents said", "2024-03-11")


@pytest.mark.parametrize(
    "text",
    [
        "An ambush on 2024-02-06 near Latakia",
        "update 2024-02-06 An ambush",
        "date 2024-13-45 is not a day",
        "date 2024-02-061 too many digits",
        "dated 2024-02-06 text",
    ],
)
def test_texts_without_a_valid_date_header_are_unchanged(text):
    assert split_date_header(text) == (text, None)


# -- span checks ----------------------------------------------------------------------------

TEXT = "A war monitor said 1,000 people were killed near Latakia."


def span_at(inner: str, text: str = TEXT, **changes) -> Span:
    start, end = select(text, inner)
    fields = dict(
        id=new_id(), document_id="d", annotator="amal", start=start, end=end, label="actor"
    )
    fields.update(changes)
    return Span(text=text[fields["start"] : fields["end"]], **fields)


@pytest.mark.parametrize(
    "start, end, reason",
    [
        (-1, 3, "outside the document"),
        (5, len(TEXT) + 1, "outside the document"),
        (7, 3, "outside the document"),
        (4, 4, "empty"),
        (1, 2, "white space"),
    ],
)
def test_check_span_bounds_refuses_with_a_reason(start, end, reason):
    with pytest.raises(SpanError, match=reason) as error:
        check_span_bounds(TEXT, start, end)
    if "outside" in reason:
        assert f"[{start}, {end})" in str(error.value)


def test_check_span_text_accepts_the_matching_slice_and_names_a_drifted_span():
    good = span_at("A war monitor")
    check_span_text(TEXT, good)
    drifted = Span(**{**good.__dict__, "start": good.start + 1, "end": good.end + 1})
    with pytest.raises(SpanError) as error:
        check_span_text(TEXT, drifted)
    message = str(error.value)
    assert drifted.id in message
    assert f"[{drifted.start}, {drifted.end})" in message
    assert "'A war monitor'" in message


def test_offsets_are_code_points_so_astral_characters_count_once():
    text = "🇸🇾 👨‍👩‍👧 Idlib"
    span = span_at("Idlib", text=text, label="location")
    assert span.start == len("🇸🇾 👨‍👩‍👧 ")
    assert span.start == 2 + 1 + 5 + 1
    check_span_text(text, span)


def test_with_bounds_and_overlaps():
    outer = span_at("A war monitor said")
    inner = span_at("war monitor")
    after = span_at("1,000 people")
    assert outer.overlaps(inner) and inner.overlaps(outer)
    assert not outer.overlaps(after)
    touching = span_at(" said")
    assert touching.start == outer.start + len("A war monitor")
    assert not span_at("A war monitor").overlaps(touching)
    moved = inner.with_bounds(TEXT, *select(TEXT, "monitor"))
    assert (moved.id, moved.text) == (inner.id, "monitor")


# -- documents, titles, labels ----------------------------------------------------------------


def test_document_identity_is_the_sha256_of_its_utf8_text():
    text = "اللاذقية 🇸🇾"
    doc = Document(id=new_id(), text=text)
    assert doc.sha256 == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert Document(id=new_id(), text=text).sha256 == doc.sha256
    assert Document(id=new_id(), text=text + " ").sha256 != doc.sha256


def test_title_is_the_first_line_cut_at_a_word():
    assert title_from_text("\n\n  Clashes in Latakia  \nMore text") == "Clashes in Latakia"
    long_line = "word " * 40
    title = title_from_text(long_line)
    assert title.endswith("…")
    assert len(title) <= 81
    assert long_line.startswith(title[:-1])
    assert not title[:-1].endswith(" ")


def test_label_for_a_new_key_is_readable_and_coloured():
    first, second = label_for_key("weapon_type", 0), label_for_key("target", 1)
    assert first.key == "weapon_type"
    assert first.name == "Weapon type"
    assert first.color.startswith("#") and first.color != second.color


def test_new_ids_are_distinct_random_uuids_in_their_usual_form():
    ids = [new_id() for _ in range(5000)]
    assert len(set(ids)) == len(ids)
    for value in ids:
        parsed = uuid.UUID(value)
        assert str(parsed) == value
        assert (parsed.version, parsed.variant) == (4, uuid.RFC_4122)
    # Every hex digit the variant allows turns up, so no bit of randomness is lost to it.
    assert {value[19] for value in ids} == set("89ab")
