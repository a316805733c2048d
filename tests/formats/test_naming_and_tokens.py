"""Shared helpers of the writers: safe file names and the regex tokenizer."""

from __future__ import annotations

from annotator.formats.naming import StemAllocator, safe_stem
from annotator.formats.tokens import paragraphs, split_at, tokenize


def test_stems_never_leave_the_folder_and_never_collide():
    assert safe_stem("../../x") == "x"
    assert safe_stem("/etc/passwd") == "etc_passwd"
    assert safe_stem("..") == "document" and safe_stem("حلب") == "document"
    assert safe_stem("CON.txt") == "_CON.txt"
    stems = StemAllocator()
    assert [stems.stem(n) for n in ("a/b", "a\\b", "A_B", "..")] == [
        "a_b",
        "a_b-2",
        "A_B-3",
        "document",
    ]


def test_tokens_and_paragraphs():
    text = "Near حلب 😀, al-Sham.\n \nNext 🇸🇾"
    assert [text[s:e] for s, e in tokenize(text)] == [
        "Near",
        "حلب",
        "😀",
        ",",
        "al",
        "-",
        "Sham",
        ".",
        "Next",
        "🇸",
        "🇾",
    ]
    assert [[text[s:e] for s, e in p] for p in paragraphs(text)][1] == ["Next", "🇸", "🇾"]
    assert split_at([(0, 6)], {2, 6}) == [(0, 2), (2, 6)]
